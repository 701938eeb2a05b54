/* rampartd.conf: read with libconfig, every setting checked against a table of the
 * keys we know. The first problem is reported as "FILE:LINE: what" and nothing of the
 * file is taken, so a daemon never runs on half of a bad file. */
#include <errno.h>
#include <grp.h>
#include <libconfig.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "platform/bootstrap.h"

#ifndef RUNSTATEDIR
#define RUNSTATEDIR "/run"
#endif
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR "/var"
#endif

/* Where the first error is written: the setting being checked gives FILE:LINE. */
struct load_ctx {
	struct bootstrap *b;
	const char *path;
	char *err;
};

static int fail(struct load_ctx *c, const config_setting_t *st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct load_ctx *c, const config_setting_t *st, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;
	const char *file = config_setting_source_file(st);

	sb_init(&sb);
	sb_printf(&sb, "%s:%u: ", file ? file : c->path, config_setting_source_line(st));
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	free(c->err);
	c->err = sb_steal(&sb);
	return -1;
}

static void set_str(char **slot, const char *value)
{
	free(*slot);
	*slot = value ? xstrdup(value) : NULL;
}

/* The failures return a literal -1, not fail()'s value: the static analyzer does not
 * follow variadic calls, and the callers read *out only when this returned 0. */
static int get_string(struct load_ctx *c, const config_setting_t *st, const char **out)
{
	if (config_setting_type(st) != CONFIG_TYPE_STRING) {
		fail(c, st, "%s must be a string", config_setting_name(st));
		return -1;
	}
	*out = config_setting_get_string(st);
	if (!**out) {
		fail(c, st, "%s must not be empty", config_setting_name(st));
		return -1;
	}
	return 0;
}

static int key_path(struct load_ctx *c, const config_setting_t *st, char **slot)
{
	const char *v;
	if (get_string(c, st, &v) < 0)
		return -1;
	if (v[0] != '/')
		return fail(c, st, "%s must be an absolute path, not \"%s\"", config_setting_name(st), v);
	set_str(slot, v);
	return 0;
}

