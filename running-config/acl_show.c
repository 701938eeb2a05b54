/* `show access-list [NAME]` (ASA) and `show access-lists [N|NAME]` /
 * `show ip access-lists` (IOS): the configured entries with their hit counters;
 * ASA also prints each object/object-group entry expanded, one line per element. */
#include "running-config/acl_int.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- IOS ---- */

static void show_ios_acl(const struct acl *acl, struct strbuf *out)
{
	bool standard = acl->family == ACL_FAMILY_STANDARD;

	if (acl->family == ACL_FAMILY_ASA) {
		standard = acl->nentries > 0;
		for (size_t k = 0; k < acl->nentries; k++)
			standard &= acl->entries[k].kind != ACE_EXTENDED;
	}
	sb_printf(out, "%s IP access list %s\n", standard ? "Standard" : "Extended", acl->name);
	for (size_t k = 0; k < acl->nentries; k++) {
		const struct acl_entry *e = &acl->entries[k];
		if (e->kind == ACE_REMARK)   /* remarks are not shown */
			continue;
		sb_printf(out, "    %u ", e->seq ? e->seq : (unsigned)(k + 1) * 10);
		acl_entry_text(GP_IOS, e, ACE_STYLE_SHOW, out);
		if (e->hits)
			sb_printf(out, " (%" PRIu64 " match%s)", e->hits, e->hits == 1 ? "" : "es");
		sb_addc(out, '\n');
	}
}

/* ---- ASA ---- */

static void elem_addr_text(const struct elem_addr *ea, struct strbuf *out)
{
	char b1[INET_ADDRSTRLEN], b2[INET_ADDRSTRLEN];

	switch (ea->kind) {
	case ELEM_ANY:
		sb_add(out, ea->any4 ? "any4" : "any");
		break;
	case ELEM_HOST:
		sb_printf(out, "host %s", inet_ntop(AF_INET, &ea->a, b1, sizeof(b1)));
		break;
	case ELEM_NET:
		sb_printf(out, "%s %s", inet_ntop(AF_INET, &ea->a, b1, sizeof(b1)), inet_ntop(AF_INET, &ea->b, b2, sizeof(b2)));
		break;
	case ELEM_RANGE:
		sb_printf(out, "range %s %s", inet_ntop(AF_INET, &ea->a, b1, sizeof(b1)),
			  inet_ntop(AF_INET, &ea->b, b2, sizeof(b2)));
		break;
	case ELEM_FQDN:
		sb_printf(out, "fqdn %s (unresolved)", ea->name);
		break;
	case ELEM_IFACE:
		sb_printf(out, "interface %s", ea->name);
		break;
	case ELEM_UNKNOWN:
		sb_printf(out, "%s (unresolved)", ea->name);
		break;
	}
}

static bool elem_resolved(const struct acl_element *el)
{
	return el->svc.known && el->src.kind != ELEM_FQDN && el->src.kind != ELEM_UNKNOWN &&
	       el->dst.kind != ELEM_FQDN && el->dst.kind != ELEM_UNKNOWN;
}

/* One expanded line, without the counters: "extended permit tcp host A any eq www log ..." */
static void element_text(const struct acl_entry *e, const struct acl_element *el, int proto, struct strbuf *out)
{
	struct acl_entry tmp;
	const char *pname = proto == PROTO_IP ? "ip" : proto_name(GP_ASA, proto);

	sb_printf(out, "%s %s ", e->kind == ACE_STANDARD ? "standard" : "extended", e->permit ? "permit" : "deny");
	if (e->kind != ACE_STANDARD) {
		if (pname)
			sb_printf(out, "%s ", pname);
		else
			sb_printf(out, "%d ", proto);
		elem_addr_text(&el->src, out);
		if (el->svc.sport.op != PORT_ANY) {
			sb_addc(out, ' ');
			acl_port_text(GP_ASA, proto, &el->svc.sport, out);
		}
		sb_addc(out, ' ');
	}
	elem_addr_text(&el->dst, out);
	if (el->svc.dport.op != PORT_ANY) {
		sb_addc(out, ' ');
		acl_port_text(GP_ASA, proto, &el->svc.dport, out);
	}
	/* the entry's own options, with the element's ICMP type */
	tmp = *e;
	tmp.icmp_type = el->svc.icmp_type;
	tmp.icmp_code = el->svc.icmp_code;
	tmp.established = false;
	acl_entry_options_text(GP_ASA, &tmp, ACE_STYLE_SHOW, out);
}

