/* The running-config: one typed model per config area, each owned by the area's file
 * (grammar, handlers and renderer together). Areas reach each other only through the
 * functions their headers export. */
#ifndef RAMPART_CONFIG_H
#define RAMPART_CONFIG_H

#include <stdbool.h>

#include "parser/grammar.h"
#include "platform/util.h"

struct sys_config;       /* running-config/system.c: hostname, enable, users, interfaces */
struct ike_config;       /* running-config/ike_*.c: phase-1 policies, keys, keyrings, global isakmp */
struct ipsec_config;     /* running-config/ipsec_*.c: transform sets, SA lifetimes, profiles */
struct acl_config;       /* running-config/acl*.c, objects.c: access lists, objects, object-groups */
struct cmap_config;      /* running-config/crypto_map.c: crypto maps, dynamic maps, bindings */
struct tgroup_config;    /* running-config/tunnel_group.c: tunnel-groups, group-policies, sysopt */
struct opaque_config;    /* running-config/opaque.c: supported-but-unmodelled blocks, kept verbatim */

struct running_config {
	enum grammar_personality personality;
	struct sys_config *sys;
	struct ike_config *ike;
	struct ipsec_config *ipsec;
	struct acl_config *acl;
	struct cmap_config *cmap;
	struct tgroup_config *tgroup;
	struct opaque_config *opaque;
	unsigned generation;     /* bumped by every successful configuration command */
};

struct running_config *running_config_new(enum grammar_personality p);
void running_config_free(struct running_config *rc);

/* How a section is rendered. */
enum render_mode {
	RENDER_SHOW,             /* `show running-config`: ASA masks keys with ***** */
	RENDER_SAVE,             /* startup-config and `more system:running-config`: cleartext */
	RENDER_ALL,              /* `show running-config all`: defaults too (where the area supports it) */
};

struct render_ctx {
	enum grammar_personality personality;
	enum render_mode mode;
	const char *filter_name; /* ASA `show running-config tunnel-group NAME`: only that object, or NULL */
};

/* A renderable part of the configuration. path: the ASA section keywords it answers
 * to in `show running-config <path...>` ("crypto map", "tunnel-group", "access-list"). */
struct rc_section {
	const char *path;
	void (*render)(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
};

/* Renders the whole configuration (or the sections under path_filter) in the device's
 * section order for the personality. */
void running_config_render(const struct running_config *rc, const struct render_ctx *ctx,
			   const char *path_filter, struct strbuf *out);

#endif
