/*
 * hcl_lex.h: the scanner of HCL native syntax, shared by the two readers
 * of parsers/terraform (hcl_parse.c reads .tf files, hcl_json.c parses
 * the strings of .tf.json files as templates).  Internal to those files,
 * but for hcl_utf8_decode() and hcl_is_space(), which tftext.c uses too.
 *
 * The scanner works on demand, as the parser asks: the next token of the
 * expression language (hcl_lex_next), or, inside a template, the next
 * piece of template text (hcl_lex_template).  It keeps the position as
 * it goes: byte offset, 1-based line, column in code points, a tab
 * counting one (as HCL counts).  Text taken from a JSON string is
 * scanned after its escapes are decoded; pos_map then gives, for each
 * byte of the decoded text (and the end), its place in the file.
 *
 * Errors are fatal: the first one is added to the error list and the
 * scanner jumps to the reader's recovery point (*fail), which releases
 * what the reader holds.  Nothing the scanner returns is allocated: text
 * goes to the caller's scratch buffer.
 */
#ifndef CIDRLINT_HCL_LEX_H
#define CIDRLINT_HCL_LEX_H

#include "parsers/terraform/hcl.h"

#include <setjmp.h>

enum hcl_tok {
	TK_EOF,
	TK_NEWLINE,      /* also a line comment, which ends with its newline */
	TK_IDENT,
	TK_NUMBER,       /* as scanned; the parser checks its form */
	TK_OQUOTE,       /* " : a quoted template follows */
	TK_HEREDOC,      /* <<EOT or <<-EOT and its newline: a heredoc follows */
	TK_LBRACE, TK_RBRACE, TK_TILDE_RBRACE, TK_LBRACK, TK_RBRACK, TK_LPAREN, TK_RPAREN,
	TK_DOT, TK_COMMA, TK_STAR, TK_SLASH, TK_PERCENT, TK_PLUS, TK_MINUS,
	TK_EQUAL, TK_EQEQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE, TK_AND, TK_OR, TK_BANG,
	TK_QUESTION, TK_COLON, TK_DCOLON, TK_ELLIPSIS, TK_ARROW,
};

/* A place in the text scanned (offsets into it, not into the file). */
struct hcl_ipos {
	size_t off;
	uint32_t line, col;
};

struct hcl_token {
	uint8_t type;               /* enum hcl_tok */
	bool flush;                 /* TK_HEREDOC: <<- */
	struct hcl_ipos start, end; /* the text is src[start.off, end.off) */
	size_t marker, marker_len;  /* TK_HEREDOC: offset and length of "EOT" */
};

struct hcl_lexer {
	const char *file;
	const char *src;
	size_t len;
	struct hcl_ipos cur;
	const struct hcl_pos *pos_map; /* len + 1 entries, or NULL */
	struct errlist *errs;
	jmp_buf *fail;
};

/* The three kinds of template: "quoted" (escapes, one line), a heredoc
 * (ends at a line holding only its marker), and a bare template (a JSON
 * string: no escapes, ends with the text). */
enum hcl_tmode { TM_QUOTED, TM_HEREDOC, TM_BARE };

struct hcl_tstate {
	uint8_t mode;               /* enum hcl_tmode */
	bool sol;                   /* heredoc: at the start of a line */
	size_t marker, marker_len;  /* heredoc */
	struct hcl_ipos open;       /* the opening quote or <<, for errors */
};

enum hcl_chunk_type {
	TC_TEXT,    /* literal text, decoded into the scratch buffer */
	TC_INTERP,  /* ${ or ${~ */
	TC_CONTROL, /* %{ or %{~ */
	TC_END,     /* the closing quote, the marker line, the end of a bare template */
};

struct hcl_chunk {
	uint8_t type;               /* enum hcl_chunk_type */
	bool strip;                 /* ${~ or %{~ */
	bool eol;                   /* TC_TEXT that ends with a newline */
	struct hcl_ipos start, end;
};

void hcl_lex_init(struct hcl_lexer *lx, const char *file, const char *src, size_t len,
		  const struct hcl_pos *pos_map, struct errlist *errs, jmp_buf *fail);
/* The next token of the expression language, comments and spaces skipped. */
void hcl_lex_next(struct hcl_lexer *lx, struct hcl_token *t);
/* The next piece of the template ts is in; TC_TEXT decoded into text
 * (reset first). */
void hcl_lex_template(struct hcl_lexer *lx, struct hcl_tstate *ts, struct hcl_chunk *c,
		      struct sbuf *text);

/* Where a place is in the file. */
struct hcl_pos hcl_lex_pos(const struct hcl_lexer *lx, struct hcl_ipos at);
/* The first error: added to the list, then jump to *lx->fail. */
_Noreturn void hcl_lex_fail(struct hcl_lexer *lx, struct hcl_ipos at, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

/* Unicode white space as HCL trims it (Go's unicode.IsSpace). */
bool hcl_is_space(uint32_t cp);
/* Decode one UTF-8 character of s[0..n); its length, or 0 when the bytes
 * are not UTF-8 (overlong forms and surrogates included). */
size_t hcl_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Where the readers of one file put what they build: expression nodes
 * cut from slabs of the arena (no rounding per node, no allocation per
 * node), and each identifier kept once ("var", "local", "each" appear
 * thousands of times). */
struct hcl_store {
	struct arena *a;
	struct strmap names;
	struct hcl_expr *slab;
	size_t left;
};
void hcl_store_init(struct hcl_store *st, struct arena *a);
void hcl_store_release(struct hcl_store *st);
struct hcl_expr *hcl_store_expr(struct hcl_store *st); /* zeroed */
const char *hcl_store_name(struct hcl_store *st, const char *s, size_t n);

/* Attribute names met in each body of a file, to refuse a redefinition. */
struct hcl_names {
	struct strmap map;       /* "0000002a:name" -> index + 1, for large bodies */
	unsigned serial;         /* the last body number given */
};
void hcl_names_init(struct hcl_names *nm);
void hcl_names_release(struct hcl_names *nm);
/* attrs[i] is new in the body numbered serial: the index of an earlier
 * one of the same name, or -1. */
long hcl_names_check(struct hcl_names *nm, struct arena *a, unsigned serial,
		     const struct hcl_attr *attrs, size_t i);

/* --- for hcl_json.c: the native parser on text of a JSON string --------- */

/* text[0..len) with pos_map as above: a bare template, or one
 * expression (a reference such as "aws.west", a type such as
 * "map(string)").  NULL after adding the error. */
struct hcl_expr *hcl_parse_text_template(struct hcl_store *st, const char *file, const char *text,
					 size_t len, const struct hcl_pos *pos_map,
					 unsigned max_depth, struct errlist *errs);
struct hcl_expr *hcl_parse_text_expr(struct hcl_store *st, const char *file, const char *text,
				     size_t len, const struct hcl_pos *pos_map, unsigned max_depth,
				     struct errlist *errs);

#endif
