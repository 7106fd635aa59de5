/*
 * fuzz-addrplan.c: libFuzzer harness for the address-plan reader: YAML,
 * every key and type check, CIDR and regex compilation.
 */
#include "parsers/addrplan.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errlist errs;
	struct addr_plan *p;

	errlist_init(&errs);
	p = addrplan_parse("fuzz.yaml", (const char *)data, size, &errs);
	if (p) {
		struct resource r = {0};
		r.name = "fuzz";
		r.input = "stacks/prod/a.yaml";
		plan_segment_for(p, &r);
	}
	plan_free(p);
	errlist_release(&errs);
	return 0;
}
