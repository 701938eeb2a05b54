/* The engine's view of the data plane (dp_front.h): forwards to the backend, adds
 * and removes the policies of dynamic crypto map entries with their SAs. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"
#include "platform/util.h"
#include "vpn/dp_front.h"

/* Behind every static entry's policies (their priorities start at 1000). */
#define DYNAMIC_POLICY_PRIORITY 500000u

/* One negotiated flow of a dynamic entry: its three policies and the outbound SAs
 * that use them. */
struct dyn_flow {
	struct dp_policy pol[3];
	bool installed[3];            /* false: the slot was someone else's */
	unsigned refs;
};

struct dyn_sa {
	struct in_addr dst;
	uint32_t spi;
	size_t flow;
};

struct dp_front {
	struct dataplane dp;          /* what the engine uses; priv points back here */
	struct dataplane *backend;
	struct vpn_config *cfg;
	struct dyn_flow *flows;
	size_t nflows;
	struct dyn_sa *sas;
	size_t nsas;
	dp_front_outbound_fn outbound;
	void *outbound_ctx;
};

static struct dp_front *front_of(struct dataplane *dp)
{
	return dp->priv;
}

/* ---- the flows of dynamic entries ---- */

static const struct vpn_conn *dynamic_conn(const struct dp_front *f, const struct dp_sa *sa)
{
	const struct vpn_conn *c = vpn_conn_by_reqid(f->cfg, sa->reqid);

	/* The outbound SA leaves from our address. */
	return c && c->dynamic && c->local_addr.s_addr == sa->src.s_addr ? c : NULL;
}

static void flow_policies(const struct dp_sa *sa, struct dp_policy pol[3])
{
	memset(pol, 0, 3 * sizeof(*pol));
	pol[0].sel = sa->sel;
	pol[0].dir = DP_DIR_OUT;
	pol[0].action = DP_ACT_PROTECT;
	pol[0].priority = DYNAMIC_POLICY_PRIORITY;
	pol[0].reqid = sa->reqid;
	pol[0].mode = sa->mode;
	pol[0].tmpl_src = sa->src;
	pol[0].tmpl_dst = sa->dst;
	pol[1] = pol[0];
	pol[1].sel.src = sa->sel.dst;
	pol[1].sel.dst = sa->sel.src;
	pol[1].sel.src_plen = sa->sel.dst_plen;
	pol[1].sel.dst_plen = sa->sel.src_plen;
	pol[1].sel.sport = sa->sel.dport;
	pol[1].sel.dport = sa->sel.sport;
	pol[1].dir = DP_DIR_IN;
	pol[1].tmpl_src = sa->dst;
	pol[1].tmpl_dst = sa->src;
	pol[2] = pol[1];
	pol[2].dir = DP_DIR_FWD;
}

/* The flow with these policies, else a new one in the first unused slot. */
static size_t flow_find_or_add(struct dp_front *f, const struct dp_policy pol[3])
{
	size_t k = f->nflows;

	for (size_t i = 0; i < f->nflows; i++) {
		if (!memcmp(f->flows[i].pol, pol, sizeof(f->flows[i].pol)))
			return i;
		if (!f->flows[i].refs && k == f->nflows)
			k = i;
	}
	if (k == f->nflows)
		f->flows = xrealloc(f->flows, ++f->nflows * sizeof(*f->flows));
	memset(&f->flows[k], 0, sizeof(f->flows[k]));
	memcpy(f->flows[k].pol, pol, sizeof(f->flows[k].pol));
	return k;
}

static void flow_install(struct dp_front *f, struct dyn_flow *fl)
{
	for (int i = 0; i < 3; i++) {
		int err = f->backend->ops->add_policy(f->backend, &fl->pol[i]);
		fl->installed[i] = err == 0;
		if (err < 0 && err != -EEXIST)
			log_daemon(LOG_SEV_WARNING, "VPN: policy for a dynamic crypto map entry: %s", strerror(-err));
	}
}

static void flow_remove(struct dp_front *f, struct dyn_flow *fl)
{
	for (int i = 0; i < 3; i++)
		if (fl->installed[i])
			f->backend->ops->del_policy(f->backend, &fl->pol[i]);
	memset(fl->installed, 0, sizeof(fl->installed));
}

static void sa_added(struct dp_front *f, const struct dp_sa *sa)
{
	struct dp_policy pol[3];
	const struct vpn_conn *c = vpn_conn_by_reqid(f->cfg, sa->reqid);
	size_t k;

	if (f->outbound && c && c->local_addr.s_addr == sa->src.s_addr)
		f->outbound(f->outbound_ctx, sa->reqid, sa->dst);
	if (!dynamic_conn(f, sa))
		return;
	for (size_t i = 0; i < f->nsas; i++)
		if (f->sas[i].spi == sa->spi && f->sas[i].dst.s_addr == sa->dst.s_addr)
			return;
	flow_policies(sa, pol);
	k = flow_find_or_add(f, pol);
	if (f->flows[k].refs++ == 0)
		flow_install(f, &f->flows[k]);
	f->sas = xrealloc(f->sas, (f->nsas + 1) * sizeof(*f->sas));
	f->sas[f->nsas++] = (struct dyn_sa){ .dst = sa->dst, .spi = sa->spi, .flow = k };
}

