/* world/net.c: the network side of the world model (see net.h).
 *
 * One entry per network namespace: the host and every name in /run/netns
 * (aisla's nodes and those made by others, noticed through inotify). Each
 * entry is filled by one dump per kind (links, addresses, routes, netconf)
 * on the namespace's request socket (shell/kernel/nl.c) and, when live, kept
 * current by the rtnetlink events of its own event socket in the loop:
 * every message, dumped or notified, goes through the same parser, which
 * inserts, replaces or removes one object. Nothing polls.
 *
 * Kernel quirks handled here:
 *  - a bridge port change also comes as an AF_BRIDGE RTM_NEWLINK/DELLINK:
 *    those describe the port, not the link, and are ignored;
 *  - IPv4 routes that die with a link going down or away are removed
 *    without any RTM_DELROUTE: after a link event the routes of that
 *    namespace are dumped again;
 *  - `ip netns add` creates /run/netns/NAME before mounting the namespace
 *    on it: a new name that is not nsfs yet is retried a moment later;
 *  - a veth's peer in another namespace is known only by a netns id local
 *    to this namespace (IFLA_LINK_NETNSID): RTM_GETNSID with the fd of
 *    each candidate namespace maps it to a name, cached per namespace.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <net/if_arp.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <linux/net_namespace.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/route/rtnl.h>
#include "world.h"
#include "net.h"
#include "net-parse.h"
#include "../loop.h"
#include "../kernel/nl.h"
#include "../kernel/nodes.h"



struct nsid_map {
	int id;
	char name[NET_NS_NAME_MAX];
	unsigned long long ino;
};

/* One namespace: the public view plus what keeps it current. */
struct wns {
	struct net_store st;		/* the public view and what fills it */
	struct nl_sock *ev;		/* live: the event socket */
	int evfd;
	bool loaded;			/* dumped at least once */
	struct nsid_map *ids;		/* nsid -> namespace */
	int nids;
};

static struct wns **tab;
static int ntab;
static bool live;
static bool watching;	/* subscribed to the watch on /run/netns (live) */
static bool peers_dirty;
static unsigned pending_changes;

static void resolve_peers(void);

/* ---- small helpers ---- */

static uint64_t now_ms(void)
{
	return loop_now_ms();
}

static void changed(struct wns *w, unsigned what)
{
	pending_changes |= what;
	if (w)
		w->st.ns.changed_ms = now_ms();
}

static void flush_changes(void)
{
	static bool busy;

	if (busy)	/* re-entered from inside a resolution: later */
		return;
	busy = true;
	if (peers_dirty)
		resolve_peers();
	busy = false;
	if (pending_changes) {
		unsigned what = pending_changes;
		pending_changes = 0;
		world_changed(what);
	}
}

static struct wns *find(const char *name)
{
	for (int i = 0; i < ntab; i++)
		if (!strcmp(tab[i]->st.ns.name, name))
			return tab[i];
	return NULL;
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct wns *w = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);

	unsigned what = net_parse_msg(&w->st, h, now_ms());

	if (what)
		changed(w, what);
	if (w->st.peers_dirty) {
		peers_dirty = true;
		w->st.peers_dirty = false;
	}
	return NL_OK;
}

/* ---- dumps ---- */

static int dump(struct wns *w, int type, int family)
{
	struct nl_sock *sk;
	struct err e = ERR_INIT;

	if (nl_get(w->st.ns.name, &sk, &e) < 0)
		return -1;
	struct nl_cb *cb0 = nl_socket_get_cb(sk), *cb = nl_cb_clone(cb0);

	nl_cb_put(cb0);
	if (!cb)
		return -1;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_msg, w);
	int rc = nl_rtgen_request(sk, type, family, NLM_F_DUMP);
	if (rc >= 0)
		rc = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	return rc < 0 ? -1 : 0;
}

