/*
 * facts.c: constructors and small queries for the network-facts model.
 */
#include "policies/facts.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const struct loc_src *loc_src(struct loc_srcs *s, const char *file, const struct origin *origin)
{
	const struct loc_src **last = origin ? &s->last : &s->last_plain;
	struct loc_src *n;

	if (!file && !origin)
		return NULL;
	/* by address: the same text at two addresses only costs a pair */
	if (*last && (*last)->file == file && (*last)->origin == origin)
		return *last;
	n = arena_alloc(s->arena, sizeof(*n));
	*n = (struct loc_src){.file = file, .origin = origin};
	*last = n;
	return n;
}

void loc_set_file(struct loc_srcs *s, struct loc *l, const char *file)
{
	l->src = loc_src(s, file, loc_origin(l));
}

void loc_set_origin(struct loc_srcs *s, struct loc *l, const struct origin *origin)
{
	l->src = loc_src(s, loc_file(l), origin);
}

int loc_cmp(const struct loc *a, const struct loc *b)
{
	const char *fa = loc_file(a), *fb = loc_file(b);
	int c;

	if (a->src != b->src && (c = strcmp(fa ? fa : "", fb ? fb : "")))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

const char *input_kind_name(enum input_kind k)
{
	switch (k) {
	case INPUT_CFN:
		return "CloudFormation template";
	case INPUT_TFPLAN:
		return "Terraform plan";
	case INPUT_TFSTATE:
		return "Terraform state";
	case INPUT_INVENTORY:
		return "AWS inventory";
	case INPUT_CLOUDTRAIL:
		return "CloudTrail log";
	case INPUT_TFSRC:
		return "Terraform configuration";
	case INPUT_UNKNOWN:
		break;
	}
	return "unknown input";
}

const char *lifecycle_name(enum lifecycle lc)
{
	static const char *const names[] = {"existing", "declared", "create",
					    "update",   "replace",  "delete"};
	return names[lc];
}

void cidr_value_set_text(struct cidr_value *v, const char *text, int family)
{
	struct cidr_error err;

	v->state = VAL_KNOWN;
	v->text = text;
	v->valid = false;
	v->host_bits = false;
	v->parse_error = NULL;
	if (cidr_parse(text, &v->pfx, &v->host_bits, &err)) {
		v->parse_error = err.why;
		return;
	}
	if (family && v->pfx.family != family) {
		v->parse_error = family == 4 ? "an IPv6 CIDR in an IPv4 field"
					     : "an IPv4 CIDR in an IPv6 field";
		return;
	}
	v->valid = true;
}

int cidr_value_family(const struct cidr_value *v)
{
	if (v->state == VAL_KNOWN && v->valid)
		return v->pfx.family;
	if (v->relative)
		return v->rel.family;
	return 0;
}

bool resource_coexist(const struct resource *a, const struct resource *b)
{
	return a->group != b->group || a->group == 0 || (a->scen & b->scen) != 0;
}

const char *vpc_tag(const struct vpc *v, const char *key)
{
	for (size_t i = 0; i < v->ntags; i++)
		if (strcmp(v->tags[i].key, key) == 0)
			return v->tags[i].value;
	return NULL;
}

bool tag_kept(const char *const *keep, const char *key)
{
	if (!keep)
		return true;
	for (; *keep; keep++)
		if (strcmp(*keep, key) == 0)
			return true;
	return false;
}

struct resource_rare *resource_rare(struct facts *f, struct resource *r)
{
	if (!r->rare)
		r->rare = arena_alloc(&f->arena, sizeof(*r->rare));
	return r->rare;
}

static bool place_eq(const struct res_place *a, const struct res_place *b)
{
	return str_eq(a->input, b->input) && str_eq(a->input_rel, b->input_rel) &&
	       str_eq(a->region, b->region) && str_eq(a->account, b->account);
}

const struct res_place *facts_place(struct facts *f, const struct res_place *p)
{
	struct res_place **slot;

	if (place_eq(p, &f->home))
		return &f->home;
	for (size_t i = 0; i < FACTS_PLACES && f->places[i]; i++)
		if (place_eq(p, f->places[i]))
			return f->places[i];
	slot = &f->places[f->nextplace++ % FACTS_PLACES];
	*slot = arena_memdup(&f->arena, p, sizeof(*p));
	return *slot;
}

void resource_set_aws_id(struct facts *f, struct resource *r, const char *id)
{
	if (id || r->rare)
		resource_rare(f, r)->aws_id = id;
}

void resource_set_where(struct facts *f, struct resource *r, const char *region,
			const char *account)
{
	struct res_place p = *r->place;

	p.region = region;
	p.account = account;
	r->place = facts_place(f, &p);
}

struct facts *facts_new(const char *file, const char *rel, enum input_kind kind)
{
	struct facts *f = xcalloc(1, sizeof(*f));

	arena_init(&f->arena);
	f->srcs.arena = &f->arena;
	f->file = arena_strdup(&f->arena, file);
	f->rel = rel ? arena_strdup(&f->arena, rel) : f->file;
	f->kind = kind;
	f->home.input = f->file;
	f->home.input_rel = f->rel;
	return f;
}

void facts_free(struct facts *f)
{
	if (!f)
		return;
	free(f->vpcs);
	free(f->assocs);
	free(f->subnets);
	free(f->links);
	free(f->notes);
	free(f->reservations);
	free(f->exports);
	free(f->interned);
	arena_release(&f->arena);
	free(f);
}

static void resource_init(struct facts *f, struct resource *r, enum res_kind kind)
{
	r->kind = kind;
	r->place = &f->home;
	r->input_kind = f->kind;
	r->lc = f->kind == INPUT_CFN ? LC_DECLARED : LC_EXISTING;
	r->loc.src = loc_src(&f->srcs, f->file, NULL);
	r->scen = ~(uint64_t)0;
}

struct vpc *facts_add_vpc(struct facts *f)
{
	struct vpc *v = ARENA_NEW(&f->arena, struct vpc);

	resource_init(f, &v->r, RES_VPC);
	*VEC_PUSH(f->vpcs, f->nvpcs, f->capvpcs) = v;
	return v;
}

struct assoc *facts_add_assoc(struct facts *f)
{
	struct assoc *a = ARENA_NEW(&f->arena, struct assoc);

	resource_init(f, &a->r, RES_ASSOC);
	a->block.res = &a->r;
	a->block.role = BLOCK_SECONDARY;
	a->block.v.netmask = -1;
	*VEC_PUSH(f->assocs, f->nassocs, f->capassocs) = a;
	return a;
}

struct subnet *facts_add_subnet(struct facts *f)
{
	struct subnet *s = ARENA_NEW(&f->arena, struct subnet);

	resource_init(f, &s->r, RES_SUBNET);
	s->v4.netmask = -1;
	*VEC_PUSH(f->subnets, f->nsubnets, f->capsubnets) = s;
	return s;
}

struct cidr_value *subnet_v6(struct facts *f, struct subnet *s)
{
	if (!s->v6) {
		s->v6 = ARENA_NEW(&f->arena, struct cidr_value);
		s->v6->netmask = -1;
	}
	return s->v6;
}

struct link *facts_add_link(struct facts *f, enum link_kind kind)
{
	struct link *l = ARENA_NEW(&f->arena, struct link);

	resource_init(f, &l->r, RES_LINK);
	l->kind = (uint8_t)kind;
	l->dest.netmask = -1;
	*VEC_PUSH(f->links, f->nlinks, f->caplinks) = l;
	return l;
}

const char *link_kind_name(enum link_kind k)
{
	static const char *const names[LINK_KIND_COUNT] = {
		"peering", "transit gateway", "transit gateway attachment",
		"transit gateway route table", "transit gateway route table association",
		"transit gateway route table propagation", "VPN gateway", "VPN gateway attachment",
		"customer gateway", "VPN connection", "VPN connection route", "route table", "route",
		"transit gateway route", "Direct Connect gateway association",
		"Direct Connect private virtual interface",
	};
	return k < LINK_KIND_COUNT ? names[k] : "link";
}

struct block *vpc_add_own_block(struct facts *f, struct vpc *v, int family,
				enum block_role role)
{
	struct block *nb = arena_alloc_aligned(&f->arena, (v->nown + 1) * sizeof(*nb),
					       _Alignof(struct block));

	/* blocks per VPC are few; copying keeps them in one array */
	if (v->nown)
		memcpy(nb, v->own, v->nown * sizeof(*nb));
	v->own = nb;
	nb = &v->own[v->nown++];
	nb->res = &v->r;
	nb->family = (uint8_t)family;
	nb->role = (uint8_t)role;
	nb->v.netmask = -1;
	return nb;
}

struct reservation *facts_add_reservation(struct facts *f)
{
	struct reservation *r = VEC_PUSH(f->reservations, f->nreservations, f->capreservations);

	memset(r, 0, sizeof(*r));
	return r;
}

struct fact_note *facts_add_note(struct facts *f, enum note_kind kind, struct loc loc,
				 const char *resource, const char *fmt, ...)
{
	struct fact_note *n = VEC_PUSH(f->notes, f->nnotes, f->capnotes);
	struct sbuf sb;
	va_list ap;

	memset(n, 0, sizeof(*n));
	sbuf_init(&sb, 8192);
	va_start(ap, fmt);
	sbuf_vaddf_cut(&sb, fmt, ap);
	va_end(ap);
	n->kind = kind;
	n->loc = loc;
	/* the caller's text may live in a document freed before the
	 * findings are made (a template's keys): the model owns its copy */
	n->resource = resource ? arena_strdup(&f->arena, resource) : NULL;
	n->message = arena_strndup(&f->arena, sb.buf, sb.len);
	n->scen = ~(uint64_t)0;
	sbuf_release(&sb);
	return n;
}

const char *facts_str(struct facts *f, const char *s)
{
	return arena_strdup(&f->arena, s);
}

/* Slots of facts_intern()'s cache: a power of two. */
#define FACTS_INTERN_SLOTS 4096

const char *facts_intern(struct facts *f, const char *s)
{
	struct intern_slot *slot;
	uint64_t h;

	if (!s)
		return NULL;
	if (!f->interned)
		f->interned = xcalloc(FACTS_INTERN_SLOTS, sizeof(*f->interned));
	h = hash_str(s);
	slot = &f->interned[h & (FACTS_INTERN_SLOTS - 1)];
	/* the hash first: a string that misses (a unique Name) does not read
	 * the slot's, which is far away in the arena */
	if (!slot->s || slot->hash != h || strcmp(slot->s, s) != 0) {
		slot->s = arena_strdup(&f->arena, s);
		slot->hash = h;
	}
	return slot->s;
}

void facts_intern_done(struct facts *f)
{
	free(f->interned);
	f->interned = NULL;
}

const char *facts_arn_field(struct facts *f, const char *arn, unsigned n)
{
	const char *p = arn, *q;

	if (!arn || !str_startswith(arn, "arn:"))
		return NULL;
	for (unsigned i = 0; i < n; i++) {
		if (!(p = strchr(p, ':')))
			return NULL;
		p++;
	}
	q = strchr(p, ':');
	if (!q || q == p)
		return NULL;
	return arena_strndup(&f->arena, p, (size_t)(q - p));
}
