/* Quick Mode (RFC 2409 §5.5), with and without PFS, and the IPsec SAs it installs.
 *
 *   HASH(1), SA, Ni [, KE] [, IDci, IDcr]  ->
 *                                          <-  HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, N(RESPONDER-LIFETIME)]
 *   HASH(3)                                ->
 *
 * The dispatcher verified the HASH before a handler runs. The initiator installs its
 * SAs when QM2 arrives, the responder when QM3 does (as strongSwan does). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "vpn/ikev1_int.h"

uint32_t engine_ipsec_life_s(const struct ike_engine *e, const struct vpn_conn *conn)
{
	if (conn->lifetime_s)
		return conn->lifetime_s;
	return e->cfg && e->cfg->default_lifetime_s ? e->cfg->default_lifetime_s : 3600;
}

uint64_t engine_ipsec_life_kb(const struct ike_engine *e, const struct vpn_conn *conn)
{
	if (conn->lifetime_kb)
		return conn->lifetime_kb;
	return e->cfg ? e->cfg->default_lifetime_kb : 0;
}

static void add_id_body(struct isakmp_builder *b, const uint8_t *body, size_t len)
{
	isakmp_build_id(b, body[0], body[1], (uint16_t)(body[2] << 8 | body[3]), body + 4, len - 4);
}

static bool add_pfs_ke(struct ike_qm *qm, struct isakmp_builder *b)
{
	struct bytes ke = { 0 };

	if (!qm->pfs_group)
		return true;
	if (!qm->dh && !(qm->dh = dh_new(qm->pfs_group)))
		return false;
	if (dh_public(qm->dh, &ke) < 0)
		return false;
	isakmp_build_payload(b, ISAKMP_PL_KE, ke.ptr, ke.len);
	bytes_free(&ke);
	return true;
}

static bool take_pfs_ke(struct ike_msg_ctx *ctx, struct ike_qm *qm)
{
	const struct isakmp_pl *ke = &ctx->m->ke;

	if (!qm->pfs_group)
		return true;
	if (!(ctx->m->present & ISAKMP_P(KE)) || !qm->dh ||
	    dh_shared(qm->dh, ke->body, ke->body_len, &qm->gxy) < 0) {
		ike_dbg(ctx->sa, "Quick Mode: PFS group %u KE payload missing or invalid", qm->pfs_group);
		return false;
	}
	return true;
}

static void random_bytes_into(struct bytes *b, size_t len)
{
	uint8_t n[IKE_NONCE_LEN];

	random_nonce(n, len);
	bytes_free(b);
	bytes_set(b, n, len);
}

/* ---- installing -------------------------------------------------------------------------- */

static void dp_sa_fill(struct dp_sa *d, const struct ike_child *c, bool inbound, const uint8_t *km,
		       size_t enc_len, size_t auth_len)
{
	d->src = inbound ? c->peer : c->local;
	d->dst = inbound ? c->local : c->peer;
	d->spi = inbound ? c->spi_in : c->spi_out;
	d->reqid = c->conn->reqid;
	d->mode = c->mode;
	if (c->encap_local) {
		d->encap_sport = inbound ? c->encap_peer : c->encap_local;
		d->encap_dport = inbound ? c->encap_local : c->encap_peer;
	}
	d->enc = p2_dp_enc(c->attrs.esp_id);
	memcpy(d->enc_key, km, enc_len);
	d->enc_key_len = enc_len;
	d->auth = p2_dp_auth(c->attrs.auth_alg);
	memcpy(d->auth_key, km + enc_len, auth_len);
	d->auth_key_len = auth_len;
	d->replay_window = inbound ? 64 : 0;
	timers_child_lifetime(c, &d->life);
	if (inbound) {
		struct ts_half l, r;
		sel_split(&c->sel, &l, &r);
		d->sel = sel_join(&r, &l);
	} else {
		d->sel = c->sel;
	}
}

