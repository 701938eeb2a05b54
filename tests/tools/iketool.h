/* iketool: the IKE engine, its sockets and a data plane in one event loop, configured
 * from a small file (iketool_conf.c) instead of a Cisco running-config, for the netns
 * interop tests while rampartd is not there yet. */
#ifndef RAMPART_TESTS_IKETOOL_H
#define RAMPART_TESTS_IKETOOL_H

#include <netinet/in.h>

#include "vpn/vpn_config.h"

struct iketool_conf {
	struct vpn_config *cfg;
	struct in_addr local;
	struct vpn_transform_set tsets[32];
	size_t ntsets;
};

/* 0, or -1 after printing where the file is wrong. */
int iketool_conf_load(struct iketool_conf *tc, const char *path);

#endif
