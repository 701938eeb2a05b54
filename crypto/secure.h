/* Secrets in locked memory and the randomness IKE needs. Everything here goes through
 * libsodium: sodium_malloc gives guard pages, mlock and a canary; sodium_free wipes. */
#ifndef RAMPART_CRYPTO_SECURE_H
#define RAMPART_CRYPTO_SECURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/util.h"

/* Calls sodium_init() once. Every function below calls it itself; call it early
 * anyway (at daemon start) so that a broken libsodium is reported at boot. */
int secure_init(void);

/* Locked, guarded memory, zero-filled. Dies on exhaustion, like xmalloc. Each
 * allocation costs a few pages: keep one per key set, not one per key. */
void *secure_alloc(size_t len);
void secure_free(void *p);                 /* wipes; NULL is fine */
void secure_wipe(void *p, size_t len);     /* for secrets that lived on the stack */

/* A struct bytes whose buffer is locked memory: release it with secure_bytes_free,
 * never with bytes_free. */
void secure_bytes_alloc(struct bytes *b, size_t len);
void secure_bytes_free(struct bytes *b);

/* Constant-time equality (the time depends on len only). */
bool secure_equal(const void *a, const void *b, size_t len);

void random_bytes(void *buf, size_t len);
uint32_t random_uniform(uint32_t upper_bound);   /* 0 .. upper_bound-1, unbiased */
void random_cookie(uint8_t cookie[8]);           /* never all zero */
uint32_t random_spi(void);                       /* never in 0..255 */
uint32_t random_msgid(void);                     /* never zero */
void random_nonce(uint8_t *nonce, size_t len);

#endif
