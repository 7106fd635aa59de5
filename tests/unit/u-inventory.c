/*
 * u-inventory.c: the readers of what already exists (parsers/aws/):
 * describe-vpcs and describe-subnets, Terraform state in both formats,
 * CloudTrail; association states, positions, streaming, and errors.
 *
 * Small inputs are string literals or files under fixtures/inventory/.
 * Real-world files come from the shared corpus (../shared/corpus next to
 * the repository); those checks print "skipped" when it is absent.  Every
 * expected value below was read off the input file by hand.
 *
 *   u-inventory [REPOSITORY-ROOT]   (default: from this file's path)
 */
#include "parsers/readers.h"
#include "tests/unit/test.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

static const char *root;
static struct errlist errs;
static struct facts *f;
static char *filebuf;
static const struct read_options opt = {.region = "us-east-1", .account = "000011112222"};

/* Read buf with the reader of kind, as a run would once it told the kind. */
static struct facts *read_as(enum input_kind kind, const char *path, const char *rel,
			     const char *buf, size_t len)
{
	struct read_input in = {.path = path, .rel = rel, .buf = buf, .len = len};
	struct facts *out = NULL;

	reader_for_kind(kind)->read(&in, &opt, &out, &errs);
	return out;
}

static void reset(void)
{
	facts_free(f);
	f = NULL;
	free(filebuf);
	filebuf = NULL;
	errlist_release(&errs);
	errlist_init(&errs);
}

static struct facts *text(enum input_kind kind, const char *s)
{
	reset();
	f = read_as(kind, "t.json", NULL, s, strlen(s));
	return f;
}

/* A file under the repository; NULL (and *missing) when it cannot be read. */
static struct facts *file(enum input_kind kind, const char *rel, bool *missing)
{
	char *path = xasprintf("%s/%s", root, rel);
	const char *why;
	size_t len;

	reset();
	*missing = false;
	filebuf = file_read_all(path, (size_t)1 << 30, &len, &why);
	if (!filebuf) {
		*missing = true;
		free(path);
		return NULL;
	}
	f = read_as(kind, path, rel, filebuf, len);
	free(path);
	return f;
}

static bool have_corpus(void)
{
	char *dir = xasprintf("%s/../shared/corpus", root);
	struct stat st;
	bool ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);

	if (!ok)
		printf("skipped: no corpus at %s\n", dir);
	free(dir);
	return ok;
}

/* "line:col: message" of error i, for CHECK_STR. */
static const char *err(size_t i)
{
	static char buf[1024];

	if (i >= errs.n)
		return "(no error)";
	snprintf(buf, sizeof(buf), "%u:%u: %s", errs.v[i].line, errs.v[i].col, errs.v[i].msg);
	return buf;
}

static struct vpc *vpc(const char *name)
{
	for (size_t i = 0; f && i < f->nvpcs; i++)
		if (strcmp(f->vpcs[i]->r.name, name) == 0)
			return f->vpcs[i];
	fprintf(stderr, "no VPC '%s'\n", name);
	return NULL;
}

static struct subnet *subnet(const char *name)
{
	for (size_t i = 0; f && i < f->nsubnets; i++)
		if (strcmp(f->subnets[i]->r.name, name) == 0)
			return f->subnets[i];
	fprintf(stderr, "no subnet '%s'\n", name);
	return NULL;
}

static struct assoc *assoc(const char *name)
{
	for (size_t i = 0; f && i < f->nassocs; i++)
		if (strcmp(f->assocs[i]->r.name, name) == 0)
			return f->assocs[i];
	fprintf(stderr, "no association '%s'\n", name);
	return NULL;
}

static bool at(struct loc l, unsigned line, unsigned col)
{
	if (l.line == line && l.col == col)
		return true;
	fprintf(stderr, "  at %u:%u, want %u:%u\n", l.line, l.col, line, col);
	return false;
}

/* Block i of v: its text, family, role, state (NULL: none) and place. */
static bool block_is(const struct vpc *v, size_t i, const char *cidr, int family, int role,
		     const char *state, unsigned line, unsigned col)
{
	const struct block *b;

	if (!v || i >= v->nown) {
		fprintf(stderr, "  no block %zu\n", i);
		return false;
	}
	b = &v->own[i];
	if (b->v.state != VAL_KNOWN || !b->v.valid || strcmp(b->v.text, cidr) != 0 ||
	    b->family != family || b->role != role || !str_eq(b->state, state) ||
	    b->res != &v->r) {
		fprintf(stderr, "  block %zu: %s family %d role %d state %s\n", i,
			b->v.text ? b->v.text : "(none)", b->family, b->role, b->state ? b->state : "(none)");
		return false;
	}
	return at(b->v.loc, line, col);
}

static bool value_is(const struct cidr_value *v, const char *cidr, unsigned line, unsigned col)
{
	if (v->state != VAL_KNOWN || !v->valid || strcmp(v->text, cidr) != 0) {
		fprintf(stderr, "  value %s, want %s\n", v->text ? v->text : "(none)", cidr);
		return false;
	}
	return at(v->loc, line, col);
}

static bool ref_is(const struct vpc_ref *r, const char *vpc_id, unsigned line, unsigned col)
{
	if (r->kind != VREF_AWSID || !str_eq(r->name, vpc_id)) {
		fprintf(stderr, "  ref %d %s, want %s\n", r->kind, r->name ? r->name : "(none)", vpc_id);
		return false;
	}
	return at(r->loc, line, col);
}

/* --- the shared corpus ------------------------------------------------ */

