/* Inside the xfrm backend: the state its files share. */
#ifndef RAMPART_DP_XFRM_INT_H
#define RAMPART_DP_XFRM_INT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/dataplane.h"

struct nl_sock;
struct nl_addr;

/* An SPI that ALLOCSPI reserved: the kernel holds a larval SA that must be updated. */
struct xfrm_larval {
	struct in_addr dst;
	uint32_t spi;
};

/* A route that OUT PROTECT policies need; several policies may share one. */
struct xfrm_route {
	struct in_addr dst;
	uint8_t plen;
	unsigned refs;
	bool owned;                 /* we added it (else it was there already) */
	struct xfrm_route *next;
};

struct xfrm_backend {
	struct dataplane *dp;
	struct nl_sock *cmd;        /* XFRM requests and their answers */
	struct nl_sock *events;     /* ACQUIRE and EXPIRE multicast, read from the loop */
	struct nl_sock *rtnl;       /* routes */
	int kernel_errno;           /* of the last request the kernel refused */
	char kernel_msg[160];       /* and its extended-ack text */
	struct xfrm_larval *larval;
	size_t nlarval, caplarval;
	struct xfrm_route *routes;
};

static inline bool xfrm_reqid_ours(uint32_t reqid)
{
	return reqid >= DP_REQID_BASE && reqid <= DP_REQID_MAX;
}

/* dp_xfrm.c: every kernel request starts with xb_begin() and ends in xb_result(),
 * which turns libnl's code into -errno (the kernel's own when it refused). */
void xb_begin(struct xfrm_backend *xb);
int xb_result(struct xfrm_backend *xb, int nl_err);
/* Sends msg (consumed) on the command socket and waits for the ack. */
int xb_send_sync(struct xfrm_backend *xb, struct nl_msg *msg);
struct nl_addr *xb_addr4(struct in_addr a, uint8_t plen);

/* dp_xfrm_sa.c */
int xfrm_get_spi(struct dataplane *dp, struct in_addr src, struct in_addr dst, uint32_t reqid,
		 uint32_t *spi);
int xfrm_add_sa(struct dataplane *dp, const struct dp_sa *conf);
int xfrm_update_sa(struct dataplane *dp, const struct dp_sa *conf);
int xfrm_del_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi);
int xfrm_query_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi, struct dp_counters *out);
int xfrm_flush_sas(struct xfrm_backend *xb);
bool xfrm_larval_forget(struct xfrm_backend *xb, struct in_addr dst, uint32_t spi);

/* dp_xfrm_policy.c */
int xfrm_add_policy(struct dataplane *dp, const struct dp_policy *pol);
int xfrm_del_policy(struct dataplane *dp, const struct dp_policy *pol);
int xfrm_flush_policies(struct xfrm_backend *xb);

/* dp_xfrm_route.c */
int xfrm_route_ref(struct xfrm_backend *xb, const struct dp_policy *pol);
void xfrm_route_unref(struct xfrm_backend *xb, const struct dp_policy *pol);
void xfrm_routes_flush(struct xfrm_backend *xb);

/* dp_xfrm_events.c */
int xfrm_events_open(struct xfrm_backend *xb);
void xfrm_events_close(struct xfrm_backend *xb);

#endif
