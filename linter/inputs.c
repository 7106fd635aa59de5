/*
 * inputs.c: finding the inputs of a run and reading each one.  Every
 * file's kind is told by its content, never by its name: a YAML file that
 * is not a template is skipped quietly when found in a directory, and is
 * an error only when named on the command line.
 *
 * What is read, and how far (the guarantees README.md states):
 *  - a directory walk reads regular files only (no symlink, FIFO or
 *    device), leaves out the --exclude globs (by default hidden
 *    directories, node_modules/ and cdk.out/asset.*), and a file it cannot
 *    read is named in a note unless its first bytes look like an input of
 *    ours, which makes it an error;
 *  - a file named on the command line may also be a FIFO, a pipe or a
 *    character device ('-' is standard input), read with the same cap;
 *  - every input is capped at --max-file-size: a regular file's size is
 *    checked before it is read, a stream's while it is read;
 *  - one file reached by two paths (a hard link, a symlink, "a/../a") is
 *    read once: inputs are told apart by device and inode;
 *  - UTF-8 with or without a byte order mark and UTF-16 (PowerShell's
 *    `>` writes UTF-16LE with one) are read, UTF-16 transcoded once before
 *    its kind is told; anything else is not text and is not read;
 *  - a gzip file (.json.gz, as S3 stores CloudTrail's logs) is inflated
 *    first, never beyond --max-file-size.
 */
#include "linter/linter.h"
#include "parsers/readers.h"
#include "parsers/cfnset.h"
#include "parsers/jsonscan.h"
#include "policies/plan.h"
#include "parsers/terraform/tfmerge.h"
#include "parsers/terraform/tfmod.h"
#include "parsers/terraform/tfsrc.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool wanted_name(const char *name)
{
	static const char *const exts[] = {".json", ".yaml", ".yml", ".template", ".tfstate", ".json.gz"};
	size_t n = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(exts); i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcmp(name + n - e, exts[i]) == 0)
			return true;
	}
	return false;
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

/* --- sizes ------------------------------------------------------------- */

int size_parse(const char *s, size_t *out)
{
	char *end;
	unsigned long long v, mul = 1;

	if (!(*s >= '0' && *s <= '9'))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case 'k': case 'K': mul = 1ull << 10; end++; break;
	case 'm': case 'M': mul = 1ull << 20; end++; break;
	case 'g': case 'G': mul = 1ull << 30; end++; break;
	default: break;
	}
	if (mul > 1 && (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0))
		end += strlen(end);
	if (*end || !v || v > (SIZE_MAX / 4) / mul)
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}

const char *size_format(size_t n, char buf[32])
{
	static const char *const units[] = {"GiB", "MiB", "KiB"};
	static const unsigned shifts[] = {30, 20, 10};

	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		size_t u = (size_t)1 << shifts[i];
		if (n >= u) {
			if (n % u == 0)
				snprintf(buf, 32, "%zu %s", n / u, units[i]);
			else
				snprintf(buf, 32, "%.1f %s", (double)n / (double)u, units[i]);
			return buf;
		}
	}
	snprintf(buf, 32, "%zu bytes", n);
	return buf;
}

static size_t max_size(const struct run *run)
{
	return run->opt->max_file_size ? run->opt->max_file_size : INPUT_DEFAULT_MAX;
}

/* --- excluded paths ---------------------------------------------------- */

/* Left out of every walk unless --no-default-excludes: hidden directories
 * (.git, .terraform, .aws-sam's build copies), downloaded packages, and
 * the bundled assets of a CDK app (its templates, cdk.out/NAME.template.json,
 * are read). */
static const char *const default_excludes[] = {".*/", "node_modules/", "cdk.out/asset.*"};

/*
 * Does glob pattern (relative to base, "" the current directory) leave out
 * path (as the walk built it)?  A trailing '/' matches directories only; a
 * leading '/' anchors the pattern at base, otherwise it matches at any
 * depth, as in .gitignore.
 */
