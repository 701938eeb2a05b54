/* Access lists: the ASA `access-list NAME ...` one-liners, the IOS numbered lists
 * and the IOS `ip access-list extended|standard NAME` sub-modes, one handler set
 * over the typed model (acl_model.c), the "access-list"/"named-acl" sections
 * (acl_render.c) and `show access-list(s)` (acl_show.c). Syntax and rendering:
 * ../reference/cisco-grammar.md §4. */
#include "running-config/acl_int.h"
#include "running-config/acl_names.h"
#include "running-config/area.h"
#include "shell/session.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- from bound arguments to an entry ---- */

static bool netmask_contiguous(uint32_t mask_host_order)
{
	uint32_t inv = ~mask_host_order;

	return (inv & (inv + 1)) == 0;
}

static bool addr_from_args(struct session *s, const struct cmd_args *a, const char *x, struct acl_addr *out)
{
	enum grammar_personality p = session_personality(s);
	char key[16];
	const char *v;

#define KEY(suffix) (snprintf(key, sizeof(key), "%s%s", x, suffix), key)
	memset(out, 0, sizeof(*out));
	if ((v = arg_str(a, KEY("any")))) {
		out->kind = !strcmp(v, "any4") ? ACL_ADDR_ANY4 : ACL_ADDR_ANY;
	} else if (arg_in4(a, KEY("host"), &out->addr)) {
		out->kind = ACL_ADDR_HOST;
	} else if ((v = arg_str(a, KEY("obj")))) {
		out->kind = ACL_ADDR_OBJECT;
		out->name = xstrdup(v);
	} else if ((v = arg_str(a, KEY("grp")))) {
		out->kind = ACL_ADDR_GROUP;
		out->name = xstrdup(v);
	} else if ((v = arg_str(a, KEY("if")))) {
		out->kind = ACL_ADDR_IFACE;
		out->name = xstrdup(v);
	} else if (arg_in4(a, KEY("addr"), &out->addr)) {
		struct in_addr m = { 0 };
		if (arg_in4(a, KEY("mask"), &m)) {
			/* ASA netmask: must be contiguous and cover the address */
			if (!netmask_contiguous(ntohl(m.s_addr)) || (out->addr.s_addr & ~m.s_addr)) {
				char b1[INET_ADDRSTRLEN], b2[INET_ADDRSTRLEN];
				cli_error(s, "IP address,mask <%s,%s> doesn't pair\n",
					  inet_ntop(AF_INET, &out->addr, b1, sizeof(b1)), inet_ntop(AF_INET, &m, b2, sizeof(b2)));
				return false;
			}
			out->wild.s_addr = ~m.s_addr;
		} else {
			arg_in4(a, KEY("wild"), &out->wild);   /* absent (IOS standard): a host */
			out->addr.s_addr &= ~out->wild.s_addr;  /* IOS clears the wildcarded bits */
		}
		out->kind = ACL_ADDR_NET;
		if (out->wild.s_addr == 0)
			out->kind = ACL_ADDR_HOST;
		else if (p == GP_IOS && out->wild.s_addr == 0xffffffffu)
			out->kind = ACL_ADDR_ANY;
	}
#undef KEY
	return true;
}

static const char *proto_word(const struct cmd_args *a)
{
	const char *v = arg_str(a, "proto");

	return v ? v : "ip";
}

static bool proto_from_args(struct session *s, const struct cmd_args *a, struct acl_entry *e)
{
	const char *v;

	if ((v = arg_str(a, "pobj"))) {
		e->proto_kind = ACL_PROTO_OBJECT;
		e->proto_name = xstrdup(v);
		return true;
	}
	if ((v = arg_str(a, "pgrp"))) {
		e->proto_kind = ACL_PROTO_GROUP;
		e->proto_name = xstrdup(v);
		return true;
	}
	e->proto_kind = ACL_PROTO_NUM;
	e->proto = proto_by_name(proto_word(a));
	/* IOS reads protocol 0 as `ip` */
	if (e->proto == 0 && session_personality(s) == GP_IOS)
		e->proto = PROTO_IP;
	return e->proto != PROTO_UNKNOWN;
}

