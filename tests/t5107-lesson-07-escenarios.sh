#!/usr/bin/env bash
# t5107: lesson 07-escenarios in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/07-escenarios.lesson
