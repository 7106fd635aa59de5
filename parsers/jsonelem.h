/*
 * jsonelem.h: reading a large JSON file element by element, with the line
 * and column of every field, for the readers of AWS exports and Terraform
 * states (files of hundreds of megabytes).
 *
 * No tree of the whole file is ever built: jsonscan.h finds a big array,
 * each element of it is parsed with cJSON on its own span into an arena
 * reset before the next.  cJSON trees carry no positions, so positions
 * come from the text: a cursor moves forward through the file as elements
 * are met (the file is never rescanned from its start per element), and
 * the place of a field inside an element is found by scanning only that
 * element, by a path of member names and array indexes
 * ("CidrBlockAssociationSet/1/CidrBlock").
 *
 * Ownership: a struct jel borrows the text, the path and the error list;
 * jel_release() frees its arena.
 */
#ifndef CIDRLINT_JSONELEM_H
#define CIDRLINT_JSONELEM_H

#include "policies/facts.h"

#include <cJSON.h>

struct jel_pos {
	const char *at;
	unsigned line, col; /* of at, as text_position counts them */
};

/* A span of the text: one member's value. */
struct jel_span {
	const char *v, *vend;
};

struct jel {
	const char *path;        /* for errors */
	const struct loc_src *src; /* for locations: the facts' file, in their arena */
	struct errlist *errs;
	const char *buf, *end;
	struct jel_pos cur;      /* forward-only cursor: the last element start */
	const char *el, *el_end; /* the element being read */
	struct jel_pos el_pos;
	bool bad_json;           /* the text is not JSON: the input fails */
	struct arena json;       /* the cJSON nodes of one element */
	const char *last_end;    /* end of the last member jel_scan_top met */
};

void jel_init(struct jel *j, const char *path, const struct loc_src *src, const char *buf,
	      size_t len, struct errlist *errs);
void jel_release(struct jel *j);

/* --- positions --------------------------------------------------------- */

/* Move p forward to `to`, counting lines and characters (not bytes). */
void jel_advance(struct jel_pos *p, const char *to);

/* The location of `at` (inside the current element, past the cursor, or,
 * costing a scan from the start, anywhere). */
struct loc jel_loc(const struct jel *j, const char *at);
/* An error at a place in the file. */
void jel_error_at(struct jel *j, const char *at, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Where the value at path starts inside the current element, or NULL; ""
 * is the element itself. */
const char *jel_find(const struct jel *j, const char *path);
/* Where the value at path is written; the element itself when not found
 * (path NULL: the element). */
struct loc jel_at(const struct jel *j, const char *path);
/* A wrong shape in the current element, at the field path names. */
void jel_error(struct jel *j, const char *path, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* "prefix/key" for jel_at and jel_error; "" prefix gives "key". */
const char *jel_path(struct sbuf *sb, const char *prefix, const char *key);

/* Start reading the element [v, vend), already parsed: positions inside
 * it are then found from its start. */
void jel_element(struct jel *j, const char *v, const char *vend);
void jel_element_done(struct jel *j);
struct loc jel_el_loc(const struct jel *j);

/* --- values of a parsed element ---------------------------------------- */

/* o's member key when o is an object, else NULL. */
const cJSON *jel_get(const cJSON *o, const char *key);
/* The first of two spellings that is set (lowerCamel in CloudTrail, Pascal
 * in the API); *used (when not NULL) says which one. */
const cJSON *jel_get2(const cJSON *o, const char *a, const char *b, const char **used);
/* A member as text.  Absent, null and "" all mean "not set" (NULL); a
 * member of another type sets *wrong, so the caller can name the field. */
const char *jel_text(const cJSON *v, bool *wrong);
const char *jel_str(const cJSON *o, const char *key, bool *wrong);
/* A string member that names no address: other types count as absent. */
const char *jel_soft(const cJSON *o, const char *key);

/* --- walking ----------------------------------------------------------- */

/*
 * Read each element of the array span with read(ctx, element); each is
 * parsed alone and is the current element while read runs.  what names
 * the member for the error when it is not an array (then nothing of it is
 * read, and the rest of the file still is).  Returns false when the text
 * is not JSON (bad_json is then set).
 */
typedef void (*jel_reader)(void *ctx, const cJSON *o);
bool jel_walk(struct jel *j, struct jel_span s, const char *what, jel_reader read, void *ctx);

/*
 * Keep the span of the first occurrence of each key of the object at p
 * (spans[i] for keys[i]; spans start zeroed).  With whole_file, nothing
 * but white space may follow the object.  Returns false (bad_json set,
 * error added) when it is not JSON.
 */
bool jel_scan_top(struct jel *j, const char *p, const char *end, bool whole_file,
		  const char *const *keys, struct jel_span *spans, size_t nkeys);
/* jel_scan_top of the whole file, which may hold several objects one
 * after another (log files concatenated): *next is where the next one
 * starts, NULL after the last. */
bool jel_scan_top_seq(struct jel *j, const char *p, const char *end, const char *const *keys,
		      struct jel_span *spans, size_t nkeys, const char **next);

/* At most 40 bytes of a short scalar span, for messages ("%.*s"). */
int jel_span_len(struct jel_span s);

#endif
