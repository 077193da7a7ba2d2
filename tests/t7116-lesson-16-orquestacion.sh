#!/usr/bin/env bash
# t7116: lesson 16-orquestacion in batch mode on the real kernel (isolated:
# its own host network namespace and /run/netns): every reference command
# runs, every check holds (the balancer drops a killed frontend and takes it
# back when the restart policy brings it back; NAT lets a node reach an
# outside node through the host), and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/16-orquestacion.lesson
