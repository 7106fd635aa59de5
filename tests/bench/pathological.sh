#!/bin/sh
# pathological.sh: the pairwise rules on their worst inputs.  For each kind
# of gen_pathological.py (N VPCs with one and the same block, N copies of
# one subnet, N copies of one secondary block, N routes of one table to
# one destination, N different blocks with a subnet each) and each size, it measures the whole cidrlint run
# beside a cJSON parse of the same template (best of 3, wall time and peak
# memory) and counts the findings.  A rule that compares every pair shows
# as a time ratio that grows with N (half a million findings at N = 1,000
# before the sweep of policies/rules.c); near-linear rules keep the ratio
# and the memory flat from one size to the next.
#
#   pathological.sh BUILD_DIR [N...]     (default: 1000 10000)
# Build with -DCMAKE_BUILD_TYPE=Release for figures worth reporting, and
# `cmake --build BUILD_DIR --target parse-only` first.
set -eu
build=$(cd "$1" && pwd)
shift
[ $# -gt 0 ] || set -- 1000 10000
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v /usr/bin/time >/dev/null || { echo "pathological.sh needs GNU time (Debian package 'time')"; exit 2; }
[ -x "$build/parse-only" ] || { echo "pathological.sh: build parse-only first (cmake --build $build --target parse-only)"; exit 2; }

best() { # command...: "seconds kilobytes", best of 3 (wall time to the ms)
	bt=
	bm=
	for i in 1 2 3; do
		t0=$(date +%s%N)
		/usr/bin/time -f "%M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		t=$(awk "BEGIN{print ($t1 - $t0) / 1e9}")
		read -r m <"$tmp/t"
		if [ -z "$bt" ] || awk "BEGIN{exit !($t < $bt)}"; then bt=$t; fi
		if [ -z "$bm" ] || [ "$m" -lt "$bm" ]; then bm=$m; fi
	done
	echo "$bt $bm"
}

printf '%-8s %7s %9s %8s %8s %8s %8s %7s %9s\n' kind N bytes parse_s lint_s "x parse" lint_MB "x file" findings
for kind in vpcs subnets assocs routes distinct; do
	for n in "$@"; do
		python3 "$here/gen_pathological.py" "$kind" "$n" "$tmp/t.json"
		size=$(stat -c %s "$tmp/t.json")
		p=$(best "$build/parse-only" "$tmp/t.json")
		l=$(best "$build/cidrlint" --fail-on never "$tmp/t.json")
		found=$("$build/cidrlint" -f json --fail-on never "$tmp/t.json" |
			python3 -c 'import json, sys; print(len(json.load(sys.stdin)["findings"]))')
		echo "$kind $n $size $p $l $found" | awk '{
			printf "%-8s %7d %9d %8.3f %8.3f %8.1f %8.1f %7.1f %9d\n", $1, $2, $3, $4, $6,
				$6 / $4, $7 / 1024, $7 * 1024 / $3, $8
		}'
	done
done
echo "(times are of whole processes, start-up included; x file: peak memory over the template's size)"
