/* The config compiler (compile.h): running-config model -> struct vpn_config. */
#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/bootstrap.h"
#include "platform/log.h"
#include "platform/util.h"
#include "running-config/acl.h"
#include "running-config/config.h"
#include "running-config/crypto_map.h"
#include "running-config/ike.h"
#include "running-config/ipsec.h"
#include "running-config/objects.h"
#include "running-config/system.h"
#include "running-config/tunnel_group.h"
#include "vpn/compile.h"
#include "vpn/isakmp.h"

/* ---- global settings and phase-1 policies ---- */

static uint16_t policy_enc(enum ike_enc enc)
{
	switch (enc) {
	case IKE_ENC_DES: return OAKLEY_ENCR_DES;
	case IKE_ENC_3DES: return OAKLEY_ENCR_3DES;
	case IKE_ENC_AES: return OAKLEY_ENCR_AES_CBC;
	}
	return 0;
}

static uint16_t policy_hash(enum ike_hash hash)
{
	switch (hash) {
	case IKE_HASH_MD5: return OAKLEY_HASH_MD5;
	case IKE_HASH_SHA: return OAKLEY_HASH_SHA1;
	case IKE_HASH_SHA256: return OAKLEY_HASH_SHA2_256;
	case IKE_HASH_SHA384: return OAKLEY_HASH_SHA2_384;
	case IKE_HASH_SHA512: return OAKLEY_HASH_SHA2_512;
	}
	return 0;
}

static uint16_t policy_auth(enum ike_auth auth)
{
	switch (auth) {
	case IKE_AUTH_PRE_SHARE: return OAKLEY_AUTH_PSK;
	case IKE_AUTH_RSA_SIG: return OAKLEY_AUTH_RSA_SIG;
	case IKE_AUTH_RSA_ENCR: return OAKLEY_AUTH_RSA_ENC;
	case IKE_AUTH_CRACK: return 0;
	}
	return 0;
}

static void compile_policies(const struct running_config *rc, struct vpn_config *c)
{
	size_t n = ike_policy_count(rc);

	c->policies = xcalloc(n ? n : 1, sizeof(*c->policies));
	for (size_t i = 0; i < n; i++) {
		const struct ike_policy *p = ike_policy_at(rc, i);
		struct vpn_ike_policy *v = &c->policies[c->npolicies];
		*v = (struct vpn_ike_policy){ .priority = p->priority, .enc = policy_enc(p->enc),
					      .key_bits = p->enc == IKE_ENC_AES ? p->key_bits : 0,
					      .hash = policy_hash(p->hash), .auth = policy_auth(p->auth),
					      .group = p->group, .lifetime_s = p->lifetime_s };
		if (!v->enc || !v->hash || !v->auth) {
			log_daemon(LOG_SEV_WARNING, "crypto policy %u: not usable by IKEv1, left out", p->priority);
			continue;
		}
		c->npolicies++;
	}
}

static void compile_globals(const struct running_config *rc, struct vpn_config *c)
{
	const char *key_id = NULL;

	snprintf(c->hostname, sizeof(c->hostname), "%s", sys_hostname(rc));
	switch (ike_identity_mode(rc, &key_id)) {
	case IKE_ID_HOSTNAME: c->identity = VPN_ID_HOSTNAME; break;
	case IKE_ID_KEY_ID: c->identity = VPN_ID_KEY_ID; break;
	case IKE_ID_AUTO:
	case IKE_ID_DN: c->identity = VPN_ID_AUTO; break;
	case IKE_ID_DEFAULT:
	case IKE_ID_ADDRESS: c->identity = VPN_ID_ADDRESS; break;
	}
	if (key_id)
		snprintf(c->key_id, sizeof(c->key_id), "%s", key_id);
	c->natt_enabled = ike_natt_enabled(rc);
	c->natt_keepalive_s = ike_natt_keepalive_s(rc);
	c->am_disabled = ike_am_disabled(rc);
	c->max_half_open = ike_max_in_negotiation(rc);
	c->default_lifetime_s = ipsec_lifetime_s(rc);
	c->default_lifetime_kb = ipsec_lifetime_kb(rc);
}

/* ---- pre-shared keys ---- */

static bool auth_known(const struct vpn_config *c, struct in_addr addr, struct in_addr mask)
{
	for (size_t i = 0; i < c->nauth; i++)
		if (c->auth[i].addr.s_addr == addr.s_addr && c->auth[i].mask.s_addr == mask.s_addr)
			return true;
	return false;
}

