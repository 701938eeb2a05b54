/* A data plane that only records: the other side of the ops table for the IKE engine's
 * tests and for iketool's negotiation-only mode. SAs (keys included, so that a test can
 * compare both peers' keys), policies, counters a test can bump, and soft/hard
 * lifetimes on the event loop raising expire events as a real backend does. */
#ifndef RAMPART_TESTS_DP_MEMORY_H
#define RAMPART_TESTS_DP_MEMORY_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/dataplane.h"

extern const struct dataplane_ops dp_memory_ops;

struct dpm_sa {
	struct dp_sa conf;
	bool larval;
	bool soft_raised;
	struct dp_counters counters;
	struct ev_timer *soft_timer, *hard_timer;
	struct dataplane *dp;
	struct dpm_sa *next;            /* installation order */
	struct dpm_sa *bucket_next;     /* by (destination, SPI) */
};

struct dpm_stats {
	unsigned get_spi, add_sa, update_sa, del_sa, add_policy, del_policy;
	unsigned sas, larval, policies;
};

struct dpm_sa *dp_memory_find(struct dataplane *dp, struct in_addr dst, uint32_t spi);
/* Complete SAs in installation order; i from 0. */
struct dpm_sa *dp_memory_nth(struct dataplane *dp, unsigned i);
void dp_memory_stats(struct dataplane *dp, struct dpm_stats *out);
/* Traffic on an SA: counters move, byte lifetimes raise expire as XFRM does. */
void dp_memory_traffic(struct dataplane *dp, struct in_addr dst, uint32_t spi, uint64_t packets, uint64_t bytes);

#endif
