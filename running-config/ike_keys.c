/* Pre-shared keys and what selects them: IOS `crypto isakmp key`, `crypto keyring`,
 * `crypto isakmp profile`, `crypto isakmp peer address`, the PIX/ASA 7.x one-liner
 * `isakmp key K address A netmask M`; IOS `show crypto isakmp key`.
 * ../reference/cisco-grammar.md §6, §7, §10.1, §13.
 *
 * The legacy ASA key lands in the same table as IOS keys and renders back on ASA in its
 * own legacy form (an 8.4+ ASA would hold it in a tunnel-group instead; that conversion
 * belongs to the tunnel-group area, not here). */
#include "running-config/ike.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "running-config/area.h"
#include "shell/session.h"
#if __has_include("running-config/system.h")
#include "running-config/system.h"
#define HAVE_IFACE_CANONICAL 1
#endif

static const struct in_addr host_mask = { 0xffffffffu };

/* ---- small model helpers ---- */

/* Pre-shared keys do not outlive the model: wiped before the memory goes back. */
static void keys_wipe_free(struct ike_key *keys, size_t n)
{
	if (keys)
		explicit_bzero(keys, n * sizeof(*keys));
	free(keys);
}

void ike_keys_free(struct ike_config *ike)
{
	keys_wipe_free(ike->keys, ike->nkeys);
	for (size_t i = 0; i < ike->nkeyrings; i++)
		keys_wipe_free(ike->keyrings[i].keys, ike->keyrings[i].nkeys);
	free(ike->keyrings);
	for (size_t i = 0; i < ike->npeers; i++)
		explicit_bzero(ike->peers[i].am_password, sizeof(ike->peers[i].am_password));
	free(ike->profiles);
	free(ike->peers);
}

void ike_local_address_set(struct ike_local_address *la, const char *iface, const struct in_addr *addr)
{
	memset(la, 0, sizeof(*la));
	if (addr) {
		la->set = true;
		la->addr = *addr;
		return;
	}
	if (!iface)
		return;
#ifdef HAVE_IFACE_CANONICAL
	{
		char buf[IKE_NAME_MAX];
		const char *canon = iface_canonical(iface, buf, sizeof(buf));
		if (canon)
			iface = canon;
	}
#endif
	la->set = la->is_iface = ike_copy_name(la->iface, sizeof(la->iface), iface);
}

void ike_local_address_render(const struct ike_local_address *la, struct strbuf *out)
{
	if (la->is_iface)
		sb_add(out, la->iface);
	else
		sb_add(out, inet_ntoa(la->addr));
}

static bool key_same_peer(const struct ike_key *k, const struct ike_key *want)
{
	if (k->by != want->by)
		return false;
	if (k->by == IKE_KEY_BY_HOSTNAME)
		return !strcasecmp(k->hostname, want->hostname);
	return k->addr.s_addr == want->addr.s_addr && k->mask.s_addr == want->mask.s_addr;
}

/* Adds or replaces (same peer) a key in a table; `no` removes by peer alone, as IOS does. */
static void key_table_apply(struct ike_key **keys, size_t *nkeys, const struct ike_key *k, bool no)
{
	for (size_t i = 0; i < *nkeys; i++) {
		if (!key_same_peer(&(*keys)[i], k))
			continue;
		if (no) {
			memmove(&(*keys)[i], &(*keys)[i + 1], (*nkeys - i - 1) * sizeof(**keys));
			(*nkeys)--;
			explicit_bzero(&(*keys)[*nkeys], sizeof(**keys));
		} else {
			(*keys)[i] = *k;
		}
		return;
	}
	if (no)
		return;
	*keys = xrealloc(*keys, (*nkeys + 1) * sizeof(**keys));
	(*keys)[(*nkeys)++] = *k;
}

/* The peer part of a key command: `address A [M]` or `hostname H`. IOS takes `address
 * 0.0.0.0` without a mask as the wildcard; any other address without a mask is a host. */
static bool key_from_args(struct session *s, const struct cmd_args *a, struct ike_key *k)
{
	const char *secret = arg_str(a, "key"), *host = arg_str(a, "host");

	memset(k, 0, sizeof(*k));
	if (secret && !ike_copy_name(k->key, sizeof(k->key), secret)) {
		cli_error(s, "%% Pre-shared key too long (max %d characters)", IKE_KEY_MAX - 1);
		return false;
	}
	k->encrypted = arg_has(a, "enc") && !strcmp(arg_str(a, "enc"), "6");
	k->no_xauth = arg_has(a, "noxauth");
	if (host) {
		k->by = IKE_KEY_BY_HOSTNAME;
		if (!ike_copy_name(k->hostname, sizeof(k->hostname), host)) {
			cli_error(s, "%% Hostname too long");
			return false;
		}
		return true;
	}
	k->by = IKE_KEY_BY_ADDRESS;
	arg_in4(a, "addr", &k->addr);
	k->mask_typed = arg_in4(a, "mask", &k->mask);
	if (!k->mask_typed)
		k->mask.s_addr = k->addr.s_addr == 0 ? 0 : host_mask.s_addr;
	k->addr.s_addr &= k->mask.s_addr;
	return true;
}

