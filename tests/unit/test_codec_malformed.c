/* ISAKMP codec: every malformed variant is rejected with its precise error and
 * without reading outside the buffer. Each message under test is copied into a
 * heap block of exactly its length, so ASan or valgrind catch any overread. */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check.h"
#include "vpn/codec.h"

static const uint8_t cky_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* A clear message under construction: header plus raw payload bytes. */
struct msg {
	uint8_t buf[4096];
	size_t len;
	size_t np_at;
};

static void msg_init(struct msg *m, uint8_t exchange, uint8_t flags)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->buf, cky_i, 8);
	m->buf[17] = ISAKMP_VERSION;
	m->buf[18] = exchange;
	m->buf[19] = flags;
	m->len = ISAKMP_HDR_LEN;
	m->np_at = 16;
}

static void put(struct msg *m, const void *p, size_t n)
{
	if (n)
		memcpy(m->buf + m->len, p, n);
	m->len += n;
}

/* Appends a payload with its body, linking it into the chain. */
static void add(struct msg *m, uint8_t type, const void *body, size_t n)
{
	uint8_t gh[4] = { 0, 0, (uint8_t)((n + 4) >> 8), (uint8_t)(n + 4) };

	m->buf[m->np_at] = type;
	m->np_at = m->len;
	put(m, gh, 4);
	put(m, body, n);
}

static void set_len(struct msg *m)
{
	uint32_t l = (uint32_t)m->len;

	m->buf[24] = (uint8_t)(l >> 24);
	m->buf[25] = (uint8_t)(l >> 16);
	m->buf[26] = (uint8_t)(l >> 8);
	m->buf[27] = (uint8_t)l;
}

/* Decode a copy of exactly len bytes; the walk of an E message uses the same copy. */
static enum codec_err decode_exact(const uint8_t *p, size_t len, struct isakmp_msg *out)
{
	struct isakmp_msg local;
	struct isakmp_msg *m = out ? out : &local;
	uint8_t *copy = xmalloc(len);

	memcpy(copy, p, len);
	enum codec_err err = isakmp_decode(m, copy, len);
	if (err == CODEC_OK && m->body_pending)
		err = isakmp_walk(m, copy, len);
	if (err == CODEC_OK && (m->present & ISAKMP_P(SA))) {
		struct isakmp_sa *sa = xmalloc(sizeof(*sa));
		err = isakmp_sa_parse(&m->sa, sa);
		free(sa);
	}
	free(copy);
	if (out) {
		/* The slots pointed into the freed copy; keep only the scalar results. */
		out->raw = NULL;
	}
	return err;
}

static enum codec_err decode_msg(struct msg *m)
{
	set_len(m);
	return decode_exact(m->buf, m->len, NULL);
}

static enum codec_err one_payload(uint8_t exchange, uint8_t type, const void *body, size_t len)
{
	struct msg m;

	msg_init(&m, exchange, 0);
	add(&m, type, body, len);
	return decode_msg(&m);
}

/* ---- SA bodies ------------------------------------------------------------------ */

struct sa_body {
	uint8_t buf[3072];
	size_t len;
};

static void sa_start(struct sa_body *s, uint32_t doi, uint32_t sit)
{
	uint8_t h[8] = { (uint8_t)(doi >> 24), (uint8_t)(doi >> 16), (uint8_t)(doi >> 8), (uint8_t)doi,
			 (uint8_t)(sit >> 24), (uint8_t)(sit >> 16), (uint8_t)(sit >> 8), (uint8_t)sit };
	memcpy(s->buf, h, 8);
	s->len = 8;
}

/* A proposal with n transforms, each holding attrs (attr_len bytes). */
static void sa_proposal(struct sa_body *s, uint8_t np, uint8_t proto, uint8_t spi_size, uint8_t n_trans,
			const uint8_t *attrs, size_t attr_len)
{
	size_t plen = 8 + spi_size + (size_t)n_trans * (8 + attr_len);
	uint8_t *p = s->buf + s->len;

	p[0] = np, p[1] = 0, p[2] = (uint8_t)(plen >> 8), p[3] = (uint8_t)plen;
	p[4] = 1, p[5] = proto, p[6] = spi_size, p[7] = n_trans;
	memset(p + 8, 0x42, spi_size);
	uint8_t *t = p + 8 + spi_size;
	for (unsigned i = 0; i < n_trans; i++, t += 8 + attr_len) {
		size_t tlen = 8 + attr_len;
		t[0] = i + 1u < n_trans ? ISAKMP_PL_T : 0, t[1] = 0;
		t[2] = (uint8_t)(tlen >> 8), t[3] = (uint8_t)tlen;
		t[4] = (uint8_t)(i + 1), t[5] = 1, t[6] = 0, t[7] = 0;
		memcpy(t + 8, attrs, attr_len);
	}
	s->len += plen;
}

static const uint8_t p1_attrs[] = { 0x80, 0x01, 0x00, 0x07, 0x80, 0x0e, 0x00, 0x80, 0x80, 0x02, 0x00, 0x02,
				    0x80, 0x04, 0x00, 0x02, 0x80, 0x03, 0x00, 0x01 };

