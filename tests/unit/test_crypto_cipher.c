/* CBC vectors: NIST SP 800-38A F.2.1/F.2.3/F.2.5 (AES), NIST TDES MMT examples as
 * shipped with strongSwan (3DES), FIPS 81 (DES). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "crypto/cipher.h"
#include "platform/util.h"
#include "tests/unit/check.h"

static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t len = 0;

	if (sodium_hex2bin(out, max, hex, strlen(hex), " ", &len, NULL) != 0)
		return (size_t)-1;
	return len;
}

struct cbc_case {
	unsigned encr, key_bits;
	const char *key, *iv, *plain, *cipher;
};

#define SP800_38A_IV "000102030405060708090a0b0c0d0e0f"
#define SP800_38A_PLAIN "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51" \
	" 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710"

static const struct cbc_case cases[] = {
	{ IKE_ENCR_AES_CBC, 128, "2b7e151628aed2a6abf7158809cf4f3c", SP800_38A_IV, SP800_38A_PLAIN,
	  "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2"
	  " 73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7" },
	{ IKE_ENCR_AES_CBC, 192, "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", SP800_38A_IV,
	  SP800_38A_PLAIN,
	  "4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a"
	  " 571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd" },
	{ IKE_ENCR_AES_CBC, 256, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
	  SP800_38A_IV, SP800_38A_PLAIN,
	  "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d"
	  " 39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b" },
	{ IKE_ENCR_3DES_CBC, 0, "627f460e08104a1043cd265d5840eaf1313edf97df2a8a8c", "8e29f75ea77e5475",
	  "326a494cd33fe756", "b22b8d66de970692" },
	{ IKE_ENCR_3DES_CBC, 0, "37ae5ebf46dff2dc0754b94f31cbb3855e7fd36dc870bfae", "3d1de3cc132e3b65",
	  "84401f78fe6c10876d8ea23094ea5309", "7b1f7c7e3b1c948ebd04a75ffba7d2f5" },
	{ IKE_ENCR_DES_CBC, 0, "0123456789abcdef", "1234567890abcdef",
	  "4e6f77206973207468652074696d6520666f7220616c6c20",   /* "Now is the time for all " */
	  "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6" },
};

static void run_case(const struct cbc_case *tc)
{
	const struct cipher *c = cipher_by_ike(tc->encr, tc->key_bits);
	uint8_t key[32], iv[16], plain[64], want[64], out[64], next_iv[16];
	size_t len, bs;

	if (!c) {
		CHECK(tc->encr == IKE_ENCR_DES_CBC && !cipher_des_available());
		return;
	}
	bs = cipher_block_size(c);
	CHECK(unhex(tc->key, key, sizeof(key)) == cipher_key_len(c));
	CHECK(unhex(tc->iv, iv, sizeof(iv)) == bs);
	len = unhex(tc->plain, plain, sizeof(plain));
	CHECK(unhex(tc->cipher, want, sizeof(want)) == len);

	CHECK(cipher_encrypt(c, key, iv, plain, len, out, next_iv) == 0);
	CHECK_MEM(out, want, len);
	CHECK_MEM(next_iv, want + len - bs, bs);

	memset(next_iv, 0, sizeof(next_iv));
	CHECK(cipher_decrypt(c, key, iv, want, len, out, next_iv) == 0);
	CHECK_MEM(out, plain, len);
	CHECK_MEM(next_iv, want + len - bs, bs);

	/* In place, and with the IV buffer reused for the next IV, as the engine does. */
	memcpy(out, want, len);
	memcpy(next_iv, iv, bs);
	CHECK(cipher_decrypt(c, key, next_iv, out, len, out, next_iv) == 0);
	CHECK_MEM(out, plain, len);
	CHECK_MEM(next_iv, want + len - bs, bs);
}

/* IKEv1 chaining (RFC 2409 App. B): encrypting a message as two messages, the second
 * with the first's last block as IV, gives the same bytes as one CBC run. */
static void test_chaining(void)
{
	const struct cipher *c = cipher_by_ike(IKE_ENCR_AES_CBC, 128);
	uint8_t key[16], iv[16], plain[64], want[64], out[64];
	size_t len;

	unhex(cases[0].key, key, sizeof(key));
	unhex(cases[0].iv, iv, sizeof(iv));
	len = unhex(cases[0].plain, plain, sizeof(plain));
	unhex(cases[0].cipher, want, sizeof(want));
	CHECK(cipher_encrypt(c, key, iv, plain, 32, out, iv) == 0);
	CHECK(cipher_encrypt(c, key, iv, plain + 32, len - 32, out + 32, iv) == 0);
	CHECK_MEM(out, want, len);
	CHECK_MEM(iv, want + len - 16, 16);
}

static void test_lookup_and_errors(void)
{
	const struct cipher *aes = cipher_by_ike(IKE_ENCR_AES_CBC, 0);
	const struct cipher *des3 = cipher_by_ike(IKE_ENCR_3DES_CBC, 0);
	uint8_t key[32] = { 0 }, iv[16] = { 0 }, buf[40] = { 0 };

	CHECK(aes && cipher_key_len(aes) == 16 && cipher_block_size(aes) == 16);
	CHECK(aes == cipher_by_ike(IKE_ENCR_AES_CBC, 128));
	CHECK(cipher_key_len(cipher_by_ike(IKE_ENCR_AES_CBC, 256)) == 32);
	CHECK(des3 && cipher_key_len(des3) == 24 && cipher_block_size(des3) == 8 && !cipher_is_weak(des3));
	CHECK_STR(cipher_name(des3), "3des");
	CHECK(cipher_ike_id(des3) == IKE_ENCR_3DES_CBC);
	CHECK(cipher_by_ike(IKE_ENCR_AES_CBC, 64) == NULL);
	CHECK(cipher_by_ike(IKE_ENCR_3DES_CBC, 192) == NULL);
	CHECK(cipher_by_ike(2, 0) == NULL);   /* IDEA */
	CHECK(cipher_by_ike(8, 128) == NULL); /* Camellia */
	/* Not whole blocks, or nothing at all: refused, never padded. */
	CHECK(cipher_encrypt(aes, key, iv, buf, 20, buf, iv) < 0);
	CHECK(cipher_decrypt(aes, key, iv, buf, 8, buf, iv) < 0);
	CHECK(cipher_encrypt(aes, key, iv, buf, 0, buf, iv) < 0);
	CHECK(cipher_encrypt(des3, key, iv, buf, 12, buf, iv) < 0);
	if (cipher_des_available()) {
		const struct cipher *des = cipher_by_ike(IKE_ENCR_DES_CBC, 0);

		CHECK(des && cipher_is_weak(des) && cipher_key_len(des) == 8);
	}
	fprintf(stderr, "test_crypto_cipher: DES (legacy provider) %s\n",
		cipher_des_available() ? "available" : "not available");
}

int main(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
	test_chaining();
	test_lookup_and_errors();
	return check_done("test_crypto_cipher");
}
