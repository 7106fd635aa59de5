/*
 * cloudtrail.c: CloudTrail records (see aws.h): the CreateVpc,
 * AssociateVpcCidrBlock, DisassociateVpcCidrBlock and CreateSubnet calls
 * that changed address space outside the pipeline, checked after the fact
 * with the same rules.
 *
 * The records come in the shapes users have them: a trail's log file
 * ({"Records": [..]}, gzipped by S3; linter/inputs.c inflates it),
 * `aws cloudtrail lookup-events` output ({"Events": [{"CloudTrailEvent":
 * "<the record as a JSON string>"}]}), and EventBridge's "AWS API Call via
 * CloudTrail" events (the record in "detail"), one or a list.  Each is
 * read one at a time (jsonelem.h).  A wrong shape inside a record is a
 * positioned error and the record is skipped whole; text that is not JSON
 * makes the whole input fail.  A call AWS rejected (errorCode) is a note.
 */
#include "parsers/aws/awsread.h"
#include "parsers/jsonscan.h"

#include <cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The top-level members that tell the shapes apart, first occurrence each. */
enum { TOP_RECORDS, TOP_EVENTS, TOP_DETAIL_TYPE, NTOP };
static const char *const cloudtrail_top_keys[NTOP] = {"Records", "Events", "detail-type"};

/* The detail-type of an EventBridge event that holds a CloudTrail record. */
#define CT_BRIDGE_TYPE "AWS API Call via CloudTrail"

struct ct {
	struct awsread r;
	/* where the record is inside the element being read: the element
	 * itself (Records), its "detail" (EventBridge), or, for lookup-events,
	 * a JSON string: every place is then that string's */
	const char *base;   /* "" or "detail" */
	bool embedded;      /* the record is the CloudTrailEvent string */
	const char *list;   /* the list being read, for messages */
	struct sbuf path;   /* scratch for ct_at */
	struct arena inner; /* the parsed CloudTrailEvent string */
	/* the associations this input made and the disassociations it
	 * records, matched by association id once every record is read:
	 * records come newest first (lookup-events) or oldest first (logs) */
	struct ct_made {
		size_t idx;        /* in f->assocs */
		const char *when;  /* eventTime */
	} *made;
	size_t nmade, capmade;
	struct ct_undone {
		const char *id, *when, *origin;
		struct loc loc;
	} *undone;
	size_t nundone, capundone;
};

/* Where the field at path (inside the record; NULL: the record) is. */
static struct loc ct_at(struct ct *in, const char *path)
{
	if (in->embedded)
		return jel_at(&in->r.j, "CloudTrailEvent");
	if (!*in->base || !path)
		return jel_at(&in->r.j, path ? path : *in->base ? in->base : NULL);
	return jel_at(&in->r.j, jel_path(&in->path, in->base, path));
}

