/* SAs of the xfrm backend: SPI reservation (ALLOCSPI), install, update, delete,
 * counters, and the flush of Rampart's own. */
#include <errno.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/cache.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/xfrm/lifetime.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/selector.h>

#include "platform/dp_xfrm_int.h"
#include "platform/util.h"

/* RFC 4303 §2.1: SPIs 1..255 are reserved by IANA. */
#define SPI_MIN 0x100u
#define SPI_MAX 0xffffffffu

/* The legacy replay field holds a 32-bit bitmap; wider windows need the ESN-form
 * replay state (without the ESN flag) and the legacy field at 0. */
#define LEGACY_REPLAY_MAX 32

/* ---- larval SAs that ALLOCSPI left ---- */

static struct xfrm_larval *larval_find(struct xfrm_backend *xb, struct in_addr dst, uint32_t spi)
{
	for (size_t i = 0; i < xb->nlarval; i++)
		if (xb->larval[i].dst.s_addr == dst.s_addr && xb->larval[i].spi == spi)
			return &xb->larval[i];
	return NULL;
}

static void larval_remember(struct xfrm_backend *xb, struct in_addr dst, uint32_t spi)
{
	if (xb->nlarval == xb->caplarval) {
		xb->caplarval = xb->caplarval ? 2 * xb->caplarval : 16;
		xb->larval = xrealloc(xb->larval, xb->caplarval * sizeof(*xb->larval));
	}
	xb->larval[xb->nlarval++] = (struct xfrm_larval){ .dst = dst, .spi = spi };
}

bool xfrm_larval_forget(struct xfrm_backend *xb, struct in_addr dst, uint32_t spi)
{
	struct xfrm_larval *l = larval_find(xb, dst, spi);

	if (!l)
		return false;
	*l = xb->larval[--xb->nlarval];
	return true;
}

/* ---- ALLOCSPI (libnl has no request for it) ---- */

static int take_allocated_spi(struct nl_msg *msg, void *arg)
{
	struct xfrmnl_sa *sa;
	uint32_t *spi = arg;

	if (xfrmnl_sa_parse(nlmsg_hdr(msg), &sa) < 0)
		return NL_SKIP;
	*spi = (uint32_t)xfrmnl_sa_get_spi(sa);
	xfrmnl_sa_put(sa);
	return NL_OK;
}

/* The kernel answers with the new larval SA, then the ack. seq != 0 adopts the larval
 * SA of that ACQUIRE instead of creating one. */
static int alloc_spi(struct xfrm_backend *xb, const struct xfrm_usersa_info *want, uint32_t *spi)
{
	struct xfrm_userspi_info req;
	struct nl_msg *msg = nlmsg_alloc_simple(XFRM_MSG_ALLOCSPI, 0);
	struct nl_cb *sock_cb, *cb;
	int err;

	*spi = 0;       /* defined on every return, whatever the caller makes of the error */
	if (!msg)
		return -NLE_NOMEM;
	memset(&req, 0, sizeof(req));
	req.info = *want;
	req.min = SPI_MIN;
	req.max = SPI_MAX;
	err = nlmsg_append(msg, &req, sizeof(req), NLMSG_ALIGNTO);
	if (err == 0)
		err = nl_send_auto(xb->cmd, msg);
	nlmsg_free(msg);
	if (err < 0)
		return err;
	/* nl_socket_get_cb() hands out a reference of its own: dropped once cloned,
	 * or the socket's callback set outlives nl_socket_free(). */
	sock_cb = nl_socket_get_cb(xb->cmd);
	cb = nl_cb_clone(sock_cb);
	nl_cb_put(sock_cb);
	if (!cb)
		return -NLE_NOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, take_allocated_spi, spi);
	err = nl_recvmsgs(xb->cmd, cb);
	nl_cb_put(cb);
	if (err >= 0)
		err = nl_wait_for_ack(xb->cmd);
	return err < 0 ? err : (*spi ? 0 : -NLE_PARSE_ERR);
}

