#!/usr/bin/env bash
# t5700: `aisla --check` and batch mode (`aisla FILE`) are one validator
# (issue 12): for every malformed line of tests/data/malformed-lines.txt
# (at least 200), put in a small lesson, both exit 1, print the same
# "FILE:LINE: error: ..." lines, and one of them names the line where the
# case was put. Batch runs nothing of such a file: the lesson's one
# command would leave a file behind, and it must not exist afterwards.
. "$(dirname "$0")/lib.sh"
[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"
corpus=$TOP/tests/data/malformed-lines.txt
[ -f "$corpus" ] || skip "falta $corpus"

tmp=$(mktemp -d /tmp/t5700.XXXXXX)
defer rm -rf "$tmp"
f=$tmp/case.lesson
ran=$tmp/ran

# make_case KIND TEXT: writes $f; sets $want_line.
make_case() {
	local kind=$1 text=$2 n=0
	{
		echo '---'; n=1
		echo 'lesson: 97'; echo 'title: Corpus'; n=3
		if [ "$kind" = meta ]; then printf '%s\n' "$text"; n=$((n + 1)); want_line=$n; fi
		echo '---'; echo; echo '# Corpus'; echo; echo 'Texto.'; echo; echo '## Paso 1 — uno'; echo
		echo '```aisla'; n=$((n + 9))
		echo "record $ran"; echo 'record stop'; n=$((n + 2))
		if [ "$kind" = cmd ]; then printf '%s\n' "$text"; n=$((n + 1)); want_line=$n; fi
		echo '```'; echo; n=$((n + 2))
		echo '- check: file /'; n=$((n + 1))
		if [ "$kind" = check ]; then printf -- '- check: %s\n' "$text"; n=$((n + 1)); want_line=$n; fi
		if [ "$kind" = line ]; then printf '%s\n' "$text"; n=$((n + 1)); want_line=$n; fi
		echo '- hint[file]: Una pista.'
	} >"$f"
}

errors() { grep -E "^$f:[0-9]+: error: " | sort; }

total=0 agree=0 bad=()
while IFS=$'\t' read -r kind text; do
	case $kind in ''|'#'*) continue ;; esac
	text=${text//\\e/$'\033'}
	text=${text//\\a/$'\a'}
	total=$((total + 1))
	make_case "$kind" "$text"
	rm -f "$ran"
	c_out=$("$AISLA_BIN" --check "$f" 2>&1); c_rc=$?
	b_out=$(cd "$tmp" && "$AISLA_BIN" "$f" 2>&1 </dev/null); b_rc=$?
	c_err=$(printf '%s\n' "$c_out" | errors)
	b_err=$(printf '%s\n' "$b_out" | errors)
	why=
	[ "$c_rc" = 1 ] || why+=" --check exit $c_rc;"
	[ "$b_rc" = 1 ] || why+=" batch exit $b_rc;"
	[ -n "$c_err" ] || why+=" --check printed no FILE:LINE error;"
	[ "$c_err" = "$b_err" ] || why+=" different messages;"
	printf '%s\n' "$c_err" | grep -q "^$f:$want_line: " || why+=" no error on line $want_line;"
	[ -e "$ran" ] && why+=" batch ran a command;"
	if [ -z "$why" ]; then
		agree=$((agree + 1))
	else
		bad+=("$kind $(printf '%q' "$text"):$why")
		diag "--check: $c_err"
		diag "batch:   $b_err"
	fi
done <"$corpus"

ok "the corpus has at least 200 cases ($total)" test "$total" -ge 200
if [ ${#bad[@]} = 0 ]; then
	_t_result 0 "--check and batch reject all $total cases alike, on their line"
else
	_t_result 1 "--check and batch reject all $total cases alike, on their line" \
		"$(printf '%s\n' "${bad[@]}")"
fi
done_testing
