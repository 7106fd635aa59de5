/*
 * test.h: the smallest useful unit-test harness.  CHECK records a failure
 * with its line and carries on; a test program returns test_done().
 */
#ifndef CIDRLINT_TEST_H
#define CIDRLINT_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failures, test_checks;

#define CHECK(cond)                                                          \
	do {                                                                 \
		test_checks++;                                               \
		if (!(cond)) {                                               \
			test_failures++;                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                            \
		}                                                            \
	} while (0)

#define CHECK_STR(got, want)                                                 \
	do {                                                                 \
		const char *g_ = (got), *w_ = (want);                        \
		test_checks++;                                               \
		if (!g_ || strcmp(g_, w_) != 0) {                            \
			test_failures++;                                     \
			fprintf(stderr, "%s:%d: got '%s', want '%s'\n",      \
				__FILE__, __LINE__, g_ ? g_ : "(null)", w_); \
		}                                                            \
	} while (0)

#define CHECK_INT(got, want)                                                 \
	do {                                                                 \
		long long g_ = (got), w_ = (want);                           \
		test_checks++;                                               \
		if (g_ != w_) {                                              \
			test_failures++;                                     \
			fprintf(stderr, "%s:%d: got %lld, want %lld\n",       \
				__FILE__, __LINE__, g_, w_);                 \
		}                                                            \
	} while (0)

static inline int test_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, test_checks, test_failures);
	return test_failures ? 1 : 0;
}

#endif
