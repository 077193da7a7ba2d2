/* kernel/targets.c: "PID" or "NODE" -> processes (see targets.h). */
#include <errno.h>
#include <stdlib.h>
#include "targets.h"
#include "nodes.h"
#include "../i18n.h"

int target_pids(const char *word, pid_t **pids, size_t *n, char *node, size_t nsz,
		struct err *e)
{
	pid_t pid = 0;

	*pids = NULL;
	*n = 0;
	if (node_or_pid(word, node, nsz, &pid, e) < 0)
		return -1;
	if (!node[0]) {
		*pids = malloc(sizeof **pids);
		if (!*pids)
			return err_errno(e, ENOMEM, _("out of memory"));
		(*pids)[0] = pid;
		*n = 1;
		return 0;
	}
	if (node_pids(node, pids, n, e) < 0) {
		free(*pids);
		*pids = NULL;
		return -1;
	}
	if (*n == 0) {
		free(*pids);
		*pids = NULL;
		err_set(e, _("the node '%s' has no processes"), node);
		return err_hint(e, _("a node made with 'netns add' has none: start one with "
				     "'exec %s CMD' or make the node with 'unshare -n -p %s'"),
				node, node);
	}
	return 0;
}
