/* node.c: nodes (stub: the namespaces engineer replaces it). Only the
 * netns lookup works: /run/netns/NAME or "host". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "node.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/run.h"

const struct journal_kind *const ns_kinds[] = { NULL };

int node_name_valid(const char *name, struct err *e)
{
	size_t n = strlen(name);
	if (n == 0 || n > NODE_NAME_MAX || name[0] == '-' || name[0] == '.')
		return err_set(e, _("invalid node name '%s'"), name);
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", name[i]))
			return err_set(e, _("invalid node name '%s'"), name);
	return 0;
}

bool node_exists(const char *name)
{
	char p[64];
	if (!strcmp(name, "host"))
		return true;
	snprintf(p, sizeof p, "/run/netns/%s", name);
	return access(p, F_OK) == 0;
}

int node_netns_fd(const char *name, int *fd, struct err *e)
{
	char p[64];
	if (!strcmp(name, "host"))
		snprintf(p, sizeof p, "/proc/self/ns/net");
	else
		snprintf(p, sizeof p, "/run/netns/%s", name);
	*fd = open(p, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return err_errno(e, errno, _("node '%s' does not exist"), name);
	return 0;
}

int node_holder(const char *name, pid_t *pid, struct err *e)
{
	(void)name; (void)e;
	*pid = 0;
	return 0;
}

int node_pids(const char *name, pid_t **pids, size_t *n, struct err *e)
{
	(void)name; (void)e;
	*pids = NULL;
	*n = 0;
	return 0;
}

void node_foreach(void (*fn)(const char *name, void *arg), void *arg)
{
	(void)fn; (void)arg;
}

int node_or_pid(const char *word, char *node_out, size_t nsz, pid_t *pid, struct err *e)
{
	(void)word; (void)node_out; (void)nsz; (void)pid;
	return err_set(e, _("'%s' is not implemented yet"), "node_or_pid");
}

int node_run(const char *node, const struct run_spec *spec, int *status, pid_t *pid,
	     struct err *e)
{
	(void)node; (void)spec; (void)status; (void)pid;
	return err_set(e, _("'%s' is not implemented yet"), "node_run");
}

void node_init(void)
{
}
