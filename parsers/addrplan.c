/*
 * addrplan.c: the address-plan reader.  The format is documented in the
 * README and in parsers/cidrlint-plan.schema.json; this file is the
 * authority on what is accepted.
 */
#include "parsers/addrplan.h"
#include "parsers/doc.h"

#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define PLAN_MAX_BYTES (16u << 20)

struct reader {
	struct addr_plan *p;
	struct doc *d;
	struct errlist *errs;
	const char *buf; /* the plan's text, to place errors inside a scalar */
	size_t len;
	int failed;
};

static void perr(struct reader *r, const struct node *n, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
static void perr(struct reader *r, const struct node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(r->errs, r->p->file, n ? n->start.line : 0, n ? n->start.col : 0,
		     fmt, ap);
	va_end(ap);
	r->failed = 1;
}

static struct loc nloc(struct reader *r, const struct node *n)
{
	struct loc l = {.file = r->p->file, .line = n->start.line, .col = n->start.col,
			 .end_line = n->end.line, .end_col = n->end.col};
	return l;
}

/* Report a key that repeats an earlier one in the same mapping. */
static void no_repeated_keys(struct reader *r, const struct node *n, const char *what)
{
	for (size_t i = 0; i < n->n; i++) {
		const char *ks = node_text(node_key(n, i));
		for (size_t j = 0; ks && j < i; j++) {
			const char *prev = node_text(node_key(n, j));
			if (prev && strcmp(prev, ks) == 0) {
				perr(r, node_key(n, i), "duplicate key '%s' in %s (first at line %u)",
				     ks, what, node_key(n, j)->start.line);
				break;
			}
		}
	}
}

/* Check a mapping's keys against the allowed ones; report the others. */
static bool expect_map(struct reader *r, const struct node *n, const char *what,
		       const char *const *keys)
{
	if (!n || n->kind != NODE_MAP) {
		perr(r, n, "%s must be a mapping, not %s", what, node_kind_name(n));
		return false;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct node *k = node_key(n, i);
		const char *ks = node_text(k);
		bool ok = false;

		for (size_t j = 0; ks && keys[j]; j++)
			ok = ok || strcmp(ks, keys[j]) == 0;
		if (!ok) {
			struct sbuf sb;
			sbuf_init(&sb, 1024);
			for (size_t j = 0; keys[j]; j++)
				sbuf_addf(&sb, "%s%s", j ? ", " : "", keys[j]);
			perr(r, k, "unknown key '%s' in %s (expected one of: %s)",
			     ks ? ks : "?", what, sb.buf);
			sbuf_release(&sb);
		}
	}
	no_repeated_keys(r, n, what);
	return true;
}

static const char *expect_str(struct reader *r, const struct node *n, const char *what)
{
	const char *s = node_text(n);

	if (!n || n->kind != NODE_SCALAR || !s || node_is_null(n)) {
		perr(r, n, "%s must be a string, not %s", what, node_kind_name(n));
		return NULL;
	}
	return arena_strdup(&r->p->arena, s);
}

static bool expect_int(struct reader *r, const struct node *n, const char *what,
		       long long min, long long max, int *out)
{
	long long v;

	if (!n || node_int(n, &v)) {
		if (n && n->kind == NODE_SCALAR)
			perr(r, n, "%s must be a whole number, not '%s'", what, n->str);
		else
			perr(r, n, "%s must be a whole number, not %s", what, node_kind_name(n));
		return false;
	}
	if (v < min || v > max) {
		perr(r, n, "%s must be between %lld and %lld, not %lld", what, min, max, v);
		return false;
	}
	*out = (int)v;
	return true;
}

/* A list of strings (a lone string is taken as a list of one). */
static const char **expect_strs(struct reader *r, const struct node *n,
				const char *what, size_t *count)
{
	const char **v;

	*count = 0;
	if (n && n->kind == NODE_SCALAR && !node_is_null(n)) {
		v = arena_alloc(&r->p->arena, sizeof(*v));
		if ((v[0] = expect_str(r, n, what)))
			*count = 1;
		return v;
	}
	if (!n || n->kind != NODE_SEQ) {
		perr(r, n, "%s must be a list of strings, not %s", what, node_kind_name(n));
		return NULL;
	}
	v = arena_alloc(&r->p->arena, (n->n + 1) * sizeof(*v));
	for (size_t i = 0; i < n->n; i++)
		if ((v[*count] = expect_str(r, n->items[i], what)))
			(*count)++;
	return v;
}

static bool parse_range(struct reader *r, const struct node *n, const char *what,
			struct plan_range *out)
{
	const char *s = expect_str(r, n, what);
	struct cidr_error err;
	bool hb;
	char canon[CIDR_STRLEN];

	if (!s)
		return false;
	if (cidr_parse(s, &out->pfx, &hb, &err)) {
		perr(r, n, "%s '%s' is not a valid CIDR: %s", what, s, err.why);
		return false;
	}
	if (hb) {
		perr(r, n, "%s '%s' has host bits set; did you mean %s?", what, s,
		     cidr_format(&out->pfx, canon));
		return false;
	}
	out->text = s;
	out->loc = nloc(r, n);
	return true;
}

/*
 * The column of byte off of scalar n's value, or 0 when the value is not
 * written verbatim on one line (escapes, folding, block scalars): then
 * only the scalar's start and the offset can be given.
 */
static unsigned value_column(const struct reader *r, const struct node *n, size_t off)
{
	long at = text_offset(r->buf, r->len, n->start.line, n->start.col);
	bool quoted = n->style == STYLE_QUOTED;
	const char *raw;

	if (at < 0 || n->start.line != n->end.line ||
	    (n->style != STYLE_PLAIN && !quoted))
		return 0;
	raw = r->buf + at + quoted;
	/* verbatim: the value, then the closing quote of the opening kind */
	if ((size_t)at + 2 * quoted + n->len > r->len ||
	    memcmp(raw, n->str, n->len) != 0 || (quoted && raw[n->len] != raw[-1]))
		return 0;
	return n->start.col + quoted + (unsigned)utf8_count(raw, off < n->len ? off : n->len);
}

static void compile_regex(struct reader *r, const struct node *n, const char *what,
			  struct plan_regex *re)
{
	int code;
	size_t off;

	re->what = what;
	re->source = expect_str(r, n, what);
	if (!re->source)
		return;
	re->loc = nloc(r, n);
	/* subjects come from any input: invalid UTF-8 in one must not match,
	 * nor be an error */
	re->code = regex_compile(re->source, strlen(re->source),
				 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off);
	if (!re->code) {
		char msg[256];
		unsigned col = value_column(r, n, off);
		errlist_add(r->errs, r->p->file, n->start.line, col ? col : n->start.col,
			    "%s '%s' is not a valid regular expression: %s (at offset %zu)",
			    what, re->source, regex_error_text(code, msg, sizeof(msg)), off);
		r->failed = 1;
	}
}

static void parse_length_rule(struct reader *r, const struct node *n, const char *what,
			      int maxlen, int *min, int *max, struct loc *loc)
{
	static const char *const keys[] = {"min", "max", NULL};
	const struct node *v;
	char key[32];

	if (!expect_map(r, n, what, keys))
		return;
	*loc = nloc(r, n);

	if ((v = node_get(n, "min"))) {
		snprintf(key, sizeof(key), "%s.min", what);
		expect_int(r, v, key, 0, maxlen, min);
	}
	if ((v = node_get(n, "max"))) {
		snprintf(key, sizeof(key), "%s.max", what);
		expect_int(r, v, key, 0, maxlen, max);
	}
	if (*min >= 0 && *max >= 0 && *min > *max)
		perr(r, n, "%s: min /%d is greater than max /%d", what, *min, *max);
}

static void parse_match(struct reader *r, struct segment *s, const struct node *n)
{
	static const char *const keys[] = {"tags", "name", "files", "regions", "accounts", NULL};
	const struct node *v;

	if (!expect_map(r, n, "match", keys))
		return;
	s->has_match = true;
	s->match_loc = nloc(r, n);
	if ((v = node_get(n, "tags"))) {
		if (v->kind != NODE_MAP) {
			perr(r, v, "match.tags must be a mapping of tag names to values, not %s",
			     node_kind_name(v));
		} else {
			no_repeated_keys(r, v, "match.tags");
			s->tags = arena_alloc(&r->p->arena, (v->n + 1) * sizeof(*s->tags));
			for (size_t i = 0; i < v->n; i++) {
				const char *k = expect_str(r, node_key(v, i), "a tag name");
				const char *val = expect_str(r, node_val(v, i), "a tag value");
				if (k && val) {
					s->tags[s->ntags].key = k;
					s->tags[s->ntags++].value = val;
				}
			}
		}
	}
	if ((v = node_get(n, "name")))
		compile_regex(r, v, "match.name", &s->name_re);
	if ((v = node_get(n, "files"))) {
		s->files = expect_strs(r, v, "match.files", &s->nfiles);
		/* each '*' is a nesting level of the match (policies/plan.c) */
		for (size_t i = 0; i < s->nfiles; i++) {
			size_t stars = 0;
			for (const char *c = s->files[i]; *c; c++)
				stars += *c == '*';
			if (stars > GLOB_MAX_STARS)
				perr(r, v->kind == NODE_SEQ ? v->items[i] : v,
				     "match.files pattern has %zu '*', more than %d", stars,
				     GLOB_MAX_STARS);
		}
	}
	if ((v = node_get(n, "regions"))) {
		s->regions = expect_strs(r, v, "match.regions", &s->nregions);
		s->regions_loc = nloc(r, v);
	}
	if ((v = node_get(n, "accounts"))) {
		s->accounts = expect_strs(r, v, "match.accounts", &s->naccounts);
		s->accounts_loc = nloc(r, v);
		for (size_t i = 0; i < s->naccounts; i++) {
			const char *a = s->accounts[i];
			const struct node *at = v->kind == NODE_SEQ ? v->items[i] : v;
			if (strlen(a) != 12 || strspn(a, "0123456789") != 12)
				perr(r, at, "match.accounts: '%s' is not a 12-digit AWS account id", a);
		}
	}
}

static void parse_segment(struct reader *r, struct segment *s, const struct node *n)
{
	static const char *const keys[] = {"name", "cidrs", "prefix_length",
					   "ipv6_prefix_length", "match", "ipam_pools",
					   "isolated", NULL};
	const struct node *v;

	s->min_len = s->max_len = s->min_len6 = s->max_len6 = -1;
	if (!expect_map(r, n, "a segment", keys))
		return;
	s->loc = nloc(r, n);
	if (!(v = node_get(n, "name"))) {
		perr(r, n, "a segment needs a name");
	} else {
		s->name = expect_str(r, v, "segment name");
		s->name_loc = nloc(r, v);
	}
	if (!(v = node_get(n, "cidrs"))) {
		perr(r, n, "segment '%s' needs cidrs", s->name ? s->name : "?");
	} else if (v->kind != NODE_SEQ) {
		perr(r, v, "cidrs must be a list of CIDRs, not %s", node_kind_name(v));
	} else {
		s->cidrs = arena_alloc(&r->p->arena, (v->n + 1) * sizeof(*s->cidrs));
		for (size_t i = 0; i < v->n; i++)
			if (parse_range(r, v->items[i], "segment cidr", &s->cidrs[s->ncidrs]))
				s->ncidrs++;
	}
	if ((v = node_get(n, "prefix_length")))
		parse_length_rule(r, v, "prefix_length", 32, &s->min_len, &s->max_len, &s->len_loc);
	if ((v = node_get(n, "ipv6_prefix_length")))
		parse_length_rule(r, v, "ipv6_prefix_length", 128, &s->min_len6, &s->max_len6,
				  &s->len6_loc);
	if ((v = node_get(n, "match")))
		parse_match(r, s, v);
	if ((v = node_get(n, "ipam_pools"))) {
		s->ipam_pools = expect_strs(r, v, "ipam_pools", &s->npools);
		s->pools_loc = nloc(r, v);
	}
	if ((v = node_get(n, "isolated"))) {
		int b = node_bool(v);
		if (b < 0)
			perr(r, v, "isolated must be true or false, not '%s'",
			     node_text(v) ? node_text(v) : node_kind_name(v));
		s->isolated = b == 1;
	}
}

/* One segment range, for the overlap sweep. */
struct seg_range {
	const struct plan_range *pr;
	size_t seg, idx;                /* file order: segment, then range within it */
	const struct plan_range *other; /* an earlier range it overlaps, or NULL */
	size_t other_seg;
};

static bool seg_range_before(const struct seg_range *a, const struct seg_range *b)
{
	return a->seg != b->seg ? a->seg < b->seg : a->idx < b->idx;
}

static int seg_range_cmp_addr(const void *a, const void *b)
{
	const struct seg_range *x = a, *y = b;
	int c = cidr_cmp(&x->pr->pfx, &y->pr->pfx);

	if (c)
		return c;
	return seg_range_before(x, y) ? -1 : seg_range_before(y, x);
}

static int seg_range_cmp_file(const void *a, const void *b)
{
	const struct seg_range *x = a, *y = b;

	return seg_range_before(x, y) ? -1 : seg_range_before(y, x);
}

/*
 * Segments own disjoint space; two that overlap make ownership ambiguous.
 * Two prefixes overlap only when one contains the other, so after sorting
 * by address (shorter first, then file order) the ranges that contain a
 * range are exactly those still on a stack of nested ranges when it is
 * reached: O(n log n), not a pairwise loop.  Each range is paired with the
 * innermost range containing it, and the later of the two in the file
 * carries the error (the earlier one when the later already carries one);
 * so every range that overlaps another is named, and a plan gets at most
 * one error per range however many ranges nest.
 */
static void check_segment_overlaps(struct reader *r)
{
	struct addr_plan *p = r->p;
	struct seg_range *v, **stack;
	size_t n = 0, depth = 0, k = 0;
	struct strmap names;
	char a[CIDR_STRLEN], b[CIDR_STRLEN];

	for (size_t i = 0; i < p->nsegments; i++)
		n += p->segments[i].ncidrs;
	v = xcalloc(n + 1, sizeof(*v));
	stack = xcalloc(n + 1, sizeof(*stack));
	for (size_t i = 0; i < p->nsegments; i++)
		for (size_t j = 0; j < p->segments[i].ncidrs; j++, k++) {
			v[k].pr = &p->segments[i].cidrs[j];
			v[k].seg = i;
			v[k].idx = j;
		}
	qsort(v, n, sizeof(*v), seg_range_cmp_addr);
	for (size_t i = 0; i < n; i++) {
		while (depth && !cidr_contains(&stack[depth - 1]->pr->pfx, &v[i].pr->pfx))
			depth--;
		if (depth) {
			struct seg_range *x = &v[i], *outer = stack[depth - 1];
			struct seg_range *carrier = seg_range_before(outer, x) ? x : outer;
			struct seg_range *named = carrier == x ? outer : x;
			if (carrier->other) {
				struct seg_range *t = carrier;
				carrier = named;
				named = t;
			}
			if (!carrier->other) {
				carrier->other = named->pr;
				carrier->other_seg = named->seg;
			}
		}
		stack[depth++] = &v[i];
	}
	qsort(v, n, sizeof(*v), seg_range_cmp_file);

	strmap_init(&names);
	k = 0;
	for (size_t i = 0; i < p->nsegments; i++) {
		const struct segment *s = &p->segments[i];
		const struct segment *first;

		for (; k < n && v[k].seg == i; k++) {
			const struct plan_range *x = v[k].pr, *y = v[k].other;
			size_t oseg = v[k].other_seg;

			if (!y)
				continue;
			r->failed = 1;
			if (oseg == i) {
				errlist_add(r->errs, p->file, x->loc.line, x->loc.col,
					    "segment '%s' lists %s, which overlaps its own range %s (line %u); list each range once",
					    s->name ? s->name : "?", cidr_format(&x->pfx, a),
					    cidr_format(&y->pfx, b), y->loc.line);
				continue;
			}
			errlist_add(r->errs, p->file, x->loc.line, x->loc.col,
				    "segment '%s' range %s overlaps segment '%s' range %s (line %u); segments must not share space",
				    s->name ? s->name : "?", cidr_format(&x->pfx, a),
				    p->segments[oseg].name ? p->segments[oseg].name : "?",
				    cidr_format(&y->pfx, b), y->loc.line);
		}
		if (!s->name)
			continue;
		if ((first = strmap_get(&names, s->name))) {
			errlist_add(r->errs, p->file, s->name_loc.line, s->name_loc.col,
				    "duplicate segment name '%s' (first at line %u)", s->name,
				    first->name_loc.line);
			r->failed = 1;
		} else {
			strmap_put(&names, s->name, (void *)s);
		}
	}
	strmap_release(&names);
	free(stack);
	free(v);
}

static struct plan_range *parse_ranges(struct reader *r, const struct node *n,
				       const char *what, size_t *count)
{
	static const char *const keys[] = {"cidr", "reason", NULL};
	struct plan_range *v;

	*count = 0;
	if (n->kind != NODE_SEQ) {
		perr(r, n, "%s must be a list, not %s", what, node_kind_name(n));
		return NULL;
	}
	v = arena_alloc(&r->p->arena, (n->n + 1) * sizeof(*v));
	for (size_t i = 0; i < n->n; i++) {
		const struct node *it = n->items[i], *c;
		if (it->kind == NODE_SCALAR) {
			if (parse_range(r, it, what, &v[*count]))
				(*count)++;
			continue;
		}
		if (!expect_map(r, it, what, keys))
			continue;
		if (!(c = node_get(it, "cidr"))) {
			perr(r, it, "an entry of %s needs a cidr", what);
			continue;
		}
		if (!parse_range(r, c, what, &v[*count]))
			continue;
		if ((c = node_get(it, "reason")))
			v[*count].reason = expect_str(r, c, "reason");
		(*count)++;
	}
	return v;
}

static void parse_waiver(struct reader *r, struct waiver *w, const struct node *n)
{
	static const char *const keys[] = {"rule", "resource", "cidr", "reason", "expires", NULL};
	const struct node *v;

	w->expires_day = LONG_MAX;
	if (!expect_map(r, n, "a waiver", keys))
		return;
	w->loc = nloc(r, n);
	if (!(v = node_get(n, "rule")))
		perr(r, n, "a waiver needs a rule");
	else
		w->rule = expect_str(r, v, "waiver rule");
	if (!(v = node_get(n, "reason")))
		perr(r, n, "a waiver needs a reason (say why the finding is accepted)");
	else
		w->reason = expect_str(r, v, "waiver reason");
	if ((v = node_get(n, "resource")))
		compile_regex(r, v, "waiver resource", &w->resource);
	if ((v = node_get(n, "cidr"))) {
		struct plan_range pr;
		char canon[CIDR_STRLEN];
		if (parse_range(r, v, "waiver cidr", &pr))
			w->cidr = arena_strdup(&r->p->arena, cidr_format(&pr.pfx, canon));
	}
	if ((v = node_get(n, "expires"))) {
		w->expires = expect_str(r, v, "waiver expires");
		if (w->expires && (w->expires_day = date_to_days(w->expires)) < 0)
			perr(r, v, "waiver expires '%s' is not a date (YYYY-MM-DD)", w->expires);
	}
}

static void parse_overrides(struct reader *r, const struct node *n)
{
	struct addr_plan *p = r->p;

	if (n->kind != NODE_MAP) {
		perr(r, n, "rules must be a mapping of rule ids to levels, not %s", node_kind_name(n));
		return;
	}
	p->overrides = arena_alloc(&p->arena, (n->n + 1) * sizeof(*p->overrides));
	for (size_t i = 0; i < n->n; i++) {
		const char *id = expect_str(r, node_key(n, i), "a rule id");
		const struct node *lv = node_val(n, i);
		struct plan_override *o = &p->overrides[p->noverrides];
		const char *ls = node_text(lv);

		if (!id)
			continue;
		/* YAML 1.1 reads a bare off as false */
		if (node_bool(lv) == 0)
			ls = "off";
		if (level_parse(ls, &o->level)) {
			perr(r, lv, "level of rule '%s' must be error, warning, note or off", id);
			continue;
		}
		o->rule = id;
		o->loc = nloc(r, node_key(n, i));
		p->noverrides++;
	}
}

static void parse_root(struct reader *r, const struct node *root)
{
	static const char *const keys[] = {"version", "quotas", "segments", "reserved",
					   "public", "rules", "waivers", "context", "exclude", NULL};
	static const char *const qkeys[] = {"ipv4_per_vpc", "ipv6_per_vpc", NULL};
	struct addr_plan *p = r->p;
	const struct node *v;
	long long version;

	if (!expect_map(r, root, "the address plan", keys))
		return;
	if (!(v = node_get(root, "version")))
		perr(r, root, "the address plan needs 'version: 1'");
	else if (node_int(v, &version))
		expect_int(r, v, "version", 1, 1, &(int){0}); /* says why */
	else if (version != 1)
		perr(r, v, "address-plan version %lld is not supported; this cidrlint reads version 1",
		     version);
	if ((v = node_get(root, "quotas")) && expect_map(r, v, "quotas", qkeys)) {
		const struct node *q;
		if ((q = node_get(v, "ipv4_per_vpc")))
			expect_int(r, q, "quotas.ipv4_per_vpc", 1, PLAN_MAX_QUOTA, &p->ipv4_quota);
		if ((q = node_get(v, "ipv6_per_vpc")))
			expect_int(r, q, "quotas.ipv6_per_vpc", 1, PLAN_MAX_QUOTA, &p->ipv6_quota);
	}
	if ((v = node_get(root, "segments"))) {
		if (v->kind != NODE_SEQ) {
			perr(r, v, "segments must be a list, not %s", node_kind_name(v));
		} else {
			p->segments = arena_alloc(&p->arena, (v->n + 1) * sizeof(*p->segments));
			for (size_t i = 0; i < v->n; i++)
				parse_segment(r, &p->segments[p->nsegments++], v->items[i]);
			check_segment_overlaps(r);
		}
	}
	if ((v = node_get(root, "reserved")))
		p->reserved = parse_ranges(r, v, "reserved", &p->nreserved);
	if ((v = node_get(root, "public")))
		p->public_ranges = parse_ranges(r, v, "public", &p->npublic);
	if ((v = node_get(root, "rules")))
		parse_overrides(r, v);
	if ((v = node_get(root, "waivers"))) {
		if (v->kind != NODE_SEQ) {
			perr(r, v, "waivers must be a list, not %s", node_kind_name(v));
		} else {
			p->waivers = arena_alloc(&p->arena, (v->n + 1) * sizeof(*p->waivers));
			for (size_t i = 0; i < v->n; i++)
				parse_waiver(r, &p->waivers[p->nwaivers++], v->items[i]);
		}
	}
	if ((v = node_get(root, "context")))
		p->context = expect_strs(r, v, "context", &p->ncontext);
	if ((v = node_get(root, "exclude")))
		p->excludes = expect_strs(r, v, "exclude", &p->nexcludes);
}

struct addr_plan *addrplan_parse(const char *path, const char *buf, size_t len,
				 struct errlist *errs)
{
	struct reader r = {.p = plan_new(path), .errs = errs, .buf = buf, .len = len};
	struct doc d;
	const char *slash;

	slash = strrchr(r.p->file, '/');
	r.p->dir = slash ? arena_strndup(&r.p->arena, r.p->file, (size_t)(slash - r.p->file)) : ".";
	doc_init(&d, r.p->file);
	r.d = &d;
	if (doc_read_yaml(&d, buf, len, NULL, errs)) {
		r.failed = 1;
	} else if (!d.root) {
		errlist_add(errs, r.p->file, 1, 1, "the address plan is empty");
		r.failed = 1;
	} else {
		parse_root(&r, d.root);
	}
	doc_release(&d);
	if (r.failed) {
		plan_free(r.p);
		return NULL;
	}
	return r.p;
}

struct addr_plan *addrplan_load(const char *path, struct errlist *errs)
{
	const char *why;
	size_t len;
	char *buf = file_read_all(path, PLAN_MAX_BYTES, &len, &why);
	struct addr_plan *p;

	if (!buf) {
		errlist_add(errs, path, 0, 0, "cannot read the address plan: %s", why);
		return NULL;
	}
	p = addrplan_parse(path, buf, len, errs);
	free(buf);
	return p;
}
