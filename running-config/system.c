/* The device itself: hostname, enable password, local users and interfaces, with
 * their commands and renderers in both personalities. */
#include "running-config/system.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/password.h"
#include "platform/daemon.h"
#include "running-config/area.h"
#include "running-config/crypto_map.h"
#include "running-config/opaque.h"
#include "shell/session.h"

struct sys_user {
	char *name;
	unsigned privilege;
	int pw_type;             /* enum cisco_pw_type; CISCO_PW_INVALID for ASA nopassword */
	bool is_secret;          /* IOS `secret` (hashed) rather than `password` */
	char *stored;            /* what the configuration keeps: hash or type-0/7 text */
};

struct sys_config {
	char *hostname;
	char *default_hostname;  /* from the bootstrap file */
	int enable_secret_type;  /* IOS `enable secret`; CISCO_PW_INVALID when unset */
	char *enable_secret;
	int enable_pw_type;      /* IOS `enable password` 0/7, ASA 100/101; CISCO_PW_INVALID when unset */
	char *enable_pw;
	struct sys_user *users;
	size_t nusers;
	struct sys_iface *ifaces;
	size_t nifaces;
};

static void sys_init(struct running_config *rc)
{
	rc->sys = xcalloc(1, sizeof(*rc->sys));
	rc->sys->enable_secret_type = CISCO_PW_INVALID;
	rc->sys->enable_pw_type = CISCO_PW_INVALID;
}

static void user_free(struct sys_user *u)
{
	free(u->name);
	if (u->stored)
		explicit_bzero(u->stored, strlen(u->stored));
	free(u->stored);
}

static void iface_free(struct sys_iface *i)
{
	free(i->name);
	free(i->nameif);
	free(i->description);
}

static void sys_fini(struct running_config *rc)
{
	struct sys_config *sc = rc->sys;

	free(sc->hostname);
	free(sc->default_hostname);
	free(sc->enable_secret);
	free(sc->enable_pw);
	for (size_t i = 0; i < sc->nusers; i++)
		user_free(&sc->users[i]);
	free(sc->users);
	for (size_t i = 0; i < sc->nifaces; i++)
		iface_free(&sc->ifaces[i]);
	free(sc->ifaces);
	free(sc);
	rc->sys = NULL;
}

void sys_set_default_hostname(struct running_config *rc, const char *name)
{
	free(rc->sys->default_hostname);
	rc->sys->default_hostname = name && *name ? xstrdup(name) : NULL;
}

const char *sys_hostname(const struct running_config *rc)
{
	if (rc->sys->hostname)
		return rc->sys->hostname;
	if (rc->sys->default_hostname)
		return rc->sys->default_hostname;
	return rc->personality == GP_IOS ? "Router" : "ciscoasa";
}

/* ---- hostname ---- */

/* RFC 1123 label rules, with the underscore both devices let through. */
static bool hostname_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 63 || !isalpha((unsigned char)name[0]) || !isalnum((unsigned char)name[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '_')
			return false;
	return true;
}

static int cmd_hostname(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_config *sc = session_config(s)->sys;
	const char *name = arg_str(a, "name");

	if (!no && !hostname_valid(name)) {
		if (session_personality(s) == GP_IOS)
			cli_printf(s, "%% Hostname contains one or more illegal characters.\n");
		else
			cli_error(s, "Hostname must start with a letter, end with a letter or digit, and contain "
				  "only letters, digits and hyphens; 63 characters at most\n");
		return CMD_WARNING;
	}
	free(sc->hostname);
	sc->hostname = no ? NULL : xstrdup(name);
	return CMD_SUCCESS;
}

/* ---- passwords ---- */

static void replace_secret(char **slot, char *value)
{
	if (*slot)
		explicit_bzero(*slot, strlen(*slot));
	free(*slot);
	*slot = value;
}

