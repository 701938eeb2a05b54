/* Control side of the userspace data plane: the ops table, the SA and policy tables,
 * routes into the TUN, lifetimes. The packet path is in dp_userspace_path.c. */
#include "platform/dp_userspace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/secure.h"
#include "platform/dp_userspace_priv.h"
#include "platform/event.h"
#include "platform/util.h"

static struct userspace *us_get(struct dataplane *dp)
{
	struct userspace *us = dp->priv;

	if (!us) {
		us = xcalloc(1, sizeof(*us));
		us->dp = dp;
		us->esp_sock = -1;
		us->tun.fd = -1;
		snprintf(us->tun_name, sizeof(us->tun_name), "%s", TUN_DEFAULT_NAME);
		us->mtu = TUN_DEFAULT_MTU;
		dp->priv = us;
	}
	return us;
}

int dp_userspace_set_tun(struct dataplane *dp, const char *name, unsigned mtu)
{
	struct userspace *us = us_get(dp);

	if (us->opened)
		return -EBUSY;
	if ((name && (!*name || strlen(name) >= IFNAMSIZ)) || (mtu && (mtu < 576 || mtu > 9000)))
		return -EINVAL;
	if (name)
		snprintf(us->tun_name, sizeof(us->tun_name), "%s", name);
	if (mtu)
		us->mtu = mtu;
	return 0;
}

void dp_userspace_set_udp_sender(struct dataplane *dp, dp_udp_sender send, void *ctx)
{
	struct userspace *us = us_get(dp);

	us->udp_send = send;
	us->udp_ctx = ctx;
}

void dp_userspace_get_stats(struct dataplane *dp, struct dp_userspace_stats *out)
{
	*out = us_get(dp)->stats;
}

/* ---- SA table, keyed like XFRM by (destination, SPI) ---- */

static struct us_sa **sa_bucket(struct userspace *us, struct in_addr dst, uint32_t spi)
{
	uint32_t h = (spi ^ dst.s_addr) * 2654435761u;

	return &us->sa_buckets[h >> 22];    /* top 10 bits: SA_BUCKETS = 1024 */
}

struct us_sa *us_sa_find(struct userspace *us, struct in_addr dst, uint32_t spi)
{
	for (struct us_sa *sa = *sa_bucket(us, dst, spi); sa; sa = sa->bucket_next)
		if (sa->conf.spi == spi && sa->conf.dst.s_addr == dst.s_addr)
			return sa;
	return NULL;
}

static bool addr_matches(struct in_addr want, struct in_addr have)
{
	return want.s_addr == 0 || want.s_addr == have.s_addr;    /* 0.0.0.0: any */
}

/* ---- the outbound SA of each OUT PROTECT policy: the newest installed SA of its reqid
 * and template; cached in the policy, kept current as SAs come and go ---- */

static size_t flow_bucket(uint32_t reqid, struct in_addr dst)
{
	return ((reqid * 2654435761u) ^ dst.s_addr) * 2654435761u >> 20;    /* FLOW_BUCKETS = 4096 */
}

static bool sa_fits(const struct us_sa *sa, const struct dp_policy *pol)
{
	return !sa->larval && sa->conf.reqid == pol->reqid && addr_matches(pol->tmpl_src, sa->conf.src) &&
	       addr_matches(pol->tmpl_dst, sa->conf.dst);
}

static struct us_sa *newest_out_sa(struct userspace *us, const struct dp_policy *pol)
{
	struct us_sa *best = NULL;

	if (pol->tmpl_dst.s_addr) {
		for (struct us_sa *sa = us->sa_flows[flow_bucket(pol->reqid, pol->tmpl_dst)]; sa; sa = sa->flow_next)
			if (sa_fits(sa, pol) && (!best || sa->serial > best->serial))
				best = sa;
		return best;
	}
	for (size_t i = 0; i < SA_BUCKETS; i++)     /* a template to any peer: rare */
		for (struct us_sa *sa = us->sa_buckets[i]; sa; sa = sa->bucket_next)
			if (sa_fits(sa, pol) && (!best || sa->serial > best->serial))
				best = sa;
	return best;
}

