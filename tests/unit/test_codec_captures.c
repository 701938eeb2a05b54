/* ISAKMP codec against real packets: strongSwan 5.9.8 talking to itself on the
 * namespace rig (MM, AM, QM with and without PFS, 3DES/MD5, AES-GCM/ECP-384, DPD).
 * The expected payload chains are tshark's dissection of the same packets, the
 * decrypted bodies tshark's decryption; see data/isakmp/extract.py. */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "vpn/codec.h"

struct capture {
	const char *name;
	const uint8_t *bytes;
	size_t len;
	bool plain;             /* header + body as tshark decrypted it */
	unsigned n_chain;       /* 0 for a still-encrypted message */
	uint8_t chain[16];
};

#include "data/isakmp/captures.inc"

static const struct capture *find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(captures); i++)
		if (strcmp(captures[i].name, name) == 0)
			return &captures[i];
	fprintf(stderr, "no capture %s\n", name);
	exit(1);
}

/* Decodes c into m; the returned copy (exactly c->len bytes) backs m's slots. */
static uint8_t *decode_capture(const struct capture *c, struct isakmp_msg *m, enum codec_err *err)
{
	uint8_t *copy = xmalloc(c->len);

	memcpy(copy, c->bytes, c->len);
	*err = isakmp_decode(m, copy, c->len);
	if (*err == CODEC_OK && c->plain) {
		CHECK(m->body_pending);
		*err = isakmp_walk(m, copy, c->len);
	}
	return copy;
}

static void test_chains_match_tshark(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(captures); i++) {
		const struct capture *c = &captures[i];
		struct isakmp_msg m;
		enum codec_err err;
		uint8_t *copy = decode_capture(c, &m, &err);

		if (err != CODEC_OK)
			fprintf(stderr, "%s: %s at %u\n", c->name, codec_strerror(err), m.err_off);
		CHECK(err == CODEC_OK);
		if (c->n_chain == 0) {
			/* Encrypted on the wire: header only, whole cipher blocks. */
			size_t bs = strncmp(c->name, "legacy", 6) == 0 ? 8 : 16;
			CHECK(m.body_pending && m.n_payloads == 0);
			CHECK(isakmp_check_cipher_len(&m, bs) == CODEC_OK);
		} else {
			CHECK(m.n_payloads == c->n_chain);
			for (unsigned j = 0; j < c->n_chain && j < m.n_payloads; j++)
				CHECK(m.chain[j].type == c->chain[j]);
			/* Clear messages end where the chain ends; strongSwan always pads
			 * encrypted ones with 1..bs bytes (§12). */
			if (c->plain)
				CHECK(m.chain_end < c->len && c->len - m.chain_end <= 16);
			else
				CHECK(m.chain_end == c->len);
		}
		free(copy);
	}
}

/* Payload by payload, and SA from its parsed struct: the builder reproduces
 * strongSwan's bytes exactly. */
static void test_rebuild_identical(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(captures); i++) {
		const struct capture *c = &captures[i];
		struct isakmp_msg m;
		struct isakmp_builder b;
		enum codec_err err;
		uint8_t *copy = decode_capture(c, &m, &err);

		if (err != CODEC_OK || m.body_pending) {
			free(copy);
			continue;
		}
		isakmp_build_init(&b, &m.hdr);
		for (unsigned j = 0; j < m.n_payloads; j++) {
			const struct isakmp_pl *pl = &m.chain[j];
			if (pl->type != ISAKMP_PL_SA) {
				isakmp_build_payload(&b, pl->type, pl->body, pl->body_len);
				continue;
			}
			struct isakmp_sa *sa = xmalloc(sizeof(*sa));
			CHECK(isakmp_sa_parse(pl, sa) == CODEC_OK);
			isakmp_build_sa(&b, sa);
			free(sa);
		}
		CHECK(isakmp_build_finish(&b) == CODEC_OK);
		CHECK(b.len == m.chain_end);
		CHECK_MEM(b.buf, copy, 24);
		if (b.len == m.chain_end && memcmp(b.buf + 28, copy + 28, b.len - 28) != 0)
			fprintf(stderr, "%s: rebuilt bytes differ\n", c->name);
		CHECK(b.len == m.chain_end && memcmp(b.buf + 28, copy + 28, b.len - 28) == 0);
		isakmp_build_free(&b);
		free(copy);
	}
}

