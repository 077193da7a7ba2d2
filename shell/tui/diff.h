/* tui/diff.h: the row differ behind "changes made visible".
 *
 * A pane describes what it shows as an ordered list of rows, each with a
 * stable key ("host/3", "rojo/route/10.0.0.0/24") and up to DIFF_MAXCOL
 * text cells, every time it redraws. The differ compares that list with
 * the previous one and keeps, per row, when it appeared (highlight "new"),
 * per cell when it last changed (highlight "changed"), and rows that went
 * away linger struck out at their old place for linger_ms, then go.
 *
 * Pure code (no curses, no clock): time is passed in, so it is unit-tested
 * (tests/unit/tui-diff.c).
 */
#ifndef AISLA_TUI_DIFF_H
#define AISLA_TUI_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIFF_MAXCOL 12

enum {
	DROW_HEADER = 1 << 0,	/* a section title (spans the width) */
	DROW_DEAD   = 1 << 1,	/* the model says it is gone already (draw struck) */
	DROW_DIM    = 1 << 2,	/* secondary (e.g. a process outside any node) */
};

struct diff_row {
	char *key;		/* one allocation holds key and cells */
	const char *cell[DIFF_MAXCOL];
	int ncells;
	int color;		/* namespace colour (tui_ns_color), 0 = default */
	int depth;		/* free for the pane (indent...) */
	unsigned flags;		/* DROW_* */
	uint64_t born_ms;	/* appeared at (0: was there from the start) */
	uint64_t changed_ms[DIFF_MAXCOL];	/* cell last changed at (0: never) */
	uint64_t gone_ms;	/* disappeared at (0: present) */
};

struct diff {
	struct diff_row *rows;	/* what to draw: current rows + lingering ones */
	size_t n, cap;
	struct diff_row *next;	/* being built between begin and end */
	size_t nn, ncap;
	bool primed;		/* a first list was seen: later rows are "new" */
	unsigned view;		/* the view the last list was made for */
	bool quiet;		/* the view changed: this round marks nothing */
	unsigned hl_ms;		/* how long new/changed stays highlighted */
	unsigned linger_ms;	/* how long a removed row stays, struck out */
	/* scratch hash index (key -> position), reused */
	int *hidx;
	size_t hcap;
};

void diff_init(struct diff *d, unsigned hl_ms, unsigned linger_ms);
void diff_free(struct diff *d);

/* Describe the current list: begin, add rows in display order, end. */
void diff_begin(struct diff *d);
void diff_add(struct diff *d, const char *key, int color, int depth,
	      unsigned flags, int ncells, const char *const *cells);
void diff_end(struct diff *d, uint64_t now);
/* Say which view the list being built is for (a number the screen bumps
 * when the user folds, filters or resizes). When it changed, rows that
 * come or go in this round only came into or out of view: they are not
 * highlighted, nothing lingers struck out, no cell counts as changed. */
void diff_set_view(struct diff *d, unsigned view);

/* Drop lingering rows whose time is over. Returns true if any went. */
bool diff_expire(struct diff *d, uint64_t now);
/* The next moment a highlight ends or a lingering row goes (absolute ms),
 * 0 if nothing is pending. */
uint64_t diff_deadline(const struct diff *d, uint64_t now);

/* Queries for drawing. */
bool diff_is_new(const struct diff *d, const struct diff_row *r, uint64_t now);
bool diff_cell_changed(const struct diff *d, const struct diff_row *r, int cell,
		       uint64_t now);
static inline bool diff_is_gone(const struct diff_row *r)
{
	return r->gone_ms != 0 || (r->flags & DROW_DEAD);
}

/* Index of the row with key, or -1. */
long diff_find(const struct diff *d, const char *key);

#endif
