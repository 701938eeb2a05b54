/* The kernel-interface ops table: where the IKE engine hands over negotiated SAs and
 * the compiler installs policies. Two implementations: "xfrm" (netlink) and
 * "userspace" (ESP over a TUN device). The engine never knows which one it talks to.
 *
 * Conventions: IPv4 only; addresses are struct in_addr (network order); SPIs, ports,
 * reqids and lifetimes are host order. */
#ifndef RAMPART_DATAPLANE_H
#define RAMPART_DATAPLANE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ev_loop;
struct dataplane;

enum dp_mode { DP_MODE_TUNNEL = 0, DP_MODE_TRANSPORT = 1 };

enum dp_enc {
	DP_ENC_NULL,
	DP_ENC_DES,
	DP_ENC_3DES,
	DP_ENC_AES_CBC,     /* key 16/24/32 bytes */
	DP_ENC_AES_GCM16,   /* RFC 4106: key 16/24/32 bytes followed by a 4-byte salt */
};

enum dp_auth {
	DP_AUTH_NONE,
	DP_AUTH_HMAC_MD5_96,
	DP_AUTH_HMAC_SHA1_96,
	DP_AUTH_HMAC_SHA256_128,
	DP_AUTH_HMAC_SHA384_192,
	DP_AUTH_HMAC_SHA512_256,
};

/* A traffic selector: what a crypto ACL permit entry protects. */
struct dp_selector {
	struct in_addr src, dst;
	uint8_t src_plen, dst_plen;
	uint8_t proto;              /* 0 = any */
	uint16_t sport, dport;      /* 0 = any */
};

struct dp_lifetime {
	uint64_t soft_bytes, hard_bytes;      /* 0 = unlimited */
	uint64_t soft_packets, hard_packets;  /* 0 = unlimited */
	uint64_t soft_secs, hard_secs;        /* 0 = unlimited */
};

#define DP_KEY_MAX 64

/* One direction of an IPsec SA. */
struct dp_sa {
	struct in_addr src, dst;    /* outer addresses: src sends, dst receives */
	uint32_t spi;
	uint32_t reqid;             /* ties the SA to the policies of one crypto map entry */
	enum dp_mode mode;
	uint16_t encap_sport, encap_dport;   /* ESP-in-UDP (NAT-T) when non-zero */
	enum dp_enc enc;
	uint8_t enc_key[DP_KEY_MAX];
	size_t enc_key_len;
	enum dp_auth auth;
	uint8_t auth_key[DP_KEY_MAX];
	size_t auth_key_len;
	uint32_t replay_window;     /* packets; 0 disables anti-replay */
	struct dp_lifetime life;
	struct dp_selector sel;     /* inner traffic the SA carries (src = local side for outbound) */
};

enum dp_dir { DP_DIR_IN, DP_DIR_OUT, DP_DIR_FWD };

enum dp_action {
	DP_ACT_PROTECT,             /* IPsec with the template below; a miss raises ACQUIRE */
	DP_ACT_BYPASS,              /* clear text allowed */
	DP_ACT_DROP,
};

struct dp_policy {
	struct dp_selector sel;     /* for DP_DIR_OUT: src = local side; IN/FWD: src = remote side */
	enum dp_dir dir;
	enum dp_action action;
	uint32_t priority;          /* lower value wins, as in XFRM */
	uint32_t reqid;
	enum dp_mode mode;
	struct in_addr tmpl_src, tmpl_dst;  /* tunnel endpoints of the template */
};

struct dp_counters {
	uint64_t bytes, packets;
	uint64_t add_time, use_time;     /* unix seconds; use_time 0 = never used */
	uint64_t replay_errors, integrity_errors;
};

/* Events back into the engine. */
struct dp_events {
	/* Traffic hit a PROTECT policy with no SA. */
	void (*acquire)(void *ctx, uint32_t reqid, const struct dp_selector *sel,
			struct in_addr local, struct in_addr peer);
	/* An SA reached a soft (rekey) or hard (gone) lifetime. */
	void (*expire)(void *ctx, struct in_addr dst, uint32_t spi, bool hard);
	void *ctx;
};

struct dataplane_ops {
	const char *name;
	int (*open)(struct dataplane *dp);
	/* Removes everything this dataplane installed. */
	void (*close)(struct dataplane *dp);
	int (*get_spi)(struct dataplane *dp, struct in_addr src, struct in_addr dst, uint32_t reqid,
		       uint32_t *spi);
	int (*add_sa)(struct dataplane *dp, const struct dp_sa *sa);
	int (*update_sa)(struct dataplane *dp, const struct dp_sa *sa);
	int (*del_sa)(struct dataplane *dp, struct in_addr dst, uint32_t spi);
	int (*query_sa)(struct dataplane *dp, struct in_addr dst, uint32_t spi, struct dp_counters *out);
	int (*add_policy)(struct dataplane *dp, const struct dp_policy *pol);
	int (*del_policy)(struct dataplane *dp, const struct dp_policy *pol);
	/* Removes Rampart's own leftovers (reqid range), e.g. after a crash. */
	int (*flush)(struct dataplane *dp);
};

/* Rampart's reqids live in this range so that stale state can be told from others'. */
#define DP_REQID_BASE 0x52000000u
#define DP_REQID_MAX  0x52ffffffu

struct dataplane {
	const struct dataplane_ops *ops;
	struct ev_loop *loop;
	struct dp_events events;
	void *priv;                 /* backend state */
	/* Counts kernel operations issued, for the O(change) benchmark. */
	uint64_t ops_issued;
};

const struct dataplane_ops *dataplane_find(const char *name);

#endif
