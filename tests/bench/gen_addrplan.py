#!/usr/bin/env python3
"""gen_addrplan.py: write an address plan with many segments, for timing
the address-plan reader (segment overlap checks, duplicate names).

    gen_addrplan.py OUT SEGMENTS [OVERLAPS] [MATCH]

Each segment gets one /28 of 10.0.0.0/8 (there are 1,048,576), written in
a shuffled order so that the reader cannot profit from sorted input, and
(unless MATCH is 0) a name match.  With OVERLAPS > 0 that many extra
segments reuse an earlier segment's range, so the plan is refused with
that many errors.
"""
import ipaddress
import random
import sys


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    overlaps = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    match = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    if n > 1 << 20:
        sys.exit("at most 1048576 segments fit in 10.0.0.0/8 as /28s")
    rng = random.Random(11)
    base = int(ipaddress.IPv4Address("10.0.0.0"))
    slots = rng.sample(range(1 << 20), n)
    with open(out, "w") as f:
        f.write("version: 1\nsegments:\n")
        for i, slot in enumerate(slots):
            net = ipaddress.IPv4Network((base + slot * 16, 28))
            m = ", match: {name: '^s%d-'}" % i if match else ""
            f.write("  - {name: s%d, cidrs: [%s]%s}\n" % (i, net, m))
        for i in range(overlaps):
            net = ipaddress.IPv4Network((base + slots[i] * 16, 28))
            f.write("  - {name: o%d, cidrs: [%s]}\n" % (i, net))


if __name__ == "__main__":
    main()
