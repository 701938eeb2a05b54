/* The VPN at run time (runtime.h): data plane, IKE sockets, engine, trap policies. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform/daemon.h"
#include "platform/dataplane.h"
#include "platform/dp_userspace.h"
#include "platform/event.h"
#include "platform/ike_socket.h"
#include "platform/log.h"
#include "platform/util.h"
#include "vpn/compile.h"
#include "vpn/dp_front.h"
#include "vpn/ike.h"
#include "vpn/runtime.h"

/* Above 0 so that other software's policies with the default priority 0 win. */
#define POLICY_PRIORITY_BASE 1000u

struct vpn_runtime {
	struct rampartd *rd;
	bool open;
	struct dataplane dp;           /* the backend */
	struct dp_front *front;        /* the engine's view of it: dynamic entries' policies */
	struct ike_socket *sock;
	struct ike_engine *engine;
	struct vpn_config *cfg;       /* the snapshot last applied */
	struct dp_policy *pols;       /* installed, in install order */
	size_t npols;
	struct ev_timer *pending;     /* the coalescing timer */
	struct peer_in_use *in_use;   /* entries that failed over from their first peer */
	size_t nin_use;
};

/* The peer a static entry's SAs go to, when it is not the first `set peer`. */
struct peer_in_use {
	uint32_t reqid;
	struct in_addr peer;
};

static void outbound_sa(void *ctx, uint32_t reqid, struct in_addr peer);

/* One daemon per process: config_changed gets only rd. */
static struct vpn_runtime *the_runtime;

/* ---- opening and closing ---- */

static int open_dataplane(struct vpn_runtime *rt)
{
	const struct bootstrap *b = &rt->rd->boot;
	int err;

	memset(&rt->dp, 0, sizeof(rt->dp));
	rt->dp.loop = rt->rd->loop;
	rt->dp.ops = dataplane_find(b->dataplane);
	if (!rt->dp.ops)
		return -ENOENT;
	if (rt->dp.ops == &dp_userspace_ops && (err = dp_userspace_set_tun(&rt->dp, b->tun_name, 0)) < 0)
		return err;
	if ((err = rt->dp.ops->open(&rt->dp)) < 0)
		return err;
	/* What a crashed earlier run left (its reqids are ours). */
	rt->dp.ops->flush(&rt->dp);
	return 0;
}

static int runtime_open(struct vpn_runtime *rt)
{
	struct rampartd *rd = rt->rd;
	struct ike_ports ports = { (uint16_t)rd->boot.ike_port, (uint16_t)rd->boot.natt_port };
	struct ike_transport tx;
	int err;

	if ((err = open_dataplane(rt)) < 0) {
		log_daemon(LOG_SEV_ERR, "VPN: data plane \"%s\": %s", rd->boot.dataplane, strerror(-err));
		return err;
	}
	rt->sock = ike_socket_open(rd->loop, &ports);
	if (!rt->sock) {
		err = -errno;
		log_daemon(LOG_SEV_ERR, "VPN: IKE sockets on UDP %u/%u: %s", ports.ike, ports.natt, strerror(errno));
		rt->dp.ops->close(&rt->dp);
		return err;
	}
	tx = ike_socket_transport(rt->sock);
	rt->front = dp_front_new(&rt->dp);
	dp_front_on_outbound(rt->front, outbound_sa, rt);
	rt->engine = ike_engine_new(rd->loop, dp_front_dataplane(rt->front), &tx);
	ike_engine_set_ports(rt->engine, &ports);
	ike_socket_attach(rt->sock, rt->engine, &rt->dp);
	rt->open = true;
	rd->dp = &rt->dp;
	rd->ike = rt->engine;
	log_daemon(LOG_SEV_NOTICE, "VPN: %s data plane, IKE on UDP %u/%u", rt->dp.ops->name, ports.ike, ports.natt);
	return 0;
}

/* ---- trap policies ---- */

static struct dp_selector mirror(const struct dp_selector *s)
{
	struct dp_selector m;

	memset(&m, 0, sizeof(m));
	m.src = s->dst;
	m.dst = s->src;
	m.src_plen = s->dst_plen;
	m.dst_plen = s->src_plen;
	m.proto = s->proto;
	m.sport = s->dport;
	m.dport = s->sport;
	return m;
}

/* Policies are compared whole; sorted views make the differences O(n log n), so a
 * one-entry change to a crypto map of thousands of entries stays cheap. */
static int policy_cmp(const void *a, const void *b)
{
	return memcmp(*(const struct dp_policy *const *)a, *(const struct dp_policy *const *)b,
		      sizeof(struct dp_policy));
}

static const struct dp_policy **policies_sorted(const struct dp_policy *v, size_t n)
{
	const struct dp_policy **s = xcalloc(n ? n : 1, sizeof(*s));

	for (size_t i = 0; i < n; i++)
		s[i] = &v[i];
	qsort(s, n, sizeof(*s), policy_cmp);
	return s;
}

static bool policy_in(const struct dp_policy *p, const struct dp_policy **sorted, size_t n)
{
	return n && bsearch(&p, sorted, n, sizeof(*sorted), policy_cmp) != NULL;
}

