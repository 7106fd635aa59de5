/*
 * jsontape.c: a strict JSON value into a flat tape of tokens (see
 * jsontape.h).
 */
#include "parsers/jsontape.h"
#include "parsers/jsonscan.h"
#include "policies/base.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A value of more tokens than this is left to cJSON (or to the scanner,
 * when it is skipped): the tape never grows past 1.5 MiB. */
#define JTAPE_MAX_TOKENS ((size_t)1 << 16)
/* How far ahead of the value being read its text is fetched. */
#define JTAPE_PREFETCH 1024
/* cJSON copies a number into a buffer of 64 bytes before strtod(). */
#define JTAPE_MAX_NUMBER 63

void jtape_init(struct jtape *tp)
{
	tp->t = NULL;
	tp->n = tp->cap = 0;
}

void jtape_release(struct jtape *tp)
{
	free(tp->t);
	jtape_init(tp);
}

/* A byte that goes into a string as it is. */
static inline bool plain_byte(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

/* Eight bytes at a time: which of them end the plain run of a string (a
 * quote, a backslash, a control character)?  The high bit of each such
 * byte is set; a byte after the first such one may be marked too (a
 * borrow carries up), never one before it, so on a little-endian machine
 * the lowest marked byte is the first that ends the run. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static inline uint64_t word_stops(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');

	return (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w)) & HIGHS;
}

/* The first byte of [q, e) that ends a string's plain run, or e.  Most
 * of a plan's strings are short: one 16-byte load (SSE2, baseline on
 * x86-64) or two 8-byte words find the end of most without a byte loop;
 * other machines keep the portable word path. */
static inline const unsigned char *plain_run(const unsigned char *q, const unsigned char *e)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1f);

	for (; e - q >= 16; q += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
		/* a byte below 0x20 is its own unsigned minimum with 0x1f */
		__m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
					    _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
		unsigned m = (unsigned)_mm_movemask_epi8(stop);
		if (m)
			return q + __builtin_ctz(m);
	}
#endif
	for (uint64_t w, m; e - q >= 8; q += 8) {
		memcpy(&w, q, 8);
		if ((m = word_stops(w))) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return q + (__builtin_ctzll(m) >> 3);
#else
			break; /* the byte loop finds which byte it is */
#endif
		}
	}
	while (q < e && plain_byte(*q))
		q++;
	return q;
}