static void show_children(const struct acl *acl, size_t line, const struct acl_entry *e, const struct acl_element *els,
			  size_t n, uint32_t parent_hash, struct strbuf *out)
{
	for (size_t k = 0; k < n; k++) {
		int protos[2] = { els[k].svc.proto, -1000 };
		uint64_t hits = k < e->nelement_hits ? e->element_hits[k] : 0;
		if (els[k].svc.proto == PROTO_TCP_UDP)
			protos[0] = 6, protos[1] = 17;
		for (size_t p = 0; p < 2 && protos[p] != -1000; p++) {
			struct strbuf text;
			sb_init(&text);
			element_text(e, &els[k], protos[p], &text);
			sb_printf(out, "  access-list %s line %zu %s", acl->name, line, text.s);
			if (elem_resolved(&els[k]))
				sb_printf(out, " (hitcnt=%" PRIu64 ")", n == 1 ? e->hits : hits);
			if (!elem_resolved(&els[k]) || e->inactive)
				sb_add(out, " (inactive)");
			/* a single element is the entry itself: same hash, as on the device */
			sb_printf(out, " 0x%08x\n", n == 1 ? parent_hash : acl_hash(text.s));
			sb_free(&text);
		}
	}
}

static void show_asa_acl(const struct acl_config *cfg, const struct acl *acl, struct strbuf *out)
{
	struct strbuf body, text;
	size_t elements = 0;

	sb_init(&body);
	sb_init(&text);
	for (size_t k = 0; k < acl->nentries; k++) {
		const struct acl_entry *e = &acl->entries[k];
		struct acl_element *els = NULL;
		bool objs = false;
		size_t n = 0;
		uint32_t hash;

		sb_reset(&text);
		acl_entry_text(GP_ASA, e, ACE_STYLE_CONFIG, &text);
		if (e->kind == ACE_REMARK) {
			sb_printf(&body, "access-list %s line %zu %s\n", acl->name, k + 1, text.s);
			continue;
		}
		n = acl_entry_elements(cfg, acl, e, &els, &objs);
		elements += objs ? n : 1;
		hash = acl_hash(text.s);
		sb_reset(&text);
		acl_entry_text(GP_ASA, e, ACE_STYLE_SHOW, &text);
		sb_printf(&body, "access-list %s line %zu %s (hitcnt=%" PRIu64 ")%s 0x%08x\n", acl->name, k + 1, text.s,
			  e->hits, e->inactive ? " (inactive)" : "", hash);
		if (objs)
			show_children(acl, k + 1, e, els, n, hash, &body);
		free(els);
	}
	sb_printf(out, "access-list %s; %zu elements; name hash: 0x%08x\n", acl->name, elements, acl_hash(acl->name));
	sb_add(out, body.s ? body.s : "");
	sb_free(&body);
	sb_free(&text);
}

void acl_show(const struct running_config *rc, enum grammar_personality p, const char *name, struct strbuf *out)
{
	const struct acl_config *cfg = acl_cfg(rc);

	if (!cfg)
		return;
	if (p == GP_ASA && !name)
		sb_add(out, "access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)\n"
			    "            alert-interval 300\n");
	for (size_t i = 0; i < cfg->nacls; i++) {
		if (name && strcmp(name, cfg->acls[i]->name))
			continue;
		if (p == GP_IOS)
			show_ios_acl(cfg->acls[i], out);
		else
			show_asa_acl(cfg, cfg->acls[i], out);
	}
}