/* sa was just installed, so it is the newest of its template: the policies naming its
 * peer, or any peer, take it. */
static void out_sa_gained(struct userspace *us, struct us_sa *sa)
{
	const struct in_addr peers[2] = { sa->conf.dst, { 0 } };
	struct us_sa **chain = &us->sa_flows[flow_bucket(sa->conf.reqid, sa->conf.dst)];

	sa->flow_next = *chain;
	*chain = sa;
	for (size_t i = 0; i < ARRAY_SIZE(peers); i++)
		for (struct us_policy *p = us->out_flows[flow_bucket(sa->conf.reqid, peers[i])]; p; p = p->flow_next)
			if (sa_fits(sa, &p->conf))
				p->out_sa = sa;
}

/* sa, installed under (reqid, dst), goes or changes: who used it takes the next newest. */
static void out_sa_lost(struct userspace *us, struct us_sa *sa, uint32_t reqid, struct in_addr dst)
{
	const struct in_addr peers[2] = { dst, { 0 } };
	struct us_sa **pp = &us->sa_flows[flow_bucket(reqid, dst)];

	while (*pp && *pp != sa)
		pp = &(*pp)->flow_next;
	if (*pp)
		*pp = sa->flow_next;
	for (size_t i = 0; i < ARRAY_SIZE(peers); i++)
		for (struct us_policy *p = us->out_flows[flow_bucket(reqid, peers[i])]; p; p = p->flow_next)
			if (p->out_sa == sa)
				p->out_sa = newest_out_sa(us, &p->conf);
}

static void out_policy_link(struct userspace *us, struct us_policy *p)
{
	struct us_policy **chain = &us->out_flows[flow_bucket(p->conf.reqid, p->conf.tmpl_dst)];

	p->flow_next = *chain;
	*chain = p;
	p->out_sa = newest_out_sa(us, &p->conf);
}

static void out_policy_unlink(struct userspace *us, struct us_policy *p)
{
	struct us_policy **pp = &us->out_flows[flow_bucket(p->conf.reqid, p->conf.tmpl_dst)];

	while (*pp != p)
		pp = &(*pp)->flow_next;
	*pp = p->flow_next;
}

static void sa_unlink(struct userspace *us, struct us_sa *sa)
{
	for (struct us_sa **pp = sa_bucket(us, sa->conf.dst, sa->conf.spi); *pp; pp = &(*pp)->bucket_next) {
		if (*pp == sa) {
			*pp = sa->bucket_next;
			return;
		}
	}
}

static void sa_timers_clear(struct us_sa *sa)
{
	ev_timer_clear(sa->us->dp->loop, &sa->soft_timer);
	ev_timer_clear(sa->us->dp->loop, &sa->hard_timer);
}

static void sa_free(struct us_sa *sa)
{
	sa_timers_clear(sa);
	if (!sa->larval)
		esp_crypto_free(&sa->crypto);
	secure_wipe(sa, sizeof(*sa));
	free(sa);
}

static void sa_remove(struct userspace *us, struct us_sa *sa)
{
	sa_unlink(us, sa);
	if (!sa->larval)
		out_sa_lost(us, sa, sa->conf.reqid, sa->conf.dst);
	sa_free(sa);
}

static struct us_sa *sa_new(struct userspace *us, struct in_addr dst, uint32_t spi)
{
	struct us_sa *sa = xcalloc(1, sizeof(*sa)), **bucket = sa_bucket(us, dst, spi);

	sa->us = us;
	sa->larval = true;
	sa->conf.dst = dst;
	sa->conf.spi = spi;
	sa->bucket_next = *bucket;
	*bucket = sa;
	return sa;
}

/* ---- lifetimes (RFC 4301 §4.4.2.1: soft asks for a rekey, hard ends the SA) ---- */

