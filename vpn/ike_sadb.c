/* The SA database: ISAKMP SAs hashed by initiator cookie (and kept in creation order
 * for show and for choosing the newest), their exchanges by message ID, and the IPsec
 * SAs ("children") the engine installed. Freeing an SA wipes its keys (keyset_free,
 * secure_bytes_free). */
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "vpn/ikev1_int.h"

static struct ike_sa **bucket(struct ike_engine *e, const uint8_t *cky_i)
{
	/* Cookies are random: any four bytes of them hash well. */
	return &e->buckets[be32_get(cky_i) % IKE_SA_BUCKETS];
}

static bool zero_cookie(const uint8_t *c)
{
	static const uint8_t zero[ISAKMP_COOKIE_LEN];

	return memcmp(c, zero, ISAKMP_COOKIE_LEN) == 0;
}

static void xchg_init(struct ike_xchg *x, struct ike_sa *sa, uint32_t msgid, bool initiator)
{
	memset(x, 0, sizeof(*x));
	x->sa = sa;
	x->msgid = msgid;
	x->initiator = initiator;
	x->retransmit_ms = IKE_RETRANSMIT_FIRST_MS;
	x->started_ms = ev_now_ms(sa->e->loop);
}

struct ike_sa *sadb_new(struct ike_engine *e, bool initiator, const uint8_t *cky_i,
			const struct ike_endpoint *local, const struct ike_endpoint *remote)
{
	struct ike_sa *sa = xcalloc(1, sizeof(*sa));

	sa->e = e;
	sa->initiator = initiator;
	if (cky_i)
		memcpy(sa->cky_i, cky_i, ISAKMP_COOKIE_LEN);
	else
		random_cookie(sa->cky_i);
	if (!initiator)
		random_cookie(sa->cky_r);
	sa->local = *local;
	sa->remote = *remote;
	sa->serial = ++e->next_serial;
	sa->created_ms = ev_now_ms(e->loop);
	sa->cfg = vpn_config_ref(e->cfg);
	xchg_init(&sa->p1, sa, 0, initiator);

	struct ike_sa **b = bucket(e, sa->cky_i);
	sa->hash_next = *b;
	*b = sa;
	sa->prev = e->sa_last;
	if (e->sa_last)
		e->sa_last->next = sa;
	else
		e->sa_first = sa;
	e->sa_last = sa;
	e->stats.ike_sas++;
	return sa;
}

struct ike_sa *sadb_find(struct ike_engine *e, const uint8_t *cky_i, const uint8_t *cky_r)
{
	for (struct ike_sa *sa = *bucket(e, cky_i); sa; sa = sa->hash_next)
		if (memcmp(sa->cky_i, cky_i, 8) == 0 && memcmp(sa->cky_r, cky_r, 8) == 0)
			return sa;
	return NULL;
}

/* An SA whose responder cookie the message does not carry yet: our initiator SA
 * before MM2 (cky_r still zero here), or our responder SA answering a retransmitted
 * MM1 (cky_r zero in the message). */
struct ike_sa *sadb_find_half(struct ike_engine *e, const uint8_t *cky_i, bool initiator)
{
	for (struct ike_sa *sa = *bucket(e, cky_i); sa; sa = sa->hash_next) {
		if (memcmp(sa->cky_i, cky_i, 8) != 0 || sa->initiator != initiator)
			continue;
		if (!initiator || zero_cookie(sa->cky_r))
			return sa;
	}
	return NULL;
}

void sadb_set_cky_r(struct ike_sa *sa, const uint8_t *cky_r)
{
	memcpy(sa->cky_r, cky_r, ISAKMP_COOKIE_LEN);
}

/* The SA to use with a peer: established, newest, not replaced by a rekey. local
 * 0.0.0.0 takes any of our addresses; a connection asks for its own interface's. */
static bool sa_between(const struct ike_sa *sa, struct in_addr local, struct in_addr peer)
{
	return sa->remote.addr.s_addr == peer.s_addr && (!local.s_addr || sa->local.addr.s_addr == local.s_addr) &&
	       !sa->deleting;
}

struct ike_sa *sadb_best(struct ike_engine *e, struct in_addr local, struct in_addr peer, bool established)
{
	for (struct ike_sa *sa = e->sa_last; sa; sa = sa->prev)
		if (sa_between(sa, local, peer) && sa->established == established && (!established || !sa->rekeyed))
			return sa;
	if (!established)
		return NULL;
	/* Only replaced SAs left: still usable until they go. */
	for (struct ike_sa *sa = e->sa_last; sa; sa = sa->prev)
		if (sa_between(sa, local, peer) && sa->established)
			return sa;
	return NULL;
}

