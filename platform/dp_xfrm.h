/* The "xfrm" data plane: the kernel's own IPsec (XFRM) does ESP, driven over netlink.
 * SAs and policies go through libnl-xfrm; what libnl cannot say (ALLOCSPI, deleting a
 * policy by its selector, the ACQUIRE message) is built with libnl's message helpers
 * on the same sockets. ACQUIRE and EXPIRE arrive on a multicast netlink socket that
 * open() registers in dp->loop (no loop: no events).
 *
 * Behaviour worth knowing:
 * - Errors are -errno as the kernel gave them, except that the kernel's "no such SA"
 *   (ESRCH) reads -ENOENT, as in the other backend. dp_xfrm_last_error() has the
 *   kernel's own words for the last refusal ("Requested type not found" on a kernel
 *   without ESP). A kernel without ESP still opens, allocates SPIs and installs
 *   policies; add_sa then fails with -EPROTONOSUPPORT.
 * - get_spi reserves the SPI with a larval SA (lifetime: net.core.xfrm_acq_expires,
 *   30 s by default); add_sa and update_sa of that SPI replace it (UPDSA).
 * - update_sa of an installed SA changes what the kernel lets change in place:
 *   lifetimes, the UDP encapsulation ports, the selector.
 * - get_spi, add_sa and PROTECT policies take only reqids in [DP_REQID_BASE,
 *   DP_REQID_MAX] (else -ERANGE). Every policy also carries DP_REQID_BASE in its
 *   selector's "user" field, which the kernel keeps and never matches packets on, so
 *   that BYPASS and DROP policies (no template, hence no reqid) are recognisable too;
 *   del_policy needs only the selector and direction. flush() and close() remove
 *   exactly Rampart's SAs (larval ones included), policies and routes (protocol 82),
 *   also those of a crashed earlier run; events for other reqids are ignored.
 * - An OUT PROTECT tunnel policy brings a route for its destination subnet (main
 *   table, towards the tunnel peer, with a local address inside the source subnet
 *   as preferred source), since a forwarded packet needs a route before XFRM sees it.
 *   An existing route for that prefix is used and left alone.
 * - ACQUIRE reports the policy's selector (the crypto ACL entry), the template's reqid
 *   and its tunnel endpoints. The kernel asks again for the same flow only after its
 *   larval SA expired (xfrm_acq_expires). Expiry of SPIs reserved by get_spi and
 *   never used is not reported. */
#ifndef RAMPART_DP_XFRM_H
#define RAMPART_DP_XFRM_H

#include "platform/dataplane.h"

extern const struct dataplane_ops dp_xfrm_ops;

/* IKE's own sockets must not be caught by the policies IKE negotiates: a per-socket
 * policy that allows everything in both directions. Needs CAP_NET_ADMIN. 0 or -errno. */
int dp_xfrm_exempt_socket(int fd);

/* The UDP 4500 socket hands ESP-in-UDP (RFC 3948) to the kernel's ESP and keeps
 * receiving what starts with the zero non-ESP marker (IKE) and NAT keepalives.
 * 0 or -errno. */
int dp_xfrm_enable_udp_encap(int fd);

/* The kernel's explanation of the last refused request (extended ack), "" if none. */
const char *dp_xfrm_last_error(const struct dataplane *dp);

#endif