static void test_custodian(void)
{
	bool missing;
	struct vpc *v;

	if (!have_corpus())
		return;
	/* one VPC, a primary and an associated secondary; owner in the file */
	file(INPUT_INVENTORY, "../shared/corpus/aws/custodian__rds_proxy_vpc_filter-ec2.DescribeVpcs_1.json",
	     &missing);
	CHECK(!missing && f && errs.n == 0);
	CHECK(f && f->nvpcs == 1 && f->nsubnets == 0 && f->nassocs == 0);
	CHECK(f && f->kind == INPUT_INVENTORY);
	v = vpc("vpc-0d4f819d13b730139");
	CHECK(v != NULL);
	if (v) {
		CHECK_STR(resource_aws_id(&v->r), "vpc-0d4f819d13b730139");
		CHECK_STR(v->r.type, "describe-vpcs");
		CHECK_STR(v->r.place->account, "644160558196");
		CHECK_STR(v->r.place->region, "us-east-1");
		CHECK(v->r.lc == LC_EXISTING && v->r.kind == RES_VPC);
		CHECK_STR(vpc_tag(v, "Name"), "DemoVPC");
		CHECK(at(v->r.loc, 5, 13));
		CHECK(v->nown == 2);
		CHECK(block_is(v, 0, "10.0.0.0/16", 4, BLOCK_PRIMARY, "associated", 15, 38));
		CHECK(block_is(v, 1, "10.1.0.0/16", 4, BLOCK_SECONDARY, "associated", 22, 38));
	}

	/* four VPCs, one with an IPv6 block; no OwnerId: the --account */
	file(INPUT_INVENTORY, "../shared/corpus/aws/custodian__vpc_delete_flow_logs-ec2.DescribeVpcs_1.json",
	     &missing);
	CHECK(!missing && f && errs.n == 0);
	CHECK(f && f->nvpcs == 4);
	v = vpc("vpc-f1516b97");
	CHECK(v && v->nown == 1 && block_is(v, 0, "10.0.42.0/24", 4, BLOCK_PRIMARY, "associated", 21, 38));
	CHECK(v && at(v->r.loc, 5, 13));
	CHECK(v && v->ntags == 2);
	CHECK(v && str_eq(vpc_tag(v, "tagfancykey"), "tagfanncyvalue"));
	CHECK(v && str_eq(v->r.place->account, "000011112222"));
	v = vpc("vpc-f8c6d983");
	CHECK(v && v->nown == 2);
	CHECK(block_is(v, 0, "10.0.0.0/16", 4, BLOCK_PRIMARY, "associated", 44, 38));
	CHECK(block_is(v, 1, "2600:1f18:2466:4b00::/56", 6, BLOCK_SECONDARY, "associated", 52, 42));
	CHECK(v && at(v->r.loc, 32, 13));
	v = vpc("vpc-03005fb9b8740263d");
	CHECK(v && v->nown == 1 && block_is(v, 0, "10.205.0.0/18", 4, BLOCK_PRIMARY, "associated", 76, 38));
	v = vpc("vpc-d2d616b5");
	CHECK(v && v->nown == 1 && block_is(v, 0, "172.31.0.0/16", 4, BLOCK_PRIMARY, "associated", 99, 38));
	CHECK(v && at(v->r.loc, 87, 13) && str_eq(vpc_tag(v, "Name"), "FlowLogTest"));
}

static void test_driftctl(void)
{
	static const struct {
		const char *name, *id, *cidr, *vpc;
		unsigned line, cidr_line, vpc_line;
	} subs[] = {
		{"aws_default_subnet.default-a", "subnet-03258f7d55e1df8ed", "172.31.0.0/20",
		 "vpc-075959b9534907185", 14, 21, 30},
		{"aws_default_subnet.default-b", "subnet-03a8928df96cbc112", "172.31.80.0/20",
		 "vpc-075959b9534907185", 43, 50, 59},
		{"aws_default_subnet.default-c", "subnet-00242cc446a0e7583", "172.31.16.0/20",
		 "vpc-075959b9534907185", 72, 79, 88},
		{"aws_subnet.subnet1", "subnet-03c1a726f076cec6b", "10.0.0.0/24", "vpc-0ad2f4ae7212c2bff", 101,
		 108, 117},
		{"aws_subnet.subnet2", "subnet-02fb51b19c891f0e9", "10.0.1.0/24", "vpc-0ad2f4ae7212c2bff", 133,
		 140, 149},
		{"aws_subnet.subnet3", "subnet-09631aa1f17d607c4", "10.0.2.0/24", "vpc-0ad2f4ae7212c2bff", 165,
		 172, 181},
	};
	bool missing;
	struct vpc *v;

	if (!have_corpus())
		return;
	file(INPUT_TFSTATE, "../shared/corpus/tfplan/driftctl__aws_subnet-terraform.tfstate.json", &missing);
	CHECK(!missing && f && errs.n == 0);
	CHECK(f && f->nsubnets == 6 && f->nvpcs == 0 && f->nassocs == 0);
	for (size_t i = 0; f && i < ARRAY_SIZE(subs); i++) {
		struct subnet *s = subnet(subs[i].name);
		CHECK(s != NULL);
		if (!s)
			continue;
		CHECK_STR(resource_aws_id(&s->r), subs[i].id);
		CHECK(s->has_v4 && !s->v6); /* ipv6_cidr_block "" is absent */
		CHECK(value_is(&s->v4, subs[i].cidr, subs[i].cidr_line, 27));
		CHECK(ref_is(&s->ref, subs[i].vpc, subs[i].vpc_line, 23));
		CHECK(at(s->r.loc, subs[i].line, 9));
		CHECK_STR(s->r.place->account, "526954929923");
		CHECK_STR(s->r.place->region, "us-east-1"); /* from the ARN */
		CHECK(s->r.lc == LC_EXISTING);
	}
	CHECK(f && f->nsubnets && str_eq(f->subnets[0]->r.type, "aws_default_subnet"));
	CHECK(f && f->nsubnets > 3 && str_eq(f->subnets[3]->r.type, "aws_subnet"));

	file(INPUT_TFSTATE, "../shared/corpus/tfplan/driftctl__aws_vpc-terraform.tfstate.json", &missing);
	CHECK(!missing && f && errs.n == 0);
	CHECK(f && f->nvpcs == 2 && f->nsubnets == 0);
	v = vpc("aws_default_vpc.default");
	CHECK(v && str_eq(resource_aws_id(&v->r), "vpc-41d1d13b") && str_eq(v->r.type, "aws_default_vpc"));
	CHECK(v && v->nown == 1 && block_is(v, 0, "172.31.0.0/16", 4, BLOCK_PRIMARY, NULL, 19, 27));
	CHECK(v && at(v->r.loc, 14, 9) && str_eq(v->r.place->account, "929327065333") && v->ntags == 0);
	v = vpc("aws_vpc.vpc");
	CHECK(v && str_eq(resource_aws_id(&v->r), "vpc-0a5666c0cfc366714") && str_eq(v->r.type, "aws_vpc"));
	CHECK(v && v->nown == 1 && block_is(v, 0, "10.0.0.0/16", 4, BLOCK_PRIMARY, NULL, 52, 27));
	CHECK(v && at(v->r.loc, 47, 9));
}

