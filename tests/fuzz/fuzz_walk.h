/* Shared by the ISAKMP fuzz targets: read every byte the decoder's slots point at
 * (so ASan checks the pointers the walk made), and decode plus walk a clear message. */
#ifndef RAMPART_FUZZ_WALK_H
#define RAMPART_FUZZ_WALK_H

#include <stdlib.h>
#include <string.h>

#include "vpn/codec.h"

static volatile uint8_t sink;

/* Read every byte a slot points at, so ASan checks the pointers the walk made. */
static inline void touch(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc ^= p[i];
	sink ^= acc;
}

static inline void touch_slots(const struct isakmp_msg *m)
{
	for (unsigned i = 0; i < m->n_payloads; i++)
		touch(m->chain[i].body, m->chain[i].body_len);
	for (unsigned i = 0; i < m->n_notify; i++) {
		touch(m->notify[i].spi, m->notify[i].spi_size);
		touch(m->notify[i].data, m->notify[i].data_len);
	}
	for (unsigned i = 0; i < m->n_del; i++)
		touch(m->del[i].spis, (size_t)m->del[i].n_spis * m->del[i].spi_size);
	for (unsigned i = 0; i < m->n_id; i++)
		touch(m->id[i].data, m->id[i].data_len);
	for (unsigned i = 0; i < m->n_natoa; i++)
		touch(m->natoa[i].addr, m->natoa[i].addr_len);
	for (unsigned i = 0; i < m->n_vid; i++)
		sink ^= (uint8_t)isakmp_vid_classify(m->vid[i].body, m->vid[i].body_len);
	if (m->present & ISAKMP_P(ATTR)) {
		struct isakmp_attr_iter it;
		struct isakmp_attr a;
		isakmp_attr_iter_init(&it, m->attr.attrs, m->attr.attrs_len);
		while (isakmp_attr_next(&it, &a) > 0)
			if (a.ptr)
				touch(a.ptr, a.len);
	}
	if (m->present & ISAKMP_P(HASH)) {
		const uint8_t *after;
		size_t len;
		isakmp_bytes_after(m, &m->hash, &after, &len);
		touch(after, len);
	}
}

static inline enum codec_err decode_and_walk(struct isakmp_msg *m, const uint8_t *p, size_t len)
{
	enum codec_err err = isakmp_decode(m, p, len);

	if (err == CODEC_OK && m->body_pending) {
		(void)isakmp_check_cipher_len(m, 16);
		err = isakmp_walk(m, p, len);
	}
	return err;
}

/* The SA payload of a walked message parses (the walk validated it with the same
 * parser), and every attribute it holds is readable. */
static inline void check_sa(const struct isakmp_msg *m, struct isakmp_sa *sa)
{
	if (!(m->present & ISAKMP_P(SA)))
		return;
	if (isakmp_sa_parse(&m->sa, sa) != CODEC_OK)
		abort();
	for (unsigned i = 0; i < sa->n_transforms; i++)
		for (unsigned j = 0; j < sa->transforms[i].n_attrs; j++)
			if (sa->transforms[i].attrs[j].ptr)
				touch(sa->transforms[i].attrs[j].ptr, sa->transforms[i].attrs[j].len);
}

#endif
