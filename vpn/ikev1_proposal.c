/* Proposals: what the initiator offers, what the responder picks, and why nothing fit.
 *
 * Phase 1 (RFC 2409 §5, App. A). The initiator offers every IKE policy in priority
 * order as the transforms of one proposal (as IOS and strongSwan do). The responder
 * walks its own policies in priority order and takes the first one that an offered
 * transform matches (IOS: "Checking ISAKMP transform N against priority P policy").
 * Encryption (with key length), hash, authentication method and group must be equal.
 *
 * Lifetimes never make a transform unacceptable. Cisco's configuration guide says the
 * peer's lifetime must be "less than or equal to" ours, but devices behave otherwise:
 * IOS and the ASA accept a longer one, use the shorter of the two, and tell the
 * initiator with a RESPONDER-LIFETIME notify, which IOS honours ("processing responder
 * lifetime ... restart ike sa timer to 3600 secs", a real IOS 15 debug). strongSwan
 * ignores Phase-1 lifetimes when selecting. We accept, keep the shorter, and notify
 * when ours is shorter.
 *
 * Phase 2 (RFC 2407 §4.5). Each transform set is one proposal (IOS: "proposal part
 * #N"). The responder takes the first offered transform that one of the connection's
 * transform sets matches: ESP transform ID, key length, authentication algorithm,
 * mode, and the PFS group when `set pfs` is configured (without it, the initiator's PFS
 * is accepted, as on IOS). The SA lives the shorter of both lifetimes, in seconds and
 * in kilobytes; when ours is shorter (or the peer proposed none in kilobytes) QM2
 * carries RESPONDER-LIFETIME (ASA 713075/713076 "Overriding Initiator's IPSec rekeying
 * duration"). strongSwan as initiator adopts the lifetime of QM2's SA payload. */
#include <stdio.h>
#include <string.h>

#include "crypto/cipher.h"
#include "crypto/dh.h"
#include "crypto/prf.h"
#include "vpn/ikev1_int.h"

/* ---- Phase 1 ------------------------------------------------------------------------- */

/* Life Duration follows its Life Type (RFC 2409 App. A): each pair names its unit. */
static void life_attr(uint64_t value, uint16_t life_type, uint32_t *secs, uint64_t *kb)
{
	if (life_type == ISAKMP_LIFE_SECONDS)
		*secs = value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
	else if (life_type == ISAKMP_LIFE_KILOBYTES)
		*kb = value;
}

int p1_attrs_read(const struct isakmp_transform *t, struct p1_attrs *out)
{
	uint16_t life_type = 0;

	memset(out, 0, sizeof(*out));
	if (t->id != ISAKMP_KEY_IKE)
		out->bad = true;
	for (unsigned i = 0; i < t->n_attrs; i++) {
		const struct isakmp_attr *a = &t->attrs[i];
		uint64_t v = a->is_int ? a->value : 0;
		switch (a->type) {
		case OAKLEY_ATTR_ENCR: out->encr = (uint16_t)v; break;
		case OAKLEY_ATTR_KEY_LENGTH: out->key_bits = (uint16_t)v; break;
		case OAKLEY_ATTR_HASH: out->hash = (uint16_t)v; break;
		case OAKLEY_ATTR_AUTH: out->auth = (uint16_t)v; break;
		case OAKLEY_ATTR_GROUP_DESC: out->group = (uint16_t)v; break;
		case OAKLEY_ATTR_LIFE_TYPE: life_type = (uint16_t)v; break;
		case OAKLEY_ATTR_LIFE_DURATION: life_attr(v, life_type, &out->life_s, &out->life_kb); break;
		case OAKLEY_ATTR_GROUP_TYPE: case OAKLEY_ATTR_GROUP_PRIME: case OAKLEY_ATTR_GROUP_GEN1:
		case OAKLEY_ATTR_GROUP_GEN2: case OAKLEY_ATTR_GROUP_CURVE_A: case OAKLEY_ATTR_GROUP_CURVE_B:
		case OAKLEY_ATTR_PRF: case OAKLEY_ATTR_FIELD_SIZE: case OAKLEY_ATTR_GROUP_ORDER:
			out->bad = true;    /* private groups and explicit PRFs: not offered by us */
			break;
		default:
			break;
		}
	}
	return out->bad ? -1 : 0;
}

