/* The opaque area through the real grammar and session: interface sub-commands kept per
 * interface for the interface renderer, `no` and repeated commands, blocks typed again,
 * the multi-line IOS banner, `?` listing a kept keyword, and garbage still refused. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli_box.h"
#include "platform/daemon.h"
#include "running-config/area.h"
#include "running-config/config.h"
#include "running-config/opaque.h"
#include "shell/session.h"

static enum exec_status run(struct box *b, const char *line)
{
	return session_exec(b->s, line);
}

static char *render_all(struct box *b)
{
	struct render_ctx ctx = { b->rd.personality, RENDER_SAVE, NULL };
	struct strbuf out;

	sb_init(&out);
	running_config_render(b->rd.config, &ctx, NULL, &out);
	return out.s ? sb_steal(&out) : strdup("");
}

static char *iface_lines(struct box *b, const char *ifname)
{
	struct strbuf out;

	sb_init(&out);
	opaque_render_interface_lines(b->rd.config, ifname, &out);
	return out.s ? sb_steal(&out) : strdup("");
}

static void test_interface_lines(void)
{
	struct box b;
	char *text;

	box_open(&b, GP_IOS);
	CHECK(run(&b, "interface GigabitEthernet0/1") == EXEC_OK);
	CHECK(run(&b, " duplex full") == EXEC_OK);
	CHECK(run(&b, "speed 100") == EXEC_OK);
	CHECK(run(&b, " no mop enabled") == EXEC_OK);
	CHECK(run(&b, " tunnel protection ipsec profile P") == EXEC_OK);
	CHECK(run(&b, "duplex full") == EXEC_OK);          /* the same line again: kept once */
	CHECK(run(&b, "no speed 100") == EXEC_OK);         /* forgets it */
	CHECK(run(&b, "tunnel bogus 1") == EXEC_FAILED);   /* not a tunnel sub-command */
	CHECK(run(&b, "interface Tunnel0") == EXEC_OK);
	CHECK(run(&b, "ip virtual-reassembly") == EXEC_OK);
	text = iface_lines(&b, "GigabitEthernet0/1");
	CHECK_STR(text, " duplex full\n no mop enabled\n tunnel protection ipsec profile P\n");
	free(text);
	text = iface_lines(&b, "Tunnel0");
	CHECK_STR(text, " ip virtual-reassembly\n");
	free(text);
	text = iface_lines(&b, "GigabitEthernet0/2");
	CHECK_STR(text, "");
	free(text);
	CHECK(opaque_interface_line_count(b.rd.config, "GigabitEthernet0/1") == 3);
	opaque_forget_interface(b.rd.config, "GigabitEthernet0/1");
	CHECK(opaque_interface_line_count(b.rd.config, "GigabitEthernet0/1") == 0);
	CHECK(opaque_interface_line_count(b.rd.config, "Tunnel0") == 1);
	box_close(&b);
}

static void test_global_no_and_repeat(void)
{
	struct box b;
	char *text;

	box_open(&b, GP_IOS);
	CHECK(run(&b, "no ip domain lookup") == EXEC_OK);
	CHECK(run(&b, "no ip domain lookup") == EXEC_OK);
	CHECK(run(&b, "ip route 10.0.0.0 255.0.0.0 192.0.2.1") == EXEC_OK);
	CHECK(run(&b, "ip route 10.0.0.0 255.0.0.0 192.0.2.1 ") == EXEC_OK);  /* trailing blank: same */
	CHECK(run(&b, "snmp-server community public RO") == EXEC_OK);
	CHECK(run(&b, "no snmp-server community public RO") == EXEC_OK);
	CHECK(run(&b, "service timestamps debug datetime msec") == EXEC_OK);
	CHECK(opaque_command_count(b.rd.config) == 3);
	text = render_all(&b);
	CHECK(strstr(text, "!\nno ip domain lookup\n!\n") != NULL);
	CHECK(strstr(text, "\nip route 10.0.0.0 255.0.0.0 192.0.2.1\n!\n") != NULL);
	CHECK(strstr(text, "snmp-server") == NULL);
	CHECK(strstr(text, "hostname Router\n!\nservice timestamps debug datetime msec\n") != NULL);
	free(text);
	CHECK(run(&b, "ip domian lookup") == EXEC_FAILED);
	CHECK(run(&b, "frobnicate 1") == EXEC_FAILED);
	box_close(&b);
}