static void test_tfjson_state(void)
{
	bool missing;

	if (!have_corpus())
		return;
	/* terraform show -json of a state with null_resources only, one of
	 * them in a child module: read, and nothing of ours in it */
	file(INPUT_TFSTATE, "../shared/corpus/tfplan/tfjson__110_sensitive_values-state.json", &missing);
	CHECK(!missing && f != NULL && errs.n == 0);
	CHECK(f && f->nvpcs == 0 && f->nsubnets == 0 && f->nassocs == 0);
}

/* --- fixtures --------------------------------------------------------- */

static void test_describe_subnets(void)
{
	bool missing;
	struct subnet *s;

	file(INPUT_INVENTORY, "fixtures/inventory/describe-subnets/subnets.json", &missing);
	CHECK(!missing && f && errs.n == 0);
	CHECK(f && f->nsubnets == 2 && f->nvpcs == 0);
	s = subnet("subnet-0bb1c79de3EXAMPLE");
	CHECK(s != NULL);
	if (s) {
		CHECK_STR(s->r.type, "describe-subnets");
		CHECK_STR(resource_aws_id(&s->r), "subnet-0bb1c79de3EXAMPLE");
		CHECK(at(s->r.loc, 3, 9));
		CHECK(ref_is(&s->ref, "vpc-0ee975135dEXAMPLE", 12, 22));
		CHECK(s->has_v4 && value_is(&s->v4, "10.0.0.0/20", 7, 26));
		/* the disassociated block is skipped; "ASSOCIATED" counts */
		CHECK(s->v6 && value_is(s->v6, "2600:1f16:115:201::/64", 25, 38));
		CHECK_STR(s->r.place->region, "us-east-2"); /* from SubnetArn */
		CHECK_STR(s->r.place->account, "111122223333");
		/* a subnet keeps no tags: nothing reads them (struct vpc) */
	}
	/* IPv6-only: no CidrBlock */
	s = subnet("subnet-0c2ed5e8b6EXAMPLE");
	CHECK(s && !s->has_v4 && s->v6 && value_is(s->v6, "2600:1f16:115:202::/64", 48, 38));
	CHECK(s && (s->r.args & ARG_V6NATIVE));
	CHECK(s && str_eq(s->r.place->region, "us-east-1") && str_eq(s->r.place->account, "000011112222"));
}

static void test_states(void)
{
	bool missing;
	struct vpc *v;

	file(INPUT_INVENTORY, "fixtures/inventory/vpc-states/vpcs.json", &missing);
	CHECK(!missing && f && errs.n == 0);
	CHECK(f && f->nvpcs == 2);
	v = vpc("vpc-11111111111111111");
	/* disassociated, failed and failing hold no space: 10.1, 10.2, 10.5
	 * and the first IPv6 block are gone */
	CHECK(v && v->nown == 4);
	CHECK(block_is(v, 0, "10.0.0.0/16", 4, BLOCK_PRIMARY, "associated", 4, 57));
	CHECK(block_is(v, 1, "10.3.0.0/16", 4, BLOCK_SECONDARY, "ASSOCIATING", 7, 57));
	CHECK(block_is(v, 2, "10.4.0.0/16", 4, BLOCK_SECONDARY, "disassociating", 8, 57));
	CHECK(block_is(v, 3, "2600:1f18:aaaa:200::/56", 6, BLOCK_SECONDARY, "associated", 13, 61));
	CHECK(v && at(v->r.loc, 2, 3));
	CHECK(v && v->ntags == 2 && str_eq(vpc_tag(v, "env"), ""));
	/* no association set: the top-level CidrBlock is the primary */
	v = vpc("vpc-22222222222222222");
	CHECK(v && v->nown == 1 && block_is(v, 0, "192.168.0.0/24", 4, BLOCK_PRIMARY, NULL, 16, 51));
}

