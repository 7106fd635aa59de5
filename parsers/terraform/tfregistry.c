/*
 * tfregistry.c: registry modules cidrlint understands without their
 * source, from their documented inputs (see tfregistry.h).
 *
 * terraform-aws-modules/vpc/aws is the most used VPC module: most AWS
 * VPCs written in Terraform are made by it, and a repository that has not
 * run `terraform init` has no copy of it.  What follows is written from the
 * module's documentation (registry.terraform.io/modules/
 * terraform-aws-modules/vpc/aws: inputs, their defaults and what each
 * does) as Terraform source that makes the same address space under the
 * same resource addresses as the module (aws_vpc.this[0],
 * aws_vpc_ipv4_cidr_block_association.this[i], aws_subnet.private[i], ...),
 * so that findings, fingerprints and baselines agree with a plan of the
 * real module.  It covers only what carries address space: the VPC with
 * its IPAM and IPv6 inputs, secondary blocks, the seven subnet kinds with
 * their IPv6 prefixes and IPv6-only switches, names and tags, and the
 * default VPC; and of what connects the VPC, the VPN gateway it creates
 * or attaches (enable_vpn_gateway, vpn_gateway_id) and the customer
 * gateways, with the outputs vgw_id and cgw_ids that a VPN connection of
 * the caller names.  The traps of the real module are kept: with
 * use_ipam_pool the cidr input is discarded (the block comes from the
 * pool), and every subnet's VPC is local.vpc_id, the association's VPC
 * when there are secondary blocks.
 */
#include "parsers/terraform/tfregistry.h"
#include "parsers/terraform/hcl.h"

#include <stdlib.h>
#include <string.h>

#define SUBNETS(kind, suffix, extra, az)                                                                      \
	"variable \"" kind "_subnets\" {\n  type = list(string)\n  default = []\n}\n"              \
	"variable \"" kind "_subnet_ipv6_prefixes\" {\n  type = list(string)\n  default = []\n}\n" \
	"variable \"" kind "_subnet_ipv6_native\" {\n  type = bool\n  default = false\n}\n"        \
	"variable \"" kind "_subnet_names\" {\n  type = list(string)\n  default = []\n}\n"         \
	"variable \"" kind "_subnet_suffix\" {\n  type = string\n  default = \"" suffix "\"\n}\n"  \
	"variable \"" kind "_subnet_tags\" {\n  type = map(string)\n  default = {}\n}\n"           \
	"locals {\n"                                                                               \
	"  len_" kind " = max(length(var." kind "_subnets), length(var." kind                     \
	"_subnet_ipv6_prefixes))\n"                                                                \
	"}\n"                                                                                      \
	"resource \"aws_subnet\" \"" kind "\" {\n"                                                 \
	"  count = local.create_vpc && local.len_" kind " > 0 " extra "? local.len_" kind \
	" : 0\n"                                                                                   \
	"  region = var.region\n"                                                                  \
	"  vpc_id = local.vpc_id\n"                                                                \
	"  cidr_block = var." kind "_subnet_ipv6_native ? null : element(concat(var." kind        \
	"_subnets, [\"\"]), count.index)\n"                                                        \
	"  ipv6_cidr_block = var.enable_ipv6 && length(var." kind                                 \
	"_subnet_ipv6_prefixes) > 0 ? cidrsubnet(aws_vpc.this[0].ipv6_cidr_block, 8, var." kind   \
	"_subnet_ipv6_prefixes[count.index]) : null\n"                                             \
	"  ipv6_native = var.enable_ipv6 && var." kind "_subnet_ipv6_native\n"                    \
	"  tags = merge({ Name = try(var." kind "_subnet_names[count.index], format(\"${var.name}-${var." \
	kind "_subnet_suffix}-%s\", " az ")) }, var.tags, var." kind "_subnet_tags)\n" \
	"}\n"

/* The public subnets wait for one NAT gateway per zone when asked to; the
 * outpost subnets live in var.outpost_az. */
#define ONE_NAT_PER_AZ "&& (!var.one_nat_gateway_per_az || local.len_public >= length(var.azs)) "
#define AZ_OF_INDEX "element(var.azs, count.index)"

