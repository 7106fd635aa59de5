# lib.sh: what the numbered CLI tests share (sourced, not run).  The test
# sets tmp (a scratch directory), n=0 and fail=0 first, or has
#   cli_start CIDRLINT                    set bin (absolute), tmp (removed at
#                                         exit, the current directory), n, fail
#   expect STATUS DESCRIPTION COMMAND...  run (stdin /dev/null, at most 60 s:
#                                         a read that blocks is a failure,
#                                         not a hung test), compare the status
#   expect_in STATUS DESCRIPTION FILE COMMAND...  the same, FILE as stdin
#   has FILE TEXT, hasnt FILE TEXT        the last run's out/err holds TEXT
#   overlap_template FILE [peered]        a template of two VPCs whose blocks
#                                         overlap (10.0.0.0/16, 10.0.128.0/17),
#                                         joined by a peering when asked

expect() {
	want=$1
	what=$2
	shift 2
	expect_in "$want" "$what" /dev/null "$@"
}

expect_in() {
	want=$1
	what=$2
	input=$3
	shift 3
	n=$((n + 1))
	timeout 60 "$@" >"$tmp/out" 2>"$tmp/err" <"$input"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL $n: $what: exit $got, want $want"
		sed 's/^/  out: /' "$tmp/out" | head -20
		sed 's/^/  err: /' "$tmp/err" | head -20
		fail=1
	fi
}

has() {
	if ! grep -q -- "$2" "$tmp/$1"; then
		echo "FAIL $n: $1 lacks '$2'"
		sed 's/^/  /' "$tmp/$1" | head -20
		fail=1
	fi
}

hasnt() {
	if grep -q -- "$2" "$tmp/$1"; then
		echo "FAIL $n: $1 has '$2'"
		sed 's/^/  /' "$tmp/$1" | head -20
		fail=1
	fi
}

cli_start() {
	bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cd "$tmp" || exit 2
	fail=0
	n=0
}

overlap_template() {
	cat >"$1" <<'T'
Resources:
  A:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  B:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.128.0/17
T
	[ "${2:-}" = peered ] || return 0
	cat >>"$1" <<'T'
  AB:
    Type: AWS::EC2::VPCPeeringConnection
    Properties:
      VpcId: !Ref A
      PeerVpcId: !Ref B
T
}
