/*
 * tfeval.c: the expression evaluator (tfeval.h): every node kind of
 * hcl.h with Terraform's (HCL's) semantics.  The built-in functions are
 * in tffunc.c; try() and can() are here because they evaluate their
 * arguments lazily.
 *
 * Every tf_eval_expr() counts a step and a level of depth against the
 * bounds of struct tf_limits; the values it builds are bounded by
 * max_items and max_string.  An ERROR value without a location gets the
 * location of the node that produced it.
 */
#include "parsers/terraform/tfeval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct binding {
	const char *name;
	struct tfval v;
};

struct tf_eval_state {
	struct binding *bind;   /* names bound by for expressions, innermost last */
	size_t nbind, capbind;
	struct tfval *items;    /* the items of the splats being evaluated */
	size_t nitems, capitems;
	unsigned depth;
};

struct loc tf_loc(struct loc_srcs *s, const struct hcl_range *r)
{
	struct loc l = {0};

	if (!r)
		return l;
	l.src = loc_src(s, r->file, NULL);
	l.line = r->start.line;
	l.col = r->start.col;
	l.end_line = r->end.line;
	l.end_col = r->end.col;
	return l;
}

struct loc tf_eval_loc(struct tf_eval *ev, const struct hcl_range *r)
{
	/* between evaluations the caller may have reset ev->a (a driver
	 * reading line after line): the pair made last may be gone */
	if (!ev->st->depth)
		ev->srcs = (struct loc_srcs){.arena = ev->a};
	return tf_loc(&ev->srcs, r);
}

void tf_eval_init(struct tf_eval *ev, struct arena *a, const struct tf_scope *scope,
		  const struct tf_limits *lim)
{
	memset(ev, 0, sizeof(*ev));
	ev->a = a;
	ev->srcs.arena = a;
	ev->scope = scope;
	if (lim)
		ev->lim = *lim;
	if (!ev->lim.max_depth)
		ev->lim.max_depth = TF_MAX_EVAL_DEPTH;
	if (!ev->lim.max_steps)
		ev->lim.max_steps = TF_MAX_EVAL_STEPS;
	if (!ev->lim.max_items)
		ev->lim.max_items = TF_MAX_ITEMS;
	if (!ev->lim.max_string)
		ev->lim.max_string = TF_MAX_STRING;
	if (!ev->lim.max_range)
		ev->lim.max_range = TF_MAX_RANGE;
	if (!ev->lim.max_bytes)
		ev->lim.max_bytes = TF_MAX_BYTES;
	ev->arena_start = a->used;
	ev->st = xcalloc(1, sizeof(*ev->st));
}

void tf_eval_release(struct tf_eval *ev)
{
	if (!ev->st)
		return;
	free(ev->st->bind);
	free(ev->st->items);
	free(ev->st);
	ev->st = NULL;
}

