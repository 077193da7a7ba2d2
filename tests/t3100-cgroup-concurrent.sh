#!/usr/bin/env bash
# Four aisla batches on one lab (one journal), released together, each
# making control groups: all succeed in every round, aisla/ is made once by
# whoever comes first (making a shared parent is idempotent: EEXIST from
# another aisla is not an error), and one reset removes all. The journal's
# lock, held by the test while they are released, makes each look for
# aisla/ before any makes it. Before the fix three of the four died in
# every round on "no se pudo crear el grupo de control '.../aisla': ya
# existe".
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

if [ "$V" = 2 ]; then sub=/sys/fs/cgroup/aisla; else sub=/sys/fs/cgroup/pids/aisla; fi
gdir() { echo "$sub/$1"; }
if [ -d "$sub" ] && [ "$V" = 1 ] && [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ] &&
	[ ! -d /sys/fs/cgroup/unified/aisla ]; then
	# Someone's groups are in aisla/ (nothing to race for): race in the
	# hybrid machine's empty v2 tree instead (AISLA_CGROUP_ROOT, tests only).
	diag "$sub is in use: racing in /sys/fs/cgroup/unified (v2, no controllers)"
	export AISLA_CGROUP_ROOT=/sys/fs/cgroup/unified
	sub=/sys/fs/cgroup/unified/aisla
fi
[ -d "$sub" ] && skip "$sub ya existe (grupos de otro usuario): no hay carrera que probar"
rounds=${AISLA_T3100_ROUNDS:-4}
go=$(mktemp -u /tmp/aisla-t3100.XXXXXX)
mkfifo "$go"; defer rm -f "$go"
raced=0
: >>"$AISLA_RUN_DIR/journal"
nb=${AISLA_T3100_BATCHES:-4}
for r in $(seq "$rounds"); do
	# aisla/ absent: the batches race to make it (present: another user's
	# groups appeared in it meanwhile, nothing to race for this round).
	[ -d "$sub" ] || raced=$((raced + 1))
	names=() pids=()
	: >"$AISLA_RUN_DIR/ready"
	for k in $(seq "$nb"); do
		a=$(rname "b$k")
		names+=("$a" "${a}x")
		# Each batch starts, says it is ready and waits on the fifo
		# (a host command of its own: `exec host`).
		"$AISLA_BIN" -c "explain off; exec host sh -c 'echo >>$AISLA_RUN_DIR/ready; cat $go >/dev/null'; cgroup add $a; cgroup add ${a}x" \
			>"$AISLA_RUN_DIR/out-$k" 2>&1 &
		pids+=($!)
	done
	for _ in $(seq 100); do [ "$(wc -l <"$AISLA_RUN_DIR/ready")" -ge "$nb" ] && break; sleep 0.05; done
	# The journal's lock held while they are released together: each looks
	# for aisla/, finds none, and queues on the lock to journal its mkdir.
	flock "$AISLA_RUN_DIR/journal" sleep 0.3 & lk=$!
	sleep 0.05
	: >"$go"
	wait "$lk"
	for k in $(seq "$nb"); do
		wait "${pids[$((k - 1))]}"; rc=$?
		is "round $r: batch $k" "$rc" 0
		[ "$rc" = 0 ] || diag "$(cat "$AISLA_RUN_DIR/out-$k")"
	done
	for g in "${names[@]}"; do
		ok "  round $r: group $g made" test -d "$(gdir "$g")"
	done
	out=$(aisla -c 'reset -y' 2>&1); rc=$?
	is "  round $r: one reset undoes all" "$rc" 0
	for g in "${names[@]}"; do
		nok "  round $r: group $g removed" test -e "$(gdir "$g")"
	done
	like "  round $r: the journal is empty" "$(aisla -c 'reset -y' 2>&1)" 'Nada que deshacer'
done
diag "$raced of $rounds rounds raced to make aisla/"
done_testing
