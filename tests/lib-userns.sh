# tests/lib-userns.sh: run a command in a user namespace of its own where
# uids and gids 0-65535 map to themselves, so that a sysctl of the user
# namespace (user.max_user_namespaces is per user namespace) can be
# changed there without touching the host's, and setpriv can still
# become uid 1000 inside. The namespace dies with the command.
#
#   in_own_userns 'echo 0 >/proc/sys/user/max_user_namespaces; CMD...'
in_own_userns() {
	local d pid rc
	d=$(mktemp -d /tmp/aisla-uns.XXXXXX)
	mkfifo "$d/go"
	# the command is exec'd after the maps are written: it starts as root of
	# the namespace with every capability there
	unshare -U bash -c 'read -r _ <"$1"; exec bash -c "$2"' _ "$d/go" "$1" &
	pid=$!
	# unshare(2) happened once the child's user namespace differs from ours
	for _ in $(seq 100); do
		[ "$(readlink /proc/$pid/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break
		sleep 0.02
	done
	echo "0 0 65536" >"/proc/$pid/uid_map" && echo "0 0 65536" >"/proc/$pid/gid_map"
	echo go >"$d/go"
	wait "$pid"; rc=$?
	rm -rf "$d"
	return $rc
}

# user_tree DIR: a copy of the binary under test with its catalog, lessons
# and demos (a build tree's layout) in DIR, so that uid 1000 can run it
# even when the checkout is not readable by others (/root/...). Prints the
# copied binary's path.
user_tree() {
	local d=$1 top=${TOP:-.} src
	src=$(dirname "$(readlink -f "$AISLA_BIN")")
	mkdir -p "$d/bin"
	cp "$AISLA_BIN" "$d/bin/aisla"
	[ -d "$src/locale" ] && cp -r "$src/locale" "$d/bin/"
	[ -d "$top/locale" ] && [ ! -d "$d/bin/locale" ] && cp -r "$top/locale" "$d/bin/"
	cp -r "$top/lessons" "$top/demos" "$d/bin/"
	chmod -R a+rX "$d"
	echo "$d/bin/aisla"
}
