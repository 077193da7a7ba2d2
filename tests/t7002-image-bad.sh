#!/usr/bin/env bash
# t7002: images that must not be trusted. A layer with '../', an absolute
# path, a write through a symlink that leads out of the tree, a truncated
# blob, a blob whose bytes do not match its digest, a config whose diff_id
# lies, an archive with a foreign file, a bad name: each is refused with a
# Spanish error that names the object and a `pista:`, exit 1, and nothing
# half made (no image in the store, the target directory as it was,
# nothing written outside it).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-image.sh"
need_root
need_cmd jq
img_store
w=$(mktemp -d /tmp/aisla-t7002.XXXXXX)
defer rm -rf "$w"
export LANGUAGE=es LC_ALL=C.UTF-8

# one malicious image: import works (its digests are right), unpack refuses
bad_unpack() {	# what layout-json error-regex
	local what=$1 spec=$2 re=$3 n out rc
	n=$(rname m | tr A-Z a-z)
	mklayout "$w/$n" "$spec"
	aisla -c "image import $w/$n $n" >/dev/null 2>&1
	mkdir "$w/dst-$n"
	out=$(aisla -c "image unpack $n $w/dst-$n" 2>&1); rc=$?
	is "$what: unpack exits 1" "$rc" 1
	like "$what: the error names the layer and the entry" "$out" "$re"
	like "$what: with a pista" "$out" '^pista: '
	is "$what: the target directory is left empty" "$(ls -A "$w/dst-$n" | wc -l)" 0
	out=$(aisla -c "image unpack $n $w/new-$n" 2>&1)
	ok "$what: a target it made is removed" test ! -e "$w/new-$n"
}

bad_unpack "../" '[[{"name":"ok","data":"1"},{"name":"../fuera-dotdot","data":"x"}]]' \
	"error: la capa 1 \([0-9a-f]{12}\) de '.*' tiene una entrada con '\.\.' en la ruta: '\.\./fuera-dotdot'"
ok "../: nothing was written next to the target" test ! -e "$w/fuera-dotdot"

bad_unpack "absolute" '[[{"name":"/tmp/aisla-t7002-abs","data":"x"}]]' \
	"tiene una entrada con ruta absoluta: '/tmp/aisla-t7002-abs'"
ok "absolute: nothing was written at the absolute path" test ! -e /tmp/aisla-t7002-abs

esc=$w/escape
mkdir "$esc"
bad_unpack "symlink escape" "[[{\"name\":\"sal\",\"type\":\"symlink\",\"target\":\"$esc\"}],[{\"name\":\"sal/pwned\",\"data\":\"x\"}]]" \
	"la capa 2 .* tiene la entrada 'sal/pwned', cuya ruta pasa por un enlace simbólico que sale del árbol"
is "symlink escape: nothing was written through the link" "$(ls -A "$esc" | wc -l)" 0
bad_unpack "relative symlink escape" '[[{"name":"d","type":"dir"},{"name":"d/up","type":"symlink","target":"../../../.."}],[{"name":"d/up/tmp/aisla-t7002-rel","data":"x"}]]' \
	"cuya ruta pasa por un enlace simbólico que sale del árbol"
ok "relative symlink escape: nothing outside" test ! -e /tmp/aisla-t7002-rel

# a symlink that stays inside is followed like any directory
mklayout "$w/good" '[[{"name":"real","type":"dir"},{"name":"dentro","type":"symlink","target":"real"}],[{"name":"dentro/f","data":"ok"}]]'
aisla -c "image import $w/good good" >/dev/null 2>&1
ok "a link inside the tree is fine" aisla -c "image unpack good $w/good-out"
is "... and the file went through it" "$(cat "$w/good-out/real/f")" ok

# --- import refuses damaged layouts, and keeps nothing ---
mklayout "$w/trunc" '[[{"name":"a","data":"'"$(head -c 3000 /dev/urandom | base64 -w0)"'"}]]'
b=$(layer_blob "$w/trunc" 1)
truncate -s -20 "$w/trunc/blobs/sha256/$b"
out=$(aisla -c "image import $w/trunc roto" 2>&1); rc=$?
is "truncated blob: import exits 1" "$rc" 1
like "truncated blob: named, with sizes" "$out" "error: la capa 1 de '.*trunc' \(${b:0:12}\) está truncada o dañada: [0-9]+ bytes, el manifiesto dice [0-9]+"
like "truncated blob: with a pista" "$out" '^pista: '
unlike "truncated blob: no image kept" "$(aisla -c 'image list' 2>&1)" 'roto'
ok "truncated blob: no temporary layout left" test -z "$(ls -A "$AISLA_IMAGE_DIR" | grep -v -e '^\.layers$' -e '^[a-z]')"

# a failed import under an existing name leaves that layout as it was
aisla -c "image import $w/good existe" >/dev/null 2>&1
before=$(ls "$AISLA_IMAGE_DIR/existe/blobs/sha256" | sort; cat "$AISLA_IMAGE_DIR/existe/index.json")
mklayout "$w/trunc2" '[[{"name":"b","data":"'"$(head -c 3000 /dev/urandom | base64 -w0)"'"}]]'
b=$(layer_blob "$w/trunc2" 1)
truncate -s -20 "$w/trunc2/blobs/sha256/$b"
nok "a truncated image under an existing name is refused" aisla -c "image import $w/trunc2 existe:v2"
is "... and the existing layout is untouched (blobs, index)" "$(ls "$AISLA_IMAGE_DIR/existe/blobs/sha256" | sort; cat "$AISLA_IMAGE_DIR/existe/index.json")" "$before"

