/* The matcher and help against a small declared grammar: abbreviation, ambiguity,
 * carets, `no`, values, bindings, `?` listings and TAB. */
#include "parser/grammar.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

static int nop(struct session *s, const struct cmd_args *a, bool no)
{
	(void)s; (void)a; (void)no;
	return CMD_SUCCESS;
}

static const struct command cmds[] = {
	{ NODE_EXEC, "show running-config", "Show running system information\nCurrent operating configuration\n", nop, NODE_NONE, F_USER },
	{ NODE_EXEC, "show crypto isakmp sa", "\nEncryption module\nShow ISAKMP\nShow ISAKMP Security Associations\n", nop, NODE_NONE, 0 },
	{ NODE_EXEC, "show clock", "\nDisplay the system clock\n", nop, NODE_NONE, F_USER },
	{ NODE_EXEC, "configure terminal", "Enter configuration mode\nConfigure from the terminal\n", nop, NODE_CONFIG, 0 },
	{ NODE_CONFIG, "hostname WORD$name", "Set system's network name\nThis system's network name\n", nop, NODE_NONE, F_NO },
	{ NODE_CONFIG, "crypto map WORD$map (1-65535)$seq set peer A.B.C.D$peer...", "\n\nMap name\nSequence\nSet\nPeer\nPeer address\n", nop, NODE_NONE, F_NO | F_ASA },
	{ NODE_CONFIG, "crypto map WORD$map interface WORD$if", "\n\n\nInterface\nName\n", nop, NODE_NONE, F_NO | F_ASA },
	{ NODE_CONFIG, "crypto isakmp policy (1-10000)$prio", "\nISAKMP\nPolicy\nPriority of protection suite\n", nop, NODE_ISAKMP_POLICY, F_NO },
	{ NODE_ISAKMP_POLICY, "hash <md5$h|sha$h|sha256$h>", "Set hash algorithm for protection suite\nMessage Digest 5\nSecure Hash Standard\nSecure Hash Standard 2 (256 bit)\n", nop, NODE_NONE, F_NO },
	{ NODE_ISAKMP_POLICY, "encryption <des$enc|3des$enc|aes$enc [128$bits|192$bits|256$bits]>", "Set encryption\nDES\n3DES\nAES\n128\n192\n256\n", nop, NODE_NONE, F_NO },
	{ NODE_CONFIG, "description LINE$text", "Describe\nText\n", nop, NODE_NONE, F_NO },
	{ NODE_CONFIG, "network A.B.C.D/M$pfx", "Net\nPrefix\n", nop, NODE_NONE, 0 },
	{ NODE_CONFIG, "no-only thing", "x\ny\n", nop, NODE_NONE, F_NO_ONLY },
};

static struct grammar *g;

static struct match_result m(enum node node, const char *line)
{
	struct match_ctx ctx = { node, GP_ASA, 15 };
	struct match_result r;

	grammar_match(g, &ctx, line, &r);
	return r;
}

static void test_match(void)
{
	struct match_result r;

	r = m(NODE_EXEC, "sh run");
	CHECK(r.status == MATCH_OK);
	CHECK_STR(r.args.cmd->spec, "show running-config");
	match_result_free(&r);
	r = m(NODE_EXEC, "sh cr isa sa");
	CHECK(r.status == MATCH_OK);
	match_result_free(&r);
	r = m(NODE_EXEC, "sh c");
	CHECK(r.status == MATCH_AMBIGUOUS);
	r = m(NODE_EXEC, "show runnig");
	CHECK(r.status == MATCH_INVALID);
	CHECK(r.caret_col == 10);       /* "show runni" then the bad g */
	r = m(NODE_EXEC, "show");
	CHECK(r.status == MATCH_INCOMPLETE);
	r = m(NODE_EXEC, "   ");
	CHECK(r.status == MATCH_EMPTY);
	r = m(NODE_CONFIG, "crypto map OUT 10 set peer 300.1.1.1");
	CHECK(r.status == MATCH_INVALID);
	CHECK(r.caret_col == 27);
	r = m(NODE_CONFIG, "crypto map OUT 70000 set peer 1.1.1.1");
	CHECK(r.status == MATCH_INVALID);
	CHECK(r.caret_col == 15);
	r = m(NODE_CONFIG, "crypto map OUT 10 set peer 1.1.1.1 2.2.2.2 3.3.3.3");
	CHECK(r.status == MATCH_OK);
	CHECK(arg_count(&r.args, "peer") == 3);
	CHECK_STR(arg_nth(&r.args, "peer", 2), "3.3.3.3");
	CHECK(arg_num(&r.args, "seq", 0) == 10);
	match_result_free(&r);
	r = m(NODE_CONFIG, "crypto map OUT interface outside");
	CHECK(r.status == MATCH_OK);
	CHECK_STR(arg_str(&r.args, "if"), "outside");
	match_result_free(&r);
	r = m(NODE_CONFIG, "no hostname R1");
	CHECK(r.status == MATCH_OK && r.no);
	match_result_free(&r);
	r = m(NODE_CONFIG, "no-only thing");
	CHECK(r.status == MATCH_INVALID);
	r = m(NODE_CONFIG, "no no-only thing");
	CHECK(r.status == MATCH_OK && r.no);
	match_result_free(&r);
	r = m(NODE_ISAKMP_POLICY, "ha sh");
	CHECK(r.status == MATCH_AMBIGUOUS);     /* sha / sha256 */
	r = m(NODE_ISAKMP_POLICY, "ha sha");
	CHECK(r.status == MATCH_OK);
	CHECK_STR(arg_str(&r.args, "h"), "sha");
	match_result_free(&r);
	r = m(NODE_ISAKMP_POLICY, "encr aes 256");
	CHECK(r.status == MATCH_OK);
	CHECK_STR(arg_str(&r.args, "bits"), "256");
	CHECK_STR(arg_str(&r.args, "enc"), "aes");
	match_result_free(&r);
	r = m(NODE_ISAKMP_POLICY, "ENCR 3DES");
	CHECK(r.status == MATCH_OK);
	CHECK_STR(arg_str(&r.args, "enc"), "3des");
	match_result_free(&r);
	r = m(NODE_CONFIG, "description  hello   world  ");
	CHECK(r.status == MATCH_OK);
	CHECK_STR(arg_str(&r.args, "text"), "hello   world");
	match_result_free(&r);
	r = m(NODE_CONFIG, "network 10.0.0.0/8");
	CHECK(r.status == MATCH_OK);
	match_result_free(&r);
	r = m(NODE_CONFIG, "network 10.0.0.0/33");
	CHECK(r.status == MATCH_INVALID && r.caret_col == 8);
}

