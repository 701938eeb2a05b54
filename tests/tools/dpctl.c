/* dpctl: drives a data-plane backend without IKE, for the netns tests and the
 * throughput measurement. It opens a backend chosen by name, installs the SAs and
 * policies of a script (and of -e lines), owns the UDP 4500 socket that carries
 * ESP-in-UDP, runs the event loop, prints the events it gets, and prints counters on
 * SIGUSR1 and at exit (SIGTERM, SIGINT, or -T seconds).
 *
 *   dpctl [-b backend] [-t tun] [-m mtu] [-u addr] [-T secs] [-e line]... [script]
 *   dpctl inject IFACE COUNT      (see inject.c's comment below: the tamper tool)
 *
 * Script lines ('#' starts a comment):
 *   sa SRC DST SPI reqid=N enc=ALG[:HEXKEY] auth=ALG[:HEXKEY] [encap=SPORT:DPORT]
 *      [window=N] [soft-packets=N] [hard-packets=N] [soft-bytes=N] [hard-bytes=N]
 *      [soft-secs=N] [hard-secs=N]          ALG: null 3des des aes aesgcm16 /
 *                                           none md5 sha1 sha256 sha384 sha512
 *   policy in|out|fwd SRCNET DSTNET protect|bypass|drop [reqid=N] [tmpl=SRC-DST]
 *      [prio=N] [proto=N] [sport=N] [dport=N]
 *   del-sa DST SPI
 *   del-policy in|out|fwd SRCNET DSTNET
 *   flush
 */
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

#include "platform/dataplane.h"
#include "platform/dp_userspace.h"
#include "platform/event.h"
#include "platform/util.h"

int dpctl_inject(int argc, char **argv);

/* Backends this program can drive: those linked in. The xfrm backend is referenced
 * weakly, so dpctl links with or without it. */
extern const struct dataplane_ops dp_xfrm_ops __attribute__((weak));

static const struct dataplane_ops *backend_find(const char *name)
{
	const struct dataplane_ops *linked[] = { &dp_userspace_ops, &dp_xfrm_ops };

	for (size_t i = 0; i < ARRAY_SIZE(linked); i++)
		if (linked[i] && strcmp(linked[i]->name, name) == 0)
			return linked[i];
	return NULL;
}

#define MAX_SAS 256

struct dpctl {
	struct dataplane dp;
	bool userspace;
	int udp_fd;
	struct in_addr udp_addr;
	uint64_t ike_ignored;
	struct { struct in_addr dst; uint32_t spi; } sas[MAX_SAS];
	size_t nsas;
};

/* ---- script parsing ---- */

static int parse_hex(const char *hex, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(hex);

	if (n % 2 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	*len = n / 2;
	return 0;
}

static int parse_net(const char *s, struct in_addr *addr, uint8_t *plen)
{
	char buf[32];
	const char *slash = strchr(s, '/');
	long bits = 32;

	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - s) : (int)strlen(s), s);
	if (slash)
		bits = strtol(slash + 1, NULL, 10);
	if (inet_pton(AF_INET, buf, addr) != 1 || bits < 0 || bits > 32)
		return -1;
	*plen = (uint8_t)bits;
	return 0;
}

static int parse_addr(const char *s, struct in_addr *addr)
{
	return inet_pton(AF_INET, s, addr) == 1 ? 0 : -1;
}

struct name_id { const char *name; int id; };

static int lookup(const struct name_id *table, size_t n, const char *name, size_t name_len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(table[i].name) == name_len && strncmp(table[i].name, name, name_len) == 0)
			return table[i].id;
	return -1;
}

/* "alg" or "alg:hexkey" */
static int parse_alg(const char *v, const struct name_id *table, size_t n, int *id, uint8_t *key,
		     size_t *key_len)
{
	const char *colon = strchr(v, ':');

	*id = lookup(table, n, v, colon ? (size_t)(colon - v) : strlen(v));
	*key_len = 0;
	if (*id < 0)
		return -1;
	return colon ? parse_hex(colon + 1, key, DP_KEY_MAX, key_len) : 0;
}

