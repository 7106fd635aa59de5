/*
 * u-hcl.c: the HCL reader (parsers/terraform/hcl.h): one case per
 * construct, with the tree it gives (written as tests/hcl/hcl-sexp.h
 * writes it), the places of nodes, and every error message with its line
 * and column.
 *
 * How places were counted, by hand: lines from 1; columns from 1, one per
 * character (a tab counts one, so does "é"); byte offsets from 0.  A
 * case with places writes its count in a comment, character by character
 * where it is not obvious.  The expected trees were written from the
 * rules of hashicorp/hcl's spec.md and then checked against what
 * HashiCorp's parser gives for the same constructs (tests/hcl/cases/,
 * compared by tests/hcl/compare.js); the heredoc and strip-marker values
 * were also checked with `terraform console` (Terraform v1.11.4).
 */
#include "parsers/terraform/hcl.h"
#include "tests/hcl/hcl-sexp.h"
#include "tests/unit/test.h"

#include <stdlib.h>

static struct arena arena;
static struct errlist errs;
static struct sbuf out;

static void reset(void)
{
	arena_release(&arena);
	arena_init(&arena);
	errlist_release(&errs);
	errlist_init(&errs);
	sbuf_reset(&out);
}

/* "line:col: message" of the first error */
static const char *error_text(void)
{
	if (!errs.n)
		return "(no error)";
	sbuf_reset(&out);
	sbuf_addf(&out, "%u:%u: %s", errs.v[0].line, errs.v[0].col, errs.v[0].msg);
	return out.buf;
}

static const char *expr_limited(const char *src, bool ranges, unsigned depth)
{
	struct hcl_limits lim = {depth};
	struct hcl_expr *e;

	reset();
	e = hcl_parse_expr(&arena, "t.tf", src, strlen(src), depth ? &lim : NULL, &errs);
	if (!e)
		return error_text();
	hcl_sexp_expr(&out, e, ranges);
	return out.buf;
}

static const char *expr(const char *src)
{
	return expr_limited(src, false, 0);
}

static const char *expr_r(const char *src)
{
	return expr_limited(src, true, 0);
}

static const char *file_limited(const char *src, size_t len, bool ranges, unsigned depth)
{
	struct hcl_limits lim = {depth};
	struct hcl_file f;

	reset();
	if (hcl_parse(&f, &arena, "t.tf", src, len, depth ? &lim : NULL, &errs))
		return error_text();
	hcl_sexp_body(&out, f.body, ranges);
	return out.buf;
}

static const char *file(const char *src)
{
	return file_limited(src, strlen(src), false, 0);
}

static const char *file_r(const char *src)
{
	return file_limited(src, strlen(src), true, 0);
}

static const char *json_mode(const char *src, enum hcl_json_mode mode, bool ranges)
{
	struct hcl_file f;

	reset();
	if (hcl_parse_json(&f, &arena, "t.tf.json", src, strlen(src), mode, NULL, &errs))
		return error_text();
	CHECK(f.json);
	hcl_sexp_body(&out, f.body, ranges);
	return out.buf;
}

static const char *json(const char *src)
{
	return json_mode(src, HCL_JSON_CONFIG, false);
}

static const char *json_r(const char *src)
{
	return json_mode(src, HCL_JSON_CONFIG, true);
}

struct pcase {
	const char *in, *want;
};

/* Each case through read (expr or file), its tree or error as wanted. */
static void run(const char *what, const char *(*read)(const char *), const struct pcase *c,
		size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = read(c[i].in);
		test_checks++;
		if (strcmp(got, c[i].want) != 0) {
			test_failures++;
			fprintf(stderr, "%s %s\n  got  %s\n  want %s\n", what, c[i].in, got, c[i].want);
		}
	}
}

/* --- expressions -------------------------------------------------------- */

static const struct pcase literals[] = {
	{"1", "(num 1)"},
	{"1.5", "(num 1.5)"},
	{"1e3", "(num 1e3)"},
	{"1E-2", "(num 1E-2)"},
	{"2.5e+3", "(num 2.5e+3)"},
	{"007", "(num 007)"},
	{"true", "(true)"},
	{"false", "(false)"},
	{"null", "(null)"},
	{"x", "(var x)"},
	{"my-name", "(var my-name)"},
	{"_x1", "(var _x1)"},
	/* newlines are ignored around an expression given alone */
	{"\n a \n", "(var a)"},
	{"a\n+ 1", "(+ (var a) (num 1))"},
};

/*
 * Every pair of the binary levels (loosest first: ||, &&, == !=,
 * < <= > >=, + -, * / %), each way round: the tighter operator groups
 * first, whichever side it is on.
 */
static const struct pcase precedence[] = {
	{"a || b && c", "(|| (var a) (&& (var b) (var c)))"},
	{"a && b || c", "(|| (&& (var a) (var b)) (var c))"},
	{"a || b == c", "(|| (var a) (== (var b) (var c)))"},
	{"a == b || c", "(|| (== (var a) (var b)) (var c))"},
	{"a || b < c", "(|| (var a) (< (var b) (var c)))"},
	{"a <= b || c", "(|| (<= (var a) (var b)) (var c))"},
	{"a || b + c", "(|| (var a) (+ (var b) (var c)))"},
	{"a - b || c", "(|| (- (var a) (var b)) (var c))"},
	{"a || b * c", "(|| (var a) (* (var b) (var c)))"},
	{"a % b || c", "(|| (% (var a) (var b)) (var c))"},
	{"a && b != c", "(&& (var a) (!= (var b) (var c)))"},
	{"a != b && c", "(&& (!= (var a) (var b)) (var c))"},
	{"a && b > c", "(&& (var a) (> (var b) (var c)))"},
	{"a >= b && c", "(&& (>= (var a) (var b)) (var c))"},
	{"a && b + c", "(&& (var a) (+ (var b) (var c)))"},
	{"a + b && c", "(&& (+ (var a) (var b)) (var c))"},
	{"a && b / c", "(&& (var a) (/ (var b) (var c)))"},
	{"a * b && c", "(&& (* (var a) (var b)) (var c))"},
	{"a == b < c", "(== (var a) (< (var b) (var c)))"},
	{"a < b == c", "(== (< (var a) (var b)) (var c))"},
	{"a != b + c", "(!= (var a) (+ (var b) (var c)))"},
	{"a - b != c", "(!= (- (var a) (var b)) (var c))"},
	{"a == b * c", "(== (var a) (* (var b) (var c)))"},
	{"a / b == c", "(== (/ (var a) (var b)) (var c))"},
	{"a < b + c", "(< (var a) (+ (var b) (var c)))"},
	{"a - b >= c", "(>= (- (var a) (var b)) (var c))"},
	{"a <= b * c", "(<= (var a) (* (var b) (var c)))"},
	{"a % b > c", "(> (% (var a) (var b)) (var c))"},
	{"a + b * c", "(+ (var a) (* (var b) (var c)))"},
	{"a * b - c", "(- (* (var a) (var b)) (var c))"},
	/* unary over the tightest binary level, and over a traversal */
	{"-a * b", "(* (neg (var a)) (var b))"},
	{"a + -b", "(+ (var a) (neg (var b)))"},
	{"!a && b", "(&& (not (var a)) (var b))"},
	{"-a.b[0]", "(neg ([] (. (var a) b) (num 0)))"},
	{"!f(x)", "(not (call f (var x)))"},
	{"!!a", "(not (not (var a)))"},
	{"- -1", "(neg (neg (num 1)))"},
	/* ?: is loosest, and right-associative */
	{"a || b ? c : d", "(? (|| (var a) (var b)) (var c) (var d))"},
	{"a ? b && c : d", "(? (var a) (&& (var b) (var c)) (var d))"},
	{"a ? b : c == d", "(? (var a) (var b) (== (var c) (var d)))"},
	{"a ? b : c ? d : e", "(? (var a) (var b) (? (var c) (var d) (var e)))"},
	{"a ? b ? c : d : e", "(? (var a) (? (var b) (var c) (var d)) (var e))"},
	/* each binary level is left-associative */
	{"a - b - c", "(- (- (var a) (var b)) (var c))"},
	{"a / b * c % d", "(% (* (/ (var a) (var b)) (var c)) (var d))"},
	{"a == b != c", "(!= (== (var a) (var b)) (var c))"},
	{"a < b > c", "(> (< (var a) (var b)) (var c))"},
	{"a && b && c", "(&& (&& (var a) (var b)) (var c))"},
	{"a || b || c", "(|| (|| (var a) (var b)) (var c))"},
	{"(a + b) * c", "(* (paren (+ (var a) (var b))) (var c))"},
	{"(\n a\n +\n b\n)", "(paren (+ (var a) (var b)))"},
};

