/* guided.c: guided mode (`lesson start`): the student types; after every
 * command the current step's checks run against the kernel, and the
 * lesson moves on when they hold. `lesson hint|check|next|back|restart|
 * stop` (commands/cmd-lesson.c) act on the one running lesson.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../cmd.h"
#include "../i18n.h"
#include "../journal.h"
#include "../out.h"
#include "../repl.h"
#include "../shell.h"
#include "../tui/tui.h"
#include "check.h"
#include "internal.h"
#include "lesson.h"


static struct {
	struct lesson *l;
	int si;			/* current section (a step) */
	int nhint;		/* hints asked in this step */
	bool busy;		/* re-entrancy guard */
	int waiting;		/* >= 0: a step passed (or the introduction was
				 * shown); this section comes on Enter or
				 * `lesson next` (-1: none) */
	bool ahead;		/* commands ran while it waited: they count
				 * for the section that comes next */
} g = { .waiting = -1 };

/* Does the student read at a terminal (so the lesson waits for them)? */
static bool paced(void)
{
	return shell.interactive && isatty(STDIN_FILENO);
}

bool lesson_guided_active(void)
{
	return g.l != NULL;
}

static int first_step(const struct lesson *l)
{
	for (int i = 0; i < l->nsections; i++)
		if (lesson_section_is_step(&l->sections[i]))
			return i;
	return -1;
}

static int section_of_step(const struct lesson *l, int n)
{
	for (int i = 0; i < l->nsections; i++)
		if (lesson_section_is_step(&l->sections[i]) && lesson_step_number(l, i) == n)
			return i;
	return -1;
}

static void show_step(void)
{
	const struct lesson_section *s = &g.l->sections[g.si];
	char head[512];

	snprintf(head, sizeof head, _("[%s · step %d of %d] %s"), g.l->id, lesson_step_number(g.l, g.si),
		 lesson_count_steps(g.l), s->title);
	lesson_print_heading(head);
	tui_pin(head);		/* the current step stays in sight */
	lesson_print_section(s, false);
	if (!lesson_section_nchecks(s))
		out_printf("%s\n", _("(no checks here: 'lesson next' moves on)"));
}

static void show_outro(void)
{
	for (int i = 0; i < g.l->nsections; i++) {
		const struct lesson_section *s = &g.l->sections[i];
		if (s->outro) {
			lesson_print_heading(s->title);
			lesson_print_section(s, false);
		}
	}
}

static void goto_section(int si)
{
	g.waiting = -1;
	if (!g.ahead)
		check_ran_reset();
	g.ahead = false;
	g.si = si;
	g.nhint = 0;
	lesson_progress_set(g.l->id, lesson_step_number(g.l, si), false);
	show_step();
}

static void step_passed(void);

/* Enter or `lesson next` while the lesson waits: the next step. If the
 * student went on typing while it waited (the passed step's last
 * commands, a look around, the next step's work read in the slides), what
 * they did is checked at once, quietly unless it already holds. */
static void go_on(void)
{
	bool ahead = g.ahead;
	const struct lesson_item *ff;
	struct check_result fr;

	goto_section(g.waiting);
	if (!ahead || !g.l || g.busy || !lesson_section_nchecks(&g.l->sections[g.si]))
		return;
	g.busy = true;
	if (lesson_eval_settle(&g.l->sections[g.si], 600, &ff, &fr) == 0)
		step_passed();
	g.busy = false;
}

static void on_enter(void)
{
	if (g.l && g.waiting >= 0)
		go_on();
}

/* Wait for the student before showing section si: say how to go on and
 * keep it pinned (done: the step that just passed, 0 after the
 * introduction). */
static void wait_for(int si, int done)
{
	char pin[512];
	const struct lesson_section *s = &g.l->sections[si];
	g.waiting = si;
	repl_on_empty_line(on_enter);
	if (done)	/* a lesson resumed later starts at the next step */
		lesson_progress_set(g.l->id, lesson_step_number(g.l, si), false);
	if (done)
		snprintf(pin, sizeof pin, _("✓ step %d done · Enter (or 'lesson next'): step %d — %s"),
			 done, lesson_step_number(g.l, si), s->title);
	else
		snprintf(pin, sizeof pin, _("Enter (or 'lesson next'): step %d — %s"),
			 lesson_step_number(g.l, si), s->title);
	out_printf("%s\n", pin);
	tui_pin(pin);
}

