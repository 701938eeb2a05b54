/* Writes rampart-commands(7) from the grammar declarations themselves, so the manual
 * lists exactly what the parser accepts: every visible command, by mode, with the
 * help of its arguments. Run at build time: gen_commands_man > rampart-commands.7 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/grammar.h"
#include "parser/node.h"
#include "running-config/area.h"

/* Section titles: display text for the modes, not syntax. */
static const char *node_title(enum node n)
{
	switch (n) {
	case NODE_EXEC: return "EXEC mode";
	case NODE_CONFIG: return "Global configuration mode";
	case NODE_INTERFACE: return "Interface configuration mode";
	case NODE_IKEV1_POLICY: return "IKEv1 policy mode (ASA)";
	case NODE_ISAKMP_POLICY: return "ISAKMP policy mode";
	case NODE_CRYPTO_TRANS: return "Transform set mode (IOS)";
	case NODE_CRYPTO_MAP: return "Crypto map entry mode (IOS)";
	case NODE_IPSEC_PROFILE: return "IPsec profile mode (IOS)";
	case NODE_ISAKMP_PROFILE: return "ISAKMP profile mode (IOS)";
	case NODE_KEYRING: return "Keyring mode (IOS)";
	case NODE_ISAKMP_PEER: return "ISAKMP peer mode (IOS)";
	case NODE_EXT_NACL: return "Extended named access list mode (IOS)";
	case NODE_STD_NACL: return "Standard named access list mode (IOS)";
	case NODE_TUNNEL_GENERAL: return "Tunnel-group general attributes mode (ASA)";
	case NODE_TUNNEL_IPSEC: return "Tunnel-group IPsec attributes mode (ASA)";
	case NODE_GROUP_POLICY: return "Group-policy attributes mode (ASA)";
	case NODE_NETWORK_OBJECT: return "Network object mode (ASA)";
	case NODE_NETWORK_OBJECT_GROUP: return "Network object-group mode (ASA)";
	case NODE_OPAQUE: return "Blocks kept verbatim";
	case NODE_PIPE: return "Output filters (after |)";
	case NODE_ANY_CONFIG: return "Every configuration mode";
	default: return "Other";
	}
}

/* roff text: backslashes doubled, hyphens as \-, a leading dot or quote escaped. */
static void roff_text(FILE *out, const char *text, bool syntax)
{
	if (*text == '.' || *text == '\'')
		fputs("\\&", out);
	for (const char *p = text; *p; p++) {
		if (*p == '\\')
			fputs("\\e", out);
		else if (*p == '-')
			fputs("\\-", out);
		else
			fputc(*p, out);
		/* a long list of alternatives may break after a bar, it has no spaces */
		if (syntax && *p == '|')
			fputs("\\:", out);
	}
}

static void roff(FILE *out, const char *text)
{
	roff_text(out, text, false);
}

/* The spec's tokens in order, as the help lines follow them: alternation and option
 * brackets separate tokens, "$name" bindings and "..." are not part of a token.
 * required[i]: the token is outside every [] and <> group, so every use types it. */
static size_t spec_tokens(const char *spec, char **tok, bool *required, size_t max)
{
	size_t n = 0;
	int depth = 0;
	const char *p = spec;
	while (*p && n < max) {
		for (; *p && strchr(" <>[]|", *p); p++)
			depth += *p == '<' || *p == '[' ? 1 : *p == '>' || *p == ']' ? -1 : 0;
		if (!*p)
			break;
		const char *start = p;
		while (*p && !strchr(" <>[]|$", *p))
			p++;
		size_t len = (size_t)(p - start);
		if (len >= 3 && strncmp(p - 3, "...", 3) == 0)
			len -= 3;
		required[n] = depth == 0;
		tok[n++] = xstrndup(start, len);
		while (*p && !strchr(" <>[]|", *p))
			p++;   /* the binding name */
	}
	return n;
}

static bool is_keyword(const char *tok)
{
	return islower((unsigned char)tok[0]) || (tok[0] && !isupper((unsigned char)tok[0]) && tok[0] != '(' &&
						  !isdigit((unsigned char)tok[0]));
}

