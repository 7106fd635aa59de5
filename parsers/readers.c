/*
 * readers.c: the table of input readers (see readers.h).
 */
#include "parsers/readers.h"
#include "parsers/cfnset.h"
#include "parsers/doc.h"
#include "parsers/aws/aws.h"
#include "parsers/jsonscan.h"
#include "parsers/terraform/tfplan.h"
#include "parsers/terraform/tfstate.h"

#include <string.h>

/* --- the readers ------------------------------------------------------ */

void read_options_cfn(const struct read_options *o, struct cfn_options *co)
{
	memset(co, 0, sizeof(*co));
	co->region = o->region;
	co->account = o->account;
	co->params = o->params;
	co->nparams = o->nparams;
	co->max_combinations = o->max_combinations;
	co->keep_tags = o->keep_tags;
}

static enum read_status read_cfn(const struct read_input *in, const struct read_options *o,
				 bool json, struct facts **out, struct errlist *errs)
{
	struct doc d;
	struct cfn_options co;
	enum read_status st = READ_FAILED;

	doc_init(&d, in->path);
	if ((json ? doc_read_json : doc_read_yaml)(&d, in->buf, in->len, NULL, errs))
		goto out;
	if (!d.root || !cfn_detect(d.root, in->named)) {
		st = READ_NOT_MINE;
		goto out;
	}
	if (o->cfn_set) {
		/* read with the other templates of the run (cfnset.h) */
		struct doc *kept = xmalloc(sizeof(*kept));
		*kept = d;
		cfn_set_add(o->cfn_set, kept, in->rel);
		return READ_OK;
	}
	read_options_cfn(o, &co);
	*out = cfn_facts(&d, in->rel, &co, errs);
	st = *out ? READ_OK : READ_FAILED;
out:
	doc_release(&d);
	return st;
}

static enum read_status read_cfn_json(const struct read_input *in, const struct read_options *o,
				      struct facts **out, struct errlist *errs)
{
	return read_cfn(in, o, true, out, errs);
}

static enum read_status read_cfn_yaml(const struct read_input *in, const struct read_options *o,
				      struct facts **out, struct errlist *errs)
{
	return read_cfn(in, o, false, out, errs);
}

static enum read_status read_assembly(const struct read_input *in, const struct read_options *o,
				     struct facts **out, struct errlist *errs)
{
	struct doc d;

	(void)out;
	doc_init(&d, in->path);
	if (!o->cfn_set || doc_read_json(&d, in->buf, in->len, NULL, errs) || !d.root ||
	    !cfn_is_assembly(d.root)) {
		doc_release(&d);
		return READ_NOT_MINE;
	}
	struct doc *kept = xmalloc(sizeof(*kept));
	*kept = d;
	return cfn_set_add_assembly(o->cfn_set, kept, errs) ? READ_FAILED : READ_OK;
}

static unsigned sniff_bit(const char *key, size_t len);

static void plan_top_key(void *ctx, const char *key, size_t len)
{
	*(unsigned *)ctx |= sniff_bit(key, len);
}

/* read_plan, collecting the SNIFF_* bits of the plan's top-level keys into
 * *keys when keys is not NULL. */
static enum read_status read_plan_keys(const struct read_input *in, const struct read_options *o,
				       struct facts **out, struct errlist *errs, unsigned *keys)
{
	struct tfplan_options to = {
		.region = o->region,
		.account = o->account,
		.source_root = o->source_root,
		.keep_tags = o->keep_tags,
		.discard = in->mapped,
		.top_key = keys ? plan_top_key : NULL,
		.top_key_ctx = keys,
	};

	*out = tfplan_facts(in->path, in->rel, in->buf, in->len, &to, errs);
	return *out ? READ_OK : READ_FAILED;
}

static enum read_status read_plan(const struct read_input *in, const struct read_options *o,
				  struct facts **out, struct errlist *errs)
{
	return read_plan_keys(in, o, out, errs, NULL);
}

static enum read_status read_state(const struct read_input *in, const struct read_options *o,
				   struct facts **out, struct errlist *errs)
{
	*out = tfstate_facts(in->path, in->rel, in->buf, in->len, o->region, o->account,
			     o->keep_tags, errs);
	return *out ? READ_OK : READ_FAILED;
}

static enum read_status read_aws(const struct read_input *in, const struct read_options *o,
				 struct facts *(*reader)(const struct aws_input *,
							 const struct aws_options *, struct errlist *),
				 struct facts **out, struct errlist *errs)
{
	struct aws_options ao = {o->region, o->account, o->keep_tags};
	struct aws_input ai = {in->path, in->rel, in->buf, in->len, in->notes};

