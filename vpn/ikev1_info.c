/* The Informational exchange (RFC 2408 §4.8, RFC 2409 §5.7): one message, protected by
 * HASH(1) = prf(SKEYID_a, M-ID | N/D payloads) once keys exist, in the clear before.
 * Carries error notifies, Delete (RFC 2408 §3.15), INITIAL-CONTACT and
 * RESPONDER-LIFETIME (RFC 2407 §4.6.3), and DPD (RFC 3706). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "vpn/ikev1_int.h"

static void cookies_spi(const struct ike_sa *sa, uint8_t spi[16])
{
	memcpy(spi, sa->cky_i, 8);
	memcpy(spi + 8, sa->cky_r, 8);
}

/* One protected Informational message with one N or D payload built by add(). */
typedef void (*info_add_fn)(struct isakmp_builder *b, const void *arg);

static void info_send(struct ike_sa *sa, info_add_fn add, const void *arg)
{
	struct isakmp_builder b;
	uint8_t iv[CIPHER_MAX_BLOCK];
	uint32_t msgid = msgid_new(sa);

	p2_first_iv(sa, msgid, iv);
	msg_begin(&b, sa, ISAKMP_EXCH_INFO, msgid, true);
	size_t hash_off = msg_hash_reserve(&b, sa);
	add(&b, arg);
	msg_hash_fill(&b, sa, hash_off, HASH_1, msgid, NULL);
	msg_send_once(sa, &b, iv);
}

struct notify_args {
	uint8_t proto;
	uint16_t type;
	const void *spi;
	uint8_t spi_size;
	const void *data;
	size_t data_len;
};

static void add_notify(struct isakmp_builder *b, const void *arg)
{
	const struct notify_args *n = arg;

	isakmp_build_notify(b, n->proto, n->type, n->spi, n->spi_size, n->data, n->data_len);
}

void info_send_notify(struct ike_sa *sa, uint8_t proto, uint16_t type, const void *spi, uint8_t spi_size,
		      const void *data, size_t data_len)
{
	uint8_t cookies[16];
	struct notify_args n = { proto, type, spi, spi_size, data, data_len };

	if (!sa->ks) {
		info_send_p1_error(sa->e, &sa->local, &sa->remote, sa->cky_i, sa->cky_r, type);
		return;
	}
	if (proto == ISAKMP_PROTO_ISAKMP && !spi) {
		cookies_spi(sa, cookies);
		n.spi = cookies;
		n.spi_size = 16;
	}
	ike_dbg(sa, "sending NOTIFY %s protocol %u", isakmp_notify_name(type), proto);
	info_send(sa, add_notify, &n);
}

/* Before keys exist an error can only go in the clear (ikev1-facts §7). */
void info_send_p1_error(struct ike_engine *e, const struct ike_endpoint *local, const struct ike_endpoint *remote,
			const uint8_t *cky_i, const uint8_t *cky_r, uint16_t type)
{
	struct isakmp_builder b;
	struct isakmp_hdr h = { .exchange = ISAKMP_EXCH_INFO };
	uint8_t spi[16];

	memcpy(h.cky_i, cky_i, 8);
	memcpy(h.cky_r, cky_r, 8);
	memcpy(spi, cky_i, 8);
	memcpy(spi + 8, cky_r, 8);
	isakmp_build_init(&b, &h);
	isakmp_build_notify(&b, ISAKMP_PROTO_ISAKMP, type, spi, 16, NULL, 0);
	if (isakmp_build_finish(&b) == CODEC_OK) {
		ike_dbg(NULL, "sending clear NOTIFY %s to %s", isakmp_notify_name(type), inet_ntoa(remote->addr));
		wire_send_raw(e, local, remote, b.buf, b.len);
	}
	isakmp_build_free(&b);
}

struct delete_args {
	uint8_t proto, spi_size;
	const uint8_t *spis;
	uint16_t n;
};

static void add_delete(struct isakmp_builder *b, const void *arg)
{
	const struct delete_args *d = arg;

	isakmp_build_delete(b, d->proto, d->spi_size, d->spis, d->n);
}

