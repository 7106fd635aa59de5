/*
 * tfmerge.c: a plan read together with its source (see tfmerge.h).
 */
#include "parsers/terraform/tfmerge.h"

#include <string.h>

/* A resource of the source by address. */
static void index_src(struct strmap *by, const struct facts *src)
{
	for (size_t i = 0; i < src->nvpcs; i++)
		strmap_put(by, src->vpcs[i]->r.name, src->vpcs[i]);
	for (size_t i = 0; i < src->nassocs; i++)
		strmap_put(by, src->assocs[i]->r.name, src->assocs[i]);
	for (size_t i = 0; i < src->nsubnets; i++)
		strmap_put(by, src->subnets[i]->r.name, src->subnets[i]);
}

/* A copy of an origin chain into the plan's arena. */
static const struct origin *copy_origin(struct facts *f, const struct origin *o, unsigned depth)
{
	struct origin *c;

	if (!o || depth > 16)
		return NULL;
	c = arena_alloc(&f->arena, sizeof(*c));
	c->loc = o->loc;
	c->loc.src = loc_src(&f->srcs, facts_intern(f, loc_file(&o->loc)), NULL);
	c->what = facts_str(f, o->what);
	c->next = copy_origin(f, o->next, depth + 1);
	return c;
}

static struct loc copy_loc(struct facts *f, struct loc l)
{
	const struct origin *o = copy_origin(f, loc_origin(&l), 0);

	l.src = loc_src(&f->srcs, facts_intern(f, loc_file(&l)), o);
	return l;
}

/*
 * One value of a resource in both: the place is the source's; a known
 * value the source gives otherwise is a note (the plan was made with other
 * variables, or the source changed since).
 */
static void merge_value(struct facts *plan, const struct resource *r, struct cidr_value *pv,
			const struct cidr_value *sv, const char *what, struct errlist *notes)
{
	const struct prefix *pp = cidr_value_prefix(pv), *sp = cidr_value_prefix(sv);
	char a[CIDR_STRLEN], b[CIDR_STRLEN];

	if (!loc_file(&sv->loc))
		return;
	pv->loc = copy_loc(plan, sv->loc);
	if (pp && sp && !cidr_equal(pp, sp))
		errlist_add(notes, loc_file(&pv->loc), pv->loc.line, pv->loc.col,
			    "%s has %s for the %s of '%s', but the configuration gives %s with the variables of this run: the plan's value was checked (the plan is older than the source, or was made with other variables)",
			    plan->file, cidr_format(pp, a), what, r->name, cidr_format(sp, b));
}

static void merge_ref(struct facts *plan, struct strmap *vpcs, struct vpc_ref *pr,
		      const struct vpc_ref *sr)
{
	if (loc_file(&sr->loc))
		pr->loc = copy_loc(plan, sr->loc);
	/* the plan records vpc_id = local.vpc_id as text; the source
	 * followed it to the VPC */
	if (pr->kind == VREF_NONE && sr->kind == VREF_LOCAL) {
		struct vpc *v = strmap_get(vpcs, sr->name);
		if (v) {
			pr->kind = VREF_LOCAL;
			pr->name = v->r.name;
		}
	}
}

static void merge_resource(struct facts *plan, struct resource *pr, const struct resource *sr)
{
	if (loc_file(&sr->loc))
		pr->loc = copy_loc(plan, sr->loc);
}

void tf_merge_plan_source(struct facts *plan, const struct facts *src, struct errlist *notes)
{
	struct strmap by, vpcs;

	strmap_init(&by);
	strmap_init(&vpcs);
	index_src(&by, src);
	for (size_t i = 0; i < plan->nvpcs; i++)
		strmap_put(&vpcs, plan->vpcs[i]->r.name, plan->vpcs[i]);
	for (size_t i = 0; i < plan->nvpcs; i++) {
		struct vpc *pv = plan->vpcs[i];
		const struct vpc *sv = strmap_get(&by, pv->r.name);
		if (!sv || sv->r.kind != RES_VPC)
			continue;
		merge_resource(plan, &pv->r, &sv->r);
		for (size_t k = 0; k < pv->nown; k++)
			for (size_t j = 0; j < sv->nown; j++)
				if (pv->own[k].family == sv->own[j].family &&
				    pv->own[k].role == sv->own[j].role)
					merge_value(plan, &pv->r, &pv->own[k].v, &sv->own[j].v,
						    pv->own[k].family == 6 ? "IPv6 block" : "block", notes);
	}
	for (size_t i = 0; i < plan->nassocs; i++) {
		struct assoc *pa = plan->assocs[i];
		const struct assoc *sa = strmap_get(&by, pa->r.name);
		if (!sa || sa->r.kind != RES_ASSOC)
			continue;
		merge_resource(plan, &pa->r, &sa->r);
		merge_value(plan, &pa->r, &pa->block.v, &sa->block.v, "associated block", notes);
		merge_ref(plan, &vpcs, &pa->ref, &sa->ref);
	}
	for (size_t i = 0; i < plan->nsubnets; i++) {
		struct subnet *ps = plan->subnets[i];
		const struct subnet *ss = strmap_get(&by, ps->r.name);
		if (!ss || ss->r.kind != RES_SUBNET)
			continue;
		merge_resource(plan, &ps->r, &ss->r);
		if (ps->has_v4 && ss->has_v4)
			merge_value(plan, &ps->r, &ps->v4, &ss->v4, "IPv4 block", notes);
		if (ps->v6 && ss->v6)
			merge_value(plan, &ps->r, ps->v6, ss->v6, "IPv6 block", notes);
		merge_ref(plan, &vpcs, &ps->ref, &ss->ref);
	}
	strmap_release(&by);
	strmap_release(&vpcs);
}
