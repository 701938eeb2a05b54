/* The engines under a hostile wire and over time: random loss, duplicates, reordering
 * and corruption; the Aggressive Mode race; NAT with keepalives; DPD; rekeying of both
 * phases (make-before-break); Delete and INITIAL-CONTACT; peer failover; and a flood of
 * spoofed MM1 against max_half_open while the legitimate peer still connects. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"
#include "tests/unit/check.h"
#include "tests/unit/ike_pair.h"
#include "vpn/codec.h"
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

static void start(struct vpn_config *a, struct vpn_config *b)
{
	pair_restart(&P);
	pair_set_config(&P, 0, a);
	pair_set_config(&P, 1, b);
	logcap_reset();
	P.w.sent = P.w.delivered = P.w.dropped = P.w.duplicated = P.w.corrupted = P.w.reordered = 0;
	P.w.undeliverable = P.w.keepalives[0] = P.w.keepalives[1] = 0;
}

/* Traffic keeps knocking as the data plane's acquire does (re-raised every 30 s
 * while packets wait). Returns the virtual ms it took, or 0. */
static uint64_t come_up(uint64_t max_ms)
{
	uint64_t t0 = P.now;

	pair_traffic(&P, 0);
	while (P.now - t0 < max_ms) {
		if (pair_up(&P))
			return P.now - t0 + 1;
		pair_run(&P, 100);
		if ((P.now - t0) % 30000 < 100)
			pair_traffic(&P, 0);
	}
	return 0;
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

/* ---- the wire -------------------------------------------------------------------------------- */

static void test_random_loss(void)
{
	unsigned ok = 0, runs = 20;
	uint64_t retransmits = 0, worst = 0;

	for (unsigned seed = 1; seed <= runs; seed++) {
		start(cfg_default(&P, 0), cfg_default(&P, 1));
		P.w.rng = 0x1234567ull * seed;
		P.w.drop = 0.30;
		uint64_t t = come_up(300000);
		ok += t != 0;
		worst = t > worst ? t : worst;
		retransmits += stats(0).retransmits + stats(1).retransmits;
	}
	P.w.drop = 0;
	CHECK(ok == runs);
	CHECK(retransmits > runs);
	fprintf(stderr, "30%% loss: %u/%u up, %llu retransmissions, slowest %llu ms\n", ok, runs,
		(unsigned long long)retransmits, (unsigned long long)worst);
}

static void test_duplicates_reorder_corrupt(void)
{
	unsigned ok = 0;

	/* Every packet twice: duplicates are answered from the cache, never processed. */
	start(cfg_default(&P, 0), cfg_default(&P, 1));
	P.w.dup = 1.0;
	CHECK(come_up(10000) != 0);
	CHECK(stats(0).duplicates > 0 && stats(1).duplicates > 0);
	CHECK(stats(0).retransmits == 0 && stats(1).retransmits == 0);
	CHECK(stats(0).p1_established == 1 && stats(1).p2_established == 1);
	P.w.dup = 0;

	for (unsigned seed = 1; seed <= 10; seed++) {
		start(cfg_default(&P, 0), cfg_default(&P, 1));
		P.w.rng = 0xabcdefull * seed;
		P.w.reorder = 0.5;
		P.w.dup = 0.3;
		P.w.corrupt = 0.15;
		P.w.drop = 0.1;
		ok += come_up(300000) != 0;
	}
	P.w.reorder = P.w.dup = P.w.corrupt = P.w.drop = 0;
	CHECK(ok == 10);
	fprintf(stderr, "reorder/duplicate/corrupt/drop: %u/10 up\n", ok);
}

/* ---- the Aggressive Mode race (rig README §4) -------------------------------------------------- */

struct am3_fault {
	int drop_left, delay_ms;
};

static int am3_filter(struct pair *p, const struct wire_pkt *pkt, void *ctx)
{
	struct am3_fault *f = ctx;
	struct isakmp_hdr h;

	(void)p;
	if (pkt->from_side != 0 || pkt->len < ISAKMP_HDR_LEN)
		return 0;
	isakmp_hdr_read(&h, pkt->buf);
	if (h.exchange != ISAKMP_EXCH_AGGRESSIVE || !(h.flags & ISAKMP_FLAG_ENC))
		return 0;
	if (f->drop_left > 0) {
		f->drop_left--;
		return -1;
	}
	return f->delay_ms;
}

static void test_am_race(void)
{
	struct am3_fault fault = { 0, 80 };
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	/* AM3 overtaken by QM1: the responder queues QM1 instead of dropping it. */
	a->conns[0].aggressive = true;
	start(a, b);
	P.w.filter = am3_filter;
	P.w.filter_ctx = &fault;
	CHECK(come_up(5000) != 0);
	CHECK(stats(1).queued_early == 1);
	CHECK(stats(0).retransmits == 0);

	/* AM3 lost: the responder repeats AM2, the initiator answers with AM3 again. */
	fault = (struct am3_fault){ 1, 0 };
	a = cfg_default(&P, 0);
	a->conns[0].aggressive = true;
	start(a, cfg_default(&P, 1));
	uint64_t t = come_up(10000);
	CHECK(t != 0 && t < 3000);
	CHECK(stats(1).retransmits >= 1 && stats(1).queued_early >= 1);
	P.w.filter = NULL;
}

/* ---- NAT-T ----------------------------------------------------------------------------------------- */

static void test_nat(void)
{
	for (int aggressive = 0; aggressive < 2; aggressive++) {
		pair_free(&P);
		pair_init(&P);
		pair_nat(&P);
		struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
		a->conns[0].aggressive = aggressive;
		start(a, b);
		CHECK(come_up(5000) != 0);
		struct first_sa sa = show(0), sb = show(1);
		CHECK(sa.ike.nat_t && sa.ike.nat_local && !sa.ike.nat_remote);
		CHECK(sb.ike.nat_t && !sb.ike.nat_local && sb.ike.nat_remote);
		CHECK(sa.ike.local.port == 4500 && sa.ike.peer.port == 4500);
		CHECK(sb.ike.peer.port == 24500);          /* B answers where the NAT put A */
		CHECK(sa.ipsec.udp_encap && sa.ipsec.encap_local == 4500 && sa.ipsec.encap_peer == 4500);
		CHECK(sb.ipsec.udp_encap && sb.ipsec.encap_local == 4500 && sb.ipsec.encap_peer == 24500);
		struct dpm_sa *out_b = dp_memory_nth(&P.dp[1], 1);
		CHECK(out_b && out_b->conf.encap_dport == 24500 && out_b->conf.encap_sport == 4500);
		/* Idle for 70 s: the side behind the NAT keeps the mapping alive, the other not. */
		pair_run(&P, 70000);
		CHECK(P.w.keepalives[0] >= 3 && P.w.keepalives[1] == 0);
		CHECK(pair_up(&P));
	}
	pair_free(&P);
	pair_init(&P);
}

/* ---- DPD ----------------------------------------------------------------------------------------- */

static void dpd_config(struct vpn_config *c)
{
	c->auth[0].dpd_enabled = true;
	c->auth[0].dpd_threshold_s = 10;
	c->auth[0].dpd_retry_s = 2;
}

static int answers_late(struct pair *p, const struct wire_pkt *pkt, void *ctx)
{
	(void)p;
	(void)ctx;
	return pkt->from_side == 1 ? 3000 : 0;     /* B, loaded, answers after A's 2 s retry */
}

static void test_dpd(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);

	dpd_config(a);
	dpd_config(b);
	start(a, b);
	CHECK(come_up(5000) != 0);
	pair_run(&P, 60000);
	CHECK(stats(0).dpd_sent >= 4 && stats(0).dpd_acked == stats(0).dpd_sent);
	CHECK(stats(0).dpd_dead == 0 && pair_up(&P));

	/* Inbound ESP is a sign of life: no R-U-THERE while it flows. */
	uint64_t sent = stats(0).dpd_sent;
	struct ipsec_sa_info ia = show(0).ipsec;
	for (int i = 0; i < 12; i++) {
		dp_memory_traffic(&P.dp[0], P.addr[0], ia.spi_in, 10, 1000);
		pair_run(&P, 5000);
	}
	CHECK(stats(0).dpd_sent == sent);

	/* A peer that answers later than the retry interval is alive all the same. */
	uint64_t acked = stats(0).dpd_acked;
	P.w.filter = answers_late;
	pair_run(&P, 60000);
	P.w.filter = NULL;
	CHECK(stats(0).dpd_dead == 0 && pair_up(&P) && stats(0).dpd_acked > acked);

	/* The peer vanishes: 10 s idle, then 5 R-U-THERE 2 s apart, then dead. */
	P.w.cut = true;
	uint64_t t0 = P.now;
	while (stats(0).dpd_dead == 0 && P.now - t0 < 60000)
		pair_run(&P, 100);
	uint64_t took = P.now - t0;
	CHECK(stats(0).dpd_dead == 1 && took >= 15000 && took <= 25000);
	CHECK(pair_ike(&P, 0, true) == 0 && pair_ipsec(&P, 0) == 0);
	CHECK(logcap_has("IKE lost contact with remote peer, deleting connection (keepalive type: DPD)"));
	fprintf(stderr, "DPD: peer declared dead %llu ms after the wire was cut\n", (unsigned long long)took);
	P.w.cut = false;
}