	*out = reader(&ai, &ao, errs);
	return *out ? READ_OK : READ_FAILED;
}

static enum read_status read_inventory(const struct read_input *in, const struct read_options *o,
				       struct facts **out, struct errlist *errs)
{
	return read_aws(in, o, aws_describe_facts, out, errs);
}

static enum read_status read_cloudtrail(const struct read_input *in, const struct read_options *o,
					struct facts **out, struct errlist *errs)
{
	return read_aws(in, o, aws_cloudtrail_facts, out, errs);
}

static enum read_status read_ipam(const struct read_input *in, const struct read_options *o,
				  struct facts **out, struct errlist *errs)
{
	return read_aws(in, o, aws_ipam_facts, out, errs);
}

/* --- telling them apart ----------------------------------------------- */

static bool is_cfn_json(const struct sniff *s)
{
	return s->object && (s->keys & SNIFF_RESOURCES);
}

static bool is_plan(const struct sniff *s)
{
	return s->object && (s->keys & SNIFF_FORMAT_VERSION) &&
	       (s->keys & (SNIFF_RESOURCE_CHANGES | SNIFF_PLANNED_VALUES | SNIFF_CONFIGURATION));
}

/* terraform show -json of a state (format_version and values, or only
 * format_version: an empty state), terraform.tfstate v4 (resources) or v3
 * (modules), or either with neither (lineage: a state holding nothing). */
static bool is_state(const struct sniff *s)
{
	unsigned raw = SNIFF_VERSION | SNIFF_TERRAFORM_VERSION;
	unsigned shown = SNIFF_FORMAT_VERSION | SNIFF_TERRAFORM_VERSION | SNIFF_VALUES;

	return s->object && (((s->keys & SNIFF_FORMAT_VERSION) && (s->keys & SNIFF_VALUES)) ||
			     ((s->keys & SNIFF_FORMAT_VERSION) && !(s->keys & ~shown)) ||
			     ((s->keys & raw) == raw &&
			      (s->keys & (SNIFF_TF_RESOURCES | SNIFF_TF_MODULES | SNIFF_TF_LINEAGE))));
}

static bool is_inventory(const struct sniff *s)
{
	return s->object && ((s->keys & (SNIFF_VPCS | SNIFF_SUBNETS | SNIFF_LINKS)) ||
			     (s->keys & (SNIFF_STATUS_CODE | SNIFF_DATA)) ==
				     (SNIFF_STATUS_CODE | SNIFF_DATA));
}

/* A trail's log file (Records), lookup-events output (Events, each with a
 * CloudTrailEvent string), an EventBridge event of a CloudTrail record or
 * a list of them.  Events and EventBridge shapes are common words: the
 * text must also name what only CloudTrail's shapes hold. */
static bool is_cloudtrail(const struct sniff *s)
{
	unsigned bridge = SNIFF_DETAIL_TYPE | SNIFF_DETAIL;

	if (s->object && (s->keys & SNIFF_RECORDS))
		return true;
	if (s->object && (s->keys & SNIFF_EVENTS))
		return mem_contains(s->buf, s->len, "\"CloudTrailEvent\"");
	return ((s->object && (s->keys & bridge) == bridge) ||
		(s->list && (s->first & bridge) == bridge)) &&
	       mem_contains(s->buf, s->len, "\"AWS API Call via CloudTrail\"");
}

static bool is_ipam(const struct sniff *s)
{
	return s->object && (s->keys & SNIFF_IPAM_CIDRS);
}

static bool is_assembly(const struct sniff *s)
{
	return s->object && (s->keys & SNIFF_ARTIFACTS) && (s->keys & SNIFF_VERSION) &&
	       !(s->keys & SNIFF_RESOURCES);
}

static bool is_yaml(const struct sniff *s)
{
	return !s->json;
}

/* Tried in order: the first whose detect holds reads the file. */
static const struct reader readers[] = {
	{"cloudformation", INPUT_CFN, is_cfn_json, read_cfn_json},
	{"cdk-cloud-assembly", INPUT_CFN, is_assembly, read_assembly},
	{"terraform-plan", INPUT_TFPLAN, is_plan, read_plan},
	{"terraform-state", INPUT_TFSTATE, is_state, read_state},
	{"aws-inventory", INPUT_INVENTORY, is_inventory, read_inventory},
	{"cloudtrail", INPUT_CLOUDTRAIL, is_cloudtrail, read_cloudtrail},
	{"aws-ipam", INPUT_INVENTORY, is_ipam, read_ipam},
	{"cloudformation-yaml", INPUT_CFN, is_yaml, read_cfn_yaml},
};

