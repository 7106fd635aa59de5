/*
 * hcl_parse.c: HCL native syntax into the tree of hcl.h, by recursive
 * descent, as hashicorp/hcl's hclsyntax parser reads it (spec.md, and
 * where the spec is silent, what that parser does):
 *
 *  - newlines end attributes and blocks and separate object items, and
 *    are ignored inside (), [], ${} and for expressions (a stack says
 *    which, as HCL's peeker keeps one);
 *  - precedence, lowest first: ?: (right-associative), ||, &&, == !=,
 *    < <= > >=, + -, * / %, then unary - and ! over a term and its
 *    traversals;
 *  - a full splat [*] takes every traversal step after it; an attribute
 *    splat .* takes only .name (and the legacy .0) steps;
 *  - templates are read in HCL's two passes: first a flat list of
 *    literal pieces, interpolations and directives, with the ~ strip
 *    markers applied to the literal piece next to them (in a heredoc a
 *    piece is one line), then the <<- indentation rule, then adjacent
 *    literals joined, then the directives nested.
 *
 * The first error is reported and the reader stops (longjmp back to the
 * entry point: everything it built lives in the arena, and the few heap
 * buffers it holds are in struct parser, released there).
 *
 * Memory: a list being read (arguments, items, attributes, the pieces of
 * a template) grows on a stack on the heap, and moves into the arena at
 * its exact size when it is complete; a list nested in it is complete
 * first, above it.  Nodes come from slabs, names are kept once
 * (hcl_store), so the tree is most of what the arena holds.
 */
#include "parsers/terraform/hcl_lex.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A stack of bytes on the heap, for lists being read (see above). */
struct pstack {
	char *v;
	size_t n, cap;
};

#define NL_FIXED (4 * HCL_MAX_DEPTH + 8)

struct parser {
	struct hcl_lexer lx;
	struct arena *a;
	struct hcl_store *st;
	const char *file;
	unsigned depth, max_depth;
	struct hcl_token tok;  /* the lookahead, when have */
	bool have;
	uint8_t *nl;           /* do newlines count here? a stack (nl_fixed, */
	unsigned nnl;          /* or from the arena for a deeper bound) */
	uint8_t nl_fixed[NL_FIXED];
	struct sbuf text;      /* a template piece being decoded */
	struct sbuf name;      /* a label or a function name being read */
	struct pstack ptrs;    /* arguments, tuple items, template parts */
	struct pstack items;   /* object items */
	struct pstack attrs, blocks, labels, ttoks;
	struct pstack chars;   /* the text of template pieces */
	struct hcl_names names;
	struct hcl_expr *result; /* of the entry points: not a local, which */
	jmp_buf fail;            /* longjmp could leave stale in a register */
};

/* A new zeroed element of size (> 0) bytes on s (valid until the next
 * push). */
static void *ps_push(struct pstack *s, size_t size)
{
	void *slot;

	if (s->cap - s->n < size) {
		size_t cap = s->cap ? s->cap : 1024;
		while (cap - s->n < size)
			cap *= 2;
		s->v = xrealloc(s->v, cap);
		s->cap = cap;
	}
	slot = s->v + s->n;
	memset(slot, 0, size);
	s->n += size;
	return slot;
}

/* The list from mark to the top, moved into the arena (NULL if empty). */
static void *ps_take(struct parser *p, struct pstack *s, size_t mark)
{
	void *v = NULL;

	if (s->n > mark)
		v = arena_memdup(p->a, s->v + mark, s->n - mark);
	s->n = mark;
	return v;
}

static void push_ptr(struct parser *p, void *e)
{
	*(void **)ps_push(&p->ptrs, sizeof(void *)) = e;
}

#define PFAIL(p, at, ...) hcl_lex_fail(&(p)->lx, (at), __VA_ARGS__)

/* An error at a place already turned into a file position. */
static _Noreturn void fail_pos(struct parser *p, struct hcl_pos at, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
static _Noreturn void fail_pos(struct parser *p, struct hcl_pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(p->lx.errs, p->file, at.line, at.col, fmt, ap);
	va_end(ap);
	longjmp(p->fail, 1);
}

/* --- positions and nodes ------------------------------------------------ */

static struct hcl_range range_of(const struct parser *p, struct hcl_ipos s, struct hcl_ipos e)
{
	struct hcl_range r;

	r.file = p->file;
	r.start = hcl_lex_pos(&p->lx, s);
	r.end = hcl_lex_pos(&p->lx, e);
	return r;
}

static struct hcl_expr *node(struct parser *p, enum hcl_expr_kind kind, struct hcl_range r)
{
	struct hcl_expr *e = hcl_store_expr(p->st);

	e->kind = (uint8_t)kind;
	e->range = r;
	return e;
}

static struct hcl_range span(const struct hcl_expr *from, const struct hcl_expr *to)
{
	struct hcl_range r = from->range;

	r.end = to->range.end;
	return r;
}

/* A name or a number as written, kept once. */
static const char *text_of(struct parser *p, const struct hcl_token *t)
{
	return hcl_store_name(p->st, p->lx.src + t->start.off, t->end.off - t->start.off);
}

static bool tok_is(const struct parser *p, const struct hcl_token *t, const char *word)
{
	size_t n = strlen(word);

	return t->type == TK_IDENT && t->end.off - t->start.off == n &&
	       memcmp(p->lx.src + t->start.off, word, n) == 0;
}

/* What a token is, for messages. */
static const char *tok_desc(struct parser *p, const struct hcl_token *t)
{
	static const char *const names[] = {
		[TK_EOF] = "the end of the file", [TK_NEWLINE] = "a newline",
		[TK_OQUOTE] = "a string", [TK_HEREDOC] = "a heredoc",
		[TK_LBRACE] = "'{'", [TK_RBRACE] = "'}'", [TK_TILDE_RBRACE] = "'~}'",
		[TK_LBRACK] = "'['", [TK_RBRACK] = "']'", [TK_LPAREN] = "'('", [TK_RPAREN] = "')'",
		[TK_DOT] = "'.'", [TK_COMMA] = "','", [TK_STAR] = "'*'", [TK_SLASH] = "'/'",
		[TK_PERCENT] = "'%'", [TK_PLUS] = "'+'", [TK_MINUS] = "'-'", [TK_EQUAL] = "'='",
		[TK_EQEQ] = "'=='", [TK_NE] = "'!='", [TK_LT] = "'<'", [TK_LE] = "'<='",
		[TK_GT] = "'>'", [TK_GE] = "'>='", [TK_AND] = "'&&'", [TK_OR] = "'||'",
		[TK_BANG] = "'!'", [TK_QUESTION] = "'?'", [TK_COLON] = "':'", [TK_DCOLON] = "'::'",
		[TK_ELLIPSIS] = "'...'", [TK_ARROW] = "'=>'",
	};

	if (t->type == TK_EOF && p->lx.pos_map)
		return "the end of the string";
	if (t->type == TK_IDENT || t->type == TK_NUMBER) {
		size_t n = t->end.off - t->start.off;
		return arena_printf(p->a, "'%.*s'", (int)(n > 40 ? 40 : n), p->lx.src + t->start.off);
	}
	return t->type < ARRAY_SIZE(names) && names[t->type] ? names[t->type] : "a token";
}

/* --- tokens, newlines and depth ----------------------------------------- */

static const struct hcl_token *peek(struct parser *p)
{
	for (;;) {
		if (!p->have) {
			hcl_lex_next(&p->lx, &p->tok);
			p->have = true;
		}
		if (p->tok.type == TK_NEWLINE && !p->nl[p->nnl - 1]) {
			p->have = false;
			continue;
		}
		return &p->tok;
	}
}

static struct hcl_token next(struct parser *p)
{
	peek(p);
	p->have = false;
	return p->tok;
}

static void enter(struct parser *p, struct hcl_ipos at)
{
	if (++p->depth > p->max_depth)
		PFAIL(p, at, "nesting is deeper than %u levels", p->max_depth);
}

static void leave(struct parser *p)
{
	p->depth--;
}

/* The newline stack grows only with the depth, so it has room. */
static void push_nl(struct parser *p, bool count)
{
	p->nl[p->nnl++] = count;
}

static void pop_nl(struct parser *p)
{
	p->nnl--;
}

/* Where the next token starts, whatever it is (a newline included). */
static struct hcl_ipos here(struct parser *p)
{
	return peek(p)->start;
}

/* --- expressions -------------------------------------------------------- */

static struct hcl_expr *parse_expression(struct parser *p);
static struct hcl_expr *parse_operand(struct parser *p);
static struct hcl_expr *parse_template(struct parser *p, const struct hcl_token *open);

static struct hcl_expr *literal_string(struct parser *p, const char *s, size_t len,
				       struct hcl_range r)
{
	struct hcl_expr *e = node(p, HCL_LITERAL, r);

	e->lit.kind = HCL_LIT_STRING;
	e->lit.text = s;
	e->lit.len = len;
	return e;
}

/* digits ('.' digits*)? ([eE] [+-]? digits)?: what cty's number parser
 * takes of what the scanner can give. */
static bool number_ok(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0)
		return false;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t d;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return false;
	}
	return i == n;
}

