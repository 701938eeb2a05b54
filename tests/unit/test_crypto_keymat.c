/* IKEv1 key derivation. SKEYID* against the NIST ACVP "IKEv1 KDF" vectors (PSK and
 * DSA, tcId 100, SHA-1; ikev1-facts §19). Everything else against known answers
 * computed independently with Python's hmac/hashlib from the RFC 2409 formulas, on
 * the ACVP PSK key set and synthetic payloads. */
#include <sodium.h>
#include <string.h>

#include "crypto/keymat.h"
#include "platform/util.h"
#include "tests/unit/check.h"

static struct bytes hexb(const char *hex)
{
	static uint8_t pool[16384];
	static size_t used;
	struct bytes b = { pool + used, 0 };

	sodium_hex2bin(b.ptr, sizeof(pool) - used, hex, strlen(hex), " ", &b.len, NULL);
	used += b.len;
	return b;
}

static bool equal_hex(const uint8_t *got, size_t len, const char *want_hex)
{
	struct bytes want = hexb(want_hex);
	return want.len == len && memcmp(got, want.ptr, len) == 0;
}

/* ACVP PSK tcId 100 */
static const char *cky_i_hex = "83d374c30b3b5082", *cky_r_hex = "5afc0da06c728029";
static struct bytes cky_i, cky_r, ni, nr, gxy;

static struct keyset *acvp_psk_keyset(void)
{
	struct keyset *ks = keyset_new(prf_by_ike_hash(IKE_HASH_SHA1));
	struct bytes psk = hexb("75");

	CHECK(skeyid_psk(ks, &psk, &ni, &nr) == 0);
	CHECK(skeyid_dae(ks, &gxy, cky_i.ptr, cky_r.ptr) == 0);
	return ks;
}

static void test_acvp_psk(void)
{
	struct keyset *ks = acvp_psk_keyset();

	CHECK(equal_hex(ks->skeyid, 20, "62b04d112877e442fc3282fc37c076997718a0b9"));
	CHECK(equal_hex(ks->skeyid_d, 20, "369e5aad1bdb5faf6a3d929d500cdc236710a9ab"));
	CHECK(equal_hex(ks->skeyid_a, 20, "588e957d8d790d093b3a39f121473473af78e9bb"));
	CHECK(equal_hex(ks->skeyid_e, 20, "cd74b0c048219db81384d3fda8f6cda51e398a2b"));
	keyset_free(ks);
}

static void test_acvp_dsa(void)
{
	struct keyset *ks = keyset_new(prf_by_ike_hash(IKE_HASH_SHA1));
	struct bytes sig_cky_i = hexb("8c3bcd3a69831d7f"), sig_cky_r = hexb("d2d9a7ff4fbe95a7");
	struct bytes sig_ni = hexb("69a62284195f1680"), sig_nr = hexb("80c94ba25c8abda5");
	struct bytes sig_gxy = hexb("8ba4cbc73c0187301dc19a975823854dbd641c597f637f8d053a83b9514673eb");

	CHECK(skeyid_sig(ks, &sig_ni, &sig_nr, &sig_gxy) == 0);
	CHECK(skeyid_dae(ks, &sig_gxy, sig_cky_i.ptr, sig_cky_r.ptr) == 0);
	CHECK(equal_hex(ks->skeyid, 20, "707197817fb2d90cf54d1842606bdea59b9f4823"));
	CHECK(equal_hex(ks->skeyid_d, 20, "384be709a8a5e63c3ed160cfe3921c4b37d5b32d"));
	CHECK(equal_hex(ks->skeyid_a, 20, "48b327575abe3adba0f279849e289022a13e2b47"));
	CHECK(equal_hex(ks->skeyid_e, 20, "a4a415c8e0c38c0da847c356cc61c24df8025560"));
	keyset_free(ks);
}

static void test_sha256_keyset(void)
{
	struct keyset *ks = keyset_new(prf_by_ike_hash(IKE_HASH_SHA2_256));
	struct bytes psk = hexb("75");

	CHECK(skeyid_psk(ks, &psk, &ni, &nr) == 0 && skeyid_dae(ks, &gxy, cky_i.ptr, cky_r.ptr) == 0);
	CHECK(equal_hex(ks->skeyid, 32, "84007fb1b16c3cb137b2e1a30c5a9790f8a896363b10d56aa6b9224768b24073"));
	CHECK(equal_hex(ks->skeyid_d, 32, "9136ddbacfbc504a6ed87dad1e99de3366de7d5e39741c791217b47473e57c19"));
	CHECK(equal_hex(ks->skeyid_a, 32, "9ba3cf597a9722a374d385be357da6a0abc6d43c6970e5bb3a4910934866049b"));
	CHECK(equal_hex(ks->skeyid_e, 32, "3162b3419c563412c08e63a386f1eb4321d2adb7f4dac0523149ab607c917214"));
	/* SHA-256 is long enough for every cipher: Ka is SKEYID_e itself. */
	CHECK(keyset_cipher_key(ks, 32) == 0 && ks->ka_len == 32);
	CHECK(memcmp(ks->ka, ks->skeyid_e, 32) == 0);
	keyset_free(ks);
}

