#!/usr/bin/env bash
# t5600: control characters that come from input never reach the terminal
# raw (issue 12). In a real terminal (tmux) a student types an ESC
# sequence into an unknown command (readline's C-v inserts a literal
# ESC): the error shows it as ^[ and the screen is not cleared. A script
# whose line holds ESC [2J and a lesson with one in its text are shown
# the same way; `aisla -c` with a raw ESC prints no ESC byte at all.
. "$(dirname "$0")/lib-batch.sh"
need_cmd tmux
[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"

tmp=$(mktemp -d /tmp/t5600.XXXXXX)
defer rm -rf "$tmp"
printf 'marca\033[2Jborrado\n' >"$tmp/esc.txt"
printf -- '---\nlesson: 98\ntitle: Esc\n---\n# T\033[2J\n## Paso 1\n```aisla\nhelp\n```\n' >"$tmp/esc.lesson"

# Outside a terminal: not one ESC byte on stdout or stderr.
out=$(aisla -c "$(printf 'foo\033[2Jbar')" 2>&1)
is "aisla -c: exit 1" "$?" 1
like "aisla -c: the ESC is shown as ^[" "$out" "'foo\^\[\[2Jbar'"
is "aisla -c: no raw ESC byte" "$(printf '%s' "$out" | tr -dc '\033' | wc -c)" 0
out=$(aisla --check "$tmp/esc.lesson" 2>&1)
like "--check: a control character in a lesson is an error, shown as ^[" "$out" \
	'esc.lesson:5: error: .*\(\^\[\)'
is "--check: no raw ESC byte" "$(printf '%s' "$out" | tr -dc '\033' | wc -c)" 0

tm_start
screen() { tm_screen; }
wait_for() { tm_wait "$@"; }
ok "aisla started" wait_for 'aisla[#$] ' 10
tm_send 'help quit'
ok "a first command's output is on the screen" wait_for 'quit' 10
# foo, then a literal ESC (C-v ESC), then [2Jbar.
tm_keys -l 'foo'
tm_keys C-v Escape
tm_keys -l '[2Jbar'
tm_keys Enter
if wait_for "orden desconocida: 'foo\^\[\[2Jbar'" 10; then
	_t_result 0 "typed ESC: the error shows ^[ (visible)"
else
	_t_result 1 "typed ESC: the error shows ^[ (visible)" "$(screen | tail -n 15)"
fi
like "the screen was not cleared: the first command's output is still there" "$(screen)" \
	'aisla[#$] help quit'
tm_send "source $tmp/esc.txt"
if wait_for "orden desconocida: 'marca\^\[\[2Jborrado'" 10; then
	_t_result 0 "a script's ESC: shown as ^[ in the error"
else
	_t_result 1 "a script's ESC: shown as ^[ in the error" "$(screen | tail -n 15)"
fi
tm_send "lesson start $tmp/esc.lesson"
if wait_for 'esc.lesson:5: error: .*\(\^\[\)' 10; then
	_t_result 0 "a lesson's ESC: the lesson is refused and the ESC shown as ^["
else
	_t_result 1 "a lesson's ESC: the lesson is refused and the ESC shown as ^[" "$(screen | tail -n 15)"
fi
like "still not cleared at the end" "$(screen)" 'aisla[#$] help quit'
tm_send 'quit'
done_testing
