/* The declared command grammar: one declaration per command, FRR-style, from which
 * come execution, `?` help, TAB completion, abbreviation, the `no` form and the caret
 * of "% Invalid input detected at '^' marker.". No command's syntax is written
 * anywhere else.
 *
 * Spec language (tokens separated by spaces):
 *   keyword          a literal, matched by unique prefix ("crypto", "3des", "esp-aes")
 *   WORD, NAME...    any other all-uppercase identifier: one word of input
 *   LINE             the rest of the line, verbatim (last token only)
 *   (1-65535)        a decimal in range
 *   A.B.C.D          an IPv4 address;  A.B.C.D/M  an IPv4 prefix
 *   <a|b c|d>        alternation of sequences;  [a|b c]  optional alternation
 *   tok...           one or more repetitions of tok
 *   tok$name         binds the matched text (the full keyword for keywords) to name
 * Help: one line per token in spec order (keywords and variables); an empty line takes
 * the keyword's default help from parser/keyword_help.c. */
#ifndef RAMPART_GRAMMAR_H
#define RAMPART_GRAMMAR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parser/node.h"
#include "platform/util.h"

struct session;
struct cmd_args;

/* Handler results. */
enum cmd_result {
	CMD_SUCCESS = 0,
	CMD_WARNING = 1,     /* the handler printed an error; the model is unchanged */
};

typedef int (*cmd_fn)(struct session *s, const struct cmd_args *a, bool no);

enum cmd_flag {
	F_NO = 1u << 0,          /* has a `no` form (same spec) */
	F_NO_ONLY = 1u << 1,     /* exists only after `no` (a shorter negation) */
	F_ASA = 1u << 2,         /* ASA personality only */
	F_IOS = 1u << 3,         /* IOS personality only */
	F_HIDDEN = 1u << 4,      /* accepted, not listed by `?` or completed (legacy forms) */
	F_USER = 1u << 5,        /* available at privilege 1 (user EXEC) */
	F_DEFAULT = 1u << 6,     /* IOS `default` form allowed (handled as `no`) */
	F_NOSAVE = 1u << 7,      /* never changes the running-config (show, clear...) */
	F_PREAMBLE = 1u << 8,    /* an EXEC line a pasted configuration may start with (enable,
				  * configure terminal): skipped when a configuration is replayed */
};

struct command {
	enum node node;
	const char *spec;
	const char *help;
	cmd_fn fn;
	enum node enters;        /* the sub-mode entered on success, NODE_NONE for none */
	unsigned flags;
};

/* A table of commands, as each config-area file exports it. */
struct command_table {
	const struct command *cmds;
	size_t count;
};
#define COMMAND_TABLE(arr) ((struct command_table){ (arr), ARRAY_SIZE(arr) })

/* ---- typed access to what the grammar bound ---- */
#define CMD_MAX_ARGS 64
struct cmd_arg {
	const char *name;
	char *value;
};
struct cmd_args {
	size_t n;
	struct cmd_arg v[CMD_MAX_ARGS];
	const struct command *cmd;
	const char *line;        /* the whole input line as typed */
};

const char *arg_str(const struct cmd_args *a, const char *name);
bool arg_has(const struct cmd_args *a, const char *name);
long long arg_num(const struct cmd_args *a, const char *name, long long dflt);
bool arg_in4(const struct cmd_args *a, const char *name, struct in_addr *out);
/* "A.B.C.D/M" bound to name: address and prefix length. */
bool arg_prefix4(const struct cmd_args *a, const char *name, struct in_addr *addr, unsigned *plen);
size_t arg_count(const struct cmd_args *a, const char *name);
const char *arg_nth(const struct cmd_args *a, const char *name, size_t i);

/* ---- the engine ---- */
enum grammar_personality { GP_ASA, GP_IOS };

struct grammar;

/* Compiles every registered table; aborts with the offending spec on a syntax error
 * in a declaration (a programming error, caught by the unit tests). */
struct grammar *grammar_new(const struct command_table *tables, size_t ntables);
void grammar_free(struct grammar *g);

struct match_ctx {
	enum node node;
	enum grammar_personality personality;
	unsigned privilege;      /* 1 or 15 */
};

enum match_status {
	MATCH_OK,
	MATCH_EMPTY,             /* blank line */
	MATCH_INVALID,           /* caret_col set: offset in the line */
	MATCH_INCOMPLETE,
	MATCH_AMBIGUOUS,
};

struct match_result {
	enum match_status status;
	size_t caret_col;
	bool no;                 /* the line began with `no` (or `default`) */
	struct cmd_args args;    /* MATCH_OK: the bindings; free with match_result_free */
};

void grammar_match(const struct grammar *g, const struct match_ctx *ctx, const char *line,
		   struct match_result *out);
void match_result_free(struct match_result *r);

/* `?` help. If the line ends in whitespace (or is empty), lists the possible next
 * tokens, two columns, sorted, `<cr>` last; otherwise lists the keywords the last
 * partial word could complete to. Returns the status of the prefix: on
 * MATCH_INVALID/AMBIGUOUS the caller prints the error instead. */
enum match_status grammar_help(const struct grammar *g, const struct match_ctx *ctx, const char *line,
			       unsigned width, struct strbuf *out, size_t *caret_col);

/* TAB: the completions of the last (partial) word, NULL-terminated, caller frees
 * (grammar_free_strv). Empty when nothing or when the prefix is invalid. */
char **grammar_complete(const struct grammar *g, const struct match_ctx *ctx, const char *line);
void grammar_free_strv(char **v);

/* For rampart-commands(7): every visible command of a node under a personality, with
 * its help, in declaration order. fn is called once per command. */
void grammar_each_command(const struct grammar *g, void (*fn)(void *arg, const struct command *c),
			  void *arg);
/* The display form of a spec ("crypto map WORD <1-65535> set peer A.B.C.D"). */
char *grammar_spec_display(const char *spec);


const char *keyword_default_help(const char *keyword);

#endif
