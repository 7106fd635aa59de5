/*
 * cfnparams.c: reading CloudFormation parameter files (see cfnparams.h).
 * The file is read into a document tree (parsers/doc.c) so that every
 * error, and every value, has its line and column.
 */
#include "parsers/cfnparams.h"

#include <stdlib.h>
#include <string.h>

struct pfile {
	const char *file;
	struct cfn_param **params;
	size_t *n, *cap;
	struct errlist *errs;
};

static int perr(struct pfile *pf, const struct node *at, const char *msg)
{
	errlist_add(pf->errs, pf->file, at->start.line, at->start.col, "%s", msg);
	return -1;
}

/* Values may be strings, numbers or booleans; lists become "a,b". */
static bool value_text(const struct node *v, struct sbuf *out)
{
	if (v->kind == NODE_SCALAR)
		return !node_is_null(v) && (sbuf_add(out, v->str, v->len), true);
	if (v->kind != NODE_SEQ)
		return false;
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			sbuf_addch(out, ',');
		if (v->items[i]->kind != NODE_SCALAR || !value_text(v->items[i], out))
			return false;
	}
	return true;
}

static int add(struct pfile *pf, const struct node *k, const struct node *v)
{
	struct sbuf sb;
	struct cfn_param *p;

	sbuf_init(&sb, 0);
	if (!value_text(v, &sb)) {
		sbuf_release(&sb);
		errlist_add(pf->errs, pf->file, v->start.line, v->start.col,
			    "parameter '%s' must be a string, number, boolean or list of them", k->str);
		return -1;
	}
	p = VEC_PUSH(*pf->params, *pf->n, *pf->cap);
	p->key = xstrdup(k->str);
	p->value = sbuf_detach(&sb);
	p->file = pf->file;
	p->line = v->start.line;
	p->col = v->start.col;
	return 0;
}

static int from_object(struct pfile *pf, const struct node *obj)
{
	for (size_t i = 0; i < obj->n; i++)
		if (add(pf, node_key(obj, i), node_val(obj, i)))
			return -1;
	return 0;
}

static int from_list(struct pfile *pf, const struct node *list)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct node *it = list->items[i];
		const struct node *k = node_get(it, "ParameterKey");
		const struct node *v = node_get(it, "ParameterValue");
		if (it->kind != NODE_MAP || !node_text(k) || !v)
			return perr(pf, it,
				    "each entry of an aws-cli parameters file needs ParameterKey and ParameterValue");
		if (k->style != STYLE_QUOTED)
			return perr(pf, k, "ParameterKey must be a string");
		if (add(pf, k, v))
			return -1;
	}
	return 0;
}

/* CodePipeline's template configuration: {"Parameters": {...}, "Tags": {...},
 * "StackPolicy": {...}}; any other key makes it a plain file. */
static bool is_codepipeline(const struct node *root)
{
	static const char *const keys[] = {"Parameters", "Tags", "StackPolicy"};

	if (!node_get(root, "Parameters") || node_get(root, "Parameters")->kind != NODE_MAP)
		return false;
	for (size_t i = 0; i < root->n; i++) {
		const char *k = node_key(root, i)->str;
		bool known = false;
		for (size_t j = 0; j < ARRAY_SIZE(keys); j++)
			known |= strcmp(k, keys[j]) == 0;
		if (!known)
			return false;
	}
	return true;
}

int cfnparams_parse(const char *file, const char *buf, size_t len,
		    struct cfn_param **params, size_t *n, size_t *cap,
		    struct errlist *errs)
{
	struct pfile pf = {.file = file, .params = params, .n = n, .cap = cap, .errs = errs};
	struct doc d;
	int rc;

	doc_init(&d, file);
	if (doc_read_json(&d, buf, len, NULL, errs)) {
		doc_release(&d);
		return -1;
	}
	if (!d.root) {
		errlist_add(errs, file, 1, 1, "%s", "the parameters file is empty");
		rc = -1;
	} else if (d.root->kind == NODE_SEQ) {
		rc = from_list(&pf, d.root);
	} else if (d.root->kind == NODE_MAP) {
		rc = from_object(&pf, is_codepipeline(d.root) ? node_get(d.root, "Parameters")
							       : d.root);
	} else {
		rc = perr(&pf, d.root,
			  "a parameters file is a list of {ParameterKey, ParameterValue} or an object of names to values");
	}
	doc_release(&d);
	return rc;
}
