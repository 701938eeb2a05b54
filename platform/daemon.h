/* What the whole daemon shares: one instance, owned by main(). */
#ifndef RAMPART_DAEMON_H
#define RAMPART_DAEMON_H

#include <stdbool.h>

#include "parser/grammar.h"
#include "platform/bootstrap.h"

struct ev_loop;
struct running_config;
struct dataplane;
struct ike_engine;
struct vty_server;

struct rampartd {
	struct ev_loop *loop;
	struct bootstrap boot;
	enum grammar_personality personality;
	struct grammar *grammar;
	struct running_config *config;
	unsigned saved_generation;   /* config->generation at the last save or load */
	struct dataplane *dp;        /* NULL until the VPN is wired */
	struct ike_engine *ike;
	struct vty_server *vty;
	long boot_time;              /* for `show version` uptime */
	/* Called after each successful configuration command (coalesce the expensive work). */
	void (*config_changed)(struct rampartd *rd);
};

#endif
