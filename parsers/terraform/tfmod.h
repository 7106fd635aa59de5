/*
 * tfmod.h: a Terraform module as written: the .tf and .tf.json files of one
 * directory, read (hcl.h) and indexed by what Terraform declares in them:
 * variables, locals, outputs, resources and data sources, module calls and
 * provider configurations.  Nothing is evaluated here (tfsrc.c does that,
 * per module instance); what is checked is what `terraform validate` checks
 * of the structure: one declaration per name, labels present, a meta
 * argument of the right shape.
 *
 * Ownership: a struct tf_module owns its arena, which holds the files'
 * text, their syntax trees and the index; tf_module_free() releases all.
 */
#ifndef CIDRLINT_TFMOD_H
#define CIDRLINT_TFMOD_H

#include "parsers/terraform/hcl.h"

struct tf_var {
	const char *name;
	const struct hcl_block *block;
	const struct hcl_expr *def;        /* default, or NULL */
	const struct hcl_expr *type;       /* type, or NULL */
	bool nullable;                     /* nullable (default true) */
};

struct tf_local {
	const char *name;
	const struct hcl_attr *attr;
};

struct tf_output {
	const char *name;
	const struct hcl_block *block;
	const struct hcl_attr *value;      /* NULL when the block has none */
};

struct tf_res {
	bool data;                         /* a data source */
	const char *type, *name;
	const char *key;                   /* "aws_vpc.main", "data.aws_vpc.x" */
	const struct hcl_block *block;
	const struct hcl_expr *count;      /* or NULL */
	const struct hcl_expr *for_each;   /* or NULL */
	const char *provider;              /* "aws.west" from provider =, or NULL */
	const char *file;                  /* the file it is declared in, as shown */
};

struct tf_call {
	const char *name;
	const struct hcl_block *block;
	const char *source;                /* the source string, or NULL */
	const char *version;               /* the version constraint, or NULL */
	const struct hcl_expr *count;
	const struct hcl_expr *for_each;
	const struct hcl_expr *providers;  /* the providers map, or NULL */
	const char *file;
};

struct tf_provider {
	const char *name;                  /* "aws" */
	const char *alias;                 /* or NULL */
	const char *key;                   /* "aws", "aws.west" */
	const struct hcl_block *block;
};

struct tf_registry_module;

struct tf_module {
	struct arena arena;
	const char *dir;                   /* as shown: "infra/net", "." */
	bool downloaded;                   /* read from .terraform/modules: not the
					    * user's code (findings go to the call) */
	const struct tf_registry_module *registry; /* an emulated registry
					    * module (tfregistry.h), or NULL */
	struct hcl_file **files;
	size_t nfiles;
	bool failed;                       /* a file could not be read or parsed */
	struct tf_var *vars;
	size_t nvars;
	struct tf_local *locals;
	size_t nlocals;
	struct tf_output *outputs;
	size_t noutputs;
	struct tf_res *res;
	size_t nres;
	struct tf_call *calls;
	size_t ncalls;
	struct tf_provider *providers;
	size_t nproviders;
	struct strmap by_name;             /* "var.x", "local.x", "output.x",
					    * "aws_vpc.main", "data.T.N", "module.x",
					    * "provider.aws.west" -> the declaration */
};

/* Bounds on what one directory may hold. */
#define TF_MAX_FILES 10000
#define TF_MAX_FILE_BYTES ((size_t)64 << 20)

/* Is name a Terraform configuration file (.tf, .tf.json; not an
 * override file's name rules, which tf_module_read applies)? */
bool tf_is_config_name(const char *name);
/* Is name a variable definitions file (.tfvars, .tfvars.json)? */
bool tf_is_vars_name(const char *name);

/*
 * Read the configuration files of directory dir (path as shown; files are
 * read in lexical order, as Terraform reads them).  Syntax and structure
 * errors go to errs with their positions; a module with errors is still
 * returned, with failed set.  NULL only when the directory cannot be
 * listed (after an error).
 */
struct tf_module *tf_module_read(const char *dir, struct errlist *errs);
void tf_module_free(struct tf_module *m);
/* A module from Terraform source in memory (a registry module cidrlint
 * emulates); name stands for its directory in messages. */
struct tf_module *tf_module_from_text(const char *name, const char *text, struct errlist *errs);

/* The declaration `kind.name` ("var.cidr", "aws_vpc.main", "module.net",
 * "data.aws_vpc.x", "local.azs", "output.vpc_id"), or NULL. */
const void *tf_module_find(const struct tf_module *m, const char *key);

/* Join a module directory and a relative path, lexically ("a/b" + "../c"
 * is "a/c"; "." + "./m" is "m").  From arena a. */
const char *tf_path_join(struct arena *a, const char *dir, const char *rel);

#endif
