/* The device-level show commands: show version, show clock and the interface
 * tables, in the layouts the devices print (so screen-scrapers written for them parse
 * Rampart too). Interface state comes from the Linux link each interface is mapped
 * to in the bootstrap file, read through rtnetlink. */
#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <linux/if.h>
#include <netlink/route/link.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <config.h>   /* the build's, not running-config/config.h */
#include "platform/daemon.h"
#include "running-config/area.h"
#include "running-config/system.h"
#include "shell/session.h"

/* ---- what the box can tell about itself ---- */

/* The state of one Linux link; present is false when there is no such link. */
struct link_state {
	bool present, admin_up, running;
	unsigned mtu;
	bool has_mac;
	unsigned char mac[6];
	uint64_t rx_packets, rx_bytes, rx_errors, rx_dropped;
	uint64_t tx_packets, tx_bytes, tx_errors, tx_dropped;
};

static void link_copy_mac(struct rtnl_link *link, struct link_state *st)
{
	struct nl_addr *addr = rtnl_link_get_addr(link);

	if (addr && nl_addr_get_len(addr) == sizeof(st->mac)) {
		memcpy(st->mac, nl_addr_get_binary_addr(addr), sizeof(st->mac));
		st->has_mac = true;
	}
}

static void link_copy_stats(struct rtnl_link *link, struct link_state *st)
{
	st->rx_packets = rtnl_link_get_stat(link, RTNL_LINK_RX_PACKETS);
	st->rx_bytes = rtnl_link_get_stat(link, RTNL_LINK_RX_BYTES);
	st->rx_errors = rtnl_link_get_stat(link, RTNL_LINK_RX_ERRORS);
	st->rx_dropped = rtnl_link_get_stat(link, RTNL_LINK_RX_DROPPED);
	st->tx_packets = rtnl_link_get_stat(link, RTNL_LINK_TX_PACKETS);
	st->tx_bytes = rtnl_link_get_stat(link, RTNL_LINK_TX_BYTES);
	st->tx_errors = rtnl_link_get_stat(link, RTNL_LINK_TX_ERRORS);
	st->tx_dropped = rtnl_link_get_stat(link, RTNL_LINK_TX_DROPPED);
}

static void link_read(struct nl_sock *sk, const char *name, struct link_state *st)
{
	struct rtnl_link *link = NULL;

	memset(st, 0, sizeof(*st));
	if (!sk || rtnl_link_get_kernel(sk, 0, name, &link) < 0 || !link)
		return;
	st->present = true;
	st->admin_up = rtnl_link_get_flags(link) & IFF_UP;
	/* carrier: what Cisco calls the line protocol */
	st->running = rtnl_link_get_flags(link) & IFF_RUNNING;
	st->mtu = rtnl_link_get_mtu(link);
	link_copy_mac(link, st);
	link_copy_stats(link, st);
	rtnl_link_put(link);
}

static struct nl_sock *route_socket(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (sk && nl_connect(sk, NETLINK_ROUTE) < 0) {
		nl_socket_free(sk);
		sk = NULL;
	}
	return sk;
}

static void route_socket_free(struct nl_sock *sk)
{
	if (sk)
		nl_socket_free(sk);
}

/* The Linux link of a configured interface. */
static const char *iface_link(const struct session *s, const char *canonical)
{
	return s->rd ? bootstrap_link(&s->rd->boot, canonical) : canonical;
}

/* Cisco's words for one interface: status and line protocol. */
struct iface_words {
	const char *status, *protocol;
};

static struct iface_words iface_state_words(const struct sys_iface *ifc, const struct link_state *st)
{
	if (ifc->shutdown)
		return (struct iface_words){ "administratively down", "down" };
	if (!st->present || !st->admin_up)
		return (struct iface_words){ "down", "down" };
	return (struct iface_words){ "up", st->running ? "up" : "down" };
}

static const char *ipv4_text(struct in_addr a, char *buf, size_t len)
{
	return inet_ntop(AF_INET, &a, buf, (socklen_t)len);
}

