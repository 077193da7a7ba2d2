#!/usr/bin/env bash
# tests/qemu/guest-smoke.sh: checks the qemu tier's guest itself (runs inside it).
#
# A pure cgroup v2 machine with measurable effects, using only the kernel and
# busybox (no aisla command), so a failure here means the tier is broken, not
# aisla: cgroup2 is the only hierarchy with cpu, memory, pids, cpuset and io
# enabled at the root; cpu.max 50 % gives about half a CPU; pids.max refuses
# forks; memory.max ends in an OOM kill; io.max throttles a loop device; and
# the aisla binary under test starts (`--version`, `-c help`).
. "$(dirname "$0")/lib.sh"
need_root
cg=/sys/fs/cgroup

# The only hierarchy is cgroup2 and the root offers the controllers.
is "cgroup2 en /sys/fs/cgroup" "$(awk '$2 == "/sys/fs/cgroup" { print $3 }' /proc/mounts)" cgroup2
is "ninguna jerarquía v1" "$(awk '$3 == "cgroup" { n++ } END { print n + 0 }' /proc/mounts)" 0
for c in cpu memory pids cpuset io; do
	like "controlador $c en la raíz" " $(cat $cg/cgroup.subtree_control) " " $c "
done

# The binary under test runs at all.
ok "aisla --version" aisla --version
diag "$(aisla --version 2>&1 | head -n 1)"
ok "aisla -c help" aisla -c help
diag "$(aisla -c help 2>&1 | head -n 3)"

# rm_cg DIR: kill what is left in a group, wait until it is empty, remove it.
rm_cg() {
	local _
	echo 1 >"$1/cgroup.kill"
	for _ in $(seq 50); do
		[ -z "$(cat "$1/cgroup.procs")" ] && break
		sleep 0.1
	done
	rmdir "$1"
}

# A parent group for the smoke test's groups; on v2 each level must pass
# the controllers down in its subtree_control (and then holds no process).
g=$cg/$(rname smoke)
mkdir "$g" && defer rmdir "$g"
ok "controladores delegados a los hijos" sh -c "echo '+cpu +memory +pids +io' >$g/cgroup.subtree_control"

# run_in GROUP CMD...: run CMD (exec'd, so its pid is the one moved) in GROUP.
run_in() { local d=$1; shift; sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$d" "$@"; }

# cpu.max 50 %: a busy loop over 3 s of wall time uses about 1.5 s of CPU.
c=$g/cpu
mkdir "$c" && defer rm_cg "$c"
echo "50000 100000" >"$c/cpu.max"
is "cpu.max escrito" "$(cat "$c/cpu.max")" "50000 100000"
# (In a subshell: not a job of this shell, so no "Killed" notice later.)
(run_in "$c" sh -c 'while :; do :; done' &)
sleep 0.5
u0=$(awk '/^usage_usec/ { print $2 }' "$c/cpu.stat"); t0=$(cut -d' ' -f1 /proc/uptime)
sleep 3
u1=$(awk '/^usage_usec/ { print $2 }' "$c/cpu.stat"); t1=$(cut -d' ' -f1 /proc/uptime)
echo 1 >"$c/cgroup.kill"
pct=$(awk -v u=$((u1 - u0)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", u / ((b - a) * 1e6) * 100 }')
diag "cpu.max 50%: uso medido ${pct}%"
ok "cpu.max 50% da entre 35 y 60 % de una CPU (${pct}%)" test "$pct" -ge 35 -a "$pct" -le 60
like "cpu.stat cuenta periodos limitados" "$(cat "$c/cpu.stat")" 'nr_throttled [1-9]'

# pids.max 5: a shell that starts 20 sleeps gets forks refused (busybox sh
# gives up at the first refusal; bash would retry for a long while).
p=$g/pids
mkdir "$p" && defer rm_cg "$p"
echo 5 >"$p/pids.max"
out=$(run_in "$p" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	sleep 5 >/dev/null 2>&1 & done' 2>&1)
cur=$(cat "$p/pids.current")
diag "pids: $out; pids.current=$cur"
like "pids.max 5: fork rechazado" "$out" "can't fork|Resource temporarily unavailable"
like "pids.events cuenta los rechazos" "$(cat "$p/pids.events")" 'max [1-9]'
ok "nunca más de 5 procesos (pids.current=$cur)" test "$cur" -ge 1 -a "$cur" -le 5
echo 1 >"$p/cgroup.kill"

# memory.max 32M: dd with a 64 MiB buffer is killed by the OOM killer.
m=$g/mem
mkdir "$m" && defer rm_cg "$m"
echo 32M >"$m/memory.max"
echo 0 >"$m/memory.swap.max" 2>/dev/null
run_in "$m" dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null
rc=$?
is "memory.max 32M: dd de 64M muere por SIGKILL" "$rc" 137
like "memory.events cuenta el OOM kill" "$(cat "$m/memory.events")" 'oom_kill [1-9]'

# io.max on a loop device: 1 MiB/s of writes makes 2 MiB take about 2 s.
if [ -e /dev/loop-control ]; then
	img=$(mktemp /tmp/smoke.XXXXXX) && defer rm -f "$img"
	dd if=/dev/zero of="$img" bs=1M count=8 2>/dev/null
	dev=$(losetup -f) && losetup "$dev" "$img" && defer losetup -d "$dev"
	mm=$(cat "/sys/block/${dev#/dev/}/dev")
	i=$g/io
	mkdir "$i" && defer rm_cg "$i"
	echo "$mm wbps=1048576" >"$i/io.max"
	like "io.max escrito" "$(cat "$i/io.max")" "^$mm .*wbps=1048576"
	t0=$(cut -d' ' -f1 /proc/uptime)
	run_in "$i" dd if=/dev/zero of="$dev" bs=64k count=32 oflag=direct 2>/dev/null
	t1=$(cut -d' ' -f1 /proc/uptime)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	diag "io.max wbps=1M: 2 MiB en ${secs} s"
	ok "io.max 1 MiB/s: 2 MiB tardan entre 1,5 y 3 s (${secs} s)" \
		awk -v s="$secs" 'BEGIN { exit !(s >= 1.5 && s <= 3) }'
else
	diag "sin /dev/loop-control: no se prueba io.max"
fi

done_testing
