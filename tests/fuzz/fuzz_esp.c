/* libFuzzer target for the userspace data plane's ESP receive path: a backend opened
 * in a private network namespace (its own TUN device) with static inbound SAs and
 * their IN policies, fed through dp_userspace_udp_input() as the UDP 4500 socket
 * would feed it. The first input byte picks how the rest is used:
 *
 *   0  the rest is the datagram as it arrives (forged ICVs, runts, keepalives,
 *      non-ESP markers, unknown SPIs)
 *   1  the rest is an ESP payload with its trailer (padding, pad length, next
 *      header), authenticated by the target with the NULL-encryption SA's key: the
 *      trailer checks and the inner packet parser see exactly the fuzzer's bytes
 *   2-4  4 bytes of sequence number, then an inner packet that the target encrypts
 *      with the AES-CBC/HMAC, AES-GCM or 3DES/HMAC SA (esp_encrypt, the sender's
 *      side): the decryption, replay window, inner parse and policy check run on an
 *      authentic packet
 *
 * Needs root and /dev/net/tun (tests/fuzz/run skips it otherwise).
 * Built and run by tests/fuzz/run (see tests/fuzz/README.md).
 */
#include <arpa/inet.h>
#include <openssl/evp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/dp_userspace.h"
#include "platform/esp.h"
#include "platform/event.h"

#define LOCAL "192.0.2.1"
#define PEER "192.0.2.2"
#define REQID (DP_REQID_BASE + 1)

struct fuzz_sa {
	uint32_t spi;
	enum dp_enc enc;
	size_t enc_key_len;
	enum dp_auth auth;
	size_t auth_key_len;
	struct esp_crypto sender;    /* the peer's encrypting side of the same SA */
};

static struct fuzz_sa sas[] = {
	{ 0x1001, DP_ENC_NULL, 0, DP_AUTH_HMAC_SHA1_96, 20, { 0 } },
	{ 0x1002, DP_ENC_AES_CBC, 16, DP_AUTH_HMAC_SHA1_96, 20, { 0 } },
	{ 0x1003, DP_ENC_AES_GCM16, 20, DP_AUTH_NONE, 0, { 0 } },
	{ 0x1004, DP_ENC_3DES, 24, DP_AUTH_HMAC_SHA256_128, 32, { 0 } },
};
#define N_SAS (sizeof(sas) / sizeof(sas[0]))

static struct ev_loop *loop;
static struct dataplane dp;
static uint8_t buf[ESP_HEADROOM + 65536 + ESP_TAILROOM];

static struct in_addr ip(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz_esp: %s\n", what);
	exit(1);
}

/* Fixed keys: byte i of an SA's key is derived from its SPI and i. */
static struct dp_sa sa_conf(const struct fuzz_sa *f)
{
	struct dp_sa sa;

	memset(&sa, 0, sizeof(sa));
	sa.src = ip(PEER);
	sa.dst = ip(LOCAL);
	sa.spi = f->spi;
	sa.reqid = REQID;
	sa.mode = DP_MODE_TUNNEL;
	sa.encap_sport = sa.encap_dport = 4500;
	sa.enc = f->enc;
	sa.enc_key_len = f->enc_key_len;
	for (size_t i = 0; i < f->enc_key_len; i++)
		sa.enc_key[i] = (uint8_t)(f->spi * 7 + i);
	sa.auth = f->auth;
	sa.auth_key_len = f->auth_key_len;
	for (size_t i = 0; i < f->auth_key_len; i++)
		sa.auth_key[i] = (uint8_t)(f->spi * 13 + i);
	sa.replay_window = 64;
	sa.sel.src = ip("10.2.0.0");
	sa.sel.src_plen = 24;
	sa.sel.dst = ip("10.1.0.0");
	sa.sel.dst_plen = 24;
	return sa;
}

static void install(void)
{
	struct dp_policy in = {
		.sel = { .src = ip("10.2.0.0"), .dst = ip("10.1.0.0"), .src_plen = 24, .dst_plen = 24 },
		.dir = DP_DIR_IN, .action = DP_ACT_PROTECT, .priority = 100, .reqid = REQID,
		.mode = DP_MODE_TUNNEL, .tmpl_src = ip(PEER), .tmpl_dst = ip(LOCAL),
	};
	struct dp_policy fwd = in;

	fwd.dir = DP_DIR_FWD;
	for (size_t i = 0; i < N_SAS; i++) {
		struct dp_sa conf = sa_conf(&sas[i]);
		if (esp_crypto_init(&sas[i].sender, &conf) != 0 || dp.ops->add_sa(&dp, &conf) != 0)
			die("cannot install an SA");
	}
	if (dp.ops->add_policy(&dp, &in) != 0 || dp.ops->add_policy(&dp, &fwd) != 0)
		die("cannot install the IN policies");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (geteuid() != 0 || unshare(CLONE_NEWNET) != 0)
		die("needs root for a private network namespace");
	loop = ev_loop_new();
	dp.ops = &dp_userspace_ops;
	dp.loop = loop;
	if (dp_userspace_set_tun(&dp, "fuzz0", 0) != 0 || dp.ops->open(&dp) != 0)
		die("cannot open the userspace data plane (TUN)");
	install();
	return 0;
}

static void receive(const uint8_t *pkt, size_t len)
{
	dp_userspace_udp_input(&dp, ip(PEER), 4500, ip(LOCAL), 4500, pkt, len);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Mode 1: header, the fuzzer's payload and trailer, HMAC-SHA1-96 over both. */
static void null_sa_packet(const uint8_t *data, size_t size)
{
	const struct fuzz_sa *f = &sas[0];
	struct dp_sa conf = sa_conf(f);
	uint8_t icv[EVP_MAX_MD_SIZE];
	size_t icv_len = 0;

	if (size < 4 || 8 + size - 4 + 12 > sizeof(buf))
		return;
	put32(buf, f->spi);
	memcpy(buf + 4, data, 4);                       /* sequence number */
	memcpy(buf + 8, data + 4, size - 4);
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA1", NULL, conf.auth_key, conf.auth_key_len, buf, 8 + size - 4,
		       icv, sizeof(icv), &icv_len))
		die("HMAC failed");
	memcpy(buf + 8 + size - 4, icv, 12);
	receive(buf, 8 + size - 4 + 12);
}

/* Modes 2-4: the sender's esp_encrypt() of the fuzzer's inner packet. */
static void encrypted_packet(struct fuzz_sa *f, const uint8_t *data, size_t size)
{
	struct esp_buf b = { buf, sizeof(buf), ESP_HEADROOM, 0 };

	if (size < 4 || size - 4 > sizeof(buf) - ESP_HEADROOM - ESP_TAILROOM)
		return;
	b.len = size - 4;
	memcpy(buf + ESP_HEADROOM, data + 4, b.len);
	if (esp_encrypt(&f->sender, f->spi, be32(data), &b) != ESP_OK)
		return;     /* e.g. an empty inner packet */
	receive(b.base + b.off, b.len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 5) {
	case 0: receive(data + 1, size - 1); break;
	case 1: null_sa_packet(data + 1, size - 1); break;
	default: encrypted_packet(&sas[data[0] % 5 - 1], data + 1, size - 1); break;
	}
	/* Lifetimes and the TUN's read side: whatever the packet armed runs now. */
	ev_run_once(loop, 0);
	return 0;
}
