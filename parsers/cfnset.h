/*
 * cfnset.h: the CloudFormation stack set, what crosses templates in one
 * run.  Every template of a run is handed to the set first; the set then
 * reads them together, in two passes:
 *
 *  1. every template (and every nested stack it creates) is evaluated for
 *     its Outputs: an Output with Export.Name is an export of the stack's
 *     account and region;
 *  2. every template becomes facts (cfn.h), with Fn::ImportValue resolved
 *     against those exports, nested stacks read with their Parameters
 *     bound and their Outputs given back to Fn::GetAtt Stack.Outputs.Name.
 *
 * Exports are matched by name in the importer's account and region: an
 * account or region that is not known (no --account/--region, a CDK
 * environment of unknown-account/unknown-region) matches any, and a name
 * that more than one template exports there, with different values, stays
 * unknown.  Pass 1 runs again while exports built from other exports gain
 * values (at most CFN_SET_ROUNDS times).
 *
 * Nested stacks: an AWS::CloudFormation::Stack whose TemplateURL is a
 * local path (relative to the parent's file), or whose Metadata names the
 * CDK asset of its template (aws:asset:path), is read as a child; an
 * https or s3 URL stays unknown with a note.  A template that another
 * template of the run nests is read as that child, not again on its own.
 * A cycle or nesting deeper than CFN_SET_MAX_DEPTH is an error at the
 * TemplateURL.  Findings in a child carry the chain of parents.
 *
 * A CDK cloud assembly (its manifest.json): the stacks it lists are read
 * with their environment's account and region and their parameters.
 *
 * Ownership: the set owns the documents handed to it and everything it
 * reads; the facts it returns belong to the caller.
 */
#ifndef CIDRLINT_CFNSET_H
#define CIDRLINT_CFNSET_H

#include "parsers/cfn.h"

#define CFN_SET_MAX_DEPTH 16
#define CFN_SET_ROUNDS 4

struct cfn_set;

/* relative(ctx, path): path relative to the source root, malloc'd. */
struct cfn_set *cfn_set_new(const struct cfn_options *opt,
			    char *(*relative)(void *ctx, const char *path), void *ctx);
void cfn_set_free(struct cfn_set *s);

/* Hand a template to the set: d (malloc'd, read, detected) is the set's
 * from now on; rel is its path relative to the source root. */
void cfn_set_add(struct cfn_set *s, struct doc *d, const char *rel);

/* Is root the manifest.json of a CDK cloud assembly? */
bool cfn_is_assembly(const struct node *root);
/* Hand a cloud assembly's manifest to the set (d is the set's from now
 * on).  Returns -1, with errors added, when it is malformed. */
int cfn_set_add_assembly(struct cfn_set *s, struct doc *d, struct errlist *errs);

/* Read everything handed to the set: facts are pushed onto *out. */
void cfn_set_read(struct cfn_set *s, struct facts ***out, size_t *n, size_t *cap,
		  struct errlist *errs);

#endif
