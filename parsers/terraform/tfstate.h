/*
 * tfstate.h: Terraform state into network facts: `terraform show -json`
 * of a state, and the raw terraform.tfstate (version 4, Terraform 0.12 and
 * later).  Everything in a state exists (LC_EXISTING) and its values are
 * what AWS recorded, so an instance of the wrong shape (a VPC with no
 * cidr_block, a subnet with no vpc_id) is a positioned error and is
 * skipped; the rest of the state is still read.  Large states are read
 * one element at a time (jsonelem.h).
 */
#ifndef CIDRLINT_TFSTATE_H
#define CIDRLINT_TFSTATE_H

#include "policies/facts.h"

struct facts *tfstate_facts(const char *path, const char *rel, const char *buf, size_t len,
			    const char *region, const char *account, const char *const *keep_tags,
			    struct errlist *errs);

#endif
