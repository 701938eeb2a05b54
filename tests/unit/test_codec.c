/* ISAKMP codec: exact bytes of hand-built messages, and build -> decode round
 * trips of every payload type. Malformed input: test_codec_malformed.c; real
 * strongSwan packets: test_codec_captures.c. */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "vpn/codec.h"

static const uint8_t cky_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t cky_r[8] = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 };

static void hdr_init(struct isakmp_hdr *h, uint8_t exchange, uint8_t flags, uint32_t msg_id)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->cky_i, cky_i, 8);
	h->exchange = exchange;
	h->flags = flags;
	h->msg_id = msg_id;
}

/* One Phase-1 proposal: AES-128 / SHA1 / group 2 / PSK / life_s seconds. */
static void build_p1_sa(struct isakmp_builder *b, uint32_t life_s)
{
	size_t sa = isakmp_build_sa_begin(b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	size_t p = isakmp_build_proposal_begin(b, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	size_t t = isakmp_build_transform_begin(b, 1, ISAKMP_KEY_IKE);
	isakmp_build_attr(b, OAKLEY_ATTR_ENCR, OAKLEY_ENCR_AES_CBC);
	isakmp_build_attr(b, OAKLEY_ATTR_KEY_LENGTH, 128);
	isakmp_build_attr(b, OAKLEY_ATTR_HASH, OAKLEY_HASH_SHA1);
	isakmp_build_attr(b, OAKLEY_ATTR_GROUP_DESC, OAKLEY_GROUP_MODP1024);
	isakmp_build_attr(b, OAKLEY_ATTR_AUTH, OAKLEY_AUTH_PSK);
	isakmp_build_attr(b, OAKLEY_ATTR_LIFE_TYPE, ISAKMP_LIFE_SECONDS);
	isakmp_build_attr(b, OAKLEY_ATTR_LIFE_DURATION, life_s);
	isakmp_build_transform_end(b, t);
	isakmp_build_proposal_end(b, p);
	isakmp_build_sa_end(b, sa);
}

static const uint8_t mm1_expected[] = {
	/* header: CKY-I, CKY-R 0, NP SA, 1.0, Main Mode, flags 0, M-ID 0, length 108 */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,
	0x01, 0x10, 0x02, 0x00, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x6c,
	/* SA: NP VID, length 60, DOI IPsec, SIT_IDENTITY_ONLY */
	0x0d, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	/* proposal 1: last, length 48, ISAKMP, SPI size 0, 1 transform */
	0x00, 0x00, 0x00, 0x30, 0x01, 0x01, 0x00, 0x01,
	/* transform 1: last, length 40, KEY_IKE */
	0x00, 0x00, 0x00, 0x28, 0x01, 0x01, 0x00, 0x00,
	0x80, 0x01, 0x00, 0x07,         /* encryption AES-CBC */
	0x80, 0x0e, 0x00, 0x80,         /* key length 128 */
	0x80, 0x02, 0x00, 0x02,         /* hash SHA1 */
	0x80, 0x04, 0x00, 0x02,         /* group 2 */
	0x80, 0x03, 0x00, 0x01,         /* PSK */
	0x80, 0x0b, 0x00, 0x01,         /* life type seconds */
	0x00, 0x0c, 0x00, 0x04, 0x00, 0x01, 0x51, 0x80,   /* 86400 s: TLV, it exceeds 16 bits */
	/* VID: last, length 20, RFC 3706 DPD */
	0x00, 0x00, 0x00, 0x14,
	0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9, 0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00,
};

static void build_mm1(struct isakmp_builder *b, uint32_t life_s)
{
	struct isakmp_hdr h;
	const uint8_t *vid;
	size_t vid_len;

	hdr_init(&h, ISAKMP_EXCH_MAIN, 0, 0);
	isakmp_build_init(b, &h);
	build_p1_sa(b, life_s);
	isakmp_vid_bytes(VID_DPD, &vid, &vid_len);
	isakmp_build_payload(b, ISAKMP_PL_VID, vid, vid_len);
}

static void test_mm1_exact_bytes(void)
{
	struct isakmp_builder b;

	build_mm1(&b, 86400);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);
	CHECK(b.len == sizeof(mm1_expected));
	CHECK_MEM(b.buf, mm1_expected, sizeof(mm1_expected));
	isakmp_build_free(&b);

	/* 28800 fits 16 bits: TV "80 0c 70 80", four bytes shorter everywhere. */
	build_mm1(&b, 28800);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);
	CHECK(b.len == sizeof(mm1_expected) - 4);
	CHECK(b.buf[27] == 0x68);
	CHECK(b.buf[28 + 3] == 0x38);              /* SA length 56 */
	static const uint8_t tv_life[] = { 0x80, 0x0b, 0x00, 0x01, 0x80, 0x0c, 0x70, 0x80, 0x00, 0x00, 0x00, 0x14 };
	CHECK_MEM(b.buf + 28 + 52 - 4, tv_life, sizeof(tv_life));
	isakmp_build_free(&b);
}

