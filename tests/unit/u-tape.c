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

	/* a copy of exactly n bytes: a read past the end of the text (the
	 * 16-byte and 8-byte loads of a string) is a fault under ASan */
	char *c = xmalloc(n ? n : 1);

	memcpy(c, s, n);
	jtape_init(&tp);
	arena_reset(&strings);
	if (!jtape_parse(&tp, c, c + n, &vend)) {
		CHECK_INT(tp.n, 0);
		jtape_release(&tp);
		free(c);
		return 0;
	}
	j = cJSON_ParseWithLengthOpts(c, n, &cend, 0);
	r = j && cend == vend && same(&tp, 0, j) && jscan_find_nul(c, vend) == NULL ? 1 : -1;
	if (r < 0)
		fprintf(stderr, "tape and cJSON differ on: %.*s\n", (int)n, s);
	cJSON_Delete(j);
	jtape_release(&tp);
	free(c);
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

/*
 * A string's plain run is scanned 16 bytes (SSE2) or 8 bytes at a time:
 * a byte that ends it or is refused is put at every place of strings of
 * up to 40 bytes, so that it falls in the first and later blocks, on
 * their boundaries and in the byte tail, with the string at the very end
 * of the text (check_text's copy ends at its last byte).
 */
static void test_runs(void)
{
	char s[64], want[64];
	struct jtape tp;
	const char *vend;

	for (size_t len = 0; len <= 40; len++) {
		/* plain, then cut before its closing quote, then ending in a
		 * backslash that escapes nothing */
		s[0] = '"';
		memset(s + 1, 'a', len);
		s[len + 1] = '"';
		CHECK_INT(check_text(s, len + 2), 1);
		CHECK_INT(check_text(s, len + 1), 0);
		s[len + 1] = '\\';
		CHECK_INT(check_text(s, len + 2), 0);
		for (size_t i = 0; i < len; i++) {
			/* bytes the run takes as they are (0x7f and the high
			 * ones are not control characters) and those it refuses */
			static const struct {
				unsigned char c;
				int taken;
			} bytes[] = {{0x20, 1}, {0x7f, 1}, {0x80, 1}, {0xa0, 1}, {0xdf, 1}, {0xff, 1},
				     {0x00, 0}, {0x01, 0}, {0x09, 0}, {0x0a, 0}, {0x1f, 0}};
			for (size_t b = 0; b < ARRAY_SIZE(bytes); b++) {
				memset(s + 1, 'a', len);
				s[len + 1] = '"';
				s[1 + i] = (char)bytes[b].c;
				CHECK_INT(check_text(s, len + 2), bytes[b].taken);
			}
			/* a quote inside: the string ends there */
			memset(s + 1, 'a', len);
			s[1 + i] = '"';
			jtape_init(&tp);
			CHECK(jtape_parse(&tp, s, s + len + 2, &vend) && vend == s + i + 2);
			jtape_release(&tp);
			/* an escape at i: "a..a\na..a" decodes to a newline at i */
			memset(s + 1, 'a', len + 1);
			s[1 + i] = '\\';
			s[2 + i] = 'n';
			s[len + 2] = '"';
			memset(want, 'a', len);
			want[i] = '\n';
			want[len] = '\0';
			CHECK_INT(check_text(s, len + 3), 1);
			jtape_init(&tp);
			CHECK(jtape_parse(&tp, s, s + len + 3, &vend) && tp.t[0].esc);
			CHECK_STR(jtape_string(&tp, 0, &strings), want);
			jtape_release(&tp);
		}
	}
	/* literals told by their first byte, cut at the end of the text or
	 * followed by more than they are */
	CHECK_INT(check("t"), 0);
	CHECK_INT(check("fals"), 0);
	CHECK_INT(check("nul"), 0);
	CHECK_INT(check("[nullx]"), 0);
	CHECK_INT(check("[falsy]"), 0);
	CHECK_INT(check("[trUe]"), 0);
	CHECK_INT(check("[true,false,null]"), 1);
}

/* jtape_get compares a key's length and first four bytes before the
 * rest, and steps over a scalar value without reading its end: keys
 * shorter than, as long as and longer than four bytes that share their
 * first ones, members whose values are containers, escaped keys. */
