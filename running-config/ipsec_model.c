/* The IPsec phase-2 model: transform sets (with the one keyword table both
 * personalities parse and print from), global SA settings, IOS ipsec profiles, and
 * their renderers. The grammar and handlers are in running-config/ipsec.c. */
#include "running-config/ipsec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpn/isakmp.h"
#include "vpn/vpn_config.h"

enum ts_class { TC_AH, TC_ENC, TC_AUTH, TC_COMP };

/* Which personality spells a keyword: ASA folds the AES key size into the keyword
 * (esp-aes-256) where IOS takes it as the next word (esp-aes 256). */
#define TK_IOS 1u
#define TK_ASA 2u

struct ts_keyword {
	const char *word;
	enum ts_class cls;
	int value;
	uint16_t bits;           /* AES keyword variants: the size the keyword implies */
	unsigned spelled_by;
};

static const struct ts_keyword ts_keywords[] = {
	{ "ah-md5-hmac", TC_AH, TS_AH_MD5, 0, TK_IOS },
	{ "ah-sha-hmac", TC_AH, TS_AH_SHA, 0, TK_IOS },
	{ "ah-sha256-hmac", TC_AH, TS_AH_SHA256, 0, TK_IOS },
	{ "ah-sha384-hmac", TC_AH, TS_AH_SHA384, 0, TK_IOS },
	{ "ah-sha512-hmac", TC_AH, TS_AH_SHA512, 0, TK_IOS },
	{ "esp-des", TC_ENC, TS_ENC_DES, 0, TK_IOS | TK_ASA },
	{ "esp-3des", TC_ENC, TS_ENC_3DES, 0, TK_IOS | TK_ASA },
	{ "esp-aes", TC_ENC, TS_ENC_AES, 128, TK_IOS | TK_ASA },
	{ "esp-aes-192", TC_ENC, TS_ENC_AES, 192, TK_ASA },
	{ "esp-aes-256", TC_ENC, TS_ENC_AES, 256, TK_ASA },
	{ "esp-gcm", TC_ENC, TS_ENC_GCM, 128, TK_IOS },
	{ "esp-gmac", TC_ENC, TS_ENC_GMAC, 128, TK_IOS },
	{ "esp-null", TC_ENC, TS_ENC_NULL, 0, TK_IOS | TK_ASA },
	{ "esp-seal", TC_ENC, TS_ENC_SEAL, 0, TK_IOS },
	{ "esp-none", TC_AUTH, TS_AUTH_NONE, 0, TK_ASA },
	{ "esp-md5-hmac", TC_AUTH, TS_AUTH_MD5, 0, TK_IOS | TK_ASA },
	{ "esp-sha-hmac", TC_AUTH, TS_AUTH_SHA, 0, TK_IOS | TK_ASA },
	{ "esp-sha256-hmac", TC_AUTH, TS_AUTH_SHA256, 0, TK_IOS },
	{ "esp-sha384-hmac", TC_AUTH, TS_AUTH_SHA384, 0, TK_IOS },
	{ "esp-sha512-hmac", TC_AUTH, TS_AUTH_SHA512, 0, TK_IOS },
	{ "comp-lzs", TC_COMP, 1, 0, TK_IOS },
};

static const struct ts_keyword *ts_keyword_find(const char *word)
{
	for (size_t i = 0; i < ARRAY_SIZE(ts_keywords); i++)
		if (!strcmp(ts_keywords[i].word, word))
			return &ts_keywords[i];
	return NULL;
}

static const struct ts_keyword *ts_keyword_of(enum ts_class cls, int value, uint16_t bits, unsigned spelled_by)
{
	for (size_t i = 0; i < ARRAY_SIZE(ts_keywords); i++) {
		const struct ts_keyword *k = &ts_keywords[i];
		if (k->cls == cls && k->value == value && (k->spelled_by & spelled_by) &&
		    (spelled_by == TK_IOS || !k->bits || k->bits == bits))
			return k;
	}
	return NULL;
}

static bool is_key_size(const char *w)
{
	return !strcmp(w, "128") || !strcmp(w, "192") || !strcmp(w, "256");
}

