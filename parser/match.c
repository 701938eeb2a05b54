/* The matcher: runs a typed line through every command of a mode at once, one word
 * at a time, the way IOS resolves abbreviations: at each position the best kind of
 * match wins (exact keyword, then unique keyword prefix, then a typed value, then any
 * word), two different keywords sharing the typed prefix are ambiguous, and a word
 * nothing accepts is invalid at the first character no keyword shares. */
#include "parser/grammar_int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum quality { Q_NONE, Q_LINE, Q_WORD, Q_VALUE, Q_PARTIAL, Q_EXACT };

struct bind {
	const char *name;
	char *value;
	struct bind *prev;
};

struct state {
	int graph;
	int tok;
	struct bind *binds;
	bool line_taken;     /* a LINE token swallowed the rest of the line */
};

struct words {
	size_t n;
	const char *line;
	size_t *start;
	size_t *len;
};

struct run {
	const struct grammar *gr;
	const struct match_ctx *ctx;
	const struct words *w;
	bool negate;         /* `no` (or IOS `default`) was typed */
	struct state *cur;
	size_t ncur;
	struct bind **arena;
	size_t narena;
	size_t caret;
	size_t first_word;   /* 1 after `no` */
};

/* ---- words ---- */

static void words_split(const char *line, struct words *w)
{
	size_t cap = 8;

	w->line = line;
	w->n = 0;
	w->start = xmalloc(cap * sizeof(size_t));
	w->len = xmalloc(cap * sizeof(size_t));
	for (size_t i = 0; line[i];) {
		while (line[i] && isspace((unsigned char)line[i]))
			i++;
		if (!line[i])
			break;
		if (w->n == cap) {
			cap *= 2;
			w->start = xrealloc(w->start, cap * sizeof(size_t));
			w->len = xrealloc(w->len, cap * sizeof(size_t));
		}
		w->start[w->n] = i;
		while (line[i] && !isspace((unsigned char)line[i]))
			i++;
		w->len[w->n] = i - w->start[w->n];
		w->n++;
	}
}

static void words_free(struct words *w)
{
	free(w->start);
	free(w->len);
}

/* ---- what one word is worth against one token ---- */

static bool word_is_ipv4(const char *s, size_t n, unsigned *plen)
{
	char buf[32];
	const char *slash;
	struct in_addr a;

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	if (plen) {
		char *end;
		long m;
		if (!slash || !slash[1])
			return false;
		m = strtol(slash + 1, &end, 10);
		if (*end || m < 0 || m > 32 || !isdigit((unsigned char)slash[1]))
			return false;
		*plen = (unsigned)m;
		buf[slash - buf] = '\0';
	} else if (slash) {
		return false;
	}
	return inet_pton(AF_INET, buf, &a) == 1;
}

