/*
 * baseline.h: adopting cidrlint on a repository that already has problems.
 * `--write-baseline FILE` records today's findings by fingerprint;
 * `--baseline FILE` then marks the ones already recorded as suppressed
 * (kind baseline), so only new findings fail the build.
 *
 * The file is JSON, written by linter/baseline.c and read by
 * parsers/baseline.c:
 *   {"version": 1, "tool": "cidrlint",
 *    "findings": [{"fingerprint": "...", "rule": "CIDR301",
 *                  "resource": "...", "cidr": "...", "file": "..."}, ...]}
 * Only the fingerprints decide; the rest is for the humans reading it.
 */
#ifndef CIDRLINT_BASELINE_H
#define CIDRLINT_BASELINE_H

#include "policies/findings.h"

struct baseline {
	const char *file;
	struct strmap fingerprints; /* fingerprint -> (void *)1 */
	struct arena arena;         /* owns the keys */
};

void baseline_init(struct baseline *b, const char *file);
void baseline_release(struct baseline *b);
void baseline_add(struct baseline *b, const char *fingerprint);
/* Mark the unsuppressed findings the baseline holds; returns how many. */
size_t baseline_apply(const struct baseline *b, struct findings *fs);

#endif
