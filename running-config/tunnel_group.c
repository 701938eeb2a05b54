/* ASA tunnel-group, group-policy and sysopt commands (../reference/cisco-grammar.md §10).
 * Model and renderers: tunnel_group_model.c. */
#include "running-config/tunnel_group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "running-config/area.h"
#include "shell/session.h"

static void touch(struct session *s)
{
	session_config(s)->tgroup->changes++;
}

/* ---- tunnel-group ---- */

static int cmd_tg_type(struct session *s, const struct cmd_args *a, bool no)
{
	struct running_config *rc = session_config(s);
	const char *t;
	struct tgroup *tg;

	if (no) {
		tgroup_delete(rc, arg_str(a, "name"));
		return CMD_SUCCESS;
	}
	t = arg_str(a, "t");
	tg = tgroup_get(rc, arg_str(a, "name"), true);
	/* ipsec-ra is the pre-8.0 spelling of remote-access. */
	tg->type = !strcmp(t, "ipsec-l2l") ? TG_TYPE_L2L : !strcmp(t, "webvpn") ? TG_TYPE_WEBVPN : TG_TYPE_RA;
	touch(s);
	return CMD_SUCCESS;
}

static int cmd_tg_enter(struct session *s, const struct cmd_args *a, bool no)
{
	UNUSED(no);
	/* The built-in groups (DefaultL2LGroup...) take attributes without a `type` line. */
	tgroup_get(session_config(s), arg_str(a, "name"), true);
	session_set_ctx(s, "tunnel-group", arg_str(a, "name"));
	return CMD_SUCCESS;
}

static struct tgroup *current_tg(struct session *s)
{
	return tgroup_get(session_config(s), session_ctx(s, "tunnel-group"), true);
}

static int cmd_tg_general(struct session *s, const struct cmd_args *a, bool no)
{
	struct tgroup *tg = current_tg(s);
	char *field = arg_has(a, "gp") ? tg->default_group_policy
		    : arg_has(a, "pool") ? tg->address_pool : tg->auth_server_group;
	const char *value = arg_has(a, "value") ? arg_str(a, "value") : "";

	snprintf(field, TG_NAME_MAX, "%s", no ? "" : value);
	touch(s);
	return CMD_SUCCESS;
}

static int cmd_tg_psk(struct session *s, const struct cmd_args *a, bool no)
{
	struct tgroup *tg = current_tg(s);
	char *field = !arg_has(a, "v2") ? tg->psk : arg_has(a, "remote") ? tg->ikev2_remote_psk : tg->ikev2_local_psk;
	const char *key = arg_str(a, "key");

	if (!no && strlen(key) > TG_PSK_MAX) {
		cli_error(s, "Pre-shared key is longer than %d characters\n", TG_PSK_MAX);
		return CMD_WARNING;
	}
	memset(field, 0, TG_PSK_MAX + 1);
	if (!no)
		memcpy(field, key, strlen(key));
	touch(s);
	return CMD_SUCCESS;
}

static int cmd_tg_keepalive(struct session *s, const struct cmd_args *a, bool no)
{
	struct tgroup *tg = current_tg(s);

	tg->keepalive_disabled = !no && arg_has(a, "disable");
	tg->keepalive_threshold = no || tg->keepalive_disabled ? 0 : (uint32_t)arg_num(a, "thr", 0);
	tg->keepalive_retry = no || tg->keepalive_disabled ? 0 : (uint32_t)arg_num(a, "retry", 0);
	touch(s);
	return CMD_SUCCESS;
}

static int cmd_tg_peer_id(struct session *s, const struct cmd_args *a, bool no)
{
	struct tgroup *tg = current_tg(s);
	const char *v = no ? "req" : arg_str(a, "v");

	tg->peer_id_validate = !strcmp(v, "cert") ? TG_PEER_ID_CERT : !strcmp(v, "nocheck") ? TG_PEER_ID_NOCHECK
										  : TG_PEER_ID_REQ;
	touch(s);
	return CMD_SUCCESS;
}

static int cmd_tg_ikev1_misc(struct session *s, const struct cmd_args *a, bool no)
{
	struct tgroup *tg = current_tg(s);

	if (arg_has(a, "tpkw"))
		snprintf(tg->trust_point, sizeof(tg->trust_point), "%s", no || !arg_has(a, "tp") ? "" : arg_str(a, "tp"));
	else
		tg->user_auth_none = !no;
	touch(s);
	return CMD_SUCCESS;
}

/* ---- group-policy ---- */