static bool word_in_range(const char *s, size_t n, long long min, long long max)
{
	long long v = 0;

	if (n == 0 || n > 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return v >= min && v <= max;
}

static enum quality word_quality(const struct tok *t, const char *s, size_t n)
{
	unsigned plen;

	switch (t->type) {
	case T_KEYWORD:
		if (strlen(t->text) < n || strncasecmp(t->text, s, n))
			return Q_NONE;
		return strlen(t->text) == n ? Q_EXACT : Q_PARTIAL;
	case T_RANGE:
		return word_in_range(s, n, t->min, t->max) ? Q_VALUE : Q_NONE;
	case T_IPV4:
		return word_is_ipv4(s, n, NULL) ? Q_VALUE : Q_NONE;
	case T_IPV4_PREFIX:
		return word_is_ipv4(s, n, &plen) ? Q_VALUE : Q_NONE;
	case T_WORD:
		return Q_WORD;
	case T_LINE:
		return Q_LINE;
	default:
		return Q_NONE;
	}
}

/* ---- visibility ---- */

static bool personality_ok(const struct command *c, enum grammar_personality p)
{
	if ((c->flags & F_ASA) && p != GP_ASA)
		return false;
	if ((c->flags & F_IOS) && p != GP_IOS)
		return false;
	return true;
}

static bool graph_visible(const struct cgraph *g, const struct match_ctx *ctx, bool negate)
{
	const struct command *c = g->cmd;

	if (c->node != ctx->node && !(c->node == NODE_ANY_CONFIG && node_is_config(ctx->node)))
		return false;
	if (!personality_ok(c, ctx->personality))
		return false;
	if (ctx->privilege < 15 && !(c->flags & F_USER))
		return false;
	if (negate)
		return c->flags & (F_NO | F_NO_ONLY | F_DEFAULT);
	return !(c->flags & F_NO_ONLY);
}

static bool node_has_negation(const struct grammar *gr, const struct match_ctx *ctx, unsigned flag)
{
	for (size_t i = 0; i < gr->ngraphs; i++)
		if (graph_visible(&gr->graphs[i], ctx, true) && (gr->graphs[i].cmd->flags & flag))
			return true;
	return false;
}

/* ---- the run ---- */

static struct bind *bind_push(struct run *r, struct bind *prev, const char *name, const char *value, size_t n)
{
	struct bind *b = xmalloc(sizeof(*b));

	b->name = name;
	b->value = xstrndup(value, n);
	b->prev = prev;
	if ((r->narena & (r->narena + 1)) == 0)   /* grow at 0, 1, 3, 7... */
		r->arena = xrealloc(r->arena, (r->narena * 2 + 2) * sizeof(*r->arena));
	r->arena[r->narena++] = b;
	return b;
}

static void run_init(struct run *r, const struct grammar *gr, const struct match_ctx *ctx, const struct words *w)
{
	memset(r, 0, sizeof(*r));
	r->gr = gr;
	r->ctx = ctx;
	r->w = w;
}

static void run_start(struct run *r)
{
	free(r->cur);
	r->cur = xmalloc((r->gr->ngraphs ? r->gr->ngraphs : 1) * sizeof(*r->cur));
	r->ncur = 0;
	for (size_t i = 0; i < r->gr->ngraphs; i++)
		if (graph_visible(&r->gr->graphs[i], r->ctx, r->negate))
			r->cur[r->ncur++] = (struct state){ (int)i, r->gr->graphs[i].start, NULL, false };
}

static void run_free(struct run *r)
{
	for (size_t i = 0; i < r->narena; i++) {
		free(r->arena[i]->value);
		free(r->arena[i]);
	}
	free(r->arena);
	free(r->cur);
}

static const struct tok *state_tok(const struct run *r, const struct state *st)
{
	return &r->gr->graphs[st->graph].toks[st->tok];
}

static size_t common_prefix(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	while (i < n && a[i] && tolower((unsigned char)a[i]) == tolower((unsigned char)b[i]))
		i++;
	return i;
}

/* Where the caret goes when nothing accepts word wi: after the longest prefix any
 * keyword candidate shares with it. */
static size_t invalid_caret(const struct run *r, size_t wi)
{
	const char *s = r->w->line + r->w->start[wi];
	size_t best = 0;

	for (size_t i = 0; i < r->ncur; i++) {
		const struct tok *t = state_tok(r, &r->cur[i]);
		const struct cgraph *g = &r->gr->graphs[r->cur[i].graph];
		for (int k = 0; k < t->nsucc; k++) {
			const struct tok *n = &g->toks[t->succ[k]];
			if (n->type == T_KEYWORD) {
				size_t c = common_prefix(n->text, s, r->w->len[wi]);
				best = c > best ? c : best;
			}
		}
	}
	return r->w->start[wi] + best;
}

/* Distinct keyword texts among the partial matches at this position. */
static bool partial_ambiguous(const struct run *r, const struct state *next, size_t nnext)
{
	const char *first = NULL;

	for (size_t i = 0; i < nnext; i++) {
		const char *text = state_tok(r, &next[i])->text;
		if (!first)
			first = text;
		else if (strcasecmp(first, text))
			return true;
	}
	return false;
}

static enum match_status run_word(struct run *r, size_t wi)
{
	const char *s = r->w->line + r->w->start[wi];
	size_t n = r->w->len[wi], nnext = 0, cap = 16;
	struct state *next = xmalloc(cap * sizeof(*next));
	enum quality best = Q_NONE;

	for (size_t i = 0; i < r->ncur; i++) {
		const struct state *st = &r->cur[i];
		const struct cgraph *g = &r->gr->graphs[st->graph];
		const struct tok *t = state_tok(r, st);

		if (st->line_taken)
			continue;
		for (int k = 0; k < t->nsucc; k++) {
			const struct tok *cand = &g->toks[t->succ[k]];
			enum quality q = word_quality(cand, s, n);
			if (q == Q_NONE || q < best)
				continue;
			if (q > best) {
				best = q;
				nnext = 0;
			}
			if (nnext == cap)
				next = xrealloc(next, (cap *= 2) * sizeof(*next));
			next[nnext++] = (struct state){ st->graph, t->succ[k], st->binds, q == Q_LINE };
		}
	}
	if (nnext == 0) {
		free(next);
		r->caret = invalid_caret(r, wi);
		return MATCH_INVALID;
	}
	if (best == Q_PARTIAL && partial_ambiguous(r, next, nnext)) {
		free(next);
		return MATCH_AMBIGUOUS;
	}
	for (size_t i = 0; i < nnext; i++) {
		const struct tok *t = state_tok(r, &next[i]);
		const char *value = s;
		size_t vlen = n;

		if (t->type == T_LINE) {
			vlen = strlen(s);
			while (vlen && isspace((unsigned char)s[vlen - 1]))
				vlen--;
		} else if (t->type == T_KEYWORD) {
			value = t->text;
			vlen = strlen(t->text);
		}
		if (t->bind)
			next[i].binds = bind_push(r, next[i].binds, t->bind, value, vlen);
	}
	free(r->cur);
	r->cur = next;
	r->ncur = nnext;
	return MATCH_OK;
}

/* `no` and IOS `default` compete with the mode's first keywords, so "n" is ambiguous
 * in a mode that also has "nameif". */
static enum match_status run_negation(struct run *r)
{
	static const struct { const char *kw; unsigned flag; } neg[] = { { "no", F_NO | F_NO_ONLY }, { "default", F_DEFAULT } };
	const char *s = r->w->line + r->w->start[0];
	size_t n = r->w->len[0];
	int hit = -1;

	for (size_t i = 0; i < ARRAY_SIZE(neg); i++) {
		if (i == 1 && r->ctx->personality != GP_IOS)
			continue;
		if (n <= strlen(neg[i].kw) && !strncasecmp(neg[i].kw, s, n) && node_has_negation(r->gr, r->ctx, neg[i].flag)) {
			if (n == strlen(neg[i].kw)) {
				hit = (int)i;
				break;
			}
			if (hit >= 0)
				return MATCH_AMBIGUOUS;
			hit = (int)i;
		}
	}
	if (hit < 0)
		return MATCH_INVALID;
	if (n < strlen(neg[hit].kw)) {
		/* a prefix of `no` that is also a prefix of a command keyword is ambiguous */
		for (size_t i = 0; i < r->ncur; i++) {
			const struct tok *t = state_tok(r, &r->cur[i]);
			const struct cgraph *g = &r->gr->graphs[r->cur[i].graph];
			for (int k = 0; k < t->nsucc; k++) {
				const struct tok *c = &g->toks[t->succ[k]];
				if (c->type == T_KEYWORD && word_quality(c, s, n) >= Q_PARTIAL)
					return MATCH_AMBIGUOUS;
			}
		}
	}
	r->negate = true;
	r->first_word = 1;
	run_start(r);
	if (hit == 1) {   /* `default` only reaches commands that allow it */
		for (size_t i = 0; i < r->ncur;) {
			if (!(r->gr->graphs[r->cur[i].graph].cmd->flags & F_DEFAULT))
				r->cur[i] = r->cur[--r->ncur];
			else
				i++;
		}
	}
	return MATCH_OK;
}

/* Matches words [0, upto). */
static enum match_status run_words(struct run *r, size_t upto)
{
	enum match_status st;

	run_start(r);
	if (upto == 0)
		return MATCH_OK;
	st = run_negation(r);
	if (st == MATCH_AMBIGUOUS)
		return st;
	for (size_t wi = r->first_word; wi < upto; wi++) {
		bool all_lines = r->ncur > 0;
		for (size_t i = 0; i < r->ncur; i++)
			all_lines &= r->cur[i].line_taken;
		if (all_lines)
			break;
		st = run_word(r, wi);
		if (st != MATCH_OK)
			return st;
	}
	return MATCH_OK;
}

static bool state_complete(const struct run *r, const struct state *st)
{
	const struct tok *t = state_tok(r, st);
	const struct cgraph *g = &r->gr->graphs[st->graph];

	if (t->type == T_LINE)
		return true;
	for (int k = 0; k < t->nsucc; k++)
		if (g->toks[t->succ[k]].type == T_END)
			return true;
	return false;
}

static size_t binds_count(const struct bind *b)
{
	size_t n = 0;

	for (; b; b = b->prev)
		n++;
	return n;
}

static void args_fill(struct cmd_args *a, const struct bind *b, const struct command *cmd, const char *line)
{
	size_t n = binds_count(b);

	memset(a, 0, sizeof(*a));
	a->n = n;
	for (const struct bind *p = b; p && n; p = p->prev) {
		n--;
		a->v[n].name = p->name;
		a->v[n].value = xstrdup(p->value);
	}
	a->cmd = cmd;
	a->line = line;
}

void grammar_match(const struct grammar *gr, const struct match_ctx *ctx, const char *line, struct match_result *out)
{
	struct words w;
	struct run r;
	enum match_status st;

	memset(out, 0, sizeof(*out));
	words_split(line, &w);
	if (w.n == 0) {
		out->status = MATCH_EMPTY;
		words_free(&w);
		return;
	}
	run_init(&r, gr, ctx, &w);
	st = run_words(&r, w.n);
	if (st == MATCH_OK) {
		const struct state *done = NULL;
		for (size_t i = 0; i < r.ncur; i++)
			if (state_complete(&r, &r.cur[i]) && (!done || r.cur[i].graph < done->graph))
				done = &r.cur[i];
		if (done && binds_count(done->binds) > CMD_MAX_ARGS) {
			/* more values than any command takes (a repetition gone wild): refused
			 * whole, never truncated into a different command */
			st = MATCH_INVALID;
			r.caret = w.start[w.n - 1];
		} else if (done) {
			args_fill(&out->args, done->binds, gr->graphs[done->graph].cmd, line);
		} else {
			st = MATCH_INCOMPLETE;
		}
	}
	out->status = st;
	out->caret_col = r.caret;
	out->no = r.negate;
	run_free(&r);
	words_free(&w);
}

void match_result_free(struct match_result *res)
{
	for (size_t i = 0; i < res->args.n; i++)
		free(res->args.v[i].value);
	res->args.n = 0;
}

/* ---- `?` ---- */

struct help_item {
	const char *text;
	const char *help;
};

static int help_cmp(const void *a, const void *b)
{
	const struct help_item *x = a, *y = b;
	bool xcr = !strcmp(x->text, "<cr>"), ycr = !strcmp(y->text, "<cr>");

	if (xcr != ycr)
		return xcr ? 1 : -1;
	return strcmp(x->text, y->text);
}

/* An empty list is a NULL array, which qsort must not be handed. */
static void sort_items(struct help_item *items, size_t n)
{
	if (n > 1)
		qsort(items, n, sizeof(*items), help_cmp);
}

static void help_add(struct help_item **items, size_t *n, const char *text, const char *help)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*items)[i].text, text))
			return;
	*items = xrealloc(*items, (*n + 1) * sizeof(**items));
	(*items)[(*n)++] = (struct help_item){ text, help ? help : "" };
}

