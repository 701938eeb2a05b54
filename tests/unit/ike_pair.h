/* Two IKE engines in one process, joined by a fake wire, on one event loop with a
 * virtual clock. The engines, the codec and the crypto are the real ones; the wire is
 * a wire (it may drop, duplicate, delay, reorder, corrupt and NAT packets), and each
 * engine's data plane is the recording one of tests/tools/dp_memory.c.
 *
 * Side 0 ("A") is 192.0.2.1 with LAN 10.1.0.0/24, side 1 ("B") is 192.0.2.2 with LAN
 * 10.2.0.0/24, as in the interop rig. */
#ifndef RAMPART_TESTS_IKE_PAIR_H
#define RAMPART_TESTS_IKE_PAIR_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/dataplane.h"
#include "platform/event.h"
#include "tests/tools/dp_memory.h"
#include "vpn/ike.h"

#define PAIR_REQID (DP_REQID_BASE + 10)

struct pair;

struct wire_pkt {
	int from_side;
	struct ike_endpoint from, to;
	uint8_t *buf;
	size_t len;
};

/* Returns -1 to drop the packet, else extra delay in ms. */
typedef int (*wire_filter_fn)(struct pair *p, const struct wire_pkt *pkt, void *ctx);

struct wire {
	double drop, dup, corrupt, reorder;     /* probabilities, 0..1 */
	uint64_t rng;
	unsigned latency_ms;
	bool cut;                               /* everything is lost */
	bool nat;                               /* side 0 behind a NAT (see pair_nat) */
	bool catch_all;                         /* unknown destinations are the other side */
	struct in_addr nat_public;
	wire_filter_fn filter;
	void *filter_ctx;
	bool trace;                             /* keep a copy of every packet sent */
	struct wire_pkt *log;
	size_t nlog, caplog;
	unsigned in_flight;
	unsigned sent, delivered, dropped, duplicated, corrupted, reordered, undeliverable;
	unsigned keepalives[2];                 /* NAT keepalives sent, by side */
};

struct pair {
	struct ev_loop *loop;
	uint64_t now;
	struct dataplane dp[2];
	struct ike_engine *e[2];
	struct in_addr addr[2];
	struct ike_transport tx[2];
	struct wire w;
};

void pair_init(struct pair *p);
void pair_free(struct pair *p);
/* Reset both engines (new engines, empty data planes), keep the wire settings. */
void pair_restart(struct pair *p);
/* Replace one side's engine and data plane: a reboot, state lost. */
void pair_reboot(struct pair *p, int side);
void pair_set_config(struct pair *p, int side, struct vpn_config *cfg);   /* takes ownership */
/* Side 0 gets a private address behind a NAT that rewrites it to 198.51.100.1. */
void pair_nat(struct pair *p);

/* Moves virtual time by ms, delivering packets and running timers. */
void pair_run(struct pair *p, uint64_t ms);
/* Runs until cond() holds or max_ms passed; true if it held. */
bool pair_run_until(struct pair *p, bool (*cond)(struct pair *), uint64_t max_ms);

/* The data plane's acquire for the first selector of side's connection (traffic). */
void pair_traffic(struct pair *p, int side);

/* A configuration in the shape most tests need: one IKE policy (aes-256, sha, group
 * 14, 86400 s), the PSK "interop-test-psk" for the peer, one crypto map entry OUT 10
 * (reqid PAIR_REQID) protecting the side's LAN to the other LAN with transform set
 * esp-aes-256 esp-sha-hmac, 3600 s / 4608000 KB. */
struct vpn_config *cfg_default(struct pair *p, int side);
void cfg_set_policy(struct vpn_config *c, unsigned i, uint32_t prio, uint16_t enc, uint16_t bits, uint16_t hash,
		    uint16_t group, uint32_t life_s);
void cfg_set_tset(struct vpn_config *c, unsigned i, uint16_t esp_id, uint16_t bits, uint16_t auth_alg,
		  enum dp_mode mode);

/* Checks on the outcome. */
bool pair_up(struct pair *p);                  /* both sides hold matching IPsec SAs */
bool pair_keys_match(struct pair *p);          /* every outbound SA has its inbound twin, same keys */
unsigned pair_ipsec(struct pair *p, int side); /* IPsec SA pairs the engine holds */
unsigned pair_ike(struct pair *p, int side, bool established);

/* Log lines (syslog and debug) seen since the last reset. */
void logcap_init(void);
void logcap_reset(void);
bool logcap_has(const char *needle);
unsigned logcap_count(const char *needle);
void logcap_dump(void);

uint64_t wire_rand(struct wire *w);

#endif
