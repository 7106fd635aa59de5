/*
 * ipam.c: `aws ec2 get-ipam-resource-cidrs` output (see aws.h): every VPC
 * and subnet CIDR that Amazon VPC IPAM monitors, across the accounts and
 * regions of an organisation, read as an inventory of what exists.
 *
 * Each entry of IpamResourceCidrs is one CIDR of one resource; a VPC with
 * three CIDRs is three entries, folded here into one VPC.  Which CIDR is
 * a VPC's primary one IPAM does not say, so every block read here is a
 * secondary one (the rules that need the primary find none, and skip).
 * Entries of other resource types (Elastic IPs, network interfaces,
 * public IPv4 and IPv6 pools) hold no VPC address space and are skipped.
 * ComplianceStatus and OverlapStatus are IPAM's own verdicts; the rules
 * judge the blocks themselves.
 */
#include "parsers/aws/awsread.h"
#include "parsers/jsonscan.h"

#include <cJSON.h>
#include <string.h>

enum { TOP_CIDRS, NTOP };
static const char *const ipam_top_keys[NTOP] = {"IpamResourceCidrs"};

struct ipam {
	struct awsread r;
	struct strmap vpcs; /* ResourceId -> struct vpc */
};

static void ipam_vpc(struct ipam *in, const cJSON *o, const char *id, const char *cidr)
{
	struct vpc *v = strmap_get(&in->vpcs, id);
	struct block *b;
	int family = strchr(cidr, ':') ? 6 : 4;

	if (!v) {
		v = facts_add_vpc(in->r.f);
		aws_fill(&in->r, &v->r, id, "get-ipam-resource-cidrs", id, jel_soft(o, "ResourceRegion"),
			 jel_soft(o, "ResourceOwnerId"), jel_el_loc(&in->r.j));
		aws_tag_list(&in->r, v, jel_get(o, "ResourceTags"), "Key", "Value");
		strmap_put(&in->vpcs, v->r.name, v);
	}
	v->r.args |= family == 4 ? ARG_CIDR : ARG_V6CIDR;
	b = vpc_add_own_block(in->r.f, v, family, BLOCK_SECONDARY);
	aws_set(&in->r, &b->v, cidr, family, jel_at(&in->r.j, "ResourceCidr"));
}

static void ipam_subnet(struct ipam *in, const cJSON *o, const char *id, const char *cidr)
{
	bool wrong = false;
	const char *vpc = jel_str(o, "VpcId", &wrong);
	struct subnet *s;
	int family = strchr(cidr, ':') ? 6 : 4;

	if (!vpc) {
		jel_error(&in->r.j, wrong ? "VpcId" : NULL, "subnet '%s' %s: skipped", id,
			  wrong ? "has a VpcId that is not a string" : "has no VpcId");
		return;
	}
	s = facts_add_subnet(in->r.f);
	aws_fill(&in->r, &s->r, id, "get-ipam-resource-cidrs", id, jel_soft(o, "ResourceRegion"),
		 jel_soft(o, "ResourceOwnerId"), jel_el_loc(&in->r.j));
	aws_ref(&in->r, &s->ref, vpc, jel_at(&in->r.j, "VpcId"));
	if (family == 4) {
		s->has_v4 = true;
		s->r.args |= ARG_CIDR;
		aws_set(&in->r, &s->v4, cidr, 4, jel_at(&in->r.j, "ResourceCidr"));
	} else {
		s->r.args |= ARG_V6CIDR;
		aws_set(&in->r, subnet_v6(in->r.f, s), cidr, 6, jel_at(&in->r.j, "ResourceCidr"));
	}
}

static void ipam_entry(void *arg, const cJSON *o)
{
	struct ipam *in = arg;
	bool wrong = false;
	const char *type, *id, *cidr;

	if (!cJSON_IsObject(o)) {
		jel_error(&in->r.j, NULL, "each entry of IpamResourceCidrs must be an object: skipped");
		return;
	}
	type = jel_soft(o, "ResourceType");
	if (!str_eq(type, "vpc") && !str_eq(type, "subnet"))
		return;
	id = jel_str(o, "ResourceId", &wrong);
	if (!id) {
		jel_error(&in->r.j, wrong ? "ResourceId" : NULL, "%s",
			  wrong ? "ResourceId must be a string: entry skipped"
				: "an IPAM resource CIDR without ResourceId: skipped");
		return;
	}
	cidr = jel_str(o, "ResourceCidr", &wrong);
	if (!cidr) {
		jel_error(&in->r.j, wrong ? "ResourceCidr" : NULL, "%s '%s' %s: skipped", type, id,
			  wrong ? "has a ResourceCidr that is not a string" : "has no ResourceCidr");
		return;
	}
	if (str_eq(type, "vpc"))
		ipam_vpc(in, o, id, cidr);
	else
		ipam_subnet(in, o, id, cidr);
}

struct facts *aws_ipam_facts(const struct aws_input *ai, const struct aws_options *opt,
			     struct errlist *errs)
{
	struct ipam in;
	struct jel_span spans[NTOP];
	const char *top = awsread_start(&in.r, ai, INPUT_INVENTORY, opt, errs);
	struct facts *f;

	strmap_init(&in.vpcs);
	if (!awsread_top(&in.r, top, "an IPAM export", ipam_top_keys, spans, NTOP, NULL)) {
		/* not JSON, or not an object */
	} else if (!spans[TOP_CIDRS].v) {
		jel_error_at(&in.r.j, top, "an IPAM export needs an IpamResourceCidrs list "
					   "(aws ec2 get-ipam-resource-cidrs output)");
		in.r.fatal = true;
	} else {
		jel_walk(&in.r.j, spans[TOP_CIDRS], "IpamResourceCidrs", ipam_entry, &in);
	}
	f = awsread_finish(&in.r);
	strmap_release(&in.vpcs);
	return f;
}
