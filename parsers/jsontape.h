/*
 * jsontape.h: one JSON value read into a flat tape of tokens over its
 * text, for the hot path of the plan reader (thousands of resource
 * elements a second): no node is allocated, no string is copied unless it
 * is asked for, and a member is found by comparing raw keys.
 *
 * The tape is strict: it takes only what cJSON reads the same way (RFC
 * 8259 JSON, numbers that cJSON's 63-byte number buffer holds, no raw
 * control character and no \u0000 in a string, no lone surrogate), and
 * refuses everything else.  A refusal is not an error: the caller parses
 * the value with cJSON (jscan_parse) instead, which says what is wrong or
 * reads the lenient forms, so a value reads the same on either path.
 *
 * Ownership: a struct jtape owns its token array (jtape_release frees it)
 * and borrows the text, which must outlive every read of the tape.
 * Decoded strings are allocated from the arena the caller passes.
 */
#ifndef CIDRLINT_JSONTAPE_H
#define CIDRLINT_JSONTAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

enum jt_type { JT_NULL, JT_FALSE, JT_TRUE, JT_NUMBER, JT_STRING, JT_ARRAY, JT_OBJECT };

/*
 * A value: its text [s, s + len) (a string with its quotes), and the
 * index of the token after it and everything inside it.  An object's
 * members follow it as key, value pairs; an array's elements follow it.
 */
struct jt_tok {
	const char *s;
	uint32_t len;
	uint32_t next;
	uint8_t type; /* enum jt_type */
	bool esc;     /* JT_STRING: holds a backslash escape */
	uint32_t head; /* a member's key: its first four bytes, as jtape_get
			* compares them before the rest (in the padding) */
};

struct jtape {
	struct jt_tok *t;
	size_t n, cap;
};

/* The index no token has: "not found". */
#define JT_NONE ((size_t)-1)

void jtape_init(struct jtape *tp);
void jtape_release(struct jtape *tp);

/*
 * Read the value at p (no leading white space) into tp, replacing what it
 * held; *vend is set just past it.  Returns false when the value is not
 * one the tape takes (see above): tp is then empty.
 */
bool jtape_parse(struct jtape *tp, const char *p, const char *end, const char **vend);

/* The value of member key of the object token o (the first one when a key
 * is repeated, as cJSON finds it), or JT_NONE; o may be JT_NONE or not
 * an object. */
size_t jtape_get(const struct jtape *tp, size_t o, const char *key);
/*
 * For a caller that looks up many keys, most of them absent, in one
 * object: jtape_key_mask() is the union of jtape_key_bit() of its keys
 * (every bit when a key holds an escape, or o is not an object), and a key
 * whose bit is not in it is not in the object.
 */
static inline uint64_t jtape_key_bit(const char *key, size_t len)
{
	unsigned h = len ? (unsigned)len * 11 + (unsigned char)key[0] * 3 + (unsigned char)key[len - 1]
			 : 0;
	return (uint64_t)1 << (h & 63);
}
uint64_t jtape_key_mask(const struct jtape *tp, size_t o);
/* Is token i (which may be JT_NONE) of type t? */
bool jtape_is(const struct jtape *tp, size_t i, enum jt_type t);
/* Members of an object token o: for (k = jtape_first(o); k != JT_NONE;
 * k = jtape_next_member(tp, o, k)) with the key at k and the value at k + 1.
 * Elements of an array: jtape_first, then jtape_next_member skips one. */
size_t jtape_first(const struct jtape *tp, size_t o);
size_t jtape_next_member(const struct jtape *tp, size_t o, size_t k);
size_t jtape_next_elem(const struct jtape *tp, size_t a, size_t e);
/* Members of an object (elements of an array). */
size_t jtape_count(const struct jtape *tp, size_t c);

/* The decoded text of string token i, NUL-terminated, in a. */
const char *jtape_string(const struct jtape *tp, size_t i, struct arena *a);
/* The value of number token i, as cJSON reads it (strtod). */
double jtape_number(const struct jtape *tp, size_t i);

#endif
