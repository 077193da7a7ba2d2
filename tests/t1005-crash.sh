#!/usr/bin/env bash
# aisla killed with SIGKILL while it creates a node (after the holder exists,
# before the journal says so; and after everything, before returning): the
# next `aisla reset -y` finds and removes everything. Nodes also outlive a
# normal exit, and reset removes them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ns.sh"
need_root
need_cmd ip

a=$(rname a)
b=$(rname b)
c=$(rname c)
defer "$AISLA_BIN" -c "node del $a"
defer "$AISLA_BIN" -c "node del $b"
defer "$AISLA_BIN" -c "node del $c"
before=$(ns_snap "$a" "$b" "$c")
zz=$((100000 + RANDOM))

# wait until FILE exists (at most 5 s)
wait_for() { local i; for i in $(seq 50); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }

# 1. killed between the holder's start and the journal's "done"
AISLA_TEST_STALL=node-holder "$AISLA_BIN" -c "unshare -n -p $a -- sleep $zz" >/dev/null 2>&1 &
pid=$!
ok "the holder's state appears" wait_for "$AISLA_RUN_DIR/nodes/$a"
sleep 0.2
kill -9 "$pid"; wait "$pid" 2>/dev/null
ha=$(holder_of "$a")
like "a holder was running when aisla died" "$ha" '^[0-9]+$'
is "the holder survived aisla's death" "$(ps -o comm= -p "$ha")" "aisla-init"
like "the journal has the unconfirmed intent" "$(grep " intent node $a " "$AISLA_RUN_DIR/journal")" "intent node $a"

# 2. killed after everything was made (netns bind mounted, CMD started)
AISLA_TEST_STALL=node-done "$AISLA_BIN" -c "unshare -n -p -u --hostname x $b" >/dev/null 2>&1 &
pid=$!
ok "the second node's state appears" wait_for "$AISLA_RUN_DIR/nodes/$b"
for i in $(seq 50); do [ -e "/run/netns/$b" ] && break; sleep 0.1; done
sleep 0.2
kill -9 "$pid"; wait "$pid" 2>/dev/null
hb=$(holder_of "$b")
like "its netns is in ip netns list" "$(ip netns list)" "^$b( |$)"

# 3. a node made normally, then aisla exits: the node stays
out=$(aisla -c "unshare -n $c -- sleep $zz" 2>&1); rc=$?
is "a normal node is made" "$rc" 0
hc=$(holder_of "$c")
sleep 0.3
is "after aisla exits, the node's holder is alive" "$(ps -o comm= -p "$hc")" "aisla-holder"
like "... and its netns is listed by ip" "$(ip netns list)" "^$c( |$)"
incn=$(pids_in_ns net "$hc" | wc -l)
ok "... and the node's CMD is still running inside" test "$incn" -ge 2

# a new aisla sees all three
out=$(aisla -c "node list" 2>&1)
like "node list after the crash shows the first node" "$out" "^$a "
like "... the second" "$out" "^$b "
like "... the third" "$out" "^$c "

out=$(aisla reset -y 2>&1); rc=$?
is "aisla reset -y exits 0" "$rc" 0
sleep 0.3
for h in "$ha" "$hb" "$hc"; do
	st=$(awk '/^State:/ {print $2}' /proc/$h/status 2>/dev/null)
	ok "holder $h is gone" test -z "$st" -o "$st" = Z
done
is "no process left in the nodes' namespaces" "$(pgrep -fx "sleep $zz" | wc -l)" 0
is "nothing left behind (netns, mounts, holders)" "$(ns_snap "$a" "$b" "$c")" "$before"
is "no state left" "$(ls -A "$AISLA_RUN_DIR/nodes" 2>/dev/null | wc -l)" 0
out=$(aisla reset -y 2>&1)
like "a second reset has nothing to do" "$out" 'vacío|empty|Nada|Nothing'
done_testing
