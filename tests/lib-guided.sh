# tests/lib-guided.sh: a lesson replayed in guided mode through the real
# panes, as a student would: `lesson start N`, Enter, each step's
# reference commands typed at the prompt, Enter when the step passes.
# Asserts, at every step, on the captured screen: the step passes; when
# it passes, the output of its last command is still in the console and
# the next step's text has not pushed it away; on the full layout, no
# process of a check shows in the Procesos pane; and a table of key
# outputs (lesson 3 step 1 sees only lo; lesson 2's chroot listings;
# lesson 8's PID 1).
#
#   . tests/lib-guided.sh; guided_all COLSxROWS
. "$(dirname "${BASH_SOURCE[0]}")/lib-batch.sh"

# lesson:step  regex that must be on screen when the step passes
_G_KEY=(
	"03:1|^1: lo: <LOOPBACK>"
	"02:2|(^| )bin( |$)"
	"02:5|^1: lo: "
	"08:1|mi PID es 1"
)
# lesson:step  regex that must NOT be in the console when it passes
_G_NOT=(
	"03:1|^[2-9]: [a-z]"
)

# The lesson as lines: "S<TAB>N<TAB>HASCHECKS", "C<TAB>CMD", "X<TAB>CHECKCMD".
_g_parse() {
	python3 - "$1" <<'EOPY'
import re, shlex, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
n, sec, inblock = 0, None, False
out = []
for line in text:
    if line.startswith("## "):
        low = line[3:].strip().lower()
        if low.startswith("lo que has visto") or low.startswith("what you saw"):
            sec = None
            continue
        n += 1
        sec = {"n": n, "cmds": [], "checks": []}
        out.append(sec)
        continue
    if sec is None:
        continue
    if line.startswith("```aisla"):
        inblock = True
        continue
    if line.startswith("```"):
        inblock = False
        continue
    if inblock:
        if line.strip() and not line.strip().startswith("#"):
            sec["cmds"].append(line.strip())
        continue
    m = re.match(r"- check: (.*)", line)
    if m:
        sec["checks"].append(m.group(1))
for s in out:
    print("S\t%d\t%d" % (s["n"], 1 if s["checks"] else 0))
    for c in s["cmds"]:
        print("C\t" + c)
    for c in s["checks"]:
        w = c.split()
        while w and w[0] == "not":
            w = w[1:]
        if not w or w[0] != "exit":
            continue
        w = w[1:]
        if len(w) > 2 and w[0] == "in":
            w = w[2:]
        try:
            words = shlex.split(" ".join(w).rsplit("==", 1)[0])
        except ValueError:
            continue
        cmd = " ".join(words)
        if len(cmd) >= 8:
            print("X\t" + cmd[:12])
EOPY
}

_g_console() { screen | awk 'f { print } / Consola / { f = 1 }'; }
_g_pinned() { _g_console | head -1; }
_g_procs() { screen | awk '/ Procesos /{ f = 1 } / Topología /{ f = 0 } f { print substr($0, 1, 60) }'; }
# until the prompt row is an empty prompt (the last command is done)
_g_ready() {
	local i
	for ((i = 0; i < ${1:-60} * 10; i++)); do
		screen | tail -n 1 | grep -Eq '^aisla[#$] *$' && return 0
		sleep 0.1
	done
	return 1
}

