/* Crypto map commands: ASA one-liners (`crypto map NAME SEQ set ...`, `crypto
 * dynamic-map`, `crypto map NAME interface IF`) and the IOS sub-mode
 * (`crypto map NAME SEQ ipsec-isakmp`, `crypto dynamic-map NAME SEQ`), served by the
 * same handlers; the binding under an IOS interface; IOS `show crypto map`.
 * Syntax: ../reference/cisco-grammar.md §9. Model: crypto_map_model.c; rendering:
 * crypto_map_render.c. */
#include "running-config/crypto_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "running-config/area.h"
#include "shell/session.h"

#if __has_include("running-config/system.h")
#include "running-config/system.h"
#define HAVE_SYSTEM_H 1
#endif

/* The entry a command edits: named on the line (ASA one-liners) or the IOS sub-mode's. */
struct target {
	struct cmap *map;
	struct cmap_entry *entry;
};

static bool target_of(struct session *s, const struct cmd_args *a, bool create, struct target *t)
{
	struct running_config *rc = session_config(s);
	const char *name, *seq_text;
	bool dynamic;

	if (arg_has(a, "map")) {
		name = arg_str(a, "map");
		dynamic = arg_has(a, "kind") && !strcmp(arg_str(a, "kind"), "dynamic-map");
		seq_text = arg_str(a, "seq");
	} else {
		name = session_ctx(s, "cmap");
		dynamic = session_ctx(s, "cmap-dynamic") != NULL;
		seq_text = session_ctx(s, "seq");
	}
	if (!name || !seq_text)
		return false;
	t->map = cmap_get(rc, name, dynamic, create);
	t->entry = t->map ? cmap_entry_get(rc, t->map, (uint32_t)strtoul(seq_text, NULL, 10), create) : NULL;
	return t->entry != NULL;
}

/* Names are kept in fixed fields: a longer one is refused whole rather than cut, which
 * would make the stored name differ from the one later lines look up. */
static bool names_fit(struct session *s, const struct cmd_args *a)
{
	static const char *const bound[] = { "map", "acl", "ts", "dyn", "prof", "if" };

	for (size_t b = 0; b < ARRAY_SIZE(bound); b++)
		for (size_t i = 0; i < arg_count(a, bound[b]); i++)
			if (strlen(arg_nth(a, bound[b], i)) >= CMAP_NAME_MAX) {
				cli_error(s, "%% Name is too long: %.20s... (at most %d characters)\n",
					  arg_nth(a, bound[b], i), CMAP_NAME_MAX - 1);
				return false;
			}
	return true;
}

/* Every `set`/`match` handler: find the entry (a `no` never creates one), let fn
 * edit it, count the change. */
static int edit_entry(struct session *s, const struct cmd_args *a, bool no,
		      int (*fn)(struct session *, const struct cmd_args *, bool, struct cmap_entry *))
{
	struct target t;
	int rc;

	if (!names_fit(s, a))
		return CMD_WARNING;
	if (!target_of(s, a, !no, &t))
		return CMD_SUCCESS;
	rc = fn(s, a, no, t.entry);
	if (rc == CMD_SUCCESS)
		cmap_touch(session_config(s), t.map);
	return rc;
}

/* ---- entry attributes ---- */

static int set_match(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	UNUSED(s);
	snprintf(e->acl, sizeof(e->acl), "%s", no ? "" : arg_str(a, "acl"));
	return CMD_SUCCESS;
}

static void peer_remove(struct cmap_entry *e, const char *text)
{
	for (size_t i = 0; i < e->npeers; i++)
		if (!strcmp(e->peers[i].text, text)) {
			memmove(&e->peers[i], &e->peers[i + 1], (e->npeers - i - 1) * sizeof(e->peers[0]));
			e->npeers--;
			return;
		}
}

