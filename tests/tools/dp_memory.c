/* The recording data plane, see dp_memory.h. */
#include "tests/tools/dp_memory.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/secure.h"
#include "platform/event.h"
#include "platform/util.h"

struct dpm_policy {
	struct dp_policy conf;
	struct dpm_policy *next;
};

/* SAs by (destination, SPI) too: iketool as a load generator holds thousands. */
#define DPM_BUCKETS 4096

struct dpm {
	struct dpm_sa *sas, *sas_tail;
	struct dpm_sa *by_spi[DPM_BUCKETS];
	struct dpm_policy *policies;
	struct dpm_stats stats;
};

static struct dpm *dpm(struct dataplane *dp)
{
	if (!dp->priv)
		dp->priv = xcalloc(1, sizeof(struct dpm));
	return dp->priv;
}

static struct dpm_sa **spi_bucket(struct dataplane *dp, struct in_addr dst, uint32_t spi)
{
	return &dpm(dp)->by_spi[((spi ^ dst.s_addr) * 2654435761u) >> 20];     /* DPM_BUCKETS = 4096 */
}

struct dpm_sa *dp_memory_find(struct dataplane *dp, struct in_addr dst, uint32_t spi)
{
	for (struct dpm_sa *s = *spi_bucket(dp, dst, spi); s; s = s->bucket_next)
		if (s->conf.spi == spi && s->conf.dst.s_addr == dst.s_addr)
			return s;
	return NULL;
}

struct dpm_sa *dp_memory_nth(struct dataplane *dp, unsigned i)
{
	for (struct dpm_sa *s = dpm(dp)->sas; s; s = s->next)
		if (!s->larval && i-- == 0)
			return s;
	return NULL;
}

void dp_memory_stats(struct dataplane *dp, struct dpm_stats *out)
{
	struct dpm *m = dpm(dp);

	m->stats.sas = m->stats.larval = m->stats.policies = 0;
	for (struct dpm_sa *s = m->sas; s; s = s->next)
		s->larval ? m->stats.larval++ : m->stats.sas++;
	for (struct dpm_policy *p = m->policies; p; p = p->next)
		m->stats.policies++;
	*out = m->stats;
}

static void sa_free(struct dpm_sa *s)
{
	ev_timer_clear(s->dp->loop, &s->soft_timer);
	ev_timer_clear(s->dp->loop, &s->hard_timer);
	secure_wipe(s, sizeof(*s));
	free(s);
}

static void sa_remove(struct dataplane *dp, struct dpm_sa *s)
{
	struct dpm *m = dpm(dp);
	struct dpm_sa **pp, *prev = NULL;

	for (pp = spi_bucket(dp, s->conf.dst, s->conf.spi); *pp != s; pp = &(*pp)->bucket_next)
		;
	*pp = s->bucket_next;
	for (pp = &m->sas; *pp != s; pp = &(*pp)->next)
		prev = *pp;
	*pp = s->next;
	if (m->sas_tail == s)
		m->sas_tail = prev;
	sa_free(s);
}

static void raise_expire(struct dpm_sa *s, bool hard)
{
	struct dataplane *dp = s->dp;
	struct in_addr dst = s->conf.dst;
	uint32_t spi = s->conf.spi;

	if (hard)
		sa_remove(dp, s);   /* gone before the engine hears of it, as with XFRM */
	else
		s->soft_raised = true;
	if (dp->events.expire)
		dp->events.expire(dp->events.ctx, dst, spi, hard);
}

static void soft_fired(struct ev_loop *loop, void *arg)
{
	struct dpm_sa *s = arg;

	(void)loop;
	s->soft_timer = NULL;
	raise_expire(s, false);
}

static void hard_fired(struct ev_loop *loop, void *arg)
{
	struct dpm_sa *s = arg;

	(void)loop;
	s->hard_timer = NULL;
	raise_expire(s, true);
}

static void arm(struct dpm_sa *s)
{
	struct ev_loop *loop = s->dp->loop;

	ev_timer_clear(loop, &s->soft_timer);
	ev_timer_clear(loop, &s->hard_timer);
	if (s->conf.life.soft_secs)
		s->soft_timer = ev_timer_add(loop, s->conf.life.soft_secs * 1000, soft_fired, s);
	if (s->conf.life.hard_secs)
		s->hard_timer = ev_timer_add(loop, s->conf.life.hard_secs * 1000, hard_fired, s);
}

void dp_memory_traffic(struct dataplane *dp, struct in_addr dst, uint32_t spi, uint64_t packets, uint64_t bytes)
{
	struct dpm_sa *s = dp_memory_find(dp, dst, spi);

	if (!s || s->larval)
		return;
	s->counters.packets += packets;
	s->counters.bytes += bytes;
	s->counters.use_time = (uint64_t)time(NULL);
	if (s->conf.life.hard_bytes && s->counters.bytes >= s->conf.life.hard_bytes)
		raise_expire(s, true);
	else if (!s->soft_raised && s->conf.life.soft_bytes && s->counters.bytes >= s->conf.life.soft_bytes)
		raise_expire(s, false);
}

