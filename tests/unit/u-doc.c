/*
 * u-doc.c: the YAML and JSON readers: shapes, positions, limits, errors.
 */
#include "parsers/doc.h"
#include "parsers/jsonscan.h"
#include "tests/unit/test.h"

#include <cJSON.h>

#include <stdlib.h>
#include <string.h>

static struct doc d;
static struct errlist errs;

static struct node *yaml(const char *text)
{
	doc_release(&d);
	errlist_release(&errs);
	doc_init(&d, "t.yaml");
	if (doc_read_yaml(&d, text, strlen(text), NULL, &errs))
		return NULL;
	return d.root;
}

static struct node *json(const char *text)
{
	doc_release(&d);
	errlist_release(&errs);
	doc_init(&d, "t.json");
	if (doc_read_json(&d, text, strlen(text), NULL, &errs))
		return NULL;
	return d.root;
}

static const char *err(void)
{
	static char buf[512];
	if (!errs.n)
		return "(no error)";
	snprintf(buf, sizeof(buf), "%u:%u: %s", errs.v[0].line, errs.v[0].col, errs.v[0].msg);
	return buf;
}

static void test_yaml(void)
{
	struct node *r = yaml("Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n"
			      "    Properties:\n      CidrBlock: !Ref Cidr\n"
			      "      Ids: !GetAtt [A, B]\n      Quoted: 'true'\n      Plain: true\n");
	CHECK(r && r->kind == NODE_MAP);
	struct node *props = node_get(node_get(node_get(r, "Resources"), "VPC"), "Properties");
	struct node *c = node_get(props, "CidrBlock");
	CHECK(c && c->kind == NODE_SCALAR);
	CHECK_STR(c->tag, "!Ref");
	CHECK_STR(c->str, "Cidr");
	CHECK(c->start.line == 5 && c->start.col == 18);
	CHECK(c->start.byte == 75); /* lines of 11, 7, 24 and 16 bytes, then 17 */
	CHECK(node_text(c) == NULL); /* tagged: not plain text */
	struct node *ids = node_get(props, "Ids");
	CHECK(ids && ids->kind == NODE_SEQ && ids->n == 2);
	CHECK_STR(ids->tag, "!GetAtt");
	CHECK(node_bool(node_get(props, "Quoted")) == -1);
	CHECK(node_bool(node_get(props, "Plain")) == 1);

	/* aliases share the children, with the alias's own position; sizes
	 * count the expansion */
	r = yaml("a: &x [1, 2, 3]\nb: *x\n");
	CHECK(r && node_get(r, "a")->items == node_get(r, "b")->items);
	CHECK(r && node_get(r, "b")->start.line == 2 && node_get(r, "b")->start.col == 4);
	CHECK(r && node_get(r, "b")->end.col == 6);
	CHECK(r && r->weight == 1 + 2 + 2 * 4);

	/* merge keys (YAML 1.1): explicit keys win wherever they stand, and
	 * of a list the earlier mapping wins */
	r = yaml("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\n"
		 "c: {x: 0, <<: [*a, *b]}\nd: {<<: *b, z: 3}\ne: {<<: {w: 4}}\n");
	CHECK(r != NULL);
	struct node *m = node_get(r, "c");
	CHECK(m && m->n == 3);
	CHECK_STR(node_text(node_get(m, "x")), "0");
	CHECK_STR(node_text(node_get(m, "y")), "1");
	CHECK_STR(node_text(node_get(m, "z")), "2");
	CHECK(node_get(m, "<<") == NULL);
	m = node_get(r, "d");
	CHECK(m && m->n == 2);
	CHECK_STR(node_text(node_get(m, "y")), "2");
	CHECK_STR(node_text(node_get(m, "z")), "3");
	CHECK_STR(node_text(node_get(node_get(r, "e"), "w")), "4");
	/* a quoted '<<' is an ordinary key */
	r = yaml("a: {'<<': {x: 1}}\n");
	CHECK(r && node_get(node_get(r, "a"), "<<") != NULL);
	CHECK(yaml("a: {<<: 1}\n") == NULL);
	CHECK_STR(err(), "1:9: a merge key '<<' takes a mapping or a list of mappings");
	CHECK(yaml("a: &a [1]\nb: {<<: [*a]}\n") == NULL);
	CHECK_STR(err(), "2:9: a merge key '<<' takes a mapping or a list of mappings");

	/* many nodes and no alias: not a billion laughs */
	{
		struct sbuf big;
		sbuf_init(&big, 0);
		sbuf_addch(&big, '[');
		for (int i = 0; i < 1100000; i++)
			sbuf_add(&big, "0,", 2);
		sbuf_addch(&big, ']');
		doc_release(&d);
		errlist_release(&errs);
		doc_init(&d, "t.yaml");
		CHECK(doc_read_yaml(&d, big.buf, big.len, NULL, &errs) == 0);
		CHECK(d.root && d.root->n == 1100000);
		sbuf_release(&big);
	}

	/* billion laughs */
	const char *bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
			   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
			   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
			   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
			   "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
			   "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
	CHECK(yaml(bomb) == NULL);
	/* the 8th *e of f: 110 + 1,110 + 11,110 + 111,110 + 8 x 111,111 > 1,000,000 */
	CHECK_STR(err(), "6:36: document expands to more than 1000000 nodes through aliases");

	/* deep nesting, directly and through aliases */
	char deep[4096] = "";
	memset(deep, '[', 200);
	CHECK(yaml(deep) == NULL);
	CHECK_STR(err(), "1:129: nesting is deeper than 128 levels");

	CHECK(yaml("a: [1, 2\n") == NULL);
	CHECK(errs.n == 1 && errs.v[0].line == 2);
	CHECK(yaml("a: *nope\n") == NULL);
	CHECK_STR(err(), "1:4: unknown alias '*nope'");
	CHECK(yaml("a: 1\n---\nb: 2\n") == NULL);
	CHECK_STR(err(), "2:1: more than one YAML document");
	CHECK(yaml("") == NULL && errs.n == 0); /* empty: no root, no error */
}

