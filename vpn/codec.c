/* ISAKMP decoding: the header (RFC 2408 §3.1) and the walk of the generic payload
 * chain into per-type slots. The per-type validators live in codec_payloads.c and
 * codec_sa.c. */
#include "vpn/codec.h"

#include <string.h>

#include "vpn/codec_int.h"

void isakmp_hdr_read(struct isakmp_hdr *hdr, const uint8_t raw[ISAKMP_HDR_LEN])
{
	memcpy(hdr->cky_i, raw, ISAKMP_COOKIE_LEN);
	memcpy(hdr->cky_r, raw + 8, ISAKMP_COOKIE_LEN);
	hdr->np = raw[16];
	hdr->version = raw[17];
	hdr->exchange = raw[18];
	hdr->flags = raw[19];
	hdr->msg_id = get_be32(raw + 20);
	hdr->length = get_be32(raw + 24);
}

void isakmp_hdr_write(uint8_t raw[ISAKMP_HDR_LEN], const struct isakmp_hdr *hdr)
{
	memcpy(raw, hdr->cky_i, ISAKMP_COOKIE_LEN);
	memcpy(raw + 8, hdr->cky_r, ISAKMP_COOKIE_LEN);
	raw[16] = hdr->np;
	raw[17] = hdr->version;
	raw[18] = hdr->exchange;
	raw[19] = hdr->flags;
	put_be32(raw + 20, hdr->msg_id);
	put_be32(raw + 24, hdr->length);
}

