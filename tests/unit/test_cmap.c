/* Phase-2, crypto map and tunnel-group models and their renderers, both
 * personalities: transform keywords in and out, the device's line orders, defaults
 * hidden or shown, key masking, `show crypto map` / `show crypto ipsec transform-set`,
 * and what the VPN compiler reads. The model is driven through its mutators (the
 * same calls the CLI handlers make). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli_box.h"
#include "platform/daemon.h"
#include "running-config/area.h"
#include "shell/session.h"
#include "running-config/crypto_map.h"
#include "running-config/ipsec.h"
#include "running-config/tunnel_group.h"
#include "vpn/isakmp.h"
#include "vpn/vpn_config.h"

static struct running_config *rc_new(enum grammar_personality p)
{
	struct running_config *rc = xcalloc(1, sizeof(*rc));

	rc->personality = p;
	ipsec_model_init(rc);
	cmap_model_init(rc);
	tgroup_model_init(rc);
	return rc;
}

static void rc_free(struct running_config *rc)
{
	tgroup_model_fini(rc);
	cmap_model_fini(rc);
	ipsec_model_fini(rc);
	free(rc);
}

typedef void (*render_fn)(const struct running_config *, const struct render_ctx *, struct strbuf *);

static char *render(const struct running_config *rc, render_fn fn, enum grammar_personality p, enum render_mode m)
{
	struct render_ctx ctx = { p, m, NULL };
	struct strbuf out;

	sb_init(&out);
	fn(rc, &ctx, &out);
	return out.s ? sb_steal(&out) : xstrdup("");
}

static void check_render(const struct running_config *rc, render_fn fn, enum grammar_personality p,
			 enum render_mode m, const char *want)
{
	char *got = render(rc, fn, p, m);

	CHECK_STR(got, want);
	free(got);
}

static bool add_tset(struct running_config *rc, const char *name, const char *words)
{
	char *copy = xstrdup(words), *save = NULL;
	const char *v[8];
	size_t n = 0;
	struct ipsec_tset ts = { 0 };
	const char *why = NULL;
	bool ok;

	for (char *w = strtok_r(copy, " ", &save); w && n < 8; w = strtok_r(NULL, " ", &save))
		v[n++] = w;
	snprintf(ts.name, sizeof(ts.name), "%s", name);
	ok = ipsec_tset_parse(v, n, &ts, &why);
	if (ok)
		ipsec_tset_set(rc, &ts);
	free(copy);
	return ok;
}

static void test_transform_keywords(void)
{
	struct running_config *rc = rc_new(GP_IOS);
	const struct ipsec_tset *ts;
	struct vpn_transform_set v;
	struct strbuf sb;

	CHECK(add_tset(rc, "AES128", "esp-aes 128 esp-sha-hmac"));
	CHECK(add_tset(rc, "AES256", "esp-sha256-hmac esp-aes 256"));    /* typed order does not matter */
	CHECK(add_tset(rc, "ASA256", "esp-aes-256 esp-md5-hmac"));       /* the ASA spelling, same model */
	CHECK(add_tset(rc, "GCM", "esp-gcm 256"));
	CHECK(!add_tset(rc, "BAD", "esp-aes esp-3des"));                 /* two ESP ciphers */
	CHECK(!add_tset(rc, "BAD", "esp-sha-hmac esp-md5-hmac"));
	CHECK(ipsec_tset_find(rc, "BAD") == NULL);
	CHECK(ipsec_tset_set_mode(rc, "AES128", TS_MODE_TRANSPORT));

	check_render(rc, ipsec_render_tsets, GP_IOS, RENDER_SHOW,
		     "crypto ipsec transform-set AES128 esp-aes esp-sha-hmac \n mode transport\n"
		     "crypto ipsec transform-set AES256 esp-aes 256 esp-sha256-hmac \n mode tunnel\n"
		     "crypto ipsec transform-set ASA256 esp-aes 256 esp-md5-hmac \n mode tunnel\n"
		     "crypto ipsec transform-set GCM esp-gcm 256 \n mode tunnel\n");
	/* Under ASA, what IKEv1 on ASA cannot express is said, not silently dropped. */
	check_render(rc, ipsec_render_tsets, GP_ASA, RENDER_SHOW,
		     "crypto ipsec ikev1 transform-set AES128 esp-aes esp-sha-hmac \n"
		     "crypto ipsec ikev1 transform-set AES128 mode transport\n"
		     ": no ASA IKEv1 equivalent: crypto ipsec transform-set AES256 esp-aes 256 esp-sha256-hmac\n"
		     "crypto ipsec ikev1 transform-set ASA256 esp-aes-256 esp-md5-hmac \n"
		     ": no ASA IKEv1 equivalent: crypto ipsec transform-set GCM esp-gcm 256\n");

	sb_init(&sb);
	CHECK(ipsec_show_tsets(rc, "AES256", &sb));
	CHECK_STR(sb.s, "Transform set AES256: { esp-256-aes esp-sha256-hmac  }\n   will negotiate = { Tunnel,  },\n\n");
	sb_reset(&sb);
	CHECK(!ipsec_show_tsets(rc, "NOPE", &sb));
	CHECK(ipsec_show_tsets(rc, NULL, &sb));
	CHECK(!strncmp(sb.s, "Transform set default: { esp-aes esp-sha-hmac  }\n   will negotiate = { Transport,  },\n\n", 79));
	sb_reset(&sb);
	ipsec_show_sa_lifetime(rc, &sb);
	CHECK_STR(sb.s, "Security association lifetime: 4608000 kilobytes/3600 seconds\n");
	sb_free(&sb);

	ts = ipsec_tset_find(rc, "AES256");
	CHECK(ipsec_tset_to_vpn(ts, &v));
	CHECK(v.esp_id == ESP_AES && v.key_bits == 256 && v.auth_alg == IPSEC_AUTH_HMAC_SHA2_256);
	CHECK(v.mode == DP_MODE_TUNNEL);
	CHECK(ipsec_tset_to_vpn(ipsec_tset_find(rc, "AES128"), &v));
	CHECK(v.key_bits == 128 && v.auth_alg == IPSEC_AUTH_HMAC_SHA1 && v.mode == DP_MODE_TRANSPORT);
	CHECK(ipsec_tset_to_vpn(ipsec_tset_find(rc, "GCM"), &v));
	CHECK(v.esp_id == ESP_AES_GCM_16 && v.auth_alg == 0);

	/* Redefining keeps the mode; deleting removes. */
	CHECK(add_tset(rc, "AES128", "esp-3des esp-md5-hmac"));
	CHECK(ipsec_tset_find(rc, "AES128")->mode == TS_MODE_TRANSPORT);
	CHECK(ipsec_tset_delete(rc, "AES128"));
	CHECK(!ipsec_tset_delete(rc, "AES128"));
	rc_free(rc);
}

