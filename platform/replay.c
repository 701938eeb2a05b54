#include "platform/replay.h"

#include <string.h>

int replay_init(struct replay_window *w, uint32_t size)
{
	memset(w, 0, sizeof(*w));
	if (size > REPLAY_WINDOW_MAX)
		return -1;
	w->size = (size + 63) / 64 * 64;
	w->nwords = w->size / 64 + 1;
	return 0;
}

static uint64_t *word_of(struct replay_window *w, uint32_t seq)
{
	return &w->bits[(seq / 64) % w->nwords];
}

static uint64_t bit_of(uint32_t seq)
{
	return (uint64_t)1 << (seq % 64);
}

bool replay_check(const struct replay_window *w, uint32_t seq)
{
	/* RFC 4303 §3.3.3: the first packet sent carries 1; 0 is never valid. */
	if (seq == 0)
		return false;
	if (w->size == 0 || seq > w->top)
		return true;
	if (w->top - seq >= w->size)
		return false;
	return !(w->bits[(seq / 64) % w->nwords] & bit_of(seq));
}

/* Clears the words that the window enters when the top moves to new_top. */
static void advance(struct replay_window *w, uint32_t new_top)
{
	uint32_t from = w->top / 64, to = new_top / 64;

	if (to - from >= w->nwords) {
		memset(w->bits, 0, sizeof(w->bits));
	} else {
		for (uint32_t i = from + 1; i <= to; i++)
			w->bits[i % w->nwords] = 0;
	}
	w->top = new_top;
}

void replay_update(struct replay_window *w, uint32_t seq)
{
	if (w->size == 0) {
		if (seq > w->top)
			w->top = seq;
		return;
	}
	if (seq > w->top)
		advance(w, seq);
	*word_of(w, seq) |= bit_of(seq);
}