static void options_from_args(const struct cmd_args *a, struct acl_entry *e)
{
	const char *v;

	if (arg_has(a, "icmpn"))
		e->icmp_type = icmp_by_name(arg_str(a, "icmpn"));
	else if (arg_has(a, "icmpt"))
		e->icmp_type = (int)arg_num(a, "icmpt", -1);
	e->icmp_code = (int)arg_num(a, "icmpc", -1);
	if ((v = arg_str(a, "log"))) {
		const char *x = arg_str(a, "logx");
		e->log = !strcmp(v, "log-input") ? ACL_LOG_INPUT : !x ? ACL_LOG_ON
			: !strcmp(x, "disable") ? ACL_LOG_DISABLE : ACL_LOG_DEFAULT;
		if (arg_has(a, "loglevel"))
			e->log_level = log_level_by_name(arg_str(a, "loglevel"));
		e->log_interval = (unsigned)arg_num(a, "logint", 0);
	}
	e->established = arg_has(a, "est");
	e->inactive = arg_has(a, "inactive");
}

/* The entry the bound arguments describe; false (error printed) when they do not
 * make one. */
static bool entry_from_args(struct session *s, const struct cmd_args *a, enum acl_entry_kind kind, struct acl_entry *e)
{
	enum grammar_personality p = session_personality(s);

	acl_entry_init(e, kind);
	if (kind == ACE_REMARK) {
		e->remark = xstrdup(arg_str(a, "remark"));
		return true;
	}
	e->permit = !strcmp(arg_str(a, "act"), "permit");
	e->seq = (unsigned)arg_num(a, "seq", 0);
	if (!addr_from_args(s, a, "s", &e->src))
		return false;
	options_from_args(a, e);
	if (kind == ACE_STANDARD)
		return true;
	if (!proto_from_args(s, a, e) || !addr_from_args(s, a, "d", &e->dst))
		return false;
	if (!port_from_args(p, e->proto, a, "s", &e->sport) || !port_from_args(p, e->proto, a, "d", &e->dport)) {
		cli_error(s, "%sInvalid port name for protocol %s\n", p == GP_IOS ? "% " : "", proto_word(a));
		return false;
	}
	if (e->sport.op == PORT_RANGE && e->sport.lo > e->sport.hi) {
		cli_error(s, "%sInvalid port range\n", p == GP_IOS ? "% " : "");
		return false;
	}
	if (e->dport.op == PORT_RANGE && e->dport.lo > e->dport.hi) {
		cli_error(s, "%sInvalid port range\n", p == GP_IOS ? "% " : "");
		return false;
	}
	if (e->established && e->proto != 6) {
		cli_error(s, "%% established is only valid for tcp\n");
		return false;
	}
	return true;
}

/* Forward references are accepted, as both devices do with forward referencing on,
 * and flagged: the entry matches nothing until the object exists. */
static void flag_missing(struct session *s, const struct acl_entry *e, const char *acl)
{
	const struct running_config *rc = session_config(s);
	const struct acl_addr *addrs[2] = { &e->src, &e->dst };

	for (int i = 0; i < 2; i++) {
		const struct acl_addr *ad = addrs[i];
		if (ad->kind == ACL_ADDR_OBJECT && !object_find(rc, ad->name))
			cli_notice(s, "WARNING: object %s is not defined yet; access-list %s matches nothing through it\n",
				   ad->name, acl);
		if (ad->kind == ACL_ADDR_GROUP && !object_group_find(rc, ad->name))
			cli_notice(s, "WARNING: object-group %s is not defined yet; access-list %s matches nothing through it\n",
				   ad->name, acl);
	}
	if (e->proto_kind == ACL_PROTO_GROUP && !object_group_find(rc, e->proto_name))
		cli_notice(s, "WARNING: object-group %s is not defined yet; access-list %s matches nothing through it\n",
			   e->proto_name, acl);
}

/* ---- ASA ---- */

