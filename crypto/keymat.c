#include "crypto/keymat.h"

#include <string.h>

#include "crypto/secure.h"

#define COOKIE_LEN 8
#define NONCE_MAX_LEN 256

struct keyset *keyset_new(const struct prf *prf)
{
	struct keyset *ks = secure_alloc(sizeof(*ks));

	ks->prf = prf;
	return ks;
}

void keyset_free(struct keyset *ks)
{
	secure_free(ks);
}

static void put_be32(uint8_t out[4], uint32_t v)
{
	out[0] = (uint8_t)(v >> 24);
	out[1] = (uint8_t)(v >> 16);
	out[2] = (uint8_t)(v >> 8);
	out[3] = (uint8_t)v;
}

int skeyid_psk(struct keyset *ks, const struct bytes *psk, const struct bytes *ni_b,
	       const struct bytes *nr_b)
{
	return prf_chunks(ks->prf, CHUNK_BYTES(psk), CHUNKS(CHUNK_BYTES(ni_b), CHUNK_BYTES(nr_b)),
			  ks->skeyid);
}

int skeyid_sig(struct keyset *ks, const struct bytes *ni_b, const struct bytes *nr_b,
	       const struct bytes *gxy)
{
	/* The nonces (public values, RFC 2409 §5: 8..256 bytes each) are the HMAC key. */
	uint8_t key[2 * NONCE_MAX_LEN];

	if (ni_b->len > NONCE_MAX_LEN || nr_b->len > NONCE_MAX_LEN)
		return -1;
	if (ni_b->len)
		memcpy(key, ni_b->ptr, ni_b->len);
	if (nr_b->len)
		memcpy(key + ni_b->len, nr_b->ptr, nr_b->len);
	return prf_chunks(ks->prf, CHUNK(key, ni_b->len + nr_b->len), CHUNKS(CHUNK_BYTES(gxy)),
			  ks->skeyid);
}

int skeyid_dae(struct keyset *ks, const struct bytes *gxy, const uint8_t cky_i[8],
	       const uint8_t cky_r[8])
{
	static const uint8_t d = 0, a = 1, e = 2;
	struct chunk skeyid = CHUNK(ks->skeyid, prf_len(ks->prf));
	size_t len = prf_len(ks->prf);

	if (prf_chunks(ks->prf, skeyid,
		       CHUNKS(CHUNK_BYTES(gxy), CHUNK(cky_i, COOKIE_LEN), CHUNK(cky_r, COOKIE_LEN),
			      CHUNK(&d, 1)),
		       ks->skeyid_d) < 0 ||
	    prf_chunks(ks->prf, skeyid,
		       CHUNKS(CHUNK(ks->skeyid_d, len), CHUNK_BYTES(gxy), CHUNK(cky_i, COOKIE_LEN),
			      CHUNK(cky_r, COOKIE_LEN), CHUNK(&a, 1)),
		       ks->skeyid_a) < 0 ||
	    prf_chunks(ks->prf, skeyid,
		       CHUNKS(CHUNK(ks->skeyid_a, len), CHUNK_BYTES(gxy), CHUNK(cky_i, COOKIE_LEN),
			      CHUNK(cky_r, COOKIE_LEN), CHUNK(&e, 1)),
		       ks->skeyid_e) < 0)
		return -1;
	return 0;
}

int keyset_cipher_key(struct keyset *ks, size_t key_len)
{
	static const uint8_t zero = 0;
	size_t len = prf_len(ks->prf), have;
	struct chunk skeyid_e = CHUNK(ks->skeyid_e, len);
	uint8_t block[PRF_MAX_LEN];

	if (key_len > sizeof(ks->ka))
		return -1;
	ks->ka_len = key_len;
	if (len >= key_len) {
		memcpy(ks->ka, ks->skeyid_e, key_len);
		return 0;
	}
	/* App. B: K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, K(n-1)); Ka = K1 | K2 ... */
	if (prf_chunks(ks->prf, skeyid_e, CHUNKS(CHUNK(&zero, 1)), block) < 0)
		return -1;
	for (have = 0;;) {
		size_t take = key_len - have < len ? key_len - have : len;

		memcpy(ks->ka + have, block, take);
		have += take;
		if (have == key_len)
			break;
		if (prf_chunks(ks->prf, skeyid_e, CHUNKS(CHUNK(block, len)), block) < 0) {
			secure_wipe(block, sizeof(block));
			return -1;
		}
	}
	secure_wipe(block, sizeof(block));
	return 0;
}

int p1_hash_i(const struct keyset *ks, const struct bytes *gxi, const struct bytes *gxr,
	      const uint8_t cky_i[8], const uint8_t cky_r[8], const struct bytes *sai_b,
	      const struct bytes *idii_b, uint8_t *hash_i)
{
	return prf_chunks(ks->prf, CHUNK(ks->skeyid, prf_len(ks->prf)),
			  CHUNKS(CHUNK_BYTES(gxi), CHUNK_BYTES(gxr), CHUNK(cky_i, COOKIE_LEN),
				 CHUNK(cky_r, COOKIE_LEN), CHUNK_BYTES(sai_b), CHUNK_BYTES(idii_b)),
			  hash_i);
}

