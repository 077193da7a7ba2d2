#!/usr/bin/env bash
# Network changes reach the panes without a key pressed: after `netns add
# X` the Interfaces pane shows X's lo; a veth, an address and a route
# added from outside with `ip -n X` appear; a veth pair between two nodes
# is a line in the Topology pane.
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

# names sort right after host: other tests on this machine may add namespaces
x=$(rname 0x); y=$(rname 0y)
defer ip netns del "$x"
defer ip netns del "$y"
tui_start 160x60
ok "panes up" wait_for ' Interfaces '
keys F3	# the Interfaces pane alone: room for many namespaces
ok "F3: the focused pane alone" wait_for '\[2/5\] Interfaces'
keys F5	# fold the host: other tests may fill it with interfaces
ok "F5: the host's section folded" wait_for '── host .*plegad'
type "netns add $x"
wait_for "── $x|not implemented yet|implementad" 5
skip_if_stub
ok "the new namespace has its section" wait_for "── $x"
# its lo, in the rows under its header
lo_under() { screen | awk -v h="── $1" 'index($0, h) { f = 1; next } f && /──/ { f = 0 } f && /lo +loopback/ { found = 1 } END { exit !found }'; }
ok "X's lo in the interfaces pane" until_ok 5 lo_under "$x"

# from outside, no key pressed
ip -n "$x" link add va type veth peer name vb
ok "a veth made with ip -n appears" wait_for '(^|[ │])va +veth'
ok "with its peer as name@node" wait_for "vb@$x"
ip -n "$x" addr add 10.77.0.1/24 dev va
ok "an address added with ip -n appears" wait_for '10\.77\.0\.1/24'
ip -n "$x" link set va up
ip -n "$x" link set vb up
ip -n "$x" route add 10.78.0.0/16 via 10.77.0.2 dev va
keys F2	# the Routes pane
ok "F2: the Routes pane" wait_for '\[3/5\] Rutas'
ok "a route added with ip -n appears" wait_for '10\.78\.0\.0/16 +10\.77\.0\.2 +va'
keys S-F2
ok "Shift-F2: back to Interfaces" wait_for '\[2/5\] Interfaces'
ip -n "$x" link del va || true
ok "a deleted link lingers struck out" wait_for 'v̶a̶ +v̶e̶t̶h̶' 5
ok "then goes" wait_gone 'v̶a̶ +v̶e̶t̶h̶' 8

# a veth pair between two nodes is a line in the topology
type "netns add $y"
ok "second namespace" wait_for "── $y"
type "veth t1@$x t2@$y"
wait_for "t1@|not implemented yet|implementad" 5
skip_if_stub
ok "both ends listed" wait_for "t2@$y"
keys F2 F2	# the Topology pane
ok "F2 F2: the Topology pane" wait_for '\[4/5\] Topolog'
keys M-End	# the newest boxes are the last ones
ok "the topology draws t1 with a port on its box" wait_for '┤ t1|t1 +.*├'
s=$(screen)
like "and t2 too" "$s" '┤ t2|t2 +.*├'
like "joined by a line (straight, or with corners along a track)" "$s" '├─+┤|[┌└]─*┤|├─+[┐┘]'
done_testing
