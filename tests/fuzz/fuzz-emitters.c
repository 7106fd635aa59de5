/*
 * fuzz-emitters.c: libFuzzer round-trip harness for every output format.
 *
 * The input is read as a recipe for a run: findings with random bytes in
 * their messages, resources, CIDRs, hints, notes, scenarios, suppression
 * reasons and paths; related places; input errors; an input whose facts
 * hold a VPC with a random name and block.  The run goes through every
 * emitter (text, json, sarif, github, junit, markdown, facts) and each
 * output is checked: it is valid UTF-8; JSON and SARIF parse with cJSON,
 * and every SARIF region has four positive bounds, the end not before the
 * start; JUnit is well-formed XML 1.0 (xml_check() below); the line
 * formats hold no control character but the line break; each Markdown
 * table row has its five cell separators.  A failed check aborts, so
 * libFuzzer keeps the input.
 *
 * The emitters read the files findings point into (to measure regions in
 * UTF-16 units, hash lines, place fixes), so part of the input is written
 * to a source file in a directory of the harness's own, the run's root,
 * and findings point into it.  Other paths name nothing that exists
 * ("fz/", "/fz-root/" or "/fz-elsewhere/" and bytes with no '/'): a
 * fuzzer must never read /dev/stdin.
 */
#include "linter/linter.h"

#include <cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *progname = "cidrlint";

/*
 * The harness's own directory and the source file in it: in memory
 * (/dev/shm) where there is one.  Each input rewrites the file, and on
 * ext4 truncating a file that has blocks makes its close write it out
 * (auto_da_alloc): that write was most of an input's time, so the old
 * file is unlinked first and a new one made.
 */
static char fz_dir_shm[] = "/dev/shm/fuzz-emitters-XXXXXX";
static char fz_dir_tmp[] = "/tmp/fuzz-emitters-XXXXXX";
static char *fz_dir;
static char *fz_source;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- reading the recipe ----------------------------------------------- */

struct recipe {
	const uint8_t *p;
	size_t n;
	struct arena *arena;
};

static unsigned take(struct recipe *r, unsigned mod)
{
	unsigned v;

	if (!r->n)
		return 0;
	v = *r->p++;
	r->n--;
	return mod ? v % mod : v;
}

/* A string of up to 64 random bytes (a NUL byte becomes a stray 0x80). */
static const char *take_str(struct recipe *r)
{
	size_t len = take(r, 65);
	char *s;

	if (len > r->n)
		len = r->n;
	s = arena_alloc(r->arena, len + 1);
	for (size_t i = 0; i < len; i++)
		s[i] = r->p[i] ? (char)r->p[i] : (char)0x80;
	r->p += len;
	r->n -= len;
	return s;
}

static const char *take_opt(struct recipe *r)
{
	return take(r, 2) ? take_str(r) : NULL;
}

static const char *take_path(struct recipe *r)
{
	static const char *const dirs[] = {"fz/", "/fz-root/", "/fz-elsewhere/"};
	unsigned pick = take(r, 5);
	const char *dir, *name;

	if (pick >= 3)
		return fz_source; /* twice as likely: it is where regions are measured */
	dir = dirs[pick];
	name = take_str(r);
	char *p = arena_printf(r->arena, "%s%s", dir, name[0] ? name : "x");

	for (char *q = p + strlen(dir); *q; q++)
		if (*q == '/')
			*q = '_';
	return p;
}

static struct loc take_loc(struct recipe *r)
{
	struct loc l = {0};
	struct loc_src *src;

	if (take(r, 4) == 0)
		return l;
	src = arena_alloc(r->arena, sizeof(*src));
	src->file = take_path(r);
	l.src = src;
	l.line = take(r, 8);
	l.col = take(r, 80);
	if (take(r, 2)) {
		l.end_line = l.line + take(r, 3);
		l.end_col = take(r, 120);
	}
	return l;
}

