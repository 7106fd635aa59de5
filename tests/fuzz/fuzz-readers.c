/*
 * fuzz-readers.c: libFuzzer harness for input detection and the reader
 * table (parsers/readers.c readers_read): random bytes are sniffed (JSON
 * or not, the top-level keys), handed to whichever reader claims them
 * (CloudFormation YAML or JSON, plan, state, inventory, CloudTrail), as a
 * file named on the command line and as one found in a directory.
 */
#include "parsers/readers.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct read_options opt = {.region = "eu-west-1", .account = "111111111111",
				   .source_root = "/nonexistent-fuzz-root", .max_combinations = 8};
	/* in a directory that does not exist, so that no reader lists or
	 * reads the directory the fuzzer runs in (a plan's .tf files, a
	 * nested stack's TemplateURL) */
	struct read_input in = {.path = "/nonexistent-fuzz-root/fuzz", .rel = "fuzz",
				.buf = (const char *)data, .len = size};

	for (int explicit = 0; explicit < 2; explicit++) {
		struct errlist errs;
		struct facts *f = NULL;
		enum input_kind kind;

		errlist_init(&errs);
		readers_read(&in, &opt, explicit, &f, &kind, &errs);
		facts_free(f);
		errlist_release(&errs);
	}
	return 0;
}
