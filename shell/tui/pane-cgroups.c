/* tui/pane-cgroups.c: the cgroups pane: aisla's control groups with their
 * limits (as `cgroup set` takes them) and live usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui-int.h"
#include "../i18n.h"
#include "../world/world.h"
#include "../world/cgroups.h"

struct cg_priv {
	struct diff d;
};

static void fmt_limit(long long v, char *buf, size_t n, bool bytes)
{
	if (v == WCG_UNKNOWN)
		snprintf(buf, n, "-");
	else if (v == WCG_UNLIMITED)
		snprintf(buf, n, "max");
	else if (bytes)
		world_cgroups_fmt_bytes(v, buf, n);
	else
		snprintf(buf, n, "%lld", v);
}

static void cg_draw(struct pane *p)
{
	struct cg_priv *cp = p->priv;
	static const struct tcol cols[] = {
		{ N_("GROUP"), 8, 20 }, { N_("CPU MAX"), 7, 12 }, { N_("CPU%"), 4, 7 },
		{ N_("MEMORY"), 10, 20 }, { N_("PIDS"), 7, 12 }, { N_("CPUSET"), 6, 10 },
		{ N_("PROCESSES"), 12, 0 },
	};
	size_t n = world_cgroups_count();

	if (!cp)
		return;
	diff_begin(&cp->d);
	for (size_t i = 0; i < n; i++) {
		const struct cgfs_group *g = world_cgroups_at(i);
		char cpu[32], pct[16], mem[64], cur[24], max[24], pids[64], pc[24], pm[24], procs[160];
		if (!g)
			continue;
		world_cgroups_fmt_cpu(g, cpu, sizeof cpu);
		if (!cpu[0])
			snprintf(cpu, sizeof cpu, "-");
		if (g->cpu_pct < 0)
			snprintf(pct, sizeof pct, "-");
		else
			snprintf(pct, sizeof pct, "%.1f", g->cpu_pct);
		fmt_limit(g->mem_current, cur, sizeof cur, true);
		fmt_limit(g->mem_max, max, sizeof max, true);
		snprintf(mem, sizeof mem, "%s / %s", cur, max);
		fmt_limit(g->pids_current, pc, sizeof pc, false);
		fmt_limit(g->pids_max, pm, sizeof pm, false);
		snprintf(pids, sizeof pids, "%s / %s", pc, pm);
		size_t o = 0;
		procs[0] = 0;
		for (size_t k = 0; k < g->nprocs && k < 32 && o + 12 < sizeof procs; k++)
			o += (size_t)snprintf(procs + o, sizeof procs - o, "%s%d", k ? " " : "", (int)g->procs[k]);
		if (g->nprocs > 32 && o + 5 < sizeof procs)
			snprintf(procs + o, sizeof procs - o, " …");
		const char *c[7] = { g->name, cpu, pct, mem, pids, g->cpuset[0] ? g->cpuset : "-", procs };
		diff_add(&cp->d, g->name, 0, 0, 0, 7, c);
	}
	diff_set_view(&cp->d, tui.view);
	diff_end(&cp->d, tui.now);
	diff_expire(&cp->d, tui.now);
	tui_table(p, cols, 7, &cp->d);
	if (cp->d.n == 0 && pane_rows(p) > 2)
		tui_put(p->win, 2, 1, _("no groups yet: cgroup add NAME"), p->cw - 2, A_DIM, false);
	snprintf(p->badge, sizeof p->badge, "%s", world_cgroups_mode_name());
}

const struct pane_class pane_cgroups_class = {
	.name = "cgroups",
	.title = N_("cgroups"),
	.watch = WORLD_CGROUPS,
	.draw = cg_draw,
	.priv_size = sizeof(struct cg_priv),
	.linger_ms = 3000,
};
