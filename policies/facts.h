/*
 * facts.h: the network-facts model, the one shape every parser produces
 * and every rule reads: VPCs, their CIDR blocks (primary, secondary, IPv6),
 * the associations that add blocks, and subnets, each with its identity,
 * lifecycle and source location, and a value that is KNOWN, CONSTRAINED
 * or UNRESOLVED.  A parser never invents a value: what it cannot know it
 * marks UNRESOLVED with the reason.
 *
 * Ownership: a struct facts owns everything reachable from it through its
 * arena; facts_free() releases it all.  Strings in the model are borrowed
 * from that arena (or are static).
 */
#ifndef CIDRLINT_FACTS_H
#define CIDRLINT_FACTS_H

#include "policies/base.h"
#include "policies/cidr.h"

enum input_kind {
	INPUT_UNKNOWN,
	INPUT_CFN,       /* CloudFormation template, YAML or JSON */
	INPUT_TFPLAN,    /* terraform show -json of a plan */
	INPUT_TFSTATE,   /* terraform show -json of a state, or terraform.tfstate */
	INPUT_INVENTORY, /* aws ec2 describe-vpcs / describe-subnets */
	INPUT_CLOUDTRAIL,
	INPUT_TFSRC,     /* Terraform source: the .tf files of a root module */
};
const char *input_kind_name(enum input_kind k);

enum lifecycle {
	LC_EXISTING, /* in inventory or state, untouched by this run */
	LC_DECLARED, /* in a template: exists once the stack deploys */
	LC_CREATE,
	LC_UPDATE,
	LC_REPLACE,
	LC_DELETE,
};
const char *lifecycle_name(enum lifecycle lc);
static inline bool lifecycle_exists_after(enum lifecycle lc)
{
	return lc != LC_DELETE;
}

struct origin;
struct facts;

/*
 * What a loc shares with the locs around it: its file and origin.  Apart
 * from line and column, so that a loc is 24 bytes, not 32: a 40,000-VPC plan
 * holds half a million locs and few pairs (one file, no origin).  Made by
 * loc_src() in the arena of the locs' owner; never changed once made.
 */
struct loc_src {
	const char *file;            /* NULL: no place is known */
	const struct origin *origin; /* where what stands here came from, or NULL */
};

/* A place in an input; read its file and origin with loc_file() and
 * loc_origin().  src NULL: no file, no origin. */
struct loc {
	const struct loc_src *src;
	unsigned line, col;         /* 1-based; 0 unknown */
	unsigned end_line, end_col; /* 0 unknown */
};

static inline const char *loc_file(const struct loc *l)
{
	return l->src ? l->src->file : NULL;
}

static inline const struct origin *loc_origin(const struct loc *l)
{
	return l->src ? l->src->origin : NULL;
}

/*
 * Where loc_src() makes pairs: an arena that outlives every loc given one,
 * and the pairs made last, one with an origin and one without.  Locs are
 * made in runs with one file (every element of a plan), the odd one with
 * an origin among them (a value from a parameter), so one compare finds
 * the pair again; a pair met apart from its run is made anew (16 bytes),
 * which costs less than an index of every pair would.  Lives as long as
 * its arena (never across an arena_reset()).
 */
struct loc_srcs {
	struct arena *arena;
	const struct loc_src *last, *last_plain; /* origin NULL in last_plain */
};

/* The pair (file, origin) in s's arena; NULL when both are NULL. */
const struct loc_src *loc_src(struct loc_srcs *s, const char *file, const struct origin *origin);
/* l with file for its file, its origin kept. */
void loc_set_file(struct loc_srcs *s, struct loc *l, const char *file);
/* l with origin for its origin, its file kept. */
void loc_set_origin(struct loc_srcs *s, struct loc *l, const struct origin *origin);

/* Order of declaration: by file (NULL as ""), line, column. */
int loc_cmp(const struct loc *a, const struct loc *b);

/*
 * A place a value or an instance came through on its way to where it is
 * used: the .tfvars line, a variable's default, the argument of a module
 * call, the module call that made the instance.  Findings show each as a
 * related location.  A chain, innermost first; in the facts' arena.
 */
struct origin {
	struct loc loc;
	const char *what;           /* "the value of var.cidr comes from terraform.tfvars" */
	const struct origin *next;
};

