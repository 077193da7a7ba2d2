/* proctree.c: the process tree as rows to draw (see procs.h):
 * parents before children, siblings by pid, each row with the prefix of
 * box-drawing characters that shows its depth, as htop and pstree draw
 * it. Pure: it works on the processes it is given. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "procs.h"

struct tnode {
	const struct proc *p;
	size_t first_child, next_sibling;	/* indexes, SIZE_MAX = none */
	bool visited;
};

static int cmp_proc_ptr(const void *a, const void *b)
{
	const struct proc *x = *(const struct proc *const *)a;
	const struct proc *y = *(const struct proc *const *)b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static size_t find_idx(const struct proc **sorted, size_t n, pid_t pid)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sorted[mid]->pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && sorted[lo]->pid == pid ? lo : SIZE_MAX;
}

static void make_prefix(char *out, const bool *more, int depth, bool last)
{
	size_t len = 0;
	out[0] = 0;
	if (depth == 0)
		return;
	for (int d = 1; d < depth; d++) {
		const char *seg = more[d] ? "│  " : "   ";
		size_t sl = strlen(seg);
		if (len + sl + 16 >= PROCS_PREFIX_MAX) {
			memcpy(out + len, "… ", strlen("… "));
			len += strlen("… ");
			break;
		}
		memcpy(out + len, seg, sl);
		len += sl;
	}
	const char *own = last ? "└─ " : "├─ ";
	memcpy(out + len, own, strlen(own));
	len += strlen(own);
	out[len] = 0;
}

#define TREE_MAXDEPTH 256

size_t procs_tree(const struct proc *const *procs, size_t n, struct proc_row *rows)
{
	if (!n)
		return 0;
	const struct proc **sorted = malloc(n * sizeof *sorted);
	struct tnode *t = malloc(n * sizeof *t);
	if (!sorted || !t) {
		free(sorted);
		free(t);
		for (size_t i = 0; i < n; i++) {
			rows[i].p = procs[i];
			rows[i].depth = 0;
			rows[i].last = true;
			rows[i].prefix[0] = 0;
		}
		return n;
	}
	memcpy(sorted, procs, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_proc_ptr);
	for (size_t i = 0; i < n; i++) {
		t[i].p = sorted[i];
		t[i].first_child = t[i].next_sibling = SIZE_MAX;
		t[i].visited = false;
	}
	/* children lists, kept in pid order: walk backwards and push front */
	bool *is_root = calloc(n, sizeof *is_root);
	for (size_t k = n; k-- > 0;) {
		size_t par = sorted[k]->ppid == sorted[k]->pid ? SIZE_MAX
			: find_idx(sorted, n, sorted[k]->ppid);
		if (par == SIZE_MAX) {
			if (is_root)
				is_root[k] = true;
			continue;
		}
		t[k].next_sibling = t[par].first_child;
		t[par].first_child = k;
	}
	size_t out = 0;
	size_t stack[TREE_MAXDEPTH];
	bool more[TREE_MAXDEPTH + 1];
	/* roots in pid order; then anything unreached (a cycle) as a root */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t r = 0; r < n; r++) {
			if (t[r].visited)
				continue;
			if (pass == 0 && !(is_root ? is_root[r] : true))
				continue;
			/* iterative DFS */
			int sp = 0;
			stack[0] = r;
			t[r].visited = true;
			rows[out].p = t[r].p;
			rows[out].depth = 0;
			rows[out].last = true;
			rows[out].prefix[0] = 0;
			out++;
			size_t cur = t[r].first_child;
			while (1) {
				while (cur != SIZE_MAX && t[cur].visited)
					cur = t[cur].next_sibling;
				if (cur == SIZE_MAX) {
					if (sp == 0)
						break;
					/* back to the parent's next sibling */
					size_t up = stack[sp];
					sp--;
					cur = t[up].next_sibling;
					continue;
				}
				size_t nxt = t[cur].next_sibling;
				while (nxt != SIZE_MAX && t[nxt].visited)
					nxt = t[nxt].next_sibling;
				bool last = nxt == SIZE_MAX;
				int depth = sp + 1;
				t[cur].visited = true;
				rows[out].p = t[cur].p;
				rows[out].depth = depth;
				rows[out].last = last;
				if (depth <= TREE_MAXDEPTH)
					more[depth] = !last;
				make_prefix(rows[out].prefix, more, depth < TREE_MAXDEPTH ? depth : TREE_MAXDEPTH - 1, last);
				out++;
				if (t[cur].first_child != SIZE_MAX && sp + 1 < TREE_MAXDEPTH - 1) {
					stack[++sp] = cur;
					cur = t[cur].first_child;
				} else {
					cur = t[cur].next_sibling;
				}
			}
		}
	}
	free(is_root);
	free(sorted);
	free(t);
	return out;
}

