#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS]: run each libFuzzer target for SECONDS
# (default 30) on a corpus made from the course: the lessons and demos for
# fuzz-lesson, their `- check:` lines for fuzz-check, their commands for
# fuzz-line. Prints each target's figures (runs, coverage, corpus); exits 1
# when a target crashed, leaked or timed out (the reproducer is kept in
# tests/fuzz/crashes/). Build first: make fuzz-build (clang).
set -u
cd "$(dirname "$0")/../.." || exit 1
secs=${1:-30}
work=$(mktemp -d /tmp/aisla-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lesson" "$work/check" "$work/line" tests/fuzz/crashes
for f in lessons/*.lesson demos/*.demo; do
	[ -f "$f" ] || continue
	# fuzz-lesson picks the name from the first byte: 0 lesson, 1 demo.
	case $f in *.demo) p='1' ;; *) p='0' ;; esac
	{ printf '%s' "$p"; cat "$f"; } >"$work/lesson/$(basename "$f")"
	sed -n 's/^- check: //p' "$f" | while IFS= read -r c; do
		printf '%s' "$c" >"$work/check/$(printf '%s' "$c" | md5sum | cut -c1-16)"
	done
	sed -n '/^```aisla/,/^```/{/^```/d;p}' "$f" | while IFS= read -r c; do
		printf '%s' "$c" >"$work/line/$(printf '%s' "$c" | md5sum | cut -c1-16)"
	done
done
rc=0
for t in lesson check line; do
	bin=tests/fuzz/fuzz-$t
	if [ ! -x "$bin" ]; then
		echo "fuzz-$t: not built (make fuzz-build)"; rc=1; continue
	fi
	n=$(ls "$work/$t" | wc -l)
	log=$work/$t.log
	ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix=tests/fuzz/crashes/$t- \
		"$work/$t" >"$log" 2>&1
	st=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1)
	ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -1)
	corp=$(grep -Eo 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1)
	echo "fuzz-$t: ${secs}s, seed corpus $n, runs ${runs:-?}, $cov, $ft, $corp, exit $st"
	if [ "$st" != 0 ]; then
		rc=1
		grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
	fi
done
exit $rc
