/* ISAKMP message builder: payloads are appended to a growable buffer; adding a
 * payload patches the previous one's next-payload byte, ending it patches its
 * length, finishing patches the header length. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "vpn/codec_int.h"

#define NP_AT_HEADER 16         /* the header's next-payload byte */

static void reserve(struct isakmp_builder *b, size_t extra)
{
	if (b->len + extra <= b->cap)
		return;
	while (b->len + extra > b->cap)
		b->cap *= 2;
	b->buf = xrealloc(b->buf, b->cap);
}

void isakmp_build_put(struct isakmp_builder *b, const void *p, size_t n)
{
	reserve(b, n);
	if (p)
		memcpy(b->buf + b->len, p, n);
	else
		memset(b->buf + b->len, 0, n);
	b->len += n;
}

void isakmp_build_u8(struct isakmp_builder *b, uint8_t v)
{
	isakmp_build_put(b, &v, 1);
}

void isakmp_build_u16(struct isakmp_builder *b, uint16_t v)
{
	uint8_t be[2];

	put_be16(be, v);
	isakmp_build_put(b, be, sizeof(be));
}

void isakmp_build_u32(struct isakmp_builder *b, uint32_t v)
{
	uint8_t be[4];

	put_be32(be, v);
	isakmp_build_put(b, be, sizeof(be));
}

void isakmp_build_init(struct isakmp_builder *b, const struct isakmp_hdr *hdr)
{
	struct isakmp_hdr h = *hdr;

	memset(b, 0, sizeof(*b));
	b->cap = 512;
	b->buf = xmalloc(b->cap);
	h.np = ISAKMP_PL_NONE;
	h.version = ISAKMP_VERSION;
	h.length = 0;
	reserve(b, ISAKMP_HDR_LEN);
	isakmp_hdr_write(b->buf, &h);
	b->len = ISAKMP_HDR_LEN;
	b->np_at = NP_AT_HEADER;
}

void isakmp_build_free(struct isakmp_builder *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}

/* Generic header with next-payload 0 and length 0, both patched later. */
static size_t put_generic(struct isakmp_builder *b)
{
	size_t off = b->len;

	isakmp_build_put(b, NULL, ISAKMP_GENERIC_LEN);
	return off;
}

static void patch_length(struct isakmp_builder *b, size_t off)
{
	size_t len = b->len - off;

	if (len > UINT16_MAX) {
		b->overflow = true;
		len = UINT16_MAX;
	}
	put_be16(b->buf + off + 2, (uint16_t)len);
}

size_t isakmp_build_begin(struct isakmp_builder *b, uint8_t type)
{
	assert(b->sa_at == 0);  /* a top-level payload inside an open SA is a caller bug */
	b->buf[b->np_at] = type;
	size_t off = put_generic(b);
	b->np_at = off;
	return off;
}

void isakmp_build_end(struct isakmp_builder *b, size_t pl_off)
{
	patch_length(b, pl_off);
}

size_t isakmp_build_payload(struct isakmp_builder *b, uint8_t type, const void *body, size_t body_len)
{
	size_t off = isakmp_build_begin(b, type);

	isakmp_build_put(b, body, body_len);
	isakmp_build_end(b, off);
	return off + ISAKMP_GENERIC_LEN;
}

void isakmp_build_id(struct isakmp_builder *b, uint8_t id_type, uint8_t proto, uint16_t port,
		     const void *data, size_t data_len)
{
	size_t off = isakmp_build_begin(b, ISAKMP_PL_ID);

	isakmp_build_u8(b, id_type);
	isakmp_build_u8(b, proto);
	isakmp_build_u16(b, port);
	isakmp_build_put(b, data, data_len);
	isakmp_build_end(b, off);
}

void isakmp_build_notify(struct isakmp_builder *b, uint8_t proto, uint16_t type,
			 const void *spi, uint8_t spi_size, const void *data, size_t data_len)
{
	size_t off = isakmp_build_begin(b, ISAKMP_PL_N);

	isakmp_build_u32(b, ISAKMP_DOI_IPSEC);
	isakmp_build_u8(b, proto);
	isakmp_build_u8(b, spi_size);
	isakmp_build_u16(b, type);
	isakmp_build_put(b, spi, spi_size);
	isakmp_build_put(b, data, data_len);
	isakmp_build_end(b, off);
}

void isakmp_build_delete(struct isakmp_builder *b, uint8_t proto, uint8_t spi_size,
			 const void *spis, uint16_t n_spis)
{
	size_t off = isakmp_build_begin(b, ISAKMP_PL_D);

	isakmp_build_u32(b, ISAKMP_DOI_IPSEC);
	isakmp_build_u8(b, proto);
	isakmp_build_u8(b, spi_size);
	isakmp_build_u16(b, n_spis);
	isakmp_build_put(b, spis, (size_t)spi_size * n_spis);
	isakmp_build_end(b, off);
}

void isakmp_build_natoa(struct isakmp_builder *b, uint8_t pl_type, const void *addr, uint8_t addr_len)
{
	size_t off = isakmp_build_begin(b, pl_type);
	uint8_t id_type = addr_len == 16 ? ISAKMP_NATOA_IPV6 : ISAKMP_NATOA_IPV4;

	isakmp_build_u8(b, id_type);
	isakmp_build_put(b, NULL, 3);
	isakmp_build_put(b, addr, addr_len);
	isakmp_build_end(b, off);
}

