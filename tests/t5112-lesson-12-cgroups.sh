#!/usr/bin/env bash
# t5112: lesson 12-cgroups in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/12-cgroups.lesson
