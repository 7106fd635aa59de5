#!/bin/sh
# run-fixture.sh: run one golden case and compare with its expected output.
#
#   run-fixture.sh CIDRLINT CASE_DIR [--update]
#
# A case directory holds its inputs, a file 'cmd' with the arguments (run
# from inside the case directory), and what the run must produce:
#   expected.txt    standard output with the default text format
#   expected.err    standard error (optional; empty when absent)
#   expected.exit   the exit status
#   expected.json   standard output of the same arguments plus '-f json' (optional)
# A case may also hold 'cwd': a directory (relative to the case) to run in,
# for cases over the shared corpus; when it does not exist the case is
# skipped with status 77.
# --update rewrites the expected files from what the program prints.  Only
# use it to see a difference; every expected file is checked by hand before
# it is committed (see tests/README.md).
set -u
bin=$1
case_dir=$2
update=${3:-}
name=$(basename "$case_dir")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

cd "$case_dir" || exit 2
case_abs=$(pwd)
args=$(cat cmd)
if [ -f cwd ]; then
	run_dir=$(cat cwd)
	if [ ! -d "$run_dir" ]; then
		echo "skipped $name: $run_dir is not here"
		exit 77
	fi
	cd "$run_dir" || exit 2
fi

# shellcheck disable=SC2086
"$bin" $args >"$tmp/out" 2>"$tmp/err"
echo $? >"$tmp/exit"

check() { # expected-file actual-file
	if [ "$update" = --update ]; then
		cp "$2" "$case_abs/$1"
		return
	fi
	want=$case_abs/$1
	[ -f "$want" ] || want=/dev/null
	if ! diff -u "$want" "$2" >"$tmp/diff"; then
		echo "FAIL $name: $1 differs"
		cat "$tmp/diff"
		fail=1
	fi
}

check expected.txt "$tmp/out"
check expected.exit "$tmp/exit"
if [ -s "$tmp/err" ] || [ -f "$case_abs/expected.err" ]; then
	check expected.err "$tmp/err"
fi
if [ -f "$case_abs/expected.json" ]; then
	# shellcheck disable=SC2086
	"$bin" $args -f json >"$tmp/json" 2>/dev/null
	check expected.json "$tmp/json"
fi
[ $fail = 0 ] && echo "ok $name"
exit $fail
