/* Vendor ID payloads (reference §9: bytes verified by recomputing the MD5s).
 * Some VIDs carry a version or capability tail, so each entry says how many
 * leading bytes identify it and how long a received VID may be. */
#include <string.h>

#include "vpn/codec_int.h"

struct vid_def {
	enum isakmp_vid_kind kind;
	const char *name;
	const uint8_t *bytes;   /* what we send */
	uint8_t len;
	uint8_t match_len;      /* leading bytes compared */
	uint8_t max_len;        /* longest accepted on receipt */
};

#define VID(k, n, s, m, x) { k, n, (const uint8_t *)(s), sizeof(s) - 1, m, x }

static const struct vid_def vid_table[] = {
	VID(VID_NATT_RFC3947, "RFC 3947 NAT-T",
	    "\x4a\x13\x1c\x81\x07\x03\x58\x45\x5c\x57\x28\xf2\x0e\x95\x45\x2f", 16, 16),
	VID(VID_NATT_DRAFT_03, "draft-ietf-ipsec-nat-t-ike-03",
	    "\x7d\x94\x19\xa6\x53\x10\xca\x6f\x2c\x17\x9d\x92\x15\x52\x9d\x56", 16, 16),
	VID(VID_NATT_DRAFT_02, "draft-ietf-ipsec-nat-t-ike-02",
	    "\xcd\x60\x46\x43\x35\xdf\x21\xf8\x7c\xfd\xb2\xfc\x68\xb6\xa4\x48", 16, 16),
	VID(VID_NATT_DRAFT_02N, "draft-ietf-ipsec-nat-t-ike-02\\n",
	    "\x90\xcb\x80\x91\x3e\xbb\x69\x6e\x08\x63\x81\xb5\xec\x42\x7b\x1f", 16, 16),
	VID(VID_NATT_DRAFT_00, "draft-ietf-ipsec-nat-t-ike-00",
	    "\x44\x85\x15\x2d\x18\xb6\xbb\xcd\x0b\xe8\xa8\x46\x95\x79\xdd\xcc", 16, 16),
	VID(VID_NATT_DRAFT_01, "draft-ietf-ipsec-nat-t-ike-01",
	    "\x16\xf6\xca\x16\xe4\xa4\x06\x6d\x83\x82\x1a\x0f\x0a\xea\xa8\x62", 16, 16),
	/* RFC 3706: the last two bytes are the version (1.0). */
	VID(VID_DPD, "Dead Peer Detection",
	    "\xaf\xca\xd7\x13\x68\xa1\xf1\xc9\x6b\x86\x96\xfc\x77\x57\x01\x00", 14, 16),
	VID(VID_XAUTH, "XAUTH", "\x09\x00\x26\x89\xdf\xd6\xb7\x12", 8, 8),
	/* MD5("CISCO-UNITY") with the last two bytes replaced by major 1, minor 0. */
	VID(VID_CISCO_UNITY, "Cisco Unity",
	    "\x12\xf5\xf2\x8c\x45\x71\x68\xa9\x70\x2d\x9f\xe2\x74\xcc\x01\x00", 14, 16),
	/* §17: optionally followed by a 4-byte capability word. */
	VID(VID_FRAGMENTATION, "FRAGMENTATION",
	    "\x40\x48\xb7\xd5\x6e\xbc\xe8\x85\x25\xe7\xde\x7f\x00\xd6\xc2\xd3", 16, 20),
	VID(VID_STRONGSWAN, "strongSwan",
	    "\x88\x2f\xe5\x6d\x6f\xd2\x0d\xbc\x22\x51\x61\x3b\x2e\xbe\x5b\xeb", 16, 16),
	/* First 14 bytes of MD5("ALTIGA GATEWAY"), then two version bytes we do not know. */
	VID(VID_CISCO_CONCENTRATOR, "Cisco VPN Concentrator",
	    "\x1f\x07\xf7\x0e\xaa\x65\x14\xd3\xb0\xfa\x96\x54\x2a\x50", 14, 16),
	VID(VID_CISCO_IOS, "Cisco IOS", "\x3e\x98\x40\x48", 4, 16),
	VID(VID_CISCO_VPN3000_CLIENT, "Cisco VPN 3000 client",
	    "\xf6\xf7\xef\xc7\xf5\xae\xb8\xcb\x15\x8c\xb9\xd0\x94\xba\x69\xe7", 16, 16),
	VID(VID_CISCOVPN_REV_02, "CISCOVPN-REV-02", "CISCOVPN-REV-02", 15, 15),
	VID(VID_CISCO_DELETE_REASON, "CISCO-DELETE-REASON", "CISCO-DELETE-REASON", 19, 19),
	VID(VID_CISCO_DYNAMIC_ROUTE, "CISCO-DYNAMIC-ROUTE", "CISCO-DYNAMIC-ROUTE", 19, 19),
	VID(VID_FLEXVPN_SUPPORTED, "FLEXVPN-SUPPORTED", "FLEXVPN-SUPPORTED", 17, 17),
	/* MD5("MS NT5 ISAKMPOAKLEY") + 4-byte Windows version. */
	VID(VID_MS_NT5, "Microsoft Windows",
	    "\x1e\x2b\x51\x69\x05\x99\x1c\x7d\x7c\x96\xfc\xbf\xb5\x87\xe4\x61", 16, 20),
	VID(VID_KAME, "KAME/racoon",
	    "\x70\x03\xcb\xc1\x09\x7d\xbe\x9c\x26\x00\xba\x69\x83\xbc\x8b\x35", 16, 16),
};

static const struct vid_def *vid_def(enum isakmp_vid_kind kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(vid_table); i++)
		if (vid_table[i].kind == kind)
			return &vid_table[i];
	return NULL;
}

enum isakmp_vid_kind isakmp_vid_classify(const uint8_t *vid, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(vid_table); i++) {
		const struct vid_def *d = &vid_table[i];
		if (len >= d->match_len && len <= d->max_len && memcmp(vid, d->bytes, d->match_len) == 0)
			return d->kind;
	}
	return VID_UNKNOWN;
}

void isakmp_vid_bytes(enum isakmp_vid_kind kind, const uint8_t **ptr, size_t *len)
{
	const struct vid_def *d = vid_def(kind);

	*ptr = d ? d->bytes : NULL;
	*len = d ? d->len : 0;
}

const char *isakmp_vid_name(enum isakmp_vid_kind kind)
{
	const struct vid_def *d = vid_def(kind);

	return d ? d->name : "unknown";
}

uint32_t isakmp_vid_frag_caps(const uint8_t *vid, size_t len)
{
	if (isakmp_vid_classify(vid, len) != VID_FRAGMENTATION || len != 20)
		return 0;
	return get_be32(vid + 16);
}
