/* The IKEv1 engine: Main, Aggressive and Quick Mode with pre-shared keys, the
 * Informational exchange (notify, delete, DPD), NAT-T, retransmission and rekeying.
 *
 * The engine owns no descriptor and no thread. The caller (rampartd, or a test)
 *   - creates it on its event loop with a data plane and a transport,
 *   - hands it configuration snapshots (ike_engine_set_config),
 *   - feeds it every IKE datagram the sockets receive (ike_engine_input: the ISAKMP
 *     message without the NAT-T non-ESP marker, with both endpoints),
 *   - lets it receive the data plane's acquire and expire events (the engine installs
 *     itself as dp->events.{acquire,expire} when created),
 *   - reads and clears SAs through the accessors for `show`/`clear`.
 * The engine sends through the transport, installs SAs through the data plane's ops
 * and arms its timers on the loop. Policies (trap/PROTECT) belong to whoever compiles
 * the configuration; the engine installs SAs only. */
#ifndef RAMPART_VPN_IKE_H
#define RAMPART_VPN_IKE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/dataplane.h"
#include "vpn/vpn_config.h"

struct ev_loop;
struct ike_engine;

/* A UDP endpoint; port in host order. */
struct ike_endpoint {
	struct in_addr addr;
	uint16_t port;
};

struct ike_transport {
	/* Sends one ISAKMP message from one of our endpoints (500, or 4500 after NAT-T
	 * floated: the transport prepends the non-ESP marker there, RFC 3948 §2.2).
	 * 0 or -errno; a failure counts as a lost packet (retransmission recovers). */
	int (*send)(void *ctx, const struct ike_endpoint *from, const struct ike_endpoint *to,
		    const uint8_t *msg, size_t len);
	/* The one-byte NAT keepalive (RFC 3948 §2.3) on a 4500 flow. */
	int (*send_keepalive)(void *ctx, const struct ike_endpoint *from, const struct ike_endpoint *to);
	void *ctx;
};

/* Ports the engine uses as "ours"; tests may move them. */
struct ike_ports {
	uint16_t ike, natt;     /* default 500 / 4500 */
};

struct ike_engine *ike_engine_new(struct ev_loop *loop, struct dataplane *dp,
				  const struct ike_transport *tx);
/* Deletes every SA (sending Delete), releases the configuration. */
void ike_engine_free(struct ike_engine *e);
void ike_engine_set_ports(struct ike_engine *e, const struct ike_ports *ports);

/* Takes a reference; the previous snapshot is released once no SA uses it. New
 * negotiations use the new one (Cisco: changed crypto parameters apply at the next
 * negotiation). */
void ike_engine_set_config(struct ike_engine *e, struct vpn_config *cfg);

/* One received ISAKMP message (marker already stripped). local: the address and port
 * it arrived on (IP_PKTINFO), remote: its source. */
void ike_engine_input(struct ike_engine *e, const struct ike_endpoint *local,
		      const struct ike_endpoint *remote, const uint8_t *msg, size_t len);

/* Data-plane events; ike_engine_new() routes dp->events here already. */
void ike_engine_acquire(struct ike_engine *e, uint32_t reqid, const struct dp_selector *sel,
			struct in_addr local, struct in_addr peer);
void ike_engine_expire(struct ike_engine *e, struct in_addr dst, uint32_t spi, bool hard);

/* Brings up every selector of the connection with that reqid (as if traffic had hit
 * each), starting Phase 1 to its current peer if needed. 0, or -ENOENT. */
int ike_engine_initiate(struct ike_engine *e, uint32_t reqid);

/* `clear crypto isakmp sa [peer]` / `clear crypto ipsec sa [peer]`: deletes the SAs
 * (sending Delete). peer NULL = all. Returns how many were deleted. */
unsigned ike_engine_clear_ike(struct ike_engine *e, const struct in_addr *peer);
unsigned ike_engine_clear_ipsec(struct ike_engine *e, const struct in_addr *peer);
/* The IPsec SAs of one crypto map entry (the compiler removed or changed it). */
unsigned ike_engine_clear_conn(struct ike_engine *e, uint32_t reqid);

/* ---- accessors for show commands (the CLI renders; the engine provides data) ---- */

