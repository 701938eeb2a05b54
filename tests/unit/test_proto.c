/* The vty frame codec: what one side encodes the other decodes, whatever way the
 * bytes are cut on the socket, and malformed input is refused before it is buffered. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell/proto.h"
#include "tests/unit/check.h"

/* Feeds q to a reader one byte at a time and returns how many frames came out;
 * the frames' types are written to types[]. */
static int feed_bytewise(const struct strbuf *q, struct proto_reader *r, uint8_t *types, int max)
{
	struct proto_frame f;
	int n = 0;
	for (size_t i = 0; i < q->len; i++) {
		proto_reader_feed(r, q->s + i, 1);
		while (n < max && proto_next(r, &f) == 1)
			types[n++] = f.type;
	}
	return n;
}

static void test_header_layout(void)
{
	struct strbuf q;
	sb_init(&q);
	proto_put_str(&q, PT_EXEC, "show version");
	const uint8_t want[] = { 0, 0, 0, 12, PT_EXEC, 's', 'h', 'o', 'w', ' ' };
	CHECK(q.len == PROTO_HDR_LEN + 12);
	CHECK_MEM(q.s, want, sizeof(want));
	sb_free(&q);
}

static void test_roundtrip_all(void)
{
	struct strbuf q;
	struct proto_reader r;
	struct proto_frame f;
	struct proto_hello h = { .version = PROTO_VERSION, .width = 132, .height = 48, .interactive = true,
				 .pager = PP_ASA };
	char *words[] = { "show", "shun", "shutdown", NULL };

	sb_init(&q);
	proto_reader_init(&r);
	proto_put_hello(&q, &h);
	proto_put_str(&q, PT_HELP, "sh");
	proto_put_done(&q, PS_FAILED, 24, "ciscoasa(config)# ");
	proto_put_winch(&q, 80, 100000);   /* clamped to 16 bits */
	proto_put_matches(&q, words);
	proto_put(&q, PT_BYE, NULL, 0);
	proto_reader_feed(&r, q.s, q.len);

	struct proto_hello h2;
	CHECK(proto_next(&r, &f) == 1 && proto_get_hello(&f, &h2) == 0);
	CHECK(h2.version == PROTO_VERSION && h2.width == 132 && h2.height == 48 && h2.interactive);
	CHECK(h2.pager == PP_ASA);

	CHECK(proto_next(&r, &f) == 1 && f.type == PT_HELP);
	char *line = proto_strdup(&f);
	CHECK_STR(line, "sh");
	free(line);

	struct proto_done d;
	CHECK(proto_next(&r, &f) == 1 && proto_get_done(&f, &d) == 0);
	CHECK(d.status == PS_FAILED && d.term_length == 24);
	CHECK_STR(d.prompt, "ciscoasa(config)# ");

	unsigned w = 0, ht = 0;
	CHECK(proto_next(&r, &f) == 1 && proto_get_winch(&f, &w, &ht) == 0);
	CHECK(w == 80 && ht == 0xffff);

	CHECK(proto_next(&r, &f) == 1);
	char **got = proto_get_matches(&f);
	CHECK(got && got[0] && got[1] && got[2] && !got[3]);
	if (got && got[2]) {
		CHECK_STR(got[0], "show");
		CHECK_STR(got[2], "shutdown");
	}
	proto_free_words(got);

	CHECK(proto_next(&r, &f) == 1 && f.type == PT_BYE && f.len == 0);
	CHECK(proto_next(&r, &f) == 0);
	proto_reader_free(&r);
	sb_free(&q);
}

/* A stream cut at every byte gives the same frames. */
static void test_bytewise(void)
{
	struct strbuf q;
	struct proto_reader r;
	uint8_t types[8];

	sb_init(&q);
	proto_reader_init(&r);
	proto_put_str(&q, PT_OUTPUT, "Cisco Adaptive Security Appliance Software\n");
	proto_put(&q, PT_INTERRUPT, NULL, 0);
	proto_put_done(&q, PS_OK, 0, "R1>");
	CHECK(feed_bytewise(&q, &r, types, 8) == 3);
	CHECK(types[0] == PT_OUTPUT && types[1] == PT_INTERRUPT && types[2] == PT_DONE);
	proto_reader_free(&r);
	sb_free(&q);
}

/* Output larger than one frame is split, and the pieces join to the original. */
static void test_text_split(void)
{
	struct strbuf q, joined;
	struct proto_reader r;
	struct proto_frame f;
	size_t big = PROTO_MAX_PAYLOAD * 2 + 100;
	char *text = xmalloc(big);
	int frames = 0;

	for (size_t i = 0; i < big; i++)
		text[i] = (char)('a' + i % 26);
	sb_init(&q);
	sb_init(&joined);
	proto_reader_init(&r);
	proto_put_text(&q, PT_OUTPUT, text, big);
	proto_reader_feed(&r, q.s, q.len);
	while (proto_next(&r, &f) == 1) {
		CHECK(f.type == PT_OUTPUT && f.len <= PROTO_MAX_PAYLOAD);
		sb_addn(&joined, (const char *)f.payload, f.len);
		frames++;
	}
	CHECK(frames == 3);
	CHECK(joined.len == big);
	CHECK_MEM(joined.s, text, big);
	free(text);
	proto_reader_free(&r);
	sb_free(&q);
	sb_free(&joined);
}

