/*
 * inventory.h: what already exists, read into network facts: `aws ec2
 * describe-vpcs` and `describe-subnets` output (also wrapped as recorded
 * responses, {"status_code": .., "data": {..}}) and CloudTrail logs ({"Records": [..]}) whose CreateVpc and
 * AssociateVpcCidrBlock events changed address space by hand.
 *
 * Each reader streams the large arrays element by element (jsonscan.h
 * finds them, cJSON parses one element at a time), so memory stays near
 * the size of the file.  Facts from an inventory are EXISTING;
 * facts from CloudTrail are changes (LC_CREATE) with their origin (who,
 * from where, when) in resource.origin.
 */
#ifndef CIDRLINT_INVENTORY_H
#define CIDRLINT_INVENTORY_H

#include "policies/facts.h"

struct inventory_options {
	const char *region;  /* --region, for resources whose input does not say */
	const char *account; /* --account */
};

/*
 * Read buf (the whole file at path; rel is the path relative to the source
 * root) as the given kind (INPUT_INVENTORY or INPUT_CLOUDTRAIL).  Returns the facts, or NULL after adding positioned
 * errors to errs when the input is malformed.
 */
struct facts *inventory_facts(const char *path, const char *rel, enum input_kind kind,
			      const char *buf, size_t len,
			      const struct inventory_options *opt, struct errlist *errs);

#endif
