/* The ASA password forms.
 *
 * "encrypted" (PIX/ASA MD5): for `username U password`, the first four characters of
 * U (repeated when U is shorter) are appended unless the password is 28 characters
 * or longer; the result is NUL-padded to 16 bytes, or to the next multiple of 16 when
 * longer; of MD5 over that, every fourth byte is dropped and the remaining 12 are
 * written as four little-endian 24-bit groups in the crypt alphabet. (Rules as
 * confirmed against ASA 9.6 by the passlib project; `8Ry2YjIyt7RRXU24` is "".)
 *
 * "pbkdf2" (ASA 9.5+): "$sha512$" ROUNDS "$" base64(salt) "$" base64(first 16 bytes of
 * PBKDF2-HMAC-SHA512(password, salt, ROUNDS)), standard base64 with padding, 16-byte
 * salt, 5000 rounds. This layout is public (ciscoPWDhasher issue 3, cisco-hashgen),
 * but no published (hash, password) pair was found to check it against. */
#include "crypto/password.h"

#include <openssl/evp.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "platform/util.h"

#define ASA_MD5_CHARS 16
#define ASA_USER_SALT 4
#define ASA_NO_USER_FROM 28
#define ASA_PBKDF2_ROUNDS 5000
#define ASA_PBKDF2_MAX_ROUNDS 1000000   /* a bound on the work a config line can ask */
#define ASA_PBKDF2_SALT 16
#define ASA_PBKDF2_DK 16
#define ASA_PBKDF2_SALT_MAX 64

static const char h64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static int asa_md5_digest(const char *pw, const char *user, char out[ASA_MD5_CHARS + 1])
{
	size_t pw_len = strlen(pw), user_len = user ? strlen(user) : 0;
	size_t len = pw_len, padded;
	uint8_t md5[16], *buf;
	int rc = -1;

	if (user_len && pw_len < ASA_NO_USER_FROM)
		len += ASA_USER_SALT;
	padded = len <= 16 ? 16 : (len + 15) / 16 * 16;
	buf = xcalloc(1, padded);
	memcpy(buf, pw, pw_len);
	for (size_t i = 0; pw_len + i < len; i++)
		buf[pw_len + i] = (uint8_t)user[i % user_len];
	if (EVP_Q_digest(NULL, "MD5", NULL, buf, padded, md5, NULL)) {
		for (size_t group = 0; group < 4; group++) {
			const uint8_t *b = md5 + 4 * group;
			uint32_t v = b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;

			for (size_t k = 0; k < 4; k++, v >>= 6)
				out[4 * group + k] = h64[v & 63];
		}
		out[ASA_MD5_CHARS] = '\0';
		rc = 0;
	}
	secure_wipe(buf, padded);
	free(buf);
	secure_wipe(md5, sizeof(md5));
	return rc;
}

char *asa_md5_make(const char *pw, const char *user)
{
	char digest[ASA_MD5_CHARS + 1];

	return asa_md5_digest(pw, user, digest) < 0 ? NULL : xstrdup(digest);
}

bool asa_md5_verify(const char *stored, const char *user, const char *pw)
{
	char digest[ASA_MD5_CHARS + 1];

	if (strlen(stored) != ASA_MD5_CHARS || asa_md5_digest(pw, user, digest) < 0)
		return false;
	return secure_equal(digest, stored, ASA_MD5_CHARS);
}

static int pbkdf2_sha512(const char *pw, const uint8_t *salt, size_t salt_len, unsigned rounds,
			 uint8_t dk[ASA_PBKDF2_DK])
{
	return PKCS5_PBKDF2_HMAC(pw, (int)strlen(pw), salt, (int)salt_len, (int)rounds,
				 EVP_sha512(), ASA_PBKDF2_DK, dk) == 1 ? 0 : -1;
}

static void b64_std(const uint8_t *bin, size_t len, char *out, size_t out_size)
{
	sodium_bin2base64(out, out_size, bin, len, sodium_base64_VARIANT_ORIGINAL);
}

char *asa_pbkdf2_make(const char *pw)
{
	uint8_t salt[ASA_PBKDF2_SALT], dk[ASA_PBKDF2_DK];
	char salt64[sodium_base64_ENCODED_LEN(ASA_PBKDF2_SALT, sodium_base64_VARIANT_ORIGINAL)];
	char dk64[sodium_base64_ENCODED_LEN(ASA_PBKDF2_DK, sodium_base64_VARIANT_ORIGINAL)];

	random_bytes(salt, sizeof(salt));
	if (pbkdf2_sha512(pw, salt, sizeof(salt), ASA_PBKDF2_ROUNDS, dk) < 0)
		return NULL;
	b64_std(salt, sizeof(salt), salt64, sizeof(salt64));
	b64_std(dk, sizeof(dk), dk64, sizeof(dk64));
	secure_wipe(dk, sizeof(dk));
	return xasprintf("$sha512$%d$%s$%s", ASA_PBKDF2_ROUNDS, salt64, dk64);
}

/* Splits "$sha512$ROUNDS$SALT$HASH" and decodes it; false when malformed. */
static bool pbkdf2_parse(const char *stored, unsigned *rounds, uint8_t *salt, size_t *salt_len,
			 uint8_t dk[ASA_PBKDF2_DK])
{
	const char *p = stored + 8, *salt_end, *dk_end;
	char *rounds_end;
	unsigned long n;
	size_t dk_len = 0;

	if (strncmp(stored, "$sha512$", 8) != 0 || *p < '1' || *p > '9')
		return false;
	n = strtoul(p, &rounds_end, 10);
	if (*rounds_end != '$' || n > ASA_PBKDF2_MAX_ROUNDS)
		return false;
	*rounds = (unsigned)n;
	salt_end = strchr(rounds_end + 1, '$');
	if (!salt_end)
		return false;
	dk_end = salt_end + 1 + strlen(salt_end + 1);
	return sodium_base642bin(salt, ASA_PBKDF2_SALT_MAX, rounds_end + 1,
				 (size_t)(salt_end - rounds_end - 1), NULL, salt_len, NULL,
				 sodium_base64_VARIANT_ORIGINAL) == 0 && *salt_len > 0 &&
	       sodium_base642bin(dk, ASA_PBKDF2_DK, salt_end + 1, (size_t)(dk_end - salt_end - 1),
				 NULL, &dk_len, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 &&
	       dk_len == ASA_PBKDF2_DK;
}

bool asa_pbkdf2_well_formed(const char *stored)
{
	uint8_t salt[ASA_PBKDF2_SALT_MAX], dk[ASA_PBKDF2_DK];
	size_t salt_len = 0;
	unsigned rounds = 0;

	return pbkdf2_parse(stored, &rounds, salt, &salt_len, dk);
}

bool asa_pbkdf2_verify(const char *stored, const char *pw)
{
	uint8_t salt[ASA_PBKDF2_SALT_MAX], want[ASA_PBKDF2_DK], got[ASA_PBKDF2_DK];
	size_t salt_len = 0;
	unsigned rounds = 0;
	bool match;

	if (!pbkdf2_parse(stored, &rounds, salt, &salt_len, want) ||
	    pbkdf2_sha512(pw, salt, salt_len, rounds, got) < 0)
		return false;
	match = secure_equal(got, want, sizeof(got));
	secure_wipe(got, sizeof(got));
	return match;
}
