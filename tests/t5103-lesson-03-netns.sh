#!/usr/bin/env bash
# t5103: lesson 03-netns in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/03-netns.lesson