static void auth_add(struct vpn_config *c, struct in_addr addr, struct in_addr mask, const char *psk)
{
	struct vpn_peer_auth *a;
	size_t len = strlen(psk);

	addr.s_addr &= mask.s_addr;
	if (auth_known(c, addr, mask))
		return;
	if (len >= VPN_PSK_MAX) {
		log_daemon(LOG_SEV_WARNING, "pre-shared key for %s too long, left out", inet_ntoa(addr));
		return;
	}
	c->auth = xrealloc(c->auth, (c->nauth + 1) * sizeof(*c->auth));
	a = &c->auth[c->nauth++];
	memset(a, 0, sizeof(*a));
	a->addr = addr;
	a->mask = mask;
	memcpy(a->psk, psk, len);
	a->psk_len = len;
	a->aggressive_allowed = !c->am_disabled;
}

/* ASA: an ipsec-l2l tunnel-group named by an address holds that peer's key;
 * DefaultL2LGroup's key is the wildcard. */
static void compile_tunnel_groups(const struct running_config *rc, struct vpn_config *c)
{
	const struct tgroup_config *tgc = rc->tgroup;

	for (size_t i = 0; tgc && i < tgc->ngroups; i++) {
		const struct tgroup *tg = &tgc->groups[i];
		struct in_addr addr = { 0 }, mask = { 0 };
		bool is_default = !strcmp(tg->name, TG_DEFAULT_L2L);

		if (!tg->psk[0] || (!is_default && inet_pton(AF_INET, tg->name, &addr) != 1))
			continue;
		if (!is_default)
			mask.s_addr = 0xffffffffu;
		size_t before = c->nauth;
		auth_add(c, addr, mask, tg->psk);
		if (c->nauth > before) {
			struct vpn_peer_auth *a = &c->auth[c->nauth - 1];
			a->dpd_enabled = tgroup_dpd(tg, &a->dpd_threshold_s, &a->dpd_retry_s);
		}
	}
}

static void add_ike_key(struct vpn_config *c, const struct ike_key *k)
{
	struct in_addr mask = k->mask;

	if (k->by != IKE_KEY_BY_ADDRESS) {
		log_daemon(LOG_SEV_WARNING, "pre-shared key for hostname %s: only address keys are used", k->hostname);
		return;
	}
	if (k->encrypted) {
		log_daemon(LOG_SEV_WARNING, "pre-shared key for %s is stored encrypted (type 6), left out",
			   inet_ntoa(k->addr));
		return;
	}
	/* IOS `address A` without a mask: that one host, unless A is 0.0.0.0 (wildcard). */
	if (!k->mask_typed && mask.s_addr == 0 && k->addr.s_addr != 0)
		mask.s_addr = 0xffffffffu;
	auth_add(c, k->addr, mask, k->key);
}

static int auth_cmp(const void *pa, const void *pb)
{
	const struct vpn_peer_auth *a = pa, *b = pb;
	uint32_t ma = ntohl(a->mask.s_addr), mb = ntohl(b->mask.s_addr);

	return ma == mb ? 0 : ma > mb ? -1 : 1;
}

/* Applies IOS `crypto isakmp keepalive` to every key (IOS DPD is global). */
static void apply_global_dpd(const struct running_config *rc, struct vpn_config *c)
{
	uint32_t threshold = 0, retry = 0;
	bool periodic = false;

	if (!ike_dpd(rc, &threshold, &retry, &periodic))
		return;
	for (size_t i = 0; i < c->nauth; i++) {
		c->auth[i].dpd_enabled = true;
		c->auth[i].dpd_threshold_s = threshold;
		c->auth[i].dpd_retry_s = retry;
	}
}

static void compile_keys(const struct running_config *rc, struct vpn_config *c)
{
	if (rc->personality == GP_ASA)
		compile_tunnel_groups(rc, c);
	for (size_t i = 0; i < rc->ike->nkeys; i++)
		add_ike_key(c, &rc->ike->keys[i]);
	for (size_t i = 0; i < ike_keyring_count(rc); i++) {
		const struct ike_keyring *kr = ike_keyring_at(rc, i);
		for (size_t k = 0; k < kr->nkeys; k++)
			add_ike_key(c, &kr->keys[k]);
	}
	if (rc->personality == GP_IOS)
		apply_global_dpd(rc, c);
	/* Stable: among equal masks the first key typed stays first. */
	for (size_t i = 1; i < c->nauth; i++)
		for (size_t j = i; j > 0 && auth_cmp(&c->auth[j - 1], &c->auth[j]) > 0; j--) {
			struct vpn_peer_auth t = c->auth[j];
			c->auth[j] = c->auth[j - 1];
			c->auth[j - 1] = t;
		}
}

