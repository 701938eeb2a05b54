/* The IKE phase-1 config areas through the real grammar and session: typed lines in,
 * the model and the rendered text out, on both personalities; translation (a config
 * typed on one personality rendered on the other and loaded there) and the round-trip
 * law render(load(render(C))) == render(C). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli_box.h"
#include "platform/daemon.h"
#include "running-config/area.h"
#include "running-config/ike.h"
#include "shell/session.h"

extern const struct area area_ike_policy, area_ike_global, area_ike_keys;

/* Runs one line; returns what it printed (valid until the next line). */
static const char *run(struct box *b, const char *line)
{
	return box_run(b, line);
}

static void run_ok(struct box *b, const char *line)
{
	const char *out = run(b, line);

	if (*out)
		fprintf(stderr, "line \"%s\" printed:\n%s", line, out);
	CHECK(*out == '\0');
}

/* The IKE sections in the device's order for the personality. */
static const char *const asa_ids[] = { "isakmp-enable", "isakmp-policy", "isakmp-global" };
static const char *const ios_ids[] = { "crypto-keyring", "isakmp-policy", "isakmp-key", "isakmp-global",
				       "isakmp-peer", "isakmp-profile" };

static const struct area_section *ike_section(const char *id)
{
	const struct area *areas[] = { &area_ike_policy, &area_ike_global, &area_ike_keys };

	for (size_t a = 0; a < ARRAY_SIZE(areas); a++)
		for (size_t i = 0; i < areas[a]->nsections; i++)
			if (!strcmp(areas[a]->sections[i].id, id))
				return &areas[a]->sections[i];
	return NULL;
}

static char *render_ike(const struct running_config *rc, enum grammar_personality p, enum render_mode mode)
{
	struct render_ctx ctx = { p, mode, NULL };
	const char *const *ids = p == GP_ASA ? asa_ids : ios_ids;
	size_t n = p == GP_ASA ? ARRAY_SIZE(asa_ids) : ARRAY_SIZE(ios_ids);
	struct strbuf out;

	sb_init(&out);
	for (size_t i = 0; i < n; i++)
		ike_section(ids[i])->render(rc, &ctx, &out);
	return out.s ? sb_steal(&out) : xstrdup("");
}

/* Feeds rendered text back as typed lines (`!` lines are comments). */
static void load_text(struct box *b, const char *text)
{
	char *copy = xstrdup(text), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '!')
			continue;
		run_ok(b, line);
	}
	free(copy);
}

static void check_round_trip(const struct running_config *rc, enum grammar_personality p)
{
	char *first = render_ike(rc, p, RENDER_SAVE), *second;
	struct box b;

	box_open(&b, p);
	load_text(&b, first);
	second = render_ike(b.rd.config, p, RENDER_SAVE);
	CHECK_STR(second, first);
	free(first);
	free(second);
	box_close(&b);
}

