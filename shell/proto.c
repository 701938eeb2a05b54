/* The vty socket's frame codec, shared by rampartd and the rampart shell. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell/proto.h"

static void put_u16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned get_u16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned clamp_u16(unsigned v)
{
	return v > 0xffff ? 0xffff : v;
}

void proto_put(struct strbuf *q, uint8_t type, const void *payload, size_t len)
{
	uint8_t hdr[PROTO_HDR_LEN] = {
		(uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len, type,
	};
	sb_addn(q, (const char *)hdr, sizeof(hdr));
	if (len)
		sb_addn(q, payload, len);
}

void proto_put_str(struct strbuf *q, uint8_t type, const char *text)
{
	size_t len = strlen(text);
	proto_put(q, type, text, len > PROTO_MAX_PAYLOAD ? PROTO_MAX_PAYLOAD : len);
}

void proto_put_text(struct strbuf *q, uint8_t type, const char *text, size_t len)
{
	while (len > 0) {
		size_t chunk = len > PROTO_MAX_PAYLOAD ? PROTO_MAX_PAYLOAD : len;
		proto_put(q, type, text, chunk);
		text += chunk;
		len -= chunk;
	}
}

/* HELLO payload: u16 version, u16 width, u16 height, u8 interactive, u8 pager. */
void proto_put_hello(struct strbuf *q, const struct proto_hello *h)
{
	uint8_t p[8];
	put_u16(p, clamp_u16(h->version));
	put_u16(p + 2, clamp_u16(h->width));
	put_u16(p + 4, clamp_u16(h->height));
	p[6] = h->interactive ? 1 : 0;
	p[7] = (uint8_t)h->pager;
	proto_put(q, PT_HELLO, p, sizeof(p));
}

int proto_get_hello(const struct proto_frame *f, struct proto_hello *h)
{
	if (f->type != PT_HELLO || f->len < 8)
		return -1;
	h->version = get_u16(f->payload);
	h->width = get_u16(f->payload + 2);
	h->height = get_u16(f->payload + 4);
	h->interactive = f->payload[6] != 0;
	h->pager = f->payload[7] == PP_ASA ? PP_ASA : PP_IOS;
	return 0;
}

/* DONE payload: u8 status, u16 terminal length, prompt bytes. */
void proto_put_done(struct strbuf *q, enum proto_status status, unsigned term_length, const char *prompt)
{
	struct strbuf p;
	size_t plen = strlen(prompt);
	uint8_t fixed[3] = { (uint8_t)status };

	if (plen > sizeof(((struct proto_done *)0)->prompt) - 1)
		plen = sizeof(((struct proto_done *)0)->prompt) - 1;
	put_u16(fixed + 1, clamp_u16(term_length));
	sb_init(&p);
	sb_addn(&p, (const char *)fixed, sizeof(fixed));
	sb_addn(&p, prompt, plen);
	proto_put(q, PT_DONE, p.s, p.len);
	sb_free(&p);
}

int proto_get_done(const struct proto_frame *f, struct proto_done *d)
{
	if (f->type != PT_DONE || f->len < 3 || f->len - 3 >= sizeof(d->prompt))
		return -1;
	d->status = f->payload[0] == PS_OK ? PS_OK : PS_FAILED;
	d->term_length = get_u16(f->payload + 1);
	memcpy(d->prompt, f->payload + 3, f->len - 3);
	d->prompt[f->len - 3] = '\0';
	return 0;
}

void proto_put_winch(struct strbuf *q, unsigned width, unsigned height)
{
	uint8_t p[4];
	put_u16(p, clamp_u16(width));
	put_u16(p + 2, clamp_u16(height));
	proto_put(q, PT_WINCH, p, sizeof(p));
}

int proto_get_winch(const struct proto_frame *f, unsigned *width, unsigned *height)
{
	if (f->type != PT_WINCH || f->len < 4)
		return -1;
	*width = get_u16(f->payload);
	*height = get_u16(f->payload + 2);
	return 0;
}

