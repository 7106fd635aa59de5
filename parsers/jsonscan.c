/*
 * jsonscan.c: structure-only JSON scanning (see jsonscan.h).
 */
#include "parsers/jsonscan.h"
#include "policies/base.h"

#include <cJSON.h>
#include <string.h>

#define TRAILING_COMMA "a comma before a closing bracket: JSON allows no trailing comma"

/* The bytes that end a number or a literal: white space and structure. */
static const bool ends_literal[256] = {
	[','] = true, [':'] = true, [']'] = true, ['}'] = true, [' '] = true, ['\t'] = true,
	['\r'] = true, ['\n'] = true, ['"'] = true, ['{'] = true, ['['] = true,
	['\0'] = true, /* as strchr() finds the terminating NUL */
};

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

/* jscan_value(), dropping the pages of a file mapping behind p when drop. */
static const char *scan_value(const char *p, const char *end, bool drop, struct jscan_error *err)
{
	const char *kept = p;
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
			if (drop && (size_t)(p - kept) > JSCAN_DROP_STEP) {
				mem_discard(kept, p);
				kept = p;
			}
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
			while (p < end && !ends_literal[(unsigned char)*p])
				p++;
			break;
		}
		if (!depth) {
			if (drop)
				mem_discard(kept, p);
			return p;
		}
	}
}

const char *jscan_value(const char *p, const char *end, struct jscan_error *err)
{
	return scan_value(p, end, false, err);
}

const char *jscan_value_dropping(const char *p, const char *end, struct jscan_error *err)
{
	return scan_value(p, end, true, err);
}



/*
 * cJSON takes its allocator globally, with no argument for it: it is
 * pointed at an arena only for the length of one parse, and the arena is
 * this thread's, so nothing is kept between calls (see base.h on the
 * process-wide allocator that it is pointed back at afterwards).
 */
static _Thread_local struct arena *parse_arena;

static void *arena_hook_alloc(size_t n)
{
	return arena_alloc(parse_arena, n);
}

static void arena_hook_free(void *p)
{
	(void)p; /* the arena frees everything at once */
}

/*
 * Every element of a plan is checked: the bytes are searched with memchr
 * (raw NULs, then backslashes before the first of them), not one by one.
 */
const char *jscan_find_nul(const char *p, const char *end)
{
	const char *z = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;

	while (p < end) {
		const char *lim = z ? z : end;
		const char *b = memchr(p, '\\', (size_t)(lim - p));

		if (!b)
			return z;
		if (end - b >= 6 && memcmp(b + 1, "u000", 4) == 0 && b[5] == '0')
			return b;
		/* the escaped character: "\\u0000" is a backslash, then text;
		 * an escaped raw NUL is not one */
		if (end - b < 2)
			return NULL;
		p = b + 2;
		if (z && p > z)
			z = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
	}
	return NULL;
}

/*
 * A trailing comma ({"a": 1,}), the mistake a hand edit leaves most:
 * cJSON stops at the bracket after it, or one past it in an object.
 * Point at the bracket and say so.
 */
static void trailing_comma(const char *start, const char *end, struct jscan_error *err)
{
	for (const char *b = err->at; b >= err->at - 1 && b > start; b--) {
		const char *q = b;
		if (b >= end || (*b != '}' && *b != ']'))
			continue;
		while (q > start && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n' || q[-1] == '\r'))
			q--;
		if (q > start && q[-1] == ',') {
			err->at = b;
			err->why = TRAILING_COMMA;
			return;
		}
	}
}

struct cJSON *jscan_parse(const char *p, const char *end, struct arena *a,
			  const char **vend, struct jscan_error *err)
{
	cJSON_Hooks hooks = {arena_hook_alloc, arena_hook_free};
	const char *stop = NULL, *nul;
	cJSON *j;

	if (a) {
		parse_arena = a;
		cJSON_InitHooks(&hooks);
	}
	j = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &stop, 0);
	if (a) {
		base_hook_libraries();
		parse_arena = NULL;
	}
	if (!j) {
		err->at = stop ? stop : p;
		err->why = "this value cannot be parsed";
		trailing_comma(p, end, err);
		return NULL;
	}
	/* cJSON keeps strings NUL-terminated, so "10.0.0.0/16\u0000x" would
	 * be read as 10.0.0.0/16: refuse the value instead */
	if ((nul = jscan_find_nul(p, stop))) {
		if (!a)
			cJSON_Delete(j);
		err->at = nul;
		err->why = TEXT_NUL_ERROR;
		return NULL;
	}
	*vend = stop;
	return j;
}


struct cJSON *jscan_parse_document(const char *file, const char *buf, size_t len,
				   const char *what, struct errlist *errs)
{
	struct jscan_error err;
	const char *end;
	cJSON *root = jscan_parse(buf, buf + len, NULL, &end, &err);
	unsigned line, col;

	if (root)
		return root;
	text_position(buf, (size_t)(err.at - buf), &line, &col);
	if (strcmp(err.why, TEXT_NUL_ERROR) == 0)
		errlist_add(errs, file, line, col, "%s", err.why);
	else
		errlist_add(errs, file, line, col, "invalid JSON in the %s", what);
	return NULL;
}

