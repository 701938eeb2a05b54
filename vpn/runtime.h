/* The VPN at run time: rampartd's data plane, IKE sockets and IKE engine, fed by the
 * config compiler (vpn/compile.h).
 *
 * vpn_runtime_start() only registers rd->config_changed and applies the current
 * configuration. Nothing is opened while the configuration has no usable crypto map
 * entry (so a daemon holding a configuration written for other hardware, or none,
 * touches neither UDP 500 nor the kernel's IPsec); the first compile with one opens
 * the data plane named by rd->boot.dataplane (clearing what a crashed earlier run
 * left), the UDP sockets on rd->boot.ike_port/natt_port and the engine, and sets
 * rd->dp and rd->ike. A failure to open is logged and tried again at the next change.
 *
 * Each configuration change is coalesced (a zero-delay timer: a pasted block compiles
 * once), compiled and handed to the engine; connections that disappeared or changed
 * lose their SAs (Delete sent); the trap policies (OUT/IN/FWD PROTECT per ACL entry
 * towards the entry's first peer) are installed or removed by difference, so traffic
 * matching a crypto ACL starts Main Mode through the data plane's ACQUIRE. Dynamic
 * map entries get their policies with their SAs (vpn/dp_front.h).
 *
 * vpn_runtime_stop() deletes every SA (sending Delete), removes every policy and SA
 * Rampart installed and closes everything. */
#ifndef RAMPART_VPN_RUNTIME_H
#define RAMPART_VPN_RUNTIME_H

struct rampartd;

void vpn_runtime_start(struct rampartd *rd);
void vpn_runtime_stop(struct rampartd *rd);

/* Compiles and applies now (what the coalescing timer runs). */
void vpn_runtime_apply(struct rampartd *rd);

#endif
