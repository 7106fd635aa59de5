/*
 * cfn.h: CloudFormation templates (YAML with every short-form tag, and
 * JSON) into network facts.  Intrinsic functions are evaluated where their
 * inputs are known; what cannot be known becomes UNRESOLVED with the
 * reason, never a guess.  Parameters with AllowedValues and no value from
 * the user are evaluated in every combination up to a cap; each fact then
 * carries the combinations in which it holds.
 */
#ifndef CIDRLINT_CFN_H
#define CIDRLINT_CFN_H

#include "parsers/doc.h"
#include "policies/facts.h"

struct cfn_links;

struct cfn_param {
	const char *key, *value;
	const char *file;    /* borrowed: the parameter file, or NULL (--parameter) */
	unsigned line, col;  /* of the value in file */
};

struct cfn_options {
	const char *region;           /* --region, or NULL */
	const char *account;          /* --account, or NULL */
	const struct cfn_param *params; /* --parameter / --parameters */
	size_t nparams;
	unsigned max_combinations;    /* 0: CFN_MAX_COMBINATIONS */
	unsigned long max_steps;      /* 0: CFN_MAX_STEPS */
	const struct cfn_links *links; /* the stack set (cfnset.h); NULL: a lone template */
	const char *stack_name;       /* AWS::StackName when known (a CDK manifest), or NULL */
	const char *const *keep_tags; /* the tags to keep (tag_kept()); NULL: all */
};
#define CFN_MAX_COMBINATIONS 64
#define CFN_MAX_STEPS 2000000UL
/* Resources a template may make through Fn::ForEach: memory, not only
 * time, is bounded (CloudFormation itself allows 500 in one template) */
#define CFN_MAX_RESOURCES 10000

/*
 * Is this document a CloudFormation template (Resources with AWS:: types)?
 * With named (a file named on the command line), a template whose
 * resources are only registry or module types (Alexa::ASK::Skill,
 * My::Org::Network::MODULE) counts too.
 */
bool cfn_detect(const struct node *root, bool named);

/*
 * Facts of the template in d (already read; d->file names it).  rel is
 * the path relative to the source root.  Returns NULL, with errors added,
 * when the template is malformed beyond use.
 */
struct facts *cfn_facts(const struct doc *d, const char *rel,
			const struct cfn_options *opt, struct errlist *errs);

#endif
