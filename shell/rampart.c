/* rampart: the login shell. A terminal front end with no grammar of its own: every
 * line, `?` and TAB goes to rampartd over the vty socket and what comes back is shown.
 *
 *   rampart [-s SOCKET] [-c "CMD"]...
 *
 * With -c, or with stdin not a terminal, it runs the commands in order in one session
 * and prints their output; the exit status is 1 if any of them failed. Otherwise it is
 * an interactive readline shell (what an SSH login gets). */
#include <errno.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "shell/proto.h"
#include "shell/translate.h"

#define HISTORY_LINES 500

/* Where script lines (and the answers to questions) come from. */
struct line_source {
	char **cmds;             /* -c arguments, or NULL: read stdin */
	size_t ncmds, next;
	const char *rest;        /* the unread lines of the current -c argument */
};

enum reply_end { END_DONE, END_BYE, END_LOST };

static struct {
	int fd;
	struct proto_reader in;
	struct strbuf q;         /* frames to send */
	bool interactive;
	bool transcript;         /* -t: script lines shown as typed at the prompt */
	enum proto_pager pager;
	unsigned page_len;       /* the session's terminal length, from DONE */
	char prompt[256];
	bool any_failed;
	struct line_source *script;
	char **matches;          /* the last MATCHES */
	bool quit;
	char *history_path;
} sh = { .fd = -1 };

static volatile sig_atomic_t got_sigint, got_sigwinch;

static void on_sigint(int sig)
{
	UNUSED(sig);
	got_sigint = 1;
}

static void on_sigwinch(int sig)
{
	UNUSED(sig);
	got_sigwinch = 1;
}

/* ---- the socket ---- */

static int connect_daemon(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "rampart: %s: path too long\n", path);
		return -1;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "rampart: cannot connect to rampartd at %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void flush_queue(void)
{
	if (sh.q.len && proto_write_all(sh.fd, &sh.q) < 0) {
		sb_reset(&sh.q);
		/* The read side reports the lost connection. */
	}
}

static void send_str(uint8_t type, const char *text)
{
	proto_put_str(&sh.q, type, text);
	flush_queue();
}

/* The next frame; 0 on success, -1 when the daemon is gone. A Ctrl-C while waiting is
 * passed on as INTERRUPT. */
static int read_frame(struct proto_frame *f)
{
	for (;;) {
		int got = proto_next(&sh.in, f);
		if (got == 1)
			return 0;
		if (got < 0)
			return -1;
		if (got_sigint) {
			got_sigint = 0;
			proto_put(&sh.q, PT_INTERRUPT, NULL, 0);
			flush_queue();
		}
		struct pollfd pfd = { .fd = sh.fd, .events = POLLIN };
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		long n = proto_reader_fill(&sh.in, sh.fd);
		if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
			return -1;
	}
}

static void terminal_size(unsigned *width, unsigned *height)
{
	struct winsize ws;
	*width = *height = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
		*width = ws.ws_col;
		*height = ws.ws_row;
	}
}

/* ---- showing output ---- */

static void write_out(const char *text, size_t len)
{
	fwrite(text, 1, len, stdout);
}

/* One key, unbuffered and unechoed, for the More prompt. */
static int read_key(void)
{
	struct termios saved, raw;
	unsigned char ch = 'q';
	if (tcgetattr(STDIN_FILENO, &saved) < 0)
		return 'q';
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	if (read(STDIN_FILENO, &ch, 1) != 1)
		ch = 'q';
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return ch;
}

/* The device's pager: a page of length-1 lines, then the More prompt; space shows the
 * next page, Enter one more line, anything else (q) drops the rest. */
