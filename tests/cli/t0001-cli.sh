#!/bin/sh
# t0001-cli.sh: the command line's contract: usage, exit statuses,
# subcommands, outputs written atomically.
#   t0001-cli.sh CIDRLINT SOURCE_DIR
set -u
bin=$1
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
fail=0
n=0

. "$src/tests/cli/lib.sh"

overlap_template bad.yaml peered
cat >warn.yaml <<'T'
Resources:
  Dock:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 172.17.0.0/16
T
cat >unknown.yaml <<'T'
Resources:
  V:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !ImportValue shared-cidr
T
cat >plan.yaml <<'T'
version: 1
segments:
  - name: prod
    cidrs: [10.0.0.0/14]
    match: {name: '.*'}
T

expect 0 "--help" "$bin" --help
has out "Usage: cidrlint"
expect 0 "-h" "$bin" -h
expect 0 "--version" "$bin" --version
has out "^cidrlint [0-9]"
expect 2 "an unknown option" "$bin" --frobnicate bad.yaml
has err "Try 'cidrlint --help'"
expect 2 "--fail-on with a bad level" "$bin" --fail-on sometimes bad.yaml
expect 2 "an unknown format" "$bin" -f xml bad.yaml
has err "unknown format 'xml'"
expect 2 "graph writes only dot or mermaid" "$bin" graph -f json bad.yaml
has err "cidrlint graph writes dot or mermaid"
expect 2 "dot is a format of graph only" "$bin" -f dot bad.yaml
has err "formats dot and mermaid are of 'cidrlint graph'"
expect 0 "graph: findings do not fail it" "$bin" graph bad.yaml
has out '^  v0 -- v1 \[label="overlap 10.0.0.0/16 / 10.0.128.0/17", color=red'
expect 2 "two formats to standard output" "$bin" -f text -f json bad.yaml
expect 2 "--parameter without =" "$bin" --parameter Foo bad.yaml
expect 2 "--max-combinations out of range" "$bin" --max-combinations 65 bad.yaml
expect 2 "a suggest option without suggest" "$bin" --segment prod bad.yaml
expect 0 "--list-rules" "$bin" --list-rules
[ "$(grep -c '^CIDR' "$tmp/out")" = 28 ] || { echo "FAIL $n: --list-rules does not list 28 rules"; fail=1; }
expect 0 "explain by id" "$bin" explain CIDR301
has out "## Why it is dangerous"
has out "Default level: error"
expect 0 "explain by name" "$bin" explain vpc-overlap
expect 2 "explain an unknown rule" "$bin" explain CIDR999
expect 2 "explain without a rule" "$bin" explain

expect 1 "an error finding fails" "$bin" bad.yaml
has out "CIDR301 vpc-overlap"
expect 0 "--fail-on never" "$bin" --fail-on never bad.yaml
expect 0 "a warning passes by default" "$bin" warn.yaml
has out "CIDR304"
expect 1 "--fail-on warning" "$bin" --fail-on warning warn.yaml
expect 0 "a note passes" "$bin" unknown.yaml
has out "CIDR401"
expect 1 "--fail-on note" "$bin" --fail-on note unknown.yaml
expect 1 "--strict makes the note an error" "$bin" --strict unknown.yaml
has out "error: .*CIDR401"
expect 2 "a path that does not exist" "$bin" nowhere.yaml
has err "nowhere.yaml: error: cannot read"
echo '{"not": "a template"}' >other.json
expect 2 "a named file of no known kind" "$bin" other.json
expect 0 "... which --skip-unknown skips" "$bin" --skip-unknown other.json
expect 2 "a missing address plan" "$bin" -p none.yaml bad.yaml
printf 'Resources: [\n' >broken.yaml
expect 2 "an input that is not YAML is an error, and the others are still linted" "$bin" broken.yaml bad.yaml
has err "broken.yaml:2:1: error: invalid YAML"
has out "CIDR301"
printf 'Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: |\n        10.0.0.0/16\n        x\n' >newline.yaml
expect 1 "a value with a newline stays on its finding's line" "$bin" newline.yaml
has out "^newline.yaml:5:18: error: '10.0.0.0/16\\\\nx\\\\n' is not a valid IPv4 CIDR"
[ "$(wc -l <"$tmp/out")" = 2 ] || { echo "FAIL $n: the finding took more than one line"; fail=1; }

# a broken address plan: nothing is linted, but files still report why
printf 'version: 1\nsegments:\n  - {name: prod, cidrs: [10.0.0.0/8], bogus: 1}\n' >broken-plan.yaml
expect 2 "a broken plan writes SARIF and JUnit carrying its error" \
	"$bin" -p broken-plan.yaml -f sarif -o plan.sarif -f junit -o plan.xml -f text bad.yaml
has err "broken-plan.yaml:3:39: error: unknown key 'bogus' in a segment"
[ -s "$tmp/out" ] && { echo "FAIL $n: text output despite the broken plan"; fail=1; }
grep -q '"executionSuccessful":[[:space:]]*false' plan.sarif ||
	{ echo "FAIL $n: plan.sarif is not a failed run"; fail=1; }
for f in plan.sarif plan.xml; do
	grep -q "unknown key .*bogus.* in a segment" $f ||
		{ echo "FAIL $n: $f lacks the plan's error"; fail=1; }
done
grep -q '"ruleId"' plan.sarif && { echo "FAIL $n: findings linted against a broken plan"; fail=1; }

# suggest
expect 0 "suggest" "$bin" suggest -p plan.yaml --segment prod --prefix 16 --count 2 bad.yaml
[ "$(cat "$tmp/out")" = "10.1.0.0/16
10.2.0.0/16" ] || { echo "FAIL $n: suggest printed '$(cat "$tmp/out")'"; fail=1; }
expect 1 "suggest past the end of the pools" "$bin" suggest -p plan.yaml --segment prod --prefix 16 --count 4 bad.yaml
has err "has 3 free /16 blocks, fewer than the 4 asked for"
expect 2 "suggest without --segment" "$bin" suggest -p plan.yaml --prefix 16
expect 2 "suggest an unknown segment" "$bin" suggest -p plan.yaml --segment qa --prefix 16

# outputs: several formats in one run, written whole or not at all
expect 1 "-f json -o and text to stdout" "$bin" -f json -o out.json -f text bad.yaml
has out "CIDR301"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" out.json 2>/dev/null ||
	{ [ -s out.json ] || { echo "FAIL $n: out.json missing"; fail=1; }; }
ls out.json.tmp.* >/dev/null 2>&1 && { echo "FAIL $n: a temporary file was left"; fail=1; }
echo keep >old.txt
mkdir ro && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
	expect 2 "-o into a directory that cannot be written" "$bin" -o ro/report.txt bad.yaml
fi
expect 2 "-o into a missing directory" "$bin" -o missing/report.txt bad.yaml
has err "cannot write 'missing/report.txt'"

echo "t0001-cli: $n checks"
exit $fail
