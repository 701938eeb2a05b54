/* IKE phase-1 policies: ASA `crypto ikev1 policy N` (and the legacy `crypto isakmp
 * policy N` and PIX one-liners `isakmp policy N encryption 3des`), IOS `crypto isakmp
 * policy N`; their renderers and IOS `show crypto isakmp policy`.
 * ../reference/cisco-grammar.md §5, cisco-outputs.md §7.
 *
 * This file also owns the allocation of the whole IKE model (struct ike_config): the
 * three ike_*.c areas share it, and this area comes first in areas.c. */
#include "running-config/ike.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "running-config/area.h"
#include "shell/session.h"

/* ---- the model ---- */

struct ike_config *ike_of(struct session *s)
{
	return session_config(s)->ike;
}

bool ike_copy_name(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		return false;
	memcpy(dst, src, n + 1);
	return true;
}

/* A new policy holds the defaults of the personality it is created on: IOS
 * DES/SHA/RSA-sig/group 1, ASA pre-share/3DES/SHA/group 2; both 86400 s. */
static void policy_defaults(struct ike_policy *p, enum grammar_personality who)
{
	bool ios = who == GP_IOS;

	p->enc = ios ? IKE_ENC_DES : IKE_ENC_3DES;
	p->key_bits = 0;
	p->hash = IKE_HASH_SHA;
	p->auth = ios ? IKE_AUTH_RSA_SIG : IKE_AUTH_PRE_SHARE;
	p->group = ios ? 1 : 2;
	p->lifetime_s = 86400;
}

static struct ike_policy *policy_lookup(const struct ike_config *ike, uint32_t priority)
{
	for (size_t i = 0; i < ike->npolicies; i++)
		if (ike->policies[i].priority == priority)
			return &ike->policies[i];
	return NULL;
}

static struct ike_policy *policy_get(struct ike_config *ike, uint32_t priority, enum grammar_personality who)
{
	struct ike_policy *p = policy_lookup(ike, priority);
	size_t at = 0;

	if (p)
		return p;
	while (at < ike->npolicies && ike->policies[at].priority < priority)
		at++;
	ike->policies = xrealloc(ike->policies, (ike->npolicies + 1) * sizeof(*ike->policies));
	memmove(&ike->policies[at + 1], &ike->policies[at], (ike->npolicies - at) * sizeof(*ike->policies));
	ike->npolicies++;
	p = &ike->policies[at];
	memset(p, 0, sizeof(*p));
	p->priority = priority;
	policy_defaults(p, who);
	return p;
}

static void policy_delete(struct ike_config *ike, uint32_t priority)
{
	struct ike_policy *p = policy_lookup(ike, priority);
	size_t at;

	if (!p)
		return;
	at = (size_t)(p - ike->policies);
	memmove(p, p + 1, (ike->npolicies - at - 1) * sizeof(*p));
	ike->npolicies--;
}

/* ---- handlers ---- */

/* The policy a command edits: the one-liner's `$prio`, else the sub-mode's. */
static struct ike_policy *policy_of(struct session *s, const struct cmd_args *a)
{
	const char *ctx = session_ctx(s, "policy");
	long long prio = arg_has(a, "prio") ? arg_num(a, "prio", 0) : ctx ? atoll(ctx) : 0;

	if (prio <= 0)
		return NULL;
	return policy_get(ike_of(s), (uint32_t)prio, session_personality(s));
}

static int policy_enter(struct session *s, const struct cmd_args *a, bool no)
{
	uint32_t prio = (uint32_t)arg_num(a, "prio", 0);
	char buf[16];

	if (no) {
		policy_delete(ike_of(s), prio);
		return CMD_SUCCESS;
	}
	policy_get(ike_of(s), prio, session_personality(s));
	snprintf(buf, sizeof(buf), "%u", prio);
	session_set_ctx(s, "policy", buf);
	return CMD_SUCCESS;
}