static const char vpc_module[] =
	"variable \"name\" {\n  type = string\n  default = \"\"\n}\n"
	"variable \"cidr\" {\n  type = string\n  default = \"10.0.0.0/16\"\n}\n"
	"variable \"secondary_cidr_blocks\" {\n  type = list(string)\n  default = []\n}\n"
	"variable \"azs\" {\n  type = list(string)\n  default = []\n}\n"
	"variable \"create_vpc\" {\n  type = bool\n  default = true\n}\n"
	"variable \"putin_khuylo\" {\n  type = bool\n  default = true\n}\n"
	"variable \"region\" {\n  type = string\n  default = null\n}\n"
	"variable \"use_ipam_pool\" {\n  type = bool\n  default = false\n}\n"
	"variable \"ipv4_ipam_pool_id\" {\n  type = string\n  default = null\n}\n"
	"variable \"ipv4_netmask_length\" {\n  type = number\n  default = null\n}\n"
	"variable \"enable_ipv6\" {\n  type = bool\n  default = false\n}\n"
	"variable \"ipv6_cidr\" {\n  type = string\n  default = null\n}\n"
	"variable \"ipv6_ipam_pool_id\" {\n  type = string\n  default = null\n}\n"
	"variable \"ipv6_netmask_length\" {\n  type = number\n  default = null\n}\n"
	"variable \"ipv6_cidr_block_network_border_group\" {\n  type = string\n  default = null\n}\n"
	"variable \"one_nat_gateway_per_az\" {\n  type = bool\n  default = false\n}\n"
	"variable \"outpost_az\" {\n  type = string\n  default = null\n}\n"
	"variable \"tags\" {\n  type = map(string)\n  default = {}\n}\n"
	"variable \"vpc_tags\" {\n  type = map(string)\n  default = {}\n}\n"
	"variable \"manage_default_vpc\" {\n  type = bool\n  default = false\n}\n"
	"variable \"default_vpc_name\" {\n  type = string\n  default = null\n}\n"
	"variable \"default_vpc_tags\" {\n  type = map(string)\n  default = {}\n}\n"
	"variable \"enable_vpn_gateway\" {\n  type = bool\n  default = false\n}\n"
	"variable \"vpn_gateway_id\" {\n  type = string\n  default = \"\"\n}\n"
	"variable \"amazon_side_asn\" {\n  type = string\n  default = \"64512\"\n}\n"
	"variable \"vpn_gateway_az\" {\n  type = string\n  default = null\n}\n"
	"variable \"vpn_gateway_tags\" {\n  type = map(string)\n  default = {}\n}\n"
	"variable \"customer_gateways\" {\n  type = map(map(any))\n  default = {}\n}\n"
	"variable \"customer_gateway_tags\" {\n  type = map(string)\n  default = {}\n}\n"
	"locals {\n"
	"  create_vpc = var.create_vpc && var.putin_khuylo\n"
	"  vpc_id = try(aws_vpc_ipv4_cidr_block_association.this[0].vpc_id, aws_vpc.this[0].id, \"\")\n"
	"}\n"
	"resource \"aws_vpc\" \"this\" {\n"
	"  count = local.create_vpc ? 1 : 0\n"
	"  region = var.region\n"
	"  cidr_block = var.use_ipam_pool ? null : var.cidr\n"
	"  ipv4_ipam_pool_id = var.ipv4_ipam_pool_id\n"
	"  ipv4_netmask_length = var.ipv4_netmask_length\n"
	"  assign_generated_ipv6_cidr_block = var.enable_ipv6 && !var.use_ipam_pool ? true : null\n"
	"  ipv6_cidr_block = var.ipv6_cidr\n"
	"  ipv6_ipam_pool_id = var.ipv6_ipam_pool_id\n"
	"  ipv6_netmask_length = var.ipv6_netmask_length\n"
	"  ipv6_cidr_block_network_border_group = var.ipv6_cidr_block_network_border_group\n"
	"  tags = merge({ \"Name\" = var.name }, var.tags, var.vpc_tags)\n"
	"}\n"
	"resource \"aws_vpc_ipv4_cidr_block_association\" \"this\" {\n"
	"  count = local.create_vpc && length(var.secondary_cidr_blocks) > 0 ? length(var.secondary_cidr_blocks) : 0\n"
	"  region = var.region\n"
	"  vpc_id = aws_vpc.this[0].id\n"
	"  cidr_block = element(var.secondary_cidr_blocks, count.index)\n"
	"}\n"
	"resource \"aws_default_vpc\" \"this\" {\n"
	"  count = var.manage_default_vpc ? 1 : 0\n"
	"  tags = merge({ \"Name\" = coalesce(var.default_vpc_name, \"default\") }, var.tags, var.default_vpc_tags)\n"
	"}\n"
	"resource \"aws_vpn_gateway\" \"this\" {\n"
	"  count = local.create_vpc && var.enable_vpn_gateway ? 1 : 0\n"
	"  region = var.region\n"
	"  vpc_id = local.vpc_id\n"
	"  amazon_side_asn = var.amazon_side_asn\n"
	"  availability_zone = var.vpn_gateway_az\n"
	"  tags = merge({ \"Name\" = var.name }, var.tags, var.vpn_gateway_tags)\n"
	"}\n"
	"resource \"aws_vpn_gateway_attachment\" \"this\" {\n"
	"  count = var.vpn_gateway_id != \"\" ? 1 : 0\n"
	"  region = var.region\n"
	"  vpc_id = local.vpc_id\n"
	"  vpn_gateway_id = var.vpn_gateway_id\n"
	"}\n"
	"resource \"aws_customer_gateway\" \"this\" {\n"
	"  for_each = var.customer_gateways\n"
	"  region = var.region\n"
	"  bgp_asn = lookup(each.value, \"bgp_asn\", null)\n"
	"  ip_address = each.value[\"ip_address\"]\n"
	"  type = \"ipsec.1\"\n"
	"  tags = merge({ Name = \"${var.name}-${each.key}\" }, var.tags, var.customer_gateway_tags)\n"
	"}\n"
	"output \"vgw_id\" {\n  value = try(aws_vpn_gateway.this[0].id, aws_vpn_gateway_attachment.this[0].vpn_gateway_id, null)\n}\n"
	"output \"cgw_ids\" {\n  value = [for k, v in aws_customer_gateway.this : v.id]\n}\n"
	"output \"vpc_id\" {\n  value = try(aws_vpc.this[0].id, null)\n}\n"
	"output \"vpc_cidr_block\" {\n  value = try(aws_vpc.this[0].cidr_block, null)\n}\n"
	"output \"vpc_secondary_cidr_blocks\" {\n  value = compact(aws_vpc_ipv4_cidr_block_association.this[*].cidr_block)\n}\n"
	"output \"vpc_ipv6_cidr_block\" {\n  value = try(aws_vpc.this[0].ipv6_cidr_block, null)\n}\n"
	"output \"private_subnets\" {\n  value = aws_subnet.private[*].id\n}\n"
	"output \"public_subnets\" {\n  value = aws_subnet.public[*].id\n}\n"
	"output \"database_subnets\" {\n  value = aws_subnet.database[*].id\n}\n"
	"output \"intra_subnets\" {\n  value = aws_subnet.intra[*].id\n}\n"
	"output \"private_subnets_cidr_blocks\" {\n  value = compact(aws_subnet.private[*].cidr_block)\n}\n"
	"output \"public_subnets_cidr_blocks\" {\n  value = compact(aws_subnet.public[*].cidr_block)\n}\n"
	"output \"database_subnets_cidr_blocks\" {\n  value = compact(aws_subnet.database[*].cidr_block)\n}\n"
	"output \"azs\" {\n  value = var.azs\n}\n"
	"output \"name\" {\n  value = var.name\n}\n"
	SUBNETS("public", "public", ONE_NAT_PER_AZ, AZ_OF_INDEX)
	SUBNETS("private", "private", "", AZ_OF_INDEX)
	SUBNETS("database", "db", "", AZ_OF_INDEX)
	SUBNETS("redshift", "redshift", "", AZ_OF_INDEX)
	SUBNETS("elasticache", "elasticache", "", AZ_OF_INDEX)
	SUBNETS("intra", "intra", "", AZ_OF_INDEX)
	SUBNETS("outpost", "outpost", "", "var.outpost_az");

