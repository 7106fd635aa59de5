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

/* A place in an input; file NULL means no place is known. */
struct loc {
	const char *file;
	unsigned line, col;         /* 1-based; 0 unknown */
	unsigned end_line, end_col; /* 0 unknown */
	const struct origin *origin; /* where what stands here came from, or NULL */
};

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
	const char *pool;        /* VAL_CONSTRAINED: IPAM pool id, or the BYOIP Ipv6Pool */
	/* VAL_CONSTRAINED, carved from another unknown block: rel is the
	 * block's place inside it, as if that block started at address 0 */
	const char *rel_base;    /* names the unknown block; NULL if not relative */
	union {
		struct prefix pfx;   /* VAL_KNOWN and valid: the network, host bits cleared */
		struct prefix rel;   /* rel_base set: the place inside it */
	};
	int16_t netmask;         /* VAL_CONSTRAINED: requested length; -1 when unknown */
	uint8_t state;           /* enum val_state */
	bool valid;              /* VAL_KNOWN: text is a prefix */
	bool host_bits;          /* the address had bits beyond the length */
	bool amazon;             /* VAL_CONSTRAINED: Amazon-provided IPv6 /56 */
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

/* What few resources carry: out of line (struct resource's rare). */
struct resource_rare {
	struct suppression *sup;
	uint32_t nsup;
	const char *origin;      /* CloudTrail: what happened, when, by whom, from where */
};

/* What every VPC, association and subnet carries.  The small fields come
 * first, side by side: a plan holds hundreds of thousands of these. */
struct resource {
	uint8_t kind;            /* enum res_kind */
	uint8_t lc;              /* enum lifecycle */
	uint8_t input_kind;      /* enum input_kind */
	unsigned args;           /* ARG_* present */
	uint32_t ntags;
	/* CloudFormation parameter combinations: two facts of one template
	 * exist together only where their scenario bits meet */
	uint32_t group;          /* 0: unconditional */
	uint64_t scen;           /* bit i: exists in combination i */
	const char *name;        /* logical id, Terraform address, or AWS id */
	const char *type;        /* "AWS::EC2::VPC", "aws_vpc", "describe-vpcs" */
	const char *aws_id;      /* vpc-..., subnet-..., when known */
	struct tag *tags;        /* read for VPCs only; the Terraform readers
				  * keep none for other resources */
	const char *region, *account;
	struct loc loc;          /* the resource declaration */
	const char *input;       /* input file path as given, for messages */
	const char *input_rel;   /* the same relative to the source root */
	struct resource_rare *rare; /* NULL: none of it */
};

/* Do two facts exist together in some scenario? */
bool resource_coexist(const struct resource *a, const struct resource *b);
const char *resource_tag(const struct resource *r, const char *key);
/* r's rare part, added (empty, in f's arena) when absent. */
struct resource_rare *resource_rare(struct facts *f, struct resource *r);

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

/* Everything one input contributed. */
struct facts {
	struct arena arena;
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