static struct hcl_expr *number_literal(struct parser *p, const struct hcl_token *t)
{
	struct hcl_expr *e = node(p, HCL_LITERAL, range_of(p, t->start, t->end));
	size_t n = t->end.off - t->start.off;

	if (!number_ok(p->lx.src + t->start.off, n))
		PFAIL(p, t->start, "invalid number literal %s", tok_desc(p, t));
	e->lit.kind = HCL_LIT_NUMBER;
	e->lit.text = text_of(p, t);
	e->lit.len = n;
	return e;
}

/* The legacy index .0 (from HIL): a whole number; "a.0.1" scans the
 * number 0.1 and is refused, as HCL refuses it. */
static struct hcl_expr *legacy_index(struct parser *p, struct hcl_expr *src,
				     const struct hcl_token *num)
{
	const char *s = p->lx.src + num->start.off;
	size_t n = num->end.off - num->start.off;
	const char *dot = memchr(s, '.', n);
	struct hcl_expr *e;

	if (dot)
		PFAIL(p, num->start, "invalid legacy index '.%.*s': two indexes are written "
		      "[%.*s][%.*s]", (int)n, s, (int)(dot - s), s, (int)(n - (size_t)(dot - s) - 1),
		      dot + 1);
	e = node(p, HCL_INDEX, src->range);
	e->range.end = hcl_lex_pos(&p->lx, num->end);
	e->index.source = src;
	e->index.key = number_literal(p, num);
	return e;
}

static struct hcl_expr *getattr(struct parser *p, struct hcl_expr *src, const struct hcl_token *name)
{
	struct hcl_expr *e = node(p, HCL_GETATTR, src->range);

	e->range.end = hcl_lex_pos(&p->lx, name->end);
	e->getattr.source = src;
	e->getattr.name = text_of(p, name);
	e->getattr.name_range = range_of(p, name->start, name->end);
	return e;
}

/* After a term: .name, .0, .*, [key], [*]. */
static struct hcl_expr *parse_traversals(struct parser *p, struct hcl_expr *from)
{
	struct hcl_expr *ret = from;

	enter(p, here(p));
	for (;;) {
		const struct hcl_token *t = peek(p);

		if (t->type == TK_DOT) {
			struct hcl_token dot = next(p), n;
			t = peek(p);
			if (t->type == TK_IDENT) {
				n = next(p);
				ret = getattr(p, ret, &n);
			} else if (t->type == TK_NUMBER) {
				n = next(p);
				ret = legacy_index(p, ret, &n);
			} else if (t->type == TK_STAR) {
				struct hcl_token star = next(p);
				struct hcl_expr *item, *each, *sp;
				item = node(p, HCL_SPLAT_ITEM, range_of(p, dot.start, star.end));
				each = item;
				while (peek(p)->type == TK_DOT) {
					next(p);
					t = peek(p);
					if (t->type == TK_IDENT) {
						n = next(p);
						each = getattr(p, each, &n);
					} else if (t->type == TK_NUMBER) {
						n = next(p);
						each = legacy_index(p, each, &n);
					} else if (t->type == TK_STAR) {
						PFAIL(p, t->start, "nested splat: '.*' cannot follow an "
						      "attribute splat '.*'");
					} else {
						PFAIL(p, t->start, "expected an attribute name after '.', "
						      "found %s", tok_desc(p, t));
					}
				}
				sp = node(p, HCL_SPLAT, span(ret, each));
				sp->splat.source = ret;
				sp->splat.each = each;
				sp->splat.full = false;
				ret = sp;
			} else {
				PFAIL(p, t->start, "expected an attribute name after '.', found %s",
				      tok_desc(p, t));
			}
		} else if (t->type == TK_LBRACK) {
			struct hcl_token open = next(p), close;
			t = peek(p);
			if (t->type == TK_STAR) {
				struct hcl_expr *item, *each, *sp;
				next(p);
				close = next(p);
				if (close.type != TK_RBRACK)
					PFAIL(p, close.start, "expected ']' right after '[*', found %s",
					      tok_desc(p, &close));
				item = node(p, HCL_SPLAT_ITEM, range_of(p, open.start, close.end));
				each = parse_traversals(p, item);
				sp = node(p, HCL_SPLAT, span(ret, each));
				sp->splat.source = ret;
				sp->splat.each = each;
				sp->splat.full = true;
				ret = sp;
			} else {
				struct hcl_expr *key, *ix;
				push_nl(p, false);
				key = parse_expression(p);
				t = peek(p);
				if (t->type != TK_RBRACK)
					PFAIL(p, t->start, "expected ']' to close the index, found %s",
					      tok_desc(p, t));
				close = next(p);
				pop_nl(p);
				ix = node(p, HCL_INDEX, ret->range);
				ix->range.end = hcl_lex_pos(&p->lx, close.end);
				ix->index.source = ret;
				ix->index.key = key;
				ret = ix;
			}
		} else {
			break;
		}
	}
	leave(p);
	return ret;
}

static struct hcl_expr *parse_call(struct parser *p, const struct hcl_token *name)
{
	struct sbuf *full = &p->name;
	struct hcl_ipos name_end = name->end;
	struct hcl_token open, sep;
	size_t mark = p->ptrs.n;
	struct hcl_expr *e;
	const char *fname;

	sbuf_reset(full);
	sbuf_add(full, p->lx.src + name->start.off, name->end.off - name->start.off);
	open = next(p);
	while (open.type == TK_DCOLON) {
		struct hcl_token part = next(p);
		if (part.type != TK_IDENT)
			PFAIL(p, part.start, "expected a function name after '::', found %s",
			      tok_desc(p, &part));
		sbuf_adds(full, "::");
		sbuf_add(full, p->lx.src + part.start.off, part.end.off - part.start.off);
		name_end = part.end;
		open = next(p);
	}
	fname = arena_strndup(p->a, full->buf, full->len);
	if (open.type != TK_LPAREN)
		PFAIL(p, open.start, "expected '(' after the function name '%s', found %s", fname,
		      tok_desc(p, &open));
	e = node(p, HCL_CALL, range_of(p, name->start, name->end));
	e->call.name = fname;
	e->call.name_range = range_of(p, name->start, name_end);
	push_nl(p, false);
	for (;;) {
		const struct hcl_token *t = peek(p);

		if (t->type == TK_RPAREN) {
			sep = next(p);
			break;
		}
		push_ptr(p, parse_expression(p));
		sep = next(p);
		if (sep.type == TK_RPAREN)
			break;
		if (sep.type == TK_ELLIPSIS) {
			e->call.expand_last = true;
			t = peek(p);
			if (t->type != TK_RPAREN)
				PFAIL(p, t->start, "expected ')' right after the expanded argument "
				      "'...' of '%s', found %s", fname, tok_desc(p, t));
			sep = next(p);
			break;
		}
		if (sep.type == TK_EOF)
			PFAIL(p, name->start, "unclosed call of '%s': no ')' before the end of the file",
			      fname);
		if (sep.type != TK_COMMA)
			PFAIL(p, sep.start, "expected ',' or ')' after an argument of '%s', found %s",
			      fname, tok_desc(p, &sep));
		if (peek(p)->type == TK_RPAREN) {
			sep = next(p);
			break;
		}
	}
	pop_nl(p);
	e->call.n = (p->ptrs.n - mark) / sizeof(void *);
	e->call.args = ps_take(p, &p->ptrs, mark);
	e->range.end = hcl_lex_pos(&p->lx, sep.end);
	return e;
}

