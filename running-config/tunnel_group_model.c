/* The tunnel-group / group-policy / sysopt model and its ASA renderers
 * (../reference/cisco-grammar.md §10). Grammar and handlers: tunnel_group.c. */
#include "running-config/tunnel_group.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tgroup_model_init(struct running_config *rc)
{
	rc->tgroup = xcalloc(1, sizeof(*rc->tgroup));
	rc->tgroup->permit_vpn = true;
}

static void gpolicy_free_lines(struct gpolicy *gp)
{
	for (size_t i = 0; i < gp->nlines; i++)
		free(gp->lines[i].text);
	free(gp->lines);
	gp->lines = NULL;
	gp->nlines = 0;
}

void tgroup_model_fini(struct running_config *rc)
{
	struct tgroup_config *tc = rc->tgroup;

	if (!tc)
		return;
	for (size_t i = 0; i < tc->npolicies; i++)
		gpolicy_free_lines(&tc->policies[i]);
	free(tc->policies);
	/* Keys are secrets: wipe them before the memory goes back. */
	if (tc->groups)
		memset(tc->groups, 0, tc->ngroups * sizeof(*tc->groups));
	free(tc->groups);
	free(tc);
	rc->tgroup = NULL;
}

/* ---- tunnel-groups ---- */

const struct tgroup *tgroup_find(const struct running_config *rc, const char *name)
{
	for (size_t i = 0; i < rc->tgroup->ngroups; i++)
		if (!strcmp(rc->tgroup->groups[i].name, name))
			return &rc->tgroup->groups[i];
	return NULL;
}

struct tgroup *tgroup_get(struct running_config *rc, const char *name, bool create)
{
	struct tgroup_config *tc = rc->tgroup;
	struct tgroup *tg = (struct tgroup *)tgroup_find(rc, name);

	if (tg || !create)
		return tg;
	tc->groups = xrealloc(tc->groups, (tc->ngroups + 1) * sizeof(*tc->groups));
	tg = &tc->groups[tc->ngroups++];
	memset(tg, 0, sizeof(*tg));
	snprintf(tg->name, sizeof(tg->name), "%s", name);
	tc->changes++;
	return tg;
}

void tgroup_delete(struct running_config *rc, const char *name)
{
	struct tgroup_config *tc = rc->tgroup;
	struct tgroup *tg = tgroup_get(rc, name, false);

	if (!tg)
		return;
	memset(tg, 0, sizeof(*tg));
	memmove(tg, tg + 1, (size_t)(tc->groups + tc->ngroups - (tg + 1)) * sizeof(*tg));
	tc->ngroups--;
	tc->changes++;
}

const struct tgroup *tgroup_for_peer(const struct running_config *rc, struct in_addr peer)
{
	char text[INET_ADDRSTRLEN];
	const struct tgroup *tg;

	inet_ntop(AF_INET, &peer, text, sizeof(text));
	tg = tgroup_find(rc, text);
	if (tg)
		return tg;
	tg = tgroup_find(rc, TG_DEFAULT_L2L);
	return tg && tg->psk[0] ? tg : NULL;
}

static uint32_t default_threshold(const struct tgroup *tg)
{
	return tg->type == TG_TYPE_RA ? 300 : 10;
}

bool tgroup_dpd(const struct tgroup *tg, uint32_t *threshold_s, uint32_t *retry_s)
{
	*threshold_s = tg->keepalive_threshold ? tg->keepalive_threshold : default_threshold(tg);
	*retry_s = tg->keepalive_retry ? tg->keepalive_retry : 2;
	return !tg->keepalive_disabled;
}

bool tgroup_permit_vpn(const struct running_config *rc)
{
	return rc->tgroup->permit_vpn;
}

/* ---- group-policies ---- */

const struct gpolicy *gpolicy_find(const struct running_config *rc, const char *name)
{
	for (size_t i = 0; i < rc->tgroup->npolicies; i++)
		if (!strcmp(rc->tgroup->policies[i].name, name))
			return &rc->tgroup->policies[i];
	return NULL;
}

struct gpolicy *gpolicy_get(struct running_config *rc, const char *name, bool create)
{
	struct tgroup_config *tc = rc->tgroup;
	struct gpolicy *gp = (struct gpolicy *)gpolicy_find(rc, name);