static const struct pcase traversals[] = {
	{"a.b.c", "(. (. (var a) b) c)"},
	{"a[0]", "([] (var a) (num 0))"},
	{"a[\"k\"]", "([] (var a) (tpl (str \"k\")))"},
	{"a[b.c]", "([] (var a) (. (var b) c))"},
	{"a[\n 0\n]", "([] (var a) (num 0))"},
	{"a.0", "([] (var a) (num 0))"},
	{"a.0.b", "(. ([] (var a) (num 0)) b)"},
	/* a full splat takes every step after it */
	{"a[*]", "([*] (var a) (item))"},
	{"a[*].b[0]", "([*] (var a) ([] (. (item) b) (num 0)))"},
	{"a[*].b[*].c", "([*] (var a) ([*] (. (item) b) (. (item) c)))"},
	/* an attribute splat only .name and .0 steps; an index applies after */
	{"a.*", "(.* (var a) (item))"},
	{"a.*.b[0]", "([] (.* (var a) (. (item) b)) (num 0))"},
	{"a.*.b.0.c", "(.* (var a) (. ([] (. (item) b) (num 0)) c))"},
	{"f(x)[0].y", "(. ([] (call f (var x)) (num 0)) y)"},
	{"\"ab\"[0]", "([] (tpl (str \"ab\")) (num 0))"},
	{"[1, 2][1]", "([] (tuple (num 1) (num 2)) (num 1))"},
	{"{a = 1}.a", "(. (object (item (ident a) (num 1))) a)"},
	{"f()", "(call f)"},
	{"f(a,)", "(call f (var a))"},
	{"f(a, b...)", "(call f expand (var a) (var b))"},
	{"f(\n a,\n b\n)", "(call f (var a) (var b))"},
	{"provider::aws::arn_parse(x)", "(call provider::aws::arn_parse (var x))"},
	{"[for x in l : x]", "(for nil x tuple (var l) nil (var x) nil)"},
	{"[for i, x in l : x if i > 0]", "(for i x tuple (var l) nil (var x) (> (var i) (num 0)))"},
	{"{for k, v in m : k => v}", "(for k v object (var m) (var k) (var v) nil)"},
	{"{for k, v in m : v => k... if k}", "(for k v object group (var m) (var v) (var k) (var k))"},
	{"{\n for k, v in m :\n k => v\n}", "(for k v object (var m) (var k) (var v) nil)"},
	{"[for x in a ? b : c : x]", "(for nil x tuple (? (var a) (var b) (var c)) nil (var x) nil)"},
};

static const struct pcase collections[] = {
	{"[]", "(tuple)"},
	{"[1, \"a\", true, null,]", "(tuple (num 1) (tpl (str \"a\")) (true) (null))"},
	{"[\n1,\n2\n]", "(tuple (num 1) (num 2))"},
	{"{}", "(object)"},
	{"{a = 1, b : 2, \"c\" = 3}",
	 "(object (item (ident a) (num 1)) (item (ident b) (num 2)) (item (tpl (str \"c\")) (num 3)))"},
	{"{\n a = 1\n b = 2,\n\n c = 3,\n}",
	 "(object (item (ident a) (num 1)) (item (ident b) (num 2)) (item (ident c) (num 3)))"},
	/* a bare name (true, false and null too) is the key itself; anything
	 * else is an expression */
	{"{(a) = 1, a.b = 2, true = 3, null = 4, 5 = 5, my-key = 6}",
	 "(object (item (paren (var a)) (num 1)) (item (. (var a) b) (num 2)) "
	 "(item (ident true) (num 3)) (item (ident null) (num 4)) (item (num 5) (num 5)) "
	 "(item (ident my-key) (num 6)))"},
	{"{\"${k}\" = 1}", "(object (item (tpl unwrap (var k)) (num 1)))"},
	{"{a = {b = [1]}}", "(object (item (ident a) (object (item (ident b) (tuple (num 1))))))"},
};

