/*
 * fuzz-inventory.c: libFuzzer harness for the inventory readers:
 * describe-vpcs/describe-subnets, Terraform state in both formats, and
 * CloudTrail logs.  The first byte picks the kind.
 */
#include "parsers/readers.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum input_kind kinds[] = {INPUT_INVENTORY, INPUT_TFSTATE, INPUT_CLOUDTRAIL};
	struct read_options opt = {.region = "eu-west-1", .account = "111111111111"};
	struct read_input in = {"fuzz.json", "fuzz.json", (const char *)data + 1, size - 1, false, NULL};
	struct errlist errs;
	struct facts *f;

	if (!size)
		return 0;
	errlist_init(&errs);
	f = NULL;
	reader_for_kind(kinds[data[0] % 3])->read(&in, &opt, &f, &errs);
	facts_free(f);
	errlist_release(&errs);
	return 0;
}
