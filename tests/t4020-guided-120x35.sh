#!/usr/bin/env bash
# Every lesson replayed in guided mode through the real panes at 120x35,
# as a student types it (issue 15): each step passes, its key output is
# on screen when it does, the next step waits for Enter, and no check
# process shows in the Procesos pane.
. "$(dirname "$0")/lib-guided.sh"
guided_all 120x35 ${GUIDED_LESSONS:-}
