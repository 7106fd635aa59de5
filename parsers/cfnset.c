/*
 * cfnset.c: the CloudFormation stack set (see cfnset.h).
 */
#include "parsers/cfnset.h"
#include "parsers/cfn_eval.h"

#include <stdlib.h>
#include <string.h>

#define CFN_SET_FILE_MAX ((size_t)512 << 20)

/* A template handed to the set or read by it. */
struct tmpl {
	struct doc *d;           /* owned */
	char *file, *rel, *real; /* owned; real: realpath(), or NULL */
	const char *account, *region; /* a CDK environment (set arena) */
	const char *stack_name;  /* the CDK stack's name */
	struct cfn_param *params; /* a CDK stack's parameters, then the command line's */
	size_t nparams;
	bool from_assembly;      /* listed by a manifest */
	bool nested;             /* another template of the run nests it */
};

/* A stack of a CDK cloud assembly, before its template is found. */
struct cdk_stack {
	char *real;
	const char *account, *region, *stack_name;
	struct cfn_param *params;
	size_t nparams;
};

struct xport {
	const char *name, *account, *region, *key;
	struct cfn_xval v;
};

struct cfn_set {
	struct cfn_options opt;
	char *(*relative)(void *ctx, const char *path);
	void *ctx;
	struct arena a;
	struct loc_srcs srcs;        /* node_place()'s files, in a */
	struct tmpl **t;
	size_t nt, capt;
	struct doc **manifests;
	size_t nmanifests, capmanifests;
	struct cdk_stack *cdk;
	size_t ncdk, capcdk;
	struct xport *ex, *next_ex;  /* exports of the last round, of this round */
	size_t nex, capex, nnext, capnext;
	int pass;                    /* 1: exports, 2: facts */
	struct errlist *errs;
	struct facts ***out;
	size_t *nout, *capout;
};

/* One stack being read: a template handed to the set, or a nested stack. */
struct inst {
	struct cfn_set *s;
	struct tmpl *tm;
	const char *key;
	struct cfn_options opt;
	struct cfn_links links;
	struct inst *parent;
	struct tpl *ptpl;            /* the parent, open while the child is read */
	const struct node *pparams;  /* the parent's Parameters for it */
	const struct env *penv;
	unsigned depth;
	struct outv {
		const char *child;   /* NULL: this stack's own output */
		const char *name;
		struct cfn_xval v;
	} *outs;
	size_t nouts, capouts;
	struct pnote {
		struct loc loc;
		const char *res, *msg;
	} *notes;
	size_t nnotes, capnotes;
	struct export *exports;
	size_t nexports, capexports;
};

static struct loc node_place(struct inst *in, const struct node *n)
{
	struct loc l = {.src = loc_src(&in->s->srcs, in->tm->file, NULL), .line = n->start.line,
			 .col = n->start.col, .end_line = n->end.line, .end_col = n->end.col};
	return l;
}

static struct origin *make_origin(struct cfn_set *s, struct loc loc,
				  const struct origin *next, const char *what)
{
	struct origin *o = arena_alloc(&s->a, sizeof(*o));

	o->loc = loc;
	o->what = what;
	o->next = next;
	return o;
}

/* --- reading files ------------------------------------------------------ */

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