/* Where each emulated value comes from among the call's arguments, so
 * that a finding points at what the user wrote. */
static const struct tf_registry_arg vpc_args[] = {
	{"aws_vpc.this", "cidr_block", "cidr", false},
	{"aws_vpc.this", "ipv4_ipam_pool_id", "ipv4_ipam_pool_id", false},
	{"aws_vpc.this", "ipv4_netmask_length", "ipv4_netmask_length", false},
	{"aws_vpc.this", "assign_generated_ipv6_cidr_block", "enable_ipv6", false},
	{"aws_vpc.this", "ipv6_cidr_block", "ipv6_cidr", false},
	{"aws_vpc.this", "ipv6_ipam_pool_id", "ipv6_ipam_pool_id", false},
	{"aws_vpc.this", "ipv6_netmask_length", "ipv6_netmask_length", false},
	{"aws_vpc_ipv4_cidr_block_association.this", "cidr_block", "secondary_cidr_blocks", true},
	{"aws_subnet.public", "cidr_block", "public_subnets", true},
	{"aws_subnet.private", "cidr_block", "private_subnets", true},
	{"aws_subnet.database", "cidr_block", "database_subnets", true},
	{"aws_subnet.redshift", "cidr_block", "redshift_subnets", true},
	{"aws_subnet.elasticache", "cidr_block", "elasticache_subnets", true},
	{"aws_subnet.intra", "cidr_block", "intra_subnets", true},
	{"aws_subnet.outpost", "cidr_block", "outpost_subnets", true},
	{"aws_subnet.public", "ipv6_cidr_block", "public_subnet_ipv6_prefixes", true},
	{"aws_subnet.private", "ipv6_cidr_block", "private_subnet_ipv6_prefixes", true},
	{"aws_subnet.database", "ipv6_cidr_block", "database_subnet_ipv6_prefixes", true},
	{"aws_subnet.redshift", "ipv6_cidr_block", "redshift_subnet_ipv6_prefixes", true},
	{"aws_subnet.elasticache", "ipv6_cidr_block", "elasticache_subnet_ipv6_prefixes", true},
	{"aws_subnet.intra", "ipv6_cidr_block", "intra_subnet_ipv6_prefixes", true},
	{"aws_subnet.outpost", "ipv6_cidr_block", "outpost_subnet_ipv6_prefixes", true},
	{NULL, NULL, NULL, false},
};

