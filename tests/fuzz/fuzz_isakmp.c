/* libFuzzer target for the ISAKMP codec: decode, walk (an E-flagged body is
 * walked as if it had been decrypted), SA parse, attribute iteration, and a
 * rebuild that must decode again to the same chain.
 *
 * Build and run from the top of the source tree (scratch corpus first, so that
 * libFuzzer writes its finds there and the seeds stay as they are):
 *
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -I. \
 *     tests/fuzz/fuzz_isakmp.c vpn/codec*.c platform/util.c -o fuzz_isakmp && \
 *     mkdir -p fuzz-corpus && ./fuzz_isakmp -max_total_time=300 fuzz-corpus tests/fuzz/corpus/isakmp
 */
#include <stdlib.h>
#include <string.h>

#include "vpn/codec.h"

static volatile uint8_t sink;

/* Read every byte a slot points at, so ASan checks the pointers the walk made. */
static void touch(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc ^= p[i];
	sink ^= acc;
}

static void touch_slots(const struct isakmp_msg *m)
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

static enum codec_err decode_and_walk(struct isakmp_msg *m, const uint8_t *p, size_t len)
{
	enum codec_err err = isakmp_decode(m, p, len);

	if (err == CODEC_OK && m->body_pending) {
		(void)isakmp_check_cipher_len(m, 16);
		err = isakmp_walk(m, p, len);
	}
	return err;
}

/* A message that decoded must rebuild into one that decodes to the same chain. */
static void rebuild(const struct isakmp_msg *m, struct isakmp_sa *sa)
{
	struct isakmp_builder b;
	struct isakmp_msg again;

	isakmp_build_init(&b, &m->hdr);
	for (unsigned i = 0; i < m->n_payloads; i++) {
		const struct isakmp_pl *pl = &m->chain[i];
		if (pl->type == ISAKMP_PL_SA && isakmp_sa_parse(pl, sa) == CODEC_OK)
			isakmp_build_sa(&b, sa);
		else
			isakmp_build_payload(&b, pl->type, pl->body, pl->body_len);
	}
	/* Canonical attribute forms can grow an SA (a 3-byte TLV becomes 4): past
	 * 65535 bytes the builder refuses, which is its job, not a finding. */
	if (isakmp_build_finish(&b) != CODEC_OK) {
		isakmp_build_free(&b);
		return;
	}
	enum codec_err err = decode_and_walk(&again, b.buf, b.len);
	if (err != CODEC_OK || again.n_payloads != m->n_payloads || again.present != m->present)
		abort();
	for (unsigned i = 0; i < m->n_payloads; i++)
		if (again.chain[i].type != m->chain[i].type)
			abort();
	isakmp_build_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct isakmp_msg m;
	static struct isakmp_sa sa;
	size_t ike_off;

	sink ^= (uint8_t)natt_classify(data, size, &ike_off);
	if (decode_and_walk(&m, data, size) != CODEC_OK)
		return 0;
	touch_slots(&m);
	if (m.present & ISAKMP_P(SA)) {
		/* The walk validated the SA with the same parser: it must parse now. */
		if (isakmp_sa_parse(&m.sa, &sa) != CODEC_OK)
			abort();
		for (unsigned i = 0; i < sa.n_transforms; i++)
			for (unsigned j = 0; j < sa.transforms[i].n_attrs; j++)
				if (sa.transforms[i].attrs[j].ptr)
					touch(sa.transforms[i].attrs[j].ptr, sa.transforms[i].attrs[j].len);
	}
	rebuild(&m, &sa);
	return 0;
}
