/* iketool: runs the IKEv1 engine with its UDP 500/4500 sockets and a data plane in one
 * event loop, configured from a file (see iketool_conf.c), until SIGINT/SIGTERM or -T.
 * It stands in for rampartd in the netns interop tests.
 *
 *   iketool -c FILE [-b userspace|memory] [-t TUN] [-m MTU] [-s STATUS] [-p asa|ios]
 *           [-d LEVEL] [-i MAP:SEQ]... [-I [-W WINDOW]] [-T SECS] [-P IKEPORT:NATTPORT]
 *
 *   -b  data plane: userspace (ESP over a TUN device, default) or memory (records SAs:
 *       negotiation only, for peers whose own data plane cannot run here)
 *   -s  status file, rewritten every 250 ms and on SIGUSR1 (see write_status)
 *   -i  initiate that crypto map entry at start (else traffic triggers it: acquire);
 *       -I  every entry; -W N  at most N of them negotiating at a time (load generator:
 *       the status file then has the stats line only)
 *   signals: SIGUSR1 status now, SIGUSR2 clear all SAs (sending Delete), SIGHUP reload
 *   the configuration file, SIGINT/SIGTERM delete everything and exit.
 * Every log line goes to stderr prefixed with milliseconds since start. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "crypto/secure.h"
#include "platform/dp_userspace.h"
#include "platform/event.h"
#include "platform/ike_socket.h"
#include "platform/log.h"
#include "platform/util.h"
#include "tests/tools/dp_memory.h"
#include "tests/tools/iketool.h"
#include "vpn/ike.h"

struct iketool {
	struct ev_loop *loop;
	struct dataplane dp;
	struct ike_socket *sock;
	struct ike_engine *engine;
	struct iketool_conf conf;
	const char *conf_path, *status_path;
	char *initiate[8];
	int ninitiate;
	bool initiate_all;
	unsigned window;               /* -W: initiate-all keeps at most this many negotiating */
	size_t next_conn;              /* the next connection a paced initiate-all starts */
	uint64_t failures_retried;     /* failures counted when they were last retried */
	uint64_t paced_t0, retry_at;   /* when the paced initiate-all began; when it may retry */
	uint64_t all_up_ms;            /* from then until every connection's Quick Mode was done */
	uint64_t t0;
	struct ev_timer *status_timer, *stop_timer;
};

static struct iketool T;

static void log_to_stderr(void *ctx, bool is_debug, enum log_sev sev, const char *line)
{
	(void)ctx;
	(void)is_debug;
	(void)sev;
	uint64_t ms = ev_monotonic_ms(NULL) - T.t0;
	fprintf(stderr, "[%6llu.%03llu] %s\n", (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000), line);
}

/* ---- policies: what the config compiler will install from crypto map entries ---------- */

static void install_policies(struct vpn_config *cfg)
{
	for (size_t i = 0; i < cfg->nconns; i++) {
		const struct vpn_conn *c = &cfg->conns[i];
		for (size_t k = 0; k < c->nsel && c->npeers; k++) {
			struct dp_selector in = { .src = c->sel[k].dst, .dst = c->sel[k].src, .src_plen = c->sel[k].dst_plen,
						  .dst_plen = c->sel[k].src_plen, .proto = c->sel[k].proto,
						  .sport = c->sel[k].dport, .dport = c->sel[k].sport };
			struct dp_policy out = { .sel = c->sel[k], .dir = DP_DIR_OUT, .action = DP_ACT_PROTECT,
						 .priority = 1000, .reqid = c->reqid, .mode = c->tsets[0].mode,
						 .tmpl_src = c->local_addr, .tmpl_dst = c->peers[0] };
			struct dp_policy inp = out, fwd;
			inp.sel = in;
			inp.dir = DP_DIR_IN;
			inp.tmpl_src = c->peers[0];
			inp.tmpl_dst = c->local_addr;
			fwd = inp;
			fwd.dir = DP_DIR_FWD;
			const struct dp_policy *all[] = { &out, &inp, &fwd };
			for (size_t j = 0; j < 3; j++) {
				int rc = T.dp.ops->add_policy(&T.dp, all[j]);
				if (rc < 0 && rc != -EEXIST)
					fprintf(stderr, "iketool: policy for crypto map %s %u: %s\n", c->map_name, c->seq,
						strerror(-rc));
			}
		}
	}
}

