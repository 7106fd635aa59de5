/*
 * emit_github.c: GitHub Actions workflow commands (-f github), so that a
 * workflow step shows each finding as an annotation on its file and line:
 *
 *   ::error file=stacks/a.yaml,line=19,col=18,title=CIDR301 vpc-overlap::message
 *
 * One command per unsuppressed finding (error, warning, notice), input
 * errors first.  GitHub shows at most 10 annotations of each level per
 * step and drops the rest silently, so past 10 a plain line says how many
 * were left out; the text summary line ends the output.
 */
#include "linter/linter.h"

#include <stdlib.h>
#include <string.h>

/* GitHub: "10 warning annotations, 10 error annotations, and 10 notice
 * annotations per step". */
#define GH_MAX_PER_LEVEL 10

struct gh {
	FILE *out;
	const struct run *run;
	struct strmap paths;   /* file as in struct loc -> root-relative path or "" */
	char **owned;
	size_t nowned, capowned;
	size_t shown[4];       /* annotations written, by enum level */
	size_t hidden[4];      /* annotations left out, by enum level */
};

/*
 * GitHub's escaping: in a command's message '%', CR and LF; in a property
 * value also ':' and ',', which separate properties.  Text from the input
 * has been through text_escape() already (so ESC, BEL and the input's own
 * line breaks are shown, not obeyed): a CR or LF here is one of ours.
 */
