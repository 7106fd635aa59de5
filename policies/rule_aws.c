/*
 * rule_aws.c: CIDR101-109, what AWS or Terraform would reject.  Facts:
 * shared/reference/aws-vpc-cidr-rules.md sections 1, 2 and 4.
 */
#include "policies/rules.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* --- CIDR101 invalid-cidr --------------------------------------------- */

static void invalid_cidr(struct rule_ctx *ctx, const struct resource *r,
			 const struct cidr_value *v, int family, enum value_site site)
{
	if (v->state != VAL_KNOWN || v->valid)
		return;
	rule_report(ctx, r, &v->loc, v->text, "'%s' is not a valid %s CIDR for the %s: %s",
		    v->text, family == 6 ? "IPv6" : "IPv4", site_name(site, family),
		    v->parse_error);
}

void check_invalid_cidr(struct rule_ctx *ctx)
{
	rules_each_value(ctx, invalid_cidr);
}

/* --- CIDR102 host-bits-set -------------------------------------------- */

/* What happens to a CIDR with host bits, by where it is written. */
static const char *host_bits_consequence(const struct resource *r, enum value_site site)
{
	switch (r->input_kind) {
	case INPUT_CFN:
		/* AWS documents canonicalisation for CreateVpc and subnets only */
		return site == SITE_ASSOC
			       ? "AWS documents no rewriting for associations: the deployment may fail"
			       : "AWS silently creates that instead of what is written";
	case INPUT_TFPLAN:
	case INPUT_TFSRC:
		return "Terraform rejects it at validate time";
	default:
		return "AWS rewrote it to the network when it was created";
	}
}

static void host_bits(struct rule_ctx *ctx, const struct resource *r,
		      const struct cidr_value *v, int family, enum value_site site)
{
	char net[CIDR_STRLEN];
	struct finding *f;

	(void)family;
	if (cidr_value_rel_base(v) && v->host_bits && v->state == VAL_CONSTRAINED) {
		rule_report(ctx, r, &v->loc, NULL,
			    "'%s' has host bits set: it names an address inside a /%u carved from %s, not the network (%s)",
			    v->text, v->rel.len, cidr_value_rel_base(v), host_bits_consequence(r, site));
		return;
	}
	if (!cidr_value_prefix(v) || !v->host_bits)
		return;
	cidr_format(&v->pfx, net);
	f = rule_report(ctx, r, &v->loc, v->text, "'%s' has host bits set; the network is %s (%s)",
			v->text, net, host_bits_consequence(r, site));
	(void)site;
	if (f) {
		f->has_fix = true;
		f->fix = v->pfx;
		finding_hint(ctx, f, "write %s", net);
	}
}

void check_host_bits(struct rule_ctx *ctx)
{
	rules_each_value(ctx, host_bits);
}

/* --- CIDR103 prefix-length -------------------------------------------- */

/* IPv6 lengths AWS accepts: min..max in steps of 4. */
static bool v6_len_ok(int len, int min, int max)
{
	return len >= min && len <= max && len % 4 == 0;
}

static void prefix_length(struct rule_ctx *ctx, const struct resource *r,
			  const struct cidr_value *v, int family, enum value_site site)
{
	const struct prefix *p = cidr_value_prefix(v);
	int len;
	char buf[CIDR_STRLEN];

	if (p)
		len = p->len;
	else if (v->state == VAL_CONSTRAINED && v->netmask >= 0 && !v->amazon && !cidr_value_rel_base(v))
		len = v->netmask;
	else if (cidr_value_rel_base(v) && v->state == VAL_CONSTRAINED)
		len = v->rel.len;
	else
		return;
	const char *what;
	/* the text is formatted only for a finding: most values pass */
	if (family == 4) {
		if (len >= 16 && len <= 28)
			return;
		if ((what = p ? value_text(v, buf) : NULL))
			rule_report(ctx, r, &v->loc, what,
				    "%s is a /%d; AWS allows IPv4 %ss from /16 to /28", what,
				    len, site_name(site, 4));
		else
			rule_report(ctx, r, &v->loc, NULL,
				    "netmask length %d is outside /16 to /28, the sizes AWS allows for an IPv4 %s",
				    len, site_name(site, 4));
		return;
	}
	int max = site == SITE_SUBNET ? 64 : 60;
	if (v6_len_ok(len, 44, max))
		return;
	if ((what = p ? value_text(v, buf) : NULL))
		rule_report(ctx, r, &v->loc, what,
			    "%s is a /%d; AWS allows %ss from /44 to /%d in steps of 4", what,
			    len, site_name(site, 6), max);
	else
		rule_report(ctx, r, &v->loc, NULL,
			    "a /%d %s; AWS allows /44 to /%d in steps of 4", len,
			    site_name(site, 6), max);
}

