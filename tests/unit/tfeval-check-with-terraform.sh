#!/bin/sh
# tfeval-check-with-terraform.sh: check every expected value of
# tests/unit/tfeval-cases.txt against Terraform itself.
#
#   sh tests/unit/tfeval-check-with-terraform.sh [CASES-FILE]
#
# A developer tool, not part of ctest: Terraform is not a test dependency.
# It writes the file's `var` lines as variable defaults and a
# terraform_data resource (whose id and output are unknown until apply) into
# an empty temporary directory, feeds each case's expression to
# `terraform console -plan` there (offline: no provider is downloaded),
# and compares what Terraform prints with the case's expectation:
#  - a value: the console's text, line for line;
#  - "error: TEXT": Terraform fails, and its message holds TEXT (any case);
#  - "error~: TEXT": Terraform fails (its message words it differently);
#  - with a "departure:" line, the "tf:" lines are what Terraform prints.
# Prints each mismatch and a summary; exits 1 when any case mismatches.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cases=${1:-$here/tfeval-cases.txt}
command -v terraform >/dev/null || { echo "terraform is not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
status=0
python3 - "$cases" "$work" <<'EOF' || status=$?
import os
import re
import subprocess
import sys

cases_path, work = sys.argv[1], sys.argv[2]
variables, cases = [], []
with open(cases_path, encoding="utf-8") as f:
    lines = f.read().split("\n")
i = 0
while i < len(lines):
    line = lines[i]
    if line.startswith("var "):
        name, expr = line[4:].split(" = ", 1)
        variables.append((name, expr))
        i += 1
        continue
    if not line or line.startswith("#"):
        i += 1
        continue
    case = {"line": i + 1, "expr": line, "want": [], "tf": [], "departure": None}
    i += 1
    while i < len(lines) and lines[i]:
        l = lines[i]
        if l.startswith("departure: "):
            case["departure"] = l[len("departure: "):]
        elif l == "tf:" or l.startswith("tf: "):
            case["tf"].append(l[4:])
        else:
            case["want"].append(l)
        i += 1
    cases.append(case)

with open(os.path.join(work, "main.tf"), "w", encoding="utf-8") as f:
    for name, expr in variables:
        f.write('variable "%s" {\n  default = %s\n}\n' % (name, expr))
    f.write('resource "terraform_data" "u" {\n  input = []\n}\n')

env = dict(os.environ, TF_CLI_CONFIG_FILE=os.devnull, TF_IN_AUTOMATION="1",
           CHECKPOINT_DISABLE="1", NO_COLOR="1")
ansi = re.compile(r"\x1b\[[0-9;]*m")


def console(expr):
    p = subprocess.run(["terraform", "console", "-plan"], input=expr + "\n", cwd=work,
                       capture_output=True, text=True, env=env, timeout=120)
    out = ansi.sub("", p.stdout + p.stderr).rstrip("\n")
    return p.returncode, out


def flat(text):
    text = re.sub(r"[│╷╵]", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


bad = departures = errors = 0
for c in cases:
    want = c["tf"] if c["departure"] else c["want"]
    rc, out = console(c["expr"])
    first = want[0] if want else ""
    if first.startswith("error"):
        errors += 1
        strict = first.startswith("error:")
        text = first.split(":", 1)[1].strip() if ":" in first else ""
        ok = "Error:" in out and (not strict or flat(text) in flat(out))
    else:
        ok = rc == 0 and out == "\n".join(want)
    if c["departure"]:
        departures += 1
    if not ok:
        bad += 1
        print("MISMATCH %s:%d: %s" % (os.path.basename(cases_path), c["line"], c["expr"]))
        print("  terraform: " + out.replace("\n", "\n             "))
        print("  expected:  " + "\n             ".join(want))
ver = subprocess.run(["terraform", "version"], capture_output=True, text=True, env=env).stdout
print("%s: %d cases (%d errors, %d known departures) checked against %s; %d mismatches"
      % (os.path.basename(cases_path), len(cases), errors, departures,
         ver.splitlines()[0] if ver else "terraform", bad))
sys.exit(1 if bad else 0)
EOF
exit $status