void info_send_delete_isakmp(struct ike_sa *sa)
{
	uint8_t spi[16];
	struct delete_args d = { ISAKMP_PROTO_ISAKMP, 16, spi, 1 };

	cookies_spi(sa, spi);
	sa->e->stats.deletes_sent++;
	info_send(sa, add_delete, &d);
}

/* The SPIs we receive on (strongSwan does the same): the peer deletes its outbound SA. */
void info_send_delete_esp(struct ike_sa *sa, const uint32_t *spis, unsigned n)
{
	uint8_t buf[4 * 16];
	struct delete_args d = { ISAKMP_PROTO_ESP, 4, buf, 0 };

	for (unsigned i = 0; i < n && i < 16; i++, d.n++)
		be32_put(buf + 4 * i, spis[i]);
	sa->e->stats.deletes_sent++;
	ike_dbg(sa, "sending DELETE for ESP SPI 0x%08X", spis[0]);
	info_send(sa, add_delete, &d);
}

void info_send_dpd(struct ike_sa *sa, bool ack, uint32_t seq)
{
	uint8_t data[4];

	be32_put(data, seq);
	info_send_notify(sa, ISAKMP_PROTO_ISAKMP, ack ? ISAKMP_N_DPD_R_U_THERE_ACK : ISAKMP_N_DPD_R_U_THERE, NULL,
			 0, data, sizeof(data));
}

void info_send_responder_lifetime_p1(struct ike_sa *sa)
{
	uint8_t data[12];
	size_t len = 0;

	/* Life Type seconds (TV) and Life Duration (TLV of 4, as IOS sends 0x0 0x1 0x51 0x80) */
	be16_put(data, ISAKMP_ATTR_AF | OAKLEY_ATTR_LIFE_TYPE);
	be16_put(data + 2, ISAKMP_LIFE_SECONDS);
	be16_put(data + 4, OAKLEY_ATTR_LIFE_DURATION);
	be16_put(data + 6, 4);
	be32_put(data + 8, sa->life_s);
	len = 12;
	log_lifetime_override(sa, true, sa->attrs.life_s, sa->life_s, 0, 0);
	info_send_notify(sa, ISAKMP_PROTO_ISAKMP, IPSEC_N_RESPONDER_LIFETIME, NULL, 0, data, len);
}

void ike_sa_delete(struct ike_sa *sa, bool send, const char *reason)
{
	if (send && sa->established)
		info_send_delete_isakmp(sa);
	log_sa_deleted(sa, reason);
	sadb_free(sa);
}

void info_initial_contact(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;
	struct ike_sa *next;

	/* RFC 2407 §4.6.3.3: the peer rebooted or lost its state. Negotiations still in
	 * progress stay (both sides may be initiating at once). */
	for (struct ike_sa *o = e->sa_first; o; o = next) {
		next = o->next;
		if (o != sa && o->established && o->remote.addr.s_addr == sa->remote.addr.s_addr)
			ike_sa_delete(o, false, "INITIAL-CONTACT from the peer");
	}
	for (struct ike_child *c = child_first_of_peer(e, sa->remote.addr), *cn; c; c = cn) {
		cn = child_next_of_peer(c);
		child_delete(c, false, "INITIAL-CONTACT from the peer");
	}
}

/* ---- receiving ---------------------------------------------------------------------------- */

static void apply_p1_lifetime(struct ike_sa *sa, const struct isakmp_notify *n)
{
	struct isakmp_attr_iter it;
	struct isakmp_attr a;
	uint16_t type = 0;

	isakmp_attr_iter_init(&it, n->data, n->data_len);
	while (isakmp_attr_next(&it, &a) == 1) {
		if (!a.tv && isakmp_attr_int(&a) != CODEC_OK)
			return;
		if (a.type == OAKLEY_ATTR_LIFE_TYPE)
			type = (uint16_t)a.value;
		else if (a.type == OAKLEY_ATTR_LIFE_DURATION && type == ISAKMP_LIFE_SECONDS && a.value &&
			 (!sa->life_s || a.value < sa->life_s)) {
			/* IOS: "restart ike sa timer to 3600 secs" */
			ike_dbg(sa, "processing responder lifetime: restart ike sa timer to %u secs", (unsigned)a.value);
			timers_set_p1_lifetime(sa, (uint32_t)a.value);
		}
	}
}

