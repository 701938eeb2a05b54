/* The data plane as rampartd's IKE engine sees it: every operation goes to the real
 * backend, and SAs of dynamic crypto map entries bring their own policies.
 *
 * A static entry's policies exist before any SA (trap policies, installed by the
 * runtime from the configuration). A dynamic entry has no peer until one calls, so
 * its policies can only follow the SAs: when the engine installs the outbound SA of
 * a dynamic entry, the front installs OUT/IN/FWD PROTECT policies for the negotiated
 * selector towards that peer; when the last outbound SA of that flow is deleted
 * (rekeys overlap), the policies go. A selector that already has a policy (a static
 * entry's) is left to that one.
 *
 * The backend's ACQUIRE and EXPIRE events are routed through the front to whoever
 * registered on the front's dataplane (the engine does in ike_engine_new). */
#ifndef RAMPART_VPN_DP_FRONT_H
#define RAMPART_VPN_DP_FRONT_H

#include "platform/dataplane.h"
#include "vpn/vpn_config.h"

struct dp_front;

/* backend must be open; its events are taken over. */
struct dp_front *dp_front_new(struct dataplane *backend);
/* What the engine gets. */
struct dataplane *dp_front_dataplane(struct dp_front *f);
/* The configuration whose dynamic entries are watched (a reference is kept). */
void dp_front_set_config(struct dp_front *f, struct vpn_config *cfg);
/* Called after each outbound SA (one leaving from the entry's local address) is
 * installed, with its entry's reqid and its peer. */
typedef void (*dp_front_outbound_fn)(void *ctx, uint32_t reqid, struct in_addr peer);
void dp_front_on_outbound(struct dp_front *f, dp_front_outbound_fn fn, void *ctx);
/* How many dynamic flows currently have policies. */
size_t dp_front_dynamic_flows(const struct dp_front *f);
/* Removes the policies it installed; the backend stays open. */
void dp_front_free(struct dp_front *f);

#endif
