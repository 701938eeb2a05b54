/* The system area and the EXEC verbs through the real grammar and session: hostname and
 * prompt, enable and its secrets (new and imported hashes), users and their login
 * privilege, interface names, `show running-config` sections, saving and loading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "platform/daemon.h"
#include "running-config/area.h"
#include "running-config/persist.h"
#include "running-config/system.h"
#include "shell/session.h"

struct box {
	struct rampartd rd;
	struct session *s;
	char dir[64];
};

static void box_open(struct box *b, enum grammar_personality p)
{
	size_t n;
	struct command_table *tables = areas_command_tables(&n);

	memset(b, 0, sizeof(*b));
	snprintf(b->dir, sizeof(b->dir), "/tmp/test_system.XXXXXX");
	CHECK(mkdtemp(b->dir) != NULL);
	b->rd.boot.startup_config = xasprintf("%s/startup-config", b->dir);
	b->rd.personality = p;
	b->rd.grammar = grammar_new(tables, n);
	free(tables);
	b->rd.config = running_config_new(p);
	b->s = session_new(&b->rd, SESSION_VTY, "admin", 1000, 15);
}

static void box_close(struct box *b)
{
	char *cmd = xasprintf("rm -rf '%s'", b->dir);

	session_free(b->s);
	running_config_free(b->rd.config);
	grammar_free(b->rd.grammar);
	free(b->rd.boot.startup_config);
	CHECK(system(cmd) == 0);
	free(cmd);
}

static const char *run(struct box *b, const char *line)
{
	session_exec(b->s, line);
	return b->s->out.s ? b->s->out.s : "";
}

static enum exec_status status_of(struct box *b, const char *line)
{
	return session_exec(b->s, line);
}

static char *prompt(struct box *b)
{
	struct strbuf p;

	sb_init(&p);
	session_prompt(b->s, &p);
	return sb_steal(&p);
}

static void check_prompt(struct box *b, const char *want)
{
	char *got = prompt(b);

	CHECK_STR(got, want);
	free(got);
}

static void test_prompts_and_hostname(void)
{
	struct box b;

	box_open(&b, GP_IOS);
	check_prompt(&b, "Router#");
	CHECK_STR(run(&b, "conf t"), "Enter configuration commands, one per line.  End with CNTL/Z.\n");
	check_prompt(&b, "Router(config)#");
	run(&b, "hostname R1");
	check_prompt(&b, "R1(config)#");
	CHECK(strstr(run(&b, "hostname 1bad"), "% Hostname contains one or more illegal characters.") != NULL);
	check_prompt(&b, "R1(config)#");
	run(&b, "int g0/1");
	check_prompt(&b, "R1(config-if)#");
	run(&b, "end");
	check_prompt(&b, "R1#");
	run(&b, "disable");
	check_prompt(&b, "R1>");
	box_close(&b);

	box_open(&b, GP_ASA);
	check_prompt(&b, "ciscoasa# ");
	CHECK_STR(run(&b, "configure terminal"), "");
	check_prompt(&b, "ciscoasa(config)# ");
	sys_set_default_hostname(b.rd.config, "from-bootstrap");
	check_prompt(&b, "from-bootstrap(config)# ");
	run(&b, "hostname fw1");
	check_prompt(&b, "fw1(config)# ");
	run(&b, "no hostname");
	check_prompt(&b, "from-bootstrap(config)# ");
	box_close(&b);
}

/* enable: the password is asked without echo and checked against the stored hash. */
static void check_enable(struct box *b, const char *pw, bool want_ok)
{
	run(b, "end");
	run(b, "disable");
	CHECK(status_of(b, "enable") == EXEC_SECRET);
	if (!want_ok && session_personality(b->s) == GP_IOS) {
		/* IOS asks three times before giving up */
		CHECK(session_answer(b->s, pw) == EXEC_SECRET);
		CHECK(session_answer(b->s, pw) == EXEC_SECRET);
	}
	CHECK(session_answer(b->s, pw) == (want_ok ? EXEC_OK : EXEC_FAILED));
	if (!want_ok)
		CHECK(strstr(b->s->out.s, session_personality(b->s) == GP_IOS ? "% Bad secrets" : "Invalid password"));
	CHECK(b->s->privilege == (want_ok ? 15u : 1u));
	b->s->privilege = 15;
	run(b, "configure terminal");
}

