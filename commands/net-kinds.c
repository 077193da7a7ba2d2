/* net-kinds.c: journal kinds of the network commands, and the link
 * operations their undo shares with the commands.
 *
 * Kinds and their records (values written by the commands):
 *   veth      NAME=IF@NODE  node nsino peer pnode pnsino mac pmac | ifindex pifindex
 *   bridge    NAME=IF@NODE  node nsino group | ifindex
 *   address   NAME=CIDR     node nsino dev | ifindex
 *   route     NAME=DST      node nsino gw dev family
 *   forward   NAME=NODE     nsino old4 old6
 *   link-move NAME=IF       from fromnsino to tonsino | ifindex
 *
 * Each record also carries nsid (pnsid, fromnsid, tonsid): the netns
 * cookie (nsid.h). Identity is that cookie plus the ifindex inside the
 * namespace (ifindexes grow; neither is handed out again): an undo
 * touches an object only when both match. Records from before cookies
 * fall back to the namespace inode (nsino). A record never confirmed has
 * no ifindex: its link is aisla's only if it carries the mark written in
 * the intent and set by the creating request (mac, group: nsid.h), else
 * it is reported unproven. A same-named object made by someone else is
 * left alone (UNDO_FOREIGN). Most records are settled before their undo
 * runs, all at once, by reset's phases (teardown.h). An undo never writes the
 * journal itself (journal_reset holds its lock and marks the record).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "net.h"
#include "nsid.h"
#include "teardown.h"
#include "node.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"

const char *net_u(unsigned long long v)
{
	static char buf[4][24];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%llu", v);
	return buf[k];
}

int net_link_del(const char *node, int index, const char *ifname, struct err *e)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_DELLINK, 0);

	if (!m || nlmsg_append(m, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		return err_errno(e, ENOMEM, _("could not delete '%s'"), net_ifnode(ifname, node));
	}
	return net_request(node, m, e, _("could not delete '%s'"), net_ifnode(ifname, node));
}

int net_link_move(const char *node, int index, const char *ifname, int tofd,
		  const char *to, struct err *e)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWLINK, 0);

	if (!m || nlmsg_append(m, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(m, IFLA_NET_NS_FD, (uint32_t)tofd) < 0) {
		nlmsg_free(m);
		return err_errno(e, ENOMEM, _("could not move '%s'"), net_ifnode(ifname, node));
	}
	return net_request(node, m, e, _("could not move '%s' to '%s'"),
			   net_ifnode(ifname, node), to);
}

/* Is NODE still the namespace the record saw? By its netns cookie when
 * the record has one (nsid: never reused), else by inode (records
 * written before cookies). */
static bool ns_same(const char *node, const char *nsid, const char *nsino)
{
	unsigned long long ino;
	char id[NSID_MAX];
	struct err e = ERR_INIT;

	if (!node || strlen(node) >= NET_NODE_MAX || !node_exists(node))
		return false;
	if (nsid && *nsid)
		return nsid_of_node(node, id, sizeof id, &e) == 0 && nsid_same(id, nsid);
	if (node_netns_ino(node, &ino) < 0)
		return false;
	return !nsino || strtoull(nsino, NULL, 10) == ino;
}

/* Did this reset delete the namespace of the record (key: "nsid" or
 * "pnsid")? Then what was inside went with it. */
static bool rec_goes(const struct jrec *r, const char *key)
{
	return teardown_nsid_gone(jrec_get(r, key));
}

/* Undo one link end (3: there, but a never confirmed record cannot prove
 * it aisla's: no mark, or not aisla's mark): 1 deleted, 0 absent, 2 foreign, -1 failed. */
