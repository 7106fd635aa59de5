/*
 * tfres.c: Terraform resource instances into network facts (see tfres.h).
 *
 * Facts: registry.terraform.io/providers/hashicorp/aws docs for aws_vpc,
 * aws_default_vpc, aws_vpc_ipv4_cidr_block_association,
 * aws_vpc_ipv6_cidr_block_association, aws_subnet, aws_default_subnet and
 * aws_vpc_ipam_pool_cidr_allocation; shared/reference/aws-vpc-cidr-rules.md.
 */
#include "parsers/terraform/tfres.h"
#include "parsers/linkspec.h"

#include <stdlib.h>
#include <string.h>

/* Where one family's block of a resource is asked for. */
struct tf_slot {
	int family;
	const char *cidr;     /* the block itself */
	const char *pool;     /* an IPAM pool to allocate from */
	const char *mask;     /* the netmask asked of the pool */
	const char *amazon;   /* a bool: Amazon picks an IPv6 /56 */
	const char *byoip;    /* a BYOIP IPv6 pool */
};

static const struct tf_slot slot_v4 = {4, "cidr_block", "ipv4_ipam_pool_id", "ipv4_netmask_length",
				       NULL, NULL};
static const struct tf_slot slot_vpc_v6 = {6, "ipv6_cidr_block", "ipv6_ipam_pool_id",
					   "ipv6_netmask_length", "assign_generated_ipv6_cidr_block",
					   NULL};
static const struct tf_slot slot_assoc_v6 = {6, "ipv6_cidr_block", "ipv6_ipam_pool_id",
					     "ipv6_netmask_length",
					     "assign_generated_ipv6_cidr_block", "ipv6_pool"};
static const struct tf_slot slot_subnet_v6 = {6, "ipv6_cidr_block", "ipv6_ipam_pool_id",
					      "ipv6_netmask_length", NULL, NULL};

enum tf_what { TF_VPC, TF_ASSOC4, TF_ASSOC6, TF_SUBNET, TF_ALLOCATION };

static const struct tf_type {
	const char *type;
	enum tf_what what;
} tf_types[] = {
	{"aws_vpc", TF_VPC},
	{"aws_default_vpc", TF_VPC},
	{"aws_vpc_ipv4_cidr_block_association", TF_ASSOC4},
	{"aws_vpc_ipv6_cidr_block_association", TF_ASSOC6},
	{"aws_subnet", TF_SUBNET},
	{"aws_default_subnet", TF_SUBNET},
	{"aws_vpc_ipam_pool_cidr_allocation", TF_ALLOCATION},
};

static const char *const tf_route_targets[] = {
	"gateway_id", "nat_gateway_id", "transit_gateway_id", "vpc_peering_connection_id",
	"network_interface_id", "vpc_endpoint_id", "egress_only_gateway_id",
	"carrier_gateway_id", "local_gateway_id", "core_network_arn", NULL,
};

/* A route block of aws_route_table / aws_default_route_table: the same
 * targets as aws_route, the destination named cidr_block. */
static const struct link_spec tf_inline_route = {
	.type = "route", .kind = LINK_ROUTE, .targets = tf_route_targets, .dest = "cidr_block",
	.dest6 = "ipv6_cidr_block",
};

/* Connectivity (registry.terraform.io/providers/hashicorp/aws docs of each
 * type): the arguments that name each end. */
