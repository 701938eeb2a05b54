/* The anti-replay window of RFC 4303 §3.4.3, edge by edge. */
#include "platform/replay.h"
#include "tests/unit/check.h"

/* What the receiver does per authentic packet: check, then update. */
static bool accept(struct replay_window *w, uint32_t seq)
{
	if (!replay_check(w, seq))
		return false;
	replay_update(w, seq);
	return true;
}

static void test_basics(void)
{
	struct replay_window w;

	CHECK(replay_init(&w, 64) == 0);
	CHECK(!accept(&w, 0));                  /* never valid */
	CHECK(accept(&w, 1));                   /* first packet */
	CHECK(!accept(&w, 1));                  /* duplicate */
	CHECK(accept(&w, 3));
	CHECK(accept(&w, 2));                   /* late but inside */
	CHECK(!accept(&w, 2));
	CHECK(accept(&w, 100));                 /* far ahead */
	CHECK(!accept(&w, 36));                 /* 100 - 36 = 64: just left the window */
	CHECK(accept(&w, 37));                  /* oldest slot inside */
	CHECK(!accept(&w, 37));
	CHECK(!accept(&w, 3));                  /* too old */
	CHECK(accept(&w, 99));
	CHECK(!accept(&w, 100));
}

static void test_first_packet_high(void)
{
	struct replay_window w;

	/* A receiver may first see any number (the first ones were lost). */
	replay_init(&w, 64);
	CHECK(accept(&w, 1000));
	CHECK(accept(&w, 999));
	CHECK(accept(&w, 937));
	CHECK(!accept(&w, 936));
}

static void test_slide_clears(void)
{
	struct replay_window w;

	replay_init(&w, 128);
	for (uint32_t s = 1; s <= 128; s++)
		CHECK(accept(&w, s));
	/* Moving by exactly one word, then by more than the ring: the old bits must
	 * not reappear as "seen" for numbers now inside the window. */
	CHECK(accept(&w, 192));
	for (uint32_t s = 129; s < 192; s++)
		CHECK(replay_check(&w, s));
	CHECK(!replay_check(&w, 64));
	CHECK(accept(&w, 100000));
	for (uint32_t s = 100000 - 127; s < 100000; s++)
		CHECK(replay_check(&w, s));
	CHECK(!replay_check(&w, 100000 - 128));
}

/* Random order against a plain reference model. */
static void test_against_model(uint32_t size)
{
	static uint8_t seen[20000];
	struct replay_window w;
	uint32_t top = 0, x = 12345;

	memset(seen, 0, sizeof(seen));
	replay_init(&w, size);
	for (int i = 0; i < 50000; i++) {
		uint32_t seq;
		bool want;
		x = x * 1103515245 + 12345;
		seq = top + 40 > 19999 ? 1 + (x >> 8) % 19999 : 1 + (x >> 8) % (top + 40);
		want = !seen[seq] && (seq > top || top - seq < w.size);
		CHECK(accept(&w, seq) == want);
		if (want) {
			seen[seq] = 1;
			if (seq > top)
				top = seq;
		}
	}
}

static void test_sizes(void)
{
	struct replay_window w;

	CHECK(replay_init(&w, 0) == 0 && w.size == 0);
	CHECK(accept(&w, 5) && accept(&w, 5));  /* off: duplicates pass */
	CHECK(!accept(&w, 0));
	CHECK(replay_init(&w, 32) == 0 && w.size == 64);
	CHECK(replay_init(&w, 1024) == 0 && w.size == 1024);
	CHECK(replay_init(&w, 1025) == -1);
	replay_init(&w, 1024);
	CHECK(accept(&w, 2000));
	CHECK(accept(&w, 977));
	CHECK(!accept(&w, 976));
	CHECK(accept(&w, UINT32_MAX));
	CHECK(!accept(&w, UINT32_MAX));
	CHECK(accept(&w, UINT32_MAX - 1023));
	CHECK(!accept(&w, UINT32_MAX - 1024));
}

int main(void)
{
	test_basics();
	test_first_packet_high();
	test_slide_clears();
	test_against_model(64);
	test_against_model(256);
	test_against_model(1024);
	test_sizes();
	return check_done("test_esp_replay");
}
