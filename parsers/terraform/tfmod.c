/*
 * tfmod.c: one directory of Terraform configuration, read and indexed (see
 * tfmod.h).
 *
 * Facts: developer.hashicorp.com/terraform/language/files (which files, in
 * which order; override files), .../language/syntax/json (.tf.json),
 * .../language/values/variables, .../language/meta-arguments.
 */
#include "parsers/terraform/tfmod.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

bool tf_is_config_name(const char *name)
{
	return name[0] != '.' && (ends_with(name, ".tf") || ends_with(name, ".tf.json"));
}

bool tf_is_vars_name(const char *name)
{
	return name[0] != '.' && (ends_with(name, ".tfvars") || ends_with(name, ".tfvars.json"));
}

/* override.tf, override.tf.json, x_override.tf, x_override.tf.json */
static bool is_override(const char *name)
{
	return !strcmp(name, "override.tf") || !strcmp(name, "override.tf.json") ||
	       ends_with(name, "_override.tf") || ends_with(name, "_override.tf.json");
}

const char *tf_path_join(struct arena *a, const char *dir, const char *rel)
{
	struct sbuf sb;
	const char *parts[2] = {dir, rel};
	const char **seg = NULL;
	size_t nseg = 0, capseg = 0, ups = 0;
	bool absolute = dir && dir[0] == '/';
	const char *out;

	if (rel && rel[0] == '/') {
		parts[0] = "";
		absolute = true;
	}
	sbuf_init(&sb, 0);
	for (int p = 0; p < 2; p++) {
		const char *s = parts[p];
		while (s && *s) {
			size_t n = strcspn(s, "/");
			if (n == 0 || (n == 1 && s[0] == '.')) {
				/* empty or "." */
			} else if (n == 2 && s[0] == '.' && s[1] == '.') {
				if (nseg && !(strncmp(seg[nseg - 1], "..", 2) == 0 &&
					      (seg[nseg - 1][2] == '/' || !seg[nseg - 1][2])))
					nseg--;
				else if (!absolute)
					*VEC_PUSH(seg, nseg, capseg) = "..", ups++;
			} else {
				*VEC_PUSH(seg, nseg, capseg) = s;
			}
			s += n;
			if (*s == '/')
				s++;
		}
	}
	if (absolute)
		sbuf_addch(&sb, '/');
	for (size_t i = 0; i < nseg; i++) {
		size_t n = strcspn(seg[i], "/");
		if (i)
			sbuf_addch(&sb, '/');
		sbuf_add(&sb, seg[i], n);
	}
	if (!sb.len)
		sbuf_addch(&sb, '.');
	(void)ups;
	out = arena_strndup(a, sb.buf, sb.len);
	sbuf_release(&sb);
	free(seg);
	return out;
}

/* --- override files ---------------------------------------------------- */

static bool same_labels(const struct hcl_block *a, const struct hcl_block *b)
{
	if (strcmp(a->type, b->type) != 0 || a->nlabels != b->nlabels)
		return false;
	for (size_t i = 0; i < a->nlabels; i++)
		if (strcmp(a->labels[i], b->labels[i]) != 0)
			return false;
	return true;
}

/* Merge body o into body b as Terraform merges an override block: each
 * attribute replaces (or adds) its namesake; the nested blocks of a type
 * that o has replace all of b's blocks of that type. */
