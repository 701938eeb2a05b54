/* A private directory for one fuzz input's files (a startup-config that `write memory`
 * writes): made before the input runs and removed, with whatever is in it, after.
 * libFuzzer leaves without running atexit handlers, so nothing may outlive an input. */
#ifndef RAMPART_FUZZ_SCRATCH_H
#define RAMPART_FUZZ_SCRATCH_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Fills dir (of size len) with a new directory's path; aborts when it cannot. */
static void scratch_open(char *dir, size_t len, const char *name)
{
	const char *tmpdir = getenv("TMPDIR") ? getenv("TMPDIR") : P_tmpdir;

	if ((size_t)snprintf(dir, len, "%s/%s.XXXXXX", tmpdir, name) >= len || !mkdtemp(dir))
		abort();
}

static void scratch_close(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (!d)
		abort();
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' || (e->d_name[1] && (e->d_name[1] != '.' || e->d_name[2]))) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
	if (rmdir(dir) < 0)
		abort();
}

#endif
