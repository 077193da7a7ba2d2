# aisla: an interactive shell for learning OS-level virtualization.
#
#   make              build ./aisla
#   sudo make run     install what is missing (apt-get), build, start aisla
#   sudo make check   install what is missing, build, run every test
#   make asan         build with AddressSanitizer + UBSan
#   make static       a fully static ./aisla-static (for the qemu tier)
#   make install      PREFIX=/usr/local DESTDIR=
#   make bench        benchmarks (bench/)
# DEVELOPER=1 (set by CI) turns warnings into errors.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/aisla
LOCALEDIR ?= $(PREFIX)/share/locale
MANDIR   ?= $(PREFIX)/share/man
DOCDIR   ?= $(PREFIX)/share/doc/aisla
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
VERSION  := 0.1.0

CC       ?= cc
PKGS     := readline ncursesw libnl-3.0 libnl-route-3.0 libnftables json-c libarchive libcrypto zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# Debian's readline.pc may omit the terminal library.
PKG_LIBS   += -lpthread

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wwrite-strings -Wundef -Wno-format-nonliteral
ifeq ($(DEVELOPER),1)
WARN     += -Werror
endif
OPT      ?= -O2 -g
CFLAGS   ?=
CFLAGS   += -std=gnu11 -D_GNU_SOURCE $(OPT) $(WARN) $(PKG_CFLAGS) \
            -DAISLA_VERSION='"$(VERSION)"' -MMD -MP
LDLIBS   += $(PKG_LIBS)

