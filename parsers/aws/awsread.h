/*
 * awsread.h: what the readers of parsers/aws share (not for use outside
 * that folder): the state of one file being read, and the helpers that
 * turn the fields of an AWS export into resources and values.
 *
 * Ownership: a struct awsread owns its facts until awsread_finish() hands
 * them over (or frees them when the input failed).
 */
#ifndef CIDRLINT_AWSREAD_H
#define CIDRLINT_AWSREAD_H

#include "parsers/aws/aws.h"
#include "parsers/jsonelem.h"

struct awsread {
	struct jel j;
	struct facts *f;
	const struct aws_options *opt;
	struct errlist *notes; /* NULL: notes are dropped */
	bool fatal; /* not of its kind at all, or a version not read: fails */
};

/* Start reading in as kind.  Returns the first value of the text, or NULL
 * after an error when there is none. */
const char *awsread_start(struct awsread *r, const struct aws_input *in, enum input_kind kind,
			  const struct aws_options *opt, struct errlist *errs);
/* The spans of the top-level members keys of the object at top (what
 * names the input for the error when it is none).  With next, the text
 * may hold more objects after it (jel_scan_top_seq); NULL: nothing may
 * follow. */
bool awsread_top(struct awsread *r, const char *top, const char *what, const char *const *keys,
		 struct jel_span *spans, size_t nkeys, const char **next);
/* The facts, or NULL (freed) when the text was not JSON or r->fatal. */
struct facts *awsread_finish(struct awsread *r);

/* Does an association state occupy address space? */
bool aws_state_occupies(const char *state);

/* What every resource read here carries.  region and account are the
 * input's own when it says, else the command line's. */
void aws_fill(struct awsread *r, struct resource *res, const char *name, const char *type,
	      const char *aws_id, const char *region, const char *account, struct loc loc);
/* Tags written as a list of {k, v} objects ({Key, Value} or {key, value}). */
void aws_tag_list(struct awsread *r, struct vpc *vpc, const cJSON *list, const char *k,
		  const char *v);
/* A KNOWN value from text, at loc. */
void aws_set(struct awsread *r, struct cidr_value *v, const char *text, int family,
	     struct loc loc);
/* A reference to the VPC of AWS id vpc_id, written at loc. */
void aws_ref(struct awsread *r, struct vpc_ref *ref, const char *vpc_id, struct loc loc);

#endif