static void build_findings(struct recipe *r, struct run *run, const struct resource *res)
{
	struct findings *fs = &run->findings;
	unsigned n = take(r, 9);

	for (unsigned i = 0; i < n; i++) {
		struct finding *f = findings_add(fs);
		unsigned nrel = take(r, 4), nnotes = take(r, 3);

		f->rule = (int)take(r, RULE_COUNT);
		f->level = (enum level)(1 + take(r, 3));
		f->message = take_str(r);
		f->loc = take_loc(r);
		f->resource = take_opt(r);
		f->resource_type = take_opt(r);
		f->cidr = take_opt(r);
		f->hint = take_opt(r);
		f->scenario = take_opt(r);
		f->res = take(r, 2) ? res : NULL;
		for (unsigned k = 0; k < nrel; k++) {
			struct loc l = take_loc(r);
			finding_add_related(fs, f, &l, take_opt(r), take_opt(r), "%s", take_str(r));
		}
		f->more_related = take(r, 3);
		for (unsigned k = 0; k < nnotes; k++)
			finding_add_note(fs, f, "%s", take_str(r));
		f->suppressed = (enum suppress_kind)take(r, 4);
		if (f->suppressed) {
			f->suppress_reason = take_opt(r);
			f->suppress_loc = take_loc(r);
		}
		if ((f->has_fix = take(r, 2)))
			f->fix = cidr_make(4, (uint32_t)take(r, 0) << 24, 8 + take(r, 25));
		snprintf(f->fingerprint, sizeof(f->fingerprint), "%08x%024x", take(r, 0), i);
	}
}

/* --- what every output must be ---------------------------------------- */

static void fail(const char *format, const char *what)
{
	fprintf(stderr, "fuzz-emitters: -f %s: %s\n", format, what);
	abort();
}

/* Strictly valid UTF-8; with lines, no control character but LF. */
static void check_utf8(const char *format, const char *s, size_t n, bool lines)
{
	uint32_t cp;

	for (size_t i = 0, k; i < n; i += k) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			k = 1; /* printable ASCII, most of every output */
			continue;
		}
		k = utf8_next(s + i, n - i, &cp);
		if (cp == UTF8_REPLACEMENT && !(k == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			fail(format, "invalid UTF-8");
		if (lines && ((cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp < 0xa0)))
			fail(format, "a raw control character");
	}
}

static void check_regions(const cJSON *j)
{
	const cJSON *it;

	if (cJSON_IsObject(j)) {
		const cJSON *reg = cJSON_GetObjectItemCaseSensitive(j, "region");
		if (reg) {
			double v[4];
			const char *keys[] = {"startLine", "startColumn", "endLine", "endColumn"};
			for (int k = 0; k < 4; k++) {
				const cJSON *x = cJSON_GetObjectItemCaseSensitive(reg, keys[k]);
				if (!cJSON_IsNumber(x) || x->valuedouble < 1)
					fail("sarif", "a region without four positive bounds");
				v[k] = x->valuedouble;
			}
			if (v[2] < v[0] || (v[2] == v[0] && v[3] < v[1]))
				fail("sarif", "a region that ends before it starts");
		}
	}
	cJSON_ArrayForEach(it, j)
		check_regions(it);
}

/* A minimal XML 1.0 well-formedness check: one root element, balanced
 * tags, quoted attributes, known entities, characters XML allows. */
