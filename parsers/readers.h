/*
 * readers.h: the table of input readers.  Each kind of file cidrlint reads
 * is one row: its kind, how its content is told apart from the others, and
 * how it is read into network facts.  linter/inputs.c finds the files and
 * hands each to readers_read(); nothing outside this table knows which
 * reader exists.
 *
 * Adding an input kind (the recipe, as git's builtin.h gives one):
 *  1. a reader in parsers/ (or a folder of them: parsers/terraform/) that
 *     fills a struct facts and adds positioned errors, never printing;
 *  2. an INPUT_* value and its name in policies/facts.[ch];
 *  3. a row in readers.c: a detect function over struct sniff (the
 *     top-level keys of a JSON object, or the first bytes), and a read
 *     function; rows are tried in order, the first whose detect holds wins;
 *  4. fixtures under fixtures/<kind>/ and a fuzz seed.
 */
#ifndef CIDRLINT_READERS_H
#define CIDRLINT_READERS_H

#include "parsers/cfn.h"
#include "policies/facts.h"

struct cfn_set;

/* What the command line tells every reader. */
struct read_options {
	const char *region, *account;      /* --region, --account */
	const char *source_root;           /* --source-root: where a plan's .tf files
					    * are when its own directory has none */
	const struct cfn_param *params;    /* --parameter, --parameters */
	size_t nparams;
	unsigned max_combinations;         /* --max-combinations; 0: the default */
	const char *const *keep_tags;      /* the tags to keep (tag_kept()); NULL: all */
	struct cfn_set *cfn_set;           /* CloudFormation is read as one set of
					    * stacks (cfnset.h): a template or a CDK
					    * manifest is handed to it, *out stays NULL */
};

/* What of them a CloudFormation template is read with. */
void read_options_cfn(const struct read_options *o, struct cfn_options *co);

/* One file to read. */
struct read_input {
	const char *path;  /* as shown to the user */
	const char *rel;   /* relative to the source root */
	const char *buf;   /* the whole file */
	size_t len;
	bool mapped;       /* buf is a file mapping: a reader may drop pages it passed */
	bool named;        /* named on the command line (set by readers_read) */
	struct errlist *notes; /* what is worth saying and is no error; NULL drops it */
};

/* The top-level members of a JSON object that tell kinds apart. */
enum {
	SNIFF_RESOURCES = 1 << 0,        /* Resources (CloudFormation) */
	SNIFF_FORMAT_VERSION = 1 << 1,
	SNIFF_RESOURCE_CHANGES = 1 << 2,
	SNIFF_PLANNED_VALUES = 1 << 3,
	SNIFF_PRIOR_STATE = 1 << 4,
	SNIFF_CONFIGURATION = 1 << 5,
	SNIFF_VALUES = 1 << 6,
	SNIFF_VERSION = 1 << 7,
	SNIFF_TERRAFORM_VERSION = 1 << 8,
	SNIFF_TF_RESOURCES = 1 << 9,     /* resources (terraform.tfstate) */
	SNIFF_VPCS = 1 << 10,
	SNIFF_SUBNETS = 1 << 11,
	SNIFF_RECORDS = 1 << 12,
	SNIFF_STATUS_CODE = 1 << 13,
	SNIFF_DATA = 1 << 14,
	SNIFF_TF_MODULES = 1 << 15,      /* modules (terraform.tfstate v3) */
	SNIFF_ARTIFACTS = 1 << 16,       /* artifacts (a CDK cloud assembly's manifest.json) */
	SNIFF_EVENTS = 1 << 17,          /* Events (aws cloudtrail lookup-events) */
	SNIFF_DETAIL_TYPE = 1 << 18,     /* detail-type (an EventBridge event) */
	SNIFF_DETAIL = 1 << 19,          /* detail */
	SNIFF_IPAM_CIDRS = 1 << 20,      /* IpamResourceCidrs */
	SNIFF_LINKS = 1 << 21,           /* VpcPeeringConnections, TransitGatewayAttachments,
					  * RouteTables (describe-* output) */
	SNIFF_TF_LINEAGE = 1 << 22,      /* lineage (terraform.tfstate, whose resources
					  * may be absent when it holds none) */
	SNIFF_IPAM_POOLS = 1 << 23,      /* IpamPools, IpamPoolAllocations: an address
					  * plan (-p, ipam:), not an input */
};

/* What a reader's detect function is shown. */
struct sniff {
	const char *buf;
	size_t len;
	bool json;       /* the text (after white space) starts with { or [ */
	bool object;     /* a JSON object whose top level was scanned */
	unsigned keys;   /* SNIFF_* of its members */
	bool list;       /* a JSON list whose first element is an object ... */
	unsigned first;  /* ... with these SNIFF_* members */
};

enum read_status {
	READ_OK,         /* *out holds the facts */
	READ_FAILED,     /* errors were added; nothing to lint */
	READ_NOT_MINE,   /* not this kind after all (a YAML file that is no template) */
};

struct reader {
	const char *name;
	enum input_kind kind;
	bool (*detect)(const struct sniff *s);
	enum read_status (*read)(const struct read_input *in, const struct read_options *o,
				 struct facts **out, struct errlist *errs);
};

/*
 * Tell the kind of in and read it.  Errors are added to errs only when
 * they are the user's: the file was read, or named on the command line
 * (explicit), or looks like an input of ours; a file found in a directory
 * that is none of our kinds is skipped quietly.  *kind is INPUT_UNKNOWN
 * when no reader took the file.
 */
enum read_status readers_read(const struct read_input *in, const struct read_options *o,
			      bool explicit, struct facts **out, enum input_kind *kind,
			      struct errlist *errs);

/* Does text we could not read (the whole file or its first bytes) look
 * like an input of ours?  Then its errors are the user's. */
bool readers_look_relevant(const char *buf, size_t len);

/* The reader of kind (its first row), for tests and harnesses. */
const struct reader *reader_for_kind(enum input_kind kind);

#endif