static int asa_apply(struct session *s, const struct cmd_args *a, struct acl_entry *e, bool no)
{
	struct acl_config *cfg = acl_cfg(session_config(s));
	const char *name = arg_str(a, "acl");
	struct acl *acl = acl_lookup(cfg, name);
	long at;

	if (no) {
		at = acl ? acl_find_same(acl, e) : -1;
		acl_entry_clear(e);
		if (at < 0) {
			cli_error(s, "Specified access-list entry does not exist\n");
			return CMD_WARNING;
		}
		acl_remove_at(cfg, acl, (size_t)at);
		if (acl->nentries == 0)     /* the device drops a list with no entries left */
			acl_delete(cfg, name);
		return CMD_SUCCESS;
	}
	if (acl && e->kind != ACE_REMARK && acl_find_same(acl, e) >= 0) {
		acl_entry_clear(e);        /* an entry that is already there changes nothing */
		return CMD_SUCCESS;
	}
	flag_missing(s, e, name);
	if (!acl)
		acl = acl_create(cfg, name, ACL_FAMILY_ASA);
	acl_insert(cfg, acl, e, arg_has(a, "line") ? (size_t)arg_num(a, "line", 1) - 1 : acl->nentries);
	return CMD_SUCCESS;
}

static int asa_extended(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl_entry e;

	if (!entry_from_args(s, a, ACE_EXTENDED, &e)) {
		acl_entry_clear(&e);
		return CMD_WARNING;
	}
	return asa_apply(s, a, &e, no);
}

static int asa_standard(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl_entry e;

	if (!entry_from_args(s, a, ACE_STANDARD, &e)) {
		acl_entry_clear(&e);
		return CMD_WARNING;
	}
	return asa_apply(s, a, &e, no);
}

static int asa_remark(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl_entry e;

	entry_from_args(s, a, ACE_REMARK, &e);
	return asa_apply(s, a, &e, no);
}

static int asa_delete_list(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl_config *cfg = acl_cfg(session_config(s));
	const char *name = arg_str(a, "acl");

	UNUSED(no);
	if (name) {
		acl_delete(cfg, name);
		return CMD_SUCCESS;
	}
	while (cfg->nacls)
		acl_delete(cfg, cfg->acls[0]->name);
	return CMD_SUCCESS;
}

/* ---- IOS ---- */

static enum acl_family ios_family_of_number(long n)
{
	return (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999) ? ACL_FAMILY_STANDARD : ACL_FAMILY_EXTENDED;
}

static unsigned next_seq(const struct acl *acl)
{
	unsigned max = 0;

	for (size_t i = 0; i < acl->nentries; i++)
		max = acl->entries[i].seq > max ? acl->entries[i].seq : max;
	return max + 10;
}

static size_t seq_position(const struct acl *acl, unsigned seq)
{
	size_t pos = 0;

	while (pos < acl->nentries && acl->entries[pos].seq < seq)
		pos++;
	return pos;
}

/* Adds e to an IOS list at its sequence number (or after the last). */
static int ios_add(struct session *s, struct acl *acl, struct acl_entry *e)
{
	struct acl_config *cfg = acl_cfg(session_config(s));

	if (e->seq && acl_find_seq(acl, e->seq) >= 0) {
		acl_entry_clear(e);
		cli_error(s, "%% Duplicate sequence number\n");
		return CMD_WARNING;
	}
	if (e->kind != ACE_REMARK && acl_find_same(acl, e) >= 0) {
		acl_entry_clear(e);
		return CMD_SUCCESS;
	}
	if (!e->seq)
		e->seq = next_seq(acl);
	flag_missing(s, e, acl->name);
	acl_insert(cfg, acl, e, seq_position(acl, e->seq));
	return CMD_SUCCESS;
}

