/*
 * emit_text.c: compiler-style text, one finding a line, then its notes
 * indented below it; suppressed findings are counted, not shown.
 */
#include "linter/linter.h"

#include <string.h>

/*
 * Text output is one record a line, read by editors, terminals and CI
 * problem matchers: a newline or another control character from the input
 * (a YAML block scalar, a file name, an ESC that a terminal would obey) is
 * shown escaped so that it cannot split a record or drive the terminal,
 * and invalid UTF-8 becomes U+FFFD, so the output is always valid UTF-8.
 */
void text_escape(struct sbuf *sb, const char *s)
{
	size_t n = strlen(s);
	uint32_t cp;

	for (size_t i = 0, k; i < n; i += k) {
		/* a run of printable ASCII, most of any text, is copied whole */
		for (k = 0; i + k < n && s[i + k] >= 0x20 && s[i + k] < 0x7f; k++)
			;
		if (k) {
			sbuf_add(sb, s + i, k);
			continue;
		}
		k = utf8_next(s + i, n - i, &cp);
		if (cp == '\n')
			sbuf_adds(sb, "\\n");
		else if (cp == '\t')
			sbuf_adds(sb, "\\t");
		else if (cp < 0x20 || cp == 0x7f)
			sbuf_addf(sb, "\\x%02x", (unsigned)cp);
		else if (cp >= 0x80 && cp < 0xa0)
			sbuf_addf(sb, "\\u%04x", (unsigned)cp); /* C1: CSI is 0x9b */
		else if (cp == UTF8_REPLACEMENT)
			sbuf_add_utf8(sb, cp);
		else
			sbuf_add(sb, s + i, k);
	}
}

void put_text(FILE *out, const char *s)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	text_escape(&sb, s);
	fputs(sb.buf, out);
	sbuf_release(&sb);
}

/* file:line:col, or file (resource) where no line is known (a plan
 * resource whose .tf block was not found). */
static void put_loc(FILE *out, const struct loc *l, const char *resource)
{
	if (!loc_file(l))
		return;
	put_text(out, loc_file(l));
	if (l->line) {
		fprintf(out, ":%u:%u: ", l->line, l->col ? l->col : 1);
	} else if (resource) {
		fputs(" (", out);
		put_text(out, resource);
		fputs("): ", out);
	} else {
		fputs(": ", out);
	}
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
		fprintf(out, "; %zu note%s on the inputs (on standard error)", run->notes.n,
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
