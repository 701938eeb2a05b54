/* The ESP anti-replay window (RFC 4303 §3.4.3): a ring of bits indexed by sequence
 * number, advanced word by word (the layout of RFC 6479), so that a packet far ahead
 * costs at most one pass over the ring and a duplicate costs one bit test. */
#ifndef RAMPART_REPLAY_H
#define RAMPART_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#define REPLAY_WINDOW_DEFAULT 64
#define REPLAY_WINDOW_MAX 1024

/* One spare word beyond the window: advancing clears whole words, and the spare
 * keeps the full window of bits below the top valid while that happens. */
#define REPLAY_WORDS (REPLAY_WINDOW_MAX / 64 + 1)

struct replay_window {
	uint32_t size;          /* packets; 0 = anti-replay off */
	uint32_t top;           /* highest sequence number accepted so far; 0 = none yet */
	uint32_t nwords;        /* ring words in use: size / 64 + 1 */
	uint64_t bits[REPLAY_WORDS];
};

/* size is rounded up to a multiple of 64; above REPLAY_WINDOW_MAX is an error
 * (-1), 0 turns checking off. */
int replay_init(struct replay_window *w, uint32_t size);

/* Before the ICV is checked: may this sequence number be new? */
bool replay_check(const struct replay_window *w, uint32_t seq);

/* After the ICV was verified: record the number as seen. Must follow a true
 * replay_check() for the same number. */
void replay_update(struct replay_window *w, uint32_t seq);

#endif
