#!/usr/bin/env bash
# Checks verify the student's own action (issue 15, point 3): for each
# step below, a plausible wrong action (a failing command, a wrong
# address, relying on the checker's own side effect) must not pass it;
# the lesson's own commands for the step must. Table-driven: one row per
# step; the earlier steps' reference commands set the stage.
#   lesson | step | wrong action (';;' between lines)
. "$(dirname "$0")/lib-guided.sh"
need_root
need_cmd busybox
need_cmd python3
t5_isolate

rows=(
"01|3|!sh -c 'timeout 5 sleep 1001 >/dev/null 2>&1 &'"
"01|5|!sh -c 'echo hola'"
"03|1|unshare -n -- ip lnk"
"03|3|exec rojo ip addr"
"04|1|netns add rojo"
"04|4|addr add 10.0.0.9/24 dev v-rojo@rojo;;addr add 10.0.0.2/24 dev v-azul@azul"
"04|6|link list"
"05|4|route list netns1"
"05|7|forward netns1 on;;ping netns1 10.0.12.2 -c 1"
"06|4|bridge attach mibridge veth0h;;link set veth0h up"
"06|6|ping netns0 10.0.0.10 -c 1"
"08|1|unshare -n -- sh -c 'echo mi PID es \$\$'"
)
defer pkill -f -x 'sleep 1001'
dir=$(mktemp -d); defer rm -rf "$dir"
# one aisla at a prompt in tmux per run, as a student types: a command
# that fails (some steps show one on purpose) does not stop the rest
run_at_prompt() {	# run_at_prompt HOME LINE...
	local home=$1 l
	shift
	HOME=$home tm_start
	tm_wait 'aisla[#$] ' 20
	for l in "$@"; do
		tm_ready 120
		tm_send "$l"
	done
	tm_ready 120
	tm_screen
	tmux -L "$_TM_SOCK" kill-server 2>/dev/null
}
for row in "${rows[@]}"; do
	IFS='|' read -r les step wrong <<<"$row"
	f=$(ls "$TOP"/lessons/"$les"-*.lesson 2>/dev/null | head -1)
	[ -n "$f" ] || { diag "no lesson $les"; continue; }
	plan=$(_g_parse "$f")
	cmds_of() { awk -F'\t' -v s="$1" '$1 == "S" { cur = $2 } $1 == "C" && cur == s { print $2 }' <<<"$plan"; }
	checked() { awk -F'\t' -v s="$1" '$1 == "S" && $2 == s { print $3 }' <<<"$plan"; }
	for kind in wrong right; do
		lines=("lesson start $les" "")	# Enter: the introduction waits
		for ((i = 1; i < step; i++)); do
			while IFS= read -r c; do lines+=("$c"); done < <(cmds_of "$i")
			[ "$(checked "$i")" = 1 ] || lines+=("lesson next")
		done
		if [ $kind = wrong ]; then
			IFS=$'\n' read -r -d '' -a act <<<"${wrong//;;/$'\n'}"
		else
			mapfile -t act < <(cmds_of "$step")
		fi
		lines+=("${act[@]}" "lesson check")
		out=$(run_at_prompt "$dir/home-$les-$step-$kind" "${lines[@]}")
		"$AISLA_BIN" reset -y --force >/dev/null 2>&1
		pkill -f -x 'sleep 1001' 2>/dev/null
		if [ $kind = wrong ]; then
			unlike "lesson $les step $step: '${wrong//;;/; }' does not pass it" "$out" "✓ Paso $step superado"
		else
			like "lesson $les step $step: its own commands pass it" "$out" "✓ Paso $step superado"
		fi
	done
done
done_testing