static enum codec_err sa_msg(const struct sa_body *s)
{
	struct msg m;

	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	add(&m, ISAKMP_PL_SA, s->buf, s->len);
	return decode_msg(&m);
}

static enum codec_err sa_exact(const struct sa_body *s)
{
	uint8_t *copy = xmalloc(s->len);
	struct isakmp_sa *sa = xmalloc(sizeof(*sa));
	uint32_t off;

	memcpy(copy, s->buf, s->len);
	enum codec_err err = isakmp_sa_parse_body(copy, s->len, sa, &off);
	free(sa);
	free(copy);
	return err;
}

/* ---- A message with one of every kind, for truncation sweeps ------------------------ */

static void build_rich(struct msg *m)
{
	struct sa_body s;
	uint8_t nonce[16], ke[64], natd[20];
	static const uint8_t id[] = { 1, 17, 0x01, 0xf4, 192, 0, 2, 1 };
	static const uint8_t notify[] = { 0, 0, 0, 1, 1, 16, 0x8d, 0x28, 1, 2, 3, 4, 5, 6, 7, 8,
					  9, 10, 11, 12, 13, 14, 15, 16, 0, 0, 0, 7 };
	static const uint8_t del[] = { 0, 0, 0, 1, 3, 4, 0, 2, 1, 1, 1, 1, 2, 2, 2, 2 };
	static const uint8_t natoa[] = { 1, 0, 0, 0, 10, 0, 0, 1 };
	static const uint8_t cfg[] = { 1, 0, 0, 5, 0x40, 0x89, 0, 0, 0x80, 0x88, 0, 0 };

	memset(nonce, 0x6e, sizeof(nonce));
	memset(ke, 0x4b, sizeof(ke));
	memset(natd, 0xd0, sizeof(natd));
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, ISAKMP_PL_P, ISAKMP_PROTO_ISAKMP, 0, 2, p1_attrs, sizeof(p1_attrs));
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, p1_attrs, sizeof(p1_attrs));

	msg_init(m, ISAKMP_EXCH_AGGRESSIVE, 0);
	add(m, ISAKMP_PL_SA, s.buf, s.len);
	add(m, ISAKMP_PL_KE, ke, sizeof(ke));
	add(m, ISAKMP_PL_NONCE, nonce, sizeof(nonce));
	add(m, ISAKMP_PL_ID, id, sizeof(id));
	add(m, ISAKMP_PL_HASH, natd, 20);
	add(m, ISAKMP_PL_N, notify, sizeof(notify));
	add(m, ISAKMP_PL_D, del, sizeof(del));
	add(m, ISAKMP_PL_VID, natd, 16);
	add(m, ISAKMP_PL_NATD, natd, sizeof(natd));
	add(m, ISAKMP_PL_NATOA, natoa, sizeof(natoa));
	add(m, ISAKMP_PL_ATTR, cfg, sizeof(cfg));
	set_len(m);
}

/* Cut at every offset. With the header length left alone the length check fires;
 * with it adjusted to the cut the walk must find the damage itself. */
static void test_truncation_everywhere(void)
{
	struct msg m, cut;

	build_rich(&m);
	CHECK(decode_exact(m.buf, m.len, NULL) == CODEC_OK);
	for (size_t n = 0; n < m.len; n++) {
		enum codec_err err = decode_exact(m.buf, n, NULL);
		CHECK(err == (n < ISAKMP_HDR_LEN ? CODEC_ERR_SHORT : CODEC_ERR_LENGTH));

		if (n < ISAKMP_HDR_LEN)
			continue;
		cut = m;
		cut.len = n;
		set_len(&cut);
		err = decode_exact(cut.buf, n, NULL);
		if (err == CODEC_OK)
			fprintf(stderr, "truncated at %zu accepted\n", n);
		CHECK(err != CODEC_OK);
	}
}

/* The SA parser on its own, over every prefix of a two-proposal SA body. */
static void test_sa_truncation(void)
{
	struct sa_body s, cut;

	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, ISAKMP_PL_P, ISAKMP_PROTO_ESP, 4, 3, p1_attrs, sizeof(p1_attrs));
	sa_proposal(&s, 0, ISAKMP_PROTO_AH, 4, 1, p1_attrs, 8);
	CHECK(sa_exact(&s) == CODEC_OK);
	for (size_t n = 0; n < s.len; n++) {
		cut = s;
		cut.len = n;
		CHECK(sa_exact(&cut) != CODEC_OK);
	}
}