/* ---- status --------------------------------------------------------------------------------- */

static void show_ike(void *ctx, const struct ike_sa_info *i)
{
	FILE *f = ctx;
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &i->local.addr, local, sizeof(local));
	inet_ntop(AF_INET, &i->peer.addr, peer, sizeof(peer));
	fprintf(f, "ike peer=%s:%u local=%s:%u role=%s state=%s ios-state=%s conn-id=%u mode=%s encr=%s hash=%s "
		   "group=%u life=%u remaining=%u nat-t=%s nat-local=%s nat-remote=%s dpd=%s rekeyed=%s ipsec=%u\n",
		peer, i->peer.port, local, i->local.port, i->role == IKE_ROLE_INITIATOR ? "initiator" : "responder",
		i->state_asa, i->state_ios, i->conn_id, i->aggressive ? "aggressive" : "main", i->encr_name,
		i->hash_name, i->group, i->lifetime_s, i->remaining_s, i->nat_t ? "yes" : "no",
		i->nat_local ? "yes" : "no", i->nat_remote ? "yes" : "no", i->dpd ? "yes" : "no",
		i->rekeyed ? "yes" : "no", i->ipsec_sa_count);
}

static void show_ipsec(void *ctx, const struct ipsec_sa_info *i)
{
	FILE *f = ctx;
	char peer[INET_ADDRSTRLEN], l[INET_ADDRSTRLEN], r[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &i->peer, peer, sizeof(peer));
	inet_ntop(AF_INET, &i->sel.src, l, sizeof(l));
	inet_ntop(AF_INET, &i->sel.dst, r, sizeof(r));
	fprintf(f, "ipsec map=%s seq=%u peer=%s local=%s/%u remote=%s/%u spi-in=0x%08x spi-out=0x%08x "
		   "transform=\"%s\" mode=%s udp-encap=%s encap=%u:%u pfs=%u life=%u kb=%llu remaining=%u "
		   "pkts-in=%llu pkts-out=%llu bytes-in=%llu bytes-out=%llu role=%s rekeyed=%s\n",
		i->map_name, i->seq, peer, l, i->sel.src_plen, r, i->sel.dst_plen, i->spi_in, i->spi_out,
		i->transform_asa, i->mode == DP_MODE_TUNNEL ? "tunnel" : "transport", i->udp_encap ? "yes" : "no",
		i->encap_local, i->encap_peer, i->pfs_group, i->lifetime_s, (unsigned long long)i->lifetime_kb,
		i->remaining_s, (unsigned long long)i->in.packets, (unsigned long long)i->out.packets,
		(unsigned long long)i->in.bytes, (unsigned long long)i->out.bytes,
		i->role == IKE_ROLE_INITIATOR ? "initiator" : "responder", i->rekeyed ? "yes" : "no");
}

static void write_status(void)
{
	char tmp[4096];
	struct ike_stats s;
	FILE *f;

	if (!T.status_path)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", T.status_path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	/* A load generator's thousands of SAs, listed four times a second, would be the load. */
	if (!T.window) {
		ike_engine_foreach_ike_sa(T.engine, show_ike, f);
		ike_engine_foreach_ipsec_sa(T.engine, show_ipsec, f);
	}
	ike_engine_get_stats(T.engine, &s);
	fprintf(f, "stats rx=%llu tx=%llu retransmits=%llu duplicates=%llu dropped=%llu p1=%llu p2=%llu "
		   "p1-failed=%llu p2-failed=%llu dpd-sent=%llu dpd-acked=%llu keepalives=%llu deletes-sent=%llu "
		   "deletes-received=%llu queued-early=%llu half-open-dropped=%llu up-ms=%llu\nend\n",
		(unsigned long long)s.rx, (unsigned long long)s.tx, (unsigned long long)s.retransmits,
		(unsigned long long)s.duplicates, (unsigned long long)s.dropped, (unsigned long long)s.p1_established,
		(unsigned long long)s.p2_established, (unsigned long long)s.p1_failed, (unsigned long long)s.p2_failed,
		(unsigned long long)s.dpd_sent, (unsigned long long)s.dpd_acked, (unsigned long long)s.keepalives_sent,
		(unsigned long long)s.deletes_sent, (unsigned long long)s.deletes_received,
		(unsigned long long)s.queued_early, (unsigned long long)s.half_open_dropped,
		(unsigned long long)T.all_up_ms);
	fclose(f);
	rename(tmp, T.status_path);
}

