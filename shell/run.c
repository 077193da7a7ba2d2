/* run.c: children of the shell: foreground, captured, background (run.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "i18n.h"
#include "kernel/proc.h"
#include "loop.h"
#include "out.h"
#include "run.h"
#include "shell.h"

/* A stream from a child, cut into lines for the console. */
struct stream {
	int fd;
	enum out_stream which;
	char *buf;
	size_t len;
	struct job *job;
};

struct job {
	pid_t pid;
	char label[64];
	char cmd[64];
	bool background;
	bool report_exit;
	bool kill_on_quit;
	bool exited;
	bool console;		/* a foreground child on a pty into the console */
	int status;
	int open_streams;
	struct stream out, err;
	void (*on_exit)(pid_t, int, void *);
	void *on_exit_arg;
	struct job *next;
};

struct pidwatch {
	pid_t pid;
	void (*fn)(pid_t, int, void *);
	void *arg;
	struct pidwatch *next;
};

/* Hidden helpers: (pid, start time) while they run and HIDDEN_MS after. */
#define HIDDEN_MAX 64
#define HIDDEN_MS 5000
static struct hidden { pid_t pid; unsigned long long start; uint64_t until; } hidden[HIDDEN_MAX];

static void hidden_add(pid_t pid)
{
	int slot = 0;
	uint64_t now = loop_now_ms();
	for (int i = 0; i < HIDDEN_MAX; i++) {
		if (!hidden[i].pid || (hidden[i].until && hidden[i].until < now)) {
			slot = i;
			break;
		}
		if (hidden[i].until && hidden[i].until < hidden[slot].until)
			slot = i;	/* full: the one that ended first */
	}
	hidden[slot] = (struct hidden){ pid, proc_starttime(pid), 0 };
}

static void hidden_ended(pid_t pid)
{
	for (int i = 0; i < HIDDEN_MAX; i++)
		if (hidden[i].pid == pid && !hidden[i].until)
			hidden[i].until = loop_now_ms() + HIDDEN_MS;
}

bool run_is_hidden(pid_t pid, unsigned long long start)
{
	uint64_t now = 0;
	for (int i = 0; i < HIDDEN_MAX; i++) {
		if (hidden[i].pid != pid || (start && hidden[i].start && hidden[i].start != start))
			continue;
		if (!hidden[i].until)
			return true;
		if (!now)
			now = loop_now_ms();
		if (hidden[i].until >= now)
			return true;
	}
	return false;
}

static struct job *jobs;
static struct pidwatch *pidwatches;
static struct job *capture_job;	/* the job Ctrl-C interrupts */
static void (*tty_suspend)(void), (*tty_resume)(void);
static bool initialised;
static struct winsize console_size;	/* 0x0: no console pane on screen */
static int kbd_fd = -1;			/* the keyboard, forwarded to a console child */
static int pty_master = -1;
static bool pty_midline;		/* its last output did not end a line */

void run_set_console(int rows, int cols)
{
	console_size.ws_row = (unsigned short)(rows > 0 ? rows : 0);
	console_size.ws_col = (unsigned short)(cols > 0 ? cols : 0);
	if (pty_master >= 0 && rows > 0 && cols > 0)
		ioctl(pty_master, TIOCSWINSZ, &console_size);
}

/* Programs that want a terminal of their own: full-screen ones always,
 * shells and interpreters when they get no script or command. */
static bool interactive_args(char *const *argv, bool always_if_known)
{
	static const char *const screenful[] = {
		"vi", "vim", "nvim", "view", "nano", "emacs", "less", "more", "most", "top",
		"htop", "atop", "man", "watch", "mc", "tmux", "screen", "login", "su",
		"passwd", "telnet", "ssh", NULL
	};
	static const char *const repls[] = {
		"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "fish", "csh", "tcsh",
		"python", "python3", "perl", "irb", "lua", "node", "bc", "gdb", "ftp", NULL
	};
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	if (!strcmp(base, "busybox") && argv[1])
		return interactive_args(argv + 1, always_if_known);
	for (int i = 0; screenful[i]; i++)
		if (!strcmp(base, screenful[i]))
			return always_if_known;
	for (int i = 0; repls[i]; i++) {
		if (strcmp(base, repls[i]))
			continue;
		/* `sh`, `bash -l`, `sh -i`: interactive; `sh -c ...`, `sh x.sh`: not */
		for (char *const *a = argv + 1; *a; a++) {
			if (!strcmp(*a, "-i"))
				return true;
			if ((*a)[0] != '-' || !strcmp(*a, "-c") || !strcmp(*a, "-s") ||
			    !strcmp(*a, "-") || !strcmp(*a, "--"))
				return false;
		}
		return true;
	}
	return false;
}

