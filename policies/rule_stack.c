/*
 * rule_stack.c: CIDR110, what CloudFormation refuses across stacks.  An
 * export name is unique in an account and region: the second stack that
 * exports it fails to deploy ("Export with name X is already exported by
 * stack Y"), and every stack that imports it waits on the wrong one.
 */
#include "policies/rules.h"

#include <stdlib.h>
#include <string.h>

struct seen {
	const struct export *x;
	const struct facts *f;
};

static int cmp_opt(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_seen(const void *pa, const void *pb)
{
	const struct seen *a = pa, *b = pb;
	int c = cmp_opt(a->x->account, b->x->account);

	if (!c)
		c = cmp_opt(a->x->region, b->x->region);
	if (!c)
		c = strcmp(a->x->name, b->x->name);
	if (!c)
		c = strcmp(a->f->rel, b->f->rel);
	if (!c)
		c = a->x->loc.line < b->x->loc.line ? -1 : a->x->loc.line > b->x->loc.line;
	return c;
}

/*
 * Exports are compared where the account and the region are the same as
 * far as the run knows them: two templates with no account or region of
 * their own (no --account/--region, no CDK environment) deploy to the
 * run's one target, and two of them exporting a name is a conflict there.
 */
void check_duplicate_export(struct rule_ctx *ctx)
{
	struct seen *all = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < ctx->w->ninputs; i++) {
		const struct facts *f = ctx->w->inputs[i];
		for (size_t j = 0; j < f->nexports; j++) {
			struct seen *s = VEC_PUSH(all, n, cap);
			s->x = &f->exports[j];
			s->f = f;
		}
	}
	if (n > 1)
		qsort(all, n, sizeof(*all), cmp_seen);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		const struct export *x = all[i].x, *y;
		struct resource scope;
		struct finding *fd;

		while (first > 0 && !strcmp(all[first - 1].x->name, x->name) &&
		       !cmp_opt(all[first - 1].x->account, x->account) &&
		       !cmp_opt(all[first - 1].x->region, x->region))
			first--;
		y = all[first].x;
		if (strcmp(y->name, x->name) || cmp_opt(y->account, x->account) ||
		    cmp_opt(y->region, x->region))
			continue;
		memset(&scope, 0, sizeof(scope));
		scope.name = x->name;
		scope.type = "AWS::CloudFormation::Stack";
		scope.place = &all[i].f->home;
		scope.input_kind = all[i].f->kind;
		scope.loc = x->loc;
		scope.scen = ~(uint64_t)0;
		fd = rule_report(ctx, &scope, &x->loc, NULL,
				 "export '%s' of stack %s is already exported by stack %s%s%s%s%s: CloudFormation refuses to create the second",
				 x->name, x->stack, y->stack, x->account || x->region ? " in " : "",
				 x->account ? x->account : "", x->account && x->region ? "/" : "",
				 x->region ? x->region : "");
		if (fd) {
			fd->res = NULL; /* scope lives on this stack */
			finding_add_related(ctx->out, fd, &y->loc, NULL, NULL,
					    "stack %s exports '%s' here", y->stack, y->name);
		}
	}
	free(all);
}
