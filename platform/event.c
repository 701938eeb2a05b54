#include "platform/event.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "platform/util.h"

struct ev_timer {
	uint64_t due_ms;
	uint64_t seq;     /* ties fire in arming order */
	size_t heap_pos;
	ev_timer_cb cb;
	void *arg;
};

struct ev_fd {
	int fd;
	ev_fd_cb cb;
	void *arg;
	struct ev_fd *next;
};

struct ev_loop {
	int epfd;
	bool stop;
	ev_clock_fn clock;
	void *clock_arg;
	struct ev_timer **heap;
	size_t nheap, capheap;
	uint64_t seq;
	struct ev_fd *fds;
	struct ev_fd *dead;  /* deleted during a dispatch batch, freed after it */
};

static void free_dead(struct ev_loop *loop);

uint64_t ev_monotonic_ms(void *unused)
{
	struct timespec ts;

	UNUSED(unused);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct ev_loop *ev_loop_new(void)
{
	struct ev_loop *loop = xcalloc(1, sizeof(*loop));

	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		free(loop);
		return NULL;
	}
	loop->clock = ev_monotonic_ms;
	return loop;
}

void ev_loop_free(struct ev_loop *loop)
{
	if (!loop)
		return;
	for (size_t i = 0; i < loop->nheap; i++)
		free(loop->heap[i]);
	free(loop->heap);
	while (loop->fds) {
		struct ev_fd *f = loop->fds;
		loop->fds = f->next;
		free(f);
	}
	free_dead(loop);
	close(loop->epfd);
	free(loop);
}

static struct ev_fd *fd_find(struct ev_loop *loop, int fd)
{
	for (struct ev_fd *f = loop->fds; f; f = f->next)
		if (f->fd == fd)
			return f;
	return NULL;
}

int ev_fd_add(struct ev_loop *loop, int fd, uint32_t events, ev_fd_cb cb, void *arg)
{
	struct ev_fd *f = xcalloc(1, sizeof(*f));
	struct epoll_event ev = { .events = events, .data.ptr = f };

	f->fd = fd;
	f->cb = cb;
	f->arg = arg;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		free(f);
		return -1;
	}
	f->next = loop->fds;
	loop->fds = f;
	return 0;
}

int ev_fd_mod(struct ev_loop *loop, int fd, uint32_t events)
{
	struct ev_fd *f = fd_find(loop, fd);
	struct epoll_event ev = { .events = events };

	if (!f)
		return -1;
	ev.data.ptr = f;
	return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ev);
}

void ev_fd_del(struct ev_loop *loop, int fd)
{
	for (struct ev_fd **p = &loop->fds; *p; p = &(*p)->next) {
		if ((*p)->fd == fd) {
			struct ev_fd *f = *p;
			*p = f->next;
			epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL);
			/* An event of the current epoll batch may still point at f:
			 * keep it, marked dead, until the batch is over. */
			f->cb = NULL;
			f->next = loop->dead;
			loop->dead = f;
			return;
		}
	}
}

static void free_dead(struct ev_loop *loop)
{
	while (loop->dead) {
		struct ev_fd *f = loop->dead;
		loop->dead = f->next;
		free(f);
	}
}

static bool timer_before(const struct ev_timer *a, const struct ev_timer *b)
{
	return a->due_ms < b->due_ms || (a->due_ms == b->due_ms && a->seq < b->seq);
}

static void heap_set(struct ev_loop *loop, size_t i, struct ev_timer *t)
{
	loop->heap[i] = t;
	t->heap_pos = i;
}

static void heap_up(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = loop->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!timer_before(t, loop->heap[parent]))
			break;
		heap_set(loop, i, loop->heap[parent]);
		i = parent;
	}
	heap_set(loop, i, t);
}

static void heap_down(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = loop->heap[i];

	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= loop->nheap)
			break;
		if (child + 1 < loop->nheap && timer_before(loop->heap[child + 1], loop->heap[child]))
			child++;
		if (!timer_before(loop->heap[child], t))
			break;
		heap_set(loop, i, loop->heap[child]);
		i = child;
	}
	heap_set(loop, i, t);
}

