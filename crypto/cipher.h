/* The Phase-1 IKE encryption (Phase-1 attribute 1): CBC without padding over whole
 * blocks, with the IV chaining of RFC 2409 App. B: the last ciphertext block of one
 * message is the IV of the next. */
#ifndef RAMPART_CRYPTO_CIPHER_H
#define RAMPART_CRYPTO_CIPHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ike_encr {
	IKE_ENCR_DES_CBC = 1,
	IKE_ENCR_3DES_CBC = 5,
	IKE_ENCR_AES_CBC = 7,
};

#define CIPHER_MAX_BLOCK 16
#define CIPHER_MAX_KEY 32

struct cipher;

/* key_bits is the Key Length attribute (14). 0 means absent: right for DES and
 * 3DES, and taken as 128 for AES (early RFC 3602 drafts; strongSwan does the same).
 * NULL when unsupported, including DES when OpenSSL's legacy provider is missing. */
const struct cipher *cipher_by_ike(unsigned encr_id, unsigned key_bits);
size_t cipher_key_len(const struct cipher *c);      /* bytes */
size_t cipher_block_size(const struct cipher *c);   /* bytes: 8 or 16 */
const char *cipher_name(const struct cipher *c);    /* "des", "3des", "aes", "aes-192", ... */
unsigned cipher_ike_id(const struct cipher *c);
/* Single DES: 56-bit keys, offered for old peers only. */
bool cipher_is_weak(const struct cipher *c);
/* Whether OpenSSL's legacy provider (the only home of DES in OpenSSL 3) loaded. */
bool cipher_des_available(void);

/* len must be a non-zero multiple of the block size (IKE pads before encrypting).
 * in and out may be the same buffer. next_iv (block-size bytes, may alias iv)
 * receives the last ciphertext block; the caller stores it only once the message
 * was accepted. 0 or -1. */
int cipher_encrypt(const struct cipher *c, const uint8_t *key, const uint8_t *iv,
		   const uint8_t *in, size_t len, uint8_t *out, uint8_t *next_iv);
int cipher_decrypt(const struct cipher *c, const uint8_t *key, const uint8_t *iv,
		   const uint8_t *in, size_t len, uint8_t *out, uint8_t *next_iv);

#endif