/* ASA replaces the peer list with the one typed; IOS adds one peer per line. */
static int set_peer(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	size_t n = arg_count(a, "peer");
	struct cmap_peer peers[CMAP_MAX_PEERS];
	bool ios = session_personality(s) == GP_IOS;

	if (no) {
		if (!n)
			e->npeers = 0;
		for (size_t i = 0; i < n; i++)
			peer_remove(e, arg_nth(a, "peer", i));
		return CMD_SUCCESS;
	}
	if (n > CMAP_MAX_PEERS || (ios && e->npeers >= CMAP_MAX_PEERS && !n)) {
		cli_error(s, "%sAt most %d peers are allowed\n", ios ? "% " : "", CMAP_MAX_PEERS);
		return CMD_WARNING;
	}
	for (size_t i = 0; i < n; i++)
		if (!cmap_peer_parse(arg_nth(a, "peer", i), &peers[i])) {
			cli_error(s, "%sInvalid peer address %s\n", ios ? "% " : "", arg_nth(a, "peer", i));
			return CMD_WARNING;
		}
	if (!ios) {
		memcpy(e->peers, peers, n * sizeof(peers[0]));
		e->npeers = n;
		return CMD_SUCCESS;
	}
	peers[0].is_default = arg_has(a, "dflt");
	peer_remove(e, peers[0].text);
	if (e->npeers >= CMAP_MAX_PEERS) {
		cli_error(s, "%% At most %d peers are allowed\n", CMAP_MAX_PEERS);
		return CMD_WARNING;
	}
	/* A `default` peer goes first: IOS tries it before the others. */
	if (peers[0].is_default) {
		memmove(&e->peers[1], &e->peers[0], e->npeers * sizeof(e->peers[0]));
		e->peers[0] = peers[0];
	} else {
		e->peers[e->npeers] = peers[0];
	}
	e->npeers++;
	return CMD_SUCCESS;
}

static int set_tsets(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	bool v2 = arg_has(a, "v2");
	size_t n = arg_count(a, "ts");
	size_t max = session_personality(s) == GP_IOS ? CMAP_IOS_MAX_TSETS : CMAP_MAX_TSETS;
	char (*list)[CMAP_NAME_MAX] = v2 ? e->ikev2_proposals : e->tsets;
	size_t *count = v2 ? &e->nproposals : &e->ntsets;

	if (!no && n > max) {
		cli_error(s, "%sAt most %zu transform sets are allowed\n",
			  session_personality(s) == GP_IOS ? "% " : "", max);
		return CMD_WARNING;
	}
	*count = 0;
	/* Unknown sets are accepted (defined later, as on the device); show crypto map flags them. */
	for (size_t i = 0; !no && i < n; i++)
		snprintf(list[(*count)++], CMAP_NAME_MAX, "%s", arg_nth(a, "ts", i));
	return CMD_SUCCESS;
}

static int set_pfs(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	e->pfs_bare = !no && !arg_has(a, "g");
	if (no)
		e->pfs_group = 0;
	else if (arg_has(a, "g"))
		e->pfs_group = (uint8_t)atoi(arg_str(a, "g") + strlen("group"));
	else
		/* Bare `set pfs`: group 2 on ASA, group 1 on IOS. */
		e->pfs_group = session_personality(s) == GP_ASA ? 2 : 1;
	return CMD_SUCCESS;
}

static int set_lifetime(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	bool seconds = arg_has(a, "sec") || (arg_has(a, "what") && !strcmp(arg_str(a, "what"), "seconds"));

	UNUSED(s);
	if (seconds) {
		e->lifetime_s = no ? 0 : (uint32_t)arg_num(a, "sec", 0);
	} else {
		e->lifetime_kb = no || arg_has(a, "unl") ? 0 : (uint64_t)arg_num(a, "kb", 0);
		e->lifetime_kb_unlimited = !no && arg_has(a, "unl");
	}
	return CMD_SUCCESS;
}

