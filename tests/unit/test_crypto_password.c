/* Cisco/ASA password hashes against published (hash, password) pairs:
 *   $9$/$8$: hashcat's self-test and example hashes (password "hashcat") and the
 *            examples of Cisco's password-types article (password "cisco");
 *   $1$:     the ubiquitous IOS "cisco" secret and a public CTF pair;
 *   type 7:  the vectors collected by passlib (insecure.org, ioshints, packetlife...);
 *   ASA:     passlib's vectors confirmed on ASA 9.6, and hashcat's mode-2410 self-test.
 * The ASA $sha512$ form has no published pair: only its round trip is tested. */
#include <stdlib.h>
#include <string.h>

#include "crypto/password.h"
#include "platform/util.h"
#include "tests/unit/check.h"

struct known {
	int type;
	const char *hash, *user, *pw;
};

static const struct known known[] = {
	{ CISCO_PW_SCRYPT, "$9$87023684531115$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0hU", NULL, "hashcat" },
	{ CISCO_PW_SCRYPT, "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6", NULL, "hashcat" },
	{ CISCO_PW_SCRYPT, "$9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM", NULL, "cisco" },
	{ CISCO_PW_PBKDF2, "$8$84486783037343$pYNyVrtyMalQrZLxRi7ZLQS1Fl.jkYCgASUi5P8JNb2", NULL, "hashcat" },
	{ CISCO_PW_PBKDF2, "$8$dsYGNam3K1SIJO$7nv/35M/qr6t.dVc7UY9zrJDWRVqncHub1PE9UlMQFs", NULL, "cisco" },
	{ CISCO_PW_PBKDF2, "$8$mTj4RZG8N9ZDOk$elY/asfm8kD3iDmkBe3hD2r4xcA/0oWS5V3os.O91u.", NULL, "cisco" },
	{ CISCO_PW_MD5CRYPT, "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0", NULL, "cisco" },
	{ CISCO_PW_MD5CRYPT, "$1$mERr$A419.HL58lq743wXS4kSM1", NULL, "dolphinsforever" },
	{ CISCO_PW_TYPE7, "0822455D0A16", NULL, "cisco" },
	{ CISCO_PW_TYPE7, "060506324F41584B56", NULL, "cisco123" },
	{ CISCO_PW_TYPE7, "1511021F07257A767B", NULL, "cisco123" },
	{ CISCO_PW_TYPE7, "04480E051A33490E", NULL, "secure " },
	{ CISCO_PW_TYPE7, "153B1F1F443E22292D73212D5300194315591954465A0D0B59", NULL,
	  "Its time to go to lunch!" },
	{ CISCO_PW_TYPE7, "08351F1B1D431516475E1B54382F", NULL, "t35t:pa55w0rd" },
	{ CISCO_PW_ASA_MD5, "8Ry2YjIyt7RRXU24", NULL, "" },
	{ CISCO_PW_ASA_MD5, "2KFQnbNIdI.2KYOU", NULL, "cisco" },
	{ CISCO_PW_ASA_MD5, "YtT8/k6Np8F1yz2c", "", "hsc" },
	{ CISCO_PW_ASA_MD5, "hN7LzeyYjw12FSIU", "john", "cisco" },
	{ CISCO_PW_ASA_MD5, "YjDBNr.A0AN7DA8s", "4684", "hashcat" },
	{ CISCO_PW_ASA_MD5, "8xPrWpNnBdD2DzdZ", "365", "01234567" },      /* user repeated: 3653 */
	{ CISCO_PW_ASA_MD5, "dfWs2qiao6KD/P2L", "admad", "01234567" },    /* first 4 only */
	{ CISCO_PW_ASA_MD5, "qjgo3kNgTVxExbno", "365", "0123456789ab" },  /* 12 + 4 = 16 */
	{ CISCO_PW_ASA_MD5, "8Q/FZeam5ai1A47p", "user", "0123456789abc" }, /* 17: pad to 32 */
	{ CISCO_PW_ASA_MD5, "eacOpB7vE7ZDukSF", NULL, "0123456789abc" },
	{ CISCO_PW_ASA_MD5, ".7nfVBEIEu4KbF/1", NULL, "0123456789abcdef" },
	{ CISCO_PW_ASA_MD5, "bKshl.EN.X3CVFRQ", NULL, "0123456789abcdefq" },
	{ CISCO_PW_ASA_MD5, "zynfWw3UtszxLMgL", "user", "0123456789abcdefqwertyuiopa" },
	{ CISCO_PW_ASA_MD5, "W6nbOddI0SutTK7m", "user", "0123456789abcdefqwertyuiopas" }, /* 28: no user */
	{ CISCO_PW_ASA_MD5, "5hPT/iC6DnoBxo6a", "365", "0123456789abcdefqwertyuiopasdfgh" },
	{ CISCO_PW_PLAIN, "cisco", NULL, "cisco" },
};