static void test_sa_globals(void)
{
	struct running_config *rc = rc_new(GP_ASA);
	struct ipsec_config *ic = ipsec_config_of(rc);

	/* ASA prints pmtu-aging always, lifetimes only when they differ from its defaults. */
	check_render(rc, ipsec_render_sa, GP_ASA, RENDER_SHOW, "crypto ipsec security-association pmtu-aging infinite\n");
	check_render(rc, ipsec_render_sa, GP_IOS, RENDER_SHOW, "");
	ic->lifetime_s = 3600;
	ic->lifetime_kb = 102400000;
	check_render(rc, ipsec_render_sa, GP_ASA, RENDER_SHOW,
		     "crypto ipsec security-association lifetime seconds 3600\n"
		     "crypto ipsec security-association lifetime kilobytes 102400000\n"
		     "crypto ipsec security-association pmtu-aging infinite\n");
	/* 3600 is IOS's default: hidden there. */
	check_render(rc, ipsec_render_sa, GP_IOS, RENDER_SHOW,
		     "crypto ipsec security-association lifetime kilobytes 102400000\n!\n");
	CHECK(ipsec_lifetime_s(rc) == 3600);
	ic->lifetime_s = 0;
	CHECK(ipsec_lifetime_s(rc) == IPSEC_ASA_LIFETIME_S);
	ic->replay_window = 128;
	ic->df_bit = IPSEC_DF_CLEAR;
	check_render(rc, ipsec_render_global, GP_IOS, RENDER_SHOW, "crypto ipsec df-bit clear\n!\n");
	check_render(rc, ipsec_render_global, GP_ASA, RENDER_SHOW, "");

	struct ipsec_profile *p = ipsec_profile_get(rc, "VTI", true);
	snprintf(p->tsets[p->ntsets++], IPSEC_NAME_MAX, "TS");
	p->pfs_group = 2;
	p->lifetime_s = 3600;        /* the default: hidden */
	check_render(rc, ipsec_render_profiles, GP_IOS, RENDER_SHOW,
		     "crypto ipsec profile VTI\n set transform-set TS \n set pfs group2\n!\n");
	check_render(rc, ipsec_render_profiles, GP_ASA, RENDER_SHOW, "");
	rc_free(rc);
}

