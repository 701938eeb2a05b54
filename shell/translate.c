/* `rampart translate --to ios|asa FILE`: a configuration rendered under the other
 * personality. The file is replayed through the grammar of its own personality (told
 * by its content) into the typed model, and the model is rendered for the other one.
 * A top-level block whose model renders nothing under the target is carried over as a
 * `!` comment saying so, so nothing is dropped silently. */
#include "shell/translate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/daemon.h"
#include "platform/log.h"
#include "running-config/area.h"
#include "running-config/persist.h"
#include "shell/session.h"

struct box {
	struct rampartd rd;
};

static void box_open(struct box *b, enum grammar_personality p, const struct grammar *g)
{
	memset(b, 0, sizeof(*b));
	b->rd.personality = p;
	b->rd.grammar = (struct grammar *)g;
	b->rd.config = running_config_new(p);
}

static void render_as(const struct box *b, enum grammar_personality target, struct strbuf *out)
{
	struct render_ctx ctx = { target, RENDER_SAVE, NULL };

	running_config_render(b->rd.config, &ctx, NULL, out);
}

/* ASA files carry `ASA Version`, `nameif` or the ASA-only words; anything else is IOS. */
static enum grammar_personality personality_of(const char *text)
{
	static const char *const asa_marks[] = { "ASA Version", "\n nameif ", "tunnel-group ", "crypto ikev1 ",
						 "\nnames\n", "security-level " };

	for (size_t i = 0; i < ARRAY_SIZE(asa_marks); i++)
		if (strstr(text, asa_marks[i]))
			return GP_ASA;
	return GP_IOS;
}

static char *read_all(FILE *f)
{
	struct strbuf t;
	char buf[4096];
	size_t n;

	sb_init(&t);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&t, buf, n);
	return t.s ? sb_steal(&t) : xstrdup("");
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	rc = fputs(text, f) < 0 ? -1 : 0;
	return fclose(f) < 0 ? -1 : rc;
}

/* text loaded (in its own personality) and rendered for target. */
static void load_and_render(const struct grammar *g, enum grammar_personality src, enum grammar_personality target,
			    const char *path, const char *text, struct strbuf *out)
{
	struct box b;

	box_open(&b, src, g);
	b.rd.boot.startup_config = (char *)path;
	write_text(path, text);
	config_load_file(&b.rd, path);
	render_as(&b, target, out);
	running_config_free(b.rd.config);
}

/* A block has an equivalent when leaving it out changes the translation: so a block
 * that only shows up inside another one (ASA `crypto map M interface IF` becoming
 * IOS ` crypto map M` under the interface) counts. */
static void note_if_untranslated(const struct grammar *g, enum grammar_personality src,
				 enum grammar_personality target, const char *path, const char *text,
				 size_t at, size_t len, const char *full, struct strbuf *notes)
{
	struct strbuf without, out;

	sb_init(&without);
	sb_init(&out);
	sb_addn(&without, text, at);
	sb_add(&without, text + at + len);
	load_and_render(g, src, target, path, without.s ? without.s : "", &out);
	if (!strcmp(out.s ? out.s : "", full))
		sb_printf(notes, "! no %s equivalent: %.*s\n", target == GP_IOS ? "IOS" : "ASA",
			  (int)strcspn(text + at, "\n"), text + at);
	sb_free(&without);
	sb_free(&out);
}

/* The comments for every top-level block of text without an equivalent. */
static void untranslated_blocks(const struct grammar *g, enum grammar_personality src,
				enum grammar_personality target, const char *path, const char *text,
				const char *full, struct strbuf *notes)
{
	size_t start = 0, pos = 0, n = strlen(text);
	bool in_block = false;

	while (pos <= n) {
		size_t len = strcspn(text + pos, "\n");
		bool top = len && text[pos] != ' ' && text[pos] != '!' && text[pos] != ':';

		if ((top || pos == n) && in_block)
			note_if_untranslated(g, src, target, path, text, start, pos - start, full, notes);
		if (top) {
			start = pos;
			in_block = true;
		}
		pos += len + 1;
	}
}

static void remove_dir(const char *dir)
{
	char *config = xasprintf("%s/config", dir), *block = xasprintf("%s/block", dir);

	unlink(config);
	unlink(block);
	rmdir(dir);
	free(config);
	free(block);
}

static int usage(void)
{
	fprintf(stderr, "usage: rampart translate --to ios|asa FILE\n");
	return 2;
}

int translate_main(int argc, char **argv)
{
	enum grammar_personality src, target;
	char dir[] = "/tmp/rampart-translate.XXXXXX";
	struct command_table *tables;
	struct grammar *g;
	struct strbuf out, notes;
	struct box b;
	size_t ntables;
	char *scratch;
	char *text;
	FILE *f;
	int bad;

	if (argc != 4 || strcmp(argv[1], "--to") || (strcmp(argv[2], "ios") && strcmp(argv[2], "asa")))
		return usage();
	target = !strcmp(argv[2], "ios") ? GP_IOS : GP_ASA;
	f = strcmp(argv[3], "-") ? fopen(argv[3], "r") : stdin;
	if (!f) {
		perror(argv[3]);
		return 1;
	}
	text = read_all(f);
	if (f != stdin)
		fclose(f);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		free(text);
		return 1;
	}
	log_init("rampart-translate", true);
	src = personality_of(text);
	tables = areas_command_tables(&ntables);
	g = grammar_new(tables, ntables);
	free(tables);

	box_open(&b, src, g);
	b.rd.boot.startup_config = xasprintf("%s/config", dir);
	write_text(b.rd.boot.startup_config, text);
	/* lines the source personality rejects are logged with their line numbers */
	bad = config_load_file(&b.rd, b.rd.boot.startup_config);
	/* the comparisons replay the file without each block: their rejected lines were
	 * reported once already */
	log_set_level(LOG_SEV_ERR);
	scratch = xasprintf("%s/block", dir);
	sb_init(&out);
	render_as(&b, target, &out);
	sb_init(&notes);
	sb_printf(&notes, "! translated from %s by rampart translate\n", src == GP_IOS ? "IOS" : "ASA");
	untranslated_blocks(g, src, target, scratch, text, out.s ? out.s : "", &notes);
	fputs(notes.s, stdout);
	fputs(out.s ? out.s : "", stdout);

	sb_free(&notes);
	sb_free(&out);
	free(scratch);
	free(b.rd.boot.startup_config);
	running_config_free(b.rd.config);
	grammar_free(g);
	free(text);
	remove_dir(dir);
	return bad > 0 ? 1 : 0;
}
