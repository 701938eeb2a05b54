/* ASA `object network`, `object-group network|service|protocol|icmp-type` and the
 * legacy `names` table: grammar, handlers and the "names", "object" and
 * "object-group" sections. The model lives in struct acl_config (acl_int.h) next to
 * the access lists that use it, so a change here bumps the change counter of every
 * list that refers to the object. */
#include "running-config/acl_int.h"
#include "running-config/acl_names.h"
#include "running-config/area.h"
#include "shell/session.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Who still refers to name: a list, or a group other than itself. */
static const char *user_of(struct acl_config *cfg, const char *name, const char **kind)
{
	const struct acl *acl = acl_first_user(cfg, name);

	if (acl) {
		*kind = "access-list";
		return acl->name;
	}
	for (size_t i = 0; i < cfg->ngroups; i++)
		if (strcmp(cfg->groups[i]->name, name) && group_uses(cfg, cfg->groups[i], name, GROUP_MAX_DEPTH)) {
			*kind = "object-group";
			return cfg->groups[i]->name;
		}
	return NULL;
}

/* The ASA refuses to remove an object that a command still uses (configuration
 * guide, "Guidelines for Objects"); its exact message is not documented, so this
 * one is ours. */
static bool refuse_if_used(struct session *s, struct acl_config *cfg, const char *name)
{
	const char *kind, *user = user_of(cfg, name, &kind);

	if (!user)
		return false;
	cli_error(s, "%s is in use by %s %s and was not removed\n", name, kind, user);
	return true;
}

/* ---- object network ---- */

static struct net_object *ctx_object(struct session *s)
{
	const char *name = session_ctx(s, "object");

	return name ? objects_lookup(acl_cfg(session_config(s)), name) : NULL;
}

static void object_changed(struct acl_config *cfg, const char *name)
{
	cfg->clock++;
	acl_touch_users(cfg, name);
}

static int object_network_enter(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl_config *cfg = acl_cfg(session_config(s));
	const char *name = arg_str(a, "obj");
	struct net_object *o = objects_lookup(cfg, name);

	if (no) {
		if (!o || refuse_if_used(s, cfg, name))
			return o ? CMD_WARNING : CMD_SUCCESS;
		for (size_t i = 0; i < cfg->nobjects; i++)
			if (cfg->objects[i] == o) {
				memmove(&cfg->objects[i], &cfg->objects[i + 1], (cfg->nobjects - i - 1) * sizeof(o));
				cfg->nobjects--;
				break;
			}
		object_free(o);
		cfg->clock++;
		return CMD_SUCCESS;
	}
	if (!o && groups_lookup(cfg, name)) {
		cli_error(s, "%s already exists as an object-group\n", name);
		return CMD_WARNING;
	}
	if (!o) {
		o = xcalloc(1, sizeof(*o));
		o->name = xstrdup(name);
		cfg->objects = xrealloc(cfg->objects, (cfg->nobjects + 1) * sizeof(*cfg->objects));
		cfg->objects[cfg->nobjects++] = o;
		object_changed(cfg, name);
	}
	session_set_ctx(s, "object", name);
	return CMD_SUCCESS;
}

static bool netmask_ok(struct in_addr m)
{
	uint32_t inv = ~ntohl(m.s_addr);

	return (inv & (inv + 1)) == 0;
}

/* A netmask must be contiguous and leave no host bits in the address. */
static bool address_pairs(struct session *s, struct in_addr addr, struct in_addr mask)
{
	char b1[INET_ADDRSTRLEN], b2[INET_ADDRSTRLEN];

	if (netmask_ok(mask) && !(addr.s_addr & ~mask.s_addr))
		return true;
	cli_error(s, "IP address,mask <%s,%s> doesn't pair\n", inet_ntop(AF_INET, &addr, b1, sizeof(b1)),
		  inet_ntop(AF_INET, &mask, b2, sizeof(b2)));
	return false;
}

