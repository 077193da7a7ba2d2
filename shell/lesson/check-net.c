/* check-net.c: the network checks: link, addr, route, forward, ping,
 * bridge. They read the world's rtnetlink model of the node's netns
 * (world/net.h), refreshed first: the command that just ran changed it
 * and its events may still be queued. `ping` sends one ICMP echo from a
 * raw socket opened inside the node's netns by a helper thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "../i18n.h"
#include "../world/net.h"
#include "../world/net-why.h"
#include "../kernel/nodes.h"
#include "../kernel/valid.h"
#include "check-verbs.h"

/* Read a namespace again before asking about it: the command that just
 * ran changed it, and its events may still be queued. */
static void net_refresh(const char *node)
{
	world_net_refresh(node);
}

static int parse_link(struct check *c, struct err *e)
{
	struct err ce = ERR_INIT;	/* the validators' message is not the check's */
	if (check_need_ifnode(c, c->argv[0], e) < 0)
		return -1;
	for (int i = 1; i < c->argc; i++) {
		const char *w = c->argv[i];
		if (!strcmp(w, "up") || !strcmp(w, "down") || !strcmp(w, "nomaster"))
			continue;
		if (!strcmp(w, "kind") || !strcmp(w, "master") || !strcmp(w, "peer")) {
			if (i + 1 >= c->argc) {
				err_set(e, _("check '%s': '%s' needs a value"), c->text, w);
				return check_form_hint(e, c);
			}
			if (!strcmp(w, "peer") && check_need_ifnode(c, c->argv[i + 1], e) < 0)
				return -1;
			if (!strcmp(w, "master") && net_ifname_valid(c->argv[i + 1], &ce) < 0) {
				err_set(e, _("check '%s': '%s' is not an interface name"),
					c->text, c->argv[i + 1]);
				return check_form_hint(e, c);
			}
			i++;
			continue;
		}
		err_set(e, _("check '%s': unknown word '%s'"), c->text, w);
		return check_form_hint(e, c);
	}
	return 0;
}

static bool eval_link(const struct check *c, struct check_result *r)
{
	struct err ce = ERR_INIT;	/* the validators' message is not the check's */
	char ifn[IFNAMSIZ], node[NET_NODE_MAX];
	const struct net_link *lp;
	struct net_link lk, *l = &lk;	/* a copy: the next query may re-read */

	net_split_ifnode(c->argv[0], ifn, node, &ce);
	net_refresh(node);
	lp = world_net_link(node, ifn);
	if (!lp) {
		check_fail(r, "link", c->argv[0]);
		if (strcmp(node, "host") && !node_exists(node))
			return check_seen(r, _("node '%s' does not exist"), node);
		return check_seen(r, _("there is no interface '%s' in '%s'"), ifn, node);
	}
	lk = *lp;
	for (int i = 1; i < c->argc; i++) {
		const char *w = c->argv[i];
		if (!strcmp(w, "up") && !l->up) {
			check_fail(r, "up", NULL);
			return check_seen(r, _("'%s' exists but is DOWN"), c->argv[0]);
		}
		if (!strcmp(w, "down") && l->up) {
			check_fail(r, "down", NULL);
			return check_seen(r, _("'%s' is UP"), c->argv[0]);
		}
		if (!strcmp(w, "nomaster") && l->master) {
			check_fail(r, "nomaster", NULL);
			return check_seen(r, _("'%s' is a port of the bridge '%s'"), c->argv[0], l->master_name);
		}
		if (!strcmp(w, "kind")) {
			const char *want = c->argv[++i];
			if (strcmp(l->kind, want)) {
				check_fail(r, "kind", want);
				return check_seen(r, _("'%s' is of kind '%s', not '%s'"), c->argv[0],
					    l->kind[0] ? l->kind : "device", want);
			}
		}
		if (!strcmp(w, "master")) {
			const char *want = c->argv[++i];
			if (strcmp(l->master_name, want)) {
				check_fail(r, "master", want);
				if (!l->master)
					return check_seen(r, _("'%s' is not a port of any bridge"), c->argv[0]);
				return check_seen(r, _("'%s' is a port of '%s', not of '%s'"), c->argv[0],
					    l->master_name, want);
			}
		}
		if (!strcmp(w, "peer")) {
			const char *want = c->argv[++i];
			char wif[IFNAMSIZ], wnode[NET_NODE_MAX];
			char peer[IFNAMSIZ] = "", peer_ns[NET_NS_NAME_MAX] = "";
			net_split_ifnode(want, wif, wnode, &ce);
			if (strcmp(wnode, node))
				net_refresh(wnode);
			if (strcmp(l->kind, "veth")) {
				check_fail(r, "peer", want);
				return check_seen(r, _("'%s' is not a veth: it has no peer"), c->argv[0]);
			}
			if (world_net_peer(node, ifn, peer, peer_ns) == 0) {
				if (strcmp(peer, wif) || strcmp(peer_ns, wnode)) {
					check_fail(r, "peer", want);
					return check_seen(r, _("the other end of '%s' is '%s@%s'"), c->argv[0],
						    peer, peer_ns);
				}
			} else {
				/* Fall back: both ends name each other by index. */
				const struct net_link *p = world_net_link(wnode, wif);
				int my_index = l->index, peer_of_mine = l->peer_index;
				if (!p || p->index != peer_of_mine || p->peer_index != my_index) {
					check_fail(r, "peer", want);
					return check_seen(r, _("the other end of '%s' is not '%s'"), c->argv[0], want);
				}
			}
		}
	}
	check_seen(r, _("'%s' exists (%s, %s)"), c->argv[0], l->kind[0] ? l->kind : "device",
	     l->up ? "UP" : "DOWN");
	return true;
}