/* AES without Key Length is AES-128 (early RFC 3602 drafts; strongSwan too). */
static uint16_t p1_key_bits(uint16_t encr, uint16_t bits)
{
	return encr == OAKLEY_ENCR_AES_CBC && bits == 0 ? 128 : (encr == OAKLEY_ENCR_AES_CBC ? bits : 0);
}

static unsigned p1_compare(const struct vpn_ike_policy *pol, const struct p1_attrs *a, bool psk_available)
{
	unsigned mask = 0;

	if (a->bad || !cipher_by_ike(a->encr, a->key_bits) || !prf_by_ike_hash(a->hash) ||
	    !dh_group_supported(a->group))
		mask |= P1_MIS_UNSUPPORTED;
	if (pol->enc != a->encr)
		mask |= P1_MIS_ENCR;
	else if (p1_key_bits(pol->enc, pol->key_bits) != p1_key_bits(a->encr, a->key_bits))
		mask |= P1_MIS_KEYLEN;
	if (pol->hash != a->hash)
		mask |= P1_MIS_HASH;
	if (pol->auth != a->auth)
		mask |= P1_MIS_AUTH;
	else if (a->auth == OAKLEY_AUTH_PSK && !psk_available)
		mask |= P1_MIS_NO_PSK;
	if (pol->group != a->group)
		mask |= P1_MIS_GROUP;
	return mask;
}

static void p1_choose(struct p1_choice *out, const struct vpn_ike_policy *pol, const struct isakmp_proposal *p,
		      const struct isakmp_transform *t, const struct p1_attrs *a)
{
	memset(out, 0, sizeof(*out));
	out->proposal_no = p->number;
	out->transform_no = t->number;
	out->priority = pol->priority;
	out->attrs = *a;
	out->t = t;
	if (pol->lifetime_s && (!a->life_s || a->life_s > pol->lifetime_s)) {
		out->life_s = pol->lifetime_s;
		out->responder_lifetime = true;
	} else {
		out->life_s = a->life_s;
	}
}

int p1_select(const struct vpn_config *cfg, const struct isakmp_sa *offer, bool psk_available,
	      uint16_t require_group, struct p1_choice *out, struct p1_report *report)
{
	memset(report, 0, sizeof(*report));
	report->n_offered = offer->n_transforms;
	for (size_t i = 0; i < cfg->npolicies; i++) {
		const struct vpn_ike_policy *pol = &cfg->policies[i];
		struct p1_mismatch best = { .priority = pol->priority, .policy = *pol, .mask = ~0u };
		for (unsigned pi = 0; pi < offer->n_proposals; pi++) {
			const struct isakmp_proposal *p = &offer->proposals[pi];
			for (unsigned ti = 0; p->protocol == ISAKMP_PROTO_ISAKMP && ti < p->n_transforms; ti++) {
				const struct isakmp_transform *t = isakmp_proposal_transform(offer, p, ti);
				struct p1_attrs a;
				p1_attrs_read(t, &a);
				unsigned mask = p1_compare(pol, &a, psk_available);
				if (require_group && a.group != require_group)
					mask |= P1_MIS_GROUP;
				if (mask == 0) {
					p1_choose(out, pol, p, t, &a);
					return 0;
				}
				if (__builtin_popcount(mask) < __builtin_popcount(best.mask)) {
					best.mask = mask;
					best.transform_no = t->number;
					best.offered = a;
				}
			}
		}
		if (report->n < ARRAY_SIZE(report->m))
			report->m[report->n++] = best;
	}
	return -1;
}

static void p1_add_transform(struct isakmp_builder *b, uint8_t number, const struct vpn_ike_policy *pol)
{
	size_t t = isakmp_build_transform_begin(b, number, ISAKMP_KEY_IKE);

	isakmp_build_attr(b, OAKLEY_ATTR_ENCR, pol->enc);
	if (pol->enc == OAKLEY_ENCR_AES_CBC)
		isakmp_build_attr(b, OAKLEY_ATTR_KEY_LENGTH, pol->key_bits ? pol->key_bits : 128);
	isakmp_build_attr(b, OAKLEY_ATTR_HASH, pol->hash);
	isakmp_build_attr(b, OAKLEY_ATTR_GROUP_DESC, pol->group);
	isakmp_build_attr(b, OAKLEY_ATTR_AUTH, pol->auth);
	if (pol->lifetime_s) {
		isakmp_build_attr(b, OAKLEY_ATTR_LIFE_TYPE, ISAKMP_LIFE_SECONDS);
		isakmp_build_attr(b, OAKLEY_ATTR_LIFE_DURATION, pol->lifetime_s);
	}
	isakmp_build_transform_end(b, t);
}

