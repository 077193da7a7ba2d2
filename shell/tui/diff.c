/* tui/diff.c: the row differ that drives the highlights (see diff.h). */
#include <stdlib.h>
#include <string.h>
#include "diff.h"

void diff_init(struct diff *d, unsigned hl_ms, unsigned linger_ms)
{
	memset(d, 0, sizeof *d);
	d->hl_ms = hl_ms;
	d->linger_ms = linger_ms;
}

static void row_release(struct diff_row *r)
{
	free(r->key);
	r->key = NULL;
}

void diff_free(struct diff *d)
{
	for (size_t i = 0; i < d->n; i++)
		row_release(&d->rows[i]);
	for (size_t i = 0; i < d->nn; i++)
		row_release(&d->next[i]);
	free(d->rows);
	free(d->next);
	free(d->hidx);
	memset(d, 0, sizeof *d);
}

void diff_begin(struct diff *d)
{
	for (size_t i = 0; i < d->nn; i++)
		row_release(&d->next[i]);
	d->nn = 0;
}

void diff_add(struct diff *d, const char *key, int color, int depth,
	      unsigned flags, int ncells, const char *const *cells)
{
	size_t len, klen = strlen(key) + 1;
	struct diff_row *r;
	char *buf, *p;

	if (ncells > DIFF_MAXCOL)
		ncells = DIFF_MAXCOL;
	if (ncells < 0)
		ncells = 0;
	if (d->nn == d->ncap) {
		size_t nc = d->ncap ? d->ncap * 2 : 64;
		struct diff_row *nr = realloc(d->next, nc * sizeof *nr);
		if (!nr)
			return;
		d->next = nr;
		d->ncap = nc;
	}
	len = klen;
	for (int i = 0; i < ncells; i++)
		len += strlen(cells[i] ? cells[i] : "") + 1;
	if (!(buf = malloc(len)))
		return;
	r = &d->next[d->nn++];
	memset(r, 0, sizeof *r);
	memcpy(buf, key, klen);
	p = buf + klen;
	for (int i = 0; i < ncells; i++) {
		const char *c = cells[i] ? cells[i] : "";
		size_t l = strlen(c) + 1;
		memcpy(p, c, l);
		r->cell[i] = p;
		p += l;
	}
	for (int i = ncells; i < DIFF_MAXCOL; i++)
		r->cell[i] = "";
	r->key = buf;
	r->ncells = ncells;
	r->color = color;
	r->depth = depth;
	r->flags = flags;
}