/* [for ...] and {for ...}, from after the opening bracket. */
static struct hcl_expr *parse_for(struct parser *p, const struct hcl_token *open, bool object)
{
	struct hcl_expr *e = node(p, HCL_FOR, range_of(p, open->start, open->end));
	struct hcl_token t, close;
	enum hcl_tok want = object ? TK_RBRACE : TK_RBRACK;

	push_nl(p, false);
	next(p); /* for */
	t = next(p);
	if (t.type != TK_IDENT)
		PFAIL(p, t.start, "expected a variable name after 'for', found %s", tok_desc(p, &t));
	e->forx.value_var = text_of(p, &t);
	if (peek(p)->type == TK_COMMA) {
		next(p);
		t = next(p);
		if (t.type != TK_IDENT)
			PFAIL(p, t.start, "expected a second variable name after ',' in 'for', found %s",
			      tok_desc(p, &t));
		e->forx.key_var = e->forx.value_var;
		e->forx.value_var = text_of(p, &t);
	}
	t = next(p);
	if (!tok_is(p, &t, "in"))
		PFAIL(p, t.start, "expected 'in' after the variables of 'for', found %s",
		      tok_desc(p, &t));
	e->forx.coll = parse_expression(p);
	t = next(p);
	if (t.type != TK_COLON)
		PFAIL(p, t.start, "expected ':' after the collection of 'for', found %s",
		      tok_desc(p, &t));
	e->forx.value = parse_expression(p);
	if (peek(p)->type == TK_ARROW) {
		next(p);
		e->forx.key = e->forx.value;
		e->forx.value = parse_expression(p);
	}
	if (peek(p)->type == TK_ELLIPSIS) {
		t = next(p);
		if (!object)
			PFAIL(p, t.start, "grouping '...' is only for a 'for' that builds an object");
		e->forx.group = true;
	}
	if (tok_is(p, peek(p), "if")) {
		next(p);
		e->forx.cond = parse_expression(p);
	}
	close = next(p);
	if (close.type != want)
		PFAIL(p, close.start, "expected '%c' to end the 'for' expression, found %s",
		      object ? '}' : ']', tok_desc(p, &close));
	if (!object && e->forx.key)
		fail_pos(p, e->forx.key->range.start, "a 'for' that builds a tuple has no key: "
			 "'k => v' is for '{for ...}'");
	if (object && !e->forx.key)
		fail_pos(p, e->forx.value->range.start, "a 'for' that builds an object needs "
			 "'key => value'");
	pop_nl(p);
	e->forx.object = object;
	e->range.end = hcl_lex_pos(&p->lx, close.end);
	return e;
}

static struct hcl_expr *parse_tuple(struct parser *p)
{
	struct hcl_token open = next(p), close;
	size_t mark = p->ptrs.n;
	struct hcl_expr *e;

	push_nl(p, false);
	if (tok_is(p, peek(p), "for")) {
		e = parse_for(p, &open, false);
		pop_nl(p);
		return e;
	}
	for (;;) {
		const struct hcl_token *t = peek(p);

		if (t->type == TK_RBRACK) {
			close = next(p);
			break;
		}
		push_ptr(p, parse_expression(p));
		t = peek(p);
		if (t->type == TK_RBRACK) {
			close = next(p);
			break;
		}
		if (t->type == TK_EOF)
			PFAIL(p, open.start, "unclosed '[': no ']' before the end of the file");
		if (t->type != TK_COMMA)
			PFAIL(p, t->start, "expected ',' or ']' after a tuple item, found %s",
			      tok_desc(p, t));
		next(p);
	}
	pop_nl(p);
	e = node(p, HCL_TUPLE, range_of(p, open.start, close.end));
	e->tuple.n = (p->ptrs.n - mark) / sizeof(void *);
	e->tuple.items = ps_take(p, &p->ptrs, mark);
	return e;
}

static struct hcl_expr *parse_object(struct parser *p)
{
	struct hcl_token open = next(p), close;
	size_t mark = p->items.n;
	struct hcl_expr *e;
	bool is_for;

	push_nl(p, false);
	is_for = tok_is(p, peek(p), "for");
	pop_nl(p);
	if (is_for)
		return parse_for(p, &open, true);
	push_nl(p, true);
	for (;;) {
		const struct hcl_token *t = peek(p);
		struct hcl_object_item item = {NULL, NULL, false};
		struct hcl_expr *key;

		if (t->type == TK_NEWLINE) {
			next(p);
			continue;
		}
		if (t->type == TK_RBRACE) {
			close = next(p);
			break;
		}
		key = parse_expression(p);
		t = peek(p);
		if (t->type != TK_EQUAL && t->type != TK_COLON) {
			if (t->type == TK_NEWLINE || t->type == TK_COMMA)
				PFAIL(p, t->start, "missing value of an object item: expected '=' "
				      "after the key");
			if (t->type == TK_EOF)
				PFAIL(p, open.start, "unclosed '{': no '}' before the end of the file");
			if (t->type == TK_IDENT)
				PFAIL(p, t->start, "expected '=' after the key, found %s (a key holding "
				      "dots or spaces is written in quotes)", tok_desc(p, t));
			PFAIL(p, t->start, "expected '=' after the key, found %s", tok_desc(p, t));
		}
		next(p);
		if (key->kind == HCL_VARIABLE) {
			/* a bare name is the key itself, not a reference */
			key = literal_string(p, key->var.name, strlen(key->var.name), key->range);
			item.key_ident = true;
		} else if (key->kind == HCL_LITERAL && key->lit.kind != HCL_LIT_NUMBER) {
			/* so are true, false and null, as HCL reads a static name */
			const char *s = key->lit.kind == HCL_LIT_NULL ? "null" : key->lit.b ? "true" : "false";
			key = literal_string(p, s, strlen(s), key->range);
			item.key_ident = true;
		}
		item.key = key;
		item.value = parse_expression(p);
		*(struct hcl_object_item *)ps_push(&p->items, sizeof(item)) = item;
		t = peek(p);
		if (t->type == TK_RBRACE) {
			close = next(p);
			break;
		}
		if (t->type == TK_EOF)
			PFAIL(p, open.start, "unclosed '{': no '}' before the end of the file");
		if (t->type != TK_COMMA && t->type != TK_NEWLINE)
			PFAIL(p, t->start, "expected a newline or ',' after an object item, found %s",
			      tok_desc(p, t));
		next(p);
	}
	pop_nl(p);
	e = node(p, HCL_OBJECT, range_of(p, open.start, close.end));
	e->object.n = (p->items.n - mark) / sizeof(struct hcl_object_item);
	e->object.items = ps_take(p, &p->items, mark);
	return e;
}

static struct hcl_expr *parse_term(struct parser *p)
{
	const struct hcl_token *t = peek(p);
	struct hcl_token tk;
	struct hcl_expr *e;