static void test_mm1_decode(void)
{
	struct isakmp_msg m;
	struct isakmp_sa sa;

	CHECK(isakmp_decode(&m, mm1_expected, sizeof(mm1_expected)) == CODEC_OK);
	CHECK(!m.body_pending);
	CHECK(m.hdr.exchange == ISAKMP_EXCH_MAIN && m.hdr.msg_id == 0 && m.hdr.length == 108);
	CHECK(memcmp(m.hdr.cky_i, cky_i, 8) == 0);
	CHECK(m.present == (ISAKMP_P(SA) | ISAKMP_P(VID)));
	CHECK(m.n_payloads == 2 && m.chain[0].type == ISAKMP_PL_SA && m.chain[1].type == ISAKMP_PL_VID);
	CHECK(m.sa.off == 28 && m.sa.len == 60 && m.sa.body == mm1_expected + 32 && m.sa.body_len == 56);
	CHECK(m.chain_end == 108);
	CHECK(m.n_vid == 1 && isakmp_vid_classify(m.vid[0].body, m.vid[0].body_len) == VID_DPD);

	CHECK(isakmp_sa_parse(&m.sa, &sa) == CODEC_OK);
	CHECK(sa.doi == ISAKMP_DOI_IPSEC && sa.situation == IPSEC_SIT_IDENTITY_ONLY);
	CHECK(sa.n_proposals == 1 && sa.n_transforms == 1);
	const struct isakmp_proposal *p = &sa.proposals[0];
	CHECK(p->number == 1 && p->protocol == ISAKMP_PROTO_ISAKMP && p->spi_size == 0);
	CHECK(p->n_transforms == 1);
	const struct isakmp_transform *t = isakmp_proposal_transform(&sa, p, 0);
	CHECK(t->number == 1 && t->id == ISAKMP_KEY_IKE && t->n_attrs == 7);
	const struct isakmp_attr *life = isakmp_transform_attr(t, OAKLEY_ATTR_LIFE_DURATION);
	CHECK(life && life->is_int && !life->tv && life->len == 4 && life->value == 86400);
	const struct isakmp_attr *encr = isakmp_transform_attr(t, OAKLEY_ATTR_ENCR);
	CHECK(encr && encr->tv && encr->value == OAKLEY_ENCR_AES_CBC);
	CHECK(isakmp_transform_attr(t, OAKLEY_ATTR_PRF) == NULL);
}

/* The engine's MM2: the responder copies the chosen proposal and transform. */
static void test_mm2_from_parsed_sa(void)
{
	struct isakmp_msg m;
	struct isakmp_sa sa;
	struct isakmp_builder b;
	struct isakmp_hdr h;

	CHECK(isakmp_decode(&m, mm1_expected, sizeof(mm1_expected)) == CODEC_OK);
	CHECK(isakmp_sa_parse(&m.sa, &sa) == CODEC_OK);
	h = m.hdr;
	memcpy(h.cky_r, cky_r, 8);
	isakmp_build_init(&b, &h);
	isakmp_build_sa(&b, &sa);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);
	/* Same SA bytes (canonical encoding), only this time the SA is last. */
	CHECK(b.len == 28 + 60);
	CHECK(memcmp(b.buf + 8, cky_r, 8) == 0);
	CHECK(b.buf[16] == ISAKMP_PL_SA && b.buf[28] == ISAKMP_PL_NONE);
	CHECK_MEM(b.buf + 29, mm1_expected + 29, 59);
	isakmp_build_free(&b);
}

