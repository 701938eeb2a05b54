/* IKE phase 1 configuration: ISAKMP/IKEv1 policies, pre-shared keys and keyrings,
 * ISAKMP profiles and peers, and the global ISAKMP settings, one model for both
 * personalities (ASA `crypto ikev1 ...` and its legacy forms, IOS `crypto isakmp ...`).
 *
 * The grammar, handlers and renderers live in running-config/ike_policy.c,
 * ike_global.c and ike_keys.c. The structs below are the model itself, exposed
 * read-only through the accessors at the end: the VPN compiler reads them and maps the
 * enums to IKEv1 attribute values (vpn/vpn_config.h); only the CLI handlers change them.
 *
 * Values are stored as their meaning, never as the personality's spelling: a policy
 * made on IOS with its defaults left alone holds DES/SHA/RSA-sig/group 1/86400 s, and
 * renders those lines on ASA, which prints every line. So a config typed on one
 * personality renders on the other. */
#ifndef RAMPART_IKE_H
#define RAMPART_IKE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "running-config/config.h"

/* ---- phase-1 policies (ike_policy.c) ---- */

enum ike_enc { IKE_ENC_DES = 1, IKE_ENC_3DES, IKE_ENC_AES };
enum ike_hash { IKE_HASH_MD5 = 1, IKE_HASH_SHA, IKE_HASH_SHA256, IKE_HASH_SHA384, IKE_HASH_SHA512 };
enum ike_auth { IKE_AUTH_PRE_SHARE = 1, IKE_AUTH_RSA_SIG, IKE_AUTH_RSA_ENCR, IKE_AUTH_CRACK };

/* ASA `crypto ikev1 policy N` / `crypto isakmp policy N`, IOS `crypto isakmp policy N`. */
struct ike_policy {
	uint32_t priority;       /* ASA 1-65535, IOS 1-10000; lower is tried first */
	enum ike_enc enc;
	uint16_t key_bits;       /* AES: 128, 192 or 256; 0 for DES and 3DES */
	enum ike_hash hash;
	enum ike_auth auth;
	uint16_t group;          /* Diffie-Hellman group number: 1 2 5 14 15 16 19 20 21 24 */
	uint32_t lifetime_s;     /* 0 = ASA `lifetime none` (no time limit) */
};

/* ---- keys, keyrings, profiles, peers (ike_keys.c) ---- */

#define IKE_NAME_MAX 64
#define IKE_KEY_MAX 128

enum ike_key_peer { IKE_KEY_BY_ADDRESS, IKE_KEY_BY_HOSTNAME };
enum ike_key_form {
	IKE_KEY_IOS,             /* IOS `crypto isakmp key` or keyring `pre-shared-key` */
	IKE_KEY_ASA_LEGACY,      /* PIX/ASA 7.x `isakmp key K address A netmask M` */
};

/* One pre-shared key. Addresses: mask 255.255.255.255 for one host; IOS `address
 * 0.0.0.0` without a mask is the wildcard (mask 0.0.0.0). */
struct ike_key {
	enum ike_key_peer by;
	struct in_addr addr, mask;
	bool mask_typed;         /* the mask was given (rendered back) */
	char hostname[IKE_NAME_MAX];
	char key[IKE_KEY_MAX];
	bool encrypted;          /* IOS type 6: key holds the encrypted form, not the secret */
	bool no_xauth;
	enum ike_key_form form;
};

/* `local-address` of a keyring or profile: an interface or an address. */
struct ike_local_address {
	bool set;
	bool is_iface;
	char iface[IKE_NAME_MAX];     /* canonical interface name */
	struct in_addr addr;
};

/* IOS `crypto keyring NAME [vrf V]`. */
struct ike_keyring {
	char name[IKE_NAME_MAX];
	char vrf[IKE_NAME_MAX];       /* "" = global */
	struct ike_local_address local;
	size_t nkeys;
	struct ike_key *keys;         /* creation order */
};

enum ike_self_identity { IKE_SELF_DEFAULT, IKE_SELF_ADDRESS, IKE_SELF_FQDN, IKE_SELF_USER_FQDN };

#define IKE_PROFILE_MAX_KEYRINGS 4
#define IKE_PROFILE_MAX_MATCH 8

struct ike_match_identity {
	struct in_addr addr, mask;
};

/* IOS `crypto isakmp profile NAME`. */
struct ike_profile {
	char name[IKE_NAME_MAX];
	char description[128];
	char vrf[IKE_NAME_MAX];
	size_t nkeyrings;
	char keyrings[IKE_PROFILE_MAX_KEYRINGS][IKE_NAME_MAX];
	enum ike_self_identity self_identity;
	char self_user_fqdn[IKE_NAME_MAX];
	size_t nmatch;
	struct ike_match_identity match[IKE_PROFILE_MAX_MATCH];
	uint32_t keepalive_s;         /* DPD; 0 = the global setting */
	uint32_t keepalive_retry_s;
	bool initiate_aggressive;
	struct ike_local_address local;
};

enum ike_am_endpoint { IKE_AM_EP_NONE, IKE_AM_EP_IPV4, IKE_AM_EP_FQDN, IKE_AM_EP_USER_FQDN };

/* IOS `crypto isakmp peer address A`. */
struct ike_peer {
	struct in_addr addr;
	char am_password[IKE_KEY_MAX];    /* "" = none */
	enum ike_am_endpoint am_endpoint;
	struct in_addr am_endpoint_addr;
	char am_endpoint_name[IKE_NAME_MAX];
};

/* ---- global settings (ike_global.c) ---- */