static int policy_authentication(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_policy *p = policy_of(s, a), dflt;
	const char *v = arg_str(a, "auth");

	if (!p)
		return CMD_WARNING;
	policy_defaults(&dflt, session_personality(s));
	if (no || !v)
		p->auth = dflt.auth;
	else if (!strcmp(v, "pre-share"))
		p->auth = IKE_AUTH_PRE_SHARE;
	else if (!strcmp(v, "rsa-sig"))
		p->auth = IKE_AUTH_RSA_SIG;
	else if (!strcmp(v, "rsa-encr"))
		p->auth = IKE_AUTH_RSA_ENCR;
	else
		p->auth = IKE_AUTH_CRACK;
	return CMD_SUCCESS;
}

/* "aes-192" (ASA) and "aes" + "192" (IOS) are the same thing. */
static int policy_encryption(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_policy *p = policy_of(s, a), dflt;
	const char *v = arg_str(a, "enc");

	if (!p)
		return CMD_WARNING;
	policy_defaults(&dflt, session_personality(s));
	if (no || !v) {
		p->enc = dflt.enc;
		p->key_bits = dflt.key_bits;
	} else if (!strcmp(v, "des") || !strcmp(v, "3des")) {
		p->enc = v[0] == 'd' ? IKE_ENC_DES : IKE_ENC_3DES;
		p->key_bits = 0;
	} else {
		p->enc = IKE_ENC_AES;
		p->key_bits = !strcmp(v, "aes-192") ? 192 : !strcmp(v, "aes-256") ? 256 : 128;
		if (arg_has(a, "bits"))
			p->key_bits = (uint16_t)arg_num(a, "bits", 128);
	}
	return CMD_SUCCESS;
}

static int policy_hash(struct session *s, const struct cmd_args *a, bool no)
{
	static const struct { const char *name; enum ike_hash hash; } hashes[] = {
		{ "md5", IKE_HASH_MD5 }, { "sha", IKE_HASH_SHA }, { "sha256", IKE_HASH_SHA256 },
		{ "sha384", IKE_HASH_SHA384 }, { "sha512", IKE_HASH_SHA512 },
	};
	struct ike_policy *p = policy_of(s, a);
	const char *v = arg_str(a, "hash");

	if (!p)
		return CMD_WARNING;
	p->hash = IKE_HASH_SHA;     /* the default on both */
	for (size_t i = 0; v && !no && i < ARRAY_SIZE(hashes); i++)
		if (!strcmp(v, hashes[i].name))
			p->hash = hashes[i].hash;
	return CMD_SUCCESS;
}

static int policy_group(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_policy *p = policy_of(s, a), dflt;

	if (!p)
		return CMD_WARNING;
	policy_defaults(&dflt, session_personality(s));
	p->group = no || !arg_has(a, "group") ? dflt.group : (uint16_t)atoi(arg_str(a, "group"));
	return CMD_SUCCESS;
}

static int policy_lifetime(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_policy *p = policy_of(s, a);

	if (!p)
		return CMD_WARNING;
	if (no)
		p->lifetime_s = 86400;
	else if (arg_has(a, "none"))
		p->lifetime_s = 0;
	else
		p->lifetime_s = (uint32_t)arg_num(a, "secs", 86400);
	return CMD_SUCCESS;
}

/* ---- rendering ---- */

static const char *auth_word(enum ike_auth auth)
{
	switch (auth) {
	case IKE_AUTH_PRE_SHARE: return "pre-share";
	case IKE_AUTH_RSA_SIG: return "rsa-sig";
	case IKE_AUTH_RSA_ENCR: return "rsa-encr";
	case IKE_AUTH_CRACK: return "crack";
	}
	return "pre-share";
}

static const char *hash_word(enum ike_hash hash)
{
	switch (hash) {
	case IKE_HASH_MD5: return "md5";
	case IKE_HASH_SHA: return "sha";
	case IKE_HASH_SHA256: return "sha256";
	case IKE_HASH_SHA384: return "sha384";
	case IKE_HASH_SHA512: return "sha512";
	}
	return "sha";
}

