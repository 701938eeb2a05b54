/* libFuzzer target for the ISAKMP codec: decode, walk (an E-flagged body is
 * walked as if it had been decrypted), SA parse, attribute iteration, and a
 * rebuild that must decode again to the same chain.
 *
 * Built and run by tests/fuzz/run (see tests/fuzz/README.md).
 */
#include "tests/fuzz/fuzz_walk.h"

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
	check_sa(&m, &sa);
	rebuild(&m, &sa);
	return 0;
}
