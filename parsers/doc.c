/*
 * doc.c: the document tree and its two readers: YAML through libyaml's
 * event API, JSON through a small recursive-descent reader that keeps
 * positions (cJSON keeps none).
 */
#include "parsers/doc.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static const struct doc_limits default_limits = {DOC_MAX_DEPTH, DOC_MAX_EXPANDED};

void doc_init(struct doc *d, const char *file)
{
	arena_init(&d->arena);
	d->file = file;
	d->root = NULL;
	d->nodes = 0;
}

void doc_release(struct doc *d)
{
	arena_release(&d->arena);
	d->root = NULL;
}

static struct node *new_node(struct doc *d, enum node_kind kind)
{
	struct node *n = arena_alloc(&d->arena, sizeof(*n));
	n->kind = (uint8_t)kind;
	n->weight = 1;
	d->nodes++;
	return n;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* A growing list of children for a collection still being read. */
struct frame {
	struct node *node;
	struct node **items;
	size_t n, cap;
};

/*
 * Close a collection: move its children into the arena and compute its
 * expanded weight and height.
 */
static void frame_close(struct doc *d, struct frame *f)
{
	struct node *n = f->node;
	uint64_t w = 1;
	unsigned h = 0;

	n->items = arena_memdup(&d->arena, f->items, f->n * sizeof(*f->items));
	n->n = (uint32_t)(n->kind == NODE_MAP ? f->n / 2 : f->n);
	for (size_t i = 0; i < f->n; i++) {
		w = sat_add(w, f->items[i]->weight);
		if (f->items[i]->height + 1u > h)
			h = f->items[i]->height + 1u;
	}
	n->weight = w;
	n->height = (uint16_t)(h > UINT16_MAX ? UINT16_MAX : h);
	free(f->items);
	f->items = NULL;
	f->n = f->cap = 0;
}

/* --- YAML ------------------------------------------------------------- */

struct yaml_reader {
	struct doc *d;
	struct errlist *errs;
	const struct doc_limits *lim;
	struct frame *stack;
	size_t depth;
	struct strmap anchors;
	uint64_t expanded; /* nodes reached through aliases so far */
};

static int yerr(struct yaml_reader *r, yaml_mark_t m, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
static int yerr(struct yaml_reader *r, yaml_mark_t m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(r->errs, r->d->file, (unsigned)m.line + 1,
		     (unsigned)m.column + 1, fmt, ap);
	va_end(ap);
	return -1;
}

static struct mark ymark(yaml_mark_t m)
{
	struct mark k = {(uint32_t)m.line + 1, (uint32_t)m.column + 1, (uint32_t)m.index};
	return k;
}

static int yattach(struct yaml_reader *r, struct node *n)
{
	yaml_mark_t m = {n->start.byte, n->start.line - 1, n->start.col - 1};

	if (r->depth + n->height > r->lim->max_depth)
		return yerr(r, m, "nesting is deeper than %u levels", r->lim->max_depth);
	if (r->depth == 0) {
		if (r->d->root)
			return yerr(r, m, "%s", "more than one YAML document");
		r->d->root = n;
		return 0;
	}
	struct frame *f = &r->stack[r->depth - 1];
	*VEC_PUSH(f->items, f->n, f->cap) = n;
	return 0;
}

/*
 * An alias is checked where it stands, not where its anchor is.  Only what
 * aliases add counts against max_expanded: a large document without
 * aliases is read whole (a billion laughs is all aliases).  The alias is a
 * shallow copy of its anchor with the alias's own position, so that a
 * finding on the value points where it is used; the children stay shared.
 */
static int yattach_alias(struct yaml_reader *r, struct node *target, yaml_mark_t m,
			 yaml_mark_t end)
{
	struct node *n;

	r->expanded = sat_add(r->expanded, target->weight);
	if (r->expanded > r->lim->max_expanded)
		return yerr(r, m, "document expands to more than %llu nodes through aliases",
			    (unsigned long long)r->lim->max_expanded);
	if (r->depth + target->height > r->lim->max_depth)
		return yerr(r, m, "nesting is deeper than %u levels", r->lim->max_depth);
	n = arena_memdup(&r->d->arena, target, sizeof(*n));
	n->start = ymark(m);
	n->end = ymark(end);
	return yattach(r, n);
}

static bool is_merge_key(const struct node *k)
{
	return k->kind == NODE_SCALAR && !k->tag && k->style == STYLE_PLAIN &&
	       strcmp(k->str, "<<") == 0;
}

/* Add src's pairs whose keys are not in seen yet to f. */
static void ymerge_from(struct frame *f, const struct node *src, struct strmap *seen)
{
	for (size_t i = 0; i < src->n; i++) {
		struct node *k = node_key(src, i);
		if (k->kind == NODE_SCALAR && strmap_get(seen, k->str))
			continue;
		if (k->kind == NODE_SCALAR)
			strmap_put(seen, k->str, k);
		*VEC_PUSH(f->items, f->n, f->cap) = k;
		*VEC_PUSH(f->items, f->n, f->cap) = node_val(src, i);
	}
}

/*
 * YAML 1.1 merge keys (yaml.org/type/merge.html), as `aws cloudformation
 * package` and cfn-lint apply them: `<<: *base` or `<<: [*a, *b]` adds the
 * pairs of those mappings whose keys the mapping does not have itself; of
 * a list, an earlier mapping wins over a later one.
 */
static int ymerge(struct yaml_reader *r, struct frame *f)
{
	struct node **own = f->items;
	size_t n = f->n, merges = 0;
	struct strmap seen;

	for (size_t i = 0; i < n; i += 2)
		merges += is_merge_key(own[i]);
	if (!merges)
		return 0;
	for (size_t i = 0; i < n; i += 2) {
		const struct node *v = own[i + 1];
		bool ok = v->kind == NODE_MAP || v->kind == NODE_SEQ;
		if (!is_merge_key(own[i]))
			continue;
		for (size_t j = 0; ok && v->kind == NODE_SEQ && j < v->n; j++)
			ok = v->items[j]->kind == NODE_MAP;
		if (!ok) {
			yaml_mark_t m = {v->start.byte, v->start.line - 1, v->start.col - 1};
			return yerr(r, m, "%s", "a merge key '<<' takes a mapping or a list of mappings");
		}
	}
	strmap_init(&seen);
	f->items = NULL;
	f->n = f->cap = 0;
	for (size_t i = 0; i < n; i += 2) {
		if (is_merge_key(own[i]))
			continue;
		if (own[i]->kind == NODE_SCALAR)
			strmap_put(&seen, own[i]->str, own[i]);
		*VEC_PUSH(f->items, f->n, f->cap) = own[i];
		*VEC_PUSH(f->items, f->n, f->cap) = own[i + 1];
	}
	for (size_t i = 0; i < n; i += 2) {
		const struct node *v = own[i + 1];
		if (!is_merge_key(own[i]))
			continue;
		if (v->kind == NODE_MAP)
			ymerge_from(f, v, &seen);
		else
			for (size_t j = 0; j < v->n; j++)
				ymerge_from(f, v->items[j], &seen);
	}
	strmap_release(&seen);
	free(own);
	return 0;
}

static int yanchor(struct yaml_reader *r, const yaml_char_t *anchor,
		   struct node *n)
{
	if (anchor)
		strmap_put(&r->anchors, arena_strdup(&r->d->arena, (const char *)anchor), n);
	return 0;
}

static const char *ytag(struct yaml_reader *r, const yaml_char_t *tag)
{
	/* Keep local tags (!Ref); the standard !!str and friends say nothing
	 * CloudFormation or the address plan cares about. */
	if (!tag || tag[0] != '!')
		return NULL;
	return arena_strdup(&r->d->arena, (const char *)tag);
}

static int yaml_event(struct yaml_reader *r, yaml_event_t *ev)
{
	struct node *n;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		/* a "\0" escape: C strings would cut the value there */
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
			return yerr(r, ev->start_mark, "%s", TEXT_NUL_ERROR);
		n = new_node(r->d, NODE_SCALAR);
		n->str = arena_strndup(&r->d->arena, (const char *)ev->data.scalar.value,
				       ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->tag = ytag(r, ev->data.scalar.tag);
		n->style = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? STYLE_PLAIN
									   : STYLE_QUOTED;
		n->start = ymark(ev->start_mark);
		n->end = ymark(ev->end_mark);
		yanchor(r, ev->data.scalar.anchor, n);
		return yattach(r, n);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (r->depth >= r->lim->max_depth)
			return yerr(r, ev->start_mark, "nesting is deeper than %u levels",
				    r->lim->max_depth);
		n = new_node(r->d, ev->type == YAML_MAPPING_START_EVENT ? NODE_MAP : NODE_SEQ);
		n->start = ymark(ev->start_mark);
		n->weight = 0; /* open: an alias to it would be recursive */
		if (ev->type == YAML_MAPPING_START_EVENT) {
			n->tag = ytag(r, ev->data.mapping_start.tag);
			yanchor(r, ev->data.mapping_start.anchor, n);
		} else {
			n->tag = ytag(r, ev->data.sequence_start.tag);
			yanchor(r, ev->data.sequence_start.anchor, n);
		}
		r->stack[r->depth].node = n;
		r->stack[r->depth].items = NULL;
		r->stack[r->depth].n = r->stack[r->depth].cap = 0;
		r->depth++;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		r->depth--;
		n = r->stack[r->depth].node;
		if (n->kind == NODE_MAP && ymerge(r, &r->stack[r->depth])) {
			r->depth++; /* its items are freed with the stack */
			return -1;
		}
		frame_close(r->d, &r->stack[r->depth]);
		n->end = ymark(ev->end_mark);
		return yattach(r, n);
	case YAML_ALIAS_EVENT:
		n = strmap_get(&r->anchors, (const char *)ev->data.alias.anchor);
		if (!n)
			return yerr(r, ev->start_mark, "unknown alias '*%s'",
				    (const char *)ev->data.alias.anchor);
		if (n->weight == 0)
			return yerr(r, ev->start_mark, "alias '*%s' refers to a node that contains it",
				    (const char *)ev->data.alias.anchor);
		return yattach_alias(r, n, ev->start_mark, ev->end_mark);
	default:
		return 0;
	}
}

int doc_read_yaml(struct doc *d, const char *buf, size_t len,
		  const struct doc_limits *limits, struct errlist *errs)
{
	struct yaml_reader r = {.d = d, .errs = errs, .lim = limits ? limits : &default_limits};
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = 0, done = 0;

	strmap_init(&r.anchors);
	r.stack = xcalloc(r.lim->max_depth + 1, sizeof(*r.stack));
	if (!yaml_parser_initialize(&parser))
		base_out_of_memory(sizeof(parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_mark_t m = parser.problem_mark;
			/* libyaml takes no allocator: its failure is ours.  Some
			 * of its paths fail an allocation without setting any
			 * error kind; every real problem sets one */
			if (parser.error == YAML_MEMORY_ERROR || parser.error == YAML_NO_ERROR)
				base_out_of_memory(0);
			if (parser.context)
				errlist_add(errs, d->file, (unsigned)m.line + 1,
					    (unsigned)m.column + 1, "invalid YAML: %s %s",
					    parser.problem ? parser.problem : "syntax error",
					    parser.context);
			else
				errlist_add(errs, d->file, (unsigned)m.line + 1,
					    (unsigned)m.column + 1, "invalid YAML: %s",
					    parser.problem ? parser.problem : "syntax error");
			rc = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		if (ev.type == YAML_DOCUMENT_START_EVENT && d->root)
			rc = yerr(&r, ev.start_mark, "%s", "more than one YAML document");
		else
			rc = yaml_event(&r, &ev);
		yaml_event_delete(&ev);
		if (rc)
			break;
	}
	yaml_parser_delete(&parser);
	for (size_t i = 0; i < r.depth; i++)
		free(r.stack[i].items);
	free(r.stack);
	strmap_release(&r.anchors);
	if (rc)
		d->root = NULL;
	return rc;
}

/* --- JSON ------------------------------------------------------------- */

struct json_reader {
	struct doc *d;
	struct errlist *errs;
	const struct doc_limits *lim;
	const char *buf, *p, *end;
	uint32_t line;
	const char *bol;       /* first byte of the current line */
	const char *col_at;    /* cache: a position on this line ... */
	uint32_t col;          /* ... and its column */
};

static struct mark jmark(struct json_reader *r, const char *at)
{
	struct mark m;

	if (r->col_at < r->bol || r->col_at > at) {
		r->col_at = r->bol;
		r->col = 1;
	}
	r->col += (uint32_t)utf8_count(r->col_at, (size_t)(at - r->col_at));
	r->col_at = at;
	m.line = r->line;
	m.col = r->col;
	m.byte = (uint32_t)(at - r->buf);
	return m;
}

static int jerr(struct json_reader *r, const char *at, const char *msg)
{
	struct mark m = jmark(r, at);
	errlist_add(r->errs, r->d->file, m.line, m.col, "invalid JSON: %s", msg);
	return -1;
}

static void jws(struct json_reader *r)
{
	while (r->p < r->end) {
		char c = *r->p;
		if (c == '\n') {
			r->line++;
			r->bol = ++r->p;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			r->p++;
		} else {
			break;
		}
	}
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A string starting at the opening quote; r->p ends after the closing one. */
static int jstring(struct json_reader *r, struct node *n)
{
	const char *start = r->p++;
	const char *run = r->p;
	struct sbuf sb;

	sbuf_init(&sb, 0);
	for (;;) {
		if (r->p >= r->end) {
			sbuf_release(&sb);
			return jerr(r, start, "unterminated string");
		}
		unsigned char c = (unsigned char)*r->p;
		if (c == '"')
			break;
		if (c < 0x20) {
			sbuf_release(&sb);
			return jerr(r, r->p, "control character in a string");
		}
		if (c != '\\') {
			r->p++;
			continue;
		}
		sbuf_add(&sb, run, (size_t)(r->p - run));
		if (r->p + 1 >= r->end) {
			sbuf_release(&sb);
			return jerr(r, start, "unterminated string");
		}
		char e = r->p[1];
		const char *esc = strchr("\"\\/bfnrt", e);
		if (e && esc) {
			static const char out[] = "\"\\/\b\f\n\r\t";
			sbuf_addch(&sb, out[esc - "\"\\/bfnrt"]);
			r->p += 2;
		} else if (e == 'u') {
			unsigned cp, lo;
			if (r->end - r->p < 6 || hex4(r->p + 2, &cp)) {
				sbuf_release(&sb);
				return jerr(r, r->p, "bad \\u escape");
			}
			r->p += 6;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' ||
				    hex4(r->p + 2, &lo) || lo < 0xdc00 || lo >= 0xe000) {
					sbuf_release(&sb);
					return jerr(r, r->p - 6, "unpaired UTF-16 surrogate in \\u escape");
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				r->p += 6;
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				sbuf_release(&sb);
				return jerr(r, r->p - 6, "unpaired UTF-16 surrogate in \\u escape");
			} else if (cp == 0) {
				/* C strings would cut the value there */
				sbuf_release(&sb);
				return jerr(r, r->p - 6, TEXT_NUL_ERROR);
			}
			sbuf_add_utf8(&sb, cp);
		} else {
			sbuf_release(&sb);
			return jerr(r, r->p, "unknown escape in a string");
		}
		run = r->p;
	}
	sbuf_add(&sb, run, (size_t)(r->p - run));
	r->p++;
	n->str = arena_strndup(&r->d->arena, sb.buf, sb.len);
	n->len = sb.len;
	n->style = STYLE_QUOTED;
	sbuf_release(&sb);
	return 0;
}

static int jnumber(struct json_reader *r, struct node *n)
{
	const char *s = r->p, *q = s;

	if (q < r->end && *q == '-')
		q++;
	if (q < r->end && *q == '0') {
		q++;
	} else if (q < r->end && *q >= '1' && *q <= '9') {
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	} else {
		return jerr(r, s, "expected a value");
	}
	if (q < r->end && *q == '.') {
		q++;
		if (q >= r->end || *q < '0' || *q > '9')
			return jerr(r, q, "expected a digit after '.'");
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < r->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < r->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= r->end || *q < '0' || *q > '9')
			return jerr(r, q, "expected a digit in the exponent");
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	n->str = arena_strndup(&r->d->arena, s, (size_t)(q - s));
	n->len = (size_t)(q - s);
	r->p = q;
	return 0;
}

static struct node *jvalue(struct json_reader *r, unsigned depth);

static struct node *jcollection(struct json_reader *r, unsigned depth, bool map)
{
	struct node *n = new_node(r->d, map ? NODE_MAP : NODE_SEQ);
	struct frame f = {n, NULL, 0, 0};
	char close = map ? '}' : ']';

	n->start = jmark(r, r->p);
	if (depth >= r->lim->max_depth) {
		errlist_add(r->errs, r->d->file, n->start.line, n->start.col,
			    "nesting is deeper than %u levels", r->lim->max_depth);
		return NULL;
	}
	r->p++;
	jws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		goto done;
	}
	for (;;) {
		struct node *item;

		if (map) {
			struct node *key;
			if (r->p >= r->end || *r->p != '"') {
				jerr(r, r->p, "expected a string key");
				goto fail;
			}
			key = new_node(r->d, NODE_SCALAR);
			key->start = jmark(r, r->p);
			if (jstring(r, key))
				goto fail;
			key->end = jmark(r, r->p);
			*VEC_PUSH(f.items, f.n, f.cap) = key;
			jws(r);
			if (r->p >= r->end || *r->p != ':') {
				jerr(r, r->p, "expected ':' after a key");
				goto fail;
			}
			r->p++;
			jws(r);
		}
		item = jvalue(r, depth + 1);
		if (!item)
			goto fail;
		*VEC_PUSH(f.items, f.n, f.cap) = item;
		jws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			jws(r);
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			break;
		}
		jerr(r, r->p, map ? "expected ',' or '}'" : "expected ',' or ']'");
		goto fail;
	}
done:
	frame_close(r->d, &f);
	n->end = jmark(r, r->p);
	return n;
fail:
	free(f.items);
	return NULL;
}

static struct node *jvalue(struct json_reader *r, unsigned depth)
{
	struct node *n;

