/*
 * tfeval.h: evaluating HCL expressions (hcl.h) with Terraform's semantics
 * into values (tfval.h): operators, conditionals, templates and their
 * directives, for expressions, splats, index and attribute access, and
 * the built-in functions (tffunc.c; every one network code uses).
 *
 * The evaluator knows nothing of modules or resources: a root name
 * (var, local, aws_vpc, module, count, each, path, terraform, data, ...)
 * is resolved by the scope the caller gives it, so the same evaluator
 * serves the root module, a called module, a for_each instance and a
 * .tfvars file.  Names bound by `for` expressions and splats are the
 * evaluator's own and hide the scope's.
 *
 * Unknown values propagate: an operation over an unknown is unknown with
 * the first reason, and a function whose result cannot be known is
 * unknown, never a guess.  Where Terraform knows a result over unknowns,
 * so does this: the length of a list whose elements are unknown, a merge
 * or concat of known structures holding unknown values, cidrsubnet over
 * an unknown block whose length is known (an unknown with a
 * tfv_cidr_shape; the result says where it lies inside that block).
 * A function cidrlint does not implement gives an unknown naming it (and
 * a note), never an error; so do the functions that read files or the
 * clock (file, templatefile, fileexists, timestamp, uuid, ...): cidrlint
 * reads nothing but its inputs.  Errors Terraform would raise are ERROR
 * values with the expression's location.  sensitive() and nonsensitive()
 * give their argument: cidrlint needs the value, not the mark.
 *
 * try() and can() are lazy and decide on each argument's result, as HCL
 * has since 2.17.1 (Terraform 1.6): try() gives the first that evaluates
 * without an error, but unknown when that one is not wholly known (it
 * might still fail at apply time); an unknown result keeps its link or
 * CIDR shape.  can() is false for an error, unknown for a result not
 * wholly known, true otherwise.  A reference to something not declared
 * (an ERROR with err.reference set, from the scope) is not caught, as
 * Terraform reports it before evaluating anything.
 *
 * Bounds (hostile input): expression depth, evaluation steps, collection
 * size, string length, range() length and the memory evaluation takes;
 * passing one gives an ERROR value naming the bound at the expression,
 * and stops evaluating.  No operation and no built-in function is
 * quadratic in the size of its arguments (sorting, hashing, binary and
 * linear-time substring search; regular expressions have PCRE2's match
 * limit), so the bounds bound the time too.
 *
 * Ownership: values live in the arena given to tf_eval_init(); the
 * evaluator's own state is freed by tf_eval_release().  No global state:
 * evaluators are independent.
 */
#ifndef CIDRLINT_TFEVAL_H
#define CIDRLINT_TFEVAL_H

#include "parsers/terraform/hcl.h"
#include "parsers/terraform/tfval.h"

/* One step after a root name: .name or [key]. */
struct tf_step {
	bool index;                 /* [key] (true) or .name */
	const char *name;           /* .name */
	struct tfval key;           /* [key], evaluated (the legacy .0 gives 0) */
	const struct hcl_range *range;
};

struct tf_scope {
	/*
	 * Resolve the reference that starts with root and continues with
	 * steps[0..n).  Sets *used to the number of steps the reference took
	 * (var.x takes 1; aws_vpc.main.cidr_block may take 2: the evaluator
	 * applies the rest) and returns the value; an ERROR value when root
	 * names nothing Terraform knows ("a managed resource 'aws_vpc' 'x'
	 * has not been declared", with err.reference set).  at is the root's
	 * range.  An index key may be unknown (the scope decides what that
	 * gives); an error in one is returned before resolving.
	 */
	struct tfval (*resolve)(void *ctx, const char *root, const struct tf_step *steps,
				size_t n, size_t *used, const struct hcl_range *at);
	/* A note for the user (an unsupported function); may be NULL. */
	void (*note)(void *ctx, const struct hcl_range *at, const char *msg);
	void *ctx;
};

struct tf_limits {
	unsigned max_depth;          /* nested evaluation */
	unsigned long max_steps;     /* expression nodes evaluated, per tf_eval */
	size_t max_items;            /* elements of one collection */
	size_t max_string;           /* bytes of one string */
	size_t max_range;            /* elements range() may make */
	size_t max_bytes;            /* how much the arena may grow, counted
				      * from tf_eval_init() */
};
#define TF_MAX_EVAL_DEPTH 200
#define TF_MAX_EVAL_STEPS 5000000UL
#define TF_MAX_ITEMS 1000000
#define TF_MAX_STRING ((size_t)16 << 20)
#define TF_MAX_RANGE 1024            /* Terraform's own limit */
#define TF_MAX_BYTES ((size_t)512 << 20)

struct tf_eval_state;

struct tf_eval {
	struct arena *a;             /* where result values live */
	const struct tf_scope *scope;
	struct tf_limits lim;        /* zero fields take the defaults */
	unsigned long steps;         /* counted across calls, for max_steps */
	size_t arena_start;          /* a->used at tf_eval_init(), for max_bytes */
	struct tf_eval_state *st;    /* private */
	struct loc_srcs srcs;        /* tf_eval_loc()'s pairs, in a */
};

/* scope and lim may be NULL (no names resolve; the default bounds). */
void tf_eval_init(struct tf_eval *ev, struct arena *a, const struct tf_scope *scope,
		  const struct tf_limits *lim);
void tf_eval_release(struct tf_eval *ev);

struct tfval tf_eval_expr(struct tf_eval *ev, const struct hcl_expr *e);

/*
 * Call the built-in function name with evaluated arguments (what
 * tf_eval_expr does for HCL_CALL, except for try() and can(), which it
 * evaluates lazily).  *known is set false for a name cidrlint does not
 * implement (the result is then an unknown naming it).  known may be NULL.
 */
struct tfval tf_call(struct tf_eval *ev, const char *name, const struct tfval *args,
		     size_t n, const struct hcl_range *at, bool *known);

/*
 * A type constraint as a `variable` block's `type` writes it: string,
 * number, bool, any, list(T), set(T), map(T), tuple([T, ...]),
 * object({name = T, opt = optional(T, default)}).  Sets *out and returns
 * a TFV_NULL value, or an ERROR value at the offending part.  Defaults
 * are evaluated with ev (they are constants) and converted to their type.
 */
struct tfval tf_type_parse(struct tf_eval *ev, const struct hcl_expr *e, const struct tft **out);

/* The location of a range, for facts and errors; its file paired in s
 * (r NULL: no place). */
struct loc tf_loc(struct loc_srcs *s, const struct hcl_range *r);
/* The same for an evaluation's values, paired in ev's arena. */
struct loc tf_eval_loc(struct tf_eval *ev, const struct hcl_range *r);

#endif
