/*
 * emit_junit.c: JUnit XML (-f junit), for CI systems that show test
 * reports but not SARIF.  One test suite "cidrlint"; a test case per (file,
 * rule) pair with unsuppressed findings, failing with every finding of the
 * pair in its text; a test case per input file with input errors, in error;
 * and a passing test case per input with neither.  Paths are relative to
 * the source root, so the report is the same from any directory; the
 * cases are sorted, so it is the same from run to run.
 */
#include "linter/linter.h"

#include <stdlib.h>
#include <string.h>

enum jcase_kind { JCASE_FAIL, JCASE_ERROR, JCASE_PASS };

struct jcase {
	enum jcase_kind kind;
	const char *file;  /* classname: root-relative path (owned by the cache) */
	int rule;          /* JCASE_FAIL */
	size_t from, to;   /* JCASE_FAIL: range of junit.fail; JCASE_ERROR: of junit.err */
};

/* One unsuppressed finding or one input error, with its file. */
struct jitem {
	const char *file;
	size_t index;      /* in run->findings or run->errs */
};

struct junit {
	const struct run *run;
	struct strmap paths; /* file as given -> root-relative path */
	char **owned;
	size_t nowned, capowned;
	struct jitem *fail, *err;
	size_t nfail, capfail, nerr, caperr;
	struct jcase *cases;
	size_t ncases, capcases;
};

static const char *jpath(struct junit *j, const char *file)
{
	char *rel = strmap_get(&j->paths, file);

	if (!rel) {
		rel = path_relative(j->run, file);
		*VEC_PUSH(j->owned, j->nowned, j->capowned) = rel;
		strmap_put(&j->paths, file, rel);
	}
	return rel;
}

/* The file a finding is reported in; a finding always names one. */
static const char *finding_file(const struct finding *f)
{
	if (loc_file(&f->loc))
		return loc_file(&f->loc);
	return f->res && f->res->place->input ? f->res->place->input : "";
}

/* --- XML --------------------------------------------------------------- */

/*
 * Text and attribute values: the five markup characters as entities, line
 * breaks in attributes as references (a parser would turn them into
 * spaces), and what XML 1.0 cannot hold at all (other control characters,
 * invalid UTF-8) as U+FFFD.
 */
static void xml_put(FILE *out, const char *s, bool attr)
{
	size_t n = strlen(s);
	uint32_t cp;

	for (size_t i = 0, k; i < n; i += k) {
		k = utf8_next(s + i, n - i, &cp);
		if (cp == '&')
			fputs("&amp;", out);
		else if (cp == '<')
			fputs("&lt;", out);
		else if (cp == '>')
			fputs("&gt;", out);
		else if (cp == '"')
			fputs("&quot;", out);
		else if (cp == '\'')
			fputs("&apos;", out);
		else if (attr && (cp == '\n' || cp == '\r' || cp == '\t'))
			fprintf(out, "&#%u;", (unsigned)cp);
		else if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') || cp == 0xFFFE ||
			 cp == 0xFFFF || cp == UTF8_REPLACEMENT)
			fputs("\xEF\xBF\xBD", out); /* not a character XML 1.0 allows */
		else
			fwrite(s + i, 1, k, out);
	}
}

/* --- grouping ---------------------------------------------------------- */

static const struct run *sort_run;

