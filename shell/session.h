/* One CLI session inside rampartd: the mode stack, privilege, terminal settings and
 * the output of the command being run. Command handlers (in the config-area files)
 * see only this interface; the socket transport (shell/vty_server.c) and the startup
 * replay (running-config/load.c) drive it. */
#ifndef RAMPART_SESSION_H
#define RAMPART_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "parser/grammar.h"
#include "platform/util.h"

struct rampartd;
struct running_config;

#define SESSION_MAX_DEPTH 8
#define FRAME_MAX_CTX 4

/* One level of the mode stack. A sub-mode remembers what it edits ("map" = "VPN",
 * "seq" = "10") so its handlers can find the object again. */
struct mode_frame {
	enum node node;
	char *ctx_name[FRAME_MAX_CTX];
	char *ctx_value[FRAME_MAX_CTX];
	char *prompt;            /* prompt suffix override (opaque blocks), or NULL */
};

enum session_kind {
	SESSION_VTY,             /* an interactive or scripted client */
	SESSION_REPLAY,          /* startup-config being loaded at boot: no notices, no prompts */
};

struct session {
	struct rampartd *rd;
	enum session_kind kind;
	struct mode_frame stack[SESSION_MAX_DEPTH];
	int depth;               /* stack[depth - 1] is the current mode */
	struct mode_frame pending;   /* filled by handlers of commands that enter a sub-mode */
	unsigned privilege;      /* 1 or 15 */
	char user[64];
	uid_t uid;
	unsigned term_width, term_length;
	bool monitor;            /* `terminal monitor` */
	struct strbuf out;       /* what the current command printed */
	unsigned line_no;        /* SESSION_REPLAY: the startup-config line */
	void *transport;         /* owned by the transport layer */
	/* a question the current command asked (enable's Password:, [confirm]) */
	int (*ask_fn)(struct session *s, const char *answer);
	char *ask_prompt;
	bool ask_secret;
	bool close;              /* `exit` at EXEC: the transport closes the connection */
	char *history[20];       /* `show history` */
	unsigned nhistory;
	struct session *next_session;   /* all sessions, for `show users` */
	long login_time;
	unsigned vty_index;
};

/* ---- for command handlers ---- */
void cli_printf(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_puts(struct session *s, const char *text);
/* Device-style error: "ERROR: " + text on ASA, text as given on IOS. */
void cli_error(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Notices such as "INFO: ..." or "% NOTE: ..."; suppressed while replaying startup-config. */
void cli_notice(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

enum grammar_personality session_personality(const struct session *s);
struct running_config *session_config(struct session *s);
bool session_replaying(const struct session *s);

/* Context of the sub-mode being entered (call from a handler of a command with
 * .enters) and of the current sub-mode (the innermost frame that set name). */
void session_set_ctx(struct session *s, const char *name, const char *value);
const char *session_ctx(const struct session *s, const char *name);
/* An opaque block's prompt suffix, e.g. "config-pmap" for a kept-verbatim policy-map. */
void session_set_prompt(struct session *s, const char *suffix);
enum node session_node(const struct session *s);

/* Asks the user a question; fn gets the answer (CMD_SUCCESS/CMD_WARNING). */
void session_ask(struct session *s, bool secret, const char *question,
		 int (*fn)(struct session *s, const char *answer));
/* Mode stack moves, for exit/end/configure terminal. */
void session_pop(struct session *s);
void session_push(struct session *s, enum node node);
/* Runs line in privileged EXEC without leaving the current mode (`do`); offset: where
 * line starts in what was typed, for the caret. */
int session_do(struct session *s, const char *line, size_t offset);
/* Privilege a user gets at login from running-config (`username X privilege N`); root: 15. */
unsigned session_user_privilege(struct rampartd *rd, const char *user);
/* Every open session, for `show users`. */
struct session *session_first(void);

/* ---- for the transport and the daemon ---- */
struct session *session_new(struct rampartd *rd, enum session_kind kind, const char *user, uid_t uid,
			    unsigned privilege);
void session_free(struct session *s);

enum exec_status {
	EXEC_OK,
	EXEC_FAILED,             /* error printed (invalid, incomplete, ambiguous, handler warning) */
	EXEC_SECRET,             /* the command needs a no-echo answer: call session_secret() next */
	EXEC_CONFIRM,            /* needs a [confirm]-style answer: call session_answer() next */
	EXEC_CLOSE,              /* `exit`/`logout`/`quit` at EXEC: close the connection */
};

/* Runs one line; the output is left in s->out (pipes applied). */
enum exec_status session_exec(struct session *s, const char *line);
/* The answer to the question asked by the last EXEC_SECRET/EXEC_CONFIRM. */
enum exec_status session_answer(struct session *s, const char *answer);
/* "ciscoasa(config)# " etc. */
void session_prompt(const struct session *s, struct strbuf *out);
/* `?`: help text into s->out, status tells whether the line prefix was valid. */
enum match_status session_help(struct session *s, const char *line);
char **session_complete(struct session *s, const char *line);
/* Ctrl-Z / `end`. */
void session_end(struct session *s);

#endif
