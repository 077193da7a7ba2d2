/* cmd-nat.c: `nat NODE on|off`: masquerade for NODE's way out through the
 * host, as LXC and Docker add it: one nftables table of aisla's in the
 * host, "aisla_nat_NODE", whose postrouting chain rewrites the source of
 * what NODE's networks send outside them to the host's own address on the
 * way out. Made through libnftables (nft.h); the host's IPv4 forwarding is
 * switched on too when it was off (journaled as `forward host on` is, so
 * reset puts it back). */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "balance.h"
#include "nft.h"
#include "net.h"
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/out.h"

#define NAT_MAX_NETS 8
#define FWD4 "net/ipv4/ip_forward"

struct nat_plan {
	int on;				/* -1 show, 0 off, 1 on */
	char table[NFT_TABLE_MAX];
};

static int nat_parse(const struct args *a, void *plan, struct err *e)
{
	struct nat_plan *p = plan;
	const char *node = a->argv[0];

	if (node_name_valid(node, e) < 0)
		return -1;
	if (!strcmp(node, "host")) {
		err_set(e, _("'nat host': NAT is for a node's way out through the host"));
		return err_hint(e, _("name the node whose traffic leaves through the host: 'nat rojo on'"));
	}
	p->on = -1;
	if (a->argc > 1) {
		if (!strcmp(a->argv[1], "on"))
			p->on = 1;
		else if (!strcmp(a->argv[1], "off"))
			p->on = 0;
		else {
			err_set(e, _("'nat %s %s': say 'on' or 'off'"), node, a->argv[1]);
			return err_hint(e, _("usage: nat NODE on|off"));
		}
	}
	snprintf(p->table, sizeof p->table, "aisla_nat_%s", node);
	return 0;
}

/* "{ 10.0.1.0/24, 10.0.2.0/24 }" or "10.0.1.0/24". */
static void nat_set(char nets[][24], int n, char *out, size_t sz)
{
	size_t len = 0;

	out[0] = '\0';
	if (n > 1)
		len += (size_t)snprintf(out + len, sz - len, "{ ");
	for (int i = 0; i < n && len < sz; i++)
		len += (size_t)snprintf(out + len, sz - len, "%s%s", i ? ", " : "", nets[i]);
	if (n > 1 && len < sz)
		snprintf(out + len, sz - len, " }");
}

/* Switch the host's IPv4 forwarding on, journaled once with the old
 * values (the record `forward host on` writes). *seq = 0 if nothing
 * changed. */
static int nat_forward_on(unsigned long *seq, struct err *e)
{
	char o4[16], o6[16];
	unsigned long long ino;
	struct jrec r;

	*seq = 0;
	if (nl_sysctl_read("host", FWD4, o4, sizeof o4, e) < 0)
		return -1;
	if (!strcmp(o4, "1"))
		return 0;
	if (nl_sysctl_read("host", "net/ipv6/conf/all/forwarding", o6, sizeof o6, e) < 0)
		snprintf(o6, sizeof o6, "-");
	if (node_netns_ino("host", &ino) < 0)
		return err_set(e, _("could not read the host's network namespace"));
	if (journal_find("forward", "host", &r) < 0 ||
	    jrec_get_ll(&r, "nsino", 0) != (long long)ino) {
		char k0[40], k1[40], k2[40];
		snprintf(k0, sizeof k0, "nsino=%llu", ino);
		snprintf(k1, sizeof k1, "old4=%s", o4);
		snprintf(k2, sizeof k2, "old6=%s", o6);
		if (journal_intent("forward", "host", strcmp(o6, "-") ? JKV(k0, k1, k2) : JKV(k0, k1),
				   seq, e) < 0)
			return -1;
	}
	if (nl_sysctl_write("host", FWD4, "1", e) < 0) {
		struct err e2 = ERR_INIT;
		if (*seq)
			journal_abort(*seq, &e2);
		*seq = 0;
		return -1;
	}
	if (*seq && journal_done(*seq, NULL, e) < 0)
		return -1;
	out_printf(_("IPv4 forwarding in the host was off: switched on (reset puts it back)\n"));
	return 0;
}