static void test_header_errors(void)
{
	struct msg m;
	static const uint8_t vid[4] = { 1, 2, 3, 4 };

	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	add(&m, ISAKMP_PL_VID, vid, 4);
	CHECK(decode_msg(&m) == CODEC_OK);

	struct msg v = m;
	v.buf[17] = 0x20;
	CHECK(decode_msg(&v) == CODEC_ERR_MAJOR_VERSION);
	v.buf[17] = 0x11;
	CHECK(decode_msg(&v) == CODEC_ERR_MINOR_VERSION);
	v = m;
	v.buf[18] = 34;
	CHECK(decode_msg(&v) == CODEC_ERR_EXCHANGE);
	v.buf[18] = 0;
	CHECK(decode_msg(&v) == CODEC_ERR_EXCHANGE);
	v = m;
	v.buf[19] = 0x08;
	CHECK(decode_msg(&v) == CODEC_ERR_FLAGS);
	v = m;
	memset(v.buf, 0, 8);
	CHECK(decode_msg(&v) == CODEC_ERR_COOKIE);

	/* Length field too large, too small, below the header. */
	set_len(&m);
	v = m;
	v.buf[27]++;
	CHECK(decode_exact(v.buf, v.len, NULL) == CODEC_ERR_LENGTH);
	v.buf[27] -= 2;
	CHECK(decode_exact(v.buf, v.len, NULL) == CODEC_ERR_LENGTH);
	v.buf[27] = 27;
	CHECK(decode_exact(v.buf, v.len, NULL) == CODEC_ERR_LENGTH);
	v.buf[24] = 0x80;   /* 2 GiB */
	CHECK(decode_exact(v.buf, v.len, NULL) == CODEC_ERR_LENGTH);
	/* A datagram longer than the message, even by zeros, is not accepted. */
	v = m;
	CHECK(decode_exact(v.buf, v.len + 4, NULL) == CODEC_ERR_LENGTH);
}

static void test_generic_lengths(void)
{
	struct msg m;
	static const uint8_t body[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	for (uint16_t bad = 0; bad < 4; bad++) {
		msg_init(&m, ISAKMP_EXCH_MAIN, 0);
		add(&m, ISAKMP_PL_VID, body, 8);
		m.buf[28 + 2] = 0;
		m.buf[28 + 3] = (uint8_t)bad;
		CHECK(decode_msg(&m) == CODEC_ERR_PAYLOAD_LENGTH);
	}
	/* One byte past the message. */
	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	add(&m, ISAKMP_PL_VID, body, 8);
	m.buf[28 + 3] = 13;
	CHECK(decode_msg(&m) == CODEC_ERR_PAYLOAD_LENGTH);
	/* Next payload announced, no bytes left for it. */
	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	add(&m, ISAKMP_PL_VID, body, 8);
	m.buf[28] = ISAKMP_PL_VID;
	CHECK(decode_msg(&m) == CODEC_ERR_PAYLOAD_LENGTH);
	/* Two bytes left: fewer than a generic header. */
	put(&m, "\0\0", 2);
	CHECK(decode_msg(&m) == CODEC_ERR_PAYLOAD_LENGTH);
}

/* A chain whose next-payload fields keep naming more payloads: the walk stops at
 * the caps or at the end of the buffer, never loops. */
static void test_next_payload_loops(void)
{
	struct msg m;
	static const uint8_t body[4] = { 9, 9, 9, 9 };
	struct isakmp_msg out;

	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	for (int i = 0; i < ISAKMP_MAX_PAYLOADS + 1; i++)
		add(&m, ISAKMP_PL_VID, body, 4);
	set_len(&m);
	CHECK(decode_exact(m.buf, m.len, &out) == CODEC_ERR_TOO_MANY);
	CHECK(out.n_payloads == ISAKMP_MAX_PAYLOADS);

	/* Each VID names another VID, the last one too: runs off the end. */
	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	for (int i = 0; i < 5; i++)
		add(&m, ISAKMP_PL_VID, body, 4);
	m.buf[m.np_at] = ISAKMP_PL_VID;
	CHECK(decode_msg(&m) == CODEC_ERR_PAYLOAD_LENGTH);

	/* N and D alternating past their slot counts. */
	static const uint8_t n[8] = { 0, 0, 0, 1, 1, 0, 0, 14 };
	static const uint8_t d[12] = { 0, 0, 0, 1, 3, 4, 0, 1, 1, 2, 3, 4 };
	msg_init(&m, ISAKMP_EXCH_INFO, 0);
	for (int i = 0; i < ISAKMP_MAX_N + 1; i++) {
		add(&m, ISAKMP_PL_N, n, sizeof(n));
		add(&m, ISAKMP_PL_D, d, sizeof(d));
	}
	CHECK(decode_msg(&m) == CODEC_ERR_TOO_MANY);

	/* 17 VIDs among fewer than the total cap: kept 16, counted one. */
	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	for (int i = 0; i < ISAKMP_MAX_VID + 1; i++)
		add(&m, ISAKMP_PL_VID, body, 4);
	set_len(&m);
	CHECK(decode_exact(m.buf, m.len, &out) == CODEC_OK);
	CHECK(out.n_vid == ISAKMP_MAX_VID && out.vid_dropped == 1);
}

static void test_unknown_types(void)
{
	struct msg m;
	static const uint8_t body[8] = { 0 };
	static const uint8_t bad_types[] = { 2, 3, 15, 16, 19, 22, 33, 46, 128, 129, 133, 255 };
	struct isakmp_msg out;

	for (size_t i = 0; i < sizeof(bad_types); i++) {
		msg_init(&m, ISAKMP_EXCH_MAIN, 0);
		add(&m, ISAKMP_PL_VID, body, 8);
		add(&m, bad_types[i], body, 8);
		set_len(&m);
		CHECK(decode_exact(m.buf, m.len, &out) == CODEC_ERR_PAYLOAD_TYPE);
		CHECK(out.err_payload == bad_types[i] && out.err_off == 40);
	}
}

static void test_duplicates(void)
{
	struct msg m;
	uint8_t body[16];
	static const uint8_t once[] = { ISAKMP_PL_KE, ISAKMP_PL_HASH, ISAKMP_PL_SIG, ISAKMP_PL_NONCE };

	memset(body, 7, sizeof(body));
	for (size_t i = 0; i < sizeof(once); i++) {
		msg_init(&m, ISAKMP_EXCH_MAIN, 0);
		add(&m, once[i], body, 16);
		CHECK(decode_msg(&m) == CODEC_OK);
		add(&m, once[i], body, 16);
		CHECK(decode_msg(&m) == CODEC_ERR_DUPLICATE);
	}
	struct sa_body s;
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, p1_attrs, sizeof(p1_attrs));
	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	add(&m, ISAKMP_PL_SA, s.buf, s.len);
	add(&m, ISAKMP_PL_SA, s.buf, s.len);
	CHECK(decode_msg(&m) == CODEC_ERR_DUPLICATE);

	static const uint8_t id[] = { 1, 0, 0, 0, 10, 0, 0, 1 };
	msg_init(&m, ISAKMP_EXCH_QUICK, 0);
	for (int i = 0; i < 3; i++)
		add(&m, ISAKMP_PL_ID, id, sizeof(id));
	CHECK(decode_msg(&m) == CODEC_ERR_TOO_MANY);
}

