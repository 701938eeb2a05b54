/* ESP round trips for every cipher and integrity combination the backend offers,
 * the wire layout (lengths, padding, trailer), and the combinations it refuses. */
#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>

#include "tests/unit/check.h"
#include "tests/unit/esp_helpers.h"

struct alg { const char *name; int id; size_t key_len; };

static const struct alg ciphers[] = {
	{ "null", DP_ENC_NULL, 0 }, { "3des", DP_ENC_3DES, 24 }, { "aes128", DP_ENC_AES_CBC, 16 },
	{ "aes192", DP_ENC_AES_CBC, 24 }, { "aes256", DP_ENC_AES_CBC, 32 },
};
static const struct alg integrity[] = {
	{ "md5", DP_AUTH_HMAC_MD5_96, 16 }, { "sha1", DP_AUTH_HMAC_SHA1_96, 20 },
	{ "sha256", DP_AUTH_HMAC_SHA256_128, 32 }, { "sha384", DP_AUTH_HMAC_SHA384_192, 48 },
	{ "sha512", DP_AUTH_HMAC_SHA512_256, 64 },
};
static const struct esp_case gcm_cases[] = {
	{ "aes128gcm16", DP_ENC_AES_GCM16, 20, DP_AUTH_NONE, 0 },
	{ "aes192gcm16", DP_ENC_AES_GCM16, 28, DP_AUTH_NONE, 0 },
	{ "aes256gcm16", DP_ENC_AES_GCM16, 36, DP_AUTH_NONE, 0 },
};

static const size_t inner_lens[] = { 20, 21, 28, 36, 40, 63, 64, 65, 84, 100, 576, 1399, 1400, 1500 };

struct wire { size_t iv, icv, block; };

static struct wire expected_wire(const struct esp_case *c)
{
	struct wire w = { 0, 0, 4 };
	static const size_t icv[] = { [DP_AUTH_HMAC_MD5_96] = 12, [DP_AUTH_HMAC_SHA1_96] = 12,
		[DP_AUTH_HMAC_SHA256_128] = 16, [DP_AUTH_HMAC_SHA384_192] = 24,
		[DP_AUTH_HMAC_SHA512_256] = 32 };

	if (c->enc == DP_ENC_AES_CBC)
		w.iv = w.block = 16;
	else if (c->enc == DP_ENC_3DES)
		w.iv = w.block = 8;
	else if (c->enc == DP_ENC_AES_GCM16)
		w.iv = 8;
	w.icv = c->enc == DP_ENC_AES_GCM16 ? 16 : icv[c->auth];
	return w;
}

static void round_trip(const struct esp_case *c, struct esp_crypto *tx, struct esp_crypto *rx,
		       size_t inner_len, uint32_t seq)
{
	uint8_t mem[TEST_BUF], inner[2048];
	struct esp_buf b = { mem, sizeof(mem), ESP_HEADROOM, inner_len };
	struct wire w = expected_wire(c);
	size_t body;

	test_inner(inner, inner_len, (uint8_t)seq);
	memcpy(mem + ESP_HEADROOM, inner, inner_len);
	CHECK(esp_encrypt(tx, 0x1000, seq, &b) == ESP_OK);
	CHECK(b.off == ESP_HEADROOM - 8 - w.iv);
	CHECK(esp_spi(mem + b.off) == 0x1000 && esp_seq(mem + b.off) == seq);
	body = b.len - 8 - w.iv - w.icv;
	CHECK(body % w.block == 0 && body >= inner_len + 2 && body < inner_len + 2 + w.block);
	CHECK(b.len == 8 + w.iv + body + w.icv && esp_overhead(tx, inner_len) == b.len - inner_len);
	if (c->enc == DP_ENC_NULL) {
		/* The trailer is in the clear: pad bytes 1, 2, 3..., pad length, 4. */
		const uint8_t *t = mem + b.off + 8 + inner_len;
		size_t pad = body - inner_len - 2;
		for (size_t i = 0; i < pad; i++)
			CHECK(t[i] == i + 1);
		CHECK(t[pad] == pad && t[pad + 1] == ESP_NEXT_IPV4);
	} else {
		CHECK(memcmp(mem + b.off + 8 + w.iv, inner, inner_len < 16 ? inner_len : 16) != 0);
	}
	CHECK(esp_decrypt(rx, NULL, &b) == ESP_OK);
	CHECK(b.len == inner_len);
	CHECK_MEM(mem + b.off, inner, inner_len);
}

