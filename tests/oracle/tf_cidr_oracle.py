#!/usr/bin/env python3
"""Compare Terraform's cidrsubnet, cidrhost and cidrnetmask in cidrlint's
evaluator with Python's ipaddress on random IPv4 and IPv6 cases.

usage: tf_cidr_oracle.py TFEVAL_DRIVER [SEED] [N]

The expected values follow Terraform's documentation
(developer.hashicorp.com/terraform/language/functions/cidrsubnet and
siblings): the prefix's host bits are dropped; cidrsubnet adds newbits
to the length and puts netnum in the new bits, failing when the length
passes the address size or netnum needs more than newbits bits;
cidrhost counts a negative hostnum from the end and fails outside the
block; cidrnetmask is the IPv4 mask and fails for IPv6.  Terraform also
accepts a negative netnum (Go's big.Int arithmetic: the two's-complement
bits or'ed in, then the magnitude), which terraform console confirms for
cidrsubnet("10.0.0.0/16", 8, -1) = "0.0.1.0/24"; Python's integers have
the same semantics, so the oracle computes it the same way.  A negative
newbits makes a shorter prefix that keeps the address's bits
(cidrsubnet("10.1.0.0/16", -2, 1) = "10.5.0.0/14", terraform console).
Numbers stay below 2^53 (cidrlint's numbers are doubles).
"""
import ipaddress
import random
import subprocess
import sys


def rand_net(rng):
    if rng.random() < 0.5:
        length = rng.randint(0, 32)
        addr = rng.getrandbits(32)
        if rng.random() < 0.3:
            addr = rng.choice([0x0A000000, 0xAC100000, 0xC0A80000]) | rng.getrandbits(16)
        return ipaddress.IPv4Network((addr, length), strict=False), addr
    length = rng.choice([rng.randint(0, 128), 56, 64, 48, 44])
    addr = rng.getrandbits(128)
    if rng.random() < 0.3:
        addr = (0x2600_1f18 << 96) | rng.getrandbits(96)
    # keep out of ::ffff:0:0/96, which Terraform prints as IPv4
    if (addr >> 32) == 0xFFFF:
        addr ^= 1 << 100
    return ipaddress.IPv6Network((addr, length), strict=False), addr


def text_of(net, addr, rng):
    """The prefix as a config would write it, host bits sometimes set."""
    a = ipaddress.ip_address(addr) if net.version == 4 else ipaddress.IPv6Address(addr)
    if rng.random() < 0.6:
        a = net.network_address
    return "%s/%d" % (a, net.prefixlen)


def subnet_case(rng):
    net, addr = rand_net(rng)
    maxlen = net.max_prefixlen
    room = maxlen - net.prefixlen
    newbits = rng.randint(0, min(room + 2, 40))
    if rng.random() < 0.03:
        newbits = -rng.randint(1, min(net.prefixlen, 3)) if net.prefixlen else 0
    limit = min(1 << max(newbits, 0), 1 << 53)
    netnum = rng.randrange(limit)
    r = rng.random()
    if r < 0.05:
        netnum = limit + rng.randrange(3)
    elif r < 0.08 and newbits > 0:
        netnum = -rng.randrange(1, limit) if limit > 1 else -1
    newlen = net.prefixlen + newbits
    expr = 'cidrsubnet("%s", %d, %d)' % (text_of(net, addr, rng), newbits, netnum)
    # go-cidr bounds netnum by 2^newbits - 1 in a uint64: a negative
    # newbits overflows that shift and leaves no bound
    if newlen > maxlen or newlen < 0 or (0 <= newbits < 64 and abs(netnum) >= (1 << newbits)):
        return expr, "error"
    host = maxlen - newlen
    value = int(net.network_address) | (netnum << host)
    value = abs(value)  # Go's big.Int: or in two's complement, then the magnitude
    if value >> maxlen:
        return subnet_case(rng)  # past the address size: Go's own bounds fail
    # a negative newbits keeps the bits past the new length, as Terraform does
    address = ipaddress.IPv4Address(value) if net.version == 4 else ipaddress.IPv6Address(value)
    return expr, '"%s/%d"' % (address, newlen)


def host_case(rng):
    net, addr = rand_net(rng)
    bits = net.max_prefixlen - net.prefixlen
    size = 1 << bits
    span = min(size, 1 << 53)
    hostnum = rng.randrange(span)
    r = rng.random()
    if r < 0.2:
        hostnum = -rng.randrange(1, span + 1)
    elif r < 0.25 and size < (1 << 53):
        hostnum = size + rng.randrange(3)
    expr = 'cidrhost("%s", %d)' % (text_of(net, addr, rng), hostnum)
    n = hostnum + size if hostnum < 0 else hostnum
    if n < 0 or n >= size:
        return expr, "error"
    return expr, '"%s"' % (net.network_address + n)


def netmask_case(rng):
    net, addr = rand_net(rng)
    expr = 'cidrnetmask("%s")' % text_of(net, addr, rng)
    if net.version == 6:
        return expr, "error"
    return expr, '"%s"' % net.netmask


def main():
    driver = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 90125
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    rng = random.Random(seed)
    cases = []
    for make, kind in ((subnet_case, "cidrsubnet"), (host_case, "cidrhost"),
                       (netmask_case, "cidrnetmask")):
        for _ in range(n):
            expr, want = make(rng)
            cases.append((kind, expr, want))
    proc = subprocess.run([driver], input="".join(c[1] + "\n" for c in cases),
                          capture_output=True, text=True, check=True)
    got = proc.stdout.splitlines()
    if len(got) != len(cases):
        print("driver answered %d lines for %d cases" % (len(got), len(cases)))
        return 1
    bad = 0
    counts, errors = {}, {}
    for (kind, expr, want), answer in zip(cases, got):
        counts[kind] = counts.get(kind, 0) + 1
        if want == "error":
            errors[kind] = errors.get(kind, 0) + 1
            ok = answer.startswith("error: ")
        else:
            ok = answer == want
        if not ok:
            bad += 1
            if bad <= 20:
                print("MISMATCH %s: cidrlint %r, expected %r" % (expr, answer, want))
    print("tf cidr oracle (seed %d): %s; %d mismatches" % (
        seed, ", ".join("%d %s (%d errors)" % (counts[k], k, errors.get(k, 0))
                        for k in sorted(counts)), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
