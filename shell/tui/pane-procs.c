/* tui/pane-procs.c: the Processes pane: the tree of the processes that
 * matter (those in aisla's nodes and aisla's own descendants; F4 shows
 * all), with the PID outside and inside its PID namespace, its node, the
 * namespaces it does not share with aisla, uid inside→outside, root,
 * cgroup, nice, CPU %, RSS and the command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tui-int.h"
#include "../i18n.h"
#include "../world/world.h"
#include "../world/procs.h"
#include "../run.h"

struct procs_priv {
	struct diff d;
	bool all;
	unsigned long self_ns[PNS_COUNT];
	const struct proc **sel;
	struct proc_row *rows;
	size_t cap;
	char *keep;	/* per table index: shown */
};

static void procs_init(struct pane *p)
{
	struct procs_priv *pp = p->priv;
	char path[64];
	struct stat st;
	if (!pp)
		return;
	for (int t = 0; t < PNS_COUNT; t++) {
		snprintf(path, sizeof path, "/proc/self/ns/%s", procs_ns_name(t));
		if (stat(path, &st) == 0)
			pp->self_ns[t] = (unsigned long)st.st_ino;
	}
}

static void procs_free(struct pane *p)
{
	struct procs_priv *pp = p->priv;
	if (pp) {
		free(pp->sel);
		free(pp->rows);
		free(pp->keep);
	}
}

static void fmt_rss(unsigned long kb, char *buf, size_t n)
{
	if (kb >= 10 * 1024 * 1024)
		snprintf(buf, n, "%luG", kb / (1024 * 1024));
	else if (kb >= 10 * 1024)
		snprintf(buf, n, "%luM", kb / 1024);
	else
		snprintf(buf, n, "%luK", kb);
}

/* aisla's own helpers (a lesson's checks: run hidden) and what they
 * start are not the student's: never shown. */
static bool is_helper(const struct proc *pr)
{
	pid_t self = getpid();
	for (int depth = 0; pr && depth < 64; depth++) {
		if (run_is_hidden(pr->pid, pr->start))
			return true;
		if (pr->ppid == self || pr->ppid <= 1)
			break;
		pr = procs_find(pr->ppid);
	}
	return false;
}

/* What the default view shows: aisla itself, what it started, and the
 * processes in its nodes; never its helpers. */
static bool shown(const struct proc *pr, bool all)
{
	if (is_helper(pr))
		return false;
	if (all)
		return !pr->kthread;
	return pr->pid == getpid() || procs_matters(pr);
}

