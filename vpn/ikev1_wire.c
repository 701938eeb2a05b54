/* Outgoing messages: header, HASH placement, padding, encryption with the IV chain of
 * RFC 2409 App. B, sending, and retransmission. An exchange keeps the last message it
 * sent so that a retransmission, ours or in answer to a duplicate, resends the very
 * same bytes: re-encrypting would move the IV (ikev1-facts §12). */
#include <string.h>

#include "crypto/secure.h"
#include "vpn/ikev1_int.h"

void msg_begin(struct isakmp_builder *b, const struct ike_sa *sa, uint8_t exchange, uint32_t msgid,
	       bool encrypt)
{
	struct isakmp_hdr h;

	memset(&h, 0, sizeof(h));
	memcpy(h.cky_i, sa->cky_i, 8);
	memcpy(h.cky_r, sa->cky_r, 8);
	h.exchange = exchange;
	h.flags = encrypt ? ISAKMP_FLAG_ENC : 0;
	h.msg_id = msgid;
	isakmp_build_init(b, &h);
}

size_t msg_hash_reserve(struct isakmp_builder *b, const struct ike_sa *sa)
{
	return isakmp_build_payload(b, ISAKMP_PL_HASH, NULL, prf_len(sa->prf));
}

/* HASH(1)/(2) cover every payload after the HASH, headers included, padding not
 * (RFC 2409 §5.5); the builder has not padded yet when this runs. */
void msg_hash_fill(struct isakmp_builder *b, struct ike_sa *sa, size_t hash_off, enum hash_kind kind,
		   uint32_t msgid, const struct ike_qm *qm)
{
	size_t after = hash_off + prf_len(sa->prf);
	struct bytes payloads = { b->buf + after, b->len - after };
	uint8_t *out = b->buf + hash_off;

	switch (kind) {
	case HASH_1:
		qm_hash1(sa->ks, msgid, &payloads, out);
		break;
	case HASH_2:
		qm_hash2(sa->ks, msgid, &qm->ni, &payloads, out);
		break;
	case HASH_3:
		qm_hash3(sa->ks, msgid, &qm->ni, &qm->nr, out);
		break;
	}
}

void wire_send_raw(struct ike_engine *e, const struct ike_endpoint *from, const struct ike_endpoint *to,
		   const uint8_t *msg, size_t len)
{
	e->stats.tx++;
	e->tx.send(e->tx.ctx, from, to, msg, len);
}

/* Pads and encrypts a message whose header has the E flag; iv is advanced to the last
 * ciphertext block. Logs the plaintext for `debug crypto isakmp` first. */
static int msg_finish(struct ike_sa *sa, struct isakmp_builder *b, uint8_t *iv, bool resend)
{
	bool encrypt = b->len >= ISAKMP_HDR_LEN && (b->buf[19] & ISAKMP_FLAG_ENC);

	if (encrypt)
		isakmp_build_pad(b, cipher_block_size(sa->cipher));
	if (isakmp_build_finish(b) != CODEC_OK)
		return -1;
	ike_dbg_packet(sa, true, &sa->local, &sa->remote, b->buf, b->len, resend);
	if (!encrypt)
		return 0;
	return cipher_encrypt(sa->cipher, sa->ks->ka, iv, b->buf + ISAKMP_HDR_LEN, b->len - ISAKMP_HDR_LEN,
			      b->buf + ISAKMP_HDR_LEN, iv);
}

static void sa_sent(struct ike_sa *sa, const uint8_t *msg, size_t len)
{
	sa->last_tx_ms = ev_now_ms(sa->e->loop);
	wire_send_raw(sa->e, &sa->local, &sa->remote, msg, len);
}

static void retransmit_fired(struct ev_loop *loop, void *arg)
{
	struct ike_xchg *x = arg;
	struct ike_sa *sa = x->sa;

	x->retransmit_timer = NULL;
	if (x->retransmits >= IKE_RETRANSMIT_MAX) {
		if (x == &sa->p1) {
			engine_p1_failed(sa, "retransmission limit reached, peer not responding");
		} else {
			ike_dbg(sa, "Quick Mode M-ID %u: retransmission limit reached, giving up", x->msgid);
			sa->e->stats.p2_failed++;
			xchg_free(x);
		}
		return;
	}
	x->retransmits++;
	sa->e->stats.retransmits++;
	ike_dbg(sa, "retransmitting %s %s... (attempt %u of %u)", x == &sa->p1 ? "phase 1" : "phase 2",
		state_ios(sa), x->retransmits, IKE_RETRANSMIT_MAX);
	sa_sent(sa, x->last_sent.ptr, x->last_sent.len);
	x->retransmit_ms *= 2;
	x->retransmit_timer = ev_timer_add(loop, x->retransmit_ms, retransmit_fired, x);
}

void xchg_retransmit_stop(struct ike_xchg *x)
{
	ev_timer_clear(x->sa->e->loop, &x->retransmit_timer);
}

int xchg_send(struct ike_xchg *x, struct isakmp_builder *b, bool wait_reply)
{
	struct ike_sa *sa = x->sa;
	int rc = msg_finish(sa, b, x->iv, false);

	if (rc == 0) {
		bytes_free(&x->last_sent);
		bytes_set(&x->last_sent, b->buf, b->len);
		sa_sent(sa, b->buf, b->len);
	}
	isakmp_build_free(b);
	xchg_retransmit_stop(x);
	if (rc == 0 && wait_reply) {
		x->retransmits = 0;
		x->retransmit_ms = IKE_RETRANSMIT_FIRST_MS;
		x->retransmit_timer = ev_timer_add(sa->e->loop, x->retransmit_ms, retransmit_fired, x);
	}
	return rc;
}

int msg_send_once(struct ike_sa *sa, struct isakmp_builder *b, const uint8_t *first_iv)
{
	uint8_t iv[CIPHER_MAX_BLOCK];
	int rc;

	if (first_iv)
		memcpy(iv, first_iv, sizeof(iv));
	rc = msg_finish(sa, b, iv, false);
	if (rc == 0)
		sa_sent(sa, b->buf, b->len);
	isakmp_build_free(b);
	return rc;
}

void xchg_resend(struct ike_xchg *x)
{
	if (!x->last_sent.len)
		return;
	ike_dbg(x->sa, "retransmission of a peer's message: resending our last reply (M-ID %u)", x->msgid);
	sa_sent(x->sa, x->last_sent.ptr, x->last_sent.len);
}

void p2_first_iv(struct ike_sa *sa, uint32_t msgid, uint8_t *iv)
{
	/* Before Phase 1 completed (an error notify), the chain so far stands in for P1_LAST. */
	const uint8_t *base = sa->established ? sa->p1_last : sa->p1.iv;

	memset(iv, 0, CIPHER_MAX_BLOCK);
	p2_iv(sa->prf, base, cipher_block_size(sa->cipher), msgid, iv);
}

uint32_t msgid_new(struct ike_sa *sa)
{
	uint32_t id;

	do
		id = random_msgid();
	while (xchg_find(sa, id));
	return id;
}