/* ---- interfaces and their addresses ---- */

/* The first IPv4 address of a Linux link. */
static bool link_address(const char *link, struct in_addr *out)
{
	struct ifaddrs *all, *ifa;
	bool found = false;

	if (getifaddrs(&all) < 0)
		return false;
	for (ifa = all; ifa && !found; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_INET || strcmp(ifa->ifa_name, link))
			continue;
		*out = ((const struct sockaddr_in *)(const void *)ifa->ifa_addr)->sin_addr;
		found = true;
	}
	freeifaddrs(all);
	return found;
}

/* An interface is up on this box when its Linux link exists; without a bootstrap
 * (unit tests) every interface counts as up. */
static bool iface_present(const struct bootstrap *boot, const char *canonical)
{
	return canonical && (!boot || if_nametoindex(bootstrap_link(boot, canonical)) != 0);
}

/* The canonical name of a binding's interface: ASA binds by nameif. */
static const char *binding_canonical(const struct running_config *rc, const char *ifname)
{
	return rc->personality == GP_ASA ? iface_by_nameif(rc, ifname) : ifname;
}

/* The interface's `ip address`, else the address of its Linux link. */
static bool iface_address(const struct running_config *rc, const struct bootstrap *boot, const char *canonical,
			  struct in_addr *out)
{
	const struct sys_iface *i = canonical ? sys_iface_find(rc, canonical) : NULL;

	if (!iface_present(boot, canonical))
		return false;
	if (i && i->has_addr) {
		*out = i->addr;
		return true;
	}
	return boot && link_address(bootstrap_link(boot, canonical), out);
}

static void local_add(struct vpn_config *c, struct in_addr a)
{
	for (size_t i = 0; i < c->nlocal; i++)
		if (c->local_addrs[i].s_addr == a.s_addr)
			return;
	c->local_addrs = xrealloc(c->local_addrs, (c->nlocal + 1) * sizeof(*c->local_addrs));
	c->local_addrs[c->nlocal++] = a;
}

static bool binding_local(const struct running_config *rc, const struct bootstrap *boot, const struct cmap *m,
			  const char *ifname, struct in_addr *out);

/* ASA: the interfaces with `crypto ikev1 enable`; IOS (IKE is global): the address
 * of every crypto map binding (its local-address when set). */
static void compile_locals(const struct running_config *rc, const struct bootstrap *boot, struct vpn_config *c)
{
	struct in_addr a;

	if (rc->personality == GP_ASA) {
		for (size_t i = 0; i < ike_enabled_count(rc); i++)
			if (iface_address(rc, boot, iface_by_nameif(rc, ike_enabled_at(rc, i)), &a))
				local_add(c, a);
		return;
	}
	if (!ike_enabled_on(rc, NULL))
		return;
	for (size_t i = 0; i < rc->cmap->nbindings; i++) {
		const struct cmap *m = cmap_find(rc, rc->cmap->bindings[i].map, false);
		if (m && binding_local(rc, boot, m, rc->cmap->bindings[i].ifname, &a))
			local_add(c, a);
	}
}

/* ---- crypto map entries ---- */

uint32_t vpn_compile_reqid_hint(const char *map, uint32_t seq)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	const uint32_t span = DP_REQID_MAX - DP_REQID_BASE;

	for (const char *p = map; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	for (int i = 0; i < 4; i++)
		h = (h ^ ((seq >> (8 * i)) & 0xffu)) * 16777619u;
	/* Offset 0 (DP_REQID_BASE itself) marks Rampart's policies that have no reqid. */
	return DP_REQID_BASE + 1 + h % span;
}

static bool reqid_taken(const struct vpn_config *c, uint32_t reqid)
{
	for (size_t i = 0; i < c->nconns; i++)
		if (c->conns[i].reqid == reqid)
			return true;
	return false;
}

static uint32_t assign_reqid(const struct vpn_config *c, const char *map, uint32_t seq)
{
	uint32_t r = vpn_compile_reqid_hint(map, seq);

	while (reqid_taken(c, r))
		r = r == DP_REQID_MAX ? DP_REQID_BASE + 1 : r + 1;
	return r;
}

static uint8_t mask_plen(struct in_addr mask)
{
	return (uint8_t)__builtin_popcount(mask.s_addr);
}

