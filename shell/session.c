/* The CLI session: runs typed lines through the grammar in the current mode, with the
 * device's mode rules (a parent mode's command pops out of a sub-mode, ASA runs EXEC
 * commands from config mode), its error texts and output pipes. */
#include "shell/session.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "platform/daemon.h"
#include "running-config/config.h"
#include "running-config/system.h"
#include "shell/pipe.h"

static struct session *all_sessions;

struct session *session_first(void)
{
	return all_sessions;
}

static void frame_clear(struct mode_frame *f)
{
	for (int i = 0; i < FRAME_MAX_CTX; i++) {
		free(f->ctx_name[i]);
		free(f->ctx_value[i]);
	}
	free(f->prompt);
	memset(f, 0, sizeof(*f));
}

struct session *session_new(struct rampartd *rd, enum session_kind kind, const char *user, uid_t uid,
			    unsigned privilege)
{
	struct session *s = xcalloc(1, sizeof(*s));
	unsigned index = 0;

	s->rd = rd;
	s->kind = kind;
	s->depth = 1;
	s->stack[0].node = NODE_EXEC;
	s->privilege = privilege;
	snprintf(s->user, sizeof(s->user), "%s", user ? user : "");
	s->uid = uid;
	s->term_width = 80;
	s->term_length = 24;
	sb_init(&s->out);
	s->login_time = (long)time(NULL);
	for (struct session *o = all_sessions; o; o = o->next_session)
		index = o->vty_index >= index ? o->vty_index + 1 : index;
	s->vty_index = index;
	s->next_session = all_sessions;
	all_sessions = s;
	return s;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	for (struct session **p = &all_sessions; *p; p = &(*p)->next_session)
		if (*p == s) {
			*p = s->next_session;
			break;
		}
	for (int i = 0; i < SESSION_MAX_DEPTH; i++)
		frame_clear(&s->stack[i]);
	frame_clear(&s->pending);
	for (unsigned i = 0; i < ARRAY_SIZE(s->history); i++)
		free(s->history[i]);
	free(s->ask_prompt);
	sb_free(&s->out);
	free(s);
}

/* ---- output ---- */

void cli_puts(struct session *s, const char *text)
{
	sb_add(&s->out, text);
}

void cli_printf(struct session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&s->out, fmt, ap);
	va_end(ap);
}

void cli_error(struct session *s, const char *fmt, ...)
{
	va_list ap;

	if (session_personality(s) == GP_ASA)
		sb_add(&s->out, "ERROR: ");
	va_start(ap, fmt);
	sb_vprintf(&s->out, fmt, ap);
	va_end(ap);
}

void cli_notice(struct session *s, const char *fmt, ...)
{
	va_list ap;

	if (s->kind == SESSION_REPLAY)
		return;
	va_start(ap, fmt);
	sb_vprintf(&s->out, fmt, ap);
	va_end(ap);
}

enum grammar_personality session_personality(const struct session *s)
{
	return s->rd->personality;
}

struct running_config *session_config(struct session *s)
{
	return s->rd->config;
}

bool session_replaying(const struct session *s)
{
	return s->kind == SESSION_REPLAY;
}

enum node session_node(const struct session *s)
{
	return s->stack[s->depth - 1].node;
}

/* ---- mode stack ---- */

void session_set_ctx(struct session *s, const char *name, const char *value)
{
	struct mode_frame *f = &s->pending;

	for (int i = 0; i < FRAME_MAX_CTX; i++) {
		if (!f->ctx_name[i] || !strcmp(f->ctx_name[i], name)) {
			if (!f->ctx_name[i])
				f->ctx_name[i] = xstrdup(name);
			free(f->ctx_value[i]);
			f->ctx_value[i] = xstrdup(value);
			return;
		}
	}
}

