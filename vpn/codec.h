/* ISAKMP message codec: decode a datagram into per-type payload slots, and build
 * messages with back-patched next-payload and length fields.
 *
 * Decoding never allocates and never copies payload bytes: every slot points into
 * the caller's buffer, which must outlive the struct isakmp_msg. Every length is
 * checked against its container before it is used.
 *
 *   isakmp_decode(&m, dgram, len)     header checks; walks the chain unless E is set
 *   isakmp_walk(&m, plain, len)       walks a decrypted message (same header, body in clear)
 *   isakmp_sa_parse(&m.sa, &sa)       proposals/transforms/attributes into plain structs
 */
#ifndef RAMPART_VPN_CODEC_H
#define RAMPART_VPN_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/util.h"
#include "vpn/isakmp.h"

/* ---- Errors --------------------------------------------------------------- */
enum codec_err {
	CODEC_OK = 0,
	CODEC_ERR_SHORT,             /* datagram shorter than the 28-byte header */
	CODEC_ERR_MAJOR_VERSION,     /* not IKEv1 (IKEv2 is 0x20) */
	CODEC_ERR_MINOR_VERSION,
	CODEC_ERR_EXCHANGE,          /* exchange type unknown to IKEv1 */
	CODEC_ERR_FLAGS,             /* reserved flag bits set */
	CODEC_ERR_COOKIE,            /* initiator cookie all zero */
	CODEC_ERR_LENGTH,            /* header length < 28 or != datagram length */
	CODEC_ERR_CIPHER_LEN,        /* encrypted body empty or not whole cipher blocks */
	CODEC_ERR_PAYLOAD_LENGTH,    /* generic length < 4, or beyond its container */
	CODEC_ERR_PAYLOAD_TYPE,      /* unknown or misplaced payload type */
	CODEC_ERR_TRAILING,          /* non-zero bytes after the chain of a clear message */
	CODEC_ERR_DUPLICATE,         /* a payload that may appear once appeared again */
	CODEC_ERR_TOO_MANY,          /* more payloads of one kind than the slots hold */
	CODEC_ERR_PAYLOAD_SIZE,      /* body too short/long for its type (nonce 8..256, ...) */
	CODEC_ERR_DOI,               /* DOI other than IPsec */
	CODEC_ERR_SITUATION,         /* situation other than SIT_IDENTITY_ONLY */
	CODEC_ERR_PROTOCOL,          /* unknown protocol ID */
	CODEC_ERR_SPI_SIZE,          /* SPI size wrong for the protocol */
	CODEC_ERR_DELETE_COUNT,      /* #SPIs x SPI size != remaining length, or no SPI */
	CODEC_ERR_ID,                /* unknown ID type or data length wrong for it */
	CODEC_ERR_NOTIFY_DATA,       /* notify data wrong for its type (DPD, REPLAY-STATUS,
	                                RESPONDER-LIFETIME attributes) */
	CODEC_ERR_PROPOSAL_SYNTAX,   /* proposal/transform chain or counts inconsistent */
	CODEC_ERR_SA_LIMIT,          /* beyond ISAKMP_MAX_PROPOSALS / _TRANSFORMS / _ATTRS */
	CODEC_ERR_ATTR,              /* attribute runs past its container */
	CODEC_ERR_ATTR_TOO_LONG,     /* integer attribute TLV longer than 8 bytes or empty */
	CODEC_ERR_BUILD_OVERFLOW,    /* builder: a payload grew past 65535 bytes */
};

const char *codec_strerror(enum codec_err err);
/* The Notify type (isakmp.h) an error is reported with, for the engine's reply;
 * 0 when there is nothing to answer (a runt datagram, our own builder). */
uint16_t codec_err_notify(enum codec_err err);

/* ---- Header --------------------------------------------------------------- */
struct isakmp_hdr {
	uint8_t cky_i[ISAKMP_COOKIE_LEN];
	uint8_t cky_r[ISAKMP_COOKIE_LEN];
	uint8_t np;          /* type of the first payload */
	uint8_t version;
	uint8_t exchange;    /* enum isakmp_exchange */
	uint8_t flags;       /* enum isakmp_flag */
	uint32_t msg_id;
	uint32_t length;
};