static void show_paged(const char *text, size_t len)
{
	const char *more = sh.pager == PP_ASA ? "<--- More --->" : " --More-- ";
	size_t page = sh.page_len > 1 ? sh.page_len - 1 : 1;
	size_t shown = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl + 1 : end;
		if (shown == page) {
			fputs(more, stdout);
			fflush(stdout);
			int key = read_key();
			printf("\r%*s\r", (int)strlen(more), "");
			if (key == ' ')
				shown = 0;
			else if (key == '\r' || key == '\n')
				shown = page - 1;
			else
				return;
		}
		write_out(p, (size_t)(line_end - p));
		shown++;
		p = line_end;
	}
}

static void show_output(const struct strbuf *text)
{
	if (sh.interactive && sh.page_len > 0)
		show_paged(text->s, text->len);
	else
		write_out(text->s, text->len);
	fflush(stdout);
}

/* An asynchronous line (`terminal monitor`) printed over the prompt being edited,
 * which is then drawn again with what was typed. */
static void show_notify(const char *text, size_t len)
{
	bool editing = sh.interactive && RL_ISSTATE(RL_STATE_CALLBACK) && !RL_ISSTATE(RL_STATE_DONE);
	if (!editing) {
		write_out(text, len);
		fflush(stdout);
		return;
	}
	char *saved = rl_copy_text(0, rl_end);
	int point = rl_point;
	rl_save_prompt();
	rl_replace_line("", 0);
	rl_redisplay();
	printf("\r");
	write_out(text, len);
	fflush(stdout);
	rl_restore_prompt();
	rl_replace_line(saved, 0);
	rl_point = point;
	rl_forced_update_display();
	free(saved);
}

/* ---- questions ---- */

static char *next_script_line(struct line_source *src);

/* The answer to a SECRET (no echo) or CONFIRM question: typed at the terminal, or in
 * a script the next line. NULL: abandoned (Ctrl-C or end of input). */
static char *ask(const char *question, bool secret)
{
	if (!sh.interactive) {
		char *answer = next_script_line(sh.script);
		/* the answer is shown, secret ones too, so the transcript can be replayed */
		if (sh.transcript)
			printf("%s%s\n", question, answer ? answer : "");
		return answer;
	}
	fputs(question, stdout);
	fflush(stdout);
	struct termios saved, quiet;
	bool tty = tcgetattr(STDIN_FILENO, &saved) == 0;
	if (tty && secret) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	char buf[1024];
	size_t len = 0;
	/* read(), not stdio: a Ctrl-C must interrupt it. */
	while (len + 1 < sizeof(buf) && read(STDIN_FILENO, buf + len, 1) == 1 && buf[len] != '\n')
		len++;
	bool complete = len + 1 >= sizeof(buf) || (len < sizeof(buf) && buf[len] == '\n');
	if (tty && secret) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
		fputs("\n", stdout);
	}
	if (!complete || got_sigint)
		return NULL;
	return xstrndup(buf, len);
}

/* ---- one request and its reply ---- */

static void take_done(const struct proto_frame *f, enum proto_status *status)
{
	struct proto_done d;
	if (proto_get_done(f, &d) < 0)
		return;
	*status = d.status;
	sh.page_len = d.term_length;
	snprintf(sh.prompt, sizeof(sh.prompt), "%s", d.prompt);
	if (d.status != PS_OK)
		sh.any_failed = true;
}

/* Collects the output up to DONE (or BYE), answering questions on the way. The output
 * is shown once complete, so the daemon's queue drains while the user reads a page. */
static enum reply_end await_reply(enum proto_status *status)
{
	struct strbuf text;
	struct proto_frame f;
	enum reply_end end = END_LOST;

