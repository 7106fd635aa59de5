/*
 * cfn.c: CloudFormation templates into network facts (see cfn.h): each
 * VPC, CIDR association and subnet resource evaluated (cfn_eval.h) in
 * every combination, one fact per distinct shape.
 */
#include "parsers/cfn_eval.h"
#include "parsers/linkspec.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* A registry type name: three parts (Org::Service::Type), or a module's
 * four ending in MODULE; each part letters and digits. */
static bool is_type_name(const char *type)
{
	unsigned parts = 0;
	const char *last = type;

	for (const char *p = type;; p += 2) {
		const char *q = p;
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))
			q++;
		if (q == p)
			return false;
		parts++;
		last = p;
		p = q;
		if (!*p)
			break;
		if (p[0] != ':' || p[1] != ':')
			return false;
	}
	return parts == 3 || (parts == 4 && strcmp(last, "MODULE") == 0);
}

bool cfn_detect(const struct node *root, bool named)
{
	const struct node *res = node_get(root, "Resources");

	if (!res || res->kind != NODE_MAP)
		return false;
	for (size_t i = 0; i < res->n; i++) {
		const char *k = node_text(node_key(res, i));
		const char *type = node_text(node_get(node_val(res, i), "Type"));
		if ((type && (str_startswith(type, "AWS::") || str_startswith(type, "Custom::"))) ||
		    (k && str_startswith(k, "Fn::ForEach::")) || (named && type && is_type_name(type)))
			return true;
	}
	return false;
}

/* --- resources into facts --------------------------------------------- */

enum prop {
	P_CIDR, P_V4POOL, P_V4MASK, P_AMZ, P_V6CIDR, P_V6POOL, P_V6IPAMPOOL,
	P_V6MASK, P_NBG, P_VPCID, P_SUBNETID, P_V6NATIVE, NPROP
};
static const char *const prop_names[NPROP] = {
	"CidrBlock", "Ipv4IpamPoolId", "Ipv4NetmaskLength", "AmazonProvidedIpv6CidrBlock",
	"Ipv6CidrBlock", "Ipv6Pool", "Ipv6IpamPoolId", "Ipv6NetmaskLength",
	"Ipv6CidrBlockNetworkBorderGroup", "VpcId", "SubnetId", "Ipv6Native",
};
static const unsigned prop_arg[NPROP] = {
	ARG_CIDR, ARG_V4POOL, ARG_V4MASK, ARG_AMZV6, ARG_V6CIDR, ARG_V6POOL,
	ARG_V6IPAMPOOL, ARG_V6MASK, ARG_NBG, 0, 0, ARG_V6NATIVE,
};

/* A resource evaluated in one combination. */
struct shape {
	bool exists;
	struct cval v[NPROP];
	const struct node *at[NPROP];
	unsigned args;
	struct cval tags; /* list of CV_MAP or unknown */
	struct cval subnet_vpc; /* SubnetCidrBlock: the subnet's VpcId */
	const struct node *subnet_vpc_at;
};

static bool is_true(const struct cval *v)
{
	return v->kind == CV_STR && str_ieq(v->s, "true");
}

static void shape_eval(struct tpl *t, const struct cres *r, struct shape *s)
{
	const struct node *pr = cfn_props_of(r);

	arena_reset(&t->a); /* the previous shape is dead by now */
	memset(s, 0, sizeof(*s));
	s->exists = cfn_res_exists(t, r, 0);
	if (!s->exists)
		return;
	for (int i = 0; i < NPROP; i++) {
		const struct node *pn = node_get(pr, prop_names[i]);
		if (!pn)
			continue;
		s->at[i] = pn;
		s->v[i] = cfn_eval(t, pn, r->env, 0);
		if (s->v[i].kind == CV_NOVALUE)
			continue;
		if ((i == P_AMZ || i == P_V6NATIVE) && !is_true(&s->v[i]))
			continue;
		s->args |= prop_arg[i];
	}
	if (str_eq(r->type, "AWS::EC2::VPC")) {
		const struct node *tags = node_get(pr, "Tags");
		s->tags = cfn_eval(t, tags, r->env, 0); /* NULL: AWS::NoValue */
	}
	if (str_eq(r->type, "AWS::EC2::SubnetCidrBlock") && s->v[P_SUBNETID].kind == CV_RESREF) {
		const struct cres *sub = cfn_find_res(t, s->v[P_SUBNETID].s);
		const struct node *vid = sub ? node_get(cfn_props_of(sub), "VpcId") : NULL;
		if (vid) {
			s->subnet_vpc = cfn_eval(t, vid, sub->env, 0);
			s->subnet_vpc_at = vid;
		}
	}
}

