#!/usr/bin/env bash
# t6001: reset tells aisla's objects from same-named ones made by hand
# after aisla's were removed, though the kernel hands the freed nsfs
# inode number out again at once: a netns with a veth inside, a bridge,
# the netns of a node (its holder is still aisla's and goes), in every
# round of a loop; and a record never confirmed (aisla killed between
# writing its intent and confirming it) never deletes a foreign netns.
. "$(dirname "$0")/lib.sh"
need_root

P=$(rname i | head -c 9)
X=${P}x N=${P}n B=${P}b H=${P}h
defer ip netns del "$X"
defer ip netns del "$N"
defer ip link del "$B"
defer ip link del "$H"
live_holder() {
	local p
	for p in $(pgrep -x -f "aisla-init $N"); do
		[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = Z ] || echo "$p"
	done
}
defer_kill() { local p; for p in $(live_holder); do kill -9 "$p"; done; }
defer defer_kill

# remake NAME INODE: ip netns add NAME so that it gets INODE. The kernel
# hands out the lowest free number, and the old namespace gives its number
# back asynchronously (its netns workqueue). A netns takes dozens of
# numbers (one for itself, then its /proc/net entries), so the holes below
# INODE are filled with UTS namespaces (one number each, nothing more),
# kept by a bind mount; when the next free number is INODE, it is let go
# and the netns made at once. 1 if it never came back in 30 s (another
# namespace of the machine took it).
HOLES=$(mktemp -d /tmp/aisla-holes.XXXXXX)
let_go() { local f; for f in "$HOLES"/*; do [ -e "$f" ] && umount "$f"; rm -f "$f"; done; }
defer rm -rf "$HOLES"
defer let_go
remake() {
	local i n=0 w=0 rc=1 f
	while [ "$w" -lt 300 ] && [ "$n" -lt 5000 ]; do
		n=$((n + 1)) f=$HOLES/$n
		touch "$f"; unshare --uts="$f" true || break
		i=$(stat -c %i "$f")
		[ "$i" -lt "$2" ] && continue	# a hole below: kept
		umount "$f"; rm -f "$f"
		if [ "$i" = "$2" ]; then
			ip netns add "$1"
			[ "$(ino "$1")" = "$2" ] && { rc=0; break; }
			ip netns del "$1"
		fi
		w=$((w + 1)); sleep 0.1	# not given back yet
	done
	[ "$w" -gt 30 ] && diag "inode $2 came back after $w waits of 0.1 s"
	let_go
	[ "$rc" = 0 ] || ip netns add "$1"
	return "$rc"
}
ino() { stat -L -c %i "/run/netns/$1"; }

reused=0
for round in 1 2 3 4 5; do
	# Every round forces reuse: the student removes aisla's netns with the
	# real tools and makes their own until the kernel hands out the same
	# inode number (it does once the old namespace is freed, which is
	# asynchronous); if a namespace made elsewhere took the number, the
	# attempt is undone and the round starts again.
	for attempt in 1 2 3 4; do
		aisla -c "netns add $X; veth $H Y@$X; bridge add $B; unshare -n -p $N" >/dev/null 2>&1
		before=$(ino "$X")
		ip netns del "$X"; remake "$X" "$before" && break
		[ "$attempt" = 4 ] || { aisla reset -y >/dev/null 2>&1; ip netns del "$X"; }
	done
	is "round $round: the student's '$X' has the inode number aisla's had" "$(ino "$X")" "$before"
	ip -n "$X" link add Y type veth peer name Z
	ip link del "$B"; ip link add "$B" type bridge
	ip netns del "$N"; ip netns add "$N"
	[ "$(ino "$X")" = "$before" ] && reused=$((reused + 1))
	out=$(aisla reset -y 2>&1); rc=$?
	is "round $round: reset exits 0" "$rc" 0
	ok "round $round: the student's netns survives" test -e "/run/netns/$X"
	ok "round $round: with its veth" ip -n "$X" link show Y
	ok "round $round: the student's bridge survives" ip link show "$B"
	ok "round $round: the student's netns with the node's name survives" test -e "/run/netns/$N"
	is "round $round: the node's holder (aisla's) is gone" "$(live_holder)" "" 
	like "round $round: reset says what it left alone" "$out" "no se toca: network namespace '$X'"
	ip netns del "$X"; ip netns del "$N"; ip link del "$B"
done

# Never confirmed: the journal keeps only the intent (and the step) that
# aisla wrote before it was killed; the student then makes the netns.
for round in 1 2 3 4 5; do
	for attempt in 1 2 3 4; do	# forced reuse, as above
		aisla -c "netns add $X" >/dev/null 2>&1
		j=$AISLA_RUN_DIR/journal
		before=$(ino "$X")
		grep -v ' done ' "$j" >"$j.new" && cat "$j.new" >"$j" && rm -f "$j.new"
		[ "$round" -gt 3 ] && sed -i '/ step /d' "$j"	# killed before the step too
		ip netns del "$X"; remake "$X" "$before" && break
		[ "$attempt" = 4 ] || { aisla reset -y >/dev/null 2>&1; ip netns del "$X"; }
	done
	is "unconfirmed, round $round: the student's '$X' has the inode number aisla's had" "$(ino "$X")" "$before"
	[ "$(ino "$X")" = "$before" ] && reused=$((reused + 1))
	out=$(aisla reset -y 2>&1)
	ok "unconfirmed, round $round: the student's netns survives" test -e "/run/netns/$X"
	like "unconfirmed, round $round: reported" "$out" "no se toca: network namespace '$X'"
	ip netns del "$X"
done
diag "the kernel gave the same inode number again in $reused of 10 rounds"
is "every round forced inode reuse" "$reused" 10

# ...while an unconfirmed record of a netns that is aisla's is undone.
aisla -c "netns add $X" >/dev/null 2>&1
j=$AISLA_RUN_DIR/journal
grep -v ' done ' "$j" >"$j.new" && cat "$j.new" >"$j" && rm -f "$j.new"
aisla reset -y >/dev/null 2>&1
nok "an unconfirmed record of aisla's own netns removes it" test -e "/run/netns/$X"

# Links never confirmed: the mark aisla gives them in the creating request
# (a veth end's MAC, a bridge's link group) proves them aisla's; the same
# names re-made by hand are left alone.
C=${P}c D=${P}d
defer ip link del "$C"
# unconfirmed: killed before its done record (and before the bridge's
# mark was taken off again)
unconfirm() {
	local g
	g=$(sed -n 's/.* intent bridge .* group=\([0-9]*\).*/\1/p' "$j" | tail -1)
	[ -n "$g" ] && ip link set "$B" group "$g"
	grep -v ' done ' "$j" >"$j.new" && cat "$j.new" >"$j" && rm -f "$j.new"
}
aisla -c "veth $C $D; bridge add $B" >/dev/null 2>&1
unconfirm
aisla reset -y >/dev/null 2>&1
nok "an unconfirmed veth of aisla's is removed (its mark)" ip link show "$C"
nok "an unconfirmed bridge of aisla's is removed (its mark)" ip link show "$B"
aisla -c "veth $C $D; bridge add $B" >/dev/null 2>&1
unconfirm
ip link del "$C"; ip link add "$C" type veth peer name "$D"
ip link del "$B"; ip link add "$B" type bridge
out=$(aisla reset -y 2>&1)
ok "an unconfirmed record leaves the student's veth alone" ip link show "$C"
ok "  and the student's bridge" ip link show "$B"
like "  and says so" "$out" "no se toca: bridge '$B'"
ip link del "$C"; ip link del "$B"
done_testing
