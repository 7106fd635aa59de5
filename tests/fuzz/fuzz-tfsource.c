/*
 * fuzz-tfsource.c: libFuzzer harness for the .tf source mapping
 * (parsers/terraform/tfsource.c): the block-header scan, the block end
 * (strings, comments, braces) and the attribute search, and local module
 * paths.  The input is one .tf file of the root module; its first line is
 * also tried as a module source.
 */
#include "parsers/terraform/tfsource.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const finds[][4] = {
		{"resource", "aws_vpc", "main", "cidr_block"},
		{"resource", "aws_vpc_ipv4_cidr_block_association", "secondary", "cidr_block"},
		{"resource", "aws_subnet", "a", "ipv6_cidr_block"},
		{"data", "aws_vpc", "main", NULL},
		{"module", "vpc", NULL, "cidr"},
	};
	struct tfsource *ts = tfsource_new("/nonexistent-fuzz-root");
	const char *text = (const char *)data, *nl = memchr(text, '\n', size);
	struct loc out;
	char *first;

	tfsource_add_text(ts, "", "main.tf", text, size);
	for (size_t i = 0; i < ARRAY_SIZE(finds); i++)
		tfsource_find(ts, "", finds[i][0], finds[i][1], finds[i][2], finds[i][3], &out);
	first = malloc((nl ? (size_t)(nl - text) : size) + 1);
	memcpy(first, text, nl ? (size_t)(nl - text) : size);
	first[nl ? (size_t)(nl - text) : size] = '\0';
	tfsource_module_dir(ts, "modules/net", first);
	free(first);
	tfsource_free(ts);
	return 0;
}
