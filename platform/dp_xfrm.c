/* The xfrm backend's sockets, errors, lifecycle and the IKE socket helpers. SAs,
 * policies, routes and events live in dp_xfrm_{sa,policy,route,events}.c. */
#include "platform/dp_xfrm.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "platform/dp_xfrm_int.h"
#include "platform/util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Dumps of a few thousand SAs must not overflow the default receive buffer. */
#define CMD_RCVBUF (4 << 20)

/* ---- errors ---- */

static void keep_extack_text(struct xfrm_backend *xb, const struct nlmsgerr *e)
{
	/* libnl hands over the error payload; its header sits right before it. */
	const struct nlmsghdr *hdr = (const void *)((const char *)e - NLMSG_HDRLEN);
	size_t off = sizeof(*e);
	struct nlattr *text;

	if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (hdr->nlmsg_len < NLMSG_HDRLEN + off)
		return;
	text = nla_find((struct nlattr *)((char *)e + off), (int)(hdr->nlmsg_len - NLMSG_HDRLEN - off),
			NLMSGERR_ATTR_MSG);
	if (text)
		nla_strlcpy(xb->kernel_msg, text, sizeof(xb->kernel_msg));
}

static int record_kernel_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct xfrm_backend *xb = arg;

	UNUSED(who);
	xb->kernel_errno = -e->error;
	keep_extack_text(xb, e);
	return NL_STOP;
}

void xb_begin(struct xfrm_backend *xb)
{
	xb->kernel_errno = 0;
	xb->kernel_msg[0] = '\0';
	xb->dp->ops_issued++;
}

int xb_result(struct xfrm_backend *xb, int nl_err)
{
	if (nl_err >= 0)
		return 0;
	if (xb->kernel_errno)
		return xb->kernel_errno == ESRCH ? -ENOENT : -xb->kernel_errno;
	switch (-nl_err) {
	case NLE_NOMEM: return -ENOMEM;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_INVAL: return -EINVAL;
	case NLE_PERM: case NLE_NOACCESS: return -EPERM;
	case NLE_OBJ_NOTFOUND: return -ENOENT;
	case NLE_EXIST: return -EEXIST;
	case NLE_MSGSIZE: return -EMSGSIZE;
	default: return -EIO;
	}
}

int xb_send_sync(struct xfrm_backend *xb, struct nl_msg *msg)
{
	int err = nl_send_auto(xb->cmd, msg);

	nlmsg_free(msg);
	return err < 0 ? err : nl_wait_for_ack(xb->cmd);
}

struct nl_addr *xb_addr4(struct in_addr a, uint8_t plen)
{
	struct nl_addr *addr = nl_addr_build(AF_INET, &a, sizeof(a));

	if (addr)
		nl_addr_set_prefixlen(addr, plen);
	return addr;
}

const char *dp_xfrm_last_error(const struct dataplane *dp)
{
	const struct xfrm_backend *xb = dp->priv;

	return xb ? xb->kernel_msg : "";
}

/* ---- sockets ---- */

static struct nl_sock *connect_socket(int protocol, int *err)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = nl_connect(sk, protocol);
	if (*err < 0) {
		*err = *err == -NLE_NOMEM ? -ENOMEM : -EPROTONOSUPPORT;
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

static void ask_for_extack(struct nl_sock *sk)
{
	int on = 1;

	/* The text says which attribute the kernel disliked; capped acks do not echo
	 * the request (it may carry keys). Old kernels lack both: no harm. */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on));
}

static int open_command_socket(struct xfrm_backend *xb)
{
	int err;

	xb->cmd = connect_socket(NETLINK_XFRM, &err);
	if (!xb->cmd)
		return err;
	nl_socket_modify_err_cb(xb->cmd, NL_CB_CUSTOM, record_kernel_error, xb);
	nl_socket_set_buffer_size(xb->cmd, CMD_RCVBUF, 0);
	ask_for_extack(xb->cmd);
	xb->rtnl = connect_socket(NETLINK_ROUTE, &err);
	if (!xb->rtnl)
		return err;
	nl_socket_modify_err_cb(xb->rtnl, NL_CB_CUSTOM, record_kernel_error, xb);
	ask_for_extack(xb->rtnl);
	return 0;
}

static void backend_free(struct xfrm_backend *xb)
{
	xfrm_events_close(xb);
	nl_socket_free(xb->cmd);
	nl_socket_free(xb->rtnl);
	free(xb->larval);
	while (xb->routes) {
		struct xfrm_route *r = xb->routes;
		xb->routes = r->next;
		free(r);
	}
	free(xb);
}

/* ---- lifecycle ---- */

static int xfrm_open(struct dataplane *dp)
{
	struct xfrm_backend *xb;
	int err;

	if (dp->priv)
		return -EBUSY;
	xb = xcalloc(1, sizeof(*xb));
	xb->dp = dp;
	err = open_command_socket(xb);
	if (err == 0 && dp->loop)
		err = xfrm_events_open(xb);
	if (err < 0) {
		backend_free(xb);
		return err;
	}
	dp->priv = xb;
	return 0;
}

static int xfrm_flush(struct dataplane *dp)
{
	struct xfrm_backend *xb = dp->priv;
	int err_pol, err_sa;

	if (!xb)
		return -ENOTCONN;
	/* Policies first: with the SAs gone but the policies still there, traffic
	 * would raise ACQUIREs for tunnels that are being taken down. */
	err_pol = xfrm_flush_policies(xb);
	xfrm_routes_flush(xb);
	err_sa = xfrm_flush_sas(xb);
	return err_pol < 0 ? err_pol : err_sa;
}

static void xfrm_close(struct dataplane *dp)
{
	struct xfrm_backend *xb = dp->priv;

	if (!xb)
		return;
	xfrm_events_close(xb);
	xfrm_flush(dp);
	backend_free(xb);
	dp->priv = NULL;
}

const struct dataplane_ops dp_xfrm_ops = {
	.name = "xfrm",
	.open = xfrm_open,
	.close = xfrm_close,
	.get_spi = xfrm_get_spi,
	.add_sa = xfrm_add_sa,
	.update_sa = xfrm_update_sa,
	.del_sa = xfrm_del_sa,
	.query_sa = xfrm_query_sa,
	.add_policy = xfrm_add_policy,
	.del_policy = xfrm_del_policy,
	.flush = xfrm_flush,
};

/* ---- the IKE sockets ---- */

static int socket_family(int fd)
{
	int family = AF_UNSPEC;
	socklen_t len = sizeof(family);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &len) < 0)
		return -errno;
	return family;
}

int dp_xfrm_exempt_socket(int fd)
{
	struct xfrm_userpolicy_info pol;
	int family = socket_family(fd);
	int level = family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
	int name = family == AF_INET6 ? IPV6_XFRM_POLICY : IP_XFRM_POLICY;
	const uint8_t dirs[] = { XFRM_POLICY_IN, XFRM_POLICY_OUT };

	if (family < 0)
		return family;
	memset(&pol, 0, sizeof(pol));
	pol.sel.family = (uint16_t)family;
	pol.action = XFRM_POLICY_ALLOW;
	pol.lft.soft_byte_limit = pol.lft.hard_byte_limit = XFRM_INF;
	pol.lft.soft_packet_limit = pol.lft.hard_packet_limit = XFRM_INF;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		pol.dir = dirs[i];
		if (setsockopt(fd, level, name, &pol, sizeof(pol)) < 0)
			return -errno;
	}
	return 0;
}

int dp_xfrm_enable_udp_encap(int fd)
{
	int type = UDP_ENCAP_ESPINUDP;

	return setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) < 0 ? -errno : 0;
}
