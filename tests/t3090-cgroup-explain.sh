#!/usr/bin/env bash
# The explanations are real: the "≈" lines of cgroup add/set/attach and of a
# load, run by bash without aisla, give the same kernel state.
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

g=$(rname x)
if [ "$V" = 2 ]; then dirs="/sys/fs/cgroup/aisla/$g"; sub=/sys/fs/cgroup/aisla; else
	dirs=$(for c in cpu cpuacct cpuset memory pids blkio; do [ -d /sys/fs/cgroup/$c ] && echo /sys/fs/cgroup/$c/aisla/$g; done)
	sub=$(for c in cpu cpuacct cpuset memory pids blkio; do [ -d /sys/fs/cgroup/$c ] && echo /sys/fs/cgroup/$c/aisla; done)
fi
new_sub=""
for d in $sub; do [ -d "$d" ] || new_sub="$new_sub $d"; done
defer sh -c "for d in $new_sub; do rmdir \$d 2>/dev/null; done; true"
# Whatever the script makes is removed by hand at the end (processes first).
cleanup_dirs() { for d in $dirs; do [ -d "$d" ] || continue; for p in $(cat "$d/cgroup.procs"); do kill -9 "$p"; done; done; sleep 0.3; for d in $dirs; do rmdir "$d" 2>/dev/null; done; true; }
defer cleanup_dirs

out=$(aisla -c "cgroup add $g; cgroup set $g cpu 50%; cgroup set $g memory 64M; cgroup set $g pids 7; load cpu -g $g" 2>&1); rc=$?
is "the commands run" "$rc" 0
script=$(printf '%s\n' "$out" | sed -n 's/^≈ //p')
n=$(printf '%s\n' "$script" | grep -c .)
ok "they explain themselves ($n lines)" test "$n" -ge 4
out=$(aisla -c 'reset -y' 2>&1)
for d in $dirs; do nok "reset removed $d" test -e "$d"; done

printf '%s\n' "$script" | sed 's/^/# /'
bash -e -c "$script" >/dev/null 2>&1; rc=$?
is "bash runs the explanation" "$rc" 0
C=$(cgdir cpu "$g") M=$(cgdir memory "$g") P=$(cgdir pids "$g")
if [ "$V" = 2 ]; then
	is "  cpu.max" "$(cat "$C/cpu.max")" "50000 100000"
	is "  memory.max" "$(cat "$M/memory.max")" 67108864
else
	is "  cpu.cfs_quota_us" "$(cat "$C/cpu.cfs_quota_us")" 50000
	is "  memory.limit_in_bytes" "$(cat "$M/memory.limit_in_bytes")" 67108864
fi
is "  pids.max" "$(cat "$P/pids.max")" 7
sleep 1
busy=$(cat "$C/cgroup.procs" | head -n1)
like "  the busy loop runs in the group" "$busy" '^[0-9]+$'
if [ -n "$busy" ]; then
	a=$(ticks "$busy"); sleep 2; b=$(ticks "$busy")
	pct=$(( (b - a) * 100 / (2 * HZ) ))
	diag "the explained busy loop under cpu 50%: $pct %"
	# The quota is a ceiling; on a busy machine it may get less.
	ok "  and is held at most near 50 % ($pct %)" test "$pct" -ge 10 -a "$pct" -le 60
fi
done_testing
