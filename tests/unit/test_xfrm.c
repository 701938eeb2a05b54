/* The xfrm backend against the running kernel, in a private network namespace of its
 * own (unshare): SPI reservation, SA install/update/delete and counters, policies of
 * every direction and action, an ACQUIRE from a trap policy, the silent expiry of an
 * unused SPI, and flush/close removing Rampart's state and nothing else.
 * A kernel without ESP (esp4) refuses SAs: those checks are skipped with a note, the
 * rest still runs. Needs root (CAP_NET_ADMIN) and XFRM; exits 77 (skipped) otherwise.
 * Traffic through SAs is the VM tier's job (tests/vm). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>

#include "platform/dp_xfrm.h"
#include "platform/event.h"
#include "tests/unit/check.h"

#define REQ(n) (DP_REQID_BASE + (n))

struct seen {
	unsigned acquires, expires;
	uint32_t reqid;
	struct dp_selector sel;
	struct in_addr local, peer;
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
	struct seen *s = ctx;

	s->acquires++;
	s->reqid = reqid;
	s->sel = *sel;
	s->local = local;
	s->peer = peer;
}

static void on_expire(void *ctx, struct in_addr dst, uint32_t spi, bool hard)
{
	struct seen *s = ctx;

	(void)dst;
	(void)spi;
	(void)hard;
	s->expires++;
}

static void sh(const char *cmd)
{
	if (system(cmd) != 0)
		fprintf(stderr, "test_xfrm: '%s' failed\n", cmd);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			perror(path);
		close(fd);
	}
}

/* What the kernel holds, counted through a socket of the test's own. */
static struct nl_sock *probe;

static unsigned count_sas(bool ours_only)
{
	struct nl_cache *c;
	unsigned n = 0;

	if (xfrmnl_sa_alloc_cache(probe, &c) < 0)
		return 9999;
	for (struct nl_object *o = nl_cache_get_first(c); o; o = nl_cache_get_next(o)) {
		uint32_t reqid = (uint32_t)xfrmnl_sa_get_reqid((struct xfrmnl_sa *)o);
		if (!ours_only || (reqid >= DP_REQID_BASE && reqid <= DP_REQID_MAX))
			n++;
	}
	nl_cache_free(c);
	return n;
}

static unsigned count_policies(void)
{
	struct nl_cache *c;
	unsigned n = 0;

	if (xfrmnl_sp_alloc_cache(probe, &c) < 0)
		return 9999;
	for (struct nl_object *o = nl_cache_get_first(c); o; o = nl_cache_get_next(o))
		n++;
	nl_cache_free(c);
	return n;
}

static void run_loop(struct ev_loop *loop, unsigned ms, const unsigned *until)
{
	uint64_t end = ev_now_ms(loop) + ms;

	while (ev_now_ms(loop) < end && !(until && *until))
		ev_run_once(loop, 50);
}

static struct dp_sa sample_sa(uint32_t spi, const char *src, const char *dst, uint32_t reqid)
{
	struct dp_sa sa = { .src = ip(src), .dst = ip(dst), .spi = spi, .reqid = reqid,
			    .mode = DP_MODE_TUNNEL, .enc = DP_ENC_AES_CBC, .enc_key_len = 16,
			    .auth = DP_AUTH_HMAC_SHA1_96, .auth_key_len = 20, .replay_window = 64 };

	memset(sa.enc_key, 0x11, sa.enc_key_len);
	memset(sa.auth_key, 0x22, sa.auth_key_len);
	return sa;
}

static struct dp_policy sample_policy(enum dp_dir dir, const char *src, uint8_t splen, const char *dst,
				      uint8_t dplen, uint32_t reqid)
{
	struct dp_policy p = { .sel = { .src = ip(src), .dst = ip(dst), .src_plen = splen, .dst_plen = dplen },
			       .dir = dir, .action = DP_ACT_PROTECT, .priority = 100, .reqid = reqid,
			       .mode = DP_MODE_TUNNEL };

	p.tmpl_src = ip(dir == DP_DIR_OUT ? "192.0.2.1" : "192.0.2.2");
	p.tmpl_dst = ip(dir == DP_DIR_OUT ? "192.0.2.2" : "192.0.2.1");
	return p;
}

/* SPIs: distinct, never in the IANA-reserved 1..255, only for Rampart's reqids. */
static void test_spis(struct dataplane *dp, uint32_t *a, uint32_t *b)
{
	CHECK(dp->ops->get_spi(dp, ip("192.0.2.2"), ip("192.0.2.1"), REQ(1), a) == 0);
	CHECK(dp->ops->get_spi(dp, ip("192.0.2.2"), ip("192.0.2.1"), REQ(1), b) == 0);
	CHECK(*a >= 0x100 && *b >= 0x100 && *a != *b);
	CHECK(dp->ops->get_spi(dp, ip("192.0.2.2"), ip("192.0.2.1"), 7, a) == -ERANGE);
	CHECK(count_sas(true) == 2);
	{
		struct dp_counters c;
		CHECK(dp->ops->query_sa(dp, ip("192.0.2.1"), *b, &c) == -ENOENT);
	}
}