int xfrm_get_spi(struct dataplane *dp, struct in_addr src, struct in_addr dst, uint32_t reqid,
		 uint32_t *spi)
{
	struct xfrm_backend *xb = dp->priv;
	struct xfrm_usersa_info want;
	int err;

	if (!xb)
		return -ENOTCONN;
	if (!xfrm_reqid_ours(reqid))
		return -ERANGE;
	memset(&want, 0, sizeof(want));
	want.family = AF_INET;
	want.saddr.a4 = src.s_addr;
	want.id.daddr.a4 = dst.s_addr;
	want.id.proto = IPPROTO_ESP;
	want.reqid = reqid;
	want.mode = XFRM_MODE_TUNNEL;
	xb_begin(xb);
	err = xb_result(xb, alloc_spi(xb, &want, spi));
	if (err == 0)
		larval_remember(xb, dst, *spi);
	return err;
}

/* ---- building an SA ---- */

struct cipher_name {
	const char *name;
	size_t key_len[3];          /* accepted key lengths in bytes (0 ends the list) */
};

static const struct cipher_name ciphers[] = {
	[DP_ENC_NULL] = { "ecb(cipher_null)", { 0 } },
	[DP_ENC_DES] = { "cbc(des)", { 8 } },
	[DP_ENC_3DES] = { "cbc(des3_ede)", { 24 } },
	[DP_ENC_AES_CBC] = { "cbc(aes)", { 16, 24, 32 } },
	/* RFC 4106 §8.1: the key is followed by a 4-byte salt; the kernel wants both. */
	[DP_ENC_AES_GCM16] = { "rfc4106(gcm(aes))", { 20, 28, 36 } },
};

struct integrity_name {
	const char *name;
	size_t key_len;
	unsigned trunc_bits;        /* RFC 2403, 2404, 4868 */
};

static const struct integrity_name integrities[] = {
	[DP_AUTH_HMAC_MD5_96] = { "hmac(md5)", 16, 96 },
	[DP_AUTH_HMAC_SHA1_96] = { "hmac(sha1)", 20, 96 },
	[DP_AUTH_HMAC_SHA256_128] = { "hmac(sha256)", 32, 128 },
	[DP_AUTH_HMAC_SHA384_192] = { "hmac(sha384)", 48, 192 },
	[DP_AUTH_HMAC_SHA512_256] = { "hmac(sha512)", 64, 256 },
};

static bool cipher_key_ok(const struct cipher_name *c, size_t len)
{
	if (c->key_len[0] == 0)
		return len == 0;
	for (size_t i = 0; i < ARRAY_SIZE(c->key_len) && c->key_len[i]; i++)
		if (c->key_len[i] == len)
			return true;
	return false;
}

/* libnl takes key lengths in bits. */
static int set_algorithms(struct xfrmnl_sa *sa, const struct dp_sa *conf)
{
	const struct cipher_name *c;
	const struct integrity_name *i;

	if ((unsigned)conf->enc >= ARRAY_SIZE(ciphers) || !ciphers[conf->enc].name)
		return -EINVAL;
	c = &ciphers[conf->enc];
	if (!cipher_key_ok(c, conf->enc_key_len))
		return -EINVAL;
	if (conf->enc == DP_ENC_AES_GCM16) {
		if (conf->auth != DP_AUTH_NONE)
			return -EINVAL;
		return xfrmnl_sa_set_aead_params(sa, c->name, (unsigned)conf->enc_key_len * 8, 128,
						 (const char *)conf->enc_key) < 0 ? -ENOMEM : 0;
	}
	if (conf->auth == DP_AUTH_NONE) {
		/* Encryption-only ESP is open to cut-and-paste attacks (RFC 4303 §3.2);
		 * refused here as in the userspace backend. */
		return -EINVAL;
	}
	if ((unsigned)conf->auth >= ARRAY_SIZE(integrities) || !integrities[conf->auth].name)
		return -EINVAL;
	i = &integrities[conf->auth];
	if (conf->auth_key_len != i->key_len)
		return -EINVAL;
	if (xfrmnl_sa_set_crypto_params(sa, c->name, (unsigned)conf->enc_key_len * 8,
					(const char *)conf->enc_key) < 0 ||
	    xfrmnl_sa_set_auth_params(sa, i->name, (unsigned)i->key_len * 8, i->trunc_bits,
				      (const char *)conf->auth_key) < 0)
		return -ENOMEM;
	return 0;
}

/* libnl sends 0 for every limit left unset, and the kernel reads a 0 byte or packet
 * limit as "expire now": an SA without explicit XFRM_INF dies on its first packet. */
static unsigned long long limit_or_inf(uint64_t v)
{
	return v ? v : XFRM_INF;
}

