/* Tampered packets: every single-byte change of a valid packet fails, every
 * truncation fails without reading outside the packet, and the replay window only
 * moves for authentic packets. Run it under --enable-sanitizers to see the bounds. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>

#include "tests/unit/check.h"
#include "tests/unit/esp_helpers.h"

static const struct esp_case cases[] = {
	{ "aes128/sha1", DP_ENC_AES_CBC, 16, DP_AUTH_HMAC_SHA1_96, 20 },
	{ "3des/md5", DP_ENC_3DES, 24, DP_AUTH_HMAC_MD5_96, 16 },
	{ "null/sha256", DP_ENC_NULL, 0, DP_AUTH_HMAC_SHA256_128, 32 },
	{ "aes256/sha512", DP_ENC_AES_CBC, 32, DP_AUTH_HMAC_SHA512_256, 64 },
	{ "aes256gcm16", DP_ENC_AES_GCM16, 36, DP_AUTH_NONE, 0 },
};

static size_t make_packet(struct esp_crypto *c, uint8_t *out, uint32_t seq, size_t inner_len)
{
	uint8_t mem[TEST_BUF];
	struct esp_buf b = { mem, sizeof(mem), ESP_HEADROOM, inner_len };

	test_inner(mem + ESP_HEADROOM, inner_len, 5);
	CHECK(esp_encrypt(c, 0x2000, seq, &b) == ESP_OK);
	memcpy(out, mem + b.off, b.len);
	return b.len;
}

/* Decrypts a copy in a buffer of exactly its size, so that ASan sees overreads. */
static enum esp_status try_decrypt(struct esp_crypto *c, struct replay_window *w, const uint8_t *pkt,
				   size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	struct esp_buf b = { copy, len, 0, len };
	enum esp_status st;

	memcpy(copy, pkt, len);
	st = esp_decrypt(c, w, &b);
	free(copy);
	return st;
}

static void flip_every_byte(struct esp_crypto *c, const uint8_t *pkt, size_t len)
{
	uint8_t bad[2048];
	int accepted = 0;

	for (size_t i = 4; i < len; i++) {       /* bytes 0-3, the SPI, select the SA */
		for (int bit = 0; bit < 8; bit += 7) {
			struct replay_window w;
			replay_init(&w, 64);
			memcpy(bad, pkt, len);
			bad[i] ^= (uint8_t)(1 << bit);
			if (try_decrypt(c, &w, bad, len) == ESP_OK)
				accepted++;
			CHECK(w.top == 0);      /* nothing authentic: the window did not move */
		}
	}
	CHECK(accepted == 0);
}

static void truncate_everywhere(struct esp_crypto *c, const uint8_t *pkt, size_t len)
{
	int accepted = 0;

	for (size_t n = 0; n < len; n++)
		if (try_decrypt(c, NULL, pkt, n) == ESP_OK)
			accepted++;
	CHECK(accepted == 0);
}

static void replayed(struct esp_crypto *c, const uint8_t *pkt, size_t len)
{
	struct replay_window w;

	replay_init(&w, 64);
	CHECK(try_decrypt(c, &w, pkt, len) == ESP_OK);
	CHECK(try_decrypt(c, &w, pkt, len) == ESP_ERR_REPLAY);
	CHECK(w.top == 7);
}

/* Packets with a valid ICV but a wrong trailer, which only a key holder can make:
 * NULL encryption lets the test write them with its own HMAC. They show that the
 * trailer is checked, after authentication. */
static enum esp_status forged(struct esp_crypto *c, const uint8_t *key, const uint8_t *trailer,
			      size_t trailer_len)
{
	uint8_t pkt[256], mac[EVP_MAX_MD_SIZE];
	unsigned mac_len;
	size_t len = 0;

	memcpy(pkt, "\x00\x00\x20\x00\x00\x00\x00\x09", 8);
	len = 8;
	test_inner(pkt + len, 40, 2);
	len += 40;
	memcpy(pkt + len, trailer, trailer_len);
	len += trailer_len;
	HMAC(EVP_sha256(), key, 32, pkt, len, mac, &mac_len);
	memcpy(pkt + len, mac, 16);
	return try_decrypt(c, NULL, pkt, len + 16);
}

static void forged_trailers(void)
{
	struct dp_sa sa = test_sa(DP_ENC_NULL, 0, DP_AUTH_HMAC_SHA256_128, 32);
	struct esp_crypto c;

	CHECK(esp_crypto_init(&c, &sa) == 0);
	CHECK(forged(&c, sa.auth_key, (const uint8_t *)"\x01\x02\x02\x04", 4) == ESP_OK);
	CHECK(forged(&c, sa.auth_key, (const uint8_t *)"\x01\x03\x02\x04", 4) == ESP_ERR_PADDING);
	CHECK(forged(&c, sa.auth_key, (const uint8_t *)"\x02\x01\x02\x04", 4) == ESP_ERR_PADDING);
	CHECK(forged(&c, sa.auth_key, (const uint8_t *)"\x01\x02\xc8\x04", 4) == ESP_ERR_PADDING);
	CHECK(forged(&c, sa.auth_key, (const uint8_t *)"\x01\x02\x02\x11", 4) == ESP_ERR_NEXT_HEADER);
	CHECK(forged(&c, sa.auth_key, (const uint8_t *)"\x01\x02\x02\x3b", 4) == ESP_DUMMY);
	esp_crypto_free(&c);
}

int main(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dp_sa sa = test_sa(cases[i].enc, cases[i].enc_key_len, cases[i].auth,
					  cases[i].auth_key_len);
		struct esp_crypto c;
		uint8_t pkt[2048];
		size_t len;

		CHECK(esp_crypto_init(&c, &sa) == 0);
		len = make_packet(&c, pkt, 7, 84);
		CHECK(try_decrypt(&c, NULL, pkt, len) == ESP_OK);
		flip_every_byte(&c, pkt, len);
		truncate_everywhere(&c, pkt, len);
		replayed(&c, pkt, len);
		esp_crypto_free(&c);
	}
	forged_trailers();
	return check_done("test_esp_tamper");
}
