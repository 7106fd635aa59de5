/*
 * tfres.h: the one mapping from a Terraform resource instance to network
 * facts, shared by plans, states and source: which resource types carry
 * address space, which attribute holds what, and what an unknown value,
 * an IPAM pool or an Amazon-provided block means.  A reader shows one
 * instance through struct tf_instance (get an attribute, list the tags)
 * and gets back the fact it became; adding a resource type is one row in
 * tfres.c.
 *
 * Linking to a VPC is the reader's: a known vpc_id is an AWS id; an
 * unknown one may say which resource instance's id it is (source), or the
 * reader finds it through the plan's configuration.
 */
#ifndef CIDRLINT_TFRES_H
#define CIDRLINT_TFRES_H

#include "policies/facts.h"

enum tfa_kind {
	TFA_ABSENT,  /* not in the instance at all */
	TFA_NULL,
	TFA_UNKNOWN, /* known only after apply (plan), or not computable (source) */
	TFA_STRING,
	TFA_NUMBER,
	TFA_BOOL,
	TFA_OTHER,   /* a list, a map: no attribute read here takes one */
};

/* One attribute of an instance, as a reader shows it.  Strings are
 * borrowed: the mapping copies what it keeps. */
struct tf_attr {
	uint8_t kind;            /* enum tfa_kind */
	bool b;                  /* TFA_BOOL */
	double num;              /* TFA_NUMBER */
	const char *str;         /* TFA_STRING */
	const char *why;         /* TFA_UNKNOWN: the reason, or NULL for "known after apply" */
	const char *link;        /* TFA_UNKNOWN: the id of this resource instance */
	const char *rel_base;    /* TFA_UNKNOWN CIDR inside another unknown block: */
	struct prefix rel;       /* its place there (facts.h cidr_value) */
	struct loc loc;          /* where it is written; file NULL: ask locate() */
};

struct tf_instance {
	const char *type;        /* "aws_subnet" */
	const char *address;     /* "module.net.aws_subnet.a[0]", as Terraform writes it */
	enum lifecycle lc;
	bool data;               /* a data source: reads what exists */
	bool recorded;           /* a state: the values are what AWS recorded, so a
				  * missing block or vpc_id is a broken input */
	bool declared;           /* every attribute shown was written by the user
				  * (source): an unknown one is still asked for */
	const char *source;      /* "the plan", "the state", "the configuration" */
	struct loc loc;          /* the declaration */
	const char *region;      /* when no attribute says (provider, --region) */
	const char *account;     /* when no attribute says (--account) */
	const char *const *keep_tags; /* the tags to keep (tag_kept()); NULL: all */
	/* The attribute key; out is zeroed by the caller. */
	void (*get)(void *ctx, const char *key, struct tf_attr *out);
	/* Where attribute key is written, when get() does not say (finding a
	 * place can cost a scan: asked only for what a fact keeps); NULL: at
	 * the instance. */
	void (*locate)(void *ctx, const char *key, struct loc *out);
	/* Call add(arg, key, value) for each tag (tags_all, else tags). */
	void (*tags)(void *ctx, void (*add)(void *arg, const char *key, const char *value),
		     void *arg);
	/* A recorded instance of the wrong shape: the reader positions the
	 * message at key (NULL: the instance).  The instance is skipped. */
	void (*error)(void *ctx, const char *key, const char *msg);
	/* The elements of attribute key when it is a list of objects (the
	 * nested `route` blocks of aws_route_table): each(arg, el, i) for
	 * element i, shown as an instance of its own whose type, address,
	 * lifecycle and flags are in's.  Returns false when the list itself is
	 * known only after apply.  NULL: the reader shows no elements. */
	bool (*elements)(void *ctx, const struct tf_instance *in, const char *key,
			 void (*each)(void *arg, const struct tf_instance *el, size_t i), void *arg);
	void *ctx;
};

/* What an instance became. */
struct tf_fact {
	enum res_kind kind;
	struct resource *r;      /* NULL: no fact (not a type read here, skipped) */
	struct vpc *vpc;         /* RES_VPC */
	struct vpc_ref *ref;     /* RES_ASSOC, RES_SUBNET: how it names its VPC */
	const char *link;        /* vpc_id is the id of this instance (unknown) */
	bool vpc_id_unknown;     /* vpc_id is known only after apply */
	/* RES_LINK: the ends known only after apply, with the attribute that
	 * holds each, for a reader that can follow the configuration's
	 * references (a plan: peer_vpc_id = aws_vpc.b.id) */
	struct tf_unknown_end {
		struct vpc_ref *ref;
		const char *key;     /* static: the link spec's */
	} unknown_ends[4];
	size_t nunknown_ends;
};

/* Is type one whose instances carry address space (or reserve it), or
 * join networks (a connectivity link)? */
bool tf_type_relevant(const char *type);
/* Is type a connectivity link only (peering, route, VPN, ...)? */
bool tf_type_link(const char *type);
/* The link kind (enum link_kind) of a type, or -1 when it is not one. */
int tf_type_link_kind(const char *type);

/*
 * Add the facts of one instance to f.  Returns false when it gave none:
 * a type not read here, a data source other than a VPC, a deleted IPAM
 * allocation, or a recorded instance of the wrong shape (after an error).
 */
bool tf_instance_facts(struct facts *f, const struct tf_instance *in, struct tf_fact *out);

#endif
