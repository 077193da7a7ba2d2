#!/usr/bin/env bash
# A foreground child gets the whole terminal: `nsenter` hands it over (the
# panes step aside, the child's shell answers) and the panes come back,
# redrawn, after `exit`.
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

n=$(rname e)
defer ip netns del "$n"
tui_start 130x40
ok "panes up" wait_for ' Interfaces '
type "netns add $n"
wait_for "── $n|not implemented yet|implementad" 5
skip_if_stub
type "nsenter $n -- /bin/sh"
wait_for 'not implemented yet|implementad' 2 && skip_if_stub
ok "the panes step aside" wait_gone ' Interfaces ' 5
type 'echo DENTRO-$((6*7)); readlink /proc/self/ns/net'
ok "the child's shell has the terminal" wait_for 'DENTRO-42'
want=$(stat -L -c %i "/run/netns/$n")
like "and runs in the node's netns" "$(screen)" "net:\[$want\]"
type 'exit'
ok "the panes come back after exit" wait_for ' Interfaces ' 5
ok "redrawn with the node" wait_for "── $n"
type 'explain'
ok "the prompt works again" wait_for 'explain está'
done_testing
