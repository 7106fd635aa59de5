/*
 * fuzz-baseline.c: libFuzzer harness for the baseline reader
 * (parsers/baseline.c: jscan_parse, the shape checks) and for applying
 * what it read to findings (policies/baseline.c).
 */
#include "parsers/baseline.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fps[] = {"", "0123456789abcdef0123456789abcdef", "abc"};
	struct baseline b;
	struct errlist errs;
	struct findings fs;

	errlist_init(&errs);
	baseline_init(&b, "fuzz.json");
	findings_init(&fs);
	for (size_t i = 0; i < ARRAY_SIZE(fps); i++)
		snprintf(findings_add(&fs)->fingerprint, sizeof(fs.v[0].fingerprint), "%s", fps[i]);
	if (baseline_parse(&b, "fuzz.json", (const char *)data, size, &errs) == 0)
		baseline_apply(&b, &fs);
	findings_release(&fs);
	baseline_release(&b);
	errlist_release(&errs);
	return 0;
}
