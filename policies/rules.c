/*
 * rules.c: the rule table, effective levels, reporting, and the run that
 * applies suppressions, waivers, fingerprints and scenario texts.
 */
#include "policies/rules.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const struct rule rule_table[RULE_COUNT] = {
#define RULE(id, fn, name, level, sec, tags, precision, summary) \
	{#id, name, level, sec, tags, precision, summary, fn},
#include "policies/rules.def"
#undef RULE
};

/* Generated from policies/help/ID.md by policies/help/embed.cmake. */
extern const char *const rule_help_pages[][2];
extern const size_t rule_help_count;

const struct rule *rule_find(const char *id_or_name)
{
	for (size_t i = 0; i < RULE_COUNT; i++)
		if (str_ieq(rule_table[i].id, id_or_name) ||
		    str_eq(rule_table[i].name, id_or_name))
			return &rule_table[i];
	return NULL;
}

const char *rule_help(int rule)
{
	for (size_t i = 0; i < rule_help_count; i++)
		if (strcmp(rule_help_pages[i][0], rule_table[rule].id) == 0)
			return rule_help_pages[i][1];
	return NULL;
}

const char *rule_full_description(int rule, char *buf, size_t size)
{
	const char *h = rule_help(rule), *p;
	size_t n = 0;

	buf[0] = '\0';
	if (!h || !size)
		return buf;
	p = strchr(h, '\n'); /* skip the title line */
	while (p && *p == '\n')
		p++;
	while (p && *p && *p != '\n' && n + 1 < size) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (n && n + 1 < size)
			buf[n++] = ' ';
		if (len > size - n - 1)
			len = size - n - 1;
		memcpy(buf + n, p, len);
		n += len;
		p = eol ? eol + 1 : NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* Pinned to the release's tag, so that an alert raised by this version
 * links to the rule as this version checks it, not as main does today. */
const char *rule_help_uri(int rule, char *buf, size_t size)
{
	snprintf(buf, size, "%s/blob/v%s/policies/help/%s.md", CIDRLINT_HOMEPAGE,
		 CIDRLINT_VERSION, rule_table[rule].id);
	return buf;
}

int rules_configure(struct lint_config *cfg, const struct addr_plan *plan,
		    bool strict, long today, struct errlist *errs)
{
	int rc = 0;

	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < RULE_COUNT; i++)
		cfg->levels[i] = rule_table[i].default_level;
	for (size_t i = 0; plan && i < plan->noverrides; i++) {
		const struct plan_override *o = &plan->overrides[i];
		const struct rule *r = rule_find(o->rule);
		if (!r) {
			errlist_add(errs, loc_file(&o->loc), o->loc.line, o->loc.col,
				    "unknown rule '%s' in 'rules'", o->rule);
			rc = -1;
			continue;
		}
		/* two levels for one rule: which one was meant is not known */
		for (size_t j = 0; j < i; j++) {
			const struct plan_override *p = &plan->overrides[j];
			if (rule_find(p->rule) != r)
				continue;
			errlist_add(errs, loc_file(&o->loc), o->loc.line, o->loc.col,
				    "rule %s is set twice in 'rules': as '%s' here and as '%s' at line %u",
				    r->id, o->rule, p->rule, p->loc.line);
			rc = -1;
			break;
		}
		cfg->levels[r - rule_table] = o->level;
	}
	for (size_t i = 0; plan && i < plan->nwaivers; i++) {
		const struct waiver *wv = &plan->waivers[i];
		if (!rule_find(wv->rule)) {
			errlist_add(errs, loc_file(&wv->loc), wv->loc.line, wv->loc.col,
				    "unknown rule '%s' in a waiver", wv->rule);
			rc = -1;
		}
	}
	if (strict) {
		cfg->strict = true;
		if (cfg->levels[RULE_CIDR401] != LEVEL_OFF)
			cfg->levels[RULE_CIDR401] = LEVEL_ERROR;
		if (cfg->levels[RULE_CIDR402] != LEVEL_OFF)
			cfg->levels[RULE_CIDR402] = LEVEL_ERROR;
	}
	cfg->today = today;
	return rc;
}

