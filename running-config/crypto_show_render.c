/* Layouts of the operational VPN show commands (cisco-outputs §1-§5), from the
 * engine's info structs. Pure functions: no engine, no session. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "running-config/crypto_show.h"
#include "vpn/isakmp.h"

#define PATH_MTU 1500u
#define IOS_REPLAY_WINDOW 64u   /* IOS-XE default anti-replay window */

static const char *ip(struct in_addr a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static struct in_addr plen_mask(unsigned plen)
{
	struct in_addr m = { htonl(plen ? 0xffffffffu << (32 - plen) : 0) };

	return m;
}

void cshow_uptime(unsigned long secs, char *buf, size_t len)
{
	unsigned long days = secs / 86400, weeks = days / 7;

	if (days == 0)
		snprintf(buf, len, "%02lu:%02lu:%02lu", secs / 3600, secs / 60 % 60, secs % 60);
	else if (weeks == 0)
		snprintf(buf, len, "%lud%02luh", days, secs / 3600 % 24);
	else
		snprintf(buf, len, "%luw%lud", weeks, days % 7);
}

static void hms(unsigned long secs, char *buf, size_t len)
{
	snprintf(buf, len, "%02lu:%02lu:%02lu", secs / 3600, secs / 60 % 60, secs % 60);
}

/* ---- IOS show crypto isakmp sa ---- */

static const char *ios_status(const struct ike_sa_info *sa)
{
	return sa->deleting ? "ACTIVE (deleted)" : "ACTIVE";
}

/* IOS prints the exchange's direction: dst = responder, src = initiator (§1.1). */
static void ios_dst_src(const struct ike_sa_info *sa, char *dst, char *src)
{
	bool init = sa->role == IKE_ROLE_INITIATOR;

	ip(init ? sa->peer.addr : sa->local.addr, dst);
	ip(init ? sa->local.addr : sa->peer.addr, src);
}

static const char *ios_encr(const struct ike_sa_info *sa)
{
	const char *n = sa->encr_name ? sa->encr_name : "";

	return !strncmp(n, "aes", 3) ? "aes" : n;
}

static void ios_caps(const struct ike_sa_info *sa, char *buf)
{
	char *p = buf;

	if (sa->dpd)
		*p++ = 'D';
	if (sa->nat_t)
		*p++ = 'N';
	*p = '\0';
}

static void isakmp_ios_row(const struct ike_sa_info *sa, struct strbuf *out)
{
	char dst[INET_ADDRSTRLEN], src[INET_ADDRSTRLEN];

	ios_dst_src(sa, dst, src);
	sb_printf(out, "%-16s%-16s%-15s%7u %s\n", dst, src, sa->state_ios, sa->conn_id, ios_status(sa));
}

static void isakmp_ios_detail_row(const struct ike_sa_info *sa, struct strbuf *out)
{
	char local[INET_ADDRSTRLEN], remote[INET_ADDRSTRLEN], life[16], caps[4];

	ip(sa->local.addr, local);
	ip(sa->peer.addr, remote);
	hms(sa->remaining_s, life, sizeof(life));
	ios_caps(sa, caps);
	sb_printf(out, "%-5u %-16s%-17s%-9s%-7s%-5s%-7s%-5s%2u %s %-3s\n", sa->conn_id, local, remote, "",
		  ios_status(sa), ios_encr(sa), sa->hash_name ? sa->hash_name : "", "psk", sa->group, life, caps);
	sb_printf(out, "       Engine-id:Conn-id =  SW:%u\n", sa->conn_id > 1000 ? sa->conn_id - 1000 : sa->conn_id);
}

void cshow_isakmp_ios(const struct ike_sa_info *sas, size_t n, bool detail, struct strbuf *out)
{
	if (detail) {
		sb_add(out, "Codes: C - IKE configuration mode, D - Dead Peer Detection\n"
			    "       K - Keepalives, N - NAT-traversal\n"
			    "       T - cTCP encapsulation, X - IKE Extended Authentication\n"
			    "       psk - Preshared key, rsig - RSA signature\n"
			    "       renc - RSA encryption\n"
			    "IPv4 Crypto ISAKMP SA\n\n"
			    "C-id  Local           Remote          I-VRF  Status Encr Hash   Auth DH Lifetime Cap.\n\n");
		for (size_t i = 0; i < n; i++)
			isakmp_ios_detail_row(&sas[i], out);
	} else {
		sb_add(out, "IPv4 Crypto ISAKMP SA\n"
			    "dst             src             state          conn-id status\n");
		for (size_t i = 0; i < n; i++)
			isakmp_ios_row(&sas[i], out);
	}
	sb_add(out, "\nIPv6 Crypto ISAKMP SA\n\n");
}

/* ---- ASA show crypto ikev1 sa ---- */

static void upper(const char *in, char *buf, size_t len)
{
	size_t i = 0;

	for (; in && in[i] && i + 1 < len; i++)
		buf[i] = (char)toupper((unsigned char)in[i]);
	buf[i] = '\0';
}

static void isakmp_asa_entry(const struct ike_sa_info *sa, unsigned idx, bool detail, struct strbuf *out)
{
	char peer[INET_ADDRSTRLEN], hash[16];

	sb_printf(out, "%-4uIKE Peer: %s\n", idx, ip(sa->peer.addr, peer));
	sb_printf(out, "    Type    : %-16sRole    : %s \n", "L2L",
		  sa->role == IKE_ROLE_INITIATOR ? "initiator" : "responder");
	sb_printf(out, "    Rekey   : %-16sState   : %s \n", sa->rekeyed ? "yes" : "no", sa->state_asa);
	if (!detail)
		return;
	upper(sa->hash_name, hash, sizeof(hash));
	sb_printf(out, "    Encrypt : %-16sHash    : %s\n", sa->encr_name ? sa->encr_name : "", hash);
	sb_printf(out, "    Auth    : %-16sLifetime: %u\n", "preshared", sa->lifetime_s);
	sb_printf(out, "    Lifetime Remaining: %u\n", sa->remaining_s);
}

void cshow_isakmp_asa(const struct ike_sa_info *sas, size_t n, bool detail, bool with_ikev2,
		      struct strbuf *out)
{
	unsigned active = 0, rekey = 0;

	for (size_t i = 0; i < n; i++) {
		if (sas[i].rekeyed)
			rekey++;
		else
			active++;
	}
	if (n == 0) {
		sb_add(out, "\nThere are no IKEv1 SAs\n");
	} else {
		sb_printf(out, "\nIKEv1 SAs:\n\n   Active SA: %u\n    Rekey SA: %u (A tunnel will report 1 Active and 1 "
			  "Rekey SA during rekey)\nTotal IKE SA: %zu\n", active, rekey, n);
		for (size_t i = 0; i < n; i++) {
			sb_addc(out, '\n');
			isakmp_asa_entry(&sas[i], (unsigned)i + 1, detail, out);
		}
	}
	if (with_ikev2)
		sb_add(out, "\nThere are no IKEv2 SAs\n");
}

/* ---- grouping IPsec SAs into the devices' blocks ---- */

static bool filter_pass(const struct ipsec_sa_info *sa, const struct cshow_filter *f)
{
	if (!f)
		return true;
	if (f->by_peer && sa->peer.s_addr != f->peer.s_addr)
		return false;
	return !f->map || (sa->map_name && !strcmp(sa->map_name, f->map));
}

static bool same_str(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static bool same_selector(const struct dp_selector *a, const struct dp_selector *b)
{
	return a->src.s_addr == b->src.s_addr && a->dst.s_addr == b->dst.s_addr && a->src_plen == b->src_plen &&
	       a->dst_plen == b->dst_plen && a->proto == b->proto && a->sport == b->sport && a->dport == b->dport;
}

/* One block: the SAs of one interface, map entry, peer and proxy pair. */
static bool same_block(const struct ipsec_sa_info *a, const struct ipsec_sa_info *b)
{
	return same_str(a->ifname, b->ifname) && same_str(a->map_name, b->map_name) && a->seq == b->seq &&
	       a->peer.s_addr == b->peer.s_addr && same_selector(&a->sel, &b->sel);
}

/* Whether sas[i] starts a block (no earlier listed SA belongs to it). */
static bool block_first(const struct ipsec_sa_info *sas, size_t i, const struct cshow_filter *f)
{
	for (size_t j = 0; j < i; j++)
		if (filter_pass(&sas[j], f) && same_block(&sas[j], &sas[i]))
			return false;
	return true;
}

struct block_sum {
	struct dp_counters in, out;
	const struct ipsec_sa_info *current;   /* the SA now used outbound */
};

static void block_sum(const struct ipsec_sa_info *sas, size_t n, size_t first, const struct cshow_filter *f,
		      struct block_sum *b)
{
	memset(b, 0, sizeof(*b));
	for (size_t j = first; j < n; j++) {
		if (!filter_pass(&sas[j], f) || !same_block(&sas[j], &sas[first]))
			continue;
		b->in.packets += sas[j].in.packets;
		b->in.bytes += sas[j].in.bytes;
		b->in.replay_errors += sas[j].in.replay_errors;
		b->in.integrity_errors += sas[j].in.integrity_errors;
		b->out.packets += sas[j].out.packets;
		b->out.bytes += sas[j].out.bytes;
		if (!sas[j].rekeyed || !b->current)
			b->current = &sas[j];
	}
}

static unsigned iv_bytes(uint16_t esp_id)
{
	switch (esp_id) {
	case ESP_AES: return 16;
	case ESP_NULL: return 0;
	default: return 8;
	}
}

static unsigned block_bytes(uint16_t esp_id)
{
	return esp_id == ESP_AES ? 16 : esp_id == ESP_NULL || esp_id == ESP_AES_GCM_16 ? 4 : 8;
}

static unsigned icv_bytes(const struct ipsec_sa_info *sa)
{
	if (sa->esp_id == ESP_AES_GCM_16)
		return 16;
	switch (sa->auth_alg) {
	case IPSEC_AUTH_HMAC_SHA2_256: return 16;
	case IPSEC_AUTH_HMAC_SHA2_384: return 24;
	case IPSEC_AUTH_HMAC_SHA2_512: return 32;
	case 0: return 0;
	default: return 12;
	}
}

static unsigned outer_bytes(const struct ipsec_sa_info *sa)
{
	return (sa->mode == DP_MODE_TUNNEL ? 20 : 0) + (sa->udp_encap ? 8 : 0);
}

/* The largest inner packet that fits the path MTU once encapsulated: outer IP (tunnel
 * mode), UDP (NAT-T), ESP header, IV, ICV, then the pad-length/next-header pair
 * rounded to the cipher block (IOS "plaintext mtu": 1438 for AES-SHA tunnels). */
static unsigned plaintext_mtu(const struct ipsec_sa_info *sa)
{
	unsigned room = PATH_MTU - outer_bytes(sa) - 8 - iv_bytes(sa->esp_id) - icv_bytes(sa);
	unsigned blk = block_bytes(sa->esp_id);

	return room / blk * blk - 2;
}

/* ASA's "ipsec overhead": the worst case, a full block of padding (74 for AES-SHA
 * tunnels); the parenthesised figure is the part that grows with the algorithms (IV,
 * padding, ICV: 44), without the headers and the 2-byte trailer. */
static unsigned asa_overhead(const struct ipsec_sa_info *sa)
{
	return outer_bytes(sa) + 8 + iv_bytes(sa->esp_id) + block_bytes(sa->esp_id) + 2 + icv_bytes(sa);
}

/* What is left of the volume lifetime in one direction (each direction is its own SA). */
static unsigned long long remaining_kb(const struct ipsec_sa_info *sa, bool inbound)
{
	uint64_t used = (inbound ? sa->in.bytes : sa->out.bytes) / 1024;

	if (!sa->lifetime_kb)
		return sa->remaining_kb;
	return used < sa->lifetime_kb ? sa->lifetime_kb - used : 0;
}

/* ---- IOS show crypto ipsec sa ---- */

static void ident(const char *label, struct in_addr a, unsigned plen, uint8_t proto, uint16_t port,
		  struct strbuf *out, const char *indent)
{
	char net[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];

	sb_printf(out, "%s%s (addr/mask/prot/port): (%s/%s/%u/%u)\n", indent, label, ip(a, net),
		  ip(plen_mask(plen), mask), proto, port);
}

static void ios_counters(const struct block_sum *b, bool detail, struct strbuf *out)
{
	unsigned long long enc = b->out.packets, dec = b->in.packets;

	sb_printf(out, "    #pkts encaps: %llu, #pkts encrypt: %llu, #pkts digest: %llu\n", enc, enc, enc);
	sb_printf(out, "    #pkts decaps: %llu, #pkts decrypt: %llu, #pkts verify: %llu\n", dec, dec, dec);
	sb_add(out, "    #pkts compressed: 0, #pkts decompressed: 0\n"
		    "    #pkts not compressed: 0, #pkts compr. failed: 0\n"
		    "    #pkts not decompressed: 0, #pkts decompress failed: 0\n");
	if (!detail) {
		sb_add(out, "    #send errors 0, #recv errors 0\n");
		return;
	}
	sb_add(out, "    #pkts no sa (send) 0, #pkts invalid sa (rcv) 0\n"
		    "    #pkts encaps failed (send) 0, #pkts decaps failed (rcv) 0\n");
	sb_printf(out, "    #pkts invalid prot (recv) 0, #pkts verify failed: %llu\n",
		  (unsigned long long)b->in.integrity_errors);
	sb_add(out, "    #pkts invalid identity (recv) 0, #pkts invalid len (rcv) 0\n"
		    "    #pkts replay rollover (send): 0, #pkts replay rollover (rcv) 0\n");
	sb_printf(out, "    ##pkts replay failed (rcv): %llu\n", (unsigned long long)b->in.replay_errors);
	sb_add(out, "    #pkts tagged (send): 0, #pkts untagged (rcv): 0\n"
		    "    #pkts not tagged (send): 0, #pkts not untagged (rcv): 0\n"
		    "    #pkts internal err (send): 0, #pkts internal err (recv) 0\n");
}

/* IOS numbers each direction of each SA (inbound odd, outbound even) from 2001. */
static void ios_sa_entry(const struct ipsec_sa_info *sa, size_t idx, bool inbound, bool detail, struct strbuf *out)
{
	uint32_t spi = inbound ? sa->spi_in : sa->spi_out;
	unsigned conn = 2001 + 2 * (unsigned)idx + !inbound;
	bool natt = sa->udp_encap;

	sb_printf(out, "      spi: 0x%X(%u)\n", spi, spi);
	sb_printf(out, "        transform: %s ,\n", sa->transform_ios);
	sb_printf(out, "        in use settings ={%s%s, }\n", sa->mode == DP_MODE_TUNNEL ? "Tunnel" : "Transport",
		  natt ? " UDP-Encaps" : "");
	sb_printf(out, "        conn id: %u, flow_id: SW:%u, sibling_flags 80004040, crypto map: %s\n", conn, conn - 2000,
		  sa->map_name ? sa->map_name : "");
	sb_printf(out, "        sa timing: remaining key lifetime (k/sec): (%llu/%u)\n", remaining_kb(sa, inbound),
		  sa->remaining_s);
	sb_printf(out, "        IV size: %u bytes\n", iv_bytes(sa->esp_id));
	if (detail)
		sb_printf(out, "        replay detection support: Y  replay window size: %u\n", IOS_REPLAY_WINDOW);
	else
		sb_add(out, "        replay detection support: Y\n");
	sb_add(out, "        Status: ACTIVE(ACTIVE)\n");
}

static void ios_sa_list(const struct ipsec_sa_info *sas, size_t n, size_t first, const struct cshow_filter *f,
			bool inbound, struct strbuf *out)
{
	const char *dir = inbound ? "inbound" : "outbound";

	sb_printf(out, "\n     %s esp sas:\n", dir);
	for (size_t j = first; j < n; j++)
		if (filter_pass(&sas[j], f) && same_block(&sas[j], &sas[first]))
			ios_sa_entry(&sas[j], j, inbound, f && f->detail, out);
	sb_printf(out, "\n     %s ah sas:\n\n     %s pcp sas:\n", dir, dir);
}

static void ios_block(const struct ipsec_sa_info *sas, size_t n, size_t first, const struct cshow_filter *f,
		      struct strbuf *out)
{
	const struct ipsec_sa_info *sa = &sas[first];
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];
	struct block_sum b;

	block_sum(sas, n, first, f, &b);
	ip(sa->local, local);
	ip(sa->peer, peer);
	sb_add(out, "\n   protected vrf: (none)\n");
	ident("local  ident", sa->sel.src, sa->sel.src_plen, sa->sel.proto, sa->sel.sport, out, "   ");
	ident("remote ident", sa->sel.dst, sa->sel.dst_plen, sa->sel.proto, sa->sel.dport, out, "   ");
	sb_printf(out, "   current_peer %s port %u\n", peer, sa->peer_port ? sa->peer_port : 500);
	sb_add(out, "     PERMIT, flags={origin_is_acl,}\n");
	ios_counters(&b, f && f->detail, out);
	sb_printf(out, "\n     local crypto endpt.: %s, remote crypto endpt.: %s\n", local, peer);
	sb_printf(out, "     plaintext mtu %u, path mtu %u, ip mtu %u, ip mtu idb %s\n", plaintext_mtu(sa), PATH_MTU,
		  PATH_MTU, sa->ifname ? sa->ifname : "");
	sb_printf(out, "     current outbound spi: 0x%X(%u)\n", b.current->spi_out, b.current->spi_out);
	if (b.current->pfs_group)
		sb_printf(out, "     PFS (Y/N): Y, DH group: group%u\n", b.current->pfs_group);
	else
		sb_add(out, "     PFS (Y/N): N, DH group: none\n");
	ios_sa_list(sas, n, first, f, true, out);
	ios_sa_list(sas, n, first, f, false, out);
}

/* The first listed SA of sas[i]'s interface and map (the "interface:" header). */
static bool iface_first(const struct ipsec_sa_info *sas, size_t i, const struct cshow_filter *f)
{
	for (size_t j = 0; j < i; j++)
		if (filter_pass(&sas[j], f) && same_str(sas[j].ifname, sas[i].ifname) &&
		    same_str(sas[j].map_name, sas[i].map_name))
			return false;
	return true;
}

void cshow_ipsec_ios(const struct ipsec_sa_info *sas, size_t n, const struct cshow_filter *f,
		     struct strbuf *out)
{
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		char local[INET_ADDRSTRLEN];

		if (!filter_pass(&sas[i], f) || !iface_first(sas, i, f))
			continue;
		any = true;
		sb_printf(out, "\ninterface: %s\n    Crypto map tag: %s, local addr %s\n", sas[i].ifname,
			  sas[i].map_name, ip(sas[i].local, local));
		for (size_t j = i; j < n; j++)
			if (filter_pass(&sas[j], f) && same_str(sas[j].ifname, sas[i].ifname) &&
			    same_str(sas[j].map_name, sas[i].map_name) && block_first(sas, j, f))
				ios_block(sas, n, j, f, out);
	}
	if (!any)
		sb_addc(out, '\n');
}

