/*
 * aws.h: what AWS itself says exists, read into network facts, one reader
 * per source of AWS truth:
 *  - describe.c: `aws ec2 describe-vpcs` and `describe-subnets` output
 *    (also wrapped as recorded responses, {"status_code": .., "data": ..});
 *  - cloudtrail.c: CloudTrail records whose CreateVpc and
 *    AssociateVpcCidrBlock events changed address space by hand, as
 *    CloudTrail writes them ({"Records": [..]}, also gzipped as S3 stores
 *    them: linter/inputs.c inflates those), as `aws cloudtrail
 *    lookup-events` prints them (each record a JSON string), and as
 *    EventBridge delivers them ("AWS API Call via CloudTrail" events, one
 *    or a list);
 *  - ipam.c: `aws ec2 get-ipam-resource-cidrs` output, the VPC and subnet
 *    CIDRs IPAM monitors across an organisation's accounts and regions.
 *
 * Each reader streams the large arrays element by element (jsonelem.h),
 * so memory stays near the size of the file.  Facts from describe output
 * are EXISTING; facts from CloudTrail are changes (LC_CREATE) with their
 * origin (what happened, who, from where, when) in resource.origin.
 * Each returns the facts, or NULL after adding positioned errors to errs
 * when the input is malformed.
 */
#ifndef CIDRLINT_AWS_H
#define CIDRLINT_AWS_H

#include "policies/facts.h"

struct aws_options {
	const char *region;  /* --region, for resources whose input does not say */
	const char *account; /* --account */
	const char *const *keep_tags; /* the tags to keep (tag_kept()); NULL: all */
};

/* One file: buf is the whole text of path; rel is path relative to the
 * source root.  notes receives what is worth saying and is no error (a
 * call AWS rejected); NULL drops it. */
struct aws_input {
	const char *path, *rel;
	const char *buf;
	size_t len;
	struct errlist *notes;
};

struct facts *aws_describe_facts(const struct aws_input *in, const struct aws_options *opt,
				 struct errlist *errs);
struct facts *aws_cloudtrail_facts(const struct aws_input *in, const struct aws_options *opt,
				   struct errlist *errs);
struct facts *aws_ipam_facts(const struct aws_input *in, const struct aws_options *opt,
			     struct errlist *errs);

#endif
