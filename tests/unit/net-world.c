/* tests/unit/net-world.c: the network model is kept current by events.
 * A namespace made with `ip netns add` and a veth made with `ip` (outside
 * aisla) reach the model through inotify and rtnetlink events while only
 * the event loop runs: no query, no rescan. Also: CIDR parsing and
 * interface name rules (shell/kernel/valid.c). Skips when not root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "tap.h"
#include "../../shell/loop.h"
#include "../../shell/world/world.h"
#include "../../shell/world/net.h"
#include "../../commands/net.h"
#include "../../shell/complete.h"

static unsigned seen;
static void watch(unsigned what, void *arg)
{
	(void)arg;
	seen |= what;
}

/* The model's entry for name, without any sync (world_net_ns would
 * drain the sockets itself). */
static const struct net_ns *peek(const char *name)
{
	for (int i = 0; world_net_ns_at(i); i++)
		if (!strcmp(world_net_ns_at(i)->name, name))
			return world_net_ns_at(i);
	return NULL;
}

static void spin(int ms, const char *ns, const char *ifname)
{
	uint64_t end = loop_now_ms() + (uint64_t)ms;
	while (loop_now_ms() < end) {
		loop_once(50);
		const struct net_ns *n = peek(ns);
		if (ifname && n && net_ns_link(n, ifname))
			return;
		if (!ifname && n)
			return;
	}
}

static int sh(const char *fmt, const char *a, const char *b, const char *c)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, fmt, a, b, c);
	return system(cmd);
}

int main(void)
{
	struct err e = ERR_INIT;
	struct net_cidr c;

	/* Pure parsing first (no root needed). */
	ok(net_parse_cidr("10.0.0.1/24", &c, &e) == 0 && c.family == AF_INET && c.prefix == 24,
	   "10.0.0.1/24 parses");
	ok(net_parse_cidr("fd00::1/64", &c, &e) == 0 && c.family == AF_INET6 && c.prefix == 64,
	   "fd00::1/64 parses");
	ok(net_parse_cidr("10.0.0.1", &c, &e) == 0 && c.prefix == 32 && !c.has_prefix,
	   "a bare address is /32");
	ok(net_parse_cidr("10.0.0.1/33", &c, &e) < 0, "/33 refused");
	ok(net_parse_cidr("10.0.0/24", &c, &e) < 0, "10.0.0/24 refused");
	ok(net_parse_cidr("10.0.0.1/", &c, &e) < 0, "empty prefix refused");
	ok(net_parse_cidr("hola", &c, &e) < 0, "a word refused");
	net_parse_cidr("10.1.2.3/16", &c, &e);
	net_cidr_network(&c);
	is_str(c.text, "10.1.0.0/16", "network of 10.1.2.3/16");
	ok(net_ifname_valid("v-rojo", &e) == 0, "v-rojo is a valid name");
	ok(net_ifname_valid("0123456789abcdef", &e) < 0, "16 bytes refused (IFNAMSIZ)");
	ok(net_ifname_valid("a/b", &e) < 0, "'/' refused");
	ok(net_ifname_valid("a b", &e) < 0, "space refused");
	ok(net_ifname_valid("..", &e) < 0, "'..' refused");

	if (geteuid() != 0 || (access("/usr/sbin/ip", X_OK) != 0 && access("/sbin/ip", X_OK) != 0)) {
		printf("# SKIP live part: needs root and ip\n");
		return done_testing();
	}
	char ns[32], v1[16], v2[16];
	snprintf(ns, sizeof ns, "tu%d", (int)getpid());
	snprintf(v1, sizeof v1, "ua%d", (int)getpid());
	snprintf(v2, sizeof v2, "ub%d", (int)getpid());

	ok(loop_init() == 0, "loop");
	world_watch(watch, NULL);
	ok(world_net_init(true, &e) == 0, "world_net_init(live)");
	ok(peek("host") != NULL, "the host is in the model");
	ok(peek(ns) == NULL, "the test namespace is not there yet");

	seen = 0;
	sh("ip netns add %s", ns, NULL, NULL);
	spin(3000, ns, NULL);
	ok(peek(ns) != NULL, "a netns made by ip netns add appears (inotify)");
	ok(seen & WORLD_NETNS, "world_changed(WORLD_NETNS) was called");
	ok(peek(ns) && peek(ns)->foreign, "it is marked as made outside aisla");

	seen = 0;
	sh("ip -n %s link add %s type veth peer name %s", ns, v1, v2);
	spin(3000, ns, v1);
	const struct net_ns *n = peek(ns);
	const struct net_link *l = n ? net_ns_link(n, v1) : NULL;
	ok(l != NULL, "a veth made with ip appears through events");
	ok(seen & WORLD_LINKS, "world_changed(WORLD_LINKS)");
	is_str(l ? l->kind : NULL, "veth", "its kind");
	ok(l && !l->up, "it is down");
	is_str(l ? l->peer : NULL, v2, "its peer (same namespace)");

	/* Completion: IF@NODE of the veth, from the model. */
	net_init();
	char word[64], line[64];
	snprintf(word, sizeof word, "%.4s", v1);
	char **cands = complete_words("link set ", word);
	char want[64];
	snprintf(want, sizeof want, "%s@%s", v1, ns);
	int found = 0;
	for (char **cp = cands; cp && *cp; cp++) {
		found |= !strcmp(*cp, want);
		free(*cp);
	}
	free(cands);
	ok(found, "completion offers %s", want);
	(void)line;

	sh("ip -n %s link set %s up", ns, v1, NULL);
	sh("ip -n %s link set %s up", ns, v2, NULL);
	sh("ip -n %s addr add 10.77.0.1/24 dev %s", ns, v1, NULL);
	uint64_t end = loop_now_ms() + 3000;
	while (loop_now_ms() < end && !(peek(ns) && peek(ns)->naddrs && peek(ns)->nroutes))
		loop_once(50);
	n = peek(ns);
	l = n ? net_ns_link(n, v1) : NULL;
	ok(l && l->up, "up, through events");
	ok(world_net_has_addr(ns, v1, "10.77.0.1/24"), "the address, through events");
	ok(world_net_has_route(ns, "10.77.0.0/24", NULL, v1), "the connected route");

	seen = 0;
	sh("ip -n %s link del %s", ns, v1, NULL);
	end = loop_now_ms() + 3000;
	while (loop_now_ms() < end && peek(ns) && (net_ns_link(peek(ns), v1) || net_ns_link(peek(ns), v2)))
		loop_once(50);
	ok(peek(ns) && !net_ns_link(peek(ns), v1) && !net_ns_link(peek(ns), v2),
	   "deleting the veth removes both ends from the model");
	ok(!world_net_has_route(ns, "10.77.0.0/24", NULL, NULL), "and the route with it");

	sh("ip netns del %s", ns, NULL, NULL);
	end = loop_now_ms() + 3000;
	while (loop_now_ms() < end && peek(ns))
		loop_once(50);
	ok(peek(ns) == NULL, "ip netns del removes the namespace from the model");
	world_net_free();
	loop_free();
	return done_testing();
}
