/*
 * cidr-driver.c: a line protocol over the prefix library, so that
 * tests/oracle/cidr_oracle.py can compare it with Python's ipaddress on
 * random inputs.  One command a line on stdin, one answer a line on stdout:
 *   P text                 -> "ok CANONICAL HOSTBITS" | "err"
 *   O a b / C a b          -> overlaps / a contains b: "1" | "0"
 *   R p                    -> "FIRST LAST" (addresses)
 *   S p newlen index       -> the index-th block | "err"
 *   F pool len used...     -> next free block | "none"
 */
#include "policies/base.h"
#include "policies/cidr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_prefix(const void *a, const void *b)
{
	return cidr_cmp(a, b);
}

static u128 parse_u128(const char *s)
{
	u128 v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (u128)(*s++ - '0');
	return v;
}

int main(void)
{
	char line[65536], buf[CIDR_STRLEN], buf2[CIDR_STRLEN];

	while (fgets(line, sizeof(line), stdin)) {
		char *argv[1024];
		int argc = 0;
		struct prefix a, b, out;
		bool hb;

		line[strcspn(line, "\n")] = '\0';
		char *save = NULL;
		for (char *t = strtok_r(line, " ", &save); t && argc < 1024;
		     t = strtok_r(NULL, " ", &save))
			argv[argc++] = t;
		if (argc < 2)
			continue;
		switch (argv[0][0]) {
		case 'P':
			if (cidr_parse(argv[1], &a, &hb, NULL))
				puts("err");
			else
				printf("ok %s %d\n", cidr_format(&a, buf), hb);
			break;
		case 'O':
		case 'C':
			a = cidr_const(argv[1]);
			b = cidr_const(argv[2]);
			printf("%d\n", argv[0][0] == 'O' ? cidr_overlaps(&a, &b)
							 : cidr_contains(&a, &b));
			break;
		case 'R':
			a = cidr_const(argv[1]);
			b = a;
			b.addr = cidr_last(&a);
			printf("%s %s\n", cidr_format_addr(&a, buf), cidr_format_addr(&b, buf2));
			break;
		case 'S':
			a = cidr_const(argv[1]);
			if (cidr_split(&a, (unsigned)atoi(argv[2]), parse_u128(argv[3]), &out))
				puts("err");
			else
				puts(cidr_format(&out, buf));
			break;
		case 'F': {
			struct prefix *used = xcalloc((size_t)argc, sizeof(*used));
			size_t n = 0;
			a = cidr_const(argv[1]);
			for (int i = 3; i < argc; i++)
				used[n++] = cidr_const(argv[i]);
			qsort(used, n, sizeof(*used), cmp_prefix);
			if (cidr_next_free(&a, (unsigned)atoi(argv[2]), used, n, 0, &out))
				puts("none");
			else
				puts(cidr_format(&out, buf));
			free(used);
			break;
		}
		}
		fflush(stdout);
	}
	return 0;
}