static const char *tok_help(const struct run *r, const struct cgraph *g, const struct tok *t)
{
	/* one `exit` declaration serves every mode; its help names the mode */
	if (t->type == T_KEYWORD && !strcmp(g->cmd->spec, "exit") && node_info(r->ctx->node)->exit_help)
		return node_info(r->ctx->node)->exit_help;
	return t->help;
}

static void collect_next(const struct run *r, bool at_start, struct help_item **items, size_t *n)
{
	if (at_start && !r->negate) {
		if (node_has_negation(r->gr, r->ctx, F_NO | F_NO_ONLY))
			help_add(items, n, "no", "Negate a command or set its defaults");
		if (r->ctx->personality == GP_IOS && node_has_negation(r->gr, r->ctx, F_DEFAULT))
			help_add(items, n, "default", "Set a command to its defaults");
	}
	for (size_t i = 0; i < r->ncur; i++) {
		const struct cgraph *g = &r->gr->graphs[r->cur[i].graph];
		const struct tok *t = state_tok(r, &r->cur[i]);

		if (g->cmd->flags & F_HIDDEN)
			continue;
		if (r->cur[i].line_taken) {
			help_add(items, n, "<cr>", "");
			continue;
		}
		for (int k = 0; k < t->nsucc; k++) {
			const struct tok *c = &g->toks[t->succ[k]];
			help_add(items, n, c->text, c->type == T_END ? "" : tok_help(r, g, c));
		}
	}
}

