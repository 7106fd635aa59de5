/*
 * inventory.c: what already exists, read into network facts (see
 * inventory.h): describe-vpcs and describe-subnets output (bare or as a
 * recorded response), Terraform state (`terraform show -json` of a state
 * and the raw terraform.tfstate v4), and CloudTrail logs.
 *
 * These files can be hundreds of megabytes, so no tree of the whole file is
 * ever built: jsonscan finds the one big array, each element of it is
 * parsed with cJSON on its own span and freed before the next.  cJSON
 * trees carry no positions, so positions come from the text: a cursor
 * moves forward through the file as elements are met (the file is never
 * rescanned from its start per element), and the place of a field inside
 * an element is found by scanning only that element.
 *
 * A wrong shape inside an element (a VPC without VpcId, a CidrBlock that
 * is not a string) is a positioned error and the element is skipped whole,
 * so no half-read resource reaches the rules; the rest of the file is
 * still read.  Text that is not JSON at all makes the whole input fail.
 */
#include "parsers/inventory.h"
#include "parsers/jsonscan.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- positions -------------------------------------------------------- */

struct inv_pos {
	const char *at;
	unsigned line, col; /* of at, as text_position counts them */
};

struct inv {
	struct facts *f;
	const char *path; /* for errors */
	const struct inventory_options *opt;
	struct errlist *errs;
	const char *buf, *end;
	struct inv_pos cur;   /* forward-only cursor: the last element start */
	const char *el, *el_end; /* the element being read */
	struct inv_pos el_pos;
	bool bad_json;        /* the text is not JSON: the input fails */
	bool fatal;           /* not of its kind at all, or a version not read: fails */
	/* first occurrence of each top-level member of interest */
	struct inv_span {
		const char *v, *vend;
	} vpcs, subnets, data, values, format_version, version, resources, records;
	const char *last_end; /* end of the last top-level member */
	struct arena json;    /* the cJSON nodes of one element */
};

/* Move p forward to `to`, counting lines and characters (not bytes). */
static void inv_advance(struct inv_pos *p, const char *to)
{
	const char *bol = p->at, *nl;

	while ((nl = memchr(bol, '\n', (size_t)(to - bol))) != NULL) {
		p->line++;
		p->col = 1;
		bol = nl + 1;
	}
	p->col += (unsigned)utf8_count(bol, (size_t)(to - bol));
	p->at = to;
}

/*
 * The location of `at`.  Inside the current element the count starts at
 * the element; past the cursor it starts at the cursor; only a position
 * behind both (never met in normal reading) costs a scan from the start.
 */
static struct loc inv_loc(const struct inv *in, const char *at)
{
	struct loc l;
	struct inv_pos p;

	memset(&l, 0, sizeof(l));
	l.file = in->f->file;
	if (in->el && at >= in->el && at <= in->el_end) {
		p = in->el_pos;
	} else if (at >= in->cur.at) {
		p = in->cur;
	} else {
		p.at = in->buf;
		p.line = p.col = 1;
	}
	inv_advance(&p, at);
	l.line = p.line;
	l.col = p.col;
	return l;
}

