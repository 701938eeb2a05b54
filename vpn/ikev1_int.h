/* Internals of the IKEv1 engine, shared by its files:
 *
 *   ike_engine.c     the engine object, acquire/expire, initiation, failover, stats
 *   ike_sadb.c       the ISAKMP SA and IPsec SA tables, creation and deletion
 *   ikev1_table.c    the transition table and the one dispatcher
 *   ikev1_wire.c     building, encrypting, sending, retransmitting messages
 *   ikev1_main.c     Main and Aggressive Mode handlers (Phase 1)
 *   ikev1_quick.c    Quick Mode handlers and IPsec SA installation
 *   ikev1_info.c     Informational exchange: notify, delete, DPD, INITIAL-CONTACT
 *   ikev1_proposal.c proposal building and selection, with the mismatch report
 *   ikev1_id.c       ID payloads and traffic selectors
 *   ikev1_natt.c     NAT-T vendor IDs and NAT-D
 *   ike_timers.c     lifetimes, rekeying, DPD and NAT keepalive timers
 *   ike_log.c        Cisco-form log and debug lines, state names
 *   ike_show.c       accessors for show commands */
#ifndef RAMPART_VPN_IKEV1_INT_H
#define RAMPART_VPN_IKEV1_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto/cipher.h"
#include "crypto/dh.h"
#include "crypto/keymat.h"
#include "crypto/prf.h"
#include "platform/event.h"
#include "platform/log.h"
#include "platform/util.h"
#include "vpn/codec.h"
#include "vpn/ike.h"

/* ---- tunables ------------------------------------------------------------------ */
#define IKE_NONCE_LEN 32                /* strongSwan and libreswan send 32 bytes */
#define IKE_RETRANSMIT_FIRST_MS 1000    /* then doubling: 1, 2, 4, 8, 16 s */
#define IKE_RETRANSMIT_MAX 5            /* IOS: "attempt 5 of 5" */
#define IKE_P1_DEADLINE_MS 40000        /* a Phase 1 not complete by then is abandoned */
#define IKE_XCHG_LINGER_MS 20000        /* finished exchanges answer duplicates that long */
#define IKE_DEFAULT_MAX_HALF_OPEN 1000
#define IKE_EARLY_QUEUE_MAX 4           /* QM1 arriving before Phase 1 completed */
#define IKE_REKEY_OVERLAP_MS 10000      /* make-before-break: old SA kept after the new one */
#define IKE_DPD_MAX_RETRIES 5           /* IOS declares the peer dead after 5 (not configurable) */
#define IKE_DPD_DEFAULT_RETRY_S 2
#define IKE_AM_QM_DELAY_MS 30           /* strongSwan's AM race, see ikev1_main.c */
#define IKE_INVALID_COOKIE_PER_S 10     /* rate limit of INVALID-COOKIE answers */
#define IKE_SA_BUCKETS 1024
/* IPsec SAs by peer address: DPD, Delete and rekeys look at one peer's SAs only. */
#define IKE_CHILD_PEER_BUCKETS 1024
#define IKE_CONN_ID_FIRST 1001          /* IOS 15 conn-ids start at 1001 */

static inline uint32_t be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void be32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void be16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* ---- states ---------------------------------------------------------------------- */
enum ike_state {
	ST_NONE,        /* responder: nothing received yet */
	ST_MM_I1,       /* sent MM1, waiting for MM2 */
	ST_MM_I2,       /* sent MM3, waiting for MM4 */
	ST_MM_I3,       /* sent MM5, waiting for MM6 */
	ST_MM_R1,       /* sent MM2, waiting for MM3 */
	ST_MM_R2,       /* sent MM4, waiting for MM5 */
	ST_AM_I1,       /* sent AM1, waiting for AM2 */
	ST_AM_R1,       /* sent AM2, waiting for AM3 */
	ST_P1_DONE,     /* ISAKMP SA established */
	ST_QM_NONE,     /* responder: a new Quick Mode message ID */
	ST_QM_I1,       /* sent QM1, waiting for QM2 */
	ST_QM_R1,       /* sent QM2, waiting for QM3 */
	ST_QM_DONE,
	ST_INFO,        /* a one-message Informational exchange */
	ST_COUNT,
};