/* ---- rekeying ------------------------------------------------------------------------------------- */

static unsigned outbound_sas(int side)
{
	unsigned n = 0;

	for (unsigned i = 0; dp_memory_nth(&P.dp[side], i); i++)
		n += dp_memory_nth(&P.dp[side], i)->conf.src.s_addr == P.addr[side].s_addr;
	return n;
}

static void test_rekey_phase2(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
	bool always = true;
	unsigned most = 0;

	a->conns[0].lifetime_s = b->conns[0].lifetime_s = 120;
	start(a, b);
	CHECK(come_up(5000) != 0);
	/* Ten minutes: at every moment each side has an outbound SA (make-before-break). */
	for (int i = 0; i < 600; i++) {
		pair_run(&P, 1000);
		always &= outbound_sas(0) >= 1 && outbound_sas(1) >= 1;
		most = pair_ipsec(&P, 0) > most ? pair_ipsec(&P, 0) : most;
	}
	CHECK(always);
	CHECK(most <= 2);
	CHECK(stats(0).p2_established + stats(1).p2_established >= 2 * 5);
	CHECK(stats(0).p2_failed == 0 && stats(1).p2_failed == 0);
	CHECK(pair_ipsec(&P, 0) >= 1 && pair_keys_match(&P));
	fprintf(stderr, "rekey: %llu Quick Modes in 600 s with a 120 s lifetime, at most %u SA pairs at once\n",
		(unsigned long long)stats(0).p2_established, most);

	/* Kilobyte lifetime: the soft limit (85-97 %) brings a new SA before the old dies. */
	a = cfg_default(&P, 0);
	b = cfg_default(&P, 1);
	a->conns[0].lifetime_kb = b->conns[0].lifetime_kb = 1000;
	start(a, b);
	CHECK(come_up(5000) != 0);
	struct ipsec_sa_info first = show(0).ipsec;
	uint64_t before = stats(0).p2_established + stats(1).p2_established;
	dp_memory_traffic(&P.dp[0], P.addr[1], first.spi_out, 700, 1000 * 1000);
	pair_run(&P, 2000);
	CHECK(stats(0).p2_established + stats(1).p2_established == before + 2);
	CHECK(pair_ipsec(&P, 0) == 2 && outbound_sas(0) == 2);
	pair_run(&P, 12000);                            /* the old pair goes after the overlap */
	CHECK(pair_ipsec(&P, 0) == 1 && pair_ipsec(&P, 1) == 1 && show(0).ipsec.spi_out != first.spi_out);
	CHECK(pair_keys_match(&P));
}

