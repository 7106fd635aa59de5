/*
 * tfplan.h: Terraform plans (`terraform show -json plan.out`, format 0.x
 * and 1.x) into network facts: the VPCs, associations, subnets and IPAM
 * allocations of resource_changes with their actions, linked to their VPCs
 * through the configuration's references when vpc_id is known only after
 * apply, and located in the .tf files they came from.
 *
 * The plan is never parsed as one tree: the top-level members and the
 * elements of the large arrays are found with jsonscan.h, and each element
 * is parsed with cJSON, read, and dropped.  Memory stays near the file's
 * size; time stays near one pass over it.
 */
#ifndef CIDRLINT_TFPLAN_H
#define CIDRLINT_TFPLAN_H

#include "policies/facts.h"

struct tfplan_options {
	const char *region;      /* --region: when the provider's region is not a constant */
	const char *account;     /* --account */
	const char *source_root; /* where the root module's .tf files are when the
				  * plan's directory has none; NULL: nowhere else */
	const char *const *keep_tags; /* the tags to keep (tag_kept()); NULL: all */
	bool discard;            /* buf is a file mapping: drop pages once read */
	/* When set, called with each top-level key of the plan as read
	 * (raw, between the quotes). */
	void (*top_key)(void *ctx, const char *key, size_t len);
	void *top_key_ctx;
};

struct facts *tfplan_facts(const char *path, const char *rel, const char *buf, size_t len,
			   const struct tfplan_options *opt, struct errlist *errs);

#endif
