/*
 * hcl_lex.c: the scanner of HCL native syntax (see hcl_lex.h), as
 * hashicorp/hcl's hclsyntax scans: tokens of the expression language,
 * comments (a line comment counts as the newline that ends it), quoted
 * strings with their escapes, heredocs ended by a line holding only the
 * marker, bare templates, and the "$${" / "%%{" escapes of all three.
 *
 * Positions: columns count code points and a tab counts one, as HCL's
 * own positions do (it counts grapheme clusters, which differ only for
 * combining marks and emoji sequences).  A UTF-8 byte order mark at the
 * start is skipped but still counted in byte offsets, as HCL does.
 *
 * Identifiers: HCL takes Unicode's ID_Start and ID_Continue (and '-').
 * Without the Unicode tables, every character of every script is taken
 * except the blocks of punctuation, symbols, spaces, emoji and private
 * use, so a no-break space or a stray symbol is refused as Terraform
 * refuses it, and no real identifier is refused.
 */
#include "parsers/terraform/hcl_lex.h"

#include <stdarg.h>
#include <string.h>

void hcl_lex_init(struct hcl_lexer *lx, const char *file, const char *src, size_t len,
		  const struct hcl_pos *pos_map, struct errlist *errs, jmp_buf *fail)
{
	memset(lx, 0, sizeof(*lx));
	lx->file = file;
	lx->src = src;
	lx->len = len;
	lx->pos_map = pos_map;
	lx->errs = errs;
	lx->fail = fail;
	lx->cur.line = lx->cur.col = 1;
	if (!pos_map && len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		lx->cur.off = 3;
}

struct hcl_pos hcl_lex_pos(const struct hcl_lexer *lx, struct hcl_ipos at)
{
	struct hcl_pos p;

	if (lx->pos_map)
		return lx->pos_map[at.off];
	p.line = at.line;
	p.col = at.col;
	p.byte = (uint32_t)at.off;
	return p;
}

_Noreturn void hcl_lex_fail(struct hcl_lexer *lx, struct hcl_ipos at, const char *fmt, ...)
{
	struct hcl_pos p = hcl_lex_pos(lx, at);
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(lx->errs, lx->file, p.line, p.col, fmt, ap);
	va_end(ap);
	longjmp(*lx->fail, 1);
}

/* --- characters --------------------------------------------------------- */

size_t hcl_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] < 0xc2 || u[0] > 0xf4)
		return 0;
	if (u[0] < 0xe0) {
		if (n < 2 || (u[1] & 0xc0) != 0x80)
			return 0;
		*cp = ((uint32_t)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
		return 2;
	}
	if (u[0] < 0xf0) {
		if (n < 3 || (u[1] & 0xc0) != 0x80 || (u[2] & 0xc0) != 0x80)
			return 0;
		c = ((uint32_t)(u[0] & 0x0f) << 12) | ((uint32_t)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
		if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		*cp = c;
		return 3;
	}
	if (n < 4 || (u[1] & 0xc0) != 0x80 || (u[2] & 0xc0) != 0x80 || (u[3] & 0xc0) != 0x80)
		return 0;
	c = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3f) << 12) |
	    ((uint32_t)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
	if (c < 0x10000 || c > 0x10ffff)
		return 0;
	*cp = c;
	return 4;
}

bool hcl_is_space(uint32_t cp)
{
	switch (cp) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f:
	case 0x205f: case 0x3000:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200a;
	}
}

/* Non-ASCII characters that are no part of an identifier (see the file
 * comment), sorted. */