static int set_conn_type(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	const char *ct = no ? "bidirectional" : arg_str(a, "ct");

	UNUSED(s);
	e->conn_type = !strcmp(ct, "answer-only") ? CMAP_CONN_ANSWER_ONLY
		     : !strcmp(ct, "originate-only") ? CMAP_CONN_ORIGINATE_ONLY : CMAP_CONN_BIDIRECTIONAL;
	return CMD_SUCCESS;
}

static int set_phase1(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	UNUSED(s);
	e->aggressive = !no && !strcmp(arg_str(a, "p1"), "aggressive");
	e->phase1_group = e->aggressive && arg_has(a, "p1g") ? (uint8_t)atoi(arg_str(a, "p1g") + strlen("group")) : 0;
	return CMD_SUCCESS;
}

static int set_ikev2_mode(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	const char *mode = no ? "tunnel" : arg_str(a, "v2mode");

	UNUSED(s);
	e->ikev2_mode = !strcmp(mode, "transport") ? CMAP_IKEV2_TRANSPORT
		      : !strcmp(mode, "transport-require") ? CMAP_IKEV2_TRANSPORT_REQUIRE : CMAP_IKEV2_TUNNEL;
	return CMD_SUCCESS;
}

/* Flags without a value: reverse-route, nat-t-disable, tfc-packets. */
static int set_flag(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	UNUSED(s);
	if (arg_has(a, "rri")) {
		e->reverse_route = !no;
		e->reverse_route_static = !no && arg_has(a, "static");
	} else if (arg_has(a, "natt")) {
		e->nat_t_disable = !no;
	} else if (arg_has(a, "tfc")) {
		e->tfc_packets = !no;
	}
	return CMD_SUCCESS;
}

static int set_text(struct session *s, const struct cmd_args *a, bool no, struct cmap_entry *e)
{
	UNUSED(s);
	if (arg_has(a, "prof") || (no && arg_has(a, "profkw")))
		snprintf(e->isakmp_profile, sizeof(e->isakmp_profile), "%s", no ? "" : arg_str(a, "prof"));
	else
		snprintf(e->description, sizeof(e->description), "%s", no ? "" : arg_str(a, "text"));
	return CMD_SUCCESS;
}

#define ENTRY_HANDLER(name, fn) \
	static int name(struct session *s, const struct cmd_args *a, bool no) { return edit_entry(s, a, no, fn); }
ENTRY_HANDLER(cmd_match, set_match)
ENTRY_HANDLER(cmd_peer, set_peer)
ENTRY_HANDLER(cmd_tsets, set_tsets)
ENTRY_HANDLER(cmd_pfs, set_pfs)
ENTRY_HANDLER(cmd_lifetime, set_lifetime)
ENTRY_HANDLER(cmd_conn_type, set_conn_type)
ENTRY_HANDLER(cmd_phase1, set_phase1)
ENTRY_HANDLER(cmd_ikev2_mode, set_ikev2_mode)
ENTRY_HANDLER(cmd_flag, set_flag)
ENTRY_HANDLER(cmd_text, set_text)

/* ---- entries and maps ---- */

static int cmd_entry_delete(struct session *s, const struct cmd_args *a, bool no)
{
	struct running_config *rc = session_config(s);
	bool dynamic = arg_has(a, "kind") && !strcmp(arg_str(a, "kind"), "dynamic-map");
	struct cmap *m = cmap_get(rc, arg_str(a, "map"), dynamic, false);

	UNUSED(no);
	if (!m)
		return CMD_SUCCESS;
	if (!arg_has(a, "seq")) {
		cmap_delete(rc, m->name, dynamic);
		return CMD_SUCCESS;
	}
	cmap_entry_delete(rc, m, (uint32_t)arg_num(a, "seq", 0));
	if (!m->nentries && (dynamic || !cmap_interface_of_map(rc, m->name, 0)) && !m->local_address[0])
		cmap_delete(rc, m->name, dynamic);
	return CMD_SUCCESS;
}