static const struct pcase templates[] = {
	{"\"abc\"", "(tpl (str \"abc\"))"},
	{"\"\"", "(tpl (str \"\"))"},
	{"\"t\\tn\\nr\\rq\\\"b\\\\u\\u00e9U\\U0001F600\"",
	 "(tpl (str \"t\\tn\\nr\\rq\\\"b\\\\u\xc3\xa9U\xf0\x9f\x98\x80\"))"},
	{"\"$${a}%%{b}$x%y$$ 100%\"", "(tpl (str \"${a}%{b}$x%y$$ 100%\"))"},
	{"\"${x}\"", "(tpl unwrap (var x))"},
	{"\"${\"${true}\"}\"", "(tpl unwrap (tpl unwrap (true)))"},
	{"\"${x}${y}\"", "(tpl (var x) (var y))"},
	{"\"a${x}b\"", "(tpl (str \"a\") (var x) (str \"b\"))"},
	{"\"a${\"b${c}\"}\"", "(tpl (str \"a\") (tpl (str \"b\") (var c)))"},
	{"\"${\n  a\n}\"", "(tpl unwrap (var a))"},
	/* strip markers take the spaces of the literal next to them ... */
	{"\"a  ${~x~}  b\"", "(tpl (str \"a\") (var x) (str \"b\"))"},
	{"\"a \\n\\t${~x}\"", "(tpl (str \"a\") (var x))"},
	{"\"  ${~x}\"", "(tpl (str \"\") (var x))"},
	/* ... not of the value of another part */
	{"\"${\"a \" ~}${\" b\"}\"", "(tpl (tpl (str \"a \")) (tpl (str \" b\")))"},
	{"\"%{if a}y%{endif}\"", "(tpl (tif (var a) (tpl (str \"y\")) nil))"},
	{"\"%{ if a }y%{ else }n%{ endif }\"",
	 "(tpl (tif (var a) (tpl (str \"y\")) (tpl (str \"n\"))))"},
	{"\"%{if a}%{endif}\"", "(tpl (tif (var a) (tpl (str \"\")) nil))"},
	{"\"x %{~ if a ~} y %{~ else ~} z %{~ endif ~} w\"",
	 "(tpl (str \"x\") (tif (var a) (tpl (str \"y\")) (tpl (str \"z\"))) (str \"w\"))"},
	{"\"%{for x in l}${x},%{endfor}\"", "(tpl (tfor nil x (var l) (tpl (var x) (str \",\"))))"},
	{"\"%{ for k, v in m ~} ${k} %{~ endfor }\"",
	 "(tpl (tfor k v (var m) (tpl (str \"\") (var k) (str \"\"))))"},
	{"\"%{for x in a}%{if x}${x}%{endif}%{endfor}\"",
	 "(tpl (tfor nil x (var a) (tpl (tif (var x) (tpl (var x)) nil))))"},
	/* heredocs: the text from the line after <<EOT to the newline before
	 * the closing line, which must end with a newline itself (as in HCL) */
	{"<<EOT\nhello\n  ${x}\nEOT\n", "(tpl heredoc (str \"hello\\n  \") (var x) (str \"\\n\"))"},
	{"<<EOT\n  C:\\path\\n $${no}\nEOT\n", "(tpl heredoc (str \"  C:\\\\path\\\\n ${no}\\n\"))"},
	{"<<EOT\nEOT\n", "(tpl heredoc (str \"\"))"},
	{"<<EOT\n  EOT  \n", "(tpl heredoc (str \"\"))"},
	{"<<EOT\nEOTX\nEOT\n", "(tpl heredoc (str \"EOTX\\n\"))"},
	{"<<EOT\r\na\r\nEOT\r\n", "(tpl heredoc (str \"a\\r\\n\"))"},
	/* <<-: the fewest leading spaces of the lines is taken off each line;
	 * blank lines do not count and are left as they are */
	{"<<-EOT\n    a\n      b\n    EOT\n", "(tpl heredoc (str \"a\\n  b\\n\"))"},
	{"<<-EOT\n    a\n\n      b\n  \n    c\n  EOT\n", "(tpl heredoc (str \"a\\n\\n  b\\n  \\nc\\n\"))"},
	{"<<-EOT\n${x}\n    y\nEOT\n", "(tpl heredoc (var x) (str \"\\n    y\\n\"))"},
	{"<<-EOT\n\t\ta\n\t\t\tb\n\tEOT\n", "(tpl heredoc (str \"a\\n\\tb\\n\"))"},
	{"<<-EOT\n  a ${x}\n    b\nEOT\n", "(tpl heredoc (str \"a \") (var x) (str \"\\n  b\\n\"))"},
	/* a strip marker in a heredoc takes the rest of its line */
	{"<<EOT\n%{ for ip in l ~}\nserver ${ip}\n%{ endfor ~}\nEOT\n",
	 "(tpl heredoc (tfor nil ip (var l) (tpl (str \"server \") (var ip) (str \"\\n\"))) (str \"\"))"},
	/* and so the next line is no longer line-leading: its spaces stay
	 * (terraform console gives "    hello\n") */
	{"<<-EOT\n    %{ if true ~}\n    hello\n    %{ endif ~}\n  EOT\n",
	 "(tpl heredoc (str \"\") (tif (true) (tpl (str \"    hello\\n\")) nil) (str \"\"))"},
};

/* --- files -------------------------------------------------------------- */

static const struct pcase files[] = {
	{"", "(body)"},
	{"# only a comment", "(body)"},
	{"a = 1\nb \"l1\" l2 {\n  c = true\n}\n",
	 "(body (attr a (num 1)) (block b \"l1\" \"l2\" (body (attr c (true)))))"},
	{"b { a = 1 }\nc {}\nd \"x\" {\n}\n",
	 "(body (block b (body (attr a (num 1)))) (block c (body)) (block d \"x\" (body)))"},
	{"# x\na = 1 # y\n// z\nb = 2 // w\n/* c\nd */ c = 3\n",
	 "(body (attr a (num 1)) (attr b (num 2)) (attr c (num 3)))"},
	{"a = 1 # a comment at the end, with no newline", "(body (attr a (num 1)))"},
	{"a = 1\r\nb {\r\n  c = 2\r\n}\r\n", "(body (attr a (num 1)) (block b (body (attr c (num 2)))))"},
	{"my-attr = my-var\nfor = 1\nin = 2\nif = 3\n",
	 "(body (attr my-attr (var my-var)) (attr for (num 1)) (attr in (num 2)) (attr if (num 3)))"},
	{"a = (1 +\n 2)\nb = [\n1,\n]\nc = {\n}\n",
	 "(body (attr a (paren (+ (num 1) (num 2)))) (attr b (tuple (num 1))) (attr c (object)))"},
	{"a = <<EOT\nx\nEOT\nb = 1\n", "(body (attr a (tpl heredoc (str \"x\\n\"))) (attr b (num 1)))"},
	{"r \"a\\\"b\\u00e9\" {}\n", "(body (block r \"a\\\"b\xc3\xa9\" (body)))"},
	/* the same name in two bodies is no redefinition */
	{"a = 1\nb {\n  a = 2\n}\n", "(body (attr a (num 1)) (block b (body (attr a (num 2)))))"},
	{"a = 1\n\n\n\nb = 2", "(body (attr a (num 1)) (attr b (num 2)))"},
};

/*
 * Places.  Each range is @line:col:byte-line:col:byte, the end just past
 * the last character.
 */