static struct cmap_entry *entry(struct running_config *rc, const char *map, uint32_t seq, bool dynamic)
{
	return cmap_entry_get(rc, cmap_get(rc, map, dynamic, true), seq, true);
}

static void add_peer(struct cmap_entry *e, const char *text)
{
	CHECK(cmap_peer_parse(text, &e->peers[e->npeers]));
	e->npeers++;
}

static void test_crypto_map_render(void)
{
	struct running_config *rc = rc_new(GP_ASA);
	struct cmap_entry *e;
	struct cmap_peer bad;

	/* Entries created out of order render by sequence. */
	e = entry(rc, "OUT", 20, false);
	snprintf(e->acl, sizeof(e->acl), "ACL20");
	add_peer(e, "198.51.100.7");
	e = entry(rc, "OUT", 10, false);
	snprintf(e->acl, sizeof(e->acl), "ACL10");
	e->pfs_group = 2;
	e->pfs_bare = true;
	add_peer(e, "192.0.2.2");
	add_peer(e, "Peer-1");
	snprintf(e->tsets[e->ntsets++], CMAP_NAME_MAX, "TS1");
	snprintf(e->tsets[e->ntsets++], CMAP_NAME_MAX, "TS2");
	e->reverse_route = true;
	e->lifetime_s = 28800;
	e->conn_type = CMAP_CONN_ANSWER_ONLY;
	e = entry(rc, "OUT", 65535, false);
	snprintf(e->dynamic_map, sizeof(e->dynamic_map), "DYN");
	e = entry(rc, "DYN", 10, true);
	snprintf(e->tsets[e->ntsets++], CMAP_NAME_MAX, "TS1");
	cmap_bind(rc, "outside", "OUT");

	CHECK(!cmap_peer_parse("300.1.1.1", &bad));
	CHECK(cmap_at(rc, 0)->entries[0].seq == 10);
	CHECK(cmap_entry_find(cmap_find(rc, "OUT", false), 10)->peers[0].is_addr);
	CHECK(!cmap_entry_find(cmap_find(rc, "OUT", false), 10)->peers[1].is_addr);

	check_render(rc, cmap_render, GP_ASA, RENDER_SHOW,
		     "crypto dynamic-map DYN 10 set ikev1 transform-set TS1\n"
		     "crypto map OUT 10 match address ACL10\n"
		     "crypto map OUT 10 set pfs\n"
		     "crypto map OUT 10 set connection-type answer-only\n"
		     "crypto map OUT 10 set peer 192.0.2.2 Peer-1 \n"
		     "crypto map OUT 10 set ikev1 transform-set TS1 TS2\n"
		     "crypto map OUT 10 set reverse-route\n"
		     "crypto map OUT 10 set security-association lifetime seconds 28800\n"
		     "crypto map OUT 20 match address ACL20\n"
		     "crypto map OUT 20 set peer 198.51.100.7 \n"
		     "crypto map OUT 65535 ipsec-isakmp dynamic DYN\n"
		     "crypto map OUT interface outside\n");
	/* `show running-config all crypto map` adds the defaults. */
	{
		char *all = render(rc, cmap_render, GP_ASA, RENDER_ALL);
		CHECK(strstr(all, "crypto map OUT 20 match address ACL20\n"
				  "crypto map OUT 20 set connection-type bidirectional\n"
				  "crypto map OUT 20 set peer 198.51.100.7 \n"
				  "crypto map OUT 20 set ikev1 phase1-mode main\n"
				  "crypto map OUT 20 set ikev2 mode tunnel\n"
				  "no crypto map OUT 20 set tfc-packets\n") != NULL);
		free(all);
	}
	/* The same model under IOS: blocks, dynamic map first. */
	check_render(rc, cmap_render, GP_IOS, RENDER_SHOW,
		     "crypto dynamic-map DYN 10\n"
		     " set transform-set TS1 \n"
		     "!\n"
		     "crypto map OUT 10 ipsec-isakmp \n"
		     " set peer 192.0.2.2\n"
		     " set peer Peer-1\n"
		     " set security-association lifetime seconds 28800\n"
		     " set transform-set TS1 TS2 \n"
		     " set pfs group2\n"
		     " reverse-route\n"
		     " match address ACL10\n"
		     "crypto map OUT 20 ipsec-isakmp \n"
		     " set peer 198.51.100.7\n"
		     " match address ACL20\n"
		     "crypto map OUT 65535 ipsec-isakmp dynamic DYN \n"
		     "!\n");

	/* Users of a transform set, bindings, deletes. */
	uint32_t seq = 0;
	CHECK_STR(cmap_tset_user(rc, "TS2", &seq), "OUT");
	CHECK(seq == 10);
	CHECK(cmap_tset_user(rc, "TS9", &seq) == NULL);
	CHECK_STR(cmap_map_of_interface(rc, "outside"), "OUT");
	cmap_bind(rc, "outside", "OTHER");       /* one map per interface: replaced */
	CHECK_STR(cmap_map_of_interface(rc, "outside"), "OTHER");
	CHECK(cmap_interface_of_map(rc, "OUT", 0) == NULL);
	unsigned before = cmap_find(rc, "OUT", false)->changes;
	cmap_entry_delete(rc, cmap_get(rc, "OUT", false, false), 20);
	CHECK(cmap_find(rc, "OUT", false)->changes > before);
	CHECK(cmap_entry_find(cmap_find(rc, "OUT", false), 20) == NULL);
	cmap_delete(rc, "OUT", false);
	CHECK(cmap_find(rc, "OUT", false) == NULL);
	CHECK(cmap_find(rc, "DYN", true) != NULL);
	rc_free(rc);
}

