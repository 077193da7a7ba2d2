#!/usr/bin/env bash
# t7115: lesson 15-runtimes in batch mode on the real kernel (isolated host
# namespace and /run/netns): a node by hand, its bundle, the bundle run by
# aisla and by runc (same hostname, same network namespace by path, same
# limits), every check holds, and reset plus the lesson's own `runc delete`
# leave nothing behind.
. "$(dirname "$0")/lib-batch.sh"
need_cmd runc
batch_file lessons/15-runtimes.lesson