static void dump_routes(struct wns *w)
{
	struct net_route *old = w->st.ns.routes;
	int nold = w->st.ns.nroutes;

	/* Rebuild, then report a change only if something differs. */
	w->st.ns.routes = NULL;
	w->st.ns.nroutes = 0;
	w->st.cap_routes = 0;
	unsigned saved = pending_changes;
	dump(w, RTM_GETROUTE, AF_INET);
	dump(w, RTM_GETROUTE, AF_INET6);
	pending_changes = saved;
	bool diff = nold != w->st.ns.nroutes;
	for (int i = 0; !diff && i < nold; i++) {
		struct net_route a = old[i], b = w->st.ns.routes[i];
		a.changed_ms = b.changed_ms;
		diff = memcmp(&a, &b, sizeof a) != 0;
		if (!diff)
			w->st.ns.routes[i].changed_ms = old[i].changed_ms;
	}
	free(old);
	if (diff)
		changed(w, WORLD_ROUTES);
	w->st.routes_dirty = false;
}

static void dump_all(struct wns *w)
{
	w->loaded = true;
	w->st.ns.nlinks = w->st.ns.naddrs = 0;
	dump(w, RTM_GETLINK, AF_UNSPEC);
	dump(w, RTM_GETADDR, AF_UNSPEC);
	dump_routes(w);
	dump(w, RTM_GETNETCONF, AF_INET);
	dump(w, RTM_GETNETCONF, AF_INET6);
	peers_dirty = true;
	changed(w, WORLD_LINKS | WORLD_ADDRS | WORLD_ROUTES);
}

/* ---- namespaces: add, forget ---- */

static void ev_ready(int fd, short revents, void *arg);

/* Read every queued event of w (non-blocking socket). */
static void drain(struct wns *w)
{
	if (w->ev) {
		int rc;
		while ((rc = nl_recvmsgs_default(w->ev)) > 0)
			;
		if (rc == -NLE_NOMEM)	/* ENOBUFS: events were lost, resync */
			dump_all(w);
	}
	if (w->st.routes_dirty)
		dump_routes(w);
}

static void ev_ready(int fd, short revents, void *arg)
{
	(void)fd; (void)revents;
	drain(arg);
	flush_changes();
}

static int open_events(struct wns *w, int nsfd)
{
	struct err e = ERR_INIT;
	struct nl_sock *sk;

	if (nl_open_in(!strcmp(w->st.ns.name, "host") ? -1 : nsfd, &sk, &e) < 0)
		return -1;
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_msg, w);
	nl_socket_set_buffer_size(sk, 4 << 20, 0);
	if (nl_socket_add_memberships(sk, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
				      RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV4_NETCONF,
				      RTNLGRP_IPV6_NETCONF, 0) < 0 ||
	    nl_socket_set_nonblocking(sk) < 0) {
		nl_socket_free(sk);
		return -1;
	}
	w->ev = sk;
	w->evfd = nl_socket_get_fd(sk);
	if (loop_add_fd(w->evfd, POLLIN, ev_ready, w) < 0) {
		nl_socket_free(sk);
		w->ev = NULL;
		return -1;
	}
	return 0;
}

static void wns_free(struct wns *w)
{
	if (w->ev) {
		loop_del_fd(w->evfd);
		nl_socket_free(w->ev);
	}
	free(w->st.ns.links);
	free(w->st.ns.addrs);
	free(w->st.ns.routes);
	free(w->ids);
	free(w);
}

static void clear_nsid_maps(void)
{
	for (int i = 0; i < ntab; i++) {
		free(tab[i]->ids);
		tab[i]->ids = NULL;
		tab[i]->nids = 0;
	}
	peers_dirty = true;
}

/* Start watching a namespace: NULL if it is not (yet) a namespace. */
static struct wns *add_ns(const char *name)
{
	struct err e = ERR_INIT;
	struct stat st;
	struct statfs sf;
	int fd;

