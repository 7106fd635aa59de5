/*
 * u-tape.c: the JSON tape (parsers/jsontape.h) against cJSON as the
 * oracle: every value the tape takes, cJSON reads to the same tree (types,
 * keys in order, decoded strings byte for byte, numbers), and the forms
 * the tape must leave to cJSON are refused.  Hand cases, then random
 * texts built from JSON's own pieces and mutated.
 */
#include "parsers/jsonscan.h"
#include "parsers/jsontape.h"
#include "policies/base.h"
#include "test.h"

#include <cJSON.h>
#include <stdlib.h>

static struct arena strings;

/* Does token i of tp (and all inside it) read as cJSON node j? */
static bool same(const struct jtape *tp, size_t i, const cJSON *j)
{
	const cJSON *c;
	size_t k;

	switch (tp->t[i].type) {
	case JT_NULL:
		return cJSON_IsNull(j);
	case JT_TRUE:
		return cJSON_IsTrue(j);
	case JT_FALSE:
		return cJSON_IsFalse(j);
	case JT_NUMBER:
		return cJSON_IsNumber(j) && jtape_number(tp, i) == j->valuedouble;
	case JT_STRING:
		return cJSON_IsString(j) && strcmp(jtape_string(tp, i, &strings), j->valuestring) == 0;
	case JT_ARRAY:
		if (!cJSON_IsArray(j) || jtape_count(tp, i) != (size_t)cJSON_GetArraySize(j))
			return false;
		for (k = jtape_first(tp, i), c = j->child; k != JT_NONE;
		     k = jtape_next_elem(tp, i, k), c = c->next)
			if (!same(tp, k, c))
				return false;
		return true;
	case JT_OBJECT:
		if (!cJSON_IsObject(j) || jtape_count(tp, i) != (size_t)cJSON_GetArraySize(j))
			return false;
		for (k = jtape_first(tp, i), c = j->child; k != JT_NONE;
		     k = jtape_next_member(tp, i, k), c = c->next)
			if (strcmp(jtape_string(tp, k, &strings), c->string) != 0 || !same(tp, k + 1, c))
				return false;
		return true;
	}
	return false;
}

/* 1: the tape took it and cJSON agrees; 0: refused; -1: took it wrongly. */
static int check_text(const char *s, size_t n)
{
	struct jtape tp;
	const char *vend = NULL, *cend = NULL;
	cJSON *j;
	int r;

	jtape_init(&tp);
	arena_reset(&strings);
	if (!jtape_parse(&tp, s, s + n, &vend)) {
		CHECK_INT(tp.n, 0);
		jtape_release(&tp);
		return 0;
	}
	j = cJSON_ParseWithLengthOpts(s, n, &cend, 0);
	r = j && cend == vend && same(&tp, 0, j) && jscan_find_nul(s, vend) == NULL ? 1 : -1;
	if (r < 0)
		fprintf(stderr, "tape and cJSON differ on: %.*s\n", (int)n, s);
	cJSON_Delete(j);
	jtape_release(&tp);
	return r;
}

static int check(const char *s)
{
	return check_text(s, strlen(s));
}

