/* Routes for OUT PROTECT tunnel policies. A packet, forwarded or local, needs a route
 * before XFRM looks at it; a gateway often has none for the remote protected subnet.
 * The route points where the tunnel peer is reached and, when a local address lies in
 * the policy's source subnet, prefers it as source (so the router's own traffic to the
 * remote subnet matches the policy). An existing route for the prefix is used as is.
 * Routes carry their own protocol number so that flush() finds leftovers of a crash. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/route/rtnl.h>

#include "platform/dp_xfrm_int.h"
#include "platform/util.h"

/* Above the kernel's and the well-known daemons' numbers; 0x52 as in DP_REQID_BASE. */
#define RTPROT_RAMPART 82

static struct xfrm_route *route_find(struct xfrm_backend *xb, struct in_addr dst, uint8_t plen)
{
	for (struct xfrm_route *r = xb->routes; r; r = r->next)
		if (r->dst.s_addr == dst.s_addr && r->plen == plen)
			return r;
	return NULL;
}

static bool in_subnet(struct in_addr a, struct in_addr net, uint8_t plen)
{
	uint32_t mask = plen ? htonl(~0u << (32 - plen)) : 0;

	return (a.s_addr & mask) == (net.s_addr & mask);
}

/* A local address inside the policy's source subnet, or nothing. */
static struct nl_addr *preferred_source(struct xfrm_backend *xb, const struct dp_selector *sel)
{
	struct nl_cache *cache;
	struct nl_addr *found = NULL;

	if (sel->src_plen == 0 || rtnl_addr_alloc_cache(xb->rtnl, &cache) < 0)
		return NULL;
	for (struct nl_object *o = nl_cache_get_first(cache); o && !found; o = nl_cache_get_next(o)) {
		struct nl_addr *local = rtnl_addr_get_local((struct rtnl_addr *)o);
		struct in_addr a;

		if (!local || nl_addr_get_family(local) != AF_INET || nl_addr_get_len(local) != 4)
			continue;
		memcpy(&a, nl_addr_get_binary_addr(local), 4);
		if (in_subnet(a, sel->src, sel->src_plen))
			found = xb_addr4(a, 32);
	}
	nl_cache_free(cache);
	return found;
}

/* The next hop towards the tunnel peer: its gateway, or the peer itself when on-link. */
static struct rtnl_nexthop *next_hop_to(struct xfrm_backend *xb, struct in_addr peer)
{
	struct nl_addr *addr = xb_addr4(peer, 32);
	struct rtnl_route *via = NULL;
	struct rtnl_nexthop *nh = NULL, *found;

	if (!addr)
		return NULL;
	if (rtnl_route_lookup(xb->rtnl, addr, &via) == 0 && via &&
	    (found = rtnl_route_nexthop_n(via, 0)) != NULL) {
		nh = rtnl_route_nh_alloc();
		if (nh) {
			struct nl_addr *gw = rtnl_route_nh_get_gateway(found);
			rtnl_route_nh_set_ifindex(nh, rtnl_route_nh_get_ifindex(found));
			rtnl_route_nh_set_gateway(nh, gw ? gw : addr);
		}
	}
	if (via)
		rtnl_route_put(via);
	nl_addr_put(addr);
	return nh;
}

static int route_add(struct xfrm_backend *xb, const struct dp_policy *pol)
{
	struct rtnl_route *route = rtnl_route_alloc();
	struct nl_addr *dst = xb_addr4(pol->sel.dst, pol->sel.dst_plen), *src;
	struct rtnl_nexthop *nh = next_hop_to(xb, pol->tmpl_dst);
	int err = -ENETUNREACH;

	if (route && dst && nh) {
		rtnl_route_set_family(route, AF_INET);
		rtnl_route_set_table(route, RT_TABLE_MAIN);
		rtnl_route_set_protocol(route, RTPROT_RAMPART);
		rtnl_route_set_dst(route, dst);
		rtnl_route_add_nexthop(route, nh);
		nh = NULL;                  /* the route owns it now */
		src = preferred_source(xb, &pol->sel);
		if (src) {
			rtnl_route_set_pref_src(route, src);
			nl_addr_put(src);
		}
		xb_begin(xb);
		err = xb_result(xb, rtnl_route_add(xb->rtnl, route, NLM_F_CREATE | NLM_F_EXCL));
	}
	if (nh)
		rtnl_route_nh_free(nh);
	nl_addr_put(dst);
	if (route)
		rtnl_route_put(route);
	return err;
}

/* Best effort: a policy stays installed when its route cannot be made (no way to the
 * peer yet); the engine's own traffic still goes where the routing table says. */
int xfrm_route_ref(struct xfrm_backend *xb, const struct dp_policy *pol)
{
	struct xfrm_route *r = route_find(xb, pol->sel.dst, pol->sel.dst_plen);

	if (pol->sel.dst_plen == 0)
		return 0;           /* never take over the default route */
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->dst = pol->sel.dst;
		r->plen = pol->sel.dst_plen;
		r->owned = route_add(xb, pol) == 0;
		r->next = xb->routes;
		xb->routes = r;
	}
	r->refs++;
	return 0;
}

static void route_delete(struct xfrm_backend *xb, struct in_addr dst, uint8_t plen)
{
	struct rtnl_route *route = rtnl_route_alloc();
	struct nl_addr *addr = xb_addr4(dst, plen);

	if (route && addr) {
		rtnl_route_set_family(route, AF_INET);
		rtnl_route_set_table(route, RT_TABLE_MAIN);
		rtnl_route_set_protocol(route, RTPROT_RAMPART);
		rtnl_route_set_dst(route, addr);
		xb_begin(xb);
		xb_result(xb, rtnl_route_delete(xb->rtnl, route, 0));
	}
	nl_addr_put(addr);
	if (route)
		rtnl_route_put(route);
}

void xfrm_route_unref(struct xfrm_backend *xb, const struct dp_policy *pol)
{
	struct xfrm_route **p;

	for (p = &xb->routes; *p; p = &(*p)->next) {
		struct xfrm_route *r = *p;
		if (r->dst.s_addr != pol->sel.dst.s_addr || r->plen != pol->sel.dst_plen)
			continue;
		if (--r->refs > 0)
			return;
		if (r->owned)
			route_delete(xb, r->dst, r->plen);
		*p = r->next;
		free(r);
		return;
	}
}

/* Every route with Rampart's protocol number, this run's or a crashed one's. */
void xfrm_routes_flush(struct xfrm_backend *xb)
{
	struct nl_cache *cache;

	while (xb->routes) {
		struct xfrm_route *r = xb->routes;
		xb->routes = r->next;
		free(r);
	}
	if (rtnl_route_alloc_cache(xb->rtnl, AF_INET, 0, &cache) < 0)
		return;
	for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_route *route = (struct rtnl_route *)o;

		if (rtnl_route_get_protocol(route) != RTPROT_RAMPART)
			continue;
		xb_begin(xb);
		xb_result(xb, rtnl_route_delete(xb->rtnl, route, 0));
	}
	nl_cache_free(cache);
}
