/*
 * cfn.c: CloudFormation templates into network facts (see cfn.h).
 *
 * The evaluator works on the document tree directly: a short-form tag
 * (!Ref, !GetAtt, ...) and its long form ({"Ref": ...}, {"Fn::GetAtt":
 * ...}) are the same call.  Values are strings, lists, literal mappings,
 * resource references, or UNKNOWN with the reason.  Two symbolic kinds let
 * a template that carves subnets from a block only known at deploy time
 * still be checked: REL (a block at a known place inside an unknown one,
 * from Fn::Cidr) and HEAD (the text of an unknown IPv6 block before its
 * "::", from Fn::Split).  Nothing is ever guessed.
 */
#include "parsers/cfn.h"
#include "parsers/linkspec.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* --- values ----------------------------------------------------------- */

enum cv_kind {
	CV_NOVALUE, /* AWS::NoValue: the property is absent */
	CV_STR,     /* strings, numbers and booleans as text */
	CV_LIST,
	CV_MAP,     /* a literal mapping, evaluated by whoever reads it */
	CV_UNKNOWN, /* why says why; sym names the block when it is one */
	CV_REL,     /* rel inside the unknown block sym */
	CV_HEAD,    /* the text of unknown IPv6 block sym before its "::" */
	CV_RESREF,  /* a resource of this template: s is its logical id */
	CV_ERROR,   /* the template is wrong here: why; s is the display text */
};

struct symblock {
	const char *name; /* "VPC.CidrBlock", "VPC.Ipv6CidrBlocks[0]" */
	int family;
	int len;          /* -1 when unknown */
	bool amazon;
	const char *pool;
};

struct cval {
	enum cv_kind kind;
	const char *s;
	const char *why;
	struct cval *items;
	size_t n;
	const struct node *node;
	const struct symblock *sym;
	struct prefix rel;
	bool host_bits;
};

/* --- the template ----------------------------------------------------- */

struct env {
	const char *name;
	const char *value;
	const struct env *next;
};

struct cres {
	const char *id;
	const struct node *key;  /* where the resource is declared */
	const struct node *body;
	const char *type;
	const struct env *env;   /* Fn::ForEach loop variables */
};

struct cparam {
	const char *name;
	const struct node *node;
	const char *type;
	const struct node *def;
	const struct node *allowed;
	const char *override;
	int enum_pos; /* index among enumerated parameters, or -1 */
};

struct tpl {
	const struct doc *d;
	const char *file;
	const struct cfn_options *opt;
	struct errlist *errs;
	struct arena a;          /* evaluation scratch, reset per resource evaluation */
	struct arena keep;       /* what lives as long as the template: parameters,
				  * ForEach resources and their variables */
	struct facts *f;
	const struct node *root, *mappings, *conditions;
	struct cparam *params;
	size_t nparams;
	struct strmap params_by_name;
	struct cres *res;
	size_t nres, capres;
	struct strmap res_by_id;
	/* scenarios: enumerated parameters, mixed radix */
	size_t *enum_params;
	size_t nenum;
	size_t nscen;            /* 0: no enumeration */
	long cur;                /* current combination, -1 for defaults */
	/* conditions: memo per combination */
	struct strmap cond_index;
	size_t nconds;
	signed char *cond_memo;  /* [nconds]: -2 unset, -3 evaluating, -1 unknown, 0, 1 */
	unsigned long steps, max_steps;
	bool over_steps;
	int failed;
};

static const char *tstr(struct tpl *t, const char *s)
{
	return arena_strdup(&t->a, s);
}

static struct cval cv_str(const char *s)
{
	struct cval v = {.kind = CV_STR, .s = s};
	return v;
}

static struct cval cv_unknown(const char *why)
{
	struct cval v = {.kind = CV_UNKNOWN, .why = why};
	return v;
}

static struct cval cv_error(struct tpl *t, const char *display, const char *why)
{
	struct cval v = {.kind = CV_ERROR, .s = display, .why = tstr(t, why)};
	return v;
}

static struct cval cv_novalue(void)
{
	struct cval v = {.kind = CV_NOVALUE};
	return v;
}

static struct cval cv_list(struct tpl *t, size_t n)
{
	struct cval v = {.kind = CV_LIST, .n = n};
	v.items = arena_alloc(&t->a, (n + 1) * sizeof(*v.items));
	return v;
}

static const char *kind_text(const struct cval *v)
{
	switch (v->kind) {
	case CV_LIST:
		return "a list";
	case CV_MAP:
		return "a mapping";
	case CV_RESREF:
		return "a resource reference";
	case CV_NOVALUE:
		return "AWS::NoValue";
	default:
		return "a value";
	}
}

/* --- intrinsic calls -------------------------------------------------- */

struct call {
	const char *name;        /* "Ref", "Fn::GetAtt", "Condition", ... */
	const struct node *arg;  /* the argument node (NULL for !GetAtt "A.B") */
	const struct node *at;
	const char *getatt_res, *getatt_attr;
};

static bool as_call(struct tpl *t, const struct node *n, struct call *c)
{
	memset(c, 0, sizeof(*c));
	c->at = n;
	if (n->tag) {
		const char *tag = n->tag + 1; /* skip '!' */
		if (strcmp(tag, "Ref") == 0 || strcmp(tag, "Condition") == 0)
			c->name = tag;
		else
			c->name = arena_printf(&t->a, "Fn::%s", tag);
		c->arg = n;
		if (strcmp(c->name, "Fn::GetAtt") == 0 && n->kind == NODE_SCALAR) {
			const char *dot = strchr(n->str, '.');
			c->getatt_res = dot ? arena_strndup(&t->a, n->str, (size_t)(dot - n->str)) : n->str;
			c->getatt_attr = dot ? dot + 1 : "";
		}
		return true;
	}
	if (n->kind != NODE_MAP || n->n != 1)
		return false;
	const char *k = node_text(node_key(n, 0));
	if (!k || !(strcmp(k, "Ref") == 0 || strcmp(k, "Condition") == 0 ||
		    strncmp(k, "Fn::", 4) == 0))
		return false;
	c->name = k;
	c->arg = node_val(n, 0);
	return true;
}

/* A tagged node's own content, seen as a plain node (short forms). */
static const struct node *untag(struct tpl *t, const struct node *n)
{
	struct node *u;

	if (!n || !n->tag)
		return n;
	u = arena_memdup(&t->a, n, sizeof(*n));
	u->tag = NULL;
	return u;
}

/* --- evaluation ------------------------------------------------------- */

static struct cval eval(struct tpl *t, const struct node *n, const struct env *env,
			unsigned depth);
static int cond_eval(struct tpl *t, const char *name, const struct node *at, unsigned depth);

static bool step(struct tpl *t, const struct node *at)
{
	if (++t->steps <= t->max_steps)
		return true;
	if (!t->over_steps) {
		t->over_steps = true;
		errlist_add(t->errs, t->file, at ? at->start.line : 0, at ? at->start.col : 0,
			    "evaluating the template takes more than %lu steps; stopped",
			    t->max_steps);
		t->failed = 1;
	}
	return false;
}

static const char *env_get(const struct env *env, const char *name)
{
	for (; env; env = env->next)
		if (strcmp(env->name, name) == 0)
			return env->value;
	return NULL;
}

static const char *trim(struct tpl *t, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(&t->a, s, n);
}

static struct cval split_text(struct tpl *t, const char *delim, const char *s, bool strip)
{
	size_t count = 1, dl = strlen(delim);
	struct cval v;
	const char *p;

	if (!dl)
		return cv_str(s);
	for (p = s; (p = strstr(p, delim)); p += dl)
		count++;
	v = cv_list(t, count);
	count = 0;
	for (p = s;;) {
		const char *q = strstr(p, delim);
		size_t len = q ? (size_t)(q - p) : strlen(p);
		v.items[count++] = cv_str(strip ? trim(t, p, len) : arena_strndup(&t->a, p, len));
		if (!q)
			break;
		p = q + dl;
	}
	return v;
}

static bool is_list_type(const char *type)
{
	return type && (strcmp(type, "CommaDelimitedList") == 0 || strncmp(type, "List<", 5) == 0);
}

static const char *param_text(struct tpl *t, const struct cparam *p)
{
	if (p->override)
		return p->override;
	if (p->enum_pos >= 0 && t->cur >= 0) {
		size_t digit = (size_t)t->cur;
		for (size_t i = 0; i < (size_t)p->enum_pos; i++)
			digit /= t->params[t->enum_params[i]].allowed->n;
		digit %= p->allowed->n;
		return node_text(p->allowed->items[digit]);
	}
	if (p->def && p->def->kind == NODE_SCALAR)
		return p->def->str;
	return NULL;
}

static struct cval param_value(struct tpl *t, const struct cparam *p)
{
	const char *s;

	if (p->type && strncmp(p->type, "AWS::SSM::Parameter::Value<", 27) == 0)
		return cv_unknown(arena_printf(&t->a,
			"parameter '%s' is read from SSM Parameter Store at deploy time", p->name));
	if (!p->override && !(p->enum_pos >= 0 && t->cur >= 0) && p->def &&
	    p->def->kind == NODE_SEQ && is_list_type(p->type)) {
		struct cval v = cv_list(t, p->def->n);
		for (size_t i = 0; i < p->def->n; i++)
			v.items[i] = cv_str(node_text(p->def->items[i]) ? node_text(p->def->items[i]) : "");
		return v;
	}
	s = param_text(t, p);
	if (!s)
		return cv_unknown(arena_printf(&t->a,
			"parameter '%s' has no value; pass --parameter %s=VALUE", p->name, p->name));
	if (is_list_type(p->type))
		return split_text(t, ",", s, true);
	return cv_str(s);
}