static void put_escaped(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

/*
 * The path GitHub resolves against the workspace (the repository root),
 * or "" for a file outside the source root, which no annotation can
 * point at.  One realpath() per file, not per finding.
 */
static const char *gh_path(struct gh *g, const char *file)
{
	const char *cached = strmap_get(&g->paths, file);
	char *abs, *rel;
	size_t n;

	if (cached)
		return cached;
	abs = realpath(file, NULL);
	n = strlen(g->run->root);
	if (abs && (strcmp(g->run->root, "/") == 0 ||
		    (strncmp(abs, g->run->root, n) == 0 && abs[n] == '/')))
		rel = path_relative(g->run, file);
	else
		rel = xstrdup("");
	free(abs);
	*VEC_PUSH(g->owned, g->nowned, g->capowned) = rel;
	strmap_put(&g->paths, file, rel);
	return rel;
}

static const char *command_name(enum level l)
{
	return l == LEVEL_ERROR ? "error" : l == LEVEL_WARNING ? "warning" : "notice";
}

/* Count the annotation against its level's budget; false when over it. */
static bool gh_budget(struct gh *g, enum level l)
{
	if (g->shown[l] >= GH_MAX_PER_LEVEL) {
		g->hidden[l]++;
		return false;
	}
	g->shown[l]++;
	return true;
}

/* "::error file=F,line=L,col=C,title=T::" for a place, with what is known. */
static void put_command(struct gh *g, enum level l, const char *file, unsigned line,
			unsigned col, const char *title, struct sbuf *msg)
{
	const char *path = file ? gh_path(g, file) : "";
	const char *sep = " ";

	fprintf(g->out, "::%s", command_name(l));
	if (path[0]) {
		struct sbuf p;

		sbuf_init(&p, 0);
		text_escape(&p, path);
		fputs(" file=", g->out);
		put_escaped(g->out, p.buf, true);
		sbuf_release(&p);
		sep = ",";
		if (line)
			fprintf(g->out, ",line=%u,col=%u", line, col ? col : 1);
	} else if (file) {
		/* outside the root: the place goes into the message instead */
		struct sbuf where;
		sbuf_init(&where, 0);
		text_escape(&where, file);
		if (line)
			sbuf_addf(&where, ":%u:%u: %s", line, col ? col : 1, msg->buf);
		else
			sbuf_addf(&where, ": %s", msg->buf);
		sbuf_reset(msg);
		sbuf_add(msg, where.buf, where.len);
		sbuf_release(&where);
	}
	fputs(sep, g->out);
	fputs("title=", g->out);
	put_escaped(g->out, title, true); /* a rule id and name: ours */
	fputs("::", g->out);
	put_escaped(g->out, msg->buf, false);
	fputc('\n', g->out);
}

/* The place of a related location, in the text format's shape. */
static void add_place(struct gh *g, struct sbuf *sb, const struct loc *l, const char *resource)
{
	const char *path;

	if (!loc_file(l))
		return;
	path = gh_path(g, loc_file(l));
	if (!path[0])
		path = loc_file(l);
	text_escape(sb, path);
	if (l->line) {
		sbuf_addf(sb, ":%u:%u: ", l->line, l->col ? l->col : 1);
	} else if (resource) {
		sbuf_adds(sb, " (");
		text_escape(sb, resource);
		sbuf_adds(sb, "): ");
	} else {
		sbuf_adds(sb, ": ");
	}
}

static void put_finding(struct gh *g, const struct finding *f)
{
	const struct rule *r = &rule_table[f->rule];
	struct sbuf msg;
	char *title;

	if (!gh_budget(g, f->level))
		return;
	sbuf_init(&msg, (size_t)1 << 20);
	text_escape(&msg, f->message);
	/* with no line the annotation sits on the file: name the resource */
	if (!f->loc.line && f->resource && !strstr(f->message, f->resource)) {
		sbuf_adds(&msg, " (resource ");
		text_escape(&msg, f->resource);
		sbuf_addch(&msg, ')');
	}
	/* the rest as the text format writes it, one line each */
	for (size_t i = 0; i < f->nrelated; i++) {
		sbuf_adds(&msg, "\n");
		add_place(g, &msg, &f->related[i].loc, f->related[i].resource);
		sbuf_adds(&msg, "note: ");
		text_escape(&msg, f->related[i].message);
	}
	if (f->more_related)
		sbuf_addf(&msg, "\nnote: and %zu more", f->more_related);
	if (f->scenario) {
		sbuf_adds(&msg, "\nnote: ");
		text_escape(&msg, f->scenario);
	}
	for (size_t i = 0; i < f->nnotes; i++) {
		sbuf_adds(&msg, "\nnote: ");
		text_escape(&msg, f->notes[i]);
	}
	if (f->hint) {
		sbuf_adds(&msg, "\nhint: ");
		text_escape(&msg, f->hint);
	}
	title = xasprintf("%s %s", r->id, r->name);
	put_command(g, f->level, loc_file(&f->loc), f->loc.line, f->loc.col, title, &msg);
	free(title);
	sbuf_release(&msg);
}

static void put_input_error(struct gh *g, const struct input_error *e, enum level l)
{
	struct sbuf msg;

	if (!gh_budget(g, l))
		return;
	sbuf_init(&msg, (size_t)1 << 20);
	text_escape(&msg, e->msg);
	put_command(g, l, e->file && e->file[0] ? e->file : NULL, e->line, e->col,
		    l == LEVEL_ERROR ? "cidrlint input error" : "cidrlint skipped an input", &msg);
	sbuf_release(&msg);
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

int emit_github(FILE *out, const struct run *run)
{
	static const char *const names[] = {
		[LEVEL_ERROR] = "error", [LEVEL_WARNING] = "warning", [LEVEL_NOTE] = "note"};
	static const enum level order[] = {LEVEL_ERROR, LEVEL_WARNING, LEVEL_NOTE};
	const struct findings *fs = &run->findings;
	struct gh g;

	memset(&g, 0, sizeof(g));
	g.out = out;
	g.run = run;
	strmap_init(&g.paths);
	for (size_t i = 0; i < run->errs.n; i++)
		put_input_error(&g, &run->errs.v[i], LEVEL_ERROR);
	for (size_t i = 0; i < run->notes.n; i++)
		put_input_error(&g, &run->notes.v[i], LEVEL_NOTE);
	for (size_t i = 0; i < fs->n; i++)
		if (!fs->v[i].suppressed)
			put_finding(&g, &fs->v[i]);
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (g.hidden[order[i]])
			fprintf(out, "%s: %zu more %s%s not annotated; see the full report\n",
				progname, g.hidden[order[i]], names[order[i]],
				plural(g.hidden[order[i]]));

	/* the same summary line as the text format */
	summary_line(out, run);
	for (size_t i = 0; i < g.nowned; i++)
		free(g.owned[i]);
	free(g.owned);
	strmap_release(&g.paths);
	return ferror(out) ? -1 : 0;
}
