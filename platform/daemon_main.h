/* The daemon's whole life, from the command line to a clean stop; main() only calls
 * it, so that the code the daemon runs lives in librampart.a with the rest. */
#ifndef RAMPART_DAEMON_MAIN_H
#define RAMPART_DAEMON_MAIN_H

/* rampartd [-f rampartd.conf] [-F]: 0 after SIGTERM/SIGINT, 1 when it cannot start,
 * 2 for a usage error. */
int rampartd_main(int argc, char **argv);

#endif
