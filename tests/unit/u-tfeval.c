/*
 * u-tfeval.c: the Terraform evaluator (parsers/terraform/tfeval.h,
 * tffunc.c, tfval.h).
 *
 * Two kinds of case:
 *  - tests/unit/tfeval-cases.txt: an expression and what `terraform
 *    console` prints for it, every one checked against Terraform 1.11 by
 *    tests/unit/tfeval-check-with-terraform.sh (a developer tool, not run
 *    here: Terraform is not a test dependency).  The file says its format.
 *  - the checks below: what Terraform cannot show, because it is what
 *    cidrlint keeps beside an unknown (links, CIDR shapes, reasons), or
 *    the evaluator's own contract (the scope's steps, the bounds, values
 *    built by the constructors).  Each expected value is worked out by
 *    hand in the comment beside it.
 *
 *   u-tfeval [REPOSITORY-ROOT]   (default: from this file's path)
 */
#include "parsers/terraform/tfeval.h"
#include "tests/unit/test.h"

#include <ctype.h>
#include <stdlib.h>

static const char *root;
static struct arena arena;
static char *case_text;    /* the case file: the scope's names point into it */

/* --- the scope ---------------------------------------------------------- */

/* var.NAME from the case file's `var NAME = EXPR` lines; terraform_data.u
 * as a resource whose attributes are unknown; test.* for the checks. */
struct test_scope {
	const char *names[64];
	const char *exprs[64];
	struct tfval values[64];
	bool done[64];
	size_t n;
	struct tf_eval *ev;
	unsigned notes;
	size_t last_steps;         /* how many steps the last resolve saw */
};

static struct test_scope ts;

static struct hcl_expr *parse(const char *src)
{
	struct errlist errs;
	struct hcl_expr *e;

	errlist_init(&errs);
	e = hcl_parse_expr(&arena, "case", src, strlen(src), NULL, &errs);
	if (!e)
		fprintf(stderr, "u-tfeval: cannot parse '%s': %s\n", src,
			errs.n ? errs.v[0].msg : "?");
	errlist_release(&errs);
	return e;
}

static struct tfval resolve(void *ctx, const char *rootname, const struct tf_step *steps,
			    size_t n, size_t *used, const struct hcl_range *at)
{
	struct test_scope *s = ctx;
	struct tfval v;

	(void)at;
	s->last_steps = n;
	if (!strcmp(rootname, "var") && n >= 1 && !steps[0].index) {
		for (size_t i = 0; i < s->n; i++) {
			if (strcmp(s->names[i], steps[0].name))
				continue;
			if (!s->done[i]) {
				struct hcl_expr *e = parse(s->exprs[i]);
				s->values[i] = e ? tf_eval_expr(s->ev, e) : tfv_null();
				s->done[i] = true;
			}
			*used = 1;
			return s->values[i];
		}
		v = tfv_error(&arena, (struct loc){0}, "reference to undeclared input variable: an "
			      "input variable with the name \"%s\" has not been declared", steps[0].name);
		v.err.reference = true;
		return v;
	}
	if (!strcmp(rootname, "terraform_data") && n >= 2 && !steps[0].index &&
	    !strcmp(steps[0].name, "u") && !steps[1].index) {
		*used = 2;
		return tfv_unknown(&arena, "terraform_data.u.%s is known only after apply",
				   steps[1].name);
	}
	if (!strcmp(rootname, "test") && n >= 1 && !steps[0].index) {
		const char *name = steps[0].name;
		*used = 1;
		if (!strcmp(name, "vpc_id"))       /* aws_vpc.main.id */
			return tfv_link(&arena, "aws_vpc.main", NULL);
		if (!strcmp(name, "v6"))           /* an Amazon-provided /56 */
			return tfv_cidr_unknown(&arena, "aws_vpc.main.ipv6_cidr_block", 56,
						cidr_make(6, 0, 56), NULL);
		if (!strcmp(name, "pool"))         /* an IPAM allocation of a /16 */
			return tfv_cidr_unknown(&arena, "aws_vpc.ipam.cidr_block", 16,
						cidr_make(4, 0, 16), NULL);
		if (!strcmp(name, "unknown"))
			return tfv_unknown(&arena, "data.aws_vpc.shared.cidr_block is read at apply time");
		if (!strcmp(name, "cidr")) {       /* set in terraform.tfvars */
			static const struct loc_src tfvars = {.file = "terraform.tfvars"};
			static const struct origin o = {
				{.src = &tfvars, .line = 3, .col = 8, .end_line = 3, .end_col = 21},
				"terraform.tfvars", NULL};
			v = tfv_cstring(&arena, "10.0.0.0/16");
			v.origin = &o;
			return v;
		}
		if (!strcmp(name, "steps")) {      /* takes every step it is given */
			*used = n;
			return tfv_cstring(&arena, "all");
		}
	}
	v = tfv_error(&arena, (struct loc){0}, "reference to undeclared resource: a managed "
		      "resource \"%s\" has not been declared", rootname);
	v.err.reference = true;
	return v;
}

