#!/usr/bin/env bash
# bench/image-node.sh: starting a container from an image. aisla's
# `unshare -p -m -u -i --image IMAGE NODE` (overlay of the cached layers,
# a holder as PID 1) against `runc run -d` of the bundle `bundle` writes
# for a node from that image (the tool a user would pick to run a bundle):
# new pid, mount, uts and ipc namespaces on both sides (the bundle joins
# its node's network namespace by path, so neither makes a netns).
# Each run starts one container and leaves it running; the next run's
# --prepare removes it (untimed). hyperfine medians of BENCH_RUNS runs
# (default 10), and the ratio. Needs root, runc, hyperfine, jq, busybox.
# Not a test.
set -u
cd "$(dirname "$0")" || exit 1
AISLA=${AISLA_BIN:-$PWD/../aisla}
RUNS=${BENCH_RUNS:-10}
[ "$(id -u)" = 0 ] || { echo "bench/image-node.sh: necesita root" >&2; exit 1; }
for c in runc hyperfine jq; do
	command -v $c >/dev/null || { echo "bench/image-node.sh: falta $c" >&2; exit 1; }
done
W=$(mktemp -d /tmp/aisla-bench-node.XXXXXX)
export AISLA_RUN_DIR=$W/run AISLA_IMAGE_DIR=$W/store LANGUAGE= LC_ALL=C.UTF-8
R=bn$((RANDOM % 9000 + 1000))
trap 'runc delete -f ${R}r >/dev/null 2>&1; "$AISLA" reset -y >/dev/null 2>&1; rm -rf "$W"' EXIT

"$AISLA" -c "image base bench; unshare -p -m -u -n --image bench ${R}s; bundle ${R}s $W/bundle -- /bin/sleep 1000" \
	>/dev/null 2>&1 || { echo "bench/image-node.sh: no se pudo preparar la imagen o el bundle" >&2; exit 1; }
echo "# $(date -u) $(uname -r) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), runs=$RUNS"
echo "# image: busybox base (1 layer, cached after the warm-up); runc $(runc --version | head -1 | awk '{print $3}')"
# aisla's runs reset only the node of the run (the bundle's source node stays)
hyperfine --runs "$RUNS" --warmup 1 --export-json "$W/h.json" \
	--prepare "$AISLA -c 'node del ${R}a' >/dev/null 2>&1 || true" \
	-n aisla "$AISLA -c 'explain off; unshare -p -m -u -i --image bench ${R}a'" \
	--prepare "runc delete -f ${R}r >/dev/null 2>&1 || true" \
	-n runc "runc run -d -b $W/bundle ${R}r" >/dev/null 2>&1 || {
	echo "bench/image-node.sh: hyperfine falló" >&2; exit 1; }
jq -r '.results[] | "\(.command) \(.median * 1000)"' "$W/h.json" | awk '
{ t[$1] = $2 }
END {
	printf "%-8s %12s %8s\n", "tool", "median ms", "x aisla"
	for (k in t) printf "%-8s %12.1f %8.2f\n", k, t[k], t[k] / t["aisla"]
}'
