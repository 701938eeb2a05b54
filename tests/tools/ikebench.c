/* ikebench: handshake cost of the IKEv1 engine, both ends in this one thread over the
 * in-memory wire of the two-engine tests (no sockets, no kernel), so that the figure is
 * the engine's own CPU: N distinct ISAKMP SAs, each with one Quick Mode.
 *
 *   ikebench [-n N] [-g GROUP] [-p PFS_GROUP] [-s]     -s: one after the other
 *
 * Prints handshakes per CPU second (both peers' work together, as the interop rig's
 * strongSwan figure counts both daemons) and the mean CPU per handshake. */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "platform/log.h"
#include "platform/util.h"
#include "tests/unit/ike_pair.h"
#include "vpn/isakmp.h"

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Connection i: 10.<i/256>.<i%256>.0/24 behind A, 10.<128+i/256>.<i%256>.0/24 behind B;
 * A talks from its own address 198.18.<i/256>.<i%256> so that every SA has its peer. */
static void conn_fill(struct vpn_conn *c, unsigned i, int side, struct in_addr a_addr, struct in_addr b_addr,
		      uint16_t pfs)
{
	struct dp_selector s = { .src_plen = 24, .dst_plen = 24 };
	uint32_t a_net = 0x0a000000u | (i & 0x7fff) << 8, b_net = 0x0a800000u | (i & 0x7fff) << 8;

	memset(c, 0, sizeof(*c));
	snprintf(c->map_name, sizeof(c->map_name), "BENCH");
	c->seq = i + 1;
	c->reqid = DP_REQID_BASE + i + 1;
	c->local_addr = side ? b_addr : a_addr;
	c->npeers = 1;
	c->peers[0] = side ? a_addr : b_addr;
	s.src.s_addr = htonl(side ? b_net : a_net);
	s.dst.s_addr = htonl(side ? a_net : b_net);
	c->nsel = 1;
	c->sel = xmalloc(sizeof(s));
	c->sel[0] = s;
	c->ntsets = 1;
	c->tsets[0] = (struct vpn_transform_set){ "TS", ESP_AES, 128, IPSEC_AUTH_HMAC_SHA1, DP_MODE_TUNNEL };
	c->pfs_group = pfs;
	c->lifetime_s = 3600;
}

static struct vpn_config *bench_config(struct pair *p, int side, unsigned n, uint16_t group, uint16_t pfs)
{
	struct vpn_config *c = cfg_default(p, side);

	cfg_set_policy(c, 0, 10, OAKLEY_ENCR_AES_CBC, 128, OAKLEY_HASH_SHA1, group, 86400);
	c->auth[0].addr.s_addr = c->auth[0].mask.s_addr = 0;     /* any peer */
	for (size_t i = 0; i < c->nconns; i++)
		free(c->conns[i].sel);
	c->conns = xrealloc(c->conns, n * sizeof(*c->conns));
	c->nconns = n;
	for (unsigned i = 0; i < n; i++) {
		struct in_addr a = { htonl(0xc6120000u | i) };
		conn_fill(&c->conns[i], i, side, a, p->addr[1], pfs);
	}
	c->max_half_open = n + 10;
	return c;
}

/* The wire delivers to whichever engine is not the sender. */
static struct pair P;

int main(int argc, char **argv)
{
	unsigned n = 200, group = 2, pfs = 0;
	bool serial = false;
	int opt;

	while ((opt = getopt(argc, argv, "n:g:p:s")) != -1) {
		switch (opt) {
		case 'n': n = (unsigned)atoi(optarg); break;
		case 'g': group = (unsigned)atoi(optarg); break;
		case 'p': pfs = (unsigned)atoi(optarg); break;
		case 's': serial = true; break;
		default:
			fprintf(stderr, "usage: ikebench [-n N] [-g GROUP] [-p PFS_GROUP] [-s]\n");
			return 2;
		}
	}
	log_init("ikebench", true);
	log_set_level(getenv("IKEBENCH_LOG") ? LOG_SEV_DEBUG : LOG_SEV_EMERG);
	pair_init(&P);
	P.w.latency_ms = 0;
	P.w.catch_all = true;
	pair_set_config(&P, 0, bench_config(&P, 0, n, (uint16_t)group, (uint16_t)pfs));
	pair_set_config(&P, 1, bench_config(&P, 1, n, (uint16_t)group, (uint16_t)pfs));

	double t0 = cpu_seconds();
	struct ike_stats sa, sb;
	for (unsigned i = 0; i < n; i++) {
		ike_engine_initiate(P.e[0], DP_REQID_BASE + i + 1);
		if (serial)
			pair_run(&P, 50);
	}
	for (int guard = 0; guard < 100000; guard++) {
		ike_engine_get_stats(P.e[0], &sa);
		if (sa.p2_established + sa.p2_failed + sa.p1_failed >= n)
			break;
		pair_run(&P, 1);
	}
	double cpu = cpu_seconds() - t0;
	ike_engine_get_stats(P.e[0], &sa);
	ike_engine_get_stats(P.e[1], &sb);
	printf("ikebench: %u x MM+QM (aes128-sha1, group %u, PFS group %u), %s: %llu up, %llu failed, %.3f s CPU, "
	       "%.0f handshakes/s, %.2f ms CPU per handshake (both peers), %llu retransmits\n",
	       n, group, pfs, serial ? "one at a time" : "all at once",
	       (unsigned long long)sa.p2_established, (unsigned long long)(sa.p1_failed + sa.p2_failed), cpu,
	       (double)sa.p2_established / cpu, cpu * 1000 / (double)(sa.p2_established ? sa.p2_established : 1),
	       (unsigned long long)(sa.retransmits + sb.retransmits));
	pair_free(&P);
	return sa.p2_established == n ? 0 : 1;
}
