/* Rendering of crypto maps: ASA one-liners (../reference/cisco-grammar.md §9.3,
 * cisco-outputs.md §8), IOS blocks (§9.1), the IOS interface line, and IOS
 * `show crypto map` (cisco-outputs.md §6, the IOS-XE tab-indented layout, the one
 * with verified samples of every line we print). */
#include "running-config/crypto_map.h"

#include <string.h>

#include "running-config/acl.h"
#include "running-config/ipsec.h"

#if __has_include("running-config/system.h")
#include "running-config/system.h"
#define HAVE_SYSTEM_H 1
#endif

static const char *const conn_words[] = { "bidirectional", "answer-only", "originate-only" };
static const char *const ikev2_mode_words[] = { "tunnel", "transport", "transport-require" };

/* ---- ASA ---- */

struct asa_line {
	struct strbuf *out;
	const struct cmap *m;
	const struct cmap_entry *e;
};

static void asa_prefix(const struct asa_line *l)
{
	sb_printf(l->out, "crypto %s %s %u ", l->m->dynamic ? "dynamic-map" : "map", l->m->name, l->e->seq);
}

static void asa_pfs(const struct asa_line *l)
{
	asa_prefix(l);
	/* A bare `set pfs` (group 2 on ASA) is printed bare. */
	if (l->e->pfs_bare)
		sb_add(l->out, "set pfs\n");
	else
		sb_printf(l->out, "set pfs group%u\n", l->e->pfs_group);
}

static void asa_list(const struct asa_line *l, const char *what, size_t n, const char (*items)[CMAP_NAME_MAX])
{
	asa_prefix(l);
	sb_add(l->out, what);
	for (size_t i = 0; i < n; i++)
		sb_printf(l->out, " %s", items[i]);
	sb_addc(l->out, '\n');
}

static void asa_peers(const struct asa_line *l)
{
	asa_prefix(l);
	sb_add(l->out, "set peer");
	for (size_t i = 0; i < l->e->npeers; i++)
		sb_printf(l->out, " %s", l->e->peers[i].text);
	/* ASA 9 leaves a space after the last peer. */
	sb_add(l->out, " \n");
}

static void asa_lifetime(const struct asa_line *l)
{
	const struct cmap_entry *e = l->e;

	if (e->lifetime_s) {
		asa_prefix(l);
		sb_printf(l->out, "set security-association lifetime seconds %u\n", e->lifetime_s);
	}
	if (e->lifetime_kb_unlimited) {
		asa_prefix(l);
		sb_add(l->out, "set security-association lifetime kilobytes unlimited\n");
	} else if (e->lifetime_kb) {
		asa_prefix(l);
		sb_printf(l->out, "set security-association lifetime kilobytes %llu\n", (unsigned long long)e->lifetime_kb);
	}
}

/* Order of ASA 9.x `show running-config [all] crypto map` (cisco-outputs.md §8 and
 * the ntc-templates captures): match, pfs, connection-type, peer, phase1-mode,
 * ikev1 transform-set, ikev2, reverse-route, lifetime, nat-t-disable, tfc-packets. */
static void render_entry_asa(const struct cmap *m, const struct cmap_entry *e, bool all, struct strbuf *out)
{
	struct asa_line l = { out, m, e };

	if (e->dynamic_map[0]) {
		sb_printf(out, "crypto map %s %u ipsec-isakmp dynamic %s\n", m->name, e->seq, e->dynamic_map);
		return;
	}
	if (e->acl[0]) {
		asa_prefix(&l);
		sb_printf(out, "match address %s\n", e->acl);
	}
	if (e->pfs_group)
		asa_pfs(&l);
	if (e->conn_type != CMAP_CONN_BIDIRECTIONAL || all) {
		asa_prefix(&l);
		sb_printf(out, "set connection-type %s\n", conn_words[e->conn_type]);
	}
	if (e->npeers)
		asa_peers(&l);
	if (e->aggressive || all) {
		asa_prefix(&l);
		sb_printf(out, "set ikev1 phase1-mode %s", e->aggressive ? "aggressive" : "main");
		if (e->aggressive && e->phase1_group)
			sb_printf(out, " group%u", e->phase1_group);
		sb_addc(out, '\n');
	}
	if (e->ntsets)
		asa_list(&l, "set ikev1 transform-set", e->ntsets, e->tsets);
	if (e->nproposals)
		asa_list(&l, "set ikev2 ipsec-proposal", e->nproposals, e->ikev2_proposals);
	if (e->ikev2_mode != CMAP_IKEV2_TUNNEL || all) {
		asa_prefix(&l);
		sb_printf(out, "set ikev2 mode %s\n", ikev2_mode_words[e->ikev2_mode]);
	}
	if (e->reverse_route) {
		asa_prefix(&l);
		sb_add(out, "set reverse-route\n");
	}
	asa_lifetime(&l);
	if (e->nat_t_disable) {
		asa_prefix(&l);
		sb_add(out, "set nat-t-disable\n");
	}
	if (e->tfc_packets) {
		asa_prefix(&l);
		sb_add(out, "set tfc-packets\n");
	} else if (all) {
		sb_add(out, "no ");
		asa_prefix(&l);
		sb_add(out, "set tfc-packets\n");
	}
}