static void test_asa_policy(void)
{
	struct box b;
	char *text;
	const struct ike_policy *p;

	box_open(&b, GP_ASA);
	run_ok(&b, "crypto ikev1 policy 20");
	CHECK(session_node(b.s) == NODE_IKEV1_POLICY);
	run_ok(&b, " hash md5");
	run_ok(&b, " encryption aes-256");
	run_ok(&b, " group 14");
	run_ok(&b, " lifetime none");
	run_ok(&b, "exit");
	run_ok(&b, "crypto ikev1 policy 10");     /* defaults only */
	run_ok(&b, "crypto isakmp policy 30");    /* legacy sub-mode */
	CHECK(session_node(b.s) == NODE_ISAKMP_POLICY);
	run_ok(&b, "authentication rsa-sig");
	run_ok(&b, "exit");
	run_ok(&b, "isakmp policy 40 encryption des");   /* PIX one-liner */
	run_ok(&b, "isakmp policy 40 lifetime 3600");

	CHECK(ike_policy_count(b.rd.config) == 4);
	p = ike_policy_at(b.rd.config, 0);
	CHECK(p && p->priority == 10 && p->enc == IKE_ENC_3DES && p->auth == IKE_AUTH_PRE_SHARE && p->group == 2);
	p = ike_policy_find(b.rd.config, 20);
	CHECK(p && p->enc == IKE_ENC_AES && p->key_bits == 256 && p->hash == IKE_HASH_MD5 && p->lifetime_s == 0);

	text = render_ike(b.rd.config, GP_ASA, RENDER_SHOW);
	CHECK_STR(text,
		  "crypto ikev1 policy 10\n authentication pre-share\n encryption 3des\n hash sha\n group 2\n"
		  " lifetime 86400\n"
		  "crypto ikev1 policy 20\n authentication pre-share\n encryption aes-256\n hash md5\n group 14\n"
		  " lifetime none\n"
		  "crypto ikev1 policy 30\n authentication rsa-sig\n encryption 3des\n hash sha\n group 2\n"
		  " lifetime 86400\n"
		  "crypto ikev1 policy 40\n authentication pre-share\n encryption des\n hash sha\n group 2\n"
		  " lifetime 3600\n");
	free(text);

	/* `no` of a sub-command restores the ASA default; `no` of the policy deletes it */
	run_ok(&b, "crypto ikev1 policy 20");
	run_ok(&b, "no encryption");
	run_ok(&b, "no lifetime");
	run_ok(&b, "exit");
	p = ike_policy_find(b.rd.config, 20);
	CHECK(p && p->enc == IKE_ENC_3DES && p->lifetime_s == 86400 && p->hash == IKE_HASH_MD5);
	run_ok(&b, "no crypto ikev1 policy 30");
	CHECK(ike_policy_find(b.rd.config, 30) == NULL && ike_policy_count(b.rd.config) == 3);

	/* IOS-only spellings are not ASA's */
	CHECK(*run(&b, "crypto ikev1 policy 20") == '\0');
	CHECK(strstr(run(&b, "encryption aes 256"), "Invalid input") != NULL);   /* ASA says aes-256 */
	CHECK(strstr(run(&b, "lifetime 100"), "Invalid input") != NULL);   /* ASA minimum is 120 */
	run_ok(&b, "exit");

	check_round_trip(b.rd.config, GP_ASA);
	box_close(&b);
}