static bool pattern_excludes(const char *pattern, const char *base, const char *path, bool dir)
{
	size_t n = strlen(pattern);
	bool dir_only = n && pattern[n - 1] == '/', anchored = pattern[0] == '/';
	char *pat;
	bool hit = false;

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (dir_only && !dir)
		return false;
	if (dir_only)
		n--;
	/* "./gen/" is written for "the gen/ here": anchored, as "/gen/" is */
	for (; n >= 2 && pattern[0] == '.' && pattern[1] == '/'; pattern += 2, n -= 2)
		anchored = true;
	for (; n && pattern[0] == '/'; pattern++, n--)
		;
	if (!n)
		return false;
	pat = xstrndup(pattern, n);
	if (anchored) {
		size_t b = base ? strlen(base) : 0;
		if (b && strcmp(base, ".") != 0) {
			if (strncmp(path, base, b) == 0 && path[b] == '/')
				hit = glob_match(pat, path + b + 1);
		} else {
			hit = glob_match(pat, path);
		}
	} else {
		for (const char *p = path; p && !hit; p = strchr(p, '/'), p = p ? p + 1 : NULL)
			hit = glob_match(pat, p);
	}
	free(pat);
	return hit;
}

static bool excluded(const struct run *run, const char *path, bool dir)
{
	const struct options *o = run->opt;

	for (size_t i = 0; !o->no_default_excludes && i < ARRAY_SIZE(default_excludes); i++)
		if (pattern_excludes(default_excludes[i], "", path, dir))
			return true;
	for (size_t i = 0; i < o->nexcludes; i++)
		if (pattern_excludes(o->excludes[i], "", path, dir))
			return true;
	for (size_t i = 0; run->plan && i < run->plan->nexcludes; i++)
		if (pattern_excludes(run->plan->excludes[i], run->plan->dir, path, dir))
			return true;
	return false;
}

/* --- collecting -------------------------------------------------------- */

static struct input *add_input(struct run *run, const char *path, const struct stat *st,
			       bool explicit, bool context)
{
	bool is_stdin = strcmp(path, "-") == 0;
	char *rel = is_stdin ? xstrdup("<stdin>") : path_relative(run, path);
	struct input *in;

	/* a file both named and in the context is named: reported; one file
	 * reached twice (a hard link, two spellings of a path) is one input */
	for (size_t i = 0; i < run->ninputs; i++) {
		struct input *o = &run->inputs[i];
		bool same = is_stdin ? o->is_stdin
				     : !o->is_stdin && (strcmp(o->rel, rel) == 0 ||
							(o->dev == (unsigned long long)st->st_dev &&
							 o->ino == (unsigned long long)st->st_ino));
		if (same) {
			o->context &= context;
			o->explicit |= explicit;
			free(rel);
			return o;
		}
	}
	in = VEC_PUSH(run->inputs, run->ninputs, run->capinputs);
	memset(in, 0, sizeof(*in));
	in->path = xstrdup(is_stdin ? "<stdin>" : path);
	in->rel = rel;
	in->explicit = explicit;
	in->context = context;
	in->is_stdin = is_stdin;
	if (!is_stdin) {
		in->dev = (unsigned long long)st->st_dev;
		in->ino = (unsigned long long)st->st_ino;
	}
	return in;
}

/* --- Terraform source: a directory of .tf files is one module ---------- */

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void add_tf_dir(struct run *run, const char *dir)
{
	char *rel = path_relative(run, dir);

	for (size_t i = 0; i < run->ntf_dirs; i++) {
		char *other = path_relative(run, run->tf_dirs[i]);
		bool same = strcmp(other, rel) == 0;
		free(other);
		if (same) {
			free(rel);
			return;
		}
	}
	free(rel);
	*VEC_PUSH(run->tf_dirs, run->ntf_dirs, run->captf_dirs) = xstrdup(dir);
}

static void add_tf_file(struct run *run, const char *path, const struct stat *st, bool explicit,
			bool context)
{
	add_input(run, path, st, explicit, context)->kind = INPUT_TFSRC;
}

