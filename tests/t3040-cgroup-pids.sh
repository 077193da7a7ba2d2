#!/usr/bin/env bash
# pids 5 + `load forks 50` in the group gets at most 5 tasks; the kernel
# counts the refused forks (pids.events max).
. "$(dirname "$0")/lib.sh"
need_root
# cgroup version of this machine: 2 (pure v2) or 1 (v1 or hybrid).
case $(awk '$2 == "/sys/fs/cgroup" { print $3; exit }' /proc/mounts) in
cgroup2) V=2 ;;
tmpfs) V=1 ;;
*) skip "no hay cgroups montados en /sys/fs/cgroup" ;;
esac
# cgdir CTL NAME: the directory of aisla's group NAME for controller CTL.
cgdir() { if [ "$V" = 2 ]; then echo "/sys/fs/cgroup/aisla/$2"; else echo "/sys/fs/cgroup/$1/aisla/$2"; fi; }
# ticks PID: CPU time (user + system, clock ticks) from /proc/PID/stat.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
# Leave nothing: reset first (kills the load props, removes the groups).
defer aisla -c 'reset -y'

g=$(rname p)
ok "cgroup add + pids 5" aisla -c "explain off; cgroup add $g; cgroup set $g pids 5"
out=$(aisla -c "explain off; load forks 50 -g $g" 2>&1); rc=$?
is "load forks 50 runs" "$rc" 0
got=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9][0-9]*\) de 50 .*/\1/p' | head -n1)
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