static const struct name_id ciphers[] = {
	{ "null", DP_ENC_NULL }, { "des", DP_ENC_DES }, { "3des", DP_ENC_3DES },
	{ "aes", DP_ENC_AES_CBC }, { "aesgcm16", DP_ENC_AES_GCM16 },
};
static const struct name_id integrity[] = {
	{ "none", DP_AUTH_NONE }, { "md5", DP_AUTH_HMAC_MD5_96 }, { "sha1", DP_AUTH_HMAC_SHA1_96 },
	{ "sha256", DP_AUTH_HMAC_SHA256_128 }, { "sha384", DP_AUTH_HMAC_SHA384_192 },
	{ "sha512", DP_AUTH_HMAC_SHA512_256 },
};

static int sa_option(struct dp_sa *sa, const char *key, const char *v)
{
	int id = 0, rc = 0;
	unsigned long long n = strtoull(v, NULL, 0);

	if (!strcmp(key, "reqid")) sa->reqid = (uint32_t)n;
	else if (!strcmp(key, "window")) sa->replay_window = (uint32_t)n;
	else if (!strcmp(key, "soft-packets")) sa->life.soft_packets = n;
	else if (!strcmp(key, "hard-packets")) sa->life.hard_packets = n;
	else if (!strcmp(key, "soft-bytes")) sa->life.soft_bytes = n;
	else if (!strcmp(key, "hard-bytes")) sa->life.hard_bytes = n;
	else if (!strcmp(key, "soft-secs")) sa->life.soft_secs = n;
	else if (!strcmp(key, "hard-secs")) sa->life.hard_secs = n;
	else if (!strcmp(key, "encap")) {
		unsigned sport, dport;
		rc = sscanf(v, "%u:%u", &sport, &dport) == 2 ? 0 : -1;
		sa->encap_sport = (uint16_t)sport;
		sa->encap_dport = (uint16_t)dport;
	} else if (!strcmp(key, "enc")) {
		rc = parse_alg(v, ciphers, ARRAY_SIZE(ciphers), &id, sa->enc_key, &sa->enc_key_len);
		sa->enc = (enum dp_enc)id;
	} else if (!strcmp(key, "auth")) {
		rc = parse_alg(v, integrity, ARRAY_SIZE(integrity), &id, sa->auth_key, &sa->auth_key_len);
		sa->auth = (enum dp_auth)id;
	} else {
		rc = -1;
	}
	return rc;
}

static int policy_option(struct dp_policy *pol, const char *key, const char *v)
{
	unsigned long n = strtoul(v, NULL, 0);

	if (!strcmp(key, "reqid")) pol->reqid = (uint32_t)n;
	else if (!strcmp(key, "prio")) pol->priority = (uint32_t)n;
	else if (!strcmp(key, "proto")) pol->sel.proto = (uint8_t)n;
	else if (!strcmp(key, "sport")) pol->sel.sport = (uint16_t)n;
	else if (!strcmp(key, "dport")) pol->sel.dport = (uint16_t)n;
	else if (!strcmp(key, "tmpl")) {
		char buf[64], *dash;
		snprintf(buf, sizeof(buf), "%s", v);
		dash = strchr(buf, '-');
		if (!dash)
			return -1;
		*dash = 0;
		return parse_addr(buf, &pol->tmpl_src) | parse_addr(dash + 1, &pol->tmpl_dst);
	} else
		return -1;
	return 0;
}

/* key=value words from argv[first]. */
static int options(char **argv, int argc, int first, int (*fn)(void *, const char *, const char *), void *obj)
{
	for (int i = first; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq)
			return -1;
		*eq = 0;
		if (fn(obj, argv[i], eq + 1) < 0) {
			fprintf(stderr, "dpctl: bad option %s=%s\n", argv[i], eq + 1);
			return -1;
		}
	}
	return 0;
}

static int sa_option_cb(void *obj, const char *k, const char *v) { return sa_option(obj, k, v); }
static int policy_option_cb(void *obj, const char *k, const char *v) { return policy_option(obj, k, v); }

static int dir_of(const char *s)
{
	return !strcmp(s, "in") ? DP_DIR_IN : !strcmp(s, "out") ? DP_DIR_OUT : !strcmp(s, "fwd") ? DP_DIR_FWD : -1;
}