	if (strlen(name) >= NET_NS_NAME_MAX)
		return NULL;
	if (node_netns_fd(name, &fd, &e) < 0)
		return NULL;
	if (fstatfs(fd, &sf) < 0 || sf.f_type != NSFS_MAGIC || fstat(fd, &st) < 0) {
		close(fd);	/* `ip netns add` has not mounted it yet */
		return NULL;
	}
	struct wns *w = calloc(1, sizeof *w);
	if (!w) {
		close(fd);
		return NULL;
	}
	snprintf(w->st.ns.name, sizeof w->st.ns.name, "%s", name);
	w->st.ns.ino = st.st_ino;
	w->st.ns.forward4 = w->st.ns.forward6 = -1;
	w->evfd = -1;
	if (strcmp(name, "host")) {
		struct node_info ni;
		struct err e2 = ERR_INIT;
		w->st.ns.foreign = node_get(name, &ni, &e2) < 0 || !ni.aisla;
	}
	if (live && open_events(w, fd) < 0) {
		close(fd);
		free(w);
		return NULL;
	}
	close(fd);
	/* Sorted: host first, then by name. */
	struct wns **nt = realloc(tab, (size_t)(ntab + 1) * sizeof *tab);
	if (!nt) {
		wns_free(w);
		return NULL;
	}
	tab = nt;
	int at = 0;
	if (strcmp(name, "host"))
		for (at = 0; at < ntab && (!strcmp(tab[at]->st.ns.name, "host") ||
					   strcmp(tab[at]->st.ns.name, name) < 0); at++)
			;
	memmove(&tab[at + 1], &tab[at], (size_t)(ntab - at) * sizeof *tab);
	tab[at] = w;
	ntab++;
	if (live)	/* not live: read when asked about */
		dump_all(w);
	clear_nsid_maps();
	changed(NULL, WORLD_NETNS);
	return w;
}

static void remove_ns(struct wns *w)
{
	for (int i = 0; i < ntab; i++) {
		if (tab[i] != w)
			continue;
		memmove(&tab[i], &tab[i + 1], (size_t)(ntab - i - 1) * sizeof *tab);
		ntab--;
		break;
	}
	wns_free(w);
	clear_nsid_maps();
	changed(NULL, WORLD_NETNS | WORLD_LINKS | WORLD_ADDRS | WORLD_ROUTES);
}

void world_net_forget(const char *name)
{
	struct wns *w = find(name);

	nl_drop_cached(name);
	if (w && strcmp(name, "host")) {
		remove_ns(w);
		flush_changes();
	}
}

/* Is the watched entry still the namespace mounted under its name? */
static bool still_same(struct wns *w)
{
	struct stat st;
	char p[sizeof NETNS_DIR + NET_NS_NAME_MAX + 1];

	if (!strcmp(w->st.ns.name, "host"))
		return true;
	snprintf(p, sizeof p, NETNS_DIR "/%s", w->st.ns.name);
	return stat(p, &st) == 0 && (unsigned long long)st.st_ino == w->st.ns.ino;
}

/* Bring the list of namespaces in line with /run/netns. */
static void rescan(void)
{
	DIR *d = opendir(NETNS_DIR);
	struct dirent *de;

	for (int i = 0; i < ntab; i++)
		if (!still_same(tab[i])) {
			char name[NET_NS_NAME_MAX];
			snprintf(name, sizeof name, "%s", tab[i]->st.ns.name);
			remove_ns(tab[i]);
			nl_drop_cached(name);
			i--;
		}
	if (!find("host"))
		add_ns("host");
	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && !find(de->d_name))
			add_ns(de->d_name);
	closedir(d);
}

/* ---- inotify on /run/netns ---- */

static void retry_timer(void *arg)
{
	char *name = arg;

	if (!find(name) && !add_ns(name)) {
		char p[sizeof NETNS_DIR + NET_NS_NAME_MAX + 1];
		snprintf(p, sizeof p, NETNS_DIR "/%s", name);
		/* still a plain file being set up: try again shortly */
		if (access(p, F_OK) == 0 && name[NET_NS_NAME_MAX]++ < 20) {
			loop_add_timer(50, retry_timer, name);
			return;
		}
	}
	free(name);
	flush_changes();
}

