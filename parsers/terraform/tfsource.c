/*
 * tfsource.c: locating Terraform blocks in .tf files (see tfsource.h).
 */
#include "parsers/terraform/tfsource.h"
#include "parsers/terraform/tfmod.h"
#include "policies/regex.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>


struct tfblock {
	const char *key;   /* "resource.TYPE.NAME" or "module.NAME" */
	const struct loc_src *src; /* the display path, for tfsource_find()'s loc */
	const char *text;  /* the file's text */
	size_t offset;     /* of the header */
	unsigned line, col;
};

struct tfdir {
	const char *dir;
	struct strmap blocks; /* key -> struct tfblock */
};

struct tfsource {
	struct arena a;
	const char *root;
	struct strmap dirs;   /* dir -> struct tfdir */
	pcre2_code *header;
	char **texts;
	size_t ntexts, captexts;
};

struct tfsource *tfsource_new(const char *root)
{
	struct tfsource *ts = xcalloc(1, sizeof(*ts));
	static const char header[] =
		"^[ \\t]*(resource|data|module)[ \\t]+\"([^\"\\n]+)\"(?:[ \\t]+\"([^\"\\n]+)\")?[ \\t]*\\{";
	int err;
	size_t off;

	arena_init(&ts->a);
	ts->root = arena_strdup(&ts->a, root && *root ? root : ".");
	strmap_init(&ts->dirs);
	ts->header = regex_compile(header, sizeof(header) - 1, PCRE2_MULTILINE, &err, &off);
	return ts;
}

void tfsource_free(struct tfsource *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->dirs.cap; i++) {
		struct tfdir *d = ts->dirs.slots[i].key ? ts->dirs.slots[i].value : NULL;
		if (d)
			strmap_release(&d->blocks);
	}
	strmap_release(&ts->dirs);
	for (size_t i = 0; i < ts->ntexts; i++)
		free(ts->texts[i]);
	free(ts->texts);
	pcre2_code_free(ts->header);
	arena_release(&ts->a);
	free(ts);
}

static const char *join(struct tfsource *ts, const char *a, const char *b)
{
	if (!b || !*b)
		return arena_strdup(&ts->a, a && *a ? a : ".");
	if (!a || !*a || strcmp(a, ".") == 0)
		return arena_strdup(&ts->a, b);
	return arena_printf(&ts->a, "%s/%s", a, b);
}

/* Index the block headers of text (owned from here on: ts frees it). */
static void index_text(struct tfsource *ts, struct tfdir *d, const char *path, char *text,
		       size_t len)
{
	struct loc_src *src = arena_alloc(&ts->a, sizeof(*src));
	size_t start = 0, ov[8];

	/* one for the file's every block */
	src->file = path;
	*VEC_PUSH(ts->texts, ts->ntexts, ts->captexts) = text;
	if (!ts->header)
		return;
	/* A bounded match that fails (it cannot here: the pattern has no
	 * nested repetition) ends the scan: blocks not found are placed at
	 * their plan address, never somewhere wrong. */
	while (start < len && regex_match(ts->header, text, len, start, ov, 3) == 1) {
		struct tfblock *b = arena_alloc(&ts->a, sizeof(*b));
		const char *kind = text + ov[2];
		int kind_len = (int)(ov[3] - ov[2]);
		char *a = arena_strndup(&ts->a, text + ov[4], ov[5] - ov[4]);

		if (kind[0] != 'm' && ov[6] != PCRE2_UNSET)
			b->key = arena_printf(&ts->a, "%.*s.%s.%.*s", kind_len, kind, a,
					      (int)(ov[7] - ov[6]), text + ov[6]);
		else if (kind[0] == 'm')
			b->key = arena_printf(&ts->a, "module.%s", a);
		b->src = src;
		b->text = text;
		b->offset = ov[2];
		text_position(text, ov[2], &b->line, &b->col);
		if (b->key && !strmap_get(&d->blocks, b->key))
			strmap_put(&d->blocks, b->key, b);
		start = ov[1] > start ? ov[1] : start + 1;
	}
}