/* The IOS parser refuses a second transform of the same class; the texts are ours. */
bool ipsec_tset_parse(const char *const *words, size_t n, struct ipsec_tset *out, const char **why)
{
	struct ipsec_tset ts = { .mode = TS_MODE_TUNNEL };
	bool seen[4] = { false };

	for (size_t i = 0; i < n; i++) {
		const struct ts_keyword *k = ts_keyword_find(words[i]);
		if (!k) {
			*why = "Invalid transform";
			return false;
		}
		if (seen[k->cls]) {
			*why = k->cls == TC_ENC ? "Only one ESP encryption transform is allowed"
			     : k->cls == TC_AUTH ? "Only one ESP authentication transform is allowed"
			     : k->cls == TC_AH ? "Only one AH transform is allowed"
			     : "Only one compression transform is allowed";
			return false;
		}
		seen[k->cls] = true;
		switch (k->cls) {
		case TC_AH: ts.ah = (enum ts_ah)k->value; break;
		case TC_AUTH: ts.auth = (enum ts_auth)k->value; break;
		case TC_COMP: ts.comp_lzs = true; break;
		case TC_ENC:
			ts.enc = (enum ts_enc)k->value;
			ts.enc_bits = k->bits;
			if (k->bits == 128 && i + 1 < n && is_key_size(words[i + 1]))
				ts.enc_bits = (uint16_t)atoi(words[++i]);
			break;
		}
	}
	if (!seen[TC_ENC] && !seen[TC_AH] && !seen[TC_AUTH]) {
		*why = "At least one ESP or AH transform is required";
		return false;
	}
	memcpy(ts.name, out->name, sizeof(ts.name));
	*out = ts;
	return true;
}

static void sb_word(struct strbuf *out, const char *w)
{
	if (out->len && out->s[out->len - 1] != ' ')
		sb_addc(out, ' ');
	sb_add(out, w);
}

bool ipsec_tset_words(const struct ipsec_tset *ts, enum grammar_personality p, struct strbuf *out)
{
	unsigned who = p == GP_IOS ? TK_IOS : TK_ASA;
	const struct ts_keyword *k;

	if (p == GP_ASA && (ts->ah || ts->comp_lzs || ts->enc == TS_ENC_NONE))
		return false;
	if (ts->ah) {
		k = ts_keyword_of(TC_AH, ts->ah, 0, who);
		sb_word(out, k->word);
	}
	if (ts->enc) {
		k = ts_keyword_of(TC_ENC, ts->enc, ts->enc_bits, who);
		if (!k)
			return false;
		sb_word(out, k->word);
		if (p == GP_IOS && ts->enc_bits && ts->enc_bits != 128)
			sb_printf(out, " %u", ts->enc_bits);
	}
	if (ts->auth == TS_AUTH_NONE && p == GP_ASA) {
		sb_word(out, "esp-none");
	} else if (ts->auth > TS_AUTH_NONE) {
		k = ts_keyword_of(TC_AUTH, ts->auth, 0, who);
		if (!k)
			return false;
		sb_word(out, k->word);
	}
	if (ts->comp_lzs)
		sb_word(out, "comp-lzs");
	return true;
}

void ipsec_tset_show_words(const struct ipsec_tset *ts, struct strbuf *out)
{
	struct strbuf words;

	if (ts->enc_bits && ts->enc_bits != 128) {
		/* `show` moves the key size in front: esp-256-aes (../reference/cisco-grammar.md §8.1). */
		struct ipsec_tset no_enc = *ts;
		const struct ts_keyword *k = ts_keyword_of(TC_ENC, ts->enc, 128, TK_IOS);

		no_enc.enc = TS_ENC_NONE;
		if (ts->ah)
			sb_word(out, ts_keyword_of(TC_AH, ts->ah, 0, TK_IOS)->word);
		sb_init(&words);
		sb_printf(&words, "esp-%u-%s", ts->enc_bits, k->word + 4);
		sb_word(out, words.s);
		sb_free(&words);
		no_enc.ah = TS_AH_NONE;
		ipsec_tset_words(&no_enc, GP_IOS, out);
		return;
	}
	ipsec_tset_words(ts, GP_IOS, out);
}