static void test_privilege_personality(void)
{
	struct match_ctx user = { NODE_EXEC, GP_ASA, 1 }, ios = { NODE_CONFIG, GP_IOS, 15 };
	struct match_result r;

	grammar_match(g, &user, "configure terminal", &r);
	CHECK(r.status == MATCH_INVALID && r.caret_col == 0);
	grammar_match(g, &user, "sh cl", &r);
	CHECK(r.status == MATCH_OK);
	match_result_free(&r);
	grammar_match(g, &ios, "crypto map X 10 set peer 1.1.1.1", &r);
	CHECK(r.status == MATCH_INVALID && r.caret_col == 7);
}

static void test_help(void)
{
	struct match_ctx ctx = { NODE_ISAKMP_POLICY, GP_ASA, 15 };
	struct strbuf out;
	size_t caret = 0;

	sb_init(&out);
	CHECK(grammar_help(g, &ctx, "hash ", 80, &out, &caret) == MATCH_OK);
	CHECK_STR(out.s, "  md5     Message Digest 5\n  sha     Secure Hash Standard\n"
			   "  sha256  Secure Hash Standard 2 (256 bit)\n");
	sb_reset(&out);
	CHECK(grammar_help(g, &ctx, "hash sha ", 80, &out, &caret) == MATCH_OK);
	CHECK_STR(out.s, "  <cr>\n");
	sb_reset(&out);
	CHECK(grammar_help(g, &ctx, "hash s", 80, &out, &caret) == MATCH_OK);
	CHECK_STR(out.s, "sha  sha256  \n");
	sb_reset(&out);
	ctx.node = NODE_CONFIG;
	CHECK(grammar_help(g, &ctx, "crypto isakmp policy ", 80, &out, &caret) == MATCH_OK);
	CHECK_STR(out.s, "  <1-10000>  Priority of protection suite\n");
	sb_reset(&out);
	CHECK(grammar_help(g, &ctx, "crypto mop ", 80, &out, &caret) == MATCH_INVALID);
	CHECK(caret == 8);
	sb_reset(&out);
	CHECK(grammar_help(g, &ctx, "", 80, &out, &caret) == MATCH_OK);
	CHECK(strstr(out.s, "  no           Negate a command or set its defaults\n") != NULL);
	sb_free(&out);
}

static void test_complete(void)
{
	struct match_ctx ctx = { NODE_EXEC, GP_ASA, 15 };
	char **v = grammar_complete(g, &ctx, "sh cr");

	CHECK(v[0] && !strcmp(v[0], "crypto") && !v[1]);
	grammar_free_strv(v);
	v = grammar_complete(g, &ctx, "show c");
	CHECK(v[0] && v[1] && !v[2]);
	grammar_free_strv(v);
}

int main(void)
{
	struct command_table t = COMMAND_TABLE(cmds);

	g = grammar_new(&t, 1);
	test_match();
	test_privilege_personality();
	test_help();
	test_complete();
	grammar_free(g);
	return check_done("grammar");
}