static void raise_expire(struct userspace *us, struct in_addr dst, uint32_t spi, bool hard)
{
	if (us->dp->events.expire)
		us->dp->events.expire(us->dp->events.ctx, dst, spi, hard);
}

void us_sa_expire_hard(struct us_sa *sa)
{
	struct userspace *us = sa->us;
	struct in_addr dst = sa->conf.dst;
	uint32_t spi = sa->conf.spi;
	bool larval = sa->larval;

	sa_remove(us, sa);
	/* Reported after the removal, so that the engine may act on the tables at once. */
	if (!larval)
		raise_expire(us, dst, spi, true);
}

static void raise_soft(struct us_sa *sa)
{
	if (sa->soft_raised)
		return;
	sa->soft_raised = true;
	raise_expire(sa->us, sa->conf.dst, sa->conf.spi, false);
}

static void soft_timer_fired(struct ev_loop *loop, void *arg)
{
	struct us_sa *sa = arg;

	UNUSED(loop);
	sa->soft_timer = NULL;
	raise_soft(sa);
}

static void hard_timer_fired(struct ev_loop *loop, void *arg)
{
	struct us_sa *sa = arg;

	UNUSED(loop);
	sa->hard_timer = NULL;
	us_sa_expire_hard(sa);
}

bool us_sa_soft_check(struct us_sa *sa)
{
	const struct dp_lifetime *l = &sa->conf.life;

	if ((l->soft_packets && sa->counters.packets >= l->soft_packets) ||
	    (l->soft_bytes && sa->counters.bytes >= l->soft_bytes))
		raise_soft(sa);
	return sa->soft_raised;
}

bool us_sa_hard_reached(struct us_sa *sa)
{
	const struct dp_lifetime *l = &sa->conf.life;

	/* As XFRM: the limit is checked before a packet is counted; the packet that
	 * finds it reached is not processed. */
	if ((l->hard_packets && sa->counters.packets >= l->hard_packets) ||
	    (l->hard_bytes && sa->counters.bytes >= l->hard_bytes)) {
		us_sa_expire_hard(sa);
		return true;
	}
	return false;
}

static uint64_t remaining_ms(uint64_t secs, uint64_t elapsed_ms)
{
	return secs * 1000 > elapsed_ms ? secs * 1000 - elapsed_ms : 0;
}

static void sa_timers_arm(struct us_sa *sa)
{
	struct ev_loop *loop = sa->us->dp->loop;
	uint64_t elapsed = ev_now_ms(loop) - sa->added_ms;

	sa_timers_clear(sa);
	if (sa->conf.life.soft_secs && !sa->soft_raised)
		sa->soft_timer = ev_timer_add(loop, remaining_ms(sa->conf.life.soft_secs, elapsed),
					      soft_timer_fired, sa);
	if (sa->conf.life.hard_secs)
		sa->hard_timer = ev_timer_add(loop, remaining_ms(sa->conf.life.hard_secs, elapsed),
					      hard_timer_fired, sa);
}

/* ---- SA operations ---- */

static int sa_conf_check(const struct dp_sa *conf)
{
	if (conf->mode != DP_MODE_TUNNEL)
		return -ENOTSUP;
	if (conf->spi < 256 || conf->replay_window > REPLAY_WINDOW_MAX)
		return -EINVAL;
	return 0;
}

/* Installs keys and parameters into sa; counters, sequence numbers and the replay
 * window survive when the SA was already complete (update). */
static int sa_install(struct us_sa *sa, const struct dp_sa *conf)
{
	struct esp_crypto crypto;
	struct replay_window window;
	bool fresh = sa->larval;
	int err = sa_conf_check(conf);

	if (err == 0)
		err = esp_crypto_init(&crypto, conf);
	if (err < 0)
		return err;
	if (replay_init(&window, conf->replay_window) < 0) {
		esp_crypto_free(&crypto);
		return -EINVAL;
	}
	if (!fresh)
		esp_crypto_free(&sa->crypto);
	if (fresh || window.size != sa->window.size)
		sa->window = window;
	sa->crypto = crypto;
	sa->conf = *conf;
	secure_wipe(sa->conf.enc_key, sizeof(sa->conf.enc_key));
	secure_wipe(sa->conf.auth_key, sizeof(sa->conf.auth_key));
	if (fresh) {
		sa->larval = false;
		sa->added_ms = ev_now_ms(sa->us->dp->loop);
		sa->counters.add_time = (uint64_t)time(NULL);
	}
	sa->serial = ++sa->us->sa_serial;
	sa_timers_arm(sa);
	return 0;
}