struct finding *rule_report(struct rule_ctx *ctx, const struct resource *res,
			    const struct loc *loc, const char *cidr,
			    const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	if (ctx->cfg->levels[ctx->rule] == LEVEL_OFF)
		return NULL;
	f = findings_add(ctx->out);
	f->rule = ctx->rule;
	f->level = ctx->cfg->levels[ctx->rule];
	f->loc = loc ? *loc : res->loc;
	f->res = res;
	f->resource = res->name;
	f->resource_type = res->type;
	f->scen = res->scen;
	f->cidr = cidr ? arena_strdup(&ctx->out->arena, cidr) : NULL;
	va_start(ap, fmt);
	f->message = findings_vtext(ctx->out, fmt, ap);
	va_end(ap);
	/* a change made by hand (CloudTrail): what happened, when, who,
	 * from where */
	if (res->rare && res->rare->origin)
		finding_add_note(ctx->out, f, "%s", res->rare->origin);
	/* where the value came from, then the module calls that made the
	 * instance (Terraform source) */
	for (const struct origin *o = loc_origin(&f->loc); o; o = o->next)
		finding_add_related(ctx->out, f, &o->loc, NULL, NULL, "%s", o->what);
	if (loc && loc != &res->loc)
		for (const struct origin *o = loc_origin(&res->loc); o; o = o->next)
			finding_add_related(ctx->out, f, &o->loc, NULL, NULL, "%s", o->what);
	return f;
}

void finding_scope(struct finding *f, const struct resource *other)
{
	if (f && f->res && f->res->group && f->res->group == other->group)
		f->scen &= other->scen;
}

void finding_hint(struct rule_ctx *ctx, struct finding *f, const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	f->hint = findings_vtext(ctx->out, fmt, ap);
	va_end(ap);
}

enum level level_below(enum level l)
{
	return l == LEVEL_ERROR ? LEVEL_WARNING : l == LEVEL_WARNING ? LEVEL_NOTE : l;
}

void finding_add_path(struct rule_ctx *ctx, struct finding *f, const struct gedge *e)
{
	const char *path;

	if (!f || !e)
		return;
	if (e->b)
		path = arena_printf(&ctx->out->arena, "VPC '%s' -%s- VPC '%s'", e->a->r.name,
				    gedge_label(e), e->b->r.name);
	else
		path = arena_printf(&ctx->out->arena, "VPC '%s' -%s- premises", e->a->r.name,
				    gedge_label(e));
	for (size_t i = 0; i < e->nvia; i++) {
		const struct link *l = e->via[i];
		finding_add_related(ctx->out, f, &l->r.loc, l->r.name, NULL, "on the path %s: %s '%s'",
				    path, link_kind_name(l->kind), l->r.name);
	}
}

const char *value_text(const struct cidr_value *v, char buf[CIDR_STRLEN])
{
	if (cidr_value_prefix(v))
		return cidr_format(&v->pfx, buf);
	if (v->state == VAL_KNOWN && v->text) {
		/* a value as written can be any length: cut it visibly */
		struct sbuf sb;

		sbuf_init(&sb, CIDR_STRLEN - 1);
		sbuf_addf_cut(&sb, "%s", v->text);
		memcpy(buf, sb.buf, sb.len + 1);
		sbuf_release(&sb);
		return buf;
	}
	snprintf(buf, CIDR_STRLEN, "(unknown)");
	return buf;
}

const char *vpc_label(struct rule_ctx *ctx, const struct vpc *v)
{
	const char *tagname = vpc_tag(v, "Name");

	if (tagname && v->r.name && strcmp(tagname, v->r.name) != 0)
		return arena_printf(&ctx->out->arena, "VPC '%s' (Name: %s)", v->r.name, tagname);
	return arena_printf(&ctx->out->arena, "VPC '%s'", v->r.name ? v->r.name : "?");
}