static void test_ios_map_and_show(void)
{
	struct running_config *rc = rc_new(GP_IOS);
	struct cmap_entry *e;
	struct strbuf sb;
	struct render_ctx ctx = { GP_IOS, RENDER_SHOW, NULL };

	CHECK(add_tset(rc, "TS", "esp-aes 256 esp-sha-hmac"));
	e = entry(rc, "VPN", 10, false);
	snprintf(e->description, sizeof(e->description), "to R2");
	add_peer(e, "10.2.2.2");
	snprintf(e->tsets[e->ntsets++], CMAP_NAME_MAX, "TS");
	snprintf(e->tsets[e->ntsets++], CMAP_NAME_MAX, "LATER");
	e->pfs_group = 5;
	cmap_bind(rc, "Serial0/3/0", "VPN");
	snprintf(cmap_get(rc, "VPN", false, false)->local_address, CMAP_NAME_MAX, "Loopback0");

	CHECK(!cmap_entry_complete(cmap_find(rc, "VPN", false), e));   /* no ACL yet */
	sb_init(&sb);
	CHECK(cmap_show(rc, NULL, &sb));
	CHECK_STR(sb.s, "Crypto Map IPv4 \"VPN\" 10 ipsec-isakmp\n"
			"\tWARNING: This crypto map is in an incomplete state!\n"
			"\t\t(missing peer or access-list definitions)\n"
			"\tDescription: to R2\n"
			"\tPeer = 10.2.2.2\n"
			"\tAccess-List SS dynamic: False\n"
			"\tNo matching address list set.\n"
			"\tCurrent peer: 10.2.2.2\n"
			"\tSecurity association lifetime: 4608000 kilobytes/3600 seconds\n"
			"\tDualstack (Y/N): N\n\n"
			"\tResponder-Only (Y/N): N\n"
			"\tPFS (Y/N): Y\n"
			"\tDH group:  group5\n"
			"\tMixed-mode : Disabled\n"
			"\tTransform sets={ \n"
			"\t\tTS:  { esp-256-aes esp-sha-hmac  } , \n"
			"\t\tLATER:  { not configured } , \n"
			"\t}\n"
			"\tInterfaces using crypto map VPN:\n"
			"\t\tSerial0/3/0\n\n");
	sb_reset(&sb);
	CHECK(!cmap_show(rc, "NOPE", &sb));
	sb_free(&sb);

	sb_init(&sb);
	cmap_render_interface_lines(rc, "Serial0/3/0", &ctx, &sb);
	CHECK_STR(sb.s, " crypto map VPN\n");
	sb_reset(&sb);
	cmap_render_interface_lines(rc, "GigabitEthernet0/0", &ctx, &sb);
	CHECK(sb.len == 0);
	sb_free(&sb);
	check_render(rc, cmap_render, GP_IOS, RENDER_SHOW,
		     "crypto map VPN local-address Loopback0\n"
		     "crypto map VPN 10 ipsec-isakmp \n"
		     " description to R2\n"
		     " set peer 10.2.2.2\n"
		     " set transform-set TS LATER \n"
		     " set pfs group5\n"
		     "!\n");
	CHECK(cmap_unbind(rc, "Serial0/3/0", NULL));
	CHECK(!cmap_unbind(rc, "Serial0/3/0", NULL));
	rc_free(rc);
}

