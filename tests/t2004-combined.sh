#!/usr/bin/env bash
# t2004: the slides' combined scenario: six netns and three bridges in the
# host. netns0-2 on mibridge, netns2-4 on mibridge2, netns3-5 on mibridge3
# (veth{N}g inside, veth{N}h on the bridge; the second legs are veth{N}eg /
# veth{N}eh). netns2 and netns3 route between the LANs; every pair pings.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd jq
need_cmd ping

s=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 5)
n() { echo "ns$1$s"; }
b1=mibr$s b2=mibr2$s b3=mibr3$s
for br in "$b1" "$b2" "$b3"; do defer ip link del "$br"; done
for i in 0 1 2 3 4 5; do defer ip netns del "$(n $i)"; done

c=""
for br in "$b1" "$b2" "$b3"; do c+="bridge add $br; link set $br up;"; done
for i in 0 1 2 3 4 5; do c+="netns add $(n $i);"; done
# leg NAME-SUFFIX NODE BRIDGE ADDR
leg() {
	c+="veth veth$1g$s@$2 veth$1h$s; bridge attach $3 veth$1h$s; link set veth$1h$s up;"
	c+="link set veth$1g$s@$2 up; addr add $4/24 dev veth$1g$s@$2;"
}
leg 0 "$(n 0)" "$b1" 10.203.1.1
leg 1 "$(n 1)" "$b1" 10.203.1.2
leg 2 "$(n 2)" "$b1" 10.203.1.3
leg 2e "$(n 2)" "$b2" 10.203.2.3
leg 3 "$(n 3)" "$b2" 10.203.2.4
leg 4 "$(n 4)" "$b2" 10.203.2.5
leg 3e "$(n 3)" "$b3" 10.203.3.4
leg 4e "$(n 4)" "$b3" 10.203.3.5
leg 5 "$(n 5)" "$b3" 10.203.3.6
c+="forward $(n 2) on; forward $(n 3) on;"
c+="route add default via 10.203.1.3 -n $(n 0); route add default via 10.203.1.3 -n $(n 1);"
c+="route add 10.203.3.0/24 via 10.203.2.4 -n $(n 2);"
c+="route add 10.203.1.0/24 via 10.203.2.3 -n $(n 3);"
c+="route add 10.203.1.0/24 via 10.203.2.3 -n $(n 4);"
c+="route add default via 10.203.3.4 -n $(n 5);"
out=$(aisla -c "$c" 2>&1)
is "the scenario is built" "$?" 0
[ "$_T_FAIL" = 0 ] || diag "$out"

is "three bridges" "$(ip -j -d link show type bridge | jq -r --arg s "$s" '[.[] | select(.ifname | endswith($s))] | length')" 3
is "mibridge2 has three ports" "$(ip -j link show master "$b2" | jq length)" 3
is "netns2 has two legs" "$(ip -j -n "$(n 2)" link show type veth | jq length)" 2

addr=(10.203.1.1 10.203.1.2 10.203.1.3 10.203.2.4 10.203.2.5 10.203.3.6)
for i in 0 1 2 3 4 5; do
	for j in 0 1 2 3 4 5; do
		[ $i = $j ] && continue
		ok "netns$i pings netns$j (${addr[$j]})" ip netns exec "$(n $i)" ping -c 1 -W 2 "${addr[$j]}"
	done
done
ok "reset" aisla reset -y
is "no bridge left" "$(ip -j -d link show type bridge | jq -r --arg s "$s" '[.[] | select(.ifname | endswith($s))] | length')" 0
unlike "no netns left" "$(ip netns list)" "$s"
unlike "no host end left" "$(ip -o link)" "h$s"
done_testing
