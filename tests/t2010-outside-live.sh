#!/usr/bin/env bash
# t2010: an interactive aisla (live model, --plain prompt in tmux) sees
# changes made with ip in another "terminal": a namespace, a veth, its
# state, an address; the model follows the kernel's events and inotify on
# /run/netns (see also tests/unit/net-world.c).
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

n=$(rname o) x=$(rname x) y=$(rname y)
defer ip netns del "$n"
tui_start 150x50 --plain
wait_for 'aisla' 10 || skip "no prompt from aisla --plain"
ip netns add "$n"
ip -n "$n" link add "$x" type veth peer name "$y"
type "link list $n"
ok "the namespace and veth made by ip are listed" wait_for "$x +veth +DOWN .*(peer|pareja) $y" 5
ip -n "$n" link set "$x" up
ip -n "$n" link set "$y" up
ip -n "$n" addr add 10.209.0.1/24 dev "$x"
keys C-l 2>/dev/null
type "link list $n"
ok "its new state" wait_for "$x +veth +UP " 5
type "addr list $n"
ok "its address" wait_for "$x +inet +10.209.0.1/24" 5
ip netns del "$n"
type "link list $n"
ok "the namespace deleted by ip is gone" wait_for "(no existe|does not exist)" 5
type "quit"
done_testing
