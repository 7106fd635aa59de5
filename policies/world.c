/*
 * world.c: merging, linking and indexing the facts of a run (see world.h).
 */
#include "policies/world.h"

#include <stdlib.h>
#include <string.h>

/* --- prefix index ----------------------------------------------------- */

void pindex_init(struct pindex *ix)
{
	memset(ix, 0, sizeof(*ix));
}

void pindex_release(struct pindex *ix)
{
	free(ix->v);
	pindex_init(ix);
}

void pindex_reserve(struct pindex *ix, size_t n)
{
	if (n > ix->cap) {
		ix->v = xrealloc(ix->v, n * sizeof(*ix->v));
		ix->cap = n;
	}
}

void pindex_add(struct pindex *ix, const struct prefix *p, void *obj)
{
	struct pentry *e = VEC_PUSH(ix->v, ix->n, ix->cap);

	e->addr = p->addr;
	e->len = p->len;
	e->family = p->family;
	e->obj = obj;
	e->seq = (uint32_t)(ix->n - 1);
	ix->lens[p->family == 6][p->len] = true;
	ix->built = false;
}

static int prefix_qsort_cmp(const void *a, const void *b)
{
	return cidr_cmp(a, b);
}

static struct prefix pentry_prefix(const struct pentry *e)
{
	return (struct prefix){.addr = e->addr, .len = e->len, .family = e->family};
}

/* cidr_cmp() on the prefixes, then seq: a total order */
static bool pentry_less(const struct pentry *x, const struct pentry *y)
{
	struct prefix a = pentry_prefix(x), b = pentry_prefix(y);
	int c = cidr_cmp(&a, &b);

	return c ? c < 0 : x->seq < y->seq;
}

static bool pentry_is(const struct pentry *e, const struct prefix *p)
{
	struct prefix at = pentry_prefix(e);

	return cidr_equal(&at, p);
}

static void pentry_swap(struct pentry *a, struct pentry *b)
{
	struct pentry t = *a;

	*a = *b;
	*b = t;
}

static void pentry_insertion_sort(struct pentry *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct pentry e = v[i];
		size_t j = i;

		for (; j > 0 && pentry_less(&e, &v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = e;
	}
}

static void pentry_sift_down(struct pentry *v, size_t root, size_t n)
{
	for (size_t child; (child = 2 * root + 1) < n; root = child) {
		if (child + 1 < n && pentry_less(&v[child], &v[child + 1]))
			child++;
		if (!pentry_less(&v[root], &v[child]))
			return;
		pentry_swap(&v[root], &v[child]);
	}
}

static void pentry_heap_sort(struct pentry *v, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		pentry_sift_down(v, i, n);
	for (size_t end = n; end-- > 1;) {
		pentry_swap(&v[0], &v[end]);
		pentry_sift_down(v, 0, end);
	}
}

/*
 * Introsort: quicksort (Hoare's partition about the middle entry), short
 * runs by insertion, heapsort past a depth only adversarial orders reach.
 * Entries are distinct (seq), so partitions never degrade on ties.
 */
static void pentry_sort(struct pentry *v, size_t n, unsigned depth)
{
	while (n > 16) {
		if (depth-- == 0) {
			pentry_heap_sort(v, n);
			return;
		}
		struct pentry pivot = v[(n - 1) / 2];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (pentry_less(&v[i], &pivot))
				i++;
			while (pentry_less(&pivot, &v[j]))
				j--;
			if (i >= j)
				break;
			pentry_swap(&v[i], &v[j]);
			i++;
			j--;
		}
		/* [0, j] <= pivot <= [j + 1, n): recurse into the smaller side */
		if (j + 1 < n - (j + 1)) {
			pentry_sort(v, j + 1, depth);
			v += j + 1;
			n -= j + 1;
		} else {
			pentry_sort(v + j + 1, n - (j + 1), depth);
			n = j + 1;
		}
	}
	pentry_insertion_sort(v, n);
}

/* Sorted in place: qsort() would take a temporary array beside the
 * index, the largest array at the peak of a large run.  seq makes the
 * order total, so an unstable sort gives the one order there is. */
void pindex_build(struct pindex *ix)
{
	unsigned depth = 0;

	for (size_t n = ix->n; n > 1; n >>= 1)
		depth += 2;
	pentry_sort(ix->v, ix->n, depth);
	ix->built = true;
}

