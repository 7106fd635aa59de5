/*
 * tfsrc.c: Terraform source into network facts (see tfsrc.h).
 *
 * The module reader (tfmod.c) gives each directory's declarations; this
 * file evaluates them the way Terraform does, lazily: a value is computed
 * when something that carries address space needs it, once per module
 * instance (or resource instance), and a value that is being computed when
 * it is asked for again is a cycle.
 *
 * Facts: developer.hashicorp.com/terraform/language: values/variables
 * (precedence of definitions), values/locals, meta-arguments/count and
 * for_each (instance keys), expressions/references, modules/syntax and
 * sources, providers/configuration (alias, provider =, providers = {}),
 * the aws provider's default_tags; registry.terraform.io/modules/
 * terraform-aws-modules/vpc/aws (its inputs).
 */
#include "parsers/terraform/tfsrc.h"
#include "parsers/terraform/tfeval.h"
#include "parsers/terraform/tfmod.h"
#include "parsers/terraform/tfregistry.h"
#include "parsers/terraform/tfres.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

enum { ST_NONE, ST_BUSY, ST_DONE };

/* A memoised value: being computed (a second request is a cycle), or done. */
struct memo {
	int state;
	struct tfval v;
	const struct hcl_range *at; /* what is being computed, for cycle messages */
	const char *what;           /* "local.x" */
};

/* count.index, or each.key and each.value. */
struct tf_key {
	enum { KEY_NONE, KEY_COUNT, KEY_EACH } kind;
	struct tfval key;           /* number (count) or string (each) */
	struct tfval value;         /* each.value */
};

struct run;
struct minst;

/* The iterator of a dynamic block being expanded: route.key, route.value. */
struct iter {
	const char *name;
	struct tfval key, value;
	const struct iter *next;
};


/* The instances of a resource (or of a module call) in one module
 * instance: one, or by count or for_each; or not known before apply. */
struct expansion {
	int state;
	bool repeated;              /* count or for_each is set */
	bool by_key;                /* for_each */
	bool known;                 /* the instances are known */
	struct tfval why;           /* !known: the unknown or error */
	void **v;                   /* struct rinst * or struct minst * */
	size_t n;
};

struct rinst {
	const struct tf_res *res;
	struct minst *m;
	const char *addr;           /* absolute: module.a[0].aws_vpc.x["k"] */
	struct tf_key key;
	struct strmap attrs;        /* name -> struct memo */
};

struct minst {
	struct tf_module *mod;
	const char *addr;           /* "", or "module.a[0].module.b" */
	const char *path;           /* "a.b": the key of modules.json */
	struct minst *parent;
	const struct tf_call *call; /* NULL in the root */
	struct tf_key key;          /* of this instance of the call */
	unsigned nesting;
	struct strmap vars, locals, outputs; /* name -> struct memo */
	struct strmap res;          /* resource key -> struct expansion */
	struct strmap calls;        /* call name -> struct expansion */
};

/* A module directory, read once for the whole run. */
struct moddir {
	const char *dir;
	struct tf_module *mod;
	bool added;                 /* given to the run: a candidate root */
	bool called;                /* called by a root of the run */
};

struct tfsrc {
	const struct tfsrc_options *opt;
	struct arena a;
	struct strmap dirs;         /* normalised dir -> struct moddir */
	struct moddir **order;      /* in the order added */
	size_t norder, caporder;
	const char **roots;
	size_t nroots;
};

/* One root's evaluation. */
struct run {
	struct tfsrc *ts;
	struct errlist *errs;
	struct facts *f;
	struct arena va;            /* values, for the root's lifetime */
	struct loc_srcs srcs;       /* range_loc(r, )'s pairs, in va */
	struct minst *root;
	const char *root_dir;
	struct strmap rootvals;     /* variable name -> struct rootval */
	struct strmap reported;     /* errors already said, by place and text */
	struct strmap vpcs;         /* VPC instance address -> struct vpc */
	struct tf_limits lim;
	unsigned long steps;
	unsigned depth;             /* references evaluated inside references */
	size_t ninstances;          /* module instances */
	cJSON *modules_json;        /* .terraform/modules/modules.json, or NULL */
	bool modules_json_read;
	struct busy_local {         /* locals being computed, innermost last */
		const struct tf_local *l;
		const struct minst *m;
	} busy[TF_MAX_REF_DEPTH + 1];
	unsigned nbusy;
	struct minst **minsts;      /* every module instance, for their maps */
	size_t nminsts, capminsts;
	struct rinst **rinsts;      /* every resource instance, likewise */
	size_t nrinsts, caprinsts;
	struct pending_link {
		struct vpc_ref *ref;
		const char *link;
		struct pending_link *next;
	} *links;
};

/* A root variable's value from a .tfvars file or the command line. */
struct rootval {
	const struct hcl_expr *expr; /* a .tfvars attribute or a parsed --var */
	const char *raw;             /* --var for a string variable: the text */
	struct loc loc;
	const char *what;            /* "terraform.tfvars", "--var" */
};

static struct tfval eval_in(struct run *r, struct minst *m, const struct tf_key *key,
			    const struct hcl_expr *e);
static struct tfval eval_iter(struct run *r, struct minst *m, const struct tf_key *key,
			      const struct iter *iters, const struct hcl_expr *e);
static struct expansion *res_expansion(struct run *r, struct minst *m, const struct tf_res *res);
static struct expansion *call_expansion(struct run *r, struct minst *m, const struct tf_call *c);
static struct tfval rinst_attr(struct run *r, struct rinst *ri, const char *name,
			       const struct hcl_range *at);

static struct tfval const_scope_resolve(void *ctx, const char *root, const struct tf_step *steps,
					size_t n, size_t *used, const struct hcl_range *at);

/* --- small helpers ------------------------------------------------------ */

/* A place as the facts keep it: its file name in the facts' arena, since
 * the modules' text is freed when the run is read. */
static struct loc floc(struct run *r, struct loc l)
{
	l.src = loc_src(&r->f->srcs, facts_intern(r->f, loc_file(&l)), loc_origin(&l));
	return l;
}

static struct loc range_loc(struct run *r, const struct hcl_range *rg)
{
	return tf_loc(&r->srcs, rg);
}

static struct loc block_loc(struct run *r, const struct hcl_block *b)
{
	size_t n = b->range.file ? strlen(b->range.file) : 0;

	/* in JSON syntax, blocks share their type's key: a block is where its
	 * last label is written ("main": {...}) */
	if (n > 5 && !strcmp(b->range.file + n - 5, ".json") && b->nlabels)
		return range_loc(r, &b->label_ranges[b->nlabels - 1]);
	struct loc l = {.src = loc_src(&r->srcs, b->range.file, NULL),
			.line = b->type_range.start.line,
			.col = b->type_range.start.col,
			.end_line = b->type_range.end.line,
			.end_col = b->type_range.end.col};
	return l;
}

static struct memo *memo_get(struct arena *a, struct strmap *map, const char *name)
{
	struct memo *mm = strmap_get(map, name);

	if (!mm) {
		mm = arena_alloc(a, sizeof(*mm));
		strmap_put(map, arena_strdup(a, name), mm);
	}
	return mm;
}

/* Say an error once: the same place and text reached from two instances is
 * one error. */
static void report(struct run *r, struct loc at, const char *msg)
{
	const char *file = loc_file(&at);
	const char *k = arena_printf(&r->va, "%s:%u:%u:%s", file ? file : "", at.line, at.col, msg);

	if (strmap_get(&r->reported, k))
		return;
	strmap_put(&r->reported, k, (void *)1);
	errlist_add(r->errs, file ? file : r->root_dir, at.line, at.col, "%s", msg);
}

/* Report what makes v an error (inside it too), once. */
static void report_error(struct run *r, const struct tfval *v)
{
	const struct tfval *e = tfv_first_unknown(v);

	while (e && e->kind != TFV_ERROR) {
		/* the first unknown may hide a later error: look at them all */
		e = NULL;
		break;
	}
	if (e)
		report(r, e->err.loc, e->err.msg);
}

/* The instance key as Terraform writes it in an address. */
static const char *key_suffix(struct arena *a, const struct tf_key *k)
{
	struct sbuf sb;
	const char *out;
	char num[TFV_NUMSTRLEN];

	if (k->kind == KEY_NONE)
		return "";
	if (k->kind == KEY_COUNT)
		return arena_printf(a, "[%s]", tfv_number_text(k->key.num, num));
	sbuf_init(&sb, 0);
	sbuf_adds(&sb, "[\"");
	for (size_t i = 0; i < k->key.str.len; i++) {
		char c = k->key.str.s[i];
		if (c == '"' || c == '\\')
			sbuf_addch(&sb, '\\');
		sbuf_addch(&sb, c);
	}
	sbuf_adds(&sb, "\"]");
	out = arena_strndup(a, sb.buf, sb.len);
	sbuf_release(&sb);
	return out;
}

static const char *join_addr(struct arena *a, const char *prefix, const char *local)
{
	return *prefix ? arena_printf(a, "%s.%s", prefix, local) : arena_strdup(a, local);
}

/* --- types --------------------------------------------------------------- */

/* A variable's type constraint (any when none is written); an error in it
 * is said once. */
static const struct tft *type_of(struct run *r, const struct hcl_expr *e)
{
	struct tf_scope sc = {const_scope_resolve, NULL, r};
	struct tf_eval ev;
	const struct tft *t = &tft_any;
	struct tfval err;

	if (!e)
		return &tft_any;
	tf_eval_init(&ev, &r->va, &sc, &r->lim);
	err = tf_type_parse(&ev, e, &t);
	tf_eval_release(&ev);
	if (err.kind == TFV_ERROR) {
		report(r, err.err.loc, err.err.msg);
		return &tft_any;
	}
	return t ? t : &tft_any;
}

/* --- variables ------------------------------------------------------------ */

static struct origin *origin_new(struct run *r, struct loc loc, const char *what,
				     const struct origin *next)
{
	struct origin *o = arena_alloc(&r->va, sizeof(*o));

	o->loc = loc;
	o->what = what;
	o->next = next;
	return o;
}

