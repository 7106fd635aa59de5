#!/bin/sh
# run.sh: the pre-commit hooks, run for real with pre-commit try-repo on a
# throwaway repository: the commit check must pass on a good template,
# fail on a bad one (an overlap with another stack of the repository that
# is not being committed), and leave a docker-compose.yaml alone; the same
# for Terraform roots (.tf files, with no plan).
#
#   run.sh SOURCE_DIR [CIDRLINT]
# With CIDRLINT the hooks use that binary instead of building their own
# (the build itself is exercised when it is not given).  Exit 77 (skipped)
# without pre-commit or git.
set -u
src=$(cd "$1" && pwd)
command -v pre-commit >/dev/null 2>&1 || { echo "skipped: no pre-commit"; exit 77; }
command -v git >/dev/null 2>&1 || { echo "skipped: no git"; exit 77; }
[ -n "${2:-}" ] && export CIDRLINT="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache" HOME="$tmp/home"
mkdir -p "$tmp/home" "$tmp/work/stacks"
cd "$tmp/work" || exit 2
git init -q . && git config user.email t@example.invalid && git config user.name test
fail=0

cat >.cidrlint.yaml <<'PLAN'
version: 1
segments:
  - name: prod
    cidrs: [10.0.0.0/12]
    match: {files: ['stacks/**']}
PLAN
cat >stacks/payments.yaml <<'T'
Resources:
  Payments:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.1.0.0/16
T
cat >stacks/good.yaml <<'T'
Resources:
  Orders:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.2.0.0/16
T
cat >stacks/bad.yaml <<'T'
Resources:
  Ledger:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.1.0.0/16
T
cat >docker-compose.yaml <<'T'
services:
  web:
    image: nginx
    ports: ["8080:80"]
T
git add .cidrlint.yaml stacks/payments.yaml && git commit -qm base

check() { # want-status description command...
	want=$1
	what=$2
	shift 2
	"$@" >"$tmp/out" 2>&1
	got=$?
	if { [ "$want" = 0 ] && [ $got != 0 ]; } || { [ "$want" != 0 ] && [ $got = 0 ]; }; then
		echo "FAIL: $what (exit $got)"
		cat "$tmp/out"
		fail=1
	else
		echo "ok: $what (exit $got)"
	fi
}

git add stacks/good.yaml docker-compose.yaml
check 0 "a good template and a docker-compose.yaml pass" \
	pre-commit try-repo "$src" cidrlint-cfn --verbose --files stacks/good.yaml docker-compose.yaml
# the first run builds cidrlint, and says how long that took
if [ -z "${CIDRLINT:-}" ] && ! grep -q "cidrlint: built in [0-9]* s" "$tmp/out"; then
	echo "FAIL: the first build did not say how long it took"
	cat "$tmp/out"
	fail=1
fi
grep -q "docker-compose" "$tmp/out" && grep -q "CIDR" "$tmp/out" && { echo "FAIL: docker-compose.yaml was linted"; fail=1; }

git add stacks/bad.yaml
# nothing connects the two VPCs: the overlap is a warning (issue 15), shown
# but not blocking the commit
check 0 "a template that overlaps an unconnected stack already in the repository warns" \
	pre-commit try-repo "$src" cidrlint-cfn --verbose --files stacks/bad.yaml
grep -q "warning: .*CIDR301" "$tmp/out" || { echo "FAIL: the overlap was not reported"; cat "$tmp/out"; fail=1; }
grep -q "stacks/payments.yaml:5:" "$tmp/out" && grep -q "error:.*stacks/payments.yaml" "$tmp/out" &&
	{ echo "FAIL: a finding of a file not being committed was reported"; fail=1; }

# Terraform source: a root whose VPC overlaps another, unconnected root's warns;
# a clean one passes; only the files committed are reported.
mkdir -p envs/prod envs/staging envs/dev
cat >envs/prod/main.tf <<'T'
resource "aws_vpc" "prod" {
  cidr_block = var.cidr
}
variable "cidr" {
  default = "10.40.0.0/16"
}
T
cat >envs/staging/main.tf <<'T'
locals {
  base = "10.40.0.0/14"
}
resource "aws_vpc" "staging" {
  cidr_block = cidrsubnet(local.base, 2, 0)
}
T
cat >envs/dev/main.tf <<'T'
resource "aws_vpc" "dev" {
  cidr_block = cidrsubnet("10.44.0.0/14", 2, 1)
}
T
git add envs/prod/main.tf && git commit -qm prod
git add envs/dev/main.tf
check 0 "a Terraform root that overlaps nothing passes" \
	pre-commit try-repo "$src" cidrlint-terraform --files envs/dev/main.tf
git add envs/staging/main.tf
check 0 "a Terraform root whose VPC overlaps another, unconnected root's warns" \
	pre-commit try-repo "$src" cidrlint-terraform --verbose --files envs/staging/main.tf
grep -q "envs/staging/main.tf:5:16: warning: 10.40.0.0/16 overlaps" "$tmp/out" ||
	{ echo "FAIL: the overlap was not reported at the cidr_block"; cat "$tmp/out"; fail=1; }
grep -q "error:.*envs/prod/main.tf" "$tmp/out" && grep -q "^envs/prod/main.tf:[0-9]*:[0-9]*: error" "$tmp/out" &&
	{ echo "FAIL: a finding of a root not being committed was reported"; fail=1; }

printf 'version: 1\nsegments: [{name: a, cidrs: [10.0.0.1/8]}]\n' >.cidrlint.yaml
git add .cidrlint.yaml
check 2 "a broken address plan fails its hook" \
	pre-commit try-repo "$src" cidrlint-address-plan --files .cidrlint.yaml
grep -q "host bits set" "$tmp/out" || { echo "FAIL: the plan error was not shown"; cat "$tmp/out"; fail=1; }

exit $fail