# _g_type CMD: type it and wait until it has run (its echo is in the
# console, one more time than before, and the prompt is back).
_g_type() {
	local key=${1:0:20} n i
	n=$(screen | grep -cF -- "aisla# $key")
	type "$1"
	for ((i = 0; i < 100; i++)); do
		[ "$(screen | grep -cF -- "aisla# $key")" -gt "$n" ] && break
		# (the echo may scroll away at once under a long output)
		screen | tail -n 1 | grep -Eq '^ *$' && break
		sleep 0.05
	done
	_g_ready 120
}
# The screen at the moment each step was first seen passed (a step may
# pass before its last command, and what follows may scroll it away).
declare -A _G_SEEN
_g_sample() {
	local s k
	s=$(screen)
	for k in $(printf '%s' "$s" | grep -oE '✓ [Pp]aso [0-9]+ superado' | grep -oE '[0-9]+'); do
		[ -n "${_G_SEEN[$k]:-}" ] || _G_SEEN[$k]=$s
	done
	printf '%s' "$s" | grep -q "Lección '.*' completada" && [ -z "${_G_SEEN[done]:-}" ] &&
		_G_SEEN[done]=$s
	return 0
}
# Has step N passed? (its screen then is ${_G_SEEN[N]})
_g_passed() {
	_g_sample
	[ -n "${_G_SEEN[$1]:-}" ] && return 0
	[ "$1" = "$_G_LAST" ] && [ -n "${_G_SEEN[done]:-}" ] && return 0
	# its message may have scrolled away: a later step pinned says it too
	local m
	m=$(_g_pinned | sed -nE 's/^(✓ paso |\[[^]]* · paso )([0-9]+).*/\2/p')
	if [ -n "$m" ] && [ "$m" -gt "$1" ]; then
		_G_SEEN[$1]=$(screen)
		return 0
	fi
	return 1
}
_g_snap() { printf '%s' "${_G_SEEN[$1]:-${_G_SEEN[done]:-}}"; }

# guided_lesson FILE: one lesson through the panes (aisla already up).
guided_lesson() {
	local f=$1 id les plan step has last cmd passed snap i
	id=$(basename "$f" .lesson)
	les=${id%%-*}
	plan=$(_g_parse "$f")
	_G_SEEN=()
	local -a checkers=()
	while IFS=$'\t' read -r k v; do [ "$k" = X ] && checkers+=("$v"); done <<<"$plan"
	type "lesson start $les"
	if ! wait_for "Intro \(o 'lesson next'\): paso 1|\[$id · paso 1 de" 30 >/dev/null 2>&1; then
		_t_result 1 "$id: lesson start" "$(screen | tail -n 15)"
		return
	fi
	_g_pinned | grep -q '^Intro' && keys Enter
	# steps, in order
	local -a steps=()
	while IFS=$'\t' read -r k v h; do [ "$k" = S ] && steps+=("$v:$h"); done <<<"$plan"
	_G_LAST=${steps[${#steps[@]}-1]%%:*}
	for sh in "${steps[@]}"; do
		step=${sh%%:*} has=${sh##*:}
		for ((i = 0; i < 300; i++)); do
			screen | grep -q "\[$id · paso $step de" && break
			_g_passed "$step" && break	# (passed by the last step's commands)
			sleep 0.1
		done
		[ $i -lt 300 ] ||
			{ _t_result 1 "$id step $step: shown" "$(screen | tail -n 15)"; return; }
		passed=0 snap=""
		last=""
		while IFS= read -r cmd; do
			_g_ready 90
			# (a step may pass a moment after a command: its checks settle)
			[ -z "$snap" ] && _g_passed "$step" && snap=$(_g_snap "$step")
			_g_type "$cmd"
			last=$cmd
			[ -z "$snap" ] && _g_passed "$step" && snap=$(_g_snap "$step")
		done < <(awk -F'\t' -v s="$step" '$1 == "S" { cur = $2 } $1 == "C" && cur == s { print $2 }' <<<"$plan")
		if [ "$has" = 0 ]; then
			_g_type 'lesson next'
			continue
		fi
		if [ -z "$snap" ]; then
			for ((i = 0; i < 300; i++)); do
				if _g_passed "$step"; then
					snap=$(_g_snap "$step")
					break
				fi
				sleep 0.1
			done
		fi
		if [ -z "$snap" ] && [ "$step" = "$_G_LAST" ]; then
			# the last step: its message may have scrolled away, but then
			# no lesson is running any more
			_g_type 'lesson goal'
			screen | grep -q 'no hay ninguna lección en marcha' &&
				_G_SEEN[done]=$(screen) && snap=${_G_SEEN[done]}
		fi
		if [ -z "$snap" ]; then
			_t_result 1 "$id step $step passes" "$(screen | tail -n 20)"
			return
		fi
		_t_result 0 "$id step $step passes"
		# the result stays: the next step's text is not on screen yet
		# (unless the step passed before its last command)
		local next=$((step + 1))
		if [ "$(_g_count_cmds "$plan" "$step")" -gt 0 ] && printf '%s' "$snap" | grep -q "aisla[#$] ${last:0:20}"; then
			unlike "$id step $step: the next step waits (its text does not bury the result)" \
				"$snap" "\[$id · paso $next de [0-9]+\] "
		fi
		for kv in "${_G_KEY[@]}"; do
			[ "${kv%%|*}" = "$les:$step" ] && like "$id step $step: its key output is on screen" \
				"$(printf '%s' "$snap" | awk 'f { print } / Consola / { f = 1 }')" "${kv#*|}"
		done
		for kv in "${_G_NOT[@]}"; do
			[ "${kv%%|*}" = "$les:$step" ] && unlike "$id step $step: and nothing more" \
				"$(printf '%s' "$snap" | awk 'f { print } / Consola / { f = 1 }')" "${kv#*|}"
		done
		if [ "$_G_FULL" = 1 ] && [ ${#checkers[@]} -gt 0 ]; then
			local procs bad=""
			procs=$(printf '%s' "$snap" | awk '/ Procesos /{ f = 1 } / Topología /{ f = 0 } f { print substr($0, 1, 60) }' | sed 's/\xcc\xb6//g')
			for c in "${checkers[@]}"; do
				printf '%s' "$procs" | grep -qF -- "$c" && bad+="$c; "
			done
			is "$id step $step: no check process in the Procesos pane" "$bad" ""
		fi
		# go on: Enter while it waits
		[ -n "${_G_SEEN[done]:-}" ] && break
		if _g_pinned | grep -q "^✓ paso $step superado"; then
			keys Enter
			_g_ready 30
		fi
	done
	_g_sample
	if [ -n "${_G_SEEN[done]:-}" ]; then
		_t_result 0 "$id: completed"	# (later output may have scrolled it away)
	else
		ok "$id: completed" wait_for "Lección '.*' completada" 30
	fi
}
_g_count_cmds() { awk -F'\t' -v s="$2" '$1 == "S" { cur = $2 } $1 == "C" && cur == s { n++ } END { print n + 0 }' <<<"$1"; }

# Skip a lesson whose needs this machine lacks (a diag says which).
_g_can() {
	local needs w
	needs=$(sed -n '1,/^---$/{/^needs:/s/^needs:[[:space:]]*//p}' "$1" | head -1)
	for w in ${needs//,/ }; do
		case $w in
		busybox) command -v busybox >/dev/null 2>&1 || return 1 ;;
		cgroup2|cgroup-v2) [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ] || return 1 ;;
		2cpus|cpus) [ "$(nproc)" -ge 2 ] || return 1 ;;
		nftables) command -v nft >/dev/null 2>&1 || return 1 ;;
		umoci) command -v umoci >/dev/null 2>&1 || return 1 ;;
		esac
	done
	return 0
}

# guided_all COLSxROWS [LESSON...]: every lesson (or those given) in one
# aisla session of that size; reset between lessons.
guided_all() {
	local size=$1 f
	shift
	need_root
	need_cmd python3
	t5_isolate
	. "$TOP/tests/lib-tui.sh"
	defer env AISLA_RUN_DIR="$AISLA_RUN_DIR" "$AISLA_BIN" reset -y --force
	# Lesson 14 builds images: in a store of the test's own, never /var/lib.
	AISLA_IMAGE_DIR=$(mktemp -d /tmp/aisla-img.XXXXXX)
	export AISLA_IMAGE_DIR
	defer rm -rf "$AISLA_IMAGE_DIR"
	_G_FULL=0
	[ "${size%x*}" -ge 120 ] && [ "${size#*x}" -ge 35 ] && _G_FULL=1
	tui_start "$size"
	ok "panes up at $size" wait_for ' Consola ' 10
	local -a files=()
	if [ $# -gt 0 ]; then
		for l in "$@"; do files+=("$TOP"/lessons/"$l"-*.lesson); done
	else
		files=("$TOP"/lessons/*.lesson)
	fi
	for f in "${files[@]}"; do
		if ! _g_can "$f"; then
			diag "$(basename "$f"): this machine lacks what it needs"
			continue
		fi
		guided_lesson "$f"
		type 'reset -y'
		_g_ready 60
	done
	done_testing
}