static int undo_link_end(const char *ifname, const char *node, const char *nsid,
			 const char *nsino, const char *ifindex, const char *kind,
			 const char *markwhat, const char *mark, struct err *e)
{
	struct net_linkinfo li;

	if (!ifname || !ns_same(node, nsid, nsino))
		return 0;
	int rc = net_link_get(node, ifname, &li, e);
	if (rc <= 0)
		return rc;
	if ((ifindex && atoi(ifindex) != li.index) || strcmp(li.kind, kind))
		return 2;
	if (!ifindex && !link_has_mark(node, ifname, markwhat, mark))
		return 3;
	if (net_link_del(node, li.index, ifname, e) < 0) {
		/* Gone meanwhile (its peer's namespace went away)? */
		if (net_link_get(node, ifname, NULL, e) == 0)
			return 0;
		return -1;
	}
	return 1;
}

/* Split "IF@NODE" (or bare "IF" = host) into static parts. */
static void split_ifnode(const char *s, char *ifname, char *node)
{
	const char *at = strrchr(s, '@');
	size_t n = at ? (size_t)(at - s) : strlen(s);

	if (n >= IFNAMSIZ)
		n = IFNAMSIZ - 1;
	memcpy(ifname, s, n);
	ifname[n] = '\0';
	snprintf(node, NET_NODE_MAX, "%s", at ? at + 1 : "host");
}

static enum undo_result veth_undo(const struct jrec *r, struct err *e)
{
	char a[IFNAMSIZ], an[NET_NODE_MAX];
	int rc;
	bool foreign = false, unproven = false;

	split_ifnode(r->name, a, an);
	/* A pair dies with either end's namespace (reset's netns phase). */
	if (rec_goes(r, "nsid") || rec_goes(r, "pnsid"))
		return UNDO_GONE;
	rc = undo_link_end(a, jrec_get(r, "node") ? jrec_get(r, "node") : an,
			   jrec_get(r, "nsid"), jrec_get(r, "nsino"), jrec_get(r, "ifindex"), "veth",
			   "mac", jrec_get(r, "mac"), e);
	if (rc == 1)
		return UNDO_DONE;
	if (rc < 0)
		return UNDO_FAILED;
	foreign |= rc == 2;
	unproven |= rc == 3;
	rc = undo_link_end(jrec_get(r, "peer"), jrec_get(r, "pnode"), jrec_get(r, "pnsid"),
			   jrec_get(r, "pnsino"), jrec_get(r, "pifindex"), "veth",
			   "mac", jrec_get(r, "pmac"), e);
	if (rc == 1)
		return UNDO_DONE;
	if (rc < 0)
		return UNDO_FAILED;
	foreign |= rc == 2;
	unproven |= rc == 3;
	return foreign ? UNDO_FOREIGN : unproven ? UNDO_UNPROVEN : UNDO_GONE;
}

static enum undo_result bridge_undo(const struct jrec *r, struct err *e)
{
	char b[IFNAMSIZ], bn[NET_NODE_MAX];

	split_ifnode(r->name, b, bn);
	if (rec_goes(r, "nsid"))
		return UNDO_GONE;
	int rc = undo_link_end(b, jrec_get(r, "node") ? jrec_get(r, "node") : bn,
			       jrec_get(r, "nsid"), jrec_get(r, "nsino"), jrec_get(r, "ifindex"), "bridge",
			       "group", jrec_get(r, "group"), e);
	return rc == 1 ? UNDO_DONE : rc == 2 ? UNDO_FOREIGN : rc == 3 ? UNDO_UNPROVEN :
	       rc == 0 ? UNDO_GONE : UNDO_FAILED;
}

static enum undo_result address_undo(const struct jrec *r, struct err *e)
{
	const char *node = jrec_get(r, "node"), *dev = jrec_get(r, "dev");
	const char *ifindex = jrec_get(r, "ifindex");
	struct net_linkinfo li;
	struct net_cidr c;