	sb_init(&text);
	*status = PS_FAILED;
	while (read_frame(&f) == 0) {
		if (f.type == PT_OUTPUT) {
			sb_addn(&text, (const char *)f.payload, f.len);
		} else if (f.type == PT_NOTIFY) {
			show_notify((const char *)f.payload, f.len);
		} else if (f.type == PT_MATCHES) {
			proto_free_words(sh.matches);
			sh.matches = proto_get_matches(&f);
		} else if (f.type == PT_SECRET || f.type == PT_CONFIRM) {
			show_output(&text);
			sb_reset(&text);
			char *question = proto_strdup(&f);
			got_sigint = 0;
			char *answer = ask(question, f.type == PT_SECRET);
			free(question);
			if (answer) {
				send_str(PT_ANSWER, answer);
				explicit_bzero(answer, strlen(answer));
				free(answer);
			} else {
				proto_put(&sh.q, PT_INTERRUPT, NULL, 0);
				flush_queue();
			}
		} else if (f.type == PT_DONE) {
			take_done(&f, status);
			end = END_DONE;
			break;
		} else if (f.type == PT_BYE) {
			end = END_BYE;
			break;
		}
	}
	show_output(&text);
	sb_free(&text);
	if (end == END_LOST) {
		fprintf(stderr, "%% Connection to rampartd lost\n");
		sh.any_failed = true;
	}
	return end;
}

/* Sends one request; false when the session is over. */
static bool request(uint8_t type, const char *line)
{
	enum proto_status status;
	if (strlen(line) > PROTO_MAX_PAYLOAD) {
		fprintf(stdout, "%% Line too long (more than %u characters)\n", PROTO_MAX_PAYLOAD);
		sh.any_failed = true;
		return true;
	}
	send_str(type, line);
	return await_reply(&status) == END_DONE;
}

static bool hello(void)
{
	struct proto_hello h = { .version = PROTO_VERSION, .interactive = sh.interactive };
	struct proto_frame f;
	enum proto_status status;

	if (sh.interactive)
		terminal_size(&h.width, &h.height);
	proto_put_hello(&sh.q, &h);
	flush_queue();
	if (read_frame(&f) < 0) {
		fprintf(stderr, "%% Connection to rampartd lost\n");
		return false;
	}
	if (f.type == PT_HELLO && proto_get_hello(&f, &h) == 0)
		sh.pager = h.pager;
	else {
		/* Not a HELLO: the daemon refused (e.g. a version mismatch) and says why. */
		if (f.type == PT_OUTPUT)
			write_out((const char *)f.payload, f.len);
		return false;
	}
	return await_reply(&status) == END_DONE;
}

/* ---- scripts: -c arguments or stdin ---- */

