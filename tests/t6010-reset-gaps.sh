#!/usr/bin/env bash
# t6010: the gaps of issue 11's point 4, each checked on real objects:
# a maker orphaned before the state file exists undoes its holder; state
# files and the journal get fixed modes whatever the umask, and a state
# file others could write is not believed; a non-root reset on root's
# journal fails and says why; a line is checked whole before it runs; the
# explanation of addr prints the canonical prefix.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd setpriv
need_cmd jq

# live (not zombie) pids whose command line is exactly "$1"
live_titled() {
	local p
	for p in $(pgrep -x -f "$1"); do
		[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = Z ] || echo "$p"
	done
}
killall_titled() { local p; for p in $(pgrep -x -f "$1"); do kill -9 "$p"; done; }

# 1. aisla killed while the maker has forked the holder but not yet
#    written the state file: the maker must take its holder down.
n=$(rname h)
defer killall_titled "aisla-init $n"
defer ip netns del "$n"
AISLA_TEST_STALL=holder-state "$AISLA_BIN" -c "unshare -n -p $n" >/dev/null 2>&1 &
apid=$!
for i in $(seq 100); do [ -n "$(live_titled "aisla-init $n")" ] && break; sleep 0.05; done
ok "the holder runs while its maker stalls" test -n "$(live_titled "aisla-init $n")"
kill -9 "$apid"; wait "$apid" 2>/dev/null
out=$(aisla reset -y 2>&1)
for i in $(seq 40); do [ -z "$(live_titled "aisla-init $n")" ] && break; sleep 0.05; done
is "no holder outlives aisla killed before the state file" "$(live_titled "aisla-init $n")" ""
nok "  and no state file is left" test -e "$AISLA_RUN_DIR/nodes/$n"

# 2. umask 000: the files keep their modes.
n=$(rname u)
defer killall_titled "aisla-holder $n"
(umask 000; "$AISLA_BIN" -c "unshare -u $n" >/dev/null 2>&1)
is "state file 0644 under umask 000" "$(stat -c %a "$AISLA_RUN_DIR/nodes/$n")" 644
is "journal 0644 under umask 000" "$(stat -c %a "$AISLA_RUN_DIR/journal")" 644
is "nodes directory 0755 under umask 000" "$(stat -c %a "$AISLA_RUN_DIR/nodes")" 755
# Someone rewrites the (now world-writable) state file to aim the reset's
# SIGKILL at a process of theirs: aisla must not believe it.
sleep 300 & victim=$!
defer kill -9 "$victim"
vstart=$(awk '{print $22}' "/proc/$victim/stat")
chmod 666 "$AISLA_RUN_DIR/nodes/$n"
sed -i "s/^holder=.*/holder=$victim/; s/^start=.*/start=$vstart/" "$AISLA_RUN_DIR/nodes/$n"
out=$(aisla reset -y 2>&1)
ok "a world-writable state file does not aim reset's kill" kill -0 "$victim"
is "  the real holder is gone" "$(live_titled "aisla-holder $n")" ""
kill -9 "$victim"; wait "$victim" 2>/dev/null
rm -f "$AISLA_RUN_DIR/nodes/$n"

# 3. A non-root user with root's journal: an error, not "nothing to do".
n=$(rname r)
defer ip netns del "$n"
aisla -c "netns add $n" >/dev/null 2>&1
chmod 755 "$AISLA_RUN_DIR"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$AISLA_BIN" reset -y 2>&1); rc=$?
is "non-root reset of root's journal exits 1" "$rc" 1
unlike "  and does not say there is nothing to undo" "$out" 'Nada que deshacer'
like "  it says the journal is root's" "$out" 'sudo'
ok "  the namespace is still there" test -e "/run/netns/$n"
aisla reset -y >/dev/null 2>&1
nok "root's reset removes it" test -e "/run/netns/$n"

# 4. A line is validated whole before anything in it runs.
n=$(rname v)
defer ip netns del "$n"
out=$(aisla -c "netns add $n ;; bogus" 2>&1); rc=$?
is "a line with an unknown command fails" "$rc" 1
nok "  and creates nothing" test -e "/run/netns/$n"
out=$(aisla -c "netns add $n; $n ip -br link" 2>&1); rc=$?
is "a node shorthand for a node made earlier in the line still works" "$rc" 0
aisla reset -y >/dev/null 2>&1

# 5. addr's explanation prints the canonical prefix (ip reads /024 as octal).
n=$(rname a)
defer ip netns del "$n"
out=$(aisla -c "netns add $n; addr add 10.9.0.1/024 dev lo@$n" 2>&1)
like "explain shows /24" "$out" "≈ ip -n $n addr add 10.9.0.1/24 dev lo"
line=$(printf '%s\n' "$out" | sed -n 's/^≈ ip -n [^ ]* addr add \([^ ]*\) dev lo$/\1/p')
ip -n "$n" addr flush dev lo
ip -n "$n" addr add "$line" dev lo
is "  and ip makes /24 of the explained line" "$(ip -n "$n" -j addr show lo | jq -r '.[0].addr_info[] | select(.family == "inet") | .prefixlen')" 24
aisla reset -y >/dev/null 2>&1
done_testing
