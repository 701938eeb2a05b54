/* ASA tunnel-groups, group-policies and `sysopt connection permit-vpn`.
 *
 * The structs are the model, exposed read-only for the renderers and the VPN
 * compiler; only running-config/tunnel_group.c changes them. */
#ifndef RAMPART_TUNNEL_GROUP_H
#define RAMPART_TUNNEL_GROUP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "running-config/config.h"

#define TG_NAME_MAX 64
#define TG_PSK_MAX 128
#define TG_DEFAULT_L2L "DefaultL2LGroup"

enum tg_type { TG_TYPE_NONE, TG_TYPE_L2L, TG_TYPE_RA, TG_TYPE_WEBVPN };
enum tg_peer_id { TG_PEER_ID_REQ, TG_PEER_ID_CERT, TG_PEER_ID_NOCHECK };   /* req is the default */

struct tgroup {
	char name[TG_NAME_MAX];          /* L2L groups are named by the peer address */
	enum tg_type type;
	/* general-attributes */
	char default_group_policy[TG_NAME_MAX];
	char address_pool[TG_NAME_MAX];
	char auth_server_group[TG_NAME_MAX];
	/* ipsec-attributes */
	char psk[TG_PSK_MAX + 1];         /* ikev1 pre-shared-key, "" when unset */
	bool keepalive_disabled;          /* `isakmp keepalive disable` */
	uint32_t keepalive_threshold;     /* 0: default (10 s L2L, 300 s remote access) */
	uint32_t keepalive_retry;         /* 0: default (2 s) */
	enum tg_peer_id peer_id_validate;
	char trust_point[TG_NAME_MAX];
	bool user_auth_none;              /* `ikev1 user-authentication none` */
	char ikev2_remote_psk[TG_PSK_MAX + 1];
	char ikev2_local_psk[TG_PSK_MAX + 1];
};

/* vpn-tunnel-protocol values, in the order ASA prints them. */
enum gp_protocol {
	GP_PROTO_IKEV1 = 1u << 0,
	GP_PROTO_IKEV2 = 1u << 1,
	GP_PROTO_L2TP = 1u << 2,
	GP_PROTO_SSL_CLIENT = 1u << 3,
	GP_PROTO_SSL_CLIENTLESS = 1u << 4,
};

/* A group-policy attribute kept as typed (outside the VPN model: dns-server,
 * split-tunnel..., the webvpn sub-block's lines at depth 2). */
struct gp_line {
	char *text;                       /* without indentation */
	int depth;                        /* 1: attribute, 2: inside `webvpn` */
};

enum gp_kind { GP_KIND_NONE, GP_KIND_INTERNAL, GP_KIND_EXTERNAL };

struct gpolicy {
	char name[TG_NAME_MAX];
	enum gp_kind kind;
	char external[TG_NAME_MAX * 2];   /* EXTERNAL: the rest of the line (`server-group G [password P]`) */
	bool has_attributes;
	unsigned protocols;               /* enum gp_protocol bits, 0 when not set */
	size_t protocols_pos;             /* lines before the vpn-tunnel-protocol line */
	size_t nlines;
	struct gp_line *lines;
};

struct tgroup_config {
	size_t ngroups;
	struct tgroup *groups;            /* creation order */
	size_t npolicies;
	struct gpolicy *policies;         /* creation order */
	bool permit_vpn;                  /* `sysopt connection permit-vpn`, on by default */
	bool preserve_vpn_flows;
	uint32_t tcpmss;                  /* 0: default (1380) */
	unsigned changes;
};

/* ---- read-only accessors (the VPN compiler) ---- */
const struct tgroup *tgroup_find(const struct running_config *rc, const char *name);
/* The tunnel-group whose name is the peer's address, else DefaultL2LGroup if it has
 * a key, else NULL. */
const struct tgroup *tgroup_for_peer(const struct running_config *rc, struct in_addr peer);
/* DPD as the IKE engine applies it: false when disabled; the defaults filled in. */
bool tgroup_dpd(const struct tgroup *tg, uint32_t *threshold_s, uint32_t *retry_s);
const struct gpolicy *gpolicy_find(const struct running_config *rc, const char *name);
bool tgroup_permit_vpn(const struct running_config *rc);

/* ---- mutators (handlers, unit tests) ---- */
struct tgroup *tgroup_get(struct running_config *rc, const char *name, bool create);
void tgroup_delete(struct running_config *rc, const char *name);
struct gpolicy *gpolicy_get(struct running_config *rc, const char *name, bool create);
void gpolicy_delete(struct running_config *rc, const char *name);
/* Sets (or, text NULL, removes) the attribute line whose first word(s) match head. */
void gpolicy_line_set(struct gpolicy *gp, const char *head, const char *text, int depth);

/* ---- renderers: sections "tunnel-group", "group-policy", "sysopt" (ASA only) ---- */
void tgroup_render(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
void gpolicy_render(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
void sysopt_render(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);

void tgroup_model_init(struct running_config *rc);
void tgroup_model_fini(struct running_config *rc);

#endif
