/* The userspace backend through its ops table, in a private network namespace:
 * two instances (tunA, tunB) wired back to back by their ESP-in-UDP senders, a
 * virtual clock for lifetimes. Covers acquire and the queue flushed by add_sa, the
 * IN policy check, packet and time lifetimes, larval SPIs, update, flush and close.
 * Needs root and /dev/net/tun; exits 77 (skipped) otherwise. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/dp_userspace.h"
#include "platform/event.h"
#include "tests/unit/check.h"

static uint64_t now_ms;
static uint64_t virtual_clock(void *arg) { (void)arg; return now_ms; }

struct side {
	struct dataplane dp;
	struct side *peer;
	unsigned acquires, soft, hard;
	uint32_t last_reqid, expired_spi;
};

static struct in_addr ip(const char *s)
{
	struct in_addr a;
	inet_pton(AF_INET, s, &a);
	return a;
}

static void on_acquire(void *ctx, uint32_t reqid, const struct dp_selector *sel, struct in_addr local,
		       struct in_addr peer)
{
	struct side *s = ctx;

	s->acquires++;
	s->last_reqid = reqid;
	CHECK(sel->dst_plen == 24 && local.s_addr == ip("192.0.2.1").s_addr && peer.s_addr == ip("192.0.2.2").s_addr);
}

static void on_expire(void *ctx, struct in_addr dst, uint32_t spi, bool hard)
{
	struct side *s = ctx;

	(void)dst;
	if (hard)
		s->hard++;
	else
		s->soft++;
	s->expired_spi = spi;
}

/* The "wire": what one side sends, the other receives. */
static int wire(void *ctx, struct in_addr src, uint16_t sport, struct in_addr dst, uint16_t dport,
		const uint8_t *pkt, size_t len)
{
	struct side *s = ctx;

	dp_userspace_udp_input(&s->peer->dp, src, sport, dst, dport, pkt, len);
	return 0;
}

static void side_open(struct side *s, struct ev_loop *loop, const char *tun)
{
	s->dp.ops = &dp_userspace_ops;
	s->dp.loop = loop;
	s->dp.events = (struct dp_events){ on_acquire, on_expire, s };
	CHECK(dp_userspace_set_tun(&s->dp, tun, 0) == 0);
	dp_userspace_set_udp_sender(&s->dp, wire, s);
	CHECK(s->dp.ops->open(&s->dp) == 0);
	CHECK(dp_userspace_set_tun(&s->dp, tun, 0) == -EBUSY);
}

/* lo up with 10.1.0.1/24: the source of the test's cleartext packets. */
static void local_address(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct rtnl_link *lo = NULL, *up = rtnl_link_alloc();
	struct rtnl_addr *addr = rtnl_addr_alloc();
	struct nl_addr *local = nl_addr_build(AF_INET, &(struct in_addr){ ip("10.1.0.1").s_addr }, 4);

	nl_connect(sk, NETLINK_ROUTE);
	rtnl_link_get_kernel(sk, 0, "lo", &lo);
	rtnl_link_set_flags(up, IFF_UP);
	CHECK(rtnl_link_change(sk, lo, up, 0) == 0);
	nl_addr_set_prefixlen(local, 24);
	rtnl_addr_set_ifindex(addr, rtnl_link_get_ifindex(lo));
	rtnl_addr_set_local(addr, local);
	CHECK(rtnl_addr_add(sk, addr, 0) == 0);
	nl_addr_put(local);
	rtnl_addr_put(addr);
	rtnl_link_put(lo);
	rtnl_link_put(up);
	nl_socket_free(sk);
}

static void send_udp(const char *dst, int count, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9), .sin_addr = ip(dst) };
	uint8_t payload[1400] = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	for (int i = 0; i < count; i++)
		CHECK(sendto(fd, payload, len, 0, (struct sockaddr *)&to, sizeof(to)) == (ssize_t)len);
	close(fd);
}

static void pump(struct ev_loop *loop)
{
	for (int i = 0; i < 20; i++)
		ev_run_once(loop, 10);
}

static struct dp_sa sa_ab(uint32_t spi, uint32_t reqid)
{
	struct dp_sa sa = { .src = ip("192.0.2.1"), .dst = ip("192.0.2.2"), .spi = spi, .reqid = reqid,
			    .mode = DP_MODE_TUNNEL, .encap_sport = 4500, .encap_dport = 4500,
			    .enc = DP_ENC_AES_CBC, .enc_key_len = 16, .auth = DP_AUTH_HMAC_SHA1_96,
			    .auth_key_len = 20, .replay_window = 128 };
	memset(sa.enc_key, 0x11, 16);
	memset(sa.auth_key, 0x22, 20);
	return sa;
}