static void test_cloudtrail(void)
{
	bool missing;
	struct vpc *v;
	struct assoc *a;

	file(INPUT_CLOUDTRAIL, "fixtures/inventory/cloudtrail/trail.json", &missing);
	CHECK(!missing && f && errs.n == 0);
	/* the failed association, the S3 call and DescribeVpcs add nothing */
	CHECK(f && f->nvpcs == 1 && f->nassocs == 1 && f->nsubnets == 0);
	v = vpc("vpc-0abc0abc0abc0abc0");
	CHECK(v != NULL);
	if (v) {
		CHECK_STR(resource_aws_id(&v->r), "vpc-0abc0abc0abc0abc0");
		CHECK_STR(v->r.type, "CreateVpc");
		CHECK(v->r.lc == LC_CREATE);
		CHECK_STR(v->r.place->region, "eu-west-1");
		CHECK_STR(v->r.place->account, "111122223333");
		CHECK_STR((v->r.rare ? v->r.rare->origin : NULL), "VPC 'vpc-0abc0abc0abc0abc0' was created at 2024-03-01T10:15:00Z by "
				       "arn:aws:iam::111122223333:user/alice from 198.51.100.7 (CloudTrail CreateVpc)");
		CHECK_STR(vpc_tag(v, "Name"), "by-hand");
		CHECK(at(v->r.loc, 2, 3));
		CHECK(v->nown == 1 && block_is(v, 0, "10.20.0.0/16", 4, BLOCK_PRIMARY, NULL, 12, 40));
	}
	a = assoc("vpc-cidr-assoc-0b2");
	CHECK(a != NULL);
	if (a) {
		CHECK(a->r.lc == LC_CREATE);
		CHECK_STR(a->r.type, "AssociateVpcCidrBlock");
		CHECK(ref_is(&a->ref, "vpc-0abc0abc0abc0abc0", 32, 36));
		CHECK(a->block.family == 4 && a->block.role == BLOCK_SECONDARY);
		CHECK(value_is(&a->block.v, "100.64.0.0/16", 32, 74));
		CHECK_STR(a->block.state, "associating");
		CHECK_STR((a->r.rare ? a->r.rare->origin : NULL), "100.64.0.0/16 was associated with VPC 'vpc-0abc0abc0abc0abc0' at "
				       "2024-03-02T08:00:00Z by arn:aws:sts::111122223333:assumed-role/ops/bob "
				       "from 203.0.113.9 (CloudTrail AssociateVpcCidrBlock)");
		CHECK(at(a->r.loc, 24, 3));
	}

	/* the Pascal-case wrapper; IPv6 from Amazon, shown in the response;
	 * Amazon-provided with no response; a CreateVpc without a response */
	text(INPUT_CLOUDTRAIL,
	     "{\"Records\":[\n"
	     "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"AssociateVpcCidrBlock\",\"eventTime\":\"T1\","
	     "\"userIdentity\":{\"accountId\":\"333\"},"
	     "\"requestParameters\":{\"AssociateVpcCidrBlockRequest\":{\"VpcId\":\"vpc-9\",\"CidrBlock\":\"10.9.0.0/16\"}}},\n"
	     "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"AssociateVpcCidrBlock\",\"eventTime\":\"T2\","
	     "\"requestParameters\":{\"vpcId\":\"vpc-9\",\"amazonProvidedIpv6CidrBlock\":true},"
	     "\"responseElements\":{\"ipv6CidrBlockAssociation\":{\"associationId\":\"vpc-cidr-assoc-v6\","
	     "\"ipv6CidrBlock\":\"2600:1f18:1:100::/56\",\"ipv6CidrBlockState\":{\"state\":\"associating\"}}}},\n"
	     "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"AssociateVpcCidrBlock\",\"eventTime\":\"T3\","
	     "\"requestParameters\":{\"vpcId\":\"vpc-9\",\"amazonProvidedIpv6CidrBlock\":true}},\n"
	     "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"CreateVpc\",\"eventTime\":\"T4\",\"errorCode\":null,"
	     "\"sourceIPAddress\":\"10.1.1.1\",\"requestParameters\":{\"cidrBlock\":\"10.8.0.0/16\"}}\n"
	     "]}");
	CHECK(f && errs.n == 0);
	CHECK(f && f->nassocs == 3 && f->nvpcs == 1);
	a = assoc("AssociateVpcCidrBlock@T1");
	CHECK(a && resource_aws_id(&a->r) == NULL && ref_is(&a->ref, "vpc-9", 2, 185));
	CHECK(a && a->block.family == 4 && value_is(&a->block.v, "10.9.0.0/16", 2, 205));
	CHECK(a && str_eq(a->r.place->account, "333") && str_eq(a->r.place->region, "us-east-1"));
	CHECK(a && str_eq((a->r.rare ? a->r.rare->origin : NULL), "10.9.0.0/16 was associated with VPC 'vpc-9' at T1 "
				      "(CloudTrail AssociateVpcCidrBlock)"));
	a = assoc("vpc-cidr-assoc-v6");
	CHECK(a && a->block.family == 6 && value_is(&a->block.v, "2600:1f18:1:100::/56", 3, 262));
	CHECK(a && str_eq(a->block.state, "associating") && str_eq(resource_aws_id(&a->r), "vpc-cidr-assoc-v6"));
	a = assoc("AssociateVpcCidrBlock@T3");
	CHECK(a && a->block.family == 6 && a->block.v.state == VAL_CONSTRAINED && a->block.v.amazon &&
	      a->block.v.netmask == 56 && (a->r.args & ARG_AMZV6));
	v = vpc("CreateVpc@T4");
	CHECK(v && resource_aws_id(&v->r) == NULL && v->nown == 1 &&
	      block_is(v, 0, "10.8.0.0/16", 4, BLOCK_PRIMARY, NULL, 5, 156));
	CHECK(v && str_eq((v->r.rare ? v->r.rare->origin : NULL), "VPC 'CreateVpc@T4' was created at T4 from 10.1.1.1 "
				      "(CloudTrail CreateVpc)") &&
	      str_eq(v->r.place->account, "000011112222"));
}

static void test_tfstate_raw(void)
{
	bool missing;
	struct vpc *v;
	struct assoc *a;
	struct subnet *s;

	file(INPUT_TFSTATE, "fixtures/inventory/tfstate-modules/terraform.tfstate", &missing);
	CHECK(!missing && f && errs.n == 0);
	/* the data source and the security group are not read */
	CHECK(f && f->nvpcs == 1 && f->nassocs == 3 && f->nsubnets == 2);
	v = vpc("module.net.aws_vpc.main[0]");
	CHECK(v != NULL);
	if (v) {
		CHECK_STR(resource_aws_id(&v->r), "vpc-0aaaaaaaaaaaaaaa0");
		CHECK_STR(v->r.place->region, "eu-central-1");
		CHECK_STR(v->r.place->account, "444455556666");
		CHECK(v->ntags == 2 && str_eq(vpc_tag(v, "team"), "core")); /* tags_all */
		CHECK(at(v->r.loc, 27, 9));
		CHECK(v->nown == 2);
		CHECK(block_is(v, 0, "10.10.0.0/16", 4, BLOCK_PRIMARY, NULL, 32, 27));
		CHECK(block_is(v, 1, "2a05:d014:e3f:a400::/56", 6, BLOCK_SECONDARY, NULL, 34, 32));
	}
	a = assoc("aws_vpc_ipv4_cidr_block_association.extra[\"a\"]");
	CHECK(a && str_eq(resource_aws_id(&a->r), "vpc-cidr-assoc-0e1") && at(a->r.loc, 49, 9));
	CHECK(a && ref_is(&a->ref, "vpc-0aaaaaaaaaaaaaaa0", 57, 23));
	CHECK(a && a->block.family == 4 && value_is(&a->block.v, "10.11.0.0/16", 53, 27));
	/* a key with a quote is escaped as Terraform writes it */
	a = assoc("aws_vpc_ipv4_cidr_block_association.extra[\"b\\\"q\"]");
	CHECK(a && value_is(&a->block.v, "10.12.0.0/16", 64, 27) && at(a->r.loc, 60, 9));
	a = assoc("aws_vpc_ipv6_cidr_block_association.v6");
	CHECK(a && a->block.family == 6 && value_is(&a->block.v, "2a05:d014:e3f:b400::/56", 82, 32));
	CHECK(a && ref_is(&a->ref, "vpc-0aaaaaaaaaaaaaaa0", 84, 23));
	s = subnet("module.net.aws_subnet.private[0]");
	CHECK(s && s->has_v4 && value_is(&s->v4, "10.10.0.0/24", 101, 27));
	CHECK(s && s->v6 && value_is(s->v6, "2a05:d014:e3f:a400::/64", 103, 32));
	CHECK(s && ref_is(&s->ref, "vpc-0aaaaaaaaaaaaaaa0", 105, 23) && at(s->r.loc, 96, 9));
	s = subnet("module.net.aws_subnet.private[1]");
	CHECK(s && s->has_v4 && !s->v6 && value_is(&s->v4, "10.10.1.0/24", 113, 27));
	CHECK(s && at(s->r.loc, 108, 9));
}

