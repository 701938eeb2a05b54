#include "platform/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>

#include "platform/util.h"

unsigned dbg_levels[DBG_COUNT];

struct sink {
	log_sink_fn fn;
	void *ctx;
};

static struct {
	bool to_stderr;
	enum log_personality personality;
	enum log_sev max_sev;
	struct sink *sinks;
	size_t nsinks;
	bool in_sink;   /* a sink that logs must not recurse into the sinks */
} lg = { .to_stderr = true, .max_sev = LOG_SEV_INFO };

void log_init(const char *ident, bool to_stderr)
{
	lg.to_stderr = to_stderr;
	if (!to_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_set_personality(enum log_personality p)
{
	lg.personality = p;
}

enum log_personality log_personality(void)
{
	return lg.personality;
}

void log_set_level(enum log_sev max_sev)
{
	lg.max_sev = max_sev;
}

void log_add_sink(log_sink_fn fn, void *ctx)
{
	lg.sinks = xrealloc(lg.sinks, (lg.nsinks + 1) * sizeof(*lg.sinks));
	lg.sinks[lg.nsinks++] = (struct sink){ fn, ctx };
}

void log_del_sink(log_sink_fn fn, void *ctx)
{
	for (size_t i = 0; i < lg.nsinks; i++) {
		if (lg.sinks[i].fn == fn && lg.sinks[i].ctx == ctx) {
			memmove(&lg.sinks[i], &lg.sinks[i + 1], (lg.nsinks - i - 1) * sizeof(*lg.sinks));
			lg.nsinks--;
			return;
		}
	}
}

static void to_sinks(bool is_debug, enum log_sev sev, const char *line)
{
	/* No sinks means no array at all: nothing to copy. */
	if (lg.in_sink || lg.nsinks == 0)
		return;
	lg.in_sink = true;
	/* A sink may unsubscribe itself (a session closing): iterate over a copy. */
	size_t n = lg.nsinks;
	struct sink *copy = xmalloc(n * sizeof(*copy) + 1);
	memcpy(copy, lg.sinks, n * sizeof(*copy));
	for (size_t i = 0; i < n; i++)
		copy[i].fn(copy[i].ctx, is_debug, sev, line);
	free(copy);
	lg.in_sink = false;
}

static void to_system(enum log_sev sev, const char *line)
{
	if (sev > lg.max_sev)
		return;
	if (lg.to_stderr)
		fprintf(stderr, "%s\n", line);
	else
		syslog((int)sev, "%s", line);
}

void log_timestamp(char *buf, unsigned len, bool ios_form)
{
	struct timeval tv;
	struct tm tm;
	char date[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	if (ios_form) {
		strftime(date, sizeof(date), "%b %e %H:%M:%S", &tm);
		/* The leading '*' is IOS saying the clock is not NTP-synchronised. */
		snprintf(buf, len, "*%s.%03ld", date, (long)(tv.tv_usec / 1000));
	} else {
		strftime(buf, len, "%b %d %Y %H:%M:%S", &tm);
	}
}

static void emit(enum log_sev sev, const char *prefix, const char *fmt, va_list ap)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_add(&sb, prefix);
	sb_vprintf(&sb, fmt, ap);
	to_system(sev, sb.s);
	to_sinks(false, sev, sb.s);
	sb_free(&sb);
}

void log_cisco(enum log_sev sev, const char *asa_id, const char *ios_tag, const char *fmt, ...)
{
	char prefix[96];
	va_list ap;

	if (lg.personality == LOG_ASA && asa_id) {
		snprintf(prefix, sizeof(prefix), "%%ASA-%d-%s: ", (int)sev, asa_id);
	} else if (lg.personality == LOG_IOS && ios_tag) {
		/* IOS puts the severity between facility and mnemonic. */
		const char *dash = strchr(ios_tag, '-');
		int fac_len = dash ? (int)(dash - ios_tag) : (int)strlen(ios_tag);
		snprintf(prefix, sizeof(prefix), "%%%.*s-%d-%s: ", fac_len, ios_tag, (int)sev,
			 dash ? dash + 1 : "MSG");
	} else {
		snprintf(prefix, sizeof(prefix), "%%RAMPART-%d: ", (int)sev);
	}
	va_start(ap, fmt);
	emit(sev, prefix, fmt, ap);
	va_end(ap);
}

void log_daemon(enum log_sev sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(sev, "rampartd: ", fmt, ap);
	va_end(ap);
}

void dbg_set(enum dbg_facility f, unsigned level)
{
	dbg_levels[f] = level;
}

unsigned dbg_level(enum dbg_facility f)
{
	return dbg_levels[f];
}

void dbg_line(enum dbg_facility f, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	if (!dbg_levels[f])
		return;
	sb_init(&sb);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	to_sinks(true, LOG_SEV_DEBUG, sb.s);
	if (lg.to_stderr && lg.max_sev >= LOG_SEV_DEBUG)
		fprintf(stderr, "%s\n", sb.s);
	sb_free(&sb);
}
