/* The crypto map model: maps (static and dynamic) with entries kept in sequence
 * order, and the interface bindings. Grammar and handlers: running-config/crypto_map.c;
 * renderers and `show crypto map`: running-config/crypto_map_render.c. */
#include "running-config/crypto_map.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cmap_model_init(struct running_config *rc)
{
	rc->cmap = xcalloc(1, sizeof(*rc->cmap));
}

void cmap_model_fini(struct running_config *rc)
{
	struct cmap_config *cc = rc->cmap;

	if (!cc)
		return;
	for (size_t i = 0; i < cc->nmaps; i++)
		free(cc->maps[i].entries);
	free(cc->maps);
	free(cc->bindings);
	free(cc);
	rc->cmap = NULL;
}

size_t cmap_count(const struct running_config *rc)
{
	return rc->cmap->nmaps;
}

const struct cmap *cmap_at(const struct running_config *rc, size_t i)
{
	return i < rc->cmap->nmaps ? &rc->cmap->maps[i] : NULL;
}

const struct cmap *cmap_find(const struct running_config *rc, const char *name, bool dynamic)
{
	for (size_t i = 0; i < rc->cmap->nmaps; i++)
		if (rc->cmap->maps[i].dynamic == dynamic && !strcmp(rc->cmap->maps[i].name, name))
			return &rc->cmap->maps[i];
	return NULL;
}

const struct cmap_entry *cmap_entry_find(const struct cmap *m, uint32_t seq)
{
	for (size_t i = 0; i < m->nentries; i++)
		if (m->entries[i].seq == seq)
			return &m->entries[i];
	return NULL;
}

const char *cmap_map_of_interface(const struct running_config *rc, const char *ifname)
{
	for (size_t i = 0; i < rc->cmap->nbindings; i++)
		if (!strcmp(rc->cmap->bindings[i].ifname, ifname))
			return rc->cmap->bindings[i].map;
	return NULL;
}

const char *cmap_interface_of_map(const struct running_config *rc, const char *map, size_t nth)
{
	for (size_t i = 0; i < rc->cmap->nbindings; i++)
		if (!strcmp(rc->cmap->bindings[i].map, map) && nth-- == 0)
			return rc->cmap->bindings[i].ifname;
	return NULL;
}

const char *cmap_tset_user(const struct running_config *rc, const char *tset, uint32_t *seq)
{
	for (size_t i = 0; i < rc->cmap->nmaps; i++) {
		const struct cmap *m = &rc->cmap->maps[i];
		for (size_t j = 0; j < m->nentries; j++)
			for (size_t k = 0; k < m->entries[j].ntsets; k++)
				if (!strcmp(m->entries[j].tsets[k], tset)) {
					*seq = m->entries[j].seq;
					return m->name;
				}
	}
	return NULL;
}

bool cmap_entry_complete(const struct cmap *m, const struct cmap_entry *e)
{
	if (e->dynamic_map[0])
		return true;
	/* A dynamic map entry learns its peer from the initiator. */
	return e->acl[0] && (m->dynamic || e->npeers > 0);
}

unsigned cmap_entry_pfs(const struct cmap_entry *e)
{
	return e->pfs_group;
}

/* ---- mutators ---- */

void cmap_touch(struct running_config *rc, struct cmap *m)
{
	m->changes++;
	rc->cmap->changes++;
}

struct cmap *cmap_get(struct running_config *rc, const char *name, bool dynamic, bool create)
{
	struct cmap_config *cc = rc->cmap;
	struct cmap *m = (struct cmap *)cmap_find(rc, name, dynamic);

	if (m || !create)
		return m;
	cc->maps = xrealloc(cc->maps, (cc->nmaps + 1) * sizeof(*cc->maps));
	m = &cc->maps[cc->nmaps++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->dynamic = dynamic;
	cmap_touch(rc, m);
	return m;
}

struct cmap_entry *cmap_entry_get(struct running_config *rc, struct cmap *m, uint32_t seq, bool create)
{
	size_t pos = 0;

