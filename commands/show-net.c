/* show-net.c: the network model as text: `link list`, `addr list`,
 * `route list`, `bridge list` and the network part of `status` (see
 * show.h). It reads the world (shell/world/net.h) and prints; the model
 * itself never prints. */
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <netinet/in.h>
#include "show.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "../shell/world/net.h"

static void print_ns_head(const struct net_ns *ns)
{
	if (!strcmp(ns->name, "host"))
		out_printf("%s:\n", _("host"));
	else if (ns->foreign)
		out_printf(_("%s (made outside aisla):\n"), ns->name);
	else
		out_printf("%s:\n", ns->name);
}

static const char *ifnode_str(const char *ifname, const char *node)
{
	static char buf[IFNAMSIZ + NET_NS_NAME_MAX + 2];

	if (!strcmp(node, "host"))
		snprintf(buf, sizeof buf, "%s", ifname);
	else
		snprintf(buf, sizeof buf, "%s@%s", ifname, node);
	return buf;
}

/* Print s left-aligned in width columns (UTF-8 aware: "física" is 6
 * columns but 7 bytes, and printf pads bytes). */
static void out_col(const char *s, int width)
{
	int cols = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		cols += (*p & 0xc0) != 0x80;
	out_printf("%s%*s", s, width > cols ? width - cols : 0, "");
}

static void links_body(const struct net_ns *ns)
{
	for (int i = 0; i < ns->nlinks; i++) {
		const struct net_link *l = &ns->links[i];
		const char *state = !l->up ? "DOWN" : l->carrier ? "UP" : _("UP, no carrier");
		out_printf("  %3d: %-15s ", l->index, l->name);
		out_col(l->kind[0] ? l->kind : _("physical"), 9);
		out_printf(" ");
		out_col(state, 16);
		if (l->mac[0])
			out_printf(" %s", l->mac);
		out_printf(" mtu %u", l->mtu);
		if (!strcmp(l->kind, "veth")) {
			if (l->peer[0])
				out_printf(_("  peer %s"), ifnode_str(l->peer, l->peer_ns));
			else
				out_printf(_("  peer ?"));
		}
		if (l->master_name[0])
			out_printf(_("  bridge %s"), l->master_name);
		out_printf("\n");
	}
}

static void addrs_body(const struct net_ns *ns)
{
	if (!ns->naddrs)
		out_printf("  %s\n", _("(no addresses)"));
	for (int i = 0; i < ns->naddrs; i++) {
		const struct net_addr *a = &ns->addrs[i];
		out_printf("  %-15s %-5s %-40s %s\n", a->ifname, a->family == AF_INET ? "inet" : "inet6",
			   a->cidr, a->scope);
	}
}

static void routes_body(const struct net_ns *ns)
{
	if (!ns->nroutes)
		out_printf("  %s\n", _("(no routes)"));
	for (int i = 0; i < ns->nroutes; i++) {
		const struct net_route *r = &ns->routes[i];
		out_printf("  ");
		if (strcmp(r->type, "unicast"))
			out_printf("%s ", r->type);
		out_printf("%s", r->dst);
		if (r->gw[0])
			out_printf(" via %s", r->gw);
		if (r->dev[0])
			out_printf(" dev %s", r->dev);
		if (strcmp(r->proto, "boot"))
			out_printf(" proto %s", r->proto);
		if (strcmp(r->scope, "global"))
			out_printf(" scope %s", r->scope);
		if (r->metric)
			out_printf(" metric %u", r->metric);
		out_printf("\n");
	}
	out_printf(_("  forwarding: IPv4 %s, IPv6 %s\n"),
		   ns->forward4 == 1 ? _("on") : ns->forward4 == 0 ? _("off") : "?",
		   ns->forward6 == 1 ? _("on") : ns->forward6 == 0 ? _("off") : "?");
}

static void print_links(const struct net_ns *ns)
{
	print_ns_head(ns);
	links_body(ns);
}

static void print_addrs(const struct net_ns *ns)
{
	print_ns_head(ns);
	addrs_body(ns);
}

static void print_routes(const struct net_ns *ns)
{
	print_ns_head(ns);
	routes_body(ns);
}

static void print_each(const char *node, void (*fn)(const struct net_ns *))
{
	world_net_sync();	/* what the last command did may still be queued */
	if (node) {
		const struct net_ns *ns = world_net_ns(node);
		if (ns)
			fn(ns);
		return;
	}
	int n = world_net_count();
	for (int i = 0; i < n; i++)
		fn(world_net_ns_at(i));
}

void show_links(const char *node)
{
	print_each(node, print_links);
}

void show_addrs(const char *node)
{
	print_each(node, print_addrs);
}

void show_routes(const char *node)
{
	print_each(node, print_routes);
}

static void print_bridges(const struct net_ns *ns)
{
	bool head = false;

	for (int i = 0; i < ns->nlinks; i++) {
		const struct net_link *b = &ns->links[i];
		if (strcmp(b->kind, "bridge"))
			continue;
		if (!head)
			print_ns_head(ns);
		head = true;
		out_printf("  %-15s %-4s", b->name, b->up ? "UP" : "DOWN");
		int nports = 0;
		for (int j = 0; j < ns->nlinks; j++)
			if (ns->links[j].master == b->index) {
				out_printf("%s %s", nports ? "," : _("  ports:"), ns->links[j].name);
				nports++;
			}
		if (!nports)
			out_printf("  %s", _("(no ports)"));
		out_printf("\n");
	}
}

void show_bridges(const char *node)
{
	print_each(node, print_bridges);
}

void show_net_status(void)
{
	world_net_sync();
	int n = world_net_count();

	out_printf("%s\n", _("== Network =="));
	for (int i = 0; i < n; i++) {
		const struct net_ns *ns = world_net_ns_at(i);
		print_ns_head(ns);
		links_body(ns);
		addrs_body(ns);
		routes_body(ns);
	}
}
