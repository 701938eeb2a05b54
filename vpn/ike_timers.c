/* What happens with time: the Phase-1 deadline of a negotiation, ISAKMP SA lifetimes
 * and rekeying, IPsec SA lifetimes handed to the data plane, DPD (RFC 3706, as ASA
 * `isakmp keepalive threshold N retry M`) and NAT keepalives (RFC 3948 §2.3).
 *
 * Rekeying is make-before-break: a new SA is negotiated at the soft lifetime, the old
 * one is deleted IKE_REKEY_OVERLAP_MS after the new one is up (or at its hard
 * lifetime). The soft point carries jitter, earlier for the side that initiated, so
 * that both peers rarely rekey the same SA at once (strongSwan's rekey margin and
 * randomization do the same). */
#include <stdio.h>
#include <stdlib.h>

#include "crypto/secure.h"
#include "vpn/ikev1_int.h"

/* Fraction of a lifetime, in 1/10000, at which the soft expiry falls: 85-90 % for the
 * initiator of the SA, 92-97 % for the responder. */
static uint64_t soft_part(uint64_t total, bool initiator)
{
	uint64_t base = initiator ? 8500 : 9200;

	return total * (base + random_uniform(500)) / 10000;
}

/* ---- Phase 1 -------------------------------------------------------------------------- */

static void deadline_fired(struct ev_loop *loop, void *arg)
{
	struct ike_sa *sa = arg;
	char why[96];

	UNUSED(loop);
	sa->deadline_timer = NULL;
	if (sa->established)
		return;
	snprintf(why, sizeof(why), "negotiation timed out in %s", state_asa(sa));
	if (sa->initiator)
		engine_p1_failed(sa, why);
	else
		ike_sa_delete(sa, false, why);
}

void timers_p1_deadline(struct ike_sa *sa)
{
	ev_timer_clear(sa->e->loop, &sa->deadline_timer);
	sa->deadline_timer = ev_timer_add(sa->e->loop, IKE_P1_DEADLINE_MS, deadline_fired, sa);
}

static const struct vpn_conn *conn_for_peer(struct ike_engine *e, struct in_addr peer, unsigned *index)
{
	for (struct ike_child *c = e->child_first; c; c = c->next) {
		const struct vpn_conn *conn = c->replaced ? NULL : engine_conn(e, c->conn->reqid);
		for (size_t k = 0; conn && k < conn->npeers; k++) {
			if (conn->peers[k].s_addr == peer.s_addr && conn->conn_type != VPN_CONN_ANSWER_ONLY) {
				*index = (unsigned)k;
				return conn;
			}
		}
	}
	return NULL;
}

/* Soft lifetime: a new ISAKMP SA, if IPsec SAs with the peer still need one (IOS does
 * not renew an idle ISAKMP SA). */
static void p1_soft_fired(struct ev_loop *loop, void *arg)
{
	struct ike_sa *sa = arg;
	unsigned index;
	const struct vpn_conn *conn;

	UNUSED(loop);
	sa->soft_timer = NULL;
	if (sa->rekeyed || sa->deleting)
		return;
	conn = conn_for_peer(sa->e, sa->remote.addr, &index);
	if (!conn || sadb_best(sa->e, sa->local.addr, sa->remote.addr, false))
		return;
	ike_dbg(sa, "ISAKMP SA soft lifetime reached: rekeying");
	p1_initiate(sa->e, conn, index);
}

static void p1_hard_fired(struct ev_loop *loop, void *arg)
{
	struct ike_sa *sa = arg;

	UNUSED(loop);
	sa->hard_timer = NULL;
	ike_sa_delete(sa, true, "lifetime expired");
}