static struct cval pseudo(struct tpl *t, const char *name, bool *found)
{
	const char *region = t->opt ? t->opt->region : NULL;
	const char *account = t->opt ? t->opt->account : NULL;

	*found = true;
	if (strcmp(name, "AWS::Region") == 0)
		return region ? cv_str(region)
			      : cv_unknown("AWS::Region is not known; pass --region");
	if (strcmp(name, "AWS::AccountId") == 0)
		return account ? cv_str(account)
			       : cv_unknown("AWS::AccountId is not known; pass --account");
	if (strcmp(name, "AWS::Partition") == 0 || strcmp(name, "AWS::URLSuffix") == 0) {
		bool suffix = name[5] == 'U';
		if (!region)
			return cv_unknown(arena_printf(&t->a, "%s depends on the region; pass --region", name));
		if (str_startswith(region, "cn-"))
			return cv_str(suffix ? "amazonaws.com.cn" : "aws-cn");
		if (str_startswith(region, "us-gov-"))
			return cv_str(suffix ? "amazonaws.com" : "aws-us-gov");
		return cv_str(suffix ? "amazonaws.com" : "aws");
	}
	if (strcmp(name, "AWS::NoValue") == 0)
		return cv_novalue();
	if (strcmp(name, "AWS::StackName") == 0 || strcmp(name, "AWS::StackId") == 0 ||
	    strcmp(name, "AWS::NotificationARNs") == 0)
		return cv_unknown(arena_printf(&t->a, "%s is known only at deploy time", name));
	*found = false;
	return cv_novalue();
}

static struct cval eval_ref(struct tpl *t, const char *name, const struct env *env)
{
	const char *lv = env_get(env, name);
	struct cparam *p;
	bool found;
	struct cval v;

	if (lv)
		return cv_str(lv);
	if ((p = strmap_get(&t->params_by_name, name)))
		return param_value(t, p);
	v = pseudo(t, name, &found);
	if (found)
		return v;
	if (strmap_get(&t->res_by_id, name)) {
		v.kind = CV_RESREF;
		v.s = name;
		return v;
	}
	return cv_error(t, name, arena_printf(&t->a, "Ref to '%s', which is neither a parameter nor a resource", name));
}

static const struct cres *find_res(struct tpl *t, const char *id)
{
	return strmap_get(&t->res_by_id, id);
}

static const struct node *props_of(const struct cres *r)
{
	return node_get(r->body, "Properties");
}

/* Does the resource exist in the current combination? Unknown counts as yes. */
static bool res_exists(struct tpl *t, const struct cres *r, unsigned depth)
{
	const struct node *c = node_get(r->body, "Condition");
	const char *name = node_text(c);

	return !name || cond_eval(t, name, c, depth) != 0;
}

static bool is_custom(const char *type)
{
	return type && (str_startswith(type, "Custom::") ||
			strcmp(type, "AWS::CloudFormation::CustomResource") == 0);
}

/* The VPC an association points at, as a logical id, or NULL. */
static const char *vpcid_target(struct tpl *t, const struct cres *r, unsigned depth)
{
	const struct node *vid = node_get(props_of(r), "VpcId");
	struct cval v;

	if (!vid)
		return NULL;
	v = eval(t, vid, r->env, depth + 1);
	return v.kind == CV_RESREF ? v.s : NULL;
}

static long long cval_int(const struct cval *v, bool *ok)
{
	char *end;
	long long n;

	*ok = false;
	if (v->kind != CV_STR || !*v->s)
		return 0;
	n = strtoll(v->s, &end, 10);
	*ok = *end == '\0';
	return n;
}

static struct cval vpc_ipv6_blocks(struct tpl *t, const char *vpc, unsigned depth)
{
	const struct cres *found[8];
	size_t n = 0;

	for (size_t i = 0; i < t->nres; i++) {
		const struct cres *r = &t->res[i];
		const struct node *pr;
		const char *target;

		if (!str_eq(r->type, "AWS::EC2::VPCCidrBlock") || !(pr = props_of(r)))
			continue;
		if (!node_get(pr, "AmazonProvidedIpv6CidrBlock") && !node_get(pr, "Ipv6CidrBlock") &&
		    !node_get(pr, "Ipv6IpamPoolId") && !node_get(pr, "Ipv6Pool"))
			continue;
		if (!(target = vpcid_target(t, r, depth)) || strcmp(target, vpc) != 0 ||
		    !res_exists(t, r, depth))
			continue;
		if (n < ARRAY_SIZE(found))
			found[n] = r;
		n++;
	}
	struct cval list = cv_list(t, n);
	for (size_t i = 0; i < n; i++) {
		if (n > 1 || i >= ARRAY_SIZE(found)) {
			list.items[i] = cv_unknown(arena_printf(&t->a,
				"VPC '%s' has %zu IPv6 blocks and their order is known only at deploy time", vpc, n));
			continue;
		}
		const struct node *pr = props_of(found[i]);
		const struct node *c6 = node_get(pr, "Ipv6CidrBlock");
		struct cval amz = node_get(pr, "AmazonProvidedIpv6CidrBlock")
					  ? eval(t, node_get(pr, "AmazonProvidedIpv6CidrBlock"), found[i]->env, depth + 1)
					  : cv_novalue();
		if (c6 && !(amz.kind == CV_STR && str_ieq(amz.s, "true"))) {
			list.items[i] = eval(t, c6, found[i]->env, depth + 1);
			if (list.items[i].kind == CV_STR)
				continue;
		}
		struct symblock *sym = arena_alloc(&t->a, sizeof(*sym));
		sym->name = arena_printf(&t->a, "%s.Ipv6CidrBlocks[%zu]", vpc, i);
		sym->family = 6;
		sym->len = -1;
		if (amz.kind == CV_STR && str_ieq(amz.s, "true")) {
			sym->amazon = true;
			sym->len = 56;
		} else {
			const struct node *m = node_get(pr, "Ipv6NetmaskLength");
			struct cval mv = m ? eval(t, m, found[i]->env, depth + 1) : cv_novalue();
			bool ok;
			long long len = cval_int(&mv, &ok);
			if (ok && len >= 0 && len <= 128)
				sym->len = (int)len;
		}
		list.items[i] = cv_unknown(arena_printf(&t->a, "the IPv6 block of VPC '%s' is assigned at deploy time", vpc));
		list.items[i].sym = sym;
	}
	return list;
}

static struct cval eval_getatt(struct tpl *t, const char *res, const char *attr,
			       const struct node *at, unsigned depth)
{
	const struct cres *r = find_res(t, res);
	struct cval v;

	if (!r)
		return cv_error(t, res, arena_printf(&t->a, "Fn::GetAtt of '%s', which is not a resource of the template", res));
	if (is_custom(r->type))
		return cv_unknown(arena_printf(&t->a, "custom resource '%s' computes %s at deploy time", res, attr));
	if (str_eq(r->type, "AWS::EC2::VPC")) {
		if (strcmp(attr, "VpcId") == 0) {
			v.kind = CV_RESREF;
			v.s = r->id;
			return v;
		}
		if (strcmp(attr, "CidrBlock") == 0) {
			const struct node *pr = props_of(r), *c = node_get(pr, "CidrBlock");
			struct symblock *sym;
			v = c ? eval(t, c, r->env, depth + 1) : cv_novalue();
			if (v.kind == CV_STR || v.kind == CV_ERROR)
				return v;
			sym = arena_alloc(&t->a, sizeof(*sym));
			sym->name = arena_printf(&t->a, "%s.CidrBlock", res);
			sym->family = 4;
			sym->len = -1;
			if (v.kind == CV_NOVALUE) {
				const struct node *m = node_get(pr, "Ipv4NetmaskLength");
				struct cval mv = m ? eval(t, m, r->env, depth + 1) : cv_novalue();
				bool ok;
				long long len = cval_int(&mv, &ok);
				if (ok && len >= 0 && len <= 32)
					sym->len = (int)len;
				v = cv_unknown(arena_printf(&t->a, "the block of VPC '%s' is allocated by IPAM at deploy time", res));
			}
			v.sym = sym;
			return v;
		}
		if (strcmp(attr, "Ipv6CidrBlocks") == 0)
			return vpc_ipv6_blocks(t, res, depth);
	}
	if (str_eq(r->type, "AWS::EC2::Subnet") && strcmp(attr, "SubnetId") == 0) {
		v.kind = CV_RESREF;
		v.s = r->id;
		return v;
	}
	(void)at;
	return cv_unknown(arena_printf(&t->a, "%s of '%s' is known only after deployment", attr, res));
}

/*
 * An intrinsic's argument list [a, b, ...] of exactly n items, evaluated
 * into v[0..n); false when the argument is not such a list.
 */
