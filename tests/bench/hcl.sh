#!/bin/sh
# hcl.sh: the speed of the HCL reader alone (parsers/terraform): a large
# generated configuration (RESOURCES resources, native and JSON syntax),
# read 5 times by hcl-dump --time, which prints MB/s.
#
#   hcl.sh BUILD_DIR [RESOURCES]
set -eu
build=$1
n=${2:-10000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen_hcl.py" "$tmp/big.tf" "$n"
python3 "$here/gen_hcl.py" "$tmp/big.tf.json" "$n" --json
"$build/hcl-dump" --check "$tmp/big.tf" "$tmp/big.tf.json"
"$build/hcl-dump" --time 5 "$tmp/big.tf" "$tmp/big.tf.json" | sed "s|$tmp/||"
