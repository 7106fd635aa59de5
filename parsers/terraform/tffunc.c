/*
 * tffunc.c: Terraform's built-in functions, one table like jq's (name,
 * arguments, flags, implementation), each as Terraform documents it
 * (developer.hashicorp.com/terraform/language/functions/NAME) and as
 * `terraform console` 1.11 answers where the documentation is silent.
 *
 * tf_call() checks the number of arguments, refuses nulls and returns an
 * unknown for an unknown argument unless the function says it handles
 * them (F_NULL, F_UNKNOWN), then calls the implementation.  Results and
 * errors are allocated from the evaluator's arena.
 *
 * Where this departs from Terraform, on purpose or for want of it:
 *  - numbers are doubles (tfval.h): parseint and arithmetic are exact to
 *    2^53, format("%d") to 2^128;
 *  - regular expressions are PCRE2 in UTF mode with Go's $ (end of text
 *    only) and Go's rules for empty matches in replace and regexall.  RE2
 *    refuses backreferences and lookaround, PCRE2 accepts them; \s also
 *    matches \v here;
 *  - functions that read files, the environment or the clock give an
 *    unknown that names them; cidrlint reads only its inputs.
 */
#include "parsers/terraform/tfeval.h"
#include "parsers/terraform/tftext.h"
#include "parsers/terraform/hcl_lex.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fctx {
	struct tf_eval *ev;
	struct arena *a;
	const struct builtin *fn;
	const struct tfval *args;
	size_t n;
	const struct hcl_range *at;
	struct loc loc;
};

typedef struct tfval (*tf_fn)(struct fctx *c);

enum {
	F_NULL = 1 << 0,     /* arguments may be null */
	F_UNKNOWN = 1 << 1,  /* the implementation handles unknown arguments */
	F_OUTSIDE = 1 << 2,  /* reads files, the environment or the clock: unknown */
};

struct builtin {
	const char *name;
	int min, max;        /* max -1: any number */
	unsigned flags;
	tf_fn fn;
	const char *params;  /* names for messages, ','-separated; the last repeats */
};

/* --- helpers ----------------------------------------------------------- */

static const char *param_name(struct fctx *c, size_t i, char *buf, size_t size)
{
	const char *p = c->fn->params ? c->fn->params : "value", *q;

	for (; i > 0 && (q = strchr(p, ',')); i--)
		p = q + 1;
	q = strchr(p, ',');
	snprintf(buf, size, "%.*s", q ? (int)(q - p) : (int)strlen(p), p);
	return buf;
}

static struct tfval arg_error(struct fctx *c, size_t i, const char *fmt, ...) PRINTF_LIKE(3, 4);
static struct tfval call_error(struct fctx *c, const char *fmt, ...) PRINTF_LIKE(2, 3);

static struct tfval arg_error(struct fctx *c, size_t i, const char *fmt, ...)
{
	char name[64];
	const char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	return tfv_error(c->a, c->loc, "invalid value for \"%s\" parameter of %s(): %s",
			 param_name(c, i, name, sizeof(name)), c->fn->name, msg);
}

static struct tfval call_error(struct fctx *c, const char *fmt, ...)
{
	const char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	return tfv_error(c->a, c->loc, "call to function \"%s\" failed: %s", c->fn->name, msg);
}

static struct tfval unknown_of(const struct tfval *u)
{
	struct tfval v = {.kind = TFV_UNKNOWN};

	v.unk.why = u->unk.why;
	return v;
}

/* n unknown elements, each with u's reason: a collection whose length is
 * known though its elements are not. */
static struct tfval unknown_items(struct fctx *c, const struct tfval *u, size_t n)
{
	struct tfval *items = arena_alloc(c->a, (n + 1) * sizeof(*items));

	for (size_t i = 0; i < n; i++)
		items[i] = unknown_of(u);
	return tfv_list(c->a, items, n, true);
}

static bool is_seq(const struct tfval *v)
{
	return v->kind == TFV_LIST || v->kind == TFV_SET;
}

/* Argument i as a string; false with *err set when it is not one. */
static bool get_str(struct fctx *c, size_t i, struct tfval *out, struct tfval *err)
{
	if (c->args[i].kind == TFV_NULL) {
		*err = arg_error(c, i, "argument must not be null");
		return false;
	}
	*out = tfv_to_string(c->a, &c->args[i], c->loc);
	if (out->kind == TFV_STRING)
		return true;
	*err = out->kind == TFV_UNKNOWN ? unknown_of(out) : arg_error(c, i, "string required, but have %s",
								     tfv_type_name(&c->args[i]));
	return false;
}

static bool get_num(struct fctx *c, size_t i, double *out, struct tfval *err)
{
	struct tfval v;

	if (c->args[i].kind == TFV_NULL) {
		*err = arg_error(c, i, "argument must not be null");
		return false;
	}
	v = tfv_to_number(c->a, &c->args[i], c->loc);

	if (v.kind == TFV_NUMBER) {
		*out = v.num;
		return true;
	}
	if (v.kind == TFV_UNKNOWN)
		*err = unknown_of(&v);
	else if (c->args[i].kind == TFV_STRING)
		*err = arg_error(c, i, "%s", v.err.msg);
	else
		*err = arg_error(c, i, "number required, but have %s", tfv_type_name(&c->args[i]));
	return false;
}

#define WHOLE_NUMBER "value must be a whole number, between -9223372036854775808 and " \
		     "9223372036854775807"