static const struct {
	uint32_t lo, hi;
} not_ident[] = {
	{0x0080, 0x00a9}, {0x00ab, 0x00b4}, {0x00b6, 0x00b9}, {0x00bb, 0x00bf},
	{0x00d7, 0x00d7}, {0x00f7, 0x00f7},
	{0x2000, 0x200b}, {0x200e, 0x203e}, {0x2041, 0x2053}, {0x2055, 0x206f},
	{0x20a0, 0x20cf}, {0x2190, 0x2bff}, {0x2e00, 0x2e7f},
	{0x3000, 0x3004}, {0x3008, 0x3020}, {0x3030, 0x3030}, {0x303d, 0x303f},
	{0xe000, 0xf8ff}, {0xfd3e, 0xfd3f}, {0xfe10, 0xfe19}, {0xfe30, 0xfe32},
	{0xfe35, 0xfe4c}, {0xfe50, 0xfe6f}, {0xfeff, 0xfeff}, {0xff01, 0xff0f},
	{0xff1a, 0xff20}, {0xff3b, 0xff3e}, {0xff40, 0xff40}, {0xff5b, 0xff65},
	{0xfff0, 0xffff}, {0x1f000, 0x1fbff}, {0xe0000, 0xe007f}, {0xf0000, 0x10ffff},
};

static bool ident_char(uint32_t cp, bool first)
{
	size_t lo = 0, hi = ARRAY_SIZE(not_ident);

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' ||
		       (!first && ((cp >= '0' && cp <= '9') || cp == '-'));
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < not_ident[mid].lo)
			hi = mid;
		else if (cp > not_ident[mid].hi)
			lo = mid + 1;
		else
			return false;
	}
	return true;
}

/* --- moving ------------------------------------------------------------- */

/* Over n bytes holding no newline, all ASCII. */
static inline void adv(struct hcl_lexer *lx, size_t n)
{
	lx->cur.off += n;
	lx->cur.col += (uint32_t)n;
}

static inline void adv_newline(struct hcl_lexer *lx)
{
	lx->cur.off++;
	lx->cur.line++;
	lx->cur.col = 1;
}

/* Over any n bytes (comments, heredoc marker lines). */
static void adv_text(struct hcl_lexer *lx, size_t n)
{
	const char *s = lx->src + lx->cur.off, *end = s + n;

	for (; s < end; s++) {
		if (*s == '\n') {
			lx->cur.line++;
			lx->cur.col = 1;
		} else if (((unsigned char)*s & 0xc0) != 0x80) {
			lx->cur.col++;
		}
	}
	lx->cur.off += n;
}

static _Noreturn void bad_utf8(struct hcl_lexer *lx)
{
	unsigned char b = (unsigned char)lx->src[lx->cur.off];

	if (lx->cur.off == 0 && lx->len >= 2 && (b == 0xff || b == 0xfe))
		hcl_lex_fail(lx, lx->cur, "UTF-16 text: save the file as UTF-8");
	hcl_lex_fail(lx, lx->cur, "invalid UTF-8 byte 0x%02X: Terraform reads UTF-8 only", b);
}

static _Noreturn void bad_char(struct hcl_lexer *lx, uint32_t cp)
{
	static const struct {
		char c;
		const char *hint;
	} hints[] = {
		{'\'', ": strings are enclosed in double quotes"},
		{';', ": arguments end with a newline, items of a collection are separated by ','"},
		{'&', ": the logical AND is '&&'"},
		{'|', ": the logical OR is '||'"},
		{'^', ": HCL has no bitwise operators"},
		{'`', ": a string of several lines is a heredoc (<<EOT)"},
		{'$', ": '${' starts an interpolation only inside a string"},
		{'~', ": '~' strips spaces only next to a template's '{' or '}'"},
	};
	const char *hint = "";

	for (size_t i = 0; i < ARRAY_SIZE(hints); i++)
		if (cp == (uint32_t)hints[i].c)
			hint = hints[i].hint;
	if (cp == '\'')
		hcl_lex_fail(lx, lx->cur, "invalid character \"'\"%s", hint);
	if (cp > 0x20 && cp < 0x7f)
		hcl_lex_fail(lx, lx->cur, "invalid character '%c'%s", (char)cp, hint);
	if (cp == '\r')
		hcl_lex_fail(lx, lx->cur, "invalid character U+000D: a carriage return must be "
			     "followed by a newline");
	/* UTF-16 without a byte order mark: a NUL beside every ASCII character */
	if (!cp && !lx->pos_map) {
		enum text_encoding enc = text_encoding(lx->src, lx->len);
		if (enc == TEXT_UTF16LE || enc == TEXT_UTF16BE)
			hcl_lex_fail(lx, (struct hcl_ipos){.line = 1, .col = 1},
				     "UTF-16 text: save the file as UTF-8");
	}
	hcl_lex_fail(lx, lx->cur, "invalid character U+%04X", (unsigned)cp);
}

