/*
 * describe.c: `aws ec2 describe-vpcs` and `describe-subnets` output, bare
 * or as a recorded response (see aws.h): what already exists.
 *
 * These files can be hundreds of megabytes, so no tree of the whole file
 * is ever built: each element of Vpcs and Subnets is parsed on its own
 * (jsonelem.h).  A wrong shape inside an element (a VPC without VpcId, a
 * CidrBlock that is not a string) is a positioned error and the element
 * is skipped whole, so no half-read resource reaches the rules; the rest
 * of the file is still read.  Text that is not JSON at all makes the
 * whole input fail.
 */
#include "parsers/aws/awsread.h"
#include "parsers/jsonscan.h"

#include <cJSON.h>
#include <string.h>

/* The top-level members read, first occurrence each. */
enum { TOP_VPCS, TOP_SUBNETS, TOP_DATA, TOP_PEERINGS, TOP_TGW_ATTS, TOP_RTBS, NTOP };
static const char *const describe_top_keys[NTOP] = {"Vpcs", "Subnets", "data",
						    "VpcPeeringConnections",
						    "TransitGatewayAttachments", "RouteTables"};

/* --- describe-vpcs / describe-subnets -------------------------------- */

static const struct dv_set {
	const char *set, *cidr, *state;
	int family;
} dv_sets[] = {
	{"CidrBlockAssociationSet", "CidrBlock", "CidrBlockState", 4},
	{"Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState", 6},
};

/*
 * The blocks of one describe-vpcs VPC.  Called twice: with v NULL it only
 * checks the shapes and reports what is wrong (so that a bad VPC is
 * skipped whole); with v it adds the blocks, the shapes known good.
 */
static bool dv_blocks(struct awsread *in, const cJSON *o, const char *id, const char *primary,
			  struct vpc *v)
{
	bool ok = true, primary_seen = false;
	struct sbuf sb;

	sbuf_init(&sb, 4096);
	for (size_t k = 0; k < ARRAY_SIZE(dv_sets); k++) {
		const struct dv_set *ds = &dv_sets[k];
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
				aws_set(in, &b->v, primary, 4, jel_at(&in->j, "CidrBlock"));
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
			if (!v || !aws_state_occupies(state))
				continue;
			enum block_role role = BLOCK_SECONDARY;
			if (ds->family == 4 && !primary_seen && str_eq(cidr, primary)) {
				role = BLOCK_PRIMARY;
				primary_seen = true;
			}
			struct block *b = vpc_add_own_block(in->f, v, ds->family, role);
			sbuf_addf(&sb, "/%s", ds->cidr);
			aws_set(in, &b->v, cidr, ds->family, jel_at(&in->j, sb.buf));
			b->state = facts_intern(in->f, state);
		}
	}
	sbuf_release(&sb);
	return ok;
}

static void dv_vpc(void *arg, const cJSON *o)
{
	struct awsread *in = arg;

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
	if (!dv_blocks(in, o, id, cidr, NULL))
		return;
	v = facts_add_vpc(in->f);
	aws_fill(in, &v->r, id, "describe-vpcs", id, NULL, jel_soft(o, "OwnerId"), jel_el_loc(&in->j));
	v->r.args = ARG_CIDR;
	aws_tag_list(in, v, jel_get(o, "Tags"), "Key", "Value");
	dv_blocks(in, o, id, cidr, v);
}

static void ds_subnet(void *arg, const cJSON *o)
{
	struct awsread *in = arg;

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
		if (!v6 && aws_state_occupies(st)) {
			v6 = c;
			v6i = i;
		}
		i++;
	}
	s = facts_add_subnet(in->f);
	aws_fill(in, &s->r, id, "describe-subnets", id, facts_arn_field(in->f, jel_soft(o, "SubnetArn"), 3),
		 jel_soft(o, "OwnerId"), jel_el_loc(&in->j));
	aws_ref(in, &s->ref, vpc, jel_at(&in->j, "VpcId"));
	if (cidr) {
		s->has_v4 = true;
		s->r.args |= ARG_CIDR;
		aws_set(in, &s->v4, cidr, 4, jel_at(&in->j, "CidrBlock"));
	}
	if (v6) {
		s->r.args |= ARG_V6CIDR;
		sbuf_addf(&sb, "Ipv6CidrBlockAssociationSet/%zu/Ipv6CidrBlock", v6i);
		aws_set(in, subnet_v6(in->f, s), v6, 6, jel_at(&in->j, sb.buf));
	}
	if (cJSON_IsTrue(jel_get(o, "Ipv6Native")))
		s->r.args |= ARG_V6NATIVE;
	sbuf_release(&sb);
}