static void test_known(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		const struct known *k = &known[i];
		char wrong[64];

		if (!cisco_secret_verify_user(k->type, k->hash, k->user, k->pw))
			fprintf(stderr, "no match: %s\n", k->hash);
		CHECK(cisco_secret_verify_user(k->type, k->hash, k->user, k->pw));
		snprintf(wrong, sizeof(wrong), "%sX", k->pw);
		CHECK(!cisco_secret_verify_user(k->type, k->hash, k->user, wrong));
	}
	/* The ASA MD5 form depends on the user; the enable form has none. */
	CHECK(!asa_md5_verify("hN7LzeyYjw12FSIU", NULL, "cisco"));
	CHECK(!asa_md5_verify("hN7LzeyYjw12FSIU", "jack", "cisco"));
	CHECK(asa_md5_verify("7DrfeZ7cyOj/PslD", "jack", "cisco"));
	CHECK(cisco_secret_verify(CISCO_PW_ASA_MD5, "8Ry2YjIyt7RRXU24", ""));
}

static void test_type7_decode(void)
{
	char *plain = cisco_type7_decode("06351A3149085123301517391C501918");

	CHECK_STR(plain, "Supe&8ZUbeRp4SS");
	free(plain);
	CHECK(cisco_type7_decode("") == NULL);
	CHECK(cisco_type7_decode("0") == NULL);
	CHECK(cisco_type7_decode("0822455D0A1") == NULL);    /* odd length */
	CHECK(cisco_type7_decode("0A480E051A33490E") == NULL); /* offset not decimal */
	CHECK(cisco_type7_decode("99400E4812") == NULL);      /* offset past the key */
	CHECK(cisco_type7_decode("08Z2455D0A16") == NULL);    /* not hex */
	plain = cisco_type7_decode("08");
	CHECK_STR(plain, "");
	free(plain);
}

