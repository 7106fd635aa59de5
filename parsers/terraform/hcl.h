/*
 * hcl.h: the syntax tree of one Terraform configuration file, read from HCL
 * native syntax (.tf, .tfvars; hashicorp/hcl hclsyntax/spec.md) or from
 * Terraform's JSON configuration syntax (.tf.json, .tfvars.json).  Both
 * readers build the same shapes, so everything after them (the evaluator,
 * the module reader, the resource-to-fact mapping) reads one tree.
 *
 * A file is a body: attributes (name = expression) and blocks (type,
 * labels, a nested body).  Every node keeps the range it was read from:
 * file, 1-based line and column (columns count code points, as every
 * message of cidrlint does), start and end.
 *
 * Expressions are kept as written, not evaluated: evaluation needs the
 * scope of a module (tfeval.h).  The reader does all that is syntax:
 * escapes are decoded, heredoc indentation and template strip markers
 * (~) are applied to the literal parts, `"${x}"` is marked as unwrapped.
 *
 * Ownership: every node, string and array is allocated from the arena
 * given to the reader; releasing the arena frees the tree.  Strings are
 * NUL-terminated and may hold NULs (use len where it is given).
 */
#ifndef CIDRLINT_HCL_H
#define CIDRLINT_HCL_H

#include "policies/base.h"

struct hcl_pos {
	uint32_t line, col; /* 1-based; col in code points */
	uint32_t byte;      /* byte offset in the file */
};

struct hcl_range {
	const char *file;   /* borrowed: the path given to the reader */
	struct hcl_pos start, end; /* end is just past the last character */
};

enum hcl_expr_kind {
	HCL_LITERAL,     /* null, true, false, a number, or a literal string */
	HCL_TEMPLATE,    /* a quoted string or heredoc: parts, concatenated */
	HCL_TEMPLATE_IF, /* %{ if c }..%{ else }..%{ endif } inside a template */
	HCL_TEMPLATE_FOR, /* %{ for k, v in coll }..%{ endfor } inside a template */
	HCL_TUPLE,       /* [a, b, c] */
	HCL_OBJECT,      /* { k = v, "k2" : v2, (expr) = v3 } */
	HCL_VARIABLE,    /* a root name: var, local, count, each, aws_vpc, ... */
	HCL_GETATTR,     /* source.name */
	HCL_INDEX,       /* source[key], and the legacy source.0 */
	HCL_SPLAT,       /* source[*].a[0] and source.*.a: each over HCL_SPLAT_ITEM */
	HCL_SPLAT_ITEM,  /* the element a splat's each-expression starts from;
			  * its range is the splat's marker, [*] or .* */
	HCL_CALL,        /* name(args) and name(args...) */
	HCL_FOR,         /* [for k, v in c : e if f] and {for k, v in c : k => v... if f} */
	HCL_CONDITIONAL, /* cond ? a : b */
	HCL_BINARY,
	HCL_UNARY,
	HCL_PAREN,       /* (e): kept so that `{(k) = v}` is told from `{k = v}` */
};

enum hcl_literal_kind { HCL_LIT_NULL, HCL_LIT_BOOL, HCL_LIT_NUMBER, HCL_LIT_STRING };

/* Binary operators, lowest precedence first (HCL: || < && < == != <
 * < <= > >= < + - < * / %); unary ! and - bind tighter than any. */
enum hcl_op {
	HCL_OP_OR,
	HCL_OP_AND,
	HCL_OP_EQ,
	HCL_OP_NE,
	HCL_OP_LT,
	HCL_OP_LE,
	HCL_OP_GT,
	HCL_OP_GE,
	HCL_OP_ADD,
	HCL_OP_SUB,
	HCL_OP_MUL,
	HCL_OP_DIV,
	HCL_OP_MOD,
	HCL_OP_NOT, /* unary */
	HCL_OP_NEG, /* unary */
};

struct hcl_expr;

