#!/usr/bin/env bash
# t7003: a node from an image and back. `unshare --image` gives the node an
# overlay root (mount shows it, the image's layers below as lower dirs
# unpacked once, its own upper and work dirs); what the node writes,
# deletes and replaces lands in the upper dir; `image commit` turns it into
# a layer (whiteouts for the deleted, .wh..wh..opq for a replaced
# directory) that umoci unpacks into exactly the tree the node had;
# reset kills the node, unmounts the overlay and removes its dirs, and
# never touches the store.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-image.sh"
need_root
need_cmd umoci
[ -x /bin/busybox ] || skip "falta busybox-static"
grep -qw overlay /proc/filesystems || skip "el núcleo no tiene overlayfs"
img_store
w=$(mktemp -d /tmp/aisla-t7003.XXXXXX)
defer rm -rf "$w"
n=$(rname i)
defer "$AISLA_BIN" reset -y

aisla -c "image base base" >/dev/null 2>&1 || skip "image base falla aquí"
out=$(aisla -c "unshare -p -n -u --hostname $n --image base $n" 2>&1); rc=$?
is "unshare --image exits 0" "$rc" 0
root=$AISLA_RUN_DIR/images/$n/root
like "explained with umoci raw unpack" "$out" "≈ mkdir -p $AISLA_RUN_DIR/images/$n && umoci raw unpack --image $AISLA_IMAGE_DIR/base:latest $AISLA_RUN_DIR/images/$n/lower"
like "explained with mount -t overlay" "$out" "≈ mount -t overlay base:latest -o '?lowerdir=$AISLA_RUN_DIR/images/$n/lower,upperdir=$AISLA_RUN_DIR/images/$n/upper,workdir=$AISLA_RUN_DIR/images/$n/work'? $root"
like "mount shows one lower dir per layer, from the cache" "$(grep " $root " /proc/mounts)" "lowerdir=$AISLA_IMAGE_DIR/\.layers/[0-9a-f]{64},"
like "explained with unshare --root" "$out" "≈ unshare .*--root=$root"
is "mount shows the overlay root, its source naming the image" "$(awk -v p="$root" '$2 == p {print $1, $3}' /proc/mounts)" "base:latest overlay"
ok "the layer was unpacked once into the cache" test "$(ls "$AISLA_IMAGE_DIR/.layers" | wc -l)" = 1
ok "ip netns list shows the node" sh -c "ip netns list | grep -qw $n"
h=$(ps -eo pid=,args= | awk -v n="$n" '$2 == "aisla-init" && $3 == n {print $1}' | head -1)
[ -n "$h" ] || h=$(cat "$AISLA_RUN_DIR/nodes/$n" 2>/dev/null | sed -n 's/^holder=//p')
is "the holder's root is the overlay" "$(readlink "/proc/$h/root")" "$root"
like "ps names the node's root by its image" "$(aisla -c "ps $n" 2>&1)" " base:latest \\(overlay\\) "

aisla -c "exec $n sh -c 'echo hola > /hola && rm /etc/group && rm -rf /usr/sbin && mkdir /usr/sbin && echo nuevo > /usr/sbin/solo'" >/dev/null 2>&1
aisla -c "exec $n ln /hola /hola2" >/dev/null 2>&1
python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.color", b"azul")' "$root/hola" 2>/dev/null ||
	diag "no user xattrs on $AISLA_RUN_DIR: the xattr check is vacuous"
out=$(aisla -c "exec $n cat /hola" 2>&1)
like "the node writes into its root" "$out" "\[$n\] hola"
ok "the write landed in the upper dir" test -f "$AISLA_RUN_DIR/images/$n/upper/hola"
is "the delete is an overlay whiteout (0/0 char device)" "$(stat -c '%F %t:%T' "$AISLA_RUN_DIR/images/$n/upper/etc/group")" "character special file 0:0"
ok "the lower layer is untouched" test -f "$AISLA_IMAGE_DIR/.layers/$(ls "$AISLA_IMAGE_DIR/.layers")/etc/group"

