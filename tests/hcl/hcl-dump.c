/*
 * hcl-dump.c: the HCL reader from the command line, for the tests.
 *
 *   hcl-dump [--ranges] FILE...    each file's tree (hcl-sexp.h), one line
 *   hcl-dump --expr TEXT           one expression (hcl_parse_expr)
 *   hcl-dump --check FILE...       read each; print the errors; exit 1 on any
 *   hcl-dump --time N FILE...      read each N times; print MB/s
 *
 * "@LIST" stands for the files named in LIST, one a line.
 *
 * A file is read as JSON syntax when its name ends in .tf.json or .json
 * (.tfvars.json as a variables file), else as native syntax.
 */
#include "parsers/terraform/hcl.h"
#include "tests/hcl/hcl-sexp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int read_one(struct hcl_file *f, struct arena *a, const char *path, const char *buf,
		    size_t len, struct errlist *errs)
{
	if (ends_with(path, ".tfvars.json"))
		return hcl_parse_json(f, a, path, buf, len, HCL_JSON_VARS, NULL, errs);
	if (ends_with(path, ".json"))
		return hcl_parse_json(f, a, path, buf, len, HCL_JSON_CONFIG, NULL, errs);
	return hcl_parse(f, a, path, buf, len, NULL, errs);
}

static void print_errors(const struct errlist *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		fprintf(stderr, "%s:%u:%u: %s\n", errs->v[i].file, errs->v[i].line, errs->v[i].col,
			errs->v[i].msg);
}

/* Read one file, and print its tree, or only its errors, or its speed. */
static int dump_file(const char *path, bool ranges, bool check, long repeat)
{
	const char *why;
	size_t len;
	char *buf = file_read_all(path, (size_t)256 << 20, &len, &why);
	struct errlist errs;
	struct hcl_file f;
	struct arena a;
	int status = 0;

	if (!buf) {
		fprintf(stderr, "%s: %s\n", path, why);
		return 2;
	}
	errlist_init(&errs);
	if (repeat > 0) {
		/* CPU time: on a shared machine the wall clock counts others' work */
		struct timespec c0, c1, w0, w1;
		double cpu, wall;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
		clock_gettime(CLOCK_MONOTONIC, &w0);
		for (long r = 0; r < repeat; r++) {
			arena_init(&a);
			if (read_one(&f, &a, path, buf, len, &errs))
				status = 1;
			arena_release(&a);
		}
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		clock_gettime(CLOCK_MONOTONIC, &w1);
		cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
		wall = (double)(w1.tv_sec - w0.tv_sec) + (double)(w1.tv_nsec - w0.tv_nsec) / 1e9;
		printf("%s: %zu bytes x %ld: %.3f s of CPU, %.1f MB/s (wall %.3f s)\n", path, len,
		       repeat, cpu, (double)len * (double)repeat / cpu / 1e6, wall);
	} else {
		arena_init(&a);
		if (read_one(&f, &a, path, buf, len, &errs)) {
			status = 1;
		} else if (!check) {
			struct sbuf sb;
			sbuf_init(&sb, 0);
			hcl_sexp_body(&sb, f.body, ranges);
			printf("%s\n", sb.buf);
			sbuf_release(&sb);
		}
		arena_release(&a);
	}
	print_errors(&errs);
	errlist_release(&errs);
	free(buf);
	return status;
}

/* The files named in list, one a line. */
static int dump_list(const char *list, bool ranges, bool check, long repeat)
{
	const char *why;
	size_t len;
	char *buf = file_read_all(list, (size_t)16 << 20, &len, &why);
	int status = 0;

	if (!buf) {
		fprintf(stderr, "%s: %s\n", list, why);
		return 2;
	}
	for (char *line = buf, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line) - 1;
		else
			*nl = '\0';
		if (*line)
			status |= dump_file(line, ranges, check, repeat);
	}
	free(buf);
	return status;
}

int main(int argc, char **argv)
{
	bool ranges = false, check = false;
	long repeat = 0;
	int i = 1, status = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--ranges") == 0) {
			ranges = true;
		} else if (strcmp(argv[i], "--check") == 0) {
			check = true;
		} else if (strcmp(argv[i], "--time") == 0 && i + 1 < argc) {
			repeat = strtol(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "--expr") == 0 && i + 1 < argc) {
			struct arena a;
			struct errlist errs;
			struct sbuf sb;
			struct hcl_expr *e;
			arena_init(&a);
			errlist_init(&errs);
			sbuf_init(&sb, 0);
			e = hcl_parse_expr(&a, "<expr>", argv[i + 1], strlen(argv[i + 1]), NULL, &errs);
			if (e) {
				hcl_sexp_expr(&sb, e, ranges);
				printf("%s\n", sb.buf);
			}
			print_errors(&errs);
			sbuf_release(&sb);
			errlist_release(&errs);
			arena_release(&a);
			return e ? 0 : 1;
		} else {
			fprintf(stderr, "usage: hcl-dump [--ranges|--check|--time N] FILE... | "
				"--expr TEXT\n");
			return 2;
		}
	}
	for (; i < argc; i++) {
		if (argv[i][0] == '@') {
			status |= dump_list(argv[i] + 1, ranges, check, repeat);
			continue;
		}
		status |= dump_file(argv[i], ranges, check, repeat);
	}
	return status;
}
