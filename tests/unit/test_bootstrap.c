/* rampartd.conf: a good file sets every key; each kind of bad file is refused with the
 * exact "FILE:LINE: what" the daemon prints, and leaves the defaults in place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/bootstrap.h"
#include "tests/unit/check.h"

static char dir[] = "/tmp/test_bootstrap.XXXXXX";
static char path[256];

static void write_conf(const char *text)
{
	FILE *fp = fopen(path, "w");
	if (!fp) {
		perror(path);
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
}

/* Loads text and returns the error with the temp directory replaced by "DIR". */
static char *load_err(const char *text)
{
	struct bootstrap b;
	char *err = NULL;
	write_conf(text);
	bootstrap_defaults(&b);
	int rc = bootstrap_load(&b, path, &err);
	CHECK(rc == -1);
	/* A refused file leaves nothing of itself behind. */
	CHECK(b.personality == GP_ASA && b.ike_port == 500 && b.nifaces == 0 && !b.hostname);
	bootstrap_free(&b);
	if (!err)
		return xstrdup("(no error)");
	struct strbuf sb;
	sb_init(&sb);
	size_t dlen = strlen(dir);
	sb_add(&sb, strncmp(err, dir, dlen) == 0 ? "DIR" : "");
	sb_add(&sb, strncmp(err, dir, dlen) == 0 ? err + dlen : err);
	free(err);
	return sb_steal(&sb);
}

#define CHECK_ERR(text, want)                 \
	do {                                  \
		char *e_ = load_err(text);    \
		CHECK_STR(e_, want);          \
		free(e_);                     \
	} while (0)

static void test_defaults(void)
{
	struct bootstrap b;
	bootstrap_defaults(&b);
	CHECK(b.personality == GP_ASA);
	CHECK_STR(b.vty_socket, RUNSTATEDIR "/rampartd.sock");
	CHECK_STR(b.startup_config, LOCALSTATEDIR "/lib/rampart/startup-config");
	CHECK_STR(b.dataplane, "xfrm");
	CHECK_STR(b.log_level, "informational");
	CHECK(b.ike_port == 500 && b.natt_port == 4500);
	CHECK(b.vty_group == NULL && b.hostname == NULL && b.nifaces == 0);
	CHECK_STR(bootstrap_link(&b, "GigabitEthernet0/0"), "GigabitEthernet0/0");
	bootstrap_free(&b);
}

static void test_good_file(void)
{
	struct bootstrap b;
	char *err = NULL;
	write_conf("# a lab box\n"
		   "vty_socket = \"/tmp/r1.sock\";\n"
		   "vty_group = \"root\";\n"
		   "startup_config = \"/tmp/r1/startup-config\";\n"
		   "personality = \"ios\";\n"
		   "dataplane = \"userspace\";\n"
		   "hostname = \"R1\";\n"
		   "log_level = \"debugging\";\n"
		   "ike_port = 1500;\n"
		   "natt_port = 14500;\n"
		   "tun_name = \"rtun0\";\n"
		   "interfaces = (\n"
		   "  { name = \"GigabitEthernet0/0\"; link = \"wan0\"; },\n"
		   "  { name = \"GigabitEthernet0/1\"; link = \"lan0\"; }\n"
		   ");\n");
	bootstrap_defaults(&b);
	CHECK(bootstrap_load(&b, path, &err) == 0);
	CHECK(err == NULL);
	CHECK_STR(b.vty_socket, "/tmp/r1.sock");
	CHECK_STR(b.vty_group, "root");
	CHECK_STR(b.startup_config, "/tmp/r1/startup-config");
	CHECK(b.personality == GP_IOS);
	CHECK_STR(b.dataplane, "userspace");
	CHECK_STR(b.hostname, "R1");
	CHECK_STR(b.log_level, "debugging");
	CHECK(b.ike_port == 1500 && b.natt_port == 14500);
	CHECK_STR(b.tun_name, "rtun0");
	CHECK(b.nifaces == 2);
	CHECK_STR(bootstrap_link(&b, "GigabitEthernet0/1"), "lan0");
	CHECK_STR(bootstrap_link(&b, "gigabitethernet0/0"), "wan0");
	CHECK_STR(bootstrap_link(&b, "GigabitEthernet0/2"), "GigabitEthernet0/2");
	bootstrap_free(&b);
	free(err);

	/* An empty file is all defaults. */
	write_conf("");
	bootstrap_defaults(&b);
	CHECK(bootstrap_load(&b, path, &err) == 0);
	CHECK(b.personality == GP_ASA && b.nifaces == 0);
	bootstrap_free(&b);

	CHECK(bootstrap_log_level("emergencies") == 0);
	CHECK(bootstrap_log_level("debugging") == 7);
	CHECK(bootstrap_log_level("verbose") == -1);
}

static void test_missing_file(void)
{
	struct bootstrap b;
	char *err = NULL;
	char missing[300];
	snprintf(missing, sizeof(missing), "%s/nope.conf", dir);
	bootstrap_defaults(&b);
	CHECK(bootstrap_load(&b, missing, &err) == -1);
	char want[400];
	snprintf(want, sizeof(want), "%s: No such file or directory", missing);
	CHECK_STR(err, want);
	free(err);
	bootstrap_free(&b);
}