/* The help lines, one per token; an empty line is the keyword's default help. */
static const char *help_line(const char *help, size_t i, char *buf, size_t len)
{
	const char *p = help ? help : "";
	for (size_t k = 0; k < i && p; k++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return "";
	size_t n = strcspn(p, "\n");
	snprintf(buf, len, "%.*s", (int)n, p);
	return buf;
}

struct gen {
	FILE *out;
	enum node node;          /* the mode being written */
	size_t count;
};

/* The help of token i: its own line, else the keyword's default help, else "". */
static const char *token_help(const struct command *c, char **tok, size_t i, char *buf, size_t len)
{
	const char *h = help_line(c->help, i, buf, len);
	if (!*h && is_keyword(tok[i]) && keyword_default_help(tok[i]))
		h = keyword_default_help(tok[i]);
	return h;
}

/* What the command is about: the help of the last keyword every use types (a keyword
 * inside an option or alternative describes only that choice); a command that starts
 * with a choice (`<permit|deny> ...`) or a value (`no <seq>`) falls back to its first
 * described token. */
static const char *command_summary(const struct command *c, char **tok, const bool *required, size_t ntok,
				   char *buf, size_t len)
{
	for (size_t i = ntok; i-- > 0;) {
		if (required[i] && is_keyword(tok[i])) {
			const char *h = token_help(c, tok, i, buf, len);
			if (*h)
				return h;
		}
	}
	for (size_t i = 0; i < ntok; i++) {
		const char *h = token_help(c, tok, i, buf, len);
		if (*h)
			return h;
	}
	return "";
}

/* "(ASA only, user EXEC)": the personality and, for EXEC, privilege 1. */
static void write_availability(FILE *out, const struct command *c)
{
	const char *who = c->flags & F_ASA ? "ASA only" : c->flags & F_IOS ? "IOS only" : NULL;
	bool user = c->node == NODE_EXEC && (c->flags & F_USER);

	if (!who && !user)
		return;
	fprintf(out, " (%s%s%s)", who ? who : "", who && user ? ", " : "", user ? "user EXEC" : "");
}

static void write_command(void *arg, const struct command *c)
{
	struct gen *g = arg;
	char *tok[64], buf[512];
	bool required[64];
	if (c->node != g->node || (c->flags & F_HIDDEN))
		return;
	char *display = grammar_spec_display(c->spec);
	size_t ntok = spec_tokens(c->spec, tok, required, ARRAY_SIZE(tok));
	fputs(".TP\n.B ", g->out);
	if (c->flags & F_NO_ONLY)
		fputs("no ", g->out);
	else if (c->flags & (F_NO | F_DEFAULT))
		fputs("[no] ", g->out);
	roff_text(g->out, display, true);
	fputs("\n", g->out);
	roff(g->out, command_summary(c, tok, required, ntok, buf, sizeof(buf)));
	write_availability(g->out, c);
	fputs("\n", g->out);
	for (size_t i = 0; i < ntok; i++) {
		if (!is_keyword(tok[i])) {
			const char *h = help_line(c->help, i, buf, sizeof(buf));
			char *shown = grammar_spec_display(tok[i]);
			fputs(".br\n\\h'4n'", g->out);
			roff(g->out, shown);
			fputs(" \\(em ", g->out);
			roff(g->out, *h ? h : "(argument)");
			fputs("\n", g->out);
			free(shown);
		}
		free(tok[i]);
	}
	free(display);
	g->count++;
}

static void write_header(FILE *out)
{
	fputs(".\\\" Generated by gen_commands_man from the grammar declarations: do not edit.\n", out);
	fprintf(out, ".TH RAMPART-COMMANDS 7 \"\" \"rampart %s\" \"Rampart\"\n", PACKAGE_VERSION);
	/* left-aligned, unhyphenated: long syntax lines break only at bars */
	fputs(".ad l\n.nh\n", out);
	fputs(".SH NAME\nrampart-commands \\- the commands of the Rampart CLI\n"
	      ".SH DESCRIPTION\n"
	      "Every command that the\n.BR rampart (1)\nshell accepts, by mode, as declared in the grammar\n"
	      "that also answers\n.B ?\nand TAB. Keywords may be abbreviated to any unique prefix.\n"
	      "Notation: \\fB<a|b>\\fR one of; \\fB[x]\\fR optional; \\fB<1\\-65535>\\fR a number in range;\n"
	      "\\fBA.B.C.D\\fR an IPv4 address; \\fBWORD\\fR one word; \\fBLINE\\fR the rest of the line;\n"
	      "\\fB[no]\\fR the command has a negated form.\n"
	      "Commands marked \\fIASA only\\fR or \\fIIOS only\\fR exist under that personality\n"
	      "(see \\fBpersonality\\fR in\n.BR rampartd.conf (5));\n"
	      "EXEC commands not marked \\fIuser EXEC\\fR need privilege 15 (\\fBenable\\fR).\n",
	      out);
}

int main(void)
{
	size_t ntables = 0;
	struct command_table *tables = areas_command_tables(&ntables);
	struct grammar *gr = grammar_new(tables, ntables);
	struct gen g = { .out = stdout };
	static const enum node order[] = {
		NODE_EXEC, NODE_CONFIG, NODE_ANY_CONFIG, NODE_INTERFACE, NODE_IKEV1_POLICY, NODE_ISAKMP_POLICY,
		NODE_CRYPTO_TRANS, NODE_CRYPTO_MAP, NODE_IPSEC_PROFILE, NODE_ISAKMP_PROFILE, NODE_KEYRING,
		NODE_ISAKMP_PEER, NODE_EXT_NACL, NODE_STD_NACL, NODE_TUNNEL_GENERAL, NODE_TUNNEL_IPSEC,
		NODE_GROUP_POLICY, NODE_NETWORK_OBJECT, NODE_NETWORK_OBJECT_GROUP, NODE_OPAQUE, NODE_PIPE,
	};

	write_header(stdout);
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		g.node = order[i];
		size_t before = g.count;
		/* The title is written only for a mode that has commands: render into a
		 * buffer first. */
		char *body = NULL;
		size_t body_len = 0;
		g.out = open_memstream(&body, &body_len);
		grammar_each_command(gr, write_command, &g);
		fclose(g.out);
		if (g.count > before) {
			printf(".SH \"%s\"\n", node_title(order[i]));
			fwrite(body, 1, body_len, stdout);
		}
		free(body);
	}
	fputs(".SH \"SEE ALSO\"\n.BR rampart (1),\n.BR rampartd (8),\n.BR rampartd.conf (5)\n", stdout);
	grammar_free(gr);
	free(tables);
	return g.count > 0 && fflush(stdout) == 0 ? 0 : 1;
}