static void status_fired(struct ev_loop *loop, void *arg)
{
	(void)arg;
	write_status();
	T.status_timer = ev_timer_add(loop, 250, status_fired, NULL);
}

/* ---- control ------------------------------------------------------------------------------- */

static void initiate_named(const char *spec)
{
	char map[VPN_NAME_MAX];
	unsigned seq;
	const struct vpn_config *cfg = T.conf.cfg;

	if (sscanf(spec, "%63[^:]:%u", map, &seq) != 2)
		return;
	for (size_t i = 0; i < cfg->nconns; i++)
		if (!strcmp(cfg->conns[i].map_name, map) && cfg->conns[i].seq == seq)
			ike_engine_initiate(T.engine, cfg->conns[i].reqid);
}

/* A load generator for thousands of tunnels: starting them all at once only measures how
 * the responder sheds a flood, so -W keeps `window` connections negotiating at a time.
 * Once all are started, those that failed are started again, at most every 2 s (starting
 * one that is up or negotiating does nothing). Runs every 5 ms until every connection's
 * Quick Mode is done, so that a benchmark reads how long that took (up-ms) from the
 * engine's own clock, not from the status file's quarter-second ticks. */
static void initiate_paced(struct ev_loop *loop, void *arg)
{
	const struct vpn_config *cfg = T.conf.cfg;
	uint64_t now = ev_monotonic_ms(NULL), failed, done;
	struct ike_stats s;

	(void)arg;
	if (!T.paced_t0)
		T.paced_t0 = now;
	ike_engine_get_stats(T.engine, &s);
	failed = s.p2_failed + s.p1_failed;
	done = s.p2_established + failed;
	while (T.next_conn < cfg->nconns && T.next_conn < done + T.window)
		ike_engine_initiate(T.engine, cfg->conns[T.next_conn++].reqid);
	if (s.p2_established >= cfg->nconns) {
		T.all_up_ms = now - T.paced_t0;
		return;
	}
	if (T.next_conn >= cfg->nconns && failed > T.failures_retried && now >= T.retry_at) {
		for (size_t i = 0; i < cfg->nconns; i++)
			ike_engine_initiate(T.engine, cfg->conns[i].reqid);
		T.failures_retried = failed;
		T.retry_at = now + 2000;
	}
	ev_timer_add(loop, 5, initiate_paced, NULL);
}

static void initiate_fired(struct ev_loop *loop, void *arg)
{
	(void)loop;
	(void)arg;
	for (int i = 0; i < T.ninitiate; i++)
		initiate_named(T.initiate[i]);
	for (size_t i = 0; T.initiate_all && !T.window && i < T.conf.cfg->nconns; i++)
		ike_engine_initiate(T.engine, T.conf.cfg->conns[i].reqid);
	if (T.initiate_all && T.window)
		ev_timer_add(loop, 0, initiate_paced, NULL);
}

static void reload(void)
{
	struct iketool_conf next;

	if (iketool_conf_load(&next, T.conf_path) < 0)
		return;
	vpn_config_unref(T.conf.cfg);
	T.conf = next;
	ike_engine_set_config(T.engine, T.conf.cfg);
	install_policies(T.conf.cfg);
	fprintf(stderr, "iketool: configuration reloaded\n");
}

static void signal_readable(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct signalfd_siginfo si;

	(void)events;
	(void)arg;
	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGUSR1)
			write_status();
		else if (si.ssi_signo == SIGUSR2)
			fprintf(stderr, "iketool: cleared %u IPsec and %u ISAKMP SAs\n",
				ike_engine_clear_ipsec(T.engine, NULL), ike_engine_clear_ike(T.engine, NULL));
		else if (si.ssi_signo == SIGHUP)
			reload();
		else
			ev_stop(loop);
	}
}

static int signals_open(void)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0 || ev_fd_add(T.loop, fd, EPOLLIN, signal_readable, NULL) < 0)
		return -1;
	return fd;
}

static void stop_fired(struct ev_loop *loop, void *arg)
{
	(void)arg;
	ev_stop(loop);
}