/* IKE_ID_DEFAULT: nothing configured (ASA: auto, IOS: address). */
enum ike_identity { IKE_ID_DEFAULT, IKE_ID_ADDRESS, IKE_ID_HOSTNAME, IKE_ID_KEY_ID, IKE_ID_AUTO, IKE_ID_DN };

struct ike_config {
	size_t npolicies;
	struct ike_policy *policies;      /* ascending priority */

	size_t nkeys;
	struct ike_key *keys;             /* the IOS "default" keyring, creation order */
	size_t nkeyrings;
	struct ike_keyring *keyrings;     /* creation order */
	size_t nprofiles;
	struct ike_profile *profiles;     /* creation order */
	size_t npeers;
	struct ike_peer *peers;           /* creation order */

	size_t nenabled;
	char (*enabled)[IKE_NAME_MAX];    /* ASA nameifs with `crypto ikev1 enable`, in order given */
	bool ios_disabled;                /* IOS `no crypto isakmp enable` */
	enum ike_identity identity;
	char identity_key_id[IKE_NAME_MAX];
	bool natt_disabled;               /* ASA `no crypto isakmp nat-traversal` */
	uint32_t natt_keepalive_s;        /* ASA `nat-traversal N` / IOS `nat keepalive N`; 0 = not set */
	bool am_disabled;                 /* ASA `crypto ikev1 am-disable`, IOS `aggressive-mode disable` */
	uint32_t dpd_s;                   /* IOS `crypto isakmp keepalive N`; 0 = off */
	uint32_t dpd_retry_s;             /* 0 = not given (IOS uses 2) */
	bool dpd_periodic;
	bool invalid_spi_recovery;        /* IOS */
	bool fragmentation;               /* IOS */
	bool disconnect_notify;           /* ASA */
	uint32_t max_in_negotiation;      /* IOS `crypto call admission limit ike in-negotiation-sa N`;
					   * 0 = the engine's default */
};

/* ---- read-only accessors for the VPN compiler (rc->ike may be read directly too) ---- */

/* Policies in priority order (lowest number first). */
size_t ike_policy_count(const struct running_config *rc);
const struct ike_policy *ike_policy_at(const struct running_config *rc, size_t i);
const struct ike_policy *ike_policy_find(const struct running_config *rc, uint32_t priority);

/* The pre-shared key for a peer address: the most specific address/mask match among
 * the global keys (IOS `crypto isakmp key`, ASA legacy `isakmp key`) and, when keyring
 * is NULL, every keyring; with a keyring name only that keyring. A tie goes to the
 * global keys, then to the keyring created first. NULL when none fits. *keyring_out
 * (if given) is set to the keyring's name, or NULL for the global keys. */
const struct ike_key *ike_psk_for_peer(const struct running_config *rc, struct in_addr peer,
				       const char *keyring, const char **keyring_out);

size_t ike_keyring_count(const struct running_config *rc);
const struct ike_keyring *ike_keyring_at(const struct running_config *rc, size_t i);
const struct ike_keyring *ike_keyring_find(const struct running_config *rc, const char *name);
size_t ike_profile_count(const struct running_config *rc);
const struct ike_profile *ike_profile_at(const struct running_config *rc, size_t i);
const struct ike_profile *ike_profile_find(const struct running_config *rc, const char *name);
const struct ike_peer *ike_peer_find(const struct running_config *rc, struct in_addr addr);

/* Identity sent in phase 1, with the personality's default resolved (ASA auto, IOS
 * address). key_id receives the ASA key-id string for IKE_ID_KEY_ID. */
enum ike_identity ike_identity_mode(const struct running_config *rc, const char **key_id);
/* NAT-T: enabled, and its keepalive in seconds (ASA default 20; IOS 0 = none sent). */
bool ike_natt_enabled(const struct running_config *rc);
uint32_t ike_natt_keepalive_s(const struct running_config *rc);
/* IOS global DPD (`crypto isakmp keepalive`): false when off. retry_s has IOS's
 * default (2) applied. ASA DPD is per tunnel-group (running-config/tunnel_group.h). */
bool ike_dpd(const struct running_config *rc, uint32_t *threshold_s, uint32_t *retry_s, bool *periodic);
bool ike_am_disabled(const struct running_config *rc);
/* The bound on IKE SAs still negotiating (half-open), 0 for the engine's default. */
uint32_t ike_max_in_negotiation(const struct running_config *rc);
/* ASA: whether IKE is enabled on the interface with this nameif; the list in order.
 * IOS: ike_enabled_on() is true unless `no crypto isakmp enable` (IKE is global). */
bool ike_enabled_on(const struct running_config *rc, const char *nameif);
size_t ike_enabled_count(const struct running_config *rc);
const char *ike_enabled_at(const struct running_config *rc, size_t i);

/* ---- shared between the ike_*.c files only ---- */
struct session;
struct ike_config *ike_of(struct session *s);
void ike_keys_free(struct ike_config *ike);
/* Bounded copy that never truncates silently: false when src does not fit. */
bool ike_copy_name(char *dst, size_t size, const char *src);
/* `local-address IF|A` into a typed value (interface names canonicalised). */
void ike_local_address_set(struct ike_local_address *la, const char *iface, const struct in_addr *addr);
void ike_local_address_render(const struct ike_local_address *la, struct strbuf *out);
/* ASA: the legacy `isakmp key` lines (ike_keys.c), printed in the isakmp-global section. */
void ike_keys_render_asa_legacy(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
/* IOS: whether the isakmp-global section prints anything (ike_global.c). */
bool ike_global_renders_ios(const struct running_config *rc);

#endif