	if (gp || !create)
		return gp;
	tc->policies = xrealloc(tc->policies, (tc->npolicies + 1) * sizeof(*tc->policies));
	gp = &tc->policies[tc->npolicies++];
	memset(gp, 0, sizeof(*gp));
	snprintf(gp->name, sizeof(gp->name), "%s", name);
	tc->changes++;
	return gp;
}

void gpolicy_delete(struct running_config *rc, const char *name)
{
	struct tgroup_config *tc = rc->tgroup;
	struct gpolicy *gp = gpolicy_get(rc, name, false);

	if (!gp)
		return;
	gpolicy_free_lines(gp);
	memmove(gp, gp + 1, (size_t)(tc->policies + tc->npolicies - (gp + 1)) * sizeof(*gp));
	tc->npolicies--;
	tc->changes++;
}

static bool line_has_head(const struct gp_line *l, const char *head, int depth)
{
	size_t n = strlen(head);

	return l->depth == depth && !strncmp(l->text, head, n) && (l->text[n] == ' ' || l->text[n] == '\0');
}

/* depth 1 lines replace the line with the same head; depth 2 (webvpn) lines are kept
 * apart unless identical, since several `anyconnect ...` lines share a head. */
void gpolicy_line_set(struct gpolicy *gp, const char *head, const char *text, int depth)
{
	size_t i;

	for (i = 0; i < gp->nlines; i++) {
		const struct gp_line *l = &gp->lines[i];
		if (depth == 1 ? line_has_head(l, head, depth) : (l->depth == depth && text && !strcmp(l->text, text)))
			break;
	}
	if (i < gp->nlines && !text) {
		/* Removing `webvpn` takes its block with it. */
		size_t end = i + 1;
		while (!strcmp(head, "webvpn") && end < gp->nlines && gp->lines[end].depth > 1)
			end++;
		for (size_t k = i; k < end; k++)
			free(gp->lines[k].text);
		memmove(&gp->lines[i], &gp->lines[end], (gp->nlines - end) * sizeof(gp->lines[0]));
		gp->nlines -= end - i;
		if (gp->protocols_pos > i)
			gp->protocols_pos -= gp->protocols_pos >= end ? end - i : gp->protocols_pos - i;
		return;
	}
	if (!text)
		return;
	if (i < gp->nlines) {
		free(gp->lines[i].text);
		gp->lines[i].text = xstrdup(text);
		return;
	}
	gp->lines = xrealloc(gp->lines, (gp->nlines + 1) * sizeof(gp->lines[0]));
	gp->lines[gp->nlines++] = (struct gp_line){ xstrdup(text), depth };
}

/* ---- renderers ---- */

static const char *secret(const struct render_ctx *ctx, const char *key)
{
	return ctx->mode == RENDER_SAVE ? key : "*****";
}

static void render_general(const struct tgroup *tg, struct strbuf *out)
{
	if (!tg->address_pool[0] && !tg->auth_server_group[0] && !tg->default_group_policy[0])
		return;
	sb_printf(out, "tunnel-group %s general-attributes\n", tg->name);
	if (tg->address_pool[0])
		sb_printf(out, " address-pool %s\n", tg->address_pool);
	if (tg->auth_server_group[0])
		sb_printf(out, " authentication-server-group %s\n", tg->auth_server_group);
	if (tg->default_group_policy[0])
		sb_printf(out, " default-group-policy %s\n", tg->default_group_policy);
}

static bool keepalive_default(const struct tgroup *tg)
{
	return !tg->keepalive_disabled && (!tg->keepalive_threshold || tg->keepalive_threshold == default_threshold(tg)) &&
	       (!tg->keepalive_retry || tg->keepalive_retry == 2);
}