static void test_attr_forms(void)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;
	static const uint8_t want[] = {
		0x80, 0x02, 0xff, 0xff,                                 /* 65535: TV */
		0x00, 0x02, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00,         /* 65536: TLV 4 */
		0x00, 0x02, 0x00, 0x04, 0xff, 0xff, 0xff, 0xff,         /* 2^32-1: TLV 4 */
		0x00, 0x02, 0x00, 0x08, 0, 0, 0, 1, 0, 0, 0, 0,         /* 2^32: TLV 8 */
		0x00, 0x06, 0x00, 0x03, 0xaa, 0xbb, 0xcc,               /* opaque bytes */
	};

	hdr_init(&h, ISAKMP_EXCH_MAIN, 0, 0);
	isakmp_build_init(&b, &h);
	isakmp_build_attr(&b, 2, 0xffff);
	isakmp_build_attr(&b, 2, 0x10000);
	isakmp_build_attr(&b, 2, 0xffffffffu);
	isakmp_build_attr(&b, 2, 0x100000000ull);
	isakmp_build_attr_bytes(&b, 6, "\xaa\xbb\xcc", 3);
	CHECK(b.len == 28 + sizeof(want));
	CHECK_MEM(b.buf + 28, want, sizeof(want));

	/* And back through the iterator. */
	struct isakmp_attr_iter it;
	struct isakmp_attr a;
	uint64_t values[] = { 0xffff, 0x10000, 0xffffffffu, 0x100000000ull };
	isakmp_attr_iter_init(&it, want, sizeof(want));
	for (unsigned i = 0; i < 4; i++) {
		CHECK(isakmp_attr_next(&it, &a) == 1);
		CHECK(isakmp_attr_int(&a) == CODEC_OK && a.value == values[i] && a.type == 2);
	}
	CHECK(isakmp_attr_next(&it, &a) == 1);
	CHECK(a.type == 6 && !a.tv && a.len == 3 && a.ptr == want + 36);
	CHECK(isakmp_attr_int(&a) == CODEC_OK && a.value == 0xaabbcc);
	CHECK(isakmp_attr_next(&it, &a) == 0);
	isakmp_build_free(&b);
}

/* Several proposals and transforms: next-payload 2/3 back-patched, counts written. */
static void test_nested_back_patch(void)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;
	struct isakmp_msg m;
	struct isakmp_sa sa;
	const uint8_t spi1[4] = { 0xde, 0xad, 0xbe, 0xef }, spi2[4] = { 0, 0, 0x10, 0x01 };

	hdr_init(&h, ISAKMP_EXCH_QUICK, 0, 0x01020304);
	isakmp_build_init(&b, &h);
	size_t sa_off = isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	size_t p1 = isakmp_build_proposal_begin(&b, 1, ISAKMP_PROTO_ESP, spi1, 4);
	for (uint8_t i = 1; i <= 3; i++) {
		size_t t = isakmp_build_transform_begin(&b, i, ESP_AES);
		isakmp_build_attr(&b, IPSEC_ATTR_KEY_LENGTH, 128u * i);
		isakmp_build_attr(&b, IPSEC_ATTR_ENCAP_MODE, IPSEC_ENCAP_TUNNEL);
		isakmp_build_transform_end(&b, t);
	}
	isakmp_build_proposal_end(&b, p1);
	size_t p2 = isakmp_build_proposal_begin(&b, 2, ISAKMP_PROTO_ESP, spi2, 4);
	size_t t = isakmp_build_transform_begin(&b, 1, ESP_AES_GCM_16);
	isakmp_build_attr(&b, IPSEC_ATTR_KEY_LENGTH, 256);
	isakmp_build_attr(&b, IPSEC_ATTR_LIFE_TYPE, ISAKMP_LIFE_KILOBYTES);
	isakmp_build_attr(&b, IPSEC_ATTR_LIFE_DURATION, 4608000);
	isakmp_build_transform_end(&b, t);
	isakmp_build_proposal_end(&b, p2);
	isakmp_build_sa_end(&b, sa_off);
	isakmp_build_payload(&b, ISAKMP_PL_NONCE, "0123456789abcdef", 16);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);

	CHECK(b.buf[p1] == ISAKMP_PL_P && b.buf[p2] == ISAKMP_PL_NONE);
	CHECK(b.buf[p1 + 7] == 3 && b.buf[p2 + 7] == 1);
	CHECK(b.buf[sa_off] == ISAKMP_PL_NONCE);
	CHECK(b.buf[t] == ISAKMP_PL_NONE);

	CHECK(isakmp_decode(&m, b.buf, b.len) == CODEC_OK);
	CHECK(isakmp_sa_parse(&m.sa, &sa) == CODEC_OK);
	CHECK(sa.n_proposals == 2 && sa.n_transforms == 4);
	CHECK(memcmp(sa.proposals[0].spi, spi1, 4) == 0 && memcmp(sa.proposals[1].spi, spi2, 4) == 0);
	CHECK(sa.proposals[1].first_transform == 3);
	const struct isakmp_transform *t3 = isakmp_proposal_transform(&sa, &sa.proposals[0], 2);
	CHECK(t3->number == 3 && isakmp_transform_attr(t3, IPSEC_ATTR_KEY_LENGTH)->value == 384);
	const struct isakmp_transform *gcm = isakmp_proposal_transform(&sa, &sa.proposals[1], 0);
	CHECK(gcm->id == ESP_AES_GCM_16);
	CHECK(isakmp_transform_attr(gcm, IPSEC_ATTR_LIFE_DURATION)->value == 4608000);

	/* Re-encoding the parsed SA gives the same payload. */
	struct isakmp_builder again;
	isakmp_build_init(&again, &h);
	isakmp_build_sa(&again, &sa);
	CHECK(again.len - 28 == m.sa.len);
	CHECK_MEM(again.buf + 29, b.buf + 29, m.sa.len - 1u);
	isakmp_build_free(&again);
	isakmp_build_free(&b);
}