/* A policy we can actually run (DES needs OpenSSL's legacy provider). */
static bool p1_policy_usable(const struct vpn_ike_policy *pol)
{
	return cipher_by_ike(pol->enc, pol->key_bits) && prf_by_ike_hash(pol->hash) &&
	       dh_group_supported(pol->group) && pol->auth == OAKLEY_AUTH_PSK;
}

uint16_t p1_offer_group(const struct vpn_config *cfg)
{
	for (size_t i = 0; i < cfg->npolicies; i++)
		if (p1_policy_usable(&cfg->policies[i]))
			return cfg->policies[i].group;
	return 0;
}

static bool p1_offered(const struct vpn_config *cfg, bool aggressive, const struct vpn_ike_policy *pol)
{
	/* One KE in AM1: every transform must be of the group that KE is for. */
	return p1_policy_usable(pol) && (!aggressive || pol->group == p1_offer_group(cfg));
}

void p1_build_offer(struct isakmp_builder *b, const struct vpn_config *cfg, bool aggressive)
{
	size_t sa = isakmp_build_sa_begin(b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	size_t p = isakmp_build_proposal_begin(b, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	uint8_t number = 0;

	for (size_t i = 0; i < cfg->npolicies && number < 255; i++)
		if (p1_offered(cfg, aggressive, &cfg->policies[i]))
			p1_add_transform(b, ++number, &cfg->policies[i]);
	isakmp_build_proposal_end(b, p);
	isakmp_build_sa_end(b, sa);
}

int p1_check_reply(const struct vpn_config *cfg, bool aggressive, const struct isakmp_sa *reply,
		   struct p1_choice *out)
{
	const struct isakmp_proposal *p = &reply->proposals[0];
	struct p1_attrs a;

	/* RFC 2408 §4.2: exactly one proposal with exactly one transform. */
	if (reply->n_proposals != 1 || p->n_transforms != 1 || p->protocol != ISAKMP_PROTO_ISAKMP)
		return -1;
	const struct isakmp_transform *t = isakmp_proposal_transform(reply, p, 0);
	if (p1_attrs_read(t, &a) < 0)
		return -1;
	for (size_t i = 0; i < cfg->npolicies; i++) {
		const struct vpn_ike_policy *pol = &cfg->policies[i];
		if (!p1_offered(cfg, aggressive, pol) || p1_compare(pol, &a, true) != 0)
			continue;
		p1_choose(out, pol, p, t, &a);
		out->responder_lifetime = false;
		/* The responder echoes our lifetime; a shorter one arrives as RESPONDER-LIFETIME. */
		out->life_s = a.life_s ? a.life_s : pol->lifetime_s;
		return 0;
	}
	return -1;
}

/* Echo one attribute as received: TV stays TV, a TLV keeps its length. */
static void attr_echo(struct isakmp_builder *b, const struct isakmp_attr *a)
{
	if (a->tv)
		isakmp_build_attr(b, a->type, a->value);
	else
		isakmp_build_attr_bytes(b, a->type, a->ptr, a->len);
}

static void transform_echo(struct isakmp_builder *b, const struct isakmp_transform *t)
{
	size_t to = isakmp_build_transform_begin(b, t->number, t->id);

	for (unsigned i = 0; i < t->n_attrs; i++)
		attr_echo(b, &t->attrs[i]);
	isakmp_build_transform_end(b, to);
}

void p1_build_reply(struct isakmp_builder *b, const struct p1_choice *c)
{
	size_t sa = isakmp_build_sa_begin(b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	size_t p = isakmp_build_proposal_begin(b, c->proposal_no, ISAKMP_PROTO_ISAKMP, NULL, 0);

	transform_echo(b, c->t);
	isakmp_build_proposal_end(b, p);
	isakmp_build_sa_end(b, sa);
}

/* ---- Phase 2 --------------------------------------------------------------------------- */

int p2_attrs_read(const struct isakmp_transform *t, struct p2_attrs *out)
{
	uint16_t life_type = 0;
	bool any_life = false;

	memset(out, 0, sizeof(*out));
	out->esp_id = t->id;
	for (unsigned i = 0; i < t->n_attrs; i++) {
		const struct isakmp_attr *a = &t->attrs[i];
		uint64_t v = a->is_int ? a->value : 0;
		switch (a->type) {
		case IPSEC_ATTR_LIFE_TYPE: life_type = (uint16_t)v; any_life = true; break;
		case IPSEC_ATTR_LIFE_DURATION: life_attr(v, life_type, &out->life_s, &out->life_kb); break;
		case IPSEC_ATTR_GROUP_DESC: out->group = (uint16_t)v; break;
		case IPSEC_ATTR_ENCAP_MODE: out->encap = (uint16_t)v; break;
		case IPSEC_ATTR_AUTH_ALG: out->auth_alg = (uint16_t)v; break;
		case IPSEC_ATTR_KEY_LENGTH: out->key_bits = (uint16_t)v; break;
		case IPSEC_ATTR_ESN:
			if (v)
				out->bad = true;     /* no extended sequence numbers in the data plane */
			break;
		case IPSEC_ATTR_KEY_ROUNDS: case IPSEC_ATTR_COMP_DICT_SIZE: case IPSEC_ATTR_COMP_PRIVATE_ALG:
			out->bad = true;
			break;
		default:
			break;
		}
	}
	if (!out->encap)
		out->encap = IPSEC_ENCAP_TUNNEL;   /* RFC 2407 §4.5: unspecified is host-dependent; tunnel for gateways */
	if (!any_life)
		out->life_s = IPSEC_DEFAULT_LIFE_SECONDS;   /* RFC 2407 §4.5 */
	return out->bad ? -1 : 0;
}

enum dp_enc p2_dp_enc(uint8_t esp_id)
{
	switch (esp_id) {
	case ESP_3DES: return DP_ENC_3DES;
	case ESP_DES: return DP_ENC_DES;
	case ESP_AES: return DP_ENC_AES_CBC;
	case ESP_AES_GCM_16: return DP_ENC_AES_GCM16;
	case ESP_NULL: return DP_ENC_NULL;
	default: return (enum dp_enc)-1;
	}
}

enum dp_auth p2_dp_auth(uint16_t auth_alg)
{
	switch (auth_alg) {
	case 0: return DP_AUTH_NONE;
	case IPSEC_AUTH_HMAC_MD5: return DP_AUTH_HMAC_MD5_96;
	case IPSEC_AUTH_HMAC_SHA1: return DP_AUTH_HMAC_SHA1_96;
	case IPSEC_AUTH_HMAC_SHA2_256: return DP_AUTH_HMAC_SHA256_128;
	case IPSEC_AUTH_HMAC_SHA2_384: return DP_AUTH_HMAC_SHA384_192;
	case IPSEC_AUTH_HMAC_SHA2_512: return DP_AUTH_HMAC_SHA512_256;
	default: return (enum dp_auth)-1;
	}
}

enum dp_mode p2_mode(uint16_t encap, bool *udp)
{
	*udp = encap == IPSEC_ENCAP_UDP_TUNNEL || encap == IPSEC_ENCAP_UDP_TRANSPORT ||
	       encap == IPSEC_ENCAP_UDP_TUNNEL_DRAFT || encap == IPSEC_ENCAP_UDP_TRANSPORT_DRAFT ||
	       encap == IPSEC_ENCAP_UDP_TUNNEL_CHECKPOINT;
	return encap == IPSEC_ENCAP_TRANSPORT || encap == IPSEC_ENCAP_UDP_TRANSPORT ||
	       encap == IPSEC_ENCAP_UDP_TRANSPORT_DRAFT ? DP_MODE_TRANSPORT : DP_MODE_TUNNEL;
}

static bool esp_has_keylen(uint8_t esp_id)
{
	return esp_id == ESP_AES || esp_id == ESP_AES_GCM_16;
}

static uint16_t p2_key_bits(uint8_t esp_id, uint16_t bits)
{
	return esp_has_keylen(esp_id) ? (bits ? bits : 128) : 0;
}

int p2_key_lengths(const struct p2_attrs *a, size_t *enc_len, size_t *auth_len)
{
	static const size_t auth_keys[] = { [IPSEC_AUTH_HMAC_MD5] = 16, [IPSEC_AUTH_HMAC_SHA1] = 20,
		[IPSEC_AUTH_HMAC_SHA2_256] = 32, [IPSEC_AUTH_HMAC_SHA2_384] = 48, [IPSEC_AUTH_HMAC_SHA2_512] = 64 };
	uint16_t bits = p2_key_bits(a->esp_id, a->key_bits);

	switch (a->esp_id) {
	case ESP_3DES: *enc_len = 24; break;
	case ESP_DES: *enc_len = 8; break;
	case ESP_NULL: *enc_len = 0; break;
	case ESP_AES: *enc_len = bits / 8u; break;
	case ESP_AES_GCM_16: *enc_len = bits / 8u + 4; break;   /* RFC 4106 §8.1: key | 4-byte salt */
	default: return -1;
	}
	if (bits && bits != 128 && bits != 192 && bits != 256)
		return -1;
	if (a->auth_alg >= ARRAY_SIZE(auth_keys) || (a->auth_alg && !auth_keys[a->auth_alg]))
		return -1;
	*auth_len = a->auth_alg ? auth_keys[a->auth_alg] : 0;
	return 0;
}

/* A combination the data plane can run: AEAD without, anything else with integrity. */
static bool p2_supported(const struct p2_attrs *a)
{
	size_t enc, auth;

	if (a->bad || (int)p2_dp_enc(a->esp_id) < 0 || (int)p2_dp_auth(a->auth_alg) < 0 ||
	    p2_key_lengths(a, &enc, &auth) < 0)
		return false;
	if (a->esp_id == ESP_AES_GCM_16 ? a->auth_alg != 0 : a->auth_alg == 0)
		return false;
	return !a->group || dh_group_supported(a->group);
}

static unsigned p2_compare(const struct vpn_conn *conn, const struct vpn_transform_set *ts,
			   const struct p2_attrs *a)
{
	unsigned mask = 0;
	bool udp;

	if (!p2_supported(a))
		mask |= P2_MIS_UNSUPPORTED;
	if (ts->esp_id != a->esp_id)
		mask |= P2_MIS_TRANSFORM;
	else if (p2_key_bits(ts->esp_id, ts->key_bits) != p2_key_bits(a->esp_id, a->key_bits))
		mask |= P2_MIS_KEYLEN;
	if (ts->auth_alg != a->auth_alg)
		mask |= P2_MIS_AUTH;
	if (p2_mode(a->encap, &udp) != ts->mode)
		mask |= P2_MIS_MODE;
	/* `set pfs`: the group must be offered and equal. Without it the initiator's
	 * PFS is accepted (IOS does the same). */
	if (conn->pfs_group && a->group != conn->pfs_group)
		mask |= P2_MIS_PFS;
	return mask;
}

static void p2_choose(struct p2_choice *out, const struct vpn_transform_set *ts, const struct isakmp_proposal *p,
		      const struct isakmp_transform *t, const struct p2_attrs *a)
{
	memset(out, 0, sizeof(*out));
	out->ts = ts;
	out->proposal_no = p->number;
	out->peer_spi = p->spi_size == 4 ? be32_get(p->spi) : 0;
	out->attrs = *a;
	out->t = t;
	out->mode = p2_mode(a->encap, &out->udp_encap);
}

/* Proposals sharing a number are one AND bundle (RFC 2408 §4.2): we do ESP alone, so
 * a bundle with AH or IPComp is not something we can accept in part. */
static bool p2_single_esp(const struct isakmp_sa *offer, const struct isakmp_proposal *p)
{
	if (p->protocol != ISAKMP_PROTO_ESP || p->spi_size != 4)
		return false;
	for (unsigned i = 0; i < offer->n_proposals; i++)
		if (&offer->proposals[i] != p && offer->proposals[i].number == p->number)
			return false;
	return true;
}

int p2_select(const struct vpn_conn *conn, const struct isakmp_sa *offer, struct p2_choice *out,
	      struct p2_report *report)
{
	memset(report, 0, sizeof(*report));
	report->n_offered = offer->n_transforms;
	for (size_t k = 0; k < conn->ntsets && k < ARRAY_SIZE(report->m); k++)
		report->m[k] = (struct p2_mismatch){ .ts = &conn->tsets[k], .mask = ~0u, .pfs_wanted = conn->pfs_group };
	report->n = conn->ntsets < ARRAY_SIZE(report->m) ? (unsigned)conn->ntsets : ARRAY_SIZE(report->m);
	/* The initiator's order is its preference. */
	for (unsigned pi = 0; pi < offer->n_proposals; pi++) {
		const struct isakmp_proposal *p = &offer->proposals[pi];
		bool single = p2_single_esp(offer, p);
		for (unsigned ti = 0; ti < p->n_transforms; ti++) {
			const struct isakmp_transform *t = isakmp_proposal_transform(offer, p, ti);
			struct p2_attrs a;
			p2_attrs_read(t, &a);
			for (unsigned k = 0; k < report->n; k++) {
				unsigned mask = p2_compare(conn, &conn->tsets[k], &a) | (single ? 0 : P2_MIS_PROTOCOL);
				if (mask == 0) {
					p2_choose(out, &conn->tsets[k], p, t, &a);
					return 0;
				}
				struct p2_mismatch *m = &report->m[k];
				if (__builtin_popcount(mask) < __builtin_popcount(m->mask)) {
					m->mask = mask;
					m->proposal_no = p->number;
					m->transform_no = t->number;
					m->offered = a;
				}
			}
		}
	}
	return -1;
}

static uint16_t encap_mode(enum dp_mode mode, enum natt_ver natt)
{
	if (natt == NATT_NONE)
		return mode == DP_MODE_TRANSPORT ? IPSEC_ENCAP_TRANSPORT : IPSEC_ENCAP_TUNNEL;
	if (natt == NATT_RFC)
		return mode == DP_MODE_TRANSPORT ? IPSEC_ENCAP_UDP_TRANSPORT : IPSEC_ENCAP_UDP_TUNNEL;
	return mode == DP_MODE_TRANSPORT ? IPSEC_ENCAP_UDP_TRANSPORT_DRAFT : IPSEC_ENCAP_UDP_TUNNEL_DRAFT;
}

static void p2_add_transform(struct isakmp_builder *b, const struct vpn_conn *conn,
			     const struct vpn_transform_set *ts, const struct p2_offer_params *op)
{
	size_t t = isakmp_build_transform_begin(b, 1, (uint8_t)ts->esp_id);

	/* IOS proposes both limits, seconds and kilobytes, as two Life-Type pairs. */
	isakmp_build_attr(b, IPSEC_ATTR_LIFE_TYPE, ISAKMP_LIFE_SECONDS);
	isakmp_build_attr(b, IPSEC_ATTR_LIFE_DURATION, op->life_s);
	if (op->life_kb) {
		isakmp_build_attr(b, IPSEC_ATTR_LIFE_TYPE, ISAKMP_LIFE_KILOBYTES);
		isakmp_build_attr(b, IPSEC_ATTR_LIFE_DURATION, op->life_kb);
	}
	if (conn->pfs_group)
		isakmp_build_attr(b, IPSEC_ATTR_GROUP_DESC, conn->pfs_group);
	isakmp_build_attr(b, IPSEC_ATTR_ENCAP_MODE, encap_mode(ts->mode, op->natt));
	if (ts->auth_alg)
		isakmp_build_attr(b, IPSEC_ATTR_AUTH_ALG, ts->auth_alg);
	if (esp_has_keylen((uint8_t)ts->esp_id))
		isakmp_build_attr(b, IPSEC_ATTR_KEY_LENGTH, ts->key_bits ? ts->key_bits : 128);
	isakmp_build_transform_end(b, t);
}

void p2_build_offer(struct isakmp_builder *b, const struct vpn_conn *conn, const struct p2_offer_params *op)
{
	size_t sa = isakmp_build_sa_begin(b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	uint8_t spi[4];

	be32_put(spi, op->spi);
	for (size_t k = 0; k < conn->ntsets; k++) {
		size_t p = isakmp_build_proposal_begin(b, (uint8_t)(k + 1), ISAKMP_PROTO_ESP, spi, 4);
		p2_add_transform(b, conn, &conn->tsets[k], op);
		isakmp_build_proposal_end(b, p);
	}
	isakmp_build_sa_end(b, sa);
}

int p2_check_reply(const struct vpn_conn *conn, const struct isakmp_sa *reply, struct p2_choice *out)
{
	const struct isakmp_proposal *p = &reply->proposals[0];
	struct p2_attrs a;

	if (reply->n_proposals != 1 || p->n_transforms != 1 || p->protocol != ISAKMP_PROTO_ESP ||
	    p->spi_size != 4 || p->number < 1 || p->number > conn->ntsets)
		return -1;
	const struct isakmp_transform *t = isakmp_proposal_transform(reply, p, 0);
	p2_attrs_read(t, &a);
	/* Our proposal N was transform set N. */
	const struct vpn_transform_set *ts = &conn->tsets[p->number - 1];
	if (p2_compare(conn, ts, &a) != 0 || a.group != conn->pfs_group)
		return -1;
	p2_choose(out, ts, p, t, &a);
	return 0;
}

void p2_build_reply(struct isakmp_builder *b, const struct p2_choice *c, uint32_t our_spi)
{
	size_t sa = isakmp_build_sa_begin(b, ISAKMP_DOI_IPSEC, IPSEC_SIT_IDENTITY_ONLY);
	uint8_t spi[4];

	be32_put(spi, our_spi);
	size_t p = isakmp_build_proposal_begin(b, c->proposal_no, ISAKMP_PROTO_ESP, spi, 4);
	transform_echo(b, c->t);
	isakmp_build_proposal_end(b, p);
	isakmp_build_sa_end(b, sa);
}

/* ASA spells transforms as configured ("esp-aes-256"), IOS shows "esp-256-aes". */
void p2_transform_names(const struct p2_attrs *a, char *asa, size_t asa_len, char *ios, size_t ios_len)
{
	static const char *const auth_names[] = { [IPSEC_AUTH_HMAC_MD5] = "esp-md5-hmac",
		[IPSEC_AUTH_HMAC_SHA1] = "esp-sha-hmac", [IPSEC_AUTH_HMAC_SHA2_256] = "esp-sha256-hmac",
		[IPSEC_AUTH_HMAC_SHA2_384] = "esp-sha384-hmac", [IPSEC_AUTH_HMAC_SHA2_512] = "esp-sha512-hmac" };
	uint16_t bits = p2_key_bits(a->esp_id, a->key_bits);
	const char *auth = a->auth_alg < ARRAY_SIZE(auth_names) && auth_names[a->auth_alg] ?
			   auth_names[a->auth_alg] : NULL;
	char enc_asa[24], enc_ios[24];

	switch (a->esp_id) {
	case ESP_3DES: strcpy(enc_asa, "esp-3des"); strcpy(enc_ios, "esp-3des"); break;
	case ESP_DES: strcpy(enc_asa, "esp-des"); strcpy(enc_ios, "esp-des"); break;
	case ESP_NULL: strcpy(enc_asa, "esp-null"); strcpy(enc_ios, "esp-null"); break;
	case ESP_AES:
		if (bits == 128) {
			strcpy(enc_asa, "esp-aes");
			strcpy(enc_ios, "esp-aes");
		} else {
			snprintf(enc_asa, sizeof(enc_asa), "esp-aes-%u", bits);
			snprintf(enc_ios, sizeof(enc_ios), "esp-%u-aes", bits);
		}
		break;
	case ESP_AES_GCM_16:
		if (bits == 128)
			strcpy(enc_asa, "esp-aes-gcm");
		else
			snprintf(enc_asa, sizeof(enc_asa), "esp-aes-gcm-%u", bits);
		snprintf(enc_ios, sizeof(enc_ios), "esp-gcm %u", bits);
		break;
	default:
		snprintf(enc_asa, sizeof(enc_asa), "esp-%u", a->esp_id);
		snprintf(enc_ios, sizeof(enc_ios), "esp-%u", a->esp_id);
		break;
	}
	snprintf(asa, asa_len, "%s%s%s", enc_asa, auth ? " " : "", auth ? auth : "");
	snprintf(ios, ios_len, "%s%s%s", enc_ios, auth ? " " : "", auth ? auth : "");
}