	switch (t->type) {
	case TK_LPAREN: {
		struct hcl_expr *inner;
		tk = next(p);
		push_nl(p, false);
		inner = parse_expression(p);
		t = peek(p);
		if (t->type != TK_RPAREN)
			PFAIL(p, t->start, "expected ')' to close the '(' at %u:%u, found %s",
			      hcl_lex_pos(&p->lx, tk.start).line, hcl_lex_pos(&p->lx, tk.start).col,
			      tok_desc(p, t));
		e = node(p, HCL_PAREN, range_of(p, tk.start, t->end));
		next(p);
		pop_nl(p);
		e->paren.inner = inner;
		return e;
	}
	case TK_NUMBER:
		tk = next(p);
		return number_literal(p, &tk);
	case TK_IDENT: {
		const char *name;
		tk = next(p);
		t = peek(p);
		if (t->type == TK_LPAREN || t->type == TK_DCOLON)
			return parse_call(p, &tk);
		e = node(p, HCL_LITERAL, range_of(p, tk.start, tk.end));
		if (tok_is(p, &tk, "true") || tok_is(p, &tk, "false")) {
			e->lit.kind = HCL_LIT_BOOL;
			e->lit.b = tok_is(p, &tk, "true");
			return e;
		}
		if (tok_is(p, &tk, "null")) {
			e->lit.kind = HCL_LIT_NULL;
			return e;
		}
		name = text_of(p, &tk);
		e->kind = HCL_VARIABLE;
		e->var.name = name;
		return e;
	}
	case TK_OQUOTE:
	case TK_HEREDOC:
		tk = next(p);
		return parse_template(p, &tk);
	case TK_MINUS:
	case TK_BANG: {
		struct hcl_expr *operand;
		tk = next(p);
		enter(p, tk.start);
		operand = parse_operand(p);
		leave(p);
		e = node(p, HCL_UNARY, range_of(p, tk.start, tk.end));
		e->range.end = operand->range.end;
		e->unary.op = tk.type == TK_MINUS ? HCL_OP_NEG : HCL_OP_NOT;
		e->unary.operand = operand;
		return e;
	}
	case TK_LBRACK:
		return parse_tuple(p);
	case TK_LBRACE:
		return parse_object(p);
	default:
		PFAIL(p, t->start, "expected an expression, found %s", tok_desc(p, t));
	}
}

/* A term and its traversals: the operand of a unary or binary operator. */
static struct hcl_expr *parse_operand(struct parser *p)
{
	return parse_traversals(p, parse_term(p));
}

/* The binary operators by level, loosest first. */
static const struct {
	uint8_t n;
	struct {
		uint8_t tok, op;
	} v[4];
} binary_ops[] = {
	{1, {{TK_OR, HCL_OP_OR}}},
	{1, {{TK_AND, HCL_OP_AND}}},
	{2, {{TK_EQEQ, HCL_OP_EQ}, {TK_NE, HCL_OP_NE}}},
	{4, {{TK_LT, HCL_OP_LT}, {TK_LE, HCL_OP_LE}, {TK_GT, HCL_OP_GT}, {TK_GE, HCL_OP_GE}}},
	{2, {{TK_PLUS, HCL_OP_ADD}, {TK_MINUS, HCL_OP_SUB}}},
	{3, {{TK_STAR, HCL_OP_MUL}, {TK_SLASH, HCL_OP_DIV}, {TK_PERCENT, HCL_OP_MOD}}},
};

static int binary_op(size_t level, uint8_t tok)
{
	for (size_t i = 0; i < binary_ops[level].n; i++)
		if (binary_ops[level].v[i].tok == tok)
			return binary_ops[level].v[i].op;
	return -1;
}

static struct hcl_expr *parse_binary(struct parser *p, size_t level)
{
	struct hcl_expr *lhs;

	if (level == ARRAY_SIZE(binary_ops))
		return parse_operand(p);
	lhs = parse_binary(p, level + 1);
	for (;;) {
		int op = binary_op(level, peek(p)->type);
		struct hcl_expr *rhs, *e;

		if (op < 0)
			return lhs;
		next(p);
		rhs = parse_binary(p, level + 1);
		e = node(p, HCL_BINARY, span(lhs, rhs));
		e->binary.op = (uint8_t)op;
		e->binary.lhs = lhs;
		e->binary.rhs = rhs;
		lhs = e;
	}
}

static struct hcl_expr *parse_expression(struct parser *p)
{
	struct hcl_expr *cond, *e;
	const struct hcl_token *t;

	enter(p, here(p));
	cond = parse_binary(p, 0);
	if (peek(p)->type != TK_QUESTION) {
		leave(p);
		return cond;
	}
	next(p);
	e = node(p, HCL_CONDITIONAL, cond->range);
	e->cond.cond = cond;
	e->cond.then_e = parse_expression(p);
	t = peek(p);
	if (t->type != TK_COLON)
		PFAIL(p, t->start, "expected ':' and the false result of the conditional, found %s",
		      tok_desc(p, t));
	next(p);
	e->cond.else_e = parse_expression(p);
	e->range.end = e->cond.else_e->range.end;
	leave(p);
	return e;
}

/* --- templates ---------------------------------------------------------- */

enum ttok_kind { TT_LIT, TT_INTERP, TT_IF, TT_ELSE, TT_ENDIF, TT_FOR, TT_ENDFOR, TT_END };

static const char *const ttok_names[] = {"", "", "if", "else", "endif", "for", "endfor", ""};

/* One item of the flat first pass (on p->ttoks). */
struct ttok {
	uint8_t kind;            /* enum ttok_kind */
	bool adjust;             /* <<-: a line-leading piece to take spaces off */
	size_t off, len;         /* TT_LIT: its text, at p->chars.v + off */
	const char *text;        /* TT_LIT after meld_literals: in the arena */
	struct hcl_ipos start, end; /* TT_LIT: its text; directives: %{ to } */
	struct hcl_expr *expr;   /* TT_INTERP, TT_IF (condition), TT_FOR (collection) */
	const char *key_var, *value_var;
};

static size_t trim_left(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n && (k = hcl_utf8_decode(s + i, n - i, &cp)) && hcl_is_space(cp))
		i += k;
	return i;
}

static size_t trimmed_right_len(const char *s, size_t n)
{
	size_t i = 0, keep = 0, k;
	uint32_t cp;

	while (i < n && (k = hcl_utf8_decode(s + i, n - i, &cp))) {
		i += k;
		if (!hcl_is_space(cp))
			keep = i;
	}
	return keep;
}

/* The directive after "%{" (or "%{~"), up to and with its "}". */
static void parse_directive(struct parser *p, struct ttok *tt, bool *ltrim_next)
{
	struct hcl_token kw, t;
	const struct hcl_token *c;

	push_nl(p, false);
	kw = next(p);
	if (kw.type != TK_IDENT)
		PFAIL(p, kw.start, "expected a template directive (if, for, else, endif or endfor) "
		      "after '%%{', found %s", tok_desc(p, &kw));
	if (tok_is(p, &kw, "if")) {
		tt->kind = TT_IF;
		tt->expr = parse_expression(p);
	} else if (tok_is(p, &kw, "else")) {
		tt->kind = TT_ELSE;
	} else if (tok_is(p, &kw, "endif")) {
		tt->kind = TT_ENDIF;
	} else if (tok_is(p, &kw, "endfor")) {
		tt->kind = TT_ENDFOR;
	} else if (tok_is(p, &kw, "for")) {
		tt->kind = TT_FOR;
		t = next(p);
		if (t.type != TK_IDENT)
			PFAIL(p, t.start, "expected a variable name after 'for', found %s",
			      tok_desc(p, &t));
		tt->value_var = text_of(p, &t);
		if (peek(p)->type == TK_COMMA) {
			next(p);
			t = next(p);
			if (t.type != TK_IDENT)
				PFAIL(p, t.start, "expected a second variable name after ',' in "
				      "'for', found %s", tok_desc(p, &t));
			tt->key_var = tt->value_var;
			tt->value_var = text_of(p, &t);
		}
		t = next(p);
		if (!tok_is(p, &t, "in"))
			PFAIL(p, t.start, "expected 'in' after the variables of 'for', found %s",
			      tok_desc(p, &t));
		tt->expr = parse_expression(p);
	} else {
		PFAIL(p, kw.start, "unknown template directive %s (expected if, for, else, endif "
		      "or endfor)", tok_desc(p, &kw));
	}
	c = peek(p);
	if (c->type != TK_RBRACE && c->type != TK_TILDE_RBRACE)
		PFAIL(p, c->start, "expected '}' to end the '%s' directive, found %s",
		      ttok_names[tt->kind], tok_desc(p, c));
	*ltrim_next = c->type == TK_TILDE_RBRACE;
	tt->end = c->end;
	next(p);
	pop_nl(p);
}