static void test_tfstate_show(void)
{
	bool missing;
	struct vpc *v;
	struct assoc *a;
	struct subnet *s;

	file(INPUT_TFSTATE, "fixtures/inventory/show-state/state.json", &missing);
	CHECK(!missing && f && errs.n == 0);
	CHECK(f && f->nvpcs == 2 && f->nassocs == 1 && f->nsubnets == 1);
	v = vpc("aws_vpc.main[\"a\"]");
	CHECK(v && str_eq(resource_aws_id(&v->r), "vpc-0bbbbbbbbbbbbbbb0") && at(v->r.loc, 3, 1));
	CHECK(v && v->nown == 1 && block_is(v, 0, "10.30.0.0/16", 4, BLOCK_PRIMARY, NULL, 3, 259));
	CHECK(v && str_eq(v->r.place->region, "us-west-2") && str_eq(vpc_tag(v, "Name"), "main-a"));
	/* two levels of child modules down */
	v = vpc("module.net.module.inner.aws_default_vpc.this");
	CHECK(v && str_eq(resource_aws_id(&v->r), "vpc-0defdefdefdefdef0") && at(v->r.loc, 10, 1));
	CHECK(v && v->nown == 2 && block_is(v, 0, "172.31.0.0/16", 4, BLOCK_PRIMARY, NULL, 10, 280));
	CHECK(block_is(v, 1, "2600:1f14:abc:de00::/56", 6, BLOCK_SECONDARY, NULL, 10, 343));
	s = subnet("module.net.aws_subnet.app[0]");
	CHECK(s && str_eq(resource_aws_id(&s->r), "subnet-0bbbbbbbbbbbbbb01") && at(s->r.loc, 7, 1));
	CHECK(s && s->has_v4 && !s->v6 && value_is(&s->v4, "10.30.1.0/24", 7, 199));
	CHECK(s && ref_is(&s->ref, "vpc-0bbbbbbbbbbbbbbb0", 7, 278));
	a = assoc("module.net.aws_vpc_ipv4_cidr_block_association.pods");
	CHECK(a && value_is(&a->block.v, "100.64.0.0/16", 8, 238) && ref_is(&a->ref, "vpc-0bbbbbbbbbbbbbbb0", 8, 291));
}

/* --- malformed input -------------------------------------------------- */