void check_prefix_length(struct rule_ctx *ctx)
{
	rules_each_value(ctx, prefix_length);
}

/* --- CIDR104 forbidden-range ------------------------------------------ */

static const struct cidr_row forbidden[] = {
	{"0.0.0.0/8", "'this network' (RFC 791), which AWS never accepts for a VPC", CIDR_V4(0, 0, 0, 0, 8)},
	{"127.0.0.0/8", "loopback, which AWS never accepts for a VPC", CIDR_V4(127, 0, 0, 0, 8)},
	{"169.254.0.0/16", "link-local, which AWS never accepts for a VPC", CIDR_V4(169, 254, 0, 0, 16)},
	{"224.0.0.0/4", "multicast, which AWS never accepts for a VPC", CIDR_V4(224, 0, 0, 0, 4)},
	{"240.0.0.0/4", "reserved by IANA (RFC 1112); AWS does not document it, and "
			"routers and hosts commonly drop it", CIDR_V4(240, 0, 0, 0, 4)},
};

static void forbidden_range(struct rule_ctx *ctx, const struct resource *r,
			    const struct cidr_value *v, int family, enum value_site site)
{
	const struct prefix *p = cidr_value_prefix(v);
	const struct cidr_row *row;
	char buf[CIDR_STRLEN];

	if (!p || family != 4 || site == SITE_SUBNET ||
	    !(row = cidr_row_find(forbidden, ARRAY_SIZE(forbidden), p, false)))
		return;
	if (cidr_equal(&row->pfx, p))
		rule_report(ctx, r, &v->loc, cidr_format(p, buf), "%s is %s", buf, row->what);
	else
		rule_report(ctx, r, &v->loc, cidr_format(p, buf), "%s is in %s, %s", buf,
			    row->cidr, row->what);
}

void check_forbidden_range(struct rule_ctx *ctx)
{
	rules_each_value(ctx, forbidden_range);
}

/* --- CIDR105 association-restricted ------------------------------------ */

/* Order of declaration: primary first, then by input, line, column. */
static int decl_cmp(const struct block *a, const struct block *b)
{
	if (a->role != b->role)
		return a->role == BLOCK_PRIMARY ? -1 : 1;
	return loc_cmp(&a->v.loc, &b->v.loc);
}


static const struct block *primary_v4(const struct vpc *v)
{
	for (size_t i = 0; i < v->nblocks; i++)
		if (v->blocks[i]->role == BLOCK_PRIMARY && v->blocks[i]->family == 4)
			return v->blocks[i];
	return NULL;
}

/* Another block of the VPC inside range, or NULL; one AWS already holds
 * (the primary, an existing block) is preferred, as it decides for sure. */
static const struct block *other_in(const struct vpc *v, const struct block *self,
				    const struct prefix *range)
{
	const struct block *found = NULL;

	for (size_t i = 0; i < v->nblocks; i++) {
		const struct block *o = v->blocks[i];
		const struct prefix *p = cidr_value_prefix(&o->v);
		if (o == self || !p || !cidr_contains(range, p) || !resource_coexist(o->res, self->res))
			continue;
		if (o->role == BLOCK_PRIMARY || o->res->lc == LC_EXISTING)
			return o;
		if (!found)
			found = o;
	}
	return found;
}

