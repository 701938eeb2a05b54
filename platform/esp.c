#include "platform/esp.h"

#include <errno.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <string.h>

#include "crypto/secure.h"

#define GCM_SALT_LEN 4
#define GCM_ICV_LEN 16

struct auth_info {
	const char *digest;
	size_t key_len, icv_len;
};

/* RFC 2403, 2404, 4868: the key is as long as the digest, the ICV is truncated. */
static const struct auth_info *auth_info(enum dp_auth auth)
{
	static const struct auth_info md5 = { "MD5", 16, 12 }, sha1 = { "SHA1", 20, 12 },
		sha256 = { "SHA256", 32, 16 }, sha384 = { "SHA384", 48, 24 },
		sha512 = { "SHA512", 64, 32 };

	switch (auth) {
	case DP_AUTH_HMAC_MD5_96: return &md5;
	case DP_AUTH_HMAC_SHA1_96: return &sha1;
	case DP_AUTH_HMAC_SHA256_128: return &sha256;
	case DP_AUTH_HMAC_SHA384_192: return &sha384;
	case DP_AUTH_HMAC_SHA512_256: return &sha512;
	case DP_AUTH_NONE: break;
	}
	return NULL;
}

static const EVP_CIPHER *cbc_cipher(enum dp_enc enc, size_t key_len)
{
	switch (enc) {
	case DP_ENC_AES_CBC:
		return key_len == 16 ? EVP_aes_128_cbc() : key_len == 24 ? EVP_aes_192_cbc() :
		       key_len == 32 ? EVP_aes_256_cbc() : NULL;
	case DP_ENC_3DES:
		return key_len == 24 ? EVP_des_ede3_cbc() : NULL;
	case DP_ENC_DES:
		return key_len == 8 ? EVP_des_cbc() : NULL;
	default:
		return NULL;
	}
}

static const EVP_CIPHER *gcm_cipher(size_t key_len)
{
	return key_len == 16 ? EVP_aes_128_gcm() : key_len == 24 ? EVP_aes_192_gcm() :
	       key_len == 32 ? EVP_aes_256_gcm() : NULL;
}

static int cipher_ctx_new(EVP_CIPHER_CTX **ctx, const EVP_CIPHER *cipher, const uint8_t *key, int enc)
{
	*ctx = EVP_CIPHER_CTX_new();
	if (!*ctx)
		return -ENOMEM;
	if (EVP_CipherInit_ex(*ctx, cipher, NULL, key, NULL, enc) != 1)
		return -ENOTSUP;
	/* ESP pads by its own rules (RFC 4303 §2.4), never PKCS#7. */
	EVP_CIPHER_CTX_set_padding(*ctx, 0);
	return 0;
}

static int cipher_init(struct esp_crypto *c, const struct dp_sa *sa)
{
	const EVP_CIPHER *cipher;
	size_t key_len = sa->enc_key_len;
	int err;

	if (sa->enc == DP_ENC_NULL) {
		c->block_len = 4;    /* RFC 4303 §2.4: 4-byte alignment of the trailer */
		return sa->enc_key_len == 0 ? 0 : -EINVAL;
	}
	if (sa->enc == DP_ENC_AES_GCM16) {
		if (key_len <= GCM_SALT_LEN)
			return -EINVAL;
		key_len -= GCM_SALT_LEN;
		memcpy(c->salt, sa->enc_key + key_len, GCM_SALT_LEN);
		cipher = gcm_cipher(key_len);
	} else {
		cipher = cbc_cipher(sa->enc, key_len);
	}
	if (!cipher)
		return -EINVAL;
	if ((err = cipher_ctx_new(&c->encrypt_ctx, cipher, sa->enc_key, 1)) < 0 ||
	    (err = cipher_ctx_new(&c->decrypt_ctx, cipher, sa->enc_key, 0)) < 0)
		return err;
	if (sa->enc == DP_ENC_AES_GCM16) {
		c->iv_len = 8;       /* RFC 4106 §3.1 */
		c->block_len = 4;
		c->icv_len = GCM_ICV_LEN;
	} else {
		c->iv_len = c->block_len = (uint8_t)EVP_CIPHER_get_block_size(cipher);
		random_bytes(c->iv_key, sizeof(c->iv_key));
	}
	return 0;
}