const char *jscan_object_consume(const char *p, const char *end, jscan_consume_cb cb,
				 void *arg, struct jscan_error *err)
{
	p = jscan_ws(p, end);
	if (p >= end || *p != '{')
		return fail(err, p, "expected an object");
	p = jscan_ws(p + 1, end);
	if (p < end && *p == '}')
		return p + 1;
	for (;;) {
		const char *k, *kend, *vend;

		if (p >= end || *p != '"')
			return fail(err, p, "expected a string key");
		k = p + 1;
		if (!(kend = skip_string(p, end, err)))
			return NULL;
		p = jscan_ws(kend, end);
		if (p >= end || *p != ':')
			return fail(err, p, "expected ':' after a key");
		p = jscan_ws(p + 1, end);
		if (!(vend = cb(arg, k, (size_t)(kend - 1 - k), p, end, err)))
			return NULL;
		p = jscan_ws(vend, end);
		if (p < end && *p == ',') {
			p = jscan_ws(p + 1, end);
			if (p < end && *p == '}')
				return fail(err, p, TRAILING_COMMA);
			continue;
		}
		if (p < end && *p == '}')
			return p + 1;
		return fail(err, p, "expected ',' or '}'");
	}
}

const char *jscan_array_consume(const char *p, const char *end, jscan_consume_elem_cb cb,
				void *arg, struct jscan_error *err)
{
	p = jscan_ws(p, end);
	if (p >= end || *p != '[')
		return fail(err, p, "expected an array");
	p = jscan_ws(p + 1, end);
	if (p < end && *p == ']')
		return p + 1;
	for (;;) {
		const char *vend;
		/* the callbacks may look at *p: never hand them the end */
		if (p >= end)
			return fail(err, p, "unexpected end of input inside an array");
		if (!(vend = cb(arg, p, end, err)))
			return NULL;
		p = jscan_ws(vend, end);
		if (p < end && *p == ',') {
			p = jscan_ws(p + 1, end);
			if (p < end && *p == ']')
				return fail(err, p, TRAILING_COMMA);
			continue;
		}
		if (p < end && *p == ']')
			return p + 1;
		return fail(err, p, "expected ',' or ']'");
	}
}

/* The callback-per-value forms, built on the consuming ones: each value
 * is found (or parsed) here and handed on; a callback that returns false
 * stops the walk. */
struct adapter {
	jscan_member_cb member;
	jscan_elem_cb elem;
	jscan_parsed_cb parsed;
	void *arg;
	struct arena *arena;
	bool stopped;
};

static const char *stop(struct adapter *ad, struct jscan_error *err, const char *at)
{
	ad->stopped = true;
	return fail(err, at, "stopped");
}

static const char *adapt_member(void *arg, const char *key, size_t keylen, const char *v,
				const char *end, struct jscan_error *err)
{
	struct adapter *ad = arg;
	const char *vend = jscan_value(v, end, err);

	if (vend && !ad->member(ad->arg, key, keylen, v, vend))
		return stop(ad, err, v);
	return vend;
}

static const char *adapt_elem(void *arg, const char *v, const char *end,
			      struct jscan_error *err)
{
	struct adapter *ad = arg;
	const char *vend = jscan_value(v, end, err);

	if (vend && !ad->elem(ad->arg, v, vend))
		return stop(ad, err, v);
	return vend;
}

static const char *adapt_parsed(void *arg, const char *v, const char *end,
				struct jscan_error *err)
{
	struct adapter *ad = arg;
	const char *vend;
	cJSON *el;

	arena_reset(ad->arena);
	if (!(el = jscan_parse(v, end, ad->arena, &vend, err)))
		return NULL;
	if (!ad->parsed(ad->arg, el, v, vend))
		return stop(ad, err, v);
	return vend;
}

int jscan_object(const char *p, const char *end, jscan_member_cb cb, void *arg,
		 struct jscan_error *err)
{
	struct adapter ad = {.member = cb, .arg = arg};

	return jscan_object_consume(p, end, adapt_member, &ad, err) || ad.stopped ? 0 : -1;
}

int jscan_array(const char *p, const char *end, jscan_elem_cb cb, void *arg,
		struct jscan_error *err)
{
	struct adapter ad = {.elem = cb, .arg = arg};

	return jscan_array_consume(p, end, adapt_elem, &ad, err) || ad.stopped ? 0 : -1;
}

const char *jscan_array_parsed(const char *p, const char *end, struct arena *a,
			       jscan_parsed_cb cb, void *arg, struct jscan_error *err)
{
	struct adapter ad = {.parsed = cb, .arg = arg, .arena = a};

	return jscan_array_consume(p, end, adapt_parsed, &ad, err);
}

bool jscan_key_is(const char *key, size_t keylen, const char *s)
{
	return strlen(s) == keylen && memcmp(key, s, keylen) == 0;
}