static struct ike_keyring *keyring_lookup(const struct ike_config *ike, const char *name)
{
	for (size_t i = 0; i < ike->nkeyrings; i++)
		if (!strcmp(ike->keyrings[i].name, name))
			return &ike->keyrings[i];
	return NULL;
}

static struct ike_profile *profile_lookup(const struct ike_config *ike, const char *name)
{
	for (size_t i = 0; i < ike->nprofiles; i++)
		if (!strcmp(ike->profiles[i].name, name))
			return &ike->profiles[i];
	return NULL;
}

static struct ike_peer *peer_lookup(const struct ike_config *ike, struct in_addr addr)
{
	for (size_t i = 0; i < ike->npeers; i++)
		if (ike->peers[i].addr.s_addr == addr.s_addr)
			return &ike->peers[i];
	return NULL;
}

/* ---- crypto isakmp key / isakmp key ---- */

static int isakmp_key(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_config *ike = ike_of(s);
	struct ike_key k;

	if (!key_from_args(s, a, &k))
		return CMD_WARNING;
	k.form = session_personality(s) == GP_ASA ? IKE_KEY_ASA_LEGACY : IKE_KEY_IOS;
	key_table_apply(&ike->keys, &ike->nkeys, &k, no);
	return CMD_SUCCESS;
}

/* ---- crypto keyring ---- */

static int keyring_enter(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_config *ike = ike_of(s);
	const char *name = arg_str(a, "name"), *vrf = arg_str(a, "vrf");
	struct ike_keyring *kr = keyring_lookup(ike, name);

	if (no) {
		if (kr) {
			keys_wipe_free(kr->keys, kr->nkeys);
			memmove(kr, kr + 1, (ike->nkeyrings - (size_t)(kr - ike->keyrings) - 1) * sizeof(*kr));
			ike->nkeyrings--;
		}
		return CMD_SUCCESS;
	}
	if (strlen(name) >= IKE_NAME_MAX || (vrf && strlen(vrf) >= IKE_NAME_MAX)) {
		cli_error(s, "%% Name too long");
		return CMD_WARNING;
	}
	if (!kr) {
		ike->keyrings = xrealloc(ike->keyrings, (ike->nkeyrings + 1) * sizeof(*ike->keyrings));
		kr = &ike->keyrings[ike->nkeyrings++];
		memset(kr, 0, sizeof(*kr));
		ike_copy_name(kr->name, sizeof(kr->name), name);
	}
	if (vrf)     /* re-entering by name alone keeps the keyring's VRF */
		ike_copy_name(kr->vrf, sizeof(kr->vrf), vrf);
	session_set_ctx(s, "keyring", name);
	return CMD_SUCCESS;
}

static struct ike_keyring *keyring_of(struct session *s)
{
	const char *name = session_ctx(s, "keyring");

	return name ? keyring_lookup(ike_of(s), name) : NULL;
}

static int keyring_psk(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_keyring *kr = keyring_of(s);
	struct ike_key k;

	if (!kr || !key_from_args(s, a, &k))
		return CMD_WARNING;
	k.form = IKE_KEY_IOS;
	key_table_apply(&kr->keys, &kr->nkeys, &k, no);
	return CMD_SUCCESS;
}

/* `local-address IF|A` of a keyring or a profile. */
static void local_address_from_args(const struct cmd_args *a, struct ike_local_address *la, bool no)
{
	struct in_addr addr;

	if (no)
		ike_local_address_set(la, NULL, NULL);
	else if (arg_in4(a, "laddr", &addr))
		ike_local_address_set(la, NULL, &addr);
	else
		ike_local_address_set(la, arg_str(a, "lif"), NULL);
}

static int keyring_local_address(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_keyring *kr = keyring_of(s);

	if (!kr)
		return CMD_WARNING;
	local_address_from_args(a, &kr->local, no);
	return CMD_SUCCESS;
}

/* ---- crypto isakmp profile ---- */

