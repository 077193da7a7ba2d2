# tests/lib-cg.sh: what the cgroup tests (t3NNN) share, on top of lib.sh.
# They run here (v1 or hybrid) and in the qemu tier (pure v2), so they ask
# the machine which version it has.
#
#   V          2 (pure v2) or 1 (v1 or hybrid)
#   cgdir CTL NAME   the directory of aisla's group NAME for controller CTL
#   ticks PID  CPU time (user + system, clock ticks) from /proc/PID/stat
#   HZ         clock ticks per second
# Each test then defers `aisla -c 'reset -y'` (kills the load props,
# removes the groups it made).
. "$(dirname "$0")/lib.sh"
need_root
# cgroup version of this machine: 2 (pure v2) or 1 (v1 or hybrid).
case $(awk '$2 == "/sys/fs/cgroup" { print $3; exit }' /proc/mounts) in
cgroup2) V=2 ;;
tmpfs) V=1 ;;
*) skip "no hay cgroups montados en /sys/fs/cgroup" ;;
esac
# cgdir CTL NAME: the directory of aisla's group NAME for controller CTL.
cgdir() { if [ "$V" = 2 ]; then echo "/sys/fs/cgroup/aisla/$2"; else echo "/sys/fs/cgroup/$1/aisla/$2"; fi; }
# ticks PID: CPU time (user + system, clock ticks) from /proc/PID/stat.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
