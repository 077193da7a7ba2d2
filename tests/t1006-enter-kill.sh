#!/usr/bin/env bash
# nsenter NODE|PID [-n...] -- CMD, exec PID CMD, kill NODE|PID [-s SIG],
# background CMD output prefixed [NODE] with its exit reported.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ns.sh"
need_root
need_cmd ip

k=$(rname k)
kb=$(rname b)
defer "$AISLA_BIN" -c "node del $k"
before=$(ns_snap "$k")
zz=$((200000 + RANDOM))

aisla -c "unshare -n -p -u --hostname en-$k $k -- sleep $zz" >/dev/null 2>&1
h=$(holder_of "$k")
like "node made" "$h" '^[0-9]+$'

out=$(aisla -c "nsenter $k -- hostname" 2>&1); rc=$?
is "nsenter NODE -- CMD exits 0" "$rc" 0
is "nsenter enters all namespaces (uts)" "$(printf '%s\n' "$out" | head -n 1)" "en-$k"
like "explained with nsenter --target PID --all (the console shows the pid)" "$out" "≈ nsenter --target $h --all"
unlike "no internal variable in the console's explanation" "$out" 'HOLDER_'
out=$(aisla -c "nsenter $k -n -- hostname" 2>&1)
is "nsenter -n enters only the netns (host's name)" "$(printf '%s\n' "$out" | head -n 1)" "$(hostname)"
like "explained with --net only" "$out" "≈ nsenter --target $h --net hostname"
out=$(aisla -c "nsenter $k -n -- ip -o link" 2>&1)
is "nsenter -n sees the node's lo only" "$(printf '%s\n' "$out" | grep -c '^[0-9]*: ')" 1
out=$(aisla -c "nsenter $h -p -m -- sh -c 'echo \$\$'" 2>&1)
like "nsenter PID -p: a new process gets a pid inside" "$(printf '%s\n' "$out" | head -n 1)" '^[0-9]$'

out=$(aisla -c "exec $h hostname" 2>&1); rc=$?
is "exec PID CMD exits 0" "$rc" 0
is "exec PID enters that process's namespaces" "$(printf '%s\n' "$out" | head -n 1)" "[$h] en-$k"
out=$(AISLA_TEST_NO_PIDFD=1 aisla -c "exec $k sh -c 'hostname; echo \$\$'" 2>&1)
is "without pidfd (per-namespace fds): same namespaces" "$(printf '%s\n' "$out" | head -n 1)" "[$k] en-$k"
like "... and a pid inside the node" "$(printf '%s\n' "$out" | sed -n 2p)" "^\[$k\] [0-9]+$"
err=$(aisla -c "exec $k false" 2>&1); rc=$?
is "a failing command inside fails exec" "$rc" 1
like "... and says how it ended" "$err" "false"

# the background command reports its output and its exit
out=$(aisla -c "unshare -n $kb -- sh -c 'echo hola; exit 3'; exec host sleep 0.5" 2>&1)
defer "$AISLA_BIN" -c "node del $kb"
like "output prefixed with [NODE]" "$out" "\[$kb\] hola"
like "its exit is reported" "$out" "\[$kb\].*3"
aisla -c "node del $kb" >/dev/null 2>&1

# kill
sp=$(pgrep -fx "sleep $zz")
like "the node's CMD runs" "$sp" '^[0-9]+$'
out=$(aisla -c "kill $sp -s STOP" 2>&1); rc=$?
is "kill PID -s STOP exits 0" "$rc" 0
sleep 0.2
is "the process is stopped" "$(awk '/^State:/ {print $2}' /proc/$sp/status)" "T"
like "explained with kill -s" "$out" "≈ kill -s STOP $sp"
aisla -c "kill $sp -s CONT" >/dev/null 2>&1
out=$(aisla -c "kill $k -s 9" 2>&1); rc=$?
is "kill NODE -s 9 exits 0" "$rc" 0
like "says how many got it" "$out" "SIGKILL.* [0-9]+ "
sleep 0.3
is "the node's process died" "$(pgrep -fx "sleep $zz" | wc -l)" 0
is "the holder stays" "$(ps -o comm= -p "$h")" "aisla-init"
err=$(aisla -c "kill $k -s NOPE" 2>&1); rc=$?
is "an unknown signal is refused" "$rc" 1
like "... with the names to use" "$err" "TERM"
err=$(aisla -c "kill host" 2>&1); rc=$?
is "kill host is refused" "$rc" 1

aisla -c "node del $k" >/dev/null 2>&1
is "nothing left behind" "$(ns_snap "$k" "$kb")" "$before"
done_testing
