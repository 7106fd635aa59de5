/*
 * u-linehash.c: linehash against GitHub's own test vectors (codeql-action
 * src/fingerprints.test.ts, kept in the shared corpus as
 * github-line-hash-vectors.json), plus the properties the SARIF writer
 * relies on.  The vectors are read at run time from argv[1]; without them
 * the test reports itself skipped (exit 77), as in a user's clone.
 *
 *   u-linehash PATH/github-line-hash-vectors.json
 */
#include "linter/linehash.h"
#include "policies/base.h"
#include "test.h"

#include <cJSON.h>
#include <stdlib.h>

#define TEST_SKIP 77

/* Every hash of one vector, in order, and no more and no fewer lines. */
static void check_vector(size_t k, const char *input, const cJSON *want)
{
	struct linehash lh;
	char buf[LINEHASH_STRLEN];
	size_t n = (size_t)cJSON_GetArraySize(want);

	linehash_compute(&lh, input, strlen(input));
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
		printf("u-linehash: skipped: cannot read %s: %s\n", path, why);
		return TEST_SKIP;
	}
	root = cJSON_ParseWithLength(text, len);
	free(text);
	vectors = cJSON_GetObjectItemCaseSensitive(root, "vectors");
	CHECK(cJSON_IsArray(vectors) && cJSON_GetArraySize(vectors) > 0);
	cJSON_ArrayForEach(v, vectors)
	{
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "input");
		const cJSON *hashes = cJSON_GetObjectItemCaseSensitive(v, "hashes");

		CHECK(cJSON_IsString(in) && cJSON_IsArray(hashes));
		if (cJSON_IsString(in) && cJSON_IsArray(hashes))
			check_vector(k, in->valuestring, hashes);
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

int main(int argc, char **argv)
{
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: u-linehash PATH/github-line-hash-vectors.json\n");
		return 2;
	}
	rc = check_vectors(argv[1]);
	if (rc == TEST_SKIP)
		return rc;
	check_properties();
	return test_done("u-linehash");
}
