/* Cisco and ASA password hashes for `enable secret`, `username ... secret`, `enable
 * password` and `username ... password`. Nothing here logs or keeps a password; the
 * work buffers that held one are wiped. Strings returned are malloc'd (free()). */
#ifndef RAMPART_CRYPTO_PASSWORD_H
#define RAMPART_CRYPTO_PASSWORD_H

#include <stdbool.h>

enum cisco_pw_type {
	CISCO_PW_INVALID = -1,
	CISCO_PW_PLAIN = 0,        /* type 0: the password itself */
	CISCO_PW_MD5CRYPT = 5,     /* type 5: $1$salt$hash (crypt(3); $5$/$6$ verify too) */
	CISCO_PW_TYPE7 = 7,        /* type 7: the reversible IOS obfuscation */
	CISCO_PW_PBKDF2 = 8,       /* type 8: $8$ PBKDF2-HMAC-SHA256, 20000 rounds */
	CISCO_PW_SCRYPT = 9,       /* type 9: $9$ scrypt N=16384 r=1 p=1 */
	CISCO_PW_ASA_MD5 = 100,    /* ASA/PIX "... encrypted": 16 characters, MD5 based */
	CISCO_PW_ASA_PBKDF2 = 101, /* ASA 9.x "$sha512$ROUNDS$SALT$HASH pbkdf2" */
};

/* New hashes with a fresh random salt. */
char *cisco_secret9_make(const char *pw);
char *cisco_secret8_make(const char *pw);
char *cisco_secret5_make(const char *pw);
/* user: the account for `username U password`, NULL or "" for `enable password`. */
char *asa_md5_make(const char *pw, const char *user);
char *asa_pbkdf2_make(const char *pw);

/* The type a stored hash announces by its form ($9$, $8$, $1$/$5$/$6$, $sha512$), or
 * CISCO_PW_INVALID. The ASA MD5 and type 7 forms are told by the command, not the text. */
int cisco_secret_parse(const char *stored);

/* The password a type-7 string hides, or NULL when malformed. */
char *cisco_type7_decode(const char *stored);

/* Whether pw matches. Malformed stored values never match. Comparisons of derived
 * values are constant-time. */
bool cisco_secret_verify(int type, const char *stored, const char *pw);
bool cisco_secret_verify_user(int type, const char *stored, const char *user, const char *pw);

/* The ASA forms, also reached through cisco_secret_verify_user(). */
bool asa_md5_verify(const char *stored, const char *user, const char *pw);
bool asa_pbkdf2_verify(const char *stored, const char *pw);
bool asa_pbkdf2_well_formed(const char *stored);

#endif
