/* The vty socket server: accept, identify the peer (SO_PEERCRED), run its session.
 * A request (EXEC, HELP, COMPLETE, ANSWER) is answered in full before the next frame
 * is read; output goes to a per-connection queue written as the socket allows. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "platform/daemon.h"
#include "platform/event.h"
#include "platform/log.h"
#include "shell/proto.h"
#include "shell/session.h"
#include "shell/vty_server.h"

struct vty_conn {
	struct vty_server *srv;
	struct vty_conn *next;
	int fd;
	uid_t uid;
	pid_t pid;
	char user[64];
	struct proto_reader in;
	struct strbuf out;
	size_t out_off;              /* bytes of out already written */
	struct session *s;           /* NULL until HELLO */
	bool awaiting_answer;        /* a SECRET/CONFIRM question is out */
	bool closing;                /* BYE sent: close once the queue is written */
	bool dead;                   /* being reaped: ignore everything */
	bool sink_on;                /* subscribed to the log as `terminal monitor` */
	struct ev_timer *reap;
	unsigned long notify_dropped;
};

struct vty_server {
	struct rampartd *rd;
	int fd;
	char *path;
	struct vty_conn *conns;
	size_t nconns;
};

/* The lead's session layer grants more than privilege 1 through the running-config's
 * `username NAME privilege N`; until it provides this, every non-root user starts at 1. */
unsigned session_user_privilege(struct rampartd *rd, const char *user) __attribute__((weak));
unsigned session_user_privilege(struct rampartd *rd, const char *user)
{
	UNUSED(rd);
	UNUSED(user);
	return 1;
}

static void conn_kill(struct vty_conn *c, const char *why);

/* ---- output ---- */

static size_t conn_pending(const struct vty_conn *c)
{
	return c->out.len - c->out_off;
}

/* Writes what the socket takes now; the rest waits for EPOLLOUT. */
static void conn_flush(struct vty_conn *c)
{
	if (c->dead)
		return;
	while (conn_pending(c) > 0) {
		ssize_t n = send(c->fd, c->out.s + c->out_off, conn_pending(c), MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			/* The peer went away: as quiet as an end of file. */
			conn_kill(c, errno == EPIPE || errno == ECONNRESET ? NULL : "write failed");
			return;
		}
		c->out_off += (size_t)n;
	}
	if (conn_pending(c) == 0) {
		sb_reset(&c->out);
		c->out_off = 0;
		if (c->closing) {
			conn_kill(c, NULL);
			return;
		}
	} else if (c->out_off > 65536 && c->out_off > c->out.len / 2) {
		/* Keep the queue from growing by what was already sent. */
		memmove(c->out.s, c->out.s + c->out_off, conn_pending(c));
		c->out.len -= c->out_off;
		c->out.s[c->out.len] = '\0';
		c->out_off = 0;
	}
	ev_fd_mod(c->srv->rd->loop, c->fd, EPOLLIN | (conn_pending(c) ? EPOLLOUT : 0));
}

/* Called after frames were queued: enforces the bound, then writes. */
static void conn_sent(struct vty_conn *c)
{
	if (conn_pending(c) > VTY_OUT_HARD_LIMIT) {
		conn_kill(c, "client does not read its output");
		return;
	}
	conn_flush(c);
}

static void send_prompt_done(struct vty_conn *c, enum proto_status status)
{
	struct strbuf prompt;
	sb_init(&prompt);
	session_prompt(c->s, &prompt);
	proto_put_done(&c->out, status, c->s->term_length, prompt.s);
	sb_free(&prompt);
}

/* The session's output, then the frame that ends the request. While the session
 * asks a question, its prompt is the question ("Password: "). */
static void finish_request(struct vty_conn *c, enum exec_status st)
{
	struct strbuf question;

	proto_put_text(&c->out, PT_OUTPUT, c->s->out.s, c->s->out.len);
	sb_reset(&c->s->out);
	switch (st) {
	case EXEC_OK:
	case EXEC_FAILED:
		send_prompt_done(c, st == EXEC_OK ? PS_OK : PS_FAILED);
		break;
	case EXEC_SECRET:
	case EXEC_CONFIRM:
		sb_init(&question);
		session_prompt(c->s, &question);
		proto_put(&c->out, st == EXEC_SECRET ? PT_SECRET : PT_CONFIRM, question.s, question.len);
		sb_free(&question);
		c->awaiting_answer = true;
		break;
	case EXEC_CLOSE:
		proto_put(&c->out, PT_BYE, NULL, 0);
		c->closing = true;
		break;
	}
}

