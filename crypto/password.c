/* IOS password types 0, 5, 7, 8 and 9. Type 8/9 facts: salt of 14 characters used
 * as-is (not decoded) as the KDF salt, 32-byte output, both written in Cisco's base64
 * (hashcat forum thread 3803; checked against Cisco's own documented example). */
#include "crypto/password.h"

#include <crypt.h>
#include <ctype.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "platform/util.h"

#define CISCO_SALT_CHARS 14
#define CISCO_SALT_RAW 10          /* 10 random bytes spell 14 characters */
#define CISCO_DK_LEN 32
#define CISCO_DK_CHARS 43
#define TYPE8_ROUNDS 20000
#define TYPE9_N 16384
#define TYPE9_R 1
#define TYPE9_P 1
#define TYPE5_SALT_RAW 3           /* IOS writes 4-character md5crypt salts */

static const char cisco64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
static const char std64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard base64 bit order, no padding, spelt in the crypt alphabet. out_size must
 * hold the characters and the NUL. */
static void cisco64_encode(const uint8_t *bin, size_t len, char *out, size_t out_size)
{
	sodium_bin2base64(out, out_size, bin, len, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	for (char *c = out; *c; c++)
		*c = cisco64[strchr(std64, *c) - std64];
}

static bool all_cisco64(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(cisco64, s[i]))
			return false;
	return true;
}

static void new_salt(char *salt, size_t raw_len, size_t salt_size)
{
	uint8_t raw[CISCO_SALT_RAW];

	random_bytes(raw, raw_len);
	cisco64_encode(raw, raw_len, salt, salt_size);
}

/* The 43 characters of a type 8 or 9 digest of pw under the literal salt. */
static int kdf_digest(char type, const char *pw, const char *salt, char out[CISCO_DK_CHARS + 1])
{
	uint8_t dk[CISCO_DK_LEN];
	int ok;

	if (secure_init() < 0)
		return -1;
	if (type == '9')
		ok = crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)pw, strlen(pw),
							   (const uint8_t *)salt, CISCO_SALT_CHARS,
							   TYPE9_N, TYPE9_R, TYPE9_P, dk, sizeof(dk)) == 0;
	else
		ok = PKCS5_PBKDF2_HMAC(pw, (int)strlen(pw), (const unsigned char *)salt,
				       CISCO_SALT_CHARS, TYPE8_ROUNDS, EVP_sha256(),
				       sizeof(dk), dk) == 1;
	if (ok)
		cisco64_encode(dk, sizeof(dk), out, CISCO_DK_CHARS + 1);
	secure_wipe(dk, sizeof(dk));
	return ok ? 0 : -1;
}

static char *kdf_make(char type, const char *pw)
{
	char salt[CISCO_SALT_CHARS + 1], digest[CISCO_DK_CHARS + 1];

	new_salt(salt, CISCO_SALT_RAW, sizeof(salt));
	if (kdf_digest(type, pw, salt, digest) < 0)
		return NULL;
	return xasprintf("$%c$%s$%s", type, salt, digest);
}

char *cisco_secret9_make(const char *pw)
{
	return kdf_make('9', pw);
}

char *cisco_secret8_make(const char *pw)
{
	return kdf_make('8', pw);
}

/* "$T$" + 14 salt characters + "$" + 43 digest characters. */
static bool kdf_form(char type, const char *s)
{
	return strlen(s) == 3 + CISCO_SALT_CHARS + 1 + CISCO_DK_CHARS && s[0] == '$' &&
	       s[1] == type && s[2] == '$' && all_cisco64(s + 3, CISCO_SALT_CHARS) &&
	       s[3 + CISCO_SALT_CHARS] == '$' && all_cisco64(s + 4 + CISCO_SALT_CHARS, CISCO_DK_CHARS);
}

static bool kdf_verify(char type, const char *stored, const char *pw)
{
	char salt[CISCO_SALT_CHARS + 1], digest[CISCO_DK_CHARS + 1];
	bool match;

	if (!kdf_form(type, stored))
		return false;
	memcpy(salt, stored + 3, CISCO_SALT_CHARS);
	salt[CISCO_SALT_CHARS] = '\0';
	if (kdf_digest(type, pw, salt, digest) < 0)
		return false;
	match = secure_equal(digest, stored + 4 + CISCO_SALT_CHARS, CISCO_DK_CHARS);
	secure_wipe(digest, sizeof(digest));
	return match;
}

/* crypt(3) result for pw under setting, or NULL; data is wiped by the caller. */
static const char *crypt_with(struct crypt_data *data, const char *pw, const char *setting)
{
	const char *out = crypt_r(pw, setting, data);

	/* libxcrypt signals failure with a string starting with '*', not with NULL. */
	return out && out[0] != '*' ? out : NULL;
}

/* md5crypt as IOS writes it, "$1$" + 1..8 salt characters + "$" + 22; the SHA-crypt
 * forms some platforms use are checked by crypt(3) itself. */
