/* run.c: running a lesson or demo unattended or for an audience: a
 * step's checks (quick ones first, retried while the kernel settles, the
 * hint for the failing one), batch mode (`aisla FILE`: every reference
 * command, then every check) and replay mode (`demo play`: aisla types
 * at a readable pace, with the narration and pauses).
 */
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "../cmd.h"
#include "../i18n.h"
#include "../needs.h"
#include "../loop.h"
#include "../out.h"
#include "../repl.h"
#include "../shell.h"
#include "../world/world.h"
#include "check.h"
#include "internal.h"
#include "lesson.h"

/* Ctrl-C during a replay stops it. The dispatcher clears
 * shell.interrupted at every command, so the replay keeps its own flag. */
static int playing;
static volatile int play_stop;

/* Sleep ms while the event loop keeps running (panes stay live). The
 * keyboard is paused meanwhile: we run inside a command, and what the
 * user types ahead belongs to the next prompt, not to readline now. */
void lesson_wait_ms(unsigned ms)
{
	uint64_t end = loop_now_ms() + ms;
	loop_pause_fd(STDIN_FILENO, 1);
	for (;;) {
		uint64_t now = loop_now_ms();
		if (now >= end || shell.interrupted || shell.quit || play_stop)
			break;
		loop_once((int)(end - now));
	}
	loop_pause_fd(STDIN_FILENO, 0);
}

static bool play_stopped(void)
{
	return shell.interrupted || shell.quit || play_stop;
}

/* Wait for the teacher's key: only Space or Enter go on, q stops; the
 * screen's keys (F2, F3...) work meanwhile (repl_wait_key). Returns ' ',
 * 'q', or 0 without a terminal. */
static int wait_key(void)
{
	return repl_wait_key(play_stopped);
}

/* ------------------------------------------------------------------ */
/* Checks of a step                                                   */
/* ------------------------------------------------------------------ */

/* The checks refresh the parts of the model they read (check.c). */
static void sync_world(void)
{
}

/* Evaluate the checks of a section. verbose (lesson check, a failed
 * batch step) evaluates and prints every one. Otherwise quick checks go
 * first and the first failure stops the round: a ping or a CPU
 * measurement (check_is_slow) only runs once everything else holds.
 * Returns the number found failing; the first failure's item and result
 * are returned. */
int lesson_eval_section(const struct lesson_section *s, bool verbose,
			const struct lesson_item **first_fail, struct check_result *first_r)
{
	int nfail = 0;

	sync_world();
	if (first_fail)
		*first_fail = NULL;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < s->nitems; i++) {
			const struct lesson_item *it = &s->items[i];
			struct check_result r;
			if (it->kind != ITEM_CHECK || !it->check)
				continue;
			if (!verbose && check_is_slow(it->check) != (pass == 1))
				continue;
			if (verbose && pass == 1)
				continue;
			bool ok = check_eval(it->check, &r);
			if (verbose)
				out_printf("  %s %s — %s\n", ok ? "✓" : "✗", it->text, r.seen);
			if (!ok) {
				if (!nfail && first_fail) {
					*first_fail = it;
					if (first_r)
						*first_r = r;
				}
				nfail++;
				if (!verbose)
					return nfail;
			}
		}
	}
	return nfail;
}

int lesson_section_nchecks(const struct lesson_section *s)
{
	int n = 0;
	for (int i = 0; i < s->nitems; i++)
		n += s->items[i].kind == ITEM_CHECK;
	return n;
}

/* Evaluate, retrying for up to ms while the kernel settles (a link
 * coming up, a background process starting). */
int lesson_eval_settle(const struct lesson_section *s, unsigned ms,
			       const struct lesson_item **ff, struct check_result *fr)
{
	uint64_t end = loop_now_ms() + ms;
	int nfail;
	for (;;) {
		nfail = lesson_eval_section(s, false, ff, fr);
		if (!nfail || loop_now_ms() >= end || shell.interrupted)
			return nfail;
		lesson_wait_ms(200);
	}
}

/* The hint for a failing check: hint[...] of the failing clause first,
 * then of the check's text, then the step's general hint. */
const struct lesson_item *lesson_pick_hint(const struct lesson_section *s,
					   const struct lesson_item *fail,
					   const struct check_result *r)
{
	const struct lesson_item *best = NULL, *general = NULL;
	int best_score = 0;
	size_t best_len = 0;

	for (int i = 0; i < s->nitems; i++) {
		const struct lesson_item *it = &s->items[i];
		if (it->kind != ITEM_HINT)
			continue;
		if (!it->prefix) {
			if (!general)
				general = it;
			continue;
		}
		if (!fail || !fail->check)
			continue;
		int score = check_hint_match(it->prefix, fail->check, r);
		size_t len = strlen(it->prefix);
		if (score > best_score || (score && score == best_score && len > best_len)) {
			best = it;
			best_score = score;
			best_len = len;
		}
	}
	return best ? best : general;
}

