/* The IKEv1 exchanges as table rows, and the one dispatcher that runs them.
 *
 * A row names the state an exchange must be in, the exchange type, the payloads the
 * message must and may carry, whether it arrives encrypted, which HASH protects it,
 * whether our answer is encrypted and awaits a reply, and the handler. The dispatcher
 * does what every message needs, in this order:
 *   decode the header; find the ISAKMP SA by cookies (or create a responder SA for
 *   MM1/AM1, within max_half_open); find the exchange by message ID; answer a
 *   duplicate from the cache without processing it; find the row; decrypt with the
 *   exchange's IV; check the payloads; verify HASH(1)/(2)/(3); call the handler; on
 *   success store the new IV, move the state, send the handler's reply (encrypted,
 *   retransmitted when an answer is due). The handler only reads payloads, computes
 *   and builds (STYLE §2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "vpn/ikev1_int.h"

#define P ISAKMP_P
#define MAIN ISAKMP_EXCH_MAIN
#define AGGR ISAKMP_EXCH_AGGRESSIVE
#define QUICK ISAKMP_EXCH_QUICK
#define INFO ISAKMP_EXCH_INFO

static const struct ike_row rows[] = {
	/* Main Mode, RFC 2409 §5: SA / KE, Ni [NAT-D] / ID, HASH (encrypted, # = 4500 with NAT-T).
	 * MM2 is not retransmitted: a lost MM2 brings MM1 again, answered from the cache,
	 * and spoofed MM1 floods get one answer each, not six. */
	{ .from = ST_NONE, .to = ST_MM_R1, .exch = MAIN, .req = P(SA), .opt = P(VID),
	  .flags = ROW_NEW_SA, .fn = mm_r_sa, .name = "MM1" },
	{ .from = ST_MM_I1, .to = ST_MM_I2, .exch = MAIN, .req = P(SA), .opt = P(VID),
	  .flags = ROW_WAIT, .fn = mm_i_sa, .name = "MM2" },
	{ .from = ST_MM_R1, .to = ST_MM_R2, .exch = MAIN, .req = P(KE) | P(NONCE), .opt = P(NATD) | P(VID) | P(CR),
	  .flags = ROW_WAIT, .fn = mm_r_ke, .name = "MM3" },
	{ .from = ST_MM_I2, .to = ST_MM_I3, .exch = MAIN, .req = P(KE) | P(NONCE), .opt = P(NATD) | P(VID) | P(CR),
	  .flags = ROW_WAIT | ROW_ENC_OUT, .fn = mm_i_ke, .name = "MM4" },
	{ .from = ST_MM_R2, .to = ST_P1_DONE, .exch = MAIN, .req = P(ID) | P(HASH), .opt = P(N) | P(VID),
	  .flags = ROW_ENC_IN | ROW_ENC_OUT, .fn = mm_r_auth, .name = "MM5" },
	{ .from = ST_MM_I3, .to = ST_P1_DONE, .exch = MAIN, .req = P(ID) | P(HASH), .opt = P(N) | P(VID),
	  .flags = ROW_ENC_IN, .fn = mm_i_auth, .name = "MM6" },

	/* Aggressive Mode, RFC 2409 §5 and RFC 3947 §4 (NAT-D in AM2 and AM3). AM2 is
	 * retransmitted: AM3 is the initiator's last word, only a repeated AM2 tells it
	 * that AM3 was lost. */
	{ .from = ST_NONE, .to = ST_AM_R1, .exch = AGGR, .req = P(SA) | P(KE) | P(NONCE) | P(ID), .opt = P(VID),
	  .flags = ROW_NEW_SA | ROW_WAIT, .fn = am_r_sa, .name = "AM1" },
	{ .from = ST_AM_I1, .to = ST_P1_DONE, .exch = AGGR, .req = P(SA) | P(KE) | P(NONCE) | P(ID) | P(HASH),
	  .opt = P(VID) | P(NATD) | P(N), .flags = ROW_ENC_OUT, .fn = am_i_sa, .name = "AM2" },
	{ .from = ST_AM_R1, .to = ST_P1_DONE, .exch = AGGR, .req = P(HASH), .opt = P(NATD) | P(N) | P(VID),
	  .flags = ROW_ENC_ANY, .fn = am_r_auth, .name = "AM3" },

	/* Quick Mode, RFC 2409 §5.5: HASH(1), SA, Ni [KE] [IDci, IDcr] / HASH(2) ... / HASH(3).
	 * The initiator installs after QM3 left: its first ESP packets (queued since the
	 * acquire) must not overtake the QM3 that makes the responder install. */
	{ .from = ST_QM_NONE, .to = ST_QM_R1, .exch = QUICK, .req = P(HASH) | P(SA) | P(NONCE),
	  .opt = P(KE) | P(ID) | P(NATOA) | P(N), .flags = ROW_ENC_IN | ROW_HASH1 | ROW_ENC_OUT | ROW_WAIT,
	  .fn = qm_r_1, .name = "QM1" },
	{ .from = ST_QM_I1, .to = ST_QM_DONE, .exch = QUICK, .req = P(HASH) | P(SA) | P(NONCE),
	  .opt = P(KE) | P(ID) | P(NATOA) | P(N), .flags = ROW_ENC_IN | ROW_HASH2 | ROW_ENC_OUT,
	  .fn = qm_i_2, .name = "QM2", .after = qm_i_install },
	{ .from = ST_QM_R1, .to = ST_QM_DONE, .exch = QUICK, .req = P(HASH),
	  .flags = ROW_ENC_IN | ROW_HASH3, .fn = qm_r_3, .name = "QM3" },

	/* Informational, RFC 2409 §5.7: HASH(1), N or D; in the clear only before keys exist */
	{ .from = ST_INFO, .to = ST_INFO, .exch = INFO, .req = P(HASH), .opt = P(N) | P(D),
	  .flags = ROW_ENC_IN | ROW_HASH1, .fn = info_recv, .name = "INFO" },
	{ .from = ST_INFO, .to = ST_INFO, .exch = INFO, .req = P(N), .opt = P(D) | P(VID),
	  .fn = info_recv_clear, .name = "INFO" },
};