static void merge_body(struct arena *a, struct hcl_body *b, const struct hcl_body *o)
{
	struct hcl_attr *attrs;
	struct hcl_block *blocks;
	size_t na = 0, nb = 0;

	attrs = arena_alloc(a, (b->nattrs + o->nattrs + 1) * sizeof(*attrs));
	for (size_t i = 0; i < b->nattrs; i++)
		attrs[na++] = b->attrs[i];
	for (size_t i = 0; i < o->nattrs; i++) {
		size_t j = 0;
		while (j < na && strcmp(attrs[j].name, o->attrs[i].name) != 0)
			j++;
		attrs[j] = o->attrs[i];
		if (j == na)
			na++;
	}
	blocks = arena_alloc(a, (b->nblocks + o->nblocks + 1) * sizeof(*blocks));
	for (size_t i = 0; i < b->nblocks; i++) {
		bool replaced = false;
		for (size_t j = 0; j < o->nblocks && !replaced; j++)
			replaced = strcmp(b->blocks[i].type, o->blocks[j].type) == 0;
		if (!replaced)
			blocks[nb++] = b->blocks[i];
	}
	for (size_t j = 0; j < o->nblocks; j++)
		blocks[nb++] = o->blocks[j];
	b->attrs = attrs;
	b->nattrs = na;
	b->blocks = blocks;
	b->nblocks = nb;
}

/* Apply an override file to the files read before it. */
static void apply_override(struct tf_module *m, const struct hcl_file *ov, struct errlist *errs)
{
	for (size_t i = 0; i < ov->body->nblocks; i++) {
		const struct hcl_block *ob = &ov->body->blocks[i];
		bool found = false;

		for (size_t f = 0; f < m->nfiles && !found; f++) {
			struct hcl_body *body = m->files[f]->body;
			for (size_t j = 0; j < body->nblocks && !found; j++) {
				struct hcl_block *b = &body->blocks[j];
				if (!strcmp(ob->type, "locals") && !strcmp(b->type, "locals")) {
					/* a local overrides its namesake in any locals block */
					for (size_t k = 0; k < ob->body->nattrs; k++)
						for (size_t l = 0; l < b->body->nattrs; l++)
							if (!strcmp(b->body->attrs[l].name,
								    ob->body->attrs[k].name))
								b->body->attrs[l] = ob->body->attrs[k];
					continue;
				}
				if (!strcmp(ob->type, "terraform") || !same_labels(b, ob))
					continue;
				merge_body(&m->arena, b->body, ob->body);
				found = true;
			}
		}
		if (!found && strcmp(ob->type, "locals") && strcmp(ob->type, "terraform"))
			errlist_add(errs, ov->path, ob->range.start.line, ob->range.start.col,
				    "missing base configuration for override: no %s block %s%s%s%s in the other files",
				    ob->type, ob->nlabels ? "\"" : "", ob->nlabels ? ob->labels[0] : "",
				    ob->nlabels > 1 ? "\" \"" : "", ob->nlabels > 1 ? ob->labels[1] : "");
	}
}

/* --- the index ---------------------------------------------------------- */

static void dup_error(struct tf_module *m, struct errlist *errs, const char *what,
		      const struct hcl_block *b, const struct hcl_range *first)
{
	errlist_add(errs, b->range.file, b->range.start.line, b->range.start.col,
		    "duplicate %s: it is already declared at %s:%u:%u", what, first->file,
		    first->start.line, first->start.col);
	m->failed = true;
}

/* Put key in the index; false when it is there already. */
static bool index_put(struct tf_module *m, const char *key, const void *decl)
{
	if (strmap_get(&m->by_name, key))
		return false;
	strmap_put(&m->by_name, key, (void *)decl);
	return true;
}

static const char *static_string(struct arena *a, const struct hcl_expr *e)
{
	if (!e)
		return NULL;
	if (e->kind == HCL_LITERAL && e->lit.kind == HCL_LIT_STRING)
		return e->lit.text;
	if (e->kind == HCL_TEMPLATE && e->tpl.n == 1 &&
	    e->tpl.parts[0]->kind == HCL_LITERAL && e->tpl.parts[0]->lit.kind == HCL_LIT_STRING)
		return e->tpl.parts[0]->lit.text;
	if (e->kind == HCL_TEMPLATE && e->tpl.n == 0)
		return arena_strdup(a, "");
	return NULL;
}

static bool labels_ok(struct tf_module *m, const struct hcl_block *b, size_t want,
		      struct errlist *errs)
{
	if (b->nlabels == want)
		return true;
	errlist_add(errs, b->range.file, b->type_range.start.line, b->type_range.start.col,
		    "a %s block needs %zu label%s, not %zu", b->type, want, want == 1 ? "" : "s",
		    b->nlabels);
	m->failed = true;
	return false;
}

