/* nl-link.c: questions to the kernel about links and routes, asked on
 * the cached socket of a namespace (see nl.h): does IF exist in NODE, the
 * name of an ifindex, the host's uplink, and one request with its ACK. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/errno.h>
#include <netlink/cache.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include "nl.h"
#include "valid.h"
#include "../i18n.h"
#include "../suggest.h"

static bool is_host(const char *node)
{
	return !strcmp(node, "host");
}

static void linkinfo_fill(struct rtnl_link *l, struct net_linkinfo *li)
{
	const char *t = rtnl_link_get_type(l);
	int32_t id;

	memset(li, 0, sizeof *li);
	li->index = rtnl_link_get_ifindex(l);
	snprintf(li->kind, sizeof li->kind, "%s", t ? t : "");
	li->flags = rtnl_link_get_flags(l);
	li->master = rtnl_link_get_master(l);
	li->link = rtnl_link_get_link(l);
	li->link_netnsid = rtnl_link_get_link_netnsid(l, &id) == 0 ? id : -1;
}

int net_link_get(const char *node, const char *ifname, struct net_linkinfo *li, struct err *e)
{
	struct nl_sock *sk;
	struct rtnl_link *l = NULL;

	if (nl_get(node, &sk, e) < 0)
		return -1;
	int rc = rtnl_link_get_kernel(sk, 0, ifname, &l);
	if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV || (rc < 0 && nl_last_errno(sk) == ENODEV)) {
		nl_clear_error();
		return 0;
	}
	if (rc < 0)
		return nl_fail(e, sk, rc, _("could not read interface '%s'"), net_ifnode(ifname, node));
	if (li)
		linkinfo_fill(l, li);
	rtnl_link_put(l);
	return 1;
}

/* The names of node's interfaces nearest to ifname, NULL if none is
 * near (a static buffer: use it before the next call). */
static const char *link_suggest(const char *node, const char *ifname)
{
	static struct suggest sg;
	struct nl_sock *sk;
	struct nl_cache *c = NULL;
	struct err e = ERR_INIT;

	suggest_init(&sg, ifname, true);
	if (nl_get(node, &sk, &e) < 0 || rtnl_link_alloc_cache(sk, AF_UNSPEC, &c) < 0) {
		nl_clear_error();
		return NULL;
	}
	for (struct nl_object *o = nl_cache_get_first(c); o; o = nl_cache_get_next(o)) {
		const char *n = rtnl_link_get_name((struct rtnl_link *)o);
		if (n)
			suggest_add(&sg, n);
	}
	nl_cache_free(c);
	return suggest_found(&sg);
}

int net_link_need(const char *node, const char *ifname, struct net_linkinfo *li, struct err *e)
{
	int rc = net_link_get(node, ifname, li, e);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (is_host(node))
			err_set(e, _("there is no interface '%s' in the host"), ifname);
		else
			err_set(e, _("there is no interface '%s' in node '%s'"), ifname, node);
		const char *near = link_suggest(node, ifname);
		if (near)
			return err_hint(e, _("did you mean %s? 'link list %s' shows the interfaces there"),
					near, is_host(node) ? "host" : node);
		return err_hint(e, _("'link list %s' shows the interfaces there"),
				is_host(node) ? "host" : node);
	}
	return 0;
}

int net_link_name(const char *node, int index, char *name)
{
	struct nl_sock *sk;
	struct rtnl_link *l = NULL;
	struct err e = ERR_INIT;

	if (nl_get(node, &sk, &e) < 0)
		return -1;
	if (rtnl_link_get_kernel(sk, index, NULL, &l) < 0) {
		nl_clear_error();
		return -1;
	}
	snprintf(name, IFNAMSIZ, "%s", rtnl_link_get_name(l) ? rtnl_link_get_name(l) : "");
	rtnl_link_put(l);
	return 0;
}

void net_host_uplink(char *ifname)
{
	struct nl_sock *sk;
	struct nl_cache *c = NULL;
	struct err e = ERR_INIT;
	int idx = 0;

	ifname[0] = '\0';
	if (nl_get("host", &sk, &e) < 0)
		return;
	for (int fam = 0; fam < 2 && !idx; fam++) {
		if (rtnl_route_alloc_cache(sk, fam ? AF_INET6 : AF_INET, 0, &c) < 0)
			continue;
		for (struct nl_object *o = nl_cache_get_first(c); o; o = nl_cache_get_next(o)) {
			struct rtnl_route *r = (struct rtnl_route *)o;
			struct nl_addr *d = rtnl_route_get_dst(r);
			if (rtnl_route_get_table(r) != RT_TABLE_MAIN || (d && nl_addr_get_prefixlen(d) != 0))
				continue;
			if (rtnl_route_get_nnexthops(r) > 0) {
				idx = rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(r, 0));
				if (idx)
					break;
			}
		}
		nl_cache_free(c);
		c = NULL;
	}
	if (idx)
		net_link_name("host", idx, ifname);
}

int net_request(const char *node, struct nl_msg *msg, struct err *e, const char *fmt, ...)
{
	struct nl_sock *sk;
	char head[ERR_MSG_MAX];
	va_list ap;

	if (nl_get(node, &sk, e) < 0) {
		nlmsg_free(msg);
		return -1;
	}
	int rc = nl_send_sync(sk, msg);
	if (rc >= 0)
		return 0;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	return nl_fail(e, sk, rc, "%s", head);
}
