/* Shared by the ESP unit tests: SA parameters with fresh random keys, and a packet
 * buffer with the room esp_encrypt() needs. */
#ifndef RAMPART_TEST_ESP_HELPERS_H
#define RAMPART_TEST_ESP_HELPERS_H

#include <string.h>

#include "crypto/secure.h"
#include "platform/esp.h"

struct esp_case {
	const char *name;
	enum dp_enc enc;
	size_t enc_key_len;
	enum dp_auth auth;
	size_t auth_key_len;
};

static inline struct dp_sa test_sa(enum dp_enc enc, size_t enc_key_len, enum dp_auth auth, size_t auth_key_len)
{
	struct dp_sa sa;

	memset(&sa, 0, sizeof(sa));
	sa.spi = 0x1000;
	sa.mode = DP_MODE_TUNNEL;
	sa.enc = enc;
	sa.enc_key_len = enc_key_len;
	random_bytes(sa.enc_key, enc_key_len);
	sa.auth = auth;
	sa.auth_key_len = auth_key_len;
	random_bytes(sa.auth_key, auth_key_len);
	sa.replay_window = 64;
	return sa;
}

#define TEST_BUF (ESP_HEADROOM + 2048 + ESP_TAILROOM)

/* A fake inner IPv4 packet of len bytes (only the first byte matters to ESP). */
static inline void test_inner(uint8_t *buf, size_t len, uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed + i * 7);
	buf[0] = 0x45;
}

#endif
