/* IPsec phase 2 commands, both personalities: transform sets (ASA one-liners and the
 * legacy form; IOS sub-mode), global SA lifetime/replay/df-bit/pmtu-aging, IOS
 * `crypto ipsec profile`, and the IOS show commands. Model and renderers:
 * running-config/ipsec_model.c. Syntax: ../reference/cisco-grammar.md §8. */
#include "running-config/ipsec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "running-config/area.h"
#include "running-config/crypto_map.h"
#include "shell/session.h"

/* ---- transform sets ---- */

static int tset_store(struct session *s, const struct cmd_args *a)
{
	struct running_config *rc = session_config(s);
	const char *words[8];
	size_t n = arg_count(a, "t");
	struct ipsec_tset ts = { 0 };
	const char *why = NULL;

	if (n > ARRAY_SIZE(words))
		n = ARRAY_SIZE(words);
	for (size_t i = 0; i < n; i++)
		words[i] = arg_nth(a, "t", i);
	snprintf(ts.name, sizeof(ts.name), "%s", arg_str(a, "name"));
	if (!ipsec_tset_parse(words, n, &ts, &why)) {
		cli_error(s, "%s%s\n", session_personality(s) == GP_IOS ? "% " : "", why);
		return CMD_WARNING;
	}
	ipsec_tset_set(rc, &ts);
	return CMD_SUCCESS;
}

/* Deleting a set a crypto map still names is allowed, with the device's warning; the
 * map entry then shows as incomplete. */
static int tset_delete(struct session *s, const char *name)
{
	struct running_config *rc = session_config(s);
	uint32_t seq = 0;
	const char *user = cmap_tset_user(rc, name, &seq);

	if (!ipsec_tset_find(rc, name)) {
		if (session_personality(s) == GP_ASA)
			cli_error(s, "Transform set %s does not exist\n", name);
		return CMD_WARNING;
	}
	if (user)
		cli_notice(s, session_personality(s) == GP_ASA
			   ? "WARNING: Transform set %s is in use by crypto map %s %u\n"
			   : "%% Transform set %s is in use by crypto map %s %u\n", name, user, seq);
	ipsec_tset_delete(rc, name);
	return CMD_SUCCESS;
}

static int cmd_tset(struct session *s, const struct cmd_args *a, bool no)
{
	if (no)
		return tset_delete(s, arg_str(a, "name"));
	if (tset_store(s, a) != CMD_SUCCESS)
		return CMD_WARNING;
	if (a->cmd->enters == NODE_CRYPTO_TRANS)
		session_set_ctx(s, "tset", arg_str(a, "name"));
	return CMD_SUCCESS;
}

static int cmd_tset_mode_asa(struct session *s, const struct cmd_args *a, bool no)
{
	if (!ipsec_tset_set_mode(session_config(s), arg_str(a, "name"), no ? TS_MODE_TUNNEL : TS_MODE_TRANSPORT)) {
		cli_error(s, "Transform set %s does not exist\n", arg_str(a, "name"));
		return CMD_WARNING;
	}
	return CMD_SUCCESS;
}

static int cmd_tset_mode_ios(struct session *s, const struct cmd_args *a, bool no)
{
	bool transport = !no && !strcmp(arg_str(a, "mode"), "transport");

	ipsec_tset_set_mode(session_config(s), session_ctx(s, "tset"), transport ? TS_MODE_TRANSPORT : TS_MODE_TUNNEL);
	return CMD_SUCCESS;
}

/* ---- global SA settings ---- */

static int cmd_sa_lifetime(struct session *s, const struct cmd_args *a, bool no)
{
	struct ipsec_config *ic = ipsec_config_of(session_config(s));
	bool seconds = arg_has(a, "sec") || (arg_has(a, "what") && !strcmp(arg_str(a, "what"), "seconds"));

	if (seconds) {
		ic->lifetime_s = no ? 0 : (uint32_t)arg_num(a, "sec", 0);
	} else {
		ic->lifetime_kb = no || arg_has(a, "unl") ? 0 : (uint64_t)arg_num(a, "kb", 0);
		ic->lifetime_kb_unlimited = !no && arg_has(a, "unl");
	}
	ic->changes++;
	return CMD_SUCCESS;
}

