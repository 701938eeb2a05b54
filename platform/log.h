/* Logging in Cisco form. Every message goes to syslog (or stderr in the foreground)
 * and to the subscribed sinks: sessions that ran `terminal monitor`.
 *
 * Messages carry both identities, and the box's personality picks one:
 *   ASA: "%ASA-5-713041: IP = 192.0.2.2, IKE Initiator: ..."
 *   IOS: "%CRYPTO-5-IKMP_...: ..."
 * Debug output (`debug crypto isakmp`) goes only to the sinks, and only when the
 * facility is switched on. Secrets never reach any of these functions. */
#ifndef RAMPART_LOG_H
#define RAMPART_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_sev {
	LOG_SEV_EMERG, LOG_SEV_ALERT, LOG_SEV_CRIT, LOG_SEV_ERR,
	LOG_SEV_WARNING, LOG_SEV_NOTICE, LOG_SEV_INFO, LOG_SEV_DEBUG,
};

enum log_personality { LOG_ASA, LOG_IOS };

enum dbg_facility { DBG_ISAKMP, DBG_IPSEC, DBG_DATAPLANE, DBG_COUNT };

/* A sink receives whole lines without the trailing newline. */
typedef void (*log_sink_fn)(void *ctx, bool is_debug, enum log_sev sev, const char *line);

void log_init(const char *ident, bool to_stderr);
void log_set_personality(enum log_personality p);
enum log_personality log_personality(void);
void log_set_level(enum log_sev max_sev);   /* what reaches syslog/stderr */

void log_add_sink(log_sink_fn fn, void *ctx);
void log_del_sink(log_sink_fn fn, void *ctx);

/* asa_id: six digits ("713041"); ios_tag: "FACILITY-MNEMONIC" without severity
 * ("CRYPTO-ISAKMP_ON_OFF"); either may be NULL when the other platform has none,
 * then the generic "%RAMPART-<sev>" form is used. */
void log_cisco(enum log_sev sev, const char *asa_id, const char *ios_tag, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A plain daemon message (startup, config file errors): not a Cisco syslog. */
void log_daemon(enum log_sev sev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Debug levels follow ASA: 0 = off, 1..255 = verbosity (IOS `debug` = 1). */
void dbg_set(enum dbg_facility f, unsigned level);
unsigned dbg_level(enum dbg_facility f);
static inline bool dbg_on(enum dbg_facility f, unsigned level);
void dbg_line(enum dbg_facility f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

extern unsigned dbg_levels[DBG_COUNT];
static inline bool dbg_on(enum dbg_facility f, unsigned level)
{
	return dbg_levels[f] >= level && dbg_levels[f] > 0;
}

/* Wall clock in the Cisco timestamp form "*Oct 25 18:53:16.485" (IOS debug) or
 * "Oct 25 2026 18:53:16" (ASA logging timestamp). */
void log_timestamp(char *buf, unsigned len, bool ios_form);

#endif
