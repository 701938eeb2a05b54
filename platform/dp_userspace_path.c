/* Packet path of the userspace data plane: cleartext from the TUN through the OUT
 * policies into ESP, ESP from the wire through its SA and IN policy into the TUN,
 * and the per-reqid queue that holds packets while IKE negotiates. */
#include <errno.h>
#include <netinet/ip.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "platform/dp_userspace_priv.h"
#include "platform/event.h"
#include "platform/util.h"

/* Packets handled per readiness callback before other descriptors get a turn. */
#define IO_BATCH 64
#define IP_PACKET_MAX 65535
#define SOCK_BUFFER (4 * 1024 * 1024)

struct pkt_info {
	struct in_addr src, dst;
	uint8_t proto;
	uint16_t sport, dport;      /* 0 when the packet carries none (or is a fragment) */
	size_t header_len, total_len;
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool has_ports(uint8_t proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_SCTP ||
	       proto == IPPROTO_UDPLITE;
}

static bool parse_ipv4(const uint8_t *p, size_t len, struct pkt_info *info)
{
	if (len < 20 || p[0] >> 4 != 4)
		return false;
	info->header_len = (size_t)(p[0] & 0x0f) * 4;
	info->total_len = get16(p + 2);
	if (info->header_len < 20 || info->total_len < info->header_len || info->total_len > len)
		return false;
	memcpy(&info->src, p + 12, 4);
	memcpy(&info->dst, p + 16, 4);
	info->proto = p[9];
	info->sport = info->dport = 0;
	if ((get16(p + 6) & 0x1fff) == 0 && has_ports(info->proto) &&
	    info->total_len >= info->header_len + 4) {
		info->sport = get16(p + info->header_len);
		info->dport = get16(p + info->header_len + 2);
	}
	return true;
}

static bool prefix_match(struct in_addr a, struct in_addr net, uint8_t plen)
{
	uint32_t mask = plen ? htonl(~0u << (32 - plen)) : 0;

	return ((a.s_addr ^ net.s_addr) & mask) == 0;
}

static bool selector_match(const struct dp_selector *s, const struct pkt_info *p)
{
	return prefix_match(p->src, s->src, s->src_plen) && prefix_match(p->dst, s->dst, s->dst_plen) &&
	       (!s->proto || s->proto == p->proto) && (!s->sport || s->sport == p->sport) &&
	       (!s->dport || s->dport == p->dport);
}

/* ---- sending ESP ---- */

static int raw_send(struct userspace *us, struct in_addr src, struct in_addr dst, const uint8_t *esp,
		    size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = dst };
	struct iovec iov = { .iov_base = (void *)esp, .iov_len = len };
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} control;
	struct msghdr msg = { .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov, .msg_iovlen = 1 };

	if (src.s_addr) {
		/* The SA's source, whatever address the route would have picked. */
		struct cmsghdr *c;
		struct in_pktinfo info = { .ipi_spec_dst = src };

		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(info));
		memcpy(CMSG_DATA(c), &info, sizeof(info));
	}
	return sendmsg(us->esp_sock, &msg, 0) < 0 ? -errno : 0;
}

static void esp_send(struct userspace *us, const struct dp_sa *conf, const uint8_t *esp, size_t len)
{
	int err;

	if (conf->encap_dport)
		err = us->udp_send ? us->udp_send(us->udp_ctx, conf->src, conf->encap_sport, conf->dst,
						  conf->encap_dport, esp, len) : -ENOTCONN;
	else
		err = raw_send(us, conf->src, conf->dst, esp, len);
	if (err < 0)
		us->stats.send_errors++;
	else
		us->stats.esp_sent++;
}

/* ---- the acquire queue ---- */

static struct us_pending *pending_find(struct userspace *us, uint32_t reqid, struct us_pending ***link)
{
	for (struct us_pending **pp = &us->pending; *pp; pp = &(*pp)->next) {
		if ((*pp)->reqid == reqid) {
			if (link)
				*link = pp;
			return *pp;
		}
	}
	return NULL;
}

static struct us_pending *pending_get(struct userspace *us, uint32_t reqid)
{
	struct us_pending *q = pending_find(us, reqid, NULL);