static int object_address(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl_config *cfg = acl_cfg(session_config(s));
	struct net_object *o = ctx_object(s);
	struct in_addr first = { 0 }, second = { 0 };
	enum netobj_kind kind = arg_has(a, "fqdn") ? NETOBJ_FQDN : arg_has(a, "last") ? NETOBJ_RANGE
		: arg_has(a, "mask") ? NETOBJ_SUBNET : NETOBJ_HOST;

	if (!o)
		return CMD_WARNING;
	if (no) {
		if (o->kind == kind) {
			o->kind = NETOBJ_EMPTY;
			object_changed(cfg, o->name);
		}
		return CMD_SUCCESS;
	}
	arg_in4(a, "addr", &first);
	if (kind == NETOBJ_SUBNET) {
		arg_in4(a, "mask", &second);
		if (!address_pairs(s, first, second))
			return CMD_WARNING;
	}
	if (kind == NETOBJ_RANGE) {
		arg_in4(a, "last", &second);
		if (ntohl(second.s_addr) < ntohl(first.s_addr)) {
			cli_error(s, "Start address is greater than end address\n");
			return CMD_WARNING;
		}
	}
	free(o->fqdn);
	o->fqdn = kind == NETOBJ_FQDN ? xstrdup(arg_str(a, "fqdn")) : NULL;
	o->kind = kind;
	o->a = first;
	o->b = second;
	object_changed(cfg, o->name);
	return CMD_SUCCESS;
}

static void set_text(char **slot, const char *text)
{
	free(*slot);
	*slot = text ? xstrdup(text) : NULL;
}

static int object_description(struct session *s, const struct cmd_args *a, bool no)
{
	struct net_object *o = ctx_object(s);

	if (!o)
		return CMD_WARNING;
	set_text(&o->description, no ? NULL : arg_str(a, "text"));
	return CMD_SUCCESS;
}

static int object_nat(struct session *s, const struct cmd_args *a, bool no)
{
	struct net_object *o = ctx_object(s);
	const char *line = arg_str(a, "nat");

	if (!o)
		return CMD_WARNING;
	if (no) {
		for (size_t i = 0; i < o->nnat;) {
			if (!line || !strcmp(o->nat_lines[i], line)) {
				free(o->nat_lines[i]);
				memmove(&o->nat_lines[i], &o->nat_lines[i + 1], (o->nnat - i - 1) * sizeof(char *));
				o->nnat--;
			} else {
				i++;
			}
		}
		return CMD_SUCCESS;
	}
	/* one auto-NAT rule per object: a new one replaces the old */
	for (size_t i = 0; i < o->nnat; i++)
		free(o->nat_lines[i]);
	o->nat_lines = xrealloc(o->nat_lines, sizeof(char *));
	o->nat_lines[0] = xstrdup(line);
	o->nnat = 1;
	return CMD_SUCCESS;
}

/* ---- object-group ---- */

static const char *const group_keyword[] = { "network", "service", "protocol", "icmp-type" };
static const char *const group_prompt[] = { "config-network-object-group", "config-service-object-group",
					    "config-protocol-object-group", "config-icmp-object-group" };

static struct object_group *ctx_group(struct session *s)
{
	const char *name = session_ctx(s, "group");

	return name ? groups_lookup(acl_cfg(session_config(s)), name) : NULL;
}

static enum group_type group_type_of(const char *kw)
{
	for (size_t i = 0; i < ARRAY_SIZE(group_keyword); i++)
		if (!strcmp(group_keyword[i], kw))
			return (enum group_type)i;
	return GROUP_NETWORK;
}

static int group_delete(struct session *s, struct acl_config *cfg, struct object_group *g)
{
	if (refuse_if_used(s, cfg, g->name))
		return CMD_WARNING;
	for (size_t i = 0; i < cfg->ngroups; i++)
		if (cfg->groups[i] == g) {
			memmove(&cfg->groups[i], &cfg->groups[i + 1], (cfg->ngroups - i - 1) * sizeof(g));
			cfg->ngroups--;
			break;
		}
	group_free(g);
	cfg->clock++;
	return CMD_SUCCESS;
}

