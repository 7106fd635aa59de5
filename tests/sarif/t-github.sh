#!/bin/sh
# t-github.sh: what GitHub code scanning does with the SARIF of a whole
# workflow (issue 14), checked with ghcheck.py on runs made here:
#  - without --sarif-category there is no automationDetails, so the upload
#    step's category: applies; two categories of one workflow are two ids;
#    an empty category is a usage error;
#  - a baseline named by an absolute path is named relative to the
#    repository in the suppressions' justification (and in JSON);
#  - an input outside the repository gets an absolute file:// URI and a
#    notification, never '../';
#  - a run whose only input cannot be read is marked failed.
#   t-github.sh CIDRLINT SOURCE_DIR
set -u
bin=$1
src=$(cd "$2" && pwd)
check="python3 $src/tests/sarif/ghcheck.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/repo/stacks" "$tmp/elsewhere"
tmp=$(cd "$tmp" && pwd -P)
cd "$tmp/repo" || exit 2
fail=0
n=0

. "$src/tests/cli/lib.sh"

ok() { # DESCRIPTION COMMAND...
	n=$((n + 1))
	what=$1
	shift
	if ! "$@" >"$tmp/out" 2>&1; then
		echo "FAIL $n: $what"
		sed 's/^/  /' "$tmp/out" | head -20
		fail=1
	fi
}
keep() { # copy a SARIF for .ci/run's multitool step
	[ -n "${CIDRLINT_SARIF_KEEP:-}" ] && mkdir -p "$CIDRLINT_SARIF_KEEP" &&
		cp "$1" "$CIDRLINT_SARIF_KEEP/t-github-$(basename "$1")"
	return 0
}

overlap_template stacks/net.yaml
cp stacks/net.yaml "$tmp/elsewhere/other.yaml"

# categories
"$bin" --repo-root . -f sarif -o none.sarif stacks
ok "no category asked for: none written" $check --root . --no-category none.sarif
"$bin" --repo-root . -f sarif -o a.sarif --sarif-category cidrlint/stacks stacks
"$bin" --repo-root . -f sarif -o b.sarif --sarif-category cidrlint/plans/ stacks
ok "category cidrlint/stacks" $check --root . --category cidrlint/stacks a.sarif
ok "category cidrlint/plans" $check --root . --category cidrlint/plans b.sarif
ok "two categories, two ids" test "$(grep -A1 automationDetails a.sarif | tail -1)" != \
	"$(grep -A1 automationDetails b.sarif | tail -1)"
ok "ids as GitHub reads them" grep -q '"id":	"cidrlint/stacks/"' a.sarif
keep none.sarif
keep a.sarif
for cat in "" / //; do
	n=$((n + 1))
	"$bin" --sarif-category "$cat" -f sarif stacks >"$tmp/out" 2>&1
	status=$?
	if [ $status != 2 ] || ! grep -q "needs a name" "$tmp/out"; then
		echo "FAIL $n: --sarif-category '$cat': exit $status, want 2 with a clear error"
		fail=1
	fi
done

# a baseline named by its absolute path
"$bin" --repo-root . --write-baseline "$tmp/repo/base.json" stacks >/dev/null
"$bin" --repo-root . --baseline "$tmp/repo/base.json" -f sarif -o base.sarif stacks
ok "fully baselined: zero results" python3 -c "
import json, sys
r = json.load(open('base.sarif'))['runs'][0]['results']
sys.exit(len(r))"
"$bin" --repo-root . --baseline "$tmp/repo/base.json" --sarif-suppressed -f sarif \
	-o base-kept.sarif stacks
ok "kept: every result has suppressions" $check --root . --suppressed base-kept.sarif
ok "kept: the justification names base.json" grep -q '"justification":	"recorded in the baseline base.json"' base-kept.sarif
ok "kept: no absolute path" sh -c "! grep -q '$tmp' base-kept.sarif"
"$bin" --repo-root . --baseline "$tmp/repo/base.json" -f json stacks >base.json.out
ok "JSON: the same relative name" grep -q '"reason":	"recorded in the baseline base.json"' base.json.out
keep base-kept.sarif

# an input outside the repository
"$bin" --repo-root . -f sarif -o outside.sarif stacks "$tmp/elsewhere/other.yaml"
ok "outside: read as GitHub reads it" $check --root . --no-category outside.sarif
ok "outside: an absolute file URI" grep -q "\"uri\":	\"file://$tmp/elsewhere/other.yaml\"" outside.sarif
ok "outside: a notification" grep -q "is outside the repository root" outside.sarif
ok "outside: no '../' URI" sh -c "! grep -q '\"uri\":.*\\.\\./' outside.sarif"
# and reached through '..' from inside
(cd stacks && "$bin" --repo-root .. -f sarif -o ../dotdot.sarif ../../elsewhere/other.yaml)
ok "outside through '..': read as GitHub reads it" $check --root . --no-category dotdot.sarif
ok "outside through '..': no '../' URI" sh -c "! grep -q '\"uri\":.*\\.\\./' dotdot.sarif"
keep outside.sarif

# a run whose only input cannot be read
"$bin" --repo-root . -f sarif -o failed.sarif missing.yaml 2>/dev/null
status=$?
ok "failed run: exit 2" test $status = 2
ok "failed run: read as GitHub reads it" $check --root . --no-category failed.sarif
ok "failed run: marked failed" grep -q '"executionSuccessful":	false' failed.sarif
keep failed.sarif

[ $fail = 0 ] && echo "ok: $n checks of SARIF as GitHub reads it"
exit $fail
