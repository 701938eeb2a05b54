/* ASA network objects, object-groups and the legacy `names` table: the typed model
 * that access lists (running-config/acl*.c) and crypto maps refer to by name.
 * Everything here is read-only for other areas; only running-config/objects.c and
 * the acl area mutate it. */
#ifndef RAMPART_OBJECTS_H
#define RAMPART_OBJECTS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct running_config;

/* `object network NAME`: one host, subnet, range or fqdn. */
enum netobj_kind { NETOBJ_EMPTY, NETOBJ_HOST, NETOBJ_SUBNET, NETOBJ_RANGE, NETOBJ_FQDN };

struct net_object {
	char *name;
	enum netobj_kind kind;
	struct in_addr a;        /* HOST: the address; SUBNET: network; RANGE: first */
	struct in_addr b;        /* SUBNET: netmask; RANGE: last */
	char *fqdn;
	char *description;
	char **nat_lines;        /* ` nat (a,b) ...` kept verbatim (NAT is outside the VPN scope) */
	size_t nnat;
};

/* A member of an object-group. Network groups hold HOST/NET/OBJECT/GROUP members,
 * protocol groups PROTO, service groups SERVICE (and GROUP). */
enum member_kind { MEMBER_HOST, MEMBER_NET, MEMBER_OBJECT, MEMBER_GROUP, MEMBER_PROTO, MEMBER_SERVICE };

enum port_op { PORT_ANY, PORT_EQ, PORT_LT, PORT_GT, PORT_NEQ, PORT_RANGE };
struct port_match {
	enum port_op op;
	uint16_t lo, hi;         /* hi: PORT_RANGE only */
};

/* IP protocol of a service-object / protocol-object / ACE: PROTO_IP matches every
 * protocol; PROTO_TCP_UDP is the ASA `tcp-udp` pair of service groups. */
#define PROTO_IP (-1)
#define PROTO_TCP_UDP (-2)

struct group_member {
	enum member_kind kind;
	struct in_addr addr, mask;   /* HOST (mask 255.255.255.255), NET (netmask) */
	char *name;                  /* OBJECT, GROUP */
	int proto;                   /* PROTO, SERVICE: 0-255, PROTO_IP or PROTO_TCP_UDP */
	struct port_match sport, dport;  /* SERVICE */
	int icmp_type;               /* SERVICE icmp: -1 = any */
};

enum group_type { GROUP_NETWORK, GROUP_SERVICE, GROUP_PROTOCOL, GROUP_ICMP };

struct object_group {
	char *name;
	enum group_type type;
	int service_proto;       /* `object-group service NAME tcp|udp|tcp-udp` (port-object groups), else 0 */
	char *description;
	struct group_member *members;
	size_t nmembers;
};

/* `name A.B.C.D NAME [description TEXT]` */
struct asa_name {
	struct in_addr addr;
	char *name;
	char *description;
};

/* Lookups (NULL when absent). */
const struct net_object *object_find(const struct running_config *rc, const char *name);
const struct object_group *object_group_find(const struct running_config *rc, const char *name);
/* The address of a `name` entry, for commands that accept names (crypto map set peer). */
bool asa_name_lookup(const struct running_config *rc, const char *name, struct in_addr *out);
const char *asa_name_of(const struct running_config *rc, struct in_addr addr);

#endif