enum val_state {
	VAL_KNOWN,       /* the text of the CIDR is known (it may still be invalid) */
	VAL_CONSTRAINED, /* unknown address, known constraints */
	VAL_UNRESOLVED,  /* nothing is known; reason says why */
};

struct cidr_value {
	struct loc loc;          /* where the value is written */
	const char *text;        /* VAL_KNOWN: as written; relative: for messages */
	union {
		const char *parse_error; /* VAL_KNOWN and !valid: why */
		const char *reason;      /* otherwise: what is unknown and why */
	};
	/* Where the address comes from: an IPAM pool, or (relative) another
	 * unknown block it is carved from; read them with cidr_value_pool()
	 * and cidr_value_rel_base(), which tell the two apart. */
	union {
		const char *pool;     /* IPAM pool id, or the BYOIP Ipv6Pool; NULL: none */
		const char *rel_base; /* relative: names the unknown block */
	} from;
	union {
		struct prefix pfx;   /* VAL_KNOWN and valid: the network, host bits cleared */
		struct prefix rel;   /* relative: the block's place inside the
				      * unknown one, as if that started at address 0 */
	};
	int16_t netmask;         /* VAL_CONSTRAINED: requested length; -1 when unknown */
	uint8_t state;           /* enum val_state */
	bool valid;              /* VAL_KNOWN: text is a prefix */
	bool host_bits;          /* the address had bits beyond the length */
	bool amazon;             /* VAL_CONSTRAINED: Amazon-provided IPv6 /56 */
	bool relative;           /* carved from another unknown block (from.rel_base, rel) */
};

/*
 * Store text as a KNOWN value, parsing it.  family is the field's family
 * (4 or 6), or 0 to accept either.
 */
void cidr_value_set_text(struct cidr_value *v, const char *text, int family);
/* The value's prefix when it is KNOWN and valid, else NULL.  Inline: every
 * rule asks it of every block. */
static inline const struct prefix *cidr_value_prefix(const struct cidr_value *v)
{
	return v->state == VAL_KNOWN && v->valid ? &v->pfx : NULL;
}
/* The IPAM pool (or BYOIP pool) the value comes from, or NULL. */
static inline const char *cidr_value_pool(const struct cidr_value *v)
{
	return v->relative ? NULL : v->from.pool;
}
/* The unknown block the value is carved from, or NULL when it is not. */
static inline const char *cidr_value_rel_base(const struct cidr_value *v)
{
	return v->relative ? v->from.rel_base : NULL;
}
/* Say that v is carved from the unknown block base (in an arena) at rel. */
static inline void cidr_value_set_rel(struct cidr_value *v, const char *base,
				      struct prefix rel)
{
	v->relative = true;
	v->from.rel_base = base;
	v->rel = rel;
}
/* Family of the value when it can be told (4, 6), else 0. */
int cidr_value_family(const struct cidr_value *v);

struct tag {
	const char *key, *value;
};

/* An in-template suppression (CloudFormation Metadata). */
struct suppression {
	const char *rule;   /* "CIDR301" */
	const char *reason;
	struct loc loc;
};

/* Arguments present on a resource, for CIDR108. */
enum {
	ARG_CIDR = 1 << 0,        /* CidrBlock / cidr_block */
	ARG_V4POOL = 1 << 1,      /* Ipv4IpamPoolId */
	ARG_V4MASK = 1 << 2,      /* Ipv4NetmaskLength */
	ARG_AMZV6 = 1 << 3,       /* AmazonProvidedIpv6CidrBlock true */
	ARG_V6CIDR = 1 << 4,      /* Ipv6CidrBlock */
	ARG_V6POOL = 1 << 5,      /* Ipv6Pool (BYOIP) */
	ARG_V6IPAMPOOL = 1 << 6,  /* Ipv6IpamPoolId */
	ARG_V6MASK = 1 << 7,      /* Ipv6NetmaskLength */
	ARG_NBG = 1 << 8,         /* Ipv6CidrBlockNetworkBorderGroup */
	ARG_V6NATIVE = 1 << 9,    /* subnet Ipv6Native true */
};

enum res_kind { RES_VPC, RES_ASSOC, RES_SUBNET, RES_LINK };

