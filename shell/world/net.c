/* world/net.c: stub until its owner implements it. */
#include "world.h"

int world_net_init(bool live, struct err *e)
{
	(void)live; (void)e;
	return 0;
}

void world_net_free(void)
{
}

void world_net_status(void)
{
}