static void index_block(struct tf_module *m, const struct hcl_file *file,
			const struct hcl_block *b, struct errlist *errs)
{
	struct arena *a = &m->arena;
	const struct hcl_body *body = b->body;
	const struct hcl_attr *at;

	if (!strcmp(b->type, "variable")) {
		struct tf_var *v;
		if (!labels_ok(m, b, 1, errs))
			return;
		v = &m->vars[m->nvars];
		v->name = b->labels[0];
		v->block = b;
		v->def = (at = hcl_body_attr(body, "default")) ? at->expr : NULL;
		v->type = (at = hcl_body_attr(body, "type")) ? at->expr : NULL;
		v->nullable = true;
		if ((at = hcl_body_attr(body, "nullable")) && at->expr->kind == HCL_LITERAL &&
		    at->expr->lit.kind == HCL_LIT_BOOL)
			v->nullable = at->expr->lit.b;
		if (!index_put(m, arena_printf(a, "var.%s", v->name), v)) {
			const struct tf_var *first = tf_module_find(m, arena_printf(a, "var.%s", v->name));
			dup_error(m, errs, arena_printf(a, "variable \"%s\"", v->name), b, &first->block->range);
			return;
		}
		m->nvars++;
	} else if (!strcmp(b->type, "locals")) {
		for (size_t i = 0; i < body->nattrs; i++) {
			struct tf_local *l = &m->locals[m->nlocals];
			l->name = body->attrs[i].name;
			l->attr = &body->attrs[i];
			if (!index_put(m, arena_printf(a, "local.%s", l->name), l)) {
				const struct tf_local *first =
					tf_module_find(m, arena_printf(a, "local.%s", l->name));
				errlist_add(errs, l->attr->range.file, l->attr->range.start.line,
					    l->attr->range.start.col,
					    "duplicate local value \"%s\": it is already defined at %s:%u:%u",
					    l->name, first->attr->range.file, first->attr->range.start.line,
					    first->attr->range.start.col);
				m->failed = true;
				continue;
			}
			m->nlocals++;
		}
	} else if (!strcmp(b->type, "output")) {
		struct tf_output *o;
		if (!labels_ok(m, b, 1, errs))
			return;
		o = &m->outputs[m->noutputs];
		o->name = b->labels[0];
		o->block = b;
		o->value = hcl_body_attr(body, "value");
		if (!index_put(m, arena_printf(a, "output.%s", o->name), o)) {
			const struct tf_output *first =
				tf_module_find(m, arena_printf(a, "output.%s", o->name));
			dup_error(m, errs, arena_printf(a, "output \"%s\"", o->name), b, &first->block->range);
			return;
		}
		m->noutputs++;
	} else if (!strcmp(b->type, "resource") || !strcmp(b->type, "data")) {
		struct tf_res *r;
		bool data = b->type[0] == 'd';
		if (!labels_ok(m, b, 2, errs))
			return;
		r = &m->res[m->nres];
		r->data = data;
		r->type = b->labels[0];
		r->name = b->labels[1];
		r->key = data ? arena_printf(a, "data.%s.%s", r->type, r->name)
			      : arena_printf(a, "%s.%s", r->type, r->name);
		r->block = b;
		r->count = (at = hcl_body_attr(body, "count")) ? at->expr : NULL;
		r->for_each = (at = hcl_body_attr(body, "for_each")) ? at->expr : NULL;
		r->provider = (at = hcl_body_attr(body, "provider")) ? hcl_expr_traversal_text(a, at->expr)
								     : NULL;
		r->file = file->path;
		if (r->count && r->for_each) {
			errlist_add(errs, b->range.file, b->range.start.line, b->range.start.col,
				    "invalid combination of \"count\" and \"for_each\" in %s", r->key);
			m->failed = true;
		}
		if (!index_put(m, r->key, r)) {
			const struct tf_res *first = tf_module_find(m, r->key);
			dup_error(m, errs, arena_printf(a, "%s \"%s\" \"%s\"", data ? "data" : "resource",
							r->type, r->name),
				  b, &first->block->range);
			return;
		}
		m->nres++;
	} else if (!strcmp(b->type, "module")) {
		struct tf_call *c;
		if (!labels_ok(m, b, 1, errs))
			return;
		c = &m->calls[m->ncalls];
		c->name = b->labels[0];
		c->block = b;
		c->source = (at = hcl_body_attr(body, "source")) ? static_string(a, at->expr) : NULL;
		c->version = (at = hcl_body_attr(body, "version")) ? static_string(a, at->expr) : NULL;
		c->count = (at = hcl_body_attr(body, "count")) ? at->expr : NULL;
		c->for_each = (at = hcl_body_attr(body, "for_each")) ? at->expr : NULL;
		c->providers = (at = hcl_body_attr(body, "providers")) ? at->expr : NULL;
		c->file = file->path;
		if (!c->source) {
			errlist_add(errs, b->range.file, b->range.start.line, b->range.start.col,
				    "module \"%s\" needs a source that is a literal string", c->name);
			m->failed = true;
		}
		if (!index_put(m, arena_printf(a, "module.%s", c->name), c)) {
			const struct tf_call *first =
				tf_module_find(m, arena_printf(a, "module.%s", c->name));
			dup_error(m, errs, arena_printf(a, "module call \"%s\"", c->name), b, &first->block->range);
			return;
		}
		m->ncalls++;
	} else if (!strcmp(b->type, "provider")) {
		struct tf_provider *p;
		if (!labels_ok(m, b, 1, errs))
			return;
		p = &m->providers[m->nproviders];
		p->name = b->labels[0];
		p->block = b;
		p->alias = (at = hcl_body_attr(body, "alias")) ? static_string(a, at->expr) : NULL;
		p->key = p->alias ? arena_printf(a, "%s.%s", p->name, p->alias) : p->name;
		if (!index_put(m, arena_printf(a, "provider.%s", p->key), p)) {
			const struct tf_provider *first =
				tf_module_find(m, arena_printf(a, "provider.%s", p->key));
			dup_error(m, errs, arena_printf(a, "provider configuration \"%s\"", p->key), b,
				  &first->block->range);
			return;
		}
		m->nproviders++;
	}
}

