/*
 * rule_conflict.c: CIDR301-306, conflicts between blocks and exposure:
 * overlap with other VPCs, public and special-purpose space, ranges that
 * services use, subnets outside their VPC or overlapping each other.
 */
#include "policies/rules.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* --- CIDR301 vpc-overlap ---------------------------------------------- */

struct overlap_scan {
	const struct world *w;
	const struct vpc *vpc;
	const struct block *b;
	/* connected hits first, each list in index order */
	const struct block *conn[FINDING_MAX_RELATED], *other[FINDING_MAX_RELATED];
	const struct gedge *path;  /* of the first connected hit */
	size_t nconn, nother;      /* qualifying blocks seen */
	bool conn_elsewhere;       /* a new association's connected overlaps are CIDR307's */
	bool linked;               /* an edge of the graph has the VPC at one end */
	uint64_t variant_scen;     /* scenarios of hits folded into an earlier one */
};

static bool vpc_isolated(const struct vpc *v)
{
	const struct segment *s = v->segment;

	return s && s->isolated;
}

static bool overlap_hit(void *arg, const struct pentry *e)
{
	struct overlap_scan *sc = arg;
	const struct block *o = e->obj;
	const struct gedge *path;

	if (o->vpc == sc->vpc || !resource_coexist(o->res, sc->b->res))
		return true;
	/* An existing block is reported only against other existing ones:
	 * the change that brings a new block is where the fix belongs. */
	if (sc->b->res->lc == LC_EXISTING && o->res->lc != LC_EXISTING)
		return true;
	/* the same block of the same VPC in another scenario (other tags):
	 * one block to the reader */
	for (int list = 0; list < 2; list++) {
		const struct block *const *seen = list ? sc->other : sc->conn;
		size_t nseen = list ? sc->nother : sc->nconn;
		for (size_t i = 0; i < nseen && i < FINDING_MAX_RELATED; i++)
			if (seen[i]->res->group && seen[i]->res->group == o->res->group &&
			    str_eq(seen[i]->vpc->r.name, o->vpc->r.name) &&
			    cidr_cmp(&seen[i]->v.pfx, &o->v.pfx) == 0) {
				if (o->res->group == sc->b->res->group)
					sc->variant_scen |= o->res->scen;
				return true;
			}
	}
	path = sc->linked ? graph_between(&sc->w->graph, sc->vpc, o->vpc) : NULL;
	if (path && sc->conn_elsewhere)
		return true;
	if (path) {
		if (!sc->nconn)
			sc->path = path;
		if (sc->nconn < FINDING_MAX_RELATED)
			sc->conn[sc->nconn] = o;
		sc->nconn++;
	} else if (vpc_isolated(sc->vpc) || vpc_isolated(o->vpc)) {
		/* the plan says no path will ever join them */
		return true;
	} else {
		if (sc->nother < FINDING_MAX_RELATED)
			sc->other[sc->nother] = o;
		sc->nother++;
	}
	/* count a little past the list; stop on pathological inputs */
	return sc->nconn + sc->nother < 1000;
}

/*
 * The scan of a block's overlaps depends on its VPC, its prefix and its
 * resource's scenarios, lifecycle and kind, not on the block itself: a
 * VPC's thousand copies of one block (count = 1000) are scanned once.
 */