static const struct link_spec tf_links[] = {
	{.type = "aws_vpc_peering_connection", .kind = LINK_PEERING, .a = "vpc_id",
	 .b = "peer_vpc_id", .peer_account = "peer_owner_id", .peer_region = "peer_region"},
	{.type = "aws_vpc_peering_connection_accepter", .kind = LINK_PEERING, .a = "vpc_id",
	 .b = "peer_vpc_id", .x = "vpc_peering_connection_id", .peer_account = "peer_owner_id",
	 .peer_region = "peer_region"},
	{.type = "aws_ec2_transit_gateway", .kind = LINK_TGW,
	 .no_assoc = "default_route_table_association", .no_prop = "default_route_table_propagation"},
	{.type = "aws_ec2_transit_gateway_vpc_attachment", .kind = LINK_TGW_ATTACH, .a = "vpc_id",
	 .b = "transit_gateway_id", .no_assoc = "transit_gateway_default_route_table_association",
	 .no_prop = "transit_gateway_default_route_table_propagation"},
	{.type = "aws_ec2_transit_gateway_route_table", .kind = LINK_TGW_RTB,
	 .b = "transit_gateway_id"},
	{.type = "aws_ec2_transit_gateway_route_table_association", .kind = LINK_TGW_ASSOC,
	 .a = "transit_gateway_attachment_id", .b = "transit_gateway_route_table_id"},
	{.type = "aws_ec2_transit_gateway_route_table_propagation", .kind = LINK_TGW_PROP,
	 .a = "transit_gateway_attachment_id", .b = "transit_gateway_route_table_id"},
	{.type = "aws_vpn_gateway", .kind = LINK_VGW, .a = "vpc_id"},
	{.type = "aws_vpn_gateway_attachment", .kind = LINK_VGW_ATTACH, .a = "vpc_id",
	 .b = "vpn_gateway_id"},
	{.type = "aws_customer_gateway", .kind = LINK_CGW},
	{.type = "aws_vpn_connection", .kind = LINK_VPN, .a = "vpn_gateway_id",
	 .b = "transit_gateway_id", .x = "customer_gateway_id", .static_only = "static_routes_only",
	 .att_id = "transit_gateway_attachment_id"},
	{.type = "aws_vpn_connection_route", .kind = LINK_VPN_ROUTE, .a = "vpn_connection_id",
	 .dest = "destination_cidr_block"},
	{.type = "aws_route_table", .kind = LINK_RTB, .a = "vpc_id", .inline_routes = &tf_inline_route},
	/* the VPC's main route table: vpc_id is computed from
	 * default_route_table_id, so it is known in a state and in a plan that
	 * updates it */
	{.type = "aws_default_route_table", .kind = LINK_RTB, .a = "vpc_id",
	 .inline_routes = &tf_inline_route},
	{.type = "aws_ec2_transit_gateway_route", .kind = LINK_TGW_ROUTE,
	 .a = "transit_gateway_route_table_id", .x = "transit_gateway_attachment_id",
	 .dest = "destination_cidr_block", .dest_any = true, .blackhole = "blackhole"},
	{.type = "aws_dx_gateway_association", .kind = LINK_DX_ASSOC, .a = "dx_gateway_id",
	 .b = "associated_gateway_id"},
	{.type = "aws_dx_private_virtual_interface", .kind = LINK_DX_VIF, .a = "vpn_gateway_id",
	 .b = "dx_gateway_id"},
	{.type = "aws_dx_hosted_private_virtual_interface_accepter", .kind = LINK_DX_VIF,
	 .a = "vpn_gateway_id", .b = "dx_gateway_id"},
	{.type = "aws_route", .kind = LINK_ROUTE, .a = "route_table_id",
	 .targets = tf_route_targets, .dest = "destination_cidr_block",
	 .dest6 = "destination_ipv6_cidr_block"},
};

static const struct tf_type *tf_type_find(const char *type)
{
	for (size_t i = 0; type && i < ARRAY_SIZE(tf_types); i++)
		if (strcmp(type, tf_types[i].type) == 0)
			return &tf_types[i];
	return NULL;
}

bool tf_type_link(const char *type)
{
	return tf_type_link_kind(type) >= 0;
}

int tf_type_link_kind(const char *type)
{
	const struct link_spec *ls = link_spec_find(tf_links, ARRAY_SIZE(tf_links), type);

	return ls ? (int)ls->kind : -1;
}

bool tf_type_relevant(const char *type)
{
	return tf_type_find(type) != NULL || link_spec_find(tf_links, ARRAY_SIZE(tf_links), type);
}

/* --- reading attributes ----------------------------------------------- */

struct tf_map {
	struct facts *f;
	const struct tf_instance *in;
	bool bad;           /* a recorded instance of the wrong shape */
	struct tf_fact *out; /* where a link's unknown ends are listed, or NULL */
};