const char *session_ctx(const struct session *s, const char *name)
{
	for (int d = s->depth - 1; d >= 0; d--)
		for (int i = 0; i < FRAME_MAX_CTX && s->stack[d].ctx_name[i]; i++)
			if (!strcmp(s->stack[d].ctx_name[i], name))
				return s->stack[d].ctx_value[i];
	/* a handler of a command that enters a sub-mode reads what it just set */
	for (int i = 0; i < FRAME_MAX_CTX && s->pending.ctx_name[i]; i++)
		if (!strcmp(s->pending.ctx_name[i], name))
			return s->pending.ctx_value[i];
	return NULL;
}

void session_set_prompt(struct session *s, const char *suffix)
{
	free(s->pending.prompt);
	s->pending.prompt = xstrdup(suffix);
}

void session_pop(struct session *s)
{
	if (s->depth > 1)
		frame_clear(&s->stack[--s->depth]);
}

void session_push(struct session *s, enum node node)
{
	if (s->depth == SESSION_MAX_DEPTH) {
		frame_clear(&s->pending);
		return;
	}
	s->stack[s->depth] = s->pending;
	s->stack[s->depth].node = node;
	memset(&s->pending, 0, sizeof(s->pending));
	s->depth++;
}

void session_end(struct session *s)
{
	while (s->depth > 1)
		session_pop(s);
}

void session_prompt(const struct session *s, struct strbuf *out)
{
	const struct mode_frame *f = &s->stack[s->depth - 1];
	const struct node_info *ni = node_info(f->node);
	const char *suffix = f->prompt ? f->prompt : session_personality(s) == GP_IOS ? ni->prompt_ios : ni->prompt_asa;
	const char *host = sys_hostname(s->rd->config);

	if (s->ask_fn) {
		sb_add(out, s->ask_prompt);
		return;
	}
	sb_add(out, host);
	if (f->node != NODE_EXEC && suffix)
		sb_printf(out, "(%s)", suffix);
	sb_add(out, s->privilege >= 15 || f->node != NODE_EXEC ? "#" : ">");
	if (session_personality(s) == GP_ASA)
		sb_addc(out, ' ');
}

void session_ask(struct session *s, bool secret, const char *question, int (*fn)(struct session *s, const char *answer))
{
	free(s->ask_prompt);
	s->ask_prompt = xstrdup(question);
	s->ask_secret = secret;
	s->ask_fn = fn;
}

/* ---- errors ---- */

static size_t prompt_len(const struct session *s)
{
	struct strbuf p;
	size_t n;

	sb_init(&p);
	session_prompt(s, &p);
	n = p.len;
	sb_free(&p);
	return n;
}

static void report_match_error(struct session *s, const struct match_result *r, const char *line, size_t offset)
{
	bool asa = session_personality(s) == GP_ASA;

	switch (r->status) {
	case MATCH_INVALID:
		if (s->kind == SESSION_REPLAY) {
			cli_printf(s, "%s\n%*s^\n", line, (int)r->caret_col, "");
		} else {
			cli_printf(s, "%*s^\n", (int)(prompt_len(s) + offset + r->caret_col), "");
		}
		cli_puts(s, asa ? "ERROR: % Invalid input detected at '^' marker.\n"
				: "% Invalid input detected at '^' marker.\n\n");
		break;
	case MATCH_INCOMPLETE:
		cli_puts(s, asa ? "ERROR: % Incomplete command\n" : "% Incomplete command.\n\n");
		break;
	case MATCH_AMBIGUOUS:
		cli_printf(s, "%s%% Ambiguous command:  \"%s\"\n", asa ? "ERROR: " : "", line);
		break;
	default:
		break;
	}
}

/* ---- running a line ---- */

static struct match_ctx ctx_for(const struct session *s, enum node node, unsigned privilege)
{
	return (struct match_ctx){ node, session_personality(s), privilege };
}

static int run_command(struct session *s, struct match_result *r, int pop_to)
{
	const struct command *cmd = r->args.cmd;
	unsigned generation = s->rd->config->generation;
	int rc;

	while (pop_to >= 0 && s->depth > pop_to)
		session_pop(s);
	frame_clear(&s->pending);
	rc = cmd->fn ? cmd->fn(s, &r->args, r->no) : CMD_SUCCESS;
	if (rc == CMD_SUCCESS && cmd->enters != NODE_NONE && !r->no)
		session_push(s, cmd->enters);
	else
		frame_clear(&s->pending);
	if (rc == CMD_SUCCESS && node_is_config(cmd->node == NODE_ANY_CONFIG ? NODE_CONFIG : cmd->node) &&
	    !(cmd->flags & F_NOSAVE)) {
		if (s->rd->config->generation == generation)
			s->rd->config->generation++;
		if (s->rd->config_changed)
			s->rd->config_changed(s->rd);
	}
	return rc;
}

