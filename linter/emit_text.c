/*
 * emit_text.c: compiler-style text, one finding a line, then its notes
 * indented below it; suppressed findings are counted, not shown.
 */
#include "linter/linter.h"

/*
 * Text output is one record a line, read by editors and CI problem
 * matchers; a newline or other control character from the input (a YAML
 * block scalar, a file name) is shown escaped so it cannot split a record.
 */
void put_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

/* file:line:col, or file (resource) where no line is known (a plan
 * resource whose .tf block was not found). */
static void put_loc(FILE *out, const struct loc *l, const char *resource)
{
	if (!l->file)
		return;
	put_text(out, l->file);
	if (l->line)
		fprintf(out, ":%u:%u: ", l->line, l->col ? l->col : 1);
	else if (resource)
		fprintf(out, " (%s): ", resource);
	else
		fputs(": ", out);
}

static void put_note(FILE *out, const char *label, const char *text)
{
	fputs(label, out);
	put_text(out, text);
	fputc('\n', out);
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void summary_line(FILE *out, const struct run *run)
{
	struct findings_summary sum;

	findings_summarise(&run->findings, &sum);
	if (sum.total == 0) {
		fprintf(out, "%s: no findings in %zu input%s", progname, run->world.ninputs,
			plural(run->world.ninputs));
	} else {
		fprintf(out, "%s: %zu error%s, %zu warning%s, %zu note%s", progname,
			sum.by_level[LEVEL_ERROR], plural(sum.by_level[LEVEL_ERROR]),
			sum.by_level[LEVEL_WARNING], plural(sum.by_level[LEVEL_WARNING]),
			sum.by_level[LEVEL_NOTE], plural(sum.by_level[LEVEL_NOTE]));
		if (sum.suppressed)
			fprintf(out, " (and %zu suppressed)", sum.suppressed);
		fprintf(out, " in %zu input%s", run->world.ninputs, plural(run->world.ninputs));
	}
	if (run->errs.n)
		fprintf(out, "; %zu error%s reading the inputs (on standard error)", run->errs.n,
			plural(run->errs.n));
	if (run->notes.n)
		fprintf(out, "; %zu file%s skipped (notes on standard error)", run->notes.n,
			plural(run->notes.n));
	fputc('\n', out);
}

int emit_text(FILE *out, const struct run *run)
{
	const struct findings *fs = &run->findings;

	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		const struct rule *r = &rule_table[f->rule];

		if (f->suppressed)
			continue;
		put_loc(out, &f->loc, f->resource);
		fprintf(out, "%s: ", level_name(f->level));
		put_text(out, f->message);
		fprintf(out, " [%s %s]\n", r->id, r->name);
		for (size_t j = 0; j < f->nrelated; j++) {
			fputs("  ", out);
			put_loc(out, &f->related[j].loc, f->related[j].resource);
			put_note(out, "note: ", f->related[j].message);
		}
		if (f->more_related)
			fprintf(out, "  note: and %zu more\n", f->more_related);
		if (f->scenario)
			put_note(out, "  note: ", f->scenario);
		for (size_t j = 0; j < f->nnotes; j++)
			put_note(out, "  note: ", f->notes[j]);
		if (f->hint)
			put_note(out, "  hint: ", f->hint);
	}
	summary_line(out, run);
	return ferror(out) ? -1 : 0;
}