static int set_lifetime(struct xfrmnl_sa *sa, const struct dp_lifetime *life)
{
	struct xfrmnl_ltime_cfg *lt = xfrmnl_ltime_cfg_alloc();

	if (!lt)
		return -ENOMEM;
	xfrmnl_ltime_cfg_set_soft_bytelimit(lt, limit_or_inf(life->soft_bytes));
	xfrmnl_ltime_cfg_set_hard_bytelimit(lt, limit_or_inf(life->hard_bytes));
	xfrmnl_ltime_cfg_set_soft_packetlimit(lt, limit_or_inf(life->soft_packets));
	xfrmnl_ltime_cfg_set_hard_packetlimit(lt, limit_or_inf(life->hard_packets));
	xfrmnl_ltime_cfg_set_soft_addexpires(lt, life->soft_secs);
	xfrmnl_ltime_cfg_set_hard_addexpires(lt, life->hard_secs);
	xfrmnl_sa_set_lifetime_cfg(sa, lt);
	xfrmnl_ltime_cfg_put(lt);
	return 0;
}

static int set_replay_window(struct xfrmnl_sa *sa, uint32_t window)
{
	unsigned words = (window + 31) / 32;
	unsigned *bitmap;
	int err;

	if (window <= LEGACY_REPLAY_MAX)
		return xfrmnl_sa_set_replay_window(sa, window);
	if (window > 4096)
		return -EINVAL;
	bitmap = xcalloc(words, sizeof(*bitmap));
	xfrmnl_sa_set_replay_window(sa, 0);
	err = xfrmnl_sa_set_replay_state_esn(sa, 0, 0, 0, 0, window, words, bitmap);
	free(bitmap);
	return err < 0 ? -ENOMEM : 0;
}

static int set_encapsulation(struct xfrmnl_sa *sa, const struct dp_sa *conf)
{
	struct in_addr none = { 0 };
	struct nl_addr *original = xb_addr4(none, 0);
	int err;

	if (!original)
		return -ENOMEM;
	/* RFC 3948 ESP-in-UDP; ports in host order, libnl swaps them. */
	err = xfrmnl_sa_set_encap_tmpl(sa, UDP_ENCAP_ESPINUDP, conf->encap_sport, conf->encap_dport,
				       original);
	nl_addr_put(original);
	return err < 0 ? -ENOMEM : 0;
}

/* Tunnel-mode SAs keep an empty selector, as the policies select the traffic; a
 * transport-mode SA is bound to the hosts it protects. */
static int set_transport_selector(struct xfrmnl_sa *sa, const struct dp_selector *s)
{
	struct xfrmnl_sel *sel = xfrmnl_sel_alloc();
	struct nl_addr *src = xb_addr4(s->src, s->src_plen), *dst = xb_addr4(s->dst, s->dst_plen);
	int err = -ENOMEM;

	if (sel && src && dst) {
		xfrmnl_sel_set_family(sel, AF_INET);
		xfrmnl_sel_set_saddr(sel, src);
		xfrmnl_sel_set_daddr(sel, dst);
		xfrmnl_sel_set_prefixlen_s(sel, s->src_plen);
		xfrmnl_sel_set_prefixlen_d(sel, s->dst_plen);
		xfrmnl_sel_set_proto(sel, s->proto);
		xfrmnl_sel_set_sport(sel, s->sport);
		xfrmnl_sel_set_sportmask(sel, s->sport ? 0xffff : 0);
		xfrmnl_sel_set_dport(sel, s->dport);
		xfrmnl_sel_set_dportmask(sel, s->dport ? 0xffff : 0);
		xfrmnl_sa_set_sel(sa, sel);
		err = 0;
	}
	nl_addr_put(src);
	nl_addr_put(dst);
	if (sel)
		xfrmnl_sel_put(sel);
	return err;
}

static int set_identity(struct xfrmnl_sa *sa, const struct dp_sa *conf)
{
	struct nl_addr *src = xb_addr4(conf->src, 32), *dst = xb_addr4(conf->dst, 32);
	int err = -ENOMEM;

	if (src && dst) {
		xfrmnl_sa_set_family(sa, AF_INET);
		xfrmnl_sa_set_saddr(sa, src);
		xfrmnl_sa_set_daddr(sa, dst);
		xfrmnl_sa_set_proto(sa, IPPROTO_ESP);
		xfrmnl_sa_set_spi(sa, conf->spi);
		err = 0;
	}
	nl_addr_put(src);
	nl_addr_put(dst);
	return err;
}