static uint64_t attr_value(const struct isakmp_transform *t, uint16_t type)
{
	const struct isakmp_attr *a = isakmp_transform_attr(t, type);

	return a ? a->value : 0xdeadbeef;
}

/* MM1: one proposal, AES-128/SHA1/MODP1024 then AES-256/SHA1/MODP2048, PSK,
 * 15840 s; VIDs XAUTH, DPD, FRAGMENTATION(0x80000000), RFC 3947, draft-02\n. */
static void test_mm1(void)
{
	struct isakmp_msg m;
	struct isakmp_sa *sa = xmalloc(sizeof(*sa));
	enum codec_err err;
	uint8_t *copy = decode_capture(find("mm_1"), &m, &err);

	CHECK(err == CODEC_OK);
	CHECK(m.hdr.exchange == ISAKMP_EXCH_MAIN && m.hdr.msg_id == 0 && m.hdr.flags == 0);
	CHECK(memcmp(m.hdr.cky_i, "\xbc\xdc\x9b\xf1\x76\x37\x75\x3f", 8) == 0);
	CHECK(memcmp(m.hdr.cky_r, "\0\0\0\0\0\0\0\0", 8) == 0);
	CHECK(isakmp_sa_parse(&m.sa, sa) == CODEC_OK);
	CHECK(sa->n_proposals == 1 && sa->proposals[0].n_transforms == 2);
	CHECK(sa->proposals[0].protocol == ISAKMP_PROTO_ISAKMP && sa->proposals[0].spi_size == 0);
	const struct isakmp_transform *t1 = isakmp_proposal_transform(sa, &sa->proposals[0], 0);
	const struct isakmp_transform *t2 = isakmp_proposal_transform(sa, &sa->proposals[0], 1);
	CHECK(t1->id == ISAKMP_KEY_IKE && t1->number == 1 && t2->number == 2);
	CHECK(attr_value(t1, OAKLEY_ATTR_ENCR) == OAKLEY_ENCR_AES_CBC);
	CHECK(attr_value(t1, OAKLEY_ATTR_KEY_LENGTH) == 128);
	CHECK(attr_value(t1, OAKLEY_ATTR_HASH) == OAKLEY_HASH_SHA1);
	CHECK(attr_value(t1, OAKLEY_ATTR_GROUP_DESC) == OAKLEY_GROUP_MODP1024);
	CHECK(attr_value(t1, OAKLEY_ATTR_AUTH) == OAKLEY_AUTH_PSK);
	CHECK(attr_value(t1, OAKLEY_ATTR_LIFE_TYPE) == ISAKMP_LIFE_SECONDS);
	CHECK(attr_value(t1, OAKLEY_ATTR_LIFE_DURATION) == 15840);
	CHECK(attr_value(t2, OAKLEY_ATTR_KEY_LENGTH) == 256);
	CHECK(attr_value(t2, OAKLEY_ATTR_GROUP_DESC) == OAKLEY_GROUP_MODP2048);

	static const enum isakmp_vid_kind vids[] = { VID_XAUTH, VID_DPD, VID_FRAGMENTATION,
						     VID_NATT_RFC3947, VID_NATT_DRAFT_02N };
	CHECK(m.n_vid == 5);
	for (unsigned i = 0; i < 5 && i < m.n_vid; i++)
		CHECK(isakmp_vid_classify(m.vid[i].body, m.vid[i].body_len) == vids[i]);
	CHECK(isakmp_vid_frag_caps(m.vid[2].body, m.vid[2].body_len) == ISAKMP_FRAG_CAP_MAIN_AGGR);
	/* SAi_b for HASH_I/HASH_R: the SA body exactly as on the wire. */
	CHECK(m.sa.off == 28 && m.sa.body == copy + 32 && m.sa.body_len == m.sa.len - 4);
	free(sa);
	free(copy);
}

