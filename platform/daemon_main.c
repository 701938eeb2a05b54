/* rampartd's life: reads its bootstrap file, builds the grammar, replays the startup-config
 * and serves CLI sessions on the vty socket, all on one event loop. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "platform/daemon.h"
#include "platform/daemon_main.h"
#include "platform/event.h"
#include "platform/log.h"
#include "running-config/area.h"
#include "running-config/config.h"
#include "running-config/persist.h"
#include "running-config/system.h"
#include "shell/vty_server.h"
#include "vpn/runtime.h"

struct options {
	const char *conf_path;   /* -f, or NULL: the default file if it exists */
	bool foreground;
};

static void usage(FILE *to)
{
	fprintf(to, "usage: rampartd [-f rampartd.conf] [-F]\n"
		    "  -f FILE  bootstrap settings (default " BOOTSTRAP_DEFAULT_PATH ")\n"
		    "  -F       stay in the foreground and log to stderr\n");
}

static int parse_args(int argc, char **argv, struct options *o)
{
	int opt;
	while ((opt = getopt(argc, argv, "f:Fh")) != -1) {
		switch (opt) {
		case 'f':
			o->conf_path = optarg;
			break;
		case 'F':
			o->foreground = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* The file named by -f must exist; the default one may be absent (all defaults). */
static int read_bootstrap(const struct options *o, struct bootstrap *b)
{
	const char *path = o->conf_path ? o->conf_path : BOOTSTRAP_DEFAULT_PATH;
	char *err = NULL;

	bootstrap_defaults(b);
	if (!o->conf_path && access(path, F_OK) < 0)
		return 0;
	if (bootstrap_load(b, path, &err) < 0) {
		log_daemon(LOG_SEV_ERR, "%s", err);
		free(err);
		return -1;
	}
	return 0;
}

static void apply_log_settings(const struct bootstrap *b)
{
	int level = bootstrap_log_level(b->log_level);
	log_set_level(level < 0 ? LOG_SEV_INFO : (enum log_sev)level);
	log_set_personality(b->personality == GP_IOS ? LOG_IOS : LOG_ASA);
}

/* Warns about one setting SIGHUP cannot change, and keeps the running value. */
static void keep_str(const char *key, char **running, char **reread)
{
	if (strcmp(*running, *reread) != 0)
		log_daemon(LOG_SEV_WARNING, "rampartd.conf: %s change takes effect when rampartd restarts", key);
	char *tmp = *reread;
	*reread = xstrdup(*running);
	free(tmp);
}

static void keep_num(const char *key, unsigned running, unsigned *reread)
{
	if (running != *reread)
		log_daemon(LOG_SEV_WARNING, "rampartd.conf: %s change takes effect when rampartd restarts", key);
	*reread = running;
}

/* SIGHUP: the bootstrap file only. On any error the old settings stay whole. What
 * needs a restart (the socket, the personality, the data plane, ports) keeps its
 * running value and says so; the rest applies now. */
static void reload_bootstrap(struct rampartd *rd, const struct options *o)
{
	struct bootstrap nb;
	char *err = NULL;

	log_daemon(LOG_SEV_NOTICE, "SIGHUP: re-reading %s", o->conf_path ? o->conf_path : BOOTSTRAP_DEFAULT_PATH);
	if (read_bootstrap(o, &nb) < 0) {
		log_daemon(LOG_SEV_ERR, "rampartd.conf not reloaded: the running settings are kept");
		bootstrap_free(&nb);
		return;
	}
	keep_str("vty_socket", &rd->boot.vty_socket, &nb.vty_socket);
	keep_str("dataplane", &rd->boot.dataplane, &nb.dataplane);
	keep_str("tun_name", &rd->boot.tun_name, &nb.tun_name);
	keep_num("ike_port", rd->boot.ike_port, &nb.ike_port);
	keep_num("natt_port", rd->boot.natt_port, &nb.natt_port);
	unsigned p = nb.personality;
	keep_num("personality", rd->boot.personality, &p);
	nb.personality = (enum grammar_personality)p;
	if (vty_server_set_group(rd->vty, nb.vty_group, &err) < 0) {
		log_daemon(LOG_SEV_ERR, "rampartd.conf not reloaded: %s", err);
		free(err);
		bootstrap_free(&nb);
		return;
	}
	bootstrap_free(&rd->boot);
	rd->boot = nb;
	apply_log_settings(&rd->boot);
	sys_set_default_hostname(rd->config, rd->boot.hostname);
	log_daemon(LOG_SEV_NOTICE, "rampartd.conf reloaded");
	/* the interface map and the default hostname feed what the VPN is compiled from */
	if (rd->config_changed)
		rd->config_changed(rd);
}

struct signal_ctx {
	struct rampartd *rd;
	const struct options *opts;
	int fd;
};

static void on_signal(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct signal_ctx *sc = arg;
	struct signalfd_siginfo si;
	UNUSED(events);
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			reload_bootstrap(sc->rd, sc->opts);
		} else {
			log_daemon(LOG_SEV_NOTICE, "%s: stopping", strsignal((int)si.ssi_signo));
			ev_stop(loop);
		}
	}
}

static int setup_signals(struct signal_ctx *sc)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	/* A client that vanishes mid-write is an EPIPE, never a signal. */
	signal(SIGPIPE, SIG_IGN);
	sc->fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sc->fd < 0)
		return -1;
	return ev_fd_add(sc->rd->loop, sc->fd, EPOLLIN, on_signal, sc);
}