static struct tfval err_at(struct tf_eval *ev, const struct hcl_expr *e, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static struct tfval err_at(struct tf_eval *ev, const struct hcl_expr *e, const char *fmt, ...)
{
	struct tfval v = {.kind = TFV_ERROR};
	va_list ap;

	va_start(ap, fmt);
	v.err.msg = arena_vprintf(ev->a, fmt, ap);
	va_end(ap);
	v.err.loc = tf_eval_loc(ev, e ? &e->range : NULL);
	return v;
}

/* An unknown that says why, without the link or shape of its source:
 * what an operation over an unknown gives. */
static struct tfval unknown_from(const struct tfval *u)
{
	struct tfval v = {.kind = TFV_UNKNOWN};

	v.unk.why = u->unk.why;
	v.origin = u->origin;
	return v;
}

static const struct tfval *lookup_binding(struct tf_eval *ev, const char *name)
{
	for (size_t i = ev->st->nbind; i-- > 0;)
		if (!strcmp(ev->st->bind[i].name, name))
			return &ev->st->bind[i].v;
	return NULL;
}

static void bind(struct tf_eval *ev, const char *name, struct tfval v)
{
	struct binding *b = VEC_PUSH(ev->st->bind, ev->st->nbind, ev->st->capbind);
	b->name = name;
	b->v = v;
}

static struct tfval eval(struct tf_eval *ev, const struct hcl_expr *e);

struct tfval tf_eval_expr(struct tf_eval *ev, const struct hcl_expr *e)
{
	struct tfval r;

	if (!e)
		return tfv_error(ev->a, (struct loc){0}, "missing expression");
	if (++ev->steps > ev->lim.max_steps)
		return err_at(ev, e, "expression too complex: more than %lu evaluation steps",
			      ev->lim.max_steps);
	if (ev->st->depth >= ev->lim.max_depth)
		return err_at(ev, e, "expression nested more than %u levels deep", ev->lim.max_depth);
	if (ev->a->used < ev->arena_start)
		ev->arena_start = ev->a->used; /* the caller reset the arena */
	if (ev->a->used - ev->arena_start > ev->lim.max_bytes) {
		ev->steps = ev->lim.max_steps; /* stop here, as for the other bounds */
		return err_at(ev, e, "evaluation took more than %zu bytes of memory", ev->lim.max_bytes);
	}
	ev->st->depth++;
	r = eval(ev, e);
	ev->st->depth--;
	if (r.kind == TFV_ERROR && !loc_file(&r.err.loc) && !r.err.loc.line)
		r.err.loc = tf_eval_loc(ev, &e->range);
	return r;
}

/* --- literals and templates -------------------------------------------- */

static struct tfval eval_literal(struct tf_eval *ev, const struct hcl_expr *e)
{
	double d;

	switch (e->lit.kind) {
	case HCL_LIT_NULL:
		return tfv_null();
	case HCL_LIT_BOOL:
		return tfv_bool(e->lit.b);
	case HCL_LIT_NUMBER:
		if (!tfv_parse_number(e->lit.text, e->lit.len ? e->lit.len : strlen(e->lit.text), &d))
			return err_at(ev, e, "invalid number literal '%s'", e->lit.text);
		return tfv_number(d);
	default:
		return tfv_string(ev->a, e->lit.text ? e->lit.text : "", e->lit.len);
	}
}

static int add_template_parts(struct tf_eval *ev, const struct hcl_expr *tpl, struct sbuf *sb,
			      struct tfval *out);

/* The string a template part adds; returns 0, or 1 with *out the ERROR
 * or UNKNOWN that the whole template becomes. */
static int add_template_value(struct tf_eval *ev, const struct hcl_expr *part, struct sbuf *sb,
			      struct tfval *out)
{
	struct tfval v = tf_eval_expr(ev, part), s;

	if (v.kind == TFV_ERROR || v.kind == TFV_UNKNOWN) {
		*out = v.kind == TFV_UNKNOWN ? unknown_from(&v) : v;
		return 1;
	}
	if (v.kind == TFV_NULL) {
		*out = err_at(ev, part, "invalid template interpolation value: the expression result "
			      "is null; cannot include a null value in a string template");
		return 1;
	}
	s = tfv_to_string(ev->a, &v, tf_eval_loc(ev, &part->range));
	if (s.kind != TFV_STRING) {
		*out = err_at(ev, part, "invalid template interpolation value: cannot include the "
			      "given value in a string template: string required, but have %s",
			      tfv_type_name(&v));
		return 1;
	}
	if (sbuf_add(sb, s.str.s, s.str.len)) {
		*out = err_at(ev, part, "string longer than %zu bytes", ev->lim.max_string);
		return 1;
	}
	return 0;
}

static struct tfval condition(struct tf_eval *ev, const struct hcl_expr *cond, bool *truth);

static int add_template_if(struct tf_eval *ev, const struct hcl_expr *part, struct sbuf *sb,
			   struct tfval *out)
{
	bool truth = false;
	struct tfval c = condition(ev, part->tif.cond, &truth);

	if (c.kind != TFV_NULL) {
		*out = c;
		return 1;
	}
	if (truth)
		return add_template_parts(ev, part->tif.then_t, sb, out);
	if (part->tif.else_t)
		return add_template_parts(ev, part->tif.else_t, sb, out);
	return 0;
}

struct iter {
	const struct tfval *coll;
	size_t i;
};

static struct tfval iter_start(struct tf_eval *ev, const struct hcl_expr *collexpr,
			       struct tfval *coll);
static bool iter_next(struct tf_eval *ev, struct iter *it, struct tfval *key, struct tfval *val);

static int add_template_for(struct tf_eval *ev, const struct hcl_expr *part, struct sbuf *sb,
			    struct tfval *out)
{
	struct tfval coll, key, val, r;
	struct iter it;
	size_t mark = ev->st->nbind;
	int ret = 0;

	r = iter_start(ev, part->tfor.coll, &coll);
	if (r.kind != TFV_NULL) {
		*out = r;
		return 1;
	}
	it = (struct iter){&coll, 0};
	while (iter_next(ev, &it, &key, &val)) {
		ev->st->nbind = mark;
		if (part->tfor.key_var)
			bind(ev, part->tfor.key_var, key);
		bind(ev, part->tfor.value_var, val);
		if (!add_template_parts(ev, part->tfor.body, sb, &r))
			continue;
		/* an error wins over an unknown; the first unknown says why */
		if (r.kind == TFV_ERROR || !ret)
			*out = r;
		ret = 1;
		if (r.kind == TFV_ERROR)
			break;
	}
	ev->st->nbind = mark;
	return ret;
}

static int add_template_parts(struct tf_eval *ev, const struct hcl_expr *tpl, struct sbuf *sb,
			      struct tfval *out)
{
	struct tfval unk = {.kind = TFV_NULL};

	if (tpl->kind != HCL_TEMPLATE)
		return add_template_value(ev, tpl, sb, out);
	for (size_t i = 0; i < tpl->tpl.n; i++) {
		const struct hcl_expr *p = tpl->tpl.parts[i];
		struct tfval r;
		int bad;

		if (p->kind == HCL_LITERAL && p->lit.kind == HCL_LIT_STRING) {
			if (sbuf_add(sb, p->lit.text, p->lit.len)) {
				*out = err_at(ev, p, "string longer than %zu bytes", ev->lim.max_string);
				return 1;
			}
			continue;
		}
		if (p->kind == HCL_TEMPLATE_IF)
			bad = add_template_if(ev, p, sb, &r);
		else if (p->kind == HCL_TEMPLATE_FOR)
			bad = add_template_for(ev, p, sb, &r);
		else if (p->kind == HCL_TEMPLATE)
			bad = add_template_parts(ev, p, sb, &r);
		else
			bad = add_template_value(ev, p, sb, &r);
		if (!bad)
			continue;
		/* an error wins over an unknown; the first unknown says why */
		if (r.kind == TFV_ERROR) {
			*out = r;
			return 1;
		}
		if (unk.kind == TFV_NULL)
			unk = r;
	}
	if (unk.kind != TFV_NULL) {
		*out = unk;
		return 1;
	}
	return 0;
}

static struct tfval eval_template(struct tf_eval *ev, const struct hcl_expr *e)
{
	struct sbuf sb;
	struct tfval out;

	if (e->tpl.unwrap && e->tpl.n == 1)
		return tf_eval_expr(ev, e->tpl.parts[0]);
	sbuf_init(&sb, ev->lim.max_string);
	if (add_template_parts(ev, e, &sb, &out) == 0)
		out = tfv_string(ev->a, sb.buf, sb.len);
	sbuf_release(&sb);
	return out;
}

/* --- collections ------------------------------------------------------ */

static struct tfval too_many(struct tf_eval *ev, const struct hcl_expr *e)
{
	return err_at(ev, e, "collection with more than %zu elements", ev->lim.max_items);
}

static struct tfval eval_tuple(struct tf_eval *ev, const struct hcl_expr *e)
{
	struct tfval *items, r;

	if (e->tuple.n > ev->lim.max_items)
		return too_many(ev, e);
	items = xmalloc((e->tuple.n ? e->tuple.n : 1) * sizeof(*items));
	for (size_t i = 0; i < e->tuple.n; i++) {
		items[i] = tf_eval_expr(ev, e->tuple.items[i]);
		if (items[i].kind == TFV_ERROR) {
			r = items[i];
			free(items);
			return r;
		}
	}
	r = tfv_list(ev->a, items, e->tuple.n, true);
	free(items);
	return r;
}

/* The string an object key (what NULL) or a for expression's key gives;
 * *out is the ERROR or UNKNOWN it gives instead. */
static bool key_string(struct tf_eval *ev, const struct hcl_expr *ke, struct tfval k,
		       const char *what, const char **key, struct tfval *out)
{
	struct tfval s;

	if (k.kind == TFV_ERROR || k.kind == TFV_UNKNOWN) {
		*out = k.kind == TFV_UNKNOWN ? unknown_from(&k) : k;
		return false;
	}
	if (k.kind == TFV_NULL) {
		if (!what)
			*out = err_at(ev, ke, "null value as key: can't use a null value as a key");
		else
			*out = err_at(ev, ke, "invalid object key: key expression in %s must not "
				      "produce a null value", what);
		return false;
	}
	s = tfv_to_string(ev->a, &k, tf_eval_loc(ev, &ke->range));
	if (s.kind != TFV_STRING) {
		*out = err_at(ev, ke, "invalid object key: the key expression produced an invalid "
			      "result: string required, but have %s", tfv_type_name(&k));
		return false;
	}
	*key = s.str.s;
	return true;
}

static struct tfval eval_object(struct tf_eval *ev, const struct hcl_expr *e)
{
	size_t n = e->object.n;
	const char **keys;
	struct tfval *items, r = {.kind = TFV_NULL}, unk = {.kind = TFV_NULL};

	if (n > ev->lim.max_items)
		return too_many(ev, e);
	keys = xmalloc((n ? n : 1) * sizeof(*keys));
	items = xmalloc((n ? n : 1) * sizeof(*items));
	for (size_t i = 0; i < n && r.kind == TFV_NULL; i++) {
		const struct hcl_object_item *it = &e->object.items[i];
		struct tfval bad;
		if (it->key_ident) {
			keys[i] = it->key->lit.text;
		} else if (!key_string(ev, it->key, tf_eval_expr(ev, it->key), NULL, &keys[i], &bad)) {
			if (bad.kind == TFV_ERROR)
				r = bad;
			else if (unk.kind == TFV_NULL)
				unk = bad;
			keys[i] = "";
		}
		items[i] = tf_eval_expr(ev, it->value);
		if (items[i].kind == TFV_ERROR)
			r = items[i];
	}
	if (r.kind == TFV_NULL)
		r = unk.kind != TFV_NULL ? unk : tfv_map(ev->a, keys, items, n, true);
	free(keys);
	free(items);
	return r;
}

/* --- traversals --------------------------------------------------------- */

static const struct hcl_range *step_range(const struct hcl_expr *node)
{
	return node->kind == HCL_GETATTR ? &node->getattr.name_range : &node->range;
}

static struct tfval inherit(struct tfval item, const struct tfval *from)
{
	if (!item.origin)
		item.origin = from->origin;
	return item;
}

static struct tfval get_attr(struct tf_eval *ev, const struct tfval *v, const char *name,
			     const struct hcl_expr *node)
{
	const struct tfval *item;

	switch (v->kind) {
	case TFV_ERROR:
		return *v;
	case TFV_UNKNOWN:
		return unknown_from(v);
	case TFV_NULL:
		return err_at(ev, node, "attempt to get attribute from null value: this value is null, "
			      "so it does not have any attributes");
	case TFV_MAP:
		if ((item = tfv_map_get(v, name)))
			return inherit(*item, v);
		if (v->object)
			return err_at(ev, node, "unsupported attribute: this object does not have an "
				      "attribute named \"%s\"", name);
		return err_at(ev, node, "missing map element: this map does not have an element with "
			      "the key \"%s\"", name);
	case TFV_LIST:
		if (!v->object)
			return err_at(ev, node, "unsupported attribute: can't access attributes on a list "
				      "of objects; did you mean to access attribute \"%s\" for a specific "
				      "element of the list, or across all elements of the list?", name);
		return err_at(ev, node, "unsupported attribute: this value does not have any attributes");
	case TFV_SET:
		return err_at(ev, node, "unsupported attribute: this value does not have any attributes");
	default:
		return err_at(ev, node, "unsupported attribute: can't access attributes on a "
			      "primitive-typed value (%s)", tfv_type_name(v));
	}
}

static struct tfval get_index(struct tf_eval *ev, const struct tfval *v, const struct tfval *key,
			      const struct hcl_expr *node)
{
	const char *bad = "the given key does not identify an element in this collection value";
	struct tfval k;

	if (v->kind == TFV_ERROR)
		return *v;
	if (key->kind == TFV_ERROR)
		return *key;
	if (v->kind == TFV_NULL)
		return err_at(ev, node, "attempt to index null value: this value is null, so it does "
			      "not have any indices");
	if (key->kind == TFV_NULL)
		return err_at(ev, node, "invalid index: can't use a null value as an indexing key");
	if (v->kind == TFV_UNKNOWN)
		return unknown_from(v);
	if (key->kind == TFV_UNKNOWN)
		return unknown_from(key);
	switch (v->kind) {
	case TFV_LIST:
		k = tfv_to_number(ev->a, key, tf_eval_loc(ev, &node->range));
		if (k.kind != TFV_NUMBER)
			return err_at(ev, node, "invalid index: %s: a number is required", bad);
		if (k.num != floor(k.num))
			return err_at(ev, node, "invalid index: %s: indexing a sequence requires a whole "
				      "number, but the given index has a fractional part", bad);
		if (k.num < 0)
			return err_at(ev, node, "invalid index: %s: a negative number is not a valid "
				      "index for a sequence", bad);
		if (k.num >= (double)v->coll.n)
			return err_at(ev, node, "invalid index: %s: the given index is greater than or "
				      "equal to the length of the collection", bad);
		return inherit(v->coll.items[(size_t)k.num], v);
	case TFV_MAP: {
		const struct tfval *item;
		k = tfv_to_string(ev->a, key, tf_eval_loc(ev, &node->range));
		if (k.kind != TFV_STRING)
			return err_at(ev, node, "invalid index: %s: a string is required", bad);
		if ((item = tfv_map_get(v, k.str.s)))
			return inherit(*item, v);
		return err_at(ev, node, "invalid index: %s", bad);
	}
	case TFV_SET:
		return err_at(ev, node, "invalid index: elements of a set are identified only by their "
			      "value and don't have any separate index or key to select with, so it's "
			      "only possible to perform operations across all elements of the set");
	default:
		return err_at(ev, node, "invalid index: this value does not have any indices");
	}
}

/* A traversal's nodes from the first step above the root to e. */
static const struct hcl_expr **chain_nodes(struct tf_eval *ev, const struct hcl_expr *e,
					   size_t *n, const struct hcl_expr **root)
{
	const struct hcl_expr *cur = e, **nodes;
	size_t count = 0;

	while (cur->kind == HCL_GETATTR || cur->kind == HCL_INDEX) {
		count++;
		cur = cur->kind == HCL_GETATTR ? cur->getattr.source : cur->index.source;
	}
	*root = cur;
	*n = count;
	nodes = arena_alloc(ev->a, (count ? count : 1) * sizeof(*nodes));
	cur = e;
	for (size_t i = count; i-- > 0;) {
		nodes[i] = cur;
		cur = cur->kind == HCL_GETATTR ? cur->getattr.source : cur->index.source;
	}
	return nodes;
}

/*
 * The value of the traversal root.nodes[0..n): the root's binding, or
 * what the scope resolves (with the index keys evaluated), then each step
 * the scope did not take.
 */
static struct tfval eval_traversal(struct tf_eval *ev, const struct hcl_expr *root,
				   const struct hcl_expr **nodes, size_t n)
{
	struct tfval v;
	struct tf_step *steps = NULL;
	const struct tfval *bound = NULL;
	size_t start = 0;

	if (root->kind == HCL_VARIABLE && !(bound = lookup_binding(ev, root->var.name))) {
		size_t used = 0;
		steps = arena_alloc(ev->a, (n ? n : 1) * sizeof(*steps));
		for (size_t i = 0; i < n; i++) {
			steps[i].range = step_range(nodes[i]);
			if (nodes[i]->kind == HCL_GETATTR) {
				steps[i].name = nodes[i]->getattr.name;
				continue;
			}
			steps[i].index = true;
			steps[i].key = tf_eval_expr(ev, nodes[i]->index.key);
			if (steps[i].key.kind == TFV_ERROR)
				return steps[i].key;
		}
		if (!ev->scope || !ev->scope->resolve)
			return err_at(ev, root, "unknown variable: there is no variable named \"%s\"",
				      root->var.name);
		v = ev->scope->resolve(ev->scope->ctx, root->var.name, steps, n, &used, &root->range);
		if (v.kind == TFV_ERROR && !loc_file(&v.err.loc) && !v.err.loc.line)
			v.err.loc = tf_eval_loc(ev, &root->range);
		if (used > n)
			used = n;
		start = used;
	} else if (root->kind == HCL_VARIABLE) {
		v = *bound;
	} else {
		v = tf_eval_expr(ev, root);
	}
	for (size_t i = start; i < n && v.kind != TFV_ERROR; i++) {
		if (nodes[i]->kind == HCL_GETATTR) {
			v = get_attr(ev, &v, nodes[i]->getattr.name, nodes[i]);
		} else {
			struct tfval key = steps ? steps[i].key : tf_eval_expr(ev, nodes[i]->index.key);
			v = get_index(ev, &v, &key, nodes[i]);
		}
	}
	return v;
}

static struct tfval eval_chain(struct tf_eval *ev, const struct hcl_expr *e)
{
	const struct hcl_expr *root, **nodes;
	size_t n;

	nodes = chain_nodes(ev, e, &n, &root);
	return eval_traversal(ev, root, nodes, n);
}

static struct tfval eval_splat(struct tf_eval *ev, const struct hcl_expr *e)
{
	struct tfval src = tf_eval_expr(ev, e->splat.source), *out, r;
	const struct tfval *items = &src;
	size_t n = 1;
	bool list = false;

	if (src.kind == TFV_ERROR)
		return src;
	if (src.kind == TFV_UNKNOWN)
		return unknown_from(&src);
	if (src.kind == TFV_NULL)
		return tfv_list(ev->a, NULL, 0, true);
	if (src.kind == TFV_LIST || src.kind == TFV_SET) {
		items = src.coll.items;
		n = src.coll.n;
		list = src.kind == TFV_SET || !src.object;
	}
	out = xmalloc((n ? n : 1) * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		*VEC_PUSH(ev->st->items, ev->st->nitems, ev->st->capitems) = inherit(items[i], &src);
		out[i] = tf_eval_expr(ev, e->splat.each);
		ev->st->nitems--;
		if (out[i].kind == TFV_ERROR) {
			r = out[i];
			free(out);
			return r;
		}
	}
	r = tfv_list(ev->a, out, n, !list);
	free(out);
	return r;
}

/* --- for expressions ---------------------------------------------------- */

/* Evaluate a for expression's collection into *coll: TFV_NULL when it can
 * be iterated, else the ERROR or UNKNOWN the expression gives. */
static struct tfval iter_start(struct tf_eval *ev, const struct hcl_expr *collexpr,
			       struct tfval *coll)
{
	*coll = tf_eval_expr(ev, collexpr);
	switch (coll->kind) {
	case TFV_ERROR:
		return *coll;
	case TFV_UNKNOWN:
		return unknown_from(coll);
	case TFV_NULL:
		return err_at(ev, collexpr, "iteration over null value: a null value cannot be used as "
			      "the collection in a 'for' expression");
	case TFV_LIST:
	case TFV_SET:
	case TFV_MAP:
		return tfv_null();
	default:
		return err_at(ev, collexpr, "iteration over non-iterable value: a value of type %s "
			      "cannot be used as the collection in a 'for' expression",
			      tfv_type_name(coll));
	}
}

static bool iter_next(struct tf_eval *ev, struct iter *it, struct tfval *key, struct tfval *val)
{
	const struct tfval *c = it->coll;

	if (it->i >= c->coll.n)
		return false;
	*val = inherit(c->coll.items[it->i], c);
	if (c->kind == TFV_MAP)
		*key = tfv_cstring(ev->a, c->coll.keys[it->i]);
	else if (c->kind == TFV_SET)
		*key = *val;
	else
		*key = tfv_number((double)it->i);
	it->i++;
	return true;
}

/* Evaluate a condition to *truth: TFV_NULL when it is known, else the
 * ERROR or UNKNOWN it gives. */
static struct tfval condition(struct tf_eval *ev, const struct hcl_expr *cond, bool *truth)
{
	struct tfval c = tf_eval_expr(ev, cond), b;

	if (c.kind == TFV_ERROR)
		return c;
	if (c.kind == TFV_UNKNOWN)
		return unknown_from(&c);
	if (c.kind == TFV_NULL)
		return err_at(ev, cond, "null condition: the condition value is null; conditions must "
			      "either be true or false");
	b = tfv_to_bool(ev->a, &c, tf_eval_loc(ev, &cond->range));
	if (b.kind != TFV_BOOL)
		return err_at(ev, cond, "incorrect condition type: the condition expression must be of "
			      "type bool");
	*truth = b.b;
	return tfv_null();
}

struct group {
	const char *key;
	struct tfval *items;
	size_t n, cap;
};

static struct tfval for_result(struct tf_eval *ev, const struct hcl_expr *e, const char **keys,
			       struct tfval *vals, size_t n)
{
	struct strmap seen;
	struct group *groups = NULL;
	size_t ngroups = 0, cap = 0;
	struct tfval r = {.kind = TFV_NULL};

	if (!e->forx.object)
		return tfv_list(ev->a, vals, n, true);
	strmap_init(&seen);
	for (size_t i = 0; i < n && r.kind == TFV_NULL; i++) {
		struct group *g = strmap_get(&seen, keys[i]);
		if (g && !e->forx.group) {
			r = err_at(ev, e->forx.key, "duplicate object key: two different items produced "
				   "the key \"%s\" in this 'for' expression; if duplicates are expected, "
				   "use the ellipsis (...) after the value expression to enable grouping "
				   "by key", keys[i]);
			break;
		}
		if (!g) {
			g = VEC_PUSH(groups, ngroups, cap);
			memset(g, 0, sizeof(*g));
			g->key = keys[i];
			strmap_put(&seen, keys[i], (void *)(uintptr_t)ngroups);
		} else {
			g = &groups[(uintptr_t)g - 1];
		}
		*VEC_PUSH(g->items, g->n, g->cap) = vals[i];
	}
	if (r.kind == TFV_NULL) {
		const char **gk = xmalloc((ngroups ? ngroups : 1) * sizeof(*gk));
		struct tfval *gv = xmalloc((ngroups ? ngroups : 1) * sizeof(*gv));
		for (size_t i = 0; i < ngroups; i++) {
			gk[i] = groups[i].key;
			gv[i] = e->forx.group ? tfv_list(ev->a, groups[i].items, groups[i].n, true)
					      : groups[i].items[0];
		}
		r = tfv_map(ev->a, gk, gv, ngroups, true);
		free(gk);
		free(gv);
	}
	for (size_t i = 0; i < ngroups; i++)
		free(groups[i].items);
	free(groups);
	strmap_release(&seen);
	return r;
}

static struct tfval eval_for(struct tf_eval *ev, const struct hcl_expr *e)
{
	struct tfval coll, key, val, r, unk = {.kind = TFV_NULL};
	struct tfval *vals = NULL;
	const char **keys = NULL;
	size_t n = 0, cap = 0, kcap = 0, nk = 0, mark = ev->st->nbind;
	struct iter it;

	r = iter_start(ev, e->forx.coll, &coll);
	if (r.kind != TFV_NULL)
		return r;
	if (coll.coll.n > ev->lim.max_items)
		return too_many(ev, e);
	it = (struct iter){&coll, 0};
	while (iter_next(ev, &it, &key, &val)) {
		ev->st->nbind = mark;
		if (e->forx.key_var)
			bind(ev, e->forx.key_var, key);
		bind(ev, e->forx.value_var, val);
		if (e->forx.cond) {
			bool truth = false;
			struct tfval c = tf_eval_expr(ev, e->forx.cond), b;
			if (c.kind == TFV_ERROR) {
				r = c;
				break;
			}
			if (c.kind == TFV_UNKNOWN) {
				if (unk.kind == TFV_NULL)
					unk = unknown_from(&c);
				continue;
			}
			if (c.kind == TFV_NULL) {
				r = err_at(ev, e->forx.cond, "condition is null: the value of the 'if' "
					   "clause must not be null");
				break;
			}
			b = tfv_to_bool(ev->a, &c, tf_eval_loc(ev, &e->forx.cond->range));
			if (b.kind != TFV_BOOL) {
				r = err_at(ev, e->forx.cond, "invalid 'for' condition: the 'if' clause "
					   "value is invalid: a bool is required");
				break;
			}
			truth = b.b;
			if (!truth)
				continue;
		}
		if (e->forx.object) {
			const char *k = NULL;
			struct tfval bad;
			if (!key_string(ev, e->forx.key, tf_eval_expr(ev, e->forx.key),
					"'for' expression", &k, &bad)) {
				if (bad.kind == TFV_ERROR) {
					r = bad;
					break;
				}
				if (unk.kind == TFV_NULL)
					unk = bad;
				k = "";
			}
			*VEC_PUSH(keys, nk, kcap) = k;
		}
		val = tf_eval_expr(ev, e->forx.value);
		if (val.kind == TFV_ERROR) {
			r = val;
			break;
		}
		*VEC_PUSH(vals, n, cap) = val;
	}
	ev->st->nbind = mark;
	if (r.kind == TFV_NULL)
		r = unk.kind != TFV_NULL ? unk : for_result(ev, e, keys, vals, n);
	free(vals);
	free(keys);
	return r;
}

/* --- conditionals and operators ----------------------------------------- */

static bool is_plain_null(const struct tfval *v)
{
	return v->kind == TFV_NULL;
}

static struct tfval eval_conditional(struct tf_eval *ev, const struct hcl_expr *e)
{
	struct tfval t = tf_eval_expr(ev, e->cond.then_e), f = tf_eval_expr(ev, e->cond.else_e);
	struct tfval c, chosen, conv;
	const struct tft *type = NULL;
	bool truth = false;

	/* the result type both branches convert to, as HCL chooses it */
	if (is_plain_null(&t))
		type = tfv_type_of(ev->a, &f);
	else if (is_plain_null(&f))
		type = tfv_type_of(ev->a, &t);
	else if (!tfv_is_known(&t) || !tfv_is_known(&f))
		type = &tft_any;
	else {
		const struct tft *types[2] = {tfv_type_of(ev->a, &t), tfv_type_of(ev->a, &f)};
		type = tft_unify(ev->a, types, 2);
		if (!type)
			return err_at(ev, e, "inconsistent conditional result types: the true and false "
				      "result expressions must have consistent types; the 'true' value "
				      "is %s, but the 'false' value is %s",
				      tft_friendly(ev->a, types[0]), tft_friendly(ev->a, types[1]));
	}
	c = condition(ev, e->cond.cond, &truth);
	if (c.kind != TFV_NULL)
		return c;
	chosen = truth ? t : f;
	if (chosen.kind == TFV_ERROR || type->kind == TFT_ANY)
		return chosen;
	conv = tfv_convert(ev->a, &chosen, type, tf_eval_loc(ev, &e->range));
	if (conv.kind == TFV_ERROR)
		return err_at(ev, e, "inconsistent conditional result types: %s", conv.err.msg);
	return conv;
}

static struct tfval operand_error(struct tf_eval *ev, const struct hcl_expr *e, bool left,
				  const char *want)
{
	return err_at(ev, e, "invalid operand: unsuitable value for %s operand: %s is required",
		      left ? "left" : "right", want);
}

/* Convert an operand for an operator; TFV_NULL in *bad when it worked. */
static struct tfval operand(struct tf_eval *ev, const struct hcl_expr *e, const struct tfval *v,
			    bool left, bool number, struct tfval *bad)
{
	struct tfval r;

	*bad = tfv_null();
	if (v->kind == TFV_NULL) {
		*bad = err_at(ev, e, "operation failed: argument must not be null");
		return *v;
	}
	if (!tfv_is_known(v))
		return *v;
	r = number ? tfv_to_number(ev->a, v, tf_eval_loc(ev, &e->range)) : tfv_to_bool(ev->a, v, tf_eval_loc(ev, &e->range));
	if (r.kind == TFV_ERROR)
		*bad = operand_error(ev, e, left, number ? "a number" : "a bool");
	return r;
}

static struct tfval arith(struct tf_eval *ev, const struct hcl_expr *e, int op, double x,
			  double y)
{
	double r;

	switch (op) {
	case HCL_OP_ADD:
		if (isinf(x) && isinf(y) && x != y)
			return err_at(ev, e, "operation failed: can't compute the sum of opposing infinities");
		r = x + y;
		break;
	case HCL_OP_SUB:
		if (isinf(x) && isinf(y) && x == y)
			return err_at(ev, e, "operation failed: can't subtract infinity from itself");
		r = x - y;
		break;
	case HCL_OP_MUL:
		if ((isinf(x) && y == 0) || (isinf(y) && x == 0))
			return err_at(ev, e, "operation failed: can't multiply zero by infinity");
		r = x * y;
		break;
	case HCL_OP_DIV:
		if ((x == 0 && y == 0) || (isinf(x) && isinf(y)))
			return err_at(ev, e, "operation failed: can't divide zero by zero or infinity "
				      "by infinity");
		r = x / y;
		break;
	default: /* HCL_OP_MOD, as Terraform: x - y * trunc(x / y); x when y is 0 */
		if (isinf(x) || isinf(y))
			r = x * y;
		else if (y == 0)
			r = x;
		else
			r = fmod(x, y);
		break;
	}
	if (isnan(r))
		return err_at(ev, e, "operation failed: the result is not a number");
	return tfv_number(r);
}

static struct tfval eval_binary(struct tf_eval *ev, const struct hcl_expr *e)
{
	int op = e->binary.op;
	struct tfval l = tf_eval_expr(ev, e->binary.lhs), r = tf_eval_expr(ev, e->binary.rhs);
	struct tfval lv, rv, bad;
	bool number = op >= HCL_OP_LT;

	if (l.kind == TFV_ERROR)
		return l;
	if (r.kind == TFV_ERROR)
		return r;
	if (op == HCL_OP_EQ || op == HCL_OP_NE) {
		int eq = tfv_equal(&l, &r);
		if (eq < 0)
			return unknown_from(l.kind == TFV_UNKNOWN ? &l : r.kind == TFV_UNKNOWN ? &r
							: tfv_first_unknown(&l) ? tfv_first_unknown(&l)
										: tfv_first_unknown(&r));
		return tfv_bool(op == HCL_OP_EQ ? eq == 1 : eq == 0);
	}
	lv = operand(ev, e, &l, true, number, &bad);
	if (bad.kind == TFV_ERROR)
		return bad;
	rv = operand(ev, e, &r, false, number, &bad);
	if (bad.kind == TFV_ERROR)
		return bad;
	if (lv.kind == TFV_UNKNOWN)
		return unknown_from(&lv);
	if (rv.kind == TFV_UNKNOWN)
		return unknown_from(&rv);
	switch (op) {
	case HCL_OP_OR:
		return tfv_bool(lv.b || rv.b);
	case HCL_OP_AND:
		return tfv_bool(lv.b && rv.b);
	case HCL_OP_LT:
		return tfv_bool(lv.num < rv.num);
	case HCL_OP_LE:
		return tfv_bool(lv.num <= rv.num);
	case HCL_OP_GT:
		return tfv_bool(lv.num > rv.num);
	case HCL_OP_GE:
		return tfv_bool(lv.num >= rv.num);
	default:
		return arith(ev, e, op, lv.num, rv.num);
	}
}

static struct tfval eval_unary(struct tf_eval *ev, const struct hcl_expr *e)
{
	struct tfval v = tf_eval_expr(ev, e->unary.operand), c, bad;
	bool number = e->unary.op == HCL_OP_NEG;

	if (v.kind == TFV_ERROR)
		return v;
	c = operand(ev, e, &v, false, number, &bad);
	if (bad.kind == TFV_ERROR)
		return bad;
	if (c.kind == TFV_UNKNOWN)
		return unknown_from(&c);
	return number ? tfv_number(-c.num) : tfv_bool(!c.b);
}

/* --- try() and can() -------------------------------------------------- */

/*
 * As HCL has done since 2.17.1 (Terraform 1.6): each argument is
 * evaluated, and its result decides.  An error means the next argument;
 * a result that is not wholly known is unknown (it may still fail when it
 * becomes known), except that an unknown result keeps what it carries (a
 * link, a CIDR shape): that is what the argument is.
 */
static struct tfval eval_try(struct tf_eval *ev, const struct hcl_expr *e)
{
	struct tfval v, first = {.kind = TFV_NULL};
	const struct tfval *u;

	if (e->call.n == 0)
		return err_at(ev, e, "call to function \"try\" failed: at least one argument is required");
	for (size_t i = 0; i < e->call.n; i++) {
		v = tf_eval_expr(ev, e->call.args[i]);
		if (v.kind == TFV_ERROR) {
			if (v.err.reference)
				return v;
			if (first.kind == TFV_NULL)
				first = v;
			continue;
		}
		if (v.kind == TFV_UNKNOWN)
			return v;
		if ((u = tfv_first_unknown(&v)))
			return unknown_from(u);
		return v;
	}
	return err_at(ev, e, "call to function \"try\" failed: no expression succeeded: %s",
		      first.err.msg);
}

static struct tfval eval_can(struct tf_eval *ev, const struct hcl_expr *e)
{
	struct tfval v;
	const struct tfval *u;

	if (e->call.n != 1)
		return err_at(ev, e, "call to function \"can\" failed: it takes exactly one argument");
	v = tf_eval_expr(ev, e->call.args[0]);
	if (v.kind == TFV_ERROR)
		return v.err.reference ? v : tfv_bool(false);
	if ((u = tfv_first_unknown(&v)))
		return tfv_unknown(ev->a, "can() depends on a value known only after apply: %s",
				   u->unk.why);
	return tfv_bool(true);
}

static struct tfval eval_call(struct tf_eval *ev, const struct hcl_expr *e)
{
	const char *name = e->call.name;
	struct tfval *args, r;
	size_t n = 0, cap;

	if (!strcmp(name, "try"))
		return eval_try(ev, e);
	if (!strcmp(name, "can"))
		return eval_can(ev, e);
	cap = e->call.n ? e->call.n : 1;
	args = xmalloc(cap * sizeof(*args));
	for (size_t i = 0; i < e->call.n; i++) {
		struct tfval v = tf_eval_expr(ev, e->call.args[i]);
		if (v.kind == TFV_ERROR) {
			free(args);
			return v;
		}
		if (i + 1 < e->call.n || !e->call.expand_last) {
			args[n++] = v;
			continue;
		}
		/* f(a, list...) */
		if (v.kind == TFV_UNKNOWN) {
			free(args);
			return unknown_from(&v);
		}
		if (v.kind == TFV_NULL || (v.kind != TFV_LIST && v.kind != TFV_SET)) {
			free(args);
			return err_at(ev, e->call.args[i], "invalid expanding argument value: the "
				      "expanding argument (indicated by ...) must %s",
				      v.kind == TFV_NULL ? "not be null"
							 : "be of a tuple, list, or set type");
		}
		if (v.coll.n > ev->lim.max_items) {
			free(args);
			return too_many(ev, e);
		}
		cap = n + v.coll.n + 1;
		args = xrealloc(args, cap * sizeof(*args));
		for (size_t j = 0; j < v.coll.n; j++)
			args[n++] = inherit(v.coll.items[j], &v);
	}
	r = tf_call(ev, name, args, n, &e->range, NULL);
	free(args);
	return r;
}

/* --- dispatch --------------------------------------------------------- */

static struct tfval eval(struct tf_eval *ev, const struct hcl_expr *e)
{
	switch (e->kind) {
	case HCL_LITERAL:
		return eval_literal(ev, e);
	case HCL_TEMPLATE:
	case HCL_TEMPLATE_IF:
	case HCL_TEMPLATE_FOR:
		if (e->kind == HCL_TEMPLATE)
			return eval_template(ev, e);
		{
			struct sbuf sb;
			struct tfval out;
			sbuf_init(&sb, ev->lim.max_string);
			if ((e->kind == HCL_TEMPLATE_IF ? add_template_if(ev, e, &sb, &out)
							 : add_template_for(ev, e, &sb, &out)) == 0)
				out = tfv_string(ev->a, sb.buf, sb.len);
			sbuf_release(&sb);
			return out;
		}
	case HCL_TUPLE:
		return eval_tuple(ev, e);
	case HCL_OBJECT:
		return eval_object(ev, e);
	case HCL_VARIABLE:
	case HCL_GETATTR:
	case HCL_INDEX:
		return eval_chain(ev, e);
	case HCL_SPLAT:
		return eval_splat(ev, e);
	case HCL_SPLAT_ITEM:
		if (!ev->st->nitems)
			return err_at(ev, e, "a splat item outside a splat expression");
		return ev->st->items[ev->st->nitems - 1];
	case HCL_CALL:
		return eval_call(ev, e);
	case HCL_FOR:
		return eval_for(ev, e);
	case HCL_CONDITIONAL:
		return eval_conditional(ev, e);
	case HCL_BINARY:
		return eval_binary(ev, e);
	case HCL_UNARY:
		return eval_unary(ev, e);
	case HCL_PAREN:
		return tf_eval_expr(ev, e->paren.inner);
	}
	return err_at(ev, e, "unknown expression kind %d", e->kind);
}

/* --- type constraints ------------------------------------------------- */

static struct tfval parse_type(struct tf_eval *ev, const struct hcl_expr *e, const struct tft **out,
			       unsigned depth);

static struct tfval parse_object_type(struct tf_eval *ev, const struct hcl_expr *call,
				      const struct tft **out, unsigned depth)
{
	const struct hcl_expr *o = call->call.args[0];
	struct tft *t;
	const char **keys;
	const struct tft **items;
	bool *opt;
	struct tfval *defs, r;
	size_t n;

	if (o->kind != HCL_OBJECT)
		return err_at(ev, o, "invalid type specification: object() requires an object of "
			      "attribute types");
	n = o->object.n;
	keys = arena_alloc(ev->a, (n ? n : 1) * sizeof(*keys));
	items = arena_alloc(ev->a, (n ? n : 1) * sizeof(*items));
	opt = arena_alloc(ev->a, (n ? n : 1) * sizeof(*opt));
	defs = arena_alloc(ev->a, (n ? n : 1) * sizeof(*defs));
	for (size_t i = 0; i < n; i++) {
		const struct hcl_object_item *it = &o->object.items[i];
		const struct hcl_expr *te = it->value;
		const struct hcl_expr *k = it->key;
		while (k->kind == HCL_PAREN)
			k = k->paren.inner;
		if (k->kind == HCL_TEMPLATE && k->tpl.n == 1 && !k->tpl.unwrap)
			k = k->tpl.parts[0];
		if (k->kind == HCL_VARIABLE)
			keys[i] = k->var.name;
		else if (k->kind == HCL_LITERAL && k->lit.kind == HCL_LIT_STRING)
			keys[i] = k->lit.text;
		else
			return err_at(ev, k, "invalid type specification: object attribute names must "
				      "be identifiers or quoted strings");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(keys[j], keys[i]))
				return err_at(ev, k, "invalid type specification: attribute \"%s\" is "
					      "defined twice", keys[i]);
		defs[i] = tfv_null();
		if (te->kind == HCL_CALL && !strcmp(te->call.name, "optional")) {
			if (te->call.n < 1 || te->call.n > 2)
				return err_at(ev, te, "invalid type specification: optional() takes a "
					      "type and an optional default value");
			opt[i] = true;
			r = parse_type(ev, te->call.args[0], &items[i], depth + 1);
			if (r.kind == TFV_ERROR)
				return r;
			if (te->call.n == 2) {
				struct tfval d = tf_eval_expr(ev, te->call.args[1]);
				if (d.kind == TFV_ERROR)
					return d;
				defs[i] = tfv_convert(ev->a, &d, items[i], tf_eval_loc(ev, &te->call.args[1]->range));
				if (defs[i].kind == TFV_ERROR)
					return err_at(ev, te->call.args[1], "invalid default value for "
						      "optional attribute \"%s\": %s", keys[i],
						      defs[i].err.msg);
			}
			continue;
		}
		r = parse_type(ev, te, &items[i], depth + 1);
		if (r.kind == TFV_ERROR)
			return r;
	}
	/* sorted by key, with their types, flags and defaults */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			const char *k = keys[j];
			const struct tft *ti = items[j];
			bool b = opt[j];
			struct tfval d = defs[j];
			keys[j] = keys[j - 1], items[j] = items[j - 1], opt[j] = opt[j - 1], defs[j] = defs[j - 1];
			keys[j - 1] = k, items[j - 1] = ti, opt[j - 1] = b, defs[j - 1] = d;
		}
	t = arena_alloc(ev->a, sizeof(*t));
	t->kind = TFT_OBJECT;
	t->keys = keys;
	t->items = items;
	t->optional = opt;
	t->defaults = defs;
	t->n = n;
	*out = t;
	return tfv_null();
}