static void test_errors(void)
{
	/* not JSON inside an element: cJSON's place, and no facts */
	CHECK(text(INPUT_INVENTORY, "{\"Vpcs\": [\n {\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"},\n"
				    " {\"VpcId\": \"vpc-2\", \"CidrBlock\": tru}\n]}") == NULL);
	CHECK(errs.n == 1);
	CHECK_STR(err(0), "3:34: invalid JSON: this value cannot be parsed");

	/* cut short: the scanner's place */
	CHECK(text(INPUT_INVENTORY, "{\"Vpcs\": [\n  {\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"") == NULL);
	CHECK(errs.n == 1);
	CHECK_STR(err(0), "2:48: invalid JSON: unexpected end of input inside a value");
	CHECK(text(INPUT_TFSTATE, "{\"version\": 4, \"terraform_version\": \"1.0.0\", \"resources\": [] } x") == NULL);
	CHECK_STR(err(0), "1:64: invalid JSON: unexpected text after the top-level object");
	/* a list is one of EventBridge events: each entry is checked */
	CHECK(text(INPUT_CLOUDTRAIL, "[1, 2]") != NULL && errs.n == 2);
	CHECK_STR(err(0), "1:2: each entry of the list of EventBridge events must be an object: skipped");
	CHECK(text(INPUT_CLOUDTRAIL, "[1, 2] x") == NULL);
	CHECK_STR(err(0), "1:8: invalid JSON: unexpected text after the top-level list");
	CHECK(text(INPUT_CLOUDTRAIL, "") == NULL);
	CHECK_STR(err(0), "1:1: invalid JSON: a CloudTrail log must be a JSON object");
	CHECK(text(INPUT_TFSTATE, "{\"version\": 4, \"terraform_version\": \"1\", \"resources\": [\n"
				  "{\"mode\": \"managed\", \"type\": \"aws_vpc\", \"name\": \"a\", \"instances\": [{\"attributes\": {\"cidr_block\": 10.0.0.0}}]}]}") == NULL);
	CHECK_STR(err(0), "2:101: invalid JSON: this value cannot be parsed");

	/* Vpcs is not a list: named, and the Subnets are still read */
	CHECK(text(INPUT_INVENTORY, "{\"Vpcs\": {\"VpcId\": \"vpc-1\"},\n \"Subnets\": [{\"SubnetId\": \"subnet-1\", "
				    "\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/24\"}]}") != NULL);
	CHECK(errs.n == 1);
	CHECK_STR(err(0), "1:10: Vpcs must be a list: skipped");
	CHECK(f && f->nvpcs == 0 && f->nsubnets == 1);

	/* bad elements are skipped whole, with the field named at its place;
	 * the good ones around them are read */
	CHECK(text(INPUT_INVENTORY,
		   "{\"Vpcs\": [\n"
		   "  {\"CidrBlock\": \"10.0.0.0/16\"},\n"
		   "  {\"VpcId\": \"vpc-2\", \"CidrBlock\": 167772160},\n"
		   "  {\"VpcId\": \"vpc-3\", \"CidrBlock\": \"10.3.0.0/16\"},\n"
		   "  {\"VpcId\": \"vpc-4\", \"CidrBlock\": \"10.4.0.0/16\", \"CidrBlockAssociationSet\": [\n"
		   "     {\"CidrBlock\": \"10.4.0.0/16\", \"CidrBlockState\": {\"State\": \"associated\"}},\n"
		   "     {\"CidrBlockState\": {\"State\": \"associated\"}}]},\n"
		   "  {\"VpcId\": 5},\n"
		   "  {\"VpcId\": \"vpc-6\"},\n"
		   "  {\"VpcId\": \"vpc-7\", \"CidrBlock\": \"10.7.0.0/16\", \"Ipv6CidrBlockAssociationSet\": {}},\n"
		   "  [],\n"
		   "  {\"VpcId\": \"vpc-8\", \"Tags\": [{\"Key\": \"Name\", \"Value\": \"r\xc3\xa9seau\"}], \"CidrBlock\": 8}\n"
		   "]}") != NULL);
	CHECK(errs.n == 8);
	CHECK_STR(err(0), "2:3: a VPC without VpcId: skipped");
	CHECK_STR(err(1), "3:35: CidrBlock of VPC 'vpc-2' must be a string: skipped");
	CHECK_STR(err(2), "7:6: CidrBlockAssociationSet[1] of VPC 'vpc-4' names no CIDR: skipped");
	CHECK_STR(err(3), "8:13: VpcId must be a string: VPC skipped");
	CHECK_STR(err(4), "9:3: VPC 'vpc-6' has no CidrBlock: skipped");
	CHECK_STR(err(5), "10:81: Ipv6CidrBlockAssociationSet of VPC 'vpc-7' must be a list: skipped");
	CHECK_STR(err(6), "11:3: each entry of Vpcs must be an object: skipped");
	/* columns count characters: the two-byte é is one */
	CHECK_STR(err(7), "12:81: CidrBlock of VPC 'vpc-8' must be a string: skipped");
	CHECK(f && f->nvpcs == 1 && vpc("vpc-3") != NULL);
	for (size_t i = 0; i < errs.n; i++)
		CHECK_STR(errs.v[i].file, "t.json");

	/* subnets */
	CHECK(text(INPUT_INVENTORY,
		   "{\"Subnets\": [{\"SubnetId\": \"subnet-1\"},\n"
		   " {\"SubnetId\": \"subnet-2\", \"VpcId\": \"vpc-1\", \"Ipv6CidrBlockAssociationSet\": [{\"Ipv6CidrBlock\": 6}]},\n"
		   " {\"SubnetId\": \"subnet-3\", \"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/24\"}]}") != NULL);
	CHECK(errs.n == 2);
	CHECK_STR(err(0), "1:14: subnet 'subnet-1' has no VpcId: skipped");
	CHECK_STR(err(1), "2:95: Ipv6CidrBlockAssociationSet[0] of subnet 'subnet-2' has a CIDR that is not a string: skipped");
	CHECK(f && f->nsubnets == 1 && subnet("subnet-3") != NULL);

	/* a recorded response of another call, and nothing at all */
	CHECK(text(INPUT_INVENTORY, "{\"status_code\": 200, \"data\": {\"Reservations\": []}}") == NULL);
	CHECK_STR(err(0), "1:1: an AWS inventory needs a Vpcs or Subnets list "
			  "(aws ec2 describe-vpcs or describe-subnets output)");
	CHECK(text(INPUT_INVENTORY, "{\"status_code\": 500, \"data\": null}") == NULL);
	CHECK_STR(err(0), "1:30: data of a recorded response must be an object holding Vpcs or Subnets");
	CHECK(text(INPUT_CLOUDTRAIL, "{\"records\": []}") == NULL);
	CHECK_STR(err(0), "1:1: a CloudTrail log needs a Records list (a trail's log file), an Events "
			  "list (aws cloudtrail lookup-events) or an EventBridge event");
	/* an object with none of a template's members is not one */
	CHECK(text(INPUT_CFN, "{}") == NULL);
	CHECK(errs.n == 0);

	/* versions this reader does not know */
	CHECK(text(INPUT_TFSTATE, "{\n  \"version\": 2,\n  \"terraform_version\": \"0.8.8\",\n  \"modules\": []\n}") == NULL);
	CHECK(errs.n == 1);
	CHECK_STR(err(0), "2:14: terraform.tfstate version 2 is not supported: cidrlint reads versions 3 "
			  "and 4 (Terraform 0.9 and later)");
	/* version 3 (Terraform 0.11) is read: an empty one is a valid input */
	CHECK(text(INPUT_TFSTATE, "{\n  \"version\": 3,\n  \"terraform_version\": \"0.11.14\",\n  \"modules\": []\n}") != NULL);
	CHECK(errs.n == 0 && f && f->nvpcs == 0);
	CHECK(text(INPUT_TFSTATE, "{\"version\": 3, \"terraform_version\": \"0.11.14\", \"modules\": [{\"path\": [\"root\"], "
			  "\"resources\": {\"aws_vpc\": {}}}]}") != NULL);
	CHECK_STR(err(0), "1:104: 'aws_vpc' is not a resource address (TYPE.NAME or TYPE.NAME.INDEX): skipped");
	CHECK(text(INPUT_TFSTATE, "{\"format_version\": \"2.0\", \"values\": {}}") == NULL);
	CHECK_STR(err(0), "1:20: Terraform state format_version \"2.0\" is not supported: cidrlint reads 0.x and 1.x");
	/* terraform show -json of an empty state */
	CHECK(text(INPUT_TFSTATE, "{\"format_version\": \"1.0\"}") != NULL);
	CHECK(errs.n == 0 && f && f->nvpcs == 0);
	CHECK(text(INPUT_TFSTATE, "{\"format_version\": \"1.0\", \"values\": null}") != NULL);
	CHECK(errs.n == 0 && f && f->nvpcs == 0);

	/* Terraform shapes */
	CHECK(text(INPUT_TFSTATE,
		   "{\"version\": 4, \"terraform_version\": \"1\", \"resources\": [\n"
		   "{\"mode\": \"managed\", \"type\": \"aws_vpc\", \"name\": \"a\", \"instances\": [{\"attributes\": {\"id\": \"vpc-a\"}}]},\n"
		   "{\"mode\": \"managed\", \"type\": \"aws_subnet\", \"name\": \"s\", \"instances\": [{\"attributes\": {\"cidr_block\": [\"10.0.0.0/24\"], \"vpc_id\": \"vpc-a\"}}]},\n"
		   "{\"mode\": \"managed\", \"type\": \"aws_subnet\", \"name\": \"t\", \"instances\": [{\"attributes\": {\"cidr_block\": \"10.0.1.0/24\"}}]},\n"
		   "{\"mode\": \"managed\", \"type\": \"aws_vpc_ipv4_cidr_block_association\", \"name\": \"x\", \"instances\": {}},\n"
		   "{\"mode\": \"managed\", \"type\": \"aws_subnet\", \"name\": \"u\", \"instances\": [{\"attributes\": {\"cidr_block\": \"10.0.2.0/24\", \"vpc_id\": \"vpc-a\"}}]}\n"
		   "]}") != NULL);
	CHECK(errs.n == 4);
	CHECK_STR(err(0), "2:82: 'aws_vpc.a' has no cidr_block: skipped");
	CHECK_STR(err(1), "3:100: cidr_block of 'aws_subnet.s' must be a string: skipped");
	CHECK_STR(err(2), "4:85: 'aws_subnet.t' has no vpc_id: skipped");
	CHECK_STR(err(3), "5:94: instances of aws_vpc_ipv4_cidr_block_association.x must be a list: skipped");
	CHECK(f && f->nsubnets == 1 && subnet("aws_subnet.u") != NULL);

	/* CloudTrail shapes */
	CHECK(text(INPUT_CLOUDTRAIL,
		   "{\"Records\": [\n"
		   "{\"eventSource\": \"ec2.amazonaws.com\", \"eventName\": \"CreateVpc\", \"requestParameters\": {\"cidrBlock\": 10}},\n"
		   "{\"eventSource\": \"ec2.amazonaws.com\", \"eventName\": \"AssociateVpcCidrBlock\", \"requestParameters\": {\"cidrBlock\": \"10.1.0.0/16\"}},\n"
		   "\"x\"]}") != NULL);
	CHECK(errs.n == 3);
	CHECK_STR(err(0), "2:99: cidrBlock must be a string: record skipped");
	CHECK_STR(err(1), "3:97: AssociateVpcCidrBlock names no vpcId: record skipped");
	CHECK_STR(err(2), "4:1: each entry of Records must be an object: skipped");
	CHECK(f && f->nvpcs == 0 && f->nassocs == 0);
}

/* --- streaming: positions stay right over many elements ------------- */

static void test_many(void)
{
	struct sbuf sb;
	const size_t n = 20000;

	sbuf_init(&sb, 0);
	sbuf_adds(&sb, "{\"Vpcs\": [");
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sb, "%s\n  {\"VpcId\": \"vpc-%zu\", \"CidrBlock\": \"10.%zu.%zu.0/24\"}", i ? "," : "", i,
			  i / 256, i % 256);
	sbuf_adds(&sb, "\n]}");
	reset();
	f = read_as(INPUT_INVENTORY, "many.json", NULL, sb.buf, sb.len);
	CHECK(f && errs.n == 0 && f->nvpcs == n);
	if (f && f->nvpcs == n) {
		struct vpc *last = f->vpcs[n - 1];
		CHECK_STR(last->r.name, "vpc-19999");
		CHECK(at(last->r.loc, (unsigned)n + 1, 3));
		CHECK(block_is(last, 0, "10.78.31.0/24", 4, BLOCK_PRIMARY, NULL, (unsigned)n + 1, 39));
	}
	sbuf_release(&sb);
}

