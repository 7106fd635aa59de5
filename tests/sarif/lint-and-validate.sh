#!/bin/sh
# lint-and-validate.sh: run cidrlint on a fixture case with -f sarif and
# validate what it prints with validate.py (schema and GitHub's rules).
#
#   lint-and-validate.sh CIDRLINT SCHEMA CASE_DIR
#
# The arguments are the case's 'cmd' file, plus '-f sarif' unless it asks
# for SARIF already; a case that asks for another format is skipped (CMake
# does not register those).  Any exit status of cidrlint is fine here
# (findings, input and plan errors all belong in the SARIF); an empty
# output is not.  Exits as validate.py does, 77 (skipped) included.
set -u
bin=$1
schema=$2
case_dir=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

here=$(cd "$(dirname "$0")" && pwd)
cd "$case_dir" || exit 2
args=$(cat cmd)
case " $args " in
*" -f sarif "*) ;;
*" -f "* | *" --format "*)
	echo "skipped: $case_dir asks for another format"
	exit 77
	;;
*) args="$args -f sarif" ;;
esac
# shellcheck disable=SC2086
"$bin" $args >"$tmp/out.sarif" 2>"$tmp/err"
if [ ! -s "$tmp/out.sarif" ]; then
	echo "FAIL $case_dir: cidrlint $args printed no SARIF"
	cat "$tmp/err"
	exit 1
fi
python3 "$here/validate.py" "$schema" "$tmp/out.sarif"