static void larval_expired(struct ev_loop *loop, void *arg)
{
	struct us_sa *sa = arg;

	UNUSED(loop);
	sa->hard_timer = NULL;
	sa_remove(sa->us, sa);
}

static int us_get_spi(struct dataplane *dp, struct in_addr src, struct in_addr dst, uint32_t reqid,
		      uint32_t *spi)
{
	struct userspace *us = us_get(dp);
	struct us_sa *sa;

	for (int tries = 0; tries < 64; tries++) {
		uint32_t candidate = random_spi();
		if (us_sa_find(us, dst, candidate))
			continue;
		sa = sa_new(us, dst, candidate);
		sa->conf.src = src;
		sa->conf.reqid = reqid;
		sa->hard_timer = ev_timer_add(dp->loop, LARVAL_LIFETIME_MS, larval_expired, sa);
		*spi = candidate;
		dp->ops_issued++;
		return 0;
	}
	return -EAGAIN;
}

static int us_add_sa(struct dataplane *dp, const struct dp_sa *conf)
{
	struct userspace *us = us_get(dp);
	struct us_sa *sa = us_sa_find(us, conf->dst, conf->spi);
	bool created = !sa;
	int err;

	if (sa && !sa->larval)
		return -EEXIST;
	if (created)
		sa = sa_new(us, conf->dst, conf->spi);
	err = sa_install(sa, conf);
	if (err < 0) {
		if (created)
			sa_remove(us, sa);
		return err;
	}
	dp->ops_issued++;
	out_sa_gained(us, sa);
	us_pending_flush(us, conf->reqid);
	return 0;
}

static int us_update_sa(struct dataplane *dp, const struct dp_sa *conf)
{
	struct userspace *us = us_get(dp);
	struct us_sa *sa = us_sa_find(us, conf->dst, conf->spi);
	uint32_t old_reqid;
	struct in_addr old_dst;
	bool was_installed;
	int err;

	if (!sa)
		return -ENOENT;
	old_reqid = sa->conf.reqid;
	old_dst = sa->conf.dst;
	was_installed = !sa->larval;
	err = sa_install(sa, conf);
	if (err < 0)
		return err;
	dp->ops_issued++;
	if (was_installed)
		out_sa_lost(us, sa, old_reqid, old_dst);
	out_sa_gained(us, sa);
	us_pending_flush(us, conf->reqid);
	return 0;
}

static int us_del_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi)
{
	struct userspace *us = us_get(dp);
	struct us_sa *sa = us_sa_find(us, dst, spi);

	if (!sa)
		return -ENOENT;
	sa_remove(us, sa);
	dp->ops_issued++;
	return 0;
}

static int us_query_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi, struct dp_counters *out)
{
	struct us_sa *sa = us_sa_find(us_get(dp), dst, spi);

	if (!sa || sa->larval)
		return -ENOENT;
	*out = sa->counters;
	return 0;
}

/* ---- policies and the routes they need ---- */

static int route_ref(struct userspace *us, const struct dp_selector *sel)
{
	struct in_addr pref_src = { 0 };
	struct us_route *r;
	int err;

	for (r = us->routes; r; r = r->next) {
		if (r->dst.s_addr == sel->dst.s_addr && r->plen == sel->dst_plen) {
			r->refs++;
			return 0;
		}
	}
	/* The local address inside the protected source subnet: locally originated
	 * packets then leave with an address the peer's selector accepts. */
	if (sel->src_plen > 0 && tun_local_addr_in(&us->tun, sel->src, sel->src_plen, &pref_src) < 0)
		pref_src.s_addr = 0;
	err = tun_route_add(&us->tun, sel->dst, sel->dst_plen, pref_src);
	if (err < 0 && err != -EEXIST)
		return err;
	r = xcalloc(1, sizeof(*r));
	r->dst = sel->dst;
	r->plen = sel->dst_plen;
	r->refs = 1;
	r->owned = err == 0;
	r->next = us->routes;
	us->routes = r;
	return 0;
}