	if (rec_goes(r, "nsid") || !dev || !ns_same(node, jrec_get(r, "nsid"), jrec_get(r, "nsino")))
		return UNDO_GONE;
	if (net_parse_cidr(r->name, &c, e) < 0)
		return UNDO_FAILED;
	int rc = net_link_get(node, dev, &li, e);
	if (rc < 0)
		return UNDO_FAILED;
	if (rc == 0)
		return UNDO_GONE;
	if (ifindex && atoi(ifindex) != li.index)
		return UNDO_GONE;	/* our link is gone; this one is someone else's */
	struct ifaddrmsg ifa = { .ifa_family = (unsigned char)c.family,
				 .ifa_prefixlen = (unsigned char)c.prefix,
				 .ifa_index = (unsigned)li.index };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_DELADDR, 0);
	int alen = c.family == AF_INET ? 4 : 16;
	if (!m || nlmsg_append(m, &ifa, sizeof ifa, NLMSG_ALIGNTO) < 0 ||
	    nla_put(m, IFA_LOCAL, alen, c.addr) < 0) {
		nlmsg_free(m);
		return UNDO_FAILED;
	}
	if (net_request(node, m, e, _("could not remove address %s"), r->name) < 0) {
		if (e->errnum == EADDRNOTAVAIL || e->errnum == ENOENT || e->errnum == ENODEV) {
			err_clear(e);
			return UNDO_GONE;
		}
		return UNDO_FAILED;
	}
	return UNDO_DONE;
}

static enum undo_result route_undo(const struct jrec *r, struct err *e)
{
	const char *node = jrec_get(r, "node");
	const char *gw = jrec_get(r, "gw"), *dev = jrec_get(r, "dev");
	struct net_cidr d, g;
	struct net_linkinfo li;

	if (rec_goes(r, "nsid") || !ns_same(node, jrec_get(r, "nsid"), jrec_get(r, "nsino")))
		return UNDO_GONE;
	if (!strcmp(r->name, "default")) {
		memset(&d, 0, sizeof d);
		d.family = (int)jrec_get_ll(r, "family", AF_INET);
	} else if (net_parse_cidr(r->name, &d, e) < 0)
		return UNDO_FAILED;
	struct rtmsg rt = { .rtm_family = (unsigned char)d.family,
			    .rtm_dst_len = (unsigned char)d.prefix,
			    .rtm_table = RT_TABLE_MAIN, .rtm_scope = RT_SCOPE_NOWHERE };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_DELROUTE, 0);
	int alen = d.family == AF_INET ? 4 : 16;
	if (!m || nlmsg_append(m, &rt, sizeof rt, NLMSG_ALIGNTO) < 0)
		goto nomem;
	if (d.prefix && nla_put(m, RTA_DST, alen, d.addr) < 0)
		goto nomem;
	if (gw && *gw && net_parse_cidr(gw, &g, e) == 0 && nla_put(m, RTA_GATEWAY, alen, g.addr) < 0)
		goto nomem;
	if (dev && *dev) {
		if (net_link_get(node, dev, &li, e) <= 0) {
			nlmsg_free(m);
			err_clear(e);
			return UNDO_GONE;	/* the route went with its link */
		}
		if (nla_put_u32(m, RTA_OIF, (uint32_t)li.index) < 0)
			goto nomem;
	}
	if (net_request(node, m, e, _("could not remove the route to %s"), r->name) < 0) {
		if (e->errnum == ESRCH || e->errnum == ENOENT || e->errnum == ENETUNREACH) {
			err_clear(e);
			return UNDO_GONE;
		}
		return UNDO_FAILED;
	}
	return UNDO_DONE;
nomem:
	nlmsg_free(m);
	err_errno(e, ENOMEM, _("could not remove the route to %s"), r->name);
	return UNDO_FAILED;
}

static enum undo_result forward_undo(const struct jrec *r, struct err *e)
{
	const char *o4 = jrec_get(r, "old4"), *o6 = jrec_get(r, "old6");

