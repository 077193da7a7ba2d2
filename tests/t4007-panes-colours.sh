#!/usr/bin/env bash
# One colour per namespace across all panes: a node's section in
# Interfaces, its section in Routes, its box in Topology and its processes
# are drawn in the same colour; a node named after a colour gets it.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd python3
. "$(dirname "$0")/lib-tui.sh"

x=rojo$(rname t | cut -c2-9)
defer ip netns del "$x"
tui_start 160x50
ok "panes up" wait_for ' Interfaces '
keys F5	# fold the host: other tests may fill it with interfaces
type "netns add $x"
wait_for "── $x|not implemented yet|implementad" 5
skip_if_stub
ok "namespace shown" wait_for "── $x"
sleep 3.5	# the "new" highlight fades
# foreground colour in effect where NEEDLE starts, from tmux's SGR escapes
colours() {
	$S capture-pane -p -e -t t | python3 -c '
import re, sys
needle = sys.argv[1]
out = []
for line in sys.stdin.read().split("\n"):
    if " Consola " in re.sub(r"\x1b\[[0-9;]*m", "", line):
        break    # the console is not a namespace view
    fg = None
    pos = 0
    for m in re.finditer(r"\x1b\[([0-9;]*)m|" + re.escape(needle), line):
        if m.group(0).startswith("\x1b"):
            codes = [c for c in m.group(1).split(";") if c] or ["0"]
            i = 0
            while i < len(codes):
                c = int(codes[i])
                if c == 0 or c == 39: fg = None
                elif 30 <= c <= 37 or 90 <= c <= 97: fg = c % 60
                elif c == 38 and i + 2 < len(codes): fg = "256:" + codes[i + 2]; i += 2
                i += 1
        else:
            out.append(str(fg))
print(" ".join(out))
' "$1"
}
c=$(colours "$x")
# the topology alone (F2 F2 focus it, F3 zooms): the box may be below
keys F2 F2 F3 M-End	# the newest box is the last one
ok "the topology shows the box" wait_for "┌─ $x"
c="$c $(colours "$x")"
keys F3
diag "colours where '$x' is written: $c"
n=$(printf '%s\n' $c | sort -u | wc -l)
is "the same colour in every pane" "$n" 1
like "written at least in Interfaces, Routes and Topology" "$c" '^[^ ]+ [^ ]+ [^ ]+'
is "a node named rojo… is red" "$(printf '%s\n' $c | sort -u)" 31
h=$(colours "── host" | tr ' ' '\n' | sort -u)
is "host keeps the default colour" "$h" None
done_testing