static void mac_dotted(const struct link_state *st, char *buf, size_t len)
{
	static const unsigned char zero[6];
	const unsigned char *m = st->has_mac ? st->mac : zero;

	snprintf(buf, len, "%02x%02x.%02x%02x.%02x%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* A stable board serial: the first hex digits of the machine id, as Cisco serials are 11
 * characters of capitals and digits. */
static void board_serial(char *buf, size_t len)
{
	FILE *f = fopen("/etc/machine-id", "r");
	char id[64] = "";
	size_t n = 0;

	if (f) {
		if (!fgets(id, sizeof(id), f))
			id[0] = '\0';
		fclose(f);
	}
	for (const char *p = id; *p && n < 11 && n + 1 < len; p++)
		if (isxdigit((unsigned char)*p))
			buf[n++] = (char)toupper((unsigned char)*p);
	buf[n] = '\0';
	if (n == 0)
		snprintf(buf, len, "%08lX", (unsigned long)gethostid() & 0xffffffffUL);
}

/* The running executable, which is what "System image file" names on the device. */
static void image_path(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n <= 0)
		snprintf(buf, len, "rampartd");
	else
		buf[n] = '\0';
}

static long uptime_seconds(const struct session *s)
{
	long now = (long)time(NULL);
	long boot = s->rd && s->rd->boot_time ? s->rd->boot_time : now;

	return now > boot ? now - boot : 0;
}

static unsigned long memory_kib(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);

	return pages > 0 && page > 0 ? (unsigned long)pages * ((unsigned long)page / 1024) : 0;
}

/* ---- time as the devices print it ---- */

static void clock_text(const struct timeval *tv, char *buf, size_t len)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	time_t t = tv->tv_sec;

	gmtime_r(&t, &tm);
	/* the device's own names, whatever the locale */
	snprintf(buf, len, "%02d:%02d:%02d.%03ld UTC %s %s %d %d", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (long)(tv->tv_usec / 1000), days[tm.tm_wday], months[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
}

static void add_unit(char *buf, size_t len, long n, const char *unit, const char *sep)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s%ld %s%s", used ? sep : "", n, unit, n == 1 ? "" : "s");
}

/* IOS: "1 week, 2 days, 3 hours, 4 minutes" from the largest unit down to minutes. */
static void ios_uptime(long secs, char *buf, size_t len)
{
	static const struct { const char *unit; long size; } units[] = {
		{ "year", 365L * 86400 }, { "week", 7L * 86400 }, { "day", 86400 }, { "hour", 3600 }, { "minute", 60 },
	};
	bool started = false;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		long n = secs / units[i].size;

		secs %= units[i].size;
		started = started || n > 0 || i + 1 == ARRAY_SIZE(units);
		if (started)
			add_unit(buf, len, n, units[i].unit, ", ");
	}
}

/* ASA: the two largest units, "41 days 19 hours", "3 mins 23 secs". */
static void asa_uptime(long secs, char *buf, size_t len)
{
	static const struct { const char *unit; long size; } units[] = {
		{ "year", 365L * 86400 }, { "day", 86400 }, { "hour", 3600 }, { "min", 60 }, { "sec", 1 },
	};
	int printed = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(units) && printed < 2; i++) {
		long n = secs / units[i].size;

		secs %= units[i].size;
		if (printed || n > 0 || i + 1 == ARRAY_SIZE(units)) {
			add_unit(buf, len, n, units[i].unit, " ");
			printed++;
		}
	}
}

/* ---- show version ---- */

static void boot_clock_text(const struct session *s, char *buf, size_t len)
{
	struct timeval tv = { (time_t)(time(NULL) - uptime_seconds(s)), 0 };

	clock_text(&tv, buf, len);
	/* "14:03:11.000 UTC ..." -> "14:03:11 UTC ...": IOS prints whole seconds here */
	memmove(buf + 8, buf + 12, strlen(buf + 12) + 1);
}