static int m_open(struct dataplane *dp)
{
	dpm(dp);
	return 0;
}

static void m_close(struct dataplane *dp)
{
	struct dpm *m = dpm(dp);

	while (m->sas) {
		struct dpm_sa *s = m->sas;
		m->sas = s->next;
		sa_free(s);
	}
	while (m->policies) {
		struct dpm_policy *p = m->policies;
		m->policies = p->next;
		free(p);
	}
	free(m);
	dp->priv = NULL;
}

static struct dpm_sa *sa_new(struct dataplane *dp, struct in_addr dst, uint32_t spi)
{
	struct dpm *m = dpm(dp);
	struct dpm_sa *s = xcalloc(1, sizeof(*s)), **bucket = spi_bucket(dp, dst, spi);

	s->dp = dp;
	s->larval = true;
	s->conf.dst = dst;
	s->conf.spi = spi;
	if (m->sas_tail)
		m->sas_tail->next = s;
	else
		m->sas = s;
	m->sas_tail = s;
	s->bucket_next = *bucket;
	*bucket = s;
	return s;
}

static int m_get_spi(struct dataplane *dp, struct in_addr src, struct in_addr dst, uint32_t reqid, uint32_t *spi)
{
	uint32_t candidate;

	do
		candidate = random_spi();
	while (dp_memory_find(dp, dst, candidate));
	struct dpm_sa *s = sa_new(dp, dst, candidate);
	s->conf.src = src;
	s->conf.reqid = reqid;
	dpm(dp)->stats.get_spi++;
	*spi = candidate;
	return 0;
}

static void install(struct dpm_sa *s, const struct dp_sa *conf)
{
	s->conf = *conf;
	s->larval = false;
	s->counters.add_time = (uint64_t)time(NULL);
	arm(s);
}

static int m_add_sa(struct dataplane *dp, const struct dp_sa *conf)
{
	struct dpm_sa *s = dp_memory_find(dp, conf->dst, conf->spi);

	if (s && !s->larval)
		return -EEXIST;
	if (!s)
		s = sa_new(dp, conf->dst, conf->spi);
	install(s, conf);
	dpm(dp)->stats.add_sa++;
	return 0;
}

static int m_update_sa(struct dataplane *dp, const struct dp_sa *conf)
{
	struct dpm_sa *s = dp_memory_find(dp, conf->dst, conf->spi);

	if (!s)
		return -ENOENT;
	install(s, conf);
	dpm(dp)->stats.update_sa++;
	return 0;
}

static int m_del_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi)
{
	struct dpm_sa *s = dp_memory_find(dp, dst, spi);

	if (!s)
		return -ENOENT;
	sa_remove(dp, s);
	dpm(dp)->stats.del_sa++;
	return 0;
}

static int m_query_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi, struct dp_counters *out)
{
	struct dpm_sa *s = dp_memory_find(dp, dst, spi);

	if (!s || s->larval)
		return -ENOENT;
	*out = s->counters;
	return 0;
}

static int m_add_policy(struct dataplane *dp, const struct dp_policy *pol)
{
	struct dpm_policy *p = xcalloc(1, sizeof(*p));

	p->conf = *pol;
	p->next = dpm(dp)->policies;
	dpm(dp)->policies = p;
	dpm(dp)->stats.add_policy++;
	return 0;
}

static bool same_sel(const struct dp_selector *a, const struct dp_selector *b)
{
	return a->src.s_addr == b->src.s_addr && a->dst.s_addr == b->dst.s_addr && a->src_plen == b->src_plen &&
	       a->dst_plen == b->dst_plen && a->proto == b->proto && a->sport == b->sport && a->dport == b->dport;
}

static int m_del_policy(struct dataplane *dp, const struct dp_policy *pol)
{
	for (struct dpm_policy **pp = &dpm(dp)->policies; *pp; pp = &(*pp)->next) {
		if ((*pp)->conf.dir == pol->dir && same_sel(&(*pp)->conf.sel, &pol->sel)) {
			struct dpm_policy *p = *pp;
			*pp = p->next;
			free(p);
			dpm(dp)->stats.del_policy++;
			return 0;
		}
	}
	return -ENOENT;
}

static int m_flush(struct dataplane *dp)
{
	m_close(dp);
	return 0;
}

const struct dataplane_ops dp_memory_ops = {
	.name = "memory",
	.open = m_open,
	.close = m_close,
	.get_spi = m_get_spi,
	.add_sa = m_add_sa,
	.update_sa = m_update_sa,
	.del_sa = m_del_sa,
	.query_sa = m_query_sa,
	.add_policy = m_add_policy,
	.del_policy = m_del_policy,
	.flush = m_flush,
};
