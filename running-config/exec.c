/* The EXEC verbs that are not about one config area: privilege, modes, terminal
 * settings, showing and saving the configuration. */
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "platform/daemon.h"
#include "platform/log.h"
#include "running-config/area.h"
#include "running-config/persist.h"
#include "running-config/system.h"
#include "shell/session.h"

#define NVRAM_SIZE 33554432u    /* what IOS's `Using N out of M bytes` reports as M */

/* ---- privilege ---- */

static bool enable_try(struct session *s, const char *pw)
{
	struct running_config *rc = session_config(s);

	if ((!sys_enable_set(rc) && !*pw) || sys_enable_verify(rc, pw)) {
		s->privilege = 15;
		return true;
	}
	return false;
}

/* IOS asks three times, then gives up with "% Bad secrets"; ASA refuses at once. */
static int enable_answer_last(struct session *s, const char *pw)
{
	if (enable_try(s, pw))
		return CMD_SUCCESS;
	cli_puts(s, session_personality(s) == GP_IOS ? "% Bad secrets\n\n" : "Invalid password\n");
	return CMD_WARNING;
}

static int enable_answer_second(struct session *s, const char *pw)
{
	if (enable_try(s, pw))
		return CMD_SUCCESS;
	session_ask(s, true, "Password: ", enable_answer_last);
	return CMD_SUCCESS;
}

static int enable_answer(struct session *s, const char *pw)
{
	if (enable_try(s, pw))
		return CMD_SUCCESS;
	if (session_personality(s) == GP_ASA)
		return enable_answer_last(s, pw);
	session_ask(s, true, "Password: ", enable_answer_second);
	return CMD_SUCCESS;
}

static int cmd_enable(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	if (s->privilege >= 15)
		return CMD_SUCCESS;
	/* IOS refuses outright when no password could ever match; ASA asks regardless. */
	if (session_personality(s) == GP_IOS && !sys_enable_set(session_config(s))) {
		cli_puts(s, "% No password set\n");
		return CMD_WARNING;
	}
	session_ask(s, true, "Password: ", enable_answer);
	return CMD_SUCCESS;
}

static int cmd_disable(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	s->privilege = 1;
	return CMD_SUCCESS;
}

/* ---- modes ---- */

static int cmd_configure(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	if (session_personality(s) == GP_IOS && !session_replaying(s))
		cli_puts(s, "Enter configuration commands, one per line.  End with CNTL/Z.\n");
	return CMD_SUCCESS;
}

static int cmd_exit_config(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	session_pop(s);
	return CMD_SUCCESS;
}

static int cmd_exit_exec(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	s->close = true;
	return CMD_SUCCESS;
}

static int cmd_end(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	session_end(s);
	return CMD_SUCCESS;
}

static int cmd_do(struct session *s, const struct cmd_args *a, bool no)
{
	const char *line = arg_str(a, "line");
	const char *at = strstr(a->line, line);

	(void)no;
	return session_do(s, line, at ? (size_t)(at - a->line) : 0);
}

/* ---- terminal ---- */

static int cmd_terminal_length(struct session *s, const struct cmd_args *a, bool no)
{
	s->term_length = no ? 24 : (unsigned)arg_num(a, "n", 24);
	return CMD_SUCCESS;
}

static int cmd_terminal_width(struct session *s, const struct cmd_args *a, bool no)
{
	s->term_width = no ? 80 : (unsigned)arg_num(a, "n", 80);
	return CMD_SUCCESS;
}

static int cmd_terminal_monitor(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a;
	s->monitor = !no;
	return CMD_SUCCESS;
}

static int cmd_terminal_monitor_off(struct session *s, const struct cmd_args *a, bool no)
{
	(void)no;
	return cmd_terminal_monitor(s, a, true);
}

/* ---- history and users ---- */

static int cmd_show_history(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	/* history[0] is this very command; the device lists oldest first, including it */
	for (unsigned i = s->nhistory; i-- > 0;)
		cli_printf(s, "  %s\n", s->history[i]);
	return CMD_SUCCESS;
}

