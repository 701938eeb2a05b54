/* libFuzzer target for the CLI as a user meets it: rampartd's grammar (every area's
 * command table), a fresh running-config and one session per input, in-process, and
 * the input's lines typed into it. A line ending in '?' asks for help, one ending in
 * a TAB for completion, any other runs; a question (enable's Password:, [confirm],
 * Save? [yes/no]) takes the next line as its answer. Handlers do run: the whole CLI of both
 * personalities is under test, not the parser alone. The startup-config is a file in
 * a private directory per input, so `write memory`, `reload` and `erase` work for real.
 *
 * Input: byte 0 picks the personality (bit 0: IOS), the privilege (bit 1: user EXEC
 * at 1, else 15) and, in its upper bits, the mode a privileged session starts in
 * (MODES below: the lines that lead there, so every node is reachable at once); the
 * rest is the typed text, lines split at '\n' (and cut at a NUL, as the vty socket
 * does). A prompt must always render and the mode stack must stay within its bounds.
 *
 * Built and run by tests/fuzz/run (see tests/fuzz/README.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser/grammar.h"
#include "parser/node.h"
#include "platform/daemon.h"
#include "platform/event.h"
#include "platform/log.h"
#include "platform/util.h"
#include "running-config/area.h"
#include "running-config/config.h"
#include "tests/fuzz/fuzz_scratch.h"
#include "shell/session.h"

#define MAX_LINES 64

/* The lines that lead from privileged EXEC to a mode, per personality. */
struct mode_path {
	const char *asa;
	const char *ios;
};

static const struct mode_path MODES[] = {
	{ "", "" },
	{ "configure terminal", "configure terminal" },
	{ "configure terminal\ninterface GigabitEthernet0/0", "configure terminal\ninterface GigabitEthernet0/0" },
	{ "configure terminal\ncrypto ikev1 policy 10", "configure terminal\ncrypto isakmp policy 10" },
	{ "configure terminal\ntunnel-group 192.0.2.2 type ipsec-l2l\ntunnel-group 192.0.2.2 ipsec-attributes",
	  "configure terminal\ncrypto ipsec transform-set TS esp-aes 256 esp-sha-hmac" },
	{ "configure terminal\ntunnel-group 192.0.2.2 type ipsec-l2l\ntunnel-group 192.0.2.2 general-attributes",
	  "configure terminal\ncrypto map VPN 10 ipsec-isakmp" },
	{ "configure terminal\ngroup-policy GP internal\ngroup-policy GP attributes",
	  "configure terminal\ncrypto ipsec profile PROF" },
	{ "configure terminal\nobject network OBJ", "configure terminal\ncrypto isakmp profile IPROF" },
	{ "configure terminal\nobject-group network GRP", "configure terminal\ncrypto keyring KR" },
	{ "configure terminal\ncrypto isakmp policy 20", "configure terminal\nip access-list extended ACL" },
	{ "configure terminal\npolicy-map global_policy", "configure terminal\nip access-list standard SACL" },
	{ "configure terminal\ninterface GigabitEthernet0/1\nexit\nobject network O2\nexit",
	  "configure terminal\ncrypto isakmp peer address 192.0.2.2" },
	{ "configure terminal\nclass-map CM", "configure terminal\nrouter ospf 1" },
};

static struct rampartd rd;
static char dir[4096];


int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t n;
	struct command_table *tables = areas_command_tables(&n);

	(void)argc;
	(void)argv;
	rd.grammar = grammar_new(tables, n);
	rd.loop = ev_loop_new();
	free(tables);
	log_init("fuzz", true);
	log_set_level(LOG_SEV_EMERG);   /* refused lines are expected, not news */
	return 0;
}

/* What every step must leave true whatever was typed. */
static void check_session(struct session *s)
{
	struct strbuf prompt;

	if (s->depth < 1 || s->depth > SESSION_MAX_DEPTH || (s->privilege != 1 && s->privilege != 15))
		abort();
	sb_init(&prompt);
	session_prompt(s, &prompt);
	if (!prompt.len)
		abort();
	sb_free(&prompt);
}

/* One typed line, as the client hands it over: ending in '?' it asks for help on
 * what precedes, ending in a TAB for completion, else it runs (or answers the question
 * the previous command asked). Returns whether the next line is such an answer. */
static bool type_line(struct session *s, char *line, bool answering)
{
	size_t len = strlen(line);
	enum exec_status st = EXEC_OK;

	if (answering) {
		st = session_answer(s, line);
	} else if (len && line[len - 1] == '?') {
		line[len - 1] = '\0';
		session_help(s, line);
	} else if (len && line[len - 1] == '\t') {
		line[len - 1] = '\0';
		grammar_free_strv(session_complete(s, line));
	} else {
		st = session_exec(s, line);
	}
	sb_reset(&s->out);
	check_session(s);
	return st == EXEC_SECRET || st == EXEC_CONFIRM;
}

static void type_text(struct session *s, const char *text, unsigned max_lines)
{
	char *copy = xstrdup(text), *line = copy, *nl;
	bool answering = false;

	for (unsigned i = 0; line && i < max_lines; i++) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		answering = type_line(s, line, answering);
		line = nl ? nl + 1 : NULL;
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct mode_path *mode;
	struct session *s;
	char *text;

	if (size < 1)
		return 0;
	rd.personality = data[0] & 1 ? GP_IOS : GP_ASA;
	mode = &MODES[(data[0] >> 2) % ARRAY_SIZE(MODES)];
	scratch_open(dir, sizeof(dir), "fuzz_cli");
	rd.boot.startup_config = xasprintf("%s/startup-config", dir);
	rd.config = running_config_new(rd.personality);
	if (data[0] & 2) {
		s = session_new(&rd, SESSION_VTY, "fuzz", 1000, 1);     /* user EXEC: `enable` is typed */
	} else {
		s = session_new(&rd, SESSION_VTY, "fuzz", 1000, 15);
		type_text(s, rd.personality == GP_IOS ? mode->ios : mode->asa, MAX_LINES);
	}
	text = xstrndup((const char *)data + 1, size - 1);
	type_text(s, text, MAX_LINES);
	free(text);
	session_free(s);
	running_config_free(rd.config);
	rd.config = NULL;
	free(rd.boot.startup_config);
	scratch_close(dir);
	return 0;
}