/* KEYMAT per SA (RFC 2409 §5.5): the SPI names the direction; both peers derive the
 * keys of an SPI the same way, with the initiator's and responder's nonces in order.
 * The keys pass through the stack, wiped on the way out: a guarded allocation costs
 * mmap, mprotect and munmap, four times per tunnel, which a hub with thousands of peers
 * pays in TLB flushes on every core. */
static int install_one(struct ike_sa *sa, struct ike_qm *qm, struct ike_child *c, bool inbound)
{
	struct dataplane *dp = sa->e->dp;
	size_t enc_len, auth_len;
	struct dp_sa sa_conf = { 0 }, *d = &sa_conf;
	uint8_t km[2 * DP_KEY_MAX];
	int rc = -EINVAL;

	if (p2_key_lengths(&c->attrs, &enc_len, &auth_len) == 0 &&
	    qm_keymat(sa->ks, qm->pfs_group ? &qm->gxy : NULL, ISAKMP_PROTO_ESP, inbound ? c->spi_in : c->spi_out,
		      &qm->ni, &qm->nr, enc_len + auth_len, km) == 0) {
		dp_sa_fill(d, c, inbound, km, enc_len, auth_len);
		if (inbound) {
			/* XFRM wants UPDSA on the SPI that ALLOCSPI reserved; a backend
			 * without larval SAs has none to update. */
			rc = dp->ops->update_sa(dp, d);
			if (rc == -ENOENT)
				rc = dp->ops->add_sa(dp, d);
		} else {
			rc = dp->ops->add_sa(dp, d);
		}
	}
	secure_wipe(km, sizeof(km));
	secure_wipe(&sa_conf, sizeof(sa_conf));
	return rc;
}

/* A responder learns of a rekey only by the same selectors coming again: the old pair
 * goes if it has lived half its lifetime (the peer's soft expiry). A younger one is a
 * twin from both sides initiating at once; twins collapse at the next soft expiry
 * (ike_engine_expire), never both at once here. */
static bool peer_rekeys(const struct ike_engine *e, const struct ike_child *old)
{
	uint64_t age_ms = ev_now_ms(e->loop) - old->established_ms;

	return old->life_s && age_ms >= (uint64_t)old->life_s * 500;
}

static void retire_previous(struct ike_engine *e, struct ike_child *c, uint64_t rekey_of)
{
	struct ike_child *old = child_find_serial(e, rekey_of);

	for (struct ike_child *o = child_first_of_peer(e, c->peer); !old && o; o = child_next_of_peer(o))
		if (o != c && !o->replaced && o->conn->reqid == c->conn->reqid && sel_equal(&o->sel, &c->sel) &&
		    peer_rekeys(e, o))
			old = o;
	if (old && old != c)
		timers_child_rekeyed(old);
}

static void child_fill(struct ike_child *c, struct ike_sa *sa, struct ike_xchg *x)
{
	struct ike_qm *qm = x->qm;

	c->conn = qm->conn;
	c->sel = qm->sel;
	c->local = sa->local.addr;
	c->peer = sa->remote.addr;
	c->ike_local_port = sa->local.port;
	c->ike_peer_port = sa->remote.port;
	if (qm->choice.udp_encap) {
		c->encap_local = sa->local.port;
		c->encap_peer = sa->remote.port;
	}
	c->spi_in = qm->spi_in;
	c->spi_out = qm->spi_out;
	c->attrs = qm->choice.attrs;
	c->mode = qm->choice.mode;
	c->pfs_group = qm->pfs_group;
	c->life_s = qm->life_s;
	c->life_kb = qm->life_kb;
	c->conn_id = sa->conn_id;
	c->initiator = x->initiator;
}

/* The responder installs its inbound SA as it sends QM2: the initiator may send ESP
 * as soon as QM2 arrives, before QM3 reaches us (IOS does the same; without it the
 * first packets, queued since the acquire, are lost). */