/* A hash typed with an explicit type must have that type's form. */
static bool typed_hash_valid(int type, const char *text)
{
	if (type == CISCO_PW_TYPE7) {
		char *plain = cisco_type7_decode(text);
		bool ok = plain != NULL;
		replace_secret(&plain, NULL);
		return ok;
	}
	if (type == CISCO_PW_MD5CRYPT)
		return cisco_secret_parse(text) == CISCO_PW_MD5CRYPT;
	return cisco_secret_parse(text) == type;
}

static void invalid_hash(struct session *s, int type)
{
	if (session_personality(s) == GP_IOS)
		cli_printf(s, "ERROR: The secret you entered is not a valid encrypted secret.\n"
			   "To enter an UNENCRYPTED secret, do not specify type %d encryption.\n"
			   "When you properly enter an UNENCRYPTED secret, it will be encrypted.\n\n", type);
	else
		cli_error(s, "Invalid encrypted password\n");
}

/* IOS `secret [0|5|8|9] PW`: plain text is hashed as type 9 (scrypt), the strongest
 * form IOS offers; imported 5/8/9 hashes are kept as typed. */
static char *ios_secret_from(struct session *s, const struct cmd_args *a, int *type)
{
	const char *pw = arg_str(a, "pw");
	int t = (int)arg_num(a, "t", 0);

	if (t == 0) {
		*type = CISCO_PW_SCRYPT;
		return cisco_secret9_make(pw);
	}
	if (!typed_hash_valid(t, pw)) {
		invalid_hash(s, t);
		return NULL;
	}
	*type = t;
	return xstrdup(pw);
}

static int cmd_enable_secret(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_config *sc = session_config(s)->sys;
	int type = CISCO_PW_INVALID;
	char *stored = NULL;

	if (!no && !(stored = ios_secret_from(s, a, &type)))
		return CMD_WARNING;
	replace_secret(&sc->enable_secret, stored);
	sc->enable_secret_type = type;
	return CMD_SUCCESS;
}

static int cmd_ios_enable_password(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_config *sc = session_config(s)->sys;
	int type = (int)arg_num(a, "t", 0);

	if (!no && type == CISCO_PW_TYPE7 && !typed_hash_valid(type, arg_str(a, "pw"))) {
		invalid_hash(s, type);
		return CMD_WARNING;
	}
	replace_secret(&sc->enable_pw, no ? NULL : xstrdup(arg_str(a, "pw")));
	sc->enable_pw_type = no ? CISCO_PW_INVALID : type;
	return CMD_SUCCESS;
}

/* ASA `PW [encrypted|pbkdf2]`: plain text is hashed as ASA 9.7+ does (PBKDF2-SHA512);
 * imported MD5 (`encrypted`) and pbkdf2 hashes are kept as typed. */
static char *asa_password_from(struct session *s, const struct cmd_args *a, const char *user, int *type)
{
	const char *pw = arg_str(a, "pw");
	const char *form = arg_has(a, "enc") ? arg_str(a, "enc") : NULL;

	(void)user;
	if (!form) {
		*type = CISCO_PW_ASA_PBKDF2;
		return asa_pbkdf2_make(pw);
	}
	if (!strcmp(form, "pbkdf2") ? !asa_pbkdf2_well_formed(pw) : strlen(pw) != 16) {
		invalid_hash(s, 0);
		return NULL;
	}
	*type = !strcmp(form, "pbkdf2") ? CISCO_PW_ASA_PBKDF2 : CISCO_PW_ASA_MD5;
	return xstrdup(pw);
}

static int cmd_asa_enable_password(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_config *sc = session_config(s)->sys;
	int type = CISCO_PW_INVALID;
	char *stored = NULL;

	if (!no && !(stored = asa_password_from(s, a, NULL, &type)))
		return CMD_WARNING;
	replace_secret(&sc->enable_pw, stored);
	sc->enable_pw_type = type;
	return CMD_SUCCESS;
}

bool sys_enable_set(const struct running_config *rc)
{
	return rc->sys->enable_secret || rc->sys->enable_pw;
}

