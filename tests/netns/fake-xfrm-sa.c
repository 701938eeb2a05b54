/*
 * LD_PRELOAD shim for libreswan's pluto in the netns interop test (ike-libreswan.sh).
 *
 * Why: the test kernel has XFRM (policies, SPI allocation) but no ESP, so the kernel
 * refuses every SA pluto adds (XFRM_MSG_NEWSA/UPDSA) and pluto abandons Quick Mode
 * before its last message. The test is about the IKEv1 negotiation, not the data
 * plane, so this shim takes SA add, update and delete requests off pluto's XFRM
 * netlink sockets and answers each one itself with a netlink ACK (error 0), as the
 * kernel would on success. Every other request still reaches the kernel.
 *
 * How: socket() remembers which descriptors are NETLINK_XFRM sockets; the send
 * family (write, send, sendto, sendmsg) swallows an SA request on such a socket and
 * leaves its ACK waiting on the descriptor; the receive family (read, recv,
 * recvfrom, recvmsg) hands out a waiting ACK before asking the kernel. pluto waits
 * for the answer to each request before sending the next, so one waiting ACK per
 * descriptor is enough.
 *
 * Built by libreswan-setup.sh: cc -shared -fPIC -o fake-xfrm-sa.so fake-xfrm-sa.c -ldl
 * FAKE_XFRM_VERBOSE=1 logs each answered request on stderr.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>

/* descriptors above this are passed through untouched (pluto uses a handful) */
enum { TRACKED_FDS = 1024 };

/* what the kernel would send back for a request that succeeded */
struct nl_ack {
	struct nlmsghdr header;
	struct nlmsgerr body;
};

struct fd_state {
	bool is_xfrm;
	bool ack_waiting;
	struct nl_ack ack;
};

static struct fd_state fd_states[TRACKED_FDS];

/* the libc function this shim stands in front of */
static void *next_symbol(const char *name)
{
	void *symbol = dlsym(RTLD_NEXT, name);

	if (!symbol) {
		fprintf(stderr, "fake-xfrm-sa: %s not found in libc\n", name);
		abort();
	}
	return symbol;
}

