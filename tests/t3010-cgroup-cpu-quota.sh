#!/usr/bin/env bash
# Effect of a CPU quota: a `load cpu` in a group with `cpu 20%` uses 15-25 %
# of one CPU over 3 s, measured from /proc/PID/stat (v1 and v2).
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

g=$(rname q)
ok "cgroup add + cpu 20%" aisla -c "explain off; cgroup add $g; cgroup set $g cpu 20%"
out=$(aisla -c "explain off; load cpu -g $g" 2>&1); rc=$?
is "load cpu -g $g" "$rc" 0
pid=$(head -n1 "$(cgdir cpu "$g")/cgroup.procs")
like "the prop is in the group" "$pid" '^[0-9]+$'
like "aisla reports its pid" "$out" "pid $pid"
[ -n "$pid" ] || done_testing
sleep 1
a=$(ticks "$pid"); sleep 3; b=$(ticks "$pid")
pct=$(( (b - a) * 100 / (3 * HZ) ))
diag "load cpu under cpu 20%: $pct % of one CPU"
ok "uses 15-25 % of a CPU ($pct %)" test "$pct" -ge 15 -a "$pct" -le 25
out=$(aisla -c "explain off; cgroup show $g" 2>&1)
like "cgroup show gives the limit" "$out" 'cpu +20%'
like "and a usage near 20 %" "$out" '(1[5-9]|2[0-5])[.,][0-9]%'

# Lifting the limit: the same prop now takes a whole CPU.
ok "cgroup set cpu max" aisla -c "explain off; cgroup set $g cpu max"
sleep 0.5
a=$(ticks "$pid"); sleep 2; b=$(ticks "$pid")
pct=$(( (b - a) * 100 / (2 * HZ) ))
diag "without a limit: $pct %"
# (Only "clearly more": on a busy machine a free loop gets its fair share.)
ok "without the limit it uses clearly more than 25 % ($pct %)" test "$pct" -gt 27

out=$(aisla -c 'reset -y' 2>&1)
nok "reset kills the prop" test -e "/proc/$pid/stat" -a "$(awk '{print $3}' /proc/$pid/stat 2>/dev/null)" != Z
nok "and removes the group" test -e "$(cgdir cpu "$g")"
done_testing
