/*
 * tfsrc.h: Terraform source (.tf, .tf.json, .tfvars) into network facts,
 * with no plan: what users commit, so the pre-commit hook and the CI gate
 * judge it before `terraform init` or `terraform plan` ever run.
 *
 * Each root module (a directory of .tf files given to the run) is read with
 * its variables (defaults, terraform.tfvars, *.auto.tfvars, --var-file,
 * --var, in Terraform's precedence), locals, module calls (local sources,
 * modules `terraform init` downloaded, the registry VPC module from its
 * documented inputs), count and for_each instances, and provider regions
 * and default tags; every instance of a resource type the one mapping
 * (tfres.h) reads becomes a fact, located at the attribute that holds its
 * CIDR.  A value Terraform knows only at apply time stays unknown with the
 * reason, and `x.id` is a link to x, never a value.  A directory that
 * another root of the run calls as a module is not also a root.
 *
 * Ownership: a struct tfsrc owns the modules it read; the facts it returns
 * are the caller's (world_add takes them).
 */
#ifndef CIDRLINT_TFSRC_H
#define CIDRLINT_TFSRC_H

#include "policies/facts.h"

/* --var-file FILE or --var NAME=VALUE, in command-line order. */
struct tf_var_arg {
	const char *file;            /* --var-file, or NULL */
	const char *name, *value;    /* --var */
};

struct tfsrc_options {
	const char *region, *account; /* --region, --account: when no provider says */
	const char *const *keep_tags; /* the tags to keep (tag_kept()); NULL: all */
	const char *workspace;        /* --workspace; NULL: "default" */
	const struct tf_var_arg *vars;
	size_t nvars;
	/* The path of a file relative to the source root, for facts (SARIF
	 * URIs, address-plan globs); NULL: the path as shown. */
	char *(*relative)(void *ctx, const char *path); /* result free()d by tfsrc */
	void *ctx;
};

/* Bounds (hostile input): each gives a positioned error when passed. */
#define TF_MAX_MODULE_NESTING 32   /* module calls inside module calls */
#define TF_MAX_MODULE_INSTANCES 10000 /* module instances in one root */
#define TF_MAX_INSTANCES 100000    /* instances of one resource (count, for_each) */
#define TF_MAX_REF_DEPTH 64        /* references evaluated inside references */

struct tfsrc;

struct tfsrc *tfsrc_new(const struct tfsrc_options *opt);
void tfsrc_free(struct tfsrc *ts);

/* A directory of .tf files given to the run (as shown), a root unless
 * another root calls it. */
void tfsrc_add_dir(struct tfsrc *ts, const char *dir);

/*
 * Read every directory added, decide the roots, evaluate each, and append
 * one struct facts per root to *out (the caller owns them).  Errors
 * (syntax, cycles, values Terraform would refuse) go to errs with their
 * positions.
 */
void tfsrc_read(struct tfsrc *ts, struct facts ***out, size_t *nout, size_t *capout,
		struct errlist *errs);

/* The directories read as roots, after tfsrc_read, and those called as
 * modules (not roots): for the run's report of what it read. */
size_t tfsrc_roots(const struct tfsrc *ts, const char ***dirs);

#endif