/* ASA spells AES key sizes into the keyword, IOS as a second word ("aes 128" is "aes"). */
static void enc_words(const struct ike_policy *p, bool ios, struct strbuf *out)
{
	if (p->enc == IKE_ENC_DES)
		sb_add(out, "des");
	else if (p->enc == IKE_ENC_3DES)
		sb_add(out, "3des");
	else if (p->key_bits == 128 || p->key_bits == 0)
		sb_add(out, "aes");
	else
		sb_printf(out, ios ? "aes %u" : "aes-%u", p->key_bits);
}

/* ASA prints all five lines, defaults included, in this fixed order. */
static void render_asa_policy(const struct ike_policy *p, struct strbuf *out)
{
	sb_printf(out, "crypto ikev1 policy %u\n", p->priority);
	sb_printf(out, " authentication %s\n encryption ", auth_word(p->auth));
	enc_words(p, false, out);
	sb_printf(out, "\n hash %s\n group %u\n", hash_word(p->hash), p->group);
	if (p->lifetime_s)
		sb_printf(out, " lifetime %u\n", p->lifetime_s);
	else
		sb_add(out, " lifetime none\n");
}

/* IOS hides every value equal to its default; order encr, hash, authentication,
 * group, lifetime whatever the order typed. */
static void render_ios_policy(const struct ike_policy *p, bool all, struct strbuf *out)
{
	struct ike_policy dflt;

	policy_defaults(&dflt, GP_IOS);
	sb_printf(out, "crypto isakmp policy %u\n", p->priority);
	if (all || p->enc != dflt.enc) {
		sb_add(out, " encr ");
		enc_words(p, true, out);
		sb_addc(out, '\n');
	}
	if (all || p->hash != dflt.hash)
		sb_printf(out, " hash %s\n", hash_word(p->hash));
	if (all || p->auth != dflt.auth)
		sb_printf(out, " authentication %s\n", auth_word(p->auth));
	if (all || p->group != dflt.group)
		sb_printf(out, " group %u\n", p->group);
	/* `lifetime none` (ASA) has no IOS form: IOS's longest is the default */
	if (p->lifetime_s && (all || p->lifetime_s != dflt.lifetime_s))
		sb_printf(out, " lifetime %u\n", p->lifetime_s);
}

/* IOS separates policies with `!`; the `!` closing the whole ISAKMP group is printed
 * by the last IKE section (ike_keys.c). */
static void render_policies(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct ike_config *ike = rc->ike;

	for (size_t i = 0; i < ike->npolicies; i++) {
		if (ctx->personality == GP_ASA) {
			render_asa_policy(&ike->policies[i], out);
			continue;
		}
		if (i)
			sb_add(out, "!\n");
		render_ios_policy(&ike->policies[i], ctx->mode == RENDER_ALL, out);
	}
}

/* ---- show crypto isakmp policy (IOS) ---- */

static const char *enc_text(const struct ike_policy *p)
{
	switch (p->enc) {
	case IKE_ENC_DES: return "DES - Data Encryption Standard (56 bit keys).";
	case IKE_ENC_3DES: return "Three key triple DES";
	case IKE_ENC_AES: break;
	}
	if (p->key_bits == 192)
		return "AES - Advanced Encryption Standard (192 bit keys).";
	if (p->key_bits == 256)
		return "AES - Advanced Encryption Standard (256 bit keys).";
	return "AES - Advanced Encryption Standard (128 bit keys).";
}

static const char *hash_text(enum ike_hash hash)
{
	switch (hash) {
	case IKE_HASH_MD5: return "Message Digest 5";
	case IKE_HASH_SHA: return "Secure Hash Standard";
	case IKE_HASH_SHA256: return "Secure Hash Standard 2 (256 bit)";
	case IKE_HASH_SHA384: return "Secure Hash Standard 2 (384 bit)";
	case IKE_HASH_SHA512: return "Secure Hash Standard 2 (512 bit)";
	}
	return "";
}