static const struct ike_row *row_find(uint8_t exch, enum ike_state state, bool encrypted)
{
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct ike_row *r = &rows[i];
		bool enc_ok = (r->flags & ROW_ENC_ANY) || !!(r->flags & ROW_ENC_IN) == encrypted;
		if (r->exch == exch && r->from == state && enc_ok)
			return r;
	}
	return NULL;
}

static bool zero_cookie(const uint8_t *c)
{
	static const uint8_t zero[ISAKMP_COOKIE_LEN];

	return memcmp(c, zero, ISAKMP_COOKIE_LEN) == 0;
}

/* ---- finding the SA ---------------------------------------------------------------------- */

static bool evictable(const struct ike_sa *sa)
{
	/* Still at the first message: the peer never proved it receives at its address
	 * (it has not returned our cookie yet). Spoofed MM1/AM1 floods stay here. */
	return sa->p1.state == ST_NONE || sa->p1.state == ST_MM_R1 || sa->p1.state == ST_AM_R1;
}

/* max_half_open (ASA `crypto ikev1 limit max-in-negotiation-sa`): at the limit the
 * oldest negotiation that never got past its first message makes room; when all of
 * them have, the new one is refused. */
static bool half_open_room(struct ike_engine *e, const struct ike_endpoint *remote)
{
	uint32_t max = e->cfg->max_half_open ? e->cfg->max_half_open : IKE_DEFAULT_MAX_HALF_OPEN;

	if (e->stats.half_open < max)
		return true;
	e->stats.half_open_dropped++;
	for (struct ike_sa *sa = e->ho_first; sa; sa = sa->ho_next) {
		if (evictable(sa)) {
			log_half_open(e, &sa->remote, true);
			sadb_free(sa);
			return true;
		}
	}
	log_half_open(e, remote, false);
	return false;
}