bool sys_enable_verify(const struct running_config *rc, const char *pw)
{
	const struct sys_config *sc = rc->sys;

	if (sc->enable_secret)
		return cisco_secret_verify(sc->enable_secret_type, sc->enable_secret, pw);
	if (sc->enable_pw)
		return cisco_secret_verify(sc->enable_pw_type, sc->enable_pw, pw);
	return false;
}

/* ---- users ---- */

static struct sys_user *user_find(struct sys_config *sc, const char *name)
{
	for (size_t i = 0; i < sc->nusers; i++)
		if (!strcmp(sc->users[i].name, name))
			return &sc->users[i];
	return NULL;
}

static void user_store(struct sys_config *sc, const char *name, unsigned privilege, int type, bool is_secret,
		       char *stored)
{
	struct sys_user *u = user_find(sc, name);

	if (!u) {
		sc->users = xrealloc(sc->users, (sc->nusers + 1) * sizeof(*sc->users));
		u = &sc->users[sc->nusers++];
		*u = (struct sys_user){ .name = xstrdup(name) };
	}
	replace_secret(&u->stored, stored);
	u->privilege = privilege;
	u->pw_type = type;
	u->is_secret = is_secret;
}

static int cmd_no_username(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_config *sc = session_config(s)->sys;
	struct sys_user *u = user_find(sc, arg_str(a, "name"));

	(void)no;
	if (!u) {
		if (session_personality(s) == GP_ASA) {
			cli_error(s, "User %s does not exist\n", arg_str(a, "name"));
			return CMD_WARNING;
		}
		return CMD_SUCCESS;
	}
	user_free(u);
	memmove(u, u + 1, (size_t)(sc->users + sc->nusers - (u + 1)) * sizeof(*u));
	sc->nusers--;
	return CMD_SUCCESS;
}

static int cmd_ios_username(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_config *sc = session_config(s)->sys;
	bool is_secret = !strcmp(arg_str(a, "kind"), "secret");
	int type = (int)arg_num(a, "t", 0);
	char *stored;

	if (no)
		return cmd_no_username(s, a, no);
	if (is_secret) {
		if (!(stored = ios_secret_from(s, a, &type)))
			return CMD_WARNING;
	} else {
		if (type != CISCO_PW_PLAIN && type != CISCO_PW_TYPE7) {
			cli_printf(s, "%% Invalid encryption type: %d\n", type);
			return CMD_WARNING;
		}
		if (type == CISCO_PW_TYPE7 && !typed_hash_valid(type, arg_str(a, "pw"))) {
			invalid_hash(s, type);
			return CMD_WARNING;
		}
		stored = xstrdup(arg_str(a, "pw"));
	}
	user_store(sc, arg_str(a, "name"), (unsigned)arg_num(a, "priv", 1), type, is_secret, stored);
	return CMD_SUCCESS;
}

static int cmd_asa_username(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_config *sc = session_config(s)->sys;
	int type = CISCO_PW_INVALID;
	char *stored = NULL;

	if (no)
		return cmd_no_username(s, a, no);
	if (arg_has(a, "pw") && !(stored = asa_password_from(s, a, arg_str(a, "name"), &type)))
		return CMD_WARNING;
	user_store(sc, arg_str(a, "name"), (unsigned)arg_num(a, "priv", 2), type, false, stored);
	return CMD_SUCCESS;
}

unsigned session_user_privilege(struct rampartd *rd, const char *user)
{
	struct sys_user *u;

	if (!strcmp(user, "root"))
		return 15;
	u = user_find(rd->config->sys, user);
	return u && u->privilege >= 15 ? 15 : 1;
}

/* ---- interfaces ---- */

static const char *const iface_types[] = {
	"GigabitEthernet", "FastEthernet", "Ethernet", "TenGigabitEthernet", "Management", "Serial", "Tunnel",
	"Loopback", "Vlan", "Port-channel", "Redundant", "BVI", "Dialer", "Virtual-Template", "Internal-Data",
};