	if (!q) {
		q = xcalloc(1, sizeof(*q));
		q->reqid = reqid;
		q->slots = xmalloc((size_t)PENDING_PACKETS * us->mtu);
		q->next = us->pending;
		us->pending = q;
	}
	return q;
}

static void pending_drop_oldest(struct userspace *us, struct us_pending *q)
{
	q->bytes -= q->len[q->first];
	q->first = (q->first + 1) % PENDING_PACKETS;
	q->count--;
	us->stats.queue_drops++;
}

static void pending_push(struct userspace *us, struct us_pending *q, const uint8_t *pkt, size_t len,
			 uint64_t now_ms)
{
	unsigned slot;

	if (len > us->mtu) {
		us->stats.queue_drops++;
		return;
	}
	while (q->count == PENDING_PACKETS || q->bytes + len > PENDING_BYTES)
		pending_drop_oldest(us, q);
	slot = (q->first + q->count) % PENDING_PACKETS;
	memcpy(q->slots + (size_t)slot * us->mtu, pkt, len);
	q->len[slot] = (uint16_t)len;
	q->queued_ms[slot] = now_ms;
	q->count++;
	q->bytes += len;
	us->stats.queued++;
}

static void pending_free(struct us_pending *q)
{
	free(q->slots);
	free(q);
}

/* A PROTECT policy without an SA: hold the packet, ask IKE (once per retry period). */
static void protect_miss(struct userspace *us, const struct us_policy *pol, const uint8_t *pkt, size_t len)
{
	uint64_t now = ev_now_ms(us->dp->loop);
	struct us_pending *q = pending_get(us, pol->conf.reqid);
	struct dp_selector sel = pol->conf.sel;
	struct in_addr local = pol->conf.tmpl_src, peer = pol->conf.tmpl_dst;

	pending_push(us, q, pkt, len, now);
	if (q->acquired && now - q->acquired_ms < ACQUIRE_RETRY_MS)
		return;
	q->acquired = true;
	q->acquired_ms = now;
	us->stats.acquires++;
	/* Last: the engine may change the tables from inside the callback. */
	if (us->dp->events.acquire)
		us->dp->events.acquire(us->dp->events.ctx, q->reqid, &sel, local, peer);
}

/* ---- outbound ---- */

static struct us_policy *out_policy(struct userspace *us, const struct pkt_info *info)
{
	for (struct us_policy *p = us->policies[DP_DIR_OUT]; p; p = p->next)
		if (selector_match(&p->conf.sel, info))
			return p;
	return NULL;
}

static void protect(struct userspace *us, struct us_policy *pol, struct us_buf *buf, size_t len)
{
	struct us_sa *sa = pol->out_sa;
	struct esp_buf b = { .base = buf->mem, .cap = buf->cap, .off = ESP_HEADROOM, .len = len };

	if (!sa) {
		protect_miss(us, pol, buf->mem + ESP_HEADROOM, len);
		return;
	}
	/* RFC 4303 §3.3.3: without ESN the sequence number must not cycle. */
	if (sa->seq_out == UINT32_MAX) {
		us->stats.expired_drops++;
		us_sa_expire_hard(sa);
		return;
	}
	if (us_sa_hard_reached(sa)) {
		us->stats.expired_drops++;
		return;
	}
	if (esp_encrypt(&sa->crypto, sa->conf.spi, ++sa->seq_out, &b) != ESP_OK) {
		us->stats.crypto_errors++;
		return;
	}
	sa->counters.packets++;
	sa->counters.bytes += len;
	sa->counters.use_time = (uint64_t)time(NULL);
	esp_send(us, &sa->conf, b.base + b.off, b.len);
	us_sa_soft_check(sa);
}

/* The inner packet sits at buf->mem + ESP_HEADROOM. */
static void route_packet(struct userspace *us, struct us_buf *buf, size_t len)
{
	struct pkt_info info;
	struct us_policy *pol;

	if (!parse_ipv4(buf->mem + ESP_HEADROOM, len, &info)) {
		us->stats.not_ipv4++;
		return;
	}
	pol = out_policy(us, &info);
	if (!pol)
		us->stats.no_policy++;
	else if (pol->conf.action == DP_ACT_BYPASS)
		us->stats.bypassed++;
	else if (pol->conf.action == DP_ACT_DROP)
		us->stats.policy_drops++;
	else
		protect(us, pol, buf, info.total_len);
}