enum ike_role { IKE_ROLE_INITIATOR, IKE_ROLE_RESPONDER };

struct ike_sa_info {
	struct ike_endpoint local, peer;
	enum ike_role role;
	bool aggressive;
	const char *state_asa;      /* "MM_WAIT_MSG2" ... "MM_ACTIVE" / "AM_ACTIVE" */
	const char *state_ios;      /* "MM_NO_STATE" ... "QM_IDLE" */
	bool established, deleting, rekeyed;   /* rekeyed: replaced by a newer SA (ASA "Rekey SA") */
	uint32_t conn_id;           /* 1001, 1002, ... (IOS conn-id); 0 while negotiating */
	uint8_t cky_i[8], cky_r[8];
	uint16_t encr, key_bits, hash, auth, group;   /* IKE attribute values */
	const char *encr_name;      /* ASA spelling: "3des", "aes", "aes-192", "aes-256", "des" */
	const char *hash_name;      /* "md5", "sha", "sha256", "sha384", "sha512" */
	uint32_t lifetime_s;        /* negotiated */
	uint32_t remaining_s;
	bool nat_t;                 /* floated to 4500 */
	bool nat_local, nat_remote; /* NAT detected in front of us / the peer */
	bool dpd;                   /* the peer supports DPD (RFC 3706 VID) */
	uint32_t ipsec_sa_count;
};

struct ipsec_sa_info {
	const char *map_name;
	uint32_t seq, reqid;
	const char *ifname;
	struct in_addr local, peer;
	uint16_t local_port, peer_port;      /* IKE ports of the SA that negotiated it */
	struct dp_selector sel;              /* src = local side */
	uint32_t spi_in, spi_out;
	uint16_t esp_id, key_bits, auth_alg; /* IPsec DOI values */
	char transform_asa[48];              /* "esp-aes-256 esp-sha-hmac" */
	char transform_ios[48];              /* "esp-256-aes esp-sha-hmac" */
	enum dp_mode mode;
	bool udp_encap;
	uint16_t encap_local, encap_peer;
	uint16_t pfs_group;                  /* 0 = none */
	uint32_t lifetime_s;
	uint64_t lifetime_kb;                /* 0 = unlimited */
	uint32_t remaining_s;
	uint64_t remaining_kb;
	bool have_counters;                  /* query_sa answered */
	struct dp_counters in, out;
	uint32_t conn_id;                    /* of the ISAKMP SA that negotiated it */
	enum ike_role role;
	bool rekeyed;                        /* replaced, waiting for deletion */
};

typedef void (*ike_sa_visit_fn)(void *ctx, const struct ike_sa_info *info);
typedef void (*ipsec_sa_visit_fn)(void *ctx, const struct ipsec_sa_info *info);

/* In creation order. Counters come from the data plane's query_sa. */
void ike_engine_foreach_ike_sa(struct ike_engine *e, ike_sa_visit_fn fn, void *ctx);
void ike_engine_foreach_ipsec_sa(struct ike_engine *e, ipsec_sa_visit_fn fn, void *ctx);

struct ike_stats {
	uint64_t rx, tx;                    /* ISAKMP messages */
	uint64_t retransmits;               /* our messages sent again after a timeout */
	uint64_t duplicates;                /* peer retransmissions answered from the cache */
	uint64_t dropped;                   /* malformed, unexpected, undecryptable */
	uint64_t half_open_dropped;         /* MM1/AM1 refused or evicted at max_half_open */
	uint64_t p1_established, p2_established;
	uint64_t p1_failed, p2_failed;
	uint64_t deletes_sent, deletes_received;
	uint64_t dpd_sent, dpd_acked, dpd_dead;
	uint64_t keepalives_sent;
	uint64_t queued_early;              /* QM1 that arrived before Phase 1 completed */
	uint32_t ike_sas, half_open, ipsec_sas;   /* current */
	uint32_t half_open_peak;
};
void ike_engine_get_stats(struct ike_engine *e, struct ike_stats *out);

/* Names for logs and show output. */
const char *ike_encr_name(uint16_t encr, uint16_t key_bits);
const char *ike_hash_name(uint16_t hash);

#endif
