#!/bin/sh
# seed.sh: lay out the seed corpus of every fuzz harness, from the fixtures
# (and the shared corpus where it is beside the clone), one directory per
# harness under DIR.  Used by .ci/run and for long runs by hand:
#
#   seed.sh DIR [CIDRLINT]
#
# With CIDRLINT, a real baseline is written from fixtures/example as a
# seed of the baseline harness.
set -eu
cd "$(dirname "$0")/../.."
dir=$1
bin=${2:-}
for h in template plan inventory addrplan baseline tfsource readers hcl tfeval emitters cfnparams; do
	mkdir -p "$dir/$h"
done
name() { echo "$1" | tr / _; }
find fixtures -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.template' \) | while read -r f; do
	cp "$f" "$dir/template/$(name "$f")"
	cp "$f" "$dir/readers/$(name "$f")"
done
find fixtures -type f \( -name '*.json' -o -name '*.tfstate' \) | while read -r f; do
	cp "$f" "$dir/template/$(name "$f")"
	cp "$f" "$dir/plan/$(name "$f")"
	cp "$f" "$dir/readers/$(name "$f")"
	# the inventory harness's first byte picks the reader
	m='\000'
	grep -q '"IpamResourceCidrs"' "$f" && m='\003'
	grep -q -e '"Records"' -e '"CloudTrailEvent"' -e '"detail-type"' "$f" && m='\002'
	# shellcheck disable=SC2059
	printf "$m" | cat - "$f" >"$dir/inventory/$(name "$f")"
done
# gzipped CloudTrail logs: 0x82 inflates, then reads CloudTrail
find fixtures -type f -name '*.json.gz' | while read -r f; do
	printf '\202' | cat - "$f" >"$dir/inventory/$(name "$f")"
done
find fixtures -type f \( -name 'plan.yaml' -o -name '.cidrlint.yaml' -o -path '*/ipam*/*.json' \) | while read -r f; do
	cp "$f" "$dir/addrplan/$(name "$f")"
done
find fixtures -type f -name 'baseline*.json' | while read -r f; do
	cp "$f" "$dir/baseline/$(name "$f")"
done
find fixtures -type f -name '*.json' -path '*param*' | while read -r f; do
	cp "$f" "$dir/cfnparams/$(name "$f")"
done
find fixtures -type f -name '*.tf' | while read -r f; do
	cp "$f" "$dir/tfsource/$(name "$f")"
done
# fuzz-hcl reads its first byte as the reader to use: 0 native, 1 JSON
# configuration, 2 JSON variables
hcl_seeds() {
	find "$@" -type f \( -name '*.tf' -o -name '*.tf.json' -o -name '*.tfvars' -o -name '*.tfvars.json' \) |
		while read -r f; do
			case "$f" in
			*.tfvars.json) m='\002' ;;
			*.json) m='\001' ;;
			*) m='\000' ;;
			esac
			# shellcheck disable=SC2059
			printf "$m" | cat - "$f" >"$dir/hcl/$(name "$f")"
		done
}
hcl_seeds tests/hcl/cases
# fuzz-tfeval: one expression a file, those of the evaluator's cases
awk -v dir="$dir/tfeval" '/^#|^var / && !e {next} /^$/ {e = 0; next}
	!e {n++; f = sprintf("%s/case%04d", dir, n); printf "%s", $0 > f; close(f); e = 1}' \
	tests/unit/tfeval-cases.txt
if [ -n "$bin" ]; then
	"$bin" --write-baseline "$dir/baseline/example.json" fixtures/example >/dev/null 2>&1 || true
fi
if [ -d ../shared/corpus ]; then
	cp ../shared/corpus/cfn/* "$dir/template/" 2>/dev/null || true
	cp ../shared/corpus/tfplan/* "$dir/plan/" 2>/dev/null || true
	hcl_seeds ../shared/corpus/tfsrc
fi
for h in template plan inventory addrplan baseline tfsource readers hcl tfeval emitters cfnparams; do
	cp fixtures/fuzz-regressions/$h/* "$dir/$h/" 2>/dev/null || true
done
