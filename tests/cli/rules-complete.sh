#!/bin/sh
# rules-complete.sh: every rule of the catalogue is complete: `explain`
# prints its help page with every section, and it has a golden case that
# fires (its id is in the expected output) and one that passes (its id is
# not).  These are fixtures/rules/ID-fires and ID-passes; a rule that
# cannot fire from a template alone may fire in any other golden case
# under fixtures/ instead.  Every list made from the registry
# (policies/rules.def) holds the rule too: the README's rule table (id,
# name, default level), the man page's RULES list, the address plan's
# JSON Schema (ids, names and the id pattern of 'rules'), and SARIF's rules[] (tags, precision).
# Adding a rule without these fails here.
#   rules-complete.sh CIDRLINT FIXTURES_DIR [REPO_DIR]
set -u
bin=$1
fixtures=$2
repo=${3:-$fixtures/..}
fail=0
count=0
empty=$(mktemp -d) || exit 1
trap 'rm -rf "$empty"' EXIT
sarif=$("$bin" -f sarif "$empty")
for id in $("$bin" --list-rules | awk '{print $1}'); do
	count=$((count + 1))
	help=$("$bin" explain "$id") || { echo "FAIL $id: explain failed"; fail=1; continue; }
	for section in "# $id " "## What happened" "## Why it is dangerous" "## How to fix it" \
		"### In the template or plan" "### With the AWS CLI" "### In the console"; do
		case "$help" in
		*"$section"*) ;;
		*) echo "FAIL $id: the help page has no '$section'"; fail=1 ;;
		esac
	done
	name=$("$bin" --list-rules | awk -v id="$id" '$1 == id {print $3}')
	level=$("$bin" --list-rules | awk -v id="$id" '$1 == id {print $2}')
	grep -q "^| $id | $name | $level | " "$repo/README.md" ||
		{ echo "FAIL $id: README.md's rule table has no row '| $id | $name | $level |'"; fail=1; }
	grep -q "^\.It $id Cm $name\$" "$repo/linter/cidrlint.1" ||
		{ echo "FAIL $id: the man page's RULES list has no '.It $id Cm $name'"; fail=1; }
	grep '"pattern": "^\[Cc\]\[Ii\]\[Dd\]\[Rr\]' "$repo/parsers/cidrlint-plan.schema.json" |
		grep -q "[(:|]${id#CIDR}[|)]" ||
		{ echo "FAIL $id: parsers/cidrlint-plan.schema.json's rule-id pattern has no ${id#CIDR}"; fail=1; }
	for word in "$id" "$name"; do
		grep -q "^ *\"$word\",\{0,1\}\$" "$repo/parsers/cidrlint-plan.schema.json" ||
			{ echo "FAIL $id: parsers/cidrlint-plan.schema.json's rule enum has no \"$word\""; fail=1; }
	done
	if command -v python3 >/dev/null; then
		printf '%s' "$sarif" | python3 -c '
import json, sys
rid = sys.argv[1]
rules = json.load(sys.stdin)["runs"][0]["tool"]["driver"]["rules"]
r = [r for r in rules if r["id"] == rid]
ok = r and r[0]["properties"].get("tags") and r[0]["properties"].get("precision") in ("very-high", "high", "medium", "low")
sys.exit(0 if ok else 1)' "$id" ||
			{ echo "FAIL $id: SARIF has no rule $id with tags and a precision"; fail=1; }
	fi
	for kind in fires passes; do
		case_dir="$fixtures/rules/$id-$kind"
		if [ $kind = fires ] && [ ! -d "$case_dir" ]; then
			elsewhere=$(grep -rl "\\[$id " "$fixtures" --include=expected.txt | sort | head -n 1)
			[ -n "$elsewhere" ] && continue
		fi
		if [ ! -f "$case_dir/cmd" ] || [ ! -f "$case_dir/expected.txt" ]; then
			echo "FAIL $id: no golden case $case_dir"
			fail=1
			continue
		fi
		if grep -q "\\[$id " "$case_dir/expected.txt"; then
			[ $kind = passes ] && { echo "FAIL $id: $case_dir reports $id"; fail=1; }
		else
			[ $kind = fires ] && { echo "FAIL $id: $case_dir does not report $id"; fail=1; }
		fi
	done
done
[ $count = 0 ] && { echo "FAIL: no rules listed"; exit 1; }
[ $fail = 0 ] && echo "ok: $count rules, each with help, a firing and a passing case"
exit $fail
