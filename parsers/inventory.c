/*
 * inventory.c: what already exists, read into network facts (see
 * inventory.h): describe-vpcs and describe-subnets output (bare or as a
 * recorded response) and CloudTrail logs.
 *
 * These files can be hundreds of megabytes, so no tree of the whole file is
 * ever built: jsonscan finds the one big array, each element of it is
 * parsed with cJSON on its own span and freed before the next.  cJSON
 * trees carry no positions, so positions come from the text: a cursor
 * moves forward through the file as elements are met (the file is never
 * rescanned from its start per element), and the place of a field inside
 * an element is found by scanning only that element.
 *
 * A wrong shape inside an element (a VPC without VpcId, a CidrBlock that
 * is not a string) is a positioned error and the element is skipped whole,
 * so no half-read resource reaches the rules; the rest of the file is
 * still read.  Text that is not JSON at all makes the whole input fail.
 */
#include "parsers/inventory.h"
#include "parsers/jsonelem.h"
#include "parsers/jsonscan.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The top-level members the readers look at, first occurrence each. */
enum { TOP_VPCS, TOP_SUBNETS, TOP_DATA, TOP_RECORDS, TOP_PEERINGS, TOP_TGW_ATTS, TOP_RTBS, NTOP };
static const char *const inv_top_keys[NTOP] = {"Vpcs", "Subnets", "data", "Records",
					       "VpcPeeringConnections",
					       "TransitGatewayAttachments", "RouteTables"};

struct inv {
	struct jel j;
	struct facts *f;
	const struct inventory_options *opt;
	bool fatal;           /* not of its kind at all, or a version not read: fails */
	struct jel_span top[NTOP];
};

/* Does an association state occupy address space?  A missing state is
 * taken at its word: the block is listed, so it is there. */
static bool inv_occupies(const char *state)
{
	return !state || str_ieq(state, "associating") || str_ieq(state, "associated") ||
	       str_ieq(state, "disassociating");
}

/* --- resources -------------------------------------------------------- */

/* What every resource read here carries.  region and account are the
 * input's own when it says, else the command line's. */
static void inv_fill(struct inv *in, struct resource *r, const char *name, const char *type,
		     const char *aws_id, const char *region, const char *account, struct loc loc)
{
	r->name = facts_str(in->f, name);
	r->type = facts_intern(in->f, type);
	r->aws_id = str_eq(aws_id, name) ? r->name : facts_str(in->f, aws_id);
	r->region = facts_intern(in->f, region ? region : in->opt ? in->opt->region : NULL);
	r->account = facts_intern(in->f, account ? account : in->opt ? in->opt->account : NULL);
	r->loc = loc;
}

/* Tags written as a list of {Key, Value} (describe-*) or {key, value}. */
static void inv_tag_list(struct inv *in, struct resource *r, const cJSON *list, const char *k,
			 const char *v)
{
	const cJSON *it;
	int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : 0;

	if (n <= 0)
		return;
	r->tags = arena_alloc(&in->f->arena, (size_t)n * sizeof(*r->tags));
	cJSON_ArrayForEach(it, list) {
		bool wrong = false;
		const cJSON *key = jel_get(it, k), *val = jel_get(it, v);
		const char *ks = cJSON_IsString(key) ? key->valuestring : NULL;
		const char *vs = jel_text(val, &wrong);

		if (!ks || wrong || (size_t)n <= r->ntags)
			continue;
		r->tags[r->ntags].key = facts_str(in->f, ks);
		r->tags[r->ntags++].value = facts_str(in->f, vs ? vs : "");
	}
}

static void inv_set(struct inv *in, struct cidr_value *v, const char *text, int family,
		    struct loc loc)
{
	cidr_value_set_text(v, facts_str(in->f, text), family);
	v->loc = loc;
}

static void inv_ref(struct inv *in, struct vpc_ref *ref, const char *vpc_id, struct loc loc)
{
	ref->kind = VREF_AWSID;
	ref->name = facts_str(in->f, vpc_id);
	ref->loc = loc;
}

/* --- describe-vpcs / describe-subnets -------------------------------- */

static const struct inv_dv_set {
	const char *set, *cidr, *state;
	int family;
} inv_dv_sets[] = {
	{"CidrBlockAssociationSet", "CidrBlock", "CidrBlockState", 4},
	{"Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState", 6},
};

/*
 * The blocks of one describe-vpcs VPC.  Called twice: with v NULL it only
 * checks the shapes and reports what is wrong (so that a bad VPC is
 * skipped whole); with v it adds the blocks, the shapes known good.
 */