static void inv_error_loc(struct inv *in, const char *at, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* An error at a place in the file (no element needed). */
static void inv_error_loc(struct inv *in, const char *at, const char *fmt, ...)
{
	struct loc l = inv_loc(in, at);
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(in->errs, in->path, l.line, l.col, fmt, ap);
	va_end(ap);
}

/* --- finding a field inside the current element --------------------- */

struct inv_find_arg {
	const char *key;
	size_t keylen;
	size_t index;
	const char *v, *vend;
};

static bool inv_find_member(void *arg, const char *key, size_t keylen, const char *v,
			    const char *vend)
{
	struct inv_find_arg *a = arg;

	/* the first of duplicate keys, as cJSON_GetObjectItem finds it */
	if (keylen == a->keylen && memcmp(key, a->key, keylen) == 0) {
		a->v = v;
		a->vend = vend;
		return false;
	}
	return true;
}

static bool inv_find_elem(void *arg, const char *v, const char *vend)
{
	struct inv_find_arg *a = arg;

	if (a->index-- == 0) {
		a->v = v;
		a->vend = vend;
		return false;
	}
	return true;
}

/*
 * Where the value at path starts inside the current element, or NULL.  A
 * path is member names and array indexes separated by '/', as in
 * "CidrBlockAssociationSet/1/CidrBlock"; "" is the element itself.
 */
static const char *inv_find(const struct inv *in, const char *path)
{
	const char *p = in->el, *end = in->el_end;

	if (!p)
		return NULL;
	while (*path) {
		size_t n = strcspn(path, "/");
		struct inv_find_arg a;
		struct jscan_error err;

		memset(&a, 0, sizeof(a));
		p = jscan_ws(p, end);
		if (p >= end)
			return NULL;
		if (*p == '{') {
			a.key = path;
			a.keylen = n;
			if (jscan_object(p, end, inv_find_member, &a, &err) != 0)
				return NULL;
		} else if (*p == '[') {
			if (!n)
				return NULL;
			for (size_t i = 0; i < n; i++) {
				if (path[i] < '0' || path[i] > '9' || a.index > 100000000)
					return NULL;
				a.index = a.index * 10 + (size_t)(path[i] - '0');
			}
			if (jscan_array(p, end, inv_find_elem, &a, &err) != 0)
				return NULL;
		} else {
			return NULL;
		}
		if (!a.v)
			return NULL;
		p = a.v;
		end = a.vend;
		path += n;
		if (*path == '/')
			path++;
	}
	return p;
}

/* Where the value at path is written; the element itself when not found. */
static struct loc inv_at(const struct inv *in, const char *path)
{
	const char *at = path ? inv_find(in, path) : NULL;

	return inv_loc(in, at ? at : in->el);
}

static void inv_error(struct inv *in, const char *path, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* A wrong shape in the current element, at the field path names. */
static void inv_error(struct inv *in, const char *path, const char *fmt, ...)
{
	struct loc l = inv_at(in, path);
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(in->errs, in->path, l.line, l.col, fmt, ap);
	va_end(ap);
}

/* "prefix/key" for inv_at and inv_error; "" prefix gives "key". */
static const char *inv_path(struct sbuf *sb, const char *prefix, const char *key)
{
	sbuf_reset(sb);
	if (*prefix)
		sbuf_addf(sb, "%s/%s", prefix, key);
	else
		sbuf_adds(sb, key);
	return sb->buf;
}

/*
 * Start reading the element [v, vend), already parsed: move the cursor to
 * it, so that positions inside it are found from there.
 */
static void inv_element(struct inv *in, const char *v, const char *vend)
{
	if (v < in->cur.at) {
		/* only when a caller reads members out of text order */
		in->cur.at = in->buf;
		in->cur.line = in->cur.col = 1;
	}
	inv_advance(&in->cur, v);
	in->el = v;
	in->el_end = vend;
	in->el_pos = in->cur;
}

static void inv_element_done(struct inv *in)
{
	in->el = in->el_end = NULL;
}

/* The location of the current element's first character. */
static struct loc inv_el_loc(const struct inv *in)
{
	return inv_loc(in, in->el);
}

/* --- reading cJSON values --------------------------------------------- */

static const cJSON *inv_get(const cJSON *o, const char *key)
{
	return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

/*
 * The first of two spellings (lowerCamel in CloudTrail, Pascal in the
 * API); *used (when not NULL) says which one the value is under.
 */
static const cJSON *inv_get2(const cJSON *o, const char *a, const char *b, const char **used)
{
	const cJSON *v = inv_get(o, a);
	const char *u = a;

	if (!v || cJSON_IsNull(v)) {
		v = inv_get(o, b);
		u = b;
	}
	if (used)
		*used = u;
	return v;
}

/*
 * A member as text.  Absent, null and "" all mean "not set" (NULL); a
 * member of another type sets *wrong, so the caller can name the field.
 */
static const char *inv_text(const cJSON *v, bool *wrong)
{
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || !v->valuestring) {
		*wrong = true;
		return NULL;
	}
	return v->valuestring[0] ? v->valuestring : NULL;
}

static const char *inv_str(const cJSON *o, const char *key, bool *wrong)
{
	return inv_text(inv_get(o, key), wrong);
}

/* A string member that is not an address field: other types are ignored. */
static const char *inv_soft(const cJSON *o, const char *key)
{
	bool wrong = false;

	return inv_str(o, key, &wrong);
}

/* Does an association state occupy address space?  A missing state is
 * taken at its word: the block is listed, so it is there. */
static bool inv_occupies(const char *state)
{
	return !state || str_ieq(state, "associating") || str_ieq(state, "associated") ||
	       str_ieq(state, "disassociating");
}

/* Field n (0-based) of an ARN "arn:partition:service:region:account:...". */
static const char *inv_arn_field(struct inv *in, const char *arn, unsigned n)
{
	const char *p = arn, *q;

	if (!arn || !str_startswith(arn, "arn:"))
		return NULL;
	for (unsigned i = 0; i < n; i++) {
		if (!(p = strchr(p, ':')))
			return NULL;
		p++;
	}
	q = strchr(p, ':');
	if (!q || q == p)
		return NULL;
	return arena_strndup(&in->f->arena, p, (size_t)(q - p));
}

/* --- resources -------------------------------------------------------- */

/* What every resource read here carries.  region and account are the
 * input's own when it says, else the command line's. */
static void inv_fill(struct inv *in, struct resource *r, const char *name, const char *type,
		     const char *aws_id, const char *region, const char *account, struct loc loc)
{
	r->name = facts_str(in->f, name);
	r->type = facts_intern(in->f, type);
	r->aws_id = str_eq(aws_id, name) ? r->name : facts_str(in->f, aws_id);
	r->region = facts_intern(in->f, region ? region : in->opt ? in->opt->region : NULL);
	r->account = facts_intern(in->f, account ? account : in->opt ? in->opt->account : NULL);
	r->loc = loc;
}

/* Tags written as a list of {Key, Value} (describe-*) or {key, value}. */
static void inv_tag_list(struct inv *in, struct resource *r, const cJSON *list, const char *k,
			 const char *v)
{
	const cJSON *it;
	int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : 0;

	if (n <= 0)
		return;
	r->tags = arena_alloc(&in->f->arena, (size_t)n * sizeof(*r->tags));
	cJSON_ArrayForEach(it, list) {
		bool wrong = false;
		const cJSON *key = inv_get(it, k), *val = inv_get(it, v);
		const char *ks = cJSON_IsString(key) ? key->valuestring : NULL;
		const char *vs = inv_text(val, &wrong);

		if (!ks || wrong || (size_t)n <= r->ntags)
			continue;
		r->tags[r->ntags].key = facts_str(in->f, ks);
		r->tags[r->ntags++].value = facts_str(in->f, vs ? vs : "");
	}
}

/* Tags written as a map (Terraform tags_all / tags). */
static void inv_tag_map(struct inv *in, struct resource *r, const cJSON *map)
{
	const cJSON *it;
	int n = cJSON_IsObject(map) ? cJSON_GetArraySize(map) : 0;

	if (n <= 0)
		return;
	r->tags = arena_alloc(&in->f->arena, (size_t)n * sizeof(*r->tags));
	cJSON_ArrayForEach(it, map) {
		if (!cJSON_IsString(it) || !it->string || (size_t)n <= r->ntags)
			continue;
		r->tags[r->ntags].key = facts_str(in->f, it->string);
		r->tags[r->ntags++].value = facts_str(in->f, it->valuestring);
	}
}

static void inv_set(struct inv *in, struct cidr_value *v, const char *text, int family,
		    struct loc loc)
{
	cidr_value_set_text(v, facts_str(in->f, text), family);
	v->loc = loc;
}

static void inv_ref(struct inv *in, struct vpc_ref *ref, const char *vpc_id, struct loc loc)
{
	ref->kind = VREF_AWSID;
	ref->name = facts_str(in->f, vpc_id);
	ref->loc = loc;
}

/* --- describe-vpcs / describe-subnets -------------------------------- */

static const struct inv_dv_set {
	const char *set, *cidr, *state;
	int family;
} inv_dv_sets[] = {
	{"CidrBlockAssociationSet", "CidrBlock", "CidrBlockState", 4},
	{"Ipv6CidrBlockAssociationSet", "Ipv6CidrBlock", "Ipv6CidrBlockState", 6},
};

/*
 * The blocks of one describe-vpcs VPC.  Called twice: with v NULL it only
 * checks the shapes and reports what is wrong (so that a bad VPC is
 * skipped whole); with v it adds the blocks, the shapes known good.
 */
static bool inv_dv_blocks(struct inv *in, const cJSON *o, const char *id, const char *primary,
			  struct vpc *v)
{
	bool ok = true, primary_seen = false;
	struct sbuf sb;

	sbuf_init(&sb, 4096);
	for (size_t k = 0; k < ARRAY_SIZE(inv_dv_sets); k++) {
		const struct inv_dv_set *ds = &inv_dv_sets[k];
		const cJSON *set = inv_get(o, ds->set), *e;
		size_t i = 0;

		if (!set || cJSON_IsNull(set) || (cJSON_IsArray(set) && !cJSON_GetArraySize(set))) {
			/* no association list: the top-level CidrBlock is the primary */
			if (ds->family == 4 && !primary) {
				if (!v)
					inv_error(in, NULL, "VPC '%s' has no CidrBlock: skipped", id);
				ok = false;
			} else if (ds->family == 4 && v) {
				struct block *b = vpc_add_own_block(in->f, v, 4, BLOCK_PRIMARY);
				inv_set(in, &b->v, primary, 4, inv_at(in, "CidrBlock"));
			}
			continue;
		}
		if (!cJSON_IsArray(set)) {
			if (!v)
				inv_error(in, ds->set, "%s of VPC '%s' must be a list: skipped", ds->set, id);
			ok = false;
			continue;
		}
		cJSON_ArrayForEach(e, set) {
			bool wrong = false, swrong = false;
			const char *cidr = inv_str(e, ds->cidr, &wrong);
			const char *state = inv_str(inv_get(e, ds->state), "State", &swrong);
			size_t idx = i++;

			sbuf_reset(&sb);
			sbuf_addf(&sb, "%s/%zu", ds->set, idx);
			if (!cJSON_IsObject(e) || !cidr || swrong) {
				if (!v) {
					/* at the wrong value, or at the entry that lacks one */
					const char *field = !cJSON_IsObject(e) ? NULL
							    : swrong	       ? ds->state
							    : wrong	       ? ds->cidr
									       : NULL;
					if (field)
						sbuf_addf(&sb, "/%s", field);
					inv_error(in, sb.buf, "%s[%zu] of VPC '%s' %s: skipped", ds->set, idx, id,
						  !cJSON_IsObject(e) ? "must be an object"
						  : swrong	     ? "has a State that is not a string"
						  : wrong	     ? "has a CIDR that is not a string"
								     : "names no CIDR");
				}
				ok = false;
				continue;
			}
			if (!v || !inv_occupies(state))
				continue;
			enum block_role role = BLOCK_SECONDARY;
			if (ds->family == 4 && !primary_seen && str_eq(cidr, primary)) {
				role = BLOCK_PRIMARY;
				primary_seen = true;
			}
			struct block *b = vpc_add_own_block(in->f, v, ds->family, role);
			sbuf_addf(&sb, "/%s", ds->cidr);
			inv_set(in, &b->v, cidr, ds->family, inv_at(in, sb.buf));
			b->state = facts_intern(in->f, state);
		}
	}
	sbuf_release(&sb);
	return ok;
}

static void inv_dv_vpc(struct inv *in, const cJSON *o)
{
	bool wrong = false;
	const char *id, *cidr;
	struct vpc *v;

	if (!cJSON_IsObject(o)) {
		inv_error(in, NULL, "each entry of Vpcs must be an object: skipped");
		return;
	}
	id = inv_str(o, "VpcId", &wrong);
	if (!id) {
		inv_error(in, wrong ? "VpcId" : NULL, wrong ? "VpcId must be a string: VPC skipped"
							   : "a VPC without VpcId: skipped");
		return;
	}
	cidr = inv_str(o, "CidrBlock", &wrong);
	if (wrong) {
		inv_error(in, "CidrBlock", "CidrBlock of VPC '%s' must be a string: skipped", id);
		return;
	}
	if (!inv_dv_blocks(in, o, id, cidr, NULL))
		return;
	v = facts_add_vpc(in->f);
	inv_fill(in, &v->r, id, "describe-vpcs", id, NULL, inv_soft(o, "OwnerId"), inv_el_loc(in));
	v->r.args = ARG_CIDR;
	inv_tag_list(in, &v->r, inv_get(o, "Tags"), "Key", "Value");
	inv_dv_blocks(in, o, id, cidr, v);
}

static void inv_ds_subnet(struct inv *in, const cJSON *o)
{
	bool wrong = false;
	const char *id, *vpc, *cidr, *v6 = NULL;
	const cJSON *set, *e;
	struct subnet *s;
	struct sbuf sb;
	size_t i = 0, v6i = 0;

	if (!cJSON_IsObject(o)) {
		inv_error(in, NULL, "each entry of Subnets must be an object: skipped");
		return;
	}
	id = inv_str(o, "SubnetId", &wrong);
	if (!id) {
		inv_error(in, wrong ? "SubnetId" : NULL,
			  wrong ? "SubnetId must be a string: subnet skipped" : "a subnet without SubnetId: skipped");
		return;
	}
	vpc = inv_str(o, "VpcId", &wrong);
	if (!vpc) {
		inv_error(in, wrong ? "VpcId" : NULL, "subnet '%s' %s: skipped", id,
			  wrong ? "has a VpcId that is not a string" : "has no VpcId");
		return;
	}
	/* IPv6-only subnets have no CidrBlock */
	cidr = inv_str(o, "CidrBlock", &wrong);
	if (wrong) {
		inv_error(in, "CidrBlock", "CidrBlock of subnet '%s' must be a string: skipped", id);
		return;
	}
	set = inv_get(o, "Ipv6CidrBlockAssociationSet");
	if (set && !cJSON_IsNull(set) && !cJSON_IsArray(set)) {
		inv_error(in, "Ipv6CidrBlockAssociationSet",
			  "Ipv6CidrBlockAssociationSet of subnet '%s' must be a list: skipped", id);
		return;
	}
	if (!cJSON_IsArray(set))
		set = NULL;
	sbuf_init(&sb, 4096);
	cJSON_ArrayForEach(e, set) {
		bool cw = false, sw = false;
		const char *c = inv_str(e, "Ipv6CidrBlock", &cw);
		const char *st = inv_str(inv_get(e, "Ipv6CidrBlockState"), "State", &sw);

		if (!cJSON_IsObject(e) || !c || sw) {
			sbuf_addf(&sb, "Ipv6CidrBlockAssociationSet/%zu", i);
			if (cJSON_IsObject(e) && (sw || cw))
				sbuf_adds(&sb, sw ? "/Ipv6CidrBlockState" : "/Ipv6CidrBlock");
			inv_error(in, sb.buf, "Ipv6CidrBlockAssociationSet[%zu] of subnet '%s' %s: skipped",
				  i, id,
				  !cJSON_IsObject(e) ? "must be an object"
				  : sw		     ? "has a State that is not a string"
				  : cw		     ? "has a CIDR that is not a string"
						     : "names no CIDR");
			sbuf_release(&sb);
			return;
		}
		/* a subnet has one IPv6 block; the others are gone or going */
		if (!v6 && inv_occupies(st)) {
			v6 = c;
			v6i = i;
		}
		i++;
	}
	s = facts_add_subnet(in->f);
	inv_fill(in, &s->r, id, "describe-subnets", id, inv_arn_field(in, inv_soft(o, "SubnetArn"), 3),
		 inv_soft(o, "OwnerId"), inv_el_loc(in));
	inv_tag_list(in, &s->r, inv_get(o, "Tags"), "Key", "Value");
	inv_ref(in, &s->ref, vpc, inv_at(in, "VpcId"));
	if (cidr) {
		s->has_v4 = true;
		s->r.args |= ARG_CIDR;
		inv_set(in, &s->v4, cidr, 4, inv_at(in, "CidrBlock"));
	}
	if (v6) {
		s->has_v6 = true;
		s->r.args |= ARG_V6CIDR;
		sbuf_addf(&sb, "Ipv6CidrBlockAssociationSet/%zu/Ipv6CidrBlock", v6i);
		inv_set(in, &s->v6, v6, 6, inv_at(in, sb.buf));
	}
	if (cJSON_IsTrue(inv_get(o, "Ipv6Native")))
		s->r.args |= ARG_V6NATIVE;
	sbuf_release(&sb);
}

/* --- Terraform state -------------------------------------------------- */

static bool inv_tf_wanted(const char *type)
{
	static const char *const types[] = {
		"aws_vpc", "aws_default_vpc", "aws_vpc_ipv4_cidr_block_association",
		"aws_vpc_ipv6_cidr_block_association", "aws_subnet", "aws_default_subnet",
	};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (str_eq(type, types[i]))
			return true;
	return false;
}

/*
 * Read one string attribute; a value of another type is a positioned
 * error (the caller skips the instance).  apath is where the attributes
 * are inside the element ("values", "instances/0/attributes").
 */
static bool inv_tf_attr(struct inv *in, const cJSON *a, const char *apath, const char *addr,
			const char *key, const char **out)
{
	bool wrong = false;
	struct sbuf sb;

	*out = inv_str(a, key, &wrong);
	if (!wrong)
		return true;
	sbuf_init(&sb, 4096);
	inv_error(in, inv_path(&sb, apath, key), "%s of '%s' must be a string: skipped", key, addr);
	sbuf_release(&sb);
	return false;
}

static struct loc inv_tf_loc(struct inv *in, const char *apath, const char *key)
{
	struct sbuf sb;
	struct loc l;

	sbuf_init(&sb, 4096);
	l = inv_at(in, inv_path(&sb, apath, key));
	sbuf_release(&sb);
	return l;
}

/* Region: the provider's own attribute (aws provider v6), else the ARN. */
static const char *inv_tf_region(struct inv *in, const cJSON *a)
{
	const char *r = inv_soft(a, "region");

	return r ? r : inv_arn_field(in, inv_soft(a, "arn"), 3);
}

static const char *inv_tf_account(struct inv *in, const cJSON *a)
{
	const char *o = inv_soft(a, "owner_id");

	return o ? o : inv_arn_field(in, inv_soft(a, "arn"), 4);
}

/* tags_all holds the provider's default tags as well; older states have tags only. */
static void inv_tf_tags(struct inv *in, struct resource *r, const cJSON *a)
{
	const cJSON *tags = inv_get(a, "tags_all");

	if (!cJSON_IsObject(tags) || !cJSON_GetArraySize(tags))
		tags = inv_get(a, "tags");
	inv_tag_map(in, r, tags);
}

/* One instance of a resource this reader wants, whatever the state format. */
static void inv_tf_instance(struct inv *in, const char *type, const char *addr, const cJSON *a,
			    const char *apath, struct loc loc)
{
	const char *id, *cidr, *v6, *vpc_id = NULL;
	bool is_vpc = str_eq(type, "aws_vpc") || str_eq(type, "aws_default_vpc");
	bool is_subnet = str_eq(type, "aws_subnet") || str_eq(type, "aws_default_subnet");

	if (!cJSON_IsObject(a)) {
		inv_error(in, apath, "'%s' has no attributes: skipped", addr);
		return;
	}
	if (!inv_tf_attr(in, a, apath, addr, "id", &id) ||
	    !inv_tf_attr(in, a, apath, addr, "cidr_block", &cidr) ||
	    !inv_tf_attr(in, a, apath, addr, "ipv6_cidr_block", &v6) ||
	    (!is_vpc && !inv_tf_attr(in, a, apath, addr, "vpc_id", &vpc_id)))
		return;
	if (!is_vpc && !vpc_id) {
		inv_error(in, apath, "'%s' has no vpc_id: skipped", addr);
		return;
	}
	if (is_vpc) {
		struct vpc *v;
		struct block *b;

		if (!cidr) {
			/* a state records what AWS assigned: no block is a broken state */
			inv_error(in, apath, "'%s' has no cidr_block: skipped", addr);
			return;
		}
		v = facts_add_vpc(in->f);
		inv_fill(in, &v->r, addr, type, id, inv_tf_region(in, a), inv_tf_account(in, a), loc);
		inv_tf_tags(in, &v->r, a);
		v->r.args = ARG_CIDR;
		b = vpc_add_own_block(in->f, v, 4, BLOCK_PRIMARY);
		inv_set(in, &b->v, cidr, 4, inv_tf_loc(in, apath, "cidr_block"));
		if (v6) {
			v->r.args |= ARG_V6CIDR;
			b = vpc_add_own_block(in->f, v, 6, BLOCK_SECONDARY);
			inv_set(in, &b->v, v6, 6, inv_tf_loc(in, apath, "ipv6_cidr_block"));
		}
	} else if (is_subnet) {
		struct subnet *s = facts_add_subnet(in->f);

		inv_fill(in, &s->r, addr, type, id, inv_tf_region(in, a), inv_tf_account(in, a), loc);
		inv_tf_tags(in, &s->r, a);
		inv_ref(in, &s->ref, vpc_id, inv_tf_loc(in, apath, "vpc_id"));
		if (cidr) {
			s->has_v4 = true;
			s->r.args |= ARG_CIDR;
			inv_set(in, &s->v4, cidr, 4, inv_tf_loc(in, apath, "cidr_block"));
		}
		if (v6) {
			s->has_v6 = true;
			s->r.args |= ARG_V6CIDR;
			inv_set(in, &s->v6, v6, 6, inv_tf_loc(in, apath, "ipv6_cidr_block"));
		}
		if (cJSON_IsTrue(inv_get(a, "ipv6_native")))
			s->r.args |= ARG_V6NATIVE;
	} else {
		int family = str_eq(type, "aws_vpc_ipv4_cidr_block_association") ? 4 : 6;
		const char *text = family == 4 ? cidr : v6;
		struct assoc *as;

		if (!text) {
			inv_error(in, apath, "'%s' has no %s: skipped", addr,
				  family == 4 ? "cidr_block" : "ipv6_cidr_block");
			return;
		}
		as = facts_add_assoc(in->f);
		inv_fill(in, &as->r, addr, type, id, inv_soft(a, "region"), NULL, loc);
		as->r.args = family == 4 ? ARG_CIDR : ARG_V6CIDR;
		inv_ref(in, &as->ref, vpc_id, inv_tf_loc(in, apath, "vpc_id"));
		as->block.family = (uint8_t)family;
		inv_set(in, &as->block.v, text, family,
			inv_tf_loc(in, apath, family == 4 ? "cidr_block" : "ipv6_cidr_block"));
	}
}

/* An instance key as Terraform writes it in an address: [0] or ["a"]. */
static void inv_tf_index(struct sbuf *sb, const cJSON *k)
{
	if (cJSON_IsNumber(k)) {
		double d = k->valuedouble;
		if (d == (double)(long long)d)
			sbuf_addf(sb, "[%lld]", (long long)d);
		else
			sbuf_addf(sb, "[%g]", d);
	} else if (cJSON_IsString(k) && k->valuestring) {
		sbuf_addch(sb, '[');
		sbuf_addch(sb, '"');
		for (const char *p = k->valuestring; *p; p++) {
			if (*p == '"' || *p == '\\')
				sbuf_addch(sb, '\\');
			sbuf_addch(sb, *p);
		}
		sbuf_adds(sb, "\"]");
	}
}

/* The instances of one raw-state resource, walked in step as cJSON
 * values and as spans of text. */
struct inv_tf_insts {
	struct inv *in;
	const char *type, *name, *module;
	const cJSON *it;    /* the instance whose span comes next */
	size_t i;
	struct inv_pos pos; /* forward-only, inside the resource */
	struct sbuf addr;
};

/* One instance; the current element is the instance itself when its span
 * is known (so that lookups inside it cost its size, not the resource's). */
static void inv_tf_raw_instance(struct inv_tf_insts *t, const cJSON *it, bool own_span)
{
	struct inv *in = t->in;
	const char *ak = "attributes", *deposed;
	const cJSON *a = inv_get(it, ak);
	struct sbuf apath;
	struct loc loc;

	sbuf_init(&apath, 4096);
	sbuf_reset(&t->addr);
	if (t->module)
		sbuf_addf(&t->addr, "%s.", t->module);
	sbuf_addf(&t->addr, "%s.%s", t->type, t->name);
	inv_tf_index(&t->addr, inv_get(it, "index_key"));
	/* an object Terraform replaced but could not destroy yet still holds
	 * its addresses */
	if ((deposed = inv_soft(it, "deposed")))
		sbuf_addf(&t->addr, " (deposed %s)", deposed);
	/* states upgraded from 0.11 may keep the flat form; the attributes
	 * read here are top-level strings in both */
	if (!cJSON_IsObject(a) && cJSON_IsObject(inv_get(it, "attributes_flat")))
		ak = "attributes_flat";
	if (!own_span)
		sbuf_addf(&apath, "instances/%zu/", t->i);
	loc = inv_at(in, own_span ? "" : apath.buf);
	sbuf_adds(&apath, ak);
	if (!cJSON_IsObject(it))
		inv_error(in, own_span ? "" : apath.buf, "instance %zu of %s.%s must be an object: skipped",
			  t->i, t->type, t->name);
	else
		inv_tf_instance(in, t->type, t->addr.buf, inv_get(it, ak), apath.buf, loc);
	sbuf_release(&apath);
}

static bool inv_tf_inst_span(void *arg, const char *v, const char *vend)
{
	struct inv_tf_insts *t = arg;
	struct inv *in = t->in;
	const char *el = in->el, *el_end = in->el_end;
	struct inv_pos el_pos = in->el_pos;

	if (!t->it)
		return false;
	inv_advance(&t->pos, v);
	in->el = v;
	in->el_end = vend;
	in->el_pos = t->pos;
	inv_tf_raw_instance(t, t->it, true);
	in->el = el;
	in->el_end = el_end;
	in->el_pos = el_pos;
	t->it = t->it->next;
	t->i++;
	return true;
}

/* One entry of `resources` in a raw terraform.tfstate v4. */
static void inv_tf_raw_resource(struct inv *in, const cJSON *o)
{
	struct inv_tf_insts t;
	const char *mode, *span;
	const cJSON *insts;
	struct jscan_error err;

	if (!cJSON_IsObject(o)) {
		inv_error(in, NULL, "each entry of resources must be an object: skipped");
		return;
	}
	memset(&t, 0, sizeof(t));
	t.in = in;
	mode = inv_soft(o, "mode");
	t.type = inv_soft(o, "type");
	/* data sources read what exists; their managed twins carry it */
	if (str_eq(mode, "data") || !inv_tf_wanted(t.type))
		return;
	t.name = inv_soft(o, "name");
	if (!t.name) {
		inv_error(in, "name", "a %s resource without a name: skipped", t.type);
		return;
	}
	t.module = inv_soft(o, "module");
	insts = inv_get(o, "instances");
	if (!cJSON_IsArray(insts)) {
		inv_error(in, insts ? "instances" : NULL, "instances of %s.%s must be a list: skipped",
			  t.type, t.name);
		return;
	}
	sbuf_init(&t.addr, 0);
	t.it = insts->child;
	t.pos = in->el_pos;
	/* one pass over the instances' text, in step with the values: a
	 * resource with thousands of instances is not rescanned per instance */
	span = inv_find(in, "instances");
	if (!span || jscan_array(span, in->el_end, inv_tf_inst_span, &t, &err) != 0) {
		/* cannot happen for text cJSON accepted; the instances not
		 * read yet then take their positions by path from the resource */
		for (; t.it; t.it = t.it->next, t.i++)
			inv_tf_raw_instance(&t, t.it, false);
	}
	sbuf_release(&t.addr);
}

/* One entry of `resources` of a module in `terraform show -json`. */
static void inv_tf_show_resource(struct inv *in, const cJSON *o)
{
	const char *type, *addr, *deposed;
	struct sbuf sb;

	if (!cJSON_IsObject(o)) {
		inv_error(in, NULL, "each entry of resources must be an object: skipped");
		return;
	}
	type = inv_soft(o, "type");
	if (str_eq(inv_soft(o, "mode"), "data") || !inv_tf_wanted(type))
		return;
	sbuf_init(&sb, 0);
	addr = inv_soft(o, "address");
	if (addr) {
		sbuf_adds(&sb, addr);
	} else if (inv_soft(o, "name")) {
		sbuf_addf(&sb, "%s.%s", type, inv_soft(o, "name"));
		inv_tf_index(&sb, inv_get(o, "index"));
	} else {
		inv_error(in, NULL, "a %s resource without an address or a name: skipped", type);
		sbuf_release(&sb);
		return;
	}
	if ((deposed = inv_soft(o, "deposed_key")))
		sbuf_addf(&sb, " (deposed %s)", deposed);
	inv_tf_instance(in, type, sb.buf, inv_get(o, "values"), "values", inv_el_loc(in));
	sbuf_release(&sb);
}

/* --- CloudTrail ------------------------------------------------------- */

/* "by <arn> from <ip> at <time>", with what the record has. */
static const char *inv_ct_origin(struct inv *in, const cJSON *rec)
{
	const cJSON *ui = inv_get(rec, "userIdentity");
	const char *who = inv_soft(ui, "arn");
	const char *ip = inv_soft(rec, "sourceIPAddress"), *when = inv_soft(rec, "eventTime");
	const char *r;
	struct sbuf sb;

	if (!who)
		who = inv_soft(ui, "invokedBy");
	if (!who)
		who = inv_soft(ui, "principalId");
	sbuf_init(&sb, 0);
	if (who)
		sbuf_addf(&sb, "by %s", who);
	if (ip)
		sbuf_addf(&sb, "%sfrom %s", sb.len ? " " : "", ip);
	if (when)
		sbuf_addf(&sb, "%sat %s", sb.len ? " " : "", when);
	r = sb.len ? facts_str(in->f, sb.buf) : NULL;
	sbuf_release(&sb);
	return r;
}

/*
 * A value of a CloudTrail record: the first of a lowerCamel and a Pascal
 * spelling, with its path for positions.  Returns false after a
 * positioned error when it is there but not a string.
 */
static bool inv_ct_str(struct inv *in, const cJSON *o, const char *opath, const char *camel,
		       const char *pascal, struct sbuf *path, const char **out)
{
	const char *used;
	bool wrong = false;

	*out = inv_text(inv_get2(o, camel, pascal, &used), &wrong);
	inv_path(path, opath, used);
	if (wrong) {
		inv_error(in, path->buf, "%s must be a string: record skipped", used);
		return false;
	}
	return true;
}

/* A string under either spelling; other types count as absent, as for
 * every field that names no address. */
static const char *inv_soft2(const cJSON *o, const char *a, const char *b)
{
	bool wrong = false;

	return inv_text(inv_get2(o, a, b, NULL), &wrong);
}

static bool inv_ct_amazon_v6(const cJSON *rp)
{
	return cJSON_IsTrue(inv_get2(rp, "amazonProvidedIpv6CidrBlock", "AmazonProvidedIpv6CidrBlock", NULL));
}

/* Does the request ask for an IPv6 block it does not spell out? */
static bool inv_ct_wants_v6(const cJSON *rp)
{
	return inv_ct_amazon_v6(rp) || inv_soft2(rp, "ipv6IpamPoolId", "Ipv6IpamPoolId") ||
	       inv_soft2(rp, "ipv6Pool", "Ipv6Pool");
}

/*
 * A block the record does not spell out: Amazon-provided, from a BYOIP
 * pool or from IPAM.  Returns the ARG_* of what was asked, or 0 (and v is
 * untouched) when the request asks for none of those.
 */
static unsigned inv_ct_constrained(struct inv *in, struct cidr_value *v, const cJSON *rp,
				   int family, struct loc loc)
{
	const cJSON *m = family == 4 ? inv_get2(rp, "ipv4NetmaskLength", "Ipv4NetmaskLength", NULL)
				     : inv_get2(rp, "ipv6NetmaskLength", "Ipv6NetmaskLength", NULL);
	const char *pool;
	unsigned arg;

	if (family == 6 && inv_ct_amazon_v6(rp)) {
		v->loc = loc;
		v->state = VAL_CONSTRAINED;
		v->amazon = true;
		v->netmask = 56;
		v->reason = facts_str(in->f, "Amazon assigned a /56 that the CloudTrail record does not show");
		return ARG_AMZV6;
	}
	if (family == 4) {
		pool = inv_soft2(rp, "ipv4IpamPoolId", "Ipv4IpamPoolId");
		arg = ARG_V4POOL;
	} else if ((pool = inv_soft2(rp, "ipv6IpamPoolId", "Ipv6IpamPoolId"))) {
		arg = ARG_V6IPAMPOOL;
	} else {
		pool = inv_soft2(rp, "ipv6Pool", "Ipv6Pool");
		arg = ARG_V6POOL;
	}
	if (!pool)
		return 0;
	v->loc = loc;
	v->state = VAL_CONSTRAINED;
	v->pool = facts_str(in->f, pool);
	v->netmask = -1;
	if (cJSON_IsNumber(m) && m->valuedouble >= 0 && m->valuedouble <= 128)
		v->netmask = (int)m->valuedouble;
	v->reason = facts_str(in->f, "allocated from a pool; the CloudTrail record does not show the block");
	return arg;
}

static void inv_ct_create_vpc(struct inv *in, const cJSON *rec, const char *event)
{
	const cJSON *rp = inv_get(rec, "requestParameters");
	const cJSON *vo = inv_get(inv_get(rec, "responseElements"), "vpc");
	const char *id, *cidr, *v6, *when = inv_soft(rec, "eventTime");
	const char *account = inv_soft(rec, "recipientAccountId");
	struct sbuf p4, p6, pid, name;
	struct vpc *v;
	struct block *b;
	unsigned arg;

	sbuf_init(&p4, 4096);
	sbuf_init(&p6, 4096);
	sbuf_init(&pid, 4096);
	sbuf_init(&name, 0);
	if (!inv_ct_str(in, vo, "responseElements/vpc", "vpcId", "VpcId", &pid, &id) ||
	    !inv_ct_str(in, rp, "requestParameters", "cidrBlock", "CidrBlock", &p4, &cidr) ||
	    !inv_ct_str(in, rp, "requestParameters", "ipv6CidrBlock", "Ipv6CidrBlock", &p6, &v6))
		goto out;
	/* the request may leave the block to IPAM or to the default; the
	 * response then shows what was given */
	if (!cidr && !inv_ct_str(in, vo, "responseElements/vpc", "cidrBlock", "CidrBlock", &p4, &cidr))
		goto out;
	if (!account)
		account = inv_soft(inv_get(rec, "userIdentity"), "accountId");
	if (id)
		sbuf_adds(&name, id);
	else
		sbuf_addf(&name, "%s@%s", event, when ? when : "an unknown time");
	v = facts_add_vpc(in->f);
	inv_fill(in, &v->r, name.buf, event, id, inv_soft(rec, "awsRegion"), account, inv_el_loc(in));
	v->r.lc = LC_CREATE;
	v->r.origin = inv_ct_origin(in, rec);
	inv_tag_list(in, &v->r, inv_get(inv_get(vo, "tagSet"), "items"), "key", "value");
	b = vpc_add_own_block(in->f, v, 4, BLOCK_PRIMARY);
	if (cidr) {
		v->r.args |= ARG_CIDR;
		inv_set(in, &b->v, cidr, 4, inv_at(in, p4.buf));
	} else if ((arg = inv_ct_constrained(in, &b->v, rp, 4, inv_at(in, "requestParameters")))) {
		v->r.args |= arg;
	} else {
		b->v.state = VAL_UNRESOLVED;
		b->v.loc = inv_el_loc(in);
		b->v.reason = facts_str(in->f, "the CloudTrail record shows no IPv4 CIDR");
	}
	if (v6) {
		v->r.args |= ARG_V6CIDR;
		b = vpc_add_own_block(in->f, v, 6, BLOCK_SECONDARY);
		inv_set(in, &b->v, v6, 6, inv_at(in, p6.buf));
	} else if (inv_ct_wants_v6(rp)) {
		b = vpc_add_own_block(in->f, v, 6, BLOCK_SECONDARY);
		v->r.args |= inv_ct_constrained(in, &b->v, rp, 6, inv_at(in, "requestParameters"));
	}
out:
	sbuf_release(&p4);
	sbuf_release(&p6);
	sbuf_release(&pid);
	sbuf_release(&name);
}

static void inv_ct_associate(struct inv *in, const cJSON *rec, const char *event)
{
	const char *rpath = "requestParameters", *respath = "responseElements";
	const cJSON *rp = inv_get(rec, "requestParameters");
	const cJSON *re = inv_get(rec, "responseElements");
	const cJSON *a4, *a6, *ra;
	const char *vpc, *cidr, *v6, *rcidr = NULL, *rv6 = NULL, *assoc_id, *state, *u4, *u6;
	const char *when = inv_soft(rec, "eventTime");
	const char *account = inv_soft(rec, "recipientAccountId");
	struct sbuf pv, p4, p6, r4, r6, ap, name;
	struct assoc *as;
	unsigned arg;
	bool ok, is4;

	/* newer EC2 actions log the request wrapped, in Pascal case */
	if (cJSON_IsObject(inv_get(rp, "AssociateVpcCidrBlockRequest"))) {
		rp = inv_get(rp, "AssociateVpcCidrBlockRequest");
		rpath = "requestParameters/AssociateVpcCidrBlockRequest";
	}
	if (cJSON_IsObject(inv_get(re, "AssociateVpcCidrBlockResponse"))) {
		re = inv_get(re, "AssociateVpcCidrBlockResponse");
		respath = "responseElements/AssociateVpcCidrBlockResponse";
	}
	a4 = inv_get2(re, "cidrBlockAssociation", "CidrBlockAssociation", &u4);
	a6 = inv_get2(re, "ipv6CidrBlockAssociation", "Ipv6CidrBlockAssociation", &u6);
	sbuf_init(&pv, 4096);
	sbuf_init(&p4, 4096);
	sbuf_init(&p6, 4096);
	sbuf_init(&r4, 4096);
	sbuf_init(&r6, 4096);
	sbuf_init(&ap, 4096);
	sbuf_init(&name, 0);
	ok = inv_ct_str(in, rp, rpath, "vpcId", "VpcId", &pv, &vpc) &&
	     inv_ct_str(in, rp, rpath, "cidrBlock", "CidrBlock", &p4, &cidr) &&
	     inv_ct_str(in, rp, rpath, "ipv6CidrBlock", "Ipv6CidrBlock", &p6, &v6);
	/* the response shows what IPAM or Amazon gave */
	if (ok) {
		inv_path(&ap, respath, u4);
		ok = inv_ct_str(in, a4, ap.buf, "cidrBlock", "CidrBlock", &r4, &rcidr);
	}
	if (ok) {
		inv_path(&ap, respath, u6);
		ok = inv_ct_str(in, a6, ap.buf, "ipv6CidrBlock", "Ipv6CidrBlock", &r6, &rv6);
	}
	if (!ok)
		goto out;
	if (!vpc) {
		inv_error(in, rpath, "%s names no vpcId: record skipped", event);
		goto out;
	}
	if (!account)
		account = inv_soft(inv_get(rec, "userIdentity"), "accountId");
	is4 = cidr || rcidr || (!v6 && !rv6 && !inv_ct_wants_v6(rp));
	ra = is4 ? a4 : a6;
	assoc_id = inv_soft2(ra, "associationId", "AssociationId");
	state = inv_soft2(inv_get2(ra, is4 ? "cidrBlockState" : "ipv6CidrBlockState",
				   is4 ? "CidrBlockState" : "Ipv6CidrBlockState", NULL),
			  "state", "State");
	if (assoc_id)
		sbuf_adds(&name, assoc_id);
	else
		sbuf_addf(&name, "%s@%s", event, when ? when : "an unknown time");
	as = facts_add_assoc(in->f);
	inv_fill(in, &as->r, name.buf, event, assoc_id, inv_soft(rec, "awsRegion"), account,
		 inv_el_loc(in));
	as->r.lc = LC_CREATE;
	as->r.origin = inv_ct_origin(in, rec);
	inv_ref(in, &as->ref, vpc, inv_at(in, pv.buf));
	as->block.state = facts_intern(in->f, state);
	as->block.family = is4 ? 4 : 6;
	if (cidr || rcidr) {
		as->r.args = ARG_CIDR;
		inv_set(in, &as->block.v, cidr ? cidr : rcidr, 4, inv_at(in, cidr ? p4.buf : r4.buf));
	} else if (v6 || rv6) {
		as->r.args = ARG_V6CIDR;
		inv_set(in, &as->block.v, v6 ? v6 : rv6, 6, inv_at(in, v6 ? p6.buf : r6.buf));
	} else if ((arg = inv_ct_constrained(in, &as->block.v, rp, is4 ? 4 : 6, inv_at(in, rpath)))) {
		as->r.args = arg;
	} else {
		as->block.v.state = VAL_UNRESOLVED;
		as->block.v.loc = inv_at(in, rpath);
		as->block.v.reason = facts_str(in->f, "the CloudTrail record shows no CIDR");
	}
out:
	sbuf_release(&pv);
	sbuf_release(&p4);
	sbuf_release(&p6);
	sbuf_release(&r4);
	sbuf_release(&r6);
	sbuf_release(&ap);
	sbuf_release(&name);
}

static void inv_ct_record(struct inv *in, const cJSON *rec)
{
	const cJSON *err;
	const char *event;

	if (!cJSON_IsObject(rec)) {
		inv_error(in, NULL, "each entry of Records must be an object: skipped");
		return;
	}
	if (!str_eq(inv_soft(rec, "eventSource"), "ec2.amazonaws.com"))
		return;
	/* a failed call changed nothing */
	err = inv_get(rec, "errorCode");
	if (err && !cJSON_IsNull(err) && !(cJSON_IsString(err) && !err->valuestring[0]))
		return;
	event = inv_soft(rec, "eventName");
	if (str_eq(event, "CreateVpc") || str_eq(event, "CreateDefaultVpc"))
		inv_ct_create_vpc(in, rec, event);
	else if (str_eq(event, "AssociateVpcCidrBlock"))
		inv_ct_associate(in, rec, event);
}

/* --- walking the file ------------------------------------------------- */

typedef void (*inv_reader)(struct inv *in, const cJSON *o);

struct inv_walk {
	struct inv *in;
	inv_reader read;
};

static bool inv_walk_elem(void *arg, cJSON *o, const char *v, const char *vend)
{
	struct inv_walk *w = arg;

	inv_element(w->in, v, vend);
	w->read(w->in, o);
	inv_element_done(w->in);
	return true;
}

/*
 * Read each element of the array span with read; each is parsed alone,
 * into an arena reset before the next.  what names the member for the
 * error when it is not an array (then nothing of it is read, and the rest
 * of the file still is).  Returns false when the text is not JSON.
 */
static bool inv_walk(struct inv *in, struct inv_span s, const char *what, inv_reader read)
{
	struct inv_walk w = {in, read};
	struct jscan_error err;

	if (!s.v || *s.v == 'n') /* absent or null: nothing to read */
		return true;
	if (*s.v != '[') {
		inv_error_loc(in, s.v, "%s must be a list: skipped", what);
		return true;
	}
	if (!jscan_array_parsed(s.v, s.vend, &in->json, inv_walk_elem, &w, &err)) {
		inv_error_loc(in, err.at, "invalid JSON: %s", err.why);
		in->bad_json = true;
	}
	return !in->bad_json;
}

/* Keep the first occurrence of each member this reader looks at. */
static bool inv_top_member(void *arg, const char *key, size_t len, const char *v, const char *vend)
{
	struct inv *in = arg;
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{"Vpcs", offsetof(struct inv, vpcs)},
		{"Subnets", offsetof(struct inv, subnets)},
		{"data", offsetof(struct inv, data)},
		{"values", offsetof(struct inv, values)},
		{"format_version", offsetof(struct inv, format_version)},
		{"version", offsetof(struct inv, version)},
		{"resources", offsetof(struct inv, resources)},
		{"Records", offsetof(struct inv, records)},
	};

	in->last_end = vend;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		struct inv_span *s = (struct inv_span *)((char *)in + keys[i].off);
		if (jscan_key_is(key, len, keys[i].key) && !s->v) {
			s->v = v;
			s->vend = vend;
		}
	}
	return true;
}