/* A value from a .tfvars file: constants only, as Terraform allows. */
static struct tfval const_scope_resolve(void *ctx, const char *root, const struct tf_step *steps,
					size_t n, size_t *used, const struct hcl_range *at)
{
	struct run *r = ctx;

	(void)steps;
	(void)n;
	*used = 0;
	return tfv_error(&r->va, range_loc(r, at),
			 "variables may not be used here: a variable definitions file holds constant values, not a reference to %s",
			 root);
}

static struct tfval eval_const(struct run *r, const struct hcl_expr *e)
{
	struct tf_scope sc = {const_scope_resolve, NULL, r};
	struct tf_eval ev;
	struct tfval v;

	tf_eval_init(&ev, &r->va, &sc, &r->lim);
	v = tf_eval_expr(&ev, e);
	tf_eval_release(&ev);
	return v;
}

static struct tfval var_value(struct run *r, struct minst *m, const char *name,
			      const struct hcl_range *at)
{
	struct memo *mm = memo_get(&r->va, &m->vars, name);
	const struct tf_var *var = tf_module_find(m->mod, arena_printf(&r->va, "var.%s", name));
	const struct tft *type;
	struct tfval v;
	bool set = false;

	if (mm->state == ST_DONE)
		return mm->v;
	if (!var)
		return tfv_error(&r->va, range_loc(r, at),
				 "reference to undeclared input variable \"%s\" (module %s)", name,
				 *m->addr ? m->addr : "root");
	if (mm->state == ST_BUSY)
		return tfv_error(&r->va, range_loc(r, at), "var.%s refers to itself", name);
	mm->state = ST_BUSY;
	type = type_of(r, var->type);
	if (!m->parent) {
		struct rootval *rv = strmap_get(&r->rootvals, name);
		/* Terraform takes a --var value literally for a variable with no
		 * type or a primitive one, and as an expression otherwise */
		if (rv && rv->raw && (!var->type || type->kind == TFT_STRING ||
				      type->kind == TFT_NUMBER || type->kind == TFT_BOOL)) {
			v = tfv_cstring(&r->va, rv->raw);
			set = true;
		} else if (rv && rv->raw) {
			struct errlist pe;
			struct hcl_expr *e;
			errlist_init(&pe);
			e = hcl_parse_expr(&r->va, "--var", rv->raw, strlen(rv->raw), NULL, &pe);
			v = e ? eval_const(r, e)
			      : tfv_error(&r->va, range_loc(r, at), "--var %s=%s is not a valid value of type %s: %s",
					  name, rv->raw, tft_friendly(&r->va, type),
					  pe.n ? pe.v[0].msg : "not an expression");
			errlist_release(&pe);
			set = true;
		} else if (rv && rv->expr) {
			v = eval_const(r, rv->expr);
			set = true;
		}
		if (set)
			v.origin = origin_new(r, rv->loc,
					      arena_printf(&r->va, "var.%s is set in %s", name, rv->what), NULL);
	} else {
		const struct hcl_attr *arg = hcl_body_attr(m->call->block->body, name);
		if (arg) {
			v = eval_in(r, m->parent, &m->key, arg->expr);
			v.origin = origin_new(r, range_loc(r, &arg->range),
					      arena_printf(&r->va, "module '%s' sets var.%s here",
							   m->call->name, name),
					      v.origin);
			set = true;
		}
	}
	if (set && v.kind == TFV_NULL && var->nullable)
		set = var->def == NULL; /* null takes the default, unless nullable with none */
	else if (set && v.kind == TFV_NULL && !var->nullable)
		set = false;
	if (!set && var->def) {
		v = eval_const(r, var->def);
		v.origin = origin_new(r, range_loc(r, &var->def->range),
				      arena_printf(&r->va, "var.%s takes its default here", name), NULL);
		set = true;
	}
	if (!set) {
		v = m->parent ? tfv_error(&r->va, block_loc(r, m->call->block),
					  "module '%s' does not set the required argument '%s'",
					  m->call->name, name)
			      : tfv_unknown(&r->va,
					    "var.%s has no value (no default, no .tfvars, no --var)", name);
	}
	if (tfv_is_known(&v) || v.kind == TFV_UNKNOWN) {
		const struct origin *o = v.origin;
		v = tfv_convert(&r->va, &v, type, range_loc(r, &var->block->range));
		v.origin = o;
	}
	mm->state = ST_DONE;
	mm->v = v;
	return v;
}

/* --- locals ------------------------------------------------------------ */

static struct tfval local_value(struct run *r, struct minst *m, const char *name,
				const struct hcl_range *at)
{
	struct memo *mm = memo_get(&r->va, &m->locals, name);
	const struct tf_local *l = tf_module_find(m->mod, arena_printf(&r->va, "local.%s", name));

	if (mm->state == ST_DONE)
		return mm->v;
	if (!l)
		return tfv_error(&r->va, range_loc(r, at), "reference to undeclared local value \"%s\"", name);
	if (mm->state == ST_BUSY) {
		/* the cycle: this local, being computed, is asked for again;
		 * say every local of it, each where it is defined */
		struct loc here = range_loc(r, at);
		struct sbuf sb;
		struct tfval e;
		unsigned from = r->nbusy;
		while (from > 0 && !(r->busy[from - 1].l == l && r->busy[from - 1].m == m))
			from--;
		sbuf_init(&sb, 0);
		sbuf_addf(&sb, "a cycle of local values:");
		for (unsigned i = from ? from - 1 : 0; i < r->nbusy; i++) {
			const struct hcl_range *d = &r->busy[i].l->attr->range;
			sbuf_addf(&sb, " local.%s (%s:%u:%u) refers to", r->busy[i].l->name, d->file,
				  d->start.line, d->start.col);
		}
		sbuf_addf(&sb, " local.%s", name);
		e = tfv_error(&r->va, here, "%s", sb.buf);
		sbuf_release(&sb);
		report(r, here, e.err.msg);
		return e;
	}
	mm->state = ST_BUSY;
	if (r->nbusy < ARRAY_SIZE(r->busy))
		r->busy[r->nbusy++] = (struct busy_local){l, m};
	mm->v = eval_in(r, m, NULL, l->attr->expr);
	if (r->nbusy && r->busy[r->nbusy - 1].l == l)
		r->nbusy--;
	mm->state = ST_DONE;
	return mm->v;
}

/* --- module outputs --------------------------------------------------- */

static struct tfval output_value(struct run *r, struct minst *m, const char *name,
				 const struct hcl_range *at)
{
	struct memo *mm = memo_get(&r->va, &m->outputs, name);
	const struct tf_output *o = tf_module_find(m->mod, arena_printf(&r->va, "output.%s", name));

	if (mm->state == ST_DONE)
		return mm->v;
	if (!o)
		return tfv_error(&r->va, range_loc(r, at), "module '%s' has no output \"%s\"",
				 m->call ? m->call->name : "", name);
	if (mm->state == ST_BUSY)
		return tfv_error(&r->va, range_loc(r, at), "output \"%s\" refers to itself", name);
	mm->state = ST_BUSY;
	mm->v = o->value ? eval_in(r, m, NULL, o->value->expr) : tfv_null();
	mm->state = ST_DONE;
	return mm->v;
}

/* Every output of a module instance, as the object module.x is. */
static struct tfval outputs_object(struct run *r, struct minst *m, const struct hcl_range *at)
{
	size_t n = m->mod->noutputs;
	const char **keys = arena_alloc(&r->va, (n + 1) * sizeof(*keys));
	struct tfval *vals = arena_alloc(&r->va, (n + 1) * sizeof(*vals));

	for (size_t i = 0; i < n; i++) {
		keys[i] = m->mod->outputs[i].name;
		vals[i] = output_value(r, m, keys[i], at);
	}
	return tfv_map(&r->va, keys, vals, n, true);
}

/* --- expansions --------------------------------------------------------- */

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The instance keys of count or for_each: *n keys into *keys (numbers or
 * strings), each.value into *values.  Returns false with *why (unknown or
 * error) when they are not known.
 */