static void note(void *ctx, const struct hcl_range *at, const char *msg)
{
	struct test_scope *s = ctx;

	(void)at;
	(void)msg;
	s->notes++;
}

static const struct tf_scope scope = {resolve, note, &ts};

static struct tf_eval ev;

static void eval_reset(const struct tf_limits *lim)
{
	tf_eval_release(&ev);
	tf_eval_init(&ev, &arena, &scope, lim);
	ts.ev = &ev;
	memset(ts.done, 0, sizeof(ts.done));
}

/* The value of src, or a value saying why it has none. */
static struct tfval value(const char *src)
{
	struct hcl_expr *e = parse(src);

	if (!e)
		return tfv_error(&arena, (struct loc){0}, "syntax error");
	return tf_eval_expr(&ev, e);
}

static const char *show(const char *src)
{
	struct tfval v = value(src);

	if (v.kind == TFV_ERROR)
		return arena_printf(&arena, "error: %s", v.err.msg);
	return tfv_format(&arena, &v);
}

/* --- the case file ------------------------------------------------------ */

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i;
		for (i = 0; i < n && hay[i] && tolower((unsigned char)hay[i]) ==
					       tolower((unsigned char)needle[i]); i++)
			;
		if (i == n)
			return true;
	}
	return n == 0;
}

static int run_case(const char *expr, const char *want, unsigned line)
{
	struct tfval v = value(expr);
	const char *got;

	test_checks++;
	if (!strncmp(want, "error", 5)) {
		const char *sub = strchr(want, ':');
		sub = sub ? sub + 1 : "";
		while (*sub == ' ')
			sub++;
		if (v.kind == TFV_ERROR && contains_ci(v.err.msg, sub))
			return 0;
		got = v.kind == TFV_ERROR ? arena_printf(&arena, "error: %s", v.err.msg)
					  : tfv_format(&arena, &v);
	} else {
		got = v.kind == TFV_ERROR ? arena_printf(&arena, "error: %s", v.err.msg)
					  : tfv_format(&arena, &v);
		if (!strcmp(got, want))
			return 0;
	}
	test_failures++;
	fprintf(stderr, "tfeval-cases.txt:%u: %s\n  got:  %s\n  want: %s\n", line, expr, got, want);
	return 1;
}

static void run_case_file(void)
{
	char *path = xasprintf("%s/tests/unit/tfeval-cases.txt", root);
	const char *why;
	size_t len, cases = 0;
	char *text = file_read_all(path, 1 << 22, &len, &why);
	char *p, *expr = NULL;
	struct sbuf want;
	unsigned line = 0, expr_line = 0;

	if (!text) {
		fprintf(stderr, "u-tfeval: %s: %s\n", path, why);
		test_failures++;
		free(path);
		return;
	}
	sbuf_init(&want, 0);
	eval_reset(NULL);
	for (p = text; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		if (!expr) {
			if (!strncmp(p, "var ", 4)) {
				char *eq = strstr(p, " = ");
				if (eq && ts.n < ARRAY_SIZE(ts.names)) {
					*eq = '\0';
					ts.names[ts.n] = p + 4;
					ts.exprs[ts.n++] = eq + 3;
				}
			} else if (*p && *p != '#') {
				expr = p;
				expr_line = line;
				sbuf_reset(&want);
			}
		} else if (!*p) {
			run_case(expr, want.buf, expr_line);
			cases++;
			expr = NULL;
		} else if (strncmp(p, "tf: ", 4) && strncmp(p, "departure: ", 11) && strcmp(p, "tf:")) {
			if (want.len)
				sbuf_addch(&want, '\n');
			sbuf_adds(&want, p);
		}
		p = nl ? nl + 1 : NULL;
	}
	if (expr) {
		run_case(expr, want.buf, expr_line);
		cases++;
	}
	printf("tfeval-cases.txt: %zu cases\n", cases);
	sbuf_release(&want);
	case_text = text;
	free(path);
}

