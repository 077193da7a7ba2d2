#!/usr/bin/env bash
# Negative checks for every lesson step (issue 15): each step that has
# checks has, in tests/data/wrong/NN.txt, one plausible wrong
# action (a failing command, a wrong address or name, relying on the
# checker's own side effect) that must not pass it. One aisla at a prompt
# per lesson, as a student types: at each step the wrong action and
# 'lesson check' first (the step must not pass), then its undo, then the
# lesson's own commands (the step must pass).
#
# A step's lines:  N wrong: LINE;;LINE   (';;' between command lines)
#                  N undo: LINE;;LINE    (optional: what undoes it)
#                  N needs: TOOL         (optional: counts only where installed)
# GUIDED_LESSONS="03 04" runs only those lessons.
. "$(dirname "$0")/lib-guided.sh"
need_root
need_cmd python3
t5_isolate
defer pkill -f -x 'sleep 1001'
AISLA_IMAGE_DIR=$(mktemp -d /tmp/aisla-img.XXXXXX)
export AISLA_IMAGE_DIR
defer rm -rf "$AISLA_IMAGE_DIR"
dir=$(mktemp -d); defer rm -rf "$dir"

# field TABLE STEP KEY: the text of the line "STEP KEY: ..."
field() { sed -n "s/^$2 $3: //p" "$1" 2>/dev/null | head -n 1; }
# how many times "✓ Paso N superado" is in the whole session so far
passes() { tm_screen | grep -c "✓ Paso $1 superado"; }
send_all() {	# send_all 'a;;b': each line at the prompt, one after the other
	local l
	[ -n "$1" ] || return 0
	while IFS= read -r l; do
		tm_ready 120
		tm_send "$l"
	done <<<"${1//;;/$'\n'}"
	tm_ready 120
}

lessons=()
if [ -n "${GUIDED_LESSONS:-}" ]; then
	for l in $GUIDED_LESSONS; do lessons+=("$TOP"/lessons/"$l"-*.lesson); done
else
	lessons=("$TOP"/lessons/*.lesson)
fi
for f in "${lessons[@]}"; do
	id=$(basename "$f" .lesson) les=${id%%-*}
	table=$TOP/tests/data/wrong/$les.txt
	plan=$(_g_parse "$f")
	mapfile -t steps < <(awk -F'\t' '$1 == "S" { print $2 ":" $3 }' <<<"$plan")
	# every step with checks has its row
	missing=""
	for sh in "${steps[@]}"; do
		[ "${sh#*:}" = 1 ] || continue
		[ -n "$(field "$table" "${sh%%:*}" wrong)" ] || missing+=" ${sh%%:*}"
	done
	is "$id: every step with checks has a wrong action in tests/data/wrong/$les.txt" "$missing" ""
	if ! _g_can "$f"; then
		diag "$id: this machine lacks what it needs"
		continue
	fi
	HOME=$dir/home-$les tm_start
	tm_wait 'aisla[#$] ' 20
	send_all "lesson start $les;;"	# Enter: the introduction waits
	for sh in "${steps[@]}"; do
		step=${sh%%:*} t0=$SECONDS
		# Enter: a passed step waits for it (an empty line otherwise)
		tm_ready 120; tm_keys Enter
		if [ "${sh#*:}" = 1 ]; then
			wrong=$(field "$table" "$step" wrong)
			undo=$(field "$table" "$step" undo)
			need=$(field "$table" "$step" needs)
			if [ -n "$need" ] && ! command -v "$need" >/dev/null 2>&1; then
				diag "$id step $step: its wrong action needs $need (the checks pass without it)"
			elif [ -n "$wrong" ]; then
				before=$(passes "$step")
				send_all "$wrong;;lesson check"
				is "$id step $step: '${wrong//;;/; }' does not pass it" "$(passes "$step")" "$before"
				send_all "$undo"
			fi
		fi
		before=$(passes "$step")
		send_all "$(awk -F'\t' -v s="$step" '$1 == "S" { cur = $2 } $1 == "C" && cur == s { print $2 }' <<<"$plan" | sed ':a;N;$!ba;s/\n/;;/g')"
		if [ "${sh#*:}" = 1 ]; then
			[ "$(passes "$step")" -gt "$before" ] || send_all "lesson check"
			ok "$id step $step: its own commands pass it" test "$(passes "$step")" -gt "$before"
		else
			send_all "lesson next"
		fi
		[ $((SECONDS - t0)) -lt 20 ] || diag "$id step $step took $((SECONDS - t0)) s"
	done
	like "$id: completed" "$(tm_screen)" "Lección '.*' completada"
	tmux -L "$_TM_SOCK" kill-server 2>/dev/null
	"$AISLA_BIN" reset -y --force >/dev/null 2>&1
	pkill -f -x 'sleep 1001' 2>/dev/null
done
done_testing