static int object_group_enter(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl_config *cfg = acl_cfg(session_config(s));
	const char *name = arg_str(a, "grp"), *sp = arg_str(a, "svcproto");
	enum group_type type = group_type_of(arg_str(a, "type"));
	struct object_group *g = groups_lookup(cfg, name);

	if (no)
		return g ? group_delete(s, cfg, g) : CMD_SUCCESS;
	if (g && g->type != type) {
		cli_error(s, "%s is already defined as an object-group %s\n", name, group_keyword[g->type]);
		return CMD_WARNING;
	}
	if (!g && objects_lookup(cfg, name)) {
		cli_error(s, "%s already exists as an object\n", name);
		return CMD_WARNING;
	}
	if (!g) {
		g = xcalloc(1, sizeof(*g));
		g->name = xstrdup(name);
		g->type = type;
		g->service_proto = !sp ? 0 : !strcmp(sp, "tcp") ? 6 : !strcmp(sp, "udp") ? 17 : PROTO_TCP_UDP;
		cfg->groups = xrealloc(cfg->groups, (cfg->ngroups + 1) * sizeof(*cfg->groups));
		cfg->groups[cfg->ngroups++] = g;
		object_changed(cfg, name);
	}
	session_set_ctx(s, "group", name);
	if (type != GROUP_NETWORK)
		session_set_prompt(s, group_prompt[type]);
	return CMD_SUCCESS;
}

static bool member_same(const struct group_member *a, const struct group_member *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case MEMBER_HOST:
	case MEMBER_NET:
		return a->addr.s_addr == b->addr.s_addr && a->mask.s_addr == b->mask.s_addr;
	case MEMBER_OBJECT:
	case MEMBER_GROUP:
		return !strcmp(a->name, b->name);
	case MEMBER_PROTO:
		return a->proto == b->proto;
	case MEMBER_SERVICE:
		return a->proto == b->proto && !memcmp(&a->sport, &b->sport, sizeof(a->sport)) &&
		       !memcmp(&a->dport, &b->dport, sizeof(a->dport)) && a->icmp_type == b->icmp_type;
	}
	return false;
}

/* Adds or (no) removes m; takes ownership of m's name. */
static int group_member_apply(struct session *s, struct object_group *g, struct group_member *m, bool no)
{
	struct acl_config *cfg = acl_cfg(session_config(s));

	for (size_t i = 0; i < g->nmembers; i++) {
		if (!member_same(&g->members[i], m))
			continue;
		member_clear(m);
		if (no) {
			member_clear(&g->members[i]);
			memmove(&g->members[i], &g->members[i + 1], (g->nmembers - i - 1) * sizeof(*m));
			g->nmembers--;
			object_changed(cfg, g->name);
		}
		return CMD_SUCCESS;       /* adding a member twice changes nothing */
	}
	if (no) {
		member_clear(m);
		return CMD_SUCCESS;
	}
	if (m->kind == MEMBER_GROUP && (!strcmp(m->name, g->name) ||
					(groups_lookup(cfg, m->name) &&
					 group_uses(cfg, groups_lookup(cfg, m->name), g->name, 0)))) {
		cli_error(s, "Cannot nest object-group %s inside itself\n", m->name);
		member_clear(m);
		return CMD_WARNING;
	}
	g->members = xrealloc(g->members, (g->nmembers + 1) * sizeof(*g->members));
	g->members[g->nmembers++] = *m;
	object_changed(cfg, g->name);
	return CMD_SUCCESS;
}

static struct object_group *group_of_type(struct session *s, enum group_type type, const char *cmd)
{
	struct object_group *g = ctx_group(s);

	if (g && g->type != type) {
		cli_error(s, "%s is not valid in an object-group %s\n", cmd, group_keyword[g->type]);
		return NULL;
	}
	return g;
}

static int group_network_object(struct session *s, const struct cmd_args *a, bool no)
{
	struct object_group *g = group_of_type(s, GROUP_NETWORK, "network-object");
	struct group_member m = { .kind = MEMBER_HOST, .icmp_type = -1 };

	if (!g)
		return CMD_WARNING;
	if (arg_has(a, "obj")) {
		m.kind = MEMBER_OBJECT;
		m.name = xstrdup(arg_str(a, "obj"));
	} else if (arg_has(a, "host")) {
		arg_in4(a, "host", &m.addr);
		m.mask.s_addr = 0xffffffff;
	} else {
		arg_in4(a, "addr", &m.addr);
		arg_in4(a, "mask", &m.mask);
		if (!address_pairs(s, m.addr, m.mask))
			return CMD_WARNING;
		/* a /32 network-object is shown as `host` */
		m.kind = m.mask.s_addr == 0xffffffff ? MEMBER_HOST : MEMBER_NET;
	}
	return group_member_apply(s, g, &m, no);
}

