/*
 * tfeval-driver.c: evaluate one Terraform expression a line from stdin
 * (no variables: a scope that resolves nothing) and print its value on
 * one line (tfv_format_line), "error: MESSAGE", or "syntax: MESSAGE", so
 * that tests/oracle/tf_cidr_oracle.py can compare cidrsubnet, cidrhost
 * and cidrnetmask with Python's ipaddress.  With --console each value is
 * printed as `terraform console` prints it, followed by a line "--end--",
 * to compare with Terraform itself.
 */
#include "parsers/terraform/tfeval.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	bool console = argc > 1 && !strcmp(argv[1], "--console");
	char line[4096];
	struct arena a;
	struct tf_eval ev;

	arena_init(&a);
	tf_eval_init(&ev, &a, NULL, NULL);
	while (fgets(line, sizeof(line), stdin)) {
		struct errlist errs;
		struct hcl_expr *e;
		struct tfval v;
		size_t len = strcspn(line, "\n");

		errlist_init(&errs);
		e = hcl_parse_expr(&a, "stdin", line, len, NULL, &errs);
		if (!e) {
			printf("syntax: %s\n", errs.n ? errs.v[0].msg : "?");
		} else {
			v = tf_eval_expr(&ev, e);
			if (v.kind == TFV_ERROR)
				printf("error: %s\n", v.err.msg);
			else
				printf("%s\n", console ? tfv_format(&a, &v) : tfv_format_line(&a, &v));
		}
		if (console)
			printf("--end--\n");
		errlist_release(&errs);
		arena_reset(&a);
	}
	tf_eval_release(&ev);
	arena_release(&a);
	return 0;
}