static char *join_path(const char *dir, const char *name)
{
	if (name[0] == '/' || !strcmp(dir, "."))
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

/* Read path as a document; NULL with *why (set arena) when it cannot be. */
static struct doc *read_doc(struct cfn_set *s, const char *path, struct errlist *errs,
			    const char **why)
{
	size_t len = 0;
	const char *err = NULL;
	char *buf = file_read_all(path, CFN_SET_FILE_MAX, &len, &err);
	struct doc *d;
	const char *p;
	int rc;

	if (!buf) {
		*why = arena_printf(&s->a, "cannot read %s: %s", path, err ? err : "unknown error");
		return NULL;
	}
	p = buf;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	d = xcalloc(1, sizeof(*d));
	doc_init(d, arena_strdup(&s->a, path));
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	rc = (*p == '{' ? doc_read_json : doc_read_yaml)(d, p, len - (size_t)(p - buf), NULL, errs);
	free(buf);
	if (rc || !d->root) {
		doc_release(d);
		free(d);
		*why = arena_printf(&s->a, "%s is not a template that can be read", path);
		return NULL;
	}
	return d;
}

static struct tmpl *add_tmpl(struct cfn_set *s, struct doc *d, const char *rel)
{
	struct tmpl *tm = xcalloc(1, sizeof(*tm));

	tm->d = d;
	tm->file = xstrdup(d->file);
	tm->rel = xstrdup(rel ? rel : d->file);
	tm->real = realpath(d->file, NULL);
	*VEC_PUSH(s->t, s->nt, s->capt) = tm;
	return tm;
}

/* The template of real path real, read once for the whole run. */
static struct tmpl *find_tmpl(struct cfn_set *s, const char *real)
{
	for (size_t i = 0; real && i < s->nt; i++)
		if (s->t[i]->real && !strcmp(s->t[i]->real, real))
			return s->t[i];
	return NULL;
}

/* --- the set ------------------------------------------------------------ */

struct cfn_set *cfn_set_new(const struct cfn_options *opt,
			    char *(*relative)(void *ctx, const char *path), void *ctx)
{
	struct cfn_set *s = xcalloc(1, sizeof(*s));

	if (opt)
		s->opt = *opt;
	s->relative = relative;
	s->ctx = ctx;
	arena_init(&s->a);
	s->srcs.arena = &s->a;
	return s;
}

void cfn_set_free(struct cfn_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nt; i++) {
		doc_release(s->t[i]->d);
		free(s->t[i]->d);
		free(s->t[i]->file);
		free(s->t[i]->rel);
		free(s->t[i]->real);
		free(s->t[i]);
	}
	for (size_t i = 0; i < s->nmanifests; i++) {
		doc_release(s->manifests[i]);
		free(s->manifests[i]);
	}
	for (size_t i = 0; i < s->ncdk; i++)
		free(s->cdk[i].real);
	free(s->manifests);
	free(s->cdk);
	free(s->t);
	free(s->ex);
	free(s->next_ex);
	arena_release(&s->a);
	free(s);
}

void cfn_set_add(struct cfn_set *s, struct doc *d, const char *rel)
{
	add_tmpl(s, d, rel);
}

/* --- CDK cloud assembly ------------------------------------------------- */

bool cfn_is_assembly(const struct node *root)
{
	const struct node *arts = node_get(root, "artifacts");

	return arts && arts->kind == NODE_MAP && node_get(root, "version") &&
	       !node_get(root, "Resources");
}

/* "aws://ACCOUNT/REGION"; unknown-account and unknown-region stay NULL. */
static void cdk_environment(struct cfn_set *s, const char *env, const char **account,
			    const char **region)
{
	const char *p, *slash;

	*account = *region = NULL;
	if (!env || strncmp(env, "aws://", 6))
		return;
	p = env + 6;
	if (!(slash = strchr(p, '/')))
		return;
	if ((size_t)(slash - p) != strlen("unknown-account") || strncmp(p, "unknown-account", 15))
		*account = arena_strndup(&s->a, p, (size_t)(slash - p));
	if (slash[1] && strcmp(slash + 1, "unknown-region"))
		*region = arena_strdup(&s->a, slash + 1);
	if (*account && !**account)
		*account = NULL;
}

static int read_manifest(struct cfn_set *s, const struct doc *d, unsigned depth,
			 struct errlist *errs)
{
	const struct node *arts = node_get(d->root, "artifacts");
	char *dir = dir_of(d->file);
	int rc = 0;

