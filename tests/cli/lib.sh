# lib.sh: what the numbered CLI tests share (sourced, not run).  The test
# sets tmp (a scratch directory), n=0 and fail=0 first.
#   expect STATUS DESCRIPTION COMMAND...  run (stdin /dev/null, at most 60 s:
#                                         a read that blocks is a failure,
#                                         not a hung test), compare the status
#   has FILE TEXT, hasnt FILE TEXT        the last run's out/err holds TEXT
#   overlap_template FILE [peered]        a template of two VPCs whose blocks
#                                         overlap (10.0.0.0/16, 10.0.128.0/17),
#                                         joined by a peering when asked

expect() {
	want=$1
	what=$2
	shift 2
	n=$((n + 1))
	timeout 60 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
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
