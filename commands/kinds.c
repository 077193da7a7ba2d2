/* kinds.c: the explicit table of journal kinds. Each area lists its own
 * kinds in an array defined in its own file. */
#include <stddef.h>
#include "../shell/journal.h"
#include "teardown.h"

extern const struct journal_kind journal_kind_dir;	/* shell/journal.c: tests */
extern const struct journal_kind *const ns_kinds[];	/* commands/node-undo.c */
extern const struct journal_kind *const net_kinds[];	/* commands/net-kinds.c */
extern const struct journal_kind *const cg_kinds[];	/* commands/cgroup.c */
extern const struct journal_kind nft_kind;		/* commands/nft.c */
extern const struct journal_kind *const img_kinds[];	/* commands/image-overlay.c */
extern const struct journal_kind bundle_kind;		/* commands/bundle.c */

static const struct journal_kind *const shell_kinds[] = { &journal_kind_dir, NULL };
static const struct journal_kind *const runtime_kinds[] = { &nft_kind, &bundle_kind, NULL };

const struct journal_kind *const *const journal_kind_areas[] = {
	shell_kinds, ns_kinds, net_kinds, cg_kinds, runtime_kinds, img_kinds, NULL,
};

/* Reset's phases, in order (teardown.h): processes, namespaces, links. */
const struct journal_phase *const journal_phases[] = {
	&teardown_phase_kill, &teardown_phase_netns, &teardown_phase_links, NULL,
};