static int hmac_init(struct esp_crypto *c, const struct dp_sa *sa)
{
	const struct auth_info *info = auth_info(sa->auth);
	OSSL_PARAM params[2];
	EVP_MAC *mac;

	if (!info || sa->auth_key_len != info->key_len)
		return -EINVAL;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		return -ENOTSUP;
	c->hmac = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	if (!c->hmac)
		return -ENOMEM;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)info->digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(c->hmac, sa->auth_key, sa->auth_key_len, params) != 1)
		return -ENOTSUP;
	c->icv_len = (uint8_t)info->icv_len;
	return 0;
}

int esp_crypto_init(struct esp_crypto *c, const struct dp_sa *sa)
{
	bool aead = sa->enc == DP_ENC_AES_GCM16;
	int err;

	memset(c, 0, sizeof(*c));
	c->enc = sa->enc;
	c->auth = sa->auth;
	if (sa->enc_key_len > DP_KEY_MAX || sa->auth_key_len > DP_KEY_MAX)
		return -EINVAL;
	/* GCM carries its own ICV; anything else must be integrity-protected (no
	 * encryption-only ESP: RFC 4303 §3.2 leaves it open to cut-and-paste attacks). */
	if (aead ? sa->auth != DP_AUTH_NONE : sa->auth == DP_AUTH_NONE)
		return -EINVAL;
	err = cipher_init(c, sa);
	if (err == 0 && !aead)
		err = hmac_init(c, sa);
	if (err < 0)
		esp_crypto_free(c);
	return err;
}

void esp_crypto_free(struct esp_crypto *c)
{
	EVP_CIPHER_CTX_free(c->encrypt_ctx);
	EVP_CIPHER_CTX_free(c->decrypt_ctx);
	EVP_MAC_CTX_free(c->hmac);
	secure_wipe(c, sizeof(*c));
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint32_t esp_spi(const uint8_t *esp)
{
	return get32(esp);
}

uint32_t esp_seq(const uint8_t *esp)
{
	return get32(esp + 4);
}

static size_t pad_len(const struct esp_crypto *c, size_t inner_len)
{
	return (c->block_len - (inner_len + 2) % c->block_len) % c->block_len;
}

size_t esp_overhead(const struct esp_crypto *c, size_t inner_len)
{
	return ESP_HDR_LEN + c->iv_len + pad_len(c, inner_len) + 2 + c->icv_len;
}

/* HMAC of the ESP header, IV and ciphertext (RFC 4303 §3.3.4). */
static bool hmac_compute(struct esp_crypto *c, const uint8_t *p, size_t len, uint8_t *icv)
{
	uint8_t full[EVP_MAX_MD_SIZE];
	size_t full_len;

	/* A NULL key re-arms the context with the key it already holds. */
	if (EVP_MAC_init(c->hmac, NULL, 0, NULL) != 1 || EVP_MAC_update(c->hmac, p, len) != 1 ||
	    EVP_MAC_final(c->hmac, full, &full_len, sizeof(full)) != 1)
		return false;
	memcpy(icv, full, c->icv_len);
	return true;
}

/* RFC 3602 §2 wants CBC IVs that cannot be predicted. A ChaCha20 block under a
 * per-SA random key, indexed by the sequence number, is that without a system call
 * per packet; the number never repeats within one SA. */
static void cbc_iv(const struct esp_crypto *c, uint32_t seq, uint8_t *iv)
{
	uint8_t nonce[crypto_stream_chacha20_ietf_NONCEBYTES] = { 0 };

	put32(nonce, seq);
	crypto_stream_chacha20_ietf(iv, c->iv_len, nonce, c->iv_key);
}

static void gcm_nonce(const struct esp_crypto *c, const uint8_t *iv, uint8_t nonce[12])
{
	memcpy(nonce, c->salt, GCM_SALT_LEN);
	memcpy(nonce + GCM_SALT_LEN, iv, 8);
}

static bool cipher_run(EVP_CIPHER_CTX *ctx, const uint8_t *iv, const uint8_t *aad, size_t aad_len,
		       uint8_t *data, size_t len)
{
	int out_len;

	if (EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, -1) != 1)
		return false;
	if (aad && EVP_CipherUpdate(ctx, NULL, &out_len, aad, (int)aad_len) != 1)
		return false;
	return EVP_CipherUpdate(ctx, data, &out_len, data, (int)len) == 1 && (size_t)out_len == len;
}

