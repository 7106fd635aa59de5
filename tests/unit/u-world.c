/*
 * u-world.c: the prefix index sorts in place (pindex_build() is an
 * introsort, not qsort()), and its order must be the one a stable sort by
 * cidr_cmp() gives: equal prefixes in the order they were added.  The
 * oracle is libc's qsort() on a copy, ordered by (prefix, insertion
 * number), over orders that break sorts: ties, all equal, already sorted,
 * reversed, organ pipe, and random with many duplicates, at sizes about
 * the insertion-sort cut-off and far above it.
 */
#include "policies/world.h"
#include "tests/unit/test.h"

#include <stdlib.h>

struct item {
	struct prefix pfx;
	size_t seq;
};

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = cidr_cmp(&x->pfx, &y->pfx);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint64_t rnd_state = 88172645463325252ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

enum shape { ALL_EQUAL, SORTED, REVERSED, ORGAN_PIPE, RANDOM_DUPS, RANDOM_MIXED, SHAPES };

/* The i-th prefix of n in the given shape: few distinct values where
 * ties matter, IPv4 and IPv6 mixed in the last. */
static struct prefix make(enum shape sh, size_t i, size_t n)
{
	size_t k;

	switch (sh) {
	case ALL_EQUAL:
		return cidr_make(4, 0x0a000000, 16);
	case SORTED:
		return cidr_make(4, 0x0a000000 + ((u128)i << 8), 24);
	case REVERSED:
		return cidr_make(4, 0x0a000000 + ((u128)(n - i) << 8), 24);
	case ORGAN_PIPE:
		k = i < n / 2 ? i : n - i;
		return cidr_make(4, 0x0a000000 + ((u128)k << 8), 24);
	case RANDOM_DUPS:
		/* the same address at a few lengths, and many repeats */
		return cidr_make(4, 0x0a000000 + ((u128)(rnd() % 7) << 16), 8 + (unsigned)(rnd() % 3) * 8);
	case RANDOM_MIXED:
	case SHAPES:
		break;
	}
	if (rnd() % 2)
		return cidr_make(6, (u128)0x20010db8 << 96 | (u128)(rnd() % 50) << 64, 48 + (unsigned)(rnd() % 3) * 8);
	return cidr_make(4, (u128)(rnd() % 1000) << 12, 20 + (unsigned)(rnd() % 4));
}

static void check_sort(enum shape sh, size_t n)
{
	struct item *want = xcalloc(n + 1, sizeof(*want));
	struct pindex ix;
	int bad = 0;

	pindex_init(&ix);
	for (size_t i = 0; i < n; i++) {
		want[i].pfx = make(sh, i, n);
		want[i].seq = i;
		/* obj names the entry's insertion number, to check it travels
		 * with its prefix */
		pindex_add(&ix, &want[i].pfx, &want[i]);
	}
	qsort(want, n, sizeof(*want), item_cmp);
	pindex_build(&ix);
	CHECK(ix.n == n);
	for (size_t i = 0; i < n && !bad; i++) {
		const struct pentry *e = &ix.v[i];
		struct prefix got = cidr_make(e->family, e->addr, e->len);
		if (!cidr_equal(&got, &want[i].pfx) || e->seq != want[i].seq) {
			fprintf(stderr, "shape %d, n %zu: entry %zu is not the oracle's\n", (int)sh, n, i);
			bad = 1;
		}
	}
	CHECK(!bad);
	pindex_release(&ix);
	free(want);
}

/* The entries of obj, looked up by insertion number after the sort: each
 * entry keeps the obj it was added with. */
static void check_objs(void)
{
	struct prefix p[64];
	struct pindex ix;
	bool seen[64] = {false};

	pindex_init(&ix);
	for (size_t i = 0; i < 64; i++) {
		p[i] = cidr_make(4, (u128)(63 - i % 5) << 24, 8);
		pindex_add(&ix, &p[i], &p[i]);
	}
	pindex_build(&ix);
	for (size_t i = 0; i < ix.n; i++) {
		const struct prefix *o = ix.v[i].obj;
		CHECK(o == &p[ix.v[i].seq]);
		CHECK(o->addr == ix.v[i].addr && o->len == ix.v[i].len);
		seen[ix.v[i].seq] = true;
	}
	for (size_t i = 0; i < 64; i++)
		CHECK(seen[i]);
	pindex_release(&ix);
}

int main(void)
{
	static const size_t sizes[] = {0, 1, 2, 3, 15, 16, 17, 18, 33, 100, 1000, 4097, 100000};

	for (int sh = 0; sh < SHAPES; sh++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			check_sort((enum shape)sh, sizes[i]);
	check_objs();
	return test_done("u-world");
}