/* --- what Terraform cannot show ----------------------------------------- */

static void test_unknown_reasons(void)
{
	struct tfval v;

	eval_reset(NULL);
	/* an operation over an unknown is unknown with its reason */
	v = value("upper(test.unknown)");
	CHECK(v.kind == TFV_UNKNOWN);
	CHECK_STR(v.unk.why, "data.aws_vpc.shared.cidr_block is read at apply time");
	v = value("\"${test.unknown}/24\"");
	CHECK(v.kind == TFV_UNKNOWN && contains_ci(v.unk.why, "read at apply time"));
	/* the first reason: the left operand's */
	v = value("terraform_data.u.a == test.unknown");
	CHECK(v.kind == TFV_UNKNOWN && v.unk.why && contains_ci(v.unk.why, "terraform_data.u.a"));
	/* an error wins over an unknown */
	v = value("test.unknown + tonumber(\"x\")");
	CHECK(v.kind == TFV_ERROR);
	v = value("\"%{for x in [test.unknown, null]}${x}%{endfor}\"");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "null value in a string template"));
	v = value("\"%{for x in [test.unknown, 1]}${x}%{endfor}\"");
	CHECK(v.kind == TFV_UNKNOWN && contains_ci(v.unk.why, "read at apply time"));
	/* an unsupported function: unknown, named, and a note */
	ts.notes = 0;
	v = value("base64sha512(\"x\")");
	CHECK(v.kind == TFV_UNKNOWN && contains_ci(v.unk.why, "base64sha512() is not supported"));
	CHECK_INT(ts.notes, 1);
	v = value("provider::aws::arn_parse(\"x\")");
	CHECK(v.kind == TFV_UNKNOWN && contains_ci(v.unk.why, "provider function"));
	/* what reads files or the clock: unknown naming it */
	v = value("file(\"cidrs.txt\")");
	CHECK(v.kind == TFV_UNKNOWN && contains_ci(v.unk.why, "file() reads files"));
	v = value("timestamp()");
	CHECK(v.kind == TFV_UNKNOWN && contains_ci(v.unk.why, "timestamp()"));
	/* still checked for arity */
	CHECK(value("file()").kind == TFV_ERROR);
	{
		static const char *const outside[] = {
			"abspath(\"a\")", "bcrypt(\"a\")", "file(\"a\")", "filebase64(\"a\")",
			"filebase64sha256(\"a\")", "filebase64sha512(\"a\")", "fileexists(\"a\")",
			"filemd5(\"a\")", "fileset(\"a\", \"*\")", "filesha1(\"a\")",
			"filesha256(\"a\")", "filesha512(\"a\")", "pathexpand(\"~\")",
			"plantimestamp()", "templatefile(\"a\", {})", "timestamp()", "uuid()",
		};
		for (size_t i = 0; i < ARRAY_SIZE(outside); i++) {
			char name[32];
			size_t k = strcspn(outside[i], "(");
			snprintf(name, sizeof(name), "%.*s() reads", (int)k, outside[i]);
			ts.notes = 0;
			v = value(outside[i]);
			CHECK(v.kind == TFV_UNKNOWN && contains_ci(v.unk.why, name));
			CHECK_INT(ts.notes, 1);
		}
	}
	/* the attribute or index of an unknown is unknown (Terraform's
	 * unknowns have a type and may refuse the step; these have none) */
	v = value("test.unknown.x[0]");
	CHECK(v.kind == TFV_UNKNOWN && contains_ci(v.unk.why, "read at apply time"));
	v = value("[for x in test.unknown : x]");
	CHECK(v.kind == TFV_UNKNOWN);
	v = value("test.unknown[*].id");
	CHECK(v.kind == TFV_UNKNOWN);
}