static void idle_text(long seconds, char *buf, size_t len)
{
	if (seconds < 0 || seconds > 99 * 3600)
		seconds = 99 * 3600;
	snprintf(buf, len, "%02ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

static int cmd_show_users(struct session *s, const struct cmd_args *a, bool no)
{
	long now = (long)time(NULL);
	char idle[32];

	(void)a, (void)no;
	cli_puts(s, "    Line       User       Host(s)              Idle       Location\n");
	for (struct session *o = session_first(); o; o = o->next_session) {
		if (o->kind != SESSION_VTY)
			continue;
		idle_text(now - o->login_time, idle, sizeof(idle));
		cli_printf(s, "%c%3u vty %-5u %-10s %-20s %-10s %s\n", o == s ? '*' : ' ', o->vty_index + 2,
			   o->vty_index, o->user, "idle", idle, "local");
	}
	return CMD_SUCCESS;
}

/* ---- the configuration as text ---- */

/* ASA's trailer: an MD5 over the text, as 32 hex digits. */
static void add_cryptochecksum(const struct strbuf *of, struct strbuf *into, bool spaced)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;

	EVP_Digest(of->s ? of->s : "", of->len, md, &mdlen, EVP_md5(), NULL);
	sb_add(into, spaced ? "Cryptochecksum: " : "Cryptochecksum:");
	for (unsigned i = 0; i < mdlen; i++)
		sb_printf(into, spaced && i && i % 4 == 0 ? " %02x" : "%02x", md[i]);
	sb_add(into, spaced ? " \n" : "\n");
}

/* The whole configuration as the device prints or saves it. */
static void config_text(struct session *s, enum render_mode mode, struct strbuf *out)
{
	struct render_ctx ctx = { session_personality(s), mode, NULL };

	running_config_render(session_config(s), &ctx, NULL, out);
	if (ctx.personality == GP_ASA) {
		struct strbuf sum;

		sb_init(&sum);
		add_cryptochecksum(out, &sum, false);
		sb_add(out, sum.s);
		sb_free(&sum);
		sb_add(out, ": end\n");
	}
}

static void print_ios_building(struct session *s, size_t bytes)
{
	cli_printf(s, "Building configuration...\n\nCurrent configuration : %zu bytes\n", bytes);
}

/* IOS frames a section like the whole configuration, its last `!` replaced by `end`. */
static void print_ios_section(struct session *s, struct strbuf *text)
{
	if (text->len >= 2 && !strcmp(text->s + text->len - 2, "!\n"))
		text->s[text->len -= 2] = '\0';
	print_ios_building(s, text->len + 6);
	cli_printf(s, "!\n%send\n", text->s ? text->s : "");
}

/* Word pos of path ("crypto map", 1 -> "map"), or false when the path is shorter. */
static bool path_word(const char *path, size_t pos, char *word, size_t len)
{
	for (size_t w = 0; w < pos; w++) {
		path = strchr(path, ' ');
		if (!path)
			return false;
		path++;
	}
	snprintf(word, len, "%.*s", (int)strcspn(path, " "), path);
	return true;
}

/* Completes typed, the word at pos after the resolved words in prior, against the
 * section paths of every area; unique prefixes and exact words resolve. */
static bool path_word_known(size_t pos, const char *typed, const char *prior, char *full, size_t len)
{
	size_t hits = 0, plen = strlen(prior);
	char word[64];

	for (size_t a = 0; a < rampart_area_count; a++) {
		for (size_t i = 0; i < rampart_areas[a]->nsections; i++) {
			const char *path = rampart_areas[a]->sections[i].path;

			if (!path || strncmp(path, prior, plen) || (plen && path[plen] != ' ') ||
			    !path_word(path, pos, word, sizeof(word)) || strncmp(word, typed, strlen(typed)))
				continue;
			if (!strcmp(word, typed)) {
				snprintf(full, len, "%s", word);
				return true;
			}
			if (hits == 0 || strcmp(full, word))
				hits++;
			snprintf(full, len, "%s", word);
		}
	}
	return hits == 1;
}

/* Resolves typed section words ("cry m") to a path ("crypto map"); a last word that
 * names no section is the object name ("tunnel-group 192.0.2.1"). */
static bool resolve_path(const char *typed, char *path, size_t len, char **name, size_t *bad_at)
{
	char *copy = xstrdup(typed), *save = NULL, full[64];
	size_t pos = 0;
	bool ok = true;

	*path = '\0';
	*name = NULL;
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save), pos++) {
		size_t at = (size_t)(w - copy);

		if (pos == 0 && strlen(w) >= 3 && !strncmp("ipsec", w, strlen(w))) {
			/* ASA's `show running-config ipsec` is the crypto ipsec part */
			snprintf(path, len, "crypto ipsec");
			pos++;
			continue;
		}
		if (path_word_known(pos, w, path, full, sizeof(full))) {
			snprintf(path + strlen(path), len - strlen(path), "%s%s", pos ? " " : "", full);
			continue;
		}
		if (pos > 0 && !strtok_r(NULL, " ", &save)) {
			*name = xstrdup(w);
			break;
		}
		*bad_at = at;
		ok = false;
		break;
	}
	free(copy);
	return ok;
}

