/*
 * cidr.c: the prefix library (see cidr.h).
 */
#include "policies/cidr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const u128 U128_MAX = ~(u128)0;

u128 cidr_hostmask(int family, unsigned len)
{
	unsigned bits = cidr_maxlen(family) - len;

	if (bits >= 128)
		return U128_MAX;
	return ((u128)1 << bits) - 1;
}

struct prefix cidr_make(int family, u128 addr, unsigned len)
{
	struct prefix p;

	p.family = (uint8_t)family;
	p.len = (uint8_t)len;
	p.addr = addr & ~cidr_hostmask(family, len);
	if (family == 4)
		p.addr &= 0xffffffffu;
	return p;
}

static int fail(struct cidr_error *err, const char *why, size_t off)
{
	if (err) {
		err->why = why;
		err->offset = off;
	}
	return -1;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Strict dotted quad in s[0..n). */
static int parse_v4(const char *s, size_t n, uint32_t *out,
		    struct cidr_error *err, size_t base)
{
	uint32_t v = 0;
	size_t i = 0;

	for (int octet = 0; octet < 4; octet++) {
		size_t start = i;
		unsigned val = 0;

		if (octet > 0) {
			if (i >= n || s[i] != '.')
				return fail(err, i >= n ? "expected four octets"
							: "expected '.' between octets",
					    base + i);
			start = ++i;
		}
		while (i < n && is_digit(s[i]) && i - start < 4)
			val = val * 10 + (unsigned)(s[i++] - '0');
		if (i == start)
			return fail(err, "expected a decimal octet", base + i);
		if (i - start > 3)
			return fail(err, "octet has more than three digits", base + start);
		if (s[start] == '0' && i - start > 1)
			return fail(err, "octet has a leading zero", base + start);
		if (val > 255)
			return fail(err, "octet is greater than 255", base + start);
		v = (v << 8) | val;
	}
	if (i != n)
		return fail(err, "unexpected character after the address", base + i);
	*out = v;
	return 0;
}

static int parse_v6(const char *s, size_t n, u128 *out, struct cidr_error *err,
		    size_t base)
{
	uint16_t g[8];
	int ng = 0, dc = -1;
	size_t i = 0;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		dc = 0;
		i = 2;
	} else if (n >= 1 && s[0] == ':') {
		return fail(err, "address starts with a single ':'", base);
	}
	while (i < n) {
		size_t j = i;
		unsigned val = 0;

		if (ng == 8)
			return fail(err, "more than eight groups", base + i);
		while (j < n && hexval(s[j]) >= 0 && j - i < 5)
			val = (val << 4) | (unsigned)hexval(s[j++]);
		if (j < n && s[j] == '.') {
			uint32_t v4;
			if (ng > 6)
				return fail(err, "embedded IPv4 address comes too late",
					    base + i);
			if (parse_v4(s + i, n - i, &v4, err, base + i))
				return -1;
			g[ng++] = (uint16_t)(v4 >> 16);
			g[ng++] = (uint16_t)(v4 & 0xffff);
			i = n;
			break;
		}
		if (j == i)
			return fail(err, "expected a hexadecimal group", base + i);
		if (j - i > 4)
			return fail(err, "group has more than four hex digits", base + i);
		g[ng++] = (uint16_t)val;
		if (j == n) {
			i = n;
			break;
		}
		if (s[j] != ':')
			return fail(err, "unexpected character in the address", base + j);
		j++;
		if (j < n && s[j] == ':') {
			if (dc >= 0)
				return fail(err, "'::' appears twice", base + j - 1);
			dc = ng;
			j++;
		} else if (j == n) {
			return fail(err, "address ends with a single ':'", base + j - 1);
		}
		i = j;
	}
	if (dc < 0 && ng != 8)
		return fail(err, "fewer than eight groups and no '::'", base + n);
	if (dc >= 0 && ng > 7)
		return fail(err, "'::' must stand for at least one group", base);

	u128 v = 0;
	int zeros = 8 - ng;
	for (int k = 0, src = 0; k < 8; k++) {
		uint16_t word;
		if (dc >= 0 && k >= dc && k < dc + zeros)
			word = 0;
		else
			word = g[src++];
		v = (v << 16) | word;
	}
	*out = v;
	return 0;
}