static int ios_numbered(struct session *s, const struct cmd_args *a, bool no, enum acl_entry_kind kind)
{
	struct acl_config *cfg = acl_cfg(session_config(s));
	const char *num = arg_str(a, "num");
	struct acl *acl = acl_lookup(cfg, num);
	struct acl_entry e;

	if (no) {
		/* classic IOS: `no access-list N <anything>` removes the whole list */
		acl_delete(cfg, num);
		return CMD_SUCCESS;
	}
	if (!entry_from_args(s, a, kind, &e)) {
		acl_entry_clear(&e);
		return CMD_WARNING;
	}
	e.seq = 0;
	if (!acl)
		acl = acl_create(cfg, num, ios_family_of_number(atol(num)));
	return ios_add(s, acl, &e);
}

static int ios_numbered_ext(struct session *s, const struct cmd_args *a, bool no)
{
	return ios_numbered(s, a, no, ACE_EXTENDED);
}

static int ios_numbered_std(struct session *s, const struct cmd_args *a, bool no)
{
	return ios_numbered(s, a, no, ACE_STANDARD);
}

static int ios_numbered_remark(struct session *s, const struct cmd_args *a, bool no)
{
	return ios_numbered(s, a, no, ACE_REMARK);
}

static int ios_named_enter(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl_config *cfg = acl_cfg(session_config(s));
	const char *name = arg_str(a, "acl");
	enum acl_family family = !strcmp(arg_str(a, "type"), "standard") ? ACL_FAMILY_STANDARD : ACL_FAMILY_EXTENDED;
	struct acl *acl = acl_lookup(cfg, name);
	bool numbered = acl_name_numbered(name);

	if (no) {
		acl_delete(cfg, name);
		return CMD_SUCCESS;
	}
	if ((acl && acl->family != family) || (numbered && ios_family_of_number(atol(name)) != family) ||
	    (numbered && (atol(name) < 1 || atol(name) > 2699 || (atol(name) > 199 && atol(name) < 1300)))) {
		cli_error(s, "%% Access-list type conflicts with prior definition\n");
		return CMD_WARNING;
	}
	if (!acl)
		acl_create(cfg, name, family);
	session_set_ctx(s, "acl", name);
	return CMD_SUCCESS;
}

static struct acl *ctx_acl(struct session *s)
{
	const char *name = session_ctx(s, "acl");

	return name ? acl_lookup(acl_cfg(session_config(s)), name) : NULL;
}

static int ios_named_entry(struct session *s, const struct cmd_args *a, bool no, enum acl_entry_kind kind)
{
	struct acl *acl = ctx_acl(s);
	struct acl_entry e;
	long at;

	if (!acl)
		return CMD_WARNING;
	if (!entry_from_args(s, a, kind, &e)) {
		acl_entry_clear(&e);
		return CMD_WARNING;
	}
	if (!no)
		return ios_add(s, acl, &e);
	at = acl_find_same(acl, &e);
	acl_entry_clear(&e);
	if (at >= 0)
		acl_remove_at(acl_cfg(session_config(s)), acl, (size_t)at);
	return CMD_SUCCESS;
}

static int nacl_extended(struct session *s, const struct cmd_args *a, bool no)
{
	return ios_named_entry(s, a, no, ACE_EXTENDED);
}

static int nacl_standard(struct session *s, const struct cmd_args *a, bool no)
{
	return ios_named_entry(s, a, no, ACE_STANDARD);
}

static int nacl_remark(struct session *s, const struct cmd_args *a, bool no)
{
	return ios_named_entry(s, a, no, ACE_REMARK);
}

static int nacl_no_seq(struct session *s, const struct cmd_args *a, bool no)
{
	struct acl *acl = ctx_acl(s);
	long at = acl ? acl_find_seq(acl, (unsigned)arg_num(a, "seq", 0)) : -1;

	UNUSED(no);
	if (at >= 0)
		acl_remove_at(acl_cfg(session_config(s)), acl, (size_t)at);
	return CMD_SUCCESS;
}

/* ---- show / clear ---- */

static int show_acl(struct session *s, const struct cmd_args *a, bool no)
{
	struct strbuf out;

	UNUSED(no);
	sb_init(&out);
	acl_show(session_config(s), session_personality(s), arg_str(a, "acl"), &out);
	if (out.s)
		cli_puts(s, out.s);
	sb_free(&out);
	return CMD_SUCCESS;
}