static bool crypt_form(const char *s)
{
	size_t salt_len;

	if (strncmp(s, "$5$", 3) == 0 || strncmp(s, "$6$", 3) == 0)
		return true;
	if (strncmp(s, "$1$", 3) != 0)
		return false;
	salt_len = strspn(s + 3, cisco64);
	return salt_len >= 1 && salt_len <= 8 && s[3 + salt_len] == '$' &&
	       strlen(s + 4 + salt_len) == 22 && all_cisco64(s + 4 + salt_len, 22);
}

char *cisco_secret5_make(const char *pw)
{
	struct crypt_data *data = xcalloc(1, sizeof(*data));
	char salt[8], setting[16];
	const char *out;
	char *hash = NULL;

	new_salt(salt, TYPE5_SALT_RAW, sizeof(salt));
	snprintf(setting, sizeof(setting), "$1$%s$", salt);
	out = crypt_with(data, pw, setting);
	if (out)
		hash = xstrdup(out);
	secure_wipe(data, sizeof(*data));
	free(data);
	return hash;
}

static bool crypt_verify(const char *stored, const char *pw)
{
	struct crypt_data *data;
	const char *out;
	bool match = false;

	if (!crypt_form(stored))
		return false;
	data = xcalloc(1, sizeof(*data));
	out = crypt_with(data, pw, stored);
	if (out && strlen(out) == strlen(stored))
		match = secure_equal(out, stored, strlen(stored));
	secure_wipe(data, sizeof(*data));
	free(data);
	return match;
}

/* Hashing both sides first keeps the time independent of where they differ and of
 * the stored length. */
static bool plain_equal(const char *stored, const char *pw)
{
	uint8_t a[crypto_hash_sha256_BYTES], b[crypto_hash_sha256_BYTES];
	bool match;

	crypto_hash_sha256(a, (const uint8_t *)stored, strlen(stored));
	crypto_hash_sha256(b, (const uint8_t *)pw, strlen(pw));
	match = secure_equal(a, b, sizeof(a));
	secure_wipe(a, sizeof(a));
	secure_wipe(b, sizeof(b));
	return match;
}

/* The key IOS XORs type-7 text with, a public constant since 1995. */
static const char type7_key[] = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

char *cisco_type7_decode(const char *stored)
{
	size_t n = strlen(stored), len = 0;
	unsigned offset;
	uint8_t *plain;

	if (n < 2 || n % 2 || !isdigit((unsigned char)stored[0]) || !isdigit((unsigned char)stored[1]))
		return NULL;
	offset = (unsigned)(stored[0] - '0') * 10 + (unsigned)(stored[1] - '0');
	if (offset >= sizeof(type7_key) - 1)
		return NULL;
	plain = xmalloc(n / 2);
	if (sodium_hex2bin(plain, n / 2, stored + 2, n - 2, NULL, &len, NULL) != 0 ||
	    len != (n - 2) / 2)
		goto bad;
	for (size_t i = 0; i < len; i++) {
		plain[i] ^= (uint8_t)type7_key[(offset + i) % (sizeof(type7_key) - 1)];
		if (plain[i] == '\0')
			goto bad;
	}
	plain[len] = '\0';
	return (char *)plain;
bad:
	secure_wipe(plain, n / 2);
	free(plain);
	return NULL;
}

static bool type7_verify(const char *stored, const char *pw)
{
	char *plain = cisco_type7_decode(stored);
	bool match;

	if (!plain)
		return false;
	match = plain_equal(plain, pw);
	secure_wipe(plain, strlen(plain));
	free(plain);
	return match;
}

int cisco_secret_parse(const char *stored)
{
	if (kdf_form('9', stored))
		return CISCO_PW_SCRYPT;
	if (kdf_form('8', stored))
		return CISCO_PW_PBKDF2;
	if (crypt_form(stored))
		return CISCO_PW_MD5CRYPT;
	if (asa_pbkdf2_well_formed(stored))
		return CISCO_PW_ASA_PBKDF2;
	return CISCO_PW_INVALID;
}

bool cisco_secret_verify_user(int type, const char *stored, const char *user, const char *pw)
{
	switch (type) {
	case CISCO_PW_PLAIN:
		return plain_equal(stored, pw);
	case CISCO_PW_MD5CRYPT:
		return crypt_verify(stored, pw);
	case CISCO_PW_TYPE7:
		return type7_verify(stored, pw);
	case CISCO_PW_PBKDF2:
		return kdf_verify('8', stored, pw);
	case CISCO_PW_SCRYPT:
		return kdf_verify('9', stored, pw);
	case CISCO_PW_ASA_MD5:
		return asa_md5_verify(stored, user, pw);
	case CISCO_PW_ASA_PBKDF2:
		return asa_pbkdf2_verify(stored, pw);
	default:
		return false;
	}
}

bool cisco_secret_verify(int type, const char *stored, const char *pw)
{
	return cisco_secret_verify_user(type, stored, NULL, pw);
}