static void test_ios_policy(void)
{
	struct box b;
	char *text;
	const struct ike_policy *p;

	box_open(&b, GP_IOS);
	run_ok(&b, "crypto isakmp policy 10");
	CHECK(session_node(b.s) == NODE_ISAKMP_POLICY);
	/* typed in another order than IOS prints (cisco-grammar.md §15) */
	run_ok(&b, " encryption 3des");
	run_ok(&b, " authentication pre-share");
	run_ok(&b, " group 5");
	run_ok(&b, " hash md5");
	run_ok(&b, " lifetime 86400");
	run_ok(&b, "crypto isakmp policy 200");
	run_ok(&b, " encr aes");
	run_ok(&b, " hash sha");
	run_ok(&b, " lifetime 28800");
	run_ok(&b, "crypto isakmp policy 18");
	run_ok(&b, " encryption aes 256");
	run_ok(&b, " hash sha512");
	run_ok(&b, " group 16");
	run_ok(&b, "crypto isakmp policy 5");
	run_ok(&b, "exit");

	p = ike_policy_find(b.rd.config, 5);
	CHECK(p && p->enc == IKE_ENC_DES && p->auth == IKE_AUTH_RSA_SIG && p->group == 1 && p->hash == IKE_HASH_SHA);
	p = ike_policy_find(b.rd.config, 18);
	CHECK(p && p->enc == IKE_ENC_AES && p->key_bits == 256 && p->hash == IKE_HASH_SHA512 && p->group == 16);
	CHECK(ike_policy_at(b.rd.config, 0)->priority == 5 && ike_policy_at(b.rd.config, 3)->priority == 200);

	text = render_ike(b.rd.config, GP_IOS, RENDER_SHOW);
	CHECK_STR(text,
		  "crypto isakmp policy 5\n"
		  "!\n"
		  "crypto isakmp policy 10\n encr 3des\n hash md5\n authentication pre-share\n group 5\n"
		  "!\n"
		  "crypto isakmp policy 18\n encr aes 256\n hash sha512\n group 16\n"
		  "!\n"
		  "crypto isakmp policy 200\n encr aes\n lifetime 28800\n"
		  "!\n");
	free(text);

	/* the same policies on ASA: every line, with IOS's defaults spelled out */
	text = render_ike(b.rd.config, GP_ASA, RENDER_SAVE);
	CHECK(strstr(text, "crypto ikev1 policy 5\n authentication rsa-sig\n encryption des\n hash sha\n group 1\n"
			   " lifetime 86400\n") != NULL);
	CHECK(strstr(text, "crypto ikev1 policy 18\n authentication rsa-sig\n encryption aes-256\n hash sha512\n") != NULL);
	free(text);

	run_ok(&b, "crypto isakmp policy 10");
	run_ok(&b, "no hash");
	run_ok(&b, "default group");
	run_ok(&b, "no authentication pre-share");
	run_ok(&b, "end");
	p = ike_policy_find(b.rd.config, 10);
	CHECK(p && p->hash == IKE_HASH_SHA && p->group == 1 && p->auth == IKE_AUTH_RSA_SIG && p->enc == IKE_ENC_3DES);
	run(&b, "configure terminal");
	run_ok(&b, "no crypto isakmp policy 5");
	CHECK(ike_policy_count(b.rd.config) == 3);
	CHECK(strstr(run(&b, "crypto isakmp policy 10001"), "Invalid input") != NULL);

	check_round_trip(b.rd.config, GP_IOS);
	check_round_trip(b.rd.config, GP_ASA);
	box_close(&b);
}

static void test_show_isakmp_policy(void)
{
	struct box b;

	box_open(&b, GP_IOS);
	run_ok(&b, "crypto isakmp policy 10");
	run_ok(&b, "encr aes");
	run_ok(&b, "authentication pre-share");
	run_ok(&b, "group 2");
	run_ok(&b, "end");
	CHECK_STR(run(&b, "show crypto isakmp policy"),
		  "Global IKE policy\n"
		  "Protection suite of priority 10\n"
		  "        encryption algorithm:   AES - Advanced Encryption Standard (128 bit keys).\n"
		  "        hash algorithm:         Secure Hash Standard\n"
		  "        authentication method:  Pre-Shared Key\n"
		  "        Diffie-Hellman group:   #2 (1024 bit)\n"
		  "        lifetime:               86400 seconds, no volume limit\n"
		  "Default protection suite\n"
		  "        encryption algorithm:   DES - Data Encryption Standard (56 bit keys).\n"
		  "        hash algorithm:         Secure Hash Standard\n"
		  "        authentication method:  Rivest-Shamir-Adleman Signature\n"
		  "        Diffie-Hellman group:   #1 (768 bit)\n"
		  "        lifetime:               86400 seconds, no volume limit\n");
	box_close(&b);
}