static void test_rekey_phase1(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
	unsigned most = 0;
	bool always = true;

	cfg_set_policy(a, 0, 10, OAKLEY_ENCR_AES_CBC, 128, OAKLEY_HASH_SHA2_256, OAKLEY_GROUP_ECP256, 300);
	cfg_set_policy(b, 0, 10, OAKLEY_ENCR_AES_CBC, 128, OAKLEY_HASH_SHA2_256, OAKLEY_GROUP_ECP256, 300);
	start(a, b);
	CHECK(come_up(5000) != 0);
	for (int i = 0; i < 1000; i++) {
		pair_run(&P, 1000);
		unsigned n = pair_ike(&P, 0, true);
		most = n > most ? n : most;
		always &= n >= 1 && pair_ike(&P, 1, true) >= 1;
	}
	/* A new ISAKMP SA before the old one expires; the old one goes at its lifetime. */
	CHECK(always && most == 2);
	CHECK(stats(0).p1_established + stats(1).p1_established >= 2 * 3);
	CHECK(stats(0).p1_failed == 0 && stats(1).p1_failed == 0);
	/* Quick Mode still works on the current one. */
	ike_engine_clear_ipsec(P.e[0], NULL);
	pair_run(&P, 100);
	CHECK(pair_ipsec(&P, 0) == 0 && pair_ipsec(&P, 1) == 0);
	pair_traffic(&P, 0);
	CHECK(pair_run_until(&P, up, 2000));
	fprintf(stderr, "rekey: %llu+%llu Main Modes in 1000 s with a 300 s lifetime\n",
		(unsigned long long)stats(0).p1_established, (unsigned long long)stats(1).p1_established);
}

