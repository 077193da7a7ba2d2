# tests/asan/asan.mk (included by the Makefile): a second binary built
# with AddressSanitizer and UBSan into tests/asan/obj/, beside the normal
# one (which stays as it is), and the replay of every lesson and demo with
# it (the t51* and t52* tests). Any sanitizer report fails the replay.
#
#   make aisla-asan          ./aisla-asan
#   make asan-replay         build it, replay the lessons and demos with it

ASAN_OBJDIR := tests/asan/obj
ASAN_OBJS   := $(addprefix $(ASAN_OBJDIR)/,$(OBJS))
ASAN_CFLAGS  = $(filter-out -O2 -Werror,$(CFLAGS)) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined

.PHONY: asan-replay
aisla-asan: $(ASAN_OBJS)
	@echo "  LINK $@"
	$(Q)$(CC) -fsanitize=address,undefined $(LDFLAGS) -o $@ $(ASAN_OBJS) $(LDLIBS)

$(ASAN_OBJDIR)/%.o: %.c shell/config.h
	@mkdir -p $(dir $@)
	@echo "  ASANCC $<"
	$(Q)$(CC) $(ASAN_CFLAGS) -c -o $@ $<

asan-replay: aisla-asan $(MOS)
	tests/asan/replay.sh

.SECONDARY: $(ASAN_OBJS)
-include $(ASAN_OBJS:.o=.d)
