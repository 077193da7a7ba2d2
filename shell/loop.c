/* loop.c: the one poll() loop (see loop.h).
 *
 * Signals arrive through a signalfd (they are blocked for the whole
 * process, and unblocked in children by run_child_signals()). Timers
 * share one timerfd armed for the earliest deadline. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "loop.h"

struct watch {
	int fd;
	short events;
	bool paused;
	bool dead;
	loop_fd_fn fn;
	void *arg;
};

struct sigh {
	int signo;
	loop_sig_fn fn;
	void *arg;
};

struct timer {
	uint64_t id;
	uint64_t when;
	loop_timer_fn fn;
	void *arg;
};

static struct watch *watches;
static size_t nwatches, capwatches;
static struct sigh *sighs;
static size_t nsighs;
static struct timer *timers;
static size_t ntimers;
static uint64_t next_timer_id = 1;
static int sigfd = -1, timerfd = -1;
static loop_idle_fn idle_fn;
static void *idle_arg;
static int quitting;
static sigset_t handled;

uint64_t loop_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void on_signalfd(int fd, short revents, void *arg)
{
	struct signalfd_siginfo si;
	(void)revents;
	(void)arg;

	while (read(fd, &si, sizeof si) == (ssize_t)sizeof si) {
		for (size_t i = 0; i < nsighs; i++)
			if (sighs[i].signo == (int)si.ssi_signo)
				sighs[i].fn((int)si.ssi_signo, sighs[i].arg);
	}
}

static void arm_timerfd(void)
{
	struct itimerspec its;
	uint64_t first = UINT64_MAX, now = loop_now_ms();

	memset(&its, 0, sizeof its);
	for (size_t i = 0; i < ntimers; i++)
		if (timers[i].when < first)
			first = timers[i].when;
	if (first != UINT64_MAX) {
		uint64_t d = first > now ? first - now : 1;
		its.it_value.tv_sec = (time_t)(d / 1000);
		its.it_value.tv_nsec = (long)(d % 1000) * 1000000;
	}
	timerfd_settime(timerfd, 0, &its, NULL);
}

static void on_timerfd(int fd, short revents, void *arg)
{
	uint64_t exp, now = loop_now_ms();
	(void)revents;
	(void)arg;

	if (read(fd, &exp, sizeof exp) < 0 && errno != EAGAIN)
		return;
	/* Run the due timers; a callback may add or cancel timers. */
	for (;;) {
		size_t i;
		for (i = 0; i < ntimers; i++)
			if (timers[i].when <= now)
				break;
		if (i == ntimers)
			break;
		struct timer t = timers[i];
		timers[i] = timers[--ntimers];
		t.fn(t.arg);
	}
	arm_timerfd();
}

int loop_init(void)
{
	sigemptyset(&handled);
	sigaddset(&handled, SIGCHLD);
	sigaddset(&handled, SIGINT);
	sigaddset(&handled, SIGTERM);
	sigaddset(&handled, SIGWINCH);
	sigaddset(&handled, SIGHUP);
	sigaddset(&handled, SIGQUIT);
	if (sigprocmask(SIG_BLOCK, &handled, NULL) < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	sigfd = signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC);
	timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (sigfd < 0 || timerfd < 0)
		return -1;
	loop_add_fd(sigfd, POLLIN, on_signalfd, NULL);
	loop_add_fd(timerfd, POLLIN, on_timerfd, NULL);
	return 0;
}

void loop_free(void)
{
	if (sigfd >= 0)
		close(sigfd);
	if (timerfd >= 0)
		close(timerfd);
	sigfd = timerfd = -1;
	free(watches);
	free(sighs);
	free(timers);
	watches = NULL;
	sighs = NULL;
	timers = NULL;
	nwatches = capwatches = nsighs = ntimers = 0;
	sigprocmask(SIG_UNBLOCK, &handled, NULL);
}

int loop_add_fd(int fd, short events, loop_fd_fn fn, void *arg)
{
	for (size_t i = 0; i < nwatches; i++)
		if (watches[i].fd == fd && !watches[i].dead) {
			watches[i].events = events;
			watches[i].fn = fn;
			watches[i].arg = arg;
			return 0;
		}
	if (nwatches == capwatches) {
		size_t cap = capwatches ? capwatches * 2 : 16;
		struct watch *n = realloc(watches, cap * sizeof *n);
		if (!n)
			return -1;
		watches = n;
		capwatches = cap;
	}
	watches[nwatches++] = (struct watch){ fd, events, false, false, fn, arg };
	return 0;
}

void loop_del_fd(int fd)
{
	/* Marked dead, compacted after the turn: the caller may be inside
	 * the dispatch loop. */
	for (size_t i = 0; i < nwatches; i++)
		if (watches[i].fd == fd)
			watches[i].dead = true;
}

void loop_pause_fd(int fd, int paused)
{
	for (size_t i = 0; i < nwatches; i++)
		if (watches[i].fd == fd && !watches[i].dead)
			watches[i].paused = paused != 0;
}

int loop_on_signal(int signo, loop_sig_fn fn, void *arg)
{
	struct sigh *n = realloc(sighs, (nsighs + 1) * sizeof *n);
	if (!n)
		return -1;
	sighs = n;
	sighs[nsighs++] = (struct sigh){ signo, fn, arg };
	return 0;
}

uint64_t loop_add_timer(unsigned ms, loop_timer_fn fn, void *arg)
{
	struct timer *n = realloc(timers, (ntimers + 1) * sizeof *n);
	if (!n)
		return 0;
	timers = n;
	timers[ntimers] = (struct timer){ next_timer_id++, loop_now_ms() + ms, fn, arg };
	ntimers++;
	arm_timerfd();
	return timers[ntimers - 1].id;
}

void loop_cancel_timer(uint64_t id)
{
	for (size_t i = 0; i < ntimers; i++)
		if (timers[i].id == id) {
			timers[i] = timers[--ntimers];
			arm_timerfd();
			return;
		}
}

void loop_set_idle(loop_idle_fn fn, void *arg)
{
	idle_fn = fn;
	idle_arg = arg;
}

static void compact(void)
{
	size_t j = 0;
	for (size_t i = 0; i < nwatches; i++)
		if (!watches[i].dead)
			watches[j++] = watches[i];
	nwatches = j;
}

void loop_once(int timeout_ms)
{
	struct pollfd pfd[256];
	size_t idx[256], n = 0;
	int r;

	compact();
	for (size_t i = 0; i < nwatches && n < 256; i++) {
		if (watches[i].paused)
			continue;
		pfd[n].fd = watches[i].fd;
		pfd[n].events = watches[i].events;
		pfd[n].revents = 0;
		idx[n++] = i;
	}
	r = poll(pfd, n, timeout_ms);
	if (r > 0) {
		for (size_t k = 0; k < n; k++) {
			if (!pfd[k].revents)
				continue;
			struct watch *w = &watches[idx[k]];
			if (w->dead || w->paused || w->fd != pfd[k].fd)
				continue;
			w->fn(w->fd, pfd[k].revents, w->arg);
			/* The callback may have grown the array: re-read. */
		}
	}
	if (idle_fn)
		idle_fn(idle_arg);
}

void loop_run(void)
{
	while (!quitting)
		loop_once(-1);
}

void loop_quit(void)
{
	quitting = 1;
}

int loop_quitting(void)
{
	return quitting;
}
