/*
 * baseline.c: suppressing the findings a baseline recorded (see baseline.h).
 */
#include "policies/baseline.h"

#include <string.h>

void baseline_init(struct baseline *b, const char *file)
{
	arena_init(&b->arena);
	strmap_init(&b->fingerprints);
	b->file = arena_strdup(&b->arena, file);
}

void baseline_release(struct baseline *b)
{
	strmap_release(&b->fingerprints);
	arena_release(&b->arena);
}

void baseline_add(struct baseline *b, const char *fingerprint)
{
	if (!strmap_get(&b->fingerprints, fingerprint))
		strmap_put(&b->fingerprints, arena_strdup(&b->arena, fingerprint), (void *)1);
}

size_t baseline_apply(const struct baseline *b, struct findings *fs)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		if (f->suppressed || !strmap_get(&b->fingerprints, f->fingerprint))
			continue;
		f->suppressed = SUPPRESS_BASELINE;
		f->suppress_reason = arena_printf(&fs->arena, "recorded in the baseline %s", b->file);
		n++;
	}
	return n;
}