	if (r->p >= r->end) {
		jerr(r, r->p, "unexpected end of input");
		return NULL;
	}
	switch (*r->p) {
	case '{':
		return jcollection(r, depth, true);
	case '[':
		return jcollection(r, depth, false);
	case '"':
		n = new_node(r->d, NODE_SCALAR);
		n->start = jmark(r, r->p);
		if (jstring(r, n))
			return NULL;
		n->end = jmark(r, r->p);
		return n;
	}
	n = new_node(r->d, NODE_SCALAR);
	n->start = jmark(r, r->p);
	n->style = STYLE_PLAIN;
	static const char *const lits[] = {"true", "false", "null"};
	for (size_t i = 0; i < ARRAY_SIZE(lits); i++) {
		size_t l = strlen(lits[i]);
		if ((size_t)(r->end - r->p) >= l && memcmp(r->p, lits[i], l) == 0) {
			n->str = lits[i];
			n->len = l;
			r->p += l;
			n->end = jmark(r, r->p);
			return n;
		}
	}
	if (jnumber(r, n))
		return NULL;
	n->end = jmark(r, r->p);
	return n;
}

int doc_read_json(struct doc *d, const char *buf, size_t len,
		  const struct doc_limits *limits, struct errlist *errs)
{
	struct json_reader r;

	memset(&r, 0, sizeof(r));
	r.d = d;
	r.errs = errs;
	r.lim = limits ? limits : &default_limits;
	r.buf = r.p = r.bol = r.col_at = buf;
	r.end = buf + len;
	r.line = 1;
	r.col = 1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		r.p = r.bol = r.col_at = buf + 3;
	else if (len >= 2 && ((unsigned char)buf[0] == 0xff || (unsigned char)buf[0] == 0xfe))
		return jerr(&r, r.p, "UTF-16 text; save the file as UTF-8");
	jws(&r);
	d->root = jvalue(&r, 0);
	if (!d->root)
		return -1;
	jws(&r);
	if (r.p != r.end) {
		d->root = NULL;
		return jerr(&r, r.p, "unexpected text after the value");
	}
	return 0;
}

/* --- reading the tree ------------------------------------------------- */

struct node *node_get(const struct node *map, const char *key)
{
	struct node *found = NULL;