static void render_map_asa(const struct running_config *rc, const struct cmap *m, bool all, struct strbuf *out)
{
	const char *ifname;

	for (size_t i = 0; i < m->nentries; i++)
		render_entry_asa(m, &m->entries[i], all, out);
	for (size_t i = 0; !m->dynamic && (ifname = cmap_interface_of_map(rc, m->name, i)); i++)
		sb_printf(out, "crypto map %s interface %s\n", m->name, ifname);
}

/* ---- IOS ---- */

static void render_entry_ios(const struct cmap *m, const struct cmap_entry *e, struct strbuf *out)
{
	if (m->dynamic) {
		sb_printf(out, "crypto dynamic-map %s %u\n", m->name, e->seq);
	} else if (e->dynamic_map[0]) {
		sb_printf(out, "crypto map %s %u ipsec-isakmp dynamic %s \n", m->name, e->seq, e->dynamic_map);
		return;
	} else {
		/* IOS 15 keeps a space after ipsec-isakmp. */
		sb_printf(out, "crypto map %s %u ipsec-isakmp \n", m->name, e->seq);
	}
	if (e->description[0])
		sb_printf(out, " description %s\n", e->description);
	for (size_t i = 0; i < e->npeers; i++)
		sb_printf(out, " set peer %s%s\n", e->peers[i].text, e->peers[i].is_default ? " default" : "");
	if (e->lifetime_s)
		sb_printf(out, " set security-association lifetime seconds %u\n", e->lifetime_s);
	if (e->lifetime_kb)
		sb_printf(out, " set security-association lifetime kilobytes %llu\n", (unsigned long long)e->lifetime_kb);
	if (e->ntsets) {
		sb_add(out, " set transform-set");
		for (size_t i = 0; i < e->ntsets; i++)
			sb_printf(out, " %s", e->tsets[i]);
		sb_add(out, " \n");
	}
	if (e->pfs_group)
		sb_printf(out, " set pfs group%u\n", e->pfs_group);
	if (e->isakmp_profile[0])
		sb_printf(out, " set isakmp-profile %s\n", e->isakmp_profile);
	if (e->reverse_route)
		sb_add(out, e->reverse_route_static ? " reverse-route static\n" : " reverse-route\n");
	if (e->acl[0])
		sb_printf(out, " match address %s\n", e->acl);
}

static void render_map_ios(const struct cmap *m, struct strbuf *out)
{
	if (m->local_address[0])
		sb_printf(out, "crypto map %s local-address %s\n", m->name, m->local_address);
	for (size_t i = 0; i < m->nentries; i++)
		render_entry_ios(m, &m->entries[i], out);
	if (m->nentries || m->local_address[0])
		sb_add(out, "!\n");
}

/* Dynamic maps first: the static maps' `dynamic` entries refer to them. */
void cmap_render(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct cmap_config *cc = rc->cmap;
	bool all = ctx->mode == RENDER_ALL;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < cc->nmaps; i++) {
			const struct cmap *m = &cc->maps[i];
			if (m->dynamic != (pass == 0))
				continue;
			if (ctx->filter_name && strcmp(ctx->filter_name, m->name))
				continue;
			if (ctx->personality == GP_IOS)
				render_map_ios(m, out);
			else
				render_map_asa(rc, m, all, out);
		}
	}
}

/* Bindings are keyed by the name the personality typed: IOS's canonical interface
 * name, ASA's nameif. Rendering an ASA-typed binding under IOS (translation) finds it
 * through the interface's nameif. */
void cmap_render_interface_lines(const struct running_config *rc, const char *ifname, const struct render_ctx *ctx,
				 struct strbuf *out)
{
	const struct cmap_config *cc = rc->cmap;