static struct ike_sa *responder_new(struct ike_engine *e, const struct isakmp_msg *m,
				    const struct ike_endpoint *local, const struct ike_endpoint *remote)
{
	struct ike_sa *sa;

	if (!e->cfg || m->hdr.msg_id != 0)
		return NULL;
	if (m->hdr.exchange == AGGR && e->cfg->am_disabled) {
		ike_dbg(NULL, "Aggressive Mode from peer refused: crypto ikev1 am-disable");
		return NULL;
	}
	if (!half_open_room(e, remote))
		return NULL;
	sa = sadb_new(e, false, m->hdr.cky_i, local, remote);
	sa->aggressive = m->hdr.exchange == AGGR;
	sadb_half_open_add(sa);
	timers_p1_deadline(sa);
	return sa;
}

static bool invalid_cookie_allowed(struct ike_engine *e)
{
	uint64_t now = ev_now_ms(e->loop);

	if (now - e->invalid_cookie_window_ms >= 1000) {
		e->invalid_cookie_window_ms = now;
		e->invalid_cookie_count = 0;
	}
	return e->invalid_cookie_count++ < IKE_INVALID_COOKIE_PER_S;
}

static struct ike_sa *locate_sa(struct ike_engine *e, const struct isakmp_msg *m, const struct ike_endpoint *local,
				const struct ike_endpoint *remote, bool *fresh)
{
	const struct isakmp_hdr *h = &m->hdr;
	bool p1 = h->exchange == MAIN || h->exchange == AGGR;
	struct ike_sa *sa;

	*fresh = false;
	if (zero_cookie(h->cky_r)) {
		if (!p1)
			return sadb_find_half(e, h->cky_i, true);
		sa = sadb_find_half(e, h->cky_i, false);
		if (sa)     /* MM1/AM1 again: the duplicate check answers it */
			return sa->remote.addr.s_addr == remote->addr.s_addr ? sa : NULL;
		sa = responder_new(e, m, local, remote);
		*fresh = sa != NULL;
		return sa;
	}
	sa = sadb_find(e, h->cky_i, h->cky_r);
	if (sa)
		return sa;
	sa = sadb_find_half(e, h->cky_i, true);
	if (sa && p1 && (sa->p1.state == ST_MM_I1 || sa->p1.state == ST_AM_I1) && h->exchange ==
	    (sa->aggressive ? AGGR : MAIN)) {
		sadb_set_cky_r(sa, h->cky_r);   /* MM2/AM2: the responder's cookie */
		return sa;
	}
	if (sa && h->exchange == INFO)
		return sa;                      /* an error notify answering MM1/AM1 */
	log_no_sa(e, remote, h);
	if (h->exchange != INFO && invalid_cookie_allowed(e))
		info_send_p1_error(e, local, remote, h->cky_i, h->cky_r, ISAKMP_N_INVALID_COOKIE);
	return NULL;
}

/* ---- finding the exchange -------------------------------------------------------------------- */

static void queue_early(struct ike_sa *sa, const struct ike_endpoint *local, const struct ike_endpoint *remote,
			const uint8_t *msg, size_t len)
{
	/* strongSwan's AM initiator sends AM3 and QM1 back to back; a lost or late AM3
	 * must not cost the QM1 (rig README §4, "the AM race"). */
	for (unsigned i = 0; i < sa->n_early; i++)
		if (sa->early[i].msg.len == len && memcmp(sa->early[i].msg.ptr, msg, len) == 0)
			return;
	if (sa->n_early >= IKE_EARLY_QUEUE_MAX)
		return;
	struct ike_early *q = &sa->early[sa->n_early++];
	q->local = *local;
	q->remote = *remote;
	bytes_set(&q->msg, msg, len);
	sa->e->stats.queued_early++;
	ike_dbg(sa, "Quick Mode message before Phase 1 completed: queued");
}

