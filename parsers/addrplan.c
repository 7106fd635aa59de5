/*
 * addrplan.c: the address-plan reader.  The format is documented in the
 * README and in parsers/cidrlint-plan.schema.json; this file is the
 * authority on what is accepted.
 */
#include "parsers/addrplan.h"
#include "parsers/doc.h"
#include "parsers/jsonscan.h"

#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define PLAN_MAX_BYTES (16u << 20)

struct reader {
	struct addr_plan *p;
	const char *file; /* the file being read: the plan, or an IPAM export */
	struct loc_srcs srcs; /* its locs' files, in the plan's arena */
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
	errlist_vadd(r->errs, r->file, n ? n->start.line : 0, n ? n->start.col : 0, fmt, ap);
	va_end(ap);
	r->failed = 1;
}

static struct loc nloc(struct reader *r, const struct node *n)
{
	struct loc l = {.src = loc_src(&r->srcs, r->file, NULL), .line = n->start.line,
			 .col = n->start.col,
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

/* A true/false key of a segment. */
static bool segment_flag(struct reader *r, const struct node *v, const char *key)
{
	int b = node_bool(v);

	if (b < 0)
		perr(r, v, "%s must be true or false, not '%s'", key,
		     node_text(v) ? node_text(v) : node_kind_name(v));
	return b == 1;
}

static void parse_segment(struct reader *r, struct segment *s, const struct node *n)
{
	static const char *const keys[] = {"name", "cidrs", "prefix_length",
					   "ipv6_prefix_length", "match", "ipam_pools",
					   "isolated", "routed_to_onprem", NULL};
	const struct node *v;

	s->min_len = s->max_len = s->min_len6 = s->max_len6 = -1;
	s->default_len = s->default_len6 = -1;
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
	if ((v = node_get(n, "isolated")))
		s->isolated = segment_flag(r, v, "isolated");
	if ((v = node_get(n, "routed_to_onprem"))) {
		s->routed_to_onprem = segment_flag(r, v, "routed_to_onprem");
		s->onprem_loc = nloc(r, v);
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
				errlist_add(r->errs, loc_file(&x->loc), x->loc.line, x->loc.col,
					    "segment '%s' lists %s, which overlaps its own range %s (line %u); list each range once",
					    s->name ? s->name : "?", cidr_format(&x->pfx, a),
					    cidr_format(&y->pfx, b), y->loc.line);
				continue;
			}
			errlist_add(r->errs, loc_file(&x->loc), x->loc.line, x->loc.col,
				    "segment '%s' range %s overlaps segment '%s' range %s (line %u); segments must not share space",
				    s->name ? s->name : "?", cidr_format(&x->pfx, a),
				    p->segments[oseg].name ? p->segments[oseg].name : "?",
				    cidr_format(&y->pfx, b), y->loc.line);
		}
		if (!s->name)
			continue;
		if ((first = strmap_get(&names, s->name))) {
			errlist_add(r->errs, loc_file(&s->name_loc), s->name_loc.line, s->name_loc.col,
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
	static const char *const reserved_keys[] = {"cidr", "reason", "via", NULL};
	bool reserved = !strcmp(what, "reserved");
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
		if (!expect_map(r, it, what, reserved ? reserved_keys : keys))
			continue;
		if (!(c = node_get(it, "cidr"))) {
			perr(r, it, "an entry of %s needs a cidr", what);
			continue;
		}
		if (!parse_range(r, c, what, &v[*count]))
			continue;
		if ((c = node_get(it, "reason")))
			v[*count].reason = expect_str(r, c, "reason");
		if (reserved && (c = node_get(it, "via"))) {
			const char *via = expect_str(r, c, "via");
			if (str_eq(via, "vpn"))
				v[*count].via = VIA_VPN;
			else if (str_eq(via, "direct-connect"))
				v[*count].via = VIA_DX;
			else if (str_eq(via, "other"))
				v[*count].via = VIA_OTHER;
			else if (via)
				perr(r, c, "via must be vpn, direct-connect or other, not '%s'", via);
		}
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

/* --- AWS VPC IPAM pools as segments ---------------------------------- */

/* One pool of the IPAM exports read. */
struct ipam_pool {
	const struct node *n;
	const char *file;         /* the export it was read from */
	const char *id;
	bool source;              /* another pool's SourceIpamPoolId: not a segment */
	struct plan_range *cidrs; /* its allocations from its source pool */
	size_t ncidrs, capcidrs;
};

struct ipam_read {
	struct ipam_pool *pools;
	size_t n, cap;
	struct strmap ids;        /* IpamPoolId -> index + 1 */
	struct doc *docs;
	size_t ndocs;
};

/* How many entries an export's list named what has: 0, after an error,
 * when it is no list. */
static size_t ipam_list(struct reader *r, const struct node *list, const char *what)
{
	if (list->kind == NODE_SEQ)
		return list->n;
	perr(r, list, "%s must be a list, not %s", what, node_kind_name(list));
	return 0;
}

/* Entry i of such a list when it is an object; NULL after an error. */
static const struct node *ipam_entry(struct reader *r, const struct node *list, size_t i,
				     const char *what)
{
	const struct node *n = list->items[i];

	if (n->kind == NODE_MAP)
		return n;
	perr(r, n, "each entry of %s must be an object, not %s", what, node_kind_name(n));
	return NULL;
}

static void ipam_add_pools(struct reader *r, struct ipam_read *ir, const struct node *list)
{
	size_t n_items = ipam_list(r, list, "IpamPools");

	for (size_t i = 0; i < n_items; i++) {
		const struct node *n = ipam_entry(r, list, i, "IpamPools"), *id;
		struct ipam_pool *pl;

		if (!n)
			continue;
		if (!(id = node_get(n, "IpamPoolId"))) {
			perr(r, n, "an IPAM pool without IpamPoolId");
			continue;
		}
		pl = VEC_PUSH(ir->pools, ir->n, ir->cap);
		memset(pl, 0, sizeof(*pl));
		pl->n = n;
		pl->file = r->file;
		if (!(pl->id = expect_str(r, id, "IpamPoolId"))) {
			ir->n--;
			continue;
		}
		if (strmap_get(&ir->ids, pl->id)) {
			perr(r, id, "IPAM pool '%s' is listed twice", pl->id);
			ir->n--;
			continue;
		}
		strmap_put(&ir->ids, pl->id, (void *)(uintptr_t)ir->n);
	}
}

/* get-ipam-pool-allocations of a parent pool: its allocations to child
 * pools (ResourceType ipam-pool) are the child pools' CIDRs; allocations
 * to VPCs and others are what IPAM resource CIDRs show. */
static void ipam_add_allocations(struct reader *r, struct ipam_read *ir, const struct node *list)
{
	size_t n_items = ipam_list(r, list, "IpamPoolAllocations");

	for (size_t i = 0; i < n_items; i++) {
		const struct node *n = ipam_entry(r, list, i, "IpamPoolAllocations"), *c;
		const char *type, *rid;
		uintptr_t k;
		struct ipam_pool *pl;

		if (!n)
			continue;
		type = node_text(node_get(n, "ResourceType"));
		rid = node_text(node_get(n, "ResourceId"));
		if (!type || strcmp(type, "ipam-pool") != 0 || !rid)
			continue;
		if (!(k = (uintptr_t)strmap_get(&ir->ids, rid))) {
			perr(r, n, "allocation to IPAM pool '%s', which no IpamPools list read holds "
				   "(add its describe-ipam-pools output)", rid);
			continue;
		}
		if (!(c = node_get(n, "Cidr"))) {
			perr(r, n, "an allocation to IPAM pool '%s' without Cidr", rid);
			continue;
		}
		pl = &ir->pools[k - 1];
		if (!parse_range(r, c, "allocation cidr", VEC_PUSH(pl->cidrs, pl->ncidrs, pl->capcidrs)))
			pl->ncidrs--;
	}
}

/* Read one IPAM export: its text at path, or the plan's own tree. */
static void ipam_read_export(struct reader *r, struct ipam_read *ir, const struct node *root)
{
	const struct node *v;
	bool any = false;

	if (!root || root->kind != NODE_MAP) {
		perr(r, root, "an IPAM export must be a JSON object holding IpamPools or "
			      "IpamPoolAllocations");
		return;
	}
	if ((v = node_get(root, "IpamPools"))) {
		ipam_add_pools(r, ir, v);
		any = true;
	}
	if ((v = node_get(root, "IpamPoolAllocations"))) {
		/* after every export's pools: see ipam_segments */
		any = true;
	}
	if (!any)
		perr(r, root, "an IPAM export must hold IpamPools (aws ec2 describe-ipam-pools) or "
			      "IpamPoolAllocations (aws ec2 get-ipam-pool-allocations)");
}

static struct node *ipam_load(struct reader *r, struct ipam_read *ir, const char *rel)
{
	struct addr_plan *p = r->p;
	char *path = rel[0] == '/' || !strcmp(p->dir, ".") ? xstrdup(rel)
							    : xasprintf("%s/%s", p->dir, rel);
	const char *why;
	size_t len;
	char *buf = file_read_all(path, PLAN_MAX_BYTES, &len, &why), *owned = NULL;
	struct doc *d = &ir->docs[ir->ndocs];
	const char *text = NULL;
	enum text_encoding enc;
	unsigned line = 0, col = 0;
	int rc;

	r->file = arena_strdup(&p->arena, path);
	free(path);
	/* PowerShell's `aws ec2 describe-ipam-pools > pools.json` is UTF-16 */
	if (buf && !(text = text_decode(buf, len, PLAN_MAX_BYTES, &len, &owned, &enc, &line, &col,
					&why)))
		free(buf);
	if (!text) {
		errlist_add(r->errs, r->file, line, col, "cannot read the IPAM export: %s", why);
		r->failed = 1;
		return NULL;
	}
	doc_init(d, r->file);
	ir->ndocs++;
	rc = doc_read_json(d, text, len, NULL, r->errs);
	free(owned);
	free(buf);
	if (rc) {
		r->failed = 1;
		return NULL;
	}
	return d->root;
}

/* The allocation rule of a pool: AllocationMin/MaxNetmaskLength. */
static void ipam_rule(struct reader *r, struct segment *s, const struct ipam_pool *pl, bool v6)
{
	const struct node *min = node_get(pl->n, "AllocationMinNetmaskLength");
	const struct node *max = node_get(pl->n, "AllocationMaxNetmaskLength");
	const struct node *def = node_get(pl->n, "AllocationDefaultNetmaskLength");
	int *lo = v6 ? &s->min_len6 : &s->min_len, *hi = v6 ? &s->max_len6 : &s->max_len;
	int *dl = v6 ? &s->default_len6 : &s->default_len;
	int bits = v6 ? 128 : 32;

	if (min)
		expect_int(r, min, "AllocationMinNetmaskLength", 0, bits, lo);
	if (max)
		expect_int(r, max, "AllocationMaxNetmaskLength", 0, bits, hi);
	if (def)
		expect_int(r, def, "AllocationDefaultNetmaskLength", 0, bits, dl);
	*(v6 ? &s->len6_loc : &s->len_loc) = nloc(r, min ? min : max ? max : pl->n);
	if (*lo >= 0 && *hi >= 0 && *lo > *hi)
		perr(r, min, "IPAM pool '%s': AllocationMinNetmaskLength /%d is greater than "
			     "AllocationMaxNetmaskLength /%d", pl->id, *lo, *hi);
	/* IPAM refuses such a pool; an export edited by hand is told */
	if (*dl >= 0 && ((*lo >= 0 && *dl < *lo) || (*hi >= 0 && *dl > *hi)))
		perr(r, def, "IPAM pool '%s': AllocationDefaultNetmaskLength /%d is outside its "
			     "allocation rule", pl->id, *dl);
}

/* A pool as a segment (see the README's mapping). */
static void ipam_segment(struct reader *r, struct segment *s, const struct ipam_pool *pl)
{
	const struct node *v;
	const char *family = node_text(node_get(pl->n, "AddressFamily"));
	const char *locale = node_text(node_get(pl->n, "Locale"));

	r->file = pl->file;
	memset(s, 0, sizeof(*s));
	s->min_len = s->max_len = s->min_len6 = s->max_len6 = -1;
	s->default_len = s->default_len6 = -1;
	s->ipam = true;
	s->name = pl->id;
	s->loc = nloc(r, pl->n);
	s->name_loc = nloc(r, node_get(pl->n, "IpamPoolId"));
	s->cidrs = pl->cidrs ? arena_memdup(&r->p->arena, pl->cidrs, pl->ncidrs * sizeof(*pl->cidrs))
			     : NULL;
	s->ncidrs = pl->ncidrs;
	ipam_rule(r, s, pl, family && strcmp(family, "ipv6") == 0);
	s->ipam_pools = arena_alloc(&r->p->arena, sizeof(*s->ipam_pools));
	s->ipam_pools[0] = pl->id;
	s->npools = 1;
	s->pools_loc = s->name_loc;
	/* "None" is how the CLI prints a pool without a locale */
	if (locale && strcmp(locale, "None") != 0) {
		s->regions = arena_alloc(&r->p->arena, sizeof(*s->regions));
		s->regions[0] = arena_strdup(&r->p->arena, locale);
		s->nregions = 1;
		s->regions_loc = nloc(r, node_get(pl->n, "Locale"));
	}
	if ((v = node_get(pl->n, "AllocationResourceTags")) && v->kind == NODE_SEQ && v->n) {
		s->tags = arena_alloc(&r->p->arena, v->n * sizeof(*s->tags));
		for (size_t i = 0; i < v->n; i++) {
			const char *k = node_text(node_get(v->items[i], "Key"));
			const char *val = node_text(node_get(v->items[i], "Value"));
			if (!k || !val) {
				perr(r, v->items[i], "an AllocationResourceTags entry needs a Key and a Value");
				continue;
			}
			s->tags[s->ntags].key = arena_strdup(&r->p->arena, k);
			s->tags[s->ntags++].value = arena_strdup(&r->p->arena, val);
		}
		/* a VPC with the tags the pool requires is the pool's, as one
		 * allocating from it is */
		s->has_match = s->ntags > 0;
		s->match_loc = nloc(r, v);
	} else if (v && v->kind != NODE_SEQ) {
		perr(r, v, "AllocationResourceTags must be a list, not %s", node_kind_name(v));
	}
}

/*
 * The pools of the plan's IPAM exports (its ipam: files, or the plan
 * itself when it is one: root) become segments after the plan's own.
 */
static void ipam_segments(struct reader *r, const struct node *root)
{
	struct addr_plan *p = r->p;
	struct ipam_read ir;
	struct node **roots;
	size_t nroots = root ? 1 : p->nipam_files, nseg = 0;
	struct segment *segs;

	if (!nroots)
		return;
	memset(&ir, 0, sizeof(ir));
	strmap_init(&ir.ids);
	ir.docs = xcalloc(nroots, sizeof(*ir.docs));
	roots = xcalloc(nroots, sizeof(*roots));
	const char **files = xcalloc(nroots, sizeof(*files));
	for (size_t i = 0; i < nroots; i++) {
		roots[i] = root ? (struct node *)root : ipam_load(r, &ir, p->ipam_files[i]);
		files[i] = r->file;
		if (roots[i])
			ipam_read_export(r, &ir, roots[i]);
	}
	for (size_t i = 0; i < nroots; i++) {
		const struct node *al = roots[i] ? node_get(roots[i], "IpamPoolAllocations") : NULL;
		r->file = files[i];
		if (al)
			ipam_add_allocations(r, &ir, al);
	}
	for (size_t i = 0; i < ir.n; i++) {
		const char *src = node_text(node_get(ir.pools[i].n, "SourceIpamPoolId"));
		uintptr_t k = src ? (uintptr_t)strmap_get(&ir.ids, src) : 0;
		if (k)
			ir.pools[k - 1].source = true;
	}
	for (size_t i = 0; i < ir.n; i++)
		nseg += !ir.pools[i].source;
	segs = arena_alloc(&p->arena, (p->nsegments + nseg + 1) * sizeof(*segs));
	if (p->nsegments)
		memcpy(segs, p->segments, p->nsegments * sizeof(*segs));
	p->segments = segs;
	for (size_t i = 0; i < ir.n; i++)
		if (!ir.pools[i].source)
			ipam_segment(r, &p->segments[p->nsegments++], &ir.pools[i]);
	r->file = p->file;
	for (size_t i = 0; i < ir.n; i++)
		free(ir.pools[i].cidrs);
	free(ir.pools);
	for (size_t i = 0; i < ir.ndocs; i++)
		doc_release(&ir.docs[i]);
	free(ir.docs);
	free(roots);
	free(files);
	strmap_release(&ir.ids);
}

static void parse_root(struct reader *r, const struct node *root)
{
	static const char *const keys[] = {"version", "quotas", "segments", "reserved", "public",
					   "rules", "waivers", "context", "exclude", "ipam", NULL};
	static const char *const qkeys[] = {"ipv4_per_vpc", "ipv6_per_vpc", NULL};
	struct addr_plan *p = r->p;
	const struct node *v;
	long long version;

	if (root && root->kind == NODE_MAP &&
	    (node_get(root, "IpamPools") || node_get(root, "IpamPoolAllocations"))) {
		/* describe-ipam-pools output (with allocations merged in) is
		 * the whole plan: its pools are the segments */
		ipam_segments(r, root);
		check_segment_overlaps(r);
		return;
	}
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
	if ((v = node_get(root, "ipam")))
		p->ipam_files = expect_strs(r, v, "ipam", &p->nipam_files);
	ipam_segments(r, NULL);
	check_segment_overlaps(r);
}

struct addr_plan *addrplan_parse(const char *path, const char *buf, size_t len,
				 struct errlist *errs)
{
	struct reader r = {.p = plan_new(path), .errs = errs, .buf = buf, .len = len};
	const char *first = buf;
	struct doc d;
	const char *slash;

	slash = strrchr(r.p->file, '/');
	r.p->dir = slash ? arena_strndup(&r.p->arena, r.p->file, (size_t)(slash - r.p->file)) : ".";
	r.file = r.p->file;
	r.srcs.arena = &r.p->arena;
	doc_init(&d, r.p->file);
	r.d = &d;
	first = jscan_ws(buf, buf + len);
	/* an IPAM export as the plan is read as the JSON it is */
	if ((first < buf + len && *first == '{' &&
			     (mem_contains(buf, len, "\"IpamPools\"") ||
			      mem_contains(buf, len, "\"IpamPoolAllocations\""))
		     ? doc_read_json
		     : doc_read_yaml)(&d, buf, len, NULL, errs)) {
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
	char *buf = file_read_all(path, PLAN_MAX_BYTES, &len, &why), *owned = NULL;
	const char *text = NULL;
	enum text_encoding enc;
	unsigned line = 0, col = 0;
	struct addr_plan *p;

	if (buf && !(text = text_decode(buf, len, PLAN_MAX_BYTES, &len, &owned, &enc, &line, &col,
					&why)))
		free(buf);
	if (!text) {
		errlist_add(errs, path, line, col, "cannot read the address plan: %s", why);
		return NULL;
	}
	p = addrplan_parse(path, text, len, errs);
	free(owned);
	free(buf);
	return p;
}
