#!/bin/sh
# crosscheck.sh HCL_DUMP HCL2JSON_DIR DIR...: compare.js over every
# Terraform file (.tf, .tf.json, .tfvars, .tfvars.json) under the DIRs.
set -eu
dump=$1
pkg=$2
shift 2
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$@" -type f \( -name '*.tf' -o -name '*.tf.json' -o -name '*.tfvars' -o -name '*.tfvars.json' \) |
	sort >"$list"
"${NODE:-node}" "$(dirname "$0")/compare.js" "$dump" "$pkg" "@$list"
