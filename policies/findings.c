/*
 * findings.c: the findings list.
 */
#include "policies/findings.h"

#include <stdlib.h>
#include <string.h>

void findings_init(struct findings *fs)
{
	memset(fs, 0, sizeof(*fs));
	arena_init(&fs->arena);
}

void findings_release(struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].related);
		free(fs->v[i].notes);
	}
	free(fs->v);
	arena_release(&fs->arena);
	memset(fs, 0, sizeof(*fs));
}

struct finding *findings_add(struct findings *fs)
{
	struct finding *f = VEC_PUSH(fs->v, fs->n, fs->cap);

	memset(f, 0, sizeof(*f));
	f->scen = ~(uint64_t)0;
	return f;
}

const char *findings_vtext(struct findings *fs, const char *fmt, va_list ap)
{
	struct sbuf sb;
	const char *text;

	sbuf_init(&sb, FINDING_TEXT_MAX);
	sbuf_vaddf_cut(&sb, fmt, ap);
	text = arena_strndup(&fs->arena, sb.buf, sb.len);
	sbuf_release(&sb);
	return text;
}

void finding_add_related(struct findings *fs, struct finding *f,
			 const struct loc *loc, const char *resource,
			 const char *cidr, const char *fmt, ...)
{
	struct related *r;
	va_list ap;

	if (!f)
		return;
	if (f->nrelated >= FINDING_MAX_RELATED) {
		f->more_related++;
		return;
	}
	r = VEC_PUSH(f->related, f->nrelated, f->caprelated);
	memset(r, 0, sizeof(*r));
	if (loc)
		r->loc = *loc;
	r->resource = resource;
	r->cidr = cidr ? arena_strdup(&fs->arena, cidr) : NULL;
	va_start(ap, fmt);
	r->message = findings_vtext(fs, fmt, ap);
	va_end(ap);
}

void finding_add_note(struct findings *fs, struct finding *f, const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	*VEC_PUSH(f->notes, f->nnotes, f->capnotes) = findings_vtext(fs, fmt, ap);
	va_end(ap);
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;

	if ((c = cmp_str(a->loc.file, b->loc.file)))
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	if ((c = cmp_str(a->message, b->message)))
		return c;
	if ((c = cmp_str(a->resource, b->resource)))
		return c;
	return cmp_str(a->scenario, b->scenario);
}

void findings_sort(struct findings *fs)
{
	if (fs->n)
		qsort(fs->v, fs->n, sizeof(*fs->v), finding_cmp);
}

void findings_summarise(const struct findings *fs, struct findings_summary *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < fs->n; i++) {
		out->total++;
		if (fs->v[i].suppressed)
			out->suppressed++;
		else
			out->by_level[fs->v[i].level]++;
	}
}