static int group_group_object(struct session *s, const struct cmd_args *a, bool no)
{
	struct object_group *g = ctx_group(s);
	struct group_member m = { .kind = MEMBER_GROUP, .icmp_type = -1 };
	struct object_group *sub;

	if (!g)
		return CMD_WARNING;
	sub = groups_lookup(acl_cfg(session_config(s)), arg_str(a, "sub"));
	if (sub && sub->type != g->type) {
		cli_error(s, "object-group %s is not of type %s\n", sub->name, group_keyword[g->type]);
		return CMD_WARNING;
	}
	m.name = xstrdup(arg_str(a, "sub"));
	return group_member_apply(s, g, &m, no);
}

static int group_description(struct session *s, const struct cmd_args *a, bool no)
{
	struct object_group *g = ctx_group(s);

	if (!g)
		return CMD_WARNING;
	set_text(&g->description, no ? NULL : arg_str(a, "text"));
	return CMD_SUCCESS;
}

static int proto_arg(const struct cmd_args *a)
{
	const char *p = arg_str(a, "proto");

	return !p ? PROTO_IP : !strcmp(p, "tcp-udp") ? PROTO_TCP_UDP : proto_by_name(p);
}

static int group_service_object(struct session *s, const struct cmd_args *a, bool no)
{
	struct object_group *g = group_of_type(s, GROUP_SERVICE, "service-object");
	struct group_member m = { .kind = MEMBER_SERVICE, .icmp_type = -1 };

	if (!g)
		return CMD_WARNING;
	m.proto = proto_arg(a);
	if (!port_from_args(GP_ASA, m.proto, a, "s", &m.sport) || !port_from_args(GP_ASA, m.proto, a, "d", &m.dport)) {
		cli_error(s, "Invalid port for protocol %s\n", arg_str(a, "proto"));
		return CMD_WARNING;
	}
	if (arg_has(a, "icmpn"))
		m.icmp_type = icmp_by_name(arg_str(a, "icmpn"));
	else if (arg_has(a, "icmpt"))
		m.icmp_type = (int)arg_num(a, "icmpt", -1);
	return group_member_apply(s, g, &m, no);
}

static int group_port_object(struct session *s, const struct cmd_args *a, bool no)
{
	struct object_group *g = group_of_type(s, GROUP_SERVICE, "port-object");
	struct group_member m = { .kind = MEMBER_SERVICE, .icmp_type = -1 };

	if (!g)
		return CMD_WARNING;
	if (!g->service_proto) {
		cli_error(s, "port-object needs an object-group service with a protocol (tcp, udp, tcp-udp)\n");
		return CMD_WARNING;
	}
	m.proto = g->service_proto;
	if (!port_from_args(GP_ASA, m.proto, a, "d", &m.dport)) {
		cli_error(s, "Invalid port for this object-group\n");
		return CMD_WARNING;
	}
	return group_member_apply(s, g, &m, no);
}

static int group_protocol_object(struct session *s, const struct cmd_args *a, bool no)
{
	struct object_group *g = group_of_type(s, GROUP_PROTOCOL, "protocol-object");
	struct group_member m = { .kind = MEMBER_PROTO, .icmp_type = -1 };

	if (!g)
		return CMD_WARNING;
	m.proto = proto_arg(a);
	return group_member_apply(s, g, &m, no);
}

static int group_icmp_object(struct session *s, const struct cmd_args *a, bool no)
{
	struct object_group *g = group_of_type(s, GROUP_ICMP, "icmp-object");
	struct group_member m = { .kind = MEMBER_SERVICE, .proto = 1, .icmp_type = -1 };

	if (!g)
		return CMD_WARNING;
	m.icmp_type = arg_has(a, "icmpn") ? icmp_by_name(arg_str(a, "icmpn")) : (int)arg_num(a, "icmpt", -1);
	return group_member_apply(s, g, &m, no);
}

/* ---- names ---- */

static int names_enable(struct session *s, const struct cmd_args *a, bool no)
{
	/* 8.3+ always prints `names`; the table itself is what `name` builds */
	UNUSED(s);
	UNUSED(a);
	UNUSED(no);
	return CMD_SUCCESS;
}