/* "${" ... "}": the expression. */
static struct hcl_expr *parse_interp(struct parser *p, const struct hcl_chunk *open,
				     uint8_t mode, bool *ltrim_next)
{
	struct hcl_expr *e;
	const struct hcl_token *c;

	push_nl(p, false);
	e = parse_expression(p);
	c = peek(p);
	if (c->type == TK_EOF)
		PFAIL(p, open->start, "unclosed interpolation: no '}' before the end of the file");
	if (c->type == TK_OQUOTE && mode == TM_QUOTED)
		PFAIL(p, open->start, "unclosed interpolation: no '}' before the end of the string");
	if (c->type != TK_RBRACE && c->type != TK_TILDE_RBRACE)
		PFAIL(p, c->start, "expected '}' to end the interpolation, found %s (a literal '${' "
		      "is written '$${')", tok_desc(p, c));
	*ltrim_next = c->type == TK_TILDE_RBRACE;
	next(p);
	pop_nl(p);
	return e;
}

/*
 * The <<- rule: the smallest number of spaces at the start of a line
 * (a line-leading literal piece; a line of spaces only does not count,
 * a line starting with an interpolation counts 0) is taken off every
 * line-leading piece that was counted.
 */
static void flush_heredoc(const char *chars, struct ttok *tt, size_t n)
{
	size_t min = SIZE_MAX;
	bool newline = true;

	for (size_t i = 0; i < n; i++) {
		const char *text = tt[i].len ? chars + tt[i].off : "";
		if (newline) {
			newline = false;
			if (tt[i].kind == TT_END)
				break;
			if (tt[i].kind == TT_LIT) {
				size_t lead = trim_left(text, tt[i].len);
				/* a blank line is neither counted nor changed */
				if (lead < tt[i].len || !tt[i].len || text[tt[i].len - 1] != '\n') {
					size_t spaces = utf8_count(text, lead);
					tt[i].adjust = true;
					if (spaces < min)
						min = spaces;
				}
			} else {
				min = 0;
			}
		}
		if (tt[i].kind == TT_LIT && tt[i].len && text[tt[i].len - 1] == '\n')
			newline = true;
	}
	if (min == SIZE_MAX)
		min = 0;
	for (size_t i = 0; i < n; i++) {
		size_t skip = 0, k;
		uint32_t cp;
		if (!tt[i].adjust)
			continue;
		for (size_t c = 0; c < min && skip < tt[i].len; c++) {
			k = hcl_utf8_decode(chars + tt[i].off + skip, tt[i].len - skip, &cp);
			skip += k ? k : 1;
		}
		tt[i].off += skip;
		tt[i].len -= skip;
		tt[i].start.off += skip;
		tt[i].start.col += (uint32_t)min;
	}
}

/* Adjacent literal pieces become one, copied once into the arena. */
static size_t meld_literals(struct parser *p, struct ttok *tt, size_t n)
{
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j = i, total = 0;
		char *s;

		if (tt[i].kind != TT_LIT) {
			tt[out++] = tt[i];
			continue;
		}
		while (j < n && tt[j].kind == TT_LIT)
			total += tt[j++].len;
		s = arena_alloc(p->a, total + 1);
		total = 0;
		for (size_t k = i; k < j; k++) {
			if (tt[k].len)
				memcpy(s + total, p->chars.v + tt[k].off, tt[k].len);
			total += tt[k].len;
		}
		tt[out] = tt[i];
		tt[out].text = s;
		tt[out].len = total;
		tt[out].end = tt[j - 1].end;
		out++;
		i = j - 1;
	}
	return out;
}

static struct hcl_expr *empty_literal(struct parser *p, struct hcl_ipos at)
{
	return literal_string(p, "", 0, range_of(p, at, at));
}

/* The template of the parts from mark to the top of p->ptrs. */
static struct hcl_expr *sub_template(struct parser *p, size_t mark, struct hcl_ipos empty_at)
{
	struct hcl_expr *e, **v;
	size_t n;

	if (p->ptrs.n == mark)
		push_ptr(p, empty_literal(p, empty_at));
	n = (p->ptrs.n - mark) / sizeof(void *);
	v = (struct hcl_expr **)(p->ptrs.v + mark);
	e = node(p, HCL_TEMPLATE, span(v[0], v[n - 1]));
	e->tpl.n = n;
	e->tpl.parts = ps_take(p, &p->ptrs, mark);
	return e;
}

/* The parts from tt[*i] up to a closing directive or the end, which is
 * left at tt[*i], pushed on p->ptrs. */
static void build_parts(struct parser *p, struct ttok *tt, size_t *i)
{
	for (;;) {
		struct ttok *t = &tt[*i];
		struct hcl_expr *e;

		switch (t->kind) {
		case TT_END:
		case TT_ELSE:
		case TT_ENDIF:
		case TT_ENDFOR:
			return;
		case TT_LIT:
			e = literal_string(p, t->text, t->len, range_of(p, t->start, t->end));
			(*i)++;
			break;
		case TT_INTERP:
			e = t->expr;
			(*i)++;
			break;
		case TT_IF: {
			size_t mark = p->ptrs.n;
			struct ttok *end;
			struct hcl_pos at = hcl_lex_pos(&p->lx, t->start);
			enter(p, t->start);
			(*i)++;
			build_parts(p, tt, i);
			e = node(p, HCL_TEMPLATE_IF, range_of(p, t->start, t->end));
			e->tif.cond = t->expr;
			e->tif.then_t = sub_template(p, mark, t->end);
			end = &tt[*i];
			if (end->kind == TT_ELSE) {
				(*i)++;
				build_parts(p, tt, i);
				if (tt[*i].kind == TT_ELSE)
					PFAIL(p, tt[*i].start, "a second 'else' for the 'if' at %u:%u",
					      at.line, at.col);
				end = &tt[*i];
				e->tif.else_t = sub_template(p, mark, end->start);
			}
			if (end->kind == TT_END)
				PFAIL(p, t->start, "the 'if' directive has no 'endif'");
			if (end->kind != TT_ENDIF)
				PFAIL(p, end->start, "expected 'endif' for the 'if' at %u:%u, found '%s'",
				      at.line, at.col, ttok_names[end->kind]);
			e->range.end = hcl_lex_pos(&p->lx, end->end);
			(*i)++;
			leave(p);
			break;
		}
		case TT_FOR: {
			size_t mark = p->ptrs.n;
			struct ttok *end;
			struct hcl_pos at = hcl_lex_pos(&p->lx, t->start);
			enter(p, t->start);
			(*i)++;
			build_parts(p, tt, i);
			end = &tt[*i];
			if (end->kind == TT_END)
				PFAIL(p, t->start, "the 'for' directive has no 'endfor'");
			if (end->kind != TT_ENDFOR)
				PFAIL(p, end->start, "expected 'endfor' for the 'for' at %u:%u, found '%s'",
				      at.line, at.col, ttok_names[end->kind]);
			e = node(p, HCL_TEMPLATE_FOR, range_of(p, t->start, end->end));
			e->tfor.key_var = t->key_var;
			e->tfor.value_var = t->value_var;
			e->tfor.coll = t->expr;
			e->tfor.body = sub_template(p, mark, t->end);
			(*i)++;
			leave(p);
			break;
		}
		default:
			return;
		}
		push_ptr(p, e);
	}
}

