#!/bin/sh
# t0002-inputs.sh: inputs as they arrive: standard input, FIFOs, devices,
# files too large, hard links, encodings, excluded paths, --exit-zero.
# Every run is bounded by timeout(1): a read that blocks or never ends is
# a failure here, not a hung test.
#   t0002-inputs.sh CIDRLINT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
lib=$(cd "$(dirname "$0")" && pwd)/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
fail=0
n=0

. "$lib"

# Two such templates overlap and nothing connects them: a warning
# (CIDR301 graded by connectivity), so the runs that need a failing
# finding say --fail-on warning.
vpc() { # FILE CIDR: a template with one VPC
	printf 'Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: %s\n' "$2" >"$1"
}

# --- standard input ------------------------------------------------------
vpc a.yaml 10.0.0.0/16
vpc b.yaml 10.0.0.0/16
n=$((n + 1))
timeout 20 "$bin" --fail-on warning - b.yaml <a.yaml >out 2>err
[ $? = 1 ] || { echo "FAIL $n: '-' with b.yaml: exit $?"; fail=1; }
has out '^<stdin>:5:18: warning: 10.0.0.0/16 overlaps'
has out 'in 2 inputs'
n=$((n + 1))
printf '{"format_version":"1.2","planned_values":{}}' | timeout 20 "$bin" -f json - >out 2>err
has out '"kind":	"Terraform plan"'
has out '"file":	"<stdin>"'
n=$((n + 1))
head -c 3000 /dev/zero | tr '\0' ' ' | timeout 20 "$bin" --max-file-size 1K - >out 2>err
[ $? = 2 ] || { echo "FAIL $n: a stream over --max-file-size"; fail=1; }
has err '^<stdin>: error: cannot read: more than the input size limit of 1 KiB (--max-file-size)'
# a stream larger than the size past which it is spooled to a temporary
# file (4 MiB) is read as the same file would be
vpcs='{"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","name":"a","change":{"actions":["create"],"after":{"cidr_block":"10.0.0.0/16"}}},{"address":"aws_vpc.b","mode":"managed","type":"aws_vpc","name":"b","change":{"actions":["create"],"after":{"cidr_block":"10.0.0.0/16"}}}'
{ printf '{"format_version":"1.2","padding":"'; head -c 5000000 /dev/zero | tr '\0' a
  printf '","resource_changes":[%s]}' "$vpcs"; } >big-plan.json
n=$((n + 1))
timeout 20 "$bin" --fail-on warning big-plan.json >want 2>&1
timeout 20 "$bin" --fail-on warning - <big-plan.json >out 2>&1
[ $? = 1 ] || { echo "FAIL $n: a 5 MB plan on standard input: exit $?"; fail=1; }
sed 's/big-plan.json/<stdin>/g' want >want-stdin
cmp -s out want-stdin || { echo "FAIL $n: a 5 MB plan on standard input is read as the file is"; diff want-stdin out | head; fail=1; }
has out '^<stdin> (aws_vpc.b): warning: 10.0.0.0/16 overlaps'
n=$((n + 1))
cat big-plan.json | timeout 20 "$bin" --max-file-size 4600K - >out 2>err
[ $? = 2 ] || { echo "FAIL $n: a spooled stream over --max-file-size"; fail=1; }
has err '^<stdin>: error: cannot read: more than the input size limit of 4.5 MiB (--max-file-size)'