void isakmp_hdr_read(struct isakmp_hdr *hdr, const uint8_t raw[ISAKMP_HDR_LEN]);
void isakmp_hdr_write(uint8_t raw[ISAKMP_HDR_LEN], const struct isakmp_hdr *hdr);

/* ---- Decoded payloads ------------------------------------------------------ */
/* One payload as found in the message. body points into the decoded buffer;
 * off/len locate the whole payload (generic header included) for hashing. */
struct isakmp_pl {
	uint8_t type;
	uint32_t off;
	uint16_t len;
	const uint8_t *body;
	uint16_t body_len;
};

struct isakmp_id {
	struct isakmp_pl pl;         /* IDii_b / IDir_b = pl.body */
	uint8_t id_type;             /* enum isakmp_id_type */
	uint8_t proto;
	uint16_t port;
	const uint8_t *data;
	uint16_t data_len;
};

struct isakmp_notify {
	struct isakmp_pl pl;
	uint32_t doi;
	uint8_t proto;
	uint8_t spi_size;
	uint16_t type;               /* enum isakmp_notify_type */
	const uint8_t *spi;
	const uint8_t *data;
	uint16_t data_len;
};

struct isakmp_delete {
	struct isakmp_pl pl;
	uint32_t doi;
	uint8_t proto;
	uint8_t spi_size;
	uint16_t n_spis;
	const uint8_t *spis;         /* n_spis * spi_size bytes */
};

struct isakmp_cert {                 /* CERT and CR */
	struct isakmp_pl pl;
	uint8_t encoding;            /* enum isakmp_cert_encoding */
	const uint8_t *data;
	uint16_t data_len;
};

struct isakmp_natoa {
	struct isakmp_pl pl;
	uint8_t id_type;             /* ISAKMP_NATOA_IPV4 / _IPV6 */
	const uint8_t *addr;
	uint8_t addr_len;            /* 4 or 16 */
};

struct isakmp_cfg {                  /* Mode-Config / XAUTH attribute payload */
	struct isakmp_pl pl;
	uint8_t cfg_type;            /* enum isakmp_cfg_type */
	uint16_t identifier;
	const uint8_t *attrs;        /* walk with isakmp_attr_next() */
	uint16_t attrs_len;
};

struct isakmp_frag {
	struct isakmp_pl pl;
	uint16_t frag_id;
	uint8_t number;              /* 1.. */
	uint8_t flags;               /* ISAKMP_FRAG_LAST */
	const uint8_t *data;
	uint16_t data_len;
};

/* Slots a message's payloads land in; the engine's table names them with ISAKMP_P(). */
enum isakmp_slot {
	ISAKMP_S_SA, ISAKMP_S_KE, ISAKMP_S_ID, ISAKMP_S_CERT, ISAKMP_S_CR, ISAKMP_S_HASH,
	ISAKMP_S_SIG, ISAKMP_S_NONCE, ISAKMP_S_N, ISAKMP_S_D, ISAKMP_S_VID, ISAKMP_S_NATD,
	ISAKMP_S_NATOA, ISAKMP_S_ATTR, ISAKMP_S_FRAG,
};
#define ISAKMP_P(slot) (1u << ISAKMP_S_##slot)

#define ISAKMP_MAX_PAYLOADS 48
#define ISAKMP_MAX_ID 2              /* Phase 1: one; Quick Mode: IDci then IDcr */
#define ISAKMP_MAX_CERT 4
#define ISAKMP_MAX_N 8
#define ISAKMP_MAX_D 8
#define ISAKMP_MAX_VID 16            /* more are counted in vid_dropped, not an error */
#define ISAKMP_MAX_NATD 4            /* one for the peer, up to three for us */
#define ISAKMP_MAX_NATOA 2

struct isakmp_msg {
	struct isakmp_hdr hdr;
	const uint8_t *raw;          /* the buffer last decoded or walked */
	size_t raw_len;
	bool body_pending;           /* E flag: decrypt, then isakmp_walk() */

	uint32_t present;            /* ISAKMP_P() bits of the slots filled */
	size_t chain_end;            /* end of the last payload: padding starts here */
	uint8_t n_payloads;
	struct isakmp_pl chain[ISAKMP_MAX_PAYLOADS];   /* every payload, in order */

