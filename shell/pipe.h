/* Output filters after `|`: include, exclude, begin, section, count, grep. */
#ifndef RAMPART_PIPE_H
#define RAMPART_PIPE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "platform/util.h"

struct session;

enum pipe_kind { PIPE_INCLUDE, PIPE_EXCLUDE, PIPE_BEGIN, PIPE_SECTION, PIPE_COUNT };

struct pipe_filter {
	enum pipe_kind kind;
	bool has_re;
	regex_t re;
};

struct pipe_chain {
	size_t count;
	struct pipe_filter f[4];
};

/* Cuts the filters off line (in place) and compiles them; prints the device's error
 * and returns -1 on a bad filter. */
int pipe_split(struct session *s, char *line, struct pipe_chain *chain);
/* Filters out->s from byte start on. */
void pipe_apply(const struct pipe_chain *chain, struct strbuf *out, size_t start);
void pipe_chain_free(struct pipe_chain *chain);
/* `?` after a `|`: true when the line had a pipe and the help was written to s->out. */
bool pipe_help(struct session *s, const char *line, size_t *bar);

#endif