static bool inv_dv_blocks(struct inv *in, const cJSON *o, const char *id, const char *primary,
			  struct vpc *v)
{
	bool ok = true, primary_seen = false;
	struct sbuf sb;

	sbuf_init(&sb, 4096);
	for (size_t k = 0; k < ARRAY_SIZE(inv_dv_sets); k++) {
		const struct inv_dv_set *ds = &inv_dv_sets[k];
		const cJSON *set = jel_get(o, ds->set), *e;
		size_t i = 0;

		if (!set || cJSON_IsNull(set) || (cJSON_IsArray(set) && !cJSON_GetArraySize(set))) {
			/* no association list: the top-level CidrBlock is the primary */
			if (ds->family == 4 && !primary) {
				if (!v)
					jel_error(&in->j, NULL, "VPC '%s' has no CidrBlock: skipped", id);
				ok = false;
			} else if (ds->family == 4 && v) {
				struct block *b = vpc_add_own_block(in->f, v, 4, BLOCK_PRIMARY);
				inv_set(in, &b->v, primary, 4, jel_at(&in->j, "CidrBlock"));
			}
			continue;
		}
		if (!cJSON_IsArray(set)) {
			if (!v)
				jel_error(&in->j, ds->set, "%s of VPC '%s' must be a list: skipped", ds->set, id);
			ok = false;
			continue;
		}
		cJSON_ArrayForEach(e, set) {
			bool wrong = false, swrong = false;
			const char *cidr = jel_str(e, ds->cidr, &wrong);
			const char *state = jel_str(jel_get(e, ds->state), "State", &swrong);
			size_t idx = i++;

			sbuf_reset(&sb);
			sbuf_addf(&sb, "%s/%zu", ds->set, idx);
			if (!cJSON_IsObject(e) || !cidr || swrong) {
				if (!v) {
					/* at the wrong value, or at the entry that lacks one */
					const char *field = !cJSON_IsObject(e) ? NULL
							    : swrong	       ? ds->state
							    : wrong	       ? ds->cidr
									       : NULL;
					if (field)
						sbuf_addf(&sb, "/%s", field);
					jel_error(&in->j, sb.buf, "%s[%zu] of VPC '%s' %s: skipped", ds->set, idx, id,
						  !cJSON_IsObject(e) ? "must be an object"
						  : swrong	     ? "has a State that is not a string"
						  : wrong	     ? "has a CIDR that is not a string"
								     : "names no CIDR");
				}
				ok = false;
				continue;
			}
			if (!v || !inv_occupies(state))
				continue;
			enum block_role role = BLOCK_SECONDARY;
			if (ds->family == 4 && !primary_seen && str_eq(cidr, primary)) {
				role = BLOCK_PRIMARY;
				primary_seen = true;
			}
			struct block *b = vpc_add_own_block(in->f, v, ds->family, role);
			sbuf_addf(&sb, "/%s", ds->cidr);
			inv_set(in, &b->v, cidr, ds->family, jel_at(&in->j, sb.buf));
			b->state = facts_intern(in->f, state);
		}
	}
	sbuf_release(&sb);
	return ok;
}

static void inv_dv_vpc(void *arg, const cJSON *o)
{
	struct inv *in = arg;

	bool wrong = false;
	const char *id, *cidr;
	struct vpc *v;

	if (!cJSON_IsObject(o)) {
		jel_error(&in->j, NULL, "each entry of Vpcs must be an object: skipped");
		return;
	}
	id = jel_str(o, "VpcId", &wrong);
	if (!id) {
		jel_error(&in->j, wrong ? "VpcId" : NULL, wrong ? "VpcId must be a string: VPC skipped"
							   : "a VPC without VpcId: skipped");
		return;
	}
	cidr = jel_str(o, "CidrBlock", &wrong);
	if (wrong) {
		jel_error(&in->j, "CidrBlock", "CidrBlock of VPC '%s' must be a string: skipped", id);
		return;
	}
	if (!inv_dv_blocks(in, o, id, cidr, NULL))
		return;
	v = facts_add_vpc(in->f);
	inv_fill(in, &v->r, id, "describe-vpcs", id, NULL, jel_soft(o, "OwnerId"), jel_el_loc(&in->j));
	v->r.args = ARG_CIDR;
	inv_tag_list(in, &v->r, jel_get(o, "Tags"), "Key", "Value");
	inv_dv_blocks(in, o, id, cidr, v);
}