static int show_run_section(struct session *s, const struct cmd_args *a, enum render_mode mode)
{
	const char *typed = arg_str(a, "path");
	struct render_ctx ctx = { session_personality(s), mode, NULL };
	char path[128], *name = NULL;
	size_t bad_at = 0;
	struct strbuf text;

	if (!resolve_path(typed, path, sizeof(path), &name, &bad_at)) {
		struct strbuf prompt;
		const char *at = strstr(a->line, typed);

		sb_init(&prompt);
		session_prompt(s, &prompt);
		cli_printf(s, "%*s^\n", (int)(prompt.len + (size_t)(at ? at - a->line : 0) + bad_at), "");
		sb_free(&prompt);
		cli_error(s, "%% Invalid input detected at '^' marker.\n");
		return CMD_WARNING;
	}
	if (name && !strcmp(path, "interface")) {
		char canon[64];
		if (iface_canonical(name, canon, sizeof(canon))) {
			free(name);
			name = xstrdup(canon);
		}
	}
	ctx.filter_name = name;
	sb_init(&text);
	running_config_render(session_config(s), &ctx, path, &text);
	if (ctx.personality == GP_IOS)
		print_ios_section(s, &text);
	else
		cli_puts(s, text.s ? text.s : "");
	sb_free(&text);
	free(name);
	return CMD_SUCCESS;
}

static int cmd_show_running(struct session *s, const struct cmd_args *a, bool no)
{
	enum render_mode mode = arg_has(a, "all") ? RENDER_ALL : RENDER_SHOW;
	struct strbuf text;

	(void)no;
	if (arg_has(a, "path"))
		return show_run_section(s, a, mode);
	sb_init(&text);
	config_text(s, mode, &text);
	if (session_personality(s) == GP_IOS)
		print_ios_building(s, text.len);
	cli_puts(s, text.s);
	sb_free(&text);
	return CMD_SUCCESS;
}

static int cmd_more_running(struct session *s, const struct cmd_args *a, bool no)
{
	struct strbuf text;

	(void)a, (void)no;
	sb_init(&text);
	config_text(s, RENDER_SAVE, &text);
	cli_puts(s, text.s);
	sb_free(&text);
	return CMD_SUCCESS;
}

static char *read_startup(struct session *s, size_t *len)
{
	FILE *f = fopen(s->rd->boot.startup_config, "r");
	struct strbuf text;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	sb_init(&text);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&text, buf, n);
	fclose(f);
	*len = text.len;
	return sb_steal(&text);
}

