/*
 * hcl_json.c: Terraform's JSON configuration syntax (.tf.json and
 * .tfvars.json) into the tree of hcl.h, the same shapes hcl_parse.c
 * builds from native syntax, following
 * developer.hashicorp.com/terraform/language/syntax/json.
 *
 * The text is read by parsers/doc.c's JSON reader (a tree with the place
 * of every node), then walked with the schema Terraform applies:
 *  - top-level properties are block types: resource and data take two
 *    labels, module, variable, output, provider and check one, locals,
 *    terraform, moved, import and removed none; each label is one level
 *    of object, and at any level an array of objects repeats it;
 *  - inside a body, a property is a nested block when the schema names
 *    one (lifecycle, provisioner, connection, dynamic and its content,
 *    timeouts, precondition ...; and the nested blocks of the resources
 *    cidrlint reads, such as aws_route_table's route), else an argument;
 *    "//" properties of a body are comments;
 *  - an argument's value is an expression: a string is a template (so
 *    "${var.cidr}" is var.cidr's value), numbers, booleans and null are
 *    literals, arrays tuples, objects objects (their keys templates);
 *    except where Terraform takes it otherwise: variable default and
 *    description, module source and version, provider alias and version,
 *    everything in terraform blocks, connection type, output description
 *    and sensitive are literal; provider, depends_on, ignore_changes,
 *    replace_triggered_by, moved and import addresses, dynamic iterator
 *    and provisioner when/on_failure are references, written as strings;
 *    a variable's type is a type expression in a string ("map(string)").
 *    Those strings are parsed as native expressions, so the tree is the
 *    one the native form gives.
 *
 * Places inside a string: escapes are decoded first, and a map from each
 * byte of the decoded text to its place in the file keeps every node of
 * the template (or expression) pointing at the right column: exact, as
 * a JSON string never spans lines.
 */
#include "parsers/doc.h"
#include "parsers/terraform/hcl_lex.h"

#include <stdlib.h>
#include <string.h>

enum jmode {
	J_EXPR,      /* templates and their kin */
	J_LIT,       /* taken literally */
	J_REF,       /* a string holding a reference (or a keyword) */
	J_REFS,      /* one, or an array of them */
	J_TYPE,      /* a string holding a type expression */
	J_PROVIDERS, /* module providers: { "aws" = "aws.west" } */
};

struct jschema;

/* A member a body treats specially: a nested block (schema set) or an
 * argument with its own mode. */
struct jrule {
	const char *name;
	uint8_t mode;
	uint8_t nlabels;
	const struct jschema *block;
};

struct jschema {
	uint8_t mode;                /* of the other arguments */
	bool unknown_blocks;         /* the top level: other object members are blocks */
	const char *typed;           /* nested blocks by type: "resource", "data", "provider" */
	const struct jrule *rules;   /* ended by a NULL name */
};

static const struct jrule no_rules[] = {{NULL, 0, 0, NULL}};
static const struct jschema s_plain = {J_EXPR, false, NULL, no_rules};
static const struct jschema s_literal = {J_LIT, false, NULL, no_rules};

static const struct jrule connection_rules[] = {{"type", J_LIT, 0, NULL}, {NULL, 0, 0, NULL}};
static const struct jschema s_connection = {J_EXPR, false, NULL, connection_rules};