/*
 * Where a resource is: the input that declares it and the AWS account and
 * region it lives in.  Shared: the thousands of resources of one input are
 * in a handful of places (facts_place()).
 */
struct res_place {
	const char *input;       /* input file path as given, for messages */
	const char *input_rel;   /* the same relative to the source root */
	const char *region, *account; /* NULL: not known */
};

/* What few resources carry: out of line (struct resource's rare).  Few
 * of a plan's: what it creates has no id yet. */
struct resource_rare {
	struct suppression *sup;
	uint32_t nsup;
	const char *origin;      /* CloudTrail: what happened, when, by whom, from where */
	const char *aws_id;      /* vpc-..., subnet-..., when known */
};

/* What every VPC, association and subnet carries.  The small fields come
 * first, side by side: a plan holds hundreds of thousands of these. */
struct resource {
	uint8_t kind;            /* enum res_kind */
	uint8_t lc;              /* enum lifecycle */
	uint8_t input_kind;      /* enum input_kind */
	unsigned args;           /* ARG_* present */
	/* CloudFormation parameter combinations: two facts of one template
	 * exist together only where their scenario bits meet */
	uint32_t group;          /* 0: unconditional */
	uint64_t scen;           /* bit i: exists in combination i */
	const char *name;        /* logical id, Terraform address, or AWS id */
	const char *type;        /* "AWS::EC2::VPC", "aws_vpc", "describe-vpcs" */
	const struct res_place *place; /* never NULL */
	struct loc loc;          /* the resource declaration */
	struct resource_rare *rare; /* NULL: none of it */
};

/* Do two facts exist together in some scenario? */
bool resource_coexist(const struct resource *a, const struct resource *b);
/*
 * Is a tag kept?  keep lists the tag keys something reads (the rules read
 * Name, the address plan the keys it selects VPCs by), NULL-terminated;
 * NULL keeps every tag.  Readers keep only those: a plan tags every VPC
 * with five or ten tags that nothing looks at.
 */
bool tag_kept(const char *const *keep, const char *key);
/* r's rare part, added (empty, in f's arena) when absent. */
struct resource_rare *resource_rare(struct facts *f, struct resource *r);
/* The AWS id (vpc-..., subnet-...) of r, or NULL when not known. */
static inline const char *resource_aws_id(const struct resource *r)
{
	return r->rare ? r->rare->aws_id : NULL;
}
/* Set it (id in f's arena, or NULL). */
void resource_set_aws_id(struct facts *f, struct resource *r, const char *id);
/* Put r in its place with this region and account (kept as given: intern
 * them first), its input unchanged. */
void resource_set_where(struct facts *f, struct resource *r, const char *region,
			const char *account);

enum block_role { BLOCK_PRIMARY, BLOCK_SECONDARY };

struct vpc;

/* One CIDR block of a VPC. */
struct block {
	struct resource *res;    /* declaring resource (the VPC for a primary) */
	struct vpc *vpc;         /* set by the world when linked */
	uint8_t family;          /* 4 or 6 */
	uint8_t role;            /* enum block_role */
	struct cidr_value v;
	const char *state;       /* inventory association state, or NULL */
};

/* How an association or subnet names its VPC. */
struct vpc_ref {
	enum { VREF_NONE, VREF_LOCAL, VREF_AWSID } kind;
	const char *name;        /* logical id / address (LOCAL), vpc id (AWSID) */
	const char *why;         /* VREF_NONE: why no VPC is known */
	struct loc loc;          /* where the reference is written */
	const char *stack;       /* VREF_LOCAL: the input (facts.stack) declaring
				  * name; NULL: the referring input */
};

struct subnet {
	struct resource r;
	struct vpc_ref ref;
	struct cidr_value v4;
	/* Out of line, NULL when absent: most subnets have no IPv6 block, and
	 * a value is 96 bytes (subnet_v6() adds it) */
	struct cidr_value *v6;
	bool has_v4;
	struct vpc *vpc;         /* set by the world */
};

struct assoc {
	struct resource r;
	struct vpc_ref ref;
	struct block block;
	bool no_block;           /* names no address at all (CIDR108): adds nothing */
};