/*
 * Lengths cidrlint knows where Terraform's plan shows only "(known after
 * apply)" (a departure on purpose, so not in the case file, which Terraform
 * checks): slice() of an unknown list with known indexes fails the plan
 * unless the list is long enough, so where there is a plan it has
 * end - start elements; cidrsubnets() makes one block per newbits.
 */
static void test_known_lengths(void)
{
	struct tfval v;

	eval_reset(NULL);
	v = value("slice(test.unknown, 0, 3)");
	CHECK(v.kind == TFV_LIST && v.coll.n == 3 && v.coll.items[0].kind == TFV_UNKNOWN);
	CHECK(v.kind == TFV_LIST && contains_ci(v.coll.items[2].unk.why, "read at apply time"));
	CHECK_INT(value("length(slice(test.unknown, 1, 3))").num, 2);
	CHECK(value("slice(test.unknown, 2, 1)").kind == TFV_UNKNOWN);
	v = value("cidrsubnets(test.unknown, 2, 2, 2)");
	CHECK(v.kind == TFV_LIST && v.coll.n == 3 && v.coll.items[1].kind == TFV_UNKNOWN);
	CHECK(value("[for k, v in slice(test.unknown, 0, 2) : cidrsubnet(\"10.0.0.0/16\", 4, k)][1]").kind ==
	      TFV_STRING);
	CHECK_STR(value("[for k, v in slice(test.unknown, 0, 2) : cidrsubnet(\"10.0.0.0/16\", 4, k)][1]").str.s,
		  "10.0.16.0/20");
}

static void test_origins(void)
{
	struct tfval v;

	eval_reset(NULL);
	/* what is computed from a value keeps where the value was set */
	v = value("cidrsubnet(test.cidr, 8, 1)");
	CHECK(v.kind == TFV_STRING && v.origin && str_eq(v.origin->what, "terraform.tfvars") &&
	      v.origin->loc.line == 3);
	v = value("[for i in range(2) : cidrsubnet(test.cidr, 8, i)][1]");
	CHECK(v.kind == TFV_STRING && v.origin && v.origin->loc.line == 3);
	v = value("{cidr = test.cidr}.cidr");
	CHECK(v.kind == TFV_STRING && v.origin && v.origin->loc.col == 8);
	v = value("true ? test.cidr : \"10.1.0.0/16\"");
	CHECK(v.kind == TFV_STRING && v.origin);
	v = value("false ? test.cidr : \"10.1.0.0/16\"");
	CHECK(v.kind == TFV_STRING && !v.origin);
}

static void test_links(void)
{
	struct tfval v;

	eval_reset(NULL);
	/* a link passes through what only moves it */
	v = value("test.vpc_id");
	CHECK(v.kind == TFV_UNKNOWN);
	CHECK_STR(v.unk.link, "aws_vpc.main");
	v = value("true ? test.vpc_id : \"vpc-123\"");
	CHECK(v.kind == TFV_UNKNOWN && str_eq(v.unk.link, "aws_vpc.main"));
	v = value("[test.vpc_id][0]");
	CHECK(v.kind == TFV_UNKNOWN && str_eq(v.unk.link, "aws_vpc.main"));
	v = value("{id = test.vpc_id}.id");
	CHECK(v.kind == TFV_UNKNOWN && str_eq(v.unk.link, "aws_vpc.main"));
	v = value("tostring(test.vpc_id)");
	CHECK(v.kind == TFV_UNKNOWN);
	/* but an operation over it is not the id any more */
	v = value("\"${test.vpc_id}-x\"");
	CHECK(v.kind == TFV_UNKNOWN && !v.unk.link);
	v = value("upper(test.vpc_id)");
	CHECK(v.kind == TFV_UNKNOWN && !v.unk.link);
	/* try(): unknown, as Terraform; a plain resolved reference keeps its link */
	v = value("try(test.vpc_id, \"\")");
	CHECK(v.kind == TFV_UNKNOWN && str_eq(v.unk.link, "aws_vpc.main"));
	v = value("try(var.l[5], test.vpc_id)");
	CHECK(v.kind == TFV_UNKNOWN && str_eq(v.unk.link, "aws_vpc.main"));
	v = value("try(upper(test.vpc_id), \"\")");
	CHECK(v.kind == TFV_UNKNOWN && !v.unk.link);
	v = value("can(test.vpc_id)");
	CHECK(v.kind == TFV_UNKNOWN);
	/* a reference to nothing declared is not caught */
	v = value("try(aws_vpc.nothing.id, \"x\")");
	CHECK(v.kind == TFV_ERROR && v.err.reference);
	v = value("can(aws_vpc.nothing.id)");
	CHECK(v.kind == TFV_ERROR && v.err.reference);
}

