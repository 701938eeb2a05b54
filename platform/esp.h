/* ESP packet transforms (RFC 4303) for one SA: the cipher and integrity contexts,
 * built once when the SA is installed and reused for every packet, and the in-place
 * encapsulation and decapsulation of a tunnel-mode IPv4 packet. No allocation, no
 * I/O: the caller owns buffers, sockets and counters. */
#ifndef RAMPART_ESP_H
#define RAMPART_ESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/dataplane.h"
#include "platform/replay.h"

struct evp_cipher_ctx_st;
struct evp_mac_ctx_st;

#define ESP_HDR_LEN 8           /* SPI, sequence number */
#define ESP_IV_MAX 16
#define ESP_ICV_MAX 32
/* Room the caller leaves around an inner packet for esp_encrypt(). */
#define ESP_HEADROOM (ESP_HDR_LEN + ESP_IV_MAX)
#define ESP_TAILROOM (ESP_IV_MAX - 1 + 2 + ESP_ICV_MAX)
#define ESP_NEXT_IPV4 4
#define ESP_NEXT_NONE 59        /* RFC 4303 §2.6 dummy packet */

struct esp_crypto {
	enum dp_enc enc;
	enum dp_auth auth;
	struct evp_cipher_ctx_st *encrypt_ctx, *decrypt_ctx;   /* NULL for DP_ENC_NULL */
	struct evp_mac_ctx_st *hmac;                           /* NULL for AES-GCM */
	uint8_t salt[4];            /* AES-GCM: RFC 4106 §4, the key's last 4 bytes */
	uint8_t iv_key[32];         /* CBC: per-SA key of the IV generator */
	uint8_t iv_len;             /* bytes of IV on the wire */
	uint8_t block_len;          /* padding aligns payload + trailer to this */
	uint8_t icv_len;
};

/* A packet in a caller's buffer: the bytes are base[off .. off + len). */
struct esp_buf {
	uint8_t *base;
	size_t cap;
	size_t off, len;
};

enum esp_status {
	ESP_OK,
	ESP_DUMMY,                  /* authentic dummy packet: discard silently */
	ESP_ERR_TRUNCATED,
	ESP_ERR_REPLAY,
	ESP_ERR_INTEGRITY,
	ESP_ERR_PADDING,
	ESP_ERR_NEXT_HEADER,
	ESP_ERR_NO_ROOM,
	ESP_ERR_CRYPTO,             /* the library failed: not the packet's fault */
};

/* 0, -EINVAL for a bad key length or combination, -ENOTSUP when the library lacks
 * the algorithm (single DES in OpenSSL 3 without the legacy provider). */
int esp_crypto_init(struct esp_crypto *c, const struct dp_sa *sa);
void esp_crypto_free(struct esp_crypto *c);

/* Bytes esp_encrypt() adds around an inner packet of inner_len bytes. */
size_t esp_overhead(const struct esp_crypto *c, size_t inner_len);

/* Wraps the inner IPv4 packet in b into ESP, in place: on return b describes the
 * ESP packet (SPI first). Needs ESP_HEADROOM before and ESP_TAILROOM after. */
enum esp_status esp_encrypt(struct esp_crypto *c, uint32_t spi, uint32_t seq, struct esp_buf *b);

/* The sequence number of an ESP packet of at least ESP_HDR_LEN bytes. */
uint32_t esp_seq(const uint8_t *esp);
uint32_t esp_spi(const uint8_t *esp);

/* Verifies and decrypts the ESP packet in b in place; on ESP_OK b describes the
 * inner packet. window may be NULL (no anti-replay); it is updated only after the
 * ICV verified (RFC 4303 §3.4.3). */
enum esp_status esp_decrypt(struct esp_crypto *c, struct replay_window *window, struct esp_buf *b);

const char *esp_status_name(enum esp_status s);

#endif