struct hcl_object_item {
	struct hcl_expr *key;   /* a bare identifier key is an HCL_LITERAL string
				 * with key_ident set (so are true, false and null
				 * written bare: HCL takes them as names); otherwise
				 * any expression ("k" is an HCL_TEMPLATE) */
	struct hcl_expr *value;
	bool key_ident;         /* written as a bare identifier: `{ cidr = .. }` */
};

struct hcl_expr {
	uint8_t kind;           /* enum hcl_expr_kind */
	struct hcl_range range;
	union {
		struct {                        /* HCL_LITERAL */
			uint8_t kind;           /* enum hcl_literal_kind */
			bool b;                 /* HCL_LIT_BOOL */
			const char *text;       /* NUMBER: as written ("1e3", "0.5");
						 * STRING: decoded text */
			size_t len;
		} lit;
		struct {                        /* HCL_TEMPLATE */
			struct hcl_expr **parts; /* literal strings, interpolated
						  * expressions, IF and FOR parts;
						  * at least one: "" has one empty
						  * literal, and a literal may be
						  * empty after ~ stripped it */
			size_t n;
			bool unwrap;            /* exactly one interpolation and no
						 * literal text: "${x}" is x's value,
						 * not converted to a string */
			bool heredoc;
		} tpl;
		struct {                        /* HCL_TEMPLATE_IF */
			struct hcl_expr *cond;
			struct hcl_expr *then_t; /* HCL_TEMPLATE */
			struct hcl_expr *else_t; /* HCL_TEMPLATE, or NULL when no
						  * %{ else } is written */
		} tif;
		struct {                        /* HCL_TEMPLATE_FOR */
			const char *key_var;    /* NULL when only one name is given */
			const char *value_var;
			struct hcl_expr *coll;
			struct hcl_expr *body;  /* HCL_TEMPLATE */
		} tfor;
		struct {                        /* HCL_TUPLE */
			struct hcl_expr **items;
			size_t n;
		} tuple;
		struct {                        /* HCL_OBJECT */
			struct hcl_object_item *items;
			size_t n;
		} object;
		struct {                        /* HCL_VARIABLE */
			const char *name;
		} var;
		struct {                        /* HCL_GETATTR */
			struct hcl_expr *source;
			const char *name;
			struct hcl_range name_range;
		} getattr;
		struct {                        /* HCL_INDEX */
			struct hcl_expr *source;
			struct hcl_expr *key;   /* the legacy `.0` gives a NUMBER literal */
		} index;
		struct {                        /* HCL_SPLAT */
			struct hcl_expr *source;
			struct hcl_expr *each;  /* over an HCL_SPLAT_ITEM leaf */
			bool full;              /* [*] (true) or .* (false): an attribute
						 * splat takes GetAttr steps only */
		} splat;
		struct {                        /* HCL_CALL */
			const char *name;       /* "cidrsubnet", "provider::aws::arn_parse" */
			struct hcl_range name_range;
			struct hcl_expr **args;
			size_t n;
			bool expand_last;       /* f(a, list...) */
		} call;
		struct {                        /* HCL_FOR */
			const char *key_var;    /* NULL when only one name is given */
			const char *value_var;
			struct hcl_expr *coll;
			struct hcl_expr *key;   /* object form: the key expression */
			struct hcl_expr *value;
			struct hcl_expr *cond;  /* `if`, or NULL */
			bool object;            /* {for ...} */
			bool group;             /* `...` after the value: group by key */
		} forx;
		struct {                        /* HCL_CONDITIONAL */
			struct hcl_expr *cond, *then_e, *else_e;
		} cond;
		struct {                        /* HCL_BINARY */
			uint8_t op;             /* enum hcl_op */
			struct hcl_expr *lhs, *rhs;
		} binary;
		struct {                        /* HCL_UNARY */
			uint8_t op;             /* HCL_OP_NOT or HCL_OP_NEG */
			struct hcl_expr *operand;
		} unary;
		struct {                        /* HCL_PAREN */
			struct hcl_expr *inner;
		} paren;
	};
};

struct hcl_body;

