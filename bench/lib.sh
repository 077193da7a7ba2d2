# bench/lib.sh: shared helpers of the network benchmarks (sourced).
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AISLA=${AISLA_BIN:-$TOP/aisla}
RUNS=${BENCH_RUNS:-3}
export LANGUAGE= LC_ALL=C.UTF-8

now_ns() { date +%s%N; }
# ms since $1 (ns), one decimal
ms_since() { echo "$(( ($(now_ns) - $1) / 100000 ))" | sed 's/\(.\)$/.\1/'; }
# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# per-host figure: ms / N with two decimals
per_host() { awk -v m="$1" -v n="$2" 'BEGIN { if (m == "-") print "-"; else printf "%.2f", m / n }'; }

# Wait until the kernel has finished tearing down what a run left behind
# (netns cleanup is asynchronous): no link or netns with the prefix.
settle() {
	local p=$1 i
	for i in $(seq 200); do
		ip -o link 2>/dev/null | grep -q "$p" || ip netns list 2>/dev/null | grep -q "$p" || { sleep "${BENCH_SETTLE:-0.3}"; return 0; }
		sleep 0.1
	done
	# Something survived: remove it so the next run starts clean.
	ip netns list | awk '{print $1}' | grep "^$p" | xargs -r -n1 ip netns del 2>/dev/null
	ip -o link | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^$p" | xargs -r -n1 ip link del 2>/dev/null
	sleep 0.5
}