/* ---- ASA show crypto ipsec sa ---- */

static void ace_addr(struct in_addr a, unsigned plen, struct strbuf *out)
{
	char addr[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];

	if (plen == 32)
		sb_printf(out, " host %s", ip(a, addr));
	else if (plen == 0)
		sb_add(out, " any4");
	else
		sb_printf(out, " %s %s", ip(a, addr), ip(plen_mask(plen), mask));
}

static const char *proto_name(uint8_t proto, char *buf, size_t len)
{
	switch (proto) {
	case 0: return "ip";
	case 1: return "icmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 47: return "gre";
	default: snprintf(buf, len, "%u", proto); return buf;
	}
}

/* The crypto ACL entry the proxy pair came from, re-spelled from the selector. */
static void asa_acl_line(const char *acl, const struct dp_selector *sel, struct strbuf *out)
{
	char pbuf[8];

	sb_printf(out, "      access-list %s extended permit %s", acl, proto_name(sel->proto, pbuf, sizeof(pbuf)));
	ace_addr(sel->src, sel->src_plen, out);
	if (sel->sport)
		sb_printf(out, " eq %u", sel->sport);
	ace_addr(sel->dst, sel->dst_plen, out);
	if (sel->dport)
		sb_printf(out, " eq %u", sel->dport);
	sb_add(out, " \n");
}