/* FNV-1a: keys are short strings. */
static size_t key_hash(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Index rows[0..n) by key into d->hidx (open addressing). */
static int index_build(struct diff *d, const struct diff_row *rows, size_t n)
{
	size_t cap = 16;
	while (cap < n * 2 + 1)
		cap *= 2;
	if (cap > d->hcap) {
		int *h = realloc(d->hidx, cap * sizeof *h);
		if (!h)
			return -1;
		d->hidx = h;
		d->hcap = cap;
	}
	for (size_t i = 0; i < d->hcap; i++)
		d->hidx[i] = -1;
	for (size_t i = 0; i < n; i++) {
		size_t k = key_hash(rows[i].key) & (d->hcap - 1);
		while (d->hidx[k] >= 0) {
			if (strcmp(rows[d->hidx[k]].key, rows[i].key) == 0)
				break;	/* duplicate key: first one wins */
			k = (k + 1) & (d->hcap - 1);
		}
		if (d->hidx[k] < 0)
			d->hidx[k] = (int)i;
	}
	return 0;
}

static long index_find(const struct diff *d, const struct diff_row *rows, const char *key)
{
	if (!d->hcap)
		return -1;
	size_t k = key_hash(key) & (d->hcap - 1);
	while (d->hidx[k] >= 0) {
		if (strcmp(rows[d->hidx[k]].key, key) == 0)
			return d->hidx[k];
		k = (k + 1) & (d->hcap - 1);
	}
	return -1;
}

/* Compare the new list with the displayed one: carry over birth and
 * change times, stamp what is new or changed, keep what went away at
 * its old place (after the nearest earlier row that still exists). */
void diff_set_view(struct diff *d, unsigned view)
{
	if (view != d->view)
		d->quiet = true;
	d->view = view;
}

void diff_end(struct diff *d, uint64_t now)
{
	bool quiet = d->quiet;
	size_t nold = d->n, nnew = d->nn;
	struct diff_row *old = d->rows, *nw = d->next;
	long *match_old = NULL;	/* old index -> new index, or -1 */
	long *anchor = NULL;	/* removed old row -> new index it follows (-1 = top) */
	bool *keep = NULL;
	struct diff_row *merged = NULL;
	size_t nm = 0;

	match_old = malloc((nold + 1) * sizeof *match_old);
	anchor = malloc((nold + 1) * sizeof *anchor);
	keep = calloc(nold + 1, sizeof *keep);
	merged = malloc((nold + nnew + 1) * sizeof *merged);
	if (!match_old || !anchor || !keep || !merged || index_build(d, nw, nnew) < 0)
		goto fail;

	/* old rows -> their new position */
	for (size_t i = 0; i < nold; i++)
		match_old[i] = index_find(d, nw, old[i].key);

	/* stamp the new rows */
	if (index_build(d, old, nold) < 0)
		goto fail;
	for (size_t j = 0; j < nnew; j++) {
		struct diff_row *r = &nw[j];
		long i = index_find(d, old, r->key);
		if (i < 0 || old[i].gone_ms) {
			r->born_ms = d->primed && !quiet ? now : 0;
			continue;
		}
		r->born_ms = old[i].born_ms;
		for (int c = 0; c < DIFF_MAXCOL; c++) {
			bool same = c < r->ncells && c < old[i].ncells ?
				strcmp(r->cell[c], old[i].cell[c]) == 0 :
				(c >= r->ncells) == (c >= old[i].ncells);
			r->changed_ms[c] = same || quiet ? old[i].changed_ms[c] : now;
		}
		if ((r->flags ^ old[i].flags) & DROW_DEAD)
			r->changed_ms[0] = now;
	}

	/* removed rows: linger after their anchor */
	long last = -1;
	for (size_t i = 0; i < nold; i++) {
		if (match_old[i] >= 0) {
			last = match_old[i];
			continue;
		}
		if (!d->primed || !d->linger_ms || quiet)
			continue;
		if (!old[i].gone_ms)
			old[i].gone_ms = now;
		if (now - old[i].gone_ms >= d->linger_ms)
			continue;
		keep[i] = true;
		anchor[i] = last;
	}

	/* merge: lingering rows anchored at the top, then each new row
	 * followed by the lingering rows anchored to it (old order kept) */
	for (size_t i = 0; i < nold; i++)
		if (keep[i] && anchor[i] < 0)
			merged[nm++] = old[i];
	{
		/* bucket the lingering rows by anchor, in old order */
		size_t *first = calloc(nnew + 1, sizeof *first);
		size_t *nextl = malloc((nold + 1) * sizeof *nextl);
		size_t *tail = calloc(nnew + 1, sizeof *tail);
		if (!first || !nextl || !tail) {
			free(first);
			free(nextl);
			free(tail);
			goto fail;
		}
		/* 1-based links, 0 = none */
		for (size_t i = 0; i < nold; i++) {
			if (!keep[i] || anchor[i] < 0)
				continue;
			size_t a = (size_t)anchor[i];
			nextl[i] = 0;
			if (!first[a])
				first[a] = i + 1;
			else
				nextl[tail[a] - 1] = i + 1;
			tail[a] = i + 1;
		}
		for (size_t j = 0; j < nnew; j++) {
			merged[nm++] = nw[j];
			for (size_t k = first[j]; k; k = nextl[k - 1])
				merged[nm++] = old[k - 1];
		}
		free(first);
		free(nextl);
		free(tail);
	}

	for (size_t i = 0; i < nold; i++)
		if (!keep[i])
			row_release(&old[i]);
	free(d->rows);
	d->rows = merged;
	d->n = nm;
	d->cap = nold + nnew + 1;
	d->nn = 0;	/* rows moved into merged */
	d->primed = true;
	d->quiet = false;
	free(match_old);
	free(anchor);
	free(keep);
	return;
fail:
	/* out of memory: show the new list as is */
	free(match_old);
	free(anchor);
	free(keep);
	free(merged);
	for (size_t i = 0; i < nold; i++)
		row_release(&old[i]);
	{
		struct diff_row *t = d->rows;
		size_t tc = d->cap;
		d->rows = d->next;
		d->cap = d->ncap;
		d->n = nnew;
		d->next = t;
		d->ncap = tc;
		d->nn = 0;
	}
	d->primed = true;
	d->quiet = false;
}

bool diff_expire(struct diff *d, uint64_t now)
{
	size_t j = 0;
	bool any = false;
	for (size_t i = 0; i < d->n; i++) {
		struct diff_row *r = &d->rows[i];
		if (r->gone_ms && now - r->gone_ms >= d->linger_ms) {
			row_release(r);
			any = true;
			continue;
		}
		d->rows[j++] = *r;
	}
	d->n = j;
	return any;
}

static void consider(uint64_t t, uint64_t now, uint64_t *best)
{
	if (t > now && (!*best || t < *best))
		*best = t;
}

uint64_t diff_deadline(const struct diff *d, uint64_t now)
{
	uint64_t best = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_row *r = &d->rows[i];
		if (r->gone_ms) {
			consider(r->gone_ms + d->linger_ms, now, &best);
			continue;
		}
		if (r->born_ms)
			consider(r->born_ms + d->hl_ms, now, &best);
		for (int c = 0; c < r->ncells; c++)
			if (r->changed_ms[c])
				consider(r->changed_ms[c] + d->hl_ms, now, &best);
	}
	return best;
}

bool diff_is_new(const struct diff *d, const struct diff_row *r, uint64_t now)
{
	return r->born_ms && !r->gone_ms && now - r->born_ms < d->hl_ms;
}

bool diff_cell_changed(const struct diff *d, const struct diff_row *r, int cell,
		       uint64_t now)
{
	if (cell < 0 || cell >= DIFF_MAXCOL || r->gone_ms)
		return false;
	return r->changed_ms[cell] && now - r->changed_ms[cell] < d->hl_ms;
}

long diff_find(const struct diff *d, const char *key)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->rows[i].key, key) == 0)
			return (long)i;
	return -1;
}