static int clear_counters(struct session *s, const struct cmd_args *a, bool no)
{
	UNUSED(no);
	acl_clear_counters(session_config(s), arg_str(a, "acl"));
	return CMD_SUCCESS;
}

/* ---- grammar ---- */

#define ACT "<permit$act|deny$act> "
#define ACT_HELP "Specify packets to forward\nSpecify packets to reject\n"

#define ASA_HEAD "access-list WORD$acl [line (1-1048576)$line] "
#define ASA_HEAD_HELP "Configure an access control element\nAccess list identifier\n" \
	"Use this to specify line number at which ACE should be entered\nEnter line number (1-1048576)\n"
#define ASA_EXT "extended " ACT
#define ASA_EXT_HELP "Configure access policy for IP traffic through the system\n" ACT_HELP

#define ASA_TCPUDP ASA_EXT "<tcp$proto|udp$proto> " ASA_ADDR(s) " [" ASA_PORTOP(s) "] " ASA_ADDR(d) " [" ASA_PORTOP(d) "] " ASA_LOG_SPEC
#define ASA_TCPUDP_HELP ASA_EXT_HELP "Transmission Control Protocol\nUser Datagram Protocol\n" ASA_ADDR_HELP("source", "Source") \
	ASA_PORTOP_HELP ASA_ADDR_HELP("destination", "Destination") ASA_PORTOP_HELP ASA_LOG_HELP
#define ASA_ICMP ASA_EXT "icmp$proto " ASA_ADDR(s) " " ASA_ADDR(d) " " ICMP_SPEC " " ASA_LOG_SPEC
#define ASA_ICMP_HELP ASA_EXT_HELP "Internet Control Message Protocol\n" ASA_ADDR_HELP("source", "Source") ASA_ADDR_HELP("destination", "Destination") \
	ICMP_HELP ASA_LOG_HELP
#define ASA_OTHER ASA_EXT "<(0-255)$proto" ASA_PROTOS(PROTO_ALT) "|object WORD$pobj|object-group WORD$pgrp> " \
	ASA_ADDR(s) " " ASA_ADDR(d) " " ASA_LOG_SPEC
#define ASA_OTHER_HELP ASA_EXT_HELP "Enter protocol number (0 - 255)\n" ASA_PROTOS(HX3) \
	"Specify a service object after this keyword\nService object name\n" \
	"Specify a service or protocol object-group after this keyword\nService or protocol object-group name\n" \
	ASA_ADDR_HELP("source", "Source") ASA_ADDR_HELP("destination", "Destination") ASA_LOG_HELP

#define IOS_LOG "[<log$log|log-input$log>]"
#define IOS_LOG_HELP "Log matches against this entry\nLog matches against this entry, including input interface\n"
#define IOS_TCPUDP ACT "<tcp$proto|udp$proto> " IOS_ADDR(s) " [" IOS_PORTOP(s) "] " IOS_ADDR(d) " [" IOS_PORTOP(d) "] " \
	"[established$est] " IOS_LOG
#define IOS_TCPUDP_HELP ACT_HELP "Transmission Control Protocol\nUser Datagram Protocol\n" IOS_ADDR_HELP("source", "Source") \
	IOS_PORTOP_HELP IOS_ADDR_HELP("destination", "Destination") IOS_PORTOP_HELP "Match established connections\n" IOS_LOG_HELP
#define IOS_ICMP ACT "icmp$proto " IOS_ADDR(s) " " IOS_ADDR(d) " " ICMP_SPEC " " IOS_LOG
#define IOS_ICMP_HELP ACT_HELP "Internet Control Message Protocol\n" IOS_ADDR_HELP("source", "Source") IOS_ADDR_HELP("destination", "Destination") \
	ICMP_HELP IOS_LOG_HELP