static int install_inbound_early(struct ike_sa *sa, struct ike_xchg *x)
{
	struct ike_child c = { .e = sa->e };
	int rc;

	child_fill(&c, sa, x);
	rc = install_one(sa, x->qm, &c, true);
	x->qm->inbound_installed = rc == 0;
	return rc;
}

/* Once both SAs are in the data plane the PFS secrets have served: the exchange
 * lingers only to answer duplicates from what it sent, so its DH key pair and g^xy
 * (a guarded page) go now, not with the exchange 20 s later. */
static void forget_pfs(struct ike_qm *qm)
{
	dh_free(qm->dh);
	qm->dh = NULL;
	secure_bytes_free(&qm->gxy);
}

static int child_install(struct ike_sa *sa, struct ike_xchg *x)
{
	struct ike_engine *e = sa->e;
	struct ike_qm *qm = x->qm;
	struct ike_child *c = child_new(e, sa->remote.addr);
	int rc_in = 0, rc_out;

	c->cfg = vpn_config_ref(qm->cfg);
	child_fill(c, sa, x);
	c->established_ms = ev_now_ms(e->loop);
	if (!qm->inbound_installed)
		rc_in = install_one(sa, qm, c, true);
	qm->inbound_installed = false;      /* the child owns it now */
	rc_out = install_one(sa, qm, c, false);
	forget_pfs(qm);
	if (rc_in < 0 || rc_out < 0) {
		ike_dbg(sa, "unable to install %s%s%sIPsec SA in the data plane (%d/%d)", rc_in < 0 ? "inbound " : "",
			rc_in < 0 && rc_out < 0 ? "and " : "", rc_out < 0 ? "outbound " : "", rc_in, rc_out);
		child_delete(c, false, "install failed");
		e->stats.p2_failed++;
		return -1;
	}
	e->stats.p2_established++;
	log_p2_complete(sa, c, x->msgid);
	retire_previous(e, c, qm->rekey_of);
	return 0;
}

/* A rekey offers no more than the SA it replaces was given: a peer that chose shorter
 * lifetimes than ours keeps them (strongSwan, as responder, adopts a longer offer but
 * still expires the SA at its own lifetime, without rekeying it: the tunnel would drop). */
static void rekey_lifetimes(struct ike_engine *e, struct ike_qm *qm)
{
	const struct ike_child *old = child_find_serial(e, qm->rekey_of);

	if (!old)
		return;
	if (old->life_s && old->life_s < qm->life_s)
		qm->life_s = old->life_s;
	if (old->life_kb && (!qm->life_kb || old->life_kb < qm->life_kb))
		qm->life_kb = old->life_kb;
}

/* ---- initiator ----------------------------------------------------------------------------- */

