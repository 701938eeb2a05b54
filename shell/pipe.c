/* Output filters. Their words are declared in the grammar (NODE_PIPE) like any
 * command, so `| inc`, `| i` and `| ?` behave as on the device. */
#include "shell/pipe.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parser/grammar.h"
#include "platform/daemon.h"
#include "running-config/area.h"
#include "shell/session.h"

static const struct command pipe_cmds[] = {
	{ NODE_PIPE, "include LINE$re", "Include lines that match\nRegular Expression\n", NULL, NODE_NONE, F_USER },
	{ NODE_PIPE, "exclude LINE$re", "Exclude lines that match\nRegular Expression\n", NULL, NODE_NONE, F_USER },
	{ NODE_PIPE, "begin LINE$re", "Begin with the line that matches\nRegular Expression\n", NULL, NODE_NONE, F_USER },
	{ NODE_PIPE, "section LINE$re", "Filter a section of output\nRegular Expression\n", NULL, NODE_NONE, F_USER | F_IOS },
	{ NODE_PIPE, "count [LINE$re]", "Count number of lines which match regexp\nRegular Expression\n", NULL, NODE_NONE,
	  F_USER | F_IOS },
	{ NODE_PIPE, "grep [-v$invert] LINE$re", "Include/exclude lines that match\nExclude lines that match\n"
	  "Regular Expression\n", NULL, NODE_NONE, F_USER | F_ASA },
};

const struct area area_pipe = { "pipe", pipe_cmds, ARRAY_SIZE(pipe_cmds), NULL, NULL, NULL, 0 };

/* The first '|' that starts a word: what comes after it is a filter. */
static char *find_bar(char *line)
{
	for (char *p = line; *p; p++)
		if (*p == '|' && p > line && isspace((unsigned char)p[-1]))
			return p;
	return NULL;
}

static bool command_takes_pipe(const char *line)
{
	static const char *const verbs[] = { "show", "more", "do" };
	size_t n;

	while (isspace((unsigned char)*line))
		line++;
	n = strcspn(line, " \t");
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (n >= 2 && n <= strlen(verbs[i]) && !strncasecmp(line, verbs[i], n))
			return true;
	return false;
}

static int filter_compile(struct session *s, const char *text, size_t offset, struct pipe_filter *f)
{
	struct match_ctx ctx = { NODE_PIPE, session_personality(s), 15 };
	struct match_result r;
	const char *re;

	grammar_match(s->rd->grammar, &ctx, text, &r);
	if (r.status != MATCH_OK) {
		if (r.status == MATCH_INVALID || r.status == MATCH_EMPTY) {
			struct strbuf p;
			sb_init(&p);
			session_prompt(s, &p);
			cli_printf(s, "%*s^\n", (int)(p.len + offset + r.caret_col), "");
			sb_free(&p);
			cli_puts(s, session_personality(s) == GP_ASA ? "ERROR: % Invalid input detected at '^' marker.\n"
								     : "% Invalid input detected at '^' marker.\n\n");
		} else {
			cli_puts(s, session_personality(s) == GP_ASA ? "ERROR: % Incomplete command\n"
								     : "% Incomplete command.\n\n");
		}
		return -1;
	}
	re = arg_str(&r.args, "re");
	switch (r.args.cmd->spec[0]) {
	case 'i': f->kind = PIPE_INCLUDE; break;
	case 'e': f->kind = PIPE_EXCLUDE; break;
	case 'b': f->kind = PIPE_BEGIN; break;
	case 's': f->kind = PIPE_SECTION; break;
	case 'c': f->kind = PIPE_COUNT; break;
	default: f->kind = arg_has(&r.args, "invert") ? PIPE_EXCLUDE : PIPE_INCLUDE; break;
	}
	f->has_re = re != NULL;
	if (re && regcomp(&f->re, re, REG_EXTENDED | REG_NOSUB) != 0) {
		cli_error(s, "%% Invalid regular expression \"%s\"\n", re);
		match_result_free(&r);
		f->has_re = false;
		return -1;
	}
	match_result_free(&r);
	return 0;
}

int pipe_split(struct session *s, char *line, struct pipe_chain *chain)
{
	char *bar = find_bar(line);

	memset(chain, 0, sizeof(*chain));
	if (!bar)
		return 0;
	/* only a command that prints takes filters; anywhere else a bar is part of the
	 * line (a pre-shared key, an alias's command) and the grammar judges it */
	if (!command_takes_pipe(line))
		return 0;
	while (bar) {
		char *text = bar + 1, *next = find_bar(text);
		if (next)
			*next = '\0';
		if (chain->count == ARRAY_SIZE(chain->f) ||
		    filter_compile(s, text, (size_t)(text - line), &chain->f[chain->count]) < 0) {
			pipe_chain_free(chain);
			return -1;
		}
		chain->count++;
		*bar = '\0';
		bar = next;
	}
	return 0;
}

static bool line_matches(const struct pipe_filter *f, const char *line)
{
	return !f->has_re || regexec(&f->re, line, 0, NULL, 0) == 0;
}

/* IOS `| section`: a matching top-level line and the indented lines under it. */
static void filter_one(const struct pipe_filter *f, const char *in, struct strbuf *out)
{
	bool begun = false, in_section = false;
	unsigned count = 0;
	char *copy = xstrdup(in), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		bool m = line_matches(f, line), keep = false;
		switch (f->kind) {
		case PIPE_INCLUDE: keep = m; break;
		case PIPE_EXCLUDE: keep = !m; break;
		case PIPE_BEGIN: begun |= m; keep = begun; break;
		case PIPE_SECTION:
			if (line[0] != ' ')
				in_section = m;
			keep = in_section || m;
			break;
		case PIPE_COUNT: count += m; break;
		}
		if (keep) {
			sb_add(out, line);
			sb_addc(out, '\n');
		}
	}
	if (f->kind == PIPE_COUNT)
		sb_printf(out, "Number of lines which match regexp = %u\n", count);
	free(copy);
}

void pipe_apply(const struct pipe_chain *chain, struct strbuf *out, size_t start)
{
	char *text = xstrdup(out->s + start);

	for (size_t i = 0; i < chain->count; i++) {
		struct strbuf next;
		sb_init(&next);
		filter_one(&chain->f[i], text, &next);
		free(text);
		text = sb_steal(&next);
	}
	out->len = start;
	out->s[start] = '\0';
	sb_add(out, text);
	free(text);
}

void pipe_chain_free(struct pipe_chain *chain)
{
	for (size_t i = 0; i < chain->count; i++)
		if (chain->f[i].has_re)
			regfree(&chain->f[i].re);
	chain->count = 0;
}

bool pipe_help(struct session *s, const char *line, size_t *bar)
{
	char *copy = xstrdup(line), *b = find_bar(copy), *last = NULL;
	struct match_ctx ctx = { NODE_PIPE, session_personality(s), 15 };
	size_t caret = 0;

	while (b) {
		last = b;
		b = find_bar(b + 1);
	}
	if (!last) {
		free(copy);
		return false;
	}
	*bar = (size_t)(last - copy);
	if (grammar_help(s->rd->grammar, &ctx, last + 1, s->term_width, &s->out, &caret) != MATCH_OK) {
		sb_reset(&s->out);
		cli_puts(s, session_personality(s) == GP_ASA ? "ERROR: % Invalid input detected at '^' marker.\n"
							     : "% Invalid input detected at '^' marker.\n\n");
	}
	free(copy);
	return true;
}