/* IOS `crypto map NAME SEQ [ipsec-isakmp]` / `crypto dynamic-map NAME SEQ`: the sub-mode. */
static int cmd_ios_enter(struct session *s, const struct cmd_args *a, bool no)
{
	struct target t;
	bool dynamic = arg_has(a, "kind") && !strcmp(arg_str(a, "kind"), "dynamic-map");
	bool existed;

	if (!names_fit(s, a))
		return CMD_WARNING;

	if (no)
		return cmd_entry_delete(s, a, no);
	existed = cmap_find(session_config(s), arg_str(a, "map"), dynamic) &&
		  cmap_entry_find(cmap_find(session_config(s), arg_str(a, "map"), dynamic), (uint32_t)arg_num(a, "seq", 0));
	if (!target_of(s, a, true, &t))
		return CMD_SUCCESS;
	if (t.entry->dynamic_map[0]) {
		/* Re-typing the entry without `dynamic` turns it back into a normal entry. */
		t.entry->dynamic_map[0] = '\0';
		cmap_touch(session_config(s), t.map);
	}
	session_set_ctx(s, "cmap", arg_str(a, "map"));
	session_set_ctx(s, "seq", arg_str(a, "seq"));
	if (dynamic)
		session_set_ctx(s, "cmap-dynamic", "1");
	if (!existed && !dynamic)
		cli_notice(s, "%% NOTE: This new crypto map will remain disabled until a peer\n"
			      "        and a valid access list have been configured.\n");
	return CMD_SUCCESS;
}

static int cmd_dynamic_ref(struct session *s, const struct cmd_args *a, bool no)
{
	struct target t;

	if (!names_fit(s, a))
		return CMD_WARNING;

	if (no)
		return cmd_entry_delete(s, a, no);
	if (!target_of(s, a, true, &t))
		return CMD_SUCCESS;
	snprintf(t.entry->dynamic_map, sizeof(t.entry->dynamic_map), "%s", arg_str(a, "dyn"));
	cmap_touch(session_config(s), t.map);
	return CMD_SUCCESS;
}

/* ASA `crypto map NAME interface IF` (nameif). */
static int cmd_asa_interface(struct session *s, const struct cmd_args *a, bool no)
{
	struct running_config *rc = session_config(s);

	if (!names_fit(s, a))
		return CMD_WARNING;

	if (no) {
		if (!cmap_unbind(rc, arg_str(a, "if"), arg_str(a, "map"))) {
			cli_error(s, "Crypto map %s is not applied to interface %s\n", arg_str(a, "map"), arg_str(a, "if"));
			return CMD_WARNING;
		}
		return CMD_SUCCESS;
	}
	cmap_get(rc, arg_str(a, "map"), false, true);
	cmap_bind(rc, arg_str(a, "if"), arg_str(a, "map"));
	return CMD_SUCCESS;
}

static const char *canonical_ifname(const char *typed, char *buf, size_t len)
{
#ifdef HAVE_SYSTEM_H
	const char *canon = iface_canonical(typed, buf, len);
	if (canon)
		return canon;
#endif
	snprintf(buf, len, "%s", typed);
	return buf;
}

static int cmd_local_address(struct session *s, const struct cmd_args *a, bool no)
{
	struct running_config *rc = session_config(s);
	struct cmap *m;
	char buf[CMAP_NAME_MAX];

	if (!names_fit(s, a))
		return CMD_WARNING;
	m = cmap_get(rc, arg_str(a, "map"), false, !no);
	if (!m)
		return CMD_SUCCESS;
	snprintf(m->local_address, sizeof(m->local_address), "%s",
		 no ? "" : canonical_ifname(arg_str(a, "if"), buf, sizeof(buf)));
	cmap_touch(rc, m);
	return CMD_SUCCESS;
}

