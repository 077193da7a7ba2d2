/* internal.h: what the files of the lesson engine share among
 * themselves (not for the rest of aisla: that is lesson.h and check.h).
 *
 *   format.c   the file format: parsing, and validation (--check)
 *   print.c    text output: wrapping, headings, a section's prose
 *   run.c      a step's checks, batch mode and replay mode
 *   guided.c   guided mode (`lesson start`)
 *   find.c     finding lessons and demos, progress, `lesson list`
 *   record.c   record and export, and the after-command hook
 *   host.c     host commands: who may run them (--allow-host, asking)
 *   check*.c   the check vocabulary (check.h, check-verbs.h)
 */
#ifndef AISLA_LESSON_INTERNAL_H
#define AISLA_LESSON_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include "check.h"
#include "lesson.h"

struct args;
struct cmd_ctx;

/* format.c */
char *lesson_xstrdup(const char *s);		/* aborts when out of memory */
void *lesson_xrealloc(void *p, size_t n);
bool lesson_has_ext(const char *path, const char *ext);

/* print.c */
int lesson_step_number(const struct lesson *l, int si);	/* 1-based */
int lesson_count_steps(const struct lesson *l);
void lesson_print_heading(const char *title);
void lesson_print_item(const struct lesson_item *it);
void lesson_print_section(const struct lesson_section *s, bool with_say);

/* run.c */
void lesson_wait_ms(unsigned ms);
int lesson_section_nchecks(const struct lesson_section *s);
int lesson_eval_section(const struct lesson_section *s, bool verbose,
			const struct lesson_item **first_fail, struct check_result *first_r);
int lesson_eval_settle(const struct lesson_section *s, unsigned ms,
		       const struct lesson_item **ff, struct check_result *fr);
const struct lesson_item *lesson_pick_hint(const struct lesson_section *s,
					   const struct lesson_item *fail,
					   const struct check_result *r);
int lesson_needs_met(const struct lesson *l, struct err *e);
/* The error for a file with problems: nothing of it runs. */
int lesson_not_run(const struct lesson *l, struct err *e);

/* find.c: the student's progress in a lesson (by id): the step reached
 * (1-based) and whether it is done. */
void lesson_progress_get(const char *id, int *step, bool *done);
void lesson_progress_set(const char *id, int step, bool done);
/* Does path live in a directory of the shipped lessons or demos? */
bool lesson_shipped(const char *path);


/* record.c */
char *lesson_display_line(const struct args *a);	/* caller frees */
void lesson_hist_clear(void);

#endif
