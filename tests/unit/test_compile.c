/* The config compiler: configurations typed through the real grammar and session in
 * both personalities, and the vpn_config snapshot vpn_compile() makes of them. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli_box.h"
#include "platform/bootstrap.h"
#include "platform/util.h"
#include "platform/daemon.h"
#include "running-config/area.h"
#include "running-config/config.h"
#include "shell/session.h"
#include "vpn/compile.h"
#include "vpn/isakmp.h"

/* Every line must be accepted with no error (a typo in the test would otherwise pass
 * unnoticed as a missing field); the device's INFO/NOTE remarks are fine. */
static bool only_remarks(const char *out)
{
	return *out == '\0' || strstr(out, "INFO: ") == out || strstr(out, "% NOTE: ") == out;
}

static void type_lines(struct box *b, const char *const *lines)
{
	for (; *lines; lines++) {
		session_exec(b->s, *lines);
		const char *out = b->s->out.s ? b->s->out.s : "";
		if (!only_remarks(out))
			fprintf(stderr, "line \"%s\" printed:\n%s", *lines, out);
		CHECK(only_remarks(out));
	}
}

static struct in_addr ip(const char *s)
{
	struct in_addr a;
	inet_pton(AF_INET, s, &a);
	return a;
}

static bool sel_is(const struct dp_selector *s, const char *src, unsigned splen, const char *dst, unsigned dplen,
		   unsigned proto, unsigned dport)
{
	return s->src.s_addr == ip(src).s_addr && s->src_plen == splen && s->dst.s_addr == ip(dst).s_addr &&
	       s->dst_plen == dplen && s->proto == proto && s->dport == dport && s->sport == 0;
}

static const struct vpn_peer_auth *auth_of(const struct vpn_config *c, const char *addr)
{
	return vpn_auth_for_peer(c, ip(addr));
}

static const char *const asa_config[] = {
	"hostname fw1",
	"interface GigabitEthernet0/0",
	" nameif outside",
	" ip address 192.0.2.1 255.255.255.0",
	"interface GigabitEthernet0/1",
	" nameif inside",
	" ip address 10.1.0.1 255.255.255.0",
	"exit",
	"access-list VPN extended permit ip 10.1.0.0 255.255.255.0 10.2.0.0 255.255.255.0",
	"access-list VPN extended permit tcp host 10.1.0.5 host 10.2.0.6 eq 80",
	"access-list VPN extended permit tcp host 10.1.0.5 host 10.2.0.6 range 80 90",
	"access-list VPN extended deny ip any any",
	"crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac",
	"crypto ipsec ikev1 transform-set OLD esp-3des esp-md5-hmac",
	"crypto ipsec security-association lifetime seconds 7200",
	"crypto map OUT 10 match address VPN",
	"crypto map OUT 10 set peer 192.0.2.2 198.51.100.2",
	"crypto map OUT 10 set ikev1 transform-set TS OLD NOSUCH",
	"crypto map OUT 10 set pfs group14",
	"crypto map OUT 20 match address VPN",
	"crypto map OUT 20 set ikev1 transform-set TS",
	"crypto map OUT 30 match address VPN",
	"crypto map OUT 30 set peer 203.0.113.9",
	"crypto map OUT 30 set ikev1 transform-set TS",
	"crypto map OUT 30 set security-association lifetime seconds 600",
	"crypto map OUT 30 set connection-type answer-only",
	"crypto dynamic-map DYN 5 set ikev1 transform-set OLD",
	"crypto map OUT 65535 ipsec-isakmp dynamic DYN",
	"crypto map OUT interface outside",
	"crypto map IN 10 match address VPN",
	"crypto map IN 10 set peer 192.0.2.9",
	"crypto map IN 10 set ikev1 transform-set TS",
	"crypto map IN interface inside",
	"crypto ikev1 enable outside",
	"crypto ikev1 policy 20",
	" authentication pre-share",
	" encryption aes-256",
	" hash sha",
	" group 14",
	" lifetime 3600",
	"crypto ikev1 policy 10",
	" authentication pre-share",
	" encryption 3des",
	" hash md5",
	" group 2",
	"exit",
	"tunnel-group 192.0.2.2 type ipsec-l2l",
	"tunnel-group 192.0.2.2 ipsec-attributes",
	" ikev1 pre-shared-key s3cret",
	" isakmp keepalive threshold 20 retry 4",
	"exit",
	"tunnel-group DefaultL2LGroup ipsec-attributes",
	" ikev1 pre-shared-key wildcard-key",
	"exit",
	NULL,
};