static struct dp_policy policy(enum dp_dir dir, const char *src, const char *dst, uint32_t reqid)
{
	struct dp_policy p = { .dir = dir, .action = DP_ACT_PROTECT, .priority = 100, .reqid = reqid,
			       .mode = DP_MODE_TUNNEL, .tmpl_src = ip("192.0.2.1"), .tmpl_dst = ip("192.0.2.2") };
	p.sel.src = ip(src);
	p.sel.dst = ip(dst);
	p.sel.src_plen = p.sel.dst_plen = 24;
	return p;
}

static void test_acquire_then_flush(struct ev_loop *loop, struct side *a, struct side *b)
{
	struct dp_policy out = policy(DP_DIR_OUT, "10.1.0.0", "10.2.0.0", 1);
	struct dp_policy in = policy(DP_DIR_IN, "10.1.0.0", "10.2.0.0", 1);
	struct dp_userspace_stats sa_stats, sb_stats;
	struct dp_counters ca, cb;
	struct dp_sa sa;
	uint32_t spi;

	CHECK(a->dp.ops->add_policy(&a->dp, &out) == 0);
	CHECK(a->dp.ops->add_policy(&a->dp, &out) == -EEXIST);
	CHECK(b->dp.ops->add_policy(&b->dp, &in) == 0);
	CHECK(if_nametoindex("tunA") != 0);
	send_udp("10.2.0.5", 3, 100);
	pump(loop);
	CHECK(a->acquires == 1 && a->last_reqid == 1);
	dp_userspace_get_stats(&a->dp, &sa_stats);
	CHECK(sa_stats.queued == 3 && sa_stats.acquires == 1);

	/* IKE would now allocate the inbound SPI at the responder and install both ends. */
	CHECK(b->dp.ops->get_spi(&b->dp, ip("192.0.2.1"), ip("192.0.2.2"), 1, &spi) == 0 && spi >= 256);
	CHECK(b->dp.ops->query_sa(&b->dp, ip("192.0.2.2"), spi, &cb) == -ENOENT);   /* larval */
	sa = sa_ab(spi, 1);
	CHECK(b->dp.ops->add_sa(&b->dp, &sa) == 0);
	CHECK(b->dp.ops->add_sa(&b->dp, &sa) == -EEXIST);
	CHECK(a->dp.ops->add_sa(&a->dp, &sa) == 0);   /* flushes the queue through the SA */
	pump(loop);
	CHECK(a->dp.ops->query_sa(&a->dp, ip("192.0.2.2"), spi, &ca) == 0);
	CHECK(b->dp.ops->query_sa(&b->dp, ip("192.0.2.2"), spi, &cb) == 0);
	CHECK(ca.packets == 3 && ca.bytes == 3 * 128 && ca.use_time && ca.add_time);
	CHECK(cb.packets == 3 && cb.bytes == 3 * 128);
	dp_userspace_get_stats(&b->dp, &sb_stats);
	CHECK(sb_stats.tun_written == 3);

	/* Traffic the peer's IN policy does not admit: same SA, other selector. */
	out = policy(DP_DIR_OUT, "10.1.0.0", "10.9.0.0", 1);
	CHECK(a->dp.ops->add_policy(&a->dp, &out) == 0);
	send_udp("10.9.0.5", 2, 50);
	pump(loop);
	dp_userspace_get_stats(&b->dp, &sb_stats);
	CHECK(sb_stats.policy_mismatch == 2 && sb_stats.tun_written == 3);
	CHECK(a->dp.ops->del_policy(&a->dp, &out) == 0);
	CHECK(a->dp.ops->del_policy(&a->dp, &out) == -ENOENT);

	CHECK(a->dp.ops->del_sa(&a->dp, ip("192.0.2.2"), spi) == 0);
	CHECK(b->dp.ops->del_sa(&b->dp, ip("192.0.2.2"), spi) == 0);
	CHECK(a->dp.ops->del_sa(&a->dp, ip("192.0.2.2"), spi) == -ENOENT);
}