/*
 * Scan the object at p for the members above.  Checks that nothing but
 * white space follows the top-level object.  Returns false (input failed)
 * when it is not JSON.
 */
static bool inv_scan_top(struct inv *in, const char *p, const char *end, bool whole_file)
{
	struct jscan_error err;
	const char *q;

	in->last_end = NULL;
	if (jscan_object(p, end, inv_top_member, in, &err) != 0) {
		inv_error_loc(in, err.at, "invalid JSON: %s", err.why);
		in->bad_json = true;
		return false;
	}
	if (!whole_file)
		return true;
	/* jscan_object stops at the closing brace; what follows it is ours */
	q = jscan_ws(in->last_end ? in->last_end : jscan_ws(p, end) + 1, end);
	q = jscan_ws(q + 1, end); /* past the '}' */
	if (q < end) {
		inv_error_loc(in, q, "invalid JSON: unexpected text after the top-level object");
		in->bad_json = true;
		return false;
	}
	return true;
}

static void inv_inventory(struct inv *in, const char *top)
{
	struct inv_span first, second;

	/* a recorded response: the API's answer is inside data */
	if (!in->vpcs.v && !in->subnets.v && in->data.v) {
		if (*in->data.v != '{') {
			/* a recorded error response, or something else entirely */
			inv_error_loc(in, in->data.v, "data of a recorded response must be an object "
						      "holding Vpcs or Subnets");
			in->fatal = true;
			return;
		}
		if (!inv_scan_top(in, in->data.v, in->data.vend, false))
			return;
	}
	if (!in->vpcs.v && !in->subnets.v) {
		inv_error_loc(in, top, "an AWS inventory needs a Vpcs or Subnets list "
				       "(aws ec2 describe-vpcs or describe-subnets output)");
		in->fatal = true;
		return;
	}
	/* in text order, so the position cursor only moves forward */
	first = in->vpcs;
	second = in->subnets;
	if (first.v && second.v && second.v < first.v) {
		if (inv_walk(in, second, "Subnets", inv_ds_subnet))
			inv_walk(in, first, "Vpcs", inv_dv_vpc);
		return;
	}
	if (inv_walk(in, first, "Vpcs", inv_dv_vpc))
		inv_walk(in, second, "Subnets", inv_ds_subnet);
}