static void asa_counters(const struct block_sum *b, struct strbuf *out)
{
	unsigned long long enc = b->out.packets, dec = b->in.packets;

	sb_printf(out, "      #pkts encaps: %llu, #pkts encrypt: %llu, #pkts digest: %llu\n", enc, enc, enc);
	sb_printf(out, "      #pkts decaps: %llu, #pkts decrypt: %llu, #pkts verify: %llu\n", dec, dec, dec);
	sb_add(out, "      #pkts compressed: 0, #pkts decompressed: 0\n");
	sb_printf(out, "      #pkts not compressed: %llu, #pkts comp failed: 0, #pkts decomp failed: 0\n", enc);
	sb_add(out, "      #pre-frag successes: 0, #pre-frag failures: 0, #fragments created: 0\n"
		    "      #PMTUs sent: 0, #PMTUs rcvd: 0, #decapsulated frgs needing reassembly: 0\n"
		    "      #TFC rcvd: 0, #TFC sent: 0\n"
		    "      #Valid ICMP Errors rcvd: 0, #Invalid ICMP Errors rcvd: 0\n"
		    "      #pkts not offload decrypted: 0\n");
	sb_printf(out, "      #send errors: 0, #recv errors: %llu\n",
		  (unsigned long long)b->in.replay_errors + b->in.integrity_errors);
}