/* --- tokens ------------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* An identifier starting here, or 0.  Stops at the first character that
 * cannot continue one (an invalid byte is left for the caller). */
static size_t ident_len(const struct hcl_lexer *lx, size_t off, uint32_t *ncols)
{
	const char *s = lx->src;
	size_t p = off;
	uint32_t cp;

	*ncols = 0;
	while (p < lx->len) {
		unsigned char c = (unsigned char)s[p];
		size_t n;
		if (c < 0x80) {
			/* the common case, without decoding */
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
			      (p > off && ((c >= '0' && c <= '9') || c == '-'))))
				break;
			p++;
			(*ncols)++;
			continue;
		}
		n = hcl_utf8_decode(s + p, lx->len - p, &cp);
		if (!n || !ident_char(cp, p == off))
			break;
		p += n;
		(*ncols)++;
	}
	return p - off;
}

/* A line comment at cur: true when it ends with a newline, which it eats. */
static bool line_comment(struct hcl_lexer *lx)
{
	const char *s = lx->src + lx->cur.off;
	const char *nl = memchr(s, '\n', lx->len - lx->cur.off);

	if (!nl) {
		adv_text(lx, lx->len - lx->cur.off);
		return false;
	}
	adv_text(lx, (size_t)(nl - s) + 1);
	return true;
}

static void block_comment(struct hcl_lexer *lx)
{
	struct hcl_ipos start = lx->cur;
	const char *s = lx->src + lx->cur.off + 2, *end = lx->src + lx->len;

	for (;;) {
		const char *star = memchr(s, '*', (size_t)(end - s));
		if (!star || star + 1 >= end)
			hcl_lex_fail(lx, start, "unclosed comment: no '*/' before the end of the file");
		if (star[1] == '/') {
			adv_text(lx, (size_t)(star + 2 - (lx->src + lx->cur.off)));
			return;
		}
		s = star + 1;
	}
}

/*
 * A number as HCL scans one: a digit, then digits, dots and exponents
 * ("e5", "E-2"), not ending with a dot ("1." is the number 1 and a dot).
 */
static void number(struct hcl_lexer *lx)
{
	const char *s = lx->src;
	size_t p = lx->cur.off + 1, good = p, end = lx->len;

	while (p < end) {
		if (is_digit(s[p])) {
			good = ++p;
		} else if (s[p] == '.') {
			p++;
		} else if ((s[p] == 'e' || s[p] == 'E') && p + 1 < end && is_digit(s[p + 1])) {
			p += 2;
			good = p;
		} else if ((s[p] == 'e' || s[p] == 'E') && p + 2 < end &&
			   (s[p + 1] == '+' || s[p + 1] == '-') && is_digit(s[p + 2])) {
			p += 3;
			good = p;
		} else {
			break;
		}
	}
	adv(lx, good - lx->cur.off);
}

/* "<<EOT" or "<<-EOT" then a newline: a heredoc.  False when no
 * identifier follows "<<" (then it is two '<'). */
static bool heredoc_intro(struct hcl_lexer *lx, struct hcl_token *t)
{
	const char *s = lx->src;
	size_t p = lx->cur.off + 2, n;
	uint32_t ncols;
	bool flush = p < lx->len && s[p] == '-';

	if (flush)
		p++;
	n = ident_len(lx, p, &ncols);
	if (!n)
		return false;
	t->marker = p;
	t->marker_len = n;
	t->flush = flush;
	p += n;
	if (p < lx->len && s[p] == '\r')
		p++;
	if (p >= lx->len || s[p] != '\n')
		hcl_lex_fail(lx, lx->cur, "invalid heredoc: '<<%s%.*s' must end its line", flush ? "-" : "",
			     (int)n, s + t->marker);
	adv_text(lx, p + 1 - lx->cur.off);
	t->type = TK_HEREDOC;
	return true;
}