/* ------------------------------------------------------------------ */
/* Requirements                                                       */
/* ------------------------------------------------------------------ */

/* Are the front matter's needs met here? Fills e when not. */
int lesson_needs_met(const struct lesson *l, struct err *e)
{
	const char *needs = lesson_meta(l, "needs");
	char *copy, *save = NULL;
	int rc = 0;

	if (!needs)
		return 0;
	/* Each word is one of doctor's checks (needs.h), run now: a lesson
	 * that cannot run here says why, and the fix, before step 1. */
	copy = lesson_xstrdup(needs);
	for (char *w = strtok_r(copy, " ,", &save); w && rc == 0; w = strtok_r(NULL, " ,", &save))
		if (needs_check(w, e) < 0) {
			err_wrap(e, _("'%s' cannot run on this machine: "), l->title);
			rc = -1;
		}
	free(copy);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Batch mode                                                         */
/* ------------------------------------------------------------------ */

static int run_cmd_item(struct lesson *l, const struct lesson_item *it, bool interactive,
			struct err *e)
{
	struct cmd_ctx ctx = { .interactive = interactive, .file = l->path, .line = it->line };
	int rc = cmd_run_line(&ctx, it->text, e);
	if (it->must_fail) {
		if (rc == 0) {
			err_set(e, _("'%s' should have failed (it is in an ```aisla falla block) but it worked"),
				it->text);
			err_where(e, l->path, it->line);
			return -1;
		}
		/* The failure is the lesson: show it, carry on. */
		err_where(e, l->path, it->line);
		err_print(e);
		err_clear(e);
		return 0;
	}
	if (rc < 0)
		err_where(e, l->path, it->line);
	return rc;
}

/* Run a section's commands in order, then its checks. */
static int batch_section(struct lesson *l, int si, bool echo, struct err *e)
{
	const struct lesson_section *s = &l->sections[si];
	const struct lesson_item *ff;
	struct check_result fr;

	check_ran_reset();
	for (int i = 0; i < s->nitems; i++) {
		const struct lesson_item *it = &s->items[i];
		if (it->kind != ITEM_CMD)
			continue;
		if (echo)
			out_printf("%s %s\n", geteuid() == 0 ? "aisla#" : "aisla$", it->text);
		if (run_cmd_item(l, it, false, e) < 0)
			return -1;
		if (shell.quit || shell.interrupted)
			return err_set(e, _("interrupted"));
	}
	if (!lesson_section_nchecks(s))
		return 0;
	if (lesson_eval_settle(s, 3000, &ff, &fr)) {
		const struct lesson_item *h = lesson_pick_hint(s, ff, &fr);
		lesson_eval_section(s, true, NULL, NULL);
		err_set(e, _("check '%s' does not hold: %s"), ff->text, fr.seen);
		if (h)	/* the hint a student would get for this failure */
			err_hint(e, "%s", h->text);
		err_where(e, l->path, ff->line);
		return -1;
	}
	return 0;
}

/* A file with problems (printed when it was loaded) runs nothing. */
int lesson_not_run(const struct lesson *l, struct err *e)
{
	err_set(e, ngettext("'%s' has %d problem (above): nothing of it was run",
			    "'%s' has %d problems (above): nothing of it was run",
			    (unsigned long)l->nerrors), l->path, l->nerrors);
	return err_hint(e, _("'aisla --check %s' lists them without running anything"), l->path);
}

int lesson_run_batch(struct lesson *l, struct err *e)
{
	struct err we = ERR_INIT;
	int nsteps = lesson_count_steps(l);

	if (l->nerrors)
		return lesson_not_run(l, e);
	if (lesson_host_gate(l, false, e) < 0 || lesson_needs_met(l, e) < 0)
		return -1;
	world_init(false, &we);
	if (l->kind != LESSON_SCRIPT)
		out_printf("== %s\n", l->title);
	for (int si = 0; si < l->nsections; si++) {
		const struct lesson_section *s = &l->sections[si];
		bool step = lesson_section_is_step(s);
		if (step && si > 0 && l->kind != LESSON_SCRIPT)
			out_printf("-- %s\n", s->title);
		if (batch_section(l, si, l->kind != LESSON_SCRIPT, e) < 0)
			return -1;
		if (step && lesson_section_nchecks(s) && l->kind != LESSON_SCRIPT)
			out_printf(_("   ✓ step %d of %d: every check holds\n"), lesson_step_number(l, si), nsteps);
		if (shell.quit)
			break;
	}
	if (l->kind != LESSON_SCRIPT)
		out_printf(_("== '%s': done, every check held.\n"), l->title);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Replay mode                                                        */
/* ------------------------------------------------------------------ */

static void type_line(const char *prompt, const char *text, double delay)
{
	out_printf("%s", prompt);
	if (delay <= 0) {
		out_printf("%s\n", text);
		return;
	}
	/* A readable pace: about 30 characters a second, scaled by delay. */
	unsigned per = (unsigned)(35.0 * (delay < 1 ? delay : 1));
	for (const char *c = text; *c; c++) {
		size_t n = 1;
		while ((c[n] & 0xc0) == 0x80)
			n++;
		out_write(OUT_STDOUT, c, n);
		c += n - 1;
		lesson_wait_ms(per);
		if (shell.interrupted || play_stop)
			break;
	}
	out_printf("\n");
}

static void play_on_sigint(int signo, void *arg)
{
	(void)signo;
	(void)arg;
	if (playing)
		play_stop = 1;
}

static int play_run(struct lesson *l, bool step, double delay, bool ask, struct err *e)
{
	static bool sig_registered;
	const char *prompt = geteuid() == 0 ? "aisla# " : "aisla$ ";
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	struct err we = ERR_INIT;
	bool quit = false;

	if (l->nerrors)
		return lesson_not_run(l, e);
	if (lesson_host_gate(l, ask, e) < 0 || lesson_needs_met(l, e) < 0)
		return -1;
	world_init(false, &we);
	if (!sig_registered) {
		loop_on_signal(SIGINT, play_on_sigint, NULL);
		sig_registered = true;
	}
	if (!tty)
		step = false;
	if (l->kind != LESSON_SCRIPT)
		lesson_print_heading(l->title);
	if (step)
		out_printf("%s\n", _("(--step: each command shows first; Space or Enter runs it, q stops)"));
	for (int si = 0; si < l->nsections && !quit; si++) {
		const struct lesson_section *s = &l->sections[si];
		const struct lesson_item *ff;
		struct check_result fr;

		if (s->outro) {
			lesson_print_heading(s->title);
			lesson_print_section(s, true);
			continue;
		}
		if (si > 0)
			lesson_print_heading(s->title);
		check_ran_reset();
		for (int i = 0; i < s->nitems && !quit; i++) {
			const struct lesson_item *it = &s->items[i];
			switch (it->kind) {
			case ITEM_TEXT:
				if (l->kind != LESSON_DEMO)
					lesson_print_item(it);
				break;
			case ITEM_SAY:
				lesson_print_wrapped("» ", it->text, 0);
				break;
			case ITEM_PAUSE:
				if (it->seconds > 0) {
					if (delay > 0)
						lesson_wait_ms((unsigned)(it->seconds * 1000));
				} else if (tty) {
					out_printf("%s", _("   [pause: Space or Enter goes on]"));
					quit = wait_key() == 'q';
					out_printf("\n");
				}
				break;
			case ITEM_CMD:
				if (step) {
					/* the command shows first, a key runs it */
					type_line(prompt, it->text, delay);
					quit = wait_key() == 'q';
					if (quit)
						break;
				} else {
					type_line(prompt, it->text, delay);
				}
				if (run_cmd_item(l, it, tty, e) < 0)
					return -1;
				if (delay > 0 && !step)
					lesson_wait_ms((unsigned)(delay * 1000));
				break;
			default:
				break;
			}
			if (play_stop || shell.quit)
				quit = true;
		}
		if (!quit && lesson_section_nchecks(s) &&
		    lesson_eval_settle(s, 3000, &ff, &fr)) {
			lesson_eval_section(s, true, NULL, NULL);
			err_set(e, _("check '%s' does not hold: %s"), ff->text, fr.seen);
			err_where(e, l->path, ff->line);
			return -1;
		}
	}
	if (quit)
		out_printf("%s\n", _("Demo stopped."));
	else if (l->kind != LESSON_SCRIPT)
		out_printf(_("== '%s': done, every check held.\n"), l->title);
	return 0;
}

int lesson_play(struct lesson *l, bool step, double delay, bool ask, struct err *e)
{
	int rc;

	playing = 1;
	play_stop = 0;
	rc = play_run(l, step, delay, ask, e);
	playing = 0;
	play_stop = 0;
	return rc;
}

static int run_loaded(struct lesson *l, struct err *e)
{
	if (l->kind == LESSON_DEMO)
		return lesson_play(l, false, 0, false, e);
	return lesson_run_batch(l, e);
}

int lesson_source(const char *path, struct err *e)
{
	struct lesson *l;
	int rc;

	if (lesson_load(path, true, &l, e) < 0)
		return -1;
	rc = run_loaded(l, e);
	lesson_free(l);
	return rc;
}