/* slot/subslot/port[.subinterface][:channel], as deep and as wide as real hardware goes */
static bool unit_plausible(const char *unit)
{
	size_t slashes = 0, digits = 0;

	for (const char *p = unit; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (++digits > 10)
				return false;
			continue;
		}
		digits = 0;
		if (*p == '/' && ++slashes > 3)
			return false;
	}
	return strlen(unit) <= 24;
}

const char *iface_canonical(const char *typed, char *buf, size_t len)
{
	size_t n = 0;
	const char *unit;

	while (typed[n] && (isalpha((unsigned char)typed[n]) || typed[n] == '-'))
		n++;
	unit = typed + n;
	while (*unit == ' ')
		unit++;
	if (n == 0 || !isdigit((unsigned char)*unit) || strspn(unit, "0123456789/.:") != strlen(unit) ||
	    !unit_plausible(unit))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(iface_types); i++) {
		if (strlen(iface_types[i]) >= n && !strncasecmp(iface_types[i], typed, n)) {
			snprintf(buf, len, "%s%s", iface_types[i], unit);
			return buf;
		}
	}
	return NULL;
}

static struct sys_iface *iface_find(const struct sys_config *sc, const char *name)
{
	for (size_t i = 0; i < sc->nifaces; i++)
		if (!strcmp(sc->ifaces[i].name, name))
			return &sc->ifaces[i];
	return NULL;
}

const char *iface_by_nameif(const struct running_config *rc, const char *nameif)
{
	if (!rc->sys)          /* a model built without the system area (unit tests) */
		return NULL;
	for (size_t i = 0; i < rc->sys->nifaces; i++)
		if (rc->sys->ifaces[i].nameif && !strcmp(rc->sys->ifaces[i].nameif, nameif))
			return rc->sys->ifaces[i].name;
	return NULL;
}

size_t sys_iface_count(const struct running_config *rc)
{
	return rc->sys->nifaces;
}

const struct sys_iface *sys_iface_at(const struct running_config *rc, size_t i)
{
	return i < rc->sys->nifaces ? &rc->sys->ifaces[i] : NULL;
}

const struct sys_iface *sys_iface_find(const struct running_config *rc, const char *canonical)
{
	return iface_find(rc->sys, canonical);
}

static int cmd_interface(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_config *sc = session_config(s)->sys;
	char typed[128], canon[128];
	struct sys_iface *i;

	snprintf(typed, sizeof(typed), "%s%s", arg_str(a, "type"), arg_has(a, "unit") ? arg_str(a, "unit") : "");
	if (!iface_canonical(typed, canon, sizeof(canon))) {
		cli_printf(s, "%*s^\n", (int)(strstr(a->line, arg_str(a, "type")) - a->line), "");
		cli_error(s, "%% Invalid input detected at '^' marker.\n");
		return CMD_WARNING;
	}
	i = iface_find(sc, canon);
	if (no) {
		if (i) {
			opaque_forget_interface(session_config(s), i->name);
			iface_free(i);
			memmove(i, i + 1, (size_t)(sc->ifaces + sc->nifaces - (i + 1)) * sizeof(*i));
			sc->nifaces--;
		}
		return CMD_SUCCESS;
	}
	if (!i) {
		sc->ifaces = xrealloc(sc->ifaces, (sc->nifaces + 1) * sizeof(*sc->ifaces));
		sc->ifaces[sc->nifaces++] = (struct sys_iface){ .name = xstrdup(canon), .security_level = -1 };
	}
	session_set_ctx(s, "interface", canon);
	return CMD_SUCCESS;
}

static struct sys_iface *iface_current(struct session *s)
{
	const char *name = session_ctx(s, "interface");

	return name ? iface_find(session_config(s)->sys, name) : NULL;
}

/* A netmask is ones then zeros: its complement plus one is a power of two. */
static bool mask_contiguous(struct in_addr mask)
{
	uint32_t inverse = ~ntohl(mask.s_addr);

	return (inverse & (inverse + 1)) == 0;
}

