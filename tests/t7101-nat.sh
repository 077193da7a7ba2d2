#!/usr/bin/env bash
# t7101: `nat NODE on|off`: a node reaches an address outside it through the
# host only with NAT (the outside has no route back to the node's network).
# aisla's "host" is a network namespace of the test's own (nsenter --net),
# so the machine's forwarding and nftables are never touched. Checked with
# ping from inside, `nft list` in the host namespace, sysctl; a foreign
# table of the same name is refused and left alone; reset removes the
# table and puts forwarding back.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd nft
need_cmd nsenter

h=$(rname h) a=$(rname a) o=$(rname o)
va=$(rname v) vh=$(rname w) vo=$(rname x) vho=$(rname y)
for n in "$h" "$a" "$o"; do defer ip netns del "$n"; done
ip netns add "$h" || skip "cannot make a network namespace"
ip -n "$h" link set lo up
A() { nsenter --net=/run/netns/"$h" "$AISLA_BIN" "$@"; }
hns() { ip netns exec "$h" "$@"; }

out=$(A -c "netns add $a; netns add $o;
veth $va@$a $vh; veth $vo@$o $vho;
addr add 10.71.1.2/24 dev $va@$a; addr add 10.71.1.1/24 dev $vh;
addr add 10.71.2.2/24 dev $vo@$o; addr add 10.71.2.1/24 dev $vho;
link set $va@$a up; link set $vh up; link set $vo@$o up; link set $vho up;
route add default via 10.71.1.1 dev $va@$a" 2>&1)
is "the network is made" "$?" 0
diag "$out"
is "forwarding off in the test's host at first" "$(hns sysctl -n net.ipv4.ip_forward)" 0
nok "nat NODE with no node" A -c "nat $(rname n)x on"
nok "without NAT the outside cannot answer" ip netns exec "$a" ping -c 1 -W 1 10.71.2.2

out=$(A -c "nat $a on" 2>&1)
is "nat on" "$?" 0
diag "$out"
like "explain: the nft commands" "$out" "≈ nft add rule ip aisla_nat_$a postrouting ip saddr '10.71.1.0/24' ip daddr != '10.71.1.0/24' masquerade"
like "explain: forwarding" "$out" "≈ sysctl -w net.ipv4.ip_forward=1"
is "forwarding switched on in the host" "$(hns sysctl -n net.ipv4.ip_forward)" 1
t=$(hns nft -a list table ip "aisla_nat_$a" 2>&1)
like "the table is in the host's namespace, tagged as aisla's" "$t" 'comment "aisla:[0-9a-f]{12}"'
like "a masquerade rule for the node's network" "$t" 'ip saddr 10.71.1.0/24 ip daddr != 10.71.1.0/24 masquerade'
is "nothing in the node itself" "$(ip netns exec "$a" nft list tables)" ""
ok "with NAT the node reaches the outside" ip netns exec "$a" ping -c 1 -W 2 10.71.2.2
like "conntrack-free proof: the outside saw the host's address" \
	"$(ip netns exec "$o" ip neigh show dev "$vo" | cut -d' ' -f1 | sort -u | tr '\n' ' ')" '10\.71\.2\.1'
like "nat NODE says on" "$(A -c "nat $a" 2>&1)" "(on|activado)"
nok "nat on twice is refused" A -c "nat $a on"
ok "nat off" A -c "nat $a off"
is "the table is gone" "$(hns nft list tables)" ""
nok "without NAT again no answer" ip netns exec "$a" ping -c 1 -W 1 10.71.2.2
nok "nat off when off" A -c "nat $a off"

# A table aisla did not make, with aisla's name: refused, left alone.
hns nft add table ip "aisla_nat_$a"
err=$(A -c "nat $a on" 2>&1)
is "foreign table: exit 1" "$?" 1
like "foreign table: a Spanish error" "$err" "no (hizo|creó) aisla"
like "foreign table: a hint" "$err" "pista:"
is "the foreign table is still there, empty" "$(hns nft list table ip "aisla_nat_$a" | grep -c masquerade)" 0
hns nft delete table ip "aisla_nat_$a"

# A node without an address, a node the host cannot reach: nothing made.
b=$(rname b); defer ip netns del "$b"
A -c "netns add $b" >/dev/null 2>&1
err=$(A -c "nat $b on" 2>&1)
is "no address: exit 1" "$?" 1
like "no address: says so" "$err" "IPv4"
ip -n "$b" link set lo up; ip -n "$b" addr add 10.71.9.2/24 dev lo
err=$(A -c "nat $b on" 2>&1)
is "unreachable node: exit 1" "$?" 1
like "unreachable node: names the network" "$err" "10\.71\.9\.0/24"
is "nothing half made" "$(hns nft list tables)" ""

ok "nat on again, then reset" A -c "nat $a on"
ok "reset" A reset -y
is "reset removed the table" "$(hns nft list tables)" ""
is "reset put forwarding back" "$(hns sysctl -n net.ipv4.ip_forward)" 0
unlike "nodes gone" "$(ip netns list)" "^($a|$o|$b)( |$)"
done_testing
