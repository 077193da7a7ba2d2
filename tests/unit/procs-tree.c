/* Unit tests: the process tree builder of world/procs.c on synthetic data
 * (order, depth, prefixes, orphans, cycles), plus node name validation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "../../shell/world/procs.h"
#include "../../commands/node.h"

static struct proc P(pid_t pid, pid_t ppid)
{
	struct proc p;
	memset(&p, 0, sizeof p);
	p.pid = pid;
	p.ppid = ppid;
	snprintf(p.comm, sizeof p.comm, "p%d", (int)pid);
	return p;
}

static char order[512];

static void render(struct proc_row *rows, size_t n)
{
	order[0] = 0;
	for (size_t i = 0; i < n; i++) {
		char one[96];
		snprintf(one, sizeof one, "%s%d%s", rows[i].prefix, (int)rows[i].p->pid,
			 i + 1 < n ? "|" : "");
		strncat(order, one, sizeof order - strlen(order) - 1);
	}
}

int main(void)
{
	/*   1
	 *   ├─ 5
	 *   │  └─ 9
	 *   └─ 7
	 *  30 (parent 2 not in the set: a root) */
	struct proc a[] = { P(9, 5), P(7, 1), P(30, 2), P(1, 0), P(5, 1) };
	const struct proc *in[5];
	struct proc_row rows[5];
	for (int i = 0; i < 5; i++)
		in[i] = &a[i];
	size_t n = procs_tree(in, 5, rows);
	is_int(n, 5, "every process gets a row");
	render(rows, n);
	is_str(order, "1|├─ 5|│  └─ 9|└─ 7|30", "depth-first, children by pid, prefixes drawn");
	is_int(rows[0].depth, 0, "the root has depth 0");
	is_int(rows[2].depth, 2, "a grandchild has depth 2");
	ok(rows[3].last, "the last child is marked last");
	ok(!rows[1].last, "a child with a later sibling is not last");

	/* a process that is its own parent, and a cycle, still appear once */
	struct proc b[] = { P(4, 4), P(10, 11), P(11, 10) };
	const struct proc *inb[3] = { &b[0], &b[1], &b[2] };
	struct proc_row rb[3];
	n = procs_tree(inb, 3, rb);
	is_int(n, 3, "a cycle does not lose or repeat processes");
	int seen10 = 0, seen11 = 0, seen4 = 0;
	for (size_t i = 0; i < n; i++) {
		seen10 += rb[i].p->pid == 10;
		seen11 += rb[i].p->pid == 11;
		seen4 += rb[i].p->pid == 4;
	}
	ok(seen10 == 1 && seen11 == 1 && seen4 == 1, "each process exactly once");

	/* a deep chain: prefixes stay within bounds */
	enum { DEEP = 100 };
	struct proc *c = calloc(DEEP, sizeof *c);
	const struct proc **inc = calloc(DEEP, sizeof *inc);
	struct proc_row *rc = calloc(DEEP, sizeof *rc);
	for (int i = 0; i < DEEP; i++) {
		c[i] = P(i + 100, i ? i + 99 : 1);
		inc[i] = &c[i];
	}
	n = procs_tree(inc, DEEP, rc);
	is_int(n, DEEP, "a deep chain keeps every process");
	is_int(rc[DEEP - 1].depth, DEEP - 1, "the deepest has its real depth");
	ok(strlen(rc[DEEP - 1].prefix) < PROCS_PREFIX_MAX, "prefix bounded");
	ok(strstr(rc[DEEP - 1].prefix, "…") != NULL, "deep prefixes are elided");
	free(c);
	free(inc);
	free(rc);
	is_int(procs_tree(NULL, 0, NULL), 0, "an empty set gives no rows");

	/* node names */
	struct err e = ERR_INIT;
	ok(node_name_valid("rojo", &e) == 0, "rojo is a valid node name");
	ok(node_name_valid("a.b-c_9", &e) == 0, "letters, digits, . - _ are allowed");
	ok(node_name_valid("abcdefghijklmno", &e) == 0, "15 characters are allowed");
	ok(node_name_valid("abcdefghijklmnop", &e) < 0, "16 are not");
	ok(node_name_valid("", &e) < 0, "empty is not");
	ok(node_name_valid("-x", &e) < 0, "a leading - is not");
	ok(node_name_valid(".x", &e) < 0, "a leading . is not");
	ok(node_name_valid("a/b", &e) < 0, "a / is not");
	ok(node_name_valid("a b", &e) < 0, "a space is not");
	is_str(ns_mask_names(NS_NET | NS_PID | NS_MNT), "net,pid,mnt", "mask names");
	is_str(ns_mask_flags(NS_NET | NS_USER), "-n -U", "mask flags");
	is_str(node_shq("abc"), "abc", "plain words are not quoted");
	is_str(node_shq("a b"), "'a b'", "words with spaces are quoted");
	is_str(node_shq("it's"), "'it'\\''s'", "single quotes are escaped for bash");
	return done_testing();
}