static void sig_cval(struct sbuf *sb, const struct cval *v)
{
	sbuf_addf(sb, "%d:", (int)v->kind);
	switch (v->kind) {
	case CV_STR:
	case CV_RESREF:
		sbuf_adds(sb, v->s);
		break;
	case CV_UNKNOWN:
	case CV_ERROR:
		sbuf_addf(sb, "%s|%s|%s", v->why ? v->why : "", v->s ? v->s : "",
			  v->sym ? v->sym->name : "");
		break;
	case CV_REL: {
		char buf[CIDR_STRLEN];
		sbuf_addf(sb, "%s|%s|%d", v->sym ? v->sym->name : "", cidr_format(&v->rel, buf), v->host_bits);
		break;
	}
	case CV_LIST:
		for (size_t i = 0; i < v->n; i++) {
			sig_cval(sb, &v->items[i]);
			sbuf_addch(sb, ',');
		}
		break;
	case CV_MAP:
		sbuf_addf(sb, "%p", (const void *)v->node);
		break;
	default:
		break;
	}
	sbuf_addch(sb, ';');
}

static void tags_signature(struct tpl *t, const struct shape *s, const struct cres *r,
			   struct sbuf *sb)
{
	if (s->tags.kind != CV_LIST)
		return;
	for (size_t i = 0; i < s->tags.n; i++) {
		const struct cval *it = &s->tags.items[i];
		if (it->kind != CV_MAP)
			continue;
		struct cval k = cfn_eval(t, node_get(it->node, "Key"), r->env, 0);
		struct cval v = cfn_eval(t, node_get(it->node, "Value"), r->env, 0);
		sig_cval(sb, &k);
		sig_cval(sb, &v);
	}
}

static void shape_signature(struct tpl *t, const struct cres *r, const struct shape *s,
			    struct sbuf *sb)
{
	sbuf_reset(sb);
	sbuf_addf(sb, "%d|%u|", s->exists, s->args);
	if (!s->exists)
		return;
	for (int i = 0; i < NPROP; i++)
		sig_cval(sb, &s->v[i]);
	sig_cval(sb, &s->subnet_vpc);
	tags_signature(t, s, r, sb);
}

static const char *ftext(struct tpl *t, const char *s)
{
	return s ? arena_strdup(&t->f->arena, s) : NULL;
}

/* A chain of origins from another template, copied into the facts. */
static const struct origin *origin_copy(struct tpl *t, const struct origin *o)
{
	struct origin *head = NULL, **tail = &head;

	for (; o; o = o->next) {
		struct origin *c = arena_alloc(&t->f->arena, sizeof(*c));
		c->loc = o->loc;
		c->loc.src = loc_src(&t->f->srcs, ftext(t, loc_file(&o->loc)), NULL);
		c->what = ftext(t, o->what);
		*tail = c;
		tail = (struct origin **)&c->next;
	}
	return head;
}

/* Make a model value from an evaluated property. */
/* Where a parameter's value came from: the parameter file's line, the
 * AllowedValues item of this scenario, or the Default. */