/* looked up once per function; a race between threads stores the same pointer */
#define NEXT(name) \
	({ \
		static __typeof__(&name) next_##name; \
		if (!next_##name) \
			next_##name = (__typeof__(&name))next_symbol(#name); \
		next_##name; \
	})

static struct fd_state *tracked(int fd)
{
	return fd >= 0 && fd < TRACKED_FDS ? &fd_states[fd] : NULL;
}

static const char *sa_request_name(uint16_t type)
{
	switch (type) {
	case XFRM_MSG_NEWSA:
		return "NEWSA";
	case XFRM_MSG_UPDSA:
		return "UPDSA";
	case XFRM_MSG_DELSA:
		return "DELSA";
	default:
		return NULL;
	}
}

/* True when the message was an SA request on an XFRM socket: its ACK now waits. */
static bool answer_sa_request(int fd, const void *message, size_t length)
{
	struct fd_state *state = tracked(fd);
	const struct nlmsghdr *request = message;
	const char *name;

	if (!state || !state->is_xfrm || !message || length < sizeof(*request))
		return false;
	name = sa_request_name(request->nlmsg_type);
	if (!name)
		return false;
	memset(&state->ack, 0, sizeof(state->ack));
	state->ack.header.nlmsg_len = sizeof(state->ack);
	state->ack.header.nlmsg_type = NLMSG_ERROR;
	state->ack.header.nlmsg_flags = NLM_F_CAPPED; /* only the request's header is echoed */
	state->ack.header.nlmsg_seq = request->nlmsg_seq;
	state->ack.header.nlmsg_pid = request->nlmsg_pid;
	state->ack.body.error = 0;
	state->ack.body.msg = *request;
	state->ack_waiting = true;
	if (getenv("FAKE_XFRM_VERBOSE") && strcmp(getenv("FAKE_XFRM_VERBOSE"), "1") == 0)
		fprintf(stderr, "fake-xfrm-sa: answered XFRM_MSG_%s seq=%u\n", name, request->nlmsg_seq);
	return true;
}

static bool ack_waiting(int fd)
{
	struct fd_state *state = tracked(fd);

	return state && state->ack_waiting;
}

/* Copies the waiting ACK out as if the kernel (netlink port 0) had sent it. */
static ssize_t deliver_ack(int fd, void *buffer, size_t size, int flags, struct sockaddr *from,
			   socklen_t *from_length)
{
	struct fd_state *state = tracked(fd);
	size_t copied = size < sizeof(state->ack) ? size : sizeof(state->ack);
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	memcpy(buffer, &state->ack, copied);
	if (!(flags & MSG_PEEK))
		state->ack_waiting = false;
	if (from && from_length) {
		memcpy(from, &kernel, *from_length < sizeof(kernel) ? *from_length : sizeof(kernel));
		*from_length = sizeof(kernel);
	}
	return (ssize_t)((flags & MSG_TRUNC) ? sizeof(state->ack) : copied);
}

static size_t iov_total(const struct msghdr *message)
{
	size_t total = 0;

	for (size_t i = 0; i < message->msg_iovlen; i++)
		total += message->msg_iov[i].iov_len;
	return total;
}

int socket(int domain, int type, int protocol)
{
	int fd = NEXT(socket)(domain, type, protocol);
	struct fd_state *state = tracked(fd);

	if (state) {
		memset(state, 0, sizeof(*state));
		state->is_xfrm = domain == AF_NETLINK && protocol == NETLINK_XFRM;
	}
	return fd;
}

int close(int fd)
{
	struct fd_state *state = tracked(fd);

	if (state)
		memset(state, 0, sizeof(*state));
	return NEXT(close)(fd);
}

ssize_t write(int fd, const void *buffer, size_t length)
{
	if (answer_sa_request(fd, buffer, length))
		return (ssize_t)length;
	return NEXT(write)(fd, buffer, length);
}

ssize_t send(int fd, const void *buffer, size_t length, int flags)
{
	if (answer_sa_request(fd, buffer, length))
		return (ssize_t)length;
	return NEXT(send)(fd, buffer, length, flags);
}

ssize_t sendto(int fd, const void *buffer, size_t length, int flags, const struct sockaddr *to,
	       socklen_t to_length)
{
	if (answer_sa_request(fd, buffer, length))
		return (ssize_t)length;
	return NEXT(sendto)(fd, buffer, length, flags, to, to_length);
}

ssize_t sendmsg(int fd, const struct msghdr *message, int flags)
{
	/* a netlink request starts with its header, so the first piece decides */
	if (message && message->msg_iovlen > 0 &&
	    answer_sa_request(fd, message->msg_iov[0].iov_base, message->msg_iov[0].iov_len))
		return (ssize_t)iov_total(message);
	return NEXT(sendmsg)(fd, message, flags);
}

ssize_t read(int fd, void *buffer, size_t size)
{
	if (ack_waiting(fd))
		return deliver_ack(fd, buffer, size, 0, NULL, NULL);
	return NEXT(read)(fd, buffer, size);
}

ssize_t recv(int fd, void *buffer, size_t size, int flags)
{
	if (ack_waiting(fd))
		return deliver_ack(fd, buffer, size, flags, NULL, NULL);
	return NEXT(recv)(fd, buffer, size, flags);
}

ssize_t recvfrom(int fd, void *buffer, size_t size, int flags, struct sockaddr *from,
		 socklen_t *from_length)
{
	if (ack_waiting(fd))
		return deliver_ack(fd, buffer, size, flags, from, from_length);
	return NEXT(recvfrom)(fd, buffer, size, flags, from, from_length);
}

ssize_t recvmsg(int fd, struct msghdr *message, int flags)
{
	ssize_t result;

	if (!ack_waiting(fd) || !message || message->msg_iovlen == 0)
		return NEXT(recvmsg)(fd, message, flags);
	result = deliver_ack(fd, message->msg_iov[0].iov_base, message->msg_iov[0].iov_len, flags,
			     message->msg_name, message->msg_name ? &message->msg_namelen : NULL);
	message->msg_controllen = 0;
	message->msg_flags = message->msg_iov[0].iov_len < sizeof(struct nl_ack) ? MSG_TRUNC : 0;
	return result;
}