/* ---- `terminal monitor` ---- */

static void monitor_sink(void *ctx, bool is_debug, enum log_sev sev, const char *line)
{
	struct vty_conn *c = ctx;
	UNUSED(is_debug);
	UNUSED(sev);
	if (c->dead)
		return;
	if (conn_pending(c) > VTY_NOTIFY_LIMIT) {
		c->notify_dropped++;
		return;
	}
	struct strbuf text;
	sb_init(&text);
	sb_printf(&text, "%s\n", line);
	proto_put_text(&c->out, PT_NOTIFY, text.s, text.len);
	sb_free(&text);
	conn_sent(c);
}

/* Follows s->monitor, which `terminal monitor` / `terminal no monitor` flip. */
static void monitor_sync(struct vty_conn *c)
{
	bool want = c->s && c->s->monitor && !c->dead;
	if (want && !c->sink_on)
		log_add_sink(monitor_sink, c);
	else if (!want && c->sink_on)
		log_del_sink(monitor_sink, c);
	c->sink_on = want;
}

/* ---- requests ---- */

static unsigned start_privilege(struct vty_conn *c)
{
	if (c->uid == 0)
		return 15;
	unsigned priv = session_user_privilege(c->srv->rd, c->user);
	return priv >= 15 ? 15 : 1;
}

static int on_hello(struct vty_conn *c, const struct proto_frame *f)
{
	struct proto_hello h;
	if (c->s || proto_get_hello(f, &h) < 0)
		return -1;
	if (h.version != PROTO_VERSION) {
		struct strbuf msg;
		sb_init(&msg);
		sb_printf(&msg, "%% rampartd speaks protocol version %d, this shell version %u\n", PROTO_VERSION,
			  h.version);
		proto_put_text(&c->out, PT_OUTPUT, msg.s, msg.len);
		proto_put(&c->out, PT_BYE, NULL, 0);
		c->closing = true;
		sb_free(&msg);
		return 0;
	}
	c->s = session_new(c->srv->rd, SESSION_VTY, c->user, c->uid, start_privilege(c));
	c->s->transport = c;
	if (h.width)
		c->s->term_width = h.width;
	/* A script is never paged; a terminal pages at its height. */
	c->s->term_length = h.interactive ? h.height : 0;
	struct proto_hello reply = {
		.version = PROTO_VERSION,
		.pager = c->srv->rd->personality == GP_ASA ? PP_ASA : PP_IOS,
	};
	proto_put_hello(&c->out, &reply);
	send_prompt_done(c, PS_OK);
	log_daemon(LOG_SEV_INFO, "vty: %s (uid %u, pid %d) connected at privilege %u", c->user,
		   (unsigned)c->uid, (int)c->pid, c->s->privilege);
	return 0;
}

static void on_exec(struct vty_conn *c, const char *line)
{
	finish_request(c, session_exec(c->s, line));
}

static void on_answer(struct vty_conn *c, char *answer)
{
	c->awaiting_answer = false;
	enum exec_status st = session_answer(c->s, answer);
	explicit_bzero(answer, strlen(answer));
	finish_request(c, st);
}

static void on_help(struct vty_conn *c, const char *line)
{
	enum match_status st = session_help(c->s, line);
	proto_put_text(&c->out, PT_OUTPUT, c->s->out.s, c->s->out.len);
	sb_reset(&c->s->out);
	send_prompt_done(c, st == MATCH_INVALID || st == MATCH_AMBIGUOUS ? PS_FAILED : PS_OK);
}

static void on_complete(struct vty_conn *c, const char *line)
{
	char **words = session_complete(c->s, line);
	proto_put_matches(&c->out, words);
	grammar_free_strv(words);
	sb_reset(&c->s->out);
	send_prompt_done(c, PS_OK);
}

/* Ctrl-C while a question is out abandons it, as on the devices: [confirm] is
 * declined and no password is tried. */
static void on_interrupt(struct vty_conn *c)
{
	if (!c->awaiting_answer)
		return;
	c->awaiting_answer = false;
	c->s->ask_fn = NULL;
	proto_put_str(&c->out, PT_OUTPUT, "\n");
	send_prompt_done(c, PS_FAILED);
}

