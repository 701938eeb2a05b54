/* The device-level show commands through the real grammar and session: uptime wording
 * for long and short uptimes in both personalities, show clock's layout, the brief
 * interface tables column by column with a real Linux link (lo) and a missing one, and
 * which of them user EXEC may run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "platform/daemon.h"
#include "running-config/area.h"
#include "shell/session.h"

struct box {
	struct rampartd rd;
	struct session *s;
};

/* A daemon as rampartd sets it up, GigabitEthernet0/0 mapped to lo (every box has
 * it, up and running) and GigabitEthernet0/1 to a link that does not exist. */
static void box_open(struct box *b, enum grammar_personality p, unsigned privilege)
{
	size_t n;
	struct command_table *tables = areas_command_tables(&n);

	memset(b, 0, sizeof(*b));
	bootstrap_defaults(&b->rd.boot);
	b->rd.boot.ifaces = xcalloc(2, sizeof(*b->rd.boot.ifaces));
	b->rd.boot.ifaces[0] = (struct iface_map){ xstrdup("GigabitEthernet0/0"), xstrdup("lo") };
	b->rd.boot.ifaces[1] = (struct iface_map){ xstrdup("GigabitEthernet0/1"), xstrdup("rpt-test-nolink") };
	b->rd.boot.nifaces = 2;
	b->rd.personality = p;
	b->rd.grammar = grammar_new(tables, n);
	free(tables);
	b->rd.config = running_config_new(p);
	b->rd.boot_time = (long)time(NULL);
	b->s = session_new(&b->rd, SESSION_VTY, "admin", 1000, privilege);
}

static void box_close(struct box *b)
{
	session_free(b->s);
	running_config_free(b->rd.config);
	grammar_free(b->rd.grammar);
	bootstrap_free(&b->rd.boot);
}

static const char *run(struct box *b, const char *line)
{
	session_exec(b->s, line);
	return b->s->out.s ? b->s->out.s : "";
}

