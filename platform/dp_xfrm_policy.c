/* Policies of the xfrm backend. libnl-xfrm's policy object cannot carry the selector's
 * "user" field into a delete by selector, so requests are built from the kernel's own
 * structures with libnl's message helpers; the dump for flush goes through libnl. */
#include <errno.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/cache.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/sp.h>

#include "platform/dp_xfrm_int.h"
#include "platform/util.h"

static const uint8_t xfrm_dir[] = {
	[DP_DIR_IN] = XFRM_POLICY_IN,
	[DP_DIR_OUT] = XFRM_POLICY_OUT,
	[DP_DIR_FWD] = XFRM_POLICY_FWD,
};

/* Rampart's policies carry this stamp in the selector's "user" field, which the kernel
 * keeps and never matches packets on: BYPASS and DROP policies have no template and
 * hence no reqid to be recognised by. The kernel compares the whole selector when it
 * looks a policy up, so the stamp is one constant: a delete needs no more than the
 * selector and direction. */
#define OWNER_STAMP DP_REQID_BASE

static uint16_t port_mask(uint16_t port)
{
	return port ? 0xffff : 0;
}

static void fill_selector(struct xfrm_selector *sel, const struct dp_policy *pol)
{
	memset(sel, 0, sizeof(*sel));
	sel->family = AF_INET;
	sel->saddr.a4 = pol->sel.src.s_addr;
	sel->daddr.a4 = pol->sel.dst.s_addr;
	sel->prefixlen_s = pol->sel.src_plen;
	sel->prefixlen_d = pol->sel.dst_plen;
	sel->proto = pol->sel.proto;
	sel->sport = htons(pol->sel.sport);
	sel->sport_mask = htons(port_mask(pol->sel.sport));
	sel->dport = htons(pol->sel.dport);
	sel->dport_mask = htons(port_mask(pol->sel.dport));
	sel->user = OWNER_STAMP;
}

static void fill_template(struct xfrm_user_tmpl *t, const struct dp_policy *pol)
{
	memset(t, 0, sizeof(*t));
	t->family = AF_INET;
	t->id.proto = IPPROTO_ESP;
	t->id.daddr.a4 = pol->tmpl_dst.s_addr;
	t->saddr.a4 = pol->tmpl_src.s_addr;
	t->reqid = pol->reqid;
	t->mode = pol->mode == DP_MODE_TUNNEL ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	/* Any algorithm: the SA of the reqid decides. */
	t->aalgos = t->ealgos = t->calgos = ~0u;
}

static int policy_valid(const struct dp_policy *pol)
{
	if ((unsigned)pol->dir >= ARRAY_SIZE(xfrm_dir) || pol->sel.src_plen > 32 ||
	    pol->sel.dst_plen > 32 || pol->action > DP_ACT_DROP)
		return -EINVAL;
	if (pol->action != DP_ACT_PROTECT)
		return 0;
	/* flush() finds PROTECT policies by reqid: one outside the range would outlive it. */
	if (!xfrm_reqid_ours(pol->reqid))
		return -ERANGE;
	if (pol->mode == DP_MODE_TUNNEL && (!pol->tmpl_src.s_addr || !pol->tmpl_dst.s_addr))
		return -EINVAL;
	return 0;
}

static int build_add(const struct dp_policy *pol, struct nl_msg **out)
{
	struct xfrm_userpolicy_info info;
	struct xfrm_user_tmpl tmpl;
	struct nl_msg *msg = nlmsg_alloc_simple(XFRM_MSG_NEWPOLICY, NLM_F_CREATE | NLM_F_EXCL);

	if (!msg)
		return -NLE_NOMEM;
	memset(&info, 0, sizeof(info));
	fill_selector(&info.sel, pol);
	info.lft.soft_byte_limit = info.lft.hard_byte_limit = XFRM_INF;
	info.lft.soft_packet_limit = info.lft.hard_packet_limit = XFRM_INF;
	info.priority = pol->priority;
	info.dir = xfrm_dir[pol->dir];
	info.action = pol->action == DP_ACT_DROP ? XFRM_POLICY_BLOCK : XFRM_POLICY_ALLOW;
	info.share = XFRM_SHARE_ANY;
	if (nlmsg_append(msg, &info, sizeof(info), NLMSG_ALIGNTO) < 0)
		goto nomem;
	if (pol->action == DP_ACT_PROTECT) {
		fill_template(&tmpl, pol);
		if (nla_put(msg, XFRMA_TMPL, sizeof(tmpl), &tmpl) < 0)
			goto nomem;
	}
	*out = msg;
	return 0;
nomem:
	nlmsg_free(msg);
	return -NLE_NOMEM;
}

