#!/bin/sh
# run.sh: the plan benchmark.  Generates a large one-line plan (tens of
# thousands of VPCs, each with an association and subnets linked through
# configuration references), then measures wall time and peak RSS of
#   - the baseline: cJSON parsing the whole plan into one tree, and
#   - cidrlint linting it,
# and prints both as ratios: time against the baseline, memory against the
# file's size.  Targets (DESIGN.md): time <= 1.0x the baseline, memory
# <= 1.5x the file.
#
#   run.sh BUILD_DIR [VPCS] [SUBNETS_PER_VPC]
set -eu
build=$1
vpcs=${2:-25000}
subnets=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v /usr/bin/time >/dev/null || { echo "run.sh needs GNU time (Debian package 'time')"; exit 2; }
python3 "$here/gen_plan.py" "$tmp/plan.json" "$vpcs" "$subnets"
size=$(stat -c %s "$tmp/plan.json")

measure() { # label command...
	label=$1
	shift
	best_t=
	best_m=
	for i in 1 2 3; do
		/usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
		read -r t m <"$tmp/t"
		if [ -z "$best_t" ] || [ "$(echo "$t < $best_t" | bc -l 2>/dev/null || awk "BEGIN{print ($t < $best_t)}")" = 1 ]; then
			best_t=$t
		fi
		if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then
			best_m=$m
		fi
	done
	echo "$label $best_t $best_m"
}

base=$(measure parse "$build/parse-only" "$tmp/plan.json")
lint=$(measure lint "$build/cidrlint" --fail-on never "$tmp/plan.json")
echo "$base
$lint" | awk -v size="$size" -v vpcs="$vpcs" '
	{ t[$1] = $2; m[$1] = $3 }
	END {
		mb = size / 1048576
		printf "plan: %.1f MB, %d VPCs\n", mb, vpcs
		printf "parse-only (cJSON, whole tree): %.2f s, peak %.0f MB (%.2fx the file)\n", t["parse"], m["parse"] / 1024, m["parse"] * 1024 / size
		printf "cidrlint:                       %.2f s, peak %.0f MB (%.2fx the file)\n", t["lint"], m["lint"] / 1024, m["lint"] * 1024 / size
		printf "time ratio (cidrlint / parse-only): %.2f\n", t["lint"] / t["parse"]
		printf "memory ratio (cidrlint / file):     %.2f\n", m["lint"] * 1024 / size
	}'