/* Every capped kind one past its cap; the once-only ones twice. */
static void test_slot_caps(void)
{
	struct msg m;
	static const uint8_t cert[] = { ISAKMP_CERT_X509_SIG, 0x30 };
	static const uint8_t del[] = { 0, 0, 0, 1, ISAKMP_PROTO_IPCOMP, 2, 0, 1, 0x12, 0x34 };
	static const uint8_t natd[] = { 1, 2, 3, 4 };
	static const uint8_t natoa[] = { ISAKMP_NATOA_IPV4, 0, 0, 0, 10, 0, 0, 1 };
	static const uint8_t cfg[] = { ISAKMP_CFG_SET, 0, 0, 1 };
	static const uint8_t frag[] = { 0, 1, 1, 0, 0xaa };
	const struct { uint8_t type; const uint8_t *body; size_t len; int cap; enum codec_err over; } kinds[] = {
		{ ISAKMP_PL_CERT, cert, sizeof(cert), ISAKMP_MAX_CERT, CODEC_ERR_TOO_MANY },
		{ ISAKMP_PL_CR, cert, 1, ISAKMP_MAX_CERT, CODEC_ERR_TOO_MANY },
		{ ISAKMP_PL_D, del, sizeof(del), ISAKMP_MAX_D, CODEC_ERR_TOO_MANY },
		{ ISAKMP_PL_NATD, natd, sizeof(natd), ISAKMP_MAX_NATD, CODEC_ERR_TOO_MANY },
		{ ISAKMP_PL_NATOA, natoa, sizeof(natoa), ISAKMP_MAX_NATOA, CODEC_ERR_TOO_MANY },
		{ ISAKMP_PL_ATTR, cfg, sizeof(cfg), 1, CODEC_ERR_DUPLICATE },
		{ ISAKMP_PL_FRAG, frag, sizeof(frag), 1, CODEC_ERR_DUPLICATE },
	};

	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		msg_init(&m, ISAKMP_EXCH_INFO, 0);
		for (int i = 0; i < kinds[k].cap; i++)
			add(&m, kinds[k].type, kinds[k].body, kinds[k].len);
		CHECK(decode_msg(&m) == CODEC_OK);
		add(&m, kinds[k].type, kinds[k].body, kinds[k].len);
		CHECK(decode_msg(&m) == kinds[k].over);
	}
	/* IPCOMP CPIs: 2 or 4 bytes. */
	uint8_t d[16] = { 0, 0, 0, 1, ISAKMP_PROTO_IPCOMP, 4, 0, 1 };
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 12) == CODEC_OK);
	d[5] = 3;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 11) == CODEC_ERR_SPI_SIZE);

	/* Parsing an SA that is not there. */
	struct isakmp_pl none = { 0 };
	struct isakmp_sa *sa = xmalloc(sizeof(*sa));
	CHECK(isakmp_sa_parse(&none, sa) == CODEC_ERR_PAYLOAD_TYPE);
	free(sa);
}

