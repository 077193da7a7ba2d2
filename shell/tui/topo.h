/* tui/topo.h: the topology diagram's layout, independent of curses.
 *
 * Namespaces are boxes listing their interfaces (a bridge is drawn as a
 * switch "[≡]" with its ports beneath it); veth pairs are wires between
 * the two interfaces' rows, routed through a channel between two columns
 * of boxes, with box-drawing characters, the way the course's slides draw
 * them:
 *
 *   ┌─ host ─────────┐        ┌─ rojo ─────────┐
 *   │ lo             │        │ lo             │
 *   │ v-h            ├──┐  ┌──┤ v-r            │
 *   └────────────────┘  │  │  └────────────────┘
 *                       └──┼─ ...
 *
 * Wires never meet but at their own corners: where one crosses another
 * the crossing shows the vertical line going on (──│──), never a
 * junction (┼ ├ ┤ ┬ ┴); two wires never share a piece of line (a track
 * segment or a row); a wire that cannot be drawn so is left out and
 * counted in `hidden`.
 *
 * The layout is stable: a box keeps its column and its place in the
 * column's order from the moment it is first seen (new boxes go to the
 * shorter column, below), a wire keeps its track. Rendering goes to a
 * grid of code points + colours that the pane copies to its window and
 * that the unit tests read as text (tests/unit/topo-layout.c).
 */
#ifndef AISLA_TUI_TOPO_H
#define AISLA_TUI_TOPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOPO_NAME_MAX 64
#define TOPO_LABEL_MAX 48

enum {
	TIF_BRIDGE = 1 << 0,
	TIF_UP     = 1 << 1,
	TIF_LOOP   = 1 << 2,
};

struct topo_if {
	int index;			/* ifindex in its namespace */
	char name[16];
	char label[TOPO_LABEL_MAX];	/* shown after the name (an address) */
	unsigned flags;			/* TIF_* */
	int master;			/* ifindex of its bridge, 0 */
	/* layout output: row of this interface (absolute y), -1 if hidden */
	int y;
	int depth;			/* 1 for a bridge port under its bridge */
};

struct topo_box {
	char name[TOPO_NAME_MAX];
	int color;
	int nifs;
	struct topo_if *ifs;		/* owned by the caller until topo_clear */
	/* layout output */
	int col;			/* 0 left, 1 right */
	int x, y, w, h;
	uint64_t seq;			/* first-seen order */
};

struct topo_wire {
	char a_ns[TOPO_NAME_MAX];
	int a_if;
	char b_ns[TOPO_NAME_MAX];
	int b_if;
	int color;
	/* layout output */
	int track;			/* remembered track; -1: an end is missing */
	int lane;			/* the track drawn on; -1: not drawn */
};

struct topo_mem {			/* what stays between layouts */
	char key[2 * TOPO_NAME_MAX + 32];
	int val;			/* box: column; wire: track */
	uint64_t seq;
	bool seen;
};

struct topo {
	/* input, refilled before each layout */
	struct topo_box *boxes;
	int nbox, capbox;
	struct topo_wire *wires;
	int nwire, capwire;
	/* memory */
	struct topo_mem *mem;
	int nmem, capmem;
	uint64_t seq;
	/* layout output */
	int width, height;		/* size of the drawing */
	int ncols;
	int chan_x, chan_w;		/* the wire channel */
	int hidden;			/* wires with no room to be drawn truthfully */
	int *order;			/* boxes in display order (indices) */
};

void topo_init(struct topo *t);
void topo_free(struct topo *t);
/* Forget the input (boxes, wires), keep the memory. */
void topo_clear(struct topo *t);
/* Add a box (copied; ifs copied too). Returns its index. */
int topo_add_box(struct topo *t, const char *name, int color,
		 const struct topo_if *ifs, int nifs);
void topo_add_wire(struct topo *t, const char *a_ns, int a_if,
		   const char *b_ns, int b_if, int color);
/* Place everything for a drawing area of width columns. */
void topo_layout(struct topo *t, int width);

/* A rendered drawing. */
struct topo_cell {
	uint32_t ch;		/* Unicode code point (0 = blank) */
	uint8_t color;
	uint8_t attr;		/* TCELL_* */
};
enum { TCELL_TITLE = 1, TCELL_WIRE = 2, TCELL_DIM = 4 };

struct topo_grid {
	int w, h;
	struct topo_cell *cells;	/* w * h */
};
/* Render the laid-out topology (after topo_layout). */
int topo_render(const struct topo *t, struct topo_grid *g);
void topo_grid_free(struct topo_grid *g);
/* Row y of the grid as UTF-8 text, trailing blanks removed (tests). */
void topo_grid_line(const struct topo_grid *g, int y, char *buf, size_t n);

/* The box of a namespace (NULL if not there). */
const struct topo_box *topo_box_find(const struct topo *t, const char *name);

#endif
