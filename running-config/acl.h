/* Access lists of both personalities in one typed model, and what the VPN compiler
 * reads of them.
 *
 * An ACL is an ordered list of entries (remarks, standard and extended ACEs). ASA
 * lists are named and ordered by position (`line N` inserts); IOS lists are numbered
 * (1-99, 1300-1999 standard; 100-199, 2000-2699 extended) or named, and ordered by
 * sequence number. Addresses are stored as address + wildcard bits (IOS form; the
 * ASA netmask is its complement), so a list typed in one personality renders in
 * the other.
 *
 * For the compiler (read-only):
 *   acl_exists(), acl_change_count()  -- is there such a list, did it change?
 *   acl_expand()                     -- its permit/deny entries as concrete IPv4
 *                                       selectors, objects and groups expanded
 *   acl_hit(), acl_hit_element()     -- feed the hit counters of `show access-list`
 *
 * Wildcard masks: a contiguous wildcard (0.0.0.255) becomes the netmask
 * 255.255.255.0. A non-contiguous one (0.0.255.0) cannot be one prefix: when its
 * "holes" (wildcard bits left of the lowest zero bit) are at most ACL_SPLIT_BITS,
 * the entry is split into the 2^holes exact prefixes; beyond that it is widened to
 * the covering prefix (the wildcard's highest set bit and everything below) and the
 * selectors carry ACL_SEL_WIDENED so the compiler can refuse or log it. */
#ifndef RAMPART_ACL_H
#define RAMPART_ACL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "running-config/objects.h"

struct running_config;

enum acl_addr_kind {
	ACL_ADDR_ANY,            /* `any` */
	ACL_ADDR_ANY4,           /* ASA `any4` */
	ACL_ADDR_HOST,
	ACL_ADDR_NET,            /* addr + wild */
	ACL_ADDR_OBJECT,         /* ASA `object N` */
	ACL_ADDR_GROUP,          /* ASA `object-group G` */
	ACL_ADDR_IFACE,          /* ASA `interface IF` */
};

struct acl_addr {
	enum acl_addr_kind kind;
	struct in_addr addr;
	struct in_addr wild;     /* wildcard bits (~netmask) for ACL_ADDR_NET */
	char *name;              /* OBJECT / GROUP / IFACE */
};

enum acl_proto_kind { ACL_PROTO_NUM, ACL_PROTO_OBJECT, ACL_PROTO_GROUP };

enum acl_log {
	ACL_LOG_NONE,
	ACL_LOG_ON,              /* `log [level] [interval N]` */
	ACL_LOG_INPUT,           /* IOS `log-input` */
	ACL_LOG_DISABLE,         /* ASA `log disable` */
	ACL_LOG_DEFAULT,         /* ASA `log default` */
};

enum acl_entry_kind { ACE_REMARK, ACE_STANDARD, ACE_EXTENDED };

struct acl_entry {
	enum acl_entry_kind kind;
	unsigned seq;            /* IOS sequence number (ASA: 0) */
	bool permit;
	enum acl_proto_kind proto_kind;
	int proto;               /* ACL_PROTO_NUM: 0-255 or PROTO_IP */
	char *proto_name;        /* ACL_PROTO_OBJECT / GROUP (service object or group) */
	struct acl_addr src, dst;
	struct port_match sport, dport;
	int icmp_type, icmp_code;    /* -1 = not given */
	enum acl_log log;
	int log_level;           /* -1 = not given */
	unsigned log_interval;   /* 0 = not given */
	bool established;        /* IOS tcp */
	bool inactive;           /* ASA */
	char *remark;
	uint64_t hits;
	uint64_t *element_hits;  /* per expanded element (ASA object expansion), grown on demand */
	size_t nelement_hits;
};

enum acl_family {
	ACL_FAMILY_ASA,          /* named, mixed remark/standard/extended entries */
	ACL_FAMILY_STANDARD,     /* IOS */
	ACL_FAMILY_EXTENDED,     /* IOS */
};

struct acl {
	char *name;
	enum acl_family family;
	bool numbered;           /* IOS: the name is a number, rendered as flat `access-list N` lines */
	struct acl_entry *entries;
	size_t nentries, cap;
	unsigned change;         /* see acl_change_count() */
};

/* ---- read-only accessors ---- */
bool acl_exists(const struct running_config *rc, const char *name);
const struct acl *acl_find(const struct running_config *rc, const char *name);
size_t acl_count(const struct running_config *rc);
const struct acl *acl_at(const struct running_config *rc, size_t i);

/* A value that changes whenever the list, or an object or group it uses, changes;
 * 0 when the list does not exist. Values are never reused, so a list deleted and
 * created again reads as changed. */
unsigned acl_change_count(const struct running_config *rc, const char *name);

#define ACL_SPLIT_BITS 4

enum acl_selector_flag {
	ACL_SEL_WIDENED = 1u << 0,   /* a non-contiguous wildcard was widened to its covering prefix */
};

struct acl_selector {
	bool permit;
	struct in_addr src, src_mask;    /* network order; mask is a netmask */
	struct in_addr dst, dst_mask;
	int proto;                       /* 0-255, or PROTO_IP for every protocol */
	uint16_t sport_lo, sport_hi;     /* 0-65535 when any */
	uint16_t dport_lo, dport_hi;
	int icmp_type, icmp_code;        /* -1 = any */
	unsigned entry_index;            /* index of the entry in acl->entries (acl_hit) */
	unsigned element;                /* ordinal of the expanded element (acl_hit_element) */
	unsigned flags;
};

struct acl_selectors {
	struct acl_selector *v;
	size_t n;
	/* entries (or expanded elements) that have no IPv4 selector: an fqdn, an
	 * `interface` address, an object or group not (yet) defined, IPv6 */
	size_t unresolved;
};

/* The permit/deny entries of list name, in order, as selectors (remarks and inactive
 * entries skipped). Returns false when no such list exists. Free with
 * acl_selectors_free(). */
bool acl_expand(const struct running_config *rc, const char *name, struct acl_selectors *out);
void acl_selectors_free(struct acl_selectors *s);

/* Hit counters (from the data plane): the entry, or one expanded element of it. */
void acl_hit(struct running_config *rc, const char *acl, unsigned entry_index);
void acl_hit_element(struct running_config *rc, const char *acl, unsigned entry_index, unsigned element);
void acl_clear_counters(struct running_config *rc, const char *acl /* NULL = all */);

#endif
