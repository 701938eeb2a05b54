#include "crypto/dh.h"

#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/param_build.h>
#include <string.h>

#include "crypto/dh_group.h"
#include "crypto/secure.h"

static const struct dh_group groups[] = {
	/* RFC 2409 §6.1/§6.2: OpenSSL has the primes but no group names for them. */
	{ 1, DH_MODP, "modp768", NULL, BN_get_rfc2409_prime_768, 96, false },
	{ 2, DH_MODP, "modp1024", NULL, BN_get_rfc2409_prime_1024, 128, false },
	/* RFC 3526: OpenSSL's modp_* groups are exactly these (test_crypto_dh checks). */
	{ 5, DH_MODP, "modp1536", "modp_1536", NULL, 192, false },
	{ 14, DH_MODP, "modp2048", "modp_2048", NULL, 256, false },
	{ 15, DH_MODP, "modp3072", "modp_3072", NULL, 384, false },
	{ 16, DH_MODP, "modp4096", "modp_4096", NULL, 512, false },
	{ 19, DH_ECP, "ecp256", "P-256", NULL, 64, false },
	{ 20, DH_ECP, "ecp384", "P-384", NULL, 96, false },
	{ 21, DH_ECP, "ecp521", "P-521", NULL, 132, false },
	/* RFC 5114 §2.3: the prime is not safe, so a peer value must be proven to lie
	 * in the order-q subgroup (RFC 6989 §2.2). */
	{ 24, DH_MODP, "modp2048s256", "dh_2048_256", NULL, 256, true },
};

const struct dh_group *dh_group_find(unsigned id)
{
	for (size_t i = 0; i < ARRAY_SIZE(groups); i++)
		if (groups[i].id == id)
			return &groups[i];
	return NULL;
}

bool dh_group_supported(unsigned group)
{
	return dh_group_find(group) != NULL;
}

size_t dh_ke_len(unsigned group)
{
	const struct dh_group *g = dh_group_find(group);
	return g ? g->ke_len : 0;
}

const char *dh_group_name(unsigned group)
{
	const struct dh_group *g = dh_group_find(group);
	return g ? g->name : NULL;
}

unsigned dh_group(const struct dh *dh)
{
	return dh->group->id;
}

/* OSSL_PARAM_BLD keeps BIGNUM pointers until to_param(), so every BIGNUM pushed
 * lives until the key is built. The RFC 2409 groups get p and g = 2 but no q: given q,
 * OpenSSL 3 generates keys the FIPS 186-4 way and refuses primes under 112-bit
 * strength, which both of these are. Peer checks need only p (see peer_key()). */
static EVP_PKEY *fromdata_with(const struct dh_group *g, int selection, const struct dh_material *m,
			       OSSL_PARAM_BLD *bld)
{
	const char *type = g->kind == DH_ECP ? "EC" : "DH";
	BIGNUM *p = NULL, *gen = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	bool ok;

	if (g->ossl_group) {
		ok = OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, g->ossl_group, 0);
	} else {
		p = g->rfc_prime(NULL);
		gen = BN_new();
		ok = p && gen && BN_set_word(gen, 2) &&
		     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) &&
		     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, gen);
	}
	ok = ok && (!m->priv || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, m->priv));
	ok = ok && (!m->pub_modp || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, m->pub_modp));
	ok = ok && (!m->pub_point || OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
								       m->pub_point, m->pub_point_len));
	if (ok && (params = OSSL_PARAM_BLD_to_param(bld)) &&
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL)) &&
	    EVP_PKEY_fromdata_init(ctx) > 0)
		EVP_PKEY_fromdata(ctx, &pkey, selection, params);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	BN_free(p);
	BN_free(gen);
	return pkey;
}

EVP_PKEY *dh_group_fromdata(const struct dh_group *g, int selection, const struct dh_material *m)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY *pkey = bld ? fromdata_with(g, selection, m, bld) : NULL;

	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

struct dh *dh_new(unsigned group)
{
	const struct dh_group *g = dh_group_find(group);
	const struct dh_material none = { 0 };
	EVP_PKEY *domain = g ? dh_group_fromdata(g, EVP_PKEY_KEY_PARAMETERS, &none) : NULL;
	EVP_PKEY_CTX *ctx = domain ? EVP_PKEY_CTX_new_from_pkey(NULL, domain, NULL) : NULL;
	EVP_PKEY *key = NULL;
	struct dh *dh = NULL;

	if (ctx && EVP_PKEY_keygen_init(ctx) > 0 && EVP_PKEY_generate(ctx, &key) > 0) {
		dh = xcalloc(1, sizeof(*dh));
		dh->group = g;
		dh->key = key;
	}
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(domain);
	return dh;
}

