/*
 * inputs.c: finding the inputs of a run and reading each one.  Every
 * file's kind is told by its content, never by its name: a YAML file that
 * is not a template is skipped quietly when found in a directory, and is
 * an error only when named on the command line.
 */
#include "linter/linter.h"
#include "parsers/doc.h"
#include "parsers/inventory.h"
#include "parsers/jsonscan.h"
#include "parsers/terraform/tfplan.h"
#include "parsers/terraform/tfstate.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define INPUT_MAX_BYTES ((size_t)2 << 30)

static bool wanted_name(const char *name)
{
	static const char *const exts[] = {".json", ".yaml", ".yml", ".template", ".tfstate"};
	size_t n = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(exts); i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcmp(name + n - e, exts[i]) == 0)
			return true;
	}
	return false;
}

static bool skipped_dir(const char *name)
{
	return name[0] == '.' || strcmp(name, "node_modules") == 0;
}

char *path_relative(const struct run *run, const char *file)
{
	char *abs = realpath(file, NULL);
	size_t n;
	char *rel;

	if (!abs)
		return xstrdup(file);
	n = strlen(run->root);
	if (strncmp(abs, run->root, n) == 0 && (abs[n] == '/' || abs[n] == '\0')) {
		rel = xstrdup(abs[n] ? abs + n + 1 : ".");
		free(abs);
		return rel;
	}
	/* outside the root: keep what the user wrote, minus "./" */
	free(abs);
	while (file[0] == '.' && file[1] == '/')
		file += 2;
	return xstrdup(file);
}

static void add_input(struct run *run, const char *path, bool explicit, bool context)
{
	char *rel = path_relative(run, path);
	struct input *in;

	/* a file both named and in the context is named: reported */
	for (size_t i = 0; i < run->ninputs; i++) {
		if (strcmp(run->inputs[i].rel, rel) == 0) {
			run->inputs[i].context &= context;
			free(rel);
			return;
		}
	}
	in = VEC_PUSH(run->inputs, run->ninputs, run->capinputs);
	memset(in, 0, sizeof(*in));
	in->path = xstrdup(path);
	in->rel = rel;
	in->explicit = explicit;
	in->context = context;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(struct run *run, const char *dir, unsigned depth, bool context)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (depth > 64)
		return;
	if (!(d = opendir(dir))) {
		errlist_add(&run->errs, dir, 0, 0, "cannot read directory: %s", strerror(errno));
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			*VEC_PUSH(names, n, cap) = xstrdup(de->d_name);
	closedir(d);
	/* sorted, so that runs are reproducible */
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		char *path = strcmp(dir, ".") == 0 ? xstrdup(names[i])
						   : xasprintf("%s%s%s", dir,
							       dir[strlen(dir) - 1] == '/' ? "" : "/",
							       names[i]);
		struct stat st;

		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && !skipped_dir(names[i]))
				walk(run, path, depth + 1, context);
			else if (S_ISREG(st.st_mode) && wanted_name(names[i]))
				add_input(run, path, false, context);
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

static void collect(struct run *run, const char *p, bool context)
{
	struct stat st;

	if (stat(p, &st) != 0) {
		errlist_add(&run->errs, p, 0, 0, "cannot read: %s", strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode))
		walk(run, p, 0, context);
	else
		add_input(run, p, !context && !run->opt->skip_unknown, context);
}

void inputs_collect(struct run *run)
{
	for (size_t i = 0; i < run->opt->npaths; i++)
		collect(run, run->opt->paths[i], false);
	for (size_t i = 0; i < run->opt->ncontext; i++)
		collect(run, run->opt->context[i], true);
	/* the address plan's context paths are relative to its directory */
	for (size_t i = 0; run->plan && i < run->plan->ncontext; i++) {
		const char *c = run->plan->context[i];
		char *p = c[0] == '/' || !strcmp(run->plan->dir, ".") ? xstrdup(c)
									: xasprintf("%s/%s", run->plan->dir, c);
		collect(run, p, true);
		free(p);
	}
}

void inputs_drop_context_findings(struct run *run)
{
	struct findings *fs = &run->findings;
	size_t kept = 0;

	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		const char *file = f->res ? f->res->input : f->loc.file;
		bool context = false;
		for (size_t j = 0; file && j < run->ninputs && !context; j++)
			context = run->inputs[j].context && strcmp(run->inputs[j].path, file) == 0;
		if (context) {
			free(fs->v[i].related);
			free(fs->v[i].notes);
		} else {
			fs->v[kept++] = fs->v[i];
		}
	}
	fs->n = kept;
}

/* --- telling kinds apart ---------------------------------------------- */

struct top_keys {
	bool resources, format_version, resource_changes, planned_values, prior_state,
		configuration, values, version, terraform_version, tf_resources, vpcs,
		subnets, records, status_code, data;
};

static bool note_key(void *arg, const char *key, size_t len, const char *v, const char *vend)
{
	struct top_keys *k = arg;
	(void)v;
	(void)vend;
#define KEY(field, name)                       \
	if (jscan_key_is(key, len, name))      \
		k->field = true;
	KEY(resources, "Resources")
	KEY(format_version, "format_version")
	KEY(resource_changes, "resource_changes")
	KEY(planned_values, "planned_values")
	KEY(prior_state, "prior_state")
	KEY(configuration, "configuration")
	KEY(values, "values")
	KEY(version, "version")
	KEY(terraform_version, "terraform_version")
	KEY(tf_resources, "resources")
	KEY(vpcs, "Vpcs")
	KEY(subnets, "Subnets")
	KEY(records, "Records")
	KEY(status_code, "status_code")
	KEY(data, "data")
#undef KEY
	return true;
}