static int parse_address(const char *s, size_t n, struct prefix *out,
			 struct cidr_error *err)
{
	if (n == 0)
		return fail(err, "empty address", 0);
	if (memchr(s, ':', n)) {
		u128 v;
		if (parse_v6(s, n, &v, err, 0))
			return -1;
		out->family = 6;
		out->addr = v;
		return 0;
	}
	uint32_t v4;
	if (parse_v4(s, n, &v4, err, 0))
		return -1;
	out->family = 4;
	out->addr = v4;
	return 0;
}

int cidr_parse(const char *text, struct prefix *out, bool *host_bits,
	       struct cidr_error *err)
{
	const char *slash = strchr(text, '/');
	struct prefix p;
	size_t n, i;
	unsigned len = 0;

	if (!*text)
		return fail(err, "empty string", 0);
	if (!slash)
		return fail(err, "missing '/length'", strlen(text));
	n = (size_t)(slash - text);
	if (parse_address(text, n, &p, err))
		return -1;
	i = n + 1;
	if (!is_digit(text[i]))
		return fail(err, "expected a decimal prefix length after '/'", i);
	if (text[i] == '0' && is_digit(text[i + 1]))
		return fail(err, "prefix length has a leading zero", i);
	while (is_digit(text[i]) && len <= 128)
		len = len * 10 + (unsigned)(text[i++] - '0');
	if (is_digit(text[i]) || len > cidr_maxlen(p.family))
		return fail(err, p.family == 4 ? "prefix length is greater than 32"
					       : "prefix length is greater than 128",
			    n + 1);
	if (text[i])
		return fail(err, "unexpected character after the prefix length", i);
	*out = cidr_make(p.family, p.addr, len);
	if (host_bits)
		*host_bits = out->addr != p.addr;
	return 0;
}

int cidr_parse_addr(const char *text, struct prefix *out,
		    struct cidr_error *err)
{
	struct prefix p;

	if (parse_address(text, strlen(text), &p, err))
		return -1;
	p.len = (uint8_t)cidr_maxlen(p.family);
	*out = p;
	return 0;
}

char *cidr_format_addr(const struct prefix *p, char buf[CIDR_STRLEN])
{
	if (p->family == 4) {
		uint32_t v = (uint32_t)p->addr;
		snprintf(buf, CIDR_STRLEN, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255,
			 (v >> 8) & 255, v & 255);
		return buf;
	}
	uint16_t g[8];
	int best = -1, bestlen = 1, cur = -1, curlen = 0;
	char *o = buf, *end = buf + CIDR_STRLEN;

	for (int k = 0; k < 8; k++)
		g[k] = (uint16_t)(p->addr >> (16 * (7 - k)));
	/* RFC 5952 4.2: compress the longest run of two or more zero groups,
	 * the first one on a tie. */
	for (int k = 0; k < 8; k++) {
		if (g[k] == 0) {
			if (cur < 0) {
				cur = k;
				curlen = 0;
			}
			if (++curlen > bestlen) {
				best = cur;
				bestlen = curlen;
			}
		} else {
			cur = -1;
		}
	}
	for (int k = 0; k < 8; k++) {
		if (k == best) {
			*o++ = ':';
			*o++ = ':';
			k += bestlen - 1;
			continue;
		}
		if (k > 0 && k != best + bestlen)
			*o++ = ':';
		o += snprintf(o, (size_t)(end - o), "%x", g[k]); /* at most 39 bytes in all */
	}
	*o = '\0';
	return buf;
}

char *cidr_format(const struct prefix *p, char buf[CIDR_STRLEN])
{
	size_t n = strlen(cidr_format_addr(p, buf));

	snprintf(buf + n, CIDR_STRLEN - n, "/%u", p->len);
	return buf;
}

bool cidr_contains(const struct prefix *a, const struct prefix *b)
{
	return a->family == b->family && a->len <= b->len &&
	       (b->addr & ~cidr_hostmask(a->family, a->len)) == a->addr;
}

bool cidr_overlaps(const struct prefix *a, const struct prefix *b)
{
	return cidr_contains(a, b) || cidr_contains(b, a);
}

bool cidr_equal(const struct prefix *a, const struct prefix *b)
{
	return a->family == b->family && a->len == b->len && a->addr == b->addr;
}

int cidr_cmp(const struct prefix *a, const struct prefix *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}

int cidr_split(const struct prefix *p, unsigned newlen, u128 index,
	       struct prefix *out)
{
	unsigned maxlen = cidr_maxlen(p->family);
	unsigned extra, shift;

