/*
 * cloudtrail.c: CloudTrail records (see aws.h): the CreateVpc and
 * AssociateVpcCidrBlock calls that changed address space outside the
 * pipeline, checked after the fact with the same rules.
 *
 * Records are read one at a time (jsonelem.h).  A wrong shape inside a
 * record is a positioned error and the record is skipped whole; text that
 * is not JSON makes the whole input fail.
 */
#include "parsers/aws/awsread.h"
#include "parsers/jsonscan.h"

#include <cJSON.h>
#include <string.h>

enum { TOP_RECORDS, NTOP };
static const char *const cloudtrail_top_keys[NTOP] = {"Records"};

/* --- one record ---------------------------------------------------- */
/* "by <arn> from <ip> at <time>", with what the record has. */
static const char *ct_origin(struct awsread *in, const cJSON *rec)
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
static bool ct_str(struct awsread *in, const cJSON *o, const char *opath, const char *camel,
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
static unsigned ct_constrained(struct awsread *in, struct cidr_value *v, const cJSON *rp,
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
		v->reason = facts_str(in->f, "Amazon assigned a /56 that the CloudTrail record does not show");
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
	v->pool = facts_str(in->f, pool);
	v->netmask = -1;
	if (cJSON_IsNumber(m) && m->valuedouble >= 0 && m->valuedouble <= 128)
		v->netmask = (int)m->valuedouble;
	v->reason = facts_str(in->f, "allocated from a pool; the CloudTrail record does not show the block");
	return arg;
}

static void ct_create_vpc(struct awsread *in, const cJSON *rec, const char *event)
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
	if (!ct_str(in, vo, "responseElements/vpc", "vpcId", "VpcId", &pid, &id) ||
	    !ct_str(in, rp, "requestParameters", "cidrBlock", "CidrBlock", &p4, &cidr) ||
	    !ct_str(in, rp, "requestParameters", "ipv6CidrBlock", "Ipv6CidrBlock", &p6, &v6))
		goto out;
	/* the request may leave the block to IPAM or to the default; the
	 * response then shows what was given */
	if (!cidr && !ct_str(in, vo, "responseElements/vpc", "cidrBlock", "CidrBlock", &p4, &cidr))
		goto out;
	if (!account)
		account = jel_soft(jel_get(rec, "userIdentity"), "accountId");
	if (id)
		sbuf_adds(&name, id);
	else
		sbuf_addf(&name, "%s@%s", event, when ? when : "an unknown time");
	v = facts_add_vpc(in->f);
	aws_fill(in, &v->r, name.buf, event, id, jel_soft(rec, "awsRegion"), account, jel_el_loc(&in->j));
	v->r.lc = LC_CREATE;
	v->r.origin = ct_origin(in, rec);
	aws_tag_list(in, &v->r, jel_get(jel_get(vo, "tagSet"), "items"), "key", "value");
	b = vpc_add_own_block(in->f, v, 4, BLOCK_PRIMARY);
	if (cidr) {
		v->r.args |= ARG_CIDR;
		aws_set(in, &b->v, cidr, 4, jel_at(&in->j, p4.buf));
	} else if ((arg = ct_constrained(in, &b->v, rp, 4, jel_at(&in->j, "requestParameters")))) {
		v->r.args |= arg;
	} else {
		b->v.state = VAL_UNRESOLVED;
		b->v.loc = jel_el_loc(&in->j);
		b->v.reason = facts_str(in->f, "the CloudTrail record shows no IPv4 CIDR");
	}
	if (v6) {
		v->r.args |= ARG_V6CIDR;
		b = vpc_add_own_block(in->f, v, 6, BLOCK_SECONDARY);
		aws_set(in, &b->v, v6, 6, jel_at(&in->j, p6.buf));
	} else if (ct_wants_v6(rp)) {
		b = vpc_add_own_block(in->f, v, 6, BLOCK_SECONDARY);
		v->r.args |= ct_constrained(in, &b->v, rp, 6, jel_at(&in->j, "requestParameters"));
	}
out:
	sbuf_release(&p4);
	sbuf_release(&p6);
	sbuf_release(&pid);
	sbuf_release(&name);
}

static void ct_associate(struct awsread *in, const cJSON *rec, const char *event)
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
		jel_error(&in->j, rpath, "%s names no vpcId: record skipped", event);
		goto out;
	}
	if (!account)
		account = jel_soft(jel_get(rec, "userIdentity"), "accountId");
	is4 = cidr || rcidr || (!v6 && !rv6 && !ct_wants_v6(rp));
	ra = is4 ? a4 : a6;
	assoc_id = ct_soft2(ra, "associationId", "AssociationId");
	state = ct_soft2(jel_get2(ra, is4 ? "cidrBlockState" : "ipv6CidrBlockState",
				   is4 ? "CidrBlockState" : "Ipv6CidrBlockState", NULL),
			  "state", "State");
	if (assoc_id)
		sbuf_adds(&name, assoc_id);
	else
		sbuf_addf(&name, "%s@%s", event, when ? when : "an unknown time");
	as = facts_add_assoc(in->f);
	aws_fill(in, &as->r, name.buf, event, assoc_id, jel_soft(rec, "awsRegion"), account,
		 jel_el_loc(&in->j));
	as->r.lc = LC_CREATE;
	as->r.origin = ct_origin(in, rec);
	aws_ref(in, &as->ref, vpc, jel_at(&in->j, pv.buf));
	as->block.state = facts_intern(in->f, state);
	as->block.family = is4 ? 4 : 6;
	if (cidr || rcidr) {
		as->r.args = ARG_CIDR;
		aws_set(in, &as->block.v, cidr ? cidr : rcidr, 4, jel_at(&in->j, cidr ? p4.buf : r4.buf));
	} else if (v6 || rv6) {
		as->r.args = ARG_V6CIDR;
		aws_set(in, &as->block.v, v6 ? v6 : rv6, 6, jel_at(&in->j, v6 ? p6.buf : r6.buf));
	} else if ((arg = ct_constrained(in, &as->block.v, rp, is4 ? 4 : 6, jel_at(&in->j, rpath)))) {
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

static void ct_record(void *arg, const cJSON *rec)
{
	struct awsread *in = arg;

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
		ct_create_vpc(in, rec, event);
	else if (str_eq(event, "AssociateVpcCidrBlock"))
		ct_associate(in, rec, event);
}

/* --- entry point ------------------------------------------------------ */

struct facts *aws_cloudtrail_facts(const struct aws_input *ai, const struct aws_options *opt,
				   struct errlist *errs)
{
	struct awsread in;
	struct jel_span spans[NTOP];
	const char *top = awsread_start(&in, ai, INPUT_CLOUDTRAIL, opt, errs);

	if (!awsread_top(&in, top, "a CloudTrail log", cloudtrail_top_keys, spans, NTOP)) {
		/* not JSON, or not an object */
	} else if (!spans[TOP_RECORDS].v) {
		jel_error_at(&in.j, top, "a CloudTrail log needs a Records list");
		in.fatal = true;
	} else {
		jel_walk(&in.j, spans[TOP_RECORDS], "Records", ct_record, &in);
	}
	return awsread_finish(&in);
}