/* An oversized length or an unknown type is an error as soon as the header is in. */
static void test_malformed(void)
{
	struct proto_reader r;
	struct proto_frame f;
	uint32_t too_long = PROTO_MAX_PAYLOAD + 1;
	uint8_t hdr1[] = { (uint8_t)(too_long >> 24), (uint8_t)(too_long >> 16), (uint8_t)(too_long >> 8),
			   (uint8_t)too_long, PT_EXEC };
	uint8_t hdr2[] = { 0, 0, 0, 0, 0 };
	uint8_t hdr3[] = { 0, 0, 0, 0, PT_MAX_TYPE + 1 };
	uint8_t short_done[] = { 0, 0, 0, 2, PT_DONE, 0, 0 };
	uint8_t bad_matches[] = { 0, 0, 0, 3, PT_MATCHES, 'a', 0, 'b' };

	proto_reader_init(&r);
	proto_reader_feed(&r, hdr1, 4);
	CHECK(proto_next(&r, &f) == 0);   /* header not complete yet */
	proto_reader_feed(&r, hdr1 + 4, 1);
	CHECK(proto_next(&r, &f) == -1);
	proto_reader_free(&r);

	proto_reader_init(&r);
	proto_reader_feed(&r, hdr2, sizeof(hdr2));
	CHECK(proto_next(&r, &f) == -1);
	proto_reader_free(&r);

	proto_reader_init(&r);
	proto_reader_feed(&r, hdr3, sizeof(hdr3));
	CHECK(proto_next(&r, &f) == -1);
	proto_reader_free(&r);

	struct proto_done d;
	proto_reader_init(&r);
	proto_reader_feed(&r, short_done, sizeof(short_done));
	CHECK(proto_next(&r, &f) == 1 && proto_get_done(&f, &d) == -1);
	proto_reader_feed(&r, bad_matches, sizeof(bad_matches));
	CHECK(proto_next(&r, &f) == 1 && proto_get_matches(&f) == NULL);
	struct proto_hello h;
	CHECK(proto_get_hello(&f, &h) == -1);   /* wrong type */
	proto_reader_free(&r);
}

/* A prompt longer than the DONE slot is cut, never overflows the decoder. */
static void test_long_prompt(void)
{
	struct strbuf q;
	struct proto_reader r;
	struct proto_frame f;
	struct proto_done d;
	char prompt[600];

	memset(prompt, 'x', sizeof(prompt) - 1);
	prompt[sizeof(prompt) - 1] = '\0';
	sb_init(&q);
	proto_reader_init(&r);
	proto_put_done(&q, PS_OK, 24, prompt);
	proto_reader_feed(&r, q.s, q.len);
	CHECK(proto_next(&r, &f) == 1 && proto_get_done(&f, &d) == 0);
	CHECK(strlen(d.prompt) == sizeof(d.prompt) - 1);
	proto_reader_free(&r);
	sb_free(&q);
}

/* Frames written to one end of a pipe are read back with proto_reader_fill. */
static void test_fill_from_fd(void)
{
	int fds[2];
	struct strbuf q;
	struct proto_reader r;
	struct proto_frame f;

	CHECK(pipe(fds) == 0);
	sb_init(&q);
	proto_reader_init(&r);
	proto_put_str(&q, PT_NOTIFY, "%ASA-5-713041: IP = 192.0.2.2, IKE Initiator");
	proto_put_str(&q, PT_SECRET, "Password: ");
	CHECK(proto_write_all(fds[1], &q) == 0 && q.len == 0);
	close(fds[1]);
	CHECK(proto_reader_fill(&r, fds[0]) > 0);
	CHECK(proto_next(&r, &f) == 1 && f.type == PT_NOTIFY);
	CHECK(proto_next(&r, &f) == 1 && f.type == PT_SECRET);
	char *question = proto_strdup(&f);
	CHECK_STR(question, "Password: ");
	free(question);
	CHECK(proto_reader_fill(&r, fds[0]) == 0);
	close(fds[0]);
	CHECK_STR(proto_type_name(PT_CONFIRM), "CONFIRM");
	CHECK_STR(proto_type_name(200), "?");
	proto_reader_free(&r);
	sb_free(&q);
}

int main(void)
{
	test_header_layout();
	test_roundtrip_all();
	test_bytewise();
	test_text_split();
	test_malformed();
	test_long_prompt();
	test_fill_from_fd();
	return check_done("test_proto");
}