enum natt_ver { NATT_NONE, NATT_DRAFT_02, NATT_DRAFT_02N, NATT_DRAFT_03, NATT_RFC };

/* ---- negotiated algorithms ---------------------------------------------------------- */
struct p1_attrs {
	uint16_t encr, key_bits, hash, auth, group;
	uint32_t life_s;                /* 0 = not proposed */
	uint64_t life_kb;
	bool bad;                       /* an attribute we cannot honour (PRF, private group) */
};

struct p2_attrs {
	uint8_t esp_id;
	uint16_t key_bits, auth_alg, group, encap;
	uint32_t life_s;                /* 0 = not given */
	uint64_t life_kb;
	bool bad;
};

/* ---- proposal selection (ikev1_proposal.c) ------------------------------------------ */
enum p1_attr_bit {
	P1_MIS_ENCR = 1 << 0, P1_MIS_KEYLEN = 1 << 1, P1_MIS_HASH = 1 << 2,
	P1_MIS_AUTH = 1 << 3, P1_MIS_GROUP = 1 << 4, P1_MIS_UNSUPPORTED = 1 << 5,
	P1_MIS_NO_PSK = 1 << 6,         /* pre-shared key offered, none configured for the peer */
};

/* Why one local policy matched none of the offered transforms: the closest one. */
struct p1_mismatch {
	uint32_t priority;
	struct vpn_ike_policy policy;
	uint8_t transform_no;
	unsigned mask;                  /* P1_MIS_* */
	struct p1_attrs offered;
};

struct p1_report {
	unsigned n;
	struct p1_mismatch m[16];       /* the first 16 policies, priority order */
	unsigned n_offered;
};

struct p1_choice {
	uint8_t proposal_no, transform_no;
	uint32_t priority;              /* of the local policy */
	struct p1_attrs attrs;
	uint32_t life_s;                /* what the SA will live: the shorter of both */
	bool responder_lifetime;        /* ours was shorter: tell the peer (RESPONDER-LIFETIME) */
	const struct isakmp_transform *t;
};

int p1_attrs_read(const struct isakmp_transform *t, struct p1_attrs *out);
/* The SA payload of MM1/AM1: one proposal, one transform per policy in priority order.
 * Aggressive Mode carries one KE, so only the policies of the first policy's group. */
void p1_build_offer(struct isakmp_builder *b, const struct vpn_config *cfg, bool aggressive);
/* The group of the first policy we can offer (the KE of AM1); 0 when none is usable. */
uint16_t p1_offer_group(const struct vpn_config *cfg);
/* Responder: the first local policy, in priority order, that one of the offered
 * transforms matches; require_group != 0 restricts to that group (AM: the KE's).
 * 0, or -1 with the report filled. */
int p1_select(const struct vpn_config *cfg, const struct isakmp_sa *offer, bool psk_available,
	      uint16_t require_group, struct p1_choice *out, struct p1_report *report);
/* Initiator: the responder's choice must be one of the transforms we offered. */
int p1_check_reply(const struct vpn_config *cfg, bool aggressive, const struct isakmp_sa *reply,
		   struct p1_choice *out);
/* The chosen transform echoed back (MM2/AM2). */
void p1_build_reply(struct isakmp_builder *b, const struct p1_choice *c);

enum p2_attr_bit {
	P2_MIS_TRANSFORM = 1 << 0, P2_MIS_KEYLEN = 1 << 1, P2_MIS_AUTH = 1 << 2,
	P2_MIS_MODE = 1 << 3, P2_MIS_PFS = 1 << 4, P2_MIS_PROTOCOL = 1 << 5, P2_MIS_UNSUPPORTED = 1 << 6,
};

struct p2_mismatch {
	const struct vpn_transform_set *ts;
	uint8_t proposal_no, transform_no;
	unsigned mask;
	struct p2_attrs offered;
	uint16_t pfs_wanted;
};

struct p2_report {
	unsigned n;
	struct p2_mismatch m[VPN_MAX_TSETS];
	unsigned n_offered;
};

