/* UDP 500 and 4500 for IKE, see ike_socket.h. */
#include "platform/ike_socket.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "platform/dp_userspace.h"
#include "platform/event.h"
#include "platform/util.h"
#include "vpn/codec.h"

/* The xfrm backend is built by others and may not be linked: reach it weakly. */
extern const struct dataplane_ops dp_xfrm_ops __attribute__((weak));
int dp_xfrm_exempt_socket(int fd) __attribute__((weak));
int dp_xfrm_enable_udp_encap(int fd) __attribute__((weak));

#define RX_BATCH 64
#define RX_MAX 65536

struct ike_socket {
	struct ev_loop *loop;
	struct ike_ports ports;
	int fd_ike, fd_natt;
	struct ike_engine *engine;
	struct dataplane *dp;
	bool userspace;
	struct ike_socket_stats stats;
	uint8_t rx[RX_MAX];
};

static int udp_open(uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	/* IP_PKTINFO: the local address of every datagram, and the source of every answer. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

static int send_from(struct ike_socket *s, int fd, struct in_addr src, const struct ike_endpoint *to,
		     const struct iovec *iov, int iovcnt)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(to->port), .sin_addr = to->addr };
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} control;
	struct msghdr mh = { .msg_name = &dst, .msg_namelen = sizeof(dst), .msg_iov = (struct iovec *)iov,
			     .msg_iovlen = (size_t)iovcnt };

	if (src.s_addr) {
		memset(&control, 0, sizeof(control));
		mh.msg_control = control.buf;
		mh.msg_controllen = sizeof(control.buf);
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
		struct in_pktinfo pi = { .ipi_spec_dst = src };
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
	if (sendmsg(fd, &mh, 0) < 0) {
		s->stats.tx_errors++;
		return -errno;
	}
	return 0;
}

/* ---- the transport the engine sends through ---------------------------------------------- */

static int tx_ike(void *ctx, const struct ike_endpoint *from, const struct ike_endpoint *to, const uint8_t *msg,
		  size_t len)
{
	struct ike_socket *s = ctx;
	static const uint8_t marker[NATT_MARKER_LEN];
	struct iovec iov[2] = { { (void *)marker, sizeof(marker) }, { (void *)msg, len } };

	s->stats.tx_ike++;
	/* RFC 3948 §2.2: on the NAT-T port every IKE message follows four zero bytes. */
	if (from->port == s->ports.natt)
		return send_from(s, s->fd_natt, from->addr, to, iov, 2);
	return send_from(s, s->fd_ike, from->addr, to, iov + 1, 1);
}

static int tx_keepalive(void *ctx, const struct ike_endpoint *from, const struct ike_endpoint *to)
{
	struct ike_socket *s = ctx;
	uint8_t ff = NATT_KEEPALIVE_BYTE;
	struct iovec iov = { &ff, 1 };

	s->stats.tx_keepalive++;
	return send_from(s, s->fd_natt, from->addr, to, &iov, 1);
}

/* ESP in UDP from the userspace data plane: the ESP packet as it is, no marker. */
static int tx_esp(void *ctx, struct in_addr src, uint16_t sport, struct in_addr dst, uint16_t dport,
		  const uint8_t *pkt, size_t len)
{
	struct ike_socket *s = ctx;
	struct ike_endpoint to = { dst, dport };
	struct iovec iov = { (void *)pkt, len };

	UNUSED(sport);      /* always our NAT-T port */
	s->stats.tx_esp++;
	return send_from(s, s->fd_natt, src, &to, &iov, 1);
}

struct ike_transport ike_socket_transport(struct ike_socket *s)
{
	return (struct ike_transport){ .send = tx_ike, .send_keepalive = tx_keepalive, .ctx = s };
}

/* ---- receiving ------------------------------------------------------------------------------ */

static void deliver(struct ike_socket *s, uint16_t local_port, struct in_addr local, const struct sockaddr_in *from,
		    const uint8_t *dgram, size_t len)
{
	struct ike_endpoint l = { local, local_port }, r = { from->sin_addr, ntohs(from->sin_port) };
	size_t off = 0;

	if (local_port == s->ports.natt) {
		switch (natt_classify(dgram, len, &off)) {
		case NATT_IKE:
			break;
		case NATT_KEEPALIVE:
			s->stats.rx_keepalive++;
			return;
		case NATT_ESP:
			s->stats.rx_esp++;
			if (s->userspace)
				dp_userspace_udp_input(s->dp, r.addr, r.port, l.addr, l.port, dgram, len);
			return;
		case NATT_INVALID:
			s->stats.rx_invalid++;
			return;
		}
	}
	s->stats.rx_ike++;
	if (s->engine)
		ike_engine_input(s->engine, &l, &r, dgram + off, len - off);
}

static void readable(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct ike_socket *s = arg;
	uint16_t port = fd == s->fd_natt ? s->ports.natt : s->ports.ike;

	UNUSED(loop);
	UNUSED(events);
	for (int n = 0; n < RX_BATCH; n++) {
		struct sockaddr_in from;
		union {
			struct cmsghdr align;
			uint8_t buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		} control;
		struct iovec iov = { s->rx, sizeof(s->rx) };
		struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
		struct in_addr local = { 0 };
		ssize_t got = recvmsg(fd, &mh, 0);

		if (got < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				s->stats.rx_errors++;
			return;
		}
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
				struct in_pktinfo pi;
				memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
				local = pi.ipi_addr;
			}
		}
		deliver(s, port, local, &from, s->rx, (size_t)got);
	}
}