	if (ctx->personality != GP_IOS)
		return;
	for (size_t i = 0; i < cc->nbindings; i++) {
		const char *bound = cc->bindings[i].ifname;
#ifdef HAVE_SYSTEM_H
		const char *by_nameif = iface_by_nameif(rc, bound);
		if (strcmp(bound, ifname) && !(by_nameif && !strcmp(by_nameif, ifname)))
			continue;
#else
		if (strcmp(bound, ifname))
			continue;
#endif
		sb_printf(out, " crypto map %s\n", cc->bindings[i].map);
		return;
	}
}

/* ---- IOS show crypto map ---- */

static void show_acl(const struct running_config *rc, const struct cmap_entry *e, struct strbuf *out)
{
	const struct acl *acl = e->acl[0] ? acl_find(rc, e->acl) : NULL;

	if (!e->acl[0]) {
		sb_add(out, "\tNo matching address list set.\n");
		return;
	}
	sb_printf(out, "\t%s IP access list %s%s\n",
		  acl && acl->family == ACL_FAMILY_STANDARD ? "Standard" : "Extended", e->acl,
		  acl ? "" : " (not configured)");
}

static void show_entry(const struct running_config *rc, const struct cmap *m, const struct cmap_entry *e,
		       struct strbuf *out)
{
	uint32_t life_s = e->lifetime_s ? e->lifetime_s : ipsec_lifetime_s(rc);
	uint64_t life_kb = e->lifetime_kb ? e->lifetime_kb : ipsec_lifetime_kb(rc);

	sb_printf(out, "Crypto Map IPv4 \"%s\" %u ipsec-isakmp\n", m->name, e->seq);
	if (e->dynamic_map[0]) {
		sb_printf(out, "\tDynamic map template tag: %s\n", e->dynamic_map);
		return;
	}
	if (!cmap_entry_complete(m, e))
		sb_add(out, "\tWARNING: This crypto map is in an incomplete state!\n"
			    "\t\t(missing peer or access-list definitions)\n");
	if (e->description[0])
		sb_printf(out, "\tDescription: %s\n", e->description);
	for (size_t i = 0; i < e->npeers; i++)
		sb_printf(out, "\tPeer = %s\n", e->peers[i].text);
	if (e->isakmp_profile[0])
		sb_printf(out, "\tISAKMP Profile: %s\n", e->isakmp_profile);
	sb_add(out, "\tAccess-List SS dynamic: False\n");
	show_acl(rc, e, out);
	if (e->npeers)
		sb_printf(out, "\tCurrent peer: %s\n", e->peers[0].text);
	sb_printf(out, "\tSecurity association lifetime: %llu kilobytes/%u seconds\n", (unsigned long long)life_kb,
		  life_s);
	sb_add(out, "\tDualstack (Y/N): N\n\n\tResponder-Only (Y/N): N\n");
	if (e->pfs_group)
		sb_printf(out, "\tPFS (Y/N): Y\n\tDH group:  group%u\n", e->pfs_group);
	else
		sb_add(out, "\tPFS (Y/N): N\n");
	sb_add(out, "\tMixed-mode : Disabled\n");
	sb_add(out, "\tTransform sets={ \n");
	for (size_t i = 0; i < e->ntsets; i++) {
		const struct ipsec_tset *ts = ipsec_tset_find(rc, e->tsets[i]);
		struct strbuf words;

		if (!ts) {
			/* Accepted before it exists, as the device does; said here. */
			sb_printf(out, "\t\t%s:  { not configured } , \n", e->tsets[i]);
			continue;
		}
		sb_init(&words);
		ipsec_tset_show_words(ts, &words);
		sb_printf(out, "\t\t%s:  { %s  } , \n", ts->name, words.s);
		sb_free(&words);
	}
	sb_add(out, "\t}\n");
}

static void show_map(const struct running_config *rc, const struct cmap *m, struct strbuf *out)
{
	const char *ifname;

	for (size_t i = 0; i < m->nentries; i++) {
		show_entry(rc, m, &m->entries[i], out);
		sb_printf(out, "\tInterfaces using crypto map %s:\n", m->name);
		for (size_t k = 0; (ifname = cmap_interface_of_map(rc, m->name, k)); k++)
			sb_printf(out, "\t\t%s\n", ifname);
		sb_addc(out, '\n');
	}
}

bool cmap_show(const struct running_config *rc, const char *tag, struct strbuf *out)
{
	const struct cmap_config *cc = rc->cmap;
	bool found = false;

	for (size_t i = 0; i < cc->nmaps; i++) {
		const struct cmap *m = &cc->maps[i];
		if (m->dynamic || (tag && strcmp(tag, m->name)))
			continue;
		show_map(rc, m, out);
		found = true;
	}
	return found || !tag;
}