void dh_free(struct dh *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->key);   /* OpenSSL clears the private value */
	free(dh);
}

static int modp_public(const struct dh *dh, uint8_t *out)
{
	BIGNUM *pub = NULL;
	int rc = -1;

	if (EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY, &pub) &&
	    BN_bn2binpad(pub, out, (int)dh->group->ke_len) == (int)dh->group->ke_len)
		rc = 0;
	BN_free(pub);
	return rc;
}

static int ecp_public(const struct dh *dh, uint8_t *out)
{
	uint8_t point[1 + 2 * 66];
	size_t point_len = 0;

	/* OpenSSL gives the SEC 1 uncompressed form; RFC 5903 §7 drops the 0x04. */
	if (!EVP_PKEY_get_octet_string_param(dh->key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
					     point, sizeof(point), &point_len) ||
	    point_len != 1 + dh->group->ke_len || point[0] != 0x04)
		return -1;
	memcpy(out, point + 1, dh->group->ke_len);
	return 0;
}

int dh_public(const struct dh *dh, struct bytes *ke)
{
	uint8_t *out = xmalloc(dh->group->ke_len);
	int rc = dh->group->kind == DH_ECP ? ecp_public(dh, out) : modp_public(dh, out);

	if (rc < 0) {
		free(out);
		return -1;
	}
	ke->ptr = out;
	ke->len = dh->group->ke_len;
	return 0;
}

/* The peer's value as a key, or NULL when it is not a valid member of the group.
 * Safe-prime MODP groups need only 1 < y < p-1 (RFC 6989 §2.1: the only small
 * subgroups have order 1 and 2), which is OpenSSL's quick check; ECP needs the point
 * on the curve and not at infinity (every curve here has cofactor 1), also the quick
 * check. Group 24 has large non-trivial subgroups: only the full check (y^q = 1) will do. */
static EVP_PKEY *peer_key(const struct dh *dh, const uint8_t *peer_ke)
{
	const struct dh_group *g = dh->group;
	struct dh_material m = { 0 };
	uint8_t point[1 + 2 * 66];
	BIGNUM *y = NULL;
	EVP_PKEY *peer;
	EVP_PKEY_CTX *check;
	int valid = 0;

	if (g->kind == DH_ECP) {
		point[0] = 0x04;
		memcpy(point + 1, peer_ke, g->ke_len);
		m.pub_point = point;
		m.pub_point_len = 1 + g->ke_len;
	} else {
		m.pub_modp = y = BN_bin2bn(peer_ke, (int)g->ke_len, NULL);
		if (!y)
			return NULL;
	}
	peer = dh_group_fromdata(g, EVP_PKEY_PUBLIC_KEY, &m);
	BN_free(y);
	check = peer ? EVP_PKEY_CTX_new_from_pkey(NULL, peer, NULL) : NULL;
	if (check)
		valid = g->full_peer_check ? EVP_PKEY_public_check(check)
					   : EVP_PKEY_public_check_quick(check);
	EVP_PKEY_CTX_free(check);
	if (valid != 1) {
		EVP_PKEY_free(peer);
		return NULL;
	}
	return peer;
}

static size_t secret_len(const struct dh_group *g)
{
	return g->kind == DH_ECP ? g->ke_len / 2 : g->ke_len;
}

int dh_shared(struct dh *dh, const uint8_t *peer_ke, size_t len, struct bytes *gxy)
{
	EVP_PKEY *peer = len == dh->group->ke_len ? peer_key(dh, peer_ke) : NULL;
	EVP_PKEY_CTX *ctx = peer ? EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL) : NULL;
	size_t want = secret_len(dh->group), got = 0;
	int rc = -1;

	if (!ctx || EVP_PKEY_derive_init(ctx) <= 0)
		goto done;
	/* RFC 2409 §5: g^xy is as long as the prime; OpenSSL strips leading zeros
	 * unless told to pad. ECDH output is always the full field length. */
	if (dh->group->kind == DH_MODP && EVP_PKEY_CTX_set_dh_pad(ctx, 1) <= 0)
		goto done;
	if (EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) <= 0 ||
	    EVP_PKEY_derive(ctx, NULL, &got) <= 0 || got != want)
		goto done;
	secure_bytes_alloc(gxy, want);
	if (EVP_PKEY_derive(ctx, gxy->ptr, &got) <= 0 || got != want) {
		secure_bytes_free(gxy);
		goto done;
	}
	rc = 0;
done:
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(peer);
	return rc;
}