/* A whole number that fits an int64, as Terraform's integer parameters. */
static bool get_int(struct fctx *c, size_t i, long long *out, struct tfval *err)
{
	double d;

	if (!get_num(c, i, &d, err))
		return false;
	if (d != floor(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0) {
		*err = call_error(c, WHOLE_NUMBER);
		return false;
	}
	*out = (long long)d;
	return true;
}

static const struct tft *list_of(struct fctx *c, const struct tft *elem)
{
	return tft_collection(c->a, TFT_LIST, elem);
}

/* Argument i converted to type want; false with *err (an argument error). */
static bool get_as(struct fctx *c, size_t i, const struct tft *want, struct tfval *out,
		   struct tfval *err)
{
	*out = tfv_convert(c->a, &c->args[i], want, c->loc);
	if (out->kind == TFV_ERROR) {
		*err = arg_error(c, i, "%s", out->err.msg);
		return false;
	}
	if (out->kind == TFV_UNKNOWN) {
		*err = unknown_of(out);
		return false;
	}
	return true;
}

static struct tfval str_result(struct fctx *c, const struct sbuf *sb)
{
	if (sb->toobig)
		return call_error(c, "the result is longer than %zu bytes", c->ev->lim.max_string);
	return tfv_string(c->a, sb->buf, sb->len);
}

static struct tfval too_many_items(struct fctx *c)
{
	return call_error(c, "the result has more than %zu elements", c->ev->lim.max_items);
}

/* The first unknown inside any of the collection's items, or NULL. */
static const struct tfval *unknown_item(const struct tfval *v)
{
	if (!is_seq(v) && v->kind != TFV_MAP)
		return tfv_first_unknown(v);
	for (size_t i = 0; i < v->coll.n; i++)
		if (v->coll.items[i].kind == TFV_UNKNOWN)
			return &v->coll.items[i];
	return NULL;
}

/* --- network ------------------------------------------------------------ */

/*
 * A CIDR as Terraform reads it (Go 1.16's net.ParseCIDR): leading zeros
 * in IPv4 octets and in the length are decimal, host bits are dropped,
 * and an IPv4-mapped IPv6 prefix (::ffff:a.b.c.d/104) is the IPv4 one.
 */
static void copy_decimal(char *buf, size_t *o, const char *s, size_t n)
{
	while (n > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		s++, n--;
	memcpy(buf + *o, s, n);
	*o += n;
}

static bool parse_tf_cidr(const char *text, size_t len, struct prefix *out, bool *was_v6_mapped)
{
	char buf[128];
	size_t o = 0, alen, dstart = 0;
	const char *slash = memchr(text, '/', len);
	bool hb;

	*was_v6_mapped = false;
	if (!slash || len >= sizeof(buf) || memchr(text, '\0', len))
		return false;
	alen = (size_t)(slash - text);
	for (size_t k = 0; k < alen; k++)
		if (text[k] == ':')
			dstart = k + 1;
	memcpy(buf, text, dstart);
	o = dstart;
	if (memchr(text + dstart, '.', alen - dstart)) {
		/* dotted decimal, alone or after the last ':' of an IPv6 address */
		for (size_t k = dstart; k <= alen;) {
			size_t f = k;
			while (f < alen && text[f] != '.')
				f++;
			copy_decimal(buf, &o, text + k, f - k);
			if (f < alen)
				buf[o++] = '.';
			k = f + 1;
		}
	} else {
		memcpy(buf + o, text + dstart, alen - dstart);
		o += alen - dstart;
	}
	buf[o++] = '/';
	copy_decimal(buf, &o, slash + 1, len - alen - 1);
	buf[o] = '\0';
	if (cidr_parse(buf, out, &hb, NULL))
		return false;
	if (out->family == 6 && out->len >= 96 && (out->addr >> 32) == 0xFFFF) {
		*out = cidr_make(4, out->addr & 0xFFFFFFFFu, out->len - 96u);
		*was_v6_mapped = true;
	}
	return true;
}

/* Argument 0 as a CIDR, or *err. */
static bool get_cidr(struct fctx *c, struct prefix *p, struct tfval *err)
{
	struct tfval s;
	bool mapped;

	if (!get_str(c, 0, &s, err))
		return false;
	if (!parse_tf_cidr(s.str.s, s.str.len, p, &mapped)) {
		*err = call_error(c, "invalid CIDR expression: invalid CIDR address: %s", s.str.s);
		return false;
	}
	return true;
}

/* p as Terraform prints a network: the address as it is, then the length */
static struct tfval cidr_text(struct fctx *c, const struct prefix *p)
{
	char buf[CIDR_STRLEN];

	return tfv_cstring(c->a, arena_printf(c->a, "%s/%u", cidr_format_addr(p, buf), p->len));
}

static const char *num_text(struct fctx *c, double d)
{
	char buf[TFV_NUMSTRLEN];

	return arena_strdup(c->a, tfv_number_text(d, buf));
}

/* The netnum-th block of newbits more bits inside p, as go-cidr computes
 * it, including Terraform's arithmetic for a negative netnum (its
 * two's-complement bits or'ed in, then the magnitude taken). */
static struct tfval subnet(struct fctx *c, const struct prefix *p, long long newbits, double netnum,
			   struct prefix *out)
{
	unsigned maxlen = cidr_maxlen(p->family);
	long long newlen = (long long)p->len + newbits;
	unsigned host;
	u128 num, addr;

	if (netnum != floor(netnum))
		return call_error(c, "value must be a whole number");
	/* a negative newbits makes a shorter prefix, as go-cidr does */
	if (newlen > (long long)maxlen || newlen < 0)
		return call_error(c, "insufficient address space to extend prefix of %u by %lld",
				  p->len, newbits);
	host = maxlen - (unsigned)newlen;
	/* go-cidr's bound is 2^newbits - 1 in a uint64: none at all for a
	 * negative newbits (the shift overflows), 2^64 - 1 from 64 bits on */
	if ((newbits >= 0 && newbits < 64 && fabs(netnum) >= ldexp(1.0, (int)newbits)) ||
	    fabs(netnum) >= ldexp(1.0, 64))
		return call_error(c, "prefix extension of %lld does not accommodate a subnet "
				  "numbered %s", newbits, num_text(c, netnum));
	num = (u128)fabs(netnum);
	if (netnum >= 0) {
		addr = p->addr | (host < 128 ? num << host : 0);
	} else {
		u128 neg = (u128)0 - (host < 128 ? num << host : 0);
		addr = (u128)0 - (neg | p->addr);
		if (p->family == 4)
			addr &= 0xFFFFFFFFu;
	}
	/* not cidr_make(): with a negative newbits Terraform keeps the bits
	 * past the new length ("10.1.0.0/15"), and so does the text here */
	out->family = p->family;
	out->addr = addr & (p->family == 4 ? (u128)0xFFFFFFFFu : ~(u128)0);
	out->len = (uint8_t)newlen;
	return tfv_null();
}

static struct tfval shaped(struct fctx *c, const struct tfv_cidr_shape *sh, struct prefix rel)
{
	char buf[CIDR_STRLEN];

	return tfv_cidr_unknown(c->a, sh->base, sh->base_len, rel,
				arena_printf(c->a, "a /%u block at %s inside %s, which is known only "
					     "after apply", rel.len, cidr_format(&rel, buf), sh->base));
}

static struct tfval fn_cidrsubnet(struct fctx *c)
{
	const struct tfval *pv = &c->args[0];
	struct prefix p, out;
	long long newbits;
	double netnum;
	struct tfval err, r;

	for (size_t i = 1; i < 3; i++)
		if (c->args[i].kind == TFV_UNKNOWN)
			return unknown_of(&c->args[i]);
	if (!get_int(c, 1, &newbits, &err) || !get_num(c, 2, &netnum, &err))
		return err;
	if (pv->kind == TFV_UNKNOWN) {
		if (!pv->unk.cidr || netnum < 0)
			return unknown_of(pv);
		r = subnet(c, &pv->unk.cidr->rel, newbits, netnum, &out);
		if (r.kind == TFV_ERROR)
			return r;
		return shaped(c, pv->unk.cidr, cidr_make(out.family, out.addr, out.len));
	}
	if (!get_cidr(c, &p, &err))
		return err;
	r = subnet(c, &p, newbits, netnum, &out);
	return r.kind == TFV_ERROR ? r : cidr_text(c, &out);
}

static struct tfval fn_cidrhost(struct fctx *c)
{
	struct prefix p, host;
	u128 hostnum;
	double num, size;
	struct tfval err;
	char buf[CIDR_STRLEN];
	unsigned bits;

	if (c->args[1].kind == TFV_UNKNOWN)
		return unknown_of(&c->args[1]);
	if (!get_num(c, 1, &num, &err))
		return err;
	if (num != floor(num))
		return call_error(c, "value must be a whole number");
	if (c->args[0].kind == TFV_UNKNOWN)
		return unknown_of(&c->args[0]);
	if (!get_cidr(c, &p, &err))
		return err;
	bits = cidr_maxlen(p.family) - p.len;
	size = ldexp(1.0, (int)bits);
	/* a negative hostnum counts from the end; exact in 128 bits */
	if (num < 0 ? -num > size : num >= size)
		return call_error(c, "prefix of %u does not accommodate a host numbered %s", p.len,
				  num_text(c, num < 0 ? num + size : num));
	if (num < 0)
		hostnum = (bits < 128 ? (u128)1 << bits : 0) - (u128)-num;
	else
		hostnum = (u128)num;
	host = p;
	host.addr = p.addr | hostnum;
	host.len = (uint8_t)cidr_maxlen(p.family);
	return tfv_cstring(c->a, cidr_format_addr(&host, buf));
}

static struct tfval fn_cidrnetmask(struct fctx *c)
{
	struct prefix p, m;
	struct tfval err, s;
	char buf[CIDR_STRLEN];

	if (!get_cidr(c, &p, &err))
		return err;
	if (p.family == 6) {
		get_str(c, 0, &s, &err);
		return call_error(c, "IPv6 addresses cannot have a netmask: %s", s.str.s);
	}
	m = cidr_make(4, ~cidr_hostmask(4, p.len) & 0xFFFFFFFFu, 32);
	return tfv_cstring(c->a, cidr_format_addr(&m, buf));
}

static struct tfval fn_cidrsubnets(struct fctx *c)
{
	const struct tfval *pv = &c->args[0];
	const struct tfv_cidr_shape *sh = NULL;
	struct prefix net, last = {0};
	struct tfval err, *items;
	unsigned maxlen, start;
	u128 width_mask, cur_last;
	size_t n = c->n - 1;

	for (size_t i = 1; i < c->n; i++)
		if (c->args[i].kind == TFV_UNKNOWN)
			return unknown_of(&c->args[i]);
	if (pv->kind == TFV_UNKNOWN) {
		/* a prefix known only after apply still makes one block per
		 * newbits argument: their number is known, their places not */
		if (!pv->unk.cidr)
			return unknown_items(c, pv, n);
		sh = pv->unk.cidr;
		net = sh->rel;
	} else if (!get_cidr(c, &net, &err)) {
		return err;
	}
	if (n == 0)
		return tfv_list(c->a, NULL, 0, false);
	maxlen = cidr_maxlen(net.family);
	start = net.len;
	width_mask = net.family == 4 ? (u128)0xFFFFFFFFu : ~(u128)0;
	/* go-cidr's PreviousSubnet: the block just before net; its last
	 * address is net's first minus one, modulo the address width */
	cur_last = (net.addr - 1) & width_mask;
	items = arena_alloc(c->a, n * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		long long bits;
		unsigned len;
		u128 first, next;
		struct prefix blk;
		if (!get_int(c, i + 1, &bits, &err))
			return err;
		if (bits < 1)
			return arg_error(c, i + 1, "must extend prefix by at least one bit");
		if (bits > 32)
			return arg_error(c, i + 1, "may not extend prefix by more than 32 bits");
		if (start + bits > maxlen)
			return arg_error(c, i + 1, "would extend prefix to %lld bits, which is too long "
					 "for an IPv%d address", start + bits, net.family);
		len = start + (unsigned)bits;
		/* go-cidr's NextSubnet: the block of this length holding the
		 * last address so far, then the one after it */
		first = cur_last & ~cidr_hostmask(net.family, len) & width_mask;
		next = (first + cidr_hostmask(net.family, len) + 1) & width_mask;
		blk = cidr_make(net.family, next, len);
		if ((!sh && next == 0) || !cidr_contains(&net, &blk)) {
			/* what go-cidr calls the current block: the one before net
			 * on the first step, then the last one made */
			struct prefix prev = i ? last : cidr_make(net.family, cur_last, len);
			char buf[CIDR_STRLEN];
			return arg_error(c, i + 1, "not enough remaining address space for a subnet with "
					 "a prefix of %u bits after %s", len, cidr_format(&prev, buf));
		}
		items[i] = sh ? shaped(c, sh, blk) : cidr_text(c, &blk);
		cur_last = cidr_last(&blk);
		last = blk;
	}
	return tfv_list(c->a, items, n, false);
}

/* --- format ----------------------------------------------------------- */

struct verb {
	bool zero, sharp, plus, minus, space;
	bool has_width, has_prec;
	int width, prec;
	char mode;
	size_t offset;
	const char *raw;
	size_t rawlen;
};

static void pad(struct sbuf *sb, const struct verb *v, const char *s, size_t len)
{
	size_t have = tftext_graphemes(s, len);
	size_t want = v->has_width && v->width > 0 ? (size_t)v->width : 0;

	if (have >= want) {
		sbuf_add(sb, s, len);
		return;
	}
	if (v->minus) {
		sbuf_add(sb, s, len);
		sbuf_addrep(sb, ' ', want - have);
		return;
	}
	sbuf_addrep(sb, v->zero ? '0' : ' ', want - have);
	sbuf_add(sb, s, len);
}

static int json_add(struct sbuf *sb, const struct tfval *v);

/* Go's shortest %g of m >= 0 (big.Float's Text('g', -1)): the shortest
 * digits, exponent form below 1e-4 and from 1e6 on. */
static void shortest_g(struct sbuf *sb, double m, bool upper)
{
	char digits[TFV_DIGITS], buf[TFV_NUMSTRLEN];
	size_t nd;
	int exp;

	if (m == 0 || isinf(m)) {
		sbuf_adds(sb, m == 0 ? tfv_number_text(m, buf) : "Inf");
		return;
	}
	nd = tfv_number_digits(m, digits, &exp);
	if (exp < -4 || exp >= 6) {
		sbuf_addch(sb, digits[0]);
		if (nd > 1) {
			sbuf_addch(sb, '.');
			sbuf_add(sb, digits + 1, nd - 1);
		}
		sbuf_addf(sb, "%c%c%02d", upper ? 'E' : 'e', exp < 0 ? '-' : '+', abs(exp));
		return;
	}
	sbuf_adds(sb, tfv_number_text(m, buf));
}

/* A number field as Go's fmt pads it: the sign, the prefix (0x), zeros
 * after them with the 0 flag, spaces otherwise, on the right with -. */
static void pad_number(struct sbuf *sb, const struct verb *v, char sign, const char *prefix,
		       const char *body, size_t blen, bool zero_ok)
{
	size_t len = (sign != 0) + strlen(prefix) + blen;
	size_t width = v->has_width ? (size_t)v->width : 0;
	size_t fill = width > len ? width - len : 0;
	bool zeros = v->zero && zero_ok && !v->minus;

	if (!v->minus && !zeros)
		sbuf_addrep(sb, ' ', fill);
	if (sign)
		sbuf_addch(sb, sign);
	sbuf_adds(sb, prefix);
	if (zeros)
		sbuf_addrep(sb, '0', fill);
	sbuf_add(sb, body, blen);
	if (v->minus)
		sbuf_addrep(sb, ' ', fill);
}

/* A number for %e %E %f %g %G as Go's big.Float formats it. */
static void format_float(struct sbuf *sb, const struct verb *v, double d)
{
	char sign = signbit(d) ? '-' : v->plus ? '+' : v->space ? ' ' : 0;
	double m = fabs(d);
	struct sbuf body;
	int prec = v->has_prec ? v->prec : 6;

	sbuf_init(&body, 0);
	if (isinf(d)) {
		sign = d > 0 ? '+' : '-';
		sbuf_adds(&body, "Inf");
	} else if ((v->mode == 'g' || v->mode == 'G') && !v->has_prec) {
		shortest_g(&body, m, v->mode == 'G');
	} else {
		switch (v->mode) {
		case 'e': sbuf_addf(&body, "%.*e", prec, m); break;
		case 'E': sbuf_addf(&body, "%.*E", prec, m); break;
		case 'f': sbuf_addf(&body, "%.*f", prec, m); break;
		case 'g': sbuf_addf(&body, "%.*g", prec, m); break;
		default: sbuf_addf(&body, "%.*G", prec, m); break;
		}
	}
	pad_number(sb, v, sign, "", body.buf, body.len, !isinf(d));
	sbuf_release(&body);
}

/* An integer for %b %d %o %x %X as Go's big.Int formats it. */
static struct tfval format_int(struct fctx *c, struct sbuf *sb, const struct verb *v, double d)
{
	char digits[TFV_NUMSTRLEN]; /* 309 decimal digits at most, 128 binary */
	size_t nd = 0;
	unsigned base = v->mode == 'b' ? 2 : v->mode == 'o' ? 8 : v->mode == 'd' ? 10 : 16;
	const char *dig = v->mode == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	const char *prefix = "";
	double mag = fabs(d);
	struct sbuf body;

	if (d != floor(d) || isinf(d))
		return call_error(c, "unsupported value for \"%.*s\" at %zu: an integer is required",
				  (int)v->rawlen, v->raw, v->offset);
	if (base == 10) {
		snprintf(digits, sizeof(digits), "%.0f", mag);
		nd = strlen(digits);
	} else if (mag >= ldexp(1.0, 128)) {
		return call_error(c, "unsupported value for \"%.*s\" at %zu: the number is too large",
				  (int)v->rawlen, v->raw, v->offset);
	} else {
		u128 x = (u128)mag;
		do {
			digits[nd++] = dig[(unsigned)(x % base)];
			x /= base;
		} while (x);
		for (size_t i = 0; i < nd / 2; i++) {
			char t = digits[i];
			digits[i] = digits[nd - 1 - i];
			digits[nd - 1 - i] = t;
		}
	}
	if (v->sharp)
		prefix = base == 2 ? "0b" : base == 8 ? "0" : base == 16 ? (v->mode == 'X' ? "0X" : "0x") : "";
	if (v->has_prec && v->prec == 0 && mag == 0)
		nd = 0;
	sbuf_init(&body, 0);
	if (v->has_prec && (size_t)v->prec > nd)
		sbuf_addrep(&body, '0', (size_t)v->prec - nd);
	sbuf_add(&body, digits, nd);
	pad_number(sb, v, d < 0 ? '-' : v->plus ? '+' : v->space ? ' ' : 0, prefix, body.buf,
		   body.len, !v->has_prec);
	sbuf_release(&body);
	return tfv_null();
}

static struct tfval format_one(struct fctx *c, struct sbuf *sb, struct verb *v,
			       const struct tfval *arg)
{
	struct tfval s;

	if (v->mode != 'v' && arg->kind == TFV_NULL)
		return call_error(c, "unsupported value for \"%.*s\" at %zu: null value cannot be "
				  "formatted", (int)v->rawlen, v->raw, v->offset);
	switch (v->mode) {
	case 'v':
		if (!v->sharp && arg->kind == TFV_STRING) {
			pad(sb, v, arg->str.s, arg->str.len);
			return tfv_null();
		}
		if (!v->sharp && arg->kind == TFV_NUMBER) {
			struct sbuf t;
			sbuf_init(&t, 0);
			if (signbit(arg->num) || isinf(arg->num))
				sbuf_addch(&t, signbit(arg->num) ? '-' : '+');
			shortest_g(&t, fabs(arg->num), false);
			pad(sb, v, t.buf, t.len);
			sbuf_release(&t);
			return tfv_null();
		}
		{
			struct sbuf t;
			sbuf_init(&t, c->ev->lim.max_string);
			json_add(&t, arg);
			pad(sb, v, t.buf, t.len);
			sbuf_release(&t);
		}
		return tfv_null();
	case 't': {
		struct tfval b = tfv_to_bool(c->a, arg, c->loc);
		if (b.kind != TFV_BOOL)
			return call_error(c, "unsupported value for \"%.*s\" at %zu: %s", (int)v->rawlen,
					  v->raw, v->offset, arg->kind == TFV_STRING ? b.err.msg
										   : "bool required");
		sbuf_adds(sb, b.b ? "true" : "false");
		return tfv_null();
	}
	case 'b': case 'd': case 'o': case 'x': case 'X':
	case 'e': case 'E': case 'f': case 'g': case 'G': {
		struct tfval n = tfv_to_number(c->a, arg, c->loc);
		if (n.kind != TFV_NUMBER)
			return call_error(c, "unsupported value for \"%.*s\" at %zu: %s", (int)v->rawlen,
					  v->raw, v->offset, arg->kind == TFV_STRING ? n.err.msg
										   : "number required");
		if (strchr("bdoxX", v->mode))
			return format_int(c, sb, v, n.num);
		format_float(sb, v, n.num);
		return tfv_null();
	}
	case 's':
	case 'q':
		s = tfv_to_string(c->a, arg, c->loc);
		if (s.kind != TFV_STRING)
			return call_error(c, "unsupported value for \"%.*s\" at %zu: string required",
					  (int)v->rawlen, v->raw, v->offset);
		{
			size_t len = s.str.len;
			if (v->has_prec && v->prec > 0) {
				size_t pos = 0;
				for (int i = 0; i < v->prec && pos < s.str.len; i++)
					pos += tftext_grapheme(s.str.s + pos, s.str.len - pos);
				len = pos;
			}
			if (v->mode == 's') {
				pad(sb, v, s.str.s, len);
			} else {
				struct sbuf t;
				sbuf_init(&t, 0);
				tftext_add_json_quoted(&t, s.str.s, len);
				pad(sb, v, t.buf, t.len);
				sbuf_release(&t);
			}
		}
		return tfv_null();
	default:
		return call_error(c, "unsupported format verb '%c' in \"%.*s\" at offset %zu", v->mode,
				  (int)v->rawlen, v->raw, v->offset);
	}
}

/* Format fmt with args[0..n) into sb, as Terraform's format(). */
static struct tfval format_into(struct fctx *c, struct sbuf *sb, const struct tfval *fmt,
				const struct tfval *args, size_t n)
{
	const char *f = fmt->str.s;
	size_t len = fmt->str.len, next = 1, used = 0;

	for (size_t i = 0; i < len;) {
		struct verb v = {0};
		struct tfval r;
		size_t argnum;

		if (f[i] != '%') {
			sbuf_addch(sb, f[i++]);
			continue;
		}
		if (i + 1 < len && f[i + 1] == '%') {
			sbuf_addch(sb, '%');
			i += 2;
			continue;
		}
		v.offset = i;
		v.raw = f + i;
		i++;
		for (; i < len && strchr("0#-+ ", f[i]) && f[i]; i++) {
			switch (f[i]) {
			case '0': v.zero = true; break;
			case '#': v.sharp = true; break;
			case '-': v.minus = true; break;
			case '+': v.plus = true; break;
			default: v.space = true; break;
			}
		}
		argnum = next;
		if (i < len && f[i] == '[') {
			size_t k = 0;
			i++;
			if (i >= len || f[i] < '1' || f[i] > '9')
				goto bad_char;
			while (i < len && f[i] >= '0' && f[i] <= '9' && k < 100000)
				k = k * 10 + (size_t)(f[i++] - '0');
			if (i >= len || f[i] != ']')
				goto bad_char;
			i++;
			argnum = k;
		}
		if (i < len && f[i] >= '1' && f[i] <= '9') {
			v.has_width = true;
			while (i < len && f[i] >= '0' && f[i] <= '9' && v.width < 100000)
				v.width = v.width * 10 + (f[i++] - '0');
		}
		if (i < len && f[i] == '.') {
			v.has_prec = true;
			i++;
			while (i < len && f[i] >= '0' && f[i] <= '9' && v.prec < 100000)
				v.prec = v.prec * 10 + (f[i++] - '0');
		}
		if (i >= len)
			return call_error(c, "invalid format string starting at offset %zu", i);
		if (!((f[i] >= 'a' && f[i] <= 'z') || (f[i] >= 'A' && f[i] <= 'Z')))
			goto bad_char;
		v.mode = f[i++];
		v.rawlen = (size_t)(f + i - v.raw);
		if (v.width > 10000 || v.prec > 10000)
			return call_error(c, "the width or precision of \"%.*s\" is too large",
					  (int)v.rawlen, v.raw);
		if (argnum > n)
			return call_error(c, "not enough arguments for \"%.*s\" at %zu: need index %zu but "
					  "have %zu total", (int)v.rawlen, v.raw, v.offset, argnum, n);
		r = format_one(c, sb, &v, &args[argnum - 1]);
		if (r.kind == TFV_ERROR)
			return r;
		if (argnum > used)
			used = argnum;
		next = argnum + 1;
		if (sb->toobig)
			return call_error(c, "the result is longer than %zu bytes", c->ev->lim.max_string);
		continue;
bad_char:
		if (i >= len)
			return call_error(c, "invalid format string starting at offset %zu", i);
		return call_error(c, "unrecognized format character '%c' at offset %zu", f[i], i);
	}
	if (used < n)
		return arg_error(c, 1, "too many arguments; only %zu used by format string", used);
	return tfv_null();
}

static struct tfval fn_format(struct fctx *c)
{
	struct sbuf sb;
	struct tfval fmt, err, r;

	if (!get_str(c, 0, &fmt, &err))
		return err;
	for (size_t i = 1; i < c->n; i++) {
		const struct tfval *u = tfv_first_unknown(&c->args[i]);
		if (u)
			return unknown_of(u);
	}
	sbuf_init(&sb, c->ev->lim.max_string);
	r = format_into(c, &sb, &fmt, c->args + 1, c->n - 1);
	if (r.kind != TFV_ERROR)
		r = str_result(c, &sb);
	sbuf_release(&sb);
	return r;
}

static struct tfval fn_formatlist(struct fctx *c)
{
	struct tfval fmt, err, *out, *args;
	long iterlen = -1;
	size_t chooser = 0, nargs = c->n - 1;

	if (c->args[0].kind == TFV_UNKNOWN)
		return unknown_of(&c->args[0]);
	if (!get_str(c, 0, &fmt, &err))
		return err;
	for (size_t i = 1; i < c->n; i++) {
		const struct tfval *a = &c->args[i];
		if (!is_seq(a))
			continue;
		if (iterlen < 0) {
			iterlen = (long)a->coll.n;
			chooser = i;
		} else if ((long)a->coll.n != iterlen) {
			return arg_error(c, i, "argument %zu has length %zu, which is inconsistent with "
					 "argument %zu of length %ld", i, a->coll.n, chooser, iterlen);
		}
	}
	for (size_t i = 1; i < c->n; i++)
		if (c->args[i].kind == TFV_UNKNOWN)
			return unknown_of(&c->args[i]);
	if (iterlen == 0)
		return tfv_list(c->a, NULL, 0, false);
	if (iterlen < 0)
		iterlen = 1;
	out = arena_alloc(c->a, (size_t)iterlen * sizeof(*out));
	args = xmalloc((nargs ? nargs : 1) * sizeof(*args));
	for (long k = 0; k < iterlen; k++) {
		const struct tfval *u = NULL;
		struct sbuf sb;
		struct tfval r;
		for (size_t i = 0; i < nargs; i++) {
			const struct tfval *a = &c->args[i + 1];
			args[i] = is_seq(a) ? a->coll.items[k] : *a;
			if (!u)
				u = tfv_first_unknown(&args[i]);
		}
		if (u) {
			out[k] = unknown_of(u);
			continue;
		}
		sbuf_init(&sb, c->ev->lim.max_string);
		r = format_into(c, &sb, &fmt, args, nargs);
		if (r.kind == TFV_ERROR) {
			sbuf_release(&sb);
			free(args);
			return call_error(c, "error on format iteration %ld: %s", k, r.err.msg);
		}
		out[k] = str_result(c, &sb);
		sbuf_release(&sb);
		if (out[k].kind == TFV_ERROR) {
			free(args);
			return out[k];
		}
	}
	free(args);
	return tfv_list(c->a, out, (size_t)iterlen, false);
}

/* --- strings ----------------------------------------------------------- */

static struct tfval fn_join(struct fctx *c)
{
	struct tfval sep, err, r;
	struct sbuf sb;
	size_t count = 0;

	if (!get_str(c, 0, &sep, &err))
		return err;
	if (c->n < 2)
		return call_error(c, "at least one list is required");
	for (size_t i = 1; i < c->n; i++) {
		struct tfval l;
		if (!get_as(c, i, list_of(c, &tft_string), &l, &err))
			return err;
		for (size_t j = 0; j < l.coll.n; j++, count++) {
			if (l.coll.items[j].kind == TFV_NULL)
				return arg_error(c, i, "element %zu is null; cannot concatenate null values",
						 count);
		}
	}
	sbuf_init(&sb, c->ev->lim.max_string);
	count = 0;
	for (size_t i = 1; i < c->n; i++) {
		struct tfval l;
		get_as(c, i, list_of(c, &tft_string), &l, &err);
		for (size_t j = 0; j < l.coll.n; j++) {
			if (l.coll.items[j].kind == TFV_UNKNOWN) {
				sbuf_release(&sb);
				return unknown_of(&l.coll.items[j]);
			}
			if (count++)
				sbuf_add(&sb, sep.str.s, sep.str.len);
			sbuf_add(&sb, l.coll.items[j].str.s, l.coll.items[j].str.len);
		}
	}
	r = str_result(c, &sb);
	sbuf_release(&sb);
	return r;
}

/* Finding a substring in linear time (Knuth-Morris-Pratt): strings may
 * be megabytes long, and a naive search over them quadratic. */
struct finder {
	const char *pat;
	size_t m;
	size_t *fail;
};

static void finder_init(struct finder *f, const char *pat, size_t m)
{
	f->pat = pat;
	f->m = m;
	f->fail = m > 1 ? xmalloc(m * sizeof(*f->fail)) : NULL;
	if (m > 1) {
		f->fail[0] = 0;
		for (size_t i = 1, k = 0; i < m; i++) {
			while (k && pat[i] != pat[k])
				k = f->fail[k - 1];
			if (pat[i] == pat[k])
				k++;
			f->fail[i] = k;
		}
	}
}

static const char *finder_next(const struct finder *f, const char *s, size_t n)
{
	if (f->m == 0)
		return s;
	if (f->m == 1)
		return memchr(s, f->pat[0], n);
	for (size_t i = 0, k = 0; i < n; i++) {
		while (k && s[i] != f->pat[k])
			k = f->fail[k - 1];
		if (s[i] == f->pat[k])
			k++;
		if (k == f->m)
			return s + i + 1 - f->m;
	}
	return NULL;
}

static void finder_release(struct finder *f)
{
	free(f->fail);
}

static struct tfval fn_split(struct fctx *c)
{
	struct tfval sep, str, err, *items = NULL, r;
	size_t n = 0, cap = 0;
	const char *s, *end;

	if (!get_str(c, 0, &sep, &err) || !get_str(c, 1, &str, &err))
		return err;
	s = str.str.s;
	end = s + str.str.len;
	if (sep.str.len == 0) {
		/* Go's strings.Split with an empty separator: one item a character */
		while (s < end) {
			uint32_t cp;
			size_t k = tftext_decode(s, (size_t)(end - s), &cp);
			if (n >= c->ev->lim.max_items) {
				free(items);
				return too_many_items(c);
			}
			*VEC_PUSH(items, n, cap) = tfv_string(c->a, s, k);
			s += k;
		}
	} else {
		struct finder f;
		finder_init(&f, sep.str.s, sep.str.len);
		for (;;) {
			const char *hit = finder_next(&f, s, (size_t)(end - s));
			if (n >= c->ev->lim.max_items) {
				finder_release(&f);
				free(items);
				return too_many_items(c);
			}
			*VEC_PUSH(items, n, cap) = tfv_string(c->a, s, (size_t)((hit ? hit : end) - s));
			if (!hit)
				break;
			s = hit + sep.str.len;
		}
		finder_release(&f);
	}
	r = tfv_list(c->a, items, n, false);
	free(items);
	return r;
}

static struct tfval map_case(struct fctx *c, uint32_t (*map)(uint32_t))
{
	struct tfval s, err, r;
	struct sbuf sb;

	if (!get_str(c, 0, &s, &err))
		return err;
	sbuf_init(&sb, c->ev->lim.max_string);
	for (size_t i = 0; i < s.str.len;) {
		uint32_t cp;
		i += tftext_decode(s.str.s + i, s.str.len - i, &cp);
		sbuf_add_utf8(&sb, map(cp));
	}
	r = str_result(c, &sb);
	sbuf_release(&sb);
	return r;
}

static struct tfval fn_lower(struct fctx *c)
{
	return map_case(c, tftext_lower);
}

static struct tfval fn_upper(struct fctx *c)
{
	return map_case(c, tftext_upper);
}

static struct tfval fn_title(struct fctx *c)
{
	struct tfval s, err, r;
	struct sbuf sb;
	uint32_t prev = ' ';

	if (!get_str(c, 0, &s, &err))
		return err;
	sbuf_init(&sb, c->ev->lim.max_string);
	for (size_t i = 0; i < s.str.len;) {
		uint32_t cp;
		size_t k = tftext_decode(s.str.s + i, s.str.len - i, &cp);
		if (tftext_is_separator(prev))
			sbuf_add_utf8(&sb, tftext_upper(cp));
		else
			sbuf_add(&sb, s.str.s + i, k);
		prev = cp;
		i += k;
	}
	r = str_result(c, &sb);
	sbuf_release(&sb);
	return r;
}

/* The bytes of s[0..n) without the code points keep() refuses at either
 * end: *from and *to. */
static void trim_runes(const char *s, size_t n, bool (*drop)(uint32_t, const void *),
		       const void *ctx, bool left, bool right, size_t *from, size_t *to)
{
	size_t i = 0, last = 0;
	bool seen = false;

	*from = 0;
	*to = n;
	while (i < n) {
		uint32_t cp;
		size_t k = tftext_decode(s + i, n - i, &cp);
		if (!drop(cp, ctx)) {
			if (!seen)
				*from = i;
			seen = true;
			last = i + k;
		}
		i += k;
	}
	if (!seen) {
		*from = left ? n : 0;
		*to = right ? (left ? n : 0) : n;
		if (!left && right)
			*to = 0;
		return;
	}
	if (!left)
		*from = 0;
	if (right)
		*to = last;
}

static bool drop_space(uint32_t cp, const void *ctx)
{
	(void)ctx;
	return hcl_is_space(cp);
}

static bool drop_cutset(uint32_t cp, const void *ctx)
{
	const struct tfval *set = ctx;

	for (size_t i = 0; i < set->str.len;) {
		uint32_t x;
		i += tftext_decode(set->str.s + i, set->str.len - i, &x);
		if (x == cp)
			return true;
	}
	return false;
}

static struct tfval fn_trimspace(struct fctx *c)
{
	struct tfval s, err;
	size_t from, to;

	if (!get_str(c, 0, &s, &err))
		return err;
	trim_runes(s.str.s, s.str.len, drop_space, NULL, true, true, &from, &to);
	return tfv_string(c->a, s.str.s + from, to - from);
}

static struct tfval fn_trim(struct fctx *c)
{
	struct tfval s, set, err;
	size_t from, to;

	if (!get_str(c, 0, &s, &err) || !get_str(c, 1, &set, &err))
		return err;
	trim_runes(s.str.s, s.str.len, drop_cutset, &set, true, true, &from, &to);
	return tfv_string(c->a, s.str.s + from, to - from);
}

static struct tfval fn_trimprefix(struct fctx *c)
{
	struct tfval s, p, err;

	if (!get_str(c, 0, &s, &err) || !get_str(c, 1, &p, &err))
		return err;
	if (p.str.len <= s.str.len && !memcmp(s.str.s, p.str.s, p.str.len))
		return tfv_string(c->a, s.str.s + p.str.len, s.str.len - p.str.len);
	return s;
}

static struct tfval fn_trimsuffix(struct fctx *c)
{
	struct tfval s, p, err;

	if (!get_str(c, 0, &s, &err) || !get_str(c, 1, &p, &err))
		return err;
	if (p.str.len <= s.str.len && !memcmp(s.str.s + s.str.len - p.str.len, p.str.s, p.str.len))
		return tfv_string(c->a, s.str.s, s.str.len - p.str.len);
	return s;
}

static struct tfval fn_startswith(struct fctx *c)
{
	struct tfval s, p, err;

	if (!get_str(c, 0, &s, &err) || !get_str(c, 1, &p, &err))
		return err;
	return tfv_bool(p.str.len <= s.str.len && !memcmp(s.str.s, p.str.s, p.str.len));
}

static struct tfval fn_endswith(struct fctx *c)
{
	struct tfval s, p, err;

	if (!get_str(c, 0, &s, &err) || !get_str(c, 1, &p, &err))
		return err;
	return tfv_bool(p.str.len <= s.str.len &&
			!memcmp(s.str.s + s.str.len - p.str.len, p.str.s, p.str.len));
}

static struct tfval fn_strcontains(struct fctx *c)
{
	struct tfval s, p, err;
	struct finder f;
	bool found;

	if (!get_str(c, 0, &s, &err) || !get_str(c, 1, &p, &err))
		return err;
	finder_init(&f, p.str.s, p.str.len);
	found = finder_next(&f, s.str.s, s.str.len) != NULL;
	finder_release(&f);
	return tfv_bool(found);
}

static struct tfval fn_substr(struct fctx *c)
{
	struct tfval s, err;
	long long offset, length;
	size_t pos = 0, end;

	if (!get_str(c, 0, &s, &err) || !get_int(c, 1, &offset, &err) ||
	    !get_int(c, 2, &length, &err))
		return err;
	if (offset < 0) {
		offset += (long long)tftext_graphemes(s.str.s, s.str.len);
		if (offset < 0)
			offset = 0;
	}
	for (long long i = 0; i < offset; i++) {
		if (pos >= s.str.len)
			return tfv_string(c->a, "", 0);
		pos += tftext_grapheme(s.str.s + pos, s.str.len - pos);
	}
	if (length < 0)
		return tfv_string(c->a, s.str.s + pos, s.str.len - pos);
	end = pos;
	for (long long i = 0; i < length && end < s.str.len; i++)
		end += tftext_grapheme(s.str.s + end, s.str.len - end);
	return tfv_string(c->a, s.str.s + pos, end - pos);
}

static struct tfval fn_strrev(struct fctx *c)
{
	struct tfval s, err;
	char *out;
	size_t o;

	if (!get_str(c, 0, &s, &err))
		return err;
	out = arena_alloc(c->a, s.str.len + 1);
	o = s.str.len;
	for (size_t i = 0; i < s.str.len;) {
		size_t k = tftext_grapheme(s.str.s + i, s.str.len - i);
		o -= k;
		memcpy(out + o, s.str.s + i, k);
		i += k;
	}
	return tfv_string(c->a, out, s.str.len);
}

static struct tfval fn_chomp(struct fctx *c)
{
	struct tfval s, err;
	size_t n;

	if (!get_str(c, 0, &s, &err))
		return err;
	n = s.str.len;
	while (n > 0 && (s.str.s[n - 1] == '\n' || s.str.s[n - 1] == '\r'))
		n--;
	return tfv_string(c->a, s.str.s, n);
}

static struct tfval fn_indent(struct fctx *c)
{
	struct tfval s, err, r;
	long long spaces;
	struct sbuf sb;

	if (!get_int(c, 0, &spaces, &err) || !get_str(c, 1, &s, &err))
		return err;
	if (spaces < 0)
		return call_error(c, "strings: negative Repeat count");
	sbuf_init(&sb, c->ev->lim.max_string);
	for (size_t i = 0; i < s.str.len; i++) {
		sbuf_addch(&sb, s.str.s[i]);
		if (s.str.s[i] == '\n')
			sbuf_addrep(&sb, ' ', (size_t)spaces);
	}
	r = str_result(c, &sb);
	sbuf_release(&sb);
	return r;
}

/* Go's path/filepath.Clean, for dirname. */
static size_t clean_path(const char *p, size_t n, char *out)
{
	size_t o = 0, i = 0, dotdot = 0;
	bool rooted = n > 0 && p[0] == '/';

	if (n == 0) {
		out[0] = '.';
		return 1;
	}
	if (rooted) {
		out[o++] = '/';
		i = dotdot = 1;
	}
	while (i < n) {
		if (p[i] == '/') {
			i++;
		} else if (p[i] == '.' && (i + 1 == n || p[i + 1] == '/')) {
			i++;
		} else if (p[i] == '.' && p[i + 1] == '.' && (i + 2 == n || p[i + 2] == '/')) {
			i += 2;
			if (o > dotdot) {
				o--;
				while (o > dotdot && out[o] != '/')
					o--;
			} else if (!rooted) {
				if (o > 0)
					out[o++] = '/';
				out[o++] = '.';
				out[o++] = '.';
				dotdot = o;
			}
		} else {
			if ((rooted && o != 1) || (!rooted && o != 0))
				out[o++] = '/';
			for (; i < n && p[i] != '/'; i++)
				out[o++] = p[i];
		}
	}
	if (o == 0)
		out[o++] = '.';
	return o;
}

static struct tfval fn_basename(struct fctx *c)
{
	struct tfval s, err;
	size_t n, start;

	if (!get_str(c, 0, &s, &err))
		return err;
	n = s.str.len;
	if (n == 0)
		return tfv_cstring(c->a, ".");
	while (n > 0 && s.str.s[n - 1] == '/')
		n--;
	if (n == 0)
		return tfv_cstring(c->a, "/");
	start = n;
	while (start > 0 && s.str.s[start - 1] != '/')
		start--;
	return tfv_string(c->a, s.str.s + start, n - start);
}

static struct tfval fn_dirname(struct fctx *c)
{
	struct tfval s, err;
	size_t n;
	char *out;

	if (!get_str(c, 0, &s, &err))
		return err;
	n = s.str.len;
	while (n > 0 && s.str.s[n - 1] != '/')
		n--;
	out = arena_alloc(c->a, 2 * n + 4);
	return tfv_string(c->a, out, clean_path(s.str.s, n, out));
}

/* --- regular expressions ------------------------------------------------ */

struct regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	uint32_t ngroups, nnamed;
};

static void regex_free(struct regex *re)
{
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mc);
	pcre2_code_free(re->code);
}

