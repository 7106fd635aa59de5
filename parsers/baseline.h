/*
 * baseline.h (parsers): the baseline file's reader.  linter/baseline.c
 * reads the file and writes new ones; the format is in
 * policies/baseline.h.
 */
#ifndef CIDRLINT_PARSERS_BASELINE_H
#define CIDRLINT_PARSERS_BASELINE_H

#include "policies/baseline.h"

/*
 * Add every fingerprint of the baseline text buf[0..len) read from path
 * to b.  Returns 0, or -1 with a positioned error in errs (invalid JSON,
 * a NUL in a string, not a baseline, another version).
 */
int baseline_parse(struct baseline *b, const char *path, const char *buf, size_t len,
		   struct errlist *errs);

#endif