static void inv_ds_subnet(void *arg, const cJSON *o)
{
	struct inv *in = arg;

	bool wrong = false;
	const char *id, *vpc, *cidr, *v6 = NULL;
	const cJSON *set, *e;
	struct subnet *s;
	struct sbuf sb;
	size_t i = 0, v6i = 0;

	if (!cJSON_IsObject(o)) {
		jel_error(&in->j, NULL, "each entry of Subnets must be an object: skipped");
		return;
	}
	id = jel_str(o, "SubnetId", &wrong);
	if (!id) {
		jel_error(&in->j, wrong ? "SubnetId" : NULL,
			  wrong ? "SubnetId must be a string: subnet skipped" : "a subnet without SubnetId: skipped");
		return;
	}
	vpc = jel_str(o, "VpcId", &wrong);
	if (!vpc) {
		jel_error(&in->j, wrong ? "VpcId" : NULL, "subnet '%s' %s: skipped", id,
			  wrong ? "has a VpcId that is not a string" : "has no VpcId");
		return;
	}
	/* IPv6-only subnets have no CidrBlock */
	cidr = jel_str(o, "CidrBlock", &wrong);
	if (wrong) {
		jel_error(&in->j, "CidrBlock", "CidrBlock of subnet '%s' must be a string: skipped", id);
		return;
	}
	set = jel_get(o, "Ipv6CidrBlockAssociationSet");
	if (set && !cJSON_IsNull(set) && !cJSON_IsArray(set)) {
		jel_error(&in->j, "Ipv6CidrBlockAssociationSet",
			  "Ipv6CidrBlockAssociationSet of subnet '%s' must be a list: skipped", id);
		return;
	}
	if (!cJSON_IsArray(set))
		set = NULL;
	sbuf_init(&sb, 4096);
	cJSON_ArrayForEach(e, set) {
		bool cw = false, sw = false;
		const char *c = jel_str(e, "Ipv6CidrBlock", &cw);
		const char *st = jel_str(jel_get(e, "Ipv6CidrBlockState"), "State", &sw);

		if (!cJSON_IsObject(e) || !c || sw) {
			sbuf_addf(&sb, "Ipv6CidrBlockAssociationSet/%zu", i);
			if (cJSON_IsObject(e) && (sw || cw))
				sbuf_adds(&sb, sw ? "/Ipv6CidrBlockState" : "/Ipv6CidrBlock");
			jel_error(&in->j, sb.buf, "Ipv6CidrBlockAssociationSet[%zu] of subnet '%s' %s: skipped",
				  i, id,
				  !cJSON_IsObject(e) ? "must be an object"
				  : sw		     ? "has a State that is not a string"
				  : cw		     ? "has a CIDR that is not a string"
						     : "names no CIDR");
			sbuf_release(&sb);
			return;
		}
		/* a subnet has one IPv6 block; the others are gone or going */
		if (!v6 && inv_occupies(st)) {
			v6 = c;
			v6i = i;
		}
		i++;
	}
	s = facts_add_subnet(in->f);
	inv_fill(in, &s->r, id, "describe-subnets", id, facts_arn_field(in->f, jel_soft(o, "SubnetArn"), 3),
		 jel_soft(o, "OwnerId"), jel_el_loc(&in->j));
	inv_tag_list(in, &s->r, jel_get(o, "Tags"), "Key", "Value");
	inv_ref(in, &s->ref, vpc, jel_at(&in->j, "VpcId"));
	if (cidr) {
		s->has_v4 = true;
		s->r.args |= ARG_CIDR;
		inv_set(in, &s->v4, cidr, 4, jel_at(&in->j, "CidrBlock"));
	}
	if (v6) {
		s->has_v6 = true;
		s->r.args |= ARG_V6CIDR;
		sbuf_addf(&sb, "Ipv6CidrBlockAssociationSet/%zu/Ipv6CidrBlock", v6i);
		inv_set(in, &s->v6, v6, 6, jel_at(&in->j, sb.buf));
	}
	if (cJSON_IsTrue(jel_get(o, "Ipv6Native")))
		s->r.args |= ARG_V6NATIVE;
	sbuf_release(&sb);
}

/* --- CloudTrail ------------------------------------------------------- */

/* "by <arn> from <ip> at <time>", with what the record has. */
static const char *inv_ct_origin(struct inv *in, const cJSON *rec)
{
	const cJSON *ui = jel_get(rec, "userIdentity");
	const char *who = jel_soft(ui, "arn");
	const char *ip = jel_soft(rec, "sourceIPAddress"), *when = jel_soft(rec, "eventTime");
	const char *r;
	struct sbuf sb;

	if (!who)
		who = jel_soft(ui, "invokedBy");
	if (!who)
		who = jel_soft(ui, "principalId");
	sbuf_init(&sb, 0);
	if (who)
		sbuf_addf(&sb, "by %s", who);
	if (ip)
		sbuf_addf(&sb, "%sfrom %s", sb.len ? " " : "", ip);
	if (when)
		sbuf_addf(&sb, "%sat %s", sb.len ? " " : "", when);
	r = sb.len ? facts_str(in->f, sb.buf) : NULL;
	sbuf_release(&sb);
	return r;
}