static void test_case(const struct esp_case *c)
{
	struct dp_sa sa = test_sa(c->enc, c->enc_key_len, c->auth, c->auth_key_len);
	struct esp_crypto tx, rx;
	uint32_t seq = 1;

	CHECK(esp_crypto_init(&tx, &sa) == 0);
	CHECK(esp_crypto_init(&rx, &sa) == 0);
	for (size_t i = 0; i < ARRAY_SIZE(inner_lens); i++)
		round_trip(c, &tx, &rx, inner_lens[i], seq++);
	/* Reused contexts: many packets through the same pair. */
	for (int i = 0; i < 200; i++)
		round_trip(c, &tx, &rx, 60 + (size_t)i, seq++);
	esp_crypto_free(&tx);
	esp_crypto_free(&rx);
}

/* Two packets with the same content differ on the wire (fresh IV or counter). */
static void test_iv_unique(void)
{
	struct dp_sa sa = test_sa(DP_ENC_AES_CBC, 16, DP_AUTH_HMAC_SHA1_96, 20);
	struct esp_crypto c;
	uint8_t a[TEST_BUF], b2[TEST_BUF];
	struct esp_buf ba = { a, sizeof(a), ESP_HEADROOM, 100 }, bb = { b2, sizeof(b2), ESP_HEADROOM, 100 };

	CHECK(esp_crypto_init(&c, &sa) == 0);
	test_inner(a + ESP_HEADROOM, 100, 1);
	test_inner(b2 + ESP_HEADROOM, 100, 1);
	CHECK(esp_encrypt(&c, 1, 1, &ba) == ESP_OK && esp_encrypt(&c, 1, 2, &bb) == ESP_OK);
	CHECK(memcmp(a + ba.off + 8, b2 + bb.off + 8, 16) != 0);
	CHECK(memcmp(a + ba.off + 24, b2 + bb.off + 24, 16) != 0);
	esp_crypto_free(&c);
}

static void test_refused(void)
{
	struct esp_crypto c;
	struct dp_sa sa;

	sa = test_sa(DP_ENC_AES_CBC, 16, DP_AUTH_NONE, 0);
	CHECK(esp_crypto_init(&c, &sa) == -EINVAL);          /* no integrity */
	sa = test_sa(DP_ENC_NULL, 0, DP_AUTH_NONE, 0);
	CHECK(esp_crypto_init(&c, &sa) == -EINVAL);
	sa = test_sa(DP_ENC_AES_GCM16, 20, DP_AUTH_HMAC_SHA1_96, 20);
	CHECK(esp_crypto_init(&c, &sa) == -EINVAL);          /* GCM has its own ICV */
	sa = test_sa(DP_ENC_AES_CBC, 20, DP_AUTH_HMAC_SHA1_96, 20);
	CHECK(esp_crypto_init(&c, &sa) == -EINVAL);
	sa = test_sa(DP_ENC_AES_GCM16, 16, DP_AUTH_NONE, 0);
	CHECK(esp_crypto_init(&c, &sa) == -EINVAL);          /* no salt */
	sa = test_sa(DP_ENC_3DES, 16, DP_AUTH_HMAC_SHA1_96, 20);
	CHECK(esp_crypto_init(&c, &sa) == -EINVAL);
	sa = test_sa(DP_ENC_AES_CBC, 16, DP_AUTH_HMAC_SHA256_128, 20);
	CHECK(esp_crypto_init(&c, &sa) == -EINVAL);          /* RFC 4868: 32-byte key */
	sa = test_sa(DP_ENC_NULL, 4, DP_AUTH_HMAC_SHA1_96, 20);
	CHECK(esp_crypto_init(&c, &sa) == -EINVAL);
}

