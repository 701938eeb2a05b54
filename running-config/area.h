/* A config area: its commands, its part of the model and its renderers, declared in
 * one file and listed once in running-config/areas.c. */
#ifndef RAMPART_AREA_H
#define RAMPART_AREA_H

#include "parser/grammar.h"
#include "running-config/config.h"

/* A section of the rendered configuration. id places it in the per-personality order
 * of running-config/render.c; path is what ASA's `show running-config <path>` selects
 * it by (NULL: never selected alone). */
struct area_section {
	const char *id;
	const char *path;
	void (*render)(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out);
};

struct area {
	const char *name;
	const struct command *cmds;
	size_t ncmds;
	void (*init)(struct running_config *rc);    /* allocates the area's model in rc */
	void (*fini)(struct running_config *rc);
	const struct area_section *sections;
	size_t nsections;
};

extern const struct area *const rampart_areas[];
extern const size_t rampart_area_count;

/* Every command table, for grammar_new(). Caller frees the array. */
struct command_table *areas_command_tables(size_t *count);

#endif
