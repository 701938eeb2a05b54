#include "crypto/cipher.h"

#include <openssl/evp.h>
#include <openssl/provider.h>
#include <string.h>

#include "platform/util.h"

struct cipher {
	unsigned ike_id;
	unsigned key_bits;
	const char *name;
	const char *evp_name;
	size_t key_len, block_size;
	bool weak;
	bool legacy;   /* lives in the legacy provider */
};

static const struct cipher ciphers[] = {
	{ IKE_ENCR_DES_CBC, 0, "des", "DES-CBC", 8, 8, true, true },
	{ IKE_ENCR_3DES_CBC, 0, "3des", "DES-EDE3-CBC", 24, 8, false, false },
	{ IKE_ENCR_AES_CBC, 128, "aes", "AES-128-CBC", 16, 16, false, false },
	{ IKE_ENCR_AES_CBC, 192, "aes-192", "AES-192-CBC", 24, 16, false, false },
	{ IKE_ENCR_AES_CBC, 256, "aes-256", "AES-256-CBC", 32, 16, false, false },
};

/* DES is loaded into a library context of its own: loading the legacy provider
 * into the default context would stop OpenSSL from auto-loading the default one. */
static OSSL_LIB_CTX *legacy_ctx;
static bool legacy_tried;

static OSSL_LIB_CTX *legacy_libctx(void)
{
	if (!legacy_tried) {
		legacy_tried = true;
		legacy_ctx = OSSL_LIB_CTX_new();
		if (legacy_ctx && !OSSL_PROVIDER_load(legacy_ctx, "legacy")) {
			OSSL_LIB_CTX_free(legacy_ctx);
			legacy_ctx = NULL;
		}
	}
	return legacy_ctx;
}

static EVP_CIPHER *cipher_fetch(const struct cipher *c)
{
	if (c->legacy)
		return legacy_libctx() ? EVP_CIPHER_fetch(legacy_ctx, c->evp_name, NULL) : NULL;
	return EVP_CIPHER_fetch(NULL, c->evp_name, NULL);
}

bool cipher_des_available(void)
{
	EVP_CIPHER *des = cipher_fetch(&ciphers[0]);

	EVP_CIPHER_free(des);
	return des != NULL;
}

const struct cipher *cipher_by_ike(unsigned encr_id, unsigned key_bits)
{
	if (encr_id == IKE_ENCR_AES_CBC && key_bits == 0)
		key_bits = 128;
	for (size_t i = 0; i < ARRAY_SIZE(ciphers); i++) {
		const struct cipher *c = &ciphers[i];

		if (c->ike_id != encr_id || c->key_bits != key_bits)
			continue;
		return c->legacy && !cipher_des_available() ? NULL : c;
	}
	return NULL;
}

size_t cipher_key_len(const struct cipher *c)
{
	return c->key_len;
}

size_t cipher_block_size(const struct cipher *c)
{
	return c->block_size;
}

const char *cipher_name(const struct cipher *c)
{
	return c->name;
}

unsigned cipher_ike_id(const struct cipher *c)
{
	return c->ike_id;
}

bool cipher_is_weak(const struct cipher *c)
{
	return c->weak;
}

static int cbc_run(const struct cipher *c, const uint8_t *key, const uint8_t *iv,
		   const uint8_t *in, size_t len, uint8_t *out, bool encrypt)
{
	EVP_CIPHER *evp = cipher_fetch(c);
	EVP_CIPHER_CTX *ctx = evp ? EVP_CIPHER_CTX_new() : NULL;
	int out_len = 0, final_len = 0, rc = -1;

	if (len == 0 || len % c->block_size || len > (size_t)INT32_MAX)
		goto done;
	if (ctx && EVP_CipherInit_ex2(ctx, evp, key, iv, encrypt, NULL) &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	    EVP_CipherUpdate(ctx, out, &out_len, in, (int)len) &&
	    EVP_CipherFinal_ex(ctx, out + out_len, &final_len) &&
	    (size_t)out_len + (size_t)final_len == len)
		rc = 0;
done:
	EVP_CIPHER_CTX_free(ctx);   /* cleanses the key schedule */
	EVP_CIPHER_free(evp);
	return rc;
}

int cipher_encrypt(const struct cipher *c, const uint8_t *key, const uint8_t *iv,
		   const uint8_t *in, size_t len, uint8_t *out, uint8_t *next_iv)
{
	if (cbc_run(c, key, iv, in, len, out, true) < 0)
		return -1;
	memmove(next_iv, out + len - c->block_size, c->block_size);
	return 0;
}

int cipher_decrypt(const struct cipher *c, const uint8_t *key, const uint8_t *iv,
		   const uint8_t *in, size_t len, uint8_t *out, uint8_t *next_iv)
{
	uint8_t last_block[CIPHER_MAX_BLOCK];

	if (len < c->block_size)
		return -1;
	/* Saved first: decrypting in place overwrites the ciphertext. */
	memcpy(last_block, in + len - c->block_size, c->block_size);
	if (cbc_run(c, key, iv, in, len, out, false) < 0)
		return -1;
	memcpy(next_iv, last_block, c->block_size);
	return 0;
}