static int cmd_nat_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const char *node = a->argv[0];
	const struct nat_plan *p = a->plan;
	const char *table = p->table;
	char nets[NAT_MAX_NETS][24], set[NAT_MAX_NETS * 24 + 8];
	int on = p->on;
	struct jrec r;

	if (!node_exists(node)) {
		err_set(e, _("node '%s' does not exist"), node);
		return node_unknown_hint(node, e);
	}
	if (on < 0) {
		unsigned long long h;
		char c[80];
		int rc = nft_table_get("host", "ip", table, &h, c, sizeof c, e);
		if (rc < 0)
			return -1;
		out_printf(_("NAT for '%s': %s\n"), node, rc && !strncmp(c, "aisla:", 6) ? _("on") : _("off"));
		return 0;
	}
	if (!on) {
		char jname[NFT_TABLE_MAX + 8];
		snprintf(jname, sizeof jname, "%s@host", table);
		if (journal_find("nft", jname, &r) < 0) {
			err_set(e, _("NAT is not on for '%s'"), node);
			return err_hint(e, _("'nat %s on' switches it on"), node);
		}
		return nft_table_delete(&r, e);
	}

	/* on: the node's networks, and the host's way back to them. */
	int n = rt_node_nets(node, nets, NAT_MAX_NETS);
	if (n == 0) {
		err_set(e, _("node '%s' has no IPv4 address: there is nothing to masquerade"), node);
		return err_hint(e, _("give it one first: 'addr add 10.0.1.2/24 dev IF@%s'"), node);
	}
	/* Only the networks the host routes back to: the answers to a
	 * masqueraded packet are translated back to the node's address and
	 * must find their way there. */
	int k = 0;
	char skipped[NAT_MAX_NETS * 26 + 2] = "";
	for (int i = 0; i < n; i++) {
		struct in_addr in;
		char a0[24];
		snprintf(a0, sizeof a0, "%.*s", (int)strcspn(nets[i], "/"), nets[i]);
		if (inet_pton(AF_INET, a0, &in) == 1 && rt_reaches("host", &in))
			memmove(nets[k++], nets[i], sizeof nets[i]);
		else {
			size_t l = strlen(skipped);
			if (l + 26 < sizeof skipped)
				snprintf(skipped + l, sizeof skipped - l, "%s%.23s", l ? ", " : "", nets[i]);
		}
	}
	if (!k) {
		err_set(e, _("the host has no route to '%s', the network of node '%s': the answers "
			     "would not find their way back"), skipped, node);
		return err_hint(e, _("join the node to the host (veth, bridge) and add the route: "
				     "'route add %s via ADDRESS-OF-THE-NODE'"), nets[0]);
	}
	n = k;
	nat_set(nets, n, set, sizeof set);
	char body[1024], extra[40];
	snprintf(body, sizeof body,
		 "add chain %%T postrouting { type nat hook postrouting priority srcnat; }\n"
		 "add rule %%T postrouting ip saddr %s ip daddr != %s masquerade\n", set, set);
	snprintf(extra, sizeof extra, "for=%s", node);
	unsigned long fseq;
	if (nat_forward_on(&fseq, e) < 0)
		return -1;
	if (skipped[0])
		out_printf(_("the host has no route to %s: that network is left out\n"), skipped);
	if (nft_table_create("host", "ip", table, body, JKV(extra), NULL, e) < 0) {
		if (fseq) {
			struct err e2 = ERR_INIT;
			nl_sysctl_write("host", FWD4, "0", &e2);
			journal_undone(fseq, &e2);
		}
		return -1;
	}
	return 0;
}

static void cmd_nat_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const struct nat_plan *p = a->plan;
	const char *table = p->table;
	char nets[NAT_MAX_NETS][24], set[NAT_MAX_NETS * 24 + 8];
	int on = p->on;
	if (on < 0) {
		cmd_explain(ctx, "nft list table ip %s", table);
		return;
	}
	if (!on) {
		cmd_explain(ctx, "nft delete table ip %s", table);
		return;
	}
	int n = rt_node_nets(a->argv[0], nets, NAT_MAX_NETS), k = 0;
	for (int i = 0; i < n; i++) {
		struct in_addr in;
		char a0[24];
		snprintf(a0, sizeof a0, "%.*s", (int)strcspn(nets[i], "/"), nets[i]);
		if (inet_pton(AF_INET, a0, &in) == 1 && rt_reaches("host", &in))
			memmove(nets[k++], nets[i], sizeof nets[i]);
	}
	n = k;
	nat_set(nets, n ? n : 1, set, sizeof set);
	if (!n)
		snprintf(set, sizeof set, "RED-DEL-NODO");
	cmd_explain(ctx, "sysctl -w net.ipv4.ip_forward=1");
	cmd_explain(ctx, "nft add table ip %s", table);
	cmd_explain(ctx, "nft add chain ip %s postrouting '{ type nat hook postrouting priority srcnat; }'",
		    table);
	cmd_explain(ctx, "nft add rule ip %s postrouting ip saddr '%s' ip daddr != '%s' masquerade",
		    table, set, set);
}

const struct cmd_entry cmd_nat_entry = {
	.name = "nat",
	.min_args = 1, .max_args = 2, .rest_after = -1,
	.usage = N_("nat NODE [on|off]"),
	.summary = N_("Masquerade for a node's way out through the host"),
	.help = N_("Lets NODE reach addresses outside its networks through the host, as LXC and "
		   "Docker do for their containers: what NODE's networks send to any other network "
		   "leaves the host with the host's own address as source (masquerade), and the "
		   "answers are translated back by the kernel's connection tracking. The host must "
		   "already reach NODE (a veth or a bridge and a route), and NODE needs its default "
		   "route through the host; only the networks of NODE the host has a route to are "
		   "masqueraded (the answers must find their way back).\n\n"
		   "aisla writes one nftables table of its own in the host, 'aisla_nat_NODE' (see it "
		   "with 'nft list ruleset'), through libnftables, and switches the host's IPv4 "
		   "forwarding on if it was off. 'nat NODE off' removes the table; 'reset' removes it "
		   "too and puts forwarding back as it was; a table aisla did not make is never touched. Without on|off it "
		   "says whether NAT is on."),
	.complete = "NODE WORD",
	.attrs = CMD_ROOT,
	.parse = nat_parse, .plan_size = sizeof(struct nat_plan),
	.exec = cmd_nat_exec,
	.explain = cmd_nat_explain,
};