static void test_packet_lifetime(struct ev_loop *loop, struct side *a, struct side *b)
{
	struct dp_sa sa = sa_ab(0x3000, 1);
	struct dp_counters c;

	sa.life.soft_packets = 5;
	sa.life.hard_packets = 8;
	CHECK(a->dp.ops->add_sa(&a->dp, &sa) == 0 && b->dp.ops->add_sa(&b->dp, &sa) == 0);
	a->soft = a->hard = 0;
	a->acquires = 0;
	send_udp("10.2.0.5", 10, 20);
	pump(loop);
	CHECK(a->soft == 1 && a->hard == 1 && a->expired_spi == 0x3000);
	CHECK(a->dp.ops->query_sa(&a->dp, ip("192.0.2.2"), 0x3000, &c) == -ENOENT);
	CHECK(b->dp.ops->query_sa(&b->dp, ip("192.0.2.2"), 0x3000, &c) == 0 && c.packets == 8);
	CHECK(a->acquires == 1);                    /* packet 10 found no SA any more */
	CHECK(b->dp.ops->del_sa(&b->dp, ip("192.0.2.2"), 0x3000) == 0);
}

static void test_time_lifetime(struct ev_loop *loop, struct side *a)
{
	struct dp_sa sa = sa_ab(0x4000, 7);
	struct dp_counters c;
	uint32_t spi;

	sa.life.soft_secs = 10;
	sa.life.hard_secs = 20;
	a->soft = a->hard = 0;
	CHECK(a->dp.ops->add_sa(&a->dp, &sa) == 0);
	now_ms += 9999;
	ev_run_timers(loop);
	CHECK(a->soft == 0);
	now_ms += 1;
	ev_run_timers(loop);
	CHECK(a->soft == 1 && a->hard == 0);
	/* update keeps counters and the original add time. */
	sa.encap_dport = 4501;
	CHECK(a->dp.ops->update_sa(&a->dp, &sa) == 0);
	CHECK(a->dp.ops->query_sa(&a->dp, ip("192.0.2.2"), 0x4000, &c) == 0);
	now_ms += 10000;
	ev_run_timers(loop);
	CHECK(a->soft == 1 && a->hard == 1);
	CHECK(a->dp.ops->query_sa(&a->dp, ip("192.0.2.2"), 0x4000, &c) == -ENOENT);
	CHECK(a->dp.ops->update_sa(&a->dp, &sa) == -ENOENT);

	/* A reserved SPI that is never completed goes away by itself. */
	CHECK(a->dp.ops->get_spi(&a->dp, ip("192.0.2.2"), ip("192.0.2.1"), 9, &spi) == 0);
	now_ms += 61000;
	ev_run_timers(loop);
	CHECK(a->dp.ops->del_sa(&a->dp, ip("192.0.2.1"), spi) == -ENOENT);
	CHECK(a->hard == 1);                        /* larval SPIs are not reported */
}

static uint64_t sent_on(struct side *a, const char *dst, uint32_t spi)
{
	struct dp_counters c = { 0 };

	return a->dp.ops->query_sa(&a->dp, ip(dst), spi, &c) == 0 ? c.packets : 0;
}

static void send_one(struct ev_loop *loop, const char *dst)
{
	send_udp(dst, 1, 20);
	pump(loop);
}

/* Which SA carries a flow: the newest installed one of its reqid and template, also
 * when one reqid has many peers (a dynamic crypto map entry) or a template of any peer. */
