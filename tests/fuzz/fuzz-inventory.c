/*
 * fuzz-inventory.c: libFuzzer harness for the readers of what exists:
 * describe-vpcs/describe-subnets, Terraform state in both formats,
 * CloudTrail in every shape (Records, lookup-events, EventBridge events
 * and lists), and IPAM resource CIDRs.  The first byte picks the reader
 * (its low two bits) and whether the rest is gzip to inflate first, as a
 * .json.gz log file is (0x80), within a 1 MiB limit.
 */
#include "parsers/aws/aws.h"
#include "parsers/readers.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum input_kind kinds[] = {INPUT_INVENTORY, INPUT_TFSTATE, INPUT_CLOUDTRAIL};
	struct read_options opt = {.region = "eu-west-1", .account = "111111111111"};
	struct aws_options ao = {.region = "eu-west-1", .account = "111111111111"};
	struct errlist errs, notes;
	struct facts *f = NULL;
	const char *buf = (const char *)data + 1, *why;
	char *plain = NULL;
	size_t len;

	if (!size)
		return 0;
	len = size - 1;
	if (data[0] & 0x80) {
		if (!(plain = text_gunzip(buf, len, (size_t)1 << 20, &len, &why)))
			return 0;
		buf = plain;
	}
	errlist_init(&errs);
	errlist_init(&notes);
	if ((data[0] & 3) == 3) {
		struct aws_input ai = {"fuzz.json", "fuzz.json", buf, len, &notes};
		f = aws_ipam_facts(&ai, &ao, &errs);
	} else {
		struct read_input in = {.path = "fuzz.json", .rel = "fuzz.json", .buf = buf, .len = len,
					.notes = &notes};
		reader_for_kind(kinds[data[0] & 3])->read(&in, &opt, &f, &errs);
	}
	facts_free(f);
	errlist_release(&errs);
	errlist_release(&notes);
	free(plain);
	return 0;
}