/* A private group's prime is a big number carried opaque (§4): parsed as bytes,
 * not rejected as an over-long integer, and re-encoded as the same TLV. */
static void test_opaque_attr_round_trip(void)
{
	struct isakmp_builder b, again;
	struct isakmp_hdr h;
	struct isakmp_msg m;
	struct isakmp_sa *sa = xmalloc(sizeof(*sa));
	uint8_t prime[96];

	for (unsigned i = 0; i < sizeof(prime); i++)
		prime[i] = (uint8_t)(0xff - i);
	hdr_init(&h, ISAKMP_EXCH_MAIN, 0, 0);
	isakmp_build_init(&b, &h);
	size_t sa_off = isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	size_t p = isakmp_build_proposal_begin(&b, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	size_t t = isakmp_build_transform_begin(&b, 1, ISAKMP_KEY_IKE);
	isakmp_build_attr(&b, OAKLEY_ATTR_GROUP_TYPE, OAKLEY_GROUP_TYPE_MODP);
	isakmp_build_attr_bytes(&b, OAKLEY_ATTR_GROUP_PRIME, prime, sizeof(prime));
	isakmp_build_attr_bytes(&b, OAKLEY_ATTR_GROUP_GEN1, "\x02", 1);
	isakmp_build_transform_end(&b, t);
	isakmp_build_proposal_end(&b, p);
	isakmp_build_sa_end(&b, sa_off);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);

	CHECK(isakmp_decode(&m, b.buf, b.len) == CODEC_OK);
	CHECK(isakmp_sa_parse(&m.sa, sa) == CODEC_OK);
	const struct isakmp_attr *a = isakmp_transform_attr(&sa->transforms[0], OAKLEY_ATTR_GROUP_PRIME);
	CHECK(a && !a->is_int && !a->tv && a->len == sizeof(prime) && memcmp(a->ptr, prime, sizeof(prime)) == 0);
	a = isakmp_transform_attr(&sa->transforms[0], OAKLEY_ATTR_GROUP_GEN1);
	CHECK(a && !a->is_int && a->len == 1 && a->ptr[0] == 2);

	isakmp_build_init(&again, &h);
	isakmp_build_sa(&again, sa);
	CHECK(isakmp_build_finish(&again) == CODEC_OK);
	CHECK(again.len == b.len);
	CHECK_MEM(again.buf, b.buf, b.len);
	isakmp_build_free(&again);
	isakmp_build_free(&b);
	free(sa);
}

/* ---- Every payload type through build and decode ---------------------------------- */

