#!/usr/bin/env bash
# t2007: every bad input of the network commands is refused before
# anything changes: names (IFNAMSIZ, charset), CIDR syntax, an address
# already present, a bridge and its port in different nodes, a gateway no
# address of the node can reach, moving lo, the host's uplink (in a
# throwaway namespace where aisla runs as "host"). State compared with ip.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd jq

n1=$(rname p) n2=$(rname q)
v1=$(rname v) v2=$(rname w) br=$(rname b)
defer ip netns del "$n1"
defer ip netns del "$n2"
ok "setup" aisla -c "netns add $n1; netns add $n2; veth $v1@$n1 $v2@$n2;
addr add 10.205.0.1/24 dev $v1@$n1; bridge add $br@$n1; link set $v1@$n1 up;
addr add 10.205.9.1/24 dev $v2@$n2"

state() {
	for n in "$n1" "$n2"; do
		ip -j -n "$n" link | jq -c '[.[] | {ifname, flags, master}]'
		ip -j -n "$n" addr | jq -c '[.[] | .addr_info[] | "\(.local)/\(.prefixlen)"]'
		ip -j -n "$n" route | jq -c '.'
		ip netns exec "$n" sysctl -n net.ipv4.ip_forward
	done
	# only names this test uses (other tests may run at the same time)
	ip -o link | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E "^($v1|$v2|$br|zz|zy|x|a|q)$" | sort | tr '\n' ' '
	ip netns list | awk '{print $1}' | grep -E "^($n1|$n2|nonode)$" | sort | tr '\n' ' '
	# live journal records (an intent aborted after a kernel refusal is not one)
	awk '$2 == "intent" { live[$1] = 1 } $2 != "intent" && $2 != "done" { delete live[$3] }
	     END { n = 0; for (k in live) n++; print n }' "$AISLA_RUN_DIR/journal"
}
before=$(state)

bad() {	# bad "what" 'regex the error must match' aisla-command
	local what=$1 re=$2; shift 2
	local o
	o=$(aisla -c "$*" 2>&1)
	if [ $? -eq 0 ]; then
		_t_result 1 "refused: $what" "accepted: $*
$o"
		return
	fi
	_t_result 0 "refused: $what"
	like "  says why: $what" "$o" "$re"
	is "  nothing changed: $what" "$(state)" "$before"
}

bad "interface name over IFNAMSIZ" 'IFNAMSIZ|15|16' "veth 0123456789abcdef@$n1 x@$n2"
bad "'/' in a name" "'/'" "veth a/b@$n1 x@$n2"
bad "white space in a name" "'/'|espacio|white" "veth 'a b@$n1' x@$n2"
bad "'..' as a name" '\.\.' "veth ..@$n1 x@$n2"
bad "an end that already exists" "$v1" "veth $v1@$n1 zz@$n2"
bad "both ends with one name in one node" 'zz' "veth zz@$n1 zz@$n1"
bad "unknown node" 'nonode' "veth zz@nonode zy@$n2"
bad "node name missing after @" '@' "veth zz@ zy@$n2"
bad "CIDR with three octets" '10.205.0/24' "addr add 10.205.0/24 dev $v1@$n1"
bad "prefix over 32" '32' "addr add 10.205.0.9/33 dev $v1@$n1"
bad "prefix not a number" 'x' "addr add 10.205.0.9/x dev $v1@$n1"
bad "address already present" '10.205.0.1' "addr add 10.205.0.1/24 dev $v1@$n1"
bad "address already on another link of the node" '10.205.0.1' "addr add 10.205.0.1/24 dev $br@$n1"
bad "network address as host address" '10.205.0.0' "addr add 10.205.0.0/24 dev $v1@$n1"
bad "address on a missing interface" 'nothere' "addr add 10.205.0.9/24 dev nothere@$n1"
bad "addr without dev" 'dev' "addr add 10.205.0.9/24 $v1@$n1"
bad "bridge and port in different nodes" "$n2" "bridge attach $br@$n1 $v2@$n2"
bad "attach to something that is not a bridge" 'bridge' "bridge attach $v1@$n1 lo"
bad "detach what is in no bridge" "$v1" "bridge detach $v1@$n1"
bad "gateway no address of the node reaches" '10.205.0.1/24' "route add 10.99.0.0/24 via 10.98.0.1 -n $n1"
bad "gateway outside every network of the node" '10.205.9.1/24' "route add default via 10.205.0.1 -n $n2"
bad "the kernel's own reason (extended ACK) in the error" '(kernel says|núcleo dice): [A-Z]' \
	"route add 10.99.0.0/24 via 10.205.9.2 dev $v2@$n2"
