/* Two real engines over a fake wire, virtual time: Main and Aggressive Mode, Quick
 * Mode with and without PFS over every DH group, cipher and hash, every ESP transform,
 * several proposals, transport mode, and the failures a peer can cause (wrong PSK, no
 * matching policy, non-mirrored ACL, PFS mismatch), each with the diagnosis the log
 * must give. Faults on the wire, timers and floods: test_ike_faults.c. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/cipher.h"
#include "crypto/dh.h"
#include "platform/log.h"
#include "tests/unit/check.h"
#include "tests/unit/ike_pair.h"
#include "vpn/isakmp.h"

static struct pair P;

static bool up(struct pair *p)
{
	return pair_up(p);
}

static struct ike_stats stats(int side)
{
	struct ike_stats s;

	ike_engine_get_stats(P.e[side], &s);
	return s;
}

/* Fresh engines with these configurations; side 0 initiates. */
static bool negotiate(struct vpn_config *a, struct vpn_config *b, uint64_t max_ms)
{
	pair_restart(&P);
	pair_set_config(&P, 0, a);
	pair_set_config(&P, 1, b);
	logcap_reset();
	pair_traffic(&P, 0);
	return pair_run_until(&P, up, max_ms);
}

struct first_sa {
	struct ike_sa_info ike;
	struct ipsec_sa_info ipsec;
	unsigned n_ike, n_ipsec;
};

static void take_ike(void *ctx, const struct ike_sa_info *i)
{
	struct first_sa *f = ctx;

	if (f->n_ike++ == 0)
		f->ike = *i;
}

static void take_ipsec(void *ctx, const struct ipsec_sa_info *i)
{
	struct first_sa *f = ctx;

	if (f->n_ipsec++ == 0)
		f->ipsec = *i;
}

static struct first_sa show(int side)
{
	struct first_sa f = { 0 };

	ike_engine_foreach_ike_sa(P.e[side], take_ike, &f);
	ike_engine_foreach_ipsec_sa(P.e[side], take_ipsec, &f);
	return f;
}

static void test_main_mode(void)
{
	CHECK(negotiate(cfg_default(&P, 0), cfg_default(&P, 1), 2000));
	CHECK(pair_ike(&P, 0, true) == 1 && pair_ike(&P, 1, true) == 1);
	CHECK(pair_ipsec(&P, 0) == 1 && pair_ipsec(&P, 1) == 1);
	CHECK(stats(0).retransmits == 0 && stats(1).retransmits == 0);
	CHECK(logcap_count("PHASE 1 COMPLETED") == 2);
	CHECK(logcap_count("PHASE 2 COMPLETED") == 2);

	/* What show commands get. */
	struct first_sa a = show(0), b = show(1);
	CHECK_STR(a.ike.state_asa, "MM_ACTIVE");
	CHECK_STR(a.ike.state_ios, "QM_IDLE");
	CHECK(a.ike.role == IKE_ROLE_INITIATOR && b.ike.role == IKE_ROLE_RESPONDER);
	CHECK(a.ike.conn_id == 1001 && b.ike.conn_id == 1001);
	CHECK_STR(a.ike.encr_name, "aes-256");
	CHECK_STR(a.ike.hash_name, "sha");
	CHECK(a.ike.group == 14 && a.ike.lifetime_s == 86400 && a.ike.remaining_s > 86000);
	CHECK(!a.ike.nat_t && a.ike.dpd);
	CHECK(a.ipsec.spi_out == b.ipsec.spi_in && a.ipsec.spi_in == b.ipsec.spi_out);
	CHECK_STR(a.ipsec.transform_asa, "esp-aes-256 esp-sha-hmac");
	CHECK_STR(a.ipsec.transform_ios, "esp-256-aes esp-sha-hmac");
	CHECK_STR(a.ipsec.map_name, "OUT");
	CHECK(a.ipsec.seq == 10 && a.ipsec.mode == DP_MODE_TUNNEL && !a.ipsec.udp_encap);
	CHECK(a.ipsec.lifetime_s == 3600 && a.ipsec.lifetime_kb == 4608000 && a.ipsec.have_counters);
	CHECK(a.ipsec.pfs_group == 0);
	char net[INET_ADDRSTRLEN];
	CHECK_STR(inet_ntop(AF_INET, &a.ipsec.sel.dst, net, sizeof(net)), "10.2.0.0");
	CHECK(b.ipsec.sel.dst_plen == 24 && b.ipsec.sel.src_plen == 24);
}