static void route_unref(struct userspace *us, const struct dp_selector *sel)
{
	for (struct us_route **pp = &us->routes; *pp; pp = &(*pp)->next) {
		struct us_route *r = *pp;
		if (r->dst.s_addr != sel->dst.s_addr || r->plen != sel->dst_plen)
			continue;
		if (--r->refs == 0) {
			if (r->owned && us->opened)
				tun_route_del(&us->tun, r->dst, r->plen);
			*pp = r->next;
			free(r);
		}
		return;
	}
}

static bool needs_route(const struct dp_policy *pol)
{
	return pol->dir == DP_DIR_OUT && pol->action == DP_ACT_PROTECT;
}

static bool same_selector(const struct dp_selector *a, const struct dp_selector *b)
{
	return a->src.s_addr == b->src.s_addr && a->dst.s_addr == b->dst.s_addr &&
	       a->src_plen == b->src_plen && a->dst_plen == b->dst_plen && a->proto == b->proto &&
	       a->sport == b->sport && a->dport == b->dport;
}

static size_t slot_bucket(enum dp_dir dir, const struct dp_selector *s)
{
	uint32_t h = 2166136261u;
	const uint32_t words[] = { (uint32_t)dir, s->src.s_addr, s->dst.s_addr,
				   (uint32_t)s->src_plen << 16 | (uint32_t)s->dst_plen << 8 | s->proto,
				   (uint32_t)s->sport << 16 | s->dport };

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		h = (h ^ words[i]) * 16777619u;
	return h % POLICY_SLOT_BUCKETS;
}

static struct us_policy *policy_find(struct userspace *us, const struct dp_policy *pol)
{
	for (struct us_policy *p = us->slot_index[slot_bucket(pol->dir, &pol->sel)]; p; p = p->slot_next)
		if (p->conf.dir == pol->dir && same_selector(&p->conf.sel, &pol->sel))
			return p;
	return NULL;
}

static void policy_insert(struct userspace *us, struct us_policy *p)
{
	enum dp_dir dir = p->conf.dir;
	struct us_policy **pp = &us->policies[dir];
	size_t b = slot_bucket(dir, &p->conf.sel);

	p->slot_next = us->slot_index[b];
	us->slot_index[b] = p;
	/* Lower value first; equal priorities keep the order they were added in. */
	if (us->policy_tail[dir] && us->policy_tail[dir]->conf.priority <= p->conf.priority)
		pp = &us->policy_tail[dir]->next;
	else
		while (*pp && (*pp)->conf.priority <= p->conf.priority)
			pp = &(*pp)->next;
	p->next = *pp;
	*pp = p;
	if (!p->next)
		us->policy_tail[dir] = p;
}

static void policy_unlink(struct userspace *us, struct us_policy *p)
{
	enum dp_dir dir = p->conf.dir;
	struct us_policy **pp, *prev = NULL;

	for (pp = &us->slot_index[slot_bucket(dir, &p->conf.sel)]; *pp != p; pp = &(*pp)->slot_next)
		;
	*pp = p->slot_next;
	for (pp = &us->policies[dir]; *pp != p; pp = &(*pp)->next)
		prev = *pp;
	*pp = p->next;
	if (us->policy_tail[dir] == p)
		us->policy_tail[dir] = prev;
}

static int policy_check(const struct dp_policy *pol)
{
	if ((unsigned)pol->dir > DP_DIR_FWD || (unsigned)pol->action > DP_ACT_DROP ||
	    pol->sel.src_plen > 32 || pol->sel.dst_plen > 32)
		return -EINVAL;
	return pol->action == DP_ACT_PROTECT && pol->mode != DP_MODE_TUNNEL ? -ENOTSUP : 0;
}

