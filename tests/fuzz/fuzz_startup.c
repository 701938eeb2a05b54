/* libFuzzer target for the startup-config loader: config_load_file() replays the
 * input, as a file (a memfd: no disk), through rampartd's grammar into a fresh
 * running-config, as rampartd does at boot. Then the result is saved the way
 * `write memory` renders it and that text is loaded again into another fresh
 * running-config: whatever the first file held, what rampartd saves must load back
 * with no line refused and render the same (a saved configuration that does not
 * come back would be lost at the next reboot).
 *
 * Input: byte 0 picks the personality (bit 0: IOS), the rest is the file. A
 * startup-config may itself say `write memory`: that writes into a private directory.
 *
 * Built and run by tests/fuzz/run (see tests/fuzz/README.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "parser/grammar.h"
#include "platform/daemon.h"
#include "platform/event.h"
#include "platform/log.h"
#include "platform/util.h"
#include "running-config/area.h"
#include "running-config/config.h"
#include "tests/fuzz/fuzz_scratch.h"
#include "running-config/persist.h"

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

/* Loads text as a file into a fresh running-config; returns the refused lines. */
static int load_text(const char *text, size_t len, struct strbuf *saved)
{
	struct render_ctx ctx = { .personality = rd.personality, .mode = RENDER_SAVE };
	int fd = memfd_create("startup-config", MFD_CLOEXEC);
	char path[64];
	int bad;

	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rd.config = running_config_new(rd.personality);
	bad = config_load_file(&rd, path);
	close(fd);
	running_config_render(rd.config, &ctx, NULL, saved);
	running_config_free(rd.config);
	rd.config = NULL;
	return bad;
}

static size_t count_lines(const char *text, size_t len)
{
	size_t n = len && text[len - 1] != '\n';

	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf first, second;
	int bad;

	if (size < 1)
		return 0;
	rd.personality = data[0] & 1 ? GP_IOS : GP_ASA;
	scratch_open(dir, sizeof(dir), "fuzz_startup");
	rd.boot.startup_config = xasprintf("%s/startup-config", dir);
	sb_init(&first);
	sb_init(&second);
	bad = load_text((const char *)data + 1, size - 1, &first);
	if (bad < 0 || (size_t)bad > count_lines((const char *)data + 1, size - 1))
		abort();
	if (load_text(first.s ? first.s : "", first.len, &second) != 0)
		abort();        /* rampartd's own saved text refused on reload */
	if (first.len != second.len || (first.len && memcmp(first.s, second.s, first.len) != 0))
		abort();        /* saved, loaded and saved again: not the same text */
	sb_free(&first);
	sb_free(&second);
	free(rd.boot.startup_config);
	scratch_close(dir);
	return 0;
}
