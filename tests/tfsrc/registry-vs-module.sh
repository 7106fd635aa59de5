#!/bin/sh
# registry-vs-module.sh: the registry VPC module read from its documented
# inputs (parsers/terraform/tfregistry.c) gives the same resources and the
# same CIDRs as the real module's source.  Each case is linted as it is
# (the module not downloaded) and again with its source pointing at the
# copy of terraform-aws-modules/vpc in the shared corpus; the facts
# (addresses, links, CIDRs; not places) must agree.  The emulation gives
# address space only: the real module's connectivity links (route tables,
# routes, VPN gateways) are left out of the comparison.
#   registry-vs-module.sh CIDRLINT CORPUS CASE_DIR...
# Exit 77 (skipped) without the corpus.
set -u
bin=$1
corpus=$2
shift 2
real="$corpus/tfsrc/terraform-aws-modules__terraform-aws-vpc"
[ -f "$real/main.tf" ] || { echo "skipped: no $real"; exit 77; }
real=$(cd "$real" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# what a fact says, without where it is written
facts() {
	"$bin" -f facts "$1" 2>/dev/null | sed -e 's/^ *[^ ]*:[0-9]*:[0-9]*: //' -e 's/^[^ ]*: Terraform configuration$//' |
		grep -v -E "^(peering|transit gateway|VPN|customer gateway|route) " | sort
}
for case in "$@"; do
	name=$(basename "$case")
	mkdir -p "$tmp/$name"
	rel=$(python3 -c 'import os, sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$real" "$tmp/$name")
	sed -e "s|\"terraform-aws-modules/vpc/aws\"|\"$rel\"|" -e '/^ *version *=/d' "$case/main.tf" >"$tmp/$name/main.tf"
	facts "$case" >"$tmp/emulated"
	facts "$tmp/$name" >"$tmp/real"
	if ! diff -u "$tmp/real" "$tmp/emulated" >"$tmp/diff"; then
		echo "FAIL $name: the emulated module and the real one differ (- real, + emulated)"
		cat "$tmp/diff"
		fail=1
	else
		echo "ok $name: $(grep -c . "$tmp/real") facts agree"
	fi
done
exit $fail