/* RFC 2409 App. B */
static void test_cipher_key(void)
{
	struct keyset *ks = acvp_psk_keyset();
	struct keyset *md5 = keyset_new(prf_by_ike_hash(IKE_HASH_MD5));
	struct bytes e = hexb("00112233445566778899aabbccddeeff");

	CHECK(keyset_cipher_key(ks, 16) == 0 && ks->ka_len == 16);
	CHECK(equal_hex(ks->ka, 16, "cd74b0c048219db81384d3fda8f6cda5"));
	CHECK(keyset_cipher_key(ks, 24) == 0 && ks->ka_len == 24);
	CHECK(equal_hex(ks->ka, 24, "9ce3201d5c6cf897a6cba863e68c634d8d63805d1f20e30b"));
	CHECK(keyset_cipher_key(ks, 32) == 0);
	CHECK(equal_hex(ks->ka, 32, "9ce3201d5c6cf897a6cba863e68c634d8d63805d1f20e30bf6884e2a4ee9fc8a"));
	CHECK(keyset_cipher_key(ks, 33) < 0);

	memcpy(md5->skeyid_e, e.ptr, 16);
	CHECK(keyset_cipher_key(md5, 24) == 0);
	CHECK(equal_hex(md5->ka, 24, "6d2fa64e07e78c68c0a00b98fc113f9e9f96dbd293323a94"));
	keyset_free(md5);
	keyset_free(ks);
}

static struct bytes gxi, gxr, sai_b, idii_b, idir_b;

static void test_phase1_hashes(void)
{
	struct keyset *ks = acvp_psk_keyset();
	uint8_t hash_i[PRF_MAX_LEN], hash_r[PRF_MAX_LEN], swapped[PRF_MAX_LEN];

	CHECK(p1_hash_i(ks, &gxi, &gxr, cky_i.ptr, cky_r.ptr, &sai_b, &idii_b, hash_i) == 0);
	CHECK(equal_hex(hash_i, 20, "f6866fa805fa78e2d6868a1ce28441d68a01fac3"));
	CHECK(p1_hash_r(ks, &gxi, &gxr, cky_i.ptr, cky_r.ptr, &sai_b, &idir_b, hash_r) == 0);
	CHECK(equal_hex(hash_r, 20, "2070d45664067a2517d08b6a0a82999e58e1fb17"));
	/* HASH_R is HASH_I with the two sides' values swapped, and the SA left alone. */
	CHECK(p1_hash_i(ks, &gxr, &gxi, cky_r.ptr, cky_i.ptr, &sai_b, &idir_b, swapped) == 0);
	CHECK(memcmp(swapped, hash_r, 20) == 0);
	/* Using the responder's ID for HASH_I must not verify. */
	CHECK(p1_hash_i(ks, &gxi, &gxr, cky_i.ptr, cky_r.ptr, &sai_b, &idir_b, swapped) == 0);
	CHECK(memcmp(swapped, hash_i, 20) != 0);
	keyset_free(ks);
}

static void test_ivs(void)
{
	const struct prf *sha1 = prf_by_ike_hash(IKE_HASH_SHA1);
	struct bytes last = hexb("0f0e0d0c0b0a09080706050403020100");
	uint8_t iv[16];

	CHECK(p1_iv(sha1, &gxi, &gxr, 16, iv) == 0);
	CHECK(equal_hex(iv, 16, "4916d6bdb7f78e6803698cab32d1586e"));
	CHECK(p1_iv(sha1, &gxi, &gxr, 8, iv) == 0);
	CHECK(equal_hex(iv, 8, "4916d6bdb7f78e68"));
	CHECK(p2_iv(sha1, last.ptr, 16, 0x9a2b3c4d, iv) == 0);
	CHECK(equal_hex(iv, 16, "1a558da4be6c04601c99b10c00e8c65a"));
	CHECK(p2_iv(sha1, last.ptr, 8, 0x9a2b3c4d, iv) == 0);
	CHECK(equal_hex(iv, 8, "737c082e41397d01"));
	/* MD5 (16 bytes) cannot feed a block longer than itself. */
	CHECK(p1_iv(prf_by_ike_hash(IKE_HASH_MD5), &gxi, &gxr, 32, iv) < 0);
}