static void test_ios_secrets(void)
{
	struct box b;
	const char *out;

	box_open(&b, GP_IOS);
	CHECK(strstr(run(&b, "enable"), "") != NULL);
	run(&b, "disable");
	CHECK(status_of(&b, "enable") == EXEC_FAILED);
	CHECK(strstr(b.s->out.s, "% No password set") != NULL);
	b.s->privilege = 15;
	run(&b, "configure terminal");
	run(&b, "enable secret s3cret");
	out = run(&b, "do show running-config | include enable");
	CHECK(strstr(out, "enable secret 9 $9$") != NULL);
	check_enable(&b, "s3cret", true);
	check_enable(&b, "wrong", false);
	/* a mistyped first answer, then the right one */
	run(&b, "end");
	run(&b, "disable");
	CHECK(status_of(&b, "enable") == EXEC_SECRET);
	CHECK(session_answer(b.s, "wrnog") == EXEC_SECRET);
	CHECK(session_answer(b.s, "s3cret") == EXEC_OK);
	CHECK(b.s->privilege == 15);
	run(&b, "configure terminal");
	/* imported hashes: type 5 of "cisco" (md5crypt) */
	run(&b, "enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0");
	check_enable(&b, "cisco", true);
	check_enable(&b, "Cisco", false);
	CHECK(strstr(run(&b, "enable secret 5 notahash"), "not a valid encrypted secret") != NULL);
	run(&b, "no enable secret");
	run(&b, "enable password plain1");
	check_enable(&b, "plain1", true);
	box_close(&b);
}

static void test_asa_enable_and_users(void)
{
	struct box b;
	const char *out;

	box_open(&b, GP_ASA);
	/* ASA with no enable password: Enter opens privileged EXEC */
	check_enable(&b, "", true);
	run(&b, "enable password Adm1n!");
	out = run(&b, "show running-config enable");
	CHECK_STR(out, "enable password ***** pbkdf2\n");
	check_enable(&b, "Adm1n!", true);
	check_enable(&b, "adm1n!", false);
	/* the ASA MD5 form of an empty password, as real configs carry it */
	run(&b, "enable password 8Ry2YjIyt7RRXU24 encrypted");
	check_enable(&b, "", true);
	run(&b, "username alice password pw1 privilege 15");
	run(&b, "username bob password pw2");
	CHECK(session_user_privilege(&b.rd, "alice") == 15);
	CHECK(session_user_privilege(&b.rd, "bob") == 1);
	CHECK(session_user_privilege(&b.rd, "carol") == 1);
	CHECK(session_user_privilege(&b.rd, "root") == 15);
	out = run(&b, "show running-config username");
	CHECK(strstr(out, "username alice password ***** pbkdf2 privilege 15\n") != NULL);
	CHECK(strstr(out, "username bob password ***** pbkdf2\n") != NULL);
	run(&b, "no username bob");
	CHECK(session_user_privilege(&b.rd, "alice") == 15);
	CHECK(strstr(run(&b, "show running-config username"), "bob") == NULL);
	box_close(&b);
}

static void test_iface_names(void)
{
	static const struct { const char *typed, *want; } cases[] = {
		{ "g0/0", "GigabitEthernet0/0" }, { "Gi0/1", "GigabitEthernet0/1" },
		{ "gigabitethernet0/2.100", "GigabitEthernet0/2.100" }, { "fa0/1", "FastEthernet0/1" },
		{ "se0/3/0", "Serial0/3/0" }, { "tun10", "Tunnel10" }, { "lo0", "Loopback0" },
		{ "Management0/0", "Management0/0" }, { "e0/0", "Ethernet0/0" },
	};
	char buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *got = iface_canonical(cases[i].typed, buf, sizeof(buf));
		CHECK(got != NULL);
		if (got)
			CHECK_STR(got, cases[i].want);
	}
	CHECK(iface_canonical("bogus0/0", buf, sizeof(buf)) == NULL);
	CHECK(iface_canonical("g", buf, sizeof(buf)) == NULL);
	CHECK(iface_canonical("g0/0/0/0/0", buf, sizeof(buf)) == NULL);
	CHECK(iface_canonical("g0/x", buf, sizeof(buf)) == NULL);
}

