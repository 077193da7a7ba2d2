#!/usr/bin/env bash
# A reset from another terminal while a session is open on the same
# journal (issue 15, point 9): it names the session (pid, terminal) and
# asks, or refuses without a terminal; --force goes on; once the session
# is closed, reset works as before.
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

n=$(rname r)
defer ip netns del "$n"
tui_start 120x35
ok "a session with panes" wait_for ' Interfaces '
type "netns add $n"
ok "with a node" until_ok 5 test -e "/run/netns/$n"
pid=$(aisla_pid)
tty=$($S display -p -t t '#{pane_tty}')

# batch (no terminal): refuses, naming the session
out=$(aisla reset -y 2>&1 </dev/null); rc=$?
is "reset -y without a terminal refuses (exit 1)" "$rc" 1
like "  naming the session's pid" "$out" "pid $pid"
like "  and its terminal" "$out" "$tty"
like "  with a hint" "$out" "pista: .*--force"
ok "  and the node is still there" test -e "/run/netns/$n"

# a second terminal: asks, and 'n' changes nothing
$S new-window -d -t t: -n dos "env HOME=$HOME AISLA_RUN_DIR=$AISLA_RUN_DIR LANG=C.UTF-8 TERM=screen-256color $AISLA_BIN reset -y; echo FIN-\$?; sleep 30"
scr2() { $S capture-pane -p -t t:dos; }
ok "a reset in another terminal asks" until_ok 5 sh -c "$S capture-pane -p -t t:dos | grep -q 's/N'"
like "  naming the session" "$(scr2)" "pid $pid en $tty"
$S send-keys -t t:dos n Enter
ok "  'n': nothing done" until_ok 5 sh -c "$S capture-pane -p -t t:dos | grep -q 'FIN-1'"
ok "  the node is still there" test -e "/run/netns/$n"

# --force goes on
out=$(aisla reset --force 2>&1 </dev/null); rc=$?
is "reset --force goes on" "$rc" 0
ok "  and undoes the node" until_ok 3 sh -c "! test -e /run/netns/$n"

# the session closes: its announcement goes, reset needs nothing more
keys C-d
gone() { case $(ps -o stat= -p "$1") in ''|Z*) return 0 ;; esac; return 1; }	# (tmux may reap late)
ok "the session ends" until_ok 5 gone "$pid"
ok "its file is gone" sh -c "! ls $AISLA_RUN_DIR/sessions/$pid 2>/dev/null"
out=$(aisla -c "netns add $n" 2>&1; aisla reset -y 2>&1 </dev/null); rc=$?
is "with no session open, reset -y just works" "$rc" 0
unlike "  without a word about sessions" "$out" 'sesión'
done_testing