static bool instance_keys(struct run *r, struct minst *m, const struct hcl_expr *count,
			  const struct hcl_expr *for_each, const char *what, struct tf_key **keys,
			  size_t *n, struct tfval *why)
{
	struct tfval v;

	*keys = NULL;
	*n = 0;
	if (count) {
		v = eval_in(r, m, NULL, count);
		if (v.kind == TFV_UNKNOWN) {
			*why = tfv_unknown(&r->va, "the count of %s is not known before apply (%s)", what,
					   v.unk.why);
			return false;
		}
		if (v.kind == TFV_STRING)
			v = tfv_to_number(&r->va, &v, range_loc(r, &count->range));
		if (v.kind == TFV_ERROR) {
			*why = v;
			return false;
		}
		if (v.kind != TFV_NUMBER || v.num < 0 || v.num != (double)(long long)v.num) {
			*why = tfv_error(&r->va, range_loc(r, &count->range),
					 "the count of %s must be a whole number, not %s", what,
					 tfv_format_line(&r->va, &v));
			return false;
		}
		if (v.num > TF_MAX_INSTANCES) {
			*why = tfv_error(&r->va, range_loc(r, &count->range),
					 "the count of %s is %s, more than cidrlint's limit of %d instances",
					 what, tfv_format_line(&r->va, &v), TF_MAX_INSTANCES);
			return false;
		}
		*n = (size_t)v.num;
		*keys = arena_alloc(&r->va, (*n + 1) * sizeof(**keys));
		for (size_t i = 0; i < *n; i++) {
			(*keys)[i].kind = KEY_COUNT;
			(*keys)[i].key = tfv_number((double)i);
		}
		return true;
	}
	v = eval_in(r, m, NULL, for_each);
	if (v.kind == TFV_UNKNOWN || (v.kind != TFV_ERROR && !tfv_wholly_known(&v) &&
				      (v.kind == TFV_SET || v.kind == TFV_LIST))) {
		const struct tfval *u = v.kind == TFV_UNKNOWN ? &v : tfv_first_unknown(&v);
		*why = tfv_unknown(&r->va, "the for_each of %s is not known before apply (%s)", what,
				   u && u->kind == TFV_UNKNOWN ? u->unk.why : "an element is unknown");
		return false;
	}
	if (v.kind == TFV_ERROR) {
		*why = v;
		return false;
	}
	if (v.kind == TFV_MAP) {
		*n = v.coll.n;
		*keys = arena_alloc(&r->va, (*n + 1) * sizeof(**keys));
		for (size_t i = 0; i < *n; i++) {
			(*keys)[i].kind = KEY_EACH;
			(*keys)[i].key = tfv_cstring(&r->va, v.coll.keys[i]);
			(*keys)[i].value = v.coll.items[i];
		}
	} else if (v.kind == TFV_SET || (v.kind == TFV_LIST && false)) {
		const char **sorted = arena_alloc(&r->va, (v.coll.n + 1) * sizeof(*sorted));
		size_t k = 0;
		for (size_t i = 0; i < v.coll.n; i++) {
			const struct tfval *it = &v.coll.items[i];
			if (it->kind != TFV_STRING) {
				*why = tfv_error(&r->va, range_loc(r, &for_each->range),
						 "the for_each of %s is a set of %s: Terraform takes a set of strings only",
						 what, tfv_type_name(it));
				return false;
			}
			sorted[k++] = it->str.s;
		}
		qsort(sorted, k, sizeof(*sorted), cmp_keys);
		*keys = arena_alloc(&r->va, (k + 1) * sizeof(**keys));
		for (size_t i = 0; i < k; i++) {
			(*keys)[*n].kind = KEY_EACH;
			(*keys)[*n].key = tfv_cstring(&r->va, sorted[i]);
			(*keys)[*n].value = (*keys)[*n].key;
			(*n)++;
		}
	} else {
		*why = tfv_error(&r->va, range_loc(r, &for_each->range),
				 "the for_each of %s must be a map, or a set of strings, not %s%s", what,
				 tfv_type_name(&v),
				 v.kind == TFV_LIST ? " (convert it with toset())" : "");
		return false;
	}
	if (*n > TF_MAX_INSTANCES) {
		*why = tfv_error(&r->va, range_loc(r, &for_each->range),
				 "the for_each of %s has %zu elements, more than cidrlint's limit of %d instances",
				 what, *n, TF_MAX_INSTANCES);
		return false;
	}
	return true;
}

static struct expansion *res_expansion(struct run *r, struct minst *m, const struct tf_res *res)
{
	struct expansion *x = strmap_get(&m->res, res->key);
	struct tf_key *keys, single = {KEY_NONE, {0}, {0}};
	size_t n;
	const char *what;

	if (x && x->state == ST_DONE)
		return x;
	if (!x) {
		x = arena_alloc(&r->va, sizeof(*x));
		strmap_put(&m->res, res->key, x);
	}
	if (x->state == ST_BUSY) {
		x->known = false;
		x->why = tfv_error(&r->va, block_loc(r, res->block),
				   "the count or for_each of %s refers to %s itself", res->key, res->key);
		return x;
	}
	x->state = ST_BUSY;
	what = join_addr(&r->va, m->addr, res->key);
	x->repeated = res->count || res->for_each;
	x->by_key = res->for_each != NULL;
	if (!x->repeated) {
		keys = &single;
		n = 1;
		x->known = true;
	} else {
		x->known = instance_keys(r, m, res->count, res->for_each, what, &keys, &n, &x->why);
	}
	if (x->known) {
		x->v = arena_alloc(&r->va, (n + 1) * sizeof(*x->v));
		for (size_t i = 0; i < n; i++) {
			struct rinst *ri = arena_alloc(&r->va, sizeof(*ri));
			ri->res = res;
			ri->m = m;
			ri->key = keys[i];
			ri->addr = arena_printf(&r->va, "%s%s", what, key_suffix(&r->va, &keys[i]));
			strmap_init(&ri->attrs);
			*VEC_PUSH(r->rinsts, r->nrinsts, r->caprinsts) = ri;
			x->v[x->n++] = ri;
		}
	}
	x->state = ST_DONE;
	return x;
}

/* --- resource attributes ---------------------------------------------- */

/* Arguments that are Terraform's, not the resource's. */
static bool meta_argument(const char *name)
{
	static const char *const meta[] = {"count", "for_each", "provider", "depends_on",
					   "lifecycle", "provisioner", "connection"};

	for (size_t i = 0; i < ARRAY_SIZE(meta); i++)
		if (!strcmp(name, meta[i]))
			return true;
	return false;
}

static struct tfval body_object(struct run *r, struct minst *m, const struct tf_key *key,
				const struct iter *iters, const struct hcl_body *b, unsigned depth);

/* Does body hold nested blocks of this type, static or dynamic? */
static bool has_blocks(const struct hcl_body *b, const char *type)
{
	for (size_t i = 0; i < b->nblocks; i++)
		if (!strcmp(b->blocks[i].type, type) ||
		    (!strcmp(b->blocks[i].type, "dynamic") && b->blocks[i].nlabels == 1 &&
		     !strcmp(b->blocks[i].labels[0], type)))
			return true;
	return false;
}

/*
 * The nested blocks of one type in a body, as the list of objects
 * Terraform makes of them (aws_route_table.x.route): static blocks as
 * written, and each dynamic block expanded over its for_each, with its
 * iterator (named by `iterator`, else by the block type) in scope.
 */
static struct tfval blocks_list(struct run *r, struct minst *m, const struct tf_key *key,
				const struct iter *iters, const struct hcl_body *b, const char *type,
				unsigned depth)
{
	struct tfval *items = NULL;
	size_t n = 0, cap = 0;
	struct tfval out;

	if (depth > 16)
		return tfv_error(&r->va, range_loc(r, &b->range), "blocks are nested more than 16 deep");
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct hcl_block *blk = &b->blocks[i];
		const struct hcl_attr *fe, *itn;
		const struct hcl_body *content = NULL;
		struct iter it;
		struct tfval coll;
		if (!strcmp(blk->type, type)) {
			*VEC_PUSH(items, n, cap) = body_object(r, m, key, iters, blk->body, depth + 1);
			continue;
		}
		if (strcmp(blk->type, "dynamic") || blk->nlabels != 1 || strcmp(blk->labels[0], type))
			continue;
		for (size_t k = 0; k < blk->body->nblocks; k++)
			if (!strcmp(blk->body->blocks[k].type, "content"))
				content = blk->body->blocks[k].body;
		fe = hcl_body_attr(blk->body, "for_each");
		if (!content || !fe) {
			free(items);
			return tfv_error(&r->va, range_loc(r, &blk->range),
					 "a dynamic block needs for_each and a content block");
		}
		itn = hcl_body_attr(blk->body, "iterator");
		it.name = itn ? hcl_expr_traversal_text(&r->va, itn->expr) : type;
		if (!it.name)
			it.name = type;
		it.next = iters;
		coll = eval_iter(r, m, key, iters, fe->expr);
		if (coll.kind == TFV_UNKNOWN || coll.kind == TFV_ERROR) {
			free(items);
			return coll.kind == TFV_UNKNOWN
				       ? tfv_unknown(&r->va, "the for_each of dynamic \"%s\" is not known before apply (%s)",
						     type, coll.unk.why)
				       : coll;
		}
		if (coll.kind != TFV_LIST && coll.kind != TFV_SET && coll.kind != TFV_MAP) {
			free(items);
			return tfv_error(&r->va, range_loc(r, &fe->expr->range),
					 "the for_each of dynamic \"%s\" must be a collection, not %s", type,
					 tfv_type_name(&coll));
		}
		for (size_t k = 0; k < coll.coll.n; k++) {
			it.key = coll.kind == TFV_MAP	? tfv_cstring(&r->va, coll.coll.keys[k])
				 : coll.kind == TFV_SET ? coll.coll.items[k]
							: tfv_number((double)k);
			it.value = coll.coll.items[k];
			*VEC_PUSH(items, n, cap) = body_object(r, m, key, &it, content, depth + 1);
		}
	}
	out = tfv_list(&r->va, items, n, true);
	free(items);
	return out;
}

/* A block body as an object: its attributes and its nested blocks. */
static struct tfval body_object(struct run *r, struct minst *m, const struct tf_key *key,
				const struct iter *iters, const struct hcl_body *b, unsigned depth)
{
	size_t cap = b->nattrs + b->nblocks + 1, n = 0;
	const char **keys = arena_alloc(&r->va, cap * sizeof(*keys));
	struct tfval *vals = arena_alloc(&r->va, cap * sizeof(*vals));

	for (size_t i = 0; i < b->nattrs; i++) {
		keys[n] = b->attrs[i].name;
		vals[n++] = eval_iter(r, m, key, iters, b->attrs[i].expr);
	}
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct hcl_block *blk = &b->blocks[i];
		const char *type = !strcmp(blk->type, "dynamic") && blk->nlabels == 1 ? blk->labels[0]
										  : blk->type;
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++)
			seen = !strcmp(keys[j], type);
		if (seen)
			continue;
		keys[n] = type;
		vals[n++] = blocks_list(r, m, key, iters, b, type, depth + 1);
	}
	return tfv_map(&r->va, keys, vals, n, true);
}

/* Block types that belong to Terraform, not to the resource. */
static bool meta_block(const char *type)
{
	return !strcmp(type, "lifecycle") || !strcmp(type, "provisioner") ||
	       !strcmp(type, "connection");
}

/* A configured argument of an instance (evaluated once), or NULL: an
 * attribute, or the list of its nested blocks of that type. */
static const struct tfval *rinst_arg(struct run *r, struct rinst *ri, const char *name)
{
	const struct hcl_body *body = ri->res->block->body;
	const struct hcl_attr *at = hcl_body_attr(body, name);
	struct memo *mm;

	if (meta_argument(name) || (!at && (meta_block(name) || !has_blocks(body, name))))
		return NULL;
	mm = memo_get(&r->va, &ri->attrs, name);
	if (!at) {
		if (mm->state != ST_DONE) {
			mm->state = ST_DONE;
			mm->v = blocks_list(r, ri->m, &ri->key, NULL, body, name, 0);
		}
		return &mm->v;
	}
	if (mm->state == ST_DONE)
		return &mm->v;
	if (mm->state == ST_BUSY) {
		mm->v = tfv_error(&r->va, range_loc(r, &at->range), "%s.%s refers to itself", ri->addr, name);
		return &mm->v;
	}
	mm->state = ST_BUSY;
	mm->v = eval_in(r, ri->m, &ri->key, at->expr);
	mm->state = ST_DONE;
	return &mm->v;
}