static void test_interfaces(void)
{
	struct box b;
	const char *out;

	box_open(&b, GP_ASA);
	run(&b, "configure terminal");
	CHECK_STR(run(&b, "interface GigabitEthernet 0/1"), "");
	CHECK_STR(run(&b, "nameif inside"), "INFO: Security level for \"inside\" set to 100 by default.\n");
	run(&b, "ip address 10.1.1.1 255.255.255.0");
	CHECK(strstr(run(&b, "ip address 10.1.1.1 255.0.255.0"), "ERROR: ") != NULL);
	run(&b, "interface g0/0");
	run(&b, "nameif outside");
	run(&b, "shutdown");
	CHECK(strstr(run(&b, "nameif inside"), "already in use") != NULL);
	CHECK_STR(iface_by_nameif(b.rd.config, "inside"), "GigabitEthernet0/1");
	out = run(&b, "show running-config interface");
	CHECK_STR(out, "!\ninterface GigabitEthernet0/1\n nameif inside\n security-level 100\n"
		  " ip address 10.1.1.1 255.255.255.0 \n!\n"
		  "interface GigabitEthernet0/0\n shutdown\n nameif outside\n security-level 0\n no ip address\n!\n");
	box_close(&b);

	box_open(&b, GP_IOS);
	run(&b, "configure terminal");
	run(&b, "interface Gi0/0");
	run(&b, "description uplink to ISP");
	run(&b, "ip address 198.51.100.1 255.255.255.252");
	run(&b, "exit");
	CHECK(strstr(run(&b, "do show running-config"), "interface GigabitEthernet0/0\n description uplink to ISP\n"
		      " ip address 198.51.100.1 255.255.255.252\n!\n") != NULL);
	box_close(&b);
}

static void test_show_running_sections(void)
{
	struct box b;
	const char *out;

	box_open(&b, GP_ASA);
	run(&b, "configure terminal");
	run(&b, "crypto ikev1 policy 10");
	run(&b, "encryption aes-256");
	run(&b, "exit");
	run(&b, "tunnel-group 192.0.2.2 type ipsec-l2l");
	run(&b, "tunnel-group 192.0.2.3 type ipsec-l2l");
	out = run(&b, "sh run cry ikev1");
	CHECK(strncmp(out, "crypto ikev1 policy 10\n", 23) == 0);
	CHECK(strstr(out, "tunnel-group") == NULL);
	out = run(&b, "show running-config tunnel-group 192.0.2.3");
	CHECK(strstr(out, "192.0.2.3") != NULL);
	CHECK(strstr(out, "192.0.2.2") == NULL);
	out = run(&b, "show running-config nonsense");
	CHECK(strstr(out, "ERROR: % Invalid input detected at '^' marker.") != NULL);
	/* the caret sits under the bad word: "ciscoasa(config)# " + "show running-config " */
	CHECK(strspn(out, " ") == 38 && out[38] == '^');
	out = run(&b, "show running-config");
	CHECK(strncmp(out, ": Saved\n", 8) == 0);
	CHECK(strstr(out, "\nCryptochecksum:") != NULL);
	CHECK(strlen(out) > 6 && !strcmp(out + strlen(out) - 6, ": end\n"));
	box_close(&b);

	box_open(&b, GP_IOS);
	out = run(&b, "show running-config");
	CHECK(strncmp(out, "Building configuration...\n\nCurrent configuration : ", 51) == 0);
	CHECK(strlen(out) > 5 && !strcmp(out + strlen(out) - 5, "\nend\n"));
	box_close(&b);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	struct strbuf t;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	sb_init(&t);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&t, buf, n);
	fclose(f);
	return sb_steal(&t);
}

/* write memory, then a fresh daemon state loads the file and renders the same text. */
static void check_save_load(enum grammar_personality p, const char *const *lines, size_t n)
{
	struct box b, again;
	char *saved, *resaved;

	box_open(&b, p);
	run(&b, "configure terminal");
	for (size_t i = 0; i < n; i++)
		CHECK(status_of(&b, lines[i]) == EXEC_OK);
	run(&b, "end");
	CHECK(strstr(run(&b, "write memory"), "[OK]") != NULL);
	CHECK(b.rd.saved_generation == b.rd.config->generation);
	saved = read_file(b.rd.boot.startup_config);
	CHECK(saved != NULL);

	box_open(&again, p);
	free(again.rd.boot.startup_config);
	again.rd.boot.startup_config = xstrdup(b.rd.boot.startup_config);
	CHECK(config_load_file(&again.rd, again.rd.boot.startup_config) == 0);
	free(again.rd.boot.startup_config);
	again.rd.boot.startup_config = xasprintf("%s/startup-config", again.dir);
	run(&again, "write memory");
	resaved = read_file(again.rd.boot.startup_config);
	CHECK(resaved != NULL);
	if (saved && resaved)
		CHECK_STR(resaved, saved);
	/* a second save keeps the first as the backup */
	run(&b, "configure terminal");
	run(&b, "hostname changed");
	run(&b, "end");
	run(&b, "write memory");
	{
		char *bak_path = xasprintf("%s.bak", b.rd.boot.startup_config);
		char *bak = read_file(bak_path);
		CHECK(bak && saved && !strcmp(bak, saved));
		free(bak);
		free(bak_path);
	}
	free(saved);
	free(resaved);
	box_close(&again);
	box_close(&b);
}