static void test_keys(void)
{
	const char *s = "{\"\":0,\"a\":1,\"ab\":2,\"abc\":[3,[4]],\"abcd\":{\"abcd\":5},"
			"\"abcde\":6,\"abcdf\":7,\"abcdefghij\":8,\"abcdefghik\":9,"
			"\"x\\u0079z\":10,\"\\u0061bcdef\":11,\"abcdeg\":12,\"a\":13}";
	/* each key and the number it names (-1: not a member) */
	static const struct {
		const char *key;
		int want;
	} cases[] = {
		{"", 0},           {"a", 1},          {"ab", 2},          {"abcde", 6},
		{"abcdf", 7},      {"abcdefghij", 8}, {"abcdefghik", 9},  {"xyz", 10},
		{"abcdef", 11},    {"abcdeg", 12},    {"abcdefghi", -1},  {"abcdefghijk", -1},
		{"b", -1},         {"abce", -1},      {"x\\u0079z", -1}, {"xy", -1},
	};
	struct jtape tp;
	const char *vend;
	size_t v;

	jtape_init(&tp);
	CHECK(jtape_parse(&tp, s, s + strlen(s), &vend));
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		v = jtape_get(&tp, 0, cases[i].key);
		if (cases[i].want < 0) {
			CHECK(v == JT_NONE);
		} else {
			CHECK(jtape_is(&tp, v, JT_NUMBER));
			if (jtape_is(&tp, v, JT_NUMBER))
				CHECK_INT((int)jtape_number(&tp, v), cases[i].want);
		}
	}
	/* containers stepped over whole, and found */
	CHECK(jtape_is(&tp, jtape_get(&tp, 0, "abc"), JT_ARRAY));
	v = jtape_get(&tp, 0, "abcd");
	CHECK(jtape_is(&tp, v, JT_OBJECT));
	CHECK_INT((int)jtape_number(&tp, jtape_get(&tp, v, "abcd")), 5);
	CHECK(jtape_get(&tp, v, "abc") == JT_NONE);
	jtape_release(&tp);
	/* a key's first bytes are read before what follows it is: a text
	 * cut just after a short key (an exact-size copy) is refused */
	CHECK_INT(check("{\"\""), 0);
	CHECK_INT(check("{\"a\""), 0);
	CHECK_INT(check("{\"ab\""), 0);
	CHECK_INT(check("{\"abcde\""), 0);
}

/* Random texts from JSON's pieces, some mutated: never taken wrongly. */
/* The key mask: every member's bit is in it; a key whose bit is not is
 * not a member; an escaped key or a value that is no object gives all
 * bits (worked by hand from jtape_key_bit's formula). */
static void test_key_mask(void)
{
	const char *s = "{\"cidr_block\":1,\"id\":{\"x\":2},\"\":3}";
	const char *e = "{\"a\\u0062\":1}", *arr = "[1,2]", *vend;
	struct jtape tp;
	uint64_t m;

	jtape_init(&tp);
	CHECK(jtape_parse(&tp, s, s + strlen(s), &vend));
	m = jtape_key_mask(&tp, 0);
	CHECK(m == (jtape_key_bit("cidr_block", 10) | jtape_key_bit("id", 2) | jtape_key_bit("", 0)));
	/* "" is bit 0; "id": 2*11 + 'i'*3 + 'd' = 22 + 315 + 100 = 437 -> bit 53 */
	CHECK(jtape_key_bit("", 0) == 1 && jtape_key_bit("id", 2) == (uint64_t)1 << 53);
	/* "x" is a key of the inner object only: its bit (11 + 360 + 120 =
	 * 491 -> 43) is not in the outer mask */
	CHECK(jtape_key_bit("x", 1) == (uint64_t)1 << 43 && !(m & jtape_key_bit("x", 1)));
	CHECK(jtape_key_mask(&tp, jtape_get(&tp, 0, "id")) == jtape_key_bit("x", 1));
	CHECK(jtape_parse(&tp, e, e + strlen(e), &vend));
	CHECK(jtape_key_mask(&tp, 0) == ~(uint64_t)0);
	CHECK(jtape_parse(&tp, arr, arr + strlen(arr), &vend));
	CHECK(jtape_key_mask(&tp, 0) == ~(uint64_t)0 && jtape_key_mask(&tp, JT_NONE) == ~(uint64_t)0);
	jtape_release(&tp);
}

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
	test_runs();
	test_keys();
	test_key_mask();
	test_random();
	arena_release(&strings);
	return test_done("u-tape");
}