/* The low word shows the last packets received in order (bit 0 = the newest). */
static void asa_bitmap(uint64_t packets, struct strbuf *out)
{
	uint64_t bits = packets >= 64 ? ~0ull : packets ? (1ull << packets) - 1 : 0;

	sb_printf(out, "         Anti replay bitmap: \n          0x%08X 0x%08X\n", (unsigned)(bits >> 32),
		  (unsigned)bits);
}

static void asa_sa_entry(const struct ipsec_sa_info *sa, bool inbound, struct strbuf *out)
{
	uint32_t spi = inbound ? sa->spi_in : sa->spi_out;

	sb_printf(out, "      spi: 0x%08X (%u)\n", spi, spi);
	sb_printf(out, "         SA State: %s\n", sa->rekeyed ? "rekeyed" : "active");
	sb_printf(out, "         transform: %s no compression\n", sa->transform_asa);
	sb_printf(out, "         in use settings ={L2L, %s,%s IKEv1, }\n", sa->mode == DP_MODE_TUNNEL ? "Tunnel" : "Transport",
		  sa->udp_encap ? "  NAT-T-Encaps," : "");
	sb_printf(out, "         slot: 0, conn_id: %u, crypto-map: %s\n", sa->conn_id, sa->map_name ? sa->map_name : "");
	if (sa->lifetime_kb)
		sb_printf(out, "         sa timing: remaining key lifetime (kB/sec): (%llu/%u)\n",
			  remaining_kb(sa, inbound), sa->remaining_s);
	else
		sb_printf(out, "         sa timing: remaining key lifetime (sec): %u\n", sa->remaining_s);
	sb_printf(out, "         IV size: %u bytes\n", iv_bytes(sa->esp_id));
	sb_add(out, "         replay detection support: Y\n");
	asa_bitmap(inbound ? sa->in.packets : 1, out);
}