static void procs_draw(struct pane *p)
{
	struct procs_priv *pp = p->priv;
	static const struct tcol cols[] = {
		{ N_("PID"), 7, 7 }, { N_("INSIDE"), 6, 7 }, { N_("NODE"), 6, 15 },
		{ N_("NS"), 7, 24 }, { N_("UID"), 3, 12 }, { N_("ROOT"), 4, 20 },
		{ N_("CGROUP"), 6, 20 }, { N_("NI"), 3, 3 }, { N_("CPU%"), 5, 5 },
		{ N_("RSS"), 6, 6 }, { N_("COMMAND"), 24, 0 },
	};
	static const struct tcol ncols_[] = {
		{ N_("PID"), 7, 7 }, { N_("INSIDE"), 6, 7 }, { N_("NODE"), 6, 15 },
		{ N_("NS"), 7, 16 }, { N_("UID"), 3, 12 }, { N_("CPU%"), 5, 5 },
		{ N_("COMMAND"), 20, 0 },
	};
	static const struct tcol wcols[] = {
		{ N_("PID"), 7, 7 }, { N_("INSIDE"), 6, 7 }, { N_("NODE"), 6, 15 },
		{ N_("CPU%"), 5, 5 }, { N_("COMMAND"), 20, 0 },
	};
	size_t n = procs_count(), nsel = 0, nshown = 0;
	char key[64];

	if (!pp)
		return;
	if (n > pp->cap) {
		const struct proc **s = realloc(pp->sel, n * sizeof *s);
		struct proc_row *r = s ? realloc(pp->rows, n * sizeof *r) : NULL;
		if (s)
			pp->sel = s;
		if (r)
			pp->rows = r;
		if (!s || !r)
			return;
		pp->cap = n;
	}
	for (size_t i = 0; i < n; i++) {
		const struct proc *pr = procs_at(i);
		if (!pr)
			continue;
		if (shown(pr, pp->all))
			pp->sel[nsel++] = pr;
	}
	procs_tree(pp->sel, nsel, pp->rows);

	diff_begin(&pp->d);
	for (size_t i = 0; i < nsel; i++) {
		const struct proc_row *row = &pp->rows[i];
		const struct proc *pr = row->p;
		const char *node = procs_node_of(pr);
		char pid[16], inside[16], ns[128], uid[32], nice[8], cpu[16], rss[16], cmd[256];
		size_t o = 0;

		snprintf(pid, sizeof pid, "%d", (int)pr->pid);
		if (pr->nnspid > 1)
			snprintf(inside, sizeof inside, "%d", (int)pr->nspid[pr->nnspid - 1]);
		else
			snprintf(inside, sizeof inside, "-");
		ns[0] = 0;
		/* the namespaces it does not share with aisla; one that belongs
		 * to another node than the process's is named: "net:azul" */
		for (int t = 0; t < PNS_COUNT; t++) {
			if (!pr->ns[t] || !pp->self_ns[t] || pr->ns[t] == pp->self_ns[t] || o + 8 >= sizeof ns)
				continue;
			const char *tn = procs_node_of_ns(t, pr->ns[t]);
			if (tn && node && strcmp(tn, node) && strcmp(tn, "host"))
				o += (size_t)snprintf(ns + o, sizeof ns - o, "%s%s:%s", o ? "," : "",
						      procs_ns_name(t), tn);
			else
				o += (size_t)snprintf(ns + o, sizeof ns - o, "%s%s", o ? "," : "",
						      procs_ns_name(t));
		}
		if (o >= sizeof ns)
			ns[sizeof ns - 1] = 0;
		if (pr->uid_inside != pr->uid)
			snprintf(uid, sizeof uid, "%d\xe2\x86\x92%d", (int)pr->uid_inside, (int)pr->uid);
		else
			snprintf(uid, sizeof uid, "%d", (int)pr->uid);
		snprintf(nice, sizeof nice, "%d", pr->nice);
		snprintf(cpu, sizeof cpu, "%.1f", pr->cpu);
		fmt_rss(pr->rss_kb, rss, sizeof rss);
		snprintf(cmd, sizeof cmd, "%s%s", row->prefix, pr->cmdline[0] ? pr->cmdline : pr->comm);
		snprintf(key, sizeof key, "%d/%llu", (int)pr->pid, pr->start);
		unsigned flags = (pr->dead ? DROW_DEAD : 0) | (!node && pp->all ? DROW_DIM : 0);
		int color = tui_ns_color(node);
		if (tui.watch) {
			const char *c[5] = { pid, inside, node ? node : "host", cpu, cmd };
			diff_add(&pp->d, key, color, row->depth, flags, 5, c);
		} else if (p->cw < 110) {
			const char *c[7] = { pid, inside, node ? node : "host", ns, uid, cpu, cmd };
			diff_add(&pp->d, key, color, row->depth, flags, 7, c);
		} else {
			const char *c[11] = { pid, inside, node ? node : "host", ns, uid,
					      pr->root, pr->cgroup, nice, cpu, rss, cmd };
			diff_add(&pp->d, key, color, row->depth, flags, 11, c);
		}
		nshown++;
	}
	diff_set_view(&pp->d, tui.view);
	diff_end(&pp->d, tui.now);
	diff_expire(&pp->d, tui.now);
	if (tui.watch)
		tui_table(p, wcols, 5, &pp->d);
	else if (p->cw < 110)
		tui_table(p, ncols_, 7, &pp->d);
	else
		tui_table(p, cols, 11, &pp->d);
	snprintf(p->badge, sizeof p->badge, pp->all ?
		 ngettext("%zu process, all (F4)", "%zu processes, all (F4)", nshown) :
		 ngettext("%zu process, aisla's (F4: all)", "%zu processes, aisla's (F4: all)", nshown),
		 nshown);
	if (pp->d.n == 0 && pane_rows(p) > 2)
		tui_put(p->win, 2, 1, _("no node processes yet: unshare -p -m NODE -- CMD"),
			p->cw - 2, A_DIM, false);
}

static bool procs_key(struct pane *p, int key)
{
	struct procs_priv *pp = p->priv;
	if (key == TK_TOGGLE && pp) {
		pp->all = !pp->all;
		procs_set_figures_all(pp->all);
		p->scroll = 0;
		p->dirty = true;
		return true;
	}
	return false;
}

const struct pane_class pane_procs_class = {
	.name = "procs",
	.title = N_("Processes"),
	.watch = WORLD_PROCS | WORLD_NODES | WORLD_CGROUPS,
	/* every fork and exit on the machine is an event: 4 redraws a second
	 * at most keep it live without chasing a busy machine */
	.min_ms = 250,
	.init = procs_init,
	.draw = procs_draw,
	.key = procs_key,
	.free = procs_free,
	.priv_size = sizeof(struct procs_priv),
	.linger_ms = 0,		/* dead processes linger in the model already */
};
