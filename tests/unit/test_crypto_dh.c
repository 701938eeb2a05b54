/* DH: agreement in every group, the RFC 5903 §8 known answers for groups 19-21,
 * OpenSSL's named MODP groups checked against the RFC 3526 primes, and refusal of
 * bad peer values. Prints the cost of one MODP-2048 and one ECP-256 exchange. */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto/dh.h"
#include "crypto/dh_group.h"
#include "crypto/secure.h"
#include "platform/util.h"
#include "tests/unit/check.h"

static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t len = 0;

	if (sodium_hex2bin(out, max, hex, strlen(hex), " ", &len, NULL) != 0)
		return (size_t)-1;
	return len;
}

static const unsigned supported[] = { 1, 2, 5, 14, 15, 16, 19, 20, 21, 24 };

static size_t secret_len(unsigned group)
{
	return group >= 19 && group <= 21 ? dh_ke_len(group) / 2 : dh_ke_len(group);
}

static void test_agreement(unsigned group)
{
	struct dh *a = dh_new(group), *b = dh_new(group);
	struct bytes ke_a = { 0 }, ke_b = { 0 }, s_a = { 0 }, s_b = { 0 };

	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK(dh_group(a) == group);
	CHECK(dh_public(a, &ke_a) == 0 && ke_a.len == dh_ke_len(group));
	CHECK(dh_public(b, &ke_b) == 0 && ke_b.len == dh_ke_len(group));
	CHECK(ke_a.len == ke_b.len && memcmp(ke_a.ptr, ke_b.ptr, ke_a.len) != 0);
	CHECK(dh_shared(a, ke_b.ptr, ke_b.len, &s_a) == 0);
	CHECK(dh_shared(b, ke_a.ptr, ke_a.len, &s_b) == 0);
	CHECK(s_a.len == secret_len(group) && s_b.len == s_a.len);
	CHECK(s_a.ptr && s_b.ptr && memcmp(s_a.ptr, s_b.ptr, s_a.len) == 0);
	/* One byte short or long is refused before any arithmetic. */
	CHECK(dh_shared(a, ke_b.ptr, ke_b.len - 1, &s_b) < 0);
out:
	bytes_free(&ke_a);
	bytes_free(&ke_b);
	secure_bytes_free(&s_a);
	secure_bytes_free(&s_b);
	dh_free(a);
	dh_free(b);
}

struct ecp_vector {
	unsigned group;
	const char *i, *gix, *giy, *r, *grx, *gry, *girx;
};

/* RFC 5903 §8.1, §8.2, §8.3 */
static const struct ecp_vector ecp_vectors[] = {
	{ 19,
	  "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 862D1433",
	  "DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 72581180",
	  "5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 B8990BB3",
	  "C6EF9C5D 78AE012A 011164AC B397CE20 88685D8F 06BF9BE0 B283AB46 476BEE53",
	  "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63",
	  "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB",
	  "D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 4B9442DE" },
	{ 20,
	  "099F3C70 34D4A2C6 99884D73 A375A67F 7624EF7C 6B3C0F16 0647B674 14DCE655"
	  " E35B5380 41E649EE 3FAEF896 783AB194",
	  "667842D7 D180AC2C DE6F74F3 7551F557 55C7645C 20EF73E3 1634FE72 B4C55EE6"
	  " DE3AC808 ACB4BDB4 C88732AE E95F41AA",
	  "9482ED1F C0EEB9CA FC498462 5CCFC23F 65032149 E0E144AD A0241815 35A0F38E"
	  " EB9FCFF3 C2C947DA E69B4C63 4573A81C",
	  "41CB0779 B4BDB85D 47846725 FBEC3C94 30FAB46C C8DC5060 855CC9BD A0AA2942"
	  " E0308312 916B8ED2 960E4BD5 5A7448FC",
	  "E558DBEF 53EECDE3 D3FCCFC1 AEA08A89 A987475D 12FD950D 83CFA417 32BC509D"
	  " 0D1AC43A 0336DEF9 6FDA41D0 774A3571",
	  "DCFBEC7A ACF31964 72169E83 8430367F 66EEBE3C 6E70C416 DD5F0C68 759DD1FF"
	  " F83FA401 42209DFF 5EAAD96D B9E6386C",
	  "11187331 C279962D 93D60424 3FD592CB 9D0A926F 422E4718 7521287E 7156C5C4"
	  " D6031355 69B9E9D0 9CF5D4A2 70F59746" },
	{ 21,
	  "0037ADE9 319A89F4 DABDB3EF 411AACCC A5123C61 ACAB57B5 393DCE47 608172A0"
	  " 95AA85A3 0FE1C295 2C6771D9 37BA9777 F5957B26 39BAB072 462F68C2 7A57382D 4A52",
	  "0015417E 84DBF28C 0AD3C278 713349DC 7DF153C8 97A1891B D98BAB43 57C9ECBE"
	  " E1E3BF42 E00B8E38 0AEAE57C 2D107564 94188594 2AF5A7F4 601723C4 195D176C ED3E",
	  "017CAE20 B6641D2E EB695786 D8C94614 6239D099 E18E1D5A 514C739D 7CB4A10A"
	  " D8A78801 5AC405D7 799DC75E 7B7D5B6C F2261A6A 7F150743 8BF01BEB 6CA3926F 9582",
	  "0145BA99 A847AF43 793FDD0E 872E7CDF A16BE30F DC780F97 BCCC3F07 8380201E"
	  " 9C677D60 0B343757 A3BDBF2A 3163E4C2 F869CCA7 458AA4A4 EFFC311F 5CB15168 5EB9",
	  "00D0B397 5AC4B799 F5BEA16D 5E13E9AF 971D5E9B 984C9F39 728B5E57 39735A21"
	  " 9B97C356 436ADC6E 95BB0352 F6BE64A6 C2912D4E F2D0433C ED2B6171 640012D9 460F",
	  "015C6822 6383956E 3BD066E7 97B623C2 7CE0EAC2 F551A10C 2C724D98 52077B87"
	  " 220B6536 C5C408A1 D2AEBB8E 86D678AE 49CB5709 1F473229 6579AB44 FCD17F0F C56A",
	  "01144C7D 79AE6956 BC8EDB8E 7C787C45 21CB086F A64407F9 7894E5E6 B2D79B04"
	  " D1427E73 CA4BAA24 0A347868 59810C06 B3C715A3 A8CC3151 F2BEE417 996D19F3 DDEA" },
};

