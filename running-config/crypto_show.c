/* The operational VPN commands at EXEC, both personalities: show crypto isakmp/ikev1 sa,
 * show crypto ipsec sa, show crypto session, the IKE statistics, debug crypto and
 * clear crypto. They read and clear the engine's SAs through vpn/ike.h; when the VPN
 * is not running (rd->ike NULL) the shows print what the device prints with no SAs and
 * the clears do nothing. Layouts are in crypto_show_render.c. */
#include <stdlib.h>
#include <string.h>

#include "platform/daemon.h"
#include "platform/log.h"
#include "running-config/area.h"
#include "running-config/crypto_map.h"
#include "running-config/crypto_show.h"
#include "shell/session.h"

/* ---- collecting the engine's SAs into arrays ---- */

struct ike_list {
	struct ike_sa_info *v;
	size_t n, cap;
};

struct ipsec_list {
	struct ipsec_sa_info *v;
	size_t n, cap;
};

static void ike_collect(void *ctx, const struct ike_sa_info *info)
{
	struct ike_list *l = ctx;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = *info;
}

static void ipsec_collect(void *ctx, const struct ipsec_sa_info *info)
{
	struct ipsec_list *l = ctx;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = *info;
}

static struct ike_engine *engine(struct session *s)
{
	return s->rd ? s->rd->ike : NULL;
}

/* The pointers inside the infos (names) stay valid until the engine next runs, which
 * cannot happen while a command handler runs. */
static void ike_list_fill(struct session *s, struct ike_list *l)
{
	memset(l, 0, sizeof(*l));
	if (engine(s))
		ike_engine_foreach_ike_sa(engine(s), ike_collect, l);
}

static void ipsec_list_fill(struct session *s, struct ipsec_list *l)
{
	memset(l, 0, sizeof(*l));
	if (engine(s))
		ike_engine_foreach_ipsec_sa(engine(s), ipsec_collect, l);
}

static void print_and_free(struct session *s, struct strbuf *out)
{
	if (out->s)
		cli_puts(s, out->s);
	sb_free(out);
}

/* ---- show ---- */

static int show_isakmp_sa(struct session *s, const struct cmd_args *a, bool no)
{
	bool detail = arg_has(a, "detail");
	struct ike_list l;
	struct strbuf out;

	(void)no;
	sb_init(&out);
	ike_list_fill(s, &l);
	if (session_personality(s) == GP_IOS)
		cshow_isakmp_ios(l.v, l.n, detail, &out);
	else
		cshow_isakmp_asa(l.v, l.n, detail, !arg_has(a, "v1"), &out);
	free(l.v);
	print_and_free(s, &out);
	return CMD_SUCCESS;
}

/* ASA: the ACL of each SA's crypto map entry, for the echoed access-list line. */
static const char **acl_names(struct session *s, const struct ipsec_list *l)
{
	const struct running_config *rc = session_config(s);
	const char **acls = xcalloc(l->n ? l->n : 1, sizeof(*acls));

	for (size_t i = 0; i < l->n && rc; i++) {
		const struct cmap *m = l->v[i].map_name ? cmap_find(rc, l->v[i].map_name, false) : NULL;
		const struct cmap_entry *e = m ? cmap_entry_find(m, l->v[i].seq) : NULL;

		acls[i] = e && e->acl[0] ? e->acl : NULL;
	}
	return acls;
}

static int show_ipsec_sa(struct session *s, const struct cmd_args *a, bool no)
{
	struct cshow_filter f = { .map = arg_str(a, "map"), .detail = arg_has(a, "detail") };
	struct ipsec_list l;
	struct strbuf out;

	(void)no;
	f.by_peer = arg_in4(a, "peer", &f.peer);
	sb_init(&out);
	ipsec_list_fill(s, &l);
	if (session_personality(s) == GP_IOS) {
		cshow_ipsec_ios(l.v, l.n, &f, &out);
	} else {
		const char **acls = acl_names(s, &l);

		cshow_ipsec_asa(l.v, acls, l.n, &f, &out);
		free(acls);
	}
	free(l.v);
	print_and_free(s, &out);
	return CMD_SUCCESS;
}