void isakmp_build_frag(struct isakmp_builder *b, uint16_t frag_id, uint8_t number, uint8_t flags,
		       const void *data, size_t data_len)
{
	size_t off = isakmp_build_begin(b, ISAKMP_PL_FRAG);

	isakmp_build_u16(b, frag_id);
	isakmp_build_u8(b, number);
	isakmp_build_u8(b, flags);
	isakmp_build_put(b, data, data_len);
	isakmp_build_end(b, off);
}

size_t isakmp_build_cfg_begin(struct isakmp_builder *b, uint8_t cfg_type, uint16_t identifier)
{
	size_t off = isakmp_build_begin(b, ISAKMP_PL_ATTR);

	isakmp_build_u8(b, cfg_type);
	isakmp_build_u8(b, 0);
	isakmp_build_u16(b, identifier);
	return off;
}

/* ---- SA ---------------------------------------------------------------------- */

size_t isakmp_build_sa_begin(struct isakmp_builder *b, uint32_t doi, uint32_t situation)
{
	size_t off = isakmp_build_begin(b, ISAKMP_PL_SA);

	isakmp_build_u32(b, doi);
	isakmp_build_u32(b, situation);
	b->sa_at = off;
	b->prop_at = 0;
	return off;
}

void isakmp_build_sa_end(struct isakmp_builder *b, size_t sa_off)
{
	patch_length(b, sa_off);
	b->sa_at = b->prop_at = b->trans_at = 0;
}

size_t isakmp_build_proposal_begin(struct isakmp_builder *b, uint8_t number, uint8_t protocol,
				   const void *spi, uint8_t spi_size)
{
	assert(b->sa_at != 0);
	if (b->prop_at)
		b->buf[b->prop_at] = ISAKMP_PL_P;
	size_t off = put_generic(b);
	isakmp_build_u8(b, number);
	isakmp_build_u8(b, protocol);
	isakmp_build_u8(b, spi_size);
	isakmp_build_u8(b, 0);  /* #transforms, written by proposal_end */
	isakmp_build_put(b, spi, spi_size);
	b->prop_at = off;
	b->trans_at = 0;
	b->n_trans = 0;
	return off;
}

void isakmp_build_proposal_end(struct isakmp_builder *b, size_t prop_off)
{
	patch_length(b, prop_off);
	b->buf[prop_off + 7] = b->n_trans;
}

size_t isakmp_build_transform_begin(struct isakmp_builder *b, uint8_t number, uint8_t id)
{
	assert(b->prop_at != 0);
	if (b->trans_at)
		b->buf[b->trans_at] = ISAKMP_PL_T;
	size_t off = put_generic(b);
	isakmp_build_u8(b, number);
	isakmp_build_u8(b, id);
	isakmp_build_u16(b, 0);
	b->trans_at = off;
	b->n_trans++;
	return off;
}

void isakmp_build_transform_end(struct isakmp_builder *b, size_t trans_off)
{
	patch_length(b, trans_off);
}

void isakmp_build_attr(struct isakmp_builder *b, uint16_t type, uint64_t value)
{
	assert(!(type & ISAKMP_ATTR_AF));
	if (value <= UINT16_MAX) {
		isakmp_build_u16(b, type | ISAKMP_ATTR_AF);
		isakmp_build_u16(b, (uint16_t)value);
	} else if (value <= UINT32_MAX) {
		isakmp_build_u16(b, type);
		isakmp_build_u16(b, 4);
		isakmp_build_u32(b, (uint32_t)value);
	} else {
		isakmp_build_u16(b, type);
		isakmp_build_u16(b, 8);
		isakmp_build_u32(b, (uint32_t)(value >> 32));
		isakmp_build_u32(b, (uint32_t)value);
	}
}

void isakmp_build_attr_bytes(struct isakmp_builder *b, uint16_t type, const void *p, uint16_t len)
{
	assert(!(type & ISAKMP_ATTR_AF));
	isakmp_build_u16(b, type);
	isakmp_build_u16(b, len);
	isakmp_build_put(b, p, len);
}

static void build_transform(struct isakmp_builder *b, const struct isakmp_transform *t)
{
	size_t off = isakmp_build_transform_begin(b, t->number, t->id);

	for (unsigned i = 0; i < t->n_attrs; i++) {
		const struct isakmp_attr *a = &t->attrs[i];
		if (a->is_int)
			isakmp_build_attr(b, a->type, a->value);
		else
			isakmp_build_attr_bytes(b, a->type, a->ptr, a->len);
	}
	isakmp_build_transform_end(b, off);
}

void isakmp_build_sa(struct isakmp_builder *b, const struct isakmp_sa *sa)
{
	size_t sa_off = isakmp_build_sa_begin(b, sa->doi, sa->situation);

	for (unsigned i = 0; i < sa->n_proposals; i++) {
		const struct isakmp_proposal *p = &sa->proposals[i];
		size_t p_off = isakmp_build_proposal_begin(b, p->number, p->protocol, p->spi, p->spi_size);
		for (unsigned j = 0; j < p->n_transforms; j++)
			build_transform(b, isakmp_proposal_transform(sa, p, j));
		isakmp_build_proposal_end(b, p_off);
	}
	isakmp_build_sa_end(b, sa_off);
}

/* ---- Finishing -------------------------------------------------------------------- */

void isakmp_build_pad(struct isakmp_builder *b, size_t block_size)
{
	size_t body = b->len - ISAKMP_HDR_LEN;

	isakmp_build_put(b, NULL, block_size - body % block_size);
}

enum codec_err isakmp_build_finish(struct isakmp_builder *b)
{
	if (b->overflow)
		return CODEC_ERR_BUILD_OVERFLOW;
	put_be32(b->buf + 24, (uint32_t)b->len);
	return CODEC_OK;
}