static const uint8_t ke_val[96] = { 0x5a, [95] = 0xa5 };
static const uint8_t nonce_val[32] = { 0x11, [31] = 0x22 };
static const uint8_t hash_val[20] = { 0x33, [19] = 0x44 };
static const uint8_t sig_val[64] = { 0x55, [63] = 0x66 };
static const uint8_t natd_val[20] = { 0x77, [19] = 0x88 };
static const uint8_t ipv4_subnet[8] = { 10, 1, 0, 0, 255, 255, 255, 0 };
static const uint8_t ipv6_addr[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t dpd_seq[4] = { 0x10, 0x51, 0xa1, 0x1e };
static const uint8_t esp_spis[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t oa_v4[4] = { 192, 168, 1, 2 };

static size_t build_everything(struct isakmp_builder *b, uint8_t flags)
{
	struct isakmp_hdr h;
	uint8_t cookies[16];

	memcpy(cookies, cky_i, 8);
	memcpy(cookies + 8, cky_r, 8);
	hdr_init(&h, ISAKMP_EXCH_QUICK, flags, 0xe74ce3f6);
	memcpy(h.cky_r, cky_r, 8);
	isakmp_build_init(b, &h);
	size_t hash_body = isakmp_build_payload(b, ISAKMP_PL_HASH, NULL, sizeof(hash_val));
	build_p1_sa(b, 28800);
	isakmp_build_payload(b, ISAKMP_PL_KE, ke_val, sizeof(ke_val));
	isakmp_build_payload(b, ISAKMP_PL_NONCE, nonce_val, sizeof(nonce_val));
	isakmp_build_id(b, ISAKMP_ID_IPV4_ADDR_SUBNET, 0, 0, ipv4_subnet, 8);
	isakmp_build_id(b, ISAKMP_ID_FQDN, ISAKMP_IPPROTO_UDP, 500, "gwB.ike.test", 12);
	isakmp_build_payload(b, ISAKMP_PL_SIG, sig_val, sizeof(sig_val));
	isakmp_build_payload(b, ISAKMP_PL_CERT, "\x04\x30\x82", 3);
	isakmp_build_payload(b, ISAKMP_PL_CR, "\x04", 1);
	isakmp_build_notify(b, ISAKMP_PROTO_ISAKMP, ISAKMP_N_DPD_R_U_THERE, cookies, 16, dpd_seq, 4);
	isakmp_build_notify(b, ISAKMP_PROTO_ESP, IPSEC_N_RESPONDER_LIFETIME, esp_spis, 4,
			    "\x80\x01\x00\x01\x80\x02\x0e\x10", 8);
	isakmp_build_delete(b, ISAKMP_PROTO_ESP, 4, esp_spis, 2);
	isakmp_build_payload(b, ISAKMP_PL_VID, "CISCO-DELETE-REASON", 19);
	isakmp_build_payload(b, ISAKMP_PL_NATD, natd_val, sizeof(natd_val));
	isakmp_build_payload(b, ISAKMP_PL_NATD_DRAFT, natd_val, 16);
	isakmp_build_natoa(b, ISAKMP_PL_NATOA, oa_v4, 4);
	isakmp_build_natoa(b, ISAKMP_PL_NATOA_DRAFT, ipv6_addr, 16);
	size_t cfg = isakmp_build_cfg_begin(b, ISAKMP_CFG_REQUEST, 0xbeef);
	isakmp_build_attr_bytes(b, XAUTH_USER_NAME, NULL, 0);
	isakmp_build_attr(b, XAUTH_TYPE, 0);
	isakmp_build_end(b, cfg);
	memcpy(b->buf + hash_body, hash_val, sizeof(hash_val));   /* a HASH filled in last */
	return hash_body;
}

static void check_everything(const struct isakmp_msg *m, const uint8_t *buf)
{
	static const uint8_t order[] = { 8, 1, 4, 10, 5, 5, 9, 6, 7, 11, 11, 12, 13, 20, 130, 21, 131, 14 };

	CHECK(m->n_payloads == sizeof(order));
	for (unsigned i = 0; i < m->n_payloads && i < sizeof(order); i++)
		CHECK(m->chain[i].type == order[i]);
	CHECK(m->hash.body_len == 20 && memcmp(m->hash.body, hash_val, 20) == 0);
	CHECK(m->ke.body_len == 96 && memcmp(m->ke.body, ke_val, 96) == 0);
	CHECK(m->nonce.body_len == 32 && memcmp(m->nonce.body, nonce_val, 32) == 0);
	CHECK(m->sig.body_len == 64 && memcmp(m->sig.body, sig_val, 64) == 0);
	CHECK(m->n_id == 2);
	CHECK(m->id[0].id_type == ISAKMP_ID_IPV4_ADDR_SUBNET && m->id[0].data_len == 8);
	CHECK(memcmp(m->id[0].data, ipv4_subnet, 8) == 0 && m->id[0].port == 0);
	CHECK(m->id[1].id_type == ISAKMP_ID_FQDN && m->id[1].proto == 17 && m->id[1].port == 500);
	CHECK(m->id[1].data_len == 12 && memcmp(m->id[1].data, "gwB.ike.test", 12) == 0);
	CHECK(m->id[0].pl.body == m->id[0].data - 4 && m->id[0].pl.body_len == 12);   /* IDci_b */
	CHECK(m->n_cert == 1 && m->cert[0].encoding == ISAKMP_CERT_X509_SIG && m->cert[0].data_len == 2);
	CHECK(m->n_cr == 1 && m->cr[0].encoding == ISAKMP_CERT_X509_SIG && m->cr[0].data_len == 0);
	CHECK(m->n_notify == 2);
	CHECK(m->notify[0].type == ISAKMP_N_DPD_R_U_THERE && m->notify[0].spi_size == 16);
	CHECK(memcmp(m->notify[0].spi, cky_i, 8) == 0 && memcmp(m->notify[0].spi + 8, cky_r, 8) == 0);
	CHECK(m->notify[0].data_len == 4 && memcmp(m->notify[0].data, dpd_seq, 4) == 0);
	CHECK(m->notify[1].proto == ISAKMP_PROTO_ESP && m->notify[1].type == IPSEC_N_RESPONDER_LIFETIME);
	CHECK(m->notify[1].data_len == 8 && m->notify[1].doi == ISAKMP_DOI_IPSEC);
	CHECK(m->n_del == 1 && m->del[0].n_spis == 2 && m->del[0].spi_size == 4);
	CHECK(memcmp(m->del[0].spis, esp_spis, 8) == 0);
	CHECK(m->n_vid == 1 && isakmp_vid_classify(m->vid[0].body, m->vid[0].body_len) == VID_CISCO_DELETE_REASON);
	CHECK(m->n_natd == 2 && m->natd[0].type == ISAKMP_PL_NATD && m->natd[1].type == ISAKMP_PL_NATD_DRAFT);
	CHECK(m->natd[1].body_len == 16);
	CHECK(m->n_natoa == 2 && m->natoa[0].addr_len == 4 && memcmp(m->natoa[0].addr, oa_v4, 4) == 0);
	CHECK(m->natoa[1].pl.type == ISAKMP_PL_NATOA_DRAFT && m->natoa[1].id_type == ISAKMP_NATOA_IPV6);
	CHECK(memcmp(m->natoa[1].addr, ipv6_addr, 16) == 0);
	CHECK(m->attr.cfg_type == ISAKMP_CFG_REQUEST && m->attr.identifier == 0xbeef && m->attr.attrs_len == 8);
	CHECK(m->present == (ISAKMP_P(HASH) | ISAKMP_P(SA) | ISAKMP_P(KE) | ISAKMP_P(NONCE) | ISAKMP_P(ID) |
			     ISAKMP_P(SIG) | ISAKMP_P(CERT) | ISAKMP_P(CR) | ISAKMP_P(N) | ISAKMP_P(D) |
			     ISAKMP_P(VID) | ISAKMP_P(NATD) | ISAKMP_P(NATOA) | ISAKMP_P(ATTR)));

	/* HASH(1) covers every byte after the HASH payload up to the chain's end. */
	const uint8_t *after;
	size_t after_len;
	isakmp_bytes_after(m, &m->hash, &after, &after_len);
	CHECK(after == buf + 28 + 24 && after_len == m->chain_end - 52);
	/* Every payload's offset locates it in the buffer. */
	for (unsigned i = 0; i < m->n_payloads; i++)
		CHECK(m->chain[i].body == buf + m->chain[i].off + 4);
}

static void test_every_payload_clear(void)
{
	struct isakmp_builder b;
	struct isakmp_msg m;

	build_everything(&b, 0);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);
	CHECK(isakmp_decode(&m, b.buf, b.len) == CODEC_OK);
	CHECK(!m.body_pending && m.chain_end == b.len);
	check_everything(&m, b.buf);

	/* Rebuilding from the decoded chain gives the same bytes. */
	struct isakmp_builder again;
	isakmp_build_init(&again, &m.hdr);
	for (unsigned i = 0; i < m.n_payloads; i++)
		isakmp_build_payload(&again, m.chain[i].type, m.chain[i].body, m.chain[i].body_len);
	CHECK(isakmp_build_finish(&again) == CODEC_OK);
	CHECK(again.len == b.len);
	CHECK_MEM(again.buf, b.buf, b.len);
	isakmp_build_free(&again);
	isakmp_build_free(&b);
}

/* As the engine sees an encrypted message: header first, then the "decrypted"
 * body (here the same bytes) walked, padding ignored. */
static void test_every_payload_padded(void)
{
	struct isakmp_builder b;
	struct isakmp_msg m;

	build_everything(&b, ISAKMP_FLAG_ENC);
	size_t unpadded = b.len;
	isakmp_build_pad(&b, 16);
	CHECK((b.len - 28) % 16 == 0 && b.len > unpadded && b.len - unpadded <= 16);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);
	CHECK(isakmp_decode(&m, b.buf, b.len) == CODEC_OK);
	CHECK(m.body_pending && m.n_payloads == 0 && m.present == 0);
	CHECK(isakmp_check_cipher_len(&m, 16) == CODEC_OK);
	CHECK(isakmp_check_cipher_len(&m, 7) == CODEC_ERR_CIPHER_LEN);

	uint8_t *plain = xmalloc(b.len);
	memcpy(plain, b.buf, b.len);
	memset(plain + unpadded, 0xa5, b.len - unpadded);   /* pad contents are not checked */
	CHECK(isakmp_walk(&m, plain, b.len) == CODEC_OK);
	CHECK(!m.body_pending && m.chain_end == unpadded);
	check_everything(&m, plain);
	CHECK(isakmp_walk(&m, plain, b.len - 1) == CODEC_ERR_LENGTH);
	free(plain);
	isakmp_build_free(&b);
}

