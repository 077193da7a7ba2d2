/* world/cgroups.c: the control-group part of the model (read-only).
 *
 * Lists the groups of aisla's subtree from cgroupfs and reads their
 * limits and usage through the backends of commands/cgroup.c (read
 * functions only: nothing here writes). Live, a 1 Hz timer re-reads them
 * and turns the growth of each group's CPU time into a CPU % of one CPU.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "world.h"
#include "cgroups.h"
#include "../i18n.h"
#include "../loop.h"
#include "../out.h"
#include "../../commands/cgroup.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

static struct wcg_group *groups;
static size_t ngroups;
static bool live_mode;
static uint64_t timer_id;
static uint64_t last_ms;	/* when the current figures were read */

enum wcg_mode world_cgroups_mode(void)
{
	switch (cg_mode()) {
	case CG_V1:	return WCG_V1;
	case CG_HYBRID:	return WCG_HYBRID;
	case CG_V2:	return WCG_V2;
	default:	return WCG_NONE;
	}
}

const char *world_cgroups_mode_name(void)
{
	return cg_mode_name();
}

const char *world_cgroups_base(void)
{
	return cg_subtree_dir();
}

size_t world_cgroups_count(void)
{
	return ngroups;
}

const struct wcg_group *world_cgroups_at(size_t i)
{
	return i < ngroups ? &groups[i] : NULL;
}

const struct wcg_group *world_cgroups_find(const char *name)
{
	for (size_t i = 0; i < ngroups; i++)
		if (!strcmp(groups[i].name, name))
			return &groups[i];
	return NULL;
}

const char *world_cgroups_of_pid(pid_t pid)
{
	static char name[WCG_NAME_MAX];
	char path[64], line[512];
	FILE *f;
	const char *want = "/" CG_SUBTREE "/";

	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	name[0] = '\0';
	while (fgets(line, sizeof line, f)) {
		/* "0::/aisla/web" (v2) or "4:memory:/aisla/web" (v1). */
		char *p = strchr(line, ':');
		p = p ? strchr(p + 1, ':') : NULL;
		if (!p)
			continue;
		p++;
		p[strcspn(p, "\n")] = '\0';
		bool v2line = !strncmp(line, "0::", 3);
		if (cg_is_v1() == v2line)
			continue;
		char *s = strstr(p, want);
		if (!s)
			continue;
		s += strlen(want);
		size_t l = strcspn(s, "/");
		if (!l || l >= sizeof name)
			continue;
		snprintf(name, sizeof name, "%.*s", (int)l, s);
		break;
	}
	fclose(f);
	return name[0] ? name : NULL;
}

void world_cgroups_fmt_cpu(const struct wcg_group *g, char *buf, size_t n)
{
	if (g->cpu_quota_us == WCG_UNKNOWN)
		snprintf(buf, n, "%s", "");
	else if (g->cpu_quota_us == WCG_UNLIMITED)
		snprintf(buf, n, "max");
	else if (g->cpu_period_us == 100000)
		snprintf(buf, n, "%g%%", (double)g->cpu_quota_us / 1000.0);
	else
		snprintf(buf, n, "%lld %lld", g->cpu_quota_us, g->cpu_period_us);
}

void world_cgroups_fmt_bytes(long long bytes, char *buf, size_t n)
{
	if (bytes == WCG_UNKNOWN)
		snprintf(buf, n, "%s", "");
	else
		cg_fmt_bytes(bytes, buf, n);
}

struct scan {
	struct wcg_group *v;
	size_t n, cap;
};

static void scan_one(const char *name, void *arg)
{
	struct scan *s = arg;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct wcg_group *nv = realloc(s->v, cap * sizeof *nv);
		if (!nv)
			return;
		s->v = nv;
		s->cap = cap;
	}
	if (cg_read(name, &s->v[s->n]) == 0)
		s->n++;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void world_cgroups_refresh(void)
{
	struct scan s = { 0 };
	uint64_t t = now_ms();
	bool any = false;

	cg_foreach(scan_one, &s);
	for (size_t i = 0; i < s.n; i++) {
		struct wcg_group *g = &s.v[i];
		const struct wcg_group *old = world_cgroups_find(g->name);
		if (old && t > last_ms && g->cpu_usage_us >= old->cpu_usage_us) {
			double dt_us = (double)(t - last_ms) * 1000.0;
			g->cpu_pct = 100.0 * (double)(g->cpu_usage_us - old->cpu_usage_us) / dt_us;
		}
		if (!old) {
			g->changed = true;
		} else {
			struct wcg_group a = *g, b = *old;
			a.changed = b.changed = false;
			a.cpu_usage_us = b.cpu_usage_us = 0;
			a.cpu_pct = (double)(long long)(a.cpu_pct * 10);
			b.cpu_pct = (double)(long long)(b.cpu_pct * 10);
			g->changed = memcmp(&a, &b, sizeof a) != 0;
		}
		any |= g->changed;
	}
	if (s.n != ngroups)
		any = true;
	free(groups);
	groups = s.v;
	ngroups = s.n;
	last_ms = t;
	if (any && live_mode)
		world_changed(WORLD_CGROUPS);
}

static void tick(void *arg)
{
	(void)arg;
	world_cgroups_refresh();
	timer_id = loop_add_timer(1000, tick, NULL);
}

int world_cgroups_init(bool live, struct err *e)
{
	(void)e;
	live_mode = live;
	world_cgroups_refresh();
	if (live)
		timer_id = loop_add_timer(1000, tick, NULL);
	return 0;
}

void world_cgroups_free(void)
{
	if (timer_id)
		loop_cancel_timer(timer_id);
	timer_id = 0;
	free(groups);
	groups = NULL;
	ngroups = 0;
}

/* The cgroup section of `status`. */
void world_cgroups_status(void)
{
	if (!live_mode)
		world_cgroups_refresh();
	if (world_cgroups_mode() == WCG_NONE)
		return;
	out_printf(_("Control groups (%s, %s):\n"), world_cgroups_mode_name(), world_cgroups_base());
	if (!ngroups) {
		out_printf(_("  (none)\n"));
		return;
	}
	for (size_t i = 0; i < ngroups; i++) {
		const struct wcg_group *g = &groups[i];
		char cpu[32], mem[32], cur[32];
		world_cgroups_fmt_cpu(g, cpu, sizeof cpu);
		world_cgroups_fmt_bytes(g->mem_max, mem, sizeof mem);
		world_cgroups_fmt_bytes(g->mem_current, cur, sizeof cur);
		char pids[24] = "-";
		if (g->pids_current >= 0)
			snprintf(pids, sizeof pids, "%lld", g->pids_current);
		out_printf(_("  %-12s cpu %-8s memory %-6s (uses %s)  tasks %s"), g->name,
			   cpu[0] ? cpu : "-", mem[0] ? mem : "-", cur[0] ? cur : "-", pids);
		out_printf(ngettext("  %zu process\n", "  %zu processes\n", (unsigned long)g->nprocs),
			   g->nprocs);
	}
}