static bool eval_items(struct tpl *t, const struct node *arg, const struct env *env,
		       unsigned depth, size_t n, struct cval *v)
{
	if (!arg || arg->kind != NODE_SEQ || arg->n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		v[i] = eval(t, arg->items[i], env, depth + 1);
	return true;
}

/* The delimiter of Fn::Join or Fn::Split: NULL, with *bad to return, if
 * it is not a known string. */
static const char *delimiter(struct tpl *t, const char *fn, const struct cval *d,
			     struct cval *bad)
{
	if (d->kind == CV_STR)
		return d->s;
	*bad = d->kind == CV_UNKNOWN ? *d
		: cv_error(t, fn, arena_printf(&t->a, "the delimiter of %s must be a string", fn));
	return NULL;
}

/* Fn::Cidr [ipBlock, count, cidrBits], exactly as AWS computes it. */
static struct cval eval_cidr(struct tpl *t, const struct node *arg, const struct env *env,
			     unsigned depth)
{
	struct cval v[3], blk, cnt, bits, out;
	long long count, nbits;
	bool ok1, ok2;
	struct prefix base;
	int family, baselen;
	char buf[CIDR_STRLEN];

	if (!eval_items(t, arg, env, depth, 3, v))
		return cv_error(t, "Fn::Cidr", "Fn::Cidr takes [ipBlock, count, cidrBits]");
	blk = v[0];
	cnt = v[1];
	bits = v[2];
	if (cnt.kind == CV_UNKNOWN)
		return cnt;
	if (bits.kind == CV_UNKNOWN)
		return bits;
	count = cval_int(&cnt, &ok1);
	nbits = cval_int(&bits, &ok2);
	if (!ok1 || count < 1 || count > 256)
		return cv_error(t, "Fn::Cidr", "the count of Fn::Cidr must be a number from 1 to 256");
	if (!ok2 || nbits < 1 || nbits > 128)
		return cv_error(t, "Fn::Cidr", "the cidrBits of Fn::Cidr must be a number from 1 to 128");
	switch (blk.kind) {
	case CV_STR: {
		struct cidr_error err;
		bool hb;
		if (cidr_parse(blk.s, &base, &hb, &err))
			return cv_error(t, blk.s, arena_printf(&t->a, "the ipBlock '%s' of Fn::Cidr is not a CIDR: %s", blk.s, err.why));
		family = base.family;
		baselen = base.len;
		break;
	}
	case CV_UNKNOWN:
		if (!blk.sym)
			return blk;
		family = blk.sym->family;
		baselen = blk.sym->len;
		base = cidr_make(family, 0, baselen < 0 ? 0 : (unsigned)baselen);
		break;
	case CV_REL:
		family = blk.rel.family;
		baselen = blk.rel.len;
		base = blk.rel;
		break;
	case CV_ERROR:
		return blk;
	default:
		return cv_error(t, "Fn::Cidr", arena_printf(&t->a, "the ipBlock of Fn::Cidr is %s, not a CIDR", kind_text(&blk)));
	}
	long long maxlen = cidr_maxlen(family);
	long long newlen = maxlen - nbits;
	if (newlen < 0)
		return cv_error(t, "Fn::Cidr", arena_printf(&t->a, "cidrBits %lld is more than an IPv%d address has", nbits, family));
	if (baselen >= 0) {
		if (newlen < baselen)
			return cv_error(t, "Fn::Cidr", arena_printf(&t->a,
				"Fn::Cidr asks for /%lld blocks inside a /%d", newlen, baselen));
		if (newlen - baselen < 63 && (long long)count > (1LL << (newlen - baselen)))
			return cv_error(t, "Fn::Cidr", arena_printf(&t->a,
				"Fn::Cidr asks for %lld blocks of /%lld, but a /%d holds only %lld",
				count, newlen, baselen, 1LL << (newlen - baselen)));
	}
	out = cv_list(t, (size_t)count);
	for (long long i = 0; i < count; i++) {
		struct prefix p;
		if (blk.kind == CV_STR) {
			cidr_split(&base, (unsigned)newlen, (u128)i, &p);
			out.items[i] = cv_str(tstr(t, cidr_format(&p, buf)));
			continue;
		}
		/* relative: offsets inside the unknown block */
		p = cidr_make(family, base.addr + ((u128)i << (maxlen - newlen)), (unsigned)newlen);
		out.items[i].kind = CV_REL;
		out.items[i].sym = blk.sym;
		out.items[i].rel = p;
		out.items[i].s = arena_printf(&t->a, "block %lld of /%lld carved from %s", i, newlen,
					      blk.sym ? blk.sym->name : "an unknown block");
	}
	return out;
}

/* Substitute ${Name} and ${Res.Attr} in a Fn::Sub string. */
static struct cval eval_sub(struct tpl *t, const struct node *arg, const struct env *env,
			    unsigned depth)
{
	const char *s;
	const struct node *vars = NULL;
	struct sbuf sb;
	struct cval out;

	if (arg && arg->kind == NODE_SEQ && arg->n == 2) {
		s = node_text(arg->items[0]);
		vars = arg->items[1];
	} else {
		s = node_text(arg);
	}
	if (!s)
		return cv_error(t, "Fn::Sub", "Fn::Sub takes a string or [string, variables]");
	sbuf_init(&sb, 1 << 20);
	for (const char *p = s; *p;) {
		if ((p[0] == '$' || p[0] == '&') && p[1] == '{') {
			const char *end = strchr(p, '}');
			if (!end) {
				sbuf_adds(&sb, p);
				break;
			}
			if (p[2] == '!') { /* ${!Literal} */
				sbuf_addch(&sb, p[0]);
				sbuf_addch(&sb, '{');
				sbuf_add(&sb, p + 3, (size_t)(end - p - 2));
				p = end + 1;
				continue;
			}
			char *name = arena_strndup(&t->a, p + 2, (size_t)(end - p - 2));
			const struct node *vn = vars ? node_get(vars, name) : NULL;
			struct cval v;
			if (vn) {
				v = eval(t, vn, env, depth + 1);
			} else if (env_get(env, name)) {
				v = cv_str(env_get(env, name));
			} else if (strchr(name, '.') && !strmap_get(&t->params_by_name, name)) {
				char *dot = strchr(name, '.');
				*dot = '\0';
				v = eval_getatt(t, name, dot + 1, arg, depth + 1);
			} else {
				v = eval_ref(t, name, env);
			}
			if (v.kind == CV_RESREF) {
				sbuf_release(&sb);
				return cv_unknown(arena_printf(&t->a, "${%s} is the id of a resource, known only after deployment", name));
			}
			if (v.kind != CV_STR) {
				sbuf_release(&sb);
				return v.kind == CV_UNKNOWN || v.kind == CV_ERROR
					       ? v
					       : cv_error(t, "Fn::Sub", arena_printf(&t->a, "${%s} is %s, not a string", name, kind_text(&v)));
			}
			if (p[0] == '&') {
				/* ForEach: &{x} keeps only the alphanumeric characters */
				for (const char *c = v.s; *c; c++)
					if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
					    (*c >= '0' && *c <= '9'))
						sbuf_addch(&sb, *c);
			} else {
				sbuf_adds(&sb, v.s);
			}
			p = end + 1;
			continue;
		}
		sbuf_addch(&sb, *p++);
	}
	if (sb.toobig) {
		sbuf_release(&sb);
		return cv_error(t, "Fn::Sub", "Fn::Sub builds a string longer than 1 MiB");
	}
	out = cv_str(arena_strndup(&t->a, sb.buf, sb.len));
	sbuf_release(&sb);
	return out;
}

/* Fn::Join, with one symbolic case: HEAD of an unknown IPv6 block joined
 * with "::tail/len" is a block at a known place inside it. */
static struct cval eval_join(struct tpl *t, const struct node *arg, const struct env *env,
			     unsigned depth)
{
	struct cval v[2], list, bad;
	struct sbuf sb;
	const struct cval *head = NULL;
	const char *delim;

	if (!eval_items(t, arg, env, depth, 2, v))
		return cv_error(t, "Fn::Join", "Fn::Join takes [delimiter, list]");
	if (!(delim = delimiter(t, "Fn::Join", &v[0], &bad)))
		return bad;
	list = v[1];
	if (list.kind == CV_UNKNOWN || list.kind == CV_ERROR)
		return list;
	if (list.kind != CV_LIST)
		return cv_error(t, "Fn::Join", "the second argument of Fn::Join must be a list");
	sbuf_init(&sb, 1 << 20);
	for (size_t i = 0; i < list.n; i++) {
		const struct cval *it = &list.items[i];
		if (i)
			sbuf_adds(&sb, delim);
		if (it->kind == CV_STR) {
			sbuf_adds(&sb, it->s);
			continue;
		}
		if (it->kind == CV_HEAD && !head && sb.len == 0) {
			head = it;
			continue;
		}
		sbuf_release(&sb);
		if (it->kind == CV_UNKNOWN || it->kind == CV_ERROR)
			return *it;
		return cv_unknown("Fn::Join builds text from a value known only at deploy time");
	}
	if (!head) {
		struct cval out = cv_str(arena_strndup(&t->a, sb.buf, sb.len));
		sbuf_release(&sb);
		return out;
	}
	/* HEAD + "::tail/len": the head is the first 64 bits of the block */
	struct cval out = {.kind = CV_REL};
	const char *tail = sb.buf, *slash = strchr(tail, '/');
	struct prefix p;
	struct cidr_error err;
	bool hb;
	char *txt = slash ? arena_strndup(&t->a, tail, (size_t)(slash - tail)) : NULL;

	if (!slash || strncmp(tail, "::", 2) != 0 ||
	    cidr_parse(arena_printf(&t->a, "%s%s", txt, slash), &p, &hb, &err) ||
	    p.family != 6 || (p.addr >> 64) != 0 || p.len < 64) {
		sbuf_release(&sb);
		return cv_unknown("Fn::Join builds an IPv6 block from text of a block known only at deploy time");
	}
	out.sym = head->sym;
	out.host_bits = hb;
	out.rel = p;
	{
		struct prefix addr;
		char buf[CIDR_STRLEN];
		cidr_parse_addr(txt, &addr, &err);
		out.s = arena_printf(&t->a, "<%s>%s%s", head->sym->name, cidr_format_addr(&addr, buf), slash);
	}
	sbuf_release(&sb);
	return out;
}

