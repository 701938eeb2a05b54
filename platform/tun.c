#include "platform/tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <netlink/errno.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <stdbool.h>
#include <string.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int nl_errno(int nlerr)
{
	switch (-nlerr) {
	case 0: return 0;
	case NLE_EXIST: return -EEXIST;
	case NLE_OBJ_NOTFOUND: return -ENOENT;
	case NLE_PERM: return -EPERM;
	case NLE_NODEV: return -ENODEV;
	case NLE_NOMEM: return -ENOMEM;
	default: return -EIO;
	}
}

static int link_up(struct tun *t, unsigned mtu)
{
	struct rtnl_link *cur = NULL, *change = rtnl_link_alloc();
	int err;

	if (!change)
		return -ENOMEM;
	err = rtnl_link_get_kernel(t->route_sock, 0, t->name, &cur);
	if (err == 0) {
		t->ifindex = rtnl_link_get_ifindex(cur);
		rtnl_link_set_mtu(change, mtu);
		rtnl_link_set_flags(change, IFF_UP);
		err = rtnl_link_change(t->route_sock, cur, change, 0);
	}
	rtnl_link_put(cur);
	rtnl_link_put(change);
	return nl_errno(err);
}

static int tun_create(struct tun *t, const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };

	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0)
		return -errno;
	snprintf(t->name, sizeof(t->name), "%s", ifr.ifr_name);
	return 0;
}

int tun_open(struct tun *t, const char *name, unsigned mtu)
{
	int err;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	if (strlen(name) >= IFNAMSIZ)
		return -EINVAL;
	t->route_sock = nl_socket_alloc();
	if (!t->route_sock)
		return -ENOMEM;
	err = nl_errno(nl_connect(t->route_sock, NETLINK_ROUTE));
	if (err == 0)
		err = tun_create(t, name);
	if (err == 0)
		err = link_up(t, mtu);
	if (err < 0)
		tun_close(t);
	return err;
}

void tun_close(struct tun *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->route_sock)
		nl_socket_free(t->route_sock);
	t->route_sock = NULL;
}

static struct nl_addr *addr_of(struct in_addr a, uint8_t plen)
{
	struct nl_addr *na = nl_addr_build(AF_INET, &a, sizeof(a));

	if (na)
		nl_addr_set_prefixlen(na, plen);
	return na;
}

/* The route as the kernel keys it: table, destination, device. */
static struct rtnl_route *route_build(struct tun *t, struct in_addr dst, uint8_t plen)
{
	struct rtnl_route *route = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *dst_addr = addr_of(dst, plen);

	if (!route || !nh || !dst_addr) {
		rtnl_route_put(route);
		rtnl_route_nh_free(nh);
		nl_addr_put(dst_addr);
		return NULL;
	}
	rtnl_route_set_family(route, AF_INET);
	rtnl_route_set_table(route, RT_TABLE_MAIN);
	rtnl_route_set_dst(route, dst_addr);
	nl_addr_put(dst_addr);
	rtnl_route_nh_set_ifindex(nh, t->ifindex);
	rtnl_route_add_nexthop(route, nh);
	return route;
}

int tun_route_add(struct tun *t, struct in_addr dst, uint8_t plen, struct in_addr pref_src)
{
	struct rtnl_route *route = route_build(t, dst, plen);
	int err;

	if (!route)
		return -ENOMEM;
	rtnl_route_set_scope(route, RT_SCOPE_LINK);
	rtnl_route_set_protocol(route, RTPROT_STATIC);
	if (pref_src.s_addr) {
		struct nl_addr *src = addr_of(pref_src, 32);
		if (src) {
			rtnl_route_set_pref_src(route, src);
			nl_addr_put(src);
		}
	}
	err = rtnl_route_add(t->route_sock, route, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_route_put(route);
	return nl_errno(err);
}

int tun_route_del(struct tun *t, struct in_addr dst, uint8_t plen)
{
	struct rtnl_route *route = route_build(t, dst, plen);
	int err;

	if (!route)
		return -ENOMEM;
	err = rtnl_route_delete(t->route_sock, route, 0);
	rtnl_route_put(route);
	return nl_errno(err);
}

static bool in_prefix(struct in_addr a, struct in_addr net, uint8_t plen)
{
	uint32_t mask = plen ? htonl(~0u << (32 - plen)) : 0;

	return ((a.s_addr ^ net.s_addr) & mask) == 0;
}

int tun_local_addr_in(struct tun *t, struct in_addr net, uint8_t plen, struct in_addr *found)
{
	struct nl_cache *cache;
	int err = -ENOENT;

	if (rtnl_addr_alloc_cache(t->route_sock, &cache) < 0)
		return -EIO;
	for (struct nl_object *o = nl_cache_get_first(cache); o && err; o = nl_cache_get_next(o)) {
		struct nl_addr *local = rtnl_addr_get_local((struct rtnl_addr *)o);
		struct in_addr a;

		if (!local || nl_addr_get_family(local) != AF_INET || nl_addr_get_len(local) != sizeof(a))
			continue;
		memcpy(&a, nl_addr_get_binary_addr(local), sizeof(a));
		if (in_prefix(a, net, plen)) {
			*found = a;
			err = 0;
		}
	}
	nl_cache_free(cache);
	return err;
}