static void test_tunnel_groups(void)
{
	struct running_config *rc = rc_new(GP_ASA);
	struct tgroup *tg = tgroup_get(rc, "192.0.2.2", true);
	struct gpolicy *gp;
	uint32_t thr, retry;
	struct in_addr peer;

	tg->type = TG_TYPE_L2L;
	snprintf(tg->psk, sizeof(tg->psk), "cisco123");
	snprintf(tg->default_group_policy, sizeof(tg->default_group_policy), "GP1");
	tg->peer_id_validate = TG_PEER_ID_NOCHECK;
	snprintf(tg->ikev2_local_psk, sizeof(tg->ikev2_local_psk), "v2key");
	check_render(rc, tgroup_render, GP_ASA, RENDER_SHOW,
		     "tunnel-group 192.0.2.2 type ipsec-l2l\n"
		     "tunnel-group 192.0.2.2 general-attributes\n"
		     " default-group-policy GP1\n"
		     "tunnel-group 192.0.2.2 ipsec-attributes\n"
		     " ikev1 pre-shared-key *****\n"
		     " peer-id-validate nocheck\n"
		     " ikev2 local-authentication pre-shared-key *****\n");
	check_render(rc, tgroup_render, GP_ASA, RENDER_SAVE,
		     "tunnel-group 192.0.2.2 type ipsec-l2l\n"
		     "tunnel-group 192.0.2.2 general-attributes\n"
		     " default-group-policy GP1\n"
		     "tunnel-group 192.0.2.2 ipsec-attributes\n"
		     " ikev1 pre-shared-key cisco123\n"
		     " peer-id-validate nocheck\n"
		     " ikev2 local-authentication pre-shared-key v2key\n");
	check_render(rc, tgroup_render, GP_IOS, RENDER_SHOW, "");

	/* DPD: defaults hidden, 10/2 for L2L; a change shows. */
	inet_pton(AF_INET, "192.0.2.2", &peer);
	CHECK(tgroup_for_peer(rc, peer) == tg);
	CHECK(tgroup_dpd(tg, &thr, &retry) && thr == 10 && retry == 2);
	tg->keepalive_threshold = 10;
	tg->keepalive_retry = 2;
	{
		char *out = render(rc, tgroup_render, GP_ASA, RENDER_SHOW);
		CHECK(strstr(out, "keepalive") == NULL);
		free(out);
	}
	tg->keepalive_threshold = 30;
	{
		char *out = render(rc, tgroup_render, GP_ASA, RENDER_SHOW);
		CHECK(strstr(out, " isakmp keepalive threshold 30 retry 2\n") != NULL);
		free(out);
	}
	tg->keepalive_disabled = true;
	CHECK(!tgroup_dpd(tg, &thr, &retry));

	/* Unknown peers fall back to DefaultL2LGroup only when it has a key. */
	inet_pton(AF_INET, "203.0.113.9", &peer);
	CHECK(tgroup_for_peer(rc, peer) == NULL);
	snprintf(tgroup_get(rc, TG_DEFAULT_L2L, true)->psk, TG_PSK_MAX, "wild");
	CHECK_STR(tgroup_for_peer(rc, peer)->name, TG_DEFAULT_L2L);

	/* group-policy: vpn-tunnel-protocol typed, the rest kept in place. */
	gp = gpolicy_get(rc, "SSL", true);
	gp->kind = GP_KIND_INTERNAL;
	gpolicy_line_set(gp, "dns-server", "dns-server value 192.0.2.13", 1);
	gp->protocols_pos = gp->nlines;
	gp->protocols = GP_PROTO_SSL_CLIENTLESS | GP_PROTO_SSL_CLIENT;
	gpolicy_line_set(gp, "split-tunnel-policy", "split-tunnel-policy tunnelspecified", 1);
	gpolicy_line_set(gp, "webvpn", "webvpn", 1);
	gpolicy_line_set(gp, "anyconnect", "anyconnect ssl rekey time 30", 2);
	gpolicy_line_set(gp, "anyconnect", "anyconnect ssl rekey method ssl", 2);
	gpolicy_line_set(gp, "dns-server", "dns-server value 192.0.2.14", 1);   /* replaces */
	check_render(rc, gpolicy_render, GP_ASA, RENDER_SHOW,
		     "group-policy SSL internal\n"
		     "group-policy SSL attributes\n"
		     " dns-server value 192.0.2.14\n"
		     " vpn-tunnel-protocol ssl-client ssl-clientless\n"
		     " split-tunnel-policy tunnelspecified\n"
		     " webvpn\n"
		     "  anyconnect ssl rekey time 30\n"
		     "  anyconnect ssl rekey method ssl\n");
	gpolicy_line_set(gp, "webvpn", NULL, 1);
	CHECK(gp->nlines == 2);

	/* sysopt connection permit-vpn: on by default, only `no` printed. */
	check_render(rc, sysopt_render, GP_ASA, RENDER_SHOW, "");
	check_render(rc, sysopt_render, GP_ASA, RENDER_ALL, "sysopt connection permit-vpn\n");
	rc->tgroup->permit_vpn = false;
	check_render(rc, sysopt_render, GP_ASA, RENDER_SHOW, "no sysopt connection permit-vpn\n");
	CHECK(!tgroup_permit_vpn(rc));
	tgroup_delete(rc, "192.0.2.2");
	CHECK(tgroup_find(rc, "192.0.2.2") == NULL);
	rc_free(rc);
}