struct vpc {
	struct resource r;
	/* A VPC's tags: the address plan selects VPCs by them and messages name
	 * a VPC by its Name.  Nothing reads another resource's, so no other
	 * resource keeps them. */
	struct tag *tags;
	uint32_t ntags;
	struct block *own;       /* blocks declared on the VPC itself */
	size_t nown;
	struct vpc *next_variant; /* same name, other scenarios */
	/* Filled by the world: every block (own and associated) and subnet
	 * that exists after this run, and the segment of the address plan.
	 * The arrays are slices of the world's, counted before they are
	 * filled: a plan of 40,000 VPCs mallocs no array per VPC. */
	struct block **blocks;
	struct subnet **subnets;
	struct block **gone;     /* blocks this run removes (CIDR109) */
	const void *segment;     /* const struct segment * */
	uint32_t nblocks, nsubnets, ngone;
	bool merged;             /* a duplicate folded into another VPC */
};
/* The value of v's tag key, or NULL. */
const char *vpc_tag(const struct vpc *v, const char *key);

/*
 * Connectivity: what joins networks.  Each resource that makes a path
 * (a peering, a transit gateway attachment and its route table, a VPN)
 * or routes traffic is one link; its ends are references as a subnet names
 * its VPC: a logical id or address within the input, or an AWS id.  The
 * world resolves them and builds the graph (policies/graph.h).
 */
enum link_kind {
	LINK_PEERING,    /* a: requester VPC, b: accepter VPC, or x: the peering
			  * (Terraform's accepter and options resources) */
	LINK_TGW,        /* a transit gateway */
	LINK_TGW_ATTACH, /* a: VPC, b: transit gateway */
	LINK_TGW_RTB,    /* b: transit gateway */
	LINK_TGW_ASSOC,  /* a: attachment, b: transit gateway route table */
	LINK_TGW_PROP,   /* a: attachment, b: transit gateway route table */
	LINK_VGW,        /* a: VPC (Terraform's vpc_id), or none */
	LINK_VGW_ATTACH, /* a: VPC, b: VPN gateway */
	LINK_CGW,        /* a customer gateway: on premises */
	LINK_VPN,        /* a: VPN gateway, or b: transit gateway; x: customer gateway */
	LINK_VPN_ROUTE,  /* a: VPN connection; dest: a range on premises */
	LINK_RTB,        /* a: VPC */
	LINK_ROUTE,      /* a: route table; dest; x: the target */
	LINK_TGW_ROUTE,  /* a static route of a transit gateway route table:
			  * a: the table; dest; x: the attachment, or blackhole */
	LINK_DX_ASSOC,   /* a Direct Connect gateway association: a: the Direct
			  * Connect gateway; b: the VPN gateway or transit gateway */
	LINK_DX_VIF,     /* a private virtual interface: a: VPN gateway, or
			  * b: Direct Connect gateway */
	LINK_KIND_COUNT
};
const char *link_kind_name(enum link_kind k);

struct link {
	struct resource r;
	uint8_t kind;            /* enum link_kind */
	struct vpc_ref a, b, x;  /* the ends (see link_kind); VREF_NONE: not set */
	const char *x_what;      /* LINK_ROUTE: the target's kind ("GatewayId",
				  * "vpc_peering_connection_id") */
	struct cidr_value dest;  /* LINK_ROUTE, LINK_VPN_ROUTE, LINK_TGW_ROUTE */
	bool has_dest;
	bool no_default_assoc;   /* LINK_TGW, LINK_TGW_ATTACH: default route table */
	bool no_default_prop;    /* association / propagation disabled */
	bool static_only;        /* LINK_VPN: static routes only, no BGP */
	bool blackhole;          /* LINK_TGW_ROUTE: drops what it matches */
	const char *att_id;      /* LINK_VPN on a transit gateway: the id of its
				  * attachment, which transit gateway routes name */
	const char *peer_account, *peer_region; /* LINK_PEERING, when another's */
};

/* What a parser could not check: becomes CIDR401 or CIDR402. */
enum note_kind { NOTE_UNRESOLVED, NOTE_UNKNOWN_VPC };

struct fact_note {
	enum note_kind kind;
	struct loc loc;
	const char *resource;
	const char *message;
	uint32_t group;
	uint64_t scen;
};

