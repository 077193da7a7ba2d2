/* show.h: the world model as text, for `status` and the `list`
 * subcommands (the model does not print; these read it and print with
 * out_printf). NODE NULL: every namespace. */
#ifndef AISLA_SHOW_H
#define AISLA_SHOW_H

/* show-net.c */
void show_links(const char *node);
void show_addrs(const char *node);
void show_routes(const char *node);
void show_bridges(const char *node);
void show_net_status(void);

/* show-procs.c */
void show_procs_status(void);

#endif