# --- FIFOs, devices, large files (issue 11) --------------------------------
mkdir fs && cp a.yaml fs/
ln -s /dev/zero fs/zero.json
mkfifo fs/x.tf fs/fifo.yaml
truncate -s 1G fs/big.json
expect 0 "a walk opens no FIFO, device or symlink" "$bin" fs
has out 'no findings in 1 input'
has err '^fs/big.json: note: cannot read: the file is 1 GiB, larger than the input size limit of 512 MiB'
expect 2 "a named symlink to /dev/zero" "$bin" fs/zero.json
has err '^fs/zero.json: error: cannot read: not a text file (it holds NUL bytes)'
expect 2 "a named FIFO nobody writes to" "$bin" fs/fifo.yaml
has err '^fs/fifo.yaml: error: cannot read: no process is writing to this FIFO'
expect 2 "a named 1 GB file" "$bin" fs/big.json
has err '^fs/big.json: error: cannot read: the file is 1 GiB, larger than the input size limit of 512 MiB (--max-file-size)'
expect 2 "all three at once, and the template is still linted" "$bin" fs/zero.json fs/fifo.yaml fs/big.json fs/a.yaml
has out 'no findings in 1 input; 3 errors reading the inputs'
n=$((n + 1))
(sleep 1; cat b.yaml) >fs/fifo.yaml &
timeout 20 "$bin" --fail-on warning fs/fifo.yaml a.yaml >out 2>err
[ $? = 1 ] || { echo "FAIL $n: a named FIFO with a writer is read"; fail=1; }
has out '^fs/fifo.yaml:5:18: warning: 10.0.0.0/16 overlaps'
wait
expect 2 "--max-file-size raises the limit: then it is read, and is not text" "$bin" --max-file-size 2G fs/big.json
has err 'not a text file'
expect 2 "--max-file-size lowers it" "$bin" --max-file-size 50 a.yaml
has err "the file is $(wc -c <a.yaml | tr -d ' ') bytes, larger than the input size limit of 50 bytes"
expect 2 "--max-file-size takes a size" "$bin" --max-file-size lots a.yaml
has err "max-file-size takes a size"
# a plan beside a FIFO named like a .tf file: the source lookup does not block
mkdir tfdir && mkfifo tfdir/x.tf
printf '{"format_version":"1.2","resource_changes":[{"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","name":"a","change":{"actions":["create"],"after":{"cidr_block":"10.0.0.0/16"}}}],"configuration":{"root_module":{}}}' >tfdir/plan.json
expect 0 "a FIFO x.tf beside a plan" "$bin" tfdir/plan.json

# --- one file, two paths ---------------------------------------------------
mkdir links && cp a.yaml links/one.yaml && ln links/one.yaml links/two.yaml
ln -s one.yaml links/three.yaml
expect 0 "a hard link is the same input" "$bin" links
has out 'no findings in 1 input'
expect 0 "so is a named symlink and the file itself" "$bin" links/one.yaml links/three.yaml links/./two.yaml
has out 'no findings in 1 input'

# --- excluded paths --------------------------------------------------------
mkdir -p ex/cdk.out/asset.1234 ex/gen ex/.hidden ex/node_modules/m
vpc ex/cdk.out/asset.1234/t.yaml 10.0.0.0/16
vpc ex/cdk.out/Stack.template.yaml 10.1.0.0/16
vpc ex/gen/t.yaml 10.1.0.0/16
vpc ex/.hidden/t.yaml 10.1.0.0/16
vpc ex/node_modules/m/t.yaml 10.1.0.0/16
vpc ex/main.yaml 10.0.0.0/16
expect 1 "cdk.out/asset.*, hidden directories and node_modules are left out" "$bin" --fail-on warning ex
has out 'in 3 inputs'
has out '^ex/cdk.out/Stack.template.yaml:5:18: warning: 10.1.0.0/16 overlaps 10.1.0.0/16'
hasnt out 'asset.1234'
expect 0 "--exclude leaves out a directory at any depth" "$bin" --exclude 'gen/' --exclude '*.template.yaml' ex
has out 'no findings in 1 input'
expect 1 "an anchored --exclude matches from the current directory only" "$bin" --fail-on warning --exclude '/gen/' ex
expect 0 "... and from there" "$bin" --exclude '/ex/gen/' --exclude 'cdk.out/' ex
expect 1 "--no-default-excludes walks them all" "$bin" --fail-on warning --no-default-excludes ex
has out 'in 6 inputs'
has out 'asset.1234/t.yaml'
expect 1 "a named file is read even when excluded" "$bin" --fail-on warning --exclude 'gen/' ex/gen/t.yaml ex/cdk.out/Stack.template.yaml
printf 'version: 1\nexclude: [gen/, /cdk.out/]\n' >ex/.cidrlint.yaml
expect 0 "the address plan's exclude, relative to its directory" "$bin" -p ex/.cidrlint.yaml ex
has out 'no findings in 1 input'
expect 0 "--context walks leave them out too" "$bin" -p ex/.cidrlint.yaml --context ex ex/main.yaml
has out 'no findings in 1 input'
expect 2 "--exclude takes a glob" "$bin" --exclude '' ex