static void index_module(struct tf_module *m, struct errlist *errs)
{
	size_t nblocks = 0, nattrs = 0;

	for (size_t f = 0; f < m->nfiles; f++) {
		const struct hcl_body *b = m->files[f]->body;
		nblocks += b->nblocks;
		for (size_t i = 0; i < b->nblocks; i++)
			if (!strcmp(b->blocks[i].type, "locals"))
				nattrs += b->blocks[i].body->nattrs;
	}
	m->vars = arena_alloc(&m->arena, (nblocks + 1) * sizeof(*m->vars));
	m->outputs = arena_alloc(&m->arena, (nblocks + 1) * sizeof(*m->outputs));
	m->res = arena_alloc(&m->arena, (nblocks + 1) * sizeof(*m->res));
	m->calls = arena_alloc(&m->arena, (nblocks + 1) * sizeof(*m->calls));
	m->providers = arena_alloc(&m->arena, (nblocks + 1) * sizeof(*m->providers));
	m->locals = arena_alloc(&m->arena, (nattrs + 1) * sizeof(*m->locals));
	for (size_t f = 0; f < m->nfiles; f++) {
		const struct hcl_body *b = m->files[f]->body;
		for (size_t i = 0; i < b->nblocks; i++)
			index_block(m, m->files[f], &b->blocks[i], errs);
	}
}

const void *tf_module_find(const struct tf_module *m, const char *key)
{
	return strmap_get(&m->by_name, key);
}