/* --- terraform show -json: modules nest ------------------------------ */

static bool inv_tf_module(struct inv *in, const char *v, const char *vend);

static bool inv_tf_child(void *arg, const char *v, const char *vend)
{
	return inv_tf_module(arg, v, vend);
}

static bool inv_tf_module_member(void *arg, const char *key, size_t len, const char *v,
				 const char *vend)
{
	struct inv *in = arg;
	struct inv_span s = {v, vend};

	if (jscan_key_is(key, len, "resources"))
		return inv_walk(in, s, "resources", inv_tf_show_resource);
	if (jscan_key_is(key, len, "child_modules")) {
		struct jscan_error err;

		if (*v == 'n')
			return true;
		if (*v != '[') {
			inv_error_loc(in, v, "child_modules must be a list: skipped");
			return true;
		}
		if (jscan_array(v, vend, inv_tf_child, in, &err) != 0) {
			inv_error_loc(in, err.at, "invalid JSON: %s", err.why);
			in->bad_json = true;
		}
		return !in->bad_json;
	}
	return true;
}

static bool inv_tf_module(struct inv *in, const char *v, const char *vend)
{
	struct jscan_error err;

	if (*v == 'n')
		return true;
	if (*v != '{') {
		inv_error_loc(in, v, "a module of a Terraform state must be an object: skipped");
		return true;
	}
	if (jscan_object(v, vend, inv_tf_module_member, in, &err) != 0) {
		inv_error_loc(in, err.at, "invalid JSON: %s", err.why);
		in->bad_json = true;
	}
	return !in->bad_json;
}