static int profile_enter(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_config *ike = ike_of(s);
	const char *name = arg_str(a, "name");
	struct ike_profile *p = profile_lookup(ike, name);

	if (no) {
		if (p) {
			memmove(p, p + 1, (ike->nprofiles - (size_t)(p - ike->profiles) - 1) * sizeof(*p));
			ike->nprofiles--;
		}
		return CMD_SUCCESS;
	}
	if (strlen(name) >= IKE_NAME_MAX) {
		cli_error(s, "%% Name too long");
		return CMD_WARNING;
	}
	if (!p) {
		ike->profiles = xrealloc(ike->profiles, (ike->nprofiles + 1) * sizeof(*ike->profiles));
		p = &ike->profiles[ike->nprofiles++];
		memset(p, 0, sizeof(*p));
		ike_copy_name(p->name, sizeof(p->name), name);
	}
	session_set_ctx(s, "isakmp-profile", name);
	return CMD_SUCCESS;
}

static struct ike_profile *profile_of(struct session *s)
{
	const char *name = session_ctx(s, "isakmp-profile");

	return name ? profile_lookup(ike_of(s), name) : NULL;
}

static int profile_description(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_profile *p = profile_of(s);
	const char *text = arg_str(a, "text");

	if (!p)
		return CMD_WARNING;
	if (!no && text && strlen(text) >= sizeof(p->description)) {
		cli_error(s, "%% Description too long");
		return CMD_WARNING;
	}
	ike_copy_name(p->description, sizeof(p->description), no || !text ? "" : text);
	return CMD_SUCCESS;
}

static int profile_vrf(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_profile *p = profile_of(s);
	const char *vrf = arg_str(a, "vrf");

	if (!p || (!no && vrf && strlen(vrf) >= sizeof(p->vrf)))
		return CMD_WARNING;
	ike_copy_name(p->vrf, sizeof(p->vrf), no || !vrf ? "" : vrf);
	return CMD_SUCCESS;
}

/* A profile may list several keyrings; a keyring need not exist yet (IOS accepts it). */
static int profile_keyring(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_profile *p = profile_of(s);
	const char *name = arg_str(a, "keyring");
	size_t i;

	if (!p || strlen(name) >= IKE_NAME_MAX)
		return CMD_WARNING;
	for (i = 0; i < p->nkeyrings && strcmp(p->keyrings[i], name); i++)
		;
	if (no) {
		if (i < p->nkeyrings) {
			memmove(p->keyrings[i], p->keyrings[i + 1], (p->nkeyrings - i - 1) * sizeof(p->keyrings[0]));
			p->nkeyrings--;
		}
		return CMD_SUCCESS;
	}
	if (i < p->nkeyrings)
		return CMD_SUCCESS;
	if (p->nkeyrings == IKE_PROFILE_MAX_KEYRINGS) {
		cli_error(s, "%% Maximum number of keyrings reached");
		return CMD_WARNING;
	}
	ike_copy_name(p->keyrings[p->nkeyrings++], IKE_NAME_MAX, name);
	return CMD_SUCCESS;
}

static int profile_self_identity(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_profile *p = profile_of(s);
	const char *si = arg_str(a, "si"), *user = arg_str(a, "ufqdn");

	if (!p || (user && strlen(user) >= sizeof(p->self_user_fqdn)))
		return CMD_WARNING;
	p->self_identity = IKE_SELF_DEFAULT;
	p->self_user_fqdn[0] = '\0';
	if (no || !si)
		return CMD_SUCCESS;
	if (!strcmp(si, "address"))
		p->self_identity = IKE_SELF_ADDRESS;
	else if (!strcmp(si, "fqdn"))
		p->self_identity = IKE_SELF_FQDN;
	else {
		p->self_identity = IKE_SELF_USER_FQDN;
		ike_copy_name(p->self_user_fqdn, sizeof(p->self_user_fqdn), user ? user : "");
	}
	return CMD_SUCCESS;
}

static int profile_match_identity(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_profile *p = profile_of(s);
	struct ike_match_identity m;
	size_t i;

	if (!p)
		return CMD_WARNING;
	arg_in4(a, "addr", &m.addr);
	if (!arg_in4(a, "mask", &m.mask))
		m.mask = host_mask;
	m.addr.s_addr &= m.mask.s_addr;
	for (i = 0; i < p->nmatch; i++)
		if (p->match[i].addr.s_addr == m.addr.s_addr && p->match[i].mask.s_addr == m.mask.s_addr)
			break;
	if (no) {
		if (i < p->nmatch) {
			memmove(&p->match[i], &p->match[i + 1], (p->nmatch - i - 1) * sizeof(m));
			p->nmatch--;
		}
		return CMD_SUCCESS;
	}
	if (i < p->nmatch)
		return CMD_SUCCESS;
	if (p->nmatch == IKE_PROFILE_MAX_MATCH) {
		cli_error(s, "%% Maximum number of match statements reached");
		return CMD_WARNING;
	}
	p->match[p->nmatch++] = m;
	return CMD_SUCCESS;
}