bool ipsec_tset_to_vpn(const struct ipsec_tset *ts, struct vpn_transform_set *out)
{
	static const uint16_t auth_alg[] = {
		[TS_AUTH_UNSET] = 0, [TS_AUTH_NONE] = 0, [TS_AUTH_MD5] = IPSEC_AUTH_HMAC_MD5,
		[TS_AUTH_SHA] = IPSEC_AUTH_HMAC_SHA1, [TS_AUTH_SHA256] = IPSEC_AUTH_HMAC_SHA2_256,
		[TS_AUTH_SHA384] = IPSEC_AUTH_HMAC_SHA2_384, [TS_AUTH_SHA512] = IPSEC_AUTH_HMAC_SHA2_512,
	};

	memset(out, 0, sizeof(*out));
	if (ts->ah || ts->comp_lzs)
		return false;
	switch (ts->enc) {
	case TS_ENC_DES: out->esp_id = ESP_DES; break;
	case TS_ENC_3DES: out->esp_id = ESP_3DES; break;
	case TS_ENC_AES: out->esp_id = ESP_AES; break;
	case TS_ENC_GCM: out->esp_id = ESP_AES_GCM_16; break;
	case TS_ENC_GMAC: out->esp_id = ESP_NULL_AUTH_AES_GMAC; break;
	case TS_ENC_NULL: out->esp_id = ESP_NULL; break;
	case TS_ENC_NONE:
	case TS_ENC_SEAL: return false;
	}
	snprintf(out->name, sizeof(out->name), "%s", ts->name);
	out->key_bits = ts->enc_bits;
	out->auth_alg = auth_alg[ts->auth];
	out->mode = ts->mode == TS_MODE_TRANSPORT ? DP_MODE_TRANSPORT : DP_MODE_TUNNEL;
	return true;
}

/* ---- model ---- */

struct ipsec_config *ipsec_config_of(struct running_config *rc)
{
	return rc->ipsec;
}

void ipsec_model_init(struct running_config *rc)
{
	rc->ipsec = xcalloc(1, sizeof(*rc->ipsec));
	rc->ipsec->pmtu_aging_infinite = true;
}

void ipsec_model_fini(struct running_config *rc)
{
	if (!rc->ipsec)
		return;
	free(rc->ipsec->tsets);
	free(rc->ipsec->profiles);
	free(rc->ipsec);
	rc->ipsec = NULL;
}

static struct ipsec_tset *tset_find_mut(struct ipsec_config *ic, const char *name)
{
	for (size_t i = 0; i < ic->ntsets; i++)
		if (!strcmp(ic->tsets[i].name, name))
			return &ic->tsets[i];
	return NULL;
}

const struct ipsec_tset *ipsec_tset_find(const struct running_config *rc, const char *name)
{
	return tset_find_mut(rc->ipsec, name);
}

void ipsec_tset_set(struct running_config *rc, const struct ipsec_tset *ts)
{
	struct ipsec_config *ic = rc->ipsec;
	struct ipsec_tset *cur = tset_find_mut(ic, ts->name);

	if (!cur) {
		ic->tsets = xrealloc(ic->tsets, (ic->ntsets + 1) * sizeof(*ic->tsets));
		cur = &ic->tsets[ic->ntsets++];
		*cur = *ts;
	} else {
		enum ts_mode mode = cur->mode;
		*cur = *ts;
		cur->mode = mode;
	}
	ic->changes++;
}

bool ipsec_tset_set_mode(struct running_config *rc, const char *name, enum ts_mode mode)
{
	struct ipsec_tset *ts = tset_find_mut(rc->ipsec, name);

	if (!ts)
		return false;
	ts->mode = mode;
	rc->ipsec->changes++;
	return true;
}

bool ipsec_tset_delete(struct running_config *rc, const char *name)
{
	struct ipsec_config *ic = rc->ipsec;
	struct ipsec_tset *ts = tset_find_mut(ic, name);

	if (!ts)
		return false;
	memmove(ts, ts + 1, (size_t)(ic->tsets + ic->ntsets - (ts + 1)) * sizeof(*ts));
	ic->ntsets--;
	ic->changes++;
	return true;
}

static struct ipsec_profile *profile_find_mut(struct ipsec_config *ic, const char *name)
{
	for (size_t i = 0; i < ic->nprofiles; i++)
		if (!strcmp(ic->profiles[i].name, name))
			return &ic->profiles[i];
	return NULL;
}

const struct ipsec_profile *ipsec_profile_find(const struct running_config *rc, const char *name)
{
	return profile_find_mut(rc->ipsec, name);
}

struct ipsec_profile *ipsec_profile_get(struct running_config *rc, const char *name, bool create)
{
	struct ipsec_config *ic = rc->ipsec;
	struct ipsec_profile *p = profile_find_mut(ic, name);

