/* What the IKE engine needs from the configuration, as plain data.
 *
 * The config compiler (vpn/compile.c) derives one immutable snapshot from the
 * running-config after each change and hands it to the engine; the engine never
 * reads the running-config model itself. Tests build snapshots directly. An SA keeps
 * a reference to the snapshot it was negotiated under (vpn_config_ref/unref), so a
 * config change never pulls data from under a negotiation: changed crypto parameters
 * apply at the next negotiation, as on Cisco. */
#ifndef RAMPART_VPN_CONFIG_H
#define RAMPART_VPN_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/dataplane.h"

#define VPN_MAX_PEERS 10
#define VPN_MAX_TSETS 11
#define VPN_NAME_MAX 64
#define VPN_PSK_MAX 128

/* One `crypto ikev1 policy N` / `crypto isakmp policy N`, values as IKEv1 attributes. */
struct vpn_ike_policy {
	uint32_t priority;
	uint16_t enc;           /* OAKLEY encryption: 1 DES, 5 3DES, 7 AES */
	uint16_t key_bits;      /* AES: 128/192/256; 0 otherwise */
	uint16_t hash;          /* 1 MD5, 2 SHA, 4 SHA2-256, 5 SHA2-384, 6 SHA2-512 */
	uint16_t auth;          /* 1 pre-share, 3 rsa-sig ... */
	uint16_t group;         /* DH group */
	uint32_t lifetime_s;    /* 0 = none (ASA `lifetime none`) */
};

/* One transform set: ESP only (AH is out of scope). */
struct vpn_transform_set {
	char name[VPN_NAME_MAX];
	uint16_t esp_id;        /* IPsec DOI ESP transform ID: 3 3DES, 12 AES, 11 NULL, 20 AES-GCM-16, 2 DES */
	uint16_t key_bits;      /* AES/GCM: 128/192/256 */
	uint16_t auth_alg;      /* IPsec DOI auth algorithm: 0 none, 1 HMAC-MD5, 2 HMAC-SHA1, 5/6/7 SHA2-256/384/512 */
	enum dp_mode mode;
};

/* Pre-shared key and keepalive settings for a peer address or a wildcard. */
struct vpn_peer_auth {
	struct in_addr addr, mask;   /* mask 0.0.0.0 with addr 0.0.0.0 = any peer */
	char psk[VPN_PSK_MAX];
	size_t psk_len;
	bool dpd_enabled;
	uint32_t dpd_threshold_s;    /* idle seconds before R-U-THERE */
	uint32_t dpd_retry_s;
	bool aggressive_allowed;
};

enum vpn_conn_type { VPN_CONN_BIDIRECTIONAL, VPN_CONN_ANSWER_ONLY, VPN_CONN_ORIGINATE_ONLY };

/* One crypto map entry bound to an interface with IKE enabled: a "connection". */
struct vpn_conn {
	char map_name[VPN_NAME_MAX];
	uint32_t seq;
	uint32_t reqid;                 /* in [DP_REQID_BASE, DP_REQID_MAX], stable per map/seq */
	char ifname[VPN_NAME_MAX];      /* Cisco interface name (nameif on ASA) */
	struct in_addr local_addr;
	bool dynamic;                   /* from a dynamic map: any peer, selectors narrowed from the peer */
	bool any_proxy;                 /* a dynamic entry without `match address`: whatever the peer proposes */
	size_t npeers;
	struct in_addr peers[VPN_MAX_PEERS];   /* failover order */
	size_t nsel;
	struct dp_selector *sel;        /* ACL permit entries, local side = src */
	size_t ntsets;
	struct vpn_transform_set tsets[VPN_MAX_TSETS];
	uint16_t pfs_group;             /* 0 = no PFS */
	uint32_t lifetime_s;            /* IPsec SA lifetime */
	uint64_t lifetime_kb;           /* 0 = unlimited */
	bool aggressive;                /* `set ikev1 phase1-mode aggressive` */
	bool nat_t_disable;
	enum vpn_conn_type conn_type;
};

enum vpn_identity { VPN_ID_AUTO, VPN_ID_ADDRESS, VPN_ID_HOSTNAME, VPN_ID_KEY_ID };

struct vpn_config {
	unsigned refs;
	char hostname[VPN_NAME_MAX];
	char domain[VPN_NAME_MAX];
	enum vpn_identity identity;
	char key_id[VPN_NAME_MAX];
	bool natt_enabled;
	uint32_t natt_keepalive_s;
	bool am_disabled;               /* `crypto ikev1 am-disable` */
	uint32_t max_half_open;         /* bound on responder SAs still negotiating */
	size_t npolicies;
	struct vpn_ike_policy *policies;    /* sorted by priority, ascending */
	size_t nauth;
	struct vpn_peer_auth *auth;         /* exact addresses first, then masks, wildcard last */
	size_t nconns;
	struct vpn_conn *conns;             /* by map name, then sequence */
	uint32_t default_lifetime_s;        /* `crypto ipsec security-association lifetime` */
	uint64_t default_lifetime_kb;
	size_t nlocal;
	struct in_addr *local_addrs;        /* addresses of interfaces with IKE enabled */
};

struct vpn_config *vpn_config_new(void);
struct vpn_config *vpn_config_ref(struct vpn_config *c);
void vpn_config_unref(struct vpn_config *c);

/* Lookups the responder uses; each returns NULL when nothing fits. */
const struct vpn_peer_auth *vpn_auth_for_peer(const struct vpn_config *c, struct in_addr peer);
const struct vpn_conn *vpn_conn_by_reqid(const struct vpn_config *c, uint32_t reqid);

#endif