/* The current step holds: congratulate and move on (or finish). */
static void step_passed(void)
{
	int next = -1;
	out_printf(_("✓ Step %d done.\n"), lesson_step_number(g.l, g.si));
	for (int i = g.si + 1; i < g.l->nsections; i++)
		if (lesson_section_is_step(&g.l->sections[i])) {
			next = i;
			break;
		}
	if (next < 0) {
		tui_pin(NULL);
		g.waiting = -1;
		lesson_progress_set(g.l->id, lesson_count_steps(g.l), true);
		show_outro();
		out_printf(_("\n✓ Lesson '%s' completed. 'lesson list' shows the others; "
			     "'reset' removes what you made.\n"), g.l->title);
		lesson_free(g.l);
		g.l = NULL;
		return;
	}
	if (paced()) {
		/* the result the student was told to look at stays on screen:
		 * the next step comes when they ask for it */
		wait_for(next, lesson_step_number(g.l, g.si));
		return;
	}
	goto_section(next);
}

/* After every command (the dispatcher's cmd_hooks[], first): feed `ran`
 * and, in a guided lesson, check the current step. */
void lesson_guided_hook(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
			int nexplain)
{
	const struct cmd_entry *top = a->parent ? a->parent : a->entry;
	const struct lesson_item *ff;
	struct check_result fr;
	(void)ctx; (void)explain; (void)nexplain;

	bool aside = !strcmp(top->name, "lesson") || !strcmp(top->name, "help") ||
		     !strcmp(top->name, "demo") || !strcmp(top->name, "explain");
	/* a command while the lesson waits: the result the student was told
	 * to look at stays, the next step's text comes on Enter (it would
	 * push that result away, and a step's own last command is not the
	 * next step's); what the command does counts for the next step */
	if (g.l && !g.busy && g.waiting >= 0 && !aside && !g.ahead) {
		check_ran_reset();
		g.ahead = true;
	}
	/* Feed `ran` (every command, whatever the mode). */
	char *line = lesson_display_line(a);
	if (line)
		check_ran_add(line);
	free(line);
	if (!g.l || g.busy || g.waiting >= 0 || aside)
		return;
	if (!lesson_section_nchecks(&g.l->sections[g.si]))
		return;
	g.busy = true;
	if (lesson_eval_settle(&g.l->sections[g.si], 600, &ff, &fr) == 0)
		step_passed();
	else if (ff)
		out_printf(_("· step %d not yet: %s ('lesson hint' helps)\n"),
			   lesson_step_number(g.l, g.si), fr.seen);
	g.busy = false;
}

static int need_active(struct err *e)
{
	if (g.l)
		return 0;
	err_set(e, _("no lesson is running"));
	return err_hint(e, _("'lesson list' shows the lessons; 'lesson start N' begins one"));
}

int lesson_guided_start(const char *what, struct err *e)
{
	char path[PATH_MAX];
	struct lesson *l;
	int st, si, left;
	bool done;

	if (lesson_find(what, false, path, sizeof path, e) < 0)
		return -1;
	/* Quietly first: a file that is no lesson at all is said so, not
	 * listed line by line. */
	if (lesson_load(path, false, &l, e) < 0)
		return -1;
	if (l->kind != LESSON_LESSON) {
		if (l->kind == LESSON_DEMO)
			err_set(e, _("'%s' is a demo, not a lesson"), path);
		else
			err_set(e, _("'%s' is not a lesson: a lesson starts with a front matter ('---', "
				     "'lesson: N') or is named *.lesson"), path);
		err_hint(e, l->kind == LESSON_DEMO ? _("replay it with 'demo play %s'")
						   : _("'lesson list' shows the lessons; the format is in "
						       "docs/lesson-format.es.md (%s)"), path);
		lesson_free(l);
		return -1;
	}
	if (l->nerrors) {
		if (lesson_report(&l, e) == 0)
			lesson_not_run(l, e);
		lesson_free(l);
		return -1;
	}
	out_printf(_("Lesson file: %s\n"), path);
	if (lesson_host_gate(l, true, e) < 0 || lesson_needs_met(l, e) < 0) {
		lesson_free(l);
		return -1;
	}
	if (first_step(l) < 0) {
		lesson_free(l);
		return err_set(e, _("'%s' has no steps"), path);
	}
	lesson_free(g.l);
	g.l = l;
	lesson_print_heading(l->title);
	lesson_print_section(&l->sections[0], false);
	lesson_progress_get(l->id, &st, &done);
	si = (!done && st > 1) ? section_of_step(l, st) : -1;
	if (si >= 0)
		out_printf(_("(resuming at step %d; 'lesson restart' starts over)\n"), st);
	else
		si = first_step(l);
	left = journal_count();
	if (left > 0 && si == first_step(l))
		out_printf(ngettext("Note: %d object made by aisla is still here; a lesson starts "
				    "clean: 'lesson restart' removes it.\n",
				    "Note: %d objects made by aisla are still here; a lesson starts "
				    "clean: 'lesson restart' removes them.\n", (unsigned long)left), left);
	g.waiting = -1;
	g.ahead = false;
	if (paced() && si == first_step(l)) {
		/* the introduction stays on screen until the student goes on */
		g.si = si;
		wait_for(si, 0);
		return 0;
	}
	goto_section(si);
	return 0;
}