static void test_padding_lengths(void)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;

	hdr_init(&h, ISAKMP_EXCH_INFO, ISAKMP_FLAG_ENC, 7);
	/* body 24 -> 8 bytes to 32; body 32 -> a whole block (strongSwan always pads) */
	isakmp_build_init(&b, &h);
	isakmp_build_payload(&b, ISAKMP_PL_HASH, hash_val, 20);
	isakmp_build_pad(&b, 16);
	CHECK(b.len == 28 + 32);
	isakmp_build_free(&b);

	isakmp_build_init(&b, &h);
	isakmp_build_payload(&b, ISAKMP_PL_HASH, nonce_val, 28);
	isakmp_build_pad(&b, 16);
	CHECK(b.len == 28 + 48);
	isakmp_build_pad(&b, 8);
	CHECK(b.len == 28 + 56);
	CHECK(isakmp_build_finish(&b) == CODEC_OK && b.buf[27] == 28 + 56);
	isakmp_build_free(&b);
}

static void test_fragment(void)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;
	struct isakmp_msg m;

	/* racoon sets E on fragments; the fragment payload is still walked (§17). */
	hdr_init(&h, ISAKMP_EXCH_MAIN, ISAKMP_FLAG_ENC, 0);
	isakmp_build_init(&b, &h);
	isakmp_build_frag(&b, 1, 2, ISAKMP_FRAG_LAST, mm1_expected, 40);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);
	CHECK(b.buf[16] == ISAKMP_PL_FRAG && b.len == 28 + 4 + 4 + 40);
	CHECK(isakmp_decode(&m, b.buf, b.len) == CODEC_OK);
	CHECK(!m.body_pending && m.present == ISAKMP_P(FRAG));
	CHECK(m.frag.frag_id == 1 && m.frag.number == 2 && m.frag.flags == ISAKMP_FRAG_LAST);
	CHECK(m.frag.data_len == 40 && memcmp(m.frag.data, mm1_expected, 40) == 0);
	isakmp_build_free(&b);
}

