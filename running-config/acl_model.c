/* The access-list model: lists, ordered entries, change counters and hit counters. */
#include "running-config/acl_int.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

bool acl_name_numbered(const char *name)
{
	if (!*name)
		return false;
	for (const char *p = name; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

struct acl *acl_lookup(struct acl_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nacls; i++)
		if (!strcmp(cfg->acls[i]->name, name))
			return cfg->acls[i];
	return NULL;
}

struct acl *acl_create(struct acl_config *cfg, const char *name, enum acl_family family)
{
	struct acl *acl = xcalloc(1, sizeof(*acl));

	acl->name = xstrdup(name);
	acl->family = family;
	acl->numbered = family != ACL_FAMILY_ASA && acl_name_numbered(name);
	acl->change = ++cfg->clock;
	cfg->acls = xrealloc(cfg->acls, (cfg->nacls + 1) * sizeof(*cfg->acls));
	cfg->acls[cfg->nacls++] = acl;
	return acl;
}

void acl_entry_init(struct acl_entry *e, enum acl_entry_kind kind)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->proto = PROTO_IP;
	e->icmp_type = e->icmp_code = -1;
	e->log_level = -1;
}

static void addr_clear(struct acl_addr *a)
{
	free(a->name);
	a->name = NULL;
}

void acl_entry_clear(struct acl_entry *e)
{
	addr_clear(&e->src);
	addr_clear(&e->dst);
	free(e->proto_name);
	free(e->remark);
	free(e->element_hits);
	memset(e, 0, sizeof(*e));
}

static void acl_free(struct acl *acl)
{
	for (size_t i = 0; i < acl->nentries; i++)
		acl_entry_clear(&acl->entries[i]);
	free(acl->entries);
	free(acl->name);
	free(acl);
}

void acl_delete(struct acl_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nacls; i++) {
		if (strcmp(cfg->acls[i]->name, name))
			continue;
		acl_free(cfg->acls[i]);
		memmove(&cfg->acls[i], &cfg->acls[i + 1], (cfg->nacls - i - 1) * sizeof(*cfg->acls));
		cfg->nacls--;
		cfg->clock++;
		return;
	}
}

void acl_touch(struct acl_config *cfg, struct acl *acl)
{
	acl->change = ++cfg->clock;
}

void acl_insert(struct acl_config *cfg, struct acl *acl, struct acl_entry *e, size_t pos)
{
	if (acl->nentries == acl->cap) {
		acl->cap = acl->cap ? acl->cap * 2 : 8;
		acl->entries = xrealloc(acl->entries, acl->cap * sizeof(*acl->entries));
	}
	if (pos > acl->nentries)
		pos = acl->nentries;
	memmove(&acl->entries[pos + 1], &acl->entries[pos], (acl->nentries - pos) * sizeof(*acl->entries));
	acl->entries[pos] = *e;
	acl->nentries++;
	memset(e, 0, sizeof(*e));
	acl_touch(cfg, acl);
}

void acl_remove_at(struct acl_config *cfg, struct acl *acl, size_t pos)
{
	acl_entry_clear(&acl->entries[pos]);
	memmove(&acl->entries[pos], &acl->entries[pos + 1], (acl->nentries - pos - 1) * sizeof(*acl->entries));
	acl->nentries--;
	acl_touch(cfg, acl);
}

static bool str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool addr_same(const struct acl_addr *a, const struct acl_addr *b)
{
	bool any_a = a->kind == ACL_ADDR_ANY || a->kind == ACL_ADDR_ANY4;
	bool any_b = b->kind == ACL_ADDR_ANY || b->kind == ACL_ADDR_ANY4;

	if (any_a || any_b)
		return any_a && any_b;
	return a->kind == b->kind && a->addr.s_addr == b->addr.s_addr && a->wild.s_addr == b->wild.s_addr &&
	       str_same(a->name, b->name);
}

static bool port_same(const struct port_match *a, const struct port_match *b)
{
	return a->op == b->op && (a->op == PORT_ANY || (a->lo == b->lo && (a->op != PORT_RANGE || a->hi == b->hi)));
}

/* Same match: what the device compares for `no access-list ...` and duplicates (the
 * log options are not part of it). */