/* The initiator proposes every policy in priority order; the responder takes its own
 * first policy that one of them matches: here the initiator's second. */
static void test_several_proposals(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	cfg_set_policy(a, 0, 10, OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA2_256, OAKLEY_GROUP_ECP256, 86400);
	cfg_set_policy(a, 1, 20, OAKLEY_ENCR_3DES, 0, OAKLEY_HASH_MD5, OAKLEY_GROUP_MODP1024, 86400);
	cfg_set_policy(b, 0, 5, OAKLEY_ENCR_AES_CBC, 128, OAKLEY_HASH_SHA1, OAKLEY_GROUP_MODP1536, 86400);
	cfg_set_policy(b, 1, 30, OAKLEY_ENCR_3DES, 0, OAKLEY_HASH_MD5, OAKLEY_GROUP_MODP1024, 86400);
	/* Transform sets: the responder holds only the second one offered. */
	cfg_set_tset(a, 0, ESP_AES_GCM_16, 256, 0, DP_MODE_TUNNEL);
	cfg_set_tset(a, 1, ESP_3DES, 0, IPSEC_AUTH_HMAC_MD5, DP_MODE_TUNNEL);
	cfg_set_tset(b, 0, ESP_3DES, 0, IPSEC_AUTH_HMAC_MD5, DP_MODE_TUNNEL);
	CHECK(negotiate(a, b, 2000));
	struct first_sa sa = show(0);
	CHECK(sa.ike.encr == OAKLEY_ENCR_3DES && sa.ike.hash == OAKLEY_HASH_MD5 && sa.ike.group == 2);
	CHECK_STR(sa.ipsec.transform_asa, "esp-3des esp-md5-hmac");
}

/* Phase 1 over every group, cipher and hash listed in the issue. */
static void test_p1_matrix(void)
{
	static const uint16_t groups[] = { 1, 2, 5, 14, 15, 16, 19, 20, 21, 24 };
	static const struct { uint16_t enc, bits; } ciphers[] = {
		{ OAKLEY_ENCR_DES, 0 }, { OAKLEY_ENCR_3DES, 0 }, { OAKLEY_ENCR_AES_CBC, 128 },
		{ OAKLEY_ENCR_AES_CBC, 192 }, { OAKLEY_ENCR_AES_CBC, 256 },
	};
	static const uint16_t hashes[] = { OAKLEY_HASH_MD5, OAKLEY_HASH_SHA1, OAKLEY_HASH_SHA2_256,
					   OAKLEY_HASH_SHA2_384, OAKLEY_HASH_SHA2_512 };
	unsigned runs = 0, ok = 0;

	for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
		for (size_t c = 0; c < ARRAY_SIZE(ciphers); c++) {
			if (!cipher_by_ike(ciphers[c].enc, ciphers[c].bits))
				continue;       /* DES without OpenSSL's legacy provider */
			for (size_t h = 0; h < ARRAY_SIZE(hashes); h++) {
				/* Every group with every cipher; every hash with every cipher
				 * on two groups, the rest with one hash each. */
				if (g != 1 && g != 7 && h != (g + c) % ARRAY_SIZE(hashes))
					continue;
				struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
				cfg_set_policy(a, 0, 10, ciphers[c].enc, ciphers[c].bits, hashes[h], groups[g], 86400);
				cfg_set_policy(b, 0, 10, ciphers[c].enc, ciphers[c].bits, hashes[h], groups[g], 86400);
				runs++;
				if (negotiate(a, b, 2000) && show(1).ike.group == groups[g])
					ok++;
				else
					fprintf(stderr, "p1 matrix: group %u cipher %u/%u hash %u failed\n", groups[g],
						ciphers[c].enc, ciphers[c].bits, hashes[h]);
			}
		}
	}
	CHECK(runs >= 90 && ok == runs);
	fprintf(stderr, "p1 matrix: %u/%u combinations\n", ok, runs);
}

/* Aggressive Mode for every group, hostname identities (ID_FQDN) as strongSwan's
 * `id = @gwA.ike.test` expects them. */