/* An OUT PROTECT tunnel policy brings the route its traffic needs (dp_xfrm.h). */
static bool needs_route(const struct dp_policy *pol)
{
	return pol->dir == DP_DIR_OUT && pol->action == DP_ACT_PROTECT && pol->mode == DP_MODE_TUNNEL;
}

static int send_delete(struct xfrm_backend *xb, struct xfrm_userpolicy_id *id);

static void selector_id(struct xfrm_userpolicy_id *id, const struct dp_policy *pol)
{
	memset(id, 0, sizeof(*id));
	fill_selector(&id->sel, pol);
	id->dir = xfrm_dir[pol->dir];
}

int xfrm_add_policy(struct dataplane *dp, const struct dp_policy *pol)
{
	struct xfrm_backend *xb = dp->priv;
	struct xfrm_userpolicy_id id;
	struct nl_msg *msg;
	int err;

	if (!xb)
		return -ENOTCONN;
	if ((err = policy_valid(pol)) < 0)
		return err;
	xb_begin(xb);
	err = build_add(pol, &msg);
	err = xb_result(xb, err < 0 ? err : xb_send_sync(xb, msg));
	if (err < 0 || !needs_route(pol))
		return err;
	err = xfrm_route_ref(xb, pol);
	if (err < 0) {
		/* Without its route, forwarded traffic would never reach the policy. */
		selector_id(&id, pol);
		xb_begin(xb);
		xb_result(xb, send_delete(xb, &id));
	}
	return err;
}

static int send_delete(struct xfrm_backend *xb, struct xfrm_userpolicy_id *id)
{
	struct nl_msg *msg = nlmsg_alloc_simple(XFRM_MSG_DELPOLICY, 0);

	if (!msg)
		return -NLE_NOMEM;
	if (nlmsg_append(msg, id, sizeof(*id), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	return xb_send_sync(xb, msg);
}

int xfrm_del_policy(struct dataplane *dp, const struct dp_policy *pol)
{
	struct xfrm_backend *xb = dp->priv;
	struct xfrm_userpolicy_id id;
	int err;

	if (!xb)
		return -ENOTCONN;
	if ((unsigned)pol->dir >= ARRAY_SIZE(xfrm_dir))
		return -EINVAL;
	selector_id(&id, pol);
	xb_begin(xb);
	err = xb_result(xb, send_delete(xb, &id));
	if (err == 0 && needs_route(pol))
		xfrm_route_unref(xb, pol);
	return err;
}

static bool policy_ours(struct xfrmnl_sp *sp)
{
	struct xfrmnl_sel *sel = xfrmnl_sp_get_sel(sp);

	return sel && (uint32_t)xfrmnl_sel_get_userid(sel) == OWNER_STAMP;
}

int xfrm_flush_policies(struct xfrm_backend *xb)
{
	struct nl_cache *cache;
	struct nl_object *obj;
	int err, first_err = 0;

	xb_begin(xb);
	err = xb_result(xb, xfrmnl_sp_alloc_cache(xb->cmd, &cache));
	if (err < 0)
		return err;
	for (obj = nl_cache_get_first(cache); obj; obj = nl_cache_get_next(obj)) {
		struct xfrmnl_sp *sp = (struct xfrmnl_sp *)obj;
		struct xfrm_userpolicy_id id;

		if (!policy_ours(sp))
			continue;
		memset(&id, 0, sizeof(id));
		id.index = (uint32_t)xfrmnl_sp_get_index(sp);
		id.dir = (uint8_t)xfrmnl_sp_get_dir(sp);
		xb_begin(xb);
		err = xb_result(xb, send_delete(xb, &id));
		if (err < 0 && err != -ENOENT && first_err == 0)
			first_err = err;
	}
	nl_cache_free(cache);
	return first_err;
}
