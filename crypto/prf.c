#include "crypto/prf.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

struct prf {
	unsigned ike_id;
	const char *name;
	const char *digest;   /* OpenSSL algorithm name */
	size_t len;
};

static const struct prf prfs[] = {
	{ IKE_HASH_MD5, "md5", "MD5", 16 },
	{ IKE_HASH_SHA1, "sha", "SHA1", 20 },
	{ IKE_HASH_SHA2_256, "sha256", "SHA2-256", 32 },
	{ IKE_HASH_SHA2_384, "sha384", "SHA2-384", 48 },
	{ IKE_HASH_SHA2_512, "sha512", "SHA2-512", 64 },
};

const struct prf *prf_by_ike_hash(unsigned hash_id)
{
	for (size_t i = 0; i < ARRAY_SIZE(prfs); i++)
		if (prfs[i].ike_id == hash_id)
			return &prfs[i];
	return NULL;
}

unsigned prf_ike_hash(const struct prf *prf)
{
	return prf->ike_id;
}

size_t prf_len(const struct prf *prf)
{
	return prf->len;
}

const char *prf_name(const struct prf *prf)
{
	return prf->name;
}

static int mac_feed(EVP_MAC_CTX *ctx, const struct chunk *in, size_t n_in)
{
	for (size_t i = 0; i < n_in; i++)
		if (in[i].len && !EVP_MAC_update(ctx, in[i].ptr, in[i].len))
			return -1;
	return 0;
}

int prf_chunks(const struct prf *prf, struct chunk key, const struct chunk *in, size_t n_in,
	       uint8_t *out)
{
	/* EVP_MAC_init treats a NULL key as "keep the previous one": an empty key (an
	 * empty PSK, say) must still be a real, zero-length key. */
	static const uint8_t empty_key[1];
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)prf->digest, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	size_t out_len = 0;
	int rc = -1;

	if (ctx && EVP_MAC_init(ctx, key.len ? key.ptr : empty_key, key.len, params) &&
	    mac_feed(ctx, in, n_in) == 0 && EVP_MAC_final(ctx, out, &out_len, prf->len) &&
	    out_len == prf->len)
		rc = 0;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return rc;
}

int hash_chunks(const struct prf *prf, const struct chunk *in, size_t n_in, uint8_t *out)
{
	EVP_MD *md = EVP_MD_fetch(NULL, prf->digest, NULL);
	EVP_MD_CTX *ctx = md ? EVP_MD_CTX_new() : NULL;
	unsigned out_len = 0;
	int rc = -1;

	if (!ctx || !EVP_DigestInit_ex(ctx, md, NULL))
		goto done;
	for (size_t i = 0; i < n_in; i++)
		if (in[i].len && !EVP_DigestUpdate(ctx, in[i].ptr, in[i].len))
			goto done;
	if (EVP_DigestFinal_ex(ctx, out, &out_len) && out_len == prf->len)
		rc = 0;
done:
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	return rc;
}
