/* NAT traversal negotiation (RFC 3947) and the vendor IDs exchanged in the first two
 * Phase-1 messages. NAT-D (RFC 3947 §3.2) = hash(CKY-I | CKY-R | IP | port) with the
 * negotiated hash; the first NAT-D names the receiver, the others the sender. */
#include <string.h>

#include "vpn/ikev1_int.h"

static const struct {
	enum natt_ver ver;
	enum isakmp_vid_kind vid;
} natt_vids[] = {
	/* strongSwan's order of preference: RFC > draft-03 > draft-02 > draft-02\n */
	{ NATT_RFC, VID_NATT_RFC3947 },
	{ NATT_DRAFT_03, VID_NATT_DRAFT_03 },
	{ NATT_DRAFT_02, VID_NATT_DRAFT_02 },
	{ NATT_DRAFT_02N, VID_NATT_DRAFT_02N },
};

static void add_vid(struct isakmp_builder *b, enum isakmp_vid_kind kind)
{
	const uint8_t *vid;
	size_t len;

	isakmp_vid_bytes(kind, &vid, &len);
	isakmp_build_payload(b, ISAKMP_PL_VID, vid, len);
}

void vid_add_ours(struct isakmp_builder *b, enum natt_ver natt_reply, bool natt_enabled, bool responder)
{
	for (size_t i = 0; i < ARRAY_SIZE(natt_vids); i++) {
		if (!natt_enabled)
			break;
		/* A responder names only the version it picked from the initiator's list. */
		if (!responder || natt_vids[i].ver == natt_reply)
			add_vid(b, natt_vids[i].vid);
	}
	add_vid(b, VID_DPD);     /* RFC 3706 §5.1: both peers announce DPD */
}

void vid_read(struct ike_sa *sa, const struct isakmp_msg *m)
{
	enum natt_ver best = NATT_NONE;

	for (unsigned i = 0; i < m->n_vid; i++) {
		enum isakmp_vid_kind kind = isakmp_vid_classify(m->vid[i].body, m->vid[i].body_len);
		if (kind == VID_DPD)
			sa->dpd_peer = true;
		for (size_t k = 0; k < ARRAY_SIZE(natt_vids); k++)
			if (natt_vids[k].vid == kind && natt_vids[k].ver > best)
				best = natt_vids[k].ver;
	}
	sa->natt = best;
}

uint8_t natt_natd_type(enum natt_ver v)
{
	return v == NATT_RFC ? ISAKMP_PL_NATD : ISAKMP_PL_NATD_DRAFT;
}

static void natd_hash(const struct ike_sa *sa, const struct ike_endpoint *ep, uint8_t *out)
{
	uint8_t port[2];

	be16_put(port, ep->port);
	hash_chunks(sa->prf, CHUNKS(CHUNK(sa->cky_i, 8), CHUNK(sa->cky_r, 8), CHUNK(&ep->addr, 4),
				     CHUNK(port, 2)), out);
}

void natd_add(struct isakmp_builder *b, struct ike_sa *sa)
{
	uint8_t h[PRF_MAX_LEN];
	size_t len = prf_len(sa->prf);

	if (sa->natt == NATT_NONE)
		return;
	natd_hash(sa, &sa->remote, h);
	isakmp_build_payload(b, natt_natd_type(sa->natt), h, len);
	natd_hash(sa, &sa->local, h);
	isakmp_build_payload(b, natt_natd_type(sa->natt), h, len);
}

void natd_check(struct ike_sa *sa, const struct isakmp_msg *m, const struct ike_endpoint *local,
		const struct ike_endpoint *remote)
{
	uint8_t ours[PRF_MAX_LEN], theirs[PRF_MAX_LEN];
	size_t len = prf_len(sa->prf);
	bool peer_seen = false;

	if (sa->natt == NATT_NONE || m->n_natd < 2)
		return;
	natd_hash(sa, local, ours);
	natd_hash(sa, remote, theirs);
	/* Our address as the peer saw it differs from ours: we are behind a NAT. */
	sa->nat_local = m->natd[0].body_len != len || memcmp(m->natd[0].body, ours, len) != 0;
	for (unsigned i = 1; i < m->n_natd; i++)
		if (m->natd[i].body_len == len && memcmp(m->natd[i].body, theirs, len) == 0)
			peer_seen = true;
	/* None of the peer's own addresses is where its packet came from: it is behind a
	 * NAT, or pretends to be (strongSwan's kernel-libipsec fakes NAT-D to force UDP
	 * encapsulation; libreswan's encapsulation=yes does the same). */
	sa->nat_remote = !peer_seen;
	ike_dbg(sa, "NAT-D: %s, %s", sa->nat_local ? "we are behind a NAT" : "no NAT in front of us",
		sa->nat_remote ? "peer behind a NAT" : "no NAT in front of the peer");
}

void natt_float(struct ike_sa *sa)
{
	if (sa->floated || !(sa->nat_local || sa->nat_remote))
		return;
	/* RFC 3947 §4: the initiator moves to 4500 with MM5/AM3; everything after follows. */
	sa->local.port = sa->e->ports.natt;
	sa->remote.port = sa->e->ports.natt;
	sa->floated = true;
	ike_dbg(sa, "NAT-T: floating to port %u", sa->e->ports.natt);
}