void us_pending_flush(struct userspace *us, uint32_t reqid)
{
	struct us_pending **link, *q = pending_find(us, reqid, &link);
	uint64_t now = ev_now_ms(us->dp->loop);

	if (!q)
		return;
	*link = q->next;    /* a packet that misses again starts a new queue */
	for (unsigned i = 0; i < q->count; i++) {
		unsigned slot = (q->first + i) % PENDING_PACKETS;
		if (now - q->queued_ms[slot] > ACQUIRE_RETRY_MS) {
			us->stats.queue_drops++;
			continue;
		}
		memcpy(us->flush_buf.mem + ESP_HEADROOM, q->slots + (size_t)slot * us->mtu, q->len[slot]);
		route_packet(us, &us->flush_buf, q->len[slot]);
	}
	pending_free(q);
}

void us_pending_drop(struct userspace *us, uint32_t reqid)
{
	struct us_pending **link, *q = pending_find(us, reqid, &link);

	if (q) {
		us->stats.queue_drops += q->count;
		*link = q->next;
		pending_free(q);
	}
}

void us_pending_free_all(struct userspace *us)
{
	while (us->pending) {
		struct us_pending *q = us->pending;
		us->pending = q->next;
		pending_free(q);
	}
}

static void tun_readable(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct userspace *us = arg;
	size_t room = us->tx_buf.cap - ESP_HEADROOM - ESP_TAILROOM;

	UNUSED(loop);
	UNUSED(events);
	for (int n = 0; n < IO_BATCH && us->opened; n++) {
		ssize_t got = read(fd, us->tx_buf.mem + ESP_HEADROOM, room);
		if (got <= 0)
			break;
		us->stats.tun_read++;
		route_packet(us, &us->tx_buf, (size_t)got);
	}
}

/* ---- inbound ---- */

static bool policy_admits(const struct us_policy *list, uint32_t reqid, const struct pkt_info *info)
{
	for (const struct us_policy *p = list; p; p = p->next)
		if (p->conf.reqid == reqid && p->conf.action == DP_ACT_PROTECT && selector_match(&p->conf.sel, info))
			return true;
	return false;
}

static bool inbound_allowed(struct userspace *us, uint32_t reqid, const struct pkt_info *info)
{
	/* Decrypted traffic must be what the SA's policies admit (RFC 4301 §5.2 step 4):
	 * a peer may not use an SA to inject packets for other selectors. */
	return policy_admits(us->policies[DP_DIR_IN], reqid, info) ||
	       policy_admits(us->policies[DP_DIR_FWD], reqid, info);
}

static void count_error(struct userspace *us, struct us_sa *sa, enum esp_status st)
{
	switch (st) {
	case ESP_ERR_REPLAY: us->stats.replay++; sa->counters.replay_errors++; break;
	case ESP_ERR_INTEGRITY: us->stats.integrity++; sa->counters.integrity_errors++; break;
	case ESP_ERR_TRUNCATED: us->stats.truncated++; break;
	case ESP_ERR_PADDING: us->stats.bad_padding++; break;
	case ESP_ERR_NEXT_HEADER: us->stats.bad_next_header++; break;
	case ESP_DUMMY: us->stats.dummy++; break;
	default: us->stats.crypto_errors++; break;
	}
}

static void deliver(struct userspace *us, struct us_sa *sa, const uint8_t *inner, size_t len)
{
	struct pkt_info info;

	if (!parse_ipv4(inner, len, &info)) {
		us->stats.bad_inner++;
		return;
	}
	if (!inbound_allowed(us, sa->conf.reqid, &info)) {
		us->stats.policy_mismatch++;
		return;
	}
	sa->counters.packets++;
	sa->counters.bytes += info.total_len;
	sa->counters.use_time = (uint64_t)time(NULL);
	/* total_len, not len: RFC 4303 §2.7 TFC padding may follow the inner packet. */
	if (write(us->tun.fd, inner, info.total_len) < 0)
		us->stats.tun_write_errors++;
	else
		us->stats.tun_written++;
	us_sa_soft_check(sa);
}