static void build_grammar(struct rampartd *rd)
{
	size_t ntables = 0;
	struct command_table *tables = areas_command_tables(&ntables);
	rd->grammar = grammar_new(tables, ntables);
	free(tables);
}

/* The startup-config is replayed through the grammar; a file that exists but cannot
 * be read stops the daemon: coming up empty would let `write memory` destroy it. */
static int load_startup(struct rampartd *rd)
{
	int bad = config_load_file(rd, rd->boot.startup_config);
	if (bad < 0) {
		log_daemon(LOG_SEV_ERR, "%s: cannot read the startup-config: %s", rd->boot.startup_config,
			   strerror(errno));
		return -1;
	}
	if (bad > 0)
		log_daemon(LOG_SEV_WARNING, "%s: %d line%s skipped", rd->boot.startup_config, bad, bad == 1 ? "" : "s");
	rd->saved_generation = rd->config->generation;
	return 0;
}

/* Without -F: detach once the socket is listening, so a start script that returns
 * can connect at once, and start-up errors still reached the terminal. */
static int detach(void)
{
	if (daemon(0, 0) < 0) {
		log_daemon(LOG_SEV_ERR, "daemon: %s", strerror(errno));
		return -1;
	}
	log_init("rampartd", false);
	return 0;
}

static void teardown(struct rampartd *rd)
{
	/* Before the configuration goes: the VPN deletes its SAs and policies. */
	vpn_runtime_stop(rd);
	vty_server_free(rd->vty);
	if (rd->config)
		running_config_free(rd->config);
	if (rd->grammar)
		grammar_free(rd->grammar);
	bootstrap_free(&rd->boot);
	if (rd->loop)
		ev_loop_free(rd->loop);
}

int rampartd_main(int argc, char **argv)
{
	struct options opts = { 0 };
	struct rampartd rd = { 0 };
	struct signal_ctx sc = { .rd = &rd, .opts = &opts, .fd = -1 };
	char *err = NULL;
	int rc = 1;

	if (parse_args(argc, argv, &opts) < 0)
		return 2;
	/* Until detached, messages go to stderr so a failed start is seen where it was typed. */
	log_init("rampartd", true);
	if (read_bootstrap(&opts, &rd.boot) < 0) {
		bootstrap_free(&rd.boot);
		return 1;
	}
	apply_log_settings(&rd.boot);
	rd.personality = rd.boot.personality;
	rd.boot_time = (long)time(NULL);
	rd.loop = ev_loop_new();
	build_grammar(&rd);
	rd.config = running_config_new(rd.personality);
	sys_set_default_hostname(rd.config, rd.boot.hostname);
	if (load_startup(&rd) < 0 || setup_signals(&sc) < 0)
		goto out;
	rd.vty = vty_server_new(&rd, rd.boot.vty_socket, rd.boot.vty_group, &err);
	if (!rd.vty) {
		log_daemon(LOG_SEV_ERR, "vty socket: %s", err);
		free(err);
		goto out;
	}
	if (!opts.foreground && detach() < 0)
		goto out;
	/* After detaching: the data plane's netlink sockets and timers belong to this process. */
	vpn_runtime_start(&rd);
	log_daemon(LOG_SEV_NOTICE, "rampartd %s started: personality %s, vty socket %s", PACKAGE_VERSION,
		   rd.personality == GP_IOS ? "ios" : "asa", rd.boot.vty_socket);
	ev_run(rd.loop);
	rc = 0;
out:
	teardown(&rd);
	if (sc.fd >= 0)
		close(sc.fd);
	return rc;
}