	while (pos < m->nentries && m->entries[pos].seq < seq)
		pos++;
	if (pos < m->nentries && m->entries[pos].seq == seq)
		return &m->entries[pos];
	if (!create)
		return NULL;
	m->entries = xrealloc(m->entries, (m->nentries + 1) * sizeof(*m->entries));
	memmove(&m->entries[pos + 1], &m->entries[pos], (m->nentries - pos) * sizeof(*m->entries));
	m->nentries++;
	memset(&m->entries[pos], 0, sizeof(m->entries[pos]));
	m->entries[pos].seq = seq;
	m->entries[pos].tfc_packets = false;
	cmap_touch(rc, m);
	return &m->entries[pos];
}

void cmap_entry_delete(struct running_config *rc, struct cmap *m, uint32_t seq)
{
	struct cmap_entry *e = cmap_entry_get(rc, m, seq, false);

	if (!e)
		return;
	memmove(e, e + 1, (size_t)(m->entries + m->nentries - (e + 1)) * sizeof(*e));
	m->nentries--;
	cmap_touch(rc, m);
}

void cmap_delete(struct running_config *rc, const char *name, bool dynamic)
{
	struct cmap_config *cc = rc->cmap;
	struct cmap *m = cmap_get(rc, name, dynamic, false);

	if (!m)
		return;
	free(m->entries);
	memmove(m, m + 1, (size_t)(cc->maps + cc->nmaps - (m + 1)) * sizeof(*m));
	cc->nmaps--;
	cc->changes++;
	/* The bindings of a deleted static map go with it. */
	for (size_t i = 0; !dynamic && i < cc->nbindings;) {
		if (!strcmp(cc->bindings[i].map, name))
			cmap_unbind(rc, cc->bindings[i].ifname, name);
		else
			i++;
	}
}

void cmap_bind(struct running_config *rc, const char *ifname, const char *map)
{
	struct cmap_config *cc = rc->cmap;
	struct cmap_binding *b = NULL;

	for (size_t i = 0; i < cc->nbindings; i++)
		if (!strcmp(cc->bindings[i].ifname, ifname))
			b = &cc->bindings[i];
	if (!b) {
		cc->bindings = xrealloc(cc->bindings, (cc->nbindings + 1) * sizeof(*cc->bindings));
		b = &cc->bindings[cc->nbindings++];
		snprintf(b->ifname, sizeof(b->ifname), "%s", ifname);
	}
	snprintf(b->map, sizeof(b->map), "%s", map);
	cc->changes++;
	struct cmap *m = cmap_get(rc, map, false, false);
	if (m)
		cmap_touch(rc, m);
}

bool cmap_unbind(struct running_config *rc, const char *ifname, const char *map)
{
	struct cmap_config *cc = rc->cmap;

	for (size_t i = 0; i < cc->nbindings; i++) {
		struct cmap_binding *b = &cc->bindings[i];
		if (strcmp(b->ifname, ifname) || (map && strcmp(b->map, map)))
			continue;
		struct cmap *m = cmap_get(rc, b->map, false, false);
		if (m)
			cmap_touch(rc, m);
		memmove(b, b + 1, (cc->nbindings - i - 1) * sizeof(*b));
		cc->nbindings--;
		cc->changes++;
		return true;
	}
	return false;
}

bool cmap_peer_parse(const char *text, struct cmap_peer *out)
{
	bool dotted_digits = true;

	memset(out, 0, sizeof(*out));
	for (const char *p = text; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			dotted_digits = false;
	snprintf(out->text, sizeof(out->text), "%s", text);
	if (inet_pton(AF_INET, text, &out->addr) == 1) {
		out->is_addr = true;
		return true;
	}
	/* Digits and dots that are no address are a typo, not a name. */
	return !dotted_digits;
}