struct p2_choice {
	const struct vpn_transform_set *ts;
	uint8_t proposal_no;
	uint32_t peer_spi;              /* the SPI in the chosen proposal */
	struct p2_attrs attrs;
	const struct isakmp_transform *t;
	enum dp_mode mode;
	bool udp_encap;
};

/* What the initiator proposes for one connection. */
struct p2_offer_params {
	uint32_t spi;                   /* our inbound SPI */
	enum natt_ver natt;             /* non-NONE: UDP-encapsulated modes */
	uint32_t life_s;
	uint64_t life_kb;
};

int p2_attrs_read(const struct isakmp_transform *t, struct p2_attrs *out);
void p2_build_offer(struct isakmp_builder *b, const struct vpn_conn *conn, const struct p2_offer_params *p);
int p2_select(const struct vpn_conn *conn, const struct isakmp_sa *offer, struct p2_choice *out,
	      struct p2_report *report);
int p2_check_reply(const struct vpn_conn *conn, const struct isakmp_sa *reply, struct p2_choice *out);
void p2_build_reply(struct isakmp_builder *b, const struct p2_choice *c, uint32_t our_spi);
/* Key bytes an ESP transform needs (encryption incl. GCM salt, and integrity). */
int p2_key_lengths(const struct p2_attrs *a, size_t *enc_len, size_t *auth_len);
enum dp_enc p2_dp_enc(uint8_t esp_id);
enum dp_auth p2_dp_auth(uint16_t auth_alg);
enum dp_mode p2_mode(uint16_t encap, bool *udp);
void p2_transform_names(const struct p2_attrs *a, char *asa, size_t asa_len, char *ios, size_t ios_len);

/* ---- identities and selectors (ikev1_id.c) ------------------------------------------ */
#define IKE_ID_MAX 260                  /* type/proto/port + up to 256 bytes of data */

/* One side of a traffic selector, as a Phase-2 ID carries it. */
struct ts_half {
	struct in_addr net;
	uint8_t plen;
	uint8_t proto;
	uint16_t port;
};

/* ID payload body (type | proto | port | data) of one selector side: IPV4_ADDR for
 * a /32, else IPV4_ADDR_SUBNET. Returns the length. */
size_t id_from_ts(const struct ts_half *ts, uint8_t *body);
/* A Phase-2 ID body back to a selector side: IPV4_ADDR, IPV4_ADDR_SUBNET with a
 * contiguous mask, IPV4_ADDR_RANGE covering exactly one prefix. -1 otherwise. */
int id_to_ts(const uint8_t *body, size_t len, struct ts_half *ts);
/* Our Phase-1 ID body (crypto isakmp identity address|hostname|key-id|auto). */
size_t id_p1_local(const struct vpn_config *cfg, struct in_addr local, uint8_t *body, size_t cap);
/* "192.0.2.1", "gw.example", "10.1.0.0/255.255.255.0", "10.0.0.1-10.0.0.9", ... */
void id_format(const uint8_t *body, size_t len, char *out, size_t out_len);
/* The two halves of a selector (src = local side). */
void sel_split(const struct dp_selector *sel, struct ts_half *local, struct ts_half *remote);
struct dp_selector sel_join(const struct ts_half *local, const struct ts_half *remote);
/* Whether the peer's proposed IDs (its local = IDci, its remote = IDcr, when it
 * initiates) mirror our selector exactly: IKEv1 has no narrowing. */
bool sel_mirrors(const struct dp_selector *ours, const struct ts_half *peer_local,
		 const struct ts_half *peer_remote);
/* What differs, for the log: a bit per field (SEL_MIS_*). */
enum { SEL_MIS_LOCAL = 1, SEL_MIS_REMOTE = 2, SEL_MIS_PROTO = 4, SEL_MIS_PORTS = 8 };
unsigned sel_mismatch(const struct dp_selector *ours, const struct ts_half *peer_local,
		      const struct ts_half *peer_remote);
bool sel_equal(const struct dp_selector *a, const struct dp_selector *b);
void sel_format(const struct ts_half *h, char *out, size_t len);   /* "10.1.0.0/255.255.255.0/0/0" */