	for (size_t i = 0; arts && i < arts->n; i++) {
		const struct node *a = node_val(arts, i), *props = node_get(a, "properties");
		const char *type = node_text(node_get(a, "type"));

		if (str_eq(type, "cdk:cloud-assembly")) {
			/* a Stage: an assembly of its own, in a directory */
			const char *sub = node_text(node_get(props, "directoryName"));
			const char *why = NULL;
			char *p;
			struct doc *m;
			if (!sub || depth >= CFN_SET_MAX_DEPTH)
				continue;
			p = xasprintf("%s/%s/manifest.json", dir, sub);
			if ((m = read_doc(s, p, errs, &why))) {
				*VEC_PUSH(s->manifests, s->nmanifests, s->capmanifests) = m;
				rc |= read_manifest(s, m, depth + 1, errs);
			} else {
				errlist_add(errs, d->file, a->start.line, a->start.col, "%s", why);
				rc = -1;
			}
			free(p);
			continue;
		}
		if (!str_eq(type, "aws:cloudformation:stack"))
			continue;
		const struct node *tf = node_get(props, "templateFile");
		if (!node_text(tf)) {
			errlist_add(errs, d->file, a->start.line, a->start.col,
				    "stack '%s' of the cloud assembly has no properties.templateFile",
				    node_text(node_key(arts, i)) ? node_text(node_key(arts, i)) : "?");
			rc = -1;
			continue;
		}
		char *path = join_path(dir, node_text(tf));
		struct cdk_stack *cs = VEC_PUSH(s->cdk, s->ncdk, s->capcdk);
		memset(cs, 0, sizeof(*cs));
		cs->real = realpath(path, NULL);
		if (!cs->real) {
			errlist_add(errs, d->file, tf->start.line, tf->start.col,
				    "the template of stack '%s' (%s) cannot be read",
				    node_text(node_key(arts, i)) ? node_text(node_key(arts, i)) : "?", path);
			s->ncdk--;
			free(path);
			rc = -1;
			continue;
		}
		cdk_environment(s, node_text(node_get(a, "environment")), &cs->account, &cs->region);
		/* properties.stackName; by default the artifact id */
		cs->stack_name = node_text(node_get(props, "stackName"));
		if (!cs->stack_name)
			cs->stack_name = node_text(node_key(arts, i));
		const struct node *ps = node_get(props, "parameters");
		if (ps && ps->kind == NODE_MAP) {
			cs->params = arena_alloc(&s->a, (ps->n + 1) * sizeof(*cs->params));
			for (size_t j = 0; j < ps->n; j++)
				if (node_text(node_key(ps, j)) && node_text(node_val(ps, j))) {
					cs->params[cs->nparams].key = node_text(node_key(ps, j));
					cs->params[cs->nparams++].value = node_text(node_val(ps, j));
				}
		}
		if (!find_tmpl(s, cs->real)) {
			const char *why = NULL;
			struct doc *td = read_doc(s, path, errs, &why);
			if (td && cfn_detect(td->root, true)) {
				char *rel = s->relative ? s->relative(s->ctx, path) : xstrdup(path);
				add_tmpl(s, td, rel);
				free(rel);
			} else {
				if (td) {
					doc_release(td);
					free(td);
					why = arena_printf(&s->a, "%s is not a CloudFormation template", path);
				}
				errlist_add(errs, d->file, tf->start.line, tf->start.col, "%s", why);
				rc = -1;
			}
		}
		free(path);
	}
	free(dir);
	return rc;
}

int cfn_set_add_assembly(struct cfn_set *s, struct doc *d, struct errlist *errs)
{
	*VEC_PUSH(s->manifests, s->nmanifests, s->capmanifests) = d;
	return read_manifest(s, d, 0, errs);
}

/* --- values handed between stacks -------------------------------------- */

static bool xval_eq(const struct cfn_xval *a, const struct cfn_xval *b)
{
	return a->kind == b->kind && str_eq(a->s, b->s) && str_eq(a->stack, b->stack) &&
	       str_eq(a->why, b->why);
}

/*
 * The value of n in t as one value for every parameter combination, or
 * unknown when it differs between them.  A reference to a resource other
 * than a VPC is an id known only after deployment.
 */
