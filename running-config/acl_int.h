/* Internals shared by the files of the acl area (acl.c grammar and handlers,
 * acl_model.c, acl_names.c, acl_expand.c, acl_render.c, acl_show.c) and objects.c.
 * Not for other areas: they read running-config/acl.h and objects.h. */
#ifndef RAMPART_ACL_INT_H
#define RAMPART_ACL_INT_H

#include "parser/grammar.h"
#include "running-config/acl.h"
#include "running-config/config.h"
#include "running-config/objects.h"

struct acl_config {
	struct acl **acls;               /* creation order */
	size_t nacls;
	struct net_object **objects;
	size_t nobjects;
	struct object_group **groups;
	size_t ngroups;
	struct asa_name *names;
	size_t nnames;
	unsigned clock;                  /* source of acl->change values */
};

static inline struct acl_config *acl_cfg(const struct running_config *rc)
{
	return rc->acl;
}

/* ---- model (acl_model.c) ---- */
struct acl *acl_lookup(struct acl_config *cfg, const char *name);
struct acl *acl_create(struct acl_config *cfg, const char *name, enum acl_family family);
void acl_delete(struct acl_config *cfg, const char *name);
void acl_entry_init(struct acl_entry *e, enum acl_entry_kind kind);
void acl_entry_clear(struct acl_entry *e);
/* Takes ownership of e's strings; pos = index to insert before (>= n appends). */
void acl_insert(struct acl_config *cfg, struct acl *acl, struct acl_entry *e, size_t pos);
void acl_remove_at(struct acl_config *cfg, struct acl *acl, size_t pos);
/* Index of the entry with the same content (kind, action, match fields), or -1. */
long acl_find_same(const struct acl *acl, const struct acl_entry *e);
long acl_find_seq(const struct acl *acl, unsigned seq);
void acl_touch(struct acl_config *cfg, struct acl *acl);
/* Bumps every list that uses object or group name, directly or through groups. */
void acl_touch_users(struct acl_config *cfg, const char *name);
/* The first list that uses name directly (for the "in use" check), or NULL. */
const struct acl *acl_first_user(const struct acl_config *cfg, const char *name);
bool acl_name_numbered(const char *name);
void acl_config_free(struct acl_config *cfg);

/* ---- objects.c (model part, used by the acl files) ---- */
struct net_object *objects_lookup(struct acl_config *cfg, const char *name);
struct object_group *groups_lookup(struct acl_config *cfg, const char *name);
void objects_free_all(struct acl_config *cfg);
void object_free(struct net_object *o);
void group_free(struct object_group *g);
void member_clear(struct group_member *m);
/* Nesting is bounded as on the device; the bound also stops reference cycles. */
#define GROUP_MAX_DEPTH 8
/* Does group g (or a group nested in it) contain object or group name? */
bool group_uses(const struct acl_config *cfg, const struct object_group *g, const char *name, int depth);

/* ---- names of ports, protocols, ICMP types, log levels (acl_names.c) ---- */
/* Port name -> number for a protocol (6, 17 or PROTO_TCP_UDP); -1 when that name is
 * not a port of that protocol on this personality. Digits are returned as is. */
int port_by_name(enum grammar_personality p, int proto, const char *name);
/* The name the device prints for a port, or NULL to print the number. */
const char *port_name(enum grammar_personality p, int proto, unsigned port);
/* Protocol keyword/number -> number, PROTO_IP for `ip`; PROTO_UNKNOWN otherwise. */
#define PROTO_UNKNOWN (-100)
int proto_by_name(const char *name);
const char *proto_name(enum grammar_personality p, int proto);
int icmp_by_name(const char *name);
const char *icmp_name(unsigned type);
int log_level_by_name(const char *name);
const char *log_level_name(int level);

/* Port specs: PORT_OP(prefix) binds <prefix>op, <prefix>1 [, <prefix>2] */
bool port_from_args(enum grammar_personality p, int proto, const struct cmd_args *a, const char *prefix,
		    struct port_match *out);

/* ---- text (acl_render.c) ---- */
enum ace_style {
	ACE_STYLE_CONFIG,        /* show running-config */
	ACE_STYLE_SHOW,          /* show access-list(s) */
};
void acl_addr_text(enum grammar_personality p, const struct acl_addr *a, bool standard, struct strbuf *out);
void acl_port_text(enum grammar_personality p, int proto, const struct port_match *pm, struct strbuf *out);
/* The entry after the action word's position: "permit ip any host 1.1.1.1 log". */
void acl_entry_text(enum grammar_personality p, const struct acl_entry *e, enum ace_style style,
		    struct strbuf *out);
/* What follows the addresses and ports: ICMP type, established, log, inactive. */
void acl_entry_options_text(enum grammar_personality p, const struct acl_entry *e, enum ace_style style,
			    struct strbuf *out);

/* ---- expansion (acl_expand.c) ---- */
enum elem_addr_kind { ELEM_ANY, ELEM_HOST, ELEM_NET, ELEM_RANGE, ELEM_FQDN, ELEM_IFACE, ELEM_UNKNOWN };
struct elem_addr {
	enum elem_addr_kind kind;
	struct in_addr a, b;     /* NET: addr + netmask; RANGE: first, last */
	const char *name;        /* FQDN / IFACE / UNKNOWN object name */
	bool any4;
	bool widened;            /* a non-contiguous wildcard made wider */
};
struct elem_service {
	int proto;
	struct port_match sport, dport;
	int icmp_type, icmp_code;
	bool known;              /* false: service object/group not defined */
};
struct acl_element {
	struct elem_addr src, dst;
	struct elem_service svc;
};
/* The concrete elements of one entry (objects and groups expanded, in device
 * order: source, then destination, then service). Returns the count; *out freed by
 * the caller. uses_objects tells whether the entry names any object/group. */
size_t acl_entry_elements(const struct acl_config *cfg, const struct acl *acl, const struct acl_entry *e,
			  struct acl_element **out, bool *uses_objects);

/* ---- renderers and show (acl_render.c / acl_show.c) ---- */
void acl_render_asa(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
void acl_render_ios_named(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
void acl_render_ios_numbered(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
void acl_show(const struct running_config *rc, enum grammar_personality p, const char *name, struct strbuf *out);
uint32_t acl_hash(const char *text);

#endif