SRCS     := $(sort $(wildcard shell/*.c shell/kernel/*.c shell/world/*.c shell/tui/*.c shell/lesson/*.c commands/*.c))
OBJS     := $(SRCS:.c=.o)
LIBOBJS  := $(filter-out shell/main.o,$(OBJS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNITS    := $(UNIT_SRCS:.c=.t)
# The shell's own fragment first: --use-first keeps its translations.
PO_ES    := po/es/shell.po $(filter-out po/es/shell.po,$(sort $(wildcard po/es/*.po)))
PO_EN    := $(sort $(wildcard po/en/*.po))
MOS      := locale/es/LC_MESSAGES/aisla.mo $(if $(PO_EN),locale/en/LC_MESSAGES/aisla.mo)
# Manual pages: one scdoc source per language (man/aisla.LANG.1.scd).
MANS     := man/aisla.1 man/aisla.es.1
SCDOC    := $(shell command -v scdoc 2>/dev/null)

# Debian packages: build, run, test.
DEPS_BUILD := build-essential pkg-config libreadline-dev libncurses-dev \
              libnl-3-dev libnl-route-3-dev gettext scdoc libnftables-dev libjson-c-dev \
              libarchive-dev libssl-dev zlib1g-dev
DEPS_RUN   := iproute2 busybox-static procps util-linux iputils-ping kmod nftables
DEPS_TEST  := tmux cpio qemu-system-x86 jq nftables psmisc python3 man-db umoci skopeo \
              debhelper lintian dpkg-dev uidmap clang runc crun

.PHONY: FORCE all deps run check test asan fuzz static install install-man uninstall clean bench units po man

# The manual pages too when scdoc is there (`make deps` installs it;
# `make install` needs them).
all: aisla $(MOS) $(if $(SCDOC),$(MANS))

# The install paths, as a header rewritten only when they change: a
# `make install PREFIX=/usr` after `make` rebuilds what uses them
# (shell/paths.c), never a stale binary. At run time paths.c looks
# beside the binary first, so an install under DESTDIR works too.
shell/config.h: FORCE
	@{ echo '/* shell/config.h: made by the Makefile, do not edit. */'; \
	  echo '#define AISLA_BINDIR "$(BINDIR)"'; \
	  echo '#define AISLA_DATADIR "$(DATADIR)"'; \
	  echo '#define AISLA_LOCALEDIR "$(LOCALEDIR)"'; } >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else echo "  GEN  $@"; mv -f $@.tmp $@; fi
shell/paths.o: shell/config.h
FORCE:

# V=1 shows the full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

aisla: $(OBJS)
	@echo "  LINK $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

%.o: %.c
	@echo "  CC   $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

tests/unit/%.t: tests/unit/%.c $(LIBOBJS)
	@echo "  UNIT $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

units: $(UNITS)

# One catalog per language, merged from the per-area fragments.
locale/es/LC_MESSAGES/aisla.mo: $(PO_ES) Makefile
	@mkdir -p $(dir $@)
	msgcat --force-po --use-first -o locale/es.po $(PO_ES)
	msgfmt --check-format -o $@ locale/es.po
locale/en/LC_MESSAGES/aisla.mo: $(PO_EN)
	@mkdir -p $(dir $@)
	msgcat --force-po --use-first -o locale/en.po $(PO_EN)
	msgfmt --check-format -o $@ locale/en.po
po: $(MOS)

man/%.1: man/%.1.scd Makefile
	@echo "  MAN  $@"
	$(Q)sed '1s/VERSION/$(VERSION)/' $< | scdoc >$@.tmp && mv -f $@.tmp $@
man: $(MANS)

# Install what is missing, from Debian's packages.
deps:
	@missing=""; for p in $(DEPS_BUILD) $(DEPS_RUN) $(DEPS_TEST); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "faltan paquetes:$$missing (ejecuta: sudo make deps)"; exit 1; fi; \
	  echo "instalando:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi

run: deps
	$(MAKE) all
	./aisla

check: deps
	$(MAKE) all units
	AISLA_BIN=$(CURDIR)/aisla tests/run

test: all units
	tests/run

asan:
	$(MAKE) clean
	$(MAKE) OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
	        LDFLAGS="-fsanitize=address,undefined" all units

# libFuzzer targets (clang): make fuzz, make fuzz-build (tests/fuzz/fuzz.mk).

# Debian ships no libnftables.a: the static binary (qemu tier) is built
# without it, and nat/balance say so there. libarchive's static list names
# libraries aisla's tar+gzip code never calls (acl, zstd, lz4: no .a of
# them either): left out; its xml2 (pulled by the format table) needs ICU.
STATIC_PKGS := $(filter-out libnftables,$(PKGS))
commands/nft-static.o: commands/nft.c
	$(Q)$(CC) $(CFLAGS) -DAISLA_NO_NFTABLES -c -o $@ $<
static: $(OBJS) commands/nft-static.o
	$(CC) -static -o aisla-static $(filter-out commands/nft.o,$(OBJS)) commands/nft-static.o \
	  $$(pkg-config --static --libs $(STATIC_PKGS) | tr ' ' '\n' | grep -vxE -- '-l(acl|zstd|lz4)') \
	  $$(pkg-config --static --libs libxml-2.0) -lstdc++ -lpthread

bench: all
	bench/run

install: all $(MANS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(DATADIR)/demos \
	  $(DESTDIR)$(DOCDIR)
	install -m 755 aisla $(DESTDIR)$(BINDIR)/aisla
	install -m 644 lessons/*.lesson $(DESTDIR)$(DATADIR)/lessons/ 2>/dev/null || true
	install -m 644 demos/*.demo $(DESTDIR)$(DATADIR)/demos/ 2>/dev/null || true
	for m in $(MOS); do l=$$(echo $$m | cut -d/ -f2); \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 644 $$m $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/aisla.mo; done
	install -m 644 docs/*.md $(DESTDIR)$(DOCDIR)/
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 completion/aisla.bash $(DESTDIR)$(BASHCOMPDIR)/aisla
	$(MAKE) install-man

install-man: $(MANS)
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/es/man1
	install -m 644 man/aisla.1 $(DESTDIR)$(MANDIR)/man1/aisla.1
	install -m 644 man/aisla.es.1 $(DESTDIR)$(MANDIR)/es/man1/aisla.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/aisla
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(LOCALEDIR)/*/LC_MESSAGES/aisla.mo
	rm -f $(DESTDIR)$(MANDIR)/man1/aisla.1 $(DESTDIR)$(MANDIR)/es/man1/aisla.1
	rm -rf $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(BASHCOMPDIR)/aisla

clean:
	rm -rf tests/fuzz/obj tests/asan/obj
	rm -f aisla aisla-static aisla-asan tests/fuzz/fuzz-line tests/fuzz/fuzz-lesson tests/fuzz/fuzz-check $(OBJS) $(OBJS:.o=.d) $(UNITS) $(UNIT_SRCS:.c=.d)
	rm -rf locale shell/config.h $(MANS)

-include $(OBJS:.o=.d) $(UNIT_SRCS:.c=.d)
-include tests/*/*.mk bench/*.mk
