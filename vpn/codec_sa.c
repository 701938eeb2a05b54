/* SA payload: DOI, situation, proposals, transforms and data attributes
 * (RFC 2408 §3.4-3.6, RFC 2407 §4.4-4.6; reference §1, §3). One parser serves the
 * walk's validator (no output) and the engine's parse (into struct isakmp_sa), so
 * a message that walked cleanly always parses. */
#include <string.h>

#include "vpn/codec_int.h"

#define PROPOSAL_FIXED_LEN 8    /* generic header, number, protocol, SPI size, #transforms */
#define TRANSFORM_FIXED_LEN 8   /* generic header, number, ID, 2 reserved */
#define ATTR_INT_MAX 8          /* TLV integers up to 64 bits (strongSwan sends 4 or 8) */

/* ---- Attributes ------------------------------------------------------------- */

void isakmp_attr_iter_init(struct isakmp_attr_iter *it, const uint8_t *p, size_t len)
{
	it->pos = p;
	it->end = p + len;
}

int isakmp_attr_next(struct isakmp_attr_iter *it, struct isakmp_attr *a)
{
	size_t left = (size_t)(it->end - it->pos);

	if (left == 0)
		return 0;
	if (left < 4)
		return -1;
	uint16_t word = get_be16(it->pos);
	memset(a, 0, sizeof(*a));
	a->type = word & ~ISAKMP_ATTR_AF;
	if (word & ISAKMP_ATTR_AF) {
		a->tv = true;
		a->is_int = true;
		a->len = 2;
		a->value = get_be16(it->pos + 2);
		it->pos += 4;
		return 1;
	}
	a->len = get_be16(it->pos + 2);
	if (a->len > left - 4)
		return -1;
	a->ptr = it->pos + 4;
	it->pos += 4 + a->len;
	return 1;
}

enum codec_err isakmp_attr_int(struct isakmp_attr *a)
{
	if (a->tv)
		return CODEC_OK;
	if (a->len == 0 || a->len > ATTR_INT_MAX)
		return CODEC_ERR_ATTR_TOO_LONG;
	a->value = 0;
	for (uint16_t i = 0; i < a->len; i++)
		a->value = a->value << 8 | a->ptr[i];
	a->is_int = true;
	return CODEC_OK;
}

/* Phase-1 private-group parameters are big numbers carried as bytes (§4);
 * every other Oakley and IPsec DOI attribute is an integer. */
static bool attr_is_opaque(uint8_t protocol, uint16_t type)
{
	if (protocol != ISAKMP_PROTO_ISAKMP)
		return false;
	switch (type) {
	case OAKLEY_ATTR_GROUP_PRIME:
	case OAKLEY_ATTR_GROUP_GEN1:
	case OAKLEY_ATTR_GROUP_GEN2:
	case OAKLEY_ATTR_GROUP_CURVE_A:
	case OAKLEY_ATTR_GROUP_CURVE_B:
	case OAKLEY_ATTR_GROUP_ORDER:
		return true;
	default:
		return false;
	}
}

const struct isakmp_attr *isakmp_transform_attr(const struct isakmp_transform *t, uint16_t type)
{
	for (unsigned i = 0; i < t->n_attrs; i++)
		if (t->attrs[i].type == type)
			return &t->attrs[i];
	return NULL;
}

/* ---- Parser ------------------------------------------------------------------ */

struct sa_cursor {
	const uint8_t *base;    /* SA body */
	struct isakmp_sa *out;  /* NULL: validate only */
	unsigned n_props, n_trans;
	uint32_t err_off;
};

static enum codec_err parse_attrs(struct sa_cursor *c, uint8_t protocol, const uint8_t *p, size_t len,
				  struct isakmp_transform *t)
{
	struct isakmp_attr_iter it;
	struct isakmp_attr a;
	unsigned n = 0;
	int rc;

	isakmp_attr_iter_init(&it, p, len);
	for (;;) {
		c->err_off = (uint32_t)(it.pos - c->base);
		if ((rc = isakmp_attr_next(&it, &a)) <= 0)
			break;
		if (!attr_is_opaque(protocol, a.type)) {
			enum codec_err err = isakmp_attr_int(&a);
			if (err)
				return err;
		}
		if (n == ISAKMP_MAX_ATTRS)
			return CODEC_ERR_SA_LIMIT;
		if (t)
			t->attrs[n] = a;
		n++;
	}
	if (rc < 0)
		return CODEC_ERR_ATTR;
	if (t)
		t->n_attrs = (uint8_t)n;
	return CODEC_OK;
}

/* The transforms of one proposal fill [p, p + len) exactly: count of them with
 * next-payload 3 on all but the last (RFC 2408 §3.6). */
static enum codec_err parse_transforms(struct sa_cursor *c, uint8_t protocol, const uint8_t *p,
				       size_t len, unsigned count)
{
	size_t off = 0;

	for (unsigned i = 0; i < count; i++) {
		c->err_off = (uint32_t)(p + off - c->base);
		if (len - off < TRANSFORM_FIXED_LEN)
			return CODEC_ERR_PROPOSAL_SYNTAX;
		const uint8_t *tp = p + off;
		uint16_t tlen = get_be16(tp + 2);
		uint8_t want_np = i + 1 < count ? ISAKMP_PL_T : ISAKMP_PL_NONE;
		if (tlen < TRANSFORM_FIXED_LEN || tlen > len - off)
			return CODEC_ERR_PAYLOAD_LENGTH;
		if (tp[0] != want_np)
			return CODEC_ERR_PROPOSAL_SYNTAX;
		if (c->n_trans == ISAKMP_MAX_TRANSFORMS)
			return CODEC_ERR_SA_LIMIT;

		struct isakmp_transform *t = c->out ? &c->out->transforms[c->n_trans] : NULL;
		if (t) {
			t->number = tp[4];
			t->id = tp[5];
		}
		enum codec_err err = parse_attrs(c, protocol, tp + TRANSFORM_FIXED_LEN,
						 tlen - TRANSFORM_FIXED_LEN, t);
		if (err)
			return err;
		c->n_trans++;
		off += tlen;
	}
	c->err_off = (uint32_t)(p + off - c->base);
	return off == len ? CODEC_OK : CODEC_ERR_PROPOSAL_SYNTAX;
}