/* The kernel keeps one policy per selector and direction: the first entry wins, as
 * the first matching crypto map entry does on the device. Ordered by (dir, selector),
 * then by position, so the first of each slot leads its run. */
static int slot_cmp(const void *a, const void *b)
{
	const struct dp_policy *pa = *(const struct dp_policy *const *)a, *pb = *(const struct dp_policy *const *)b;
	int c = pa->dir != pb->dir ? (pa->dir < pb->dir ? -1 : 1) : memcmp(&pa->sel, &pb->sel, sizeof(pa->sel));

	return c ? c : (pa < pb ? -1 : pa > pb);
}

static void drop_taken_slots(struct dp_policy *v, size_t *n)
{
	const struct dp_policy **s = xcalloc(*n ? *n : 1, sizeof(*s));
	bool *dup = xcalloc(*n ? *n : 1, sizeof(*dup));
	size_t kept = 0;

	for (size_t i = 0; i < *n; i++)
		s[i] = &v[i];
	qsort(s, *n, sizeof(*s), slot_cmp);
	for (size_t i = 1; i < *n; i++)
		if (s[i]->dir == s[i - 1]->dir && !memcmp(&s[i]->sel, &s[i - 1]->sel, sizeof(s[i]->sel)))
			dup[s[i] - v] = true;
	for (size_t i = 0; i < *n; i++)
		if (!dup[i])
			v[kept++] = v[i];
	*n = kept;
	free(dup);
	free(s);
}

static void policy_push(struct dp_policy **v, size_t *n, size_t *cap, const struct dp_policy *p)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = *p;
}

/* The peer the entry's policies point to: the one its SAs went to last (failover to
 * a backup `set peer`), else the first. */
static struct in_addr policy_peer(const struct vpn_runtime *rt, const struct vpn_conn *c)
{
	for (size_t i = 0; i < rt->nin_use; i++) {
		if (rt->in_use[i].reqid != c->reqid)
			continue;
		for (size_t k = 0; k < c->npeers; k++)
			if (c->peers[k].s_addr == rt->in_use[i].peer.s_addr)
				return c->peers[k];
	}
	return c->peers[0];
}

/* OUT, IN and FWD PROTECT policies for every selector of every connection that has a
 * peer (a dynamic entry's peer is only known once it calls: dp_front.c installs its
 * policies with its SAs). */
static void wanted_policies(const struct vpn_runtime *rt, const struct vpn_config *cfg, struct dp_policy **v,
			    size_t *n)
{
	uint32_t prio = POLICY_PRIORITY_BASE;
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	for (size_t i = 0; cfg && i < cfg->nconns; i++) {
		const struct vpn_conn *c = &cfg->conns[i];
		for (size_t k = 0; c->npeers && k < c->nsel; k++, prio++) {
			struct dp_policy out;
			memset(&out, 0, sizeof(out));
			out.sel = c->sel[k];
			out.dir = DP_DIR_OUT;
			out.action = DP_ACT_PROTECT;
			out.priority = prio;
			out.reqid = c->reqid;
			out.mode = c->tsets[0].mode;
			out.tmpl_src = c->local_addr;
			out.tmpl_dst = policy_peer(rt, c);
			struct dp_policy in = out;
			in.sel = mirror(&c->sel[k]);
			in.dir = DP_DIR_IN;
			in.tmpl_src = out.tmpl_dst;
			in.tmpl_dst = c->local_addr;
			struct dp_policy fwd = in;
			fwd.dir = DP_DIR_FWD;
			policy_push(v, n, &cap, &out);
			policy_push(v, n, &cap, &in);
			policy_push(v, n, &cap, &fwd);
		}
	}
	drop_taken_slots(*v, n);
}

/* Removes what is no longer wanted, then adds what is new: O(change) kernel work. */
static void apply_policies(struct vpn_runtime *rt, const struct vpn_config *cfg)
{
	struct dp_policy *want, *have;
	size_t nwant, nhave = 0;
	int err;

	wanted_policies(rt, cfg, &want, &nwant);
	if (!want)
		nwant = 0;
	const struct dp_policy **want_sorted = policies_sorted(want, nwant);
	const struct dp_policy **have_sorted = policies_sorted(rt->pols, rt->npols);
	have = xcalloc(nwant ? nwant : 1, sizeof(*have));
	for (size_t i = 0; i < rt->npols; i++)
		if (!policy_in(&rt->pols[i], want_sorted, nwant) &&
		    (err = rt->dp.ops->del_policy(&rt->dp, &rt->pols[i])) < 0 && err != -ENOENT)
			log_daemon(LOG_SEV_WARNING, "VPN: removing a policy: %s", strerror(-err));
	for (size_t i = 0; i < nwant; i++) {
		if (!policy_in(&want[i], have_sorted, rt->npols) && (err = rt->dp.ops->add_policy(&rt->dp, &want[i])) < 0 &&
		    err != -EEXIST) {
			log_daemon(LOG_SEV_WARNING, "VPN: installing a policy (reqid %#x): %s", want[i].reqid, strerror(-err));
			continue;
		}
		have[nhave++] = want[i];
	}
	free(want_sorted);
	free(have_sorted);
	free(want);
	free(rt->pols);
	rt->pols = have;
	rt->npols = nhave;
}