static void test_no_room(void)
{
	struct dp_sa sa = test_sa(DP_ENC_AES_CBC, 16, DP_AUTH_HMAC_SHA1_96, 20);
	struct esp_crypto c;
	uint8_t mem[200];
	struct esp_buf head = { mem, sizeof(mem), 8, 50 }, tail = { mem, sizeof(mem), ESP_HEADROOM, 170 };

	CHECK(esp_crypto_init(&c, &sa) == 0);
	CHECK(esp_encrypt(&c, 1, 1, &head) == ESP_ERR_NO_ROOM);
	CHECK(esp_encrypt(&c, 1, 1, &tail) == ESP_ERR_NO_ROOM);
	esp_crypto_free(&c);
}

/* Every allocation OpenSSL makes goes through these once they are installed. */
static unsigned long openssl_allocs;
static void *count_malloc(size_t n, const char *file, int line)
{
	(void)file; (void)line;
	openssl_allocs++;
	return malloc(n);
}
static void *count_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file; (void)line;
	openssl_allocs++;
	return realloc(p, n);
}
static void count_free(void *p, const char *file, int line)
{
	(void)file; (void)line;
	free(p);
}

/* Contexts are built once per SA; per packet, the ciphers and GCM allocate nothing.
 * OpenSSL 3.0's HMAC does: re-arming a keyed HMAC context copies two digest
 * states (EVP_MD_CTX_copy_ex -> dupctx), one allocation each, freed at once. That
 * is the bound held here, so that anything more (a context per packet) shows. */
static void test_no_per_packet_allocation(enum dp_enc enc, size_t key_len, enum dp_auth auth, size_t auth_len)
{
	unsigned long allowed_per_packet = auth == DP_AUTH_NONE ? 0 : 2 * 2;
	struct dp_sa sa = test_sa(enc, key_len, auth, auth_len);
	struct esp_crypto tx, rx;
	unsigned long before;
	uint8_t mem[TEST_BUF];

	CHECK(esp_crypto_init(&tx, &sa) == 0 && esp_crypto_init(&rx, &sa) == 0);
	before = openssl_allocs;
	for (uint32_t seq = 1; seq <= 1000; seq++) {
		struct esp_buf b = { mem, sizeof(mem), ESP_HEADROOM, 1400 };
		test_inner(mem + ESP_HEADROOM, 1400, 0);
		CHECK(esp_encrypt(&tx, 9, seq, &b) == ESP_OK && esp_decrypt(&rx, NULL, &b) == ESP_OK);
	}
	CHECK(openssl_allocs - before <= 1000 * allowed_per_packet);
	esp_crypto_free(&tx);
	esp_crypto_free(&rx);
}

int main(void)
{
	CHECK(CRYPTO_set_mem_functions(count_malloc, count_realloc, count_free) == 1);
	test_no_per_packet_allocation(DP_ENC_AES_CBC, 16, DP_AUTH_HMAC_SHA1_96, 20);
	test_no_per_packet_allocation(DP_ENC_3DES, 24, DP_AUTH_HMAC_SHA512_256, 64);
	test_no_per_packet_allocation(DP_ENC_AES_GCM16, 36, DP_AUTH_NONE, 0);
	CHECK(openssl_allocs > 0);          /* the counter does see OpenSSL's allocations */
	for (size_t e = 0; e < ARRAY_SIZE(ciphers); e++) {
		for (size_t a = 0; a < ARRAY_SIZE(integrity); a++) {
			struct esp_case c = { ciphers[e].name, (enum dp_enc)ciphers[e].id, ciphers[e].key_len,
					      (enum dp_auth)integrity[a].id, integrity[a].key_len };
			int before = check_failures;
			test_case(&c);
			if (check_failures != before)
				fprintf(stderr, "  in %s/%s\n", ciphers[e].name, integrity[a].name);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(gcm_cases); i++)
		test_case(&gcm_cases[i]);
	test_iv_unique();
	test_refused();
	test_no_room();
	return check_done("test_esp");
}
