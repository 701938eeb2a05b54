/* The engine object and its entry points: configuration, input, the data plane's
 * acquire ("interesting traffic") and expire (rekey) events, initiation with peer
 * failover, clearing, statistics. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "vpn/ikev1_int.h"

static void dp_acquire(void *ctx, uint32_t reqid, const struct dp_selector *sel, struct in_addr local,
		       struct in_addr peer)
{
	ike_engine_acquire(ctx, reqid, sel, local, peer);
}

static void dp_expire(void *ctx, struct in_addr dst, uint32_t spi, bool hard)
{
	ike_engine_expire(ctx, dst, spi, hard);
}

struct ike_engine *ike_engine_new(struct ev_loop *loop, struct dataplane *dp, const struct ike_transport *tx)
{
	struct ike_engine *e = xcalloc(1, sizeof(*e));

	secure_init();
	e->loop = loop;
	e->dp = dp;
	e->tx = *tx;
	e->ports = (struct ike_ports){ ISAKMP_PORT, NATT_PORT };
	e->next_conn_id = IKE_CONN_ID_FIRST;
	dp->events = (struct dp_events){ dp_acquire, dp_expire, e };
	return e;
}

void ike_engine_set_ports(struct ike_engine *e, const struct ike_ports *ports)
{
	e->ports = *ports;
}

void ike_engine_free(struct ike_engine *e)
{
	if (!e)
		return;
	while (e->child_first)
		child_delete(e->child_first, true, "shutdown");
	while (e->sa_first)
		ike_sa_delete(e->sa_first, true, "shutdown");
	while (e->conn_states) {
		struct ike_conn_state *cs = e->conn_states;
		e->conn_states = cs->next;
		free(cs);
	}
	vpn_config_unref(e->cfg);
	if (e->dp->events.ctx == e)
		memset(&e->dp->events, 0, sizeof(e->dp->events));
	free(e);
}

void ike_engine_set_config(struct ike_engine *e, struct vpn_config *cfg)
{
	struct vpn_config *old = e->cfg;

	e->cfg = vpn_config_ref(cfg);
	vpn_config_unref(old);
}

void ike_engine_input(struct ike_engine *e, const struct ike_endpoint *local, const struct ike_endpoint *remote,
		      const uint8_t *msg, size_t len)
{
	ikev1_input(e, local, remote, msg, len);
}

/* ---- connections -------------------------------------------------------------------------- */

struct ike_conn_state *conn_state(struct ike_engine *e, uint32_t reqid)
{
	struct ike_conn_state *cs;

	for (cs = e->conn_states; cs; cs = cs->next)
		if (cs->reqid == reqid)
			return cs;
	cs = xcalloc(1, sizeof(*cs));
	cs->reqid = reqid;
	cs->next = e->conn_states;
	e->conn_states = cs;
	return cs;
}

const struct vpn_conn *engine_conn(struct ike_engine *e, uint32_t reqid)
{
	return vpn_conn_by_reqid(e->cfg, reqid);
}

static void pending_add(struct ike_sa *sa, uint32_t reqid, const struct dp_selector *sel, uint64_t rekey_of)
{
	struct ike_pending **pp = &sa->pending;

	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->reqid == reqid && sel_equal(&(*pp)->sel, sel))
			return;
	*pp = xcalloc(1, sizeof(**pp));
	(*pp)->reqid = reqid;
	(*pp)->sel = *sel;
	(*pp)->rekey_of = rekey_of;
}

void engine_start_child(struct ike_engine *e, const struct vpn_conn *conn, const struct dp_selector *sel,
			uint64_t rekey_of)
{
	struct ike_conn_state *cs = conn_state(e, conn->reqid);
	struct in_addr peer;
	struct ike_sa *sa;

	if (!conn->npeers || conn->conn_type == VPN_CONN_ANSWER_ONLY)
		return;
	cs->peer_index %= (unsigned)conn->npeers;
	peer = conn->peers[cs->peer_index];
	if (!rekey_of && child_find_sel(e, conn->reqid, sel, peer))
		return;
	if (qm_in_progress(e, conn->reqid, sel, peer))
		return;
	sa = sadb_best(e, conn->local_addr, peer, true);
	if (sa) {
		qm_initiate(sa, conn, e->cfg, sel, rekey_of);
		return;
	}
	sa = sadb_best(e, conn->local_addr, peer, false);
	if (!sa)
		sa = p1_initiate(e, conn, cs->peer_index);
	if (sa)
		pending_add(sa, conn->reqid, sel, rekey_of);
}

/* Cisco crypto map peers are tried in order: a peer that does not complete Phase 1
 * hands its pending work to the next one, until each has failed once. */