/* IOS takes a single unknown word at EXEC for a host name to telnet to. */
static bool unknown_host_word(struct session *s, const struct match_result *r, const char *line)
{
	const char *word = line + strspn(line, " ");
	size_t len = strcspn(word, " ");

	if (session_personality(s) != GP_IOS || session_node(s) != NODE_EXEC || r->status != MATCH_INVALID ||
	    r->caret_col != (size_t)(word - line) || !len || word[len + strspn(word + len, " ")] != '\0')
		return false;
	cli_printf(s, "Translating \"%.*s\"...domain server (255.255.255.255)\n"
		   "%% Unknown command or computer name, or unable to find computer address\n", (int)len, word);
	return true;
}

/* Tries the current mode, then (only for input no command there accepts) each parent
 * configuration mode, then on ASA the EXEC commands. */
static int exec_line(struct session *s, const char *line, size_t offset)
{
	struct match_ctx ctx = ctx_for(s, session_node(s), s->privilege);
	struct match_result first, r;
	int rc;

	grammar_match(s->rd->grammar, &ctx, line, &first);
	if (first.status == MATCH_EMPTY)
		return CMD_SUCCESS;
	if (first.status == MATCH_OK) {
		rc = run_command(s, &first, -1);
		match_result_free(&first);
		return rc;
	}
	if (first.status == MATCH_INVALID) {
		for (int d = s->depth - 2; d >= 1; d--) {
			ctx = ctx_for(s, s->stack[d].node, s->privilege);
			grammar_match(s->rd->grammar, &ctx, line, &r);
			if (r.status == MATCH_OK) {
				rc = run_command(s, &r, d + 1);
				match_result_free(&r);
				return rc;
			}
			if (r.status == MATCH_INVALID && r.caret_col > first.caret_col)
				first.caret_col = r.caret_col;
		}
		if (session_personality(s) == GP_ASA && node_is_config(session_node(s))) {
			ctx = ctx_for(s, NODE_EXEC, s->privilege);
			grammar_match(s->rd->grammar, &ctx, line, &r);
			if (r.status == MATCH_OK) {
				rc = run_command(s, &r, -1);
				match_result_free(&r);
				return rc;
			}
		}
	}
	if (unknown_host_word(s, &first, line))
		return CMD_WARNING;
	report_match_error(s, &first, line, offset);
	return CMD_WARNING;
}

int session_do(struct session *s, const char *line, size_t offset)
{
	struct match_ctx ctx = ctx_for(s, NODE_EXEC, s->privilege);
	struct match_result r;
	int rc;

	grammar_match(s->rd->grammar, &ctx, line, &r);
	if (r.status == MATCH_EMPTY)
		return CMD_SUCCESS;
	if (r.status != MATCH_OK) {
		report_match_error(s, &r, line, offset);
		return CMD_WARNING;
	}
	rc = r.args.cmd->fn ? r.args.cmd->fn(s, &r.args, r.no) : CMD_SUCCESS;
	match_result_free(&r);
	return rc;
}

static void history_add(struct session *s, const char *line)
{
	size_t n = ARRAY_SIZE(s->history);

	if (s->kind == SESSION_REPLAY || !*line)
		return;
	free(s->history[n - 1]);
	memmove(&s->history[1], &s->history[0], (n - 1) * sizeof(char *));
	s->history[0] = xstrdup(line);
	if (s->nhistory < n)
		s->nhistory++;
}

/* A line is rejected whole if it holds control characters: nothing a terminal user
 * types reaches here with them, and they would corrupt other users' screens. */