/* ---- the SA database -------------------------------------------------------------------- */
struct ike_sa;
struct ike_child;

struct ike_qm {
	struct vpn_config *cfg;         /* reference: the connection lives in it */
	const struct vpn_conn *conn;
	struct dp_selector sel;         /* src = local side */
	uint8_t idci[IKE_ID_MAX], idcr[IKE_ID_MAX];   /* ID bodies as sent/received */
	size_t idci_len, idcr_len;
	bool have_ids;
	uint32_t spi_in, spi_out;
	struct bytes ni, nr;
	struct dh *dh;
	struct bytes gxy;               /* locked memory */
	uint16_t pfs_group;
	struct p2_choice choice;        /* choice.t is not valid after the handler */
	uint32_t life_s;
	uint64_t life_kb;
	uint64_t rekey_of;              /* serial of the child being replaced, 0 if none */
	bool inbound_installed;         /* responder: inbound SA in the data plane before QM3 */
};

struct ike_xchg {
	struct ike_sa *sa;
	uint32_t msgid;
	enum ike_state state;
	bool initiator;
	uint8_t iv[CIPHER_MAX_BLOCK];
	struct bytes last_sent, last_recv;
	bool answered;                  /* last_sent answers last_recv: resend it on a duplicate */
	struct ev_timer *retransmit_timer, *linger_timer;
	unsigned retransmits;
	uint64_t retransmit_ms;
	uint64_t started_ms;
	struct ike_qm *qm;              /* Quick Mode only */
	struct ike_xchg *next;
};

/* Phase-2 work waiting for an ISAKMP SA to complete. */
struct ike_pending {
	uint32_t reqid;
	struct dp_selector sel;
	uint64_t rekey_of;
	struct ike_pending *next;
};

struct ike_early {
	struct ike_endpoint local, remote;
	struct bytes msg;
};

struct ike_sa {
	struct ike_engine *e;
	uint8_t cky_i[ISAKMP_COOKIE_LEN], cky_r[ISAKMP_COOKIE_LEN];
	bool initiator;
	bool aggressive;
	struct ike_xchg p1;             /* message ID 0 */
	struct ike_xchg *xchgs;         /* Quick Mode exchanges by message ID */
	struct ike_endpoint local, remote;
	uint32_t conn_id;
	uint64_t serial;
	struct vpn_config *cfg;
	const struct vpn_peer_auth *auth;
	uint32_t conn_reqid;            /* initiator: the connection that started it */
	unsigned peer_index;            /* initiator: position in that connection's peer list */

	struct p1_attrs attrs;          /* negotiated */
	uint32_t priority;              /* of the local policy */
	uint32_t life_s;
	const struct prf *prf;
	const struct cipher *cipher;
	struct keyset *ks;
	struct dh *dh;
	struct bytes ni, nr, gxi, gxr, sai_b, id_local, id_peer;
	uint8_t p1_last[CIPHER_MAX_BLOCK];

	enum natt_ver natt;
	bool nat_local, nat_remote, floated;
	bool dpd_peer;
	bool send_responder_lifetime;
	bool psk_mismatch_logged, malformed_notified;

	uint64_t created_ms, established_ms, expires_ms;
	uint64_t last_rx_ms, last_tx_ms;
	uint32_t dpd_seq;
	bool dpd_outstanding;
	unsigned dpd_retries;
	uint64_t dpd_round_ms;          /* when the first R-U-THERE of this round went out */
	uint64_t dpd_esp_packets;       /* inbound ESP seen at the last DPD check */
	struct ev_timer *deadline_timer, *soft_timer, *hard_timer, *dpd_timer, *keepalive_timer,
		*delete_timer, *qm_delay_timer;
	bool established, deleting, rekeyed, half_open;

	struct ike_pending *pending;
	struct ike_early early[IKE_EARLY_QUEUE_MAX];
	unsigned n_early;

	struct ike_sa *hash_next;
	struct ike_sa *next, *prev;     /* creation order */
	struct ike_sa *ho_next, *ho_prev;   /* half-open responders, oldest first */
};

