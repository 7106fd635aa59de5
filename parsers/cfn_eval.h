/*
 * cfn_eval.h: the CloudFormation intrinsic evaluator, private to
 * parsers/cfn*.c.  It owns one template's model (parameters, resources
 * with their Fn::ForEach expansions, conditions) and evaluates intrinsic
 * functions, conditions and parameter combinations (scenarios) over it.
 * What becomes of the values (network facts) is cfn.c's business.
 *
 * Ownership: a struct tpl is set up by cfn_tpl_open() and released by
 * cfn_tpl_close().  Values (struct cval) live in t->a, which the caller
 * resets between resource evaluations; the model lives in t->keep.
 */
#ifndef CIDRLINT_CFN_EVAL_H
#define CIDRLINT_CFN_EVAL_H

#include "parsers/cfn.h"

/* --- values ----------------------------------------------------------- */

enum cv_kind {
	CV_NOVALUE, /* AWS::NoValue: the property is absent */
	CV_STR,     /* strings, numbers and booleans as text */
	CV_LIST,
	CV_MAP,     /* a literal mapping, evaluated by whoever reads it */
	CV_UNKNOWN, /* why says why; sym names the block when it is one */
	CV_REL,     /* rel inside the unknown block sym */
	CV_HEAD,    /* the text of unknown IPv6 block sym before its "::" */
	CV_RESREF,  /* a resource of this template: s is its logical id */
	CV_ERROR,   /* the template is wrong here: why; s is the display text */
};

struct symblock {
	const char *name; /* "VPC.CidrBlock", "VPC.Ipv6CidrBlocks[0]" */
	int family;
	int len;          /* -1 when unknown */
	bool amazon;
	const char *pool;
};

struct cval {
	enum cv_kind kind;
	const char *s;
	const char *why;
	struct cval *items;
	size_t n;
	const struct node *node;
	const struct symblock *sym;
	struct prefix rel;
	bool host_bits;
	const char *stack;       /* CV_RESREF: the stack declaring s (cfnset.h); NULL: this one */
	const struct origin *origin; /* a value from another template: where it came from */
};

/* --- the template ----------------------------------------------------- */

struct env {
	const char *name;
	const char *value;
	const struct env *next;
};

struct cres {
	const char *id;
	const struct node *key;  /* where the resource is declared */
	const struct node *body;
	const char *type;
	const struct env *env;   /* Fn::ForEach loop variables */
};

struct cparam {
	const char *name;
	const struct node *node;
	const char *type;
	const struct node *def;
	const struct node *allowed;
	const char *override;
	const struct cfn_xval *bound; /* a nested stack's parameter that is no string */
	int enum_pos; /* index among enumerated parameters, or -1 */
};

struct tpl {
	const struct doc *d;
	const char *file;
	const struct cfn_options *opt;
	struct errlist *errs;
	struct arena a;          /* evaluation scratch, reset per resource evaluation */
	struct arena keep;       /* what lives as long as the template: parameters,
				  * ForEach resources and their variables */
	struct facts *f;
	const struct node *root, *mappings, *conditions;
	struct cparam *params;
	size_t nparams;
	struct strmap params_by_name;
	struct cres *res;
	size_t nres, capres;
	struct strmap res_by_id;
	/* scenarios: enumerated parameters, mixed radix */
	size_t *enum_params;
	size_t nenum;
	size_t nscen;            /* 0: no enumeration */
	long cur;                /* current combination, -1 for defaults */
	/* conditions: memo per combination */
	struct strmap cond_index;
	size_t nconds;
	signed char *cond_memo;  /* [nconds]: -2 unset, -3 evaluating, -1 unknown, 0, 1 */
	unsigned long steps, max_steps;
	bool over_steps;
	int failed;
};

/* --- across templates (cfnset.c) ------------------------------------- */

/*
 * A value handed from one template to another (an export, a nested
 * stack's parameter or output): it outlives the template that computed
 * it.  kind is CV_STR, CV_RESREF (s in stack) or CV_UNKNOWN (why).
 */
struct cfn_xval {
	enum cv_kind kind;
	const char *s, *stack, *why;
	const struct origin *origin; /* where the value was made, for findings */
};

/* What the stack set tells a template: cfn_options.links. */
struct cfn_links {
	void *ctx;
	const char *stack;           /* this template's stack (facts.stack) */
	const struct origin *origin; /* nested: the parent chain, innermost first */
	bool in_set;                 /* exports of the run are known: a miss is a miss */
	/* Fn::ImportValue name; false: nothing of the run exports it */
	bool (*import)(void *ctx, const char *name, struct cfn_xval *out);
	/* Fn::GetAtt Res.Outputs.name of a nested stack; false: not one */
	bool (*output)(void *ctx, const char *res, const char *name, struct cfn_xval *out);
	/* the value the parent stack gives parameter name; false: none */
	bool (*param)(void *ctx, const char *name, struct cfn_xval *out);
};

/* A value of t as a cfn_xval, copied into a (lists joined with ","). */
void cfn_export_value(struct tpl *t, const struct cval *v, struct arena *a,
		      struct cfn_xval *out);

/* --- the evaluator ---------------------------------------------------- */

/*
 * Read the template of d into t: parameters (with opt's values), the
 * Transform notes, resources and their Fn::ForEach expansions, and the
 * combinations to evaluate.  Notes go to f, errors to errs (t->failed).
 */
void cfn_tpl_open(struct tpl *t, const struct doc *d, const struct cfn_options *opt,
		  struct facts *f, struct errlist *errs);
void cfn_tpl_close(struct tpl *t);

/* The value of node n (NULL: AWS::NoValue) in the current combination. */
struct cval cfn_eval(struct tpl *t, const struct node *n, const struct env *env,
		     unsigned depth);
/* Evaluate in combination cur (-1: the defaults); forgets the conditions. */
void cfn_set_combination(struct tpl *t, long cur);

const struct cres *cfn_find_res(struct tpl *t, const char *id);
const struct node *cfn_props_of(const struct cres *r);
/* Does the resource exist in the current combination? Unknown counts as yes. */
bool cfn_res_exists(struct tpl *t, const struct cres *r, unsigned depth);
/* A string value as an integer; *ok false when it is not one. */
long long cfn_cval_int(const struct cval *v, bool *ok);
/* Where node n of the template is, start and end. */
struct loc cfn_node_loc(struct tpl *t, const struct node *n);
/* "a list", "a mapping", ...: what a value that is not a string is. */
const char *cfn_kind_text(const struct cval *v);

#endif