struct ike_socket *ike_socket_open(struct ev_loop *loop, const struct ike_ports *ports)
{
	struct ike_socket *s = xcalloc(1, sizeof(*s));

	s->loop = loop;
	s->ports = *ports;
	s->fd_ike = udp_open(ports->ike);
	s->fd_natt = s->fd_ike < 0 ? -1 : udp_open(ports->natt);
	if (s->fd_natt < 0 || ev_fd_add(loop, s->fd_ike, EPOLLIN, readable, s) < 0 ||
	    ev_fd_add(loop, s->fd_natt, EPOLLIN, readable, s) < 0) {
		int err = errno;
		ike_socket_close(s);
		errno = err;
		return NULL;
	}
	return s;
}

void ike_socket_attach(struct ike_socket *s, struct ike_engine *e, struct dataplane *dp)
{
	s->engine = e;
	s->dp = dp;
	s->userspace = dp && dp->ops == &dp_userspace_ops;
	if (s->userspace)
		dp_userspace_set_udp_sender(dp, tx_esp, s);
	if (dp && &dp_xfrm_ops && dp->ops == &dp_xfrm_ops) {
		/* IKE must not be caught by the policies it negotiates; the kernel takes
		 * ESP in UDP from the 4500 socket (UDP_ENCAP_ESPINUDP). */
		if (dp_xfrm_exempt_socket) {
			dp_xfrm_exempt_socket(s->fd_ike);
			dp_xfrm_exempt_socket(s->fd_natt);
		}
		if (dp_xfrm_enable_udp_encap)
			dp_xfrm_enable_udp_encap(s->fd_natt);
	}
}

void ike_socket_get_stats(struct ike_socket *s, struct ike_socket_stats *out)
{
	*out = s->stats;
}

void ike_socket_close(struct ike_socket *s)
{
	if (!s)
		return;
	if (s->userspace)
		dp_userspace_set_udp_sender(s->dp, NULL, NULL);
	if (s->fd_ike >= 0) {
		ev_fd_del(s->loop, s->fd_ike);
		close(s->fd_ike);
	}
	if (s->fd_natt >= 0) {
		ev_fd_del(s->loop, s->fd_natt);
		close(s->fd_natt);
	}
	free(s);
}