void suggest_in_segment(struct rule_ctx *ctx, struct finding *f,
			const struct vpc *v, const struct prefix *p)
{
	const struct segment *s = v->segment;
	char buf[CIDR_STRLEN];

	if (!f || !s)
		return;
	for (size_t i = 0; i < s->ncidrs; i++) {
		struct prefix out;
		if (s->cidrs[i].pfx.family != p->family)
			continue;
		if (world_next_free(ctx->w, &s->cidrs[i].pfx, p->len, NULL, &out) == 0) {
			finding_hint(ctx, f, "the next free /%u in segment '%s' is %s",
				     p->len, s->name, cidr_format(&out, buf));
			f->has_fix = true;
			f->fix = out;
			return;
		}
	}
	finding_hint(ctx, f, "segment '%s' has no free /%u left", s->name, p->len);
}

void rules_each_value(struct rule_ctx *ctx, value_cb cb)
{
	for (size_t i = 0; i < ctx->w->ninputs; i++) {
		const struct facts *f = ctx->w->inputs[i];

		for (size_t j = 0; j < f->nvpcs; j++) {
			const struct vpc *v = f->vpcs[j];
			if (!lifecycle_exists_after(v->r.lc))
				continue;
			for (size_t k = 0; k < v->nown; k++)
				cb(ctx, &v->r, &v->own[k].v, v->own[k].family, SITE_VPC);
		}
		for (size_t j = 0; j < f->nassocs; j++) {
			const struct assoc *a = f->assocs[j];
			if (lifecycle_exists_after(a->r.lc) && !a->no_block)
				cb(ctx, &a->r, &a->block.v, a->block.family, SITE_ASSOC);
		}
		for (size_t j = 0; j < f->nsubnets; j++) {
			const struct subnet *s = f->subnets[j];
			if (!lifecycle_exists_after(s->r.lc))
				continue;
			if (s->has_v4)
				cb(ctx, &s->r, &s->v4, 4, SITE_SUBNET);
			if (s->v6)
				cb(ctx, &s->r, s->v6, 6, SITE_SUBNET);
		}
	}
}

void rules_each_block(struct rule_ctx *ctx, block_cb cb)
{
	for (size_t i = 0; i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		if (!vpc_live(v))
			continue;
		for (size_t j = 0; j < v->nblocks; j++) {
			const struct prefix *p = cidr_value_prefix(&v->blocks[j]->v);
			if (p)
				cb(ctx, v, v->blocks[j], p);
		}
	}
}

bool vpc_live(const struct vpc *v)
{
	return !v->merged && lifecycle_exists_after(v->r.lc);
}

/* --- overlap within one VPC -------------------------------------------- */

/* Declaration order: what must come first, then input, line, column. */
static int overlap_decl_cmp(const struct overlap_item *a, const struct overlap_item *b)
{
	if (a->first != b->first)
		return a->first ? -1 : 1;
	return loc_cmp(a->loc, b->loc);
}

/* By block, then class (input group, scenarios), then declaration. */
static int overlap_item_cmp(const void *pa, const void *pb)
{
	const struct overlap_item *a = pa, *b = pb;
	int c = strcmp(a->base ? a->base : "", b->base ? b->base : "");

	if (c)
		return c;
	if ((c = cidr_cmp(&a->key, &b->key)))
		return c;
	if (a->res->group != b->res->group)
		return a->res->group < b->res->group ? -1 : 1;
	if (a->res->scen != b->res->scen)
		return a->res->scen < b->res->scen ? -1 : 1;
	return overlap_decl_cmp(a, b);
}

static bool overlap_same_class(const struct overlap_item *a, const struct overlap_item *b)
{
	return str_eq(a->base, b->base) && cidr_equal(&a->key, &b->key) &&
	       a->res->group == b->res->group && a->res->scen == b->res->scen;
}