static void test_build_overflow(void)
{
	struct isakmp_builder b;
	struct isakmp_hdr h;
	uint8_t *big = xcalloc(1, 70000);

	hdr_init(&h, ISAKMP_EXCH_MAIN, 0, 0);
	isakmp_build_init(&b, &h);
	isakmp_build_payload(&b, ISAKMP_PL_CERT, big, 70000);
	CHECK(isakmp_build_finish(&b) == CODEC_ERR_BUILD_OVERFLOW);
	isakmp_build_free(&b);
	free(big);
}

static void test_natt(void)
{
	size_t off = 99;
	static const uint8_t ike[] = { 0, 0, 0, 0, 1, 2, 3 };
	static const uint8_t esp[] = { 0xc0, 0xff, 0xee, 0x01, 0, 0, 0, 1, 0xaa };
	static const uint8_t ka = 0xff;
	struct bytes out;

	CHECK(natt_classify(&ka, 1, &off) == NATT_KEEPALIVE && off == 0);
	CHECK(natt_classify(ike, sizeof(ike), &off) == NATT_IKE && off == 4);
	CHECK(natt_classify(esp, sizeof(esp), &off) == NATT_ESP);
	CHECK(natt_classify(esp, 3, &off) == NATT_INVALID);
	CHECK(natt_classify(ike, 1, &off) == NATT_INVALID);   /* a lone zero byte */

	natt_prepend_marker(&out, mm1_expected, sizeof(mm1_expected));
	CHECK(out.len == sizeof(mm1_expected) + 4);
	CHECK(natt_classify(out.ptr, out.len, &off) == NATT_IKE && off == 4);
	CHECK_MEM(out.ptr + 4, mm1_expected, sizeof(mm1_expected));
	bytes_free(&out);
}

