#!/usr/bin/env bash
# reset removes every group aisla made (children first, processes moved out,
# load props killed) and never touches a cgroup it did not make: a foreign
# group inside aisla/, one outside, a same-named impostor.
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

g1=$(rname r) g2=$(rname s) f=$(rname f) o=$(rname o)
if [ "$V" = 2 ]; then ctls=unified; else ctls="cpu cpuacct cpuset memory pids blkio"; fi
# dirs NAME: the directories of group NAME in every hierarchy aisla uses.
dirs() { if [ "$V" = 2 ]; then echo "/sys/fs/cgroup/aisla/$1"; else for c in $ctls; do [ -d "/sys/fs/cgroup/$c" ] && echo "/sys/fs/cgroup/$c/aisla/$1"; done; fi; }
subtree() { dirs "" | sed 's:/$::'; }
# aisla/ stays only if it was there before us.
new_sub=""
for d in $(subtree); do [ -d "$d" ] || new_sub="$new_sub $d"; done
defer sh -c "for d in $new_sub; do rmdir \$d 2>/dev/null; done; true"

ok "two groups" aisla -c "explain off; cgroup add $g1; cgroup add $g2"
# Foreign: a group inside aisla/ made by hand, and one outside it.
for d in $(dirs "$f"); do mkdir "$d"; done
defer sh -c "for d in $(dirs "$f" | tr '\n' ' '); do rmdir \$d; done"
if [ "$V" = 2 ]; then out_d=/sys/fs/cgroup/$o; else out_d=/sys/fs/cgroup/pids/$o; fi
mkdir "$out_d"; defer rmdir "$out_d"
# Impostor: g2 removed by hand and made again by someone else (new inode).
for d in $(dirs "$g2"); do rmdir "$d" && mkdir "$d"; done
defer sh -c "for d in $(dirs "$g2" | tr '\n' ' '); do rmdir \$d; done"

out=$(aisla -c "explain off; cgroup del $f" 2>&1)
like "cgroup del refuses a group aisla did not make" "$out" 'no lo creó aisla'
ok "  and leaves it" test -d "$(cgdir pids "$f")"

# Processes in g1: a plain one (moved out) and a load prop (killed).
sleep 600 & sl=$!
defer kill "$sl"
ok "attach a process" aisla -c "explain off; cgroup attach $g1 $sl"
ok "load cpu in the group" aisla -c "explain off; load cpu -g $g1"
lp=$(for p in $(cat "$(cgdir pids "$g1")/cgroup.procs"); do [ "$p" != "$sl" ] && echo "$p"; done | head -n1)
like "the prop is there" "$lp" '^[0-9]+$'

out=$(aisla -c 'reset -y' 2>&1); rc=$?
is "reset -y" "$rc" 0
for d in $(dirs "$g1"); do nok "removed: $d" test -e "$d"; done
for d in $(dirs "$f"); do ok "foreign group kept: $d" test -d "$d"; done
ok "foreign group outside aisla/ kept" test -d "$out_d"
for d in $(dirs "$g2"); do ok "impostor kept: $d" test -d "$d"; done
like "reset says it left the impostor alone" "$out" "no se toca.*$g2"
ok "the plain process lives on" kill -0 "$sl"
unlike "  out of the group" "$(cat /proc/$sl/cgroup)" "/aisla/$g1"
st=$(awk '{ print $3 }' "/proc/$lp/stat" 2>/dev/null)
ok "the prop is dead" test -z "$st" -o "$st" = Z
out=$(aisla -c 'reset -y' 2>&1)
like "a second reset finds nothing" "$out" 'Nada que deshacer'

# A session killed after mkdir, before its confirmation: the unconfirmed
# group is removed because it carries aisla's mark (an xattr with the
# journal's token), even with no inode recorded. Directories with aisla's
# names made by hand are never removed: with a process, empty, or with the
# very inode a confirmed record names (as when the kernel reuses a number).
h=$(rname h) k=$(rname k) m=$(rname m) x=$(rname x)
ok "a group to interrupt" aisla -c "explain off; cgroup add $h"
defer sh -c "for d in $(dirs "$h" | tr '\n' ' '); do rmdir \$d 2>/dev/null; done; true"
# What the journal holds when aisla dies after mkdir: no confirmations of $h.
awk -v g="group=$h" '
	$2 == "intent" { for (i = 5; i <= NF; i++) if ($i == g) drop[$1] = 1 }
	$2 == "done" && ($3 in drop) { next }
	{ print }' "$AISLA_RUN_DIR/journal" >"$AISLA_RUN_DIR/journal.new"
mv "$AISLA_RUN_DIR/journal.new" "$AISLA_RUN_DIR/journal"
unlike "  no confirmation of $h left" "$(cat "$AISLA_RUN_DIR/journal")" "done .*group=$h"
hd=$(cgdir pids "$h") kd=$(cgdir pids "$k") md=$(cgdir pids "$m") xd=$(cgdir pids "$x")
mkdir -p "$(dirname "$kd")" "$kd" "$md" "$xd"
defer sh -c "sleep 0.3; rmdir $kd $md $xd"
sleep 600 & sl2=$!
defer kill "$sl2"
echo "$sl2" >"$kd/cgroup.procs"
xino=$(stat -c %i "$xd")
tok=0123456789abcdef0123456789abcdef
printf '%s\n' "901 intent cgroup ${kd#/sys/fs/cgroup/} path=$kd group=$k" \
	"902 intent cgroup ${md#/sys/fs/cgroup/} path=$md group=$m mark=$tok" \
	"903 intent cgroup ${xd#/sys/fs/cgroup/} path=$xd group=$x mark=$tok" \
	"904 done 903 ino=$xino marked=1" >>"$AISLA_RUN_DIR/journal"
out=$(aisla reset -y 2>&1)
nok "an unconfirmed group with aisla's mark is removed" test -e "$hd"
ok "an unconfirmed group with a process is left alone" test -d "$kd"
ok "  and its process untouched" kill -0 "$sl2"
like "  reported" "$out" "no se toca.*$k"
ok "an unconfirmed record's empty directory made by hand is left alone" test -d "$md"
like "  reported" "$out" "no se toca.*$m"
ok "a directory with the recorded inode but without aisla's mark is left alone" test -d "$xd"
like "  reported" "$out" "no se toca.*$x"
done_testing
