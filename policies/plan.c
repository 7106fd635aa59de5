/*
 * plan.c: queries over the address plan: which segment a VPC belongs to,
 * which segment owns a range, globs, regexes with a match limit, dates.
 */
#include "policies/plan.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

const char *level_name(enum level l)
{
	static const char *const names[] = {"off", "note", "warning", "error"};
	return names[l];
}

int level_parse(const char *s, enum level *out)
{
	static const char *const names[] = {"off", "note", "warning", "error"};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (s && strcmp(s, names[i]) == 0) {
			*out = (enum level)i;
			return 0;
		}
	}
	return -1;
}

struct addr_plan *plan_new(const char *file)
{
	struct addr_plan *p = xcalloc(1, sizeof(*p));

	arena_init(&p->arena);
	p->file = arena_strdup(&p->arena, file);
	p->ipv4_quota = p->ipv6_quota = PLAN_DEFAULT_QUOTA;
	return p;
}

void plan_free(struct addr_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nsegments; i++)
		pcre2_code_free(p->segments[i].name_re.code);
	for (size_t i = 0; i < p->nwaivers; i++)
		pcre2_code_free(p->waivers[i].resource.code);
	arena_release(&p->arena);
	free(p);
}

int plan_regex_match(const struct plan_regex *re, const char *subject,
		     struct plan_match_error *err)
{
	int rc;

	if (!re->code || !subject)
		return 0;
	rc = regex_match(re->code, subject, strlen(subject), 0, NULL, 0);
	if (rc < 0 && err && !err->re) {
		err->re = re;
		err->subject = subject;
		err->code = rc;
	}
	return rc;
}

/* At most max bytes of s, cut at a character boundary, for a message. */
static int quote_len(const char *s, int max)
{
	int n = (int)strlen(s);

	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

void plan_match_error_report(const struct plan_match_error *err, struct errlist *errs,
			     const struct plan_regex ***seen, size_t *nseen, size_t *capseen)
{
	const struct plan_regex *re = err->re;
	char why[128];
	int n;

	if (!re)
		return;
	for (size_t i = 0; i < *nseen; i++)
		if ((*seen)[i] == re)
			return;
	*VEC_PUSH(*seen, *nseen, *capseen) = re;
	n = quote_len(err->subject, 60);
	errlist_add(errs, loc_file(&re->loc), re->loc.line, re->loc.col,
		    "%s '%s' cannot be evaluated on '%.*s%s': %s%s",
		    re->what ? re->what : "pattern", re->source, n, err->subject,
		    err->subject[n] ? "..." : "", regex_error_text(err->code, why, sizeof(why)),
		    err->code == PCRE2_ERROR_MATCHLIMIT || err->code == PCRE2_ERROR_DEPTHLIMIT ||
				    err->code == PCRE2_ERROR_HEAPLIMIT
			    ? "; it backtracks too much (nested or overlapping repetition such as "
			      "(a+)+): simplify it"
			    : "");
}

bool segment_allows(const char **list, size_t n, const char *value)
{
	if (!n)
		return true;
	if (!value)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], value) == 0)
			return true;
	return false;
}

