/* The daemon's side of the vty socket: listens on a unix socket, one CLI session per
 * connection, speaking shell/proto.h. Everything runs on the daemon's event loop and
 * never blocks: sockets are non-blocking and each connection's output is queued with a
 * bound (a client that stops reading is dropped). */
#ifndef RAMPART_VTY_SERVER_H
#define RAMPART_VTY_SERVER_H

#include <stddef.h>

struct rampartd;
struct session;
struct vty_server;

/* Pending output over this bound drops the connection. It is far above any single
 * command's output (a 100k-line running-config renders to a few MiB). */
#define VTY_OUT_HARD_LIMIT (64u * 1024u * 1024u)
/* Above this, `terminal monitor` lines are dropped rather than queued. */
#define VTY_NOTIFY_LIMIT (256u * 1024u)

/* Binds path (replacing a stale socket, refusing if a daemon answers there), mode 0600,
 * or 0660 owned by group when group is set. NULL with *err set (caller frees). */
struct vty_server *vty_server_new(struct rampartd *rd, const char *path, const char *group, char **err);
/* Closes every connection and removes the socket. */
void vty_server_free(struct vty_server *v);
/* Re-applies the group (SIGHUP): 0, or -1 with *err set. */
int vty_server_set_group(struct vty_server *v, const char *group, char **err);

/* The open sessions, in connection order (`show users`). */
void vty_server_each_session(struct vty_server *v, void (*fn)(void *arg, struct session *s), void *arg);
size_t vty_server_count(const struct vty_server *v);

#endif