static struct cval eval_select(struct tpl *t, const struct node *arg, const struct env *env,
			       unsigned depth)
{
	struct cval v[2], idx, list;
	long long i;
	bool ok;

	if (!eval_items(t, arg, env, depth, 2, v))
		return cv_error(t, "Fn::Select", "Fn::Select takes [index, list]");
	idx = v[0];
	list = v[1];
	if (idx.kind == CV_UNKNOWN || idx.kind == CV_ERROR)
		return idx;
	i = cval_int(&idx, &ok);
	if (!ok || i < 0)
		return cv_error(t, "Fn::Select", "the index of Fn::Select must be a whole number");
	if (list.kind == CV_UNKNOWN || list.kind == CV_ERROR)
		return list;
	if (list.kind != CV_LIST)
		return cv_error(t, "Fn::Select", arena_printf(&t->a, "Fn::Select from %s, not a list", kind_text(&list)));
	if ((size_t)i >= list.n)
		return cv_error(t, "Fn::Select", arena_printf(&t->a,
			"Fn::Select index %lld is past the end of a list of %zu", i, list.n));
	return list.items[i];
}

static struct cval eval_split(struct tpl *t, const struct node *arg, const struct env *env,
			      unsigned depth)
{
	struct cval v[2], s, bad;
	const char *delim;

	if (!eval_items(t, arg, env, depth, 2, v))
		return cv_error(t, "Fn::Split", "Fn::Split takes [delimiter, string]");
	if (!(delim = delimiter(t, "Fn::Split", &v[0], &bad)))
		return bad;
	s = v[1];
	if (s.kind == CV_STR)
		return split_text(t, delim, s.s, false);
	/* The canonical text of an IPv6 block no longer than /64 is
	 * "HEAD::/len": split at "::" the head is the first 64 bits. */
	if (s.kind == CV_UNKNOWN && s.sym && s.sym->family == 6 && s.sym->len >= 0 &&
	    s.sym->len <= 64 && strcmp(delim, "::") == 0) {
		struct cval out = cv_list(t, 2);
		out.items[0].kind = CV_HEAD;
		out.items[0].sym = s.sym;
		out.items[1] = cv_str(arena_printf(&t->a, "/%d", s.sym->len));
		return out;
	}
	if (s.kind == CV_UNKNOWN || s.kind == CV_ERROR)
		return s;
	return cv_error(t, "Fn::Split", arena_printf(&t->a, "Fn::Split of %s, not a string", kind_text(&s)));
}

static struct cval eval_findinmap(struct tpl *t, const struct node *arg, const struct env *env,
				  unsigned depth)
{
	struct cval k[3];
	const struct node *m;

	if (!arg || arg->kind != NODE_SEQ || (arg->n != 3 && arg->n != 4))
		return cv_error(t, "Fn::FindInMap", "Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]");
	for (int i = 0; i < 3; i++) {
		k[i] = eval(t, arg->items[i], env, depth + 1);
		if (k[i].kind == CV_UNKNOWN || k[i].kind == CV_ERROR)
			return k[i];
		if (k[i].kind != CV_STR)
			return cv_error(t, "Fn::FindInMap", "the keys of Fn::FindInMap must be strings");
	}
	m = node_get(node_get(node_get(t->mappings, k[0].s), k[1].s), k[2].s);
	if (!m) {
		if (arg->n == 4 && node_get(arg->items[3], "DefaultValue"))
			return eval(t, node_get(arg->items[3], "DefaultValue"), env, depth + 1);
		return cv_error(t, "Fn::FindInMap", arena_printf(&t->a,
			"mapping '%s' has no entry [%s][%s]", k[0].s, k[1].s, k[2].s));
	}
	return eval(t, m, env, depth + 1);
}

static struct cval eval_if(struct tpl *t, const struct node *arg, const struct env *env,
			   unsigned depth)
{
	const char *cname;
	int c;

	if (!arg || arg->kind != NODE_SEQ || arg->n != 3 || !(cname = node_text(arg->items[0])))
		return cv_error(t, "Fn::If", "Fn::If takes [condition, value if true, value if false]");
	c = cond_eval(t, cname, arg->items[0], depth + 1);
	if (c < 0)
		return cv_unknown(arena_printf(&t->a, "condition '%s' cannot be evaluated before deployment", cname));
	return eval(t, arg->items[c ? 1 : 2], env, depth + 1);
}

static struct cval eval_call(struct tpl *t, const struct call *c, const struct env *env,
			     unsigned depth)
{
	const char *fn = c->name;
	const struct node *arg = c->arg && c->arg->tag ? untag(t, c->arg) : c->arg;

	if (strcmp(fn, "Ref") == 0) {
		const char *name = node_text(arg);
		if (!name)
			return cv_error(t, "Ref", "Ref takes a name");
		return eval_ref(t, name, env);
	}
	if (strcmp(fn, "Fn::GetAtt") == 0) {
		if (c->getatt_res)
			return eval_getatt(t, c->getatt_res, c->getatt_attr, c->at, depth);
		if (arg && arg->kind == NODE_SEQ && arg->n == 2) {
			struct cval a = eval(t, arg->items[1], env, depth + 1);
			const char *res = node_text(arg->items[0]);
			if (a.kind != CV_STR)
				return a.kind == CV_UNKNOWN ? a : cv_error(t, "Fn::GetAtt", "the attribute of Fn::GetAtt must be a string");
			if (res)
				return eval_getatt(t, res, a.s, c->at, depth);
		}
		if (arg && node_text(arg) && strchr(node_text(arg), '.')) {
			const char *s = node_text(arg), *dot = strchr(s, '.');
			return eval_getatt(t, arena_strndup(&t->a, s, (size_t)(dot - s)), dot + 1, c->at, depth);
		}
		return cv_error(t, "Fn::GetAtt", "Fn::GetAtt takes [resource, attribute]");
	}
	if (strcmp(fn, "Fn::Cidr") == 0)
		return eval_cidr(t, arg, env, depth);
	if (strcmp(fn, "Fn::Select") == 0)
		return eval_select(t, arg, env, depth);
	if (strcmp(fn, "Fn::Sub") == 0)
		return eval_sub(t, arg, env, depth);
	if (strcmp(fn, "Fn::Join") == 0)
		return eval_join(t, arg, env, depth);
	if (strcmp(fn, "Fn::Split") == 0)
		return eval_split(t, arg, env, depth);
	if (strcmp(fn, "Fn::FindInMap") == 0)
		return eval_findinmap(t, arg, env, depth);
	if (strcmp(fn, "Fn::If") == 0)
		return eval_if(t, arg, env, depth);
	if (strcmp(fn, "Fn::ImportValue") == 0) {
		struct cval n = eval(t, arg, env, depth + 1);
		return cv_unknown(n.kind == CV_STR
					  ? arena_printf(&t->a, "Fn::ImportValue '%s': exports of other stacks are not known before deployment", n.s)
					  : "Fn::ImportValue: exports of other stacks are not known before deployment");
	}
	if (strcmp(fn, "Fn::GetAZs") == 0)
		return cv_unknown("Fn::GetAZs: the availability zones of an account are known only at deploy time");
	if (strcmp(fn, "Fn::Transform") == 0)
		return cv_unknown("Fn::Transform: a macro computes this value at deploy time");
	if (strcmp(fn, "Fn::Length") == 0) {
		struct cval l = eval(t, arg, env, depth + 1);
		if (l.kind == CV_LIST)
			return cv_str(arena_printf(&t->a, "%zu", l.n));
		return l.kind == CV_UNKNOWN ? l : cv_error(t, "Fn::Length", "Fn::Length takes a list");
	}
	if (strcmp(fn, "Condition") == 0 || strcmp(fn, "Fn::Equals") == 0 ||
	    strcmp(fn, "Fn::And") == 0 || strcmp(fn, "Fn::Or") == 0 || strcmp(fn, "Fn::Not") == 0)
		return cv_error(t, fn, arena_printf(&t->a, "%s is a condition, not a value", fn));
	return cv_unknown(arena_printf(&t->a, "%s is not evaluated before deployment", fn));
}

static struct cval eval(struct tpl *t, const struct node *n, const struct env *env,
			unsigned depth)
{
	struct call c;

	if (!n)
		return cv_novalue();
	if (depth > 2 * DOC_MAX_DEPTH || !step(t, n))
		return cv_unknown("evaluation stopped: too deep or too long");
	if (as_call(t, n, &c))
		return eval_call(t, &c, env, depth + 1);
	switch (n->kind) {
	case NODE_SCALAR:
		return cv_str(n->str);
	case NODE_SEQ: {
		struct cval v = cv_list(t, n->n);
		size_t k = 0;
		for (size_t i = 0; i < n->n; i++) {
			struct cval it = eval(t, n->items[i], env, depth + 1);
			if (it.kind != CV_NOVALUE)
				v.items[k++] = it;
		}
		v.n = k;
		return v;
	}
	default: {
		struct cval v = {.kind = CV_MAP, .node = n};
		return v;
	}
	}
}

/* --- conditions ------------------------------------------------------- */

/* 1 true, 0 false, -1 unknown */
static int cond_node(struct tpl *t, const struct node *n, unsigned depth)
{
	struct call c;

	if (!n || depth > 2 * DOC_MAX_DEPTH || !step(t, n))
		return -1;
	if (n->kind == NODE_SCALAR && !n->tag) {
		int b = node_bool(n);
		if (b >= 0)
			return b;
		if (str_ieq(n->str, "true"))
			return 1;
		if (str_ieq(n->str, "false"))
			return 0;
		return -1;
	}
	if (!as_call(t, n, &c))
		return -1;
	const struct node *arg = c.arg && c.arg->tag ? untag(t, c.arg) : c.arg;
	if (strcmp(c.name, "Condition") == 0)
		return node_text(arg) ? cond_eval(t, node_text(arg), arg, depth + 1) : -1;
	if (strcmp(c.name, "Fn::Equals") == 0) {
		if (!arg || arg->kind != NODE_SEQ || arg->n != 2)
			return -1;
		struct cval a = eval(t, arg->items[0], NULL, depth + 1);
		struct cval b = eval(t, arg->items[1], NULL, depth + 1);
		if (a.kind != CV_STR || b.kind != CV_STR)
			return -1;
		return strcmp(a.s, b.s) == 0;
	}
	if (strcmp(c.name, "Fn::Not") == 0) {
		const struct node *x = arg && arg->kind == NODE_SEQ && arg->n == 1 ? arg->items[0] : NULL;
		int v = cond_node(t, x, depth + 1);
		return v < 0 ? -1 : !v;
	}
	if (strcmp(c.name, "Fn::And") == 0 || strcmp(c.name, "Fn::Or") == 0) {
		bool and = c.name[4] == 'A';
		int result = and ? 1 : 0;
		if (!arg || arg->kind != NODE_SEQ)
			return -1;
		for (size_t i = 0; i < arg->n; i++) {
			int v = cond_node(t, arg->items[i], depth + 1);
			if (v == (and ? 0 : 1))
				return v;
			if (v < 0)
				result = -1;
		}
		return result;
	}
	return -1;
}