/* Returns false when the kernel has no ESP. */
static bool test_sas(struct dataplane *dp, uint32_t larval_spi)
{
	struct dp_sa sa = sample_sa(larval_spi, "192.0.2.2", "192.0.2.1", REQ(1));
	struct dp_counters c;
	int err = dp->ops->add_sa(dp, &sa);

	if (err == -EPROTONOSUPPORT || err == -ENOENT) {
		fprintf(stderr, "test_xfrm: this kernel has no ESP (%s: %s); SA checks skipped\n",
			strerror(-err), dp_xfrm_last_error(dp));
		return false;
	}
	CHECK(err == 0);
	CHECK(dp->ops->query_sa(dp, sa.dst, sa.spi, &c) == 0 && c.packets == 0 && c.bytes == 0 &&
	      c.add_time > 0 && c.use_time == 0);
	sa.life.soft_secs = 100;
	sa.life.hard_secs = 200;
	CHECK(dp->ops->update_sa(dp, &sa) == 0);

	/* Outbound, AEAD with a wide window, over UDP: installed fresh (no larval). */
	sa = sample_sa(0x5001, "192.0.2.1", "192.0.2.2", REQ(1));
	sa.enc = DP_ENC_AES_GCM16;
	sa.enc_key_len = 20;
	sa.auth = DP_AUTH_NONE;
	sa.auth_key_len = 0;
	sa.replay_window = 1024;
	sa.encap_sport = sa.encap_dport = 4500;
	CHECK(dp->ops->add_sa(dp, &sa) == 0);
	CHECK(dp->ops->add_sa(dp, &sa) == -EEXIST);

	sa = sample_sa(0x5002, "192.0.2.1", "192.0.2.2", REQ(1));
	sa.enc_key_len = 15;
	CHECK(dp->ops->add_sa(dp, &sa) == -EINVAL);
	sa = sample_sa(0x5002, "192.0.2.1", "192.0.2.2", 1);
	CHECK(dp->ops->add_sa(dp, &sa) == -ERANGE);
	sa = sample_sa(0x5003, "192.0.2.1", "192.0.2.2", REQ(2));
	CHECK(dp->ops->add_sa(dp, &sa) == 0);
	CHECK(dp->ops->del_sa(dp, sa.dst, sa.spi) == 0);
	CHECK(dp->ops->del_sa(dp, sa.dst, sa.spi) == -ENOENT);
	CHECK(dp->ops->query_sa(dp, sa.dst, sa.spi, &c) == -ENOENT);
	return true;
}

static void test_policies(struct dataplane *dp)
{
	struct dp_policy out = sample_policy(DP_DIR_OUT, "10.1.0.0", 24, "10.2.0.0", 24, REQ(1));
	struct dp_policy in = sample_policy(DP_DIR_IN, "10.2.0.0", 24, "10.1.0.0", 24, REQ(1));
	struct dp_policy fwd = sample_policy(DP_DIR_FWD, "10.2.0.0", 24, "10.1.0.0", 24, REQ(1));
	struct dp_policy bypass = { .sel = { .src = ip("10.1.0.0"), .src_plen = 24, .dst = ip("10.2.9.0"),
					     .dst_plen = 24, .proto = 17, .dport = 53 },
				    .dir = DP_DIR_OUT, .action = DP_ACT_BYPASS, .priority = 10 };
	struct dp_policy drop = bypass;
	unsigned before = count_policies();

	drop.action = DP_ACT_DROP;
	drop.sel.dport = 0;
	CHECK(dp->ops->add_policy(dp, &out) == 0);
	CHECK(dp->ops->add_policy(dp, &in) == 0);
	CHECK(dp->ops->add_policy(dp, &fwd) == 0);
	CHECK(dp->ops->add_policy(dp, &bypass) == 0);
	CHECK(dp->ops->add_policy(dp, &drop) == 0);
	CHECK(dp->ops->add_policy(dp, &out) == -EEXIST);
	CHECK(count_policies() == before + 5);
	out.reqid = 3;
	CHECK(dp->ops->add_policy(dp, &out) == -ERANGE);
	/* A delete needs only the selector and direction. */
	drop.priority = 0;
	CHECK(dp->ops->del_policy(dp, &drop) == 0);
	CHECK(dp->ops->del_policy(dp, &drop) == -ENOENT);
	CHECK(count_policies() == before + 4);
}

/* A PROTECT policy without SA: the first packet raises one ACQUIRE with the policy's
 * selector, its reqid and the template's endpoints. */
