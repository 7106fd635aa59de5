/*
 * rule_plan.c: CIDR201-206, the blocks against the organisation's address
 * plan: segment pools, reserved ranges, allocation rules, locale.
 */
#include "policies/rules.h"

#include <stdio.h>
#include <string.h>


static void pools_text(const struct segment *s, int family, struct sbuf *sb)
{
	size_t shown = 0;

	for (size_t i = 0; i < s->ncidrs; i++) {
		if (s->cidrs[i].pfx.family != family)
			continue;
		sbuf_addf_cut(sb, "%s%s", shown++ ? ", " : "", s->cidrs[i].text);
	}
}

/* --- CIDR201 outside-segment / CIDR202 cross-segment ------------------ */

static void outside_segment(struct rule_ctx *ctx, const struct vpc *v,
			    const struct block *b, const struct prefix *p)
{
	const struct segment *s = v->segment, *owner;
	char buf[CIDR_STRLEN];
	struct sbuf sb;

	if (!s || !segment_has_family(s, p->family) || segment_pool_containing(s, p))
		return;
	owner = plan_segment_owning(ctx->plan, p, NULL);
	if (owner && owner != s)
		return; /* CIDR202 names the other segment */
	sbuf_init(&sb, 4096);
	pools_text(s, p->family, &sb);
	struct finding *f = rule_report(ctx, b->res, &b->v.loc, cidr_format(p, buf),
					"%s of VPC '%s' is outside segment '%s' (%s)", buf,
					v->r.name, s->name, sb.buf);
	sbuf_release(&sb);
	finding_add_related(ctx->out, f, &s->loc, s->name, NULL,
			    "segment '%s' is declared here", s->name);
	suggest_in_segment(ctx, f, v, p);
}

void check_outside_segment(struct rule_ctx *ctx)
{
	if (ctx->plan)
		rules_each_block(ctx, outside_segment);
}

static void cross_segment(struct rule_ctx *ctx, const struct vpc *v,
			  const struct block *b, const struct prefix *p)
{
	const struct plan_range *range = NULL;
	const struct segment *owner = plan_segment_owning(ctx->plan, p, &range);
	const struct segment *s = v->segment;
	char buf[CIDR_STRLEN];
	struct finding *f;

	if (!owner || owner == s || (s && segment_pool_containing(s, p)))
		return;
	if (s)
		f = rule_report(ctx, b->res, &b->v.loc, cidr_format(p, buf),
				"%s of VPC '%s' (segment '%s') lies in pool %s of segment '%s'",
				buf, v->r.name, s->name, range->text, owner->name);
	else
		f = rule_report(ctx, b->res, &b->v.loc, cidr_format(p, buf),
				"%s of VPC '%s', which matches no segment, lies in pool %s of segment '%s'",
				buf, v->r.name, range->text, owner->name);
	finding_add_related(ctx->out, f, &range->loc, owner->name, range->text,
			    "pool %s of segment '%s' is declared here", range->text, owner->name);
	suggest_in_segment(ctx, f, v, p);
}

void check_cross_segment(struct rule_ctx *ctx)
{
	if (ctx->plan)
		rules_each_block(ctx, cross_segment);
}

/* --- CIDR203 reserved-overlap ----------------------------------------- */

static void reserved_overlap(struct rule_ctx *ctx, const struct vpc *v,
			     const struct block *b, const struct prefix *p)
{
	char buf[CIDR_STRLEN];

	for (size_t i = 0; i < ctx->plan->nreserved; i++) {
		const struct plan_range *r = &ctx->plan->reserved[i];
		if (!cidr_overlaps(&r->pfx, p))
			continue;
		const struct segment *s = v->segment;
		const char *why = r->reason ? arena_printf(&ctx->out->arena, ": %s", r->reason) : "";
		const char *over = r->via == VIA_VPN ? "a VPN" : "Direct Connect";
		const struct gedge *path = NULL;
		struct finding *f;
		cidr_format(p, buf);
		if (r->via != VIA_VPN && r->via != VIA_DX) {
			f = rule_report(ctx, b->res, &b->v.loc, buf, "%s of VPC '%s' overlaps reserved range %s%s",
					buf, v->r.name, r->text, why);
		} else if ((path = graph_vpn(&ctx->w->graph, v, NULL))) {
			f = rule_report(ctx, b->res, &b->v.loc, buf,
					"%s of VPC '%s' overlaps reserved range %s%s, on premises over %s, and %s takes the VPC there: hosts in the overlap are unreachable from the VPC",
					buf, v->r.name, r->text, why, over, gedge_label(path));
		} else if (s && s->routed_to_onprem) {
			f = rule_report(ctx, b->res, &b->v.loc, buf,
					"%s of VPC '%s' overlaps reserved range %s%s, on premises over %s, where segment '%s' is routed: hosts in the overlap are unreachable from the VPC",
					buf, v->r.name, r->text, why, over, s->name);
		} else {
			f = rule_report(ctx, b->res, &b->v.loc, buf,
					"%s of VPC '%s' overlaps reserved range %s%s, on premises over %s; no VPN or Direct Connect takes the VPC to premises in these inputs, and the address plan does not say its segment is routed there",
					buf, v->r.name, r->text, why, over);
			if (f)
				f->level = level_below(f->level);
		}
		finding_add_related(ctx->out, f, &r->loc, NULL, r->text,
				    "%s is reserved here", r->text);
		if (path)
			finding_add_path(ctx, f, path);
		else if (f && s && s->routed_to_onprem && r->via != VIA_OTHER && r->via != VIA_UNSET)
			finding_add_related(ctx->out, f, &s->onprem_loc, s->name, NULL,
					    "segment '%s' is declared routed to premises here", s->name);
		suggest_in_segment(ctx, f, v, p);
		return;
	}
}