/* The interface an IKE SA with no IPsec SA yet belongs to: the first crypto map binding. */
static const char *first_binding(struct session *s)
{
	const struct running_config *rc = session_config(s);

	for (size_t i = 0; rc && i < cmap_count(rc); i++) {
		const char *ifname = cmap_interface_of_map(rc, cmap_at(rc, i)->name, 0);

		if (ifname)
			return ifname;
	}
	return NULL;
}

static int show_session(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_list ike;
	struct ipsec_list ipsec;
	struct strbuf out;

	(void)no;
	sb_init(&out);
	ike_list_fill(s, &ike);
	ipsec_list_fill(s, &ipsec);
	cshow_session_ios(ike.v, ike.n, ipsec.v, ipsec.n, first_binding(s), arg_has(a, "detail"), &out);
	free(ike.v);
	free(ipsec.v);
	print_and_free(s, &out);
	return CMD_SUCCESS;
}

static int show_stats(struct session *s, const struct cmd_args *a, bool no)
{
	struct ike_stats st;
	struct strbuf out;

	(void)a;
	(void)no;
	memset(&st, 0, sizeof(st));
	if (engine(s))
		ike_engine_get_stats(engine(s), &st);
	sb_init(&out);
	cshow_stats_asa(&st, &out);
	print_and_free(s, &out);
	return CMD_SUCCESS;
}

static int show_debugging(struct session *s, const struct cmd_args *a, bool no)
{
	unsigned isakmp = dbg_level(DBG_ISAKMP), ipsec = dbg_level(DBG_IPSEC);

	(void)a;
	(void)no;
	if (session_personality(s) == GP_ASA) {
		if (isakmp)
			cli_printf(s, "debug crypto ikev1 enabled at level %u\n", isakmp);
		if (ipsec)
			cli_printf(s, "debug crypto ipsec enabled at level %u\n", ipsec);
		return CMD_SUCCESS;
	}
	if (!isakmp && !ipsec)
		return CMD_SUCCESS;
	cli_puts(s, "Cryptographic Subsystem:\n");
	if (isakmp)
		cli_puts(s, "  Crypto ISAKMP debugging is on\n");
	if (ipsec)
		cli_puts(s, "  Crypto IPSEC debugging is on\n");
	return CMD_SUCCESS;
}

/* ---- debug ---- */

/* IOS `debug crypto isakmp|ipsec` (level 1) with its on/off line; ASA `debug crypto
 * ikev1|isakmp|ipsec [level]` (default 1) silently. */
static int debug_crypto(struct session *s, const struct cmd_args *a, bool no)
{
	const char *what = arg_str(a, "what");
	enum dbg_facility f = what && !strcmp(what, "ipsec") ? DBG_IPSEC : DBG_ISAKMP;
	unsigned level = no ? 0 : (unsigned)arg_num(a, "level", 1);

	dbg_set(f, level);
	if (session_personality(s) == GP_IOS)
		cli_printf(s, "Crypto %s debugging is %s\n", f == DBG_IPSEC ? "IPSEC" : "ISAKMP", level ? "on" : "off");
	return CMD_SUCCESS;
}

static int undebug_crypto(struct session *s, const struct cmd_args *a, bool no)
{
	(void)no;
	return debug_crypto(s, a, true);
}

static int undebug_all(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a;
	(void)no;
	for (unsigned f = 0; f < DBG_COUNT; f++)
		dbg_set((enum dbg_facility)f, 0);
	if (session_personality(s) == GP_IOS)
		cli_puts(s, "All possible debugging has been turned off\n");
	return CMD_SUCCESS;
}

/* ---- clear ---- */

static int clear_ike(struct session *s, const struct cmd_args *a, bool no)
{
	struct in_addr peer;
	bool by_peer = arg_in4(a, "peer", &peer);

	(void)no;
	if (engine(s))
		ike_engine_clear_ike(engine(s), by_peer ? &peer : NULL);
	return CMD_SUCCESS;
}

/* IOS `clear crypto isakmp CONN-ID`: the engine clears by peer, so the SA's peer. */
static int clear_ike_connid(struct session *s, const struct cmd_args *a, bool no)
{
	uint32_t connid = (uint32_t)arg_num(a, "connid", 0);
	struct ike_list l;

	(void)no;
	ike_list_fill(s, &l);
	for (size_t i = 0; i < l.n; i++) {
		if (l.v[i].conn_id == connid) {
			ike_engine_clear_ike(engine(s), &l.v[i].peer.addr);
			break;
		}
	}
	free(l.v);
	return CMD_SUCCESS;
}

