#!/usr/bin/env bash
# t2003: a LAN of three nodes on a bridge (the course's virtual switch): a
# bridge in the host, one veth per node with its host end attached; every
# pair pings. Checked with ip -j (master, kind) and ping.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd jq
need_cmd ping

br=$(rname br)
defer ip link del "$br"
cmds="bridge add $br; link set $br up;"
nodes=() gs=() hs=()
for i in 1 2 3; do
	n=$(rname n$i) g=$(rname g$i) h=$(rname h$i)
	nodes+=("$n") gs+=("$g") hs+=("$h")
	defer ip netns del "$n"
	cmds+="netns add $n; veth $g@$n $h; bridge attach $br $h; link set $h up; link set $g@$n up;"
	cmds+="addr add 10.202.0.$i/24 dev $g@$n;"
done
out=$(aisla -c "$cmds" 2>&1)
is "the LAN is built" "$?" 0
diag "$out"
like "explain: bridge" "$out" "≈ ip link add $br type bridge"
like "explain: attach" "$out" "≈ ip link set ${hs[0]} master $br"
like "explain: veth with the host end" "$out" "≈ ip link add ${gs[0]} netns ${nodes[0]} type veth peer name ${hs[0]}"

is "bridge kind" "$(ip -j -d link show "$br" | jq -r '.[0].linkinfo.info_kind')" bridge
for i in 0 1 2; do
	is "port ${hs[$i]} in $br" "$(ip -j link show "${hs[$i]}" | jq -r '.[0].master')" "$br"
done
for i in 0 1 2; do
	for j in 0 1 2; do
		[ $i = $j ] && continue
		ok "${nodes[$i]} pings 10.202.0.$((j + 1))" ip netns exec "${nodes[$i]}" ping -c 1 -W 2 10.202.0.$((j + 1))
	done
done
l=$(aisla -c "link list" 2>&1)
like "link list shows the bridge port" "$l" "${hs[0]} +veth .*(peer|pareja) ${gs[0]}@${nodes[0]} +bridge $br"
ok "detach" aisla -c "bridge detach ${hs[2]}"
is "no master after detach" "$(ip -j link show "${hs[2]}" | jq -r '.[0].master // "none"')" none
nok "${nodes[0]} no longer reaches the detached one" ip netns exec "${nodes[0]}" ping -c 1 -W 1 10.202.0.3
ok "reset" aisla reset -y
nok "bridge gone" ip link show "$br"
for n in "${nodes[@]}"; do unlike "node $n gone" "$(ip netns list)" "^$n( |$)"; done
for h in "${hs[@]}"; do nok "host end $h gone" ip link show "$h"; done
done_testing
