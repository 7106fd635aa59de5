/*
 * cfn_eval.c: the CloudFormation intrinsic evaluator (see cfn_eval.h).
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
#include "parsers/cfn_eval.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

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

const char *cfn_kind_text(const struct cval *v)
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

static int cond_eval(struct tpl *t, const char *name, const struct node *at, unsigned depth);
static struct cparam *ref_param(struct tpl *t, const struct node *n);

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

static const struct cfn_links *links_of(const struct tpl *t)
{
	return t->opt ? t->opt->links : NULL;
}

static struct cval from_xval(struct tpl *t, const struct cfn_xval *x)
{
	struct cval v = {.kind = x->kind, .s = x->s, .why = x->why, .stack = x->stack,
			 .origin = x->origin};

	if (v.kind != CV_STR && v.kind != CV_RESREF)
		v.kind = CV_UNKNOWN;
	(void)t;
	return v;
}

void cfn_export_value(struct tpl *t, const struct cval *v, struct arena *a,
		      struct cfn_xval *out)
{
	memset(out, 0, sizeof(*out));
	out->origin = v->origin;
	switch (v->kind) {
	case CV_STR:
		out->kind = CV_STR;
		out->s = arena_strdup(a, v->s);
		return;
	case CV_RESREF:
		out->kind = CV_RESREF;
		out->s = arena_strdup(a, v->s);
		out->stack = arena_strdup(a, v->stack ? v->stack : links_of(t)->stack);
		return;
	case CV_LIST: {
		/* a list handed on is its items joined with commas, as
		 * CloudFormation passes a List parameter */
		struct sbuf sb;
		sbuf_init(&sb, 0);
		for (size_t i = 0; i < v->n; i++) {
			if (v->items[i].kind != CV_STR) {
				sbuf_release(&sb);
				out->kind = CV_UNKNOWN;
				out->why = "a list with an item known only at deploy time";
				return;
			}
			sbuf_addf(&sb, "%s%s", i ? "," : "", v->items[i].s);
		}
		out->kind = CV_STR;
		out->s = arena_strndup(a, sb.buf, sb.len);
		sbuf_release(&sb);
		return;
	}
	case CV_UNKNOWN:
	case CV_ERROR:
		out->kind = CV_UNKNOWN;
		out->why = arena_strdup(a, v->why ? v->why : "not known before deployment");
		return;
	default:
		out->kind = CV_UNKNOWN;
		out->why = arena_printf(a, "%s, which is not handed between stacks here", cfn_kind_text(v));
		return;
	}
}

static const char *param_text(struct tpl *t, const struct cparam *p)
{
	if (p->override)
		return p->override;
	if (p->enum_pos >= 0 && t->cur >= 0) {
		size_t digit = (size_t)t->cur;
		for (size_t i = 0; i < (size_t)p->enum_pos; i++)
			digit /= cparam_domain(&t->params[t->enum_params[i]]);
		digit %= cparam_domain(p);
		return digit < p->ndom ? p->dom[digit] : NULL; /* NULL: any other value */
	}
	if (p->def && p->def->kind == NODE_SCALAR)
		return p->def->str;
	return NULL;
}

static struct cval param_value(struct tpl *t, const struct cparam *p)
{
	const char *s;

	if (p->bound)
		return from_xval(t, p->bound);
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
	if (!region && t->pseudo_region && t->pseudo_region->enum_pos >= 0 && t->cur >= 0)
		region = param_text(t, t->pseudo_region);
	if (!account && t->pseudo_account && t->pseudo_account->enum_pos >= 0 && t->cur >= 0)
		account = param_text(t, t->pseudo_account);
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
	if (strcmp(name, "AWS::StackName") == 0 && t->opt && t->opt->stack_name)
		return cv_str(t->opt->stack_name);
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
	if ((p = strmap_get(&t->params_by_name, name))) {
		v = param_value(t, p);
		v.param = p;
		return v;
	}
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

const struct cres *cfn_find_res(struct tpl *t, const char *id)
{
	return strmap_get(&t->res_by_id, id);
}

const struct node *cfn_props_of(const struct cres *r)
{
	return node_get(r->body, "Properties");
}

/* Does the resource exist in the current combination? Unknown counts as yes. */
bool cfn_res_exists(struct tpl *t, const struct cres *r, unsigned depth)
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
	const struct node *vid = node_get(cfn_props_of(r), "VpcId");
	struct cval v;