struct ike_child {
	struct ike_engine *e;
	uint64_t serial;
	struct vpn_config *cfg;
	const struct vpn_conn *conn;
	struct dp_selector sel;         /* src = local side */
	struct in_addr local, peer;
	uint16_t ike_local_port, ike_peer_port;
	uint16_t encap_local, encap_peer;   /* 0: plain ESP */
	uint32_t spi_in, spi_out;
	struct p2_attrs attrs;
	enum dp_mode mode;
	uint16_t pfs_group;
	uint32_t life_s;
	uint64_t life_kb;
	uint64_t established_ms;
	uint32_t conn_id;
	bool initiator;
	bool rekeying, replaced;
	struct ev_timer *delete_timer;
	struct ike_child *next, *prev;
	struct ike_child *peer_next, *peer_prev;   /* its child_by_peer bucket, oldest first */
};

struct ike_conn_state {
	uint32_t reqid;
	unsigned peer_index;
	unsigned failures;              /* peers that failed in a row */
	struct ike_conn_state *next;
};

struct ike_engine {
	struct ev_loop *loop;
	struct dataplane *dp;
	struct ike_transport tx;
	struct ike_ports ports;
	struct vpn_config *cfg;
	struct ike_sa *buckets[IKE_SA_BUCKETS];
	struct ike_sa *sa_first, *sa_last;
	struct ike_sa *ho_first, *ho_last;
	struct ike_child *child_first, *child_last;
	struct ike_child *child_by_peer[IKE_CHILD_PEER_BUCKETS], *child_by_peer_last[IKE_CHILD_PEER_BUCKETS];
	struct ike_conn_state *conn_states;
	uint32_t next_conn_id;
	uint64_t next_serial;
	struct ike_stats stats;
	uint64_t invalid_cookie_window_ms;
	unsigned invalid_cookie_count;
	struct isakmp_msg msg;          /* decode scratch */
	struct isakmp_sa sa_scratch;    /* 31 KB: one parse at a time */
};

/* ike_sadb.c */
struct ike_sa *sadb_new(struct ike_engine *e, bool initiator, const uint8_t *cky_i,
			const struct ike_endpoint *local, const struct ike_endpoint *remote);
struct ike_sa *sadb_find(struct ike_engine *e, const uint8_t *cky_i, const uint8_t *cky_r);
struct ike_sa *sadb_find_half(struct ike_engine *e, const uint8_t *cky_i, bool initiator);
void sadb_set_cky_r(struct ike_sa *sa, const uint8_t *cky_r);
/* The established, newest, not rekeyed SA with a peer (from local, 0.0.0.0 = any of
 * ours); or a negotiating one. */
struct ike_sa *sadb_best(struct ike_engine *e, struct in_addr local, struct in_addr peer, bool established);
void sadb_half_open_add(struct ike_sa *sa);
void sadb_half_open_del(struct ike_sa *sa);
/* Removes and frees: timers, keys (wiped), exchanges. No message is sent. */
void sadb_free(struct ike_sa *sa);
struct ike_xchg *xchg_find(struct ike_sa *sa, uint32_t msgid);
struct ike_xchg *xchg_new(struct ike_sa *sa, uint32_t msgid, bool initiator);
void xchg_free(struct ike_xchg *x);
void xchg_clear(struct ike_xchg *x);
void qm_free(struct ike_qm *qm);

struct ike_child *child_new(struct ike_engine *e, struct in_addr peer);
/* The IPsec SAs with one peer, oldest first:
 *   for (c = child_first_of_peer(e, peer); c; c = child_next_of_peer(c)) */
struct ike_child *child_first_of_peer(struct ike_engine *e, struct in_addr peer);
struct ike_child *child_next_of_peer(struct ike_child *c);
struct ike_child *child_find_spi(struct ike_engine *e, struct in_addr dst, uint32_t spi);
struct ike_child *child_find_out(struct ike_engine *e, struct in_addr peer, uint32_t spi_out);
struct ike_child *child_find_serial(struct ike_engine *e, uint64_t serial);
/* The live child of a connection selector with a peer. */
struct ike_child *child_find_sel(struct ike_engine *e, uint32_t reqid, const struct dp_selector *sel,
				 struct in_addr peer);