/* --- connectivity: peerings, transit gateway attachments, routes ------ */

static void link_end(struct awsread *in, struct vpc_ref *ref, const char *id, const char *path)
{
	if (id) {
		aws_ref(in, ref, id, jel_at(&in->j, path));
		return;
	}
	ref->kind = VREF_NONE;
	ref->why = "not in the inventory";
}

/* describe-vpc-peering-connections: a peering joins while it is active or
 * on its way there (pending-acceptance, provisioning). */
static void link_peering(void *arg, const cJSON *o)
{
	struct awsread *in = arg;
	const char *id = jel_soft(o, "VpcPeeringConnectionId");
	const char *code = jel_soft(jel_get(o, "Status"), "Code");
	const cJSON *req = jel_get(o, "RequesterVpcInfo"), *acc = jel_get(o, "AccepterVpcInfo");
	struct link *l;

	if (!id || !(str_eq(code, "active") || str_eq(code, "pending-acceptance") ||
		     str_eq(code, "provisioning") || !code))
		return;
	l = facts_add_link(in->f, LINK_PEERING);
	aws_fill(in, &l->r, id, "describe-vpc-peering-connections", id, jel_soft(req, "Region"),
		 jel_soft(req, "OwnerId"), jel_el_loc(&in->j));
	link_end(in, &l->a, jel_soft(req, "VpcId"), "RequesterVpcInfo/VpcId");
	link_end(in, &l->b, jel_soft(acc, "VpcId"), "AccepterVpcInfo/VpcId");
	l->peer_account = facts_str(in->f, jel_soft(acc, "OwnerId"));
	l->peer_region = facts_str(in->f, jel_soft(acc, "Region"));
}

/* describe-transit-gateway-attachments: a VPC attachment and the route
 * table it is associated with.  Its propagations are not in this output,
 * and neither is the gateway's default route table: none is assumed. */
static void link_tgw_attachment(void *arg, const cJSON *o)
{
	struct awsread *in = arg;
	const char *id = jel_soft(o, "TransitGatewayAttachmentId");
	const char *state = jel_soft(o, "State");
	const cJSON *as = jel_get(o, "Association");
	struct link *l;

	if (!id || !str_eq(jel_soft(o, "ResourceType"), "vpc") ||
	    str_eq(state, "deleted") || str_eq(state, "deleting") || str_eq(state, "rejected") ||
	    str_eq(state, "failed"))
		return;
	l = facts_add_link(in->f, LINK_TGW_ATTACH);
	aws_fill(in, &l->r, id, "describe-transit-gateway-attachments", id, NULL,
		 jel_soft(o, "ResourceOwnerId"), jel_el_loc(&in->j));
	link_end(in, &l->a, jel_soft(o, "ResourceId"), "ResourceId");
	link_end(in, &l->b, jel_soft(o, "TransitGatewayId"), "TransitGatewayId");
	l->no_default_assoc = l->no_default_prop = true;
	if (jel_soft(as, "TransitGatewayRouteTableId") && str_eq(jel_soft(as, "State"), "associated")) {
		struct link *a = facts_add_link(in->f, LINK_TGW_ASSOC);
		aws_fill(in, &a->r, arena_printf(&in->f->arena, "%s association", id),
			 "describe-transit-gateway-attachments", NULL, NULL, NULL, jel_el_loc(&in->j));
		link_end(in, &a->a, id, "TransitGatewayAttachmentId");
		link_end(in, &a->b, jel_soft(as, "TransitGatewayRouteTableId"),
			"Association/TransitGatewayRouteTableId");
	}
}