/* What the one watch on /run/netns (shell/kernel/nodes-watch.c) says. */
static void on_node_event(enum node_event ev, const char *name, void *arg)
{
	(void)arg;
	if (ev == NODE_EV_RESCAN) {
		rescan();
		return;
	}
	if (ev == NODE_EV_END) {
		flush_changes();
		return;
	}
	if ((ev != NODE_EV_NETNS_GONE && ev != NODE_EV_NETNS_ADDED) ||
	    strlen(name) >= NET_NS_NAME_MAX)
		return;
	struct wns *w = find(name);
	if (ev == NODE_EV_NETNS_GONE) {
		if (w)
			world_net_forget(name);
		return;
	}
	if (w && !still_same(w))
		remove_ns(w), w = NULL;
	if (!w && !add_ns(name)) {
		char *n = calloc(1, NET_NS_NAME_MAX + 1);
		if (n) {
			snprintf(n, NET_NS_NAME_MAX, "%s", name);
			loop_add_timer(20, retry_timer, n);
		}
	}
}

/* ---- peers ---- */

static int nsid_reply(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *tb[NETNSA_MAX + 1];

	if (h->nlmsg_type == RTM_NEWNSID &&
	    nlmsg_parse(h, sizeof(struct rtgenmsg), tb, NETNSA_MAX, NULL) == 0 && tb[NETNSA_NSID])
		*(int *)arg = nla_get_s32(tb[NETNSA_NSID]);
	return NL_OK;
}

/* The nsid that namespace w uses for namespace other (-1 if none):
 * RTM_GETNSID with other's fd, asked on w's socket (never allocates). */
static int nsid_of(struct wns *w, struct wns *other)
{
	struct nl_sock *sk;
	struct err e = ERR_INIT;
	int fd, id = -1;

	if (nl_get(w->st.ns.name, &sk, &e) < 0 || node_netns_fd(other->st.ns.name, &fd, &e) < 0)
		return -1;
	struct nl_msg *m = nlmsg_alloc_simple(RTM_GETNSID, 0);
	struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nl_cb *cb0 = nl_socket_get_cb(sk), *cb = nl_cb_clone(cb0);

	nl_cb_put(cb0);
	/* The reply, then the ACK (as rtnl_link_get_kernel does), so that
	 * the socket's sequence numbers stay in step. */
	if (m && cb && nlmsg_append(m, &g, sizeof g, NLMSG_ALIGNTO) == 0 &&
	    nla_put_u32(m, NETNSA_FD, (uint32_t)fd) == 0 && nl_send_auto(sk, m) >= 0) {
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nsid_reply, &id);
		if (nl_recvmsgs(sk, cb) >= 0)
			nl_wait_for_ack(sk);
	}
	if (cb)
		nl_cb_put(cb);
	nlmsg_free(m);
	close(fd);
	return id;
}

static struct wns *ns_by_id(struct wns *w, int id)
{
	for (int i = 0; i < w->nids; i++)
		if (w->ids[i].id == id) {
			struct wns *o = find(w->ids[i].name);
			if (!o || o->st.ns.ino != w->ids[i].ino)
				return NULL;
			if (!o->loaded)
				dump_all(o);
			return o;
		}
	/* Ask about every namespace not mapped yet. */
	struct wns *hit = NULL;
	for (int i = 0; i < ntab; i++) {
		struct wns *o = tab[i];
		bool known = o == w;
		for (int j = 0; j < w->nids && !known; j++)
			known = !strcmp(w->ids[j].name, o->st.ns.name) && w->ids[j].ino == o->st.ns.ino;
		if (known)
			continue;
		int oid = nsid_of(w, o);
		if (oid < 0)
			continue;
		struct nsid_map *nm = realloc(w->ids, (size_t)(w->nids + 1) * sizeof *nm);
		if (!nm)
			break;
		w->ids = nm;
		w->ids[w->nids].id = oid;
		w->ids[w->nids].ino = o->st.ns.ino;
		snprintf(w->ids[w->nids].name, sizeof w->ids[w->nids].name, "%s", o->st.ns.name);
		w->nids++;
		if (oid == id) {
			hit = o;
			if (!o->loaded)	/* not live: read it now */
				dump_all(o);
			break;
		}
	}
	return hit;
}

/* Name every veth peer and bridge master; refresh device names of
 * addresses and routes. */
