/* Crypto maps and dynamic maps, both personalities, one model: entries by sequence
 * with peers, transform sets, PFS, lifetimes, connection type, phase-1 mode; the
 * interface bindings (ASA `crypto map NAME interface IF`, IOS ` crypto map NAME`
 * under an interface) and the IOS local-address.
 *
 * The structs are the model, exposed read-only for the renderers and the VPN
 * compiler; only running-config/crypto_map.c changes them, through the mutators. */
#ifndef RAMPART_CRYPTO_MAP_H
#define RAMPART_CRYPTO_MAP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "running-config/config.h"

#define CMAP_NAME_MAX 64
#define CMAP_MAX_PEERS 10
#define CMAP_MAX_TSETS 11        /* ASA; IOS allows 6 */
#define CMAP_IOS_MAX_TSETS 6
#define CMAP_DESC_MAX 256

enum cmap_conn_type { CMAP_CONN_BIDIRECTIONAL, CMAP_CONN_ANSWER_ONLY, CMAP_CONN_ORIGINATE_ONLY };
enum cmap_ikev2_mode { CMAP_IKEV2_TUNNEL, CMAP_IKEV2_TRANSPORT, CMAP_IKEV2_TRANSPORT_REQUIRE };

/* A peer as typed: an address, or a name (ASA `names`, IOS hostname). */
struct cmap_peer {
	char text[CMAP_NAME_MAX];
	bool is_addr;
	struct in_addr addr;     /* when is_addr */
	bool is_default;         /* IOS `set peer A default` */
};

struct cmap_entry {
	uint32_t seq;
	char dynamic_map[CMAP_NAME_MAX];   /* `ipsec-isakmp dynamic DYN`: this entry only refers to DYN */
	char acl[CMAP_NAME_MAX];           /* `match address`, "" when unset */
	size_t npeers;
	struct cmap_peer peers[CMAP_MAX_PEERS];    /* failover order */
	size_t ntsets;
	char tsets[CMAP_MAX_TSETS][CMAP_NAME_MAX]; /* ikev1 transform sets, preference order */
	size_t nproposals;
	char ikev2_proposals[CMAP_MAX_TSETS][CMAP_NAME_MAX];  /* ASA `set ikev2 ipsec-proposal`, kept */
	uint8_t pfs_group;                 /* 0: no PFS */
	bool pfs_bare;                     /* typed `set pfs` without a group */
	uint32_t lifetime_s;               /* 0: the global lifetime */
	uint64_t lifetime_kb;              /* 0: the global lifetime */
	bool lifetime_kb_unlimited;        /* ASA */
	enum cmap_conn_type conn_type;
	bool aggressive;                   /* ASA `set ikev1 phase1-mode aggressive` */
	uint8_t phase1_group;              /* its optional DH group, 0 = default */
	bool reverse_route;
	bool reverse_route_static;         /* IOS `reverse-route static` */
	bool nat_t_disable;
	bool tfc_packets;                  /* ASA `set tfc-packets` (shown negated in `show run all`) */
	enum cmap_ikev2_mode ikev2_mode;
	char isakmp_profile[CMAP_NAME_MAX];
	char description[CMAP_DESC_MAX];
};

struct cmap {
	char name[CMAP_NAME_MAX];
	bool dynamic;                      /* a `crypto dynamic-map` template */
	size_t nentries;
	struct cmap_entry *entries;        /* ascending sequence */
	char local_address[CMAP_NAME_MAX]; /* IOS `crypto map NAME local-address IF` (canonical name) */
	unsigned changes;                  /* bumped by every change to this map or its entries */
};

/* An interface binding: ASA by nameif, IOS by canonical interface name. */
struct cmap_binding {
	char ifname[CMAP_NAME_MAX];
	char map[CMAP_NAME_MAX];
};

struct cmap_config {
	size_t nmaps;
	struct cmap *maps;                 /* static and dynamic maps, creation order */
	size_t nbindings;
	struct cmap_binding *bindings;     /* creation order */
	unsigned changes;
};

/* ---- read-only accessors (the VPN compiler, show commands, other areas) ---- */
size_t cmap_count(const struct running_config *rc);
const struct cmap *cmap_at(const struct running_config *rc, size_t i);
const struct cmap *cmap_find(const struct running_config *rc, const char *name, bool dynamic);
const struct cmap_entry *cmap_entry_find(const struct cmap *m, uint32_t seq);
/* The map bound to an interface (ASA nameif or IOS canonical name), or NULL. */
const char *cmap_map_of_interface(const struct running_config *rc, const char *ifname);
/* The i-th interface a map is bound to, or NULL past the last. */
const char *cmap_interface_of_map(const struct running_config *rc, const char *map, size_t i);
/* The first static or dynamic map entry naming transform set tset, or NULL. */
const char *cmap_tset_user(const struct running_config *rc, const char *tset, uint32_t *seq);
/* An entry has what it needs to negotiate: a peer (static maps) and an ACL, or it
 * refers to a dynamic map. IOS flags the others in `show crypto map`. */
bool cmap_entry_complete(const struct cmap *m, const struct cmap_entry *e);
/* The effective PFS group (0 = none): a bare ASA `set pfs` means group 2, IOS group 1. */
unsigned cmap_entry_pfs(const struct cmap_entry *e);

/* ---- mutators (handlers and unit tests); each bumps the map's change counter ---- */
struct cmap *cmap_get(struct running_config *rc, const char *name, bool dynamic, bool create);
struct cmap_entry *cmap_entry_get(struct running_config *rc, struct cmap *m, uint32_t seq, bool create);
void cmap_entry_delete(struct running_config *rc, struct cmap *m, uint32_t seq);
void cmap_delete(struct running_config *rc, const char *name, bool dynamic);
void cmap_touch(struct running_config *rc, struct cmap *m);
/* Binds map to ifname, replacing the interface's previous binding (one map per interface). */
void cmap_bind(struct running_config *rc, const char *ifname, const char *map);
bool cmap_unbind(struct running_config *rc, const char *ifname, const char *map);
/* Parses a peer as typed; false for a malformed dotted address such as 300.1.1.1. */
bool cmap_peer_parse(const char *text, struct cmap_peer *out);

/* ---- renderers ---- */
/* Section "crypto-map": ASA one-liners or IOS blocks, dynamic maps first on IOS. */
void cmap_render(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
/* The lead's IOS interface renderer calls this at the end of each interface block. */
void cmap_render_interface_lines(const struct running_config *rc, const char *ifname, const struct render_ctx *ctx,
				 struct strbuf *out);
/* IOS `show crypto map [tag NAME]`; false when NAME does not exist. */
bool cmap_show(const struct running_config *rc, const char *tag, struct strbuf *out);

void cmap_model_init(struct running_config *rc);
void cmap_model_fini(struct running_config *rc);

#endif