static void test_aggressive(void)
{
	static const uint16_t groups[] = { 1, 2, 5, 14, 15, 16, 19, 20, 21, 24 };
	unsigned ok = 0;

	dbg_set(DBG_ISAKMP, 1);
	for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
		struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
		a->conns[0].aggressive = true;
		a->identity = b->identity = VPN_ID_HOSTNAME;
		cfg_set_policy(a, 0, 10, OAKLEY_ENCR_AES_CBC, 128, OAKLEY_HASH_SHA2_256, groups[g], 86400);
		/* A second policy of another group is not offered in AM (one KE). */
		cfg_set_policy(a, 1, 20, OAKLEY_ENCR_3DES, 0, OAKLEY_HASH_SHA1, groups[g] == 2 ? 5 : 2, 86400);
		cfg_set_policy(b, 0, 10, OAKLEY_ENCR_AES_CBC, 128, OAKLEY_HASH_SHA2_256, groups[g], 86400);
		bool done = negotiate(a, b, 2000);
		struct first_sa sa = show(1);
		if (done && sa.ike.aggressive && !strcmp(sa.ike.state_asa, "AM_ACTIVE") &&
		    logcap_has("(ID gwA.ike.test)") && logcap_has("(ID gwB.ike.test)"))
			ok++;
		else
			fprintf(stderr, "aggressive mode, group %u failed\n", groups[g]);
	}
	dbg_set(DBG_ISAKMP, 0);
	CHECK(ok == ARRAY_SIZE(groups));
	CHECK(stats(0).retransmits == 0);

	/* `crypto ikev1 am-disable` on the responder: no answer at all. */
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
	a->conns[0].aggressive = true;
	b->am_disabled = true;
	CHECK(!negotiate(a, b, 3000));
	CHECK(pair_ike(&P, 1, false) == 0 && pair_ike(&P, 1, true) == 0);
}

/* Every ESP transform with every integrity algorithm, one Quick Mode each on the same
 * ISAKMP SA; and PFS with every group. */
static void test_p2_matrix(void)
{
	static const struct { uint16_t esp, bits; } ciphers[] = {
		{ ESP_3DES, 0 }, { ESP_AES, 128 }, { ESP_AES, 192 }, { ESP_AES, 256 }, { ESP_NULL, 0 },
	};
	static const uint16_t auths[] = { IPSEC_AUTH_HMAC_MD5, IPSEC_AUTH_HMAC_SHA1, IPSEC_AUTH_HMAC_SHA2_256,
					  IPSEC_AUTH_HMAC_SHA2_384, IPSEC_AUTH_HMAC_SHA2_512 };
	static const uint16_t groups[] = { 1, 2, 5, 14, 15, 16, 19, 20, 21, 24 };
	struct p2_run {
		uint16_t esp, bits, auth, pfs;
	} runs[64];
	unsigned n = 0, ok = 0;

	for (size_t c = 0; c < ARRAY_SIZE(ciphers); c++)
		for (size_t a = 0; a < ARRAY_SIZE(auths); a++)
			runs[n++] = (struct p2_run){ ciphers[c].esp, ciphers[c].bits, auths[a], 0 };
	for (uint16_t bits = 128; bits <= 256; bits += 64)
		runs[n++] = (struct p2_run){ ESP_AES_GCM_16, bits, 0, 0 };
	for (size_t g = 0; g < ARRAY_SIZE(groups); g++)
		runs[n++] = (struct p2_run){ ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, groups[g] };

	CHECK(negotiate(cfg_default(&P, 0), cfg_default(&P, 1), 2000));
	uint64_t p1_before = stats(0).p1_established;
	for (unsigned i = 0; i < n; i++) {
		struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
		cfg_set_tset(a, 0, runs[i].esp, runs[i].bits, runs[i].auth, DP_MODE_TUNNEL);
		cfg_set_tset(b, 0, runs[i].esp, runs[i].bits, runs[i].auth, DP_MODE_TUNNEL);
		a->conns[0].pfs_group = b->conns[0].pfs_group = runs[i].pfs;
		ike_engine_clear_ipsec(P.e[0], NULL);
		pair_run(&P, 50);
		pair_set_config(&P, 0, a);
		pair_set_config(&P, 1, b);
		pair_traffic(&P, 0);
		if (pair_run_until(&P, up, 2000) && pair_ipsec(&P, 0) == 1 && pair_ipsec(&P, 1) == 1 &&
		    show(0).ipsec.esp_id == runs[i].esp && show(1).ipsec.pfs_group == runs[i].pfs)
			ok++;
		else
			fprintf(stderr, "p2 matrix: esp %u/%u auth %u pfs %u failed\n", runs[i].esp, runs[i].bits,
				runs[i].auth, runs[i].pfs);
	}
	CHECK(ok == n);
	CHECK(stats(0).p1_established == p1_before);   /* all on the one ISAKMP SA */
	CHECK(stats(1).deletes_received >= n);          /* clear sent Delete each time */
	fprintf(stderr, "p2 matrix: %u/%u transforms\n", ok, n);
}