static bool arg_true(struct run *r, struct rinst *ri, const char *name)
{
	const struct tfval *v = rinst_arg(r, ri, name);

	return v && v->kind == TFV_BOOL && v->b;
}

static bool arg_set(struct run *r, struct rinst *ri, const char *name)
{
	const struct tfval *v = rinst_arg(r, ri, name);

	return v && v->kind != TFV_NULL;
}

/* An attribute of an instance: its argument when configured, else what
 * AWS computes, known only after apply; `id` is a link to the instance. */
static struct tfval rinst_attr(struct run *r, struct rinst *ri, const char *name,
			       const struct hcl_range *at)
{
	const struct tfval *v = rinst_arg(r, ri, name);
	const char *type = ri->res->type;

	(void)at;
	if (v && v->kind != TFV_NULL)
		return *v;
	if (ri->res->data)
		return tfv_unknown(&r->va, "%s.%s is read at apply time", ri->addr, name);
	if (!strcmp(name, "id"))
		return tfv_link(&r->va, ri->addr,
				arena_printf(&r->va, "%s.id is known only after apply", ri->addr));
	/* a VPN connection on a transit gateway is an attachment of it: a
	 * transit gateway route to that attachment names the connection */
	if (!strcmp(name, "transit_gateway_attachment_id") && !strcmp(type, "aws_vpn_connection"))
		return tfv_link(&r->va, ri->addr,
				arena_printf(&r->va, "%s.%s is known only after apply", ri->addr, name));
	if (!strcmp(name, "ipv6_cidr_block") &&
	    (!strcmp(type, "aws_vpc") || !strcmp(type, "aws_vpc_ipv6_cidr_block_association")) &&
	    arg_true(r, ri, "assign_generated_ipv6_cidr_block"))
		return tfv_cidr_unknown(&r->va, arena_printf(&r->va, "%s.ipv6_cidr_block", ri->addr), 56,
					cidr_make(6, 0, 56),
					arena_printf(&r->va, "%s.ipv6_cidr_block is the /56 Amazon assigns at apply time",
						     ri->addr));
	if (!strcmp(name, "cidr_block") && arg_set(r, ri, "ipv4_ipam_pool_id")) {
		const struct tfval *mask = rinst_arg(r, ri, "ipv4_netmask_length");
		const char *why = arena_printf(&r->va, "%s.cidr_block is allocated by IPAM at apply time",
					       ri->addr);
		if (mask && mask->kind == TFV_NUMBER && mask->num >= 8 && mask->num <= 32)
			return tfv_cidr_unknown(&r->va, arena_printf(&r->va, "%s.cidr_block", ri->addr),
						(unsigned)mask->num, cidr_make(4, 0, (unsigned)mask->num), why);
		return tfv_unknown(&r->va, "%s", why);
	}
	return tfv_unknown(&r->va, "%s.%s is known only after apply", ri->addr, name);
}

/* The whole instance, as `aws_vpc.main` is: its arguments and its id. */
static struct tfval rinst_object(struct run *r, struct rinst *ri)
{
	const struct hcl_body *b = ri->res->block->body;
	const char **keys = arena_alloc(&r->va, (b->nattrs + b->nblocks + 2) * sizeof(*keys));
	struct tfval *vals = arena_alloc(&r->va, (b->nattrs + b->nblocks + 2) * sizeof(*vals));
	size_t n = 0;
	bool has_id = false;

	for (size_t i = 0; i < b->nattrs; i++) {
		const char *name = b->attrs[i].name;
		if (meta_argument(name))
			continue;
		keys[n] = name;
		vals[n++] = rinst_attr(r, ri, name, &b->attrs[i].range);
		has_id |= !strcmp(name, "id");
	}
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct hcl_block *blk = &b->blocks[i];
		const char *type = !strcmp(blk->type, "dynamic") && blk->nlabels == 1 ? blk->labels[0]
										  : blk->type;
		bool seen = meta_block(type);
		for (size_t j = 0; j < n && !seen; j++)
			seen = !strcmp(keys[j], type);
		if (seen || n >= b->nattrs + b->nblocks + 1)
			continue;
		keys[n] = type;
		vals[n++] = *rinst_arg(r, ri, type);
	}
	if (!has_id) {
		keys[n] = "id";
		vals[n++] = rinst_attr(r, ri, "id", NULL);
	}
	return tfv_map(&r->va, keys, vals, n, true);
}

/* A reference to a resource: res_key ("aws_vpc.main", "data.T.N") and
 * the steps after it. */
static struct tfval resolve_resource(struct run *r, struct minst *m, const struct tf_res *res,
				     const struct tf_step *steps, size_t n, size_t *used,
				     const struct hcl_range *at)
{
	struct expansion *x = res_expansion(r, m, res);
	struct rinst *ri = NULL;

	if (!x->known)
		return x->why;
	if (x->repeated) {
		if (n && steps[0].index) {
			const struct tfval *k = &steps[0].key;
			*used += 1;
			for (size_t i = 0; i < x->n && !ri; i++) {
				struct rinst *c = x->v[i];
				if (k->kind == TFV_UNKNOWN)
					return *k;
				if ((x->by_key && k->kind == TFV_STRING && c->key.key.str.len == k->str.len &&
				     !memcmp(c->key.key.str.s, k->str.s, k->str.len)) ||
				    (!x->by_key && k->kind == TFV_NUMBER && c->key.key.num == k->num))
					ri = c;
			}
			if (!ri)
				return tfv_error(&r->va, range_loc(r, steps[0].range ? steps[0].range : at),
						 "%s has no instance %s", join_addr(&r->va, m->addr, res->key),
						 tfv_format_line(&r->va, k));
			steps++;
			n--;
		} else if (n) {
			return tfv_error(&r->va, range_loc(r, at),
					 "%s has count or for_each: a reference to one of its attributes needs an instance key, as in %s[0].%s",
					 res->key, res->key, steps[0].name);
		} else {
			/* the whole resource: a tuple (count) or an object (for_each) */
			struct tfval *items = arena_alloc(&r->va, (x->n + 1) * sizeof(*items));
			const char **keys = arena_alloc(&r->va, (x->n + 1) * sizeof(*keys));
			for (size_t i = 0; i < x->n; i++) {
				struct rinst *c = x->v[i];
				items[i] = rinst_object(r, c);
				keys[i] = x->by_key ? c->key.key.str.s : NULL;
			}
			return x->by_key ? tfv_map(&r->va, keys, items, x->n, true)
					 : tfv_list(&r->va, items, x->n, true);
		}
	} else {
		ri = x->v[0];
	}
	if (n && !steps[0].index) {
		*used += 1;
		return rinst_attr(r, ri, steps[0].name, steps[0].range);
	}
	return rinst_object(r, ri);
}

/* --- module calls ------------------------------------------------------- */

static struct minst *minst_new(struct run *r, struct tf_module *mod, struct minst *parent,
			       const struct tf_call *call, const struct tf_key *key)
{
	struct minst *m = arena_alloc(&r->va, sizeof(*m));

	m->mod = mod;
	m->parent = parent;
	m->call = call;
	if (key)
		m->key = *key;
	if (parent) {
		const char *self = arena_printf(&r->va, "module.%s%s", call->name,
						key_suffix(&r->va, &m->key));
		m->addr = join_addr(&r->va, parent->addr, self);
		m->path = *parent->path ? arena_printf(&r->va, "%s.%s", parent->path, call->name)
					: call->name;
		m->nesting = parent->nesting + 1;
	} else {
		m->addr = "";
		m->path = "";
	}
	*VEC_PUSH(r->minsts, r->nminsts, r->capminsts) = m;
	strmap_init(&m->vars);
	strmap_init(&m->locals);
	strmap_init(&m->outputs);
	strmap_init(&m->res);
	strmap_init(&m->calls);
	return m;
}

static bool is_local_source(const char *s)
{
	return str_startswith(s, "./") || str_startswith(s, "../") || !strcmp(s, ".") ||
	       !strcmp(s, "..");
}

static struct tf_module *module_at(struct run *r, const char *dir);
static struct tf_module *registry_module(struct run *r, const struct tf_registry_module *reg);

/* Where `terraform init` put the module of this call: the Dir of its Key
 * in .terraform/modules/modules.json, relative to the root. */
static const char *downloaded_dir(struct run *r, const char *path)
{
	const cJSON *mods, *it;

	if (!r->modules_json_read) {
		const char *file = tf_path_join(&r->va, r->root_dir, ".terraform/modules/modules.json");
		const char *why;
		size_t len;
		char *text = file_read_all(file, (size_t)16 << 20, &len, &why);
		r->modules_json_read = true;
		if (text) {
			r->modules_json = cJSON_ParseWithLength(text, len);
			if (!r->modules_json)
				report(r, (struct loc){.src = loc_src(&r->srcs, file, NULL)},
				       "invalid JSON: the modules terraform init recorded could not be read");
			free(text);
		}
	}
	mods = cJSON_GetObjectItemCaseSensitive(r->modules_json, "Modules");
	if (!cJSON_IsArray(mods))
		return NULL;
	cJSON_ArrayForEach(it, mods) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(it, "Key");
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(it, "Dir");
		if (cJSON_IsString(k) && cJSON_IsString(d) && !strcmp(k->valuestring, path))
			return tf_path_join(&r->va, r->root_dir, d->valuestring);
	}
	return NULL;
}