static void test_json(void)
{
	struct node *r = json("{\n  \"Resources\": {\n    \"VPC\": {\"Type\": \"AWS::EC2::VPC\",\n"
			      "      \"CidrBlock\": \"10.0.0.0/16\", \"n\": -1.5e3, \"t\": true}\n  }\n}\n");
	CHECK(r && r->kind == NODE_MAP);
	struct node *vpc = node_get(node_get(r, "Resources"), "VPC");
	struct node *c = node_get(vpc, "CidrBlock");
	CHECK(c && c->start.line == 4 && c->start.col == 20);
	CHECK(c->start.byte == 75); /* lines of 2, 17 and 37 bytes, then 19 */
	CHECK_STR(node_text(c), "10.0.0.0/16");
	CHECK(node_get(vpc, "n")->style == STYLE_PLAIN);
	CHECK_STR(node_text(node_get(vpc, "n")), "-1.5e3");
	CHECK(node_bool(node_get(vpc, "t")) == 1);

	r = json("[\"a\\u00e9\\ud83d\\ude00\\n\", \"\\/\"]");
	CHECK(r && r->n == 2);
	CHECK_STR(r->items[0]->str, "a\xc3\xa9\xf0\x9f\x98\x80\n");
	CHECK_STR(r->items[1]->str, "/");
	/* columns count characters, not bytes */
	r = json("[\"\xc3\xa9\xc3\xa9\", \"x\"]");
	CHECK(r && r->items[1]->start.col == 8);
	CHECK(r->items[1]->start.byte == 9); /* ... but byte offsets count bytes */

	CHECK(json("{\"a\": 1,}") == NULL);
	CHECK_STR(err(), "1:9: invalid JSON: expected a string key");
	CHECK(json("{\"a\": 01}") == NULL);
	CHECK_STR(err(), "1:8: invalid JSON: expected ',' or '}'");
	CHECK(json("[1] x") == NULL);
	CHECK_STR(err(), "1:5: invalid JSON: unexpected text after the value");
	CHECK(json("\"\\ud800\"") == NULL);
	CHECK_STR(err(), "1:2: invalid JSON: unpaired UTF-16 surrogate in \\u escape");
	CHECK(json("[\"a\nb\"]") == NULL);
	CHECK_STR(err(), "1:4: invalid JSON: control character in a string");
	CHECK(json("") == NULL);
	CHECK_STR(err(), "1:1: invalid JSON: unexpected end of input");

	char *deep = malloc(100001);
	memset(deep, '[', 100000);
	deep[100000] = '\0';
	CHECK(json(deep) == NULL);
	CHECK_STR(err(), "1:129: nesting is deeper than 128 levels");
	free(deep);
}

