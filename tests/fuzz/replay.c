/*
 * replay.c: run a fuzz harness over files without libFuzzer, so the
 * crashers kept under fixtures/fuzz-regressions are replayed by every
 * build (and under the sanitizers) in CTest.
 */
#include "policies/base.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *why;
		size_t len;
		char *buf = file_read_all(argv[i], (size_t)64 << 20, &len, &why);
		if (!buf) {
			fprintf(stderr, "%s: %s\n", argv[i], why);
			return 2;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
		free(buf);
	}
	printf("replayed %d input%s\n", argc - 1, argc == 2 ? "" : "s");
	return 0;
}