static void test_asa(void)
{
	struct box b;
	struct vpn_config *c;
	const struct vpn_peer_auth *a;

	box_open(&b, GP_ASA);
	type_lines(&b, asa_config);
	c = vpn_compile(b.rd.config, NULL);
	CHECK_STR(c->hostname, "fw1");
	CHECK(c->identity == VPN_ID_AUTO);
	CHECK(c->natt_enabled);
	CHECK(c->default_lifetime_s == 7200);
	/* Policies in priority order, as IKEv1 attribute values. */
	CHECK(c->npolicies == 2);
	CHECK(c->policies[0].priority == 10 && c->policies[0].enc == OAKLEY_ENCR_3DES &&
	      c->policies[0].hash == OAKLEY_HASH_MD5 && c->policies[0].group == 2 && c->policies[0].auth == OAKLEY_AUTH_PSK);
	CHECK(c->policies[1].priority == 20 && c->policies[1].enc == OAKLEY_ENCR_AES_CBC &&
	      c->policies[1].key_bits == 256 && c->policies[1].hash == OAKLEY_HASH_SHA1 && c->policies[1].group == 14 &&
	      c->policies[1].lifetime_s == 3600);
	/* Keys: the tunnel-group's for its address, DefaultL2LGroup's for everyone else, last. */
	CHECK(c->nauth == 2);
	a = auth_of(c, "192.0.2.2");
	CHECK(a && a->psk_len == 6 && !memcmp(a->psk, "s3cret", 6) && a->dpd_enabled && a->dpd_threshold_s == 20 &&
	      a->dpd_retry_s == 4);
	a = auth_of(c, "203.0.113.77");
	CHECK(a && !strcmp(a->psk, "wildcard-key") && a->mask.s_addr == 0);
	CHECK(c->auth[c->nauth - 1].mask.s_addr == 0);
	/* IKE is enabled on outside only: its address, and only map OUT's entries. */
	CHECK(c->nlocal == 1 && c->local_addrs[0].s_addr == ip("192.0.2.1").s_addr);
	/* OUT 20 has no peer: left out. */
	CHECK(c->nconns == 3);
	if (c->nconns == 3) {
		const struct vpn_conn *k = &c->conns[0];
		CHECK_STR(k->map_name, "OUT");
		CHECK(k->seq == 10);
		CHECK_STR(k->ifname, "outside");
		CHECK(k->local_addr.s_addr == ip("192.0.2.1").s_addr);
		CHECK(!k->dynamic && k->npeers == 2 && k->peers[0].s_addr == ip("192.0.2.2").s_addr &&
		      k->peers[1].s_addr == ip("198.51.100.2").s_addr);
		/* The range entry and the deny have no selector form. */
		CHECK(k->nsel == 2);
		CHECK(k->nsel == 2 && sel_is(&k->sel[0], "10.1.0.0", 24, "10.2.0.0", 24, 0, 0));
		CHECK(k->nsel == 2 && sel_is(&k->sel[1], "10.1.0.5", 32, "10.2.0.6", 32, 6, 80));
		CHECK(k->ntsets == 2 && !strcmp(k->tsets[0].name, "TS") && k->tsets[0].esp_id == ESP_AES &&
		      k->tsets[0].key_bits == 256 && k->tsets[0].auth_alg == IPSEC_AUTH_HMAC_SHA1 &&
		      k->tsets[0].mode == DP_MODE_TUNNEL && k->tsets[1].esp_id == ESP_3DES);
		CHECK(k->pfs_group == 14);
		CHECK(k->lifetime_s == 7200 && k->lifetime_kb == 4608000);
		CHECK(k->reqid >= DP_REQID_BASE && k->reqid <= DP_REQID_MAX);
		CHECK(k->conn_type == VPN_CONN_BIDIRECTIONAL && !k->any_proxy);
		k = &c->conns[1];
		CHECK(k->seq == 30 && k->lifetime_s == 600 && k->conn_type == VPN_CONN_ANSWER_ONLY && k->pfs_group == 0);
		k = &c->conns[2];
		CHECK_STR(k->map_name, "DYN");
		CHECK(k->seq == 5 && k->dynamic && k->any_proxy && k->npeers == 0 && k->nsel == 1 && k->sel[0].src_plen == 0 &&
		      k->sel[0].dst_plen == 0 && k->ntsets == 1 && k->tsets[0].esp_id == ESP_3DES);
		CHECK(c->conns[0].reqid != c->conns[1].reqid && c->conns[1].reqid != c->conns[2].reqid);
		CHECK(vpn_conn_by_reqid(c, c->conns[1].reqid) == &c->conns[1]);
	}

	/* Recompiling an unchanged configuration gives the same connections and reqids. */
	struct vpn_config *again = vpn_compile(b.rd.config, NULL);
	CHECK(again->nconns == c->nconns);
	for (size_t i = 0; i < c->nconns && i < again->nconns; i++)
		CHECK(vpn_conn_same(&c->conns[i], &again->conns[i]));
	vpn_config_unref(again);

	/* A change to one entry changes that connection only. */
	static const char *const change[] = { "crypto map OUT 30 set pfs group5", NULL };
	type_lines(&b, change);
	again = vpn_compile(b.rd.config, NULL);
	CHECK(again->nconns == 3);
	if (again->nconns == 3 && c->nconns == 3) {
		CHECK(vpn_conn_same(&c->conns[0], &again->conns[0]));
		CHECK(!vpn_conn_same(&c->conns[1], &again->conns[1]));
		CHECK(again->conns[1].reqid == c->conns[1].reqid && again->conns[1].pfs_group == 5);
	}
	vpn_config_unref(again);

	/* Without `crypto ikev1 enable` nothing is bound. */
	static const char *const disable[] = { "no crypto ikev1 enable outside", NULL };
	type_lines(&b, disable);
	again = vpn_compile(b.rd.config, NULL);
	CHECK(again->nconns == 0 && again->nlocal == 0);
	vpn_config_unref(again);

	vpn_config_unref(c);
	box_close(&b);
}

