/* Words for the codec's numbers: error strings, the Notify each error is answered
 * with, and payload/exchange/notify names for debug and log lines. */
#include "vpn/codec.h"

struct codec_err_info {
	const char *text;
	uint16_t notify;
};

static const struct codec_err_info err_info[] = {
	[CODEC_OK] = { "no error", 0 },
	[CODEC_ERR_SHORT] = { "datagram shorter than the ISAKMP header", 0 },
	[CODEC_ERR_MAJOR_VERSION] = { "invalid major version", ISAKMP_N_INVALID_MAJOR_VERSION },
	[CODEC_ERR_MINOR_VERSION] = { "invalid minor version", ISAKMP_N_INVALID_MINOR_VERSION },
	[CODEC_ERR_EXCHANGE] = { "invalid exchange type", ISAKMP_N_INVALID_EXCHANGE_TYPE },
	[CODEC_ERR_FLAGS] = { "reserved flags set", ISAKMP_N_INVALID_FLAGS },
	[CODEC_ERR_COOKIE] = { "initiator cookie is zero", ISAKMP_N_INVALID_COOKIE },
	[CODEC_ERR_LENGTH] = { "header length does not match the datagram", ISAKMP_N_UNEQUAL_PAYLOAD_LENGTHS },
	[CODEC_ERR_CIPHER_LEN] = { "encrypted body is not whole cipher blocks", ISAKMP_N_PAYLOAD_MALFORMED },
	[CODEC_ERR_PAYLOAD_LENGTH] = { "payload length runs past its container", ISAKMP_N_PAYLOAD_MALFORMED },
	[CODEC_ERR_PAYLOAD_TYPE] = { "invalid payload type", ISAKMP_N_INVALID_PAYLOAD_TYPE },
	[CODEC_ERR_TRAILING] = { "non-zero bytes after the last payload", ISAKMP_N_PAYLOAD_MALFORMED },
	[CODEC_ERR_DUPLICATE] = { "payload repeated", ISAKMP_N_PAYLOAD_MALFORMED },
	[CODEC_ERR_TOO_MANY] = { "too many payloads", ISAKMP_N_PAYLOAD_MALFORMED },
	[CODEC_ERR_PAYLOAD_SIZE] = { "payload size invalid for its type", ISAKMP_N_PAYLOAD_MALFORMED },
	[CODEC_ERR_DOI] = { "DOI not supported", ISAKMP_N_DOI_NOT_SUPPORTED },
	[CODEC_ERR_SITUATION] = { "situation not supported", ISAKMP_N_SITUATION_NOT_SUPPORTED },
	[CODEC_ERR_PROTOCOL] = { "invalid protocol ID", ISAKMP_N_INVALID_PROTOCOL_ID },
	[CODEC_ERR_SPI_SIZE] = { "SPI size invalid for the protocol", ISAKMP_N_INVALID_SPI },
	[CODEC_ERR_DELETE_COUNT] = { "delete SPI count does not match its length", ISAKMP_N_PAYLOAD_MALFORMED },
	[CODEC_ERR_ID] = { "invalid identification", ISAKMP_N_INVALID_ID_INFORMATION },
	[CODEC_ERR_NOTIFY_DATA] = { "notify data invalid for its type", ISAKMP_N_PAYLOAD_MALFORMED },
	[CODEC_ERR_PROPOSAL_SYNTAX] = { "bad proposal syntax", ISAKMP_N_BAD_PROPOSAL_SYNTAX },
	[CODEC_ERR_SA_LIMIT] = { "too many proposals, transforms or attributes", ISAKMP_N_NO_PROPOSAL_CHOSEN },
	[CODEC_ERR_ATTR] = { "attribute runs past its container", ISAKMP_N_PAYLOAD_MALFORMED },
	[CODEC_ERR_ATTR_TOO_LONG] = { "integer attribute longer than 64 bits or empty", ISAKMP_N_ATTRIBUTES_NOT_SUPPORTED },
	[CODEC_ERR_BUILD_OVERFLOW] = { "payload longer than 65535 bytes", 0 },
};

