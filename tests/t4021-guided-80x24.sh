#!/usr/bin/env bash
# Every lesson replayed in guided mode through the real panes at 80x24,
# where the lesson view gives the console most of the screen (issue 15):
# each step passes, its key output is on screen when it does and the next
# step waits for Enter.
. "$(dirname "$0")/lib-guided.sh"
guided_all 80x24 ${GUIDED_LESSONS:-}
