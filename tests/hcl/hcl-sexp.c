/*
 * hcl-sexp.c: the syntax tree as S-expressions (see hcl-sexp.h).
 */
#include "tests/hcl/hcl-sexp.h"

#include <string.h>

void hcl_sexp_quote(struct sbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	sbuf_addch(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			sbuf_addch(sb, '\\');
			sbuf_addch(sb, (char)c);
		} else if (c == '\n') {
			sbuf_adds(sb, "\\n");
		} else if (c == '\r') {
			sbuf_adds(sb, "\\r");
		} else if (c == '\t') {
			sbuf_adds(sb, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			sbuf_add(sb, u, 6);
		} else {
			sbuf_addch(sb, (char)c);
		}
	}
	sbuf_addch(sb, '"');
}

static void word(struct sbuf *sb, const char *s)
{
	bool bare = *s && *s != '@';

	for (const char *c = s; *c && bare; c++)
		bare = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		       *c == '_' || *c == '-' || *c == '.' || *c == ':';
	sbuf_addch(sb, ' ');
	if (bare)
		sbuf_adds(sb, s);
	else
		hcl_sexp_quote(sb, s, strlen(s));
}

static void range(struct sbuf *sb, const struct hcl_range *r, bool ranges)
{
	if (ranges)
		sbuf_addf(sb, " @%u:%u:%u-%u:%u:%u", r->start.line, r->start.col, r->start.byte,
			  r->end.line, r->end.col, r->end.byte);
}

static void open(struct sbuf *sb, const char *head, const struct hcl_expr *e, bool ranges)
{
	sbuf_addch(sb, '(');
	sbuf_adds(sb, head);
	if (e)
		range(sb, &e->range, ranges);
}

static void sub(struct sbuf *sb, const struct hcl_expr *e, bool ranges)
{
	sbuf_addch(sb, ' ');
	if (e)
		hcl_sexp_expr(sb, e, ranges);
	else
		sbuf_adds(sb, "nil");
}

static const char *const op_names[] = {
	[HCL_OP_OR] = "||", [HCL_OP_AND] = "&&", [HCL_OP_EQ] = "==", [HCL_OP_NE] = "!=",
	[HCL_OP_LT] = "<", [HCL_OP_LE] = "<=", [HCL_OP_GT] = ">", [HCL_OP_GE] = ">=",
	[HCL_OP_ADD] = "+", [HCL_OP_SUB] = "-", [HCL_OP_MUL] = "*", [HCL_OP_DIV] = "/",
	[HCL_OP_MOD] = "%", [HCL_OP_NOT] = "not", [HCL_OP_NEG] = "neg",
};