/* IOS ` crypto map NAME` under an interface; one map per interface, re-applying replaces. */
static int cmd_ios_interface(struct session *s, const struct cmd_args *a, bool no)
{
	struct running_config *rc = session_config(s);
	const char *ifname = session_ctx(s, "interface");

	if (!names_fit(s, a))
		return CMD_WARNING;

	if (!ifname)
		return CMD_SUCCESS;
	if (no) {
		cmap_unbind(rc, ifname, arg_str(a, "map"));
		return CMD_SUCCESS;
	}
	cmap_bind(rc, ifname, arg_str(a, "map"));
	return CMD_SUCCESS;
}

static int cmd_show_map(struct session *s, const struct cmd_args *a, bool no)
{
	struct strbuf out;

	UNUSED(no);
	sb_init(&out);
	if (cmap_show(session_config(s), arg_str(a, "tag"), &out) && out.s)
		cli_puts(s, out.s);
	sb_free(&out);
	return CMD_SUCCESS;
}

/* ---- grammar ---- */

#define ASA_ENTRY "crypto <map$kind|dynamic-map$kind> WORD$map (1-65535)$seq "
#define ASA_ENTRY_HELP "\nAttach a crypto map to an interface or configure a crypto map entry\n" \
	"Specify a dynamic crypto map template\nCrypto map tag\nSequence to insert into crypto map entry\n"
#define MAP_DELETE_HELP "\nAttach a crypto map to an interface or configure a crypto map entry\n" \
	"Specify a dynamic crypto map template\nCrypto map tag\n"
#define CMAP "crypto map WORD$map "
#define CMAP_HELP "\nEnter a crypto map\nCrypto map tag\n"
#define SEQ_HELP "Sequence to insert into crypto map entry\n"
#define PFS_GROUPS "[group1$g|group14$g|group15$g|group16$g|group19$g|group2$g|group20$g|group21$g|group24$g|group5$g]"
#define PFS_HELP "Specify pfs settings\n" \
	"D-H Group1 (768-bit modulus)\nD-H Group14 (2048-bit modulus)\nD-H Group15 (3072-bit modulus)\n" \
	"D-H Group16 (4096-bit modulus)\nD-H Group19 (256-bit elliptic curve)\nD-H Group2 (1024-bit modulus)\n" \
	"D-H Group20 (384-bit elliptic curve)\nD-H Group21 (521-bit elliptic curve)\n" \
	"D-H Group24 (2048-bit, 256 bit subgroup)\nD-H Group5 (1536-bit modulus)\n"
#define SET "Specify crypto map settings\n"
#define MATCH_HELP "Match values\nMatch address of packets to encrypt\nAccess-list name\n"
#define LIFE_HELP "Specify security association parameters\nSecurity association lifetime\n"

