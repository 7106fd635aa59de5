/*
 * u-linehash.c: linehash against vectors, plus the properties the SARIF
 * writer relies on.
 *
 *   u-linehash VECTORS.json...
 *
 * Each file holds {"vectors": [{"input" or "input_hex", "hashes"}]}: our
 * own (tests/unit/linehash-vectors.json, computed by tests/sarif/
 * ghlinehash.py, a Python port of codeql-action's fingerprints.ts), and
 * where the shared corpus is present GitHub's own test vectors
 * (src/fingerprints.test.ts, as github-line-hash-vectors.json), which the
 * port is checked against too.
 */
#include "linter/linehash.h"
#include "policies/base.h"
#include "test.h"

#include <cJSON.h>
#include <stdlib.h>

/* Every hash of one vector, in order, and no more and no fewer lines. */
static void check_vector(size_t k, const char *input, size_t len, const cJSON *want)
{
	struct linehash lh;
	char buf[LINEHASH_STRLEN];
	size_t n = (size_t)cJSON_GetArraySize(want);

	linehash_compute(&lh, input, len);
	test_checks++;
	if (lh.n != n) {
		test_failures++;
		fprintf(stderr, "vector %zu: %zu lines, want %zu\n", k, lh.n, n);
	}
	for (size_t i = 0; i < n && i < lh.n; i++) {
		const cJSON *w = cJSON_GetArrayItem(want, (int)i);
		const char *got = linehash_format(&lh, i + 1, buf);

		test_checks++;
		if (!cJSON_IsString(w) || !got || strcmp(got, w->valuestring) != 0) {
			test_failures++;
			fprintf(stderr, "vector %zu line %zu: got '%s', want '%s'\n", k, i + 1,
				got ? got : "(none)", cJSON_IsString(w) ? w->valuestring : "?");
		}
	}
	linehash_release(&lh);
}

static int check_vectors(const char *path)
{
	const char *why;
	size_t len;
	char *text = file_read_all(path, 16u << 20, &len, &why);
	cJSON *root, *vectors, *v;
	size_t k = 0;

	if (!text) {
		fprintf(stderr, "u-linehash: cannot read %s: %s\n", path, why);
		return -1;
	}
	root = cJSON_ParseWithLength(text, len);
	free(text);
	vectors = cJSON_GetObjectItemCaseSensitive(root, "vectors");
	CHECK(cJSON_IsArray(vectors) && cJSON_GetArraySize(vectors) > 0);
	cJSON_ArrayForEach(v, vectors)
	{
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "input");
		const cJSON *hex = cJSON_GetObjectItemCaseSensitive(v, "input_hex");
		const cJSON *hashes = cJSON_GetObjectItemCaseSensitive(v, "hashes");

		CHECK((cJSON_IsString(in) || cJSON_IsString(hex)) && cJSON_IsArray(hashes));
		if (cJSON_IsString(in) && cJSON_IsArray(hashes)) {
			check_vector(k, in->valuestring, strlen(in->valuestring), hashes);
		} else if (cJSON_IsString(hex) && cJSON_IsArray(hashes)) {
			size_t n = strlen(hex->valuestring) / 2;
			char *bytes = xmalloc(n + 1);
			for (size_t i = 0; i < n; i++) {
				unsigned b = 0;
				sscanf(hex->valuestring + 2 * i, "%2x", &b);
				bytes[i] = (char)b;
			}
			check_vector(k, bytes, n, hashes);
			free(bytes);
		}
		k++;
	}
	printf("u-linehash: %zu vectors from %s\n", k, path);
	cJSON_Delete(root);
	return 0;
}

static char *hash_of(const char *text, size_t line)
{
	struct linehash lh;
	char buf[LINEHASH_STRLEN];
	char *out;

	linehash_compute(&lh, text, strlen(text));
	out = linehash_format(&lh, line, buf) ? xstrdup(buf) : NULL;
	linehash_release(&lh);
	return out;
}

/* What the SARIF writer relies on beyond the vectors. */
static void check_properties(void)
{
	struct linehash lh;
	char buf[LINEHASH_STRLEN];
	char *a, *b;

	/* one hash per line, the line after a final newline included */
	linehash_compute(&lh, "a\nb\r\nc\rd\n", 9);
	CHECK(lh.n == 5);
	CHECK(linehash_format(&lh, 0, buf) == NULL);
	CHECK(linehash_format(&lh, 6, buf) == NULL);
	CHECK(linehash_format(&lh, 5, buf) != NULL);
	linehash_release(&lh);

	/* indentation does not change a line's hash; a later edit far away
	 * (past 100 characters) does not either */
	a = hash_of("x: 1\n  CidrBlock: 10.0.0.0/16\n", 2);
	b = hash_of("x: 1\n\tCidrBlock:   10.0.0.0/16\n", 2);
	CHECK(a && b && strcmp(a, b) == 0);
	free(a);
	free(b);

	/* non-ASCII is hashed as UTF-16 code units: U+00E9 is one unit, so it
	 * differs from the two bytes read as Latin-1, and a 4-byte character
	 * is two units; invalid bytes still give one hash per line */
	a = hash_of("caf\xc3\xa9\n", 1);
	b = hash_of("caf\xc3\x83\xc2\xa9\n", 1);
	CHECK(a && b && strcmp(a, b) != 0);
	free(a);
	free(b);
	linehash_compute(&lh, "\xf0\x9f\x98\x80\n\xff\xfe\n\xe2\x82\n", 12);
	CHECK(lh.n == 4);
	linehash_release(&lh);
}

/* The UTF-16 length SARIF columns are counted in. */
static void check_utf16(void)
{
	CHECK(linehash_utf16_len("", 0) == 0);
	CHECK(linehash_utf16_len("abc", 3) == 3);
	CHECK(linehash_utf16_len("caf\xc3\xa9", 5) == 4);           /* U+00E9: one unit */
	CHECK(linehash_utf16_len("\xe2\x98\x83", 3) == 1);           /* U+2603: one unit */
	CHECK(linehash_utf16_len("\xf0\x9f\x98\x80x", 5) == 3);      /* U+1F600: two units */
	CHECK(linehash_utf16_len("\xff\xfe", 2) == 2);                /* each an U+FFFD */
	CHECK(linehash_utf16_len("\xe2\x82", 2) == 1);                /* one cut sequence */
	CHECK(linehash_utf16_len("\xed\xa0\x80", 3) == 3);           /* no surrogates in UTF-8 */
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: u-linehash VECTORS.json...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (check_vectors(argv[i]))
			return 1;
	check_properties();
	check_utf16();
	return test_done("u-linehash");
}
