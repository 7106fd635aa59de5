#!/bin/sh
# source-vs-plan.sh: the same overlaps from a configuration's .tf source as
# from the plan of it.  For every case under fixtures/tf/ and fixtures/tfmod/
# that has both a main.tf and a plan.json (with modules or without), lint
# the source alone and the plan alone (read with its source, as a run that
# has both does), and compare the overlaps (CIDR301 vpc-overlap, CIDR107
# same-vpc-overlap, CIDR306 subnet-overlap) as the pairs of blocks they
# name (the finding's CIDR and its other side's): the two must find the
# same pairs.  (A plan reports an overlap once, on the side it changes, and
# names the association that adds a block where a configuration names the
# VPC; a configuration has no side that exists already, so it reports
# both: the pairs of blocks are what must agree.)
#   source-vs-plan.sh CIDRLINT FIXTURES_DIR
set -u
bin=$1
fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for d in "$fixtures"/tf/*/ "$fixtures"/tfmod/*/; do
	[ -f "$d/main.tf" ] && [ -f "$d/plan.json" ] || continue
	n=$((n + 1))
	for what in main.tf plan.json; do
		(cd "$d" && "$bin" -f json --fail-on never "$what" 2>/dev/null) |
			python3 -c '
import json, sys
doc = json.load(sys.stdin)
pairs = set()
for f in doc["findings"]:
    if f["rule"] in ("CIDR301", "CIDR107", "CIDR306"):
        other = [r["cidr"] for r in f["related"] if r.get("cidr")]
        pairs.add((f["rule"],) + tuple(sorted([f["cidr"]] + other[:1])))
for p in sorted(pairs):
    print(*p)' >"$tmp/$what"
	done
	if ! diff -u "$tmp/plan.json" "$tmp/main.tf" >"$tmp/diff"; then
		echo "FAIL $(basename "$d"): the source and the plan give different overlaps (- plan, + source)"
		cat "$tmp/diff"
		fail=1
	else
		echo "ok $(basename "$d"): $(wc -l <"$tmp/main.tf") overlapping pairs in both"
	fi
done
[ $n -gt 0 ] || { echo "FAIL: no case has both a main.tf and a plan.json"; fail=1; }
exit $fail
