#!/usr/bin/env bash
# t5300: a guided run of lesson 04 driven through tmux, as a student would
# type it: the steps advance when their checks hold; a wrong address makes
# step 4 say what it saw, `lesson hint` gives the hint written for the
# failing check, and fixing it advances the lesson (a passed step waits
# for Enter: "" below). Progress is saved.
. "$(dirname "$0")/lib-batch.sh"
need_root
need_cmd tmux
[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"
[ -f "$TOP/lessons/04-veth.lesson" ] || skip "lessons/04-veth.lesson no existe todavía"
t5_isolate	# its own netns and /run/netns: the lesson's names are private
for n in rojo azul; do
	ip netns list | grep -qw "$n" && skip "ya existe un netns '$n' (la lección usa ese nombre)"
done
ip link show v-host >/dev/null 2>&1 && skip "ya existe v-host en el host"

defer env AISLA_RUN_DIR="$AISLA_RUN_DIR" "$AISLA_BIN" reset -y --force
tm_start
screen() { tm_screen; }
wait_for() { tm_wait "$@"; }
# Type a line at the prompt, as a student: wait for the prompt first.
nprompt() { screen | grep -c 'aisla[#$] '; }
type_line() {
	local n i
	n=$(nprompt)
	tm_send "$1"
	for ((i = 0; i < 150; i++)); do
		[ "$(nprompt)" -gt "$n" ] && return 0
		sleep 0.1
	done
}
step() { # step DESCRIPTION REGEX COMMAND...
	local d=$1 re=$2
	shift 2
	for c in "$@"; do type_line "$c"; done
	if wait_for "$re" 15; then _t_result 0 "$d"; else _t_result 1 "$d" "$(screen | tail -n 25)"; fi
}

ok "aisla started" wait_for 'aisla[#$] ' 10
step "lesson start 4 shows the introduction and waits" "Intro \\(o 'lesson next'\\): paso 1" "lesson start 4"
step "Enter: step 1" 'paso 1 de [0-9]+\] Paso 1' ""
step "step 1 passes" 'Paso 1 superado' "netns add rojo" "netns add azul"
step "step 2 passes" 'Paso 2 superado' "" "veth v-host v-rojo@rojo"
step "step 3 passes" 'Paso 3 superado' "" "link del v-host" "veth v-rojo@rojo v-azul@azul"

# The student types a wrong address first.
step "a wrong address: step 4 says what it saw" \
	"paso 4 aún no: 'v-rojo@rojo' tiene 10\.0\.0\.9/24, no 10\.0\.0\.1/24" \
	"" "addr add 10.0.0.9/24 dev v-rojo@rojo"
unlike "step 4 has not passed" "$(screen)" 'Paso 4 superado'
step "lesson hint gives the hint of the failing check" \
	'pista: .*(v-rojo@rojo.*10\.0\.0\.1/24|10\.0\.0\.1/24.*v-rojo@rojo)' "lesson hint"
step "lesson check shows each check" "✗ addr v-rojo@rojo 10\.0\.0\.1/24 — 'v-rojo@rojo' tiene 10\.0\.0\.9/24" \
	"lesson check"
step "fixed: step 4 passes" 'Paso 4 superado' \
	"addr del 10.0.0.9/24 dev v-rojo@rojo" "addr add 10.0.0.1/24 dev v-rojo@rojo" \
	"addr add 10.0.0.2/24 dev v-azul@azul"
unlike "the next step waits for Enter (the result stays)" "$(screen)" 'Enciende los dos extremos'
is "progress saved at the next step" "$(cat "$HOME/.local/share/aisla/progress" 2>/dev/null)" "04-veth 5 open"
step "Enter: the next step is shown" 'paso 5 de [0-9]+\] Paso 5' ""
is "progress saved" "$(cat "$HOME/.local/share/aisla/progress" 2>/dev/null)" "04-veth 5 open"
step "lesson goal repeats the step" 'Enciende los dos extremos' "lesson goal"
step "lesson stop --reset undoes what the lesson made" 'objetos? deshechos?' "lesson stop --reset"
ok "rojo is gone" sh -c '! ip netns list | grep -qw rojo'
type_line "quit"
done_testing