static void ios_version(struct session *s)
{
	struct running_config *rc = session_config(s);
	char up[128], image[512], serial[32], restarted[64];
	struct utsname un;

	uname(&un);
	ios_uptime(uptime_seconds(s), up, sizeof(up));
	image_path(image, sizeof(image));
	board_serial(serial, sizeof(serial));
	boot_clock_text(s, restarted, sizeof(restarted));
	cli_printf(s, "Rampart Software, Linux Software (RAMPART-LINUX-M), Version %s, RELEASE SOFTWARE (%s)\n",
		   PACKAGE_VERSION, PACKAGE_TARNAME);
	cli_puts(s, "Rampart is not Cisco software; it speaks the IOS command language.\n\n");
	cli_printf(s, "ROM: Linux %s\n\n", un.release);
	cli_printf(s, "%s uptime is %s\n", sys_hostname(rc), up);
	cli_puts(s, "System returned to ROM by daemon start\n");
	cli_printf(s, "System restarted at %s\n", restarted);
	cli_printf(s, "System image file is \"system:%s\"\n", image);
	cli_puts(s, "Last reload reason: daemon start\n\n");
	cli_printf(s, "Rampart %s (Linux %s) processor with %luK bytes of memory.\n", un.machine, un.release,
		   memory_kib());
	cli_printf(s, "Processor board ID %s\n", serial);
	cli_printf(s, "%zu interfaces\n\n", sys_iface_count(rc));
	cli_puts(s, "Configuration register is 0x2102\n\n");
}

static void asa_version_interfaces(struct session *s, struct nl_sock *sk)
{
	struct running_config *rc = session_config(s);

	for (size_t i = 0; i < sys_iface_count(rc); i++) {
		const struct sys_iface *ifc = sys_iface_at(rc, i);
		const char *link = iface_link(s, ifc->name);
		struct link_state st;
		char mac[16];

		link_read(sk, link, &st);
		mac_dotted(&st, mac, sizeof(mac));
		cli_printf(s, "%2zu: Ext: %-20s: address is %s, link %s\n", i, ifc->name, mac, link);
	}
}

static void asa_version(struct session *s)
{
	struct running_config *rc = session_config(s);
	char up[64], image[512], serial[32];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct nl_sock *sk = route_socket();
	struct utsname un;

	uname(&un);
	asa_uptime(uptime_seconds(s), up, sizeof(up));
	image_path(image, sizeof(image));
	board_serial(serial, sizeof(serial));
	cli_printf(s, "Rampart Security Appliance Software Version %s (not Cisco; ASA command language)\n\n",
		   PACKAGE_VERSION);
	cli_printf(s, "System image file is \"%s\"\n", image);
	cli_puts(s, "Config file at boot was \"startup-config\"\n\n");
	cli_printf(s, "%s up %s\n\n", sys_hostname(rc), up);
	cli_printf(s, "Hardware:   Rampart %s, %lu MB RAM, Linux %s, %ld CPUs\n\n", un.machine, memory_kib() / 1024,
		   un.release, cpus > 0 ? cpus : 1);
	asa_version_interfaces(s, sk);
	route_socket_free(sk);
	cli_printf(s, "\nSerial Number: %s\n", serial);
	cli_puts(s, "Configuration register is 0x1\n");
}

static int cmd_show_version(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	if (session_personality(s) == GP_IOS)
		ios_version(s);
	else
		asa_version(s);
	return CMD_SUCCESS;
}

/* ---- show clock ---- */

static int cmd_show_clock(struct session *s, const struct cmd_args *a, bool no)
{
	struct timeval tv;
	char text[64];

	(void)no;
	gettimeofday(&tv, NULL);
	clock_text(&tv, text, sizeof(text));
	/* IOS marks a clock no NTP has set with '*'; Rampart leaves the clock to the host */
	cli_printf(s, "%s%s\n", session_personality(s) == GP_IOS ? "*" : "", text);
	/* Rampart runs no NTP of its own */
	if (arg_has(a, "detail"))
		cli_puts(s, "No time source\n");
	return CMD_SUCCESS;
}

/* ---- the brief interface tables ---- */

static void brief_row(struct session *s, struct nl_sock *sk, const struct sys_iface *ifc, int name_width)
{
	bool ios = session_personality(s) == GP_IOS;
	struct link_state st;
	struct iface_words w;
	char addr[INET_ADDRSTRLEN] = "unassigned";

	link_read(sk, iface_link(s, ifc->name), &st);
	w = iface_state_words(ifc, &st);
	if (ifc->has_addr)
		ipv4_text(ifc->addr, addr, sizeof(addr));
	cli_printf(s, "%-*s %-15s YES %-6s %-21s %s%s\n", name_width, ifc->name, addr,
		   ifc->has_addr ? (ios ? "manual" : "CONFIG") : "unset", w.status, w.protocol,
		   ios ? (strcmp(w.protocol, "up") ? "    " : "      ") : "");
}

