/*
 * tfval.h: Terraform's values, as the evaluator computes them from a
 * configuration: null, bool, number, string, list/tuple, set, map/object,
 * and the two values a linter needs beside them:
 *  - UNKNOWN: exists only at apply time, or cannot be computed here (a data
 *    source, a computed attribute, an unsupported function), always with the
 *    reason, e.g. "data.aws_vpc.shared.cidr_block is read at apply time".
 *    An unknown may still carry what is known about it: the resource
 *    instance whose `id` it is (a link, never a value), or the place of a
 *    CIDR inside another unknown block (cidrsubnet over an Amazon-provided
 *    /56 is the k-th /64 of it).
 *  - ERROR: the evaluation failed as Terraform's would (a function called
 *    with a bad argument, a missing attribute).  try() and can() catch it;
 *    elsewhere it becomes a positioned error.
 *
 * Values are immutable once built and are passed by value; their arrays
 * and strings live in the evaluator's arena.  Collections are ordered as
 * Terraform iterates them: lists and tuples as written, maps, objects and
 * sets of strings by key / element in lexical (byte) order, sets of
 * numbers in numeric order (false before true for bools).
 *
 * Build collections with the constructors only: they keep the order and
 * the nesting depth (TFV_MAX_DEPTH bounds every recursion over a value,
 * whatever built it; a deeper value is an ERROR).
 *
 * Types (struct tft) are Terraform's type constraints (`list(string)`,
 * `object({cidr = optional(string, "10.0.0.0/16")})`) and the structural
 * types of values; tfv_convert() converts as Terraform converts a module
 * argument or a function argument.  A value does not carry its type: the
 * type of a list is that of its elements, and a null or an unknown is of
 * any type.  So Terraform's typed nulls (`tostring(null)`) are plain
 * nulls here, and an empty list has no element type.
 *
 * Numbers are doubles (Terraform's are 512-bit floats): integers are exact
 * to 2^53, which covers every count, index, prefix length and netnum of
 * an IPv4 address; a fraction such as 0.1 + 0.2 is not exact as it is in
 * Terraform (0.30000000000000004 here, 0.3 there), and beyond about
 * 1.8e308 a number is infinite.
 */
#ifndef CIDRLINT_TFVAL_H
#define CIDRLINT_TFVAL_H

#include "policies/cidr.h"
#include "policies/facts.h"

enum tfv_kind {
	TFV_NULL,
	TFV_BOOL,
	TFV_NUMBER,
	TFV_STRING,
	TFV_LIST,    /* list or tuple */
	TFV_SET,
	TFV_MAP,     /* map or object */
	TFV_UNKNOWN,
	TFV_ERROR,
};

/* Where a value was set, for related locations: the .tfvars line, the
 * variable's default, the module call's argument: facts.h's struct origin,
 * a chain, innermost first (a default passed through a module argument). */

struct tfval;

/* What is known of an unknown CIDR: it lies at rel inside the unknown
 * block base, rel as if base started at address 0 (facts.h's
 * cidr_value.rel_base / rel).  The block itself, an unknown whose length
 * alone is known (an Amazon-provided IPv6 /56), is rel = ::/56 with
 * base_len 56; cidrsubnet(that, 8, 3) is rel = 0:0:0:300::/64. */
struct tfv_cidr_shape {
	const char *base;                /* names the unknown block */
	struct prefix rel;               /* family and place; rel.len >= base_len */
	uint8_t base_len;                /* the unknown block's prefix length */
};

/* Bound on nesting, so that every recursion over a value is bounded. */
#define TFV_MAX_DEPTH 256

