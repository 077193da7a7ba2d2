#!/usr/bin/env bash
# bench/floor.sh N: the kernel-side floor of the star, measured with one
# process (ip -batch) so that no process start-up and no journal counts:
#   ns     N x netns add (unshare(CLONE_NEWNET) + the bind mount)
#   veth   N x a veth with one end in each netns, enslaved to a bridge, up
#   addr   N x the inside end up and addressed (one ip -n ... -batch each:
#          the only way ip reaches into a netns, so this includes N starts)
#   del    N x netns del + link del of the bridge, then the wait until no
#          host-side veth of the star is left (the kernel's asynchronous
#          cleanup_net: what a reset that promises "nothing left" must wait)
# Prints one "# floor N=..." line (ms per step, whole star). Needs root.
. "$(dirname "$0")/lib.sh"
N=${1:-100}
P=bf$((RANDOM % 900 + 100))
W=$(mktemp -d /tmp/aisla-floor.XXXXXX)
trap 'rm -rf "$W"' EXIT
ip4() { echo "10.$((100 + $1 / 65000)).$((($1 / 250) % 256)).$(($1 % 250 + 1))/8"; }
for ((i = 1; i <= N; i++)); do echo "netns add ${P}h$i"; done >"$W/ns"
{
	echo "link add ${P}sw type bridge"; echo "link set ${P}sw up"
	for ((i = 1; i <= N; i++)); do
		echo "link add ${P}v$i type veth peer name eth0 netns ${P}h$i"
		echo "link set ${P}v$i master ${P}sw"; echo "link set ${P}v$i up"
	done
} >"$W/veth"
for ((i = 1; i <= N; i++)); do
	printf 'printf "link set eth0 up\\naddr add %s dev eth0\\n" | ip -n %s -batch -\n' "$(ip4 $i)" "${P}h$i"
done >"$W/addr"
{ for ((i = 1; i <= N; i++)); do echo "netns del ${P}h$i"; done; echo "link del ${P}sw"; } >"$W/del"
settle "$P"
t=$(now_ns); ip -batch "$W/ns"; ns=$(ms_since "$t")
t=$(now_ns); ip -batch "$W/veth"; veth=$(ms_since "$t")
t=$(now_ns); bash "$W/addr"; addr=$(ms_since "$t")
t=$(now_ns); ip -batch "$W/del"; del=$(ms_since "$t")
while ip -o link | grep -q " ${P}v"; do :; done; gone=$(ms_since "$t")
echo "# floor N=$N (ms): netns $ns, veth+bridge $veth, addr (N ip starts) $addr, del $del, links gone $gone"
settle "$P"