static void index_file(struct tfsource *ts, struct tfdir *d, const char *path)
{
	const char *why;
	size_t len;
	char *text = file_read_all(path, TF_MAX_FILE_BYTES, &len, &why);

	if (text)
		index_text(ts, d, path, text, len);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct tfdir *load_dir(struct tfsource *ts, const char *dir)
{
	struct tfdir *d = strmap_get(&ts->dirs, dir);
	const char *full;
	DIR *dh;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (d)
		return d;
	d = arena_alloc(&ts->a, sizeof(*d));
	d->dir = arena_strdup(&ts->a, dir);
	strmap_init(&d->blocks);
	strmap_put(&ts->dirs, d->dir, d);
	full = join(ts, ts->root, dir);
	if (!(dh = opendir(full)))
		return d;
	while ((de = readdir(dh))) {
		size_t l = strlen(de->d_name);
		if (l > 3 && strcmp(de->d_name + l - 3, ".tf") == 0)
			*VEC_PUSH(names, n, cap) = xstrdup(de->d_name);
	}
	closedir(dh);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		index_file(ts, d, join(ts, full, names[i]));
		free(names[i]);
	}
	free(names);
	return d;
}

/* Offset just past the block's closing brace, tracking strings and comments. */
static size_t block_end(const char *t, size_t from)
{
	size_t i = from;
	int depth = 0;
	bool seen = false;

	for (; t[i]; i++) {
		char c = t[i];
		if (c == '"') {
			for (i++; t[i] && t[i] != '"'; i++)
				if (t[i] == '\\' && t[i + 1])
					i++;
			if (!t[i])
				break;
		} else if (c == '#' || (c == '/' && t[i + 1] == '/')) {
			while (t[i] && t[i] != '\n')
				i++;
			if (!t[i])
				break;
		} else if (c == '/' && t[i + 1] == '*') {
			const char *e = strstr(t + i + 2, "*/");
			if (!e)
				break;
			i = (size_t)(e - t) + 1;
		} else if (c == '{') {
			depth++;
			seen = true;
		} else if (c == '}') {
			if (--depth == 0 && seen)
				return i + 1;
		}
	}
	return i;
}

void tfsource_add_text(struct tfsource *ts, const char *dir, const char *path,
		       const char *text, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, text, len);
	copy[len] = '\0';
	index_text(ts, load_dir(ts, dir ? dir : ""), arena_strdup(&ts->a, path), copy, len);
}

bool tfsource_has_blocks(struct tfsource *ts, const char *dir)
{
	return load_dir(ts, dir ? dir : "")->blocks.n > 0;
}

bool tfsource_find(struct tfsource *ts, const char *dir, const char *kind,
		   const char *a, const char *b, const char *attr, struct loc *out)
{
	struct tfdir *d = load_dir(ts, dir ? dir : "");
	struct sbuf key;
	struct tfblock *blk;

	if (!d->blocks.n)
		return false; /* no .tf file there: a plan's every fact asks */
	sbuf_init(&key, 4096);
	if (b)
		sbuf_addf(&key, "%s.%s.%s", kind, a, b);
	else
		sbuf_addf(&key, "%s.%s", kind, a);
	blk = strmap_get(&d->blocks, key.buf);
	sbuf_release(&key);
	if (!blk)
		return false;
	memset(out, 0, sizeof(*out));
	out->src = blk->src;
	out->line = blk->line;
	out->col = blk->col;
	if (attr) {
		size_t end = block_end(blk->text, blk->offset);
		size_t alen = strlen(attr);
		/* the attribute at the start of a line inside the block */
		for (size_t i = blk->offset; i + alen < end; i++) {
			if (blk->text[i] != '\n')
				continue;
			size_t j = i + 1;
			while (blk->text[j] == ' ' || blk->text[j] == '\t')
				j++;
			if (strncmp(blk->text + j, attr, alen) != 0)
				continue;
			size_t k = j + alen;
			while (blk->text[k] == ' ' || blk->text[k] == '\t')
				k++;
			if (blk->text[k] != '=')
				continue;
			k++;
			while (blk->text[k] == ' ' || blk->text[k] == '\t')
				k++;
			text_position(blk->text, k, &out->line, &out->col);
			break;
		}
	}
	return true;
}

const char *tfsource_module_dir(struct tfsource *ts, const char *dir, const char *source)
{
	const char *p;
	struct sbuf sb;
	char *parts[128];
	size_t n = 0;
	const char *out;

	if (!source || !(str_startswith(source, "./") || str_startswith(source, "../")))
		return NULL;
	/* normalise dir/source, resolving "." and ".." lexically */
	p = join(ts, dir, source);
	char *copy = arena_strdup(&ts->a, p), *save = NULL;
	for (char *tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0 && n && strcmp(parts[n - 1], "..") != 0) {
			n--;
			continue;
		}
		if (n < ARRAY_SIZE(parts))
			parts[n++] = tok;
	}
	sbuf_init(&sb, 4096);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sb, "%s%s", i ? "/" : "", parts[i]);
	out = arena_strdup(&ts->a, sb.buf);
	sbuf_release(&sb);
	return out;
}