out=$(aisla -c "image commit $n hecha" 2>&1); rc=$?
is "image commit exits 0" "$rc" 0
like "explained with skopeo and umoci repack" "$out" "≈ umoci repack --image $AISLA_IMAGE_DIR/hecha:latest"
out=$(aisla -c "image layers hecha" 2>&1)
like "the new image has the base layer and one more" "$out" " 2 +[0-9a-f]{12} .* aisla image commit $n hecha:latest"
like "the new layer deletes one file" "$out" " 2 +[0-9a-f]{12} .* [0-9]+ +[0-9]+ +1 +aisla image commit"
b=$(layer_blob "$AISLA_IMAGE_DIR/hecha" 2)
list=$(tar -tzf "$AISLA_IMAGE_DIR/hecha/blobs/sha256/$b")
like "the layer has the whiteout .wh.group" "$list" '^etc/\.wh\.group$'
like "the layer marks the replaced dir opaque" "$list" '^usr/sbin/\.wh\.\.wh\.\.opq$'
umoci raw unpack --image "$AISLA_IMAGE_DIR/hecha:latest" "$w/umoci" >/dev/null 2>&1
ok "umoci unpacks the committed image" test -f "$w/umoci/hola"
is "to exactly the tree the node had" "$(treesum "$w/umoci")" "$(treesum "$root" | grep -v '^proc/')"
ok "the replaced directory has only its new file" test "$(ls "$w/umoci/usr/sbin")" = solo
is "a hard link made in the node is one in the layer" "$(stat -c %h "$w/umoci/hola2")" 2
xa() { python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "user.color").decode())' "$1" 2>/dev/null; }
is "an xattr set in the node travels in the layer" "$(xa "$w/umoci/hola")" "$(xa "$root/hola")"

# a second node from the same image reuses the cached layer
m=$(rname j)
aisla -c "unshare -m --image hecha $m" >/dev/null 2>&1
is "two layers cached now (the base one reused)" "$(ls "$AISLA_IMAGE_DIR/.layers" | wc -l)" 2
out=$(aisla -c "exec $m cat /hola" 2>&1)
like "the second node sees the committed file" "$out" "\[$m\] hola"

out=$(aisla -c "unshare -n --image noexiste $(rname k)" 2>&1); rc=$?
is "--image with a missing image: exit 1" "$rc" 1
like "... names it" "$out" "no hay ninguna imagen 'noexiste:latest'"

aisla -c "image del hecha" >/dev/null 2>&1
ok "image del removes the layout" test ! -e "$AISLA_IMAGE_DIR/hecha"
is "... but keeps the cached layer a running node has below its root" "$(ls "$AISLA_IMAGE_DIR/.layers" | wc -l)" 2

out=$(aisla reset -y 2>&1); rc=$?
is "reset exits 0" "$rc" 0
like "reset says it removed the overlay root" "$out" "raíz overlay del nodo '$n'"
is "mount no longer shows the overlay" "$(grep -c "$AISLA_RUN_DIR/images" /proc/mounts)" 0
ok "ip netns list no longer shows the node" sh -c "! ip netns list | grep -qw $n"
ok "the node's holder is gone" test ! -e "/proc/$h/root" -o "$(readlink "/proc/$h/root" 2>/dev/null)" != "$root"
ok "the node's dirs are gone" test ! -e "$AISLA_RUN_DIR/images/$n"
ok "the images stay" test -d "$AISLA_IMAGE_DIR/base/blobs/sha256"
ok "... and so does the cache" test "$(ls "$AISLA_IMAGE_DIR/.layers" | wc -l)" = 2
aisla -c "image del base" >/dev/null 2>&1
is "image del drops the cached layers no image uses and nothing mounts" "$(ls "$AISLA_IMAGE_DIR/.layers" | wc -l)" 0
done_testing