static int us_add_policy(struct dataplane *dp, const struct dp_policy *pol)
{
	struct userspace *us = us_get(dp);
	struct us_policy *p;
	int err = policy_check(pol);

	if (err < 0)
		return err;
	if (!us->opened)
		return -ENOTCONN;
	if (policy_find(us, pol))
		return -EEXIST;
	if (needs_route(pol) && (err = route_ref(us, &pol->sel)) < 0)
		return err;
	p = xcalloc(1, sizeof(*p));
	p->conf = *pol;
	policy_insert(us, p);
	if (needs_route(pol))
		out_policy_link(us, p);
	dp->ops_issued++;
	return 0;
}

static bool reqid_in_use(struct userspace *us, uint32_t reqid)
{
	for (struct us_policy *p = us->policies[DP_DIR_OUT]; p; p = p->next)
		if (p->conf.reqid == reqid && p->conf.action == DP_ACT_PROTECT)
			return true;
	return false;
}

static void policy_free(struct userspace *us, struct us_policy *p)
{
	if (needs_route(&p->conf)) {
		route_unref(us, &p->conf.sel);
		if (!reqid_in_use(us, p->conf.reqid))
			us_pending_drop(us, p->conf.reqid);
	}
	free(p);
}

static int us_del_policy(struct dataplane *dp, const struct dp_policy *pol)
{
	struct userspace *us = us_get(dp);
	struct us_policy *p;

	if ((unsigned)pol->dir > DP_DIR_FWD || !(p = policy_find(us, pol)))
		return -ENOENT;
	policy_unlink(us, p);
	if (needs_route(&p->conf))
		out_policy_unlink(us, p);
	policy_free(us, p);
	dp->ops_issued++;
	return 0;
}

/* ---- whole-backend operations ---- */

static int us_flush(struct dataplane *dp)
{
	struct userspace *us = us_get(dp);

	for (int dir = 0; dir < 3; dir++) {
		while (us->policies[dir]) {
			struct us_policy *p = us->policies[dir];
			us->policies[dir] = p->next;
			policy_free(us, p);
		}
		us->policy_tail[dir] = NULL;
	}
	memset(us->slot_index, 0, sizeof(us->slot_index));
	memset(us->out_flows, 0, sizeof(us->out_flows));
	memset(us->sa_flows, 0, sizeof(us->sa_flows));
	for (size_t i = 0; i < SA_BUCKETS; i++) {
		while (us->sa_buckets[i]) {
			struct us_sa *sa = us->sa_buckets[i];
			us->sa_buckets[i] = sa->bucket_next;
			sa_free(sa);
		}
	}
	us_pending_free_all(us);
	dp->ops_issued++;
	return 0;
}

static int us_open(struct dataplane *dp)
{
	struct userspace *us = us_get(dp);
	int err;

	if (us->opened)
		return -EBUSY;
	if (!dp->loop)
		return -EINVAL;
	err = tun_open(&us->tun, us->tun_name, us->mtu);
	if (err == 0) {
		err = us_path_open(us);
		if (err < 0)
			tun_close(&us->tun);
	}
	us->opened = err == 0;
	return err;
}

static void us_close(struct dataplane *dp)
{
	struct userspace *us = dp->priv;

	if (!us)
		return;
	us_flush(dp);
	if (us->opened) {
		us_path_close(us);
		tun_close(&us->tun);
	}
	free(us);
	dp->priv = NULL;
}

const struct dataplane_ops dp_userspace_ops = {
	.name = "userspace",
	.open = us_open,
	.close = us_close,
	.get_spi = us_get_spi,
	.add_sa = us_add_sa,
	.update_sa = us_update_sa,
	.del_sa = us_del_sa,
	.query_sa = us_query_sa,
	.add_policy = us_add_policy,
	.del_policy = us_del_policy,
	.flush = us_flush,
};
