/*
 * jsonscan.c: structure-only JSON scanning (see jsonscan.h).
 */
#include "parsers/jsonscan.h"

#include <string.h>

const char *jscan_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *fail(struct jscan_error *err, const char *at, const char *why)
{
	err->at = at;
	err->why = why;
	return NULL;
}

/* p at the opening quote; returns just past the closing one. */
static const char *skip_string(const char *p, const char *end, struct jscan_error *err)
{
	const char *start = p++;

	for (;;) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		const char *b;

		if (!q)
			return fail(err, start, "unterminated string");
		/* count the backslashes right before the quote */
		b = q;
		while (b > p && b[-1] == '\\')
			b--;
		if ((q - b) % 2 == 0)
			return q + 1;
		p = q + 1;
	}
}

const char *jscan_value(const char *p, const char *end, struct jscan_error *err)
{
	unsigned depth = 0;
	/* expectation within the innermost container: after a value, a
	 * separator or the close; tracked loosely, cJSON checks the rest */
	char stack[JSCAN_MAX_DEPTH];

	if (p >= end)
		return fail(err, p, "expected a value");
	for (;;) {
		p = jscan_ws(p, end);
		if (p >= end)
			return fail(err, p, depth ? "unexpected end of input inside a value"
						  : "expected a value");
		switch (*p) {
		case '"':
			if (!(p = skip_string(p, end, err)))
				return NULL;
			break;
		case '{':
		case '[':
			if (depth >= JSCAN_MAX_DEPTH)
				return fail(err, p, "nesting is deeper than 512 levels");
			stack[depth++] = *p == '{' ? '}' : ']';
			p++;
			continue;
		case '}':
		case ']':
			if (!depth || stack[depth - 1] != *p)
				return fail(err, p, "mismatched bracket");
			depth--;
			p++;
			break;
		case ',':
		case ':':
			if (!depth)
				return fail(err, p, "unexpected separator");
			p++;
			continue;
		default:
			/* number or literal: up to the next structural character */
			if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == 't' || *p == 'f' || *p == 'n'))
				return fail(err, p, "unexpected character");
			while (p < end && !strchr(",:]} \t\r\n\"{[", *p))
				p++;
			break;
		}
		if (!depth)
			return p;
	}
}

int jscan_object(const char *p, const char *end, jscan_member_cb cb, void *arg,
		 struct jscan_error *err)
{
	p = jscan_ws(p, end);
	if (p >= end || *p != '{')
		return fail(err, p, "expected an object"), -1;
	p = jscan_ws(p + 1, end);
	if (p < end && *p == '}')
		return 0;
	for (;;) {
		const char *k, *kend, *v, *vend;

		if (p >= end || *p != '"')
			return fail(err, p, "expected a string key"), -1;
		k = p + 1;
		if (!(kend = skip_string(p, end, err)))
			return -1;
		p = jscan_ws(kend, end);
		if (p >= end || *p != ':')
			return fail(err, p, "expected ':' after a key"), -1;
		v = jscan_ws(p + 1, end);
		if (!(vend = jscan_value(v, end, err)))
			return -1;
		if (!cb(arg, k, (size_t)(kend - 1 - k), v, vend))
			return 0;
		p = jscan_ws(vend, end);
		if (p < end && *p == ',') {
			p = jscan_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == '}')
			return 0;
		return fail(err, p, "expected ',' or '}'"), -1;
	}
}

int jscan_array(const char *p, const char *end, jscan_elem_cb cb, void *arg,
		struct jscan_error *err)
{
	p = jscan_ws(p, end);
	if (p >= end || *p != '[')
		return fail(err, p, "expected an array"), -1;
	p = jscan_ws(p + 1, end);
	if (p < end && *p == ']')
		return 0;
	for (;;) {
		const char *vend = jscan_value(p, end, err);
		if (!vend)
			return -1;
		if (!cb(arg, p, vend))
			return 0;
		p = jscan_ws(vend, end);
		if (p < end && *p == ',') {
			p = jscan_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == ']')
			return 0;
		return fail(err, p, "expected ',' or ']'"), -1;
	}
}

bool jscan_key_is(const char *key, size_t keylen, const char *s)
{
	return strlen(s) == keylen && memcmp(key, s, keylen) == 0;
}

void jscan_position(const char *buf, const char *at, unsigned *line, unsigned *col)
{
	const char *bol = buf;

	*line = 1;
	for (const char *q = buf; q < at; q++) {
		if (*q == '\n') {
			(*line)++;
			bol = q + 1;
		}
	}
	*col = 1;
	for (const char *q = bol; q < at; q++)
		if (((unsigned char)*q & 0xc0) != 0x80)
			(*col)++;
}
