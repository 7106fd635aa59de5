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
 * sets of strings by key / element in lexical (byte) order.
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
 * variable's default, the module call's argument.  A chain, innermost
 * first (a default passed through a module argument). */
struct tfv_origin {
	struct loc loc;
	const char *what;                /* "terraform.tfvars", "default of variable 'cidr'" */
	const struct tfv_origin *next;
};

struct tfval;

/* What is known of an unknown CIDR: it lies at rel inside the unknown
 * block base (rel as if base started at address 0, with base's length
 * known), as facts.h's cidr_value.rel_base / rel. */
struct tfv_cidr_shape {
	const char *base;                /* names the unknown block */
	struct prefix rel;
};

struct tfval {
	uint8_t kind;                    /* enum tfv_kind */
	bool object;                     /* TFV_MAP: an object, not a map;
					  * TFV_LIST: a tuple, not a list */
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
		} err;
	};
	const struct tfv_origin *origin; /* or NULL */
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
struct tfval tfv_unknown(struct arena *a, const char *why_fmt, ...) PRINTF_LIKE(2, 3);
struct tfval tfv_link(struct arena *a, const char *address, const char *why);
struct tfval tfv_error(struct arena *a, struct loc at, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* items are copied; for a map, keys are copied and sorted with their
 * items (a repeated key keeps the last item, as Terraform's merge does). */
struct tfval tfv_list(struct arena *a, const struct tfval *items, size_t n, bool tuple);
struct tfval tfv_set(struct arena *a, const struct tfval *items, size_t n);
struct tfval tfv_map(struct arena *a, const char *const *keys, const struct tfval *items,
		     size_t n, bool object);

/* A map's item by key, or NULL. */
const struct tfval *tfv_map_get(const struct tfval *m, const char *key);
/* Is anything inside v (v itself included) unknown or an error? */
bool tfv_wholly_known(const struct tfval *v);
/* Equality as Terraform's == (type and value; unknown is neither). */
int tfv_equal(const struct tfval *a, const struct tfval *b); /* 1, 0, or -1 unknown */

/* Conversions as Terraform's automatic conversion does them: number and
 * bool to string, "12" to number, "true"/"false" to bool.  On failure an
 * ERROR value saying what was wanted; unknown stays unknown. */
struct tfval tfv_to_string(struct arena *a, const struct tfval *v, struct loc at);
struct tfval tfv_to_number(struct arena *a, const struct tfval *v, struct loc at);
struct tfval tfv_to_bool(struct arena *a, const struct tfval *v, struct loc at);

/* The value as HCL would write it, for messages and `-f facts`
 * ("10.0.0.0/16", ["a", "b"], (known after apply)); from a. */
const char *tfv_format(struct arena *a, const struct tfval *v);
const char *tfv_type_name(const struct tfval *v);

#endif
