/* Loading the startup-config at boot and saving the running-config. */
#ifndef RAMPART_PERSIST_H
#define RAMPART_PERSIST_H

#include <stddef.h>

struct rampartd;
struct strbuf;

/* Replays path through the grammar as a SESSION_REPLAY session. A bad line is logged
 * with its line number and skipped; the rest loads. Returns the number of bad lines,
 * or -1 if the file could not be read (a missing file is not an error: returns 0). */
int config_load_file(struct rampartd *rd, const char *path);

/* Writes text to path atomically: temp file in the same directory, fsync, the previous
 * file kept as path.bak, rename, fsync of the directory. 0 or -errno. */
int config_save_atomic(const char *path, const char *text, size_t len);

#endif