static void test_positions(void)
{
	/* a = b.c[0]: a at col 1 (byte 0), b at 5 (4), . 6, c 7 (6), [ 8,
	 * 0 at 9 (8), ] at 10 (9); the end is col 11, byte 10 */
	CHECK_STR(file_r("a = b.c[0]\n"),
		  "(body @1:1:0-2:1:11 (attr a @1:1:0-1:11:10 @1:1:0-1:2:1 ([] @1:5:4-1:11:10 "
		  "(. @1:5:4-1:8:7 (var b @1:5:4-1:6:5) c @1:7:6-1:8:7) (num 0 @1:9:8-1:10:9))))");
	/* x = "é${y}": " at col 5 (byte 4), é at col 6 (bytes 5-6), $ at
	 * col 7 (byte 7), y at col 9 (byte 9), the closing " at 11 (11) */
	CHECK_STR(expr_r("\"\xc3\xa9${y}\""),
		  "(tpl @1:1:0-1:8:8 (str \"\xc3\xa9\" @1:2:1-1:3:3) (var y @1:5:5-1:6:6))");
	CHECK_STR(file_r("x = \"\xc3\xa9${y}\"\n"),
		  "(body @1:1:0-2:1:13 (attr x @1:1:0-1:12:12 @1:1:0-1:2:1 (tpl @1:5:4-1:12:12 "
		  "(str \"\xc3\xa9\" @1:6:5-1:7:7) (var y @1:9:9-1:10:10))))");
	/* a tab counts one column */
	CHECK_STR(file_r("\tx = 1"),
		  "(body @1:1:0-1:7:6 (attr x @1:2:1-1:7:6 @1:2:1-1:3:2 (num 1 @1:6:5-1:7:6)))");
	/* a byte order mark: skipped, still counted in byte offsets */
	CHECK_STR(file_r("\xef\xbb\xbfx = 1"),
		  "(body @1:1:3-1:6:8 (attr x @1:1:3-1:6:8 @1:1:3-1:2:4 (num 1 @1:5:7-1:6:8)))");
	/* <<-: line 1 "a = <<-EOT\n" is 11 bytes; "    b" starts at byte 11,
	 * its text after the 4 spaces at col 5, byte 15; "  EOT" is line 3
	 * from byte 17, ending at col 6, byte 22 */
	CHECK_STR(file_r("a = <<-EOT\n    b\n  EOT\n"),
		  "(body @1:1:0-4:1:23 (attr a @1:1:0-3:6:22 @1:1:0-1:2:1 (tpl heredoc @1:5:4-3:6:22 "
		  "(str \"b\\n\" @2:5:15-3:1:17))))");
	/* the literal of "" stands just past the closing quote (byte 6), as
	 * in HCL */
	CHECK_STR(file_r("a = \"\""),
		  "(body @1:1:0-1:7:6 (attr a @1:1:0-1:7:6 @1:1:0-1:2:1 (tpl @1:5:4-1:7:6 "
		  "(str \"\" @1:7:6-1:7:6))))");
	/* a splat's item is its marker: [*] at cols 6-8 */
	CHECK_STR(expr_r("a = 1") , "1:3: extra characters after the expression, found '='");
	CHECK_STR(file_r("a = x[*].y"),
		  "(body @1:1:0-1:11:10 (attr a @1:1:0-1:11:10 @1:1:0-1:2:1 ([*] @1:5:4-1:11:10 "
		  "(var x @1:5:4-1:6:5) (. @1:6:5-1:11:10 (item @1:6:5-1:9:8) y @1:10:9-1:11:10))))");
	/* labels keep their quotes in their range: "l" at cols 3-5 */
	CHECK_STR(file_r("b \"l\" {\n}\n"),
		  "(body @1:1:0-3:1:10 (block b (\"l\" @1:3:2-1:6:5) @1:1:0-2:2:9 @1:1:0-1:2:1 "
		  "(body @1:7:6-2:2:9)))");
	/* a call: its name, and the whole call to the ')' */
	CHECK_STR(expr_r("p::f(1)"),
		  "(call p::f @1:1:0-1:8:7 @1:1:0-1:5:4 (num 1 @1:6:5-1:7:6))");
	/* if / for directives: from their %{ to the } of endif / endfor */
	CHECK_STR(expr_r("\"%{if a}b%{endif}\""),
		  "(tpl @1:1:0-1:19:18 (tif @1:2:1-1:18:17 (var a @1:7:6-1:8:7) "
		  "(tpl @1:9:8-1:10:9 (str \"b\" @1:9:8-1:10:9)) nil))");
}

/* --- errors ------------------------------------------------------------- */