/* First entry not ordered before (family, addr, len). */
static size_t lower_bound(const struct pindex *ix, int family, u128 addr,
			  unsigned len)
{
	size_t lo = 0, hi = ix->n;
	struct prefix key;

	key.family = (uint8_t)family;
	key.addr = addr;
	key.len = (uint8_t)len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct prefix at = pentry_prefix(&ix->v[mid]);
		if (cidr_cmp(&at, &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t pindex_overlapping(const struct pindex *ix, const struct prefix *p,
			  pindex_cb cb, void *arg)
{
	size_t calls = 0;
	u128 last = cidr_last(p);
	int fam6 = p->family == 6;

	/* Ancestors that start strictly before p: exact look-ups, one per
	 * length present.  Prefixes nest or are disjoint, so nothing else
	 * starting before p can reach it. */
	for (unsigned len = 0; len < p->len; len++) {
		struct prefix anc;
		size_t i;

		if (!ix->lens[fam6][len])
			continue;
		anc = cidr_make(p->family, p->addr, len);
		if (anc.addr == p->addr)
			continue; /* starts at p: found by the scan below */
		for (i = lower_bound(ix, p->family, anc.addr, len);
		     i < ix->n && pentry_is(&ix->v[i], &anc); i++) {
			calls++;
			if (!cb(arg, &ix->v[i]))
				return calls;
		}
	}
	/* Everything that starts inside p overlaps it. */
	for (size_t i = lower_bound(ix, p->family, p->addr, 0);
	     i < ix->n && ix->v[i].family == p->family && ix->v[i].addr <= last;
	     i++) {
		calls++;
		if (!cb(arg, &ix->v[i]))
			return calls;
	}
	return calls;
}

/* --- world ------------------------------------------------------------ */

void world_init(struct world *w, const struct addr_plan *plan)
{
	memset(w, 0, sizeof(*w));
	arena_init(&w->arena);
	w->plan = plan;
	pindex_init(&w->blocks);
}

void world_release(struct world *w)
{
	for (size_t i = 0; i < w->ninputs; i++)
		facts_free(w->inputs[i]);
	free(w->inputs);
	free(w->vpcs);
	free(w->vpc_blocks);
	free(w->vpc_subnets);
	free(w->unlinked_assocs);
	free(w->unlinked_subnets);
	free(w->reserved);
	graph_release(&w->graph);
	pindex_release(&w->blocks);
	arena_release(&w->arena);
	memset(w, 0, sizeof(*w));
}

static void set_group(struct resource *r, uint32_t group)
{
	if (r->scen != ~(uint64_t)0)
		r->group = group;
}

void world_add(struct world *w, struct facts *f)
{
	*VEC_PUSH(w->inputs, w->ninputs, w->capinputs) = f;
	if (f->nscen == 0)
		return;
	/* scenario bits of one template only constrain facts of that template */
	f->group = (uint32_t)w->ninputs;
	for (size_t i = 0; i < f->nvpcs; i++)
		set_group(&f->vpcs[i]->r, f->group);
	for (size_t i = 0; i < f->nassocs; i++)
		set_group(&f->assocs[i]->r, f->group);
	for (size_t i = 0; i < f->nsubnets; i++)
		set_group(&f->subnets[i]->r, f->group);
	for (size_t i = 0; i < f->nlinks; i++)
		set_group(&f->links[i]->r, f->group);
	for (size_t i = 0; i < f->nnotes; i++)
		if (f->notes[i].scen != ~(uint64_t)0)
			f->notes[i].group = f->group;
}

const struct facts *world_group_facts(const struct world *w, uint32_t group)
{
	return group && group <= w->ninputs ? w->inputs[group - 1] : NULL;
}

static bool is_existing_kind(enum input_kind k)
{
	return k == INPUT_INVENTORY || k == INPUT_CLOUDTRAIL || k == INPUT_TFSTATE;
}

static bool is_inventory(const struct facts *f)
{
	return is_existing_kind(f->kind);
}

static bool vpc_has_prefix(const struct vpc *v, const struct prefix *p)
{
	for (size_t i = 0; i < v->nblocks; i++) {
		const struct prefix *q = cidr_value_prefix(&v->blocks[i]->v);
		if (q && cidr_equal(p, q))
			return true;
	}
	return false;
}

/* A block vpc_push_block() may push, counted before: the count is never
 * less than what is pushed (a block the VPC shows already is not pushed
 * again), so that vpc_slice() sizes each array once. */
static void vpc_count_block(struct vpc *v, enum lifecycle lc, bool vpc_exists)
{
	if (!vpc_exists)
		return;
	if (lifecycle_exists_after(lc))
		v->nblocks++;
	else
		v->ngone++;
}

static void vpc_push_block(struct vpc *v, struct block *b, enum lifecycle lc,
			   bool vpc_exists)
{
	b->vpc = v;
	if (!vpc_exists)
		return;
	if (lifecycle_exists_after(lc))
		v->blocks[v->nblocks++] = b;
	else
		v->gone[v->ngone++] = b;
}

/* Fold a second sighting of a VPC (same id) into the canonical one. */
static void vpc_fold(struct arena *arena, struct vpc *canon, struct vpc *dup)
{
	bool exists = lifecycle_exists_after(canon->r.lc);

	dup->merged = true;
	for (size_t i = 0; i < dup->nown; i++) {
		struct block *b = &dup->own[i];
		const struct prefix *p = cidr_value_prefix(&b->v);

		if (p && vpc_has_prefix(canon, p))
			continue;
		if (!p && b->v.state == VAL_KNOWN)
			continue;
		vpc_push_block(canon, b, dup->r.lc, exists);
	}
	/* what one sighting knows of its place and the other not */
	struct res_place pl = *canon->r.place;
	if (!pl.region)
		pl.region = dup->r.place->region;
	if (!pl.account)
		pl.account = dup->r.place->account;
	if (pl.region != canon->r.place->region || pl.account != canon->r.place->account)
		canon->r.place = arena_memdup(arena, &pl, sizeof(pl));
	if (!canon->ntags) {
		canon->tags = dup->tags;
		canon->ntags = dup->ntags;
	}
}

/* A VPC, by its id and name; a second sighting (same id) is marked merged,
 * and folded into the first by vpc_place() once the arrays are sliced. */
static void vpc_register(struct world *w, struct strmap *ids, struct strmap *names,
			 struct vpc *v)
{
	const char *id = resource_aws_id(&v->r);
	struct vpc *prev;

	if (id && (prev = strmap_get(ids, id)) != NULL) {
		v->merged = true;
		for (size_t i = 0; i < v->nown; i++)
			vpc_count_block(prev, v->r.lc, lifecycle_exists_after(prev->r.lc));
		return;
	}
	w->vpcs[w->nvpcs++] = v;
	for (size_t i = 0; i < v->nown; i++)
		vpc_count_block(v, v->r.lc, lifecycle_exists_after(v->r.lc));
	if (id)
		strmap_put(ids, id, v);
	prev = strmap_put(names, v->r.name, v);
	if (prev) {
		/* same name, another scenario: keep the chain */
		strmap_put(names, v->r.name, prev);
		while (prev->next_variant)
			prev = prev->next_variant;
		prev->next_variant = v;
	}
}

/* A registered VPC's own blocks, or a second sighting's folded into the
 * first's: in the order of registration, before any association's. */
static void vpc_place(struct world *w, struct strmap *ids, struct vpc *v)
{
	bool exists = lifecycle_exists_after(v->r.lc);

	if (v->merged) {
		vpc_fold(&w->arena, strmap_get(ids, resource_aws_id(&v->r)), v);
		return;
	}
	for (size_t i = 0; i < v->nown; i++)
		vpc_push_block(v, &v->own[i], v->r.lc, exists);
}

/* Each VPC's arrays, of the sizes counted, sliced from two arrays of the
 * world's; the counts start again from 0 for the filling.  Returns the
 * end of each of the two, for vpc_slices_check(). */
static void vpc_slice(struct world *w, struct block ***bend, struct subnet ***send)
{
	size_t nb = 0, ns = 0;

	for (size_t i = 0; i < w->nvpcs; i++) {
		nb += (size_t)w->vpcs[i]->nblocks + w->vpcs[i]->ngone;
		ns += w->vpcs[i]->nsubnets;
	}
	w->vpc_blocks = xcalloc(nb + 1, sizeof(*w->vpc_blocks));
	w->vpc_subnets = xcalloc(ns + 1, sizeof(*w->vpc_subnets));
	nb = ns = 0;
	for (size_t i = 0; i < w->nvpcs; i++) {
		struct vpc *v = w->vpcs[i];

		v->blocks = w->vpc_blocks + nb;
		nb += v->nblocks;
		v->gone = w->vpc_blocks + nb;
		nb += v->ngone;
		v->subnets = w->vpc_subnets + ns;
		ns += v->nsubnets;
		v->nblocks = v->ngone = v->nsubnets = 0;
	}
	*bend = w->vpc_blocks + nb;
	*send = w->vpc_subnets + ns;
}

/* No VPC filled past its slice: a count below what was pushed is a
 * programming error, caught here rather than as another VPC's block. */
static void vpc_slices_check(const struct world *w, struct block **bend, struct subnet **send)
{
	for (size_t i = 0; i < w->nvpcs; i++) {
		const struct vpc *v = w->vpcs[i], *next = i + 1 < w->nvpcs ? w->vpcs[i + 1] : NULL;

		if (v->blocks + v->nblocks > v->gone || v->gone + v->ngone > (next ? next->blocks : bend) ||
		    v->subnets + v->nsubnets > (next ? next->subnets : send))
			abort();
	}
}

/* The VPCs an association or subnet refers to (a variant chain); names
 * are the referring input's, stacks the names of every CloudFormation
 * stack by its key (a VPC of another stack: Fn::ImportValue, nested). */
static struct vpc *resolve_ref(const struct vpc_ref *ref, struct strmap *names,
			       struct strmap *ids, struct strmap *stacks)
{
	switch (ref->kind) {
	case VREF_LOCAL: {
		struct vpc *v;
		if (ref->stack) {
			struct strmap *other = strmap_get(stacks, ref->stack);
			return other ? strmap_get(other, ref->name) : NULL;
		}
		v = strmap_get(names, ref->name);
		return v ? v : strmap_get(ids, ref->name);
	}
	case VREF_AWSID:
		return strmap_get(ids, ref->name);
	case VREF_NONE:
		break;
	}
	return NULL;
}

/* What link_assoc() and link_subnet() may push, counted: the same tests
 * but for a block or subnet met twice, which makes the count larger. */
static void count_assoc(const struct assoc *a, struct vpc *chain)
{
	if (a->no_block)
		return;
	for (struct vpc *v = chain; v; v = v->next_variant)
		if (resource_coexist(&a->r, &v->r))
			vpc_count_block(v, a->r.lc, lifecycle_exists_after(v->r.lc));
}

static void count_subnet(const struct subnet *s, struct vpc *chain)
{
	for (struct vpc *v = chain; v; v = v->next_variant)
		if (resource_coexist(&s->r, &v->r) && lifecycle_exists_after(s->r.lc) &&
		    lifecycle_exists_after(v->r.lc))
			v->nsubnets++;
}

static void link_assoc(struct world *w, struct assoc *a, struct vpc *chain)
{
	bool linked = false;

	if (a->no_block)
		return; /* adds nothing; CIDR108 reports it */
	/* variants narrow their own copy, of the association as it was (one
	 * VPC, as nearly always: no copy) */
	struct assoc copy;
	const struct assoc *orig = a;
	if (chain && chain->next_variant) {
		copy = *a;
		orig = &copy;
	}

	for (struct vpc *v = chain; v; v = v->next_variant) {
		struct assoc *use = a;

		if (!resource_coexist(&orig->r, &v->r))
			continue;
		if (linked) {
			use = arena_memdup(&w->arena, orig, sizeof(*orig));
			use->block.res = &use->r;
		}
		if (orig->r.group && orig->r.group == v->r.group)
			use->r.scen = orig->r.scen & v->r.scen;
		linked = true;
		use->block.vpc = v;
		/* a block some other input already showed on this VPC (an
		 * inventory and a state, or a CloudTrail event of an association
		 * the inventory lists) is one block, not two */
		if (is_existing_kind(a->r.input_kind) && cidr_value_prefix(&a->block.v) &&
		    vpc_has_prefix(v, cidr_value_prefix(&a->block.v)))
			continue;
		vpc_push_block(v, &use->block, a->r.lc, lifecycle_exists_after(v->r.lc));
	}
	if (!linked)
		*VEC_PUSH(w->unlinked_assocs, w->nunassocs, w->capunassocs) = a;
}

static void link_subnet(struct world *w, struct subnet *s, struct vpc *chain,
			struct strmap *subnet_ids)
{
	const char *id = resource_aws_id(&s->r);
	bool linked = false;

	if (id) {
		if (strmap_get(subnet_ids, id))
			return; /* seen already (plan and inventory) */
		strmap_put(subnet_ids, id, s);
	}
	/* as for an association */
	struct subnet copy;
	const struct subnet *orig = s;
	if (chain && chain->next_variant) {
		copy = *s;
		orig = &copy;
	}

	for (struct vpc *v = chain; v; v = v->next_variant) {
		struct subnet *use = s;

		if (!resource_coexist(&orig->r, &v->r))
			continue;
		if (linked)
			use = arena_memdup(&w->arena, orig, sizeof(*orig));
		if (orig->r.group && orig->r.group == v->r.group)
			use->r.scen = orig->r.scen & v->r.scen;
		linked = true;
		use->vpc = v;
		if (lifecycle_exists_after(use->r.lc) && lifecycle_exists_after(v->r.lc))
			v->subnets[v->nsubnets++] = use;
	}
	if (!linked)
		*VEC_PUSH(w->unlinked_subnets, w->nunsubnets, w->capunsubnets) = s;
}

struct graph_resolve {
	struct strmap *names, *ids, *stacks;
};

static struct vpc *graph_vpc(void *ctx, size_t input, const struct vpc_ref *ref)
{
	struct graph_resolve *gr = ctx;

	return resolve_ref(ref, &gr->names[input], gr->ids, gr->stacks);
}

int world_build(struct world *w, struct errlist *errs)
{
	struct strmap ids, subnet_ids, stacks;
	struct strmap *names = xcalloc(w->ninputs + 1, sizeof(*names));
	const struct plan_regex **failed = NULL;
	size_t nfailed = 0, capfailed = 0, maxvpcs = 0, nrefs = 0, k, *order, norder = 0;
	struct vpc **chains;
	struct block **bend;
	struct subnet **send;

	strmap_init(&ids);
	strmap_init(&subnet_ids);
	strmap_init(&stacks);
	for (size_t i = 0; i < w->ninputs; i++) {
		maxvpcs += w->inputs[i]->nvpcs;
		nrefs += w->inputs[i]->nassocs + w->inputs[i]->nsubnets;
	}
	w->vpcs = xcalloc(maxvpcs + 1, sizeof(*w->vpcs));
	/* Templates and plans first: they say what the run changes, so their
	 * view of a VPC wins over an inventory's. */
	order = xcalloc(w->ninputs + 1, sizeof(*order));
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < w->ninputs; i++)
			if (is_inventory(w->inputs[i]) == (pass == 1))
				order[norder++] = i;
	for (size_t o = 0; o < norder; o++) {
		size_t i = order[o];
		struct facts *f = w->inputs[i];
		strmap_init(&names[i]);
		if (f->stack)
			strmap_put(&stacks, f->stack, &names[i]);
		for (size_t j = 0; j < f->nvpcs; j++)
			vpc_register(w, &ids, &names[i], f->vpcs[j]);
	}
	/* what each VPC will hold, counted with the VPCs each association and
	 * subnet refers to, kept for linking them after the slicing */
	chains = xcalloc(nrefs + 1, sizeof(*chains));
	k = 0;
	for (size_t o = 0; o < norder; o++) {
		size_t i = order[o];
		struct facts *f = w->inputs[i];
		for (size_t j = 0; j < f->nassocs; j++, k++) {
			chains[k] = resolve_ref(&f->assocs[j]->ref, &names[i], &ids, &stacks);
			count_assoc(f->assocs[j], chains[k]);
		}
		for (size_t j = 0; j < f->nsubnets; j++, k++) {
			chains[k] = resolve_ref(&f->subnets[j]->ref, &names[i], &ids, &stacks);
			count_subnet(f->subnets[j], chains[k]);
		}
	}
	vpc_slice(w, &bend, &send);
	for (size_t o = 0; o < norder; o++)
		for (size_t j = 0; j < w->inputs[order[o]]->nvpcs; j++)
			vpc_place(w, &ids, w->inputs[order[o]]->vpcs[j]);
	k = 0;
	for (size_t o = 0; o < norder; o++) {
		struct facts *f = w->inputs[order[o]];
		for (size_t j = 0; j < f->nassocs; j++)
			link_assoc(w, f->assocs[j], chains[k++]);
		for (size_t j = 0; j < f->nsubnets; j++)
			link_subnet(w, f->subnets[j], chains[k++], &subnet_ids);
	}
	vpc_slices_check(w, bend, send);
	free(chains);
	free(order);
	struct graph_resolve gr = {names, &ids, &stacks};
	graph_build(&w->graph, &w->arena, w->inputs, w->ninputs, graph_vpc, &gr);
	for (size_t i = 0; i < w->ninputs; i++)
		strmap_release(&names[i]);
	free(names);
	strmap_release(&ids);
	strmap_release(&subnet_ids);
	strmap_release(&stacks);

	size_t nknown = 0, nres;
	for (size_t i = 0; i < w->nvpcs; i++) {
		struct vpc *v = w->vpcs[i];
		struct plan_match_error err;
		/* a VPC allocating from an IPAM pool of the plan is that pool's */
		for (size_t j = 0; j < v->nblocks && !v->segment; j++)
			v->segment = plan_segment_of_pool(w->plan, cidr_value_pool(&v->blocks[j]->v));
		err.re = NULL;
		if (!v->segment)
			v->segment = plan_segment_for(w->plan, v, &err);
		plan_match_error_report(&err, errs, &failed, &nfailed, &capfailed);
		for (size_t j = 0; j < v->nblocks; j++) {
			const struct prefix *p = cidr_value_prefix(&v->blocks[j]->v);
			nknown += p != NULL;
		}
	}
	/* every known block once in the index, sized at once: a plan of tens
	 * of thousands of VPCs grows no array by doubling at the peak of the
	 * run; suggestions read the index itself beside the reserved ranges,
	 * which are few, not a sorted copy of every block */
	nres = w->plan ? w->plan->nreserved : 0;
	for (size_t i = 0; i < w->ninputs; i++)
		nres += w->inputs[i]->nreservations;
	pindex_reserve(&w->blocks, nknown);
	w->reserved = xcalloc(nres + 1, sizeof(*w->reserved));
	for (size_t i = 0; i < w->nvpcs; i++)
		for (size_t j = 0; j < w->vpcs[i]->nblocks; j++) {
			const struct prefix *p = cidr_value_prefix(&w->vpcs[i]->blocks[j]->v);
			if (p)
				pindex_add(&w->blocks, p, w->vpcs[i]->blocks[j]);
		}
	for (size_t i = 0; i < w->ninputs; i++)
		for (size_t j = 0; j < w->inputs[i]->nreservations; j++)
			w->reserved[w->nreserved++] = w->inputs[i]->reservations[j].pfx;
	if (w->plan)
		for (size_t i = 0; i < w->plan->nreserved; i++)
			w->reserved[w->nreserved++] = w->plan->reserved[i].pfx;
	pindex_build(&w->blocks);
	qsort(w->reserved, w->nreserved, sizeof(*w->reserved), prefix_qsort_cmp);
	free(failed);
	return nfailed ? -1 : 0;
}

/* The used space of world_next_free(): the index's blocks merged with the
 * reserved ranges, both sorted by cidr_cmp(), so read in that order. */
struct used_space {
	const struct pindex *ix;
	const struct prefix *res;
	size_t i, j, nres;
	struct prefix cur;
};

static const struct prefix *used_next(void *arg)
{
	struct used_space *u = arg;

	if (u->i < u->ix->n) {
		u->cur = pentry_prefix(&u->ix->v[u->i]);
		if (u->j == u->nres || cidr_cmp(&u->cur, &u->res[u->j]) <= 0) {
			u->i++;
			return &u->cur;
		}
	}
	return u->j < u->nres ? &u->res[u->j++] : NULL;
}

int world_next_free(const struct world *w, const struct prefix *pool,
		    unsigned len, const struct prefix *after, struct prefix *out)
{
	u128 from = pool->addr;

	if (after) {
		u128 l = cidr_last(after);
		if (l == cidr_last(pool))
			return -1;
		from = l + 1;
	}
	struct used_space u = {.ix = &w->blocks, .res = w->reserved, .nres = w->nreserved};
	return cidr_next_free_seq(pool, len, used_next, &u, from, out);
}