static char *next_script_line(struct line_source *src)
{
	if (!src)
		return NULL;
	if (src->cmds) {
		/* A -c argument may hold several lines (ssh host $'enable\nPW\nshow run'). */
		if (!src->rest) {
			if (src->next >= src->ncmds)
				return NULL;
			src->rest = src->cmds[src->next++];
		}
		size_t len = strcspn(src->rest, "\n");
		char *line = xstrndup(src->rest, len);
		src->rest = src->rest[len] ? src->rest + len + 1 : NULL;
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		return line;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static void run_script(struct line_source *src)
{
	char *line;
	char *pending = xstrdup("");   /* what a last `?` line left typed at the prompt */

	sh.script = src;
	while ((line = next_script_line(src)) != NULL) {
		size_t len = strlen(line);
		bool help = sh.transcript && len && line[len - 1] == '?';
		bool more;

		if (sh.transcript) {
			printf("%s%s\n", sh.prompt, line);
			fflush(stdout);
		}
		if (help)
			line[len - 1] = '\0';
		more = request(help ? PT_HELP : PT_EXEC, line);
		free(pending);
		pending = help ? line : xstrdup("");
		if (!help)
			free(line);
		if (!more) {
			free(pending);
			return;          /* the session closed: no prompt follows */
		}
	}
	if (sh.transcript)
		printf("%s%s\n", sh.prompt, pending);
	free(pending);
}

/* ---- interactive ---- */

static void send_winch(void)
{
	unsigned w, h;
	terminal_size(&w, &h);
	proto_put_winch(&sh.q, w, h);
	flush_queue();
}

static void on_line(char *line)
{
	if (!line) {
		/* Ctrl-D at an empty line: leave, as `exit` would. */
		fputs("\n", stdout);
		sh.quit = true;
		return;
	}
	if (line[strspn(line, " \t")])
		add_history(line);
	if (!request(PT_EXEC, line))
		sh.quit = true;
	free(line);
	rl_set_prompt(sh.prompt);
}

/* `?`: help on the line so far, which stays as typed (also mid-word: "sh?"). */
static int key_help(int count, int key)
{
	UNUSED(count);
	UNUSED(key);
	char *line = xstrndup(rl_line_buffer, (size_t)rl_point);
	rl_point = rl_end;
	rl_redisplay();
	fputs("?\n", stdout);
	if (!request(PT_HELP, line))
		sh.quit = true;
	free(line);
	rl_set_prompt(sh.prompt);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

/* Ctrl-Z: straight back to EXEC, as `end`; the line being typed is dropped. */
static int key_ctrl_z(int count, int key)
{
	UNUSED(count);
	UNUSED(key);
	fputs("^Z\n", stdout);
	rl_replace_line("", 0);
	if (!request(PT_EXEC, "end"))
		sh.quit = true;
	rl_set_prompt(sh.prompt);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

/* Ctrl-C at the prompt abandons the line. */
static int key_ctrl_c(int count, int key)
{
	UNUSED(count);
	UNUSED(key);
	rl_point = rl_end;
	rl_redisplay();
	fputs("^C\n", stdout);
	rl_replace_line("", 0);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static size_t match_iter;

static char *next_match(const char *text, int state)
{
	UNUSED(text);
	if (state == 0)
		match_iter = 0;
	while (sh.matches && sh.matches[match_iter]) {
		const char *word = sh.matches[match_iter++];
		if (word[0] != '<')   /* "<cr>", "<1-65535>": nothing to insert */
			return xstrdup(word);
	}
	return NULL;
}

/* TAB: the daemon's grammar completes the word under the cursor; readline inserts a
 * unique match with a space, or lists several (show-all-if-ambiguous). */
static char **complete(const char *text, int start, int end)
{
	UNUSED(start);
	rl_attempted_completion_over = 1;
	char *line = xstrndup(rl_line_buffer, (size_t)end);
	proto_free_words(sh.matches);
	sh.matches = NULL;
	bool ok = request(PT_COMPLETE, line);
	free(line);
	if (!ok) {
		sh.quit = true;
		return NULL;
	}
	return rl_completion_matches(text, next_match);
}

/* Readline's terminal settings, less the suspend and interrupt characters: Ctrl-Z and
 * Ctrl-C are keys of the CLI (end, abandon the line), not job control. */
static void prep_terminal(int meta)
{
	struct termios t;
	rl_prep_terminal(meta);
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_cc[VSUSP] = _POSIX_VDISABLE;
		t.c_cc[VINTR] = _POSIX_VDISABLE;
		tcsetattr(STDIN_FILENO, TCSADRAIN, &t);
	}
}

static void history_open(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw = NULL;
	if (!home || !*home) {
		pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : NULL;
	}
	using_history();
	stifle_history(HISTORY_LINES);
	if (!home)
		return;
	sh.history_path = xasprintf("%s/.rampart_history", home);
	read_history(sh.history_path);
}

static void history_close(void)
{
	if (sh.history_path && write_history(sh.history_path) == 0)
		history_truncate_file(sh.history_path, HISTORY_LINES);
	free(sh.history_path);
}

static void setup_readline(void)
{
	rl_readline_name = "rampart";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_prep_term_function = prep_terminal;
	rl_attempted_completion_function = complete;
	rl_completer_word_break_characters = " \t";
	rl_variable_bind("show-all-if-ambiguous", "on");
	rl_variable_bind("bell-style", "none");
	/* A device prompt is plain text: no bracketed-paste escapes around it. */
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_bind_key('?', key_help);
	rl_bind_key(26, key_ctrl_z);
	rl_bind_key(3, key_ctrl_c);
}

/* One loop over the terminal and the socket, so `terminal monitor` lines appear while
 * the user is typing. */
static void run_interactive(void)
{
	history_open();
	setup_readline();
	rl_callback_handler_install(sh.prompt, on_line);
	while (!sh.quit) {
		struct pollfd pfd[2] = { { .fd = STDIN_FILENO, .events = POLLIN }, { .fd = sh.fd, .events = POLLIN } };
		if (got_sigwinch) {
			got_sigwinch = 0;
			rl_resize_terminal();
			send_winch();
		}
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents) {
			struct proto_frame f;
			long n = proto_reader_fill(&sh.in, sh.fd);
			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
				rl_callback_handler_remove();
				fprintf(stderr, "\n%% Connection to rampartd lost\n");
				sh.any_failed = true;
				break;
			}
			while (proto_next(&sh.in, &f) == 1) {
				if (f.type == PT_NOTIFY)
					show_notify((const char *)f.payload, f.len);
				else if (f.type == PT_BYE)
					sh.quit = true;
			}
		}
		if (!sh.quit && pfd[0].revents)
			rl_callback_read_char();
	}
	rl_callback_handler_remove();
	history_close();
}

static void usage(FILE *to)
{
	fprintf(to, "usage: rampart [-s SOCKET] [-t] [-c \"COMMAND\"]...\n"
		    "  -s SOCKET   rampartd's vty socket (default " PROTO_DEFAULT_SOCKET ")\n"
		    "  -c COMMAND  run COMMAND; several run in order in one session\n"
		    "  -t          transcript: show each script line after its prompt, as typed;\n"
		    "              a line ending in ? asks for help instead of running\n");
}

static void install_signals(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_sigint;   /* no SA_RESTART: a blocked read returns */
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_sigwinch;
	sigaction(SIGWINCH, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The options; 0 to go on, else the exit status (usage printed). */
static int parse_options(int argc, char **argv, struct line_source *cmds, const char **socket_path)
{
	int opt;

	while ((opt = getopt(argc, argv, "s:c:th")) != -1) {
		if (opt == 's')
			*socket_path = optarg;
		else if (opt == 't')
			sh.transcript = true;
		else if (opt == 'c')
			cmds->cmds[cmds->ncmds++] = optarg;
		else {
			usage(opt == 'h' ? stdout : stderr);
			return opt == 'h' ? -1 : 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	return 0;
}

/* One session with the daemon: connect, greet, run the script or the terminal. */
static void run_session(const char *socket_path, struct line_source *cmds)
{
	struct line_source in = { 0 };

	sh.interactive = cmds->ncmds == 0 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	sb_init(&sh.q);
	proto_reader_init(&sh.in);
	install_signals();
	sh.fd = connect_daemon(socket_path);
	if (sh.fd >= 0) {
		sh.script = cmds->ncmds ? cmds : &in;
		if (hello()) {
			if (sh.interactive)
				run_interactive();
			else
				run_script(sh.script);
			proto_put(&sh.q, PT_BYE, NULL, 0);
			flush_queue();
		} else {
			sh.any_failed = true;
		}
		close(sh.fd);
	} else {
		sh.any_failed = true;
	}
	proto_free_words(sh.matches);
	proto_reader_free(&sh.in);
	sb_free(&sh.q);
}

int main(int argc, char **argv)
{
	const char *socket_path = getenv("RAMPART_SOCKET");
	struct line_source cmds = { 0 };
	int rc;

	if (argc > 1 && !strcmp(argv[1], "translate"))
		return translate_main(argc - 1, argv + 1);
	if (!socket_path || !*socket_path)
		socket_path = PROTO_DEFAULT_SOCKET;
	cmds.cmds = xcalloc((size_t)argc, sizeof(char *));
	rc = parse_options(argc, argv, &cmds, &socket_path);
	if (rc == 0) {
		run_session(socket_path, &cmds);
		rc = sh.any_failed ? 1 : 0;
	}
	free(cmds.cmds);
	return rc < 0 ? 0 : rc;
}