/*
 * A .tf file named on its own (as pre-commit passes the changed files) is
 * read with its whole directory, which is one module, but only what is
 * in the named file is reported: the other files are context.  A .tfvars
 * file named makes its whole directory reported.
 */
static void add_tf_named(struct run *run, const char *path, const struct stat *st, bool context)
{
	char *dir = dir_of(path);
	bool vars = tf_is_vars_name(base_of(path));
	DIR *d;
	struct dirent *de;

	add_tf_dir(run, dir);
	if (!vars)
		add_tf_file(run, path, st, !context, context);
	if ((d = opendir(dir))) {
		while ((de = readdir(d))) {
			char *p;
			struct stat fst;
			if (!tf_is_config_name(de->d_name))
				continue;
			p = strcmp(dir, ".") ? xasprintf("%s/%s", dir, de->d_name) : xstrdup(de->d_name);
			if (lstat(p, &fst) == 0 && S_ISREG(fst.st_mode))
				add_tf_file(run, p, &fst, false, context || !vars);
			free(p);
		}
		closedir(d);
	}
	free(dir);
}

/*
 * A .tf or .tfvars named that is a FIFO or a device: the module reader
 * reads a directory's regular files only, so it would never be read.  It
 * is an error as any input that cannot be read is: the reason the stream
 * gives (no process writing to a FIFO), else that it is no regular file.
 */
