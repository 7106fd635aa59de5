/*
 * jsonelem.c: large JSON files element by element, with positions (see
 * jsonelem.h).
 */
#include "parsers/jsonelem.h"
#include "parsers/jsonscan.h"

#include <string.h>

void jel_init(struct jel *j, const char *path, const struct loc_src *src, const char *buf,
	      size_t len, struct errlist *errs)
{
	memset(j, 0, sizeof(*j));
	j->path = path;
	j->src = src;
	j->errs = errs;
	j->buf = buf;
	j->end = buf + len;
	j->cur.at = buf;
	j->cur.line = j->cur.col = 1;
	arena_init(&j->json);
}

void jel_release(struct jel *j)
{
	arena_release(&j->json);
}

/* --- positions -------------------------------------------------------- */

void jel_advance(struct jel_pos *p, const char *to)
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
 * Inside the current element the count starts at the element; past the
 * cursor it starts at the cursor; only a position behind both (never met
 * in normal reading) costs a scan from the start.
 */
struct loc jel_loc(const struct jel *j, const char *at)
{
	struct loc l;
	struct jel_pos p;

	memset(&l, 0, sizeof(l));
	l.src = j->src;
	if (j->el && at >= j->el && at <= j->el_end) {
		p = j->el_pos;
	} else if (at >= j->cur.at) {
		p = j->cur;
	} else {
		p.at = j->buf;
		p.line = p.col = 1;
	}
	jel_advance(&p, at);
	l.line = p.line;
	l.col = p.col;
	return l;
}

void jel_error_at(struct jel *j, const char *at, const char *fmt, ...)
{
	struct loc l = jel_loc(j, at);
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(j->errs, j->path, l.line, l.col, fmt, ap);
	va_end(ap);
}

struct jel_find_arg {
	const char *key;
	size_t keylen;
	size_t index;
	const char *v, *vend;
};

static bool jel_find_member(void *arg, const char *key, size_t keylen, const char *v,
			    const char *vend)
{
	struct jel_find_arg *a = arg;

	/* the first of duplicate keys, as cJSON_GetObjectItem finds it */
	if (keylen == a->keylen && memcmp(key, a->key, keylen) == 0) {
		a->v = v;
		a->vend = vend;
		return false;
	}
	return true;
}

static bool jel_find_elem(void *arg, const char *v, const char *vend)
{
	struct jel_find_arg *a = arg;

	if (a->index-- == 0) {
		a->v = v;
		a->vend = vend;
		return false;
	}
	return true;
}

