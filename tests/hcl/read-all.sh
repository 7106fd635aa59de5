#!/bin/sh
# read-all.sh HCL_DUMP DIR: every Terraform file under DIR (.tf, .tf.json,
# .tfvars, .tfvars.json) is read with no error, no crash and no hang (CTest
# bounds the time).  77 (skipped) when DIR is not there.
set -eu
dump=$1
dir=$2
[ -d "$dir" ] || { echo "no $dir: skipped"; exit 77; }
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$dir" -type f \( -name '*.tf' -o -name '*.tf.json' -o -name '*.tfvars' -o -name '*.tfvars.json' \) |
	sort >"$list"
n=$(wc -l <"$list")
[ "$n" -gt 0 ] || { echo "no Terraform files under $dir"; exit 1; }
"$dump" --check "@$list"
echo "read $n files with no error"
