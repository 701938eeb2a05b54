/* The group table behind dh.c, shared with the fixed-key constructor in dh_fixed.c.
 * Not for use outside crypto/. */
#ifndef RAMPART_CRYPTO_DH_GROUP_H
#define RAMPART_CRYPTO_DH_GROUP_H

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dh_kind { DH_MODP, DH_ECP };

struct dh_group {
	unsigned id;
	enum dh_kind kind;
	const char *name;
	/* OpenSSL's name for the group; NULL when it has none and the RFC prime is used */
	const char *ossl_group;
	BIGNUM *(*rfc_prime)(BIGNUM *);
	size_t ke_len;
	bool full_peer_check;   /* see peer_key() in dh.c */
};

struct dh {
	const struct dh_group *group;
	EVP_PKEY *key;
};

/* Key material for dh_group_fromdata; unset members are left out. */
struct dh_material {
	const BIGNUM *priv;
	const BIGNUM *pub_modp;     /* MODP public value */
	const uint8_t *pub_point;   /* ECP public point, 0x04 | x | y */
	size_t pub_point_len;
};

const struct dh_group *dh_group_find(unsigned id);
/* An EVP_PKEY of the group's domain parameters plus the given material; selection
 * is EVP_PKEY_KEY_PARAMETERS, EVP_PKEY_PUBLIC_KEY or EVP_PKEY_KEYPAIR. */
EVP_PKEY *dh_group_fromdata(const struct dh_group *g, int selection, const struct dh_material *m);

#endif
