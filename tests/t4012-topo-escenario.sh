#!/usr/bin/env bash
# The topology map tells the truth where cables cross (issue 15, point
# 6): the escenario demo (its objects renamed so the test owns them) is
# replayed in the panes, and on the captured map every cable, followed
# glyph by glyph through its crossings, ends at the right interface; no
# junction glyph joins two cables.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd busybox
need_cmd nft
need_cmd python3
. "$(dirname "$0")/lib-tui.sh"

sfx=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 3)
dir=$(mktemp -d); defer rm -rf "$dir"
names="exterior balanceador frontend1 frontend2 frontend3 backend1 backend2 br-front br-back lb-fh f1-fh f2-fh f3-fh f1-bh f2-bh f3-bh b1-bh b2-bh"
sedargs=()
for n in $names; do sedargs+=(-e "s/\\b$n\\b/$n$sfx/g"); done
# up to the end of step 3: the whole network is on the map by then
awk '/^## Paso 4/ { exit } { print }' "$TOP/demos/escenario.demo" | sed -E "${sedargs[@]}" >"$dir/esc.demo"
grep -q "balanceador$sfx" "$dir/esc.demo" || skip "the escenario demo changed shape"
for n in exterior balanceador frontend1 frontend2 frontend3 backend1 backend2; do
	defer ip netns del "$n$sfx"
done
for n in br-front br-back lb-fh f1-fh f2-fh f3-fh f1-bh f2-bh f3-bh b1-bh b2-bh; do
	defer ip link del "$n$sfx"
done
defer env AISLA_RUN_DIR="$AISLA_RUN_DIR" "$AISLA_BIN" reset -y --force

tui_start 200x90
ok "panes up" wait_for ' Interfaces '
type "demo play $dir/esc.demo --delay 0"
# a demo from outside the shipped ones asks before its host commands
if wait_for '\[s/N\]' 15 >/dev/null 2>&1; then keys s; fi
for i in 1 2 3; do
	wait_for 'pausa: Espacio o Intro' 90 >/dev/null 2>&1 || break
	keys Space
	sleep 0.3
done
ok "the demo's three steps ran" wait_for "todas las comprobaciones|terminad" 90
# the map alone, as large as the screen allows
keys F3
for _ in 1 2 3 4 5; do
	screen | grep -q '\[[0-9]/5\] Topología' && break
	keys F2; sleep 0.3
done
ok "the map zoomed" wait_for '\[[0-9]/5\] Topología' 20
ok "with the balancer on it" wait_for "balanceador$sfx" 20

cat >"$dir/trace.py" <<'EOPY'
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")
# the map: between the pane's title row and the console's
top = next(i for i, r in enumerate(rows) if "Topología" in r)
bot = next(i for i, r in enumerate(rows) if " Consola " in r and i > top)
g = [r.ljust(400) for r in rows[top + 1:bot]]
H = len(g)
boxes = []
for y, r in enumerate(g):
    x = 0
    while True:
        x = r.find("┌─ ", x)
        if x < 0:
            break
        x1 = r.find("┐", x)
        name = r[x + 3:].split(" ")[0]
        y1 = y + 1
        while y1 < H and g[y1][x] != "└":
            y1 += 1
        ifs = {}
        for yy in range(y + 1, y1):
            inner = g[yy][x + 1:x1].strip()
            for pre in ("└ ", "[≡] "):
                if inner.startswith(pre):
                    inner = inner[len(pre):]
            if inner:
                ifs[yy] = inner.split(" ")[0]
        boxes.append((name, x, x1, y, y1, ifs))
        x = x1
def at_port(x, y):
    for name, x0, x1, y0, y1, ifs in boxes:
        if y0 < y < y1 and x in (x0, x1) and y in ifs:
            return name + "/" + ifs[y]
    return None
def trace(ns, ifname):
    for name, x0, x1, y0, y1, ifs in boxes:
        if name != ns:
            continue
        for y, f in ifs.items():
            if f != ifname:
                continue
            if g[y][x1] == "├":
                x, dx = x1, 1
            elif g[y][x0] == "┤":
                x, dx = x0, -1
            else:
                return "NOPORT"
            dy = 0
            arms = {"─": "lr", "│": "ud", "┌": "dr", "┐": "dl", "└": "ur", "┘": "ul"}
            for _ in range(10000):
                x += dx; y += dy
                if not (0 <= y < H and 0 <= x < len(g[y])):
                    return "BROKEN"
                c = g[y][x]
                if c in "├┤":
                    return at_port(x, y) or "JUNCTION"
                if c in "┬┴┼":
                    return "JUNCTION"
                if c not in arms:
                    return "BROKEN"
                if c == "│" and dy == 0:
                    continue          # a crossing
                a = arms[c]
                came = "l" if dx > 0 else "r" if dx < 0 else "u" if dy > 0 else "d"
                if came not in a:
                    return "BROKEN"
                out = a.replace(came, "", 1)
                dx, dy = {"l": (-1, 0), "r": (1, 0), "u": (0, -1), "d": (0, 1)}[out]
            return "LOOP"
    return "NOIF"
for line in sys.stdin:
    ns, f = line.split()
    print(trace(ns, f))
EOPY
t() { echo "$1 $2" | python3 "$dir/trace.py" "$dir/map.txt"; }
s=$sfx
# a loaded machine may still be drawing: until the last cable is on it
for _ in $(seq 60); do
	screen >"$dir/map.txt"
	[ "$(t backend2$s eth0 2>/dev/null)" = "host/b2-bh$s" ] && break
	sleep 0.5
done
is "lb-fh reaches balanceador's eth1" "$(t host lb-fh$s)" "balanceador$s/eth1"
is "  and back" "$(t balanceador$s eth1)" "host/lb-fh$s"
is "exterior's eth0 reaches balanceador's eth0" "$(t exterior$s eth0)" "balanceador$s/eth0"
is "  and back" "$(t balanceador$s eth0)" "exterior$s/eth0"
for i in 1 2 3; do
	is "f$i-fh reaches frontend$i's eth0" "$(t host f$i-fh$s)" "frontend$i$s/eth0"
	is "f$i-bh reaches frontend$i's eth1" "$(t host f$i-bh$s)" "frontend$i$s/eth1"
done
for i in 1 2; do
	is "backend$i's eth0 reaches b$i-bh" "$(t backend$i$s eth0)" "host/b$i-bh$s"
done
unlike "no crossing drawn as a junction (┼)" "$(sed -n '2,$p' "$dir/map.txt" | grep -v ' Consola ')" '┼'
[ "$_T_FAIL" = 0 ] || sed 's/^/# /' "$dir/map.txt"
keys q
done_testing