/* One frame; -1 drops the connection (a frame out of turn is a broken client). */
static int on_frame(struct vty_conn *c, const struct proto_frame *f)
{
	if (f->type == PT_HELLO)
		return on_hello(c, f);
	if (c->closing)
		return 0;    /* what a client pipelined after `exit` is not run */
	if (!c->s)
		return f->type == PT_BYE ? 0 : -1;

	char *text = NULL;
	unsigned w, h;
	switch (f->type) {
	case PT_EXEC:
	case PT_HELP:
	case PT_COMPLETE:
		if (c->awaiting_answer)
			return -1;
		text = proto_strdup(f);
		if (f->type == PT_EXEC)
			on_exec(c, text);
		else if (f->type == PT_HELP)
			on_help(c, text);
		else
			on_complete(c, text);
		break;
	case PT_ANSWER:
		if (!c->awaiting_answer)
			return -1;
		text = proto_strdup(f);
		on_answer(c, text);
		break;
	case PT_WINCH:
		if (proto_get_winch(f, &w, &h) < 0)
			return -1;
		if (w)
			c->s->term_width = w;
		if (c->s->term_length)
			c->s->term_length = h;
		break;
	case PT_INTERRUPT:
		on_interrupt(c);
		break;
	case PT_BYE:
		c->closing = true;
		break;
	default:
		return -1;
	}
	free(text);
	return 0;
}

static void conn_read(struct vty_conn *c)
{
	/* One read per wake-up (the loop is level-triggered): a client that floods
	 * requests is served at the pace of its frames, never buffered without bound. */
	long n = proto_reader_fill(&c->in, c->fd);
	if (n == 0) {
		conn_kill(c, NULL);
		return;
	}
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
		conn_kill(c, "read failed");
		return;
	}
	struct proto_frame f;
	int got = 0;
	while (!c->dead && (got = proto_next(&c->in, &f)) == 1) {
		if (on_frame(c, &f) < 0) {
			conn_kill(c, "protocol error");
			return;
		}
		monitor_sync(c);
	}
	if (got < 0) {
		conn_kill(c, "protocol error");
		return;
	}
	if (c->closing && conn_pending(c) == 0) {
		conn_kill(c, NULL);
		return;
	}
	conn_sent(c);
}

static void conn_event(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct vty_conn *c = arg;
	UNUSED(loop);
	UNUSED(fd);
	if (c->dead)
		return;
	if (events & EPOLLOUT)
		conn_flush(c);
	if (!c->dead && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		conn_read(c);
}

/* ---- connection life ---- */

static void conn_reap(struct ev_loop *loop, void *arg)
{
	struct vty_conn *c = arg;
	struct vty_server *v = c->srv;
	UNUSED(loop);
	for (struct vty_conn **pp = &v->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			v->nconns--;
			break;
		}
	}
	if (c->s)
		session_free(c->s);
	proto_reader_free(&c->in);
	sb_free(&c->out);
	free(c);
}

/* Stops all I/O now; the memory goes on the next loop turn, so a caller up the stack
 * (a command printing to the log, which writes to this connection) is never left
 * holding freed memory. */
static void conn_kill(struct vty_conn *c, const char *why)
{
	if (c->dead)
		return;
	c->dead = true;
	if (why)
		log_daemon(LOG_SEV_NOTICE, "vty: dropping %s (pid %d): %s", c->user, (int)c->pid, why);
	if (c->notify_dropped)
		log_daemon(LOG_SEV_NOTICE, "vty: %lu monitor lines to %s were dropped", c->notify_dropped, c->user);
	monitor_sync(c);
	ev_fd_del(c->srv->rd->loop, c->fd);
	close(c->fd);
	c->fd = -1;
	c->reap = ev_timer_add(c->srv->rd->loop, 0, conn_reap, c);
}

static void peer_name(uid_t uid, char *out, size_t len)
{
	struct passwd pw, *found = NULL;
	char buf[16384];
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &found) == 0 && found)
		snprintf(out, len, "%s", pw.pw_name);
	else
		snprintf(out, len, "uid%u", (unsigned)uid);
}