static int action_of(const char *s)
{
	return !strcmp(s, "protect") ? DP_ACT_PROTECT : !strcmp(s, "bypass") ? DP_ACT_BYPASS :
	       !strcmp(s, "drop") ? DP_ACT_DROP : -1;
}

static int cmd_sa(struct dpctl *ctl, int argc, char **argv)
{
	struct dp_sa sa = { .mode = DP_MODE_TUNNEL, .replay_window = 64 };
	int err;

	if (argc < 4 || parse_addr(argv[1], &sa.src) || parse_addr(argv[2], &sa.dst))
		return -EINVAL;
	sa.spi = (uint32_t)strtoul(argv[3], NULL, 0);
	sa.sel.src_plen = sa.sel.dst_plen = 0;
	if (options(argv, argc, 4, sa_option_cb, &sa) < 0)
		return -EINVAL;
	err = ctl->dp.ops->add_sa(&ctl->dp, &sa);
	if (err == 0 && ctl->nsas < MAX_SAS) {
		ctl->sas[ctl->nsas].dst = sa.dst;
		ctl->sas[ctl->nsas++].spi = sa.spi;
	}
	return err;
}

static int cmd_policy(struct dpctl *ctl, int argc, char **argv, bool del)
{
	struct dp_policy pol = { .mode = DP_MODE_TUNNEL, .priority = 100 };
	int dir = argc > 1 ? dir_of(argv[1]) : -1, action = argc > 4 ? action_of(argv[4]) : DP_ACT_PROTECT;

	if (argc < 4 + !del || dir < 0 || action < 0 || parse_net(argv[2], &pol.sel.src, &pol.sel.src_plen) ||
	    parse_net(argv[3], &pol.sel.dst, &pol.sel.dst_plen))
		return -EINVAL;
	pol.dir = (enum dp_dir)dir;
	pol.action = (enum dp_action)action;
	if (!del && options(argv, argc, 5, policy_option_cb, &pol) < 0)
		return -EINVAL;
	return del ? ctl->dp.ops->del_policy(&ctl->dp, &pol) : ctl->dp.ops->add_policy(&ctl->dp, &pol);
}

static int run_line(struct dpctl *ctl, char *line)
{
	char *argv[32];
	int argc = 0;
	struct in_addr dst;

	for (char *tok = strtok(line, " \t\r\n"); tok && argc < 32; tok = strtok(NULL, " \t\r\n")) {
		if (*tok == '#')
			break;
		argv[argc++] = tok;
	}
	if (argc == 0)
		return 0;
	if (!strcmp(argv[0], "sa"))
		return cmd_sa(ctl, argc, argv);
	if (!strcmp(argv[0], "policy"))
		return cmd_policy(ctl, argc, argv, false);
	if (!strcmp(argv[0], "del-policy"))
		return cmd_policy(ctl, argc, argv, true);
	if (!strcmp(argv[0], "del-sa") && argc == 3 && !parse_addr(argv[1], &dst))
		return ctl->dp.ops->del_sa(&ctl->dp, dst, (uint32_t)strtoul(argv[2], NULL, 0));
	if (!strcmp(argv[0], "flush"))
		return ctl->dp.ops->flush(&ctl->dp);
	return -EINVAL;
}

static int run_script(struct dpctl *ctl, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0, err = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		lineno++;
		err = run_line(ctl, line);
		if (err)
			fprintf(stderr, "dpctl: %s:%d: %s\n", path, lineno, strerror(-err));
	}
	fclose(f);
	return err;
}

/* ---- events and counters ---- */

static void on_acquire(void *arg, uint32_t reqid, const struct dp_selector *sel, struct in_addr local,
		       struct in_addr peer)
{
	char l[16], p[16], s[16], d[16];

	UNUSED(arg);
	printf("acquire reqid=%u sel=%s/%u-%s/%u local=%s peer=%s\n", reqid,
	       inet_ntop(AF_INET, &sel->src, s, sizeof(s)), sel->src_plen,
	       inet_ntop(AF_INET, &sel->dst, d, sizeof(d)), sel->dst_plen,
	       inet_ntop(AF_INET, &local, l, sizeof(l)), inet_ntop(AF_INET, &peer, p, sizeof(p)));
}

