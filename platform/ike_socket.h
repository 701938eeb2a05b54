/* The IKE sockets: UDP 500 and UDP 4500 (RFC 3947/3948), bound to every address, with
 * IP_PKTINFO so that each datagram's local address is known and each answer leaves
 * from the address the peer talked to.
 *
 * On 4500 a datagram is an IKE message behind the four-byte non-ESP marker, a NAT
 * keepalive (one 0xFF byte), or ESP in UDP. IKE goes to the engine without the marker;
 * ESP goes to the userspace data plane when that is the backend (the kernel has no
 * ESP to take it); with the xfrm backend the socket is exempted from IPsec policy and
 * switched to UDP_ENCAP_ESPINUDP, so the kernel takes ESP itself.
 *
 *   s = ike_socket_open(loop, &ports);
 *   tx = ike_socket_transport(s);
 *   e = ike_engine_new(loop, dp, &tx);
 *   ike_socket_attach(s, e, dp);
 */
#ifndef RAMPART_IKE_SOCKET_H
#define RAMPART_IKE_SOCKET_H

#include <stdint.h>

#include "platform/dataplane.h"
#include "vpn/ike.h"

struct ev_loop;
struct ike_socket;

struct ike_socket_stats {
	uint64_t rx_ike, tx_ike, rx_keepalive, tx_keepalive, rx_esp, tx_esp;
	uint64_t rx_invalid, rx_errors, tx_errors;
};

/* NULL with errno set when a socket cannot be bound. */
struct ike_socket *ike_socket_open(struct ev_loop *loop, const struct ike_ports *ports);
struct ike_transport ike_socket_transport(struct ike_socket *s);
/* Where received messages go, and the data plane that shares port 4500. */
void ike_socket_attach(struct ike_socket *s, struct ike_engine *e, struct dataplane *dp);
void ike_socket_get_stats(struct ike_socket *s, struct ike_socket_stats *out);
void ike_socket_close(struct ike_socket *s);

#endif