static void replay_early(struct ike_engine *e, const uint8_t *cky_i, const uint8_t *cky_r)
{
	struct ike_sa *sa = sadb_find(e, cky_i, cky_r);
	struct ike_early early[IKE_EARLY_QUEUE_MAX];
	unsigned n;

	if (!sa || !sa->established || !sa->n_early)
		return;
	n = sa->n_early;
	memcpy(early, sa->early, sizeof(early));
	sa->n_early = 0;
	for (unsigned i = 0; i < n; i++) {
		ikev1_input(e, &early[i].local, &early[i].remote, early[i].msg.ptr, early[i].msg.len);
		bytes_free(&early[i].msg);
	}
}

/* The exchange a message belongs to; NULL when it was queued or is not acceptable.
 * *temp is filled for an Informational exchange, which lives for one message. */
static struct ike_xchg *locate_xchg(struct ike_sa *sa, const struct isakmp_msg *m, const struct ike_endpoint *local,
				    const struct ike_endpoint *remote, const uint8_t *msg, size_t len,
				    struct ike_xchg *temp, bool *fresh)
{
	const struct isakmp_hdr *h = &m->hdr;
	struct ike_xchg *x;

	*fresh = false;
	if (h->exchange == INFO) {
		memset(temp, 0, sizeof(*temp));
		temp->sa = sa;
		temp->msgid = h->msg_id;
		temp->state = ST_INFO;
		if (sa->ks)
			p2_first_iv(sa, h->msg_id, temp->iv);
		return temp;
	}
	if (h->msg_id == 0)
		return h->exchange == (sa->aggressive ? AGGR : MAIN) || sa->p1.state == ST_NONE ? &sa->p1 : NULL;
	if (h->exchange != QUICK)
		return NULL;
	x = xchg_find(sa, h->msg_id);
	if (x)
		return x;
	if (!sa->established) {
		if (sa->ks)
			queue_early(sa, local, remote, msg, len);
		return NULL;
	}
	x = xchg_new(sa, h->msg_id, false);
	x->state = ST_QM_NONE;
	p2_first_iv(sa, h->msg_id, x->iv);
	*fresh = true;
	return x;
}

/* ---- decryption and checks --------------------------------------------------------------------- */

/* Drops the payload the walk stopped at from our decrypted copy: the previous
 * next-payload field skips it, the bytes after it move down, zeros fill the end (read
 * as padding). */
static bool strip_payload(const struct isakmp_msg *m, uint8_t *plain, size_t len)
{
	size_t off = m->err_off, plen;
	uint8_t *prev_np = m->n_payloads ? plain + m->chain[m->n_payloads - 1].off : plain + 16;

	if (off + ISAKMP_GENERIC_LEN > len)
		return false;
	plen = (size_t)(plain[off + 2] << 8 | plain[off + 3]);
	if (plen < ISAKMP_GENERIC_LEN || off + plen > len)
		return false;
	*prev_np = plain[off];
	memmove(plain + off, plain + off + plen, len - off - plen);
	memset(plain + len - plen, 0, plen);
	return true;
}

/* Payload types 128-255 are private (RFC 2408 §3.1). The ASA puts "IOS KEEPALIVE
 * (128)" into MM5 (cisco-outputs §10.2); the codec, rightly for a generic parser, refuses
 * types it does not know. A private payload we do not understand is dropped here and
 * the walk repeated. Only Phase-1 messages: a HASH(1) covers every payload byte. */
enum codec_err walk_skipping_private(struct isakmp_msg *m, uint8_t *plain, size_t len)
{
	enum codec_err err = isakmp_walk(m, plain, len);

	for (int n = 0; n < 8 && err == CODEC_ERR_PAYLOAD_TYPE && m->err_payload >= 128 &&
			m->hdr.msg_id == 0 && strip_payload(m, plain, len); n++)
		err = isakmp_walk(m, plain, len);
	return err;
}

/* Decrypts into a copy (header kept) and walks it; next_iv receives the last
 * ciphertext block, stored only if the message is accepted. */