/* Removes both directions from the data plane, logs, sends Delete if asked and an
 * ISAKMP SA with the peer exists. */
void child_delete(struct ike_child *c, bool send_delete, const char *reason);

/* ike_engine.c */
struct ike_conn_state *conn_state(struct ike_engine *e, uint32_t reqid);
const struct vpn_conn *engine_conn(struct ike_engine *e, uint32_t reqid);
/* Starts (or queues) Quick Mode for one selector of a connection. */
void engine_start_child(struct ike_engine *e, const struct vpn_conn *conn, const struct dp_selector *sel,
			uint64_t rekey_of);
/* Phase 1 of sa failed or timed out: log, failover, delete. */
void engine_p1_failed(struct ike_sa *sa, const char *why);
uint32_t engine_ipsec_life_s(const struct ike_engine *e, const struct vpn_conn *conn);
uint64_t engine_ipsec_life_kb(const struct ike_engine *e, const struct vpn_conn *conn);

/* ---- the dispatcher (ikev1_table.c) ------------------------------------------------------- */
enum hres { H_OK, H_IGNORE, H_FAIL };

struct ike_msg_ctx {
	struct ike_engine *e;
	struct ike_sa *sa;
	struct ike_xchg *x;
	const struct ike_row *row;
	struct isakmp_msg *m;
	struct ike_endpoint local, remote;
	bool encrypted;                 /* the message arrived with the E flag */
	struct isakmp_builder out;
	bool have_out;
	bool authenticated;             /* the handler verified the peer (HASH_I/HASH_R) */
	bool delete_sa;                 /* the handler asks for the SA to go (a Delete for it) */
	const char *delete_reason;
	uint16_t notify;                /* H_FAIL: the error to send, 0 for none */
	uint8_t notify_proto;
	uint32_t notify_spi;            /* for protocol ESP */
};

typedef enum hres (*ike_handler)(struct ike_msg_ctx *ctx);

enum ike_row_flags {
	ROW_ENC_IN = 1 << 0,            /* must arrive encrypted */
	ROW_ENC_ANY = 1 << 1,           /* either (AM3: RFC 2409 clear, RFC 3947 encrypted) */
	ROW_HASH1 = 1 << 2,             /* verify HASH(1): QM1, Informational */
	ROW_HASH2 = 1 << 3,
	ROW_HASH3 = 1 << 4,
	ROW_ENC_OUT = 1 << 5,           /* our reply is encrypted */
	ROW_WAIT = 1 << 6,              /* our reply expects an answer: retransmit it */
	ROW_NEW_SA = 1 << 7,            /* the first message of a responder SA */
};

struct ike_row {
	enum ike_state from, to;
	uint8_t exch;
	uint32_t req, opt;              /* ISAKMP_P() payload slots */
	unsigned flags;
	ike_handler fn;
	const char *name;               /* "MM1" ... for logs */
	void (*after)(struct ike_msg_ctx *ctx);   /* runs once the reply is on the wire */
};

void ikev1_input(struct ike_engine *e, const struct ike_endpoint *local, const struct ike_endpoint *remote,
		 const uint8_t *msg, size_t len);
/* isakmp_walk() over a decrypted Phase-1 message, dropping private payloads (128-255)
 * the codec does not know, such as the ASA's IOS KEEPALIVE in MM5. */
enum codec_err walk_skipping_private(struct isakmp_msg *m, uint8_t *plain, size_t len);