static int sa_build(const struct dp_sa *conf, struct xfrmnl_sa **out)
{
	struct xfrmnl_sa *sa;
	int err;

	if (conf->spi == 0 || (conf->mode != DP_MODE_TUNNEL && conf->mode != DP_MODE_TRANSPORT) ||
	    (!conf->encap_sport != !conf->encap_dport))
		return -EINVAL;
	/* flush() recognises Rampart's SAs by reqid: one outside the range would outlive it. */
	if (!xfrm_reqid_ours(conf->reqid))
		return -ERANGE;
	sa = xfrmnl_sa_alloc();
	if (!sa)
		return -ENOMEM;
	xfrmnl_sa_set_reqid(sa, conf->reqid);
	xfrmnl_sa_set_mode(sa, conf->mode == DP_MODE_TUNNEL ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT);
	err = set_identity(sa, conf);
	if (err == 0)
		err = set_algorithms(sa, conf);
	if (err == 0)
		err = set_lifetime(sa, &conf->life);
	if (err == 0)
		err = set_replay_window(sa, conf->replay_window);
	if (err == 0 && conf->encap_sport)
		err = set_encapsulation(sa, conf);
	if (err == 0 && conf->mode == DP_MODE_TRANSPORT)
		err = set_transport_selector(sa, &conf->sel);
	if (err < 0) {
		xfrmnl_sa_put(sa);
		return err;
	}
	*out = sa;
	return 0;
}

/* ---- install, update, delete ---- */

enum install_how { INSTALL_NEW, INSTALL_UPDATE };

static int sa_install(struct xfrm_backend *xb, const struct dp_sa *conf, enum install_how how)
{
	struct xfrmnl_sa *sa;
	int err = sa_build(conf, &sa);

	if (err < 0)
		return err;
	xb_begin(xb);
	if (how == INSTALL_NEW)
		err = xb_result(xb, xfrmnl_sa_add(xb->cmd, sa, NLM_F_CREATE | NLM_F_EXCL));
	else
		err = xb_result(xb, xfrmnl_sa_update(xb->cmd, sa, 0));
	xfrmnl_sa_put(sa);
	return err;
}

/* The larval SA of get_spi must be replaced with UPDSA (NEWSA would collide with it).
 * If it outlived xfrm_acq_expires and is gone, the SPI is installed afresh. */
static int replace_larval(struct xfrm_backend *xb, const struct dp_sa *conf)
{
	int err = sa_install(xb, conf, INSTALL_UPDATE);

	if (err == -ENOENT)
		err = sa_install(xb, conf, INSTALL_NEW);
	if (err == 0)
		xfrm_larval_forget(xb, conf->dst, conf->spi);
	return err;
}

int xfrm_add_sa(struct dataplane *dp, const struct dp_sa *conf)
{
	struct xfrm_backend *xb = dp->priv;

	if (!xb)
		return -ENOTCONN;
	if (larval_find(xb, conf->dst, conf->spi))
		return replace_larval(xb, conf);
	return sa_install(xb, conf, INSTALL_NEW);
}

int xfrm_update_sa(struct dataplane *dp, const struct dp_sa *conf)
{
	struct xfrm_backend *xb = dp->priv;

	if (!xb)
		return -ENOTCONN;
	if (larval_find(xb, conf->dst, conf->spi))
		return replace_larval(xb, conf);
	return sa_install(xb, conf, INSTALL_UPDATE);
}

static int delete_sa(struct xfrm_backend *xb, struct nl_addr *dst, uint32_t spi)
{
	struct xfrmnl_sa *sa = xfrmnl_sa_alloc();
	int err;

	if (!sa)
		return -ENOMEM;
	xfrmnl_sa_set_daddr(sa, dst);
	xfrmnl_sa_set_spi(sa, spi);
	xfrmnl_sa_set_proto(sa, IPPROTO_ESP);
	xb_begin(xb);
	err = xb_result(xb, xfrmnl_sa_delete(xb->cmd, sa, 0));
	xfrmnl_sa_put(sa);
	return err;
}

int xfrm_del_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi)
{
	struct xfrm_backend *xb = dp->priv;
	struct nl_addr *addr;
	int err;

	if (!xb)
		return -ENOTCONN;
	if (spi == 0)
		return -ENOENT;
	addr = xb_addr4(dst, 32);
	if (!addr)
		return -ENOMEM;
	err = delete_sa(xb, addr, spi);
	nl_addr_put(addr);
	xfrm_larval_forget(xb, dst, spi);
	return err;
}