static int cmd_sa_replay(struct session *s, const struct cmd_args *a, bool no)
{
	struct ipsec_config *ic = ipsec_config_of(session_config(s));

	if (arg_has(a, "disable")) {
		ic->replay_disabled = !no;
	} else {
		ic->replay_window = no ? 0 : (uint32_t)arg_num(a, "win", 0);
		/* 64 is the default window: the device hides it. */
		if (ic->replay_window == 64)
			ic->replay_window = 0;
	}
	ic->changes++;
	return CMD_SUCCESS;
}

static int cmd_df_bit(struct session *s, const struct cmd_args *a, bool no)
{
	struct ipsec_config *ic = ipsec_config_of(session_config(s));
	const char *df = arg_str(a, "df");

	ic->df_bit = no || !strcmp(df, "copy") ? IPSEC_DF_COPY : !strcmp(df, "clear") ? IPSEC_DF_CLEAR : IPSEC_DF_SET;
	ic->changes++;
	return CMD_SUCCESS;
}

static int cmd_pmtu_aging(struct session *s, const struct cmd_args *a, bool no)
{
	struct ipsec_config *ic = ipsec_config_of(session_config(s));

	UNUSED(a);
	ic->pmtu_aging_infinite = !no;
	ic->changes++;
	return CMD_SUCCESS;
}

/* ---- IOS crypto ipsec profile ---- */

static int cmd_profile(struct session *s, const struct cmd_args *a, bool no)
{
	struct running_config *rc = session_config(s);
	const char *name = arg_str(a, "name");

	if (no) {
		if (!ipsec_profile_delete(rc, name)) {
			cli_error(s, "%% IPSec profile %s not found\n", name);
			return CMD_WARNING;
		}
		return CMD_SUCCESS;
	}
	ipsec_profile_get(rc, name, true);
	session_set_ctx(s, "ipsec-profile", name);
	return CMD_SUCCESS;
}

static struct ipsec_profile *current_profile(struct session *s)
{
	return ipsec_profile_get(session_config(s), session_ctx(s, "ipsec-profile"), true);
}

static int cmd_profile_tsets(struct session *s, const struct cmd_args *a, bool no)
{
	struct ipsec_profile *p = current_profile(s);
	size_t n = arg_count(a, "ts");

	if (n > IPSEC_PROFILE_MAX_TSETS) {
		cli_error(s, "%% At most %d transform sets are allowed\n", IPSEC_PROFILE_MAX_TSETS);
		return CMD_WARNING;
	}
	p->ntsets = 0;
	for (size_t i = 0; !no && i < n; i++)
		snprintf(p->tsets[p->ntsets++], IPSEC_NAME_MAX, "%s", arg_nth(a, "ts", i));
	ipsec_config_of(session_config(s))->changes++;
	return CMD_SUCCESS;
}

static int cmd_profile_pfs(struct session *s, const struct cmd_args *a, bool no)
{
	struct ipsec_profile *p = current_profile(s);

	/* A bare `set pfs` on IOS means group 1. */
	p->pfs_group = no ? 0 : arg_has(a, "g") ? (uint8_t)atoi(arg_str(a, "g") + 5) : 1;
	ipsec_config_of(session_config(s))->changes++;
	return CMD_SUCCESS;
}

static int cmd_profile_lifetime(struct session *s, const struct cmd_args *a, bool no)
{
	struct ipsec_profile *p = current_profile(s);
	bool seconds = arg_has(a, "sec") || (arg_has(a, "what") && !strcmp(arg_str(a, "what"), "seconds"));

	if (seconds)
		p->lifetime_s = no ? 0 : (uint32_t)arg_num(a, "sec", 0);
	else
		p->lifetime_kb = no ? 0 : (uint64_t)arg_num(a, "kb", 0);
	ipsec_config_of(session_config(s))->changes++;
	return CMD_SUCCESS;
}

static int cmd_profile_ref(struct session *s, const struct cmd_args *a, bool no)
{
	struct ipsec_profile *p = current_profile(s);
	char *field = arg_has(a, "ike2") ? p->ikev2_profile : p->isakmp_profile;

	snprintf(field, IPSEC_NAME_MAX, "%s", no ? "" : arg_str(a, "p"));
	ipsec_config_of(session_config(s))->changes++;
	return CMD_SUCCESS;
}

static int cmd_profile_responder(struct session *s, const struct cmd_args *a, bool no)
{
	UNUSED(a);
	current_profile(s)->responder_only = !no;
	ipsec_config_of(session_config(s))->changes++;
	return CMD_SUCCESS;
}

/* ---- IOS show ---- */