static void arm_lifetime(struct ike_sa *sa)
{
	struct ev_loop *loop = sa->e->loop;
	uint64_t now = ev_now_ms(loop), total = (uint64_t)sa->life_s * 1000;
	uint64_t elapsed = now - sa->established_ms, soft = soft_part(total, sa->initiator);

	ev_timer_clear(loop, &sa->soft_timer);
	ev_timer_clear(loop, &sa->hard_timer);
	if (!sa->life_s) {
		sa->expires_ms = 0;
		return;
	}
	sa->expires_ms = sa->established_ms + total;
	sa->soft_timer = ev_timer_add(loop, soft > elapsed ? soft - elapsed : 0, p1_soft_fired, sa);
	sa->hard_timer = ev_timer_add(loop, total > elapsed ? total - elapsed : 0, p1_hard_fired, sa);
}

void timers_set_p1_lifetime(struct ike_sa *sa, uint32_t life_s)
{
	sa->life_s = life_s;
	arm_lifetime(sa);
}

/* ---- DPD ------------------------------------------------------------------------------------- */

/* Inbound ESP counts as a sign of life (RFC 3706 §5.5: DPD only when idle). */
static bool esp_seen(struct ike_sa *sa)
{
	struct dataplane *dp = sa->e->dp;
	uint64_t packets = 0;

	for (struct ike_child *c = child_first_of_peer(sa->e, sa->remote.addr); c; c = child_next_of_peer(c)) {
		struct dp_counters cnt;
		if (dp->ops->query_sa(dp, c->local, c->spi_in, &cnt) == 0)
			packets += cnt.packets;
	}
	bool seen = packets != sa->dpd_esp_packets;
	sa->dpd_esp_packets = packets;
	return seen;
}

static void dpd_dead(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;

	log_dpd_dead(sa);
	e->stats.dpd_dead++;
	for (struct ike_child *c = child_first_of_peer(e, sa->remote.addr), *next; c; c = next) {
		next = child_next_of_peer(c);
		child_delete(c, false, "DPD: peer not responding");
	}
	ike_sa_delete(sa, false, "DPD: peer not responding");
}

static void dpd_fired(struct ev_loop *loop, void *arg);
static void dpd_arm(struct ike_sa *sa, uint64_t ms);

static void dpd_alive(struct ike_sa *sa)
{
	sa->dpd_outstanding = false;
	sa->dpd_retries = 0;
	dpd_arm(sa, (uint64_t)sa->auth->dpd_threshold_s * 1000);
}

static void dpd_arm(struct ike_sa *sa, uint64_t ms)
{
	ev_timer_clear(sa->e->loop, &sa->dpd_timer);
	sa->dpd_timer = ev_timer_add(sa->e->loop, ms, dpd_fired, sa);
}

static void dpd_send(struct ike_sa *sa)
{
	uint32_t retry = sa->auth->dpd_retry_s ? sa->auth->dpd_retry_s : IKE_DPD_DEFAULT_RETRY_S;

	if (!sa->dpd_outstanding)
		sa->dpd_round_ms = ev_now_ms(sa->e->loop);
	sa->dpd_outstanding = true;
	sa->e->stats.dpd_sent++;
	ike_dbg(sa, "DPD: sending R-U-THERE, sequence %u", sa->dpd_seq + 1);
	info_send_dpd(sa, false, ++sa->dpd_seq);
	dpd_arm(sa, (uint64_t)retry * 1000);
}

static void dpd_fired(struct ev_loop *loop, void *arg)
{
	struct ike_sa *sa = arg;
	uint64_t now = ev_now_ms(loop), threshold = (uint64_t)sa->auth->dpd_threshold_s * 1000;

	sa->dpd_timer = NULL;
	if (esp_seen(sa))
		sa->last_rx_ms = now;
	if (sa->dpd_outstanding && sa->last_rx_ms > sa->dpd_round_ms) {
		/* Whatever came from the peer since the round began, a late ACK included, says
		 * it lives (RFC 3706: probe only when nothing was heard). */
		dpd_alive(sa);
		return;
	}
	if (sa->dpd_outstanding) {
		/* IOS gives up after 5 unanswered R-U-THEREs; that is not configurable. */
		if (++sa->dpd_retries >= IKE_DPD_MAX_RETRIES) {
			dpd_dead(sa);
			return;
		}
		dpd_send(sa);
		return;
	}
	uint64_t idle = now - sa->last_rx_ms;
	if (idle >= threshold)
		dpd_send(sa);
	else
		dpd_arm(sa, threshold - idle);
}

