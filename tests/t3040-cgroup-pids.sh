#!/usr/bin/env bash
# pids 5 + `load forks 50` in the group gets at most 5 tasks; the kernel
# counts the refused forks (pids.events max).
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

g=$(rname p)
ok "cgroup add + pids 5" aisla -c "explain off; cgroup add $g; cgroup set $g pids 5"
out=$(aisla -c "explain off; load forks 50 -g $g" 2>&1); rc=$?
is "load forks 50 runs" "$rc" 0
got=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9][0-9]*\) de 50\b.*/\1/p' | head -n1)
like "it says how many children it got" "$got" '^[0-9]+$'
diag "load forks 50 under pids 5: got ${got:-?} children (+1 itself)"
ok "at most 5 tasks: itself + ${got:-?} children" test "${got:-99}" -le 4
like "it names the cause" "$out" 'pids'
P=$(cgdir pids "$g")
refused=$(awk '$1 == "max" { print $2 }' "$P/pids.events")
ok "the kernel refused forks (pids.events max = $refused)" test "${refused:-0}" -ge 45
out=$(aisla -c "explain off; cgroup show $g" 2>&1)
like "cgroup show reports the refused forks" "$out" 'forks rechazados: ([4-9][0-9])'
is "nothing left in the group" "$(cat "$P/cgroup.procs")" ""
done_testing
