/* IPsec phase 2 configuration: transform sets, the global SA settings and IOS
 * `crypto ipsec profile`s, one model for both personalities.
 *
 * The structs below are the model itself, exposed read-only: the renderers of other
 * areas and the VPN compiler read them; only the CLI handlers of running-config/ipsec.c
 * change them (through the ipsec_* mutators, which validate first). */
#ifndef RAMPART_IPSEC_H
#define RAMPART_IPSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "running-config/config.h"

struct vpn_transform_set;

#define IPSEC_NAME_MAX 64
#define IPSEC_PROFILE_MAX_TSETS 6

/* One transform of each class at most, as IOS allows. */
enum ts_ah { TS_AH_NONE, TS_AH_MD5, TS_AH_SHA, TS_AH_SHA256, TS_AH_SHA384, TS_AH_SHA512 };
enum ts_enc { TS_ENC_NONE, TS_ENC_DES, TS_ENC_3DES, TS_ENC_AES, TS_ENC_GCM, TS_ENC_GMAC, TS_ENC_NULL,
	      TS_ENC_SEAL };
/* TS_AUTH_NONE is ASA's explicit `esp-none`; TS_AUTH_UNSET means no ESP auth was given. */
enum ts_auth { TS_AUTH_UNSET, TS_AUTH_NONE, TS_AUTH_MD5, TS_AUTH_SHA, TS_AUTH_SHA256, TS_AUTH_SHA384,
	       TS_AUTH_SHA512 };
enum ts_mode { TS_MODE_TUNNEL, TS_MODE_TRANSPORT };

struct ipsec_tset {
	char name[IPSEC_NAME_MAX];
	enum ts_ah ah;
	enum ts_enc enc;
	uint16_t enc_bits;       /* AES, GCM, GMAC: 128/192/256; 0 for the others */
	enum ts_auth auth;
	bool comp_lzs;
	enum ts_mode mode;
};

enum ipsec_df_bit { IPSEC_DF_COPY, IPSEC_DF_CLEAR, IPSEC_DF_SET };  /* copy is the default */

/* IOS `crypto ipsec profile NAME`. */
struct ipsec_profile {
	char name[IPSEC_NAME_MAX];
	size_t ntsets;
	char tsets[IPSEC_PROFILE_MAX_TSETS][IPSEC_NAME_MAX];
	uint8_t pfs_group;       /* 0: no PFS */
	uint32_t lifetime_s;     /* 0: the global lifetime */
	uint64_t lifetime_kb;    /* 0: the global lifetime */
	char isakmp_profile[IPSEC_NAME_MAX];
	char ikev2_profile[IPSEC_NAME_MAX];
	bool responder_only;
};

struct ipsec_config {
	size_t ntsets;
	struct ipsec_tset *tsets;        /* creation order, which is the render order */
	size_t nprofiles;
	struct ipsec_profile *profiles;  /* creation order */
	uint32_t lifetime_s;             /* 0: the personality's default */
	uint64_t lifetime_kb;            /* 0: default */
	bool lifetime_kb_unlimited;      /* ASA `kilobytes unlimited` */
	uint32_t replay_window;          /* 0: default (64) */
	bool replay_disabled;            /* ASA `replay disable` */
	enum ipsec_df_bit df_bit;
	bool pmtu_aging_infinite;        /* ASA; on by default and always printed */
	unsigned changes;                /* bumped by every change */
};

/* Defaults (../reference/cisco-grammar.md §8.2). */
#define IPSEC_IOS_LIFETIME_S 3600u
#define IPSEC_ASA_LIFETIME_S 28800u
#define IPSEC_LIFETIME_KB 4608000u

/* ---- read-only accessors ---- */
const struct ipsec_tset *ipsec_tset_find(const struct running_config *rc, const char *name);
const struct ipsec_profile *ipsec_profile_find(const struct running_config *rc, const char *name);
/* The global SA lifetime in effect (the personality's default when unset); kb 0 = unlimited. */
uint32_t ipsec_lifetime_s(const struct running_config *rc);
uint64_t ipsec_lifetime_kb(const struct running_config *rc);
/* The transform set as the IKE engine proposes it (ESP transform id, key bits, auth
 * algorithm, mode). False when it cannot be proposed: AH, compression, SEAL, or no
 * ESP cipher. */
bool ipsec_tset_to_vpn(const struct ipsec_tset *ts, struct vpn_transform_set *out);

/* ---- transform keywords (shared with the show commands) ---- */
/* Builds a transform set from the keywords as typed (IOS `esp-aes 256 esp-sha-hmac`
 * or ASA `esp-aes-256 esp-sha-hmac`). On failure returns false and sets *why to the
 * device-style error text. */
bool ipsec_tset_parse(const char *const *words, size_t n, struct ipsec_tset *out, const char **why);
/* The transforms as a config line shows them under a personality: IOS
 * "esp-aes 256 esp-sha-hmac", ASA "esp-aes-256 esp-sha-hmac". False when the set has
 * no form under that personality (ASA cannot express AH, GCM, SHA-2 in IKEv1). */
bool ipsec_tset_words(const struct ipsec_tset *ts, enum grammar_personality p, struct strbuf *out);
/* IOS show spelling: "esp-256-aes esp-sha-hmac". */
void ipsec_tset_show_words(const struct ipsec_tset *ts, struct strbuf *out);

/* ---- mutators, used by the CLI handlers and the unit tests ---- */
struct ipsec_config *ipsec_config_of(struct running_config *rc);
/* Creates or replaces the transforms of a set, keeping its mode. */
void ipsec_tset_set(struct running_config *rc, const struct ipsec_tset *ts);
bool ipsec_tset_set_mode(struct running_config *rc, const char *name, enum ts_mode mode);
bool ipsec_tset_delete(struct running_config *rc, const char *name);
struct ipsec_profile *ipsec_profile_get(struct running_config *rc, const char *name, bool create);
bool ipsec_profile_delete(struct running_config *rc, const char *name);

/* ---- renderers (sections "ipsec-transform-set", "ipsec-sa", "ipsec-global", "ipsec-profile") ---- */
void ipsec_render_tsets(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
void ipsec_render_sa(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
void ipsec_render_global(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
void ipsec_render_profiles(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);

/* ---- IOS show outputs (../reference/cisco-outputs.md §7) ---- */
/* `show crypto ipsec transform-set [tag NAME]`; false when NAME does not exist. */
bool ipsec_show_tsets(const struct running_config *rc, const char *tag, struct strbuf *out);
/* `show crypto ipsec security-association [lifetime]`. */
void ipsec_show_sa_lifetime(const struct running_config *rc, struct strbuf *out);

void ipsec_model_init(struct running_config *rc);
void ipsec_model_fini(struct running_config *rc);

#endif