static void render_ipsec(const struct tgroup *tg, const struct render_ctx *ctx, struct strbuf *out)
{
	static const char *const peer_id_words[] = { "req", "cert", "nocheck" };

	if (!tg->psk[0] && keepalive_default(tg) && tg->peer_id_validate == TG_PEER_ID_REQ && !tg->trust_point[0] &&
	    !tg->user_auth_none && !tg->ikev2_remote_psk[0] && !tg->ikev2_local_psk[0])
		return;
	sb_printf(out, "tunnel-group %s ipsec-attributes\n", tg->name);
	if (tg->psk[0])
		sb_printf(out, " ikev1 pre-shared-key %s\n", secret(ctx, tg->psk));
	if (tg->peer_id_validate != TG_PEER_ID_REQ)
		sb_printf(out, " peer-id-validate %s\n", peer_id_words[tg->peer_id_validate]);
	if (tg->trust_point[0])
		sb_printf(out, " ikev1 trust-point %s\n", tg->trust_point);
	if (tg->user_auth_none)
		sb_add(out, " ikev1 user-authentication none\n");
	if (tg->keepalive_disabled)
		sb_add(out, " isakmp keepalive disable\n");
	else if (!keepalive_default(tg))
		sb_printf(out, " isakmp keepalive threshold %u retry %u\n",
			  tg->keepalive_threshold ? tg->keepalive_threshold : default_threshold(tg),
			  tg->keepalive_retry ? tg->keepalive_retry : 2);
	if (tg->ikev2_remote_psk[0])
		sb_printf(out, " ikev2 remote-authentication pre-shared-key %s\n", secret(ctx, tg->ikev2_remote_psk));
	if (tg->ikev2_local_psk[0])
		sb_printf(out, " ikev2 local-authentication pre-shared-key %s\n", secret(ctx, tg->ikev2_local_psk));
}

void tgroup_render(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	static const char *const type_words[] = { NULL, "ipsec-l2l", "remote-access", "webvpn" };
	const struct tgroup_config *tc = rc->tgroup;

	if (ctx->personality != GP_ASA)
		return;
	for (size_t i = 0; i < tc->ngroups; i++) {
		const struct tgroup *tg = &tc->groups[i];
		if (ctx->filter_name && strcmp(ctx->filter_name, tg->name))
			continue;
		if (tg->type != TG_TYPE_NONE)
			sb_printf(out, "tunnel-group %s type %s\n", tg->name, type_words[tg->type]);
		render_general(tg, out);
		render_ipsec(tg, ctx, out);
	}
}

static void render_protocols(const struct gpolicy *gp, struct strbuf *out)
{
	static const char *const words[] = { "ikev1", "ikev2", "l2tp-ipsec", "ssl-client", "ssl-clientless" };

	sb_add(out, " vpn-tunnel-protocol");
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (gp->protocols & (1u << i))
			sb_printf(out, " %s", words[i]);
	sb_addc(out, '\n');
}

void gpolicy_render(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct tgroup_config *tc = rc->tgroup;

	if (ctx->personality != GP_ASA)
		return;
	for (size_t i = 0; i < tc->npolicies; i++) {
		const struct gpolicy *gp = &tc->policies[i];
		if (ctx->filter_name && strcmp(ctx->filter_name, gp->name))
			continue;
		if (gp->kind == GP_KIND_INTERNAL)
			sb_printf(out, "group-policy %s internal\n", gp->name);
		else if (gp->kind == GP_KIND_EXTERNAL)
			sb_printf(out, "group-policy %s external %s\n", gp->name, gp->external);
		if (!gp->nlines && !gp->protocols)
			continue;
		sb_printf(out, "group-policy %s attributes\n", gp->name);
		for (size_t k = 0; k <= gp->nlines; k++) {
			if (gp->protocols && k == gp->protocols_pos)
				render_protocols(gp, out);
			if (k < gp->nlines)
				sb_printf(out, "%*s%s\n", gp->lines[k].depth, "", gp->lines[k].text);
		}
	}
}

void sysopt_render(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct tgroup_config *tc = rc->tgroup;

	if (ctx->personality != GP_ASA || ctx->filter_name)
		return;
	if (tc->tcpmss)
		sb_printf(out, "sysopt connection tcpmss %u\n", tc->tcpmss);
	if (tc->preserve_vpn_flows)
		sb_add(out, "sysopt connection preserve-vpn-flows\n");
	if (!tc->permit_vpn)
		sb_add(out, "no sysopt connection permit-vpn\n");
	else if (ctx->mode == RENDER_ALL)
		sb_add(out, "sysopt connection permit-vpn\n");
}