static bool line_printable(const char *line)
{
	for (const unsigned char *p = (const unsigned char *)line; *p; p++)
		if (*p < 0x20 && *p != '\t')
			return false;
	return true;
}

/* Lines that a rendered configuration carries but that are not commands. */
static bool line_is_comment(const char *line)
{
	while (*line == ' ')
		line++;
	return *line == '!' || *line == ':';
}

enum exec_status session_exec(struct session *s, const char *line)
{
	char *cmd = xstrdup(line);
	struct pipe_chain chain;
	int rc;
	size_t out_start;

	sb_reset(&s->out);
	history_add(s, line);
	if (!line_printable(line)) {
		cli_error(s, "%% Invalid input: control characters are not allowed\n");
		free(cmd);
		return EXEC_FAILED;
	}
	if (line_is_comment(cmd)) {
		free(cmd);
		return EXEC_OK;
	}
	if (pipe_split(s, cmd, &chain) < 0) {
		free(cmd);
		return EXEC_FAILED;
	}
	out_start = s->out.len;
	rc = exec_line(s, cmd, 0);
	if (chain.count)
		pipe_apply(&chain, &s->out, out_start);
	pipe_chain_free(&chain);
	free(cmd);
	if (s->close)
		return EXEC_CLOSE;
	if (s->ask_fn)
		return s->ask_secret ? EXEC_SECRET : EXEC_CONFIRM;
	return rc == CMD_SUCCESS ? EXEC_OK : EXEC_FAILED;
}

enum exec_status session_answer(struct session *s, const char *answer)
{
	int (*fn)(struct session *, const char *) = s->ask_fn;
	int rc;

	sb_reset(&s->out);
	if (!fn)
		return EXEC_OK;
	s->ask_fn = NULL;
	rc = fn(s, answer);
	if (s->close)
		return EXEC_CLOSE;
	if (s->ask_fn)
		return s->ask_secret ? EXEC_SECRET : EXEC_CONFIRM;
	return rc == CMD_SUCCESS ? EXEC_OK : EXEC_FAILED;
}

enum match_status session_help(struct session *s, const char *line)
{
	struct match_ctx ctx = ctx_for(s, session_node(s), s->privilege);
	size_t caret = 0, bar;
	enum match_status st;

	sb_reset(&s->out);
	if (pipe_help(s, line, &bar))
		return MATCH_OK;
	st = grammar_help(s->rd->grammar, &ctx, line, s->term_width, &s->out, &caret);
	if (st == MATCH_INVALID && session_node(s) != NODE_EXEC && node_is_config(session_node(s))) {
		/* a parent mode's command may be typed here too */
		for (int d = s->depth - 2; d >= 1 && st == MATCH_INVALID; d--) {
			ctx = ctx_for(s, s->stack[d].node, s->privilege);
			st = grammar_help(s->rd->grammar, &ctx, line, s->term_width, &s->out, &caret);
		}
		if (st == MATCH_INVALID && session_personality(s) == GP_ASA) {
			ctx = ctx_for(s, NODE_EXEC, s->privilege);
			st = grammar_help(s->rd->grammar, &ctx, line, s->term_width, &s->out, &caret);
		}
	}
	if (st != MATCH_OK) {
		struct match_result r = { .status = st, .caret_col = caret };
		sb_reset(&s->out);
		report_match_error(s, &r, line, 0);
	}
	return st;
}

char **session_complete(struct session *s, const char *line)
{
	struct match_ctx ctx = ctx_for(s, session_node(s), s->privilege);
	char **v = grammar_complete(s->rd->grammar, &ctx, line);

	for (int d = s->depth - 2; d >= 1 && !v[0]; d--) {
		grammar_free_strv(v);
		ctx = ctx_for(s, s->stack[d].node, s->privilege);
		v = grammar_complete(s->rd->grammar, &ctx, line);
	}
	if (!v[0] && session_personality(s) == GP_ASA && node_is_config(session_node(s))) {
		grammar_free_strv(v);
		ctx = ctx_for(s, NODE_EXEC, s->privilege);
		v = grammar_complete(s->rd->grammar, &ctx, line);
	}
	return v;
}