/* The module a call reads, or NULL with a note saying why it was not. */
static struct tf_module *call_module(struct run *r, struct minst *m, const struct tf_call *c,
				     const char *path)
{
	const char *dir = NULL;
	struct tf_module *mod;

	if (!c->source)
		return NULL;
	if (is_local_source(c->source)) {
		struct stat st;
		dir = tf_path_join(&r->va, m->mod->dir, c->source);
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			report(r, block_loc(r, c->block),
			       arena_printf(&r->va, "module '%s' comes from %s, which is not a directory here (%s)",
					    c->name, c->source, dir));
			return NULL;
		}
	} else {
		dir = downloaded_dir(r, path);
	}
	if (!dir && tf_registry_find(c->source))
		return registry_module(r, tf_registry_find(c->source));
	if (!dir) {
		/* one note per call written, however many instances of the
		 * module that writes it there are */
		struct loc at = block_loc(r, c->block);
		const char *k = arena_printf(&r->va, "remote:%s:%u:%u", loc_file(&at), at.line,
					     at.col);
		if (strmap_get(&r->reported, k))
			return NULL;
		strmap_put(&r->reported, k, (void *)1);
		facts_add_note(r->f, NOTE_UNRESOLVED, floc(r, at),
			       facts_str(r->f, join_addr(&r->va, m->addr, arena_printf(&r->va, "module.%s", c->name))),
			       "module '%s' comes from %s, which is not downloaded here (run terraform init, or vendor it): its resources were not checked",
			       c->name, c->source);
		return NULL;
	}
	for (struct minst *p = m; p; p = p->parent) {
		if (!strcmp(p->mod->dir, dir)) {
			report(r, block_loc(r, c->block),
			       arena_printf(&r->va, "module '%s' calls %s, which is one of its own callers: a cycle of local modules",
					    c->name, dir));
			return NULL;
		}
	}
	mod = module_at(r, dir);
	if (mod && !is_local_source(c->source))
		mod->downloaded = true;
	return mod;
}

static struct expansion *call_expansion(struct run *r, struct minst *m, const struct tf_call *c)
{
	struct expansion *x = strmap_get(&m->calls, c->name);
	struct tf_key *keys, single = {KEY_NONE, {0}, {0}};
	struct tf_module *mod;
	const char *what, *path;
	size_t n;

	if (x && x->state == ST_DONE)
		return x;
	if (!x) {
		x = arena_alloc(&r->va, sizeof(*x));
		strmap_put(&m->calls, c->name, x);
	}
	if (x->state == ST_BUSY) {
		x->known = false;
		x->why = tfv_error(&r->va, block_loc(r, c->block), "module '%s' refers to itself", c->name);
		return x;
	}
	x->state = ST_BUSY;
	what = join_addr(&r->va, m->addr, arena_printf(&r->va, "module.%s", c->name));
	path = *m->path ? arena_printf(&r->va, "%s.%s", m->path, c->name) : c->name;
	x->repeated = c->count || c->for_each;
	x->by_key = c->for_each != NULL;
	if (m->nesting + 1 > TF_MAX_MODULE_NESTING) {
		x->why = tfv_error(&r->va, block_loc(r, c->block),
				   "modules are nested more than %d deep at module '%s'",
				   TF_MAX_MODULE_NESTING, c->name);
		report(r, x->why.err.loc, x->why.err.msg);
		x->state = ST_DONE;
		return x;
	}
	if (!(mod = call_module(r, m, c, path))) {
		x->why = tfv_unknown(&r->va, "module '%s' (%s) was not read", c->name,
				     c->source ? c->source : "no source");
		x->state = ST_DONE;
		return x;
	}
	if (!x->repeated) {
		keys = &single;
		n = 1;
		x->known = true;
	} else {
		x->known = instance_keys(r, m, c->count, c->for_each, what, &keys, &n, &x->why);
	}
	if (x->known && r->ninstances + n > TF_MAX_MODULE_INSTANCES) {
		x->known = false;
		x->why = tfv_error(&r->va, block_loc(r, c->block),
				   "more than %d module instances at module '%s'",
				   TF_MAX_MODULE_INSTANCES, c->name);
		report(r, x->why.err.loc, x->why.err.msg);
	}
	if (x->known) {
		r->ninstances += n;
		x->v = arena_alloc(&r->va, (n + 1) * sizeof(*x->v));
		for (size_t i = 0; i < n; i++)
			x->v[x->n++] = minst_new(r, mod, m, c, &keys[i]);
	}
	x->state = ST_DONE;
	return x;
}

static struct tfval resolve_module(struct run *r, struct minst *m, const struct tf_call *c,
				   const struct tf_step *steps, size_t n, size_t *used,
				   const struct hcl_range *at)
{
	struct expansion *x = call_expansion(r, m, c);
	struct minst *child = NULL;

	if (!x->known)
		return x->why;
	if (x->repeated) {
		if (n && steps[0].index) {
			const struct tfval *k = &steps[0].key;
			*used += 1;
			if (k->kind == TFV_UNKNOWN)
				return *k;
			for (size_t i = 0; i < x->n && !child; i++) {
				struct minst *ci = x->v[i];
				if ((x->by_key && k->kind == TFV_STRING && ci->key.key.str.len == k->str.len &&
				     !memcmp(ci->key.key.str.s, k->str.s, k->str.len)) ||
				    (!x->by_key && k->kind == TFV_NUMBER && ci->key.key.num == k->num))
					child = ci;
			}
			if (!child)
				return tfv_error(&r->va, range_loc(r, at), "module '%s' has no instance %s",
						 c->name, tfv_format_line(&r->va, k));
			steps++;
			n--;
		} else if (!n) {
			struct tfval *items = arena_alloc(&r->va, (x->n + 1) * sizeof(*items));
			const char **keys = arena_alloc(&r->va, (x->n + 1) * sizeof(*keys));
			for (size_t i = 0; i < x->n; i++) {
				struct minst *ci = x->v[i];
				items[i] = outputs_object(r, ci, at);
				keys[i] = x->by_key ? ci->key.key.str.s : NULL;
			}
			return x->by_key ? tfv_map(&r->va, keys, items, x->n, true)
					 : tfv_list(&r->va, items, x->n, true);
		} else {
			return tfv_error(&r->va, range_loc(r, at),
					 "module '%s' has count or for_each: its outputs need an instance key, as in module.%s[0].%s",
					 c->name, c->name, steps[0].name);
		}
	} else {
		child = x->v[0];
	}
	if (n && !steps[0].index) {
		*used += 1;
		return output_value(r, child, steps[0].name, steps[0].range ? steps[0].range : at);
	}
	return outputs_object(r, child, at);
}

/* --- the scope ------------------------------------------------------- */

struct frame {
	struct run *r;
	struct minst *m;              /* NULL: constants only (type defaults) */
	const struct tf_key *key;
	const struct iter *iters;     /* innermost first */
};

static struct tfval frame_resolve(void *ctx, const char *root, const struct tf_step *steps,
				  size_t n, size_t *used, const struct hcl_range *at)
{
	struct frame *fr = ctx;
	struct run *r = fr->r;
	struct minst *m = fr->m;
	const char *attr = n && !steps[0].index ? steps[0].name : NULL;

	*used = 0;
	for (const struct iter *it = fr->iters; it; it = it->next) {
		if (strcmp(it->name, root))
			continue;
		*used = attr ? 1 : 0;
		if (attr && !strcmp(attr, "key"))
			return it->key;
		if (attr && !strcmp(attr, "value"))
			return it->value;
		return tfv_error(&r->va, range_loc(r, at), "the iterator %s has two attributes: %s.key and %s.value",
				 root, root, root);
	}
	if (!m)
		return const_scope_resolve(r, root, steps, n, used, at);
	if (!strcmp(root, "var") || !strcmp(root, "local")) {
		if (!attr)
			return tfv_error(&r->va, range_loc(r, at), "%s must be followed by a name, as in %s.name",
					 root, root);
		*used = 1;
		return root[0] == 'v' ? var_value(r, m, attr, at) : local_value(r, m, attr, at);
	}
	if (!strcmp(root, "count")) {
		*used = attr ? 1 : 0;
		if (!attr || strcmp(attr, "index"))
			return tfv_error(&r->va, range_loc(r, at), "count has one attribute: count.index");
		if (!fr->key || fr->key->kind != KEY_COUNT)
			return tfv_error(&r->va, range_loc(r, at),
					 "count.index can be used only in a resource or module with count set");
		return fr->key->key;
	}
	if (!strcmp(root, "each")) {
		*used = attr ? 1 : 0;
		if (!attr || (strcmp(attr, "key") && strcmp(attr, "value")))
			return tfv_error(&r->va, range_loc(r, at), "each has two attributes: each.key and each.value");
		if (!fr->key || fr->key->kind != KEY_EACH)
			return tfv_error(&r->va, range_loc(r, at),
					 "each.%s can be used only in a resource or module with for_each set", attr);
		return attr[0] == 'k' ? fr->key->key : fr->key->value;
	}
	if (!strcmp(root, "path")) {
		*used = attr ? 1 : 0;
		if (attr && !strcmp(attr, "module"))
			return tfv_cstring(&r->va, m->mod->dir);
		if (attr && !strcmp(attr, "root"))
			return tfv_cstring(&r->va, r->root->mod->dir);
		if (attr && !strcmp(attr, "cwd"))
			return tfv_unknown(&r->va, "path.cwd is where terraform runs");
		return tfv_error(&r->va, range_loc(r, at), "path has path.module, path.root and path.cwd");
	}
	if (!strcmp(root, "terraform")) {
		*used = attr ? 1 : 0;
		if (attr && !strcmp(attr, "workspace"))
			return tfv_cstring(&r->va, r->ts->opt && r->ts->opt->workspace ? r->ts->opt->workspace
										  : "default");
		return tfv_error(&r->va, range_loc(r, at), "terraform has one attribute here: terraform.workspace");
	}
	if (!strcmp(root, "module")) {
		const struct tf_call *c;
		if (!attr)
			return tfv_error(&r->va, range_loc(r, at), "module must be followed by a module name");
		*used = 1;
		c = tf_module_find(m->mod, arena_printf(&r->va, "module.%s", attr));
		if (!c)
			return tfv_error(&r->va, range_loc(r, at), "reference to undeclared module \"%s\"", attr);
		return resolve_module(r, m, c, steps + 1, n - 1, used, at);
	}
	if (!strcmp(root, "data")) {
		const struct tf_res *res;
		if (n < 2 || steps[0].index || steps[1].index)
			return tfv_error(&r->va, range_loc(r, at), "data must be followed by a type and a name");
		*used = 2;
		res = tf_module_find(m->mod, arena_printf(&r->va, "data.%s.%s", steps[0].name, steps[1].name));
		if (!res)
			return tfv_error(&r->va, range_loc(r, at), "reference to undeclared data source \"%s\" \"%s\"",
					 steps[0].name, steps[1].name);
		return resolve_resource(r, m, res, steps + 2, n - 2, used, at);
	}
	if (!strcmp(root, "self"))
		return tfv_unknown(&r->va, "self is known only inside provisioners");
	if (attr) {
		const struct tf_res *res = tf_module_find(m->mod, arena_printf(&r->va, "%s.%s", root, attr));
		if (res) {
			*used = 1;
			return resolve_resource(r, m, res, steps + 1, n - 1, used, at);
		}
		return tfv_error(&r->va, range_loc(r, at), "reference to undeclared resource \"%s\" \"%s\"", root,
				 attr);
	}
	return tfv_error(&r->va, range_loc(r, at), "unknown name \"%s\"", root);
}