static void test_save_load_round_trip(void)
{
	static const char *const asa[] = {
		"hostname fw1", "enable password s3cret", "username admin password pw privilege 15",
		"interface g0/0", "nameif outside", "ip address 192.0.2.1 255.255.255.0", "exit",
		"interface g0/1", "nameif inside", "ip address 10.1.0.1 255.255.255.0", "exit",
		"access-list VPN extended permit ip 10.1.0.0 255.255.255.0 10.2.0.0 255.255.255.0",
		"crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac",
		"crypto map CM 10 match address VPN", "crypto map CM 10 set peer 192.0.2.2",
		"crypto map CM 10 set ikev1 transform-set TS", "crypto map CM interface outside",
		"crypto ikev1 enable outside", "crypto ikev1 policy 10", "encryption aes-256", "exit",
		"tunnel-group 192.0.2.2 type ipsec-l2l", "tunnel-group 192.0.2.2 ipsec-attributes",
		"ikev1 pre-shared-key sekrit", "exit",
	};
	static const char *const ios[] = {
		"hostname R1", "enable secret s3cret", "username admin privilege 15 secret pw",
		"crypto isakmp policy 10", "encr aes 256", "authentication pre-share", "group 14", "exit",
		"crypto isakmp key sekrit address 192.0.2.1",
		"crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac", "exit",
		"access-list 101 permit ip 10.2.0.0 0.0.0.255 10.1.0.0 0.0.0.255",
		"crypto map CM 10 ipsec-isakmp", "set peer 192.0.2.1", "set transform-set TS", "match address 101",
		"exit", "interface g0/0", "ip address 192.0.2.2 255.255.255.0", "crypto map CM", "exit",
	};

	check_save_load(GP_ASA, asa, ARRAY_SIZE(asa));
	check_save_load(GP_IOS, ios, ARRAY_SIZE(ios));
}

static void test_load_skips_bad_lines(void)
{
	struct box b;
	FILE *f;

	box_open(&b, GP_IOS);
	f = fopen(b.rd.boot.startup_config, "w");
	CHECK(f != NULL);
	fputs("enable\nconf t\nBuilding configuration...\n\nCurrent configuration : 99 bytes\n!\nversion 15.2\n"
	      "hostname R9\nthis is not a command\ncrypto isakmp policy 10\n encr aes\n"
	      "crypto isakmp policy 20\n encr 3des\n bogus inside\ninterface g0/0\n shutdown\nend\n", f);
	fclose(f);
	CHECK(config_load_file(&b.rd, b.rd.boot.startup_config) == 2);
	CHECK_STR(sys_hostname(b.rd.config), "R9");
	CHECK(strstr(run(&b, "show running-config"), "crypto isakmp policy 20\n encr 3des\n") != NULL);
	CHECK(sys_iface_find(b.rd.config, "GigabitEthernet0/0")->shutdown);
	CHECK(config_load_file(&b.rd, "/nonexistent/startup-config") == 0);
	box_close(&b);
}

static void test_erase(void)
{
	struct box b;

	box_open(&b, GP_IOS);
	run(&b, "write memory");
	CHECK(access(b.rd.boot.startup_config, F_OK) == 0);
	CHECK(status_of(&b, "write erase") == EXEC_CONFIRM);
	CHECK(session_answer(b.s, "") == EXEC_OK);
	CHECK(strstr(b.s->out.s, "Erase of nvram: complete") != NULL);
	CHECK(access(b.rd.boot.startup_config, F_OK) != 0);
	CHECK_STR(run(&b, "show startup-config"), "startup-config is not present\n");
	box_close(&b);
}

int main(void)
{
	test_prompts_and_hostname();
	test_ios_secrets();
	test_asa_enable_and_users();
	test_iface_names();
	test_interfaces();
	test_show_running_sections();
	test_save_load_round_trip();
	test_load_skips_bad_lines();
	test_erase();
	return check_done("system");
}