int qm_initiate(struct ike_sa *sa, const struct vpn_conn *conn, struct vpn_config *cfg,
		const struct dp_selector *sel, uint64_t rekey_of)
{
	struct ike_engine *e = sa->e;
	struct ike_xchg *x = xchg_new(sa, msgid_new(sa), true);
	struct ike_qm *qm = x->qm = xcalloc(1, sizeof(*qm));
	struct ts_half l, r;
	struct isakmp_builder b;

	qm->cfg = vpn_config_ref(cfg);
	qm->conn = conn;
	qm->sel = *sel;
	qm->rekey_of = rekey_of;
	qm->pfs_group = conn->pfs_group;
	qm->life_s = engine_ipsec_life_s(e, conn);
	qm->life_kb = engine_ipsec_life_kb(e, conn);
	rekey_lifetimes(e, qm);
	p2_first_iv(sa, x->msgid, x->iv);
	if (e->dp->ops->get_spi(e->dp, sa->remote.addr, sa->local.addr, conn->reqid, &qm->spi_in) < 0) {
		ike_dbg(sa, "Quick Mode: the data plane gave no SPI");
		xchg_free(x);
		return -1;
	}
	random_bytes_into(&qm->ni, IKE_NONCE_LEN);
	sel_split(sel, &l, &r);
	qm->idci_len = id_from_ts(&l, qm->idci);
	qm->idcr_len = id_from_ts(&r, qm->idcr);
	qm->have_ids = true;

	msg_begin(&b, sa, ISAKMP_EXCH_QUICK, x->msgid, true);
	size_t hash_off = msg_hash_reserve(&b, sa);
	struct p2_offer_params op = { .spi = qm->spi_in, .life_s = qm->life_s, .life_kb = qm->life_kb,
				      .natt = sa->floated ? sa->natt : NATT_NONE };
	p2_build_offer(&b, conn, &op);
	isakmp_build_payload(&b, ISAKMP_PL_NONCE, qm->ni.ptr, qm->ni.len);
	if (!add_pfs_ke(qm, &b)) {
		isakmp_build_free(&b);
		xchg_free(x);
		return -1;
	}
	add_id_body(&b, qm->idci, qm->idci_len);
	add_id_body(&b, qm->idcr, qm->idcr_len);
	msg_hash_fill(&b, sa, hash_off, HASH_1, x->msgid, qm);
	ike_dbg(sa, "beginning Quick Mode exchange, M-ID of %u", x->msgid);
	ike_dbg_transition(sa, x, ST_QM_NONE, ST_QM_I1);
	x->state = ST_QM_I1;
	return xchg_send(x, &b, true);
}

static bool same_id(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	struct ts_half ha, hb;

	if (id_to_ts(a, alen, &ha) < 0 || id_to_ts(b, blen, &hb) < 0)
		return false;
	return ha.plen == hb.plen && ha.net.s_addr == hb.net.s_addr && ha.proto == hb.proto && ha.port == hb.port;
}

/* RESPONDER-LIFETIME (RFC 2407 §4.6.3.1): Life Type / Life Duration pairs. */
static void apply_responder_lifetime(struct ike_sa *sa, const struct isakmp_notify *n, uint32_t *life_s,
				     uint64_t *life_kb)
{
	struct isakmp_attr_iter it;
	struct isakmp_attr a;
	uint16_t type = 0;

	isakmp_attr_iter_init(&it, n->data, n->data_len);
	while (isakmp_attr_next(&it, &a) == 1) {
		if (!a.tv && isakmp_attr_int(&a) != CODEC_OK)
			return;
		if (a.type == IPSEC_ATTR_LIFE_TYPE)
			type = (uint16_t)a.value;
		else if (a.type == IPSEC_ATTR_LIFE_DURATION && type == ISAKMP_LIFE_SECONDS && a.value &&
			 a.value < *life_s)
			*life_s = (uint32_t)a.value;
		else if (a.type == IPSEC_ATTR_LIFE_DURATION && type == ISAKMP_LIFE_KILOBYTES && a.value &&
			 (!*life_kb || a.value < *life_kb))
			*life_kb = a.value;
	}
	ike_dbg(sa, "processing responder lifetime: %u s, %llu KB", *life_s, (unsigned long long)*life_kb);
}

