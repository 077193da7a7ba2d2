#!/usr/bin/env bash
# t6002: reset does not wait for anyone's reaping. 20 nodes made with
# `unshare -n -p -m -u`, aisla's parent a subreaper that never reaps (as
# a lazy PID 1 does): reset kills every holder at once, waits on pidfds
# (a zombie is dead), deletes every namespace together, and is done in
# well under the seconds a reap would take; no holder is left running
# and no namespace is left. (The real figure is in bench/, not here.)
. "$(dirname "$0")/lib.sh"
need_root
need_cmd python3

P=$(rname z | head -c 9)
script=$(mktemp /tmp/aisla-t6002.XXXXXX); defer rm -f "$script"
for i in $(seq 20); do echo "unshare -n -p -m -u $P$i"; done >"$script"
for i in $(seq 20); do defer ip netns del "$P$i"; done
for i in 1 2 3; do defer ip netns del "${P}d$i"; done

live_holders() {
	local p
	for p in $(pgrep -f "^aisla-init $P[0-9]+\$"); do
		[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = Z ] || echo "$p"
	done
}
defer_kill() { local p; for p in $(live_holders); do kill -9 "$p"; done; }
defer defer_kill

inner=$(mktemp /tmp/aisla-t6002.XXXXXX); defer rm -f "$inner"
out=$(mktemp /tmp/aisla-t6002.XXXXXX); defer rm -f "$out"
cat >"$inner" <<EOS
set -u
"$AISLA_BIN" "$script" >/dev/null 2>&1 || echo "build failed" >>"$out"
echo "holders \$(pgrep -fc '^aisla-init $P[0-9]+\$')" >>"$out"
t0=\$(date +%s%N)
"$AISLA_BIN" reset -y >/dev/null 2>&1; echo "rc \$?" >>"$out"
echo "ms \$(( (\$(date +%s%N) - t0) / 1000000 ))" >>"$out"
# checked while the zombies are still ours (before the subreaper exits)
n=0
for p in \$(pgrep -f '^aisla-init $P[0-9]+\$'); do
	[ "\$(awk '{print \$3}' /proc/\$p/stat 2>/dev/null)" = Z ] || n=\$((n + 1))
done
echo "live \$n" >>"$out"
echo "zombies \$(pgrep -fc '^aisla-init $P[0-9]+\$')" >>"$out"
echo "netns \$(ip netns list | grep -c "^$P")" >>"$out"
# node del, one node at a time, does not wait for reaps either
"$AISLA_BIN" -c "unshare -n -p -m -u ${P}d1; unshare -n -p -m -u ${P}d2; unshare -n -p -m -u ${P}d3" >/dev/null 2>&1
t0=\$(date +%s%N)
"$AISLA_BIN" -c "node del ${P}d1; node del ${P}d2; node del ${P}d3" >/dev/null 2>&1; echo "delrc \$?" >>"$out"
echo "delms \$(( (\$(date +%s%N) - t0) / 1000000 ))" >>"$out"
echo "dellive \$(pgrep -fc '^aisla-init ${P}d[0-9]\$')" >>"$out"
"$AISLA_BIN" reset -y >/dev/null 2>&1
EOS
python3 "$TOP/tests/subreaper.py" bash "$inner"
diag "$(cat "$out")"
get() { awk -v k="$1" '$1 == k { print $2 }' "$out"; }
is "20 holders were running" "$(get holders)" 20
is "reset exits 0" "$(get rc)" 0
ok "reset took under 5 s ($(get ms) ms)" test "$(get ms)" -lt 5000
is "no holder is left running" "$(get live)" 0
is "no namespace is left" "$(get netns)" 0
is "node del of 3 nodes exits 0" "$(get delrc)" 0
ok "node del of 3 nodes took under 3 s ($(get delms) ms)" test "$(get delms)" -lt 3000
is "  and leaves no holder running" "$(get dellive)" 0
is "the journal is empty" "$(cat "$AISLA_RUN_DIR/journal" 2>/dev/null)" ""
done_testing
