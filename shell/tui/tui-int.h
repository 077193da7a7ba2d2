/* tui/tui-int.h: what the panes share inside shell/tui/ (htop's model:
 * a pane is a class with draw/key/free; the core lays them out, routes
 * keys, coalesces redraws and owns the screen). Not for use outside tui/. */
#ifndef AISLA_TUI_INT_H
#define AISLA_TUI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include "diff.h"

/* Keys the core hands to panes (curses KEY_* values where they exist). */
enum {
	TK_UP = KEY_UP, TK_DOWN = KEY_DOWN, TK_PGUP = KEY_PPAGE,
	TK_PGDN = KEY_NPAGE, TK_HOME = KEY_HOME, TK_END = KEY_END,
	TK_TOGGLE = KEY_F(4),		/* the pane's own switch (all processes...) */
};

struct pane;

struct pane_class {
	const char *name;		/* "procs": for tests and the help */
	const char *title;		/* msgid: "Processes" */
	unsigned watch;			/* WORLD_* bits that make it dirty */
	unsigned min_ms;		/* at most one redraw per this (0: each frame) */
	void (*init)(struct pane *);
	/* Draw the content rows (the core drew the title on row 0). */
	void (*draw)(struct pane *);
	/* A key for the focused pane; true if used. */
	bool (*key)(struct pane *, int key);
	void (*free)(struct pane *);	/* its extras; the core frees priv */
	/* A table pane's state: priv_size bytes, zeroed, that start with its
	 * struct diff (rows highlighted 3 s, gone rows shown linger_ms more),
	 * made before init and freed after free by the core. */
	size_t priv_size;
	unsigned linger_ms;
};

struct pane {
	const struct pane_class *cls;
	WINDOW *win;			/* whole pane: title row + content */
	int y, x, h, w;			/* its place on the screen */
	int cw;				/* content width (w minus the separator) */
	bool visible, dirty, focused;
	int scroll;			/* first content row shown */
	int nrows;			/* content rows at the last draw */
	uint64_t deadline;		/* next highlight change (0: none) */
	uint64_t last_draw;		/* loop_now_ms() of its last draw */
	char badge[96];			/* short text on the title's right */
	/* selection (table panes): it follows its row's key across redraws,
	 * so it stays on the same process/interface while rows move */
	char sel_key[128];		/* "" = no selection */
	int sel;			/* its row index at the last draw */
	const struct diff *table;	/* the rows drawn last (tui_table) */
	void *priv;
};

/* The panes (index order = focus order; the console is last). */
enum { PANE_PROCS, PANE_LINKS, PANE_ROUTES, PANE_TOPO, PANE_CGROUPS,
       PANE_CONSOLE, PANE_COUNT };

extern const struct pane_class pane_procs_class, pane_links_class,
	pane_routes_class, pane_topo_class, pane_cgroups_class,
	pane_console_class;

/* Shared state of the screen. */
struct tui_state {
	bool active;
	bool watch;			/* aisla watch: panes only, read-only */
	bool colors;
	bool compact;			/* one pane at a time */
	bool zoom;			/* the focused pane alone (F3) */
	bool small;			/* below 80x24: console only */
	int focus;			/* PANE_* */
	bool fold_host;			/* F5: the host's section folded in every pane */
	unsigned view;			/* bumped when folding, a switch or the size changes
					 * what the panes show (diff_set_view) */
	WINDOW *prompt;			/* the readline line (not in watch) */
	struct pane panes[PANE_COUNT];
	uint64_t now;			/* loop_now_ms() of this frame */
	char pin[256];			/* pinned atop the console (a lesson's step) */
	bool lesson_view;		/* F6: the console takes most of the screen */
	bool lesson_view_set;		/* ...as the user chose (else: automatic) */
};
extern struct tui_state tui;

/* Colour pairs. */
enum {
	CP_NS = 1,			/* 1..6: namespace colours */
	CP_CHANGED = 8,			/* a changed field */
	CP_TITLE_FOCUS = 9,
	CP_ERR = 10,
	CP_ECHO = 11,
	CP_HEAD = 12,
	CP_CODE = 13,
};
#define TUI_NCOLORS 6

/* The colour of a namespace (by the name a user types: "host", a node,
 * a /run/netns name). 0 = the default colour (host). Stable for the
 * session: "rojo" is red, "azul" blue... others in first-seen order. */
int tui_ns_color(const char *name);
/* The attribute for a namespace colour. */
attr_t tui_color_attr(int color);

/* Mark a pane for redraw at the next frame (<= 30 a second). */
void tui_dirty(int pane);
/* The console changed: draw it at the end of this loop turn. */
void tui_console_dirty(void);

/* Drawing helpers (draw.c). */
/* Display width of UTF-8 text. */
int u8_width(const char *s);
/* Write s at (y, x) in at most maxw columns ("…" when cut); returns the
 * columns used. strike: overlay each character with a long stroke. */
int tui_put(WINDOW *w, int y, int x, const char *s, int maxw, attr_t attr, bool strike);
/* Fill the rest of row y from x with blanks in attr. */
void tui_fill(WINDOW *w, int y, int x, int to, attr_t attr);

/* A table of diff rows: column headings on content row 0, rows below,
 * from p->scroll. Widths from the content within [min, max]; the last
 * column takes what is left. */
struct tcol {
	const char *head;		/* msgid */
	int min, max;
};
void tui_table(struct pane *p, const struct tcol *cols, int ncols, const struct diff *d);
/* How many content rows a pane shows (h - title). */
static inline int pane_rows(const struct pane *p) { return p->h - 1; }
/* Clamp p->scroll for n rows with `visible` rows on screen. */
void pane_clamp_scroll(struct pane *p, int n, int visible);
/* Generic scrolling keys; true if used. */
bool pane_scroll_key(struct pane *p, int key);

/* The console (pane-console.c). */
void console_append(int kind, const char *text, size_t len);	/* 0 out, 1 err, 3 prose */
void console_echo(const char *prompt, const char *line);
void console_scroll(int pages);	/* + up (older), - down, 0 bottom */
/* readline's redisplay into the prompt window. */
void console_rl_redisplay(void);
void console_draw_prompt(void);

/* tui-restore.c: the terminal's modes, fatal paths, stderr into the console. */
void tui_save_terminal(void);
void tui_crash_handlers(void);
void tui_stderr_capture(void);
void tui_stderr_release(void);

#endif