static void stable_value(struct inst *in, struct tpl *t, const struct node *n,
			 const struct env *env, const char *what, struct cfn_xval *out)
{
	size_t ncomb = t->nscen ? t->nscen : 1;
	struct cfn_xval x;

	for (size_t c = 0; c < ncomb; c++) {
		cfn_set_combination(t, t->nscen ? (long)c : -1);
		struct cval v = cfn_eval(t, n, env, 0);
		cfn_export_value(t, &v, &in->s->a, &x);
		if (c == 0) {
			*out = x;
		} else if (!xval_eq(out, &x)) {
			memset(out, 0, sizeof(*out));
			out->kind = CV_UNKNOWN;
			out->why = arena_printf(&in->s->a, "%s depends on the parameters with AllowedValues of %s",
						what, in->tm->file);
			break;
		}
	}
	cfn_set_combination(t, -1);
	if (out->kind == CV_RESREF && !out->origin && str_eq(out->stack, in->key)) {
		const struct cres *r = cfn_find_res(t, out->s);
		if (!r || !str_eq(r->type, "AWS::EC2::VPC")) {
			const char *id = out->s;
			memset(out, 0, sizeof(*out));
			out->kind = CV_UNKNOWN;
			out->why = arena_printf(&in->s->a, "%s is the id of '%s' (%s), known only after deployment",
						what, id, r && r->type ? r->type : "?");
		}
	}
}

static bool env_matches(const char *want, const char *have)
{
	return !want || !have || !strcmp(want, have);
}

static bool link_import(void *ctx, const char *name, struct cfn_xval *out)
{
	struct inst *in = ctx;
	struct cfn_set *s = in->s;
	size_t found = 0;

	for (size_t i = 0; i < s->nex; i++) {
		const struct xport *e = &s->ex[i];
		if (strcmp(e->name, name) || !env_matches(in->opt.account, e->account) ||
		    !env_matches(in->opt.region, e->region))
			continue;
		if (found && !xval_eq(out, &e->v)) {
			memset(out, 0, sizeof(*out));
			out->kind = CV_UNKNOWN;
			out->why = arena_printf(&s->a, "Fn::ImportValue '%s': more than one template of this run exports it, with different values", name);
			return true;
		}
		*out = e->v;
		found++;
	}
	return found > 0;
}

static bool link_output(void *ctx, const char *res, const char *name, struct cfn_xval *out)
{
	struct inst *in = ctx;

	for (size_t i = 0; i < in->nouts; i++)
		if (str_eq(in->outs[i].child, res) && !strcmp(in->outs[i].name, name)) {
			*out = in->outs[i].v;
			return true;
		}
	return false;
}

static bool link_param(void *ctx, const char *name, struct cfn_xval *out)
{
	struct inst *in = ctx;
	const struct node *v = in->pparams ? node_get(in->pparams, name) : NULL;

	if (!v)
		return false;
	stable_value(in->parent, in->ptpl, v, in->penv,
		     arena_printf(&in->s->a, "parameter '%s' of nested stack '%s'", name, in->key), out);
	return true;
}

/* --- one stack --------------------------------------------------------- */

static void read_inst(struct inst *in);

static void add_note(struct inst *in, struct loc loc, const char *res, const char *msg)
{
	struct pnote *n = VEC_PUSH(in->notes, in->nnotes, in->capnotes);

	n->loc = loc;
	n->res = res;
	n->msg = msg;
}

/* The local file a nested stack's template is in, or NULL (note added). */
static char *child_path(struct inst *in, struct tpl *t, const struct cres *r)
{
	const struct node *pr = cfn_props_of(r), *url = node_get(pr, "TemplateURL");
	const struct node *meta = node_get(r->body, "Metadata");
	const char *asset = node_text(node_get(meta, "aws:asset:path"));
	struct cval v = {.kind = CV_NOVALUE};
	char *dir, *path;

	if (asset && str_eq(node_text(node_get(meta, "aws:asset:property")), "TemplateURL"))
		v.kind = CV_STR, v.s = asset; /* CDK: the asset in the cloud assembly */
	else if (url)
		v = cfn_eval(t, url, r->env, 0);
	else
		return NULL;
	if (v.kind != CV_STR) {
		add_note(in, node_place(in, url), r->id,
			 arena_printf(&in->s->a, "the template of nested stack '%s' is not known before deployment (%s): its resources were not checked",
				      r->id, v.kind == CV_UNKNOWN || v.kind == CV_ERROR ? v.why : cfn_kind_text(&v)));
		return NULL;
	}
	if (strstr(v.s, "://") || str_startswith(v.s, "s3.") || strstr(v.s, ".amazonaws.com")) {
		add_note(in, node_place(in, url ? url : r->key), r->id,
			 arena_printf(&in->s->a, "nested stack '%s' reads its template from %s, which is not read: its resources were not checked (package it locally, or lint the child template with the parameters it is given)",
				      r->id, v.s));
		return NULL;
	}
	dir = dir_of(in->tm->file);
	path = join_path(dir, v.s);
	free(dir);
	return path;
}