static const char *rel_text(const struct tfval *v)
{
	static char buf[CIDR_STRLEN];

	if (v->kind != TFV_UNKNOWN || !v->unk.cidr)
		return "(no shape)";
	return cidr_format(&v->unk.cidr->rel, buf);
}

static void test_cidr_shapes(void)
{
	struct tfval v;

	eval_reset(NULL);
	/* the k-th /64 of an Amazon /56: k << 64, as if the /56 were ::/56
	 * (k = 3 sets bit 65 and 64 of the address: 0:0:0:3::/64) */
	v = value("cidrsubnet(test.v6, 8, 3)");
	CHECK_STR(rel_text(&v), "0:0:0:3::/64");
	CHECK(v.kind == TFV_UNKNOWN && v.unk.cidr && v.unk.cidr->base_len == 56 &&
	      str_eq(v.unk.cidr->base, "aws_vpc.main.ipv6_cidr_block"));
	CHECK(v.kind == TFV_UNKNOWN && contains_ci(v.unk.why, "aws_vpc.main.ipv6_cidr_block"));
	/* nested: the 2nd /68 of the 3rd /64, 0:0:0:3:2000:0:0:0 (of the two
	 * equal runs of zeros RFC 5952 compresses the first) */
	v = value("cidrsubnet(cidrsubnet(test.v6, 8, 3), 4, 2)");
	CHECK_STR(rel_text(&v), "::3:2000:0:0:0/68");
	/* out of the block: the same error as a known block gives */
	v = value("cidrsubnet(test.v6, 8, 256)");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "does not accommodate a subnet numbered 256"));
	v = value("cidrsubnet(test.v6, 80, 0)");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "insufficient address space"));
	/* cidrsubnets over an IPAM /16: /20, /24, /20 as for 10.0.0.0/16
	 * (10.0.0.0/20, 10.0.16.0/24, 10.0.32.0/20, checked with Terraform) */
	v = value("cidrsubnets(test.pool, 4, 8, 4)");
	CHECK(v.kind == TFV_LIST && v.coll.n == 3);
	if (v.kind == TFV_LIST && v.coll.n == 3) {
		CHECK_STR(rel_text(&v.coll.items[0]), "0.0.0.0/20");
		CHECK_STR(rel_text(&v.coll.items[1]), "0.0.16.0/24");
		CHECK_STR(rel_text(&v.coll.items[2]), "0.0.32.0/20");
	}
	/* the ipv6-dualstack example: cidrsubnet(/56, 8, k) for k in 0..8 are
	 * nine disjoint /64s */
	v = value("[for k in [0, 1, 2, 3, 4, 5, 6, 7, 8] : cidrsubnet(test.v6, 8, k)]");
	CHECK(v.kind == TFV_LIST && v.coll.n == 9);
	if (v.kind == TFV_LIST && v.coll.n == 9) {
		CHECK_STR(rel_text(&v.coll.items[8]), "0:0:0:8::/64");
		CHECK_STR(rel_text(&v.coll.items[0]), "::/64");
	}
	/* what does not keep a shape */
	v = value("cidrhost(test.v6, 1)");
	CHECK(v.kind == TFV_UNKNOWN && !v.unk.cidr);
	v = value("cidrsubnet(test.unknown, 8, 1)");
	CHECK(v.kind == TFV_UNKNOWN && !v.unk.cidr);
	CHECK_STR(v.unk.why, "data.aws_vpc.shared.cidr_block is read at apply time");
	v = value("cidrsubnet(test.v6, 8, test.unknown)");
	CHECK(v.kind == TFV_UNKNOWN && !v.unk.cidr);
	/* a negative netnum over an unknown block cannot be worked out */
	v = value("cidrsubnet(test.v6, 8, -1)");
	CHECK(v.kind == TFV_UNKNOWN && !v.unk.cidr);
}