static const struct origin *value_origin(struct tpl *t, const struct cval *v)
{
	const struct cparam *p = v->param;
	struct origin *o;
	const struct node *n = NULL;

	if (!p || (v->kind != CV_STR && v->kind != CV_LIST))
		return NULL;
	o = arena_alloc(&t->f->arena, sizeof(*o)); /* zeroed */
	if (p->override) {
		if (!p->override_from || !p->override_from->file)
			return NULL; /* --parameter KEY=VALUE: nothing to point at */
		o->loc.src = loc_src(&t->f->srcs, facts_str(t->f, p->override_from->file), NULL);
		o->loc.line = p->override_from->line;
		o->loc.col = p->override_from->col;
		o->what = ftext(t, arena_printf(&t->a, "the value of parameter '%s' comes from %s",
						p->name, p->override_from->file));
		return o;
	}
	if (p->enum_pos >= 0 && t->cur >= 0 && p->allowed) {
		size_t digit = (size_t)t->cur;
		for (size_t i = 0; i < (size_t)p->enum_pos; i++)
			digit /= cparam_domain(&t->params[t->enum_params[i]]);
		n = p->allowed->items[digit % cparam_domain(p)];
		o->what = ftext(t, arena_printf(&t->a, "parameter '%s' is %s in this scenario (AllowedValues)",
						p->name, n->str));
	} else if (p->def) {
		n = p->def;
		o->what = ftext(t, arena_printf(&t->a, "the value of parameter '%s' is its Default",
						p->name));
	}
	if (!n)
		return NULL;
	o->loc = cfn_node_loc(t, n);
	return o;
}

static void to_value(struct tpl *t, struct cidr_value *out, const struct cval *v,
		     const struct node *at, int family)
{
	char buf[CIDR_STRLEN];

	out->loc = cfn_node_loc(t, v->at ? v->at : at);
	/* a value from another template says where it came from there;
	 * a parameter's value, where the parameter got it */
	loc_set_origin(&t->f->srcs, &out->loc,
		       v->origin ? origin_copy(t, v->origin) : value_origin(t, v));
	out->netmask = -1;
	switch (v->kind) {
	case CV_STR:
		cidr_value_set_text(out, ftext(t, v->s), family);
		return;
	case CV_ERROR:
		out->state = VAL_KNOWN;
		out->text = ftext(t, v->s);
		out->parse_error = ftext(t, v->why);
		return;
	case CV_REL:
		out->state = VAL_CONSTRAINED;
		cidr_value_set_rel(out, ftext(t, v->sym ? v->sym->name : "an unknown block"),
				   cidr_make(v->rel.family, v->rel.addr, v->rel.len));
		out->host_bits = v->host_bits;
		out->text = ftext(t, v->s);
		out->amazon = false;
		out->reason = ftext(t, arena_printf(&t->a, "carved from %s, which is assigned at deploy time",
						    out->from.rel_base));
		if (v->rel.family != family) {
			out->state = VAL_KNOWN;
			out->parse_error = family == 4 ? "an IPv6 CIDR in an IPv4 field" : "an IPv4 CIDR in an IPv6 field";
		}
		(void)buf;
		return;
	case CV_UNKNOWN:
		out->state = VAL_UNRESOLVED;
		out->reason = ftext(t, v->why ? v->why : "not known before deployment");
		return;
	default:
		out->state = VAL_KNOWN;
		out->text = ftext(t, arena_printf(&t->a, "(%s)", cfn_kind_text(v)));
		out->parse_error = ftext(t, arena_printf(&t->a, "%s, not a CIDR", cfn_kind_text(v)));
		return;
	}
}

/* A block from IPAM, BYOIP or Amazon: constrained, not known. */
static void to_constrained(struct tpl *t, struct cidr_value *out, const struct shape *s,
			   int pool_prop, int mask_prop, const struct node *at, bool amazon)
{
	bool ok;
	long long m;

	/* the netmask says most about an IPAM block: its size */
	out->loc = cfn_node_loc(t, mask_prop >= 0 && s->at[mask_prop] ? s->at[mask_prop] : at);
	out->state = VAL_CONSTRAINED;
	out->netmask = -1;
	out->amazon = amazon;
	if (amazon) {
		out->netmask = 56;
		out->reason = "Amazon assigns the /56 at deploy time";
		return;
	}
	if (pool_prop >= 0 && s->v[pool_prop].kind == CV_STR)
		out->from.pool = ftext(t, s->v[pool_prop].s);
	if (mask_prop >= 0) {
		m = cfn_cval_int(&s->v[mask_prop], &ok);
		if (ok && m >= 0 && m <= 128)
			out->netmask = (int)m;
	}
	out->reason = "IPAM allocates it at deploy time";
}