/* gzip of text into out (a fixture's bytes, made here with zlib's own
 * deflate so that no binary sits in the test); returns its length. */
static size_t gz(const char *text, unsigned char *out, size_t cap)
{
	z_stream z;
	size_t n;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (Bytef *)(uintptr_t)text;
	z.avail_in = (uInt)strlen(text);
	z.next_out = out;
	z.avail_out = (uInt)cap;
	n = deflate(&z, Z_FINISH) == Z_STREAM_END ? cap - z.avail_out : 0;
	deflateEnd(&z);
	return n;
}

/* lookup-events, EventBridge and IPAM: shapes and their errors */
static void test_aws_shapes(void)
{
	struct vpc *v;

	/* every place of a lookup-events record is its string's */
	f = text(INPUT_CLOUDTRAIL,
		 "{\"Events\": [\n {\"CloudTrailEvent\": \"{\\\"eventSource\\\":\\\"ec2.amazonaws.com\\\","
		 "\\\"eventName\\\":\\\"CreateVpc\\\",\\\"requestParameters\\\":{\\\"cidrBlock\\\":"
		 "\\\"10.0.0.0/16\\\"}}\"},\n {\"CloudTrailEvent\": \"[1\"},\n {\"EventName\": \"CreateVpc\"},\n"
		 " {\"CloudTrailEvent\": 7}\n]}");
	CHECK(f && f->nvpcs == 1 && errs.n == 3);
	v = f && f->nvpcs ? f->vpcs[0] : NULL;
	CHECK(v && v->nown == 1 && block_is(v, 0, "10.0.0.0/16", 4, BLOCK_PRIMARY, NULL, 2, 22));
	CHECK_STR(err(0), "3:22: CloudTrailEvent does not hold a CloudTrail record (this value cannot "
			  "be parsed): event skipped");
	CHECK_STR(err(1), "4:2: an entry of Events without CloudTrailEvent: skipped");
	CHECK_STR(err(2), "5:22: CloudTrailEvent must be a string holding the record: event skipped");
	/* one EventBridge event: places inside detail; another type is skipped */
	f = text(INPUT_CLOUDTRAIL,
		 "{\"detail-type\": \"AWS API Call via CloudTrail\", \"detail\": {\"eventSource\": "
		 "\"ec2.amazonaws.com\", \"eventName\": \"CreateVpc\", \"requestParameters\": "
		 "{\"cidrBlock\": \"10.1.0.0/16\"}}}");
	v = f && f->nvpcs ? f->vpcs[0] : NULL;
	CHECK(v && errs.n == 0 && block_is(v, 0, "10.1.0.0/16", 4, BLOCK_PRIMARY, NULL, 1, 156));
	f = text(INPUT_CLOUDTRAIL, "[{\"detail-type\": \"Scheduled Event\", \"detail\": {}}]");
	CHECK(f && f->nvpcs == 0 && errs.n == 0);
	/* IPAM: told by its content; the CIDRs of one VPC folded, other
	 * resource types skipped */
	reset();
	{
		const char *t = "{\"IpamResourceCidrs\": [\n"
				" {\"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-1\", \"ResourceCidr\": \"10.0.0.0/16\","
				" \"ResourceOwnerId\": \"111\", \"ResourceRegion\": \"eu-west-1\"},\n"
				" {\"ResourceType\": \"eip\", \"ResourceId\": \"eipalloc-1\", \"ResourceCidr\": \"203.0.113.1/32\"},\n"
				" {\"ResourceType\": \"vpc\", \"ResourceId\": \"vpc-1\", \"ResourceCidr\": \"10.1.0.0/16\"},\n"
				" {\"ResourceType\": \"subnet\", \"ResourceId\": \"subnet-1\", \"ResourceCidr\": \"10.0.1.0/24\"}\n"
				"]}";
		struct read_input in = {.path = "t.json", .buf = t, .len = strlen(t)};
		enum input_kind kind;

		CHECK(readers_read(&in, &opt, true, &f, &kind, &errs) == READ_OK && kind == INPUT_INVENTORY);
	}
	CHECK(f && f->nvpcs == 1 && f->nsubnets == 0 && errs.n == 1);
	v = f && f->nvpcs ? f->vpcs[0] : NULL;
	CHECK(v && v->nown == 2 && block_is(v, 0, "10.0.0.0/16", 4, BLOCK_SECONDARY, NULL, 2, 65) &&
	      block_is(v, 1, "10.1.0.0/16", 4, BLOCK_SECONDARY, NULL, 4, 65));
	CHECK(v && str_eq(v->r.place->account, "111") && str_eq(v->r.place->region, "eu-west-1"));
	CHECK_STR(err(0), "5:2: subnet 'subnet-1' has no VpcId: skipped");
}

