/*
 * emit_sarif.c: SARIF 2.1.0 for GitHub code scanning (-f sarif).
 *
 * One run, shaped by what GitHub accepts and uses (DESIGN.md "SARIF for
 * GitHub code scanning", reference/peer-linters.md section 7): every rule of
 * the table in table order, so ruleIndex is the table index; one result per
 * unsuppressed finding (GitHub ignores `suppressions` and would show a
 * suppressed result as an open alert, so those are written only on
 * request, and then every result carries `suppressions`); exactly one
 * location per result with a URI relative to the repository root (an absolute
 * file URI, with a notification, for a file outside it); regions with a
 * start and an end, in UTF-16 columns as GitHub counts them; the line hash
 * GitHub would compute for files in the repository; input errors as tool
 * execution notifications; `automationDetails` only when a category is
 * asked for, because upload-sarif's own `category:` applies only to a
 * file without one.  The output is a function of the run alone, so two
 * runs over the same inputs give the same bytes.
 */
#include "linter/linter.h"
#include "linter/linehash.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* GitHub keeps the first 5,000 results of a run and drops the rest. */
#define SARIF_MAX_RESULTS 5000
/* GitHub cuts shortDescription and fullDescription at 1,024 characters. */
#define SARIF_DESC_MAX 1024
/* Larger sources are not hashed (GitHub would not show them either). */
#define SARIF_SOURCE_MAX ((size_t)64 << 20)
/* One message, with its links, hint and notes. */
#define SARIF_MESSAGE_MAX ((size_t)256 << 10)

/* A file that results point into: read at most once, hashed at most once. */
struct sarif_file {
	char *uri;          /* relative to the repository root, percent-encoded */
	bool source;        /* a file of the repository, not a plan/state/inventory input */
	bool tried;         /* text read, or reading failed */
	char *text;         /* as UTF-8: a UTF-16 file decoded, as the readers decode it */
	size_t len;
	char *raw;          /* the bytes of a UTF-16 file, which the line hash reads */
	size_t raw_len;
	bool hashed;
	struct linehash lh;
	size_t *lines;      /* byte offset of each line's start in text, once read */
	size_t nlines;
	bool utf16;         /* UTF-16: no fix is offered (its bytes are not text's) */
};

struct sarif {
	const struct run *run;
	struct strmap files; /* path as in struct loc -> struct sarif_file * */
	struct sarif_file **all;
	size_t nall, capall;
	cJSON *notifications;
};

/* --- strings ---------------------------------------------------------- */

/* Input text may be invalid UTF-8: emit_sarif() repairs the whole log as
 * it writes it (put_utf8()), so strings go in as they are. */
static void add_text(cJSON *o, const char *key, const char *s)
{
	cJSON_AddItemToObject(o, key, cJSON_CreateString(s));
}

/* {"text": s}: SARIF's message and multiformatMessageString. */
static void add_message(cJSON *o, const char *key, const char *s)
{
	cJSON *m = cJSON_CreateObject();

	add_text(m, "text", s);
	cJSON_AddItemToObject(o, key, m);
}

/*
 * Plain-text SARIF messages give '[', ']' and '\' a meaning (embedded
 * links "[text](id)"), so literal ones are escaped with a backslash:
 * Terraform addresses such as aws_vpc.this["a"] have brackets.
 */
static void add_escaped(struct sbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '[' || *s == ']' || *s == '\\')
			sbuf_addch(sb, '\\');
		sbuf_addch(sb, *s);
	}
}

/* s as a sentence of its own: capitalised, with a full stop. */
static void add_sentence(struct sbuf *sb, const char *prefix, const char *s)
{
	size_t len = strlen(s);

	if (sb->len)
		sbuf_addch(sb, ' ');
	if (prefix) {
		sbuf_adds(sb, prefix);
	} else if (*s >= 'a' && *s <= 'z') {
		sbuf_addch(sb, (char)(*s - 'a' + 'A'));
		s++;
		len--;
	}
	add_escaped(sb, s);
	if (!len || (s[len - 1] != '.' && s[len - 1] != '!' && s[len - 1] != '?'))
		sbuf_addch(sb, '.');
}

/* --- paths and URIs ----------------------------------------------------- */

/* Split an absolute path into its components, resolving "." and ".." by
 * text alone (for files that do not exist, so realpath() cannot). */
static size_t path_parts(char *path, char **parts, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *tok = strtok_r(path, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (n)
				n--;
			continue;
		}
		if (n < max)
			parts[n++] = tok;
	}
	return n;
}

/*
 * The absolute path of file, "." and ".." resolved: realpath() for a file
 * that exists, the text alone for one that does not (an error about a
 * missing file).
 */