/* One report: x and y, then the first few of the items counted in more. */
static void overlap_emit(struct rule_ctx *ctx, const struct overlap_rule *rule, void *arg,
			 const struct overlap_item *x, const struct overlap_item *y,
			 const struct overlap_item *const more[2], const size_t nmore[2])
{
	struct overlap_report r = {.x = x, .y = y, .nmore = nmore[0] + nmore[1], .more = ""};
	struct finding *f;

	if (overlap_decl_cmp(x, y) > 0) {
		r.x = y;
		r.y = x;
	}
	if (r.nmore) {
		/* "; 3 more subnets with 10.0.1.0/24 and 2 more with 10.0.0.0/16
		 * overlap them too": the user is told what was folded in */
		char buf[2][CIDR_STRLEN];
		const char *what[2] = {NULL, NULL};
		for (int k = 0, w = 0; k < 2; k++) {
			if (!nmore[k])
				continue;
			what[w] = arena_printf(&ctx->out->arena, "%zu more%s%s with %s", nmore[k],
					       w ? "" : " ", w ? "" : rule->noun[nmore[k] > 1],
					       more[k][0].base ? "the same block"
							       : cidr_format(&more[k][0].key, buf[k]));
			w++;
		}
		r.more = arena_printf(&ctx->out->arena, "; %s%s%s overlap them too", what[0],
				      what[1] ? " and " : "", what[1] ? what[1] : "");
	}
	f = rule->report(ctx, &r, arg);
	if (!f)
		return;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < nmore[k]; i++) {
			if (f->nrelated >= FINDING_MAX_RELATED) {
				f->more_related += nmore[k] - i;
				break;
			}
			rule->related(ctx, f, &more[k][i], arg);
		}
}

/* A sweep runs per VPC, mostly over two or three items: those are sorted
 * by insertion and their classes kept on the stack (qsort and two callocs
 * were a third of the sweep's cost on a plan of 40,000 VPCs). */
#define SWEEP_SMALL 16

void overlap_sweep(struct rule_ctx *ctx, struct overlap_item *v, size_t n,
		   const struct overlap_rule *rule, void *arg)
{
	size_t *cls, ncls = 0, cls_small[SWEEP_SMALL + 1];
	unsigned char *hit; /* per class: 1 all items but its first are later, 2 all are */
	unsigned char hit_small[SWEEP_SMALL + 1];

	if (n > SWEEP_SMALL) {
		qsort(v, n, sizeof(*v), overlap_item_cmp);
		cls = xcalloc(n + 1, sizeof(*cls));
		hit = xcalloc(n + 1, sizeof(*hit));
	} else {
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && overlap_item_cmp(&v[j - 1], &v[j]) > 0; j--) {
				struct overlap_item t = v[j];
				v[j] = v[j - 1];
				v[j - 1] = t;
			}
		cls = cls_small;
		hit = hit_small;
		memset(hit, 0, sizeof(hit_small));
	}
	/* cls[i]: where class i starts; its items follow in declaration order */
	for (size_t i = 0; i < n; i++)
		if (!i || !overlap_same_class(&v[i - 1], &v[i]))
			cls[ncls++] = i;
	cls[ncls] = n;
	for (size_t c = 0; c < ncls; c++) {
		const struct overlap_item *x = &v[cls[c]];
		size_t nx = cls[c + 1] - cls[c];
		u128 last = cidr_last(&x->key);

		if (nx >= 2 && resource_coexist(x->res, x->res)) {
			const struct overlap_item *more[2] = {x + 2, NULL};
			size_t nmore[2] = {nx - 2, 0};
			if (!hit[c])
				hit[c] = 1;
			if (rule)
				overlap_emit(ctx, rule, arg, x, x + 1, more, nmore);
		}
		/* sorted by first address: the blocks that overlap x and sort
		 * after it start inside it */
		for (size_t d = c + 1; d < ncls; d++) {
			const struct overlap_item *y = &v[cls[d]];
			if (!str_eq(y->base, x->base) || y->key.family != x->key.family ||
			    y->key.addr > last)
				break;
			if (!resource_coexist(x->res, y->res))
				continue;
			const struct overlap_item *more[2] = {x + 1, y + 1};
			size_t nmore[2] = {nx - 1, cls[d + 1] - cls[d] - 1};
			/* every item of the two classes overlaps every item of
			 * the other: all are later than one, the first declared */
			size_t first = overlap_decl_cmp(x, y) <= 0 ? c : d;
			if (!hit[first])
				hit[first] = 1;
			hit[first == c ? d : c] = 2;
			if (rule)
				overlap_emit(ctx, rule, arg, x, y, more, nmore);
		}
	}
	for (size_t c = 0; c < ncls; c++)
		for (size_t i = cls[c]; i < cls[c + 1]; i++)
			v[i].later = hit[c] == 2 || (hit[c] == 1 && i > cls[c]);
	if (cls != cls_small) {
		free(hit);
		free(cls);
	}
}