static void test_vids(void)
{
	for (int k = VID_UNKNOWN + 1; k < VID_KIND_COUNT; k++) {
		const uint8_t *p;
		size_t len;
		isakmp_vid_bytes(k, &p, &len);
		CHECK(p != NULL && len >= 4);
		if (p)
			CHECK(isakmp_vid_classify(p, len) == (enum isakmp_vid_kind)k);
		CHECK(strcmp(isakmp_vid_name(k), "unknown") != 0);
	}
	/* Unity 1.1 and an ASA concentrator VID with its version bytes still match. */
	static const uint8_t unity11[] = { 0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9, 0x70, 0x2d,
					   0x9f, 0xe2, 0x74, 0xcc, 0x01, 0x01 };
	static const uint8_t asa[] = { 0x1f, 0x07, 0xf7, 0x0e, 0xaa, 0x65, 0x14, 0xd3, 0xb0, 0xfa,
				       0x96, 0x54, 0x2a, 0x50, 0x09, 0x01 };
	CHECK(isakmp_vid_classify(unity11, 16) == VID_CISCO_UNITY);
	CHECK(isakmp_vid_classify(asa, 16) == VID_CISCO_CONCENTRATOR);
	CHECK(isakmp_vid_classify(unity11, 13) == VID_UNKNOWN);
	/* RFC 3947 VID bytes from the reference, and a one-bit change that is not it. */
	uint8_t rfc[16] = { 0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45,
			    0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f };
	CHECK(isakmp_vid_classify(rfc, 16) == VID_NATT_RFC3947);
	rfc[15] ^= 1;
	CHECK(isakmp_vid_classify(rfc, 16) == VID_UNKNOWN);
	/* FRAGMENTATION with the capability word Cisco sends. */
	uint8_t frag[20];
	const uint8_t *p;
	size_t len;
	isakmp_vid_bytes(VID_FRAGMENTATION, &p, &len);
	memcpy(frag, p, 16);
	memcpy(frag + 16, "\xc0\x00\x00\x00", 4);
	CHECK(isakmp_vid_classify(frag, 20) == VID_FRAGMENTATION);
	CHECK(isakmp_vid_frag_caps(frag, 20) == 0xc0000000u);
	CHECK(isakmp_vid_frag_caps(frag, 16) == 0);
}

static void test_error_words(void)
{
	for (int e = CODEC_OK; e <= CODEC_ERR_BUILD_OVERFLOW; e++)
		CHECK(strcmp(codec_strerror(e), "unknown codec error") != 0);
	CHECK(codec_err_notify(CODEC_ERR_PAYLOAD_TYPE) == ISAKMP_N_INVALID_PAYLOAD_TYPE);
	CHECK(codec_err_notify(CODEC_ERR_PAYLOAD_LENGTH) == ISAKMP_N_PAYLOAD_MALFORMED);
	CHECK(codec_err_notify(CODEC_ERR_MAJOR_VERSION) == ISAKMP_N_INVALID_MAJOR_VERSION);
	CHECK(codec_err_notify(CODEC_ERR_PROPOSAL_SYNTAX) == ISAKMP_N_BAD_PROPOSAL_SYNTAX);
	CHECK_STR(isakmp_payload_name(ISAKMP_PL_NATD_DRAFT), "NAT-D (draft)");
	CHECK_STR(isakmp_exchange_name(ISAKMP_EXCH_QUICK), "Quick Mode");
	CHECK_STR(isakmp_notify_name(ISAKMP_N_DPD_R_U_THERE_ACK), "R-U-THERE-ACK");
	CHECK_STR(isakmp_notify_name(14), "NO-PROPOSAL-CHOSEN");
	CHECK_STR(isakmp_notify_name(9000), "unknown error");
}

static void test_header_round_trip(void)
{
	struct isakmp_hdr h, back;
	uint8_t raw[ISAKMP_HDR_LEN];

	hdr_init(&h, ISAKMP_EXCH_AGGRESSIVE, ISAKMP_FLAG_COMMIT, 0xfedcba98);
	memcpy(h.cky_r, cky_r, 8);
	h.np = ISAKMP_PL_SA;
	h.version = ISAKMP_VERSION;
	h.length = 0x01020304;
	isakmp_hdr_write(raw, &h);
	CHECK(raw[20] == 0xfe && raw[23] == 0x98 && raw[24] == 0x01 && raw[27] == 0x04);
	isakmp_hdr_read(&back, raw);
	CHECK(memcmp(&back, &h, sizeof(h)) == 0);
}

int main(void)
{
	test_mm1_exact_bytes();
	test_mm1_decode();
	test_mm2_from_parsed_sa();
	test_attr_forms();
	test_nested_back_patch();
	test_opaque_attr_round_trip();
	test_every_payload_clear();
	test_every_payload_padded();
	test_padding_lengths();
	test_fragment();
	test_build_overflow();
	test_natt();
	test_vids();
	test_error_words();
	test_header_round_trip();
	return check_done("test_codec");
}