static void xml_check(const char *s, size_t n)
{
	const char *stack[64];
	size_t depth = 0, i = 0, roots = 0;
	uint32_t cp;

	if (strncmp(s, "<?xml", 5) == 0) {
		const char *e = strstr(s, "?>");
		if (!e)
			fail("junit", "an unclosed declaration");
		i = (size_t)(e - s) + 2;
	}
	while (i < n) {
		if (s[i] == '<') {
			bool close = s[i + 1] == '/';
			size_t j = i + 1 + close, name = j;

			while (j < n && (s[j] == '-' || s[j] == '_' || (s[j] >= 'a' && s[j] <= 'z') ||
					 (s[j] >= 'A' && s[j] <= 'Z')))
				j++;
			if (j == name)
				fail("junit", "a tag without a name");
			if (close) {
				if (!depth || strncmp(stack[depth - 1], s + name, j - name) ||
				    (stack[depth - 1][j - name] != ' ' && stack[depth - 1][j - name] != '>' &&
				     stack[depth - 1][j - name] != '/'))
					fail("junit", "a closing tag that does not match");
				depth--;
				if (s[j] != '>')
					fail("junit", "a malformed closing tag");
				i = j + 1;
				continue;
			}
			/* attributes: name="value" with no '<' or raw '&' inside */
			while (j < n && s[j] != '>' && !(s[j] == '/' && s[j + 1] == '>')) {
				if (s[j] == '"') {
					for (j++; j < n && s[j] != '"'; j++)
						if (s[j] == '<')
							fail("junit", "'<' in an attribute");
				}
				j++;
			}
			if (j >= n)
				fail("junit", "an unclosed tag");
			if (s[j] == '/') {
				j++;
			} else {
				if (depth == ARRAY_SIZE(stack))
					fail("junit", "too deep");
				if (!depth)
					roots++;
				stack[depth++] = s + name;
			}
			i = j + 1;
			continue;
		}
		if (s[i] == '&') {
			static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
			bool ok = false;
			for (size_t k = 0; k < ARRAY_SIZE(ents); k++)
				ok |= strncmp(s + i, ents[k], strlen(ents[k])) == 0;
			if (s[i + 1] == '#') {
				size_t j = i + 2;
				while (j < n && s[j] >= '0' && s[j] <= '9')
					j++;
				ok = j > i + 2 && s[j] == ';';
			}
			if (!ok)
				fail("junit", "a raw '&'");
		}
		utf8_next(s + i, n - i, &cp);
		if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') || cp == 0xFFFE ||
		    cp == 0xFFFF)
			fail("junit", "a character XML 1.0 does not allow");
		if (!depth && cp != '\n' && cp != ' ')
			fail("junit", "text outside the root element");
		i++;
	}
	if (depth || roots != 1)
		fail("junit", "not one closed root element");
}

/* Every row of a Markdown table has five separators that are not escaped. */
static void markdown_check(const char *s)
{
	for (const char *line = s; *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);

		if (len && line[0] == '|') {
			unsigned bars = 0;
			for (size_t i = 0; i < len; i++) {
				if (line[i] == '\\')
					i++;
				else if (line[i] == '|')
					bars++;
			}
			if (bars != 5)
				fail("markdown", "a table row without its five cell separators");
		}
		line += len + (eol != NULL);
	}
}

static void check_output(enum format fmt, const char *s, size_t n)
{
	static const char *const names[] = {"text",  "json",  "sarif",   "github",
					    "junit", "facts", "markdown"};
	const char *name = names[fmt];

	check_utf8(name, s, n, fmt == FMT_TEXT || fmt == FMT_GITHUB || fmt == FMT_FACTS ||
				       fmt == FMT_MARKDOWN);
	if (fmt == FMT_JSON || fmt == FMT_SARIF) {
		const char *end = NULL;
		cJSON *j = cJSON_ParseWithLengthOpts(s, n, &end, 0);
		if (!j)
			fail(name, "not JSON");
		if (fmt == FMT_SARIF)
			check_regions(j);
		cJSON_Delete(j);
	}
	if (fmt == FMT_JUNIT)
		xml_check(s, n);
	if (fmt == FMT_MARKDOWN)
		markdown_check(s);
}

