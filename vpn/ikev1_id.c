/* Identification payloads (RFC 2407 §4.6.2) and the traffic selectors Quick Mode IDs
 * carry. An ID body is what follows the generic header: ID type | protocol | port | data,
 * which is also what HASH_I/HASH_R cover (IDii_b, IDir_b). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "vpn/ikev1_int.h"

static uint32_t prefix_mask(uint8_t plen)
{
	return plen == 0 ? 0 : htonl(0xffffffffu << (32 - plen));
}

/* The prefix length of a contiguous netmask, or -1. */
static int mask_plen(uint32_t mask_n)
{
	uint32_t m = ntohl(mask_n);
	int plen = __builtin_popcount(m);

	return prefix_mask((uint8_t)plen) == mask_n ? plen : -1;
}

static size_t id_header(uint8_t *body, uint8_t type, uint8_t proto, uint16_t port)
{
	body[0] = type;
	body[1] = proto;
	be16_put(body + 2, port);
	return 4;
}

size_t id_from_ts(const struct ts_half *ts, uint8_t *body)
{
	uint32_t mask = prefix_mask(ts->plen);
	uint32_t net = ts->net.s_addr & mask;
	size_t n;

	if (ts->plen == 32) {
		n = id_header(body, ISAKMP_ID_IPV4_ADDR, ts->proto, ts->port);
		memcpy(body + n, &net, 4);
		return n + 4;
	}
	n = id_header(body, ISAKMP_ID_IPV4_ADDR_SUBNET, ts->proto, ts->port);
	memcpy(body + n, &net, 4);
	memcpy(body + n + 4, &mask, 4);
	return n + 8;
}

/* A range is acceptable when it is exactly one prefix: the host bits of its start are
 * zero and its end sets them all (what a Cisco ACL line can express). */
static int range_to_prefix(uint32_t start_n, uint32_t end_n, struct ts_half *ts)
{
	uint32_t start = ntohl(start_n), end = ntohl(end_n);

	for (int plen = 32; plen >= 0; plen--) {
		uint32_t host = plen == 0 ? 0xffffffffu : (plen == 32 ? 0 : 0xffffffffu >> plen);
		if ((start & host) == 0 && (start | host) == end) {
			ts->net.s_addr = start_n;
			ts->plen = (uint8_t)plen;
			return 0;
		}
	}
	return -1;
}

int id_to_ts(const uint8_t *body, size_t len, struct ts_half *ts)
{
	uint32_t a, b;
	uint8_t type;

	if (len < 4)
		return -1;
	memset(ts, 0, sizeof(*ts));
	type = body[0];
	ts->proto = body[1];
	ts->port = (uint16_t)(body[2] << 8 | body[3]);
	body += 4;
	len -= 4;
	switch (type) {
	case ISAKMP_ID_IPV4_ADDR:
		if (len != 4)
			return -1;
		memcpy(&ts->net, body, 4);
		ts->plen = 32;
		return 0;
	case ISAKMP_ID_IPV4_ADDR_SUBNET: {
		if (len != 8)
			return -1;
		memcpy(&a, body, 4);
		memcpy(&b, body + 4, 4);
		int plen = mask_plen(b);
		if (plen < 0)
			return -1;
		ts->plen = (uint8_t)plen;
		ts->net.s_addr = a & b;
		return 0;
	}
	case ISAKMP_ID_IPV4_ADDR_RANGE:
		if (len != 8)
			return -1;
		memcpy(&a, body, 4);
		memcpy(&b, body + 4, 4);
		return range_to_prefix(a, b, ts);
	default:
		return -1;
	}
}

size_t id_p1_local(const struct vpn_config *cfg, struct in_addr local, uint8_t *body, size_t cap)
{
	size_t n;

	/* Cisco sends protocol 17, port 500 (RFC 2407 §4.6.2 allows that or 0/0). */
	switch (cfg->identity) {
	case VPN_ID_HOSTNAME:
		if (cfg->hostname[0]) {
			n = id_header(body, ISAKMP_ID_FQDN, ISAKMP_IPPROTO_UDP, ISAKMP_ID_PORT_IKE);
			n += (size_t)snprintf((char *)body + n, cap - n, "%s%s%s", cfg->hostname,
					      cfg->domain[0] ? "." : "", cfg->domain);
			return n < cap ? n : cap - 1;
		}
		break;
	case VPN_ID_KEY_ID:
		if (cfg->key_id[0]) {
			n = id_header(body, ISAKMP_ID_KEY_ID, ISAKMP_IPPROTO_UDP, ISAKMP_ID_PORT_IKE);
			size_t klen = strnlen(cfg->key_id, sizeof(cfg->key_id));
			memcpy(body + n, cfg->key_id, klen);
			return n + klen;
		}
		break;
	case VPN_ID_AUTO:      /* ASA `auto`: the address with pre-shared keys */
	case VPN_ID_ADDRESS:
		break;
	}
	n = id_header(body, ISAKMP_ID_IPV4_ADDR, ISAKMP_IPPROTO_UDP, ISAKMP_ID_PORT_IKE);
	memcpy(body + n, &local, 4);
	return n + 4;
}