	if (rec_goes(r, "nsid") || !ns_same(r->name, jrec_get(r, "nsid"), jrec_get(r, "nsino")))
		return UNDO_GONE;
	if (o4 && nl_sysctl_write(r->name, "net/ipv4/ip_forward", o4, e) < 0)
		return UNDO_FAILED;
	if (o6 && nl_sysctl_write(r->name, "net/ipv6/conf/all/forwarding", o6, e) < 0)
		return UNDO_FAILED;
	return UNDO_DONE;
}

static enum undo_result move_undo(const struct jrec *r, struct err *e)
{
	const char *from = jrec_get(r, "from"), *to = jrec_get(r, "to");
	const char *ifindex = jrec_get(r, "ifindex");
	struct net_linkinfo li;
	int fromfd;

	if (!from || !to || !ns_same(to, jrec_get(r, "tonsid"), jrec_get(r, "tonsino")))
		return UNDO_GONE;
	int rc = net_link_get(to, r->name, &li, e);
	if (rc < 0)
		return UNDO_FAILED;
	if (rc == 0)
		return UNDO_GONE;
	if (ifindex && atoi(ifindex) != li.index)
		return UNDO_FOREIGN;
	if (!ns_same(from, jrec_get(r, "fromnsid"), jrec_get(r, "fromnsino")))
		return UNDO_GONE;	/* nowhere to go back to */
	if (nl_netns(from, &fromfd, NULL, e) < 0)
		return UNDO_FAILED;
	if (net_link_move(to, li.index, r->name, fromfd, from, e) < 0)
		return UNDO_FAILED;
	/* Back as it was found: its addresses (a move drops them) and state. */
	struct net_linkinfo back;
	if (net_link_get(from, r->name, &back, e) != 1) {
		err_clear(e);
		return UNDO_DONE;
	}
	const char *addrs = jrec_get(r, "addrs");
	char list[256];
	snprintf(list, sizeof list, "%s", addrs ? addrs : "");
	for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct net_cidr c;
		if (net_parse_cidr(tok, &c, e) < 0)
			continue;
		struct ifaddrmsg ifa = { .ifa_family = (unsigned char)c.family,
					 .ifa_prefixlen = (unsigned char)c.prefix,
					 .ifa_index = (unsigned)back.index };
		int alen = c.family == AF_INET ? 4 : 16;
		struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWADDR, NLM_F_CREATE);
		if (!m || nlmsg_append(m, &ifa, sizeof ifa, NLMSG_ALIGNTO) < 0 ||
		    nla_put(m, IFA_LOCAL, alen, c.addr) < 0 || nla_put(m, IFA_ADDRESS, alen, c.addr) < 0) {
			nlmsg_free(m);
			continue;
		}
		net_request(from, m, e, _("could not put back address %s"), tok);
	}
	if (jrec_get_ll(r, "up", 0)) {
		struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = back.index,
					 .ifi_flags = 1 /* IFF_UP */, .ifi_change = 1 };
		struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWLINK, 0);
		if (m && nlmsg_append(m, &ifi, sizeof ifi, NLMSG_ALIGNTO) == 0)
			net_request(from, m, e, _("could not bring '%s' up"), r->name);
		else
			nlmsg_free(m);
	}
	err_clear(e);
	return UNDO_DONE;
}

static const struct journal_kind kind_veth = {
	.name = "veth", .undo = veth_undo, .describe = N_("veth pair '%s'"),
};
static const struct journal_kind kind_bridge = {
	.name = "bridge", .undo = bridge_undo, .describe = N_("bridge '%s'"),
};
static const struct journal_kind kind_address = {
	.name = "address", .undo = address_undo, .describe = N_("address %s"),
};
static const struct journal_kind kind_route = {
	.name = "route", .undo = route_undo, .describe = N_("route to %s"),
};
static const struct journal_kind kind_forward = {
	.name = "forward", .undo = forward_undo, .describe = N_("IP forwarding of '%s'"),
};
static const struct journal_kind kind_move = {
	.name = "link-move", .undo = move_undo, .describe = N_("move of interface '%s' into a node"),
};