static int cmd_gp(struct session *s, const struct cmd_args *a, bool no)
{
	struct running_config *rc = session_config(s);
	struct gpolicy *gp;

	if (no) {
		gpolicy_delete(rc, arg_str(a, "name"));
		return CMD_SUCCESS;
	}
	gp = gpolicy_get(rc, arg_str(a, "name"), true);
	if (arg_has(a, "internal")) {
		gp->kind = GP_KIND_INTERNAL;
	} else {
		gp->kind = GP_KIND_EXTERNAL;
		snprintf(gp->external, sizeof(gp->external), "server-group %s%s%s", arg_str(a, "sg"),
			 arg_has(a, "pw") ? " password " : "", arg_has(a, "pw") ? arg_str(a, "pw") : "");
	}
	touch(s);
	return CMD_SUCCESS;
}

static int cmd_gp_attributes(struct session *s, const struct cmd_args *a, bool no)
{
	UNUSED(no);
	gpolicy_get(session_config(s), arg_str(a, "name"), true)->has_attributes = true;
	session_set_ctx(s, "group-policy", arg_str(a, "name"));
	return CMD_SUCCESS;
}

static struct gpolicy *current_gp(struct session *s)
{
	return gpolicy_get(session_config(s), session_ctx(s, "group-policy"), true);
}

static int cmd_gp_protocols(struct session *s, const struct cmd_args *a, bool no)
{
	static const struct { const char *word; unsigned bit; } words[] = {
		{ "ikev1", GP_PROTO_IKEV1 }, { "IPSec", GP_PROTO_IKEV1 }, { "ikev2", GP_PROTO_IKEV2 },
		{ "l2tp-ipsec", GP_PROTO_L2TP }, { "ssl-client", GP_PROTO_SSL_CLIENT }, { "svc", GP_PROTO_SSL_CLIENT },
		{ "ssl-clientless", GP_PROTO_SSL_CLIENTLESS }, { "webvpn", GP_PROTO_SSL_CLIENTLESS },
	};
	struct gpolicy *gp = current_gp(s);
	unsigned bits = 0;

	for (size_t i = 0; i < arg_count(a, "p"); i++)
		for (size_t k = 0; k < ARRAY_SIZE(words); k++)
			if (!strcmp(arg_nth(a, "p", i), words[k].word))
				bits |= words[k].bit;
	if (!gp->protocols)
		gp->protocols_pos = gp->nlines;
	gp->protocols = no ? 0 : bits;
	touch(s);
	return CMD_SUCCESS;
}

/* Attributes outside the VPN model, kept as typed: `head rest-of-line`. */
static int cmd_gp_verbatim(struct session *s, const struct cmd_args *a, bool no)
{
	struct gpolicy *gp = current_gp(s);
	const char *head = arg_str(a, "head");
	bool nested = !strcmp(head, "anyconnect");
	char *text = arg_has(a, "rest") ? xasprintf("%s %s", head, arg_str(a, "rest")) : xstrdup(head);

	gpolicy_line_set(gp, head, no && !nested ? NULL : text, nested ? 2 : 1);
	if (no && nested) {
		/* `no anyconnect ...` removes that exact line. */
		for (size_t i = 0; i < gp->nlines; i++)
			if (gp->lines[i].depth == 2 && !strcmp(gp->lines[i].text, text)) {
				free(gp->lines[i].text);
				memmove(&gp->lines[i], &gp->lines[i + 1], (gp->nlines - i - 1) * sizeof(gp->lines[0]));
				gp->nlines--;
				break;
			}
	}
	free(text);
	touch(s);
	return CMD_SUCCESS;
}

/* ---- sysopt ---- */

static int cmd_sysopt(struct session *s, const struct cmd_args *a, bool no)
{
	struct tgroup_config *tc = session_config(s)->tgroup;

	if (arg_has(a, "permit"))
		tc->permit_vpn = !no;
	else if (arg_has(a, "preserve"))
		tc->preserve_vpn_flows = !no;
	else
		tc->tcpmss = no ? 0 : (uint32_t)arg_num(a, "mss", 0);
	/* 1380 is the default MSS: hidden. */
	if (tc->tcpmss == 1380)
		tc->tcpmss = 0;
	touch(s);
	return CMD_SUCCESS;
}

/* ---- grammar ---- */

#define TG "tunnel-group WORD$name "
#define TG_HELP "\nName of tunnel group\n"
#define PROTO "<IPSec$p|ikev1$p|ikev2$p|l2tp-ipsec$p|ssl-client$p|ssl-clientless$p|svc$p|webvpn$p>"
#define PROTO_HELP "IPsec IKEv1 (legacy name)\nIPsec IKEv1\nIPsec IKEv2\nL2TP over IPsec\nSSL VPN client\n" \
	"SSL VPN clientless\nSSL VPN client (legacy name)\nSSL VPN clientless (legacy name)\n"
