/* Phase 1 with pre-shared keys: Main Mode and Aggressive Mode (RFC 2409 §5, §5.4),
 * NAT-T negotiation in the same messages (RFC 3947 §3-4).
 *
 *   Main:        SA            ->            <- SA
 *                KE, Ni, NAT-D ->            <- KE, Nr, NAT-D
 *                ID, HASH_I*   ->            <- ID, HASH_R*       (* encrypted; #4500)
 *   Aggressive:  SA, KE, Ni, ID ->           <- SA, KE, Nr, ID, NAT-D, HASH_R
 *                HASH_I, NAT-D*  ->
 *
 * Each handler reads the peer's payloads, computes, and builds the reply into
 * ctx->out; the dispatcher (ikev1_table.c) decrypts, sends and moves the state. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "vpn/ikev1_int.h"

/* ---- shared steps ---------------------------------------------------------------------- */

static void set_algs(struct ike_sa *sa, const struct p1_choice *c)
{
	sa->attrs = c->attrs;
	sa->priority = c->priority;
	sa->life_s = c->life_s;
	sa->send_responder_lifetime = c->responder_lifetime;
	sa->prf = prf_by_ike_hash(c->attrs.hash);
	sa->cipher = cipher_by_ike(c->attrs.encr, c->attrs.key_bits);
}

static bool parse_sa(struct ike_msg_ctx *ctx)
{
	if (isakmp_sa_parse(&ctx->m->sa, &ctx->e->sa_scratch) == CODEC_OK)
		return true;
	ike_dbg(ctx->sa, "SA payload malformed");
	ctx->notify = ISAKMP_N_BAD_PROPOSAL_SYNTAX;
	return false;
}

/* The peer's KE body, which must be as long as the negotiated group makes it. */
static bool take_ke(struct ike_msg_ctx *ctx, struct bytes *into)
{
	const struct isakmp_pl *ke = &ctx->m->ke;

	if (ke->body_len != dh_ke_len(ctx->sa->attrs.group)) {
		ike_dbg(ctx->sa, "KE payload of %u bytes for group %u", ke->body_len, ctx->sa->attrs.group);
		ctx->notify = ISAKMP_N_INVALID_KEY_INFORMATION;
		return false;
	}
	bytes_free(into);
	bytes_set(into, ke->body, ke->body_len);
	return true;
}

static void take_nonce(struct ike_msg_ctx *ctx, struct bytes *into)
{
	bytes_free(into);
	bytes_set(into, ctx->m->nonce.body, ctx->m->nonce.body_len);
}

/* Our key pair and nonce, and their payloads. */
static bool add_ke_nonce(struct ike_sa *sa, struct isakmp_builder *b, struct bytes *our_ke, struct bytes *our_nonce)
{
	uint8_t nonce[IKE_NONCE_LEN];

	sa->dh = dh_new(sa->attrs.group);
	if (!sa->dh || dh_public(sa->dh, our_ke) < 0)
		return false;
	random_nonce(nonce, sizeof(nonce));
	bytes_set(our_nonce, nonce, sizeof(nonce));
	isakmp_build_payload(b, ISAKMP_PL_KE, our_ke->ptr, our_ke->len);
	isakmp_build_payload(b, ISAKMP_PL_NONCE, our_nonce->ptr, our_nonce->len);
	return true;
}

/* SKEYID = prf(PSK, Ni_b | Nr_b), then SKEYID_d/a/e, Ka and the first IV (RFC 2409
 * §5, App. B). g^xy lives in locked memory only as long as this takes. */
