/* Per-type validators of the payloads with a fixed layout (reference §2, §6-§8,
 * §14, §15, §17). Each checks every length against the payload body before it
 * reads, then fills the typed view. */
#include <string.h>

#include "vpn/codec_int.h"

/* ID data length per type; 0 means "at least one byte". */
static int id_data_len(uint8_t id_type)
{
	switch (id_type) {
	case ISAKMP_ID_IPV4_ADDR: return 4;
	case ISAKMP_ID_IPV4_ADDR_SUBNET:
	case ISAKMP_ID_IPV4_ADDR_RANGE: return 8;
	case ISAKMP_ID_IPV6_ADDR: return 16;
	case ISAKMP_ID_IPV6_ADDR_SUBNET:
	case ISAKMP_ID_IPV6_ADDR_RANGE: return 32;
	case ISAKMP_ID_FQDN:
	case ISAKMP_ID_USER_FQDN:
	case ISAKMP_ID_DER_ASN1_DN:
	case ISAKMP_ID_DER_ASN1_GN:
	case ISAKMP_ID_KEY_ID: return 0;
	default: return -1;
	}
}

enum codec_err codec_parse_id(const struct isakmp_pl *pl, struct isakmp_id *id)
{
	if (pl->body_len < 4)
		return CODEC_ERR_PAYLOAD_SIZE;
	id->pl = *pl;
	id->id_type = pl->body[0];
	id->proto = pl->body[1];
	id->port = get_be16(pl->body + 2);
	id->data = pl->body + 4;
	id->data_len = (uint16_t)(pl->body_len - 4);

	int want = id_data_len(id->id_type);
	if (want < 0)
		return CODEC_ERR_ID;
	if (want == 0 ? id->data_len == 0 : id->data_len != want)
		return CODEC_ERR_ID;
	return CODEC_OK;
}

/* Notify and Delete DOI: IPsec, or 0 which some stacks use for ISAKMP-level notifies. */
static bool doi_ok(uint32_t doi)
{
	return doi == ISAKMP_DOI_IPSEC || doi == ISAKMP_DOI_ISAKMP;
}

enum codec_err codec_check_spi_size(uint8_t proto, uint8_t spi_size, bool is_delete)
{
	switch (proto) {
	case 0:
		return spi_size == 0 && !is_delete ? CODEC_OK : CODEC_ERR_SPI_SIZE;
	case ISAKMP_PROTO_ISAKMP:
		/* The ISAKMP SA's "SPI" is CKY-I | CKY-R; a notify may also carry none. */
		if (spi_size == 16 || (spi_size == 0 && !is_delete))
			return CODEC_OK;
		return CODEC_ERR_SPI_SIZE;
	case ISAKMP_PROTO_AH:
	case ISAKMP_PROTO_ESP:
		if (spi_size == 4 || (spi_size == 0 && !is_delete))
			return CODEC_OK;
		return CODEC_ERR_SPI_SIZE;
	case ISAKMP_PROTO_IPCOMP:
		/* A CPI is 2 bytes; 4 is accepted with the low two used (§3). */
		if (spi_size == 2 || spi_size == 4 || (spi_size == 0 && !is_delete))
			return CODEC_OK;
		return CODEC_ERR_SPI_SIZE;
	default:
		return CODEC_ERR_PROTOCOL;
	}
}

static bool attrs_well_formed(const uint8_t *p, size_t len)
{
	struct isakmp_attr_iter it;
	struct isakmp_attr a;
	int rc;

	isakmp_attr_iter_init(&it, p, len);
	while ((rc = isakmp_attr_next(&it, &a)) > 0)
		;
	return rc == 0;
}

/* Status notifies whose data the engine reads: a fixed-size number, or the
 * life attributes of RESPONDER-LIFETIME (RFC 2407 §4.6.3.1). */
static enum codec_err check_notify_data(const struct isakmp_notify *n)
{
	switch (n->type) {
	case ISAKMP_N_DPD_R_U_THERE:
	case ISAKMP_N_DPD_R_U_THERE_ACK:
		return n->data_len == ISAKMP_DPD_SEQ_LEN ? CODEC_OK : CODEC_ERR_NOTIFY_DATA;
	case IPSEC_N_REPLAY_STATUS:
		return n->data_len == 4 ? CODEC_OK : CODEC_ERR_NOTIFY_DATA;
	case IPSEC_N_RESPONDER_LIFETIME:
		return attrs_well_formed(n->data, n->data_len) ? CODEC_OK : CODEC_ERR_NOTIFY_DATA;
	default:
		return CODEC_OK;
	}
}