# --- encodings and what is not text -----------------------------------------
mkdir enc
printf '\357\273\277' >enc/bom8.yaml && cat a.yaml >>enc/bom8.yaml
printf '\377\376' >enc/utf16le.yaml && iconv -f UTF-8 -t UTF-16LE b.yaml >>enc/utf16le.yaml
printf '\376\377' >enc/utf16be.yaml && iconv -f UTF-8 -t UTF-16BE b.yaml >>enc/utf16be.yaml
printf 'x\000\001\002binary' >enc/blob.json
iconv -f UTF-8 -t UTF-32 a.yaml >enc/utf32.yaml
expect 1 "UTF-8 with a mark and UTF-16 both ways are read in a walk" "$bin" --fail-on warning enc
has out '^enc/bom8.yaml:5:18: warning: 10.0.0.0/16 overlaps'
has out '^enc/utf16be.yaml:5:18: warning: 10.0.0.0/16 overlaps'
has out '^enc/utf16le.yaml:5:18: warning: 10.0.0.0/16 overlaps'
has out 'in 3 inputs; 2 notes on the inputs (on standard error)'
has err '^enc/blob.json: note: cannot read: not a text file (it holds NUL bytes)'
has err '^enc/utf32.yaml: note: cannot read: UTF-32 text is not read; save it as UTF-8'
expect 2 "the same files named are errors" "$bin" enc/blob.json enc/utf32.yaml
printf '\377\376V\000\000\330' >enc/bad16.yaml
expect 2 "invalid UTF-16 is an error where it is" "$bin" enc/bad16.yaml
has err '^enc/bad16.yaml:1:2: error: cannot read UTF-16LE: invalid UTF-16: an unpaired surrogate'

# --- exit status and the counts (issue 13 item 7) --------------------------
printf 'Resources: [\n' >broken.yaml
expect 2 "findings and an unreadable file: 2" "$bin" -f json -o r.json broken.yaml a.yaml b.yaml
python3 - r.json <<'P' || { echo "FAIL $n: the JSON summary lacks the counts"; fail=1; }
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
assert s["warning"] == 2 and s["input_errors"] == 1 and s["input_notes"] == 0, s
P
expect 0 "--exit-zero reports them and exits 0" "$bin" --exit-zero -f text -f sarif -o r.sarif broken.yaml a.yaml b.yaml
has out '0 errors, 2 warnings, 0 notes in 2 inputs; 1 error reading the inputs'
python3 - r.sarif <<'P' || { echo "FAIL $n: the SARIF summary lacks the counts"; fail=1; }
import json, sys
s = json.load(open(sys.argv[1]))["runs"][0]["properties"]["summary"]
assert s["warning"] == 2 and s["inputErrors"] == 1, s
P
expect 0 "junit carries the counts" "$bin" --exit-zero -f junit broken.yaml a.yaml b.yaml
has out '<property name="cidrlint.warnings" value="2"/>'
has out '<property name="cidrlint.input_errors" value="1"/>'
expect 0 "github ends with the summary line" "$bin" --exit-zero -f github broken.yaml a.yaml b.yaml
has out '^cidrlint: 0 errors, 2 warnings, 0 notes in 2 inputs; 1 error reading the inputs'
expect 2 "--exit-zero does not hide a usage error" "$bin" --exit-zero --fail-on sometimes a.yaml

# --- a plan in a subdirectory (issue 13 item 3) ----------------------------
# SARIF URIs are relative to the git top level whatever --source-root is
mkdir -p repo/infra repo/.git
printf 'resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_vpc" "b" {\n  cidr_block = "10.0.0.0/16"\n}\n' >repo/infra/main.tf
printf '{"format_version":"1.2","resource_changes":[%s,%s],"configuration":{"root_module":{}}}' \
	'{"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","name":"a","change":{"actions":["create"],"after":{"cidr_block":"10.0.0.0/16"}}}' \
	'{"address":"aws_vpc.b","mode":"managed","type":"aws_vpc","name":"b","change":{"actions":["create"],"after":{"cidr_block":"10.0.0.0/16"}}}' \
	>repo/infra/plan.json
for sr in . infra /; do
	n=$((n + 1))
	(cd repo && timeout 20 "$bin" --source-root "$sr" -f sarif infra/plan.json) >out 2>err
	python3 - out <<'P' || { echo "FAIL $n: --source-root $sr moved the SARIF URIs"; fail=1; }
import json, sys
uris = {l["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.load(open(sys.argv[1]))["runs"][0]["results"] for l in r["locations"]}
assert uris == {"infra/main.tf"}, uris
P
done
n=$((n + 1))
(cd repo/infra && timeout 20 "$bin" -f sarif plan.json) >out 2>err
grep -q '"uri":	"infra/main.tf"' out || { echo "FAIL $n: run from infra/, the URI is not relative to the top level"; fail=1; }
expect 2 "--source-root must be a directory" "$bin" --source-root nowhere a.yaml
has err "source-root 'nowhere' is not a directory"

echo "t0002-inputs: $n checks"
exit $fail