static bool p1_keys(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	const struct bytes *peer_ke = sa->initiator ? &sa->gxr : &sa->gxi;
	struct bytes gxy = { 0 }, psk = { (uint8_t *)sa->auth->psk, sa->auth->psk_len };
	bool ok;

	if (dh_shared(sa->dh, peer_ke->ptr, peer_ke->len, &gxy) < 0) {
		ctx->notify = ISAKMP_N_INVALID_KEY_INFORMATION;
		return false;
	}
	sa->ks = keyset_new(sa->prf);
	ok = skeyid_psk(sa->ks, &psk, &sa->ni, &sa->nr) == 0 &&
	     skeyid_dae(sa->ks, &gxy, sa->cky_i, sa->cky_r) == 0 &&
	     keyset_cipher_key(sa->ks, cipher_key_len(sa->cipher)) == 0 &&
	     p1_iv(sa->prf, &sa->gxi, &sa->gxr, cipher_block_size(sa->cipher), sa->p1.iv) == 0;
	secure_bytes_free(&gxy);
	dh_free(sa->dh);
	sa->dh = NULL;
	sa->conn_id = sa->e->next_conn_id++;
	ike_dbg(sa, "SKEYID state generated");
	return ok;
}

/* HASH_I or HASH_R, whichever side `of_initiator` names, over that side's ID body. */
static void auth_hash(const struct ike_sa *sa, bool of_initiator, const uint8_t *id_body, size_t id_len,
		      uint8_t *out)
{
	struct bytes id = { (uint8_t *)id_body, id_len };

	if (of_initiator)
		p1_hash_i(sa->ks, &sa->gxi, &sa->gxr, sa->cky_i, sa->cky_r, &sa->sai_b, &id, out);
	else
		p1_hash_r(sa->ks, &sa->gxi, &sa->gxr, sa->cky_i, sa->cky_r, &sa->sai_b, &id, out);
}

static bool peer_hash_ok(struct ike_msg_ctx *ctx, const uint8_t *id_body, size_t id_len)
{
	struct ike_sa *sa = ctx->sa;
	uint8_t want[PRF_MAX_LEN];
	size_t len = prf_len(sa->prf);
	char id[128];

	auth_hash(sa, !sa->initiator, id_body, id_len, want);
	id_format(id_body, id_len, id, sizeof(id));
	if (ctx->m->hash.body_len == len && secure_equal(want, ctx->m->hash.body, len)) {
		ike_dbg(sa, "SA has been authenticated with %s (ID %s)", inet_ntoa(sa->remote.addr), id);
		ctx->authenticated = true;
		return true;
	}
	log_psk_mismatch(sa, sa->aggressive ? (sa->initiator ? "AM2" : "AM3") : (sa->initiator ? "MM6" : "MM5"));
	ctx->notify = ISAKMP_N_AUTHENTICATION_FAILED;
	return false;
}

/* ID and HASH of our side (MM5/MM6; AM2 puts the HASH last, see am_r_sa). */
static void add_id(struct ike_sa *sa, struct isakmp_builder *b)
{
	uint8_t body[IKE_ID_MAX];
	size_t len = id_p1_local(sa->cfg, sa->local.addr, body, sizeof(body));

	bytes_free(&sa->id_local);
	bytes_set(&sa->id_local, body, len);
	isakmp_build_id(b, body[0], body[1], (uint16_t)(body[2] << 8 | body[3]), body + 4, len - 4);
}

static void add_hash(struct ike_sa *sa, struct isakmp_builder *b)
{
	uint8_t h[PRF_MAX_LEN];

	auth_hash(sa, sa->initiator, sa->id_local.ptr, sa->id_local.len, h);
	isakmp_build_payload(b, ISAKMP_PL_HASH, h, prf_len(sa->prf));
}

/* RFC 2407 §4.6.3.3: sent when we hold no state with the peer, so that it may drop
 * whatever it still holds for us (strongSwan does the same in MM5). */
static void add_initial_contact(struct ike_sa *sa, struct isakmp_builder *b)
{
	uint8_t spi[16];

	if (sadb_best(sa->e, (struct in_addr){ 0 }, sa->remote.addr, true))
		return;
	if (child_first_of_peer(sa->e, sa->remote.addr))
		return;
	memcpy(spi, sa->cky_i, 8);
	memcpy(spi + 8, sa->cky_r, 8);
	isakmp_build_notify(b, ISAKMP_PROTO_ISAKMP, IPSEC_N_INITIAL_CONTACT, spi, 16, NULL, 0);
}

