/* From entries to what the data plane can match: objects and object-groups expanded
 * into elements (the lines ASA's `show access-list` prints under an entry), and
 * elements into IPv4 selectors (prefix/netmask, protocol, port range). */
#include "running-config/acl_int.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

struct vec {
	void *v;
	size_t n, size;
};

static void *vec_push(struct vec *vec)
{
	vec->v = xrealloc(vec->v, (vec->n + 1) * vec->size);
	memset((char *)vec->v + vec->n * vec->size, 0, vec->size);
	return (char *)vec->v + vec->n++ * vec->size;
}

#define MAX_DEPTH 8

static void push_net(struct vec *out, uint32_t addr, uint32_t mask, bool widened)
{
	struct elem_addr *ea = vec_push(out);

	ea->kind = mask == 0xffffffffu ? ELEM_HOST : ELEM_NET;
	ea->a.s_addr = htonl(addr & mask);
	ea->b.s_addr = htonl(mask);
	ea->widened = widened;
}

/* IOS wildcard bits: contiguous ones at the bottom are a netmask; other ones
 * ("holes") split the entry, or widen it when there are too many (see acl.h). */
static void push_wildcard(struct vec *out, struct in_addr addr, struct in_addr wild)
{
	uint32_t w = ntohl(wild.s_addr), a = ntohl(addr.s_addr);
	uint32_t low = (w ^ (w + 1)) >> 1, holes = w & ~low;
	unsigned nholes = (unsigned)__builtin_popcount(holes);

	if (w == 0xffffffffu)
		low = w, holes = 0, nholes = 0;
	if (nholes == 0) {
		push_net(out, a, ~low, false);
		return;
	}
	if (nholes > ACL_SPLIT_BITS) {
		uint32_t cover = 0xffffffffu >> __builtin_clz(w);
		push_net(out, a, ~cover, true);
		return;
	}
	/* every combination of the hole bits: submask enumeration */
	for (uint32_t sub = holes;; sub = (sub - 1) & holes) {
		push_net(out, (a & ~w) | sub, ~low, false);
		if (!sub)
			break;
	}
}

static void push_named(struct vec *out, enum elem_addr_kind kind, const char *name)
{
	struct elem_addr *ea = vec_push(out);

	ea->kind = kind;
	ea->name = name;
}

static void expand_object(const struct acl_config *cfg, const char *name, struct vec *out)
{
	const struct net_object *o = objects_lookup((struct acl_config *)cfg, name);
	struct elem_addr *ea;

	if (!o) {
		push_named(out, ELEM_UNKNOWN, name);
		return;
	}
	switch (o->kind) {
	case NETOBJ_EMPTY:
		return;
	case NETOBJ_HOST:
		push_net(out, ntohl(o->a.s_addr), 0xffffffffu, false);
		return;
	case NETOBJ_SUBNET:
		push_net(out, ntohl(o->a.s_addr), ntohl(o->b.s_addr), false);
		return;
	case NETOBJ_RANGE:
		ea = vec_push(out);
		ea->kind = ELEM_RANGE;
		ea->a = o->a;
		ea->b = o->b;
		return;
	case NETOBJ_FQDN:
		push_named(out, ELEM_FQDN, o->fqdn);
		return;
	}
}

static void expand_group(const struct acl_config *cfg, const char *name, struct vec *out, int depth)
{
	const struct object_group *g = groups_lookup((struct acl_config *)cfg, name);

	if (!g || g->type != GROUP_NETWORK || depth > MAX_DEPTH) {
		push_named(out, ELEM_UNKNOWN, name);
		return;
	}
	for (size_t i = 0; i < g->nmembers; i++) {
		const struct group_member *m = &g->members[i];
		if (m->kind == MEMBER_HOST || m->kind == MEMBER_NET)
			push_net(out, ntohl(m->addr.s_addr), ntohl(m->mask.s_addr), false);
		else if (m->kind == MEMBER_OBJECT)
			expand_object(cfg, m->name, out);
		else if (m->kind == MEMBER_GROUP)
			expand_group(cfg, m->name, out, depth + 1);
	}
}

static void expand_addr(const struct acl_config *cfg, const struct acl_addr *a, struct vec *out)
{
	struct elem_addr *ea;

	switch (a->kind) {
	case ACL_ADDR_ANY:
	case ACL_ADDR_ANY4:
		ea = vec_push(out);
		ea->kind = ELEM_ANY;
		ea->any4 = a->kind == ACL_ADDR_ANY4;
		return;
	case ACL_ADDR_HOST:
		push_net(out, ntohl(a->addr.s_addr), 0xffffffffu, false);
		return;
	case ACL_ADDR_NET:
		push_wildcard(out, a->addr, a->wild);
		return;
	case ACL_ADDR_OBJECT:
		expand_object(cfg, a->name, out);
		return;
	case ACL_ADDR_GROUP:
		expand_group(cfg, a->name, out, 0);
		return;
	case ACL_ADDR_IFACE:
		push_named(out, ELEM_IFACE, a->name);
		return;
	}
}