/* Both sides see traffic at once: two ISAKMP SAs, two IPsec SA pairs; the tunnel
 * never breaks, and the twins collapse to one pair at the first rekey. */
static void test_simultaneous(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
	bool always = true;

	a->conns[0].lifetime_s = b->conns[0].lifetime_s = 120;
	start(a, b);
	pair_traffic(&P, 0);
	pair_traffic(&P, 1);
	CHECK(pair_run_until(&P, up, 3000));
	pair_run(&P, 1000);
	CHECK(pair_ike(&P, 0, true) == 2 && pair_ipsec(&P, 0) == 2 && pair_ipsec(&P, 1) == 2);
	for (int i = 0; i < 300; i++) {
		pair_run(&P, 1000);
		always &= outbound_sas(0) >= 1 && outbound_sas(1) >= 1;
	}
	CHECK(always);
	CHECK(pair_ipsec(&P, 0) == 1 && pair_ipsec(&P, 1) == 1 && pair_keys_match(&P));
}

/* ---- Delete, INITIAL-CONTACT, failover ------------------------------------------------------------- */

static void test_delete(void)
{
	start(cfg_default(&P, 0), cfg_default(&P, 1));
	CHECK(come_up(5000) != 0);
	CHECK(ike_engine_clear_ipsec(P.e[0], NULL) == 1);
	pair_run(&P, 100);
	CHECK(pair_ipsec(&P, 1) == 0 && stats(1).deletes_received == 1);
	struct dpm_stats ds;
	dp_memory_stats(&P.dp[1], &ds);
	CHECK(ds.sas == 0);                             /* both directions left B's data plane */
	CHECK(pair_ike(&P, 1, true) == 1);
	pair_traffic(&P, 0);
	CHECK(pair_run_until(&P, up, 2000));
	CHECK(ike_engine_clear_conn(P.e[1], PAIR_REQID + 1) == 0 && ike_engine_clear_conn(P.e[1], PAIR_REQID) == 1);
	pair_run(&P, 100);
	CHECK(pair_ipsec(&P, 0) == 0 && pair_ipsec(&P, 1) == 0);
	const struct in_addr peer = P.addr[1];
	CHECK(ike_engine_clear_ike(P.e[0], &peer) == 1);
	pair_run(&P, 100);
	CHECK(pair_ike(&P, 1, true) == 0 && pair_ike(&P, 0, true) == 0);
	CHECK(logcap_has("Session is being torn down. Reason: peer sent DELETE"));
}

static void test_initial_contact(void)
{
	start(cfg_default(&P, 0), cfg_default(&P, 1));
	CHECK(come_up(5000) != 0);
	/* A reboots: its SAs are gone without a word; B still holds the old ones. */
	pair_reboot(&P, 0);
	pair_set_config(&P, 0, cfg_default(&P, 0));
	CHECK(pair_ike(&P, 1, true) == 1 && pair_ipsec(&P, 1) == 1);
	logcap_reset();
	pair_traffic(&P, 0);
	CHECK(pair_run_until(&P, up, 3000));
	pair_run(&P, 100);
	/* INITIAL-CONTACT in MM5 made B drop the stale SAs. */
	CHECK(pair_ike(&P, 1, true) == 1 && pair_ipsec(&P, 1) == 1);
	CHECK(logcap_has("INITIAL-CONTACT from the peer"));
	CHECK(pair_keys_match(&P));
}

static void test_failover(void)
{
	struct vpn_config *a = cfg_default(&P, 0);

	/* crypto map OUT 10 set peer 192.0.2.9 192.0.2.2: the first never answers. */
	a->conns[0].npeers = 2;
	a->conns[0].peers[1] = a->conns[0].peers[0];
	inet_pton(AF_INET, "192.0.2.9", &a->conns[0].peers[0]);
	a->nauth = 2;
	a->auth = realloc(a->auth, 2 * sizeof(*a->auth));
	a->auth[1] = a->auth[0];
	a->auth[1].addr = a->conns[0].peers[0];
	start(a, cfg_default(&P, 1));
	uint64_t t = come_up(120000);
	CHECK(t > 30000 && t < 60000);
	CHECK(logcap_has("IP = 192.0.2.9, Phase 1 failed in MM_WAIT_MSG2"));
	CHECK(show(0).ike.peer.addr.s_addr == P.addr[1].s_addr);
	fprintf(stderr, "failover: second peer up %llu ms after the first traffic\n", (unsigned long long)t);
}

/* ---- a flood of spoofed MM1 against max_half_open ----------------------------------------------- */