static void asa_block(const struct ipsec_sa_info *sas, const char *const *acls, size_t n, size_t first,
		      const struct cshow_filter *f, struct strbuf *out)
{
	const struct ipsec_sa_info *sa = &sas[first];
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];
	unsigned overhead = asa_overhead(sa);
	struct block_sum b;

	block_sum(sas, n, first, f, &b);
	sb_printf(out, "    Crypto map tag: %s, seq num: %u, local addr: %s\n\n", sa->map_name, sa->seq,
		  ip(sa->local, local));
	if (acls && acls[first])
		asa_acl_line(acls[first], &sa->sel, out);
	sb_add(out, "      Protected vrf (ivrf): Global\n");
	ident("local ident", sa->sel.src, sa->sel.src_plen, sa->sel.proto, sa->sel.sport, out, "      ");
	ident("remote ident", sa->sel.dst, sa->sel.dst_plen, sa->sel.proto, sa->sel.dport, out, "      ");
	sb_printf(out, "      current_peer: %s\n\n\n", ip(sa->peer, peer));
	asa_counters(&b, out);
	sb_printf(out, "\n      local crypto endpt.: %s/%u, remote crypto endpt.: %s/%u\n", local,
		  sa->udp_encap ? sa->encap_local : 0, peer, sa->udp_encap ? sa->encap_peer : 0);
	sb_printf(out, "      path mtu %u, ipsec overhead %u(%u), media mtu %u\n", PATH_MTU, overhead,
		  overhead - outer_bytes(sa) - 10, PATH_MTU);
	sb_add(out, "      PMTU time remaining (sec): 0, DF policy: copy-df\n"
		    "      ICMP error validation: disabled, TFC packets: disabled\n");
	sb_printf(out, "      current outbound spi: %08X\n      current inbound spi : %08X\n\n", b.current->spi_out,
		  b.current->spi_in);
	sb_add(out, "    inbound esp sas:\n");
	for (size_t j = first; j < n; j++)
		if (filter_pass(&sas[j], f) && same_block(&sas[j], sa))
			asa_sa_entry(&sas[j], true, out);
	sb_add(out, "    outbound esp sas:\n");
	for (size_t j = first; j < n; j++)
		if (filter_pass(&sas[j], f) && same_block(&sas[j], sa))
			asa_sa_entry(&sas[j], false, out);
}

