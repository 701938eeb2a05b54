#include "crypto/secure.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool sodium_ready;

int secure_init(void)
{
	if (sodium_ready)
		return 0;
	if (sodium_init() < 0)
		return -1;
	sodium_ready = true;
	return 0;
}

static void need_sodium(void)
{
	if (secure_init() < 0) {
		/* No randomness means no safe cookie, nonce or key: nothing may go on. */
		fputs("rampart: libsodium failed to initialise\n", stderr);
		abort();
	}
}

void *secure_alloc(size_t len)
{
	void *p;

	need_sodium();
	/* sodium_malloc still succeeds when mlock is refused (RLIMIT_MEMLOCK): the
	 * guard pages and the wipe on free are kept, only swapping is not prevented. */
	p = sodium_malloc(len ? len : 1);
	if (!p) {
		fputs("rampart: out of locked memory\n", stderr);
		abort();
	}
	memset(p, 0, len);
	return p;
}

void secure_free(void *p)
{
	sodium_free(p);
}

void secure_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}

void secure_bytes_alloc(struct bytes *b, size_t len)
{
	b->ptr = secure_alloc(len);
	b->len = len;
}

void secure_bytes_free(struct bytes *b)
{
	secure_free(b->ptr);
	b->ptr = NULL;
	b->len = 0;
}

bool secure_equal(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) == 0;
}

void random_bytes(void *buf, size_t len)
{
	need_sodium();
	randombytes_buf(buf, len);
}

uint32_t random_uniform(uint32_t upper_bound)
{
	need_sodium();
	return randombytes_uniform(upper_bound);
}

void random_cookie(uint8_t cookie[8])
{
	static const uint8_t zero[8];

	/* RFC 2408 §3.1: an all-zero responder cookie means "not yet assigned". */
	do
		random_bytes(cookie, 8);
	while (memcmp(cookie, zero, 8) == 0);
}

uint32_t random_spi(void)
{
	/* RFC 4303 §2.1: SPI values 1..255 are reserved by IANA, 0 is never sent. */
	return 256 + random_uniform(UINT32_MAX - 255);
}

uint32_t random_msgid(void)
{
	/* RFC 2409 §5.5: Phase-2 message IDs are random and non-zero. */
	return 1 + random_uniform(UINT32_MAX);
}

void random_nonce(uint8_t *nonce, size_t len)
{
	random_bytes(nonce, len);
}