static void sa_deleted(struct dp_front *f, struct in_addr dst, uint32_t spi)
{
	for (size_t i = 0; i < f->nsas; i++) {
		if (f->sas[i].spi != spi || f->sas[i].dst.s_addr != dst.s_addr)
			continue;
		struct dyn_flow *fl = &f->flows[f->sas[i].flow];
		if (--fl->refs == 0)
			flow_remove(f, fl);
		f->sas[i] = f->sas[--f->nsas];
		return;
	}
}

/* ---- the ops the engine calls ---- */

static int front_get_spi(struct dataplane *dp, struct in_addr src, struct in_addr dst, uint32_t reqid, uint32_t *spi)
{
	struct dataplane *b = front_of(dp)->backend;
	return b->ops->get_spi(b, src, dst, reqid, spi);
}

static int front_add_sa(struct dataplane *dp, const struct dp_sa *sa)
{
	struct dp_front *f = front_of(dp);
	int err = f->backend->ops->add_sa(f->backend, sa);

	if (err == 0)
		sa_added(f, sa);
	return err;
}

static int front_update_sa(struct dataplane *dp, const struct dp_sa *sa)
{
	struct dp_front *f = front_of(dp);
	int err = f->backend->ops->update_sa(f->backend, sa);

	if (err == 0)
		sa_added(f, sa);
	return err;
}

static int front_del_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi)
{
	struct dp_front *f = front_of(dp);

	sa_deleted(f, dst, spi);
	return f->backend->ops->del_sa(f->backend, dst, spi);
}

static int front_query_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi, struct dp_counters *out)
{
	struct dataplane *b = front_of(dp)->backend;
	return b->ops->query_sa(b, dst, spi, out);
}

static int front_add_policy(struct dataplane *dp, const struct dp_policy *pol)
{
	struct dataplane *b = front_of(dp)->backend;
	return b->ops->add_policy(b, pol);
}

static int front_del_policy(struct dataplane *dp, const struct dp_policy *pol)
{
	struct dataplane *b = front_of(dp)->backend;
	return b->ops->del_policy(b, pol);
}

static int front_flush(struct dataplane *dp)
{
	struct dataplane *b = front_of(dp)->backend;
	return b->ops->flush(b);
}

static int front_open(struct dataplane *dp)
{
	UNUSED(dp);
	return 0;
}

static void front_close(struct dataplane *dp)
{
	UNUSED(dp);
}

static const struct dataplane_ops front_ops = {
	.name = "front",
	.open = front_open,
	.close = front_close,
	.get_spi = front_get_spi,
	.add_sa = front_add_sa,
	.update_sa = front_update_sa,
	.del_sa = front_del_sa,
	.query_sa = front_query_sa,
	.add_policy = front_add_policy,
	.del_policy = front_del_policy,
	.flush = front_flush,
};

/* ---- the backend's events, to whoever listens on the front ---- */

static void front_acquire(void *ctx, uint32_t reqid, const struct dp_selector *sel, struct in_addr local,
			  struct in_addr peer)
{
	struct dp_front *f = ctx;
	if (f->dp.events.acquire)
		f->dp.events.acquire(f->dp.events.ctx, reqid, sel, local, peer);
}

static void front_expire(void *ctx, struct in_addr dst, uint32_t spi, bool hard)
{
	struct dp_front *f = ctx;
	if (f->dp.events.expire)
		f->dp.events.expire(f->dp.events.ctx, dst, spi, hard);
}

struct dp_front *dp_front_new(struct dataplane *backend)
{
	struct dp_front *f = xcalloc(1, sizeof(*f));

	f->backend = backend;
	f->dp.ops = &front_ops;
	f->dp.loop = backend->loop;
	f->dp.priv = f;
	backend->events = (struct dp_events){ .acquire = front_acquire, .expire = front_expire, .ctx = f };
	return f;
}

struct dataplane *dp_front_dataplane(struct dp_front *f)
{
	return &f->dp;
}

void dp_front_set_config(struct dp_front *f, struct vpn_config *cfg)
{
	vpn_config_ref(cfg);
	vpn_config_unref(f->cfg);
	f->cfg = cfg;
}

void dp_front_on_outbound(struct dp_front *f, dp_front_outbound_fn fn, void *ctx)
{
	f->outbound = fn;
	f->outbound_ctx = ctx;
}

size_t dp_front_dynamic_flows(const struct dp_front *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->nflows; i++)
		n += f->flows[i].refs > 0;
	return n;
}

void dp_front_free(struct dp_front *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nflows; i++)
		if (f->flows[i].refs)
			flow_remove(f, &f->flows[i]);
	f->backend->events = (struct dp_events){ 0 };
	vpn_config_unref(f->cfg);
	free(f->flows);
	free(f->sas);
	free(f);
}