static int profile_keepalive(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_profile *p = profile_of(s);

	if (!p)
		return CMD_WARNING;
	p->keepalive_s = no ? 0 : (uint32_t)arg_num(a, "secs", 0);
	p->keepalive_retry_s = no ? 0 : (uint32_t)arg_num(a, "retry", 0);
	return CMD_SUCCESS;
}

static int profile_initiate_aggressive(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_profile *p = profile_of(s);

	UNUSED(a);
	if (!p)
		return CMD_WARNING;
	p->initiate_aggressive = !no;
	return CMD_SUCCESS;
}

static int profile_local_address(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_profile *p = profile_of(s);

	if (!p)
		return CMD_WARNING;
	local_address_from_args(a, &p->local, no);
	return CMD_SUCCESS;
}

/* ---- crypto isakmp peer address ---- */

static int peer_enter(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_config *ike = ike_of(s);
	struct in_addr addr;
	struct ike_peer *p;

	arg_in4(a, "peer", &addr);
	p = peer_lookup(ike, addr);
	if (no) {
		if (p) {
			memmove(p, p + 1, (ike->npeers - (size_t)(p - ike->peers) - 1) * sizeof(*p));
			ike->npeers--;
		}
		return CMD_SUCCESS;
	}
	if (!p) {
		ike->peers = xrealloc(ike->peers, (ike->npeers + 1) * sizeof(*ike->peers));
		p = &ike->peers[ike->npeers++];
		memset(p, 0, sizeof(*p));
		p->addr = addr;
	}
	session_set_ctx(s, "isakmp-peer", inet_ntoa(addr));
	return CMD_SUCCESS;
}

static struct ike_peer *peer_of(struct session *s)
{
	const char *text = session_ctx(s, "isakmp-peer");
	struct in_addr addr;

	if (!text || inet_pton(AF_INET, text, &addr) != 1)
		return NULL;
	return peer_lookup(ike_of(s), addr);
}

static int peer_am_password(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_peer *p = peer_of(s);
	const char *pw = arg_str(a, "pw");

	if (!p)
		return CMD_WARNING;
	if (!no && pw && strlen(pw) >= sizeof(p->am_password)) {
		cli_error(s, "%% Password too long");
		return CMD_WARNING;
	}
	ike_copy_name(p->am_password, sizeof(p->am_password), no || !pw ? "" : pw);
	return CMD_SUCCESS;
}

static int peer_am_endpoint(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_peer *p = peer_of(s);
	const char *name = arg_has(a, "epname") ? arg_str(a, "epname") : arg_str(a, "epuser");

	if (!p || (name && strlen(name) >= sizeof(p->am_endpoint_name)))
		return CMD_WARNING;
	p->am_endpoint = IKE_AM_EP_NONE;
	p->am_endpoint_name[0] = '\0';
	p->am_endpoint_addr.s_addr = 0;
	if (no)
		return CMD_SUCCESS;
	if (arg_in4(a, "epaddr", &p->am_endpoint_addr))
		p->am_endpoint = IKE_AM_EP_IPV4;
	else if (name) {
		p->am_endpoint = arg_has(a, "epname") ? IKE_AM_EP_FQDN : IKE_AM_EP_USER_FQDN;
		ike_copy_name(p->am_endpoint_name, sizeof(p->am_endpoint_name), name);
	}
	return CMD_SUCCESS;
}

/* ---- rendering ---- */

static bool mask_is_host(struct in_addr mask)
{
	return mask.s_addr == host_mask.s_addr;
}

static char *ntoa(struct in_addr a, char buf[INET_ADDRSTRLEN])
{
	return (char *)inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* IOS prints the address padded to 15 columns (cisco-grammar.md §6); the mask only when
 * it is neither a host mask nor the wildcard's 0.0.0.0. */
static void render_ios_key(const struct ike_key *k, struct strbuf *out)
{
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];

	sb_printf(out, "crypto isakmp key %s%s ", k->encrypted ? "6 " : "", k->key);
	if (k->by == IKE_KEY_BY_HOSTNAME) {
		sb_printf(out, "hostname %s", k->hostname);
	} else {
		sb_printf(out, "address %-15s", ntoa(k->addr, a));
		if (!mask_is_host(k->mask) && !(k->addr.s_addr == 0 && k->mask.s_addr == 0))
			sb_printf(out, " %s", ntoa(k->mask, m));
	}
	sb_add(out, k->no_xauth ? " no-xauth\n" : "\n");
}

