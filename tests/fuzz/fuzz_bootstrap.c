/* libFuzzer target for the bootstrap file (rampartd.conf, libconfig): the input is
 * the file, loaded through bootstrap_load() over the defaults from a memfd (no file
 * system), then every interface looked up and everything freed (LeakSanitizer
 * checks the error path frees what it allocated). A load that fails must leave the
 * defaults and an error text of the form "FILE:LINE: what".
 *
 * Built and run by tests/fuzz/run (see tests/fuzz/README.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "platform/bootstrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootstrap b;
	char path[64], *err = NULL;
	int fd = memfd_create("rampartd.conf", MFD_CLOEXEC);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	bootstrap_defaults(&b);
	if (bootstrap_load(&b, path, &err) == 0) {
		if (err)
			abort();
		for (size_t i = 0; i < b.nifaces; i++)
			if (!bootstrap_link(&b, b.ifaces[i].name))
				abort();
		if (!bootstrap_link(&b, "GigabitEthernet0/0"))
			abort();    /* no entry: the same name */
		if (b.log_level && bootstrap_log_level(b.log_level) < 0)
			abort();    /* a loaded level must be one the daemon can use */
	} else {
		if (!err || strncmp(err, path, strlen(path)) != 0 || err[strlen(path)] != ':')
			abort();
		free(err);
	}
	bootstrap_free(&b);
	close(fd);
	return 0;
}
