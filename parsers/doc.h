/*
 * doc.h: one document tree for YAML and JSON, with the line and column of
 * every node, so that a finding can point at the property that caused it.
 *
 * Both readers build the same shapes: scalars keep their text, sequences
 * their items, mappings their keys and values in document order.  A YAML
 * local tag (!Ref, !GetAtt, ...) is kept on the node; JSON has none.  A YAML
 * alias shares the anchored node, so the tree is a DAG; the readers bound
 * both its expanded size and its expanded depth (billion laughs, deep
 * nesting) and fail with a positioned error instead.
 *
 * Ownership: everything hangs off struct doc's arena; doc_release() frees
 * the whole tree at once.
 */
#ifndef CIDRLINT_DOC_H
#define CIDRLINT_DOC_H

#include "policies/base.h"

enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };

enum node_style {
	STYLE_PLAIN,  /* YAML plain scalar; JSON number, true, false, null */
	STYLE_QUOTED, /* YAML quoted or block scalar; JSON string */
};

struct mark {
	uint32_t line, col; /* 1-based; col counts characters */
	uint32_t byte;      /* offset in the text read, for readers that go back
			     * to it (a JSON string's escapes, parsers/terraform) */
};

struct node {
	uint8_t kind;       /* enum node_kind */
	uint8_t style;      /* enum node_style, scalars only */
	uint16_t height;    /* levels below this node, aliases expanded */
	uint32_t n;         /* items (seq) or pairs (map) */
	const char *tag;    /* "!Ref" etc., or NULL */
	const char *str;    /* scalar text, NUL-terminated (may hold NULs) */
	size_t len;         /* scalar length */
	struct node **items; /* seq: n items; map: 2n, key then value */
	struct mark start, end;
	uint64_t weight;    /* nodes in this subtree, aliases expanded */
};

struct doc_limits {
	unsigned max_depth;     /* deepest nesting, aliases expanded */
	uint64_t max_expanded;  /* nodes reachable through aliases */
};
#define DOC_MAX_DEPTH 128
#define DOC_MAX_EXPANDED 1000000

struct doc {
	struct arena arena;
	const char *file;    /* borrowed: the path used in messages */
	struct node *root;   /* NULL for an empty document */
	size_t nodes;        /* nodes allocated */
};

void doc_init(struct doc *d, const char *file);
void doc_release(struct doc *d);

/*
 * Read buf[0..len) into d.  Return 0, or -1 after adding one positioned
 * error (file:line:col) to errs.  limits may be NULL for the defaults.
 */
int doc_read_yaml(struct doc *d, const char *buf, size_t len,
		  const struct doc_limits *limits, struct errlist *errs);
int doc_read_json(struct doc *d, const char *buf, size_t len,
		  const struct doc_limits *limits, struct errlist *errs);

/* --- reading the tree ------------------------------------------------- */

/* The value of key in a mapping (the last one if repeated), or NULL. */
struct node *node_get(const struct node *map, const char *key);
/* Key and value of pair i of a mapping. */
static inline struct node *node_key(const struct node *map, size_t i)
{
	return map->items[2 * i];
}
static inline struct node *node_val(const struct node *map, size_t i)
{
	return map->items[2 * i + 1];
}
/* Scalar text, or NULL when n is not an untagged scalar. */
const char *node_text(const struct node *n);
/* A plain null (YAML ~, null, empty; JSON null). */
bool node_is_null(const struct node *n);
/* YAML 1.1 / JSON booleans; returns -1 when n is not one. */
int node_bool(const struct node *n);
/* A decimal integer scalar (plain or quoted: an optional -, digits, no
 * leading zero), into *out; -1 if not one or out of range. */
int node_int(const struct node *n, long long *out);
const char *node_kind_name(const struct node *n);

#endif
