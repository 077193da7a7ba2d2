/* repl.c: the prompt. readline runs through its callback interface: the
 * event loop calls rl_callback_read_char() when the keyboard is
 * readable, so netlink events, children's output and timers are handled
 * while the user types. Signals come through the loop's signalfd:
 * readline must not install handlers of its own. */
#include <errno.h>
#include <poll.h>
#include <termios.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>
#include "cmd.h"
#include "complete.h"
#include "i18n.h"
#include "loop.h"
#include "out.h"
#include "repl.h"
#include "run.h"
#include "session.h"
#include "shell.h"
#include "tui/tui.h"

#define HISTORY_MAX 2000

static bool running;
static char histpath[4096];

const char *repl_history_path(void)
{
	const char *home = getenv("HOME");

	if (!histpath[0])
		snprintf(histpath, sizeof histpath, "%s/.aisla_history",
			 home && *home ? home : ".");
	return histpath;
}

static const char *prompt(void)
{
	return geteuid() == 0 ? "aisla# " : "aisla$ ";
}

/* A complete line typed by the user. */
/* A typed line is being run: Ctrl-C interrupts it (shell.interrupted,
 * set by run.c's handler too), it must not redraw the prompt. */
static bool line_running;
static void (*empty_line_fn)(void);

void repl_on_empty_line(void (*fn)(void))
{
	empty_line_fn = fn;
}

static void on_line(char *line)
{
	struct cmd_ctx ctx = { .interactive = true };
	struct err e = ERR_INIT;

	if (!line) {	/* Ctrl-D */
		out_printf("\n");
		shell.quit = true;
		loop_quit();
		return;
	}
	if (line[strspn(line, " \t")] != '\0') {
		HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
		if (!last || strcmp(last->line, line) != 0) {
			add_history(line);
			/* append_history() needs the file to exist already
			 * (and does not always say when it does not). */
			if (access(repl_history_path(), F_OK) != 0)
				write_history(repl_history_path());
			else
				append_history(1, repl_history_path());
		}
		line_running = true;
		if (cmd_run_line(&ctx, line, &e) < 0)
			err_print(&e);
		line_running = false;
	} else if (empty_line_fn) {
		line_running = true;
		empty_line_fn();
		line_running = false;
	}
	free(line);
	if (shell.quit)
		loop_quit();
}

/* Text that arrives while the prompt waits goes above it, as bash
 * prints a job's notice: the prompt line is cleared first and drawn
 * again (with what was typed) after the text. */
static bool prompt_hide(void)
{
	if (!running || line_running || tui_active() || !isatty(STDOUT_FILENO))
		return false;
	rl_clear_visible_line();
	return true;
}

static void prompt_show(void)
{
	rl_on_new_line();
	rl_redisplay();
}

static void on_stdin(int fd, short revents, void *arg)
{
	(void)fd;
	(void)arg;
	if (revents & (POLLHUP | POLLERR) && !(revents & POLLIN)) {
		shell.quit = true;
		loop_quit();
		return;
	}
	rl_callback_read_char();
}

/* Ctrl-C at the prompt: forget the half-typed line, show a fresh prompt.
 * (While a captured child runs, run.c forwards it to the child.) */
static void on_sigint(int signo, void *arg)
{
	(void)signo;
	(void)arg;
	if (!running || run_busy())
		return;
	if (line_running) {
		shell.interrupted = true;
		return;
	}
	if (tui_active()) {
		/* the abandoned line stays visible in the console, like a terminal */
		char *l = NULL;
		if (asprintf(&l, "%s^C", rl_line_buffer ? rl_line_buffer : "") >= 0) {
			tui_echo(rl_prompt, l);
			free(l);
		}
	}
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	rl_mark = 0;
	if (!tui_active())
		out_printf("^C\n");
	rl_on_new_line();
	rl_redisplay();
}

static void on_sigwinch(int signo, void *arg)
{
	(void)signo;
	(void)arg;
	if (running)
		rl_resize_terminal();
}

/* Completion: candidates from the command table and the providers. */
static char **candidates;
static size_t cand_i;

static char *generator(const char *text, int state)
{
	(void)text;
	if (!candidates)
		return NULL;
	if (state == 0)
		cand_i = 0;
	if (candidates[cand_i])
		return strdup(candidates[cand_i++]);
	return NULL;
}

static char **attempt(const char *text, int start, int end)
{
	char *before = strndup(rl_line_buffer, (size_t)start);
	char **m;
	(void)end;

	rl_attempted_completion_over = 1;
	if (candidates) {
		for (size_t i = 0; candidates[i]; i++)
			free(candidates[i]);
		free(candidates);
	}
	candidates = complete_words(before ? before : "", text);
	free(before);
	m = rl_completion_matches(text, generator);
	return m;
}

int repl_start(struct err *e)
{
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_readline_name = "aisla";
	rl_attempted_completion_function = attempt;
	rl_completer_word_break_characters = (char *)" \t;";
	rl_basic_quote_characters = "\"'";
	using_history();
	stifle_history(HISTORY_MAX);
	if (read_history(repl_history_path()) != 0 && errno != ENOENT) {
		/* No history yet or unreadable: start empty. */
	}
	loop_on_signal(SIGINT, on_sigint, NULL);
	loop_on_signal(SIGWINCH, on_sigwinch, NULL);
	if (loop_add_fd(STDIN_FILENO, POLLIN, on_stdin, NULL) < 0)
		return err_errno(e, errno, _("cannot watch the keyboard"));
	rl_callback_handler_install(prompt(), on_line);
	out_set_prompt_hooks(prompt_hide, prompt_show);
	running = true;
	/* other aisla processes on this journal (a reset in another
	 * terminal) see this session; without a writable journal
	 * directory there is nothing they could undo under it */
	struct err se = ERR_INIT;
	(void)session_begin(&se);
	return 0;
}