/*
 * A template after its opening token (the quote or the heredoc
 * introduction; NULL: a bare template, the whole text).  Its pieces go
 * on p->ttoks and their text on p->chars, above those of the template
 * it is in, if any; both are popped when it is built.
 */
static struct hcl_expr *parse_template(struct parser *p, const struct hcl_token *open)
{
	struct hcl_tstate ts;
	struct hcl_chunk c;
	struct hcl_ipos start = open ? open->start : p->lx.cur, first_end = start;
	size_t tmark = p->ttoks.n, cmark = p->chars.n, pmark = p->ptrs.n, n, i = 0;
	bool ltrim_next = false, prev_lit = false, first = true;
	struct hcl_expr *e;
	struct ttok *tt;

	if (p->have)
		PFAIL(p, p->tok.start, "internal error: a template after a lookahead");
	memset(&ts, 0, sizeof(ts));
	ts.mode = !open ? TM_BARE : open->type == TK_OQUOTE ? TM_QUOTED : TM_HEREDOC;
	ts.sol = true;
	ts.open = start;
	if (open && open->type == TK_HEREDOC) {
		ts.marker = open->marker;
		ts.marker_len = open->marker_len;
	}
	enter(p, start);
	for (;;) {
		bool ltrim = ltrim_next, can_trim_prev = prev_lit;
		struct ttok t;

		hcl_lex_template(&p->lx, &ts, &c, &p->text);
		if (first)
			first_end = c.end;
		first = false;
		ltrim_next = prev_lit = false;
		if (c.type == TC_END)
			break;
		if (c.strip && can_trim_prev) {
			struct ttok *prev = (struct ttok *)(p->ttoks.v + p->ttoks.n) - 1;
			prev->len = trimmed_right_len(p->chars.v + prev->off, prev->len);
		}
		memset(&t, 0, sizeof(t));
		t.start = c.start;
		t.end = c.end;
		switch (c.type) {
		case TC_TEXT: {
			size_t skip = ltrim ? trim_left(p->text.buf, p->text.len) : 0;
			t.kind = TT_LIT;
			t.len = p->text.len - skip;
			t.off = p->chars.n;
			if (t.len)
				memcpy(ps_push(&p->chars, t.len), p->text.buf + skip, t.len);
			prev_lit = true;
			break;
		}
		case TC_INTERP:
			t.kind = TT_INTERP;
			t.expr = parse_interp(p, &c, ts.mode, &ltrim_next);
			break;
		case TC_CONTROL:
			parse_directive(p, &t, &ltrim_next);
			break;
		}
		*(struct ttok *)ps_push(&p->ttoks, sizeof(t)) = t;
	}
	*(struct ttok *)ps_push(&p->ttoks, sizeof(struct ttok)) =
		(struct ttok){.kind = TT_END, .start = c.start, .end = c.end};
	tt = (struct ttok *)(p->ttoks.v + tmark);
	n = (p->ttoks.n - tmark) / sizeof(struct ttok);
	if (open && open->type == TK_HEREDOC && open->flush)
		flush_heredoc(p->chars.v, tt, n);
	n = meld_literals(p, tt, n);

	e = node(p, HCL_TEMPLATE, range_of(p, start, c.end));
	e->tpl.heredoc = open && open->type == TK_HEREDOC;
	e->tpl.unwrap = n == 2 && tt[0].kind == TT_INTERP;
	build_parts(p, tt, &i);
	if (tt[i].kind != TT_END)
		PFAIL(p, tt[i].start, "unexpected '%s' directive: no '%s' is open",
		      ttok_names[tt[i].kind], tt[i].kind == TT_ENDFOR ? "for" : "if");
	if (p->ptrs.n == pmark)
		push_ptr(p, empty_literal(p, first_end));
	e->tpl.n = (p->ptrs.n - pmark) / sizeof(void *);
	e->tpl.parts = ps_take(p, &p->ptrs, pmark);
	p->ttoks.n = tmark;
	p->chars.n = cmark;
	leave(p);
	return e;
}

/* A block label in quotes: escapes, no template sequences. */
static const char *parse_label(struct parser *p, const struct hcl_token *open, struct hcl_ipos *end)
{
	struct hcl_tstate ts;
	struct hcl_chunk c;

	memset(&ts, 0, sizeof(ts));
	ts.mode = TM_QUOTED;
	ts.open = open->start;
	sbuf_reset(&p->name);
	for (;;) {
		hcl_lex_template(&p->lx, &ts, &c, &p->text);
		if (c.type == TC_END)
			break;
		if (c.type != TC_TEXT)
			PFAIL(p, c.start, "a block label cannot hold a template sequence (a literal "
			      "'%s' is written '%s')", c.type == TC_INTERP ? "${" : "%{",
			      c.type == TC_INTERP ? "$${" : "%%{");
		sbuf_add(&p->name, p->text.buf, p->text.len);
	}
	*end = c.end;
	return arena_strndup(p->a, p->name.buf, p->name.len);
}

/* --- bodies ------------------------------------------------------------- */

/* A body being read: its attributes and blocks from these marks on
 * p->attrs and p->blocks. */
struct body_acc {
	size_t amark, bmark;
	unsigned serial;
};

static struct body_acc body_start(struct parser *p)
{
	struct body_acc b = {p->attrs.n, p->blocks.n, ++p->names.serial};

	return b;
}

static void body_finish(struct parser *p, struct body_acc *b, struct hcl_body *body)
{
	body->nattrs = (p->attrs.n - b->amark) / sizeof(struct hcl_attr);
	body->attrs = ps_take(p, &p->attrs, b->amark);
	body->nblocks = (p->blocks.n - b->bmark) / sizeof(struct hcl_block);
	body->blocks = ps_take(p, &p->blocks, b->bmark);
}

/* "0000002a:name": the name in body 42. */
static const char *name_key(struct arena *a, unsigned serial, const char *name)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = strlen(name);
	char *key = arena_alloc(a, len + 10);

	for (int i = 0; i < 8; i++)
		key[i] = hex[(serial >> (28 - 4 * i)) & 0xf];
	key[8] = ':';
	memcpy(key + 9, name, len + 1);
	return key;
}

void hcl_names_init(struct hcl_names *nm)
{
	strmap_init(&nm->map);
	nm->serial = 0;
}

void hcl_names_release(struct hcl_names *nm)
{
	strmap_release(&nm->map);
}

/* Small bodies are searched; from the ninth name on, a body's names are
 * in the map, so a body of thousands (a .tfvars) costs no square. */
long hcl_names_check(struct hcl_names *nm, struct arena *a, unsigned serial,
		     const struct hcl_attr *attrs, size_t i)
{
	uintptr_t found;

	if (i < 8) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(attrs[j].name, attrs[i].name) == 0)
				return (long)j;
		return -1;
	}
	if (i == 8)
		for (size_t j = 0; j < i; j++)
			strmap_put(&nm->map, name_key(a, serial, attrs[j].name), (void *)(uintptr_t)(j + 1));
	found = (uintptr_t)strmap_put(&nm->map, name_key(a, serial, attrs[i].name),
				      (void *)(uintptr_t)(i + 1));
	return found ? (long)found - 1 : -1;
}

/* Terraform refuses an argument set twice in one body: the attribute
 * just pushed is checked against the body's earlier ones. */