/* Do these keys choose the plan reader (no row before it holds, its own
 * does)?  Every detect before it looks at the keys alone. */
static bool plan_chosen(const struct sniff *s)
{
	for (size_t i = 0; readers[i].read != read_plan; i++)
		if (readers[i].detect(s))
			return false;
	return is_plan(s);
}

const struct reader *reader_for_kind(enum input_kind kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++)
		if (readers[i].kind == kind)
			return &readers[i];
	return NULL;
}

static const struct {
	const char *key;
	unsigned bit;
} sniff_keys[] = {
	{"Resources", SNIFF_RESOURCES},
	{"format_version", SNIFF_FORMAT_VERSION},
	{"resource_changes", SNIFF_RESOURCE_CHANGES},
	{"planned_values", SNIFF_PLANNED_VALUES},
	{"prior_state", SNIFF_PRIOR_STATE},
	{"configuration", SNIFF_CONFIGURATION},
	{"values", SNIFF_VALUES},
	{"version", SNIFF_VERSION},
	{"terraform_version", SNIFF_TERRAFORM_VERSION},
	{"resources", SNIFF_TF_RESOURCES},
	{"Vpcs", SNIFF_VPCS},
	{"Subnets", SNIFF_SUBNETS},
	{"Records", SNIFF_RECORDS},
	{"status_code", SNIFF_STATUS_CODE},
	{"data", SNIFF_DATA},
	{"modules", SNIFF_TF_MODULES},
	{"lineage", SNIFF_TF_LINEAGE},
	{"artifacts", SNIFF_ARTIFACTS},
	{"Events", SNIFF_EVENTS},
	{"detail-type", SNIFF_DETAIL_TYPE},
	{"detail", SNIFF_DETAIL},
	{"IpamResourceCidrs", SNIFF_IPAM_CIDRS},
	{"IpamPools", SNIFF_IPAM_POOLS},
	{"IpamPoolAllocations", SNIFF_IPAM_POOLS},
	{"VpcPeeringConnections", SNIFF_LINKS},
	{"TransitGatewayAttachments", SNIFF_LINKS},
	{"RouteTables", SNIFF_LINKS},
};

static bool plan_chosen(const struct sniff *s);

struct sniff_scan {
	struct sniff *s;
	bool mapped; /* the text is a file mapping: drop its pages once scanned */
	bool early;  /* stop as soon as the keys met choose the plan reader */
	bool stopped;
};

static unsigned sniff_bit(const char *key, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(sniff_keys); i++)
		if (jscan_key_is(key, len, sniff_keys[i].key))
			return sniff_keys[i].bit;
	return 0;
}

static const char *sniff_key(void *arg, const char *key, size_t len, const char *v,
			     const char *end, struct jscan_error *err)
{
	struct sniff_scan *ss = arg;

	ss->s->keys |= sniff_bit(key, len);
	if (ss->early && plan_chosen(ss->s)) {
		ss->stopped = true;
		err->at = v;
		err->why = "stopped";
		return NULL;
	}
	/* a plan of 100 MB is scanned here once: never resident whole */
	return ss->mapped ? jscan_value_dropping(v, end, err) : jscan_value(v, end, err);
}

/* The members of a list's first element, when it is an object (the rest
 * of the list is the reader's to check). */
static bool sniff_first_key(void *arg, const char *key, size_t len, const char *v,
			    const char *vend)
{
	(void)v;
	(void)vend;
	*(unsigned *)arg |= sniff_bit(key, len);
	return true;
}

static bool sniff_first(void *arg, const char *v, const char *vend)
{
	struct sniff *s = arg;
	struct jscan_error err;

	if (*v == '{' && jscan_object(v, vend, sniff_first_key, &s->first, &err) == 0)
		s->list = true;
	return false;
}

/* What our kinds hold, one word each: a template's types, a plan's
 * format_version, a raw terraform.tfstate's terraform_version, the
 * describe-* lists, and a CloudTrail record in any of its shapes (a
 * trail's log, whose records start with eventVersion, lookup-events,
 * EventBridge).  A file that holds one and cannot be read is an error
 * even when a walk found it: a log cut short must not hide its records. */
static const char *const relevant_words[] = {
	"AWS::", "format_version", "\"terraform_version\"", "\"Vpcs\"", "\"Subnets\"",
	"\"IpamResourceCidrs\"", "\"CloudTrailEvent\"", "\"eventVersion\"",
	"\"ec2.amazonaws.com\"", "\"AWS API Call via CloudTrail\"", "\"VpcPeeringConnections\"",
	"\"TransitGatewayAttachments\"", "\"RouteTables\"",
};

