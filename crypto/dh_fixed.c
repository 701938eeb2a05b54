/* dh_new_from_private(): key pairs from a fixed private value, so that the RFC 5903
 * §8 vectors can be replayed. OpenSSL 3.0 does not derive the public half when a key
 * is imported from its private value alone, so it is computed here first. */
#include "crypto/dh.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>

#include "crypto/dh_group.h"

static BIGNUM *modp_public_of(const struct dh_group *g, const BIGNUM *priv)
{
	const struct dh_material none = { 0 };
	EVP_PKEY *domain = dh_group_fromdata(g, EVP_PKEY_KEY_PARAMETERS, &none);
	BIGNUM *p = NULL, *gen = NULL, *pub = BN_new();
	BN_CTX *bn_ctx = BN_CTX_new();
	bool ok = domain && pub && bn_ctx &&
		  EVP_PKEY_get_bn_param(domain, OSSL_PKEY_PARAM_FFC_P, &p) &&
		  EVP_PKEY_get_bn_param(domain, OSSL_PKEY_PARAM_FFC_G, &gen) &&
		  BN_mod_exp(pub, gen, priv, p, bn_ctx);

	BN_CTX_free(bn_ctx);
	BN_free(p);
	BN_free(gen);
	EVP_PKEY_free(domain);
	if (!ok) {
		BN_free(pub);
		return NULL;
	}
	return pub;
}

/* Writes 0x04 | x | y into point (1 + ke_len bytes). */
static bool ecp_public_of(const struct dh_group *g, const BIGNUM *priv, uint8_t *point)
{
	EC_GROUP *curve = EC_GROUP_new_by_curve_name(EC_curve_nist2nid(g->ossl_group));
	EC_POINT *pub = curve ? EC_POINT_new(curve) : NULL;
	bool ok = pub && EC_POINT_mul(curve, pub, priv, NULL, NULL, NULL) &&
		  EC_POINT_point2oct(curve, pub, POINT_CONVERSION_UNCOMPRESSED, point,
				     1 + g->ke_len, NULL) == 1 + g->ke_len;

	EC_POINT_free(pub);
	EC_GROUP_free(curve);
	return ok;
}

struct dh *dh_new_from_private(unsigned group, const uint8_t *priv_be, size_t len)
{
	const struct dh_group *g = dh_group_find(group);
	BIGNUM *priv = g ? BN_bin2bn(priv_be, (int)len, NULL) : NULL;
	struct dh_material m = { .priv = priv };
	uint8_t point[1 + 2 * 66];
	BIGNUM *pub = NULL;
	EVP_PKEY *key = NULL;
	struct dh *dh = NULL;

	if (!priv)
		return NULL;
	if (g->kind == DH_ECP && ecp_public_of(g, priv, point)) {
		m.pub_point = point;
		m.pub_point_len = 1 + g->ke_len;
	} else if (g->kind == DH_MODP) {
		m.pub_modp = pub = modp_public_of(g, priv);
	}
	if (m.pub_point || m.pub_modp)
		key = dh_group_fromdata(g, EVP_PKEY_KEYPAIR, &m);
	if (key) {
		dh = xcalloc(1, sizeof(*dh));
		dh->group = g;
		dh->key = key;
	}
	BN_clear_free(priv);
	BN_free(pub);
	return dh;
}