static void test_acquire(struct dataplane *dp, struct seen *seen)
{
	struct dp_policy trap = sample_policy(DP_DIR_OUT, "10.7.0.0", 16, "10.9.0.0", 16, REQ(5));
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9), .sin_addr = ip("10.9.1.1") };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	trap.tmpl_src = ip("127.0.0.1");
	trap.tmpl_dst = ip("127.0.0.2");
	/* lo is the only device sure to exist here; it skips XFRM unless told otherwise. */
	write_file("/proc/sys/net/ipv4/conf/lo/disable_xfrm", "0");
	sh("ip addr add 10.7.0.1/16 dev lo && ip route add 10.9.0.0/16 dev lo src 10.7.0.1");
	CHECK(dp->ops->add_policy(dp, &trap) == 0);
	memset(seen, 0, sizeof(*seen));
	if (sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		fprintf(stderr, "test_xfrm: sendto: %s (expected while the SA is missing)\n", strerror(errno));
	close(fd);
	run_loop(dp->loop, 2000, &seen->acquires);
	CHECK(seen->acquires == 1);
	CHECK(seen->reqid == REQ(5));
	CHECK(seen->sel.src.s_addr == ip("10.7.0.0").s_addr && seen->sel.src_plen == 16);
	CHECK(seen->sel.dst.s_addr == ip("10.9.0.0").s_addr && seen->sel.dst_plen == 16);
	CHECK(seen->local.s_addr == ip("127.0.0.1").s_addr && seen->peer.s_addr == ip("127.0.0.2").s_addr);
}

/* An SPI reserved and never used expires with xfrm_acq_expires, and that is no event. */
static void test_unused_spi_expiry(struct dataplane *dp, struct seen *seen)
{
	uint32_t spi;
	unsigned before = count_sas(true);

	write_file("/proc/sys/net/core/xfrm_acq_expires", "1");
	seen->expires = 0;
	CHECK(dp->ops->get_spi(dp, ip("192.0.2.9"), ip("192.0.2.1"), REQ(9), &spi) == 0);
	CHECK(count_sas(true) == before + 1);
	run_loop(dp->loop, 2500, NULL);
	CHECK(count_sas(true) == before);
	CHECK(seen->expires == 0);
	write_file("/proc/sys/net/core/xfrm_acq_expires", "30");
}

static int enter_private_netns(void)
{
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "test_xfrm: SKIP: needs root for a private network namespace\n");
		return -1;
	}
	sh("ip link set lo up");
	probe = nl_socket_alloc();
	if (!probe || nl_connect(probe, NETLINK_XFRM) < 0) {
		fprintf(stderr, "test_xfrm: SKIP: the kernel has no XFRM netlink\n");
		return -1;
	}
	return 0;
}

int main(void)
{
	struct seen seen = { 0 };
	struct dataplane dp = { .ops = &dp_xfrm_ops };
	uint32_t spi_a = 0, spi_b = 0;
	unsigned foreign_sas;

	if (enter_private_netns() < 0)
		return 77;
	dp.loop = ev_loop_new();
	dp.events = (struct dp_events){ .acquire = on_acquire, .expire = on_expire, .ctx = &seen };
	CHECK(dp.ops->open(&dp) == 0);
	CHECK(dp.ops->open(&dp) == -EBUSY);

	/* Someone else's state, which Rampart must never touch. */
	sh("ip xfrm policy add src 10.5.0.0/16 dst 10.6.0.0/16 dir out "
	   "tmpl src 192.0.2.1 dst 192.0.2.3 proto esp reqid 1 mode tunnel");
	sh("ip xfrm state allocspi src 192.0.2.3 dst 192.0.2.1 proto esp mode tunnel reqid 1 > /dev/null");
	foreign_sas = count_sas(false);
	CHECK(foreign_sas == 1 && count_policies() == 1);

	test_spis(&dp, &spi_a, &spi_b);
	if (!test_sas(&dp, spi_a))
		fprintf(stderr, "test_xfrm: run tests/vm/run for the SA checks under a kernel with ESP\n");
	test_policies(&dp);
	test_acquire(&dp, &seen);
	test_unused_spi_expiry(&dp, &seen);

	CHECK(count_sas(true) > 0);
	CHECK(dp.ops->flush(&dp) == 0);
	CHECK(count_sas(true) == 0);
	CHECK(count_sas(false) == foreign_sas);
	CHECK(count_policies() == 1);

	/* close() cleans up too, and a new instance finds nothing of the old one. */
	CHECK(dp.ops->get_spi(&dp, ip("192.0.2.2"), ip("192.0.2.1"), REQ(1), &spi_a) == 0);
	CHECK(dp.ops->add_policy(&dp, &(struct dp_policy){ .sel = { .dst = ip("10.8.0.0"), .dst_plen = 16 },
							   .dir = DP_DIR_IN, .action = DP_ACT_DROP }) == 0);
	dp.ops->close(&dp);
	CHECK(dp.priv == NULL);
	CHECK(count_sas(true) == 0 && count_policies() == 1);

	/* The lookup by name. */
	CHECK(dataplane_find("xfrm") == &dp_xfrm_ops);
	CHECK(dataplane_find("userspace") != NULL && dataplane_find("userspace") != &dp_xfrm_ops);
	CHECK(dataplane_find("pfkey") == NULL && dataplane_find(NULL) == NULL);

	ev_loop_free(dp.loop);
	nl_socket_free(probe);
	return check_done("test_xfrm");
}