static bool gcm_seal(struct esp_crypto *c, uint8_t *hdr, uint8_t *data, size_t len)
{
	uint8_t nonce[12];
	int out_len;

	gcm_nonce(c, hdr + ESP_HDR_LEN, nonce);
	/* RFC 4106 §5: the AAD is SPI and 32-bit sequence number. */
	if (!cipher_run(c->encrypt_ctx, nonce, hdr, ESP_HDR_LEN, data, len))
		return false;
	return EVP_CipherFinal_ex(c->encrypt_ctx, data + len, &out_len) == 1 &&
	       EVP_CIPHER_CTX_ctrl(c->encrypt_ctx, EVP_CTRL_GCM_GET_TAG, GCM_ICV_LEN, data + len) == 1;
}

static void write_header(struct esp_crypto *c, uint8_t *hdr, uint32_t spi, uint32_t seq)
{
	put32(hdr, spi);
	put32(hdr + 4, seq);
	if (c->enc == DP_ENC_AES_GCM16) {
		/* RFC 4106 §3.1: a counter is a valid IV; the sequence number is one. */
		memset(hdr + ESP_HDR_LEN, 0, 4);
		put32(hdr + ESP_HDR_LEN + 4, seq);
	} else if (c->iv_len) {
		cbc_iv(c, seq, hdr + ESP_HDR_LEN);
	}
}

static size_t write_trailer(const struct esp_crypto *c, uint8_t *inner, size_t inner_len)
{
	size_t pad = pad_len(c, inner_len);

	/* RFC 4303 §2.4: pad bytes count 1, 2, 3, ... */
	for (size_t i = 0; i < pad; i++)
		inner[inner_len + i] = (uint8_t)(i + 1);
	inner[inner_len + pad] = (uint8_t)pad;
	inner[inner_len + pad + 1] = ESP_NEXT_IPV4;
	return inner_len + pad + 2;
}

enum esp_status esp_encrypt(struct esp_crypto *c, uint32_t spi, uint32_t seq, struct esp_buf *b)
{
	size_t head = ESP_HDR_LEN + c->iv_len, body_len;
	uint8_t *hdr, *body = b->base + b->off;

	if (b->off < head || b->cap - b->off - b->len < pad_len(c, b->len) + 2 + c->icv_len)
		return ESP_ERR_NO_ROOM;
	hdr = body - head;
	write_header(c, hdr, spi, seq);
	body_len = write_trailer(c, body, b->len);
	if (c->enc == DP_ENC_AES_GCM16) {
		if (!gcm_seal(c, hdr, body, body_len))
			return ESP_ERR_CRYPTO;
	} else {
		if (c->encrypt_ctx && !cipher_run(c->encrypt_ctx, hdr + ESP_HDR_LEN, NULL, 0, body, body_len))
			return ESP_ERR_CRYPTO;
		if (!hmac_compute(c, hdr, head + body_len, body + body_len))
			return ESP_ERR_CRYPTO;
	}
	b->off -= head;
	b->len = head + body_len + c->icv_len;
	return ESP_OK;
}

static enum esp_status gcm_open(struct esp_crypto *c, uint8_t *hdr, uint8_t *data, size_t len)
{
	uint8_t nonce[12];
	int out_len;