static void check_redefined(struct parser *p, struct body_acc *b, const struct hcl_token *name)
{
	const struct hcl_attr *v = (const struct hcl_attr *)(p->attrs.v + b->amark);
	size_t i = (p->attrs.n - b->amark) / sizeof(struct hcl_attr) - 1;
	long first = hcl_names_check(&p->names, p->a, b->serial, v, i);

	if (first >= 0)
		PFAIL(p, name->start, "attribute '%s' redefined (first at %s:%u:%u)", v[i].name,
		      p->file, v[first].name_range.start.line, v[first].name_range.start.col);
}

static struct hcl_body *parse_body(struct parser *p, const struct hcl_token *open);

static void parse_attribute(struct parser *p, struct body_acc *b, const struct hcl_token *name,
			    bool one_line)
{
	size_t off = p->attrs.n;
	struct hcl_attr *attr = ps_push(&p->attrs, sizeof(*attr));
	struct hcl_expr *e;
	const struct hcl_token *t;

	attr->name = text_of(p, name);
	attr->name_range = range_of(p, name->start, name->end);
	check_redefined(p, b, name);
	next(p); /* = */
	e = parse_expression(p);
	/* an expression holds no attribute: p->attrs has not moved */
	attr = (struct hcl_attr *)(p->attrs.v + off);
	attr->expr = e;
	attr->range = attr->name_range;
	attr->range.end = e->range.end;
	if (one_line)
		return;
	t = peek(p);
	if (t->type == TK_NEWLINE) {
		next(p);
	} else if (t->type == TK_COMMA) {
		PFAIL(p, t->start, "unexpected ',' after the argument '%s': arguments are separated "
		      "by newlines", attr->name);
	} else if (t->type != TK_EOF) {
		PFAIL(p, t->start, "missing newline after the argument '%s', found %s", attr->name,
		      tok_desc(p, t));
	}
}

struct label_rec {
	const char *label;
	struct hcl_range range;
};

/* The block goes on p->blocks when it is complete, after those of its body. */
static void parse_block(struct parser *p, const struct hcl_token *type)
{
	struct hcl_block blk;
	size_t lmark = p->labels.n;
	struct hcl_token open;
	const struct hcl_token *t;

	memset(&blk, 0, sizeof(blk));
	blk.type = text_of(p, type);
	blk.type_range = range_of(p, type->start, type->end);
	for (;;) {
		struct hcl_token lt;
		struct label_rec rec;
		t = peek(p);
		if (t->type == TK_LBRACE)
			break;
		if (t->type == TK_OQUOTE) {
			struct hcl_ipos end;
			lt = next(p);
			rec.label = parse_label(p, &lt, &end);
			rec.range = range_of(p, lt.start, end);
		} else if (t->type == TK_IDENT) {
			lt = next(p);
			rec.label = text_of(p, &lt);
			rec.range = range_of(p, lt.start, lt.end);
		} else if (t->type == TK_EQUAL) {
			PFAIL(p, t->start, "invalid block definition: '=' marks an argument, not a "
			      "block '%s'", blk.type);
		} else if (t->type == TK_NEWLINE) {
			PFAIL(p, t->start, "invalid block definition: the '{' of block '%s' must be on "
			      "the line of its type and labels", blk.type);
		} else {
			PFAIL(p, t->start, "expected a label or '{' after block type '%s', found %s",
			      blk.type, tok_desc(p, t));
		}
		*(struct label_rec *)ps_push(&p->labels, sizeof(rec)) = rec;
	}
	blk.nlabels = (p->labels.n - lmark) / sizeof(struct label_rec);
	if (blk.nlabels) {
		const struct label_rec *r = (const struct label_rec *)(p->labels.v + lmark);
		const char **labels = arena_alloc(p->a, blk.nlabels * sizeof(*labels));
		struct hcl_range *ranges = arena_alloc(p->a, blk.nlabels * sizeof(*ranges));
		for (size_t i = 0; i < blk.nlabels; i++) {
			labels[i] = r[i].label;
			ranges[i] = r[i].range;
		}
		blk.labels = labels;
		blk.label_ranges = ranges;
	}
	p->labels.n = lmark;
	open = next(p);
	t = peek(p);
	if (t->type == TK_NEWLINE || t->type == TK_EOF || t->type == TK_RBRACE) {
		blk.body = parse_body(p, &open);
	} else {
		/* a one-line block: b { a = 1 } */
		struct body_acc one = body_start(p);
		struct hcl_token name;
		struct hcl_body *body = arena_alloc(p->a, sizeof(*body));
		if (t->type != TK_IDENT)
			PFAIL(p, t->start, "expected an argument or a newline after '{' of block '%s', "
			      "found %s", blk.type, tok_desc(p, t));
		name = next(p);
		t = peek(p);
		if (t->type == TK_OQUOTE || t->type == TK_LBRACE || t->type == TK_IDENT)
			PFAIL(p, name.start, "a one-line block holds one argument: put the block '%.*s' "
			      "on a line of its own", (int)(name.end.off - name.start.off),
			      p->lx.src + name.start.off);
		if (t->type != TK_EQUAL)
			PFAIL(p, name.start, "expected '=' or a block body after '%.*s'",
			      (int)(name.end.off - name.start.off), p->lx.src + name.start.off);
		enter(p, name.start);
		parse_attribute(p, &one, &name, true);
		leave(p);
		t = peek(p);
		if (t->type == TK_COMMA)
			PFAIL(p, t->start, "a one-line block holds one argument: put each argument on "
			      "a line of its own");
		if (t->type == TK_NEWLINE)
			PFAIL(p, t->start, "a one-line block must end on its line: put '}' right after "
			      "the argument");
		if (t->type == TK_EOF)
			PFAIL(p, open.start, "unclosed block '%s': no '}' before the end of the file",
			      blk.type);
		if (t->type != TK_RBRACE)
			PFAIL(p, t->start, "expected '}' after the argument of a one-line block, "
			      "found %s", tok_desc(p, t));
		body_finish(p, &one, body);
		body->range = range_of(p, open.start, t->end);
		next(p);
		blk.body = body;
	}
	blk.range = blk.type_range;
	blk.range.end = blk.body->range.end;
	*(struct hcl_block *)ps_push(&p->blocks, sizeof(blk)) = blk;
	t = peek(p);
	if (t->type == TK_NEWLINE)
		next(p);
	else if (t->type != TK_EOF)
		PFAIL(p, t->start, "missing newline after block '%s', found %s", blk.type,
		      tok_desc(p, t));
}

/* A body: the file (open NULL, ends at the end of the text) or a block's
 * (from after its '{' to and with its '}'). */
static struct hcl_body *parse_body(struct parser *p, const struct hcl_token *open)
{
	struct hcl_body *body = arena_alloc(p->a, sizeof(*body));
	struct body_acc b = body_start(p);
	struct hcl_ipos start = open ? open->start : p->lx.cur, end;

	enter(p, start);
	for (;;) {
		const struct hcl_token *t = peek(p);

		if (t->type == TK_NEWLINE) {
			next(p);
			continue;
		}
		if (open && t->type == TK_RBRACE) {
			end = t->end;
			next(p);
			break;
		}
		if (!open && t->type == TK_EOF) {
			end = t->end;
			break;
		}
		if (t->type == TK_IDENT) {
			struct hcl_token name = next(p);
			t = peek(p);
			if (t->type == TK_EQUAL)
				parse_attribute(p, &b, &name, false);
			else if (t->type == TK_OQUOTE || t->type == TK_LBRACE || t->type == TK_IDENT)
				parse_block(p, &name);
			else
				PFAIL(p, name.start, "expected '=' or a block body after '%.*s'",
				      (int)(name.end.off - name.start.off), p->lx.src + name.start.off);
			continue;
		}
		if (t->type == TK_OQUOTE)
			PFAIL(p, t->start, "invalid argument name: argument names are not quoted");
		if (t->type == TK_EOF)
			PFAIL(p, open->start, "unclosed block: no '}' before the end of the file");
		if (t->type == TK_RBRACE)
			PFAIL(p, t->start, "unexpected '}': no block is open");
		PFAIL(p, t->start, "expected an argument or a block, found %s", tok_desc(p, t));
	}
	body_finish(p, &b, body);
	body->range = range_of(p, start, end);
	leave(p);
	return body;
}