static bool inv_tf_values_member(void *arg, const char *key, size_t len, const char *v,
				 const char *vend)
{
	if (!jscan_key_is(key, len, "root_module"))
		return true;
	inv_tf_module(arg, v, vend);
	return false;
}

/* The text of a short scalar span, for messages: at most 40 bytes. */
static int inv_span_len(struct inv_span s)
{
	return (int)((size_t)(s.vend - s.v) > 40 ? 40 : (size_t)(s.vend - s.v));
}

static void inv_tfstate(struct inv *in, const char *top)
{
	if (in->values.v) {
		struct jscan_error err;
		const char *fv = in->format_version.v;

		/* format_version: a major bump is a format this reader cannot know */
		if (fv && (in->format_version.vend - fv < 4 || *fv != '"' ||
			   !(fv[1] == '0' || fv[1] == '1') || fv[2] != '.')) {
			inv_error_loc(in, fv,
				      "Terraform state format_version %.*s is not supported: cidrlint reads 0.x and 1.x",
				      inv_span_len(in->format_version), fv);
			in->fatal = true;
			return;
		}
		if (*in->values.v == 'n')
			return; /* an empty state */
		if (*in->values.v != '{') {
			inv_error_loc(in, in->values.v, "values of a Terraform state must be an object: skipped");
			return;
		}
		if (jscan_object(in->values.v, in->values.vend, inv_tf_values_member, in, &err) != 0) {
			inv_error_loc(in, err.at, "invalid JSON: %s", err.why);
			in->bad_json = true;
		}
		return;
	}
	if (in->version.v) {
		struct inv_span s = in->version;

		if (s.vend - s.v != 1 || *s.v != '4') {
			inv_error_loc(in, s.v,
				      "terraform.tfstate version %.*s is not supported: cidrlint reads version 4 "
				      "(Terraform 0.12 and later)",
				      inv_span_len(s), s.v);
			in->fatal = true;
			return;
		}
		inv_walk(in, in->resources, "resources", inv_tf_raw_resource);
		return;
	}
	inv_error_loc(in, top, "a Terraform state needs values (terraform show -json) or "
			       "version and resources (terraform.tfstate)");
	in->fatal = true;
}

