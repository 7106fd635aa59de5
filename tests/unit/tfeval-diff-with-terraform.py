#!/usr/bin/env python3
"""Differential test of cidrlint's Terraform evaluator against Terraform.

usage: tfeval-diff-with-terraform.py TFEVAL_DRIVER [SEED] [N] [KIND]

A developer tool beside tfeval-check-with-terraform.sh, not part of ctest
(Terraform is not a test dependency).  It makes N random expressions of
KIND ("calls": built-in functions over random values; "exprs": operators,
conditionals, for expressions, templates, index and splat around them;
"cidr": the network functions), evaluates them with TFEVAL_DRIVER
--console and with `terraform console` (offline, in an empty directory),
and prints every case where the two differ.  An error counts as the same
answer whatever its words.  Values Terraform prints with a type cidrlint
does not keep (tostring(null), sensitive values) are skipped and counted.
A difference is a bug, or a departure to write into tfeval-cases.txt.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

STRS = ['"a"', '""', '"b,c"', '"10.0.0.0/16"', '"Hello World"', '"x"', '" a "', '"1"', '"true"',
        '"é"', '"a-b_c"', '"%s"', '"%d-%s"']
NUMS = ['0', '1', '2', '3', '-1', '0.5', '1.25', '16', '8', '100', '-3']
FUNCS = {'upper': 1, 'lower': 1, 'title': 1, 'trimspace': 1, 'strrev': 1, 'chomp': 1,
         'length': 1, 'keys': 1, 'values': 1, 'flatten': 1, 'distinct': 1, 'sort': 1,
         'reverse': 1, 'compact': 1, 'one': 1, 'tolist': 1, 'toset': 1, 'tomap': 1,
         'tostring': 1, 'tonumber': 1, 'tobool': 1, 'jsonencode': 1, 'abs': 1, 'ceil': 1,
         'floor': 1, 'alltrue': 1, 'anytrue': 1, 'sum': 1, 'join': 2, 'split': 2,
         'contains': 2, 'index': 2, 'element': 2, 'lookup': (2, 3), 'concat': (1, 3),
         'merge': (0, 3), 'coalesce': (1, 3), 'coalescelist': (1, 3), 'zipmap': 2,
         'chunklist': 2, 'setunion': (1, 3), 'setintersection': (1, 3), 'setsubtract': 2,
         'setproduct': (2, 3), 'startswith': 2, 'endswith': 2, 'trimprefix': 2,
         'trimsuffix': 2, 'trim': 2, 'strcontains': 2, 'format': (1, 3),
         'formatlist': (1, 3), 'min': (1, 3), 'max': (1, 3), 'pow': 2, 'log': 2,
         'replace': 3, 'substr': 3, 'slice': 3, 'range': (1, 3), 'indent': 2, 'parseint': 2,
         'try': (1, 3), 'can': 1}
OPS = ['+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||']
NETS = ['"10.0.0.0/16"', '"10.0.0.0/8"', '"192.168.0.0/24"', '"fd00::/56"', '"2600:1f18::/48"',
        '"10.1.2.3/20"', '"0.0.0.0/0"', '"x"']


class Gen:
    def __init__(self, rng):
        self.rng = rng

    def scalar(self):
        r = self.rng.random()
        if r < 0.45:
            return self.rng.choice(STRS)
        if r < 0.8:
            return self.rng.choice(NUMS)
        return self.rng.choice(['true', 'false']) if r < 0.9 else 'null'

    def value(self, d=0):
        rng = self.rng
        r = rng.random()
        if d > 2 or r < 0.5:
            return self.scalar()
        if r < 0.7:
            return '[' + ', '.join(self.value(d + 1) for _ in range(rng.randint(0, 3))) + ']'
        if r < 0.8:
            return 'tolist([' + ', '.join(rng.choice(STRS) for _ in range(rng.randint(0, 3))) + '])'
        if r < 0.85:
            return 'toset([' + ', '.join(rng.choice(STRS + NUMS) for _ in range(rng.randint(0, 3))) + '])'
        keys = rng.sample(['a', 'b', 'c', 'd'], rng.randint(0, 3))
        m = '{' + ', '.join('%s = %s' % (k, self.value(d + 1)) for k in keys) + '}'
        return ('tomap(%s)' % m) if rng.random() < 0.3 else m

    def call(self):
        f = self.rng.choice(list(FUNCS))
        a = FUNCS[f]
        n = a if isinstance(a, int) else self.rng.randint(*a)
        args = [self.value() for _ in range(n)]
        if n and self.rng.random() < 0.1:
            args[0] = self.call()
        return '%s(%s)' % (f, ', '.join(args))

    def expr(self, d=0):
        rng = self.rng
        r = rng.random()
        if d > 2 or r < 0.25:
            return self.value(1) if rng.random() < 0.4 else self.scalar()
        if r < 0.4:
            return '(%s %s %s)' % (self.expr(d + 1), rng.choice(OPS), self.expr(d + 1))
        if r < 0.5:
            return '(%s ? %s : %s)' % (self.expr(d + 1), self.expr(d + 1), self.expr(d + 1))
        if r < 0.6:
            return '[for x in %s : %s]' % (self.value(1), rng.choice(['x', 'upper(x)', '"${x}!"', '[x]', 'x == 1']))
        if r < 0.65:
            return '{for k, v in %s : "${k}" => v}' % self.value(1)
        if r < 0.72:
            return '"a${%s}b"' % self.expr(d + 1)
        if r < 0.8:
            return '%s[%s]' % (self.value(1), rng.choice(NUMS + STRS))
        if r < 0.85:
            return '%s[*]' % self.value(1)
        if r < 0.95:
            return rng.choice('!-') + self.expr(d + 1)
        return self.call()

    def cidr(self):
        rng = self.rng
        f = rng.choice(['cidrsubnet', 'cidrhost', 'cidrnetmask', 'cidrsubnets'])
        if f == 'cidrsubnet':
            return 'cidrsubnet(%s, %s, %s)' % (rng.choice(NETS), rng.choice(['0', '1', '4', '8', '16', '24', '33', '"8"']),
                                               rng.choice(['0', '1', '3', '15', '16', '255', '256', '-1', '"2"']))
        if f == 'cidrhost':
            return 'cidrhost(%s, %s)' % (rng.choice(NETS), rng.choice(['0', '1', '-1', '-2', '5', '255', '256', '65536', '"3"']))
        if f == 'cidrnetmask':
            return 'cidrnetmask(%s)' % rng.choice(NETS)
        return 'cidrsubnets(%s)' % ', '.join([rng.choice(NETS)] + [rng.choice(['1', '2', '4', '8', '16', '0', '33'])
                                                                  for _ in range(rng.randint(0, 4))])


def main():
    driver = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    kind = sys.argv[4] if len(sys.argv) > 4 else 'calls'
    g = Gen(random.Random(seed))
    make = {'calls': g.call, 'exprs': g.expr, 'cidr': g.cidr}[kind]
    exprs = [make() for _ in range(n)]
    raw = subprocess.run([driver, '--console'], input='\n'.join(exprs) + '\n',
                         capture_output=True, text=True, check=True).stdout
    ours = raw.split('--end--\n')
    env = dict(os.environ, TF_CLI_CONFIG_FILE=os.devnull, CHECKPOINT_DISABLE='1')
    ansi = re.compile(r"\x1b\[[0-9;]*m")
    untyped = re.compile(r'to(string|number|bool|list|set|map)\(null\)|null /\*|\(sensitive value\)')
    bad = skipped = 0
    with tempfile.TemporaryDirectory() as work:
        for e, o in zip(exprs, ours):
            o = o.rstrip('\n')
            p = subprocess.run(['terraform', 'console'], input=e + '\n', cwd=work,
                               capture_output=True, text=True, env=env)
            out = ansi.sub('', p.stdout + p.stderr).strip('\n')
            if 'Error' in out:
                if o.startswith('error') or o.startswith('syntax'):
                    continue
            elif untyped.search(out):
                skipped += 1
                continue
            elif out == o:
                continue
            bad += 1
            print('DIFF %s\n  terraform: %s\n  cidrlint:  %s' % (e, out.replace('\n', ' | ')[:400],
                                                                 o.replace('\n', ' | ')[:400]))
    print('%d %s expressions (seed %d): %d differ, %d skipped' % (n, kind, seed, bad, skipped))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