const struct check_verb check_verb_link = {
	.name = "link",
	.form = N_("link IF@N [up|down] [kind K] [peer IF2@N2] [master BR|nomaster]"),
	.min_args = 1, .max_args = -1,
	.parse = parse_link,
	.eval = eval_link,
};

static int parse_addr(struct check *c, struct err *e)
{
	if (check_need_ifnode(c, c->argv[0], e) < 0)
		return -1;
	return check_need_cidr(c, c->argv[1], true, e);
}

static bool eval_addr(const struct check *c, struct check_result *r)
{
	struct err ce = ERR_INIT;	/* the validators' message is not the check's */
	char ifn[IFNAMSIZ], node[NET_NODE_MAX];
	const struct net_ns *ns;

	net_split_ifnode(c->argv[0], ifn, node, &ce);
	net_refresh(node);
	if (!world_net_link(node, ifn)) {
		check_fail(r, "addr", c->argv[0]);
		return check_seen(r, _("there is no interface '%s' in '%s'"), ifn, node);
	}
	if (world_net_has_addr(node, ifn, c->argv[1])) {
		check_seen(r, _("'%s' has %s"), c->argv[0], c->argv[1]);
		return true;
	}
	check_fail(r, "addr", c->argv[0]);
	/* Say which addresses it does have. */
	ns = world_net_ns(node);
	if (ns) {
		char list[256] = "";
		size_t len = 0;
		for (int i = 0; i < ns->naddrs; i++) {
			if (strcmp(ns->addrs[i].ifname, ifn) || !strcmp(ns->addrs[i].scope, "link"))
				continue;
			len += (size_t)snprintf(list + len, len < sizeof list ? sizeof list - len : 0,
						"%s%s", len ? ", " : "", ns->addrs[i].cidr);
			if (len >= sizeof list)
				break;
		}
		if (list[0])
			return check_seen(r, _("'%s' has %s, not %s"), c->argv[0], list, c->argv[1]);
	}
	return check_seen(r, _("'%s' has no address %s (it has no address)"), c->argv[0], c->argv[1]);
}

const struct check_verb check_verb_addr = {
	.name = "addr",
	.form = N_("addr IF@N CIDR"),
	.min_args = 2, .max_args = 2,
	.parse = parse_addr,
	.eval = eval_addr,
};

static int parse_route(struct check *c, struct err *e)
{
	struct err ce = ERR_INIT;	/* the validators' message is not the check's */
	if (check_need_node(c, c->argv[0], e) < 0)
		return -1;
	if (strcmp(c->argv[1], "default") && check_need_cidr(c, c->argv[1], true, e) < 0)
		return -1;
	for (int i = 2; i < c->argc; i += 2) {
		if (i + 1 >= c->argc || (strcmp(c->argv[i], "via") && strcmp(c->argv[i], "dev"))) {
			err_set(e, _("check '%s': unknown word '%s'"), c->text, c->argv[i]);
			return check_form_hint(e, c);
		}
		if (!strcmp(c->argv[i], "via") && check_need_ip(c, c->argv[i + 1], e) < 0)
			return -1;
		if (!strcmp(c->argv[i], "dev") && net_ifname_valid(c->argv[i + 1], &ce) < 0) {
			err_set(e, _("check '%s': '%s' is not an interface name"), c->text, c->argv[i + 1]);
			return check_form_hint(e, c);
		}
	}
	return 0;
}

