/* balance.h: the round-robin balancer (`balance`) and the network
 * questions nat and balance share.
 *
 * A balancer is one nftables table of aisla's in the balancing node,
 * "aisla_lb_VIP_PORT" (dots as '_'), with three nat chains: prerouting and
 * output DNAT the virtual address to one backend chosen by
 * `numgen inc mod N map { 0 : ADDR . PORT, ... }` (the next connection,
 * the next backend), and postrouting masquerades what was balanced, so the
 * backends answer through the balancer whatever their routes.
 *
 * The map holds the live backends only. A backend is live when its
 * address is on an interface that is up (with carrier) in some node, and
 * that node's command, if aisla started one, is running. The map is
 * rewritten (one nft transaction) when that changes, on events: after
 * every command, when a node's command exits or is restarted (restart.h),
 * and on the world model's link/address/namespace events when it is live
 * (the interactive shell and `aisla watch`). Nothing polls. When no aisla
 * runs, the map stays as it was last written.
 */
#ifndef AISLA_BALANCE_H
#define AISLA_BALANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>
#include "../shell/err.h"

#define BALANCE_MAX_BACKENDS 10

/* The IPv4 networks of NODE's global addresses ("10.0.1.0/24"), at most
 * max; returns how many. */
int rt_node_nets(const char *node, char nets[][24], int max);
/* Does NODE have an IPv4 route (a connected one, or via a gateway, or the
 * default) that covers addr? */
bool rt_reaches(const char *node, const struct in_addr *addr);
/* The same, the default route included. */
bool rt_covers_any(const char *node, const struct in_addr *addr);
/* Which node has addr on one of its interfaces ("" if none); *up: that
 * interface is up with carrier. */
bool rt_addr_owner(const struct in_addr *addr, char *node, size_t nsz, bool *up);

struct jrec;
/* The live backends of a balancer's record (its backends= key): "A:P,B:P". */
void balance_live(const struct jrec *r, char *out, size_t sz);
/* The DNAT rules ("%T" for the table) for a live list; returns how many
 * backends, -1 if too long. */
int balance_rules(const char *vip, const char *port, const char *live, char *out, size_t sz);
/* Remember what this process wrote for balancer seq. */
void balance_wrote(unsigned long seq, const char *live);

/* Rewrite the maps of every balancer whose live backends changed (also
 * called through the hooks below). */
void balance_refresh(void);
/* Start following events in this process (the world's link/address
 * events when it is live); done by `balance` and, once per process, by
 * the after-command hook when the journal holds a balancer. */
void balance_hooks_init(void);
/* A node's command ended or started again (restart.c calls this). */
void balance_node_event(const char *node);
/* The after-command hook (commands/cmd-table.c's cmd_hooks[]). */
struct cmd_ctx;
struct args;
void balance_after_command(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
			   int nexplain);

#endif
