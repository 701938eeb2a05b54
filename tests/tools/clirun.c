/* clirun: typed lines through the real grammar and CLI session, in process, with the
 * screen printed the way a person at the terminal sees it (prompt + typed line, then
 * the output). The golden transcript tier (tests/cli/run-golden.sh) replays through it.
 *
 *   clirun --asa|--ios [--user NAME] [--priv N] < lines
 *
 * Input conventions:
 *   - a line ending in `?` asks for help on the text before the `?`; the device then
 *     shows the prompt again with that text, and whatever the person types next ends
 *     up on that line, so the next input line is the whole next line as it is finally
 *     entered (the screen shows prompt + that line);
 *   - after a command that asks a question (enable's "Password: ", "[confirm]"), the
 *     next input line is the answer. A secret answer is shown as typed (the device
 *     echoes nothing) so that a transcript can be replayed from its own text.
 *   - at the end of input the prompt the session waits at is printed on its own line,
 *     with the text a last `?` line left on it.
 * With CLIRUN_FIXED_TIME=1 in the environment, "bytes copied in N secs" shows 0.000,
 * so a transcript with `write memory` compares equal from run to run. */
#include "config.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "platform/daemon.h"
#include "platform/event.h"
#include "platform/log.h"
#include "running-config/area.h"
#include "running-config/config.h"
#include "running-config/system.h"
#include "shell/session.h"

struct options {
	enum grammar_personality personality;
	bool personality_set;
	const char *user;
	unsigned privilege;
};

static void usage(FILE *to)
{
	fprintf(to, "usage: clirun --asa|--ios [--user NAME] [--priv 1|15] < lines\n");
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "asa", no_argument, NULL, 'a' },
		{ "ios", no_argument, NULL, 'i' },
		{ "user", required_argument, NULL, 'u' },
		{ "priv", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	o->user = "admin";
	o->privilege = 15;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'a':
		case 'i':
			o->personality = opt == 'a' ? GP_ASA : GP_IOS;
			o->personality_set = true;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'p':
			o->privilege = (unsigned)strtoul(optarg, NULL, 10);
			if (o->privilege < 1 || o->privilege > 15)
				return -1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	return o->personality_set && optind == argc ? 0 : -1;
}

/* ---- a throwaway startup-config, so `write memory` and `reload` work ---- */

static char *make_state_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/clirun.XXXXXX", tmp && *tmp ? tmp : "/tmp");

	if (!mkdtemp(dir)) {
		perror("clirun: mkdtemp");
		exit(1);
	}
	return dir;
}

static void remove_state_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *path = xasprintf("%s/%s", dir, e->d_name);
			unlink(path);
			free(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* ---- the screen ---- */

/* "... bytes copied in 0.012 secs" → "0.000 secs": the only varying text we print. */
static void fix_times(struct strbuf *out)
{
	static const char marker[] = " bytes copied in ";
	char *p = out->s;

	while (p && (p = strstr(p, marker)) != NULL) {
		char *num = p + sizeof(marker) - 1;
		char *end = num + strspn(num, "0123456789.");
		if (end > num && !strncmp(end, " secs", 5)) {
			struct strbuf fixed;
			sb_init(&fixed);
			sb_addn(&fixed, out->s, (size_t)(num - out->s));
			sb_add(&fixed, "0.000");
			size_t resume = fixed.len;
			sb_add(&fixed, end);
			sb_free(out);
			*out = fixed;
			p = out->s + resume;
		} else {
			p = num;
		}
	}
}

static void print_output(struct session *s, bool fixed_time)
{
	if (fixed_time)
		fix_times(&s->out);
	if (s->out.len)
		fwrite(s->out.s, 1, s->out.len, stdout);
}

static void print_prompt(const struct session *s)
{
	struct strbuf p;

	sb_init(&p);
	session_prompt(s, &p);
	fputs(p.s ? p.s : "", stdout);
	sb_free(&p);
}

static bool read_line(char **buf, size_t *cap, FILE *in)
{
	ssize_t n = getline(buf, cap, in);

	if (n < 0)
		return false;
	while (n > 0 && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
		(*buf)[--n] = '\0';
	return true;
}

/* One typed line: a command, a `?` request or the answer to a question. Returns
 * false when the session has closed. *partial: what a `?` line leaves typed. */
static bool type_line(struct session *s, const char *line, bool *asking, char **partial, bool fixed_time)
{
	size_t len = strlen(line);
	enum exec_status st;

	printf("%s\n", line);
	free(*partial);
	*partial = NULL;
	if (*asking) {
		st = session_answer(s, line);
	} else if (len && line[len - 1] == '?') {
		*partial = xstrndup(line, len - 1);
		session_help(s, *partial);
		print_output(s, fixed_time);
		return true;
	} else {
		st = session_exec(s, line);
	}
	print_output(s, fixed_time);
	*asking = st == EXEC_SECRET || st == EXEC_CONFIRM;
	return st != EXEC_CLOSE;
}

static void run(struct session *s, FILE *in)
{
	bool fixed_time = getenv("CLIRUN_FIXED_TIME") && !strcmp(getenv("CLIRUN_FIXED_TIME"), "1");
	bool asking = false;
	char *line = NULL, *partial = NULL;
	size_t cap = 0;

	for (;;) {
		print_prompt(s);
		if (!read_line(&line, &cap, in)) {
			printf("%s\n", partial ? partial : "");
			break;
		}
		if (!type_line(s, line, &asking, &partial, fixed_time))
			break;
	}
	free(partial);
	free(line);
}

int main(int argc, char **argv)
{
	struct options opts = { 0 };
	struct rampartd rd = { 0 };
	size_t ntables = 0;
	struct command_table *tables;
	struct session *s;
	char *dir;

	if (parse_args(argc, argv, &opts) < 0) {
		usage(stderr);
		return 2;
	}
	/* daemon log lines go to stderr, never into the transcript */
	log_init("clirun", true);
	bootstrap_defaults(&rd.boot);
	dir = make_state_dir();
	free(rd.boot.startup_config);
	rd.boot.startup_config = xasprintf("%s/startup-config", dir);
	rd.personality = opts.personality;
	rd.boot.personality = opts.personality;
	rd.boot_time = (long)time(NULL);
	rd.loop = ev_loop_new();
	tables = areas_command_tables(&ntables);
	rd.grammar = grammar_new(tables, ntables);
	free(tables);
	rd.config = running_config_new(rd.personality);
	sys_set_default_hostname(rd.config, rd.boot.hostname);
	rd.saved_generation = rd.config->generation;

	s = session_new(&rd, SESSION_VTY, opts.user, getuid(), opts.privilege);
	run(s, stdin);
	fflush(stdout);

	session_free(s);
	running_config_free(rd.config);
	grammar_free(rd.grammar);
	ev_loop_free(rd.loop);
	bootstrap_free(&rd.boot);
	remove_state_dir(dir);
	free(dir);
	return ferror(stdout) ? 1 : 0;
}
