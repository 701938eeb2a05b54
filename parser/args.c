/* Typed access to what the grammar bound. */
#include "parser/grammar.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

const char *arg_nth(const struct cmd_args *a, const char *name, size_t i)
{
	for (size_t k = 0; k < a->n; k++)
		if (!strcmp(a->v[k].name, name) && i-- == 0)
			return a->v[k].value;
	return NULL;
}

const char *arg_str(const struct cmd_args *a, const char *name)
{
	return arg_nth(a, name, 0);
}

bool arg_has(const struct cmd_args *a, const char *name)
{
	return arg_str(a, name) != NULL;
}

size_t arg_count(const struct cmd_args *a, const char *name)
{
	size_t n = 0;

	for (size_t k = 0; k < a->n; k++)
		n += !strcmp(a->v[k].name, name);
	return n;
}

long long arg_num(const struct cmd_args *a, const char *name, long long dflt)
{
	const char *v = arg_str(a, name);

	return v ? strtoll(v, NULL, 10) : dflt;
}

bool arg_in4(const struct cmd_args *a, const char *name, struct in_addr *out)
{
	const char *v = arg_str(a, name);

	return v && inet_pton(AF_INET, v, out) == 1;
}

bool arg_prefix4(const struct cmd_args *a, const char *name, struct in_addr *addr, unsigned *plen)
{
	const char *v = arg_str(a, name);
	const char *slash = v ? strchr(v, '/') : NULL;
	char buf[20];

	if (!slash || (size_t)(slash - v) >= sizeof(buf))
		return false;
	memcpy(buf, v, (size_t)(slash - v));
	buf[slash - v] = '\0';
	*plen = (unsigned)strtoul(slash + 1, NULL, 10);
	return inet_pton(AF_INET, buf, addr) == 1 && *plen <= 32;
}