/* ---- handlers ------------------------------------------------------------------------------ */
enum hres mm_r_sa(struct ike_msg_ctx *ctx);       /* MM1 -> MM2 */
enum hres mm_i_sa(struct ike_msg_ctx *ctx);       /* MM2 -> MM3 */
enum hres mm_r_ke(struct ike_msg_ctx *ctx);       /* MM3 -> MM4 */
enum hres mm_i_ke(struct ike_msg_ctx *ctx);       /* MM4 -> MM5 */
enum hres mm_r_auth(struct ike_msg_ctx *ctx);     /* MM5 -> MM6 */
enum hres mm_i_auth(struct ike_msg_ctx *ctx);     /* MM6 */
enum hres am_r_sa(struct ike_msg_ctx *ctx);       /* AM1 -> AM2 */
enum hres am_i_sa(struct ike_msg_ctx *ctx);       /* AM2 -> AM3 */
enum hres am_r_auth(struct ike_msg_ctx *ctx);     /* AM3 */
enum hres qm_r_1(struct ike_msg_ctx *ctx);        /* QM1 -> QM2 */
enum hres qm_i_2(struct ike_msg_ctx *ctx);        /* QM2 -> QM3 */
enum hres qm_r_3(struct ike_msg_ctx *ctx);        /* QM3 */
void qm_i_install(struct ike_msg_ctx *ctx);       /* after QM3 went out */
enum hres info_recv(struct ike_msg_ctx *ctx);     /* HASH(1) protected N / D */
enum hres info_recv_clear(struct ike_msg_ctx *ctx);   /* unprotected Phase-1 notify */

/* ---- phase 1 (ikev1_main.c) ---------------------------------------------------------------- */
struct ike_sa *p1_initiate(struct ike_engine *e, const struct vpn_conn *conn, unsigned peer_index);
/* Called once the ISAKMP SA is established (after the last Phase-1 message). */
void p1_established(struct ike_sa *sa);

/* ---- quick mode (ikev1_quick.c) ------------------------------------------------------------ */
int qm_initiate(struct ike_sa *sa, const struct vpn_conn *conn, struct vpn_config *cfg,
		const struct dp_selector *sel, uint64_t rekey_of);
bool qm_in_progress(struct ike_engine *e, uint32_t reqid, const struct dp_selector *sel, struct in_addr peer);
/* A Quick Mode we initiated was refused by the peer (an error notify with our SPI). */
bool qm_peer_refused(struct ike_sa *sa, uint32_t spi_in, uint16_t notify);

/* ---- informational (ikev1_info.c) ------------------------------------------------------------ */
void info_send_notify(struct ike_sa *sa, uint8_t proto, uint16_t type, const void *spi, uint8_t spi_size,
		      const void *data, size_t data_len);
void info_send_p1_error(struct ike_engine *e, const struct ike_endpoint *local, const struct ike_endpoint *remote,
			const uint8_t *cky_i, const uint8_t *cky_r, uint16_t type);
void info_send_delete_isakmp(struct ike_sa *sa);
void info_send_delete_esp(struct ike_sa *sa, const uint32_t *spis, unsigned n);
void info_send_dpd(struct ike_sa *sa, bool ack, uint32_t seq);
void info_send_responder_lifetime_p1(struct ike_sa *sa);
/* INITIAL-CONTACT from the peer of sa: everything else we hold with it is stale. */
void info_initial_contact(struct ike_sa *sa);
/* Deletes the ISAKMP SA: Delete sent when established (and send is set). */
void ike_sa_delete(struct ike_sa *sa, bool send, const char *reason);

/* ---- wire (ikev1_wire.c) -------------------------------------------------------------------- */
void msg_begin(struct isakmp_builder *b, const struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
	       bool encrypt);
/* Reserves a HASH payload; returns the offset of its body. */
size_t msg_hash_reserve(struct isakmp_builder *b, const struct ike_sa *sa);
enum hash_kind { HASH_1, HASH_2, HASH_3 };
void msg_hash_fill(struct isakmp_builder *b, struct ike_sa *sa, size_t hash_off, enum hash_kind kind,
		   uint32_t msgid, const struct ike_qm *qm);
/* Finishes b (pads and encrypts with x->iv when the E flag is set), sends it from
 * sa->local to sa->remote, keeps it in x->last_sent, arms the retransmission when
 * wait_reply. Frees b. 0 or -1. */
