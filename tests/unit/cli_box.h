/* An in-process rampartd for unit tests: the real grammar of every area, a fresh
 * running-config and one privileged CLI session, as the daemon sets them up. */
#ifndef RAMPART_TEST_CLI_BOX_H
#define RAMPART_TEST_CLI_BOX_H

#include <stdlib.h>
#include <string.h>

#include "platform/daemon.h"
#include "running-config/area.h"
#include "shell/session.h"

struct box {
	struct rampartd rd;
	struct session *s;
};

/* The session at privileged EXEC. */
static inline void box_start(struct box *b, enum grammar_personality p)
{
	size_t n;
	struct command_table *tables = areas_command_tables(&n);

	memset(b, 0, sizeof(*b));
	b->rd.personality = p;
	b->rd.grammar = grammar_new(tables, n);
	free(tables);
	b->rd.config = running_config_new(p);
	b->s = session_new(&b->rd, SESSION_VTY, "admin", 0, 15);
}

/* The session in global configuration mode. */
static inline void box_open(struct box *b, enum grammar_personality p)
{
	box_start(b, p);
	session_exec(b->s, "configure terminal");
}

static inline void box_close(struct box *b)
{
	session_free(b->s);
	running_config_free(b->rd.config);
	grammar_free(b->rd.grammar);
}

/* Runs one line; what it printed, valid until the next line. */
static inline const char *box_run(struct box *b, const char *line)
{
	session_exec(b->s, line);
	return b->s->out.s ? b->s->out.s : "";
}

#endif
