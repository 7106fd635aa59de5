/*
 * cfnparams.h: CloudFormation parameter files for --parameters, in the
 * three shapes users have: aws-cli ([{"ParameterKey": k, "ParameterValue":
 * v}]), plain ({"k": "v"}) and CodePipeline ({"Parameters": {"k": "v"}}).
 */
#ifndef CIDRLINT_CFNPARAMS_H
#define CIDRLINT_CFNPARAMS_H

#include "parsers/cfn.h"

/*
 * Append the parameters in buf to *params (xrealloc'd; the strings are
 * xstrdup'd and owned by the caller).  Returns 0, or -1 with an error at
 * file:line:col in errs.
 */
int cfnparams_parse(const char *file, const char *buf, size_t len,
		    struct cfn_param **params, size_t *n, size_t *cap,
		    struct errlist *errs);

#endif
