# tests/lib-image.sh: helpers of the image tests (t70NN), after lib.sh.
#
#   img_store                 a private image store (AISLA_IMAGE_DIR), removed at exit
#   treesum DIR               one line per entry below DIR: path, type, mode,
#                             uid, gid, link count (not of dirs), link target,
#                             content hash
#   mklayout DIR 'JSON'       write an OCI layout by hand (python3): JSON is a
#                             list of layers, each a list of entries
#                             {"name", "type": file|dir|symlink|link, "data",
#                              "target", "mode"}; tag "latest"
need_cmd python3

img_store() {
	AISLA_IMAGE_DIR=$(mktemp -d /tmp/aisla-img.XXXXXX)
	export AISLA_IMAGE_DIR
	defer rm -rf "$AISLA_IMAGE_DIR"
}

treesum() {
	(cd "$1" && find . -mindepth 1 -printf '%P %y %m %U %G %n %l\n' | LC_ALL=C sort |
		while read -r p y m u g n l; do
			h=
			[ "$y" = d ] && n=-	# overlayfs counts no links of its directories
			[ "$y" = f ] && h=$(sha256sum <"$p" | cut -c1-16)
			echo "$p $y $m $u $g $n $l $h"
		done)
}

mklayout() {
	python3 - "$1" "$2" <<'EOF'
import gzip, hashlib, io, json, os, sys, tarfile, time
d, spec = sys.argv[1], json.loads(sys.argv[2])
os.makedirs(d + "/blobs/sha256")
def put(b):
    h = hashlib.sha256(b).hexdigest()
    open("%s/blobs/sha256/%s" % (d, h), "wb").write(b)
    return "sha256:" + h, len(b)
layers, diffs = [], []
for entries in spec:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        for e in entries:
            i = tarfile.TarInfo(e["name"])
            i.mtime = int(time.time())
            i.mode = e.get("mode", 0o644)
            ty = e.get("type", "file")
            data = None
            if ty == "dir":
                i.type = tarfile.DIRTYPE
                i.mode = e.get("mode", 0o755)
            elif ty == "symlink":
                i.type, i.linkname = tarfile.SYMTYPE, e["target"]
            elif ty == "link":
                i.type, i.linkname = tarfile.LNKTYPE, e["target"]
            else:
                data = e.get("data", "").encode()
                i.size = len(data)
            t.addfile(i, io.BytesIO(data) if data is not None else None)
    tar = raw.getvalue()
    diffs.append("sha256:" + hashlib.sha256(tar).hexdigest())
    dg, sz = put(gzip.compress(tar))
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": dg, "size": sz})
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                  "rootfs": {"type": "layers", "diff_ids": diffs},
                  "history": [{"created_by": "mklayout %d" % i} for i in range(len(spec))]}).encode()
cd, cs = put(cfg)
man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
                  "layers": layers}).encode()
md, ms = put(man)
open(d + "/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
           "digest": md, "size": ms, "annotations": {"org.opencontainers.image.ref.name": "latest"}}]},
          open(d + "/index.json", "w"))
EOF
}

# The digest (hex) of layer N (1-based) of LAYOUT's "latest" image.
layer_blob() {
	local m
	m=$(jq -r '.manifests[0].digest' "$1/index.json" | cut -d: -f2)
	jq -r ".layers[$(($2 - 1))].digest" "$1/blobs/sha256/$m" | cut -d: -f2
}
