/*
 * tfmerge.h: a plan read together with the source of its root module.
 *
 * A plan knows values (what Terraform computed with the real variables and
 * state) but records references only as text, so a subnet whose vpc_id is
 * `local.vpc_id` cannot be linked from the plan alone, and its JSON is one
 * line with no place a user can fix.  The source knows where everything is
 * written and follows locals and module outputs.  Read together, the plan
 * wins for values, the source gives places (with the origins of values:
 * the .tfvars line, the module argument) and the links the plan cannot
 * express, and a value in the plan that the source cannot produce with the
 * given variables is said in a note, not hidden.
 */
#ifndef CIDRLINT_TFMERGE_H
#define CIDRLINT_TFMERGE_H

#include "policies/facts.h"

/* Merge what src (INPUT_TFSRC of the plan's root module) knows into plan
 * (INPUT_TFPLAN); src is left for the caller to free.  Disagreements go to
 * notes (they do not fail the run). */
void tf_merge_plan_source(struct facts *plan, const struct facts *src, struct errlist *notes);

#endif