/* Compile pattern as Terraform's (RE2) would mean it; *err on failure. */
static bool regex_compile(struct fctx *c, size_t argi, const char *pat, size_t len,
			  struct regex *re, struct tfval *err)
{
	int code;
	PCRE2_SIZE off;

	memset(re, 0, sizeof(*re));
	re->code = pcre2_compile((PCRE2_SPTR)pat, len,
				 PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_INVALID_UTF, &code,
				 &off, NULL);
	if (!re->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		*err = arg_error(c, argi, "invalid regexp pattern: %s at offset %zu", (char *)msg,
				 (size_t)off);
		return false;
	}
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &re->ngroups);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &re->nnamed);
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(re->mc, 1000000);
	pcre2_set_depth_limit(re->mc, 1000);
	return true;
}

/* Search from pos: 1 with ov set, 0 no match, -1 *err (match limit). */
static int regex_search(struct fctx *c, struct regex *re, const struct tfval *s, size_t pos,
			PCRE2_SIZE **ov, struct tfval *err)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s->str.s, s->str.len, pos, 0, re->md, re->mc);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(rc, msg, sizeof(msg));
		*err = call_error(c, "regular expression failed: %s", (char *)msg);
		return -1;
	}
	*ov = pcre2_get_ovector_pointer(re->md);
	return 1;
}