static bool eval_route(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0], *gw = NULL, *dev = NULL;

	net_refresh(node);
	for (int i = 2; i + 1 < c->argc; i += 2) {
		if (!strcmp(c->argv[i], "via"))
			gw = c->argv[i + 1];
		else
			dev = c->argv[i + 1];
	}
	if (strcmp(node, "host") && !node_exists(node)) {
		check_fail(r, "route", node);
		return check_seen(r, _("node '%s' does not exist"), node);
	}
	if (world_net_has_route(node, c->argv[1], gw, dev)) {
		check_seen(r, _("'%s' has a route to %s"), node, c->argv[1]);
		return true;
	}
	if ((gw || dev) && world_net_has_route(node, c->argv[1], NULL, NULL)) {
		check_fail(r, gw ? "via" : "dev", gw ? gw : dev);
		return check_seen(r, _("'%s' has a route to %s, but not %s %s"), node, c->argv[1],
			    gw ? "via" : "dev", gw ? gw : dev);
	}
	check_fail(r, "route", node);
	return check_seen(r, _("'%s' has no route to %s"), node, c->argv[1]);
}

const struct check_verb check_verb_route = {
	.name = "route",
	.form = N_("route N DEST|default [via GW] [dev IF]"),
	.min_args = 2, .max_args = 6,
	.parse = parse_route,
	.eval = eval_route,
};

static int parse_forward(struct check *c, struct err *e)
{
	if (check_need_node(c, c->argv[0], e) < 0)
		return -1;
	if (strcmp(c->argv[1], "on") && strcmp(c->argv[1], "off")) {
		err_set(e, _("check '%s': say 'on' or 'off', not '%s'"), c->text, c->argv[1]);
		return check_form_hint(e, c);
	}
	return 0;
}

static bool eval_forward(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0];
	bool want = !strcmp(c->argv[1], "on");
	int v;

	v = world_net_forwarding(node, AF_INET);
	if (v < 0) {
		check_fail(r, "forward", node);
		return check_seen(r, _("node '%s' does not exist"), node);
	}
	if ((v == 1) != want) {
		check_fail(r, want ? "on" : "off", NULL);
		return check_seen(r, _("IP forwarding in '%s' is %s"), node, v ? _("on") : _("off"));
	}
	check_seen(r, _("IP forwarding in '%s' is %s"), node, v ? _("on") : _("off"));
	return true;
}

const struct check_verb check_verb_forward = {
	.name = "forward",
	.form = N_("forward N on|off"),
	.min_args = 2, .max_args = 2,
	.parse = parse_forward,
	.eval = eval_forward,
};

/* ping: a raw ICMP socket opened inside the node's netns by a helper
 * thread; the main thread sends echo requests for 2 s until one is answered. */
struct sock_open {
	int family, fd, err;
};

