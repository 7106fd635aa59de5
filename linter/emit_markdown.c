/*
 * emit_markdown.c: a short Markdown summary (-f markdown), for a GitHub
 * Actions step summary ($GITHUB_STEP_SUMMARY) or a pull-request comment:
 * a heading with the counts by level, a table of the unsuppressed
 * findings (level, file:line:column, rule, message), how many were
 * suppressed, and the errors reading the inputs.
 *
 * The summary is bounded, since a step summary holds 1 MiB and a comment
 * 65,536 characters: at most MD_MAX_ROWS findings and MD_MAX_ERRORS
 * errors, the most severe first, each message cut at MD_MAX_MESSAGE bytes
 * with a visible mark; a line says how many were left out.  Text from the
 * input is inert: control characters are escaped (text_escape()), every
 * Markdown and HTML metacharacter is backslash-escaped, and an '@' is
 * followed by a word joiner, so that a tag can neither break the table,
 * nor inject markup or links, nor mention people in a comment.
 */
#include "linter/linter.h"

#include <stdlib.h>
#include <string.h>

#define MD_MAX_ROWS 50
#define MD_MAX_ERRORS 20
#define MD_MAX_MESSAGE 500

/* Text from the input as inert Markdown, on one line. */
static void md_text(struct sbuf *sb, const char *s)
{
	struct sbuf esc;

	sbuf_init(&esc, 0);
	text_escape(&esc, s);
	for (const char *p = esc.buf; *p; p++) {
		/* ':' too, so that no URL in a tag is turned into a link */
		if (strchr("\\`*_{}[]<>#!|~&:", *p))
			sbuf_addch(sb, '\\');
		sbuf_addch(sb, *p);
		if (*p == '@')
			sbuf_adds(sb, "\xE2\x81\xA0"); /* U+2060 WORD JOINER */
	}
	sbuf_release(&esc);
}

/* The same, cut at max bytes of the input's text with a mark. */
static void md_text_cut(struct sbuf *sb, const char *s, size_t max)
{
	struct sbuf cut;

	sbuf_init(&cut, max);
	sbuf_addf_cut(&cut, "%s", s);
	md_text(sb, cut.buf);
	sbuf_release(&cut);
}

/* file:line:col relative to the source root, as the annotations give it. */
static void md_place(struct sbuf *sb, const struct run *run, const char *file, unsigned line,
		     unsigned col, const char *resource)
{
	char *rel;

	if (!file) {
		if (resource)
			md_text(sb, resource);
		return;
	}
	rel = path_relative(run, file);
	md_text(sb, rel);
	free(rel);
	if (line)
		sbuf_addf(sb, ":%u:%u", line, col ? col : 1);
	else if (resource) {
		sbuf_adds(sb, " (");
		md_text(sb, resource);
		sbuf_addch(sb, ')');
	}
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void md_heading(struct sbuf *sb, const struct run *run, const struct findings_summary *sum)
{
	sbuf_adds(sb, "### cidrlint: ");
	if (sum->total == sum->suppressed)
		sbuf_addf(sb, "no findings in %zu input%s", run->world.ninputs,
			  plural(run->world.ninputs));
	else
		sbuf_addf(sb, "%zu error%s, %zu warning%s, %zu note%s",
			  sum->by_level[LEVEL_ERROR], plural(sum->by_level[LEVEL_ERROR]),
			  sum->by_level[LEVEL_WARNING], plural(sum->by_level[LEVEL_WARNING]),
			  sum->by_level[LEVEL_NOTE], plural(sum->by_level[LEVEL_NOTE]));
	if (run->errs.n)
		sbuf_addf(sb, "; %zu input error%s", run->errs.n, plural(run->errs.n));
	sbuf_adds(sb, "\n\n");
}

static void md_findings(struct sbuf *sb, const struct run *run)
{
	static const enum level order[] = {LEVEL_ERROR, LEVEL_WARNING, LEVEL_NOTE};
	const struct findings *fs = &run->findings;
	size_t rows = 0, shown = 0, total = 0;

	for (size_t i = 0; i < fs->n; i++)
		total += !fs->v[i].suppressed;
	if (!total)
		return;
	sbuf_adds(sb, "| Level | Place | Rule | Message |\n| --- | --- | --- | --- |\n");
	for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
		for (size_t i = 0; i < fs->n && rows < MD_MAX_ROWS; i++) {
			const struct finding *f = &fs->v[i];
			const struct rule *r = &rule_table[f->rule];

			if (f->suppressed || f->level != order[k])
				continue;
			sbuf_addf(sb, "| %s | ", level_name(f->level));
			md_place(sb, run, loc_file(&f->loc) ? loc_file(&f->loc) : f->res ? f->res->place->input : NULL,
				 f->loc.line, f->loc.col, f->resource);
			sbuf_addf(sb, " | %s %s | ", r->id, r->name);
			md_text_cut(sb, f->message, MD_MAX_MESSAGE);
			if (f->hint) {
				sbuf_adds(sb, " (hint: ");
				md_text_cut(sb, f->hint, MD_MAX_MESSAGE);
				sbuf_addch(sb, ')');
			}
			sbuf_adds(sb, " |\n");
			rows++;
			shown++;
		}
	}
	sbuf_addch(sb, '\n');
	if (shown < total)
		sbuf_addf(sb, "%zu more finding%s not shown here; the text or JSON report has them "
			  "all.\n\n", total - shown, plural(total - shown));
}

static void md_errors(struct sbuf *sb, const struct run *run)
{
	size_t n = run->errs.n < MD_MAX_ERRORS ? run->errs.n : MD_MAX_ERRORS;

	if (!run->errs.n)
		return;
	sbuf_addf(sb, "**Errors reading the inputs** (exit status 2; what could not be read was "
		      "not checked):\n\n");
	for (size_t i = 0; i < n; i++) {
		const struct input_error *e = &run->errs.v[i];

		sbuf_adds(sb, "- ");
		if (e->file && e->file[0]) {
			md_place(sb, run, e->file, e->line, e->col, NULL);
			sbuf_adds(sb, ": ");
		}
		md_text_cut(sb, e->msg, MD_MAX_MESSAGE);
		sbuf_addch(sb, '\n');
	}
	if (n < run->errs.n)
		sbuf_addf(sb, "- and %zu more\n", run->errs.n - n);
	sbuf_addch(sb, '\n');
}

int emit_markdown(FILE *out, const struct run *run)
{
	struct findings_summary sum;
	struct sbuf sb;
	int rc;

	findings_summarise(&run->findings, &sum);
	sbuf_init(&sb, 0);
	md_heading(&sb, run, &sum);
	md_findings(&sb, run);
	if (sum.suppressed)
		sbuf_addf(&sb, "%zu suppressed finding%s (baseline, waivers, template Metadata) "
			  "%s not shown.\n\n", sum.suppressed, plural(sum.suppressed),
			  sum.suppressed == 1 ? "is" : "are");
	md_errors(&sb, run);
	rc = fwrite(sb.buf, 1, sb.len, out) == sb.len ? 0 : -1;
	sbuf_release(&sb);
	return rc;
}