static void to_ref(struct tpl *t, struct vpc_ref *ref, const struct cval *v,
		   const struct node *at, const char *what)
{
	if (at)
		ref->loc = cfn_node_loc(t, at);
	switch (v->kind) {
	case CV_RESREF: {
		const struct cres *r = v->stack ? NULL : cfn_find_res(t, v->s);
		if (v->stack) {
			/* a VPC of another stack (Fn::ImportValue, a nested stack's
			 * parameter or output): the stack set checked its type */
			ref->kind = VREF_LOCAL;
			ref->name = ftext(t, v->s);
			ref->stack = ftext(t, v->stack);
			loc_set_origin(&t->f->srcs, &ref->loc, origin_copy(t, v->origin));
		} else if (r && str_eq(r->type, "AWS::EC2::VPC")) {
			ref->kind = VREF_LOCAL;
			ref->name = ftext(t, v->s);
		} else {
			ref->kind = VREF_NONE;
			ref->why = ftext(t, arena_printf(&t->a, "%s refers to '%s', which is not an AWS::EC2::VPC",
							 what, v->s));
		}
		return;
	}
	case CV_STR:
		ref->kind = VREF_AWSID;
		ref->name = ftext(t, v->s);
		return;
	case CV_UNKNOWN:
	case CV_ERROR:
		ref->kind = VREF_NONE;
		ref->why = ftext(t, v->why);
		return;
	default:
		ref->kind = VREF_NONE;
		ref->why = ftext(t, arena_printf(&t->a, "%s is missing", what));
		return;
	}
}

static void fill_resource(struct tpl *t, struct resource *res, const struct cres *r,
			  const struct shape *s, uint64_t mask)
{
	const struct node *meta;

	res->name = ftext(t, r->id);
	res->type = ftext(t, r->type);
	res->loc = cfn_node_loc(t, r->key);
	if (t->opt && t->opt->links)
		loc_set_origin(&t->f->srcs, &res->loc, origin_copy(t, t->opt->links->origin));
	resource_set_where(t->f, res, facts_intern(t->f, t->opt ? t->opt->region : NULL),
			   facts_intern(t->f, t->opt ? t->opt->account : NULL));
	res->args = s->args;
	res->scen = t->nscen ? mask : ~(uint64_t)0;
	/* Metadata: {cidrlint: {ignore: [{rule, reason}]}} */
	meta = node_get(node_get(node_get(r->body, "Metadata"), "cidrlint"), "ignore");
	if (meta && meta->kind == NODE_SEQ) {
		struct resource_rare *x = resource_rare(t->f, res);
		x->sup = arena_alloc(&t->f->arena, (meta->n + 1) * sizeof(*x->sup));
		for (size_t i = 0; i < meta->n; i++) {
			const struct node *it = meta->items[i];
			const char *rule = node_text(node_get(it, "rule"));
			const char *reason = node_text(node_get(it, "reason"));
			if (!rule) {
				errlist_add(t->errs, t->file, it->start.line, it->start.col,
					    "suppression on '%s' names no rule", r->id);
				t->failed = 1;
				continue;
			}
			if (!reason || !*reason) {
				errlist_add(t->errs, t->file, it->start.line, it->start.col,
					    "suppression of %s on '%s' needs a reason", rule, r->id);
				t->failed = 1;
				continue;
			}
			x->sup[x->nsup].rule = ftext(t, rule);
			x->sup[x->nsup].reason = ftext(t, reason);
			x->sup[x->nsup].loc = cfn_node_loc(t, it);
			x->nsup++;
		}
	}
}

/* A VPC's Tags (struct vpc says why only a VPC's). */
static void vpc_tags(struct tpl *t, struct vpc *vpc, const struct cres *r, const struct shape *s)
{
	if (s->tags.kind == CV_LIST) {
		vpc->tags = arena_alloc(&t->f->arena, (s->tags.n + 1) * sizeof(*vpc->tags));
		for (size_t i = 0; i < s->tags.n; i++) {
			const struct cval *it = &s->tags.items[i];
			if (it->kind != CV_MAP)
				continue;
			struct cval k = cfn_eval(t, node_get(it->node, "Key"), r->env, 0);
			struct cval v = cfn_eval(t, node_get(it->node, "Value"), r->env, 0);
			if (k.kind != CV_STR || v.kind != CV_STR ||
			    !tag_kept(t->opt ? t->opt->keep_tags : NULL, k.s))
				continue;
			vpc->tags[vpc->ntags].key = ftext(t, k.s);
			vpc->tags[vpc->ntags++].value = ftext(t, v.s);
		}
	}
}