static void test_phase2_hashes(void)
{
	struct keyset *ks = acvp_psk_keyset();
	struct bytes qni = hexb("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01010101010101010101010101010101");
	struct bytes qnr = hexb("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02020202020202020202020202020202");
	struct bytes payloads = hexb("0a000034 00000001 00000001 00000028 01030401 c1a2b3d4 0000001c"
				     " 010c0000 80010001 80020e10 80040001 80050002 80060080");
	uint8_t out[PRF_MAX_LEN];

	CHECK(qm_hash1(ks, 0x9a2b3c4d, &payloads, out) == 0);
	CHECK(equal_hex(out, 20, "eeae39759f401bea35db8f7d79c4def8da087d53"));
	CHECK(qm_hash2(ks, 0x9a2b3c4d, &qni, &payloads, out) == 0);
	CHECK(equal_hex(out, 20, "d126762710e57932dfe274b2b6c1034494575be9"));
	CHECK(qm_hash3(ks, 0x9a2b3c4d, &qni, &qnr, out) == 0);
	CHECK(equal_hex(out, 20, "ee437d00951b5e7fce9325356a3fbc8b99b00606"));
	CHECK(info_hash(ks, 0x9a2b3c4d, &payloads, out) == 0);
	CHECK(equal_hex(out, 20, "eeae39759f401bea35db8f7d79c4def8da087d53"));
	CHECK(qm_hash1(ks, 0x9a2b3c4e, &payloads, out) == 0);
	CHECK(!equal_hex(out, 20, "eeae39759f401bea35db8f7d79c4def8da087d53"));

	{
		struct bytes pfs = hexb("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
		uint8_t keymat[64], longer[64];

		/* AES-128 + HMAC-SHA1 needs 36 bytes: two SHA-1 blocks. */
		CHECK(qm_keymat(ks, NULL, 3, 0xc1a2b3d4, &qni, &qnr, 36, keymat) == 0);
		CHECK(equal_hex(keymat, 36, "4f658717947b465a165d8d2dde6453de2544de2c"
					    "70b9906ec875768ff2b46ce25f64ecef"));
		/* A shorter request is a prefix of a longer one. */
		CHECK(qm_keymat(ks, NULL, 3, 0xc1a2b3d4, &qni, &qnr, 50, longer) == 0);
		CHECK(memcmp(keymat, longer, 36) == 0);
		CHECK(qm_keymat(ks, &pfs, 3, 0xc1a2b3d4, &qni, &qnr, 64, keymat) == 0);
		CHECK(equal_hex(keymat, 64, "ddb945cf164be9b531c891bc2ae5b1cec07dbc5fe400cd25a4ec4012d84330b4"
					    "6be86c3acdb9e2ccd637aef9631d16fdb65a0370235a328cf17755e7529eb29b"));
		/* The other direction's SPI gives other keys. */
		CHECK(qm_keymat(ks, NULL, 3, 0xc1a2b3d5, &qni, &qnr, 36, longer) == 0);
		CHECK(memcmp(keymat, longer, 36) != 0);
	}
	keyset_free(ks);
}

int main(void)
{
	cky_i = hexb(cky_i_hex);
	cky_r = hexb(cky_r_hex);
	ni = hexb("b9a2d0e922dc66dd");
	nr = hexb("2130166863b5ddef");
	gxy = hexb("739003ba2c11c982946c65e26acf661fbf8ebb78011a9fead79efa12fe3e71cc");
	gxi = hexb("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		   "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		   "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
		   "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f");
	gxr = hexb("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		   "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
		   "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
		   "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
	sai_b = hexb("00000001 00000001 00000030 01010001 00000028 01010000 80010007 800e0100"
		     " 80020002 80030001 80040002 800b0001 000c0004 00015180");
	idii_b = hexb("01000000 c0000201");
	idir_b = hexb("01000000 c0000202");

	test_acvp_psk();
	test_acvp_dsa();
	test_sha256_keyset();
	test_cipher_key();
	test_phase1_hashes();
	test_ivs();
	test_phase2_hashes();
	return check_done("test_crypto_keymat");
}