static void resolve_peers(void)
{
	peers_dirty = false;
	for (int i = 0; i < ntab; i++) {
		struct wns *w = tab[i];
		struct net_ns *ns = &w->st.ns;
		for (int j = 0; j < ns->nlinks; j++) {
			struct net_link *l = &ns->links[j];
			const struct net_link *m = l->master ? net_ns_link_index(ns, l->master) : NULL;
			snprintf(l->master_name, sizeof l->master_name, "%s", m ? m->name : "");
			if (!l->peer_index || strcmp(l->kind, "veth")) {
				l->peer[0] = '\0';
				if (strcmp(l->kind, "veth"))
					l->peer_ns[0] = '\0';
				continue;
			}
			struct wns *o = l->peer_nsid >= 0 ? ns_by_id(w, l->peer_nsid) : w;
			const struct net_link *p = o ? net_ns_link_index(&o->st.ns, l->peer_index) : NULL;
			if (o && p) {
				snprintf(l->peer, sizeof l->peer, "%s", p->name);
				snprintf(l->peer_ns, sizeof l->peer_ns, "%s", o->st.ns.name);
			} else {
				l->peer[0] = '\0';
				l->peer_ns[0] = '\0';
			}
		}
		for (int j = 0; j < ns->naddrs; j++) {
			const struct net_link *l = net_ns_link_index(ns, ns->addrs[j].index);
			snprintf(ns->addrs[j].ifname, sizeof ns->addrs[j].ifname, "%s", l ? l->name : "?");
		}
		for (int j = 0; j < ns->nroutes; j++) {
			const struct net_link *l = ns->routes[j].oif ?
				net_ns_link_index(ns, ns->routes[j].oif) : NULL;
			snprintf(ns->routes[j].dev, sizeof ns->routes[j].dev, "%s", l ? l->name : "");
		}
	}
}

/* ---- the public queries ---- */

/* Bring everything current now: pending inotify and netlink events
 * (live), or a fresh read of the kernel (not live). */
static void sync_all(void)
{
	if (live) {
		if (watching)
			node_watch_read();
		for (int i = 0; i < ntab; i++)
			drain(tab[i]);
		rescan();
	} else {
		rescan();
		for (int i = 0; i < ntab; i++)
			dump_all(tab[i]);
	}
	flush_changes();
}

static struct wns *sync_one(const char *name)
{
	if (!live) {	/* read this one now; peers are read when needed */
		rescan();
		struct wns *w = find(name);
		if (w)
			dump_all(w);
		flush_changes();
		return w;
	}
	struct wns *w = find(name);

	if (w && !still_same(w)) {
		remove_ns(w);
		nl_drop_cached(name);
		w = NULL;
	}
	if (!w)
		w = add_ns(name);
	else if (live)
		drain(w);
	else
		dump_all(w);
	flush_changes();
	return w;
}

/* Live, the loop keeps the model current: queries have no side effect
 * beyond picking up a namespace nobody has reported yet (a pane may ask
 * about a peer while it walks the links of another namespace). Commands
 * that print, and lesson checks (world_net_refresh), sync first. */
int world_net_count(void)
{
	if (!live)
		sync_all();
	return ntab;
}

const struct net_ns *world_net_ns_at(int i)
{
	return i >= 0 && i < ntab ? &tab[i]->st.ns : NULL;
}

const struct net_ns *world_net_ns(const char *name)
{
	struct wns *w;

	if (live) {
		w = find(name);
		if (!w && strlen(name) < NET_NS_NAME_MAX && (!strcmp(name, "host") || node_exists(name)))
			w = add_ns(name);
	} else
		w = sync_one(name);
	return w ? &w->st.ns : NULL;
}

void world_net_refresh(const char *name)
{
	if (!name) {
		for (int i = 0; i < ntab; i++)
			if (!still_same(tab[i])) {
				char n[NET_NS_NAME_MAX];
				snprintf(n, sizeof n, "%s", tab[i]->st.ns.name);
				remove_ns(tab[i]);
				nl_drop_cached(n);
				i--;
			}
		rescan();
		for (int i = 0; i < ntab; i++)
			dump_all(tab[i]);
		flush_changes();
		return;
	}
	struct wns *w = sync_one(name);
	if (w && live) {
		dump_all(w);
		flush_changes();
	}
}