static void push_service(struct vec *out, int proto, const struct port_match *sp, const struct port_match *dp,
			 int icmp_type, int icmp_code, bool known)
{
	struct elem_service *es = vec_push(out);

	es->proto = proto;
	if (sp)
		es->sport = *sp;
	if (dp)
		es->dport = *dp;
	es->icmp_type = icmp_type;
	es->icmp_code = icmp_code;
	es->known = known;
}

static void expand_service_group(const struct acl_config *cfg, const char *name, struct vec *out, int depth)
{
	const struct object_group *g = groups_lookup((struct acl_config *)cfg, name);

	if (!g || g->type == GROUP_NETWORK || depth > MAX_DEPTH) {
		push_service(out, PROTO_IP, NULL, NULL, -1, -1, false);
		return;
	}
	for (size_t i = 0; i < g->nmembers; i++) {
		const struct group_member *m = &g->members[i];
		if (m->kind == MEMBER_PROTO)
			push_service(out, m->proto, NULL, NULL, -1, -1, true);
		else if (m->kind == MEMBER_SERVICE)
			push_service(out, m->proto, &m->sport, &m->dport, m->icmp_type, -1, true);
		else if (m->kind == MEMBER_GROUP)
			expand_service_group(cfg, m->name, out, depth + 1);
	}
}

static void expand_service(const struct acl_config *cfg, const struct acl_entry *e, struct vec *out)
{
	if (e->proto_kind == ACL_PROTO_GROUP)
		expand_service_group(cfg, e->proto_name, out, 0);
	else if (e->proto_kind == ACL_PROTO_OBJECT)   /* `object service` is not modelled */
		push_service(out, PROTO_IP, NULL, NULL, -1, -1, false);
	else
		push_service(out, e->proto, &e->sport, &e->dport, e->icmp_type, e->icmp_code, true);
}

size_t acl_entry_elements(const struct acl_config *cfg, const struct acl *acl, const struct acl_entry *e,
			  struct acl_element **out, bool *uses_objects)
{
	/* an ASA standard list (split tunnel) names destinations, an IOS one sources */
	bool std_dst = e->kind == ACE_STANDARD && acl->family == ACL_FAMILY_ASA;
	struct vec src = { .size = sizeof(struct elem_addr) }, dst = { .size = sizeof(struct elem_addr) };
	struct vec svc = { .size = sizeof(struct elem_service) }, all = { .size = sizeof(struct acl_element) };
	static const struct acl_addr any = { .kind = ACL_ADDR_ANY };

	*uses_objects = e->proto_kind != ACL_PROTO_NUM || e->src.kind == ACL_ADDR_OBJECT ||
			e->src.kind == ACL_ADDR_GROUP || e->dst.kind == ACL_ADDR_OBJECT || e->dst.kind == ACL_ADDR_GROUP;
	expand_addr(cfg, std_dst ? &any : &e->src, &src);
	expand_addr(cfg, e->kind != ACE_STANDARD ? &e->dst : std_dst ? &e->src : &any, &dst);
	expand_service(cfg, e, &svc);
	for (size_t i = 0; i < src.n; i++)
		for (size_t k = 0; k < dst.n; k++)
			for (size_t m = 0; m < svc.n; m++) {
				struct acl_element *el = vec_push(&all);
				el->src = ((struct elem_addr *)src.v)[i];
				el->dst = ((struct elem_addr *)dst.v)[k];
				el->svc = ((struct elem_service *)svc.v)[m];
			}
	free(src.v);
	free(dst.v);
	free(svc.v);
	*out = all.v;
	return all.n;
}

/* ---- selectors ---- */

struct prefix {
	uint32_t addr, mask;
};

/* An element address as prefixes; false when it has no IPv4 value. */
static bool addr_prefixes(const struct elem_addr *ea, struct vec *out)
{
	struct prefix *p;

	switch (ea->kind) {
	case ELEM_ANY:
		vec_push(out);          /* a zeroed prefix: 0.0.0.0/0 */
		return true;
	case ELEM_HOST:
	case ELEM_NET:
		p = vec_push(out);
		p->addr = ntohl(ea->a.s_addr);
		p->mask = ntohl(ea->b.s_addr);
		return true;
	case ELEM_RANGE: {
		/* the smallest set of aligned blocks that covers first..last */
		uint64_t lo = ntohl(ea->a.s_addr), hi = ntohl(ea->b.s_addr);
		while (lo <= hi) {
			uint64_t size = lo ? (lo & -lo) : (1ull << 32);
			while (lo + size - 1 > hi)
				size >>= 1;
			p = vec_push(out);
			p->addr = (uint32_t)lo;
			p->mask = (uint32_t)~(size - 1);
			lo += size;
		}
		return true;
	}
	default:
		return false;
	}
}

