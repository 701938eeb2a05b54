/* ACQUIRE and EXPIRE from the kernel: a multicast netlink socket in the event loop.
 * libnl-xfrm parses neither message, so they are read from the kernel's structures. */
#include <errno.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>

#include <netlink/attr.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "platform/dp_xfrm_int.h"
#include "platform/event.h"
#include "platform/util.h"

/* A burst of ACQUIREs (a scan hitting many trap policies) must not overflow it. */
#define EVENTS_RCVBUF (1 << 20)

static void selector_from_kernel(struct dp_selector *out, const struct xfrm_selector *sel)
{
	memset(out, 0, sizeof(*out));
	out->src.s_addr = sel->saddr.a4;
	out->dst.s_addr = sel->daddr.a4;
	out->src_plen = sel->prefixlen_s;
	out->dst_plen = sel->prefixlen_d;
	out->proto = sel->proto;
	out->sport = sel->sport_mask ? ntohs(sel->sport) : 0;
	out->dport = sel->dport_mask ? ntohs(sel->dport) : 0;
}

/* The template that missed its SA rides along as XFRMA_TMPL; its reqid names the
 * crypto map entry. */
static void on_acquire(struct xfrm_backend *xb, struct nlmsghdr *hdr)
{
	struct xfrm_user_acquire *acq;
	struct nlattr *attrs[XFRMA_MAX + 1];
	struct xfrm_user_tmpl *tmpl;
	struct dp_selector sel;
	struct in_addr local, peer;

	if (nlmsg_parse(hdr, sizeof(*acq), attrs, XFRMA_MAX, NULL) < 0 || !attrs[XFRMA_TMPL] ||
	    nla_len(attrs[XFRMA_TMPL]) < (int)sizeof(*tmpl))
		return;
	acq = nlmsg_data(hdr);
	tmpl = nla_data(attrs[XFRMA_TMPL]);
	if (acq->policy.sel.family != AF_INET || !xfrm_reqid_ours(tmpl->reqid) || !xb->dp->events.acquire)
		return;
	selector_from_kernel(&sel, &acq->policy.sel);
	local.s_addr = acq->saddr.a4;
	peer.s_addr = acq->id.daddr.a4;
	xb->dp->events.acquire(xb->dp->events.ctx, tmpl->reqid, &sel, local, peer);
}

static void on_expire(struct xfrm_backend *xb, struct nlmsghdr *hdr)
{
	struct xfrm_user_expire *exp;
	struct in_addr dst;

	if (!nlmsg_valid_hdr(hdr, sizeof(*exp)))
		return;
	exp = nlmsg_data(hdr);
	if (exp->state.family != AF_INET || exp->state.id.proto != IPPROTO_ESP ||
	    !xfrm_reqid_ours(exp->state.reqid) || exp->state.id.spi == 0)
		return;         /* the larval SA of an ACQUIRE timing out */
	dst.s_addr = exp->state.id.daddr.a4;
	/* An SPI that get_spi reserved and nobody used: nothing for the engine. */
	if (xfrm_larval_forget(xb, dst, ntohl(exp->state.id.spi)))
		return;
	if (xb->dp->events.expire)
		xb->dp->events.expire(xb->dp->events.ctx, dst, ntohl(exp->state.id.spi), exp->hard != 0);
}

static int on_message(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *hdr = nlmsg_hdr(msg);

	switch (hdr->nlmsg_type) {
	case XFRM_MSG_ACQUIRE: on_acquire(arg, hdr); break;
	case XFRM_MSG_EXPIRE: on_expire(arg, hdr); break;
	default: break;     /* policy expiry and others: not used */
	}
	return NL_OK;
}

static void events_readable(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct xfrm_backend *xb = arg;

	UNUSED(loop);
	UNUSED(fd);
	UNUSED(events);
	/* Non-blocking: reads until the socket is empty. An overrun (ENOBUFS) loses
	 * events; the kernel repeats an ACQUIRE while traffic keeps hitting the policy. */
	while (nl_recvmsgs_default(xb->events) >= 0)
		;
}

int xfrm_events_open(struct xfrm_backend *xb)
{
	xb->events = nl_socket_alloc();
	if (!xb->events)
		return -ENOMEM;
	nl_socket_disable_seq_check(xb->events);
	nl_socket_modify_cb(xb->events, NL_CB_VALID, NL_CB_CUSTOM, on_message, xb);
	if (nl_connect(xb->events, NETLINK_XFRM) < 0 ||
	    nl_socket_add_memberships(xb->events, XFRMNLGRP_ACQUIRE, XFRMNLGRP_EXPIRE, 0) < 0 ||
	    nl_socket_set_nonblocking(xb->events) < 0)
		return -EPROTONOSUPPORT;
	nl_socket_set_buffer_size(xb->events, EVENTS_RCVBUF, 0);
	if (ev_fd_add(xb->dp->loop, nl_socket_get_fd(xb->events), EPOLLIN, events_readable, xb) < 0)
		return errno ? -errno : -EIO;
	return 0;
}

void xfrm_events_close(struct xfrm_backend *xb)
{
	if (!xb->events)
		return;
	if (xb->dp->loop)
		ev_fd_del(xb->dp->loop, nl_socket_get_fd(xb->events));
	nl_socket_free(xb->events);
	xb->events = NULL;
}