static int cond_eval(struct tpl *t, const char *name, const struct node *at, unsigned depth)
{
	void *slot = strmap_get(&t->cond_index, name);
	size_t i;
	int v;

	(void)at;
	if (!slot)
		return -1;
	i = (size_t)(uintptr_t)slot - 1;
	if (t->cond_memo[i] >= -1)
		return t->cond_memo[i];
	if (t->cond_memo[i] == -3)
		return -1; /* a cycle: CloudFormation rejects it; here it is unknown */
	t->cond_memo[i] = -3;
	v = cond_node(t, node_val(t->conditions, i), depth + 1);
	t->cond_memo[i] = (signed char)v;
	return v;
}

static void set_combination(struct tpl *t, long cur)
{
	t->cur = cur;
	for (size_t i = 0; i < t->nconds; i++)
		t->cond_memo[i] = -2;
}

/* --- the template's shape --------------------------------------------- */

static void add_resource(struct tpl *t, const char *id, const struct node *key,
			 const struct node *body, const struct env *env)
{
	struct cres *r;
	const char *type = node_text(node_get(body, "Type"));

	if (strmap_get(&t->res_by_id, id)) {
		errlist_add(t->errs, t->file, key->start.line, key->start.col,
			    "resource '%s' is declared twice", id);
		t->failed = 1;
		return;
	}
	r = VEC_PUSH(t->res, t->nres, t->capres);
	r->id = id;
	r->key = key;
	r->body = body;
	r->type = type;
	r->env = env;
}

static char *subst_key(struct tpl *t, const char *key, const struct env *env)
{
	struct sbuf sb;
	char *out;

	sbuf_init(&sb, 4096);
	for (const char *p = key; *p;) {
		if ((p[0] == '$' || p[0] == '&') && p[1] == '{' && strchr(p, '}')) {
			const char *end = strchr(p, '}');
			char *name = arena_strndup(&t->a, p + 2, (size_t)(end - p - 2));
			const char *v = env_get(env, name);
			if (v && p[0] == '&') {
				for (const char *c = v; *c; c++)
					if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
					    (*c >= '0' && *c <= '9'))
						sbuf_addch(&sb, *c);
			} else {
				sbuf_adds(&sb, v ? v : name);
			}
			p = end + 1;
			continue;
		}
		sbuf_addch(&sb, *p++);
	}
	out = arena_strndup(&t->keep, sb.buf, sb.len);
	sbuf_release(&sb);
	return out;
}

/* Fn::ForEach::Name: [Identifier, Collection, {KeyTemplate: body}] */
static void expand_foreach(struct tpl *t, const struct node *key, const struct node *spec,
			   const struct env *env, unsigned depth)
{
	const char *ident;
	struct cval coll;
	const struct node *out;

	if (depth > 8 || !spec || spec->kind != NODE_SEQ || spec->n != 3 ||
	    !(ident = node_text(spec->items[0])) || spec->items[2]->kind != NODE_MAP) {
		errlist_add(t->errs, t->file, key->start.line, key->start.col,
			    "'%s' must be [Identifier, Collection, {OutputKey: Value}]", key->str);
		t->failed = 1;
		return;
	}
	coll = eval(t, spec->items[1], env, 0);
	if (coll.kind != CV_LIST) {
		struct loc l = {.file = t->file, .line = key->start.line, .col = key->start.col};
		facts_add_note(t->f, NOTE_UNRESOLVED, l, key->str,
			       "the collection of '%s' is not known before deployment (%s): the resources it creates were not checked",
			       key->str, coll.kind == CV_UNKNOWN || coll.kind == CV_ERROR ? coll.why : kind_text(&coll));
		return;
	}
	out = spec->items[2];
	for (size_t i = 0; i < coll.n; i++) {
		struct env *e;
		if (coll.items[i].kind != CV_STR)
			continue;
		e = arena_alloc(&t->keep, sizeof(*e));
		e->name = ident;
		e->value = arena_strdup(&t->keep, coll.items[i].s);
		e->next = env;
		for (size_t j = 0; j < out->n; j++) {
			const struct node *k = node_key(out, j);
			if (!k->str)
				continue;
			if (str_startswith(k->str, "Fn::ForEach::"))
				expand_foreach(t, k, node_val(out, j), e, depth + 1);
			else
				add_resource(t, subst_key(t, k->str, e), k, node_val(out, j), e);
		}
	}
}

static void read_parameters(struct tpl *t)
{
	const struct node *ps = node_get(t->root, "Parameters");

	strmap_init(&t->params_by_name);
	if (!ps || ps->kind != NODE_MAP)
		return;
	t->params = arena_alloc(&t->keep, (ps->n + 1) * sizeof(*t->params));
	for (size_t i = 0; i < ps->n; i++) {
		struct cparam *p = &t->params[t->nparams];
		const struct node *body = node_val(ps, i);
		const char *name = node_text(node_key(ps, i));

		if (!name || body->kind != NODE_MAP)
			continue;
		p->name = name;
		p->node = node_key(ps, i);
		p->type = node_text(node_get(body, "Type"));
		p->def = node_get(body, "Default");
		p->allowed = node_get(body, "AllowedValues");
		if (p->allowed && (p->allowed->kind != NODE_SEQ || !p->allowed->n))
			p->allowed = NULL;
		for (size_t j = 0; p->allowed && j < p->allowed->n; j++)
			if (!node_text(p->allowed->items[j]))
				p->allowed = NULL;
		p->enum_pos = -1;
		for (size_t j = 0; t->opt && j < t->opt->nparams; j++)
			if (strcmp(t->opt->params[j].key, name) == 0)
				p->override = t->opt->params[j].value;
		strmap_put(&t->params_by_name, name, p);
		t->nparams++;
	}
}

/* Which parameters to enumerate, and how many combinations that makes. */
static void plan_combinations(struct tpl *t)
{
	unsigned cap = t->opt && t->opt->max_combinations ? t->opt->max_combinations
							    : CFN_MAX_COMBINATIONS;
	unsigned long long total = 1;
	bool over = false;

	if (cap > 64)
		cap = 64; /* a fact's combinations are one 64-bit mask */
	t->enum_params = arena_alloc(&t->keep, (t->nparams + 1) * sizeof(*t->enum_params));
	for (size_t i = 0; i < t->nparams; i++) {
		struct cparam *p = &t->params[i];
		if (p->override || !p->allowed || p->allowed->n < 2)
			continue;
		if (p->type && strncmp(p->type, "AWS::SSM::", 10) == 0)
			continue;
		total *= p->allowed->n;
		if (total > cap)
			over = true;
		if (total > (1ULL << 40))
			total = 1ULL << 40;
		t->enum_params[t->nenum++] = i;
	}
	if (!t->nenum)
		return;
	if (over) {
		const struct node *ps = node_get(t->root, "Parameters");
		struct loc l = {.file = t->file, .line = ps->start.line, .col = ps->start.col};
		facts_add_note(t->f, NOTE_UNRESOLVED, l, "Parameters",
			       "the parameters with AllowedValues make %llu%s combinations, more than the cap of %u: only the defaults were evaluated; pass --parameter KEY=VALUE to check other values",
			       total, total == (1ULL << 40) ? " or more" : "", cap);
		t->nenum = 0;
		return;
	}
	for (size_t i = 0; i < t->nenum; i++)
		t->params[t->enum_params[i]].enum_pos = (int)i;
	t->nscen = (size_t)total;
}

bool cfn_detect(const struct node *root)
{
	const struct node *res = node_get(root, "Resources");

	if (!res || res->kind != NODE_MAP)
		return false;
	for (size_t i = 0; i < res->n; i++) {
		const char *k = node_text(node_key(res, i));
		const char *type = node_text(node_get(node_val(res, i), "Type"));
		if ((type && (str_startswith(type, "AWS::") || str_startswith(type, "Custom::"))) ||
		    (k && str_startswith(k, "Fn::ForEach::")))
			return true;
	}
	return false;
}

/* --- resources into facts --------------------------------------------- */

enum prop {
	P_CIDR, P_V4POOL, P_V4MASK, P_AMZ, P_V6CIDR, P_V6POOL, P_V6IPAMPOOL,
	P_V6MASK, P_NBG, P_VPCID, P_SUBNETID, P_V6NATIVE, NPROP
};
static const char *const prop_names[NPROP] = {
	"CidrBlock", "Ipv4IpamPoolId", "Ipv4NetmaskLength", "AmazonProvidedIpv6CidrBlock",
	"Ipv6CidrBlock", "Ipv6Pool", "Ipv6IpamPoolId", "Ipv6NetmaskLength",
	"Ipv6CidrBlockNetworkBorderGroup", "VpcId", "SubnetId", "Ipv6Native",
};
static const unsigned prop_arg[NPROP] = {
	ARG_CIDR, ARG_V4POOL, ARG_V4MASK, ARG_AMZV6, ARG_V6CIDR, ARG_V6POOL,
	ARG_V6IPAMPOOL, ARG_V6MASK, ARG_NBG, 0, 0, ARG_V6NATIVE,
};