static void help_print(struct help_item *items, size_t n, struct strbuf *out)
{
	int width = 0;

	sort_items(items, n);
	for (size_t i = 0; i < n; i++)
		if ((int)strlen(items[i].text) > width)
			width = (int)strlen(items[i].text);
	for (size_t i = 0; i < n; i++) {
		if (*items[i].help)
			sb_printf(out, "  %-*s  %s\n", width, items[i].text, items[i].help);
		else
			sb_printf(out, "  %s\n", items[i].text);
	}
}

/* `sh?`: the keywords the partial word could become, IOS style on one wrapped line. */
static void partial_print(const struct run *r, const char *s, size_t n, unsigned width, struct strbuf *out)
{
	struct help_item *items = NULL;
	size_t count = 0, col = 0;

	collect_next(r, r->w->n == 1, &items, &count);
	sort_items(items, count);
	for (size_t i = 0; i < count; i++) {
		const char *text = items[i].text;
		if (text[0] == '<' || strlen(text) < n || strncasecmp(text, s, n) || isupper((unsigned char)text[0]))
			continue;
		if (col && width && col + strlen(text) + 2 > width) {
			sb_addc(out, '\n');
			col = 0;
		}
		sb_printf(out, "%s  ", text);
		col += strlen(text) + 2;
	}
	if (col)
		sb_addc(out, '\n');
	free(items);
}

