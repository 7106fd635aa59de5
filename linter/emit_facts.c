/*
 * emit_facts.c: `-f facts`, what cidrlint extracted from each input before
 * any rule ran: every VPC with its blocks, every association and subnet,
 * what each value evaluated to (or why it is not known), and which VPC
 * each association and subnet was linked to.  For a user asking "why no
 * finding?", and for the tests of the evaluators.
 */
#include "linter/linter.h"

/*
 * Each record is built in an sbuf and written through put_text(), so a
 * name or a value from the input cannot break a line or drive a terminal.
 */
static void put_line(FILE *out, struct sbuf *sb)
{
	put_text(out, sb->buf);
	fputc('\n', out);
	sbuf_reset(sb);
}

static void put_loc(struct sbuf *out, const struct loc *l)
{
	if (loc_file(l) && l->line)
		sbuf_addf(out, "%s:%u:%u: ", loc_file(l), l->line, l->col);
	else if (loc_file(l))
		sbuf_addf(out, "%s: ", loc_file(l));
}

static void put_value(struct sbuf *out, const struct cidr_value *v)
{
	char buf[CIDR_STRLEN];
	const char *pool;

	switch (v->state) {
	case VAL_KNOWN:
		if (!v->valid)
			sbuf_addf(out, "invalid '%s' (%s)", v->text, v->parse_error);
		else if (v->host_bits)
			sbuf_addf(out, "%s (written %s)", cidr_format(&v->pfx, buf), v->text);
		else
			sbuf_addf(out, "%s", cidr_format(&v->pfx, buf));
		break;
	case VAL_CONSTRAINED:
		pool = cidr_value_pool(v);
		if (v->relative)
			sbuf_addf(out, "%s inside %s%s", cidr_format(&v->rel, buf), cidr_value_rel_base(v),
				v->host_bits ? " (host bits set)" : "");
		else if (v->amazon)
			sbuf_addf(out, "Amazon-provided /56");
		else if (v->netmask >= 0)
			sbuf_addf(out, "from %s%s, /%d", pool ? "pool " : "IPAM", pool ? pool : "",
				  v->netmask);
		else
			sbuf_addf(out, "from %s%s, of the pool's default size", pool ? "pool " : "IPAM",
				  pool ? pool : "");
		break;
	case VAL_UNRESOLVED:
		sbuf_addf(out, "unknown (%s)", v->reason ? v->reason : "?");
		break;
	}
}

static void put_scope(struct sbuf *out, const struct resource *r)
{
	if (r->group)
		sbuf_addf(out, " [combinations %#llx]", (unsigned long long)r->scen);
	if (r->lc != LC_DECLARED)
		sbuf_addf(out, " [%s]", lifecycle_name(r->lc));
}

static void put_ref(struct sbuf *out, const struct vpc_ref *ref, const struct vpc *linked)
{
	if (linked)
		sbuf_addf(out, " in VPC '%s'", linked->r.name);
	else if (ref->kind == VREF_NONE)
		sbuf_addf(out, " in an unknown VPC (%s)", ref->why ? ref->why : "?");
	else
		sbuf_addf(out, " in VPC '%s' (not in any input)", ref->name);
}

static void put_end(struct sbuf *out, const char *what, const struct vpc_ref *ref)
{
	if (ref->kind == VREF_LOCAL)
		sbuf_addf(out, " %s '%s'", what, ref->name);
	else if (ref->kind == VREF_AWSID)
		sbuf_addf(out, " %s %s", what, ref->name);
	else if (ref->why)
		sbuf_addf(out, " %s unknown (%s)", what, ref->why);
}

static void put_link(struct sbuf *out, const struct link *l)
{
	put_loc(out, &l->r.loc);
	sbuf_addf(out, "%s '%s'", link_kind_name(l->kind), l->r.name);
	put_end(out, "a", &l->a);
	put_end(out, "b", &l->b);
	put_end(out, l->x_what ? l->x_what : "x", &l->x);
	if (l->has_dest) {
		sbuf_adds(out, " destination ");
		put_value(out, &l->dest);
	}
	if (l->no_default_assoc)
		sbuf_adds(out, " [no default association]");
	if (l->no_default_prop)
		sbuf_adds(out, " [no default propagation]");
	if (l->static_only)
		sbuf_adds(out, " [static routes only]");
	if (l->peer_account)
		sbuf_addf(out, " [peer account %s]", l->peer_account);
	if (l->peer_region)
		sbuf_addf(out, " [peer region %s]", l->peer_region);
	put_scope(out, &l->r);
}

int emit_facts(FILE *fp, const struct run *run)
{
	struct sbuf line, *out = &line;

	sbuf_init(&line, 0);
	for (size_t i = 0; i < run->world.ninputs; i++) {
		const struct facts *f = run->world.inputs[i];

		sbuf_addf(out, "%s: %s", f->file, input_kind_name(f->kind));
		put_line(fp, out);
		for (size_t j = 0; j < f->nvpcs; j++) {
			const struct vpc *v = f->vpcs[j];
			put_loc(out, &v->r.loc);
			sbuf_addf(out, "VPC '%s' (%s)", v->r.name, v->r.type ? v->r.type : "?");
			put_scope(out, &v->r);
			if (v->r.place->region)
				sbuf_addf(out, " region %s", v->r.place->region);
			put_line(fp, out);
			for (size_t k = 0; k < v->nown; k++) {
				sbuf_adds(out, "  ");
				put_loc(out, &v->own[k].v.loc);
				sbuf_addf(out, "%s IPv%d block ",
					  v->own[k].role == BLOCK_PRIMARY ? "primary" : "secondary",
					  v->own[k].family);
				put_value(out, &v->own[k].v);
				put_line(fp, out);
			}
		}
		for (size_t j = 0; j < f->nassocs; j++) {
			const struct assoc *a = f->assocs[j];
			put_loc(out, &a->r.loc);
			sbuf_addf(out, "association '%s'", a->r.name);
			put_ref(out, &a->ref, a->block.vpc);
			put_scope(out, &a->r);
			put_line(fp, out);
			if (a->no_block)
				continue;
			sbuf_adds(out, "  ");
			put_loc(out, &a->block.v.loc);
			sbuf_addf(out, "IPv%d block ", a->block.family);
			put_value(out, &a->block.v);
			put_line(fp, out);
		}
		for (size_t j = 0; j < f->nsubnets; j++) {
			const struct subnet *s = f->subnets[j];
			put_loc(out, &s->r.loc);
			sbuf_addf(out, "subnet '%s'", s->r.name);
			put_ref(out, &s->ref, s->vpc);
			put_scope(out, &s->r);
			put_line(fp, out);
			for (int k = 0; k < 2; k++) {
				const struct cidr_value *v = k ? s->v6 : s->has_v4 ? &s->v4 : NULL;
				if (!v)
					continue;
				sbuf_adds(out, "  ");
				put_loc(out, &v->loc);
				sbuf_addf(out, "IPv%d ", k ? 6 : 4);
				put_value(out, v);
				put_line(fp, out);
			}
		}
		for (size_t j = 0; j < f->nlinks; j++) {
			put_link(out, f->links[j]);
			put_line(fp, out);
		}
	}
	sbuf_release(&line);
	return ferror(fp) ? -1 : 0;
}