void cshow_ipsec_asa(const struct ipsec_sa_info *sas, const char *const *acls, size_t n,
		     const struct cshow_filter *f, struct strbuf *out)
{
	const char *iface = NULL;
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		if (!filter_pass(&sas[i], f) || !block_first(sas, i, f))
			continue;
		if (any)
			sb_addc(out, '\n');
		if (f && f->by_peer && !any) {
			char peer[INET_ADDRSTRLEN];

			sb_printf(out, "peer address: %s\n", ip(f->peer, peer));
		} else if (!(f && f->by_peer) && (!iface || !same_str(iface, sas[i].ifname))) {
			sb_printf(out, "interface: %s\n", sas[i].ifname);
		}
		iface = sas[i].ifname;
		any = true;
		asa_block(sas, acls, n, i, f, out);
	}
	if (!any)
		sb_add(out, "There are no ipsec sas\n");
}

/* ---- IOS show crypto session ---- */

static bool session_first(const struct ipsec_sa_info *sas, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (same_str(sas[j].ifname, sas[i].ifname) && sas[j].peer.s_addr == sas[i].peer.s_addr)
			return false;
	return true;
}

static const struct ike_sa_info *ike_of_peer(const struct ike_sa_info *ike, size_t nike, struct in_addr peer)
{
	const struct ike_sa_info *best = NULL;

	for (size_t i = 0; i < nike; i++) {
		if (ike[i].peer.addr.s_addr != peer.s_addr)
			continue;
		if (!best || (ike[i].established && !ike[i].rekeyed && !(best->established && !best->rekeyed)))
			best = &ike[i];
	}
	return best;
}