static char *absolute_path(const struct run *run, const char *file)
{
	char *abs = realpath(file, NULL), *joined, **parts;
	size_t cap, n;
	struct sbuf sb;

	if (abs)
		return abs;
	joined = file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", run->cwd, file);
	cap = strlen(joined) / 2 + 2;
	parts = xcalloc(cap, sizeof(*parts));
	n = path_parts(joined, parts, cap);
	sbuf_init(&sb, 0);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sb, "/%s", parts[i]);
	if (!n)
		sbuf_addch(&sb, '/');
	free(parts);
	free(joined);
	return sbuf_detach(&sb);
}

/* RFC 3986: unreserved characters and '/' stay, every other byte is %XX. */
static char *percent_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct sbuf sb;

	sbuf_init(&sb, 0);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			sbuf_addch(&sb, (char)*p);
		} else {
			sbuf_addch(&sb, '%');
			sbuf_addch(&sb, hex[*p >> 4]);
			sbuf_addch(&sb, hex[*p & 15]);
		}
	}
	return sbuf_detach(&sb);
}

static void notify(struct sarif *sx, const char *level, const char *text)
{
	cJSON *n = cJSON_CreateObject();

	cJSON_AddStringToObject(n, "level", level);
	add_message(n, "message", text);
	cJSON_AddItemToArray(sx->notifications, n);
}

/* Plans, states and inventories are generated JSON, not sources that
 * GitHub can show: their lines are not hashed. */
static bool is_generated_input(const struct run *run, const char *path, const char *rel)
{
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct input *in = &run->inputs[i];
		if ((in->kind == INPUT_TFPLAN || in->kind == INPUT_TFSTATE ||
		     in->kind == INPUT_INVENTORY || in->kind == INPUT_CLOUDTRAIL) &&
		    (str_eq(in->path, path) || (rel && str_eq(in->rel, rel))))
			return true;
	}
	return false;
}

/* Is abs (a resolved path) the root or below it? */
static bool inside_root(const struct run *run, const char *abs)
{
	size_t n = strlen(run->root);

	if (strcmp(run->root, "/") == 0)
		return true;
	return strncmp(abs, run->root, n) == 0 && (abs[n] == '/' || abs[n] == '\0');
}

static struct sarif_file *file_get(struct sarif *sx, const char *path)
{
	struct sarif_file *sf = strmap_get(&sx->files, path);
	char *abs, *rel;

	if (sf)
		return sf;
	sf = xcalloc(1, sizeof(*sf));
	abs = absolute_path(sx->run, path);
	if (inside_root(sx->run, abs)) {
		/* abs is resolved as path_relative() resolves it, so this is the
		 * same path for a file that exists, and right for one that does not */
		rel = xstrdup(abs + strlen(sx->run->root) + (strcmp(sx->run->root, "/") != 0));
		if (!rel[0]) {
			/* the root itself (an error about a directory) */
			free(rel);
			rel = xstrdup("./");
		}
		sf->source = !is_generated_input(sx->run, path, rel);
		sf->uri = percent_encode(rel);
		free(rel);
	} else {
		/*
		 * GitHub places relative URIs under the repository and cannot
		 * place "../": an absolute file URI at least names the file,
		 * and the notification says why it is not shown in the code.
		 */
		char *enc = percent_encode(abs), *msg;

		sf->source = !is_generated_input(sx->run, path, NULL);
		sf->uri = xasprintf("file://%s", enc);
		free(enc);
		msg = xasprintf("'%s' is outside the repository root '%s', so code "
				"scanning cannot show results in it; its URI is absolute; "
				"see --repo-root",
				path, sx->run->root);
		notify(sx, "warning", msg);
		free(msg);
	}
	free(abs);
	strmap_put(&sx->files, path, sf);
	*VEC_PUSH(sx->all, sx->nall, sx->capall) = sf;
	return sf;
}

