#!/usr/bin/env bash
# Interactive foreground children: `unshare -n -p` without NODE gives the
# terminal to a shell that is PID 1 of a new PID namespace with only lo, and
# takes it back on exit; `nsenter NODE` gives a shell inside the node.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ns.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

c=$(rname c)
defer "$AISLA_BIN" -c "node del $c"
before=$(ns_snap "$c")
export SHELL=/bin/sh
tui_start 120x40 --plain
ok "prompt up" wait_for 'aisla'
type "unshare -n -p"
ok "a shell answers" wait_for '^# *$' 10
type 'echo PID-$$-FIN LINKS-$(ip -o link | wc -l)-FIN'
ok "the shell is PID 1 of its new PID namespace" wait_for 'PID-1-FIN'
ok "its netns has only lo" wait_for 'LINKS-1-FIN'
type 'exit'
type 'explain off'
type 'explain'
ok "the prompt is back after exit" wait_for 'explain está desactivado'
unlike "the shell gave the terminal back cleanly" "$(screen)" 'Cannot set tty|process group'


type "unshare -n -p -u --hostname in-$c $c"
ok "a node is made interactively" until_ok 5 test -e "$AISLA_RUN_DIR/nodes/$c"
type "nsenter $c"
wait_for '^# *$' 10
type 'echo HOST-$(hostname)-PID-$$'
ok "nsenter NODE gives a shell inside the node" wait_for "HOST-in-$c-PID-[0-9]+"
type 'exit'
type "node del $c"
ok "the node is removed" until_ok 5 test ! -e "$AISLA_RUN_DIR/nodes/$c"
is "nothing left behind" "$(ns_snap "$c")" "$before"
done_testing