static void emit_vpc(struct tpl *t, const struct cres *r, const struct shape *s, uint64_t mask)
{
	struct vpc *v = facts_add_vpc(t->f);
	struct block *b;

	fill_resource(t, &v->r, r, s, mask);
	vpc_tags(t, v, r, s);
	if (s->args & ARG_CIDR) {
		b = vpc_add_own_block(t->f, v, 4, BLOCK_PRIMARY);
		to_value(t, &b->v, &s->v[P_CIDR], s->at[P_CIDR], 4);
	} else if (s->args & ARG_V4POOL) {
		b = vpc_add_own_block(t->f, v, 4, BLOCK_PRIMARY);
		to_constrained(t, &b->v, s, P_V4POOL, P_V4MASK, s->at[P_V4POOL], false);
	}
}

static void emit_assoc(struct tpl *t, const struct cres *r, const struct shape *s, uint64_t mask)
{
	struct assoc *a;

	if (!(s->args & (ARG_CIDR | ARG_V4POOL | ARG_AMZV6 | ARG_V6CIDR | ARG_V6IPAMPOOL | ARG_V6POOL))) {
		/* no address at all: CIDR108 reports the resource */
		a = facts_add_assoc(t->f);
		fill_resource(t, &a->r, r, s, mask);
		to_ref(t, &a->ref, &s->v[P_VPCID], s->at[P_VPCID], "VpcId");
		a->no_block = true;
		return;
	}
	a = facts_add_assoc(t->f);
	fill_resource(t, &a->r, r, s, mask);
	to_ref(t, &a->ref, &s->v[P_VPCID], s->at[P_VPCID], "VpcId");
	if (s->args & ARG_CIDR) {
		a->block.family = 4;
		to_value(t, &a->block.v, &s->v[P_CIDR], s->at[P_CIDR], 4);
	} else if (s->args & ARG_V4POOL) {
		a->block.family = 4;
		to_constrained(t, &a->block.v, s, P_V4POOL, P_V4MASK, s->at[P_V4POOL], false);
	} else if (s->args & ARG_AMZV6) {
		a->block.family = 6;
		to_constrained(t, &a->block.v, s, -1, -1, s->at[P_AMZ], true);
	} else if (s->args & ARG_V6CIDR) {
		a->block.family = 6;
		to_value(t, &a->block.v, &s->v[P_V6CIDR], s->at[P_V6CIDR], 6);
		if (s->v[P_V6POOL].kind == CV_STR)
			a->block.v.from.pool = ftext(t, s->v[P_V6POOL].s);
		else if (s->v[P_V6IPAMPOOL].kind == CV_STR)
			a->block.v.from.pool = ftext(t, s->v[P_V6IPAMPOOL].s);
	} else {
		a->block.family = 6;
		to_constrained(t, &a->block.v, s, s->args & ARG_V6IPAMPOOL ? P_V6IPAMPOOL : P_V6POOL,
			       P_V6MASK, s->at[s->args & ARG_V6IPAMPOOL ? P_V6IPAMPOOL : P_V6POOL], false);
		if (!(s->args & ARG_V6IPAMPOOL))
			a->block.v.reason = "the BYOIP pool assigns it at deploy time";
	}
}

static void emit_subnet(struct tpl *t, const struct cres *r, const struct shape *s, uint64_t mask)
{
	struct subnet *sn = facts_add_subnet(t->f);

	fill_resource(t, &sn->r, r, s, mask);
	if (str_eq(r->type, "AWS::EC2::SubnetCidrBlock")) {
		if (s->subnet_vpc_at)
			to_ref(t, &sn->ref, &s->subnet_vpc, s->subnet_vpc_at, "VpcId of the subnet");
		else
			to_ref(t, &sn->ref, &s->v[P_SUBNETID], s->at[P_SUBNETID], "SubnetId");
		if (sn->ref.kind == VREF_NONE && s->v[P_SUBNETID].kind == CV_STR)
			sn->ref.why = ftext(t, arena_printf(&t->a, "subnet %s is not in this template", s->v[P_SUBNETID].s));
	} else {
		to_ref(t, &sn->ref, &s->v[P_VPCID], s->at[P_VPCID], "VpcId");
	}
	if (s->args & ARG_CIDR) {
		sn->has_v4 = true;
		to_value(t, &sn->v4, &s->v[P_CIDR], s->at[P_CIDR], 4);
	} else if (s->args & ARG_V4POOL) {
		sn->has_v4 = true;
		to_constrained(t, &sn->v4, s, P_V4POOL, P_V4MASK, s->at[P_V4POOL], false);
	}
	if (s->args & ARG_V6CIDR) {
		to_value(t, subnet_v6(t->f, sn), &s->v[P_V6CIDR], s->at[P_V6CIDR], 6);
	} else if (s->args & ARG_V6IPAMPOOL) {
		to_constrained(t, subnet_v6(t->f, sn), s, P_V6IPAMPOOL, P_V6MASK, s->at[P_V6IPAMPOOL], false);
	}
}