static void text_data(const uint8_t *p, size_t len, char *out, size_t out_len)
{
	size_t k = 0;

	for (size_t i = 0; i < len && k + 1 < out_len; i++)
		out[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[k] = '\0';
}

void id_format(const uint8_t *body, size_t len, char *out, size_t out_len)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], t[128];

	if (len < 4) {
		snprintf(out, out_len, "(short ID)");
		return;
	}
	const uint8_t *d = body + 4;
	size_t dl = len - 4;
	switch (body[0]) {
	case ISAKMP_ID_IPV4_ADDR:
		snprintf(out, out_len, "%s", dl == 4 ? inet_ntop(AF_INET, d, a, sizeof(a)) : "?");
		break;
	case ISAKMP_ID_IPV4_ADDR_SUBNET:
	case ISAKMP_ID_IPV4_ADDR_RANGE:
		if (dl != 8) {
			snprintf(out, out_len, "?");
			break;
		}
		snprintf(out, out_len, "%s%c%s", inet_ntop(AF_INET, d, a, sizeof(a)),
			 body[0] == ISAKMP_ID_IPV4_ADDR_RANGE ? '-' : '/', inet_ntop(AF_INET, d + 4, b, sizeof(b)));
		break;
	case ISAKMP_ID_FQDN:
	case ISAKMP_ID_USER_FQDN:
		text_data(d, dl, t, sizeof(t));
		snprintf(out, out_len, "%s", t);
		break;
	case ISAKMP_ID_KEY_ID:
		text_data(d, dl, t, sizeof(t));
		snprintf(out, out_len, "keyid:%s", t);
		break;
	default:
		snprintf(out, out_len, "(ID type %u)", body[0]);
		break;
	}
}

void sel_split(const struct dp_selector *sel, struct ts_half *local, struct ts_half *remote)
{
	*local = (struct ts_half){ .net.s_addr = sel->src.s_addr & prefix_mask(sel->src_plen),
				   .plen = sel->src_plen, .proto = sel->proto, .port = sel->sport };
	*remote = (struct ts_half){ .net.s_addr = sel->dst.s_addr & prefix_mask(sel->dst_plen),
				    .plen = sel->dst_plen, .proto = sel->proto, .port = sel->dport };
}

struct dp_selector sel_join(const struct ts_half *local, const struct ts_half *remote)
{
	return (struct dp_selector){ .src = local->net, .dst = remote->net, .src_plen = local->plen,
				     .dst_plen = remote->plen, .proto = local->proto, .sport = local->port,
				     .dport = remote->port };
}

static bool half_equal(const struct ts_half *a, const struct ts_half *b)
{
	return a->plen == b->plen && (a->net.s_addr & prefix_mask(a->plen)) == (b->net.s_addr & prefix_mask(b->plen));
}

unsigned sel_mismatch(const struct dp_selector *ours, const struct ts_half *peer_local,
		      const struct ts_half *peer_remote)
{
	struct ts_half local, remote;
	unsigned mask = 0;

	sel_split(ours, &local, &remote);
	/* The peer's local side is our remote side, and the other way round. */
	if (!half_equal(&remote, peer_local))
		mask |= SEL_MIS_REMOTE;
	if (!half_equal(&local, peer_remote))
		mask |= SEL_MIS_LOCAL;
	if (peer_local->proto != ours->proto || peer_remote->proto != ours->proto)
		mask |= SEL_MIS_PROTO;
	if (peer_local->port != ours->dport || peer_remote->port != ours->sport)
		mask |= SEL_MIS_PORTS;
	return mask;
}

bool sel_mirrors(const struct dp_selector *ours, const struct ts_half *peer_local,
		 const struct ts_half *peer_remote)
{
	return sel_mismatch(ours, peer_local, peer_remote) == 0;
}

bool sel_equal(const struct dp_selector *a, const struct dp_selector *b)
{
	struct ts_half al, ar;

	sel_split(a, &al, &ar);
	return sel_mirrors(b, &ar, &al);
}

/* IOS "(addr/mask/prot/port)" without the parentheses. */
void sel_format(const struct ts_half *h, char *out, size_t len)
{
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];
	uint32_t mask = prefix_mask(h->plen);

	snprintf(out, len, "%s/%s/%u/%u", inet_ntop(AF_INET, &h->net, a, sizeof(a)),
		 inet_ntop(AF_INET, &mask, m, sizeof(m)), h->proto, h->port);
}