int lesson_guided_goal(struct err *e)
{
	if (need_active(e) < 0)
		return -1;
	show_step();
	return 0;
}

int lesson_guided_hint(struct err *e)
{
	const struct lesson_section *s;
	const struct lesson_item *ff, *h;
	struct check_result fr;

	if (need_active(e) < 0)
		return -1;
	s = &g.l->sections[g.si];
	if (lesson_section_nchecks(s) && lesson_eval_section(s, false, &ff, &fr) == 0) {
		out_printf("%s\n", _("Every check of this step already holds."));
		step_passed();
		return 0;
	}
	if (!lesson_section_nchecks(s))
		ff = NULL;
	g.nhint++;
	if (ff)
		out_printf(_("Not yet: %s\n"), fr.seen);
	h = lesson_pick_hint(s, ff, ff ? &fr : NULL);
	if (g.nhint >= 3 || !h) {
		/* Third time (or no hint written): reveal the solution. */
		bool any = false;
		if (h)
			lesson_print_wrapped(_("hint: "), h->text, 0);
		for (int i = 0; i < s->nitems; i++)
			if (s->items[i].kind == ITEM_CMD) {
				if (!any)
					out_printf("%s\n", _("The solution:"));
				any = true;
				out_printf("    %s\n", s->items[i].text);
			}
		return 0;
	}
	if (g.nhint == 2) {
		/* The second time, add the step's general hint when different. */
		const struct lesson_item *general = lesson_pick_hint(s, NULL, NULL);
		lesson_print_wrapped(_("hint: "), h->text, 0);
		if (general && general != h)
			lesson_print_wrapped(_("hint: "), general->text, 0);
		out_printf("%s\n", _("(once more 'lesson hint' shows the solution)"));
		return 0;
	}
	lesson_print_wrapped(_("hint: "), h->text, 0);
	return 0;
}

int lesson_guided_check(struct err *e)
{
	const struct lesson_section *s;

	if (need_active(e) < 0)
		return -1;
	s = &g.l->sections[g.si];
	if (!lesson_section_nchecks(s)) {
		out_printf("%s\n", _("This step has nothing to check: 'lesson next' moves on."));
		return 0;
	}
	out_printf(_("Step %d:\n"), lesson_step_number(g.l, g.si));
	if (lesson_eval_section(s, true, NULL, NULL) == 0)
		step_passed();
	return 0;
}

int lesson_guided_next(int delta, struct err *e)
{
	int si;

	if (need_active(e) < 0)
		return -1;
	if (g.waiting >= 0 && delta > 0) {
		go_on();
		return 0;
	}
	si = g.si;
	do {
		si += delta;
	} while (si >= 0 && si < g.l->nsections && !lesson_section_is_step(&g.l->sections[si]));
	if (si < 0 || si >= g.l->nsections) {
		if (delta > 0) {
			step_passed();
			return 0;
		}
		return err_set(e, _("this is the first step"));
	}
	goto_section(si);
	return 0;
}

static int do_reset(struct err *e)
{
	int nundone = 0, nforeign = 0;
	lesson_hist_clear();
	if (journal_count() == 0)
		return 0;
	if (journal_reset(&nundone, &nforeign, e) < 0)
		return -1;
	out_printf(ngettext("%d object undone.\n", "%d objects undone.\n", (unsigned long)nundone),
		   nundone);
	return 0;
}

int lesson_guided_restart(struct err *e)
{
	if (need_active(e) < 0)
		return -1;
	if (do_reset(e) < 0)
		return -1;
	lesson_progress_set(g.l->id, 1, false);
	lesson_print_heading(g.l->title);
	lesson_print_section(&g.l->sections[0], false);
	goto_section(first_step(g.l));
	return 0;
}

int lesson_guided_stop(bool reset, struct err *e)
{
	int left;

	if (need_active(e) < 0)
		return -1;
	out_printf(_("Lesson '%s' stopped at step %d ('lesson start %s' resumes it).\n"),
		   g.l->title, lesson_step_number(g.l, g.si), g.l->id);
	lesson_free(g.l);
	g.l = NULL;
	g.waiting = -1;
	g.ahead = false;
	tui_pin(NULL);
	left = journal_count();
	if (left <= 0)
		return 0;
	if (!reset && shell.interactive && isatty(STDIN_FILENO)) {
		char q[256];
		snprintf(q, sizeof q, ngettext("Remove the %d object the lesson made?",
					       "Remove the %d objects the lesson made?",
					       (unsigned long)left), left);
		reset = repl_confirm(q);
	}
	if (reset)
		return do_reset(e);
	out_printf(ngettext("%d object made by aisla stays; 'reset' removes it.\n",
			    "%d objects made by aisla stay; 'reset' removes them.\n",
			    (unsigned long)left), left);
	return 0;
}