static void show_brief(struct session *s, int name_width)
{
	struct running_config *rc = session_config(s);
	struct nl_sock *sk = route_socket();

	cli_printf(s, "%-*s %-15s OK? Method Status                Protocol\n", name_width, "Interface", "IP-Address");
	for (size_t i = 0; i < sys_iface_count(rc); i++)
		brief_row(s, sk, sys_iface_at(rc, i), name_width);
	route_socket_free(sk);
}

static int cmd_show_ip_interface_brief(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	show_brief(s, 22);
	return CMD_SUCCESS;
}

static int cmd_show_interface_ip_brief(struct session *s, const struct cmd_args *a, bool no)
{
	(void)a, (void)no;
	show_brief(s, 26);
	return CMD_SUCCESS;
}

/* ---- show interfaces ---- */

static int mask_bits(struct in_addr mask)
{
	return __builtin_popcount(mask.s_addr);
}

/* The link's counters, indented the device's way. */
static void link_counters(struct session *s, const struct link_state *st, const char *indent)
{
	cli_printf(s, "%s%" PRIu64 " packets input, %" PRIu64 " bytes, 0 no buffer\n", indent, st->rx_packets,
		   st->rx_bytes);
	cli_printf(s, "%s%" PRIu64 " input errors, %" PRIu64 " dropped\n", indent, st->rx_errors, st->rx_dropped);
	cli_printf(s, "%s%" PRIu64 " packets output, %" PRIu64 " bytes, 0 underruns\n", indent, st->tx_packets,
		   st->tx_bytes);
	cli_printf(s, "%s%" PRIu64 " output errors, %" PRIu64 " dropped\n", indent, st->tx_errors, st->tx_dropped);
}

static void ios_interface(struct session *s, const struct sys_iface *ifc, const struct link_state *st,
			  const char *link)
{
	struct iface_words w = iface_state_words(ifc, st);
	char mac[16], addr[INET_ADDRSTRLEN];

	mac_dotted(st, mac, sizeof(mac));
	cli_printf(s, "%s is %s, line protocol is %s \n", ifc->name, w.status, w.protocol);
	if (st->present)
		cli_printf(s, "  Hardware is Linux link %s, address is %s (bia %s)\n", link, mac, mac);
	else
		cli_printf(s, "  Hardware is Linux link %s (not present)\n", link);
	if (ifc->description)
		cli_printf(s, "  Description: %s\n", ifc->description);
	if (ifc->has_addr)
		cli_printf(s, "  Internet address is %s/%d\n", ipv4_text(ifc->addr, addr, sizeof(addr)),
			   mask_bits(ifc->mask));
	if (st->present) {
		cli_printf(s, "  MTU %u bytes\n", st->mtu);
		link_counters(s, st, "     ");
	}
}

static void asa_interface(struct session *s, const struct sys_iface *ifc, const struct link_state *st,
			  const char *link)
{
	struct iface_words w = iface_state_words(ifc, st);
	char mac[16], addr[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];

	mac_dotted(st, mac, sizeof(mac));
	cli_printf(s, "Interface %s \"%s\", is %s, line protocol is %s\n", ifc->name, ifc->nameif ? ifc->nameif : "",
		   w.status, w.protocol);
	cli_printf(s, "  Hardware is Linux link %s%s\n", link, st->present ? "" : " (not present)");
	if (ifc->description)
		cli_printf(s, "\tDescription: %s\n", ifc->description);
	if (st->present)
		cli_printf(s, "\tMAC address %s, MTU %u\n", mac, st->mtu);
	if (ifc->has_addr)
		cli_printf(s, "\tIP address %s, subnet mask %s\n", ipv4_text(ifc->addr, addr, sizeof(addr)),
			   ipv4_text(ifc->mask, mask, sizeof(mask)));
	else
		cli_puts(s, "\tIP address unassigned\n");
	if (st->present)
		link_counters(s, st, "\t");
}