static void peer_notifies(struct ike_msg_ctx *ctx)
{
	for (unsigned i = 0; i < ctx->m->n_notify; i++) {
		if (ctx->m->notify[i].type == IPSEC_N_INITIAL_CONTACT) {
			ike_dbg(ctx->sa, "processing INITIAL-CONTACT");
			info_initial_contact(ctx->sa);
		}
	}
}

static void reply_begin(struct ike_msg_ctx *ctx, bool encrypt)
{
	msg_begin(&ctx->out, ctx->sa, ctx->sa->aggressive ? ISAKMP_EXCH_AGGRESSIVE : ISAKMP_EXCH_MAIN, 0, encrypt);
	ctx->have_out = true;
}

/* The responder's choice of policy, with the mismatch report when there is none. */
static bool choose_policy(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	struct p1_choice c;
	struct p1_report report;

	sa->auth = vpn_auth_for_peer(sa->cfg, ctx->remote.addr);
	if (!sa->auth)
		log_no_psk(sa);
	vid_read(sa, ctx->m);
	if (!sa->cfg->natt_enabled)
		sa->natt = NATT_NONE;
	if (p1_select(sa->cfg, &ctx->e->sa_scratch, sa->auth != NULL, 0, &c, &report) < 0) {
		log_p1_no_proposal(sa, &report);
		ctx->notify = ISAKMP_N_NO_PROPOSAL_CHOSEN;
		return false;
	}
	set_algs(sa, &c);
	ike_dbg(sa, "atts are acceptable: transform %u against priority %u policy", c.transform_no, c.priority);
	bytes_set(&sa->sai_b, ctx->m->sa.body, ctx->m->sa.body_len);
	reply_begin(ctx, false);
	p1_build_reply(&ctx->out, &c);
	return true;
}

/* The initiator checks the responder's choice against what it offered. */
static bool check_choice(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	struct p1_choice c;

	if (p1_check_reply(sa->cfg, sa->aggressive, &ctx->e->sa_scratch, &c) < 0) {
		ike_dbg(sa, "the responder chose a transform we did not offer");
		log_p1_failed(sa, "the responder chose a transform that was not offered");
		return false;
	}
	set_algs(sa, &c);
	vid_read(sa, ctx->m);
	return true;
}

/* ---- Main Mode ------------------------------------------------------------------------- */

enum hres mm_r_sa(struct ike_msg_ctx *ctx)
{
	if (!parse_sa(ctx) || !choose_policy(ctx))
		return H_FAIL;
	vid_add_ours(&ctx->out, ctx->sa->natt, ctx->sa->natt != NATT_NONE, true);
	return H_OK;
}

enum hres mm_i_sa(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;

	if (!parse_sa(ctx) || !check_choice(ctx))
		return H_FAIL;
	reply_begin(ctx, false);
	if (!add_ke_nonce(sa, &ctx->out, &sa->gxi, &sa->ni))
		return H_FAIL;
	natd_add(&ctx->out, sa);
	return H_OK;
}

enum hres mm_r_ke(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;

	if (!take_ke(ctx, &sa->gxi))
		return H_FAIL;
	take_nonce(ctx, &sa->ni);
	natd_check(sa, ctx->m, &ctx->local, &ctx->remote);
	reply_begin(ctx, false);
	if (!add_ke_nonce(sa, &ctx->out, &sa->gxr, &sa->nr) || !p1_keys(ctx))
		return H_FAIL;
	natd_add(&ctx->out, sa);
	return H_OK;
}

enum hres mm_i_ke(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;

	if (!take_ke(ctx, &sa->gxr))
		return H_FAIL;
	take_nonce(ctx, &sa->nr);
	natd_check(sa, ctx->m, &ctx->local, &ctx->remote);
	if (!p1_keys(ctx))
		return H_FAIL;
	natt_float(sa);
	reply_begin(ctx, true);
	add_id(sa, &ctx->out);
	add_hash(sa, &ctx->out);
	add_initial_contact(sa, &ctx->out);
	return H_OK;
}

