#!/usr/bin/env python3
"""Compare cidrlint's Fn::Cidr with an independent computation.

usage: cidr_fn_oracle.py CFN_DRIVER [SEED] [N]

Builds a template with N subnets, each CidrBlock or Ipv6CidrBlock being
  !Select [i, !Cidr [ipBlock, count, cidrBits]]
with random IPv4 and IPv6 blocks, counts and bits (numbers or numeric
strings, as AWS accepts), and checks what the driver says against Python's
ipaddress: AWS returns the first `count` blocks of length
(32 or 128) - cidrBits starting at ipBlock's network address, and fails when
they do not fit.
"""
import ipaddress
import random
import subprocess
import sys


def main():
    driver = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1129
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    rng = random.Random(seed)
    lines = ["Resources:", "  Vpc:", "    Type: AWS::EC2::VPC", "    Properties:", "      CidrBlock: 10.0.0.0/16"]
    expected = {}
    for k in range(n):
        v6 = rng.random() < 0.5
        maxlen = 128 if v6 else 32
        plen = rng.randint(0, maxlen if not v6 else 64)
        addr = rng.getrandbits(maxlen)
        net = ipaddress.ip_network((addr, plen), strict=False) if not v6 else ipaddress.IPv6Network((addr, plen), strict=False)
        block = str(net)
        if rng.random() < 0.2:
            # host bits in ipBlock: AWS carves from the network address
            host = ipaddress.ip_address(addr) if not v6 else ipaddress.IPv6Address(addr)
            block = "%s/%d" % (host, plen)
        hostbits = maxlen - plen
        bits = rng.randint(1, min(maxlen, hostbits + 3)) if rng.random() < 0.95 else rng.randint(1, 128)
        count = rng.randint(1, 256)
        index = rng.randrange(count)
        newlen = maxlen - bits
        if newlen < plen or count > (1 << (newlen - plen)):
            want = "ERR"
        else:
            sub = list_nth(net, newlen, index)
            want = str(sub)
        c = str(count) if rng.random() < 0.5 else '"%d"' % count
        b = str(bits) if rng.random() < 0.5 else '"%d"' % bits
        prop = "Ipv6CidrBlock" if v6 else "CidrBlock"
        lines += ["  S%d:" % k, "    Type: AWS::EC2::Subnet", "    Properties:", "      VpcId: !Ref Vpc",
                  "      %s: !Select [%d, !Cidr ['%s', %s, %s]]" % (prop, index, block, c, b)]
        expected["S%d" % k] = (("v6" if v6 else "v4"), want)
    proc = subprocess.run([driver], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    bad = 0
    got = {}
    for line in proc.stdout.splitlines():
        parts = line.split("\t")
        got[parts[0]] = dict(p.split("=", 1) for p in parts[1:])
    for name, (fam, want) in expected.items():
        value = got.get(name, {}).get(fam)
        ok = value == want or (want == "ERR" and value is not None and value.startswith("ERR:"))
        if not ok:
            bad += 1
            if bad <= 20:
                print("MISMATCH %s: cidrlint %r, expected %r" % (name, value, want))
    errors = sum(1 for _, w in expected.values() if w == "ERR")
    print("Fn::Cidr oracle (seed %d): %d cases (%d that AWS rejects); %d mismatches" % (seed, n, errors, bad))
    return 1 if bad else 0


def list_nth(net, newlen, index):
    size = 1 << (net.max_prefixlen - newlen)
    first = int(net.network_address) + index * size
    return type(net)((first, newlen))


if __name__ == "__main__":
    sys.exit(main())