enum hres qm_i_2(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	struct ike_qm *qm = ctx->x->qm;
	const struct isakmp_msg *m = ctx->m;

	if (isakmp_sa_parse(&m->sa, &ctx->e->sa_scratch) != CODEC_OK ||
	    p2_check_reply(qm->conn, &ctx->e->sa_scratch, &qm->choice) < 0) {
		ike_dbg(sa, "Quick Mode: the responder chose a proposal we did not offer");
		return H_FAIL;
	}
	qm->spi_out = qm->choice.peer_spi;
	if (m->n_id == 2 && (!same_id(m->id[0].pl.body, m->id[0].pl.body_len, qm->idci, qm->idci_len) ||
			     !same_id(m->id[1].pl.body, m->id[1].pl.body_len, qm->idcr, qm->idcr_len))) {
		ike_dbg(sa, "Quick Mode: the responder changed the proxy identities");
		return H_FAIL;
	}
	bytes_set(&qm->nr, m->nonce.body, m->nonce.body_len);
	if (!take_pfs_ke(ctx, qm))
		return H_FAIL;
	/* strongSwan answers with its own lifetime in the SA payload; Cisco with a notify. */
	if (qm->choice.attrs.life_s && qm->choice.attrs.life_s < qm->life_s)
		qm->life_s = qm->choice.attrs.life_s;
	for (unsigned i = 0; i < m->n_notify; i++)
		if (m->notify[i].type == IPSEC_N_RESPONDER_LIFETIME)
			apply_responder_lifetime(sa, &m->notify[i], &qm->life_s, &qm->life_kb);
	msg_begin(&ctx->out, sa, ISAKMP_EXCH_QUICK, ctx->x->msgid, true);
	ctx->have_out = true;
	size_t hash_off = msg_hash_reserve(&ctx->out, sa);
	msg_hash_fill(&ctx->out, sa, hash_off, HASH_3, ctx->x->msgid, qm);
	return H_OK;
}

void qm_i_install(struct ike_msg_ctx *ctx)
{
	/* QM3 is out: the peer holds the SA now; tell it if ours could not be installed. */
	if (child_install(ctx->sa, ctx->x) < 0)
		info_send_delete_esp(ctx->sa, &ctx->x->qm->spi_in, 1);
}

/* ---- responder ------------------------------------------------------------------------------ */

static const struct vpn_conn *find_conn(struct ike_engine *e, const struct ike_sa *sa, const struct ts_half *peer_local,
					const struct ts_half *peer_remote)
{
	const struct vpn_config *cfg = e->cfg;

	for (size_t i = 0; cfg && i < cfg->nconns; i++) {
		const struct vpn_conn *c = &cfg->conns[i];
		bool peer_ok = c->dynamic;
		if (c->conn_type == VPN_CONN_ORIGINATE_ONLY ||
		    (c->local_addr.s_addr && c->local_addr.s_addr != sa->local.addr.s_addr))
			continue;
		for (size_t k = 0; k < c->npeers; k++)
			peer_ok |= c->peers[k].s_addr == sa->remote.addr.s_addr;
		if (peer_ok && c->any_proxy)
			return c;
		for (size_t k = 0; peer_ok && k < c->nsel; k++)
			if (sel_mirrors(&c->sel[k], peer_local, peer_remote))
				return c;
	}
	return NULL;
}

/* The proxy identities: the IDs, or the two peers' addresses when QM1 has none
 * (RFC 2409 §5.5). */
static bool peer_selectors(struct ike_msg_ctx *ctx, struct ts_half *peer_local, struct ts_half *peer_remote)
{
	const struct isakmp_msg *m = ctx->m;
	struct ike_qm *qm = ctx->x->qm;

	if (m->n_id == 0) {
		*peer_local = (struct ts_half){ .net = ctx->sa->remote.addr, .plen = 32 };
		*peer_remote = (struct ts_half){ .net = ctx->sa->local.addr, .plen = 32 };
		return true;
	}
	if (m->n_id != 2 || id_to_ts(m->id[0].pl.body, m->id[0].pl.body_len, peer_local) < 0 ||
	    id_to_ts(m->id[1].pl.body, m->id[1].pl.body_len, peer_remote) < 0) {
		ike_dbg(ctx->sa, "Quick Mode: unsupported proxy identity");
		return false;
	}
	memcpy(qm->idci, m->id[0].pl.body, m->id[0].pl.body_len);
	qm->idci_len = m->id[0].pl.body_len;
	memcpy(qm->idcr, m->id[1].pl.body, m->id[1].pl.body_len);
	qm->idcr_len = m->id[1].pl.body_len;
	qm->have_ids = true;
	return true;
}