/*
 * A value of a CloudTrail record: the first of a lowerCamel and a Pascal
 * spelling, with its path for positions.  Returns false after a
 * positioned error when it is there but not a string.
 */
static bool inv_ct_str(struct inv *in, const cJSON *o, const char *opath, const char *camel,
		       const char *pascal, struct sbuf *path, const char **out)
{
	const char *used;
	bool wrong = false;

	*out = jel_text(jel_get2(o, camel, pascal, &used), &wrong);
	jel_path(path, opath, used);
	if (wrong) {
		jel_error(&in->j, path->buf, "%s must be a string: record skipped", used);
		return false;
	}
	return true;
}

/* A string under either spelling; other types count as absent, as for
 * every field that names no address. */
static const char *inv_soft2(const cJSON *o, const char *a, const char *b)
{
	bool wrong = false;

	return jel_text(jel_get2(o, a, b, NULL), &wrong);
}

static bool inv_ct_amazon_v6(const cJSON *rp)
{
	return cJSON_IsTrue(jel_get2(rp, "amazonProvidedIpv6CidrBlock", "AmazonProvidedIpv6CidrBlock", NULL));
}

/* Does the request ask for an IPv6 block it does not spell out? */
static bool inv_ct_wants_v6(const cJSON *rp)
{
	return inv_ct_amazon_v6(rp) || inv_soft2(rp, "ipv6IpamPoolId", "Ipv6IpamPoolId") ||
	       inv_soft2(rp, "ipv6Pool", "Ipv6Pool");
}

/*
 * A block the record does not spell out: Amazon-provided, from a BYOIP
 * pool or from IPAM.  Returns the ARG_* of what was asked, or 0 (and v is
 * untouched) when the request asks for none of those.
 */
static unsigned inv_ct_constrained(struct inv *in, struct cidr_value *v, const cJSON *rp,
				   int family, struct loc loc)
{
	const cJSON *m = family == 4 ? jel_get2(rp, "ipv4NetmaskLength", "Ipv4NetmaskLength", NULL)
				     : jel_get2(rp, "ipv6NetmaskLength", "Ipv6NetmaskLength", NULL);
	const char *pool;
	unsigned arg;

	if (family == 6 && inv_ct_amazon_v6(rp)) {
		v->loc = loc;
		v->state = VAL_CONSTRAINED;
		v->amazon = true;
		v->netmask = 56;
		v->reason = facts_str(in->f, "Amazon assigned a /56 that the CloudTrail record does not show");
		return ARG_AMZV6;
	}
	if (family == 4) {
		pool = inv_soft2(rp, "ipv4IpamPoolId", "Ipv4IpamPoolId");
		arg = ARG_V4POOL;
	} else if ((pool = inv_soft2(rp, "ipv6IpamPoolId", "Ipv6IpamPoolId"))) {
		arg = ARG_V6IPAMPOOL;
	} else {
		pool = inv_soft2(rp, "ipv6Pool", "Ipv6Pool");
		arg = ARG_V6POOL;
	}
	if (!pool)
		return 0;
	v->loc = loc;
	v->state = VAL_CONSTRAINED;
	v->pool = facts_str(in->f, pool);
	v->netmask = -1;
	if (cJSON_IsNumber(m) && m->valuedouble >= 0 && m->valuedouble <= 128)
		v->netmask = (int)m->valuedouble;
	v->reason = facts_str(in->f, "allocated from a pool; the CloudTrail record does not show the block");
	return arg;
}