static int cmd_show_startup(struct session *s, const struct cmd_args *a, bool no)
{
	size_t len = 0;
	char *text = read_startup(s, &len);

	(void)a, (void)no;
	if (!text) {
		if (session_personality(s) == GP_IOS)
			cli_puts(s, "startup-config is not present\n");
		return CMD_SUCCESS;
	}
	if (session_personality(s) == GP_IOS)
		cli_printf(s, "Using %zu out of %u bytes\n", len, NVRAM_SIZE);
	cli_puts(s, text);
	free(text);
	return CMD_SUCCESS;
}

/* ---- saving ---- */

static int save_config(struct session *s)
{
	struct rampartd *rd = s->rd;
	struct timespec t0, t1;
	struct strbuf text;
	int err;

	cli_puts(s, "Building configuration...\n");
	sb_init(&text);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	config_text(s, RENDER_SAVE, &text);
	err = config_save_atomic(rd->boot.startup_config, text.s, text.len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err < 0) {
		if (session_personality(s) == GP_IOS)
			cli_printf(s, "%%Error opening nvram:/startup-config (%s)\n", strerror(-err));
		else
			cli_error(s, "Failed to write the startup configuration: %s\n", strerror(-err));
		log_daemon(LOG_SEV_ERR, "%s: cannot save: %s", rd->boot.startup_config, strerror(-err));
		sb_free(&text);
		return CMD_WARNING;
	}
	if (session_personality(s) == GP_ASA) {
		struct strbuf sum;
		sb_init(&sum);
		/* the sum covers the text before its own trailer, as config_text computed it */
		add_cryptochecksum(&text, &sum, true);
		cli_printf(s, "%s\n%zu bytes copied in %.3f secs\n", sum.s, text.len,
			   (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		sb_free(&sum);
	}
	cli_puts(s, "[OK]\n");
	rd->saved_generation = rd->config->generation;
	sb_free(&text);
	return CMD_SUCCESS;
}

static int cmd_write_memory(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	return save_config(s);
}

static int copy_destination_answer(struct session *s, const char *answer)
{
	if (*answer && strcmp(answer, "startup-config")) {
		cli_printf(s, "%%Error opening nvram:/%s (No such file or directory)\n", answer);
		return CMD_WARNING;
	}
	return save_config(s);
}

static int cmd_copy_run_start(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	if (session_personality(s) == GP_IOS) {
		session_ask(s, false, "Destination filename [startup-config]? ", copy_destination_answer);
		return CMD_SUCCESS;
	}
	cli_puts(s, "\nSource filename [running-config]? \nCryptochecksum computed.\n");
	return save_config(s);
}

static int cmd_write_terminal(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	return cmd_more_running(s, NULL, false);
}

/* [confirm]: Enter or y/yes go ahead, anything else declines. */
static bool confirmed(const char *answer)
{
	return !*answer || *answer == 'y' || *answer == 'Y';
}

static int erase_answer(struct session *s, const char *answer)
{
	const char *path = s->rd->boot.startup_config;
	char *bak;

	if (!confirmed(answer))
		return CMD_SUCCESS;
	/* what was saved stays recoverable as the .bak until the next save */
	bak = xasprintf("%s.bak", path);
	if (rename(path, bak) < 0 && errno != ENOENT) {
		cli_error(s, "%%Error erasing nvram:/startup-config (%s)\n", strerror(errno));
		free(bak);
		return CMD_WARNING;
	}
	free(bak);
	if (session_personality(s) == GP_IOS)
		cli_puts(s, "[OK]\nErase of nvram: complete\n");
	else
		cli_puts(s, "[OK]\n");
	return CMD_SUCCESS;
}

static int cmd_erase(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	session_ask(s, false, session_personality(s) == GP_IOS ?
		    "Erasing the nvram filesystem will remove all configuration files! Continue? [confirm]" :
		    "Erase configuration in flash memory? [confirm]", erase_answer);
	return CMD_SUCCESS;
}

/* ---- reload: the configuration comes back from the startup-config ---- */

static int reload_answer(struct session *s, const char *answer)
{
	struct rampartd *rd = s->rd;
	struct running_config *fresh;
	struct running_config *old = rd->config;

	if (!confirmed(answer))
		return CMD_SUCCESS;
	fresh = running_config_new(rd->personality);
	sys_set_default_hostname(fresh, rd->boot.hostname);
	rd->config = fresh;
	if (config_load_file(rd, rd->boot.startup_config) < 0) {
		rd->config = old;
		running_config_free(fresh);
		cli_error(s, "Reload aborted: the startup-config cannot be read\n");
		return CMD_WARNING;
	}
	rd->saved_generation = rd->config->generation;
	running_config_free(old);
	log_daemon(LOG_SEV_NOTICE, "reload requested by %s: running-config replaced by the startup-config", s->user);
	if (rd->config_changed)
		rd->config_changed(rd);
	for (struct session *o = session_first(); o; o = o->next_session)
		if (o->kind == SESSION_VTY)
			session_end(o);
	return CMD_SUCCESS;
}

static int reload_save_answer(struct session *s, const char *answer)
{
	if (!strcmp(answer, "yes") || !strcmp(answer, "y")) {
		if (save_config(s) != CMD_SUCCESS)
			return CMD_WARNING;
	} else if (strcmp(answer, "no") && strcmp(answer, "n")) {
		cli_puts(s, "% Please answer 'yes' or 'no'.\n");
		return CMD_WARNING;
	}
	session_ask(s, false, "Proceed with reload? [confirm]", reload_answer);
	return CMD_SUCCESS;
}

static int cmd_reload(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	if (s->rd->config->generation != s->rd->saved_generation && session_personality(s) == GP_IOS)
		session_ask(s, false, "System configuration has been modified. Save? [yes/no]: ", reload_save_answer);
	else
		session_ask(s, false, "Proceed with reload? [confirm]", reload_answer);
	return CMD_SUCCESS;
}

/* ---- declarations ---- */

static const struct command exec_cmds[] = {
	{ NODE_EXEC, "enable [(0-15)$level]", "Turn on privileged commands\nEnable level\n", cmd_enable, NODE_NONE,
	  F_USER | F_NOSAVE | F_PREAMBLE },
	{ NODE_EXEC, "disable", "Turn off privileged commands\n", cmd_disable, NODE_NONE, F_NOSAVE },
	{ NODE_EXEC, "configure terminal", "Enter configuration mode\nConfigure from the terminal\n", cmd_configure,
	  NODE_CONFIG, F_NOSAVE | F_PREAMBLE },
	{ NODE_EXEC, "exit", "Exit from the EXEC\n", cmd_exit_exec, NODE_NONE, F_USER | F_NOSAVE },
	{ NODE_EXEC, "logout", "Exit from the EXEC\n", cmd_exit_exec, NODE_NONE, F_USER | F_NOSAVE },
	{ NODE_EXEC, "quit", "Exit from the EXEC\n", cmd_exit_exec, NODE_NONE, F_USER | F_NOSAVE | F_ASA },
	{ NODE_ANY_CONFIG, "exit", "Exit from configure mode\n", cmd_exit_config, NODE_NONE, F_NOSAVE },
	/* listed by `?` in global configuration only, as on the device; accepted everywhere */
	{ NODE_CONFIG, "end", "Exit from configure mode\n", cmd_end, NODE_NONE, F_NOSAVE },
	{ NODE_ANY_CONFIG, "end", "Exit from configure mode\n", cmd_end, NODE_NONE, F_NOSAVE | F_HIDDEN },
	{ NODE_CONFIG, "do LINE$line", "To run exec commands in config mode\nExec Command\n", cmd_do, NODE_NONE,
	  F_NOSAVE },
	{ NODE_ANY_CONFIG, "do LINE$line", "To run exec commands in config mode\nExec Command\n", cmd_do, NODE_NONE,
	  F_NOSAVE | F_HIDDEN },
	{ NODE_EXEC, "terminal length (0-512)$n", "Set terminal line parameters\nSet number of lines on a screen\n"
	  "Number of lines on screen (0 for no pausing)\n", cmd_terminal_length, NODE_NONE, F_USER | F_NOSAVE | F_NO },
	{ NODE_EXEC, "terminal width (0-512)$n", "Set terminal line parameters\nSet width of the display terminal\n"
	  "Number of characters on a screen line\n", cmd_terminal_width, NODE_NONE, F_USER | F_NOSAVE | F_NO },
	{ NODE_EXEC, "terminal pager (0-2147483647)$n", "Set terminal line parameters\nControl page length for pagination\n"
	  "The number of lines in a page\n", cmd_terminal_length, NODE_NONE, F_USER | F_NOSAVE | F_ASA },
	{ NODE_EXEC, "terminal monitor", "Set terminal line parameters\nCopy debug output to the current terminal line\n",
	  cmd_terminal_monitor, NODE_NONE, F_NOSAVE | F_NO },
	{ NODE_EXEC, "terminal no monitor", "Set terminal line parameters\nNegate a command or set its defaults\n"
	  "Copy debug output to the current terminal line\n", cmd_terminal_monitor_off, NODE_NONE, F_NOSAVE | F_IOS },
	{ NODE_EXEC, "show history", "Show running system information\nDisplay the session command history\n",
	  cmd_show_history, NODE_NONE, F_USER | F_NOSAVE },
	{ NODE_EXEC, "show users", "Show running system information\nDisplay information about terminal lines\n",
	  cmd_show_users, NODE_NONE, F_USER | F_NOSAVE },
	{ NODE_EXEC, "show running-config [all$all] [LINE$path]", "Show running system information\n"
	  "Current operating configuration\nConfiguration with defaults\nConfiguration section\n", cmd_show_running,
	  NODE_NONE, F_NOSAVE },
	{ NODE_EXEC, "write terminal", "Write running configuration to memory, network, or terminal\n"
	  "Write to terminal\n", cmd_write_terminal, NODE_NONE, F_NOSAVE },
	{ NODE_EXEC, "more system:running-config", "Display the contents of a file\nThe running configuration\n",
	  cmd_more_running, NODE_NONE, F_NOSAVE | F_ASA },
	{ NODE_EXEC, "show startup-config", "Show running system information\nContents of startup configuration\n",
	  cmd_show_startup, NODE_NONE, F_NOSAVE },
	{ NODE_EXEC, "show configuration", "Show running system information\nContents of Non-Volatile memory\n",
	  cmd_show_startup, NODE_NONE, F_NOSAVE | F_ASA },
	{ NODE_EXEC, "write [memory]", "Write running configuration to memory, network, or terminal\n"
	  "Write to NV memory\n", cmd_write_memory, NODE_NONE, F_NOSAVE },
	{ NODE_EXEC, "copy running-config startup-config", "Copy from one file to another\n"
	  "Copy from current system configuration\nCopy to startup configuration\n", cmd_copy_run_start, NODE_NONE,
	  F_NOSAVE },
	{ NODE_EXEC, "write erase", "Write running configuration to memory, network, or terminal\n"
	  "Erase NV memory\n", cmd_erase, NODE_NONE, F_NOSAVE },
	{ NODE_EXEC, "erase startup-config", "Erase a filesystem\nErase contents of configuration memory\n", cmd_erase,
	  NODE_NONE, F_NOSAVE | F_IOS },
	{ NODE_EXEC, "reload", "Halt and perform a cold restart\n", cmd_reload, NODE_NONE, F_NOSAVE },
};

const struct area area_exec = { "exec", exec_cmds, ARRAY_SIZE(exec_cmds), NULL, NULL, NULL, 0 };