static void render_keys(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	if (ctx->personality != GP_IOS)
		return;
	for (size_t i = 0; i < rc->ike->nkeys; i++)
		render_ios_key(&rc->ike->keys[i], out);
}

/* ASA: keys in the PIX/7.x one-line form (address keys only; an IOS type-6 key cannot
 * be carried over). `show running-config` masks the key as ASA does for every PSK. */
void ike_keys_render_asa_legacy(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];

	for (size_t i = 0; i < rc->ike->nkeys; i++) {
		const struct ike_key *k = &rc->ike->keys[i];
		if (k->by != IKE_KEY_BY_ADDRESS || k->encrypted)
			continue;
		sb_printf(out, "isakmp key %s address %s netmask %s%s\n", ctx->mode == RENDER_SHOW ? "*****" : k->key,
			  ntoa(k->addr, a), ntoa(k->mask, m), k->no_xauth ? " no-xauth" : "");
	}
}

/* IOS 15.x: `crypto keyring NAME ` + vrf + a trailing space (lhr-border, R18 captures),
 * local-address first, then the keys; one `!` after the group. */
static void render_keyrings(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct ike_config *ike = rc->ike;
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];

	if (ctx->personality != GP_IOS || !ike->nkeyrings)
		return;
	for (size_t i = 0; i < ike->nkeyrings; i++) {
		const struct ike_keyring *kr = &ike->keyrings[i];
		sb_printf(out, "crypto keyring %s ", kr->name);
		if (kr->vrf[0])
			sb_printf(out, "vrf %s", kr->vrf);
		sb_add(out, " \n");
		if (kr->local.set) {
			sb_add(out, "  local-address ");
			ike_local_address_render(&kr->local, out);
			sb_addc(out, '\n');
		}
		for (size_t j = 0; j < kr->nkeys; j++) {
			const struct ike_key *k = &kr->keys[j];
			if (k->by == IKE_KEY_BY_HOSTNAME) {
				sb_printf(out, "  pre-shared-key hostname %s key %s\n", k->hostname, k->key);
				continue;
			}
			sb_printf(out, "  pre-shared-key address %s", ntoa(k->addr, a));
			if (k->mask_typed && !mask_is_host(k->mask))
				sb_printf(out, " %s", ntoa(k->mask, m));
			sb_printf(out, " key %s\n", k->key);
		}
	}
	sb_add(out, "!\n");
}

static void render_peers(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct ike_config *ike = rc->ike;
	char a[INET_ADDRSTRLEN];

	if (ctx->personality != GP_IOS)
		return;
	for (size_t i = 0; i < ike->npeers; i++) {
		const struct ike_peer *p = &ike->peers[i];
		sb_printf(out, "crypto isakmp peer address %s\n", ntoa(p->addr, a));
		if (p->am_password[0])
			sb_printf(out, " set aggressive-mode password %s\n", p->am_password);
		if (p->am_endpoint == IKE_AM_EP_IPV4)
			sb_printf(out, " set aggressive-mode client-endpoint ipv4-address %s\n",
				  ntoa(p->am_endpoint_addr, a));
		else if (p->am_endpoint != IKE_AM_EP_NONE)
			sb_printf(out, " set aggressive-mode client-endpoint %s %s\n",
				  p->am_endpoint == IKE_AM_EP_FQDN ? "fqdn" : "user-fqdn", p->am_endpoint_name);
	}
}

/* IOS indents profile lines by three spaces; `match identity` ends in a space (15.2). */
static void render_profile(const struct ike_profile *p, struct strbuf *out)
{
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];

	sb_printf(out, "crypto isakmp profile %s\n", p->name);
	if (p->description[0])
		sb_printf(out, "   description %s\n", p->description);
	if (p->vrf[0])
		sb_printf(out, "   vrf %s\n", p->vrf);
	for (size_t i = 0; i < p->nkeyrings; i++)
		sb_printf(out, "   keyring %s\n", p->keyrings[i]);
	if (p->self_identity == IKE_SELF_ADDRESS)
		sb_add(out, "   self-identity address\n");
	else if (p->self_identity == IKE_SELF_FQDN)
		sb_add(out, "   self-identity fqdn\n");
	else if (p->self_identity == IKE_SELF_USER_FQDN)
		sb_printf(out, "   self-identity user-fqdn %s\n", p->self_user_fqdn);
	for (size_t i = 0; i < p->nmatch; i++)
		sb_printf(out, "   match identity address %s %s \n", ntoa(p->match[i].addr, a),
			  ntoa(p->match[i].mask, m));
	if (p->keepalive_s)
		sb_printf(out, "   keepalive %u retry %u\n", p->keepalive_s, p->keepalive_retry_s);
	if (p->initiate_aggressive)
		sb_add(out, "   initiate mode aggressive\n");
	if (p->local.set) {
		sb_add(out, "   local-address ");
		ike_local_address_render(&p->local, out);
		sb_addc(out, '\n');
	}
}