static void test_nonce_sizes(void)
{
	struct msg m;
	uint8_t nonce[300];

	memset(nonce, 0x4e, sizeof(nonce));
	const struct { size_t len; enum codec_err want; } cases[] = {
		{ 0, CODEC_ERR_PAYLOAD_SIZE }, { 7, CODEC_ERR_PAYLOAD_SIZE }, { 8, CODEC_OK },
		{ 32, CODEC_OK }, { 256, CODEC_OK }, { 257, CODEC_ERR_PAYLOAD_SIZE },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		msg_init(&m, ISAKMP_EXCH_MAIN, 0);
		add(&m, ISAKMP_PL_NONCE, nonce, cases[i].len);
		CHECK(decode_msg(&m) == cases[i].want);
	}
	/* Empty KE, HASH, SIG, VID, NAT-D; CERT without data; CR without type. */
	static const uint8_t nonempty[] = { ISAKMP_PL_KE, ISAKMP_PL_HASH, ISAKMP_PL_SIG, ISAKMP_PL_VID,
					    ISAKMP_PL_NATD, ISAKMP_PL_NATD_DRAFT, ISAKMP_PL_CR };
	for (size_t i = 0; i < sizeof(nonempty); i++) {
		msg_init(&m, ISAKMP_EXCH_MAIN, 0);
		add(&m, nonempty[i], NULL, 0);
		CHECK(decode_msg(&m) == CODEC_ERR_PAYLOAD_SIZE);
	}
	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	add(&m, ISAKMP_PL_CERT, "\x04", 1);
	CHECK(decode_msg(&m) == CODEC_ERR_PAYLOAD_SIZE);
}

static void test_notify_checks(void)
{
	uint8_t n[64] = { 0, 0, 0, 1, ISAKMP_PROTO_ISAKMP, 16, 0x8d, 0x28 };

	/* DPD: 16-byte SPI, 4-byte sequence. */
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 8 + 16 + 4) == CODEC_OK);
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 8 + 16 + 3) == CODEC_ERR_NOTIFY_DATA);
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 8 + 16 + 5) == CODEC_ERR_NOTIFY_DATA);
	/* SPI size larger than what is left. */
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 8 + 15) == CODEC_ERR_PAYLOAD_SIZE);
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 7) == CODEC_ERR_PAYLOAD_SIZE);
	/* ESP with a 3-byte SPI; an unknown protocol; a foreign DOI. */
	n[4] = ISAKMP_PROTO_ESP, n[5] = 3, n[6] = 0, n[7] = 14;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 8 + 3) == CODEC_ERR_SPI_SIZE);
	n[5] = 4;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 8 + 4) == CODEC_OK);
	n[4] = 9;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 8 + 4) == CODEC_ERR_PROTOCOL);
	n[4] = ISAKMP_PROTO_ISAKMP, n[5] = 0, n[3] = 2;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 8) == CODEC_ERR_DOI);
	n[3] = 0;   /* DOI 0 is taken for ISAKMP-level notifies */
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_N, n, 8) == CODEC_OK);
	/* REPLAY-STATUS carries 4 bytes. */
	n[3] = 1, n[4] = ISAKMP_PROTO_ESP, n[5] = 4, n[6] = 0x60, n[7] = 0x01;
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_N, n, 8 + 4 + 4) == CODEC_OK);
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_N, n, 8 + 4 + 2) == CODEC_ERR_NOTIFY_DATA);
	/* RESPONDER-LIFETIME: life attributes, the last a TLV cut short. */
	static const uint8_t life[] = { 0x80, 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x04, 0x00, 0x01, 0x51, 0x80 };
	n[6] = 0x60, n[7] = 0x00;
	memcpy(n + 12, life, sizeof(life));
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_N, n, 12 + sizeof(life)) == CODEC_OK);
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_N, n, 12 + sizeof(life) - 1) == CODEC_ERR_NOTIFY_DATA);
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_N, n, 12 + 2) == CODEC_ERR_NOTIFY_DATA);
}

static void test_delete_checks(void)
{
	uint8_t d[64] = { 0, 0, 0, 1, ISAKMP_PROTO_ESP, 4, 0, 3 };

	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 8 + 12) == CODEC_OK);
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 8 + 11) == CODEC_ERR_DELETE_COUNT);
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 8 + 16) == CODEC_ERR_DELETE_COUNT);
	d[7] = 0;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 8) == CODEC_ERR_DELETE_COUNT);
	/* 0xffff SPIs announced: the product must not wrap or read past the payload. */
	d[6] = 0xff, d[7] = 0xff;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 8 + 12) == CODEC_ERR_DELETE_COUNT);
	/* ISAKMP SA delete: one 16-byte SPI; 8 is not a valid size. */
	d[4] = ISAKMP_PROTO_ISAKMP, d[5] = 16, d[6] = 0, d[7] = 1;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 8 + 16) == CODEC_OK);
	d[5] = 8;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 8 + 8) == CODEC_ERR_SPI_SIZE);
	d[4] = ISAKMP_PROTO_ESP, d[5] = 0;
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 8) == CODEC_ERR_SPI_SIZE);
	CHECK(one_payload(ISAKMP_EXCH_INFO, ISAKMP_PL_D, d, 7) == CODEC_ERR_PAYLOAD_SIZE);
}