/* One side of a vector: our KE is (x|y) and the secret with the peer's (x|y) is girx. */
static void check_side(unsigned group, const char *priv_hex, const char *x, const char *y,
		       const char *peer_x, const char *peer_y, const char *girx)
{
	uint8_t priv[66], want_ke[132], peer_ke[132], want_gxy[66];
	size_t priv_len = unhex(priv_hex, priv, sizeof(priv)), half = dh_ke_len(group) / 2;
	struct dh *dh = dh_new_from_private(group, priv, priv_len);
	struct bytes ke = { 0 }, gxy = { 0 };

	CHECK(unhex(x, want_ke, half) == half && unhex(y, want_ke + half, half) == half);
	CHECK(unhex(peer_x, peer_ke, half) == half && unhex(peer_y, peer_ke + half, half) == half);
	CHECK(unhex(girx, want_gxy, half) == half);
	CHECK(dh != NULL);
	if (!dh)
		return;
	CHECK(dh_public(dh, &ke) == 0 && ke.len == 2 * half);
	CHECK(ke.ptr && memcmp(ke.ptr, want_ke, 2 * half) == 0);
	CHECK(dh_shared(dh, peer_ke, 2 * half, &gxy) == 0 && gxy.len == half);
	CHECK(gxy.ptr && memcmp(gxy.ptr, want_gxy, half) == 0);
	bytes_free(&ke);
	secure_bytes_free(&gxy);

	/* The same point with one bit of y flipped is off the curve. */
	peer_ke[2 * half - 1] ^= 1;
	CHECK(dh_shared(dh, peer_ke, 2 * half, &gxy) < 0);
	/* The SEC 1 form (0x04 | x | y) is not the IKE encoding. */
	CHECK(dh_shared(dh, peer_ke, 2 * half + 1, &gxy) < 0);
	memset(peer_ke, 0, sizeof(peer_ke));
	CHECK(dh_shared(dh, peer_ke, 2 * half, &gxy) < 0);
	dh_free(dh);
}

static void test_rfc5903(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(ecp_vectors); i++) {
		const struct ecp_vector *v = &ecp_vectors[i];

		check_side(v->group, v->i, v->gix, v->giy, v->grx, v->gry, v->girx);
		check_side(v->group, v->r, v->grx, v->gry, v->gix, v->giy, v->girx);
	}
}

static BIGNUM *key_prime(const struct dh *dh)
{
	BIGNUM *p = NULL;

	EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_FFC_P, &p);
	return p;
}

/* OpenSSL's "modp_*" names must be the RFC 3526 groups and the generator 2. */
static void test_modp_primes(void)
{
	static const struct { unsigned group; BIGNUM *(*prime)(BIGNUM *); } want[] = {
		{ 1, BN_get_rfc2409_prime_768 }, { 2, BN_get_rfc2409_prime_1024 },
		{ 5, BN_get_rfc3526_prime_1536 }, { 14, BN_get_rfc3526_prime_2048 },
		{ 15, BN_get_rfc3526_prime_3072 }, { 16, BN_get_rfc3526_prime_4096 },
	};
	static const uint8_t two = 2;

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct dh *dh = dh_new(want[i].group);
		/* g^1 is the generator itself. */
		struct dh *one = dh_new_from_private(want[i].group, (const uint8_t *)"\x01", 1);
		BIGNUM *p = dh ? key_prime(dh) : NULL, *rfc = want[i].prime(NULL);
		struct bytes ke = { 0 };

		CHECK(p && rfc && BN_cmp(p, rfc) == 0);
		CHECK(BN_num_bytes(rfc) == (int)dh_ke_len(want[i].group));
		CHECK(one && dh_public(one, &ke) == 0 && ke.len == dh_ke_len(want[i].group));
		CHECK(ke.ptr && ke.ptr[ke.len - 1] == two && ke.ptr[0] == 0 && ke.ptr[ke.len - 2] == 0);
		bytes_free(&ke);
		BN_free(p);
		BN_free(rfc);
		dh_free(one);
		dh_free(dh);
	}
}

