/* world/cgroups.c: the control-group part of the model (read-only).
 *
 * Lists the groups of aisla's subtree and reads their limits and usage
 * through shell/kernel/cgroupfs.h (nothing here writes). Live, a 1 Hz
 * timer re-reads them and turns the growth of each group's CPU time into
 * a CPU % of one CPU. Printing is the commands' (cgroup_status).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "world.h"
#include "cgroups.h"
#include "../loop.h"
#include "../kernel/cgroupfs.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

/* A group and where its CPU sample started: a CPU % needs two readings
 * at least SAMPLE_MIN_MS apart, so a refresh on demand soon after the
 * timer's (a command, a check) keeps the last % and its start. */
#define SAMPLE_MIN_MS 500
struct slot {
	struct cgfs_group g;		/* first: world_cgroups_at returns &g */
	unsigned long long base_us;	/* CPU time when the sample started */
	uint64_t base_ms;		/* and when */
};

static struct slot *groups;
static size_t ngroups;
static bool live_mode;
static uint64_t timer_id;

const char *world_cgroups_mode_name(void)
{
	return cgfs_mode_name();
}

const char *world_cgroups_base(void)
{
	return cgfs_subtree_dir();
}

size_t world_cgroups_count(void)
{
	return ngroups;
}

const struct cgfs_group *world_cgroups_at(size_t i)
{
	return i < ngroups ? &groups[i].g : NULL;
}

static const struct slot *slot_find(const char *name)
{
	for (size_t i = 0; i < ngroups; i++)
		if (!strcmp(groups[i].g.name, name))
			return &groups[i];
	return NULL;
}

const struct cgfs_group *world_cgroups_find(const char *name)
{
	const struct slot *sl = slot_find(name);
	return sl ? &sl->g : NULL;
}

const char *world_cgroups_of_pid(pid_t pid)
{
	static char name[WCG_NAME_MAX];
	char path[64], line[512];
	FILE *f;
	const char *want = "/" CGFS_SUBTREE "/";

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
		if (cgfs_is_v1() == v2line)
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

void world_cgroups_fmt_cpu(const struct cgfs_group *g, char *buf, size_t n)
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
		cgfs_fmt_bytes(bytes, buf, n);
}

double world_cgroups_cpu_avg(const struct cgfs_group *g)
{
	return cgfs_cpu_avg(g->path);
}

struct scan {
	struct slot *v;
	size_t n, cap;
};

static void scan_one(const char *name, void *arg)
{
	struct scan *s = arg;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct slot *nv = realloc(s->v, cap * sizeof *nv);
		if (!nv)
			return;
		s->v = nv;
		s->cap = cap;
	}
	if (cgfs_read(name, &s->v[s->n].g) == 0)
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

	cgfs_foreach(scan_one, &s);
	for (size_t i = 0; i < s.n; i++) {
		struct slot *sl = &s.v[i];
		struct cgfs_group *g = &sl->g;
		const struct slot *old = slot_find(g->name);
		sl->base_us = g->cpu_usage_us;
		sl->base_ms = t;
		if (!old) {
			any = true;
			continue;
		}
		if (t < old->base_ms + SAMPLE_MIN_MS || g->cpu_usage_us < old->base_us) {
			/* Too soon for a new figure: keep the last one. */
			g->cpu_pct = old->g.cpu_pct;
			sl->base_us = old->base_us;
			sl->base_ms = old->base_ms;
		} else {
			double dt_us = (double)(t - old->base_ms) * 1000.0;
			g->cpu_pct = 100.0 * (double)(g->cpu_usage_us - old->base_us) / dt_us;
		}
		struct cgfs_group a = *g, b = old->g;
		a.cpu_usage_us = b.cpu_usage_us = 0;
		a.cpu_pct = (double)(long long)(a.cpu_pct * 10);
		b.cpu_pct = (double)(long long)(b.cpu_pct * 10);
		any |= memcmp(&a, &b, sizeof a) != 0;
	}
	if (s.n != ngroups)
		any = true;
	free(groups);
	groups = s.v;
	ngroups = s.n;
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
