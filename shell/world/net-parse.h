/* net-parse.h: applying one rtnetlink message to a namespace's view.
 *
 * The same parser serves the dumps and the events: each message inserts,
 * replaces or removes one link, address or route (or changes the
 * forwarding flag) of one struct net_ns. Pure code, unit-tested on
 * canned messages; world/net.c owns the sockets and the clock.
 */
#ifndef AISLA_WORLD_NET_PARSE_H
#define AISLA_WORLD_NET_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/netlink.h>
#include "net.h"

/* One namespace's view and what filling it needs. Zero it to start. */
struct net_store {
	struct net_ns ns;		/* the public view (links by index) */
	int cap_links, cap_addrs, cap_routes;
	bool routes_dirty;		/* a link went up/down or an address
					 * went: IPv4 routes may have gone
					 * without an event; dump them again */
	bool peers_dirty;		/* links changed: veth peers to resolve */
	unsigned what;			/* internal: WORLD_* bits of this message */
	uint64_t now;			/* internal: the time of this message */
};

/* Apply one message (RTM_NEW/DEL LINK, ADDR, ROUTE; RTM_NEWNETCONF; any
 * other is ignored) received at now (ms; the changed_ms stamps). Returns
 * the WORLD_* bits it changed, 0 when nothing did. A bridge port's
 * AF_BRIDGE copy of a link message, routes outside the main table and
 * cloned routes are ignored. */
unsigned net_parse_msg(struct net_store *s, struct nlmsghdr *h, uint64_t now);
/* Free the view's arrays and zero s. */
void net_store_release(struct net_store *s);

#endif