void hcl_lex_next(struct hcl_lexer *lx, struct hcl_token *t)
{
	const char *s = lx->src;

	t->flush = false;
	for (;;) {
		size_t off;
		char c, d;

		while (lx->cur.off < lx->len && (s[lx->cur.off] == ' ' || s[lx->cur.off] == '\t'))
			adv(lx, 1);
		t->start = lx->cur;
		off = lx->cur.off;
		if (off >= lx->len) {
			t->type = TK_EOF;
			t->end = lx->cur;
			return;
		}
		c = s[off];
		d = off + 1 < lx->len ? s[off + 1] : '\0';
		switch (c) {
		case '\n':
			adv_newline(lx);
			t->type = TK_NEWLINE;
			break;
		case '\r':
			if (d != '\n')
				bad_char(lx, '\r');
			adv(lx, 1);
			adv_newline(lx);
			t->type = TK_NEWLINE;
			break;
		case '#':
			if (!line_comment(lx))
				continue;
			t->type = TK_NEWLINE;
			break;
		case '/':
			if (d == '/') {
				if (!line_comment(lx))
					continue;
				t->type = TK_NEWLINE;
				break;
			}
			if (d == '*') {
				block_comment(lx);
				continue;
			}
			adv(lx, 1);
			t->type = TK_SLASH;
			break;
		case '"': adv(lx, 1); t->type = TK_OQUOTE; break;
		case '{': adv(lx, 1); t->type = TK_LBRACE; break;
		case '}': adv(lx, 1); t->type = TK_RBRACE; break;
		case '[': adv(lx, 1); t->type = TK_LBRACK; break;
		case ']': adv(lx, 1); t->type = TK_RBRACK; break;
		case '(': adv(lx, 1); t->type = TK_LPAREN; break;
		case ')': adv(lx, 1); t->type = TK_RPAREN; break;
		case ',': adv(lx, 1); t->type = TK_COMMA; break;
		case '*': adv(lx, 1); t->type = TK_STAR; break;
		case '%': adv(lx, 1); t->type = TK_PERCENT; break;
		case '+': adv(lx, 1); t->type = TK_PLUS; break;
		case '-': adv(lx, 1); t->type = TK_MINUS; break;
		case '?': adv(lx, 1); t->type = TK_QUESTION; break;
		case '~':
			if (d != '}')
				bad_char(lx, '~');
			adv(lx, 2);
			t->type = TK_TILDE_RBRACE;
			break;
		case '.':
			if (d == '.' && off + 2 < lx->len && s[off + 2] == '.') {
				adv(lx, 3);
				t->type = TK_ELLIPSIS;
			} else {
				adv(lx, 1);
				t->type = TK_DOT;
			}
			break;
		case '=':
			adv(lx, d == '=' || d == '>' ? 2 : 1);
			t->type = d == '=' ? TK_EQEQ : d == '>' ? TK_ARROW : TK_EQUAL;
			break;
		case '!':
			adv(lx, d == '=' ? 2 : 1);
			t->type = d == '=' ? TK_NE : TK_BANG;
			break;
		case '>':
			adv(lx, d == '=' ? 2 : 1);
			t->type = d == '=' ? TK_GE : TK_GT;
			break;
		case '<':
			if (d == '<' && heredoc_intro(lx, t))
				break;
			adv(lx, d == '=' ? 2 : 1);
			t->type = d == '=' ? TK_LE : TK_LT;
			break;
		case ':':
			adv(lx, d == ':' ? 2 : 1);
			t->type = d == ':' ? TK_DCOLON : TK_COLON;
			break;
		case '&':
			if (d != '&')
				bad_char(lx, '&');
			adv(lx, 2);
			t->type = TK_AND;
			break;
		case '|':
			if (d != '|')
				bad_char(lx, '|');
			adv(lx, 2);
			t->type = TK_OR;
			break;
		default:
			if (is_digit(c)) {
				number(lx);
				t->type = TK_NUMBER;
				break;
			} else {
				uint32_t cp, ncols;
				size_t n = ident_len(lx, off, &ncols);
				if (n) {
					lx->cur.off += n;
					lx->cur.col += ncols;
					t->type = TK_IDENT;
					break;
				}
				if (!hcl_utf8_decode(s + off, lx->len - off, &cp))
					bad_utf8(lx);
				bad_char(lx, cp);
			}
		}
		t->end = lx->cur;
		return;
	}
}

