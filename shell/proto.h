/* The framed protocol between the `rampart` shell and rampartd on the vty socket.
 *
 * Every frame is one small header followed by its payload:
 *
 *   uint32 length (payload bytes, big-endian) | uint8 type | payload
 *
 * Strings are sent as raw bytes without a terminating NUL; integers big-endian.
 * A conversation:
 *
 *   client                          daemon
 *   HELLO(version, w, h, tty)  ->
 *                              <-   HELLO(version, pager style)  DONE(ok, prompt, length)
 *   EXEC "show version"        ->
 *                              <-   OUTPUT ... OUTPUT  DONE(status, prompt, length)
 *   EXEC "enable"              ->
 *                              <-   SECRET "Password: "
 *   ANSWER "secret"            ->
 *                              <-   DONE(ok, "ciscoasa# ", 24)
 *   HELP "sh"   /  COMPLETE "sh" ->
 *                              <-   OUTPUT (help text) / MATCHES (words)  DONE
 *                              <-   NOTIFY (at any time between exchanges: `terminal monitor`)
 *   BYE                        ->   (or daemon -> BYE when the session ends with `exit`)
 *
 * One request is outstanding at a time; the daemon answers each with DONE (or with a
 * SECRET/CONFIRM question, answered by ANSWER or abandoned by INTERRUPT). */
#ifndef RAMPART_PROTO_H
#define RAMPART_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/util.h"

#define PROTO_VERSION 1
#define PROTO_HDR_LEN 5
/* The largest payload either side accepts. Output longer than this is split over
 * several OUTPUT frames; a client line longer than this is refused by the client. */
#define PROTO_MAX_PAYLOAD (256u * 1024u)

#ifndef RUNSTATEDIR
#define RUNSTATEDIR "/run"
#endif
/* Where rampartd listens unless rampartd.conf says otherwise; the shell's default. */
#define PROTO_DEFAULT_SOCKET RUNSTATEDIR "/rampartd.sock"

enum proto_type {
	PT_HELLO = 1,       /* c->d: version, width, height, interactive; d->c: version, pager style */
	PT_EXEC = 2,        /* c->d: one command line */
	PT_HELP = 3,        /* c->d: the line so far, `?` pressed */
	PT_COMPLETE = 4,    /* c->d: the line up to the cursor, TAB pressed */
	PT_OUTPUT = 5,      /* d->c: text the command printed */
	PT_DONE = 6,        /* d->c: status, prompt, terminal length: the request is finished */
	PT_NOTIFY = 7,      /* d->c: asynchronous text (log and debug lines) */
	PT_SECRET = 8,      /* d->c: a question answered without echo ("Password: ") */
	PT_CONFIRM = 9,     /* d->c: a question answered with echo ("Proceed with reload? [confirm]") */
	PT_ANSWER = 10,     /* c->d: the answer to SECRET or CONFIRM */
	PT_MATCHES = 11,    /* d->c: completions, NUL-separated words */
	PT_WINCH = 12,      /* c->d: width, height */
	PT_INTERRUPT = 13,  /* c->d: Ctrl-C: abandon the pending question */
	PT_BYE = 14,        /* either way: the session ends */
	PT_MAX_TYPE = PT_BYE,
};

/* DONE status. */
enum proto_status {
	PS_OK = 0,
	PS_FAILED = 1,      /* the command printed an error */
};

/* How the client pages output (the personality's style). */
enum proto_pager {
	PP_IOS = 0,         /* " --More-- " */
	PP_ASA = 1,         /* "<--- More --->" */
};

struct proto_frame {
	uint8_t type;
	const uint8_t *payload;  /* points into the reader's buffer: valid until the next call */
	size_t len;
};

/* ---- encoding: appends whole frames to a byte queue ---- */
void proto_put(struct strbuf *q, uint8_t type, const void *payload, size_t len);
void proto_put_str(struct strbuf *q, uint8_t type, const char *text);
/* Splits text over as many frames as PROTO_MAX_PAYLOAD needs (OUTPUT, NOTIFY). */
void proto_put_text(struct strbuf *q, uint8_t type, const char *text, size_t len);

struct proto_hello {
	unsigned version;
	unsigned width, height;  /* client's terminal; 0 = unknown */
	bool interactive;        /* client -> daemon */
	enum proto_pager pager;  /* daemon -> client */
};
void proto_put_hello(struct strbuf *q, const struct proto_hello *h);
int proto_get_hello(const struct proto_frame *f, struct proto_hello *h);

struct proto_done {
	enum proto_status status;
	unsigned term_length;    /* lines per page; 0 = no paging */
	char prompt[256];
};
void proto_put_done(struct strbuf *q, enum proto_status status, unsigned term_length, const char *prompt);
int proto_get_done(const struct proto_frame *f, struct proto_done *d);

void proto_put_winch(struct strbuf *q, unsigned width, unsigned height);
int proto_get_winch(const struct proto_frame *f, unsigned *width, unsigned *height);

/* MATCHES: the words, NUL-separated. */
void proto_put_matches(struct strbuf *q, char *const *words);
/* A NULL-terminated copy of the words (free with proto_free_words), or NULL if malformed. */
char **proto_get_matches(const struct proto_frame *f);
void proto_free_words(char **words);

/* A frame payload as a NUL-terminated string (caller frees). */
char *proto_strdup(const struct proto_frame *f);

/* ---- decoding: a buffer that bytes are fed into and frames taken out of ---- */
struct proto_reader {
	uint8_t *buf;
	size_t len, cap, off;    /* off: start of the unconsumed bytes */
};
void proto_reader_init(struct proto_reader *r);
void proto_reader_free(struct proto_reader *r);
void proto_reader_feed(struct proto_reader *r, const void *bytes, size_t len);
/* Reads what fd has into r: >0 bytes read, 0 end of file, -1 error (errno; EAGAIN
 * when a non-blocking fd has nothing). */
long proto_reader_fill(struct proto_reader *r, int fd);
/* 1: *f holds the next frame; 0: need more bytes; -1: protocol error (oversized
 * frame or unknown type): the connection must be dropped. */
int proto_next(struct proto_reader *r, struct proto_frame *f);

const char *proto_type_name(uint8_t type);

/* Writes the whole queue to a blocking fd (the client's side). 0 or -1. */
int proto_write_all(int fd, struct strbuf *q);

#endif