int xchg_send(struct ike_xchg *x, struct isakmp_builder *b, bool wait_reply);
/* A one-shot message (Informational): iv is that exchange's first IV. */
int msg_send_once(struct ike_sa *sa, struct isakmp_builder *b, const uint8_t *iv);
void xchg_retransmit_stop(struct ike_xchg *x);
void xchg_resend(struct ike_xchg *x);
/* The IV of the first message of a Phase-2/Informational exchange. */
void p2_first_iv(struct ike_sa *sa, uint32_t msgid, uint8_t *iv);
uint32_t msgid_new(struct ike_sa *sa);
void wire_send_raw(struct ike_engine *e, const struct ike_endpoint *from, const struct ike_endpoint *to,
		   const uint8_t *msg, size_t len);

/* ---- NAT-T (ikev1_natt.c) ------------------------------------------------------------------- */
void vid_add_ours(struct isakmp_builder *b, enum natt_ver natt_reply, bool natt_enabled, bool responder);
/* What the peer's VIDs announce. */
void vid_read(struct ike_sa *sa, const struct isakmp_msg *m);
void natd_add(struct isakmp_builder *b, struct ike_sa *sa);
/* Compares the peer's NAT-D with the endpoints of the packet; sets nat_local/remote. */
void natd_check(struct ike_sa *sa, const struct isakmp_msg *m, const struct ike_endpoint *local,
		const struct ike_endpoint *remote);
/* Moves the SA to the NAT-T port when a NAT was found (initiator, before MM5/AM3). */
void natt_float(struct ike_sa *sa);
uint8_t natt_natd_type(enum natt_ver v);

/* ---- timers (ike_timers.c) ------------------------------------------------------------------ */
void timers_p1_established(struct ike_sa *sa);
void timers_p1_deadline(struct ike_sa *sa);
void timers_set_p1_lifetime(struct ike_sa *sa, uint32_t life_s);
void timers_dpd_ack(struct ike_sa *sa, uint32_t seq);
void timers_child_rekeyed(struct ike_child *old);
/* Soft/hard data-plane lifetimes for a new child, with jitter (initiator rekeys first). */
void timers_child_lifetime(const struct ike_child *c, struct dp_lifetime *life);

/* ---- logging (ike_log.c) -------------------------------------------------------------------- */
const char *state_asa(const struct ike_sa *sa);
const char *state_ios(const struct ike_sa *sa);
const char *state_fsm(enum ike_state st, bool initiator);
void ike_dbg(const struct ike_sa *sa, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ike_dbg_packet(const struct ike_sa *sa, bool sending, const struct ike_endpoint *local,
		    const struct ike_endpoint *remote, const uint8_t *plain, size_t len, bool resend);
void ike_dbg_transition(const struct ike_sa *sa, const struct ike_xchg *x, enum ike_state from, enum ike_state to);
void log_p1_new(const struct ike_sa *sa, const struct vpn_conn *conn, const struct dp_selector *sel);
void log_p1_complete(const struct ike_sa *sa);
void log_p1_failed(const struct ike_sa *sa, const char *why);
void log_p1_no_proposal(const struct ike_sa *sa, const struct p1_report *r);
void log_no_psk(const struct ike_sa *sa);
void log_psk_mismatch(struct ike_sa *sa, const char *what);
void log_p2_no_proposal(const struct ike_sa *sa, const struct vpn_conn *conn, const struct p2_report *r);
void log_p2_no_conn(const struct ike_sa *sa, const struct ts_half *peer_local, const struct ts_half *peer_remote);
void log_p2_complete(const struct ike_sa *sa, const struct ike_child *c, uint32_t msgid);
void log_child_deleted(const struct ike_child *c, const char *reason);
void log_notify_received(const struct ike_sa *sa, uint16_t type, uint8_t proto, bool encrypted);
void log_no_sa(struct ike_engine *e, const struct ike_endpoint *remote, const struct isakmp_hdr *h);
void log_dpd_dead(const struct ike_sa *sa);
void log_sa_deleted(const struct ike_sa *sa, const char *reason);
void log_half_open(struct ike_engine *e, const struct ike_endpoint *remote, bool evicted);
void log_lifetime_override(const struct ike_sa *sa, bool p1, uint32_t from_s, uint32_t to_s, uint64_t from_kb,
			   uint64_t to_kb);
void addr_str(struct in_addr a, char *buf);     /* buf of INET_ADDRSTRLEN */

#endif
