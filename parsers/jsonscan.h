/*
 * jsonscan.h: a small scanner over JSON text that tracks only strings and
 * nesting.  It finds the members of an object and the elements of an array
 * without building a tree, so a 100 MB plan on one line can be read one
 * element at a time (each element then parsed with cJSON and dropped).
 *
 * The scanner validates structure (brackets, strings, commas, colons) but
 * not the inside of numbers and literals; cJSON checks those when it parses
 * an element.  Nothing is allocated.
 */
#ifndef CIDRLINT_JSONSCAN_H
#define CIDRLINT_JSONSCAN_H

#include <stdbool.h>
#include <stddef.h>

#define JSCAN_MAX_DEPTH 512
/* A mapping's pages are dropped in steps of this many bytes: what stays
 * resident of a large file is at most this much behind the reader. */
#define JSCAN_DROP_STEP ((size_t)1 << 20)

struct jscan_error {
	const char *at;  /* where in the buffer */
	const char *why; /* static text */
};

/* Skip white space. */
const char *jscan_ws(const char *p, const char *end);

/*
 * Skip the value starting at p (no leading white space).  Returns the end
 * of the value, or NULL with err filled.
 */
const char *jscan_value(const char *p, const char *end, struct jscan_error *err);
/*
 * jscan_value() over a read-only file mapping (file_map()), dropping its
 * resident pages as the scan moves past them (mem_discard()): a value of
 * hundreds of megabytes is scanned without ever being resident whole.
 */
const char *jscan_value_dropping(const char *p, const char *end, struct jscan_error *err);

/*
 * Call cb for each member of the object at p: key is the raw text between
 * the quotes (escapes left as written), the value spans [v, vend).
 * cb returns false to stop early.  Returns 0, or -1 with err filled.
 */
typedef bool (*jscan_member_cb)(void *arg, const char *key, size_t keylen,
				const char *v, const char *vend);
int jscan_object(const char *p, const char *end, jscan_member_cb cb, void *arg,
		 struct jscan_error *err);

/* Call cb for each element [v, vend) of the array at p. */
typedef bool (*jscan_elem_cb)(void *arg, const char *v, const char *vend);
int jscan_array(const char *p, const char *end, jscan_elem_cb cb, void *arg,
		struct jscan_error *err);

/*
 * Parse the one value starting at p with cJSON, its nodes allocated from
 * arena a (which the caller resets; never cJSON_Delete such a tree), or
 * from the heap when a is NULL (cJSON_Delete it).  *vend is set just past
 * the value.  Returns NULL with err filled when the text is not JSON, or
 * when a string in it holds a NUL (jscan_find_nul): cJSON would cut the
 * string there.  Every cJSON parse of cidrlint goes through here.  This is
 * how large arrays are read: one element at a time, scanned once.
 */
struct cJSON;
struct arena;
struct cJSON *jscan_parse(const char *p, const char *end, struct arena *a,
			  const char **vend, struct jscan_error *err);
/*
 * A small document parsed whole onto the heap (cJSON_Delete it), for
 * files read at once (parameters, baselines).  On failure, adds the
 * positioned error to errs: the NUL message, or "invalid JSON in the
 * <what>", and returns NULL.
 */
struct errlist;
struct cJSON *jscan_parse_document(const char *file, const char *buf, size_t len,
				   const char *what, struct errlist *errs);
/* The first place in JSON text [p, end) that puts a NUL into a string:
 * a raw NUL byte or a \u0000 escape; NULL when there is none. */
const char *jscan_find_nul(const char *p, const char *end);

/*
 * jscan_array, with each element parsed by jscan_parse into arena a (reset
 * before each element).  Returns the end of the array, or NULL with err.
 */
typedef bool (*jscan_parsed_cb)(void *arg, struct cJSON *elem, const char *v,
				const char *vend);
const char *jscan_array_parsed(const char *p, const char *end, struct arena *a,
			       jscan_parsed_cb cb, void *arg, struct jscan_error *err);

/*
 * One pass over an object whose member values the callback reads itself:
 * cb gets each value's start and returns its end (jscan_value() for a
 * member it does not want), or NULL with err filled.  Returns the end of
 * the object, or NULL.  Large members are then scanned once, not twice.
 */
typedef const char *(*jscan_consume_cb)(void *arg, const char *key, size_t keylen,
					const char *v, const char *end,
					struct jscan_error *err);
const char *jscan_object_consume(const char *p, const char *end, jscan_consume_cb cb,
				 void *arg, struct jscan_error *err);
/* The same over the elements of an array. */
typedef const char *(*jscan_consume_elem_cb)(void *arg, const char *v, const char *end,
					     struct jscan_error *err);
const char *jscan_array_consume(const char *p, const char *end, jscan_consume_elem_cb cb,
				void *arg, struct jscan_error *err);

/* Does the raw key equal s? */
bool jscan_key_is(const char *key, size_t keylen, const char *s);

/* Line and column (1-based, columns in characters) of at within buf. */

#endif