static void inv_ct_create_vpc(struct inv *in, const cJSON *rec, const char *event)
{
	const cJSON *rp = jel_get(rec, "requestParameters");
	const cJSON *vo = jel_get(jel_get(rec, "responseElements"), "vpc");
	const char *id, *cidr, *v6, *when = jel_soft(rec, "eventTime");
	const char *account = jel_soft(rec, "recipientAccountId");
	struct sbuf p4, p6, pid, name;
	struct vpc *v;
	struct block *b;
	unsigned arg;

	sbuf_init(&p4, 4096);
	sbuf_init(&p6, 4096);
	sbuf_init(&pid, 4096);
	sbuf_init(&name, 0);
	if (!inv_ct_str(in, vo, "responseElements/vpc", "vpcId", "VpcId", &pid, &id) ||
	    !inv_ct_str(in, rp, "requestParameters", "cidrBlock", "CidrBlock", &p4, &cidr) ||
	    !inv_ct_str(in, rp, "requestParameters", "ipv6CidrBlock", "Ipv6CidrBlock", &p6, &v6))
		goto out;
	/* the request may leave the block to IPAM or to the default; the
	 * response then shows what was given */
	if (!cidr && !inv_ct_str(in, vo, "responseElements/vpc", "cidrBlock", "CidrBlock", &p4, &cidr))
		goto out;
	if (!account)
		account = jel_soft(jel_get(rec, "userIdentity"), "accountId");
	if (id)
		sbuf_adds(&name, id);
	else
		sbuf_addf(&name, "%s@%s", event, when ? when : "an unknown time");
	v = facts_add_vpc(in->f);
	inv_fill(in, &v->r, name.buf, event, id, jel_soft(rec, "awsRegion"), account, jel_el_loc(&in->j));
	v->r.lc = LC_CREATE;
	v->r.origin = inv_ct_origin(in, rec);
	inv_tag_list(in, &v->r, jel_get(jel_get(vo, "tagSet"), "items"), "key", "value");
	b = vpc_add_own_block(in->f, v, 4, BLOCK_PRIMARY);
	if (cidr) {
		v->r.args |= ARG_CIDR;
		inv_set(in, &b->v, cidr, 4, jel_at(&in->j, p4.buf));
	} else if ((arg = inv_ct_constrained(in, &b->v, rp, 4, jel_at(&in->j, "requestParameters")))) {
		v->r.args |= arg;
	} else {
		b->v.state = VAL_UNRESOLVED;
		b->v.loc = jel_el_loc(&in->j);
		b->v.reason = facts_str(in->f, "the CloudTrail record shows no IPv4 CIDR");
	}
	if (v6) {
		v->r.args |= ARG_V6CIDR;
		b = vpc_add_own_block(in->f, v, 6, BLOCK_SECONDARY);
		inv_set(in, &b->v, v6, 6, jel_at(&in->j, p6.buf));
	} else if (inv_ct_wants_v6(rp)) {
		b = vpc_add_own_block(in->f, v, 6, BLOCK_SECONDARY);
		v->r.args |= inv_ct_constrained(in, &b->v, rp, 6, jel_at(&in->j, "requestParameters"));
	}
out:
	sbuf_release(&p4);
	sbuf_release(&p6);
	sbuf_release(&pid);
	sbuf_release(&name);
}