static int by_file_rule(const void *pa, const void *pb)
{
	const struct jitem *a = pa, *b = pb;
	const struct finding *fa = &sort_run->findings.v[a->index];
	const struct finding *fb = &sort_run->findings.v[b->index];
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (fa->rule != fb->rule)
		return fa->rule < fb->rule ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int by_file(const void *pa, const void *pb)
{
	const struct jitem *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	return c ? c : (a->index < b->index ? -1 : a->index > b->index);
}

static int by_case(const void *pa, const void *pb)
{
	const struct jcase *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->rule < b->rule ? -1 : a->rule > b->rule;
}

static struct jcase *add_case(struct junit *j, enum jcase_kind kind, const char *file)
{
	struct jcase *c = VEC_PUSH(j->cases, j->ncases, j->capcases);

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->file = file;
	c->rule = -1;
	return c;
}

static void group(struct junit *j)
{
	const struct run *run = j->run;
	struct strmap busy;

	for (size_t i = 0; i < run->findings.n; i++) {
		struct jitem *it;
		if (run->findings.v[i].suppressed)
			continue;
		it = VEC_PUSH(j->fail, j->nfail, j->capfail);
		it->file = jpath(j, finding_file(&run->findings.v[i]));
		it->index = i;
	}
	for (size_t i = 0; i < run->errs.n; i++) {
		struct jitem *it = VEC_PUSH(j->err, j->nerr, j->caperr);
		it->file = run->errs.v[i].file && run->errs.v[i].file[0]
				   ? jpath(j, run->errs.v[i].file) : progname;
		it->index = i;
	}
	sort_run = run;
	if (j->nfail)
		qsort(j->fail, j->nfail, sizeof(*j->fail), by_file_rule);
	if (j->nerr)
		qsort(j->err, j->nerr, sizeof(*j->err), by_file);
	for (size_t i = 0; i < j->nfail;) {
		int rule = run->findings.v[j->fail[i].index].rule;
		struct jcase *c = add_case(j, JCASE_FAIL, j->fail[i].file);
		c->rule = rule;
		c->from = i;
		while (i < j->nfail && strcmp(j->fail[i].file, c->file) == 0 &&
		       run->findings.v[j->fail[i].index].rule == rule)
			i++;
		c->to = i;
	}
	for (size_t i = 0; i < j->nerr;) {
		struct jcase *c = add_case(j, JCASE_ERROR, j->err[i].file);
		c->from = i;
		while (i < j->nerr && strcmp(j->err[i].file, c->file) == 0)
			i++;
		c->to = i;
	}
	/*
	 * An input passes when no finding or error is in it.  A plan's
	 * findings sit in its .tf files but are still the plan's: it does not
	 * pass either.
	 */
	strmap_init(&busy);
	for (size_t i = 0; i < j->nfail; i++) {
		const struct finding *f = &run->findings.v[j->fail[i].index];
		strmap_put(&busy, j->fail[i].file, &busy);
		if (f->res && f->res->place->input)
			strmap_put(&busy, jpath(j, f->res->place->input), &busy);
	}
	for (size_t i = 0; i < j->nerr; i++)
		strmap_put(&busy, j->err[i].file, &busy);
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct input *in = &run->inputs[i];
		const char *rel = jpath(j, in->path);
		if (in->kind != INPUT_UNKNOWN && !strmap_get(&busy, rel)) {
			add_case(j, JCASE_PASS, rel);
			strmap_put(&busy, rel, &busy); /* once, if named twice */
		}
	}
	strmap_release(&busy);
	if (j->ncases)
		qsort(j->cases, j->ncases, sizeof(*j->cases), by_case);
}

/* --- writing ----------------------------------------------------------- */

/* "file:line:col: level: message" and the finding's notes, as text. */
static void put_finding_text(struct junit *j, FILE *out, const struct finding *f)
{
	const char *file = jpath(j, finding_file(f));
	char *head;

	if (f->loc.line)
		head = xasprintf("%s:%u:%u: %s: ", file, f->loc.line, f->loc.col ? f->loc.col : 1,
				 level_name(f->level));
	else if (f->resource)
		head = xasprintf("%s (%s): %s: ", file, f->resource, level_name(f->level));
	else
		head = xasprintf("%s: %s: ", file, level_name(f->level));
	xml_put(out, head, false);
	free(head);
	xml_put(out, f->message, false);
	fputc('\n', out);
	for (size_t i = 0; i < f->nrelated; i++) {
		const struct related *r = &f->related[i];
		fputs("  ", out);
		if (loc_file(&r->loc)) {
			char *place = r->loc.line ? xasprintf("%s:%u:%u: ", jpath(j, loc_file(&r->loc)),
							      r->loc.line, r->loc.col ? r->loc.col : 1)
						  : xasprintf("%s: ", jpath(j, loc_file(&r->loc)));
			xml_put(out, place, false);
			free(place);
		}
		fputs("note: ", out);
		xml_put(out, r->message, false);
		fputc('\n', out);
	}
	if (f->scenario) {
		fputs("  note: ", out);
		xml_put(out, f->scenario, false);
		fputc('\n', out);
	}
	if (f->hint) {
		fputs("  hint: ", out);
		xml_put(out, f->hint, false);
		fputc('\n', out);
	}
}