static const char *const ios_config[] = {
	"hostname R1",
	"crypto isakmp policy 10",
	" encr aes 256",
	" hash sha256",
	" authentication pre-share",
	" group 14",
	"crypto isakmp policy 5",
	"exit",
	"crypto isakmp key k1 address 192.0.2.1",
	"crypto isakmp key wild address 0.0.0.0 0.0.0.0",
	"crypto keyring KR",
	" pre-shared-key address 198.51.100.0 255.255.255.0 key ring-key",
	" pre-shared-key address 192.0.2.1 key shadowed",
	"exit",
	"crypto isakmp keepalive 10 3",
	"crypto isakmp identity hostname",
	"crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac",
	"exit",
	"crypto ipsec transform-set TR esp-3des esp-md5-hmac",
	" mode transport",
	"exit",
	"ip access-list extended VPNACL",
	" permit ip 10.2.0.0 0.0.0.255 10.1.0.0 0.0.0.255",
	" permit udp host 10.2.0.7 any eq 53",
	"exit",
	"crypto map VPN 10 ipsec-isakmp",
	" set peer 192.0.2.1",
	" set transform-set TS TR",
	" match address VPNACL",
	" set pfs group14",
	" set security-association lifetime kilobytes 10000",
	"exit",
	"interface GigabitEthernet0/0",
	" ip address 192.0.2.2 255.255.255.0",
	" crypto map VPN",
	"exit",
	NULL,
};