/* The shorter lifetime wins; tell the initiator when it is ours (RFC 2407 §4.6.3.1). */
static bool choose_lifetimes(struct ike_msg_ctx *ctx, struct ike_qm *qm)
{
	uint32_t ours_s = engine_ipsec_life_s(ctx->e, qm->conn), peer_s = qm->choice.attrs.life_s;
	uint64_t ours_kb = engine_ipsec_life_kb(ctx->e, qm->conn), peer_kb = qm->choice.attrs.life_kb;
	bool shorter_s = ours_s && (!peer_s || ours_s < peer_s);
	bool shorter_kb = ours_kb && (!peer_kb || ours_kb < peer_kb);

	qm->life_s = shorter_s ? ours_s : peer_s;
	qm->life_kb = shorter_kb ? ours_kb : peer_kb;
	if (shorter_s || shorter_kb)
		log_lifetime_override(ctx->sa, false, peer_s, qm->life_s, peer_kb, qm->life_kb);
	return shorter_s || shorter_kb;
}

static void add_responder_lifetime(struct isakmp_builder *b, const struct ike_qm *qm)
{
	struct isakmp_builder attrs;
	struct isakmp_hdr none = { 0 };
	uint8_t spi[4];

	/* The attributes are built in a scratch builder, then copied as notify data. */
	isakmp_build_init(&attrs, &none);
	isakmp_build_attr(&attrs, IPSEC_ATTR_LIFE_TYPE, ISAKMP_LIFE_SECONDS);
	isakmp_build_attr(&attrs, IPSEC_ATTR_LIFE_DURATION, qm->life_s);
	if (qm->life_kb) {
		isakmp_build_attr(&attrs, IPSEC_ATTR_LIFE_TYPE, ISAKMP_LIFE_KILOBYTES);
		isakmp_build_attr(&attrs, IPSEC_ATTR_LIFE_DURATION, qm->life_kb);
	}
	be32_put(spi, qm->spi_in);
	isakmp_build_notify(b, ISAKMP_PROTO_ESP, IPSEC_N_RESPONDER_LIFETIME, spi, 4, attrs.buf + ISAKMP_HDR_LEN,
			    attrs.len - ISAKMP_HDR_LEN);
	isakmp_build_free(&attrs);
}

static void build_qm2(struct ike_msg_ctx *ctx, struct ike_qm *qm, bool responder_lifetime)
{
	struct isakmp_builder *b = &ctx->out;

	msg_begin(b, ctx->sa, ISAKMP_EXCH_QUICK, ctx->x->msgid, true);
	ctx->have_out = true;
	size_t hash_off = msg_hash_reserve(b, ctx->sa);
	p2_build_reply(b, &qm->choice, qm->spi_in);
	isakmp_build_payload(b, ISAKMP_PL_NONCE, qm->nr.ptr, qm->nr.len);
	add_pfs_ke(qm, b);
	if (qm->have_ids && ctx->m->n_id == 2) {
		add_id_body(b, qm->idci, qm->idci_len);
		add_id_body(b, qm->idcr, qm->idcr_len);
	}
	if (responder_lifetime)
		add_responder_lifetime(b, qm);
	msg_hash_fill(b, ctx->sa, hash_off, HASH_2, ctx->x->msgid, qm);
}

/* The first proposal's SPI: where an error notify about this Quick Mode points. */
static uint32_t offered_spi(const struct isakmp_sa *offer)
{
	return offer->n_proposals && offer->proposals[0].spi_size == 4 ? be32_get(offer->proposals[0].spi) : 0;
}

static enum hres qm_refuse(struct ike_msg_ctx *ctx, uint16_t notify)
{
	ctx->notify = notify;
	ctx->notify_proto = ISAKMP_PROTO_ESP;
	ctx->notify_spi = offered_spi(&ctx->e->sa_scratch);
	return H_FAIL;
}