bool run_is_interactive(char *const *argv)
{
	return argv && argv[0] && interactive_args(argv, true);
}

void run_set_tty_hooks(void (*suspend)(void), void (*resume)(void))
{
	tty_suspend = suspend;
	tty_resume = resume;
}

bool run_have_tty(void)
{
	return shell.interactive && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

void run_child_signals(void)
{
	sigset_t all;
	int sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGWINCH, SIGHUP, SIGQUIT, SIGPIPE,
		       SIGTTOU, SIGTTIN, SIGTSTP };

	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
}

const char *run_status_str(int status)
{
	static char buf[128];

	if (WIFEXITED(status))
		snprintf(buf, sizeof buf, _("exited with status %d"), WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof buf, _("killed by signal %d (SIG%s)"), WTERMSIG(status),
			 sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
	else
		snprintf(buf, sizeof buf, _("stopped"));
	return buf;
}

static void stream_flush(struct stream *s, bool all)
{
	char prefix[80] = "";
	size_t start = 0;

	if (s->job->label[0])
		snprintf(prefix, sizeof prefix, "[%s] ", s->job->label);
	for (size_t i = 0; i < s->len; i++) {
		if (s->buf[i] == '\n') {
			out_prefixed(s->which, prefix, s->buf + start, i + 1 - start);
			start = i + 1;
		}
	}
	if (all && start < s->len) {
		out_prefixed(s->which, prefix, s->buf + start, s->len - start);
		start = s->len;
	}
	if (start > 0 && s->buf)
		memmove(s->buf, s->buf + start, s->len - start);
	s->len -= start;
}

static void job_free_if_done(struct job *j);

static void stream_close(struct stream *s)
{
	if (s->fd < 0)
		return;
	stream_flush(s, true);
	loop_del_fd(s->fd);
	close(s->fd);
	s->fd = -1;
	free(s->buf);
	s->buf = NULL;
	s->job->open_streams--;
}

static void on_stream(int fd, short revents, void *arg)
{
	struct stream *s = arg;
	char tmp[4096];
	ssize_t n = read(fd, tmp, sizeof tmp);
	(void)revents;

	if (n > 0 && s->job->console && s->which == OUT_STDOUT) {
		/* the pty: as it comes, partial lines too (a prompt, typed keys) */
		out_write(OUT_STDOUT, tmp, (size_t)n);
		pty_midline = tmp[n - 1] != '\n';
		return;
	}
	if (n > 0) {
		char *nb = realloc(s->buf, s->len + (size_t)n);
		if (!nb)
			return;
		s->buf = nb;
		memcpy(s->buf + s->len, tmp, (size_t)n);
		s->len += (size_t)n;
		/* A line longer than 64 KiB is cut. */
		stream_flush(s, s->len > 65536);
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	struct job *j = s->job;
	stream_close(s);
	job_free_if_done(j);
}

static void job_report(struct job *j)
{
	if (j->report_exit) {
		if (j->label[0])
			out_printf("[%s] %s (pid %d) %s\n", j->label, j->cmd, (int)j->pid,
				   run_status_str(j->status));
		else
			out_printf("%s (pid %d) %s\n", j->cmd, (int)j->pid,
				   run_status_str(j->status));
	}
	if (j->on_exit)
		j->on_exit(j->pid, j->status, j->on_exit_arg);
}

static void job_free_if_done(struct job *j)
{
	if (!j->exited || j->open_streams > 0 || !j->background)
		return;
	job_report(j);
	for (struct job **pp = &jobs; *pp; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	free(j);
}

static void on_sigchld(int signo, void *arg)
{
	int st;
	(void)signo;
	(void)arg;

	for (struct job *j = jobs, *next; j; j = next) {
		next = j->next;
		if (!j->exited && waitpid(j->pid, &st, WNOHANG) == j->pid) {
			j->exited = true;
			hidden_ended(j->pid);
			j->status = st;
			job_free_if_done(j);
		}
	}
	for (struct pidwatch *w = pidwatches, *next; w; w = next) {
		next = w->next;
		if (waitpid(w->pid, &st, WNOHANG) == w->pid) {
			void (*fn)(pid_t, int, void *) = w->fn;
			void *warg = w->arg;
			pid_t pid = w->pid;
			run_unwatch_pid(pid);
			fn(pid, st, warg);
		}
	}
}

static void on_sigint(int signo, void *arg)
{
	(void)signo;
	(void)arg;
	shell.interrupted = true;
	if (capture_job && !capture_job->exited)
		kill(-capture_job->pid, SIGINT);
}

static void run_init(void)
{
	if (initialised)
		return;
	initialised = true;
	loop_on_signal(SIGCHLD, on_sigchld, NULL);
	loop_on_signal(SIGINT, on_sigint, NULL);
}

bool run_busy(void)
{
	return capture_job != NULL;
}

int run_watch_pid(pid_t pid, void (*fn)(pid_t, int, void *), void *arg)
{
	struct pidwatch *w = calloc(1, sizeof *w);
	if (!w)
		return -1;
	run_init();
	w->pid = pid;
	w->fn = fn;
	w->arg = arg;
	w->next = pidwatches;
	pidwatches = w;
	return 0;
}

void run_unwatch_pid(pid_t pid)
{
	for (struct pidwatch **pp = &pidwatches; *pp; pp = &(*pp)->next)
		if ((*pp)->pid == pid) {
			struct pidwatch *w = *pp;
			*pp = w->next;
			free(w);
			return;
		}
}

int run_count_background(void)
{
	int n = 0;
	for (struct job *j = jobs; j; j = j->next)
		if (j->background && !j->exited)
			n++;
	return n;
}

void run_kill_background(void)
{
	for (struct job *j = jobs; j; j = j->next)
		if (j->background && !j->exited && j->kill_on_quit) {
			kill(-j->pid, SIGTERM);
			kill(j->pid, SIGTERM);
		}
	for (struct job *j = jobs; j; j = j->next)
		if (j->background && !j->exited && j->kill_on_quit) {
			int st;
			for (int i = 0; i < 50 && waitpid(j->pid, &st, WNOHANG) == 0; i++)
				usleep(10000);
			kill(-j->pid, SIGKILL);
			kill(j->pid, SIGKILL);
			waitpid(j->pid, &st, 0);
			j->exited = true;
		}
}

/* What the child reports over the error pipe before exec. */
static void child_fail(int errfd, struct err *e)
{
	ssize_t r = write(errfd, e, sizeof *e);
	(void)r;
	_exit(127);
}

static int open_pipe(int p[2], struct err *e)
{
	if (pipe2(p, O_CLOEXEC) < 0)
		return err_errno(e, errno, _("cannot create a pipe"));
	return 0;
}

static void close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	p[0] = p[1] = -1;
}

/* Read what a stream holds now, then close it. */
static void drain(struct stream *st)
{
	struct pollfd pfd;
	for (int i = 0; i < 1024 && st->fd >= 0; i++) {
		pfd = (struct pollfd){ .fd = st->fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) <= 0)
			break;
		on_stream(st->fd, pfd.revents, st);
	}
	if (st->fd >= 0)
		stream_close(st);
}

/* The keyboard while a console child runs: every byte to its pty, whose
 * line discipline echoes, edits lines and turns ^C, ^Z, ^\ and ^D into
 * what a terminal makes of them. */
static void on_kbd(int fd, short revents, void *arg)
{
	char buf[256];
	ssize_t n = read(fd, buf, sizeof buf);
	(void)arg;
	if (n <= 0) {
		if (revents & (POLLHUP | POLLERR))
			loop_pause_fd(fd, 1);
		return;
	}
	if (pty_master >= 0 && write(pty_master, buf, (size_t)n) < 0) {
		/* full or gone: the keys are dropped, as a busy terminal would */
	}
}

/* A pty whose slave the child gets as stdin, stdout and controlling
 * terminal: programs behave as on a terminal (line-buffered output,
 * prompts) and the text lands in the console. */
static int open_pty(int *master, char *slave, size_t len, struct err *e)
{
	struct termios t;
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0)
		return err_errno(e, errno, _("cannot open a pseudo-terminal"));
	if (grantpt(m) < 0 || unlockpt(m) < 0 || ptsname_r(m, slave, len) != 0) {
		int saved = errno;
		close(m);
		return err_errno(e, saved, _("cannot open a pseudo-terminal"));
	}
	if (tcgetattr(m, &t) == 0) {
		t.c_oflag &= ~(tcflag_t)ONLCR;	/* "\n", not "\r\n" */
		tcsetattr(m, TCSANOW, &t);
	}
	if (console_size.ws_row && console_size.ws_col)
		ioctl(m, TIOCSWINSZ, &console_size);
	*master = m;
	return 0;
}