/* A resource evaluated in one combination. */
struct shape {
	bool exists;
	struct cval v[NPROP];
	const struct node *at[NPROP];
	unsigned args;
	struct cval tags; /* list of CV_MAP or unknown */
	struct cval subnet_vpc; /* SubnetCidrBlock: the subnet's VpcId */
	const struct node *subnet_vpc_at;
};

static bool is_true(const struct cval *v)
{
	return v->kind == CV_STR && str_ieq(v->s, "true");
}

static void shape_eval(struct tpl *t, const struct cres *r, struct shape *s)
{
	const struct node *pr = props_of(r);

	arena_reset(&t->a); /* the previous shape is dead by now */
	memset(s, 0, sizeof(*s));
	s->exists = res_exists(t, r, 0);
	if (!s->exists)
		return;
	for (int i = 0; i < NPROP; i++) {
		const struct node *pn = node_get(pr, prop_names[i]);
		if (!pn)
			continue;
		s->at[i] = pn;
		s->v[i] = eval(t, pn, r->env, 0);
		if (s->v[i].kind == CV_NOVALUE)
			continue;
		if ((i == P_AMZ || i == P_V6NATIVE) && !is_true(&s->v[i]))
			continue;
		s->args |= prop_arg[i];
	}
	if (str_eq(r->type, "AWS::EC2::VPC")) {
		const struct node *tags = node_get(pr, "Tags");
		s->tags = tags ? eval(t, tags, r->env, 0) : cv_novalue();
	}
	if (str_eq(r->type, "AWS::EC2::SubnetCidrBlock") && s->v[P_SUBNETID].kind == CV_RESREF) {
		const struct cres *sub = find_res(t, s->v[P_SUBNETID].s);
		const struct node *vid = sub ? node_get(props_of(sub), "VpcId") : NULL;
		if (vid) {
			s->subnet_vpc = eval(t, vid, sub->env, 0);
			s->subnet_vpc_at = vid;
		}
	}
}

static void sig_cval(struct sbuf *sb, const struct cval *v)
{
	sbuf_addf(sb, "%d:", (int)v->kind);
	switch (v->kind) {
	case CV_STR:
	case CV_RESREF:
		sbuf_adds(sb, v->s);
		break;
	case CV_UNKNOWN:
	case CV_ERROR:
		sbuf_addf(sb, "%s|%s|%s", v->why ? v->why : "", v->s ? v->s : "",
			  v->sym ? v->sym->name : "");
		break;
	case CV_REL: {
		char buf[CIDR_STRLEN];
		sbuf_addf(sb, "%s|%s|%d", v->sym ? v->sym->name : "", cidr_format(&v->rel, buf), v->host_bits);
		break;
	}
	case CV_LIST:
		for (size_t i = 0; i < v->n; i++) {
			sig_cval(sb, &v->items[i]);
			sbuf_addch(sb, ',');
		}
		break;
	case CV_MAP:
		sbuf_addf(sb, "%p", (const void *)v->node);
		break;
	default:
		break;
	}
	sbuf_addch(sb, ';');
}

static void tags_signature(struct tpl *t, const struct shape *s, const struct cres *r,
			   struct sbuf *sb)
{
	if (s->tags.kind != CV_LIST)
		return;
	for (size_t i = 0; i < s->tags.n; i++) {
		const struct cval *it = &s->tags.items[i];
		if (it->kind != CV_MAP)
			continue;
		struct cval k = eval(t, node_get(it->node, "Key"), r->env, 0);
		struct cval v = eval(t, node_get(it->node, "Value"), r->env, 0);
		sig_cval(sb, &k);
		sig_cval(sb, &v);
	}
}

static void shape_signature(struct tpl *t, const struct cres *r, const struct shape *s,
			    struct sbuf *sb)
{
	sbuf_reset(sb);
	sbuf_addf(sb, "%d|%u|", s->exists, s->args);
	if (!s->exists)
		return;
	for (int i = 0; i < NPROP; i++)
		sig_cval(sb, &s->v[i]);
	sig_cval(sb, &s->subnet_vpc);
	tags_signature(t, s, r, sb);
}

static struct loc node_loc(struct tpl *t, const struct node *n)
{
	struct loc l = {.file = t->file, .line = n->start.line, .col = n->start.col,
			 .end_line = n->end.line, .end_col = n->end.col};
	return l;
}

static const char *ftext(struct tpl *t, const char *s)
{
	return s ? arena_strdup(&t->f->arena, s) : NULL;
}

/* Make a model value from an evaluated property. */
static void to_value(struct tpl *t, struct cidr_value *out, const struct cval *v,
		     const struct node *at, int family)
{
	char buf[CIDR_STRLEN];

	out->loc = node_loc(t, at);
	out->netmask = -1;
	switch (v->kind) {
	case CV_STR:
		cidr_value_set_text(out, ftext(t, v->s), family);
		return;
	case CV_ERROR:
		out->state = VAL_KNOWN;
		out->text = ftext(t, v->s);
		out->parse_error = ftext(t, v->why);
		return;
	case CV_REL:
		out->state = VAL_CONSTRAINED;
		out->rel_base = ftext(t, v->sym ? v->sym->name : "an unknown block");
		out->rel = cidr_make(v->rel.family, v->rel.addr, v->rel.len);
		out->host_bits = v->host_bits;
		out->text = ftext(t, v->s);
		out->amazon = false;
		out->reason = ftext(t, arena_printf(&t->a, "carved from %s, which is assigned at deploy time",
						    out->rel_base));
		if (v->rel.family != family) {
			out->state = VAL_KNOWN;
			out->parse_error = family == 4 ? "an IPv6 CIDR in an IPv4 field" : "an IPv4 CIDR in an IPv6 field";
		}
		(void)buf;
		return;
	case CV_UNKNOWN:
		out->state = VAL_UNRESOLVED;
		out->reason = ftext(t, v->why ? v->why : "not known before deployment");
		return;
	default:
		out->state = VAL_KNOWN;
		out->text = ftext(t, arena_printf(&t->a, "(%s)", kind_text(v)));
		out->parse_error = ftext(t, arena_printf(&t->a, "%s, not a CIDR", kind_text(v)));
		return;
	}
}

/* A block from IPAM, BYOIP or Amazon: constrained, not known. */
static void to_constrained(struct tpl *t, struct cidr_value *out, const struct shape *s,
			   int pool_prop, int mask_prop, const struct node *at, bool amazon)
{
	bool ok;
	long long m;

	/* the netmask says most about an IPAM block: its size */
	out->loc = node_loc(t, mask_prop >= 0 && s->at[mask_prop] ? s->at[mask_prop] : at);
	out->state = VAL_CONSTRAINED;
	out->netmask = -1;
	out->amazon = amazon;
	if (amazon) {
		out->netmask = 56;
		out->reason = "Amazon assigns the /56 at deploy time";
		return;
	}
	if (pool_prop >= 0 && s->v[pool_prop].kind == CV_STR)
		out->pool = ftext(t, s->v[pool_prop].s);
	if (mask_prop >= 0) {
		m = cval_int(&s->v[mask_prop], &ok);
		if (ok && m >= 0 && m <= 128)
			out->netmask = (int)m;
	}
	out->reason = "IPAM allocates it at deploy time";
}

static void to_ref(struct tpl *t, struct vpc_ref *ref, const struct cval *v,
		   const struct node *at, const char *what)
{
	if (at)
		ref->loc = node_loc(t, at);
	switch (v->kind) {
	case CV_RESREF: {
		const struct cres *r = find_res(t, v->s);
		if (r && str_eq(r->type, "AWS::EC2::VPC")) {
			ref->kind = VREF_LOCAL;
			ref->name = ftext(t, v->s);
		} else {
			ref->kind = VREF_NONE;
			ref->why = ftext(t, arena_printf(&t->a, "%s refers to '%s', which is not an AWS::EC2::VPC",
							 what, v->s));
		}
		return;
	}
	case CV_STR:
		ref->kind = VREF_AWSID;
		ref->name = ftext(t, v->s);
		return;
	case CV_UNKNOWN:
	case CV_ERROR:
		ref->kind = VREF_NONE;
		ref->why = ftext(t, v->why);
		return;
	default:
		ref->kind = VREF_NONE;
		ref->why = ftext(t, arena_printf(&t->a, "%s is missing", what));
		return;
	}
}

static void fill_resource(struct tpl *t, struct resource *res, const struct cres *r,
			  const struct shape *s, uint64_t mask)
{
	const struct node *meta;

	res->name = ftext(t, r->id);
	res->type = ftext(t, r->type);
	res->loc = node_loc(t, r->key);
	res->region = ftext(t, t->opt ? t->opt->region : NULL);
	res->account = ftext(t, t->opt ? t->opt->account : NULL);
	res->args = s->args;
	res->scen = t->nscen ? mask : ~(uint64_t)0;
	/* Metadata: {cidrlint: {ignore: [{rule, reason}]}} */
	meta = node_get(node_get(node_get(r->body, "Metadata"), "cidrlint"), "ignore");
	if (meta && meta->kind == NODE_SEQ) {
		res->sup = arena_alloc(&t->f->arena, (meta->n + 1) * sizeof(*res->sup));
		for (size_t i = 0; i < meta->n; i++) {
			const struct node *it = meta->items[i];
			const char *rule = node_text(node_get(it, "rule"));
			const char *reason = node_text(node_get(it, "reason"));
			if (!rule) {
				errlist_add(t->errs, t->file, it->start.line, it->start.col,
					    "suppression on '%s' names no rule", r->id);
				t->failed = 1;
				continue;
			}
			if (!reason || !*reason) {
				errlist_add(t->errs, t->file, it->start.line, it->start.col,
					    "suppression of %s on '%s' needs a reason", rule, r->id);
				t->failed = 1;
				continue;
			}
			res->sup[res->nsup].rule = ftext(t, rule);
			res->sup[res->nsup].reason = ftext(t, reason);
			res->sup[res->nsup].loc = node_loc(t, it);
			res->nsup++;
		}
	}
	if (s->tags.kind == CV_LIST) {
		res->tags = arena_alloc(&t->f->arena, (s->tags.n + 1) * sizeof(*res->tags));
		for (size_t i = 0; i < s->tags.n; i++) {
			const struct cval *it = &s->tags.items[i];
			if (it->kind != CV_MAP)
				continue;
			struct cval k = eval(t, node_get(it->node, "Key"), r->env, 0);
			struct cval v = eval(t, node_get(it->node, "Value"), r->env, 0);
			if (k.kind != CV_STR || v.kind != CV_STR)
				continue;
			res->tags[res->ntags].key = ftext(t, k.s);
			res->tags[res->ntags++].value = ftext(t, v.s);
		}
	}
}

