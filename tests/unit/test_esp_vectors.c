/* Known answers: published ESP packets decrypted by esp_decrypt(), and packets that
 * esp_encrypt() produced checked by OpenSSL calls independent of esp.c.
 *   - RFC 3602 §4 case 7: tunnel-mode ESP with AES-128-CBC (the RFC gives no ICV,
 *     so the test appends an HMAC-SHA1-96 it computes itself).
 *   - draft-mcgrew-gcm-test-01 §4, the packet-level companion of RFC 4106: AES-GCM
 *     with 128- and 256-bit keys. Those packets carry next header 1 rather than 4,
 *     so esp_decrypt() authenticates, decrypts and then refuses them as not IPv4:
 *     the bytes are compared all the same. */
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "tests/unit/check.h"
#include "tests/unit/esp_helpers.h"

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v = *hex >= '0' && *hex <= '9' ? *hex - '0' : *hex >= 'a' && *hex <= 'f' ? *hex - 'a' + 10 : -1;
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

static void rfc3602_case7(void)
{
	static const char key[] = "0123456789abcdef0123456789abcdef";
	static const char esp[] =
		"00008765 00000002 f4e76524 4f6407ad f13dc138 0f673f37"
		"773b5241 a4c44922 5e4f3ce5 ed611b0c 237ca96c f74a9301 3c1b0ea1 a0cf70f8"
		"e4ecaec7 8ac53aad 7a0f022b 859243c6 47752e94 a859352b 8a4d4d2d ecd136e5"
		"c177f132 ad3fbfb2 201ac990 4c74ee0a 109e0ca1 e4dfe9d5 a100b842 f1c22f0d";
	static const char inner[] =
		"45000054 09040000 4001f988 c0a87b03 c0a87bc8 08009f76 a90a0100 b49c083d"
		"02a20400 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f 20212223"
		"24252627 28292a2b 2c2d2e2f 30313233 34353637";
	struct dp_sa sa = test_sa(DP_ENC_AES_CBC, 16, DP_AUTH_HMAC_SHA1_96, 20);
	uint8_t pkt[256], want[128], mac[EVP_MAX_MD_SIZE];
	size_t len = unhex(esp, pkt), want_len = unhex(inner, want);
	unsigned mac_len;
	struct esp_crypto c;
	struct esp_buf b;

	unhex(key, sa.enc_key);
	HMAC(EVP_sha1(), sa.auth_key, 20, pkt, len, mac, &mac_len);
	memcpy(pkt + len, mac, 12);
	b = (struct esp_buf){ pkt, sizeof(pkt), 0, len + 12 };
	CHECK(esp_crypto_init(&c, &sa) == 0);
	CHECK(esp_decrypt(&c, NULL, &b) == ESP_OK);
	CHECK(b.off == 24 && b.len == want_len);
	CHECK_MEM(pkt + b.off, want, want_len);
	esp_crypto_free(&c);
}

static void gcm_vector(const char *keymat, const char *packet, const char *plain)
{
	struct dp_sa sa = test_sa(DP_ENC_AES_GCM16, 0, DP_AUTH_NONE, 0);
	uint8_t pkt[256], want[128];
	size_t len = unhex(packet, pkt), want_len = unhex(plain, want);
	struct esp_crypto c;
	struct esp_buf b = { pkt, sizeof(pkt), 0, len };

	sa.enc_key_len = unhex(keymat, sa.enc_key);
	CHECK(esp_crypto_init(&c, &sa) == 0);
	CHECK(esp_decrypt(&c, NULL, &b) == ESP_ERR_NEXT_HEADER);
	CHECK_MEM(pkt + 16, want, want_len);
	/* One flipped ICV bit and the same packet is an integrity failure. */
	unhex(packet, pkt);
	pkt[len - 1] ^= 1;
	b = (struct esp_buf){ pkt, sizeof(pkt), 0, len };
	CHECK(esp_decrypt(&c, NULL, &b) == ESP_ERR_INTEGRITY);
	esp_crypto_free(&c);
}