void sadb_half_open_add(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;

	sa->half_open = true;
	sa->ho_prev = e->ho_last;
	if (e->ho_last)
		e->ho_last->ho_next = sa;
	else
		e->ho_first = sa;
	e->ho_last = sa;
	if (++e->stats.half_open > e->stats.half_open_peak)
		e->stats.half_open_peak = e->stats.half_open;
}

void sadb_half_open_del(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;

	if (!sa->half_open)
		return;
	if (sa->ho_prev)
		sa->ho_prev->ho_next = sa->ho_next;
	else
		e->ho_first = sa->ho_next;
	if (sa->ho_next)
		sa->ho_next->ho_prev = sa->ho_prev;
	else
		e->ho_last = sa->ho_prev;
	sa->half_open = false;
	e->stats.half_open--;
}

void qm_free(struct ike_qm *qm)
{
	if (!qm)
		return;
	dh_free(qm->dh);
	secure_bytes_free(&qm->gxy);
	bytes_free(&qm->ni);
	bytes_free(&qm->nr);
	vpn_config_unref(qm->cfg);
	free(qm);
}

void xchg_clear(struct ike_xchg *x)
{
	struct ev_loop *loop = x->sa->e->loop;

	ev_timer_clear(loop, &x->retransmit_timer);
	ev_timer_clear(loop, &x->linger_timer);
	bytes_free(&x->last_sent);
	bytes_free(&x->last_recv);
	qm_free(x->qm);
	x->qm = NULL;
}

struct ike_xchg *xchg_find(struct ike_sa *sa, uint32_t msgid)
{
	for (struct ike_xchg *x = sa->xchgs; x; x = x->next)
		if (x->msgid == msgid)
			return x;
	return NULL;
}

struct ike_xchg *xchg_new(struct ike_sa *sa, uint32_t msgid, bool initiator)
{
	struct ike_xchg *x = xmalloc(sizeof(*x));

	xchg_init(x, sa, msgid, initiator);
	x->next = sa->xchgs;
	sa->xchgs = x;
	return x;
}

void xchg_free(struct ike_xchg *x)
{
	struct ike_engine *e = x->sa->e;

	/* A Quick Mode that never saw QM3 takes its early inbound SA with it. */
	if (x->qm && x->qm->inbound_installed)
		e->dp->ops->del_sa(e->dp, x->sa->local.addr, x->qm->spi_in);
	for (struct ike_xchg **pp = &x->sa->xchgs; *pp; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	}
	xchg_clear(x);
	free(x);
}

static void sa_unlink(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;

	for (struct ike_sa **pp = bucket(e, sa->cky_i); *pp; pp = &(*pp)->hash_next) {
		if (*pp == sa) {
			*pp = sa->hash_next;
			break;
		}
	}
	if (sa->prev)
		sa->prev->next = sa->next;
	else
		e->sa_first = sa->next;
	if (sa->next)
		sa->next->prev = sa->prev;
	else
		e->sa_last = sa->prev;
	sadb_half_open_del(sa);
}

void sadb_free(struct ike_sa *sa)
{
	struct ev_loop *loop = sa->e->loop;
	struct ev_timer **timers[] = { &sa->deadline_timer, &sa->soft_timer, &sa->hard_timer, &sa->dpd_timer,
				       &sa->keepalive_timer, &sa->delete_timer, &sa->qm_delay_timer };

	sa_unlink(sa);
	sa->e->stats.ike_sas--;
	for (size_t i = 0; i < ARRAY_SIZE(timers); i++)
		ev_timer_clear(loop, timers[i]);
	while (sa->xchgs)
		xchg_free(sa->xchgs);
	xchg_clear(&sa->p1);
	keyset_free(sa->ks);
	dh_free(sa->dh);
	bytes_free(&sa->ni);
	bytes_free(&sa->nr);
	bytes_free(&sa->gxi);
	bytes_free(&sa->gxr);
	bytes_free(&sa->sai_b);
	bytes_free(&sa->id_local);
	bytes_free(&sa->id_peer);
	while (sa->pending) {
		struct ike_pending *p = sa->pending;
		sa->pending = p->next;
		free(p);
	}
	for (unsigned i = 0; i < sa->n_early; i++)
		bytes_free(&sa->early[i].msg);
	vpn_config_unref(sa->cfg);
	secure_wipe(sa, sizeof(*sa));
	free(sa);
}