static const char *file_text(struct sarif_file *sf, const char *path)
{
	const char *why;

	if (!sf->tried) {
		enum text_encoding enc;
		size_t cap = 0, len;

		sf->tried = true;
		sf->text = file_read_all(path, SARIF_SOURCE_MAX, &sf->len, &why);
		if (!sf->text)
			return NULL;
		/*
		 * The readers decode UTF-16 and count places in the decoded
		 * text: regions are measured in it too, in UTF-16 code units
		 * as for any file.  GitHub reads the bytes as UTF-8: its line
		 * hash is computed from them all the same.
		 */
		enc = text_encoding(sf->text, sf->len);
		if (enc == TEXT_UTF16LE_BOM || enc == TEXT_UTF16BE_BOM || enc == TEXT_UTF16LE ||
		    enc == TEXT_UTF16BE) {
			size_t bom = text_bom_len(enc);
			unsigned line, col;
			char *dec = text_utf16_to_utf8(sf->text + bom, sf->len - bom,
						       enc == TEXT_UTF16BE_BOM || enc == TEXT_UTF16BE,
						       SARIF_SOURCE_MAX, &len, &line, &col, &why);
			if (!dec) {
				free(sf->text);
				sf->text = NULL;
				return NULL;
			}
			sf->raw = sf->text;
			sf->raw_len = sf->len;
			sf->text = dec;
			sf->len = len;
			sf->utf16 = true;
		}
		*VEC_PUSH(sf->lines, sf->nlines, cap) = 0;
		for (const char *p = sf->text, *end = sf->text + sf->len;
		     (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
			*VEC_PUSH(sf->lines, sf->nlines, cap) = (size_t)(p - sf->text) + 1;
	}
	return sf->text;
}

/* The line hash GitHub's upload would compute, or NULL (not a source). */
static const char *file_line_hash(struct sarif_file *sf, const char *path, unsigned line,
				  char buf[LINEHASH_STRLEN])
{
	if (!sf->source || !line || !file_text(sf, path))
		return NULL;
	if (!sf->hashed) {
		linehash_compute(&sf->lh, sf->raw ? sf->raw : sf->text, sf->raw ? sf->raw_len : sf->len);
		sf->hashed = true;
	}
	return linehash_format(&sf->lh, line, buf);
}

static void sarif_release(struct sarif *sx)
{
	for (size_t i = 0; i < sx->nall; i++) {
		struct sarif_file *sf = sx->all[i];
		free(sf->uri);
		free(sf->text);
		free(sf->raw);
		free(sf->lines);
		if (sf->hashed)
			linehash_release(&sf->lh);
		free(sf);
	}
	free(sx->all);
	strmap_release(&sx->files);
}

/* --- locations --------------------------------------------------------- */

/* A SARIF region: 1-based lines, 1-based UTF-16 columns, the end exclusive. */
struct region {
	unsigned line, col, end_line, end_col;
};

/* The 1-based line that byte offset off of sf's text is on. */
static unsigned line_at(const struct sarif_file *sf, size_t off)
{
	size_t lo = 0, hi = sf->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (sf->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo + 1;
}

/* Where 1-based line ends: its '\n', or the '\r' of a CRLF, or the end. */
static size_t line_end(const struct sarif_file *sf, unsigned line)
{
	size_t e = line < sf->nlines ? sf->lines[line] - 1 : sf->len;

	if (line < sf->nlines && e > sf->lines[line - 1] && sf->text[e - 1] == '\r')
		e--;
	return e;
}

/* The UTF-16 column of byte offset off. */
static unsigned utf16_column(const struct sarif_file *sf, size_t off)
{
	size_t bol = sf->lines[line_at(sf, off) - 1];

	return 1 + (unsigned)linehash_utf16_len(sf->text + bol, off - bol);
}

/* The region of the bytes [s, e) of sf's text. */
static void region_of_bytes(const struct sarif_file *sf, size_t s, size_t e, struct region *r)
{
	r->line = line_at(sf, s);
	r->col = utf16_column(sf, s);
	r->end_line = line_at(sf, e);
	r->end_col = utf16_column(sf, e);
}

/* The byte offset of code-point column col of a line [bol, eol), as the
 * parsers count columns; past the end of the line, its end. */
static size_t column_offset(const char *text, size_t bol, size_t eol, unsigned col)
{
	size_t i = bol;

	for (unsigned c = 1; c < col && i < eol; c++) {
		i++;
		while (i < eol && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/*
 * Where a place known only by its start ends: a quoted string at its
 * closing quote (or the end of the line when it has none), anything else
 * at the end of the token, which stops at white space and at the
 * punctuation of YAML, JSON and HCL; at least one character.
 */
static size_t token_end(const char *text, size_t s, size_t eol)
{
	size_t i = s + 1;
	uint32_t cp;

	if (s >= eol)
		return s;
	if (text[s] == '"' || text[s] == '\'') {
		for (; i < eol; i++) {
			if (text[i] == '\\' && text[s] == '"') {
				i++;
				continue;
			}
			if (text[i] == text[s])
				return i + 1;
		}
		return eol;
	}
	for (i = s; i < eol && !strchr(" \t,;:=#{}[]()", text[i]); i++)
		;
	return i > s ? i : s + utf8_next(text + s, eol - s, &cp);
}

/*
 * The region of l, as GitHub reads it.  SARIF regions are 1-based and
 * GitHub rejects 0, and it wants all four of start and end line and
 * column, counted in UTF-16 code units of the text as Node decodes it
 * (it ignores columnKind).  The parsers count columns in code points, so
 * each place is found in the file as it is and measured again.  What is
 * not known is not claimed: a place with no line (a plan resource whose
 * .tf block was not found) is the empty region at 1:1; one with a line
 * but no column, the whole line; one with no end, its token.  A file that
 * cannot be read keeps the parsers' columns (equal to UTF-16 ones for text
 * without characters outside the BMP), with the end where it is known.
 */
static void region_of(struct sarif *sx, const struct loc *l, struct region *r)
{
	struct sarif_file *sf = loc_file(l) ? file_get(sx, loc_file(l)) : NULL;
	size_t bol, eol, s, e;

	if (!l->line) {
		*r = (struct region){1, 1, 1, 1};
		return;
	}
	if (!sf || !file_text(sf, loc_file(l)) || l->line > sf->nlines) {
		bool end = l->end_line > l->line || (l->end_line == l->line && l->end_col > l->col);

		r->line = l->line;
		r->col = l->col ? l->col : 1;
		r->end_line = end ? l->end_line : r->line;
		r->end_col = end && l->end_col ? l->end_col : r->col;
		return;
	}
	bol = sf->lines[l->line - 1];
	eol = line_end(sf, l->line);
	if (!l->col) {
		region_of_bytes(sf, bol, eol, r);
		return;
	}
	s = column_offset(sf->text, bol, eol, l->col);
	if (l->end_line && l->end_line <= sf->nlines &&
	    (l->end_line > l->line || (l->end_line == l->line && l->end_col > l->col))) {
		size_t ebol = sf->lines[l->end_line - 1], eeol = line_end(sf, l->end_line);
		e = l->end_col ? column_offset(sf->text, ebol, eeol, l->end_col) : eeol;
	} else {
		e = token_end(sf->text, s, eol);
	}
	region_of_bytes(sf, s, e, r);
}

static cJSON *region_json(const struct region *g)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddNumberToObject(r, "startLine", g->line);
	cJSON_AddNumberToObject(r, "startColumn", g->col);
	cJSON_AddNumberToObject(r, "endLine", g->end_line);
	cJSON_AddNumberToObject(r, "endColumn", g->end_col);
	return r;
}

static cJSON *artifact_json(const char *uri)
{
	cJSON *a = cJSON_CreateObject();

	cJSON_AddStringToObject(a, "uri", uri);
	return a;
}

static cJSON *physical_json(struct sarif *sx, const struct loc *l)
{
	cJSON *p = cJSON_CreateObject();
	struct sarif_file *sf = file_get(sx, loc_file(l));
	struct region g;

	region_of(sx, l, &g);
	cJSON_AddItemToObject(p, "artifactLocation", artifact_json(sf->uri));
	cJSON_AddItemToObject(p, "region", region_json(&g));
	return p;
}

static cJSON *logical_json(const char *resource)
{
	cJSON *arr = cJSON_CreateArray(), *o = cJSON_CreateObject();

	add_text(o, "fullyQualifiedName", resource);
	cJSON_AddStringToObject(o, "kind", "resource");
	cJSON_AddItemToArray(arr, o);
	return arr;
}

/* A location; a place with no file is described by its resource alone. */
static cJSON *location_json(struct sarif *sx, const struct loc *l, const char *resource)
{
	cJSON *o = cJSON_CreateObject();

	if (loc_file(l))
		cJSON_AddItemToObject(o, "physicalLocation", physical_json(sx, l));
	if (resource)
		cJSON_AddItemToObject(o, "logicalLocations", logical_json(resource));
	return o;
}

/* --- the rules --------------------------------------------------------- */

static const char *sarif_level(enum level l)
{
	switch (l) {
	case LEVEL_ERROR:
		return "error";
	case LEVEL_WARNING:
		return "warning";
	case LEVEL_NOTE:
		return "note";
	case LEVEL_OFF:
		break;
	}
	return "none";
}

/* A description GitHub will not cut: at most SARIF_DESC_MAX bytes, and
 * never in the middle of a UTF-8 sequence. */
static void add_description(cJSON *o, const char *key, const char *s)
{
	size_t n = strlen(s);
	char *cut;

	if (n <= SARIF_DESC_MAX) {
		add_message(o, key, s);
		return;
	}
	n = SARIF_DESC_MAX;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	cut = xstrndup(s, n);
	add_message(o, key, cut);
	free(cut);
}

static cJSON *rule_json(size_t i)
{
	const struct rule *r = &rule_table[i];
	cJSON *o = cJSON_CreateObject(), *props = cJSON_CreateObject();
	cJSON *tags = cJSON_CreateArray(), *help = cJSON_CreateObject();
	cJSON *conf = cJSON_CreateObject();
	const char *page = rule_help((int)i);
	char desc[SARIF_DESC_MAX + 1], uri[512];
	cJSON_AddStringToObject(o, "id", r->id);
	cJSON_AddStringToObject(o, "name", r->name);
	add_description(o, "shortDescription", r->summary);
	rule_full_description((int)i, desc, sizeof(desc));
	add_description(o, "fullDescription", desc[0] ? desc : r->summary);
	/* the page is markdown that reads well as text, as CodeQL's does */
	add_text(help, "text", page ? page : r->summary);
	add_text(help, "markdown", page ? page : r->summary);
	cJSON_AddItemToObject(o, "help", help);
	cJSON_AddStringToObject(o, "helpUri", rule_help_uri((int)i, uri, sizeof(uri)));
	cJSON_AddStringToObject(conf, "level", sarif_level(r->default_level));
	cJSON_AddItemToObject(o, "defaultConfiguration", conf);
	if (r->security_severity)
		cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
	for (const char *t = r->tags; *t;) {
		size_t n = strcspn(t, " ");
		char *one = xstrndup(t, n);
		cJSON_AddItemToArray(tags, cJSON_CreateString(one));
		free(one);
		t += n;
		t += strspn(t, " ");
	}
	cJSON_AddItemToObject(props, "tags", tags);
	cJSON_AddStringToObject(props, "precision", r->precision);
	/* GitHub treats a rule with security-severity as a security rule and
	 * reads problem.severity only for the others */
	if (r->security_severity)
		cJSON_AddStringToObject(props, "security-severity", r->security_severity);
	else
		cJSON_AddStringToObject(props, "problem.severity",
					r->default_level == LEVEL_NOTE ? "recommendation"
								       : sarif_level(r->default_level));
	cJSON_AddItemToObject(o, "properties", props);
	return o;
}

/* --- the results ------------------------------------------------------- */

/* How a related place is named in the message's link. */
static void add_link(struct sbuf *sb, const struct related *r, size_t id)
{
	sbuf_addch(sb, '[');
	if (r->resource && r->cidr) {
		add_escaped(sb, r->resource);
		sbuf_adds(sb, " (");
		add_escaped(sb, r->cidr);
		sbuf_addch(sb, ')');
	} else if (r->resource || r->cidr) {
		add_escaped(sb, r->resource ? r->resource : r->cidr);
	} else {
		sbuf_adds(sb, "related location");
	}
	sbuf_addf(sb, "](%zu)", id);
}

/*
 * The message: the finding's own text first, as a sentence that stands
 * alone (GitHub shows only the first sentence where space is short), then
 * links to the related places, the scenario, the notes and the hint.
 */
static char *result_message(const struct finding *f)
{
	struct sbuf sb;

	sbuf_init(&sb, SARIF_MESSAGE_MAX);
	add_escaped(&sb, f->message);
	/* with no line to show, the message must say which resource it means */
	if (!f->loc.line && f->resource && !strstr(f->message, f->resource)) {
		sbuf_adds(&sb, " (resource ");
		add_escaped(&sb, f->resource);
		sbuf_addch(&sb, ')');
	}
	sbuf_addch(&sb, '.');
	if (f->nrelated) {
		sbuf_adds(&sb, " See ");
		for (size_t i = 0; i < f->nrelated; i++) {
			if (i)
				sbuf_adds(&sb, i + 1 == f->nrelated && !f->more_related ? " and " : ", ");
			add_link(&sb, &f->related[i], i + 1);
		}
		if (f->more_related)
			sbuf_addf(&sb, " and %zu more", f->more_related);
		sbuf_addch(&sb, '.');
	}
	if (f->scenario)
		add_sentence(&sb, NULL, f->scenario);
	for (size_t i = 0; i < f->nnotes; i++)
		add_sentence(&sb, "Note: ", f->notes[i]);
	if (f->hint)
		add_sentence(&sb, "Hint: ", f->hint);
	return sbuf_detach(&sb);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * The bytes [*start, *end) of the value at l, inside its quotes when it is
 * quoted (*quoted).  A place with no end (the .tf mapper gives only the
 * start) must be a double-quoted string, whose end is found in the text.
 * False when the place cannot be found in the file as it is now.
 */
static bool value_span(const struct sarif_file *sf, const struct loc *l, size_t *start,
		       size_t *end, bool *quoted)
{
	const char *text = sf->text;
	long s = text_offset(text, sf->len, l->line, l->col), e;

	if (s < 0 || (size_t)s >= sf->len)
		return false;
	if (l->end_line) {
		e = text_offset(text, sf->len, l->end_line, l->end_col ? l->end_col : 1);
		if (e <= s)
			return false;
	} else {
		if (text[s] != '"')
			return false;
		e = (long)token_end(text, (size_t)s, line_end(sf, l->line));
		if (e - s < 2 || text[e - 1] != '"')
			return false;
	}
	*quoted = e - s >= 2 && (text[s] == '"' || text[s] == '\'') && text[e - 1] == text[s];
	*start = (size_t)s + *quoted;
	*end = (size_t)e - *quoted;
	return true;
}

/*
 * What replaces the value, in the file's own syntax: the bare block inside
 * quotes; else a quoted string in JSON and HCL, where a bare block is not
 * a value; in YAML a plain scalar, quoted when it has a ':' (IPv6).
 */
static char *replacement_text(const char *text, size_t len, const char *file,
			      const char *block, bool quoted)
{
	size_t i = 0;
	bool json_like;

	while (i < len && strchr(" \t\r\n", text[i]))
		i++;
	json_like = i < len && (text[i] == '{' || text[i] == '[');
	if (quoted)
		return xstrdup(block);
	if (json_like || ends_with(file, ".tf"))
		return xasprintf("\"%s\"", block);
	if (strchr(block, ':'))
		return xasprintf("'%s'", block);
	return xstrdup(block);
}

/* A fix replaces the value at the finding's place with the suggested block. */
static cJSON *fix_json(struct sarif *sx, const struct finding *f)
{
	struct sarif_file *sf;
	const char *text;
	char block[CIDR_STRLEN], *desc, *inserted;
	size_t start, end;
	bool quoted;
	struct region g;
	cJSON *fixes, *fix, *changes, *change, *repls, *repl, *region, *content;

	if (!f->has_fix || !loc_file(&f->loc) || !f->loc.line || !f->loc.col)
		return NULL;
	sf = file_get(sx, loc_file(&f->loc));
	if (!(text = file_text(sf, loc_file(&f->loc))) || sf->utf16 ||
	    !value_span(sf, &f->loc, &start, &end, &quoted))
		return NULL;
	cidr_format(&f->fix, block);
	inserted = replacement_text(text, sf->len, loc_file(&f->loc), block, quoted);

	region_of_bytes(sf, start, end, &g);
	region = region_json(&g);
	content = cJSON_CreateObject();
	cJSON_AddStringToObject(content, "text", inserted);
	free(inserted);
	repl = cJSON_CreateObject();
	cJSON_AddItemToObject(repl, "deletedRegion", region);
	cJSON_AddItemToObject(repl, "insertedContent", content);
	repls = cJSON_CreateArray();
	cJSON_AddItemToArray(repls, repl);
	change = cJSON_CreateObject();
	cJSON_AddItemToObject(change, "artifactLocation", artifact_json(sf->uri));
	cJSON_AddItemToObject(change, "replacements", repls);
	changes = cJSON_CreateArray();
	cJSON_AddItemToArray(changes, change);
	fix = cJSON_CreateObject();
	desc = xasprintf("Use %s", block);
	add_message(fix, "description", desc);
	free(desc);
	cJSON_AddItemToObject(fix, "artifactChanges", changes);
	fixes = cJSON_CreateArray();
	cJSON_AddItemToArray(fixes, fix);
	return fixes;
}

/*
 * Written only with --sarif-suppressed, and then on every result: SARIF
 * 2.1.0 section 3.27.23 reads a result without `suppressions` as "not
 * known", so an unsuppressed one says so with an empty array.
 */
static cJSON *suppressions_json(struct sarif *sx, const struct finding *f)
{
	cJSON *arr = cJSON_CreateArray(), *s;

	if (!f->suppressed)
		return arr;
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "kind",
				f->suppressed == SUPPRESS_IN_SOURCE ? "inSource" : "external");
	cJSON_AddStringToObject(s, "status", "accepted");
	if (f->suppress_reason)
		add_text(s, "justification", f->suppress_reason);
	else if (f->suppressed == SUPPRESS_BASELINE)
		cJSON_AddStringToObject(s, "justification", "in the baseline");
	if (loc_file(&f->suppress_loc))
		cJSON_AddItemToObject(s, "location", location_json(sx, &f->suppress_loc, NULL));
	cJSON_AddItemToArray(arr, s);
	return arr;
}

/* Where the finding is; a finding always gets a file, as GitHub requires
 * one: its own, else the input its resource came from (in *src). */
static struct loc finding_place(const struct finding *f, struct loc_src *src)
{
	struct loc l = f->loc;

	if (!loc_file(&l) && f->res && f->res->place->input) {
		*src = (struct loc_src){.file = f->res->place->input};
		l = (struct loc){.src = src};
	}
	return l;
}

static cJSON *result_json(struct sarif *sx, const struct finding *f)
{
	cJSON *o = cJSON_CreateObject(), *locs = cJSON_CreateArray();
	cJSON *fp = cJSON_CreateObject(), *props = cJSON_CreateObject(), *fixes;
	struct loc_src input;
	struct loc place = finding_place(f, &input);
	char hash[LINEHASH_STRLEN], *msg;
	const char *line_hash = NULL;

	cJSON_AddStringToObject(o, "ruleId", rule_table[f->rule].id);
	cJSON_AddNumberToObject(o, "ruleIndex", f->rule);
	cJSON_AddStringToObject(o, "level", sarif_level(f->level));
	msg = result_message(f);
	add_message(o, "message", msg);
	free(msg);
	cJSON_AddItemToArray(locs, location_json(sx, &place, f->resource));
	cJSON_AddItemToObject(o, "locations", locs);
	if (f->nrelated) {
		cJSON *rel = cJSON_CreateArray();
		for (size_t i = 0; i < f->nrelated; i++) {
			const struct related *r = &f->related[i];
			cJSON *x = location_json(sx, &r->loc, r->loc.line ? NULL : r->resource);
			struct sbuf sb;

			cJSON_AddNumberToObject(x, "id", (double)(i + 1));
			sbuf_init(&sb, SARIF_MESSAGE_MAX);
			add_escaped(&sb, r->message);
			add_message(x, "message", sb.buf);
			sbuf_release(&sb);
			cJSON_AddItemToArray(rel, x);
		}
		cJSON_AddItemToObject(o, "relatedLocations", rel);
	}
	if (loc_file(&place))
		line_hash = file_line_hash(file_get(sx, loc_file(&place)), loc_file(&place), place.line,
					   hash);
	/*
	 * Findings in a plan or inventory have no source line to hash, and
	 * upload-sarif would hash line 1 of a one-line plan instead: every
	 * finding of the plan would share that value and lose it whenever
	 * the plan changes.  The identity hash (rule, resource, CIDR) keeps
	 * them apart and stable.
	 */
	if (!line_hash) {
		snprintf(hash, sizeof(hash), "%.*s:1", (int)(sizeof(hash) - 3), f->fingerprint);
		line_hash = hash;
	}
	cJSON_AddStringToObject(fp, "primaryLocationLineHash", line_hash);
	cJSON_AddStringToObject(fp, "cidrlint/v1", f->fingerprint);
	cJSON_AddItemToObject(o, "partialFingerprints", fp);
	if (sx->run->opt->sarif_suppressed)
		cJSON_AddItemToObject(o, "suppressions", suppressions_json(sx, f));
	if ((fixes = fix_json(sx, f)))
		cJSON_AddItemToObject(o, "fixes", fixes);
	if (f->cidr)
		add_text(props, "cidr", f->cidr);
	if (f->resource)
		add_text(props, "resource", f->resource);
	if (f->resource_type)
		add_text(props, "resourceType", f->resource_type);
	if (f->scenario)
		add_text(props, "scenario", f->scenario);
	cJSON_AddItemToObject(o, "properties", props);
	return o;
}

/*
 * GitHub keeps 5,000 results, so they are written most important first:
 * unsuppressed before suppressed, then by level, then in the sorted order
 * of the findings (a stable tie-break, so the output is reproducible).
 */
static const struct findings *order_fs;

static int by_importance(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct finding *fa = &order_fs->v[a], *fb = &order_fs->v[b];

	if (!fa->suppressed != !fb->suppressed)
		return fa->suppressed ? 1 : -1;
	if (fa->level != fb->level)
		return fa->level > fb->level ? -1 : 1;
	return a < b ? -1 : a > b;
}

static cJSON *results_json(struct sarif *sx)
{
	const struct findings *fs = &sx->run->findings;
	cJSON *arr = cJSON_CreateArray();
	size_t *order = xcalloc(fs->n + 1, sizeof(*order)), n = 0, keep, suppressed = 0;

	for (size_t i = 0; i < fs->n; i++) {
		/* GitHub shows a result with suppressions as an open alert */
		if (fs->v[i].suppressed && !sx->run->opt->sarif_suppressed)
			suppressed++;
		else
			order[n++] = i;
	}
	order_fs = fs;
	if (n)
		qsort(order, n, sizeof(*order), by_importance);
	keep = n < SARIF_MAX_RESULTS ? n : SARIF_MAX_RESULTS;
	for (size_t i = 0; i < keep; i++)
		cJSON_AddItemToArray(arr, result_json(sx, &fs->v[order[i]]));
	if (suppressed) {
		bool one = suppressed == 1;
		char *msg = xasprintf("%zu suppressed finding%s (baseline, waiver or template "
				      "Metadata) %s not written: GitHub code scanning would show "
				      "%s as open alert%s; --sarif-suppressed writes them",
				      suppressed, one ? "" : "s", one ? "is" : "are",
				      one ? "it" : "them", one ? "" : "s");
		notify(sx, "note", msg);
		free(msg);
	}
	if (keep < n) {
		char *msg = xasprintf("%zu of %zu results were left out: GitHub code scanning "
				      "keeps at most %d results a run, so only the most severe "
				      "are written; the text or JSON report has them all",
				      n - keep, n, SARIF_MAX_RESULTS);
		notify(sx, "note", msg);
		free(msg);
	}
	free(order);
	return arr;
}

/* --- the run ----------------------------------------------------------- */

/* The counts the text summary line gives, for a CI step that reads SARIF:
 * exit status 2 hides 1, these do not. */
static cJSON *summary_json(const struct run *run)
{
	cJSON *props = cJSON_CreateObject(), *sum = cJSON_CreateObject();

	summary_add_json(sum, run, true);
	cJSON_AddItemToObject(props, "summary", sum);
	return props;
}

static void add_errors(struct sarif *sx)
{
	const struct run *run = sx->run;

	for (size_t i = 0; i < run->errs.n + run->notes.n; i++) {
		bool note = i >= run->errs.n;
		const struct input_error *e = note ? &run->notes.v[i - run->errs.n] : &run->errs.v[i];
		cJSON *n = cJSON_CreateObject();

		cJSON_AddStringToObject(n, "level", note ? "note" : "error");
		add_message(n, "message", e->msg);
		if (e->file && e->file[0]) {
			struct loc_src src = {.file = e->file};
			struct loc l = {.src = &src, .line = e->line, .col = e->col};
			cJSON *locs = cJSON_CreateArray(), *loc = cJSON_CreateObject();
			cJSON *phys = cJSON_CreateObject();
			struct region g;

			cJSON_AddItemToObject(phys, "artifactLocation",
					      artifact_json(file_get(sx, e->file)->uri));
			/* an error about a whole file (it cannot be read) has no region */
			if (e->line) {
				region_of(sx, &l, &g);
				cJSON_AddItemToObject(phys, "region", region_json(&g));
			}
			cJSON_AddItemToObject(loc, "physicalLocation", phys);
			cJSON_AddItemToArray(locs, loc);
			cJSON_AddItemToObject(n, "locations", locs);
		}
		cJSON_AddItemToArray(sx->notifications, n);
	}
}

/* Rules whose level the address plan or --strict changed. */
static cJSON *overrides_json(const struct run *run)
{
	cJSON *arr = NULL;

	for (size_t i = 0; i < RULE_COUNT; i++) {
		enum level l = run->cfg.levels[i];
		cJSON *o, *desc, *conf;

		if (l == rule_table[i].default_level)
			continue;
		if (!arr)
			arr = cJSON_CreateArray();
		o = cJSON_CreateObject();
		desc = cJSON_CreateObject();
		conf = cJSON_CreateObject();
		cJSON_AddStringToObject(desc, "id", rule_table[i].id);
		cJSON_AddNumberToObject(desc, "index", (double)i);
		cJSON_AddItemToObject(o, "descriptor", desc);
		cJSON_AddBoolToObject(conf, "enabled", l != LEVEL_OFF);
		cJSON_AddStringToObject(conf, "level", sarif_level(l));
		cJSON_AddItemToObject(o, "configuration", conf);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

int emit_sarif(FILE *out, const struct run *run)
{
	struct sarif sx;
	cJSON *root = cJSON_CreateObject(), *runs = cJSON_CreateArray();
	cJSON *r = cJSON_CreateObject(), *tool = cJSON_CreateObject();
	cJSON *driver = cJSON_CreateObject(), *rules = cJSON_CreateArray();
	cJSON *invs = cJSON_CreateArray(), *inv = cJSON_CreateObject(), *results, *overrides;
	const char *cat = run->opt->sarif_category;
	char *text;
	int rc;

	memset(&sx, 0, sizeof(sx));
	sx.run = run;
	strmap_init(&sx.files);
	sx.notifications = cJSON_CreateArray();

	cJSON_AddStringToObject(root, "$schema", SARIF_SCHEMA);
	cJSON_AddStringToObject(root, "version", "2.1.0");
	cJSON_AddStringToObject(driver, "name", "cidrlint");
	cJSON_AddStringToObject(driver, "semanticVersion", CIDRLINT_VERSION);
	cJSON_AddStringToObject(driver, "informationUri", CIDRLINT_HOMEPAGE);
	for (size_t i = 0; i < RULE_COUNT; i++)
		cJSON_AddItemToArray(rules, rule_json(i));
	cJSON_AddItemToObject(driver, "rules", rules);
	cJSON_AddItemToObject(tool, "driver", driver);
	cJSON_AddItemToObject(r, "tool", tool);
	/*
	 * upload-sarif applies its `category:` input only to a run without
	 * automationDetails, so there is none unless one is asked for.  GitHub
	 * reads everything up to the last '/' as the category.
	 */
	if (cat) {
		cJSON *auto_ = cJSON_CreateObject();
		char *id = xasprintf("%s%s", cat, ends_with(cat, "/") ? "" : "/");

		add_text(auto_, "id", id);
		free(id);
		cJSON_AddItemToObject(r, "automationDetails", auto_);
	}

	add_errors(&sx);
	results = results_json(&sx);
	cJSON_AddBoolToObject(inv, "executionSuccessful", run->errs.n == 0);
	if ((overrides = overrides_json(run)))
		cJSON_AddItemToObject(inv, "ruleConfigurationOverrides", overrides);
	cJSON_AddItemToObject(inv, "toolExecutionNotifications", sx.notifications);
	cJSON_AddItemToArray(invs, inv);
	cJSON_AddItemToObject(r, "invocations", invs);
	/* what GitHub counts whatever this says; other readers read it */
	cJSON_AddStringToObject(r, "columnKind", "utf16CodeUnits");
	cJSON_AddItemToObject(r, "results", results);
	cJSON_AddItemToObject(r, "properties", summary_json(run));
	cJSON_AddItemToArray(runs, r);
	cJSON_AddItemToObject(root, "runs", runs);

	text = cJSON_Print(root);
	rc = text && put_utf8(out, text, strlen(text)) == 0 && fputc('\n', out) != EOF ? 0 : -1;
	cJSON_free(text);
	cJSON_Delete(root);
	sarif_release(&sx);
	return rc;
}
