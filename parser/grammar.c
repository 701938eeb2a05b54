/* The spec compiler: each declaration's spec becomes a small graph of tokens with
 * epsilon joins for alternations and options, then the epsilon edges are folded into
 * "real successor" lists so that matching only walks tokens. */
#include "parser/grammar_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct spec_parser {
	const char *spec;
	const char *p;
	struct cgraph *g;
	char **help_lines;
	int nhelp, help_used;
};

static void spec_die(const struct spec_parser *sp, const char *why)
{
	/* A malformed declaration is a programming error: refuse to start. */
	fprintf(stderr, "grammar: %s in spec \"%s\" at offset %d\n", why, sp->spec, (int)(sp->p - sp->spec));
	abort();
}

static int tok_new(struct cgraph *g, enum tok_type type)
{
	g->toks = xrealloc(g->toks, (size_t)(g->ntoks + 1) * sizeof(*g->toks));
	memset(&g->toks[g->ntoks], 0, sizeof(g->toks[0]));
	g->toks[g->ntoks].type = type;
	return g->ntoks++;
}

static void edge_add(struct cgraph *g, int from, int to)
{
	struct tok *t = &g->toks[from];

	for (int i = 0; i < t->nnext; i++)
		if (t->next[i] == to)
			return;
	if (t->nnext == t->capnext) {
		t->capnext = t->capnext ? t->capnext * 2 : 4;
		t->next = xrealloc(t->next, (size_t)t->capnext * sizeof(int));
	}
	t->next[t->nnext++] = to;
}

static void skip_space(struct spec_parser *sp)
{
	while (*sp->p == ' ')
		sp->p++;
}

static bool is_upper_ident(const char *w, size_t n)
{
	bool has_alpha = false;

	for (size_t i = 0; i < n; i++) {
		if (islower((unsigned char)w[i]))
			return false;
		if (isupper((unsigned char)w[i]))
			has_alpha = true;
	}
	return has_alpha;
}

static enum tok_type classify(const char *w, size_t n, long long *min, long long *max)
{
	if (n == 7 && !memcmp(w, "A.B.C.D", 7))
		return T_IPV4;
	if (n == 9 && !memcmp(w, "A.B.C.D/M", 9))
		return T_IPV4_PREFIX;
	if (n == 4 && !memcmp(w, "LINE", 4))
		return T_LINE;
	if (w[0] == '(' && sscanf(w, "(%lld-%lld)", min, max) == 2)
		return T_RANGE;
	if (is_upper_ident(w, n))
		return T_WORD;
	return T_KEYWORD;
}

static const char *next_help(struct spec_parser *sp, const char *keyword)
{
	const char *h = sp->help_used < sp->nhelp ? sp->help_lines[sp->help_used] : "";

	sp->help_used++;
	if (*h || !keyword)
		return h;
	h = keyword_default_help(keyword);
	return h ? h : "";
}

static int parse_word(struct spec_parser *sp, int entry)
{
	const char *start = sp->p, *bind = NULL;
	size_t n;
	bool repeat = false;
	int ti;
	struct tok *t;

	while (*sp->p && !strchr(" <>[]|", *sp->p))
		sp->p++;
	n = (size_t)(sp->p - start);
	if (n >= 3 && !memcmp(sp->p - 3, "...", 3)) {
		repeat = true;
		n -= 3;
	}
	for (size_t i = 0; i < n; i++)
		if (start[i] == '$') {
			bind = start + i + 1;
			break;
		}
	size_t wlen = bind ? (size_t)(bind - 1 - start) : n;
	if (wlen == 0)
		spec_die(sp, "empty token");
	ti = tok_new(sp->g, T_KEYWORD);
	t = &sp->g->toks[ti];
	t->type = classify(start, wlen, &t->min, &t->max);
	if (t->type == T_RANGE) {
		char buf[64];
		snprintf(buf, sizeof(buf), "<%lld-%lld>", t->min, t->max);
		t->text = xstrdup(buf);
	} else {
		t->text = xstrndup(start, wlen);
	}
	if (bind)
		t->bind = xstrndup(bind, n - wlen - 1);
	t->help = next_help(sp, t->type == T_KEYWORD ? t->text : NULL);
	edge_add(sp->g, entry, ti);
	if (repeat)
		edge_add(sp->g, ti, ti);
	return ti;
}

static int parse_seq(struct spec_parser *sp, int entry);

static int parse_group(struct spec_parser *sp, int entry)
{
	char close = *sp->p == '<' ? '>' : ']';
	bool optional = close == ']';
	int join = tok_new(sp->g, T_EPS);

	sp->p++;
	for (;;) {
		int exit = parse_seq(sp, entry);
		edge_add(sp->g, exit, join);
		skip_space(sp);
		if (*sp->p == '|') {
			sp->p++;
			continue;
		}
		if (*sp->p != close)
			spec_die(sp, "unbalanced group");
		sp->p++;
		break;
	}
	if (optional)
		edge_add(sp->g, entry, join);
	return join;
}

