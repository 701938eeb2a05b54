/* Global ISAKMP settings: where IKE listens (ASA `crypto ikev1 enable IF`, IOS
 * `no crypto isakmp enable`), the phase-1 identity, NAT-T, DPD (IOS global keepalive),
 * aggressive mode and a few switches. ../reference/cisco-grammar.md §5.3, §6, §7. */
#include "running-config/ike.h"

#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "running-config/area.h"
#include "shell/session.h"

#define ASA_NATT_DEFAULT_S 20
#define ASA_NATT_MIN_S 10
#define IOS_DPD_RETRY_DEFAULT_S 2

/* ---- handlers ---- */

static ssize_t enabled_index(const struct ike_config *ike, const char *nameif)
{
	for (size_t i = 0; i < ike->nenabled; i++)
		if (!strcmp(ike->enabled[i], nameif))
			return (ssize_t)i;
	return -1;
}

static int ike_enable_iface(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_config *ike = ike_of(s);
	const char *nameif = arg_str(a, "if");
	ssize_t at = enabled_index(ike, nameif);

	if (no) {
		if (at >= 0) {
			memmove(&ike->enabled[at], &ike->enabled[at + 1],
				(ike->nenabled - (size_t)at - 1) * sizeof(*ike->enabled));
			ike->nenabled--;
		}
		return CMD_SUCCESS;
	}
	if (at >= 0)
		return CMD_SUCCESS;
	if (strlen(nameif) >= IKE_NAME_MAX) {
		cli_error(s, "Interface name %s is too long", nameif);
		return CMD_WARNING;
	}
	ike->enabled = xrealloc(ike->enabled, (ike->nenabled + 1) * sizeof(*ike->enabled));
	ike_copy_name(ike->enabled[ike->nenabled++], IKE_NAME_MAX, nameif);
	return CMD_SUCCESS;
}

static int ike_enable_ios(struct session *s, const struct cmd_args *a, bool no)
{
	UNUSED(a);
	ike_of(s)->ios_disabled = no;
	return CMD_SUCCESS;
}

static int ike_identity(struct session *s, const struct cmd_args *a, bool no)
{
	static const struct { const char *word; enum ike_identity id; } ids[] = {
		{ "address", IKE_ID_ADDRESS }, { "hostname", IKE_ID_HOSTNAME }, { "key-id", IKE_ID_KEY_ID },
		{ "auto", IKE_ID_AUTO }, { "dn", IKE_ID_DN },
	};
	struct ike_config *ike = ike_of(s);
	const char *word = arg_str(a, "id");
	const char *key_id = arg_str(a, "keyid");

	if (key_id && strlen(key_id) >= sizeof(ike->identity_key_id)) {
		cli_error(s, "key-id %s is too long", key_id);
		return CMD_WARNING;
	}
	ike->identity = IKE_ID_DEFAULT;
	ike->identity_key_id[0] = '\0';
	for (size_t i = 0; !no && word && i < ARRAY_SIZE(ids); i++)
		if (!strcmp(word, ids[i].word))
			ike->identity = ids[i].id;
	if (ike->identity == IKE_ID_KEY_ID && key_id)
		ike_copy_name(ike->identity_key_id, sizeof(ike->identity_key_id), key_id);
	return CMD_SUCCESS;
}

/* ASA: `crypto isakmp nat-traversal [N]` (on by default, 20 s); `no` turns NAT-T off. */
static int ike_nat_traversal(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_config *ike = ike_of(s);

	ike->natt_disabled = no;
	ike->natt_keepalive_s = no ? 0 : (uint32_t)arg_num(a, "secs", 0);
	return CMD_SUCCESS;
}

/* IOS: `crypto isakmp nat keepalive N`. */
static int ike_nat_keepalive(struct session *s, const struct cmd_args *a, bool no)
{
	ike_of(s)->natt_keepalive_s = no ? 0 : (uint32_t)arg_num(a, "secs", 0);
	return CMD_SUCCESS;
}

static int ike_keepalive(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_config *ike = ike_of(s);
	const char *mode = arg_str(a, "mode");

	ike->dpd_s = no ? 0 : (uint32_t)arg_num(a, "secs", 0);
	ike->dpd_retry_s = no ? 0 : (uint32_t)arg_num(a, "retry", 0);
	ike->dpd_periodic = !no && mode && !strcmp(mode, "periodic");
	return CMD_SUCCESS;
}

