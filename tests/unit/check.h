/* A minimal unit-test harness: CHECK records a failure and goes on, so one run
 * reports every broken expectation; the exit status is what automake reads. */
#ifndef RAMPART_CHECK_H
#define RAMPART_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                                \
	do {                                                                       \
		check_count++;                                                     \
		if (!(cond)) {                                                     \
			check_failures++;                                          \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,     \
				__LINE__, #cond);                                  \
		}                                                                  \
	} while (0)

#define CHECK_STR(got, want)                                                       \
	do {                                                                       \
		const char *g_ = (got), *w_ = (want);                              \
		check_count++;                                                     \
		if (!g_ || strcmp(g_, w_) != 0) {                                  \
			check_failures++;                                          \
			fprintf(stderr, "%s:%d: got\n[%s]\nwant\n[%s]\n", __FILE__,\
				__LINE__, g_ ? g_ : "(null)", w_);                 \
		}                                                                  \
	} while (0)

#define CHECK_MEM(got, want, n)                                                    \
	do {                                                                       \
		check_count++;                                                     \
		if (memcmp((got), (want), (n)) != 0) {                             \
			check_failures++;                                          \
			fprintf(stderr, "%s:%d: bytes differ: %s vs %s\n",         \
				__FILE__, __LINE__, #got, #want);                  \
		}                                                                  \
	} while (0)

static inline int check_done(const char *name)
{
	fprintf(stderr, "%s: %d checks, %d failed\n", name, check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif
