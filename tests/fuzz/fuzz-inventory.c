/*
 * fuzz-inventory.c: libFuzzer harness for the inventory readers:
 * describe-vpcs/describe-subnets, Terraform state in both formats, and
 * CloudTrail logs.  The first byte picks the kind.
 */
#include "parsers/inventory.h"
#include "parsers/terraform/tfstate.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum input_kind kinds[] = {INPUT_INVENTORY, INPUT_TFSTATE, INPUT_CLOUDTRAIL};
	struct inventory_options opt = {"eu-west-1", "111111111111"};
	struct errlist errs;
	struct facts *f;

	if (!size)
		return 0;
	errlist_init(&errs);
	if (kinds[data[0] % 3] == INPUT_TFSTATE)
		f = tfstate_facts("fuzz.json", "fuzz.json", (const char *)data + 1, size - 1, opt.region,
				  opt.account, &errs);
	else
		f = inventory_facts("fuzz.json", "fuzz.json", kinds[data[0] % 3], (const char *)data + 1,
				    size - 1, &opt, &errs);
	facts_free(f);
	errlist_release(&errs);
	return 0;
}