static const struct pcase file_errors[] = {
	/* a = "x   : the quote at col 5 */
	/* Terraform (validate -json) puts it at the line break: 1:7 */
	{"a = \"x\nb = 1\n", "1:7: unclosed string: quoted strings cannot span lines (use \\n or a heredoc)"},
	{"a = \"x", "1:5: unclosed string: no closing '\"' before the end of the file"},
	{"cidr_block\n", "1:1: expected '=' or a block body after 'cidr_block'"},
	{"cidr_block : \"x\"\n", "1:1: expected '=' or a block body after 'cidr_block'"},
	/* the second a at 2:1; the first at 1:1 */
	{"a = 1\na = 2\n", "2:1: attribute 'a' redefined (first at t.tf:1:1)"},
	/* b is at col 7 */
	{"a = 1 b = 2\n", "1:7: missing newline after the argument 'a', found 'b'"},
	{"a = 1, b = 2", "1:6: unexpected ',' after the argument 'a': arguments are separated by newlines"},
	/* the { at col 3 */
	{"b {\n", "1:3: unclosed block: no '}' before the end of the file"},
	{"}", "1:1: unexpected '}': no block is open"},
	{"\"a\" = 1", "1:1: invalid argument name: argument names are not quoted"},
	{"= 1", "1:1: expected an argument or a block, found '='"},
	/* [ at col 5; 2 at col 8 */
	{"a = [1, 2\n", "1:5: unclosed '[': no ']' before the end of the file"},
	{"a = [1 2]", "1:8: expected ',' or ']' after a tuple item, found '2'"},
	/* y at col 12; 1 at col 8 */
	{"a = {x = 1 y = 2}", "1:12: expected a newline or ',' after an object item, found 'y'"},
	{"a = {x 1}", "1:8: expected '=' after the key, found '1'"},
	{"a = {x y}", "1:8: expected '=' after the key, found 'y' (a key holding dots or spaces is "
		      "written in quotes)"},
	{"a = {x\n}", "1:7: missing value of an object item: expected '=' after the key"},
	{"a = {x = 1", "1:5: unclosed '{': no '}' before the end of the file"},
	/* 2 at col 9 */
	{"a = f(1 2)", "1:9: expected ',' or ')' after an argument of 'f', found '2'"},
	{"a = f(1,", "1:9: expected an expression, found the end of the file"},
	{"a = f(1", "1:5: unclosed call of 'f': no ')' before the end of the file"},
	/* a = (1 : the end of the file at col 7 */
	{"a = (1", "1:7: expected ')' to close the '(' at 1:5, found the end of the file"},
	{"a = x ? y", "1:10: expected ':' and the false result of the conditional, found the end of the file"},
	{"a = x.", "1:7: expected an attribute name after '.', found the end of the file"},
	{"a = x[0", "1:8: expected ']' to close the index, found the end of the file"},
	/* a = x[*  : the end at col 9 */
	{"a = x[*", "1:8: expected ']' right after '[*', found the end of the file"},
	/* x.*.y.* : the second * at col 11 */
	{"a = x.*.y.*", "1:11: nested splat: '.*' cannot follow an attribute splat '.*'"},
	{"a = x.*.[0]", "1:9: expected an attribute name after '.', found '['"},
	/* a = 1.2.3 : 1 at col 5 */
	{"a = 1.2.3", "1:5: invalid number literal '1.2.3'"},
	{"a = x.0.1", "1:7: invalid legacy index '.0.1': two indexes are written [0][1]"},
	/* a = "${x"  : ${ at col 6 */
	{"a = \"${x\"", "1:6: unclosed interpolation: no '}' before the end of the string"},
	{"a = \"${x", "1:6: unclosed interpolation: no '}' before the end of the file"},
	/* a = "${ a b }" : b at col 11 */
	{"a = \"${ a b }\"", "1:11: expected '}' to end the interpolation, found 'b' (a literal '${' is "
			    "written '$${')"},
	/* a = "%{ if x }" : %{ at col 6 */
	{"a = \"%{ if x }\"", "1:6: the 'if' directive has no 'endif'"},
	{"a = \"%{ for x in y }\"", "1:6: the 'for' directive has no 'endfor'"},
	{"a = \"%{ endif }\"", "1:6: unexpected 'endif' directive: no 'if' is open"},
	{"a = \"%{ else }\"", "1:6: unexpected 'else' directive: no 'if' is open"},
	{"a = \"%{ endfor }\"", "1:6: unexpected 'endfor' directive: no 'for' is open"},
	/* foo at col 9 */
	{"a = \"%{ foo }\"", "1:9: unknown template directive 'foo' (expected if, for, else, endif or endfor)"},
	{"a = \"%{ 1 }\"", "1:9: expected a template directive (if, for, else, endif or endfor) after '%{', found '1'"},
	{"a = \"%{ if x y }\"", "1:14: expected '}' to end the 'if' directive, found 'y'"},
	/* a = "%{if x}a%{else}b%{else}c%{endif}": % at col 6, the first
	 * %{else} at 14-20, b 21, the second %{else} at col 22 */
	{"a = \"%{if x}a%{else}b%{else}c%{endif}\"", "1:22: a second 'else' for the 'if' at 1:6"},
	/* a = "%{for x in y}a%{endif}": %{endif} at col 20 */
	{"a = \"%{for x in y}a%{endif}\"", "1:20: expected 'endfor' for the 'for' at 1:6, found 'endif'"},
	{"a = \"%{if x}a%{endfor}\"", "1:14: expected 'endif' for the 'if' at 1:6, found 'endfor'"},
	/* "in" is taken as the variable's name: y at col 15 is no 'in' */
	{"a = \"%{for in y}%{endfor}\"", "1:15: expected 'in' after the variables of 'for', found 'y'"},
	/* a = "\q": the backslash at col 6 */
	{"a = \"\\q\"", "1:6: invalid escape sequence '\\q'"},
	{"a = \"\\u12\"", "1:6: invalid escape sequence: '\\u' must be followed by 4 hexadecimal digits"},
	{"a = \"\\U0000123\"", "1:6: invalid escape sequence: '\\U' must be followed by 8 hexadecimal digits"},
	{"a = \"\\ud800\"", "1:6: invalid escape sequence: U+D800 is not a character"},
	{"a = \"\\U00110000\"", "1:6: invalid escape sequence: U+110000 is not a character"},
	/* <<EOT at col 5 */
	{"a = <<EOT\nx\n", "1:5: unclosed heredoc: no line 'EOT' ends it (the closing line must end with a newline)"},
	{"a = <<EOT\nx\nEOT", "1:5: unclosed heredoc: no line 'EOT' ends it (the closing line must end with a newline)"},
	{"a = <<EOT x\n", "1:5: invalid heredoc: '<<EOT' must end its line"},
	{"a = <<-EOT \n", "1:5: invalid heredoc: '<<-EOT' must end its line"},
	{"a = << EOT\n", "1:5: expected an expression, found '<'"},
	/* a = 'x' : ' at col 5 */
	{"a = 'x'", "1:5: invalid character \"'\": strings are enclosed in double quotes"},
	{"a = 1;", "1:6: invalid character ';': arguments end with a newline, items of a collection are separated by ','"},
	{"a = b & c", "1:7: invalid character '&': the logical AND is '&&'"},
	{"a = b | c", "1:7: invalid character '|': the logical OR is '||'"},
	{"a = ${x}", "1:5: invalid character '$': '${' starts an interpolation only inside a string"},
	{"a = 1 ~", "1:7: invalid character '~': '~' strips spaces only next to a template's '{' or '}'"},
	{"a = `x`", "1:5: invalid character '`': a string of several lines is a heredoc (<<EOT)"},
	{"a = 1\rb = 2", "1:6: invalid character U+000D: a carriage return must be followed by a newline"},
	/* a, a no-break space (U+00A0, 2 bytes) at col 2 */
	{"a\xc2\xa0= 1", "1:2: invalid character U+00A0"},
	{"a = \"\xc3(\"", "1:6: invalid UTF-8 byte 0xC3: Terraform reads UTF-8 only"},
	{"a = 1 \xff", "1:7: invalid UTF-8 byte 0xFF: Terraform reads UTF-8 only"},
	{"\xff\xfe" "a", "1:1: UTF-16 text: save the file as UTF-8"},
	/* x = "é" é : the second é at col 9 (columns count characters) */
	{"x = \"\xc3\xa9\" \xc3\xa9", "1:9: missing newline after the argument 'x', found '\xc3\xa9'"},
	/* tab at col 1, x at col 2, ; at col 7 */
	{"\tx = 1;", "1:7: invalid character ';': arguments end with a newline, items of a collection are separated by ','"},
	{"a = /* x", "1:5: unclosed comment: no '*/' before the end of the file"},
	/* for: the key expression at col 18, the value at col 18 */
	{"a = [for x in y : x => x]", "1:19: a 'for' that builds a tuple has no key: 'k => v' is for '{for ...}'"},
	{"a = {for x in y : x}", "1:19: a 'for' that builds an object needs 'key => value'"},
	{"a = [for x in y : x...]", "1:20: grouping '...' is only for a 'for' that builds an object"},
	{"a = [for x y : x]", "1:12: expected 'in' after the variables of 'for', found 'y'"},
	{"a = [for x in y x]", "1:17: expected ':' after the collection of 'for', found 'x'"},
	{"a = [for x in y : x x]", "1:21: expected ']' to end the 'for' expression, found 'x'"},
	{"a = {for = 1}", "1:10: expected a variable name after 'for', found '='"},
	/* one-line blocks */
	{"b { a = 1, c = 2 }", "1:10: a one-line block holds one argument: put each argument on a line of its own"},
	{"b { a = 1\n}", "1:10: a one-line block must end on its line: put '}' right after the argument"},
	{"b { c {} }", "1:5: a one-line block holds one argument: put the block 'c' on a line of its own"},
	/* a heredoc ends with its newline: the block cannot close on the line
	 * (Terraform says so at the same place, 3:4) */
	{"b { x = <<EOT\ny\nEOT\n}\n", "3:4: a one-line block must end on its line: put '}' right after the argument"},
	{"b { a = 1", "1:3: unclosed block 'b': no '}' before the end of the file"},
	{"b { = 1 }", "1:5: expected an argument or a newline after '{' of block 'b', found '='"},
	{"b {} c = 1", "1:6: missing newline after block 'b', found 'c'"},
	{"b\n{\n}", "1:1: expected '=' or a block body after 'b'"},
	/* b "x" then the newline at col 6 */
	{"b \"x\"\n{\n}", "1:6: invalid block definition: the '{' of block 'b' must be on the line of its type and labels"},
	{"b \"x\" = 1", "1:7: invalid block definition: '=' marks an argument, not a block 'b'"},
	{"b \"x\" 1 {}", "1:7: expected a label or '{' after block type 'b', found '1'"},
	{"r \"${x}\" {}", "1:4: a block label cannot hold a template sequence (a literal '${' is written '$${')"},
	{"a = provider::(1)", "1:15: expected a function name after '::', found '('"},
	{"a = p::f", "1:9: expected '(' after the function name 'p::f', found the end of the file"},
	/* f(x..., y): the , at col 11 */
	{"a = f(x...,y)", "1:11: expected ')' right after the expanded argument '...' of 'f', found ','"},
};

