/* The daemon's single event loop: epoll for descriptors, a min-heap of timers, and a
 * clock that tests can replace so that timeouts run on virtual time. */
#ifndef RAMPART_EVENT_H
#define RAMPART_EVENT_H

#include <stdbool.h>
#include <stdint.h>

struct ev_loop;
struct ev_timer;

typedef void (*ev_fd_cb)(struct ev_loop *loop, int fd, uint32_t events, void *arg);
typedef void (*ev_timer_cb)(struct ev_loop *loop, void *arg);
/* Returns the current time in milliseconds on a monotonic scale. */
typedef uint64_t (*ev_clock_fn)(void *arg);

struct ev_loop *ev_loop_new(void);
void ev_loop_free(struct ev_loop *loop);

/* events: EPOLLIN/EPOLLOUT bits. One registration per descriptor. */
int ev_fd_add(struct ev_loop *loop, int fd, uint32_t events, ev_fd_cb cb, void *arg);
int ev_fd_mod(struct ev_loop *loop, int fd, uint32_t events);
void ev_fd_del(struct ev_loop *loop, int fd);

/* One-shot timer; the handle stays valid until it fires or is cancelled. */
struct ev_timer *ev_timer_add(struct ev_loop *loop, uint64_t delay_ms, ev_timer_cb cb, void *arg);
void ev_timer_cancel(struct ev_loop *loop, struct ev_timer *t);
/* Cancels *t if set and clears it: the common "re-arm" idiom. */
void ev_timer_clear(struct ev_loop *loop, struct ev_timer **t);
uint64_t ev_timer_remaining_ms(struct ev_loop *loop, const struct ev_timer *t);

uint64_t ev_now_ms(struct ev_loop *loop);
/* Replace the clock (tests). With a virtual clock, ev_run_once() never sleeps past
 * "now": tests move time with ev_advance(). */
void ev_set_clock(struct ev_loop *loop, ev_clock_fn fn, void *arg);
/* Runs due timers after moving a virtual clock; the clock function must read the
 * value the caller advanced. */
void ev_run_timers(struct ev_loop *loop);

/* Waits at most max_wait_ms (-1: until the next timer or event) and dispatches. */
int ev_run_once(struct ev_loop *loop, int max_wait_ms);
void ev_run(struct ev_loop *loop);
void ev_stop(struct ev_loop *loop);
bool ev_stopped(struct ev_loop *loop);

uint64_t ev_monotonic_ms(void *unused);

#endif
