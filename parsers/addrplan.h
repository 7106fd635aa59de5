/*
 * addrplan.h: reading the address plan (.cidrlint.yaml) into struct
 * addr_plan.  Every error (unknown key, wrong type, bad CIDR, bad regex,
 * segments whose ranges overlap) is added to errs with file:line:column.
 */
#ifndef CIDRLINT_ADDRPLAN_H
#define CIDRLINT_ADDRPLAN_H

#include "policies/plan.h"

/*
 * Parse buf as the address plan at path.  Returns the plan (free with
 * plan_free()) or NULL when any error was found; every error is in errs.
 */
struct addr_plan *addrplan_parse(const char *path, const char *buf, size_t len,
				 struct errlist *errs);

/* Read and parse the file at path. */
struct addr_plan *addrplan_load(const char *path, struct errlist *errs);

#endif