static struct tfval eval_iter(struct run *r, struct minst *m, const struct tf_key *key,
			      const struct iter *iters, const struct hcl_expr *e);

static struct tfval eval_in(struct run *r, struct minst *m, const struct tf_key *key,
			    const struct hcl_expr *e)
{
	return eval_iter(r, m, key, NULL, e);
}

static struct tfval eval_iter(struct run *r, struct minst *m, const struct tf_key *key,
			      const struct iter *iters, const struct hcl_expr *e)
{
	struct frame fr = {r, m, key, iters};
	struct tf_scope sc = {frame_resolve, NULL, &fr};
	struct tf_eval ev;
	struct tfval v;

	if (r->depth >= TF_MAX_REF_DEPTH)
		return tfv_error(&r->va, range_loc(r, &e->range),
				 "references are nested more than %d deep here", TF_MAX_REF_DEPTH);
	r->depth++;
	tf_eval_init(&ev, &r->va, &sc, &r->lim);
	ev.steps = r->steps;
	v = tf_eval_expr(&ev, e);
	r->steps = ev.steps;
	tf_eval_release(&ev);
	r->depth--;
	return v;
}

/* --- providers: region and default tags --------------------------------- */

/* The provider configuration an instance uses, and the module instance
 * it is declared in. */
static const struct tf_provider *provider_of(struct run *r, struct minst *m, const char *key,
					     struct minst **where)
{
	for (unsigned hops = 0; m && hops <= TF_MAX_MODULE_NESTING; hops++) {
		const struct tf_provider *p =
			tf_module_find(m->mod, arena_printf(&r->va, "provider.%s", key));
		const struct hcl_expr *map;

		if (p) {
			*where = m;
			return p;
		}
		if (!m->call)
			return NULL;
		/* providers = { aws = aws.west } renames it for the child */
		map = m->call->providers;
		if (map && map->kind == HCL_OBJECT) {
			const char *to = NULL;
			for (size_t i = 0; i < map->object.n && !to; i++) {
				const char *k = hcl_expr_traversal_text(&r->va, map->object.items[i].key);
				if (!k && map->object.items[i].key->kind == HCL_LITERAL)
					k = map->object.items[i].key->lit.text;
				if (k && !strcmp(k, key))
					to = hcl_expr_traversal_text(&r->va, map->object.items[i].value);
			}
			if (!to)
				return NULL; /* an explicit map passes only what it names */
			key = to;
		} else if (strchr(key, '.')) {
			return NULL; /* aliases are not inherited */
		}
		m = m->parent;
	}
	return NULL;
}

static const char *provider_region(struct run *r, struct rinst *ri)
{
	struct minst *where = NULL;
	const char *key = ri->res->provider ? ri->res->provider : "aws";
	const struct tf_provider *p = provider_of(r, ri->m, key, &where);
	const struct hcl_attr *at = p ? hcl_body_attr(p->block->body, "region") : NULL;
	struct tfval v;

	if (!at)
		return r->ts->opt ? r->ts->opt->region : NULL;
	v = eval_in(r, where, NULL, at->expr);
	if (v.kind == TFV_STRING)
		return v.str.s;
	return r->ts->opt ? r->ts->opt->region : NULL;
}

static struct tfval provider_default_tags(struct run *r, struct rinst *ri)
{
	struct minst *where = NULL;
	const char *key = ri->res->provider ? ri->res->provider : "aws";
	const struct tf_provider *p = provider_of(r, ri->m, key, &where);

	for (size_t i = 0; p && i < p->block->body->nblocks; i++) {
		const struct hcl_block *b = &p->block->body->blocks[i];
		const struct hcl_attr *tags;
		if (strcmp(b->type, "default_tags") || !(tags = hcl_body_attr(b->body, "tags")))
			continue;
		return eval_in(r, where, NULL, tags->expr);
	}
	return tfv_null();
}

/* --- facts --------------------------------------------------------------- */

/* What the mapping reads of an instance: its configured arguments. */
struct src_inst {
	struct run *r;
	struct rinst *ri;
};

/*
 * In an emulated registry module the user wrote only the call: a value is
 * located at the call's argument it comes from (its element i for the
 * i-th instance, when the argument is written as a list), else at the
 * call.
 */
static struct loc registry_loc(struct run *r, const struct rinst *ri, const char *attr)
{
	const struct tf_call *c = ri->m->call;
	const struct tf_registry_arg *ra = ri->m->mod->registry->args;

	for (; ra->resource; ra++) {
		const struct hcl_attr *arg;
		if (strcmp(ra->resource, ri->res->key) || (attr && strcmp(ra->attribute, attr)))
			continue;
		if (!(arg = hcl_body_attr(c->block->body, ra->argument)))
			break;
		if (ra->per_instance && arg->expr->kind == HCL_TUPLE && ri->key.kind == KEY_COUNT &&
		    ri->key.key.num < (double)arg->expr->tuple.n)
			return floc(r, range_loc(r, &arg->expr->tuple.items[(size_t)ri->key.key.num]->range));
		return floc(r, range_loc(r, &arg->expr->range));
	}
	return floc(r, block_loc(r, c->block));
}

/* A value's origins, as the facts keep them. */
static const struct origin *facts_origin(struct run *r, const struct origin *o, unsigned depth)
{
	struct origin *out;

	if (!o || depth > 16)
		return NULL;
	out = arena_alloc(&r->f->arena, sizeof(*out));
	out->loc = floc(r, o->loc);
	out->what = facts_str(r->f, o->what);
	out->next = facts_origin(r, o->next, depth + 1);
	return out;
}

/* The module calls that made a module instance, innermost first. */
static const struct origin *instance_origin(struct run *r, const struct minst *m)
{
	struct origin *out;

	if (!m || !m->call)
		return NULL;
	out = arena_alloc(&r->f->arena, sizeof(*out));
	out->loc = floc(r, block_loc(r, m->call->block));
	out->what = facts_str(r->f, arena_printf(&r->va, "%s is made by this module call", m->addr));
	out->next = instance_origin(r, m->parent);
	return out;
}

/* Is this module instance code the user did not write here (an emulated
 * registry module, a module terraform init downloaded)? */
static bool not_users(const struct minst *m)
{
	return m->mod->registry || m->mod->downloaded;
}

/* The module call, in the user's own code, that made m (or an ancestor of
 * it that is not the user's): where its findings are shown. */
static const struct minst *users_call(const struct minst *m)
{
	const struct minst *top = m;

	for (; m && m->call && not_users(m); m = m->parent)
		top = m;
	return top;
}

/*
 * A value inside a downloaded module is shown where the user can change
 * it: the first place of its origins in the user's own files (the module
 * argument), else the module call; the place in the module is kept as the
 * first related place.
 */
static struct loc downloaded_loc(struct run *r, const struct rinst *ri, struct loc in_module)
{
	const struct minst *top = users_call(ri->m);
	struct origin *here = arena_alloc(&r->f->arena, sizeof(*here));
	struct loc l = floc(r, block_loc(r, top->call->block));

	for (const struct origin *o = loc_origin(&in_module); o; o = o->next)
		if (loc_file(&o->loc) && !strstr(loc_file(&o->loc), ".terraform/")) {
			l = o->loc;
			break;
		}
	here->loc = in_module;
	loc_set_origin(&r->f->srcs, &here->loc, NULL);
	here->what = facts_str(r->f, arena_printf(&r->va, "written here, in module '%s' (downloaded by terraform init)",
						   top->call->name));
	here->next = loc_origin(&in_module);
	loc_set_origin(&r->f->srcs, &l, here);
	return l;
}

/* A value as the mapping sees it; out->loc is set by the caller. */
static void src_attr(struct src_inst *si, const struct tfval *v, struct tf_attr *out)
{
	switch (v->kind) {
	case TFV_NULL:
		out->kind = TFA_NULL;
		break;
	case TFV_BOOL:
		out->kind = TFA_BOOL;
		out->b = v->b;
		break;
	case TFV_NUMBER:
		out->kind = TFA_NUMBER;
		out->num = v->num;
		break;
	case TFV_STRING:
		out->kind = TFA_STRING;
		out->str = v->str.s;
		break;
	case TFV_UNKNOWN:
		out->kind = TFA_UNKNOWN;
		out->why = v->unk.why;
		out->link = v->unk.link;
		if (v->unk.cidr) {
			out->rel_base = v->unk.cidr->base;
			out->rel = v->unk.cidr->rel;
		}
		break;
	case TFV_ERROR:
		report(si->r, v->err.loc, v->err.msg);
		out->kind = TFA_UNKNOWN;
		out->why = arena_printf(&si->r->va, "it cannot be evaluated: %s", v->err.msg);
		break;
	default:
		report_error(si->r, v);
		out->kind = TFA_OTHER;
		break;
	}
}