static int name_entry(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl_config *cfg = acl_cfg(session_config(s));
	const char *name = arg_str(a, "name");
	struct in_addr addr;
	size_t i;

	arg_in4(a, "addr", &addr);
	for (i = 0; i < cfg->nnames; i++)
		if (!strcmp(cfg->names[i].name, name))
			break;
	if (no) {
		if (i < cfg->nnames) {
			free(cfg->names[i].name);
			free(cfg->names[i].description);
			memmove(&cfg->names[i], &cfg->names[i + 1], (cfg->nnames - i - 1) * sizeof(cfg->names[0]));
			cfg->nnames--;
		}
		return CMD_SUCCESS;
	}
	if (i == cfg->nnames) {
		cfg->names = xrealloc(cfg->names, (cfg->nnames + 1) * sizeof(cfg->names[0]));
		cfg->names[cfg->nnames++] = (struct asa_name){ .name = xstrdup(name) };
	}
	cfg->names[i].addr = addr;
	set_text(&cfg->names[i].description, arg_str(a, "desc"));
	return CMD_SUCCESS;
}

/* ---- rendering ---- */

static const char *ip(struct in_addr a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static void render_names(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct acl_config *cfg = acl_cfg(rc);
	char b[INET_ADDRSTRLEN];

	if (ctx->personality != GP_ASA || !cfg)
		return;
	sb_add(out, "names\n");
	for (size_t i = 0; i < cfg->nnames; i++) {
		sb_printf(out, "name %s %s", ip(cfg->names[i].addr, b), cfg->names[i].name);
		if (cfg->names[i].description)
			sb_printf(out, " description %s", cfg->names[i].description);
		sb_addc(out, '\n');
	}
}

static void render_objects(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct acl_config *cfg = acl_cfg(rc);
	char b1[INET_ADDRSTRLEN], b2[INET_ADDRSTRLEN];

	if (ctx->personality != GP_ASA || !cfg)
		return;
	for (size_t i = 0; i < cfg->nobjects; i++) {
		const struct net_object *o = cfg->objects[i];
		sb_printf(out, "object network %s\n", o->name);
		if (o->kind == NETOBJ_HOST)
			sb_printf(out, " host %s\n", ip(o->a, b1));
		else if (o->kind == NETOBJ_SUBNET)
			sb_printf(out, " subnet %s %s\n", ip(o->a, b1), ip(o->b, b2));
		else if (o->kind == NETOBJ_RANGE)
			sb_printf(out, " range %s %s\n", ip(o->a, b1), ip(o->b, b2));
		else if (o->kind == NETOBJ_FQDN)
			sb_printf(out, " fqdn %s\n", o->fqdn);
		if (o->description)
			sb_printf(out, " description %s\n", o->description);
		/* the device prints object NAT in a second block within its NAT section;
		 * NAT is not modelled, so it stays inside the object */
		for (size_t k = 0; k < o->nnat; k++)
			sb_printf(out, " nat %s\n", o->nat_lines[k]);
	}
}

static const char *member_proto_name(int proto, char *buf)
{
	const char *name = proto == PROTO_IP ? "ip" : proto == PROTO_TCP_UDP ? "tcp-udp" : proto_name(GP_ASA, proto);

	if (name)
		return name;
	snprintf(buf, 8, "%d", proto);
	return buf;
}

static void render_member(const struct object_group *g, const struct group_member *m, struct strbuf *out)
{
	char b1[INET_ADDRSTRLEN], b2[INET_ADDRSTRLEN];

	switch (m->kind) {
	case MEMBER_HOST:
		sb_printf(out, " network-object host %s\n", ip(m->addr, b1));
		break;
	case MEMBER_NET:
		sb_printf(out, " network-object %s %s\n", ip(m->addr, b1), ip(m->mask, b2));
		break;
	case MEMBER_OBJECT:
		sb_printf(out, " network-object object %s\n", m->name);
		break;
	case MEMBER_GROUP:
		sb_printf(out, " group-object %s\n", m->name);
		break;
	case MEMBER_PROTO:
		sb_printf(out, " protocol-object %s\n", member_proto_name(m->proto, b1));
		break;
	case MEMBER_SERVICE:
		if (g->type == GROUP_ICMP) {
			const char *n = icmp_name((unsigned)m->icmp_type);
			if (n)
				sb_printf(out, " icmp-object %s\n", n);
			else
				sb_printf(out, " icmp-object %d\n", m->icmp_type);
			break;
		}
		if (g->service_proto) {
			sb_add(out, " port-object ");
			acl_port_text(GP_ASA, m->proto, &m->dport, out);
			sb_addc(out, '\n');
			break;
		}
		sb_printf(out, " service-object %s", member_proto_name(m->proto, b1));
		if (m->sport.op != PORT_ANY) {
			sb_add(out, " source ");
			acl_port_text(GP_ASA, m->proto, &m->sport, out);
		}
		if (m->dport.op != PORT_ANY) {
			sb_add(out, " destination ");
			acl_port_text(GP_ASA, m->proto, &m->dport, out);
		}
		if (m->icmp_type >= 0) {
			const char *n = icmp_name((unsigned)m->icmp_type);
			if (n)
				sb_printf(out, " %s", n);
			else
				sb_printf(out, " %d", m->icmp_type);
		}
		sb_addc(out, '\n');
		break;
	}
}

static void render_groups(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct acl_config *cfg = acl_cfg(rc);
	static const char *const sp_name[] = { "", "tcp", "udp" };

	if (ctx->personality != GP_ASA || !cfg)
		return;
	for (size_t i = 0; i < cfg->ngroups; i++) {
		const struct object_group *g = cfg->groups[i];
		sb_printf(out, "object-group %s %s", group_keyword[g->type], g->name);
		if (g->service_proto)
			sb_printf(out, " %s", g->service_proto == PROTO_TCP_UDP ? "tcp-udp" : sp_name[g->service_proto == 6 ? 1 : 2]);
		sb_addc(out, '\n');
		if (g->description)
			sb_printf(out, " description %s\n", g->description);
		for (size_t k = 0; k < g->nmembers; k++)
			render_member(g, &g->members[k], out);
	}
}

/* ---- grammar ---- */

#define SVC_PROTO_SPEC "<tcp$proto|udp$proto|tcp-udp$proto>"
#define SVC_PROTO_HELP "Transmission Control Protocol\nUser Datagram Protocol\nTCP or UDP\n"
#define OTHER_PROTO_SPEC "<(0-255)$proto|ip$proto" ASA_PROTOS(PROTO_ALT) ">"
#define OTHER_PROTO_HELP "Enter protocol number (0 - 255)\nAny Internet Protocol\n" ASA_PROTOS(HX3)

static const struct command objects_cmds[] = {
	{ NODE_CONFIG, "object network WORD$obj",
	  "Configure an object\nSpecifies a host, subnet or range IP addresses\nEnter a name of network object\n",
	  object_network_enter, NODE_NETWORK_OBJECT, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT, "host A.B.C.D$addr", "Enter this keyword to specify a single host object\nEnter an IPv4 host address\n",
	  object_address, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT, "subnet A.B.C.D$addr A.B.C.D$mask",
	  "Enter this keyword to specify a subnet\nEnter an IPv4 network address\nEnter an IPv4 network mask\n",
	  object_address, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT, "range A.B.C.D$addr A.B.C.D$last",
	  "Enter this keyword to specify a range\nEnter an IPv4 start address\nEnter an IPv4 end address\n",
	  object_address, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT, "fqdn [v4] WORD$fqdn",
	  "Enter this keyword to specify an FQDN\nFQDN resolves to IPv4 addresses\nEnter the fully qualified domain name\n",
	  object_address, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT, "description LINE$text", "Specify description text\nDescription text, up to 200 characters\n",
	  object_description, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT, "description", "Specify description text\n", object_description, NODE_NONE,
	  F_ASA | F_NO_ONLY },
	{ NODE_NETWORK_OBJECT, "nat LINE$nat", "Enable NAT on a singleton object\nNAT rule\n", object_nat, NODE_NONE,
	  F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT, "nat", "Enable NAT on a singleton object\n", object_nat, NODE_NONE, F_ASA | F_NO_ONLY },

	{ NODE_CONFIG, "object-group <network$type|protocol$type|icmp-type$type> WORD$grp",
	  "Create an object group for use in access-list\nSpecifies a group of host or subnet IP addresses\n"
	  "Specifies a group of protocols, such as TCP, etc\nSpecifies a group of ICMP types, such as echo\n"
	  "Enter a name for the object group\n",
	  object_group_enter, NODE_NETWORK_OBJECT_GROUP, F_ASA | F_NO },
	{ NODE_CONFIG, "object-group service$type WORD$grp [<tcp$svcproto|udp$svcproto|tcp-udp$svcproto>]",
	  "Create an object group for use in access-list\nSpecifies a group of TCP/UDP ports/services\n"
	  "Enter a name for the object group\nSpecifies a group of TCP ports/services\n"
	  "Specifies a group of UDP ports/services\nSpecifies a group of TCP and UDP ports/services\n",
	  object_group_enter, NODE_NETWORK_OBJECT_GROUP, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT_GROUP, "network-object <host A.B.C.D$host|A.B.C.D$addr A.B.C.D$mask|object WORD$obj>",
	  "Configure a network object\nEnter this keyword to specify a single host object\nEnter an IPv4 host address\n"
	  "Enter an IPv4 network address\nEnter an IPv4 network mask\nEnter this keyword to specify a network object\n"
	  "Enter the name of the network object\n",
	  group_network_object, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT_GROUP, "group-object WORD$sub", "Configure an object group as an object\nEnter an object group name\n",
	  group_group_object, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT_GROUP, "description LINE$text", "Specify description text\nDescription text, up to 200 characters\n",
	  group_description, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT_GROUP, "description", "Specify description text\n", group_description, NODE_NONE,
	  F_ASA | F_NO_ONLY },
	{ NODE_NETWORK_OBJECT_GROUP, "service-object " SVC_PROTO_SPEC " [source <" ASA_PORTOP(s) ">] [destination <" ASA_PORTOP(d) ">]",
	  "Configure a service object\n" SVC_PROTO_HELP "Source port\n" ASA_PORTOP_HELP "Destination port\n" ASA_PORTOP_HELP,
	  group_service_object, NODE_NONE, F_ASA | F_NO },
	/* pre-8.3 form without the `destination` keyword */
	{ NODE_NETWORK_OBJECT_GROUP, "service-object " SVC_PROTO_SPEC " <" ASA_PORTOP(d) ">",
	  "Configure a service object\n" SVC_PROTO_HELP ASA_PORTOP_HELP,
	  group_service_object, NODE_NONE, F_ASA | F_NO | F_HIDDEN },
	{ NODE_NETWORK_OBJECT_GROUP, "service-object icmp$proto " ICMP_SPEC,
	  "Configure a service object\nInternet Control Message Protocol\n" ICMP_HELP,
	  group_service_object, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT_GROUP, "service-object " OTHER_PROTO_SPEC,
	  "Configure a service object\n" OTHER_PROTO_HELP,
	  group_service_object, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT_GROUP, "port-object <" ASA_PORTOP(d) ">",
	  "Configure a port object\n" ASA_PORTOP_HELP, group_port_object, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT_GROUP, "protocol-object <(0-255)$proto|ip$proto|tcp$proto|udp$proto|icmp$proto" ASA_PROTOS(PROTO_ALT) ">",
	  "Configure a protocol object\nEnter protocol number (0 - 255)\nAny Internet Protocol\n"
	  "Transmission Control Protocol\nUser Datagram Protocol\nInternet Control Message Protocol\n" ASA_PROTOS(HX3),
	  group_protocol_object, NODE_NONE, F_ASA | F_NO },
	{ NODE_NETWORK_OBJECT_GROUP, "icmp-object <(0-255)$icmpt" ICMP_TYPES(ICX) ">",
	  "Configure an ICMP type object\nEnter ICMP type number (0 - 255)\n" ICMP_TYPES(HX3),
	  group_icmp_object, NODE_NONE, F_ASA | F_NO },

	{ NODE_CONFIG, "names", "Enable the use of IP address names\n", names_enable, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "name A.B.C.D$addr WORD$name [description LINE$desc]",
	  "Associate a name with an IP address\nIP address to be associated with the name\nName\n"
	  "Enter this keyword to specify a description\nDescription text\n",
	  name_entry, NODE_NONE, F_ASA | F_NO },
};

static const struct area_section objects_sections[] = {
	{ "names", "names", render_names },
	{ "object", "object", render_objects },
	{ "object-group", "object-group", render_groups },
};

const struct area area_objects = { "objects", objects_cmds, ARRAY_SIZE(objects_cmds), NULL, NULL,
				   objects_sections, ARRAY_SIZE(objects_sections) };
