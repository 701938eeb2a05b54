/* The TUN device of the userspace data plane and the routes that steer protected
 * traffic into it (libnl-route). The device lives as long as its descriptor: closing
 * it removes the device and, with it, every route through it. */
#ifndef RAMPART_TUN_H
#define RAMPART_TUN_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>

struct nl_sock;

#define TUN_DEFAULT_NAME "rampart0"
/* strongSwan's libipsec uses the same: a 1400-byte inner packet plus ESP, UDP and
 * the outer IPv4 header still fits a 1500-byte path with most algorithms. */
#define TUN_DEFAULT_MTU 1400

struct tun {
	int fd;                     /* non-blocking, one IPv4 packet per read/write */
	int ifindex;
	char name[IFNAMSIZ];
	struct nl_sock *route_sock;
};

/* 0 or -errno. The device is created, given the MTU and set up. */
int tun_open(struct tun *t, const char *name, unsigned mtu);
void tun_close(struct tun *t);

/* A route for dst/plen into the device, main table; pref_src 0.0.0.0 = none.
 * -EEXIST when an identical route is already there. */
int tun_route_add(struct tun *t, struct in_addr dst, uint8_t plen, struct in_addr pref_src);
int tun_route_del(struct tun *t, struct in_addr dst, uint8_t plen);

/* Finds an address of this host inside net/plen (the gateway's LAN-side address, as
 * preferred source for locally originated traffic). 0, or -ENOENT. */
int tun_local_addr_in(struct tun *t, struct in_addr net, uint8_t plen, struct in_addr *found);

#endif