static int decrypt(struct ike_msg_ctx *ctx, const uint8_t *msg, size_t len, uint8_t **plain, uint8_t *next_iv)
{
	struct ike_sa *sa = ctx->sa;

	if (!sa->ks || isakmp_check_cipher_len(ctx->m, cipher_block_size(sa->cipher)) != CODEC_OK)
		return -1;
	*plain = xmalloc(len);
	memcpy(*plain, msg, ISAKMP_HDR_LEN);
	if (cipher_decrypt(sa->cipher, sa->ks->ka, ctx->x->iv, msg + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN,
			   *plain + ISAKMP_HDR_LEN, next_iv) < 0)
		return -1;
	return walk_skipping_private(ctx->m, *plain, len) == CODEC_OK ? 0 : -1;
}

/* A message that does not decrypt to a valid payload chain before Phase 1 completed is
 * almost always a pre-shared key mismatch: SKEYID_e differs (ASA: "had problems
 * decrypting packet, probably due to mismatched pre-shared key"). */
static void undecryptable(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;

	ctx->e->stats.dropped++;
	if (sa->established) {
		ike_dbg(sa, "%s: decryption failed or payloads malformed, dropped", ctx->row->name);
		return;
	}
	log_psk_mismatch(sa, ctx->row->name);
	if (!sa->initiator && !sa->malformed_notified && ctx->x == &sa->p1) {
		sa->malformed_notified = true;
		info_send_notify(sa, ISAKMP_PROTO_ISAKMP, ISAKMP_N_PAYLOAD_MALFORMED, NULL, 0, NULL, 0);
	}
}

static bool payloads_ok(struct ike_msg_ctx *ctx)
{
	uint32_t missing = ctx->row->req & ~ctx->m->present;

	if (!missing)
		return true;
	for (unsigned slot = 0; slot < 32; slot++) {
		if (missing & (1u << slot)) {
			ike_dbg(ctx->sa, "%s: required payload missing (slot %u), dropped", ctx->row->name, slot);
			break;
		}
	}
	return false;
}

/* HASH(1)/(2)/(3), RFC 2409 §5.5 and §5.7: the HASH payload comes first and covers
 * every payload after it. */
static bool hash_ok(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	const struct isakmp_msg *m = ctx->m;
	uint8_t want[PRF_MAX_LEN];
	const uint8_t *after;
	size_t after_len, hlen;
	unsigned flags = ctx->row->flags;

	if (!(flags & (ROW_HASH1 | ROW_HASH2 | ROW_HASH3)))
		return true;
	hlen = prf_len(sa->prf);
	if (m->n_payloads == 0 || m->chain[0].type != ISAKMP_PL_HASH || m->hash.body_len != hlen)
		return false;
	isakmp_bytes_after(m, &m->chain[0], &after, &after_len);
	struct bytes payloads = { (uint8_t *)after, after_len };
	if (flags & ROW_HASH1)
		qm_hash1(sa->ks, m->hdr.msg_id, &payloads, want);
	else if (flags & ROW_HASH2)
		qm_hash2(sa->ks, m->hdr.msg_id, &ctx->x->qm->ni, &payloads, want);
	else
		qm_hash3(sa->ks, m->hdr.msg_id, &ctx->x->qm->ni, &ctx->x->qm->nr, want);
	return secure_equal(want, m->hash.body, hlen);
}

/* ---- after the handler ---------------------------------------------------------------------------- */

static void linger_fired(struct ev_loop *loop, void *arg)
{
	struct ike_xchg *x = arg;

	UNUSED(loop);
	x->linger_timer = NULL;
	xchg_free(x);
}

/* An authenticated message tells where the peer is now (a NAT may have remapped it,
 * RFC 3947 §4: "always reply to the source"); one on the NAT-T port means it floated.
 * Once floated, a late message on port 500 (AM2 processed as we float) moves nothing. */
static void follow_peer(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	bool on_natt = ctx->local.port == ctx->e->ports.natt;

	if ((!ctx->encrypted && !ctx->authenticated) || (sa->floated && !on_natt))
		return;
	sa->remote = ctx->remote;
	sa->local = ctx->local;
	if (on_natt && !sa->floated) {
		sa->floated = true;
		ike_dbg(sa, "NAT-T: peer moved to port %u", ctx->local.port);
	}
}