/* While a console child runs the real terminal sends ^C as a byte (no
 * ISIG): the child's pty makes the signal, aisla gets none. */
static bool kbd_raw(struct termios *saved)
{
	struct termios t;
	if (tcgetattr(STDIN_FILENO, saved) < 0)
		return false;
	t = *saved;
	t.c_lflag &= ~(tcflag_t)ISIG;
	t.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	return tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
}

int run_child(const struct run_spec *s, int *status, pid_t *pidp, struct err *e)
{
	enum run_mode mode = s->mode;
	int errp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errs[2] = { -1, -1 };
	struct err child_err;
	char slave[64] = "";
	bool console = false;
	pid_t pid;
	ssize_t n;
	int st = 0;

	run_init();
	if (!s->argv || !s->argv[0])
		return err_set(e, _("no command to run"));
	if (mode == RUN_FOREGROUND && !run_have_tty())
		mode = RUN_CAPTURE;
	/* With the panes up, only an interactive program gets the whole
	 * terminal; any other foreground child prints into the console. */
	if (mode == RUN_FOREGROUND && console_size.ws_col && pty_master < 0 &&
	    !run_is_interactive(s->argv)) {
		mode = RUN_CAPTURE;
		console = true;
	}
	if (open_pipe(errp, e) < 0)
		return -1;
	if (mode != RUN_FOREGROUND &&
	    (open_pipe(outp, e) < 0 || open_pipe(errs, e) < 0)) {
		close_pair(errp);
		close_pair(outp);
		close_pair(errs);
		return -1;
	}
	if (console) {
		/* stdout on the pty, stderr stays a pipe (red in the console) */
		close(outp[0]);
		close(outp[1]);
		outp[1] = -1;
		if (open_pty(&outp[0], slave, sizeof slave, e) < 0) {
			outp[0] = -1;
			close_pair(errp);
			close_pair(errs);
			return -1;
		}
	}
	if (mode == RUN_FOREGROUND && tty_suspend)
		tty_suspend();
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		int saved = errno;
		close_pair(errp);
		close_pair(outp);
		close_pair(errs);
		if (mode == RUN_FOREGROUND && tty_resume)
			tty_resume();
		return err_errno(e, saved, _("cannot start '%s'"), s->argv[0]);
	}
	if (pid == 0) {
		struct err ce = ERR_INIT;
		run_child_signals();
		close(errp[0]);
		if (console) {
			/* a session of its own on the pty, as a terminal's shell does */
			int t;
			setsid();
			if ((t = open(slave, O_RDWR)) < 0) {
				err_errno(&ce, errno, _("cannot open a pseudo-terminal"));
				child_fail(errp[1], &ce);
			}
			ioctl(t, TIOCSCTTY, 0);
			dup2(t, STDIN_FILENO);
			dup2(t, STDOUT_FILENO);
			dup2(errs[1], STDERR_FILENO);
			if (t > STDERR_FILENO)
				close(t);
		} else {
			setpgid(0, 0);
		}
		if (mode == RUN_FOREGROUND) {
			signal(SIGTTOU, SIG_IGN);
			tcsetpgrp(STDIN_FILENO, getpid());
			signal(SIGTTOU, SIG_DFL);
		} else if (!console) {
			int devnull = open("/dev/null", O_RDONLY);
			if (devnull >= 0) {
				dup2(devnull, STDIN_FILENO);
				close(devnull);
			}
			dup2(outp[1], STDOUT_FILENO);
			dup2(errs[1], STDERR_FILENO);
			if (mode == RUN_CAPTURE || s->keep_pdeathsig)
				prctl(PR_SET_PDEATHSIG, SIGKILL);
		}
		if (s->setup && s->setup(s->setup_arg, &ce) < 0) {
			if (!err_isset(&ce))
				err_set(&ce, _("cannot prepare '%s'"), s->argv[0]);
			child_fail(errp[1], &ce);
		}
		execvp(s->argv[0], s->argv);
		if (errno == ENOENT) {
			err_set(&ce, _("command '%s' not found"), s->argv[0]);
			err_hint(&ce, _("check the name; inside a node or a chroot only the programs of its root exist"));
		} else {
			err_errno(&ce, errno, _("cannot run '%s'"), s->argv[0]);
		}
		child_fail(errp[1], &ce);
	}

	/* Parent. */
	if (!console)
		setpgid(pid, pid);
	if (s->hidden)
		hidden_add(pid);
	close(errp[1]);
	if (mode != RUN_FOREGROUND) {
		if (outp[1] >= 0)
			close(outp[1]);
		close(errs[1]);
	} else {
		signal(SIGTTOU, SIG_IGN);
		tcsetpgrp(STDIN_FILENO, pid);
	}
	if (pidp)
		*pidp = pid;
	do
		n = read(errp[0], &child_err, sizeof child_err);
	while (n < 0 && errno == EINTR);
	close(errp[0]);
	if (n == (ssize_t)sizeof child_err) {
		waitpid(pid, &st, 0);
		hidden_ended(pid);
		if (mode == RUN_FOREGROUND) {
			tcsetpgrp(STDIN_FILENO, getpgrp());
			if (tty_resume)
				tty_resume();
		} else {
			close(outp[0]);
			close(errs[0]);
		}
		*e = child_err;
		e->msg[sizeof e->msg - 1] = e->hint[sizeof e->hint - 1] = '\0';
		return -1;
	}

	if (mode == RUN_FOREGROUND) {
		while (waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st))
			kill(-pid, SIGCONT);
		tcsetpgrp(STDIN_FILENO, getpgrp());
		if (tty_resume)
			tty_resume();
		if (status)
			*status = st;
		return 0;
	}

	struct job *j = calloc(1, sizeof *j);
	if (!j) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(outp[0]);
		close(errs[0]);
		return err_errno(e, ENOMEM, _("cannot start '%s'"), s->argv[0]);
	}
	j->pid = pid;
	j->background = mode == RUN_BACKGROUND;
	j->console = console;
	j->report_exit = s->report_exit;
	j->kill_on_quit = s->keep_pdeathsig;
	j->on_exit = s->on_exit;
	j->on_exit_arg = s->on_exit_arg;
	/* a foreground child's output is its own, as on a terminal */
	snprintf(j->label, sizeof j->label, "%s", s->label && !console ? s->label : "");
	snprintf(j->cmd, sizeof j->cmd, "%s", s->argv[0]);
	j->out = (struct stream){ outp[0], OUT_STDOUT, NULL, 0, j };
	j->err = (struct stream){ errs[0], OUT_STDERR, NULL, 0, j };
	j->open_streams = 2;
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	fcntl(errs[0], F_SETFL, O_NONBLOCK);
	loop_add_fd(outp[0], POLLIN, on_stream, &j->out);
	loop_add_fd(errs[0], POLLIN, on_stream, &j->err);
	j->next = jobs;
	jobs = j;
	if (mode == RUN_BACKGROUND)
		return 0;

	/* CAPTURE: a nested loop until the child is gone and its pipes are
	 * drained; the keyboard is paused, Ctrl-C reaches the child. A
	 * console child gets the keyboard through its pty instead. */
	struct termios kbd_saved;
	bool raw = false;
	capture_job = j;
	loop_pause_fd(STDIN_FILENO, 1);
	if (console) {
		pty_master = outp[0];
		pty_midline = false;
		raw = kbd_raw(&kbd_saved);
		kbd_fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
		if (kbd_fd >= 0)
			loop_add_fd(kbd_fd, POLLIN, on_kbd, NULL);
	}
	while (!(j->exited && j->open_streams == 0)) {
		loop_once(j->exited ? 50 : -1);
		if (loop_quitting() && !j->exited)
			kill(-pid, console ? SIGHUP : SIGTERM);
		if (console && j->exited) {
			/* Everything it wrote is readable now; a process it left
			 * behind holding the pty must not keep the prompt away. */
			drain(&j->out);
			drain(&j->err);
		}
	}
	if (console) {
		if (kbd_fd >= 0) {
			loop_del_fd(kbd_fd);
			close(kbd_fd);
			kbd_fd = -1;
		}
		if (raw)
			tcsetattr(STDIN_FILENO, TCSANOW, &kbd_saved);
		pty_master = -1;
		if (WIFSIGNALED(j->status) && WTERMSIG(j->status) == SIGINT)
			shell.interrupted = true;	/* a script stops, as in a shell */
		if (pty_midline)
			out_write(OUT_STDOUT, "\n", 1);
		pty_midline = false;
	}
	loop_pause_fd(STDIN_FILENO, 0);
	capture_job = NULL;
	if (shell.interrupted && run_have_tty() && !console)
		out_printf("\n");	/* after the ^C the terminal echoed */
	if (status)
		*status = j->status;
	for (struct job **pp = &jobs; *pp; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	free(j);
	return 0;
}