static int parse_seq(struct spec_parser *sp, int entry)
{
	for (;;) {
		skip_space(sp);
		if (!*sp->p || strchr("|>]", *sp->p))
			return entry;
		if (*sp->p == '<' || *sp->p == '[')
			entry = parse_group(sp, entry);
		else
			entry = parse_word(sp, entry);
	}
}

/* Real successors of ti: the targets of its edges, looking through epsilon nodes. */
static void collect_succ(struct cgraph *g, int ti, int *out, int *nout, bool *seen)
{
	struct tok *t = &g->toks[ti];

	for (int i = 0; i < t->nnext; i++) {
		int to = t->next[i];
		if (seen[to])
			continue;
		seen[to] = true;
		if (g->toks[to].type == T_EPS)
			collect_succ(g, to, out, nout, seen);
		else
			out[(*nout)++] = to;
	}
}

static void compute_successors(struct cgraph *g)
{
	bool *seen = xcalloc((size_t)g->ntoks, sizeof(bool));
	int *buf = xmalloc((size_t)g->ntoks * sizeof(int));

	for (int ti = 0; ti < g->ntoks; ti++) {
		int n = 0;
		memset(seen, 0, (size_t)g->ntoks * sizeof(bool));
		collect_succ(g, ti, buf, &n, seen);
		g->toks[ti].succ = xmalloc((size_t)(n ? n : 1) * sizeof(int));
		memcpy(g->toks[ti].succ, buf, (size_t)n * sizeof(int));
		g->toks[ti].nsucc = n;
	}
	free(seen);
	free(buf);
}

static void split_help(struct spec_parser *sp, const char *help)
{
	char *copy = xstrdup(help ? help : "");
	char *line = copy;

	sp->g->help_copy = copy;
	while (*line) {
		char *nl = strchr(line, '\n');
		sp->help_lines = xrealloc(sp->help_lines, (size_t)(sp->nhelp + 1) * sizeof(char *));
		sp->help_lines[sp->nhelp++] = line;
		if (!nl)
			break;
		*nl = '\0';
		line = nl + 1;
	}
}

static void compile_one(struct cgraph *g, const struct command *cmd)
{
	struct spec_parser sp = { .spec = cmd->spec, .p = cmd->spec, .g = g };
	int last, end;

	g->cmd = cmd;
	g->start = tok_new(g, T_START);
	split_help(&sp, cmd->help);
	last = parse_seq(&sp, g->start);
	if (*sp.p)
		spec_die(&sp, "unexpected character");
	if (sp.help_used < sp.nhelp)
		spec_die(&sp, "more help lines than tokens");
	end = tok_new(g, T_END);
	g->toks[end].text = xstrdup("<cr>");
	g->toks[end].help = "";
	edge_add(g, last, end);
	for (int i = 0; i < g->ntoks; i++)
		if (g->toks[i].type == T_LINE && g->toks[i].nnext != 1)
			spec_die(&sp, "LINE must be the last token");
	compute_successors(g);
	free(sp.help_lines);
}

struct grammar *grammar_new(const struct command_table *tables, size_t ntables)
{
	struct grammar *gr = xcalloc(1, sizeof(*gr));
	size_t total = 0, k = 0;

	for (size_t i = 0; i < ntables; i++)
		total += tables[i].count;
	gr->graphs = xcalloc(total, sizeof(*gr->graphs));
	for (size_t i = 0; i < ntables; i++)
		for (size_t j = 0; j < tables[i].count; j++)
			compile_one(&gr->graphs[k++], &tables[i].cmds[j]);
	gr->ngraphs = total;
	return gr;
}

void grammar_free(struct grammar *gr)
{
	if (!gr)
		return;
	for (size_t i = 0; i < gr->ngraphs; i++) {
		struct cgraph *g = &gr->graphs[i];
		for (int t = 0; t < g->ntoks; t++) {
			free(g->toks[t].text);
			free(g->toks[t].bind);
			free(g->toks[t].next);
			free(g->toks[t].succ);
		}
		free(g->toks);
		free(g->help_copy);
	}
	free(gr->graphs);
	free(gr);
}

/* The display form used by the generated manual: variables as Cisco shows them. */
char *grammar_spec_display(const char *spec)
{
	struct strbuf sb;
	const char *p = spec;

	sb_init(&sb);
	while (*p) {
		if (*p == '$') {
			while (*p && !strchr(" <>[]|.", *p))
				p++;
			continue;
		}
		if (*p == '(') {
			long long lo, hi;
			const char *close = strchr(p, ')');
			if (close && sscanf(p, "(%lld-%lld)", &lo, &hi) == 2) {
				sb_printf(&sb, "<%lld-%lld>", lo, hi);
				p = close + 1;
				continue;
			}
		}
		sb_addc(&sb, *p++);
	}
	return sb_steal(&sb);
}

void grammar_each_command(const struct grammar *gr, void (*fn)(void *arg, const struct command *c), void *arg)
{
	for (size_t i = 0; i < gr->ngraphs; i++)
		fn(arg, gr->graphs[i].cmd);
}