static void open_icmp(void *p)
{
	struct sock_open *s = p;
	s->fd = socket(s->family, SOCK_RAW | SOCK_CLOEXEC,
		       s->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	if (s->fd < 0)
		s->err = errno;
}

static uint16_t in_cksum(const void *data, size_t len)
{
	const uint16_t *w = data;
	uint32_t sum = 0;
	for (; len > 1; len -= 2)
		sum += *w++;
	if (len)
		sum += *(const uint8_t *)w;
	sum = (sum >> 16) + (sum & 0xffff);
	sum += sum >> 16;
	return (uint16_t)~sum;
}

/* One ICMP echo request of 64 bytes, id and seq as given. */
static int send_echo(int fd, int family, uint16_t id, uint16_t seq,
		     const struct sockaddr_storage *sa, socklen_t salen)
{
	unsigned char pkt[64];

	memset(pkt, 0, sizeof pkt);
	if (family == AF_INET) {
		struct icmphdr *h = (struct icmphdr *)pkt;
		h->type = ICMP_ECHO;
		h->un.echo.id = htons(id);
		h->un.echo.sequence = htons(seq);
		h->checksum = in_cksum(pkt, sizeof pkt);
	} else {
		struct icmp6_hdr *h = (struct icmp6_hdr *)pkt;
		h->icmp6_type = ICMP6_ECHO_REQUEST;
		h->icmp6_id = htons(id);
		h->icmp6_seq = htons(seq);	/* the kernel computes the checksum */
	}
	return sendto(fd, pkt, sizeof pkt, 0, (const struct sockaddr *)sa, salen) < 0 ? -1 : 0;
}

/* A failed ping: what the kernel shows on the way (lo DOWN, the other
 * end of a veth DOWN, no route, a router not forwarding) goes into what
 * was seen, and the failing clause names that object ("link lo@rojo",
 * "route rojo", "forward r1"), so the lesson's hint for it is chosen. */
static bool ping_why(const char *node, const char *dest, struct check_result *r)
{
	struct net_why_info w;
	struct err e = ERR_INIT;

	if (!world_net_why(node, dest, &w) || net_why_explain(&w, dest, &e) == 0)
		return false;
	switch (w.why) {
	case NET_WHY_LO_DOWN:
	case NET_WHY_LINK_DOWN:
	case NET_WHY_NO_CARRIER:
		check_fail(r, "link", net_ifnode(w.ifname, w.ns));
		break;
	case NET_WHY_PEER_DOWN:
		check_fail(r, "link", net_ifnode(w.peer, w.peer_ns));
		break;
	case NET_WHY_NO_ROUTE:
		check_fail(r, "route", w.ns);
		break;
	case NET_WHY_NO_FORWARD:
		check_fail(r, "forward", w.ns);
		break;
	default:
		check_fail(r, "ping", node);
		break;
	}
	check_seen(r, _("a ping from '%s' to %s gets no answer: %s"), node, dest, e.msg);
	return true;
}

static int parse_ping(struct check *c, struct err *e)
{
	if (check_need_node(c, c->argv[0], e) < 0)
		return -1;
	return check_need_ip(c, c->argv[1], e);
}

static bool eval_ping(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0], *dest = c->argv[1];
	struct sock_open so = { AF_INET, -1, 0 };
	struct sockaddr_storage sa;
	socklen_t salen;
	unsigned char buf[1500];
	uint16_t id = (uint16_t)(getpid() ^ (rand() & 0xffff));
	struct err e = ERR_INIT;
	int nsfd = -1;

	memset(&sa, 0, sizeof sa);
	if (inet_pton(AF_INET, dest, &((struct sockaddr_in *)&sa)->sin_addr) == 1) {
		sa.ss_family = AF_INET;
		salen = sizeof(struct sockaddr_in);
	} else {
		inet_pton(AF_INET6, dest, &((struct sockaddr_in6 *)&sa)->sin6_addr);
		sa.ss_family = AF_INET6;
		salen = sizeof(struct sockaddr_in6);
		so.family = AF_INET6;
	}
	if (!strcmp(node, "host")) {
		open_icmp(&so);
	} else {
		if (node_netns_fd(node, &nsfd, &e) < 0) {
			check_fail(r, "ping", node);
			return check_seen(r, _("node '%s' does not exist"), node);
		}
		int rc = check_in_ns(nsfd, CLONE_NEWNET, open_icmp, &so);
		close(nsfd);
		if (rc) {
			check_fail(r, "ping", node);
			return check_seen(r, _("cannot enter the network of '%s': %s"), node, err_strerror(rc));
		}
	}
	if (so.fd < 0) {
		check_fail(r, "ping", node);
		return check_seen(r, _("cannot send a ping from '%s': %s"), node, err_strerror(so.err));
	}
	/* One echo now and again every 500 ms of the 2 s: a single echo
	 * is lost when it waits on a neighbour entry that a ping of a
	 * moment ago (the other end still DOWN) left to fail. */
	uint16_t seq = 0;
	uint64_t deadline, next_send;
	struct timespec ts;
	if (send_echo(so.fd, so.family, id, ++seq, &sa, salen) < 0) {
		int err = errno;
		close(so.fd);
		if (ping_why(node, dest, r))
			return false;
		check_fail(r, "ping", node);
		return check_seen(r, _("ping from '%s' to %s: %s"), node, dest, err_strerror(err));
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000 + 2000;
	next_send = deadline - 1500;
	for (;;) {
		struct pollfd pfd = { so.fd, POLLIN, 0 };
		uint64_t now;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
		if (now >= deadline)
			break;
		if (now >= next_send && seq < 4) {
			send_echo(so.fd, so.family, id, ++seq, &sa, salen);
			next_send += 500;
		}
		uint64_t until = seq < 4 && next_send < deadline ? next_send : deadline;
		if (poll(&pfd, 1, (int)(until > now ? until - now : 0)) <= 0)
			continue;
		ssize_t n = recv(so.fd, buf, sizeof buf, 0);
		if (n <= 0)
			continue;
		if (so.family == AF_INET) {
			const struct iphdr *ip = (const struct iphdr *)buf;
			size_t hl = (size_t)ip->ihl * 4;
			if ((size_t)n < hl + sizeof(struct icmphdr))
				continue;
			const struct icmphdr *h = (const struct icmphdr *)(buf + hl);
			if (h->type == ICMP_ECHOREPLY && ntohs(h->un.echo.id) == id)
				goto answered;
		} else {
			const struct icmp6_hdr *h = (const struct icmp6_hdr *)buf;
			if ((size_t)n >= sizeof *h && h->icmp6_type == ICMP6_ECHO_REPLY &&
			    ntohs(h->icmp6_id) == id)
				goto answered;
		}
	}
	close(so.fd);
	if (ping_why(node, dest, r))
		return false;
	check_fail(r, "ping", node);
	return check_seen(r, _("a ping from '%s' to %s got no answer within 2 s"), node, dest);
answered:
	close(so.fd);
	check_seen(r, _("'%s' reaches %s"), node, dest);
	return true;
}

const struct check_verb check_verb_ping = {
	.name = "ping",
	.form = N_("ping N DEST"),
	.min_args = 2, .max_args = 2,
	.slow = true,
	.names = "link route forward",
	.parse = parse_ping,
	.eval = eval_ping,
};

static int parse_bridge(struct check *c, struct err *e)
{
	struct err ce = ERR_INIT;	/* the validators' message is not the check's */
	if (check_need_ifnode(c, c->argv[0], e) < 0)
		return -1;
	for (int i = 1; i < c->argc; i++)
		if (net_ifname_valid(c->argv[i], &ce) < 0) {
			err_set(e, _("check '%s': '%s' is not an interface name"), c->text, c->argv[i]);
			return check_form_hint(e, c);
		}
	return 0;
}

/* bridge BR@N [IF...]: the bridge exists and those interfaces of N are
 * its ports. */
static bool eval_bridge(const struct check *c, struct check_result *r)
{
	struct err ce = ERR_INIT;	/* the validators' message is not the check's */
	char br[IFNAMSIZ], node[NET_NODE_MAX];
	const struct net_link *l;

	net_split_ifnode(c->argv[0], br, node, &ce);
	net_refresh(node);
	l = world_net_link(node, br);
	if (!l) {
		check_fail(r, "bridge", c->argv[0]);
		return check_seen(r, _("there is no interface '%s' in '%s'"), br, node);
	}
	if (strcmp(l->kind, "bridge")) {
		check_fail(r, "bridge", c->argv[0]);
		return check_seen(r, _("'%s' is of kind '%s', not '%s'"), c->argv[0],
			    l->kind[0] ? l->kind : "device", "bridge");
	}
	for (int i = 1; i < c->argc; i++) {
		const struct net_link *p = world_net_link(node, c->argv[i]);
		if (!p) {
			check_fail(r, c->argv[i], NULL);
			return check_seen(r, _("there is no interface '%s' in '%s'"), c->argv[i], node);
		}
		if (strcmp(p->master_name, br)) {
			check_fail(r, c->argv[i], NULL);
			if (!p->master)
				return check_seen(r, _("'%s' is not a port of any bridge"), c->argv[i]);
			return check_seen(r, _("'%s' is a port of '%s', not of '%s'"), c->argv[i],
				    p->master_name, br);
		}
	}
	check_seen(r, _("bridge '%s' with those ports"), c->argv[0]);
	return true;
}

const struct check_verb check_verb_bridge = {
	.name = "bridge",
	.form = N_("bridge BR@N [IF...]"),
	.min_args = 1, .max_args = -1,
	.parse = parse_bridge,
	.eval = eval_bridge,
};