/* Single DES, when OpenSSL still has it, works and is flagged weak in both phases. */
static void test_des_flagged(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	if (!cipher_by_ike(OAKLEY_ENCR_DES, 0)) {
		fprintf(stderr, "single DES unavailable (no OpenSSL legacy provider): not tested\n");
		vpn_config_unref(a);
		vpn_config_unref(b);
		return;
	}
	cfg_set_policy(a, 0, 10, OAKLEY_ENCR_DES, 0, OAKLEY_HASH_SHA1, OAKLEY_GROUP_MODP768, 86400);
	cfg_set_policy(b, 0, 10, OAKLEY_ENCR_DES, 0, OAKLEY_HASH_SHA1, OAKLEY_GROUP_MODP768, 86400);
	cfg_set_tset(a, 0, ESP_DES, 0, IPSEC_AUTH_HMAC_SHA1, DP_MODE_TUNNEL);
	cfg_set_tset(b, 0, ESP_DES, 0, IPSEC_AUTH_HMAC_SHA1, DP_MODE_TUNNEL);
	CHECK(negotiate(a, b, 2000));
	CHECK(logcap_count("ISAKMP SA uses single DES, a weak cipher") == 2);
	CHECK(logcap_count("IPsec SA uses single DES, a weak cipher") == 2);
}

static void test_transport_mode(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	/* host-to-host: the selectors are the gateways themselves */
	for (int side = 0; side < 2; side++) {
		struct vpn_config *c = side ? b : a;
		c->conns[0].sel[0] = (struct dp_selector){ P.addr[side], P.addr[1 - side], 32, 32, 0, 0, 0 };
		cfg_set_tset(c, 0, ESP_AES, 128, IPSEC_AUTH_HMAC_SHA2_256, DP_MODE_TRANSPORT);
	}
	pair_restart(&P);
	pair_set_config(&P, 0, a);
	pair_set_config(&P, 1, b);
	ike_engine_initiate(P.e[0], PAIR_REQID);
	CHECK(pair_run_until(&P, up, 2000));
	CHECK(show(1).ipsec.mode == DP_MODE_TRANSPORT);
	CHECK(dp_memory_nth(&P.dp[1], 0) && dp_memory_nth(&P.dp[1], 0)->conf.mode == DP_MODE_TRANSPORT);
	CHECK(ike_engine_initiate(P.e[0], 12345) < 0);
}

/* ---- failures and their diagnosis ---------------------------------------------------------- */

static void test_wrong_psk(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	b->auth[0].psk_len = (size_t)snprintf(b->auth[0].psk, sizeof(b->auth[0].psk), "not-the-same-key");
	CHECK(!negotiate(a, b, 60000));
	CHECK(pair_ike(&P, 0, true) == 0 && pair_ike(&P, 1, true) == 0);
	CHECK(pair_ipsec(&P, 0) == 0 && pair_ipsec(&P, 1) == 0);
	CHECK(logcap_has("probably a pre-shared key mismatch"));
	CHECK(logcap_has("MM5 in MM_WAIT_MSG5"));       /* the responder could not read MM5 */
	CHECK(stats(0).p1_failed == 1);
	/* Everything negotiated is gone again: no half-open SA stays behind. */
	CHECK(pair_ike(&P, 0, false) == 0 && pair_ike(&P, 1, false) == 0);
	CHECK(stats(1).half_open == 0);

	/* IOS wording */
	log_set_personality(LOG_IOS);
	a = cfg_default(&P, 0);
	b = cfg_default(&P, 1);
	a->auth[0].psk[0] ^= 1;
	CHECK(!negotiate(a, b, 5000));
	CHECK(logcap_has("%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.0.2.1 failed its sanity check or is malformed"));
	CHECK(logcap_has("probably a pre-shared key mismatch"));
	log_set_personality(LOG_ASA);
}