enum match_status grammar_help(const struct grammar *gr, const struct match_ctx *ctx, const char *line, unsigned width,
			       struct strbuf *out, size_t *caret_col)
{
	struct words w;
	struct run r;
	size_t len = strlen(line);
	bool trailing_space = len == 0 || isspace((unsigned char)line[len - 1]);
	enum match_status st;

	words_split(line, &w);
	run_init(&r, gr, ctx, &w);
	st = run_words(&r, trailing_space ? w.n : w.n - 1);
	if (st == MATCH_INVALID || st == MATCH_AMBIGUOUS) {
		*caret_col = r.caret;
	} else if (trailing_space) {
		struct help_item *items = NULL;
		size_t n = 0;
		collect_next(&r, w.n == 0, &items, &n);
		if (n == 0) {
			st = MATCH_INVALID;
			*caret_col = len;
		} else {
			help_print(items, n, out);
		}
		free(items);
	} else {
		partial_print(&r, line + w.start[w.n - 1], w.len[w.n - 1], width, out);
		if (!out->len) {
			st = MATCH_INVALID;
			*caret_col = w.start[w.n - 1];
		}
	}
	run_free(&r);
	words_free(&w);
	return st == MATCH_INVALID || st == MATCH_AMBIGUOUS ? st : MATCH_OK;
}

/* ---- TAB ---- */

char **grammar_complete(const struct grammar *gr, const struct match_ctx *ctx, const char *line)
{
	struct words w;
	struct run r;
	size_t len = strlen(line), count = 0;
	char **out = xcalloc(1, sizeof(char *));
	struct help_item *items = NULL;

	words_split(line, &w);
	if (w.n == 0 || isspace((unsigned char)line[len - 1])) {
		words_free(&w);
		return out;
	}
	run_init(&r, gr, ctx, &w);
	if (run_words(&r, w.n - 1) == MATCH_OK) {
		const char *s = line + w.start[w.n - 1];
		size_t n = w.len[w.n - 1];
		size_t nitems = 0;
		collect_next(&r, w.n == 1, &items, &nitems);
		sort_items(items, nitems);
		for (size_t i = 0; i < nitems; i++) {
			const char *text = items[i].text;
			if (text[0] == '<' || isupper((unsigned char)text[0]) || strlen(text) < n ||
			    strncasecmp(text, s, n))
				continue;
			out = xrealloc(out, (count + 2) * sizeof(char *));
			out[count++] = xstrdup(text);
			out[count] = NULL;
		}
		free(items);
	}
	run_free(&r);
	words_free(&w);
	return out;
}

void grammar_free_strv(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
