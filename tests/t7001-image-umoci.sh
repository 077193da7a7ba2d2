#!/usr/bin/env bash
# t7001: images against umoci. An image built by umoci (two layers, the
# second deleting a file, replacing a directory and changing a hard-linked
# file) imported by aisla and unpacked gives the same tree as `umoci raw
# unpack` (names, types, modes, owners, link counts, targets, content
# hashes); the same through an OCI archive written by skopeo; `image base`
# is read by umoci into the same tree aisla unpacks; layers counts the
# whiteouts; del of one tag keeps the blobs the other uses; reset empties
# what unpack filled and never touches the store.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-image.sh"
need_root
need_cmd umoci
need_cmd jq
need_busybox() { [ -x /bin/busybox ] || skip "falta busybox-static"; }
need_busybox
img_store
w=$(mktemp -d /tmp/aisla-t7001.XXXXXX)
defer rm -rf "$w"

# --- an image made by umoci, offline ---
L=$w/L B=$w/B
umoci init --layout "$L" && umoci new --image "$L:v1" && umoci unpack --image "$L:v1" "$B" >/dev/null 2>&1 ||
	skip "umoci no puede hacer una imagen aquí"
r=$B/rootfs
mkdir -p "$r/etc" "$r/srv/d"
echo hola >"$r/etc/motd"
ln "$r/etc/motd" "$r/etc/duro"
echo borrar >"$r/srv/borrame"
chmod 4750 "$r/srv/d"
echo x >"$r/srv/d/f"
chown 1000:100 "$r/srv/d/f"
ln -s ../etc/motd "$r/srv/enlace"
mkfifo "$r/srv/fifo"
umoci repack --image "$L:v1" "$B" >/dev/null 2>&1
rm -rf "$B"
umoci unpack --image "$L:v1" "$B" >/dev/null 2>&1
rm "$r/srv/borrame"
echo cambio >>"$r/etc/motd"
rm -rf "$r/srv/d" && mkdir "$r/srv/d" && echo nuevo >"$r/srv/d/g"
umoci repack --image "$L:v2" "$B" >/dev/null 2>&1
ok "umoci made a two-layer image" test "$(umoci stat --image "$L:v2" --json | jq '[.history[] | select(.empty_layer != true)] | length')" = 2

out=$(aisla -c "image import $L:v2 dos" 2>&1); rc=$?
is "image import LAYOUT:TAG NAME exits 0" "$rc" 0
like "explained with skopeo" "$out" "≈ skopeo copy oci:$L:v2 oci:$AISLA_IMAGE_DIR/dos:latest"
ok "the store holds an OCI layout umoci reads" umoci stat --image "$AISLA_IMAGE_DIR/dos:latest"

out=$(aisla -c "image layers dos" 2>&1); rc=$?
is "image layers exits 0" "$rc" 0
like "layer 1 adds 9 entries" "$out" ' 1 +[0-9a-f]{12} .* 9 +0 +0 +umoci repack'
like "layer 2: 1 added, 2 changed, 2 deleted (whiteouts)" "$out" ' 2 +[0-9a-f]{12} .* 1 +2 +2 +umoci repack'

out=$(aisla -c "image unpack dos $w/aisla" 2>&1); rc=$?
is "image unpack exits 0" "$rc" 0
like "explained with umoci raw unpack" "$out" "≈ umoci raw unpack --image $AISLA_IMAGE_DIR/dos:latest $w/aisla"
umoci raw unpack --image "$L:v2" "$w/umoci" >/dev/null 2>&1
is "the same tree as umoci raw unpack" "$(treesum "$w/aisla")" "$(treesum "$w/umoci")"
ok "the deleted file is gone" test ! -e "$w/aisla/srv/borrame"
ok "the replaced directory lost its old file" test ! -e "$w/aisla/srv/d/f"
is "the hard link survived the change" "$(stat -c %h "$w/aisla/etc/motd")" 2

# --- an OCI archive written by skopeo ---
if command -v skopeo >/dev/null 2>&1 &&
	skopeo copy "oci:$L:v2" "oci-archive:$w/dos.tar" >/dev/null 2>&1; then
	out=$(aisla -c "image import $w/dos.tar archivo:v2" 2>&1); rc=$?
	is "image import ARCHIVE exits 0" "$rc" 0
	like "explained as oci-archive" "$out" "≈ skopeo copy oci-archive:$w/dos.tar"
	aisla -c "image unpack archivo:v2 $w/arch" >/dev/null 2>&1
	ok "skopeo's oci-archive: transport is accepted" aisla -c "image import oci-archive:$w/dos.tar transporte"
	is "the archive unpacks to the same tree" "$(treesum "$w/arch")" "$(treesum "$w/umoci")"
else
	diag "skopeo no puede escribir un oci-archive aquí: parte omitida"
fi

# --- image base, read by umoci ---
out=$(aisla -c "image base bb" 2>&1); rc=$?
is "image base exits 0" "$rc" 0
like "explained with umoci" "$out" "≈ umoci repack --image $AISLA_IMAGE_DIR/bb:latest"
umoci raw unpack --image "$AISLA_IMAGE_DIR/bb:latest" "$w/bb-umoci" >/dev/null 2>&1
ok "umoci unpacks aisla's base image" test -x "$w/bb-umoci/bin/busybox"
is "busybox's applets are links to /bin/busybox" "$(readlink "$w/bb-umoci/bin/ls")" /bin/busybox
aisla -c "image unpack bb $w/bb-aisla" >/dev/null 2>&1
is "aisla and umoci unpack it to the same tree" "$(treesum "$w/bb-aisla")" "$(treesum "$w/bb-umoci")"
out=$(aisla -c "image list" 2>&1)
like "image list shows bb with one layer" "$out" 'bb:latest +1 '
like "image list shows dos with two layers" "$out" 'dos:latest +2 '

# --- two tags in one layout share blobs; del keeps what the other uses ---
aisla -c "image import $L:v1 dos:v1" >/dev/null 2>&1
aisla -c "image del dos" >/dev/null 2>&1
ok "dos:latest is gone" test -z "$(aisla -c 'image list' 2>&1 | grep 'dos:latest')"
ok "dos:v1 still unpacks (its blobs were kept)" aisla -c "image unpack dos:v1 $w/v1"
n1=$(ls "$AISLA_IMAGE_DIR/dos/blobs/sha256" | wc -l)
umoci gc --layout "$AISLA_IMAGE_DIR/dos" >/dev/null 2>&1
is "del left no garbage: umoci gc finds nothing to collect" "$(ls "$AISLA_IMAGE_DIR/dos/blobs/sha256" | wc -l)" "$n1"

# --- reset empties what unpack filled, never the store ---
aisla reset -y >/dev/null 2>&1
ok "reset removed the unpacked tree" test ! -e "$w/aisla"
ok "reset keeps the images" test -d "$AISLA_IMAGE_DIR/bb/blobs/sha256"
aisla -c "image del bb" >/dev/null 2>&1
out=$(aisla -c "image list" 2>&1)
unlike "image del removes bb" "$out" 'bb:latest'
ok "... and its layout" test ! -e "$AISLA_IMAGE_DIR/bb"
done_testing