const char *site_name(enum value_site site, int family)
{
	switch (site) {
	case SITE_VPC:
		return family == 6 ? "IPv6 VPC block" : "VPC block";
	case SITE_ASSOC:
		return family == 6 ? "IPv6 association" : "associated block";
	case SITE_SUBNET:
		break;
	}
	return family == 6 ? "IPv6 subnet" : "subnet";
}

/* --- after the rules: suppressions, waivers, fingerprints ------------- */

static void apply_in_source(struct finding *f)
{
	const struct resource_rare *x = f->res ? f->res->rare : NULL;

	for (size_t i = 0; x && i < x->nsup; i++) {
		const struct rule *rl = rule_find(x->sup[i].rule);
		if (rl && rl - rule_table == f->rule) {
			f->suppressed = SUPPRESS_IN_SOURCE;
			f->suppress_reason = x->sup[i].reason;
			f->suppress_loc = x->sup[i].loc;
			return;
		}
	}
}

/* Returns false when a waiver's pattern could not be evaluated (err). */
static bool apply_waivers(struct findings *fs, struct finding *f,
			  const struct addr_plan *plan, long today, struct plan_match_error *err)
{
	for (size_t i = 0; plan && i < plan->nwaivers; i++) {
		const struct waiver *wv = &plan->waivers[i];
		const struct rule *rl = rule_find(wv->rule);

		if (!rl || rl - rule_table != f->rule)
			continue;
		if (wv->cidr && !str_eq(wv->cidr, f->cidr))
			continue;
		if (wv->resource.code) {
			int m = plan_regex_match(&wv->resource, f->resource, err);
			if (m < 0)
				return false; /* suppressed or not is unknown */
			if (m == 0)
				continue;
		}
		if (wv->expires && today > wv->expires_day) {
			finding_add_related(fs, f, &wv->loc, NULL, NULL,
					    "the waiver for this finding (%s) expired on %s",
					    wv->reason, wv->expires);
			continue;
		}
		if (!f->suppressed) {
			f->suppressed = SUPPRESS_WAIVER;
			f->suppress_reason = wv->reason;
			f->suppress_loc = wv->loc;
		}
	}
	return true;
}

static void fingerprint(struct finding *f, unsigned occurrence)
{
	struct sbuf sb;
	uint64_t h1, h2;

	sbuf_init(&sb, 0);
	sbuf_addf(&sb, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%u", rule_table[f->rule].id,
		  f->res && f->res->input_kind == INPUT_CFN ? f->res->place->input_rel : "",
		  f->resource_type ? f->resource_type : "", f->resource ? f->resource : "",
		  f->cidr ? f->cidr : "", occurrence);
	h1 = hash_bytes(sb.buf, sb.len);
	sbuf_addch(&sb, '\x1e');
	h2 = hash_bytes(sb.buf, sb.len);
	snprintf(f->fingerprint, sizeof(f->fingerprint), "%016llx%016llx",
		 (unsigned long long)h1, (unsigned long long)h2);
	sbuf_release(&sb);
}