static void inv_ct_associate(struct inv *in, const cJSON *rec, const char *event)
{
	const char *rpath = "requestParameters", *respath = "responseElements";
	const cJSON *rp = jel_get(rec, "requestParameters");
	const cJSON *re = jel_get(rec, "responseElements");
	const cJSON *a4, *a6, *ra;
	const char *vpc, *cidr, *v6, *rcidr = NULL, *rv6 = NULL, *assoc_id, *state, *u4, *u6;
	const char *when = jel_soft(rec, "eventTime");
	const char *account = jel_soft(rec, "recipientAccountId");
	struct sbuf pv, p4, p6, r4, r6, ap, name;
	struct assoc *as;
	unsigned arg;
	bool ok, is4;

	/* newer EC2 actions log the request wrapped, in Pascal case */
	if (cJSON_IsObject(jel_get(rp, "AssociateVpcCidrBlockRequest"))) {
		rp = jel_get(rp, "AssociateVpcCidrBlockRequest");
		rpath = "requestParameters/AssociateVpcCidrBlockRequest";
	}
	if (cJSON_IsObject(jel_get(re, "AssociateVpcCidrBlockResponse"))) {
		re = jel_get(re, "AssociateVpcCidrBlockResponse");
		respath = "responseElements/AssociateVpcCidrBlockResponse";
	}
	a4 = jel_get2(re, "cidrBlockAssociation", "CidrBlockAssociation", &u4);
	a6 = jel_get2(re, "ipv6CidrBlockAssociation", "Ipv6CidrBlockAssociation", &u6);
	sbuf_init(&pv, 4096);
	sbuf_init(&p4, 4096);
	sbuf_init(&p6, 4096);
	sbuf_init(&r4, 4096);
	sbuf_init(&r6, 4096);
	sbuf_init(&ap, 4096);
	sbuf_init(&name, 0);
	ok = inv_ct_str(in, rp, rpath, "vpcId", "VpcId", &pv, &vpc) &&
	     inv_ct_str(in, rp, rpath, "cidrBlock", "CidrBlock", &p4, &cidr) &&
	     inv_ct_str(in, rp, rpath, "ipv6CidrBlock", "Ipv6CidrBlock", &p6, &v6);
	/* the response shows what IPAM or Amazon gave */
	if (ok) {
		jel_path(&ap, respath, u4);
		ok = inv_ct_str(in, a4, ap.buf, "cidrBlock", "CidrBlock", &r4, &rcidr);
	}
	if (ok) {
		jel_path(&ap, respath, u6);
		ok = inv_ct_str(in, a6, ap.buf, "ipv6CidrBlock", "Ipv6CidrBlock", &r6, &rv6);
	}
	if (!ok)
		goto out;
	if (!vpc) {
		jel_error(&in->j, rpath, "%s names no vpcId: record skipped", event);
		goto out;
	}
	if (!account)
		account = jel_soft(jel_get(rec, "userIdentity"), "accountId");
	is4 = cidr || rcidr || (!v6 && !rv6 && !inv_ct_wants_v6(rp));
	ra = is4 ? a4 : a6;
	assoc_id = inv_soft2(ra, "associationId", "AssociationId");
	state = inv_soft2(jel_get2(ra, is4 ? "cidrBlockState" : "ipv6CidrBlockState",
				   is4 ? "CidrBlockState" : "Ipv6CidrBlockState", NULL),
			  "state", "State");
	if (assoc_id)
		sbuf_adds(&name, assoc_id);
	else
		sbuf_addf(&name, "%s@%s", event, when ? when : "an unknown time");
	as = facts_add_assoc(in->f);
	inv_fill(in, &as->r, name.buf, event, assoc_id, jel_soft(rec, "awsRegion"), account,
		 jel_el_loc(&in->j));
	as->r.lc = LC_CREATE;
	as->r.origin = inv_ct_origin(in, rec);
	inv_ref(in, &as->ref, vpc, jel_at(&in->j, pv.buf));
	as->block.state = facts_intern(in->f, state);
	as->block.family = is4 ? 4 : 6;
	if (cidr || rcidr) {
		as->r.args = ARG_CIDR;
		inv_set(in, &as->block.v, cidr ? cidr : rcidr, 4, jel_at(&in->j, cidr ? p4.buf : r4.buf));
	} else if (v6 || rv6) {
		as->r.args = ARG_V6CIDR;
		inv_set(in, &as->block.v, v6 ? v6 : rv6, 6, jel_at(&in->j, v6 ? p6.buf : r6.buf));
	} else if ((arg = inv_ct_constrained(in, &as->block.v, rp, is4 ? 4 : 6, jel_at(&in->j, rpath)))) {
		as->r.args = arg;
	} else {
		as->block.v.state = VAL_UNRESOLVED;
		as->block.v.loc = jel_at(&in->j, rpath);
		as->block.v.reason = facts_str(in->f, "the CloudTrail record shows no CIDR");
	}
out:
	sbuf_release(&pv);
	sbuf_release(&p4);
	sbuf_release(&p6);
	sbuf_release(&r4);
	sbuf_release(&r6);
	sbuf_release(&ap);
	sbuf_release(&name);
}

static void inv_ct_record(void *arg, const cJSON *rec)
{
	struct inv *in = arg;

	const cJSON *err;
	const char *event;

	if (!cJSON_IsObject(rec)) {
		jel_error(&in->j, NULL, "each entry of Records must be an object: skipped");
		return;
	}
	if (!str_eq(jel_soft(rec, "eventSource"), "ec2.amazonaws.com"))
		return;
	/* a failed call changed nothing */
	err = jel_get(rec, "errorCode");
	if (err && !cJSON_IsNull(err) && !(cJSON_IsString(err) && !err->valuestring[0]))
		return;
	event = jel_soft(rec, "eventName");
	if (str_eq(event, "CreateVpc") || str_eq(event, "CreateDefaultVpc"))
		inv_ct_create_vpc(in, rec, event);
	else if (str_eq(event, "AssociateVpcCidrBlock"))
		inv_ct_associate(in, rec, event);
}

/* --- walking the file ------------------------------------------------- */

/* --- connectivity: peerings, transit gateway attachments, routes ------ */

static void inv_end(struct inv *in, struct vpc_ref *ref, const char *id, const char *path)
{
	if (id) {
		inv_ref(in, ref, id, jel_at(&in->j, path));
		return;
	}
	ref->kind = VREF_NONE;
	ref->why = "not in the inventory";
}

/* describe-vpc-peering-connections: a peering joins while it is active or
 * on its way there (pending-acceptance, provisioning). */