/* Readers keep the tags something reads (keep_tags), in the order given,
 * and every tag when told nothing */
static void test_kept_tags(void)
{
	static const char *const keep[] = {"Name", "Env", NULL};
	const struct read_options some = {.keep_tags = keep};
	const char *inputs[] = {
		"{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\", \"Tags\": ["
		"{\"Key\": \"Owner\", \"Value\": \"net\"}, {\"Key\": \"Env\", \"Value\": \"prod\"}, "
		"{\"Key\": \"Name\", \"Value\": \"a\"}]}]}",
		"{\"format_version\": \"1.2\", \"resource_changes\": [{\"address\": \"aws_vpc.a\", "
		"\"mode\": \"managed\", \"type\": \"aws_vpc\", \"name\": \"a\", \"change\": "
		"{\"actions\": [\"create\"], \"after\": {\"cidr_block\": \"10.0.0.0/16\", \"tags\": "
		"{\"Owner\": \"net\", \"Env\": \"prod\", \"Name\": \"a\"}}}}]}",
	};

	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
		for (int all = 0; all < 2; all++) {
			struct read_input in = {.path = "t.json", .buf = inputs[i], .len = strlen(inputs[i])};
			enum input_kind kind;
			const struct vpc *v;

			reset();
			CHECK(readers_read(&in, all ? &opt : &some, true, &f, &kind, &errs) == READ_OK);
			v = f && f->nvpcs == 1 ? f->vpcs[0] : NULL;
			CHECK(v && v->ntags == (all ? 3u : 2u));
			CHECK(v && str_eq(vpc_tag(v, "Name"), "a") &&
			      str_eq(vpc_tag(v, "Env"), "prod"));
			CHECK(v && str_eq(vpc_tag(v, "Owner"), all ? "net" : NULL));
			CHECK(errs.n == 0);
		}
	}
	CHECK(tag_kept(NULL, "Owner") && tag_kept(keep, "Env") && !tag_kept(keep, "env") &&
	      !tag_kept(keep, ""));
}

/* S3's .json.gz: inflated within the limit, every member, nothing else */
static void test_gunzip(void)
{
	static unsigned char g[1 << 16];
	static char big[1 << 15];
	const char *why = NULL;
	size_t n1 = gz("{\"Records\": [", g, sizeof(g)), n2, len = 0;
	char *out;

	CHECK(n1 > 18 && text_is_gzip((const char *)g, n1));
	CHECK(!text_is_gzip("{}", 2) && !text_is_gzip("\x1f\x8b", 2));
	n2 = gz("]}", g + n1, sizeof(g) - n1);
	/* two members, as concatenated gzip files are one */
	out = text_gunzip((const char *)g, n1 + n2, 1000, &len, &why);
	CHECK(out && len == 15 && strcmp(out, "{\"Records\": []}") == 0);
	free(out);
	/* exactly the limit is read; one byte more is refused */
	out = text_gunzip((const char *)g, n1 + n2, 15, &len, &why);
	CHECK(out && len == 15);
	free(out);
	CHECK(text_gunzip((const char *)g, n1 + n2, 14, &len, &why) == NULL);
	CHECK_STR(why, "larger than the input size limit");
	/* a bomb: 32 KiB of spaces in a few dozen bytes, refused at 1 KiB */
	memset(big, ' ', sizeof(big) - 1);
	n1 = gz(big, g, sizeof(g));
	CHECK(n1 > 0 && n1 < 200);
	CHECK(text_gunzip((const char *)g, n1, 1024, &len, &why) == NULL);
	CHECK_STR(why, "larger than the input size limit");
	out = text_gunzip((const char *)g, n1, sizeof(big), &len, &why);
	CHECK(out && len == sizeof(big) - 1);
	free(out);
	/* cut short, garbage after the end, not deflate at all */
	CHECK(text_gunzip((const char *)g, n1 - 6, 1 << 20, &len, &why) == NULL);
	CHECK_STR(why, "the compressed data ends early");
	g[n1] = 'x';
	CHECK(text_gunzip((const char *)g, n1 + 1, 1 << 20, &len, &why) == NULL);
	CHECK_STR(why, "text after the end of the compressed data");
	memcpy(g, "\x1f\x8b\x08\x00garbage-garbage", 20);
	CHECK(text_gunzip((const char *)g, 20, 1 << 20, &len, &why) == NULL);
}

int main(int argc, char **argv)
{
	static char derived[4096];
	const char *self = __FILE__, *suffix = "tests/unit/u-inventory.c";
	size_t n = strlen(self), m = strlen(suffix);

	if (argc > 1) {
		root = argv[1];
	} else if (n >= m && strcmp(self + n - m, suffix) == 0 && n - m < sizeof(derived)) {
		memcpy(derived, self, n - m);
		derived[n - m] = '\0';
		if (n - m > 1 && derived[n - m - 1] == '/')
			derived[n - m - 1] = '\0';
		root = derived[0] ? derived : ".";
	} else {
		root = ".";
	}
	errlist_init(&errs);
	test_custodian();
	test_driftctl();
	test_tfjson_state();
	test_describe_subnets();
	test_states();
	test_cloudtrail();
	test_tfstate_raw();
	test_tfstate_show();
	test_errors();
	test_many();
	test_gunzip();
	test_aws_shapes();
	test_kept_tags();
	reset();
	errlist_release(&errs);
	return test_done("u-inventory");
}
