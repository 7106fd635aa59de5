/*
 * hcl-sexp.h: the syntax tree of parsers/terraform/hcl.h written as
 * S-expressions, for tests: the unit test compares them with the cases
 * it lists, the cross-check driver (hcl-dump) hands them to the Node
 * script that compares them with HashiCorp's parser.
 *
 *   (body R (attr NAME R NR EXPR)... (block TYPE ("label" R)... R TR BODY)...)
 *
 * Expressions (R, the range "@line:col:byte-line:col:byte", is there
 * only when ranges are asked for; NAME is a bare word when it is one,
 * else a quoted string, as every string is):
 *
 *   (null R) (true R) (false R) (num 1e3 R) (str "text" R)
 *   (tpl [unwrap] [heredoc] R PART...)
 *   (tif R COND THEN ELSE|nil)        (tfor KEY|nil VALUE R COLL BODY)
 *   (tuple R ITEM...)                 (object R (item KEY VALUE)...)
 *       a bare-name key is (ident NAME R)
 *   (var NAME R)   (. R SRC NAME NR)   ([] R SRC KEY)
 *   ([*] R SRC EACH)   (.* R SRC EACH)   (item R)
 *   (call NAME [expand] R NR ARG...)
 *   (for KEY|nil VALUE tuple|object [group] R COLL KEYEXPR|nil VAL COND|nil)
 *   (? R COND THEN ELSE)   (OP R LHS RHS) for || && == != < <= > >= + - * / %
 *   (neg R X)   (not R X)   (paren R X)
 *
 * Strings are quoted as JSON quotes them.
 */
#ifndef CIDRLINT_TESTS_HCL_SEXP_H
#define CIDRLINT_TESTS_HCL_SEXP_H

#include "parsers/terraform/hcl.h"

void hcl_sexp_expr(struct sbuf *sb, const struct hcl_expr *e, bool ranges);
void hcl_sexp_body(struct sbuf *sb, const struct hcl_body *b, bool ranges);
/* A string quoted as JSON quotes it. */
void hcl_sexp_quote(struct sbuf *sb, const char *s, size_t len);

#endif