static void test_asa_global(void)
{
	struct box b;
	char *text;
	const char *key_id;

	box_open(&b, GP_ASA);
	CHECK(ike_identity_mode(b.rd.config, NULL) == IKE_ID_AUTO);
	CHECK(ike_natt_enabled(b.rd.config) && ike_natt_keepalive_s(b.rd.config) == 20);
	run_ok(&b, "crypto ikev1 enable outside");
	run_ok(&b, "crypto isakmp enable inside");   /* 8.3 form */
	run_ok(&b, "isakmp enable dmz");             /* PIX form */
	run_ok(&b, "crypto isakmp identity address");
	run_ok(&b, "crypto isakmp nat-traversal 30");
	run_ok(&b, "crypto ikev1 am-disable");
	run_ok(&b, "crypto isakmp disconnect-notify");
	CHECK(ike_enabled_count(b.rd.config) == 3 && ike_enabled_on(b.rd.config, "inside") &&
	      !ike_enabled_on(b.rd.config, "mgmt"));
	CHECK(ike_identity_mode(b.rd.config, NULL) == IKE_ID_ADDRESS);
	CHECK(ike_natt_keepalive_s(b.rd.config) == 30 && ike_am_disabled(b.rd.config));

	text = render_ike(b.rd.config, GP_ASA, RENDER_SHOW);
	CHECK_STR(text,
		  "crypto ikev1 enable outside\ncrypto ikev1 enable inside\ncrypto ikev1 enable dmz\n"
		  "crypto ikev1 am-disable\n"
		  "crypto isakmp identity address\n"
		  "crypto isakmp nat-traversal 30\n"
		  "crypto isakmp disconnect-notify\n");
	free(text);

	run_ok(&b, "no crypto ikev1 enable inside");
	run_ok(&b, "crypto isakmp identity key-id ROUTER1");
	run_ok(&b, "no crypto isakmp nat-traversal");
	CHECK(ike_identity_mode(b.rd.config, &key_id) == IKE_ID_KEY_ID && key_id && !strcmp(key_id, "ROUTER1"));
	CHECK(!ike_natt_enabled(b.rd.config) && ike_natt_keepalive_s(b.rd.config) == 0);
	CHECK(!ike_enabled_on(b.rd.config, "inside") && ike_enabled_count(b.rd.config) == 2);
	text = render_ike(b.rd.config, GP_ASA, RENDER_SHOW);
	CHECK(strstr(text, "crypto isakmp identity key-id ROUTER1\n") && strstr(text, "no crypto isakmp nat-traversal\n"));
	free(text);
	check_round_trip(b.rd.config, GP_ASA);

	/* `show running-config all` prints the hidden defaults */
	run_ok(&b, "crypto isakmp nat-traversal");
	run_ok(&b, "no crypto isakmp identity");
	text = render_ike(b.rd.config, GP_ASA, RENDER_ALL);
	CHECK(strstr(text, "crypto isakmp identity auto\n") && strstr(text, "crypto isakmp nat-traversal 20\n"));
	free(text);
	box_close(&b);
}

static void test_ios_global(void)
{
	struct box b;
	char *text;
	uint32_t dpd, retry;
	bool periodic;

	box_open(&b, GP_IOS);
	CHECK(ike_identity_mode(b.rd.config, NULL) == IKE_ID_ADDRESS && ike_enabled_on(b.rd.config, "any"));
	CHECK(!ike_dpd(b.rd.config, NULL, NULL, NULL));
	run_ok(&b, "crypto isakmp keepalive 10 10 on-demand");
	run_ok(&b, "crypto isakmp nat keepalive 30");
	run_ok(&b, "crypto isakmp identity address");
	run_ok(&b, "crypto isakmp aggressive-mode disable");
	run_ok(&b, "crypto isakmp invalid-spi-recovery");
	run_ok(&b, "no crypto isakmp enable");
	CHECK(ike_dpd(b.rd.config, &dpd, &retry, &periodic) && dpd == 10 && retry == 10 && !periodic);
	CHECK(ike_natt_keepalive_s(b.rd.config) == 30 && ike_am_disabled(b.rd.config));
	CHECK(!ike_enabled_on(b.rd.config, "GigabitEthernet0/0"));

	text = render_ike(b.rd.config, GP_IOS, RENDER_SHOW);
	CHECK_STR(text,
		  "no crypto isakmp enable\n"
		  "crypto isakmp keepalive 10 10\n"
		  "crypto isakmp nat keepalive 30\n"
		  "crypto isakmp aggressive-mode disable\n"
		  "crypto isakmp invalid-spi-recovery\n"
		  "!\n");
	free(text);
	check_round_trip(b.rd.config, GP_IOS);

	run_ok(&b, "crypto isakmp keepalive 20 periodic");
	CHECK(ike_dpd(b.rd.config, &dpd, &retry, &periodic) && dpd == 20 && retry == 2 && periodic);
	run_ok(&b, "no crypto isakmp keepalive");
	run_ok(&b, "crypto isakmp enable");
	CHECK(!ike_dpd(b.rd.config, NULL, NULL, NULL) && ike_enabled_on(b.rd.config, "x"));
	box_close(&b);
}

