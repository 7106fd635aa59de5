/*
 * fuzz-cfnparams.c: libFuzzer harness for CloudFormation parameter files
 * (parsers/cfnparams.c, through the positioned JSON reader), and for what
 * the values read do to a template that uses them: each becomes a CIDR, a
 * list for Fn::Select, a condition's operand and a count for Fn::Cidr.
 */
#include "parsers/cfn.h"
#include "parsers/cfnparams.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char template_text[] =
	"Parameters:\n"
	"  Cidr: {Type: String}\n"
	"  List: {Type: CommaDelimitedList, Default: '10.0.0.0/16,10.1.0.0/16'}\n"
	"  Env: {Type: String, AllowedValues: [prod, dev], Default: dev}\n"
	"  Count: {Type: Number, Default: 2}\n"
	"Conditions:\n"
	"  Prod: !Equals [!Ref Env, prod]\n"
	"Resources:\n"
	"  Vpc:\n"
	"    Type: AWS::EC2::VPC\n"
	"    Properties: {CidrBlock: !If [Prod, !Ref Cidr, !Select [0, !Ref List]]}\n"
	"  Subnet:\n"
	"    Type: AWS::EC2::Subnet\n"
	"    Properties:\n"
	"      VpcId: !Ref Vpc\n"
	"      CidrBlock: !Select [0, !Cidr [!Ref Cidr, !Ref Count, 8]]\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the template is the same for every input: read it once (cfn_facts
	 * does not change the document) */
	static struct doc d;
	static bool have_doc;
	struct cfn_param *params = NULL;
	size_t n = 0, cap = 0;
	struct errlist errs;

	errlist_init(&errs);
	if (!have_doc) {
		doc_init(&d, "t.yaml");
		if (doc_read_yaml(&d, template_text, strlen(template_text), NULL, &errs) != 0)
			abort();
		have_doc = true;
	}
	if (cfnparams_parse("fuzz.json", (const char *)data, size, &params, &n, &cap, &errs) == 0) {
		struct cfn_options opt = {.params = params, .nparams = n, .max_steps = 200000};
		struct facts *f = cfn_facts(&d, "t.yaml", &opt, &errs);
		facts_free(f);
	}
	for (size_t i = 0; i < n; i++) {
		free((char *)params[i].key);
		free((char *)params[i].value);
	}
	free(params);
	errlist_release(&errs);
	return 0;
}
