/* tui/tui-restore.c: what the screen must give back. The terminal's modes
 * and a sane screen on a fatal signal or exit, and fd 2 redirected into
 * the console while curses owns the terminal (so a stray write to stderr
 * never lands raw on the screen), restored after. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "tui.h"
#include "tui-int.h"
#include "../loop.h"

static struct termios saved_tios;
static bool have_tios;
static int saved_stderr = -1;	/* the terminal, while fd 2 is our pipe */
static int errpipe[2] = { -1, -1 };

void tui_save_terminal(void)
{
	have_tios = tcgetattr(STDIN_FILENO, &saved_tios) == 0;
}

/* ---------- terminal restore on fatal paths ---------- */

static void crash_restore(int sig)
{
	static const char seq[] = "\033[0m\033[?1049l\033[?25h\r\n";
	if (have_tios)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tios);
	if (write(STDOUT_FILENO, seq, sizeof seq - 1) < 0) {
		/* nothing more can be done */
	}
	if (saved_stderr >= 0)
		dup2(saved_stderr, STDERR_FILENO);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_crash_handlers(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = crash_restore;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

static void atexit_restore(void)
{
	tui_stop();
}

/* ---------- stderr into the console ---------- */

static void on_errpipe(int fd, short revents, void *arg)
{
	char buf[4096];
	ssize_t n;
	(void)revents;
	(void)arg;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		console_append(1, buf, (size_t)n);
}

void tui_stderr_capture(void)
{
	if (errpipe[0] >= 0 || pipe2(errpipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return;
	fflush(stderr);
	saved_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	dup2(errpipe[1], STDERR_FILENO);	/* dup2 clears CLOEXEC on 2 */
	loop_add_fd(errpipe[0], POLLIN, on_errpipe, NULL);
}

void tui_stderr_release(void)
{
	if (saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	if (errpipe[0] >= 0) {
		on_errpipe(errpipe[0], POLLIN, NULL);
		loop_del_fd(errpipe[0]);
		close(errpipe[0]);
		close(errpipe[1]);
		errpipe[0] = errpipe[1] = -1;
	}
}

/* Restore the terminal on a crash signal and at exit. */
void tui_crash_handlers(void)
{
	install_crash_handlers();
	atexit(atexit_restore);
}