const char *codec_strerror(enum codec_err err)
{
	if ((unsigned)err >= ARRAY_SIZE(err_info) || !err_info[err].text)
		return "unknown codec error";
	return err_info[err].text;
}

uint16_t codec_err_notify(enum codec_err err)
{
	if ((unsigned)err >= ARRAY_SIZE(err_info))
		return ISAKMP_N_PAYLOAD_MALFORMED;
	return err_info[err].notify;
}

const char *isakmp_payload_name(uint8_t type)
{
	switch (type) {
	case ISAKMP_PL_NONE: return "NONE";
	case ISAKMP_PL_SA: return "SA";
	case ISAKMP_PL_P: return "PROPOSAL";
	case ISAKMP_PL_T: return "TRANSFORM";
	case ISAKMP_PL_KE: return "KE";
	case ISAKMP_PL_ID: return "ID";
	case ISAKMP_PL_CERT: return "CERT";
	case ISAKMP_PL_CR: return "CERT_REQ";
	case ISAKMP_PL_HASH: return "HASH";
	case ISAKMP_PL_SIG: return "SIG";
	case ISAKMP_PL_NONCE: return "NONCE";
	case ISAKMP_PL_N: return "NOTIFY";
	case ISAKMP_PL_D: return "DELETE";
	case ISAKMP_PL_VID: return "VENDOR";
	case ISAKMP_PL_ATTR: return "ATTR";
	case ISAKMP_PL_NATD: return "NAT-D";
	case ISAKMP_PL_NATOA: return "NAT-OA";
	case ISAKMP_PL_NATD_DRAFT: return "NAT-D (draft)";
	case ISAKMP_PL_NATOA_DRAFT: return "NAT-OA (draft)";
	case ISAKMP_PL_FRAG: return "FRAGMENT";
	default: return "UNKNOWN";
	}
}

const char *isakmp_exchange_name(uint8_t exchange)
{
	switch (exchange) {
	case ISAKMP_EXCH_BASE: return "Base";
	case ISAKMP_EXCH_MAIN: return "Main Mode";
	case ISAKMP_EXCH_AUTH_ONLY: return "Authentication Only";
	case ISAKMP_EXCH_AGGRESSIVE: return "Aggressive Mode";
	case ISAKMP_EXCH_INFO: return "Informational";
	case ISAKMP_EXCH_TRANSACTION: return "Transaction";
	case ISAKMP_EXCH_QUICK: return "Quick Mode";
	case ISAKMP_EXCH_NEW_GROUP: return "New Group Mode";
	default: return "Unknown";
	}
}

