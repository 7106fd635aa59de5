/*
 * emit_facts.c: `-f facts`, what cidrlint extracted from each input before
 * any rule ran: every VPC with its blocks, every association and subnet,
 * what each value evaluated to (or why it is not known), and which VPC
 * each association and subnet was linked to.  For a user asking "why no
 * finding?", and for the tests of the evaluators.
 */
#include "linter/linter.h"

static void put_loc(FILE *out, const struct loc *l)
{
	if (l->file && l->line)
		fprintf(out, "%s:%u:%u: ", l->file, l->line, l->col);
	else if (l->file)
		fprintf(out, "%s: ", l->file);
}

static void put_value(FILE *out, const struct cidr_value *v)
{
	char buf[CIDR_STRLEN];

	switch (v->state) {
	case VAL_KNOWN:
		if (!v->valid)
			fprintf(out, "invalid '%s' (%s)", v->text, v->parse_error);
		else if (v->host_bits)
			fprintf(out, "%s (written %s)", cidr_format(&v->pfx, buf), v->text);
		else
			fprintf(out, "%s", cidr_format(&v->pfx, buf));
		break;
	case VAL_CONSTRAINED:
		if (v->rel_base)
			fprintf(out, "%s inside %s%s", cidr_format(&v->rel, buf), v->rel_base,
				v->host_bits ? " (host bits set)" : "");
		else if (v->amazon)
			fprintf(out, "Amazon-provided /56");
		else if (v->netmask >= 0)
			fprintf(out, "from %s%s, /%d", v->pool ? "pool " : "IPAM",
				v->pool ? v->pool : "", v->netmask);
		else
			fprintf(out, "from %s%s, of the pool's default size", v->pool ? "pool " : "IPAM",
				v->pool ? v->pool : "");
		break;
	case VAL_UNRESOLVED:
		fprintf(out, "unknown (%s)", v->reason ? v->reason : "?");
		break;
	}
}

static void put_scope(FILE *out, const struct resource *r)
{
	if (r->group)
		fprintf(out, " [combinations %#llx]", (unsigned long long)r->scen);
	if (r->lc != LC_DECLARED)
		fprintf(out, " [%s]", lifecycle_name(r->lc));
}

static void put_ref(FILE *out, const struct vpc_ref *ref, const struct vpc *linked)
{
	if (linked)
		fprintf(out, " in VPC '%s'", linked->r.name);
	else if (ref->kind == VREF_NONE)
		fprintf(out, " in an unknown VPC (%s)", ref->why ? ref->why : "?");
	else
		fprintf(out, " in VPC '%s' (not in any input)", ref->name);
}

int emit_facts(FILE *out, const struct run *run)
{
	for (size_t i = 0; i < run->world.ninputs; i++) {
		const struct facts *f = run->world.inputs[i];

		fprintf(out, "%s: %s\n", f->file, input_kind_name(f->kind));
		for (size_t j = 0; j < f->nvpcs; j++) {
			const struct vpc *v = f->vpcs[j];
			put_loc(out, &v->r.loc);
			fprintf(out, "VPC '%s' (%s)", v->r.name, v->r.type ? v->r.type : "?");
			put_scope(out, &v->r);
			if (v->r.region)
				fprintf(out, " region %s", v->r.region);
			fputc('\n', out);
			for (size_t k = 0; k < v->nown; k++) {
				fputs("  ", out);
				put_loc(out, &v->own[k].v.loc);
				fprintf(out, "%s IPv%d block ", v->own[k].role == BLOCK_PRIMARY ? "primary" : "secondary",
					v->own[k].family);
				put_value(out, &v->own[k].v);
				fputc('\n', out);
			}
		}
		for (size_t j = 0; j < f->nassocs; j++) {
			const struct assoc *a = f->assocs[j];
			put_loc(out, &a->r.loc);
			fprintf(out, "association '%s'", a->r.name);
			put_ref(out, &a->ref, a->block.vpc);
			put_scope(out, &a->r);
			fputc('\n', out);
			if (a->no_block)
				continue;
			fputs("  ", out);
			put_loc(out, &a->block.v.loc);
			fprintf(out, "IPv%d block ", a->block.family);
			put_value(out, &a->block.v);
			fputc('\n', out);
		}
		for (size_t j = 0; j < f->nsubnets; j++) {
			const struct subnet *s = f->subnets[j];
			put_loc(out, &s->r.loc);
			fprintf(out, "subnet '%s'", s->r.name);
			put_ref(out, &s->ref, s->vpc);
			put_scope(out, &s->r);
			fputc('\n', out);
			for (int k = 0; k < 2; k++) {
				const struct cidr_value *v = k ? &s->v6 : &s->v4;
				if (!(k ? s->has_v6 : s->has_v4))
					continue;
				fputs("  ", out);
				put_loc(out, &v->loc);
				fprintf(out, "IPv%d ", k ? 6 : 4);
				put_value(out, v);
				fputc('\n', out);
			}
		}
	}
	return ferror(out) ? -1 : 0;
}