static void test_no_psk(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	inet_pton(AF_INET, "192.0.2.99", &b->auth[0].addr);
	CHECK(!negotiate(a, b, 3000));
	CHECK(logcap_has("no pre-shared key for this peer"));
	CHECK(logcap_has("Received an un-encrypted NO-PROPOSAL-CHOSEN notify message") ||
	      logcap_has("NO_PROPOSAL_CHOSEN") || logcap_has("NO-PROPOSAL-CHOSEN"));
}

/* Each local policy is reported with every attribute that differs from the closest
 * transform the peer offered (what Cisco's "atts are not acceptable" does not say). */
static void test_no_proposal_chosen(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	cfg_set_policy(a, 0, 10, OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA1, OAKLEY_GROUP_MODP2048, 86400);
	cfg_set_policy(b, 0, 10, OAKLEY_ENCR_3DES, 0, OAKLEY_HASH_SHA1, OAKLEY_GROUP_MODP2048, 86400);
	cfg_set_policy(b, 1, 20, OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_MD5, OAKLEY_GROUP_MODP1536, 86400);
	CHECK(!negotiate(a, b, 3000));
	CHECK(logcap_has("Mismatched attribute types for policy 10 (closest: transform 1): class Encryption Algorithm:  Rcv'd: aes-256  Cfg'd: 3des"));
	CHECK(logcap_has("policy 20 (closest: transform 1): class Hash Algorithm:  Rcv'd: sha  Cfg'd: md5; class Group Description:  Rcv'd: Group 14  Cfg'd: Group 5"));
	CHECK(logcap_has("All SA proposals found unacceptable"));
	/* The initiator hears NO-PROPOSAL-CHOSEN in the clear and gives up at once. */
	CHECK(logcap_has("Received an un-encrypted"));
	CHECK(stats(0).p1_failed == 1 && pair_ike(&P, 0, false) == 0);
	CHECK(stats(0).retransmits == 0);

	log_set_personality(LOG_IOS);
	a = cfg_default(&P, 0);
	b = cfg_default(&P, 1);
	cfg_set_policy(b, 0, 10, OAKLEY_ENCR_AES_CBC, 128, OAKLEY_HASH_SHA1, OAKLEY_GROUP_MODP2048, 86400);
	CHECK(!negotiate(a, b, 3000));
	CHECK(logcap_has("Key length offered (256) does not match policy (128)"));
	log_set_personality(LOG_ASA);
}

static void test_acl_not_mirrored(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	inet_pton(AF_INET, "10.3.0.0", &b->conns[0].sel[0].dst);     /* B protects 10.2/24 <-> 10.3/24 */
	CHECK(!negotiate(a, b, 3000));
	CHECK(pair_ike(&P, 0, true) == 1);                           /* Phase 1 is fine */
	CHECK(logcap_has("Rejecting IPSec tunnel: no matching crypto map entry for remote proxy 10.1.0.0/255.255.255.0/0/0 local proxy 10.2.0.0/255.255.255.0/0/0"));
	CHECK(logcap_has("closest: crypto map OUT 10 ACL entry local 10.2.0.0/255.255.255.0/0/0 remote 10.3.0.0/255.255.255.0/0/0: remote network differs"));
	/* A hears INVALID-ID-INFORMATION for its SPI and drops the Quick Mode at once. */
	CHECK(logcap_has("INVALID-ID-INFORMATION"));
	CHECK(stats(0).p2_failed == 1 && stats(0).retransmits == 0);
}

/* A dynamic entry without `match address` (the usual ASA hub) answers any peer with
 * the proxies that peer proposes; with an ACL it still wants them mirrored. */
