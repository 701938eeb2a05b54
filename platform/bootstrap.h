/* rampartd.conf: the daemon's own settings (libconfig). The device configuration is
 * never here: it is Cisco CLI text in the startup-config. */
#ifndef RAMPART_BOOTSTRAP_H
#define RAMPART_BOOTSTRAP_H

#include <stdbool.h>
#include <stddef.h>

#include "parser/grammar.h"

struct iface_map {
	char *name;              /* Cisco name, canonical ("GigabitEthernet0/0") */
	char *link;              /* Linux link ("wan0") */
};

struct bootstrap {
	char *vty_socket;
	char *vty_group;         /* group allowed to connect, or NULL */
	char *startup_config;
	enum grammar_personality personality;
	char *dataplane;         /* "xfrm" | "userspace" */
	char *hostname;          /* default when the startup-config sets none */
	char *log_level;         /* "debugging".."emergencies", default "informational" */
	unsigned ike_port, natt_port;
	char *tun_name;          /* userspace backend's TUN device */
	struct iface_map *ifaces;
	size_t nifaces;
};

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
/* Read when rampartd is started without -f (and skipped if it does not exist). */
#define BOOTSTRAP_DEFAULT_PATH SYSCONFDIR "/rampartd.conf"

/* Defaults for everything, so the daemon starts with no file. */
void bootstrap_defaults(struct bootstrap *b);
/* Reads path over the defaults. On error returns -1 and sets *err to
 * "FILE:LINE: what" (caller frees); *b is then left with defaults only. */
int bootstrap_load(struct bootstrap *b, const char *path, char **err);
void bootstrap_free(struct bootstrap *b);
/* A Cisco severity name ("informational") as its syslog number, or -1. */
int bootstrap_log_level(const char *name);
/* The Linux link of a Cisco interface (an interface with no entry maps to itself). */
const char *bootstrap_link(const struct bootstrap *b, const char *cisco_name);

#endif
