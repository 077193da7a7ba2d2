#!/usr/bin/env bash
# bench/bundle-run.sh: starting a container from an OCI bundle and removing
# it, aisla (`aisla -c "bundle run B N; node del N"`: a node with its holder,
# the network namespace joined by path, pid/mnt/uts/ipc new, pivot_root, the
# process started, then all of it removed) against runc (`runc run -d -b B
# ID; runc delete -f ID`), the tool a user would pick. The same bundle,
# written once by `bundle NODE DIR -- sleep 1000` from a network-only node.
# hyperfine (Debian's package) times the whole commands, median of
# BENCH_RUNS runs (default 10). Prints the medians and the ratio. Needs
# root, runc, hyperfine, jq. Not a test.
set -u
cd "$(dirname "$0")" || exit 1
AISLA=${AISLA_BIN:-$PWD/../aisla}
RUNS=${BENCH_RUNS:-10}
[ "$(id -u)" = 0 ] || { echo "bench/bundle-run.sh: necesita root" >&2; exit 1; }
for c in runc hyperfine jq; do
	command -v $c >/dev/null || { echo "bench/bundle-run.sh: falta $c" >&2; exit 1; }
done
W=$(mktemp -d /tmp/aisla-bench-bundle.XXXXXX)
node=bb$$ id=bbr$$ run=bba$$
trap 'runc delete -f "$id" >/dev/null 2>&1; AISLA_RUN_DIR=$W/run "$AISLA" reset -y >/dev/null 2>&1; rm -rf "$W"' EXIT
export AISLA_RUN_DIR=$W/run LANGUAGE= LC_ALL=C.UTF-8

"$AISLA" -c "netns add $node; bundle $node $W/b -- sleep 1000" >/dev/null || exit 1
hyperfine -N --runs "$RUNS" --warmup 1 --export-json "$W/h.json" \
	-n aisla "$AISLA -c 'bundle run $W/b $run; node del $run'" \
	-n runc "sh -c 'runc run -d -b $W/b $id </dev/null >/dev/null 2>&1 && runc delete -f $id'" >/dev/null || exit 1
jq -r '.results[] | "\(.command) \(.median * 1000)"' "$W/h.json" | awk '
	{ t[$1] = $2; printf "%-6s %8.1f ms (median of '"$RUNS"': start a container from the bundle and remove it)\n", $1, $2 }
	END { if (t["aisla"] > 0) printf "runc / aisla = %.2f\n", t["runc"] / t["aisla"] }'
