#!/usr/bin/env bash
# bench/image-unpack.sh: unpacking a 3-layer OCI image of about 20 MB
# (layer 1: 2000 small files; layer 2: 40 files of 150 KB, 200 whiteouts;
# layer 3: 8 files of 1 MB, an opaque directory), aisla's `image unpack`
# against `umoci raw unpack`, the tool a user would pick. Both unpack the
# same layout (imported into a private store), as root, into a fresh
# directory each run; hyperfine (Debian's package) times whole commands,
# median of BENCH_RUNS runs (default 7). Prints the medians and the ratio.
# Needs root, umoci, hyperfine, python3. Not a test.
set -u
cd "$(dirname "$0")" || exit 1
AISLA=${AISLA_BIN:-$PWD/../aisla}
RUNS=${BENCH_RUNS:-7}
[ "$(id -u)" = 0 ] || { echo "bench/image-unpack.sh: necesita root" >&2; exit 1; }
for c in umoci hyperfine python3 jq; do
	command -v $c >/dev/null || { echo "bench/image-unpack.sh: falta $c" >&2; exit 1; }
done
W=$(mktemp -d /tmp/aisla-bench-img.XXXXXX)
trap 'AISLA_RUN_DIR=$W/run AISLA_IMAGE_DIR=$W/store "$AISLA" reset -y >/dev/null 2>&1; rm -rf "$W"' EXIT
export AISLA_RUN_DIR=$W/run AISLA_IMAGE_DIR=$W/store LANGUAGE= LC_ALL=C.UTF-8

python3 - "$W/L" <<'EOF'
import gzip, hashlib, io, json, os, sys, tarfile
d = sys.argv[1]; os.makedirs(d + "/blobs/sha256")
rnd = lambda n: os.urandom(n // 2) + bytes(n - n // 2)	# half random, half zeros
def put(b):
    h = hashlib.sha256(b).hexdigest(); open(f"{d}/blobs/sha256/{h}", "wb").write(b)
    return "sha256:" + h, len(b)
def layer(entries):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in entries:
            i = tarfile.TarInfo(name)
            if data is None:
                i.type, i.mode = tarfile.DIRTYPE, 0o755; t.addfile(i)
            else:
                i.size, i.mode = len(data), 0o644; t.addfile(i, io.BytesIO(data))
    tar = raw.getvalue()
    return "sha256:" + hashlib.sha256(tar).hexdigest(), put(gzip.compress(tar, 6))
l1 = [(f"usr/share/d{i // 100}", None) for i in range(0, 2000, 100)] + \
     [(f"usr/share/d{i // 100}/f{i}", rnd(4096)) for i in range(2000)]
l2 = [("opt", None)] + [(f"opt/m{i}", rnd(150_000)) for i in range(40)] + \
     [(f"usr/share/d{i // 100}/.wh.f{i}", b"") for i in range(0, 2000, 10)]
l3 = [("usr/share/d3", None), ("usr/share/d3/.wh..wh..opq", b"")] + \
     [(f"srv/big{i}", rnd(1 << 20)) for i in range(8)]
diffs, layers = [], []
for l in (l1, l2, l3):
    diff, (dg, sz) = layer(l); diffs.append(diff)
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": dg, "size": sz})
cd, cs = put(json.dumps({"architecture": "amd64", "os": "linux", "config": {},
    "rootfs": {"type": "layers", "diff_ids": diffs}}).encode())
md, ms = put(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
    "layers": layers}).encode())
open(d + "/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
    "digest": md, "size": ms, "annotations": {"org.opencontainers.image.ref.name": "latest"}}]},
    open(d + "/index.json", "w"))
EOF
"$AISLA" -c "image import $W/L bench" >/dev/null || exit 1
S=$AISLA_IMAGE_DIR/bench
size=$(du -sb "$S/blobs" | cut -f1)
unpacked=$(
	"$AISLA" -c "image unpack bench $W/probe" >/dev/null && du -sb "$W/probe" | cut -f1
	"$AISLA" reset -y >/dev/null 2>&1
)
echo "# $(date -u) $(uname -r) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), runs=$RUNS"
echo "# image: 3 layers, $((size / 1048576)) MiB of blobs, $((unpacked / 1048576)) MiB unpacked"
hyperfine -N --runs "$RUNS" --warmup 1 --export-json "$W/h.json" \
	--prepare "rm -rf $W/out" \
	-n aisla "$AISLA -c 'explain off; image unpack bench $W/out'" \
	-n umoci "umoci raw unpack --image $S:latest $W/out" >/dev/null 2>&1 || {
	echo "bench/image-unpack.sh: hyperfine falló" >&2; exit 1; }
jq -r '.results[] | "\(.command) \(.median * 1000)"' "$W/h.json" | awk '
{ t[$1] = $2 }
END {
	printf "%-8s %12s %8s\n", "tool", "median ms", "x aisla"
	for (k in t) printf "%-8s %12.1f %8.2f\n", k, t[k], t[k] / t["aisla"]
}'