static const char *auth_text(enum ike_auth auth)
{
	switch (auth) {
	case IKE_AUTH_PRE_SHARE: return "Pre-Shared Key";
	case IKE_AUTH_RSA_SIG: return "Rivest-Shamir-Adleman Signature";
	case IKE_AUTH_RSA_ENCR: return "Rivest-Shamir-Adleman Encryption";
	case IKE_AUTH_CRACK: return "CRACK";
	}
	return "";
}

static const char *group_text(unsigned group)
{
	switch (group) {
	case 1: return "#1 (768 bit)";
	case 2: return "#2 (1024 bit)";
	case 5: return "#5 (1536 bit)";
	case 14: return "#14 (2048 bit)";
	case 15: return "#15 (3072 bit)";
	case 16: return "#16 (4096 bit)";
	case 19: return "#19 (256 bit ecp)";
	case 20: return "#20 (384 bit ecp)";
	case 21: return "#21 (521 bit ecp)";
	case 24: return "#24 (2048 bit, 256 bit subgroup)";
	}
	return "";
}

/* 8 spaces, label padded to 24 columns (cisco-outputs.md §7). */
static void show_suite(struct session *s, const struct ike_policy *p)
{
	cli_printf(s, "        %-24s%s\n", "encryption algorithm:", enc_text(p));
	cli_printf(s, "        %-24s%s\n", "hash algorithm:", hash_text(p->hash));
	cli_printf(s, "        %-24s%s\n", "authentication method:", auth_text(p->auth));
	cli_printf(s, "        %-24s%s\n", "Diffie-Hellman group:", group_text(p->group));
	if (p->lifetime_s)
		cli_printf(s, "        %-24s%u seconds, no volume limit\n", "lifetime:", p->lifetime_s);
	else
		cli_printf(s, "        %-24sno time limit, no volume limit\n", "lifetime:");
}

static int show_isakmp_policy(struct session *s, const struct cmd_args *a, bool no)
{
	const struct ike_config *ike = ike_of(s);
	struct ike_policy dflt;

	UNUSED(a);
	UNUSED(no);
	cli_puts(s, "Global IKE policy\n");
	for (size_t i = 0; i < ike->npolicies; i++) {
		cli_printf(s, "Protection suite of priority %u\n", ike->policies[i].priority);
		show_suite(s, &ike->policies[i]);
	}
	policy_defaults(&dflt, GP_IOS);
	cli_puts(s, "Default protection suite\n");
	show_suite(s, &dflt);
	return CMD_SUCCESS;
}

/* ---- grammar ---- */

#define ASA_ENC "<des$enc|3des$enc|aes$enc|aes-192$enc|aes-256$enc>"
#define ASA_ENC_HELP "des encryption\n3des encryption\naes-128 encryption\naes-192 encryption\naes-256 encryption\n"
#define ASA_AUTH "<pre-share$auth|rsa-sig$auth|crack$auth>"
#define ASA_AUTH_HELP "set auth pre-share\nset auth rsa-sig\nset auth crack\n"
#define HASH "<md5$hash|sha$hash|sha256$hash|sha384$hash|sha512$hash>"
#define HASH_HELP "Message Digest 5\nSecure Hash Standard\nSecure Hash Standard 2 (256 bit)\n" \
	"Secure Hash Standard 2 (384 bit)\nSecure Hash Standard 2 (512 bit)\n"
#define GROUPS "<1$group|2$group|5$group|14$group|15$group|16$group|19$group|20$group|21$group|24$group>"
#define GROUPS_HELP "Diffie-Hellman group 1 (768 bit)\nDiffie-Hellman group 2 (1024 bit)\n" \
	"Diffie-Hellman group 5 (1536 bit)\nDiffie-Hellman group 14 (2048 bit)\n" \
	"Diffie-Hellman group 15 (3072 bit)\nDiffie-Hellman group 16 (4096 bit)\n" \
	"Diffie-Hellman group 19 (256 bit ecp)\nDiffie-Hellman group 20 (384 bit ecp)\n" \
	"Diffie-Hellman group 21 (521 bit ecp)\nDiffie-Hellman group 24 (2048 bit, 256 bit subgroup)\n"