bool readers_look_relevant(const char *buf, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(relevant_words); i++)
		if (mem_contains(buf, len, relevant_words[i]))
			return true;
	return false;
}

static void keep_errors(struct errlist *to, const struct errlist *from)
{
	for (size_t i = 0; i < from->n; i++)
		errlist_add(to, from->v[i].file, from->v[i].line, from->v[i].col, "%s",
			    from->v[i].msg);
}

/*
 * A plan is read without scanning it whole first: Terraform writes
 * format_version, then planned_values or resource_changes, so its first
 * keys choose the plan reader, which then reads the rest (the scan alone
 * was a seventh of the time of a large plan).  Only a plan read to the end
 * whose every top-level key still chooses the plan reader counts; a plan
 * that fails, or holds a key that another reader claims first, is
 * forgotten, and the file is scanned and read as any other, so what it
 * gives is what it gave before.  Returns true with *st when it counts.
 */
static bool read_plan_early(const struct read_input *in, const struct read_options *o,
			    bool explicit, struct sniff *s, struct facts **out, struct errlist *errs,
			    enum read_status *st)
{
	struct sniff early = *s;
	struct read_input named = *in;
	struct errlist local;

	early.keys = 0;
	named.named = explicit;
	errlist_init(&local);
	if (read_plan_keys(&named, o, out, &local, &early.keys) == READ_OK && plan_chosen(&early)) {
		keep_errors(errs, &local);
		errlist_release(&local);
		*s = early;
		*st = READ_OK;
		return true;
	}
	facts_free(*out);
	*out = NULL;
	errlist_release(&local);
	return false;
}

enum read_status readers_read(const struct read_input *in, const struct read_options *o,
			      bool explicit, struct facts **out, enum input_kind *kind,
			      struct errlist *errs)
{
	struct sniff s;
	struct errlist local;
	enum read_status st = READ_NOT_MINE;
	const char *p = jscan_ws(in->buf, in->buf + in->len);

	*out = NULL;
	*kind = INPUT_UNKNOWN;
	memset(&s, 0, sizeof(s));
	s.buf = in->buf;
	s.len = in->len;
	s.json = p < in->buf + in->len && (*p == '{' || *p == '[');
	errlist_init(&local);
	if (s.json && *p == '{') {
		struct jscan_error err;
		struct sniff_scan ss = {.s = &s, .mapped = in->mapped, .early = true};
		const char *end;
		s.object = true; /* the detects ask; it is one, as far as it is read */
		end = jscan_object_consume(p, in->buf + in->len, sniff_key, &ss, &err);
		if (ss.stopped) {
			if (read_plan_early(in, o, explicit, &s, out, &local, &st)) {
				*kind = INPUT_TFPLAN;
				goto out;
			}
			/* not a plan after all: scanned whole, as any other */
			s.keys = 0;
			ss.early = ss.stopped = false;
			end = jscan_object_consume(p, in->buf + in->len, sniff_key, &ss, &err);
		}
		if (!end) {
			unsigned line, col;
			text_position(in->buf, (size_t)(err.at - in->buf), &line, &col);
			errlist_add(&local, in->path, line, col, "invalid JSON: %s", err.why);
			st = READ_FAILED;
			goto out;
		}
	} else if (s.json) {
		struct jscan_error err;
		/* a malformed list is no error here: no reader may claim it */
		(void)jscan_array(p, in->buf + in->len, sniff_first, &s, &err);
	}
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++) {
		if (!readers[i].detect(&s))
			continue;
		struct read_input named = *in;
		named.named = explicit;
		st = readers[i].read(&named, o, out, &local);
		if (st != READ_NOT_MINE)
			*kind = readers[i].kind;
		break;
	}
out:
	if (st == READ_OK || explicit || readers_look_relevant(in->buf, in->len))
		keep_errors(errs, &local);
	if (st == READ_NOT_MINE && explicit && s.object && (s.keys & SNIFF_IPAM_POOLS))
		errlist_add(errs, in->path, 0, 0,
			    "IPAM pools and their allocations are an address plan, not an input: "
			    "give the file with -p, or list it in ipam: of .cidrlint.yaml");
	else if (st == READ_NOT_MINE && explicit)
		errlist_add(errs, in->path, 0, 0,
			    "not a CloudFormation template, Terraform plan or state, or AWS inventory%s",
			    /* `cat main.tf | cidrlint -`, a module saved as .hcl */
			    !s.json && (mem_contains(in->buf, in->len, "resource \"") ||
					mem_contains(in->buf, in->len, "module \""))
				    ? "; it looks like Terraform source, which is read from the .tf files "
				      "of a directory: name the directory or a .tf file"
				    : "");
	errlist_release(&local);
	return st;
}