static int cmd_ip_address(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_iface *i = iface_current(s);
	struct in_addr addr, mask;

	if (!i)
		return CMD_WARNING;
	if (no) {
		i->has_addr = i->dhcp = i->dhcp_setroute = false;
		return CMD_SUCCESS;
	}
	arg_in4(a, "addr", &addr);
	arg_in4(a, "mask", &mask);
	if (!mask_contiguous(mask) || mask.s_addr == 0) {
		if (session_personality(s) == GP_IOS)
			cli_printf(s, "Bad mask 0x%X for address %s\n", ntohl(mask.s_addr), arg_str(a, "addr"));
		else
			cli_error(s, "Invalid netmask %s\n", arg_str(a, "mask"));
		return CMD_WARNING;
	}
	i->addr = addr;
	i->mask = mask;
	i->has_addr = true;
	i->dhcp = i->dhcp_setroute = false;
	return CMD_SUCCESS;
}

static int cmd_ip_address_dhcp(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_iface *i = iface_current(s);

	if (!i)
		return CMD_WARNING;
	i->dhcp = !no;
	i->dhcp_setroute = !no && arg_has(a, "setroute");
	if (!no)
		i->has_addr = false;
	return CMD_SUCCESS;
}

/* The address line of an interface block; ASA prints a space at its end. */
static void render_address(const struct sys_iface *i, bool asa, struct strbuf *out)
{
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];

	if (i->dhcp)
		sb_printf(out, " ip address dhcp%s\n", i->dhcp_setroute ? " setroute" : "");
	else if (i->has_addr)
		sb_printf(out, " ip address %s %s%s\n", inet_ntop(AF_INET, &i->addr, a, sizeof(a)),
			  inet_ntop(AF_INET, &i->mask, m, sizeof(m)), asa ? " " : "");
	else
		sb_add(out, " no ip address\n");
}

static int cmd_nameif(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_iface *i = iface_current(s);
	const char *name = no ? NULL : arg_str(a, "name");
	const char *owner = name ? iface_by_nameif(session_config(s), name) : NULL;

	if (!i)
		return CMD_WARNING;
	if (owner && strcmp(owner, i->name)) {
		cli_error(s, "Name \"%s\" is already in use by %s\n", name, owner);
		return CMD_WARNING;
	}
	free(i->nameif);
	i->nameif = name ? xstrdup(name) : NULL;
	if (name && i->security_level < 0) {
		i->security_level = !strcmp(name, "inside") ? 100 : 0;
		cli_notice(s, "INFO: Security level for \"%s\" set to %d by default.\n", name, i->security_level);
	}
	return CMD_SUCCESS;
}

static int cmd_security_level(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_iface *i = iface_current(s);

	if (!i)
		return CMD_WARNING;
	i->security_level = no ? -1 : (int)arg_num(a, "level", 0);
	return CMD_SUCCESS;
}

static int cmd_shutdown(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_iface *i = iface_current(s);

	(void)a;
	if (!i)
		return CMD_WARNING;
	i->shutdown = !no;
	return CMD_SUCCESS;
}

static int cmd_description(struct session *s, const struct cmd_args *a, bool no)
{
	struct sys_iface *i = iface_current(s);

	if (!i)
		return CMD_WARNING;
	free(i->description);
	i->description = no ? NULL : xstrdup(arg_str(a, "text"));
	return CMD_SUCCESS;
}

/* ---- renderers ---- */

static void render_header(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	(void)rc;
	if (ctx->personality == GP_IOS)
		sb_add(out, "!\nversion 15.2\n!\n");
	else
		sb_add(out, ": Saved\n:\nASA Version 9.8(4) \n!\n");
}

static void render_hostname(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	sb_printf(out, "hostname %s\n", sys_hostname(rc));
	if (ctx->personality == GP_IOS)
		sb_add(out, "!\n");
}