/* The known blocks of v as items of overlap_sweep(), idx their place in
 * v->blocks; out has room for v->nblocks.  Returns how many. */
static size_t known_block_items(const struct vpc *v, struct overlap_item *out)
{
	size_t n = 0;

	for (size_t j = 0; j < v->nblocks; j++) {
		const struct block *b = v->blocks[j];
		if (cidr_value_prefix(&b->v))
			out[n++] = (struct overlap_item){.key = b->v.pfx,
							 .res = b->res,
							 .loc = &b->v.loc,
							 .first = b->role == BLOCK_PRIMARY,
							 .obj = b,
							 .idx = j};
	}
	return n;
}

/* Which blocks of v overlap a block of v declared before them that exists
 * with them, as CIDR107 reports them: one sweep, not a loop over the
 * blocks for each block.  The caller frees the array (v->nblocks flags). */
static bool *overlapping_siblings(struct rule_ctx *ctx, const struct vpc *v)
{
	struct overlap_item *items = xcalloc(v->nblocks + 1, sizeof(*items));
	bool *flags = xcalloc(v->nblocks + 1, sizeof(*flags));
	size_t n = known_block_items(v, items);

	overlap_sweep(ctx, items, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		flags[items[i].idx] = items[i].later;
	free(items);
	return flags;
}

/*
 * Why AWS restricts b next to primary class pc; NULL when permitted.
 * *trigger is set to the other block that makes it so, when there is one.
 */
static const char *restriction(const struct vpc *v, const struct block *b,
			       enum aws_v4_class pc, enum aws_v4_class bc,
			       const struct block **trigger)
{
	static const struct prefix r10_15 = CIDR_V4(10, 0, 0, 0, 15);   /* "10.0.0.0/15" */
	static const struct prefix r10_16 = CIDR_V4(10, 0, 0, 0, 16);   /* "10.0.0.0/16" */
	static const struct prefix r172_31 = CIDR_V4(172, 31, 0, 0, 16); /* "172.31.0.0/16" */

	if (bc == AWS_V4_LINKLOCAL)
		return NULL; /* CIDR104 reports it */
	switch (pc) {
	case AWS_V4_R10:
	case AWS_V4_R172:
	case AWS_V4_R192:
		if (bc == AWS_V4_B198_19)
			return "blocks from 198.19.0.0/16 are restricted next to an RFC 1918 primary";
		if (bc != pc && bc != AWS_V4_OTHER)
			return "a VPC whose primary block is RFC 1918 space can add blocks only from the same RFC 1918 range, publicly routable space or 100.64.0.0/10";
		if (pc == AWS_V4_R10 && cidr_contains(&r10_16, &b->v.pfx) &&
		    (*trigger = other_in(v, b, &r10_15)) != NULL)
			return "a block from 10.0.0.0/16 cannot be added while any block of the VPC is in 10.0.0.0/15";
		if (pc == AWS_V4_R172 && cidr_contains(&r172_31, &b->v.pfx))
			return "blocks from 172.31.0.0/16 are restricted next to a 172.16.0.0/12 primary";
		return NULL;
	case AWS_V4_B198_19:
		if (bc == AWS_V4_R10 || bc == AWS_V4_R172 || bc == AWS_V4_R192)
			return "RFC 1918 blocks are restricted next to a 198.19.0.0/16 primary";
		return NULL;
	case AWS_V4_OTHER:
		if (bc == AWS_V4_R10 || bc == AWS_V4_R172 || bc == AWS_V4_R192)
			return "RFC 1918 blocks cannot be added to a VPC whose primary block is publicly routable or 100.64.0.0/10; AWS allows RFC 1918 space only as the primary block, given when the VPC is created";
		if (bc == AWS_V4_B198_19)
			return "blocks from 198.19.0.0/16 are restricted next to a publicly routable or 100.64.0.0/10 primary";
		return NULL;
	case AWS_V4_LINKLOCAL:
		break;
	}
	return NULL;
}

void check_association_restricted(struct rule_ctx *ctx)
{
	char buf[CIDR_STRLEN], pbuf[CIDR_STRLEN];

	for (size_t i = 0; i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		const struct block *pb;
		const struct prefix *pp;

		if (!vpc_live(v) || !(pb = primary_v4(v)) || !(pp = cidr_value_prefix(&pb->v)))
			continue;
		enum aws_v4_class pc = cidr_aws_v4_class(pp);
		bool *sibling = overlapping_siblings(ctx, v);
		for (size_t j = 0; j < v->nblocks; j++) {
			const struct block *b = v->blocks[j];
			const struct prefix *p = cidr_value_prefix(&b->v);
			const char *why;

			if (b->role != BLOCK_SECONDARY || b->family != 4 || !p ||
			    !resource_coexist(b->res, pb->res) || b->res->lc == LC_EXISTING)
				continue; /* a block AWS already holds was accepted */
			if (sibling[j])
				continue; /* CIDR107 reports the overlap at it */
			const struct block *trigger = NULL;
			why = restriction(v, b, pc, cidr_aws_v4_class(p), &trigger);
			if (!why)
				continue;
			/* two new blocks that restrict each other: AWS refuses
			 * whichever comes second; report the one declared later */
			if (trigger && trigger->role == BLOCK_SECONDARY &&
			    trigger->res->lc != LC_EXISTING && decl_cmp(b, trigger) < 0 &&
			    other_in(v, trigger, &b->v.pfx) == b)
				continue;
			struct finding *f = rule_report(
				ctx, b->res, &b->v.loc, cidr_format(p, buf),
				"%s cannot be associated with %s, whose primary block is %s: %s",
				buf, vpc_label(ctx, v), cidr_format(pp, pbuf), why);
			finding_scope(f, pb->res);
			finding_add_related(ctx->out, f, &pb->v.loc, v->r.name, pbuf,
					    "the primary block %s is here", pbuf);
			if (trigger && trigger != pb) {
				char tbuf[CIDR_STRLEN];
				cidr_format(&trigger->v.pfx, tbuf);
				finding_add_related(ctx->out, f, &trigger->v.loc, trigger->res->name, tbuf,
						    "%s, in 10.0.0.0/15, is here", tbuf);
			}
		}
		free(sibling);
	}
}

/* --- CIDR106 cidr-quota ----------------------------------------------- */

/*
 * Blocks of one family that exist together in the worst scenario of the
 * VPC's template; *over is the first block past the quota there.
 */
static size_t worst_count(const struct vpc *v, int family, const struct block **over,
			  int quota)
{
	uint32_t g = v->r.group;
	size_t worst = 0;

	*over = NULL;
	for (int bit = 0; bit < (g ? 64 : 1); bit++) {
		const struct block *nth = NULL;
		size_t n = 0;

		for (size_t i = 0; i < v->nblocks; i++) {
			const struct block *b = v->blocks[i];
			if (b->family != family)
				continue;
			if (g && b->res->group == g && !(b->res->scen >> bit & 1))
				continue;
			if (++n == (size_t)quota + 1)
				nth = b;
		}
		if (n > worst) {
			worst = n;
			*over = nth;
		}
	}
	return worst;
}

void check_cidr_quota(struct rule_ctx *ctx)
{

	for (size_t i = 0; i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		if (!vpc_live(v))
			continue;
		for (int family = 4; family <= 6; family += 2) {
			int quota = ctx->plan ? (family == 4 ? ctx->plan->ipv4_quota
							     : ctx->plan->ipv6_quota)
					      : PLAN_DEFAULT_QUOTA;
			const struct block *over;
			size_t n = worst_count(v, family, &over, quota);
			if ((int)n <= quota || !over)
				continue;
			struct finding *f = rule_report(
				ctx, over->res, &over->v.loc, NULL,
				"%s would hold %zu IPv%d blocks, more than its quota of %d "
				"(the primary and every secondary block count; the quota "
				"can be raised to 50 with Service Quotas code %s)",
				vpc_label(ctx, v), n, family, quota,
				family == 4 ? "L-83CA0A9D" : "L-085A6257");
			for (size_t k = 0; k < v->nblocks; k++) {
				const struct block *b = v->blocks[k];
				char buf[CIDR_STRLEN];
				if (b->family != family || b == over ||
				    (v->r.group && b->res->group == v->r.group &&
				     !(b->res->scen & over->res->scen)))
					continue;
				finding_add_related(ctx->out, f, &b->v.loc, b->res->name,
						    cidr_value_prefix(&b->v) ? value_text(&b->v, buf) : NULL,
						    "%s counts here", value_text(&b->v, buf));
			}
		}
	}
}

/* --- CIDR107 same-vpc-overlap ----------------------------------------- */


static struct finding *same_vpc_report(struct rule_ctx *ctx, const struct overlap_report *r,
				       void *arg)
{
	const struct block *x = r->x->obj, *y = r->y->obj;
	char a[CIDR_STRLEN], b[CIDR_STRLEN];

	struct finding *f = rule_report(ctx, y->res, &y->v.loc, cidr_format(&y->v.pfx, b),
					"%s overlaps %s, which the same %s already has; AWS rejects the association%s",
					b, cidr_format(&x->v.pfx, a), vpc_label(ctx, arg), r->more);
	finding_scope(f, x->res);
	finding_add_related(ctx->out, f, &x->v.loc, x->res->name, a, "%s is here", a);
	return f;
}

static void same_vpc_related(struct rule_ctx *ctx, struct finding *f, const struct overlap_item *o,
			     void *arg)
{
	const struct block *b = o->obj;
	char a[CIDR_STRLEN];

	(void)arg;
	cidr_format(&b->v.pfx, a);
	finding_add_related(ctx->out, f, &b->v.loc, b->res->name, a, "%s is here too", a);
}

void check_same_vpc_overlap(struct rule_ctx *ctx)
{
	static const struct overlap_rule rule = {
		.noun = {"block", "blocks"},
		.report = same_vpc_report,
		.related = same_vpc_related,
	};

	for (size_t i = 0; i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];
		struct overlap_item *known;
		size_t n;

		if (!vpc_live(v))
			continue;
		known = xcalloc(v->nblocks + 1, sizeof(*known));
		n = known_block_items(v, known);
		overlap_sweep(ctx, known, n, &rule, (void *)v);
		free(known);
	}
}