static void tf_named_stream(struct run *run, const char *path)
{
	size_t n;
	const char *why = NULL;
	char *text = file_read(path, max_size(run), FILE_STREAMS | FILE_TEXT, &n, &why);

	if (!text)
		errlist_add(&run->errs, path, 0, 0, "cannot read: %s", why);
	else
		errlist_add(&run->errs, path, 0, 0,
			    "cannot read: a Terraform file is read with the other files of its "
			    "directory as one module, so it must be a regular file, not a FIFO or device");
	free(text);
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

	if (depth > 64) {
		errlist_add(&run->notes, dir, 0, 0, "directories nested more than 64 deep: not searched");
		return;
	}
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

		/* lstat: a walk follows no symlink and opens nothing but
		 * regular files (a FIFO would block it, /dev/zero never end) */
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && !excluded(run, path, true)) {
				walk(run, path, depth + 1, context);
			} else if (S_ISREG(st.st_mode) && tf_is_config_name(names[i]) &&
				   !excluded(run, path, false)) {
				add_tf_file(run, path, &st, false, context);
				add_tf_dir(run, dir);
			} else if (S_ISREG(st.st_mode) && wanted_name(names[i]) &&
				   !excluded(run, path, false)) {
				add_input(run, path, &st, false, context);
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

static void collect(struct run *run, const char *p, bool context)
{
	struct stat st;

	if (strcmp(p, "-") == 0) {
		memset(&st, 0, sizeof(st));
		add_input(run, p, &st, !context && !run->opt->skip_unknown, context);
		return;
	}
	if (stat(p, &st) != 0) {
		errlist_add(&run->errs, p, 0, 0, "cannot read: %s", strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode))
		walk(run, p, 0, context);
	else if ((tf_is_config_name(base_of(p)) || tf_is_vars_name(base_of(p))) && !S_ISREG(st.st_mode))
		tf_named_stream(run, p);
	else if (tf_is_config_name(base_of(p)) || tf_is_vars_name(base_of(p)))
		add_tf_named(run, p, &st, context);
	else
		add_input(run, p, &st, !context && !run->opt->skip_unknown, context);
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
		const char *file = f->res ? f->res->place->input_rel : loc_file(&f->loc);
		bool context = false;
		for (size_t j = 0; file && j < run->ninputs && !context; j++)
			context = run->inputs[j].context &&
				  strcmp(f->res ? run->inputs[j].rel : run->inputs[j].path, file) == 0;
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

/* How much of a file is looked at to tell whether it is ours. */
#define INPUT_PEEK_BYTES ((size_t)64 << 10)

/*
 * A file that could not be read: an error when it was named or looks like
 * an input of ours (text is its first bytes, or NULL), else a note: a file
 * found in a walk that is not ours must not fail the run.
 */
static void cannot_read(struct run *run, const struct input *in, const char *text, size_t len,
			unsigned line, unsigned col, const char *fmt, ...) PRINTF_LIKE(7, 8);
static void cannot_read(struct run *run, const struct input *in, const char *text, size_t len,
			unsigned line, unsigned col, const char *fmt, ...)
{
	bool ours = in->explicit || (text && readers_look_relevant(text, len));
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(ours ? &run->errs : &run->notes, in->path, line, col, fmt, ap);
	va_end(ap);
}

/* The first bytes of a regular file, for cannot_read(). */
static char *peek(const struct input *in, size_t *len)
{
	const char *why;
	struct stat st;
	int fd = file_open(in->path, 0, &st, &why);
	char *buf;
	ssize_t n;

	if (fd < 0)
		return NULL;
	buf = xmalloc(INPUT_PEEK_BYTES + 1);
	n = read(fd, buf, INPUT_PEEK_BYTES);
	close(fd);
	*len = n > 0 ? (size_t)n : 0;
	buf[*len] = '\0';
	return buf;
}

/* The ASCII characters of the first units of UTF-16 text that could not
 * be transcoded (any other character as '?'): enough for cannot_read() to
 * tell whether it is ours, as every word it looks for is ASCII. */
static char *utf16_ascii_head(const char *buf, size_t len, bool be, size_t *hlen)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t n = len / 2 < INPUT_PEEK_BYTES ? len / 2 : INPUT_PEEK_BYTES;
	char *head = xmalloc(n + 1);

	for (size_t i = 0; i < n; i++) {
		unsigned u = be ? (unsigned)b[2 * i] << 8 | b[2 * i + 1]
				: (unsigned)b[2 * i + 1] << 8 | b[2 * i];
		head[i] = u && u < 0x80 ? (char)u : '?';
	}
	head[n] = '\0';
	*hlen = n;
	return head;
}

/* An input's text as UTF-8: in owned (free it) or in a mapping. */
struct text {
	char *owned;
	const char *map;   /* file_map() of map_len bytes */
	size_t map_len;
	const char *buf;   /* the UTF-8 text, past any byte order mark */
	size_t len;
};

static void text_release(struct text *t)
{
	if (t->map)
		file_unmap(t->map, t->map_len);
	free(t->owned);
	memset(t, 0, sizeof(*t));
}

/* Read in as UTF-8 into t.  Returns false (the error or note added) when
 * the file is not read. */
static bool read_text(struct run *run, const struct input *in, struct text *t)
{
	size_t max = max_size(run), n = 0;
	const char *why = NULL;
	char sz[32], lim[32];
	struct stat st;
	enum text_encoding enc;
	const char *decoded;
	char *utf8;
	unsigned line, col;

	memset(t, 0, sizeof(*t));
	if (in->is_stdin) {
		/* a plan piped in is spooled to a temporary file past this size
		 * and mapped: read like a file, never held whole in memory */
		bool mapped;
		const char *text = file_read_fd_spooled(STDIN_FILENO, max, FILE_TEXT,
							INPUT_MAP_BYTES, &n, &mapped, &why);
		if (mapped) {
			t->map = text;
			t->buf = text;
			t->len = t->map_len = n;
		} else {
			t->owned = (char *)text;
		}
	} else if (stat(in->path, &st) != 0) {
		cannot_read(run, in, NULL, 0, 0, 0, "cannot read: %s", strerror(errno));
		return false;
	} else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
		/* before reading a byte: a 1 GB file or a sparse one costs nothing */
		size_t plen = 0;
		char *head = in->explicit ? NULL : peek(in, &plen);
		cannot_read(run, in, head, plen, 0, 0,
			    "cannot read: the file is %s, larger than the input size limit of %s "
			    "(--max-file-size)",
			    size_format((size_t)st.st_size, sz), size_format(max, lim));
		free(head);
		return false;
	} else if (S_ISREG(st.st_mode) && (size_t)st.st_size > INPUT_MAP_BYTES) {
		if ((t->map = file_map(in->path, max, &t->map_len, &why))) {
			t->buf = t->map;
			t->len = t->map_len;
		}
	} else {
		t->owned = file_read(in->path, max, in->explicit ? FILE_STREAMS | FILE_TEXT : FILE_TEXT,
				     &n, &why);
	}
	if (t->owned) {
		t->buf = t->owned;
		t->len = n;
	} else if (!t->map) {
		if (why && strcmp(why, "larger than the input size limit") == 0)
			cannot_read(run, in, NULL, 0, 0, 0,
				    "cannot read: more than the input size limit of %s (--max-file-size)",
				    size_format(max, lim));
		else
			cannot_read(run, in, NULL, 0, 0, 0, "cannot read: %s", why ? why : "unknown error");
		return false;
	}

	/* S3 stores CloudTrail's logs gzipped (.json.gz): inflated once,
	 * within the same limit, then read as any other text */
	if (text_is_gzip(t->buf, t->len)) {
		char *plain = text_gunzip(t->buf, t->len, max, &n, &why);
		if (!plain) {
			/* a log cut short or damaged is still ours when what
			 * inflates of it says so */
			size_t hlen = 0;
			char *head = text_gunzip_head(t->buf, t->len, INPUT_PEEK_BYTES, &hlen);
			if (strcmp(why, "larger than the input size limit") == 0)
				cannot_read(run, in, head, hlen, 0, 0,
					    "cannot read: decompressed, it is larger than the input size limit "
					    "of %s (--max-file-size)",
					    size_format(max, lim));
			else
				cannot_read(run, in, head, hlen, 0, 0, "cannot read the gzip file: %s", why);
			free(head);
			text_release(t);
			return false;
		}
		text_release(t);
		t->owned = plain;
		t->buf = plain;
		t->len = n;
	}
	decoded = text_decode(t->buf, t->len, max, &n, &utf8, &enc, &line, &col, &why);
	if (!decoded) {
		bool utf16 = enc != TEXT_UTF32 && enc != TEXT_BINARY;
		size_t hlen = 0, bom = text_bom_len(enc);
		/* UTF-16 that cannot be transcoded is still ours when its
		 * ASCII says so */
		char *head = utf16 ? utf16_ascii_head(t->buf + bom, t->len - bom,
						      enc == TEXT_UTF16BE_BOM || enc == TEXT_UTF16BE, &hlen)
				   : NULL;
		if (utf16)
			cannot_read(run, in, head, hlen, line, col, "cannot read %s: %s",
				    text_encoding_name(enc), why);
		else
			cannot_read(run, in, NULL, 0, 0, 0, "cannot read: %s", why);
		free(head);
		text_release(t);
		return false;
	}
	if (utf8) {
		text_release(t);
		t->owned = utf8;
	}
	t->buf = decoded;
	t->len = n;
	return true;
}