/* Evaluate one resource in every combination; one fact per distinct shape. */
static void emit_resource(struct tpl *t, const struct cres *r)
{
	size_t nscen = t->nscen ? t->nscen : 1;
	struct sbuf sig;
	struct group {
		char *sig;
		uint64_t mask;
		long first;
	} groups[64];
	size_t ngroups = 0;
	struct shape s;

	sbuf_init(&sig, 0);
	for (size_t c = 0; c < nscen; c++) {
		size_t g;
		cfn_set_combination(t, t->nscen ? (long)c : -1);
		shape_eval(t, r, &s);
		shape_signature(t, r, &s, &sig);
		for (g = 0; g < ngroups; g++)
			if (strcmp(groups[g].sig, sig.buf) == 0)
				break;
		if (g == ngroups) {
			groups[g].sig = xstrdup(sig.buf);
			groups[g].mask = 0;
			groups[g].first = (long)c;
			ngroups++;
		}
		groups[g].mask |= (uint64_t)1 << c;
	}
	sbuf_release(&sig);
	for (size_t g = 0; g < ngroups; g++) {
		cfn_set_combination(t, t->nscen ? groups[g].first : -1);
		shape_eval(t, r, &s);
		free(groups[g].sig);
		if (!s.exists || t->over_steps)
			continue;
		if (str_eq(r->type, "AWS::EC2::VPC"))
			emit_vpc(t, r, &s, groups[g].mask);
		else if (str_eq(r->type, "AWS::EC2::VPCCidrBlock"))
			emit_assoc(t, r, &s, groups[g].mask);
		else
			emit_subnet(t, r, &s, groups[g].mask);
	}
}

/* --- connectivity links ------------------------------------------------ */

static const char *const cfn_route_targets[] = {
	"GatewayId", "NatGatewayId", "TransitGatewayId", "VpcPeeringConnectionId",
	"NetworkInterfaceId", "InstanceId", "VpcEndpointId", "EgressOnlyInternetGatewayId",
	"CarrierGatewayId", "LocalGatewayId", "CoreNetworkArn", NULL,
};

