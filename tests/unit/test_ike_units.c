/* The engine's parts one by one: proposal selection with its mismatch report, ID
 * payloads and selector mirroring, the Phase-1 identity, and, with two engines on the
 * fake wire, the IV chain across messages (decrypted here independently), the
 * retransmission schedule and the duplicate rule, a finished Quick Mode without its
 * PFS secrets, and INVALID-COOKIE. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/keymat.h"
#include "tests/unit/check.h"
#include "tests/unit/ike_pair.h"
#include "vpn/ikev1_int.h"

static struct isakmp_sa offer;

/* ---- helpers: SA payloads through the real codec ---------------------------------------- */

struct p1t {
	uint16_t enc, bits, hash, auth, group;
	uint32_t life;
};

static void parse_built(struct isakmp_builder *b, struct isakmp_sa *out)
{
	static struct isakmp_msg m;

	CHECK(isakmp_build_finish(b) == CODEC_OK);
	CHECK(isakmp_decode(&m, b->buf, b->len) == CODEC_OK);
	CHECK(isakmp_sa_parse(&m.sa, out) == CODEC_OK);
}

static void p1_offer(const struct p1t *t, unsigned n)
{
	struct isakmp_hdr h = { .cky_i = { 1 }, .exchange = ISAKMP_EXCH_MAIN };
	struct isakmp_builder b;

	isakmp_build_init(&b, &h);
	size_t sa = isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	size_t p = isakmp_build_proposal_begin(&b, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	for (unsigned i = 0; i < n; i++) {
		size_t tr = isakmp_build_transform_begin(&b, (uint8_t)(i + 1), ISAKMP_KEY_IKE);
		isakmp_build_attr(&b, OAKLEY_ATTR_ENCR, t[i].enc);
		if (t[i].bits)
			isakmp_build_attr(&b, OAKLEY_ATTR_KEY_LENGTH, t[i].bits);
		isakmp_build_attr(&b, OAKLEY_ATTR_HASH, t[i].hash);
		isakmp_build_attr(&b, OAKLEY_ATTR_AUTH, t[i].auth);
		isakmp_build_attr(&b, OAKLEY_ATTR_GROUP_DESC, t[i].group);
		if (t[i].life) {
			isakmp_build_attr(&b, OAKLEY_ATTR_LIFE_TYPE, ISAKMP_LIFE_SECONDS);
			isakmp_build_attr(&b, OAKLEY_ATTR_LIFE_DURATION, t[i].life);
		}
		isakmp_build_transform_end(&b, tr);
	}
	isakmp_build_proposal_end(&b, p);
	isakmp_build_sa_end(&b, sa);
	parse_built(&b, &offer);
	isakmp_build_free(&b);
}

static struct vpn_config *policies(const struct vpn_ike_policy *pol, unsigned n)
{
	struct vpn_config *c = vpn_config_new();

	c->npolicies = n;
	c->policies = xmalloc(n * sizeof(*pol));
	memcpy(c->policies, pol, n * sizeof(*pol));
	return c;
}

/* ---- Phase 1 selection ------------------------------------------------------------------------ */

static void test_p1_select(void)
{
	const struct vpn_ike_policy pol[] = {
		{ 10, OAKLEY_ENCR_3DES, 0, OAKLEY_HASH_MD5, OAKLEY_AUTH_PSK, 2, 86400 },
		{ 20, OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA2_256, OAKLEY_AUTH_PSK, 14, 3600 },
		{ 30, OAKLEY_ENCR_AES_CBC, 0, OAKLEY_HASH_SHA1, OAKLEY_AUTH_PSK, 19, 0 },
	};
	struct vpn_config *c = policies(pol, 3);
	struct p1_choice ch;
	struct p1_report r;

	/* Offered in the peer's order 1, 2; ours decides: priority 20 before 30. */
	const struct p1t both[] = {
		{ OAKLEY_ENCR_AES_CBC, 0, OAKLEY_HASH_SHA1, OAKLEY_AUTH_PSK, 19, 28800 },   /* AES, no key length */
		{ OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA2_256, OAKLEY_AUTH_PSK, 14, 86400 },
	};
	p1_offer(both, 2);
	CHECK(p1_select(c, &offer, true, 0, &ch, &r) == 0);
	CHECK(ch.priority == 20 && ch.transform_no == 2);
	CHECK(ch.life_s == 3600 && ch.responder_lifetime);      /* ours is shorter: notify */
	/* AM: the KE fixes the group */
	CHECK(p1_select(c, &offer, true, 19, &ch, &r) == 0 && ch.priority == 30 && ch.transform_no == 1);
	CHECK(ch.life_s == 28800 && !ch.responder_lifetime);   /* `lifetime none`: the peer's */
	CHECK(p1_select(c, &offer, false, 0, &ch, &r) < 0);
	CHECK(r.n == 3 && r.m[1].mask == P1_MIS_NO_PSK && r.m[2].mask == P1_MIS_NO_PSK);

	/* One attribute off at a time: exactly that bit, for the closest transform. */
	struct {
		struct p1t t;
		unsigned want;
	} cases[] = {
		{ { OAKLEY_ENCR_3DES, 0, OAKLEY_HASH_SHA2_256, OAKLEY_AUTH_PSK, 14, 0 }, P1_MIS_ENCR },
		{ { OAKLEY_ENCR_AES_CBC, 128, OAKLEY_HASH_SHA2_256, OAKLEY_AUTH_PSK, 14, 0 }, P1_MIS_KEYLEN },
		{ { OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA2_512, OAKLEY_AUTH_PSK, 14, 0 }, P1_MIS_HASH },
		{ { OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA2_256, OAKLEY_AUTH_RSA_SIG, 14, 0 }, P1_MIS_AUTH },
		{ { OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA2_256, OAKLEY_AUTH_PSK, 5, 0 }, P1_MIS_GROUP },
		{ { OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA2_256, OAKLEY_AUTH_PSK, 14, 0 }, 0 },
		{ { OAKLEY_ENCR_AES_CBC, 256, 3 /* Tiger */, OAKLEY_AUTH_PSK, 14, 0 }, P1_MIS_HASH | P1_MIS_UNSUPPORTED },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		p1_offer(&cases[i].t, 1);
		int rc = p1_select(c, &offer, true, 0, &ch, &r);
		CHECK(rc == (cases[i].want ? -1 : 0));
		if (rc < 0) {
			CHECK(r.n == 3 && r.m[1].priority == 20 && r.m[1].transform_no == 1);
			CHECK(r.m[1].mask == cases[i].want);
			if (r.m[1].mask != cases[i].want)
				fprintf(stderr, "case %zu: mask %#x\n", i, r.m[1].mask);
		}
	}
	/* A bigger mismatch reports every differing attribute. */
	const struct p1t far = { OAKLEY_ENCR_DES, 0, OAKLEY_HASH_SHA1, OAKLEY_AUTH_PSK, 1, 0 };
	p1_offer(&far, 1);
	CHECK(p1_select(c, &offer, true, 0, &ch, &r) < 0);
	CHECK((r.m[1].mask & (P1_MIS_ENCR | P1_MIS_HASH | P1_MIS_GROUP)) == (P1_MIS_ENCR | P1_MIS_HASH | P1_MIS_GROUP));

	/* The initiator accepts only what it offered. */
	const struct p1t back = { OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA2_256, OAKLEY_AUTH_PSK, 14, 3600 };
	p1_offer(&back, 1);
	CHECK(p1_check_reply(c, false, &offer, &ch) == 0 && ch.priority == 20);
	const struct p1t other = { OAKLEY_ENCR_AES_CBC, 192, OAKLEY_HASH_SHA2_256, OAKLEY_AUTH_PSK, 14, 3600 };
	p1_offer(&other, 1);
	CHECK(p1_check_reply(c, false, &offer, &ch) < 0);
	/* AM offers only the first policy's group. */
	struct isakmp_builder b;
	struct isakmp_hdr h = { .cky_i = { 1 }, .exchange = ISAKMP_EXCH_AGGRESSIVE };
	isakmp_build_init(&b, &h);
	p1_build_offer(&b, c, true);
	parse_built(&b, &offer);
	isakmp_build_free(&b);
	CHECK(offer.n_transforms == 1 && p1_offer_group(c) == 2);
	vpn_config_unref(c);
}

/* ---- Phase 2 selection ------------------------------------------------------------------------- */

struct p2t {
	uint8_t proto, esp;
	uint16_t bits, auth, group, encap;
	uint8_t number;
};

static void p2_offer(const struct p2t *t, unsigned n)
{
	struct isakmp_hdr h = { .cky_i = { 1 }, .exchange = ISAKMP_EXCH_QUICK };
	struct isakmp_builder b;
	uint8_t spi[4] = { 0x11, 0x22, 0x33, 0x44 };

	isakmp_build_init(&b, &h);
	size_t sa = isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	for (unsigned i = 0; i < n; i++) {
		size_t p = isakmp_build_proposal_begin(&b, t[i].number, t[i].proto, spi, t[i].proto == ISAKMP_PROTO_IPCOMP ? 2 : 4);
		size_t tr = isakmp_build_transform_begin(&b, 1, t[i].esp);
		isakmp_build_attr(&b, IPSEC_ATTR_ENCAP_MODE, t[i].encap);
		if (t[i].auth)
			isakmp_build_attr(&b, IPSEC_ATTR_AUTH_ALG, t[i].auth);
		if (t[i].bits)
			isakmp_build_attr(&b, IPSEC_ATTR_KEY_LENGTH, t[i].bits);
		if (t[i].group)
			isakmp_build_attr(&b, IPSEC_ATTR_GROUP_DESC, t[i].group);
		isakmp_build_transform_end(&b, tr);
		isakmp_build_proposal_end(&b, p);
	}
	isakmp_build_sa_end(&b, sa);
	parse_built(&b, &offer);
	isakmp_build_free(&b);
}

static void test_p2_select(void)
{
	struct vpn_conn conn = { .ntsets = 2, .pfs_group = 0 };
	struct p2_choice ch;
	struct p2_report r;

	conn.tsets[0] = (struct vpn_transform_set){ "GCM", ESP_AES_GCM_16, 256, 0, DP_MODE_TUNNEL };
	conn.tsets[1] = (struct vpn_transform_set){ "SHA", ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, DP_MODE_TUNNEL };

	/* The initiator's order is its preference: its first acceptable proposal wins. */
	const struct p2t two[] = {
		{ ISAKMP_PROTO_ESP, ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, 0, IPSEC_ENCAP_UDP_TUNNEL, 1 },
		{ ISAKMP_PROTO_ESP, ESP_AES_GCM_16, 256, 0, 0, IPSEC_ENCAP_TUNNEL, 2 },
	};
	p2_offer(two, 2);
	CHECK(p2_select(&conn, &offer, &ch, &r) == 0 && ch.ts == &conn.tsets[1] && ch.proposal_no == 1);
	CHECK(ch.udp_encap && ch.mode == DP_MODE_TUNNEL && ch.peer_spi == 0x11223344);
	CHECK(ch.attrs.life_s == IPSEC_DEFAULT_LIFE_SECONDS);   /* no life attribute: RFC 2407 default */

	struct {
		struct p2t t;
		unsigned want;      /* against transform set SHA */
	} cases[] = {
		{ { ISAKMP_PROTO_ESP, ESP_3DES, 0, IPSEC_AUTH_HMAC_SHA1, 0, 1, 1 }, P2_MIS_TRANSFORM },
		{ { ISAKMP_PROTO_ESP, ESP_AES, 256, IPSEC_AUTH_HMAC_SHA1, 0, 1, 1 }, P2_MIS_KEYLEN },
		{ { ISAKMP_PROTO_ESP, ESP_AES, 128, IPSEC_AUTH_HMAC_MD5, 0, 1, 1 }, P2_MIS_AUTH },
		{ { ISAKMP_PROTO_ESP, ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, 0, IPSEC_ENCAP_TRANSPORT, 1 }, P2_MIS_MODE },
		{ { ISAKMP_PROTO_ESP, ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, 0, IPSEC_ENCAP_UDP_TRANSPORT_DRAFT, 1 }, P2_MIS_MODE },
		{ { ISAKMP_PROTO_ESP, ESP_AES, 128, 0, 0, 1, 1 }, P2_MIS_AUTH | P2_MIS_UNSUPPORTED },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		p2_offer(&cases[i].t, 1);
		CHECK(p2_select(&conn, &offer, &ch, &r) < 0);
		CHECK(r.n == 2 && r.m[1].mask == cases[i].want);
		if (r.m[1].mask != cases[i].want)
			fprintf(stderr, "p2 case %zu: mask %#x\n", i, r.m[1].mask);
	}
	/* An ESP + IPComp bundle (same proposal number) is not acceptable in part. */
	const struct p2t bundle[] = {
		{ ISAKMP_PROTO_ESP, ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, 0, 1, 1 },
		{ ISAKMP_PROTO_IPCOMP, IPCOMP_DEFLATE, 0, 0, 0, 1, 1 },
	};
	p2_offer(bundle, 2);
	CHECK(p2_select(&conn, &offer, &ch, &r) < 0 && (r.m[1].mask & P2_MIS_PROTOCOL));

	/* `set pfs group14`: required, and equal. */
	conn.pfs_group = 14;
	const struct p2t nopfs = { ISAKMP_PROTO_ESP, ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, 0, 1, 1 };
	p2_offer(&nopfs, 1);
	CHECK(p2_select(&conn, &offer, &ch, &r) < 0 && r.m[1].mask == P2_MIS_PFS && r.m[1].pfs_wanted == 14);
	const struct p2t pfs5 = { ISAKMP_PROTO_ESP, ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, 5, 1, 1 };
	p2_offer(&pfs5, 1);
	CHECK(p2_select(&conn, &offer, &ch, &r) < 0 && r.m[1].mask == P2_MIS_PFS);
	const struct p2t pfs14 = { ISAKMP_PROTO_ESP, ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, 14, 1, 1 };
	p2_offer(&pfs14, 1);
	CHECK(p2_select(&conn, &offer, &ch, &r) == 0 && ch.attrs.group == 14);
	/* Without `set pfs` the initiator's group is accepted. */
	conn.pfs_group = 0;
	CHECK(p2_select(&conn, &offer, &ch, &r) == 0);

	/* Key lengths and names. */
	size_t enc, auth;
	struct p2_attrs gcm = { .esp_id = ESP_AES_GCM_16, .key_bits = 192 };
	CHECK(p2_key_lengths(&gcm, &enc, &auth) == 0 && enc == 28 && auth == 0);
	struct p2_attrs tdes = { .esp_id = ESP_3DES, .auth_alg = IPSEC_AUTH_HMAC_SHA2_512 };
	CHECK(p2_key_lengths(&tdes, &enc, &auth) == 0 && enc == 24 && auth == 64);
	char a[48], i[48];
	p2_transform_names(&gcm, a, sizeof(a), i, sizeof(i));
	CHECK_STR(a, "esp-aes-gcm-192");
	CHECK_STR(i, "esp-gcm 192");
}

/* ---- IDs and selectors ---------------------------------------------------------------------------- */

static struct ts_half half(const char *net, uint8_t plen, uint8_t proto, uint16_t port)
{
	struct ts_half h = { .plen = plen, .proto = proto, .port = port };

	inet_pton(AF_INET, net, &h.net);
	return h;
}

static void test_ids(void)
{
	uint8_t body[IKE_ID_MAX];
	struct ts_half t, h = half("10.1.0.0", 24, 6, 443);
	char s[128];

	/* subnet out and back */
	size_t n = id_from_ts(&h, body);
	CHECK(n == 12 && body[0] == ISAKMP_ID_IPV4_ADDR_SUBNET && body[1] == 6 && body[2] == 1 && body[3] == 0xbb);
	CHECK(id_to_ts(body, n, &t) == 0 && t.plen == 24 && t.net.s_addr == h.net.s_addr && t.port == 443);
	id_format(body, n, s, sizeof(s));
	CHECK_STR(s, "10.1.0.0/255.255.255.0");
	/* a host is IPV4_ADDR */
	h = half("192.0.2.7", 32, 0, 0);
	n = id_from_ts(&h, body);
	CHECK(n == 8 && body[0] == ISAKMP_ID_IPV4_ADDR);
	CHECK(id_to_ts(body, n, &t) == 0 && t.plen == 32);
	/* host bits in a subnet ID are masked away; a non-contiguous mask is refused */
	const uint8_t sub[] = { 4, 0, 0, 0, 10, 1, 0, 77, 255, 255, 255, 0 };
	CHECK(id_to_ts(sub, sizeof(sub), &t) == 0 && t.plen == 24 && ntohl(t.net.s_addr) == 0x0a010000);
	const uint8_t holes[] = { 4, 0, 0, 0, 10, 1, 0, 0, 255, 0, 255, 0 };
	CHECK(id_to_ts(holes, sizeof(holes), &t) < 0);
	/* ranges: one prefix or nothing */
	const uint8_t range[] = { 7, 17, 0, 53, 10, 2, 0, 0, 10, 2, 0, 255 };
	CHECK(id_to_ts(range, sizeof(range), &t) == 0 && t.plen == 24 && t.proto == 17 && t.port == 53);
	id_format(range, sizeof(range), s, sizeof(s));
	CHECK_STR(s, "10.2.0.0-10.2.0.255");
	const uint8_t odd[] = { 7, 0, 0, 0, 10, 2, 0, 1, 10, 2, 0, 9 };
	CHECK(id_to_ts(odd, sizeof(odd), &t) < 0);
	const uint8_t all[] = { 7, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255 };
	CHECK(id_to_ts(all, sizeof(all), &t) == 0 && t.plen == 0);
	/* names are Phase-1 IDs, not selectors */
	const uint8_t fqdn[] = { 2, 17, 1, 0xf4, 'g', 'w', '.', 'e', 'x' };
	CHECK(id_to_ts(fqdn, sizeof(fqdn), &t) < 0);
	id_format(fqdn, sizeof(fqdn), s, sizeof(s));
	CHECK_STR(s, "gw.ex");
	const uint8_t keyid[] = { 11, 0, 0, 0, 'k', '1' };
	id_format(keyid, sizeof(keyid), s, sizeof(s));
	CHECK_STR(s, "keyid:k1");
	CHECK(id_to_ts(body, 3, &t) < 0);

	/* our Phase-1 identity: crypto isakmp identity address|hostname|key-id|auto */
	struct vpn_config *c = vpn_config_new();
	struct in_addr local;
	inet_pton(AF_INET, "192.0.2.1", &local);
	n = id_p1_local(c, local, body, sizeof(body));
	CHECK(n == 8 && body[0] == ISAKMP_ID_IPV4_ADDR && body[1] == 17 && body[3] == 0xf4);
	c->identity = VPN_ID_HOSTNAME;
	snprintf(c->hostname, sizeof(c->hostname), "gwA");
	snprintf(c->domain, sizeof(c->domain), "ike.test");
	n = id_p1_local(c, local, body, sizeof(body));
	CHECK(body[0] == ISAKMP_ID_FQDN && n == 4 + strlen("gwA.ike.test") && !memcmp(body + 4, "gwA.ike.test", n - 4));
	c->identity = VPN_ID_KEY_ID;
	snprintf(c->key_id, sizeof(c->key_id), "branch-7");
	n = id_p1_local(c, local, body, sizeof(body));
	CHECK(body[0] == ISAKMP_ID_KEY_ID && n == 12);
	c->identity = VPN_ID_AUTO;
	CHECK(id_p1_local(c, local, body, sizeof(body)) == 8 && body[0] == ISAKMP_ID_IPV4_ADDR);
	vpn_config_unref(c);
}

static void test_mirroring(void)
{
	struct dp_selector ours = { .src_plen = 24, .dst_plen = 16, .proto = 6, .sport = 0, .dport = 22 };
	struct ts_half pl, pr;

	inet_pton(AF_INET, "10.1.0.0", &ours.src);
	inet_pton(AF_INET, "172.16.0.0", &ours.dst);
	/* the peer proposes its side first: our remote side is its local one */
	pl = half("172.16.0.0", 16, 6, 22);
	pr = half("10.1.0.0", 24, 6, 0);
	CHECK(sel_mirrors(&ours, &pl, &pr));
	CHECK(!sel_mirrors(&ours, &pr, &pl));
	CHECK(sel_mismatch(&ours, &pr, &pl) == (SEL_MIS_LOCAL | SEL_MIS_REMOTE | SEL_MIS_PORTS));
	pl = half("172.16.0.0", 24, 6, 22);                         /* narrower: no narrowing in IKEv1 */
	CHECK(sel_mismatch(&ours, &pl, &pr) == SEL_MIS_REMOTE);
	pl = half("172.16.0.0", 16, 17, 22);
	pr.proto = 17;
	CHECK(sel_mismatch(&ours, &pl, &pr) == SEL_MIS_PROTO);
	pl = half("172.16.0.0", 16, 6, 0);
	pr = half("10.1.0.0", 24, 6, 0);
	CHECK(sel_mismatch(&ours, &pl, &pr) == SEL_MIS_PORTS);
	pr = half("10.1.0.0", 25, 6, 0);
	pl = half("172.16.0.0", 16, 6, 22);
	CHECK(sel_mismatch(&ours, &pl, &pr) == SEL_MIS_LOCAL);
	struct dp_selector same = ours;
	CHECK(sel_equal(&ours, &same));
	same.dport = 23;
	CHECK(!sel_equal(&ours, &same));
	char s[64];
	sel_format(&pl, s, sizeof(s));
	CHECK_STR(s, "172.16.0.0/255.255.0.0/6/22");
}

/* ---- the IV chain, decrypted independently from what crossed the wire ----------------------------- */

static struct pair P;

static bool up(struct pair *p)
{
	return pair_up(p);
}

/* Decrypts one traced message with iv; checks that its chain walks; returns the last
 * ciphertext block (the next IV) in next. */
static bool decrypt_ok(const struct ike_sa *sa, const struct wire_pkt *pkt, const uint8_t *iv, uint8_t *next)
{
	static struct isakmp_msg m;
	uint8_t *plain = xmalloc(pkt->len);
	bool ok;

	memcpy(plain, pkt->buf, pkt->len);
	ok = isakmp_decode(&m, pkt->buf, pkt->len) == CODEC_OK && m.body_pending &&
	     cipher_decrypt(sa->cipher, sa->ks->ka, iv, pkt->buf + 28, pkt->len - 28, plain + 28, next) == 0 &&
	     isakmp_walk(&m, plain, pkt->len) == CODEC_OK && m.n_payloads > 0;
	free(plain);
	return ok;
}

static void test_iv_chain(void)
{
	struct ike_sa *sa;
	uint8_t iv[CIPHER_MAX_BLOCK], next[CIPHER_MAX_BLOCK], p1_last[CIPHER_MAX_BLOCK];
	unsigned mm = 0, qm = 0, info = 0, bad = 0;
	uint32_t qm_msgid = 0;

	pair_set_config(&P, 0, cfg_default(&P, 0));
	pair_set_config(&P, 1, cfg_default(&P, 1));
	P.w.trace = true;
	pair_traffic(&P, 0);
	CHECK(pair_run_until(&P, up, 2000));
	ike_engine_clear_ipsec(P.e[0], NULL);     /* an Informational with Delete */
	pair_run(&P, 50);
	P.w.trace = false;

	sa = P.e[0]->sa_first;
	CHECK(sa && sa->established);
	if (!sa)
		return;
	size_t bs = cipher_block_size(sa->cipher);
	/* Phase 1: the first IV is hash(g^xi | g^xr), then each last block in turn. */
	p1_iv(sa->prf, &sa->gxi, &sa->gxr, bs, iv);
	for (size_t i = 0; i < P.w.nlog; i++) {
		const struct wire_pkt *pkt = &P.w.log[i];
		struct isakmp_hdr h;
		isakmp_hdr_read(&h, pkt->buf);
		if (!(h.flags & ISAKMP_FLAG_ENC))
			continue;
		if (h.exchange == ISAKMP_EXCH_MAIN) {
			bad += !decrypt_ok(sa, pkt, iv, next);
			memcpy(iv, next, bs);
			memcpy(p1_last, next, bs);
			mm++;
		} else if (h.exchange == ISAKMP_EXCH_QUICK) {
			/* each exchange starts at hash(P1_LAST | M-ID), then chains */
			if (h.msg_id != qm_msgid) {
				p2_iv(sa->prf, p1_last, bs, h.msg_id, iv);
				qm_msgid = h.msg_id;
			}
			bad += !decrypt_ok(sa, pkt, iv, next);
			memcpy(iv, next, bs);
			qm++;
		} else if (h.exchange == ISAKMP_EXCH_INFO) {
			uint8_t first[CIPHER_MAX_BLOCK];
			p2_iv(sa->prf, p1_last, bs, h.msg_id, first);
			bad += !decrypt_ok(sa, pkt, first, next);
			info++;
		}
	}
	CHECK(mm == 2 && qm == 3 && info == 1 && bad == 0);
	CHECK(memcmp(p1_last, sa->p1_last, bs) == 0);
}

/* ---- retransmission and duplicates ---------------------------------------------------------------------- */

static int drop_first_mm6(struct pair *p, const struct wire_pkt *pkt, void *ctx)
{
	int *left = ctx;
	struct isakmp_hdr h;

	(void)p;
	isakmp_hdr_read(&h, pkt->buf);
	if (pkt->from_side == 1 && h.exchange == ISAKMP_EXCH_MAIN && (h.flags & ISAKMP_FLAG_ENC) && *left > 0) {
		--*left;
		return -1;
	}
	return 0;
}

static unsigned traced(int side, uint8_t exchange, bool enc, const struct wire_pkt **first, const struct wire_pkt **last)
{
	unsigned n = 0;

	for (size_t i = 0; i < P.w.nlog; i++) {
		struct isakmp_hdr h;
		isakmp_hdr_read(&h, P.w.log[i].buf);
		if (P.w.log[i].from_side == side && h.exchange == exchange && !!(h.flags & ISAKMP_FLAG_ENC) == enc) {
			if (!n++)
				*first = &P.w.log[i];
			*last = &P.w.log[i];
		}
	}
	return n;
}

static void test_retransmit(void)
{
	struct ike_stats sa, sb;
	const struct wire_pkt *f, *l;
	int left = 1;

	/* MM6 lost: A repeats MM5 (the same bytes), B answers the duplicate with the same
	 * MM6 without processing MM5 again. */
	pair_restart(&P);
	pair_set_config(&P, 0, cfg_default(&P, 0));
	pair_set_config(&P, 1, cfg_default(&P, 1));
	for (size_t i = 0; i < P.w.nlog; i++)
		free(P.w.log[i].buf);
	P.w.nlog = 0;
	P.w.trace = true;
	P.w.filter = drop_first_mm6;
	P.w.filter_ctx = &left;
	pair_traffic(&P, 0);
	CHECK(pair_run_until(&P, up, 5000));
	P.w.filter = NULL;
	ike_engine_get_stats(P.e[0], &sa);
	ike_engine_get_stats(P.e[1], &sb);
	CHECK(sa.retransmits == 1 && sb.duplicates == 1 && sb.p1_established == 1 && sa.p1_established == 1);
	CHECK(traced(0, ISAKMP_EXCH_MAIN, true, &f, &l) == 2 && f->len == l->len && !memcmp(f->buf, l->buf, f->len));
	CHECK(traced(1, ISAKMP_EXCH_MAIN, true, &f, &l) == 2 && f->len == l->len && !memcmp(f->buf, l->buf, f->len));

	/* A duplicate of the last answer (MM6 again) gets nothing back: no ping-pong. */
	unsigned before = P.w.sent;
	ike_engine_input(P.e[0], &(struct ike_endpoint){ P.addr[0], 500 }, &(struct ike_endpoint){ P.addr[1], 500 },
			 l->buf, l->len);
	pair_run(&P, 10);
	CHECK(P.w.sent == before);
	ike_engine_get_stats(P.e[0], &sa);
	CHECK(sa.duplicates == 1);

	/* Nobody answers: MM1 goes out again after 1, 2, 4, 8 and 16 s, then the deadline. */
	pair_restart(&P);
	pair_set_config(&P, 0, cfg_default(&P, 0));
	for (size_t i = 0; i < P.w.nlog; i++)
		free(P.w.log[i].buf);
	P.w.nlog = 0;
	P.w.cut = true;
	uint64_t t0 = P.now, sends[8];
	unsigned n = 0;
	pair_traffic(&P, 0);
	if (P.w.nlog)
		sends[n++] = 0;
	for (int ms = 0; ms < 45000; ms++) {
		size_t had = P.w.nlog;
		pair_run(&P, 1);
		if (P.w.nlog > had && n < 8)
			sends[n++] = P.now - t0;
	}
	P.w.cut = false;
	P.w.trace = false;
	CHECK(n == 6);
	for (unsigned i = 2; i < n; i++)
		CHECK(sends[i] - sends[i - 1] == 2 * (sends[i - 1] - sends[i - 2]));
	CHECK(pair_ike(&P, 0, false) == 0);       /* given up */
	ike_engine_get_stats(P.e[0], &sa);
	CHECK(sa.retransmits == 5 && sa.p1_failed == 1);
}

/* A finished Quick Mode with PFS lingers to answer duplicates, without its DH key pair
 * or g^xy: the SAs are installed, so those secrets only cost memory (a hub holds the
 * last 20 s of exchanges) and forward secrecy. Its repeated QM2 still gets the same QM3. */
static unsigned lingering_qms(int side, unsigned *with_secrets)
{
	unsigned n = 0;

	for (struct ike_sa *sa = P.e[side]->sa_first; sa; sa = sa->next)
		for (struct ike_xchg *x = sa->xchgs; x; x = x->next)
			if (x->qm && x->state == ST_QM_DONE) {
				n++;
				*with_secrets += x->qm->dh || x->qm->gxy.ptr;
			}
	return n;
}

static void test_qm_forgets_pfs(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
	const struct wire_pkt *f, *l;
	unsigned kept = 0, before;

	pair_restart(&P);
	a->conns[0].pfs_group = b->conns[0].pfs_group = 14;
	pair_set_config(&P, 0, a);
	pair_set_config(&P, 1, b);
	for (size_t i = 0; i < P.w.nlog; i++)
		free(P.w.log[i].buf);
	P.w.nlog = 0;
	P.w.trace = true;
	pair_traffic(&P, 0);
	CHECK(pair_run_until(&P, up, 5000));
	pair_run(&P, 10);
	CHECK(pair_keys_match(&P));
	CHECK(lingering_qms(0, &kept) == 1 && lingering_qms(1, &kept) == 1);
	CHECK(kept == 0);
	CHECK(traced(1, ISAKMP_EXCH_QUICK, true, &f, &l) == 1);
	before = P.w.sent;
	if (l)
		ike_engine_input(P.e[0], &(struct ike_endpoint){ P.addr[0], 500 },
				 &(struct ike_endpoint){ P.addr[1], 500 }, l->buf, l->len);
	pair_run(&P, 10);
	CHECK(P.w.sent == before + 1);
	CHECK(pair_up(&P) && pair_ipsec(&P, 0) == 1);
	P.w.trace = false;
}

/* A message for an SA we do not have: INVALID-COOKIE in the clear, and the IOS log. */
static void test_invalid_cookie(void)
{
	struct isakmp_hdr h = { .cky_i = { 9, 9, 9 }, .cky_r = { 7, 7, 7 }, .exchange = ISAKMP_EXCH_QUICK,
				.flags = ISAKMP_FLAG_ENC, .msg_id = 1234 };
	struct isakmp_builder b;
	const struct wire_pkt *f, *l;

	pair_restart(&P);
	pair_set_config(&P, 1, cfg_default(&P, 1));
	for (size_t i = 0; i < P.w.nlog; i++)
		free(P.w.log[i].buf);
	P.w.nlog = 0;
	P.w.trace = true;
	logcap_reset();
	isakmp_build_init(&b, &h);
	isakmp_build_put(&b, NULL, 16);
	isakmp_build_finish(&b);
	log_set_personality(LOG_IOS);
	ike_engine_input(P.e[1], &(struct ike_endpoint){ P.addr[1], 500 }, &(struct ike_endpoint){ P.addr[0], 500 },
			 b.buf, b.len);
	log_set_personality(LOG_ASA);
	isakmp_build_free(&b);
	CHECK(logcap_has("%CRYPTO-4-IKMP_NO_SA: IKE message from 192.0.2.1 has no SA and is not an initialization offer"));
	CHECK(traced(1, ISAKMP_EXCH_INFO, false, &f, &l) == 1);
	if (f) {
		static struct isakmp_msg m;
		CHECK(isakmp_decode(&m, f->buf, f->len) == CODEC_OK && m.n_notify == 1 &&
		      m.notify[0].type == ISAKMP_N_INVALID_COOKIE && !memcmp(m.hdr.cky_i, h.cky_i, 8));
	}
	P.w.trace = false;
}

/* An ASA's MM5: ID, HASH, IOS KEEPALIVE (private type 128), VID. The private payload
 * is dropped and the rest walks; in Quick Mode (HASH covers it) nothing is dropped. */
static void test_private_payload(void)
{
	static struct isakmp_msg m;
	struct isakmp_hdr h = { .cky_i = { 1 }, .cky_r = { 2 }, .exchange = ISAKMP_EXCH_MAIN, .flags = ISAKMP_FLAG_ENC };
	struct isakmp_builder b;
	const uint8_t id[4] = { 192, 0, 2, 2 }, hash[20] = { 0 }, keepalive[8] = { 0, 0, 0, 10, 0, 0, 0, 2 };
	const uint8_t *vid;
	size_t vid_len;

	isakmp_build_init(&b, &h);
	isakmp_build_id(&b, ISAKMP_ID_IPV4_ADDR, 17, 500, id, 4);
	isakmp_build_payload(&b, ISAKMP_PL_HASH, hash, sizeof(hash));
	isakmp_build_payload(&b, 128, keepalive, sizeof(keepalive));
	isakmp_vid_bytes(VID_DPD, &vid, &vid_len);
	isakmp_build_payload(&b, ISAKMP_PL_VID, vid, vid_len);
	isakmp_build_pad(&b, 16);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);
	CHECK(isakmp_decode(&m, b.buf, b.len) == CODEC_OK && m.body_pending);
	CHECK(isakmp_walk(&m, b.buf, b.len) == CODEC_ERR_PAYLOAD_TYPE);
	CHECK(walk_skipping_private(&m, b.buf, b.len) == CODEC_OK);
	CHECK(m.n_payloads == 3 && m.n_id == 1 && (m.present & ISAKMP_P(HASH)) && m.n_vid == 1);
	CHECK(m.hash.body_len == 20 && isakmp_vid_classify(m.vid[0].body, m.vid[0].body_len) == VID_DPD);
	isakmp_build_free(&b);

	h.exchange = ISAKMP_EXCH_QUICK;
	h.msg_id = 77;
	isakmp_build_init(&b, &h);
	isakmp_build_payload(&b, ISAKMP_PL_HASH, hash, sizeof(hash));
	isakmp_build_payload(&b, 128, keepalive, sizeof(keepalive));
	isakmp_build_pad(&b, 16);
	CHECK(isakmp_build_finish(&b) == CODEC_OK);
	CHECK(isakmp_decode(&m, b.buf, b.len) == CODEC_OK);
	CHECK(walk_skipping_private(&m, b.buf, b.len) == CODEC_ERR_PAYLOAD_TYPE);
	isakmp_build_free(&b);
}

int main(void)
{
	logcap_init();
	test_p1_select();
	test_p2_select();
	test_ids();
	test_mirroring();
	test_private_payload();
	pair_init(&P);
	test_iv_chain();
	test_retransmit();
	test_qm_forgets_pfs();
	test_invalid_cookie();
	pair_free(&P);
	return check_done("test_ike_units");
}