/* The line of text holding needle, without its newline. */
static const char *line_with(const char *text, const char *needle, char *buf, size_t len)
{
	const char *at = strstr(text, needle), *start, *end;

	if (!at)
		return "(missing)";
	for (start = at; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(at, '\n');
	snprintf(buf, len, "%.*s", (int)(end ? end - start : (long)strlen(start)), start);
	return buf;
}

static const char *uptime_line(enum grammar_personality p, long seconds, char *buf, size_t len)
{
	struct box b;
	const char *line;

	box_open(&b, p, 15);
	run(&b, "configure terminal");
	run(&b, "hostname gw");
	run(&b, "end");
	b.rd.boot_time -= seconds;
	line = line_with(run(&b, "show version"), p == GP_IOS ? " uptime is " : "gw up ", buf, len);
	box_close(&b);
	return line;
}

static void test_uptime(void)
{
	char buf[256];
	const long m = 60, h = 3600, d = 86400;

	CHECK_STR(uptime_line(GP_IOS, 30, buf, sizeof(buf)), "gw uptime is 0 minutes");
	CHECK_STR(uptime_line(GP_IOS, m + 5, buf, sizeof(buf)), "gw uptime is 1 minute");
	CHECK_STR(uptime_line(GP_IOS, 3 * h + 4 * m, buf, sizeof(buf)), "gw uptime is 3 hours, 4 minutes");
	CHECK_STR(uptime_line(GP_IOS, 7 * d + 2 * d + 3 * h + 4 * m + 30, buf, sizeof(buf)),
		  "gw uptime is 1 week, 2 days, 3 hours, 4 minutes");
	CHECK_STR(uptime_line(GP_IOS, 365 * d + 14 * d + h, buf, sizeof(buf)),
		  "gw uptime is 1 year, 2 weeks, 0 days, 1 hour, 0 minutes");
	CHECK_STR(uptime_line(GP_ASA, 5, buf, sizeof(buf)), "gw up 5 secs");
	CHECK_STR(uptime_line(GP_ASA, 3 * m + 23, buf, sizeof(buf)), "gw up 3 mins 23 secs");
	CHECK_STR(uptime_line(GP_ASA, 41 * d + 19 * h + 7 * m, buf, sizeof(buf)), "gw up 41 days 19 hours");
	CHECK_STR(uptime_line(GP_ASA, d + 30, buf, sizeof(buf)), "gw up 1 day 0 hours");
	CHECK_STR(uptime_line(GP_ASA, 400 * d, buf, sizeof(buf)), "gw up 1 year 35 days");
}

static void check_clock(enum grammar_personality p)
{
	static const char days[] = "SunMonTueWedThuFriSat", months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct box b;
	char day[4], month[4], rest[8] = "";
	int hh, mm, ss, ms, mday, year;
	const char *out, *text;

	box_open(&b, p, 1);
	out = run(&b, "show clock");
	/* IOS marks a clock nothing has synchronised with '*'; ASA prints none */
	text = p == GP_IOS && out[0] == '*' ? out + 1 : out;
	CHECK((p == GP_IOS) == (out[0] == '*'));
	CHECK(sscanf(text, "%2d:%2d:%2d.%3d UTC %3s %3s %d %d%7c", &hh, &mm, &ss, &ms, day, month, &mday, &year,
		     rest) == 9);
	CHECK_STR(rest, "\n");
	CHECK(strstr(days, day) != NULL && strstr(months, month) != NULL);
	CHECK(hh < 24 && mm < 60 && ss < 61 && ms < 1000 && mday >= 1 && mday <= 31 && year >= 2024);
	/* the day of the month unpadded, as the device prints it */
	CHECK(strstr(text, " 0") == NULL);
	out = run(&b, "show clock detail");
	if (p == GP_IOS)
		CHECK(strstr(out, " UTC ") != NULL && strstr(out, "\nNo time source\n") != NULL);
	else
		CHECK(strstr(out, "Invalid input") != NULL);
	box_close(&b);
}

static void configure_ios_interfaces(struct box *b)
{
	run(b, "configure terminal");
	run(b, "interface GigabitEthernet0/0");
	run(b, "ip address 192.0.2.1 255.255.255.0");
	run(b, "no shutdown");
	run(b, "interface GigabitEthernet0/1");
	run(b, "ip address 10.1.1.1 255.255.255.0");
	run(b, "no shutdown");
	run(b, "interface GigabitEthernet0/2");
	run(b, "shutdown");
	run(b, "end");
}

static void test_ios_brief(void)
{
	struct box b;

	box_open(&b, GP_IOS, 15);
	configure_ios_interfaces(&b);
	CHECK_STR(run(&b, "show ip interface brief"),
		  "Interface              IP-Address      OK? Method Status                Protocol\n"
		  "GigabitEthernet0/0     192.0.2.1       YES manual up                    up      \n"
		  "GigabitEthernet0/1     10.1.1.1        YES manual down                  down    \n"
		  "GigabitEthernet0/2     unassigned      YES unset  administratively down down    \n");
	CHECK(strncmp(run(&b, "show interfaces g0/0"), "GigabitEthernet0/0 is up, line protocol is up \n"
			  "  Hardware is Linux link lo, address is 0000.0000.0000 (bia 0000.0000.0000)\n"
			  "  Internet address is 192.0.2.1/24\n  MTU ", 140) == 0);
	CHECK(strstr(run(&b, "show interfaces g0/9"), "% Invalid input detected at '^' marker.") != NULL);
	/* user EXEC reads the tables but not the configuration */
	b.s->privilege = 1;
	CHECK(strncmp(run(&b, "show ip interface brief"), "Interface ", 10) == 0);
	CHECK(strstr(run(&b, "show version"), " uptime is ") != NULL);
	CHECK(strstr(run(&b, "show running-config"), "Invalid input") != NULL);
	box_close(&b);
}

static void test_asa_brief(void)
{
	struct box b;

	box_open(&b, GP_ASA, 15);
	run(&b, "configure terminal");
	run(&b, "interface GigabitEthernet0/0");
	run(&b, "nameif outside");
	run(&b, "ip address 192.0.2.1 255.255.255.0");
	run(&b, "no shutdown");
	run(&b, "interface GigabitEthernet0/1");
	run(&b, "no shutdown");
	run(&b, "interface Management0/0");
	run(&b, "shutdown");
	run(&b, "end");
	CHECK_STR(run(&b, "show interface ip brief"),
		  "Interface                  IP-Address      OK? Method Status                Protocol\n"
		  "GigabitEthernet0/0         192.0.2.1       YES CONFIG up                    up\n"
		  "GigabitEthernet0/1         unassigned      YES unset  down                  down\n"
		  "Management0/0              unassigned      YES unset  administratively down down\n");
	CHECK(strncmp(run(&b, "show interface outside"),
		      "Interface GigabitEthernet0/0 \"outside\", is up, line protocol is up\n", 66) == 0);
	CHECK_STR(run(&b, "show interface GigabitEthernet0/1"),
		  "Interface GigabitEthernet0/1 \"\", is down, line protocol is down\n"
		  "  Hardware is Linux link rpt-test-nolink (not present)\n"
		  "\tIP address unassigned\n");
	CHECK(strstr(run(&b, "show ip interface brief"), "ERROR: % Invalid input") != NULL);
	box_close(&b);
}

int main(void)
{
	test_uptime();
	check_clock(GP_IOS);
	check_clock(GP_ASA);
	test_ios_brief();
	test_asa_brief();
	return check_done("system_show");
}
