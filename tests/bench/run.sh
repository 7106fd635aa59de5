#!/bin/sh
# run.sh: the plan benchmark.  Generates large one-line plans (thousands of
# VPCs, each with an association and subnets linked through configuration
# references), then measures wall time and peak RSS (best of 3) of
#   - the baseline: cJSON parsing the whole plan into one tree, and
#   - cidrlint linting it,
# and prints, per size, time against the baseline and memory against the
# file's size, then how time and memory scale from the smallest size to the
# largest.  Targets (DESIGN.md, issue 13 item 9): time < 0.5x the
# baseline, peak memory < 0.5x the file.  Build with
# -DCMAKE_BUILD_TYPE=Release for figures worth reporting.
#
#   run.sh BUILD_DIR [VPCS...]        (default: 5000 40000)
# Environment: SUBNETS (per VPC, default 2), OTHERS (resources of types no
# rule reads, per VPC, default 0; see gen_plan.py).
set -eu
build=$1
shift
[ $# -gt 0 ] || set -- 5000 40000
subnets=${SUBNETS:-2}
others=${OTHERS:-0}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v /usr/bin/time >/dev/null || { echo "run.sh needs GNU time (Debian package 'time')"; exit 2; }

measure() { # label command...: "label seconds kilobytes", best of 3
	label=$1
	shift
	best_t=
	best_m=
	for i in 1 2 3; do
		/usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
		read -r t m <"$tmp/t"
		if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then
			best_t=$t
		fi
		if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then
			best_m=$m
		fi
	done
	echo "$label $best_t $best_m"
}

: >"$tmp/rows"
for vpcs in "$@"; do
	python3 "$here/gen_plan.py" "$tmp/plan.json" "$vpcs" "$subnets" "$others"
	size=$(stat -c %s "$tmp/plan.json")
	base=$(measure parse "$build/parse-only" "$tmp/plan.json")
	lint=$(measure lint "$build/cidrlint" --fail-on never "$tmp/plan.json")
	echo "$vpcs $size $base $lint" >>"$tmp/rows"
	rm -f "$tmp/plan.json"
done
awk '
	{
		n++; v[n] = $1; s[n] = $2; pt[n] = $4; pm[n] = $5; lt[n] = $7; lm[n] = $8
		mb = $2 / 1048576
		printf "plan: %.1f MB, %d VPCs\n", mb, $1
		printf "  parse-only (cJSON, whole tree): %.2f s, peak %.0f MB (%.2fx the file)\n", $4, $5 / 1024, $5 * 1024 / $2
		printf "  cidrlint:                       %.2f s, peak %.0f MB (%.2fx the file)\n", $7, $8 / 1024, $8 * 1024 / $2
		printf "  time ratio (cidrlint / parse-only): %.2f\n", $7 / $4
		printf "  memory ratio (cidrlint / file):     %.2f\n", $8 * 1024 / $2
	}
	END {
		if (n > 1)
			printf "scaling %d -> %d VPCs (x%.1f): cidrlint time x%.2f, peak memory x%.2f; parse-only time x%.2f\n",
				v[1], v[n], v[n] / v[1], lt[n] / lt[1], lm[n] / lm[1], pt[n] / pt[1]
	}' "$tmp/rows"