#define IOS_OTHER ACT "<(0-255)$proto" IOS_PROTOS(PROTO_ALT) "> " IOS_ADDR(s) " " IOS_ADDR(d) " " IOS_LOG
#define IOS_OTHER_HELP ACT_HELP "An IP protocol number\n" IOS_PROTOS(HX3) IOS_ADDR_HELP("source", "Source") \
	IOS_ADDR_HELP("destination", "Destination") IOS_LOG_HELP
#define IOS_STD ACT "<any$sany|host A.B.C.D$shost|A.B.C.D$saddr [A.B.C.D$swild]> [log$log]"
#define IOS_STD_HELP ACT_HELP "Any source host\nA single host address\nHost address\nAddress to match\n" \
	"Wildcard bits\nLog matches against this entry\n"

#define IOS_EXT_NUM "access-list <(100-199)$num|(2000-2699)$num> "
#define IOS_EXT_NUM_HELP "Add an access list entry\nIP extended access list\nIP extended access list (expanded range)\n"
#define IOS_STD_NUM "access-list <(1-99)$num|(1300-1999)$num> "
#define IOS_STD_NUM_HELP "Add an access list entry\nIP standard access list\nIP standard access list (expanded range)\n"
#define REMARK_HELP "Access list entry comment\nComment up to 100 characters\n"
#define SEQ "[(1-2147483647)$seq] "
#define SEQ_HELP "Sequence Number\n"

