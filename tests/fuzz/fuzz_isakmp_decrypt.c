/* libFuzzer target for the receive path of an encrypted ISAKMP message, with a
 * decryption context of fixed keys. The input is a message with its body in clear
 * (the *_plain.bin captures are seeds): the target plays the peer and encrypts the
 * body (padded to whole blocks, E flag set, header length fixed up) with the cipher
 * the first cookie byte picks, then does what the engine does with a datagram:
 * header decode, cipher length check, CBC decryption with the IV of the exchange,
 * walk of the decrypted chain, SA parse. Decryption must give back exactly the
 * plaintext that was encrypted, so the decoder sees what the fuzzer wrote.
 *
 * Built and run by tests/fuzz/run (see tests/fuzz/README.md).
 */
#include "crypto/cipher.h"
#include "tests/fuzz/fuzz_walk.h"

#define MAX_MSG 65536

static const uint8_t fixed_key[CIPHER_MAX_KEY] = {
	0x52, 0x61, 0x6d, 0x70, 0x61, 0x72, 0x74, 0x20, 0x66, 0x75, 0x7a, 0x7a, 0x20, 0x6b, 0x65, 0x79,
	0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
};
static const uint8_t fixed_iv[CIPHER_MAX_BLOCK] = {
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
};

static const struct cipher *pick_cipher(uint8_t selector)
{
	static const unsigned choice[][2] = {
		{ IKE_ENCR_AES_CBC, 128 }, { IKE_ENCR_AES_CBC, 256 }, { IKE_ENCR_3DES_CBC, 0 },
		{ IKE_ENCR_AES_CBC, 192 },
	};
	const unsigned *c = choice[selector % (sizeof(choice) / sizeof(choice[0]))];

	return cipher_by_ike(c[0], c[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t wire[MAX_MSG], plain[MAX_MSG], expect[MAX_MSG];
	static struct isakmp_msg m;
	static struct isakmp_sa sa;
	uint8_t next_iv[CIPHER_MAX_BLOCK];
	const struct cipher *c;
	size_t block, body, len;

	if (size <= ISAKMP_HDR_LEN || size > MAX_MSG - CIPHER_MAX_BLOCK)
		return 0;
	c = pick_cipher(data[0]);
	if (!c)
		abort();        /* AES and 3DES are always there */
	block = cipher_block_size(c);
	body = size - ISAKMP_HDR_LEN;
	len = ISAKMP_HDR_LEN + (body + block - 1) / block * block;

	/* The peer's side: pad with zeros, set E and the length, encrypt the body. */
	memset(expect, 0, len);
	memcpy(expect, data, size);
	expect[19] |= ISAKMP_FLAG_ENC;
	expect[24] = (uint8_t)(len >> 24);
	expect[25] = (uint8_t)(len >> 16);
	expect[26] = (uint8_t)(len >> 8);
	expect[27] = (uint8_t)len;
	memcpy(wire, expect, ISAKMP_HDR_LEN);
	if (cipher_encrypt(c, fixed_key, fixed_iv, expect + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN,
			   wire + ISAKMP_HDR_LEN, next_iv) != 0)
		abort();

	/* Ours: what the engine does with the datagram. */
	if (isakmp_decode(&m, wire, len) != CODEC_OK || !m.body_pending)
		return 0;
	if (isakmp_check_cipher_len(&m, block) != CODEC_OK)
		abort();        /* we sent whole blocks */
	memcpy(plain, wire, ISAKMP_HDR_LEN);
	if (cipher_decrypt(c, fixed_key, fixed_iv, wire + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN,
			   plain + ISAKMP_HDR_LEN, next_iv) != 0)
		abort();
	if (memcmp(plain, expect, len) != 0)
		abort();
	if (isakmp_walk(&m, plain, len) != CODEC_OK)
		return 0;
	touch_slots(&m);
	check_sa(&m, &sa);
	return 0;
}
