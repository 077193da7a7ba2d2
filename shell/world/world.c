/* world.c: the glue of the model's parts (see world.h). */
#include <stdlib.h>
#include "world.h"

#define MAX_WATCHERS 8
static struct { world_watch_fn fn; void *arg; } watchers[MAX_WATCHERS];
static int nwatchers;
static bool started;

int world_init(bool live, struct err *e)
{
	if (started)
		return 0;
	if (world_procs_init(live, e) < 0 || world_net_init(live, e) < 0 ||
	    world_cgroups_init(live, e) < 0)
		return -1;
	started = true;
	return 0;
}

void world_free(void)
{
	if (!started)
		return;
	world_cgroups_free();
	world_net_free();
	world_procs_free();
	started = false;
	nwatchers = 0;
}

void world_changed(unsigned what)
{
	for (int i = 0; i < nwatchers; i++)
		watchers[i].fn(what, watchers[i].arg);
}

void world_watch(world_watch_fn fn, void *arg)
{
	if (nwatchers < MAX_WATCHERS) {
		watchers[nwatchers].fn = fn;
		watchers[nwatchers].arg = arg;
		nwatchers++;
	}
}
