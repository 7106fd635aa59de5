/*
 * u-base.c: the promises of base.h that callers lean on without checking.
 * arena_alloc() returns zeroed memory, also when it hands out bytes of a
 * chunk that arena_reset() kept and an earlier element had dirtied, and
 * when a block is too big for a chunk of its own: the code that allocates
 * a struct from an arena does not clear it again.
 */
#include "policies/base.h"
#include "tests/unit/test.h"

#include <stdint.h>

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_arena_zeroed(void)
{
	static const size_t sizes[] = {1, 15, 16, 100, 2048, 5000, 70000};
	struct arena a;

	arena_init(&a);
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			unsigned char *p = arena_alloc(&a, sizes[i]);
			CHECK(((uintptr_t)p & 15) == 0);
			CHECK(all_zero(p, sizes[i]));
			memset(p, 0xa5, sizes[i]); /* dirty it for the next round */
		}
		/* the kept chunk is handed out again from its start */
		arena_reset(&a);
	}
	arena_release(&a);
}

int main(void)
{
	test_arena_zeroed();
	return test_done("u-base");
}
