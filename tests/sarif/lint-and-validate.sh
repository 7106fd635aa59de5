#!/bin/sh
# lint-and-validate.sh: run cidrlint on a golden case with -f sarif and
# read what it writes the way GitHub code scanning does (ghcheck.py), or
# check it against the OASIS schema (validate.py).
#
#   lint-and-validate.sh CIDRLINT CASE_DIR ghcheck
#   lint-and-validate.sh CIDRLINT CASE_DIR schema SCHEMA
#
# The arguments are the case's 'cmd' file, plus '-f sarif' unless it asks
# for SARIF already (a case that asks for another format is not
# registered).  For a case whose expected output is SARIF (fixtures/sarif),
# it is that output that is checked.  ghcheck is told what the case asked
# for: the category (--sarif-category, else none at all), whether
# suppressed results may be written (--sarif-suppressed), and the root its
# URIs are relative to (--repo-root, else the git top level as cidrlint
# finds it, else the case directory).  Any exit status of cidrlint is
# fine here (findings, input and plan errors all belong in the SARIF); an
# empty output is not.
#
# With CIDRLINT_SARIF_KEEP set to a directory, the SARIF is also copied
# there, so that .ci/run can hand every SARIF of the suite to Microsoft's
# SARIF multitool.
set -u
bin=$1
case_dir=$2
mode=$3
schema=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$case_dir" || exit 2
args=$(cat cmd)
case " $args " in
*" -f sarif "*) ;;
*) args="$args -f sarif" ;;
esac
[ -f cwd ] && { cd "$(cat cwd)" || exit 2; }
# shellcheck disable=SC2086
"$bin" $args >"$tmp/out.sarif" 2>"$tmp/err"
if [ ! -s "$tmp/out.sarif" ]; then
	echo "FAIL $case_dir: cidrlint $args printed no SARIF"
	cat "$tmp/err"
	exit 1
fi

if [ -n "${CIDRLINT_SARIF_KEEP:-}" ]; then
	mkdir -p "$CIDRLINT_SARIF_KEEP"
	cp "$tmp/out.sarif" "$CIDRLINT_SARIF_KEEP/$(echo "$case_dir" | sed 's|.*/fixtures/||; s|/|__|g').sarif"
fi

if [ "$mode" = schema ]; then
	exec python3 "$here/validate.py" "$schema" "$tmp/out.sarif"
fi

# what the case asked for, read off its arguments
set -- $args
opts=--no-category
supp=--no-suppressed
root=
while [ $# -gt 0 ]; do
	case $1 in
	--sarif-category) opts="--category $2"; shift ;;
	--sarif-category=*) opts="--category ${1#*=}" ;;
	--sarif-suppressed) supp=--suppressed ;;
	--repo-root) root=$2; shift ;;
	--repo-root=*) root=${1#*=} ;;
	esac
	shift
done
if [ -z "$root" ]; then
	root=$(git rev-parse --show-toplevel 2>/dev/null) || root=.
fi
# shellcheck disable=SC2086
exec python3 "$here/ghcheck.py" --root "$root" $opts $supp "$tmp/out.sarif"