static void src_get(void *ctx, const char *key, struct tf_attr *out)
{
	struct src_inst *si = ctx;
	const struct tfval *v = rinst_arg(si->r, si->ri, key);
	const struct hcl_attr *at;

	if (!v) {
		out->kind = TFA_ABSENT;
		return;
	}
	at = hcl_body_attr(si->ri->res->block->body, key);
	out->loc = si->ri->m->mod->registry ? registry_loc(si->r, si->ri, key)
	       : at ? floc(si->r, range_loc(si->r, &at->expr->range))
		    : floc(si->r, block_loc(si->r, si->ri->res->block));
	loc_set_origin(&si->r->f->srcs, &out->loc, facts_origin(si->r, v->origin, 0));
	if (si->ri->m->mod->downloaded)
		out->loc = downloaded_loc(si->r, si->ri, out->loc);
	src_attr(si, v, out);
}

/* One element of a list of objects (a nested block, evaluated). */
struct src_el {
	struct src_inst *si;
	const struct tfval *obj;
	const struct hcl_body *body; /* the block written for it, when it is one */
	struct loc at;               /* where it is written, as far as known */
};

static void src_el_get(void *ctx, const char *key, struct tf_attr *out)
{
	struct src_el *e = ctx;
	const struct tfval *v = e->obj->kind == TFV_MAP ? tfv_map_get(e->obj, key) : NULL;
	const struct hcl_attr *at = e->body ? hcl_body_attr(e->body, key) : NULL;

	if (!v) {
		out->kind = TFA_ABSENT;
		return;
	}
	out->loc = at && !e->si->ri->m->mod->registry
			   ? floc(e->si->r, range_loc(e->si->r, &at->expr->range))
			   : e->at;
	loc_set_origin(&e->si->r->f->srcs, &out->loc, facts_origin(e->si->r, v->origin, 0));
	if (e->si->ri->m->mod->downloaded)
		out->loc = downloaded_loc(e->si->r, e->si->ri, out->loc);
	src_attr(e->si, v, out);
}

/*
 * The nested blocks (or the list of objects) of argument key.  Element i
 * is the i-th block of that type when every one is written out (no
 * dynamic block, no attribute syntax); otherwise its values are shown at
 * the argument.
 */
static bool src_elements(void *ctx, const struct tf_instance *in, const char *key,
			 void (*each)(void *arg, const struct tf_instance *el, size_t i), void *arg)
{
	struct src_inst *si = ctx;
	const struct tfval *v = rinst_arg(si->r, si->ri, key);
	const struct hcl_body *body = si->ri->res->block->body;
	const struct hcl_block **blocks = NULL;
	const struct hcl_attr *at = hcl_body_attr(body, key);
	size_t nblocks = 0, cap = 0;
	bool all_static = !at;
	struct loc where = floc(si->r, block_loc(si->r, si->ri->res->block));

	if (!v)
		return true;
	if (v->kind == TFV_UNKNOWN || v->kind == TFV_ERROR) {
		struct tf_attr ignored;
		memset(&ignored, 0, sizeof(ignored));
		src_attr(si, v, &ignored); /* an error is reported */
		return false;
	}
	if (v->kind != TFV_LIST && v->kind != TFV_SET)
		return true;
	if (at)
		where = floc(si->r, range_loc(si->r, &at->expr->range));
	for (size_t i = 0; i < body->nblocks; i++) {
		const struct hcl_block *b = &body->blocks[i];
		if (!strcmp(b->type, key))
			*VEC_PUSH(blocks, nblocks, cap) = b;
		else if (!strcmp(b->type, "dynamic") && b->nlabels == 1 && !strcmp(b->labels[0], key))
			all_static = false;
	}
	if (!all_static || nblocks != v->coll.n)
		all_static = false;
	for (size_t i = 0; i < v->coll.n; i++) {
		struct src_el e = {si, &v->coll.items[i], all_static ? blocks[i]->body : NULL,
				   all_static ? floc(si->r, block_loc(si->r, blocks[i])) : where};
		struct tf_instance el = *in;
		if (si->ri->m->mod->registry || not_users(si->ri->m))
			e.at = in->loc;
		el.get = src_el_get;
		el.tags = NULL;
		el.elements = NULL;
		el.loc = e.at;
		el.ctx = &e;
		each(arg, &el, i);
	}
	free(blocks);
	return true;
}

static void src_tags(void *ctx, void (*add)(void *arg, const char *key, const char *value),
		     void *arg)
{
	struct src_inst *si = ctx;
	const struct tfval *tags = rinst_arg(si->r, si->ri, "tags");
	struct tfval defaults = provider_default_tags(si->r, si->ri);

	/* tags_all: the provider's default tags, then the resource's own */
	if (defaults.kind == TFV_MAP)
		for (size_t i = 0; i < defaults.coll.n; i++)
			if (defaults.coll.items[i].kind == TFV_STRING &&
			    !(tags && tags->kind == TFV_MAP && tfv_map_get(tags, defaults.coll.keys[i])))
				add(arg, defaults.coll.keys[i], defaults.coll.items[i].str.s);
	if (tags && tags->kind == TFV_MAP)
		for (size_t i = 0; i < tags->coll.n; i++)
			if (tags->coll.items[i].kind == TFV_STRING)
				add(arg, tags->coll.keys[i], tags->coll.items[i].str.s);
}

/* The file of a fact: as shown, and relative to the source root. */
static void set_input(struct run *r, struct resource *res, const char *file)
{
	const struct tfsrc_options *o = r->ts->opt;

	struct res_place p = *res->place;

	p.input = facts_intern(r->f, file);
	p.input_rel = p.input;
	if (o && o->relative) {
		char *rel = o->relative(o->ctx, file);
		p.input_rel = facts_intern(r->f, rel);
		free(rel);
	}
	res->place = facts_place(r->f, &p);
}

static void instance_facts(struct run *r, struct rinst *ri)
{
	struct src_inst si = {r, ri};
	struct tf_instance in;
	struct tf_fact out;

	memset(&in, 0, sizeof(in));
	in.type = ri->res->type;
	in.address = ri->addr;
	in.lc = LC_DECLARED;
	in.declared = true;
	in.source = "the configuration";
	if (not_users(ri->m)) {
		const struct minst *top = users_call(ri->m);
		in.loc = floc(r, block_loc(r, top->call->block));
		loc_set_origin(&r->f->srcs, &in.loc, instance_origin(r, top->parent));
	} else {
		in.loc = floc(r, block_loc(r, ri->res->block));
		loc_set_origin(&r->f->srcs, &in.loc, instance_origin(r, ri->m));
	}
	in.region = provider_region(r, ri);
	in.account = r->ts->opt ? r->ts->opt->account : NULL;
	in.keep_tags = r->ts->opt ? r->ts->opt->keep_tags : NULL;
	in.get = src_get;
	in.tags = src_tags;
	in.elements = src_elements;
	in.ctx = &si;
	if (!tf_instance_facts(r->f, &in, &out))
		return;
	set_input(r, out.r, not_users(ri->m) ? users_call(ri->m)->call->file : ri->res->file);
	if (out.vpc)
		strmap_put(&r->vpcs, out.vpc->r.name, out.vpc);
	if (out.ref && out.ref->kind == VREF_NONE && out.link) {
		struct pending_link *pl = arena_alloc(&r->va, sizeof(*pl));
		pl->ref = out.ref;
		pl->link = out.link;
		pl->next = r->links;
		r->links = pl;
	}
}

/* An instance count that is not known: none of the instances is checked,
 * and the user is told why. */
static void expansion_unknown(struct run *r, struct minst *m, const char *key,
			      const struct hcl_block *b, const struct expansion *x, const char *type)
{
	int link = type ? tf_type_link_kind(type) : -1;

	/* a link holds no address space: its count failing to evaluate (as
	 * an output missing from a registry module's stand-in) is what could
	 * not be checked, not an error of the input */
	if (x->why.kind == TFV_ERROR && link < 0) {
		report(r, x->why.err.loc, x->why.err.msg);
		return;
	}
	facts_add_note(r->f, NOTE_UNRESOLVED, floc(r, block_loc(r, b)),
		       facts_str(r->f, join_addr(&r->va, m->addr, key)), "%s: %s",
		       x->why.kind == TFV_UNKNOWN ? x->why.unk.why
		       : x->why.kind == TFV_ERROR
			       ? arena_printf(&r->va, "the instances of %s cannot be counted (%s)",
					      join_addr(&r->va, m->addr, key), x->why.err.msg)
			       : "its instances are not known",
		       link == LINK_ROUTE || link == LINK_RTB
			       ? "its routes were not checked"
		       : link >= 0 ? "the paths its instances make were not followed, so an overlap they would join may be graded as unconnected"
				   : "its instances were not checked");
}

static void walk(struct run *r, struct minst *m)
{
	for (size_t i = 0; i < m->mod->nres; i++) {
		const struct tf_res *res = &m->mod->res[i];
		struct expansion *x;
		if (res->data || !tf_type_relevant(res->type))
			continue;
		x = res_expansion(r, m, res);
		if (!x->known) {
			/* a link of unknown count adds no address space, but the
			 * graph lacks it, which can lower levels: said too */
			expansion_unknown(r, m, res->key, res->block, x, res->type);
			continue;
		}
		for (size_t k = 0; k < x->n; k++)
			instance_facts(r, x->v[k]);
	}
	for (size_t i = 0; i < m->mod->ncalls; i++) {
		const struct tf_call *c = &m->mod->calls[i];
		struct expansion *x = call_expansion(r, m, c);
		if (!x->known) {
			if (x->why.kind == TFV_ERROR)
				report(r, x->why.err.loc, x->why.err.msg);
			else if (!str_startswith(x->why.unk.why ? x->why.unk.why : "", "module '"))
				expansion_unknown(r, m, arena_printf(&r->va, "module.%s", c->name), c->block, x,
						  NULL);
			continue;
		}
		for (size_t k = 0; k < x->n; k++)
			walk(r, x->v[k]);
	}
}