static void test_blocks(void)
{
	struct box b;
	char *text;
	struct strbuf prompt;

	box_open(&b, GP_IOS);
	CHECK(run(&b, "router ospf 1") == EXEC_OK);
	sb_init(&prompt);
	session_prompt(b.s, &prompt);
	CHECK_STR(prompt.s, "Router(config-router)#");
	sb_free(&prompt);
	CHECK(run(&b, " network 10.0.0.0 0.255.255.255 area 0") == EXEC_OK);
	CHECK(run(&b, "line vty 0 4") == EXEC_OK);      /* a global command leaves the block */
	CHECK(run(&b, "login local") == EXEC_OK);
	CHECK(run(&b, "router ospf 1") == EXEC_OK);     /* typed again: the same block */
	CHECK(run(&b, "passive-interface Loopback0") == EXEC_OK);
	CHECK(run(&b, "ip route 0.0.0.0 0.0.0.0 192.0.2.1") == EXEC_OK);  /* leaves it too */
	CHECK(session_node(b.s) == NODE_CONFIG);
	text = render_all(&b);
	CHECK(strstr(text, "!\nrouter ospf 1\n network 10.0.0.0 0.255.255.255 area 0\n passive-interface Loopback0\n!\n"
			   "ip route 0.0.0.0 0.0.0.0 192.0.2.1\n!\n") != NULL);
	CHECK(strstr(text, "!\nline vty 0 4\n login local\n!\n") != NULL);
	free(text);
	CHECK(run(&b, "no router ospf 1") == EXEC_OK);
	text = render_all(&b);
	CHECK(strstr(text, "router ospf") == NULL);
	free(text);
	box_close(&b);
}

/* IOS reads banner text up to the delimiter; ASA adds one line per command. */
static void test_banners(void)
{
	struct box b;
	char *text;

	box_open(&b, GP_IOS);
	CHECK(run(&b, "banner motd ^C") == EXEC_CONFIRM);
	CHECK_STR(b.s->ask_prompt, "Enter TEXT message.  End with the character '^'.");
	CHECK(session_answer(b.s, "Authorised access only") == EXEC_CONFIRM);
	CHECK(session_answer(b.s, "^C") == EXEC_OK);
	CHECK(run(&b, "banner login #hello#") == EXEC_OK);
	text = render_all(&b);
	CHECK(strstr(text, "banner motd ^C\nAuthorised access only\n^C\n") != NULL);
	CHECK(strstr(text, "banner login #hello#\n") != NULL);
	free(text);
	CHECK(run(&b, "banner motd ^C new text ^C") == EXEC_OK);  /* replaces the banner */
	text = render_all(&b);
	CHECK(strstr(text, "Authorised") == NULL);
	CHECK(strstr(text, "banner motd ^C new text ^C\n") != NULL);
	free(text);
	box_close(&b);

	box_open(&b, GP_ASA);
	CHECK(run(&b, "banner motd Line one") == EXEC_OK);
	CHECK(run(&b, "banner motd Line two") == EXEC_OK);
	text = render_all(&b);
	CHECK(strstr(text, "banner motd Line one\nbanner motd Line two\n") != NULL);
	free(text);
	CHECK(run(&b, "no banner motd") == EXEC_OK);
	text = render_all(&b);
	CHECK(strstr(text, "banner motd") == NULL);
	free(text);
	box_close(&b);
}

static void test_help_and_asa_sections(void)
{
	struct box b;
	char *text;

	box_open(&b, GP_ASA);
	CHECK(session_help(b.s, "pag") == MATCH_OK);
	CHECK(strstr(b.s->out.s, "pager") != NULL);
	CHECK(run(&b, "prompt hostname context") == EXEC_OK);
	CHECK(run(&b, "pager lines 24") == EXEC_OK);
	CHECK(run(&b, "crypto ca trustpool policy") == EXEC_OK);
	CHECK(run(&b, "ssh timeout 5") == EXEC_OK);
	CHECK(run(&b, "ip cef") == EXEC_FAILED);       /* IOS only */
	text = render_all(&b);
	{
		const char *pager = strstr(text, "pager lines 24\n"), *ca = strstr(text, "crypto ca trustpool policy\n");
		const char *ssh = strstr(text, "ssh timeout 5\n"), *prompt = strstr(text, "prompt hostname context\n");
		CHECK(pager && ca && ssh && prompt);
		CHECK(pager < ca && ca < ssh && ssh < prompt);
	}
	free(text);
	/* show masks kept secrets, the saved form keeps them */
	CHECK(run(&b, "snmp-server community s3cret") == EXEC_OK);
	CHECK(run(&b, "aaa-server RAD (inside) host 10.0.0.5") == EXEC_OK);
	CHECK(run(&b, " key radkey timeout 5") == EXEC_OK);
	text = render_all(&b);
	CHECK(strstr(text, "snmp-server community s3cret\n") != NULL);
	CHECK(strstr(text, " key radkey timeout 5\n") != NULL);
	free(text);
	{
		struct render_ctx ctx = { GP_ASA, RENDER_SHOW, NULL };
		struct strbuf out;

		sb_init(&out);
		running_config_render(b.rd.config, &ctx, NULL, &out);
		CHECK(strstr(out.s, "snmp-server community *****\n") != NULL);
		CHECK(strstr(out.s, "aaa-server RAD (inside) host 10.0.0.5\n key ***** timeout 5\n") != NULL);
		CHECK(strstr(out.s, "s3cret") == NULL && strstr(out.s, "radkey") == NULL);
		sb_free(&out);
	}
	box_close(&b);
}

int main(void)
{
	test_interface_lines();
	test_global_no_and_repeat();
	test_blocks();
	test_banners();
	test_help_and_asa_sections();
	return check_done("test_opaque");
}