static void succeed(struct ike_msg_ctx *ctx, const uint8_t *msg, size_t len, const uint8_t *next_iv)
{
	struct ike_xchg *x = ctx->x;
	struct ike_sa *sa = ctx->sa;
	enum ike_state from = x->state;

	if (x->state != ST_INFO) {
		xchg_retransmit_stop(x);
		bytes_free(&x->last_recv);
		bytes_set(&x->last_recv, msg, len);
	}
	if (ctx->encrypted)
		memcpy(x->iv, next_iv, sizeof(x->iv));
	x->state = ctx->row->to;
	sa->last_rx_ms = ev_now_ms(ctx->e->loop);
	follow_peer(ctx);
	if (from != x->state)
		ike_dbg_transition(sa, x, from, x->state);
	/* Only a message we answered gets the answer again when it repeats; resending on
	 * a repeated answer (MM6, QM3 received) would start an endless ping-pong. */
	x->answered = ctx->have_out;
	if (ctx->have_out) {
		ctx->have_out = false;
		xchg_send(x, &ctx->out, ctx->row->flags & ROW_WAIT);
	}
	if (ctx->row->after)
		ctx->row->after(ctx);
	if (x == &sa->p1 && x->state == ST_P1_DONE && from != ST_P1_DONE)
		p1_established(sa);
	else if (x->state == ST_QM_DONE && !x->linger_timer)
		x->linger_timer = ev_timer_add(ctx->e->loop, IKE_XCHG_LINGER_MS, linger_fired, x);
}

static void fail(struct ike_msg_ctx *ctx, bool fresh_sa, bool fresh_x)
{
	struct ike_sa *sa = ctx->sa;
	struct ike_xchg *x = ctx->x;

	if (ctx->notify) {
		if (!sa->ks)
			info_send_p1_error(ctx->e, &ctx->local, &ctx->remote, sa->cky_i, sa->cky_r, ctx->notify);
		else if (ctx->notify_proto == ISAKMP_PROTO_ESP)
			info_send_notify(sa, ISAKMP_PROTO_ESP, ctx->notify, (uint8_t[4]){ (uint8_t)(ctx->notify_spi >> 24),
					 (uint8_t)(ctx->notify_spi >> 16), (uint8_t)(ctx->notify_spi >> 8),
					 (uint8_t)ctx->notify_spi }, 4, NULL, 0);
		else
			info_send_notify(sa, ISAKMP_PROTO_ISAKMP, ctx->notify, NULL, 0, NULL, 0);
	}
	if (x == &sa->p1) {
		if (fresh_sa || !sa->initiator)
			ike_sa_delete(sa, false, "Phase 1 negotiation failed");
		else
			engine_p1_failed(sa, "Phase 1 negotiation failed");
	} else if (x->state != ST_INFO) {
		ctx->e->stats.p2_failed++;
		xchg_free(x);
	}
	UNUSED(fresh_x);
}

static void discard(struct ike_msg_ctx *ctx, bool fresh_sa, bool fresh_x)
{
	if (fresh_x)
		xchg_free(ctx->x);
	if (fresh_sa)
		sadb_free(ctx->sa);
}

/* ---- the dispatcher ---------------------------------------------------------------------------------- */

static enum hres run_row(struct ike_msg_ctx *ctx, const uint8_t *msg, size_t len, uint8_t **plain,
			 uint8_t *next_iv)
{
	if (ctx->encrypted && decrypt(ctx, msg, len, plain, next_iv) < 0) {
		undecryptable(ctx);
		return H_IGNORE;
	}
	ike_dbg_packet(ctx->sa, false, &ctx->local, &ctx->remote, *plain ? *plain : msg, len, false);
	if (!payloads_ok(ctx)) {
		ctx->e->stats.dropped++;
		return H_IGNORE;
	}
	if (!hash_ok(ctx)) {
		ike_dbg(ctx->sa, "%s: hash values do not match, dropped (M-ID %u)", ctx->row->name,
			ctx->m->hdr.msg_id);
		ctx->e->stats.dropped++;
		return H_IGNORE;
	}
	return ctx->row->fn(ctx);
}