/* --- templates ---------------------------------------------------------- */

static bool trimmed_equals(const char *s, size_t n, const char *want, size_t wn)
{
	uint32_t cp;
	size_t k;

	while (n && (k = hcl_utf8_decode(s, n, &cp)) && hcl_is_space(cp)) {
		s += k;
		n -= k;
	}
	/* trailing spaces: walk back over ASCII ones and whole characters */
	while (n) {
		size_t back = 1;
		while (back < n && back < 4 && ((unsigned char)s[n - back] & 0xc0) == 0x80)
			back++;
		if (hcl_utf8_decode(s + n - back, back, &cp) != back || !hcl_is_space(cp))
			break;
		n -= back;
	}
	return n == wn && memcmp(s, want, n) == 0;
}

static unsigned hexval(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned)(c - 'A' + 10);
	return 16;
}

/* A backslash escape of a quoted string at cur. */
static void escape(struct hcl_lexer *lx, const struct hcl_tstate *ts, struct sbuf *text)
{
	const char *s = lx->src + lx->cur.off;
	size_t left = lx->len - lx->cur.off, k;
	uint32_t cp = 0;

	if (left < 2)
		hcl_lex_fail(lx, ts->open, "unclosed string: no closing '\"' before the end of the file");
	switch (s[1]) {
	case 'n': sbuf_addch(text, '\n'); adv(lx, 2); return;
	case 'r': sbuf_addch(text, '\r'); adv(lx, 2); return;
	case 't': sbuf_addch(text, '\t'); adv(lx, 2); return;
	case '"': sbuf_addch(text, '"'); adv(lx, 2); return;
	case '\\': sbuf_addch(text, '\\'); adv(lx, 2); return;
	case 'u':
	case 'U':
		k = s[1] == 'u' ? 4 : 8;
		for (size_t i = 0; i < k; i++) {
			unsigned h = 2 + i < left ? hexval(s[2 + i]) : 16;
			if (h > 15)
				hcl_lex_fail(lx, lx->cur, "invalid escape sequence: '\\%c' must be followed "
					     "by %zu hexadecimal digits", s[1], k);
			cp = cp << 4 | h;
		}
		if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			hcl_lex_fail(lx, lx->cur, "invalid escape sequence: U+%04X is not a character",
				     (unsigned)cp);
		sbuf_add_utf8(text, cp);
		adv(lx, 2 + k);
		return;
	case '\n':
	case '\r':
		/* where Terraform says it: at the line break */
		adv(lx, 1);
		hcl_lex_fail(lx, lx->cur, "unclosed string: quoted strings cannot span lines "
			     "(use \\n or a heredoc)");
	default:
		k = hcl_utf8_decode(s + 1, left - 1, &cp);
		if (!k) {
			adv(lx, 1);
			bad_utf8(lx);
		}
		hcl_lex_fail(lx, lx->cur, "invalid escape sequence '\\%.*s'", (int)k, s + 1);
	}
}

static _Noreturn void unclosed(struct hcl_lexer *lx, const struct hcl_tstate *ts)
{
	if (ts->mode == TM_QUOTED)
		hcl_lex_fail(lx, ts->open, "unclosed string: no closing '\"' before the end of the file");
	hcl_lex_fail(lx, ts->open, "unclosed heredoc: no line '%.*s' ends it (the closing line "
		     "must end with a newline)", (int)ts->marker_len, lx->src + ts->marker);
}

void hcl_lex_template(struct hcl_lexer *lx, struct hcl_tstate *ts, struct hcl_chunk *c,
		      struct sbuf *text)
{
	const char *s = lx->src;
	size_t run;
	bool quoted = ts->mode == TM_QUOTED;

