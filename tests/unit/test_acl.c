/* Access lists and objects through the real grammar and session: typed lines in, the
 * model, the rendered configuration, `show access-list(s)` and the compiler's
 * selectors out, on both personalities. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli_box.h"
#include "platform/daemon.h"
#include "running-config/acl.h"
#include "running-config/area.h"
#include "shell/session.h"

static const char *run(struct box *b, const char *line)
{
	return box_run(b, line);
}

static void run_ok(struct box *b, const char *line)
{
	const char *out = run(b, line);

	if (*out)
		fprintf(stderr, "line \"%s\" printed:\n%s", line, out);
	CHECK(*out == '\0');
}

/* An EXEC command from configuration mode, the way an admin does it without `do`:
 * leave, run it, come back. Returns a copy of what it printed. */
static char *exec_show(struct box *b, const char *line)
{
	char *out;

	session_end(b->s);
	out = xstrdup(run(b, line));
	session_exec(b->s, "configure terminal");
	return out;
}

static void run_all(struct box *b, const char *const *lines)
{
	for (; *lines; lines++)
		run_ok(b, *lines);
}

/* The sections of this area, rendered for the personality. */
static char *render(const struct running_config *rc, enum grammar_personality p, const char *path, const char *name)
{
	struct render_ctx ctx = { p, RENDER_SHOW, name };
	struct strbuf out;

	sb_init(&out);
	running_config_render(rc, &ctx, path, &out);
	return out.s ? sb_steal(&out) : xstrdup("");
}

static char *render_acl_sections(const struct running_config *rc, enum grammar_personality p)
{
	static const char *const ids[] = { "names", "object", "object-group", "named-acl", "access-list" };
	struct render_ctx ctx = { p, RENDER_SHOW, NULL };
	struct strbuf out;

	sb_init(&out);
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		for (size_t a = 0; a < rampart_area_count; a++)
			for (size_t k = 0; k < rampart_areas[a]->nsections; k++)
				if (!strcmp(rampart_areas[a]->sections[k].id, ids[i]))
					rampart_areas[a]->sections[k].render(rc, &ctx, &out);
	return out.s ? sb_steal(&out) : xstrdup("");
}