/* --- the run ------------------------------------------------------------ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const emitters[])(FILE *, const struct run *) = {
		[FMT_TEXT] = emit_text,     [FMT_JSON] = emit_json,   [FMT_SARIF] = emit_sarif,
		[FMT_GITHUB] = emit_github, [FMT_JUNIT] = emit_junit, [FMT_FACTS] = emit_facts,
		[FMT_MARKDOWN] = emit_markdown,
	};
	struct options opt;
	struct run run;
	struct arena arena;
	struct recipe r = {data, size, &arena};
	struct input in;
	struct facts *facts;
	struct vpc *v;
	struct block *b;
	unsigned nerrs, first;
	uint32_t sarif_hash = 2166136261u; /* FNV-1a */

	for (size_t i = 0; i < size; i++)
		sarif_hash = (sarif_hash ^ data[i]) * 16777619u;

	if (!fz_source) {
		if (!(fz_dir = mkdtemp(fz_dir_shm)) && !(fz_dir = mkdtemp(fz_dir_tmp)))
			abort();
		fz_source = xasprintf("%s/src.yaml", fz_dir);
	}
	memset(&opt, 0, sizeof(opt));
	memset(&run, 0, sizeof(run));
	arena_init(&arena);
	run.opt = &opt;
	run.root = xstrdup(fz_dir);
	run.cwd = xstrdup(fz_dir);
	errlist_init(&run.errs);
	findings_init(&run.findings);
	world_init(&run.world, NULL);
	/* options of the SARIF writer, and whether it runs (below) */
	first = take(&r, 0);
	/* the source file: up to 255 bytes of the input, NULs included */
	{
		size_t len = take(&r, 0);
		FILE *src;

		unlink(fz_source);
		src = fopen(fz_source, "wb");

		if (len > r.n)
			len = r.n;
		if (!src || fwrite(r.p, 1, len, src) != len || fclose(src))
			abort();
		r.p += len;
		r.n -= len;
	}
	opt.sarif_suppressed = first & 1;
	opt.sarif_category = first & 2 ? take_str(&r) : NULL;
	if (opt.sarif_category && !opt.sarif_category[0])
		opt.sarif_category = NULL;

	/* one input with one VPC, for -f facts and for findings on it */
	in.path = (char *)take_path(&r);
	in.rel = in.path;
	in.kind = (enum input_kind)take(&r, INPUT_CLOUDTRAIL + 1);
	in.explicit = true;
	in.context = false;
	run.inputs = &in;
	run.ninputs = 1;
	facts = facts_new(in.path, NULL, in.kind == INPUT_UNKNOWN ? INPUT_CFN : in.kind);
	v = facts_add_vpc(facts);
	v->r.name = facts_str(facts, take_str(&r));
	v->r.type = "AWS::EC2::VPC";
	v->r.loc = take_loc(&r);
	b = vpc_add_own_block(facts, v, 4, BLOCK_PRIMARY);
	cidr_value_set_text(&b->v, facts_str(facts, take_str(&r)), 4);
	world_add(&run.world, facts);

	nerrs = take(&r, 4);
	for (unsigned i = 0; i < nerrs; i++) {
		struct loc l = take_loc(&r);
		errlist_add(&run.errs, loc_file(&l) ? loc_file(&l) : "", l.line, l.col, "%s",
			    take_str(&r));
	}
	build_findings(&r, &run, &v->r);

	for (size_t f = 0; f < ARRAY_SIZE(emitters); f++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *out;

		/*
		 * SARIF carries every rule's help page (170 KB), so it costs
		 * twenty times the others together: one input in 64 goes
		 * through it, chosen by a hash of the whole input, which every
		 * mutation changes, so that the fuzzer cannot settle on SARIF
		 * inputs alone.  (By length it was most inputs: libFuzzer
		 * makes many inputs exactly as long as its length limit, and
		 * -max_len=64 or a limit of 1024 is a multiple of 64.)
		 */
		if (f == FMT_SARIF && sarif_hash % 64)
			continue;
		out = open_memstream(&buf, &len);
		if (!out)
			abort();
		if (emitters[f](out, &run))
			fail("any", "the emitter failed");
		fclose(out);
		check_output((enum format)f, buf, len);
		free(buf);
	}

	world_release(&run.world);
	findings_release(&run.findings);
	errlist_release(&run.errs);
	free(run.root);
	free(run.cwd);
	arena_release(&arena);
	return 0;
}
