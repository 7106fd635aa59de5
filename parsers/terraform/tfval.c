/*
 * tfval.c: Terraform's values: constructors, order, equality, number
 * text, conversions, types and their unification, and printing as
 * `terraform console` does.  Everything is allocated from the arena the
 * caller gives; nothing here is freed on its own.
 */
#include "parsers/terraform/tfval.h"
#include "parsers/terraform/tftext.h"
#include "parsers/terraform/hcl_lex.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- constructors ----------------------------------------------------- */

struct tfval tfv_string(struct arena *a, const char *s, size_t len)
{
	struct tfval v = {.kind = TFV_STRING};
	char *p = arena_alloc(a, len + 1);

	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	v.str.s = p;
	v.str.len = len;
	return v;
}

struct tfval tfv_cstring(struct arena *a, const char *s)
{
	return tfv_string(a, s, strlen(s));
}

struct tfval tfv_unknown(struct arena *a, const char *why_fmt, ...)
{
	struct tfval v = {.kind = TFV_UNKNOWN};
	va_list ap;

	va_start(ap, why_fmt);
	v.unk.why = arena_vprintf(a, why_fmt, ap);
	va_end(ap);
	return v;
}

struct tfval tfv_link(struct arena *a, const char *address, const char *why)
{
	struct tfval v = {.kind = TFV_UNKNOWN};

	v.unk.link = arena_strdup(a, address);
	v.unk.why = why ? arena_strdup(a, why)
			: arena_printf(a, "the id of %s is known only after apply", address);
	return v;
}

struct tfval tfv_cidr_unknown(struct arena *a, const char *base, unsigned base_len,
			      struct prefix rel, const char *why)
{
	struct tfval v = {.kind = TFV_UNKNOWN};
	struct tfv_cidr_shape *sh = arena_alloc(a, sizeof(*sh));

	sh->base = arena_strdup(a, base);
	sh->base_len = (uint8_t)base_len;
	sh->rel = rel;
	v.unk.cidr = sh;
	v.unk.why = why ? arena_strdup(a, why)
			: arena_printf(a, "%s is known only after apply", base);
	return v;
}

struct tfval tfv_error(struct arena *a, struct loc at, const char *fmt, ...)
{
	struct tfval v = {.kind = TFV_ERROR};
	va_list ap;

	va_start(ap, fmt);
	v.err.msg = arena_vprintf(a, fmt, ap);
	va_end(ap);
	v.err.loc = at;
	return v;
}

static const struct loc noloc;

/* 1 + the deepest item, or -1 past the bound. */
static int depth_of(const struct tfval *items, size_t n)
{
	unsigned d = 0;

	for (size_t i = 0; i < n; i++)
		if (items[i].depth > d)
			d = items[i].depth;
	return d + 1 > TFV_MAX_DEPTH ? -1 : (int)d + 1;
}

static struct tfval too_deep(struct arena *a)
{
	return tfv_error(a, noloc, "value nested more than %d levels deep", TFV_MAX_DEPTH);
}

struct tfval tfv_list(struct arena *a, const struct tfval *items, size_t n, bool tuple)
{
	struct tfval v = {.kind = TFV_LIST, .object = tuple};
	int d = depth_of(items, n);

	if (d < 0)
		return too_deep(a);
	v.depth = (uint16_t)d;
	v.coll.items = n ? arena_memdup(a, items, n * sizeof(*items)) : NULL;
	v.coll.n = n;
	return v;
}

/* A total order for sorting sets: bools, numbers, strings, then the rest;
 * unknown values last (they compare equal to each other). */
static int kind_rank(const struct tfval *v)
{
	switch (v->kind) {
	case TFV_BOOL: return 0;
	case TFV_NUMBER: return 1;
	case TFV_STRING: return 2;
	case TFV_LIST: return 3;
	case TFV_SET: return 4;
	case TFV_MAP: return 5;
	case TFV_NULL: return 6;
	default: return 7;
	}
}

int tfv_compare(const struct tfval *x, const struct tfval *y)
{
	int rx = kind_rank(x), ry = kind_rank(y), c;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	switch (x->kind) {
	case TFV_BOOL:
		return (int)x->b - (int)y->b;
	case TFV_NUMBER:
		return x->num < y->num ? -1 : x->num > y->num;
	case TFV_STRING: {
		size_t n = x->str.len < y->str.len ? x->str.len : y->str.len;
		c = n ? memcmp(x->str.s, y->str.s, n) : 0;
		if (c)
			return c;
		return x->str.len < y->str.len ? -1 : x->str.len > y->str.len;
	}
	case TFV_LIST:
	case TFV_SET:
	case TFV_MAP:
		if (x->object != y->object)
			return x->object ? 1 : -1;
		for (size_t i = 0; i < x->coll.n && i < y->coll.n; i++) {
			if (x->kind == TFV_MAP && (c = strcmp(x->coll.keys[i], y->coll.keys[i])))
				return c;
			if ((c = tfv_compare(&x->coll.items[i], &y->coll.items[i])))
				return c;
		}
		return x->coll.n < y->coll.n ? -1 : x->coll.n > y->coll.n;
	default:
		return 0;
	}
}

/* Items sorted with their place, so that equal ones keep their order. */
struct sort_item {
	const struct tfval *v;
	const char *key;         /* by key when set, else by value */
	size_t idx;
};