/* Strip "./" and the plan's directory so globs see a relative path. */
static const char *relative_to(const char *path, const char *dir)
{
	size_t n;

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (!dir || !*dir || strcmp(dir, ".") == 0)
		return path;
	n = strlen(dir);
	if (strncmp(path, dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* 1: vpc is a member of s; 0: it is not; -1: unknown, a pattern failed (err). */
static int identity_matches(const struct addr_plan *p, const struct segment *s,
			    const struct vpc *vpc, struct plan_match_error *err)
{
	const struct resource *r = &vpc->r;
	int named = 1;

	for (size_t i = 0; i < s->ntags; i++) {
		const char *v = vpc_tag(vpc, s->tags[i].key);
		if (!v || strcmp(v, s->tags[i].value) != 0)
			return 0;
	}
	if (s->name_re.code) {
		const char *name = vpc_tag(vpc, "Name");
		/* an error on one subject is not a miss: a later one may match,
		 * and only when none does is the answer unknown */
		if (plan_regex_match(&s->name_re, r->name, err) != 1 &&
		    plan_regex_match(&s->name_re, name, err) != 1 &&
		    plan_regex_match(&s->name_re, resource_aws_id(r), err) != 1) {
			if (!err->re)
				return 0;
			named = -1;
		}
	}
	if (s->nfiles) {
		const char *rel = relative_to(r->place->input, p->dir);
		bool any = false;
		for (size_t i = 0; i < s->nfiles && !any; i++)
			any = glob_match(s->files[i], rel);
		if (!any)
			return 0; /* a miss whatever the pattern says */
	}
	return named;
}

const struct segment *plan_segment_for(const struct addr_plan *p, const struct vpc *v,
				       struct plan_match_error *err)
{
	const struct resource *r = &v->r;

	err->re = NULL;
	if (!p)
		return NULL;
	for (size_t i = 0; i < p->nsegments; i++) {
		const struct segment *s = &p->segments[i];
		bool identity = s->ntags || s->name_re.code || s->nfiles;

		if (!s->has_match)
			continue;
		if (identity) {
			struct plan_match_error e = {0};
			int m = identity_matches(p, s, v, &e);
			if (m > 0)
				return s;
			if (m < 0) {
				/* r might belong to s: no later segment can be
				 * said to be the first whose match holds */
				*err = e;
				return NULL;
			}
		} else if ((s->nregions || s->naccounts) &&
			   segment_allows(s->regions, s->nregions, r->place->region) &&
			   segment_allows(s->accounts, s->naccounts, r->place->account)) {
			return s;
		}
	}
	return NULL;
}

const char **plan_read_tags(const struct addr_plan *p)
{
	size_t n = 1;
	const char **keys;

	for (size_t i = 0; p && i < p->nsegments; i++)
		n += p->segments[i].ntags;
	keys = xcalloc(n + 1, sizeof(*keys));
	n = 0;
	keys[n++] = "Name"; /* messages name a VPC by it; name_re matches it */
	for (size_t i = 0; p && i < p->nsegments; i++)
		for (size_t j = 0; j < p->segments[i].ntags; j++)
			keys[n++] = p->segments[i].tags[j].key;
	return keys;
}

const struct segment *plan_segment_of_pool(const struct addr_plan *p, const char *pool)
{
	for (size_t i = 0; p && pool && i < p->nsegments; i++)
		if (p->segments[i].ipam &&
		    segment_allows(p->segments[i].ipam_pools, p->segments[i].npools, pool))
			return &p->segments[i];
	return NULL;
}

const struct plan_range *segment_pool_containing(const struct segment *s,
						 const struct prefix *pfx)
{
	for (size_t i = 0; i < s->ncidrs; i++)
		if (cidr_contains(&s->cidrs[i].pfx, pfx))
			return &s->cidrs[i];
	return NULL;
}

bool segment_has_family(const struct segment *s, int family)
{
	for (size_t i = 0; i < s->ncidrs; i++)
		if (s->cidrs[i].pfx.family == family)
			return true;
	return false;
}

const struct segment *plan_segment_owning(const struct addr_plan *p,
					  const struct prefix *pfx,
					  const struct plan_range **range)
{
	if (!p)
		return NULL;
	for (size_t i = 0; i < p->nsegments; i++) {
		for (size_t j = 0; j < p->segments[i].ncidrs; j++) {
			if (cidr_overlaps(&p->segments[i].cidrs[j].pfx, pfx)) {
				if (range)
					*range = &p->segments[i].cidrs[j];
				return &p->segments[i];
			}
		}
	}
	return NULL;
}

/*
 * A glob match remembers the (pattern, path) positions that failed: with
 * k stars, plain backtracking tries O(n^k) splits of an n-byte path
 * ("*a*a*a*b" on "aaaa..."); with the memo each position pair is tried
 * once, so a match costs at most O(k * n^2) whatever the path holds.
 */
struct glob {
	const char *p0, *s0;
	size_t slen;
	unsigned char *failed; /* (pattern offset, path offset) bits */
};

static bool glob_at(struct glob *g, const char *p, const char *s, unsigned depth);

static bool glob_try(struct glob *g, const char *p, const char *s, unsigned depth)
{
	size_t bit = (size_t)(p - g->p0) * (g->slen + 1) + (size_t)(s - g->s0);

	if (g->failed[bit / 8] & (1u << (bit % 8)))
		return false;
	if (glob_at(g, p, s, depth))
		return true;
	g->failed[bit / 8] |= (unsigned char)(1u << (bit % 8));
	return false;
}

static bool glob_at(struct glob *g, const char *p, const char *s, unsigned depth)
{
	if (depth > GLOB_MAX_STARS)
		return false; /* the plan reader refuses such patterns */
	for (; *p; p++, s++) {
		if (p[0] == '*' && p[1] == '*') {
			p += 2;
			if (*p == '/') {
				/* "**" + "/": zero or more whole directories */
				for (const char *t = s;; t++) {
					if ((t == s || t[-1] == '/') && glob_try(g, p + 1, t, depth + 1))
						return true;
					if (!*t)
						return false;
				}
			}
			for (const char *t = s;; t++) {
				if (glob_try(g, p, t, depth + 1))
					return true;
				if (!*t)
					return false;
			}
		}
		if (*p == '*') {
			for (const char *t = s;; t++) {
				if (glob_try(g, p + 1, t, depth + 1))
					return true;
				if (!*t || *t == '/')
					return false;
			}
		}
		if (!*s)
			return false;
		if (*p == '?') {
			if (*s == '/')
				return false;
			continue;
		}
		if (*p != *s)
			return false;
	}
	return *s == '\0';
}

bool glob_match(const char *pattern, const char *path)
{
	size_t plen = strlen(pattern), slen = strlen(path);
	size_t bytes = ((plen + 1) * (slen + 1) + 7) / 8;
	unsigned char small[512];
	struct glob g = {pattern, path, slen, bytes <= sizeof(small) ? small : xcalloc(bytes, 1)};
	bool r;

	if (g.failed == small)
		memset(small, 0, bytes);
	r = glob_at(&g, pattern, path, 0);
	if (g.failed != small)
		free(g.failed);
	return r;
}

long date_to_days(const char *s)
{
	int y, m, d;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1)
		return -1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	/* days from civil (H. Hinnant's algorithm) */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}