/* What the command line tells every reader. */
static void run_read_options(const struct run *run, struct read_options *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->region = run->opt->region;
	ro->account = run->opt->account;
	ro->source_root = run->opt->source_root;
	ro->params = run->opt->params;
	ro->nparams = run->opt->nparams;
	ro->max_combinations = run->opt->max_combinations;
	ro->keep_tags = run->keep_tags;
}

static void load_one(struct run *run, struct input *in, struct cfn_set *set)
{
	struct text t;
	struct read_options ro;
	struct facts *f;

	if (!read_text(run, in, &t))
		return;
	if ((in->explicit || in->is_stdin) && jscan_ws(t.buf, t.buf + t.len) == t.buf + t.len) {
		/* `terraform show -json plan.out | cidrlint -` after terraform
		 * failed: never a clean run, --skip-unknown or not */
		errlist_add(&run->errs, in->path, 0, 0, "%s",
			    in->is_stdin ? "standard input is empty: the command writing to it "
					   "wrote nothing"
					 : "the file is empty");
		text_release(&t);
		return;
	}
	run_read_options(run, &ro);
	ro.cfn_set = set;
	struct read_input ri = {
		.path = in->path,
		.rel = in->rel,
		.buf = t.buf,
		.len = t.len,
		.mapped = t.map != NULL,
		.notes = &run->notes,
	};
	if (readers_read(&ri, &ro, in->explicit, &f, &in->kind, &run->errs) == READ_OK && f)
		*VEC_PUSH(run->read, run->nread, run->capread) = f;
	text_release(&t);
}

