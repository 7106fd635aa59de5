#!/usr/bin/env python3
"""gen_pathological.py: a CloudFormation JSON template that is the worst
case of a pairwise rule: many resources with one and the same CIDR.

    gen_pathological.py KIND N OUT.json

KIND is one of
  vpcs     N VPCs, each 10.0.0.0/16, and one peering between the first two
           (CIDR301, CIDR111, CIDR307);
  subnets  one VPC 10.0.0.0/16 with N subnets, each 10.0.1.0/24 (CIDR306,
           CIDR305);
  assocs   one VPC 10.0.0.0/16 with N secondary blocks, each 10.1.0.0/16
           (CIDR107, CIDR106, CIDR105);
  routes   one VPC and one route table with N routes, each to 10.9.0.0/16,
           through two transit gateways in turn (CIDR308);
  distinct one VPC with N secondary /24 blocks, all different, and a subnet
           in each (CIDR105, CIDR305: a loop over the VPC's blocks for each
           block or subnet).
The template is written on one line, as a generated one would be.
"""
import json
import sys


def vpc(cidr):
    return {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": cidr}}


def main():
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    res = {}
    if kind == "vpcs":
        for i in range(n):
            res["Vpc%d" % i] = vpc("10.0.0.0/16")
        res["Peering"] = {"Type": "AWS::EC2::VPCPeeringConnection",
                          "Properties": {"VpcId": {"Ref": "Vpc0"}, "PeerVpcId": {"Ref": "Vpc1"}}}
    elif kind == "subnets":
        res["Vpc"] = vpc("10.0.0.0/16")
        for i in range(n):
            res["Subnet%d" % i] = {"Type": "AWS::EC2::Subnet",
                                   "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24"}}
    elif kind == "assocs":
        res["Vpc"] = vpc("10.0.0.0/16")
        for i in range(n):
            res["Block%d" % i] = {"Type": "AWS::EC2::VPCCidrBlock",
                                  "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.1.0.0/16"}}
    elif kind == "routes":
        res["Vpc"] = vpc("10.0.0.0/16")
        res["Rtb"] = {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}}
        for t in range(2):
            res["Tgw%d" % t] = {"Type": "AWS::EC2::TransitGateway"}
            res["Att%d" % t] = {"Type": "AWS::EC2::TransitGatewayVpcAttachment",
                                "Properties": {"TransitGatewayId": {"Ref": "Tgw%d" % t}, "VpcId": {"Ref": "Vpc"},
                                               "SubnetIds": ["subnet-0d0000000000000d1"]}}
        for i in range(n):
            res["Route%d" % i] = {"Type": "AWS::EC2::Route",
                                  "Properties": {"RouteTableId": {"Ref": "Rtb"},
                                                 "DestinationCidrBlock": "10.9.0.0/16",
                                                 "TransitGatewayId": {"Ref": "Tgw%d" % (i % 2)}}}
    elif kind == "distinct":
        res["Vpc"] = vpc("10.0.0.0/16")
        for i in range(n):
            cidr = "10.%d.%d.0/24" % (1 + i // 256, i % 256)
            res["Block%d" % i] = {"Type": "AWS::EC2::VPCCidrBlock",
                                  "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": cidr}}
            res["Subnet%d" % i] = {"Type": "AWS::EC2::Subnet",
                                   "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": cidr}}
    else:
        sys.exit("gen_pathological.py: unknown kind '%s'" % kind)
    with open(out, "w") as f:
        json.dump({"AWSTemplateFormatVersion": "2010-09-09", "Resources": res}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