/* One ACL selector as a data-plane selector; false when it has no such form. */
static bool selector_from_acl(const struct acl_selector *a, struct dp_selector *out)
{
	memset(out, 0, sizeof(*out));
	if (!a->permit || (a->flags & ACL_SEL_WIDENED))
		return false;
	if (a->proto != PROTO_IP && (a->proto < 0 || a->proto > 255))
		return false;
	if ((a->sport_lo != a->sport_hi && (a->sport_lo != 0 || a->sport_hi != 65535)) ||
	    (a->dport_lo != a->dport_hi && (a->dport_lo != 0 || a->dport_hi != 65535)))
		return false;
	out->src.s_addr = a->src.s_addr & a->src_mask.s_addr;
	out->dst.s_addr = a->dst.s_addr & a->dst_mask.s_addr;
	out->src_plen = mask_plen(a->src_mask);
	out->dst_plen = mask_plen(a->dst_mask);
	out->proto = a->proto == PROTO_IP ? 0 : (uint8_t)a->proto;
	out->sport = a->sport_lo == a->sport_hi ? a->sport_lo : 0;
	out->dport = a->dport_lo == a->dport_hi ? a->dport_lo : 0;
	return true;
}

static bool compile_selectors(const struct running_config *rc, const char *map, uint32_t seq, const char *acl,
			      struct vpn_conn *conn)
{
	struct acl_selectors sels;

	if (!acl_expand(rc, acl, &sels)) {
		log_daemon(LOG_SEV_WARNING, "crypto map %s %u: access-list %s does not exist", map, seq, acl);
		return false;
	}
	conn->sel = xcalloc(sels.n ? sels.n : 1, sizeof(*conn->sel));
	for (size_t i = 0; i < sels.n; i++) {
		if (selector_from_acl(&sels.v[i], &conn->sel[conn->nsel]))
			conn->nsel++;
		else if (sels.v[i].permit)
			log_daemon(LOG_SEV_WARNING, "crypto map %s %u: an entry of access-list %s has no IPsec selector form",
				   map, seq, acl);
	}
	acl_selectors_free(&sels);
	return conn->nsel > 0;
}

static void compile_peers(const struct running_config *rc, const struct cmap_entry *e, struct vpn_conn *conn)
{
	for (size_t i = 0; i < e->npeers && conn->npeers < VPN_MAX_PEERS; i++) {
		struct in_addr a = e->peers[i].addr;
		if (!e->peers[i].is_addr && !asa_name_lookup(rc, e->peers[i].text, &a)) {
			log_daemon(LOG_SEV_WARNING, "crypto map peer %s: no such name", e->peers[i].text);
			continue;
		}
		conn->peers[conn->npeers++] = a;
	}
}

static void compile_tsets(const struct running_config *rc, const struct cmap_entry *e, struct vpn_conn *conn)
{
	for (size_t i = 0; i < e->ntsets && conn->ntsets < VPN_MAX_TSETS; i++) {
		const struct ipsec_tset *ts = ipsec_tset_find(rc, e->tsets[i]);
		if (ts && ipsec_tset_to_vpn(ts, &conn->tsets[conn->ntsets]))
			conn->ntsets++;
		else
			log_daemon(LOG_SEV_WARNING, "transform set %s: %s", e->tsets[i],
				   ts ? "cannot be proposed in IKEv1 ESP" : "does not exist");
	}
}

static enum vpn_conn_type conn_type(enum cmap_conn_type t)
{
	switch (t) {
	case CMAP_CONN_ANSWER_ONLY: return VPN_CONN_ANSWER_ONLY;
	case CMAP_CONN_ORIGINATE_ONLY: return VPN_CONN_ORIGINATE_ONLY;
	case CMAP_CONN_BIDIRECTIONAL: break;
	}
	return VPN_CONN_BIDIRECTIONAL;
}

struct bound_iface {
	const char *ifname;          /* as bound: nameif (ASA) or canonical (IOS) */
	struct in_addr local;
};