static void read_children(struct inst *in, struct tpl *t)
{
	struct cfn_set *s = in->s;

	for (size_t i = 0; i < t->nres; i++) {
		const struct cres *r = &t->res[i];
		const struct node *at;
		char *path, *real;
		struct tmpl *ctm;
		bool cycle = false;

		if (!str_eq(r->type, "AWS::CloudFormation::Stack") || !cfn_res_exists(t, r, 0))
			continue;
		if (!(path = child_path(in, t, r)))
			continue;
		at = node_get(cfn_props_of(r), "TemplateURL");
		if (!at)
			at = r->key;
		real = realpath(path, NULL);
		if (!real) {
			/* often a URL prefix parameter whose Default is empty: the
			 * template is where the real value points, not here */
			add_note(in, node_place(in, at), r->id,
				 arena_printf(&s->a, "the template of nested stack '%s' is not here (%s): its resources were not checked",
					      r->id, path));
			free(path);
			continue;
		}
		for (const struct inst *p = in; p && real; p = p->parent)
			cycle |= p->tm->real && !strcmp(p->tm->real, real);
		if (cycle || in->depth + 1 >= CFN_SET_MAX_DEPTH) {
			if (s->pass == 2)
				errlist_add(s->errs, in->tm->file, at->start.line, at->start.col,
					    cycle ? "nested stack '%s' creates a stack from %s, a template that contains it: the nesting never ends"
						  : "nested stack '%s' (%s) nests more than %d stacks deep; not read",
					    r->id, path, CFN_SET_MAX_DEPTH);
			free(path);
			free(real);
			continue;
		}
		ctm = find_tmpl(s, real);
		if (!ctm) {
			const char *why = NULL;
			struct errlist local;
			struct doc *d;
			errlist_init(&local);
			d = read_doc(s, path, &local, &why);
			if (d && cfn_detect(d->root, true)) {
				char *rel = s->relative ? s->relative(s->ctx, path) : xstrdup(path);
				ctm = add_tmpl(s, d, rel);
				ctm->nested = true;
				free(rel);
			} else if (s->pass == 2) {
				if (d)
					why = arena_printf(&s->a, "%s is not a CloudFormation template", path);
				errlist_add(s->errs, in->tm->file, at->start.line, at->start.col,
					    "nested stack '%s': %s%s%s", r->id, why ? why : "cannot be read",
					    local.n ? ": " : "", local.n ? local.v[0].msg : "");
			}
			if (d && !ctm) {
				doc_release(d);
				free(d);
			}
			errlist_release(&local);
		}
		free(path);
		free(real);
		if (!ctm)
			continue;

		struct inst child;
		memset(&child, 0, sizeof(child));
		child.s = s;
		child.tm = ctm;
		child.key = arena_printf(&s->a, "%s/%s", in->key, r->id);
		child.opt = in->opt;
		child.opt.params = NULL; /* the parent gives the parameters */
		child.opt.stack_name = NULL; /* CloudFormation names a nested stack at deploy time */
		child.opt.nparams = 0;
		child.parent = in;
		child.ptpl = t;
		child.pparams = node_get(cfn_props_of(r), "Parameters");
		child.penv = r->env;
		child.depth = in->depth + 1;
		child.links.origin = make_origin(s, node_place(in, r->key), in->links.origin,
						 arena_printf(&s->a, "created by nested stack '%s' of %s",
							      r->id, in->tm->file));
		read_inst(&child);
		for (size_t j = 0; j < child.nouts; j++) {
			struct outv *o;
			if (child.outs[j].child)
				continue;
			o = VEC_PUSH(in->outs, in->nouts, in->capouts);
			*o = child.outs[j];
			o->child = r->id;
		}
		free(child.outs);
		free(child.notes);
		free(child.exports);
	}
}