static struct in_addr ip(const char *text)
{
	struct in_addr a;

	inet_pton(AF_INET, text, &a);
	return a;
}

static void test_ios_keys(void)
{
	struct box b;
	char *text;
	const struct ike_key *k;
	const char *where;

	box_open(&b, GP_IOS);
	run_ok(&b, "crypto isakmp key CISCO address 200.0.0.2");
	run_ok(&b, "crypto isakmp key wild address 0.0.0.0");
	run_ok(&b, "crypto isakmp key net address 10.0.0.0 255.0.0.0 no-xauth");
	run_ok(&b, "crypto isakmp key 6 AbCdEf hostname peer.example.com");
	run_ok(&b, "crypto keyring KEY_RING vrf A");
	CHECK(session_node(b.s) == NODE_KEYRING);
	run_ok(&b, "  pre-shared-key address 122.1.1.10 key RINGKEY");
	run_ok(&b, "  local-address 172.16.1.2");
	run_ok(&b, "crypto keyring OTHER");
	run_ok(&b, "  pre-shared-key address 10.1.1.0 255.255.255.0 key NARROW");
	run_ok(&b, "exit");

	k = ike_psk_for_peer(b.rd.config, ip("200.0.0.2"), NULL, &where);
	CHECK(k && !strcmp(k->key, "CISCO") && where == NULL);
	k = ike_psk_for_peer(b.rd.config, ip("10.1.1.7"), NULL, &where);  /* /24 in a keyring beats /8 */
	CHECK(k && !strcmp(k->key, "NARROW") && where && !strcmp(where, "OTHER"));
	k = ike_psk_for_peer(b.rd.config, ip("10.2.0.1"), NULL, NULL);
	CHECK(k && !strcmp(k->key, "net") && k->no_xauth);
	k = ike_psk_for_peer(b.rd.config, ip("192.0.2.1"), NULL, NULL);   /* the wildcard */
	CHECK(k && !strcmp(k->key, "wild"));
	k = ike_psk_for_peer(b.rd.config, ip("192.0.2.1"), "KEY_RING", NULL);
	CHECK(k == NULL);
	k = ike_psk_for_peer(b.rd.config, ip("122.1.1.10"), "KEY_RING", &where);
	CHECK(k && !strcmp(k->key, "RINGKEY") && !strcmp(where, "KEY_RING"));
	CHECK(ike_keyring_find(b.rd.config, "KEY_RING")->local.set &&
	      !strcmp(ike_keyring_find(b.rd.config, "KEY_RING")->vrf, "A"));

	text = render_ike(b.rd.config, GP_IOS, RENDER_SHOW);
	CHECK_STR(text,
		  "crypto keyring KEY_RING vrf A \n"
		  "  local-address 172.16.1.2\n"
		  "  pre-shared-key address 122.1.1.10 key RINGKEY\n"
		  "crypto keyring OTHER  \n"
		  "  pre-shared-key address 10.1.1.0 255.255.255.0 key NARROW\n"
		  "!\n"
		  "crypto isakmp key CISCO address 200.0.0.2      \n"
		  "crypto isakmp key wild address 0.0.0.0        \n"
		  "crypto isakmp key net address 10.0.0.0        255.0.0.0 no-xauth\n"
		  "crypto isakmp key 6 AbCdEf hostname peer.example.com\n"
		  "!\n");
	free(text);

	run_ok(&b, "end");
	CHECK_STR(run(&b, "show crypto isakmp key"),
		  "Keyring    Hostname/Address    Preshared Key\n"
		  "default    200.0.0.2           CISCO\n"
		  "default    0.0.0.0             wild\n"
		  "default    10.0.0.0/255.0.0.0  net\n"
		  "default    peer.example.com    AbCdEf\n"
		  "KEY_RING   122.1.1.10          RINGKEY\n"
		  "OTHER      10.1.1.0/255.255.255.0 NARROW\n");
	run(&b, "configure terminal");
	check_round_trip(b.rd.config, GP_IOS);

	run_ok(&b, "no crypto isakmp key CISCO address 200.0.0.2");
	run_ok(&b, "no crypto keyring OTHER");
	CHECK(b.rd.config->ike->nkeys == 3 && ike_keyring_count(b.rd.config) == 1);
	box_close(&b);
}