static void show_one_interface(struct session *s, struct nl_sock *sk, const struct sys_iface *ifc)
{
	const char *link = iface_link(s, ifc->name);
	struct link_state st;

	link_read(sk, link, &st);
	if (session_personality(s) == GP_IOS)
		ios_interface(s, ifc, &st, link);
	else
		asa_interface(s, ifc, &st, link);
}

/* The interface typed: a Cisco name in any abbreviation, or (ASA) a nameif. */
static const struct sys_iface *typed_interface(struct session *s, const char *typed)
{
	struct running_config *rc = session_config(s);
	const char *by_nameif = iface_by_nameif(rc, typed);
	char canonical[64];

	if (by_nameif && session_personality(s) == GP_ASA)
		return sys_iface_find(rc, by_nameif);
	if (!iface_canonical(typed, canonical, sizeof(canonical)))
		return NULL;
	return sys_iface_find(rc, canonical);
}

/* The device's caret error under the word typed (the grammar accepted any word). */
static void invalid_at(struct session *s, const struct cmd_args *a, const char *word)
{
	const char *at = strstr(a->line, word);
	size_t col = at ? (size_t)(at - a->line) : 0;
	struct strbuf prompt;

	sb_init(&prompt);
	if (!session_replaying(s))
		session_prompt(s, &prompt);
	cli_printf(s, "%*s^\n", (int)(prompt.len + col), "");
	sb_free(&prompt);
	cli_puts(s, session_personality(s) == GP_ASA ? "ERROR: % Invalid input detected at '^' marker.\n"
						     : "% Invalid input detected at '^' marker.\n\n");
}

static int cmd_show_interfaces(struct session *s, const struct cmd_args *a, bool no)
{
	struct running_config *rc = session_config(s);
	const char *typed = arg_str(a, "if");
	struct nl_sock *sk;

	(void)no;
	if (typed && !typed_interface(s, typed)) {
		invalid_at(s, a, typed);
		return CMD_WARNING;
	}
	sk = route_socket();
	for (size_t i = 0; i < sys_iface_count(rc); i++) {
		const struct sys_iface *ifc = sys_iface_at(rc, i);

		if (ifc && (!typed || ifc == typed_interface(s, typed)))
			show_one_interface(s, sk, ifc);
	}
	route_socket_free(sk);
	return CMD_SUCCESS;
}

static const struct command system_show_cmds[] = {
	{ NODE_EXEC, "show version", "Show running system information\nSystem hardware and software status\n",
	  cmd_show_version, NODE_NONE, F_USER | F_NOSAVE },
	{ NODE_EXEC, "show clock", "Show running system information\nDisplay the system clock\n", cmd_show_clock,
	  NODE_NONE, F_USER | F_NOSAVE },
	{ NODE_EXEC, "show clock detail$detail",
	  "Show running system information\nDisplay the system clock\nDisplay detailed information\n", cmd_show_clock,
	  NODE_NONE, F_USER | F_NOSAVE | F_IOS },
	{ NODE_EXEC, "show ip interface brief",
	  "Show running system information\nIP information\nIP interface status and configuration\n"
	  "Brief summary of IP status and configuration\n",
	  cmd_show_ip_interface_brief, NODE_NONE, F_USER | F_NOSAVE | F_IOS },
	{ NODE_EXEC, "show interface ip brief",
	  "Show running system information\nShow interface status and information\nIP information\n"
	  "Brief summary of IP status and configuration\n",
	  cmd_show_interface_ip_brief, NODE_NONE, F_USER | F_NOSAVE | F_ASA },
	{ NODE_EXEC, "show interfaces [WORD$if]",
	  "Show running system information\nInterface status and configuration\nInterface name\n",
	  cmd_show_interfaces, NODE_NONE, F_USER | F_NOSAVE | F_IOS },
	{ NODE_EXEC, "show interface [WORD$if]",
	  "Show running system information\nShow interface status and information\nInterface name or nameif\n",
	  cmd_show_interfaces, NODE_NONE, F_USER | F_NOSAVE | F_ASA },
};

const struct area area_system_show = { "system_show", system_show_cmds, ARRAY_SIZE(system_show_cmds), NULL, NULL,
				       NULL, 0 };
