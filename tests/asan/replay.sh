#!/usr/bin/env bash
# tests/asan/replay.sh [TESTS...]: replay every lesson and demo (each
# test that calls batch_file: t51*, t52*, t70*...; or the tests named)
# with ./aisla-asan (make aisla-asan). Every
# AddressSanitizer, LeakSanitizer or UBSan report is written to a log
# directory; the replay fails when a test fails or any report was written,
# and prints the reports.
set -u
cd "$(dirname "$0")/../.." || exit 1
[ -x ./aisla-asan ] || { echo "no ./aisla-asan: make aisla-asan"; exit 1; }
logs=$(mktemp -d /tmp/aisla-asan.XXXXXX)
trap 'rm -rf "$logs"' EXIT
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
# Every test that replays a lesson or a demo (lib-batch.sh's batch_file).
[ $# -gt 0 ] || set -- $(grep -l 'batch_file' tests/t[0-9]*.sh | xargs -n1 basename | sed 's/-.*//')
start=$(date +%s)
AISLA_BIN=$PWD/aisla-asan tests/run "$@" | tee "$logs/run.out"
rc=${PIPESTATUS[0]}
# Reports land in the log directory, or (in a test's own namespaces) in
# the output of the test that failed because of them.
nf=$(find "$logs" -type f ! -name run.out | wc -l)
nr=$(grep -cE 'runtime error:|ERROR: (Address|Leak)Sanitizer' "$logs/run.out")
echo "asan replay: $(($(date +%s) - start)) s, tests exit $rc, $nf report file(s)," \
	"$nr report(s) in the output"
if [ "$nf" -gt 0 ]; then
	for f in "$logs"/*; do [ "$f" = "$logs/run.out" ] || { echo "== $f"; head -n 40 "$f"; }; done
fi
[ "$nf" = 0 ] && [ "$nr" = 0 ] || exit 1
exit $rc