/* Properties from the CloudFormation resource reference (AWS::EC2::*). */
static const struct link_spec cfn_links[] = {
	{.type = "AWS::EC2::VPCPeeringConnection", .kind = LINK_PEERING, .a = "VpcId",
	 .b = "PeerVpcId", .peer_account = "PeerOwnerId", .peer_region = "PeerRegion"},
	{.type = "AWS::EC2::TransitGateway", .kind = LINK_TGW,
	 .no_assoc = "DefaultRouteTableAssociation", .no_prop = "DefaultRouteTablePropagation"},
	{.type = "AWS::EC2::TransitGatewayVpcAttachment", .kind = LINK_TGW_ATTACH, .a = "VpcId",
	 .b = "TransitGatewayId"},
	{.type = "AWS::EC2::TransitGatewayAttachment", .kind = LINK_TGW_ATTACH, .a = "VpcId",
	 .b = "TransitGatewayId"},
	{.type = "AWS::EC2::TransitGatewayRouteTable", .kind = LINK_TGW_RTB,
	 .b = "TransitGatewayId"},
	{.type = "AWS::EC2::TransitGatewayRouteTableAssociation", .kind = LINK_TGW_ASSOC,
	 .a = "TransitGatewayAttachmentId", .b = "TransitGatewayRouteTableId"},
	{.type = "AWS::EC2::TransitGatewayRouteTablePropagation", .kind = LINK_TGW_PROP,
	 .a = "TransitGatewayAttachmentId", .b = "TransitGatewayRouteTableId"},
	{.type = "AWS::EC2::VPNGateway", .kind = LINK_VGW},
	{.type = "AWS::EC2::VPCGatewayAttachment", .kind = LINK_VGW_ATTACH, .a = "VpcId",
	 .b = "VpnGatewayId"},
	{.type = "AWS::EC2::CustomerGateway", .kind = LINK_CGW},
	{.type = "AWS::EC2::VPNConnection", .kind = LINK_VPN, .a = "VpnGatewayId",
	 .b = "TransitGatewayId", .x = "CustomerGatewayId", .static_only = "StaticRoutesOnly"},
	{.type = "AWS::EC2::VPNConnectionRoute", .kind = LINK_VPN_ROUTE, .a = "VpnConnectionId",
	 .dest = "DestinationCidrBlock"},
	{.type = "AWS::EC2::TransitGatewayRoute", .kind = LINK_TGW_ROUTE,
	 .a = "TransitGatewayRouteTableId", .x = "TransitGatewayAttachmentId",
	 .dest = "DestinationCidrBlock", .dest_any = true, .blackhole = "Blackhole"},
	{.type = "AWS::DirectConnect::DirectConnectGatewayAssociation", .kind = LINK_DX_ASSOC,
	 .a = "DirectConnectGatewayId", .b = "AssociatedGatewayId"},
	{.type = "AWS::DirectConnect::PrivateVirtualInterface", .kind = LINK_DX_VIF,
	 .a = "VirtualGatewayId", .b = "DirectConnectGatewayId"},
	{.type = "AWS::EC2::RouteTable", .kind = LINK_RTB, .a = "VpcId"},
	{.type = "AWS::EC2::Route", .kind = LINK_ROUTE, .a = "RouteTableId",
	 .targets = cfn_route_targets, .dest = "DestinationCidrBlock",
	 .dest6 = "DestinationIpv6CidrBlock"},
};

/* The resource a Fn::GetAtt names (!GetAtt R.A, or {"Fn::GetAtt": [R, A]}),
 * or NULL. */
static const char *getatt_res(struct tpl *t, const struct node *n)
{
	if (n->tag && strcmp(n->tag, "!GetAtt") == 0 && n->kind == NODE_SCALAR) {
		const char *dot = strchr(n->str, '.');
		return dot ? arena_strndup(&t->a, n->str, (size_t)(dot - n->str)) : n->str;
	}
	if (!n->tag && n->kind == NODE_MAP && n->n == 1 &&
	    str_eq(node_text(node_key(n, 0)), "Fn::GetAtt")) {
		const struct node *arg = node_val(n, 0);
		return arg->kind == NODE_SEQ && arg->n == 2 ? node_text(arg->items[0]) : NULL;
	}
	return NULL;
}

/* An end of a link: Ref or Fn::GetAtt of a resource of the template (its
 * id, whatever the attribute), a resource of another stack, or an id
 * written out. */
static bool link_end(struct tpl *t, const struct cres *r, const char *prop, struct vpc_ref *ref)
{
	const struct node *n = prop ? node_get(cfn_props_of(r), prop) : NULL;
	const char *res;
	struct cval v;

	memset(ref, 0, sizeof(*ref));
	if (!n)
		return false;
	ref->loc = cfn_node_loc(t, n);
	v = cfn_eval(t, n, r->env, 0);
	if (v.kind == CV_NOVALUE)
		return false;
	if (v.kind == CV_UNKNOWN && (res = getatt_res(t, n)) && cfn_find_res(t, res)) {
		ref->kind = VREF_LOCAL;
		ref->name = ftext(t, res);
		return true;
	}
	to_ref(t, ref, &v, n, prop);
	if (v.kind == CV_RESREF && !v.stack) {
		/* any resource of the template, not only a VPC */
		ref->kind = VREF_LOCAL;
		ref->name = ftext(t, v.s);
		ref->why = NULL;
	}
	return true;
}

