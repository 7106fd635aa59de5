/*
 * world.h: every fact of a run merged into one view.  The world links
 * associations and subnets to their VPCs (by logical name within an input,
 * by VPC id across inputs), folds the same VPC seen twice (a plan and an
 * inventory) into one, computes the state after the run (deletes remove,
 * creates add), and indexes every known block so that overlap and
 * containment queries cost O(log n), never a pairwise loop.
 *
 * Ownership: world_add() takes ownership of the facts; world_release()
 * frees them with everything the world built.
 */
#ifndef CIDRLINT_WORLD_H
#define CIDRLINT_WORLD_H

#include "policies/facts.h"
#include "policies/graph.h"
#include "policies/plan.h"

/* --- prefix index ----------------------------------------------------- */

/*
 * A struct prefix's fields, not the struct: seq then fits in the bytes a
 * struct prefix pads with, and an entry takes 32 bytes, not 40 (a plan
 * of 40,000 VPCs indexes 80,000 blocks at the peak of its run).
 */
struct pentry {
	u128_stored addr;
	uint8_t len, family;
	uint32_t seq; /* insertion order: ties sort stably */
	void *obj;
};

struct pindex {
	struct pentry *v;
	size_t n, cap;
	bool lens[2][129]; /* [family == 6][len]: lengths present */
	bool built;
};

void pindex_init(struct pindex *ix);
void pindex_release(struct pindex *ix);
/* Room for n entries in all, so that adding them grows nothing. */
void pindex_reserve(struct pindex *ix, size_t n);
void pindex_add(struct pindex *ix, const struct prefix *p, void *obj);
void pindex_build(struct pindex *ix); /* sort; call once after the adds */
/*
 * Call cb for every entry overlapping p, in index order, until cb returns
 * false.  Cost: O(L log n + k) for k reported entries and L distinct
 * lengths shorter than p (at most 129).  Returns the number of calls.
 */
typedef bool (*pindex_cb)(void *arg, const struct pentry *e);
size_t pindex_overlapping(const struct pindex *ix, const struct prefix *p,
			  pindex_cb cb, void *arg);

/* --- world ------------------------------------------------------------ */

struct world {
	struct arena arena;
	const struct addr_plan *plan;      /* may be NULL */
	struct facts **inputs;
	size_t ninputs, capinputs;
	struct vpc **vpcs;                 /* every VPC not folded into another */
	size_t nvpcs;
	struct block **vpc_blocks;         /* the VPCs' blocks and gone, sliced */
	struct subnet **vpc_subnets;       /* the VPCs' subnets, sliced */
	struct assoc **unlinked_assocs;    /* VPC in no input (CIDR402) */
	size_t nunassocs, capunassocs;
	struct subnet **unlinked_subnets;
	size_t nunsubnets, capunsubnets;
	struct pindex blocks;              /* known VPC blocks after the run */
	struct prefix *reserved;           /* the reserved ranges, sorted: suggestions avoid
					    * them and the blocks */
	size_t nreserved;
	struct graph graph;                /* how the VPCs connect */
};

void world_init(struct world *w, const struct addr_plan *plan);
void world_release(struct world *w);
void world_add(struct world *w, struct facts *f);
/*
 * Link, fold, compute the final state, index.  Call once.  Returns -1
 * when a segment's pattern could not be evaluated on a VPC (reported in
 * errs at the pattern): segment membership, and every rule that needs it,
 * is then unknown.
 */
int world_build(struct world *w, struct errlist *errs);

/* The facts an input-group id belongs to (CloudFormation scenarios). */
const struct facts *world_group_facts(const struct world *w, uint32_t group);

/*
 * The first free block of length len in pool, avoiding every known block
 * and reserved range; after, when not NULL, starts the search past it.
 */
int world_next_free(const struct world *w, const struct prefix *pool,
		    unsigned len, const struct prefix *after, struct prefix *out);

#endif