static void test_errors(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(file_errors); i++) {
		run("file", file, &file_errors[i], 1);
		/* exactly one error, positioned, in the file given */
		CHECK(errs.n == 1 && strcmp(errs.v[0].file, "t.tf") == 0 && errs.v[0].line > 0);
	}

	/* a redefinition in a large body (names kept by a map from the ninth):
	 * a0 .. a19 on lines 1-20, a5 again on line 21 */
	{
		struct sbuf src;
		sbuf_init(&src, 0);
		for (int i = 0; i < 20; i++)
			sbuf_addf(&src, "a%d = %d\n", i, i);
		sbuf_adds(&src, "a5 = 0\n");
		CHECK_STR(file(src.buf), "21:1: attribute 'a5' redefined (first at t.tf:6:1)");
		sbuf_reset(&src);
		for (int i = 0; i < 20; i++)
			sbuf_addf(&src, "a%d = %d\nb {\n  a%d = 1\n}\n", i, i, i);
		CHECK(strncmp(file(src.buf), "(body (attr a0", 14) == 0);
		sbuf_release(&src);
	}
	/* a NUL byte is a character like another */
	CHECK_STR(file_limited("a = \"x\0y\"", 9, false, 0), "(body (attr a (tpl (str \"x\\u0000y\"))))");
	CHECK_STR(file_limited("a = \0", 5, false, 0), "1:5: invalid character U+0000");
}

static void test_depth(void)
{
	char *deep;

	/* each ( opens one more level, the 11th (at col 11) one too many */
	CHECK_STR(expr_limited("((((((((((((a))))))))))))", false, 10), "1:11: nesting is deeper than 10 levels");
	/* ten ( take ten levels, a and its (empty) traversals two more */
	CHECK_STR(expr_limited("((((((((((a))))))))))", false, 12), "(paren (paren (paren (paren (paren "
		  "(paren (paren (paren (paren (paren (var a)))))))))))");
	/* bodies count: the file (1), a's body (2), b's body opens at 2:3 */
	CHECK_STR(file_limited("a {\nb {\n}\n}\n", 11, false, 2), "2:3: nesting is deeper than 2 levels");
	/* the default bound, 256: the 257th [ is refused, at col 257 */
	deep = malloc(100001);
	memset(deep, '[', 100000);
	deep[100000] = '\0';
	CHECK_STR(expr(deep), "1:257: nesting is deeper than 256 levels");
	memset(deep, '-', 100000);
	CHECK(strstr(expr(deep), "nesting is deeper than 256 levels") != NULL);
	for (size_t i = 0; i + 3 < 100000; i += 3)
		memcpy(deep + i, "\"${", 3);
	deep[99999 - 99999 % 3] = '\0';
	CHECK(strstr(expr(deep), "nesting is deeper than 256 levels") != NULL);
	for (size_t i = 0; i + 4 < 100000; i += 4)
		memcpy(deep + i, "b {\n", 4);
	deep[100000 - 100000 % 4] = '\0';
	CHECK(strstr(file(deep), "nesting is deeper than 256 levels") != NULL);
	for (size_t i = 0; i + 7 < 100000; i += 7)
		memcpy(deep + i, "\"%{if a", 7);
	deep[99995] = '\0';
	CHECK(strstr(expr(deep), "1:") != NULL);
	/* directives nest in one template with no expression between */
	{
		struct sbuf src;
		sbuf_init(&src, 0);
		sbuf_addch(&src, '"');
		for (int i = 0; i < 5000; i++)
			sbuf_adds(&src, "%{if a}");
		for (int i = 0; i < 5000; i++)
			sbuf_adds(&src, "%{endif}");
		sbuf_addch(&src, '"');
		CHECK(strstr(expr(src.buf), "nesting is deeper than 256 levels") != NULL);
		sbuf_release(&src);
	}
	/* 200 levels are fine */
	memset(deep, '[', 200);
	memset(deep + 200, ']', 200);
	deep[400] = '\0';
	CHECK(strncmp(expr(deep), "(tuple (tuple", 13) == 0);
	free(deep);
}

/* --- the helpers of hcl.h ----------------------------------------------- */

static void test_helpers(void)
{
	struct hcl_file f;
	const struct hcl_attr *a;
	static const struct pcase traversal_text[] = {
		{"aws.west", "aws.west"},
		{"aws_vpc.main[0].id", "aws_vpc.main[0].id"},
		{"module.x[\"a\"].b", "module.x[\"a\"].b"},
		{"a.0", "a[0]"},
		{"m[\"q\\\"x\"]", "m[\"q\\\"x\"]"},
	};

	reset();
	CHECK(hcl_parse(&f, &arena, "t.tf", "a = 1\nb = 2\n", 12, NULL, &errs) == 0);
	a = hcl_body_attr(f.body, "b");
	CHECK(a && a->expr->kind == HCL_LITERAL && strcmp(a->expr->lit.text, "2") == 0);
	CHECK(hcl_body_attr(f.body, "c") == NULL);
	CHECK(hcl_body_attr(NULL, "c") == NULL);
	CHECK(f.path && strcmp(f.path, "t.tf") == 0 && f.len == 12 && !f.json);
	CHECK(f.body->attrs[0].expr->range.file == f.path);

	for (size_t i = 0; i < ARRAY_SIZE(traversal_text); i++) {
		struct hcl_expr *e;
		reset();
		e = hcl_parse_expr(&arena, "t", traversal_text[i].in, strlen(traversal_text[i].in), NULL,
				   &errs);
		CHECK(e != NULL);
		CHECK_STR(hcl_expr_traversal_text(&arena, e), traversal_text[i].want);
	}
	for (const char *const *s = (const char *const[]){"f(x)", "a[b]", "\"x\"", "a[*].b", "1",
							    "a + b", NULL}; *s; s++) {
		struct hcl_expr *e;
		reset();
		e = hcl_parse_expr(&arena, "t", *s, strlen(*s), NULL, &errs);
		CHECK(e != NULL && hcl_expr_traversal_text(&arena, e) == NULL);
	}
	CHECK(hcl_expr_traversal_text(&arena, NULL) == NULL);
}