/* A MODP peer value as a padded big-endian buffer: p + delta (delta may be negative),
 * or the small number small when delta_from_p is false. */
static void modp_value(unsigned group, bool delta_from_p, long value, uint8_t *out)
{
	struct dh *dh = dh_new(group);
	BIGNUM *v = dh ? key_prime(dh) : NULL;

	if (!delta_from_p)
		BN_set_word(v, (BN_ULONG)value);
	else if (value < 0)
		BN_sub_word(v, (BN_ULONG)-value);
	else
		BN_add_word(v, (BN_ULONG)value);
	BN_bn2binpad(v, out, (int)dh_ke_len(group));
	BN_free(v);
	dh_free(dh);
}

static void test_modp_refusals(void)
{
	static const unsigned groups[] = { 2, 14, 24 };
	uint8_t value[256];
	struct bytes gxy = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
		unsigned g = groups[i];
		size_t len = dh_ke_len(g);
		struct dh *dh = dh_new(g);

		CHECK(dh != NULL);
		if (!dh)
			continue;
		modp_value(g, false, 0, value);
		CHECK(dh_shared(dh, value, len, &gxy) < 0);
		modp_value(g, false, 1, value);
		CHECK(dh_shared(dh, value, len, &gxy) < 0);
		modp_value(g, true, -1, value);
		CHECK(dh_shared(dh, value, len, &gxy) < 0);
		modp_value(g, true, 0, value);
		CHECK(dh_shared(dh, value, len, &gxy) < 0);
		memset(value, 0xff, len);
		CHECK(dh_shared(dh, value, len, &gxy) < 0);
		/* 2 generates the whole safe-prime group (fine for a safe prime) but is not in
		 * group 24's order-q subgroup (RFC 6989 §2.2). */
		modp_value(g, false, 2, value);
		if (g == 24) {
			CHECK(dh_shared(dh, value, len, &gxy) < 0);
		} else {
			CHECK(dh_shared(dh, value, len, &gxy) == 0 && gxy.len == len);
			secure_bytes_free(&gxy);
		}
		dh_free(dh);
	}
	CHECK(gxy.ptr == NULL);
}

static void test_table(void)
{
	static const unsigned unsupported[] = { 0, 3, 4, 17, 18, 22, 23, 25, 26, 31, 1000 };

	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++) {
		CHECK(!dh_group_supported(unsupported[i]));
		CHECK(dh_ke_len(unsupported[i]) == 0);
		CHECK(dh_group_name(unsupported[i]) == NULL);
		CHECK(dh_new(unsupported[i]) == NULL);
	}
	CHECK(dh_ke_len(1) == 96 && dh_ke_len(2) == 128 && dh_ke_len(5) == 192);
	CHECK(dh_ke_len(14) == 256 && dh_ke_len(15) == 384 && dh_ke_len(16) == 512);
	CHECK(dh_ke_len(19) == 64 && dh_ke_len(20) == 96 && dh_ke_len(21) == 132);
	CHECK(dh_ke_len(24) == 256);
	CHECK_STR(dh_group_name(14), "modp2048");
	CHECK_STR(dh_group_name(19), "ecp256");
	CHECK_STR(dh_group_name(24), "modp2048s256");
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One side's work: key generation, public value, shared secret. */
static void measure(unsigned group)
{
	enum { ROUNDS = 20 };
	struct dh *peer = dh_new(group);
	struct bytes peer_ke = { 0 };
	double start, total = 0;

	if (!peer || dh_public(peer, &peer_ke) < 0)
		return;
	for (int i = 0; i < ROUNDS; i++) {
		struct bytes ke = { 0 }, gxy = { 0 };
		struct dh *dh;

		start = now_ms();
		dh = dh_new(group);
		dh_public(dh, &ke);
		dh_shared(dh, peer_ke.ptr, peer_ke.len, &gxy);
		total += now_ms() - start;
		bytes_free(&ke);
		secure_bytes_free(&gxy);
		dh_free(dh);
	}
	fprintf(stderr, "test_crypto_dh: group %u (%s) keygen+derive: %.3f ms\n", group,
		dh_group_name(group), total / ROUNDS);
	bytes_free(&peer_ke);
	dh_free(peer);
}

int main(void)
{
	test_table();
	for (size_t i = 0; i < ARRAY_SIZE(supported); i++) {
		CHECK(dh_group_supported(supported[i]));
		test_agreement(supported[i]);
	}
	test_rfc5903();
	test_modp_primes();
	test_modp_refusals();
	measure(14);
	measure(19);
	return check_done("test_crypto_dh");
}