static const struct {
	uint16_t type;
	const char *name;
} notify_names[] = {
	{ ISAKMP_N_INVALID_PAYLOAD_TYPE, "INVALID-PAYLOAD-TYPE" },
	{ ISAKMP_N_DOI_NOT_SUPPORTED, "DOI-NOT-SUPPORTED" },
	{ ISAKMP_N_SITUATION_NOT_SUPPORTED, "SITUATION-NOT-SUPPORTED" },
	{ ISAKMP_N_INVALID_COOKIE, "INVALID-COOKIE" },
	{ ISAKMP_N_INVALID_MAJOR_VERSION, "INVALID-MAJOR-VERSION" },
	{ ISAKMP_N_INVALID_MINOR_VERSION, "INVALID-MINOR-VERSION" },
	{ ISAKMP_N_INVALID_EXCHANGE_TYPE, "INVALID-EXCHANGE-TYPE" },
	{ ISAKMP_N_INVALID_FLAGS, "INVALID-FLAGS" },
	{ ISAKMP_N_INVALID_MESSAGE_ID, "INVALID-MESSAGE-ID" },
	{ ISAKMP_N_INVALID_PROTOCOL_ID, "INVALID-PROTOCOL-ID" },
	{ ISAKMP_N_INVALID_SPI, "INVALID-SPI" },
	{ ISAKMP_N_INVALID_TRANSFORM_ID, "INVALID-TRANSFORM-ID" },
	{ ISAKMP_N_ATTRIBUTES_NOT_SUPPORTED, "ATTRIBUTES-NOT-SUPPORTED" },
	{ ISAKMP_N_NO_PROPOSAL_CHOSEN, "NO-PROPOSAL-CHOSEN" },
	{ ISAKMP_N_BAD_PROPOSAL_SYNTAX, "BAD-PROPOSAL-SYNTAX" },
	{ ISAKMP_N_PAYLOAD_MALFORMED, "PAYLOAD-MALFORMED" },
	{ ISAKMP_N_INVALID_KEY_INFORMATION, "INVALID-KEY-INFORMATION" },
	{ ISAKMP_N_INVALID_ID_INFORMATION, "INVALID-ID-INFORMATION" },
	{ ISAKMP_N_INVALID_CERT_ENCODING, "INVALID-CERT-ENCODING" },
	{ ISAKMP_N_INVALID_CERTIFICATE, "INVALID-CERTIFICATE" },
	{ ISAKMP_N_CERT_TYPE_UNSUPPORTED, "CERT-TYPE-UNSUPPORTED" },
	{ ISAKMP_N_INVALID_CERT_AUTHORITY, "INVALID-CERT-AUTHORITY" },
	{ ISAKMP_N_INVALID_HASH_INFORMATION, "INVALID-HASH-INFORMATION" },
	{ ISAKMP_N_AUTHENTICATION_FAILED, "AUTHENTICATION-FAILED" },
	{ ISAKMP_N_INVALID_SIGNATURE, "INVALID-SIGNATURE" },
	{ ISAKMP_N_ADDRESS_NOTIFICATION, "ADDRESS-NOTIFICATION" },
	{ ISAKMP_N_NOTIFY_SA_LIFETIME, "NOTIFY-SA-LIFETIME" },
	{ ISAKMP_N_CERTIFICATE_UNAVAILABLE, "CERTIFICATE-UNAVAILABLE" },
	{ ISAKMP_N_UNSUPPORTED_EXCHANGE_TYPE, "UNSUPPORTED-EXCHANGE-TYPE" },
	{ ISAKMP_N_UNEQUAL_PAYLOAD_LENGTHS, "UNEQUAL-PAYLOAD-LENGTHS" },
	{ ISAKMP_N_CONNECTED, "CONNECTED" },
	{ IPSEC_N_RESPONDER_LIFETIME, "RESPONDER-LIFETIME" },
	{ IPSEC_N_REPLAY_STATUS, "REPLAY-STATUS" },
	{ IPSEC_N_INITIAL_CONTACT, "INITIAL-CONTACT" },
	{ CISCO_N_KEEPALIVE_REQ, "CISCO-KEEPALIVE-REQ" },
	{ CISCO_N_KEEPALIVE_ACK, "CISCO-KEEPALIVE-ACK" },
	{ ISAKMP_N_DPD_R_U_THERE, "R-U-THERE" },
	{ ISAKMP_N_DPD_R_U_THERE_ACK, "R-U-THERE-ACK" },
	{ CISCO_N_UNITY_LOAD_BALANCE, "UNITY-LOAD-BALANCE" },
	{ CISCO_N_UNITY_GROUP_HASH, "UNITY-GROUP-HASH" },
};

const char *isakmp_notify_name(uint16_t type)
{
	for (size_t i = 0; i < ARRAY_SIZE(notify_names); i++)
		if (notify_names[i].type == type)
			return notify_names[i].name;
	return type <= ISAKMP_N_ERROR_MAX ? "unknown error" : "unknown status";
}