static int ike_am_disable(struct session *s, const struct cmd_args *a, bool no)
{
	UNUSED(a);
	ike_of(s)->am_disabled = !no;
	return CMD_SUCCESS;
}

static int ike_spi_recovery(struct session *s, const struct cmd_args *a, bool no)
{
	UNUSED(a);
	ike_of(s)->invalid_spi_recovery = !no;
	return CMD_SUCCESS;
}

static int ike_fragmentation(struct session *s, const struct cmd_args *a, bool no)
{
	UNUSED(a);
	ike_of(s)->fragmentation = !no;
	return CMD_SUCCESS;
}

static int ike_disconnect_notify(struct session *s, const struct cmd_args *a, bool no)
{
	UNUSED(a);
	ike_of(s)->disconnect_notify = !no;
	return CMD_SUCCESS;
}

/* What bounds the memory a flood of spoofed first messages can take. */
static int ike_admission_limit(struct session *s, const struct cmd_args *a, bool no)
{
	ike_of(s)->max_in_negotiation = no ? 0 : (uint32_t)arg_num(a, "n", 0);
	return CMD_SUCCESS;
}

uint32_t ike_max_in_negotiation(const struct running_config *rc)
{
	return rc->ike->max_in_negotiation;
}

/* ---- rendering ---- */

static const char *identity_word(enum ike_identity id)
{
	switch (id) {
	case IKE_ID_ADDRESS: return "address";
	case IKE_ID_HOSTNAME: return "hostname";
	case IKE_ID_KEY_ID: return "key-id";
	case IKE_ID_AUTO: return "auto";
	case IKE_ID_DN: return "dn";
	case IKE_ID_DEFAULT: break;
	}
	return NULL;
}

/* ASA 8.4+: the interfaces with IKEv1 enabled, printed just before the policies. */
static void render_asa_enable(const struct ike_config *ike, struct strbuf *out)
{
	for (size_t i = 0; i < ike->nenabled; i++)
		sb_printf(out, "crypto ikev1 enable %s\n", ike->enabled[i]);
	if (ike->am_disabled)
		sb_add(out, "crypto ikev1 am-disable\n");
}

static void render_enable(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	if (ctx->personality == GP_ASA)
		render_asa_enable(rc->ike, out);
}

/* The `crypto isakmp` lines an 8.4+ ASA still keeps (`show running-config crypto
 * isakmp`). A real 9.x show run (the ukfast capture) prints the identity line before
 * `crypto ikev1 enable`; the section order of render.c puts it after the policies. */
static void render_asa_identity(const struct ike_config *ike, const struct render_ctx *ctx, struct strbuf *out)
{
	enum ike_identity id = ike->identity;

	if (id == IKE_ID_KEY_ID)
		sb_printf(out, "crypto isakmp identity key-id %s\n", ike->identity_key_id);
	else if (id == IKE_ID_ADDRESS || id == IKE_ID_HOSTNAME)
		sb_printf(out, "crypto isakmp identity %s\n", identity_word(id));
	else if (ctx->mode == RENDER_ALL)
		sb_add(out, "crypto isakmp identity auto\n");
}

static void render_asa_global(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	const struct ike_config *ike = rc->ike;

	render_asa_identity(ike, ctx, out);

	if (ike->natt_disabled)
		sb_add(out, "no crypto isakmp nat-traversal\n");
	else if (ike->natt_keepalive_s && ike->natt_keepalive_s != ASA_NATT_DEFAULT_S)
		/* an IOS `nat keepalive 5` has no ASA form below 10 s */
		sb_printf(out, "crypto isakmp nat-traversal %u\n",
			  ike->natt_keepalive_s < ASA_NATT_MIN_S ? ASA_NATT_MIN_S : ike->natt_keepalive_s);
	else if (ctx->mode == RENDER_ALL)
		sb_printf(out, "crypto isakmp nat-traversal %u\n", ASA_NATT_DEFAULT_S);
	if (ike->disconnect_notify)
		sb_add(out, "crypto isakmp disconnect-notify\n");
	ike_keys_render_asa_legacy(rc, ctx, out);
}

/* IOS: `crypto isakmp enable` and identity address are defaults, never printed;
 * `on-demand` is the keepalive default and is dropped (cisco-grammar.md §15). */