const struct journal_kind *const net_kinds[] = {
	&kind_veth, &kind_bridge, &kind_address, &kind_route, &kind_forward, &kind_move, NULL,
};

/* ---- keeping records in step with links deleted or moved by commands ---- */

/* Does record r name IF@NODE (as its main end, its peer, or its device)? */
static int rec_names(const struct jrec *r, const char *node, const char *ifname)
{
	char a[IFNAMSIZ], an[NET_NODE_MAX];

	if (!strcmp(r->kind, "veth") || !strcmp(r->kind, "bridge")) {
		split_ifnode(r->name, a, an);
		if (!strcmp(a, ifname) && !strcmp(an, node))
			return 1;
		const char *p = jrec_get(r, "peer"), *pn = jrec_get(r, "pnode");
		if (p && pn && !strcmp(p, ifname) && !strcmp(pn, node))
			return 2;
	}
	return 0;
}

bool net_journal_owns(const char *node, const char *ifname)
{
	struct jrec *recs;
	size_t n;
	struct err e = ERR_INIT;
	bool found = false;

	if (journal_load(&recs, &n, &e) < 0)
		return false;
	for (size_t i = 0; i < n && !found; i++)
		found = rec_names(&recs[i], node, ifname) != 0;
	free(recs);
	return found;
}

void net_journal_gone(const char *node, const char *ifname)
{
	struct jrec *recs;
	size_t n;
	struct err e = ERR_INIT;

	if (journal_load(&recs, &n, &e) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (rec_names(&recs[i], node, ifname))
			journal_undone(recs[i].seq, &e);
	free(recs);
}

void net_journal_moved(const char *node, const char *ifname, const char *to, int newindex)
{
	struct jrec *recs;
	size_t n;
	struct err e = ERR_INIT;
	unsigned long long toino = 0;
	char toid[NSID_MAX] = "";

	if (nl_netns(to, NULL, &toino, &e) < 0 || journal_load(&recs, &n, &e) < 0)
		return;
	if (nsid_of_node(to, toid, sizeof toid, &e) < 0)
		err_clear(&e);
	for (size_t i = 0; i < n; i++) {
		struct jrec *r = &recs[i];
		int which = rec_names(r, node, ifname);
		if (!which || strcmp(r->kind, "veth"))
			continue;
		/* Rewrite the veth record with this end at its new place. */
		const char *kv[JOURNAL_MAX_KV + 1];
		char buf[JOURNAL_MAX_KV][300];
		int k = 0;
		char newname[256];
		snprintf(newname, sizeof newname, "%s", which == 1 ? net_ifnode(ifname, to) : r->name);
		for (int j = 0; j < r->nkv && k < JOURNAL_MAX_KV; j++) {
			const char *key = r->key[j], *val = r->val[j];
			if (which == 1 && !strcmp(key, "node"))
				val = to;
			else if (which == 1 && !strcmp(key, "nsino"))
				val = net_u(toino);
			else if (which == 1 && !strcmp(key, "nsid"))
				val = toid;
			else if (which == 2 && !strcmp(key, "pnsid"))
				val = toid;
			else if (which == 1 && !strcmp(key, "ifindex"))
				val = net_u((unsigned long long)newindex);
			else if (which == 2 && !strcmp(key, "pnode"))
				val = to;
			else if (which == 2 && !strcmp(key, "pnsino"))
				val = net_u(toino);
			else if (which == 2 && !strcmp(key, "pifindex"))
				val = net_u((unsigned long long)newindex);
			snprintf(buf[k], sizeof buf[k], "%s=%s", key, val);
			kv[k] = buf[k];
			k++;
		}
		kv[k] = NULL;
		unsigned long seq;
		if (journal_intent("veth", newname, kv, &seq, &e) == 0) {
			journal_done(seq, NULL, &e);
			journal_undone(r->seq, &e);
		}
	}
	free(recs);
}
