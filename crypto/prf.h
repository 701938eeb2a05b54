/* The IKEv1 hash algorithms (Phase-1 attribute 2) as plain hash and as HMAC PRF
 * (RFC 2409 §5: with no PRF attribute the PRF is HMAC with the negotiated hash).
 * Inputs are lists of chunks so that callers never concatenate by hand. */
#ifndef RAMPART_CRYPTO_PRF_H
#define RAMPART_CRYPTO_PRF_H

#include <stddef.h>
#include <stdint.h>

#include "platform/util.h"

enum ike_hash {
	IKE_HASH_MD5 = 1,
	IKE_HASH_SHA1 = 2,
	IKE_HASH_SHA2_256 = 4,
	IKE_HASH_SHA2_384 = 5,
	IKE_HASH_SHA2_512 = 6,
};

#define PRF_MAX_LEN 64   /* SHA2-512 */

struct prf;

/* NULL when the attribute value names no supported hash. */
const struct prf *prf_by_ike_hash(unsigned hash_id);
unsigned prf_ike_hash(const struct prf *prf);
size_t prf_len(const struct prf *prf);        /* output length of hash and HMAC alike */
const char *prf_name(const struct prf *prf);  /* "md5", "sha", "sha256", "sha384", "sha512" */

/* A read-only slice of input. */
struct chunk {
	const void *ptr;
	size_t len;
};
#define CHUNK(p, n) ((struct chunk){ (p), (n) })
#define CHUNK_BYTES(b) ((struct chunk){ (b)->ptr, (b)->len })
/* Expands to the two arguments "array, count": prf_chunks(p, key, CHUNKS(a, b), out). */
#define CHUNKS(...) (const struct chunk[]){ __VA_ARGS__ }, \
	(sizeof((const struct chunk[]){ __VA_ARGS__ }) / sizeof(struct chunk))

/* HMAC(key, in[0] | in[1] | ...). out receives prf_len() bytes. 0 or -1. */
int prf_chunks(const struct prf *prf, struct chunk key, const struct chunk *in, size_t n_in,
	       uint8_t *out);
/* hash(in[0] | in[1] | ...), e.g. NAT-D (RFC 3947 §3.2) and the Phase-1 IV. */
int hash_chunks(const struct prf *prf, const struct chunk *in, size_t n_in, uint8_t *out);

#endif
