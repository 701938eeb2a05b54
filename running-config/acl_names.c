/* Lookups over the name lists of acl_names.h. */
#include "running-config/acl_int.h"
#include "running-config/acl_names.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct port_row {
	const char *name;
	unsigned port;
	unsigned protos;
};

#define PORT_ROW(n, num, pr, h) { n, num, pr },
static const struct port_row asa_ports[] = { ASA_PORTS(PORT_ROW) };
static const struct port_row ios_ports[] = { IOS_PORTS(PORT_ROW) };

struct num_row {
	const char *name;
	int num;
};

#define NUM_ROW(n, num, h) { n, num },
static const struct num_row asa_protos[] = { ASA_PROTOS(NUM_ROW) { "icmp", 1 }, { "tcp", 6 }, { "udp", 17 } };
static const struct num_row ios_protos[] = { IOS_PROTOS(NUM_ROW) { "icmp", 1 }, { "tcp", 6 }, { "udp", 17 } };
static const struct num_row icmp_types[] = { ICMP_TYPES(NUM_ROW) };
static const struct num_row log_levels[] = { LOG_LEVELS(NUM_ROW) };

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static unsigned proto_bits(int proto)
{
	return proto == 6 ? P_T : proto == 17 ? P_U : proto == PROTO_TCP_UDP ? P_TU : 0;
}

static const struct port_row *port_table(enum grammar_personality p, size_t *n)
{
	*n = p == GP_IOS ? ARRAY_SIZE(ios_ports) : ARRAY_SIZE(asa_ports);
	return p == GP_IOS ? ios_ports : asa_ports;
}

int port_by_name(enum grammar_personality p, int proto, const char *name)
{
	unsigned want = proto_bits(proto);
	size_t n;
	const struct port_row *t = port_table(p, &n);

	if (all_digits(name))
		return atoi(name);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return want && (t[i].protos & want) == want ? (int)t[i].port : -1;
	return -1;
}

const char *port_name(enum grammar_personality p, int proto, unsigned port)
{
	unsigned want = proto_bits(proto);
	size_t n;
	const struct port_row *t = port_table(p, &n);

	for (size_t i = 0; want && i < n; i++)
		if (t[i].port == port && (t[i].protos & want) == want)
			return t[i].name;
	return NULL;
}

static int num_by_name(const struct num_row *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].num;
	return -2;
}

static const char *name_by_num(const struct num_row *t, size_t n, int num)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].num == num)
			return t[i].name;
	return NULL;
}

int proto_by_name(const char *name)
{
	int v;

	if (all_digits(name))
		return atoi(name) <= 255 ? atoi(name) : PROTO_UNKNOWN;
	v = num_by_name(asa_protos, ARRAY_SIZE(asa_protos), name);
	if (v == -2)
		v = num_by_name(ios_protos, ARRAY_SIZE(ios_protos), name);
	return v == -2 ? PROTO_UNKNOWN : v;
}

const char *proto_name(enum grammar_personality p, int proto)
{
	/* ASA's aliases (ipsec, pptp) come after the name it prints (esp, gre) */
	if (p == GP_IOS)
		return name_by_num(ios_protos, ARRAY_SIZE(ios_protos), proto);
	return name_by_num(asa_protos, ARRAY_SIZE(asa_protos), proto);
}

int icmp_by_name(const char *name)
{
	if (all_digits(name))
		return atoi(name);
	return num_by_name(icmp_types, ARRAY_SIZE(icmp_types), name) == -2 ? -1
		: num_by_name(icmp_types, ARRAY_SIZE(icmp_types), name);
}

const char *icmp_name(unsigned type)
{
	return name_by_num(icmp_types, ARRAY_SIZE(icmp_types), (int)type);
}

int log_level_by_name(const char *name)
{
	int v;

	if (all_digits(name))
		return atoi(name);
	v = num_by_name(log_levels, ARRAY_SIZE(log_levels), name);
	return v == -2 ? -1 : v;
}

const char *log_level_name(int level)
{
	return name_by_num(log_levels, ARRAY_SIZE(log_levels), level);
}

bool port_from_args(enum grammar_personality p, int proto, const struct cmd_args *a, const char *prefix,
		    struct port_match *out)
{
	char key[32];
	const char *op, *v1, *v2;
	int lo, hi = 0;

	snprintf(key, sizeof(key), "%sop", prefix);
	op = arg_str(a, key);
	memset(out, 0, sizeof(*out));
	if (!op)
		return true;
	snprintf(key, sizeof(key), "%s1", prefix);
	v1 = arg_str(a, key);
	snprintf(key, sizeof(key), "%s2", prefix);
	v2 = arg_str(a, key);
	lo = v1 ? port_by_name(p, proto, v1) : -1;
	if (v2)
		hi = port_by_name(p, proto, v2);
	if (lo < 0 || lo > 65535 || hi < 0 || hi > 65535)
		return false;
	out->lo = (uint16_t)lo;
	out->hi = (uint16_t)hi;
	out->op = !strcmp(op, "eq") ? PORT_EQ : !strcmp(op, "lt") ? PORT_LT : !strcmp(op, "gt") ? PORT_GT
		: !strcmp(op, "neq") ? PORT_NEQ : PORT_RANGE;
	return true;
}