static void spoofed_mm1(struct ike_engine *e, struct in_addr dst, uint32_t n)
{
	struct isakmp_hdr h = { .exchange = ISAKMP_EXCH_MAIN };
	struct isakmp_builder b;
	struct ike_endpoint local = { dst, 500 }, remote = { { htonl(0xcb000000u | (n & 0xffffff)) }, 500 };

	for (int i = 0; i < 8; i++)
		h.cky_i[i] = (uint8_t)(n >> (i % 4 * 8)) ^ (uint8_t)(0x5a + i);
	isakmp_build_init(&b, &h);
	size_t sa = isakmp_build_sa_begin(&b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	size_t p = isakmp_build_proposal_begin(&b, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	size_t t = isakmp_build_transform_begin(&b, 1, ISAKMP_KEY_IKE);
	isakmp_build_attr(&b, OAKLEY_ATTR_ENCR, OAKLEY_ENCR_AES_CBC);
	isakmp_build_attr(&b, OAKLEY_ATTR_KEY_LENGTH, 256);
	isakmp_build_attr(&b, OAKLEY_ATTR_HASH, OAKLEY_HASH_SHA1);
	isakmp_build_attr(&b, OAKLEY_ATTR_GROUP_DESC, OAKLEY_GROUP_MODP2048);
	isakmp_build_attr(&b, OAKLEY_ATTR_AUTH, OAKLEY_AUTH_PSK);
	isakmp_build_transform_end(&b, t);
	isakmp_build_proposal_end(&b, p);
	isakmp_build_sa_end(&b, sa);
	isakmp_build_finish(&b);
	ike_engine_input(e, &local, &remote, b.buf, b.len);
	isakmp_build_free(&b);
}

static void test_half_open_flood(void)
{
	struct vpn_config *a = cfg_default(&P, 0), *b = cfg_default(&P, 1);
	uint32_t flood = 0, most_sas = 0;

	b->max_half_open = 50;
	/* B answers anyone: a wildcard key, as `crypto isakmp key K address 0.0.0.0`. */
	b->auth[0].addr.s_addr = 0;
	b->auth[0].mask.s_addr = 0;
	start(a, b);
	pair_traffic(&P, 0);
	/* 5 spoofed MM1 per virtual millisecond for 10 s: 50 000 sources. */
	for (int ms = 0; ms < 10000; ms++) {
		for (int k = 0; k < 5; k++)
			spoofed_mm1(P.e[1], P.addr[1], ++flood);
		pair_run(&P, 1);
		struct ike_stats sb = stats(1);
		most_sas = sb.ike_sas > most_sas ? sb.ike_sas : most_sas;
	}
	struct ike_stats sb = stats(1);
	CHECK(pair_up(&P));
	CHECK(sb.half_open_peak <= 50 && sb.half_open <= 50);
	CHECK(most_sas <= 51);                          /* memory bounded: 50 half-open + the real one */
	CHECK(sb.half_open_dropped >= flood - 50);
	/* One MM2 per spoofed MM1 at most: no retransmission towards the victims. */
	CHECK(P.w.undeliverable <= flood);
	CHECK(logcap_count("In-negotiation IKE SA limit of 50 reached") <= 11);
	fprintf(stderr, "flood: %u spoofed MM1, peak %u half-open, %llu dropped, tunnel %s\n", flood,
		sb.half_open_peak, (unsigned long long)sb.half_open_dropped, pair_up(&P) ? "up" : "DOWN");
	/* The half-open ones time out. */
	pair_run(&P, 45000);
	CHECK(stats(1).half_open == 0 && stats(1).ike_sas == 1);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "dup", test_duplicates_reorder_corrupt }, { "loss", test_random_loss }, { "amrace", test_am_race },
	{ "delete", test_delete }, { "ic", test_initial_contact }, { "dpd", test_dpd },
	{ "rekey2", test_rekey_phase2 }, { "simultaneous", test_simultaneous }, { "rekey1", test_rekey_phase1 }, { "failover", test_failover },
	{ "flood", test_half_open_flood }, { "nat", test_nat },
};

int main(void)
{
	const char *only = getenv("IKE_TEST_ONLY");

	logcap_init();
	if (getenv("IKE_TEST_DEBUG"))
		dbg_set(DBG_ISAKMP, 1);
	pair_init(&P);
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		if (only && strcmp(only, tests[i].name) != 0)
			continue;
		int before = check_failures;
		tests[i].fn();
		if (check_failures != before)
			fprintf(stderr, "test %s: FAILED\n", tests[i].name);
	}
	pair_free(&P);
	return check_done("test_ike_faults");
}
