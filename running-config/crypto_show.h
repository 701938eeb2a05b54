/* The operational VPN commands (`show crypto isakmp sa`, `show crypto ipsec sa`,
 * `show crypto session`, the stats, `debug crypto ...`, `clear crypto ...`) in both
 * personalities. The engine (vpn/ike.h) provides plain info structs; the functions
 * below lay them out exactly as the devices print them (cisco-outputs §1-§5). They are
 * pure: arrays in, text out, so tests fill the structs and compare the text. */
#ifndef RAMPART_CRYPTO_SHOW_H
#define RAMPART_CRYPTO_SHOW_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#include "platform/util.h"
#include "vpn/ike.h"

/* Which IPsec SAs `show crypto ipsec sa` lists. */
struct cshow_filter {
	bool by_peer;
	struct in_addr peer;     /* `peer A.B.C.D` */
	const char *map;         /* `map NAME`, or NULL */
	bool detail;
};

/* IOS `show crypto isakmp sa [detail]`: the IPv4 table, then the empty IPv6 one. */
void cshow_isakmp_ios(const struct ike_sa_info *sas, size_t n, bool detail, struct strbuf *out);

/* ASA `show crypto ikev1 sa [detail]`; with_ikev2: `show crypto isakmp sa` adds the
 * IKEv2 part (Rampart has none). */
void cshow_isakmp_asa(const struct ike_sa_info *sas, size_t n, bool detail, bool with_ikev2,
		      struct strbuf *out);

/* IOS `show crypto ipsec sa`: per interface, per crypto map, one block per proxy pair
 * (the SAs of a rekey share their block). */
void cshow_ipsec_ios(const struct ipsec_sa_info *sas, size_t n, const struct cshow_filter *f,
		     struct strbuf *out);

/* ASA `show crypto ipsec sa`: acls[i] is the crypto ACL name of sas[i]'s map entry
 * (echoed as an access-list line), or NULL. */
void cshow_ipsec_asa(const struct ipsec_sa_info *sas, const char *const *acls, size_t n,
		     const struct cshow_filter *f, struct strbuf *out);

/* IOS `show crypto session [detail]`: one session per interface and peer. ifname_hint:
 * the interface named for an IKE SA that has no IPsec SA yet (first crypto map
 * binding), or NULL. */
void cshow_session_ios(const struct ike_sa_info *ike, size_t nike, const struct ipsec_sa_info *ipsec,
		       size_t nipsec, const char *ifname_hint, bool detail, struct strbuf *out);

/* ASA `show crypto ikev1 stats` (`show crypto isakmp stats`): the global IKEv1
 * counters; those the engine does not count print 0. */
void cshow_stats_asa(const struct ike_stats *st, struct strbuf *out);

/* "hh:mm:ss" below a day, then IOS's "1d02h" / "2w3d" forms. */
void cshow_uptime(unsigned long secs, char *buf, size_t len);

#endif