struct tfval {
	uint8_t kind;                    /* enum tfv_kind */
	bool object;                     /* TFV_MAP: an object, not a map;
					  * TFV_LIST: a tuple, not a list */
	uint16_t depth;                  /* collections: 1 + deepest item */
	union {
		bool b;
		double num;              /* TFV_NUMBER; integers exact to 2^53 */
		struct {
			const char *s;   /* NUL-terminated; may hold NULs */
			size_t len;
		} str;
		struct {                 /* LIST, SET, MAP */
			struct tfval *items;
			const char **keys;  /* MAP only: sorted, unique */
			size_t n;
		} coll;
		struct {
			const char *why;    /* always set */
			const char *link;   /* the id of this resource instance
					     * address ("aws_vpc.main[0]"), or NULL */
			const struct tfv_cidr_shape *cidr; /* or NULL */
		} unk;
		struct {
			const char *msg;
			struct loc loc;
			bool reference;  /* a reference to something not declared:
					  * Terraform reports it before evaluating,
					  * so try() and can() do not catch it */
		} err;
	};
	const struct origin *origin; /* or NULL */
};

static inline struct tfval tfv_null(void)
{
	return (struct tfval){.kind = TFV_NULL};
}
static inline struct tfval tfv_bool(bool b)
{
	return (struct tfval){.kind = TFV_BOOL, .b = b};
}
static inline struct tfval tfv_number(double d)
{
	return (struct tfval){.kind = TFV_NUMBER, .num = d};
}
static inline bool tfv_is_known(const struct tfval *v)
{
	return v->kind != TFV_UNKNOWN && v->kind != TFV_ERROR;
}

/* Constructors that copy into arena a. */
struct tfval tfv_string(struct arena *a, const char *s, size_t len);
struct tfval tfv_cstring(struct arena *a, const char *s);   /* NUL-terminated s */
struct tfval tfv_unknown(struct arena *a, const char *why_fmt, ...) PRINTF_LIKE(2, 3);
struct tfval tfv_link(struct arena *a, const char *address, const char *why);
/* An unknown CIDR at rel inside the unknown block base of length base_len. */
struct tfval tfv_cidr_unknown(struct arena *a, const char *base, unsigned base_len,
			      struct prefix rel, const char *why);