/* The last IKE section on IOS: profiles, then the one `!` that closes the ISAKMP group
 * (policies, keys, global lines, peers, profiles), as IOS 15.5/IOS-XE print it. */
static void render_profiles(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct ike_config *ike = rc->ike;

	if (ctx->personality != GP_IOS)
		return;
	for (size_t i = 0; i < ike->nprofiles; i++)
		render_profile(&ike->profiles[i], out);
	if (ike->npolicies || ike->nkeys || ike->npeers || ike->nprofiles || ike_global_renders_ios(rc))
		sb_add(out, "!\n");
}

/* ---- show crypto isakmp key (IOS) ---- */

static void show_key_line(struct session *s, const char *keyring, const struct ike_key *k)
{
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN], peer[IKE_NAME_MAX + 2 * INET_ADDRSTRLEN];

	if (k->by == IKE_KEY_BY_HOSTNAME)
		snprintf(peer, sizeof(peer), "%s", k->hostname);
	else if (mask_is_host(k->mask) || k->addr.s_addr == 0)
		snprintf(peer, sizeof(peer), "%s", ntoa(k->addr, a));
	else
		snprintf(peer, sizeof(peer), "%s/%s", ntoa(k->addr, a), ntoa(k->mask, m));
	cli_printf(s, "%-10s %-19s %s\n", keyring, peer, k->key);
}

static int show_isakmp_key(struct session *s, const struct cmd_args *a, bool no)
{
	const struct ike_config *ike = ike_of(s);

	UNUSED(a);
	UNUSED(no);
	cli_printf(s, "%-10s %-19s %s\n", "Keyring", "Hostname/Address", "Preshared Key");
	for (size_t i = 0; i < ike->nkeys; i++)
		show_key_line(s, "default", &ike->keys[i]);
	for (size_t i = 0; i < ike->nkeyrings; i++)
		for (size_t j = 0; j < ike->keyrings[i].nkeys; j++)
			show_key_line(s, ike->keyrings[i].name, &ike->keyrings[i].keys[j]);
	return CMD_SUCCESS;
}

/* ---- grammar ---- */

#define IOS_KEY "crypto isakmp key [0$enc|6$enc] WORD$key " \
	"<address A.B.C.D$addr [A.B.C.D$mask] [no-xauth$noxauth]|hostname WORD$host [no-xauth$noxauth]>"
#define IOS_KEY_HELP "\n\n\nSpecifies an UNENCRYPTED password will follow\n" \
	"Specifies an ENCRYPTED password will follow\nThe UNENCRYPTED (cleartext) user password\n" \
	"define shared key with IP address\nIP address of remote peer\nPeer address mask\n" \
	"Bypasses XAuth for this peer\ndefine shared key with hostname\nhostname of remote peer\n" \
	"Bypasses XAuth for this peer\n"
#define LOCAL_ADDR "local-address <A.B.C.D$laddr|WORD$lif>"
#define LOCAL_ADDR_HELP "Interface to use for local address for this isakmp profile\nIP address\nInterface name\n"
#define KR_PSK_HELP "pre-shared key by address or hostname\n"
#define IOS_F (F_IOS | F_NO)
#define IOS_NO (F_IOS | F_NO_ONLY)