void check_reserved_overlap(struct rule_ctx *ctx)
{
	if (ctx->plan && ctx->plan->nreserved)
		rules_each_block(ctx, reserved_overlap);
}

/* --- CIDR204 segment-prefix-length ------------------------------------ */

void check_segment_prefix_length(struct rule_ctx *ctx)
{
	char buf[CIDR_STRLEN];

	for (size_t i = 0; ctx->plan && i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		const struct segment *s = v->segment;

		if (!vpc_live(v) || !s)
			continue;
		for (size_t j = 0; j < v->nblocks; j++) {
			const struct block *b = v->blocks[j];
			const struct prefix *p = cidr_value_prefix(&b->v);
			int len = p ? p->len : (b->v.state == VAL_CONSTRAINED && !b->v.amazon ? b->v.netmask : -1);
			int min = b->family == 4 ? s->min_len : s->min_len6;
			int max = b->family == 4 ? s->max_len : s->max_len6;

			if (len < 0 || ((min < 0 || len >= min) && (max < 0 || len <= max)))
				continue;
			int lo = min < 0 ? 0 : min, hi = max < 0 ? (b->family == 4 ? 32 : 128) : max;
			struct finding *f;
			if (p)
				f = rule_report(ctx, b->res, &b->v.loc, cidr_format(p, buf),
						"%s is a /%d, outside the allocation rule of segment '%s' (/%d to /%d)",
						buf, len, s->name, lo, hi);
			else
				f = rule_report(ctx, b->res, &b->v.loc, NULL,
						"the requested netmask /%d is outside the allocation rule of segment '%s' (/%d to /%d)",
						len, s->name, lo, hi);
			finding_add_related(ctx->out, f, b->family == 4 ? &s->len_loc : &s->len6_loc,
					    s->name, NULL, "the allocation rule of segment '%s' is here",
					    s->name);
		}
	}
}

/* --- CIDR205 unmatched-vpc -------------------------------------------- */

void check_unmatched_vpc(struct rule_ctx *ctx)
{
	if (!ctx->plan || !ctx->plan->nsegments)
		return;
	for (size_t i = 0; i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		if (!vpc_live(v) || v->segment || v->r.lc == LC_EXISTING)
			continue;
		rule_report(ctx, &v->r, NULL, NULL,
			    "VPC '%s' matches no segment of the address plan %s, so its blocks were not checked against a segment",
			    v->r.name, ctx->plan->file);
	}
}

/* --- CIDR206 segment-locale ------------------------------------------- */

void check_segment_locale(struct rule_ctx *ctx)
{
	for (size_t i = 0; ctx->plan && i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		const struct segment *s = v->segment;
		struct finding *f;

		if (!vpc_live(v) || !s)
			continue;
		if (v->r.place->region && !segment_allows(s->regions, s->nregions, v->r.place->region)) {
			f = rule_report(ctx, &v->r, NULL, NULL,
					"VPC '%s' is in region %s, which segment '%s' does not allow",
					v->r.name, v->r.place->region, s->name);
			finding_add_related(ctx->out, f, &s->regions_loc, s->name, NULL,
					    "the regions of segment '%s' are listed here", s->name);
		}
		if (v->r.place->account && !segment_allows(s->accounts, s->naccounts, v->r.place->account)) {
			f = rule_report(ctx, &v->r, NULL, NULL,
					"VPC '%s' is in account %s, which segment '%s' does not allow",
					v->r.name, v->r.place->account, s->name);
			finding_add_related(ctx->out, f, &s->accounts_loc, s->name, NULL,
					    "the accounts of segment '%s' are listed here", s->name);
		}
		/* an IPAM pool allocates only to resources that carry its
		 * AllocationResourceTags */
		for (size_t j = 0; s->ipam && j < s->ntags; j++) {
			const char *have = vpc_tag(v, s->tags[j].key);
			if (have && strcmp(have, s->tags[j].value) == 0)
				continue;
			f = rule_report(ctx, &v->r, NULL, NULL,
					"VPC '%s' lacks the tag %s=%s that IPAM pool %s requires of its allocations",
					v->r.name, s->tags[j].key, s->tags[j].value, s->name);
			finding_add_related(ctx->out, f, &s->match_loc, s->name, NULL,
					    "the allocation tags of IPAM pool %s are listed here", s->name);
		}
		for (size_t j = 0; j < v->nblocks; j++) {
			const struct block *b = v->blocks[j];
			const char *pool = cidr_value_pool(&b->v);
			if (!pool || b->v.amazon || segment_allows(s->ipam_pools, s->npools, pool))
				continue;
			if (!s->npools)
				continue;
			f = rule_report(ctx, b->res, &b->v.loc, NULL,
					"the block of '%s' comes from IPAM pool %s, which segment '%s' does not list",
					b->res->name, pool, s->name);
			finding_add_related(ctx->out, f, &s->pools_loc, s->name, NULL,
					    "the IPAM pools of segment '%s' are listed here", s->name);
		}
	}
}