static bool exchange_known(uint8_t exchange)
{
	switch (exchange) {
	case ISAKMP_EXCH_BASE:
	case ISAKMP_EXCH_MAIN:
	case ISAKMP_EXCH_AUTH_ONLY:
	case ISAKMP_EXCH_AGGRESSIVE:
	case ISAKMP_EXCH_INFO:
	case ISAKMP_EXCH_TRANSACTION:
	case ISAKMP_EXCH_QUICK:
	case ISAKMP_EXCH_NEW_GROUP:
		return true;
	default:
		return false;
	}
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static enum codec_err check_header(const struct isakmp_hdr *hdr, size_t dgram_len)
{
	if (hdr->version >> 4 != 1)
		return CODEC_ERR_MAJOR_VERSION;
	if ((hdr->version & 0x0f) != 0)
		return CODEC_ERR_MINOR_VERSION;
	if (!exchange_known(hdr->exchange))
		return CODEC_ERR_EXCHANGE;
	if (hdr->flags & ~ISAKMP_FLAGS_KNOWN)
		return CODEC_ERR_FLAGS;
	if (all_zero(hdr->cky_i, ISAKMP_COOKIE_LEN))
		return CODEC_ERR_COOKIE;
	/* The length covers header, payloads and padding (§1); a datagram holding
	 * more or less than it announces is not one ISAKMP message. */
	if (hdr->length < ISAKMP_HDR_LEN || hdr->length != dgram_len)
		return CODEC_ERR_LENGTH;
	return CODEC_OK;
}

static void reset_slots(struct isakmp_msg *m)
{
	struct isakmp_hdr hdr = m->hdr;
	const uint8_t *raw = m->raw;
	size_t raw_len = m->raw_len;

	memset(m, 0, sizeof(*m));
	m->hdr = hdr;
	m->raw = raw;
	m->raw_len = raw_len;
}

/* ---- Slots ----------------------------------------------------------------- */

static enum codec_err store_once(struct isakmp_msg *m, unsigned slot, struct isakmp_pl *dst,
				 const struct isakmp_pl *pl)
{
	if (m->present & (1u << slot))
		return CODEC_ERR_DUPLICATE;
	*dst = *pl;
	return CODEC_OK;
}

static enum codec_err store_nonempty(struct isakmp_msg *m, unsigned slot, struct isakmp_pl *dst,
				     const struct isakmp_pl *pl)
{
	if (pl->body_len == 0)
		return CODEC_ERR_PAYLOAD_SIZE;
	return store_once(m, slot, dst, pl);
}

static enum codec_err store_sa(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	uint32_t sub_off = 0;
	enum codec_err err = isakmp_sa_parse_body(pl->body, pl->body_len, NULL, &sub_off);

	if (err) {
		m->err_off = pl->off + ISAKMP_GENERIC_LEN + sub_off;
		return err;
	}
	return store_once(m, ISAKMP_S_SA, &m->sa, pl);
}

static enum codec_err store_nonce(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	if (pl->body_len < ISAKMP_NONCE_MIN || pl->body_len > ISAKMP_NONCE_MAX)
		return CODEC_ERR_PAYLOAD_SIZE;
	return store_once(m, ISAKMP_S_NONCE, &m->nonce, pl);
}

static enum codec_err store_id(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	if (m->n_id == ISAKMP_MAX_ID)
		return CODEC_ERR_TOO_MANY;
	enum codec_err err = codec_parse_id(pl, &m->id[m->n_id]);
	if (!err)
		m->n_id++;
	return err;
}

static enum codec_err store_cert(const struct isakmp_pl *pl, struct isakmp_cert *slots, uint8_t *n)
{
	if (*n == ISAKMP_MAX_CERT)
		return CODEC_ERR_TOO_MANY;
	enum codec_err err = codec_parse_cert(pl, &slots[*n]);
	if (!err)
		(*n)++;
	return err;
}

static enum codec_err store_notify(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	if (m->n_notify == ISAKMP_MAX_N)
		return CODEC_ERR_TOO_MANY;
	enum codec_err err = codec_parse_notify(pl, &m->notify[m->n_notify]);
	if (!err)
		m->n_notify++;
	return err;
}

static enum codec_err store_delete(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	if (m->n_del == ISAKMP_MAX_D)
		return CODEC_ERR_TOO_MANY;
	enum codec_err err = codec_parse_delete(pl, &m->del[m->n_del]);
	if (!err)
		m->n_del++;
	return err;
}

static enum codec_err store_vid(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	if (pl->body_len == 0)
		return CODEC_ERR_PAYLOAD_SIZE;
	/* Vendor IDs only advertise; a chatty peer is not a malformed one. */
	if (m->n_vid == ISAKMP_MAX_VID)
		m->vid_dropped++;
	else
		m->vid[m->n_vid++] = *pl;
	return CODEC_OK;
}

static enum codec_err store_natd(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	if (pl->body_len == 0)
		return CODEC_ERR_PAYLOAD_SIZE;
	if (m->n_natd == ISAKMP_MAX_NATD)
		return CODEC_ERR_TOO_MANY;
	m->natd[m->n_natd++] = *pl;
	return CODEC_OK;
}

static enum codec_err store_natoa(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	if (m->n_natoa == ISAKMP_MAX_NATOA)
		return CODEC_ERR_TOO_MANY;
	enum codec_err err = codec_parse_natoa(pl, &m->natoa[m->n_natoa]);
	if (!err)
		m->n_natoa++;
	return err;
}

static enum codec_err store_cfg(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	if (m->present & ISAKMP_P(ATTR))
		return CODEC_ERR_DUPLICATE;
	return codec_parse_cfg(pl, &m->attr);
}

static enum codec_err store_frag(struct isakmp_msg *m, const struct isakmp_pl *pl)
{
	if (m->present & ISAKMP_P(FRAG))
		return CODEC_ERR_DUPLICATE;
	return codec_parse_frag(pl, &m->frag);
}

/* Validates pl and files it; *slot receives the slot it went to. */
static enum codec_err store(struct isakmp_msg *m, const struct isakmp_pl *pl, unsigned *slot)
{
	switch (pl->type) {
	case ISAKMP_PL_SA: *slot = ISAKMP_S_SA; return store_sa(m, pl);
	case ISAKMP_PL_KE: *slot = ISAKMP_S_KE; return store_nonempty(m, *slot, &m->ke, pl);
	case ISAKMP_PL_ID: *slot = ISAKMP_S_ID; return store_id(m, pl);
	case ISAKMP_PL_CERT: *slot = ISAKMP_S_CERT; return store_cert(pl, m->cert, &m->n_cert);
	case ISAKMP_PL_CR: *slot = ISAKMP_S_CR; return store_cert(pl, m->cr, &m->n_cr);
	case ISAKMP_PL_HASH: *slot = ISAKMP_S_HASH; return store_nonempty(m, *slot, &m->hash, pl);
	case ISAKMP_PL_SIG: *slot = ISAKMP_S_SIG; return store_nonempty(m, *slot, &m->sig, pl);
	case ISAKMP_PL_NONCE: *slot = ISAKMP_S_NONCE; return store_nonce(m, pl);
	case ISAKMP_PL_N: *slot = ISAKMP_S_N; return store_notify(m, pl);
	case ISAKMP_PL_D: *slot = ISAKMP_S_D; return store_delete(m, pl);
	case ISAKMP_PL_VID: *slot = ISAKMP_S_VID; return store_vid(m, pl);
	case ISAKMP_PL_ATTR: *slot = ISAKMP_S_ATTR; return store_cfg(m, pl);
	case ISAKMP_PL_NATD:
	case ISAKMP_PL_NATD_DRAFT: *slot = ISAKMP_S_NATD; return store_natd(m, pl);
	case ISAKMP_PL_NATOA:
	case ISAKMP_PL_NATOA_DRAFT: *slot = ISAKMP_S_NATOA; return store_natoa(m, pl);
	case ISAKMP_PL_FRAG: *slot = ISAKMP_S_FRAG; return store_frag(m, pl);
	default:
		/* Proposal/transform outside an SA, GDOI, IKEv2 or private types: RFC 2408
		 * §5.1 answers INVALID-PAYLOAD-TYPE; IKEv1 has no critical bit to skip by. */
		return CODEC_ERR_PAYLOAD_TYPE;
	}
}

/* ---- The chain ---------------------------------------------------------------- */

static enum codec_err read_payload(const struct isakmp_msg *m, uint8_t type, size_t off,
				   struct isakmp_pl *pl)
{
	const uint8_t *p = m->raw + off;

	if (m->raw_len - off < ISAKMP_GENERIC_LEN)
		return CODEC_ERR_PAYLOAD_LENGTH;
	uint16_t len = get_be16(p + 2);
	if (len < ISAKMP_GENERIC_LEN || len > m->raw_len - off)
		return CODEC_ERR_PAYLOAD_LENGTH;
	pl->type = type;
	pl->off = (uint32_t)off;
	pl->len = len;
	pl->body = p + ISAKMP_GENERIC_LEN;
	pl->body_len = (uint16_t)(len - ISAKMP_GENERIC_LEN);
	return CODEC_OK;
}

/* Each payload advances by at least its 4-byte header, so the walk ends within
 * raw_len / 4 steps whatever the next-payload fields say. */
static enum codec_err walk_chain(struct isakmp_msg *m, bool padded)
{
	uint8_t type = m->hdr.np;
	size_t off = ISAKMP_HDR_LEN;

	while (type != ISAKMP_PL_NONE) {
		struct isakmp_pl pl;
		unsigned slot = 0;
		enum codec_err err;

		m->err_payload = type;
		m->err_off = (uint32_t)off;
		if (m->n_payloads == ISAKMP_MAX_PAYLOADS)
			return CODEC_ERR_TOO_MANY;
		if ((err = read_payload(m, type, off, &pl)) != CODEC_OK)
			return err;
		if ((err = store(m, &pl, &slot)) != CODEC_OK)
			return err;
		m->present |= 1u << slot;
		m->chain[m->n_payloads++] = pl;
		type = m->raw[off];
		off += pl.len;
	}
	m->chain_end = off;
	m->err_payload = 0;
	m->err_off = (uint32_t)off;
	/* Decrypted bodies end in cipher padding whose contents are not checked
	 * (§12). A clear message may only be zero-padded (libreswan aligns to 4). */
	if (!padded && !all_zero(m->raw + off, m->raw_len - off))
		return CODEC_ERR_TRAILING;
	m->err_off = 0;
	return CODEC_OK;
}

enum codec_err isakmp_decode(struct isakmp_msg *m, const uint8_t *dgram, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->raw = dgram;
	m->raw_len = len;
	if (len < ISAKMP_HDR_LEN)
		return CODEC_ERR_SHORT;
	isakmp_hdr_read(&m->hdr, dgram);
	enum codec_err err = check_header(&m->hdr, len);
	if (err)
		return err;
	if ((m->hdr.flags & ISAKMP_FLAG_ENC) && m->hdr.np != ISAKMP_PL_FRAG) {
		m->body_pending = true;
		return CODEC_OK;
	}
	return walk_chain(m, false);
}

enum codec_err isakmp_check_cipher_len(const struct isakmp_msg *m, size_t block_size)
{
	size_t body = m->hdr.length - ISAKMP_HDR_LEN;

	if (body == 0 || block_size == 0 || body % block_size != 0)
		return CODEC_ERR_CIPHER_LEN;
	return CODEC_OK;
}

enum codec_err isakmp_walk(struct isakmp_msg *m, const uint8_t *plain, size_t len)
{
	if (len != m->hdr.length || len < ISAKMP_HDR_LEN)
		return CODEC_ERR_LENGTH;
	m->raw = plain;
	m->raw_len = len;
	reset_slots(m);
	return walk_chain(m, true);
}

void isakmp_bytes_after(const struct isakmp_msg *m, const struct isakmp_pl *p,
			const uint8_t **ptr, size_t *len)
{
	size_t start = (size_t)p->off + p->len;

	*ptr = m->raw + start;
	*len = m->chain_end > start ? m->chain_end - start : 0;
}

/* ---- NAT-T framing (RFC 3948 §2) ------------------------------------------------ */

enum natt_kind natt_classify(const uint8_t *udp_payload, size_t len, size_t *ike_off)
{
	*ike_off = 0;
	if (len == 1 && udp_payload[0] == NATT_KEEPALIVE_BYTE)
		return NATT_KEEPALIVE;
	if (len >= NATT_MARKER_LEN && all_zero(udp_payload, NATT_MARKER_LEN)) {
		*ike_off = NATT_MARKER_LEN;
		return NATT_IKE;
	}
	/* An ESP header is SPI(4) and sequence number(4); the SPI is never zero. */
	if (len >= 8)
		return NATT_ESP;
	return NATT_INVALID;
}

void natt_prepend_marker(struct bytes *out, const uint8_t *msg, size_t len)
{
	out->len = NATT_MARKER_LEN + len;
	out->ptr = xmalloc(out->len);
	memset(out->ptr, 0, NATT_MARKER_LEN);
	if (len)
		memcpy(out->ptr + NATT_MARKER_LEN, msg, len);
}