static void test_id_checks(void)
{
	uint8_t id[64] = { ISAKMP_ID_IPV4_ADDR, 0, 0, 0, 192, 0, 2, 1 };
	const struct { uint8_t type; size_t good; size_t bad; } cases[] = {
		{ ISAKMP_ID_IPV4_ADDR, 4, 5 }, { ISAKMP_ID_IPV4_ADDR_SUBNET, 8, 4 },
		{ ISAKMP_ID_IPV4_ADDR_RANGE, 8, 9 }, { ISAKMP_ID_IPV6_ADDR, 16, 4 },
		{ ISAKMP_ID_IPV6_ADDR_SUBNET, 32, 16 }, { ISAKMP_ID_IPV6_ADDR_RANGE, 32, 31 },
		{ ISAKMP_ID_FQDN, 1, 0 }, { ISAKMP_ID_USER_FQDN, 5, 0 }, { ISAKMP_ID_DER_ASN1_DN, 9, 0 },
		{ ISAKMP_ID_KEY_ID, 3, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		id[0] = cases[i].type;
		CHECK(one_payload(ISAKMP_EXCH_MAIN, ISAKMP_PL_ID, id, 4 + cases[i].good) == CODEC_OK);
		CHECK(one_payload(ISAKMP_EXCH_MAIN, ISAKMP_PL_ID, id, 4 + cases[i].bad) == CODEC_ERR_ID);
	}
	id[0] = 12;
	CHECK(one_payload(ISAKMP_EXCH_MAIN, ISAKMP_PL_ID, id, 8) == CODEC_ERR_ID);
	id[0] = 0;
	CHECK(one_payload(ISAKMP_EXCH_MAIN, ISAKMP_PL_ID, id, 8) == CODEC_ERR_ID);
	CHECK(one_payload(ISAKMP_EXCH_MAIN, ISAKMP_PL_ID, id, 3) == CODEC_ERR_PAYLOAD_SIZE);
}

static void test_other_payload_checks(void)
{
	uint8_t oa[32] = { ISAKMP_NATOA_IPV4, 0, 0, 0, 10, 0, 0, 1 };

	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_NATOA, oa, 8) == CODEC_OK);
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_NATOA, oa, 20) == CODEC_ERR_PAYLOAD_SIZE);
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_NATOA, oa, 3) == CODEC_ERR_PAYLOAD_SIZE);
	oa[0] = ISAKMP_NATOA_IPV6;
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_NATOA_DRAFT, oa, 20) == CODEC_OK);
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_NATOA_DRAFT, oa, 8) == CODEC_ERR_PAYLOAD_SIZE);
	oa[0] = 2;
	CHECK(one_payload(ISAKMP_EXCH_QUICK, ISAKMP_PL_NATOA, oa, 8) == CODEC_ERR_ID);

	/* Mode-Config: an attribute whose TLV length runs past the payload. */
	uint8_t cfg[16] = { ISAKMP_CFG_REPLY, 0, 0, 1, 0x40, 0x89, 0x00, 0x04, 'u', 's', 'e', 'r' };
	CHECK(one_payload(ISAKMP_EXCH_TRANSACTION, ISAKMP_PL_ATTR, cfg, 12) == CODEC_OK);
	CHECK(one_payload(ISAKMP_EXCH_TRANSACTION, ISAKMP_PL_ATTR, cfg, 11) == CODEC_ERR_ATTR);
	CHECK(one_payload(ISAKMP_EXCH_TRANSACTION, ISAKMP_PL_ATTR, cfg, 6) == CODEC_ERR_ATTR);
	CHECK(one_payload(ISAKMP_EXCH_TRANSACTION, ISAKMP_PL_ATTR, cfg, 3) == CODEC_ERR_PAYLOAD_SIZE);

	/* Fragment: number 0 and a fragment without data are malformed. */
	uint8_t frag[8] = { 0, 1, 1, ISAKMP_FRAG_LAST, 0xaa };
	CHECK(one_payload(ISAKMP_EXCH_MAIN, ISAKMP_PL_FRAG, frag, 5) == CODEC_OK);
	CHECK(one_payload(ISAKMP_EXCH_MAIN, ISAKMP_PL_FRAG, frag, 4) == CODEC_ERR_PAYLOAD_SIZE);
	frag[2] = 0;
	CHECK(one_payload(ISAKMP_EXCH_MAIN, ISAKMP_PL_FRAG, frag, 5) == CODEC_ERR_PAYLOAD_SIZE);
}

