#!/bin/sh
# banned.sh: every function policies/banned.h bans fails to compile with
# the project's flags, and a file calling only the allowed forms compiles,
# so the ban cannot quietly stop working (a wrong include order, a header
# that redefines a name).
#   banned.sh CC BANNED_H
set -u
cc=$1
banned=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
compile() {
	"$cc" -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Werror \
		-include "$banned" -fsyntax-only "$1" 2>"$tmp/err"
}
check_banned() {
	name=$1
	call=$2
	printf '#include <stdio.h>\n#include <string.h>\n#include <time.h>\n#include <stdarg.h>\nvoid f(char *d, const char *s, va_list ap, time_t *t);\nvoid f(char *d, const char *s, va_list ap, time_t *t)\n{\n\t(void)d; (void)s; (void)ap; (void)t;\n\t%s;\n}\n' "$call" >"$tmp/$name.c"
	if compile "$tmp/$name.c"; then
		echo "FAIL: $name compiles despite banned.h"
		fail=1
	elif ! grep -q "sorry_${name}_is_a_banned_function" "$tmp/err"; then
		echo "FAIL: $name fails to compile, but not because it is banned:"
		cat "$tmp/err"
		fail=1
	fi
}
check_banned strcpy 'strcpy(d, s)'
check_banned strcat 'strcat(d, s)'
check_banned strncpy 'strncpy(d, s, 4)'
check_banned strncat 'strncat(d, s, 4)'
check_banned strtok 'strtok(d, s)'
check_banned sprintf 'sprintf(d, "%s", s)'
check_banned vsprintf 'vsprintf(d, s, ap)'
check_banned gets 'gets(d)'
check_banned gmtime 'gmtime(t)'
check_banned localtime 'localtime(t)'
check_banned ctime 'ctime(t)'
check_banned asctime 'asctime(NULL)'
printf '#include <stdio.h>\n#include <string.h>\n#include <time.h>\nvoid f(char *d, size_t n, const char *s, time_t *t);\nvoid f(char *d, size_t n, const char *s, time_t *t)\n{\n\tstruct tm tm;\n\tchar *save = NULL;\n\tsnprintf(d, n, "%%s", s);\n\tmemcpy(d, s, 1);\n\t(void)strtok_r(d, "/", &save);\n\t(void)gmtime_r(t, &tm);\n}\n' >"$tmp/allowed.c"
if ! compile "$tmp/allowed.c"; then
	echo "FAIL: the allowed forms do not compile with banned.h:"
	cat "$tmp/err"
	fail=1
fi
[ $fail = 0 ] && echo "banned.h: 12 functions refused, the allowed forms compile"
exit $fail
