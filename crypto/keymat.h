/* IKEv1 key derivation, pure: no I/O, no globals, no allocation but keyset_new().
 * Formulas: RFC 2409 §5 and App. B, as laid out in ikev1-facts §11-§14.
 * Argument names follow the RFC: ni_b/nr_b are Nonce payload bodies, gxi/gxr KE
 * payload bodies, sai_b the initiator's SA payload body as sent, idii_b/idir_b ID
 * payload bodies; cookies are the 8-byte header cookies; msg_id is in host order.
 * HASH outputs are prf_len() bytes; every function returns 0 or -1. */
#ifndef RAMPART_CRYPTO_KEYMAT_H
#define RAMPART_CRYPTO_KEYMAT_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/cipher.h"
#include "crypto/prf.h"
#include "platform/util.h"

/* The Phase-1 secrets of one ISAKMP SA; every SKEYID* is prf_len(prf) bytes. */
struct keyset {
	const struct prf *prf;
	uint8_t skeyid[PRF_MAX_LEN];
	uint8_t skeyid_d[PRF_MAX_LEN];
	uint8_t skeyid_a[PRF_MAX_LEN];
	uint8_t skeyid_e[PRF_MAX_LEN];
	size_t ka_len;
	uint8_t ka[CIPHER_MAX_KEY];   /* the Phase-1 cipher key */
};

/* One locked allocation (crypto/secure.h), wiped by keyset_free. */
struct keyset *keyset_new(const struct prf *prf);
void keyset_free(struct keyset *ks);

/* SKEYID for pre-shared keys: prf(psk, Ni_b | Nr_b). */
int skeyid_psk(struct keyset *ks, const struct bytes *psk, const struct bytes *ni_b,
	       const struct bytes *nr_b);
/* SKEYID for signatures: prf(Ni_b | Nr_b, g^xy). */
int skeyid_sig(struct keyset *ks, const struct bytes *ni_b, const struct bytes *nr_b,
	       const struct bytes *gxy);
/* SKEYID_d, SKEYID_a, SKEYID_e from SKEYID. */
int skeyid_dae(struct keyset *ks, const struct bytes *gxy, const uint8_t cky_i[8],
	       const uint8_t cky_r[8]);
/* Ka of key_len bytes from SKEYID_e, expanded per App. B when SKEYID_e is shorter. */
int keyset_cipher_key(struct keyset *ks, size_t key_len);

/* HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b) */
int p1_hash_i(const struct keyset *ks, const struct bytes *gxi, const struct bytes *gxr,
	      const uint8_t cky_i[8], const uint8_t cky_r[8], const struct bytes *sai_b,
	      const struct bytes *idii_b, uint8_t *hash_i);
/* HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b); same argument
 * order as p1_hash_i, the swap is done here. */
int p1_hash_r(const struct keyset *ks, const struct bytes *gxi, const struct bytes *gxr,
	      const uint8_t cky_i[8], const uint8_t cky_r[8], const struct bytes *sai_b,
	      const struct bytes *idir_b, uint8_t *hash_r);

/* IV of the first encrypted Phase-1 message: hash(g^xi | g^xr) cut to block_size. */
int p1_iv(const struct prf *prf, const struct bytes *gxi, const struct bytes *gxr,
	  size_t block_size, uint8_t *iv);
/* IV of the first message of a QM/Informational/Transaction exchange:
 * hash(last Phase-1 CBC block | M-ID) cut to block_size. */
int p2_iv(const struct prf *prf, const uint8_t *p1_last_block, size_t block_size,
	  uint32_t msg_id, uint8_t *iv);

/* payloads: the whole payloads after HASH (generic headers included, no padding). */
int qm_hash1(const struct keyset *ks, uint32_t msg_id, const struct bytes *payloads,
	     uint8_t *hash1);
int qm_hash2(const struct keyset *ks, uint32_t msg_id, const struct bytes *ni_b,
	     const struct bytes *payloads, uint8_t *hash2);
int qm_hash3(const struct keyset *ks, uint32_t msg_id, const struct bytes *ni_b,
	     const struct bytes *nr_b, uint8_t *hash3);
/* Informational HASH(1), also the Transaction-exchange HASH: prf(SKEYID_a, M-ID | payloads). */
int info_hash(const struct keyset *ks, uint32_t msg_id, const struct bytes *payloads,
	      uint8_t *hash1);

/* KEYMAT for one direction of one SA (RFC 2409 §5.5), len bytes into out:
 * K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b),
 * Kn = prf(SKEYID_d, K(n-1) | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b).
 * gxy_qm is NULL without PFS. spi in host order: SPI_r for initiator->responder
 * traffic, SPI_i for the other direction. */
int qm_keymat(const struct keyset *ks, const struct bytes *gxy_qm, uint8_t protocol,
	      uint32_t spi, const struct bytes *ni_b, const struct bytes *nr_b, size_t len,
	      uint8_t *out);

#endif