static void notify_recv(struct ike_msg_ctx *ctx, const struct isakmp_notify *n)
{
	struct ike_sa *sa = ctx->sa;
	uint32_t seq = n->data_len == 4 ? be32_get(n->data) : 0;

	switch (n->type) {
	case ISAKMP_N_DPD_R_U_THERE:
		ike_dbg(sa, "received DPD R-U-THERE, sequence %u", seq);
		info_send_dpd(sa, true, seq);
		return;
	case ISAKMP_N_DPD_R_U_THERE_ACK:
		timers_dpd_ack(sa, seq);
		return;
	case IPSEC_N_INITIAL_CONTACT:
		info_initial_contact(sa);
		return;
	case IPSEC_N_RESPONDER_LIFETIME:
		if (n->proto == ISAKMP_PROTO_ISAKMP)
			apply_p1_lifetime(sa, n);
		return;
	default:
		break;
	}
	log_notify_received(sa, n->type, n->proto, true);
	if (n->type > ISAKMP_N_ERROR_MAX)
		return;
	if (n->proto == ISAKMP_PROTO_ESP && n->spi_size == 4)
		qm_peer_refused(sa, be32_get(n->spi), n->type);
	else if (!sa->established) {
		ctx->delete_sa = true;      /* authenticated: the peer gave up on this Phase 1 */
		ctx->delete_reason = isakmp_notify_name(n->type);
	}
}

static void delete_recv(struct ike_msg_ctx *ctx, const struct isakmp_delete *d)
{
	struct ike_sa *sa = ctx->sa;
	struct ike_engine *e = ctx->e;

	e->stats.deletes_received++;
	for (unsigned i = 0; i < d->n_spis; i++) {
		const uint8_t *spi = d->spis + (size_t)i * d->spi_size;
		if (d->proto == ISAKMP_PROTO_ISAKMP && d->spi_size == 16) {
			struct ike_sa *o = sadb_find(e, spi, spi + 8);
			if (o == sa)
				ctx->delete_sa = true;
			else if (o && o->remote.addr.s_addr == sa->remote.addr.s_addr)
				ike_sa_delete(o, false, "peer sent DELETE");
		} else if (d->proto == ISAKMP_PROTO_ESP && d->spi_size == 4) {
			/* The peer's inbound SPI is our outbound one (strongSwan also tries
			 * the other direction). */
			struct ike_child *c = child_find_out(e, sa->remote.addr, be32_get(spi));
			if (!c)
				c = child_find_spi(e, sa->local.addr, be32_get(spi));
			if (c && c->peer.s_addr == sa->remote.addr.s_addr)
				child_delete(c, false, "peer sent DELETE");
		}
	}
}

enum hres info_recv(struct ike_msg_ctx *ctx)
{
	ctx->authenticated = true;
	for (unsigned i = 0; i < ctx->m->n_notify; i++)
		notify_recv(ctx, &ctx->m->notify[i]);
	for (unsigned i = 0; i < ctx->m->n_del; i++)
		delete_recv(ctx, &ctx->m->del[i]);
	return H_OK;
}

enum hres info_recv_clear(struct ike_msg_ctx *ctx)
{
	struct ike_sa *sa = ctx->sa;

	for (unsigned i = 0; i < ctx->m->n_notify; i++) {
		const struct isakmp_notify *n = &ctx->m->notify[i];
		log_notify_received(sa, n->type, n->proto, false);
		/* Unauthenticated: believed only while we wait for the answer to our first
		 * message (MM2/AM2), which is as unauthenticated (RFC 2408 §5.5). */
		if (n->type <= ISAKMP_N_ERROR_MAX && n->type != ISAKMP_N_INVALID_COOKIE && sa->initiator &&
		    (sa->p1.state == ST_MM_I1 || sa->p1.state == ST_AM_I1)) {
			ctx->delete_sa = true;
			ctx->delete_reason = isakmp_notify_name(n->type);
		}
	}
	return H_OK;
}