/* After the handler: success moves the exchange on (and may complete Phase 1, then run
 * what waited for it), failure notifies and ends the exchange, ignoring forgets it. */
static void conclude(struct ike_msg_ctx *ctx, enum hres r, const uint8_t *msg, size_t len, const uint8_t *next_iv,
		     bool fresh_sa, bool fresh_x)
{
	uint8_t cky_i[8], cky_r[8];
	bool p1_before = ctx->sa->established;
	char why[96];

	memcpy(cky_i, ctx->sa->cky_i, 8);
	memcpy(cky_r, ctx->sa->cky_r, 8);
	if (r != H_OK) {
		if (ctx->have_out)
			isakmp_build_free(&ctx->out);
		if (r == H_FAIL)
			fail(ctx, fresh_sa, fresh_x);
		else
			discard(ctx, fresh_sa, fresh_x);
		return;
	}
	succeed(ctx, msg, len, next_iv);
	if (ctx->delete_sa) {
		snprintf(why, sizeof(why), "peer sent %s", ctx->delete_reason ? ctx->delete_reason : "DELETE");
		if (ctx->sa->initiator && !ctx->sa->established)
			engine_p1_failed(ctx->sa, why);
		else
			ike_sa_delete(ctx->sa, false, why);
	} else if (!p1_before) {
		replay_early(ctx->e, cky_i, cky_r);
	}
}

void ikev1_input(struct ike_engine *e, const struct ike_endpoint *local, const struct ike_endpoint *remote,
		 const uint8_t *msg, size_t len)
{
	struct ike_msg_ctx ctx = { .e = e, .m = &e->msg, .local = *local, .remote = *remote };
	struct ike_xchg temp;
	uint8_t next_iv[CIPHER_MAX_BLOCK], *plain = NULL;
	bool fresh_sa, fresh_x;
	enum codec_err err;

	e->stats.rx++;
	if ((err = isakmp_decode(ctx.m, msg, len)) != CODEC_OK) {
		ike_dbg(NULL, "message from peer dropped: %s", codec_strerror(err));
		e->stats.dropped++;
		return;
	}
	if (!(ctx.sa = locate_sa(e, ctx.m, local, remote, &fresh_sa))) {
		e->stats.dropped++;
		return;
	}
	if (!(ctx.x = locate_xchg(ctx.sa, ctx.m, local, remote, msg, len, &temp, &fresh_x))) {
		if (fresh_sa)
			sadb_free(ctx.sa);
		return;
	}
	/* An exchange that has received nothing yet (a fresh one, an Informational's
	 * one-message exchange) has nothing to be a duplicate of. */
	if (ctx.x->last_recv.ptr && ctx.x->last_recv.len == len && memcmp(ctx.x->last_recv.ptr, msg, len) == 0) {
		e->stats.duplicates++;
		if (ctx.x->answered)
			xchg_resend(ctx.x);
		return;
	}
	ctx.encrypted = ctx.m->hdr.flags & ISAKMP_FLAG_ENC;
	if (!(ctx.row = row_find(ctx.m->hdr.exchange, ctx.x->state, ctx.encrypted))) {
		ike_dbg(ctx.sa, "%s message (M-ID %u%s) not expected in state %s, dropped",
			isakmp_exchange_name(ctx.m->hdr.exchange), ctx.m->hdr.msg_id, ctx.encrypted ? ", encrypted" : "",
			state_fsm(ctx.x->state, ctx.x->initiator));
		e->stats.dropped++;
		discard(&ctx, fresh_sa, fresh_x);
		return;
	}
	conclude(&ctx, run_row(&ctx, msg, len, &plain, next_iv), msg, len, next_iv, fresh_sa, fresh_x);
	free(plain);
}