/* --- entry point ------------------------------------------------------ */

struct facts *inventory_facts(const char *path, const char *rel, enum input_kind kind,
			      const char *buf, size_t len,
			      const struct inventory_options *opt, struct errlist *errs)
{
	struct inv in;
	const char *top;

	memset(&in, 0, sizeof(in));
	if (kind != INPUT_INVENTORY && kind != INPUT_TFSTATE && kind != INPUT_CLOUDTRAIL) {
		errlist_add(errs, path, 0, 0, "%s input is not read as an inventory", input_kind_name(kind));
		return NULL;
	}
	in.f = facts_new(path, rel, kind);
	in.path = path;
	in.opt = opt;
	in.errs = errs;
	in.buf = buf;
	in.end = buf + len;
	in.cur.at = buf;
	in.cur.line = in.cur.col = 1;
	arena_init(&in.json);
	top = jscan_ws(buf, in.end);
	if (top >= in.end || *top != '{') {
		inv_error_loc(&in, top, "invalid JSON: %s must be a JSON object",
			      kind == INPUT_INVENTORY ? "an AWS inventory"
			      : kind == INPUT_TFSTATE ? "a Terraform state"
						      : "a CloudTrail log");
		goto fail;
	}
	if (!inv_scan_top(&in, top, in.end, true))
		goto fail;
	switch (kind) {
	case INPUT_INVENTORY:
		inv_inventory(&in, top);
		break;
	case INPUT_TFSTATE:
		inv_tfstate(&in, top);
		break;
	default:
		if (!in.records.v) {
			inv_error_loc(&in, top, "a CloudTrail log needs a Records list");
			in.fatal = true;
			break;
		}
		inv_walk(&in, in.records, "Records", inv_ct_record);
		break;
	}
	if (in.bad_json || in.fatal)
		goto fail;
	arena_release(&in.json);
	return in.f;
fail:
	arena_release(&in.json);
	facts_free(in.f);
	return NULL;
}