/* Pointers into one array: their order is the array's, so ties keep the
 * sorted output's order with no context held outside the call. */
static int by_fingerprint(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa;
	const struct finding *b = *(const struct finding *const *)pb;
	int c = strcmp(a->fingerprint, b->fingerprint);

	return c ? c : (a < b ? -1 : a > b);
}

/* Identity hashes; equal ones (one resource, one rule, one CIDR, several
 * findings) are told apart by their order in the sorted output. */
static void fingerprint_all(struct findings *fs)
{
	struct finding **idx = xcalloc(fs->n + 1, sizeof(*idx));

	for (size_t i = 0; i < fs->n; i++) {
		fingerprint(&fs->v[i], 0);
		idx[i] = &fs->v[i];
	}
	if (fs->n)
		qsort(idx, fs->n, sizeof(*idx), by_fingerprint);
	char start[33] = "";
	unsigned run = 0;
	for (size_t i = 0; i < fs->n; i++) {
		struct finding *f = idx[i];
		if (i && strcmp(f->fingerprint, start) == 0) {
			fingerprint(f, ++run);
		} else {
			memcpy(start, f->fingerprint, sizeof(start));
			run = 0;
		}
	}
	free(idx);
}

/* Value number of parameter i in combination c. */
static size_t scen_digit(const struct facts *src, size_t c, size_t i)
{
	for (size_t j = 0; j < i; j++)
		c /= src->scen_params[j].nvalues;
	return c % src->scen_params[i].nvalues;
}

/* Combination c with parameter i given value number v. */
static size_t scen_with(const struct facts *src, size_t c, size_t i, size_t v)
{
	size_t stride = 1;

	for (size_t j = 0; j < i; j++)
		stride *= src->scen_params[j].nvalues;
	return c - scen_digit(src, c, i) * stride + v * stride;
}

/*
 * "only when Env=prod" for the combinations in f->scen: the parameters
 * that do not change the outcome are left out, so a finding that depends
 * on one parameter names only that one.
 */
static void scenario_text(struct findings *fs, struct finding *f, const struct world *w)
{
	const struct facts *src;
	uint64_t all, m;
	bool matters[64] = {false};
	struct sbuf sb, seen;
	size_t shown = 0, total = 0, np;

	if (!f->res || !f->res->group)
		return;
	src = world_group_facts(w, f->res->group);
	if (!src || !src->nscen)
		return;
	all = src->nscen >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << src->nscen) - 1;
	m = f->scen & all;
	if (m == all)
		return;
	np = src->nscen_params < 64 ? src->nscen_params : 64;
	for (size_t c = 0; c < src->nscen; c++) {
		if (!(m >> c & 1))
			continue;
		for (size_t i = 0; i < np; i++)
			for (size_t v = 0; v < src->scen_params[i].nvalues && !matters[i]; v++)
				if (!(m >> scen_with(src, c, i, v) & 1))
					matters[i] = true;
	}
	/* the distinct assignments of the parameters that matter, a line each */
	sbuf_init(&seen, 1 << 16);
	for (size_t c = 0; c < src->nscen; c++) {
		struct sbuf one;
		size_t nassign = 0;

		if (!(m >> c & 1))
			continue;
		sbuf_init(&one, 4096);
		sbuf_addch(&one, '\n');
		for (size_t i = 0; i < np; i++)
			if (matters[i])
				sbuf_addf(&one, "%s%s=%s", nassign++ ? ", " : "", src->scen_params[i].name,
					  src->scen_params[i].values[scen_digit(src, c, i)]);
		sbuf_addch(&one, '\n');
		if (!strstr(seen.buf, one.buf)) {
			sbuf_add(&seen, one.buf + (seen.len ? 1 : 0), one.len - (seen.len ? 1 : 0));
			total++;
		}
		sbuf_release(&one);
	}
	sbuf_init(&sb, 4096);
	sbuf_adds(&sb, "only when ");
	for (char *line = seen.buf + 1, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		bool several = total > 1 && strchr(line, ',') && strchr(line, ',') < nl;
		*nl = '\0';
		if (shown == 3) {
			sbuf_addf(&sb, " or %zu more", total - 3);
			break;
		}
		sbuf_addf_cut(&sb, "%s%s%s%s", shown++ ? " or " : "", several ? "(" : "", line,
			  several ? ")" : "");
	}
	f->scenario = arena_strndup(&fs->arena, sb.buf, sb.len);
	sbuf_release(&sb);
	sbuf_release(&seen);
}