#define VERBATIM(head, help) \
	{ NODE_GROUP_POLICY, head "$head LINE$rest", help "\nValue\n", cmd_gp_verbatim, NODE_NONE, F_ASA | F_NO }, \
	{ NODE_GROUP_POLICY, head "$head", help "\n", cmd_gp_verbatim, NODE_NONE, F_ASA | F_NO_ONLY }

static const struct command tgroup_cmds[] = {
	{ NODE_CONFIG, TG "type <ipsec-l2l$t|ipsec-ra$t|remote-access$t|webvpn$t>",
	  TG_HELP "Enter the type of this group\nIPSec Site to Site group\nIPSec Remote Access group (deprecated)\n"
	  "Remote access group\nWebVPN group (deprecated)\n", cmd_tg_type, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "tunnel-group WORD$name", TG_HELP, cmd_tg_type, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, TG "general-attributes", TG_HELP "Enter the general-attributes sub command mode\n", cmd_tg_enter,
	  NODE_TUNNEL_GENERAL, F_ASA },
	{ NODE_CONFIG, TG "ipsec-attributes", TG_HELP "Enter the ipsec-attributes sub command mode\n", cmd_tg_enter,
	  NODE_TUNNEL_IPSEC, F_ASA },
	/* general-attributes */
	{ NODE_TUNNEL_GENERAL, "default-group-policy$gp WORD$value", "Enter the name of the default group policy\n"
	  "Group policy name\n", cmd_tg_general, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_GENERAL, "default-group-policy$gp", "Enter the name of the default group policy\n", cmd_tg_general,
	  NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_TUNNEL_GENERAL, "address-pool$pool WORD$value", "Enter a list of address pools to assign addresses from\n"
	  "Address pool name\n", cmd_tg_general, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_GENERAL, "address-pool$pool", "Enter a list of address pools to assign addresses from\n",
	  cmd_tg_general, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_TUNNEL_GENERAL, "authentication-server-group WORD$value", "Enter name of the authentication server group\n"
	  "Server group name\n", cmd_tg_general, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_GENERAL, "authentication-server-group", "Enter name of the authentication server group\n",
	  cmd_tg_general, NODE_NONE, F_ASA | F_NO_ONLY },
	/* ipsec-attributes */
	{ NODE_TUNNEL_IPSEC, "ikev1 pre-shared-key WORD$key", "Configure IKEv1\nSet pre-shared key\nPre-shared key\n",
	  cmd_tg_psk, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_IPSEC, "ikev1 pre-shared-key", "Configure IKEv1\nSet pre-shared key\n", cmd_tg_psk, NODE_NONE,
	  F_ASA | F_NO_ONLY },
	{ NODE_TUNNEL_IPSEC, "pre-shared-key WORD$key", "Set pre-shared key\nPre-shared key\n", cmd_tg_psk, NODE_NONE,
	  F_ASA | F_NO | F_HIDDEN },
	{ NODE_TUNNEL_IPSEC, "ikev2$v2 remote-authentication$remote pre-shared-key WORD$key",
	  "Configure IKEv2\nSet the remote authentication method\nUse a pre-shared key\nPre-shared key\n",
	  cmd_tg_psk, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_IPSEC, "ikev2$v2 local-authentication pre-shared-key WORD$key",
	  "Configure IKEv2\nSet the local authentication method\nUse a pre-shared key\nPre-shared key\n",
	  cmd_tg_psk, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_IPSEC, "isakmp keepalive threshold (10-3600)$thr retry (2-10)$retry",
	  "Set ISAKMP parameters\nSet keepalive (DPD) parameters\nSeconds of idle time before a DPD is sent\n"
	  "Seconds\nSeconds between DPD retries\nSeconds\n", cmd_tg_keepalive, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_IPSEC, "isakmp keepalive disable$disable", "Set ISAKMP parameters\nSet keepalive (DPD) parameters\n"
	  "Disable keepalives\n", cmd_tg_keepalive, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_IPSEC, "isakmp keepalive", "Set ISAKMP parameters\nSet keepalive (DPD) parameters\n",
	  cmd_tg_keepalive, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_TUNNEL_IPSEC, "peer-id-validate <cert$v|nocheck$v|req$v>", "Validate identity of the peer\n"
	  "If supported by certificate\nDo not check\nRequired\n", cmd_tg_peer_id, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_IPSEC, "ikev1 trust-point$tpkw WORD$tp", "Configure IKEv1\nSet the trustpoint\nTrustpoint name\n",
	  cmd_tg_ikev1_misc, NODE_NONE, F_ASA | F_NO },
	{ NODE_TUNNEL_IPSEC, "ikev1 trust-point$tpkw", "Configure IKEv1\nSet the trustpoint\n", cmd_tg_ikev1_misc,
	  NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_TUNNEL_IPSEC, "ikev1 user-authentication none", "Configure IKEv1\nSet user authentication method\n"
	  "No user authentication\n", cmd_tg_ikev1_misc, NODE_NONE, F_ASA | F_NO },
	/* group-policy */
	{ NODE_CONFIG, "group-policy WORD$name internal$internal", "Configure or remove a group policy\n"
	  "Group policy name\nEnter this keyword to specify an internal group policy\n", cmd_gp, NODE_NONE, F_ASA },
	{ NODE_CONFIG, "group-policy WORD$name external server-group WORD$sg [password WORD$pw]",
	  "Configure or remove a group policy\nGroup policy name\nEnter this keyword to specify an external group policy\n"
	  "Enter the AAA server group\nServer group name\nEnter the password\nPassword\n", cmd_gp, NODE_NONE, F_ASA },
	{ NODE_CONFIG, "group-policy WORD$name", "Configure or remove a group policy\nGroup policy name\n", cmd_gp,
	  NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, "group-policy WORD$name attributes", "Configure or remove a group policy\nGroup policy name\n"
	  "Enter the attributes sub-command mode\n", cmd_gp_attributes, NODE_GROUP_POLICY, F_ASA },
	{ NODE_GROUP_POLICY, "vpn-tunnel-protocol " PROTO " [" PROTO " [" PROTO " [" PROTO " [" PROTO "]]]]",
	  "Configure VPN tunneling protocols\n" PROTO_HELP PROTO_HELP PROTO_HELP PROTO_HELP PROTO_HELP,
	  cmd_gp_protocols, NODE_NONE, F_ASA | F_NO },
	{ NODE_GROUP_POLICY, "vpn-tunnel-protocol", "Configure VPN tunneling protocols\n", cmd_gp_protocols, NODE_NONE,
	  F_ASA | F_NO_ONLY },
	/* group-policy attributes found in real configurations, kept verbatim */
	VERBATIM("banner", "Set banner"),
	VERBATIM("default-domain", "Set default domain name"),
	VERBATIM("dns-server", "Set DNS servers"),
	VERBATIM("split-dns", "Set split DNS domains"),
	VERBATIM("split-tunnel-network-list", "Set split tunneling network list"),
	VERBATIM("split-tunnel-policy", "Set split tunneling policy"),
	VERBATIM("vpn-filter", "Set VPN filter"),
	VERBATIM("vpn-idle-timeout", "Set VPN idle timeout"),
	VERBATIM("vpn-session-timeout", "Set VPN session timeout"),
	VERBATIM("vpn-simultaneous-logins", "Set maximum simultaneous logins"),
	VERBATIM("wins-server", "Set WINS servers"),
	VERBATIM("address-pools", "Set address pools"),
	VERBATIM("password-storage", "Set password storage"),
	{ NODE_GROUP_POLICY, "webvpn$head", "Configure WebVPN attributes\n", cmd_gp_verbatim, NODE_NONE, F_ASA | F_NO },
	{ NODE_GROUP_POLICY, "anyconnect$head LINE$rest", "AnyConnect attributes (inside webvpn)\nValue\n",
	  cmd_gp_verbatim, NODE_NONE, F_ASA | F_NO | F_HIDDEN },
	/* sysopt */
	{ NODE_CONFIG, "sysopt connection permit-vpn$permit", "System options\nConfigure connection options\n"
	  "Permit any packets that come from an IPsec tunnel\n", cmd_sysopt, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "sysopt connection preserve-vpn-flows$preserve", "System options\nConfigure connection options\n"
	  "Preserve the flows of VPN tunnels\n", cmd_sysopt, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "sysopt connection tcpmss (48-65535)$mss", "System options\nConfigure connection options\n"
	  "Maximum TCP segment size\nBytes\n", cmd_sysopt, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "sysopt connection tcpmss", "System options\nConfigure connection options\nMaximum TCP segment size\n",
	  cmd_sysopt, NODE_NONE, F_ASA | F_NO_ONLY },
};

static const struct area_section tgroup_sections[] = {
	{ "sysopt", "sysopt", sysopt_render },
	{ "group-policy", "group-policy", gpolicy_render },
	{ "tunnel-group", "tunnel-group", tgroup_render },
};

const struct area area_tgroup = {
	"tunnel-group", tgroup_cmds, ARRAY_SIZE(tgroup_cmds), tgroup_model_init, tgroup_model_fini,
	tgroup_sections, ARRAY_SIZE(tgroup_sections),
};