static void gcm_vectors(void)
{
	gcm_vector("feffe992 8665731c 6d6a8f94 67308308 cafebabe",
		   "0000a5f8 0000000a facedbad decaf888 deb22cd9 b07c72c1 6e3a65be eb8df304"
		   "a5a5897d 33ae530f 1ba76d5d 114d2a5c 3de81827 c10e9a4f 51330d0e ec416642"
		   "cfbb85a5 b47e48a4 ec3b9ba9 5d918bd1 83b70d3a a8bc6ee4 c309e9d8 5a41ad4a",
		   "4500003e 698f0000 80114dcc c0a80102 c0a80101 0a980035 002a2343 b2d00100"
		   "00010000 00000000 03736970 09637962 65726369 74790264 6b000001 00010001");
	gcm_vector("abbccdde f0011223 34455667 78899aab abbccdde f0011223 34455667 78899aab 11223344",
		   "4a2cbfe3 00000002 01020304 05060708 ff425c9b 724599df 7a3bcd51 0194e00d"
		   "6a78107f 1b0b1cbf 06efae9d 65a5d763 748a6379 85771d34 7f054565 9f14e99d"
		   "ef842d8e b335f4ee cfdbf831 824b4c49 15956c96",
		   "45000030 69a64000 80062690 c0a80102 9389155e 0a9e008b 2dc57ee0 00000000"
		   "70024000 20bf0000 020405b4 01010402 01020201");
}

/* What esp_encrypt() sends, taken apart with plain OpenSSL calls. */
static void cbc_wire_format(void)
{
	struct dp_sa sa = test_sa(DP_ENC_AES_CBC, 32, DP_AUTH_HMAC_SHA256_128, 32);
	uint8_t mem[TEST_BUF], inner[100], plain[160], mac[EVP_MAX_MD_SIZE];
	struct esp_buf b = { mem, sizeof(mem), ESP_HEADROOM, sizeof(inner) };
	struct esp_crypto c;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	unsigned mac_len;
	int out_len;
	const uint8_t *esp;
	size_t body;

	test_inner(inner, sizeof(inner), 9);
	memcpy(mem + ESP_HEADROOM, inner, sizeof(inner));
	CHECK(esp_crypto_init(&c, &sa) == 0);
	CHECK(esp_encrypt(&c, 0xabcdef01, 77, &b) == ESP_OK);
	esp = mem + b.off;
	body = b.len - 8 - 16 - 16;
	CHECK(body == 112);                             /* 100 + 10 pad + 2 */
	HMAC(EVP_sha256(), sa.auth_key, 32, esp, b.len - 16, mac, &mac_len);
	CHECK_MEM(esp + b.len - 16, mac, 16);
	EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, sa.enc_key, esp + 8);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	CHECK(EVP_DecryptUpdate(ctx, plain, &out_len, esp + 24, (int)body) == 1 && out_len == (int)body);
	CHECK_MEM(plain, inner, sizeof(inner));
	for (int i = 0; i < 10; i++)
		CHECK(plain[100 + i] == i + 1);
	CHECK(plain[110] == 10 && plain[111] == 4);
	EVP_CIPHER_CTX_free(ctx);
	esp_crypto_free(&c);
}

/* RFC 4106: nonce = salt | explicit IV, AAD = SPI | sequence number. */
static void gcm_wire_format(void)
{
	struct dp_sa sa = test_sa(DP_ENC_AES_GCM16, 20, DP_AUTH_NONE, 0);
	uint8_t mem[TEST_BUF], inner[61], plain[80], nonce[12];
	struct esp_buf b = { mem, sizeof(mem), ESP_HEADROOM, sizeof(inner) };
	struct esp_crypto c;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	const uint8_t *esp;
	int out_len;
	size_t body;

	test_inner(inner, sizeof(inner), 3);
	memcpy(mem + ESP_HEADROOM, inner, sizeof(inner));
	CHECK(esp_crypto_init(&c, &sa) == 0);
	CHECK(esp_encrypt(&c, 0x01020304, 5, &b) == ESP_OK);
	esp = mem + b.off;
	body = b.len - 8 - 8 - 16;
	CHECK(body == 64);                              /* 61 + 1 pad + 2: 4-byte aligned */
	CHECK(esp[8] == 0 && esp[15] == 5);             /* the IV is the counter */
	memcpy(nonce, sa.enc_key + 16, 4);
	memcpy(nonce + 4, esp + 8, 8);
	EVP_DecryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, sa.enc_key, nonce);
	EVP_DecryptUpdate(ctx, NULL, &out_len, esp, 8);
	EVP_DecryptUpdate(ctx, plain, &out_len, esp + 16, (int)body);
	EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)(esp + 16 + body));
	CHECK(EVP_DecryptFinal_ex(ctx, plain + body, &out_len) == 1);
	CHECK_MEM(plain, inner, sizeof(inner));
	CHECK(plain[61] == 1 && plain[62] == 1 && plain[63] == 4);
	EVP_CIPHER_CTX_free(ctx);
	esp_crypto_free(&c);
}

int main(void)
{
	rfc3602_case7();
	gcm_vectors();
	cbc_wire_format();
	gcm_wire_format();
	return check_done("test_esp_vectors");
}