	if (newlen < p->len || newlen > maxlen)
		return -1;
	extra = newlen - p->len;
	shift = maxlen - newlen;
	if (extra < 128 && index >> extra)
		return -1;
	if (shift >= 128) /* newlen == 0: only the whole space */
		return index == 0 ? (*out = *p, 0) : -1;
	*out = cidr_make(p->family, p->addr + (index << shift), newlen);
	return 0;
}

uint64_t cidr_count(const struct prefix *p, unsigned newlen)
{
	unsigned extra;

	if (newlen < p->len || newlen > cidr_maxlen(p->family))
		return 0;
	extra = newlen - p->len;
	return extra >= 64 ? UINT64_MAX : (uint64_t)1 << extra;
}

int cidr_next_free_seq(const struct prefix *pool, unsigned len, cidr_next_used next,
		       void *arg, u128 from, struct prefix *out)
{
	u128 mask, c, plast = cidr_last(pool);
	const struct prefix *u;

	if (len < pool->len || len > cidr_maxlen(pool->family))
		return -1;
	mask = cidr_hostmask(pool->family, len);
	c = from > pool->addr ? from : pool->addr;
	if (c & mask) {
		if (c > U128_MAX - mask)
			return -1;
		c = (c + mask) & ~mask;
	}
	if (c > plast)
		return -1;
	while ((u = next(arg)) != NULL) {
		u128 ulast;

		if (u->family != pool->family)
			continue;
		ulast = cidr_last(u);
		if (ulast < c)
			continue;
		if (u->addr > (c | mask))
			break; /* sorted: nothing later touches the candidate */
		if (ulast >= plast)
			return -1;
		c = ((ulast + 1) + mask) & ~mask;
		if (c == 0 || c > plast) /* wrapped past the top, or left the pool */
			return -1;
	}
	if ((c | mask) > plast)
		return -1;
	*out = cidr_make(pool->family, c, len);
	return 0;
}

struct used_array {
	const struct prefix *v;
	size_t i, n;
};

static const struct prefix *used_array_next(void *arg)
{
	struct used_array *a = arg;

	return a->i < a->n ? &a->v[a->i++] : NULL;
}

int cidr_next_free(const struct prefix *pool, unsigned len,
		   const struct prefix *used, size_t nused, u128 from,
		   struct prefix *out)
{
	struct used_array a = {.v = used, .n = nused};

	return cidr_next_free_seq(pool, len, used_array_next, &a, from, out);
}

const struct cidr_row *cidr_row_find(const struct cidr_row *rows, size_t n,
				     const struct prefix *p, bool contained)
{
	for (size_t i = 0; i < n; i++) {
		if (contained ? cidr_contains(&rows[i].pfx, p) : cidr_overlaps(&rows[i].pfx, p))
			return &rows[i];
	}
	return NULL;
}

enum aws_v4_class cidr_aws_v4_class(const struct prefix *p)
{
	/* the row order is the class order of enum aws_v4_class */
	static const struct cidr_row table[] = {
		{"10.0.0.0/8", NULL, CIDR_V4(10, 0, 0, 0, 8)},
		{"172.16.0.0/12", NULL, CIDR_V4(172, 16, 0, 0, 12)},
		{"192.168.0.0/16", NULL, CIDR_V4(192, 168, 0, 0, 16)},
		{"198.19.0.0/16", NULL, CIDR_V4(198, 19, 0, 0, 16)},
		{"169.254.0.0/16", NULL, CIDR_V4(169, 254, 0, 0, 16)},
	};
	const struct cidr_row *r = cidr_row_find(table, sizeof(table) / sizeof(table[0]), p, false);

	return r ? (enum aws_v4_class)(r - table) : AWS_V4_OTHER;
}

const char *cidr_aws_v4_class_name(enum aws_v4_class c)
{
	switch (c) {
	case AWS_V4_R10:
		return "10.0.0.0/8 (RFC 1918)";
	case AWS_V4_R172:
		return "172.16.0.0/12 (RFC 1918)";
	case AWS_V4_R192:
		return "192.168.0.0/16 (RFC 1918)";
	case AWS_V4_B198_19:
		return "198.19.0.0/16";
	case AWS_V4_LINKLOCAL:
		return "169.254.0.0/16 (link-local)";
	case AWS_V4_OTHER:
		break;
	}
	return "publicly routable or 100.64.0.0/10";
}

struct prefix cidr_const(const char *text)
{
	struct prefix p;
	bool hb;

	if (cidr_parse(text, &p, &hb, NULL) || hb)
		abort(); /* a table entry is wrong: a programming error */
	return p;
}
