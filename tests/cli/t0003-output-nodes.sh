#!/bin/sh
# t0003-output-nodes.sh: -o writes to what it names without replacing it
# (issue 11): a FIFO and a character device are written through, a
# symbolic link keeps being a link while its target is replaced, a name
# such as /dev/stdout is the descriptor, a directory is refused.
#   t0003-output-nodes.sh CIDRLINT SOURCE_DIR
set -u
bin=$1
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
fail=0
n=0

. "$src/tests/cli/lib.sh"

# check DESCRIPTION TEST...: the test command must succeed
check() {
	n=$((n + 1))
	what=$1
	shift
	if ! "$@"; then
		echo "FAIL $n: $what"
		fail=1
		return 1
	fi
}

overlap_template bad.yaml peered
lint() { "$bin" -f json -o "$1" bad.yaml 2>err; echo $? >status; }
is_report() { grep -q '"rule":	"CIDR301"' "$1"; }

# a FIFO is written through (a reader gets the report) and stays a FIFO
mkfifo report.fifo
timeout 20 cat report.fifo >from-fifo &
reader=$!
timeout 20 "$bin" -f json -o report.fifo bad.yaml 2>err
echo $? >status
wait $reader
check "FIFO: exit 1" grep -qx 1 status
check "FIFO: still a FIFO" test -p report.fifo
check "FIFO: the reader got the report" is_report from-fifo

# A character device stays one.  The system's own nodes are tried only
# once nodes of our own passed: run as root, a cidrlint that renames over
# what it is given would turn /dev/null into a file (issue 11).
safe=0
if mknod null-here c 1 3 2>/dev/null; then
	lint null-here
	check "a device node: exit 1" grep -qx 1 status
	check "a device node: still a character device" test -c null-here && safe=1
elif [ "$(id -u)" != 0 ]; then
	safe=1 # no permission to replace anything in /dev
else
	echo "note: root, but mknod is not permitted: /dev/null is not tried"
fi
if [ $safe = 1 ]; then
	lint /dev/null
	check "/dev/null: exit 1" grep -qx 1 status
	check "/dev/null: still a character device" test -c /dev/null
fi

# A descriptor name is the descriptor: the shell's file gets the report,
# and is the same file (the same inode) afterwards.  /dev/stdout, a link
# of the system's, only once /dev/fd/1 passed.
: >fd1.txt
before=$(ls -i fd1.txt | cut -d' ' -f1)
"$bin" -f json -o /dev/fd/1 bad.yaml >fd1.txt 2>err
check "/dev/fd/1: the report is in the shell's file" is_report fd1.txt &&
	check "/dev/fd/1: the same file" test "$(ls -i fd1.txt | cut -d' ' -f1)" = "$before" &&
	{
		: >stdout.txt
		before=$(ls -i stdout.txt | cut -d' ' -f1)
		"$bin" -f json -o /dev/stdout bad.yaml >stdout.txt 2>err
		check "/dev/stdout: the report is in the shell's file" is_report stdout.txt
		check "/dev/stdout: the same file" \
			test "$(ls -i stdout.txt | cut -d' ' -f1)" = "$before"
		check "/dev/stdout: still a link" test -L /dev/stdout
	}

# a symbolic link stays a link; its target is replaced, keeping its mode
echo old >real.json
chmod 640 real.json
ln -s real.json link.json
lint link.json
check "symlink: still a link" test -L link.json
check "symlink: the target has the report" is_report real.json
check "symlink: the target kept its mode" test "$(stat -c %a real.json)" = 640
# through a chain, and into a directory, and to a file not there yet
mkdir sub
ln -s sub/real2.json chain1.json
ln -s ../chain1.json sub/chain2.json
lint sub/chain2.json
check "symlink chain: both still links" test -L chain1.json -a -L sub/chain2.json
check "symlink chain: the target has the report" is_report sub/real2.json
check "symlink chain: the target is a regular file" test -f sub/real2.json -a ! -L sub/real2.json
ln -s link.fifo dangling.json
lint dangling.json
check "dangling symlink: still a link" test -L dangling.json
check "dangling symlink: its target was created" is_report link.fifo
# a symlink to a FIFO: written through
mkfifo pipe.fifo
ln -s pipe.fifo to-pipe.json
timeout 20 cat pipe.fifo >from-link &
reader=$!
timeout 20 "$bin" -f json -o to-pipe.json bad.yaml 2>err
wait $reader
check "symlink to a FIFO: both kept" test -L to-pipe.json -a -p pipe.fifo
check "symlink to a FIFO: the reader got the report" is_report from-link

# a regular file keeps its mode too
echo old >plain.json
chmod 604 plain.json
lint plain.json
check "a file: the report replaced it" is_report plain.json
check "a file: it kept its mode" test "$(stat -c %a plain.json)" = 604

# refused: a directory, a symlink to one, a loop of links
mkdir outdir
lint outdir
check "directory: exit 2" grep -qx 2 status
check "directory: a clear error" grep -q "cannot write 'outdir': it is a directory" err
check "directory: still a directory" test -d outdir
ln -s outdir to-dir
lint to-dir
check "symlink to a directory: exit 2" grep -qx 2 status
check "symlink to a directory: still a link" test -L to-dir
ln -s loop-a loop-b
ln -s loop-b loop-a
lint loop-a
check "a loop of links: exit 2" grep -qx 2 status
check "a loop of links: a clear error" grep -q "cannot write 'loop-a':" err
check "a loop of links: still links" test -L loop-a -a -L loop-b

# --write-baseline goes through the same code
ln -s base-real.json base-link.json
"$bin" --write-baseline base-link.json bad.yaml >/dev/null 2>&1
check "baseline through a symlink: still a link" test -L base-link.json
check "baseline through a symlink: written" grep -q fingerprint base-real.json
check "no temporary file is left behind" test -z "$(find . -name '*.tmp.*')"

[ $fail = 0 ] && echo "ok: $n output-node checks"
exit $fail
