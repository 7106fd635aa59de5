#!/usr/bin/env python3
"""gen_tf.py: a generated Terraform monorepo for the source benchmark.

    gen_tf.py DIR [FILES] [RESOURCES]

Writes FILES .tf files (default 1,000) holding RESOURCES VPC, association
and subnet resources in all (default 10,000), spread over roots of 20
files each (DIR/envs/envNNN/), with what real configurations use:
variables with defaults, locals, cidrsubnet, for_each over maps, count,
references between resources and a provider per root.  Every VPC gets its
own /20 (10.x.y.0/20 from a counter) and its association another, so the
run has no findings to print and measures reading, evaluating and the
rules alone.
"""
import os
import sys


def main():
    top = sys.argv[1]
    nfiles = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    nres = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    per_root = 20
    per_file = max(1, nres // nfiles)
    vpc = 0
    for f in range(nfiles):
        root = os.path.join(top, "envs", "env%03d" % (f // per_root))
        os.makedirs(root, exist_ok=True)
        out = []
        if f % per_root == 0:
            out.append('provider "aws" {\n  region = "eu-west-1"\n}\n')
            out.append('variable "env" {\n  default = "env%03d"\n}\n' % (f // per_root))
        # each group is five instances: a VPC, an association, two
        # subnets by for_each and one by count
        made = 0
        g = 0
        while made < per_file:
            a = vpc // 16
            a += a >= 100  # 10.100.0.0/16 is an EKS default range (CIDR304)
            b = (vpc % 16) * 16
            name = "f%d_g%d" % (f, g)
            out.append('locals {\n  %s_cidr = "10.%d.%d.0/20"\n  %s_subnets = {\n'
                       '    a = 1\n    b = 2\n  }\n}\n' % (name, a, b, name))
            out.append('resource "aws_vpc" "%s" {\n  cidr_block = local.%s_cidr\n'
                       '  tags = {\n    Name = "${var.env}-%s"\n  }\n}\n' % (name, name, name))
            out.append('resource "aws_vpc_ipv4_cidr_block_association" "%s" {\n'
                       '  vpc_id     = aws_vpc.%s.id\n  cidr_block = "10.%d.%d.0/20"\n}\n'
                       % (name, name, 128 + a, b))
            out.append('resource "aws_subnet" "%s" {\n  for_each   = local.%s_subnets\n'
                       '  vpc_id     = aws_vpc.%s.id\n'
                       '  cidr_block = cidrsubnet(aws_vpc.%s.cidr_block, 4, each.value)\n}\n'
                       % (name, name, name, name))
            out.append('resource "aws_subnet" "%s_n" {\n  count      = 1\n'
                       '  vpc_id     = aws_vpc.%s.id\n'
                       '  cidr_block = cidrsubnet(aws_vpc.%s.cidr_block, 4, 10 + count.index)\n}\n'
                       % (name, name, name))
            made += 5
            vpc += 1
            g += 1
        with open(os.path.join(root, "f%04d.tf" % f), "w") as fh:
            fh.write("\n".join(out))
    print("%d files, %d VPCs" % (nfiles, vpc))


if __name__ == "__main__":
    main()