static int cmd_show_tsets(struct session *s, const struct cmd_args *a, bool no)
{
	struct strbuf out;

	UNUSED(no);
	sb_init(&out);
	if (ipsec_show_tsets(session_config(s), arg_str(a, "tag"), &out))
		cli_puts(s, out.s);
	sb_free(&out);
	return CMD_SUCCESS;
}

static int cmd_show_sa_lifetime(struct session *s, const struct cmd_args *a, bool no)
{
	struct strbuf out;

	UNUSED(a);
	UNUSED(no);
	sb_init(&out);
	ipsec_show_sa_lifetime(session_config(s), &out);
	cli_puts(s, out.s);
	sb_free(&out);
	return CMD_SUCCESS;
}

/* ---- grammar ---- */

#define CIPSEC_HELP "\nConfigure IPSec policy\n"

/* ASA 8.4+ transform keywords; ASA takes them in any order (../reference/cisco-grammar.md §8.1). */
#define ASA_XFORM "<esp-3des$t|esp-aes$t|esp-aes-192$t|esp-aes-256$t|esp-des$t|esp-md5-hmac$t|esp-none$t|" \
	"esp-null$t|esp-sha-hmac$t>"
#define ASA_XFORM_HELP "esp 3des encryption\nesp aes 128 encryption\nesp aes 192 encryption\n" \
	"esp aes 256 encryption\nesp des encryption\nesp md5 authentication\nesp no authentication\n" \
	"esp null encryption\nesp sha authentication\n"

/* IOS 15 transform keywords; the AES/GCM/GMAC key size follows as a word. Help text
 * from a real IOS 15 router (../reference/cisco-outputs.md §7). */
#define KEYSIZE "[128$t|192$t|256$t]"
#define KEYSIZE_HELP "128 bit keys.\n192 bit keys.\n256 bit keys.\n"
#define IOS_XFORM "<ah-md5-hmac$t|ah-sha-hmac$t|ah-sha256-hmac$t|ah-sha384-hmac$t|ah-sha512-hmac$t|comp-lzs$t|" \
	"esp-3des$t|esp-aes$t " KEYSIZE "|esp-des$t|esp-gcm$t " KEYSIZE "|esp-gmac$t " KEYSIZE "|esp-md5-hmac$t|" \
	"esp-null$t|esp-seal$t|esp-sha-hmac$t|esp-sha256-hmac$t|esp-sha384-hmac$t|esp-sha512-hmac$t>"
#define IOS_XFORM_HELP "AH-HMAC-MD5 transform\nAH-HMAC-SHA transform\nAH-HMAC-SHA256 transform\n" \
	"AH-HMAC-SHA384 transform\nAH-HMAC-SHA512 transform\n" \
	"IP Compression using the LZS compression algorithm\nESP transform using 3DES(EDE) cipher (168 bits)\n" \
	"ESP transform using AES cipher\n" KEYSIZE_HELP "ESP transform using DES cipher (56 bits)\n" \
	"ESP transform using GCM cipher\n" KEYSIZE_HELP "ESP transform using GMAC cipher\n" KEYSIZE_HELP \
	"ESP transform using HMAC-MD5 auth\nESP transform w/o cipher\nESP transform using SEAL cipher (160 bits)\n" \
	"ESP transform using HMAC-SHA auth\nESP transform using HMAC-SHA256 auth\n" \
	"ESP transform using HMAC-SHA384 auth\nESP transform using HMAC-SHA512 auth\n"

#define PFS_GROUPS "[group1$g|group14$g|group15$g|group16$g|group19$g|group2$g|group20$g|group21$g|group24$g|group5$g]"
#define PFS_HELP "Specify pfs settings\n" \
	"D-H Group1 (768-bit modulus)\nD-H Group14 (2048-bit modulus)\nD-H Group15 (3072-bit modulus)\n" \
	"D-H Group16 (4096-bit modulus)\nD-H Group19 (256-bit elliptic curve)\nD-H Group2 (1024-bit modulus)\n" \
	"D-H Group20 (384-bit elliptic curve)\nD-H Group21 (521-bit elliptic curve)\n" \
	"D-H Group24 (2048-bit, 256 bit subgroup)\nD-H Group5 (1536-bit modulus)\n"

#define SA_HELP "Security association parameters\nSecurity association lifetime\n"