static const struct command ike_keys_cmds[] = {
	{ NODE_CONFIG, IOS_KEY, IOS_KEY_HELP, isakmp_key, NODE_NONE, IOS_F },
	{ NODE_CONFIG, "isakmp key WORD$key address A.B.C.D$addr [netmask$netmask A.B.C.D$mask] [no-xauth$noxauth]",
	  "\nSet pre-shared key for remote peer\nPre-shared key\nPeer address\nIP address of the peer\n"
	  "Peer netmask\nNetmask\nBypass XAuth for this peer\n",
	  isakmp_key, NODE_NONE, F_ASA | F_NO | F_HIDDEN },

	{ NODE_CONFIG, "crypto keyring WORD$name [vrf WORD$vrf]",
	  "\nKey ring commands\nName of key ring\nSpecify the VRF the keyring is associated with\nVRF name\n",
	  keyring_enter, NODE_KEYRING, IOS_F },
	{ NODE_KEYRING, "pre-shared-key address A.B.C.D$addr [A.B.C.D$mask] key WORD$key",
	  KR_PSK_HELP "pre shared key by address\nIP address\nmask\npre shared key\nThe key\n",
	  keyring_psk, NODE_NONE, IOS_F },
	{ NODE_KEYRING, "pre-shared-key address A.B.C.D$addr [A.B.C.D$mask]",
	  KR_PSK_HELP "pre shared key by address\nIP address\nmask\n", keyring_psk, NODE_NONE, IOS_NO },
	{ NODE_KEYRING, "pre-shared-key hostname WORD$host key WORD$key",
	  KR_PSK_HELP "pre shared key by hostname\nhostname\npre shared key\nThe key\n", keyring_psk, NODE_NONE, IOS_F },
	{ NODE_KEYRING, "pre-shared-key hostname WORD$host", KR_PSK_HELP "pre shared key by hostname\nhostname\n",
	  keyring_psk, NODE_NONE, IOS_NO },
	{ NODE_KEYRING, LOCAL_ADDR, LOCAL_ADDR_HELP, keyring_local_address, NODE_NONE, IOS_F },
	{ NODE_KEYRING, "local-address", "Interface to use for local address for this isakmp profile\n",
	  keyring_local_address, NODE_NONE, IOS_NO },

	{ NODE_CONFIG, "crypto isakmp profile WORD$name", "\n\nDefine ISAKMP Profiles\nName of the profile\n",
	  profile_enter, NODE_ISAKMP_PROFILE, IOS_F },
	{ NODE_ISAKMP_PROFILE, "description LINE$text", "Specify a description of this profile\nDescription\n",
	  profile_description, NODE_NONE, IOS_F },
	{ NODE_ISAKMP_PROFILE, "description", "Specify a description of this profile\n", profile_description,
	  NODE_NONE, IOS_NO },
	{ NODE_ISAKMP_PROFILE, "vrf WORD$vrf", "Specify the VRF it is related to\nVRF name\n", profile_vrf, NODE_NONE,
	  IOS_F },
	{ NODE_ISAKMP_PROFILE, "vrf", "Specify the VRF it is related to\n", profile_vrf, NODE_NONE, IOS_NO },
	{ NODE_ISAKMP_PROFILE, "keyring WORD$keyring", "Keyring\nKeyring name\n", profile_keyring, NODE_NONE, IOS_F },
	{ NODE_ISAKMP_PROFILE, "self-identity <address$si|fqdn$si|user-fqdn$si WORD$ufqdn>",
	  "Specify Identity to use\nIP address\nFully qualified domain name\nuser FQDN\nuser FQDN string\n",
	  profile_self_identity, NODE_NONE, IOS_F },
	{ NODE_ISAKMP_PROFILE, "self-identity", "Specify Identity to use\n", profile_self_identity, NODE_NONE, IOS_NO },
	{ NODE_ISAKMP_PROFILE, "match identity address A.B.C.D$addr [A.B.C.D$mask]",
	  "Match values of peer\nPeer identity\nIP Address(es)\nIP address prefix\nmask\n",
	  profile_match_identity, NODE_NONE, IOS_F },
	{ NODE_ISAKMP_PROFILE, "keepalive (10-3600)$secs retry (2-60)$retry",
	  "Set a keepalive interval for use with IOS peers\nNumber of seconds between keep alives\n"
	  "Set a retry interval\nNumber of seconds between retries if keepalive fails\n",
	  profile_keepalive, NODE_NONE, IOS_F },
	{ NODE_ISAKMP_PROFILE, "keepalive", "Set a keepalive interval for use with IOS peers\n", profile_keepalive,
	  NODE_NONE, IOS_NO },
	{ NODE_ISAKMP_PROFILE, "initiate mode aggressive",
	  "Initiator property\nIKE mode\nAggressive Mode Exchange\n", profile_initiate_aggressive, NODE_NONE, IOS_F },
	{ NODE_ISAKMP_PROFILE, LOCAL_ADDR, LOCAL_ADDR_HELP, profile_local_address, NODE_NONE, IOS_F },
	{ NODE_ISAKMP_PROFILE, "local-address", "Interface to use for local address for this isakmp profile\n",
	  profile_local_address, NODE_NONE, IOS_NO },

	{ NODE_CONFIG, "crypto isakmp peer address A.B.C.D$peer",
	  "\n\nISAKMP peer policy\nIP address of the peer\nIP address of the peer\n", peer_enter, NODE_ISAKMP_PEER,
	  IOS_F },
	{ NODE_ISAKMP_PEER, "set aggressive-mode password WORD$pw",
	  "Set a value\nSet aggressive mode parameters\nSet password for aggressive mode\nThe password\n",
	  peer_am_password, NODE_NONE, IOS_F },
	{ NODE_ISAKMP_PEER, "set aggressive-mode client-endpoint <ipv4-address A.B.C.D$epaddr|fqdn WORD$epname|"
	  "user-fqdn WORD$epuser>",
	  "Set a value\nSet aggressive mode parameters\nSet the client endpoint\nIPv4 address\nIP address\n"
	  "Fully qualified domain name\nFQDN\nUser FQDN\nuser FQDN\n",
	  peer_am_endpoint, NODE_NONE, IOS_F },
	{ NODE_ISAKMP_PEER, "set aggressive-mode client-endpoint",
	  "Set a value\nSet aggressive mode parameters\nSet the client endpoint\n", peer_am_endpoint, NODE_NONE, IOS_NO },

	{ NODE_EXEC, "show crypto isakmp key", "\n\nShow ISAKMP\nShow ISAKMP preshared keys\n", show_isakmp_key,
	  NODE_NONE, F_IOS | F_NOSAVE },
};