static enum codec_err check_proposal_spi(uint8_t protocol, uint8_t spi_size)
{
	switch (protocol) {
	case ISAKMP_PROTO_ISAKMP:
		return spi_size <= ISAKMP_SPI_MAX ? CODEC_OK : CODEC_ERR_SPI_SIZE;
	case ISAKMP_PROTO_AH:
	case ISAKMP_PROTO_ESP:
		return spi_size == ISAKMP_IPSEC_SPI_LEN ? CODEC_OK : CODEC_ERR_SPI_SIZE;
	case ISAKMP_PROTO_IPCOMP:
		return spi_size == 2 || spi_size == 4 ? CODEC_OK : CODEC_ERR_SPI_SIZE;
	default:
		return CODEC_ERR_PROTOCOL;
	}
}

static enum codec_err parse_proposal(struct sa_cursor *c, const uint8_t *pp, uint16_t plen)
{
	uint8_t protocol = pp[5], spi_size = pp[6], count = pp[7];
	enum codec_err err = check_proposal_spi(protocol, spi_size);

	if (err)
		return err;
	if (plen < PROPOSAL_FIXED_LEN + spi_size)
		return CODEC_ERR_PAYLOAD_LENGTH;
	if (count == 0)
		return CODEC_ERR_PROPOSAL_SYNTAX;
	if (c->n_props == ISAKMP_MAX_PROPOSALS)
		return CODEC_ERR_SA_LIMIT;
	if (c->out) {
		struct isakmp_proposal *p = &c->out->proposals[c->n_props];
		p->number = pp[4];
		p->protocol = protocol;
		p->spi_size = spi_size;
		memcpy(p->spi, pp + PROPOSAL_FIXED_LEN, spi_size);
		p->n_transforms = count;
		p->first_transform = (uint16_t)c->n_trans;
	}
	err = parse_transforms(c, protocol, pp + PROPOSAL_FIXED_LEN + spi_size,
			       plen - PROPOSAL_FIXED_LEN - spi_size, count);
	if (!err)
		c->n_props++;
	return err;
}

static enum codec_err parse_proposals(struct sa_cursor *c, const uint8_t *body, size_t len)
{
	size_t off = 8;

	for (;;) {
		c->err_off = (uint32_t)off;
		if (len - off < PROPOSAL_FIXED_LEN)
			return CODEC_ERR_PROPOSAL_SYNTAX;
		const uint8_t *pp = body + off;
		uint16_t plen = get_be16(pp + 2);
		if (plen < PROPOSAL_FIXED_LEN || plen > len - off)
			return CODEC_ERR_PAYLOAD_LENGTH;
		if (pp[0] != ISAKMP_PL_P && pp[0] != ISAKMP_PL_NONE)
			return CODEC_ERR_PROPOSAL_SYNTAX;
		enum codec_err err = parse_proposal(c, pp, plen);
		if (err)
			return err;
		off += plen;
		c->err_off = (uint32_t)off;
		/* The last proposal has next-payload 0 and ends the SA payload exactly. */
		if (pp[0] == ISAKMP_PL_NONE)
			return off == len ? CODEC_OK : CODEC_ERR_PROPOSAL_SYNTAX;
	}
}

enum codec_err isakmp_sa_parse_body(const uint8_t *body, size_t len, struct isakmp_sa *sa,
				    uint32_t *err_off)
{
	struct sa_cursor c = { .base = body, .out = sa };
	enum codec_err err;

	*err_off = 0;
	if (len < 8)
		return CODEC_ERR_PAYLOAD_SIZE;
	uint32_t doi = get_be32(body), situation = get_be32(body + 4);
	if (doi != ISAKMP_DOI_IPSEC)
		return CODEC_ERR_DOI;
	*err_off = 4;
	/* Secrecy and integrity situations would add labelled-domain fields we do
	 * not carry; everyone sends SIT_IDENTITY_ONLY (§3). */
	if (situation != IPSEC_SIT_IDENTITY_ONLY)
		return CODEC_ERR_SITUATION;
	err = parse_proposals(&c, body, len);
	*err_off = c.err_off;
	if (err)
		return err;
	if (sa) {
		sa->doi = doi;
		sa->situation = situation;
		sa->n_proposals = (uint8_t)c.n_props;
		sa->n_transforms = (uint16_t)c.n_trans;
	}
	return CODEC_OK;
}

enum codec_err isakmp_sa_parse(const struct isakmp_pl *sa_pl, struct isakmp_sa *sa)
{
	uint32_t err_off;

	if (!sa_pl->body || sa_pl->type != ISAKMP_PL_SA)
		return CODEC_ERR_PAYLOAD_TYPE;
	return isakmp_sa_parse_body(sa_pl->body, sa_pl->body_len, sa, &err_off);
}