static void put_case(struct junit *j, FILE *out, const struct jcase *c)
{
	const struct run *run = j->run;

	fputs("    <testcase classname=\"", out);
	xml_put(out, c->file, true);
	fputs("\" name=\"", out);
	if (c->kind == JCASE_PASS) {
		fputs("no findings\"/>\n", out);
		return;
	}
	if (c->kind == JCASE_ERROR) {
		const struct input_error *first = &run->errs.v[j->err[c->from].index];
		fputs("input error\">\n      <error message=\"", out);
		xml_put(out, first->msg, true);
		fputs("\" type=\"input\">", out);
		for (size_t i = c->from; i < c->to; i++) {
			const struct input_error *e = &run->errs.v[j->err[i].index];
			char *place = e->line ? xasprintf("%s:%u:%u: ", c->file, e->line,
							  e->col ? e->col : 1)
					      : xasprintf("%s: ", c->file);
			xml_put(out, place, false);
			free(place);
			xml_put(out, e->msg, false);
			fputc('\n', out);
		}
		fputs("</error>\n    </testcase>\n", out);
		return;
	}

	const struct rule *r = &rule_table[c->rule];
	enum level worst = LEVEL_NOTE;
	size_t n = c->to - c->from;

	for (size_t i = c->from; i < c->to; i++)
		if (run->findings.v[j->fail[i].index].level > worst)
			worst = run->findings.v[j->fail[i].index].level;
	xml_put(out, r->id, true);
	fputc(' ', out);
	xml_put(out, r->name, true);
	fputs("\">\n      <failure message=\"", out);
	if (n == 1) {
		xml_put(out, run->findings.v[j->fail[c->from].index].message, true);
	} else {
		char *m = xasprintf("%zu findings of %s %s", n, r->id, r->name);
		xml_put(out, m, true);
		free(m);
	}
	fprintf(out, "\" type=\"%s\">", level_name(worst));
	for (size_t i = c->from; i < c->to; i++)
		put_finding_text(j, out, &run->findings.v[j->fail[i].index]);
	fputs("</failure>\n    </testcase>\n", out);
}

/* The counts of the text summary line: failures and errors above count
 * test cases (a rule in a file), not findings. */
static void put_summary(FILE *out, const struct run *run)
{
	struct findings_summary sum;

	findings_summarise(&run->findings, &sum);
	fprintf(out,
		"    <properties>\n"
		"      <property name=\"cidrlint.errors\" value=\"%zu\"/>\n"
		"      <property name=\"cidrlint.warnings\" value=\"%zu\"/>\n"
		"      <property name=\"cidrlint.notes\" value=\"%zu\"/>\n"
		"      <property name=\"cidrlint.suppressed\" value=\"%zu\"/>\n"
		"      <property name=\"cidrlint.input_errors\" value=\"%zu\"/>\n"
		"      <property name=\"cidrlint.input_notes\" value=\"%zu\"/>\n"
		"    </properties>\n",
		sum.by_level[LEVEL_ERROR], sum.by_level[LEVEL_WARNING], sum.by_level[LEVEL_NOTE],
		sum.suppressed, run->errs.n, run->notes.n);
}

int emit_junit(FILE *out, const struct run *run)
{
	struct junit j;
	size_t failures = 0, errors = 0;

	memset(&j, 0, sizeof(j));
	j.run = run;
	strmap_init(&j.paths);
	group(&j);
	for (size_t i = 0; i < j.ncases; i++) {
		failures += j.cases[i].kind == JCASE_FAIL;
		errors += j.cases[i].kind == JCASE_ERROR;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"cidrlint\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
		j.ncases, failures, errors);
	fprintf(out,
		"  <testsuite name=\"cidrlint\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		"skipped=\"0\">\n",
		j.ncases, failures, errors);
	put_summary(out, run);
	for (size_t i = 0; i < j.ncases; i++)
		put_case(&j, out, &j.cases[i]);
	fputs("  </testsuite>\n</testsuites>\n", out);

	for (size_t i = 0; i < j.nowned; i++)
		free(j.owned[i]);
	free(j.owned);
	free(j.fail);
	free(j.err);
	free(j.cases);
	strmap_release(&j.paths);
	return ferror(out) ? -1 : 0;
}