static void test_scope_steps(void)
{
	struct tfval v;

	eval_reset(NULL);
	/* the scope sees the whole static chain with its keys evaluated */
	v = value("test.steps[1 + 1].x[\"k\"]");
	CHECK(v.kind == TFV_STRING && !strcmp(v.str.s, "all"));
	CHECK_INT(ts.last_steps, 4);
	/* names bound by for expressions hide the scope's */
	v = value("[for var in [1, 2] : var]");
	CHECK_STR(tfv_format_line(&arena, &v), "[1, 2]");
	v = value("[for k, test in {a = 1} : test]");
	CHECK_STR(tfv_format_line(&arena, &v), "[1]");
	/* an undeclared name is an error saying so, at the name */
	v = value("nothing.here");
	CHECK(v.kind == TFV_ERROR && v.err.reference && v.err.loc.line == 1 && v.err.loc.col == 1);
	/* without a scope no name resolves */
	tf_eval_release(&ev);
	tf_eval_init(&ev, &arena, NULL, NULL);
	v = value("var.x");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "no variable named \"var\""));
	v = value("[for x in [1] : x + 1][0]");
	CHECK(v.kind == TFV_NUMBER && v.num == 2);
}

static void test_limits(void)
{
	struct tf_limits lim = {0};
	struct tfval v;
	struct sbuf deep;

	/* steps */
	lim.max_steps = 50;
	eval_reset(&lim);
	v = value("[for i in range(100) : i * 2]");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "more than 50 evaluation steps"));
	/* depth: 300 nested parentheses around 1 */
	lim = (struct tf_limits){0};
	lim.max_depth = 100;
	eval_reset(&lim);
	sbuf_init(&deep, 0);
	for (int i = 0; i < 150; i++)
		sbuf_adds(&deep, "[");
	sbuf_adds(&deep, "1");
	for (int i = 0; i < 150; i++)
		sbuf_adds(&deep, "]");
	v = value(deep.buf);
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "nested more than 100 levels"));
	sbuf_release(&deep);
	/* items, strings, range */
	lim = (struct tf_limits){0};
	lim.max_items = 10;
	lim.max_string = 16;
	eval_reset(&lim);
	v = value("[for i in range(20) : i]");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "more than 10 elements"));
	v = value("join(\"\", [\"0123456789\", \"0123456789\"])");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "longer than 16 bytes"));
	v = value("\"${var.s}${var.s}${var.s}${var.s}\"");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "longer than 16 bytes"));
	v = value("format(\"%20s\", \"x\")");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "longer than 16 bytes"));
	v = value("setproduct(range(4), range(4))");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "more than 10 elements"));
	lim = (struct tf_limits){0};
	lim.max_range = 5;
	eval_reset(&lim);
	v = value("range(6)");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "more than 5 values"));
	CHECK(value("range(5)").kind == TFV_LIST);
	/* memory: a thousand strings of a thousand bytes pass a megabyte */
	lim = (struct tf_limits){0};
	lim.max_bytes = 1 << 20;
	eval_reset(&lim);
	v = value("[for i in range(1000) : format(\"%1000d\", i)]");
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "more than 1048576 bytes"));
	/* what could be quadratic is not: 100,000 items, each function
	 * n log n (a quadratic one would take minutes here) */
	eval_reset(NULL);
	v = value("length(distinct(flatten([for i in range(1000) : [for j in range(100) : "
		  "(i * 100 + j) % 50000]])))");
	CHECK(v.kind == TFV_NUMBER && v.num == 50000);
	v = value("length(setintersection(flatten([for i in range(1000) : [for j in range(100) : "
		  "i * 100 + j]]), flatten([for i in range(1000) : [for j in range(100) : "
		  "i * 100 + j + 50000]])))");
	CHECK(v.kind == TFV_NUMBER && v.num == 50000);
	v = value("strcontains(join(\"\", [for i in range(1000) : format(\"%0100d\", 0)]), "
		  "format(\"%05000d\", 1))");
	CHECK(v.kind == TFV_BOOL && !v.b);
	v = value("length(tolist(flatten([for i in range(1000) : [for j in range(100) : "
		  "{\"k${i}\" = j}]])))");
	CHECK(v.kind == TFV_NUMBER && v.num == 100000);
	/* 300 objects of the same 1,000 attributes unify attribute by attribute */
	v = value("length(tolist([for i in range(300) : {for j in range(1000) : \"k${j}\" => i}]))");
	CHECK(v.kind == TFV_NUMBER && v.num == 300);
	eval_reset(NULL);
}