/* Everything a reader sees of a finding but its scenario. */
static void finding_identity(const struct finding *f, struct sbuf *sb)
{
	sbuf_addf(sb, "%d\x1f%u\x1f%s\x1f%s\x1f%s:%u:%u\x1f%s", f->rule, f->res->group,
		  f->resource ? f->resource : "", f->cidr ? f->cidr : "",
		  loc_file(&f->loc) ? loc_file(&f->loc) : "", f->loc.line, f->loc.col, f->message);
	for (size_t i = 0; i < f->nrelated; i++) {
		const char *file = loc_file(&f->related[i].loc);
		sbuf_addf(sb, "\x1e%s:%u:%u\x1f%s", file ? file : "", f->related[i].loc.line,
			  f->related[i].loc.col, f->related[i].message);
	}
	for (size_t i = 0; i < f->nnotes; i++)
		sbuf_addf(sb, "\x1d%s", f->notes[i]);
}

/*
 * A resource whose shape differs between scenarios (its tags) is one fact
 * per shape; a finding that reads the same in each is one finding, in the
 * union of their scenarios, so that one which holds everywhere is said
 * once, without "only when", and has one fingerprint.
 */
static void merge_scenario_variants(struct findings *fs)
{
	struct strmap seen;
	struct sbuf sb;
	size_t k = 0;

	strmap_init(&seen);
	sbuf_init(&sb, 0);
	for (size_t i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		struct finding *first;
		if (f->res && f->res->group) {
			sbuf_reset(&sb);
			finding_identity(f, &sb);
			first = strmap_get(&seen, sb.buf);
			if (first) {
				first->scen |= f->scen;
				free(f->related);
				free(f->notes);
				continue;
			}
		}
		if (k != i)
			fs->v[k] = *f;
		if (fs->v[k].res && fs->v[k].res->group)
			strmap_put(&seen, arena_strdup(&fs->arena, sb.buf), &fs->v[k]);
		k++;
	}
	fs->n = k;
	sbuf_release(&sb);
	strmap_release(&seen);
}

int rules_run(const struct world *w, const struct addr_plan *plan,
	      const struct lint_config *cfg, struct findings *out, struct errlist *errs)
{
	struct rule_ctx ctx = {w, plan, cfg, out, 0};
	const struct plan_regex **failed = NULL;
	size_t nfailed = 0, capfailed = 0;

	for (size_t i = 0; i < RULE_COUNT; i++) {
		ctx.rule = (int)i;
		if (cfg->levels[i] != LEVEL_OFF)
			rule_table[i].check(&ctx);
	}
	merge_scenario_variants(out);
	for (size_t i = 0; i < out->n; i++) {
		struct finding *f = &out->v[i];
		struct plan_match_error err = {0};
		apply_in_source(f);
		if (!apply_waivers(out, f, plan, cfg->today, &err))
			plan_match_error_report(&err, errs, &failed, &nfailed, &capfailed);
		scenario_text(out, f, w);
	}
	free(failed);
	findings_sort(out);
	fingerprint_all(out);
	return nfailed ? -1 : 0;
}