/* --- reading ------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read and parse one file; positions in its tree name it by path (kept in
 * the module's arena, as the tree borrows it). */
static struct hcl_file *read_file(struct tf_module *m, const char *name, struct errlist *errs)
{
	struct hcl_file *hf = arena_alloc(&m->arena, sizeof(*hf));
	const char *path = arena_strdup(&m->arena, name);
	const char *why = NULL;
	size_t len = 0;
	char *text = file_read_all(path, TF_MAX_FILE_BYTES, &len, &why);
	char *copy;
	int rc;

	if (!text) {
		errlist_add(errs, path, 0, 0, "cannot read: %s", why);
		return NULL;
	}
	copy = arena_memdup(&m->arena, text, len + 1);
	free(text);
	rc = ends_with(path, ".json")
		     ? hcl_parse_json(hf, &m->arena, path, copy, len, HCL_JSON_CONFIG, NULL, errs)
		     : hcl_parse(hf, &m->arena, path, copy, len, NULL, errs);
	return rc == 0 ? hf : NULL;
}

struct tf_module *tf_module_read(const char *dir, struct errlist *errs)
{
	struct tf_module *m;
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, **overrides = NULL;
	size_t n = 0, cap = 0, no = 0, capo = 0;

	if (!d) {
		errlist_add(errs, dir, 0, 0, "cannot read directory: %s", strerror(errno));
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	arena_init(&m->arena);
	strmap_init(&m->by_name);
	m->dir = arena_strdup(&m->arena, dir);
	while ((de = readdir(d))) {
		char *path;
		struct stat st;
		if (!tf_is_config_name(de->d_name))
			continue;
		path = strcmp(dir, ".") ? xasprintf("%s/%s", dir, de->d_name) : xstrdup(de->d_name);
		/* a configuration file is a regular file: a FIFO or a device is
		 * never opened */
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (is_override(de->d_name))
			*VEC_PUSH(overrides, no, capo) = path;
		else
			*VEC_PUSH(names, n, cap) = path;
		if (n + no > TF_MAX_FILES)
			break;
	}
	closedir(d);
	if (n + no > TF_MAX_FILES) {
		errlist_add(errs, dir, 0, 0, "more than %d configuration files: the directory was not read",
			    TF_MAX_FILES);
		m->failed = true;
		n = no = 0;
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	if (no)
		qsort(overrides, no, sizeof(*overrides), cmp_str);
	m->files = arena_alloc(&m->arena, (n + 1) * sizeof(*m->files));
	for (size_t i = 0; i < n; i++) {
		struct hcl_file *hf = read_file(m, names[i], errs);
		if (hf)
			m->files[m->nfiles++] = hf;
		else
			m->failed = true;
	}
	for (size_t i = 0; i < no; i++) {
		struct hcl_file *hf = read_file(m, overrides[i], errs);
		if (hf)
			apply_override(m, hf, errs);
		else
			m->failed = true;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	for (size_t i = 0; i < no; i++)
		free(overrides[i]);
	free(names);
	free(overrides);
	index_module(m, errs);
	return m;
}

struct tf_module *tf_module_from_text(const char *name, const char *text, struct errlist *errs)
{
	struct tf_module *m = xcalloc(1, sizeof(*m));
	struct hcl_file *hf;
	size_t len = strlen(text);

	arena_init(&m->arena);
	strmap_init(&m->by_name);
	m->dir = arena_strdup(&m->arena, name);
	m->files = arena_alloc(&m->arena, sizeof(*m->files));
	hf = arena_alloc(&m->arena, sizeof(*hf));
	if (hcl_parse(hf, &m->arena, m->dir, arena_memdup(&m->arena, text, len + 1), len, NULL, errs) == 0)
		m->files[m->nfiles++] = hf;
	else
		m->failed = true;
	index_module(m, errs);
	return m;
}

void tf_module_free(struct tf_module *m)
{
	if (!m)
		return;
	strmap_release(&m->by_name);
	arena_release(&m->arena);
	free(m);
}