static void test_out_sa_choice(struct ev_loop *loop, struct side *a)
{
	struct dp_policy to_b = policy(DP_DIR_OUT, "10.1.0.0", "10.6.0.0", 7);
	struct dp_policy to_c = policy(DP_DIR_OUT, "10.1.0.0", "10.7.0.0", 7);
	struct dp_policy later = policy(DP_DIR_OUT, "10.1.0.0", "10.8.0.0", 7);
	struct dp_policy any_peer = policy(DP_DIR_OUT, "10.1.0.0", "10.9.0.0", 8);
	struct dp_sa old = sa_ab(0x6001, 7), newer = sa_ab(0x6002, 7), sa_c = sa_ab(0x6003, 7), sa_any = sa_ab(0x6004, 8);

	to_c.tmpl_dst = sa_c.dst = ip("192.0.2.3");
	any_peer.tmpl_dst.s_addr = 0;
	CHECK(a->dp.ops->add_policy(&a->dp, &to_b) == 0 && a->dp.ops->add_policy(&a->dp, &to_c) == 0);
	CHECK(a->dp.ops->add_policy(&a->dp, &any_peer) == 0);
	CHECK(a->dp.ops->add_sa(&a->dp, &old) == 0);
	send_one(loop, "10.6.0.5");
	CHECK(sent_on(a, "192.0.2.2", 0x6001) == 1);
	CHECK(a->dp.ops->add_sa(&a->dp, &newer) == 0);            /* a rekey: the new SA takes over */
	send_one(loop, "10.6.0.5");
	CHECK(sent_on(a, "192.0.2.2", 0x6002) == 1 && sent_on(a, "192.0.2.2", 0x6001) == 1);
	CHECK(a->dp.ops->add_sa(&a->dp, &sa_c) == 0);             /* another peer, same reqid */
	send_one(loop, "10.7.0.5");
	send_one(loop, "10.6.0.5");
	CHECK(sent_on(a, "192.0.2.3", 0x6003) == 1 && sent_on(a, "192.0.2.2", 0x6002) == 2);
	CHECK(a->dp.ops->add_policy(&a->dp, &later) == 0);        /* a policy finds the SA already there */
	send_one(loop, "10.8.0.5");
	CHECK(sent_on(a, "192.0.2.2", 0x6002) == 3);
	CHECK(a->dp.ops->del_sa(&a->dp, ip("192.0.2.2"), 0x6002) == 0);   /* back to the older one */
	send_one(loop, "10.6.0.5");
	CHECK(sent_on(a, "192.0.2.2", 0x6001) == 2);
	CHECK(a->dp.ops->add_sa(&a->dp, &sa_any) == 0);           /* a template of any peer */
	send_one(loop, "10.9.0.5");
	CHECK(sent_on(a, "192.0.2.2", 0x6004) == 1);
	CHECK(a->dp.ops->del_policy(&a->dp, &to_b) == 0 && a->dp.ops->del_policy(&a->dp, &later) == 0);
	CHECK(a->dp.ops->del_policy(&a->dp, &to_c) == 0 && a->dp.ops->del_policy(&a->dp, &any_peer) == 0);
	CHECK(a->dp.ops->del_sa(&a->dp, ip("192.0.2.2"), 0x6001) == 0);
	CHECK(a->dp.ops->del_sa(&a->dp, ip("192.0.2.3"), 0x6003) == 0);
	CHECK(a->dp.ops->del_sa(&a->dp, ip("192.0.2.2"), 0x6004) == 0);
}

static void test_refused(struct side *a)
{
	struct dp_sa sa = sa_ab(0x5000, 1);
	struct dp_policy pol = policy(DP_DIR_OUT, "10.1.0.0", "10.5.0.0", 1);

	sa.mode = DP_MODE_TRANSPORT;
	CHECK(a->dp.ops->add_sa(&a->dp, &sa) == -ENOTSUP);
	sa = sa_ab(0x5000, 1);
	sa.replay_window = 4096;
	CHECK(a->dp.ops->add_sa(&a->dp, &sa) == -EINVAL);
	sa = sa_ab(0x5000, 1);
	sa.auth = DP_AUTH_NONE;
	CHECK(a->dp.ops->add_sa(&a->dp, &sa) == -EINVAL);
	CHECK(a->dp.ops->query_sa(&a->dp, ip("192.0.2.2"), 0x5000, &(struct dp_counters){ 0 }) == -ENOENT);
	pol.mode = DP_MODE_TRANSPORT;
	CHECK(a->dp.ops->add_policy(&a->dp, &pol) == -ENOTSUP);
}

int main(void)
{
	struct ev_loop *loop;
	struct side a = { 0 }, b = { 0 };

	if (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0 || unshare(CLONE_NEWNET) != 0) {
		fprintf(stderr, "test_esp_backend: skipped (needs root and /dev/net/tun)\n");
		return 77;
	}
	local_address();
	loop = ev_loop_new();
	ev_set_clock(loop, virtual_clock, NULL);
	a.peer = &b;
	b.peer = &a;
	side_open(&a, loop, "tunA");
	side_open(&b, loop, "tunB");
	test_acquire_then_flush(loop, &a, &b);
	test_packet_lifetime(loop, &a, &b);
	test_time_lifetime(loop, &a);
	test_out_sa_choice(loop, &a);
	test_refused(&a);
	CHECK(a.dp.ops->flush(&a.dp) == 0);
	a.dp.ops->close(&a.dp);
	b.dp.ops->close(&b.dp);
	CHECK(if_nametoindex("tunA") == 0 && if_nametoindex("tunB") == 0);
	ev_loop_free(loop);
	return check_done("test_esp_backend");
}