static void on_expire(void *arg, struct in_addr dst, uint32_t spi, bool hard)
{
	char d[16];

	UNUSED(arg);
	printf("expire dst=%s spi=0x%08x %s\n", inet_ntop(AF_INET, &dst, d, sizeof(d)), spi, hard ? "hard" : "soft");
}

static void print_counters(struct dpctl *ctl)
{
	for (size_t i = 0; i < ctl->nsas; i++) {
		struct dp_counters c;
		char d[16];
		if (ctl->dp.ops->query_sa(&ctl->dp, ctl->sas[i].dst, ctl->sas[i].spi, &c) < 0)
			continue;
		printf("sa dst=%s spi=0x%08x packets=%llu bytes=%llu replay=%llu integrity=%llu used=%s\n",
		       inet_ntop(AF_INET, &ctl->sas[i].dst, d, sizeof(d)), ctl->sas[i].spi,
		       (unsigned long long)c.packets, (unsigned long long)c.bytes,
		       (unsigned long long)c.replay_errors, (unsigned long long)c.integrity_errors,
		       c.use_time ? "yes" : "no");
	}
	if (ctl->userspace) {
		struct dp_userspace_stats s;
		dp_userspace_get_stats(&ctl->dp, &s);
		printf("stats tun_read=%llu tun_written=%llu esp_sent=%llu esp_received=%llu no_policy=%llu "
		       "not_ipv4=%llu acquires=%llu queued=%llu queue_drops=%llu unknown_spi=%llu truncated=%llu replay=%llu "
		       "integrity=%llu bad_padding=%llu policy_mismatch=%llu send_errors=%llu "
		       "tun_write_errors=%llu expired_drops=%llu keepalives=%llu ike_ignored=%llu\n",
		       (unsigned long long)s.tun_read, (unsigned long long)s.tun_written,
		       (unsigned long long)s.esp_sent, (unsigned long long)s.esp_received,
		       (unsigned long long)s.no_policy, (unsigned long long)s.not_ipv4, (unsigned long long)s.acquires,
		       (unsigned long long)s.queued, (unsigned long long)s.queue_drops,
		       (unsigned long long)s.unknown_spi, (unsigned long long)s.truncated,
		       (unsigned long long)s.replay, (unsigned long long)s.integrity,
		       (unsigned long long)s.bad_padding, (unsigned long long)s.policy_mismatch,
		       (unsigned long long)s.send_errors, (unsigned long long)s.tun_write_errors,
		       (unsigned long long)s.expired_drops, (unsigned long long)s.keepalives,
		       (unsigned long long)ctl->ike_ignored);
	}
	printf("end\n");
	fflush(stdout);
}

static void on_signal(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct dpctl *ctl = arg;
	struct signalfd_siginfo si;

	UNUSED(events);
	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGUSR1)
			print_counters(ctl);
		else
			ev_stop(loop);
	}
}

static void on_deadline(struct ev_loop *loop, void *arg)
{
	UNUSED(arg);
	ev_stop(loop);
}

/* ---- the UDP 4500 socket (what the IKE socket layer does in the daemon) ---- */

static int udp_send(void *arg, struct in_addr src, uint16_t sport, struct in_addr dst, uint16_t dport,
		    const uint8_t *pkt, size_t len)
{
	struct dpctl *ctl = arg;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(dport), .sin_addr = dst };

	UNUSED(src);
	UNUSED(sport);      /* the socket is bound to the SA's address and port 4500 */
	return sendto(ctl->udp_fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0 ? -errno : 0;
}

static void udp_readable(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct dpctl *ctl = arg;
	uint8_t pkt[65536];

	UNUSED(loop);
	UNUSED(events);
	for (int n = 0; n < 64; n++) {
		struct sockaddr_in from;
		socklen_t from_len = sizeof(from);
		ssize_t got = recvfrom(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&from, &from_len);
		if (got < 0)
			break;
		if (got >= 4 && !pkt[0] && !pkt[1] && !pkt[2] && !pkt[3]) {
			ctl->ike_ignored++;     /* non-ESP marker: IKE, which dpctl does not speak */
			continue;
		}
		dp_userspace_udp_input(&ctl->dp, from.sin_addr, ntohs(from.sin_port), ctl->udp_addr, 4500,
				       pkt, (size_t)got);
	}
}