enum hres mm_r_auth(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	const struct isakmp_id *id = &ctx->m->id[0];

	if (!peer_hash_ok(ctx, id->pl.body, id->pl.body_len))
		return H_FAIL;
	bytes_set(&sa->id_peer, id->pl.body, id->pl.body_len);
	peer_notifies(ctx);
	reply_begin(ctx, true);
	add_id(sa, &ctx->out);
	add_hash(sa, &ctx->out);
	return H_OK;
}

enum hres mm_i_auth(struct ike_msg_ctx *ctx)
{
	const struct isakmp_id *id = &ctx->m->id[0];

	if (!peer_hash_ok(ctx, id->pl.body, id->pl.body_len))
		return H_FAIL;
	bytes_set(&ctx->sa->id_peer, id->pl.body, id->pl.body_len);
	peer_notifies(ctx);
	return H_OK;
}

/* ---- Aggressive Mode ---------------------------------------------------------------------- */

enum hres am_r_sa(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	const struct isakmp_id *id = &ctx->m->id[0];

	if (!parse_sa(ctx) || !choose_policy(ctx))
		return H_FAIL;
	if (!take_ke(ctx, &sa->gxi))
		return H_FAIL;
	take_nonce(ctx, &sa->ni);
	bytes_set(&sa->id_peer, id->pl.body, id->pl.body_len);
	if (!add_ke_nonce(sa, &ctx->out, &sa->gxr, &sa->nr) || !p1_keys(ctx))
		return H_FAIL;
	add_id(sa, &ctx->out);
	vid_add_ours(&ctx->out, sa->natt, sa->natt != NATT_NONE, true);
	natd_add(&ctx->out, sa);
	add_hash(sa, &ctx->out);
	return H_OK;
}

enum hres am_i_sa(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	const struct isakmp_id *id = &ctx->m->id[0];

	if (!parse_sa(ctx) || !check_choice(ctx))
		return H_FAIL;
	if (!take_ke(ctx, &sa->gxr))
		return H_FAIL;
	take_nonce(ctx, &sa->nr);
	natd_check(sa, ctx->m, &ctx->local, &ctx->remote);
	if (!p1_keys(ctx) || !peer_hash_ok(ctx, id->pl.body, id->pl.body_len))
		return H_FAIL;
	bytes_set(&sa->id_peer, id->pl.body, id->pl.body_len);
	peer_notifies(ctx);
	natt_float(sa);
	/* AM3 encrypted, as RFC 3947 §4 draws it and strongSwan sends it. */
	reply_begin(ctx, true);
	add_hash(sa, &ctx->out);
	natd_add(&ctx->out, sa);
	add_initial_contact(sa, &ctx->out);
	return H_OK;
}

enum hres am_r_auth(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;

	if (!peer_hash_ok(ctx, sa->id_peer.ptr, sa->id_peer.len))
		return H_FAIL;
	natd_check(sa, ctx->m, &ctx->local, &ctx->remote);
	peer_notifies(ctx);
	return H_OK;
}

/* ---- starting and finishing ------------------------------------------------------------------ */

static void keep_sai_b(struct ike_sa *sa, const struct isakmp_builder *b)
{
	/* The SA payload is the first one: SAi_b is its body exactly as sent (§11). */
	const uint8_t *pl = b->buf + ISAKMP_HDR_LEN;
	size_t len = (size_t)(pl[2] << 8 | pl[3]);

	bytes_set(&sa->sai_b, pl + ISAKMP_GENERIC_LEN, len - ISAKMP_GENERIC_LEN);
}

