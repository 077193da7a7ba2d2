#!/usr/bin/env bash
# t5710: the check language's parser is linear and bounded (issue 12): a
# check with 50,000 nested `not` (before: 24 GB and the OOM killer) is
# rejected by --check, and by batch mode alike, with a clear error about
# the nesting, in under a second and 50 MiB (GNU time's figures); 8 are
# still fine.
. "$(dirname "$0")/lib.sh"
[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"
[ -x /usr/bin/time ] || skip "falta /usr/bin/time (GNU time) para medir memoria"
tmp=$(mktemp -d /tmp/t5710.XXXXXX)
defer rm -rf "$tmp"
lesson() { # lesson N FILE: a lesson whose check has N nested `not`
	{
		printf -- '---\nlesson: 95\ntitle: Not\n---\n# Not\n## Paso 1\n```aisla\nhelp\n```\n- check: '
		for ((i = 0; i < $1; i++)); do printf 'not '; done
		printf 'file /\n'
	} >"$2"
}
lesson 50000 "$tmp/many.lesson"
lesson 8 "$tmp/eight.lesson"

/usr/bin/time -f '%e %M' -o "$tmp/time" "$AISLA_BIN" --check "$tmp/many.lesson" >"$tmp/out" 2>&1
is "--check: 50,000 'not' rejected (exit 1)" "$?" 1
like "--check: the error says the nesting, on the check's line" "$(cat "$tmp/out")" \
	"many.lesson:10: error: .*50000 'not' seguidos; como mucho 8"
read -r secs kib < <(tail -n 1 "$tmp/time")
diag "--check with 50,000 not: ${secs} s, ${kib} KiB"
ok "--check: under a second (${secs} s)" awk -v s="$secs" 'BEGIN { exit !(s < 1.0) }'
ok "--check: under 50 MiB (${kib} KiB)" test "$kib" -lt $((50 * 1024))
/usr/bin/time -f '%e %M' -o "$tmp/time" "$AISLA_BIN" "$tmp/many.lesson" >"$tmp/bout" 2>&1 </dev/null
is "batch: rejected too (exit 1)" "$?" 1
is "batch: the same error" "$(grep 'error: .*not' "$tmp/bout")" "$(grep 'error: .*not' "$tmp/out")"
read -r secs kib < <(tail -n 1 "$tmp/time")
ok "batch: under 50 MiB (${kib} KiB)" test "$kib" -lt $((50 * 1024))
ok "8 nested 'not' are fine" aisla --check "$tmp/eight.lesson"
done_testing