static void inv_peering(void *arg, const cJSON *o)
{
	struct inv *in = arg;
	const char *id = jel_soft(o, "VpcPeeringConnectionId");
	const char *code = jel_soft(jel_get(o, "Status"), "Code");
	const cJSON *req = jel_get(o, "RequesterVpcInfo"), *acc = jel_get(o, "AccepterVpcInfo");
	struct link *l;

	if (!id || !(str_eq(code, "active") || str_eq(code, "pending-acceptance") ||
		     str_eq(code, "provisioning") || !code))
		return;
	l = facts_add_link(in->f, LINK_PEERING);
	inv_fill(in, &l->r, id, "describe-vpc-peering-connections", id, jel_soft(req, "Region"),
		 jel_soft(req, "OwnerId"), jel_el_loc(&in->j));
	inv_end(in, &l->a, jel_soft(req, "VpcId"), "RequesterVpcInfo/VpcId");
	inv_end(in, &l->b, jel_soft(acc, "VpcId"), "AccepterVpcInfo/VpcId");
	l->peer_account = facts_str(in->f, jel_soft(acc, "OwnerId"));
	l->peer_region = facts_str(in->f, jel_soft(acc, "Region"));
}

/* describe-transit-gateway-attachments: a VPC attachment and the route
 * table it is associated with.  Its propagations are not in this output,
 * and neither is the gateway's default route table: none is assumed. */
static void inv_tgw_attachment(void *arg, const cJSON *o)
{
	struct inv *in = arg;
	const char *id = jel_soft(o, "TransitGatewayAttachmentId");
	const char *state = jel_soft(o, "State");
	const cJSON *as = jel_get(o, "Association");
	struct link *l;

	if (!id || !str_eq(jel_soft(o, "ResourceType"), "vpc") ||
	    str_eq(state, "deleted") || str_eq(state, "deleting") || str_eq(state, "rejected") ||
	    str_eq(state, "failed"))
		return;
	l = facts_add_link(in->f, LINK_TGW_ATTACH);
	inv_fill(in, &l->r, id, "describe-transit-gateway-attachments", id, NULL,
		 jel_soft(o, "ResourceOwnerId"), jel_el_loc(&in->j));
	inv_end(in, &l->a, jel_soft(o, "ResourceId"), "ResourceId");
	inv_end(in, &l->b, jel_soft(o, "TransitGatewayId"), "TransitGatewayId");
	l->no_default_assoc = l->no_default_prop = true;
	if (jel_soft(as, "TransitGatewayRouteTableId") && str_eq(jel_soft(as, "State"), "associated")) {
		struct link *a = facts_add_link(in->f, LINK_TGW_ASSOC);
		inv_fill(in, &a->r, arena_printf(&in->f->arena, "%s association", id),
			 "describe-transit-gateway-attachments", NULL, NULL, NULL, jel_el_loc(&in->j));
		inv_end(in, &a->a, id, "TransitGatewayAttachmentId");
		inv_end(in, &a->b, jel_soft(as, "TransitGatewayRouteTableId"),
			"Association/TransitGatewayRouteTableId");
	}
}

/* describe-route-tables: the table and its routes, except the local ones. */
static void inv_route_table(void *arg, const cJSON *o)
{
	static const char *const targets[] = {
		"GatewayId", "NatGatewayId", "TransitGatewayId", "VpcPeeringConnectionId",
		"NetworkInterfaceId", "InstanceId", "EgressOnlyInternetGatewayId",
		"CarrierGatewayId", "LocalGatewayId", "CoreNetworkArn",
	};
	struct inv *in = arg;
	const char *id = jel_soft(o, "RouteTableId");
	const cJSON *routes = jel_get(o, "Routes"), *r;
	const cJSON *list = cJSON_IsArray(routes) ? routes : NULL;
	struct link *t;
	size_t i = 0;

	if (!id)
		return;
	t = facts_add_link(in->f, LINK_RTB);
	inv_fill(in, &t->r, id, "describe-route-tables", id, NULL, jel_soft(o, "OwnerId"),
		 jel_el_loc(&in->j));
	inv_end(in, &t->a, jel_soft(o, "VpcId"), "VpcId");
	cJSON_ArrayForEach(r, list) {
		const char *d4 = jel_soft(r, "DestinationCidrBlock");
		const char *d6 = jel_soft(r, "DestinationIpv6CidrBlock");
		struct sbuf sb;
		struct link *l;

		i++;
		if (str_eq(jel_soft(r, "GatewayId"), "local") || (!d4 && !d6))
			continue;
		l = facts_add_link(in->f, LINK_ROUTE);
		sbuf_init(&sb, 0);
		inv_fill(in, &l->r, arena_printf(&in->f->arena, "%s route %s", id, d4 ? d4 : d6),
			 "describe-route-tables", NULL, NULL, NULL,
			 jel_at(&in->j, jel_path(&sb, "Routes", arena_printf(&in->f->arena, "%zu", i - 1))));
		inv_end(in, &l->a, id, "RouteTableId");
		for (size_t k = 0; k < ARRAY_SIZE(targets) && l->x.kind == VREF_NONE; k++)
			if (jel_soft(r, targets[k])) {
				inv_end(in, &l->x, jel_soft(r, targets[k]), NULL);
				l->x_what = targets[k];
			}
		inv_set(in, &l->dest, d4 ? d4 : d6, d4 ? 4 : 6, l->r.loc);
		l->has_dest = true;
		sbuf_release(&sb);
	}
}