static void emit_vpc(struct tpl *t, const struct cres *r, const struct shape *s, uint64_t mask)
{
	struct vpc *v = facts_add_vpc(t->f);
	struct block *b;

	fill_resource(t, &v->r, r, s, mask);
	if (s->args & ARG_CIDR) {
		b = vpc_add_own_block(t->f, v, 4, BLOCK_PRIMARY);
		to_value(t, &b->v, &s->v[P_CIDR], s->at[P_CIDR], 4);
	} else if (s->args & ARG_V4POOL) {
		b = vpc_add_own_block(t->f, v, 4, BLOCK_PRIMARY);
		to_constrained(t, &b->v, s, P_V4POOL, P_V4MASK, s->at[P_V4POOL], false);
	}
}

static void emit_assoc(struct tpl *t, const struct cres *r, const struct shape *s, uint64_t mask)
{
	struct assoc *a;

	if (!(s->args & (ARG_CIDR | ARG_V4POOL | ARG_AMZV6 | ARG_V6CIDR | ARG_V6IPAMPOOL | ARG_V6POOL))) {
		/* no address at all: CIDR108 reports the resource */
		a = facts_add_assoc(t->f);
		fill_resource(t, &a->r, r, s, mask);
		to_ref(t, &a->ref, &s->v[P_VPCID], s->at[P_VPCID], "VpcId");
		a->no_block = true;
		return;
	}
	a = facts_add_assoc(t->f);
	fill_resource(t, &a->r, r, s, mask);
	to_ref(t, &a->ref, &s->v[P_VPCID], s->at[P_VPCID], "VpcId");
	if (s->args & ARG_CIDR) {
		a->block.family = 4;
		to_value(t, &a->block.v, &s->v[P_CIDR], s->at[P_CIDR], 4);
	} else if (s->args & ARG_V4POOL) {
		a->block.family = 4;
		to_constrained(t, &a->block.v, s, P_V4POOL, P_V4MASK, s->at[P_V4POOL], false);
	} else if (s->args & ARG_AMZV6) {
		a->block.family = 6;
		to_constrained(t, &a->block.v, s, -1, -1, s->at[P_AMZ], true);
	} else if (s->args & ARG_V6CIDR) {
		a->block.family = 6;
		to_value(t, &a->block.v, &s->v[P_V6CIDR], s->at[P_V6CIDR], 6);
		if (s->v[P_V6POOL].kind == CV_STR)
			a->block.v.pool = ftext(t, s->v[P_V6POOL].s);
		else if (s->v[P_V6IPAMPOOL].kind == CV_STR)
			a->block.v.pool = ftext(t, s->v[P_V6IPAMPOOL].s);
	} else {
		a->block.family = 6;
		to_constrained(t, &a->block.v, s, s->args & ARG_V6IPAMPOOL ? P_V6IPAMPOOL : P_V6POOL,
			       P_V6MASK, s->at[s->args & ARG_V6IPAMPOOL ? P_V6IPAMPOOL : P_V6POOL], false);
		if (!(s->args & ARG_V6IPAMPOOL))
			a->block.v.reason = "the BYOIP pool assigns it at deploy time";
	}
}

static void emit_subnet(struct tpl *t, const struct cres *r, const struct shape *s, uint64_t mask)
{
	struct subnet *sn = facts_add_subnet(t->f);

	fill_resource(t, &sn->r, r, s, mask);
	if (str_eq(r->type, "AWS::EC2::SubnetCidrBlock")) {
		if (s->subnet_vpc_at)
			to_ref(t, &sn->ref, &s->subnet_vpc, s->subnet_vpc_at, "VpcId of the subnet");
		else
			to_ref(t, &sn->ref, &s->v[P_SUBNETID], s->at[P_SUBNETID], "SubnetId");
		if (sn->ref.kind == VREF_NONE && s->v[P_SUBNETID].kind == CV_STR)
			sn->ref.why = ftext(t, arena_printf(&t->a, "subnet %s is not in this template", s->v[P_SUBNETID].s));
	} else {
		to_ref(t, &sn->ref, &s->v[P_VPCID], s->at[P_VPCID], "VpcId");
	}
	if (s->args & ARG_CIDR) {
		sn->has_v4 = true;
		to_value(t, &sn->v4, &s->v[P_CIDR], s->at[P_CIDR], 4);
	} else if (s->args & ARG_V4POOL) {
		sn->has_v4 = true;
		to_constrained(t, &sn->v4, s, P_V4POOL, P_V4MASK, s->at[P_V4POOL], false);
	}
	if (s->args & ARG_V6CIDR) {
		sn->has_v6 = true;
		to_value(t, &sn->v6, &s->v[P_V6CIDR], s->at[P_V6CIDR], 6);
	} else if (s->args & ARG_V6IPAMPOOL) {
		sn->has_v6 = true;
		to_constrained(t, &sn->v6, s, P_V6IPAMPOOL, P_V6MASK, s->at[P_V6IPAMPOOL], false);
	}
}

/* Evaluate one resource in every combination; one fact per distinct shape. */
static void emit_resource(struct tpl *t, const struct cres *r)
{
	size_t nscen = t->nscen ? t->nscen : 1;
	struct sbuf sig;
	struct group {
		char *sig;
		uint64_t mask;
		long first;
	} groups[64];
	size_t ngroups = 0;
	struct shape s;

	sbuf_init(&sig, 0);
	for (size_t c = 0; c < nscen; c++) {
		size_t g;
		set_combination(t, t->nscen ? (long)c : -1);
		shape_eval(t, r, &s);
		shape_signature(t, r, &s, &sig);
		for (g = 0; g < ngroups; g++)
			if (strcmp(groups[g].sig, sig.buf) == 0)
				break;
		if (g == ngroups) {
			groups[g].sig = xstrdup(sig.buf);
			groups[g].mask = 0;
			groups[g].first = (long)c;
			ngroups++;
		}
		groups[g].mask |= (uint64_t)1 << c;
	}
	sbuf_release(&sig);
	for (size_t g = 0; g < ngroups; g++) {
		set_combination(t, t->nscen ? groups[g].first : -1);
		shape_eval(t, r, &s);
		free(groups[g].sig);
		if (!s.exists || t->over_steps)
			continue;
		if (str_eq(r->type, "AWS::EC2::VPC"))
			emit_vpc(t, r, &s, groups[g].mask);
		else if (str_eq(r->type, "AWS::EC2::VPCCidrBlock"))
			emit_assoc(t, r, &s, groups[g].mask);
		else
			emit_subnet(t, r, &s, groups[g].mask);
	}
}

/* --- connectivity links ------------------------------------------------ */

static const char *const cfn_route_targets[] = {
	"GatewayId", "NatGatewayId", "TransitGatewayId", "VpcPeeringConnectionId",
	"NetworkInterfaceId", "InstanceId", "VpcEndpointId", "EgressOnlyInternetGatewayId",
	"CarrierGatewayId", "LocalGatewayId", "CoreNetworkArn", NULL,
};

/* Properties from the CloudFormation resource reference (AWS::EC2::*). */
static const struct link_spec cfn_links[] = {
	{.type = "AWS::EC2::VPCPeeringConnection", .kind = LINK_PEERING, .a = "VpcId",
	 .b = "PeerVpcId", .peer_account = "PeerOwnerId", .peer_region = "PeerRegion"},
	{.type = "AWS::EC2::TransitGateway", .kind = LINK_TGW,
	 .no_assoc = "DefaultRouteTableAssociation", .no_prop = "DefaultRouteTablePropagation"},
	{.type = "AWS::EC2::TransitGatewayVpcAttachment", .kind = LINK_TGW_ATTACH, .a = "VpcId",
	 .b = "TransitGatewayId"},
	{.type = "AWS::EC2::TransitGatewayAttachment", .kind = LINK_TGW_ATTACH, .a = "VpcId",
	 .b = "TransitGatewayId"},
	{.type = "AWS::EC2::TransitGatewayRouteTable", .kind = LINK_TGW_RTB,
	 .b = "TransitGatewayId"},
	{.type = "AWS::EC2::TransitGatewayRouteTableAssociation", .kind = LINK_TGW_ASSOC,
	 .a = "TransitGatewayAttachmentId", .b = "TransitGatewayRouteTableId"},
	{.type = "AWS::EC2::TransitGatewayRouteTablePropagation", .kind = LINK_TGW_PROP,
	 .a = "TransitGatewayAttachmentId", .b = "TransitGatewayRouteTableId"},
	{.type = "AWS::EC2::VPNGateway", .kind = LINK_VGW},
	{.type = "AWS::EC2::VPCGatewayAttachment", .kind = LINK_VGW_ATTACH, .a = "VpcId",
	 .b = "VpnGatewayId"},
	{.type = "AWS::EC2::CustomerGateway", .kind = LINK_CGW},
	{.type = "AWS::EC2::VPNConnection", .kind = LINK_VPN, .a = "VpnGatewayId",
	 .b = "TransitGatewayId", .x = "CustomerGatewayId", .static_only = "StaticRoutesOnly"},
	{.type = "AWS::EC2::VPNConnectionRoute", .kind = LINK_VPN_ROUTE, .a = "VpnConnectionId",
	 .dest = "DestinationCidrBlock"},
	{.type = "AWS::EC2::RouteTable", .kind = LINK_RTB, .a = "VpcId"},
	{.type = "AWS::EC2::Route", .kind = LINK_ROUTE, .a = "RouteTableId",
	 .targets = cfn_route_targets, .dest = "DestinationCidrBlock",
	 .dest6 = "DestinationIpv6CidrBlock"},
};

