# tests/fuzz/fuzz.mk (included by the Makefile): the libFuzzer targets,
# built with clang into tests/fuzz/obj/ (the normal build is untouched).
#
#   make fuzz-build                    the three targets
#   make fuzz [FUZZ_SECONDS=300]       build and run each (tests/fuzz/run.sh)
#
# fuzz-line:   the tokenizer and the argument parser (a typed line)
# fuzz-lesson: the lesson/demo/script format and its validation
# fuzz-check:  the check language
# `make check` runs each for 30 s when clang is there (t5800).

FUZZ_SECONDS ?= 300
FUZZ_OBJDIR  := tests/fuzz/obj
FUZZ_OBJS    := $(addprefix $(FUZZ_OBJDIR)/,$(LIBOBJS))
FUZZ_TARGETS := tests/fuzz/fuzz-line tests/fuzz/fuzz-lesson tests/fuzz/fuzz-check
FUZZ_CFLAGS   = $(filter-out -O2 -Werror,$(CFLAGS)) -O1 -g -fno-omit-frame-pointer \
                -Wno-unknown-warning-option -Wno-gnu-variable-sized-type-not-at-end \
                -fsanitize=address,undefined
FUZZ_LINK     = -fsanitize=address,undefined,fuzzer

.PHONY: fuzz fuzz-build
fuzz: fuzz-build
	tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-build: $(FUZZ_TARGETS)

$(FUZZ_OBJDIR)/%.o: %.c shell/config.h
	@mkdir -p $(dir $@)
	@echo "  FUZZCC $<"
	$(Q)clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

tests/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_OBJS)
	@echo "  FUZZ $@"
	$(Q)clang $(FUZZ_CFLAGS) $(FUZZ_LINK) -o $@ $< $(FUZZ_OBJS) $(LDLIBS)

# Keep the objects: they are not intermediate files to delete.
.SECONDARY: $(FUZZ_OBJS)

-include $(FUZZ_OBJS:.o=.d)