static void test_values(void)
{
	struct tfval items[3], v, w;
	const char *keys[3] = {"b", "a", "b"};

	/* a map sorts its keys and keeps the last of a repeated one */
	items[0] = tfv_number(1);
	items[1] = tfv_number(2);
	items[2] = tfv_number(3);
	v = tfv_map(&arena, keys, items, 3, false);
	CHECK_STR(tfv_format_line(&arena, &v), "tomap({\"a\" = 2, \"b\" = 3})");
	CHECK(tfv_map_get(&v, "b") && tfv_map_get(&v, "b")->num == 3);
	CHECK(!tfv_map_get(&v, "c"));
	/* a set sorts and keeps one of equal items */
	items[0] = tfv_cstring(&arena, "b");
	items[1] = tfv_cstring(&arena, "a");
	items[2] = tfv_cstring(&arena, "b");
	v = tfv_set(&arena, items, 3);
	CHECK_STR(tfv_format_line(&arena, &v), "toset([\"a\", \"b\"])");
	/* depth is bounded whatever builds the value */
	v = tfv_number(1);
	for (int i = 0; i < TFV_MAX_DEPTH + 5 && v.kind != TFV_ERROR; i++)
		v = tfv_list(&arena, &v, 1, true);
	CHECK(v.kind == TFV_ERROR && contains_ci(v.err.msg, "nested more than"));
	/* equality: unknown is neither */
	w = tfv_unknown(&arena, "later");
	CHECK_INT(tfv_equal(&w, &w), -1);
	CHECK_INT(tfv_equal(&items[0], &items[2]), 1);
	/* numbers as Terraform writes them */
	{
		char buf[TFV_NUMSTRLEN];
		CHECK_STR(tfv_number_text(1, buf), "1");
		CHECK_STR(tfv_number_text(-1.5, buf), "-1.5");
		CHECK_STR(tfv_number_text(1e21, buf), "1000000000000000000000");
		CHECK_STR(tfv_number_text(1e-7, buf), "0.0000001");
		CHECK_STR(tfv_number_text(0.1 + 0.2, buf), "0.30000000000000004");
		CHECK_STR(tfv_number_text(9007199254740992.0, buf), "9007199254740992");
		/* Go's shortest form of 2^64, not float64's 18446744073709552000
		 * (terraform console: pow(2, 64)) */
		CHECK_STR(tfv_number_text(18446744073709551616.0, buf), "18446744073709550000");
		CHECK_STR(tfv_number_text(1152921504606846976.0, buf), "1152921504606847000");
	}
}