/* ASA 9.x masks PBKDF2 hashes in `show running-config`; saved files keep them. */
static const char *asa_shown_hash(const struct render_ctx *ctx, int type, const char *stored)
{
	return ctx->mode == RENDER_SHOW && type == CISCO_PW_ASA_PBKDF2 ? "*****" : stored;
}

static void render_enable(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct sys_config *sc = rc->sys;

	if (ctx->personality == GP_ASA) {
		if (sc->enable_pw)
			sb_printf(out, "enable password %s %s\n", asa_shown_hash(ctx, sc->enable_pw_type, sc->enable_pw),
				  sc->enable_pw_type == CISCO_PW_ASA_PBKDF2 ? "pbkdf2" : "encrypted");
		return;
	}
	if (sc->enable_secret)
		sb_printf(out, "enable secret %d %s\n", sc->enable_secret_type, sc->enable_secret);
	if (sc->enable_pw) {
		if (sc->enable_pw_type == CISCO_PW_TYPE7)
			sb_printf(out, "enable password 7 %s\n", sc->enable_pw);
		else
			sb_printf(out, "enable password %s\n", sc->enable_pw);
	}
	if (sc->enable_secret || sc->enable_pw)
		sb_add(out, "!\n");
}

static void render_user_ios(const struct sys_user *u, struct strbuf *out)
{
	sb_printf(out, "username %s", u->name);
	if (u->privilege != 1)
		sb_printf(out, " privilege %u", u->privilege);
	if (u->is_secret)
		sb_printf(out, " secret %d %s\n", u->pw_type, u->stored);
	else if (u->pw_type == CISCO_PW_TYPE7)
		sb_printf(out, " password 7 %s\n", u->stored);
	else
		sb_printf(out, " password 0 %s\n", u->stored);
}

static void render_user_asa(const struct render_ctx *ctx, const struct sys_user *u, struct strbuf *out)
{
	sb_printf(out, "username %s", u->name);
	if (!u->stored)
		sb_add(out, " nopassword");
	else
		sb_printf(out, " password %s %s", asa_shown_hash(ctx, u->pw_type, u->stored),
			  u->pw_type == CISCO_PW_ASA_PBKDF2 ? "pbkdf2" : "encrypted");
	if (u->privilege != 2)
		sb_printf(out, " privilege %u", u->privilege);
	sb_addc(out, '\n');
}

static void render_users(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct sys_config *sc = rc->sys;

	for (size_t i = 0; i < sc->nusers; i++) {
		if (ctx->filter_name && strcmp(ctx->filter_name, sc->users[i].name))
			continue;
		if (ctx->personality == GP_IOS)
			render_user_ios(&sc->users[i], out);
		else
			render_user_asa(ctx, &sc->users[i], out);
	}
	if (ctx->personality == GP_IOS && sc->nusers)
		sb_add(out, "!\n");
}

static void render_iface_asa(const struct running_config *rc, const struct sys_iface *i, struct strbuf *out)
{
	sb_printf(out, "interface %s\n", i->name);
	if (i->description)
		sb_printf(out, " description %s\n", i->description);
	if (i->shutdown)
		sb_add(out, " shutdown\n");
	opaque_render_interface_lines(rc, i->name, out);
	if (i->nameif)
		sb_printf(out, " nameif %s\n", i->nameif);
	else
		sb_add(out, " no nameif\n");
	if (i->security_level >= 0)
		sb_printf(out, " security-level %d\n", i->security_level);
	else
		sb_add(out, " no security-level\n");
	render_address(i, true, out);
	sb_add(out, "!\n");
}

static void render_iface_ios(const struct running_config *rc, const struct render_ctx *ctx,
			     const struct sys_iface *i, struct strbuf *out)
{
	sb_printf(out, "interface %s\n", i->name);
	if (i->description)
		sb_printf(out, " description %s\n", i->description);
	render_address(i, false, out);
	if (i->shutdown)
		sb_add(out, " shutdown\n");
	opaque_render_interface_lines(rc, i->name, out);
	cmap_render_interface_lines(rc, i->name, ctx, out);
	sb_add(out, "!\n");
}

