/*
 * inject.c: the allocator of the allocation-failure test, linked only
 * into cidrlint-failalloc (the real linter/ sources plus this file), never
 * into cidrlint: no user can reach it.
 *
 *   CIDRLINT_FAIL_ALLOC=N     the Nth allocation (1-based) fails; unset or
 *                             0: none does
 *   CIDRLINT_ALLOC_COUNT=FILE at exit, write how many allocations were
 *                             made, so the test knows the range of N
 *
 * It is installed before main() runs, through base_set_allocator(), so it
 * sees every allocation of the core, and cJSON's and PCRE2's through it.
 * libyaml takes no allocator; its allocation functions are exported by
 * libyaml-0.so.2 and called through its PLT, so the definitions below
 * (exported with -rdynamic) take their place in this program only, and a
 * libyaml allocation can fail like any other.
 */
#include "policies/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long allocations, fail_at;
static const char *count_file;

static void *counting_alloc(void *ud, void *p, size_t size)
{
	(void)ud;
	if (++allocations == fail_at)
		return NULL;
	return realloc(p, size);
}

static void report(void)
{
	FILE *f = count_file ? fopen(count_file, "w") : NULL;

	if (f) {
		fprintf(f, "%lu\n", allocations);
		fclose(f);
	}
}

__attribute__((constructor)) static void install(void)
{
	const char *n = getenv("CIDRLINT_FAIL_ALLOC");

	fail_at = n ? strtoul(n, NULL, 10) : 0;
	count_file = getenv("CIDRLINT_ALLOC_COUNT");
	base_set_allocator(counting_alloc, NULL);
	atexit(report);
}

/* libyaml's own (yaml_private.h), replaced here. */
void *yaml_malloc(size_t size);
void *yaml_realloc(void *p, size_t size);
void yaml_free(void *p);
unsigned char *yaml_strdup(const unsigned char *s);

void *yaml_malloc(size_t size)
{
	return counting_alloc(NULL, NULL, size ? size : 1);
}

void *yaml_realloc(void *p, size_t size)
{
	return counting_alloc(NULL, p, size ? size : 1);
}

void yaml_free(void *p)
{
	free(p);
}

unsigned char *yaml_strdup(const unsigned char *s)
{
	size_t n;
	unsigned char *p;

	if (!s)
		return NULL;
	n = strlen((const char *)s) + 1;
	if ((p = counting_alloc(NULL, NULL, n)))
		memcpy(p, s, n);
	return p;
}