void timers_dpd_ack(struct ike_sa *sa, uint32_t seq)
{
	/* The answer to any R-U-THERE of this round will do: under load, the answer to one
	 * may come after its retry went out. */
	if (!sa->dpd_outstanding || sa->dpd_seq - seq > sa->dpd_retries) {
		ike_dbg(sa, "DPD: R-U-THERE-ACK sequence %u not outstanding, ignored", seq);
		return;
	}
	sa->e->stats.dpd_acked++;
	ike_dbg(sa, "DPD: R-U-THERE-ACK sequence %u", seq);
	dpd_alive(sa);
}

/* ---- NAT keepalive ------------------------------------------------------------------------------- */

static void keepalive_fired(struct ev_loop *loop, void *arg)
{
	struct ike_sa *sa = arg;
	uint64_t now = ev_now_ms(loop), interval = (uint64_t)sa->cfg->natt_keepalive_s * 1000;

	/* Only when nothing else went to the peer in the interval (RFC 3948 §4). */
	if (now - sa->last_tx_ms >= interval) {
		sa->last_tx_ms = now;
		sa->e->stats.keepalives_sent++;
		sa->e->tx.send_keepalive(sa->e->tx.ctx, &sa->local, &sa->remote);
	}
	sa->keepalive_timer = ev_timer_add(loop, sa->last_tx_ms + interval - now, keepalive_fired, sa);
}

void timers_p1_established(struct ike_sa *sa)
{
	struct ev_loop *loop = sa->e->loop;

	arm_lifetime(sa);
	sa->last_rx_ms = ev_now_ms(loop);
	/* DPD needs both: our `isakmp keepalive` and the peer's RFC 3706 vendor ID. */
	if (sa->auth && sa->auth->dpd_enabled && sa->auth->dpd_threshold_s && sa->dpd_peer) {
		sa->dpd_seq = random_uniform(0x7fffffff);
		dpd_arm(sa, (uint64_t)sa->auth->dpd_threshold_s * 1000);
	}
	/* The side behind the NAT keeps its mapping open. */
	if (sa->nat_local && sa->floated && sa->cfg->natt_keepalive_s)
		sa->keepalive_timer = ev_timer_add(loop, (uint64_t)sa->cfg->natt_keepalive_s * 1000,
						   keepalive_fired, sa);
}

/* ---- IPsec SAs ---------------------------------------------------------------------------------- */

void timers_child_lifetime(const struct ike_child *c, struct dp_lifetime *life)
{
	uint64_t bytes = c->life_kb * 1024;

	life->hard_secs = c->life_s;
	life->soft_secs = soft_part(c->life_s * 1000, c->initiator) / 1000;
	life->hard_bytes = bytes;
	life->soft_bytes = bytes ? soft_part(bytes, c->initiator) : 0;
	life->soft_packets = life->hard_packets = 0;
}

static void rekeyed_delete_fired(struct ev_loop *loop, void *arg)
{
	struct ike_child *c = arg;

	UNUSED(loop);
	c->delete_timer = NULL;
	child_delete(c, true, "replaced by a rekeyed SA");
}

void timers_child_rekeyed(struct ike_child *old)
{
	struct ev_loop *loop = old->e->loop;

	old->replaced = true;
	old->rekeying = false;
	ev_timer_clear(loop, &old->delete_timer);
	old->delete_timer = ev_timer_add(loop, IKE_REKEY_OVERLAP_MS, rekeyed_delete_fired, old);
}