#define ASA_LIFE "<(120-2147483647)$secs|none$none>"
#define ASA_LIFE_HELP "Lifetime in seconds\nNo lifetime limit\n"

#define H_AUTH "Set authentication method for protection suite\n"
#define H_ENC "Set encryption algorithm for protection suite\n"
#define H_HASH "Set hash algorithm for protection suite\n"
#define H_GROUP "Set the Diffie-Hellman group\n"
#define H_LIFE "Set lifetime for ISAKMP security association\n"

/* The ASA sub-mode commands, in `crypto ikev1 policy` and the legacy `crypto isakmp policy`. */
#define ASA_POLICY_CMDS(node)                                                                              \
	{ node, "authentication " ASA_AUTH, H_AUTH ASA_AUTH_HELP, policy_authentication, NODE_NONE,        \
	  F_ASA | F_NO },                                                                                   \
	{ node, "authentication", H_AUTH, policy_authentication, NODE_NONE, F_ASA | F_NO_ONLY },           \
	{ node, "encryption " ASA_ENC, H_ENC ASA_ENC_HELP, policy_encryption, NODE_NONE, F_ASA | F_NO },    \
	{ node, "encryption", H_ENC, policy_encryption, NODE_NONE, F_ASA | F_NO_ONLY },                    \
	{ node, "hash " HASH, H_HASH HASH_HELP, policy_hash, NODE_NONE, F_ASA | F_NO },                     \
	{ node, "hash", H_HASH, policy_hash, NODE_NONE, F_ASA | F_NO_ONLY },                               \
	{ node, "group " GROUPS, H_GROUP GROUPS_HELP, policy_group, NODE_NONE, F_ASA | F_NO },              \
	{ node, "group", H_GROUP, policy_group, NODE_NONE, F_ASA | F_NO_ONLY },                            \
	{ node, "lifetime " ASA_LIFE, H_LIFE ASA_LIFE_HELP, policy_lifetime, NODE_NONE, F_ASA | F_NO },     \
	{ node, "lifetime", H_LIFE, policy_lifetime, NODE_NONE, F_ASA | F_NO_ONLY }

#define IOS_ENC "<des$enc|3des$enc|aes$enc [128$bits|192$bits|256$bits]>"
#define IOS_ENC_HELP "DES - Data Encryption Standard (56 bit keys).\nThree key triple DES\n" \
	"AES - Advanced Encryption Standard.\n128 bit keys.\n192 bit keys.\n256 bit keys.\n"
#define IOS_AUTH "<pre-share$auth|rsa-encr$auth|rsa-sig$auth>"
#define IOS_AUTH_HELP "Pre-Shared Key\nRivest-Shamir-Adleman Encryption\nRivest-Shamir-Adleman Signature\n"
#define IOS_FLAGS (F_IOS | F_NO | F_DEFAULT)
#define IOS_NO_ONLY (F_IOS | F_NO_ONLY | F_DEFAULT)
#define PIX "isakmp policy (1-65535)$prio "
#define PIX_HELP "Configure ISAKMP\nSet policy for an ISAKMP protection suite\nPriority of protection suite\n"

