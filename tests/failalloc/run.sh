#!/bin/sh
# run.sh: the allocation-failure test.  For each case (real inputs: a
# CloudFormation template with an address plan and every output format,
# two templates whose VPCs overlap, a waiver's pattern, a Terraform plan
# with its .tf file, a state, an inventory, a CloudTrail log, an address
# plan, a parameters file, a baseline read back, Terraform source with a
# local module called with for_each, and the registry VPC module), the
# case is run once to count its allocations T, then once for every N in
# 1..T with the Nth allocation failing (tests/failalloc/inject.c).  The
# cases are small on purpose: the test runs cidrlint once per allocation,
# in the sanitizer build too.  Each of those runs must
#   - exit with status 2 (not a signal, not 0 or 1: a run whose memory
#     ran out must never pass or report findings as if complete),
#   - say "out of memory" on standard error,
#   - print no sanitizer report (in the ASan build: no leak, no bad
#     access; LSan checks at exit, with every live block still reachable
#     from the stack that called the handler),
#   - leave no temporary output file behind (-o and --write-baseline are
#     written through a temporary file and a rename).
#
#   run.sh CIDRLINT_FAILALLOC SOURCE_DIR [CASE...]
#
# FAILALLOC_STEP=K tries every Kth N only (for a quick look by hand; the
# test itself tries every N).
set -u
bin=$1
src=$2
shift 2
step=${FAILALLOC_STEP:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
mkdir -p "$out"
fail=0
total=0

# name | directory (under fixtures/) | arguments; OUT is the output directory
cases='template-all-formats|rules/CIDR202-fires|-p plan.yaml -f text -f json -o OUT/a.json -f sarif -o OUT/a.sarif -f github -o OUT/a.gh -f junit -o OUT/a.xml -f facts -o OUT/a.facts --write-baseline OUT/b.json template.yaml
two-templates|rules/CIDR301-fires|billing.yaml crm.yaml
waiver|rules/suppress-waiver|-f json -p plan.yaml template.yaml
plan|tf/assoc-same-plan|--fail-on never plan.json
state|inventory/tfstate-modules|-f facts terraform.tfstate
inventory|inventory/describe-subnets|subnets.json
cloudtrail|inventory/cloudtrail|-p plan.yaml trail.json
address-plan|addrplan/valid-readme|-f json -p plan.yaml stacks/prod/network.yaml
parameters|cfn/params-aws-cli|ARGS
baseline|rules/CIDR301-fires|--baseline BASE billing.yaml crm.yaml
tf-source|tfmod/local-for-each|-f sarif -o OUT/a.sarif .
tf-registry-module|tfmod/registry-vpc|.'

run_case() { # name dir args
	name=$1
	dir=$src/fixtures/$2
	args=$(echo "$3" | sed "s|OUT|$out|g; s|BASE|$tmp/base.json|g")
	[ "$args" = ARGS ] && args=$(cat "$dir/cmd")
	cd "$dir" || return 1
	rm -rf "$out" && mkdir -p "$out"
	# shellcheck disable=SC2086
	CIDRLINT_ALLOC_COUNT=$tmp/count "$bin" $args >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -gt 2 ] || [ ! -s "$tmp/count" ]; then
		echo "FAIL $name: the run without failures exits $rc"
		cat "$tmp/err"
		fail=1
		return
	fi
	t=$(cat "$tmp/count")
	bad=0
	tried=0
	n=1
	while [ $n -le "$t" ]; do
		rm -rf "$out" && mkdir -p "$out"
		# shellcheck disable=SC2086
		CIDRLINT_FAIL_ALLOC=$n "$bin" $args >/dev/null 2>"$tmp/err"
		rc=$?
		why=
		if [ $rc != 2 ]; then
			why="exit $rc"
		elif ! grep -q "out of memory" "$tmp/err"; then
			why="no 'out of memory' message"
		elif grep -q "Sanitizer" "$tmp/err"; then
			why="sanitizer report"
		elif ls "$out" | grep -q '\.tmp\.'; then
			why="temporary file left: $(ls "$out" | grep '\.tmp\.' | head -1)"
		fi
		if [ -n "$why" ]; then
			[ $bad -lt 5 ] && { echo "FAIL $name: allocation $n of $t: $why"; head -20 "$tmp/err"; }
			bad=$((bad + 1))
		fi
		tried=$((tried + 1))
		n=$((n + step))
	done
	total=$((total + tried))
	if [ $bad = 0 ]; then
		echo "ok $name: $tried of its $t allocations failed in turn (N = 1..$t, step $step): exit 2, a message, nothing left behind"
	else
		echo "FAIL $name: $bad of $tried failed allocations went wrong"
		fail=1
	fi
}

# the baseline case reads what a real run recorded
(cd "$src/fixtures/rules/CIDR301-fires" && "$bin" --write-baseline "$tmp/base.json" billing.yaml crm.yaml >/dev/null 2>&1)
echo "$cases" | while IFS='|' read -r name dir args; do
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	run_case "$name" "$dir" "$args"
	echo "$fail $total" >"$tmp/status"
done
read -r fail total <"$tmp/status"
echo "allocation failures tried: $total"
exit "$fail"