void hcl_sexp_expr(struct sbuf *sb, const struct hcl_expr *e, bool ranges)
{
	switch (e->kind) {
	case HCL_LITERAL:
		switch (e->lit.kind) {
		case HCL_LIT_NULL:
			open(sb, "null", e, ranges);
			break;
		case HCL_LIT_BOOL:
			open(sb, e->lit.b ? "true" : "false", e, ranges);
			break;
		case HCL_LIT_NUMBER:
			sbuf_adds(sb, "(num ");
			sbuf_add(sb, e->lit.text, e->lit.len);
			range(sb, &e->range, ranges);
			break;
		default:
			sbuf_adds(sb, "(str ");
			hcl_sexp_quote(sb, e->lit.text, e->lit.len);
			range(sb, &e->range, ranges);
		}
		break;
	case HCL_TEMPLATE:
		sbuf_adds(sb, "(tpl");
		if (e->tpl.unwrap)
			sbuf_adds(sb, " unwrap");
		if (e->tpl.heredoc)
			sbuf_adds(sb, " heredoc");
		range(sb, &e->range, ranges);
		for (size_t i = 0; i < e->tpl.n; i++)
			sub(sb, e->tpl.parts[i], ranges);
		break;
	case HCL_TEMPLATE_IF:
		open(sb, "tif", e, ranges);
		sub(sb, e->tif.cond, ranges);
		sub(sb, e->tif.then_t, ranges);
		sub(sb, e->tif.else_t, ranges);
		break;
	case HCL_TEMPLATE_FOR:
		sbuf_adds(sb, "(tfor");
		word(sb, e->tfor.key_var ? e->tfor.key_var : "nil");
		word(sb, e->tfor.value_var);
		range(sb, &e->range, ranges);
		sub(sb, e->tfor.coll, ranges);
		sub(sb, e->tfor.body, ranges);
		break;
	case HCL_TUPLE:
		open(sb, "tuple", e, ranges);
		for (size_t i = 0; i < e->tuple.n; i++)
			sub(sb, e->tuple.items[i], ranges);
		break;
	case HCL_OBJECT:
		open(sb, "object", e, ranges);
		for (size_t i = 0; i < e->object.n; i++) {
			const struct hcl_object_item *it = &e->object.items[i];
			sbuf_adds(sb, " (item ");
			if (it->key_ident) {
				sbuf_adds(sb, "(ident");
				word(sb, it->key->lit.text);
				range(sb, &it->key->range, ranges);
				sbuf_addch(sb, ')');
			} else {
				hcl_sexp_expr(sb, it->key, ranges);
			}
			sub(sb, it->value, ranges);
			sbuf_addch(sb, ')');
		}
		break;
	case HCL_VARIABLE:
		sbuf_adds(sb, "(var");
		word(sb, e->var.name);
		range(sb, &e->range, ranges);
		break;
	case HCL_GETATTR:
		open(sb, ".", e, ranges);
		sub(sb, e->getattr.source, ranges);
		word(sb, e->getattr.name);
		range(sb, &e->getattr.name_range, ranges);
		break;
	case HCL_INDEX:
		open(sb, "[]", e, ranges);
		sub(sb, e->index.source, ranges);
		sub(sb, e->index.key, ranges);
		break;
	case HCL_SPLAT:
		open(sb, e->splat.full ? "[*]" : ".*", e, ranges);
		sub(sb, e->splat.source, ranges);
		sub(sb, e->splat.each, ranges);
		break;
	case HCL_SPLAT_ITEM:
		open(sb, "item", e, ranges);
		break;
	case HCL_CALL:
		sbuf_adds(sb, "(call");
		word(sb, e->call.name);
		if (e->call.expand_last)
			sbuf_adds(sb, " expand");
		range(sb, &e->range, ranges);
		range(sb, &e->call.name_range, ranges);
		for (size_t i = 0; i < e->call.n; i++)
			sub(sb, e->call.args[i], ranges);
		break;
	case HCL_FOR:
		sbuf_adds(sb, "(for");
		word(sb, e->forx.key_var ? e->forx.key_var : "nil");
		word(sb, e->forx.value_var);
		sbuf_adds(sb, e->forx.object ? " object" : " tuple");
		if (e->forx.group)
			sbuf_adds(sb, " group");
		range(sb, &e->range, ranges);
		sub(sb, e->forx.coll, ranges);
		sub(sb, e->forx.key, ranges);
		sub(sb, e->forx.value, ranges);
		sub(sb, e->forx.cond, ranges);
		break;
	case HCL_CONDITIONAL:
		open(sb, "?", e, ranges);
		sub(sb, e->cond.cond, ranges);
		sub(sb, e->cond.then_e, ranges);
		sub(sb, e->cond.else_e, ranges);
		break;
	case HCL_BINARY:
		open(sb, op_names[e->binary.op], e, ranges);
		sub(sb, e->binary.lhs, ranges);
		sub(sb, e->binary.rhs, ranges);
		break;
	case HCL_UNARY:
		open(sb, op_names[e->unary.op], e, ranges);
		sub(sb, e->unary.operand, ranges);
		break;
	case HCL_PAREN:
		open(sb, "paren", e, ranges);
		sub(sb, e->paren.inner, ranges);
		break;
	default:
		sbuf_adds(sb, "(?kind");
	}
	sbuf_addch(sb, ')');
}

void hcl_sexp_body(struct sbuf *sb, const struct hcl_body *b, bool ranges)
{
	sbuf_adds(sb, "(body");
	range(sb, &b->range, ranges);
	for (size_t i = 0; i < b->nattrs; i++) {
		const struct hcl_attr *a = &b->attrs[i];
		sbuf_adds(sb, " (attr");
		word(sb, a->name);
		range(sb, &a->range, ranges);
		range(sb, &a->name_range, ranges);
		sub(sb, a->expr, ranges);
		sbuf_addch(sb, ')');
	}
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct hcl_block *k = &b->blocks[i];
		sbuf_adds(sb, " (block");
		word(sb, k->type);
		for (size_t l = 0; l < k->nlabels; l++) {
			if (ranges) {
				sbuf_adds(sb, " (");
				hcl_sexp_quote(sb, k->labels[l], strlen(k->labels[l]));
				range(sb, &k->label_ranges[l], ranges);
				sbuf_addch(sb, ')');
			} else {
				sbuf_addch(sb, ' ');
				hcl_sexp_quote(sb, k->labels[l], strlen(k->labels[l]));
			}
		}
		range(sb, &k->range, ranges);
		range(sb, &k->type_range, ranges);
		sbuf_addch(sb, ' ');
		hcl_sexp_body(sb, k->body, ranges);
		sbuf_addch(sb, ')');
	}
	sbuf_addch(sb, ')');
}
