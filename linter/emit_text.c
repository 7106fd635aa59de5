/*
 * emit_text.c: compiler-style text, one finding a line, then its notes
 * indented below it; suppressed findings are counted, not shown.
 */
#include "linter/linter.h"

/* file:line:col, or file (resource) where no line is known (a plan
 * resource whose .tf block was not found). */
static void put_loc(FILE *out, const struct loc *l, const char *resource)
{
	if (l->file && l->line)
		fprintf(out, "%s:%u:%u: ", l->file, l->line, l->col ? l->col : 1);
	else if (l->file && resource)
		fprintf(out, "%s (%s): ", l->file, resource);
	else if (l->file)
		fprintf(out, "%s: ", l->file);
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
		fprintf(out, "%s: %s [%s %s]\n", level_name(f->level), f->message, r->id, r->name);
		for (size_t j = 0; j < f->nrelated; j++) {
			fputs("  ", out);
			put_loc(out, &f->related[j].loc, f->related[j].resource);
			fprintf(out, "note: %s\n", f->related[j].message);
		}
		if (f->more_related)
			fprintf(out, "  note: and %zu more\n", f->more_related);
		if (f->scenario)
			fprintf(out, "  note: %s\n", f->scenario);
		for (size_t j = 0; j < f->nnotes; j++)
			fprintf(out, "  note: %s\n", f->notes[j]);
		if (f->hint)
			fprintf(out, "  hint: %s\n", f->hint);
	}
	summary_line(out, run);
	return ferror(out) ? -1 : 0;
}