static void remove_policies(struct vpn_runtime *rt)
{
	for (size_t i = 0; i < rt->npols; i++)
		rt->dp.ops->del_policy(&rt->dp, &rt->pols[i]);
	free(rt->pols);
	rt->pols = NULL;
	rt->npols = 0;
}

/* The engine installed an outbound SA of a static entry towards a peer other than
 * the one its policies name (it failed over to a backup `set peer`): the policies
 * follow, or traffic would never use that SA. */
static void outbound_sa(void *ctx, uint32_t reqid, struct in_addr peer)
{
	struct vpn_runtime *rt = ctx;
	const struct vpn_conn *c = vpn_conn_by_reqid(rt->cfg, reqid);
	size_t i;

	if (!c || c->dynamic || !c->npeers || policy_peer(rt, c).s_addr == peer.s_addr)
		return;
	for (i = 0; i < rt->nin_use && rt->in_use[i].reqid != reqid; i++)
		;
	if (i == rt->nin_use)
		rt->in_use = xrealloc(rt->in_use, ++rt->nin_use * sizeof(*rt->in_use));
	rt->in_use[i] = (struct peer_in_use){ .reqid = reqid, .peer = peer };
	log_daemon(LOG_SEV_INFO, "VPN: crypto map %s %u now uses peer %s", c->map_name, c->seq, inet_ntoa(peer));
	apply_policies(rt, rt->cfg);
}

/* ---- applying a configuration ---- */

static const struct vpn_conn *conn_with_reqid(const struct vpn_config *cfg, uint32_t reqid)
{
	for (size_t i = 0; cfg && i < cfg->nconns; i++)
		if (cfg->conns[i].reqid == reqid)
			return &cfg->conns[i];
	return NULL;
}

/* SAs of entries that are gone or changed go now (Cisco clears them when the map
 * entry changes); unchanged entries keep theirs. */
static void clear_changed(struct vpn_runtime *rt, const struct vpn_config *old, const struct vpn_config *next)
{
	for (size_t i = 0; old && i < old->nconns; i++) {
		const struct vpn_conn *n = conn_with_reqid(next, old->conns[i].reqid);
		if (!n || !vpn_conn_same(&old->conns[i], n))
			ike_engine_clear_conn(rt->engine, old->conns[i].reqid);
	}
}

void vpn_runtime_apply(struct rampartd *rd)
{
	struct vpn_runtime *rt = the_runtime;
	struct vpn_config *next;

	if (!rt || rt->rd != rd)
		return;
	ev_timer_clear(rd->loop, &rt->pending);
	next = vpn_compile(rd->config, &rd->boot);
	if (!rt->open && (next->nconns == 0 || runtime_open(rt) < 0)) {
		vpn_config_unref(next);
		return;
	}
	uint64_t ops_before = rt->dp.ops_issued;
	dp_front_set_config(rt->front, next);
	ike_engine_set_config(rt->engine, next);
	clear_changed(rt, rt->cfg, next);
	apply_policies(rt, next);
	vpn_config_unref(rt->cfg);
	rt->cfg = next;
	/* The data-plane operations show that a change costs what changed, not a rebuild. */
	log_daemon(LOG_SEV_INFO, "VPN: configuration applied: %zu crypto map entries, %zu policies, %llu data-plane operations",
		   next->nconns, rt->npols, (unsigned long long)(rt->dp.ops_issued - ops_before));
}

static void apply_fired(struct ev_loop *loop, void *arg)
{
	struct vpn_runtime *rt = arg;

	UNUSED(loop);
	rt->pending = NULL;
	vpn_runtime_apply(rt->rd);
}

/* Every configuration command lands here; a pasted block compiles once. */
static void config_changed(struct rampartd *rd)
{
	struct vpn_runtime *rt = the_runtime;

	if (rt && rt->rd == rd && !rt->pending)
		rt->pending = ev_timer_add(rd->loop, 0, apply_fired, rt);
}

void vpn_runtime_start(struct rampartd *rd)
{
	struct vpn_runtime *rt = xcalloc(1, sizeof(*rt));

	rt->rd = rd;
	the_runtime = rt;
	rd->config_changed = config_changed;
	vpn_runtime_apply(rd);
}

void vpn_runtime_stop(struct rampartd *rd)
{
	struct vpn_runtime *rt = the_runtime;

	if (!rt || rt->rd != rd)
		return;
	ev_timer_clear(rd->loop, &rt->pending);
	rd->config_changed = NULL;
	if (rt->open) {
		/* Deletes go out through the sockets, so the engine goes first. */
		ike_engine_free(rt->engine);
		dp_front_free(rt->front);
		remove_policies(rt);
		ike_socket_close(rt->sock);
		rt->dp.ops->flush(&rt->dp);
		rt->dp.ops->close(&rt->dp);
		rd->ike = NULL;
		rd->dp = NULL;
	}
	vpn_config_unref(rt->cfg);
	free(rt->in_use);
	free(rt);
	the_runtime = NULL;
}
