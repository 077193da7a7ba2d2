# tests/lib-ns.sh: helpers of the processes-and-namespaces tests (t1NNN).
# Source after lib.sh.
#
#   ns_snap NAME...     what exists in the kernel about those node names:
#                       ip netns entries, mounts, holder processes, any
#                       process in a netns bind-mounted under that name
#   holder_of NAME      the node's holder pid (from aisla's state file)
#   need_busybox        skip unless a static busybox is installed

ns_snap() {
	local n
	for n in "$@"; do
		ip netns list 2>/dev/null | awk -v n="$n" '$1 == n {print "netns", $1}'
		awk -v n="$n" '$2 == "/run/netns/" n {print "mount", $2}' /proc/mounts
		[ -e "/run/netns/$n" ] && echo "file /run/netns/$n"
		ps -eo pid=,args= | awk -v n="$n" '$2 ~ /^aisla-(init|holder)$/ && $3 == n {print "holder", $2, $3}'
	done | sort
}

holder_of() { sed -n 's/^holder=//p' "$AISLA_RUN_DIR/nodes/$1" 2>/dev/null; }

need_busybox() {
	[ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' ||
		skip "falta busybox-static"
}

# The processes whose namespace TYPE is the same as pid's (by inode).
pids_in_ns() {
	local type=$1 ref p want
	want=$(readlink "/proc/$2/ns/$type") || return 0
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/$type" 2>/dev/null)" = "$want" ] && echo "${p#/proc/}"
	done
}
