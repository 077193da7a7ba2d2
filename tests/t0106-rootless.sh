#!/usr/bin/env bash
# Rootless mode, as uid 1000 (setpriv; no user is created): aisla enters a
# user namespace of its own (root inside) with a private /run and network
# namespace; banner and status say so; network, namespace, chroot and
# rootfs commands work inside and nothing of it is visible on the host,
# during or after; cgroups give a Spanish reason; lessons 03-10 replay;
# with user namespaces forbidden (user.max_user_namespaces=0 in a user
# namespace of the test's own) aisla says why and how, and exits 1.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-userns.sh"
need_root
need_cmd setpriv
need_cmd script
setpriv --reuid=1000 --regid=1000 --clear-groups unshare -U -r -n true 2>/dev/null ||
	skip "this machine forbids user namespaces to users (aisla doctor userns)"

h=$(mktemp -d /tmp/aisla-rl.XXXXXX)
chmod 777 "$h"
defer rm -rf "$h"
# the binary, catalog and lessons where uid 1000 can read them
AISLA_BIN=$(user_tree "$h/tree")
asuser() { (cd "$h" && setpriv --reuid=1000 --regid=1000 --clear-groups \
	env -u AISLA_RUN_DIR HOME="$h" "$AISLA_BIN" "$@"); }
# what a session could leave on the host: its /run tmpfs, uid 1000's processes
host_left() {
	local _i
	for _i in $(seq 30); do	# what is exiting gets a moment
		[ "$(grep -c aisla-run /proc/mounts)$(pgrep -u 1000 -c -f "$h/")" = 00 ] && break
		sleep 0.1
	done
	grep -c aisla-run /proc/mounts
	pgrep -u 1000 -c -f "$h/"
	pgrep -u 1000 -a -f "$h/" | sed 's/^/# left: /' >&2
}

out=$(asuser -c status 2>&1); rc=$?
is "status as uid 1000 works" "$rc" 0
like "status says the mode" "$(head -n1 <<<"$out")" '^Modo: sin root'
printf '%s\n' '!id -u' '!cat /proc/self/uid_map' >"$h/id.aisla"
out=$(asuser "$h/id.aisla" 2>&1)
like "root inside, mapped to uid 1000" "$out" '^0$'
like "the map is the user's" "$out" '0 +1000 +1'
out=$( (sleep 1; echo quit) | setpriv --reuid=1000 --regid=1000 --clear-groups \
	env -u AISLA_RUN_DIR HOME="$h" script -qec "$(printf '%q' "$AISLA_BIN") --plain" /dev/null 2>&1)
like "the banner says the mode" "$out" 'Modo sin root'
out=$("$AISLA_BIN" --rootless -c status 2>&1)
like "--rootless as root too" "$(head -n1 <<<"$out")" '^Modo: sin root'

# Network and namespaces, seen inside with the real tools, not on the host.
a=$(rname ra) b=$(rname rb)
net="netns add $a
netns add $b
veth x@$a y@$b
addr add 10.77.0.1/24 dev x@$a
addr add 10.77.0.2/24 dev y@$b
link set x@$a up
link set y@$b up"
printf '%s\n' "$net" "unshare -p -m -u ${a}c -- sleep 1000" "!ip netns list >$h/inside" \
	"!touch $h/ready" "!sleep 3" >"$h/net.aisla"
asuser "$h/net.aisla" >"$h/out" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -e "$h/ready" ] && break; sleep 0.05; done
like "inside, ip netns list sees the nodes" "$(cat "$h/inside")" "^$a"
unlike "the host's ip netns list does not" "$(ip netns list)" "^($a|$b)( |\$)"
unlike "nor the host's links" "$(ip -o link)" ": (x|y)@"
ok "the session's /run/netns is not the host's" test ! -e "/run/netns/$a"
wait $pid; rc=$?
is "the session ended well" "$rc" 0
[ "$rc" = 0 ] || sed 's/^/# /' "$h/out"
printf '%s\n' "$net" "ping $a 10.77.0.2 -c 1" >"$h/ping.aisla"
out=$(asuser "$h/ping.aisla" 2>&1); rc=$?
is "veth and ping between two nodes" "$rc" 0
like "ping answered" "$out" '1 received'
is "nothing left on the host (mounts, processes)" "$(host_left | tr '\n' ' ')" "0 0 "