static struct tfval parse_type(struct tf_eval *ev, const struct hcl_expr *e, const struct tft **out,
			       unsigned depth)
{
	static const struct {
		const char *name;
		const struct tft *t;
	} prim[] = {
		{"string", &tft_string}, {"number", &tft_number}, {"bool", &tft_bool}, {"any", &tft_any},
	};
	static const struct {
		const char *name;
		enum tft_kind kind;
	} coll[] = {{"list", TFT_LIST}, {"set", TFT_SET}, {"map", TFT_MAP}};

	if (depth > ev->lim.max_depth)
		return err_at(ev, e, "type specification nested more than %u levels deep",
			      ev->lim.max_depth);
	if (e->kind == HCL_VARIABLE) {
		for (size_t i = 0; i < ARRAY_SIZE(prim); i++)
			if (!strcmp(e->var.name, prim[i].name)) {
				*out = prim[i].t;
				return tfv_null();
			}
		for (size_t i = 0; i < ARRAY_SIZE(coll); i++)
			if (!strcmp(e->var.name, coll[i].name))
				return err_at(ev, e, "invalid type specification: the %s type constructor "
					      "requires one argument specifying the element type",
					      e->var.name);
		return err_at(ev, e, "invalid type specification: the keyword \"%s\" is not a valid "
			      "type specification", e->var.name);
	}
	if (e->kind == HCL_TEMPLATE || (e->kind == HCL_LITERAL && e->lit.kind == HCL_LIT_STRING))
		return err_at(ev, e, "invalid quoted type constraints: Terraform 0.11 and earlier "
			      "required type constraints to be given in quotes; write them without");
	if (e->kind != HCL_CALL)
		return err_at(ev, e, "invalid type specification: a type is a keyword such as "
			      "string or a constructor such as list(string)");
	for (size_t i = 0; i < ARRAY_SIZE(coll); i++) {
		const struct tft *elem;
		struct tfval r;
		if (strcmp(e->call.name, coll[i].name))
			continue;
		if (e->call.n != 1)
			return err_at(ev, e, "invalid type specification: the %s type constructor "
				      "requires one argument specifying the element type", e->call.name);
		r = parse_type(ev, e->call.args[0], &elem, depth + 1);
		if (r.kind == TFV_ERROR)
			return r;
		*out = tft_collection(ev->a, coll[i].kind, elem);
		return tfv_null();
	}
	if (!strcmp(e->call.name, "object")) {
		if (e->call.n != 1)
			return err_at(ev, e, "invalid type specification: the object type constructor "
				      "requires one argument specifying the attribute types as a map");
		return parse_object_type(ev, e, out, depth);
	}
	if (!strcmp(e->call.name, "tuple")) {
		const struct hcl_expr *l = e->call.n == 1 ? e->call.args[0] : NULL;
		const struct tft **items;
		struct tft *t;
		if (!l || l->kind != HCL_TUPLE)
			return err_at(ev, e, "invalid type specification: the tuple type constructor "
				      "requires one argument specifying the element types as a list");
		items = arena_alloc(ev->a, (l->tuple.n ? l->tuple.n : 1) * sizeof(*items));
		for (size_t i = 0; i < l->tuple.n; i++) {
			struct tfval r = parse_type(ev, l->tuple.items[i], &items[i], depth + 1);
			if (r.kind == TFV_ERROR)
				return r;
		}
		t = arena_alloc(ev->a, sizeof(*t));
		t->kind = TFT_TUPLE;
		t->items = items;
		t->n = l->tuple.n;
		*out = t;
		return tfv_null();
	}
	if (!strcmp(e->call.name, "optional"))
		return err_at(ev, e, "invalid type specification: optional() is allowed only for "
			      "object attributes");
	return err_at(ev, e, "invalid type specification: keyword \"%s\" is not a valid type "
		      "constructor", e->call.name);
}

struct tfval tf_type_parse(struct tf_eval *ev, const struct hcl_expr *e, const struct tft **out)
{
	*out = &tft_any;
	return parse_type(ev, e, out, 0);
}