static int cmp_sort_items(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;
	int c = a->key ? strcmp(a->key, b->key) : tfv_compare(a->v, b->v);

	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void tfv_sort_order(const struct tfval *items, size_t n, size_t *order)
{
	struct sort_item *s = xmalloc((n ? n : 1) * sizeof(*s));

	for (size_t i = 0; i < n; i++)
		s[i] = (struct sort_item){&items[i], NULL, i};
	qsort(s, n, sizeof(*s), cmp_sort_items);
	for (size_t i = 0; i < n; i++)
		order[i] = s[i].idx;
	free(s);
}

struct tfval tfv_set(struct arena *a, const struct tfval *items, size_t n)
{
	struct tfval v = {.kind = TFV_SET};
	struct tfval *out;
	size_t m = 0, *order;
	int d = depth_of(items, n);

	if (d < 0)
		return too_deep(a);
	v.depth = (uint16_t)d;
	if (!n)
		return v;
	order = xmalloc(n * sizeof(*order));
	tfv_sort_order(items, n, order);
	out = arena_alloc(a, n * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct tfval *it = &items[order[i]];
		if (m && tfv_wholly_known(it) && tfv_wholly_known(&out[m - 1]) &&
		    tfv_compare(it, &out[m - 1]) == 0)
			continue;
		out[m++] = *it;
	}
	free(order);
	v.coll.items = out;
	v.coll.n = m;
	return v;
}

struct tfval tfv_map(struct arena *a, const char *const *keys, const struct tfval *items,
		     size_t n, bool object)
{
	struct tfval v = {.kind = TFV_MAP, .object = object};
	struct sort_item *s;
	size_t m = 0;
	int d = depth_of(items, n);

	if (d < 0)
		return too_deep(a);
	v.depth = (uint16_t)d;
	if (!n)
		return v;
	s = xmalloc(n * sizeof(*s));
	for (size_t i = 0; i < n; i++)
		s[i] = (struct sort_item){&items[i], keys[i], i};
	qsort(s, n, sizeof(*s), cmp_sort_items);
	v.coll.items = arena_alloc(a, n * sizeof(*v.coll.items));
	v.coll.keys = arena_alloc(a, n * sizeof(*v.coll.keys));
	for (size_t i = 0; i < n; i++) {
		/* of a repeated key, the last one written wins */
		if (i + 1 < n && strcmp(s[i].key, s[i + 1].key) == 0)
			continue;
		v.coll.keys[m] = arena_strdup(a, s[i].key);
		v.coll.items[m++] = *s[i].v;
	}
	free(s);
	v.coll.n = m;
	return v;
}

const struct tfval *tfv_map_get(const struct tfval *m, const char *key)
{
	size_t lo = 0, hi;

	if (m->kind != TFV_MAP)
		return NULL;
	hi = m->coll.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(key, m->coll.keys[mid]);
		if (!c)
			return &m->coll.items[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct tfval *tfv_first_unknown(const struct tfval *v)
{
	switch (v->kind) {
	case TFV_UNKNOWN:
	case TFV_ERROR:
		return v;
	case TFV_LIST:
	case TFV_SET:
	case TFV_MAP:
		for (size_t i = 0; i < v->coll.n; i++) {
			const struct tfval *u = tfv_first_unknown(&v->coll.items[i]);
			if (u)
				return u;
		}
		return NULL;
	default:
		return NULL;
	}
}

bool tfv_wholly_known(const struct tfval *v)
{
	return tfv_first_unknown(v) == NULL;
}

/* Do x and y have the same type, as far as their values tell? */
static bool same_shape(const struct tfval *x, const struct tfval *y)
{
	if (x->kind != y->kind || x->object != y->object)
		return false;
	if (x->kind == TFV_MAP && x->object) {
		if (x->coll.n != y->coll.n)
			return false;
		for (size_t i = 0; i < x->coll.n; i++)
			if (strcmp(x->coll.keys[i], y->coll.keys[i]))
				return false;
	}
	if (x->kind == TFV_LIST && x->object && x->coll.n != y->coll.n)
		return false;
	return true;
}

int tfv_equal(const struct tfval *x, const struct tfval *y)
{
	if (!tfv_is_known(x) || !tfv_is_known(y))
		return -1;
	if (x->kind == TFV_NULL || y->kind == TFV_NULL)
		return x->kind == y->kind;
	if (!same_shape(x, y))
		return 0;
	switch (x->kind) {
	case TFV_BOOL:
		return x->b == y->b;
	case TFV_NUMBER:
		return x->num == y->num;
	case TFV_STRING:
		return x->str.len == y->str.len && !memcmp(x->str.s, y->str.s, x->str.len);
	case TFV_SET:
		if (!tfv_wholly_known(x) || !tfv_wholly_known(y))
			return -1;
		/* fall through */
	case TFV_LIST:
		if (x->coll.n != y->coll.n)
			return 0;
		for (size_t i = 0; i < x->coll.n; i++) {
			int r = tfv_equal(&x->coll.items[i], &y->coll.items[i]);
			if (r != 1)
				return r;
		}
		return 1;
	case TFV_MAP:
		if (x->coll.n != y->coll.n)
			return 0;
		for (size_t i = 0; i < x->coll.n; i++)
			if (strcmp(x->coll.keys[i], y->coll.keys[i]))
				return 0;
		for (size_t i = 0; i < x->coll.n; i++) {
			int r = tfv_equal(&x->coll.items[i], &y->coll.items[i]);
			if (r != 1)
				return r;
		}
		return 1;
	}
	return 0;
}

/* --- numbers ---------------------------------------------------------- */

/*
 * Does the decimal e (from printf's %e) stand for the power of two m in
 * Go's big.Float shortest printing?  Go takes half an ulp above m on
 * both sides, where float64 printing takes the smaller gap below a power
 * of two, so Go prints pow(2, 64) as 18446744073709550000 (a float64
 * would read that back as the number below).
 */
static bool go_accepts(double m, const char *e)
{
	int f, exp10 = atoi(strchr(e, 'e') + 1), nd = 0;
	long double c = 0;

	if (frexp(m, &f) != 0.5 || f < -960)
		return false;
	for (const char *q = e; *q && *q != 'e'; q++)
		if (*q >= '0' && *q <= '9')
			c = c * 10 + (*q - '0'), nd++;
	/* |c * 10^k - 2^E| <= 2^(E - 53), scaled by 2^-(E - 53) */
	c = c * powl(10.0L, exp10 - nd + 1);
	return fabsl(ldexpl(c, -(f - 1 - 53)) - ldexpl(1.0L, 53)) <= 1.0L;
}

size_t tfv_number_digits(double m, char digits[TFV_DIGITS], int *exp10)
{
	char e[40];
	size_t nd = 0;
	int p;
	const char *q;

	for (p = 1; p <= 17; p++) {
		snprintf(e, sizeof(e), "%.*e", p - 1, m);
		if (strtod(e, NULL) == m || go_accepts(m, e))
			break;
	}
	for (q = e; *q && *q != 'e'; q++)
		if (*q >= '0' && *q <= '9')
			digits[nd++] = *q;
	*exp10 = atoi(q + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	return nd;
}

char *tfv_number_text(double d, char buf[TFV_NUMSTRLEN])
{
	char digits[TFV_DIGITS];
	size_t nd, o = 0;
	int exp;

	if (isinf(d)) {
		snprintf(buf, TFV_NUMSTRLEN, "%s", d > 0 ? "+Inf" : "-Inf");
		return buf;
	}
	if (isnan(d)) {
		snprintf(buf, TFV_NUMSTRLEN, "NaN");
		return buf;
	}
	if (d == 0) {
		snprintf(buf, TFV_NUMSTRLEN, "%s", signbit(d) ? "-0" : "0");
		return buf;
	}
	if (d < 0)
		buf[o++] = '-';
	nd = tfv_number_digits(fabs(d), digits, &exp);
	if (exp >= (int)nd - 1) {
		memcpy(buf + o, digits, nd);
		o += nd;
		for (int i = 0; i < exp - ((int)nd - 1); i++)
			buf[o++] = '0';
	} else if (exp >= 0) {
		memcpy(buf + o, digits, (size_t)exp + 1);
		o += (size_t)exp + 1;
		buf[o++] = '.';
		memcpy(buf + o, digits + exp + 1, nd - (size_t)exp - 1);
		o += nd - (size_t)exp - 1;
	} else {
		buf[o++] = '0';
		buf[o++] = '.';
		for (int i = 0; i < -exp - 1; i++)
			buf[o++] = '0';
		memcpy(buf + o, digits, nd);
		o += nd;
	}
	buf[o] = '\0';
	return buf;
}

bool tfv_parse_number(const char *s, size_t len, double *out)
{
	size_t i = 0, mant = 0;
	char tmp[512];

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (len - i == 3 && (!memcmp(s + i, "Inf", 3) || !memcmp(s + i, "inf", 3))) {
		*out = s[0] == '-' ? -INFINITY : INFINITY;
		return true;
	}
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, mant++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, mant++;
	}
	if (!mant)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t ed = 0;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, ed++;
		if (!ed)
			return false;
	}
	if (i != len)
		return false;
	if (len < sizeof(tmp)) {
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		*out = strtod(tmp, NULL);
	} else {
		char *big = xstrndup(s, len);
		*out = strtod(big, NULL);
		free(big);
	}
	return true;
}

/* --- primitive conversions -------------------------------------------- */

struct tfval tfv_to_string(struct arena *a, const struct tfval *v, struct loc at)
{
	char buf[TFV_NUMSTRLEN];

	switch (v->kind) {
	case TFV_STRING:
	case TFV_NULL:
	case TFV_UNKNOWN:
	case TFV_ERROR:
		return *v;
	case TFV_NUMBER: {
		struct tfval r = tfv_cstring(a, tfv_number_text(v->num, buf));
		r.origin = v->origin;
		return r;
	}
	case TFV_BOOL: {
		struct tfval r = tfv_cstring(a, v->b ? "true" : "false");
		r.origin = v->origin;
		return r;
	}
	default:
		return tfv_error(a, at, "string required, but have %s", tfv_type_name(v));
	}
}

struct tfval tfv_to_number(struct arena *a, const struct tfval *v, struct loc at)
{
	double d;

	switch (v->kind) {
	case TFV_NUMBER:
	case TFV_NULL:
	case TFV_UNKNOWN:
	case TFV_ERROR:
		return *v;
	case TFV_STRING:
		if (tfv_parse_number(v->str.s, v->str.len, &d)) {
			struct tfval r = tfv_number(d);
			r.origin = v->origin;
			return r;
		}
		return tfv_error(a, at, "cannot convert \"%s\" to number; given string must be a "
			       "decimal representation of a number", v->str.s);
	default:
		return tfv_error(a, at, "number required, but have %s", tfv_type_name(v));
	}
}

struct tfval tfv_to_bool(struct arena *a, const struct tfval *v, struct loc at)
{
	switch (v->kind) {
	case TFV_BOOL:
	case TFV_NULL:
	case TFV_UNKNOWN:
	case TFV_ERROR:
		return *v;
	case TFV_STRING:
		/* Terraform takes "1" and "0" too, though it says it does not */
		if (!strcmp(v->str.s, "true") || !strcmp(v->str.s, "false") ||
		    !strcmp(v->str.s, "1") || !strcmp(v->str.s, "0")) {
			struct tfval r = tfv_bool(v->str.s[0] == 't' || v->str.s[0] == '1');
			r.origin = v->origin;
			return r;
		}
		return tfv_error(a, at, "cannot convert \"%s\" to bool; only the strings \"true\" or "
			       "\"false\" are allowed", v->str.s);
	default:
		return tfv_error(a, at, "bool required, but have %s", tfv_type_name(v));
	}
}

/* --- printing ---------------------------------------------------------- */

const char *tfv_type_name(const struct tfval *v)
{
	switch (v->kind) {
	case TFV_NULL: return "null";
	case TFV_BOOL: return "bool";
	case TFV_NUMBER: return "number";
	case TFV_STRING: return "string";
	case TFV_LIST: return v->object ? "tuple" : "list";
	case TFV_SET: return "set";
	case TFV_MAP: return v->object ? "object" : "map";
	case TFV_UNKNOWN: return "unknown";
	default: return "error";
	}
}

static void add_indent(struct sbuf *sb, int indent)
{
	if (indent > 0)
		sbuf_addrep(sb, ' ', (size_t)indent);
}

/* A string with a newline, as the console prints it: a heredoc whose
 * delimiter no line of the text is. */
static void add_heredoc(struct sbuf *sb, const struct tfval *v, int indent)
{
	char delim[64] = "EOT";
	size_t dlen = 3;
	const char *s = v->str.s, *end = s + v->str.len;
	bool clash = true;

	while (clash && dlen < sizeof(delim) - 1) {
		clash = false;
		for (const char *l = s; l <= end;) {
			const char *nl = memchr(l, '\n', (size_t)(end - l));
			const char *le = nl ? nl : end, *b = l;
			while (b < le && hcl_is_space((unsigned char)*b))
				b++;
			while (le > b && hcl_is_space((unsigned char)le[-1]))
				le--;
			if ((size_t)(le - b) == dlen && !memcmp(b, delim, dlen)) {
				clash = true;
				break;
			}
			if (!nl)
				break;
			l = nl + 1;
		}
		if (clash)
			delim[dlen++] = '_';
	}
	delim[dlen] = '\0';
	sbuf_adds(sb, indent > 0 ? "<<-" : "<<");
	sbuf_adds(sb, delim);
	for (const char *l = s;;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		const char *le = nl ? nl : end;
		sbuf_addch(sb, '\n');
		add_indent(sb, indent);
		sbuf_add(sb, l, (size_t)(le - l));
		if (!nl)
			break;
		l = nl + 1;
	}
	sbuf_addch(sb, '\n');
	add_indent(sb, indent);
	sbuf_adds(sb, delim);
}

static void add_value(struct sbuf *sb, const struct tfval *v, int indent, bool line)
{
	char buf[TFV_NUMSTRLEN];
	const char *wrap = NULL;
	bool map;

	switch (v->kind) {
	case TFV_NULL:
		sbuf_adds(sb, "null");
		return;
	case TFV_BOOL:
		sbuf_adds(sb, v->b ? "true" : "false");
		return;
	case TFV_NUMBER:
		sbuf_adds(sb, tfv_number_text(v->num, buf));
		return;
	case TFV_STRING:
		if (!line && memchr(v->str.s, '\n', v->str.len))
			add_heredoc(sb, v, indent);
		else
			tftext_add_go_quoted(sb, v->str.s, v->str.len);
		return;
	case TFV_UNKNOWN:
		sbuf_adds(sb, "(known after apply)");
		return;
	case TFV_ERROR:
		sbuf_addf(sb, "(error: %s)", v->err.msg);
		return;
	case TFV_LIST:
		if (!v->object)
			wrap = "tolist(";
		break;
	case TFV_SET:
		wrap = "toset(";
		break;
	case TFV_MAP:
		if (!v->object)
			wrap = "tomap(";
		break;
	}
	map = v->kind == TFV_MAP;
	if (wrap)
		sbuf_adds(sb, wrap);
	sbuf_addch(sb, map ? '{' : '[');
	for (size_t i = 0; i < v->coll.n; i++) {
		if (line) {
			if (i)
				sbuf_adds(sb, ", ");
		} else {
			sbuf_addch(sb, '\n');
			add_indent(sb, indent + 2);
		}
		if (map) {
			tftext_add_go_quoted(sb, v->coll.keys[i], strlen(v->coll.keys[i]));
			sbuf_adds(sb, " = ");
		}
		add_value(sb, &v->coll.items[i], indent + 2, line);
		if (!map && !line)
			sbuf_addch(sb, ',');
	}
	if (v->coll.n && !line) {
		sbuf_addch(sb, '\n');
		add_indent(sb, indent);
	}
	sbuf_addch(sb, map ? '}' : ']');
	if (wrap)
		sbuf_addch(sb, ')');
}

static const char *format_value(struct arena *a, const struct tfval *v, bool line)
{
	struct sbuf sb;
	const char *p;

	sbuf_init(&sb, 0);
	add_value(&sb, v, 0, line);
	p = arena_strndup(a, sb.buf, sb.len);
	sbuf_release(&sb);
	return p;
}

const char *tfv_format(struct arena *a, const struct tfval *v)
{
	return format_value(a, v, false);
}

const char *tfv_format_line(struct arena *a, const struct tfval *v)
{
	return format_value(a, v, true);
}

/* --- types ------------------------------------------------------------ */

const struct tft tft_any = {.kind = TFT_ANY};
const struct tft tft_bool = {.kind = TFT_BOOL};
const struct tft tft_number = {.kind = TFT_NUMBER};
const struct tft tft_string = {.kind = TFT_STRING};

const struct tft *tft_collection(struct arena *a, enum tft_kind kind, const struct tft *elem)
{
	struct tft *t = arena_alloc(a, sizeof(*t));

	t->kind = (uint8_t)kind;
	t->elem = elem;
	return t;
}

static bool is_primitive(const struct tft *t)
{
	return t->kind == TFT_BOOL || t->kind == TFT_NUMBER || t->kind == TFT_STRING;
}

bool tft_equal(const struct tft *x, const struct tft *y)
{
	if (x == y)
		return true;
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case TFT_LIST:
	case TFT_SET:
	case TFT_MAP:
		return tft_equal(x->elem, y->elem);
	case TFT_OBJECT:
		if (x->n != y->n)
			return false;
		for (size_t i = 0; i < x->n; i++)
			if (strcmp(x->keys[i], y->keys[i]))
				return false;
		/* fall through */
	case TFT_TUPLE:
		if (x->n != y->n)
			return false;
		for (size_t i = 0; i < x->n; i++)
			if (!tft_equal(x->items[i], y->items[i]))
				return false;
		return true;
	default:
		return true;
	}
}

const struct tft *tfv_type_of(struct arena *a, const struct tfval *v)
{
	struct tft *t;
	const struct tft **items;

	switch (v->kind) {
	case TFV_BOOL:
		return &tft_bool;
	case TFV_NUMBER:
		return &tft_number;
	case TFV_STRING:
		return &tft_string;
	case TFV_LIST:
	case TFV_SET:
	case TFV_MAP:
		break;
	default:
		return &tft_any;
	}
	items = v->coll.n ? arena_alloc(a, v->coll.n * sizeof(*items)) : NULL;
	for (size_t i = 0; i < v->coll.n; i++)
		items[i] = tfv_type_of(a, &v->coll.items[i]);
	t = arena_alloc(a, sizeof(*t));
	if (v->object) {
		t->kind = v->kind == TFV_MAP ? TFT_OBJECT : TFT_TUPLE;
		t->items = items;
		t->keys = v->kind == TFV_MAP ? (const char *const *)v->coll.keys : NULL;
		t->n = v->coll.n;
		return t;
	}
	t->kind = v->kind == TFV_LIST ? TFT_LIST : v->kind == TFV_SET ? TFT_SET : TFT_MAP;
	t->elem = v->coll.n ? tft_unify(a, items, v->coll.n) : &tft_any;
	if (!t->elem)
		t->elem = &tft_any;
	return t;
}

static bool can_convert(struct arena *a, const struct tft *from, const struct tft *to);

/* Does every one of types[0..n) convert to elem (elem any: unify)? */
static bool all_convert(struct arena *a, const struct tft *const *types, size_t n,
			const struct tft *elem)
{
	if (elem->kind == TFT_ANY)
		return n == 0 || tft_unify(a, types, n) != NULL;
	for (size_t i = 0; i < n; i++)
		if (!can_convert(a, types[i], elem))
			return false;
	return true;
}

/* An object type's attribute (keys are sorted). */
static bool obj_has(const struct tft *o, const char *key, size_t *at)
{
	size_t lo = 0, hi = o->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(key, o->keys[mid]);
		if (!c) {
			*at = mid;
			return true;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* Whether Terraform has a conversion from one type to another (the
 * conversions that may still fail on the value, "12" to a number, count). */
static bool can_convert(struct arena *a, const struct tft *from, const struct tft *to)
{
	size_t k;

	if (to->kind == TFT_ANY || from->kind == TFT_ANY || tft_equal(from, to))
		return true;
	switch (to->kind) {
	case TFT_STRING:
		return is_primitive(from);
	case TFT_NUMBER:
	case TFT_BOOL:
		return from->kind == TFT_STRING;
	case TFT_LIST:
	case TFT_SET:
		if (from->kind == TFT_LIST || from->kind == TFT_SET)
			return can_convert(a, from->elem, to->elem);
		if (from->kind == TFT_TUPLE)
			return all_convert(a, from->items, from->n, to->elem);
		return false;
	case TFT_MAP:
		if (from->kind == TFT_MAP)
			return can_convert(a, from->elem, to->elem);
		if (from->kind == TFT_OBJECT)
			return all_convert(a, from->items, from->n, to->elem);
		return false;
	case TFT_TUPLE:
		if (from->kind == TFT_TUPLE) {
			if (from->n != to->n)
				return false;
			for (size_t i = 0; i < to->n; i++)
				if (!can_convert(a, from->items[i], to->items[i]))
					return false;
			return true;
		}
		return false; /* Terraform has no conversion from a list or set to a tuple */
	case TFT_OBJECT:
		if (from->kind == TFT_OBJECT) {
			for (size_t i = 0; i < to->n; i++) {
				if (obj_has(from, to->keys[i], &k)) {
					if (!can_convert(a, from->items[k], to->items[i]))
						return false;
				} else if (!to->optional || !to->optional[i]) {
					return false;
				}
			}
			return true;
		}
		if (from->kind == TFT_MAP) {
			for (size_t i = 0; i < to->n; i++)
				if (!can_convert(a, from->elem, to->items[i]))
					return false;
			return true;
		}
		return false;
	}
	return false;
}

/* Terraform's preference between two candidate types for unification:
 * negative when x is preferred, positive when y is, 0 when neither. */
static int compare_types(const struct tft *x, const struct tft *y)
{
	int swap = 1;

	if (x->kind == TFT_ANY || y->kind == TFT_ANY) {
		if (x->kind != TFT_ANY)
			return -1;
		if (y->kind != TFT_ANY)
			return 1;
		return 0;
	}
	if (is_primitive(x) && is_primitive(y)) {
		if (x->kind == TFT_STRING || y->kind == TFT_STRING) {
			if (x->kind != TFT_STRING)
				return 1;
			if (y->kind != TFT_STRING)
				return -1;
		}
		return 0;
	}
	if (x->kind == y->kind && (x->kind == TFT_LIST || x->kind == TFT_SET || x->kind == TFT_MAP))
		return compare_types(x->elem, y->elem);
	if ((x->kind == TFT_TUPLE && y->kind == TFT_LIST) ||
	    (x->kind == TFT_OBJECT && y->kind == TFT_MAP) ||
	    (x->kind == TFT_SET && (y->kind == TFT_TUPLE || y->kind == TFT_LIST))) {
		const struct tft *t = x;
		x = y;
		y = t;
		swap = -1;
	}
	if (y->kind == TFT_SET && (x->kind == TFT_TUPLE || x->kind == TFT_LIST))
		return -swap;
	if (x->kind == TFT_LIST && y->kind == TFT_TUPLE)
		return -swap;
	if (x->kind == TFT_MAP && y->kind == TFT_OBJECT)
		return -swap;
	if ((x->kind == TFT_OBJECT && y->kind == TFT_OBJECT) ||
	    (x->kind == TFT_TUPLE && y->kind == TFT_TUPLE)) {
		bool xsuper = false, ysuper = false;
		size_t k;
		if (x->n != y->n)
			return 0;
		for (size_t i = 0; i < x->n; i++) {
			const struct tft *yt;
			if (x->kind == TFT_OBJECT) {
				if (!obj_has(y, x->keys[i], &k))
					return 0;
				yt = y->items[k];
			} else {
				yt = y->items[i];
			}
			int c = compare_types(x->items[i], yt);
			if (c < 0)
				xsuper = true;
			else if (c > 0)
				ysuper = true;
		}
		if (xsuper && ysuper)
			return 0;
		return xsuper ? -1 : ysuper ? 1 : 0;
	}
	return 0;
}

/* The elements' types of collections, tuples and objects, flattened. */
static const struct tft **member_types(struct arena *a, const struct tft *const *types, size_t n,
				       size_t *count)
{
	size_t m = 0, k = 0;
	const struct tft **out;

	for (size_t i = 0; i < n; i++)
		m += types[i]->kind == TFT_TUPLE || types[i]->kind == TFT_OBJECT ? types[i]->n
		     : types[i]->kind == TFT_ANY ? 0 : 1;
	out = arena_alloc(a, (m ? m : 1) * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct tft *t = types[i];
		if (t->kind == TFT_TUPLE || t->kind == TFT_OBJECT)
			for (size_t j = 0; j < t->n; j++)
				out[k++] = t->items[j];
		else if (t->kind != TFT_ANY)
			out[k++] = t->elem;
	}
	*count = k;
	return out;
}

static const struct tft *unify_members(struct arena *a, const struct tft *const *types, size_t n,
				       enum tft_kind kind)
{
	size_t m;
	const struct tft **members = member_types(a, types, n, &m);
	const struct tft *elem = tft_unify(a, members, m), *ret;

	if (!elem)
		return NULL;
	ret = tft_collection(a, kind, elem);
	for (size_t i = 0; i < n; i++)
		if (!can_convert(a, types[i], ret))
			return NULL;
	return ret;
}

static const struct tft *unify_structs(struct arena *a, const struct tft *const *types, size_t n,
				       enum tft_kind kind)
{
	const struct tft *first = types[0];
	const struct tft **across, **items;
	struct tft *t;
	size_t k = 0;

	for (size_t i = 1; i < n; i++) {
		if (types[i]->n != first->n)
			return unify_members(a, types, n, kind == TFT_OBJECT ? TFT_MAP : TFT_LIST);
		if (kind == TFT_OBJECT)
			for (size_t j = 0; j < first->n; j++)
				if (!obj_has(types[i], first->keys[j], &k))
					return unify_members(a, types, n, TFT_MAP);
	}
	across = arena_alloc(a, n * sizeof(*across));
	items = arena_alloc(a, (first->n ? first->n : 1) * sizeof(*items));
	for (size_t j = 0; j < first->n; j++) {
		for (size_t i = 0; i < n; i++) {
			if (kind == TFT_OBJECT) {
				obj_has(types[i], first->keys[j], &k);
				across[i] = types[i]->items[k];
			} else {
				across[i] = types[i]->items[j];
			}
		}
		if (!(items[j] = tft_unify(a, across, n)))
			return NULL;
	}
	t = arena_alloc(a, sizeof(*t));
	*t = *first;
	t->items = items;
	t->optional = NULL;
	t->defaults = NULL;
	return t;
}

static uint64_t tft_hash(const struct tft *t)
{
	uint64_t h = 1469598103934665603ULL ^ t->kind;

	switch (t->kind) {
	case TFT_LIST:
	case TFT_SET:
	case TFT_MAP:
		return (h * 1099511628211ULL) ^ tft_hash(t->elem);
	case TFT_OBJECT:
	case TFT_TUPLE:
		h = (h * 1099511628211ULL) ^ t->n;
		for (size_t i = 0; i < t->n; i++) {
			if (t->kind == TFT_OBJECT)
				h = (h * 1099511628211ULL) ^ hash_str(t->keys[i]);
			h = (h * 1099511628211ULL) ^ tft_hash(t->items[i]);
		}
		return h;
	default:
		return h;
	}
}

/* The distinct types of in[0..n), in their first order: a tuple of
 * 10,000 strings is one string to unify (a hash set, so it is linear). */
static const struct tft **distinct_types(struct arena *a, const struct tft *const *in, size_t n,
					 size_t *count)
{
	const struct tft **out = arena_alloc(a, n * sizeof(*out));
	size_t cap = 16, m = 0;
	size_t *slots;

	while (cap < 2 * n)
		cap *= 2;
	slots = xcalloc(cap, sizeof(*slots)); /* index + 1, 0 empty */
	for (size_t i = 0; i < n; i++) {
		size_t k = (size_t)tft_hash(in[i]) & (cap - 1);
		for (; slots[k] && !tft_equal(out[slots[k] - 1], in[i]); k = (k + 1) & (cap - 1))
			;
		if (!slots[k]) {
			out[m++] = in[i];
			slots[k] = m;
		}
	}
	free(slots);
	*count = m;
	return out;
}

#define TFT_MAX_CANDIDATES 512

const struct tft *tft_unify(struct arena *a, const struct tft *const *in, size_t nin)
{
	size_t counts[TFT_OBJECT + 1] = {0}, n = 0;
	const struct tft **types;
	size_t *order, *indeg, head = 0, tail = 0;
	const struct tft *ret = NULL;

	if (!nin)
		return &tft_any;
	types = distinct_types(a, in, nin, &n);
	if (n == 1)
		return types[0];
	for (size_t i = 0; i < n; i++)
		counts[types[i]->kind]++;
	size_t dyn = counts[TFT_ANY], maps = counts[TFT_MAP], lists = counts[TFT_LIST],
	       sets = counts[TFT_SET], objs = counts[TFT_OBJECT], tuples = counts[TFT_TUPLE];
	if (maps && maps + dyn == n)
		return dyn ? &tft_any : unify_members(a, types, n, TFT_MAP);
	if (maps && maps + objs + dyn == n && (ret = unify_members(a, types, n, TFT_MAP)))
		return ret;
	if (lists && lists + dyn == n)
		return dyn ? &tft_any : unify_members(a, types, n, TFT_LIST);
	if (lists && lists + tuples + dyn == n && (ret = unify_members(a, types, n, TFT_LIST)))
		return ret;
	if (sets && sets + dyn == n)
		return dyn ? &tft_any : unify_members(a, types, n, TFT_SET);
	if (objs && objs + dyn == n)
		return dyn ? &tft_any : unify_structs(a, types, n, TFT_OBJECT);
	if (tuples && tuples + dyn == n)
		return dyn ? &tft_any : unify_structs(a, types, n, TFT_TUPLE);
	if (objs && tuples)
		return NULL;

	/* the most general type first (a topological order of preference),
	 * then the first every type converts to; quadratic in the distinct
	 * types, so past a bound no real configuration reaches it gives up */
	if (n > TFT_MAX_CANDIDATES)
		return NULL;
	order = xmalloc(n * sizeof(*order));
	indeg = xcalloc(n, sizeof(*indeg));
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			int c = compare_types(types[i], types[j]);
			if (c < 0)
				indeg[j]++;
			else if (c > 0)
				indeg[i]++;
		}
	for (size_t i = 0; i < n; i++)
		if (!indeg[i])
			order[tail++] = i;
	while (head < tail) {
		size_t i = order[head++];
		for (size_t j = 0; j < n; j++) {
			int c = j == i ? 0 : j > i ? compare_types(types[i], types[j])
						 : -compare_types(types[j], types[i]);
			if (c < 0 && --indeg[j] == 0)
				order[tail++] = j;
		}
	}
	for (size_t oi = 0; oi < tail && !ret; oi++) {
		const struct tft *want = types[order[oi]];
		size_t i;
		for (i = 0; i < n && can_convert(a, types[i], want); i++)
			;
		if (i == n)
			ret = want;
	}
	free(order);
	free(indeg);
	return ret;
}

const char *tft_friendly(struct arena *a, const struct tft *t)
{
	switch (t->kind) {
	case TFT_ANY: return "dynamic";
	case TFT_BOOL: return "bool";
	case TFT_NUMBER: return "number";
	case TFT_STRING: return "string";
	case TFT_LIST: return arena_printf(a, "list of %s", tft_friendly(a, t->elem));
	case TFT_SET: return arena_printf(a, "set of %s", tft_friendly(a, t->elem));
	case TFT_MAP: return arena_printf(a, "map of %s", tft_friendly(a, t->elem));
	case TFT_TUPLE: return "tuple";
	default: return "object";
	}
}

/* --- conversion -------------------------------------------------------- */

static struct tfval convert(struct arena *a, const struct tfval *v, const struct tft *want,
			    struct loc at, const char *path);

static struct tfval mismatch(struct arena *a, const struct tfval *v, const struct tft *want,
			     struct loc at, const char *path)
{
	return tfv_error(a, at, "%s%s%s required, but have %s", path ? path : "", path ? ": " : "",
			 tft_friendly(a, want), tfv_type_name(v));
}

static const char *sub_path(struct arena *a, const char *path, bool attr, const char *key,
			    size_t idx)
{
	if (attr)
		return path ? arena_printf(a, "%s: attribute \"%s\"", path, key)
			    : arena_printf(a, "attribute \"%s\"", key);
	return path ? arena_printf(a, "%s: element %zu", path, idx)
		    : arena_printf(a, "element %zu", idx);
}

/* Elements (or attribute values) converted to elem, or to their unified
 * type when elem is any. */
static struct tfval convert_items(struct arena *a, const struct tfval *v, const struct tft *elem,
				  struct loc at, const char *path, struct tfval *out)
{
	bool attr = v->kind == TFV_MAP;

	if (elem->kind == TFT_ANY && v->coll.n) {
		const struct tft **types = arena_alloc(a, v->coll.n * sizeof(*types));
		for (size_t i = 0; i < v->coll.n; i++)
			types[i] = tfv_type_of(a, &v->coll.items[i]);
		elem = tft_unify(a, types, v->coll.n);
		/* Terraform also refuses a unification left at any when it was
		 * not given nothing but nulls ([{a = 1}, null, {b = 2}]); an
		 * unknown here has no type, so with one the items stay as they are */
		if (elem && elem->kind == TFT_ANY && !tfv_first_unknown(v)) {
			for (size_t i = 0; i < v->coll.n && elem; i++)
				if (types[i]->kind != TFT_ANY)
					elem = NULL;
		}
		if (!elem)
			return tfv_error(a, at, "%s%scannot convert %s to %s of any single type",
					 path ? path : "", path ? ": " : "", tfv_type_name(v),
					 attr ? "map" : "list");
	}
	for (size_t i = 0; i < v->coll.n; i++) {
		const char *p = attr ? (path ? arena_printf(a, "%s: element \"%s\"", path, v->coll.keys[i])
					     : arena_printf(a, "element \"%s\"", v->coll.keys[i]))
				     : sub_path(a, path, false, NULL, i);
		out[i] = convert(a, &v->coll.items[i], elem, at, p);
		if (out[i].kind == TFV_ERROR)
			return out[i];
	}
	return tfv_null();
}

static struct tfval convert_to_object(struct arena *a, const struct tfval *v,
				      const struct tft *want, struct loc at, const char *path)
{
	struct tfval *items = arena_alloc(a, (want->n ? want->n : 1) * sizeof(*items));

	for (size_t i = 0; i < want->n; i++) {
		const struct tfval *got = tfv_map_get(v, want->keys[i]);
		const char *p = sub_path(a, path, true, want->keys[i], 0);
		bool opt = want->optional && want->optional[i];
		if (!got || got->kind == TFV_NULL) {
			if (!got && !opt)
				return tfv_error(a, at, "%s%sattribute \"%s\" is required",
						 path ? path : "", path ? ": " : "", want->keys[i]);
			if (opt && want->defaults && want->defaults[i].kind != TFV_NULL) {
				items[i] = convert(a, &want->defaults[i], want->items[i], at, p);
				if (items[i].kind == TFV_ERROR)
					return items[i];
				continue;
			}
			items[i] = tfv_null();
			continue;
		}
		items[i] = convert(a, got, want->items[i], at, p);
		if (items[i].kind == TFV_ERROR)
			return items[i];
	}
	return tfv_map(a, want->keys, items, want->n, true);
}

static struct tfval convert(struct arena *a, const struct tfval *v, const struct tft *want,
			    struct loc at, const char *path)
{
	struct tfval r, *items;

	if (want->kind == TFT_ANY || !tfv_is_known(v) || v->kind == TFV_NULL)
		return *v;
	switch (want->kind) {
	case TFT_STRING:
		if (v->kind != TFV_STRING && v->kind != TFV_NUMBER && v->kind != TFV_BOOL)
			return mismatch(a, v, want, at, path);
		r = tfv_to_string(a, v, at);
		break;
	case TFT_NUMBER:
		if (v->kind != TFV_STRING && v->kind != TFV_NUMBER)
			return mismatch(a, v, want, at, path);
		r = tfv_to_number(a, v, at);
		break;
	case TFT_BOOL:
		if (v->kind != TFV_STRING && v->kind != TFV_BOOL)
			return mismatch(a, v, want, at, path);
		r = tfv_to_bool(a, v, at);
		break;
	case TFT_LIST:
	case TFT_SET:
		if (v->kind != TFV_LIST && v->kind != TFV_SET)
			return mismatch(a, v, want, at, path);
		if (want->elem->kind == TFT_ANY && !v->object) {
			/* already a list or set of one type */
			r = *v;
		} else {
			items = arena_alloc(a, (v->coll.n ? v->coll.n : 1) * sizeof(*items));
			r = convert_items(a, v, want->elem, at, path, items);
			if (r.kind == TFV_ERROR)
				return r;
			r = tfv_list(a, items, v->coll.n, false);
		}
		if (want->kind == TFT_SET && r.kind != TFV_SET)
			r = tfv_set(a, r.coll.items, r.coll.n);
		else if (want->kind == TFT_LIST && r.kind == TFV_SET)
			r = tfv_list(a, r.coll.items, r.coll.n, false);
		break;
	case TFT_MAP:
		if (v->kind != TFV_MAP)
			return mismatch(a, v, want, at, path);
		if (want->elem->kind == TFT_ANY && !v->object) {
			r = *v;
			break;
		}
		items = arena_alloc(a, (v->coll.n ? v->coll.n : 1) * sizeof(*items));
		r = convert_items(a, v, want->elem, at, path, items);
		if (r.kind == TFV_ERROR)
			return r;
		r = tfv_map(a, (const char *const *)v->coll.keys, items, v->coll.n, false);
		break;
	case TFT_TUPLE:
		if (v->kind != TFV_LIST || !v->object || v->coll.n != want->n)
			return mismatch(a, v, want, at, path);
		items = arena_alloc(a, (v->coll.n ? v->coll.n : 1) * sizeof(*items));
		for (size_t i = 0; i < v->coll.n; i++) {
			items[i] = convert(a, &v->coll.items[i], want->items[i], at,
					   sub_path(a, path, false, NULL, i));
			if (items[i].kind == TFV_ERROR)
				return items[i];
		}
		r = tfv_list(a, items, v->coll.n, true);
		break;
	case TFT_OBJECT:
		if (v->kind != TFV_MAP)
			return mismatch(a, v, want, at, path);
		r = convert_to_object(a, v, want, at, path);
		break;
	default:
		return *v;
	}
	if (r.kind == TFV_ERROR && path && is_primitive(want))
		r.err.msg = arena_printf(a, "%s: %s", path, r.err.msg);
	if (r.kind != TFV_ERROR && !r.origin)
		r.origin = v->origin;
	return r;
}

struct tfval tfv_convert(struct arena *a, const struct tfval *v, const struct tft *want,
			 struct loc at)
{
	return convert(a, v, want, at, NULL);
}
