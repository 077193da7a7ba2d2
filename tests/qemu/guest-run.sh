#!/bin/sh
# tests/qemu/guest-run.sh: runs the tests inside the qemu tier's guest.
#
# Started by busybox init (sysinit). Runs each test listed in
# /src/tests/qemu.list with bash, under a time limit, and prints on the
# console (ttyS0) a line protocol the host parses (tests/t3900-*.sh):
#   AISLA-GUEST kernel=... cgroup=... controllers=...
#   AISLA-BEGIN tests/NAME.sh
#   AISLA-TAP: <each line the test prints, stdout and stderr>
#   AISLA-LEFT tests/NAME.sh: <an object the test left behind: process,
#                             cgroup, mount or netns; it is then removed>
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
echo "AISLA-GUEST kernel=$(uname -r) cgroup=$fs controllers=$(echo "$ctl" | tr " " ,) cpus=$(nproc) mem_kb=$(awk '/MemTotal/ { print $2 }' /proc/meminfo) uptime=$(cut -d' ' -f1 /proc/uptime)"

# snapshot FILE: the objects a test must not leave behind. Processes are
# user-space ones (kernel threads show as [name]) other than this runner and
# its children (the ps itself).
snapshot() {
	{
		busybox ps -o pid,ppid,args | awk -v me=$$ 'NR > 1 && $1 != me && $2 != me && $3 !~ /^\[/ {
			pid = $1; $1 = ""; $2 = ""; sub(/^ +/, ""); print "process " pid " " $0 }'
		find /sys/fs/cgroup -mindepth 1 -type d | sed 's/^/cgroup /'
		awk '{ print "mount " $2 }' /proc/mounts
		ls /run/netns 2>/dev/null | sed 's/^/netns /'
	} >"$1"
}
# leftovers: into /tmp/.left, what is in the snapshot now and wasn't before
# the test, after giving exiting processes a moment. Not in a subshell: the
# snapshot's own ps must be a child of this runner.
leftovers() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		snapshot /tmp/.after
		grep -Fxv -f /tmp/.before /tmp/.after >/tmp/.left
		[ -s /tmp/.left ] || break
		sleep 0.2
	done
}
# cleanup FILE: remove leftovers so that the next test starts clean.
cleanup() {
	awk '$1 == "process" { print $2 }' "$1" | xargs -r kill -9 2>/dev/null
	awk '$1 == "mount" { print $2 }' "$1" | sort -r | xargs -r -n1 umount -l 2>/dev/null
	for d in $(awk '$1 == "cgroup" { print $2 }' "$1" | sort -r); do
		echo 1 >"$d/cgroup.kill" 2>/dev/null
	done
	sleep 0.2
	awk '$1 == "cgroup" { print $2 }' "$1" | sort -r | xargs -r rmdir 2>/dev/null
	awk '$1 == "netns" { print "/run/netns/" $2 }' "$1" | xargs -r rm -f
}

failed=0
while read -r t; do
	[ -n "$t" ] || continue
	echo "AISLA-BEGIN $t"
	snapshot /tmp/.before
	t0=$(cut -d' ' -f1 /proc/uptime)
	# Output to a file, not a pipe: a stray background child of a test
	# can't hold the runner up by keeping a pipe open.
	timeout -s KILL "$limit" bash "$t" </dev/null >/tmp/.out 2>&1
	rc=$?
	t1=$(cut -d' ' -f1 /proc/uptime)
	sed 's/^/AISLA-TAP: /' /tmp/.out
	rm -f /tmp/.out
	if [ "$rc" = 137 ] && awk -v a="$t0" -v b="$t1" -v l="$limit" 'BEGIN { exit !(b - a >= l) }'; then
		echo "AISLA-TAP: # killed: time limit of $limit s reached (AISLA_QEMU_TEST_TIMEOUT)"
	fi
	leftovers
	if [ -s /tmp/.left ]; then
		sed "s|^|AISLA-LEFT $t: |" /tmp/.left
		cleanup /tmp/.left
		failed=1
	fi
	echo "AISLA-END $t rc=$rc seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
	case $rc in 0 | 77) ;; *) failed=1 ;; esac
done <tests/qemu.list
if [ "$failed" = 1 ]; then
	dmesg | tail -n 40 | sed 's/^/AISLA-DMESG: /'
fi
echo "AISLA-DONE"
sync
poweroff -f