/* --- CIDR108 invalid-arguments ---------------------------------------- */

static const struct {
	unsigned kinds;   /* 1 << res_kind */
	unsigned present; /* all of these */
	unsigned absent;  /* and none of these */
	const char *message;
} arg_rules[] = {
	{1 << RES_VPC, 0, ARG_CIDR | ARG_V4POOL,
	 "neither CidrBlock nor Ipv4IpamPoolId is given; a VPC needs one of them"},
	{1 << RES_ASSOC, 0,
	 ARG_CIDR | ARG_V4POOL | ARG_AMZV6 | ARG_V6CIDR | ARG_V6POOL | ARG_V6IPAMPOOL,
	 "no address is given: set CidrBlock, Ipv4IpamPoolId, AmazonProvidedIpv6CidrBlock, Ipv6Pool or Ipv6IpamPoolId"},
	{1 << RES_SUBNET, 0, ARG_CIDR | ARG_V4POOL | ARG_V6CIDR | ARG_V6IPAMPOOL,
	 "no address is given: a subnet needs CidrBlock, Ipv4IpamPoolId, Ipv6CidrBlock or Ipv6IpamPoolId"},
	{1 << RES_VPC | 1 << RES_ASSOC | 1 << RES_SUBNET, ARG_CIDR | ARG_V4MASK, 0,
	 "CidrBlock and Ipv4NetmaskLength cannot be used together"},
	{1 << RES_VPC | 1 << RES_ASSOC | 1 << RES_SUBNET, ARG_V4MASK, ARG_V4POOL,
	 "Ipv4NetmaskLength needs Ipv4IpamPoolId"},
	{1 << RES_ASSOC | 1 << RES_SUBNET, ARG_V6MASK, ARG_V6IPAMPOOL,
	 "Ipv6NetmaskLength needs Ipv6IpamPoolId"},
	{1 << RES_ASSOC | 1 << RES_SUBNET, ARG_V6MASK | ARG_V6CIDR, 0,
	 "Ipv6CidrBlock and Ipv6NetmaskLength cannot be used together"},
	{1 << RES_ASSOC, ARG_NBG, ARG_AMZV6,
	 "Ipv6CidrBlockNetworkBorderGroup needs AmazonProvidedIpv6CidrBlock set to true"},
	{1 << RES_ASSOC, ARG_AMZV6 | ARG_V6POOL, 0,
	 "AmazonProvidedIpv6CidrBlock and Ipv6Pool cannot be used together"},
	{1 << RES_ASSOC, ARG_AMZV6 | ARG_V6IPAMPOOL, 0,
	 "AmazonProvidedIpv6CidrBlock and Ipv6IpamPoolId cannot be used together"},
	{1 << RES_ASSOC, ARG_AMZV6 | ARG_V6CIDR, 0,
	 "AmazonProvidedIpv6CidrBlock and Ipv6CidrBlock cannot be used together: Amazon chooses the block"},
	{1 << RES_ASSOC, ARG_V6POOL | ARG_V6IPAMPOOL, 0,
	 "Ipv6Pool and Ipv6IpamPoolId cannot be used together"},
	{1 << RES_ASSOC, ARG_V6CIDR, ARG_V6POOL | ARG_V6IPAMPOOL,
	 "Ipv6CidrBlock needs Ipv6Pool or Ipv6IpamPoolId"},
	{1 << RES_ASSOC, ARG_CIDR | ARG_AMZV6, 0,
	 "one association adds one block: CidrBlock and AmazonProvidedIpv6CidrBlock cannot be used together"},
	{1 << RES_ASSOC, ARG_CIDR | ARG_V6POOL, 0,
	 "one association adds one block: CidrBlock and Ipv6Pool cannot be used together"},
	{1 << RES_ASSOC, ARG_CIDR | ARG_V6IPAMPOOL, 0,
	 "one association adds one block: CidrBlock and Ipv6IpamPoolId cannot be used together"},
	{1 << RES_ASSOC, ARG_V4POOL | ARG_AMZV6, 0,
	 "one association adds one block: Ipv4IpamPoolId and AmazonProvidedIpv6CidrBlock cannot be used together"},
	{1 << RES_ASSOC, ARG_V4POOL | ARG_V6IPAMPOOL, 0,
	 "one association adds one block: Ipv4IpamPoolId and Ipv6IpamPoolId cannot be used together"},
	{1 << RES_ASSOC, ARG_V4POOL | ARG_V6POOL, 0,
	 "one association adds one block: Ipv4IpamPoolId and Ipv6Pool cannot be used together"},
	/* AWS::EC2::Subnet's resource schema: dependentExcluded and
	 * dependentRequired (cfn-lint E3020, E3021) */
	{1 << RES_SUBNET, ARG_CIDR | ARG_V4POOL, 0,
	 "CidrBlock and Ipv4IpamPoolId cannot be used together"},
	{1 << RES_SUBNET, ARG_V4POOL, ARG_V4MASK | ARG_CIDR,
	 "Ipv4IpamPoolId needs Ipv4NetmaskLength"},
	{1 << RES_SUBNET, ARG_V6CIDR | ARG_V6IPAMPOOL, 0,
	 "Ipv6CidrBlock and Ipv6IpamPoolId cannot be used together"},
	{1 << RES_SUBNET, ARG_V6IPAMPOOL, ARG_V6MASK | ARG_V6CIDR,
	 "Ipv6IpamPoolId needs Ipv6NetmaskLength"},
	/* CreateSubnet: a subnet without an IPv4 block is an IPv6-only one,
	 * which must say so */
	{1 << RES_SUBNET, ARG_V6CIDR, ARG_CIDR | ARG_V4POOL | ARG_V6NATIVE,
	 "an IPv6-only subnet (no CidrBlock or Ipv4IpamPoolId) needs Ipv6Native: true"},
	{1 << RES_SUBNET, ARG_V6IPAMPOOL, ARG_CIDR | ARG_V4POOL | ARG_V6NATIVE | ARG_V6CIDR,
	 "an IPv6-only subnet (no CidrBlock or Ipv4IpamPoolId) needs Ipv6Native: true"},
};