/* --- Terraform's JSON syntax -------------------------------------------- */

static void test_json(void)
{
	/* two labels; a string is a template; "//" is a comment */
	CHECK_STR(json("{\"//\": \"x\", \"resource\": {\"aws_vpc\": {\"main\": {\"//\": 1, "
		       "\"cidr_block\": \"${var.cidr}\", \"n\": 2, \"b\": true, \"z\": null}}}}"),
		  "(body (block resource \"aws_vpc\" \"main\" (body (attr cidr_block (tpl unwrap "
		  "(. (var var) cidr))) (attr n (num 2)) (attr b (true)) (attr z (null)))))");
	/* arrays repeat blocks at any level */
	CHECK_STR(json("{\"resource\": {\"t\": [{\"a\": {}}, {\"b\": [{\"x\": 1}, {\"x\": 2}]}]}}"),
		  "(body (block resource \"t\" \"a\" (body)) (block resource \"t\" \"b\" (body (attr x "
		  "(num 1)))) (block resource \"t\" \"b\" (body (attr x (num 2)))))");
	CHECK_STR(json("{\"provider\": {\"aws\": [{\"region\": \"a\"}, {\"alias\": \"w\"}]}}"),
		  "(body (block provider \"aws\" (body (attr region (tpl (str \"a\"))))) (block provider "
		  "\"aws\" (body (attr alias (str \"w\")))))");
	/* variable: type is a type expression, default and description literal */
	CHECK_STR(json("{\"variable\": {\"v\": {\"type\": \"map(string)\", \"default\": {\"k\": "
		       "\"${x}\"}, \"description\": \"${d}\", \"validation\": {\"condition\": "
		       "\"${true}\"}}}}"),
		  "(body (block variable \"v\" (body (attr type (call map (var string))) (attr default "
		  "(object (item (str \"k\") (str \"${x}\")))) (attr description (str \"${d}\")) (block "
		  "validation (body (attr condition (tpl unwrap (true))))))))");
	/* references written as strings are parsed as expressions */
	CHECK_STR(json("{\"resource\": {\"t\": {\"n\": {\"provider\": \"aws.west\", \"depends_on\": "
		       "[\"a.b\", \"c\"], \"lifecycle\": {\"ignore_changes\": \"all\"}}}}}"),
		  "(body (block resource \"t\" \"n\" (body (attr provider (. (var aws) west)) (attr "
		  "depends_on (tuple (. (var a) b) (var c))) (block lifecycle (body (attr ignore_changes "
		  "(var all)))))))");
	/* dynamic blocks and their content */
	CHECK_STR(json("{\"resource\": {\"t\": {\"n\": {\"dynamic\": {\"ingress\": {\"for_each\": "
		       "\"${var.r}\", \"iterator\": \"r\", \"content\": {\"port\": \"${r.value}\"}}}}}}}"),
		  "(body (block resource \"t\" \"n\" (body (block dynamic \"ingress\" (body (attr for_each "
		  "(tpl unwrap (. (var var) r))) (attr iterator (var r)) (block content (body (attr port "
		  "(tpl unwrap (. (var r) value))))))))))");
	/* the nested blocks of the resources cidrlint reads; [] and a string
	 * stay arguments */
	CHECK_STR(json("{\"resource\": {\"aws_security_group\": {\"s\": {\"ingress\": [{\"p\": 1}, "
		       "{\"p\": 2}], \"egress\": []}, \"t\": {\"ingress\": \"${x}\"}}, \"other\": {\"o\": "
		       "{\"ingress\": {\"p\": 1}}}}}"),
		  "(body (block resource \"aws_security_group\" \"s\" (body (attr egress (tuple)) (block "
		  "ingress (body (attr p (num 1)))) (block ingress (body (attr p (num 2)))))) (block "
		  "resource \"aws_security_group\" \"t\" (body (attr ingress (tpl unwrap (var x))))) "
		  "(block resource \"other\" \"o\" (body (attr ingress (object (item (tpl (str \"p\")) "
		  "(num 1)))))))");
	/* module source literal; providers: literal keys, reference values */
	CHECK_STR(json("{\"module\": {\"m\": {\"source\": \"./${x}\", \"providers\": {\"aws\": "
		       "\"aws.w\"}}}}"),
		  "(body (block module \"m\" (body (attr source (str \"./${x}\")) (attr providers (object "
		  "(item (str \"aws\") (. (var aws) w)))))))");
	/* terraform: all literal */
	CHECK_STR(json("{\"terraform\": {\"required_version\": \">= ${1}\", \"backend\": {\"s3\": "
		       "{\"key\": \"${k}\"}}, \"required_providers\": {\"aws\": {\"source\": \"a\"}}}}"),
		  "(body (block terraform (body (attr required_version (str \">= ${1}\")) (block backend "
		  "\"s3\" (body (attr key (str \"${k}\")))) (block required_providers (body (attr aws "
		  "(object (item (str \"source\") (str \"a\")))))))))");
	/* locals: templates, keys of object values too; "//" is a real key there */
	CHECK_STR(json("{\"locals\": {\"a\": \"x-${y}\", \"o\": {\"${k}\": 1, \"//\": 2}, "
		       "\"l\": [1, \"${z}\"]}}"),
		  "(body (block locals (body (attr a (tpl (str \"x-\") (var y))) (attr o (object (item "
		  "(tpl unwrap (var k)) (num 1)) (item (tpl (str \"//\")) (num 2)))) (attr l (tuple "
		  "(num 1) (tpl unwrap (var z)))))))");
	/* moved, import, removed, check */
	CHECK_STR(json("{\"moved\": [{\"from\": \"a.b\", \"to\": \"a.c\"}], \"import\": {\"to\": "
		       "\"a.c\", \"id\": \"i-${x}\"}, \"check\": {\"h\": {\"assert\": {\"condition\": "
		       "\"${c}\"}}}}"),
		  "(body (block moved (body (attr from (. (var a) b)) (attr to (. (var a) c)))) (block "
		  "import (body (attr to (. (var a) c)) (attr id (tpl (str \"i-\") (var x))))) (block "
		  "check \"h\" (body (block assert (body (attr condition (tpl unwrap (var c))))))))");
	/* .tfvars.json: every value literal */
	CHECK_STR(json_mode("{\"//\": \"c\", \"a\": \"${x}\", \"b\": [1, {\"c\": \"d\"}]}",
			    HCL_JSON_VARS, false),
		  "(body (attr a (str \"${x}\")) (attr b (tuple (num 1) (object (item (str \"c\") "
		  "(str \"d\"))))))");

	/*
	 * Places inside a string, escapes mapped back to the file:
	 * {"locals": {"a": "\u00e9${x}"}}
	 * bytes: { 0, "locals" 1-8, : 9, { 11, "a" 12-14, : 15, the string's
	 * quote 17, \u00e9 18-23, $ 24, { 25, x 26, } 27, quote 28, end 29;
	 * columns are bytes + 1 (all ASCII)
	 */
	CHECK_STR(json_r("{\"locals\": {\"a\": \"\\u00e9${x}\"}}"),
		  "(body @1:1:0-1:32:31 (block locals @1:2:1-1:31:30 @1:2:1-1:10:9 (body "
		  "@1:12:11-1:31:30 (attr a @1:13:12-1:30:29 @1:13:12-1:16:15 (tpl "
		  "@1:18:17-1:30:29 (str \"\xc3\xa9\" @1:19:18-1:25:24) (var x @1:27:26-1:28:27))))))");
	/* {"locals": {"a": "\t\"${x}", ...: \t 18-19, \" 20-21, $ 22, x at 24 */
	CHECK_STR(json_r("{\"locals\": {\"a\": \"\\t\\\"${x}\"}}"),
		  "(body @1:1:0-1:30:29 (block locals @1:2:1-1:29:28 @1:2:1-1:10:9 (body "
		  "@1:12:11-1:29:28 (attr a @1:13:12-1:28:27 @1:13:12-1:16:15 (tpl @1:18:17-1:28:27 "
		  "(str \"\\t\\\"\" @1:19:18-1:23:22) (var x @1:25:24-1:26:25))))))");
	/* a surrogate pair, 12 characters for one: \ud83c\udf10 at bytes
	 * 18-29, $ 30, { 31, x 32 (col 33), the closing quote 34 */
	CHECK_STR(json_r("{\"locals\": {\"a\": \"\\ud83c\\udf10${x}\"}}"),
		  "(body @1:1:0-1:38:37 (block locals @1:2:1-1:37:36 @1:2:1-1:10:9 (body "
		  "@1:12:11-1:37:36 (attr a @1:13:12-1:36:35 @1:13:12-1:16:15 (tpl @1:18:17-1:36:35 "
		  "(str \"\xf0\x9f\x8c\x90\" @1:19:18-1:31:30) (var x @1:33:32-1:34:33))))))");
	/* {"resource": {"t": {"n": {"provider": "aws.west"}}}}: "resource"
	 * bytes 1-10, "t" 14-16, "n" 20-22, the body's { 25, "provider"
	 * 26-35, the string's quote 38, aws 39-41, . 42, west 43-46, the
	 * closing quote 47, the body's } 48 */
	CHECK_STR(json_r("{\"resource\": {\"t\": {\"n\": {\"provider\": \"aws.west\"}}}}"),
		  "(body @1:1:0-1:53:52 (block resource (\"t\" @1:15:14-1:18:17) (\"n\" @1:21:20-1:24:23) "
		  "@1:2:1-1:50:49 @1:2:1-1:12:11 (body @1:26:25-1:50:49 (attr provider @1:27:26-1:49:48 "
		  "@1:27:26-1:37:36 (. @1:40:39-1:48:47 (var aws @1:40:39-1:43:42) west "
		  "@1:44:43-1:48:47)))))");
	/* and on a later line: line 2 starts at byte 2, "locals" at cols
	 * 1-8, { at col 11 (byte 12), the string's quote at col 17 (byte 18),
	 * x at col 20 (byte 21) */
	CHECK_STR(json_r("{\n\"locals\": {\"a\": \"${x}\"}}"),
		  "(body @1:1:0-2:25:26 (block locals @2:1:2-2:24:25 @2:1:2-2:9:10 (body @2:11:12-2:24:25 "
		  "(attr a @2:12:13-2:23:24 @2:12:13-2:15:16 (tpl unwrap @2:17:18-2:23:24 "
		  "(var x @2:20:21-2:21:22))))))");

	/* errors, positioned */
	CHECK_STR(json("{\"a\": 1,}"), "1:9: invalid JSON: expected a string key");
	CHECK_STR(json("[1]"), "1:1: expected a JSON object at the top of a Terraform JSON file, found a list");
	CHECK_STR(json(""), "1:1: invalid JSON: unexpected end of input");
	/* {"locals": {"a": 1, "a": 2}}: the second "a" at col 21 */
	CHECK_STR(json("{\"locals\": {\"a\": 1, \"a\": 2}}"), "1:21: attribute 'a' redefined (first at t.tf.json:1:13)");
	/* {"resource": {"aws_vpc": "x"}}: "x" at col 26 */
	CHECK_STR(json("{\"resource\": {\"aws_vpc\": \"x\"}}"), "1:26: expected an object for the block 'resource', found a string");
	CHECK_STR(json("{\"resource\": {\"a\": [1]}}"), "1:21: expected an object in the array of blocks 'resource'");
	/* {"locals": {"a": "${x +}"}}: the string at col 18, $ 19, { 20, x 21,
	 * space 22, + 23, } 24 */
	CHECK_STR(json("{\"locals\": {\"a\": \"${x +}\"}}"), "1:24: expected an expression, found '}'");
	/* {"locals": {"a": "\u00e9\t${x.}"}}: \u00e9 19-24, \t 25-26, $ 27,
	 * { 28, x 29, . 30, } 31 */
	CHECK_STR(json("{\"locals\": {\"a\": \"\\u00e9\\t${x.}\"}}"), "1:31: expected an attribute name after '.', found '}'");
	/* the end of the string is its closing quote: col 44 */
	CHECK_STR(json("{\"resource\": {\"t\": {\"n\": {\"provider\": \"aws.\"}}}}"), "1:44: expected an attribute name after '.', found the end of the string");
	CHECK_STR(json("{\"locals\": {\"a\": \"%{if x}\"}}"), "1:19: the 'if' directive has no 'endif'");
	/* the nesting bound, with JSON too */
	{
		char *deep = malloc(1001);
		memset(deep, '[', 1000);
		deep[1000] = '\0';
		CHECK_STR(json(deep), "1:257: nesting is deeper than 256 levels");
		free(deep);
	}
}

int main(void)
{
	arena_init(&arena);
	errlist_init(&errs);
	sbuf_init(&out, 0);

	run("expression", expr, literals, ARRAY_SIZE(literals));
	run("expression", expr, precedence, ARRAY_SIZE(precedence));
	run("expression", expr, traversals, ARRAY_SIZE(traversals));
	run("expression", expr, collections, ARRAY_SIZE(collections));
	run("expression", expr, templates, ARRAY_SIZE(templates));
	run("file", file, files, ARRAY_SIZE(files));
	test_positions();
	test_errors();
	test_depth();
	test_helpers();
	test_json();

	sbuf_release(&out);
	errlist_release(&errs);
	arena_release(&arena);
	return test_done("u-hcl");
}