	struct isakmp_pl sa, ke, hash, sig, nonce;
	struct isakmp_id id[ISAKMP_MAX_ID];
	struct isakmp_cert cert[ISAKMP_MAX_CERT], cr[ISAKMP_MAX_CERT];
	struct isakmp_notify notify[ISAKMP_MAX_N];
	struct isakmp_delete del[ISAKMP_MAX_D];
	struct isakmp_pl vid[ISAKMP_MAX_VID];
	struct isakmp_pl natd[ISAKMP_MAX_NATD];        /* pl.type: 20 or draft 130 */
	struct isakmp_natoa natoa[ISAKMP_MAX_NATOA];   /* pl.type: 21 or draft 131 */
	struct isakmp_cfg attr;
	struct isakmp_frag frag;
	uint8_t n_id, n_cert, n_cr, n_notify, n_del, n_vid, n_natd, n_natoa;
	unsigned vid_dropped;

	/* Where decoding failed, for the log line. */
	uint8_t err_payload;         /* payload type being decoded, 0 for the header */
	uint32_t err_off;            /* offset in the message */
};

/* Header checks. A clear message's payloads are walked at once; with the E flag
 * set (except on fragments, where racoon sets it by mistake, §17) only the header
 * is decoded and body_pending is set. len must be the datagram without the
 * NAT-T marker. */
enum codec_err isakmp_decode(struct isakmp_msg *m, const uint8_t *dgram, size_t len);

/* Encrypted body length acceptable for a cipher of block_size bytes (§12). */
enum codec_err isakmp_check_cipher_len(const struct isakmp_msg *m, size_t block_size);

/* Walk the payload chain of plain: the message whose header was decoded into m,
 * with its body decrypted (same length). Bytes after the chain are padding. */
enum codec_err isakmp_walk(struct isakmp_msg *m, const uint8_t *plain, size_t len);

/* The bytes following payload p up to the end of the chain (padding excluded):
 * what HASH(1) of Quick Mode and Informational exchanges covers (§13, §14). */
void isakmp_bytes_after(const struct isakmp_msg *m, const struct isakmp_pl *p,
			const uint8_t **ptr, size_t *len);

/* ---- SA payload ------------------------------------------------------------- */
#define ISAKMP_MAX_PROPOSALS 16
#define ISAKMP_MAX_TRANSFORMS 64     /* across all proposals of one SA */
#define ISAKMP_MAX_ATTRS 20          /* per transform */

/* A data attribute (§1). Integer attributes (TV, or TLV of 1..8 bytes) have
 * is_int set and their value in value; opaque ones (group prime, Mode-Config
 * strings) point at their bytes. */
struct isakmp_attr {
	uint16_t type;               /* without the AF bit */
	bool tv;
	bool is_int;
	uint16_t len;                /* TLV value length; 2 for TV */
	const uint8_t *ptr;          /* TLV value bytes; NULL for TV */
	uint64_t value;
};

struct isakmp_transform {
	uint8_t number;
	uint8_t id;                  /* KEY_IKE, ESP_AES, ... */
	uint8_t n_attrs;
	struct isakmp_attr attrs[ISAKMP_MAX_ATTRS];
};

struct isakmp_proposal {
	uint8_t number;
	uint8_t protocol;            /* enum isakmp_proto */
	uint8_t spi_size;
	uint8_t spi[ISAKMP_SPI_MAX];
	uint8_t n_transforms;
	uint16_t first_transform;    /* index into isakmp_sa.transforms */
};

struct isakmp_sa {
	uint32_t doi;
	uint32_t situation;
	uint8_t n_proposals;
	struct isakmp_proposal proposals[ISAKMP_MAX_PROPOSALS];
	uint16_t n_transforms;
	struct isakmp_transform transforms[ISAKMP_MAX_TRANSFORMS];
};

/* Parse a decoded SA payload. isakmp_walk() already ran this as its validator,
 * so on a walked message it only fails if sa is absent (CODEC_ERR_PAYLOAD_TYPE). */
