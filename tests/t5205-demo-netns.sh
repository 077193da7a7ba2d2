#!/usr/bin/env bash
# t5205: demo netns replayed unattended (no delay, no keys): every command
# runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file demos/netns.demo
