/*
 * regex.h: every regular expression cidrlint runs goes through here, so
 * that each match is bounded and each allocation goes through base.h's
 * allocator (a PCRE2 general context built on it).
 *
 * A pattern comes from the address plan or from cidrlint itself, and its
 * subject from any input, so a match must end in bounded time and memory
 * whatever both hold.  A match that hits a limit is an error, never a
 * "no match": the caller reports it.
 *
 * Ownership: a pcre2_code from regex_compile() is freed with
 * pcre2_code_free() (it remembers its allocator).
 */
#ifndef CIDRLINT_REGEX_H
#define CIDRLINT_REGEX_H

#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

/* Backtracking steps per start position (pcre2_set_match_limit). */
#define REGEX_MATCH_LIMIT 100000u
/* Nested backtracking frames (pcre2_set_depth_limit). */
#define REGEX_DEPTH_LIMIT 1000u
/* Heap for those frames, in KiB (pcre2_set_heap_limit). */
#define REGEX_HEAP_LIMIT_KIB 8192u

/* pcre2_compile() through the allocator; NULL with *err, *erroff. */
pcre2_code *regex_compile(const char *pattern, size_t len, uint32_t options, int *err,
			  size_t *erroff);

/*
 * Match re against subject[0..len) from byte start.  Returns 1 on a match
 * (when match is not NULL, it has 2 * (ngroups + 1) entries: the match's
 * start and end in match[0] and match[1], capture group g <= ngroups in
 * match[2g] and match[2g+1], PCRE2_UNSET when the group took no part), 0
 * when there is none, or a negative PCRE2
 * error code: a limit was hit (PCRE2_ERROR_MATCHLIMIT, _DEPTHLIMIT,
 * _HEAPLIMIT) or the subject is not valid UTF-8 for a UTF pattern.
 */
int regex_match(const pcre2_code *re, const char *subject, size_t len, size_t start,
		size_t *match, unsigned ngroups);

/* The text of a PCRE2 error code, as messages quote it. */
const char *regex_error_text(int code, char *buf, size_t size);

#endif
