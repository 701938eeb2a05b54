#include "platform/event.h"
#include "tests/unit/check.h"

static uint64_t virtual_now;
static uint64_t virtual_clock(void *arg)
{
	(void)arg;
	return virtual_now;
}

static int fired[8], nfired;
static void record(struct ev_loop *loop, void *arg)
{
	(void)loop;
	fired[nfired++] = (int)(long)arg;
}

int main(void)
{
	struct ev_loop *loop = ev_loop_new();
	struct ev_timer *t2;

	ev_set_clock(loop, virtual_clock, NULL);
	ev_timer_add(loop, 300, record, (void *)3L);
	ev_timer_add(loop, 100, record, (void *)1L);
	t2 = ev_timer_add(loop, 200, record, (void *)2L);
	ev_timer_add(loop, 100, record, (void *)4L);
	CHECK(ev_timer_remaining_ms(loop, t2) == 200);
	virtual_now = 150;
	ev_run_timers(loop);
	CHECK(nfired == 2 && fired[0] == 1 && fired[1] == 4);
	ev_timer_cancel(loop, t2);
	virtual_now = 1000;
	ev_run_timers(loop);
	CHECK(nfired == 3 && fired[2] == 3);
	ev_loop_free(loop);
	return check_done("test_event");
}