static void heap_remove(struct ev_loop *loop, struct ev_timer *t)
{
	size_t i = t->heap_pos;
	struct ev_timer *last = loop->heap[--loop->nheap];

	if (last == t)
		return;
	heap_set(loop, i, last);
	heap_up(loop, i);
	heap_down(loop, last->heap_pos);
}

struct ev_timer *ev_timer_add(struct ev_loop *loop, uint64_t delay_ms, ev_timer_cb cb, void *arg)
{
	struct ev_timer *t = xcalloc(1, sizeof(*t));

	t->due_ms = ev_now_ms(loop) + delay_ms;
	t->seq = loop->seq++;
	t->cb = cb;
	t->arg = arg;
	if (loop->nheap == loop->capheap) {
		loop->capheap = loop->capheap ? loop->capheap * 2 : 16;
		loop->heap = xrealloc(loop->heap, loop->capheap * sizeof(*loop->heap));
	}
	loop->nheap++;
	heap_set(loop, loop->nheap - 1, t);
	heap_up(loop, loop->nheap - 1);
	return t;
}

void ev_timer_cancel(struct ev_loop *loop, struct ev_timer *t)
{
	if (!t)
		return;
	heap_remove(loop, t);
	free(t);
}

void ev_timer_clear(struct ev_loop *loop, struct ev_timer **t)
{
	ev_timer_cancel(loop, *t);
	*t = NULL;
}

uint64_t ev_timer_remaining_ms(struct ev_loop *loop, const struct ev_timer *t)
{
	uint64_t now = ev_now_ms(loop);

	return t->due_ms > now ? t->due_ms - now : 0;
}

uint64_t ev_now_ms(struct ev_loop *loop)
{
	return loop->clock(loop->clock_arg);
}

void ev_set_clock(struct ev_loop *loop, ev_clock_fn fn, void *arg)
{
	loop->clock = fn ? fn : ev_monotonic_ms;
	loop->clock_arg = arg;
}

void ev_run_timers(struct ev_loop *loop)
{
	uint64_t now = ev_now_ms(loop);

	while (loop->nheap && loop->heap[0]->due_ms <= now) {
		struct ev_timer *t = loop->heap[0];
		heap_remove(loop, t);
		/* The callback may arm new timers (even due ones): they run in this pass
		 * only if already due, which keeps virtual-time tests deterministic. */
		ev_timer_cb cb = t->cb;
		void *arg = t->arg;
		free(t);
		cb(loop, arg);
	}
}

static int next_wait_ms(struct ev_loop *loop, int max_wait_ms)
{
	uint64_t now, due;
	uint64_t wait;

	if (!loop->nheap)
		return max_wait_ms;
	now = ev_now_ms(loop);
	due = loop->heap[0]->due_ms;
	wait = due > now ? due - now : 0;
	if (max_wait_ms >= 0 && wait > (uint64_t)max_wait_ms)
		return max_wait_ms;
	return wait > 60000 ? 60000 : (int)wait;
}

int ev_run_once(struct ev_loop *loop, int max_wait_ms)
{
	struct epoll_event evs[64];
	int n;

	n = epoll_wait(loop->epfd, evs, ARRAY_SIZE(evs), next_wait_ms(loop, max_wait_ms));
	if (n < 0 && errno != EINTR)
		return -1;
	for (int i = 0; i < n; i++) {
		struct ev_fd *f = evs[i].data.ptr;
		if (f->cb)
			f->cb(loop, f->fd, evs[i].events, f->arg);
	}
	free_dead(loop);
	ev_run_timers(loop);
	free_dead(loop);
	return n < 0 ? 0 : n;
}

void ev_run(struct ev_loop *loop)
{
	while (!loop->stop)
		if (ev_run_once(loop, -1) < 0)
			break;
}

void ev_stop(struct ev_loop *loop)
{
	loop->stop = true;
}

bool ev_stopped(struct ev_loop *loop)
{
	return loop->stop;
}