static void test_make(void)
{
	char *h9 = cisco_secret9_make("s3cr3t pass"), *h8 = cisco_secret8_make("s3cr3t pass");
	char *h5 = cisco_secret5_make("s3cr3t pass"), *again = cisco_secret9_make("s3cr3t pass");
	char *asa = asa_md5_make("s3cr3t", "admin"), *asa2 = asa_pbkdf2_make("s3cr3t pass");

	CHECK(h9 && strlen(h9) == 3 + 14 + 1 + 43 && strncmp(h9, "$9$", 3) == 0);
	CHECK(h8 && strlen(h8) == 3 + 14 + 1 + 43 && strncmp(h8, "$8$", 3) == 0);
	CHECK(h5 && strncmp(h5, "$1$", 3) == 0 && strlen(h5) == 3 + 4 + 1 + 22);
	CHECK(again && h9 && strcmp(again, h9) != 0);   /* a fresh salt each time */
	CHECK(cisco_secret_parse(h9) == CISCO_PW_SCRYPT && cisco_secret_parse(h8) == CISCO_PW_PBKDF2);
	CHECK(cisco_secret_parse(h5) == CISCO_PW_MD5CRYPT);
	CHECK(cisco_secret_verify(CISCO_PW_SCRYPT, h9, "s3cr3t pass"));
	CHECK(!cisco_secret_verify(CISCO_PW_SCRYPT, h9, "s3cr3t pasS"));
	CHECK(cisco_secret_verify(CISCO_PW_PBKDF2, h8, "s3cr3t pass"));
	CHECK(cisco_secret_verify(CISCO_PW_MD5CRYPT, h5, "s3cr3t pass"));
	CHECK(!cisco_secret_verify(CISCO_PW_MD5CRYPT, h5, ""));
	/* A hash of one type never verifies as another. */
	CHECK(!cisco_secret_verify(CISCO_PW_PBKDF2, h9, "s3cr3t pass"));
	CHECK(!cisco_secret_verify(CISCO_PW_SCRYPT, h8, "s3cr3t pass"));

	CHECK(asa && strlen(asa) == 16 && asa_md5_verify(asa, "admin", "s3cr3t"));
	CHECK(asa2 && strncmp(asa2, "$sha512$5000$", 13) == 0);
	CHECK(cisco_secret_parse(asa2) == CISCO_PW_ASA_PBKDF2);
	CHECK(cisco_secret_verify(CISCO_PW_ASA_PBKDF2, asa2, "s3cr3t pass"));
	CHECK(!cisco_secret_verify(CISCO_PW_ASA_PBKDF2, asa2, "s3cr3t"));
	free(h9);
	free(h8);
	free(h5);
	free(again);
	free(asa);
	free(asa2);
}

static void test_malformed(void)
{
	static const char *bad[] = {
		"", "$9$", "$9$87023684531115$", "$9$8702368453111$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0hU",
		"$9$87023684531115$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0h",
		"$9$87023684531115$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0hU=",
		"$9$87023684531115$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0h!",
		"$7$87023684531115$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0hU",
	};
	static const char *bad_asa[] = {
		"$sha512$", "$sha512$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
		"$sha512$5000$$AAAAAAAAAAAAAAAAAAAAAA==", "$sha512$5000$AAAA$AAAA",
		"$sha512$99999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
		"$sha512$5000$AAAAAAAAAAAAAAAAAAAAAA==",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(cisco_secret_parse(bad[i]) == CISCO_PW_INVALID);
		CHECK(!cisco_secret_verify(CISCO_PW_SCRYPT, bad[i], "hashcat"));
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad_asa); i++) {
		CHECK(!cisco_secret_verify(CISCO_PW_ASA_PBKDF2, bad_asa[i], ""));
		CHECK(cisco_secret_parse(bad_asa[i]) == CISCO_PW_INVALID);
	}
	CHECK(cisco_secret_parse("$1$mERr$hx5rVt7rPNoS4wqbXKX7m") == CISCO_PW_INVALID);
	CHECK(cisco_secret_parse("$1$mERrmERr1$hx5rVt7rPNoS4wqbXKX7m0") == CISCO_PW_INVALID);
	CHECK(cisco_secret_parse("$1$$hx5rVt7rPNoS4wqbXKX7m0") == CISCO_PW_INVALID);
	CHECK(cisco_secret_parse("$1") == CISCO_PW_INVALID);
	CHECK(!cisco_secret_verify(CISCO_PW_ASA_MD5, "8Ry2YjIyt7RRXU2", ""));
	CHECK(!cisco_secret_verify(CISCO_PW_MD5CRYPT, "$2b$05$abcdefghijklmnopqrstuu", "x"));
	CHECK(!cisco_secret_verify(42, "cisco", "cisco"));
	CHECK(cisco_secret_parse("cisco") == CISCO_PW_INVALID);
	CHECK(cisco_secret_parse("$1$mERr$hx5rVt7rPNoS4wqbXKX7m0") == CISCO_PW_MD5CRYPT);
}

int main(void)
{
	test_known();
	test_type7_decode();
	test_make();
	test_malformed();
	return check_done("test_crypto_password");
}
