#!/usr/bin/env bash
# t5111: lesson 11-nice in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/11-nice.lesson