	if (p || !create)
		return p;
	ic->profiles = xrealloc(ic->profiles, (ic->nprofiles + 1) * sizeof(*ic->profiles));
	p = &ic->profiles[ic->nprofiles++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	ic->changes++;
	return p;
}

bool ipsec_profile_delete(struct running_config *rc, const char *name)
{
	struct ipsec_config *ic = rc->ipsec;
	struct ipsec_profile *p = profile_find_mut(ic, name);

	if (!p)
		return false;
	memmove(p, p + 1, (size_t)(ic->profiles + ic->nprofiles - (p + 1)) * sizeof(*p));
	ic->nprofiles--;
	ic->changes++;
	return true;
}

uint32_t ipsec_lifetime_s(const struct running_config *rc)
{
	if (rc->ipsec->lifetime_s)
		return rc->ipsec->lifetime_s;
	return rc->personality == GP_IOS ? IPSEC_IOS_LIFETIME_S : IPSEC_ASA_LIFETIME_S;
}

uint64_t ipsec_lifetime_kb(const struct running_config *rc)
{
	if (rc->ipsec->lifetime_kb_unlimited)
		return 0;
	return rc->ipsec->lifetime_kb ? rc->ipsec->lifetime_kb : IPSEC_LIFETIME_KB;
}

/* ---- renderers ---- */

static void render_tset_asa(const struct ipsec_tset *ts, struct strbuf *out)
{
	struct strbuf words;

	sb_init(&words);
	if (!ipsec_tset_words(ts, GP_ASA, &words)) {
		/* Rendered under ASA only by `rampart translate`: say what has no equivalent. */
		sb_reset(&words);
		ipsec_tset_words(ts, GP_IOS, &words);
		sb_printf(out, ": no ASA IKEv1 equivalent: crypto ipsec transform-set %s %s\n", ts->name, words.s);
		sb_free(&words);
		return;
	}
	/* ASA 9.x ends the line with a space (real captures; the ntc-templates parser needs it) */
	sb_printf(out, "crypto ipsec ikev1 transform-set %s %s \n", ts->name, words.s);
	if (ts->mode == TS_MODE_TRANSPORT)
		sb_printf(out, "crypto ipsec ikev1 transform-set %s mode transport\n", ts->name);
	sb_free(&words);
}

static void render_tset_ios(const struct ipsec_tset *ts, struct strbuf *out)
{
	struct strbuf words;

	sb_init(&words);
	ipsec_tset_words(ts, GP_IOS, &words);
	/* IOS 15 leaves a space after the last transform and always shows the mode. */
	sb_printf(out, "crypto ipsec transform-set %s %s \n mode %s\n", ts->name, words.s,
		  ts->mode == TS_MODE_TRANSPORT ? "transport" : "tunnel");
	sb_free(&words);
}

void ipsec_render_tsets(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct ipsec_config *ic = rc->ipsec;

	for (size_t i = 0; i < ic->ntsets; i++) {
		if (ctx->filter_name && strcmp(ctx->filter_name, ic->tsets[i].name))
			continue;
		if (ctx->personality == GP_IOS)
			render_tset_ios(&ic->tsets[i], out);
		else
			render_tset_asa(&ic->tsets[i], out);
	}
}

static void render_lifetime(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct ipsec_config *ic = rc->ipsec;
	uint32_t dflt_s = ctx->personality == GP_IOS ? IPSEC_IOS_LIFETIME_S : IPSEC_ASA_LIFETIME_S;
	bool all = ctx->mode == RENDER_ALL;

	if (ic->lifetime_s && ic->lifetime_s != dflt_s)
		sb_printf(out, "crypto ipsec security-association lifetime seconds %u\n", ic->lifetime_s);
	else if (all)
		sb_printf(out, "crypto ipsec security-association lifetime seconds %u\n", dflt_s);
	if (ic->lifetime_kb_unlimited && ctx->personality == GP_ASA)
		sb_add(out, "crypto ipsec security-association lifetime kilobytes unlimited\n");
	else if (ic->lifetime_kb && ic->lifetime_kb != IPSEC_LIFETIME_KB)
		sb_printf(out, "crypto ipsec security-association lifetime kilobytes %llu\n",
			  (unsigned long long)ic->lifetime_kb);
	else if (all)
		sb_printf(out, "crypto ipsec security-association lifetime kilobytes %u\n", IPSEC_LIFETIME_KB);
}

void ipsec_render_sa(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct ipsec_config *ic = rc->ipsec;
	size_t start = out->len;

	if (ctx->filter_name)
		return;
	render_lifetime(rc, ctx, out);
	if (ic->replay_disabled && ctx->personality == GP_ASA)
		sb_add(out, "crypto ipsec security-association replay disable\n");
	else if (ic->replay_window)
		sb_printf(out, "crypto ipsec security-association replay window-size %u\n", ic->replay_window);
	if (ctx->personality == GP_ASA) {
		sb_add(out, ic->pmtu_aging_infinite ? "crypto ipsec security-association pmtu-aging infinite\n"
						    : "no crypto ipsec security-association pmtu-aging infinite\n");
	} else if (out->len > start) {
		sb_add(out, "!\n");
	}
}

/* IOS: `crypto ipsec df-bit` follows the transform sets; the `!` closes both. */
void ipsec_render_global(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	static const char *const df_words[] = { "copy", "clear", "set" };
	const struct ipsec_config *ic = rc->ipsec;

	if (ctx->personality != GP_IOS || ctx->filter_name)
		return;
	if (ic->df_bit != IPSEC_DF_COPY)
		sb_printf(out, "crypto ipsec df-bit %s\n", df_words[ic->df_bit]);
	if (ic->ntsets || ic->df_bit != IPSEC_DF_COPY)
		sb_add(out, "!\n");
}

static void render_profile(const struct ipsec_profile *p, struct strbuf *out)
{
	sb_printf(out, "crypto ipsec profile %s\n", p->name);
	if (p->lifetime_kb && p->lifetime_kb != IPSEC_LIFETIME_KB)
		sb_printf(out, " set security-association lifetime kilobytes %llu\n",
			  (unsigned long long)p->lifetime_kb);
	if (p->lifetime_s && p->lifetime_s != IPSEC_IOS_LIFETIME_S)
		sb_printf(out, " set security-association lifetime seconds %u\n", p->lifetime_s);
	if (p->ntsets) {
		sb_add(out, " set transform-set");
		for (size_t i = 0; i < p->ntsets; i++)
			sb_printf(out, " %s", p->tsets[i]);
		sb_add(out, " \n");
	}
	if (p->pfs_group)
		sb_printf(out, " set pfs group%u\n", p->pfs_group);
	if (p->isakmp_profile[0])
		sb_printf(out, " set isakmp-profile %s\n", p->isakmp_profile);
	if (p->ikev2_profile[0])
		sb_printf(out, " set ikev2-profile %s\n", p->ikev2_profile);
	if (p->responder_only)
		sb_add(out, " responder-only\n");
	sb_add(out, "!\n");
}

void ipsec_render_profiles(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct ipsec_config *ic = rc->ipsec;

	if (ctx->personality != GP_IOS)
		return;
	for (size_t i = 0; i < ic->nprofiles; i++)
		if (!ctx->filter_name || !strcmp(ctx->filter_name, ic->profiles[i].name))
			render_profile(&ic->profiles[i], out);
}

/* ---- show ---- */

static void show_one_tset(const struct ipsec_tset *ts, struct strbuf *out)
{
	struct strbuf words;

	sb_init(&words);
	ipsec_tset_show_words(ts, &words);
	/* Two spaces before the braces close, "{ Tunnel,  }" (../reference/cisco-outputs.md §7). */
	sb_printf(out, "Transform set %s: { %s  }\n   will negotiate = { %s,  },\n\n", ts->name, words.s,
		  ts->mode == TS_MODE_TRANSPORT ? "Transport" : "Tunnel");
	sb_free(&words);
}

bool ipsec_show_tsets(const struct running_config *rc, const char *tag, struct strbuf *out)
{
	static const struct ipsec_tset builtin = {
		.name = "default", .enc = TS_ENC_AES, .enc_bits = 128, .auth = TS_AUTH_SHA, .mode = TS_MODE_TRANSPORT,
	};
	const struct ipsec_config *ic = rc->ipsec;

	if (tag) {
		const struct ipsec_tset *ts = ipsec_tset_find(rc, tag);
		if (!ts && strcmp(tag, "default"))
			return false;
		show_one_tset(ts ? ts : &builtin, out);
		return true;
	}
	/* IOS 15.x lists its built-in `default` set first unless the user redefined it. */
	if (!ipsec_tset_find(rc, "default"))
		show_one_tset(&builtin, out);
	for (size_t i = 0; i < ic->ntsets; i++)
		show_one_tset(&ic->tsets[i], out);
	return true;
}

void ipsec_show_sa_lifetime(const struct running_config *rc, struct strbuf *out)
{
	sb_printf(out, "Security association lifetime: %llu kilobytes/%u seconds\n",
		  (unsigned long long)ipsec_lifetime_kb(rc), ipsec_lifetime_s(rc));
}
