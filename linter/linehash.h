/*
 * linehash.h: GitHub code scanning's primaryLocationLineHash, one value per
 * line of a file, so that an alert keeps its identity when lines are added
 * above it.  Reimplemented from the algorithm of github/codeql-action
 * (src/fingerprints.ts): a rolling hash over the next 100 characters that
 * are not spaces or tabs, starting at each line; CR and CRLF count as LF;
 * the text is read as UTF-8 and hashed as UTF-16 code units, as Node does.
 *
 * Ownership: a struct linehash owns its array; linehash_release() frees it.
 */
#ifndef CIDRLINT_LINEHASH_H
#define CIDRLINT_LINEHASH_H

#include <stddef.h>
#include <stdint.h>

/* "<16 hex digits>:<count>", NUL included. */
#define LINEHASH_STRLEN (16 + 1 + 20 + 1)

struct linehash_line {
	uint64_t hash;
	uint64_t count; /* 1 + the lines before this one with an equal hash */
};

struct linehash {
	struct linehash_line *v; /* v[i] is line i + 1 */
	size_t n;                /* lines: one more than the line breaks */
};

/* Hash every line of text[0..len).  Always succeeds (xmalloc aborts). */
void linehash_compute(struct linehash *lh, const char *text, size_t len);
void linehash_release(struct linehash *lh);

/*
 * The value of 1-based line as GitHub writes it, into buf; NULL when the
 * file has no such line.
 */
const char *linehash_format(const struct linehash *lh, size_t line,
			    char buf[LINEHASH_STRLEN]);

/*
 * The length of text[0..len) in UTF-16 code units, as JavaScript's
 * String.length counts it after Node decodes the bytes: the unit GitHub
 * counts SARIF columns in, whatever columnKind says.
 */
size_t linehash_utf16_len(const char *text, size_t len);

#endif
