/* The device itself: hostname, enable password, local users and interfaces. */
#ifndef RAMPART_SYSTEM_H
#define RAMPART_SYSTEM_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

struct running_config;
struct rampartd;

struct sys_iface {
	char *name;              /* canonical: GigabitEthernet0/0 */
	char *nameif;            /* ASA nameif, or NULL */
	int security_level;      /* ASA, -1 when unset */
	bool has_addr;
	struct in_addr addr, mask;
	bool dhcp, dhcp_setroute;  /* `ip address dhcp [setroute]`: the address comes from a server */
	bool shutdown;
	char *description;
};

/* The prompt's host name: `hostname`, else the bootstrap file's, else the device default. */
const char *sys_hostname(const struct running_config *rc);

/* The bootstrap file's `hostname`, used while the configuration sets none. */
void sys_set_default_hostname(struct running_config *rc, const char *name);

/* "g0/0", "Gig 0/0" (typed as one word), "tun10" -> canonical name in buf; NULL when the
 * type is unknown or the unit is not digits/slashes/dots/colons. */
const char *iface_canonical(const char *typed, char *buf, size_t len);
/* The canonical interface whose ASA nameif is nameif, or NULL. */
const char *iface_by_nameif(const struct running_config *rc, const char *nameif);
/* Configured interfaces, in the order first typed. */
size_t sys_iface_count(const struct running_config *rc);
const struct sys_iface *sys_iface_at(const struct running_config *rc, size_t i);
const struct sys_iface *sys_iface_find(const struct running_config *rc, const char *canonical);

/* Whether pw opens privileged EXEC (`enable secret`, else `enable password`). */
bool sys_enable_verify(const struct running_config *rc, const char *pw);
/* Whether any enable password is configured. */
bool sys_enable_set(const struct running_config *rc);

#endif