static char *relative_cb(void *ctx, const char *path)
{
	return path_relative(ctx, path);
}

/* Every CloudFormation template and CDK cloud assembly of the run, read
 * together: exports, imports and nested stacks cross templates. */
static struct cfn_set *cfn_set_of_run(struct run *run)
{
	struct read_options ro;
	struct cfn_options co;

	run_read_options(run, &ro);
	read_options_cfn(&ro, &co);
	return cfn_set_new(&co, relative_cb, run);
}

/* The plan whose root module is dir (read from its source too), or NULL. */
static struct facts *plan_of_root(struct run *run, const char *dir)
{
	char *want = realpath(dir, NULL);
	struct facts *found = NULL;

	for (size_t i = 0; want && i < run->nread && !found; i++) {
		struct facts *f = run->read[i];
		char *have = f->kind == INPUT_TFPLAN && f->tf_root ? realpath(f->tf_root, NULL) : NULL;
		if (have && !strcmp(have, want))
			found = f;
		free(have);
	}
	free(want);
	return found;
}

/*
 * Every directory of .tf files found is a module; those no other calls
 * are the roots, each read into one facts.  The root of a plan of the run
 * is read too, and merged into the plan: the plan's values, the source's
 * places and links (tfmerge.h).
 */
static void load_terraform(struct run *run)
{
	struct tfsrc_options o;
	struct tfsrc *ts;
	struct facts **fs = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < run->nread; i++)
		if (run->read[i]->kind == INPUT_TFPLAN && run->read[i]->tf_root)
			add_tf_dir(run, run->read[i]->tf_root);
	if (!run->ntf_dirs)
		return;
	memset(&o, 0, sizeof(o));
	o.region = run->opt->region;
	o.account = run->opt->account;
	o.keep_tags = run->keep_tags;
	o.workspace = run->opt->workspace;
	o.vars = run->opt->tfvars;
	o.nvars = run->opt->ntfvars;
	o.relative = relative_cb;
	o.ctx = run;
	ts = tfsrc_new(&o);
	for (size_t i = 0; i < run->ntf_dirs; i++)
		tfsrc_add_dir(ts, run->tf_dirs[i]);
	tfsrc_read(ts, &fs, &n, &cap, &run->errs);
	for (size_t i = 0; i < n; i++) {
		struct facts *plan = plan_of_root(run, fs[i]->file);
		if (plan) {
			tf_merge_plan_source(plan, fs[i], &run->notes);
			facts_free(fs[i]);
		} else {
			*VEC_PUSH(run->read, run->nread, run->capread) = fs[i];
		}
	}
	free(fs);
	tfsrc_free(ts);
}

void inputs_load(struct run *run)
{
	struct cfn_set *set;

	if (!run->keep_tags)
		run->keep_tags = plan_read_tags(run->plan);
	set = cfn_set_of_run(run);

	for (size_t i = 0; i < run->ninputs; i++)
		if (run->inputs[i].kind != INPUT_TFSRC)
			load_one(run, &run->inputs[i], set);
	cfn_set_read(set, &run->read, &run->nread, &run->capread, &run->errs);
	cfn_set_free(set);
	load_terraform(run);
	for (size_t i = 0; i < run->nread; i++)
		world_add(&run->world, run->read[i]);
	free(run->read);
	run->read = NULL;
	run->nread = run->capread = 0;
}
