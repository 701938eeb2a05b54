/* Diffie-Hellman for the IKEv1 groups (Phase-1 attribute 4, QM PFS attribute 3):
 * MODP 1, 2, 5, 14, 15, 16 (RFC 2409 §6, RFC 3526), ECP 19, 20, 21 (RFC 5903) and
 * the RFC 5114 MODP group 24. Wire encodings follow RFC 2409 and RFC 5903 §7:
 *   MODP  KE = g^x, big-endian, left-padded to the prime length;
 *         g^xy likewise padded to the prime length.
 *   ECP   KE = x | y, each left-padded to the field length, no 0x04 prefix;
 *         g^xy = the x coordinate alone, padded to the field length. */
#ifndef RAMPART_CRYPTO_DH_H
#define RAMPART_CRYPTO_DH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/util.h"

struct dh;

bool dh_group_supported(unsigned group);
size_t dh_ke_len(unsigned group);             /* 0 when unsupported */
const char *dh_group_name(unsigned group);    /* "modp2048", "ecp256", ...; NULL if unknown */

/* A fresh key pair of the group; NULL if unsupported or OpenSSL fails. */
struct dh *dh_new(unsigned group);
void dh_free(struct dh *dh);
unsigned dh_group(const struct dh *dh);

/* Our KE payload body, exactly dh_ke_len() bytes, in ordinary memory (it is public):
 * release with bytes_free(). 0 or -1. */
int dh_public(const struct dh *dh, struct bytes *ke);

/* g^xy from the peer's KE payload body. Refuses a wrong length, a MODP value outside
 * 2..p-2 (or outside the subgroup for group 24), a point not on the curve. gxy is
 * locked memory: release with secure_bytes_free(). 0 or -1. */
int dh_shared(struct dh *dh, const uint8_t *peer_ke, size_t len, struct bytes *gxy);

/* Known-answer tests only: a key pair from a fixed big-endian private value. */
struct dh *dh_new_from_private(unsigned group, const uint8_t *priv, size_t len);

#endif