static void conn_new(struct vty_server *v, int fd)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0) {
		close(fd);
		return;
	}
	struct vty_conn *c = xcalloc(1, sizeof(*c));
	c->srv = v;
	c->fd = fd;
	c->uid = cred.uid;
	c->pid = cred.pid;
	peer_name(cred.uid, c->user, sizeof(c->user));
	proto_reader_init(&c->in);
	sb_init(&c->out);
	struct vty_conn **tail = &v->conns;
	while (*tail)
		tail = &(*tail)->next;
	*tail = c;
	v->nconns++;
	if (ev_fd_add(v->rd->loop, fd, EPOLLIN, conn_event, c) < 0)
		conn_kill(c, "cannot watch the socket");
}

static void on_accept(struct ev_loop *loop, int fd, uint32_t events, void *arg)
{
	struct vty_server *v = arg;
	UNUSED(loop);
	UNUSED(events);
	for (;;) {
		int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_daemon(LOG_SEV_WARNING, "vty: accept: %s", strerror(errno));
			return;
		}
		conn_new(v, cfd);
	}
}

/* ---- the listening socket ---- */

/* A socket file left by a daemon that died is removed; one that answers is another
 * rampartd, and two daemons on one socket is a mistake to report. */
static int clear_stale(const char *path, char **err)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : (*err = xasprintf("%s: %s", path, strerror(errno)), -1);
	if (!S_ISSOCK(st.st_mode)) {
		*err = xasprintf("%s exists and is not a socket", path);
		return -1;
	}
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		close(probe);
		*err = xasprintf("%s: another rampartd is listening there", path);
		return -1;
	}
	if (probe >= 0)
		close(probe);
	if (unlink(path) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The directory of the socket (e.g. the run-state directory of a fresh prefix). */
static void make_parent(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			log_daemon(LOG_SEV_WARNING, "vty: mkdir %s: %s", dir, strerror(errno));
	}
	free(dir);
}

int vty_server_set_group(struct vty_server *v, const char *group, char **err)
{
	if (!group)
		return chmod(v->path, 0600) < 0 ? (*err = xasprintf("%s: %s", v->path, strerror(errno)), -1) : 0;
	struct group grp, *found = NULL;
	char buf[16384];
	if (getgrnam_r(group, &grp, buf, sizeof(buf), &found) != 0 || !found) {
		*err = xasprintf("vty_group %s: no such group", group);
		return -1;
	}
	if (chown(v->path, (uid_t)-1, grp.gr_gid) < 0 || chmod(v->path, 0660) < 0) {
		*err = xasprintf("%s: %s", v->path, strerror(errno));
		return -1;
	}
	return 0;
}

struct vty_server *vty_server_new(struct rampartd *rd, const char *path, const char *group, char **err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	*err = NULL;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		*err = xasprintf("%s: path too long for a unix socket", path);
		return NULL;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	make_parent(path);
	if (clear_stale(path, err) < 0)
		return NULL;

	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err = xasprintf("socket: %s", strerror(errno));
		return NULL;
	}
	/* Created owner-only, so no one connects before the group is set. */
	mode_t old_mask = umask(0177);
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old_mask);
	if (rc < 0 || listen(fd, 32) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	struct vty_server *v = xcalloc(1, sizeof(*v));
	v->rd = rd;
	v->fd = fd;
	v->path = xstrdup(path);
	if (vty_server_set_group(v, group, err) < 0 || ev_fd_add(rd->loop, fd, EPOLLIN, on_accept, v) < 0) {
		if (!*err)
			*err = xasprintf("%s: cannot watch the socket", path);
		unlink(path);
		close(fd);
		free(v->path);
		free(v);
		return NULL;
	}
	return v;
}

void vty_server_free(struct vty_server *v)
{
	if (!v)
		return;
	while (v->conns) {
		struct vty_conn *c = v->conns;
		if (!c->dead)
			conn_kill(c, NULL);
		ev_timer_clear(v->rd->loop, &c->reap);
		/* off the list before it is freed: conn_reap then has nothing to unlink */
		v->conns = c->next;
		v->nconns--;
		conn_reap(v->rd->loop, c);
	}
	ev_fd_del(v->rd->loop, v->fd);
	close(v->fd);
	unlink(v->path);
	free(v->path);
	free(v);
}

void vty_server_each_session(struct vty_server *v, void (*fn)(void *arg, struct session *s), void *arg)
{
	for (struct vty_conn *c = v->conns; c; c = c->next)
		if (c->s && !c->dead)
			fn(arg, c->s);
}

size_t vty_server_count(const struct vty_server *v)
{
	return v->nconns;
}
