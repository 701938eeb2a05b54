/* Internal to the codec files: network-order access and the shared validators. */
#ifndef RAMPART_VPN_CODEC_INT_H
#define RAMPART_VPN_CODEC_INT_H

#include <stdint.h>

#include "vpn/codec.h"

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* SPI sizes a protocol allows in a Notify or Delete (RFC 2408 §3.14-3.15). */
enum codec_err codec_check_spi_size(uint8_t proto, uint8_t spi_size, bool is_delete);

/* Per-type validators of codec_payloads.c: fill the typed view of pl. */
enum codec_err codec_parse_id(const struct isakmp_pl *pl, struct isakmp_id *id);
enum codec_err codec_parse_notify(const struct isakmp_pl *pl, struct isakmp_notify *n);
enum codec_err codec_parse_delete(const struct isakmp_pl *pl, struct isakmp_delete *d);
enum codec_err codec_parse_cert(const struct isakmp_pl *pl, struct isakmp_cert *c);
enum codec_err codec_parse_natoa(const struct isakmp_pl *pl, struct isakmp_natoa *oa);
enum codec_err codec_parse_cfg(const struct isakmp_pl *pl, struct isakmp_cfg *cfg);
enum codec_err codec_parse_frag(const struct isakmp_pl *pl, struct isakmp_frag *f);

#endif
