/*
 * cfn-driver.c: evaluate a CloudFormation template from standard input and
 * print what each subnet's IPv4 and IPv6 values evaluated to, one line per
 * subnet in document order:
 *   NAME v4=TEXT|ERR:why|UNRESOLVED v6=...
 * so that tests/oracle/cidr_fn_oracle.py can compare Fn::Cidr (and the
 * functions around it) with Python's ipaddress.
 */
#include "parsers/cfn.h"

#include <stdio.h>
#include <stdlib.h>

static void put(const char *label, bool has, const struct cidr_value *v)
{
	char buf[CIDR_STRLEN];

	printf("\t%s=", label);
	if (!has)
		printf("-");
	else if (v->state == VAL_KNOWN && v->valid)
		printf("%s", cidr_format(&v->pfx, buf));
	else if (v->state == VAL_KNOWN)
		printf("ERR:%s", v->parse_error);
	else if (cidr_value_rel_base(v))
		printf("REL:%s:%s", cidr_value_rel_base(v), cidr_format(&v->rel, buf));
	else
		printf("UNRESOLVED");
}

int main(void)
{
	size_t cap = 1 << 16, len = 0, n;
	char *buf = xmalloc(cap);
	struct doc d;
	struct errlist errs;
	struct facts *f;

	while ((n = fread(buf + len, 1, cap - len, stdin)) > 0) {
		len += n;
		if (len == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	doc_init(&d, "stdin");
	errlist_init(&errs);
	if (doc_read_yaml(&d, buf, len, NULL, &errs) || !d.root) {
		fprintf(stderr, "not YAML\n");
		return 2;
	}
	f = cfn_facts(&d, "stdin", NULL, &errs);
	for (size_t i = 0; f && i < f->nsubnets; i++) {
		const struct subnet *s = f->subnets[i];
		printf("%s", s->r.name);
		put("v4", s->has_v4, &s->v4);
		put("v6", s->v6 != NULL, s->v6);
		printf("\n");
	}
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%u:%u: %s\n", errs.v[i].line, errs.v[i].col, errs.v[i].msg);
	facts_free(f);
	doc_release(&d);
	errlist_release(&errs);
	free(buf);
	return 0;
}
