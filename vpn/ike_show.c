/* Data for `show crypto isakmp sa` / `show crypto ipsec sa` (cisco-outputs §1-§4): the
 * engine fills plain structs, the CLI lays them out per personality. */
#include <string.h>

#include "vpn/ikev1_int.h"

static uint32_t remaining_s(struct ike_engine *e, uint64_t start_ms, uint32_t life_s)
{
	uint64_t now = ev_now_ms(e->loop), end = start_ms + (uint64_t)life_s * 1000;

	return life_s && end > now ? (uint32_t)((end - now) / 1000) : 0;
}

static void ike_sa_fill(struct ike_sa *sa, struct ike_sa_info *i)
{
	struct ike_engine *e = sa->e;

	memset(i, 0, sizeof(*i));
	i->local = sa->local;
	i->peer = sa->remote;
	i->role = sa->initiator ? IKE_ROLE_INITIATOR : IKE_ROLE_RESPONDER;
	i->aggressive = sa->aggressive;
	i->state_asa = state_asa(sa);
	i->state_ios = state_ios(sa);
	i->established = sa->established;
	i->deleting = sa->deleting;
	i->rekeyed = sa->rekeyed;
	i->conn_id = sa->established ? sa->conn_id : 0;
	memcpy(i->cky_i, sa->cky_i, 8);
	memcpy(i->cky_r, sa->cky_r, 8);
	i->encr = sa->attrs.encr;
	i->key_bits = sa->attrs.key_bits;
	i->hash = sa->attrs.hash;
	i->auth = sa->attrs.auth;
	i->group = sa->attrs.group;
	i->encr_name = ike_encr_name(sa->attrs.encr, sa->attrs.key_bits);
	i->hash_name = ike_hash_name(sa->attrs.hash);
	i->lifetime_s = sa->life_s;
	i->remaining_s = sa->established ? remaining_s(e, sa->established_ms, sa->life_s) : 0;
	i->nat_t = sa->floated;
	i->nat_local = sa->nat_local;
	i->nat_remote = sa->nat_remote;
	i->dpd = sa->dpd_peer;
	for (struct ike_child *c = child_first_of_peer(e, sa->remote.addr); c; c = child_next_of_peer(c))
		i->ipsec_sa_count++;
}

void ike_engine_foreach_ike_sa(struct ike_engine *e, ike_sa_visit_fn fn, void *ctx)
{
	struct ike_sa_info info;

	for (struct ike_sa *sa = e->sa_first; sa; sa = sa->next) {
		ike_sa_fill(sa, &info);
		fn(ctx, &info);
	}
}

static void ipsec_sa_fill(struct ike_engine *e, struct ike_child *c, struct ipsec_sa_info *i)
{
	struct dataplane *dp = e->dp;

	memset(i, 0, sizeof(*i));
	i->map_name = c->conn->map_name;
	i->seq = c->conn->seq;
	i->reqid = c->conn->reqid;
	i->ifname = c->conn->ifname;
	i->local = c->local;
	i->peer = c->peer;
	i->local_port = c->ike_local_port;
	i->peer_port = c->ike_peer_port;
	i->sel = c->sel;
	i->spi_in = c->spi_in;
	i->spi_out = c->spi_out;
	i->esp_id = c->attrs.esp_id;
	i->key_bits = c->attrs.key_bits;
	i->auth_alg = c->attrs.auth_alg;
	p2_transform_names(&c->attrs, i->transform_asa, sizeof(i->transform_asa), i->transform_ios,
			   sizeof(i->transform_ios));
	i->mode = c->mode;
	i->udp_encap = c->encap_local != 0;
	i->encap_local = c->encap_local;
	i->encap_peer = c->encap_peer;
	i->pfs_group = c->pfs_group;
	i->lifetime_s = c->life_s;
	i->lifetime_kb = c->life_kb;
	i->remaining_s = remaining_s(e, c->established_ms, c->life_s);
	i->conn_id = c->conn_id;
	i->role = c->initiator ? IKE_ROLE_INITIATOR : IKE_ROLE_RESPONDER;
	i->rekeyed = c->replaced;
	i->have_counters = dp->ops->query_sa(dp, c->local, c->spi_in, &i->in) == 0 &&
			   dp->ops->query_sa(dp, c->peer, c->spi_out, &i->out) == 0;
	if (c->life_kb) {
		uint64_t used_kb = (i->in.bytes > i->out.bytes ? i->in.bytes : i->out.bytes) / 1024;
		i->remaining_kb = used_kb < c->life_kb ? c->life_kb - used_kb : 0;
	}
}

void ike_engine_foreach_ipsec_sa(struct ike_engine *e, ipsec_sa_visit_fn fn, void *ctx)
{
	struct ipsec_sa_info info;

	for (struct ike_child *c = e->child_first; c; c = c->next) {
		ipsec_sa_fill(e, c, &info);
		fn(ctx, &info);
	}
}
