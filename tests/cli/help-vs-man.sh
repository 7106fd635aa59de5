#!/bin/sh
# help-vs-man.sh: every option in `cidrlint --help` is in the man page, and
# every option in the man page is in --help (one doc per option, checked
# rather than generated); and the man page is mandoc -T lint clean where
# mandoc is installed.
#   help-vs-man.sh CIDRLINT MANPAGE
set -u
bin=$1
man=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/help"
# mdoc writes long options as ".Fl -name" (and "Fl -name" inside a line)
grep -o 'Fl -[a-z][a-z-]*' "$man" | sed 's/^Fl -/--/' | sort -u >"$tmp/man"
fail=0
if ! diff -u "$tmp/help" "$tmp/man" >"$tmp/diff"; then
	echo "FAIL: --help and the man page list different options (- help only, + man only):"
	cat "$tmp/diff"
	fail=1
else
	echo "ok: $(wc -l <"$tmp/help") options in both"
fi
if command -v mandoc >/dev/null 2>&1; then
	if mandoc -T lint -W warning "$man" >"$tmp/lint" 2>&1; then
		echo "ok: mandoc -T lint clean"
	else
		echo "FAIL: mandoc -T lint:"
		cat "$tmp/lint"
		fail=1
	fi
else
	echo "(mandoc not installed: lint skipped)"
fi
exit $fail
