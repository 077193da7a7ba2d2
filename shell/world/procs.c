/* world/procs.c: stub until its owner implements it. */
#include "world.h"

int world_procs_init(bool live, struct err *e)
{
	(void)live; (void)e;
	return 0;
}

void world_procs_free(void)
{
}

void world_procs_status(void)
{
}
