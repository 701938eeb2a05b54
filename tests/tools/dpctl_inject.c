/* "dpctl inject IFACE COUNT": the tamper tool of the netns test. It waits for the
 * next ESP packet leaving IFACE (IP protocol 50, or UDP to port 4500 that is not IKE),
 * then sends COUNT packets of each kind to the same peer:
 *   replay    the packet exactly as captured
 *   forge     sequence number far ahead and one ciphertext byte flipped: the ICV
 *             fails, and a receiver that moved its window anyway would then refuse
 *             the genuine packets that follow
 *   truncate  the ESP part cut below any valid length
 *   spi       an SPI that no SA has
 * and prints "injected replay=N forge=N truncate=N spi=N". */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int dpctl_inject(int argc, char **argv);

struct captured {
	uint8_t pkt[2048];
	size_t len;
	size_t esp_off;             /* where the SPI starts */
	bool udp;
};

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

static bool is_esp(struct captured *c)
{
	size_t ihl;

	if (c->len < 20 || c->pkt[0] >> 4 != 4)
		return false;
	ihl = (size_t)(c->pkt[0] & 0x0f) * 4;
	c->udp = c->pkt[9] == IPPROTO_UDP;
	c->esp_off = ihl + (c->udp ? 8 : 0);
	if (c->len < c->esp_off + 16)
		return false;
	if (c->udp)
		return get16(c->pkt + ihl + 2) == 4500 && memcmp(c->pkt + c->esp_off, "\0\0\0\0", 4) != 0;
	return c->pkt[9] == IPPROTO_ESP;
}

static int capture(const char *iface, struct captured *c)
{
	/* Only ETH_P_ALL sockets see outgoing packets (the kernel's transmit taps). */
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));

	ll.sll_ifindex = (int)if_nametoindex(iface);
	if (fd < 0 || !ll.sll_ifindex || bind(fd, (struct sockaddr *)&ll, sizeof(ll)) < 0)
		return -errno;
	printf("listening\n");
	fflush(stdout);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_ll from;
		socklen_t from_len = sizeof(from);
		ssize_t got;
		if (poll(&p, 1, 20000) <= 0)
			break;
		got = recvfrom(fd, c->pkt, sizeof(c->pkt), 0, (struct sockaddr *)&from, &from_len);
		if (got <= 0)
			break;
		c->len = (size_t)got;
		if (from.sll_pkttype == PACKET_OUTGOING && from.sll_protocol == htons(ETH_P_IP) && is_esp(c)) {
			close(fd);
			return 0;
		}
	}
	close(fd);
	return -ETIMEDOUT;
}

/* Sends the packet with its ESP part esp_len bytes long. */
static int send_variant(int raw, const struct captured *orig, const uint8_t *pkt, size_t esp_len)
{
	uint8_t out[2048];
	size_t len = orig->esp_off + esp_len;
	struct sockaddr_in to = { .sin_family = AF_INET };

	memcpy(out, pkt, len);
	put16(out + 2, (uint16_t)len);
	if (orig->udp) {
		put16(out + orig->esp_off - 4, (uint16_t)(esp_len + 8));
		put16(out + orig->esp_off - 2, 0);     /* no UDP checksum (IPv4 allows it) */
	}
	memcpy(&to.sin_addr, out + 16, 4);
	return sendto(raw, out, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0 ? -errno : 0;
}

int dpctl_inject(int argc, char **argv)
{
	struct captured c;
	int count, raw, sent[4] = { 0 };
	size_t esp_len;
	uint8_t pkt[2048];

	if (argc != 3 || (count = atoi(argv[2])) <= 0) {
		fputs("usage: dpctl inject IFACE COUNT\n", stderr);
		return 2;
	}
	if (capture(argv[1], &c) < 0) {
		fputs("dpctl inject: no ESP packet seen\n", stderr);
		return 1;
	}
	printf("captured %s\n", c.udp ? "esp-in-udp" : "esp");
	raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (raw < 0)
		return 1;
	esp_len = c.len - c.esp_off;
	for (int i = 0; i < count; i++) {
		uint8_t *esp = pkt + c.esp_off;
		sent[0] += send_variant(raw, &c, c.pkt, esp_len) == 0;
		memcpy(pkt, c.pkt, c.len);
		esp[4] ^= 0x40;                          /* sequence number + 2^30 */
		esp[16 + (size_t)i % (esp_len - 16)] ^= 0x01;
		sent[1] += send_variant(raw, &c, pkt, esp_len) == 0;
		sent[2] += send_variant(raw, &c, c.pkt, 4 + 4 * ((size_t)i % 4)) == 0;
		memcpy(pkt, c.pkt, c.len);
		esp[0] ^= 0x5a;
		esp[1] ^= 0xa5;
		sent[3] += send_variant(raw, &c, pkt, esp_len) == 0;
	}
	close(raw);
	printf("injected replay=%d forge=%d truncate=%d spi=%d\n", sent[0], sent[1], sent[2], sent[3]);
	return 0;
}
