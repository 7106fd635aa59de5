#!/bin/sh
# addrplan.sh: time the address-plan reader over plans of many segments
# (a benchmark, not a test: timings depend on the machine).
#
#   addrplan.sh CIDRLINT [SEGMENTS...]     (default 5000 10000 40000 100000)
#
# Prints, per plan, the wall time and peak RSS of `cidrlint -p plan.yaml`
# over an empty directory, and the exit status (0: the plan was accepted).
# Each segment has a name match; MATCH=0 in the environment leaves it out
# (fewer YAML nodes per segment).
set -eu
bin=$1
shift
[ $# -gt 0 ] || set -- 5000 10000 40000 100000
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v /usr/bin/time >/dev/null || { echo "addrplan.sh needs GNU time (Debian package 'time')"; exit 2; }
mkdir "$tmp/empty"
printf '%10s %10s %10s %6s\n' segments seconds peak_kb exit
for n in "$@"; do
	python3 "$here/gen_addrplan.py" "$tmp/plan.yaml" "$n" 0 "${MATCH:-1}"
	rc=0
	/usr/bin/time -f "%e %M" -o "$tmp/t" "$bin" -p "$tmp/plan.yaml" "$tmp/empty" \
		>/dev/null 2>"$tmp/err" || rc=$?
	read -r secs kb <<EOT
$(tail -1 "$tmp/t")
EOT
	printf '%10s %10s %10s %6s\n' "$n" "$secs" "$kb" "$rc"
	[ "$rc" = 0 ] || head -2 "$tmp/err" | sed 's/^/    /'
done