static void link_vpcs(struct run *r)
{
	for (struct pending_link *p = r->links; p; p = p->next) {
		struct vpc *v = strmap_get(&r->vpcs, p->link);
		if (v) {
			p->ref->kind = VREF_LOCAL;
			p->ref->name = v->r.name;
		} else {
			p->ref->why = facts_str(r->f, arena_printf(&r->va,
								   "vpc_id is %s.id, which is not a VPC of this configuration",
								   p->link));
		}
	}
}

/* --- variable definitions of the root --------------------------------- */

static void rootval_put(struct run *r, const char *name, const struct hcl_expr *e, const char *raw,
			struct loc loc, const char *what)
{
	struct rootval *rv = arena_alloc(&r->va, sizeof(*rv));

	rv->expr = e;
	rv->raw = raw;
	rv->loc = loc;
	rv->what = what;
	strmap_put(&r->rootvals, arena_strdup(&r->va, name), rv);
}

static void read_vars_file(struct run *r, const char *path, bool must_exist)
{
	const char *why;
	size_t len;
	char *text = file_read_all(path, TF_MAX_FILE_BYTES, &len, &why);
	struct hcl_file hf;
	const char *p = arena_strdup(&r->va, path);
	char *copy;
	int rc;

	if (!text) {
		if (must_exist)
			report(r, (struct loc){.src = loc_src(&r->srcs, p, NULL)},
			       arena_printf(&r->va, "cannot read: %s", why));
		return;
	}
	copy = arena_memdup(&r->va, text, len + 1);
	free(text);
	rc = strlen(p) > 5 && !strcmp(p + strlen(p) - 5, ".json")
		     ? hcl_parse_json(&hf, &r->va, p, copy, len, HCL_JSON_VARS, NULL, r->errs)
		     : hcl_parse(&hf, &r->va, p, copy, len, NULL, r->errs);
	if (rc != 0)
		return;
	for (size_t i = 0; i < hf.body->nattrs; i++)
		rootval_put(r, hf.body->attrs[i].name, hf.body->attrs[i].expr, NULL,
			    range_loc(r, &hf.body->attrs[i].range), p);
	for (size_t i = 0; i < hf.body->nblocks; i++)
		report(r, block_loc(r, &hf.body->blocks[i]),
		       "a variable definitions file holds only name = value assignments, not blocks");
}

static bool auto_vars_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 12 && !strcmp(name + n - 12, ".auto.tfvars")) ||
	       (n > 17 && !strcmp(name + n - 17, ".auto.tfvars.json"));
}

/* In Terraform's order: terraform.tfvars, terraform.tfvars.json, the
 * *.auto.tfvars files in lexical order, then --var-file and --var as
 * given; a later definition wins. */
static void read_root_vars(struct run *r)
{
	const struct tfsrc_options *o = r->ts->opt;
	const struct tf_module *mod = r->root->mod;
	char **autos = NULL;
	size_t nautos = 0, cap = 0;
	DIR *d;

	read_vars_file(r, tf_path_join(&r->va, mod->dir, "terraform.tfvars"), false);
	read_vars_file(r, tf_path_join(&r->va, mod->dir, "terraform.tfvars.json"), false);
	if ((d = opendir(mod->dir))) {
		struct dirent *de;
		while ((de = readdir(d)))
			if (auto_vars_name(de->d_name) && de->d_name[0] != '.')
				*VEC_PUSH(autos, nautos, cap) = xstrdup(de->d_name);
		closedir(d);
	}
	if (nautos)
		qsort(autos, nautos, sizeof(*autos), cmp_keys);
	for (size_t i = 0; i < nautos; i++) {
		read_vars_file(r, tf_path_join(&r->va, mod->dir, autos[i]), false);
		free(autos[i]);
	}
	free(autos);
	for (size_t i = 0; o && i < o->nvars; i++) {
		const struct tf_var_arg *va = &o->vars[i];
		if (va->file) {
			read_vars_file(r, va->file, true);
		} else {
			rootval_put(r, va->name, NULL, arena_strdup(&r->va, va->value),
				    (struct loc){.src = loc_src(&r->srcs, "--var", NULL)}, "--var");
		}
	}
}

/* --- modules and roots ------------------------------------------------ */

static struct moddir *moddir_get(struct tfsrc *ts, const char *dir, struct errlist *errs,
				 bool read)
{
	const char *key = tf_path_join(&ts->a, NULL, dir);
	struct moddir *md = strmap_get(&ts->dirs, key);

	if (!md) {
		md = arena_alloc(&ts->a, sizeof(*md));
		md->dir = key;
		strmap_put(&ts->dirs, key, md);
		*VEC_PUSH(ts->order, ts->norder, ts->caporder) = md;
	}
	if (read && !md->mod)
		md->mod = tf_module_read(key, errs);
	return md;
}

static struct tf_module *module_at(struct run *r, const char *dir)
{
	struct tf_module *mod = moddir_get(r->ts, dir, r->errs, true)->mod;

	return mod && !mod->failed ? mod : NULL;
}

/* An emulated registry module, parsed once for the run. */
static struct tf_module *registry_module(struct run *r, const struct tf_registry_module *reg)
{
	struct moddir *md = moddir_get(r->ts, arena_printf(&r->ts->a, "registry:%s", reg->source),
				       NULL, false);

	if (!md->mod) {
		md->mod = tf_module_from_text(reg->name, reg->text, r->errs);
		md->mod->registry = reg;
	}
	return md->mod->failed ? NULL : md->mod;
}

struct tfsrc *tfsrc_new(const struct tfsrc_options *opt)
{
	struct tfsrc *ts = xcalloc(1, sizeof(*ts));

	ts->opt = opt;
	arena_init(&ts->a);
	strmap_init(&ts->dirs);
	return ts;
}

void tfsrc_free(struct tfsrc *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->norder; i++)
		tf_module_free(ts->order[i]->mod);
	free(ts->order);
	free(ts->roots);
	strmap_release(&ts->dirs);
	arena_release(&ts->a);
	free(ts);
}

void tfsrc_add_dir(struct tfsrc *ts, const char *dir)
{
	struct moddir *md = moddir_get(ts, dir, NULL, false);

	md->added = true;
}

/* Mark every directory a module reads through local sources (and what
 * those call in turn) as called. */
static void mark_called(struct tfsrc *ts, struct tf_module *m, unsigned depth, struct errlist *errs)
{
	if (!m || depth > TF_MAX_MODULE_NESTING)
		return;
	for (size_t i = 0; i < m->ncalls; i++) {
		const struct tf_call *c = &m->calls[i];
		struct moddir *md;
		if (!c->source || !is_local_source(c->source))
			continue;
		md = moddir_get(ts, tf_path_join(&ts->a, m->dir, c->source), errs, false);
		if (md->called)
			continue;
		md->called = true;
		if (!md->mod && md->added)
			md->mod = tf_module_read(md->dir, errs);
		mark_called(ts, md->mod, depth + 1, errs);
	}
}

static void root_facts(struct tfsrc *ts, struct moddir *md, struct facts ***out, size_t *nout,
		       size_t *capout, struct errlist *errs)
{
	struct run r;
	const char *rel = md->dir;
	char *relp = NULL;

	memset(&r, 0, sizeof(r));
	r.ts = ts;
	r.errs = errs;
	r.root_dir = md->dir;
	arena_init(&r.va);
	r.srcs.arena = &r.va;
	strmap_init(&r.rootvals);
	strmap_init(&r.reported);
	strmap_init(&r.vpcs);
	if (ts->opt && ts->opt->relative)
		rel = relp = ts->opt->relative(ts->opt->ctx, md->dir);
	r.f = facts_new(md->dir, rel, INPUT_TFSRC);
	free(relp);
	r.root = minst_new(&r, md->mod, NULL, NULL, NULL);
	read_root_vars(&r);
	walk(&r, r.root);
	link_vpcs(&r);
	*VEC_PUSH(*out, *nout, *capout) = r.f;
	cJSON_Delete(r.modules_json);
	for (size_t i = 0; i < r.nrinsts; i++)
		strmap_release(&r.rinsts[i]->attrs);
	for (size_t i = 0; i < r.nminsts; i++) {
		struct minst *m = r.minsts[i];
		strmap_release(&m->vars);
		strmap_release(&m->locals);
		strmap_release(&m->outputs);
		strmap_release(&m->res);
		strmap_release(&m->calls);
	}
	free(r.rinsts);
	free(r.minsts);
	strmap_release(&r.rootvals);
	strmap_release(&r.reported);
	strmap_release(&r.vpcs);
	arena_release(&r.va);
}

void tfsrc_read(struct tfsrc *ts, struct facts ***out, size_t *nout, size_t *capout,
		struct errlist *errs)
{
	size_t n = ts->norder, added = 0;

	for (size_t i = 0; i < n; i++)
		added += ts->order[i]->added;
	/*
	 * Which directories are roots: those no other one calls.  To know,
	 * each is read once for its module calls and let go (its errors are
	 * said when it is read again as a root); only one root's tree and the
	 * modules it calls are in memory at a time.
	 */
	for (size_t i = 0; added > 1 && i < n; i++) {
		struct moddir *md = ts->order[i];
		struct errlist scratch;
		if (!md->added || md->mod)
			continue;
		errlist_init(&scratch);
		md->mod = tf_module_read(md->dir, &scratch);
		errlist_release(&scratch);
		mark_called(ts, md->mod, 0, errs);
		if (!md->called) {
			tf_module_free(md->mod);
			md->mod = NULL;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct moddir *md = ts->order[i];
		if (!md->added || md->called)
			continue;
		if (!md->mod)
			md->mod = tf_module_read(md->dir, errs);
		/* a root with a syntax error is said, not half read */
		if (md->mod && !md->mod->failed) {
			ts->roots = xrealloc(ts->roots, (ts->nroots + 1) * sizeof(*ts->roots));
			ts->roots[ts->nroots++] = md->dir; /* in ts->a: outlives the module */
			root_facts(ts, md, out, nout, capout, errs);
		}
		/* no other root calls a root: its text and tree are done with
		 * (the facts keep their own copies) */
		tf_module_free(md->mod);
		md->mod = NULL;
	}
}

size_t tfsrc_roots(const struct tfsrc *ts, const char ***dirs)
{
	*dirs = ts->roots;
	return ts->nroots;
}
