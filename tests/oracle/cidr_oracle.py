#!/usr/bin/env python3
"""Compare the prefix library with Python's ipaddress on random inputs.

usage: cidr_oracle.py DRIVER [SEED] [N]

DRIVER is the cidr-driver test program.  Every case is generated at random
(a fixed seed by default, so a failure can be replayed), answered by the
driver and by ipaddress independently, and compared.  Exits 1 on the first
few disagreements, printing each.
"""
import ipaddress
import random
import re
import subprocess
import sys


def rand_v4(rng):
    addr = rng.getrandbits(32)
    if rng.random() < 0.3:
        # bias towards the ranges a VPC linter cares about
        addr = rng.choice([0x0A000000, 0xAC100000, 0xC0A80000, 0x64400000]) | rng.getrandbits(16)
    return ipaddress.IPv4Address(addr)


def rand_v6(rng):
    groups = [0 if rng.random() < 0.45 else rng.getrandbits(16) for _ in range(8)]
    value = 0
    for g in groups:
        value = (value << 16) | g
    return ipaddress.IPv6Address(value)


def v6_text(rng, addr):
    """One of several legal spellings of an IPv6 address."""
    style = rng.randrange(4)
    if style == 0:
        return addr.compressed
    if style == 1:
        return addr.exploded
    if style == 2:
        return addr.compressed.upper()
    # groups without leading zeros, no compression
    return ":".join("%x" % int(g, 16) for g in addr.exploded.split(":"))


def rand_prefix_text(rng):
    if rng.random() < 0.5:
        addr = rand_v4(rng)
        length = rng.randint(0, 32)
        net = ipaddress.IPv4Network((int(addr), length), strict=False)
        if rng.random() < 0.6:
            addr = net.network_address
        return "%s/%d" % (addr, length)
    addr = rand_v6(rng)
    length = rng.randint(0, 128)
    net = ipaddress.IPv6Network((int(addr), length), strict=False)
    if rng.random() < 0.6:
        addr = net.network_address
    return "%s/%d" % (v6_text(rng, addr), length)


def mutate(rng, text):
    chars = "0123456789abcdefABCDEF:./% x-"
    s = list(text)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(3)
        pos = rng.randrange(len(s) + 1)
        if op == 0:
            s.insert(pos, rng.choice(chars))
        elif op == 1 and pos < len(s):
            del s[pos]
        elif pos < len(s):
            s[pos] = rng.choice(chars)
    return "".join(s)


# Inputs ipaddress accepts that cidrlint rejects on purpose (CIDR fields
# need an explicit length written without leading zeros; no zone ids, no
# netmask notation, no white space).
STRICTER = [
    re.compile(r"^[^/]*$"),                # no '/length'
    re.compile(r"/0\d"),                   # length with a leading zero
    re.compile(r"%"),                      # zone id
    re.compile(r"/.*\."),                  # netmask notation
    re.compile(r"\s"),                     # white space
    re.compile(r"/$"),
]


def same_family(net, value, length):
    """A network of net's family (ip_network guesses IPv4 for small ints)."""
    return type(net)((value, length))


def expect_parse(text):
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return "err"
    try:
        ipaddress.ip_network(text, strict=True)
        hb = 0
    except ValueError:
        hb = 1
    return "ok %s/%d %d" % (net.network_address.compressed, net.prefixlen, hb)