void proto_put_matches(struct strbuf *q, char *const *words)
{
	struct strbuf p;
	sb_init(&p);
	for (size_t i = 0; words && words[i]; i++) {
		size_t wlen = strlen(words[i]);
		/* Whatever does not fit is left out: completion lists are short. */
		if (p.len + wlen + 1 > PROTO_MAX_PAYLOAD)
			break;
		sb_addn(&p, words[i], wlen + 1);
	}
	proto_put(q, PT_MATCHES, p.s, p.len);
	sb_free(&p);
}

char **proto_get_matches(const struct proto_frame *f)
{
	size_t count = 0;
	if (f->type != PT_MATCHES || (f->len > 0 && f->payload[f->len - 1] != '\0'))
		return NULL;
	for (size_t i = 0; i < f->len; i++)
		count += f->payload[i] == '\0';
	char **words = xcalloc(count + 1, sizeof(*words));
	const char *p = (const char *)f->payload;
	for (size_t i = 0; i < count; i++) {
		words[i] = xstrdup(p);
		p += strlen(p) + 1;
	}
	return words;
}

void proto_free_words(char **words)
{
	for (size_t i = 0; words && words[i]; i++)
		free(words[i]);
	free(words);
}

char *proto_strdup(const struct proto_frame *f)
{
	return xstrndup((const char *)f->payload, f->len);
}

void proto_reader_init(struct proto_reader *r)
{
	memset(r, 0, sizeof(*r));
}

void proto_reader_free(struct proto_reader *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

/* Makes room for extra bytes, first dropping what was consumed. */
static void reader_reserve(struct proto_reader *r, size_t extra)
{
	if (r->off > 0) {
		memmove(r->buf, r->buf + r->off, r->len - r->off);
		r->len -= r->off;
		r->off = 0;
	}
	if (r->len + extra <= r->cap)
		return;
	size_t cap = r->cap ? r->cap : 4096;
	while (cap < r->len + extra)
		cap *= 2;
	r->buf = xrealloc(r->buf, cap);
	r->cap = cap;
}

void proto_reader_feed(struct proto_reader *r, const void *bytes, size_t len)
{
	reader_reserve(r, len);
	memcpy(r->buf + r->len, bytes, len);
	r->len += len;
}

long proto_reader_fill(struct proto_reader *r, int fd)
{
	reader_reserve(r, 16384);
	ssize_t n;
	do
		n = read(fd, r->buf + r->len, r->cap - r->len);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		r->len += (size_t)n;
	return (long)n;
}

int proto_next(struct proto_reader *r, struct proto_frame *f)
{
	size_t avail = r->len - r->off;
	if (avail < PROTO_HDR_LEN)
		return 0;
	const uint8_t *h = r->buf + r->off;
	uint32_t len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
	/* Checked before waiting for the payload: a bogus length must not make us buffer. */
	if (len > PROTO_MAX_PAYLOAD || h[4] == 0 || h[4] > PT_MAX_TYPE)
		return -1;
	if (avail < PROTO_HDR_LEN + len)
		return 0;
	f->type = h[4];
	f->payload = h + PROTO_HDR_LEN;
	f->len = len;
	r->off += PROTO_HDR_LEN + len;
	return 1;
}

const char *proto_type_name(uint8_t type)
{
	static const char *const names[] = {
		[PT_HELLO] = "HELLO", [PT_EXEC] = "EXEC", [PT_HELP] = "HELP",
		[PT_COMPLETE] = "COMPLETE", [PT_OUTPUT] = "OUTPUT", [PT_DONE] = "DONE",
		[PT_NOTIFY] = "NOTIFY", [PT_SECRET] = "SECRET", [PT_CONFIRM] = "CONFIRM",
		[PT_ANSWER] = "ANSWER", [PT_MATCHES] = "MATCHES", [PT_WINCH] = "WINCH",
		[PT_INTERRUPT] = "INTERRUPT", [PT_BYE] = "BYE",
	};
	if (type == 0 || type > PT_MAX_TYPE)
		return "?";
	return names[type];
}

int proto_write_all(int fd, struct strbuf *q)
{
	size_t done = 0;
	while (done < q->len) {
		ssize_t n = write(fd, q->s + done, q->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	sb_reset(q);
	return 0;
}