static void test_sa_checks(void)
{
	struct sa_body s;
	uint8_t attrs[64];

	/* DOI, situation, too short for them. */
	sa_start(&s, 2, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, p1_attrs, sizeof(p1_attrs));
	CHECK(sa_msg(&s) == CODEC_ERR_DOI);
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_SECRECY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, p1_attrs, sizeof(p1_attrs));
	CHECK(sa_msg(&s) == CODEC_ERR_SITUATION);
	s.len = 7;
	CHECK(sa_msg(&s) == CODEC_ERR_PAYLOAD_SIZE);
	/* No proposal at all. */
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	CHECK(sa_msg(&s) == CODEC_ERR_PROPOSAL_SYNTAX);

	/* Protocol and SPI sizes. */
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ESP, 3, 1, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_ERR_SPI_SIZE);
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, 7, 4, 1, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_ERR_PROTOCOL);
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 17, 1, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_ERR_SPI_SIZE);
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_IPCOMP, 2, 1, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_OK);

	/* Proposal next-payload other than 2/0; last says 2; bytes after the last. */
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, ISAKMP_PL_T, ISAKMP_PROTO_ISAKMP, 0, 1, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_ERR_PROPOSAL_SYNTAX);
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, ISAKMP_PL_P, ISAKMP_PROTO_ISAKMP, 0, 1, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_ERR_PROPOSAL_SYNTAX);
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, p1_attrs, 8);
	s.buf[s.len++] = 0;
	CHECK(sa_msg(&s) == CODEC_ERR_PROPOSAL_SYNTAX);

	/* #transforms disagreeing with the transforms present, both ways; zero. */
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 2, p1_attrs, 8);
	s.buf[8 + 7] = 3;
	CHECK(sa_msg(&s) == CODEC_ERR_PROPOSAL_SYNTAX);
	s.buf[8 + 7] = 1;
	CHECK(sa_msg(&s) == CODEC_ERR_PROPOSAL_SYNTAX);
	s.buf[8 + 7] = 0;
	CHECK(sa_msg(&s) == CODEC_ERR_PROPOSAL_SYNTAX);
	/* Transform next-payload wrong; transform length beyond the proposal; below 8. */
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 2, p1_attrs, 8);
	s.buf[16] = ISAKMP_PL_P;
	CHECK(sa_msg(&s) == CODEC_ERR_PROPOSAL_SYNTAX);
	s.buf[16] = ISAKMP_PL_T;
	s.buf[16 + 3] = 17 + 16;
	CHECK(sa_msg(&s) == CODEC_ERR_PAYLOAD_LENGTH);
	s.buf[16 + 3] = 7;
	CHECK(sa_msg(&s) == CODEC_ERR_PAYLOAD_LENGTH);
	/* Proposal length beyond the SA, below 8, shorter than its SPI. */
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ESP, 4, 1, p1_attrs, 8);
	s.buf[8 + 3]++;
	CHECK(sa_msg(&s) == CODEC_ERR_PAYLOAD_LENGTH);
	s.buf[8 + 3] = 7;
	CHECK(sa_msg(&s) == CODEC_ERR_PAYLOAD_LENGTH);
	s.buf[8 + 2] = 0, s.buf[8 + 3] = 10;
	CHECK(sa_msg(&s) != CODEC_OK);

	/* TLV attribute running past its transform; integer TLVs of 0 and 9 bytes;
	 * an opaque Oakley group prime of 128 bytes is fine. */
	static const uint8_t tlv_past[] = { 0x00, 0x0c, 0x00, 0x08, 0, 0, 0x51, 0x80 };
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, tlv_past, 8);
	s.buf[8 + 8 + 3] = 8 + 6;   /* transform ends before the TLV value does */
	s.buf[8 + 3] = 8 + 8 + 6;
	s.len -= 2;
	CHECK(sa_msg(&s) == CODEC_ERR_ATTR);
	static const uint8_t tlv0[] = { 0x00, 0x0c, 0x00, 0x00 };
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, tlv0, 4);
	CHECK(sa_msg(&s) == CODEC_ERR_ATTR_TOO_LONG);
	static const uint8_t tlv9[] = { 0x00, 0x02, 0x00, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ESP, 4, 1, tlv9, sizeof(tlv9));
	CHECK(sa_msg(&s) == CODEC_ERR_ATTR_TOO_LONG);
	memset(attrs, 0xff, sizeof(attrs));
	attrs[0] = 0x00, attrs[1] = OAKLEY_ATTR_GROUP_PRIME, attrs[2] = 0, attrs[3] = 60;
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, attrs, 64);
	CHECK(sa_msg(&s) == CODEC_OK);
	/* Fewer than 4 bytes of attribute left. */
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, p1_attrs, 6);
	CHECK(sa_msg(&s) == CODEC_ERR_ATTR);
}

static void test_sa_limits(void)
{
	struct sa_body s;
	uint8_t attrs[4 * (ISAKMP_MAX_ATTRS + 1)];

	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	for (int i = 0; i < ISAKMP_MAX_PROPOSALS; i++)
		sa_proposal(&s, i + 1 < ISAKMP_MAX_PROPOSALS ? ISAKMP_PL_P : 0, ISAKMP_PROTO_ESP, 4, 1, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_OK);
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	for (int i = 0; i <= ISAKMP_MAX_PROPOSALS; i++)
		sa_proposal(&s, i < ISAKMP_MAX_PROPOSALS ? ISAKMP_PL_P : 0, ISAKMP_PROTO_ESP, 4, 1, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_ERR_SA_LIMIT);

	/* 64 transforms over three proposals are fine; 65 are not. */
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, ISAKMP_PL_P, ISAKMP_PROTO_ISAKMP, 0, 30, p1_attrs, 8);
	sa_proposal(&s, ISAKMP_PL_P, ISAKMP_PROTO_ISAKMP, 0, 30, p1_attrs, 8);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 4, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_OK);
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, ISAKMP_PL_P, ISAKMP_PROTO_ISAKMP, 0, 30, p1_attrs, 8);
	sa_proposal(&s, ISAKMP_PL_P, ISAKMP_PROTO_ISAKMP, 0, 30, p1_attrs, 8);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 5, p1_attrs, 8);
	CHECK(sa_msg(&s) == CODEC_ERR_SA_LIMIT);

	/* 20 attributes per transform, then 21. */
	for (int i = 0; i <= ISAKMP_MAX_ATTRS; i++) {
		attrs[4 * i] = 0x80, attrs[4 * i + 1] = 0x0b;
		attrs[4 * i + 2] = 0, attrs[4 * i + 3] = 1;
	}
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, attrs, 4 * ISAKMP_MAX_ATTRS);
	CHECK(sa_msg(&s) == CODEC_OK);
	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ISAKMP, 0, 1, attrs, sizeof(attrs));
	CHECK(sa_msg(&s) == CODEC_ERR_SA_LIMIT);
}

