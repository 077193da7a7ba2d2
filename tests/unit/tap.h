/* tap.h: a tiny TAP producer for the C unit tests (tests/unit/NAME.c is
 * built into tests/unit/NAME.t, linked with every object but main.o). */
#ifndef AISLA_TAP_H
#define AISLA_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_fail;

#define ok(cond, ...) do { \
	int ok_c_ = !!(cond); tap_n++; \
	printf("%s %d - ", ok_c_ ? "ok" : "not ok", tap_n); \
	printf(__VA_ARGS__); printf("\n"); \
	if (!ok_c_) { tap_fail++; printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define is_int(got, want, ...) do { \
	long long g_ = (got), w_ = (want); ok(g_ == w_, __VA_ARGS__); \
	if (g_ != w_) printf("#   got %lld, want %lld\n", g_, w_); \
} while (0)

#define is_str(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	int same_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_; \
	ok(same_, __VA_ARGS__); \
	if (!same_) printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_fail ? 1 : 0;
}

#endif
