/*
 * inputs.c: finding the inputs of a run and reading each one.  Every
 * file's kind is told by its content, never by its name: a YAML file that
 * is not a template is skipped quietly when found in a directory, and is
 * an error only when named on the command line.
 */
#include "linter/linter.h"
#include "parsers/readers.h"

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

/* --- reading ----------------------------------------------------------- */

/* Inputs larger than this are mapped, not read: a plan's pages can then
 * be dropped as the reader moves past them. */
#define INPUT_MAP_BYTES ((size_t)4 << 20)

static void load_one(struct run *run, struct input *in)
{
	const char *why = NULL;
	size_t len = 0;
	struct stat st;
	bool mapped = stat(in->path, &st) == 0 && S_ISREG(st.st_mode) &&
		      (size_t)st.st_size > INPUT_MAP_BYTES;
	char *heap = mapped ? NULL : file_read_all(in->path, INPUT_MAX_BYTES, &len, &why);
	const char *buf = mapped ? file_map(in->path, INPUT_MAX_BYTES, &len, &why) : heap;
	struct read_options ro;
	struct read_input ri;
	struct facts *f;

	if (!buf) {
		errlist_add(&run->errs, in->path, 0, 0, "cannot read: %s", why);
		return;
	}
	memset(&ro, 0, sizeof(ro));
	ro.region = run->opt->region;
	ro.account = run->opt->account;
	ro.source_root = run->opt->source_root;
	ro.params = run->opt->params;
	ro.nparams = run->opt->nparams;
	ro.max_combinations = run->opt->max_combinations;
	ri.path = in->path;
	ri.rel = in->rel;
	ri.buf = buf;
	ri.len = len;
	ri.mapped = mapped;
	if (readers_read(&ri, &ro, in->explicit, &f, &in->kind, &run->errs) == READ_OK)
		world_add(&run->world, f);
	if (mapped)
		file_unmap(buf, len);
	free(heap);
}

void inputs_load(struct run *run)
{
	for (size_t i = 0; i < run->ninputs; i++)
		load_one(run, &run->inputs[i]);
}