static void render_ios_global(const struct ike_config *ike, struct strbuf *out)
{
	if (ike->ios_disabled)
		sb_add(out, "no crypto isakmp enable\n");
	if (ike->identity == IKE_ID_HOSTNAME || ike->identity == IKE_ID_DN)
		sb_printf(out, "crypto isakmp identity %s\n", identity_word(ike->identity));
	if (ike->dpd_s) {
		sb_printf(out, "crypto isakmp keepalive %u", ike->dpd_s);
		if (ike->dpd_retry_s)
			sb_printf(out, " %u", ike->dpd_retry_s);
		sb_add(out, ike->dpd_periodic ? " periodic\n" : "\n");
	}
	if (ike->natt_keepalive_s)
		sb_printf(out, "crypto isakmp nat keepalive %u\n", ike->natt_keepalive_s);
	if (ike->am_disabled)
		sb_add(out, "crypto isakmp aggressive-mode disable\n");
	if (ike->invalid_spi_recovery)
		sb_add(out, "crypto isakmp invalid-spi-recovery\n");
	if (ike->fragmentation)
		sb_add(out, "crypto isakmp fragmentation\n");
	if (ike->max_in_negotiation)
		sb_printf(out, "crypto call admission limit ike in-negotiation-sa %u\n", ike->max_in_negotiation);
}

bool ike_global_renders_ios(const struct running_config *rc)
{
	struct strbuf scratch;
	bool any;

	sb_init(&scratch);
	render_ios_global(rc->ike, &scratch);
	any = scratch.len > 0;
	sb_free(&scratch);
	return any;
}

static void render_global(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out)
{
	if (ctx->personality == GP_ASA)
		render_asa_global(rc, ctx, out);
	else
		render_ios_global(rc->ike, out);
}

/* ---- grammar ---- */

#define H_CRYPTO_ISAKMP "\n\n"
#define H_ENABLE_IF "Enable IKEv1 on the specified interface\nName of interface to enable IKEv1 on\n"
#define ASA_ID "<address$id|hostname$id|key-id$id WORD$keyid|auto$id>"
#define ASA_ID_HELP "Set the identity used for ISAKMP\nUse the IP address of the interface\n" \
	"Use the fully qualified hostname\nUse the specified key-id\nKey-id string\n" \
	"Use address or hostname depending on connection type\n"
#define NATT_HELP "Enable NAT traversal\nKeepalive interval in seconds\n"

static const struct command ike_global_cmds[] = {
	/* ASA */
	{ NODE_CONFIG, "crypto ikev1 enable WORD$if", "\n\n" H_ENABLE_IF, ike_enable_iface, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "crypto isakmp enable WORD$if", "\n\n" H_ENABLE_IF, ike_enable_iface, NODE_NONE,
	  F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, "isakmp enable WORD$if", "\n" H_ENABLE_IF, ike_enable_iface, NODE_NONE, F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, "crypto isakmp identity " ASA_ID, H_CRYPTO_ISAKMP ASA_ID_HELP, ike_identity, NODE_NONE,
	  F_ASA | F_NO },
	{ NODE_CONFIG, "crypto isakmp identity", H_CRYPTO_ISAKMP "Set the identity used for ISAKMP\n", ike_identity,
	  NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, "isakmp identity " ASA_ID, "\n" ASA_ID_HELP, ike_identity, NODE_NONE, F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, "crypto isakmp nat-traversal [(10-3600)$secs]", H_CRYPTO_ISAKMP NATT_HELP, ike_nat_traversal,
	  NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "isakmp nat-traversal [(10-3600)$secs]", "\n" NATT_HELP, ike_nat_traversal, NODE_NONE,
	  F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, "crypto ikev1 am-disable", "\n\nDisable inbound aggressive mode connections\n", ike_am_disable,
	  NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, "crypto isakmp am-disable", "\n\nDisable inbound aggressive mode connections\n",
	  ike_am_disable, NODE_NONE, F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, "crypto isakmp disconnect-notify", "\n\nEnable disconnect notification to peer\n",
	  ike_disconnect_notify, NODE_NONE, F_ASA | F_NO },

	/* IOS */
	{ NODE_CONFIG, "crypto call admission limit ike in-negotiation-sa (10-99999)$n",
	  "\nCall admission control\nCall admission control\nSet the limit of call admission control\n"
	  "IKE call admission control\nIKE SAs in negotiation\nMaximum number of IKE SAs in negotiation\n",
	  ike_admission_limit, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, "crypto isakmp enable", "\n\nEnable ISAKMP\n", ike_enable_ios, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, "crypto isakmp identity <address$id|hostname$id|dn$id>",
	  "\n\nSet default identity to use for ISAKMP\nUse the IP address of the interface for the identity\n"
	  "Use the hostname of the router for the identity\nUse the distinguished name of the router cert for the identity\n",
	  ike_identity, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CONFIG, "crypto isakmp keepalive (10-3600)$secs [(2-60)$retry] [periodic$mode|on-demand$mode]",
	  "\n\nSet a keepalive interval for use with IOS peers\nNumber of seconds between keep alives\n"
	  "Number of seconds between retries if keepalive fails\nSend keepalives regularly\n"
	  "Send keepalives on demand\n",
	  ike_keepalive, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, "crypto isakmp keepalive", "\n\nSet a keepalive interval for use with IOS peers\n",
	  ike_keepalive, NODE_NONE, F_IOS | F_NO_ONLY },
	{ NODE_CONFIG, "crypto isakmp nat keepalive (5-3600)$secs",
	  "\n\nSet NAT traversal parameters\nSet NAT keepalive interval\nNumber of seconds between keepalives\n",
	  ike_nat_keepalive, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, "crypto isakmp nat keepalive", "\n\nSet NAT traversal parameters\nSet NAT keepalive interval\n",
	  ike_nat_keepalive, NODE_NONE, F_IOS | F_NO_ONLY },
	{ NODE_CONFIG, "crypto isakmp aggressive-mode disable",
	  "\n\nDisable ISAKMP aggressive mode\nDisable ISAKMP aggressive mode\n", ike_am_disable, NODE_NONE,
	  F_IOS | F_NO },
	{ NODE_CONFIG, "crypto isakmp invalid-spi-recovery", "\n\nInitiate IKE and send Invalid SPI Notify\n",
	  ike_spi_recovery, NODE_NONE, F_IOS | F_NO },
	{ NODE_CONFIG, "crypto isakmp fragmentation", "\n\nIKE Fragmentation enable\n", ike_fragmentation,
	  NODE_NONE, F_IOS | F_NO },
};

