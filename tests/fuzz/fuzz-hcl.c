/*
 * fuzz-hcl.c: libFuzzer harness for the HCL reader (parsers/terraform):
 * the first byte chooses native syntax, Terraform's JSON syntax (a
 * configuration or a variables file) or one expression alone; the rest
 * is the text.  A read that fails must leave exactly one positioned
 * error; a read that succeeds is written out whole (every node and range
 * touched, so a bad pointer shows under the sanitizers) and each range
 * must lie inside the text, its start before its end.
 *
 * The inputs kept under fixtures/fuzz-regressions/hcl/ (named by the
 * reader their first byte chooses) were made by hand to reach the bounds
 * (nesting of brackets, blocks, templates, directives, unary operators,
 * JSON), the error paths (an unclosed heredoc, invalid UTF-8 in a string,
 * NUL bytes, bad references in JSON) and the less travelled ones (UTF-8
 * in a comment, a redefinition in a body of more than eight names, strip
 * markers everywhere, JSON escapes inside templates).
 */
#include "parsers/terraform/hcl.h"
#include "tests/hcl/hcl-sexp.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each range atom of the dump (outside its quoted strings) is sane. */
static void check_ranges(const char *dump, size_t len)
{
	bool quoted = false;

	for (const char *p = dump; *p; p++) {
		unsigned sl, sc, sb, el, ec, eb;
		if (quoted) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				quoted = false;
			continue;
		}
		if (*p == '"') {
			quoted = true;
			continue;
		}
		if (*p != '@')
			continue;
		if (sscanf(p, "@%u:%u:%u-%u:%u:%u", &sl, &sc, &sb, &el, &ec, &eb) != 6 || !sl || !sc ||
		    !el || !ec || sb > eb || eb > len || sl > el || (sl == el && sc > ec)) {
			fprintf(stderr, "bad range %.40s\n", p);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	size_t len = size ? size - 1 : 0;
	struct errlist errs;
	struct arena a;
	struct hcl_file f;
	struct sbuf sb;
	int rc;

	if (!size)
		return 0;
	arena_init(&a);
	errlist_init(&errs);
	sbuf_init(&sb, 0);
	switch (data[0] % 4) {
	case 0:
		rc = hcl_parse(&f, &a, "fuzz.tf", text, len, NULL, &errs);
		break;
	case 1:
		rc = hcl_parse_json(&f, &a, "fuzz.tf.json", text, len, HCL_JSON_CONFIG, NULL, &errs);
		break;
	case 2:
		rc = hcl_parse_json(&f, &a, "fuzz.tfvars.json", text, len, HCL_JSON_VARS, NULL, &errs);
		break;
	default: {
		struct hcl_expr *e = hcl_parse_expr(&a, "fuzz", text, len, NULL, &errs);
		rc = e ? 0 : -1;
		if (e) {
			hcl_sexp_expr(&sb, e, true);
			(void)hcl_expr_traversal_text(&a, e);
		}
		f.body = NULL;
	}
	}
	if (rc) {
		if (errs.n != 1 || errs.v[0].line == 0 || errs.v[0].col == 0)
			abort();
	} else {
		if (errs.n)
			abort();
		if (f.body) {
			hcl_sexp_body(&sb, f.body, true);
			for (size_t i = 0; i < f.body->nattrs; i++) {
				/* names are unique in a body */
				if (hcl_body_attr(f.body, f.body->attrs[i].name) != &f.body->attrs[i])
					abort();
				(void)hcl_expr_traversal_text(&a, f.body->attrs[i].expr);
			}
		}
		check_ranges(sb.buf, len);
	}
	sbuf_release(&sb);
	errlist_release(&errs);
	arena_release(&a);
	return 0;
}