static struct in_addr ip(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

/* ---- ASA ---- */

static const char *const asa_objects[] = {
	"object network SITE1-YELLOW",
	" subnet 192.168.100.0 255.255.255.0",
	"object network SITE1-BLUE",
	" subnet 192.168.200.0 255.255.255.0",
	"object network Site1-Host1",
	" host 192.168.100.11",
	" description web server",
	"object-group network SITE1",
	" network-object object SITE1-YELLOW",
	" network-object object SITE1-BLUE",
	"object-group network SITE2",
	" description remote",
	" network-object 172.16.10.0 255.255.255.0",
	" network-object 10.9.9.9 255.255.255.255",
	"exit",
	NULL,
};

static void test_asa_render(void)
{
	struct box b;
	char *text;

	box_open(&b, GP_ASA);
	run_all(&b, asa_objects);
	run_ok(&b, "access-list s2s line 10 extended permit ip object-group SITE1 object-group SITE2 log default");
	run_ok(&b, "access-list web extended permit tcp any4 host 192.168.100.11 eq 80");
	run_ok(&b, "access-list web extended permit tcp any 10.0.0.0 255.0.0.0 range 1000 2000 log 6 interval 60");
	run_ok(&b, "access-list web line 1 remark inbound web");
	run_ok(&b, "access-list web extended deny udp any any eq isakmp");
	run_ok(&b, "access-list web extended permit icmp any4 0.0.0.0 0.0.0.0 unreachable log interval 1");
	run_ok(&b, "access-list web extended permit esp host 1.1.1.1 host 2.2.2.2");
	run_ok(&b, "access-list web extended permit 50 host 1.1.1.1 host 3.3.3.3");
	run_ok(&b, "access-list split standard permit 192.0.2.0 255.255.255.0");
	run_ok(&b, "access-list split standard permit any");
	text = render_acl_sections(b.rd.config, GP_ASA);
	CHECK_STR(text,
		  "names\n"
		  "object network SITE1-YELLOW\n"
		  " subnet 192.168.100.0 255.255.255.0\n"
		  "object network SITE1-BLUE\n"
		  " subnet 192.168.200.0 255.255.255.0\n"
		  "object network Site1-Host1\n"
		  " host 192.168.100.11\n"
		  " description web server\n"
		  "object-group network SITE1\n"
		  " network-object object SITE1-YELLOW\n"
		  " network-object object SITE1-BLUE\n"
		  "object-group network SITE2\n"
		  " description remote\n"
		  " network-object 172.16.10.0 255.255.255.0\n"
		  " network-object host 10.9.9.9\n"
		  "access-list s2s extended permit ip object-group SITE1 object-group SITE2 log default \n"
		  "access-list web remark inbound web\n"
		  "access-list web extended permit tcp any4 host 192.168.100.11 eq www \n"
		  "access-list web extended permit tcp any 10.0.0.0 255.0.0.0 range 1000 2000 log informational interval 60 \n"
		  "access-list web extended deny udp any any eq isakmp \n"
		  "access-list web extended permit icmp any4 0.0.0.0 0.0.0.0 unreachable log interval 1 \n"
		  "access-list web extended permit esp host 1.1.1.1 host 2.2.2.2 \n"
		  "access-list web extended permit esp host 1.1.1.1 host 3.3.3.3 \n"
		  "access-list split standard permit 192.0.2.0 255.255.255.0\n"
		  "access-list split standard permit any4\n");
	free(text);

	/* `show running-config access-list NAME` */
	text = render(b.rd.config, GP_ASA, "access-list", "split");
	CHECK_STR(text, "access-list split standard permit 192.0.2.0 255.255.255.0\naccess-list split standard permit any4\n");
	free(text);

	/* `no` removes one entry; the last one takes the list with it */
	run_ok(&b, "no access-list split standard permit any");
	run_ok(&b, "no access-list split standard permit 192.0.2.0 255.255.255.0");
	CHECK(!acl_exists(b.rd.config, "split"));
	CHECK(acl_exists(b.rd.config, "web"));
	run_ok(&b, "no access-list web");
	CHECK(!acl_exists(b.rd.config, "web"));
	box_close(&b);
}

static void test_asa_errors(void)
{
	struct box b;

	box_open(&b, GP_ASA);
	CHECK_STR(run(&b, "access-list x extended permit ip 10.1.1.5 255.255.255.0 any"),
		  "ERROR: IP address,mask <10.1.1.5,255.255.255.0> doesn't pair\n");
	CHECK(!acl_exists(b.rd.config, "x"));
	CHECK_STR(run(&b, "access-list x extended permit udp any any eq ssh"),
		  "ERROR: Invalid port name for protocol udp\n");
	/* objects in use are kept */
	run_all(&b, asa_objects);
	run_ok(&b, "access-list s2s extended permit ip object-group SITE1 object-group SITE2");
	CHECK_STR(run(&b, "no object-group network SITE1"),
		  "ERROR: SITE1 is in use by access-list s2s and was not removed\n");
	CHECK_STR(run(&b, "no object network SITE1-BLUE"),
		  "ERROR: SITE1-BLUE is in use by object-group SITE1 and was not removed\n");
	CHECK(object_group_find(b.rd.config, "SITE1") != NULL);
	box_close(&b);
}

static void test_asa_line_insert(void)
{
	struct box b;
	const struct acl *acl;

	box_open(&b, GP_ASA);
	run_ok(&b, "access-list a extended permit ip host 1.1.1.1 any");
	run_ok(&b, "access-list a extended permit ip host 3.3.3.3 any");
	run_ok(&b, "access-list a line 2 extended permit ip host 2.2.2.2 any");
	run_ok(&b, "access-list a line 1 extended permit ip host 0.0.0.1 any");
	run_ok(&b, "access-list a extended permit ip host 1.1.1.1 any");    /* duplicate: no change */
	acl = acl_find(b.rd.config, "a");
	CHECK(acl && acl->nentries == 4);
	if (acl && acl->nentries == 4) {
		CHECK(acl->entries[0].src.addr.s_addr == ip("0.0.0.1").s_addr);
		CHECK(acl->entries[1].src.addr.s_addr == ip("1.1.1.1").s_addr);
		CHECK(acl->entries[2].src.addr.s_addr == ip("2.2.2.2").s_addr);
		CHECK(acl->entries[3].src.addr.s_addr == ip("3.3.3.3").s_addr);
	}
	box_close(&b);
}

static void test_asa_expand_and_show(void)
{
	struct box b;
	struct acl_selectors sel;
	unsigned before;
	char *text;

	box_open(&b, GP_ASA);
	run_all(&b, asa_objects);
	run_ok(&b, "access-list s2s extended permit ip object-group SITE1 object-group SITE2");
	run_ok(&b, "access-list s2s extended deny tcp host 10.1.1.1 neq 22 any");
	CHECK(acl_expand(b.rd.config, "s2s", &sel));
	/* 2 sources x 2 destinations, then neq split in two port ranges */
	CHECK(sel.n == 6 && sel.unresolved == 0);
	if (sel.n == 6) {
		CHECK(sel.v[0].permit && sel.v[0].proto == PROTO_IP);
		CHECK(sel.v[0].src.s_addr == ip("192.168.100.0").s_addr && sel.v[0].src_mask.s_addr == ip("255.255.255.0").s_addr);
		CHECK(sel.v[0].dst.s_addr == ip("172.16.10.0").s_addr && sel.v[0].dst_mask.s_addr == ip("255.255.255.0").s_addr);
		CHECK(sel.v[1].dst.s_addr == ip("10.9.9.9").s_addr && sel.v[1].dst_mask.s_addr == 0xffffffffu);
		CHECK(sel.v[3].src.s_addr == ip("192.168.200.0").s_addr && sel.v[3].element == 3);
		CHECK(!sel.v[4].permit && sel.v[4].proto == 6 && sel.v[4].entry_index == 1);
		CHECK(sel.v[4].sport_lo == 0 && sel.v[4].sport_hi == 21 && sel.v[5].sport_lo == 23 && sel.v[5].sport_hi == 65535);
		CHECK(sel.v[4].dport_lo == 0 && sel.v[4].dport_hi == 65535);
	}
	acl_selectors_free(&sel);

	/* an object change is a change of the lists that use it */
	before = acl_change_count(b.rd.config, "s2s");
	run_ok(&b, "object network SITE1-BLUE");
	run_ok(&b, " subnet 192.168.201.0 255.255.255.0");
	run_ok(&b, "exit");
	CHECK(acl_change_count(b.rd.config, "s2s") != before);
	CHECK(acl_change_count(b.rd.config, "nosuch") == 0);

	acl_hit(b.rd.config, "s2s", 0);
	acl_hit_element(b.rd.config, "s2s", 0, 2);
	acl_hit(b.rd.config, "s2s", 1);
	text = exec_show(&b, "show access-list s2s");
	CHECK(strstr(text, "access-list s2s; 5 elements; name hash: 0x") == text);
	CHECK(strstr(text, "\naccess-list s2s line 1 extended permit ip object-group SITE1 object-group SITE2 (hitcnt=2) 0x") != NULL);
	CHECK(strstr(text, "\n  access-list s2s line 1 extended permit ip 192.168.100.0 255.255.255.0 172.16.10.0 255.255.255.0 (hitcnt=0) 0x") != NULL);
	CHECK(strstr(text, "\n  access-list s2s line 1 extended permit ip 192.168.201.0 255.255.255.0 172.16.10.0 255.255.255.0 (hitcnt=1) 0x") != NULL);
	CHECK(strstr(text, "\naccess-list s2s line 2 extended deny tcp host 10.1.1.1 neq ssh any (hitcnt=1) 0x") != NULL);
	free(text);

	/* forward reference: accepted, flagged, and no selector until it exists */
	CHECK(strstr(run(&b, "access-list fwd extended permit ip object-group LATER any"), "LATER is not defined yet") != NULL);
	CHECK(acl_expand(b.rd.config, "fwd", &sel) && sel.n == 0 && sel.unresolved == 1);
	acl_selectors_free(&sel);
	run_ok(&b, "object-group network LATER");
	run_ok(&b, " network-object host 10.0.0.1");
	run_ok(&b, "exit");
	CHECK(acl_expand(b.rd.config, "fwd", &sel) && sel.n == 1 && sel.unresolved == 0);
	acl_selectors_free(&sel);
	box_close(&b);
}

/* ---- IOS ---- */

static void test_ios_numbered(void)
{
	struct box b;
	char *text;

	box_open(&b, GP_IOS);
	run_ok(&b, "access-list 101 permit ip 10.0.0.0 0.255.255.255 192.168.0.0 0.0.255.255");
	run_ok(&b, "access-list 100 permit ip 1.1.1.1 0.0.0.0 2.2.2.2 0.0.0.0");
	run_ok(&b, "access-list 100 permit tcp 10.1.1.5 0.0.0.255 any eq 80 established");
	run_ok(&b, "access-list 100 permit udp any eq 500 host 9.9.9.9 eq 4500 log");
	run_ok(&b, "access-list 100 permit 51 any 0.0.0.0 255.255.255.255");
	run_ok(&b, "access-list 10 permit 10.1.1.1");
	run_ok(&b, "access-list 10 deny any log");
	run_ok(&b, "access-list 10 permit 10.2.0.0 0.0.255.255");
	text = render_acl_sections(b.rd.config, GP_IOS);
	CHECK_STR(text,
		  "access-list 10 permit 10.1.1.1\n"
		  "access-list 10 deny any log\n"
		  "access-list 10 permit 10.2.0.0 0.0.255.255\n"
		  "access-list 100 permit ip host 1.1.1.1 host 2.2.2.2\n"
		  "access-list 100 permit tcp 10.1.1.0 0.0.0.255 any eq www established\n"
		  "access-list 100 permit udp any eq isakmp host 9.9.9.9 eq non500-isakmp log\n"
		  "access-list 100 permit ahp any any\n"
		  "access-list 101 permit ip 10.0.0.0 0.255.255.255 192.168.0.0 0.0.255.255\n"
		  "!\n");
	free(text);
	acl_hit(b.rd.config, "10", 0);
	acl_hit(b.rd.config, "10", 0);
	text = exec_show(&b, "show access-lists 10");
	CHECK_STR(text,
		  "Standard IP access list 10\n"
		  "    10 permit 10.1.1.1 (2 matches)\n"
		  "    20 deny   any log\n"
		  "    30 permit 10.2.0.0, wildcard bits 0.0.255.255\n");
	free(text);
	/* classic IOS: `no access-list N ...` removes the whole list */
	run_ok(&b, "no access-list 100 permit ip host 1.1.1.1 host 2.2.2.2");
	CHECK(!acl_exists(b.rd.config, "100"));
	box_close(&b);
}

static void test_ios_named(void)
{
	struct box b;
	char *text;

	box_open(&b, GP_IOS);
	run_ok(&b, "ip access-list extended PROXY_ACL");
	run_ok(&b, " permit ip 192.168.0.0 0.0.255.255 192.168.0.0 0.0.255.255");
	run_ok(&b, " 5 deny ip host 192.168.1.1 any");
	run_ok(&b, " remark keep this");
	run_ok(&b, " permit icmp any any echo-reply");
	CHECK_STR(run(&b, " 5 permit ip any any"), "% Duplicate sequence number\n");
	run_ok(&b, "exit");
	run_ok(&b, "ip access-list standard 20");
	run_ok(&b, " permit 172.16.0.0 0.0.255.255");
	run_ok(&b, "exit");
	CHECK_STR(run(&b, "ip access-list extended 20"), "% Access-list type conflicts with prior definition\n");
	text = render_acl_sections(b.rd.config, GP_IOS);
	CHECK_STR(text,
		  "ip access-list extended PROXY_ACL\n"
		  " deny ip host 192.168.1.1 any\n"
		  " permit ip 192.168.0.0 0.0.255.255 192.168.0.0 0.0.255.255\n"
		  " remark keep this\n"
		  " permit icmp any any echo-reply\n"
		  "!\n"
		  "access-list 20 permit 172.16.0.0 0.0.255.255\n"
		  "!\n");
	free(text);
	text = exec_show(&b, "show ip access-lists PROXY_ACL");
	CHECK_STR(text,
		  "Extended IP access list PROXY_ACL\n"
		  "    5 deny ip host 192.168.1.1 any\n"
		  "    10 permit ip 192.168.0.0 0.0.255.255 192.168.0.0 0.0.255.255\n"
		  "    30 permit icmp any any echo-reply\n");
	free(text);
	run_ok(&b, "ip access-list extended PROXY_ACL");
	run_ok(&b, " no 5");
	run_ok(&b, " no permit icmp any any echo-reply");
	run_ok(&b, "end");
	CHECK(acl_find(b.rd.config, "PROXY_ACL")->nentries == 2);
	box_close(&b);
}

static void test_ios_wildcards(void)
{
	struct box b;
	struct acl_selectors sel;

	box_open(&b, GP_IOS);
	run_ok(&b, "access-list 120 permit ip 10.0.0.0 0.0.1.0 any");       /* one hole: two /32 */
	run_ok(&b, "access-list 121 permit ip 10.0.0.0 0.0.255.0 any");     /* eight holes: widened */
	run_ok(&b, "access-list 122 permit ip 10.0.0.0 0.0.3.255 any");     /* contiguous: a /22 */
	CHECK(acl_expand(b.rd.config, "120", &sel) && sel.n == 2);
	if (sel.n == 2) {
		CHECK(sel.v[0].src.s_addr == ip("10.0.1.0").s_addr && sel.v[0].src_mask.s_addr == 0xffffffffu);
		CHECK(sel.v[1].src.s_addr == ip("10.0.0.0").s_addr && !sel.v[1].flags);
	}
	acl_selectors_free(&sel);
	CHECK(acl_expand(b.rd.config, "121", &sel) && sel.n == 1);
	if (sel.n == 1)
		CHECK(sel.v[0].src_mask.s_addr == ip("255.255.0.0").s_addr && (sel.v[0].flags & ACL_SEL_WIDENED));
	acl_selectors_free(&sel);
	CHECK(acl_expand(b.rd.config, "122", &sel) && sel.n == 1);
	if (sel.n == 1)
		CHECK(sel.v[0].src_mask.s_addr == ip("255.255.252.0").s_addr && sel.v[0].dst_mask.s_addr == 0);
	acl_selectors_free(&sel);
	box_close(&b);
}

/* A list typed on the ASA renders on IOS with wildcard bits, and loads there. */
static void test_translate(void)
{
	struct box asa, ios;
	char *text;

	box_open(&asa, GP_ASA);
	run_ok(&asa, "access-list PROXY_ACL extended permit ip 192.168.0.0 255.255.0.0 192.168.1.0 255.255.255.0");
	run_ok(&asa, "access-list PROXY_ACL extended permit tcp any host 10.1.1.1 eq https");
	text = render(asa.rd.config, GP_IOS, NULL, NULL);
	CHECK(strstr(text, "ip access-list extended PROXY_ACL\n"
			   " permit ip 192.168.0.0 0.0.255.255 192.168.1.0 0.0.0.255\n"
			   " permit tcp any host 10.1.1.1 eq 443\n") != NULL);
	box_open(&ios, GP_IOS);
	run_ok(&ios, "ip access-list extended PROXY_ACL");
	run_ok(&ios, " permit ip 192.168.0.0 0.0.255.255 192.168.1.0 0.0.0.255");
	run_ok(&ios, " permit tcp any host 10.1.1.1 eq 443");
	run_ok(&ios, "end");
	free(text);
	text = render(ios.rd.config, GP_ASA, "access-list", NULL);
	CHECK_STR(text, "access-list PROXY_ACL extended permit ip 192.168.0.0 255.255.0.0 192.168.1.0 255.255.255.0 \n"
			"access-list PROXY_ACL extended permit tcp any host 10.1.1.1 eq https \n");
	free(text);
	box_close(&asa);
	box_close(&ios);
}

int main(void)
{
	test_asa_render();
	test_asa_errors();
	test_asa_line_insert();
	test_asa_expand_and_show();
	test_ios_numbered();
	test_ios_named();
	test_ios_wildcards();
	test_translate();
	return check_done("test_acl");
}