static void inv_inventory(struct inv *in, const char *top)
{

	/* a recorded response: the API's answer is inside data */
	if (!in->top[TOP_VPCS].v && !in->top[TOP_SUBNETS].v && in->top[TOP_DATA].v) {
		if (*in->top[TOP_DATA].v != '{') {
			/* a recorded error response, or something else entirely */
			jel_error_at(&in->j, in->top[TOP_DATA].v, "data of a recorded response must be an object "
						      "holding Vpcs or Subnets");
			in->fatal = true;
			return;
		}
		if (!jel_scan_top(&in->j, in->top[TOP_DATA].v, in->top[TOP_DATA].vend, false, inv_top_keys, in->top, NTOP))
			return;
	}
	if (!in->top[TOP_VPCS].v && !in->top[TOP_SUBNETS].v && !in->top[TOP_PEERINGS].v &&
	    !in->top[TOP_TGW_ATTS].v && !in->top[TOP_RTBS].v) {
		jel_error_at(&in->j, top, "an AWS inventory needs a Vpcs or Subnets list "
				       "(aws ec2 describe-vpcs or describe-subnets output)");
		in->fatal = true;
		return;
	}
	/* in text order, so the position cursor only moves forward */
	struct {
		int top;
		const char *what;
		jel_reader read;
	} lists[] = {
		{TOP_VPCS, "Vpcs", inv_dv_vpc},
		{TOP_SUBNETS, "Subnets", inv_ds_subnet},
		{TOP_PEERINGS, "VpcPeeringConnections", inv_peering},
		{TOP_TGW_ATTS, "TransitGatewayAttachments", inv_tgw_attachment},
		{TOP_RTBS, "RouteTables", inv_route_table},
	}, t;
	for (size_t i = 1; i < ARRAY_SIZE(lists); i++)
		for (size_t k = i; k > 0 && (!in->top[lists[k - 1].top].v ||
					     (in->top[lists[k].top].v &&
					      in->top[lists[k].top].v < in->top[lists[k - 1].top].v)); k--) {
			t = lists[k];
			lists[k] = lists[k - 1];
			lists[k - 1] = t;
		}
	for (size_t i = 0; i < ARRAY_SIZE(lists) && in->top[lists[i].top].v; i++)
		if (!jel_walk(&in->j, in->top[lists[i].top], lists[i].what, lists[i].read, in))
			return;
}

/* --- entry point ------------------------------------------------------ */

struct facts *inventory_facts(const char *path, const char *rel, enum input_kind kind,
			      const char *buf, size_t len,
			      const struct inventory_options *opt, struct errlist *errs)
{
	struct inv in;
	const char *top;

	memset(&in, 0, sizeof(in));
	if (kind != INPUT_INVENTORY && kind != INPUT_CLOUDTRAIL) {
		errlist_add(errs, path, 0, 0, "%s input is not read as an inventory", input_kind_name(kind));
		return NULL;
	}
	in.f = facts_new(path, rel, kind);
	in.opt = opt;
	jel_init(&in.j, path, in.f->file, buf, len, errs);
	top = jscan_ws(buf, in.j.end);
	if (top >= in.j.end || *top != '{') {
		jel_error_at(&in.j, top, "invalid JSON: %s must be a JSON object",
			      kind == INPUT_INVENTORY ? "an AWS inventory" : "a CloudTrail log");
		goto fail;
	}
	if (!jel_scan_top(&in.j, top, in.j.end, true, inv_top_keys, in.top, NTOP))
		goto fail;
	switch (kind) {
	case INPUT_INVENTORY:
		inv_inventory(&in, top);
		break;
	default:
		if (!in.top[TOP_RECORDS].v) {
			jel_error_at(&in.j, top, "a CloudTrail log needs a Records list");
			in.fatal = true;
			break;
		}
		jel_walk(&in.j, in.top[TOP_RECORDS], "Records", inv_ct_record, &in);
		break;
	}
	if (in.j.bad_json || in.fatal)
		goto fail;
	jel_release(&in.j);
	return in.f;
fail:
	jel_release(&in.j);
	facts_free(in.f);
	return NULL;
}
