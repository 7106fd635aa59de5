#!/usr/bin/env python3
"""check_cidr_tables.py: every prefix constant of the rule tables
(CIDR_V4/CIDR_V6 in policies/*.c, policies/cidr.h) equals the CIDR text
beside it, checked with Python's ipaddress, independently of cidrlint's
own parser.  The tables are constants so that no table is built at run
time; this keeps the two spellings of each row from drifting apart.

    check_cidr_tables.py SOURCE_DIR
"""
import glob
import ipaddress
import os
import re
import sys

# {"TEXT", WHAT, CIDR_Vn(...)} in a table, or CIDR_Vn(...); /* "TEXT" */
ROW = re.compile(r'\{"([0-9a-fA-F.:/]+)",[^{}]*?(CIDR_V[46])\(([^)]*)\)\}', re.S)
LONE = re.compile(r'(CIDR_V[46])\(([^)]*)\);\s*/\*\s*"([0-9a-fA-F.:/]+)"\s*\*/')


def network(macro, args):
    v = [int(a, 0) for a in args.split(",")]
    if macro == "CIDR_V4":
        addr = v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3]
        return ipaddress.IPv4Network((addr, v[4]))
    addr = 0
    for g in v[:8]:
        addr = addr << 16 | g
    return ipaddress.IPv6Network((addr, v[8]))


def main():
    src = sys.argv[1]
    checked = bad = 0
    for path in sorted(glob.glob(os.path.join(src, "policies", "*.c"))):
        text = open(path).read()
        rows = [(m.group(1), m.group(2), m.group(3)) for m in ROW.finditer(text)]
        rows += [(m.group(3), m.group(1), m.group(2)) for m in LONE.finditer(text)]
        uses = len(re.findall(r"CIDR_V[46]\(", text))
        if uses != len(rows):
            print("FAIL %s: %d CIDR_V4/CIDR_V6 constants, %d with their text beside them"
                  % (path, uses, len(rows)))
            bad += 1
        for want, macro, args in rows:
            checked += 1
            try:
                got = network(macro, args)
            except ValueError as e:
                print("FAIL %s: %s(%s) is not a network: %s" % (path, macro, args, e))
                bad += 1
                continue
            if got != ipaddress.ip_network(want):
                print("FAIL %s: %s(%s) is %s, the row says %s" % (path, macro, args, got, want))
                bad += 1
    print("%d table prefixes checked, %d wrong" % (checked, bad))
    if checked == 0:
        print("FAIL: no table found")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