bad "gateway that is the node's own address" '10.205.0.1' "route add 10.99.0.0/24 via 10.205.0.1 -n $n1"
bad "destination with host bits" '10.99.0.0/24' "route add 10.99.0.1/24 via 10.205.0.2 -n $n1"
bad "gateway of another family" 'IPv4|IPv6' "route add 10.99.0.0/24 via fd00::1 -n $n1"
bad "route with neither via nor dev" 'via' "route add 10.99.0.0/24 -n $n1"
bad "dev in one node, -n another" "$n2" "route add 10.99.0.0/24 dev $v1@$n1 -n $n2"
bad "moving lo" 'lo' "link set lo@$n1 netns $n2"
bad "moving the host's lo" 'lo' "link set lo netns $n1"
bad "deleting lo" 'lo' "link del lo@$n1"
bad "moving to the node it is in" "$n1" "link set $v1@$n1 netns $n1"
bad "moving a bridge" 'bridge' "link set $br@$n1 netns $n2"
bad "link set with a bad state" 'sideways' "link set $v1@$n1 sideways"
bad "forward with a bad word" 'maybe' "forward $n1 maybe"
bad "ping count 0" '1000' "ping $n1 10.205.0.1 -c 0"
bad "ping to an option" "-x" "ping $n1 -x"
bad "deleting a missing link" 'nothere' "link del nothere@$n1"

# The uplink: in a throwaway namespace U whose default route goes out of
# uu0, aisla runs inside U, so U is its "host" and uu0 its way out.
u=$(rname u) o=$(rname o)
defer ip netns del "$u"
defer ip netns del "$o"
ip netns add "$u"; ip netns add "$o"
ip -n "$u" link add uu0 type veth peer name uo0 netns "$o"
ip -n "$u" link set uu0 up; ip -n "$o" link set uo0 up
ip -n "$u" addr add 10.206.0.2/24 dev uu0
ip -n "$u" route add default via 10.206.0.1
ubefore=$(ip -j -n "$u" link | jq -c '[.[] | {ifname, flags}]')
o1=$(ip netns exec "$u" "$AISLA_BIN" -c "link del uu0" 2>&1); r1=$?
o2=$(ip netns exec "$u" "$AISLA_BIN" -c "link set uu0 netns $o" 2>&1); r2=$?
o3=$(ip netns exec "$u" "$AISLA_BIN" -c "link set uu0 down" 2>&1); r3=$?
nok "deleting the uplink is refused" test "$r1" = 0
like "  with the reason and --force" "$o1" 'default|defecto|predeterminada'
like "  and the way to insist" "$o1" '--force'
nok "moving the uplink is refused" test "$r2" = 0
nok "putting the uplink down is refused" test "$r3" = 0
is "the uplink is untouched" "$(ip -j -n "$u" link | jq -c '[.[] | {ifname, flags}]')" "$ubefore"
ok "with --force it goes" ip netns exec "$u" "$AISLA_BIN" -c "link set uu0 down --force"
is "  down now" "$(ip -j -n "$u" link show uu0 | jq -r '.[0].operstate')" DOWN

ok "reset" aisla reset -y
done_testing