static int clear_ipsec(struct session *s, const struct cmd_args *a, bool no)
{
	struct in_addr peer;
	bool by_peer = arg_in4(a, "peer", &peer);

	(void)no;
	if (engine(s))
		ike_engine_clear_ipsec(engine(s), by_peer ? &peer : NULL);
	return CMD_SUCCESS;
}

/* IOS `clear crypto session [remote A]`: the IPsec SAs, then the IKE SAs. */
static int clear_session(struct session *s, const struct cmd_args *a, bool no)
{
	clear_ipsec(s, a, no);
	return clear_ike(s, a, no);
}

#define SHOW_F (F_NOSAVE)
#define SHOW_CRYPTO "\n\n"
#define IPSEC_SA_ARGS "[<peer A.B.C.D$peer|map WORD$map|detail$detail>]"
#define IPSEC_SA_HELP "IPsec SA table\nShow IPsec SAs for a specific peer\nIP address of the peer\n" \
	"Show IPsec SAs for a specific crypto map\nCrypto map tag\nShow detailed IPsec SA information\n"
#define DEBUG_LEVEL_HELP "Specify an optional debug level (default is 1)\n"
#define CLEAR_H "Reset functions\nEncryption module\n"

static const struct command crypto_show_cmds[] = {
	/* show crypto isakmp sa: IOS table, ASA IKEv1 + IKEv2 blocks */
	{ NODE_EXEC, "show crypto isakmp sa [detail$detail]", SHOW_CRYPTO "Show ISAKMP\n"
	  "Show ISAKMP Security Associations\nShow ISAKMP SA Detail\n", show_isakmp_sa, NODE_NONE, SHOW_F },
	{ NODE_EXEC, "show crypto ikev1$v1 sa [detail$detail]", SHOW_CRYPTO "Show IKEv1 information\n"
	  "Show IKEv1 Security Associations\nShow IKEv1 SA Detail\n", show_isakmp_sa, NODE_NONE, SHOW_F | F_ASA },
	{ NODE_EXEC, "show isakmp sa [detail$detail]", "\nShow ISAKMP\nShow ISAKMP Security Associations\n"
	  "Show ISAKMP SA Detail\n", show_isakmp_sa, NODE_NONE, SHOW_F | F_ASA | F_HIDDEN },
	{ NODE_EXEC, "show crypto ipsec sa " IPSEC_SA_ARGS, SHOW_CRYPTO "Show IPsec information\n" IPSEC_SA_HELP,
	  show_ipsec_sa, NODE_NONE, SHOW_F },
	{ NODE_EXEC, "show ipsec sa " IPSEC_SA_ARGS, "\nShow IPsec information\n" IPSEC_SA_HELP, show_ipsec_sa,
	  NODE_NONE, SHOW_F | F_ASA },
	{ NODE_EXEC, "show crypto session [detail$detail]", SHOW_CRYPTO "Show crypto sessions (tunnels)\n"
	  "Crypto session detail information\n", show_session, NODE_NONE, SHOW_F | F_IOS },
	{ NODE_EXEC, "show crypto ikev1 stats", SHOW_CRYPTO "Show IKEv1 information\nShow IKEv1 global statistics\n",
	  show_stats, NODE_NONE, SHOW_F | F_ASA },
	{ NODE_EXEC, "show crypto isakmp stats", SHOW_CRYPTO "Show ISAKMP\nShow ISAKMP global statistics\n",
	  show_stats, NODE_NONE, SHOW_F | F_ASA },
	{ NODE_EXEC, "show debug", "\nShow debug options\n", show_debugging, NODE_NONE, SHOW_F | F_ASA },
	{ NODE_EXEC, "show debugging", "\nState of each debugging option\n", show_debugging, NODE_NONE,
	  SHOW_F | F_IOS },

	/* debug */
	{ NODE_EXEC, "debug crypto <isakmp$what|ipsec$what>", "Debugging functions (see also 'undebug')\n"
	  "Cryptographic subsystem\nCrypto ISAKMP debug messages\nCrypto IPSEC debug messages\n", debug_crypto,
	  NODE_NONE, F_NOSAVE | F_IOS | F_NO },
	{ NODE_EXEC, "undebug crypto <isakmp$what|ipsec$what>", "Disable debugging functions (see also 'debug')\n"
	  "Cryptographic subsystem\nCrypto ISAKMP debug messages\nCrypto IPSEC debug messages\n", undebug_crypto,
	  NODE_NONE, F_NOSAVE | F_IOS },
	{ NODE_EXEC, "debug crypto <ikev1$what|ipsec$what> [(1-255)$level]", "Debugging functions (see also "
	  "'undebug')\nDebug crypto\nIKEv1 debugging\nIPsec debugging\n" DEBUG_LEVEL_HELP, debug_crypto, NODE_NONE,
	  F_NOSAVE | F_ASA | F_NO },
	{ NODE_EXEC, "debug crypto isakmp$what [(1-255)$level]", "Debugging functions (see also 'undebug')\n"
	  "Debug crypto\nISAKMP debugging (IKEv1 before 8.4)\n" DEBUG_LEVEL_HELP, debug_crypto, NODE_NONE,
	  F_NOSAVE | F_ASA | F_NO | F_HIDDEN },
	{ NODE_EXEC, "undebug all", "Disable debugging functions (see also 'debug')\nEnable all debugging\n",
	  undebug_all, NODE_NONE, F_NOSAVE },
	{ NODE_EXEC, "debug all", "Debugging functions (see also 'undebug')\nEnable all debugging\n", undebug_all,
	  NODE_NONE, F_NOSAVE | F_NO_ONLY },

	/* clear: IOS */
	{ NODE_EXEC, "clear crypto isakmp", CLEAR_H "Flush the ISAKMP database\n", clear_ike, NODE_NONE,
	  F_NOSAVE | F_IOS },
	{ NODE_EXEC, "clear crypto isakmp (1-32766)$connid", CLEAR_H "Flush the ISAKMP database\n"
	  "connection id to flush\n", clear_ike_connid, NODE_NONE, F_NOSAVE | F_IOS },
	{ NODE_EXEC, "clear crypto sa [peer A.B.C.D$peer]", CLEAR_H "Clear all SAs\nClear all SAs for a given "
	  "crypto peer\nIP address of the peer\n", clear_ipsec, NODE_NONE, F_NOSAVE | F_IOS },
	{ NODE_EXEC, "clear crypto session [remote A.B.C.D$peer]", CLEAR_H "Clear crypto sessions (tunnels)\n"
	  "Clear session for a remote address\nIP address of the remote peer\n", clear_session, NODE_NONE,
	  F_NOSAVE | F_IOS },
	/* clear: ASA */
	{ NODE_EXEC, "clear crypto ikev1 sa [A.B.C.D$peer]", CLEAR_H "Clear IKEv1 information\nClear IKEv1 SAs\n"
	  "IP address of the peer\n", clear_ike, NODE_NONE, F_NOSAVE | F_ASA },
	{ NODE_EXEC, "clear crypto isakmp sa [A.B.C.D$peer]", CLEAR_H "Clear ISAKMP information\nClear ISAKMP SAs\n"
	  "IP address of the peer\n", clear_ike, NODE_NONE, F_NOSAVE | F_ASA },
	{ NODE_EXEC, "clear crypto ipsec sa [peer A.B.C.D$peer]", CLEAR_H "Clear IPsec information\nClear IPsec SAs\n"
	  "Clear IPsec SAs for a specific peer\nIP address of the peer\n", clear_ipsec, NODE_NONE, F_NOSAVE | F_ASA },
	{ NODE_EXEC, "clear ipsec sa [peer A.B.C.D$peer]", "Reset functions\nClear IPsec information\n"
	  "Clear IPsec SAs\nClear IPsec SAs for a specific peer\nIP address of the peer\n", clear_ipsec, NODE_NONE,
	  F_NOSAVE | F_ASA | F_HIDDEN },
};

const struct area area_crypto_show = {
	"crypto-show", crypto_show_cmds, ARRAY_SIZE(crypto_show_cmds), NULL, NULL, NULL, 0,
};
