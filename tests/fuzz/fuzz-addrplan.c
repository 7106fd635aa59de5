/*
 * fuzz-addrplan.c: libFuzzer harness for the address-plan reader (YAML,
 * every key and type check, CIDR and regex compilation) and for what the
 * plan is used for: segment membership (tags, name patterns, file globs,
 * locale), owning segments, and waiver patterns.  The subjects are taken
 * from the input itself (its last line), so the fuzzer can steer them
 * toward the patterns it wrote.
 */
#include "parsers/addrplan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use_plan(const struct addr_plan *p, const char *subject)
{
	struct tag tags[] = {{"Name", subject}, {"Environment", "prod"}};
	struct res_place place = {.input = subject[0] ? subject : "stacks/prod/a.yaml",
				  .region = "eu-west-1", .account = "111111111111"};
	struct resource_rare rare = {.aws_id = "vpc-0123456789abcdef0"};
	struct vpc v = {0};
	struct plan_match_error err;
	struct errlist errs;
	const struct plan_regex **seen = NULL;
	size_t nseen = 0, capseen = 0;
	struct prefix pfx;
	bool hb;

	errlist_init(&errs);
	v.r.name = subject;
	v.r.rare = &rare;
	v.r.place = &place;
	v.tags = tags;
	v.ntags = ARRAY_SIZE(tags);
	plan_segment_for(p, &v, &err);
	plan_match_error_report(&err, &errs, &seen, &nseen, &capseen);
	for (size_t i = 0; i < p->nwaivers; i++) {
		err.re = NULL;
		if (plan_regex_match(&p->waivers[i].resource, subject, &err) < 0)
			plan_match_error_report(&err, &errs, &seen, &nseen, &capseen);
	}
	if (cidr_parse(subject, &pfx, &hb, NULL) == 0) {
		const struct plan_range *range = NULL;
		const struct segment *s = plan_segment_owning(p, &pfx, &range);
		if (s)
			segment_pool_containing(s, &pfx);
	}
	free(seen);
	errlist_release(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errlist errs;
	struct addr_plan *p;

	errlist_init(&errs);
	p = addrplan_parse("fuzz.yaml", (const char *)data, size, &errs);
	if (p) {
		/* the subject: the input's last line, as a C string */
		size_t from = size;
		while (from > 0 && data[from - 1] != '\n')
			from--;
		char *subject = malloc(size - from + 1);
		memcpy(subject, data + from, size - from);
		subject[size - from] = '\0';
		use_plan(p, subject);
		free(subject);
	}
	plan_free(p);
	errlist_release(&errs);
	return 0;
}
