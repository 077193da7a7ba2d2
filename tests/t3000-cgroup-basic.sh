#!/usr/bin/env bash
# cgroup add/set/show/del on the machine's cgroup version (v1 or hybrid here,
# v2 in the qemu tier): friendly keys land in the right files, raw keys work,
# bad values are refused in Spanish and change nothing.
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

g=$(rname g)
explain() { aisla -c "explain off; $*" 2>&1; }

out=$(explain cgroup add "$g"); rc=$?
is "cgroup add $g" "$rc" 0
for c in cpu memory pids; do
	ok "its $c directory exists" test -d "$(cgdir $c "$g")"
done
if [ "$V" = 2 ]; then
	like "v2: aisla/ hands the controllers down" "$(cat /sys/fs/cgroup/aisla/cgroup.subtree_control)" 'cpu.*memory.*pids|memory.*pids'
	like "v2: the group has cpu memory pids" "$(cat "$(cgdir cpu "$g")/cgroup.controllers")" 'cpu.*memory.*pids|memory.*pids'
fi
out=$(explain cgroup add "$g")
nok "adding it twice fails" test -z "$out"
like "  ...and says it exists (Spanish)" "$out" 'ya existe'

C=$(cgdir cpu "$g") M=$(cgdir memory "$g") P=$(cgdir pids "$g") S=$(cgdir cpuset "$g")

out=$(explain cgroup set "$g" cpu 50%); rc=$?
is "set cpu 50%" "$rc" 0
if [ "$V" = 2 ]; then
	is "  cpu.max" "$(cat "$C/cpu.max")" "50000 100000"
	like "  says which file" "$out" 'cpu.max = 50000 100000'
else
	is "  cpu.cfs_quota_us" "$(cat "$C/cpu.cfs_quota_us")" 50000
	is "  cpu.cfs_period_us" "$(cat "$C/cpu.cfs_period_us")" 100000
	like "  says which file got which value" "$out" 'cpu.cfs_quota_us = 50000'
fi
out=$(explain cgroup set "$g" cpu "20000 50000"); rc=$?
is "set cpu \"20000 50000\"" "$rc" 0
if [ "$V" = 2 ]; then
	is "  cpu.max" "$(cat "$C/cpu.max")" "20000 50000"
else
	is "  quota/period" "$(cat "$C/cpu.cfs_quota_us") $(cat "$C/cpu.cfs_period_us")" "20000 50000"
fi
out=$(explain cgroup set "$g" cpu 150%); rc=$?
is "set cpu 150% (one and a half CPUs) is fine" "$rc" 0
out=$(explain cgroup set "$g" cpu max); rc=$?
is "set cpu max" "$rc" 0
if [ "$V" = 2 ]; then
	like "  cpu.max" "$(cat "$C/cpu.max")" '^max '
else
	is "  cpu.cfs_quota_us" "$(cat "$C/cpu.cfs_quota_us")" -1
fi

out=$(explain cgroup set "$g" cpu.weight 200); rc=$?
is "set cpu.weight 200" "$rc" 0
if [ "$V" = 2 ]; then
	is "  cpu.weight" "$(cat "$C/cpu.weight")" 200
else
	# the inverse of crun's weight = 1 + (shares - 2) * 9999 / 262142, rounded up
	is "  cpu.shares (crun's translation)" "$(cat "$C/cpu.shares")" 5220
	like "  says so" "$out" 'cpu.shares = 5220'
fi

out=$(explain cgroup set "$g" memory 64M); rc=$?
is "set memory 64M" "$rc" 0
if [ "$V" = 2 ]; then
	is "  memory.max" "$(cat "$M/memory.max")" 67108864
else
	is "  memory.limit_in_bytes" "$(cat "$M/memory.limit_in_bytes")" 67108864
	like "  says so" "$out" 'memory.limit_in_bytes = 67108864'
fi
out=$(explain cgroup set "$g" pids 5); rc=$?
is "set pids 5" "$rc" 0
is "  pids.max" "$(cat "$P/pids.max")" 5
out=$(explain cgroup set "$g" cpuset 0); rc=$?
is "set cpuset 0" "$rc" 0
is "  cpuset.cpus" "$(cat "$S/cpuset.cpus")" 0

# A raw controller file of the running version.
if [ "$V" = 2 ]; then raw=memory.high; else raw=memory.soft_limit_in_bytes; fi
out=$(explain cgroup set "$g" $raw 50331648); rc=$?
is "raw key $raw" "$rc" 0
is "  $raw" "$(cat "$M/$raw")" 50331648
if [ "$V" = 2 ]; then ro=memory.current; else ro=memory.usage_in_bytes; fi
out=$(explain cgroup set "$g" $ro 1)
like "a read-only file is refused" "$out" 'solo lectura|sólo lectura'

# Bad values: a Spanish error, nothing changed.
snap() { cat "$M"/memory.* "$P/pids.max" "$S/cpuset.cpus" 2>/dev/null | md5sum; if [ "$V" = 2 ]; then cat "$C/cpu.max" "$C/cpu.weight"; else cat "$C/cpu.cfs_quota_us" "$C/cpu.cfs_period_us" "$C/cpu.shares"; fi; }
before=$(snap)
bad() {
	local key=$1 val=$2 re=$3 out rc
	out=$(explain cgroup set "$g" "$key" "$val"); rc=$?
	out=$(printf "%s" "$out" | tr "\n" " ")
	is "refused: $key '$val'" "$rc" 1
	like "  Spanish error for $key '$val'" "$out" "$re"
}
bad cpu -3 'no válid'
bad cpu 0% 'no válid|1 ?%'
bad cpu "50000 10" 'no válid'
bad cpu.weight 0 'no válid'
bad cpu.weight 10001 'no válid'
bad memory 12Q 'no válid'
bad memory -5M "no válid|opción"
bad pids -1 'no válid'
bad pids lots 'no válid'
bad cpuset 99 'CPU 99 no existe'
bad cpuset 0-1x 'no válid'
bad io "999:999 wbps=1M" 'no hay ningún dispositivo|dispositivo'
bad frobnicate 1 'clave desconocida.*cpu, cpu.weight, memory, pids, cpuset, io'
bad hugetlb.2MB.limit_in_bytes 1 'controlador'
bad cgroup.procs 1 'cgroup attach'
is "nothing changed after the bad values" "$(snap)" "$before"

out=$(explain cgroup set nosuchgroup cpu 50%)
like "a group that does not exist" "$out" 'no existe'

out=$(explain cgroup show "$g"); rc=$?
is "cgroup show $g" "$rc" 0
like "  shows the memory limit" "$out" 'memory +64M'
like "  shows the pids limit" "$out" 'pids +5'
like "  shows the weight as set (v1: back from cpu.shares)" "$out" 'cpu.weight +200'
out=$(explain cgroup show)
like "cgroup show lists it" "$out" "$g"

out=$(explain cgroup del "$g"); rc=$?
is "cgroup del" "$rc" 0
for c in cpu memory pids; do
	nok "its $c directory is gone" test -e "$(cgdir $c "$g")"
done
out=$(explain cgroup del "$g")
like "deleting it again says it does not exist" "$out" 'no existe'
done_testing
