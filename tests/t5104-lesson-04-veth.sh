#!/usr/bin/env bash
# t5104: lesson 04-veth in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/04-veth.lesson