const char *jel_find(const struct jel *j, const char *path)
{
	const char *p = j->el, *end = j->el_end;

	if (!p)
		return NULL;
	while (*path) {
		size_t n = strcspn(path, "/");
		struct jel_find_arg a;
		struct jscan_error err;

		memset(&a, 0, sizeof(a));
		p = jscan_ws(p, end);
		if (p >= end)
			return NULL;
		if (*p == '{') {
			a.key = path;
			a.keylen = n;
			if (jscan_object(p, end, jel_find_member, &a, &err) != 0)
				return NULL;
		} else if (*p == '[') {
			if (!n)
				return NULL;
			for (size_t i = 0; i < n; i++) {
				if (path[i] < '0' || path[i] > '9' || a.index > 100000000)
					return NULL;
				a.index = a.index * 10 + (size_t)(path[i] - '0');
			}
			if (jscan_array(p, end, jel_find_elem, &a, &err) != 0)
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

struct loc jel_at(const struct jel *j, const char *path)
{
	const char *at = path ? jel_find(j, path) : NULL;

	return jel_loc(j, at ? at : j->el);
}

void jel_error(struct jel *j, const char *path, const char *fmt, ...)
{
	struct loc l = jel_at(j, path);
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(j->errs, j->path, l.line, l.col, fmt, ap);
	va_end(ap);
}

const char *jel_path(struct sbuf *sb, const char *prefix, const char *key)
{
	sbuf_reset(sb);
	if (*prefix)
		sbuf_addf(sb, "%s/%s", prefix, key);
	else
		sbuf_adds(sb, key);
	return sb->buf;
}

void jel_element(struct jel *j, const char *v, const char *vend)
{
	if (v < j->cur.at) {
		/* only when a caller reads members out of text order */
		j->cur.at = j->buf;
		j->cur.line = j->cur.col = 1;
	}
	jel_advance(&j->cur, v);
	j->el = v;
	j->el_end = vend;
	j->el_pos = j->cur;
}

void jel_element_done(struct jel *j)
{
	j->el = j->el_end = NULL;
}

struct loc jel_el_loc(const struct jel *j)
{
	return jel_loc(j, j->el);
}

/* --- values ------------------------------------------------------------ */

const cJSON *jel_get(const cJSON *o, const char *key)
{
	return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

const cJSON *jel_get2(const cJSON *o, const char *a, const char *b, const char **used)
{
	const cJSON *v = jel_get(o, a);
	const char *u = a;

	if (!v || cJSON_IsNull(v)) {
		v = jel_get(o, b);
		u = b;
	}
	if (used)
		*used = u;
	return v;
}

const char *jel_text(const cJSON *v, bool *wrong)
{
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || !v->valuestring) {
		*wrong = true;
		return NULL;
	}
	return v->valuestring[0] ? v->valuestring : NULL;
}

const char *jel_str(const cJSON *o, const char *key, bool *wrong)
{
	return jel_text(jel_get(o, key), wrong);
}

const char *jel_soft(const cJSON *o, const char *key)
{
	bool wrong = false;

	return jel_str(o, key, &wrong);
}

/* --- walking ----------------------------------------------------------- */

struct jel_walk_arg {
	struct jel *j;
	jel_reader read;
	void *ctx;
};

static bool jel_walk_elem(void *arg, cJSON *o, const char *v, const char *vend)
{
	struct jel_walk_arg *w = arg;

	jel_element(w->j, v, vend);
	w->read(w->ctx, o);
	jel_element_done(w->j);
	return true;
}

bool jel_walk(struct jel *j, struct jel_span s, const char *what, jel_reader read, void *ctx)
{
	struct jel_walk_arg w = {j, read, ctx};
	struct jscan_error err;

	if (!s.v || *s.v == 'n') /* absent or null: nothing to read */
		return true;
	if (*s.v != '[') {
		jel_error_at(j, s.v, "%s must be a list: skipped", what);
		return true;
	}
	if (!jscan_array_parsed(s.v, s.vend, &j->json, jel_walk_elem, &w, &err)) {
		jel_error_at(j, err.at, "invalid JSON: %s", err.why);
		j->bad_json = true;
	}
	return !j->bad_json;
}

struct jel_top_arg {
	struct jel *j;
	const char *const *keys;
	struct jel_span *spans;
	size_t n;
};

static bool jel_top_member(void *arg, const char *key, size_t len, const char *v, const char *vend)
{
	struct jel_top_arg *t = arg;

	t->j->last_end = vend;
	for (size_t i = 0; i < t->n; i++) {
		if (jscan_key_is(key, len, t->keys[i]) && !t->spans[i].v) {
			t->spans[i].v = v;
			t->spans[i].vend = vend;
		}
	}
	return true;
}

static bool scan_top(struct jel *j, const char *p, const char *end, bool whole_file,
		     const char *const *keys, struct jel_span *spans, size_t nkeys, const char **next)
{
	struct jel_top_arg t = {j, keys, spans, nkeys};
	struct jscan_error err;
	const char *q;

	j->last_end = NULL;
	if (jscan_object(p, end, jel_top_member, &t, &err) != 0) {
		jel_error_at(j, err.at, "invalid JSON: %s", err.why);
		j->bad_json = true;
		return false;
	}
	if (!whole_file)
		return true;
	/* jscan_object stops at the closing brace; what follows it is ours */
	q = jscan_ws(j->last_end ? j->last_end : jscan_ws(p, end) + 1, end);
	q = jscan_ws(q + 1, end); /* past the '}' */
	if (next && q < end && *q == '{') {
		*next = q;
		return true;
	}
	if (q < end) {
		jel_error_at(j, q, "invalid JSON: unexpected text after the top-level object");
		j->bad_json = true;
		return false;
	}
	return true;
}

bool jel_scan_top(struct jel *j, const char *p, const char *end, bool whole_file,
		  const char *const *keys, struct jel_span *spans, size_t nkeys)
{
	return scan_top(j, p, end, whole_file, keys, spans, nkeys, NULL);
}

bool jel_scan_top_seq(struct jel *j, const char *p, const char *end, const char *const *keys,
		      struct jel_span *spans, size_t nkeys, const char **next)
{
	*next = NULL;
	return scan_top(j, p, end, true, keys, spans, nkeys, next);
}

int jel_span_len(struct jel_span s)
{
	return (int)((size_t)(s.vend - s.v) > 40 ? 40 : (size_t)(s.vend - s.v));
}