static const struct area_section ike_keys_sections[] = {
	{ "crypto-keyring", NULL, render_keyrings },
	{ "isakmp-key", NULL, render_keys },
	{ "isakmp-peer", NULL, render_peers },
	{ "isakmp-profile", NULL, render_profiles },
};

const struct area area_ike_keys = {
	"ike_keys", ike_keys_cmds, ARRAY_SIZE(ike_keys_cmds), NULL, NULL,
	ike_keys_sections, ARRAY_SIZE(ike_keys_sections),
};

/* ---- accessors (ike.h) ---- */

static unsigned mask_len(struct in_addr mask)
{
	return (unsigned)__builtin_popcount(mask.s_addr);
}

static const struct ike_key *best_key(const struct ike_key *keys, size_t n, struct in_addr peer, int *best_len)
{
	const struct ike_key *best = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct ike_key *k = &keys[i];
		if (k->by != IKE_KEY_BY_ADDRESS || (peer.s_addr & k->mask.s_addr) != k->addr.s_addr)
			continue;
		if ((int)mask_len(k->mask) > *best_len) {
			*best_len = (int)mask_len(k->mask);
			best = k;
		}
	}
	return best;
}

const struct ike_key *ike_psk_for_peer(const struct running_config *rc, struct in_addr peer, const char *keyring,
				       const char **keyring_out)
{
	const struct ike_config *ike = rc->ike;
	const struct ike_key *best = NULL, *k;
	const char *where = NULL;
	int best_len = -1;

	if (!keyring)
		best = best_key(ike->keys, ike->nkeys, peer, &best_len);
	for (size_t i = 0; i < ike->nkeyrings; i++) {
		if (keyring && strcmp(keyring, ike->keyrings[i].name))
			continue;
		k = best_key(ike->keyrings[i].keys, ike->keyrings[i].nkeys, peer, &best_len);
		if (k) {
			best = k;
			where = ike->keyrings[i].name;
		}
	}
	if (keyring_out)
		*keyring_out = best ? where : NULL;
	return best;
}

size_t ike_keyring_count(const struct running_config *rc)
{
	return rc->ike->nkeyrings;
}

const struct ike_keyring *ike_keyring_at(const struct running_config *rc, size_t i)
{
	return i < rc->ike->nkeyrings ? &rc->ike->keyrings[i] : NULL;
}

const struct ike_keyring *ike_keyring_find(const struct running_config *rc, const char *name)
{
	return keyring_lookup(rc->ike, name);
}

size_t ike_profile_count(const struct running_config *rc)
{
	return rc->ike->nprofiles;
}

const struct ike_profile *ike_profile_at(const struct running_config *rc, size_t i)
{
	return i < rc->ike->nprofiles ? &rc->ike->profiles[i] : NULL;
}

const struct ike_profile *ike_profile_find(const struct running_config *rc, const char *name)
{
	return profile_lookup(rc->ike, name);
}

const struct ike_peer *ike_peer_find(const struct running_config *rc, struct in_addr addr)
{
	return peer_lookup(rc->ike, addr);
}
