/*
 * fuzz-tfeval.c: libFuzzer harness for the Terraform expression path: the
 * HCL reader's expression parser (hcl_parse_expr) and the evaluator with
 * every built-in function, over a scope that resolves var.s, var.n,
 * var.l, var.m and var.cidr to fixed values, var.u to an unknown, var.id
 * to a link and var.v6 to an unknown /56, and the value printed both
 * ways.  The bounds are smaller than the defaults so that each input runs
 * in milliseconds; the evaluator must stay within them.
 */
#include "parsers/terraform/tfeval.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_scope {
	struct arena *a;
};

static struct tfval fixed(struct arena *a, const char *name)
{
	struct tfval items[3];
	const char *keys[2] = {"a", "b"};

	if (!strcmp(name, "s"))
		return tfv_cstring(a, "hello");
	if (!strcmp(name, "n"))
		return tfv_number(5);
	if (!strcmp(name, "cidr"))
		return tfv_cstring(a, "10.0.0.0/16");
	if (!strcmp(name, "l")) {
		items[0] = tfv_cstring(a, "a");
		items[1] = tfv_cstring(a, "b");
		items[2] = tfv_cstring(a, "c");
		return tfv_list(a, items, 3, true);
	}
	if (!strcmp(name, "m")) {
		items[0] = tfv_number(1);
		items[1] = tfv_unknown(a, "m.b is known only after apply");
		return tfv_map(a, keys, items, 2, true);
	}
	if (!strcmp(name, "u"))
		return tfv_unknown(a, "var.u is known only after apply");
	if (!strcmp(name, "id"))
		return tfv_link(a, "aws_vpc.main", NULL);
	if (!strcmp(name, "v6"))
		return tfv_cidr_unknown(a, "aws_vpc.main.ipv6_cidr_block", 56, cidr_make(6, 0, 56), NULL);
	return tfv_null();
}

static struct tfval resolve(void *ctx, const char *root, const struct tf_step *steps, size_t n,
			    size_t *used, const struct hcl_range *at)
{
	struct fuzz_scope *s = ctx;
	struct tfval v;

	(void)at;
	if (!strcmp(root, "var") && n && !steps[0].index) {
		*used = 1;
		return fixed(s->a, steps[0].name);
	}
	v = tfv_error(s->a, (struct loc){0}, "reference to undeclared '%s'", root);
	v.err.reference = true;
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct errlist errs;
	struct hcl_expr *e;
	struct fuzz_scope fs = {&a};
	const struct tf_scope scope = {resolve, NULL, &fs};
	const struct tf_limits lim = {.max_steps = 20000, .max_items = 5000,
				      .max_string = 1 << 16, .max_bytes = 4 << 20};
	struct tf_eval ev;

	arena_init(&a);
	errlist_init(&errs);
	e = hcl_parse_expr(&a, "fuzz.tf", (const char *)data, size, NULL, &errs);
	if (e) {
		struct tfval v;
		tf_eval_init(&ev, &a, &scope, &lim);
		v = tf_eval_expr(&ev, e);
		tfv_format(&a, &v);
		tfv_format_line(&a, &v);
		if (tfv_is_known(&v)) {
			const struct tft *t = tfv_type_of(&a, &v);
			struct tfval w = tfv_convert(&a, &v, t, (struct loc){0});
			(void)tft_friendly(&a, t);
			(void)tfv_equal(&v, &w);
		}
		tf_eval_release(&ev);
	}
	errlist_release(&errs);
	arena_release(&a);
	return 0;
}
