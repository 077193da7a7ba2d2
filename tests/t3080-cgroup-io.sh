#!/usr/bin/env bash
# io: `cgroup set G io "MAJ:MIN wbps=1M"` lands in io.max (v2) or
# blkio.throttle.write_bps_device (v1), and 2 MiB of direct writes to a loop
# device from inside the group take about 2 s.
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

[ -e /dev/loop-control ] || skip "sin /dev/loop-control: no hay dispositivos loop"
need_cmd losetup
g=$(rname io)
img=$(mktemp /tmp/aisla-t3080.XXXXXX); defer rm -f "$img"
dd if=/dev/zero of="$img" bs=1M count=8 2>/dev/null
dev=$(losetup -f) && losetup "$dev" "$img" || skip "losetup no pudo crear un dispositivo loop"
defer losetup -d "$dev"
mm=$(cat "/sys/block/${dev#/dev/}/dev")
ok "cgroup add" aisla -c "explain off; cgroup add $g"
out=$(aisla -c "explain off; cgroup set $g io '$mm wbps=1M'" 2>&1); rc=$?
is "cgroup set io '$mm wbps=1M'" "$rc" 0
if [ "$V" = 2 ]; then
	I=$(cgdir io "$g")
	like "  io.max" "$(cat "$I/io.max")" "^$mm .*wbps=1048576"
	like "  says so" "$out" "io.max = $mm wbps=1048576"
else
	I=$(cgdir blkio "$g")
	is "  blkio.throttle.write_bps_device" "$(cat "$I/blkio.throttle.write_bps_device")" "$mm 1048576"
	like "  says so" "$out" "blkio.throttle.write_bps_device = $mm 1048576"
fi
out=$(aisla -c "explain off; cgroup show $g" 2>&1)
like "cgroup show gives the io limit" "$out" "io +$mm wbps=1048576"
t0=$(cut -d' ' -f1 /proc/uptime)
sh -c 'echo $$ >"$0/cgroup.procs" && exec dd if=/dev/zero of="$1" bs=64k count=32 oflag=direct' "$I" "$dev" 2>/dev/null
t1=$(cut -d' ' -f1 /proc/uptime)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
diag "io wbps=1M: 2 MiB of direct writes in $secs s"
ok "2 MiB at 1 MiB/s take 1.5-3 s ($secs s)" awk -v s="$secs" 'BEGIN { exit !(s >= 1.5 && s <= 3) }'
out=$(aisla -c "explain off; cgroup set $g io '$mm wbps=max'" 2>&1); rc=$?
is "io wbps=max lifts it" "$rc" 0
t0=$(cut -d' ' -f1 /proc/uptime)
sh -c 'echo $$ >"$0/cgroup.procs" && exec dd if=/dev/zero of="$1" bs=64k count=32 oflag=direct' "$I" "$dev" 2>/dev/null
t1=$(cut -d' ' -f1 /proc/uptime)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
ok "without the limit it is fast ($secs s)" awk -v s="$secs" 'BEGIN { exit !(s < 1.2) }'
done_testing
