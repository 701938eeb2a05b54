/* The configuration snapshot the IKE engine negotiates under (vpn_config.h): reference
 * counting and the two lookups the responder needs. A snapshot is immutable once
 * handed over; every array in it is owned by it and freed with the last reference. */
#include "vpn/vpn_config.h"

#include <stdlib.h>

#include "crypto/secure.h"
#include "platform/util.h"

struct vpn_config *vpn_config_new(void)
{
	struct vpn_config *c = xcalloc(1, sizeof(*c));

	c->refs = 1;
	c->identity = VPN_ID_ADDRESS;
	c->natt_enabled = true;
	c->natt_keepalive_s = 20;          /* RFC 3948 §4, Cisco `crypto isakmp nat keepalive` default */
	c->default_lifetime_s = 3600;      /* Cisco IPsec SA defaults: 3600 s and 4608000 KB */
	c->default_lifetime_kb = 4608000;
	return c;
}

struct vpn_config *vpn_config_ref(struct vpn_config *c)
{
	if (c)
		c->refs++;
	return c;
}

static void config_free(struct vpn_config *c)
{
	for (size_t i = 0; i < c->nconns; i++)
		free(c->conns[i].sel);
	free(c->conns);
	free(c->policies);
	/* The pre-shared keys are the only secrets in a snapshot. */
	if (c->auth)
		secure_wipe(c->auth, c->nauth * sizeof(*c->auth));
	free(c->auth);
	free(c->local_addrs);
	free(c);
}

void vpn_config_unref(struct vpn_config *c)
{
	if (c && --c->refs == 0)
		config_free(c);
}

/* An entry with an address and no mask is that one address (IOS `crypto isakmp key K
 * address A` without a mask); only 0.0.0.0 with mask 0.0.0.0 is the wildcard. */
static struct in_addr auth_mask(const struct vpn_peer_auth *a)
{
	struct in_addr m = a->mask;

	if (m.s_addr == 0 && a->addr.s_addr != 0)
		m.s_addr = 0xffffffffu;
	return m;
}

static unsigned mask_len(struct in_addr mask)
{
	return (unsigned)__builtin_popcount(mask.s_addr);
}

/* The most specific entry wins: an exact address before a subnet, a longer mask before
 * a shorter one, the 0.0.0.0/0 wildcard last (Cisco `crypto isakmp key ... address
 * 0.0.0.0 0.0.0.0`, ASA DefaultL2LGroup). The compiler sorts the array that way; the
 * lookup does not rely on it. */
const struct vpn_peer_auth *vpn_auth_for_peer(const struct vpn_config *c, struct in_addr peer)
{
	const struct vpn_peer_auth *best = NULL;

	if (!c)
		return NULL;
	for (size_t i = 0; i < c->nauth; i++) {
		const struct vpn_peer_auth *a = &c->auth[i];
		struct in_addr m = auth_mask(a);
		if ((peer.s_addr & m.s_addr) != (a->addr.s_addr & m.s_addr))
			continue;
		if (!best || mask_len(m) > mask_len(auth_mask(best)))
			best = a;
	}
	return best;
}

const struct vpn_conn *vpn_conn_by_reqid(const struct vpn_config *c, uint32_t reqid)
{
	if (!c)
		return NULL;
	for (size_t i = 0; i < c->nconns; i++)
		if (c->conns[i].reqid == reqid)
			return &c->conns[i];
	return NULL;
}