static bool build_first(struct ike_sa *sa, struct isakmp_builder *b, bool natt_enabled)
{
	msg_begin(b, sa, sa->aggressive ? ISAKMP_EXCH_AGGRESSIVE : ISAKMP_EXCH_MAIN, 0, false);
	p1_build_offer(b, sa->cfg, sa->aggressive);
	keep_sai_b(sa, b);
	if (sa->aggressive) {
		sa->attrs.group = p1_offer_group(sa->cfg);
		if (!add_ke_nonce(sa, b, &sa->gxi, &sa->ni))
			return false;
		add_id(sa, b);
	}
	vid_add_ours(b, NATT_NONE, natt_enabled, false);
	return true;
}

struct ike_sa *p1_initiate(struct ike_engine *e, const struct vpn_conn *conn, unsigned peer_index)
{
	struct ike_endpoint local = { conn->local_addr, e->ports.ike };
	struct ike_endpoint remote = { conn->peers[peer_index], e->ports.ike };
	struct isakmp_builder b;
	struct ike_sa *sa;

	if (!p1_offer_group(e->cfg)) {
		ike_dbg(NULL, "no usable IKE policy: cannot initiate");
		return NULL;
	}
	sa = sadb_new(e, true, NULL, &local, &remote);
	sa->aggressive = conn->aggressive;
	sa->conn_reqid = conn->reqid;
	sa->peer_index = peer_index;
	sa->auth = vpn_auth_for_peer(sa->cfg, remote.addr);
	if (!sa->auth) {
		log_no_psk(sa);
		sadb_free(sa);
		return NULL;
	}
	if (!build_first(sa, &b, e->cfg->natt_enabled && !conn->nat_t_disable)) {
		isakmp_build_free(&b);
		sadb_free(sa);
		return NULL;
	}
	log_p1_new(sa, conn, conn->nsel ? &conn->sel[0] : NULL);
	sa->p1.state = sa->aggressive ? ST_AM_I1 : ST_MM_I1;
	ike_dbg_transition(sa, &sa->p1, ST_NONE, sa->p1.state);
	timers_p1_deadline(sa);
	xchg_send(&sa->p1, &b, true);
	return sa;
}

static void run_pending(struct ike_sa *sa)
{
	while (sa->pending) {
		struct ike_pending *p = sa->pending;
		const struct vpn_conn *conn = engine_conn(sa->e, p->reqid);
		sa->pending = p->next;
		if (conn)
			qm_initiate(sa, conn, sa->e->cfg, &p->sel, p->rekey_of);
		free(p);
	}
}

static void qm_delay_fired(struct ev_loop *loop, void *arg)
{
	struct ike_sa *sa = arg;

	UNUSED(loop);
	sa->qm_delay_timer = NULL;
	run_pending(sa);
}

void p1_established(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;

	sa->established = true;
	sa->established_ms = ev_now_ms(e->loop);
	memcpy(sa->p1_last, sa->p1.iv, sizeof(sa->p1_last));
	sadb_half_open_del(sa);
	ev_timer_clear(e->loop, &sa->deadline_timer);
	e->stats.p1_established++;
	log_p1_complete(sa);
	if (sa->initiator && sa->conn_reqid)
		conn_state(e, sa->conn_reqid)->failures = 0;
	/* A newer ISAKMP SA with the peer takes over; the older one lives until it expires. */
	for (struct ike_sa *old = e->sa_first; old; old = old->next)
		if (old != sa && old->established && old->remote.addr.s_addr == sa->remote.addr.s_addr)
			old->rekeyed = true;
	timers_p1_established(sa);
	if (!sa->initiator && sa->send_responder_lifetime)
		info_send_responder_lifetime_p1(sa);
	/* strongSwan's AM responder may take QM1 before AM3 on another thread and drop it
	 * (rig README §4, 13 of 50 runs): a few milliseconds after AM3 avoid the resend. */
	if (sa->aggressive && sa->initiator && sa->pending)
		sa->qm_delay_timer = ev_timer_add(e->loop, IKE_AM_QM_DELAY_MS, qm_delay_fired, sa);
	else
		run_pending(sa);
}