static const char *link_text(struct tpl *t, const struct cres *r, const char *prop)
{
	const struct node *n = prop ? node_get(cfn_props_of(r), prop) : NULL;
	struct cval v;

	if (!n)
		return NULL;
	v = cfn_eval(t, n, r->env, 0);
	return v.kind == CV_STR ? ftext(t, v.s) : NULL;
}

/*
 * A resource that joins networks or routes traffic.  Evaluated once, with
 * the parameters' defaults: a link exists in every combination where its
 * resource does (its conditions are not split by combination).
 */
static void emit_link(struct tpl *t, const struct cres *r, const struct link_spec *ls)
{
	struct shape s;
	struct link *l;

	cfn_set_combination(t, -1);
	arena_reset(&t->a);
	memset(&s, 0, sizeof(s));
	if (!cfn_res_exists(t, r, 0))
		return;
	l = facts_add_link(t->f, ls->kind);
	fill_resource(t, &l->r, r, &s, ~(uint64_t)0);
	link_end(t, r, ls->a, &l->a);
	link_end(t, r, ls->b, &l->b);
	link_end(t, r, ls->x, &l->x);
	for (size_t i = 0; ls->targets && ls->targets[i] && l->x.kind == VREF_NONE; i++)
		if (link_end(t, r, ls->targets[i], &l->x))
			l->x_what = ls->targets[i];
	for (int six = 0; six < 2 && !l->has_dest; six++) {
		const char *prop = six ? ls->dest6 : ls->dest;
		const struct node *n = prop ? node_get(cfn_props_of(r), prop) : NULL;
		if (!n)
			continue;
		struct cval v = cfn_eval(t, n, r->env, 0);
		if (v.kind == CV_NOVALUE)
			continue;
		to_value(t, &l->dest, &v, n, ls->dest_any ? 0 : six ? 6 : 4);
		l->has_dest = true;
	}
	l->no_default_assoc = str_ieq(link_text(t, r, ls->no_assoc), "disable");
	l->no_default_prop = str_ieq(link_text(t, r, ls->no_prop), "disable");
	l->static_only = str_ieq(link_text(t, r, ls->static_only), "true");
	l->blackhole = str_ieq(link_text(t, r, ls->blackhole), "true");
	l->peer_account = link_text(t, r, ls->peer_account);
	l->peer_region = link_text(t, r, ls->peer_region);
}

struct facts *cfn_facts(const struct doc *d, const char *rel,
			const struct cfn_options *opt, struct errlist *errs)
{
	struct tpl t;
	struct facts *f = facts_new(d->file, rel, INPUT_CFN);

	cfn_tpl_open(&t, d, opt, f, errs);
	if (opt && opt->links)
		f->stack = facts_str(f, opt->links->stack);
	if (t.nscen) {
		f->nscen = t.nscen;
		f->nscen_params = t.nenum;
		f->scen_params = arena_alloc(&f->arena, t.nenum * sizeof(*f->scen_params));
		for (size_t i = 0; i < t.nenum; i++) {
			const struct cparam *p = &t.params[t.enum_params[i]];
			struct scen_param *sp = &f->scen_params[i];
			sp->name = facts_str(f, p->name);
			sp->nvalues = cparam_domain(p);
			sp->values = arena_alloc(&f->arena, sp->nvalues * sizeof(*sp->values));
			for (size_t j = 0; j < sp->nvalues; j++)
				sp->values[j] = facts_str(f, j < p->ndom ? p->dom[j] : CFN_OTHER_VALUE);
		}
	}
	for (size_t i = 0; i < t.nres && !t.over_steps && !t.over_resources; i++) {
		const char *type = t.res[i].type;
		if (str_eq(type, "AWS::EC2::VPC") || str_eq(type, "AWS::EC2::VPCCidrBlock") ||
		    str_eq(type, "AWS::EC2::Subnet") || str_eq(type, "AWS::EC2::SubnetCidrBlock"))
			emit_resource(&t, &t.res[i]);
		else if (link_spec_find(cfn_links, ARRAY_SIZE(cfn_links), type))
			emit_link(&t, &t.res[i], link_spec_find(cfn_links, ARRAY_SIZE(cfn_links), type));
	}
	cfn_tpl_close(&t);
	if (t.failed && (t.over_steps || t.over_resources)) {
		facts_free(f);
		return NULL;
	}
	return f;
}