static const struct area_section ike_global_sections[] = {
	{ "isakmp-enable", "crypto ikev1", render_enable },
	{ "isakmp-global", "crypto isakmp", render_global },
};

const struct area area_ike_global = {
	"ike_global", ike_global_cmds, ARRAY_SIZE(ike_global_cmds), NULL, NULL,
	ike_global_sections, ARRAY_SIZE(ike_global_sections),
};

/* ---- accessors (ike.h) ---- */

enum ike_identity ike_identity_mode(const struct running_config *rc, const char **key_id)
{
	enum ike_identity id = rc->ike->identity;

	if (key_id)
		*key_id = id == IKE_ID_KEY_ID ? rc->ike->identity_key_id : NULL;
	if (id == IKE_ID_DEFAULT)
		return rc->personality == GP_ASA ? IKE_ID_AUTO : IKE_ID_ADDRESS;
	return id;
}

bool ike_natt_enabled(const struct running_config *rc)
{
	return !rc->ike->natt_disabled;
}

uint32_t ike_natt_keepalive_s(const struct running_config *rc)
{
	if (rc->ike->natt_disabled)
		return 0;
	if (rc->ike->natt_keepalive_s)
		return rc->ike->natt_keepalive_s;
	return rc->personality == GP_ASA ? ASA_NATT_DEFAULT_S : 0;
}

bool ike_dpd(const struct running_config *rc, uint32_t *threshold_s, uint32_t *retry_s, bool *periodic)
{
	const struct ike_config *ike = rc->ike;

	if (threshold_s)
		*threshold_s = ike->dpd_s;
	if (retry_s)
		*retry_s = ike->dpd_retry_s ? ike->dpd_retry_s : IOS_DPD_RETRY_DEFAULT_S;
	if (periodic)
		*periodic = ike->dpd_periodic;
	return ike->dpd_s != 0;
}

bool ike_am_disabled(const struct running_config *rc)
{
	return rc->ike->am_disabled;
}

bool ike_enabled_on(const struct running_config *rc, const char *nameif)
{
	if (rc->personality == GP_IOS)
		return !rc->ike->ios_disabled;
	return enabled_index(rc->ike, nameif) >= 0;
}

size_t ike_enabled_count(const struct running_config *rc)
{
	return rc->ike->nenabled;
}

const char *ike_enabled_at(const struct running_config *rc, size_t i)
{
	return i < rc->ike->nenabled ? rc->ike->enabled[i] : NULL;
}