/* --- entry points ------------------------------------------------------- */

#define SLAB_NODES 128

void hcl_store_init(struct hcl_store *st, struct arena *a)
{
	memset(st, 0, sizeof(*st));
	st->a = a;
	strmap_init(&st->names);
}

void hcl_store_release(struct hcl_store *st)
{
	strmap_release(&st->names);
}

struct hcl_expr *hcl_store_expr(struct hcl_store *st)
{
	if (!st->left) {
		st->slab = arena_alloc(st->a, SLAB_NODES * sizeof(struct hcl_expr));
		st->left = SLAB_NODES;
	}
	st->left--;
	return st->slab++;
}

const char *hcl_store_name(struct hcl_store *st, const char *s, size_t n)
{
	char key[48];
	char *copy;

	if (n >= sizeof(key))
		return arena_strndup(st->a, s, n);
	memcpy(key, s, n);
	key[n] = '\0';
	copy = strmap_get(&st->names, key);
	if (!copy) {
		copy = arena_strndup(st->a, s, n);
		strmap_put(&st->names, copy, copy);
	}
	return copy;
}

static void parser_init(struct parser *p, struct hcl_store *st, const char *file, const char *src,
			size_t len, const struct hcl_pos *pos_map, unsigned max_depth,
			struct errlist *errs)
{
	memset(p, 0, sizeof(*p));
	p->a = st->a;
	p->st = st;
	p->file = file;
	p->max_depth = max_depth ? max_depth : HCL_MAX_DEPTH;
	hcl_lex_init(&p->lx, file, src, len, pos_map, errs, &p->fail);
	/* every push is inside a counted level, at most a few per level */
	p->nl = p->nl_fixed;
	if (4 * (size_t)p->max_depth + 8 > NL_FIXED)
		p->nl = arena_alloc(p->a, 4 * (size_t)p->max_depth + 8);
	p->nl[p->nnl++] = true;
	sbuf_init(&p->text, 0);
	sbuf_init(&p->name, 0);
	hcl_names_init(&p->names);
}

static void parser_release(struct parser *p)
{
	struct pstack *stacks[] = {&p->ptrs, &p->items, &p->attrs, &p->blocks, &p->labels,
				   &p->ttoks, &p->chars};

	for (size_t i = 0; i < ARRAY_SIZE(stacks); i++)
		free(stacks[i]->v);
	sbuf_release(&p->text);
	sbuf_release(&p->name);
	hcl_names_release(&p->names);
}

static unsigned limit_depth(const struct hcl_limits *limits)
{
	return limits && limits->max_depth ? limits->max_depth : HCL_MAX_DEPTH;
}

int hcl_parse(struct hcl_file *out, struct arena *a, const char *path, const char *src,
	      size_t len, const struct hcl_limits *limits, struct errlist *errs)
{
	struct hcl_store st;
	struct parser p;

	memset(out, 0, sizeof(*out));
	out->path = path;
	out->src = src;
	out->len = len;
	hcl_store_init(&st, a);
	parser_init(&p, &st, path, src, len, NULL, limit_depth(limits), errs);
	if (setjmp(p.fail) == 0)
		out->body = parse_body(&p, NULL);
	else
		out->body = NULL;
	parser_release(&p);
	hcl_store_release(&st);
	return out->body ? 0 : -1;
}

/* One expression, newlines ignored, then nothing but the end. */
static struct hcl_expr *whole_expr(struct parser *p)
{
	struct hcl_expr *e;
	const struct hcl_token *t;

	push_nl(p, false);
	e = parse_expression(p);
	t = peek(p);
	if (t->type != TK_EOF)
		PFAIL(p, t->start, "extra characters after the expression, found %s", tok_desc(p, t));
	return e;
}

struct hcl_expr *hcl_parse_expr(struct arena *a, const char *file, const char *src, size_t len,
				const struct hcl_limits *limits, struct errlist *errs)
{
	struct hcl_store st;
	struct parser p;

	hcl_store_init(&st, a);
	parser_init(&p, &st, file, src, len, NULL, limit_depth(limits), errs);
	if (setjmp(p.fail) == 0)
		p.result = whole_expr(&p);
	parser_release(&p);
	hcl_store_release(&st);
	return p.result;
}

struct hcl_expr *hcl_parse_text_template(struct hcl_store *st, const char *file, const char *text,
					 size_t len, const struct hcl_pos *pos_map,
					 unsigned max_depth, struct errlist *errs)
{
	struct parser p;

	parser_init(&p, st, file, text, len, pos_map, max_depth, errs);
	if (setjmp(p.fail) == 0)
		p.result = parse_template(&p, NULL);
	parser_release(&p);
	return p.result;
}

struct hcl_expr *hcl_parse_text_expr(struct hcl_store *st, const char *file, const char *text,
				     size_t len, const struct hcl_pos *pos_map, unsigned max_depth,
				     struct errlist *errs)
{
	struct parser p;

	parser_init(&p, st, file, text, len, pos_map, max_depth, errs);
	if (setjmp(p.fail) == 0)
		p.result = whole_expr(&p);
	parser_release(&p);
	return p.result;
}

/* --- reading the tree --------------------------------------------------- */

const struct hcl_attr *hcl_body_attr(const struct hcl_body *body, const char *name)
{
	if (!body)
		return NULL;
	for (size_t i = 0; i < body->nattrs; i++)
		if (strcmp(body->attrs[i].name, name) == 0)
			return &body->attrs[i];
	return NULL;
}

static bool traversal_text(struct sbuf *sb, const struct hcl_expr *e)
{
	switch (e->kind) {
	case HCL_VARIABLE:
		sbuf_adds(sb, e->var.name);
		return true;
	case HCL_GETATTR:
		if (!traversal_text(sb, e->getattr.source))
			return false;
		sbuf_addch(sb, '.');
		sbuf_adds(sb, e->getattr.name);
		return true;
	case HCL_INDEX: {
		const struct hcl_expr *k = e->index.key;
		if (k->kind == HCL_TEMPLATE && k->tpl.n == 1 && !k->tpl.unwrap &&
		    k->tpl.parts[0]->kind == HCL_LITERAL)
			k = k->tpl.parts[0];
		if (k->kind != HCL_LITERAL ||
		    (k->lit.kind != HCL_LIT_NUMBER && k->lit.kind != HCL_LIT_STRING))
			return false;
		if (!traversal_text(sb, e->index.source))
			return false;
		if (k->lit.kind == HCL_LIT_NUMBER) {
			sbuf_addch(sb, '[');
			sbuf_add(sb, k->lit.text, k->lit.len);
			sbuf_addch(sb, ']');
			return true;
		}
		sbuf_adds(sb, "[\"");
		for (size_t i = 0; i < k->lit.len; i++) {
			char c = k->lit.text[i];
			if (c == '"' || c == '\\')
				sbuf_addch(sb, '\\');
			sbuf_addch(sb, c);
		}
		sbuf_adds(sb, "\"]");
		return true;
	}
	default:
		return false;
	}
}

const char *hcl_expr_traversal_text(struct arena *a, const struct hcl_expr *e)
{
	struct sbuf sb;
	const char *s = NULL;

	if (!e)
		return NULL;
	sbuf_init(&sb, 1 << 20);
	if (traversal_text(&sb, e) && !sb.toobig)
		s = arena_strndup(a, sb.buf, sb.len);
	sbuf_release(&sb);
	return s;
}
