/*
 * linkspec.h: how a resource type of a reader becomes a connectivity link
 * (policies/facts.h struct link): which attribute or property holds each
 * end, the destination, and the switches of a transit gateway's default
 * route table.  CloudFormation (parsers/cfn.c) and Terraform
 * (parsers/terraform/tfres.c) each have one table of these.
 */
#ifndef CIDRLINT_LINKSPEC_H
#define CIDRLINT_LINKSPEC_H

#include "policies/facts.h"

#include <string.h>

struct link_spec {
	const char *type;
	enum link_kind kind;
	const char *a, *b, *x;      /* the ends (facts.h link_kind says which is which) */
	const char *const *targets; /* LINK_ROUTE: the target attributes; the one set is x */
	const char *dest, *dest6;   /* destination, IPv4 and IPv6 */
	const char *no_assoc;       /* "disable" (or false) turns the default */
	const char *no_prop;        /* association / propagation off */
	const char *peer_account, *peer_region;
	const char *static_only;    /* LINK_VPN */
	const char *blackhole;      /* LINK_TGW_ROUTE: a bool */
	const char *att_id;         /* LINK_VPN: its transit gateway attachment's id */
	bool dest_any;              /* dest takes either family (dest6 unused) */
	const struct link_spec *inline_routes; /* LINK_RTB: routes written in the
						* table (Terraform's route blocks):
						* .type is the attribute holding them */
};

static inline const struct link_spec *link_spec_find(const struct link_spec *v, size_t n,
						     const char *type)
{
	for (size_t i = 0; type && i < n; i++)
		if (strcmp(v[i].type, type) == 0)
			return &v[i];
	return NULL;
}

#endif
