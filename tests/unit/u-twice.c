/*
 * u-twice.c: the core holds no state between runs.  A whole lint (read
 * and detect each input through the reader table, an address plan with
 * segment patterns and a waiver, the world, every rule, suppressions,
 * fingerprints) runs in this one process, then a different lint, then the
 * first again: the two runs of the first must give the same findings, to
 * the byte, and must find something (so that the comparison means
 * something).  A lazily built table, a qsort context or a static buffer
 * left behind by one run would show up here, and the program is also a
 * check that the core links into a program other than cidrlint.
 */
#include "parsers/addrplan.h"
#include "parsers/readers.h"
#include "policies/rules.h"
#include "tests/unit/test.h"

#include <stdlib.h>

struct lint {
	const char *plan;          /* relative to the source dir, or NULL */
	const char *inputs[6];
};

static void describe(struct sbuf *sb, const struct findings *fs, const struct errlist *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		sbuf_addf(sb, "error %s:%u:%u %s\n", errs->v[i].file, errs->v[i].line,
			  errs->v[i].col, errs->v[i].msg);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		sbuf_addf(sb, "%s %s %s:%u:%u %s %s [%s] %s supp=%d %s\n", rule_table[f->rule].id,
			  level_name(f->level), loc_file(&f->loc) ? loc_file(&f->loc) : "-", f->loc.line,
			  f->loc.col, f->resource ? f->resource : "-", f->cidr ? f->cidr : "-",
			  f->message, f->fingerprint, (int)f->suppressed,
			  f->hint ? f->hint : "");
		for (size_t j = 0; j < f->nrelated; j++)
			sbuf_addf(sb, "  related %s:%u:%u %s\n",
				  loc_file(&f->related[j].loc) ? loc_file(&f->related[j].loc) : "-",
				  f->related[j].loc.line, f->related[j].loc.col,
				  f->related[j].message ? f->related[j].message : "");
		if (f->scenario)
			sbuf_addf(sb, "  %s\n", f->scenario);
	}
}

/* One whole lint; its findings and errors as text (free() it). */
static char *lint(const char *src, const struct lint *l)
{
	struct read_options opt = {.region = "eu-west-1", .account = "111111111111"};
	struct addr_plan *plan = NULL;
	struct errlist errs;
	struct world w;
	struct findings fs;
	struct lint_config cfg;
	struct sbuf sb;

	errlist_init(&errs);
	sbuf_init(&sb, 0);
	if (l->plan) {
		char *p = xasprintf("%s/%s", src, l->plan);
		plan = addrplan_load(p, &errs);
		free(p);
		CHECK(plan != NULL);
	}
	world_init(&w, plan);
	for (size_t i = 0; i < ARRAY_SIZE(l->inputs) && l->inputs[i]; i++) {
		char *path = xasprintf("%s/%s", src, l->inputs[i]);
		const char *why;
		size_t len;
		char *buf = file_read_all(path, (size_t)64 << 20, &len, &why);
		struct read_input in = {.path = l->inputs[i], .rel = l->inputs[i], .buf = buf, .len = len};
		struct facts *f = NULL;
		enum input_kind kind;

		CHECK(buf != NULL);
		if (buf && readers_read(&in, &opt, true, &f, &kind, &errs) == READ_OK)
			world_add(&w, f);
		else
			facts_free(f);
		free(buf);
		free(path);
	}
	CHECK(world_build(&w, &errs) == 0);
	findings_init(&fs);
	CHECK(rules_configure(&cfg, plan, false, date_to_days("2026-01-01"), &errs) == 0);
	CHECK(rules_run(&w, plan, &cfg, &fs, &errs) == 0);
	describe(&sb, &fs, &errs);
	findings_release(&fs);
	world_release(&w);
	plan_free(plan);
	errlist_release(&errs);
	return sbuf_detach(&sb);
}

int main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : ".";
	static const struct lint first = {
		"fixtures/example/.cidrlint.yaml",
		{"fixtures/example/analytics.yaml", "fixtures/example/payments.yaml",
		 "fixtures/tf/assoc-same-plan/plan.json", "fixtures/inventory/describe-subnets/subnets.json",
		 "fixtures/inventory/tfstate-modules/terraform.tfstate", NULL},
	};
	static const struct lint second = {
		"fixtures/rules/suppress-waiver/plan.yaml",
		{"fixtures/rules/suppress-waiver/template.yaml", "fixtures/rules/CIDR306-fires/template.yaml",
		 "fixtures/inventory/cloudtrail/trail.json", NULL},
	};
	char *a1 = lint(src, &first);
	char *b1 = lint(src, &second);
	char *a2 = lint(src, &first);
	char *b2 = lint(src, &second);

	CHECK(strlen(a1) > 0 && strstr(a1, "CIDR301"));
	CHECK(strstr(b1, "supp=2") != NULL); /* the waiver suppressed one */
	CHECK_STR(a2, a1);
	CHECK_STR(b2, b1);
	if (argc > 2)
		printf("%s--\n%s", a1, b1);
	free(a1);
	free(a2);
	free(b1);
	free(b2);
	return test_done("u-twice");
}