struct hcl_attr {
	const char *name;
	struct hcl_expr *expr;
	struct hcl_range range;      /* name through the end of the expression */
	struct hcl_range name_range;
};

struct hcl_block {
	const char *type;            /* "resource", "variable", "dynamic", ... */
	const char **labels;         /* decoded label strings */
	struct hcl_range *label_ranges;
	size_t nlabels;
	struct hcl_body *body;
	struct hcl_range range;      /* type through the closing brace */
	struct hcl_range type_range;
};

/* Attributes and blocks each in the order written.  An attribute name
 * appears at most once in a body (the reader refuses a redefinition, as
 * Terraform does). */
struct hcl_body {
	struct hcl_attr *attrs;
	size_t nattrs;
	struct hcl_block *blocks;
	size_t nblocks;
	struct hcl_range range;
};

struct hcl_file {
	const char *path;            /* borrowed */
	const char *src;             /* borrowed: the text read */
	size_t len;
	bool json;                   /* read from JSON syntax */
	struct hcl_body *body;
};

/* Bounds for hostile input; a reader that passes one fails with a
 * positioned error naming it. */
struct hcl_limits {
	unsigned max_depth;          /* nesting of blocks and expressions */
};
#define HCL_MAX_DEPTH 256

/*
 * Read src[0..len) (HCL native syntax) into *out, allocating from a.
 * Returns 0, or -1 after adding one positioned error ("file:line:col:
 * msg") to errs: the first syntax error, as Terraform reports it.
 * limits may be NULL for the defaults.
 */
int hcl_parse(struct hcl_file *out, struct arena *a, const char *path, const char *src,
	      size_t len, const struct hcl_limits *limits, struct errlist *errs);

/*
 * The same for Terraform's JSON syntax.  Where a body is a block or an
 * attribute depends on the schema, so the reader is told what kind of
 * file it reads: HCL_JSON_CONFIG (.tf.json: top-level block types with
 * their label counts, resource and module bodies, nested `dynamic`,
 * `lifecycle`, `provisioner`, ... blocks; "//" keys are comments) or
 * HCL_JSON_VARS (.tfvars.json: every member is an attribute whose value
 * is taken literally, no templates).
 *
 * The tree is the one the native form of the same file gives: strings
 * are templates ("${x}" an unwrapped one); the arguments Terraform takes
 * literally (variable default and description, module source, all of a
 * terraform block, ...) are HCL_LITERAL strings; the references written
 * as strings (provider, depends_on, ignore_changes, ...) and a
 * variable's type ("map(string)") are parsed as native expressions, so
 * `type` is the same HCL_CALL either way.  Positions inside a string are
 * exact: escapes are mapped back to the columns they were written at.
 */
enum hcl_json_mode { HCL_JSON_CONFIG, HCL_JSON_VARS };
int hcl_parse_json(struct hcl_file *out, struct arena *a, const char *path, const char *src,
		   size_t len, enum hcl_json_mode mode, const struct hcl_limits *limits,
		   struct errlist *errs);

/*
 * One expression on its own (a `--var NAME=VALUE` value whose variable is
 * not a string, or a test); what is the rest of the text after it is an
 * error.  Newlines are ignored around and inside it, as HCL's
 * ParseExpression ignores them; a heredoc still needs the newline after
 * its closing line.  Ranges use the given file name.  NULL after adding
 * the error.
 */
struct hcl_expr *hcl_parse_expr(struct arena *a, const char *file, const char *src,
				size_t len, const struct hcl_limits *limits,
				struct errlist *errs);

/* The attribute called name in body, or NULL.  A linear search: a caller
 * looking up many names of a large body builds its own map. */
const struct hcl_attr *hcl_body_attr(const struct hcl_body *body, const char *name);

/* A static reference such as `aws.west` or `aws_vpc.main` (a provider =
 * or depends_on item) as text, or NULL when e is not one.  From a. */
const char *hcl_expr_traversal_text(struct arena *a, const struct hcl_expr *e);

#endif
