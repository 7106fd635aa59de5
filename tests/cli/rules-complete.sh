#!/bin/sh
# rules-complete.sh: every rule of the catalogue is complete: `explain`
# prints its help page with every section, and it has a golden case that
# fires (its id is in the expected output) and one that passes (its id is
# not).  These are fixtures/rules/ID-fires and ID-passes; a rule that
# cannot fire from a template alone may fire in any other golden case
# under fixtures/ instead.  Adding a rule without these fails here.
#   rules-complete.sh CIDRLINT FIXTURES_DIR
set -u
bin=$1
fixtures=$2
fail=0
count=0
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
