/*
 * fuzz-plan.c: libFuzzer harness for the Terraform plan reader (the
 * structure scanner, per-element cJSON parsing, configuration linking)
 * and the rules over what it produces.
 */
#include "parsers/terraform/tfplan.h"
#include "policies/rules.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tfplan_options opt = {
		.region = "eu-west-1", .account = "111111111111", .source_root = "/nonexistent"};
	struct errlist errs;
	struct facts *f;

	errlist_init(&errs);
	/* in a directory that does not exist: the reader looks for the root
	 * module's .tf files beside the plan, and listing the directory the
	 * fuzzer runs in (the repository, in CI) three times an input was a
	 * third of its time, and made what an input does depend on it */
	f = tfplan_facts("/nonexistent-fuzz-root/fuzz.json", "fuzz.json", (const char *)data, size,
			 &opt, &errs);
	if (f) {
		struct world w;
		struct findings fs;
		struct lint_config cfg;

		world_init(&w, NULL);
		world_add(&w, f);
		world_build(&w, &errs);
		findings_init(&fs);
		rules_configure(&cfg, NULL, true, 20000, &errs);
		rules_run(&w, NULL, &cfg, &fs, &errs);
		findings_release(&fs);
		world_release(&w);
	}
	errlist_release(&errs);
	return 0;
}