static void check_args(struct rule_ctx *ctx, const struct resource *r)
{
	if (r->input_kind != INPUT_CFN || !lifecycle_exists_after(r->lc) ||
	    str_eq(r->type, "AWS::EC2::SubnetCidrBlock"))
		return; /* Terraform validates its own argument combinations */
	for (size_t i = 0; i < ARRAY_SIZE(arg_rules); i++) {
		if (!(arg_rules[i].kinds >> r->kind & 1))
			continue;
		if ((r->args & arg_rules[i].present) != arg_rules[i].present ||
		    (r->args & arg_rules[i].absent))
			continue;
		rule_report(ctx, r, NULL, NULL, "%s '%s': %s", r->type, r->name,
			    arg_rules[i].message);
	}
}

void check_invalid_arguments(struct rule_ctx *ctx)
{
	for (size_t i = 0; i < ctx->w->ninputs; i++) {
		const struct facts *f = ctx->w->inputs[i];
		for (size_t j = 0; j < f->nvpcs; j++)
			check_args(ctx, &f->vpcs[j]->r);
		for (size_t j = 0; j < f->nassocs; j++)
			check_args(ctx, &f->assocs[j]->r);
		for (size_t j = 0; j < f->nsubnets; j++)
			check_args(ctx, &f->subnets[j]->r);
	}
}

