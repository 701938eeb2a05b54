/* Internals of the userspace data plane shared by its control side (dp_userspace.c:
 * the ops table, SA and policy tables, lifetimes) and its data path
 * (dp_userspace_path.c: TUN and socket I/O, policy lookup, ESP, the acquire queue). */
#ifndef RAMPART_DP_USERSPACE_PRIV_H
#define RAMPART_DP_USERSPACE_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/dp_userspace.h"
#include "platform/esp.h"
#include "platform/replay.h"
#include "platform/tun.h"

#define SA_BUCKETS 1024
/* Installed SAs and OUT PROTECT policies by (reqid, peer), so that choosing the
 * outbound SA of thousands of tunnels of one dynamic crypto map entry (one reqid)
 * does not walk them all. */
#define FLOW_BUCKETS 4096
/* Packets held per reqid while IKE negotiates (RFC 4301 §5.2 leaves the queue to the
 * implementation; XFRM keeps a similar small per-policy queue). */
#define PENDING_PACKETS 16
#define PENDING_BYTES (64 * 1024)
/* XFRM's default acquire lifetime: queued packets older than that are stale, and
 * a still-missing SA is asked for again after it. */
#define ACQUIRE_RETRY_MS 30000
/* A reserved SPI that IKE never completes is released after this. */
#define LARVAL_LIFETIME_MS 60000

struct us_sa {
	struct dp_sa conf;          /* keys wiped once the crypto contexts hold them */
	bool larval;                /* reserved by get_spi, no keys yet */
	bool soft_raised;
	struct esp_crypto crypto;
	struct replay_window window;
	uint32_t seq_out;           /* last sequence number sent */
	struct dp_counters counters;
	uint64_t added_ms;          /* event-loop clock, for lifetimes */
	uint64_t serial;            /* install order: the newest outbound SA wins */
	struct ev_timer *soft_timer, *hard_timer;
	struct userspace *us;
	struct us_sa *bucket_next;
	struct us_sa *flow_next;    /* installed: the chain of its sa_flows bucket */
};

struct us_policy {
	struct dp_policy conf;
	struct us_sa *out_sa;       /* OUT PROTECT: newest SA of reqid + template */
	struct us_policy *next;     /* ascending priority */
	struct us_policy *slot_next; /* the chain of its slot_index bucket */
	struct us_policy *flow_next; /* OUT PROTECT: the chain of its out_flows bucket */
};

/* Policies by (direction, selector), so that adding and removing one does not walk
 * lists of thousands (a large crypto map ACL). */
#define POLICY_SLOT_BUCKETS 16384

struct us_route {
	struct in_addr dst;
	uint8_t plen;
	unsigned refs;
	bool owned;                 /* false: an equal route was there before us */
	struct us_route *next;
};

struct us_pending {
	uint32_t reqid;
	bool acquired;
	uint64_t acquired_ms;       /* when acquire was last raised */
	unsigned first, count;
	size_t bytes;
	uint16_t len[PENDING_PACKETS];
	uint64_t queued_ms[PENDING_PACKETS];
	uint8_t *slots;             /* PENDING_PACKETS slots of mtu bytes */
	struct us_pending *next;
};

/* A packet buffer with room for ESP around an inner packet of up to the MTU, or
 * for a whole received outer packet. */
struct us_buf {
	uint8_t *mem;
	size_t cap;
};

struct userspace {
	struct dataplane *dp;
	char tun_name[IFNAMSIZ];
	unsigned mtu;
	bool opened;
	struct tun tun;
	int esp_sock;               /* raw IPPROTO_ESP */
	dp_udp_sender udp_send;
	void *udp_ctx;
	struct us_sa *sa_buckets[SA_BUCKETS];
	struct us_policy *policies[3];      /* by enum dp_dir */
	struct us_policy *policy_tail[3];   /* the last of each list: appends are O(1) */
	struct us_policy *slot_index[POLICY_SLOT_BUCKETS];
	struct us_sa *sa_flows[FLOW_BUCKETS];          /* by (reqid, destination) */
	struct us_policy *out_flows[FLOW_BUCKETS];     /* by (reqid, template destination) */
	struct us_route *routes;
	struct us_pending *pending;
	struct us_buf tx_buf, rx_buf, flush_buf;
	uint64_t sa_serial;
	struct dp_userspace_stats stats;
};

/* dp_userspace.c */
struct us_sa *us_sa_find(struct userspace *us, struct in_addr dst, uint32_t spi);
/* Raises expire(soft) once; true when a hard limit is reached, in which case the SA
 * is gone (deleted and reported) when this returns. */
bool us_sa_soft_check(struct us_sa *sa);
bool us_sa_hard_reached(struct us_sa *sa);
void us_sa_expire_hard(struct us_sa *sa);

/* dp_userspace_path.c */
int us_path_open(struct userspace *us);
void us_path_close(struct userspace *us);
void us_pending_flush(struct userspace *us, uint32_t reqid);
void us_pending_free_all(struct userspace *us);
void us_pending_drop(struct userspace *us, uint32_t reqid);
void us_esp_input(struct userspace *us, struct in_addr src, struct in_addr dst, uint8_t *esp, size_t len);

#endif
