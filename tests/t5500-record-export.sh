#!/usr/bin/env bash
# t5500: record, export, demo play and the lesson/demo commands from the
# command line: a recording holds what was typed (not help, not record
# itself) and replays with `demo play` and `aisla FILE`; export writes a
# bash script of real tools; lesson progress is kept in ~/.local/share.
. "$(dirname "$0")/lib.sh"
need_root
[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"
tmp=$(mktemp -d /tmp/t5500.XXXXXX)
defer rm -rf "$tmp"
n=$(rname r)
defer ip netns del "$n"
defer "$AISLA_BIN" reset -y

ok "record a session" aisla -c "record $tmp/r.txt; netns add $n; help; explain off; link set lo@$n up; record stop"
rec=$(grep -v '^#' "$tmp/r.txt")
is "the recording holds the commands typed" "$rec" "netns add $n
link set lo@$n up"
like "it starts with a comment" "$(head -1 "$tmp/r.txt")" '^# '
ok "reset" aisla reset -y
nok "the netns is gone" ip netns pids "$n"

ok "demo play the recording" aisla -c "demo play $tmp/r.txt --delay 0"
ok "the netns is back" ip netns pids "$n"
like "lo is up in it" "$(ip -n "$n" -o link show lo)" 'UP'
ok "reset" aisla reset -y

ok "aisla FILE runs the recording" aisla "$tmp/r.txt"
ok "the netns is back again" ip netns pids "$n"

ok "export" aisla -c "link set lo@$n down; export $tmp/e.sh"
like "the export uses the real tools" "$(cat "$tmp/e.sh")" "ip -n $n link set lo down"
like "each command under its aisla comment" "$(cat "$tmp/e.sh")" "# aisla> link set lo@$n down"
ok "the export is valid bash" bash -n "$tmp/e.sh"
ok "reset" aisla reset -y
ok "export after reset is empty" aisla -c "export $tmp/e2.sh"
is "no commands in it" "$(grep -vc '^#\|^$\|^set -e' "$tmp/e2.sh")" 0

out=$(aisla -c 'record stop' 2>&1)
like "record stop without recording fails" "$out" 'nada|nothing'
out=$(aisla -c 'lesson hint' 2>&1)
like "lesson hint without a lesson says so" "$out" 'ninguna lección|no lesson'
out=$(AISLA_DATADIR=$TOP aisla -c 'lesson start 99' 2>&1)
like "an unknown lesson" "$out" "no hay ninguna lección '99'|there is no lesson"

if [ -f "$TOP/lessons/04-veth.lesson" ]; then
	out=$(cd / && AISLA_DATADIR=$TOP aisla -c 'lesson list' 2>&1)
	like "lesson list shows lesson 04" "$out" '04-veth +Pares veth'
	out=$(cd / && AISLA_DATADIR=$TOP aisla -c 'lesson start 4; lesson next; lesson next' 2>&1)
	like "lesson start shows step 1" "$out" 'paso 1 de'
	like "lesson next moves on" "$out" 'paso 3 de'
	out=$(cd / && AISLA_DATADIR=$TOP aisla -c 'lesson list' 2>&1)
	like "progress is kept" "$out" '04-veth .*paso 3 de'
	out=$(cd / && AISLA_DATADIR=$TOP aisla -c 'lesson 4; lesson back; lesson goal' 2>&1)
	like "resumes, back, goal" "$out" 'se continúa en el paso 3.*|paso 2 de'
fi
if ls "$TOP"/demos/*.demo >/dev/null 2>&1; then
	out=$(cd / && AISLA_DATADIR=$TOP aisla -c 'demo list' 2>&1)
	like "demo list" "$out" 'veth'
fi
done_testing