static void test_ios_profile_and_peer(void)
{
	struct box b;
	char *text;
	const struct ike_profile *p;
	const struct ike_peer *peer;

	box_open(&b, GP_IOS);
	run_ok(&b, "crypto isakmp profile isakmp-vpn-0");
	CHECK(session_node(b.s) == NODE_ISAKMP_PROFILE);
	run_ok(&b, "   keyring keyring-vpn-0");
	run_ok(&b, "   match identity address 52.27.166.152 255.255.255.255");
	run_ok(&b, "   local-address 172.16.1.2");
	run_ok(&b, "   keepalive 10 retry 3");
	run_ok(&b, "   description to AWS");
	run_ok(&b, "   initiate mode aggressive");
	run_ok(&b, "crypto isakmp peer address 192.0.2.9");
	CHECK(session_node(b.s) == NODE_ISAKMP_PEER);
	run_ok(&b, " set aggressive-mode password s3cret");
	run_ok(&b, " set aggressive-mode client-endpoint fqdn spoke.example.com");
	run_ok(&b, "exit");

	p = ike_profile_find(b.rd.config, "isakmp-vpn-0");
	CHECK(p && p->nkeyrings == 1 && p->nmatch == 1 && p->keepalive_s == 10 && p->keepalive_retry_s == 3 &&
	      p->initiate_aggressive && p->local.set && !p->local.is_iface);
	peer = ike_peer_find(b.rd.config, ip("192.0.2.9"));
	CHECK(peer && !strcmp(peer->am_password, "s3cret") && peer->am_endpoint == IKE_AM_EP_FQDN);

	text = render_ike(b.rd.config, GP_IOS, RENDER_SHOW);
	CHECK_STR(text,
		  "crypto isakmp peer address 192.0.2.9\n"
		  " set aggressive-mode password s3cret\n"
		  " set aggressive-mode client-endpoint fqdn spoke.example.com\n"
		  "crypto isakmp profile isakmp-vpn-0\n"
		  "   description to AWS\n"
		  "   keyring keyring-vpn-0\n"
		  "   match identity address 52.27.166.152 255.255.255.255 \n"
		  "   keepalive 10 retry 3\n"
		  "   initiate mode aggressive\n"
		  "   local-address 172.16.1.2\n"
		  "!\n");
	free(text);
	check_round_trip(b.rd.config, GP_IOS);

	run_ok(&b, "crypto isakmp profile isakmp-vpn-0");
	run_ok(&b, "no keepalive");
	run_ok(&b, "no match identity address 52.27.166.152");
	run_ok(&b, "exit");
	p = ike_profile_find(b.rd.config, "isakmp-vpn-0");
	CHECK(p && p->keepalive_s == 0 && p->nmatch == 0);
	run_ok(&b, "no crypto isakmp peer address 192.0.2.9");
	CHECK(ike_peer_find(b.rd.config, ip("192.0.2.9")) == NULL);
	box_close(&b);
}