/* One entry (of a static map, or of the dynamic map a static entry refers to). */
static void compile_entry(const struct running_config *rc, struct vpn_config *c, const struct cmap *m,
			  const struct cmap_entry *e, const struct bound_iface *bi)
{
	struct vpn_conn conn = { 0 };
	static const struct dp_selector any = { 0 };

	snprintf(conn.map_name, sizeof(conn.map_name), "%s", m->name);
	snprintf(conn.ifname, sizeof(conn.ifname), "%s", bi->ifname);
	conn.seq = e->seq;
	conn.local_addr = bi->local;
	conn.dynamic = m->dynamic;
	compile_peers(rc, e, &conn);
	compile_tsets(rc, e, &conn);
	if (e->acl[0]) {
		if (!compile_selectors(rc, m->name, e->seq, e->acl, &conn))
			goto drop;
	} else if (m->dynamic) {
		/* A dynamic entry without `match address` takes what the peer proposes. */
		conn.sel = xmalloc(sizeof(*conn.sel));
		conn.sel[0] = any;
		conn.nsel = 1;
		conn.any_proxy = true;
	} else {
		goto drop;
	}
	if (!conn.ntsets || (!m->dynamic && !conn.npeers))
		goto drop;
	conn.pfs_group = (uint16_t)cmap_entry_pfs(e);
	conn.lifetime_s = e->lifetime_s ? e->lifetime_s : c->default_lifetime_s;
	conn.lifetime_kb = e->lifetime_kb_unlimited ? 0 : e->lifetime_kb ? e->lifetime_kb : c->default_lifetime_kb;
	conn.aggressive = e->aggressive;
	conn.nat_t_disable = e->nat_t_disable;
	conn.conn_type = conn_type(e->conn_type);
	conn.reqid = assign_reqid(c, m->name, e->seq);
	c->conns = xrealloc(c->conns, (c->nconns + 1) * sizeof(*c->conns));
	c->conns[c->nconns++] = conn;
	return;
drop:
	log_daemon(LOG_SEV_INFO, "crypto map %s %u: incomplete, not used", m->name, e->seq);
	free(conn.sel);
}

static void compile_map(const struct running_config *rc, struct vpn_config *c, const struct cmap *m,
			const struct bound_iface *bi)
{
	for (size_t i = 0; i < m->nentries; i++) {
		const struct cmap_entry *e = &m->entries[i];
		if (!e->dynamic_map[0]) {
			compile_entry(rc, c, m, e, bi);
			continue;
		}
		const struct cmap *dyn = cmap_find(rc, e->dynamic_map, true);
		for (size_t k = 0; dyn && k < dyn->nentries; k++)
			compile_entry(rc, c, dyn, &dyn->entries[k], bi);
	}
}

/* The local address of a binding: IOS `crypto map NAME local-address IF` wins. */
static bool binding_local(const struct running_config *rc, const struct bootstrap *boot, const struct cmap *m,
			  const char *ifname, struct in_addr *out)
{
	if (m->local_address[0] && iface_address(rc, boot, m->local_address, out))
		return true;
	return iface_address(rc, boot, binding_canonical(rc, ifname), out);
}

static void compile_conns(const struct running_config *rc, const struct bootstrap *boot, struct vpn_config *c)
{
	for (size_t i = 0; i < rc->cmap->nbindings; i++) {
		const struct cmap_binding *b = &rc->cmap->bindings[i];
		const struct cmap *m = cmap_find(rc, b->map, false);
		struct bound_iface bi = { .ifname = b->ifname };

		if (!m)
			continue;
		if (!ike_enabled_on(rc, b->ifname)) {
			log_daemon(LOG_SEV_INFO, "crypto map %s on %s: IKE is not enabled there", b->map, b->ifname);
			continue;
		}
		if (!binding_local(rc, boot, m, b->ifname, &bi.local)) {
			log_daemon(LOG_SEV_INFO, "crypto map %s on %s: the interface has no Linux link or no IPv4 address",
				   b->map, b->ifname);
			continue;
		}
		compile_map(rc, c, m, &bi);
	}
}

struct vpn_config *vpn_compile(const struct running_config *rc, const struct bootstrap *boot)
{
	struct vpn_config *c = vpn_config_new();

	compile_globals(rc, c);
	compile_policies(rc, c);
	compile_keys(rc, c);
	compile_locals(rc, boot, c);
	compile_conns(rc, boot, c);
	return c;
}

bool vpn_conn_same(const struct vpn_conn *a, const struct vpn_conn *b)
{
	return !strcmp(a->map_name, b->map_name) && a->seq == b->seq && a->reqid == b->reqid &&
	       !strcmp(a->ifname, b->ifname) && a->local_addr.s_addr == b->local_addr.s_addr &&
	       a->dynamic == b->dynamic && a->any_proxy == b->any_proxy && a->npeers == b->npeers &&
	       !memcmp(a->peers, b->peers, a->npeers * sizeof(a->peers[0])) && a->nsel == b->nsel &&
	       !memcmp(a->sel, b->sel, a->nsel * sizeof(a->sel[0])) && a->ntsets == b->ntsets &&
	       !memcmp(a->tsets, b->tsets, a->ntsets * sizeof(a->tsets[0])) && a->pfs_group == b->pfs_group &&
	       a->lifetime_s == b->lifetime_s && a->lifetime_kb == b->lifetime_kb && a->aggressive == b->aggressive &&
	       a->nat_t_disable == b->nat_t_disable && a->conn_type == b->conn_type;
}