static void test_bad_files(void)
{
	CHECK_ERR("hostname = \"R1\";\n\nvty_sockt = \"/tmp/x\";\n",
		  "DIR/rampartd.conf:3: unknown setting 'vty_sockt'");
	CHECK_ERR("\npersonality = \"nxos\";\n",
		  "DIR/rampartd.conf:2: personality must be \"asa\" or \"ios\", not \"nxos\"");
	CHECK_ERR("personality = 1;\n", "DIR/rampartd.conf:1: personality must be a string");
	CHECK_ERR("dataplane = \"dpdk\";\n",
		  "DIR/rampartd.conf:1: dataplane must be \"xfrm\" or \"userspace\", not \"dpdk\"");
	CHECK_ERR("ike_port = 70000;\n", "DIR/rampartd.conf:1: ike_port must be a port number from 1 to 65535");
	CHECK_ERR("natt_port = \"4500\";\n",
		  "DIR/rampartd.conf:1: natt_port must be a port number from 1 to 65535");
	CHECK_ERR("ike_port = 0;\n", "DIR/rampartd.conf:1: ike_port must be a port number from 1 to 65535");
	CHECK_ERR("vty_socket = \"rampartd.sock\";\n",
		  "DIR/rampartd.conf:1: vty_socket must be an absolute path, not \"rampartd.sock\"");
	CHECK_ERR("startup_config = \"\";\n", "DIR/rampartd.conf:1: startup_config must not be empty");
	CHECK_ERR("vty_group = \"no-such-group-rampart\";\n",
		  "DIR/rampartd.conf:1: vty_group \"no-such-group-rampart\" is not a group on this system");
	CHECK_ERR("hostname = \"1router\";\n",
		  "DIR/rampartd.conf:1: hostname \"1router\" is not a valid host name (a letter first, then "
		  "letters, digits and hyphens, at most 63)");
	CHECK_ERR("log_level = \"loud\";\n",
		  "DIR/rampartd.conf:1: log_level must be one of emergencies, alerts, critical, errors, warnings, "
		  "notifications, informational, debugging; not \"loud\"");
	CHECK_ERR("tun_name = \"a/b\";\n", "DIR/rampartd.conf:1: tun_name \"a/b\" is not a valid Linux interface name");
	CHECK_ERR("hostname = ;\n", "DIR/rampartd.conf:1: syntax error");
	CHECK_ERR("hostname = \"R1\";\nhostname = \"R2\";\n", "DIR/rampartd.conf:2: duplicate setting name");
}

static void test_bad_interfaces(void)
{
	CHECK_ERR("interfaces = \"wan0\";\n",
		  "DIR/rampartd.conf:1: interfaces must be a list: ( { name = \"...\"; link = \"...\"; }, ... )");
	CHECK_ERR("interfaces = ( \"wan0\" );\n",
		  "DIR/rampartd.conf:1: each interfaces entry must be a group: { name = \"...\"; link = \"...\"; }");
	CHECK_ERR("interfaces = (\n  { name = \"GigabitEthernet0/0\"; link = \"wan0\"; },\n"
		  "  { name = \"GigabitEthernet0/1\"; }\n);\n",
		  "DIR/rampartd.conf:3: an interfaces entry needs both name and link");
	CHECK_ERR("interfaces = (\n  { name = \"GigabitEthernet0/0\"; lnk = \"wan0\"; }\n);\n",
		  "DIR/rampartd.conf:2: unknown setting 'lnk' in an interfaces entry (expected name, link)");
	CHECK_ERR("interfaces = (\n  { name = \"GigabitEthernet0/0\"; link = \"wan0\"; },\n"
		  "  { name = \"gigabitethernet0/0\"; link = \"wan1\"; }\n);\n",
		  "DIR/rampartd.conf:3: interface GigabitEthernet0/0 is mapped twice");
	CHECK_ERR("interfaces = (\n  { name = \"G0/0\"; link = \"a-very-long-linux-name\"; }\n);\n",
		  "DIR/rampartd.conf:2: link \"a-very-long-linux-name\" is not a valid Linux interface name");
	CHECK_ERR("interfaces = (\n  { name = 5; link = \"wan0\"; }\n);\n",
		  "DIR/rampartd.conf:2: name must be a string");
}

/* The example shipped in etc/ is a file the daemon accepts. */
static void test_example_file(void)
{
	const char *srcdir = getenv("srcdir");
	char example[512];
	struct bootstrap b;
	char *err = NULL;

	snprintf(example, sizeof(example), "%s/etc/rampartd.conf", srcdir ? srcdir : ".");
	bootstrap_defaults(&b);
	CHECK(bootstrap_load(&b, example, &err) == 0);
	if (err)
		fprintf(stderr, "%s\n", err);
	CHECK(b.nifaces == 2);
	CHECK_STR(bootstrap_link(&b, "GigabitEthernet0/0"), "wan0");
	free(err);
	bootstrap_free(&b);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/rampartd.conf", dir);
	test_defaults();
	test_good_file();
	test_missing_file();
	test_bad_files();
	test_bad_interfaces();
	test_example_file();
	unlink(path);
	rmdir(dir);
	return check_done("test_bootstrap");
}
