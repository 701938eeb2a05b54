#include <string.h>

#include "crypto/secure.h"
#include "tests/unit/check.h"

static void test_alloc(void)
{
	struct bytes b;
	uint8_t *p = secure_alloc(100);

	/* sodium_malloc fills with 0xdb; secure_alloc promises zeros. */
	for (size_t i = 0; i < 100; i++)
		CHECK(p[i] == 0);
	memset(p, 0x5a, 100);
	secure_free(p);
	secure_free(NULL);

	secure_bytes_alloc(&b, 32);
	CHECK(b.ptr && b.len == 32);
	secure_bytes_free(&b);
	CHECK(!b.ptr && b.len == 0);
}

static void test_wipe_and_equal(void)
{
	uint8_t key[16], zero[16] = { 0 }, other[16];

	memset(key, 0xa5, sizeof(key));
	memcpy(other, key, sizeof(key));
	CHECK(secure_equal(key, other, sizeof(key)));
	other[15] ^= 1;
	CHECK(!secure_equal(key, other, sizeof(key)));
	secure_wipe(key, sizeof(key));
	CHECK(memcmp(key, zero, sizeof(key)) == 0);
}

static void test_random(void)
{
	uint8_t a[32], b[32], cookie[8], zero[8] = { 0 };
	bool all_in_range = true;

	random_bytes(a, sizeof(a));
	random_bytes(b, sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	for (int i = 0; i < 1000; i++) {
		random_cookie(cookie);
		if (memcmp(cookie, zero, 8) == 0 || random_spi() < 256 || random_msgid() == 0 ||
		    random_uniform(7) >= 7)
			all_in_range = false;
	}
	CHECK(all_in_range);
	random_nonce(a, sizeof(a));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
}

int main(void)
{
	CHECK(secure_init() == 0);
	CHECK(secure_init() == 0);
	test_alloc();
	test_wipe_and_equal();
	test_random();
	return check_done("test_crypto_secure");
}