static const struct command acl_cmds[] = {
	/* ASA */
	{ NODE_CONFIG, ASA_HEAD ASA_TCPUDP, ASA_HEAD_HELP ASA_TCPUDP_HELP, asa_extended, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_HEAD ASA_ICMP, ASA_HEAD_HELP ASA_ICMP_HELP, asa_extended, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_HEAD ASA_OTHER, ASA_HEAD_HELP ASA_OTHER_HELP, asa_extended, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_HEAD "standard " ACT ASA_STD_ADDR(s),
	  ASA_HEAD_HELP "Use this keyword to configure a standard ACL\n" ACT_HELP ASA_STD_ADDR_HELP,
	  asa_standard, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_HEAD "remark LINE$remark",
	  ASA_HEAD_HELP "Specify a comment (remark) for the access-list after this keyword\nComment, up to 100 characters\n",
	  asa_remark, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "access-list WORD$acl", "Configure an access control element\nAccess list identifier\n",
	  asa_delete_list, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, "clear configure access-list [WORD$acl]",
	  "\nClear configuration\nClear access-list configuration\nAccess list identifier\n",
	  asa_delete_list, NODE_NONE, F_ASA },

	/* IOS numbered */
	{ NODE_CONFIG, IOS_EXT_NUM IOS_TCPUDP, IOS_EXT_NUM_HELP IOS_TCPUDP_HELP, ios_numbered_ext, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, IOS_EXT_NUM IOS_ICMP, IOS_EXT_NUM_HELP IOS_ICMP_HELP, ios_numbered_ext, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, IOS_EXT_NUM IOS_OTHER, IOS_EXT_NUM_HELP IOS_OTHER_HELP, ios_numbered_ext, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, IOS_STD_NUM IOS_STD, IOS_STD_NUM_HELP IOS_STD_HELP, ios_numbered_std, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, IOS_EXT_NUM "remark LINE$remark", IOS_EXT_NUM_HELP REMARK_HELP, ios_numbered_remark, NODE_NONE,
	  F_IOS | F_NO },
	{ NODE_CONFIG, IOS_STD_NUM "remark LINE$remark", IOS_STD_NUM_HELP REMARK_HELP, ios_numbered_remark, NODE_NONE,
	  F_IOS | F_NO },
	{ NODE_CONFIG, IOS_EXT_NUM, IOS_EXT_NUM_HELP, ios_numbered_remark, NODE_NONE, F_IOS | F_NO_ONLY },
	{ NODE_CONFIG, IOS_STD_NUM, IOS_STD_NUM_HELP, ios_numbered_remark, NODE_NONE, F_IOS | F_NO_ONLY },

	/* IOS named */
	{ NODE_CONFIG, "ip access-list extended$type WORD$acl",
	  "Global IP configuration subcommands\nNamed access-list\nExtended Access List\nAccess-list name\n",
	  ios_named_enter, NODE_EXT_NACL, F_IOS | F_NO },
	{ NODE_CONFIG, "ip access-list standard$type WORD$acl",
	  "Global IP configuration subcommands\nNamed access-list\nStandard Access List\nAccess-list name\n",
	  ios_named_enter, NODE_STD_NACL, F_IOS | F_NO },
	{ NODE_EXT_NACL, SEQ IOS_TCPUDP, SEQ_HELP IOS_TCPUDP_HELP, nacl_extended, NODE_NONE, F_IOS | F_NO },
	{ NODE_EXT_NACL, SEQ IOS_ICMP, SEQ_HELP IOS_ICMP_HELP, nacl_extended, NODE_NONE, F_IOS | F_NO },
	{ NODE_EXT_NACL, SEQ IOS_OTHER, SEQ_HELP IOS_OTHER_HELP, nacl_extended, NODE_NONE, F_IOS | F_NO },
	{ NODE_STD_NACL, SEQ IOS_STD, SEQ_HELP IOS_STD_HELP, nacl_standard, NODE_NONE, F_IOS | F_NO },
	{ NODE_EXT_NACL, SEQ "remark LINE$remark", SEQ_HELP "Access list entry comment\nComment up to 100 characters\n",
	  nacl_remark, NODE_NONE, F_IOS | F_NO },
	{ NODE_STD_NACL, SEQ "remark LINE$remark", SEQ_HELP "Access list entry comment\nComment up to 100 characters\n",
	  nacl_remark, NODE_NONE, F_IOS | F_NO },
	{ NODE_EXT_NACL, "(1-2147483647)$seq", SEQ_HELP, nacl_no_seq, NODE_NONE, F_IOS | F_NO_ONLY },
	{ NODE_STD_NACL, "(1-2147483647)$seq", SEQ_HELP, nacl_no_seq, NODE_NONE, F_IOS | F_NO_ONLY },

	/* show / clear */
	{ NODE_EXEC, "show access-list [WORD$acl]", "Show running system information\nShow hit counters for access policies\n"
	  "Access list identifier\n", show_acl, NODE_NONE, F_ASA | F_USER | F_NOSAVE },
	{ NODE_EXEC, "show access-lists [WORD$acl]", "Show running system information\nList access lists\n"
	  "ACL name or number\n", show_acl, NODE_NONE, F_IOS | F_USER | F_NOSAVE },
	{ NODE_EXEC, "show ip access-lists [WORD$acl]", "Show running system information\nIP information\n"
	  "List IP access lists\nACL name or number\n", show_acl, NODE_NONE, F_IOS | F_USER | F_NOSAVE },
	{ NODE_EXEC, "clear access-list [WORD$acl] counters", "Reset functions\nClear access list\n"
	  "Access list identifier\nClear access list counters\n", clear_counters, NODE_NONE, F_ASA | F_NOSAVE },
	{ NODE_EXEC, "clear access-list counters [WORD$acl]", "Reset functions\nClear access list statistical information\n"
	  "Clear access list counters\nACL name or number\n", clear_counters, NODE_NONE, F_IOS | F_NOSAVE },
};

/* ---- area ---- */

static void render_access_list(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	if (ctx->personality == GP_ASA)
		acl_render_asa(rc, ctx, out);
	else
		acl_render_ios_numbered(rc, ctx, out);
}

static void acl_area_init(struct running_config *rc)
{
	rc->acl = xcalloc(1, sizeof(struct acl_config));
}

static void acl_area_fini(struct running_config *rc)
{
	acl_config_free(rc->acl);
	rc->acl = NULL;
}

static const struct area_section acl_sections[] = {
	{ "access-list", "access-list", render_access_list },
	{ "named-acl", NULL, acl_render_ios_named },
};

const struct area area_acl = { "acl", acl_cmds, ARRAY_SIZE(acl_cmds), acl_area_init, acl_area_fini,
			       acl_sections, ARRAY_SIZE(acl_sections) };