enum hres qm_r_1(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;
	struct ike_engine *e = ctx->e;
	struct ike_qm *qm = ctx->x->qm = xcalloc(1, sizeof(*ctx->x->qm));
	struct ts_half peer_local, peer_remote;
	struct p2_report report;

	qm->cfg = vpn_config_ref(e->cfg);
	if (isakmp_sa_parse(&ctx->m->sa, &e->sa_scratch) != CODEC_OK)
		return H_FAIL;
	if (!peer_selectors(ctx, &peer_local, &peer_remote))
		return qm_refuse(ctx, ISAKMP_N_INVALID_ID_INFORMATION);
	qm->conn = find_conn(e, sa, &peer_local, &peer_remote);
	if (!qm->conn) {
		log_p2_no_conn(sa, &peer_local, &peer_remote);
		return qm_refuse(ctx, ISAKMP_N_INVALID_ID_INFORMATION);
	}
	qm->sel = sel_join(&peer_remote, &peer_local);
	if (p2_select(qm->conn, &e->sa_scratch, &qm->choice, &report) < 0) {
		log_p2_no_proposal(sa, qm->conn, &report);
		return qm_refuse(ctx, ISAKMP_N_NO_PROPOSAL_CHOSEN);
	}
	qm->spi_out = qm->choice.peer_spi;
	qm->pfs_group = qm->choice.attrs.group;
	bytes_set(&qm->ni, ctx->m->nonce.body, ctx->m->nonce.body_len);
	if (qm->pfs_group && !(qm->dh = dh_new(qm->pfs_group)))
		return qm_refuse(ctx, ISAKMP_N_INVALID_KEY_INFORMATION);
	if (!take_pfs_ke(ctx, qm))
		return qm_refuse(ctx, ISAKMP_N_INVALID_KEY_INFORMATION);
	if (e->dp->ops->get_spi(e->dp, sa->remote.addr, sa->local.addr, qm->conn->reqid, &qm->spi_in) < 0)
		return qm_refuse(ctx, ISAKMP_N_NO_PROPOSAL_CHOSEN);
	random_bytes_into(&qm->nr, IKE_NONCE_LEN);
	build_qm2(ctx, qm, choose_lifetimes(ctx, qm));
	if (install_inbound_early(sa, ctx->x) < 0)
		return qm_refuse(ctx, ISAKMP_N_NO_PROPOSAL_CHOSEN);
	return H_OK;
}

enum hres qm_r_3(struct ike_msg_ctx *ctx)
{
	return child_install(ctx->sa, ctx->x) == 0 ? H_OK : H_FAIL;
}

bool qm_in_progress(struct ike_engine *e, uint32_t reqid, const struct dp_selector *sel, struct in_addr peer)
{
	for (struct ike_sa *sa = e->sa_first; sa; sa = sa->next) {
		if (sa->remote.addr.s_addr != peer.s_addr || sa->deleting)
			continue;
		for (struct ike_pending *p = sa->pending; p; p = p->next)
			if (p->reqid == reqid && sel_equal(&p->sel, sel))
				return true;
		for (struct ike_xchg *x = sa->xchgs; x; x = x->next)
			if (x->qm && x->state == ST_QM_I1 && x->qm->conn->reqid == reqid && sel_equal(&x->qm->sel, sel))
				return true;
	}
	return false;
}

bool qm_peer_refused(struct ike_sa *sa, uint32_t spi_in, uint16_t notify)
{
	for (struct ike_xchg *x = sa->xchgs; x; x = x->next) {
		if (x->qm && x->initiator && x->state == ST_QM_I1 && x->qm->spi_in == spi_in) {
			ike_dbg(sa, "Quick Mode M-ID %u refused by the peer: %s", x->msgid, isakmp_notify_name(notify));
			sa->e->stats.p2_failed++;
			xchg_free(x);
			return true;
		}
	}
	return false;
}