enum codec_err isakmp_sa_parse(const struct isakmp_pl *sa_pl, struct isakmp_sa *sa);
/* Same rules over a raw SA body (DOI onwards); sa may be NULL to validate only. */
enum codec_err isakmp_sa_parse_body(const uint8_t *body, size_t len, struct isakmp_sa *sa,
				    uint32_t *err_off);

static inline const struct isakmp_transform *
isakmp_proposal_transform(const struct isakmp_sa *sa, const struct isakmp_proposal *p, unsigned i)
{
	return &sa->transforms[p->first_transform + i];
}

/* First attribute of a type, or NULL. */
const struct isakmp_attr *isakmp_transform_attr(const struct isakmp_transform *t, uint16_t type);

/* Attribute iteration over any attribute list (transform, notify data, Mode-Config).
 * Every attribute comes back opaque-or-TV; isakmp_attr_int() converts a TLV of
 * 1..8 bytes to an integer. */
struct isakmp_attr_iter {
	const uint8_t *pos, *end;
};
void isakmp_attr_iter_init(struct isakmp_attr_iter *it, const uint8_t *p, size_t len);
/* 1: an attribute in *a; 0: end; -1: malformed (CODEC_ERR_ATTR). */
int isakmp_attr_next(struct isakmp_attr_iter *it, struct isakmp_attr *a);
enum codec_err isakmp_attr_int(struct isakmp_attr *a);

/* ---- Builder ----------------------------------------------------------------- */
/* Offsets returned by the begin functions are positions in buf; they stay valid
 * while buf grows (pointers into buf do not). */
struct isakmp_builder {
	uint8_t *buf;
	size_t len, cap;
	size_t np_at;                /* next-payload byte to patch when a payload is added */
	size_t sa_at, prop_at, trans_at;   /* open SA / last proposal / last transform */
	uint8_t n_trans;
	bool overflow;
};

/* Writes the header (version 0x10, np and length patched later). */
void isakmp_build_init(struct isakmp_builder *b, const struct isakmp_hdr *hdr);
void isakmp_build_free(struct isakmp_builder *b);

/* A payload: generic header written, previous next-payload patched. */
size_t isakmp_build_begin(struct isakmp_builder *b, uint8_t type);
void isakmp_build_end(struct isakmp_builder *b, size_t pl_off);
void isakmp_build_put(struct isakmp_builder *b, const void *p, size_t n);
void isakmp_build_u8(struct isakmp_builder *b, uint8_t v);
void isakmp_build_u16(struct isakmp_builder *b, uint16_t v);
void isakmp_build_u32(struct isakmp_builder *b, uint32_t v);
/* A whole payload with an opaque body (KE, NONCE, HASH, SIG, VID, NAT-D, CERT, CR).
 * body may be NULL: body_len zero bytes are reserved (a HASH filled in later).
 * Returns the offset of the body. */
size_t isakmp_build_payload(struct isakmp_builder *b, uint8_t type, const void *body, size_t body_len);

void isakmp_build_id(struct isakmp_builder *b, uint8_t id_type, uint8_t proto, uint16_t port,
		     const void *data, size_t data_len);
void isakmp_build_notify(struct isakmp_builder *b, uint8_t proto, uint16_t type,
			 const void *spi, uint8_t spi_size, const void *data, size_t data_len);
void isakmp_build_delete(struct isakmp_builder *b, uint8_t proto, uint8_t spi_size,
			 const void *spis, uint16_t n_spis);
/* pl_type: ISAKMP_PL_NATOA, or _NATOA_DRAFT after a draft NAT-T VID; addr_len 4 or 16. */
void isakmp_build_natoa(struct isakmp_builder *b, uint8_t pl_type, const void *addr, uint8_t addr_len);
void isakmp_build_frag(struct isakmp_builder *b, uint16_t frag_id, uint8_t number, uint8_t flags,
		       const void *data, size_t data_len);
size_t isakmp_build_cfg_begin(struct isakmp_builder *b, uint8_t cfg_type, uint16_t identifier);

/* SA: begin, then proposals, each with transforms, each with attributes. A new
 * proposal/transform patches the previous one's next-payload (2 / 3); ending a
 * proposal writes its transform count. */