static int udp_open(struct dpctl *ctl, const char *addr)
{
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(4500) };
	int size = 4 * 1024 * 1024;

	if (parse_addr(addr, &local.sin_addr) < 0)
		return -EINVAL;
	ctl->udp_addr = local.sin_addr;
	ctl->udp_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ctl->udp_fd < 0 || bind(ctl->udp_fd, (struct sockaddr *)&local, sizeof(local)) < 0)
		return -errno;
	setsockopt(ctl->udp_fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
	setsockopt(ctl->udp_fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size));
	dp_userspace_set_udp_sender(&ctl->dp, udp_send, ctl);
	return ev_fd_add(ctl->dp.loop, ctl->udp_fd, EPOLLIN, udp_readable, ctl);
}

static int signals_open(struct dpctl *ctl)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return fd < 0 ? -errno : ev_fd_add(ctl->dp.loop, fd, EPOLLIN, on_signal, ctl);
}

static void usage(void)
{
	fputs("usage: dpctl [-b backend] [-t tun] [-m mtu] [-u addr] [-T secs] [-e line]... [script]\n"
	      "       dpctl inject IFACE COUNT\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct dpctl ctl = { .udp_fd = -1 };
	const char *backend = "userspace", *tun = NULL, *udp_addr = NULL, *lines[64];
	unsigned mtu = 0, nlines = 0, secs = 0;
	int opt, err = 0;

	if (argc > 1 && !strcmp(argv[1], "inject"))
		return dpctl_inject(argc - 1, argv + 1);
	while ((opt = getopt(argc, argv, "b:t:m:u:T:e:")) != -1) {
		switch (opt) {
		case 'b': backend = optarg; break;
		case 't': tun = optarg; break;
		case 'm': mtu = (unsigned)atoi(optarg); break;
		case 'u': udp_addr = optarg; break;
		case 'T': secs = (unsigned)atoi(optarg); break;
		case 'e': if (nlines < ARRAY_SIZE(lines)) lines[nlines++] = optarg; break;
		default: usage();
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	ctl.dp.ops = backend_find(backend);
	if (!ctl.dp.ops) {
		fprintf(stderr, "dpctl: no backend named %s in this build\n", backend);
		return 2;
	}
	ctl.userspace = ctl.dp.ops == &dp_userspace_ops;
	ctl.dp.loop = ev_loop_new();
	ctl.dp.events = (struct dp_events){ .acquire = on_acquire, .expire = on_expire, .ctx = &ctl };
	if (ctl.userspace && (tun || mtu) && dp_userspace_set_tun(&ctl.dp, tun, mtu) < 0)
		usage();
	if ((err = signals_open(&ctl)) < 0 || (err = ctl.dp.ops->open(&ctl.dp)) < 0) {
		fprintf(stderr, "dpctl: open %s: %s\n", backend, strerror(-err));
		return 1;
	}
	if (udp_addr && (err = udp_open(&ctl, udp_addr)) < 0)
		fprintf(stderr, "dpctl: udp socket: %s\n", strerror(-err));
	if (!err && optind < argc)
		err = run_script(&ctl, argv[optind]);
	for (unsigned i = 0; !err && i < nlines; i++) {
		char *line = xstrdup(lines[i]);
		if ((err = run_line(&ctl, line)) < 0)
			fprintf(stderr, "dpctl: -e '%s': %s\n", lines[i], strerror(-err));
		free(line);
	}
	if (!err) {
		printf("ready\n");
		if (secs)
			ev_timer_add(ctl.dp.loop, secs * 1000ull, on_deadline, NULL);
		ev_run(ctl.dp.loop);
		print_counters(&ctl);
	}
	ctl.dp.ops->close(&ctl.dp);
	if (ctl.udp_fd >= 0)
		close(ctl.udp_fd);
	ev_loop_free(ctl.dp.loop);
	return err ? 1 : 0;
}