static void read_outputs(struct inst *in, struct tpl *t)
{
	struct cfn_set *s = in->s;
	const struct node *outs = node_get(t->root, "Outputs");

	for (size_t i = 0; outs && outs->kind == NODE_MAP && i < outs->n; i++) {
		const struct node *body = node_val(outs, i), *k = node_key(outs, i);
		const struct node *val = node_get(body, "Value");
		const struct node *exp = node_get(node_get(body, "Export"), "Name");
		const char *name = node_text(k), *cond = node_text(node_get(body, "Condition"));
		struct outv *o;

		if (!name || !val)
			continue;
		if (cond) {
			struct cres fake = {.body = body};
			if (!cfn_res_exists(t, &fake, 0))
				continue;
		}
		o = VEC_PUSH(in->outs, in->nouts, in->capouts);
		memset(o, 0, sizeof(*o));
		o->name = arena_strdup(&s->a, name);
		stable_value(in, t, val, NULL, arena_printf(&s->a, "output '%s'", name), &o->v);
		if (!o->v.origin)
			o->v.origin = make_origin(s, node_place(in, val), NULL,
						  arena_printf(&s->a, "the value is output '%s' of %s", name, in->tm->file));
		if (!exp)
			continue;
		struct cfn_xval en;
		stable_value(in, t, exp, NULL, "the export name", &en);
		if (en.kind != CV_STR)
			continue; /* a name known only at deploy time matches nothing */
		if (s->pass == 1) {
			struct xport *e = VEC_PUSH(s->next_ex, s->nnext, s->capnext);
			e->name = en.s;
			e->account = in->opt.account;
			e->region = in->opt.region;
			e->key = in->key;
			e->v = o->v;
			e->v.origin = make_origin(s, node_place(in, val), NULL,
						  arena_printf(&s->a, "the value is export '%s' of %s", en.s, in->tm->file));
		} else {
			struct export *x = VEC_PUSH(in->exports, in->nexports, in->capexports);
			x->name = en.s;
			x->account = in->opt.account;
			x->region = in->opt.region;
			x->loc = node_place(in, exp);
			x->stack = in->key;
		}
	}
}

static void read_inst(struct inst *in)
{
	struct cfn_set *s = in->s;
	struct errlist scratch_errs;
	struct facts *scratch;
	struct tpl t;

	in->links.ctx = in;
	in->links.stack = in->key;
	in->links.in_set = true;
	in->links.import = link_import;
	in->links.output = link_output;
	in->links.param = in->parent ? link_param : NULL;
	in->opt.links = &in->links;

	errlist_init(&scratch_errs);
	scratch = facts_new(in->tm->file, in->tm->rel, INPUT_CFN);
	cfn_tpl_open(&t, in->tm->d, &in->opt, scratch, &scratch_errs);
	read_children(in, &t);
	read_outputs(in, &t);
	cfn_tpl_close(&t);
	facts_free(scratch);
	errlist_release(&scratch_errs);
	if (s->pass != 2)
		return;

	struct facts *f = cfn_facts(in->tm->d, in->tm->rel, &in->opt, s->errs);
	if (!f)
		return;
	for (size_t i = 0; i < in->nnotes; i++) {
		struct pnote *n = &in->notes[i];
		loc_set_file(&f->srcs, &n->loc, facts_str(f, loc_file(&n->loc)));
		facts_add_note(f, NOTE_UNRESOLVED, n->loc, facts_str(f, n->res), "%s", n->msg);
	}
	for (size_t i = 0; i < in->nexports; i++) {
		struct export *x = VEC_PUSH(f->exports, f->nexports, f->capexports);
		*x = in->exports[i];
		x->name = facts_str(f, x->name);
		x->account = facts_str(f, x->account);
		x->region = facts_str(f, x->region);
		x->stack = facts_str(f, x->stack);
		loc_set_file(&f->srcs, &x->loc, facts_str(f, loc_file(&x->loc)));
	}
	*VEC_PUSH(*s->out, *s->nout, *s->capout) = f;
}