static const char *scan_key(struct arena *a, const struct block *b, const struct prefix *p)
{
	/* those fields as bytes, written as hex: a key per block of every
	 * VPC, so no printf */
	struct {
		u128 addr;
		uint64_t scen;
		uint32_t group;
		uint8_t len, family, lc, kind;
	} k;
	const unsigned char *in = (const unsigned char *)&k;
	char *out = arena_alloc(a, 2 * sizeof(k) + 1);

	memset(&k, 0, sizeof(k));
	k.addr = p->addr;
	k.scen = b->res->scen;
	k.group = b->res->group;
	k.len = p->len;
	k.family = p->family;
	k.lc = b->res->lc;
	k.kind = b->res->kind;
	for (size_t i = 0; i < sizeof(k); i++) {
		out[2 * i] = "0123456789abcdef"[in[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[in[i] & 15];
	}
	return out;
}

void check_vpc_overlap(struct rule_ctx *ctx)
{
	char buf[CIDR_STRLEN], other[CIDR_STRLEN];
	struct strmap memo;
	struct arena keys;
	const char *label;

	arena_init(&keys);
	for (size_t i = 0; i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		struct overlap_scan *scans;
		if (!vpc_live(v))
			continue;
		scans = xcalloc(v->nblocks + 1, sizeof(*scans));
		strmap_init(&memo);
		for (size_t j = 0; j < v->nblocks; j++) {
			const struct block *b = v->blocks[j];
			const struct prefix *p = cidr_value_prefix(&b->v);
			struct overlap_scan *seen, *sc = &scans[j];
			const struct block *hits[FINDING_MAX_RELATED];
			struct finding *f;
			size_t n, nhits = 0;

			if (!p)
				continue;
			const char *mk = scan_key(&keys, b, p);
			if ((seen = strmap_get(&memo, mk))) {
				*sc = *seen;
				sc->b = b;
			} else {
				sc->w = ctx->w;
				sc->vpc = v;
				sc->b = b;
				sc->conn_elsewhere = b->res->kind == RES_ASSOC && b->res->lc != LC_EXISTING &&
						     ctx->cfg->levels[RULE_CIDR307] != LEVEL_OFF;
				sc->linked = graph_linked(&ctx->w->graph, v);
				pindex_overlapping(&ctx->w->blocks, p, overlap_hit, sc);
				strmap_put(&memo, mk, sc);
			}
			n = sc->nconn + sc->nother;
			if (!n)
				continue;
			for (size_t k = 0; k < sc->nconn && nhits < FINDING_MAX_RELATED; k++)
				hits[nhits++] = sc->conn[k];
			for (size_t k = 0; k < sc->nother && nhits < FINDING_MAX_RELATED; k++)
				hits[nhits++] = sc->other[k];
			cidr_format(p, buf);
			label = vpc_label(ctx, hits[0]->vpc);
			cidr_format(&hits[0]->v.pfx, other);
			const char *more = n == 1 ? "" : arena_printf(&ctx->out->arena, " and %s%zu more VPC blocks",
								    n >= 1000 ? "at least " : "", n - 1);
			if (sc->nconn)
				f = rule_report(ctx, b->res, &b->v.loc, buf,
						"%s overlaps %s of %s%s, and %s connects the two VPCs: traffic between them cannot be routed",
						buf, other, label, more, gedge_label(sc->path));
			else
				f = rule_report(ctx, b->res, &b->v.loc, buf,
						"%s overlaps %s of %s%s; no peering, transit gateway or VPN connects them in these inputs",
						buf, other, label, more);
			if (f && !sc->nconn)
				f->level = level_below(f->level);
			uint64_t mask = 0;
			bool unscoped = n > FINDING_MAX_RELATED;
			for (size_t k = 0; k < nhits; k++) {
				const struct block *o = hits[k];
				if (b->res->group && o->res->group == b->res->group)
					mask |= o->res->scen | sc->variant_scen;
				else
					unscoped = true;
				finding_add_related(ctx->out, f, &o->v.loc, o->vpc->r.name,
						    cidr_format(&o->v.pfx, other),
						    "VPC '%s' has %s here", o->vpc->r.name, other);
				if (k == 0 && sc->nconn)
					finding_add_path(ctx, f, sc->path);
			}
			if (f && !unscoped)
				f->scen &= mask; /* where some overlapping block exists */
			if (f && n > FINDING_MAX_RELATED)
				f->more_related = n - FINDING_MAX_RELATED;
			suggest_in_segment(ctx, f, v, p);
		}
		strmap_release(&memo);
		arena_reset(&keys); /* the memo and its keys are one VPC's */
		free(scans);
	}
	arena_release(&keys);
}

/* --- CIDR302 public-space / CIDR303 special-purpose / CIDR304 --------- */

/* Not public: private, shared, and every special-purpose range. */
static const struct cidr_row not_public[] = {
	{"10.0.0.0/8", "RFC 1918", CIDR_V4(10, 0, 0, 0, 8)},
	{"172.16.0.0/12", "RFC 1918", CIDR_V4(172, 16, 0, 0, 12)},
	{"192.168.0.0/16", "RFC 1918", CIDR_V4(192, 168, 0, 0, 16)},
	{"100.64.0.0/10", "RFC 6598 shared address space", CIDR_V4(100, 64, 0, 0, 10)},
	{"0.0.0.0/8", NULL, CIDR_V4(0, 0, 0, 0, 8)},
	{"127.0.0.0/8", NULL, CIDR_V4(127, 0, 0, 0, 8)},
	{"169.254.0.0/16", NULL, CIDR_V4(169, 254, 0, 0, 16)},
	{"224.0.0.0/4", NULL, CIDR_V4(224, 0, 0, 0, 4)},
	{"240.0.0.0/4", NULL, CIDR_V4(240, 0, 0, 0, 4)},
};

/* IANA special-purpose registries (RFC 6890 and updates), minus what
 * CIDR104 forbids outright. */
static const struct cidr_row special[] = {
	{"192.0.0.0/24", "IETF protocol assignments (RFC 6890)", CIDR_V4(192, 0, 0, 0, 24)},
	{"192.0.2.0/24", "documentation, TEST-NET-1 (RFC 5737)", CIDR_V4(192, 0, 2, 0, 24)},
	{"192.31.196.0/24", "AS112-v4 (RFC 7535)", CIDR_V4(192, 31, 196, 0, 24)},
	{"192.52.193.0/24", "AMT (RFC 7450)", CIDR_V4(192, 52, 193, 0, 24)},
	{"192.88.99.0/24", "the deprecated 6to4 relay anycast block (RFC 7526)", CIDR_V4(192, 88, 99, 0, 24)},
	{"192.175.48.0/24", "AS112 direct delegation (RFC 7534)", CIDR_V4(192, 175, 48, 0, 24)},
	{"198.18.0.0/15", "benchmarking (RFC 2544)", CIDR_V4(198, 18, 0, 0, 15)},
	{"198.51.100.0/24", "documentation, TEST-NET-2 (RFC 5737)", CIDR_V4(198, 51, 100, 0, 24)},
	{"203.0.113.0/24", "documentation, TEST-NET-3 (RFC 5737)", CIDR_V4(203, 0, 113, 0, 24)},
	{"::/128", "the unspecified address (RFC 4291)", CIDR_V6(0, 0, 0, 0, 0, 0, 0, 0, 128)},
	{"::1/128", "loopback (RFC 4291)", CIDR_V6(0, 0, 0, 0, 0, 0, 0, 0x1, 128)},
	{"::ffff:0:0/96", "IPv4-mapped addresses (RFC 4291)", CIDR_V6(0, 0, 0, 0, 0, 0xffff, 0, 0, 96)},
	{"64:ff9b::/96", "IPv4-IPv6 translation (RFC 6052)", CIDR_V6(0x64, 0xff9b, 0, 0, 0, 0, 0, 0, 96)},
	{"64:ff9b:1::/48", "local-use IPv4-IPv6 translation (RFC 8215)", CIDR_V6(0x64, 0xff9b, 0x1, 0, 0, 0, 0, 0, 48)},
	{"100::/64", "discard-only (RFC 6666)", CIDR_V6(0x100, 0, 0, 0, 0, 0, 0, 0, 64)},
	{"2001::/23", "IETF protocol assignments (RFC 2928)", CIDR_V6(0x2001, 0, 0, 0, 0, 0, 0, 0, 23)},
	{"2001:db8::/32", "documentation (RFC 3849)", CIDR_V6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0, 32)},
	{"2002::/16", "6to4 (RFC 3056)", CIDR_V6(0x2002, 0, 0, 0, 0, 0, 0, 0, 16)},
	{"2620:4f:8000::/48", "AS112 direct delegation (RFC 7534)", CIDR_V6(0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0, 48)},
	{"3fff::/20", "documentation (RFC 9637)", CIDR_V6(0x3fff, 0, 0, 0, 0, 0, 0, 0, 20)},
	{"5f00::/16", "SRv6 SIDs (RFC 9602)", CIDR_V6(0x5f00, 0, 0, 0, 0, 0, 0, 0, 16)},
	{"fe80::/10", "link-local unicast (RFC 4291)", CIDR_V6(0xfe80, 0, 0, 0, 0, 0, 0, 0, 10)},
	{"ff00::/8", "multicast (RFC 4291)", CIDR_V6(0xff00, 0, 0, 0, 0, 0, 0, 0, 8)},
};

static const struct cidr_row services[] = {
	{"172.17.0.0/16", "Docker's default bridge network, which AWS Cloud9 and Amazon SageMaker also use", CIDR_V4(172, 17, 0, 0, 16)},
	{"10.100.0.0/16", "a default Kubernetes service range of Amazon EKS", CIDR_V4(10, 100, 0, 0, 16)},
	{"172.20.0.0/16", "a default Kubernetes service range of Amazon EKS", CIDR_V4(172, 20, 0, 0, 16)},
};


bool others_public_space(const struct rule_ctx *ctx, const struct prefix *p, bool whole)
{
	/* a block only partly special (203.0.0.0/16 holds TEST-NET-3) is
	 * still mostly someone else's space; whole asks that none of it be
	 * private or special (a default route holds 10.0.0.0/8) */
	if (p->family != 4 || cidr_row_find(not_public, ARRAY_SIZE(not_public), p, !whole) ||
	    cidr_row_find(special, ARRAY_SIZE(special), p, !whole))
		return false;
	for (size_t i = 0; ctx->plan && i < ctx->plan->npublic; i++)
		if (cidr_contains(&ctx->plan->public_ranges[i].pfx, p))
			return false;
	return true;
}

static void public_space(struct rule_ctx *ctx, const struct vpc *v,
			 const struct block *b, const struct prefix *p)
{
	char buf[CIDR_STRLEN];

	if (!others_public_space(ctx, p, false))
		return;
	struct finding *f = rule_report(
		ctx, b->res, &b->v.loc, cidr_format(p, buf),
		"%s of VPC '%s' is publicly routable space %s: traffic from the VPC to whoever really holds it stays inside the VPC",
		buf, v->r.name,
		ctx->plan ? "that the address plan does not list as owned under public"
			  : "that nothing declares as the organisation's own (list owned space under public in an address plan)");
	suggest_in_segment(ctx, f, v, p);
}

void check_public_space(struct rule_ctx *ctx)
{
	rules_each_block(ctx, public_space);
}

static void special_purpose(struct rule_ctx *ctx, const struct vpc *v,
			    const struct block *b, const struct prefix *p)
{
	const struct cidr_row *row = cidr_row_find(special, ARRAY_SIZE(special), p, false);
	char buf[CIDR_STRLEN];

	if (!row)
		return;
	struct finding *f;

	if (cidr_equal(&row->pfx, p))
		f = rule_report(ctx, b->res, &b->v.loc, cidr_format(p, buf), "%s of VPC '%s' is %s",
				buf, v->r.name, row->what);
	else
		f = rule_report(ctx, b->res, &b->v.loc, cidr_format(p, buf),
				"%s of VPC '%s' is in %s, %s", buf, v->r.name, row->cidr, row->what);
	suggest_in_segment(ctx, f, v, p);
}

void check_special_purpose(struct rule_ctx *ctx)
{
	rules_each_block(ctx, special_purpose);
}

static void service_conflict(struct rule_ctx *ctx, const struct vpc *v,
			     const struct block *b, const struct prefix *p)
{
	const struct cidr_row *row = cidr_row_find(services, ARRAY_SIZE(services), p, false);
	char buf[CIDR_STRLEN];

	if (!row)
		return;
	if (cidr_equal(&row->pfx, p))
		rule_report(ctx, b->res, &b->v.loc, cidr_format(p, buf), "%s of VPC '%s' is %s",
			    buf, v->r.name, row->what);
	else
		rule_report(ctx, b->res, &b->v.loc, cidr_format(p, buf),
			    "%s of VPC '%s' overlaps %s, %s", buf, v->r.name, row->cidr, row->what);
}

void check_service_conflict(struct rule_ctx *ctx)
{
	rules_each_block(ctx, service_conflict);
}

/* --- CIDR305 subnet-outside-vpc --------------------------------------- */

/* Length of the VPC's unknown IPv6 block a relative subnet is carved from. */
static int rel_base_len(const struct vpc *v, const char *base)
{
	for (size_t i = 0; i < v->nblocks; i++) {
		const struct cidr_value *bv = &v->blocks[i]->v;
		if (bv->state == VAL_CONSTRAINED && cidr_value_rel_base(bv) == NULL && bv->netmask >= 0 &&
		    v->blocks[i]->family == 6 && base && strstr(base, "Ipv6CidrBlocks"))
			return bv->netmask;
	}
	return -1;
}

/* Has the VPC a block of family (known or not) where r exists? */
static bool vpc_has_family(const struct vpc *v, int family, const struct resource *r)
{
	for (size_t i = 0; i < v->nblocks; i++)
		if (v->blocks[i]->family == family && resource_coexist(v->blocks[i]->res, r))
			return true;
	for (size_t i = 0; i < v->ngone; i++)
		if (v->gone[i]->family == family)
			return true;
	return false;
}

/* A VPC's blocks for the containment question: known ones indexed, the
 * unknown ones apart (a subnet scans them, not every block). */
struct vpc_blocks {
	struct pindex known;
	const struct block **unknown;
	size_t nunknown;
};

struct holder_scan {
	const struct subnet *s;
	const struct prefix *sp;
	bool found;
};

static bool holder_hit(void *arg, const struct pentry *e)
{
	struct holder_scan *h = arg;
	const struct block *b = e->obj;

	if (resource_coexist(b->res, &h->s->r) && cidr_contains(&b->v.pfx, h->sp))
		h->found = true;
	return !h->found;
}

/* Is sp inside a block of the VPC that exists with s, or may it be (a
 * block of the family whose value is unknown: CIDR401)? */
static bool subnet_held(const struct vpc_blocks *vb, const struct subnet *s,
			const struct prefix *sp, int family)
{
	struct holder_scan h = {.s = s, .sp = sp};

	for (size_t i = 0; i < vb->nunknown; i++)
		if (vb->unknown[i]->family == family && resource_coexist(vb->unknown[i]->res, &s->r))
			return true;
	pindex_overlapping(&vb->known, sp, holder_hit, &h);
	return h.found;
}

static void subnet_outside(struct rule_ctx *ctx, const struct vpc *v, const struct vpc_blocks *vb,
			   const struct subnet *s, const struct cidr_value *sv, int family)
{
	const struct prefix *sp = cidr_value_prefix(sv);
	char buf[CIDR_STRLEN];
	struct sbuf sb;
	bool known = false;

	if (family == 6 && (sp || sv->state == VAL_CONSTRAINED) && !vpc_has_family(v, 6, &s->r)) {
		/* AWS refuses the subnet (CreateSubnet: the VPC has no IPv6
		 * CIDR block); cfn-lint's E3059 says the same */
		rule_report(ctx, &s->r, &sv->loc, sp ? cidr_format(sp, buf) : NULL,
			    "subnet '%s' has an IPv6 block, but %s has no IPv6 block at all", s->r.name,
			    vpc_label(ctx, v));
		return;
	}
	if (!sp && cidr_value_rel_base(sv) && sv->state == VAL_CONSTRAINED) {
		int blen = rel_base_len(v, cidr_value_rel_base(sv));
		if (blen < 0)
			return;
		struct prefix base = cidr_make(6, 0, (unsigned)blen);
		if (cidr_contains(&base, &sv->rel))
			return;
		rule_report(ctx, &s->r, &sv->loc, NULL,
			    "the IPv6 block of subnet '%s' falls outside the /%d of %s it is carved from",
			    s->r.name, blen, vpc_label(ctx, v));
		return;
	}
	if (!sp)
		return;
	/* a block the run removes while this subnet uses it: AWS refuses the
	 * removal, so the subnet stays inside it; CIDR109 reports that */
	for (size_t i = 0; i < v->ngone; i++) {
		const struct prefix *gp = cidr_value_prefix(&v->gone[i]->v);
		if (gp && cidr_contains(gp, sp))
			return;
	}
	/* an unknown block of the VPC may hold it: CIDR401 */
	if (subnet_held(vb, s, sp, family))
		return;
	for (size_t i = 0; i < v->nblocks && !known; i++) {
		const struct block *b = v->blocks[i];
		known = b->family == family && resource_coexist(b->res, &s->r);
	}
	if (!known)
		return; /* no block of this family at all: nothing to compare */
	sbuf_init(&sb, 4096);
	for (size_t i = 0, n = 0; i < v->nblocks; i++) {
		const struct prefix *bp = cidr_value_prefix(&v->blocks[i]->v);
		if (v->blocks[i]->family == family && bp && resource_coexist(v->blocks[i]->res, &s->r))
			sbuf_addf_cut(&sb, "%s%s", n++ ? ", " : "", cidr_format(bp, buf));
	}
	struct finding *f = rule_report(ctx, &s->r, &sv->loc, cidr_format(sp, buf),
					"subnet %s is not inside any one block of %s: %s", buf,
					vpc_label(ctx, v), sb.buf);
	sbuf_release(&sb);
	for (size_t i = 0; i < v->nblocks; i++) {
		const struct block *b = v->blocks[i];
		const struct prefix *bp = cidr_value_prefix(&b->v);
		if (b->family == family && bp && resource_coexist(b->res, &s->r))
			finding_add_related(ctx->out, f, &b->v.loc, b->res->name,
					    cidr_format(bp, buf), "the VPC has %s here", buf);
	}
}

void check_subnet_outside_vpc(struct rule_ctx *ctx)
{
	for (size_t i = 0; i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		struct vpc_blocks vb = {.nunknown = 0};

		if (!vpc_live(v) || !v->nsubnets)
			continue;
		pindex_init(&vb.known);
		vb.unknown = xcalloc(v->nblocks + 1, sizeof(*vb.unknown));
		for (size_t j = 0; j < v->nblocks; j++) {
			const struct block *b = v->blocks[j];
			if (cidr_value_prefix(&b->v))
				pindex_add(&vb.known, &b->v.pfx, (void *)b);
			else
				vb.unknown[vb.nunknown++] = b;
		}
		pindex_build(&vb.known);
		for (size_t j = 0; j < v->nsubnets; j++) {
			const struct subnet *s = v->subnets[j];
			if (s->has_v4)
				subnet_outside(ctx, v, &vb, s, &s->v4, 4);
			if (s->v6)
				subnet_outside(ctx, v, &vb, s, s->v6, 6);
		}
		free(vb.unknown);
		pindex_release(&vb.known);
	}
}

/* --- CIDR306 subnet-overlap ------------------------------------------- */

static struct finding *subnet_overlap_report(struct rule_ctx *ctx, const struct overlap_report *r,
					     void *arg)
{
	const struct vpc *v = arg;
	const struct subnet *x = r->x->obj, *y = r->y->obj;
	char a[CIDR_STRLEN], b[CIDR_STRLEN];
	struct finding *f;

	if (r->y->base) {
		f = rule_report(ctx, &y->r, r->y->loc, NULL,
				"the IPv%d block of subnet '%s' overlaps that of subnet '%s': both are carved from the same part of %s%s",
				r->y->key.family == 4 ? 4 : 6, y->r.name, x->r.name, r->y->base, r->more);
		finding_add_related(ctx->out, f, r->x->loc, x->r.name, NULL,
				    "subnet '%s' takes it here", x->r.name);
	} else {
		f = rule_report(ctx, &y->r, r->y->loc, cidr_format(&r->y->key, b),
				"subnet %s overlaps subnet '%s' (%s) in VPC '%s'%s", b, x->r.name,
				cidr_format(&r->x->key, a), v->r.name, r->more);
		finding_add_related(ctx->out, f, r->x->loc, x->r.name, a,
				    "subnet '%s' has %s here", x->r.name, a);
	}
	finding_scope(f, &x->r);
	return f;
}

static void subnet_overlap_related(struct rule_ctx *ctx, struct finding *f,
				   const struct overlap_item *o, void *arg)
{
	const struct subnet *s = o->obj;
	char a[CIDR_STRLEN];

	(void)arg;
	if (o->base)
		finding_add_related(ctx->out, f, o->loc, s->r.name, NULL,
				    "subnet '%s' takes it too, here", s->r.name);
	else
		finding_add_related(ctx->out, f, o->loc, s->r.name, cidr_format(&o->key, a),
				    "subnet '%s' has %s too, here", s->r.name, a);
}

void check_subnet_overlap(struct rule_ctx *ctx)
{
	static const struct overlap_rule rule = {
		.noun = {"subnet", "subnets"},
		.report = subnet_overlap_report,
		.related = subnet_overlap_related,
	};

	for (size_t i = 0; i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		struct overlap_item *e;
		size_t n = 0;

		if (!vpc_live(v) || v->nsubnets < 2)
			continue;
		e = xcalloc(2 * v->nsubnets, sizeof(*e));
		for (size_t j = 0; j < v->nsubnets; j++) {
			const struct subnet *s = v->subnets[j];
			const struct cidr_value *vals[2] = {s->has_v4 ? &s->v4 : NULL,
							    s->v6};
			for (int k = 0; k < 2; k++) {
				const struct cidr_value *sv = vals[k];
				if (!sv)
					continue;
				if (cidr_value_prefix(sv))
					e[n++] = (struct overlap_item){
						.key = sv->pfx, .res = &s->r, .loc = &sv->loc, .obj = s};
				else if (cidr_value_rel_base(sv) && sv->state == VAL_CONSTRAINED)
					e[n++] = (struct overlap_item){.key = sv->rel,
								       .base = cidr_value_rel_base(sv),
								       .res = &s->r,
								       .loc = &sv->loc,
								       .obj = s};
			}
		}
		overlap_sweep(ctx, e, n, &rule, (void *)v);
		free(e);
	}
}