/* The PIX/7.x key one-liner lands in the same table and prints back, masked in show run. */
static void test_asa_legacy_key(void)
{
	struct box b;
	char *text;
	const struct ike_key *k;

	box_open(&b, GP_ASA);
	run_ok(&b, "isakmp key cisco123 address 198.51.100.7 netmask 255.255.255.255");
	k = ike_psk_for_peer(b.rd.config, ip("198.51.100.7"), NULL, NULL);
	CHECK(k && !strcmp(k->key, "cisco123") && k->form == IKE_KEY_ASA_LEGACY);
	text = render_ike(b.rd.config, GP_ASA, RENDER_SHOW);
	CHECK_STR(text, "isakmp key ***** address 198.51.100.7 netmask 255.255.255.255\n");
	free(text);
	text = render_ike(b.rd.config, GP_ASA, RENDER_SAVE);
	CHECK_STR(text, "isakmp key cisco123 address 198.51.100.7 netmask 255.255.255.255\n");
	free(text);
	/* translated to IOS, it is a `crypto isakmp key` */
	text = render_ike(b.rd.config, GP_IOS, RENDER_SAVE);
	CHECK_STR(text, "crypto isakmp key cisco123 address 198.51.100.7   \n!\n");
	free(text);
	check_round_trip(b.rd.config, GP_ASA);
	box_close(&b);
}

/* A real IOS 15.2 show run (batfish lhr-border-02, ../shared/configs #9), its IKE part
 * typed back in: the render equals the capture, trailing spaces included, except that
 * IOS printed four `!` lines after the keyrings (for features absent here) and we print
 * one. */
static void test_capture_ios_15_2(void)
{
	static const char capture[] =
		"crypto keyring keyring-vpn-ba2e34a8-0  \n"
		"  local-address 172.16.1.2\n"
		"  pre-shared-key address 52.27.166.152 key QMP5tKPP5qk95Y1Eee9c_82.MofNUJQV\n"
		"crypto keyring keyring-vpn-ba2e34a8-1  \n"
		"  local-address 172.16.1.2\n"
		"  pre-shared-key address 52.39.121.126 key tYrysT4iT0.CRwQnhiBbng.BahDc7YPq\n"
		"!\n"
		"crypto isakmp policy 200\n"
		" encr aes\n"
		" authentication pre-share\n"
		" group 2\n"
		" lifetime 28800\n"
		"!\n"
		"crypto isakmp policy 201\n"
		" encr aes\n"
		" authentication pre-share\n"
		" group 2\n"
		" lifetime 28800\n"
		"crypto isakmp keepalive 10 10\n"
		"crypto isakmp profile isakmp-vpn-ba2e34a8-0\n"
		"   keyring keyring-vpn-ba2e34a8-0\n"
		"   match identity address 52.27.166.152 255.255.255.255 \n"
		"   local-address 172.16.1.2\n"
		"crypto isakmp profile isakmp-vpn-ba2e34a8-1\n"
		"   keyring keyring-vpn-ba2e34a8-1\n"
		"   match identity address 52.39.121.126 255.255.255.255 \n"
		"   local-address 172.16.1.2\n"
		"!\n";
	struct box b;
	char *text;

	box_open(&b, GP_IOS);
	load_text(&b, capture);
	text = render_ike(b.rd.config, GP_IOS, RENDER_SHOW);
	CHECK_STR(text, capture);
	free(text);
	box_close(&b);
}

/* ASA 9.x ASAv capture (../shared/configs #2): identical render. */
static void test_capture_asa(void)
{
	static const char capture[] =
		"crypto ikev1 enable outside\n"
		"crypto ikev1 policy 10\n authentication pre-share\n encryption 3des\n hash md5\n group 5\n"
		" lifetime 86400\n"
		"crypto ikev1 policy 65535\n authentication pre-share\n encryption 3des\n hash sha\n group 2\n"
		" lifetime 86400\n";
	struct box b;
	char *text;

	box_open(&b, GP_ASA);
	load_text(&b, capture);
	text = render_ike(b.rd.config, GP_ASA, RENDER_SHOW);
	CHECK_STR(text, capture);
	free(text);
	box_close(&b);
}

int main(void)
{
	test_asa_policy();
	test_ios_policy();
	test_show_isakmp_policy();
	test_asa_global();
	test_ios_global();
	test_ios_keys();
	test_ios_profile_and_peer();
	test_asa_legacy_key();
	test_capture_ios_15_2();
	test_capture_asa();
	return check_done("test_ike_config");
}
