#!/usr/bin/env bash
# t7201: the slides' three-bridge/six-netns demo replayed unattended (isolated
# host namespace): every command runs, every check holds (each LAN works
# alone, then netns0 reaches netns5 over two routers), and reset leaves
# nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file demos/tres-bridges.demo