static int key_vty_socket(struct load_ctx *c, const config_setting_t *st)
{
	if (key_path(c, st, &c->b->vty_socket) < 0)
		return -1;
	if (strlen(c->b->vty_socket) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return fail(c, st, "vty_socket is longer than a unix socket path can be");
	return 0;
}

static int key_startup_config(struct load_ctx *c, const config_setting_t *st)
{
	return key_path(c, st, &c->b->startup_config);
}

static int key_vty_group(struct load_ctx *c, const config_setting_t *st)
{
	const char *v;
	struct group grp, *found = NULL;
	char buf[16384];

	if (get_string(c, st, &v) < 0)
		return -1;
	if (getgrnam_r(v, &grp, buf, sizeof(buf), &found) != 0 || !found)
		return fail(c, st, "vty_group \"%s\" is not a group on this system", v);
	set_str(&c->b->vty_group, v);
	return 0;
}

static int key_personality(struct load_ctx *c, const config_setting_t *st)
{
	const char *v;
	if (get_string(c, st, &v) < 0)
		return -1;
	if (strcmp(v, "asa") == 0)
		c->b->personality = GP_ASA;
	else if (strcmp(v, "ios") == 0)
		c->b->personality = GP_IOS;
	else
		return fail(c, st, "personality must be \"asa\" or \"ios\", not \"%s\"", v);
	return 0;
}

static int key_dataplane(struct load_ctx *c, const config_setting_t *st)
{
	const char *v;
	if (get_string(c, st, &v) < 0)
		return -1;
	if (strcmp(v, "xfrm") != 0 && strcmp(v, "userspace") != 0)
		return fail(c, st, "dataplane must be \"xfrm\" or \"userspace\", not \"%s\"", v);
	set_str(&c->b->dataplane, v);
	return 0;
}

/* The rule of Cisco's `hostname`: a letter first, then letters, digits and hyphens,
 * at most 63 characters, not ending in a hyphen. */
static bool hostname_ok(const char *v)
{
	size_t n = strlen(v);
	if (n > 63 || !((v[0] >= 'a' && v[0] <= 'z') || (v[0] >= 'A' && v[0] <= 'Z')) || v[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = v[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-'))
			return false;
	}
	return true;
}

static int key_hostname(struct load_ctx *c, const config_setting_t *st)
{
	const char *v;
	if (get_string(c, st, &v) < 0)
		return -1;
	if (!hostname_ok(v))
		return fail(c, st, "hostname \"%s\" is not a valid host name (a letter first, then letters, "
			    "digits and hyphens, at most 63)", v);
	set_str(&c->b->hostname, v);
	return 0;
}

/* Cisco's severity names, in syslog order. */
static const char *const level_names[] = {
	"emergencies", "alerts", "critical", "errors", "warnings", "notifications", "informational", "debugging",
};

int bootstrap_log_level(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(level_names); i++)
		if (strcmp(name, level_names[i]) == 0)
			return (int)i;
	return -1;
}

static int key_log_level(struct load_ctx *c, const config_setting_t *st)
{
	const char *v;
	if (get_string(c, st, &v) < 0)
		return -1;
	if (bootstrap_log_level(v) < 0)
		return fail(c, st, "log_level must be one of emergencies, alerts, critical, errors, warnings, "
			    "notifications, informational, debugging; not \"%s\"", v);
	set_str(&c->b->log_level, v);
	return 0;
}

static int get_port(struct load_ctx *c, const config_setting_t *st, unsigned *slot)
{
	int type = config_setting_type(st);
	long long v = type == CONFIG_TYPE_INT64 ? config_setting_get_int64(st) : config_setting_get_int(st);
	if ((type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) || v < 1 || v > 65535)
		return fail(c, st, "%s must be a port number from 1 to 65535", config_setting_name(st));
	*slot = (unsigned)v;
	return 0;
}

static int key_ike_port(struct load_ctx *c, const config_setting_t *st)
{
	return get_port(c, st, &c->b->ike_port);
}

static int key_natt_port(struct load_ctx *c, const config_setting_t *st)
{
	return get_port(c, st, &c->b->natt_port);
}

/* A Linux link name: what the kernel accepts in IFNAMSIZ, no '/', no blank. */
static bool link_name_ok(const char *v)
{
	if (strlen(v) >= IFNAMSIZ || strcmp(v, ".") == 0 || strcmp(v, "..") == 0)
		return false;
	for (const char *p = v; *p; p++)
		if (*p == '/' || *p == ' ' || *p == '\t' || *p == ':')
			return false;
	return true;
}

static int key_tun_name(struct load_ctx *c, const config_setting_t *st)
{
	const char *v;
	if (get_string(c, st, &v) < 0)
		return -1;
	if (!link_name_ok(v))
		return fail(c, st, "tun_name \"%s\" is not a valid Linux interface name", v);
	set_str(&c->b->tun_name, v);
	return 0;
}

/* One `{ name = "GigabitEthernet0/0"; link = "wan0"; }` entry. */
static int iface_entry(struct load_ctx *c, const config_setting_t *entry, struct iface_map *out)
{
	const char *name = NULL, *link = NULL;

	if (config_setting_type(entry) != CONFIG_TYPE_GROUP)
		return fail(c, entry, "each interfaces entry must be a group: { name = \"...\"; link = \"...\"; }");
	for (int i = 0; i < config_setting_length(entry); i++) {
		const config_setting_t *m = config_setting_get_elem(entry, (unsigned)i);
		const char *key = config_setting_name(m);
		const char **slot = strcmp(key, "name") == 0 ? &name : strcmp(key, "link") == 0 ? &link : NULL;
		if (!slot)
			return fail(c, m, "unknown setting '%s' in an interfaces entry (expected name, link)", key);
		if (get_string(c, m, slot) < 0)
			return -1;
	}
	if (!name || !link)
		return fail(c, entry, "an interfaces entry needs both name and link");
	if (!link_name_ok(link))
		return fail(c, entry, "link \"%s\" is not a valid Linux interface name", link);
	out->name = xstrdup(name);
	out->link = xstrdup(link);
	return 0;
}

static int key_interfaces(struct load_ctx *c, const config_setting_t *st)
{
	struct bootstrap *b = c->b;
	if (config_setting_type(st) != CONFIG_TYPE_LIST)
		return fail(c, st, "interfaces must be a list: ( { name = \"...\"; link = \"...\"; }, ... )");
	size_t count = (size_t)config_setting_length(st);
	b->ifaces = xcalloc(count + 1, sizeof(*b->ifaces));
	for (size_t i = 0; i < count; i++) {
		const config_setting_t *entry = config_setting_get_elem(st, (unsigned)i);
		if (iface_entry(c, entry, &b->ifaces[b->nifaces]) < 0)
			return -1;
		for (size_t j = 0; j < b->nifaces; j++) {
			if (strcasecmp(b->ifaces[j].name, b->ifaces[b->nifaces].name) == 0) {
				fail(c, entry, "interface %s is mapped twice", b->ifaces[j].name);
				free(b->ifaces[b->nifaces].name);
				free(b->ifaces[b->nifaces].link);
				return -1;
			}
		}
		b->nifaces++;
	}
	return 0;
}

static const struct {
	const char *key;
	int (*set)(struct load_ctx *c, const config_setting_t *st);
} known_keys[] = {
	{ "vty_socket", key_vty_socket },
	{ "vty_group", key_vty_group },
	{ "startup_config", key_startup_config },
	{ "personality", key_personality },
	{ "dataplane", key_dataplane },
	{ "hostname", key_hostname },
	{ "log_level", key_log_level },
	{ "ike_port", key_ike_port },
	{ "natt_port", key_natt_port },
	{ "tun_name", key_tun_name },
	{ "interfaces", key_interfaces },
};

void bootstrap_defaults(struct bootstrap *b)
{
	memset(b, 0, sizeof(*b));
	b->vty_socket = xstrdup(RUNSTATEDIR "/rampartd.sock");
	b->vty_group = NULL;
	b->startup_config = xstrdup(LOCALSTATEDIR "/lib/rampart/startup-config");
	b->personality = GP_ASA;
	b->dataplane = xstrdup("xfrm");
	b->hostname = NULL;
	b->log_level = xstrdup("informational");
	b->ike_port = 500;
	b->natt_port = 4500;
	b->tun_name = xstrdup("rampart0");
	b->ifaces = NULL;
	b->nifaces = 0;
}

static int load_settings(struct load_ctx *c, const config_t *cfg)
{
	const config_setting_t *root = config_root_setting(cfg);
	for (int i = 0; i < config_setting_length(root); i++) {
		const config_setting_t *st = config_setting_get_elem(root, (unsigned)i);
		const char *key = config_setting_name(st);
		size_t k = 0;
		while (k < ARRAY_SIZE(known_keys) && strcmp(known_keys[k].key, key) != 0)
			k++;
		if (k == ARRAY_SIZE(known_keys))
			return fail(c, st, "unknown setting '%s'", key);
		if (known_keys[k].set(c, st) < 0)
			return -1;
	}
	return 0;
}

int bootstrap_load(struct bootstrap *b, const char *path, char **err)
{
	struct load_ctx c = { .b = b, .path = path, .err = NULL };
	config_t cfg;
	int rc = 0;

	*err = NULL;
	/* libconfig says only "file I/O error": open it ourselves for the reason. */
	FILE *fp = fopen(path, "r");
	if (!fp) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		bootstrap_free(b);
		bootstrap_defaults(b);
		return -1;
	}
	fclose(fp);
	config_init(&cfg);
	if (config_read_file(&cfg, path) != CONFIG_TRUE) {
		c.err = xasprintf("%s:%d: %s", config_error_file(&cfg) ? config_error_file(&cfg) : path,
				  config_error_line(&cfg), config_error_text(&cfg));
		rc = -1;
	} else {
		rc = load_settings(&c, &cfg);
	}
	config_destroy(&cfg);
	if (rc < 0) {
		*err = c.err;
		bootstrap_free(b);
		bootstrap_defaults(b);
	}
	return rc;
}

void bootstrap_free(struct bootstrap *b)
{
	free(b->vty_socket);
	free(b->vty_group);
	free(b->startup_config);
	free(b->dataplane);
	free(b->hostname);
	free(b->log_level);
	free(b->tun_name);
	for (size_t i = 0; i < b->nifaces; i++) {
		free(b->ifaces[i].name);
		free(b->ifaces[i].link);
	}
	free(b->ifaces);
	memset(b, 0, sizeof(*b));
}

const char *bootstrap_link(const struct bootstrap *b, const char *cisco_name)
{
	for (size_t i = 0; i < b->nifaces; i++)
		if (strcasecmp(b->ifaces[i].name, cisco_name) == 0)
			return b->ifaces[i].link;
	return cisco_name;
}