/* MM2 (mm256 scenario): the responder chose the second transform, AES-256/MODP2048. */
static void test_mm256_2(void)
{
	struct isakmp_msg m;
	struct isakmp_sa *sa = xmalloc(sizeof(*sa));
	enum codec_err err;
	uint8_t *copy = decode_capture(find("mm256_2"), &m, &err);

	CHECK(err == CODEC_OK && isakmp_sa_parse(&m.sa, sa) == CODEC_OK);
	CHECK(sa->n_proposals == 1 && sa->n_transforms == 1);
	const struct isakmp_transform *t = &sa->transforms[0];
	CHECK(t->number == 2);
	CHECK(attr_value(t, OAKLEY_ATTR_KEY_LENGTH) == 256);
	CHECK(attr_value(t, OAKLEY_ATTR_GROUP_DESC) == OAKLEY_GROUP_MODP2048);
	CHECK(m.n_vid == 4);
	free(sa);
	free(copy);
}

static void test_mm3_mm4(void)
{
	const struct { const char *name; size_t ke_len; } cases[] = {
		{ "mm_3", 128 }, { "mm_4", 128 }, { "mm256_3", 256 }, { "suiteb_3", 96 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct isakmp_msg m;
		enum codec_err err;
		uint8_t *copy = decode_capture(find(cases[i].name), &m, &err);

		CHECK(err == CODEC_OK);
		CHECK(m.present == (ISAKMP_P(KE) | ISAKMP_P(NONCE) | ISAKMP_P(NATD)));
		CHECK(m.ke.body_len == cases[i].ke_len);
		CHECK(m.nonce.body_len == 32);
		CHECK(m.n_natd == 2 && m.natd[0].type == ISAKMP_PL_NATD);
		CHECK(m.natd[0].body_len == (strncmp(cases[i].name, "suiteb", 6) ? 20 : 48));
		free(copy);
	}
}

/* MM5 decrypted: IDii (IPv4 192.0.2.1), HASH_I, N(INITIAL-CONTACT, SPI = cookies). */
static void test_mm5(void)
{
	struct isakmp_msg m;
	enum codec_err err;
	uint8_t *copy = decode_capture(find("mm_5_plain"), &m, &err);

	CHECK(err == CODEC_OK);
	CHECK(m.n_id == 1 && m.id[0].id_type == ISAKMP_ID_IPV4_ADDR);
	CHECK(m.id[0].proto == 0 && m.id[0].port == 0);
	CHECK(memcmp(m.id[0].data, "\xc0\x00\x02\x01", 4) == 0);
	CHECK(m.id[0].pl.body_len == 8);    /* IDii_b */
	CHECK(m.hash.body_len == 20);
	CHECK(m.n_notify == 1 && m.notify[0].type == IPSEC_N_INITIAL_CONTACT);
	CHECK(m.notify[0].proto == ISAKMP_PROTO_ISAKMP && m.notify[0].spi_size == 16);
	CHECK(memcmp(m.notify[0].spi, m.hdr.cky_i, 8) == 0 && memcmp(m.notify[0].spi + 8, m.hdr.cky_r, 8) == 0);
	CHECK(m.chain_end == 28 + 64 && m.hdr.length == 28 + 80);
	free(copy);
}

/* QM1: HASH(1) first, SA (ESP, SPI f31af258, AES-128 then AES-256, HMAC-SHA1,
 * UDP tunnel, 3960 s), Ni, IDci 10.1.0.0/24, IDcr 10.2.0.0/24. */
static void test_qm1(void)
{
	struct isakmp_msg m;
	struct isakmp_sa *sa = xmalloc(sizeof(*sa));
	enum codec_err err;
	uint8_t *copy = decode_capture(find("mm_7_plain"), &m, &err);

	CHECK(err == CODEC_OK);
	CHECK(m.hdr.exchange == ISAKMP_EXCH_QUICK && m.hdr.msg_id == 0xe74ce3f6);
	CHECK(m.chain[0].type == ISAKMP_PL_HASH && m.hash.off == 28 && m.hash.body_len == 20);
	CHECK(isakmp_sa_parse(&m.sa, sa) == CODEC_OK);
	const struct isakmp_proposal *p = &sa->proposals[0];
	CHECK(p->protocol == ISAKMP_PROTO_ESP && p->spi_size == 4);
	CHECK(memcmp(p->spi, "\xf3\x1a\xf2\x58", 4) == 0);
	CHECK(p->n_transforms == 2);
	const struct isakmp_transform *t = isakmp_proposal_transform(sa, p, 0);
	CHECK(t->id == ESP_AES && attr_value(t, IPSEC_ATTR_KEY_LENGTH) == 128);
	CHECK(attr_value(t, IPSEC_ATTR_AUTH_ALG) == IPSEC_AUTH_HMAC_SHA1);
	CHECK(attr_value(t, IPSEC_ATTR_ENCAP_MODE) == IPSEC_ENCAP_UDP_TUNNEL);
	CHECK(attr_value(t, IPSEC_ATTR_LIFE_DURATION) == 3960);
	CHECK(isakmp_transform_attr(t, IPSEC_ATTR_GROUP_DESC) == NULL);
	CHECK(m.nonce.body_len == 32 && m.n_id == 2);
	CHECK(m.id[0].id_type == ISAKMP_ID_IPV4_ADDR_SUBNET);
	CHECK(memcmp(m.id[0].data, "\x0a\x01\x00\x00\xff\xff\xff\x00", 8) == 0);
	CHECK(memcmp(m.id[1].data, "\x0a\x02\x00\x00\xff\xff\xff\x00", 8) == 0);
	/* HASH(1) input: SA | Ni | IDci | IDcr, up to the chain end (4 pad bytes follow). */
	const uint8_t *after;
	size_t after_len;
	isakmp_bytes_after(&m, &m.hash, &after, &after_len);
	CHECK(after == copy + 52 && after_len == 80u + 36 + 16 + 16);
	CHECK(m.chain_end + 4 == m.hdr.length);
	free(sa);
	free(copy);
}

/* PFS and Suite-B QM: KE present; Suite-B proposes AES-GCM-16/256 with group 20, no auth alg. */
static void test_qm_pfs(void)
{
	struct isakmp_msg m;
	struct isakmp_sa *sa = xmalloc(sizeof(*sa));
	enum codec_err err;
	uint8_t *copy = decode_capture(find("pfs_7_plain"), &m, &err);

	CHECK(err == CODEC_OK && (m.present & ISAKMP_P(KE)) && m.ke.body_len == 256);
	CHECK(isakmp_sa_parse(&m.sa, sa) == CODEC_OK);
	CHECK(attr_value(&sa->transforms[0], IPSEC_ATTR_GROUP_DESC) == OAKLEY_GROUP_MODP2048);
	free(copy);

	copy = decode_capture(find("suiteb_7_plain"), &m, &err);
	CHECK(err == CODEC_OK && m.ke.body_len == 96);
	CHECK(isakmp_sa_parse(&m.sa, sa) == CODEC_OK);
	CHECK(sa->n_transforms == 1);
	const struct isakmp_transform *t = &sa->transforms[0];
	CHECK(t->id == ESP_AES_GCM_16 && attr_value(t, IPSEC_ATTR_KEY_LENGTH) == 256);
	CHECK(attr_value(t, IPSEC_ATTR_GROUP_DESC) == OAKLEY_GROUP_ECP384);
	CHECK(isakmp_transform_attr(t, IPSEC_ATTR_AUTH_ALG) == NULL);
	CHECK(memcmp(sa->proposals[0].spi, "\x9b\x93\x93\x19", 4) == 0);
	free(copy);
	free(sa);
}

/* AM1 in the clear with the FQDN ID; AM3 decrypted: HASH_I then two NAT-Ds. */
static void test_aggressive(void)
{
	struct isakmp_msg m;
	enum codec_err err;
	uint8_t *copy = decode_capture(find("am_1"), &m, &err);

	CHECK(err == CODEC_OK && m.hdr.exchange == ISAKMP_EXCH_AGGRESSIVE);
	CHECK(m.n_id == 1 && m.id[0].id_type == ISAKMP_ID_FQDN);
	CHECK(m.id[0].data_len == 12 && memcmp(m.id[0].data, "gwA.ike.test", 12) == 0);
	CHECK(m.ke.body_len == 128 && m.nonce.body_len == 32);
	free(copy);

	copy = decode_capture(find("am_2"), &m, &err);
	CHECK(err == CODEC_OK && m.hash.body_len == 20 && m.n_natd == 2);
	CHECK(m.n_id == 1 && memcmp(m.id[0].data, "gwB.ike.test", 12) == 0);
	free(copy);

	copy = decode_capture(find("am_3_plain"), &m, &err);
	CHECK(err == CODEC_OK && m.hdr.exchange == ISAKMP_EXCH_AGGRESSIVE);
	CHECK(m.present == (ISAKMP_P(HASH) | ISAKMP_P(NATD)) && m.n_natd == 2);
	free(copy);
}

/* DPD: R-U-THERE and its ACK echo the same sequence number. */
static void test_dpd(void)
{
	struct isakmp_msg req, ack;
	enum codec_err err;
	uint8_t *c1 = decode_capture(find("mm_16_plain"), &req, &err);

	CHECK(err == CODEC_OK);
	uint8_t *c2 = decode_capture(find("mm_17_plain"), &ack, &err);
	CHECK(err == CODEC_OK);
	CHECK(req.hdr.exchange == ISAKMP_EXCH_INFO && req.chain[0].type == ISAKMP_PL_HASH);
	CHECK(req.n_notify == 1 && req.notify[0].type == ISAKMP_N_DPD_R_U_THERE);
	CHECK(req.notify[0].spi_size == 16 && req.notify[0].data_len == 4);
	CHECK(memcmp(req.notify[0].data, "\x10\x51\xa1\x1e", 4) == 0);
	CHECK(ack.n_notify == 1 && ack.notify[0].type == ISAKMP_N_DPD_R_U_THERE_ACK);
	CHECK(memcmp(ack.notify[0].data, req.notify[0].data, 4) == 0);
	free(c1);
	free(c2);
}

/* 3DES: 8-byte blocks, and strongSwan's 1..8 pad bytes. */
static void test_legacy(void)
{
	struct isakmp_msg m;
	struct isakmp_sa *sa = xmalloc(sizeof(*sa));
	enum codec_err err;
	uint8_t *copy = decode_capture(find("legacy_1"), &m, &err);

	CHECK(err == CODEC_OK && isakmp_sa_parse(&m.sa, sa) == CODEC_OK);
	CHECK(attr_value(&sa->transforms[0], OAKLEY_ATTR_ENCR) == OAKLEY_ENCR_3DES);
	CHECK(attr_value(&sa->transforms[0], OAKLEY_ATTR_HASH) == OAKLEY_HASH_MD5);
	CHECK(isakmp_transform_attr(&sa->transforms[0], OAKLEY_ATTR_KEY_LENGTH) == NULL);
	free(copy);

	copy = decode_capture(find("legacy_5_plain"), &m, &err);
	CHECK(err == CODEC_OK && m.hash.body_len == 16);   /* MD5 */
	CHECK(m.hdr.length - m.chain_end >= 1 && m.hdr.length - m.chain_end <= 8);
	free(copy);
	free(sa);
}

/* Every capture with single bytes changed: decode, walk and SA parse return
 * whatever they return, but never touch memory outside the exact-size copy. */
static void test_mutations(void)
{
	unsigned total = 0, rejected = 0;

	for (size_t i = 0; i < ARRAY_SIZE(captures); i++) {
		const struct capture *c = &captures[i];
		struct isakmp_sa *sa = xmalloc(sizeof(*sa));
		uint8_t *copy = xmalloc(c->len);

		for (size_t pos = 0; pos < c->len; pos++) {
			const uint8_t orig = c->bytes[pos];
			const uint8_t variants[] = { 0x00, 0xff, (uint8_t)(orig ^ 0x01), (uint8_t)(orig + 4) };
			for (size_t v = 0; v < sizeof(variants); v++) {
				struct isakmp_msg m;
				memcpy(copy, c->bytes, c->len);
				copy[pos] = variants[v];
				enum codec_err err = isakmp_decode(&m, copy, c->len);
				if (err == CODEC_OK && m.body_pending)
					err = isakmp_walk(&m, copy, c->len);
				if (err == CODEC_OK && (m.present & ISAKMP_P(SA)))
					err = isakmp_sa_parse(&m.sa, sa);
				total++;
				rejected += err != CODEC_OK;
			}
		}
		free(copy);
		free(sa);
	}
	fprintf(stderr, "mutations: %u decoded, %u rejected\n", total, rejected);
	CHECK(rejected > 0 && rejected < total);
}

int main(void)
{
	CHECK(ARRAY_SIZE(captures) >= 40);
	test_chains_match_tshark();
	test_rebuild_identical();
	test_mm1();
	test_mm256_2();
	test_mm3_mm4();
	test_mm5();
	test_qm1();
	test_qm_pfs();
	test_aggressive();
	test_dpd();
	test_legacy();
	test_mutations();
	return check_done("test_codec_captures");
}
