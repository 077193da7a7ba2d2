/* cmd-ping.c: `ping NODE DEST [-c N]`: the real ping, run inside the node
 * (node_run, captured into the console). When it fails, the hint is the
 * cause the kernel shows on the way (world/net-why.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "net.h"
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/run.h"
#include "../shell/world/net-why.h"

/* The plan: the count of packets. */
static int ping_parse(const struct args *a, void *plan, struct err *e)
{
	long *count = plan;
	const char *c = args_get(a, "c"), *dest = a->argv[1];
	char *end;

	if (net_node_valid(a->argv[0], e) < 0)
		return -1;
	*count = 3;
	if (c) {
		*count = strtol(c, &end, 10);
		if (*end || *count < 1 || *count > 1000) {
			err_set(e, _("'-c %s': the number of pings must be from 1 to 1000"), c);
			return err_hint(e, _("e.g. 'ping %s %s -c 1'"), a->argv[0], dest);
		}
	}
	if (!*dest || dest[0] == '-' || strpbrk(dest, " \t\n/")) {
		err_set(e, _("'%s' is not an address to ping"), dest);
		return err_hint(e, _("write an IPv4 or IPv6 address, e.g. 10.0.0.2"));
	}
	return 0;
}

static int cmd_ping_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	long count = *(const long *)a->plan;
	char cs[16];
	int status;
	pid_t pid;

	snprintf(cs, sizeof cs, "%ld", count);
	char *argv[] = { (char *)"ping", (char *)"-c", cs, (char *)"-W", (char *)"2",
			 a->argv[1], NULL };
	struct run_spec s = {
		.argv = argv, .mode = RUN_CAPTURE, .keep_pdeathsig = true,
	};
	if (node_run(a->argv[0], &s, &status, &pid, e) < 0)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	/* Say the cause the kernel shows, when there is one on the way. */
	struct net_why_info why;
	struct err we = ERR_INIT;
	if (world_net_why(a->argv[0], a->argv[1], &why) && net_why_explain(&why, a->argv[1], &we) < 0) {
		err_set(e, _("ping from '%s' to %s failed: %s"), a->argv[0], a->argv[1], we.msg);
		return err_hint(e, "%s", we.hint);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1) {
		err_set(e, _("ping from '%s' to %s: no answer"), a->argv[0], a->argv[1]);
		return err_hint(e, _("check, in both directions: interfaces up ('link list'), addresses in the same network or a route ('route list'), forwarding on in the routers in between ('forward NODE on')"));
	}
	err_set(e, _("ping from '%s' to %s failed: %s"), a->argv[0], a->argv[1], run_status_str(status));
	return err_hint(e, _("ping's own message above says why; 'link list %s' and 'route list %s' show "
			     "what '%s' has"), a->argv[0], a->argv[0], a->argv[0]);
}

static void cmd_ping_explain(struct cmd_ctx *ctx, const struct args *a)
{
	long count = *(const long *)a->plan;

	if (strcmp(a->argv[0], "host"))
		cmd_explain(ctx, "ip netns exec %s ping -c %ld -W 2 %s", a->argv[0], count, a->argv[1]);
	else
		cmd_explain(ctx, "ping -c %ld -W 2 %s", count, a->argv[1]);
}

static const struct cmd_flag ping_flags[] = {
	{ 'c', "count", true },
	{ 0 },
};

const struct cmd_entry cmd_ping_entry = {
	.name = "ping",
	.flags = ping_flags,
	.min_args = 2, .max_args = 2, .rest_after = -1,
	.usage = N_("ping NODE DEST [-c N]"),
	.summary = N_("Ping from inside a node"),
	.help = N_("Runs the real ping inside NODE towards the address DEST, N times (3 by "
		   "default): the same as 'exec NODE ping -c N DEST'. It fails when no answer comes back."),
	.complete = "NODE ?CIDR",
	.attrs = CMD_ROOT,
	.parse = ping_parse, .plan_size = sizeof(long),
	.exec = cmd_ping_exec,
	.explain = cmd_ping_explain,
};