mklayout "$w/flip" '[[{"name":"a","data":"hola"}]]'
b=$(layer_blob "$w/flip" 1)
printf '\x00' | dd of="$w/flip/blobs/sha256/$b" bs=1 seek=12 conv=notrunc status=none
out=$(aisla -c "image import $w/flip cambiado" 2>&1); rc=$?
is "wrong digest: import exits 1" "$rc" 1
like "wrong digest: named, expected and found" "$out" "no coincide con su resumen: se esperaba ${b:0:12} y es [0-9a-f]{12}"
unlike "wrong digest: no image kept" "$(aisla -c 'image list' 2>&1)" 'cambiado'

# a blob altered in the store after import: refused on use
mklayout "$w/luego" '[[{"name":"a","data":"hola"}]]'
aisla -c "image import $w/luego luego" >/dev/null 2>&1
b=$(layer_blob "$AISLA_IMAGE_DIR/luego" 1)
printf '\x00' | dd of="$AISLA_IMAGE_DIR/luego/blobs/sha256/$b" bs=1 seek=12 conv=notrunc status=none
out=$(aisla -c "image unpack luego $w/luego-out" 2>&1); rc=$?
is "altered in the store: unpack exits 1" "$rc" 1
like "altered in the store: checked on use" "$out" "la capa 1 \(${b:0:12}\) de 'luego:latest' no coincide con su resumen"
ok "altered in the store: nothing unpacked" test ! -e "$w/luego-out"
out=$(aisla -c "image layers luego" 2>&1); rc=$?
is "altered in the store: layers refuses too" "$rc" 1

# a config whose diff_id does not match the layer's content
mklayout "$w/diff" '[[{"name":"a","data":"hola"}]]'
m=$(jq -r '.manifests[0].digest' "$w/diff/index.json" | cut -d: -f2)
c=$(jq -r '.config.digest' "$w/diff/blobs/sha256/$m" | cut -d: -f2)
python3 - "$w/diff" "$m" "$c" <<'EOF'
import hashlib, json, os, sys
d, m, c = sys.argv[1:]
cfg = json.load(open(f"{d}/blobs/sha256/{c}"))
cfg["rootfs"]["diff_ids"] = ["sha256:" + "0" * 64]
cb = json.dumps(cfg).encode(); ch = hashlib.sha256(cb).hexdigest()
open(f"{d}/blobs/sha256/{ch}", "wb").write(cb)
man = json.load(open(f"{d}/blobs/sha256/{m}"))
man["config"].update(digest="sha256:" + ch, size=len(cb))
mb = json.dumps(man).encode(); mh = hashlib.sha256(mb).hexdigest()
open(f"{d}/blobs/sha256/{mh}", "wb").write(mb)
idx = json.load(open(f"{d}/index.json"))
idx["manifests"][0].update(digest="sha256:" + mh, size=len(mb))
json.dump(idx, open(f"{d}/index.json", "w"))
EOF
aisla -c "image import $w/diff diffid" >/dev/null 2>&1
out=$(aisla -c "image unpack diffid $w/diff-out" 2>&1); rc=$?
is "lying diff_id: unpack exits 1" "$rc" 1
like "lying diff_id: named" "$out" "no coincide con su diff_id: la configuración dice 000000000000"
ok "lying diff_id: nothing left" test ! -e "$w/diff-out"

# an OCI archive with a file that has no place in a layout
mklayout "$w/arch" '[[{"name":"a","data":"hola"}]]'
echo malo >"$w/arch/extra.sh"
tar -C "$w/arch" -cf "$w/arch.tar" .
out=$(aisla -c "image import $w/arch.tar" 2>&1); rc=$?
is "foreign file in an archive: exit 1" "$rc" 1
like "foreign file in an archive: named" "$out" "contiene 'extra.sh', que no pinta nada en un layout OCI"
ok "foreign file in an archive: no temporary dir left" test -z "$(ls -A "$AISLA_IMAGE_DIR" | grep '^\.import')"

# bad names, missing images
out=$(aisla -c "image base Mal/Nombre" 2>&1); rc=$?
is "bad image name: exit 1" "$rc" 1
like "bad image name: says so" "$out" "nombre de imagen no válido 'Mal/Nombre'"
like "bad image name: with a pista" "$out" "^pista: los nombres usan"
out=$(aisla -c "image unpack noexiste $w/x" 2>&1); rc=$?
is "missing image: exit 1" "$rc" 1
like "missing image: names the store" "$out" "no hay ninguna imagen 'noexiste:latest' en el almacén '$AISLA_IMAGE_DIR'"
like "missing image: suggests image base" "$out" "^pista: .*image base noexiste"
ok "missing image: nothing made" test ! -e "$w/x"
mkdir "$w/lleno"; echo mio >"$w/lleno/f"
out=$(aisla -c "image unpack good $w/lleno" 2>&1); rc=$?
is "non-empty target: exit 1" "$rc" 1
is "non-empty target: untouched" "$(ls "$w/lleno")" f
out=$(aisla -c "image commit nadie copia" 2>&1); rc=$?
is "commit of a node not from an image: exit 1" "$rc" 1
like "... says how to make one" "$out" "unshare -p -n --image"
aisla reset -y >/dev/null 2>&1
done_testing