static const struct command cmap_cmds[] = {
	/* ASA one-liners, for static and dynamic maps alike */
	{ NODE_CONFIG, ASA_ENTRY "match address WORD$acl", ASA_ENTRY_HELP MATCH_HELP, cmd_match, NODE_NONE,
	  F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set peer WORD$peer...", ASA_ENTRY_HELP SET "Set peer\nIP address or name of the peer\n",
	  cmd_peer, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set peer", ASA_ENTRY_HELP SET "Set peer\n", cmd_peer, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, ASA_ENTRY "set ikev1 transform-set WORD$ts...",
	  ASA_ENTRY_HELP SET "Set IKEv1 settings\nSpecify transform sets\nProposal tag\n", cmd_tsets, NODE_NONE,
	  F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set ikev1 transform-set", ASA_ENTRY_HELP SET "Set IKEv1 settings\nSpecify transform sets\n",
	  cmd_tsets, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, ASA_ENTRY "set transform-set WORD$ts...", ASA_ENTRY_HELP SET "Specify transform sets\nProposal tag\n",
	  cmd_tsets, NODE_NONE, F_ASA | F_NO | F_HIDDEN },
	{ NODE_CONFIG, ASA_ENTRY "set ikev2$v2 ipsec-proposal WORD$ts...",
	  ASA_ENTRY_HELP SET "Set IKEv2 settings\nSpecify IPsec proposals\nProposal tag\n", cmd_tsets, NODE_NONE,
	  F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set ikev2$v2 ipsec-proposal", ASA_ENTRY_HELP SET "Set IKEv2 settings\nSpecify IPsec proposals\n",
	  cmd_tsets, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, ASA_ENTRY "set ikev2 mode <transport$v2mode|transport-require$v2mode|tunnel$v2mode>",
	  ASA_ENTRY_HELP SET "Set IKEv2 settings\nSet the encapsulation mode\nTransport mode, fall back to tunnel\n"
	  "Transport mode only\nTunnel mode\n", cmd_ikev2_mode, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set pfs " PFS_GROUPS, ASA_ENTRY_HELP SET PFS_HELP, cmd_pfs, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set security-association lifetime <seconds (120-2147483647)$sec|"
	  "kilobytes <(10-2147483647)$kb|unlimited$unl>>",
	  ASA_ENTRY_HELP SET LIFE_HELP "Set the lifetime in seconds\nSeconds\nSet the lifetime in kilobytes\nKilobytes\n"
	  "Unlimited kilobytes\n", cmd_lifetime, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set security-association lifetime <seconds$what|kilobytes$what>",
	  ASA_ENTRY_HELP SET LIFE_HELP, cmd_lifetime, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, ASA_ENTRY "set connection-type <answer-only$ct|bidirectional$ct|originate-only$ct>",
	  ASA_ENTRY_HELP SET "Specify connection type\nAnswer only\nBidirectional\nOriginate only\n", cmd_conn_type,
	  NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set ikev1 phase1-mode <aggressive$p1 [group1$p1g|group2$p1g|group5$p1g]|main$p1>",
	  ASA_ENTRY_HELP SET "Set IKEv1 settings\nSpecify phase 1 mode\nAggressive mode\nD-H group 1\nD-H group 2\n"
	  "D-H group 5\nMain mode\n", cmd_phase1, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set reverse-route$rri", ASA_ENTRY_HELP SET "Enable reverse route injection\n", cmd_flag,
	  NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set nat-t-disable$natt", ASA_ENTRY_HELP SET "Disable NAT-T for this entry\n", cmd_flag,
	  NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY "set tfc-packets$tfc", ASA_ENTRY_HELP SET "Enable Traffic Flow Confidentiality packets\n",
	  cmd_flag, NODE_NONE, F_ASA | F_NO },
	{ NODE_CONFIG, ASA_ENTRY, ASA_ENTRY_HELP, cmd_entry_delete, NODE_NONE, F_ASA | F_NO_ONLY },
	{ NODE_CONFIG, CMAP "interface WORD$if", CMAP_HELP "Specify interface\nInterface name\n", cmd_asa_interface,
	  NODE_NONE, F_ASA | F_NO },
	/* both: the dynamic-map reference, and deleting a whole map */
	{ NODE_CONFIG, CMAP "(1-65535)$seq ipsec-isakmp dynamic WORD$dyn",
	  CMAP_HELP SEQ_HELP "IPsec w/ISAKMP\nEnable dynamic crypto map support\nName of dynamic crypto map template\n",
	  cmd_dynamic_ref, NODE_NONE, F_NO },
	{ NODE_CONFIG, "crypto <map$kind|dynamic-map$kind> WORD$map", MAP_DELETE_HELP, cmd_entry_delete, NODE_NONE,
	  F_NO_ONLY },
	/* IOS sub-mode entries */
	{ NODE_CONFIG, CMAP "(1-65535)$seq [ipsec-isakmp]", CMAP_HELP SEQ_HELP "IPsec w/ISAKMP\n", cmd_ios_enter,
	  NODE_CRYPTO_MAP, F_IOS | F_NO },
	{ NODE_CONFIG, "crypto dynamic-map$kind WORD$map (1-65535)$seq",
	  "\nSpecify a dynamic crypto map template\nDynamic crypto map template tag\nSequence to insert into dynamic "
	  "crypto map entry\n", cmd_ios_enter, NODE_CRYPTO_MAP, F_IOS | F_NO },
	{ NODE_CONFIG, CMAP "local-address WORD$if", CMAP_HELP "Interface to use for local address for this crypto map\n"
	  "Interface name\n", cmd_local_address, NODE_NONE, F_IOS | F_NO },
	{ NODE_CRYPTO_MAP, "match address WORD$acl", "Match values.\nMatch address of packets to encrypt.\n"
	  "IP access-list number or name\n", cmd_match, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "set peer WORD$peer [default$dflt]", SET "Allowed Encryption/Decryption peer.\n"
	  "IP address or host name of the peer\nDefault peer (tried first)\n", cmd_peer, NODE_NONE,
	  F_IOS | F_NO | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "set transform-set WORD$ts...", SET "Specify list of transform sets in priority order\n"
	  "Proposal tag\n", cmd_tsets, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "set transform-set", SET "Specify list of transform sets in priority order\n", cmd_tsets,
	  NODE_NONE, F_IOS | F_NO_ONLY | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "set pfs " PFS_GROUPS, SET PFS_HELP, cmd_pfs, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "set security-association lifetime <seconds (120-2592000)$sec|kilobytes (2560-4294967295)$kb>",
	  SET LIFE_HELP "Time-based key duration in seconds\nSeconds\nVolume-based key duration\nKilobytes\n",
	  cmd_lifetime, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "set security-association lifetime <seconds$what|kilobytes$what>", SET LIFE_HELP,
	  cmd_lifetime, NODE_NONE, F_IOS | F_NO_ONLY | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "set isakmp-profile$profkw WORD$prof", SET "Specify isakmp Profile\nisakmp profile name\n",
	  cmd_text, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "set isakmp-profile$profkw", SET "Specify isakmp Profile\n", cmd_text, NODE_NONE,
	  F_IOS | F_NO_ONLY | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "description LINE$text", "Description of the crypto map statement policy\n"
	  "Up to 80 characters describing this crypto map\n", cmd_text, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "description", "Description of the crypto map statement policy\n", cmd_text, NODE_NONE,
	  F_IOS | F_NO_ONLY | F_DEFAULT },
	{ NODE_CRYPTO_MAP, "reverse-route$rri [static$static]", "Reverse Route Injection.\n"
	  "Create routes regardless of SA state\n", cmd_flag, NODE_NONE, F_IOS | F_NO | F_DEFAULT },
	/* IOS interface binding and show */
	{ NODE_INTERFACE, "crypto map WORD$map", "\nAssign a Crypto Map\nCrypto Map tag\n", cmd_ios_interface, NODE_NONE,
	  F_IOS | F_NO },
	{ NODE_INTERFACE, "crypto map", "\nAssign a Crypto Map\n", cmd_ios_interface, NODE_NONE, F_IOS | F_NO_ONLY },
	{ NODE_EXEC, "show crypto map [tag WORD$tag]", "\nEncryption module\nCrypto maps\nCrypto maps with a given tag\n"
	  "Crypto map tag\n", cmd_show_map, NODE_NONE, F_IOS | F_NOSAVE },
};

static const struct area_section cmap_sections[] = {
	{ "crypto-map", "crypto map", cmap_render },
};

const struct area area_cmap = {
	"crypto-map", cmap_cmds, ARRAY_SIZE(cmap_cmds), cmap_model_init, cmap_model_fini,
	cmap_sections, ARRAY_SIZE(cmap_sections),
};