struct range16 {
	uint16_t lo, hi;
};

static size_t port_ranges(const struct port_match *pm, struct range16 out[2])
{
	switch (pm->op) {
	case PORT_ANY:
		out[0] = (struct range16){ 0, 65535 };
		return 1;
	case PORT_EQ:
		out[0] = (struct range16){ pm->lo, pm->lo };
		return 1;
	case PORT_LT:
		if (pm->lo == 0)
			return 0;
		out[0] = (struct range16){ 0, (uint16_t)(pm->lo - 1) };
		return 1;
	case PORT_GT:
		if (pm->lo == 65535)
			return 0;
		out[0] = (struct range16){ (uint16_t)(pm->lo + 1), 65535 };
		return 1;
	case PORT_RANGE:
		out[0] = (struct range16){ pm->lo, pm->hi };
		return 1;
	case PORT_NEQ: {
		size_t n = 0;
		if (pm->lo > 0)
			out[n++] = (struct range16){ 0, (uint16_t)(pm->lo - 1) };
		if (pm->lo < 65535)
			out[n++] = (struct range16){ (uint16_t)(pm->lo + 1), 65535 };
		return n;
	}
	}
	return 0;
}

static void element_selectors(const struct acl_entry *e, unsigned index, unsigned element,
			      const struct acl_element *el, struct acl_selectors *out, struct vec *sels)
{
	struct vec src = { .size = sizeof(struct prefix) }, dst = { .size = sizeof(struct prefix) };
	struct range16 sp[2], dp[2];
	size_t nsp, ndp;
	int protos[2] = { el->svc.proto, -1000 };
	unsigned flags = (el->src.widened || el->dst.widened) ? ACL_SEL_WIDENED : 0;

	if (!el->svc.known || !addr_prefixes(&el->src, &src) || !addr_prefixes(&el->dst, &dst)) {
		out->unresolved++;
		goto done;
	}
	if (el->svc.proto == PROTO_TCP_UDP)
		protos[0] = 6, protos[1] = 17;
	nsp = port_ranges(&el->svc.sport, sp);
	ndp = port_ranges(&el->svc.dport, dp);
	for (size_t pi = 0; pi < 2 && protos[pi] != -1000; pi++)
		for (size_t i = 0; i < src.n; i++)
			for (size_t k = 0; k < dst.n; k++)
				for (size_t a = 0; a < nsp; a++)
					for (size_t b = 0; b < ndp; b++) {
						const struct prefix *s = &((struct prefix *)src.v)[i];
						const struct prefix *d = &((struct prefix *)dst.v)[k];
						struct acl_selector *sel = vec_push(sels);
						sel->permit = e->permit;
						sel->src.s_addr = htonl(s->addr);
						sel->src_mask.s_addr = htonl(s->mask);
						sel->dst.s_addr = htonl(d->addr);
						sel->dst_mask.s_addr = htonl(d->mask);
						sel->proto = protos[pi];
						sel->sport_lo = sp[a].lo;
						sel->sport_hi = sp[a].hi;
						sel->dport_lo = dp[b].lo;
						sel->dport_hi = dp[b].hi;
						sel->icmp_type = el->svc.icmp_type;
						sel->icmp_code = el->svc.icmp_code;
						sel->entry_index = index;
						sel->element = element;
						sel->flags = flags;
					}
done:
	free(src.v);
	free(dst.v);
}

bool acl_expand(const struct running_config *rc, const char *name, struct acl_selectors *out)
{
	const struct acl *acl = acl_find(rc, name);
	struct vec sels = { .size = sizeof(struct acl_selector) };

	memset(out, 0, sizeof(*out));
	if (!acl)
		return false;
	for (size_t i = 0; i < acl->nentries; i++) {
		const struct acl_entry *e = &acl->entries[i];
		struct acl_element *els;
		bool objs;
		size_t n;

		if (e->kind == ACE_REMARK || e->inactive)
			continue;
		n = acl_entry_elements(acl_cfg(rc), acl, e, &els, &objs);
		for (size_t k = 0; k < n; k++)
			element_selectors(e, (unsigned)i, (unsigned)k, &els[k], out, &sels);
		free(els);
	}
	out->v = sels.v;
	out->n = sels.n;
	return true;
}

void acl_selectors_free(struct acl_selectors *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}
