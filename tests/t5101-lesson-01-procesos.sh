#!/usr/bin/env bash
# t5101: lesson 01-procesos in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/01-procesos.lesson
