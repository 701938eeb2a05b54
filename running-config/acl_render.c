/* Access lists as text: `show running-config` sections of both personalities, and
 * the entry text shared with `show access-list(s)`. */
#include "running-config/acl_int.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

static const char *ip_text(struct in_addr a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static struct in_addr inverse(struct in_addr a)
{
	return (struct in_addr){ ~a.s_addr };
}

void acl_addr_text(enum grammar_personality p, const struct acl_addr *a, bool standard, struct strbuf *out)
{
	char b1[INET_ADDRSTRLEN], b2[INET_ADDRSTRLEN];
	bool ios = p == GP_IOS;

	switch (a->kind) {
	case ACL_ADDR_ANY:
	case ACL_ADDR_ANY4:
		/* ASA standard lists are IPv4 only and print `any4` */
		sb_add(out, ios ? "any" : a->kind == ACL_ADDR_ANY4 || standard ? "any4" : "any");
		break;
	case ACL_ADDR_HOST:
		sb_printf(out, ios && standard ? "%s" : "host %s", ip_text(a->addr, b1));
		break;
	case ACL_ADDR_NET:
		sb_printf(out, "%s %s", ip_text(a->addr, b1), ip_text(ios ? a->wild : inverse(a->wild), b2));
		break;
	case ACL_ADDR_OBJECT:
		sb_printf(out, "%s %s", ios ? "object-group" : "object", a->name);
		break;
	case ACL_ADDR_GROUP:
		sb_printf(out, "object-group %s", a->name);
		break;
	case ACL_ADDR_IFACE:
		sb_printf(out, "interface %s", a->name);
		break;
	}
}

static void port_value(enum grammar_personality p, int proto, unsigned port, struct strbuf *out)
{
	const char *name = port_name(p, proto, port);

	if (name)
		sb_add(out, name);
	else
		sb_printf(out, "%u", port);
}

void acl_port_text(enum grammar_personality p, int proto, const struct port_match *pm, struct strbuf *out)
{
	static const char *const ops[] = { "", "eq", "lt", "gt", "neq", "range" };

	if (pm->op == PORT_ANY)
		return;
	sb_printf(out, "%s ", ops[pm->op]);
	port_value(p, proto, pm->lo, out);
	if (pm->op == PORT_RANGE) {
		sb_addc(out, ' ');
		port_value(p, proto, pm->hi, out);
	}
}

static void proto_text(enum grammar_personality p, const struct acl_entry *e, struct strbuf *out)
{
	const char *name;

	if (e->proto_kind == ACL_PROTO_OBJECT) {
		sb_printf(out, "object %s", e->proto_name);
		return;
	}
	if (e->proto_kind == ACL_PROTO_GROUP) {
		sb_printf(out, "object-group %s", e->proto_name);
		return;
	}
	name = e->proto == PROTO_IP ? "ip" : proto_name(p, e->proto);
	if (name)
		sb_add(out, name);
	else
		sb_printf(out, "%d", e->proto);
}

static void log_text(enum grammar_personality p, const struct acl_entry *e, enum ace_style style, struct strbuf *out)
{
	int level = e->log_level;
	unsigned interval = e->log_interval;

	switch (e->log) {
	case ACL_LOG_NONE:
		return;
	case ACL_LOG_INPUT:
		sb_add(out, " log-input");
		return;
	case ACL_LOG_DISABLE:
		sb_add(out, " log disable");
		return;
	case ACL_LOG_DEFAULT:
		sb_add(out, " log default");
		return;
	case ACL_LOG_ON:
		break;
	}
	sb_add(out, " log");
	if (p == GP_IOS)
		return;
	if (style == ACE_STYLE_SHOW) {
		/* show access-list spells out the defaults: level 6, 300 s */
		level = level < 0 ? 6 : level;
		interval = interval ? interval : 300;
	}
	if (level >= 0)
		sb_printf(out, " %s", log_level_name(level));
	if (interval)
		sb_printf(out, " interval %u", interval);
}

static void icmp_text(const struct acl_entry *e, struct strbuf *out)
{
	const char *name;

	if (e->icmp_type < 0)
		return;
	name = icmp_name((unsigned)e->icmp_type);
	if (name && e->icmp_code < 0)
		sb_printf(out, " %s", name);
	else if (name)
		sb_printf(out, " %s %d", name, e->icmp_code);
	else if (e->icmp_code >= 0)
		sb_printf(out, " %d %d", e->icmp_type, e->icmp_code);
	else
		sb_printf(out, " %d", e->icmp_type);
}

static void action_text(enum grammar_personality p, const struct acl_entry *e, enum ace_style style,
			struct strbuf *out)
{
	/* IOS `show access-lists` pads the action of standard entries to "permit" */
	if (p == GP_IOS && style == ACE_STYLE_SHOW && e->kind == ACE_STANDARD)
		sb_add(out, e->permit ? "permit " : "deny   ");
	else
		sb_add(out, e->permit ? "permit " : "deny ");
}

static void standard_text(enum grammar_personality p, const struct acl_entry *e, enum ace_style style,
			  struct strbuf *out)
{
	char b1[INET_ADDRSTRLEN], b2[INET_ADDRSTRLEN];

	if (p != GP_IOS)
		sb_add(out, "standard ");
	action_text(p, e, style, out);
	if (p == GP_IOS && style == ACE_STYLE_SHOW && e->src.kind == ACL_ADDR_NET)
		sb_printf(out, "%s, wildcard bits %s", ip_text(e->src.addr, b1), ip_text(e->src.wild, b2));
	else
		acl_addr_text(p, &e->src, true, out);
	log_text(p, e, style, out);
}

void acl_entry_text(enum grammar_personality p, const struct acl_entry *e, enum ace_style style, struct strbuf *out)
{
	int port_proto = e->proto;

	if (e->kind == ACE_REMARK) {
		sb_printf(out, "remark %s", e->remark);
		return;
	}
	if (e->kind == ACE_STANDARD) {
		standard_text(p, e, style, out);
		return;
	}
	if (p != GP_IOS)
		sb_add(out, "extended ");
	action_text(p, e, style, out);
	proto_text(p, e, out);
	sb_addc(out, ' ');
	acl_addr_text(p, &e->src, false, out);
	if (e->sport.op != PORT_ANY) {
		sb_addc(out, ' ');
		acl_port_text(p, port_proto, &e->sport, out);
	}
	sb_addc(out, ' ');
	acl_addr_text(p, &e->dst, false, out);
	if (e->dport.op != PORT_ANY) {
		sb_addc(out, ' ');
		acl_port_text(p, port_proto, &e->dport, out);
	}
	acl_entry_options_text(p, e, style, out);
}

void acl_entry_options_text(enum grammar_personality p, const struct acl_entry *e, enum ace_style style,
			    struct strbuf *out)
{
	icmp_text(e, out);
	if (e->established)
		sb_add(out, " established");
	log_text(p, e, style, out);
	if (e->inactive)
		sb_add(out, " inactive");
}

/* ---- show running-config ---- */

void acl_render_asa(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct acl_config *cfg = acl_cfg(rc);

	if (ctx->personality != GP_ASA || !cfg)
		return;
	for (size_t i = 0; i < cfg->nacls; i++) {
		const struct acl *acl = cfg->acls[i];
		if (ctx->filter_name && strcmp(ctx->filter_name, acl->name))
			continue;
		for (size_t k = 0; k < acl->nentries; k++) {
			const struct acl_entry *e = &acl->entries[k];
			sb_printf(out, "access-list %s ", acl->name);
			acl_entry_text(GP_ASA, e, ACE_STYLE_CONFIG, out);
			/* the real ASAv ends extended entries with a space */
			sb_add(out, e->kind == ACE_EXTENDED ? " \n" : "\n");
		}
	}
}

static bool acl_is_standard(const struct acl *acl)
{
	if (acl->family != ACL_FAMILY_ASA)
		return acl->family == ACL_FAMILY_STANDARD;
	for (size_t k = 0; k < acl->nentries; k++)
		if (acl->entries[k].kind == ACE_EXTENDED)
			return false;
	for (size_t k = 0; k < acl->nentries; k++)
		if (acl->entries[k].kind == ACE_STANDARD)
			return true;
	return false;
}

void acl_render_ios_named(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct acl_config *cfg = acl_cfg(rc);
	bool any = false;

	if (ctx->personality != GP_IOS || !cfg)
		return;
	for (size_t i = 0; i < cfg->nacls; i++) {
		const struct acl *acl = cfg->acls[i];
		if (acl->numbered)
			continue;
		sb_printf(out, "ip access-list %s %s\n", acl_is_standard(acl) ? "standard" : "extended", acl->name);
		for (size_t k = 0; k < acl->nentries; k++) {
			sb_addc(out, ' ');
			acl_entry_text(GP_IOS, &acl->entries[k], ACE_STYLE_CONFIG, out);
			sb_addc(out, '\n');
		}
		any = true;
	}
	if (any)
		sb_add(out, "!\n");
}

static int by_number(const void *a, const void *b)
{
	long x = atol((*(const struct acl *const *)a)->name), y = atol((*(const struct acl *const *)b)->name);

	return (x > y) - (x < y);
}

void acl_render_ios_numbered(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct acl_config *cfg = acl_cfg(rc);
	const struct acl **sorted;
	size_t n = 0;

	if (ctx->personality != GP_IOS || !cfg)
		return;
	sorted = xcalloc(cfg->nacls + 1, sizeof(*sorted));
	for (size_t i = 0; i < cfg->nacls; i++)
		if (cfg->acls[i]->numbered)
			sorted[n++] = cfg->acls[i];
	qsort(sorted, n, sizeof(*sorted), by_number);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sorted[i]->nentries; k++) {
			sb_printf(out, "access-list %s ", sorted[i]->name);
			acl_entry_text(GP_IOS, &sorted[i]->entries[k], ACE_STYLE_CONFIG, out);
			sb_addc(out, '\n');
		}
	if (n)
		sb_add(out, "!\n");
	free(sorted);
}
