/*
 * tfregistry.h: registry modules cidrlint understands from their
 * documented inputs when `terraform init` has not downloaded them (today:
 * terraform-aws-modules/vpc/aws).  Each is Terraform source written for
 * cidrlint that makes the same address space under the same resource
 * addresses as the real module, evaluated like any other module, and a
 * table that says which call argument each value comes from, so that a
 * finding points at what the user wrote in the module call.
 */
#ifndef CIDRLINT_TFREGISTRY_H
#define CIDRLINT_TFREGISTRY_H

#include "policies/base.h"

struct tf_registry_arg {
	const char *resource;   /* "aws_subnet.private" */
	const char *attribute;  /* "cidr_block" */
	const char *argument;   /* "private_subnets": the call's argument */
	bool per_instance;      /* instance i comes from element i of the argument */
};

struct tf_registry_module {
	const char *source;     /* "terraform-aws-modules/vpc/aws" */
	const char *name;       /* as shown: the module's "directory" */
	const char *text;       /* its Terraform source */
	const struct tf_registry_arg *args; /* ends with a NULL resource */
};

/* The module a registry source names, or NULL. */
const struct tf_registry_module *tf_registry_find(const char *source);

/*
 * The references (as a plan writes them: "aws_vpc.this[0].id") of the
 * module's local called name, in the order written, allocated from a;
 * *n is 0 when the module has no such local.  For a plan read without
 * its source, whose configuration shows `vpc_id = local.vpc_id` but not
 * the local: the module's own text says what the local refers to.
 */
const char **tf_registry_local_refs(struct arena *a, const struct tf_registry_module *m,
				    const char *name, size_t *n);

#endif