/* ---- setup ------------------------------------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr, "usage: iketool -c FILE [-b userspace|memory] [-t TUN] [-m MTU] [-s STATUS] [-p asa|ios]\n"
			"               [-d LEVEL] [-i MAP:SEQ]... [-I [-W WINDOW]] [-T SECS] [-P IKEPORT:NATTPORT]\n");
	exit(2);
}

static int open_dataplane(const char *backend, const char *tun, unsigned mtu)
{
	T.dp.loop = T.loop;
	if (!strcmp(backend, "memory")) {
		T.dp.ops = &dp_memory_ops;
	} else if (!strcmp(backend, "userspace")) {
		T.dp.ops = &dp_userspace_ops;
		if (dp_userspace_set_tun(&T.dp, tun, mtu) < 0)
			return -EINVAL;
	} else {
		return -ENOENT;
	}
	return T.dp.ops->open(&T.dp);
}

int main(int argc, char **argv)
{
	const char *backend = "userspace", *tun = NULL;
	struct ike_ports ports = { 500, 4500 };
	unsigned mtu = 0, debug = 0, stop_after = 0;
	int opt, sigfd, rc;

	while ((opt = getopt(argc, argv, "c:b:t:m:s:p:d:i:IW:T:P:")) != -1) {
		switch (opt) {
		case 'c': T.conf_path = optarg; break;
		case 'b': backend = optarg; break;
		case 't': tun = optarg; break;
		case 'm': mtu = (unsigned)atoi(optarg); break;
		case 's': T.status_path = optarg; break;
		case 'p': log_set_personality(!strcmp(optarg, "ios") ? LOG_IOS : LOG_ASA); break;
		case 'd': debug = (unsigned)atoi(optarg); break;
		case 'i': if (T.ninitiate < 8) T.initiate[T.ninitiate++] = optarg; break;
		case 'I': T.initiate_all = true; break;
		case 'W': T.window = (unsigned)atoi(optarg); break;
		case 'T': stop_after = (unsigned)atoi(optarg); break;
		case 'P': if (sscanf(optarg, "%hu:%hu", &ports.ike, &ports.natt) != 2) usage(); break;
		default: usage();
		}
	}
	if (!T.conf_path)
		usage();
	T.t0 = ev_monotonic_ms(NULL);
	log_init("iketool", true);
	log_set_level(LOG_SEV_EMERG);        /* our sink prints, with time stamps */
	log_add_sink(log_to_stderr, NULL);
	dbg_set(DBG_ISAKMP, debug);
	dbg_set(DBG_IPSEC, debug);
	secure_init();
	if (iketool_conf_load(&T.conf, T.conf_path) < 0)
		return 2;
	T.loop = ev_loop_new();
	if ((rc = open_dataplane(backend, tun, mtu)) < 0) {
		fprintf(stderr, "iketool: data plane %s: %s\n", backend, strerror(-rc));
		return 1;
	}
	T.sock = ike_socket_open(T.loop, &ports);
	if (!T.sock) {
		fprintf(stderr, "iketool: UDP %u/%u: %s\n", ports.ike, ports.natt, strerror(errno));
		return 1;
	}
	struct ike_transport tx = ike_socket_transport(T.sock);
	T.engine = ike_engine_new(T.loop, &T.dp, &tx);
	ike_engine_set_ports(T.engine, &ports);
	ike_socket_attach(T.sock, T.engine, &T.dp);
	ike_engine_set_config(T.engine, T.conf.cfg);
	install_policies(T.conf.cfg);
	if ((sigfd = signals_open()) < 0)
		return 1;
	T.status_timer = ev_timer_add(T.loop, 0, status_fired, NULL);
	if (T.ninitiate || T.initiate_all)
		ev_timer_add(T.loop, 0, initiate_fired, NULL);
	if (stop_after)
		T.stop_timer = ev_timer_add(T.loop, (uint64_t)stop_after * 1000, stop_fired, NULL);
	fprintf(stderr, "iketool: ready (%s data plane, UDP %u/%u)\n", T.dp.ops->name, ports.ike, ports.natt);
	ev_run(T.loop);

	write_status();
	ike_engine_free(T.engine);
	ike_socket_close(T.sock);
	T.dp.ops->close(&T.dp);
	vpn_config_unref(T.conf.cfg);
	ev_timer_clear(T.loop, &T.status_timer);
	ev_timer_clear(T.loop, &T.stop_timer);
	ev_fd_del(T.loop, sigfd);
	close(sigfd);
	ev_loop_free(T.loop);
	return 0;
}