/* ---- through the real grammar and session ---- */

static const char *run(struct box *b, const char *line)
{
	return box_run(b, line);
}

static void run_quiet(struct box *b, const char *line)
{
	const char *out = run(b, line);

	if (*out)
		fprintf(stderr, "line \"%s\" printed:\n%s", line, out);
	CHECK(*out == '\0');
}

static void test_cli_asa(void)
{
	struct box b;
	const struct cmap *m;
	const struct cmap_entry *e;
	const struct tgroup *tg;

	box_open(&b, GP_ASA);
	run_quiet(&b, "crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac");
	run_quiet(&b, "crypto ipsec transform-set OLD esp-3des esp-md5-hmac");
	CHECK(strstr(run(&b, "crypto ipsec ikev1 transform-set BAD esp-aes esp-3des"), "ERROR: ") != NULL);
	CHECK(ipsec_tset_find(b.rd.config, "BAD") == NULL);
	run_quiet(&b, "crypto map OUT 10 match address ACL1");
	run_quiet(&b, "crypto map OUT 10 set peer 192.0.2.2 198.51.100.2");
	CHECK(strstr(run(&b, "crypto map OUT 10 set peer 300.1.1.1"), "ERROR: ") != NULL);
	run_quiet(&b, "crypto map OUT 10 set ikev1 transform-set TS OLD");
	run_quiet(&b, "crypto map OUT 10 set pfs");
	run_quiet(&b, "crypto map OUT 10 set ikev1 phase1-mode aggressive");
	run_quiet(&b, "crypto map OUT 10 set connection-type originate-only");
	run_quiet(&b, "crypto map OUT 10 set nat-t-disable");
	run_quiet(&b, "crypto map OUT interface outside");
	m = cmap_find(b.rd.config, "OUT", false);
	CHECK(m != NULL);
	e = m ? cmap_entry_find(m, 10) : NULL;
	CHECK(e && e->npeers == 2 && e->ntsets == 2 && cmap_entry_pfs(e) == 2 && e->aggressive && e->nat_t_disable);
	CHECK(e && e->conn_type == CMAP_CONN_ORIGINATE_ONLY && !strcmp(e->acl, "ACL1"));
	CHECK_STR(cmap_map_of_interface(b.rd.config, "outside"), "OUT");
	/* Deleting a set still in use warns and deletes. */
	CHECK(strstr(run(&b, "no crypto ipsec ikev1 transform-set OLD"), "WARNING: Transform set OLD is in use") != NULL);
	CHECK(ipsec_tset_find(b.rd.config, "OLD") == NULL);
	run_quiet(&b, "tunnel-group 192.0.2.2 type ipsec-l2l");
	run_quiet(&b, "tunnel-group 192.0.2.2 ipsec-attributes");
	run_quiet(&b, "ikev1 pre-shared-key s3cret");
	run_quiet(&b, "isakmp keepalive threshold 20 retry 4");
	run_quiet(&b, "exit");
	tg = tgroup_find(b.rd.config, "192.0.2.2");
	CHECK(tg && !strcmp(tg->psk, "s3cret") && tg->keepalive_threshold == 20 && tg->keepalive_retry == 4);
	run_quiet(&b, "no crypto map OUT 10 set peer 192.0.2.2");
	CHECK(e && e->npeers == 1);
	run_quiet(&b, "no crypto map OUT");
	CHECK(cmap_find(b.rd.config, "OUT", false) == NULL);
	CHECK(cmap_map_of_interface(b.rd.config, "outside") == NULL);
	box_close(&b);
}

