#!/usr/bin/env python3
"""Generate a large Terraform configuration for the HCL reader's benchmark.

usage: gen_hcl.py OUT.tf RESOURCES [--json]

Written as people write network code: variables with defaults, locals
with cidrsubnet and for expressions, and for each environment an aws_vpc,
a secondary aws_vpc_ipv4_cidr_block_association and subnets (count,
for_each), with comments, templates, a heredoc and nested blocks.  With
--json the same configuration in Terraform's JSON syntax.
"""
import json
import sys


def native(n):
    out = []
    add = out.append
    add('# generated for the benchmark of parsers/terraform/hcl_parse.c\n')
    add('variable "base_cidr" {\n  type    = string\n  default = "10.0.0.0/8"\n}\n\n')
    add('variable "azs" {\n  type    = list(string)\n  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]\n}\n\n')
    for i in range((n + 4) // 5):
        env = "env%d" % i
        add('locals {\n')
        add('  %s_cidr    = cidrsubnet(var.base_cidr, 16, %d)\n' % (env, i % 65536))
        add('  %s_subnets = { for k, az in var.azs : az => cidrsubnet(local.%s_cidr, 4, k) }\n' % (env, env))
        add('  %s_tags    = merge(local.common_tags, { Name = "vpc-${var.project}-%s" })\n' % (env, env))
        add('}\n\n')
        add('resource "aws_vpc" "%s" {\n' % env)
        add('  cidr_block           = local.%s_cidr # the primary block\n' % env)
        add('  enable_dns_support   = true\n  enable_dns_hostnames = var.dns && !var.private\n')
        add('  tags                 = local.%s_tags\n\n' % env)
        add('  lifecycle {\n    ignore_changes = [tags["Owner"]]\n  }\n}\n\n')
        add('resource "aws_vpc_ipv4_cidr_block_association" "%s" {\n' % env)
        add('  vpc_id     = aws_vpc.%s.id\n' % env)
        add('  cidr_block = "100.64.%d.0/24"\n}\n\n' % (i % 256))
        add('resource "aws_subnet" "%s" {\n' % env)
        add('  for_each          = local.%s_subnets\n' % env)
        add('  vpc_id            = aws_vpc.%s.id\n' % env)
        add('  availability_zone = each.key\n  cidr_block        = each.value\n')
        add('  tags = {\n    Name = "${var.project}-%s-${each.key}"\n    Tier = length(var.azs) > 2 ? "ha" : "single"\n  }\n}\n\n' % env)
        add('resource "aws_subnet" "%s_extra" {\n' % env)
        add('  count      = 2\n  vpc_id     = aws_vpc_ipv4_cidr_block_association.%s.vpc_id\n' % env)
        add('  cidr_block = cidrsubnet(aws_vpc_ipv4_cidr_block_association.%s.cidr_block, 2, count.index)\n' % env)
        add('  description = <<-EOT\n    Extra subnet ${count.index} of %s,\n    carved from the secondary block.\n  EOT\n}\n\n' % env)
    return "".join(out)


def as_json(n):
    resource = {"aws_vpc": {}, "aws_vpc_ipv4_cidr_block_association": {}, "aws_subnet": {}}
    local = {}
    for i in range((n + 3) // 4):
        env = "env%d" % i
        local["%s_cidr" % env] = "${cidrsubnet(var.base_cidr, 16, %d)}" % (i % 65536)
        local["%s_subnets" % env] = "${{ for k, az in var.azs : az => cidrsubnet(local.%s_cidr, 4, k) }}" % env
        resource["aws_vpc"][env] = {"//": "the primary block", "cidr_block": "${local.%s_cidr}" % env,
                                    "tags": {"Name": "vpc-${var.project}-%s" % env},
                                    "lifecycle": {"ignore_changes": ["tags"]}}
        resource["aws_vpc_ipv4_cidr_block_association"][env] = {
            "vpc_id": "${aws_vpc.%s.id}" % env, "cidr_block": "100.64.%d.0/24" % (i % 256)}
        resource["aws_subnet"][env] = {"for_each": "${local.%s_subnets}" % env, "vpc_id": "${aws_vpc.%s.id}" % env,
                                       "cidr_block": "${each.value}", "tags": {"Name": "${var.project}-%s-${each.key}" % env}}
        resource["aws_subnet"][env + "_extra"] = {"count": 2, "cidr_block": "${cidrsubnet(aws_vpc_ipv4_cidr_block_association.%s.cidr_block, 2, count.index)}" % env}
    doc = {"variable": {"base_cidr": {"type": "string", "default": "10.0.0.0/8"}}, "locals": local, "resource": resource}
    return json.dumps(doc, indent=2) + "\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n = int(sys.argv[2])
    text = as_json(n) if "--json" in sys.argv[3:] else native(n)
    with open(sys.argv[1], "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
