/* tests/unit/tui-diff.c: the row differ that drives the panes' highlights. */
#include "tap.h"
#include "../../shell/tui/diff.h"

static void add(struct diff *d, const char *key, const char *a, const char *b)
{
	const char *cells[2] = { a, b };
	diff_add(d, key, 0, 0, 0, 2, cells);
}

static const char *order(const struct diff *d)
{
	static char buf[256];
	buf[0] = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (i)
			strcat(buf, " ");
		strcat(buf, d->rows[i].key);
		if (d->rows[i].gone_ms)
			strcat(buf, "-");
	}
	return buf;
}

static const struct diff_row *row(const struct diff *d, const char *key)
{
	long i = diff_find(d, key);
	return i < 0 ? NULL : &d->rows[i];
}

int main(void)
{
	struct diff d;
	uint64_t t = 1000;

	diff_init(&d, 2000, 3000);

	/* the first list is the starting point: nothing highlighted */
	diff_begin(&d);
	add(&d, "a", "lo", "UP");
	add(&d, "b", "eth0", "UP");
	add(&d, "c", "v1", "DOWN");
	diff_end(&d, t);
	is_str(order(&d), "a b c", "first list shown as given");
	ok(!diff_is_new(&d, row(&d, "a"), t), "rows of the first list are not new");
	is_int(diff_deadline(&d, t), 0, "nothing pending after the first list");

	/* a row appears, a field changes */
	t = 2000;
	diff_begin(&d);
	add(&d, "a", "lo", "UP");
	add(&d, "b", "eth0", "UP");
	add(&d, "x", "v9", "DOWN");
	add(&d, "c", "v1", "UP");
	diff_end(&d, t);
	is_str(order(&d), "a b x c", "new row at its place");
	ok(diff_is_new(&d, row(&d, "x"), t), "new row highlighted");
	ok(!diff_is_new(&d, row(&d, "b"), t), "old row not new");
	ok(diff_cell_changed(&d, row(&d, "c"), 1, t), "changed field highlighted");
	ok(!diff_cell_changed(&d, row(&d, "c"), 0, t), "unchanged field not highlighted");
	is_int(diff_deadline(&d, t), 4000, "highlight ends after hl_ms");
	ok(!diff_is_new(&d, row(&d, "x"), 4000), "new highlight decays");
	ok(!diff_cell_changed(&d, row(&d, "c"), 1, 4000), "change highlight decays");

	/* the same list again keeps the stamps */
	t = 2500;
	diff_begin(&d);
	add(&d, "a", "lo", "UP");
	add(&d, "b", "eth0", "UP");
	add(&d, "x", "v9", "DOWN");
	add(&d, "c", "v1", "UP");
	diff_end(&d, t);
	ok(diff_is_new(&d, row(&d, "x"), t), "still new on an unchanged redraw");
	ok(diff_cell_changed(&d, row(&d, "c"), 1, t), "still changed on an unchanged redraw");

	/* a row goes: it lingers at its place, struck out */
	t = 5000;
	diff_begin(&d);
	add(&d, "a", "lo", "UP");
	add(&d, "x", "v9", "DOWN");
	add(&d, "c", "v1", "UP");
	diff_end(&d, t);
	is_str(order(&d), "a b- x c", "removed row lingers at its old place");
	ok(diff_is_gone(row(&d, "b")), "removed row is marked gone");
	ok(!diff_is_new(&d, row(&d, "b"), t), "gone row is not new");
	is_int(diff_deadline(&d, t), 8000, "deadline = end of the linger");

	/* the first row goes too: anchored at the top */
	t = 6000;
	diff_begin(&d);
	add(&d, "x", "v9", "DOWN");
	add(&d, "c", "v1", "UP");
	diff_end(&d, t);
	is_str(order(&d), "a- b- x c", "removed first rows stay on top, in order");
	is_int(row(&d, "b")->gone_ms, 5000, "gone time kept across redraws");

	/* expiry */
	ok(!diff_expire(&d, 7999), "nothing expires early");
	ok(diff_expire(&d, 8000), "lingering row expires");
	is_str(order(&d), "a- x c", "only the expired row went");
	diff_expire(&d, 9000);
	is_str(order(&d), "x c", "all expired");

	/* a row that comes back is new again */
	t = 10000;
	diff_begin(&d);
	add(&d, "b", "eth0", "UP");
	add(&d, "x", "v9", "DOWN");
	add(&d, "c", "v1", "UP");
	diff_end(&d, t);
	ok(diff_is_new(&d, row(&d, "b"), t), "returning row is new");

	/* reappearing while still lingering: not duplicated */
	t = 11000;
	diff_begin(&d);
	add(&d, "x", "v9", "DOWN");
	add(&d, "c", "v1", "UP");
	diff_end(&d, t);
	t = 11500;
	diff_begin(&d);
	add(&d, "x", "v9", "DOWN");
	add(&d, "b", "eth0", "UP");
	add(&d, "c", "v1", "UP");
	diff_end(&d, t);
	is_str(order(&d), "x b c", "reappearing row replaces its ghost");
	ok(diff_is_new(&d, row(&d, "b"), t), "and is new");

	/* removal then a different row at the same place */
	t = 20000;
	diff_begin(&d);
	add(&d, "x", "v9", "DOWN");
	add(&d, "c", "v1", "UP");
	add(&d, "d", "v2", "UP");
	diff_end(&d, t);
	is_str(order(&d), "x b- c d", "ghost after its predecessor, new row appended");

	/* no linger: rows go at once */
	{
		struct diff z;
		diff_init(&z, 1000, 0);
		diff_begin(&z);
		add(&z, "p", "1", "");
		add(&z, "q", "2", "");
		diff_end(&z, 100);
		diff_begin(&z);
		add(&z, "q", "2", "");
		diff_end(&z, 200);
		is_str(order(&z), "q", "linger 0 drops at once");
		diff_free(&z);
	}

	/* many rows: the index copes */
	{
		struct diff m;
		char k[32];
		diff_init(&m, 1000, 1000);
		diff_begin(&m);
		for (int i = 0; i < 5000; i++) {
			snprintf(k, sizeof k, "k%d", i);
			add(&m, k, k, "x");
		}
		diff_end(&m, 100);
		diff_begin(&m);
		for (int i = 0; i < 5000; i++) {
			if (i == 2500)
				continue;
			snprintf(k, sizeof k, "k%d", i);
			add(&m, k, k, i == 4000 ? "y" : "x");
		}
		diff_end(&m, 200);
		is_int(m.n, 5000, "5000 rows, one lingering");
		ok(diff_is_gone(&m.rows[2500]), "the removed one at its place");
		ok(diff_cell_changed(&m, &m.rows[4000], 1, 200), "the changed one flagged");
		diff_free(&m);
	}

	/* cell count change counts as a change */
	{
		struct diff c;
		const char *one[1] = { "a" }, *two[2] = { "a", "b" };
		diff_init(&c, 1000, 1000);
		diff_begin(&c);
		diff_add(&c, "r", 0, 0, 0, 1, one);
		diff_end(&c, 100);
		diff_begin(&c);
		diff_add(&c, "r", 0, 0, 0, 2, two);
		diff_end(&c, 200);
		ok(diff_cell_changed(&c, &c.rows[0], 1, 200), "an added cell is a change");
		ok(!diff_cell_changed(&c, &c.rows[0], 0, 200), "the old cell is not");
		diff_free(&c);
	}

	diff_free(&d);
	/* a view change (folding, a switch, a resize): rows leave and come
	 * without being struck out or highlighted; the next change counts */
	{
		struct diff v;
		uint64_t n = 50000;
		diff_init(&v, 2000, 3000);
		diff_begin(&v);
		add(&v, "h", "host", "");
		add(&v, "h/1", "lo", "UP");
		add(&v, "r", "rojo", "");
		diff_end(&v, n);
		diff_begin(&v);			/* the host folded */
		diff_set_view(&v, 1);
		add(&v, "h", "host", "1 folded");
		add(&v, "r", "rojo", "");
		diff_end(&v, n += 100);
		is_str(order(&v), "h r", "folded rows go at once, not struck out");
		ok(!diff_cell_changed(&v, row(&v, "h"), 1, n), "the folded header is not 'changed'");
		diff_begin(&v);			/* unfolded */
		diff_set_view(&v, 2);
		add(&v, "h", "host", "");
		add(&v, "h/1", "lo", "UP");
		add(&v, "r", "rojo", "");
		diff_end(&v, n += 100);
		ok(!diff_is_new(&v, row(&v, "h/1"), n), "unfolded rows are not 'new'");
		diff_begin(&v);			/* same view: a real removal */
		diff_set_view(&v, 2);
		add(&v, "h", "host", "");
		add(&v, "h/1", "lo", "UP");
		diff_end(&v, n += 100);
		is_str(order(&v), "h h/1 r-", "in the same view a row that goes lingers struck out");
		diff_free(&v);
	}
	return done_testing();
}
