/* The startup-config: replayed through the grammar at boot, written crash-safely. */
#include "running-config/persist.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/daemon.h"
#include "platform/log.h"
#include "running-config/config.h"
#include "shell/session.h"

/* Lines a saved or pasted configuration carries that are not commands. */
static bool line_is_banner(const char *line)
{
	static const char *const prefixes[] = {
		"Building configuration", "Current configuration", "Cryptochecksum:", "ASA Version ", "version ",
		"Using ",
	};

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(line, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static void strip_eol(char *line)
{
	size_t n = strlen(line);

	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
}

/* The error the line got: the last line of what it printed (the caret line before it
 * means nothing in a log). */
static void log_bad_line(const char *path, unsigned no, const char *line, const struct strbuf *out)
{
	const char *text = out->s ? out->s : "";
	size_t end = strlen(text), start;

	while (end && (text[end - 1] == '\n' || text[end - 1] == ' '))
		end--;
	for (start = end; start && text[start - 1] != '\n'; start--)
		;
	log_daemon(LOG_SEV_WARNING, "%s:%u: %s: %.*s", path, no, line, (int)(end - start),
		   end > start ? text + start : "rejected");
}

/* A command that starts in column 0 belongs to global configuration: leave any sub-mode
 * first, so a top-level command that a sub-mode also knows is not swallowed by it.
 * Blank and comment lines leave the mode as it is, as on the device. */
static void replay_line(struct session *s, const char *line)
{
	if (line[0] != ' ' && line[0] != '!' && line[0] != ':' && line[0] != '\0')
		while (s->depth > 2)
			session_pop(s);
	if (session_node(s) == NODE_EXEC)
		session_push(s, NODE_CONFIG);
}

/* `enable` and `configure terminal` at the top of a pasted script (the commands
 * declared F_PREAMBLE): the replay session is already privileged and configuring. */
static bool line_is_preamble(struct session *s, const char *line)
{
	struct match_ctx ctx = { NODE_EXEC, session_personality(s), 15 };
	struct match_result r;
	bool preamble;

	grammar_match(s->rd->grammar, &ctx, line, &r);
	preamble = r.status == MATCH_OK && (r.args.cmd->flags & F_PREAMBLE);
	match_result_free(&r);
	return preamble;
}

/* One line of the file; a question the previous line asked (an IOS banner's text up to
 * its delimiter) takes the line as its answer. */
static enum exec_status replay_one(struct session *s, char *line)
{
	if (s->ask_fn)
		return session_answer(s, line);
	if (line_is_banner(line) || line_is_preamble(s, line))
		return EXEC_OK;
	replay_line(s, line);
	return session_exec(s, line);
}

int config_load_file(struct rampartd *rd, const char *path)
{
	FILE *f = fopen(path, "r");
	struct session *s;
	char *line = NULL;
	size_t cap = 0;
	unsigned no = 0;
	int bad = 0;

	if (!f)
		return errno == ENOENT ? 0 : -1;
	s = session_new(rd, SESSION_REPLAY, "startup-config", 0, 15);
	while (getline(&line, &cap, f) >= 0) {
		no++;
		strip_eol(line);
		s->line_no = no;
		if (replay_one(s, line) == EXEC_FAILED) {
			log_bad_line(path, no, line, &s->out);
			bad++;
		}
	}
	free(line);
	fclose(f);
	session_free(s);
	return bad;
}

static int fsync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	free(copy);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

static int write_all(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t n = write(fd, text, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The new file is complete on disk before it takes the name; the old one becomes .bak
 * through a hard link, so at every instant path is either the old or the new file. */
int config_save_atomic(const char *path, const char *text, size_t len)
{
	/* one fixed name: what a crash mid-save left behind is overwritten by the next save */
	char *tmp = xasprintf("%s.tmp", path);
	char *bak = xasprintf("%s.bak", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int rc;

	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = write_all(fd, text, len);
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0) {
		unlink(tmp);
		goto out;
	}
	unlink(bak);
	if (link(path, bak) < 0 && errno != ENOENT) {
		rc = -errno;
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		rc = -errno;
		unlink(tmp);
		goto out;
	}
	rc = fsync_dir_of(path);
out:
	free(tmp);
	free(bak);
	return rc;
}