/* Mark the templates that another template of the set nests (a literal
 * local TemplateURL or CDK asset path): they are read as those children. */
static void mark_nested(struct cfn_set *s)
{
	size_t n = s->nt;

	for (size_t i = 0; i < n; i++) {
		const struct tmpl *tm = s->t[i];
		const struct node *res = node_get(tm->d->root, "Resources");
		for (size_t j = 0; res && res->kind == NODE_MAP && j < res->n; j++) {
			const struct node *body = node_val(res, j), *meta = node_get(body, "Metadata");
			const char *url = node_text(node_get(node_get(body, "Properties"), "TemplateURL"));
			const char *asset = node_text(node_get(meta, "aws:asset:path"));
			char *dir, *path, *real;
			struct tmpl *c;

			if (!str_eq(node_text(node_get(body, "Type")), "AWS::CloudFormation::Stack"))
				continue;
			if (asset && str_eq(node_text(node_get(meta, "aws:asset:property")), "TemplateURL"))
				url = asset;
			if (!url || strstr(url, "://"))
				continue;
			dir = dir_of(tm->file);
			path = join_path(dir, url);
			real = realpath(path, NULL);
			if ((c = find_tmpl(s, real)) && c != tm)
				c->nested = true;
			free(dir);
			free(path);
			free(real);
		}
	}
}

static void apply_assembly(struct cfn_set *s)
{
	for (size_t i = 0; i < s->ncdk; i++) {
		struct cdk_stack *cs = &s->cdk[i];
		struct tmpl *tm = find_tmpl(s, cs->real);
		if (!tm)
			continue;
		tm->from_assembly = true;
		tm->account = cs->account;
		tm->region = cs->region;
		tm->stack_name = cs->stack_name;
		/* the manifest's parameters, then the command line's, which win */
		tm->nparams = cs->nparams + s->opt.nparams;
		tm->params = arena_alloc(&s->a, (tm->nparams + 1) * sizeof(*tm->params));
		if (cs->nparams)
			memcpy(tm->params, cs->params, cs->nparams * sizeof(*tm->params));
		if (s->opt.nparams)
			memcpy(tm->params + cs->nparams, s->opt.params, s->opt.nparams * sizeof(*tm->params));
	}
}

static void read_all(struct cfn_set *s)
{
	size_t n = s->nt; /* children read on the way are appended */

	for (size_t i = 0; i < n; i++) {
		struct tmpl *tm = s->t[i];
		struct inst in;

		if (tm->nested)
			continue;
		memset(&in, 0, sizeof(in));
		in.s = s;
		in.tm = tm;
		in.key = tm->file;
		in.opt = s->opt;
		if (tm->from_assembly) {
			in.opt.account = tm->account;
			in.opt.region = tm->region;
			in.opt.stack_name = tm->stack_name;
			in.opt.params = tm->params;
			in.opt.nparams = tm->nparams;
		}
		read_inst(&in);
		free(in.outs);
		free(in.notes);
		free(in.exports);
	}
}

static size_t known_exports(const struct xport *ex, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += ex[i].v.kind != CV_UNKNOWN;
	return k;
}

void cfn_set_read(struct cfn_set *s, struct facts ***out, size_t *n, size_t *cap,
		  struct errlist *errs)
{
	s->errs = errs;
	s->out = out;
	s->nout = n;
	s->capout = cap;
	apply_assembly(s);
	mark_nested(s);
	/* pass 1: exports, again while exports made of imports gain values */
	s->pass = 1;
	for (unsigned round = 0; round < CFN_SET_ROUNDS; round++) {
		size_t before = known_exports(s->ex, s->nex);
		struct xport *swap = s->ex;
		size_t capswap = s->capex;
		s->nnext = 0;
		read_all(s);
		s->ex = s->next_ex;
		s->nex = s->nnext;
		s->capex = s->capnext;
		s->next_ex = swap;
		s->capnext = capswap;
		if (round && known_exports(s->ex, s->nex) <= before)
			break;
	}
	s->pass = 2;
	read_all(s);
}
