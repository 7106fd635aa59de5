#!/bin/sh
# run-tf.sh: the Terraform source benchmark.  Generates a monorepo of
# FILES .tf files (default 1,000) with RESOURCES instances (default 10,000:
# VPCs, associations and subnets, with variables, locals, cidrsubnet,
# for_each and count; see gen_tf.py), then measures the whole cidrlint run
# beside the time to read the same bytes (cat), and its peak memory beside
# the size of the source.  Targets (issue "Terraform source I"): the run
# under 0.5 s on one core, peak memory within 10x the source.
#
#   run-tf.sh BUILD_DIR [FILES] [RESOURCES]
set -eu
build=$(cd "$1" && pwd)
files=${2:-1000}
resources=${3:-10000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v /usr/bin/time >/dev/null || { echo "run-tf.sh needs GNU time (Debian package 'time')"; exit 2; }
python3 "$here/gen_tf.py" "$tmp/tree" "$files" "$resources" >/dev/null
size=$(find "$tmp/tree" -name '*.tf' -exec cat {} + | wc -c)

best() { # label command...: the best of 5 runs, one core (taskset when there)
	label=$1
	shift
	pin=
	command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
	bt=
	bm=
	for i in 1 2 3 4 5; do
		/usr/bin/time -f "%e %M" -o "$tmp/t" $pin "$@" >/dev/null 2>&1 || true
		read -r t m <<EOT
$(tail -n 1 "$tmp/t")
EOT
		if [ -z "$bt" ] || awk "BEGIN{exit !($t < $bt)}"; then bt=$t; fi
		if [ -z "$bm" ] || [ "$m" -lt "$bm" ]; then bm=$m; fi
	done
	echo "$label $bt $bm"
}

cd "$tmp/tree"
read_line=$(best read sh -c 'find . -name "*.tf" -exec cat {} + >/dev/null')
lint_line=$(best lint "$build/cidrlint" --fail-on never .)
echo "$read_line
$lint_line" | awk -v size="$size" -v files="$files" -v res="$resources" '
	{ t[$1] = $2; m[$1] = $3 }
	END {
		printf "source: %d .tf files, %.2f MB, %d resource instances\n", files, size / 1048576, res
		printf "reading the bytes (cat):  %.3f s\n", t["read"]
		printf "cidrlint, the whole run:  %.3f s, peak %.1f MB (%.1fx the source)\n", t["lint"], m["lint"] / 1024, m["lint"] * 1024 / size
		printf "time target: under 0.5 s: %s; memory target: within 10x: %s\n", t["lint"] < 0.5 ? "met" : "NOT met", m["lint"] * 1024 / size <= 10 ? "met" : "NOT met"
	}'
