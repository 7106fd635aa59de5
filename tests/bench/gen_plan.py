#!/usr/bin/env python3
"""Generate a large Terraform plan JSON for the benchmark.

usage: gen_plan.py OUT.json VPCS [SUBNETS_PER_VPC [OTHERS_PER_VPC]]

The plan looks like `terraform show -json` of a root module that calls a
network module once per environment with for_each: every instance creates
an aws_vpc, a secondary aws_vpc_ipv4_cidr_block_association and subnets,
all created in the same plan, so every vpc_id is unknown and must be linked
through the configuration's references.  Like Terraform's own output it is
written on one line.  A few instances deliberately overlap so the run has
findings to report: every 1000th VPC reuses the previous one's block; every
other VPC and secondary block is distinct (up to 65,536 VPCs, the most it
generates).

OTHERS_PER_VPC (default 0) adds that many resources of types no rule reads
(an IAM role with its policy document, a log group) per instance, as real
plans have: most of a real plan's resource_changes are not network
resources.  The default plan has none, so every element is one cidrlint
must read.
"""
import json
import sys

PROV = "registry.terraform.io/hashicorp/aws"


MAX_VPCS = 65536


def vpc_block(i):
    """The i-th /24 of 10.0.0.0/8: MAX_VPCS distinct VPCs."""
    return "10.%d.%d.0/24" % (i // 256, i % 256)


def extra_block(i):
    """The i-th /26 of 100.64.0.0/10: MAX_VPCS distinct secondary blocks.

    (Until 2026-12-04 these were /25s taken modulo 32768, so past 32,768
    VPCs every secondary block repeated an earlier VPC's and the plan had
    thousands of overlaps nobody meant: 14,542 findings at 40,000 VPCs.)"""
    return "100.%d.%d.%d/26" % (64 + i // 1024, (i // 4) % 256, (i % 4) * 64)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    subnets = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    others = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    if not 0 < n <= MAX_VPCS:
        sys.exit("gen_plan.py: VPCS must be 1..%d (beyond, the blocks would repeat)" % MAX_VPCS)
    changes = []
    for i in range(n):
        key = "env%05d" % i
        mod = 'module.net["%s"]' % key
        # every 1000th environment reuses a block: real overlaps to report
        cidr = vpc_block(i if i % 1000 else max(0, i - 1))
        octets = [int(x) for x in cidr.split("/")[0].split(".")]
        tags = {"Name": key, "Environment": "prod" if i % 2 else "dev", "CostCentre": "cc-%04d" % (i % 9999),
                "Owner": "platform-networking", "ManagedBy": "terraform"}
        changes.append({
            "address": mod + ".aws_vpc.this", "module_address": mod, "mode": "managed", "type": "aws_vpc",
            "name": "this", "provider_name": PROV,
            "change": {"actions": ["create"], "before": None,
                       "after": {"assign_generated_ipv6_cidr_block": False, "cidr_block": cidr,
                                 "enable_dns_hostnames": True, "enable_dns_support": True,
                                 "enable_network_address_usage_metrics": False, "instance_tenancy": "default",
                                 "ipv4_ipam_pool_id": None, "ipv4_netmask_length": None, "ipv6_ipam_pool_id": None,
                                 "ipv6_netmask_length": None, "tags": tags, "tags_all": tags},
                       "after_unknown": {"arn": True, "default_network_acl_id": True, "default_route_table_id": True,
                                         "default_security_group_id": True, "dhcp_options_id": True, "id": True,
                                         "ipv6_association_id": True, "ipv6_cidr_block": True,
                                         "ipv6_cidr_block_network_border_group": True, "main_route_table_id": True,
                                         "owner_id": True, "tags": {}, "tags_all": {}},
                       "before_sensitive": False, "after_sensitive": {"tags": {}, "tags_all": {}}}})
        extra = extra_block(i)
        changes.append({
            "address": mod + ".aws_vpc_ipv4_cidr_block_association.extra", "module_address": mod,
            "mode": "managed", "type": "aws_vpc_ipv4_cidr_block_association", "name": "extra",
            "provider_name": PROV,
            "change": {"actions": ["create"], "before": None,
                       "after": {"cidr_block": extra, "ipv4_ipam_pool_id": None, "ipv4_netmask_length": None,
                                 "timeouts": None},
                       "after_unknown": {"id": True, "vpc_id": True},
                       "before_sensitive": False, "after_sensitive": {}}})
        for s in range(subnets):
            sub = "%d.%d.%d.%d/26" % (octets[0], octets[1], octets[2], (s % 4) * 64)
            stags = {"Name": "%s-%d" % (key, s), "Tier": "private"}
            changes.append({
                "address": mod + '.aws_subnet.this[%d]' % s, "module_address": mod, "mode": "managed",
                "type": "aws_subnet", "name": "this", "index": s, "provider_name": PROV,
                "change": {"actions": ["create"], "before": None,
                           "after": {"assign_ipv6_address_on_creation": False, "availability_zone": "eu-west-1a",
                                     "cidr_block": sub, "customer_owned_ipv4_pool": None, "enable_dns64": False,
                                     "ipv6_cidr_block": None, "ipv6_native": False, "map_public_ip_on_launch": False,
                                     "outpost_arn": None, "tags": stags, "tags_all": stags, "timeouts": None},
                           "after_unknown": {"arn": True, "id": True, "ipv6_cidr_block_association_id": True,
                                             "owner_id": True, "vpc_id": True, "tags": {}, "tags_all": {}},
                           "before_sensitive": False, "after_sensitive": {"tags": {}, "tags_all": {}}}})
        for o in range(others):
            policy = json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
            typ, after = (("aws_iam_role", {"name": "%s-role-%d" % (key, o), "assume_role_policy": policy,
                                            "path": "/", "max_session_duration": 3600, "tags": tags})
                          if o % 2 == 0 else
                          ("aws_cloudwatch_log_group", {"name": "/aws/lambda/%s-%d" % (key, o),
                                                        "retention_in_days": 30, "kms_key_id": None, "tags": tags}))
            changes.append({
                "address": mod + ".%s.o%d" % (typ, o), "module_address": mod, "mode": "managed", "type": typ,
                "name": "o%d" % o, "provider_name": PROV,
                "change": {"actions": ["create"], "before": None, "after": after,
                           "after_unknown": {"arn": True, "id": True, "tags_all": True},
                           "before_sensitive": False, "after_sensitive": {"tags": {}}}})
    plan = {
        "format_version": "1.2", "terraform_version": "1.9.5",
        "planned_values": {"root_module": {}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "full_name": PROV,
                                        "expressions": {"region": {"constant_value": "eu-west-1"}}}},
            "root_module": {"module_calls": {"net": {
                "source": "./modules/net", "for_each_expression": {"references": ["local.envs"]},
                "expressions": {"cidr": {"references": ["each.value.cidr", "each.value"]}},
                "module": {"resources": [
                    {"address": "aws_vpc.this", "mode": "managed", "type": "aws_vpc", "name": "this",
                     "provider_config_key": "net:aws", "expressions": {"cidr_block": {"references": ["var.cidr"]}},
                     "schema_version": 1},
                    {"address": "aws_vpc_ipv4_cidr_block_association.extra", "mode": "managed",
                     "type": "aws_vpc_ipv4_cidr_block_association", "name": "extra", "provider_config_key": "net:aws",
                     "expressions": {"vpc_id": {"references": ["aws_vpc.this.id", "aws_vpc.this"]},
                                     "cidr_block": {"references": ["var.extra"]}}, "schema_version": 0},
                    {"address": "aws_subnet.this", "mode": "managed", "type": "aws_subnet", "name": "this",
                     "provider_config_key": "net:aws",
                     "expressions": {"vpc_id": {"references": ["aws_vpc.this.id", "aws_vpc.this"]},
                                     "cidr_block": {"references": ["var.subnets", "count.index"]}},
                     "count_expression": {"references": ["var.subnets"]}, "schema_version": 1}],
                    "variables": {"cidr": {}, "extra": {}, "subnets": {}}}}}}},
    }
    with open(out, "w") as f:
        json.dump(plan, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