/* The value regex() gives for the match in ov: the string, a tuple of
 * the groups, or an object of the named groups; null for a group that
 * took no part. */
static struct tfval regex_value(struct fctx *c, struct regex *re, const struct tfval *s,
				PCRE2_SIZE *ov)
{
	struct tfval *items;
	const char **keys;
	PCRE2_SPTR table;
	uint32_t esize;

	if (re->ngroups == 0)
		return tfv_string(c->a, s->str.s + ov[0], ov[1] - ov[0]);
	items = arena_alloc(c->a, re->ngroups * sizeof(*items));
	for (uint32_t g = 1; g <= re->ngroups; g++) {
		if (ov[2 * g] == PCRE2_UNSET)
			items[g - 1] = tfv_null();
		else
			items[g - 1] = tfv_string(c->a, s->str.s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
	if (!re->nnamed)
		return tfv_list(c->a, items, re->ngroups, true);
	keys = arena_alloc(c->a, re->ngroups * sizeof(*keys));
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
	struct tfval *named = arena_alloc(c->a, re->nnamed * sizeof(*named));
	for (uint32_t k = 0; k < re->nnamed; k++) {
		PCRE2_SPTR e = table + k * esize;
		uint32_t g = (uint32_t)(e[0] << 8 | e[1]);
		keys[k] = (const char *)e + 2;
		named[k] = items[g - 1];
	}
	return tfv_map(c->a, keys, named, re->nnamed, true);
}

static bool regex_prepare(struct fctx *c, struct regex *re, struct tfval *s, struct tfval *err)
{
	struct tfval pat;

	if (!get_str(c, 0, &pat, err) || !get_str(c, 1, s, err))
		return false;
	if (!regex_compile(c, 0, pat.str.s, pat.str.len, re, err))
		return false;
	if (re->nnamed && re->nnamed != re->ngroups) {
		regex_free(re);
		*err = arg_error(c, 0, "invalid regexp pattern: cannot mix both named and unnamed "
				 "capture groups");
		return false;
	}
	return true;
}

static struct tfval fn_regex(struct fctx *c)
{
	struct regex re;
	struct tfval s, err, r;
	PCRE2_SIZE *ov;
	int rc;

	if (!regex_prepare(c, &re, &s, &err))
		return err;
	rc = regex_search(c, &re, &s, 0, &ov, &err);
	if (rc < 0)
		r = err;
	else if (rc == 0)
		r = call_error(c, "pattern did not match any part of the given string");
	else
		r = regex_value(c, &re, &s, ov);
	regex_free(&re);
	return r;
}

/* The length of the code point at s[pos..n), 1 at the end (Go steps one). */
static size_t rune_width(const char *s, size_t n, size_t pos)
{
	uint32_t cp;

	return pos < n ? tftext_decode(s + pos, n - pos, &cp) : 1;
}

static struct tfval fn_regexall(struct fctx *c)
{
	struct regex re;
	struct tfval s, err, r, *items = NULL;
	size_t n = 0, cap = 0, pos = 0;
	long prev_end = -1;

	if (!regex_prepare(c, &re, &s, &err))
		return err;
	/* Go's allMatches: an empty match right after a match is skipped */
	while (pos <= s.str.len) {
		PCRE2_SIZE *ov;
		int rc = regex_search(c, &re, &s, pos, &ov, &err);
		bool accept = true;
		if (rc < 0) {
			free(items);
			regex_free(&re);
			return err;
		}
		if (rc == 0)
			break;
		if (ov[1] == pos) {
			if ((long)ov[0] == prev_end)
				accept = false;
			pos += rune_width(s.str.s, s.str.len, pos);
		} else {
			pos = ov[1];
		}
		prev_end = (long)ov[1];
		if (accept) {
			if (n >= c->ev->lim.max_items) {
				free(items);
				regex_free(&re);
				return too_many_items(c);
			}
			*VEC_PUSH(items, n, cap) = regex_value(c, &re, &s, ov);
		}
	}
	r = tfv_list(c->a, items, n, false);
	free(items);
	regex_free(&re);
	return r;
}

/* Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$. */
static void expand_template(struct sbuf *sb, struct regex *re, const struct tfval *s,
			    PCRE2_SIZE *ov, const char *t, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j, start, end;
		bool brace;
		if (t[i] != '$') {
			sbuf_addch(sb, t[i++]);
			continue;
		}
		if (i + 1 < n && t[i + 1] == '$') {
			sbuf_addch(sb, '$');
			i += 2;
			continue;
		}
		brace = i + 1 < n && t[i + 1] == '{';
		start = j = i + 1 + brace;
		while (j < n && ((t[j] >= 'a' && t[j] <= 'z') || (t[j] >= 'A' && t[j] <= 'Z') ||
				 (t[j] >= '0' && t[j] <= '9') || t[j] == '_'))
			j++;
		end = j;
		if (end == start || (brace && (j >= n || t[j] != '}'))) {
			sbuf_addch(sb, '$'); /* malformed: the $ is text */
			i++;
			continue;
		}
		i = brace ? j + 1 : j;
		long g = -1;
		bool numeric = true;
		for (size_t k = start; k < end; k++)
			numeric = numeric && t[k] >= '0' && t[k] <= '9';
		if (numeric) {
			g = 0;
			for (size_t k = start; k < end && g < 100000; k++)
				g = g * 10 + (t[k] - '0');
		} else {
			char name[256];
			size_t len = end - start < sizeof(name) - 1 ? end - start : sizeof(name) - 1;
			memcpy(name, t + start, len);
			name[len] = '\0';
			int num = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
			g = num > 0 ? num : -1;
		}
		if (g >= 0 && (uint32_t)g <= re->ngroups && ov[2 * g] != PCRE2_UNSET)
			sbuf_add(sb, s->str.s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
}

static struct tfval regex_replace(struct fctx *c, const struct tfval *s, const struct tfval *pat,
				  const struct tfval *rep)
{
	struct regex re;
	struct tfval err, r;
	struct sbuf sb;
	size_t search = 0, last_end = 0, n = s->str.len;

	if (!regex_compile(c, 1, pat->str.s + 1, pat->str.len - 2, &re, &err))
		return err;
	sbuf_init(&sb, c->ev->lim.max_string);
	/* Go's replaceAll */
	while (search <= n) {
		PCRE2_SIZE *ov;
		int rc = regex_search(c, &re, s, search, &ov, &err);
		size_t width;
		if (rc < 0) {
			sbuf_release(&sb);
			regex_free(&re);
			return err;
		}
		if (rc == 0)
			break;
		sbuf_add(&sb, s->str.s + last_end, ov[0] - last_end);
		if (ov[1] > last_end || ov[0] == 0)
			expand_template(&sb, &re, s, ov, rep->str.s, rep->str.len);
		last_end = ov[1];
		width = rune_width(s->str.s, n, search);
		if (search + width > ov[1])
			search += width;
		else if (search + 1 > ov[1])
			search++;
		else
			search = ov[1];
	}
	sbuf_add(&sb, s->str.s + last_end, n - last_end);
	r = str_result(c, &sb);
	sbuf_release(&sb);
	regex_free(&re);
	return r;
}

static struct tfval fn_replace(struct fctx *c)
{
	struct tfval s, sub, rep, err, r;
	struct sbuf sb;
	const char *p, *end;

	if (!get_str(c, 0, &s, &err) || !get_str(c, 1, &sub, &err) || !get_str(c, 2, &rep, &err))
		return err;
	if (sub.str.len > 1 && sub.str.s[0] == '/' && sub.str.s[sub.str.len - 1] == '/')
		return regex_replace(c, &s, &sub, &rep);
	sbuf_init(&sb, c->ev->lim.max_string);
	p = s.str.s;
	end = p + s.str.len;
	if (sub.str.len == 0) {
		/* Go: the replacement before each character and at the end */
		sbuf_add(&sb, rep.str.s, rep.str.len);
		while (p < end) {
			uint32_t cp;
			size_t k = tftext_decode(p, (size_t)(end - p), &cp);
			sbuf_add(&sb, p, k);
			sbuf_add(&sb, rep.str.s, rep.str.len);
			p += k;
		}
	} else {
		struct finder f;
		finder_init(&f, sub.str.s, sub.str.len);
		for (;;) {
			const char *hit = finder_next(&f, p, (size_t)(end - p));
			sbuf_add(&sb, p, (size_t)((hit ? hit : end) - p));
			if (!hit || sb.toobig)
				break;
			sbuf_add(&sb, rep.str.s, rep.str.len);
			p = hit + sub.str.len;
		}
		finder_release(&f);
	}
	r = str_result(c, &sb);
	sbuf_release(&sb);
	return r;
}

/* --- collections ------------------------------------------------------- */

static struct tfval fn_length(struct fctx *c)
{
	const struct tfval *v = &c->args[0];

	switch (v->kind) {
	case TFV_STRING:
		return tfv_number((double)tftext_graphemes(v->str.s, v->str.len));
	case TFV_SET:
		for (size_t i = 0; i < v->coll.n; i++)
			if (!tfv_wholly_known(&v->coll.items[i]))
				return tfv_unknown(c->a, "the length of a set with unknown elements is "
						   "known only after apply");
		/* fall through */
	case TFV_LIST:
	case TFV_MAP:
		return tfv_number((double)v->coll.n);
	default:
		return call_error(c, "argument must be a string, a collection type, or a structural type");
	}
}

static struct tfval fn_concat(struct fctx *c)
{
	size_t total = 0, k = 0;
	bool all_lists = true;
	struct tfval *items, r;

	if (c->n == 0)
		return call_error(c, "at least one argument is required");
	for (size_t i = 0; i < c->n; i++) {
		const struct tfval *a = &c->args[i];
		if (a->kind != TFV_LIST)
			return arg_error(c, i, "all arguments must be lists or tuples; got %s",
					 a->kind == TFV_SET ? tft_friendly(c->a, tfv_type_of(c->a, a))
							    : tfv_type_name(a));
		all_lists = all_lists && !a->object;
		total += a->coll.n;
	}
	if (total > c->ev->lim.max_items)
		return too_many_items(c);
	items = arena_alloc(c->a, (total ? total : 1) * sizeof(*items));
	for (size_t i = 0; i < c->n; i++)
		for (size_t j = 0; j < c->args[i].coll.n; j++)
			items[k++] = c->args[i].coll.items[j];
	r = tfv_list(c->a, items, total, true);
	if (all_lists && r.kind == TFV_LIST)
		r = tfv_convert(c->a, &r, list_of(c, &tft_any), c->loc);
	if (r.kind == TFV_ERROR)
		return call_error(c, "%s", r.err.msg);
	return r;
}

static struct tfval fn_merge(struct fctx *c)
{
	size_t total = 0, k = 0, given = 0;
	bool maps = true;
	const struct tft *elem = NULL;
	const char **keys;
	struct tfval *items, r;

	for (size_t i = 0; i < c->n; i++) {
		const struct tfval *a = &c->args[i];
		if (a->kind == TFV_NULL)
			continue;
		if (a->kind == TFV_UNKNOWN)
			return unknown_of(a);
		if (a->kind != TFV_MAP)
			return call_error(c, "arguments must be maps or objects, got \"%s\"",
					  tfv_type_name(a));
		given++;
		if (a->object) {
			maps = false;
		} else if (maps && a->coll.n) {
			const struct tft *t = tfv_type_of(c->a, a)->elem;
			if (elem && !tft_equal(elem, t))
				maps = false;
			elem = t;
		}
		total += a->coll.n;
	}
	if (total > c->ev->lim.max_items)
		return too_many_items(c);
	keys = arena_alloc(c->a, (total ? total : 1) * sizeof(*keys));
	items = arena_alloc(c->a, (total ? total : 1) * sizeof(*items));
	for (size_t i = 0; i < c->n; i++) {
		const struct tfval *a = &c->args[i];
		if (a->kind != TFV_MAP)
			continue;
		for (size_t j = 0; j < a->coll.n; j++, k++) {
			keys[k] = a->coll.keys[j];
			items[k] = a->coll.items[j];
		}
	}
	r = tfv_map(c->a, keys, items, total, !maps || given == 0);
	return r;
}

static struct tfval fn_lookup(struct fctx *c)
{
	const struct tfval *m = &c->args[0], *item;
	struct tfval key, err, def;

	if (m->kind == TFV_UNKNOWN)
		return unknown_of(m);
	if (m->kind == TFV_NULL)
		return arg_error(c, 0, "argument must not be null");
	if (c->args[1].kind == TFV_UNKNOWN)
		return unknown_of(&c->args[1]);
	if (!get_str(c, 1, &key, &err))
		return err;
	if (m->kind != TFV_MAP)
		return arg_error(c, 0, "map or object required, but have %s", tfv_type_name(m));
	if ((item = tfv_map_get(m, key.str.s)))
		return *item;
	if (c->n < 3)
		return arg_error(c, 0, "the given %s has no %s \"%s\"", m->object ? "object" : "map",
				 m->object ? "attribute" : "key", key.str.s);
	def = c->args[2];
	if (!m->object && m->coll.n && def.kind != TFV_NULL) {
		const struct tft *t = tfv_type_of(c->a, m)->elem;
		struct tfval conv = tfv_convert(c->a, &def, t, c->loc);
		if (conv.kind == TFV_ERROR)
			return arg_error(c, 2, "the default value must have the same type as the map "
					 "elements");
		return conv;
	}
	return def;
}

static struct tfval fn_element(struct fctx *c)
{
	const struct tfval *l = &c->args[0];
	long long idx;
	struct tfval err;

	if (l->kind == TFV_UNKNOWN)
		return unknown_of(l);
	if (l->kind == TFV_SET)
		return call_error(c, "cannot read elements from %s",
				  tft_friendly(c->a, tfv_type_of(c->a, l)));
	if (l->kind != TFV_LIST)
		return call_error(c, "cannot read elements from %s", tfv_type_name(l));
	if (c->args[1].kind == TFV_UNKNOWN)
		return unknown_of(&c->args[1]);
	if (!get_int(c, 1, &idx, &err))
		return call_error(c, "invalid index: " WHOLE_NUMBER);
	if (l->coll.n == 0)
		return call_error(c, "cannot use element function with an empty list");
	if (idx < 0)
		return call_error(c, "cannot use element function with a negative index");
	return l->coll.items[(size_t)idx % l->coll.n];
}

static struct tfval keys_or_values(struct fctx *c, bool values)
{
	const struct tfval *m = &c->args[0];
	struct tfval *items;

	if (m->kind != TFV_MAP)
		return arg_error(c, 0, "must have map or object type");
	items = arena_alloc(c->a, (m->coll.n ? m->coll.n : 1) * sizeof(*items));
	for (size_t i = 0; i < m->coll.n; i++)
		items[i] = values ? m->coll.items[i] : tfv_cstring(c->a, m->coll.keys[i]);
	return tfv_list(c->a, items, m->coll.n, m->object);
}

static struct tfval fn_keys(struct fctx *c)
{
	return keys_or_values(c, false);
}

static struct tfval fn_values(struct fctx *c)
{
	return keys_or_values(c, true);
}

static struct tfval fn_zipmap(struct fctx *c)
{
	struct tfval ks, err;
	const struct tfval *vs = &c->args[1];
	const char **keys;

	if (!get_as(c, 0, list_of(c, &tft_string), &ks, &err))
		return err;
	if (!is_seq(vs))
		return arg_error(c, 1, "list or tuple required, but have %s", tfv_type_name(vs));
	if (ks.coll.n != vs->coll.n)
		return call_error(c, "number of keys (%zu) does not match number of values (%zu)",
				  ks.coll.n, vs->coll.n);
	keys = arena_alloc(c->a, (ks.coll.n ? ks.coll.n : 1) * sizeof(*keys));
	for (size_t i = 0; i < ks.coll.n; i++) {
		if (ks.coll.items[i].kind == TFV_UNKNOWN)
			return unknown_of(&ks.coll.items[i]);
		if (ks.coll.items[i].kind == TFV_NULL)
			return arg_error(c, 0, "element %zu is null", i);
		keys[i] = ks.coll.items[i].str.s;
	}
	return tfv_map(c->a, keys, vs->coll.items, ks.coll.n, vs->kind == TFV_LIST && vs->object);
}

static bool flatten_into(struct fctx *c, const struct tfval *v, struct tfval **items, size_t *n,
			 size_t *cap, struct tfval *bad)
{
	for (size_t i = 0; i < v->coll.n; i++) {
		const struct tfval *e = &v->coll.items[i];
		if (is_seq(e)) {
			if (!flatten_into(c, e, items, n, cap, bad))
				return false;
			continue;
		}
		if (e->kind == TFV_UNKNOWN && !e->unk.link && !e->unk.cidr) {
			/* it may be a list still to be flattened */
			*bad = unknown_of(e);
			return false;
		}
		if (*n >= c->ev->lim.max_items) {
			*bad = too_many_items(c);
			return false;
		}
		*VEC_PUSH(*items, *n, *cap) = *e;
	}
	return true;
}

static struct tfval fn_flatten(struct fctx *c)
{
	struct tfval *items = NULL, bad, r;
	size_t n = 0, cap = 0;

	if (!is_seq(&c->args[0]))
		return call_error(c, "can only flatten lists, sets and tuples");
	if (!flatten_into(c, &c->args[0], &items, &n, &cap, &bad)) {
		free(items);
		return bad;
	}
	r = tfv_list(c->a, items, n, true);
	free(items);
	return r;
}

static struct tfval fn_distinct(struct fctx *c)
{
	struct tfval l, err, *out;
	size_t *order, m = 0, n;
	bool *dup;
	const struct tfval *u;

	if (!get_as(c, 0, list_of(c, &tft_any), &l, &err))
		return err;
	if ((u = tfv_first_unknown(&l)))
		return unknown_of(u);
	/* the first of equal items, in their order: sorted to find them */
	n = l.coll.n;
	order = xmalloc((n ? n : 1) * sizeof(*order));
	dup = xcalloc(n ? n : 1, sizeof(*dup));
	tfv_sort_order(l.coll.items, n, order);
	for (size_t i = 1; i < n; i++)
		if (tfv_compare(&l.coll.items[order[i - 1]], &l.coll.items[order[i]]) == 0)
			dup[order[i]] = true;
	out = arena_alloc(c->a, (n ? n : 1) * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		if (!dup[i])
			out[m++] = l.coll.items[i];
	free(order);
	free(dup);
	return tfv_list(c->a, out, m, false);
}

static struct tfval fn_slice(struct fctx *c)
{
	const struct tfval *l = &c->args[0];
	long long from, to;
	struct tfval err;

	for (size_t i = 1; i < c->n; i++)
		if (c->args[i].kind == TFV_UNKNOWN)
			return unknown_of(&c->args[i]);
	/* slice of a list known only after apply, with known indexes: either
	 * the list is long enough and the result has to - from elements, or
	 * Terraform fails the plan ("end index must not be greater than the
	 * length"); so where the plan can be made at all, the length is
	 * known (slice(data.aws_availability_zones.x.names, 0, 3) has 3) */
	if (l->kind == TFV_UNKNOWN) {
		if (!get_int(c, 1, &from, &err) || !get_int(c, 2, &to, &err))
			return err;
		if (from < 0 || to < from || to - from > (long long)c->ev->lim.max_items)
			return unknown_of(l);
		return unknown_items(c, l, (size_t)(to - from));
	}
	if (l->kind != TFV_LIST)
		return arg_error(c, 0, "must be a list or tuple value");
	if (!get_int(c, 1, &from, &err) || !get_int(c, 2, &to, &err))
		return err;
	if (from < 0)
		return arg_error(c, 1, "start index must not be less than zero");
	if (to > (long long)l->coll.n)
		return arg_error(c, 2, "end index must not be greater than the length of the list");
	if (from > to)
		return arg_error(c, 1, "start index must not be greater than end index");
	return tfv_list(c->a, l->coll.items + from, (size_t)(to - from), l->object);
}

static struct tfval fn_range(struct fctx *c)
{
	double start = 0, end, step = 1, v;
	struct tfval err, *items = NULL, r;
	size_t n = 0, cap = 0, max = c->ev->lim.max_range;
	double nums[3] = {0};

	for (size_t i = 0; i < c->n; i++)
		if (!get_num(c, i, &nums[i], &err))
			return err;
	if (c->n == 1) {
		end = nums[0];
		step = end < 0 ? -1 : 1;
	} else {
		start = nums[0];
		end = nums[1];
		step = c->n == 3 ? nums[2] : end < start ? -1 : 1;
	}
	if (step < 0 && end > start)
		return arg_error(c, 0, "end must be less than start when step is negative");
	if (step > 0 && end < start)
		return arg_error(c, 0, "end must be greater than start when step is positive");
	for (v = start; step < 0 ? v > end : v < end; v += step) {
		/* a zero step never ends: Terraform stops it at the same bound */
		if (n >= max) {
			free(items);
			return call_error(c, "more than %zu values were generated; either decrease the "
					  "difference between start and end or use a smaller step", max);
		}
		*VEC_PUSH(items, n, cap) = tfv_number(v);
	}
	r = tfv_list(c->a, items, n, false);
	free(items);
	return r;
}

static struct tfval fn_contains(struct fctx *c)
{
	const struct tfval *l = &c->args[0];
	const struct tfval *unk = NULL;

	if (!is_seq(l))
		return arg_error(c, 0, "argument must be list, tuple, or set");
	for (size_t i = 0; i < l->coll.n; i++) {
		int eq = tfv_equal(&l->coll.items[i], &c->args[1]);
		if (eq == 1)
			return tfv_bool(true);
		if (eq < 0 && !unk)
			unk = tfv_first_unknown(&l->coll.items[i]) ? tfv_first_unknown(&l->coll.items[i])
								    : tfv_first_unknown(&c->args[1]);
	}
	if (unk)
		return unknown_of(unk);
	return tfv_bool(false);
}

static struct tfval fn_index(struct fctx *c)
{
	const struct tfval *l = &c->args[0];

	if (l->kind != TFV_LIST)
		return arg_error(c, 0, "argument must be a list or tuple");
	for (size_t i = 0; i < l->coll.n; i++) {
		int eq = tfv_equal(&l->coll.items[i], &c->args[1]);
		if (eq == 1)
			return tfv_number((double)i);
		if (eq < 0) {
			const struct tfval *u = tfv_first_unknown(&l->coll.items[i]);
			return unknown_of(u ? u : tfv_first_unknown(&c->args[1]));
		}
	}
	return call_error(c, "item not found");
}

static struct tfval fn_one(struct fctx *c)
{
	const struct tfval *l = &c->args[0];

	if (!is_seq(l))
		return arg_error(c, 0, "must be a list, set, or tuple value with either zero or one "
				 "elements");
	if (l->kind == TFV_SET && unknown_item(l))
		return unknown_of(unknown_item(l));
	if (l->coll.n == 0)
		return tfv_null();
	if (l->coll.n == 1)
		return l->coll.items[0];
	return arg_error(c, 0, "must be a list, set, or tuple value with either zero or one elements");
}

static int cmp_strvals(const void *pa, const void *pb)
{
	const struct tfval *a = pa, *b = pb;
	size_t n = a->str.len < b->str.len ? a->str.len : b->str.len;
	int r = n ? memcmp(a->str.s, b->str.s, n) : 0;

	return r ? r : a->str.len < b->str.len ? -1 : a->str.len > b->str.len;
}

static struct tfval fn_sort(struct fctx *c)
{
	struct tfval l, err, *items;

	if (!get_as(c, 0, list_of(c, &tft_string), &l, &err))
		return err;
	items = arena_alloc(c->a, (l.coll.n ? l.coll.n : 1) * sizeof(*items));
	for (size_t i = 0; i < l.coll.n; i++) {
		if (l.coll.items[i].kind == TFV_NULL)
			return arg_error(c, 0, "given list element %zu is null; a null value cannot be "
					 "sorted", i);
		if (l.coll.items[i].kind == TFV_UNKNOWN) {
			/* the length is known, not the order */
			for (size_t j = 0; j < l.coll.n; j++)
				items[j] = unknown_of(&l.coll.items[i]);
			return tfv_list(c->a, items, l.coll.n, false);
		}
		items[i] = l.coll.items[i];
	}
	qsort(items, l.coll.n, sizeof(*items), cmp_strvals);
	return tfv_list(c->a, items, l.coll.n, false);
}

static struct tfval fn_reverse(struct fctx *c)
{
	const struct tfval *l = &c->args[0];
	struct tfval *items;

	if (!is_seq(l))
		return arg_error(c, 0, "can only reverse list or tuple values, not %s", tfv_type_name(l));
	items = arena_alloc(c->a, (l->coll.n ? l->coll.n : 1) * sizeof(*items));
	for (size_t i = 0; i < l->coll.n; i++)
		items[i] = l->coll.items[l->coll.n - 1 - i];
	return tfv_list(c->a, items, l->coll.n, l->kind == TFV_LIST && l->object);
}

static struct tfval fn_setproduct(struct fctx *c)
{
	struct tfval *lists, *out, *tuple, err;
	bool sets = false;
	double total = 1;
	size_t n;

	if (c->n < 2)
		return call_error(c, "at least two arguments are required");
	lists = arena_alloc(c->a, c->n * sizeof(*lists));
	for (size_t i = 0; i < c->n; i++) {
		if (!is_seq(&c->args[i]))
			return arg_error(c, i, "a set or a list is required");
		sets = sets || c->args[i].kind == TFV_SET; /* one set makes it a set */
		if (!get_as(c, i, list_of(c, &tft_any), &lists[i], &err))
			return err;
		if (c->args[i].kind == TFV_SET && unknown_item(&c->args[i]))
			return unknown_of(unknown_item(&c->args[i]));
		total *= (double)lists[i].coll.n;
	}
	if (total > (double)c->ev->lim.max_items)
		return too_many_items(c);
	n = (size_t)total;
	out = arena_alloc(c->a, (n ? n : 1) * sizeof(*out));
	tuple = xmalloc(c->n * sizeof(*tuple));
	for (size_t k = 0; k < n; k++) {
		size_t rest = k;
		for (size_t i = c->n; i-- > 0;) {
			tuple[i] = lists[i].coll.items[rest % lists[i].coll.n];
			rest /= lists[i].coll.n;
		}
		out[k] = tfv_list(c->a, tuple, c->n, true);
	}
	free(tuple);
	return sets ? tfv_set(c->a, out, n) : tfv_list(c->a, out, n, false);
}

/* Every argument as a set of one unified element type. */
static bool get_sets(struct fctx *c, struct tfval *sets, struct tfval *err)
{
	size_t total = 0, k = 0;
	struct tfval all, conv;
	struct tfval *items;

	for (size_t i = 0; i < c->n; i++) {
		if (!is_seq(&c->args[i])) {
			*err = arg_error(c, i, "a set or a list is required");
			return false;
		}
		total += c->args[i].coll.n;
	}
	items = xmalloc((total ? total : 1) * sizeof(*items));
	for (size_t i = 0; i < c->n; i++)
		for (size_t j = 0; j < c->args[i].coll.n; j++)
			items[k++] = c->args[i].coll.items[j];
	all = tfv_list(c->a, items, total, true);
	free(items);
	conv = tfv_convert(c->a, &all, list_of(c, &tft_any), c->loc);
	if (conv.kind == TFV_ERROR) {
		*err = call_error(c, "given sets must all have compatible element types");
		return false;
	}
	k = 0;
	for (size_t i = 0; i < c->n; i++) {
		sets[i] = tfv_set(c->a, conv.coll.items + k, c->args[i].coll.n);
		k += c->args[i].coll.n;
		if (unknown_item(&sets[i])) {
			*err = unknown_of(unknown_item(&sets[i]));
			return false;
		}
	}
	return true;
}

/* Is v in set?  Sets are sorted (tfv_compare) and wholly known here. */
static bool set_has(const struct tfval *set, const struct tfval *v)
{
	size_t lo = 0, hi = set->coll.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = tfv_compare(v, &set->coll.items[mid]);
		if (!r)
			return true;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static struct tfval set_op(struct fctx *c, int op)
{
	struct tfval *sets = arena_alloc(c->a, c->n * sizeof(*sets)), err, *out;
	size_t total = 0, m = 0;

	if (!get_sets(c, sets, &err))
		return err;
	for (size_t i = 0; i < c->n; i++)
		total += sets[i].coll.n;
	out = arena_alloc(c->a, (total ? total : 1) * sizeof(*out));
	for (size_t i = 0; i < (op == 0 ? c->n : 1); i++)
		for (size_t j = 0; j < sets[i].coll.n; j++) {
			const struct tfval *v = &sets[i].coll.items[j];
			bool keep = true;
			for (size_t k = 1; op != 0 && k < c->n; k++)
				keep = keep && (op == 1 ? set_has(&sets[k], v) : !set_has(&sets[k], v));
			if (keep)
				out[m++] = *v;
		}
	return tfv_set(c->a, out, m);
}

static struct tfval fn_setunion(struct fctx *c)
{
	return set_op(c, 0);
}

static struct tfval fn_setintersection(struct fctx *c)
{
	return set_op(c, 1);
}

static struct tfval fn_setsubtract(struct fctx *c)
{
	return set_op(c, 2);
}

static struct tfval fn_coalesce(struct fctx *c)
{
	const struct tft **types = arena_alloc(c->a, (c->n ? c->n : 1) * sizeof(*types)), *t;
	size_t m = 0;

	if (c->n == 0)
		return call_error(c, "no non-null, non-empty-string arguments");
	/* a null is of any type, and any type unifies with anything */
	for (size_t i = 0; i < c->n; i++)
		types[m++] = tfv_type_of(c->a, &c->args[i]);
	t = tft_unify(c->a, types, m);
	if (!t)
		return arg_error(c, 0, "all arguments must have the same type");
	for (size_t i = 0; i < c->n; i++) {
		struct tfval v;
		if (c->args[i].kind == TFV_UNKNOWN)
			return unknown_of(&c->args[i]);
		if (c->args[i].kind == TFV_NULL)
			continue;
		v = tfv_convert(c->a, &c->args[i], t, c->loc);
		if (v.kind == TFV_ERROR)
			return arg_error(c, i, "%s", v.err.msg);
		if (v.kind == TFV_STRING && v.str.len == 0)
			continue;
		return v;
	}
	return call_error(c, "no non-null, non-empty-string arguments");
}

static struct tfval fn_coalescelist(struct fctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct tfval *a = &c->args[i];
		if (a->kind == TFV_UNKNOWN)
			return unknown_of(a);
		if (a->kind != TFV_LIST)
			return call_error(c, "coalescelist arguments must be lists or tuples");
	}
	for (size_t i = 0; i < c->n; i++)
		if (c->args[i].coll.n)
			return c->args[i];
	return call_error(c, "no non-null arguments");
}

static struct tfval fn_compact(struct fctx *c)
{
	struct tfval l, err, *out;
	size_t m = 0;

	if (!get_as(c, 0, list_of(c, &tft_string), &l, &err))
		return err;
	out = arena_alloc(c->a, (l.coll.n ? l.coll.n : 1) * sizeof(*out));
	for (size_t i = 0; i < l.coll.n; i++) {
		const struct tfval *v = &l.coll.items[i];
		if (v->kind == TFV_UNKNOWN)
			return unknown_of(v);
		if (v->kind == TFV_NULL || v->str.len == 0)
			continue;
		out[m++] = *v;
	}
	return tfv_list(c->a, out, m, false);
}

static struct tfval fn_chunklist(struct fctx *c)
{
	struct tfval l, err, *chunks;
	long long size;
	size_t n;

	if (!get_as(c, 0, list_of(c, &tft_any), &l, &err))
		return err;
	if (c->args[1].kind == TFV_UNKNOWN)
		return unknown_of(&c->args[1]);
	if (!get_int(c, 1, &size, &err))
		return err;
	if (size < 0)
		return arg_error(c, 1, "the size argument must be positive");
	if (size == 0 || (size_t)size >= l.coll.n)
		size = l.coll.n ? (long long)l.coll.n : 1;
	n = (l.coll.n + (size_t)size - 1) / (size_t)size;
	chunks = arena_alloc(c->a, (n ? n : 1) * sizeof(*chunks));
	for (size_t i = 0; i < n; i++) {
		size_t from = i * (size_t)size, len = l.coll.n - from < (size_t)size ? l.coll.n - from
										 : (size_t)size;
		chunks[i] = tfv_list(c->a, l.coll.items + from, len, false);
	}
	return tfv_list(c->a, chunks, n, false);
}

static struct tfval all_or_any(struct fctx *c, bool all)
{
	struct tfval l, err;
	const struct tfval *unk = NULL;

	if (!get_as(c, 0, list_of(c, &tft_bool), &l, &err))
		return err;
	for (size_t i = 0; i < l.coll.n; i++) {
		const struct tfval *v = &l.coll.items[i];
		if (v->kind == TFV_UNKNOWN) {
			if (!unk)
				unk = v;
			continue;
		}
		if (v->kind == TFV_NULL)
			continue;
		if (v->b != all)
			return tfv_bool(!all);
	}
	if (unk)
		return unknown_of(unk);
	return tfv_bool(all);
}

static struct tfval fn_alltrue(struct fctx *c)
{
	return all_or_any(c, true);
}

static struct tfval fn_anytrue(struct fctx *c)
{
	return all_or_any(c, false);
}

static struct tfval fn_sum(struct fctx *c)
{
	const struct tfval *l = &c->args[0];
	double s = 0;

	if (!is_seq(l))
		return arg_error(c, 0, "argument must be list, set, or tuple of number values");
	if (l->coll.n == 0)
		return arg_error(c, 0, "cannot sum an empty list");
	for (size_t i = 0; i < l->coll.n; i++) {
		struct tfval v = tfv_to_number(c->a, &l->coll.items[i], c->loc);
		if (v.kind == TFV_UNKNOWN)
			return unknown_of(&v);
		if (v.kind != TFV_NUMBER)
			return arg_error(c, 0, "argument must be list, set, or tuple of number values");
		if (isinf(s) && isinf(v.num) && s != v.num)
			return call_error(c, "can't compute sum of opposing infinities");
		s += v.num;
	}
	return tfv_number(s);
}

/* --- types ------------------------------------------------------------ */

static struct tfval to_collection(struct fctx *c, enum tft_kind kind)
{
	const struct tfval *v = &c->args[0];
	struct tfval r;

	if (v->kind == TFV_NULL || v->kind == TFV_UNKNOWN)
		return *v;
	r = tfv_convert(c->a, v, tft_collection(c->a, kind, &tft_any), c->loc);
	if (r.kind == TFV_ERROR)
		return arg_error(c, 0, "cannot convert %s to %s of any single type", tfv_type_name(v),
				 kind == TFT_LIST ? "list" : kind == TFT_SET ? "set" : "map");
	return r;
}

static struct tfval fn_tolist(struct fctx *c)
{
	return to_collection(c, TFT_LIST);
}

static struct tfval fn_toset(struct fctx *c)
{
	return to_collection(c, TFT_SET);
}

static struct tfval fn_tomap(struct fctx *c)
{
	return to_collection(c, TFT_MAP);
}

static struct tfval to_primitive(struct fctx *c, const struct tft *t, const char *what)
{
	const struct tfval *v = &c->args[0];
	struct tfval r = tfv_convert(c->a, v, t, c->loc);

	if (r.kind != TFV_ERROR)
		return r;
	if (v->kind == TFV_STRING)
		return arg_error(c, 0, "%s", r.err.msg);
	return arg_error(c, 0, "cannot convert %s to %s", tfv_type_name(v), what);
}

static struct tfval fn_tostring(struct fctx *c)
{
	return to_primitive(c, &tft_string, "string");
}

static struct tfval fn_tonumber(struct fctx *c)
{
	return to_primitive(c, &tft_number, "number");
}

static struct tfval fn_tobool(struct fctx *c)
{
	return to_primitive(c, &tft_bool, "bool");
}

static struct tfval fn_identity(struct fctx *c)
{
	return c->args[0];
}

/* --- numbers ------------------------------------------------------------ */

static struct tfval number_result(struct fctx *c, double r)
{
	if (isnan(r))
		return call_error(c, "the result is not a number");
	return tfv_number(r);
}

static struct tfval min_or_max(struct fctx *c, bool max)
{
	double best = 0, d;
	struct tfval err;

	if (c->n == 0)
		return call_error(c, "must pass at least one number");
	for (size_t i = 0; i < c->n; i++) {
		if (!get_num(c, i, &d, &err))
			return err;
		if (i == 0 || (max ? d > best : d < best))
			best = d;
	}
	return tfv_number(best);
}

static struct tfval fn_min(struct fctx *c)
{
	return min_or_max(c, false);
}

static struct tfval fn_max(struct fctx *c)
{
	return min_or_max(c, true);
}

static struct tfval unary_math(struct fctx *c, double (*f)(double))
{
	double d;
	struct tfval err;

	if (!get_num(c, 0, &d, &err))
		return err;
	return number_result(c, f(d));
}


static struct tfval fn_abs(struct fctx *c)
{
	return unary_math(c, fabs);
}

static struct tfval fn_ceil(struct fctx *c)
{
	return unary_math(c, ceil);
}

static struct tfval fn_floor(struct fctx *c)
{
	return unary_math(c, floor);
}

static struct tfval fn_signum(struct fctx *c)
{
	long long d;
	struct tfval err;

	/* Terraform takes a whole number here */
	if (!get_int(c, 0, &d, &err))
		return err;
	return tfv_number(d > 0 ? 1 : d < 0 ? -1 : 0);
}

static struct tfval fn_pow(struct fctx *c)
{
	double x, y;
	struct tfval err;

	if (!get_num(c, 0, &x, &err) || !get_num(c, 1, &y, &err))
		return err;
	return number_result(c, pow(x, y));
}

static struct tfval fn_log(struct fctx *c)
{
	double x, b;
	struct tfval err;

	if (!get_num(c, 0, &x, &err) || !get_num(c, 1, &b, &err))
		return err;
	return number_result(c, log(x) / log(b));
}

static struct tfval fn_parseint(struct fctx *c)
{
	struct tfval s, err;
	long long base;
	double v = 0;
	size_t i = 0;
	bool neg = false;

	if (!get_str(c, 0, &s, &err))
		return err;
	if (!get_int(c, 1, &base, &err) || base < 2 || base > 62)
		return arg_error(c, 1, "base must be a whole number between 2 and 62 inclusive");
	if (i < s.str.len && (s.str.s[i] == '-' || s.str.s[i] == '+'))
		neg = s.str.s[i++] == '-';
	if (i == s.str.len)
		goto bad;
	for (; i < s.str.len; i++) {
		char ch = s.str.s[i];
		int d;
		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (ch >= 'a' && ch <= 'z')
			d = ch - 'a' + 10;
		else if (ch >= 'A' && ch <= 'Z')
			d = base <= 36 ? ch - 'A' + 10 : ch - 'A' + 36;
		else
			goto bad;
		if (d >= base)
			goto bad;
		v = v * (double)base + d;
	}
	return tfv_number(neg ? -v : v);
bad:
	return arg_error(c, 0, "cannot parse \"%s\" as a base %lld integer", s.str.s, base);
}

/* --- JSON ------------------------------------------------------------- */

static int json_add(struct sbuf *sb, const struct tfval *v)
{
	char buf[TFV_NUMSTRLEN];

	switch (v->kind) {
	case TFV_NULL:
		return sbuf_adds(sb, "null");
	case TFV_BOOL:
		return sbuf_adds(sb, v->b ? "true" : "false");
	case TFV_NUMBER:
		return sbuf_adds(sb, tfv_number_text(v->num, buf));
	case TFV_STRING:
		return tftext_add_json_quoted(sb, v->str.s, v->str.len);
	case TFV_LIST:
	case TFV_SET:
		sbuf_addch(sb, '[');
		for (size_t i = 0; i < v->coll.n; i++) {
			if (i)
				sbuf_addch(sb, ',');
			json_add(sb, &v->coll.items[i]);
		}
		return sbuf_addch(sb, ']');
	case TFV_MAP:
		sbuf_addch(sb, '{');
		for (size_t i = 0; i < v->coll.n; i++) {
			if (i)
				sbuf_addch(sb, ',');
			tftext_add_json_quoted(sb, v->coll.keys[i], strlen(v->coll.keys[i]));
			sbuf_addch(sb, ':');
			json_add(sb, &v->coll.items[i]);
		}
		return sbuf_addch(sb, '}');
	default:
		return -1;
	}
}

static struct tfval fn_jsonencode(struct fctx *c)
{
	const struct tfval *u = tfv_first_unknown(&c->args[0]);
	struct sbuf sb;
	struct tfval r;

	if (u)
		return unknown_of(u);
	sbuf_init(&sb, c->ev->lim.max_string);
	json_add(&sb, &c->args[0]);
	r = str_result(c, &sb);
	sbuf_release(&sb);
	return r;
}

static struct tfval from_json(struct fctx *c, const cJSON *j, unsigned depth)
{
	size_t n = 0, k = 0;
	struct tfval *items, r;
	const char **keys;
	const cJSON *e;

	if (depth > TFV_MAX_DEPTH)
		return call_error(c, "the JSON value is nested more than %d levels deep", TFV_MAX_DEPTH);
	if (cJSON_IsNull(j))
		return tfv_null();
	if (cJSON_IsBool(j))
		return tfv_bool(cJSON_IsTrue(j));
	if (cJSON_IsNumber(j))
		return tfv_number(j->valuedouble);
	if (cJSON_IsString(j))
		return tfv_cstring(c->a, j->valuestring);
	cJSON_ArrayForEach(e, j)
		n++;
	if (n > c->ev->lim.max_items)
		return too_many_items(c);
	items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	keys = arena_alloc(c->a, (n ? n : 1) * sizeof(*keys));
	cJSON_ArrayForEach(e, j) {
		items[k] = from_json(c, e, depth + 1);
		if (items[k].kind == TFV_ERROR)
			return items[k];
		keys[k++] = e->string ? e->string : "";
	}
	r = cJSON_IsArray(j) ? tfv_list(c->a, items, n, true) : tfv_map(c->a, keys, items, n, true);
	return r;
}

static struct tfval fn_jsondecode(struct fctx *c)
{
	struct tfval s, err, r;
	const char *end = NULL;
	cJSON *j;
	size_t i;

	if (!get_str(c, 0, &s, &err))
		return err;
	for (i = 0; i < s.str.len && strchr(" \t\r\n", s.str.s[i]) && s.str.s[i]; i++)
		;
	if (i == s.str.len)
		return call_error(c, "EOF");
	j = cJSON_ParseWithLengthOpts(s.str.s, s.str.len, &end, false);
	if (!j)
		return call_error(c, "invalid JSON at offset %zu",
				  (size_t)((cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : s.str.s) - s.str.s));
	for (i = (size_t)(end - s.str.s); i < s.str.len; i++)
		if (!strchr(" \t\r\n", s.str.s[i]) || !s.str.s[i]) {
			cJSON_Delete(j);
			return call_error(c, "extraneous data after JSON object");
		}
	r = from_json(c, j, 0);
	cJSON_Delete(j);
	return r;
}

/* --- the table ----------------------------------------------------------- */

static struct tfval fn_outside(struct fctx *c)
{
	return tfv_unknown(c->a, "%s() reads files, the environment or the clock, which cidrlint "
			   "does not do", c->fn->name);
}

static const struct builtin builtins[] = {
	{"abs", 1, 1, 0, fn_abs, "num"},
	{"abspath", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"alltrue", 1, 1, 0, fn_alltrue, "list"},
	{"anytrue", 1, 1, 0, fn_anytrue, "list"},
	{"basename", 1, 1, 0, fn_basename, "path"},
	{"bcrypt", 1, 2, F_OUTSIDE, fn_outside, "str,cost"},
	{"ceil", 1, 1, 0, fn_ceil, "num"},
	{"chomp", 1, 1, 0, fn_chomp, "str"},
	{"chunklist", 2, 2, F_UNKNOWN, fn_chunklist, "list,size"},
	{"cidrhost", 2, 2, F_UNKNOWN, fn_cidrhost, "prefix,hostnum"},
	{"cidrnetmask", 1, 1, 0, fn_cidrnetmask, "prefix"},
	{"cidrsubnet", 3, 3, F_UNKNOWN, fn_cidrsubnet, "prefix,newbits,netnum"},
	{"cidrsubnets", 1, -1, F_UNKNOWN, fn_cidrsubnets, "prefix,newbits"},
	{"coalesce", 0, -1, F_NULL | F_UNKNOWN, fn_coalesce, "vals"},
	{"coalescelist", 0, -1, F_UNKNOWN, fn_coalescelist, "vals"},
	{"compact", 1, 1, 0, fn_compact, "list"},
	{"concat", 0, -1, 0, fn_concat, "seqs"},
	{"contains", 2, 2, 0, fn_contains, "list,value"},
	{"dirname", 1, 1, 0, fn_dirname, "path"},
	{"distinct", 1, 1, 0, fn_distinct, "list"},
	{"element", 2, 2, F_UNKNOWN, fn_element, "list,index"},
	{"endswith", 2, 2, 0, fn_endswith, "str,suffix"},
	{"file", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"filebase64", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"filebase64sha256", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"filebase64sha512", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"fileexists", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"filemd5", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"fileset", 2, 2, F_OUTSIDE, fn_outside, "path,pattern"},
	{"filesha1", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"filesha256", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"filesha512", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"flatten", 1, 1, 0, fn_flatten, "list"},
	{"floor", 1, 1, 0, fn_floor, "num"},
	{"format", 1, -1, F_NULL | F_UNKNOWN, fn_format, "format,args"},
	{"formatlist", 1, -1, F_NULL | F_UNKNOWN, fn_formatlist, "format,args"},
	{"indent", 2, 2, 0, fn_indent, "spaces,str"},
	{"index", 2, 2, 0, fn_index, "list,value"},
	{"join", 1, -1, 0, fn_join, "separator,lists"},
	{"jsondecode", 1, 1, 0, fn_jsondecode, "str"},
	{"jsonencode", 1, 1, F_NULL | F_UNKNOWN, fn_jsonencode, "val"},
	{"keys", 1, 1, 0, fn_keys, "inputMap"},
	{"length", 1, 1, 0, fn_length, "value"},
	{"log", 2, 2, 0, fn_log, "num,base"},
	{"lookup", 2, 3, F_NULL | F_UNKNOWN, fn_lookup, "inputMap,key,default"},
	{"lower", 1, 1, 0, fn_lower, "str"},
	{"max", 0, -1, 0, fn_max, "numbers"},
	{"merge", 0, -1, F_NULL | F_UNKNOWN, fn_merge, "maps"},
	{"min", 0, -1, 0, fn_min, "numbers"},
	{"nonsensitive", 1, 1, F_NULL | F_UNKNOWN, fn_identity, "value"},
	{"one", 1, 1, 0, fn_one, "list"},
	{"parseint", 2, 2, 0, fn_parseint, "number,base"},
	{"pathexpand", 1, 1, F_OUTSIDE, fn_outside, "path"},
	{"plantimestamp", 0, 0, F_OUTSIDE, fn_outside, ""},
	{"pow", 2, 2, 0, fn_pow, "num,power"},
	{"range", 1, 3, 0, fn_range, "params"},
	{"regex", 2, 2, 0, fn_regex, "pattern,string"},
	{"regexall", 2, 2, 0, fn_regexall, "pattern,string"},
	{"replace", 3, 3, 0, fn_replace, "str,substr,replace"},
	{"reverse", 1, 1, 0, fn_reverse, "list"},
	{"sensitive", 1, 1, F_NULL | F_UNKNOWN, fn_identity, "value"},
	{"setintersection", 1, -1, 0, fn_setintersection, "first_set,other_sets"},
	{"setproduct", 0, -1, 0, fn_setproduct, "sets"},
	{"setsubtract", 2, 2, 0, fn_setsubtract, "a,b"},
	{"setunion", 1, -1, 0, fn_setunion, "first_set,other_sets"},
	{"signum", 1, 1, 0, fn_signum, "num"},
	{"slice", 3, 3, F_UNKNOWN, fn_slice, "list,start_index,end_index"},
	{"sort", 1, 1, 0, fn_sort, "list"},
	{"split", 2, 2, 0, fn_split, "separator,str"},
	{"startswith", 2, 2, 0, fn_startswith, "str,prefix"},
	{"strcontains", 2, 2, 0, fn_strcontains, "str,substr"},
	{"strrev", 1, 1, 0, fn_strrev, "str"},
	{"substr", 3, 3, 0, fn_substr, "str,offset,length"},
	{"sum", 1, 1, 0, fn_sum, "list"},
	{"templatefile", 2, 2, F_OUTSIDE, fn_outside, "path,vars"},
	{"timestamp", 0, 0, F_OUTSIDE, fn_outside, ""},
	{"title", 1, 1, 0, fn_title, "str"},
	{"tobool", 1, 1, F_NULL, fn_tobool, "v"},
	{"tolist", 1, 1, F_NULL, fn_tolist, "v"},
	{"tomap", 1, 1, F_NULL, fn_tomap, "v"},
	{"tonumber", 1, 1, F_NULL, fn_tonumber, "v"},
	{"toset", 1, 1, F_NULL, fn_toset, "v"},
	{"tostring", 1, 1, F_NULL, fn_tostring, "v"},
	{"trim", 2, 2, 0, fn_trim, "str,cutset"},
	{"trimprefix", 2, 2, 0, fn_trimprefix, "str,prefix"},
	{"trimspace", 1, 1, 0, fn_trimspace, "str"},
	{"trimsuffix", 2, 2, 0, fn_trimsuffix, "str,suffix"},
	{"upper", 1, 1, 0, fn_upper, "str"},
	{"uuid", 0, 0, F_OUTSIDE, fn_outside, ""},
	{"values", 1, 1, 0, fn_values, "mapping"},
	{"zipmap", 2, 2, 0, fn_zipmap, "keys,values"},
};

static const struct builtin *find_builtin(const char *name)
{
	size_t lo = 0, hi = ARRAY_SIZE(builtins);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, builtins[mid].name);
		if (!c)
			return &builtins[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static void note(struct tf_eval *ev, const struct hcl_range *at, const char *msg)
{
	if (ev->scope && ev->scope->note)
		ev->scope->note(ev->scope->ctx, at, msg);
}

struct tfval tf_call(struct tf_eval *ev, const char *name, const struct tfval *args, size_t n,
		     const struct hcl_range *at, bool *known)
{
	const struct builtin *fn = find_builtin(name);
	struct fctx c = {ev, ev->a, fn, args, n, at, tf_eval_loc(ev, at)};
	struct tfval r;
	char pname[64];

	if (!strcmp(name, "try") || !strcmp(name, "can")) {
		if (known)
			*known = true;
		return tfv_error(ev->a, c.loc, "%s() evaluates its arguments itself: call "
				 "tf_eval_expr() on the call", name);
	}
	if (known)
		*known = fn != NULL;
	if (!fn) {
		const char *why = strstr(name, "::")
			? arena_printf(ev->a, "the provider function %s() is not evaluated by cidrlint", name)
			: arena_printf(ev->a, "the function %s() is not supported by cidrlint", name);
		note(ev, at, why);
		return tfv_unknown(ev->a, "%s", why);
	}
	if ((int)n < fn->min)
		return tfv_error(ev->a, c.loc, "not enough function arguments: function \"%s\" expects "
				 "%s%d argument(s); missing value for \"%s\"", name,
				 fn->max < 0 ? "at least " : "", fn->min,
				 param_name(&c, n, pname, sizeof(pname)));
	if (fn->max >= 0 && (int)n > fn->max)
		return tfv_error(ev->a, c.loc, "too many function arguments: function \"%s\" expects "
				 "only %d argument(s)", name, fn->max);
	if (fn->flags & F_OUTSIDE) {
		r = fn_outside(&c);
		note(ev, at, r.unk.why);
		return r;
	}
	for (size_t i = 0; i < n; i++) {
		if (args[i].kind == TFV_NULL && !(fn->flags & F_NULL))
			return arg_error(&c, i, "argument must not be null");
		if (args[i].kind == TFV_UNKNOWN && !(fn->flags & F_UNKNOWN))
			return unknown_of(&args[i]);
	}
	r = fn->fn(&c);
	if (r.kind == TFV_ERROR && !loc_file(&r.err.loc) && !r.err.loc.line)
		r.err.loc = c.loc;
	if (!r.origin)
		for (size_t i = 0; i < n && !r.origin; i++)
			r.origin = args[i].origin;
	return r;
}
