/* cmd-forward.c: `forward NODE on|off`: IP forwarding (IPv4 and IPv6)
 * inside a node, the switch that turns a node into a router. Written to
 * the node's own /proc/sys/net (a helper thread opens it inside the
 * namespace); the first change of a node is journaled with the old values
 * so that reset puts them back. */
#include <stdio.h>
#include <string.h>
#include "net.h"
#include "nsid.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/out.h"

#define FWD4 "net/ipv4/ip_forward"
#define FWD6 "net/ipv6/conf/all/forwarding"

/* The plan: -1 show, 0 off, 1 on. */
static int forward_parse(const struct args *a, void *plan, struct err *e)
{
	int *on = plan;

	if (net_node_valid(a->argv[0], e) < 0)
		return -1;
	*on = -1;
	if (a->argc < 2)
		return 0;
	if (!strcmp(a->argv[1], "on") || !strcmp(a->argv[1], "1"))
		*on = 1;
	else if (!strcmp(a->argv[1], "off") || !strcmp(a->argv[1], "0"))
		*on = 0;
	else {
		err_set(e, _("'forward %s %s': say 'on' or 'off'"), a->argv[0], a->argv[1]);
		return err_hint(e, _("usage: forward NODE on|off"));
	}
	return 0;
}

static int cmd_forward_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const char *node = a->argv[0];
	char o4[16], o6[16];
	int on = *(const int *)a->plan;
	unsigned long long ino;

	if (nl_netns(node, NULL, &ino, e) < 0 ||
	    nl_sysctl_read(node, FWD4, o4, sizeof o4, e) < 0)
		return -1;
	if (nl_sysctl_read(node, FWD6, o6, sizeof o6, e) < 0)
		snprintf(o6, sizeof o6, "-");	/* IPv6 disabled in this kernel */
	if (on < 0) {
		out_printf(_("IP forwarding in '%s': IPv4 %s, IPv6 %s\n"), node,
			   !strcmp(o4, "1") ? _("on") : _("off"),
			   !strcmp(o6, "1") ? _("on") : !strcmp(o6, "-") ? "-" : _("off"));
		return 0;
	}

	/* Journal the values found before aisla's first change only. */
	struct jrec r;
	unsigned long seq = 0;
	if (journal_find("forward", node, &r) < 0 ||
	    jrec_get_ll(&r, "nsino", 0) != (long long)ino) {
		char k0[40], k1[40], k2[40];
		snprintf(k0, sizeof k0, "nsino=%llu", ino);
		snprintf(k1, sizeof k1, "old4=%s", o4);
		snprintf(k2, sizeof k2, "old6=%s", o6);
		if (journal_intent("forward", node, strcmp(o6, "-") ? JKV(k0, k1, k2, nsid_kv("nsid", node))
						 : JKV(k0, k1, nsid_kv("nsid", node)),
				   &seq, e) < 0)
			return -1;
	}
	const char *v = on ? "1" : "0";
	if (nl_sysctl_write(node, FWD4, v, e) < 0 ||
	    (strcmp(o6, "-") && nl_sysctl_write(node, FWD6, v, e) < 0)) {
		struct err e2 = ERR_INIT;
		nl_sysctl_write(node, FWD4, o4, &e2);
		err_wrap(e, _("forward: "));
		if (seq)
			journal_abort(seq, &e2);
		return -1;
	}
	return seq ? journal_done(seq, NULL, e) : 0;
}

static void cmd_forward_explain(struct cmd_ctx *ctx, const struct args *a)
{
	int on = *(const int *)a->plan;
	char pre[80] = "";

	if (strcmp(a->argv[0], "host"))
		snprintf(pre, sizeof pre, "ip netns exec %s ", a->argv[0]);
	if (on < 0) {
		cmd_explain(ctx, "%ssysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding", pre);
		return;
	}
	cmd_explain(ctx, "%ssysctl -w net.ipv4.ip_forward=%d", pre, on);
	cmd_explain(ctx, "%ssysctl -w net.ipv6.conf.all.forwarding=%d", pre, on);
}

const struct cmd_entry cmd_forward_entry = {
	.name = "forward",
	.min_args = 1, .max_args = 2, .rest_after = -1,
	.usage = N_("forward NODE [on|off]"),
	.summary = N_("IP forwarding (IPv4 and IPv6) inside a node"),
	.help = N_("Switches IP forwarding on or off inside NODE, for IPv4 and IPv6. A node with "
		   "forwarding on passes on packets that are not for itself, following its routes: "
		   "it becomes a router. Without on|off it shows the current state."),
	.complete = "NODE WORD",
	.attrs = CMD_ROOT,
	.parse = forward_parse, .plan_size = sizeof(int),
	.exec = cmd_forward_exec,
	.explain = cmd_forward_explain,
};