static bool entry_same(const struct acl_entry *a, const struct acl_entry *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == ACE_REMARK)
		return str_same(a->remark, b->remark);
	return a->permit == b->permit && a->proto_kind == b->proto_kind && a->proto == b->proto &&
	       str_same(a->proto_name, b->proto_name) && addr_same(&a->src, &b->src) && addr_same(&a->dst, &b->dst) &&
	       port_same(&a->sport, &b->sport) && port_same(&a->dport, &b->dport) && a->icmp_type == b->icmp_type &&
	       a->icmp_code == b->icmp_code && a->established == b->established;
}

long acl_find_same(const struct acl *acl, const struct acl_entry *e)
{
	for (size_t i = 0; i < acl->nentries; i++)
		if (entry_same(&acl->entries[i], e))
			return (long)i;
	return -1;
}

long acl_find_seq(const struct acl *acl, unsigned seq)
{
	for (size_t i = 0; i < acl->nentries; i++)
		if (acl->entries[i].seq == seq)
			return (long)i;
	return -1;
}

static bool addr_uses(const struct acl_config *cfg, const struct acl_addr *a, const char *name, bool deep)
{
	const struct object_group *g;

	if ((a->kind != ACL_ADDR_OBJECT && a->kind != ACL_ADDR_GROUP) || !a->name)
		return false;
	if (!strcmp(a->name, name))
		return true;
	if (!deep || a->kind != ACL_ADDR_GROUP)
		return false;
	g = groups_lookup((struct acl_config *)cfg, a->name);
	return g && group_uses(cfg, g, name, 0);
}

static bool entry_uses(const struct acl_config *cfg, const struct acl_entry *e, const char *name, bool deep)
{
	if (e->kind == ACE_REMARK)
		return false;
	if (e->proto_name) {
		const struct object_group *g;
		if (!strcmp(e->proto_name, name))
			return true;
		g = deep && e->proto_kind == ACL_PROTO_GROUP ? groups_lookup((struct acl_config *)cfg, e->proto_name) : NULL;
		if (g && group_uses(cfg, g, name, 0))
			return true;
	}
	return addr_uses(cfg, &e->src, name, deep) || addr_uses(cfg, &e->dst, name, deep);
}

static bool acl_uses(const struct acl_config *cfg, const struct acl *acl, const char *name, bool deep)
{
	for (size_t i = 0; i < acl->nentries; i++)
		if (entry_uses(cfg, &acl->entries[i], name, deep))
			return true;
	return false;
}

void acl_touch_users(struct acl_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nacls; i++)
		if (acl_uses(cfg, cfg->acls[i], name, true))
			acl_touch(cfg, cfg->acls[i]);
}

const struct acl *acl_first_user(const struct acl_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nacls; i++)
		if (acl_uses(cfg, cfg->acls[i], name, false))
			return cfg->acls[i];
	return NULL;
}

void acl_config_free(struct acl_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nacls; i++)
		acl_free(cfg->acls[i]);
	free(cfg->acls);
	objects_free_all(cfg);
	free(cfg);
}

/* ---- read-only accessors (acl.h) ---- */

const struct acl *acl_find(const struct running_config *rc, const char *name)
{
	return rc->acl && name ? acl_lookup(acl_cfg(rc), name) : NULL;
}

bool acl_exists(const struct running_config *rc, const char *name)
{
	return acl_find(rc, name) != NULL;
}

size_t acl_count(const struct running_config *rc)
{
	return rc->acl ? acl_cfg(rc)->nacls : 0;
}

const struct acl *acl_at(const struct running_config *rc, size_t i)
{
	return i < acl_count(rc) ? acl_cfg(rc)->acls[i] : NULL;
}

unsigned acl_change_count(const struct running_config *rc, const char *name)
{
	const struct acl *acl = acl_find(rc, name);

	return acl ? acl->change : 0;
}

void acl_hit(struct running_config *rc, const char *name, unsigned entry_index)
{
	struct acl *acl = rc->acl ? acl_lookup(acl_cfg(rc), name) : NULL;

	if (acl && entry_index < acl->nentries)
		acl->entries[entry_index].hits++;
}

void acl_hit_element(struct running_config *rc, const char *name, unsigned entry_index, unsigned element)
{
	struct acl *acl = rc->acl ? acl_lookup(acl_cfg(rc), name) : NULL;
	struct acl_entry *e;

	if (!acl || entry_index >= acl->nentries)
		return;
	e = &acl->entries[entry_index];
	e->hits++;
	if (element >= 65536)
		return;
	if (element >= e->nelement_hits) {
		e->element_hits = xrealloc(e->element_hits, (element + 1) * sizeof(*e->element_hits));
		memset(&e->element_hits[e->nelement_hits], 0, (element + 1 - e->nelement_hits) * sizeof(*e->element_hits));
		e->nelement_hits = element + 1;
	}
	e->element_hits[element]++;
}

