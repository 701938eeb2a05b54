/* The "userspace" data plane: ESP tunnel mode (RFC 4303) done in this process, for
 * kernels without an ESP implementation. Cleartext traffic reaches it through a TUN
 * device (routes for every protected destination point there), ESP leaves and
 * arrives on a raw IP-protocol-50 socket or, for SAs with UDP encapsulation
 * (RFC 3948), through the UDP 4500 socket that the IKE layer owns and shares. */
#ifndef RAMPART_DP_USERSPACE_H
#define RAMPART_DP_USERSPACE_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/dataplane.h"

extern const struct dataplane_ops dp_userspace_ops;

/* Before open(): the TUN device's name (default "rampart0") and MTU (default 1400;
 * 0 keeps the default). -EINVAL for a name too long or an MTU out of 576..9000,
 * -EBUSY once open. */
int dp_userspace_set_tun(struct dataplane *dp, const char *name, unsigned mtu);

/* Where ESP-in-UDP goes out: the IKE layer's UDP 4500 socket. ESP packets start at
 * pkt (the SPI); the sender adds nothing but the UDP header. Returns 0 or -errno. */
typedef int (*dp_udp_sender)(void *ctx, struct in_addr src, uint16_t sport, struct in_addr dst,
			     uint16_t dport, const uint8_t *pkt, size_t len);
void dp_userspace_set_udp_sender(struct dataplane *dp, dp_udp_sender send, void *ctx);

/* A datagram received on the shared UDP 4500 socket that the IKE layer found not to
 * be IKE (first four bytes not the zero non-ESP marker, RFC 3948 §2.2). NAT
 * keepalives (a single 0xFF) are accepted and ignored here too. Ports host order.
 * That socket must not set UDP_ENCAP: the kernel has no ESP to hand packets to. */
void dp_userspace_udp_input(struct dataplane *dp, struct in_addr src, uint16_t sport,
			    struct in_addr dst, uint16_t dport, const uint8_t *pkt, size_t len);

/* Backend-wide counters: what the per-SA counters cannot hold because no SA, or no
 * authentic packet, was found. */
struct dp_userspace_stats {
	uint64_t tun_read, tun_written;           /* cleartext packets from / to the TUN */
	uint64_t esp_sent, esp_received;          /* ESP packets on the wire, raw or UDP */
	uint64_t no_policy, bypassed, policy_drops, not_ipv4;
	uint64_t acquires, queued, queue_drops;
	uint64_t unknown_spi, truncated, replay, integrity, bad_padding, bad_next_header;
	uint64_t bad_inner, dummy, policy_mismatch, keepalives;
	uint64_t send_errors, tun_write_errors, crypto_errors, expired_drops;
};
void dp_userspace_get_stats(struct dataplane *dp, struct dp_userspace_stats *out);

#endif
