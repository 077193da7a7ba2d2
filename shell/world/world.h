/* world.h: the model the panes render and lesson checks query
 * (architecture principle 3). Read-only code: it reads the kernel
 * (netlink dumps and events, /proc and the proc connector, cgroupfs),
 * never aisla's own bookkeeping.
 *
 * Each part has its own header: world/procs.h (processes, namespaces),
 * world/net.h (links, addresses, routes per netns), world/cgroups.h.
 * When a part changes it calls world_changed(); the TUI watches.
 */
#ifndef AISLA_WORLD_H
#define AISLA_WORLD_H

#include <stdbool.h>
#include "../err.h"

enum {
	WORLD_PROCS	= 1 << 0,
	WORLD_LINKS	= 1 << 1,
	WORLD_ADDRS	= 1 << 2,
	WORLD_ROUTES	= 1 << 3,
	WORLD_NETNS	= 1 << 4,	/* a namespace appeared or went */
	WORLD_CGROUPS	= 1 << 5,
	WORLD_NODES	= 1 << 6,
	WORLD_ALL	= 0x7f,
};

typedef void (*world_watch_fn)(unsigned what, void *arg);

/* Start every part: open sockets, dump, register fds with the loop.
 * live = false for one-shot use (batch mode can still query: parts
 * then read the kernel on demand). */
int  world_init(bool live, struct err *e);
void world_free(void);
/* Parts call this when something changed. */
void world_changed(unsigned what);
/* The TUI (and lesson runner) subscribe (watch.c). */
void world_watch(world_watch_fn fn, void *arg);
/* Forget every subscriber (world_free). */
void world_unwatch_all(void);

/* Part entry points, each implemented by its part (the model prints
 * nothing: the text of `status` is in commands/show-*.c and cmd-cgroup.c). */
int  world_procs_init(bool live, struct err *e);
void world_procs_free(void);
int  world_net_init(bool live, struct err *e);
void world_net_free(void);
int  world_cgroups_init(bool live, struct err *e);
void world_cgroups_free(void);

#endif
