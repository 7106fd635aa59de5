#!/bin/sh
# t0004-inputs-unseen.sh: issue 13's inputs in the shapes the first round
# did not try: Terraform files that are FIFOs or devices, standard input
# that is empty, gzipped, UTF-16 or given twice, and SARIF of standard
# input.  Every run is bounded by timeout(1) (lib.sh).
#   t0004-inputs-unseen.sh CIDRLINT
set -u
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
cli_start "$1"

# Two VPCs of one template with one block: CIDR301 both ways, a warning.
# Line 8 holds an astral character before the block: 61 characters
# before it (Python: line.index('10.9') is 61).
cat >two.yaml <<'EOF'
Resources:
  A:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.9.0.0/16
  B:
    Type: AWS::EC2::VPC
    Properties: {Tags: [{Key: Name, Value: "🚀"}], CidrBlock: 10.9.0.0/16}
EOF

# --- a Terraform file named that is no regular file (issue 13 item 8) -------
mkdir fifo
for f in x.tf x.tfvars x.tf.json; do
	mkfifo fifo/$f
	expect 2 "a FIFO $f nobody writes to is an error, as x.json is" "$bin" fifo/$f
	has err "^fifo/$f: error: cannot read: no process is writing to this FIFO"
done
(sleep 1; echo 'resource "aws_vpc" "a" { cidr_block = "10.0.0.0/16" }') >fifo/x.tf &
expect 2 "a FIFO x.tf being written is refused, not skipped" "$bin" fifo/x.tf
has err '^fifo/x.tf: error: cannot read: a Terraform file is read with the other files of its directory as one module, so it must be a regular file'
wait
ln -s /dev/null fifo/null.tf
expect 2 "a .tf that is a device" "$bin" fifo/null.tf
has err '^fifo/null.tf: error: cannot read: a Terraform file is read'
expect 2 "the other inputs of the run are still linted, and counted" "$bin" --fail-on warning fifo/null.tf two.yaml
has out '^two.yaml:5:18: warning: 10.9.0.0/16 overlaps'
has out '0 errors, 2 warnings, 0 notes in 1 input; 1 error reading the inputs'

# --- standard input (issue 13 item 2) ---------------------------------------
: >empty.yaml
printf ' \r\n' >blank.txt
expect_in 2 "empty standard input" empty.yaml "$bin" -
has err '^<stdin>: error: standard input is empty'
expect_in 2 "empty standard input with --skip-unknown" empty.yaml "$bin" --skip-unknown -
has err '^<stdin>: error: standard input is empty'
expect_in 2 "white space on standard input" blank.txt "$bin" -
has err '^<stdin>: error: standard input is empty'
expect 2 "an empty file named" "$bin" empty.yaml
has err '^empty.yaml: error: the file is empty'
mkdir quiet && : >quiet/empty.yaml
expect 0 "an empty file in a walk is none of ours" "$bin" quiet
gzip -c two.yaml >two.yaml.gz
expect_in 1 "gzip on standard input" two.yaml.gz "$bin" --fail-on warning -
has out '^<stdin>:8:62: warning: 10.9.0.0/16 overlaps'
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE two.yaml; } >two16.yaml
expect_in 1 "UTF-16LE on standard input" two16.yaml "$bin" --fail-on warning -
has out '^<stdin>:8:62: warning: 10.9.0.0/16 overlaps'
printf 'resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n}\n' >main.tf.txt
expect_in 2 "Terraform source on standard input" main.tf.txt "$bin" -
has err "^<stdin>: error: .*it looks like Terraform source, which is read from the .tf files of a directory"
expect_in 1 "'-' twice is one input" two.yaml "$bin" --fail-on warning - -
has out 'in 1 input$'
n=$((n + 1))
timeout 20 "$bin" -f sarif - <two.yaml >stdin.sarif 2>err
python3 - stdin.sarif <<'PY' || { echo "FAIL $n: SARIF of standard input"; fail=1; }
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
locs = [x["locations"][0]["physicalLocation"] for x in r]
assert [l["artifactLocation"]["uri"] for l in locs] == ["%3Cstdin%3E"] * 2, locs
# a valid relative reference that names no file of the repository
assert [x["region"]["startLine"] for x in locs] == [5, 8], locs
PY

# --- --exclude written as users write it (issue 13 item 7) ---------------------
mkdir -p ex/a/gen ex/stacks
cp two.yaml ex/a/gen/g.yaml
cp two.yaml ex/stacks/s.yaml
expect 0 "a leading ./ anchors the glob here, as / does" "$bin" --exclude ./ex/a/gen/ --exclude ./ex/stacks/s.yaml ex
has out 'no findings in 0 inputs'
expect 1 "... and only here" "$bin" --fail-on warning --exclude ./a/gen/ ex
has out 'in 2 inputs'
printf 'version: 1\nexclude: [./a/gen/]\n' >ex/plan.yaml
expect 1 "in the address plan, relative to its directory" "$bin" --fail-on warning -p ex/plan.yaml ex
has out 'in 1 input$'
for g in ./ / .// ./././; do
	expect 1 "a glob of nothing ($g) leaves nothing out and does not crash" "$bin" --fail-on warning --exclude "$g" ex
	has out 'in 2 inputs'
done

# --- IPAM pools named as an input (issue 13 item 6) --------------------------
printf '{"IpamPools": [{"IpamPoolId": "ipam-pool-0a", "AddressFamily": "ipv4"}]}' >pools.json
expect 2 "describe-ipam-pools output named as an input says where it goes" "$bin" pools.json
has err "^pools.json: error: IPAM pools and their allocations are an address plan, not an input: give the file with -p"
expect 0 "... and is read as the plan" "$bin" -p pools.json two.yaml

echo "t0004-inputs-unseen: $n checks"
exit $fail