const struct net_link *world_net_link(const char *node, const char *ifname)
{
	return net_ns_link(world_net_ns(node), ifname);
}

bool world_net_has_addr(const char *node, const char *ifname, const char *cidr)
{
	const struct net_ns *ns = world_net_ns(node);
	bool bare = !strchr(cidr, '/');
	unsigned char want[16], have[16];
	int fam;
	char a[INET6_ADDRSTRLEN + 8];

	if (!ns)
		return false;
	snprintf(a, sizeof a, "%s", cidr);
	char *slash = strchr(a, '/');
	int prefix = slash ? atoi(slash + 1) : -1;
	if (slash)
		*slash = '\0';
	fam = strchr(a, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(fam, a, want) != 1)
		return false;
	for (int i = 0; i < ns->naddrs; i++) {
		const struct net_addr *ad = &ns->addrs[i];
		if (ad->family != fam || strcmp(ad->ifname, ifname))
			continue;
		if (inet_pton(fam, ad->addr, have) != 1 ||
		    memcmp(have, want, fam == AF_INET ? 4 : 16))
			continue;
		if (bare || ad->prefixlen == prefix)
			return true;
	}
	return false;
}

/* Compare a route destination as written by a user ("10.0.0.0/24",
 * "10.0.0.5", "10.0.0.5/32", "default") with the model's. */
static bool dst_match(const char *mine, const char *want)
{
	if (!strcmp(mine, want))
		return true;
	if (!strcmp(want, "0.0.0.0/0") || !strcmp(want, "::/0"))
		return !strcmp(mine, "default");
	char w[NET_CIDR_MAX + 8];
	snprintf(w, sizeof w, "%s", want);
	char *s = strchr(w, '/');
	if (s && (!strcmp(s, "/32") || !strcmp(s, "/128"))) {
		*s = '\0';
		return !strcmp(mine, w);
	}
	return false;
}

bool world_net_has_route(const char *node, const char *dst, const char *gw, const char *dev)
{
	const struct net_ns *ns = world_net_ns(node);

	if (!ns)
		return false;
	for (int i = 0; i < ns->nroutes; i++) {
		const struct net_route *r = &ns->routes[i];
		if (!dst_match(r->dst, dst))
			continue;
		if (gw && strcmp(r->gw, gw))
			continue;
		if (dev && strcmp(r->dev, dev))
			continue;
		return true;
	}
	return false;
}

int world_net_forwarding(const char *node, int family)
{
	const struct net_ns *ns = world_net_ns(node);

	if (!ns)
		return -1;
	int v = family == AF_INET6 ? ns->forward6 : ns->forward4;
	if (v < 0) {	/* no netconf: read the sysctl */
		char buf[16];
		struct err e = ERR_INIT;
		if (nl_sysctl_read(node, family == AF_INET6 ? "net/ipv6/conf/all/forwarding"
							  : "net/ipv4/ip_forward",
				   buf, sizeof buf, &e) == 0)
			v = atoi(buf) ? 1 : 0;
	}
	return v;
}

int world_net_peer(const char *node, const char *ifname, char *peer, char *peer_ns)
{
	const struct net_link *l = world_net_link(node, ifname);

	if (!l || strcmp(l->kind, "veth") || !l->peer[0] || !l->peer_ns[0])
		return -1;
	snprintf(peer, IFNAMSIZ, "%s", l->peer);
	snprintf(peer_ns, NET_NS_NAME_MAX, "%s", l->peer_ns);
	return 0;
}

void world_net_sync(void)
{
	if (live)
		sync_all();
}

void world_net_pending(void)
{
	if (live && watching)
		node_watch_read();
}

/* ---- init / free ---- */

int world_net_init(bool is_live, struct err *e)
{
	(void)e;
	live = is_live;
	if (live) {
		watching = node_watch(on_node_event, NULL) == 0;
		rescan();
		flush_changes();
	}
	return 0;
}

void world_net_free(void)
{
	for (int i = 0; i < ntab; i++)
		wns_free(tab[i]);
	free(tab);
	tab = NULL;
	ntab = 0;
	if (watching) {
		node_unwatch(on_node_event, NULL);
		watching = false;
	}
	nl_forget_all();
}