enum codec_err codec_parse_notify(const struct isakmp_pl *pl, struct isakmp_notify *n)
{
	const uint8_t *b = pl->body;

	if (pl->body_len < 8)
		return CODEC_ERR_PAYLOAD_SIZE;
	n->pl = *pl;
	n->doi = get_be32(b);
	n->proto = b[4];
	n->spi_size = b[5];
	n->type = get_be16(b + 6);
	if (!doi_ok(n->doi))
		return CODEC_ERR_DOI;
	enum codec_err err = codec_check_spi_size(n->proto, n->spi_size, false);
	if (err)
		return err;
	if (pl->body_len - 8 < n->spi_size)
		return CODEC_ERR_PAYLOAD_SIZE;
	n->spi = b + 8;
	n->data = b + 8 + n->spi_size;
	n->data_len = (uint16_t)(pl->body_len - 8 - n->spi_size);
	return check_notify_data(n);
}

enum codec_err codec_parse_delete(const struct isakmp_pl *pl, struct isakmp_delete *d)
{
	const uint8_t *b = pl->body;

	if (pl->body_len < 8)
		return CODEC_ERR_PAYLOAD_SIZE;
	d->pl = *pl;
	d->doi = get_be32(b);
	d->proto = b[4];
	d->spi_size = b[5];
	d->n_spis = get_be16(b + 6);
	d->spis = b + 8;
	if (!doi_ok(d->doi))
		return CODEC_ERR_DOI;
	enum codec_err err = codec_check_spi_size(d->proto, d->spi_size, true);
	if (err)
		return err;
	/* RFC 2408 §3.15: the SPIs fill the rest of the payload exactly. */
	if (d->n_spis == 0 || (size_t)d->n_spis * d->spi_size != (size_t)pl->body_len - 8)
		return CODEC_ERR_DELETE_COUNT;
	return CODEC_OK;
}

/* CERT needs its data; a CR may name no CA (any CA will do). */
enum codec_err codec_parse_cert(const struct isakmp_pl *pl, struct isakmp_cert *c)
{
	size_t min = pl->type == ISAKMP_PL_CERT ? 2 : 1;

	if (pl->body_len < min)
		return CODEC_ERR_PAYLOAD_SIZE;
	c->pl = *pl;
	c->encoding = pl->body[0];
	c->data = pl->body + 1;
	c->data_len = (uint16_t)(pl->body_len - 1);
	return CODEC_OK;
}

/* RFC 3947 §5.2: ID type, 3 reserved bytes, then an IPv4 or IPv6 address. */
enum codec_err codec_parse_natoa(const struct isakmp_pl *pl, struct isakmp_natoa *oa)
{
	if (pl->body_len < 4)
		return CODEC_ERR_PAYLOAD_SIZE;
	oa->pl = *pl;
	oa->id_type = pl->body[0];
	oa->addr = pl->body + 4;
	if (oa->id_type == ISAKMP_NATOA_IPV4)
		oa->addr_len = 4;
	else if (oa->id_type == ISAKMP_NATOA_IPV6)
		oa->addr_len = 16;
	else
		return CODEC_ERR_ID;
	if (pl->body_len - 4 != oa->addr_len)
		return CODEC_ERR_PAYLOAD_SIZE;
	return CODEC_OK;
}

enum codec_err codec_parse_cfg(const struct isakmp_pl *pl, struct isakmp_cfg *cfg)
{
	if (pl->body_len < 4)
		return CODEC_ERR_PAYLOAD_SIZE;
	cfg->pl = *pl;
	cfg->cfg_type = pl->body[0];
	cfg->identifier = get_be16(pl->body + 2);
	cfg->attrs = pl->body + 4;
	cfg->attrs_len = (uint16_t)(pl->body_len - 4);
	return attrs_well_formed(cfg->attrs, cfg->attrs_len) ? CODEC_OK : CODEC_ERR_ATTR;
}

/* §17: fragment ID(2), number(1, from 1), flags(1), then a slice of the message. */
enum codec_err codec_parse_frag(const struct isakmp_pl *pl, struct isakmp_frag *f)
{
	if (pl->body_len <= ISAKMP_FRAG_HDR_LEN)
		return CODEC_ERR_PAYLOAD_SIZE;
	f->pl = *pl;
	f->frag_id = get_be16(pl->body);
	f->number = pl->body[2];
	f->flags = pl->body[3];
	f->data = pl->body + ISAKMP_FRAG_HDR_LEN;
	f->data_len = (uint16_t)(pl->body_len - ISAKMP_FRAG_HDR_LEN);
	if (f->number == 0)
		return CODEC_ERR_PAYLOAD_SIZE;
	return CODEC_OK;
}
