#!/bin/sh
# tests/qemu/guest-run.sh: runs the tests inside the qemu tier's guest.
#
# Started by busybox init (sysinit). Runs each test listed in
# /src/tests/qemu.list with bash, under a time limit, and prints on the
# console (ttyS0) a line protocol the host parses (tests/t3900-*.sh):
#   AISLA-GUEST kernel=... cgroup=... controllers=...
#   AISLA-BEGIN tests/NAME.sh
#   AISLA-TAP: <each line the test prints, stdout and stderr>
#   AISLA-END tests/NAME.sh rc=N seconds=N
#   AISLA-DMESG: <kernel log lines, only when a test failed>
#   AISLA-DONE
# then powers off at once.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb AISLA_BIN=/src/aisla
export AISLA_LOCALEDIR=/src/locale
cd /src || exit 1
limit=$(cat tests/qemu.timeout 2>/dev/null || echo 120)
ctl=$(cat /sys/fs/cgroup/cgroup.subtree_control)
fs=$(awk '$2 == "/sys/fs/cgroup" { print $3 }' /proc/mounts)
echo "AISLA-GUEST kernel=$(uname -r) cgroup=$fs controllers=$(echo $ctl | tr " " ,) cpus=$(nproc) mem_kb=$(awk '/MemTotal/ { print $2 }' /proc/meminfo) uptime=$(cut -d' ' -f1 /proc/uptime)"
failed=0
while read -r t; do
	[ -n "$t" ] || continue
	echo "AISLA-BEGIN $t"
	t0=$(cut -d' ' -f1 /proc/uptime)
	# Output to a file, not a pipe: a stray background child of a test
	# can't hold the runner up by keeping a pipe open.
	timeout -s KILL "$limit" bash "$t" </dev/null >/tmp/.out 2>&1
	rc=$?
	sed 's/^/AISLA-TAP: /' /tmp/.out
	rm -f /tmp/.out
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "AISLA-END $t rc=$rc seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
	case $rc in 0 | 77) ;; *) failed=1 ;; esac
done <tests/qemu.list
if [ "$failed" = 1 ]; then
	dmesg | tail -n 40 | sed 's/^/AISLA-DMESG: /'
fi
echo "AISLA-DONE"
sync
poweroff -f