# chroot and rootfs (a busybox root the session removes when it ends).
if [ -x /bin/busybox ]; then
	out=$(asuser -c "rootfs $h/r; chroot $h/r /bin/sh -c 'echo dentro; id -u'" 2>&1); rc=$?
	is "rootfs and chroot work" "$rc" 0
	like "inside the chroot" "$out" 'dentro'
	ok "the session removed its rootfs when it ended" test ! -e "$h/r"
fi

# cgroups: a clear reason (unless systemd delegates a v2 subtree here).
out=$(asuser -c "cgroup add $(rname g)" 2>&1); rc=$?
if [ "$rc" != 0 ]; then
	like "cgroups without delegation: a Spanish reason" "$out" 'necesita root|delegad'
	like "... and a hint" "$out" '^pista: '
	# a lesson that needs them says so before step 1
	printf '%s\n' '---' 'lesson: 98' 'title: Con cgroups' 'needs: root, cgroups' '---' \
		'## Paso 1 — uno' '```aisla' "netns add $(rname n)" '```' >"$h/cg.lesson"
	out=$(asuser "$h/cg.lesson" 2>&1); rc=$?
	is "a lesson with needs: cgroups stops (exit 1)" "$rc" 1
	like "... saying why" "$out" "'Con cgroups' no puede hacerse en esta máquina: .*cgroups"
	unlike "... before step 1" "$out" 'network namespace .* creado'
fi

# Lessons 03-10. Lesson 09 becomes uid 1000 inside: wider maps through
# newuidmap need a subordinate range for the user (added for the test,
# restored after, when there is none).
# One run at a time changes them (/etc is flock'ed for the section).
# subid_restore puts back what was there (or removes what was not).
subid_restore() {
	local f
	[ -e "$h/subid.changed" ] || return 0	# once
	for f in subuid subgid; do
		if [ -e "$h/$f.had" ]; then cp -p "$h/$f" "/etc/$f"; else rm -f "/etc/$f"; fi
	done
	rm -f "$h"/sub?id* "$h/subid.changed"
}
exec 9</etc && flock -w 300 9
if command -v newuidmap >/dev/null && ! grep -q '^\(1000\|'"$(id -nu 1000 2>/dev/null || echo 1000)"'\):' /etc/subuid 2>/dev/null; then
	for f in subuid subgid; do
		[ -e "/etc/$f" ] && cp -p "/etc/$f" "$h/$f" && touch "$h/$f.had"
	done
	: >"$h/subid.changed"
	defer subid_restore
	echo "1000:400000:65536" >>/etc/subuid
	echo "1000:400000:65536" >>/etc/subgid
fi
for l in "$h"/tree/bin/lessons/0[3-9]-*.lesson "$h"/tree/bin/lessons/10-*.lesson; do
	if [[ $l == */09-* ]] && ! command -v newuidmap >/dev/null; then
		diag "lesson 09 not replayed: it becomes uid 1000 inside, which needs newuidmap (uidmap)"
		continue
	fi
	out=$(asuser "$l" 2>&1); rc=$?
	is "lesson $(basename "$l" .lesson) replays in rootless mode" "$rc" 0
	[ "$rc" = 0 ] || { printf '%s\n' "$out" | grep -B3 -A3 'error' | head -20 | sed 's/^/# /'; }
done
subid_restore
flock -u 9
names=$(sed -n '/^```aisla/,/^```/p' "$TOP"/lessons/0[3-9]-*.lesson "$TOP"/lessons/10-*.lesson |
	grep -Eo '(netns add|unshare[^#]* )[A-Za-z0-9_-]+' | awk '{print $NF}' | sort -u | tr '\n' '|')
unlike "no lesson node on the host" "$(ip netns list)" "^(${names%|})( |\$)"
is "nothing left on the host after the lessons" "$(host_left | tr '\n' ' ')" "0 0 "

# User namespaces forbidden: why and how, exit 1.
out=$(in_own_userns "echo 0 >/proc/sys/user/max_user_namespaces
	cd / && setpriv --reuid=1000 --regid=1000 --clear-groups env -u AISLA_RUN_DIR HOME=/ \
	$(printf '%q' "$AISLA_BIN") -c status; echo rc=\$?" 2>&1)
like "forbidden: exit 1" "$out" 'rc=1$'
like "forbidden: says aisla cannot start without root" "$out" 'no puede arrancar sin root'
like "forbidden: names the sysctl" "$out" 'user.max_user_namespaces = 0'
like "forbidden: the fix" "$out" 'pista: sudo sysctl -w user.max_user_namespaces=15000'
done_testing