static void test_cases(void)
{
	static const char *const taken[] = {
		"{}", "[]", "0", "-0", "1.5e-3", "-12.25E+2", "\"\"", "true", "false", "null",
		"{\"a\":1,\"b\":[true,false,null,\"x\"],\"c\":{\"d\":{}}}",
		"{ \"a\" : [ 1 , 2 ] , \"b\" : \"\\\"\\\\\\/\\b\\f\\n\\r\\t\" }",
		"\"\\u00e9\\u20ac\\ud83d\\ude00 caf\xc3\xa9\"", /* escapes and raw UTF-8 */
		"\"\xff\xfe raw bytes that are not UTF-8\"",
		"{\"a\":1,\"a\":2}",                              /* repeated: cJSON keeps both */
		"{\"k\\u0065y\":\"v\"}",                          /* an escaped key */
		"[[[[[[[[[[]]]]]]]]]]",
		"123456789012345678901234567890123456789012345678901234567890123", /* 63 */
	};
	static const char *const refused[] = {
		"", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[1 2]", "01", "1.", ".5", "1e",
		"+1", "tru", "nul", "[truex]", "[01]", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"",
		"\"\\u0000\"",                /* cJSON would cut the string: jscan_parse refuses it */
		"\"\\ud800\"", "\"\\udc00\"", /* lone surrogates cJSON refuses */
		"\"\\ud800\\u0041\"", "\"a\tb\"", "\"a\nb\"", "[1,\v2]",
		"1234567890123456789012345678901234567890123456789012345678901234", /* 64: cJSON cuts */
	};
	static const char trailing[] = "[1]x";
	char deep[1200];
	int n;
	struct jtape tp;
	const char *vend;

	for (size_t i = 0; i < ARRAY_SIZE(taken); i++)
		CHECK_INT(check(taken[i]), 1);
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++)
		CHECK_INT(check(refused[i]), 0);
	/* the value is [1]: what follows it is the caller's */
	jtape_init(&tp);
	CHECK(jtape_parse(&tp, trailing, trailing + 4, &vend) && vend == trailing + 3);
	jtape_release(&tp);
	/* a raw NUL inside a string is a control character: refused */
	CHECK_INT(check_text("\"a\0b\"", 5), 0);
	/* nesting: 512 levels taken, 513 left to cJSON (which says why) */
	for (n = 0; n < 512; n++)
		deep[n] = '[';
	for (; n < 1024; n++)
		deep[n] = ']';
	CHECK_INT(check_text(deep, 1024), 1);
	memmove(deep + 1, deep, 1024);
	deep[0] = '[';
	deep[1025] = ']';
	CHECK_INT(check_text(deep, 1026), 0);
}

static void test_get(void)
{
	const char *s = "{\"after\":{\"cidr_block\":\"10.0.0.0/16\",\"tags\":{\"Name\":\"a\\\"b\"}},"
			"\"ke\\u0079\":true,\"after\":null}";
	struct jtape tp;
	const char *vend;
	size_t after, tags;

	jtape_init(&tp);
	CHECK(jtape_parse(&tp, s, s + strlen(s), &vend));
	after = jtape_get(&tp, 0, "after");
	CHECK(jtape_is(&tp, after, JT_OBJECT)); /* the first of a repeated key */
	CHECK_STR(jtape_string(&tp, jtape_get(&tp, after, "cidr_block"), &strings), "10.0.0.0/16");
	tags = jtape_get(&tp, after, "tags");
	CHECK_STR(jtape_string(&tp, jtape_get(&tp, tags, "Name"), &strings), "a\"b");
	CHECK(jtape_is(&tp, jtape_get(&tp, 0, "key"), JT_TRUE));
	CHECK(jtape_get(&tp, 0, "missing") == JT_NONE);
	CHECK(jtape_get(&tp, JT_NONE, "after") == JT_NONE);
	CHECK(jtape_get(&tp, jtape_get(&tp, after, "cidr_block"), "x") == JT_NONE);
	CHECK(!jtape_is(&tp, JT_NONE, JT_NULL));
	CHECK_INT(jtape_count(&tp, 0), 3);
	jtape_release(&tp);
}

/* Random texts from JSON's pieces, some mutated: never taken wrongly. */
static void test_random(void)
{
	static const char *const pieces[] = {
		"{", "}", "[", "]", ",", ":", " ", "\"a\"", "\"k\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\"",
		"\"\\n\"", "\"\\ud800\"", "\"\\u0000\"", "1", "-0.5e+3", "01", "true", "null", "fals",
		"\"", "\\", "\t", "\x01", "\xc3\xa9",
	};
	char buf[256];
	int taken = 0, wrong = 0;

	srand(13);
	for (int round = 0; round < 200000; round++) {
		size_t n = 0;
		int parts = 1 + rand() % 12;
		for (int i = 0; i < parts; i++) {
			const char *p = pieces[rand() % (int)ARRAY_SIZE(pieces)];
			size_t l = strlen(p);
			if (n + l >= sizeof(buf))
				break;
			memcpy(buf + n, p, l);
			n += l;
		}
		if (n && rand() % 4 == 0)
			buf[rand() % (int)n] = (char)(rand() % 256);
		switch (check_text(buf, n)) {
		case 1: taken++; break;
		case -1: wrong++; break;
		default: break;
		}
	}
	CHECK_INT(wrong, 0);
	CHECK(taken > 1000); /* the generator does make values the tape takes */
}

int main(void)
{
	arena_init(&strings);
	test_cases();
	test_get();
	test_random();
	arena_release(&strings);
	return test_done("u-tape");
}
