/* Commands the device accepts and keeps but rampart does not model: routing processes,
 * lines, banners, logging, NAT, inspection policies, PKI trustpoints, interface media
 * settings... Each is declared in the grammar (so `?` lists it and a mistyped one is
 * still an error), kept verbatim in the order typed, and rendered where the device puts
 * it (sections opaque-early, opaque-middle, opaque-routing, opaque-crypto-ca,
 * opaque-late). Sub-mode blocks (router ospf, line vty, class-map, certificate chains)
 * keep their indented lines. */
#ifndef RAMPART_OPAQUE_H
#define RAMPART_OPAQUE_H

#include <stddef.h>

#include "platform/util.h"

struct running_config;

/* The kept sub-commands of interface ifname (canonical name), one line each with its
 * leading space, in the order typed; nothing when there are none. The interface
 * renderer calls this inside the interface block. */
void opaque_render_interface_lines(const struct running_config *rc, const char *ifname, struct strbuf *out);

/* Forgets the kept sub-commands of interface ifname (`no interface`), so that an
 * interface created again starts without them. */
void opaque_forget_interface(struct running_config *rc, const char *ifname);

/* Read-only counts, for tests: kept top-level commands (blocks count once) and kept
 * sub-commands of one interface. */
size_t opaque_command_count(const struct running_config *rc);
size_t opaque_interface_line_count(const struct running_config *rc, const char *ifname);

#endif
