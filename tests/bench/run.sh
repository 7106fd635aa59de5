#!/bin/sh
# run.sh: the plan benchmark.  Generates large one-line plans (thousands of
# VPCs, each with an association and subnets linked through configuration
# references), then measures wall time and peak RSS (best of 3) of
#   - the baseline: cJSON parsing the whole plan into one tree, and
#   - cidrlint linting it,
# and prints, per size, time against the baseline and memory against the
# file's size, then a table of how time and memory scale from the smallest
# size to each larger one.  Targets (DESIGN.md, issue 13 item 9): time <
# 0.5x the baseline, peak memory < 0.5x the file.  Wall time is the target's
# measure; CPU time (user + system, best of 3) is printed beside it, as on
# a machine shared with other jobs it varies less.  Build with
# -DCMAKE_BUILD_TYPE=Release for figures worth reporting.
#
#   run.sh BUILD_DIR [VPCS...]        (default: 5000 10000 20000 40000)
# Environment: SUBNETS (per VPC, default 2), OTHERS (resources of types no
# rule reads, per VPC, default 0; see gen_plan.py).
set -eu
build=$1
shift
[ $# -gt 0 ] || set -- 5000 10000 20000 40000
subnets=${SUBNETS:-2}
others=${OTHERS:-0}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v /usr/bin/time >/dev/null || { echo "run.sh needs GNU time (Debian package 'time')"; exit 2; }

measure() { # label command...: "label seconds kilobytes cpu-seconds", best of 3
	label=$1
	shift
	best_t=
	best_m=
	best_c=
	for i in 1 2 3; do
		/usr/bin/time -f "%e %M %U %S" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
		read -r t m u s <"$tmp/t"
		c=$(awk "BEGIN{print $u + $s}")
		if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then
			best_t=$t
		fi
		if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then
			best_m=$m
		fi
		if [ -z "$best_c" ] || awk "BEGIN{exit !($c < $best_c)}"; then
			best_c=$c
		fi
	done
	echo "$label $best_t $best_m $best_c"
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
# a row: VPCS SIZE parse T M CPU lint T M CPU
awk '
	{
		n++; v[n] = $1; s[n] = $2; pt[n] = $4; pm[n] = $5; pc[n] = $6; lt[n] = $8; lm[n] = $9; lc[n] = $10
		mb = $2 / 1048576
		printf "plan: %.1f MB, %d VPCs\n", mb, $1
		printf "  parse-only (cJSON, whole tree): %.2f s (cpu %.2f s), peak %.0f MB (%.2fx the file)\n", $4, $6, $5 / 1024, $5 * 1024 / $2
		printf "  cidrlint:                       %.2f s (cpu %.2f s), peak %.0f MB (%.2fx the file)\n", $8, $10, $9 / 1024, $9 * 1024 / $2
		printf "  time ratio (cidrlint / parse-only): %.2f (cpu %.2f)\n", $8 / $4, $10 / $6
		printf "  memory ratio (cidrlint / file):     %.2f\n", $9 * 1024 / $2
	}
	END {
		if (n < 2)
			exit
		printf "scaling from %d VPCs:\n", v[1]
		printf "  %8s %8s %8s %10s %10s %10s\n", "VPCs", "x VPCs", "x file", "x time", "x cpu", "x memory"
		for (i = 1; i <= n; i++)
			printf "  %8d %8.1f %8.2f %10.2f %10.2f %10.2f\n", v[i], v[i] / v[1], s[i] / s[1],
				lt[i] / lt[1], lc[i] / lc[1], lm[i] / lm[1]
	}' "$tmp/rows"
