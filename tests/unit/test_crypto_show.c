/* The operational VPN show layouts (running-config/crypto_show_render.c) against the
 * real device captures in cisco-outputs §1-§5: info structs are filled the way the
 * engine fills them, the text must equal the capture. The outputs also go through the
 * ntc-templates TextFSM parsers (tests/cli/textfsm/templates) that monitoring scripts use.
 * Then two real engines (tests/unit/ike_pair) negotiate and their SAs are shown from
 * both ends, and the commands run through the real grammar and session, with no
 * engine (what the device prints with no SAs) and on a live engine (show, clear). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cli_box.h"
#include "platform/daemon.h"
#include "platform/log.h"
#include "running-config/area.h"
#include "running-config/crypto_show.h"
#include "shell/session.h"
#include "tests/unit/ike_pair.h"
#include "vpn/isakmp.h"

static bool textfsm_skipped;

static struct in_addr a4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

static struct ike_endpoint ep(const char *s, uint16_t port)
{
	return (struct ike_endpoint){ a4(s), port };
}

/* Runs tests/cli/textfsm-check.py TEMPLATE < text; its exit status (77: no textfsm). */
static int textfsm(const char *tmpl, const char *text)
{
	const char *srcdir = getenv("srcdir") ? getenv("srcdir") : ".";
	char path[] = "/tmp/test_crypto_show.XXXXXX", cmd[1024];
	int fd = mkstemp(path), st;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s/tests/cli/textfsm-check.py %s/tests/cli/textfsm/templates/%s.textfsm < %s >/dev/null",
		 srcdir, srcdir, tmpl, path);
	st = system(cmd);
	unlink(path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void check_parses(const char *tmpl, const char *text)
{
	int rc = textfsm(tmpl, text);

	if (rc == 77) {
		textfsm_skipped = true;
		return;
	}
	if (rc != 0)
		fprintf(stderr, "%s did not parse:\n%s", tmpl, text);
	CHECK(rc == 0);
}

/* ---- IKE SAs ---- */

static struct ike_sa_info ike_sa(const char *local, const char *peer, enum ike_role role, uint32_t conn_id)
{
	struct ike_sa_info i;

	memset(&i, 0, sizeof(i));
	i.local = ep(local, 500);
	i.peer = ep(peer, 500);
	i.role = role;
	i.state_asa = "MM_ACTIVE";
	i.state_ios = "QM_IDLE";
	i.established = true;
	i.conn_id = conn_id;
	i.encr = OAKLEY_ENCR_AES_CBC;
	i.key_bits = 256;
	i.encr_name = "aes-256";
	i.hash_name = "sha";
	i.auth = OAKLEY_AUTH_PSK;
	i.group = 14;
	i.lifetime_s = 86400;
	i.remaining_s = 86300;
	return i;
}

static void test_isakmp_ios(void)
{
	/* Hub-RTR [LAB]: the spoke .20 initiated 1002, the hub initiated 1001 */
	struct ike_sa_info sas[2] = {
		ike_sa("203.0.113.1", "203.0.113.20", IKE_ROLE_RESPONDER, 1002),
		ike_sa("203.0.113.1", "203.0.113.10", IKE_ROLE_INITIATOR, 1001),
	};
	struct strbuf out;

	sb_init(&out);
	cshow_isakmp_ios(sas, 2, false, &out);
	CHECK_STR(out.s, "IPv4 Crypto ISAKMP SA\n"
			 "dst             src             state          conn-id status\n"
			 "203.0.113.1     203.0.113.20    QM_IDLE           1002 ACTIVE\n"
			 "203.0.113.10    203.0.113.1     QM_IDLE           1001 ACTIVE\n"
			 "\n"
			 "IPv6 Crypto ISAKMP SA\n"
			 "\n");

	/* [GENIE]: a deleted SA still negotiating */
	sb_reset(&out);
	sas[0] = ike_sa("100.0.10.2", "100.12.82.2", IKE_ROLE_RESPONDER, 29188);
	sas[0].state_ios = "MM_NO_STATE";
	sas[0].deleting = true;
	cshow_isakmp_ios(sas, 1, false, &out);
	CHECK(strstr(out.s, "\n100.0.10.2      100.12.82.2     MM_NO_STATE      29188 ACTIVE (deleted)\n") != NULL);

	/* no SA: the headers only */
	sb_reset(&out);
	cshow_isakmp_ios(NULL, 0, false, &out);
	CHECK_STR(out.s, "IPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n\n"
			 "IPv6 Crypto ISAKMP SA\n\n");

	/* detail [GENIE] row layout, without the VRF name */
	sb_reset(&out);
	sas[0] = ike_sa("100.0.10.2", "100.13.220.2", IKE_ROLE_RESPONDER, 1609);
	sas[0].group = 16;
	sas[0].remaining_s = 107;
	sas[0].dpd = true;
	cshow_isakmp_ios(sas, 1, true, &out);
	CHECK(strstr(out.s, "C-id  Local           Remote          I-VRF  Status Encr Hash   Auth DH Lifetime Cap.\n\n"
			    "1609  100.0.10.2      100.13.220.2              ACTIVE aes  sha    psk  16 00:01:47 D  \n"
			    "       Engine-id:Conn-id =  SW:609\n\nIPv6 Crypto ISAKMP SA\n\n") != NULL);
	CHECK(strncmp(out.s, "Codes: C - IKE configuration mode, D - Dead Peer Detection\n", 59) == 0);
	sb_free(&out);
}

static void test_isakmp_asa(void)
{
	struct ike_sa_info sa = ike_sa("203.0.113.20", "203.0.113.1", IKE_ROLE_INITIATOR, 1001);
	struct strbuf out;
	const char *lab = "\nIKEv1 SAs:\n\n"
			  "   Active SA: 1\n"
			  "    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)\n"
			  "Total IKE SA: 1\n\n"
			  "1   IKE Peer: 203.0.113.1\n"
			  "    Type    : L2L             Role    : initiator \n"
			  "    Rekey   : no              State   : MM_ACTIVE \n";
	char want[1024];

	/* ASA1# show crypto ikev1 sa [LAB] */
	sb_init(&out);
	cshow_isakmp_asa(&sa, 1, false, false, &out);
	CHECK_STR(out.s, lab);

	/* show crypto isakmp sa adds the (empty) IKEv2 part */
	sb_reset(&out);
	cshow_isakmp_asa(&sa, 1, false, true, &out);
	snprintf(want, sizeof(want), "%s\nThere are no IKEv2 SAs\n", lab);
	CHECK_STR(out.s, want);

	/* detail: encryption, hash, auth, lifetimes (§2.1) */
	sb_reset(&out);
	cshow_isakmp_asa(&sa, 1, true, false, &out);
	snprintf(want, sizeof(want), "%s    Encrypt : aes-256         Hash    : SHA\n"
		 "    Auth    : preshared       Lifetime: 86400\n    Lifetime Remaining: 86300\n", lab);
	CHECK_STR(out.s, want);
	/* that template reads the ASA 8.0-8.3 table, not 8.4+ blocks (ASA 8.4+ prints per-SA blocks) */
	if (textfsm("cisco_asa_show_crypto_ikev1_sa_detail", out.s) != 77)
		CHECK(textfsm("cisco_asa_show_crypto_ikev1_sa_detail", out.s) == 1);

	/* a rekey: the old SA counts as Rekey SA */
	sb_reset(&out);
	struct ike_sa_info two[2] = { sa, sa };
	two[0].rekeyed = true;
	cshow_isakmp_asa(two, 2, false, false, &out);
	CHECK(strstr(out.s, "   Active SA: 1\n    Rekey SA: 1 (") != NULL);
	CHECK(strstr(out.s, "Total IKE SA: 2\n\n1   IKE Peer: 203.0.113.1\n") != NULL);
	CHECK(strstr(out.s, "    Rekey   : yes             State   : MM_ACTIVE \n\n2   IKE Peer:") != NULL);

	sb_reset(&out);
	cshow_isakmp_asa(NULL, 0, false, true, &out);
	CHECK_STR(out.s, "\nThere are no IKEv1 SAs\n\nThere are no IKEv2 SAs\n");
	sb_free(&out);
}

/* ---- IPsec SAs ---- */

static struct ipsec_sa_info ipsec_sa(const char *ifname, const char *map, const char *local, const char *peer,
				     const char *lnet, unsigned lplen, const char *rnet, unsigned rplen)
{
	struct ipsec_sa_info i;

	memset(&i, 0, sizeof(i));
	i.map_name = map;
	i.seq = 10;
	i.reqid = 1;
	i.ifname = ifname;
	i.local = a4(local);
	i.peer = a4(peer);
	i.local_port = i.peer_port = 500;
	i.sel.src = a4(lnet);
	i.sel.src_plen = (uint8_t)lplen;
	i.sel.dst = a4(rnet);
	i.sel.dst_plen = (uint8_t)rplen;
	i.esp_id = ESP_AES;
	i.key_bits = 256;
	i.auth_alg = IPSEC_AUTH_HMAC_SHA1;
	strcpy(i.transform_asa, "esp-aes-256 esp-sha-hmac");
	strcpy(i.transform_ios, "esp-256-aes esp-sha-hmac");
	i.mode = DP_MODE_TUNNEL;
	i.lifetime_s = 3600;
	i.lifetime_kb = 4608000;
	i.remaining_s = 3590;
	i.remaining_kb = 4608000;
	i.have_counters = true;
	i.conn_id = 1001;
	return i;
}

static void test_ipsec_ios(void)
{
	/* spoke1#show crypto ipsec sa [LAB] */
	struct ipsec_sa_info sa = ipsec_sa("Ethernet0/0", "outside_map", "203.0.113.10", "203.0.113.1", "192.168.1.0",
					   24, "192.168.0.0", 24);
	struct cshow_filter f = { 0 };
	struct strbuf out;

	sa.spi_out = 0xB2C0867D;
	sa.spi_in = 0xDA9E8DCA;
	sa.out.packets = 4;
	sb_init(&out);
	cshow_ipsec_ios(&sa, 1, &f, &out);
	const char *lab = "\ninterface: Ethernet0/0\n"
			  "    Crypto map tag: outside_map, local addr 203.0.113.10\n"
			  "\n"
			  "   protected vrf: (none)\n"
			  "   local  ident (addr/mask/prot/port): (192.168.1.0/255.255.255.0/0/0)\n"
			  "   remote ident (addr/mask/prot/port): (192.168.0.0/255.255.255.0/0/0)\n"
			  "   current_peer 203.0.113.1 port 500\n"
			  "     PERMIT, flags={origin_is_acl,}\n"
			  "    #pkts encaps: 4, #pkts encrypt: 4, #pkts digest: 4\n"
			  "    #pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0\n"
			  "    #pkts compressed: 0, #pkts decompressed: 0\n"
			  "    #pkts not compressed: 0, #pkts compr. failed: 0\n"
			  "    #pkts not decompressed: 0, #pkts decompress failed: 0\n"
			  "    #send errors 0, #recv errors 0\n"
			  "\n"
			  "     local crypto endpt.: 203.0.113.10, remote crypto endpt.: 203.0.113.1\n"
			  "     plaintext mtu 1438, path mtu 1500, ip mtu 1500, ip mtu idb Ethernet0/0\n"
			  "     current outbound spi: 0xB2C0867D(2998961789)\n"
			  "     PFS (Y/N): N, DH group: none\n"
			  "\n"
			  "     inbound esp sas:\n"
			  "      spi: 0xDA9E8DCA(3667824074)\n";
	CHECK(strncmp(out.s, lab, strlen(lab)) == 0);
	if (strncmp(out.s, lab, strlen(lab)))
		fprintf(stderr, "got:\n%s", out.s);
	/* the SA part (§3.1) */
	CHECK(strstr(out.s, "      spi: 0xDA9E8DCA(3667824074)\n"
			    "        transform: esp-256-aes esp-sha-hmac ,\n"
			    "        in use settings ={Tunnel, }\n"
			    "        conn id: 2001, flow_id: SW:1, sibling_flags 80004040, crypto map: outside_map\n"
			    "        sa timing: remaining key lifetime (k/sec): (4608000/3590)\n"
			    "        IV size: 16 bytes\n"
			    "        replay detection support: Y\n"
			    "        Status: ACTIVE(ACTIVE)\n"
			    "\n"
			    "     inbound ah sas:\n"
			    "\n"
			    "     inbound pcp sas:\n"
			    "\n"
			    "     outbound esp sas:\n"
			    "      spi: 0xB2C0867D(2998961789)\n") != NULL);
	CHECK(strstr(out.s, "        conn id: 2002, flow_id: SW:2,") != NULL);
	const char *tail = "\n     outbound ah sas:\n\n     outbound pcp sas:\n";
	CHECK(strlen(out.s) > strlen(tail) && !strcmp(out.s + strlen(out.s) - strlen(tail), tail));

	/* detail: the error counters instead of #send errors, the replay window; a NAT-T
	 * transport SA with PFS, as the ntc-templates parser reads it */
	sb_reset(&out);
	f.detail = true;
	sa.mode = DP_MODE_TRANSPORT;
	sa.udp_encap = true;
	sa.peer_port = 4500;
	sa.pfs_group = 14;
	sa.in.packets = 7;
	sa.in.bytes = 1024 * 10;
	cshow_ipsec_ios(&sa, 1, &f, &out);
	CHECK(strstr(out.s, "#send errors") == NULL);
	CHECK(strstr(out.s, "    ##pkts replay failed (rcv): 0\n") != NULL);
	CHECK(strstr(out.s, "        in use settings ={Transport UDP-Encaps, }\n") != NULL);
	CHECK(strstr(out.s, "        replay detection support: Y  replay window size: 64\n") != NULL);
	CHECK(strstr(out.s, "   current_peer 203.0.113.1 port 4500\n") != NULL);
	CHECK(strstr(out.s, "     PFS (Y/N): Y, DH group: group14\n") != NULL);
	CHECK(strstr(out.s, "(k/sec): (4607990/3590)\n") != NULL);   /* inbound used 10 kB */
	check_parses("cisco_ios_show_crypto_ipsec_sa_detail", out.s);

	/* peer filter: another peer's SA is left out */
	struct ipsec_sa_info two[2] = { sa, sa };
	two[1].peer = a4("203.0.113.99");
	two[1].ifname = "Ethernet0/1";
	sb_reset(&out);
	f.by_peer = true;
	f.peer = a4("203.0.113.99");
	cshow_ipsec_ios(two, 2, &f, &out);
	CHECK(strstr(out.s, "interface: Ethernet0/1\n") != NULL);
	CHECK(strstr(out.s, "Ethernet0/0") == NULL);
	f.by_peer = false;
	f.map = "nosuchmap";
	sb_reset(&out);
	cshow_ipsec_ios(two, 2, &f, &out);
	CHECK_STR(out.s, "\n");
	sb_free(&out);
}

static void test_ipsec_asa(void)
{
	/* ASA1# show crypto ipsec sa [LAB] */
	struct ipsec_sa_info sa = ipsec_sa("outside", "outside_map", "203.0.113.20", "203.0.113.1", "192.168.2.0", 24,
					   "192.168.0.0", 24);
	const char *acls[1] = { "asa-router-vpn" };
	struct cshow_filter f = { 0 };
	struct strbuf out;

	sa.spi_in = 0x32F752FF;
	sa.spi_out = 0xF3EE7A24;
	sa.out.packets = 14;
	sa.in.packets = 3;
	sb_init(&out);
	cshow_ipsec_asa(&sa, acls, 1, &f, &out);
	const char *lab = "interface: outside\n"
			  "    Crypto map tag: outside_map, seq num: 10, local addr: 203.0.113.20\n"
			  "\n"
			  "      access-list asa-router-vpn extended permit ip 192.168.2.0 255.255.255.0 192.168.0.0 255.255.255.0 \n"
			  "      Protected vrf (ivrf): Global\n"
			  "      local ident (addr/mask/prot/port): (192.168.2.0/255.255.255.0/0/0)\n"
			  "      remote ident (addr/mask/prot/port): (192.168.0.0/255.255.255.0/0/0)\n"
			  "      current_peer: 203.0.113.1\n"
			  "\n"
			  "\n"
			  "      #pkts encaps: 14, #pkts encrypt: 14, #pkts digest: 14\n"
			  "      #pkts decaps: 3, #pkts decrypt: 3, #pkts verify: 3\n"
			  "      #pkts compressed: 0, #pkts decompressed: 0\n"
			  "      #pkts not compressed: 14, #pkts comp failed: 0, #pkts decomp failed: 0\n"
			  "      #pre-frag successes: 0, #pre-frag failures: 0, #fragments created: 0\n"
			  "      #PMTUs sent: 0, #PMTUs rcvd: 0, #decapsulated frgs needing reassembly: 0\n"
			  "      #TFC rcvd: 0, #TFC sent: 0\n"
			  "      #Valid ICMP Errors rcvd: 0, #Invalid ICMP Errors rcvd: 0\n"
			  "      #pkts not offload decrypted: 0\n"
			  "      #send errors: 0, #recv errors: 0\n"
			  "\n"
			  "      local crypto endpt.: 203.0.113.20/0, remote crypto endpt.: 203.0.113.1/0\n"
			  "      path mtu 1500, ipsec overhead 74(44), media mtu 1500\n"
			  "      PMTU time remaining (sec): 0, DF policy: copy-df\n";
	CHECK(strncmp(out.s, lab, strlen(lab)) == 0);
	if (strncmp(out.s, lab, strlen(lab)))
		fprintf(stderr, "got:\n%s", out.s);
	CHECK(strstr(out.s, "      current outbound spi: F3EE7A24\n      current inbound spi : 32F752FF\n\n"
			    "    inbound esp sas:\n"
			    "      spi: 0x32F752FF (855069439)\n"
			    "         SA State: active\n"
			    "         transform: esp-aes-256 esp-sha-hmac no compression\n"
			    "         in use settings ={L2L, Tunnel, IKEv1, }\n"
			    "         slot: 0, conn_id: 1001, crypto-map: outside_map\n"
			    "         sa timing: remaining key lifetime (kB/sec): (4608000/3590)\n"
			    "         IV size: 16 bytes\n"
			    "         replay detection support: Y\n"
			    "         Anti replay bitmap: \n"
			    "          0x00000000 0x00000007\n"
			    "    outbound esp sas:\n"
			    "      spi: 0xF3EE7A24 (4092492324)\n") != NULL);
	check_parses("cisco_asa_show_crypto_ipsec_sa", out.s);

	/* NAT-T [NTC]: two spaces before NAT-T-Encaps; endpoints carry the 4500 ports */
	sb_reset(&out);
	sa.udp_encap = true;
	sa.encap_local = sa.encap_peer = 4500;
	sa.lifetime_kb = 0;
	cshow_ipsec_asa(&sa, acls, 1, &f, &out);
	CHECK(strstr(out.s, "         in use settings ={L2L, Tunnel,  NAT-T-Encaps, IKEv1, }\n") != NULL);
	CHECK(strstr(out.s, "      local crypto endpt.: 203.0.113.20/4500, remote crypto endpt.: 203.0.113.1/4500\n") != NULL);
	CHECK(strstr(out.s, "         sa timing: remaining key lifetime (sec): 3590\n") != NULL);
	check_parses("cisco_asa_show_crypto_ipsec_sa", out.s);

	/* peer filter: "peer address:" replaces the interface header; nothing: the notice */
	sb_reset(&out);
	f.by_peer = true;
	f.peer = a4("203.0.113.1");
	cshow_ipsec_asa(&sa, acls, 1, &f, &out);
	CHECK(strncmp(out.s, "peer address: 203.0.113.1\n    Crypto map tag: outside_map, seq num: 10,", 70) == 0);
	sb_reset(&out);
	f.peer = a4("198.51.100.1");
	cshow_ipsec_asa(&sa, acls, 1, &f, &out);
	CHECK_STR(out.s, "There are no ipsec sas\n");
	sb_free(&out);
}

static void test_session_ios(void)
{
	/* [GENIE] show crypto session: a GRE transport flow */
	struct ike_sa_info ike = ike_sa("11.0.1.2", "11.0.1.1", IKE_ROLE_INITIATOR, 1001);
	struct ipsec_sa_info sa = ipsec_sa("Tunnel13", "Tunnel13-head-0", "11.0.1.2", "11.0.1.1", "11.0.1.2", 32,
					   "11.0.1.1", 32);
	struct strbuf out;

	sa.sel.proto = 47;
	sb_init(&out);
	cshow_session_ios(&ike, 1, &sa, 1, NULL, false, &out);
	CHECK_STR(out.s, "Crypto session current status\n"
			 "\n"
			 "Interface: Tunnel13\n"
			 "Session status: UP-ACTIVE     \n"
			 "Peer: 11.0.1.1 port 500 \n"
			 "  Session ID: 0  \n"
			 "  IKEv1 SA: local 11.0.1.2/500 remote 11.0.1.1/500 Active \n"
			 "  IPSEC FLOW: permit 47 host 11.0.1.2 host 11.0.1.1 \n"
			 "        Active SAs: 2, origin: crypto map\n"
			 "\n");

	/* detail [NTC] layout, NAT-T with DPD, 10 kB used each way */
	sb_reset(&out);
	ike.local.port = ike.peer.port = 4500;
	ike.nat_t = ike.dpd = true;
	ike.remaining_s = 32621;
	sa.peer_port = 4500;
	sa.in.packets = 15344097;
	sa.out.packets = 18074395;
	sa.in.bytes = sa.out.bytes = 10 * 1024;
	sa.remaining_s = 615;
	cshow_session_ios(&ike, 1, &sa, 1, NULL, true, &out);
	CHECK_STR(out.s, "Crypto session current status\n"
			 " \n"
			 "Code: C - IKE Configuration mode, D - Dead Peer Detection    \n"
			 "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation    \n"
			 "X - IKE Extended Authentication, F - IKE Fragmentation\n"
			 "R - IKE Auto Reconnect\n"
			 " \n"
			 "Interface: Tunnel13\n"
			 "Uptime: 14:56:19\n"
			 "Session status: UP-ACTIVE    \n"
			 "Peer: 11.0.1.1 port 4500 fvrf: (none) ivrf: (none)\n"
			 "      Phase1_id: 11.0.1.1\n"
			 "      Desc: (none)\n"
			 "  Session ID: 0 \n"
			 "  IKEv1 SA: local 11.0.1.2/4500 remote 11.0.1.1/4500 Active\n"
			 "          Capabilities:DN connid:1001 lifetime:09:03:41\n"
			 "  IPSEC FLOW: permit 47 host 11.0.1.2 host 11.0.1.1\n"
			 "        Active SAs: 2, origin: crypto map\n"
			 "        Inbound:  #pkts dec'ed 15344097 drop 0 life (KB/Sec) 4607990/615\n"
			 "        Outbound: #pkts enc'ed 18074395 drop 0 life (KB/Sec) 4607990/615\n"
			 " \n");
	check_parses("cisco_ios_show_crypto_session_detail", out.s);

	/* subnets; and a second peer still in Main Mode: DOWN-NEGOTIATING on the hint interface */
	struct ike_sa_info two[2] = { ike, ike_sa("11.0.1.2", "11.0.9.9", IKE_ROLE_INITIATOR, 0) };
	two[1].established = false;
	two[1].state_ios = "MM_KEY_EXCH";
	sa = ipsec_sa("Ethernet0/0", "VPN", "11.0.1.2", "11.0.1.1", "192.168.1.0", 24, "192.168.2.0", 24);
	sb_reset(&out);
	cshow_session_ios(two, 2, &sa, 1, "Ethernet0/0", true, &out);
	CHECK(strstr(out.s, "  IPSEC FLOW: permit ip 192.168.1.0/255.255.255.0 192.168.2.0/255.255.255.0\n") != NULL);
	CHECK(strstr(out.s, "Interface: Ethernet0/0\nSession status: DOWN-NEGOTIATING\nPeer: 11.0.9.9 port 500 fvrf:") != NULL);
	CHECK(strstr(out.s, "11.0.9.9/500 Inactive\n          Capabilities:(none) connid:0 lifetime:0\n") != NULL);
	check_parses("cisco_ios_show_crypto_session_detail", out.s);

	/* nothing at all: the header */
	sb_reset(&out);
	cshow_session_ios(NULL, 0, NULL, 0, NULL, false, &out);
	CHECK_STR(out.s, "Crypto session current status\n\n");
	sb_free(&out);
}

static void test_stats_and_uptime(void)
{
	struct ike_stats st = { .rx = 557, .tx = 556, .ike_sas = 1, .p1_established = 3, .deletes_received = 2 };
	struct strbuf out;
	char buf[16];

	sb_init(&out);
	cshow_stats_asa(&st, &out);
	CHECK(strncmp(out.s, "Global IKEv1 Statistics\n  Active Tunnels:              1\n"
			     "  Previous Tunnels:            2\n", 89) == 0);
	CHECK(strstr(out.s, "\n  In Packets:                557\n") != NULL);
	CHECK(strstr(out.s, "\n  In P2 Sa Delete Requests:    2\n") != NULL);
	CHECK(strstr(out.s, "\n  Out Packets:               556\n") != NULL);
	sb_free(&out);
	cshow_uptime(40344, buf, sizeof(buf));
	CHECK_STR(buf, "11:12:24");
	cshow_uptime(93600, buf, sizeof(buf));
	CHECK_STR(buf, "1d02h");
	cshow_uptime(7 * 7 * 86400 + 100, buf, sizeof(buf));
	CHECK_STR(buf, "7w0d");
}

/* ---- the commands, through the grammar and session, with no engine ---- */

static const char *run(struct box *b, const char *line)
{
	return box_run(b, line);
}

static void test_commands_asa(void)
{
	struct box b;

	box_start(&b, GP_ASA);
	CHECK_STR(run(&b, "show crypto ikev1 sa"), "\nThere are no IKEv1 SAs\n");
	CHECK_STR(run(&b, "sh cry isa sa det"), "\nThere are no IKEv1 SAs\n\nThere are no IKEv2 SAs\n");
	CHECK_STR(run(&b, "show crypto ipsec sa"), "There are no ipsec sas\n");
	CHECK_STR(run(&b, "show ipsec sa peer 192.0.2.1"), "There are no ipsec sas\n");
	CHECK(strncmp(run(&b, "show crypto ikev1 stats"), "Global IKEv1 Statistics\n  Active Tunnels:              0\n",
		      57) == 0);
	CHECK_STR(run(&b, "debug crypto ikev1 127"), "");
	CHECK(dbg_level(DBG_ISAKMP) == 127);
	CHECK_STR(run(&b, "debug crypto ipsec"), "");
	CHECK(dbg_level(DBG_IPSEC) == 1);
	CHECK_STR(run(&b, "show debug"), "debug crypto ikev1 enabled at level 127\ndebug crypto ipsec enabled at level 1\n");
	CHECK_STR(run(&b, "no debug crypto ikev1"), "");
	CHECK(dbg_level(DBG_ISAKMP) == 0);
	CHECK_STR(run(&b, "undebug all"), "");
	CHECK(dbg_level(DBG_IPSEC) == 0);
	CHECK_STR(run(&b, "clear crypto ikev1 sa 192.0.2.1"), "");
	CHECK_STR(run(&b, "clear crypto ipsec sa peer 192.0.2.1"), "");
	CHECK_STR(run(&b, "clear crypto isakmp sa"), "");
	CHECK(strstr(run(&b, "show crypto session"), "Invalid input") != NULL);   /* IOS only */
	box_close(&b);
}

static void test_commands_ios(void)
{
	struct box b;

	box_start(&b, GP_IOS);
	CHECK_STR(run(&b, "show crypto isakmp sa"), "IPv4 Crypto ISAKMP SA\n"
		  "dst             src             state          conn-id status\n\nIPv6 Crypto ISAKMP SA\n\n");
	CHECK_STR(run(&b, "show crypto ipsec sa detail"), "\n");
	CHECK_STR(run(&b, "show crypto session"), "Crypto session current status\n\n");
	CHECK_STR(run(&b, "debug crypto isakmp"), "Crypto ISAKMP debugging is on\n");
	CHECK(dbg_level(DBG_ISAKMP) == 1);
	CHECK_STR(run(&b, "debug crypto ipsec"), "Crypto IPSEC debugging is on\n");
	CHECK_STR(run(&b, "show debugging"), "Cryptographic Subsystem:\n  Crypto ISAKMP debugging is on\n"
		  "  Crypto IPSEC debugging is on\n");
	CHECK_STR(run(&b, "no debug crypto ipsec"), "Crypto IPSEC debugging is off\n");
	CHECK(dbg_level(DBG_IPSEC) == 0);
	CHECK_STR(run(&b, "u all"), "All possible debugging has been turned off\n");
	CHECK(dbg_level(DBG_ISAKMP) == 0);
	CHECK_STR(run(&b, "debug crypto isakmp"), "Crypto ISAKMP debugging is on\n");
	CHECK_STR(run(&b, "no debug all"), "All possible debugging has been turned off\n");
	CHECK_STR(run(&b, "show debugging"), "");
	CHECK_STR(run(&b, "clear crypto isakmp"), "");
	CHECK_STR(run(&b, "clear crypto isakmp 1001"), "");
	CHECK_STR(run(&b, "clear crypto sa peer 192.0.2.1"), "");
	CHECK_STR(run(&b, "clear crypto session"), "");
	CHECK(strstr(run(&b, "show crypto ikev1 sa"), "Invalid input") != NULL);   /* ASA only */
	box_close(&b);
}

/* ---- two real engines: what each end shows ---- */

struct sa_lists {
	struct ike_sa_info ike[8];
	struct ipsec_sa_info ipsec[8];
	size_t nike, nipsec;
};

static void take_ike(void *ctx, const struct ike_sa_info *i)
{
	struct sa_lists *l = ctx;

	if (l->nike < 8)
		l->ike[l->nike++] = *i;
}

static void take_ipsec(void *ctx, const struct ipsec_sa_info *i)
{
	struct sa_lists *l = ctx;

	if (l->nipsec < 8)
		l->ipsec[l->nipsec++] = *i;
}

static void sa_lists(struct ike_engine *e, struct sa_lists *l)
{
	memset(l, 0, sizeof(*l));
	ike_engine_foreach_ike_sa(e, take_ike, l);
	ike_engine_foreach_ipsec_sa(e, take_ipsec, l);
}

static bool pair_is_up(struct pair *p)
{
	return pair_up(p);
}

static bool no_ike_sa(struct pair *p)
{
	return pair_ike(p, 0, false) == 0 && pair_ike(p, 1, false) == 0;
}

static void test_engine_pair(struct pair *p)
{
	struct sa_lists a, b;
	struct strbuf out;
	char want[160];

	pair_set_config(p, 0, cfg_default(p, 0));
	pair_set_config(p, 1, cfg_default(p, 1));
	pair_traffic(p, 0);
	CHECK(pair_run_until(p, pair_is_up, 5000));
	sa_lists(p->e[0], &a);
	sa_lists(p->e[1], &b);
	CHECK(a.nike == 1 && b.nike == 1 && a.nipsec == 1 && b.nipsec == 1);
	if (a.nike != 1 || b.nike != 1 || a.nipsec != 1 || b.nipsec != 1)
		return;

	/* side A as an ASA (it initiated), side B as an IOS router (it responded) */
	sb_init(&out);
	cshow_isakmp_asa(a.ike, a.nike, true, false, &out);
	CHECK(strstr(out.s, "1   IKE Peer: 192.0.2.2\n    Type    : L2L             Role    : initiator \n"
			    "    Rekey   : no              State   : MM_ACTIVE \n"
			    "    Encrypt : aes-256         Hash    : SHA\n"
			    "    Auth    : preshared       Lifetime: 86400\n") != NULL);
	sb_reset(&out);
	cshow_isakmp_ios(b.ike, b.nike, false, &out);
	/* the responder's dst is itself */
	snprintf(want, sizeof(want), "\n192.0.2.2       192.0.2.1       QM_IDLE        %7u ACTIVE\n", b.ike[0].conn_id);
	CHECK(strstr(out.s, want) != NULL);

	/* the SPIs cross: what A sends with, B receives on */
	struct cshow_filter f = { .detail = true };
	sb_reset(&out);
	cshow_ipsec_asa(a.ipsec, NULL, 1, &f, &out);
	snprintf(want, sizeof(want), "      current outbound spi: %08X\n      current inbound spi : %08X\n",
		 a.ipsec[0].spi_out, a.ipsec[0].spi_in);
	CHECK(strstr(out.s, want) != NULL);
	CHECK(strstr(out.s, "interface: outside\n    Crypto map tag: OUT, seq num: 10, local addr: 192.0.2.1\n") != NULL);
	CHECK(strstr(out.s, "      local ident (addr/mask/prot/port): (10.1.0.0/255.255.255.0/0/0)\n"
			    "      remote ident (addr/mask/prot/port): (10.2.0.0/255.255.255.0/0/0)\n") != NULL);
	check_parses("cisco_asa_show_crypto_ipsec_sa", out.s);
	sb_reset(&out);
	cshow_ipsec_ios(b.ipsec, 1, &f, &out);
	snprintf(want, sizeof(want), "     current outbound spi: 0x%X(%u)\n", a.ipsec[0].spi_in, a.ipsec[0].spi_in);
	CHECK(strstr(out.s, want) != NULL);
	snprintf(want, sizeof(want), "     inbound esp sas:\n      spi: 0x%X(%u)\n", a.ipsec[0].spi_out, a.ipsec[0].spi_out);
	CHECK(strstr(out.s, want) != NULL);
	CHECK(strstr(out.s, "        transform: esp-256-aes esp-sha-hmac ,\n") != NULL);
	check_parses("cisco_ios_show_crypto_ipsec_sa_detail", out.s);
	sb_reset(&out);
	cshow_session_ios(b.ike, b.nike, b.ipsec, b.nipsec, NULL, true, &out);
	CHECK(strstr(out.s, "Session status: UP-ACTIVE    \nPeer: 192.0.2.1 port 500 fvrf: (none) ivrf: (none)\n") != NULL);
	CHECK(strstr(out.s, "  IPSEC FLOW: permit ip 10.2.0.0/255.255.255.0 10.1.0.0/255.255.255.0\n") != NULL);
	check_parses("cisco_ios_show_crypto_session_detail", out.s);
	sb_free(&out);
}

/* The commands on a live engine: side A is the box. */
static void test_commands_live(struct pair *p)
{
	struct box b;

	box_start(&b, GP_ASA);
	b.rd.ike = p->e[0];
	CHECK(strstr(run(&b, "show crypto ikev1 sa"), "    Rekey   : no              State   : MM_ACTIVE \n") != NULL);
	CHECK(strstr(run(&b, "show crypto ipsec sa peer 192.0.2.2"), "peer address: 192.0.2.2\n") != NULL);
	CHECK(strstr(run(&b, "show crypto ipsec sa peer 192.0.2.9"), "There are no ipsec sas\n") != NULL);
	CHECK(strstr(run(&b, "show crypto ikev1 stats"), "  Active Tunnels:              1\n") != NULL);
	/* clearing phase 2 only: the IKE SA stays, the peer drops its IPsec SAs on the Delete */
	CHECK_STR(run(&b, "clear crypto ipsec sa peer 192.0.2.2"), "");
	pair_run(p, 200);
	CHECK(pair_ipsec(p, 0) == 0 && pair_ipsec(p, 1) == 0);
	CHECK(pair_ike(p, 0, true) == 1);
	CHECK_STR(run(&b, "show crypto ipsec sa"), "There are no ipsec sas\n");
	CHECK_STR(run(&b, "clear crypto ikev1 sa 192.0.2.2"), "");
	CHECK(pair_run_until(p, no_ike_sa, 2000));
	CHECK_STR(run(&b, "show crypto ikev1 sa"), "\nThere are no IKEv1 SAs\n");
	box_close(&b);
}

int main(void)
{
	struct pair p;

	test_isakmp_ios();
	test_isakmp_asa();
	test_ipsec_ios();
	test_ipsec_asa();
	test_session_ios();
	test_stats_and_uptime();
	test_commands_asa();
	test_commands_ios();
	logcap_init();
	pair_init(&p);
	test_engine_pair(&p);
	test_commands_live(&p);
	pair_free(&p);
	if (textfsm_skipped && !check_failures) {
		fprintf(stderr, "python3-textfsm is missing: the template checks did not run\n");
		return 77;
	}
	return check_done("test_crypto_show");
}