size_t isakmp_build_sa_begin(struct isakmp_builder *b, uint32_t doi, uint32_t situation);
void isakmp_build_sa_end(struct isakmp_builder *b, size_t sa_off);
size_t isakmp_build_proposal_begin(struct isakmp_builder *b, uint8_t number, uint8_t protocol,
				   const void *spi, uint8_t spi_size);
void isakmp_build_proposal_end(struct isakmp_builder *b, size_t prop_off);
size_t isakmp_build_transform_begin(struct isakmp_builder *b, uint8_t number, uint8_t id);
void isakmp_build_transform_end(struct isakmp_builder *b, size_t trans_off);
/* TV when value <= 0xFFFF, else TLV of 4 bytes, or 8 above 32 bits (§1, as strongSwan). */
void isakmp_build_attr(struct isakmp_builder *b, uint16_t type, uint64_t value);
void isakmp_build_attr_bytes(struct isakmp_builder *b, uint16_t type, const void *p, uint16_t len);
/* A parsed (or engine-made) SA, re-encoded with the rules above. */
void isakmp_build_sa(struct isakmp_builder *b, const struct isakmp_sa *sa);

/* Zero padding so the body is whole cipher blocks: block_size - (body % block_size)
 * bytes, 1..block_size, as strongSwan sends (§12). */
void isakmp_build_pad(struct isakmp_builder *b, size_t block_size);
/* Writes the header length; CODEC_ERR_BUILD_OVERFLOW if a payload overflowed. */
enum codec_err isakmp_build_finish(struct isakmp_builder *b);

/* ---- NAT-T framing on port 4500 (RFC 3948) ----------------------------------- */
enum natt_kind {
	NATT_IKE,            /* non-ESP marker: the IKE message starts 4 bytes in */
	NATT_KEEPALIVE,      /* the single 0xFF byte */
	NATT_ESP,            /* non-zero SPI: ESP in UDP, for the data plane */
	NATT_INVALID,        /* too short to be any of these */
};
enum natt_kind natt_classify(const uint8_t *udp_payload, size_t len, size_t *ike_off);
/* out = 4 zero bytes | msg (owned, free with bytes_free). */
void natt_prepend_marker(struct bytes *out, const uint8_t *msg, size_t len);

/* ---- Vendor IDs (§9) --------------------------------------------------------- */
enum isakmp_vid_kind {
	VID_UNKNOWN,
	VID_NATT_RFC3947,
	VID_NATT_DRAFT_03,
	VID_NATT_DRAFT_02,
	VID_NATT_DRAFT_02N,          /* the draft's own typo: MD5 includes a newline */
	VID_NATT_DRAFT_00,
	VID_NATT_DRAFT_01,
	VID_DPD,
	VID_XAUTH,
	VID_CISCO_UNITY,
	VID_FRAGMENTATION,           /* optionally + 4-byte capability word */
	VID_STRONGSWAN,
	VID_CISCO_CONCENTRATOR,      /* Cisco VPN concentrator / ASA, + 2 version bytes */
	VID_CISCO_IOS,               /* 4-byte prefix */
	VID_CISCO_VPN3000_CLIENT,
	VID_CISCOVPN_REV_02,         /* ASCII VIDs */
	VID_CISCO_DELETE_REASON,
	VID_CISCO_DYNAMIC_ROUTE,
	VID_FLEXVPN_SUPPORTED,
	VID_MS_NT5,                  /* + 4-byte Windows version */
	VID_KAME,
	VID_KIND_COUNT,
};

enum isakmp_vid_kind isakmp_vid_classify(const uint8_t *vid, size_t len);
/* The bytes we send for a kind: the full VID, or the identifying prefix of the
 * Cisco concentrator and IOS VIDs, whose tails we do not know. */
void isakmp_vid_bytes(enum isakmp_vid_kind kind, const uint8_t **ptr, size_t *len);
const char *isakmp_vid_name(enum isakmp_vid_kind kind);
/* Capability word of a FRAGMENTATION VID; 0 for the 16-byte form. */
uint32_t isakmp_vid_frag_caps(const uint8_t *vid, size_t len);

/* ---- Names for logs ------------------------------------------------------------ */
const char *isakmp_payload_name(uint8_t type);
const char *isakmp_exchange_name(uint8_t exchange);
const char *isakmp_notify_name(uint16_t type);

#endif