void us_esp_input(struct userspace *us, struct in_addr src, struct in_addr dst, uint8_t *esp, size_t len)
{
	struct esp_buf b = { .base = esp, .cap = len, .off = 0, .len = len };
	struct us_sa *sa;
	enum esp_status st;

	UNUSED(src);    /* SAs are found by destination and SPI: a NATed peer's source may change */
	us->stats.esp_received++;
	if (len < ESP_HDR_LEN) {
		us->stats.truncated++;
		return;
	}
	sa = us_sa_find(us, dst, esp_spi(esp));
	if (!sa || sa->larval) {
		us->stats.unknown_spi++;
		return;
	}
	if (us_sa_hard_reached(sa)) {
		us->stats.expired_drops++;
		return;
	}
	st = esp_decrypt(&sa->crypto, sa->conf.replay_window ? &sa->window : NULL, &b);
	if (st != ESP_OK)
		count_error(us, sa, st);
	else
		deliver(us, sa, b.base + b.off, b.len);
}

static void esp_sock_readable(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct userspace *us = arg;
	struct pkt_info outer;

	UNUSED(loop);
	UNUSED(events);
	for (int n = 0; n < IO_BATCH && us->opened; n++) {
		ssize_t got = recv(fd, us->rx_buf.mem, us->rx_buf.cap, 0);
		if (got <= 0)
			break;
		/* A raw socket hands over the whole (reassembled) IPv4 packet. */
		if (!parse_ipv4(us->rx_buf.mem, (size_t)got, &outer)) {
			us->stats.truncated++;
			continue;
		}
		us_esp_input(us, outer.src, outer.dst, us->rx_buf.mem + outer.header_len,
			     outer.total_len - outer.header_len);
	}
}

void dp_userspace_udp_input(struct dataplane *dp, struct in_addr src, uint16_t sport, struct in_addr dst,
			    uint16_t dport, const uint8_t *pkt, size_t len)
{
	struct userspace *us = dp->priv;

	UNUSED(sport);
	UNUSED(dport);
	if (!us || !us->opened)
		return;
	if (len == 1 && pkt[0] == 0xff) {
		us->stats.keepalives++;     /* RFC 3948 §2.3 */
		return;
	}
	if (len >= 4 && !pkt[0] && !pkt[1] && !pkt[2] && !pkt[3])
		return;                     /* non-ESP marker: IKE's, not ours */
	if (len > us->rx_buf.cap) {
		us->stats.truncated++;
		return;
	}
	memcpy(us->rx_buf.mem, pkt, len);
	us_esp_input(us, src, dst, us->rx_buf.mem, len);
}

/* ---- setup ---- */

static void buf_alloc(struct us_buf *b, size_t cap)
{
	b->mem = xmalloc(cap);
	b->cap = cap;
}

static void sock_buffers(int fd)
{
	int size = SOCK_BUFFER;

	/* FORCE passes net.core.[rw]mem_max, which is small by default; we are root. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
}

int us_path_open(struct userspace *us)
{
	struct ev_loop *loop = us->dp->loop;

	us->esp_sock = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ESP);
	if (us->esp_sock < 0)
		return -errno;
	sock_buffers(us->esp_sock);
	buf_alloc(&us->tx_buf, ESP_HEADROOM + IP_PACKET_MAX + ESP_TAILROOM);
	buf_alloc(&us->flush_buf, ESP_HEADROOM + IP_PACKET_MAX + ESP_TAILROOM);
	buf_alloc(&us->rx_buf, IP_PACKET_MAX);
	if (ev_fd_add(loop, us->tun.fd, EPOLLIN, tun_readable, us) < 0 ||
	    ev_fd_add(loop, us->esp_sock, EPOLLIN, esp_sock_readable, us) < 0) {
		int err = -errno;
		us_path_close(us);
		return err;
	}
	return 0;
}

void us_path_close(struct userspace *us)
{
	struct ev_loop *loop = us->dp->loop;

	ev_fd_del(loop, us->tun.fd);
	if (us->esp_sock >= 0) {
		ev_fd_del(loop, us->esp_sock);
		close(us->esp_sock);
	}
	us->esp_sock = -1;
	free(us->tx_buf.mem);
	free(us->flush_buf.mem);
	free(us->rx_buf.mem);
	memset(&us->tx_buf, 0, sizeof(us->tx_buf));
	memset(&us->flush_buf, 0, sizeof(us->flush_buf));
	memset(&us->rx_buf, 0, sizeof(us->rx_buf));
	us_pending_free_all(us);
}