	sbuf_reset(text);
	c->strip = c->eol = false;
	c->start = lx->cur;
	if (lx->cur.off >= lx->len) {
		if (ts->mode != TM_BARE)
			unclosed(lx, ts);
		c->type = TC_END;
		c->end = lx->cur;
		return;
	}
	if (ts->mode == TM_HEREDOC && ts->sol) {
		size_t off = lx->cur.off;
		const char *nl = memchr(s + off, '\n', lx->len - off);
		if (nl && trimmed_equals(s + off, (size_t)(nl - (s + off)), s + ts->marker,
					 ts->marker_len)) {
			size_t n = (size_t)(nl - (s + off));
			if (n && nl[-1] == '\r')
				n--;
			adv_text(lx, n);
			c->type = TC_END;
			c->end = lx->cur;
			ts->sol = false;
			return;
		}
	}
	if (quoted && s[lx->cur.off] == '"') {
		adv(lx, 1);
		c->type = TC_END;
		c->end = lx->cur;
		return;
	}
	if ((s[lx->cur.off] == '$' || s[lx->cur.off] == '%') && lx->cur.off + 1 < lx->len &&
	    s[lx->cur.off + 1] == '{') {
		c->type = s[lx->cur.off] == '$' ? TC_INTERP : TC_CONTROL;
		c->strip = lx->cur.off + 2 < lx->len && s[lx->cur.off + 2] == '~';
		adv(lx, c->strip ? 3 : 2);
		c->end = lx->cur;
		ts->sol = false;
		return;
	}

	c->type = TC_TEXT;
	run = lx->cur.off;
	for (;;) {
		size_t off = lx->cur.off;
		unsigned char ch;

		/* the common case: plain ASCII */
		while (off < lx->len) {
			ch = (unsigned char)s[off];
			if (ch < 0x20 || ch >= 0x80 || ch == '"' || ch == '$' || ch == '%' || ch == '\\')
				break;
			off++;
		}
		lx->cur.col += (uint32_t)(off - lx->cur.off);
		lx->cur.off = off;
		if (off >= lx->len)
			break;
		ch = (unsigned char)s[off];
		if (ch == '"' && quoted)
			break;
		if (ch == '$' || ch == '%') {
			if (off + 1 < lx->len && s[off + 1] == '{')
				break;
			if (off + 2 < lx->len && s[off + 1] == (char)ch && s[off + 2] == '{') {
				/* "$${" is a literal "${" */
				sbuf_add(text, s + run, off + 1 - run);
				adv(lx, 3);
				sbuf_addch(text, '{');
				run = lx->cur.off;
				continue;
			}
			adv(lx, 1);
			continue;
		}
		if (ch == '\\') {
			if (quoted) {
				sbuf_add(text, s + run, off - run);
				escape(lx, ts, text);
				run = lx->cur.off;
			} else {
				adv(lx, 1);
			}
			continue;
		}
		if (ch == '\n' || ch == '\r') {
			if (quoted) /* where Terraform says it: at the line break */
				hcl_lex_fail(lx, lx->cur, "unclosed string: quoted strings cannot span "
					     "lines (use \\n or a heredoc)");
			if (ch == '\r' && !(off + 1 < lx->len && s[off + 1] == '\n')) {
				if (ts->mode == TM_HEREDOC)
					bad_char(lx, '\r');
				adv(lx, 1);
				continue;
			}
			if (ch == '\r')
				adv(lx, 1);
			adv_newline(lx);
			c->eol = true;
			break;
		}
		if (ch < 0x80) { /* another control character: taken as it is */
			adv(lx, 1);
			continue;
		}
		{
			uint32_t cp;
			size_t n = hcl_utf8_decode(s + off, lx->len - off, &cp);
			if (!n)
				bad_utf8(lx);
			lx->cur.off += n;
			lx->cur.col++;
		}
	}
	sbuf_add(text, s + run, lx->cur.off - run);
	if (text->toobig)
		hcl_lex_fail(lx, c->start, "string longer than %zu bytes", text->max);
	ts->sol = c->eol;
	c->end = lx->cur;
}