static int hex4(const unsigned char *q, const unsigned char *end)
{
	int v = 0;

	if (end - q < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int c = q[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* The string at p (its opening quote): just past its closing quote, or
 * NULL when the tape does not take it. */
static const char *scan_string(const char *p, const char *end, bool *esc)
{
	const unsigned char *q = (const unsigned char *)p + 1, *e = (const unsigned char *)end;

	for (;;) {
		int cp;

		q = plain_run(q, e);
		if (q >= e || *q < 0x20)
			return NULL;
		if (*q == '"')
			return (const char *)q + 1;
		*esc = true;
		if (e - q < 2)
			return NULL;
		switch (q[1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			q += 2;
			continue;
		default:
			break;
		}
		if (q[1] != 'u' || (cp = hex4(q + 2, e)) <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
			return NULL;
		q += 6;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			int lo;
			if (e - q < 6 || q[0] != '\\' || q[1] != 'u' || (lo = hex4(q + 2, e)) < 0xDC00 ||
			    lo > 0xDFFF)
				return NULL;
			q += 6;
		}
	}
}

static const char *scan_number(const char *p, const char *end)
{
	const char *q = p;

	if (q < end && *q == '-')
		q++;
	if (q < end && *q == '0')
		q++;
	else if (q < end && *q >= '1' && *q <= '9')
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	else
		return NULL;
	if (q < end && *q == '.') {
		const char *d = ++q;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == d)
			return NULL;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		const char *d;
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		d = q;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == d)
			return NULL;
	}
	/* strtod reads on where JSON stops ("01"): leave that to cJSON */
	if (q < end && *q >= '0' && *q <= '9')
		return NULL;
	return q - p <= JTAPE_MAX_NUMBER ? q : NULL;
}

/* A plan written on one line has no white space between its tokens: the
 * first test settles most calls. */
static inline const char *ws(const char *p, const char *end)
{
	if (p < end && (unsigned char)*p > ' ')
		return p;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

/* The first bytes of a key, up to four, in one word as they lie in
 * memory (the others zero): a member whose key has other ones is passed
 * over without a call to memcmp.  [s, end) may be read; it holds at least
 * the first four of the key's n bytes. */
static inline uint32_t key_head(const char *s, size_t n, const char *end)
{
	static const uint8_t keep[5][4] = {{0, 0, 0, 0},
					   {0xff, 0, 0, 0},
					   {0xff, 0xff, 0, 0},
					   {0xff, 0xff, 0xff, 0},
					   {0xff, 0xff, 0xff, 0xff}};
	uint32_t h = 0, m;

	memcpy(&h, s, end - s >= 4 ? 4 : (size_t)(end - s));
	memcpy(&m, keep[n < 4 ? n : 4], 4);
	return h & m;
}

static bool push(struct jtape *tp, enum jt_type type, const char *s, size_t len)
{
	struct jt_tok *t;

	if (tp->n >= JTAPE_MAX_TOKENS || len > UINT32_MAX)
		return false;
	if (tp->n == tp->cap)
		grow_array((void **)&tp->t, &tp->cap, tp->n + 1, sizeof(*tp->t));
	t = &tp->t[tp->n];
	t->s = s;
	t->len = (uint32_t)len;
	t->type = (uint8_t)type;
	t->esc = false;
	t->head = 0;
	tp->n++;
	t->next = (uint32_t)tp->n;
	return true;
}

/* A scalar at p: pushed, and the end of it returned; NULL: refused. */
static const char *scalar(struct jtape *tp, const char *p, const char *end)
{
	const char *q;
	bool esc = false;

	if (*p == '"') {
		if (!(q = scan_string(p, end, &esc)) || !push(tp, JT_STRING, p, (size_t)(q - p)))
			return NULL;
		tp->t[tp->n - 1].esc = esc;
		return q;
	}
	/* a literal is told by its first byte, which no number starts with */
	switch (*p) {
	case 't':
		return end - p >= 4 && memcmp(p, "true", 4) == 0 && push(tp, JT_TRUE, p, 4) ? p + 4 : NULL;
	case 'f':
		return end - p >= 5 && memcmp(p, "false", 5) == 0 && push(tp, JT_FALSE, p, 5) ? p + 5
											 : NULL;
	case 'n':
		return end - p >= 4 && memcmp(p, "null", 4) == 0 && push(tp, JT_NULL, p, 4) ? p + 4 : NULL;
	default:
		break;
	}
	if (!(q = scan_number(p, end)) || !push(tp, JT_NUMBER, p, (size_t)(q - p)))
		return NULL;
	return q;
}

bool jtape_parse(struct jtape *tp, const char *p, const char *end, const char **vend)
{
	uint32_t open[JSCAN_MAX_DEPTH];
	unsigned depth = 0;

	tp->n = 0;
	for (;;) {
		/* a value; the text is read once, front to back, mostly from
		 * memory rather than cache: asking for what comes next early
		 * saves a fifth of the parse on a large plan */
		if (end - p > JTAPE_PREFETCH)
			__builtin_prefetch(p + JTAPE_PREFETCH);
		p = ws(p, end);
		if (p >= end)
			goto refuse;
		if (*p == '{' || *p == '[') {
			bool obj = *p == '{';
			if (depth >= JSCAN_MAX_DEPTH || !push(tp, obj ? JT_OBJECT : JT_ARRAY, p, 1))
				goto refuse;
			open[depth++] = (uint32_t)(tp->n - 1);
			p = ws(p + 1, end);
			if (p < end && *p == (obj ? '}' : ']'))
				goto close;
			if (!obj)
				continue;
			goto key;
		}
		if (!(p = scalar(tp, p, end)))
			goto refuse;
	after:
		/* after a value: the end, a separator or a close */
		if (!depth) {
			*vend = p;
			return true;
		}
		p = ws(p, end);
		if (p >= end)
			goto refuse;
		if (*p == ',') {
			p = ws(p + 1, end);
			if (tp->t[open[depth - 1]].type == JT_ARRAY)
				continue;
			goto key;
		}
		if (*p != (tp->t[open[depth - 1]].type == JT_OBJECT ? '}' : ']'))
			goto refuse;
	close: {
		struct jt_tok *c = &tp->t[open[--depth]];
		p++;
		if ((size_t)(p - c->s) > UINT32_MAX)
			goto refuse;
		c->len = (uint32_t)(p - c->s);
		c->next = (uint32_t)tp->n;
		goto after;
	}
	key:
		if (p >= end || *p != '"' || !(p = scalar(tp, p, end)))
			goto refuse;
		tp->t[tp->n - 1].head = key_head(tp->t[tp->n - 1].s + 1, tp->t[tp->n - 1].len - 2, end);
		p = ws(p, end);
		if (p >= end || *p != ':')
			goto refuse;
		p++;
	}
refuse:
	tp->n = 0;
	return false;
}

bool jtape_is(const struct jtape *tp, size_t i, enum jt_type t)
{
	return i < tp->n && tp->t[i].type == t;
}

size_t jtape_first(const struct jtape *tp, size_t o)
{
	if (!(jtape_is(tp, o, JT_OBJECT) || jtape_is(tp, o, JT_ARRAY)) || tp->t[o].next == o + 1)
		return JT_NONE;
	return o + 1;
}

size_t jtape_next_member(const struct jtape *tp, size_t o, size_t k)
{
	size_t n = tp->t[k + 1].next;
	return n < tp->t[o].next ? n : JT_NONE;
}

size_t jtape_next_elem(const struct jtape *tp, size_t a, size_t e)
{
	size_t n = tp->t[e].next;
	return n < tp->t[a].next ? n : JT_NONE;
}

size_t jtape_count(const struct jtape *tp, size_t c)
{
	size_t n = 0;

	if (jtape_is(tp, c, JT_OBJECT))
		for (size_t k = jtape_first(tp, c); k != JT_NONE; k = jtape_next_member(tp, c, k))
			n++;
	else if (jtape_is(tp, c, JT_ARRAY))
		for (size_t e = jtape_first(tp, c); e != JT_NONE; e = jtape_next_elem(tp, c, e))
			n++;
	return n;
}

static void put_utf8(char **o, unsigned cp)
{
	unsigned char *u = (unsigned char *)*o;

	if (cp < 0x80) {
		*u++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*u++ = (unsigned char)(0xC0 | cp >> 6);
		*u++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*u++ = (unsigned char)(0xE0 | cp >> 12);
		*u++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*u++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*u++ = (unsigned char)(0xF0 | cp >> 18);
		*u++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		*u++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*u++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	*o = (char *)u;
}

/* The decoded text of a string the tape took (so every escape is valid)
 * into out, which holds the encoded length; returns its length.  The
 * decoded text is never longer than the escapes it comes from. */
static size_t decode(const struct jt_tok *t, char *out)
{
	const char *p = t->s + 1, *e = t->s + t->len - 1;
	char *o = out;

	while (p < e) {
		const char *b = memchr(p, '\\', (size_t)(e - p));
		size_t n = (size_t)((b ? b : e) - p);
		unsigned cp;

		memcpy(o, p, n);
		o += n;
		if (!b)
			break;
		p = b + 2;
		switch (b[1]) {
		case 'b': *o++ = '\b'; continue;
		case 'f': *o++ = '\f'; continue;
		case 'n': *o++ = '\n'; continue;
		case 'r': *o++ = '\r'; continue;
		case 't': *o++ = '\t'; continue;
		case 'u': break;
		default: *o++ = b[1]; continue;
		}
		cp = (unsigned)hex4((const unsigned char *)b + 2, (const unsigned char *)e);
		p = b + 6;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			unsigned lo = (unsigned)hex4((const unsigned char *)p + 2, (const unsigned char *)e);
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			p += 6;
		}
		put_utf8(&o, cp);
	}
	*o = '\0';
	return (size_t)(o - out);
}

const char *jtape_string(const struct jtape *tp, size_t i, struct arena *a)
{
	const struct jt_tok *t = &tp->t[i];
	char *out;

	if (!t->esc)
		return arena_strndup(a, t->s + 1, t->len - 2);
	out = arena_alloc(a, t->len);
	decode(t, out);
	return out;
}

double jtape_number(const struct jtape *tp, size_t i)
{
	char buf[JTAPE_MAX_NUMBER + 1];
	const struct jt_tok *t = &tp->t[i];

	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	return strtod(buf, NULL);
}

/* Is the key token k, which holds an escape, the text key? */
static bool escaped_key_is(const struct jt_tok *k, const char *key, size_t keylen)
{
	char small[256], *buf;
	bool same;

	buf = k->len <= sizeof(small) ? small : xmalloc(k->len);
	same = decode(k, buf) == keylen && memcmp(buf, key, keylen) == 0;
	if (buf != small)
		free(buf);
	return same;
}

uint64_t jtape_key_mask(const struct jtape *tp, size_t o)
{
	uint64_t m = 0;

	if (!jtape_is(tp, o, JT_OBJECT))
		return ~(uint64_t)0;
	for (size_t k = jtape_first(tp, o); k != JT_NONE; k = jtape_next_member(tp, o, k)) {
		const struct jt_tok *t = &tp->t[k];
		if (t->esc)
			return ~(uint64_t)0;
		m |= jtape_key_bit(t->s + 1, t->len - 2);
	}
	return m;
}

size_t jtape_get(const struct jtape *tp, size_t o, const char *key)
{
	size_t keylen = strlen(key), end;
	uint32_t head = key_head(key, keylen, key + keylen);
	const struct jt_tok *tt = tp->t;

	/* a raw key is never shorter than its decoded text */
	if (!jtape_is(tp, o, JT_OBJECT) || keylen > UINT32_MAX - 2)
		return JT_NONE;
	end = tt[o].next;
	for (size_t k = o + 1; k < end;) {
		const struct jt_tok *t = &tt[k];
		if (t->esc ? escaped_key_is(t, key, keylen)
			   : t->len == keylen + 2 && t->head == head &&
				     (keylen <= 4 || memcmp(t->s + 5, key + 4, keylen - 4) == 0))
			return k + 1;
		/* a scalar value is one token: a branch, which the processor
		 * predicts, instead of waiting for the value's next */
		if (__builtin_expect(t[1].type < JT_ARRAY, 1))
			k += 2;
		else
			k = t[1].next;
	}
	return JT_NONE;
}