/* --- CIDR109 disassociate-in-use -------------------------------------- */

void check_disassociate_in_use(struct rule_ctx *ctx)
{
	char buf[CIDR_STRLEN], sbuf[CIDR_STRLEN];

	for (size_t i = 0; i < ctx->w->nvpcs; i++) {
		const struct vpc *v = ctx->w->vpcs[i];

		if (!vpc_live(v))
			continue;
		for (size_t j = 0; j < v->ngone; j++) {
			const struct block *b = v->gone[j];
			const struct prefix *p = cidr_value_prefix(&b->v);
			struct finding *f = NULL;

			if (b->role == BLOCK_PRIMARY) {
				rule_report(ctx, b->res, &b->v.loc, p ? cidr_format(p, buf) : NULL,
					    "the run removes the primary block %s of %s, which AWS cannot disassociate; only deleting the VPC removes it",
					    p ? buf : "(unknown)", vpc_label(ctx, v));
				continue;
			}
			if (!p)
				continue;
			cidr_format(p, buf);
			for (size_t k = 0; k < v->nsubnets; k++) {
				const struct subnet *s = v->subnets[k];
				const struct cidr_value *sv = p->family == 4 ? &s->v4 : s->v6;
				const struct prefix *sp = sv ? cidr_value_prefix(sv) : NULL;
				if (!sp || !cidr_contains(p, sp))
					continue;
				if (!f)
					f = rule_report(ctx, b->res, &b->v.loc, buf,
							"the run removes %s from %s while subnets still use it; AWS refuses to disassociate a block until its subnets are deleted",
							buf, vpc_label(ctx, v));
				finding_add_related(ctx->out, f, &sv->loc, s->r.name,
						    cidr_format(sp, sbuf), "subnet '%s' (%s) stays",
						    s->r.name, sbuf);
			}
		}
	}
}
