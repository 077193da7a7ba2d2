#!/usr/bin/env bash
# t5001: `aisla --check` passes on every lesson and demo of the course, and
# fails, naming FILE:LINE, on broken copies (a mistyped command, bad
# arguments, an unknown check, a malformed check, a typo in a directive,
# a hint tied to no check, an unclosed block, an unknown front matter key).
. "$(dirname "$0")/lib.sh"
[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"
cd "$TOP" || exit 1

n=0
for f in lessons/*.lesson demos/*.demo; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	ok "--check $f" aisla --check "$f"
done
[ "$n" -gt 0 ] || skip "no hay lecciones ni demos todavía"

tmp=$(mktemp -d /tmp/t5001.XXXXXX)
defer rm -rf "$tmp"
cat >"$tmp/good.lesson" <<'EOT'
---
lesson: 99
title: Prueba
needs: root
---

# Prueba

Texto de introducción.

## Paso 1 — Un namespace

```aisla
netns add rojo
veth v1@rojo v2
```

- check: node rojo net
- check: link v1@rojo kind veth peer v2
- hint[link v1@rojo]: Crea el par.
- hint[peer]: No están unidos.
- hint: `netns add NOMBRE`.

## Lo que has visto

`ip netns add rojo`
EOT
ok "--check a good lesson" aisla --check "$tmp/good.lesson"
out=$(aisla --check "$tmp/good.lesson" 2>&1)
like "it says correct" "$out" 'correct|correcto'

# break KIND SED-EXPR LINE-REGEX: a broken copy must fail and name the line.
brk() {
	local what=$1 expr=$2 want=$3 out rc
	sed -e "$expr" "$tmp/good.lesson" >"$tmp/bad.lesson"
	out=$(aisla --check "$tmp/bad.lesson" 2>&1)
	rc=$?
	is "--check fails: $what" "$rc" 1
	like "--check names the line: $what" "$out" "$want"
}
brk "unknown command"   's/^netns add rojo/netnss add rojo/'         'bad.lesson:14: .*netnss'
brk "bad arguments"     's/^veth v1@rojo v2/veth v1@rojo/'           'bad.lesson:15: '
brk "unknown check"     's/check: node rojo net/check: nodo rojo net/' 'bad.lesson:18: .*nodo'
brk "malformed check"   's/check: node rojo net/check: node rojo network/' 'bad.lesson:18: .*network'
brk "directive typo"    's/- check: node rojo net/- chek: node rojo net/' 'bad.lesson:18: .*chek'
brk "orphan hint"       's/hint\[peer\]/hint[pear]/'                 'bad.lesson:21: .*pear'
brk "unclosed block"    '16d'                                         'bad.lesson:13: '
brk "unknown key"       's/^needs: root/nedds: root/'                 'bad.lesson:4: .*nedds'
brk "bad address"       's/check: node rojo net/check: addr v1@rojo 10.0.0.300\/24/' 'bad.lesson:18: '
# (a name no other test or person uses: a node of that name on the
# machine would make the shorthand valid)
sh=$(rname t5n)
brk "node shorthand"    "s/^netns add rojo/netns add $sh/; s/^veth v1@rojo v2/$sh ip link/" \
	"exec $sh (ORDEN|CMD)"

# Plain scripts are checked line by line too.
printf 'netns add a\nveht a b\n' >"$tmp/plain.txt"
nok "--check fails on a plain script with a typo" aisla --check "$tmp/plain.txt"
done_testing