static void flow_half(struct in_addr a, unsigned plen, struct strbuf *out)
{
	char addr[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];

	if (plen == 32)
		sb_printf(out, " host %s", ip(a, addr));
	else
		sb_printf(out, " %s/%s", ip(a, addr), ip(plen_mask(plen), mask));
}

struct session_view {
	const char *ifname;
	struct in_addr local, peer;
	uint16_t port;
	const struct ike_sa_info *ike;
	unsigned nchild;
};

static const char *session_status(const struct session_view *v)
{
	bool ike_up = v->ike && v->ike->established && !v->ike->deleting;

	if (ike_up)
		return v->nchild ? "UP-ACTIVE" : "UP-IDLE";
	if (v->nchild)
		return "UP-NO-IKE";
	return v->ike ? "DOWN-NEGOTIATING" : "DOWN";
}

static void session_ike_line(const struct session_view *v, bool detail, struct strbuf *out)
{
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN], caps[4], life[16];
	const struct ike_sa_info *k = v->ike;
	bool up = k && k->established && !k->deleting;

	if (!k)
		return;
	sb_printf(out, "  Session ID: 0 %s\n", detail ? "" : " ");
	sb_printf(out, "  IKEv1 SA: local %s/%u remote %s/%u %s%s\n", ip(k->local.addr, local), k->local.port,
		  ip(k->peer.addr, peer), k->peer.port, up ? "Active" : "Inactive", detail ? "" : " ");
	if (!detail)
		return;
	ios_caps(k, caps);
	if (up)
		hms(k->remaining_s, life, sizeof(life));
	else
		strcpy(life, "0");
	sb_printf(out, "          Capabilities:%s connid:%u lifetime:%s\n", caps[0] ? caps : "(none)", k->conn_id, life);
}

/* The flow in ACL words, the protocol by number ("permit 47 host A host B"). */
static void session_flow(const struct ipsec_sa_info *sa, bool detail, struct strbuf *out)
{
	if (sa->sel.proto)
		sb_printf(out, "  IPSEC FLOW: permit %u", sa->sel.proto);
	else
		sb_add(out, "  IPSEC FLOW: permit ip");
	flow_half(sa->sel.src, sa->sel.src_plen, out);
	flow_half(sa->sel.dst, sa->sel.dst_plen, out);
	sb_add(out, detail ? "\n" : " \n");
	sb_add(out, "        Active SAs: 2, origin: crypto map\n");
	if (!detail)
		return;
	sb_printf(out, "        Inbound:  #pkts dec'ed %llu drop %llu life (KB/Sec) %llu/%u\n",
		  (unsigned long long)sa->in.packets, (unsigned long long)sa->in.replay_errors + sa->in.integrity_errors,
		  remaining_kb(sa, true), sa->remaining_s);
	sb_printf(out, "        Outbound: #pkts enc'ed %llu drop 0 life (KB/Sec) %llu/%u\n",
		  (unsigned long long)sa->out.packets, remaining_kb(sa, false), sa->remaining_s);
}

static void session_block(const struct session_view *v, const struct ipsec_sa_info *sas, size_t n, bool detail,
			  struct strbuf *out)
{
	char peer[INET_ADDRSTRLEN], up[24];

	sb_printf(out, "Interface: %s\n", v->ifname ? v->ifname : "");
	if (detail && v->ike && v->ike->established && v->ike->lifetime_s >= v->ike->remaining_s) {
		cshow_uptime(v->ike->lifetime_s - v->ike->remaining_s, up, sizeof(up));
		sb_printf(out, "Uptime: %s\n", up);
	}
	sb_printf(out, detail ? "Session status: %-13s\n" : "Session status: %-14s\n", session_status(v));
	ip(v->peer, peer);
	if (detail)
		sb_printf(out, "Peer: %s port %u fvrf: (none) ivrf: (none)\n      Phase1_id: %s\n      Desc: (none)\n",
			  peer, v->port, peer);
	else
		sb_printf(out, "Peer: %s port %u \n", peer, v->port);
	session_ike_line(v, detail, out);
	for (size_t j = 0; j < n; j++) {
		/* a rekey's old SA is not a flow of its own */
		if (sas[j].peer.s_addr == v->peer.s_addr && same_str(sas[j].ifname, v->ifname) && !sas[j].rekeyed)
			session_flow(&sas[j], detail, out);
	}
}