static const struct jrule provisioner_rules[] = {
	{"when", J_REF, 0, NULL},
	{"on_failure", J_REF, 0, NULL},
	{"connection", 0, 0, &s_connection},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_provisioner = {J_EXPR, false, NULL, provisioner_rules};

static const struct jrule lifecycle_rules[] = {
	{"ignore_changes", J_REFS, 0, NULL},
	{"replace_triggered_by", J_REFS, 0, NULL},
	{"precondition", 0, 0, &s_plain},
	{"postcondition", 0, 0, &s_plain},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_lifecycle = {J_EXPR, false, NULL, lifecycle_rules};

static const struct jschema s_dynamic;
static const struct jrule content_rules[] = {{"dynamic", 0, 1, &s_dynamic}, {NULL, 0, 0, NULL}};
static const struct jschema s_content = {J_EXPR, false, NULL, content_rules};
static const struct jrule dynamic_rules[] = {
	{"iterator", J_REF, 0, NULL},
	{"content", 0, 0, &s_content},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_dynamic = {J_EXPR, false, NULL, dynamic_rules};

static const struct jrule resource_rules[] = {
	{"provider", J_REF, 0, NULL},
	{"depends_on", J_REFS, 0, NULL},
	{"lifecycle", 0, 0, &s_lifecycle},
	{"provisioner", 0, 1, &s_provisioner},
	{"connection", 0, 0, &s_connection},
	{"dynamic", 0, 1, &s_dynamic},
	{"timeouts", 0, 0, &s_plain},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_resource = {J_EXPR, false, "resource", resource_rules};

static const struct jrule data_rules[] = {
	{"provider", J_REF, 0, NULL},
	{"depends_on", J_REFS, 0, NULL},
	{"lifecycle", 0, 0, &s_lifecycle},
	{"dynamic", 0, 1, &s_dynamic},
	{"timeouts", 0, 0, &s_plain},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_data = {J_EXPR, false, "data", data_rules};

static const struct jrule module_rules[] = {
	{"source", J_LIT, 0, NULL},
	{"version", J_LIT, 0, NULL},
	{"providers", J_PROVIDERS, 0, NULL},
	{"depends_on", J_REFS, 0, NULL},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_module = {J_EXPR, false, NULL, module_rules};

static const struct jrule variable_rules[] = {
	{"type", J_TYPE, 0, NULL},
	{"validation", 0, 0, &s_plain},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_variable = {J_LIT, false, NULL, variable_rules};

static const struct jrule output_rules[] = {
	{"description", J_LIT, 0, NULL},
	{"sensitive", J_LIT, 0, NULL},
	{"depends_on", J_REFS, 0, NULL},
	{"precondition", 0, 0, &s_plain},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_output = {J_EXPR, false, NULL, output_rules};

static const struct jrule provider_rules[] = {
	{"alias", J_LIT, 0, NULL},
	{"version", J_LIT, 0, NULL},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_provider = {J_EXPR, false, "provider", provider_rules};

static const struct jrule cloud_rules[] = {{"workspaces", 0, 0, &s_literal}, {NULL, 0, 0, NULL}};
static const struct jschema s_cloud = {J_LIT, false, NULL, cloud_rules};
static const struct jrule terraform_rules[] = {
	{"backend", 0, 1, &s_literal},
	{"required_providers", 0, 0, &s_literal},
	{"cloud", 0, 0, &s_cloud},
	{"provider_meta", 0, 1, &s_literal},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_terraform = {J_LIT, false, NULL, terraform_rules};

static const struct jrule moved_rules[] = {
	{"from", J_REF, 0, NULL},
	{"to", J_REF, 0, NULL},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_moved = {J_EXPR, false, NULL, moved_rules};
static const struct jrule import_rules[] = {
	{"to", J_REF, 0, NULL},
	{"provider", J_REF, 0, NULL},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_import = {J_EXPR, false, NULL, import_rules};
static const struct jrule removed_rules[] = {
	{"from", J_REF, 0, NULL},
	{"lifecycle", 0, 0, &s_lifecycle},
	{"provisioner", 0, 1, &s_provisioner},
	{"connection", 0, 0, &s_connection},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_removed = {J_EXPR, false, NULL, removed_rules};
static const struct jrule check_rules[] = {
	{"data", 0, 2, &s_data},
	{"assert", 0, 0, &s_plain},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_check = {J_EXPR, false, NULL, check_rules};

static const struct jrule root_rules[] = {
	{"resource", 0, 2, &s_resource},
	{"data", 0, 2, &s_data},
	{"module", 0, 1, &s_module},
	{"variable", 0, 1, &s_variable},
	{"output", 0, 1, &s_output},
	{"provider", 0, 1, &s_provider},
	{"check", 0, 1, &s_check},
	{"locals", 0, 0, &s_plain},
	{"terraform", 0, 0, &s_terraform},
	{"moved", 0, 0, &s_moved},
	{"import", 0, 0, &s_import},
	{"removed", 0, 0, &s_removed},
	{NULL, 0, 0, NULL},
};
static const struct jschema s_root = {J_EXPR, true, NULL, root_rules};

/*
 * Nested block types of the resources, data sources and providers
 * cidrlint reads (the provider's schema makes them blocks; the JSON form
 * does not say).  A value that is not an object or an array of objects
 * stays an argument, as Terraform takes "attributes as blocks".
 */
static const struct {
	const char *kind, *type, *name;
} typed_blocks[] = {
	{"resource", "aws_route_table", "route"},
	{"resource", "aws_default_route_table", "route"},
	{"resource", "aws_security_group", "ingress"},
	{"resource", "aws_security_group", "egress"},
	{"resource", "aws_default_security_group", "ingress"},
	{"resource", "aws_default_security_group", "egress"},
	{"resource", "aws_network_acl", "ingress"},
	{"resource", "aws_network_acl", "egress"},
	{"resource", "aws_default_network_acl", "ingress"},
	{"resource", "aws_default_network_acl", "egress"},
	{"data", "aws_vpc", "filter"},
	{"data", "aws_vpcs", "filter"},
	{"data", "aws_subnet", "filter"},
	{"data", "aws_subnets", "filter"},
	{"data", "aws_vpc_ipam_pool", "filter"},
	{"data", "aws_vpc_ipam_pools", "filter"},
	{"data", "aws_availability_zones", "filter"},
	{"data", "aws_route_table", "filter"},
	{"data", "aws_security_group", "filter"},
	{"provider", "aws", "assume_role"},
	{"provider", "aws", "assume_role_with_web_identity"},
	{"provider", "aws", "default_tags"},
	{"provider", "aws", "ignore_tags"},
	{"provider", "aws", "endpoints"},
};

struct jreader {
	struct arena *a;
	struct hcl_store st;
	const char *file;
	const char *src;
	size_t len;
	struct errlist *errs;
	unsigned max_depth;
	struct hcl_pos *map;     /* of the string being parsed (heap, reused) */
	size_t map_cap;
	struct hcl_names names;
	jmp_buf fail;
};

static _Noreturn void jfail(struct jreader *r, const struct node *at, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
static _Noreturn void jfail(struct jreader *r, const struct node *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(r->errs, r->file, at->start.line, at->start.col, fmt, ap);
	va_end(ap);
	longjmp(r->fail, 1);
}

static struct hcl_pos pos_of(struct mark m)
{
	struct hcl_pos p = {m.line, m.col, m.byte};

	return p;
}

static struct hcl_range range_of(const struct jreader *r, const struct node *n)
{
	struct hcl_range rg = {r->file, pos_of(n->start), pos_of(n->end)};

	return rg;
}

static bool is_string(const struct node *n)
{
	return n->kind == NODE_SCALAR && n->style == STYLE_QUOTED;
}

static bool is_comment(const struct node *key)
{
	return key->len == 2 && memcmp(key->str, "//", 2) == 0;
}

/* --- strings ------------------------------------------------------------ */

/*
 * The place in the file of each byte of the decoded string n (and of its
 * end, the closing quote), walking the raw text beside it.  doc.c has
 * checked the escapes already.
 */
static const struct hcl_pos *string_map(struct jreader *r, const struct node *n)
{
	const char *raw = r->src + n->start.byte + 1;
	struct hcl_pos at = {n->start.line, n->start.col + 1, n->start.byte + 1};
	size_t d = 0;

	if (n->len + 1 > r->map_cap) {
		r->map_cap = n->len + 1;
		r->map = xrealloc(r->map, r->map_cap * sizeof(*r->map));
	}
	while (d < n->len) {
		size_t rawlen = 1, declen = 1;
		if (*raw == '\\') {
			rawlen = 2;
			if (raw[1] == 'u') {
				/* what \uXXXX gave is one character: its first byte says
				 * how long, and four bytes came from a surrogate pair */
				unsigned char lead = (unsigned char)n->str[d];
				declen = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
				rawlen = declen == 4 ? 12 : 6;
			}
		}
		for (size_t k = 0; k < declen && d < n->len; k++)
			r->map[d++] = at;
		if (*raw == '\\') {
			at.col += (uint32_t)rawlen;
		} else if (((unsigned char)*raw & 0xc0) != 0x80) {
			at.col++;
		}
		raw += rawlen;
		at.byte += (uint32_t)rawlen;
	}
	r->map[n->len] = at;
	return r->map;
}

static struct hcl_expr *literal(struct jreader *r, const struct node *n)
{
	struct hcl_expr *e = hcl_store_expr(&r->st);

	e->kind = HCL_LITERAL;
	e->range = range_of(r, n);
	if (is_string(n)) {
		e->lit.kind = HCL_LIT_STRING;
		e->lit.text = arena_memdup(r->a, n->str, n->len + 1);
		e->lit.len = n->len;
	} else if (strcmp(n->str, "null") == 0) {
		e->lit.kind = HCL_LIT_NULL;
	} else if (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0) {
		e->lit.kind = HCL_LIT_BOOL;
		e->lit.b = n->str[0] == 't';
	} else {
		e->lit.kind = HCL_LIT_NUMBER;
		e->lit.text = arena_strndup(r->a, n->str, n->len);
		e->lit.len = n->len;
	}
	return e;
}

static struct hcl_expr *template_of(struct jreader *r, const struct node *n)
{
	struct hcl_expr *e = hcl_parse_text_template(&r->st, r->file, n->str, n->len,
						     string_map(r, n), r->max_depth, r->errs);

	if (!e)
		longjmp(r->fail, 1);
	e->range = range_of(r, n); /* the whole string, quotes and all */
	return e;
}

static struct hcl_expr *reference_of(struct jreader *r, const struct node *n)
{
	struct hcl_expr *e = hcl_parse_text_expr(&r->st, r->file, n->str, n->len, string_map(r, n),
						 r->max_depth, r->errs);

	if (!e)
		longjmp(r->fail, 1);
	return e;
}

/* --- values ------------------------------------------------------------- */

static struct hcl_expr *value_of(struct jreader *r, const struct node *n, enum jmode mode)
{
	struct hcl_expr *e;

	if (n->kind == NODE_SCALAR) {
		if (!is_string(n) || mode == J_LIT)
			return literal(r, n);
		if (mode == J_REF || mode == J_REFS || mode == J_TYPE)
			return reference_of(r, n);
		return template_of(r, n);
	}
	e = hcl_store_expr(&r->st);
	e->range = range_of(r, n);
	if (n->kind == NODE_SEQ) {
		enum jmode item = mode == J_REFS ? J_REF : mode == J_LIT ? J_LIT : J_EXPR;
		e->kind = HCL_TUPLE;
		e->tuple.n = n->n;
		e->tuple.items = arena_alloc(r->a, n->n * sizeof(*e->tuple.items));
		for (size_t i = 0; i < n->n; i++)
			e->tuple.items[i] = value_of(r, n->items[i], item);
		return e;
	}
	e->kind = HCL_OBJECT;
	e->object.n = n->n;
	e->object.items = arena_alloc(r->a, n->n * sizeof(*e->object.items));
	for (size_t i = 0; i < n->n; i++) {
		struct hcl_object_item *it = &e->object.items[i];
		const struct node *k = node_key(n, i), *v = node_val(n, i);
		if (mode == J_LIT || mode == J_PROVIDERS)
			it->key = literal(r, k);
		else
			it->key = template_of(r, k); /* keys of an object value are templates */
		it->value = value_of(r, v, mode == J_LIT ? J_LIT : mode == J_PROVIDERS ? J_REF : J_EXPR);
	}
	return e;
}

/* --- bodies and blocks -------------------------------------------------- */

struct bodyctx {
	const struct jschema *s;
	const char *type;           /* the first label, for typed nested blocks */
};

static const struct jrule *rule_for(const struct jschema *s, const char *name)
{
	for (const struct jrule *ru = s->rules; ru->name; ru++)
		if (strcmp(ru->name, name) == 0)
			return ru;
	return NULL;
}

static bool typed_block(const struct bodyctx *c, const char *name)
{
	if (!c->s->typed || !c->type)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(typed_blocks); i++)
		if (strcmp(typed_blocks[i].kind, c->s->typed) == 0 &&
		    strcmp(typed_blocks[i].type, c->type) == 0 && strcmp(typed_blocks[i].name, name) == 0)
			return true;
	return false;
}

/* An object, or an array of objects (not empty: `[]` is an argument). */
static bool blocks_shape(const struct node *v)
{
	if (v->kind == NODE_MAP)
		return true;
	if (v->kind != NODE_SEQ || !v->n)
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (v->items[i]->kind != NODE_MAP)
			return false;
	return true;
}

static struct hcl_body *body_of(struct jreader *r, const struct node *obj, const struct jschema *s,
				const char *type);

/*
 * The blocks of one property (type_key: v): each label is one level of
 * object, the body is the innermost object; an array at any level
 * repeats what it holds.
 */
static void unpack(struct jreader *r, struct hcl_block **out, size_t *n, size_t *cap,
		   const struct node *type_key, const struct node *v, const struct jrule *ru,
		   const struct node **labels, size_t have)
{
	if (v->kind == NODE_SEQ) {
		for (size_t i = 0; i < v->n; i++) {
			if (v->items[i]->kind != NODE_MAP)
				jfail(r, v->items[i], "expected an object in the array of blocks '%s'",
				      type_key->str);
			unpack(r, out, n, cap, type_key, v->items[i], ru, labels, have);
		}
		return;
	}
	if (v->kind != NODE_MAP)
		jfail(r, v, "expected an object for the block '%s', found a %s", type_key->str,
		      is_string(v) ? "string" : "scalar");
	if (have < ru->nlabels) {
		for (size_t i = 0; i < v->n; i++) {
			if (is_comment(node_key(v, i)))
				continue;
			labels[have] = node_key(v, i);
			unpack(r, out, n, cap, type_key, node_val(v, i), ru, labels, have + 1);
		}
		return;
	}
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		struct hcl_block *nv = arena_alloc(r->a, ncap * sizeof(*nv));
		if (*n)
			memcpy(nv, *out, *n * sizeof(*nv));
		*out = nv;
		*cap = ncap;
	}
	{
		struct hcl_block *b = &(*out)[(*n)++];
		b->type = hcl_store_name(&r->st, type_key->str, type_key->len);
		b->type_range = range_of(r, type_key);
		b->nlabels = ru->nlabels;
		b->labels = arena_alloc(r->a, (ru->nlabels + 1) * sizeof(*b->labels));
		b->label_ranges = arena_alloc(r->a, (ru->nlabels + 1) * sizeof(*b->label_ranges));
		for (size_t i = 0; i < ru->nlabels; i++) {
			b->labels[i] = hcl_store_name(&r->st, labels[i]->str, labels[i]->len);
			b->label_ranges[i] = range_of(r, labels[i]);
		}
		b->body = body_of(r, v, ru->block, ru->nlabels ? b->labels[0] : NULL);
		b->range = b->type_range;
		b->range.end = pos_of(v->end);
	}
}

static struct hcl_body *body_of(struct jreader *r, const struct node *obj, const struct jschema *s,
				const char *type)
{
	struct hcl_body *body = arena_alloc(r->a, sizeof(*body));
	struct bodyctx c = {s, type};
	size_t acap = 0, bcap = 0;
	unsigned serial = ++r->names.serial;
	const struct node *labels[3];

	body->range = range_of(r, obj);
	for (size_t i = 0; i < obj->n; i++) {
		const struct node *k = node_key(obj, i), *v = node_val(obj, i);
		const struct jrule *ru;
		struct jrule typed;
		struct hcl_attr *at;
		long first;

		if (is_comment(k))
			continue;
		ru = rule_for(s, k->str);
		if (!ru && typed_block(&c, k->str) && blocks_shape(v)) {
			typed = (struct jrule){k->str, 0, 0, &s_plain};
			ru = &typed;
		}
		if (!ru && s->unknown_blocks && blocks_shape(v)) {
			typed = (struct jrule){k->str, 0, 0, &s_plain};
			ru = &typed;
		}
		if (ru && ru->block) {
			unpack(r, &body->blocks, &body->nblocks, &bcap, k, v, ru, labels, 0);
			continue;
		}
		if (body->nattrs == acap) {
			size_t ncap = acap ? acap * 2 : 8;
			struct hcl_attr *nv = arena_alloc(r->a, ncap * sizeof(*nv));
			if (body->nattrs)
				memcpy(nv, body->attrs, body->nattrs * sizeof(*nv));
			body->attrs = nv;
			acap = ncap;
		}
		at = &body->attrs[body->nattrs];
		at->name = hcl_store_name(&r->st, k->str, k->len);
		at->name_range = range_of(r, k);
		first = hcl_names_check(&r->names, r->a, serial, body->attrs, body->nattrs);
		if (first >= 0)
			jfail(r, k, "attribute '%s' redefined (first at %s:%u:%u)", at->name, r->file,
			      body->attrs[first].name_range.start.line,
			      body->attrs[first].name_range.start.col);
		body->nattrs++;
		at->expr = value_of(r, v, ru ? ru->mode : s->mode);
		at->range = at->name_range;
		at->range.end = pos_of(v->end);
	}
	return body;
}

static struct hcl_body *vars_of(struct jreader *r, const struct node *root)
{
	static const struct jschema s_vars = {J_LIT, false, NULL, no_rules};

	return body_of(r, root, &s_vars, NULL);
}

int hcl_parse_json(struct hcl_file *out, struct arena *a, const char *path, const char *src,
		   size_t len, enum hcl_json_mode mode, const struct hcl_limits *limits,
		   struct errlist *errs)
{
	struct jreader r;
	struct doc d;
	struct doc_limits dl = {HCL_MAX_DEPTH, DOC_MAX_EXPANDED};

	memset(out, 0, sizeof(*out));
	out->path = path;
	out->src = src;
	out->len = len;
	out->json = true;
	if (limits && limits->max_depth)
		dl.max_depth = limits->max_depth;
	doc_init(&d, path);
	if (doc_read_json(&d, src, len, &dl, errs)) {
		doc_release(&d);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.file = path;
	r.src = src;
	r.len = len;
	r.errs = errs;
	r.max_depth = dl.max_depth;
	hcl_names_init(&r.names);
	hcl_store_init(&r.st, a);
	if (setjmp(r.fail) == 0) {
		if (d.root->kind != NODE_MAP)
			jfail(&r, d.root, "expected a JSON object at the top of a Terraform JSON file, "
			      "found %s", node_kind_name(d.root));
		out->body = mode == HCL_JSON_VARS ? vars_of(&r, d.root) : body_of(&r, d.root, &s_root,
										  NULL);
	} else {
		out->body = NULL;
	}
	free(r.map);
	hcl_names_release(&r.names);
	hcl_store_release(&r.st);
	doc_release(&d);
	return out->body ? 0 : -1;
}
