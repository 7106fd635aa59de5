#!/usr/bin/env python3
"""check-oracle.py: cidrlint's values against Terraform's own.

For each case directory given that holds a terraform.txt (what Terraform
computed for it, recorded once with terraform-oracle.py; see
fixtures/tfsrc/README.md), run `cidrlint -f facts` over the case with the
arguments in its `oracle-args` file (default: the case directory) and check
that every instance Terraform made is a fact of the same address, and that
every IPv4 CIDR Terraform computed (cidr_block of a VPC, an association or
a subnet) is the one cidrlint computed; an instance Terraform knows only
after apply must be unknown to cidrlint too.  Exit 1 on any difference.

    check-oracle.py CIDRLINT CASE_DIR...
"""
import json
import os
import re
import subprocess
import sys

HEAD = re.compile(r"^\S+: (?:VPC|association|subnet) '(.+?)'(?: \(|$| in | region| \[)")
IPV4 = re.compile(r"^  \S+ (?:primary IPv4 block|IPv4 block|IPv4) (.*)$")


def facts(cidrlint, case):
    args = ["."]
    extra = os.path.join(case, "oracle-args")
    if os.path.exists(extra):
        args = open(extra).read().split()
    out = subprocess.run([cidrlint, "-f", "facts", *args], cwd=case, capture_output=True,
                         text=True).stdout
    got, name = {}, None
    for line in out.splitlines():
        m = HEAD.match(line)
        if m:
            name = m.group(1)
            got.setdefault(name, None)
            continue
        m = IPV4.match(line)
        if m and name and got.get(name) is None:
            got[name] = m.group(1)
    return got


def main():
    cidrlint, cases = os.path.abspath(sys.argv[1]), sys.argv[2:]
    bad = 0
    checked = 0
    for case in cases:
        want_file = os.path.join(case, "terraform.txt")
        if not os.path.exists(want_file):
            continue
        got = facts(cidrlint, case)
        for line in open(want_file):
            addr, vals = line.split(" ", 1)
            # the aws_* resources cidrlint reads (inside modules too)
            local = re.sub(r'^(module\.[^.\[]+(\["[^"]*"\]|\[\d+\])?\.)+', "", addr)
            if not re.match(r"aws_(vpc|default_vpc|subnet|vpc_ipv4_cidr_block_association)\.", local):
                continue
            want = json.loads(vals).get("cidr_block")
            checked += 1
            if addr not in got:
                print("%s: %s: Terraform makes this instance, cidrlint has no fact of it" % (case, addr))
                bad += 1
                continue
            have = got[addr]
            if want is None:
                continue
            if want == "(known after apply)":
                if have and not have.startswith("unknown") and "inside" not in have and \
                   not have.startswith("from "):
                    print("%s: %s: Terraform knows it only after apply, cidrlint has %s" % (case, addr, have))
                    bad += 1
                continue
            text = have or ""
            # a value that is not a CIDR is shown as invalid, as written
            # (control characters may be escaped: compare its first line)
            if text != want and not text.startswith("invalid '%s" % want.split("\n")[0]):
                print("%s: %s: Terraform computes %r, cidrlint %r" % (case, addr, want, have))
                bad += 1
    print("%d instances checked against Terraform, %d differ" % (checked, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