static void tf_problem(struct tf_map *m, const char *key, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void tf_get(struct tf_map *m, const char *key, struct tf_attr *a)
{
	memset(a, 0, sizeof(*a));
	if (key)
		m->in->get(m->in->ctx, key, a);
}

/* A string attribute, NULL when not set (absent, null, ""); another type
 * in a recorded instance is an error. */
static const char *tf_string(struct tf_map *m, const char *key, struct tf_attr *a)
{
	tf_get(m, key, a);
	if (a->kind == TFA_STRING)
		return a->str && a->str[0] ? a->str : NULL;
	if (a->kind != TFA_ABSENT && a->kind != TFA_NULL && a->kind != TFA_UNKNOWN &&
	    m->in->recorded)
		tf_problem(m, key, "%s of '%s' must be a string: skipped", key, m->in->address);
	return NULL;
}

static bool tf_true(struct tf_map *m, const char *key)
{
	struct tf_attr a;

	tf_get(m, key, &a);
	return a.kind == TFA_BOOL && a.b;
}

static bool tf_unknown(struct tf_map *m, const char *key)
{
	struct tf_attr a;

	tf_get(m, key, &a);
	return a.kind == TFA_UNKNOWN;
}

static void tf_problem(struct tf_map *m, const char *key, const char *fmt, ...)
{
	struct sbuf sb;
	va_list ap;

	if (m->in->error) {
		sbuf_init(&sb, 0);
		va_start(ap, fmt);
		sbuf_vaddf(&sb, fmt, ap);
		va_end(ap);
		m->in->error(m->in->ctx, key, sb.buf);
		sbuf_release(&sb);
	}
	m->bad = true;
}

/* Where attribute key (read into a) is written. */
static struct loc tf_at(const struct tf_map *m, const char *key, const struct tf_attr *a)
{
	struct loc l = m->in->loc;

	if (loc_file(&a->loc))
		return a->loc;
	if (m->in->locate && a->kind != TFA_ABSENT)
		m->in->locate(m->in->ctx, key, &l);
	if (!loc_file(&l))
		l = m->in->loc;
	return l;
}

/* Is a block of this slot asked for at all?  An unknown block counts where
 * the user wrote it (source), or where unknown_counts says a plan's
 * unknown is one (a subnet's IPv4 block: a plan's unknown IPv6 blocks are
 * mostly attributes AWS fills in). */
static bool tf_has_block(struct tf_map *m, const struct tf_slot *s, bool unknown_counts)
{
	struct tf_attr a;

	return tf_string(m, s->cidr, &a) ||
	       ((unknown_counts || m->in->declared) && tf_unknown(m, s->cidr)) ||
	       (s->amazon && tf_true(m, s->amazon)) ||
	       (s->pool && (tf_string(m, s->pool, &a) || tf_unknown(m, s->pool)));
}

/* The block a slot asks for: known, constrained by a pool or by Amazon, or
 * unresolved with the reason.  Adds the ARG_* of what is given. */
static void tf_block(struct tf_map *m, const struct tf_slot *s, struct cidr_value *out,
		     unsigned *args)
{
	struct facts *f = m->f;
	struct tf_attr t, pool, mask, byoip;
	const char *text = tf_string(m, s->cidr, &t);
	const char *pool_id = tf_string(m, s->pool, &pool);
	bool six = s->family == 6;

	tf_get(m, s->mask, &mask);
	out->netmask = -1;
	out->loc = tf_at(m, s->cidr, &t);
	if (pool_id || pool.kind == TFA_UNKNOWN)
		*args |= six ? ARG_V6IPAMPOOL : ARG_V4POOL;
	if (mask.kind == TFA_NUMBER || mask.kind == TFA_UNKNOWN)
		*args |= six ? ARG_V6MASK : ARG_V4MASK;
	if (text) {
		*args |= six ? ARG_V6CIDR : ARG_CIDR;
		cidr_value_set_text(out, facts_str(f, text), s->family);
		if (pool_id)
			out->from.pool = facts_str(f, pool_id);
		return;
	}
	if (s->amazon && tf_true(m, s->amazon)) {
		struct tf_attr amz;
		tf_get(m, s->amazon, &amz);
		*args |= ARG_AMZV6;
		out->loc = tf_at(m, s->amazon, &amz);
		out->state = VAL_CONSTRAINED;
		out->amazon = true;
		out->netmask = 56;
		out->reason = "Amazon assigns the /56 at apply time";
		return;
	}
	if (pool_id || pool.kind == TFA_UNKNOWN) {
		out->state = VAL_CONSTRAINED;
		out->from.pool = facts_str(f, pool_id);
		if (mask.kind == TFA_NUMBER && mask.num > 0 && mask.num <= 128) {
			out->netmask = (int16_t)mask.num;
			out->loc = tf_at(m, s->mask, &mask);
		} else {
			out->loc = tf_at(m, s->pool, &pool);
		}
		out->reason = "IPAM allocates it at apply time";
		return;
	}
	if (s->byoip && tf_string(m, s->byoip, &byoip)) {
		*args |= ARG_V6POOL;
		out->loc = tf_at(m, s->byoip, &byoip);
		out->state = VAL_CONSTRAINED;
		out->from.pool = facts_str(f, byoip.str);
		out->reason = "the BYOIP pool assigns it at apply time";
		return;
	}
	if (t.kind == TFA_UNKNOWN && t.rel_base) {
		out->state = VAL_CONSTRAINED;
		cidr_value_set_rel(out, facts_str(f, t.rel_base), t.rel);
		out->reason = facts_str(f, t.why ? t.why : "carved from a block known only after apply");
		return;
	}
	out->state = VAL_UNRESOLVED;
	if (t.kind == TFA_UNKNOWN)
		out->reason = t.why ? facts_str(f, t.why) : "known after apply";
	else
		out->reason = facts_str(f, m->in->source ? arena_printf(&f->arena, "not set in %s",
									 m->in->source)
							   : "not set");
}

struct tf_tags {
	struct facts *f;
	const char *const *keep;
	struct tag *v;
	size_t n, cap;
};

static void tf_tag_add(void *arg, const char *key, const char *value)
{
	struct tf_tags *t = arg;
	struct tag *tg;

	if (!tag_kept(t->keep, key))
		return;
	tg = VEC_PUSH(t->v, t->n, t->cap);
	tg->key = facts_intern(t->f, key);
	tg->value = facts_intern(t->f, value ? value : "");
}

static void tf_common(struct tf_map *m, struct resource *r)
{
	const struct tf_instance *in = m->in;
	struct facts *f = m->f;
	struct tf_attr a;
	const char *arn = tf_string(m, "arn", &a);
	const char *region = tf_string(m, "region", &a);
	const char *account = tf_string(m, "owner_id", &a);

	r->name = facts_str(f, in->address);
	r->type = facts_intern(f, in->type);
	resource_set_aws_id(f, r, facts_str(f, tf_string(m, "id", &a)));
	r->lc = in->data ? LC_EXISTING : in->lc;
	r->loc = in->loc;
	if (!loc_file(&r->loc))
		loc_set_file(&f->srcs, &r->loc, f->file);
	/* the provider's own attribute (aws provider v6), else the ARN, else
	 * what the reader knows (the provider block, --region) */
	if (!region)
		region = facts_arn_field(f, arn, 3);
	if (!account)
		account = facts_arn_field(f, arn, 4);
	resource_set_where(f, r, facts_intern(f, region ? region : in->region),
			   facts_intern(f, account ? account : in->account));
}

/* A VPC's tags (struct vpc says why only a VPC's). */
static void tf_vpc_tags(struct tf_map *m, struct vpc *v)
{
	const struct tf_instance *in = m->in;
	struct tf_tags t = {m->f, in->keep_tags, NULL, 0, 0};

	if (!in->tags)
		return;
	in->tags(in->ctx, tf_tag_add, &t);
	if (t.n) {
		v->tags = arena_memdup(&m->f->arena, t.v, t.n * sizeof(*t.v));
		v->ntags = (uint32_t)t.n;
	}
	free(t.v);
}

/* How an association or subnet names its VPC. */
static void tf_vpc_ref(struct tf_map *m, struct vpc_ref *ref, struct tf_fact *out)
{
	struct tf_attr a;
	const char *id = tf_string(m, "vpc_id", &a);

	ref->loc = tf_at(m, "vpc_id", &a);
	if (id) {
		ref->kind = VREF_AWSID;
		ref->name = facts_str(m->f, id);
		return;
	}
	ref->kind = VREF_NONE;
	if (a.kind == TFA_UNKNOWN) {
		out->vpc_id_unknown = true;
		out->link = a.link ? facts_str(m->f, a.link) : NULL;
		ref->why = a.why ? facts_str(m->f, a.why) : "vpc_id is known only after apply";
	} else {
		ref->why = "vpc_id is not set";
		if (m->in->recorded)
			tf_problem(m, NULL, "'%s' has no vpc_id: skipped", m->in->address);
	}
}

static bool tf_vpc(struct tf_map *m, const struct tf_type *ty, struct tf_fact *out)
{
	struct facts *f = m->f;
	struct tf_attr a;
	struct vpc *v;
	struct block *b;
	unsigned args = 0;

	if (m->in->recorded && !tf_string(m, "cidr_block", &a)) {
		/* a state records what AWS assigned: no block is a broken state */
		if (!m->bad)
			tf_problem(m, NULL, "'%s' has no cidr_block: skipped", m->in->address);
		return false;
	}
	if (m->in->recorded) {
		tf_string(m, "ipv6_cidr_block", &a);
		tf_string(m, "id", &a);
		if (m->bad)
			return false;
	}
	v = facts_add_vpc(f);
	tf_common(m, &v->r);
	tf_vpc_tags(m, v);
	b = vpc_add_own_block(f, v, 4, BLOCK_PRIMARY);
	tf_block(m, &slot_v4, &b->v, &args);
	if (str_eq(ty->type, "aws_default_vpc") && b->v.state == VAL_UNRESOLVED)
		b->v.reason = "the default VPC's block is known after apply";
	if (tf_has_block(m, &slot_vpc_v6, false)) {
		b = vpc_add_own_block(f, v, 6, BLOCK_SECONDARY);
		tf_block(m, &slot_vpc_v6, &b->v, &args);
	}
	v->r.args = args;
	out->kind = RES_VPC;
	out->r = &v->r;
	out->vpc = v;
	return true;
}

static bool tf_assoc(struct tf_map *m, const struct tf_type *ty, struct tf_fact *out)
{
	struct facts *f = m->f;
	const struct tf_slot *s = ty->what == TF_ASSOC6 ? &slot_assoc_v6 : &slot_v4;
	struct tf_attr a;
	struct assoc *as;
	unsigned args = 0;

	if (m->in->recorded) {
		const char *text = tf_string(m, s->cidr, &a);
		tf_string(m, "vpc_id", &a);
		tf_string(m, "id", &a);
		if (m->bad)
			return false;
		if (!text) {
			tf_problem(m, NULL, "'%s' has no %s: skipped", m->in->address, s->cidr);
			return false;
		}
	}
	as = facts_add_assoc(f);
	tf_common(m, &as->r);
	as->block.family = (uint8_t)s->family;
	tf_block(m, s, &as->block.v, &args);
	as->r.args = args;
	tf_vpc_ref(m, &as->ref, out);
	out->kind = RES_ASSOC;
	out->r = &as->r;
	out->ref = &as->ref;
	return true;
}

static bool tf_subnet(struct tf_map *m, struct tf_fact *out)
{
	struct facts *f = m->f;
	struct tf_attr a;
	struct subnet *s;
	unsigned args = 0;

	if (m->in->recorded) {
		tf_string(m, "cidr_block", &a);
		tf_string(m, "ipv6_cidr_block", &a);
		tf_string(m, "vpc_id", &a);
		tf_string(m, "id", &a);
		if (m->bad)
			return false;
		if (!tf_string(m, "vpc_id", &a)) {
			tf_problem(m, NULL, "'%s' has no vpc_id: skipped", m->in->address);
			return false;
		}
	}
	s = facts_add_subnet(f);
	tf_common(m, &s->r);
	if (tf_has_block(m, &slot_v4, true)) {
		s->has_v4 = true;
		tf_block(m, &slot_v4, &s->v4, &args);
	}
	if (tf_has_block(m, &slot_subnet_v6, false))
		tf_block(m, &slot_subnet_v6, subnet_v6(f, s), &args);
	if (tf_true(m, "ipv6_native"))
		args |= ARG_V6NATIVE;
	s->r.args = args;
	tf_vpc_ref(m, &s->ref, out);
	out->kind = RES_SUBNET;
	out->r = &s->r;
	out->ref = &s->ref;
	return true;
}

/* An IPAM allocation reserves its block in the pool: free-block
 * suggestions avoid it. */
static bool tf_allocation(struct tf_map *m)
{
	struct facts *f = m->f;
	struct tf_attr a, pool;
	const char *cidr = tf_string(m, "cidr", &a);
	const char *pool_id = tf_string(m, "ipam_pool_id", &pool);
	struct prefix p;
	bool hb;

	if (!lifecycle_exists_after(m->in->lc) || m->in->data)
		return false;
	if (cidr && cidr_parse(cidr, &p, &hb, NULL) == 0) {
		struct reservation *rv = facts_add_reservation(f);
		rv->pfx = p;
		rv->name = facts_str(f, m->in->address);
		return false;
	}
	facts_add_note(f, NOTE_UNRESOLVED, loc_file(&m->in->loc) ? m->in->loc
						   : (struct loc){.src = loc_src(&f->srcs, f->file, NULL)},
		       facts_str(f, m->in->address),
		       "IPAM allocation '%s' takes a block from pool %s that is known only after apply: free-block suggestions could not avoid it",
		       m->in->address, pool_id ? pool_id : "(unknown)");
	return false;
}

/* An end of a link: an id, or the instance whose id it is (source). */
static bool tf_link_end(struct tf_map *m, const char *key, struct vpc_ref *ref)
{
	struct tf_attr a;
	const char *id = key ? tf_string(m, key, &a) : NULL;

	memset(ref, 0, sizeof(*ref));
	if (!key || a.kind == TFA_ABSENT || a.kind == TFA_NULL)
		return false;
	ref->loc = tf_at(m, key, &a);
	if (id) {
		ref->kind = VREF_AWSID;
		ref->name = facts_str(m->f, id);
	} else if (a.kind == TFA_UNKNOWN && a.link) {
		ref->kind = VREF_LOCAL;
		ref->name = facts_str(m->f, a.link);
	} else {
		ref->kind = VREF_NONE;
		ref->why = a.kind == TFA_UNKNOWN ? facts_str(m->f, a.why ? a.why : "known after apply")
						 : "not a string";
		if (a.kind == TFA_UNKNOWN && m->out &&
		    m->out->nunknown_ends < ARRAY_SIZE(m->out->unknown_ends)) {
			struct tf_unknown_end *u = &m->out->unknown_ends[m->out->nunknown_ends++];
			u->ref = ref;
			u->key = key;
		}
	}
	return a.kind != TFA_STRING || id;
}

/* "disable" (a transit gateway) or false (an attachment). */
static bool tf_off(struct tf_map *m, const char *key)
{
	struct tf_attr a;

	if (!key)
		return false;
	tf_get(m, key, &a);
	return (a.kind == TFA_STRING && str_eq(a.str, "disable")) || (a.kind == TFA_BOOL && !a.b);
}

/* The ends, destination and switches of link l, as spec ls says. */
static void tf_link_fill(struct tf_map *m, const struct link_spec *ls, struct link *l)
{
	struct facts *f = m->f;
	struct tf_attr a;

	tf_link_end(m, ls->a, &l->a);
	tf_link_end(m, ls->b, &l->b);
	tf_link_end(m, ls->x, &l->x);
	/* the first target set, known or not (an unknown one is still the
	 * route's target: the next, empty ones must not replace it) */
	for (size_t i = 0; ls->targets && ls->targets[i] && !l->x_what; i++)
		if (tf_link_end(m, ls->targets[i], &l->x))
			l->x_what = ls->targets[i];
	if (!l->x_what && ls->targets)
		memset(&l->x, 0, sizeof(l->x));
	for (int six = 0; six < 2 && !l->has_dest; six++) {
		const char *key = six ? ls->dest6 : ls->dest;
		const char *text = key ? tf_string(m, key, &a) : NULL;
		if (text) {
			cidr_value_set_text(&l->dest, facts_str(f, text), ls->dest_any ? 0 : six ? 6 : 4);
			l->dest.loc = tf_at(m, key, &a);
			l->has_dest = true;
		} else if (key && a.kind == TFA_UNKNOWN) {
			l->dest.state = VAL_UNRESOLVED;
			l->dest.reason = a.why ? facts_str(f, a.why) : "known after apply";
			l->dest.loc = tf_at(m, key, &a);
			l->has_dest = true;
		}
	}
	l->no_default_assoc = tf_off(m, ls->no_assoc);
	l->no_default_prop = tf_off(m, ls->no_prop);
	l->static_only = tf_true(m, ls->static_only ? ls->static_only : "");
	l->blackhole = tf_true(m, ls->blackhole ? ls->blackhole : "");
	l->att_id = facts_str(f, ls->att_id ? tf_string(m, ls->att_id, &a) : NULL);
	l->peer_account = facts_str(f, ls->peer_account ? tf_string(m, ls->peer_account, &a) : NULL);
	l->peer_region = facts_str(f, ls->peer_region ? tf_string(m, ls->peer_region, &a) : NULL);
}

struct tf_inline {
	struct facts *f;
	const struct link *table;
	const struct link_spec *ls;
};

/* One route block of a table: a route of its own, named after the table
 * ("aws_route_table.main.route[0]"), in the table. */
static void tf_inline_one(void *arg, const struct tf_instance *el, size_t i)
{
	struct tf_inline *t = arg;
	struct tf_map m = {t->f, el, false, NULL};
	struct link *l = facts_add_link(t->f, LINK_ROUTE);

	tf_common(&m, &l->r);
	l->r.name = arena_printf(&t->f->arena, "%s.%s[%zu]", t->table->r.name, t->ls->type, i);
	resource_set_aws_id(t->f, &l->r, NULL); /* a route has no id of its own */
	if (!loc_file(&l->r.loc))
		l->r.loc = t->table->r.loc;
	tf_link_fill(&m, t->ls, l);
	l->a = (struct vpc_ref){.kind = VREF_LOCAL, .name = t->table->r.name, .loc = t->table->r.loc};
}

static bool tf_link(struct tf_map *m, const struct link_spec *ls, struct tf_fact *out)
{
	struct facts *f = m->f;
	struct link *l;

	if (m->in->data || !lifecycle_exists_after(m->in->lc))
		return false; /* a deleted link joins nothing after the run */
	l = facts_add_link(f, ls->kind);
	tf_common(m, &l->r);
	m->out = out;
	tf_link_fill(m, ls, l);
	m->out = NULL;
	out->kind = RES_LINK;
	out->r = &l->r;
	if (ls->inline_routes && m->in->elements) {
		struct tf_inline t = {f, l, ls->inline_routes};
		if (!m->in->elements(m->in->ctx, m->in, ls->inline_routes->type, tf_inline_one, &t))
			facts_add_note(f, NOTE_UNRESOLVED, l->r.loc, l->r.name,
				       "the %s blocks of '%s' are known only after apply: its routes were not checked",
				       ls->inline_routes->type, l->r.name);
	}
	return true;
}

bool tf_instance_facts(struct facts *f, const struct tf_instance *in, struct tf_fact *out)
{
	const struct tf_type *ty = tf_type_find(in->type);
	struct tf_map m = {f, in, false, NULL};
	/* the tables share no type: a VPC, association or subnet (most of a
	 * plan's relevant resources) is not looked for among the links */
	const struct link_spec *ls = ty ? NULL : link_spec_find(tf_links, ARRAY_SIZE(tf_links), in->type);

	memset(out, 0, sizeof(*out));
	if (ls)
		return tf_link(&m, ls, out);
	if (!ty)
		return false;
	/* a data source reads a VPC that exists; the others add nothing */
	if (in->data && ty->what != TF_VPC)
		return false;
	switch (ty->what) {
	case TF_VPC:
		return tf_vpc(&m, ty, out);
	case TF_ASSOC4:
	case TF_ASSOC6:
		return tf_assoc(&m, ty, out);
	case TF_SUBNET:
		return tf_subnet(&m, out);
	case TF_ALLOCATION:
		return tf_allocation(&m);
	}
	return false;
}