static const struct tf_registry_module registry[] = {
	{"terraform-aws-modules/vpc/aws", "registry: terraform-aws-modules/vpc/aws (from its documented inputs)",
	 vpc_module, vpc_args},
};

/* "registry.terraform.io/terraform-aws-modules/vpc/aws" is the same
 * module as "terraform-aws-modules/vpc/aws"; a sub-module ("//modules/x")
 * is not. */
const struct tf_registry_module *tf_registry_find(const char *source)
{
	const char *s = source;

	if (!s)
		return NULL;
	if (str_startswith(s, "registry.terraform.io/"))
		s += strlen("registry.terraform.io/");
	for (size_t i = 0; i < ARRAY_SIZE(registry); i++)
		if (!strcmp(s, registry[i].source))
			return &registry[i];
	return NULL;
}

/* Every static reference in e, outermost first (the arguments of try(),
 * both results of a conditional, ...), pushed on *v (from the heap). */
static void add_refs(struct arena *a, const struct hcl_expr *e, const char ***v, size_t *n,
		     size_t *cap)
{
	const char *t;

	if (!e)
		return;
	if ((t = hcl_expr_traversal_text(a, e))) {
		*VEC_PUSH(*v, *n, *cap) = t;
		return;
	}
	switch (e->kind) {
	case HCL_CALL:
		for (size_t i = 0; i < e->call.n; i++)
			add_refs(a, e->call.args[i], v, n, cap);
		break;
	case HCL_CONDITIONAL:
		add_refs(a, e->cond.then_e, v, n, cap);
		add_refs(a, e->cond.else_e, v, n, cap);
		break;
	case HCL_PAREN:
		add_refs(a, e->paren.inner, v, n, cap);
		break;
	default:
		break;
	}
}

const char **tf_registry_local_refs(struct arena *a, const struct tf_registry_module *m,
				    const char *name, size_t *n)
{
	struct hcl_file f;
	struct errlist errs;
	const char **v = NULL, **out = NULL;
	size_t cap = 0;

	*n = 0;
	errlist_init(&errs);
	if (hcl_parse(&f, a, m->name, m->text, strlen(m->text), NULL, &errs) == 0)
		for (size_t i = 0; i < f.body->nblocks; i++) {
			const struct hcl_block *b = &f.body->blocks[i];
			const struct hcl_attr *at;
			if (!strcmp(b->type, "locals") && (at = hcl_body_attr(b->body, name)))
				add_refs(a, at->expr, &v, n, &cap);
		}
	errlist_release(&errs);
	if (*n) {
		out = arena_alloc(a, *n * sizeof(*out));
		memcpy(out, v, *n * sizeof(*out));
	}
	free(v);
	return out;
}