static void ct_error(struct ct *in, const char *path, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void ct_error(struct ct *in, const char *path, const char *fmt, ...)
{
	struct loc l = ct_at(in, path);
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(in->r.j.errs, in->r.j.path, l.line, l.col, fmt, ap);
	va_end(ap);
}

/* --- one record ------------------------------------------------------ */

/* "at <time> by <arn> from <ip>", with what the record has. */
static void ct_who(struct sbuf *sb, const cJSON *rec)
{
	const cJSON *ui = jel_get(rec, "userIdentity");
	const char *who = jel_soft(ui, "arn");
	const char *ip = jel_soft(rec, "sourceIPAddress"), *when = jel_soft(rec, "eventTime");

	if (!who)
		who = jel_soft(ui, "invokedBy");
	if (!who)
		who = jel_soft(ui, "principalId");
	if (when)
		sbuf_addf(sb, " at %s", when);
	if (who)
		sbuf_addf(sb, " by %s", who);
	if (ip)
		sbuf_addf(sb, " from %s", ip);
}

/* What the record says happened, for the findings on what it made:
 * "<what> was <done> at <time> by <arn> from <ip> (CloudTrail <event>)". */
static const char *ct_origin(struct ct *in, const cJSON *rec, const char *event, const char *what,
			     const char *done)
{
	const char *r;
	struct sbuf sb;

	sbuf_init(&sb, 0);
	sbuf_addf(&sb, "%s was %s", what, done);
	ct_who(&sb, rec);
	sbuf_addf(&sb, " (CloudTrail %s)", event);
	r = facts_str(in->r.f, sb.buf);
	sbuf_release(&sb);
	return r;
}

/*
 * A value of a CloudTrail record: the first of a lowerCamel and a Pascal
 * spelling, with its path for positions.  Returns false after a
 * positioned error when it is there but not a string.
 */
static bool ct_str(struct ct *in, const cJSON *o, const char *opath, const char *camel,
		       const char *pascal, struct sbuf *path, const char **out)
{
	const char *used;
	bool wrong = false;

	*out = jel_text(jel_get2(o, camel, pascal, &used), &wrong);
	jel_path(path, opath, used);
	if (wrong) {
		ct_error(in, path->buf, "%s must be a string: record skipped", used);
		return false;
	}
	return true;
}

/* A string under either spelling; other types count as absent, as for
 * every field that names no address. */
static const char *ct_soft2(const cJSON *o, const char *a, const char *b)
{
	bool wrong = false;

	return jel_text(jel_get2(o, a, b, NULL), &wrong);
}

static bool ct_amazon_v6(const cJSON *rp)
{
	return cJSON_IsTrue(jel_get2(rp, "amazonProvidedIpv6CidrBlock", "AmazonProvidedIpv6CidrBlock", NULL));
}

/* Does the request ask for an IPv6 block it does not spell out? */
static bool ct_wants_v6(const cJSON *rp)
{
	return ct_amazon_v6(rp) || ct_soft2(rp, "ipv6IpamPoolId", "Ipv6IpamPoolId") ||
	       ct_soft2(rp, "ipv6Pool", "Ipv6Pool");
}

/*
 * A block the record does not spell out: Amazon-provided, from a BYOIP
 * pool or from IPAM.  Returns the ARG_* of what was asked, or 0 (and v is
 * untouched) when the request asks for none of those.
 */
static unsigned ct_constrained(struct ct *in, struct cidr_value *v, const cJSON *rp,
				   int family, struct loc loc)
{
	const cJSON *m = family == 4 ? jel_get2(rp, "ipv4NetmaskLength", "Ipv4NetmaskLength", NULL)
				     : jel_get2(rp, "ipv6NetmaskLength", "Ipv6NetmaskLength", NULL);
	const char *pool;
	unsigned arg;

	if (family == 6 && ct_amazon_v6(rp)) {
		v->loc = loc;
		v->state = VAL_CONSTRAINED;
		v->amazon = true;
		v->netmask = 56;
		v->reason = facts_str(in->r.f, "Amazon assigned a /56 that the CloudTrail record does not show");
		return ARG_AMZV6;
	}
	if (family == 4) {
		pool = ct_soft2(rp, "ipv4IpamPoolId", "Ipv4IpamPoolId");
		arg = ARG_V4POOL;
	} else if ((pool = ct_soft2(rp, "ipv6IpamPoolId", "Ipv6IpamPoolId"))) {
		arg = ARG_V6IPAMPOOL;
	} else {
		pool = ct_soft2(rp, "ipv6Pool", "Ipv6Pool");
		arg = ARG_V6POOL;
	}
	if (!pool)
		return 0;
	v->loc = loc;
	v->state = VAL_CONSTRAINED;
	v->from.pool = facts_str(in->r.f, pool);
	v->netmask = -1;
	if (cJSON_IsNumber(m) && m->valuedouble >= 0 && m->valuedouble <= 128)
		v->netmask = (int)m->valuedouble;
	v->reason = facts_str(in->r.f, "allocated from a pool; the CloudTrail record does not show the block");
	return arg;
}

/*
 * The request of a record, its path in path: newer EC2 actions log it
 * wrapped, in Pascal case ({"AssociateVpcCidrBlockRequest": {..}}).
 */
static const cJSON *ct_request(const cJSON *rec, const char *event, struct sbuf *path)
{
	const cJSON *rp = jel_get(rec, "requestParameters"), *w;

	sbuf_reset(path);
	sbuf_addf(path, "%sRequest", event);
	w = jel_get(rp, path->buf);
	sbuf_reset(path);
	sbuf_adds(path, "requestParameters");
	if (!cJSON_IsObject(w))
		return rp;
	sbuf_addf(path, "/%sRequest", event);
	return w;
}

/* The account a record's call was made in. */
static const char *ct_account(const cJSON *rec)
{
	const char *account = jel_soft(rec, "recipientAccountId");

	return account ? account : jel_soft(jel_get(rec, "userIdentity"), "accountId");
}

/* A fact's name: the id AWS gave it, else the call and its time. */
static void ct_name(struct sbuf *name, const char *id, const char *event, const char *when)
{
	if (id)
		sbuf_adds(name, id);
	else
		sbuf_addf(name, "%s@%s", event, when ? when : "an unknown time");
}

static void ct_create_vpc(struct ct *in, const cJSON *rec, const char *event)
{
	const cJSON *rp = jel_get(rec, "requestParameters");
	const cJSON *vo = jel_get(jel_get(rec, "responseElements"), "vpc");
	const char *id, *cidr, *v6, *when = jel_soft(rec, "eventTime");
	const char *account = ct_account(rec);
	struct sbuf p4, p6, pid, name;
	struct vpc *v;
	struct block *b;
	unsigned arg;

	sbuf_init(&p4, 4096);
	sbuf_init(&p6, 4096);
	sbuf_init(&pid, 4096);
	sbuf_init(&name, 0);
	if (!ct_str(in, vo, "responseElements/vpc", "vpcId", "VpcId", &pid, &id) ||
	    !ct_str(in, rp, "requestParameters", "cidrBlock", "CidrBlock", &p4, &cidr) ||
	    !ct_str(in, rp, "requestParameters", "ipv6CidrBlock", "Ipv6CidrBlock", &p6, &v6))
		goto out;
	/* the request may leave the block to IPAM or to the default; the
	 * response then shows what was given */
	if (!cidr && !ct_str(in, vo, "responseElements/vpc", "cidrBlock", "CidrBlock", &p4, &cidr))
		goto out;
	ct_name(&name, id, event, when);
	v = facts_add_vpc(in->r.f);
	aws_fill(&in->r, &v->r, name.buf, event, id, jel_soft(rec, "awsRegion"), account, ct_at(in, NULL));
	v->r.lc = LC_CREATE;
	sbuf_reset(&pid);
	sbuf_addf(&pid, "VPC '%s'", name.buf);
	resource_rare(in->r.f, &v->r)->origin = ct_origin(in, rec, event, pid.buf, "created");
	aws_tag_list(&in->r, v, jel_get(jel_get(vo, "tagSet"), "items"), "key", "value");
	b = vpc_add_own_block(in->r.f, v, 4, BLOCK_PRIMARY);
	if (cidr) {
		v->r.args |= ARG_CIDR;
		aws_set(&in->r, &b->v, cidr, 4, ct_at(in, p4.buf));
	} else if ((arg = ct_constrained(in, &b->v, rp, 4, ct_at(in, "requestParameters")))) {
		v->r.args |= arg;
	} else {
		b->v.state = VAL_UNRESOLVED;
		b->v.loc = ct_at(in, NULL);
		b->v.reason = facts_str(in->r.f, "the CloudTrail record shows no IPv4 CIDR");
	}
	if (v6) {
		v->r.args |= ARG_V6CIDR;
		b = vpc_add_own_block(in->r.f, v, 6, BLOCK_SECONDARY);
		aws_set(&in->r, &b->v, v6, 6, ct_at(in, p6.buf));
	} else if (ct_wants_v6(rp)) {
		b = vpc_add_own_block(in->r.f, v, 6, BLOCK_SECONDARY);
		v->r.args |= ct_constrained(in, &b->v, rp, 6, ct_at(in, "requestParameters"));
	}
out:
	sbuf_release(&p4);
	sbuf_release(&p6);
	sbuf_release(&pid);
	sbuf_release(&name);
}

static void ct_associate(struct ct *in, const cJSON *rec, const char *event)
{
	const char *rpath, *respath = "responseElements";
	const cJSON *rp;
	const cJSON *re = jel_get(rec, "responseElements");
	const cJSON *a4, *a6, *ra;
	const char *vpc, *cidr, *v6, *rcidr = NULL, *rv6 = NULL, *assoc_id, *state, *u4, *u6;
	const char *when = jel_soft(rec, "eventTime");
	const char *account = ct_account(rec);
	struct sbuf rq, pv, p4, p6, r4, r6, ap, name;
	struct assoc *as;
	unsigned arg;
	bool ok, is4;

	sbuf_init(&rq, 4096);
	rp = ct_request(rec, event, &rq);
	rpath = rq.buf;
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
	ok = ct_str(in, rp, rpath, "vpcId", "VpcId", &pv, &vpc) &&
	     ct_str(in, rp, rpath, "cidrBlock", "CidrBlock", &p4, &cidr) &&
	     ct_str(in, rp, rpath, "ipv6CidrBlock", "Ipv6CidrBlock", &p6, &v6);
	/* the response shows what IPAM or Amazon gave */
	if (ok) {
		jel_path(&ap, respath, u4);
		ok = ct_str(in, a4, ap.buf, "cidrBlock", "CidrBlock", &r4, &rcidr);
	}
	if (ok) {
		jel_path(&ap, respath, u6);
		ok = ct_str(in, a6, ap.buf, "ipv6CidrBlock", "Ipv6CidrBlock", &r6, &rv6);
	}
	if (!ok)
		goto out;
	if (!vpc) {
		ct_error(in, rpath, "%s names no vpcId: record skipped", event);
		goto out;
	}
	is4 = cidr || rcidr || (!v6 && !rv6 && !ct_wants_v6(rp));
	ra = is4 ? a4 : a6;
	assoc_id = ct_soft2(ra, "associationId", "AssociationId");
	state = ct_soft2(jel_get2(ra, is4 ? "cidrBlockState" : "ipv6CidrBlockState",
				   is4 ? "CidrBlockState" : "Ipv6CidrBlockState", NULL),
			  "state", "State");
	ct_name(&name, assoc_id, event, when);
	as = facts_add_assoc(in->r.f);
	*VEC_PUSH(in->made, in->nmade, in->capmade) =
		(struct ct_made){.idx = in->r.f->nassocs - 1, .when = facts_intern(in->r.f, when)};
	aws_fill(&in->r, &as->r, name.buf, event, assoc_id, jel_soft(rec, "awsRegion"), account,
		 ct_at(in, NULL));
	as->r.lc = LC_CREATE;
	sbuf_reset(&ap);
	sbuf_addf(&ap, "associated with VPC '%s'", vpc);
	resource_rare(in->r.f, &as->r)->origin =
		ct_origin(in, rec, event, cidr ? cidr : rcidr ? rcidr : v6 ? v6 : rv6 ? rv6 : "a block",
			  ap.buf);
	aws_ref(&in->r, &as->ref, vpc, ct_at(in, pv.buf));
	as->block.state = facts_intern(in->r.f, state);
	as->block.family = is4 ? 4 : 6;
	if (cidr || rcidr) {
		as->r.args = ARG_CIDR;
		aws_set(&in->r, &as->block.v, cidr ? cidr : rcidr, 4, ct_at(in, cidr ? p4.buf : r4.buf));
	} else if (v6 || rv6) {
		as->r.args = ARG_V6CIDR;
		aws_set(&in->r, &as->block.v, v6 ? v6 : rv6, 6, ct_at(in, v6 ? p6.buf : r6.buf));
	} else if ((arg = ct_constrained(in, &as->block.v, rp, is4 ? 4 : 6, ct_at(in, rpath)))) {
		as->r.args = arg;
	} else {
		as->block.v.state = VAL_UNRESOLVED;
		as->block.v.loc = ct_at(in, rpath);
		as->block.v.reason = facts_str(in->r.f, "the CloudTrail record shows no CIDR");
	}
out:
	sbuf_release(&rq);
	sbuf_release(&pv);
	sbuf_release(&p4);
	sbuf_release(&p6);
	sbuf_release(&r4);
	sbuf_release(&r6);
	sbuf_release(&ap);
	sbuf_release(&name);
}

/*
 * A call AWS rejected (the record has an errorCode) changed nothing: it is
 * not linted as if it had, but said, since someone tried.
 */
static void ct_rejected(struct ct *in, const cJSON *rec, const char *event, const char *code)
{
	struct sbuf rq, sb;
	const cJSON *rp;
	const char *cidr, *vpc, *why = jel_soft(rec, "errorMessage");
	bool create = str_eq(event, "CreateVpc") || str_eq(event, "CreateDefaultVpc");
	bool undo = str_eq(event, "DisassociateVpcCidrBlock");
	struct loc l;

	if (!in->r.notes)
		return;
	sbuf_init(&rq, 4096);
	sbuf_init(&sb, 0);
	rp = ct_request(rec, event, &rq);
	cidr = ct_soft2(rp, "cidrBlock", "CidrBlock");
	if (!cidr)
		cidr = ct_soft2(rp, "ipv6CidrBlock", "Ipv6CidrBlock");
	vpc = ct_soft2(rp, "vpcId", "VpcId");
	sbuf_adds(&sb, event);
	if (cidr)
		sbuf_addf(&sb, " of %s", cidr);
	if (vpc && !create)
		sbuf_addf(&sb, " to VPC '%s'", vpc);
	ct_who(&sb, rec);
	sbuf_addf(&sb, " was rejected (%s%s%s): %s", code, why ? ": " : "", why ? why : "",
		  create ? "no VPC was created"
		  : undo ? "nothing was disassociated"
		  : str_eq(event, "CreateSubnet") ? "no subnet was created"
						  : "nothing was associated");
	l = ct_at(in, "errorCode");
	errlist_add(in->r.notes, in->r.j.path, l.line, l.col, "%s", sb.buf);
	sbuf_release(&sb);
	sbuf_release(&rq);
}

/* A CreateSubnet: a subnet of the VPC it names, checked as any subnet is
 * (inside the VPC's blocks, apart from its other subnets). */
static void ct_create_subnet(struct ct *in, const cJSON *rec, const char *event)
{
	struct sbuf rq, pv, p4, p6, name;
	const cJSON *rp, *so = jel_get(jel_get(rec, "responseElements"), "subnet");
	const char *vpc, *cidr, *v6, *id, *when = jel_soft(rec, "eventTime");
	const char *account = ct_account(rec);
	struct subnet *sn;

	sbuf_init(&rq, 4096);
	sbuf_init(&pv, 4096);
	sbuf_init(&p4, 4096);
	sbuf_init(&p6, 4096);
	sbuf_init(&name, 0);
	if (!cJSON_IsObject(so))
		so = jel_get(jel_get(jel_get(rec, "responseElements"), "CreateSubnetResponse"), "subnet");
	rp = ct_request(rec, event, &rq);
	if (!ct_str(in, rp, rq.buf, "vpcId", "VpcId", &pv, &vpc) ||
	    !ct_str(in, rp, rq.buf, "cidrBlock", "CidrBlock", &p4, &cidr) ||
	    !ct_str(in, rp, rq.buf, "ipv6CidrBlock", "Ipv6CidrBlock", &p6, &v6))
		goto out;
	if (!vpc) {
		ct_error(in, rq.buf, "%s names no vpcId: record skipped", event);
		goto out;
	}
	id = ct_soft2(so, "subnetId", "SubnetId");
	ct_name(&name, id, event, when);
	sn = facts_add_subnet(in->r.f);
	aws_fill(&in->r, &sn->r, name.buf, event, id, jel_soft(rec, "awsRegion"), account,
		 ct_at(in, NULL));
	sn->r.lc = LC_CREATE;
	sbuf_reset(&rq);
	sbuf_addf(&rq, "created in VPC '%s'", vpc);
	resource_rare(in->r.f, &sn->r)->origin =
		ct_origin(in, rec, event, cidr ? cidr : v6 ? v6 : "a subnet", rq.buf);
	aws_ref(&in->r, &sn->ref, vpc, ct_at(in, pv.buf));
	if (cidr) {
		sn->has_v4 = true;
		sn->r.args |= ARG_CIDR;
		aws_set(&in->r, &sn->v4, cidr, 4, ct_at(in, p4.buf));
	}
	if (v6) {
		sn->r.args |= ARG_V6CIDR;
		aws_set(&in->r, subnet_v6(in->r.f, sn), v6, 6, ct_at(in, p6.buf));
	}
out:
	sbuf_release(&rq);
	sbuf_release(&pv);
	sbuf_release(&p4);
	sbuf_release(&p6);
	sbuf_release(&name);
}

/* A DisassociateVpcCidrBlock: kept until every record is read. */
static void ct_disassociate(struct ct *in, const cJSON *rec, const char *event)
{
	struct sbuf rq;
	const cJSON *rp, *re = jel_get(rec, "responseElements");
	const char *id;

	sbuf_init(&rq, 4096);
	rp = ct_request(rec, event, &rq);
	if (cJSON_IsObject(jel_get(re, "DisassociateVpcCidrBlockResponse")))
		re = jel_get(re, "DisassociateVpcCidrBlockResponse");
	id = ct_soft2(rp, "associationId", "AssociationId");
	if (!id)
		id = ct_soft2(jel_get2(re, "cidrBlockAssociation", "CidrBlockAssociation", NULL),
			      "associationId", "AssociationId");
	if (!id)
		id = ct_soft2(jel_get2(re, "ipv6CidrBlockAssociation", "Ipv6CidrBlockAssociation", NULL),
			      "associationId", "AssociationId");
	if (id)
		*VEC_PUSH(in->undone, in->nundone, in->capundone) = (struct ct_undone){
			.id = facts_intern(in->r.f, id),
			.when = facts_intern(in->r.f, jel_soft(rec, "eventTime")),
			.origin = ct_origin(in, rec, event, "it", "disassociated"),
			.loc = ct_at(in, NULL),
		};
	else
		ct_error(in, rq.buf, "%s names no AssociationId: record skipped", event);
	sbuf_release(&rq);
}

/*
 * An association this input made and a later disassociation of the same
 * id undid occupies no space: it is a block gone (as a plan's delete is),
 * and a note says so.  eventTime is ISO 8601 in UTC, as CloudTrail writes
 * it: the strings compare as the times do.
 */
static void ct_apply_disassociations(struct ct *in)
{
	struct facts *f = in->r.f;

	for (size_t i = 0; f && i < in->nmade; i++) {
		struct assoc *as = f->assocs[in->made[i].idx];
		for (size_t j = 0; j < in->nundone; j++) {
			const struct ct_undone *u = &in->undone[j];
			char buf[CIDR_STRLEN];
			const struct prefix *pfx = cidr_value_prefix(&as->block.v);
			struct sbuf sb;
			if (!str_eq(resource_aws_id(&as->r), u->id) || !in->made[i].when || !u->when ||
			    strcmp(in->made[i].when, u->when) > 0)
				continue;
			sbuf_init(&sb, 0);
			sbuf_addf(&sb, "%s; then %s", resource_rare(f, &as->r)->origin, u->origin);
			as->r.lc = LC_DELETE;
			as->r.rare->origin = facts_str(f, sb.buf);
			sbuf_release(&sb);
			if (pfx)
				cidr_format(pfx, buf);
			if (in->r.notes)
				errlist_add(in->r.notes, in->r.j.path, u->loc.line, u->loc.col,
					    "%s of association '%s' occupies no space: %s", pfx ? buf : "the block",
					    u->id, as->r.rare->origin);
			break;
		}
	}
}

static void ct_record(struct ct *in, const cJSON *rec)
{
	const cJSON *err;
	const char *event;

	if (!str_eq(jel_soft(rec, "eventSource"), "ec2.amazonaws.com"))
		return;
	event = jel_soft(rec, "eventName");
	if (!str_eq(event, "CreateVpc") && !str_eq(event, "CreateDefaultVpc") &&
	    !str_eq(event, "AssociateVpcCidrBlock") && !str_eq(event, "DisassociateVpcCidrBlock") &&
	    !str_eq(event, "CreateSubnet"))
		return;
	err = jel_get(rec, "errorCode");
	if (err && !cJSON_IsNull(err) && !(cJSON_IsString(err) && !err->valuestring[0])) {
		ct_rejected(in, rec, event, cJSON_IsString(err) ? err->valuestring : "an error");
		return;
	}
	if (str_eq(event, "AssociateVpcCidrBlock"))
		ct_associate(in, rec, event);
	else if (str_eq(event, "DisassociateVpcCidrBlock"))
		ct_disassociate(in, rec, event);
	else if (str_eq(event, "CreateSubnet"))
		ct_create_subnet(in, rec, event);
	else
		ct_create_vpc(in, rec, event);
}

/* --- the shapes records come in ---------------------------------------- */

/* An entry of Records: the record itself. */
static void ct_trail_entry(void *arg, const cJSON *rec)
{
	struct ct *in = arg;

	if (!cJSON_IsObject(rec)) {
		jel_error(&in->r.j, NULL, "each entry of %s must be an object: skipped", in->list);
		return;
	}
	ct_record(in, rec);
}

/* An entry of lookup-events' Events: the record is a JSON string. */
static void ct_lookup_entry(void *arg, const cJSON *ev)
{
	struct ct *in = arg;
	const cJSON *cte = jel_get(ev, "CloudTrailEvent"), *rec;
	struct jscan_error err;
	const char *text, *vend;

	if (!cJSON_IsObject(ev)) {
		jel_error(&in->r.j, NULL, "each entry of Events must be an object: skipped");
		return;
	}
	if (!cJSON_IsString(cte)) {
		jel_error(&in->r.j, cte ? "CloudTrailEvent" : NULL,
			  cte ? "CloudTrailEvent must be a string holding the record: event skipped"
			      : "an entry of Events without CloudTrailEvent: skipped");
		return;
	}
	text = cte->valuestring;
	arena_reset(&in->inner);
	rec = jscan_parse(jscan_ws(text, text + strlen(text)), text + strlen(text), &in->inner,
			  &vend, &err);
	if (rec && jscan_ws(vend, text + strlen(text)) < text + strlen(text)) {
		rec = NULL;
		err.why = "text after the record";
	}
	if (!cJSON_IsObject(rec)) {
		jel_error(&in->r.j, "CloudTrailEvent",
			  "CloudTrailEvent does not hold a CloudTrail record (%s): event skipped",
			  rec ? "not a JSON object" : err.why);
		return;
	}
	in->embedded = true;
	ct_record(in, rec);
	in->embedded = false;
}

/* An EventBridge event: the record is its detail. */
static void ct_bridge_entry(void *arg, const cJSON *ev)
{
	struct ct *in = arg;
	const cJSON *detail = jel_get(ev, "detail");
	bool wrong = false;
	const char *type = jel_str(ev, "detail-type", &wrong);

	if (!cJSON_IsObject(ev)) {
		jel_error(&in->r.j, NULL, "each entry of %s must be an object: skipped", in->list);
		return;
	}
	/* the other events of a bus (state changes, schedules) hold no call */
	if (!str_eq(type, CT_BRIDGE_TYPE))
		return;
	if (!cJSON_IsObject(detail)) {
		jel_error(&in->r.j, detail ? "detail" : NULL,
			  "an \"%s\" event needs its CloudTrail record as an object in detail: skipped",
			  CT_BRIDGE_TYPE);
		return;
	}
	in->base = "detail";
	ct_record(in, detail);
	in->base = "";
}

/* --- entry point ------------------------------------------------------ */

/* One EventBridge event as the whole file: read as a list of one. */
static void ct_one_event(struct ct *in, const char *top)
{
	struct jscan_error err;
	const char *vend;
	cJSON *ev;

	arena_reset(&in->r.j.json);
	ev = jscan_parse(top, in->r.j.end, &in->r.j.json, &vend, &err);
	if (!ev) {
		jel_error_at(&in->r.j, err.at, "invalid JSON: %s", err.why);
		in->r.j.bad_json = true;
		return;
	}
	jel_element(&in->r.j, top, vend);
	ct_bridge_entry(in, ev);
	jel_element_done(&in->r.j);
}

/* A JSON list of EventBridge events (as `aws events` tooling and
 * archives write them). */
static void ct_event_list(struct ct *in, const char *top)
{
	struct jscan_error err;
	const char *vend = jscan_value(top, in->r.j.end, &err);
	struct jel_span all = {top, vend};

	if (!vend) {
		jel_error_at(&in->r.j, err.at, "invalid JSON: %s", err.why);
		in->r.j.bad_json = true;
		return;
	}
	if (jscan_ws(vend, in->r.j.end) < in->r.j.end) {
		jel_error_at(&in->r.j, jscan_ws(vend, in->r.j.end),
			     "invalid JSON: unexpected text after the top-level list");
		in->r.j.bad_json = true;
		return;
	}
	in->list = "the list of EventBridge events";
	jel_walk(&in->r.j, all, in->list, ct_bridge_entry, in);
}

struct facts *aws_cloudtrail_facts(const struct aws_input *ai, const struct aws_options *opt,
				   struct errlist *errs)
{
	struct ct in;
	struct jel_span spans[NTOP];
	struct facts *f;
	const char *top;
	bool list;

	memset(&in, 0, sizeof(in));
	top = awsread_start(&in.r, ai, INPUT_CLOUDTRAIL, opt, errs);
	in.base = "";
	in.list = "Records";
	sbuf_init(&in.path, 4096);
	arena_init(&in.inner);
	list = top < in.r.j.end && *top == '[';
	if (list)
		ct_event_list(&in, top);
	/* log files concatenated (zcat *.json.gz, or the gzip members of
	 * one file), pages of lookup-events one after another: each object
	 * is read in turn */
	for (const char *next = list ? NULL : top; next;) {
		top = next;
		if (!awsread_top(&in.r, top, "a CloudTrail log", cloudtrail_top_keys, spans, NTOP,
				 &next)) {
			/* not JSON, or not an object */
		} else if (spans[TOP_RECORDS].v) {
			jel_walk(&in.r.j, spans[TOP_RECORDS], "Records", ct_trail_entry, &in);
		} else if (spans[TOP_EVENTS].v) {
			jel_walk(&in.r.j, spans[TOP_EVENTS], "Events", ct_lookup_entry, &in);
		} else if (spans[TOP_DETAIL_TYPE].v) {
			ct_one_event(&in, top);
		} else {
			jel_error_at(&in.r.j, top,
				     "a CloudTrail log needs a Records list (a trail's log file), an "
				     "Events list (aws cloudtrail lookup-events) or an EventBridge event");
			in.r.fatal = true;
			next = NULL;
		}
	}
	ct_apply_disassociations(&in);
	f = awsread_finish(&in.r);
	free(in.made);
	free(in.undone);
	arena_release(&in.inner);
	sbuf_release(&in.path);
	return f;
}