def main():
    driver = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261129
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 4000
    rng = random.Random(seed)
    cases = []  # (command, expected, kind)

    for _ in range(n):
        text = rand_prefix_text(rng)
        cases.append(("P " + text, expect_parse(text), "parse"))
    for _ in range(n):
        text = mutate(rng, rand_prefix_text(rng))
        if " " in text or not text:
            continue
        cases.append(("P " + text, expect_parse(text), "junk"))
    for _ in range(n):
        a = ipaddress.ip_network(rand_prefix_text(rng), strict=False)
        if rng.random() < 0.5:
            # a relative of a: a sub- or supernet, so overlaps are common
            if rng.random() < 0.5 and a.prefixlen < a.max_prefixlen:
                newlen = rng.randint(a.prefixlen, a.max_prefixlen)
                offset = rng.getrandbits(newlen - a.prefixlen) if newlen > a.prefixlen else 0
                b = same_family(a, int(a.network_address) + (offset << (a.max_prefixlen - newlen)), newlen)
            else:
                b = a.supernet(new_prefix=rng.randint(0, a.prefixlen))
        else:
            b = ipaddress.ip_network(rand_prefix_text(rng), strict=False)
        ov = int(a.version == b.version and a.overlaps(b))
        co = int(a.version == b.version and b.subnet_of(a))
        cases.append(("O %s %s" % (a, b), str(ov), "overlaps"))
        cases.append(("C %s %s" % (a, b), str(co), "contains"))
        cases.append(("R %s" % a, "%s %s" % (a.network_address.compressed, a.broadcast_address.compressed), "range"))
    for _ in range(n):
        a = ipaddress.ip_network(rand_prefix_text(rng), strict=False)
        newlen = rng.randint(max(0, a.prefixlen - 2), min(a.max_prefixlen, a.prefixlen + 20) + 1)
        extra = newlen - a.prefixlen
        if extra >= 0 and newlen <= a.max_prefixlen:
            index = rng.randrange(1 << extra) if rng.random() < 0.9 else (1 << extra) + rng.randrange(3)
        else:
            index = rng.randrange(4)
        if extra < 0 or newlen > a.max_prefixlen or index >= (1 << extra):
            want = "err"
        else:
            want = str(same_family(a, int(a.network_address) + (index << (a.max_prefixlen - newlen)), newlen))
        cases.append(("S %s %d %d" % (a, newlen, index), want, "split"))
    for _ in range(max(1, n // 4)):
        pool = ipaddress.ip_network(rand_prefix_text(rng), strict=False)
        if pool.max_prefixlen - pool.prefixlen < 4:
            continue
        length = rng.randint(pool.prefixlen, min(pool.max_prefixlen, pool.prefixlen + 7))
        used = []
        for _ in range(rng.randint(0, 12)):
            ulen = rng.randint(max(0, pool.prefixlen - 1), min(pool.max_prefixlen, pool.prefixlen + 9))
            if ulen >= pool.prefixlen:
                off = rng.getrandbits(ulen - pool.prefixlen) if ulen > pool.prefixlen else 0
                used.append(same_family(pool, int(pool.network_address) + (off << (pool.max_prefixlen - ulen)), ulen))
            elif rng.random() < 0.2:
                used.append(pool.supernet(new_prefix=ulen))
        want = "none"
        for cand in pool.subnets(new_prefix=length):
            if not any(cand.overlaps(u) for u in used):
                want = str(cand)
                break
        cases.append(("F %s %d %s" % (pool, length, " ".join(map(str, used))), want, "nextfree"))

    proc = subprocess.run([driver], input="".join(c[0] + "\n" for c in cases),
                          capture_output=True, text=True, check=True)
    got = proc.stdout.splitlines()
    if len(got) != len(cases):
        print("driver answered %d lines for %d cases" % (len(got), len(cases)))
        return 1
    bad = 0
    counts = {}
    for (cmd, want, kind), answer in zip(cases, got):
        counts[kind] = counts.get(kind, 0) + 1
        if answer == want:
            continue
        text = cmd[2:]
        if kind == "junk" and answer == "err" and any(r.search(text) for r in STRICTER):
            continue  # cidrlint is stricter here on purpose
        bad += 1
        if bad <= 20:
            print("MISMATCH %s: %r: cidrlint %r, ipaddress %r" % (kind, cmd, answer, want))
    print("cidr oracle (seed %d): %s; %d mismatches" % (
        seed, ", ".join("%d %s" % (v, k) for k, v in sorted(counts.items())), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