static void test_trailing_bytes(void)
{
	struct msg m;
	static const uint8_t body[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct isakmp_msg out;

	/* Zero padding after a clear chain is accepted (libreswan pads to 4). */
	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	add(&m, ISAKMP_PL_VID, body, 8);
	put(&m, "\0\0\0", 3);
	set_len(&m);
	CHECK(decode_exact(m.buf, m.len, &out) == CODEC_OK);
	CHECK(out.chain_end == 40);
	/* Anything else is not. */
	m.buf[m.len - 1] = 1;
	CHECK(decode_msg(&m) == CODEC_ERR_TRAILING);
	/* The same after decryption is padding: accepted, not inspected. */
	m.buf[19] = ISAKMP_FLAG_ENC;
	CHECK(decode_msg(&m) == CODEC_OK);
	/* A header announcing no payload at all, with a body: trailing. */
	msg_init(&m, ISAKMP_EXCH_MAIN, 0);
	put(&m, body, 8);
	CHECK(decode_msg(&m) == CODEC_ERR_TRAILING);
}

static void test_encrypted_lengths(void)
{
	struct msg m;
	struct isakmp_msg out;
	uint8_t *copy;

	msg_init(&m, ISAKMP_EXCH_MAIN, ISAKMP_FLAG_ENC);
	m.buf[16] = ISAKMP_PL_ID;
	memset(m.buf + 28, 0xcc, 32);
	m.len += 32;
	set_len(&m);
	copy = xmalloc(m.len);
	memcpy(copy, m.buf, m.len);
	CHECK(isakmp_decode(&out, copy, m.len) == CODEC_OK && out.body_pending);
	CHECK(isakmp_check_cipher_len(&out, 16) == CODEC_OK);
	CHECK(isakmp_check_cipher_len(&out, 8) == CODEC_OK);
	CHECK(isakmp_check_cipher_len(&out, 0) == CODEC_ERR_CIPHER_LEN);
	/* "Decrypted" garbage: 0xcc payload length runs past the end. */
	CHECK(isakmp_walk(&out, copy, m.len) == CODEC_ERR_PAYLOAD_LENGTH);
	CHECK(out.err_payload == ISAKMP_PL_ID && out.err_off == 28);
	free(copy);

	msg_init(&m, ISAKMP_EXCH_MAIN, ISAKMP_FLAG_ENC);
	m.len += 15;
	set_len(&m);
	copy = xmalloc(m.len);
	memcpy(copy, m.buf, m.len);
	CHECK(isakmp_decode(&out, copy, m.len) == CODEC_OK);
	CHECK(isakmp_check_cipher_len(&out, 16) == CODEC_ERR_CIPHER_LEN);
	free(copy);

	/* E set and no body at all. */
	msg_init(&m, ISAKMP_EXCH_MAIN, ISAKMP_FLAG_ENC);
	set_len(&m);
	copy = xmalloc(m.len);
	memcpy(copy, m.buf, m.len);
	CHECK(isakmp_decode(&out, copy, m.len) == CODEC_OK);
	CHECK(isakmp_check_cipher_len(&out, 16) == CODEC_ERR_CIPHER_LEN);
	free(copy);
}

/* The error position names the innermost place: here a transform attribute. */
static void test_error_position(void)
{
	struct sa_body s;
	struct msg m;
	struct isakmp_msg out;
	static const uint8_t tlv9[] = { 0x00, 0x02, 0x00, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

	sa_start(&s, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	sa_proposal(&s, 0, ISAKMP_PROTO_ESP, 4, 1, tlv9, sizeof(tlv9));
	msg_init(&m, ISAKMP_EXCH_QUICK, 0);
	add(&m, ISAKMP_PL_SA, s.buf, s.len);
	set_len(&m);
	CHECK(decode_exact(m.buf, m.len, &out) == CODEC_ERR_ATTR_TOO_LONG);
	CHECK(out.err_payload == ISAKMP_PL_SA);
	/* header 28 + SA generic 4 + DOI/SIT 8 + proposal 8 + SPI 4 + transform 8 */
	CHECK(out.err_off == 28 + 4 + 8 + 8 + 4 + 8);
}

int main(void)
{
	test_truncation_everywhere();
	test_sa_truncation();
	test_header_errors();
	test_generic_lengths();
	test_next_payload_loops();
	test_unknown_types();
	test_duplicates();
	test_slot_caps();
	test_nonce_sizes();
	test_notify_checks();
	test_delete_checks();
	test_id_checks();
	test_other_payload_checks();
	test_sa_checks();
	test_sa_limits();
	test_trailing_bytes();
	test_encrypted_lengths();
	test_error_position();
	return check_done("test_codec_malformed");
}
