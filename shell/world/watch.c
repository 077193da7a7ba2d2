/* watch.c: who is told when the model changes (see world.h): the parts
 * call world_changed(), the panes and the lesson runner subscribe. */
#include <stdlib.h>
#include "world.h"

#define MAX_WATCHERS 8
static struct { world_watch_fn fn; void *arg; } watchers[MAX_WATCHERS];
static int nwatchers;

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

void world_unwatch_all(void)
{
	nwatchers = 0;
}
