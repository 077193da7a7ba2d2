# tests/qemu/qemu.mk: make targets of the qemu tier (included by the top Makefile).
#
#   make qemu-kernel   fetch and unpack Debian's kernel into tests/qemu/cache/
#   make check-qemu    build aisla (and aisla-static when it links), run only
#                      the qemu tier (tests/t3900-cgroup-v2-qemu.sh)
#   make qemu-clean    remove the kernel cache
# `make check` runs the tier too (tests/run picks t3900 up); it skips with a
# reason when qemu, cpio, busybox-static or the kernel package is missing.

.PHONY: qemu-kernel check-qemu qemu-clean

qemu-kernel:
	tests/qemu/kernel.sh

check-qemu: all
	@$(MAKE) --no-print-directory static >/dev/null 2>&1 || \
	  echo "aisla-static no enlaza: el invitado lleva ./aisla con sus bibliotecas"
	AISLA_BIN=$(CURDIR)/aisla tests/run t3900

qemu-clean:
	rm -rf tests/qemu/cache tests/qemu/build