int p1_hash_r(const struct keyset *ks, const struct bytes *gxi, const struct bytes *gxr,
	      const uint8_t cky_i[8], const uint8_t cky_r[8], const struct bytes *sai_b,
	      const struct bytes *idir_b, uint8_t *hash_r)
{
	return prf_chunks(ks->prf, CHUNK(ks->skeyid, prf_len(ks->prf)),
			  CHUNKS(CHUNK_BYTES(gxr), CHUNK_BYTES(gxi), CHUNK(cky_r, COOKIE_LEN),
				 CHUNK(cky_i, COOKIE_LEN), CHUNK_BYTES(sai_b), CHUNK_BYTES(idir_b)),
			  hash_r);
}

/* libreswan #2027: an IV longer than the block was an interop failure; always cut. */
static int truncated_hash(const struct prf *prf, const struct chunk *in, size_t n_in,
			  size_t block_size, uint8_t *iv)
{
	uint8_t digest[PRF_MAX_LEN];

	if (block_size > prf_len(prf) || hash_chunks(prf, in, n_in, digest) < 0)
		return -1;
	memcpy(iv, digest, block_size);
	return 0;
}

int p1_iv(const struct prf *prf, const struct bytes *gxi, const struct bytes *gxr,
	  size_t block_size, uint8_t *iv)
{
	return truncated_hash(prf, CHUNKS(CHUNK_BYTES(gxi), CHUNK_BYTES(gxr)), block_size, iv);
}

int p2_iv(const struct prf *prf, const uint8_t *p1_last_block, size_t block_size,
	  uint32_t msg_id, uint8_t *iv)
{
	uint8_t mid[4];

	put_be32(mid, msg_id);
	return truncated_hash(prf, CHUNKS(CHUNK(p1_last_block, block_size), CHUNK(mid, 4)),
			      block_size, iv);
}

static struct chunk skeyid_a(const struct keyset *ks)
{
	return CHUNK(ks->skeyid_a, prf_len(ks->prf));
}

int qm_hash1(const struct keyset *ks, uint32_t msg_id, const struct bytes *payloads,
	     uint8_t *hash1)
{
	uint8_t mid[4];

	put_be32(mid, msg_id);
	return prf_chunks(ks->prf, skeyid_a(ks), CHUNKS(CHUNK(mid, 4), CHUNK_BYTES(payloads)), hash1);
}

int qm_hash2(const struct keyset *ks, uint32_t msg_id, const struct bytes *ni_b,
	     const struct bytes *payloads, uint8_t *hash2)
{
	uint8_t mid[4];

	put_be32(mid, msg_id);
	return prf_chunks(ks->prf, skeyid_a(ks),
			  CHUNKS(CHUNK(mid, 4), CHUNK_BYTES(ni_b), CHUNK_BYTES(payloads)), hash2);
}

int qm_hash3(const struct keyset *ks, uint32_t msg_id, const struct bytes *ni_b,
	     const struct bytes *nr_b, uint8_t *hash3)
{
	static const uint8_t zero = 0;
	uint8_t mid[4];

	put_be32(mid, msg_id);
	return prf_chunks(ks->prf, skeyid_a(ks),
			  CHUNKS(CHUNK(&zero, 1), CHUNK(mid, 4), CHUNK_BYTES(ni_b), CHUNK_BYTES(nr_b)),
			  hash3);
}

int info_hash(const struct keyset *ks, uint32_t msg_id, const struct bytes *payloads,
	      uint8_t *hash1)
{
	/* RFC 2409 §5.7: the same shape as QM HASH(1), over the N or D payload(s). */
	return qm_hash1(ks, msg_id, payloads, hash1);
}

int qm_keymat(const struct keyset *ks, const struct bytes *gxy_qm, uint8_t protocol,
	      uint32_t spi, const struct bytes *ni_b, const struct bytes *nr_b, size_t len,
	      uint8_t *out)
{
	size_t block_len = prf_len(ks->prf), have = 0;
	struct chunk skeyid_d = CHUNK(ks->skeyid_d, block_len);
	struct chunk pfs = gxy_qm ? CHUNK_BYTES(gxy_qm) : CHUNK(NULL, 0);
	uint8_t spi_be[4], block[PRF_MAX_LEN];
	int rc = 0;

	put_be32(spi_be, spi);
	while (have < len) {
		/* K1 has no previous block: an empty chunk keeps one formula for all Kn. */
		struct chunk prev = CHUNK(block, have ? block_len : 0);
		size_t take = len - have < block_len ? len - have : block_len;

		if (prf_chunks(ks->prf, skeyid_d,
			       CHUNKS(prev, pfs, CHUNK(&protocol, 1), CHUNK(spi_be, 4),
				      CHUNK_BYTES(ni_b), CHUNK_BYTES(nr_b)),
			       block) < 0) {
			rc = -1;
			break;
		}
		memcpy(out + have, block, take);
		have += take;
	}
	secure_wipe(block, sizeof(block));
	return rc;
}