static void test_types(void)
{
	const struct tft *t;
	struct tfval v, r;
	struct hcl_expr *e;

	eval_reset(NULL);
	/* a variable's type: list(string) converts numbers */
	e = parse("list(string)");
	CHECK(e && tf_type_parse(&ev, e, &t).kind == TFV_NULL && t->kind == TFT_LIST &&
	      t->elem->kind == TFT_STRING);
	v = value("[1, \"a\", true]");
	r = tfv_convert(&arena, &v, t, (struct loc){0});
	CHECK_STR(tfv_format_line(&arena, &r), "tolist([\"1\", \"a\", \"true\"])");
	/* an object type with optional attributes and defaults; extra
	 * attributes are dropped (what Terraform does to a module argument) */
	e = parse("object({cidr = string, azs = optional(list(string), [\"a\"]), "
		  "tags = optional(map(string))})");
	CHECK(e && tf_type_parse(&ev, e, &t).kind == TFV_NULL && t->kind == TFT_OBJECT && t->n == 3);
	v = value("{cidr = \"10.0.0.0/16\", extra = 1}");
	r = tfv_convert(&arena, &v, t, (struct loc){0});
	CHECK_STR(tfv_format_line(&arena, &r),
		  "{\"azs\" = tolist([\"a\"]), \"cidr\" = \"10.0.0.0/16\", \"tags\" = null}");
	v = value("{azs = [\"x\"]}");
	r = tfv_convert(&arena, &v, t, (struct loc){0});
	CHECK(r.kind == TFV_ERROR && contains_ci(r.err.msg, "attribute \"cidr\" is required"));
	/* map(number) refuses what is not a number, saying where */
	e = parse("map(number)");
	CHECK(e && tf_type_parse(&ev, e, &t).kind == TFV_NULL);
	v = value("{a = 1, b = \"x\"}");
	r = tfv_convert(&arena, &v, t, (struct loc){0});
	CHECK(r.kind == TFV_ERROR && contains_ci(r.err.msg, "element \"b\""));
	/* tuple and set */
	e = parse("tuple([string, number])");
	CHECK(e && tf_type_parse(&ev, e, &t).kind == TFV_NULL && t->kind == TFT_TUPLE && t->n == 2);
	v = value("[1, \"2\"]");
	r = tfv_convert(&arena, &v, t, (struct loc){0});
	CHECK_STR(tfv_format_line(&arena, &r), "[\"1\", 2]");
	/* what is not a type */
	e = parse("\"string\"");
	CHECK(e && tf_type_parse(&ev, e, &t).kind == TFV_ERROR);
	e = parse("list");
	CHECK(e && tf_type_parse(&ev, e, &t).kind == TFV_ERROR);
	e = parse("strin");
	CHECK(e && tf_type_parse(&ev, e, &t).kind == TFV_ERROR);
	e = parse("optional(string)");
	CHECK(e && tf_type_parse(&ev, e, &t).kind == TFV_ERROR);
}

static void test_twice(void)
{
	/* two evaluators side by side share nothing */
	struct tf_eval a, b;
	struct hcl_expr *e = parse("[for x in [1, 2] : [for y in [3] : x * y]]");
	struct tfval va, vb;

	tf_eval_init(&a, &arena, NULL, NULL);
	tf_eval_init(&b, &arena, NULL, NULL);
	va = tf_eval_expr(&a, e);
	vb = tf_eval_expr(&b, e);
	CHECK_STR(tfv_format_line(&arena, &va), "[[3], [6]]");
	CHECK_INT(tfv_equal(&va, &vb), 1);
	tf_eval_release(&a);
	tf_eval_release(&b);
	tf_eval_release(&b); /* twice is harmless */
}

int main(int argc, char **argv)
{
	char *self = xstrdup(__FILE__), *slash;

	if (argc > 1) {
		root = argv[1];
	} else {
		slash = strstr(self, "/tests/unit/");
		if (slash)
			*slash = '\0';
		root = self;
	}
	arena_init(&arena);
	run_case_file();
	test_unknown_reasons();
	test_known_lengths();
	test_origins();
	test_links();
	test_cidr_shapes();
	test_scope_steps();
	test_limits();
	test_values();
	test_types();
	test_twice();
	(void)show;
	tf_eval_release(&ev);
	arena_release(&arena);
	free(case_text);
	free(self);
	return test_done("u-tfeval");
}