static const struct command ipsec_cmds[] = {
	/* ASA transform sets */
	{ NODE_CONFIG, "crypto ipsec ikev1 transform-set WORD$name " ASA_XFORM " [" ASA_XFORM "]",
	  CIPSEC_HELP "Set IKEv1 settings\nDefine transform and settings\nTransform set tag\n" ASA_XFORM_HELP ASA_XFORM_HELP,
	  cmd_tset, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "crypto ipsec ikev1 transform-set WORD$name mode transport",
	  CIPSEC_HELP "Set IKEv1 settings\nDefine transform and settings\nTransform set tag\n"
	  "Encapsulation mode of transform set\nTransport mode\n",
	  cmd_tset_mode_asa, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "crypto ipsec ikev1 transform-set WORD$name",
	  CIPSEC_HELP "Set IKEv1 settings\nDefine transform and settings\nTransform set tag\n",
	  cmd_tset, NODE_NONE, F_ASA | F_NO_ONLY },
	/* ASA <= 8.3 form, migrated to the ikev1 form */
	{ NODE_CONFIG, "crypto ipsec transform-set WORD$name " ASA_XFORM " [" ASA_XFORM "]",
	  CIPSEC_HELP "\nTransform set tag\n" ASA_XFORM_HELP ASA_XFORM_HELP, cmd_tset, NODE_NONE,
	  F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, "crypto ipsec transform-set WORD$name mode transport",
	  CIPSEC_HELP "\nTransform set tag\nEncapsulation mode of transform set\nTransport mode\n",
	  cmd_tset_mode_asa, NODE_NONE, F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, "crypto ipsec transform-set WORD$name", CIPSEC_HELP "\nTransform set tag\n", cmd_tset,
	  NODE_NONE, F_ASA | F_NO_ONLY | F_HIDDEN },
	/* IOS transform sets */
	{ NODE_CONFIG, "crypto ipsec transform-set WORD$name " IOS_XFORM " [" IOS_XFORM " [" IOS_XFORM "]]",
	  CIPSEC_HELP "\nTransform set tag\n" IOS_XFORM_HELP IOS_XFORM_HELP IOS_XFORM_HELP,
	  cmd_tset, NODE_CRYPTO_TRANS, F_IOS | F_NO },
	{ NODE_CONFIG, "crypto ipsec transform-set WORD$name", CIPSEC_HELP "\nTransform set tag\n", cmd_tset,
	  NODE_NONE, F_IOS | F_NO_ONLY },
	{ NODE_CRYPTO_TRANS, "mode <transport$mode|tunnel$mode>",
	  "encapsulation mode (transport/tunnel)\ntransport (payload encapsulation)\ntunnel (datagram encapsulation)\n",
	  cmd_tset_mode_ios, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CRYPTO_TRANS, "mode", "encapsulation mode (transport/tunnel)\n", cmd_tset_mode_ios, NODE_NONE,
	  F_IOS | F_NO_ONLY | F_DEFAULT },
	/* global SA lifetime, replay, df-bit, pmtu-aging */
	{ NODE_CONFIG, "crypto ipsec security-association lifetime <seconds (120-2592000)$sec|kilobytes (2560-4294967295)$kb>",
	  CIPSEC_HELP SA_HELP "Security association duration in seconds\nSecurity association duration in seconds\n"
	  "Security association duration in kilobytes encrypted\nSecurity association duration in kilobytes encrypted\n",
	  cmd_sa_lifetime, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CONFIG, "crypto ipsec security-association lifetime <seconds (120-2147483647)$sec|"
	  "kilobytes <(10-2147483647)$kb|unlimited$unl>>",
	  CIPSEC_HELP SA_HELP "Set the security association lifetime in seconds\nSeconds\n"
	  "Set the security association lifetime in kilobytes\nKilobytes\nUnlimited kilobytes\n",
	  cmd_sa_lifetime, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "crypto ipsec security-association lifetime <seconds$what|kilobytes$what>",
	  CIPSEC_HELP SA_HELP, cmd_sa_lifetime, NODE_NONE, F_NO_ONLY | F_DEFAULT },
	{ NODE_CONFIG, "crypto ipsec security-association replay window-size <1024$win|128$win|256$win|512$win|64$win>",
	  CIPSEC_HELP "Security association parameters\nSet replay checking.\nSet replay window size.\n"
	  "1024 packets\n128 packets\n256 packets\n512 packets\n64 packets (default)\n",
	  cmd_sa_replay, NODE_NONE, F_NO | F_DEFAULT },
	{ NODE_CONFIG, "crypto ipsec security-association replay window-size",
	  CIPSEC_HELP "Security association parameters\nSet replay checking.\nSet replay window size.\n",
	  cmd_sa_replay, NODE_NONE, F_NO_ONLY | F_DEFAULT },
	{ NODE_CONFIG, "crypto ipsec security-association replay disable$disable",
	  CIPSEC_HELP "Security association parameters\nSet replay checking.\nDisable replay checking.\n",
	  cmd_sa_replay, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "crypto ipsec security-association pmtu-aging infinite",
	  CIPSEC_HELP "Security association parameters\nConfigure PMTU aging\nDisable PMTU aging\n",
	  cmd_pmtu_aging, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "crypto ipsec df-bit <clear$df|copy$df|set$df>",
	  CIPSEC_HELP "Handling of encapsulated DF bit.\nClear DF bit for encapsulated packets.\n"
	  "Copy DF bit from inner for encapsulated packets.\nSet DF bit for encapsulated packets.\n",
	  cmd_df_bit, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CONFIG, "crypto ipsec df-bit", CIPSEC_HELP "Handling of encapsulated DF bit.\n", cmd_df_bit, NODE_NONE,
	  F_IOS | F_NO_ONLY | F_DEFAULT },
	/* IOS crypto ipsec profile */
	{ NODE_CONFIG, "crypto ipsec profile WORD$name", CIPSEC_HELP "Configure an ipsec policy profile\nProfile name\n",
	  cmd_profile, NODE_IPSEC_PROFILE, F_IOS | F_NO },
	{ NODE_IPSEC_PROFILE, "set transform-set WORD$ts...", "\nSpecify list of transform sets in priority order\n"
	  "Proposal tag\n", cmd_profile_tsets, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_IPSEC_PROFILE, "set transform-set", "\nSpecify list of transform sets in priority order\n",
	  cmd_profile_tsets, NODE_NONE, F_IOS | F_NO_ONLY | F_DEFAULT },
	{ NODE_IPSEC_PROFILE, "set pfs " PFS_GROUPS, "\n" PFS_HELP, cmd_profile_pfs, NODE_NONE,
	  F_IOS | F_NO | F_DEFAULT },
	{ NODE_IPSEC_PROFILE, "set security-association lifetime <seconds (120-2592000)$sec|kilobytes (2560-4294967295)$kb>",
	  "\nSecurity association parameters\nSecurity association lifetime\n"
	  "Time-based key duration in seconds\nSeconds\nVolume-based key duration\nKilobytes\n",
	  cmd_profile_lifetime, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_IPSEC_PROFILE, "set security-association lifetime <seconds$what|kilobytes$what>",
	  "\nSecurity association parameters\nSecurity association lifetime\n", cmd_profile_lifetime, NODE_NONE,
	  F_IOS | F_NO_ONLY | F_DEFAULT },
	{ NODE_IPSEC_PROFILE, "set isakmp-profile WORD$p", "\nSpecify isakmp Profile\nisakmp profile name\n",
	  cmd_profile_ref, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_IPSEC_PROFILE, "set ikev2-profile$ike2 WORD$p", "\nSpecify ikev2 Profile\nikev2 profile name\n",
	  cmd_profile_ref, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_IPSEC_PROFILE, "responder-only", "Do not initiate SAs from this profile\n", cmd_profile_responder,
	  NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	/* IOS show */
	{ NODE_EXEC, "show crypto ipsec transform-set [tag WORD$tag]",
	  "\nEncryption module\nShow IPSEC policy\nCrypto transform sets\nShow info for a specific transform set\n"
	  "Transform set tag\n", cmd_show_tsets, NODE_NONE, F_IOS | F_NOSAVE },
	{ NODE_EXEC, "show crypto ipsec security-association [lifetime]",
	  "\nEncryption module\nShow IPSEC policy\nShow parameters for IPSec security associations\n"
	  "IPSec SA lifetime\n", cmd_show_sa_lifetime, NODE_NONE, F_IOS | F_NOSAVE },
};

static const struct area_section ipsec_sections[] = {
	{ "ipsec-transform-set", "crypto ipsec", ipsec_render_tsets },
	{ "ipsec-sa", "crypto ipsec", ipsec_render_sa },
	{ "ipsec-global", "crypto ipsec", ipsec_render_global },
	{ "ipsec-profile", "crypto ipsec", ipsec_render_profiles },
};

const struct area area_ipsec = {
	"ipsec", ipsec_cmds, ARRAY_SIZE(ipsec_cmds), ipsec_model_init, ipsec_model_fini,
	ipsec_sections, ARRAY_SIZE(ipsec_sections),
};
