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

/* loc_cmp(), then the end of the span. */
static int span_cmp(const struct loc *a, const struct loc *b)
{
	int c = loc_cmp(a, b);

	if (c)
		return c;
	if (a->end_line != b->end_line)
		return a->end_line < b->end_line ? -1 : 1;
	return a->end_col < b->end_col ? -1 : a->end_col > b->end_col;
}

/* By place, rule and message, then everything else a report shows, so
 * that two findings a reader cannot tell apart sort next to each other. */
static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;

	if ((c = span_cmp(&a->loc, &b->loc)))
		return c;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	if ((c = cmp_str(a->message, b->message)))
		return c;
	if ((c = cmp_str(a->resource, b->resource)))
		return c;
	if ((c = cmp_str(a->scenario, b->scenario)))
		return c;
	if (a->level != b->level)
		return a->level < b->level ? -1 : 1;
	if ((c = cmp_str(a->resource_type, b->resource_type)) || (c = cmp_str(a->cidr, b->cidr)) ||
	    (c = cmp_str(a->hint, b->hint)))
		return c;
	if (a->has_fix != b->has_fix)
		return a->has_fix ? 1 : -1;
	if (a->has_fix && (c = cidr_cmp(&a->fix, &b->fix)))
		return c;
	if (a->suppressed != b->suppressed)
		return a->suppressed < b->suppressed ? -1 : 1;
	if ((c = cmp_str(a->suppress_reason, b->suppress_reason)))
		return c;
	if (a->nrelated != b->nrelated)
		return a->nrelated < b->nrelated ? -1 : 1;
	for (size_t i = 0; i < a->nrelated; i++) {
		const struct related *x = &a->related[i], *y = &b->related[i];
		if ((c = span_cmp(&x->loc, &y->loc)) || (c = cmp_str(x->message, y->message)) ||
		    (c = cmp_str(x->resource, y->resource)) || (c = cmp_str(x->cidr, y->cidr)))
			return c;
	}
	if (a->more_related != b->more_related)
		return a->more_related < b->more_related ? -1 : 1;
	if (a->nnotes != b->nnotes)
		return a->nnotes < b->nnotes ? -1 : 1;
	for (size_t i = 0; i < a->nnotes; i++)
		if ((c = cmp_str(a->notes[i], b->notes[i])))
			return c;
	return 0;
}

/*
 * Sort, and keep one of findings that no report could tell apart: the
 * same module called by several roots of a walk (examples/a, examples/b)
 * says the same thing at the same place once per root, which is noise.
 */
void findings_sort(struct findings *fs)
{
	size_t k = 0;

	if (!fs->n)
		return;
	qsort(fs->v, fs->n, sizeof(*fs->v), finding_cmp);
	for (size_t i = 0; i < fs->n; i++) {
		if (k && finding_cmp(&fs->v[k - 1], &fs->v[i]) == 0) {
			free(fs->v[i].related);
			free(fs->v[i].notes);
			continue;
		}
		if (k != i)
			fs->v[k] = fs->v[i];
		k++;
	}
	fs->n = k;
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