void repl_stop(void)
{
	if (!running)
		return;
	running = false;
	out_set_prompt_hooks(NULL, NULL);
	session_end();
	rl_callback_handler_remove();
	loop_del_fd(STDIN_FILENO);
	history_truncate_file(repl_history_path(), HISTORY_MAX);
	if (candidates) {
		for (size_t i = 0; candidates[i]; i++)
			free(candidates[i]);
		free(candidates);
		candidates = NULL;
	}
}

bool repl_line_running(void)
{
	return line_running;
}

/* Yes in either language: 's' (sí) or 'y' (yes), whatever the prompt says. */
static bool answer_is_yes(char c)
{
	return c == 's' || c == 'S' || c == 'y' || c == 'Y';
}

/* Read one key from the terminal: a byte, or a whole escape sequence
 * (the rest of one arrives within a few milliseconds). Runs the loop
 * meanwhile so the panes stay live. Returns the length, 0 when stop()
 * says so, -1 at end of input. */
static int read_key(char *key, size_t cap, bool (*stop)(void))
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	ssize_t n;

	for (;;) {
		if (stop && stop())
			return 0;
		int r = poll(&pfd, 1, 0);
		if (r > 0)
			break;
		if (r < 0 && errno != EINTR)
			return -1;
		loop_once(100);
	}
	do
		n = read(STDIN_FILENO, key, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		return -1;
	size_t len = 1;
	if (key[0] != '\033')
		return 1;
	/* An escape sequence: ESC [ params final, ESC [ [ x (the Linux
	 * console's F1-F5), ESC O x, ESC ESC seq (Alt), ESC x. The rest of
	 * one comes at once. */
	size_t from = 1;	/* where the current sequence's body starts */
	while (len < cap && poll(&pfd, 1, 30) > 0) {
		if (read(STDIN_FILENO, key + len, 1) != 1)
			break;
		unsigned char c = (unsigned char)key[len++];
		size_t body = len - from;	/* bytes after the ESC */
		if (body == 1) {
			if (c == '\033')
				from = len;	/* Alt + a sequence */
			else if (c != '[' && c != 'O')
				break;		/* Alt + a key */
			continue;
		}
		if (key[from] == 'O')
			break;
		if (body == 2 && c == '[')
			continue;		/* ESC [ [ x */
		if (c >= 0x40 && c <= 0x7e)
			break;
	}
	return (int)len;
}

/* Is an interrupt (Ctrl-C, quitting) pending? */
static bool interrupted(void)
{
	return shell.interrupted || shell.quit;
}

/* The terminal without line editing and echo while one key is read
 * (curses already keeps it so while the panes are up). */
static bool key_mode(struct termios *saved)
{
	struct termios t;
	if (tui_active() || tcgetattr(STDIN_FILENO, saved) < 0)
		return false;
	t = *saved;
	t.c_lflag &= (tcflag_t)~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &t);
	return true;
}

int repl_wait_key(bool (*stop)(void))
{
	struct termios saved;
	char key[16];
	int n, r = 'q';

	if (!isatty(STDIN_FILENO))
		return 0;
	loop_pause_fd(STDIN_FILENO, 1);
	bool restore = key_mode(&saved);
	tui_flush();
	for (;;) {
		n = read_key(key, sizeof key, stop ? stop : interrupted);
		if (n <= 0)
			break;
		if (n == 1 && (key[0] == ' ' || key[0] == '\r' || key[0] == '\n')) {
			r = ' ';
			break;
		}
		if (n == 1 && (key[0] == 'q' || key[0] == 'Q' || key[0] == 3)) {
			break;
		}
		/* the screen's keys work during a pause; nothing else advances */
		tui_key_seq(key, (size_t)n);
	}
	if (restore)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	loop_pause_fd(STDIN_FILENO, 0);
	return r;
}

bool repl_confirm(const char *question)
{
	char buf[64];

	if (!isatty(STDIN_FILENO))
		return false;
	if (tui_active()) {
		/* curses has the terminal in cbreak mode: one key answers;
		 * the screen's keys (a whole sequence) work meanwhile */
		char key[16];
		int n;
		out_printf("%s %s ", question, _("[y/N]"));
		tui_flush();
		loop_pause_fd(STDIN_FILENO, 1);
		while ((n = read_key(key, sizeof key, interrupted)) > 1 || (n == 1 && key[0] == '\t'))
			tui_key_seq(key, (size_t)n);
		loop_pause_fd(STDIN_FILENO, 0);
		bool yes = n == 1 && answer_is_yes(key[0]);
		out_printf("%s\n", yes ? _("yes") : _("no"));
		return yes;
	}
	out_printf("%s %s ", question, _("[y/N]"));
	if (!fgets(buf, sizeof buf, stdin))
		return false;
	return answer_is_yes(buf[0]);
}
