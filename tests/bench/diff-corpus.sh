#!/bin/sh
# diff-corpus.sh: the same JSON report from two cidrlint builds on every
# file of a corpus directory (each file linted alone, -f json, no address
# plan), for changes that must not change what is reported.
#
#   diff-corpus.sh OLD_CIDRLINT NEW_CIDRLINT DIR...
# Prints "N files, D diffs" and the diff of each file that differs; exits
# 1 when there is a difference.
set -u
old=$1
new=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
d=0
for dir in "$@"; do
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		"$old" -f json --fail-on never "$f" >"$tmp/old" 2>"$tmp/old.err"
		echo "exit $?" >>"$tmp/old"
		"$new" -f json --fail-on never "$f" >"$tmp/new" 2>"$tmp/new.err"
		echo "exit $?" >>"$tmp/new"
		cat "$tmp/old.err" >>"$tmp/old"
		cat "$tmp/new.err" >>"$tmp/new"
		if ! cmp -s "$tmp/old" "$tmp/new"; then
			d=$((d + 1))
			echo "--- $f"
			diff "$tmp/old" "$tmp/new" | head -20
		fi
	done
done
echo "$n files, $d diffs"
[ "$d" -eq 0 ]