/* ---- counters ---- */

int xfrm_query_sa(struct dataplane *dp, struct in_addr dst, uint32_t spi, struct dp_counters *out)
{
	struct xfrm_backend *xb = dp->priv;
	struct xfrmnl_sa *sa = NULL;
	struct nl_addr *addr;
	unsigned long long window, replay, integrity;
	int err;

	if (!xb)
		return -ENOTCONN;
	/* A reserved SPI is no SA yet; libnl would also assert on SPI 0. */
	if (spi == 0 || larval_find(xb, dst, spi))
		return -ENOENT;
	addr = xb_addr4(dst, 32);
	if (!addr)
		return -ENOMEM;
	xb_begin(xb);
	err = xb_result(xb, xfrmnl_sa_get_kernel(xb->cmd, addr, spi, IPPROTO_ESP, 0, 0, &sa));
	nl_addr_put(addr);
	if (err < 0)
		return err;
	if (!sa)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	xfrmnl_sa_get_curlifetime(sa, (unsigned long long *)&out->bytes,
				  (unsigned long long *)&out->packets,
				  (unsigned long long *)&out->add_time,
				  (unsigned long long *)&out->use_time);
	if (xfrmnl_sa_get_stats(sa, &window, &replay, &integrity) == 0) {
		out->replay_errors = replay;
		out->integrity_errors = integrity;
	}
	xfrmnl_sa_put(sa);
	return 0;
}

/* ---- flush ---- */

/* A larval SA of an ACQUIRE has no SPI yet and cannot be deleted by one. ALLOCSPI
 * with the ACQUIRE's sequence number gives it one, as it would for IKE; then it can
 * go. Left alone it would mute ACQUIREs for its flow until xfrm_acq_expires. */
static int delete_acquire_larval(struct xfrm_backend *xb, struct xfrmnl_sa *sa)
{
	struct xfrm_usersa_info want;
	struct nl_addr *dst = xfrmnl_sa_get_daddr(sa), *src = xfrmnl_sa_get_saddr(sa);
	uint32_t spi;
	int err;

	if (!dst || !src || nl_addr_get_len(dst) != 4 || nl_addr_get_len(src) != 4)
		return -EINVAL;
	memset(&want, 0, sizeof(want));
	want.family = AF_INET;
	memcpy(&want.saddr.a4, nl_addr_get_binary_addr(src), 4);
	memcpy(&want.id.daddr.a4, nl_addr_get_binary_addr(dst), 4);
	want.id.proto = IPPROTO_ESP;
	want.reqid = (uint32_t)xfrmnl_sa_get_reqid(sa);
	want.mode = (uint8_t)xfrmnl_sa_get_mode(sa);
	want.seq = (uint32_t)xfrmnl_sa_get_seq(sa);
	xb_begin(xb);
	err = xb_result(xb, alloc_spi(xb, &want, &spi));
	return err < 0 ? err : delete_sa(xb, dst, spi);
}

static bool sa_ours(struct xfrmnl_sa *sa)
{
	return xfrmnl_sa_get_proto(sa) == IPPROTO_ESP && xfrm_reqid_ours((uint32_t)xfrmnl_sa_get_reqid(sa));
}

int xfrm_flush_sas(struct xfrm_backend *xb)
{
	struct nl_cache *cache;
	struct nl_object *obj;
	int err, first_err = 0;

	xb_begin(xb);
	err = xb_result(xb, xfrmnl_sa_alloc_cache(xb->cmd, &cache));
	if (err < 0)
		return err;
	for (obj = nl_cache_get_first(cache); obj; obj = nl_cache_get_next(obj)) {
		struct xfrmnl_sa *sa = (struct xfrmnl_sa *)obj;

		if (!sa_ours(sa))
			continue;
		if (xfrmnl_sa_get_spi(sa) == 0)
			err = delete_acquire_larval(xb, sa);
		else
			err = delete_sa(xb, xfrmnl_sa_get_daddr(sa), (uint32_t)xfrmnl_sa_get_spi(sa));
		/* Something else (a hard expiry) may have removed it meanwhile. */
		if (err < 0 && err != -ENOENT && first_err == 0)
			first_err = err;
	}
	nl_cache_free(cache);
	xb->nlarval = 0;
	return first_err;
}