	gcm_nonce(c, hdr + ESP_HDR_LEN, nonce);
	if (!cipher_run(c->decrypt_ctx, nonce, hdr, ESP_HDR_LEN, data, len) ||
	    EVP_CIPHER_CTX_ctrl(c->decrypt_ctx, EVP_CTRL_GCM_SET_TAG, GCM_ICV_LEN, data + len) != 1)
		return ESP_ERR_CRYPTO;
	/* OpenSSL compares the tag in constant time. */
	return EVP_CipherFinal_ex(c->decrypt_ctx, data + len, &out_len) == 1 ? ESP_OK : ESP_ERR_INTEGRITY;
}

static enum esp_status hmac_verify(struct esp_crypto *c, const uint8_t *p, size_t len)
{
	uint8_t icv[ESP_ICV_MAX];

	if (!hmac_compute(c, p, len, icv))
		return ESP_ERR_CRYPTO;
	return secure_equal(icv, p + len, c->icv_len) ? ESP_OK : ESP_ERR_INTEGRITY;
}

/* Lengths that no valid packet of this SA can have, checked before any crypto. */
static bool body_len_ok(const struct esp_crypto *c, size_t len, size_t *body_len)
{
	size_t fixed = ESP_HDR_LEN + c->iv_len + c->icv_len;

	if (len < fixed + 2)
		return false;
	*body_len = len - fixed;
	/* CBC needs whole blocks; stream modes only promise 4-byte alignment, which
	 * RFC 4303 §2.4 does not ask a receiver to enforce. */
	return !(c->encrypt_ctx && c->enc != DP_ENC_AES_GCM16 && *body_len % c->block_len);
}

static enum esp_status check_trailer(const uint8_t *body, size_t body_len, size_t *inner_len)
{
	uint8_t pad = body[body_len - 2], next = body[body_len - 1];

	if ((size_t)pad + 2 > body_len)
		return ESP_ERR_PADDING;
	*inner_len = body_len - 2 - pad;
	for (size_t i = 0; i < pad; i++)
		if (body[*inner_len + i] != (uint8_t)(i + 1))
			return ESP_ERR_PADDING;
	if (next == ESP_NEXT_NONE)
		return ESP_DUMMY;
	return next == ESP_NEXT_IPV4 ? ESP_OK : ESP_ERR_NEXT_HEADER;
}

enum esp_status esp_decrypt(struct esp_crypto *c, struct replay_window *window, struct esp_buf *b)
{
	uint8_t *hdr = b->base + b->off, *body;
	size_t head = ESP_HDR_LEN + c->iv_len, body_len, inner_len;
	uint32_t seq;
	enum esp_status st;

	if (!body_len_ok(c, b->len, &body_len))
		return ESP_ERR_TRUNCATED;
	seq = esp_seq(hdr);
	if (window && !replay_check(window, seq))
		return ESP_ERR_REPLAY;
	body = hdr + head;
	if (c->enc == DP_ENC_AES_GCM16) {
		st = gcm_open(c, hdr, body, body_len);
	} else {
		st = hmac_verify(c, hdr, head + body_len);
		if (st == ESP_OK && c->decrypt_ctx &&
		    !cipher_run(c->decrypt_ctx, hdr + ESP_HDR_LEN, NULL, 0, body, body_len))
			st = ESP_ERR_CRYPTO;
	}
	if (st != ESP_OK)
		return st;
	if (window)
		replay_update(window, seq);
	st = check_trailer(body, body_len, &inner_len);
	if (st == ESP_OK) {
		b->off += head;
		b->len = inner_len;
	}
	return st;
}

const char *esp_status_name(enum esp_status s)
{
	static const char *const names[] = {
		[ESP_OK] = "ok", [ESP_DUMMY] = "dummy", [ESP_ERR_TRUNCATED] = "truncated",
		[ESP_ERR_REPLAY] = "replay", [ESP_ERR_INTEGRITY] = "integrity",
		[ESP_ERR_PADDING] = "padding", [ESP_ERR_NEXT_HEADER] = "next-header",
		[ESP_ERR_NO_ROOM] = "no-room", [ESP_ERR_CRYPTO] = "crypto",
	};
	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "?";
}