static void test_ios(void)
{
	struct box b;
	struct vpn_config *c;
	const struct vpn_peer_auth *a;

	box_open(&b, GP_IOS);
	type_lines(&b, ios_config);
	c = vpn_compile(b.rd.config, NULL);
	CHECK_STR(c->hostname, "R1");
	CHECK(c->identity == VPN_ID_HOSTNAME);
	CHECK(c->max_half_open == 0);     /* the engine's default */
	CHECK(c->default_lifetime_s == 3600);
	/* Policy 5 has IOS's defaults: DES, SHA, RSA-sig, group 1. */
	CHECK(c->npolicies == 2);
	CHECK(c->policies[0].priority == 5 && c->policies[0].enc == OAKLEY_ENCR_DES &&
	      c->policies[0].hash == OAKLEY_HASH_SHA1 && c->policies[0].auth == OAKLEY_AUTH_RSA_SIG &&
	      c->policies[0].group == 1 && c->policies[0].lifetime_s == 86400);
	CHECK(c->policies[1].priority == 10 && c->policies[1].enc == OAKLEY_ENCR_AES_CBC &&
	      c->policies[1].key_bits == 256 && c->policies[1].hash == OAKLEY_HASH_SHA2_256 &&
	      c->policies[1].auth == OAKLEY_AUTH_PSK && c->policies[1].group == 14);
	/* The global key for 192.0.2.1 was typed first; the keyring's subnet key; the wildcard last. */
	CHECK(c->nauth == 3);
	a = auth_of(c, "192.0.2.1");
	CHECK(a && !strcmp(a->psk, "k1") && a->mask.s_addr == 0xffffffffu);
	CHECK(a && a->dpd_enabled && a->dpd_threshold_s == 10 && a->dpd_retry_s == 3);
	a = auth_of(c, "198.51.100.77");
	CHECK(a && !strcmp(a->psk, "ring-key"));
	a = auth_of(c, "203.0.113.1");
	CHECK(a && !strcmp(a->psk, "wild"));
	CHECK(c->nauth == 3 && c->auth[0].mask.s_addr == 0xffffffffu && c->auth[2].mask.s_addr == 0);
	CHECK(c->nlocal == 1 && c->local_addrs[0].s_addr == ip("192.0.2.2").s_addr);
	CHECK(c->nconns == 1);
	if (c->nconns == 1) {
		const struct vpn_conn *k = &c->conns[0];
		CHECK_STR(k->map_name, "VPN");
		CHECK_STR(k->ifname, "GigabitEthernet0/0");
		CHECK(k->seq == 10 && k->npeers == 1 && k->peers[0].s_addr == ip("192.0.2.1").s_addr);
		CHECK(k->local_addr.s_addr == ip("192.0.2.2").s_addr);
		CHECK(k->nsel == 2 && sel_is(&k->sel[0], "10.2.0.0", 24, "10.1.0.0", 24, 0, 0));
		CHECK(k->nsel == 2 && sel_is(&k->sel[1], "10.2.0.7", 32, "0.0.0.0", 0, 17, 53));
		CHECK(k->ntsets == 2 && k->tsets[0].esp_id == ESP_AES && k->tsets[0].key_bits == 256 &&
		      k->tsets[1].esp_id == ESP_3DES && k->tsets[1].auth_alg == IPSEC_AUTH_HMAC_MD5 &&
		      k->tsets[1].mode == DP_MODE_TRANSPORT);
		CHECK(k->pfs_group == 14 && k->lifetime_s == 3600 && k->lifetime_kb == 10000);
		CHECK(k->reqid == vpn_compile_reqid_hint("VPN", 10));
	}
	vpn_config_unref(c);

	/* `crypto map NAME local-address IF`: IKE and the SAs use that interface's address. */
	static const char *const la[] = {
		"interface Loopback0", " ip address 198.51.100.1 255.255.255.255", "exit",
		"crypto map VPN local-address Loopback0", NULL,
	};
	type_lines(&b, la);
	c = vpn_compile(b.rd.config, NULL);
	CHECK(c->nconns == 1 && c->conns[0].local_addr.s_addr == ip("198.51.100.1").s_addr);
	CHECK(c->nlocal == 1 && c->local_addrs[0].s_addr == ip("198.51.100.1").s_addr);
	vpn_config_unref(c);
	static const char *const no_la[] = { "no crypto map VPN local-address Loopback0", NULL };
	type_lines(&b, no_la);

	/* An interface without `ip address` takes its Linux link's: the loopback here. */
	static const char *const lo[] = {
		"interface GigabitEthernet0/0", " no ip address", "exit", NULL,
	};
	type_lines(&b, lo);
	struct bootstrap boot;
	bootstrap_defaults(&boot);
	boot.ifaces = xcalloc(1, sizeof(*boot.ifaces));
	boot.ifaces[0].name = xstrdup("GigabitEthernet0/0");
	boot.ifaces[0].link = xstrdup("lo");
	boot.nifaces = 1;
	c = vpn_compile(b.rd.config, NULL);
	CHECK(c->nconns == 0);
	vpn_config_unref(c);
	c = vpn_compile(b.rd.config, &boot);
	CHECK(c->nconns == 1 && c->conns[0].local_addr.s_addr == ip("127.0.0.1").s_addr);
	vpn_config_unref(c);
	/* An interface whose Linux link does not exist is down: its map does nothing. */
	free(boot.ifaces[0].link);
	boot.ifaces[0].link = xstrdup("no-such-link9");
	c = vpn_compile(b.rd.config, &boot);
	CHECK(c->nconns == 0 && c->nlocal == 0);
	vpn_config_unref(c);
	bootstrap_free(&boot);

	/* `no crypto isakmp enable`: IKE is off everywhere. */
	static const char *const off[] = { "no crypto isakmp enable", NULL };
	type_lines(&b, off);
	c = vpn_compile(b.rd.config, NULL);
	CHECK(c->nconns == 0);
	vpn_config_unref(c);
	/* the admission limit bounds the engine's half-open SAs (a flood of spoofed MM1) */
	static const char *const limit[] = { "crypto call admission limit ike in-negotiation-sa 250", NULL };
	type_lines(&b, limit);
	c = vpn_compile(b.rd.config, NULL);
	CHECK(c->max_half_open == 250);
	vpn_config_unref(c);
	box_close(&b);
}

int main(void)
{
	test_asa();
	test_ios();
	return check_done("test_compile");
}
