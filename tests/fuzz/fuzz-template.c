/*
 * fuzz-template.c: libFuzzer harness for the CloudFormation path: the YAML
 * and JSON document readers, template evaluation (every intrinsic, the
 * parameter combinations, Fn::ForEach) and the rules over what comes out.
 */
#include "parsers/cfn.h"
#include "policies/rules.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void lint(struct doc *d, struct errlist *errs)
{
	struct cfn_options opt = {.max_steps = 200000};
	struct facts *f;
	struct world w;
	struct findings fs;
	struct lint_config cfg;

	if (!d->root || !cfn_detect(d->root, true))
		return;
	f = cfn_facts(d, d->file, &opt, errs);
	if (!f)
		return;
	world_init(&w, NULL);
	world_add(&w, f);
	world_build(&w, errs);
	findings_init(&fs);
	rules_configure(&cfg, NULL, false, 20000, errs);
	rules_run(&w, NULL, &cfg, &fs, errs);
	findings_release(&fs);
	world_release(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct errlist errs;
	struct doc d;

	errlist_init(&errs);
	doc_init(&d, "fuzz.yaml");
	if (doc_read_yaml(&d, text, size, NULL, &errs) == 0)
		lint(&d, &errs);
	doc_release(&d);
	doc_init(&d, "fuzz.json");
	if (doc_read_json(&d, text, size, NULL, &errs) == 0)
		lint(&d, &errs);
	doc_release(&d);
	errlist_release(&errs);
	return 0;
}
