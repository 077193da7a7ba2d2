/* world.c: starting and stopping the model's parts (see world.h). */
#include <stdlib.h>
#include "world.h"

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
	world_unwatch_all();
}