static enum input_kind json_kind(const struct top_keys *k)
{
	if (k->resources)
		return INPUT_CFN;
	if (k->format_version && (k->resource_changes || k->planned_values || k->configuration))
		return INPUT_TFPLAN;
	if ((k->format_version && k->values) ||
	    (k->version && k->terraform_version && k->tf_resources))
		return INPUT_TFSTATE;
	if (k->vpcs || k->subnets || (k->status_code && k->data))
		return INPUT_INVENTORY;
	if (k->records)
		return INPUT_CLOUDTRAIL;
	return INPUT_UNKNOWN;
}

/* Does a file we could not read look like something we should have? */
static bool looks_relevant(const char *buf, size_t len)
{
	return mem_contains(buf, len, "AWS::") || mem_contains(buf, len, "format_version") ||
	       mem_contains(buf, len, "\"Vpcs\"");
}

static void load_cfn(struct run *run, struct input *in, const char *buf, size_t len, bool json)
{
	struct doc d;
	struct errlist local;
	struct cfn_options co;
	struct facts *f;

	doc_init(&d, in->path);
	errlist_init(&local);
	if ((json ? doc_read_json : doc_read_yaml)(&d, buf, len, NULL, &local)) {
		if (in->explicit || looks_relevant(buf, len))
			for (size_t i = 0; i < local.n; i++)
				errlist_add(&run->errs, local.v[i].file, local.v[i].line,
					    local.v[i].col, "%s", local.v[i].msg);
		goto out;
	}
	if (!d.root || !cfn_detect(d.root)) {
		if (in->explicit)
			errlist_add(&run->errs, in->path, 0, 0,
				    "not a CloudFormation template, Terraform plan or state, or AWS inventory");
		goto out;
	}
	in->kind = INPUT_CFN;
	memset(&co, 0, sizeof(co));
	co.region = run->opt->region;
	co.account = run->opt->account;
	co.params = run->opt->params;
	co.nparams = run->opt->nparams;
	co.max_combinations = run->opt->max_combinations;
	f = cfn_facts(&d, in->rel, &co, &run->errs);
	if (f)
		world_add(&run->world, f);
out:
	errlist_release(&local);
	doc_release(&d);
}

/* Inputs larger than this are mapped, not read: a plan's pages can then
 * be dropped as the reader moves past them. */
#define INPUT_MAP_BYTES ((size_t)4 << 20)

/* An inventory, a Terraform state or a CloudTrail log.  Its errors are
 * the user's when it was read, named, or looks like one of ours. */
static void load_inventory(struct run *run, struct input *in, enum input_kind kind,
			   const char *buf, size_t len)
{
	struct inventory_options io = {run->opt->region, run->opt->account};
	struct errlist local;
	struct facts *f;

	errlist_init(&local);
	f = kind == INPUT_TFSTATE ? tfstate_facts(in->path, in->rel, buf, len, io.region, io.account, &local)
				  : inventory_facts(in->path, in->rel, kind, buf, len, &io, &local);
	in->kind = kind;
	if (f)
		world_add(&run->world, f);
	if (f || in->explicit || looks_relevant(buf, len))
		for (size_t i = 0; i < local.n; i++)
			errlist_add(&run->errs, local.v[i].file, local.v[i].line, local.v[i].col,
				    "%s", local.v[i].msg);
	errlist_release(&local);
}

static void load_one(struct run *run, struct input *in)
{
	const char *why = NULL;
	size_t len = 0;
	struct stat st;
	bool mapped = stat(in->path, &st) == 0 && S_ISREG(st.st_mode) &&
		      (size_t)st.st_size > INPUT_MAP_BYTES;
	char *heap = mapped ? NULL : file_read_all(in->path, INPUT_MAX_BYTES, &len, &why);
	const char *buf = mapped ? file_map(in->path, INPUT_MAX_BYTES, &len, &why) : heap;
	const char *p;

	if (!buf) {
		errlist_add(&run->errs, in->path, 0, 0, "cannot read: %s", why);
		return;
	}
	p = jscan_ws(buf, buf + len);
	if (p < buf + len && (*p == '{' || *p == '[')) {
		struct top_keys k;
		struct jscan_error err;

		memset(&k, 0, sizeof(k));
		if (*p == '{' && jscan_object(p, buf + len, note_key, &k, &err) != 0) {
			if (in->explicit || looks_relevant(buf, len)) {
				unsigned line, col;
				text_position(buf, (size_t)(err.at - buf), &line, &col);
				errlist_add(&run->errs, in->path, line, col, "invalid JSON: %s", err.why);
			}
		} else if (json_kind(&k) == INPUT_CFN) {
			load_cfn(run, in, buf, len, true);
		} else if (json_kind(&k) == INPUT_TFPLAN) {
			struct tfplan_options to = {run->opt->region, run->opt->account,
						    run->opt->source_root, mapped};
			struct facts *f = tfplan_facts(in->path, in->rel, buf, len, &to, &run->errs);
			in->kind = INPUT_TFPLAN;
			if (f)
				world_add(&run->world, f);
		} else if (json_kind(&k) == INPUT_INVENTORY || json_kind(&k) == INPUT_TFSTATE ||
			   json_kind(&k) == INPUT_CLOUDTRAIL) {
			load_inventory(run, in, json_kind(&k), buf, len);
		} else if (in->explicit) {
			errlist_add(&run->errs, in->path, 0, 0,
				    "not a CloudFormation template, Terraform plan or state, or AWS inventory");

		}
	} else {
		load_cfn(run, in, buf, len, false);
	}
	if (mapped)
		file_unmap(buf, len);
	free(heap);
}

void inputs_load(struct run *run)
{
	for (size_t i = 0; i < run->ninputs; i++)
		load_one(run, &run->inputs[i]);
}