static const struct command ike_policy_cmds[] = {
	/* ASA 8.4+ and its legacy forms */
	{ NODE_CONFIG, "crypto ikev1 policy (1-65535)$prio", "\n\n\nPriority of protection suite\n",
	  policy_enter, NODE_IKEV1_POLICY, F_ASA | F_NO },
	{ NODE_CONFIG, "crypto isakmp policy (1-65535)$prio", "\n\n\nPriority of protection suite\n",
	  policy_enter, NODE_ISAKMP_POLICY, F_ASA | F_NO | F_HIDDEN },
	ASA_POLICY_CMDS(NODE_IKEV1_POLICY),
	ASA_POLICY_CMDS(NODE_ISAKMP_POLICY),
	{ NODE_CONFIG, PIX "authentication " ASA_AUTH, PIX_HELP H_AUTH ASA_AUTH_HELP, policy_authentication,
	  NODE_NONE, F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, PIX "encryption " ASA_ENC, PIX_HELP H_ENC ASA_ENC_HELP, policy_encryption, NODE_NONE,
	  F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, PIX "hash " HASH, PIX_HELP H_HASH HASH_HELP, policy_hash, NODE_NONE, F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, PIX "group " GROUPS, PIX_HELP H_GROUP GROUPS_HELP, policy_group, NODE_NONE,
	  F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, PIX "lifetime " ASA_LIFE, PIX_HELP H_LIFE ASA_LIFE_HELP, policy_lifetime, NODE_NONE,
	  F_ASA | F_NO | F_HIDDEN },

	/* IOS */
	{ NODE_CONFIG, "crypto isakmp policy (1-10000)$prio", "\n\n\nPriority of protection suite\n",
	  policy_enter, NODE_ISAKMP_POLICY, F_IOS | F_NO },
	{ NODE_ISAKMP_POLICY, "encryption " IOS_ENC, H_ENC IOS_ENC_HELP, policy_encryption, NODE_NONE, IOS_FLAGS },
	{ NODE_ISAKMP_POLICY, "encryption", H_ENC, policy_encryption, NODE_NONE, IOS_NO_ONLY },
	/* `encr`, what show run prints, is the unique abbreviation of `encryption`: no
	 * declaration of its own (one would make `enc` ambiguous) */
	{ NODE_ISAKMP_POLICY, "hash " HASH, H_HASH HASH_HELP, policy_hash, NODE_NONE, IOS_FLAGS },
	{ NODE_ISAKMP_POLICY, "hash", H_HASH, policy_hash, NODE_NONE, IOS_NO_ONLY },
	{ NODE_ISAKMP_POLICY, "authentication " IOS_AUTH, H_AUTH IOS_AUTH_HELP, policy_authentication, NODE_NONE,
	  IOS_FLAGS },
	{ NODE_ISAKMP_POLICY, "authentication", H_AUTH, policy_authentication, NODE_NONE, IOS_NO_ONLY },
	{ NODE_ISAKMP_POLICY, "group " GROUPS, H_GROUP GROUPS_HELP, policy_group, NODE_NONE, IOS_FLAGS },
	{ NODE_ISAKMP_POLICY, "group", H_GROUP, policy_group, NODE_NONE, IOS_NO_ONLY },
	{ NODE_ISAKMP_POLICY, "lifetime (60-86400)$secs", H_LIFE "lifetime in seconds\n", policy_lifetime,
	  NODE_NONE, IOS_FLAGS },
	{ NODE_ISAKMP_POLICY, "lifetime", H_LIFE, policy_lifetime, NODE_NONE, IOS_NO_ONLY },

	{ NODE_EXEC, "show crypto isakmp policy", "\n\nShow ISAKMP\nShow ISAKMP protection suite policy\n",
	  show_isakmp_policy, NODE_NONE, F_IOS | F_NOSAVE },
};

static void ike_init(struct running_config *rc)
{
	rc->ike = xcalloc(1, sizeof(*rc->ike));
}

static void ike_fini(struct running_config *rc)
{
	if (!rc->ike)
		return;
	ike_keys_free(rc->ike);
	free(rc->ike->policies);
	free(rc->ike->enabled);
	free(rc->ike);
	rc->ike = NULL;
}

static const struct area_section ike_policy_sections[] = {
	{ "isakmp-policy", "crypto ikev1", render_policies },
};

const struct area area_ike_policy = {
	"ike_policy", ike_policy_cmds, ARRAY_SIZE(ike_policy_cmds), ike_init, ike_fini,
	ike_policy_sections, ARRAY_SIZE(ike_policy_sections),
};

/* ---- accessors (ike.h) ---- */

size_t ike_policy_count(const struct running_config *rc)
{
	return rc->ike->npolicies;
}

const struct ike_policy *ike_policy_at(const struct running_config *rc, size_t i)
{
	return i < rc->ike->npolicies ? &rc->ike->policies[i] : NULL;
}

const struct ike_policy *ike_policy_find(const struct running_config *rc, uint32_t priority)
{
	return policy_lookup(rc->ike, priority);
}
