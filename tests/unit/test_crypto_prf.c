/* HMAC vectors: RFC 2202 (MD5, SHA-1) and RFC 4231 (SHA-2); hash vectors: the "abc"
 * examples of RFC 1321 and FIPS 180. */
#include <sodium.h>
#include <string.h>

#include "crypto/prf.h"
#include "platform/util.h"
#include "tests/unit/check.h"

static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t len = 0;

	if (sodium_hex2bin(out, max, hex, strlen(hex), " ", &len, NULL) != 0)
		return (size_t)-1;
	return len;
}

struct hmac_case {
	unsigned hash;
	uint8_t key_byte;      /* key = key_len copies of key_byte, unless key_text is set */
	size_t key_len;
	const char *key_text;
	const char *data;
	size_t data_dd;        /* data = data_dd bytes of 0xdd instead */
	const char *mac;
};


static const struct hmac_case hmac_cases[] = {
	{ IKE_HASH_MD5, 0x0b, 16, NULL, "Hi There", 0, "9294727a3638bb1c13f48ef8158bfc9d" },
	{ IKE_HASH_MD5, 0, 0, "Jefe", "what do ya want for nothing?", 0, "750c783e6ab0b503eaa86e310a5db738" },
	{ IKE_HASH_MD5, 0xaa, 16, NULL, NULL, 50, "56be34521d144c88dbb8c733f0e8b3f6" },
	{ IKE_HASH_MD5, 0xaa, 80, NULL, "Test Using Larger Than Block-Size Key - Hash Key First", 0,
	  "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd" },
	{ IKE_HASH_SHA1, 0x0b, 20, NULL, "Hi There", 0, "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ IKE_HASH_SHA1, 0, 0, "Jefe", "what do ya want for nothing?", 0,
	  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
	{ IKE_HASH_SHA1, 0xaa, 80, NULL, "Test Using Larger Than Block-Size Key - Hash Key First", 0,
	  "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
	{ IKE_HASH_SHA2_256, 0x0b, 20, NULL, "Hi There", 0,
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ IKE_HASH_SHA2_384, 0x0b, 20, NULL, "Hi There", 0,
	  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	  "faea9ea9076ede7f4af152e8b2fa9cb6" },
	{ IKE_HASH_SHA2_512, 0x0b, 20, NULL, "Hi There", 0,
	  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
	{ IKE_HASH_SHA2_256, 0, 0, "Jefe", "what do ya want for nothing?", 0,
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ IKE_HASH_SHA2_384, 0, 0, "Jefe", "what do ya want for nothing?", 0,
	  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	  "8e2240ca5e69e2c78b3239ecfab21649" },
	{ IKE_HASH_SHA2_512, 0, 0, "Jefe", "what do ya want for nothing?", 0,
	  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
	{ IKE_HASH_SHA2_256, 0xaa, 131, NULL, "Test Using Larger Than Block-Size Key - Hash Key First", 0,
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	{ IKE_HASH_SHA2_384, 0xaa, 131, NULL, "Test Using Larger Than Block-Size Key - Hash Key First", 0,
	  "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	  "0c2ef6ab4030fe8296248df163f44952" },
	{ IKE_HASH_SHA2_512, 0xaa, 131, NULL, "Test Using Larger Than Block-Size Key - Hash Key First", 0,
	  "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
};

static void test_hmac_vectors(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(hmac_cases); i++) {
		const struct hmac_case *c = &hmac_cases[i];
		const struct prf *prf = prf_by_ike_hash(c->hash);
		uint8_t key[131], data[64], want[PRF_MAX_LEN], got[PRF_MAX_LEN];
		size_t key_len = c->key_text ? strlen(c->key_text) : c->key_len;
		size_t data_len = c->data ? strlen(c->data) : c->data_dd;

		if (c->key_text)
			memcpy(key, c->key_text, key_len);
		else
			memset(key, c->key_byte, key_len);
		if (c->data)
			memcpy(data, c->data, data_len);
		else
			memset(data, 0xdd, data_len);
		CHECK(prf && unhex(c->mac, want, sizeof(want)) == prf_len(prf));
		CHECK(prf_chunks(prf, CHUNK(key, key_len), CHUNKS(CHUNK(data, data_len)), got) == 0);
		CHECK_MEM(got, want, prf_len(prf));
		/* The same input cut into three chunks, one of them empty. */
		memset(got, 0, sizeof(got));
		CHECK(prf_chunks(prf, CHUNK(key, key_len),
				 CHUNKS(CHUNK(data, 3), CHUNK(data, 0), CHUNK(data + 3, data_len - 3)),
				 got) == 0);
		CHECK_MEM(got, want, prf_len(prf));
	}
}

static void test_empty_key(void)
{
	/* An empty PSK must still be an (empty) HMAC key, not "no key". */
	const struct prf *prf = prf_by_ike_hash(IKE_HASH_SHA2_256);
	uint8_t want[32], got[32];

	unhex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", want, sizeof(want));
	CHECK(prf_chunks(prf, CHUNK(NULL, 0), CHUNKS(CHUNK(NULL, 0)), got) == 0);
	CHECK_MEM(got, want, 32);
}

static void test_hash_vectors(void)
{
	static const struct { unsigned hash; const char *digest; } cases[] = {
		{ IKE_HASH_MD5, "900150983cd24fb0d6963f7d28e17f72" },
		{ IKE_HASH_SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ IKE_HASH_SHA2_256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ IKE_HASH_SHA2_384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
				     "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7" },
		{ IKE_HASH_SHA2_512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
				     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct prf *prf = prf_by_ike_hash(cases[i].hash);
		uint8_t want[PRF_MAX_LEN], got[PRF_MAX_LEN];

		CHECK(unhex(cases[i].digest, want, sizeof(want)) == prf_len(prf));
		CHECK(hash_chunks(prf, CHUNKS(CHUNK("a", 1), CHUNK("bc", 2)), got) == 0);
		CHECK_MEM(got, want, prf_len(prf));
	}
}

static void test_table(void)
{
	static const struct { unsigned id; size_t len; const char *name; } want[] = {
		{ 1, 16, "md5" }, { 2, 20, "sha" }, { 4, 32, "sha256" }, { 5, 48, "sha384" }, { 6, 64, "sha512" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		const struct prf *prf = prf_by_ike_hash(want[i].id);

		CHECK(prf && prf_len(prf) == want[i].len && prf_ike_hash(prf) == want[i].id);
		CHECK_STR(prf ? prf_name(prf) : NULL, want[i].name);
	}
	CHECK(prf_by_ike_hash(0) == NULL);
	CHECK(prf_by_ike_hash(3) == NULL);   /* Tiger */
	CHECK(prf_by_ike_hash(7) == NULL);
}

int main(void)
{
	test_table();
	test_hmac_vectors();
	test_empty_key();
	test_hash_vectors();
	return check_done("test_crypto_prf");
}
