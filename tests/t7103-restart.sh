#!/usr/bin/env bash
# t7103: `restart NODE always|on-failure|no [--max N]`: a killed command comes
# back within the back-off and the count grows (in the output, in
# `restart NODE`, and in the state file other aisla processes read); a
# command that keeps failing stops at --max; on-failure leaves a clean exit
# alone; restart on a node with no command is a clear error. One aisla
# session (a script): the policy lives in aisla's event loop. The command's
# process is found by a random token in its command line and checked in
# /proc (a new pid each time, in the node's PID namespace).
. "$(dirname "$0")/lib.sh"
need_root
need_cmd pgrep

a=$(rname a) b=$(rname b) c=$(rname c) d=$(rname d)
for n in "$a" "$b" "$c" "$d"; do defer ip netns del "$n"; done
tmp=$(mktemp -d /tmp/aisla-t7103.XXXXXX); defer rm -rf "$tmp"
tok=$((RANDOM * 1000 + 7103))
cat >"$tmp/script" <<EOS
unshare -p -n $a -- sleep $tok
restart $a always
!pgrep -fx 'sleep $tok' >$tmp/pid1; kill -9 \$(cat $tmp/pid1)
!sleep 0.6; pgrep -fx 'sleep $tok' >$tmp/pid2
!kill -9 \$(cat $tmp/pid2); sleep 0.9; pgrep -fx 'sleep $tok' >$tmp/pid3
!cat $AISLA_RUN_DIR/restart/$a >$tmp/state; readlink /proc/\$(cat $tmp/pid3)/ns/pid >$tmp/nspid
restart $a
unshare -p $b -- sh -c 'echo run >>$tmp/runs; exit 3'
restart $b on-failure --max 2
!sleep 1.2
restart $b
unshare -p $c -- sh -c 'echo run >>$tmp/clean; sleep 0.2; exit 0'
restart $c on-failure
!sleep 0.8
restart $a no
!kill -9 \$(pgrep -fx 'sleep $tok'); sleep 0.5; pgrep -fx 'sleep $tok' >$tmp/pid4 || true
unshare -p $d -- sleep $((tok + 1))
restart $d always
node del $d
!sleep 0.6
EOS
out=$(aisla "$tmp/script" 2>&1)
is "the session runs" "$?" 0
diag "$out"
p1=$(cat "$tmp/pid1") p2=$(cat "$tmp/pid2") p3=$(cat "$tmp/pid3")
like "the first command ran" "$p1" '^[0-9]+$'
like "killed, it came back within the first back-off (200 ms)" "$p2" '^[0-9]+$'
[ "$p1" != "$p2" ]; is "as a new process" "$?" 0
like "killed again, back within the second back-off (400 ms)" "$p3" '^[0-9]+$'
like "the back-off grows" "$out" "400 ms"
like "the state file other aisla processes read" "$(cat "$tmp/state" 2>/dev/null)" '^always 0 2 '
nspid=$(cat "$tmp/nspid")
like "the restarted command runs in the node's PID namespace" "$nspid" '^pid:'
[ "$nspid" != "$(readlink /proc/self/ns/pid)" ]; is "(not the host's)" "$?" 0
like "restart NODE shows the count" "$out" "$a: .*always.*: 2 "
like "the restart is said" "$out" "\[$a\] .*(restarted|reiniciada).*2"
is "a failing command: 1 run + 2 restarts (--max 2)" "$(wc -l <"$tmp/runs")" 3
like "the limit is said" "$out" "\[$b\] .*(limit|límite).* 2"
is "on-failure: a clean exit is not restarted" "$(wc -l <"$tmp/clean")" 1
is "restart no: a killed command stays dead" "$(cat "$tmp/pid4" 2>/dev/null)" ""

unlike "a node deleted with its policy on: no restart is tried" "$out" "(could not start the command|no se pudo volver a arrancar)"
like "(the deleted node's command did end)" "$out" "\[$d\] .*(SIGKILL|SIGTERM|signal|señal)"
err=$(aisla -c "netns add $d; restart $d always" 2>&1)
is "restart on a node with no command: exit 1" "$?" 1
like "restart on a node with no command: says so" "$err" "$d.*(no tiene|has no)"
like "restart on a node with no command: a hint" "$err" "pista: .*unshare"
err=$(aisla -c "restart $d sometimes" 2>&1)
is "a bad policy: exit 1" "$?" 1
like "a bad policy: lists the good ones" "$err" "always.*on-failure.*no"
nok "--max 0 is refused" aisla -c "restart $d always --max 0"
nok "unknown node" aisla -c "restart $(rname z) always"
ok "reset" aisla reset -y
is "no command left" "$(pgrep -fxc "sleep $tok")" 0
done_testing