void engine_p1_failed(struct ike_sa *sa, const char *why)
{
	struct ike_engine *e = sa->e;
	const struct vpn_conn *conn = sa->initiator ? engine_conn(e, sa->conn_reqid) : NULL;
	struct ike_pending *pending = sa->pending;

	log_p1_failed(sa, why);
	e->stats.p1_failed++;
	sa->pending = NULL;
	if (conn && conn->npeers) {
		struct ike_conn_state *cs = conn_state(e, conn->reqid);
		cs->peer_index = (sa->peer_index + 1) % (unsigned)conn->npeers;
		if (++cs->failures >= conn->npeers) {
			cs->failures = 0;
			conn = NULL;            /* every peer tried: wait for new traffic */
		}
	}
	ike_sa_delete(sa, false, why);
	while (pending) {
		struct ike_pending *p = pending;
		pending = p->next;
		if (conn && conn->npeers > 1)
			engine_start_child(e, conn, &p->sel, p->rekey_of);
		free(p);
	}
}

/* ---- data-plane events ------------------------------------------------------------------------ */

void ike_engine_acquire(struct ike_engine *e, uint32_t reqid, const struct dp_selector *sel, struct in_addr local,
			struct in_addr peer)
{
	const struct vpn_conn *conn = engine_conn(e, reqid);

	UNUSED(local);
	UNUSED(peer);
	if (!conn) {
		ike_dbg(NULL, "acquire for reqid 0x%08x: no crypto map entry", reqid);
		return;
	}
	ike_dbg(NULL, "received a key acquire message for crypto map %s %u", conn->map_name, conn->seq);
	engine_start_child(e, conn, sel, 0);
}

/* Which of two pairs for the same flow carries on, decided alike on both sides. The
 * order a side completed twins in is not: each side completes its own initiation
 * first, so "the newer twin" would be a different pair on each side, each side would
 * rekey the one the other dropped, and the twins would never collapse. A pair younger
 * by more than half a lifetime is a rekey's product and carries on; of twins born
 * together, the one with the higher SPIs does (both sides know both SPIs of a pair). */
static uint64_t spi_rank(const struct ike_child *c)
{
	uint32_t hi = c->spi_in > c->spi_out ? c->spi_in : c->spi_out;
	uint32_t lo = c->spi_in > c->spi_out ? c->spi_out : c->spi_in;

	return (uint64_t)hi << 32 | lo;
}

static bool twin_carries_on(const struct ike_child *o, const struct ike_child *c)
{
	uint64_t window_ms = c->life_s ? (uint64_t)c->life_s * 500 : 60000;

	if (o->established_ms > c->established_ms + window_ms)
		return true;
	if (c->established_ms > o->established_ms + window_ms)
		return false;
	return spi_rank(o) > spi_rank(c);
}

void ike_engine_expire(struct ike_engine *e, struct in_addr dst, uint32_t spi, bool hard)
{
	struct ike_child *c = child_find_spi(e, dst, spi);
	const struct vpn_conn *conn;

	if (!c)
		return;
	if (hard) {
		child_delete(c, true, "lifetime expired");
		return;
	}
	if (c->rekeying || c->replaced)
		return;
	/* A twin that carries on (both sides initiated at once) makes this one just go. */
	for (struct ike_child *o = child_first_of_peer(e, c->peer); o; o = child_next_of_peer(o)) {
		if (o != c && !o->replaced && o->conn->reqid == c->conn->reqid && sel_equal(&o->sel, &c->sel) &&
		    twin_carries_on(o, c)) {
			timers_child_rekeyed(c);
			return;
		}
	}
	/* Rekey under the current configuration: the entry may have changed or gone. */
	conn = engine_conn(e, c->conn->reqid);
	if (!conn)
		return;
	c->rekeying = true;
	ike_dbg(NULL, "IPsec SA 0x%08x soft lifetime reached: rekeying", c->spi_in);
	engine_start_child(e, conn, &c->sel, c->serial);
}

int ike_engine_initiate(struct ike_engine *e, uint32_t reqid)
{
	const struct vpn_conn *conn = engine_conn(e, reqid);

	if (!conn)
		return -ENOENT;
	for (size_t i = 0; i < conn->nsel; i++)
		engine_start_child(e, conn, &conn->sel[i], 0);
	return 0;
}

unsigned ike_engine_clear_ike(struct ike_engine *e, const struct in_addr *peer)
{
	unsigned n = 0;

	for (struct ike_sa *sa = e->sa_first, *next; sa; sa = next) {
		next = sa->next;
		if (!peer || sa->remote.addr.s_addr == peer->s_addr) {
			ike_sa_delete(sa, true, "cleared by the administrator");
			n++;
			next = e->sa_first;     /* deleting may have freed others too */
		}
	}
	return n;
}

unsigned ike_engine_clear_ipsec(struct ike_engine *e, const struct in_addr *peer)
{
	unsigned n = 0;

	for (struct ike_child *c = e->child_first, *next; c; c = next) {
		next = c->next;
		if (!peer || c->peer.s_addr == peer->s_addr) {
			child_delete(c, true, "cleared by the administrator");
			n++;
		}
	}
	return n;
}

unsigned ike_engine_clear_conn(struct ike_engine *e, uint32_t reqid)
{
	unsigned n = 0;

	for (struct ike_child *c = e->child_first, *next; c; c = next) {
		next = c->next;
		if (c->conn->reqid == reqid) {
			child_delete(c, true, "crypto map entry removed or changed");
			n++;
		}
	}
	return n;
}

void ike_engine_get_stats(struct ike_engine *e, struct ike_stats *out)
{
	*out = e->stats;
}