/* ---- IPsec SAs ---------------------------------------------------------------------------- */

static size_t peer_bucket(struct in_addr peer)
{
	return (peer.s_addr * 2654435761u) >> 22;     /* IKE_CHILD_PEER_BUCKETS = 1024 */
}

struct ike_child *child_new(struct ike_engine *e, struct in_addr peer)
{
	struct ike_child *c = xcalloc(1, sizeof(*c));
	size_t b = peer_bucket(peer);

	c->e = e;
	c->serial = ++e->next_serial;
	c->peer = peer;
	c->prev = e->child_last;
	if (e->child_last)
		e->child_last->next = c;
	else
		e->child_first = c;
	e->child_last = c;
	c->peer_prev = e->child_by_peer_last[b];
	if (c->peer_prev)
		c->peer_prev->peer_next = c;
	else
		e->child_by_peer[b] = c;
	e->child_by_peer_last[b] = c;
	e->stats.ipsec_sas++;
	return c;
}

static struct ike_child *same_peer_from(struct ike_child *c, struct in_addr peer)
{
	while (c && c->peer.s_addr != peer.s_addr)
		c = c->peer_next;
	return c;
}

struct ike_child *child_first_of_peer(struct ike_engine *e, struct in_addr peer)
{
	return same_peer_from(e->child_by_peer[peer_bucket(peer)], peer);
}

struct ike_child *child_next_of_peer(struct ike_child *c)
{
	return same_peer_from(c->peer_next, c->peer);
}

struct ike_child *child_find_spi(struct ike_engine *e, struct in_addr dst, uint32_t spi)
{
	for (struct ike_child *c = e->child_first; c; c = c->next) {
		if (c->spi_in == spi && c->local.s_addr == dst.s_addr)
			return c;
		if (c->spi_out == spi && c->peer.s_addr == dst.s_addr)
			return c;
	}
	return NULL;
}

struct ike_child *child_find_out(struct ike_engine *e, struct in_addr peer, uint32_t spi_out)
{
	for (struct ike_child *c = child_first_of_peer(e, peer); c; c = child_next_of_peer(c))
		if (c->spi_out == spi_out)
			return c;
	return NULL;
}

struct ike_child *child_find_serial(struct ike_engine *e, uint64_t serial)
{
	for (struct ike_child *c = e->child_first; serial && c; c = c->next)
		if (c->serial == serial)
			return c;
	return NULL;
}

struct ike_child *child_find_sel(struct ike_engine *e, uint32_t reqid, const struct dp_selector *sel,
				 struct in_addr peer)
{
	struct ike_child *newest = NULL;

	for (struct ike_child *c = child_first_of_peer(e, peer); c; c = child_next_of_peer(c))
		if (!c->replaced && c->conn->reqid == reqid && sel_equal(&c->sel, sel))
			newest = c;
	return newest;
}

static void child_unlink(struct ike_child *c)
{
	struct ike_engine *e = c->e;

	if (c->prev)
		c->prev->next = c->next;
	else
		e->child_first = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		e->child_last = c->prev;
	if (c->peer_prev)
		c->peer_prev->peer_next = c->peer_next;
	else
		e->child_by_peer[peer_bucket(c->peer)] = c->peer_next;
	if (c->peer_next)
		c->peer_next->peer_prev = c->peer_prev;
	else
		e->child_by_peer_last[peer_bucket(c->peer)] = c->peer_prev;
	e->stats.ipsec_sas--;
}

void child_delete(struct ike_child *c, bool send_delete, const char *reason)
{
	struct ike_engine *e = c->e;
	struct dataplane *dp = e->dp;

	dp->ops->del_sa(dp, c->local, c->spi_in);
	dp->ops->del_sa(dp, c->peer, c->spi_out);
	log_child_deleted(c, reason);
	if (send_delete) {
		struct ike_sa *sa = sadb_best(e, c->local, c->peer, true);
		if (sa)
			info_send_delete_esp(sa, &c->spi_in, 1);
	}
	ev_timer_clear(e->loop, &c->delete_timer);
	child_unlink(c);
	vpn_config_unref(c->cfg);
	free(c);
}
