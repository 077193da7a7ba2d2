#!/usr/bin/env bash
# unshare -p -m NODE: a holder is PID 1 of the new PID namespace; exec NODE ps
# sees PID 1 and only the node's processes, while the host sees the same
# processes with other pids. node del / reset leave nothing behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ns.sh"
need_root
need_cmd ip

c=$(rname c)
defer "$AISLA_BIN" -c "node del $c"
before=$(ns_snap "$c")

out=$(aisla -c "unshare -p -m -n $c -- sleep 1000" 2>&1); rc=$?
is "unshare NODE exits 0" "$rc" 0
like "says the holder is PID 1 inside" "$out" "PID 1"
like "explains it with unshare(1)" "$out" "≈ unshare --net --pid --fork --mount-proc"
like "and the bind mount" "$out" "≈ mount --bind /proc/.*/ns/net /run/netns/$c"
h=$(holder_of "$c")
like "the node has a holder" "$h" '^[0-9]+$'
is "the holder outlives aisla" "$(ps -o comm= -p "$h")" "aisla-init"
is "the holder is PID 1 inside (NSpid)" "$(awk '/^NSpid:/ {print $NF}' /proc/$h/status)" "1"
like "the netns appears in ip netns list" "$(ip netns list)" "^$c( |$)"
is "the node's netns has only lo" "$(ip -n "$c" -o link | awk -F': ' '{print $2}')" "lo"

# the background command runs inside the node
sleep 0.3
sp=$(pids_in_ns pid "$h" | while read -r p; do [ "$(cat /proc/$p/comm)" = sleep ] && echo "$p"; done)
like "the CMD runs in the node's PID namespace" "$sp" '^[0-9]+$'
is "the CMD is PID 2 inside" "$(awk '/^NSpid:/ {print $NF}' /proc/$sp/status)" "2"

out=$(aisla -c "exec $c ps -e -o pid=,comm=" 2>&1)
like "exec NODE ps shows PID 1, the holder" "$out" '^\['"$c"'\] +1 aisla-init'
like "... and the CMD" "$out" "sleep"
nlines=$(printf '%s\n' "$out" | grep -c "^\[$c\]")
is "... and nothing of the host (holder, sleep, ps)" "$nlines" 3
unlike "... no host process such as the test shell" "$out" 'bash'
hostsees=$(pids_in_ns pid "$h" | sort -n | tr '\n' ' ')
like "the host sees the node's processes with other pids" "$hostsees" "^$h "

out=$(aisla -c "ps $c" 2>&1)
like "ps NODE shows the holder with its inside pid" "$out" "$h +1 +$c\("
like "ps NODE names the namespaces by node" "$out" "$c\(net,pid,mnt\)"
out=$(aisla -c "node list" 2>&1)
like "node list: namespaces and holder" "$out" "^$c +net,pid,mnt +$h "

# kill NODE spares the holder
aisla -c "kill $c" >/dev/null 2>&1
sleep 0.3
is "kill NODE ended the CMD" "$(pids_in_ns pid "$h" | wc -l)" 1
is "kill NODE spared the holder" "$(ps -o comm= -p "$h")" "aisla-init"

out=$(aisla -c "node del $c" 2>&1); rc=$?
is "node del exits 0" "$rc" 0
sleep 0.2
ok "the holder is gone" test ! -e "/proc/$h/status" -o "$(awk '/^State:/ {print $2}' /proc/$h/status 2>/dev/null)" = Z
is "nothing left behind" "$(ns_snap "$c")" "$before"
done_testing
