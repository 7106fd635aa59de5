/*
 * parse-only.c: the benchmark's baseline: read a file and parse it whole
 * with cJSON, as a tool that builds one tree for the plan would.
 * Prints the seconds spent parsing; peak memory is measured from outside.
 */
#include "policies/base.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	const char *why;
	size_t len;
	char *buf;
	cJSON *root;
	struct timespec t0, t1;

	if (argc != 2) {
		fprintf(stderr, "usage: parse-only FILE\n");
		return 2;
	}
	buf = file_read_all(argv[1], (size_t)4 << 30, &len, &why);
	if (!buf) {
		fprintf(stderr, "%s: %s\n", argv[1], why);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	root = cJSON_ParseWithLength(buf, len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!root) {
		fprintf(stderr, "%s: not JSON\n", argv[1]);
		return 1;
	}
	printf("parsed %zu bytes in %.3f s\n", len,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	cJSON_Delete(root);
	free(buf);
	return 0;
}
