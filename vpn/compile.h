/* The config compiler: the running-config (both personalities) as one immutable
 * struct vpn_config snapshot, the only form in which the IKE engine sees the
 * configuration (vpn/vpn_config.h). Pure: it reads the model and, for an interface
 * with no `ip address`, the Linux link the bootstrap file maps it to.
 *
 * What becomes what:
 *   ISAKMP/IKEv1 policies        -> policies, ascending priority, as IKEv1 attribute values
 *   ASA tunnel-groups (ipsec-l2l named by address, DefaultL2LGroup), `isakmp key`,
 *   IOS `crypto isakmp key`, keyring pre-shared-keys
 *                                -> auth: exact addresses first, longer masks next,
 *                                   the 0.0.0.0/0 wildcard last; the first key typed
 *                                   for an address wins; DPD per tunnel-group (ASA)
 *                                   or from `crypto isakmp keepalive` (IOS)
 *   each crypto map entry of a map bound to an interface where IKE is enabled
 *                                -> one vpn_conn; an entry referring to a dynamic map
 *                                   becomes that dynamic map's entries (dynamic, any
 *                                   peer); incomplete entries (no peer, no ACL, no
 *                                   usable transform set) are left out, as the device
 *                                   leaves them disabled
 *   the ACL's permit entries     -> selectors (local side = source); deny entries,
 *                                   port ranges and unresolved names are left out
 * An interface counts only when its Linux link (bootstrap `interfaces` map, else its
 * own name) exists: a configuration written for other hardware activates nothing.
 * Reqids are a hash of map name and sequence number in [DP_REQID_BASE, DP_REQID_MAX]:
 * the same entry keeps its reqid across recompiles and restarts (so the xfrm backend
 * can find a crashed run's leftovers), a clash is resolved by probing. */
#ifndef RAMPART_VPN_COMPILE_H
#define RAMPART_VPN_COMPILE_H

#include "vpn/vpn_config.h"

struct running_config;
struct bootstrap;

/* A new snapshot (one reference) of rc. boot may be NULL (no Linux links known).
 * What cannot be used is logged at warning level; the snapshot holds the rest. */
struct vpn_config *vpn_compile(const struct running_config *rc, const struct bootstrap *boot);

/* The reqid an entry gets when nothing else claims it first. */
uint32_t vpn_compile_reqid_hint(const char *map, uint32_t seq);

/* Two connections negotiate and install the same thing (names, peers, selectors,
 * transforms, lifetimes, addresses): a recompile keeps the SAs of an unchanged one. */
bool vpn_conn_same(const struct vpn_conn *a, const struct vpn_conn *b);

#endif