	if (!map || map->kind != NODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		const struct node *k = node_key(map, i);
		if (k->kind == NODE_SCALAR && !k->tag && strcmp(k->str, key) == 0)
			found = node_val(map, i);
	}
	return found;
}

const char *node_text(const struct node *n)
{
	return n && n->kind == NODE_SCALAR && !n->tag ? n->str : NULL;
}

bool node_is_null(const struct node *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};

	if (!n || n->kind != NODE_SCALAR || n->tag || n->style != STYLE_PLAIN)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(nulls); i++)
		if (strcmp(n->str, nulls[i]) == 0)
			return true;
	return false;
}

int node_bool(const struct node *n)
{
	static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
	static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};

	if (!n || n->kind != NODE_SCALAR || n->tag || n->style != STYLE_PLAIN)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcmp(n->str, yes[i]) == 0)
			return 1;
		if (strcmp(n->str, no[i]) == 0)
			return 0;
	}
	return -1;
}

int node_int(const struct node *n, long long *out)
{
	const char *s = node_text(n);
	char *end;
	long long v;

	const char *digits;

	if (!s)
		return -1;
	/* decimal digits only: no sign but '-', no leading zero, no spaces */
	digits = s + (s[0] == '-');
	if (!isdigit((unsigned char)digits[0]) || (digits[0] == '0' && digits[1]))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

const char *node_kind_name(const struct node *n)
{
	if (!n)
		return "nothing";
	switch (n->kind) {
	case NODE_MAP:
		return "a mapping";
	case NODE_SEQ:
		return "a list";
	default:
		return node_is_null(n) ? "null" : "a scalar";
	}
}