static void test_cli_ios(void)
{
	struct box b;
	const struct cmap_entry *e;

	box_open(&b, GP_IOS);
	run_quiet(&b, "crypto ipsec transform-set TS esp-aes 128 esp-sha-hmac");
	CHECK(session_node(b.s) == NODE_CRYPTO_TRANS);
	run_quiet(&b, "mode transport");
	CHECK(ipsec_tset_find(b.rd.config, "TS")->mode == TS_MODE_TRANSPORT);
	/* A global command from a sub-mode pops back to config. */
	CHECK(strstr(run(&b, "crypto map VPN 10 ipsec-isakmp"), "% NOTE: This new crypto map will remain disabled") != NULL);
	CHECK(session_node(b.s) == NODE_CRYPTO_MAP);
	run_quiet(&b, "set peer 10.2.2.2");
	run_quiet(&b, "set peer 10.3.3.3");
	run_quiet(&b, "set transform-set TS");
	run_quiet(&b, "match address 110");
	run_quiet(&b, "set pfs group5");
	e = cmap_entry_find(cmap_find(b.rd.config, "VPN", false), 10);
	CHECK(e && e->npeers == 2 && e->pfs_group == 5 && !strcmp(e->acl, "110"));
	/* Re-entering an existing entry prints no notice. */
	CHECK(*run(&b, "crypto map VPN 10 ipsec-isakmp") == '\0');
	run_quiet(&b, "no set peer 10.2.2.2");
	CHECK(e && e->npeers == 1 && !strcmp(e->peers[0].text, "10.3.3.3"));
	run_quiet(&b, "crypto dynamic-map DYN 5");
	run_quiet(&b, "set transform-set TS");
	CHECK(cmap_find(b.rd.config, "DYN", true) != NULL);
	run_quiet(&b, "crypto ipsec profile P");
	run_quiet(&b, "set transform-set TS");
	run_quiet(&b, "set pfs");
	CHECK(ipsec_profile_find(b.rd.config, "P")->pfs_group == 1);
	run_quiet(&b, "exit");
	run_quiet(&b, "no crypto map VPN 10");
	CHECK(cmap_find(b.rd.config, "VPN", false) == NULL);
	box_close(&b);
}

int main(void)
{
	test_cli_asa();
	test_cli_ios();
	test_transform_keywords();
	test_sa_globals();
	test_crypto_map_render();
	test_ios_map_and_show();
	test_tunnel_groups();
	return check_done("test_cmap");
}