struct tfval tfv_error(struct arena *a, struct loc at, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* items are copied; for a map, keys are copied and sorted with their
 * items (a repeated key keeps the last item, as Terraform's merge does).
 * A set is sorted and keeps one of equal items.  A list (tuple false)
 * must hold items of one type: tfv_convert() to a list type makes one
 * from a tuple.  Each gives an ERROR past TFV_MAX_DEPTH. */
struct tfval tfv_list(struct arena *a, const struct tfval *items, size_t n, bool tuple);
struct tfval tfv_set(struct arena *a, const struct tfval *items, size_t n);
struct tfval tfv_map(struct arena *a, const char *const *keys, const struct tfval *items,
		     size_t n, bool object);

/* A map's item by key, or NULL. */
const struct tfval *tfv_map_get(const struct tfval *m, const char *key);
/* Is anything inside v (v itself included) unknown or an error? */
bool tfv_wholly_known(const struct tfval *v);
/* The first unknown or error inside v (v itself included), or NULL. */
const struct tfval *tfv_first_unknown(const struct tfval *v);
/* The order sets are kept in: bools, numbers, strings, then collections,
 * unknowns last (equal to each other); 0 for equal known values. */
int tfv_compare(const struct tfval *a, const struct tfval *b);
/* order[0..n): the indexes of items in that order, equal items in the
 * order given (a stable sort, n log n). */
void tfv_sort_order(const struct tfval *items, size_t n, size_t *order);
/* Equality as Terraform's == (type and value; unknown is neither). */
int tfv_equal(const struct tfval *a, const struct tfval *b); /* 1, 0, or -1 unknown */

/* Conversions as Terraform's automatic conversion does them: number and
 * bool to string, "12" to number, "true"/"false" (and "1"/"0") to bool.
 * On failure an
 * ERROR value saying what was wanted; null, unknown and errors pass
 * through unchanged. */
struct tfval tfv_to_string(struct arena *a, const struct tfval *v, struct loc at);
struct tfval tfv_to_number(struct arena *a, const struct tfval *v, struct loc at);
struct tfval tfv_to_bool(struct arena *a, const struct tfval *v, struct loc at);

/* The number as Terraform writes it: "1", "1.5", "100000000000000000000"
 * (never an exponent), "+Inf"; returns buf. */
#define TFV_NUMSTRLEN 400
char *tfv_number_text(double d, char buf[TFV_NUMSTRLEN]);
/* The shortest decimal digits Terraform prints for m > 0 (Go's big.Float
 * shortest form, which differs from float64's for large powers of two),
 * NUL-terminated, and the decimal exponent of the first: m is about
 * 0.d1d2.. * 10^(exp10 + 1).  Returns the number of digits. */
#define TFV_DIGITS 24
size_t tfv_number_digits(double m, char digits[TFV_DIGITS], int *exp10);
/* The decimal text s[0..len) as a number, as Terraform reads "12", "1e3",
 * "-.5", "+Inf"; false when it is not one. */
bool tfv_parse_number(const char *s, size_t len, double *out);

/* The value as `terraform console` prints it: one item a line, two spaces
 * of indent, tolist([..]) / toset([..]) / tomap({..}) for collections that
 * are not tuples or objects, multi-line strings as heredocs, unknowns as
 * (known after apply); from a. */
const char *tfv_format(struct arena *a, const struct tfval *v);
/* The same on one line, for messages and `-f facts`: ["a", "b"],
 * {"cidr" = "10.0.0.0/16"}, (known after apply). */
const char *tfv_format_line(struct arena *a, const struct tfval *v);
/* "string", "number", "tuple", "object", "list", "map", "set", "null",
 * "unknown", "error" */
const char *tfv_type_name(const struct tfval *v);

/* --- types ------------------------------------------------------------ */

enum tft_kind {
	TFT_ANY,      /* `any`, and the type of null and unknown values */
	TFT_BOOL,
	TFT_NUMBER,
	TFT_STRING,
	TFT_LIST,
	TFT_SET,
	TFT_MAP,
	TFT_TUPLE,
	TFT_OBJECT,
};

struct tft {
	uint8_t kind;                    /* enum tft_kind */
	const struct tft *elem;          /* LIST, SET, MAP */
	const struct tft *const *items;  /* TUPLE: the elements' types;
					  * OBJECT: the attributes', by keys */
	const char *const *keys;         /* OBJECT: sorted, unique */
	const bool *optional;            /* OBJECT, or NULL: optional(T) */
	const struct tfval *defaults;    /* OBJECT, or NULL: optional(T, default);
					  * a TFV_NULL item for no default */
	size_t n;
};

extern const struct tft tft_any, tft_bool, tft_number, tft_string;

/* Types built in arena a. */
const struct tft *tft_collection(struct arena *a, enum tft_kind kind, const struct tft *elem);
/* The type of a value: a tuple of its elements' types, a list of its
 * elements' unified type (any when empty or when they do not unify). */
const struct tft *tfv_type_of(struct arena *a, const struct tfval *v);
/* The one type all of types[0..n) convert to, chosen as Terraform chooses
 * it (a string for strings and numbers, a list for tuples of different
 * lengths, a map for objects with different attributes); NULL if none. */
const struct tft *tft_unify(struct arena *a, const struct tft *const *types, size_t n);
bool tft_equal(const struct tft *x, const struct tft *y);
/* As Terraform names types in messages: "list of string", "object". */
const char *tft_friendly(struct arena *a, const struct tft *t);

/*
 * Convert v to type want as Terraform does for module and function
 * arguments: primitives as tfv_to_*, tuples to lists or sets (their
 * elements unified when want's element type is any), objects to maps,
 * maps and objects to objects (missing optional attributes take their
 * default or null; attributes not in the type are dropped).  An ERROR
 * naming what was wanted when it cannot; null, unknown and errors pass
 * through unchanged.
 */
struct tfval tfv_convert(struct arena *a, const struct tfval *v, const struct tft *want,
			 struct loc at);

#endif