static void render_interfaces(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct sys_config *sc = rc->sys;

	/* ASA closes the names block with a `!` before the first interface */
	if (ctx->personality == GP_ASA && sc->nifaces && !ctx->filter_name)
		sb_add(out, "!\n");
	for (size_t i = 0; i < sc->nifaces; i++) {
		const struct sys_iface *f = &sc->ifaces[i];

		if (ctx->filter_name && strcmp(ctx->filter_name, f->name) &&
		    !(f->nameif && !strcmp(ctx->filter_name, f->nameif)))
			continue;
		if (ctx->personality == GP_IOS)
			render_iface_ios(rc, ctx, f, out);
		else
			render_iface_asa(rc, f, out);
	}
}

static void render_trailer(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	(void)rc;
	/* ASA's Cryptochecksum covers the whole text: the EXEC layer appends it and `: end`. */
	if (ctx->personality == GP_IOS)
		sb_add(out, "!\nend\n");
}

/* ---- declarations ---- */

static const struct command system_cmds[] = {
	{ NODE_CONFIG, "hostname WORD$name", "Set system's network name\nThis system's network name\n",
	  cmd_hostname, NODE_NONE, F_NO },
	{ NODE_CONFIG, "hostname", "Set system's network name\n", cmd_hostname, NODE_NONE, F_NO_ONLY },
	{ NODE_CONFIG, "enable secret [<0$t|5$t|8$t|9$t>] WORD$pw",
	  "Modify enable password parameters\nAssign the privileged level secret (MAX of 25 characters)\n"
	  "Specifies an UNENCRYPTED password will follow\nSpecifies a MD5 HASHED secret will follow\n"
	  "Specifies a PBKDF2 HASHED secret will follow\nSpecifies a SCRYPT HASHED secret will follow\n"
	  "The UNENCRYPTED (cleartext) 'enable' secret\n", cmd_enable_secret, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, "enable secret", "Modify enable password parameters\nAssign the privileged level secret\n",
	  cmd_enable_secret, NODE_NONE, F_IOS | F_NO_ONLY },
	{ NODE_CONFIG, "enable password [<0$t|7$t>] WORD$pw",
	  "Modify enable password parameters\nAssign the privileged level password (MAX of 25 characters)\n"
	  "Specifies an UNENCRYPTED password will follow\nSpecifies a HIDDEN password will follow\n"
	  "The UNENCRYPTED (cleartext) 'enable' password\n", cmd_ios_enable_password, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, "enable password", "Modify enable password parameters\nAssign the privileged level password\n",
	  cmd_ios_enable_password, NODE_NONE, F_IOS | F_NO_ONLY },
	{ NODE_CONFIG, "enable password WORD$pw [level (0-15)$level] [<encrypted$enc|pbkdf2$enc>]",
	  "Configure the password for entering privileged mode\nThe password for the privilege level\n"
	  "Enter the privilege level\nPrivilege level\nIndicates the password is encrypted\n"
	  "Indicates the password is PBKDF2 hashed\n", cmd_asa_enable_password, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "enable password", "Configure the password for entering privileged mode\n\n",
	  cmd_asa_enable_password, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, "username WORD$name [privilege (0-15)$priv] <secret$kind|password$kind> "
	  "[<0$t|5$t|7$t|8$t|9$t>] WORD$pw",
	  "Establish User Name Authentication\nUser name\nSet user privilege level\nUser privilege level\n"
	  "Specify the secret for the user\nSpecify the password for the user\n"
	  "Specifies an UNENCRYPTED password will follow\nSpecifies a MD5 HASHED secret will follow\n"
	  "Specifies a HIDDEN password will follow\nSpecifies a PBKDF2 HASHED secret will follow\n"
	  "Specifies a SCRYPT HASHED secret will follow\nThe password or secret\n",
	  cmd_ios_username, NODE_NONE, F_IOS },
	{ NODE_CONFIG, "username WORD$name password WORD$pw [<encrypted$enc|pbkdf2$enc>] [privilege (0-15)$priv]",
	  "Configure user authentication local database\nUsername\nThe password for this user\nThe password\n"
	  "Indicates the password is encrypted\nIndicates the password is PBKDF2 hashed\n"
	  "Enter the privilege level for this user\nPrivilege level\n", cmd_asa_username, NODE_NONE, F_ASA },
	{ NODE_CONFIG, "username WORD$name nopassword [privilege (0-15)$priv]",
	  "Configure user authentication local database\nUsername\nIndicates that this user has no password\n"
	  "Enter the privilege level for this user\nPrivilege level\n", cmd_asa_username, NODE_NONE, F_ASA },
	{ NODE_CONFIG, "username WORD$name", "Establish User Name Authentication\nUser name\n", cmd_no_username,
	  NODE_NONE, F_NO_ONLY },
	{ NODE_CONFIG, "interface WORD$type [WORD$unit]", "Select an interface to configure\nInterface type and number\n"
	  "Interface number\n", cmd_interface, NODE_INTERFACE, F_NO },
	{ NODE_INTERFACE, "ip address A.B.C.D$addr A.B.C.D$mask", "Interface Internet Protocol config commands\n"
	  "Set the IP address of an interface\nIP address\nIP subnet mask\n", cmd_ip_address, NODE_NONE, F_NO },
	{ NODE_INTERFACE, "ip address A.B.C.D$addr A.B.C.D$mask standby A.B.C.D$standby",
	  "Interface Internet Protocol config commands\nSet the IP address of an interface\nIP address\n"
	  "IP subnet mask\nStandby address\nIP address of the standby unit\n", cmd_ip_address, NODE_NONE,
	  F_ASA | F_NO },
	{ NODE_INTERFACE, "ip address", "Interface Internet Protocol config commands\nSet the IP address of an interface\n",
	  cmd_ip_address, NODE_NONE, F_NO_ONLY },
	{ NODE_INTERFACE, "ip address dhcp [setroute$setroute]", "Interface Internet Protocol config commands\n"
	  "Set the IP address of an interface\nIP Address negotiated via DHCP\n"
	  "Configure default route using the default gateway provided by the DHCP server\n", cmd_ip_address_dhcp,
	  NODE_NONE, F_NO },
	{ NODE_INTERFACE, "nameif WORD$name", "Assign name to interface\nName of interface\n", cmd_nameif, NODE_NONE,
	  F_ASA | F_NO },
	{ NODE_INTERFACE, "nameif", "Assign name to interface\n", cmd_nameif, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_INTERFACE, "security-level (0-100)$level", "Specify security level of this interface\n"
	  "Security level value\n", cmd_security_level, NODE_NONE, F_ASA | F_NO },
	{ NODE_INTERFACE, "security-level", "Specify security level of this interface\n", cmd_security_level,
	  NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_INTERFACE, "shutdown", "Shutdown the selected interface\n", cmd_shutdown, NODE_NONE, F_NO | F_DEFAULT },
	{ NODE_INTERFACE, "description LINE$text", "Interface specific description\nUp to 240 characters describing "
	  "this interface\n", cmd_description, NODE_NONE, F_NO },
	{ NODE_INTERFACE, "description", "Interface specific description\n", cmd_description, NODE_NONE, F_NO_ONLY },
};

static const struct area_section system_sections[] = {
	{ "header", NULL, render_header },
	{ "hostname", "hostname", render_hostname },
	{ "enable", "enable", render_enable },
	{ "username", "username", render_users },
	{ "interface", "interface", render_interfaces },
	{ "trailer", NULL, render_trailer },
};

const struct area area_system = {
	"system", system_cmds, ARRAY_SIZE(system_cmds), sys_init, sys_fini, system_sections,
	ARRAY_SIZE(system_sections),
};