static void session_sep(bool detail, struct strbuf *out)
{
	sb_add(out, detail ? " \n" : "\n");
}

void cshow_session_ios(const struct ike_sa_info *ike, size_t nike, const struct ipsec_sa_info *ipsec,
		       size_t nipsec, const char *ifname_hint, bool detail, struct strbuf *out)
{
	sb_add(out, "Crypto session current status\n");
	session_sep(detail, out);
	if (detail)
		sb_add(out, "Code: C - IKE Configuration mode, D - Dead Peer Detection    \n"
			    "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation    \n"
			    "X - IKE Extended Authentication, F - IKE Fragmentation\n"
			    "R - IKE Auto Reconnect\n \n");
	for (size_t i = 0; i < nipsec; i++) {
		struct session_view v = { ipsec[i].ifname, ipsec[i].local, ipsec[i].peer, ipsec[i].peer_port, NULL, 0 };

		if (!session_first(ipsec, i))
			continue;
		v.ike = ike_of_peer(ike, nike, v.peer);
		for (size_t j = 0; j < nipsec; j++)
			v.nchild += ipsec[j].peer.s_addr == v.peer.s_addr && same_str(ipsec[j].ifname, v.ifname);
		if (!v.port)
			v.port = v.ike ? v.ike->peer.port : 500;
		session_block(&v, ipsec, nipsec, detail, out);
		session_sep(detail, out);
	}
	/* IKE SAs with no IPsec SA yet (negotiating, or idle) */
	for (size_t i = 0; i < nike; i++) {
		struct session_view v = { ifname_hint, ike[i].local.addr, ike[i].peer.addr, ike[i].peer.port, NULL, 0 };
		bool seen = false;

		for (size_t j = 0; j < nipsec && !seen; j++)
			seen = ipsec[j].peer.s_addr == ike[i].peer.addr.s_addr;
		if (seen || ike_of_peer(ike, nike, v.peer) != &ike[i])
			continue;
		v.ike = &ike[i];
		session_block(&v, ipsec, 0, detail, out);
		session_sep(detail, out);
	}
}

/* ---- ASA show crypto ikev1 stats ---- */

static void stat_line(const char *label, unsigned long long v, struct strbuf *out)
{
	char l[40];

	snprintf(l, sizeof(l), "  %s:", label);
	sb_printf(out, "%s%*llu\n", l, (int)(32 - strlen(l)), v);
}

void cshow_stats_asa(const struct ike_stats *st, struct strbuf *out)
{
	unsigned long long active = st->ike_sas - (st->half_open < st->ike_sas ? st->half_open : st->ike_sas);
	unsigned long long previous = st->p1_established > active ? st->p1_established - active : 0;

	sb_add(out, "Global IKEv1 Statistics\n");
	stat_line("Active Tunnels", active, out);
	stat_line("Previous Tunnels", previous, out);
	stat_line("In Octets", 0, out);
	stat_line("In Packets", st->rx, out);
	stat_line("In Drop Packets", st->dropped + st->half_open_dropped, out);
	stat_line("In Notifys", st->dpd_acked, out);
	stat_line("In P2 Exchanges", st->p2_established, out);
	stat_line("In P2 Exchange Invalids", 0, out);
	stat_line("In P2 Exchange Rejects", st->p2_failed, out);
	stat_line("In P2 Sa Delete Requests", st->deletes_received, out);
	stat_line("Out Octets", 0, out);
	stat_line("Out Packets", st->tx, out);
	stat_line("Out Drop Packets", 0, out);
	stat_line("Out Notifys", st->dpd_sent + st->keepalives_sent, out);
	stat_line("Out P2 Exchanges", 0, out);
	stat_line("Out P2 Exchange Invalids", 0, out);
	stat_line("Out P2 Exchange Rejects", 0, out);
	stat_line("Out P2 Sa Delete Requests", st->deletes_sent, out);
	stat_line("Initiator Tunnels", 0, out);
	stat_line("Initiator Fails", 0, out);
	stat_line("Responder Fails", st->p1_failed, out);
	stat_line("System Capacity Fails", st->half_open_dropped, out);
	stat_line("Auth Fails", 0, out);
	stat_line("Decrypt Fails", 0, out);
	stat_line("Hash Valid Fails", 0, out);
	stat_line("No Sa Fails", 0, out);
}