	if (!vid)
		return NULL;
	v = cfn_eval(t, vid, r->env, depth + 1);
	return v.kind == CV_RESREF && !v.stack ? v.s : NULL;
}

long long cfn_cval_int(const struct cval *v, bool *ok)
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

		if (!str_eq(r->type, "AWS::EC2::VPCCidrBlock") || !(pr = cfn_props_of(r)))
			continue;
		if (!node_get(pr, "AmazonProvidedIpv6CidrBlock") && !node_get(pr, "Ipv6CidrBlock") &&
		    !node_get(pr, "Ipv6IpamPoolId") && !node_get(pr, "Ipv6Pool"))
			continue;
		if (!(target = vpcid_target(t, r, depth)) || strcmp(target, vpc) != 0 ||
		    !cfn_res_exists(t, r, depth))
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
		const struct node *pr = cfn_props_of(found[i]);
		const struct node *c6 = node_get(pr, "Ipv6CidrBlock");
		struct cval amz = node_get(pr, "AmazonProvidedIpv6CidrBlock")
					  ? cfn_eval(t, node_get(pr, "AmazonProvidedIpv6CidrBlock"), found[i]->env, depth + 1)
					  : cv_novalue();
		if (c6 && !(amz.kind == CV_STR && str_ieq(amz.s, "true"))) {
			list.items[i] = cfn_eval(t, c6, found[i]->env, depth + 1);
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
			struct cval mv = m ? cfn_eval(t, m, found[i]->env, depth + 1) : cv_novalue();
			bool ok;
			long long len = cfn_cval_int(&mv, &ok);
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
	const struct cres *r = cfn_find_res(t, res);
	struct cval v = {.kind = CV_NOVALUE};

	if (!r)
		return cv_error(t, res, arena_printf(&t->a, "Fn::GetAtt of '%s', which is not a resource of the template", res));
	if (is_custom(r->type))
		return cv_unknown(arena_printf(&t->a, "custom resource '%s' computes %s at deploy time", res, attr));
	if (str_eq(r->type, "AWS::CloudFormation::Stack") && str_startswith(attr, "Outputs.") &&
	    links_of(t) && links_of(t)->output) {
		struct cfn_xval x;
		if (links_of(t)->output(links_of(t)->ctx, res, attr + 8, &x))
			return from_xval(t, &x);
	}
	if (str_eq(r->type, "AWS::EC2::VPC")) {
		if (strcmp(attr, "VpcId") == 0) {
			v.kind = CV_RESREF;
			v.s = r->id;
			return v;
		}
		if (strcmp(attr, "CidrBlock") == 0) {
			const struct node *pr = cfn_props_of(r), *c = node_get(pr, "CidrBlock");
			struct symblock *sym;
			v = c ? cfn_eval(t, c, r->env, depth + 1) : cv_novalue();
			if (v.kind == CV_STR || v.kind == CV_ERROR)
				return v;
			sym = arena_alloc(&t->a, sizeof(*sym));
			sym->name = arena_printf(&t->a, "%s.CidrBlock", res);
			sym->family = 4;
			sym->len = -1;
			if (v.kind == CV_NOVALUE) {
				const struct node *m = node_get(pr, "Ipv4NetmaskLength");
				struct cval mv = m ? cfn_eval(t, m, r->env, depth + 1) : cv_novalue();
				bool ok;
				long long len = cfn_cval_int(&mv, &ok);
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
		v[i] = cfn_eval(t, arg->items[i], env, depth + 1);
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
	count = cfn_cval_int(&cnt, &ok1);
	nbits = cfn_cval_int(&bits, &ok2);
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
		return cv_error(t, "Fn::Cidr", arena_printf(&t->a, "the ipBlock of Fn::Cidr is %s, not a CIDR", cfn_kind_text(&blk)));
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
				v = cfn_eval(t, vn, env, depth + 1);
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
					       : cv_error(t, "Fn::Sub", arena_printf(&t->a, "${%s} is %s, not a string", name, cfn_kind_text(&v)));
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
	i = cfn_cval_int(&idx, &ok);
	if (!ok || i < 0)
		return cv_error(t, "Fn::Select", "the index of Fn::Select must be a whole number");
	if (list.kind == CV_UNKNOWN || list.kind == CV_ERROR)
		return list;
	if (list.kind != CV_LIST)
		return cv_error(t, "Fn::Select", arena_printf(&t->a, "Fn::Select from %s, not a list", cfn_kind_text(&list)));
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
	return cv_error(t, "Fn::Split", arena_printf(&t->a, "Fn::Split of %s, not a string", cfn_kind_text(&s)));
}

static struct cval eval_findinmap(struct tpl *t, const struct node *arg, const struct env *env,
				  unsigned depth)
{
	struct cval k[3];
	const struct node *m;

	if (!arg || arg->kind != NODE_SEQ || (arg->n != 3 && arg->n != 4))
		return cv_error(t, "Fn::FindInMap", "Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]");
	for (int i = 0; i < 3; i++) {
		k[i] = cfn_eval(t, arg->items[i], env, depth + 1);
		if (k[i].kind == CV_UNKNOWN || k[i].kind == CV_ERROR)
			return k[i];
		if (k[i].kind != CV_STR)
			return cv_error(t, "Fn::FindInMap", "the keys of Fn::FindInMap must be strings");
	}
	m = node_get(node_get(node_get(t->mappings, k[0].s), k[1].s), k[2].s);
	if (!m) {
		if (arg->n == 4 && node_get(arg->items[3], "DefaultValue"))
			return cfn_eval(t, node_get(arg->items[3], "DefaultValue"), env, depth + 1);
		return cv_error(t, "Fn::FindInMap", arena_printf(&t->a,
			"mapping '%s' has no entry [%s][%s]", k[0].s, k[1].s, k[2].s));
	}
	return cfn_eval(t, m, env, depth + 1);
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
	struct cval v = cfn_eval(t, arg->items[c ? 1 : 2], env, depth + 1);
	if (!v.at)
		v.at = arg->items[c ? 1 : 2];
	return v;
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
			struct cval a = cfn_eval(t, arg->items[1], env, depth + 1);
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
		struct cval n = cfn_eval(t, arg, env, depth + 1);
		const struct cfn_links *l = links_of(t);
		struct cfn_xval x;
		if (n.kind == CV_STR && l && l->import && l->import(l->ctx, n.s, &x))
			return from_xval(t, &x);
		if (n.kind == CV_STR && l && l->in_set)
			return cv_unknown(arena_printf(&t->a, "Fn::ImportValue '%s': no template of this run exports it", n.s));
		return cv_unknown(n.kind == CV_STR
					  ? arena_printf(&t->a, "Fn::ImportValue '%s': exports of other stacks are not known before deployment", n.s)
					  : "Fn::ImportValue: exports of other stacks are not known before deployment");
	}
	if (strcmp(fn, "Fn::GetAZs") == 0)
		return cv_unknown("Fn::GetAZs: the availability zones of an account are known only at deploy time");
	if (strcmp(fn, "Fn::Transform") == 0)
		return cv_unknown("Fn::Transform: a macro computes this value at deploy time");
	if (strcmp(fn, "Fn::Length") == 0) {
		struct cval l = cfn_eval(t, arg, env, depth + 1);
		if (l.kind == CV_LIST)
			return cv_str(arena_printf(&t->a, "%zu", l.n));
		return l.kind == CV_UNKNOWN ? l : cv_error(t, "Fn::Length", "Fn::Length takes a list");
	}
	if (strcmp(fn, "Condition") == 0 || strcmp(fn, "Fn::Equals") == 0 ||
	    strcmp(fn, "Fn::And") == 0 || strcmp(fn, "Fn::Or") == 0 || strcmp(fn, "Fn::Not") == 0)
		return cv_error(t, fn, arena_printf(&t->a, "%s is a condition, not a value", fn));
	return cv_unknown(arena_printf(&t->a, "%s is not evaluated before deployment", fn));
}

static struct cval eval_node(struct tpl *t, const struct node *n, const struct env *env,
			     unsigned depth);

/*
 * A string holding a dynamic reference ({{resolve:ssm:...}},
 * {{resolve:secretsmanager:...}}, ...) is resolved by CloudFormation at
 * deploy time, wherever in the string it stands: unknown, not text.
 */
static struct cval dynamic_reference(struct tpl *t, struct cval v)
{
	const char *ref, *end;

	if (v.kind != CV_STR || !(ref = strstr(v.s, "{{resolve:")))
		return v;
	end = strstr(ref, "}}");
	size_t len = end ? (size_t)(end + 2 - ref) : strlen(ref);
	return cv_unknown(arena_printf(&t->a,
				       "dynamic reference '%.*s%s' is resolved at deploy time",
				       (int)(len > 120 ? 120 : len), ref, len > 120 ? "..." : ""));
}

struct cval cfn_eval(struct tpl *t, const struct node *n, const struct env *env,
		     unsigned depth)
{
	return dynamic_reference(t, eval_node(t, n, env, depth));
}

static struct cval eval_node(struct tpl *t, const struct node *n, const struct env *env,
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
			struct cval it = cfn_eval(t, n->items[i], env, depth + 1);
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
		/* a parameter in its "any other value" scenario equals none of
		 * the texts it is compared with */
		for (int i = 0; i < 2; i++) {
			const struct cparam *p = ref_param(t, arg->items[i]);
			if (p && p->other && p->enum_pos >= 0 && t->cur >= 0 && !param_text(t, p) &&
			    node_text(arg->items[1 - i]))
				return 0;
		}
		struct cval a = cfn_eval(t, arg->items[0], NULL, depth + 1);
		struct cval b = cfn_eval(t, arg->items[1], NULL, depth + 1);
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

/* --- circular conditions ---------------------------------------------- */

struct cond_edge {
	size_t to;
	const struct node *at; /* the Condition reference */
};

struct cond_graph {
	struct cond_edge *e;
	size_t n, cap;
	size_t *first; /* [nconds + 1]: edges of condition i are first[i] .. first[i+1] */
};

/* The Condition references of condition body n, in document order. */
static void cond_refs(struct tpl *t, const struct node *n, struct cond_graph *g, unsigned depth)
{
	struct call c;

	if (!n || depth > 2 * DOC_MAX_DEPTH)
		return;
	if (as_call(t, n, &c) && strcmp(c.name, "Condition") == 0) {
		const struct node *arg = c.arg && c.arg->tag ? untag(t, c.arg) : c.arg;
		void *slot = node_text(arg) ? strmap_get(&t->cond_index, node_text(arg)) : NULL;
		if (slot) {
			struct cond_edge *e = VEC_PUSH(g->e, g->n, g->cap);
			e->to = (size_t)(uintptr_t)slot - 1;
			e->at = c.arg;
		}
		return;
	}
	if (n->kind == NODE_SCALAR)
		return;
	for (size_t i = 0; i < (n->kind == NODE_MAP ? 2 * n->n : n->n); i++)
		cond_refs(t, n->items[i], g, depth + 1);
}

/*
 * CloudFormation refuses a template whose Conditions refer to each other
 * in a cycle ("Circular dependency"); say so at the reference that closes
 * it, with the cycle, instead of taking the conditions as unknown.  An
 * iterative depth-first search: a chain of conditions may be long.
 */
static void check_condition_cycles(struct tpl *t)
{
	struct cond_graph g = {0};
	unsigned char *color;   /* 0 new, 1 on the path, 2 done */
	size_t *path, *next;    /* the path, and each entry's next edge */

	if (!t->nconds)
		return;
	g.first = xcalloc(t->nconds + 1, sizeof(*g.first));
	for (size_t i = 0; i < t->nconds; i++) {
		g.first[i] = g.n;
		cond_refs(t, node_val(t->conditions, i), &g, 0);
	}
	g.first[t->nconds] = g.n;
	color = xcalloc(t->nconds, 1);
	path = xcalloc(t->nconds, sizeof(*path));
	next = xcalloc(t->nconds, sizeof(*next));
	for (size_t root = 0; root < t->nconds && !t->failed; root++) {
		size_t depth = 0;
		if (color[root])
			continue;
		path[depth] = root;
		next[depth++] = g.first[root];
		color[root] = 1;
		while (depth && !t->failed) {
			size_t c = path[depth - 1];
			if (next[depth - 1] == g.first[c + 1]) {
				color[c] = 2;
				depth--;
				continue;
			}
			const struct cond_edge *e = &g.e[next[depth - 1]++];
			if (color[e->to] == 0) {
				color[e->to] = 1;
				path[depth] = e->to;
				next[depth++] = g.first[e->to];
			} else if (color[e->to] == 1) {
				struct sbuf sb;
				size_t from = depth - 1;
				while (path[from] != e->to)
					from--;
				sbuf_init(&sb, 4096);
				for (size_t k = from; k < depth; k++)
					sbuf_addf_cut(&sb, "%s -> ", node_key(t->conditions, path[k])->str);
				sbuf_addf_cut(&sb, "%s", node_key(t->conditions, e->to)->str);
				errlist_add(t->errs, t->file, e->at->start.line, e->at->start.col,
					    "condition '%s' depends on itself: %s; CloudFormation refuses a circular condition",
					    node_key(t->conditions, e->to)->str, sb.buf);
				sbuf_release(&sb);
				t->failed = 1;
			}
		}
	}
	free(next);
	free(path);
	free(color);
	free(g.first);
	free(g.e);
}

void cfn_set_combination(struct tpl *t, long cur)
{
	t->cur = cur;
	for (size_t i = 0; i < t->nconds; i++)
		t->cond_memo[i] = -2;
}

struct loc cfn_node_loc(struct tpl *t, const struct node *n)
{
	struct loc l = {.src = loc_src(&t->f->srcs, t->file, NULL), .line = n->start.line,
			 .col = n->start.col, .end_line = n->end.line, .end_col = n->end.col};
	return l;
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
	coll = cfn_eval(t, spec->items[1], env, 0);
	if (coll.kind != CV_LIST) {
		struct loc l = {.src = loc_src(&t->f->srcs, t->file, NULL), .line = key->start.line,
				 .col = key->start.col};
		facts_add_note(t->f, NOTE_UNRESOLVED, l, key->str,
			       "the collection of '%s' is not known before deployment (%s): the resources it creates were not checked",
			       key->str, coll.kind == CV_UNKNOWN || coll.kind == CV_ERROR ? coll.why : cfn_kind_text(&coll));
		return;
	}
	out = spec->items[2];
	for (size_t i = 0; i < coll.n && !t->over_resources; i++) {
		struct env *e;
		if (coll.items[i].kind != CV_STR)
			continue;
		e = arena_alloc(&t->keep, sizeof(*e));
		e->name = ident;
		e->value = arena_strdup(&t->keep, coll.items[i].s);
		e->next = env;
		for (size_t j = 0; j < out->n && !t->over_resources; j++) {
			const struct node *k = node_key(out, j);
			if (!k->str)
				continue;
			if (str_startswith(k->str, "Fn::ForEach::")) {
				expand_foreach(t, k, node_val(out, j), e, depth + 1);
			} else if (t->nres >= CFN_MAX_RESOURCES) {
				errlist_add(t->errs, t->file, k->start.line, k->start.col,
					    "Fn::ForEach makes more than %u resources (CloudFormation allows 500 in a template); stopped",
					    CFN_MAX_RESOURCES);
				t->over_resources = true;
				t->failed = 1;
			} else {
				add_resource(t, subst_key(t, k->str, e), k, node_val(out, j), e);
			}
		}
	}
}

static void read_parameters(struct tpl *t)
{
	const struct node *ps = node_get(t->root, "Parameters");

	strmap_init(&t->params_by_name);
	/* two more for the pseudo parameters that may become scenarios */
	t->params = arena_alloc(&t->keep, ((ps && ps->kind == NODE_MAP ? ps->n : 0) + 3) *
					  sizeof(*t->params));
	if (!ps || ps->kind != NODE_MAP)
		return;
	for (size_t i = 0; i < ps->n; i++) {
		struct cparam *p = &t->params[t->nparams];
		const struct node *body = node_val(ps, i);
		const char *name = node_text(node_key(ps, i));

		if (!name || body->kind != NODE_MAP)
			continue;
		memset(p, 0, sizeof(*p));
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
		for (size_t j = 0; p->allowed && j < p->allowed->n; j++)
			*VEC_PUSH(p->dom, p->ndom, p->capdom) = node_text(p->allowed->items[j]);
		for (size_t j = 0; t->opt && j < t->opt->nparams; j++)
			if (strcmp(t->opt->params[j].key, name) == 0) {
				p->override = t->opt->params[j].value;
				p->override_from = &t->opt->params[j];
			}
		if (links_of(t) && links_of(t)->param) {
			struct cfn_xval *x = arena_alloc(&t->keep, sizeof(*x));
			if (links_of(t)->param(links_of(t)->ctx, name, x)) {
				if (x->kind == CV_STR)
					p->override = x->s; /* as --parameter gives one */
				else
					p->bound = x;
			}
		}
		strmap_put(&t->params_by_name, name, p);
		t->nparams++;
	}
}

/* --- what scenarios range over --------------------------------------- */

/* The parameter (or pseudo parameter) a Ref names, or NULL. */
static struct cparam *ref_param(struct tpl *t, const struct node *n)
{
	struct call c;
	const char *name;

	if (!n || !as_call(t, n, &c) || strcmp(c.name, "Ref") != 0)
		return NULL;
	name = c.arg && c.arg->kind == NODE_SCALAR ? c.arg->str : NULL;
	if (!name)
		return NULL;
	if (strcmp(name, "AWS::Region") == 0)
		return t->pseudo_region;
	if (strcmp(name, "AWS::AccountId") == 0)
		return t->pseudo_account;
	return strmap_get(&t->params_by_name, name);
}

/* A parameter that has no value at all: scenarios may give it one. */
static bool is_free(const struct cparam *p)
{
	return !p->override && !p->def && !p->allowed;
}

/*
 * The texts conditions compare a parameter without value with
 * (Fn::Equals [!Ref Env, prod]) become its scenarios, with "any other
 * value" as one more: a condition on it is then true in some and false in
 * others, so IsProd and !Not [IsProd] never hold together.
 */
static void collect_compared(struct tpl *t, const struct node *n, unsigned depth)
{
	struct call c;

	if (!n || depth > 2 * DOC_MAX_DEPTH || n->kind == NODE_SCALAR)
		return;
	if (as_call(t, n, &c) && strcmp(c.name, "Fn::Equals") == 0) {
		const struct node *arg = c.arg && c.arg->tag ? untag(t, c.arg) : c.arg;
		for (int i = 0; arg && arg->kind == NODE_SEQ && arg->n == 2 && i < 2; i++) {
			struct cparam *p = ref_param(t, arg->items[i]);
			const char *lit = node_text(arg->items[1 - i]);
			bool seen = false;
			if (!p || !lit || !is_free(p))
				continue;
			for (size_t j = 0; j < p->ndom && !seen; j++)
				seen = strcmp(p->dom[j], lit) == 0;
			if (!seen)
				*VEC_PUSH(p->dom, p->ndom, p->capdom) = lit;
			p->other = true;
		}
	}
	for (size_t i = 0; i < (n->kind == NODE_MAP ? 2 * n->n : n->n); i++)
		collect_compared(t, n->items[i], depth + 1);
}

static void mark_condition(struct tpl *t, const char *name, struct strmap *seen);

/* Mark the parameters n refers to, through the conditions it uses. */
static void mark_relevant(struct tpl *t, const struct node *n, struct strmap *seen,
			  unsigned depth)
{
	struct call c;

	if (!n || depth > 2 * DOC_MAX_DEPTH)
		return;
	if (as_call(t, n, &c)) {
		const struct node *arg = c.arg && c.arg->tag ? untag(t, c.arg) : c.arg;
		struct cparam *p = ref_param(t, n);
		if (p)
			p->relevant = true;
		if (strcmp(c.name, "Condition") == 0 && node_text(arg))
			mark_condition(t, node_text(arg), seen);
		if (strcmp(c.name, "Fn::If") == 0 && arg && arg->kind == NODE_SEQ && arg->n &&
		    node_text(arg->items[0]))
			mark_condition(t, node_text(arg->items[0]), seen);
		if (strcmp(c.name, "Fn::Sub") == 0) {
			const struct node *str = arg && arg->kind == NODE_SEQ && arg->n ? arg->items[0] : arg;
			for (const char *q = node_text(str); q && (q = strstr(q, "${")); q += 2) {
				const char *end = strchr(q, '}');
				struct cparam *sp;
				if (!end)
					break;
				char *name = arena_strndup(&t->a, q + 2, (size_t)(end - q - 2));
				sp = strcmp(name, "AWS::Region") == 0      ? t->pseudo_region
				     : strcmp(name, "AWS::AccountId") == 0 ? t->pseudo_account
								       : strmap_get(&t->params_by_name, name);
				if (sp)
					sp->relevant = true;
			}
		}
	}
	if (n->kind == NODE_SCALAR)
		return;
	for (size_t i = 0; i < (n->kind == NODE_MAP ? 2 * n->n : n->n); i++)
		mark_relevant(t, n->items[i], seen, depth + 1);
}

static void mark_condition(struct tpl *t, const char *name, struct strmap *seen)
{
	void *slot = strmap_get(&t->cond_index, name);

	if (!slot || strmap_get(seen, name))
		return;
	strmap_put(seen, name, (void *)1);
	mark_relevant(t, node_val(t->conditions, (size_t)(uintptr_t)slot - 1), seen, 0);
}

static bool is_network_type(const char *type)
{
	return str_eq(type, "AWS::EC2::VPC") || str_eq(type, "AWS::EC2::VPCCidrBlock") ||
	       str_eq(type, "AWS::EC2::Subnet") || str_eq(type, "AWS::EC2::SubnetCidrBlock");
}

/*
 * Only parameters that reach a VPC, an association or a subnet (its
 * properties, its Condition, the conditions those use) make scenarios: a
 * parameter with AllowedValues that picks an instance type does not
 * multiply the combinations.
 */
static void plan_domains(struct tpl *t)
{
	struct strmap seen;
	const char *pseudo_names[2] = {"AWS::Region", "AWS::AccountId"};
	struct cparam **pseudo_slots[2] = {&t->pseudo_region, &t->pseudo_account};
	const char *given[2] = {t->opt ? t->opt->region : NULL, t->opt ? t->opt->account : NULL};

	for (int i = 0; i < 2; i++) {
		if (given[i])
			continue;
		struct cparam *p = &t->params[t->nparams++];
		memset(p, 0, sizeof(*p));
		p->name = pseudo_names[i];
		p->enum_pos = -1;
		*pseudo_slots[i] = p;
	}
	for (size_t i = 0; t->conditions && t->conditions->kind == NODE_MAP && i < t->nconds; i++)
		collect_compared(t, node_val(t->conditions, i), 0);
	strmap_init(&seen);
	for (size_t i = 0; i < t->nres; i++) {
		const struct cres *r = &t->res[i];
		if (!is_network_type(r->type))
			continue;
		mark_relevant(t, cfn_props_of(r), &seen, 0);
		if (node_text(node_get(r->body, "Condition")))
			mark_condition(t, node_text(node_get(r->body, "Condition")), &seen);
	}
	strmap_release(&seen);
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
	plan_domains(t);
	for (size_t i = 0; i < t->nparams; i++) {
		struct cparam *p = &t->params[i];
		if (p->override || p->bound || !p->relevant || cparam_domain(p) < 2)
			continue;
		if (p->type && strncmp(p->type, "AWS::SSM::", 10) == 0)
			continue;
		total *= cparam_domain(p);
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
		struct loc l = {.src = loc_src(&t->f->srcs, t->file, NULL), .line = ps->start.line,
				 .col = ps->start.col};
		facts_add_note(t->f, NOTE_UNRESOLVED, l, "Parameters",
			       "the parameters that reach a VPC, an association or a subnet make %llu%s combinations, more than the cap of %u: only the defaults were evaluated; pass --parameter KEY=VALUE to check other values",
			       total, total == (1ULL << 40) ? " or more" : "", cap);
		t->nenum = 0;
		return;
	}
	for (size_t i = 0; i < t->nenum; i++)
		t->params[t->enum_params[i]].enum_pos = (int)i;
	t->nscen = (size_t)total;
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
		struct loc l = cfn_node_loc(t, items[i]);
		facts_add_note(t->f, NOTE_UNRESOLVED, l, "Transform",
			       "the template uses macro '%s', which rewrites it at deploy time: what deploys may differ from what was checked",
			       name ? name : "?");
	}
}

void cfn_tpl_open(struct tpl *t, const struct doc *d, const struct cfn_options *opt,
		  struct facts *f, struct errlist *errs)
{
	const struct node *res;

	memset(t, 0, sizeof(*t));
	t->d = d;
	t->file = f->file; /* the facts' copy outlives the document */
	t->opt = opt;
	t->errs = errs;
	t->root = d->root;
	t->max_steps = opt && opt->max_steps ? opt->max_steps : CFN_MAX_STEPS;
	arena_init(&t->a);
	arena_init(&t->keep);
	strmap_init(&t->res_by_id);
	strmap_init(&t->cond_index);
	t->f = f;
	t->mappings = node_get(t->root, "Mappings");
	t->conditions = node_get(t->root, "Conditions");
	if (t->conditions && t->conditions->kind == NODE_MAP) {
		t->nconds = t->conditions->n;
		for (size_t i = 0; i < t->nconds; i++)
			if (node_text(node_key(t->conditions, i)))
				strmap_put(&t->cond_index, node_text(node_key(t->conditions, i)),
					   (void *)(uintptr_t)(i + 1));
	}
	t->cond_memo = arena_alloc(&t->keep, t->nconds + 1);
	check_condition_cycles(t);
	cfn_set_combination(t, -1);
	read_parameters(t);
	note_transforms(t);

	res = node_get(t->root, "Resources");
	for (size_t i = 0; res && res->kind == NODE_MAP && i < res->n; i++) {
		const struct node *k = node_key(res, i), *body = node_val(res, i);
		if (!node_text(k))
			continue;
		if (str_startswith(k->str, "Fn::ForEach::"))
			continue; /* expanded below, once parameters are known */
		if (body->kind != NODE_MAP) {
			errlist_add(t->errs, t->file, body->start.line, body->start.col,
				    "resource '%s' must be a mapping, not %s", k->str, node_kind_name(body));
			t->failed = 1;
			continue;
		}
		add_resource(t, k->str, k, body, NULL);
	}
	/* index first, so that ForEach collections can refer to resources */
	for (size_t i = 0; i < t->nres; i++)
		strmap_put(&t->res_by_id, t->res[i].id, &t->res[i]);
	for (size_t i = 0; res && res->kind == NODE_MAP && i < res->n; i++) {
		const struct node *k = node_key(res, i);
		if (node_text(k) && str_startswith(k->str, "Fn::ForEach::")) {
			size_t before = t->nres;
			expand_foreach(t, k, node_val(res, i), NULL, 0);
			(void)before;
		}
	}
	/* the vector may have moved: index again */
	strmap_release(&t->res_by_id);
	strmap_init(&t->res_by_id);
	for (size_t i = 0; i < t->nres; i++)
		strmap_put(&t->res_by_id, t->res[i].id, &t->res[i]);

	plan_combinations(t);
}

void cfn_tpl_close(struct tpl *t)
{
	for (size_t i = 0; i < t->nparams; i++)
		free(t->params[i].dom);
	strmap_release(&t->res_by_id);
	strmap_release(&t->params_by_name);
	strmap_release(&t->cond_index);
	free(t->res);
	arena_release(&t->a);
	arena_release(&t->keep);
}