/* describe-route-tables: the table and its routes, except the local ones. */
static void link_route_table(void *arg, const cJSON *o)
{
	static const char *const targets[] = {
		"GatewayId", "NatGatewayId", "TransitGatewayId", "VpcPeeringConnectionId",
		"NetworkInterfaceId", "InstanceId", "EgressOnlyInternetGatewayId",
		"CarrierGatewayId", "LocalGatewayId", "CoreNetworkArn",
	};
	struct awsread *in = arg;
	const char *id = jel_soft(o, "RouteTableId");
	const cJSON *routes = jel_get(o, "Routes"), *r;
	const cJSON *list = cJSON_IsArray(routes) ? routes : NULL;
	struct link *t;
	size_t i = 0;

	if (!id)
		return;
	t = facts_add_link(in->f, LINK_RTB);
	aws_fill(in, &t->r, id, "describe-route-tables", id, NULL, jel_soft(o, "OwnerId"),
		 jel_el_loc(&in->j));
	link_end(in, &t->a, jel_soft(o, "VpcId"), "VpcId");
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
		aws_fill(in, &l->r, arena_printf(&in->f->arena, "%s route %s", id, d4 ? d4 : d6),
			 "describe-route-tables", NULL, NULL, NULL,
			 jel_at(&in->j, jel_path(&sb, "Routes", arena_printf(&in->f->arena, "%zu", i - 1))));
		link_end(in, &l->a, id, "RouteTableId");
		for (size_t k = 0; k < ARRAY_SIZE(targets) && l->x.kind == VREF_NONE; k++)
			if (jel_soft(r, targets[k])) {
				link_end(in, &l->x, jel_soft(r, targets[k]), NULL);
				l->x_what = targets[k];
			}
		aws_set(in, &l->dest, d4 ? d4 : d6, d4 ? 4 : 6, l->r.loc);
		l->has_dest = true;
		sbuf_release(&sb);
	}
}

/* --- walking the file ------------------------------------------------- */

static void describe_walk(struct awsread *in, const char *top, struct jel_span *spans)
{
	/* a recorded response: the API's answer is inside data */
	if (!spans[TOP_VPCS].v && !spans[TOP_SUBNETS].v && spans[TOP_DATA].v) {
		if (*spans[TOP_DATA].v != '{') {
			/* a recorded error response, or something else entirely */
			jel_error_at(&in->j, spans[TOP_DATA].v, "data of a recorded response must be an object "
						      "holding Vpcs or Subnets");
			in->fatal = true;
			return;
		}
		if (!jel_scan_top(&in->j, spans[TOP_DATA].v, spans[TOP_DATA].vend, false, describe_top_keys, spans, NTOP))
			return;
	}
	if (!spans[TOP_VPCS].v && !spans[TOP_SUBNETS].v && !spans[TOP_PEERINGS].v &&
	    !spans[TOP_TGW_ATTS].v && !spans[TOP_RTBS].v) {
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
		{TOP_VPCS, "Vpcs", dv_vpc},
		{TOP_SUBNETS, "Subnets", ds_subnet},
		{TOP_PEERINGS, "VpcPeeringConnections", link_peering},
		{TOP_TGW_ATTS, "TransitGatewayAttachments", link_tgw_attachment},
		{TOP_RTBS, "RouteTables", link_route_table},
	}, t;
	for (size_t i = 1; i < ARRAY_SIZE(lists); i++)
		for (size_t k = i; k > 0 && (!spans[lists[k - 1].top].v ||
					     (spans[lists[k].top].v &&
					      spans[lists[k].top].v < spans[lists[k - 1].top].v)); k--) {
			t = lists[k];
			lists[k] = lists[k - 1];
			lists[k - 1] = t;
		}
	for (size_t i = 0; i < ARRAY_SIZE(lists) && spans[lists[i].top].v; i++)
		if (!jel_walk(&in->j, spans[lists[i].top], lists[i].what, lists[i].read, in))
			return;
}

/* --- entry point ------------------------------------------------------ */

struct facts *aws_describe_facts(const struct aws_input *ai, const struct aws_options *opt,
				 struct errlist *errs)
{
	struct awsread in;
	struct jel_span spans[NTOP];
	const char *top = awsread_start(&in, ai, INPUT_INVENTORY, opt, errs);

	if (awsread_top(&in, top, "an AWS inventory", describe_top_keys, spans, NTOP, NULL))
		describe_walk(&in, top, spans);
	return awsread_finish(&in);
}