static void test_dynamic_any_proxy(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
	struct vpn_conn *hub = &b->conns[0];

	hub->dynamic = hub->any_proxy = true;
	hub->npeers = 0;
	hub->sel[0] = (struct dp_selector){ 0 };
	CHECK(negotiate(a, b, 3000));
	struct first_sa f = show(1);
	char net[INET_ADDRSTRLEN];
	CHECK_STR(inet_ntop(AF_INET, &f.ipsec.sel.src, net, sizeof(net)), "10.2.0.0");
	CHECK_STR(inet_ntop(AF_INET, &f.ipsec.sel.dst, net, sizeof(net)), "10.1.0.0");
	CHECK(f.ipsec.sel.src_plen == 24 && f.ipsec.sel.dst_plen == 24);

	a = cfg_default(&P, 0), b = cfg_default(&P, 1);
	b->conns[0].dynamic = true;
	b->conns[0].npeers = 0;
	inet_pton(AF_INET, "10.3.0.0", &b->conns[0].sel[0].dst);
	CHECK(!negotiate(a, b, 3000));
	CHECK(logcap_has("Rejecting IPSec tunnel: no matching crypto map entry"));
}

static void test_pfs_mismatch(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	b->conns[0].pfs_group = 14;
	CHECK(!negotiate(a, b, 3000));
	CHECK(logcap_has("transform set TS1 (crypto map OUT 10): PFS group 14 required, none offered"));
	CHECK(logcap_has("All IPSec SA proposals found unacceptable"));

	a = cfg_default(&P, 0);
	b = cfg_default(&P, 1);
	cfg_set_tset(b, 0, ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, DP_MODE_TUNNEL);
	CHECK(!negotiate(a, b, 3000));
	CHECK(logcap_has("esp-aes-256 esp-sha-hmac offered, esp-aes esp-sha-hmac configured (key length differs)"));

	/* The initiator's PFS is accepted when the responder has none configured. */
	a = cfg_default(&P, 0);
	b = cfg_default(&P, 1);
	a->conns[0].pfs_group = 19;
	CHECK(negotiate(a, b, 3000));
	CHECK(show(1).ipsec.pfs_group == 19);
}

/* RESPONDER-LIFETIME: the responder's shorter lifetimes win, in both phases. */
static void test_responder_lifetime(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	cfg_set_policy(b, 0, 10, OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA1, OAKLEY_GROUP_MODP2048, 3600);
	a->conns[0].lifetime_s = 28800;
	a->conns[0].lifetime_kb = 0;
	a->default_lifetime_kb = 0;
	b->conns[0].lifetime_s = 1800;
	b->conns[0].lifetime_kb = 100000;
	CHECK(negotiate(a, b, 2000));
	pair_run(&P, 100);
	CHECK(show(0).ipsec.lifetime_s == 1800 && show(0).ipsec.lifetime_kb == 100000);
	CHECK(show(1).ipsec.lifetime_s == 1800 && show(1).ipsec.lifetime_kb == 100000);
	CHECK(show(1).ike.lifetime_s == 3600);
	CHECK(show(0).ike.lifetime_s == 3600);       /* honoured: "restart ike sa timer" */
	CHECK(logcap_has("Overriding Initiator's IPSec rekeying duration from 28800 to 1800 seconds"));
	CHECK(logcap_has("Overriding Initiator's IPSec rekeying duration from 0 to 100000 Kbs"));
	CHECK(logcap_has("Overriding Initiator's IKE rekeying duration from 86400 to 3600 seconds"));
	struct dpm_sa *s = dp_memory_nth(&P.dp[0], 0);
	CHECK(s && s->conf.life.hard_secs == 1800 && s->conf.life.hard_bytes == 100000ull * 1024);
	CHECK(s && s->conf.life.soft_secs < 1800 && s->conf.life.soft_secs >= 1800 * 85 / 100);
}

int main(void)
{
	logcap_init();
	if (getenv("IKE_TEST_DEBUG"))
		dbg_set(DBG_ISAKMP, 1);
	pair_init(&P);
	test_main_mode();
	test_several_proposals();
	test_transport_mode();
	test_des_flagged();
	test_wrong_psk();
	test_no_psk();
	test_no_proposal_chosen();
	test_acl_not_mirrored();
	test_dynamic_any_proxy();
	test_pfs_mismatch();
	test_responder_lifetime();
	test_aggressive();
	test_p2_matrix();
	test_p1_matrix();
	pair_free(&P);
	return check_done("test_ike_pair");
}
