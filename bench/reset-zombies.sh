#!/usr/bin/env bash
# bench/reset-zombies.sh [N]: `aisla reset -y` of N nodes made with
# `unshare -n -p -m -u`, aisla's parent a child subreaper that never reaps
# (tests/subreaper.py), as under a lazy PID 1 (containers, CI runners):
# the killed holders stay zombies, and reset must not wait for them.
# Prints "# reset of N pid-namespace nodes under a non-reaping subreaper:
# MS ms (median of BENCH_RUNS)". Needs root and python3. Not a test
# (t6002 asserts a generous bound; this is the figure).
. "$(dirname "$0")/lib.sh"
N=${1:-20}
P=bz$((RANDOM % 900 + 100))
W=$(mktemp -d /tmp/aisla-bench.XXXXXX)
trap 'rm -rf "$W"; [ -n "${RD:-}" ] && rm -rf "$RD"' EXIT
for ((i = 1; i <= N; i++)); do echo "unshare -n -p -m -u ${P}n$i"; done >"$W/build"
cat >"$W/inner" <<EOS
RD=\$(mktemp -d /run/aisla-bench.XXXXXX)
AISLA_RUN_DIR=\$RD "$AISLA" "$W/build" >/dev/null 2>&1
t=\$(date +%s%N)
AISLA_RUN_DIR=\$RD "$AISLA" reset -y >/dev/null 2>&1
echo \$(( (\$(date +%s%N) - t) / 100000 )) | sed 's/\(.\)\$/.\1/'
rm -rf "\$RD"
EOS
ms=()
for ((r = 0; r < RUNS; r++)); do
	ms+=("$(/usr/bin/python3 "$TOP/tests/subreaper.py" bash "$W/inner")")
	settle "$P"
done
echo "# reset of $N pid-namespace nodes under a non-reaping subreaper: $(printf '%s\n' "${ms[@]}" | median) ms (median of $RUNS)"