/* Space set aside without a VPC (an IPAM allocation): avoided by suggestions. */
struct reservation {
	struct prefix pfx;
	const char *name;
};

/* A CloudFormation Output's Export.Name: unique per account and region. */
struct export {
	const char *name;
	const char *account, *region; /* NULL: not known (the run's own) */
	struct loc loc;          /* the Name */
	const char *stack;       /* the template (facts.rel, or the nested chain) */
};

#define FACTS_PLACES 8

/* Everything one input contributed. */
struct facts {
	struct arena arena;
	struct loc_srcs srcs;    /* the facts' locs' files and origins, in arena */
	const char *file;        /* path as given on the command line */
	const char *rel;         /* path relative to the source root */
	enum input_kind kind;
	const char *tf_root;     /* a Terraform plan: the directory of its root
				  * module's .tf files, when there is one */
	struct vpc **vpcs;
	size_t nvpcs, capvpcs;
	struct assoc **assocs;
	size_t nassocs, capassocs;
	struct subnet **subnets;
	size_t nsubnets, capsubnets;
	struct link **links;
	size_t nlinks, caplinks;
	struct fact_note *notes;
	size_t nnotes, capnotes;
	struct reservation *reservations;
	size_t nreservations, capreservations;
	struct export *exports;
	size_t nexports, capexports;
	const char *stack;       /* CloudFormation: the stack's key that vpc_ref.stack
				  * names (a nested stack: its parent chain) */
	struct res_place home;   /* {file, rel}: where its resources are, until
				  * a reader says more */
	struct res_place *places[FACTS_PLACES]; /* facts_place()'s cache */
	unsigned nextplace;
	struct intern_slot {      /* facts_intern()'s cache: FACTS_INTERN_SLOTS */
		uint64_t hash;
		const char *s;
	} *interned;
	/* CloudFormation parameter combinations: combination c gives parameter
	 * i its value number (c / product of the earlier nvalues) % nvalues */
	uint32_t group;
	size_t nscen;             /* combinations; 0 when nothing was enumerated */
	struct scen_param {
		const char *name;
		const char **values;
		size_t nvalues;
	} *scen_params;
	size_t nscen_params;
};

/* rel may be NULL: the file's path is used. */
struct facts *facts_new(const char *file, const char *rel, enum input_kind kind);
void facts_free(struct facts *f);
struct vpc *facts_add_vpc(struct facts *f);
struct assoc *facts_add_assoc(struct facts *f);
struct subnet *facts_add_subnet(struct facts *f);
/* The subnet's IPv6 value, added (unknown, in f's arena) when absent. */
struct cidr_value *subnet_v6(struct facts *f, struct subnet *s);
struct link *facts_add_link(struct facts *f, enum link_kind kind);
struct block *vpc_add_own_block(struct facts *f, struct vpc *v, int family,
				enum block_role role);
struct reservation *facts_add_reservation(struct facts *f);
struct fact_note *facts_add_note(struct facts *f, enum note_kind kind, struct loc loc,
				 const char *resource, const char *fmt, ...)
	PRINTF_LIKE(5, 6);
/* The place *p, shared with the resources of f in the same place: one of
 * the last FACTS_PLACES asked for, else a copy in f's arena. */
const struct res_place *facts_place(struct facts *f, const struct res_place *p);
/* Copy a string into the facts' arena. */
const char *facts_str(struct facts *f, const char *s);
/*
 * The same, without a second copy of a string met lately: for types,
 * regions, tag keys and values, which repeat.  What is kept is a cache of
 * a few thousand strings (FACTS_INTERN_SLOTS), not an index of every
 * string: a plan with a hundred thousand distinct tag values ("Name")
 * costs no slot per value, and a string that misses is copied as
 * facts_str() would copy it.  Interned strings are never compared by
 * address.
 */
const char *facts_intern(struct facts *f, const char *s);
/* Drop the cache facts_intern() keeps (the strings stay): for a reader
 * done with its input.  A later facts_intern() starts a new one. */
void facts_intern_done(struct facts *f);
/* Field n (0-based) of an ARN "arn:partition:service:region:account:...",
 * copied into f; NULL when arn is not one or the field is empty. */
const char *facts_arn_field(struct facts *f, const char *arn, unsigned n);

#endif