/* Integers as the address plan reads them: decimal digits and nothing else. */
static void test_int(void)
{
	static const struct {
		const char *yaml;
		int ok;
		long long v;
	} cases[] = {
		{"5", 1, 5},     {"'5'", 1, 5},   {"0", 1, 0},      {"-3", 1, -3},
		{"-0", 1, 0},    {"9223372036854775807", 1, 9223372036854775807LL},
		{"-01", 0, 0},   {"010", 0, 0},   {"0x10", 0, 0},   {"+5", 0, 0},
		{"5.0", 0, 0},   {"1_0", 0, 0},   {"'\t5'", 0, 0}, {"\"5 \"", 0, 0},
		{"''", 0, 0},    {"-", 0, 0},     {"~", 0, 0},      {"[5]", 0, 0},
		{"9223372036854775808", 0, 0},    {"-9223372036854775809", 0, 0},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char text[64];
		long long v = 42;
		struct node *n;
		snprintf(text, sizeof(text), "%s\n", cases[i].yaml);
		n = yaml(text);
		CHECK(n != NULL);
		if (!n)
			continue;
		CHECK_INT(node_int(n, &v) == 0, cases[i].ok);
		CHECK_INT(v, cases[i].ok ? cases[i].v : 42);
	}
}

/* A NUL inside a string would cut it in C: every reader refuses it. */
static void test_nul(void)
{
	static const struct {
		const char *json;
		long at; /* offset jscan_find_nul reports, -1 none */
	} cases[] = {
		{"\"10.0.0.0/16\\u0000x\"", 12},
		{"\"a\\\\u0000\"", -1},      /* an escaped backslash, then text */
		{"\"a\\\\\\u0000\"", 4},   /* a backslash, then the escape */
		{"\"\\u0001\\u00000\"", 7}, /* \u0001 is not NUL; \u0000 then '0' is */
		{"[\"x\", \"\\u000\"]", -1}, /* too short to be an escape */
		{"\"\\u0000", 1},               /* unterminated still found */
	};
	struct jscan_error je;
	const char *vend;
	cJSON *j;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *s = cases[i].json, *at = jscan_find_nul(s, s + strlen(s));
		CHECK_INT(at ? at - s : -1, cases[i].at);
	}
	{
		const char raw[] = "\"ab\0c\"";
		CHECK(jscan_find_nul(raw, raw + sizeof(raw) - 1) == raw + 3);
	}
	/* jscan_parse: heap and arena trees alike */
	j = jscan_parse("{\"a\":\"x\\u0000y\"}", "{\"a\":\"x\\u0000y\"}" + 17, NULL, &vend, &je);
	CHECK(j == NULL);
	CHECK_STR(je.why, TEXT_NUL_ERROR);
	{
		const char ok[] = "{\"a\":\"x\\\\u0000y\"}";
		j = jscan_parse(ok, ok + sizeof(ok) - 1, NULL, &vend, &je);
		CHECK(j != NULL);
		CHECK_STR(cJSON_GetObjectItemCaseSensitive(j, "a")->valuestring, "x\\u0000y");
		cJSON_Delete(j);
	}
	CHECK(json("{\"CidrBlock\": \"10.0.0.0/16\\u0000x\"}") == NULL);
	CHECK_STR(err(), "1:27: invalid JSON: " TEXT_NUL_ERROR);
	CHECK(json("{\"a\": \"\\u0001\"}") != NULL);
	CHECK(yaml("CidrBlock: \"10.0.0.0/16\\0x\"\n") == NULL);
	CHECK_STR(err(), "1:12: " TEXT_NUL_ERROR);
	CHECK(yaml("CidrBlock: '10.0.0.0/16\\0x'\n") != NULL); /* single quotes: no escapes */
}

int main(void)
{
	doc_init(&d, "t");
	errlist_init(&errs);
	test_yaml();
	test_json();
	test_int();
	test_nul();
	doc_release(&d);
	errlist_release(&errs);
	return test_done("u-doc");
}
