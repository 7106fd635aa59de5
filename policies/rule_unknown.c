/*
 * rule_unknown.c: CIDR401-402, what could not be checked.  A linter that
 * stays silent about a value it could not see is a linter that passes
 * whatever it cannot read; these notes say what was skipped and why.
 */
#include "policies/rules.h"

#include <stdio.h>
#include <string.h>

static void notes_for(struct rule_ctx *ctx, enum note_kind kind)
{
	for (size_t i = 0; i < ctx->w->ninputs; i++) {
		const struct facts *f = ctx->w->inputs[i];
		for (size_t j = 0; j < f->nnotes; j++) {
			const struct fact_note *n = &f->notes[j];
			struct resource scope;
			struct finding *fd;

			if (n->kind != kind)
				continue;
			memset(&scope, 0, sizeof(scope));
			scope.name = n->resource;
			scope.place = &f->home;
			scope.input_kind = f->kind;
			scope.loc = n->loc;
			scope.group = n->group;
			scope.scen = n->scen;
			fd = rule_report(ctx, &scope, &n->loc, NULL, "%s", n->message);
			if (fd)
				fd->res = NULL; /* scope lives on this stack */
			if (fd && n->group)
				fd->scen = n->scen;
		}
	}
}

static void unresolved(struct rule_ctx *ctx, const struct resource *r,
		       const struct cidr_value *v, int family, enum value_site site)
{
	char buf[64];

	if (v->state == VAL_KNOWN || v->amazon)
		return;
	if (cidr_value_rel_base(v)) {
		/* carved from an Amazon-provided block: size, containment and
		 * overlap with its siblings are checked on the relative value */
		return;
	}
	if (v->state == VAL_CONSTRAINED) {
		/* no netmask asked: IPAM gives the pool's default, when the
		 * pool's export says it */
		const char *from = cidr_value_pool(v);
		const struct segment *pool = ctx->plan && from && v->netmask < 0
						     ? plan_segment_of_pool(ctx->plan, from)
						     : NULL;
		int dl = !pool ? -1 : family == 6 ? pool->default_len6 : pool->default_len;
		if (v->netmask >= 0)
			snprintf(buf, sizeof(buf), "/%d", v->netmask);
		else if (dl >= 0)
			snprintf(buf, sizeof(buf), "/%d (the pool's AllocationDefaultNetmaskLength)", dl);
		else
			snprintf(buf, sizeof(buf), "a block");
		rule_report(ctx, r, &v->loc, NULL,
			    "the %s of '%s' is %s from %s%s, not known before deployment: %s; "
			    "overlap, public-space and containment checks were skipped",
			    site_name(site, family), r->name, buf,
			    from ? "IPAM pool " : "", from ? from : "IPAM",
			    ctx->plan && (v->netmask >= 0 || dl >= 0) ? "the pool and netmask were checked against the address plan"
			    : ctx->plan		    ? "the pool was checked against the address plan; its size is the pool's default, not known here"
			    : v->netmask >= 0	    ? "its size was checked (pass an address plan to check the pool)"
						    : "its size is the pool's default, not known here (pass an address plan to check the pool)");
		return;
	}
	rule_report(ctx, r, &v->loc, NULL,
		    "the %s of '%s' is not known before deployment (%s): every check on it was skipped",
		    site_name(site, family), r->name, v->reason ? v->reason : "unresolved");
}

void check_unresolved_cidr(struct rule_ctx *ctx)
{
	rules_each_value(ctx, unresolved);
	notes_for(ctx, NOTE_UNRESOLVED);
}

void check_unknown_vpc(struct rule_ctx *ctx)
{
	for (size_t i = 0; i < ctx->w->nunassocs; i++) {
		const struct assoc *a = ctx->w->unlinked_assocs[i];
		if (!lifecycle_exists_after(a->r.lc))
			continue;
		if (a->ref.kind == VREF_NONE)
			rule_report(ctx, &a->r, loc_file(&a->ref.loc) ? &a->ref.loc : NULL, NULL,
				    "the VPC of association '%s' is not known (%s): overlap with its other blocks, the restriction table and the quota were not checked",
				    a->r.name, a->ref.why ? a->ref.why : "unresolved");
		else
			rule_report(ctx, &a->r, loc_file(&a->ref.loc) ? &a->ref.loc : NULL, NULL,
				    "VPC '%s' of association '%s' is in no input: overlap with its other blocks, the restriction table and the quota were not checked; add an inventory (aws ec2 describe-vpcs) to check them",
				    a->ref.name, a->r.name);
	}
	for (size_t i = 0; i < ctx->w->nunsubnets; i++) {
		const struct subnet *s = ctx->w->unlinked_subnets[i];
		if (!lifecycle_exists_after(s->r.lc))
			continue;
		if (s->ref.kind == VREF_NONE)
			rule_report(ctx, &s->r, loc_file(&s->ref.loc) ? &s->ref.loc : NULL, NULL,
				    "the VPC of subnet '%s' is not known (%s): containment in the VPC and overlap with its other subnets were not checked",
				    s->r.name, s->ref.why ? s->ref.why : "unresolved");
		else
			rule_report(ctx, &s->r, loc_file(&s->ref.loc) ? &s->ref.loc : NULL, NULL,
				    "VPC '%s' of subnet '%s' is in no input: containment in the VPC and overlap with its other subnets were not checked; add an inventory (aws ec2 describe-vpcs) to check them",
				    s->ref.name, s->r.name);
	}
	notes_for(ctx, NOTE_UNKNOWN_VPC);
}