void acl_clear_counters(struct running_config *rc, const char *name)
{
	struct acl_config *cfg = acl_cfg(rc);

	for (size_t i = 0; cfg && i < cfg->nacls; i++) {
		struct acl *acl = cfg->acls[i];
		if (name && strcmp(acl->name, name))
			continue;
		for (size_t k = 0; k < acl->nentries; k++) {
			acl->entries[k].hits = 0;
			if (acl->entries[k].element_hits)
				memset(acl->entries[k].element_hits, 0,
				       acl->entries[k].nelement_hits * sizeof(uint64_t));
		}
	}
}

/* The "name hash" and per-line hashes of ASA's `show access-list`: any stable 32-bit
 * digest of the text will do (BLAKE2b, truncated). */
uint32_t acl_hash(const char *text)
{
	unsigned char digest[crypto_generichash_BYTES_MIN];

	crypto_generichash(digest, sizeof(digest), (const unsigned char *)text, strlen(text), NULL, 0);
	return (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8 | digest[3];
}

/* ---- the objects part of the model (objects.c has their grammar) ---- */

struct net_object *objects_lookup(struct acl_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nobjects; i++)
		if (!strcmp(cfg->objects[i]->name, name))
			return cfg->objects[i];
	return NULL;
}

struct object_group *groups_lookup(struct acl_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->ngroups; i++)
		if (!strcmp(cfg->groups[i]->name, name))
			return cfg->groups[i];
	return NULL;
}

const struct net_object *object_find(const struct running_config *rc, const char *name)
{
	return rc->acl ? objects_lookup(acl_cfg(rc), name) : NULL;
}

const struct object_group *object_group_find(const struct running_config *rc, const char *name)
{
	return rc->acl ? groups_lookup(acl_cfg(rc), name) : NULL;
}

bool asa_name_lookup(const struct running_config *rc, const char *name, struct in_addr *out)
{
	const struct acl_config *cfg = acl_cfg(rc);

	for (size_t i = 0; cfg && i < cfg->nnames; i++)
		if (!strcmp(cfg->names[i].name, name)) {
			*out = cfg->names[i].addr;
			return true;
		}
	return false;
}

const char *asa_name_of(const struct running_config *rc, struct in_addr addr)
{
	const struct acl_config *cfg = acl_cfg(rc);

	for (size_t i = 0; cfg && i < cfg->nnames; i++)
		if (cfg->names[i].addr.s_addr == addr.s_addr)
			return cfg->names[i].name;
	return NULL;
}


bool group_uses(const struct acl_config *cfg, const struct object_group *g, const char *name, int depth)
{
	if (depth > GROUP_MAX_DEPTH)
		return false;
	for (size_t i = 0; i < g->nmembers; i++) {
		const struct group_member *m = &g->members[i];
		const struct object_group *sub;
		if ((m->kind != MEMBER_OBJECT && m->kind != MEMBER_GROUP) || !m->name)
			continue;
		if (!strcmp(m->name, name))
			return true;
		sub = m->kind == MEMBER_GROUP ? groups_lookup((struct acl_config *)cfg, m->name) : NULL;
		if (sub && group_uses(cfg, sub, name, depth + 1))
			return true;
	}
	return false;
}

void object_free(struct net_object *o)
{
	for (size_t i = 0; i < o->nnat; i++)
		free(o->nat_lines[i]);
	free(o->nat_lines);
	free(o->name);
	free(o->fqdn);
	free(o->description);
	free(o);
}

void member_clear(struct group_member *m)
{
	free(m->name);
}

void group_free(struct object_group *g)
{
	for (size_t i = 0; i < g->nmembers; i++)
		member_clear(&g->members[i]);
	free(g->members);
	free(g->name);
	free(g->description);
	free(g);
}

void objects_free_all(struct acl_config *cfg)
{
	for (size_t i = 0; i < cfg->nobjects; i++)
		object_free(cfg->objects[i]);
	free(cfg->objects);
	for (size_t i = 0; i < cfg->ngroups; i++)
		group_free(cfg->groups[i]);
	free(cfg->groups);
	for (size_t i = 0; i < cfg->nnames; i++) {
		free(cfg->names[i].name);
		free(cfg->names[i].description);
	}
	free(cfg->names);
}
