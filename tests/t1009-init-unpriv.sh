#!/usr/bin/env bash
# The holder of a PID namespace is an init: it reaps orphans and forwards
# termination. Without privileges, errors name the missing capability, and
# -U -r still works where unprivileged user namespaces are allowed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ns.sh"
need_root

c=$(rname c)
defer "$AISLA_BIN" -c "node del $c"
before=$(ns_snap "$c")
zz=$((300000 + RANDOM))

aisla -c "unshare -p $c" >/dev/null 2>&1
h=$(holder_of "$c")
like "node made" "$h" '^[0-9]+$'
# an orphan: sh exits at once, its sleep is reparented to the init
aisla -c "exec $c sh -c 'sleep 0.3 & exit 0'" >/dev/null 2>&1
sleep 1
zombies=$(for p in $(pids_in_ns pid "$h"); do awk '/^State:/ {print $2}' /proc/$p/status; done | grep -c Z)
is "the init reaped the orphan (no zombie in the node)" "$zombies" 0
# termination is forwarded
aisla -c "exec $c sh -c 'trap \"echo got-term >/tmp/aisla-$c.term; exit 0\" TERM; sleep $zz & wait'" >/dev/null 2>&1 &
defer rm -f "/tmp/aisla-$c.term"
for i in $(seq 30); do pgrep -fx "sleep $zz" >/dev/null && break; sleep 0.1; done
sleep 0.2
kill -TERM "$h"
for i in $(seq 30); do [ -e "/proc/$h" ] && [ "$(awk '/^State:/ {print $2}' /proc/$h/status 2>/dev/null)" != Z ] || break; sleep 0.1; done
ok "SIGTERM to the holder ends it" test ! -e "/proc/$h/status" -o "$(awk '/^State:/ {print $2}' /proc/$h/status 2>/dev/null)" = Z
ok "... after forwarding it to the node's processes" test -e "/tmp/aisla-$c.term"
is "... and nothing of the node survives" "$(pgrep -fx "sleep $zz" | wc -l)" 0
wait
out=$(aisla -c "node list" 2>&1)
like "node list says the holder died" "$out" "^$c .*(muerto|dead)"
aisla -c "node del $c" >/dev/null 2>&1
is "nothing left behind" "$(ns_snap "$c")" "$before"

# without privileges
need_cmd setpriv
d=$(mktemp -d /tmp/aisla-unpriv.XXXXXX); chmod 777 "$d"; defer rm -rf "$d"
asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	env HOME="$d" AISLA_RUN_DIR="$d/run" "$AISLA_BIN" "$@"; }
err=$(asnobody -c "unshare -n -- true" 2>&1); rc=$?
is "unshare -n as an unprivileged user fails" "$rc" 1
like "... naming the capability" "$err" "CAP_SYS_ADMIN"
like "... and offering -U -r" "$err" "-U -r"
if [ "$(cat /proc/sys/user/max_user_namespaces)" -gt 0 ] &&
   [ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo 1)" = 1 ] &&
   [ "$(cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns 2>/dev/null || echo 0)" = 0 ]; then
	out=$(asnobody -c "unshare -U -r -n -- id -u" 2>&1); rc=$?
	is "unshare -U -r -n works without privileges" "$rc" 0
	is "... and makes us root inside" "$(printf '%s\n' "$out" | head -n 1)" "0"
	out=$(asnobody -c "unshare -U -r -n -- ip -o link" 2>&1)
	like "... in a netns of our own" "$out" '^1: lo:'
	r=$(rname r)
	out=$(asnobody -c "unshare -U -r -n -p $r" 2>&1); rc=$?
	is "a rootless node (-U -r -n -p) is made without privileges" "$rc" 0
	hr=$(sed -n 's/^holder=//p' "$d/run/nodes/$r" 2>/dev/null)
	defer kill -9 "$hr"
	is "its holder runs as our user" "$(ps -o uid= -p "$hr" | tr -d ' ')" 65534
	unlike "it is not in /run/netns (that needs root)" "$(ip netns list)" "^$r( |$)"
	out=$(asnobody -c "exec $r id -u" 2>&1)
	is "inside it we are root" "$(printf '%s\n' "$out" | head -n 1)" "[$r] 0"
	out=$(asnobody -c "node del $r" 2>&1); rc=$?
	is "node del works without privileges" "$rc" 0
	sleep 0.2
	ok "its holder is gone" test ! -e "/proc/$hr/status" -o "$(awk '/^State:/ {print $2}' /proc/$hr/status 2>/dev/null)" = Z
else
	diag "unprivileged user namespaces are disabled here: -U -r not tried"
fi
done_testing