/* An end of a link: Ref or Fn::GetAtt of a resource of the template (its
 * id, whatever the attribute), or an id written out. */
static bool link_end(struct tpl *t, const struct cres *r, const char *prop, struct vpc_ref *ref)
{
	const struct node *n = prop ? node_get(props_of(r), prop) : NULL;
	struct call c;
	struct cval v;

	memset(ref, 0, sizeof(*ref));
	if (!n)
		return false;
	ref->loc = node_loc(t, n);
	v = eval(t, n, r->env, 0);
	if (v.kind == CV_NOVALUE)
		return false;
	if (v.kind == CV_UNKNOWN && as_call(t, n, &c) && str_eq(c.name, "Fn::GetAtt")) {
		const char *res = c.getatt_res;
		if (!res && c.arg && c.arg->kind == NODE_SEQ && c.arg->n == 2)
			res = node_text(c.arg->items[0]);
		if (res && find_res(t, res)) {
			ref->kind = VREF_LOCAL;
			ref->name = ftext(t, res);
			return true;
		}
	}
	to_ref(t, ref, &v, n, prop);
	if (v.kind == CV_RESREF) {
		/* any resource of the template, not only a VPC */
		ref->kind = VREF_LOCAL;
		ref->name = ftext(t, v.s);
	}
	return true;
}

static const char *link_text(struct tpl *t, const struct cres *r, const char *prop)
{
	const struct node *n = prop ? node_get(props_of(r), prop) : NULL;
	struct cval v;

	if (!n)
		return NULL;
	v = eval(t, n, r->env, 0);
	return v.kind == CV_STR ? ftext(t, v.s) : NULL;
}

/*
 * A resource that joins networks or routes traffic.  Evaluated once, with
 * the parameters' defaults: a link exists in every combination where its
 * resource does (its conditions are not split by combination).
 */
static void emit_link(struct tpl *t, const struct cres *r, const struct link_spec *ls)
{
	struct shape s;
	struct link *l;

	set_combination(t, -1);
	arena_reset(&t->a);
	memset(&s, 0, sizeof(s));
	if (!res_exists(t, r, 0))
		return;
	l = facts_add_link(t->f, ls->kind);
	fill_resource(t, &l->r, r, &s, ~(uint64_t)0);
	link_end(t, r, ls->a, &l->a);
	link_end(t, r, ls->b, &l->b);
	link_end(t, r, ls->x, &l->x);
	for (size_t i = 0; ls->targets && ls->targets[i] && l->x.kind == VREF_NONE; i++)
		if (link_end(t, r, ls->targets[i], &l->x))
			l->x_what = ls->targets[i];
	for (int six = 0; six < 2 && !l->has_dest; six++) {
		const char *prop = six ? ls->dest6 : ls->dest;
		const struct node *n = prop ? node_get(props_of(r), prop) : NULL;
		if (!n)
			continue;
		struct cval v = eval(t, n, r->env, 0);
		if (v.kind == CV_NOVALUE)
			continue;
		to_value(t, &l->dest, &v, n, six ? 6 : 4);
		l->has_dest = true;
	}
	l->no_default_assoc = str_ieq(link_text(t, r, ls->no_assoc), "disable");
	l->no_default_prop = str_ieq(link_text(t, r, ls->no_prop), "disable");
	l->static_only = str_ieq(link_text(t, r, ls->static_only), "true");
	l->peer_account = link_text(t, r, ls->peer_account);
	l->peer_region = link_text(t, r, ls->peer_region);
}

static void note_transforms(struct tpl *t)
{
	const struct node *tr = node_get(t->root, "Transform");
	const struct node *items[16];
	size_t n = 0;

	if (!tr)
		return;
	if (tr->kind == NODE_SEQ)
		for (size_t i = 0; i < tr->n && n < ARRAY_SIZE(items); i++)
			items[n++] = tr->items[i];
	else
		items[n++] = tr;
	for (size_t i = 0; i < n; i++) {
		const char *name = node_text(items[i]);
		if (name && (strcmp(name, "AWS::LanguageExtensions") == 0 ||
			     str_startswith(name, "AWS::Serverless")))
			continue;
		struct loc l = node_loc(t, items[i]);
		facts_add_note(t->f, NOTE_UNRESOLVED, l, "Transform",
			       "the template uses macro '%s', which rewrites it at deploy time: what deploys may differ from what was checked",
			       name ? name : "?");
	}
}

struct facts *cfn_facts(const struct doc *d, const char *rel,
			const struct cfn_options *opt, struct errlist *errs)
{
	struct tpl t;
	const struct node *res;
	struct facts *f;

	memset(&t, 0, sizeof(t));
	t.d = d;
	t.file = d->file;
	t.opt = opt;
	t.errs = errs;
	t.root = d->root;
	t.max_steps = opt && opt->max_steps ? opt->max_steps : CFN_MAX_STEPS;
	arena_init(&t.a);
	arena_init(&t.keep);
	strmap_init(&t.res_by_id);
	strmap_init(&t.cond_index);
	f = t.f = facts_new(d->file, rel, INPUT_CFN);
	t.mappings = node_get(t.root, "Mappings");
	t.conditions = node_get(t.root, "Conditions");
	if (t.conditions && t.conditions->kind == NODE_MAP) {
		t.nconds = t.conditions->n;
		for (size_t i = 0; i < t.nconds; i++)
			if (node_text(node_key(t.conditions, i)))
				strmap_put(&t.cond_index, node_text(node_key(t.conditions, i)),
					   (void *)(uintptr_t)(i + 1));
	}
	t.cond_memo = arena_alloc(&t.keep, t.nconds + 1);
	set_combination(&t, -1);
	read_parameters(&t);
	note_transforms(&t);

	res = node_get(t.root, "Resources");
	for (size_t i = 0; res && res->kind == NODE_MAP && i < res->n; i++) {
		const struct node *k = node_key(res, i), *body = node_val(res, i);
		if (!node_text(k))
			continue;
		if (str_startswith(k->str, "Fn::ForEach::"))
			continue; /* expanded below, once parameters are known */
		if (body->kind != NODE_MAP) {
			errlist_add(errs, t.file, body->start.line, body->start.col,
				    "resource '%s' must be a mapping, not %s", k->str, node_kind_name(body));
			t.failed = 1;
			continue;
		}
		add_resource(&t, k->str, k, body, NULL);
	}
	/* index first, so that ForEach collections can refer to resources */
	for (size_t i = 0; i < t.nres; i++)
		strmap_put(&t.res_by_id, t.res[i].id, &t.res[i]);
	for (size_t i = 0; res && res->kind == NODE_MAP && i < res->n; i++) {
		const struct node *k = node_key(res, i);
		if (node_text(k) && str_startswith(k->str, "Fn::ForEach::")) {
			size_t before = t.nres;
			expand_foreach(&t, k, node_val(res, i), NULL, 0);
			(void)before;
		}
	}
	/* the vector may have moved: index again */
	strmap_release(&t.res_by_id);
	strmap_init(&t.res_by_id);
	for (size_t i = 0; i < t.nres; i++)
		strmap_put(&t.res_by_id, t.res[i].id, &t.res[i]);

	plan_combinations(&t);
	if (t.nscen) {
		f->nscen = t.nscen;
		f->nscen_params = t.nenum;
		f->scen_params = arena_alloc(&f->arena, t.nenum * sizeof(*f->scen_params));
		for (size_t i = 0; i < t.nenum; i++) {
			const struct cparam *p = &t.params[t.enum_params[i]];
			struct scen_param *sp = &f->scen_params[i];
			sp->name = facts_str(f, p->name);
			sp->nvalues = p->allowed->n;
			sp->values = arena_alloc(&f->arena, sp->nvalues * sizeof(*sp->values));
			for (size_t j = 0; j < sp->nvalues; j++)
				sp->values[j] = facts_str(f, node_text(p->allowed->items[j]));
		}
	}
	for (size_t i = 0; i < t.nres && !t.over_steps; i++) {
		const char *type = t.res[i].type;
		if (str_eq(type, "AWS::EC2::VPC") || str_eq(type, "AWS::EC2::VPCCidrBlock") ||
		    str_eq(type, "AWS::EC2::Subnet") || str_eq(type, "AWS::EC2::SubnetCidrBlock"))
			emit_resource(&t, &t.res[i]);
		else if (link_spec_find(cfn_links, ARRAY_SIZE(cfn_links), type))
			emit_link(&t, &t.res[i], link_spec_find(cfn_links, ARRAY_SIZE(cfn_links), type));
	}
	strmap_release(&t.res_by_id);
	strmap_release(&t.params_by_name);
	strmap_release(&t.cond_index);
	free(t.res);
	arena_release(&t.a);
	arena_release(&t.keep);
	if (t.failed && t.over_steps) {
		facts_free(f);
		return NULL;
	}
	return f;
}
