/* node-complete.c: the NODE completion kind (every node, and "host"). */
#include <string.h>
#include "node.h"
#include "../shell/complete.h"


struct complete_ctx {
	const char *prefix;
	complete_add_fn add;
	void *ctx;
};

static void complete_one(const char *name, void *arg)
{
	struct complete_ctx *c = arg;
	if (!strncmp(name, c->prefix, strlen(c->prefix)))
		c->add(name, c->ctx);
}

void complete_nodes(const char *prefix, complete_add_fn add, void *ctx)
{
	struct complete_ctx c = { prefix, add, ctx };
	node_foreach(complete_one, &c);
	if (!strncmp("host", prefix, strlen(prefix)))
		add("host", ctx);
}
