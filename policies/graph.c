/*
 * graph.c: resolving connectivity links and building the edges between
 * VPCs (see graph.h).
 *
 * Facts (AWS documentation): a peering routes between exactly two VPCs and
 * is not transitive (vpc/latest/peering/vpc-peering-basics.html); a transit
 * gateway attachment is associated with one route table and propagates
 * its routes to any number; with DefaultRouteTableAssociation and
 * DefaultRouteTablePropagation enabled (the default) an attachment is
 * associated with, and propagates to, the default route table
 * (vpc/latest/tgw/tgw-route-tables.html).
 */
#include "policies/graph.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct gbuild {
	struct graph *g;
	struct arena *a;
	struct facts *const *inputs;
	size_t ninputs;
	graph_vpc_resolver resolve;
	void *ctx;
	struct strmap *names; /* per input: link name -> link */
	struct strmap ids;    /* AWS id -> link */
	struct strmap by_key;   /* link_key() -> link */
	struct strmap input_of; /* link_key() -> input index + 1 */
};

/* The identity of a link: its AWS id, else the link itself. */
static const char *link_key(struct gbuild *b, const struct link *l)
{
	const char *id = resource_aws_id(&l->r);

	return id ? id : arena_printf(b->a, "%p", (const void *)l);
}

static const struct link *ref_link(struct gbuild *b, size_t input, const struct vpc_ref *ref)
{
	const struct link *l = NULL;

	if (ref->kind == VREF_LOCAL && !ref->stack)
		l = strmap_get(&b->names[input], ref->name);
	if (!l && ref->kind != VREF_NONE)
		l = strmap_get(&b->ids, ref->name);
	return l;
}

/* The identity of what a reference names, or NULL when it is unknown. */
static const char *ref_key(struct gbuild *b, size_t input, const struct vpc_ref *ref)
{
	const struct link *l = ref_link(b, input, ref);

	if (l)
		return link_key(b, l);
	switch (ref->kind) {
	case VREF_AWSID:
		return ref->name;
	case VREF_LOCAL:
		/* another template's resource (an import): named by its stack */
		if (ref->stack)
			return arena_printf(b->a, "%s:%s", ref->stack, ref->name);
		return arena_printf(b->a, "%zu:%s", input, ref->name);
	case VREF_NONE:
		break;
	}
	return NULL;
}

static const struct vpc *ref_vpc(struct gbuild *b, size_t input, const struct vpc_ref *ref)
{
	struct vpc *v = ref->kind == VREF_NONE ? NULL : b->resolve(b->ctx, input, ref);

	return v && !v->merged ? v : NULL;
}

static const char *pair_key(struct gbuild *b, const struct vpc *x, const struct vpc *y)
{
	if ((uintptr_t)x > (uintptr_t)y) {
		const struct vpc *t = x;
		x = y;
		y = t;
	}
	return arena_printf(b->a, "%p|%p", (const void *)x, (const void *)y);
}

static struct gedge *add_edge(struct gbuild *b, enum edge_kind kind, const struct vpc *x,
			      const struct vpc *y)
{
	struct graph *g = b->g;
	struct gedge *e = VEC_PUSH(g->edges, g->nedges, g->capedges);

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->a = x;
	e->b = y;
	if (y && x != y) {
		const char *k = pair_key(b, x, y);
		if (!strmap_get(&g->pairs, k))
			strmap_put(&g->pairs, k, (void *)(uintptr_t)g->nedges);
	}
	return e;
}

static void via(struct gedge *e, const struct link *l)
{
	if (l && e->nvia < EDGE_MAX_VIA)
		e->via[e->nvia++] = l;
}

/* --- peering ---------------------------------------------------------- */

static void peerings(struct gbuild *b, size_t input, const struct link *l)
{
	const struct vpc *x = ref_vpc(b, input, &l->a), *y = ref_vpc(b, input, &l->b);
	struct graph *g = b->g;

	if (!x || !y) {
		/* an accepter names its peering: the peering makes the edge */
		return;
	}
	struct gpeer *p = VEC_PUSH(g->peerings, g->npeerings, g->cappeerings);
	p->link = l;
	p->a = x;
	p->b = y;
	if (x == y)
		return;
	struct gedge *e = add_edge(b, EDGE_PEERING, x, y);
	via(e, l);
	e->label = arena_printf(b->a, "peering '%s'", l->r.name);
}

/* What takes a VPC to premises, for messages. */
static const char *premises_label(struct gbuild *b, const struct link *l)
{
	return arena_printf(b->a, "%s '%s'",
			    l->kind == LINK_VPN ? "VPN connection" : link_kind_name(l->kind),
			    l->r.name);
}

/* --- transit gateways -------------------------------------------------- */

struct tgw_att {
	const struct link *att;
	const struct vpc *vpc;
	const char *key, *tgw;
	const char *assoc;          /* the route table it is associated with, or NULL */
	const struct link *assoc_l; /* the association (NULL: the default table) */
};

struct tgw_prop {
	const char *att, *rtb;
	const struct link *l;       /* NULL: the default table */
};

static const struct link *find_tgw(struct gbuild *b, const char *key)
{
	const struct link *l = strmap_get(&b->by_key, key);

	return l && l->kind == LINK_TGW ? l : NULL;
}

static void transit_gateways(struct gbuild *b)
{
	struct tgw_att *att = NULL;
	struct tgw_prop *prop = NULL;
	size_t natt = 0, capatt = 0, nprop = 0, capprop = 0;
	struct strmap by_key;

	strmap_init(&by_key);
	for (size_t i = 0; i < b->ninputs; i++)
		for (size_t j = 0; j < b->inputs[i]->nlinks; j++) {
			const struct link *l = b->inputs[i]->links[j];
			const struct vpc *v;
			const char *t;
			if (l->kind != LINK_TGW_ATTACH || !(v = ref_vpc(b, i, &l->a)) ||
			    !(t = ref_key(b, i, &l->b)))
				continue;
			struct tgw_att *x = VEC_PUSH(att, natt, capatt);
			memset(x, 0, sizeof(*x));
			x->att = l;
			x->vpc = v;
			x->key = link_key(b, l);
			x->tgw = t;
		}
	for (size_t k = 0; k < natt; k++)
		strmap_put(&by_key, att[k].key, (void *)(uintptr_t)(k + 1));
	/* explicit associations and propagations */
	for (size_t i = 0; i < b->ninputs; i++)
		for (size_t j = 0; j < b->inputs[i]->nlinks; j++) {
			const struct link *l = b->inputs[i]->links[j];
			const char *ak, *rk;
			uintptr_t k;
			if ((l->kind != LINK_TGW_ASSOC && l->kind != LINK_TGW_PROP) ||
			    !(ak = ref_key(b, i, &l->a)) || !(rk = ref_key(b, i, &l->b)) ||
			    !(k = (uintptr_t)strmap_get(&by_key, ak)))
				continue;
			if (l->kind == LINK_TGW_ASSOC) {
				att[k - 1].assoc = rk;
				att[k - 1].assoc_l = l;
			} else {
				struct tgw_prop *p = VEC_PUSH(prop, nprop, capprop);
				p->att = att[k - 1].key;
				p->rtb = rk;
				p->l = l;
			}
		}
	/* the default route table, where neither the gateway nor the
	 * attachment turns it off */
	for (size_t k = 0; k < natt; k++) {
		struct tgw_att *x = &att[k];
		const struct link *t = find_tgw(b, x->tgw);
		const char *def = arena_printf(b->a, "default:%s", x->tgw);
		bool explicit_prop = false;
		for (size_t p = 0; p < nprop; p++)
			explicit_prop |= str_eq(prop[p].att, x->key);
		if (!x->assoc && !x->att->no_default_assoc && !(t && t->no_default_assoc))
			x->assoc = def;
		if (!explicit_prop && !x->att->no_default_prop && !(t && t->no_default_prop)) {
			struct tgw_prop *p = VEC_PUSH(prop, nprop, capprop);
			p->att = x->key;
			p->rtb = def;
			p->l = NULL;
		}
	}
	/* x reaches y when x's route table holds y's propagated routes */
	for (size_t p = 0; p < nprop; p++) {
		uintptr_t yk = (uintptr_t)strmap_get(&by_key, prop[p].att);
		const struct tgw_att *y = &att[yk - 1];
		for (size_t k = 0; k < natt; k++) {
			const struct tgw_att *x = &att[k];
			if (x == y || x->vpc == y->vpc || !str_eq(x->assoc, prop[p].rtb))
				continue;
			struct gedge *e = add_edge(b, EDGE_TGW, x->vpc, y->vpc);
			const struct link *t = find_tgw(b, x->tgw);
			via(e, x->att);
			via(e, x->assoc_l ? x->assoc_l : t);
			via(e, prop[p].l);
			via(e, y->att);
			if (x->assoc_l)
				e->label = arena_printf(b->a, "transit gateway route table %s",
							x->assoc_l->b.name ? x->assoc_l->b.name : "?");
			else
				e->label = arena_printf(b->a, "the default route table of transit gateway %s",
							t ? t->r.name : x->tgw);
			if (x->assoc_l && x->assoc_l->b.kind == VREF_LOCAL)
				e->label = arena_printf(b->a, "transit gateway route table '%s'",
							x->assoc_l->b.name);
		}
	}
	/* a static route of x's route table to y's attachment */
	for (size_t i = 0; i < b->ninputs; i++)
		for (size_t j = 0; j < b->inputs[i]->nlinks; j++) {
			const struct link *l = b->inputs[i]->links[j];
			const struct link *tl;
			const char *rk;
			uintptr_t yk;
			if (l->kind != LINK_TGW_ROUTE || l->blackhole || !(tl = ref_link(b, i, &l->x)))
				continue;
			if (tl->kind == LINK_VPN && l->has_dest && cidr_value_prefix(&l->dest)) {
				/* a range on premises, behind the connection */
				struct onprem_route *o = VEC_PUSH(b->g->onprem, b->g->nonprem, b->g->caponprem);
				o->vpn = tl;
				o->route = l;
				o->pfx = cidr_value_prefix(&l->dest);
				continue;
			}
			if (tl->kind != LINK_TGW_ATTACH || !(rk = ref_key(b, i, &l->a)) ||
			    !(yk = (uintptr_t)strmap_get(&by_key, link_key(b, tl))))
				continue;
			const struct tgw_att *y = &att[yk - 1];
			for (size_t k = 0; k < natt; k++) {
				const struct tgw_att *x = &att[k];
				if (x->vpc == y->vpc || !str_eq(x->assoc, rk))
					continue;
				struct gedge *e = add_edge(b, EDGE_TGW, x->vpc, y->vpc);
				via(e, x->att);
				via(e, x->assoc_l);
				via(e, l);
				via(e, y->att);
				e->label = arena_printf(b->a, "static route '%s' of transit gateway route table %s%s%s",
							l->r.name, l->a.kind == VREF_LOCAL ? "'" : "",
							l->a.name ? l->a.name : "?",
							l->a.kind == VREF_LOCAL ? "'" : "");
			}
		}
	/* a VPN, or a Direct Connect gateway, on a transit gateway reaches the
	 * VPCs attached to it */
	for (size_t i = 0; i < b->ninputs; i++)
		for (size_t j = 0; j < b->inputs[i]->nlinks; j++) {
			const struct link *l = b->inputs[i]->links[j];
			const char *t;
			if ((l->kind != LINK_VPN && l->kind != LINK_DX_ASSOC) ||
			    !(t = ref_key(b, i, &l->b)))
				continue;
			for (size_t k = 0; k < natt; k++) {
				if (!str_eq(att[k].tgw, t))
					continue;
				struct gedge *e = add_edge(b, EDGE_VPN, att[k].vpc, NULL);
				via(e, att[k].att);
				via(e, l);
				e->vpn = l;
				e->label = premises_label(b, l);
			}
		}
	free(att);
	free(prop);
	strmap_release(&by_key);
}

/* --- VPN gateways ------------------------------------------------------ */

static void vpn_gateways(struct gbuild *b)
{
	/* VPN gateway identity -> the VPC it is attached to, with the link */
	struct strmap vgw_vpc, vgw_link;

	strmap_init(&vgw_vpc);
	strmap_init(&vgw_link);
	for (size_t i = 0; i < b->ninputs; i++)
		for (size_t j = 0; j < b->inputs[i]->nlinks; j++) {
			const struct link *l = b->inputs[i]->links[j];
			const struct vpc *v;
			const char *k;
			if (l->kind == LINK_VGW && (v = ref_vpc(b, i, &l->a)))
				k = link_key(b, l);
			else if (l->kind == LINK_VGW_ATTACH && (v = ref_vpc(b, i, &l->a)))
				k = ref_key(b, i, &l->b);
			else
				continue;
			if (k && !strmap_get(&vgw_vpc, k)) {
				strmap_put(&vgw_vpc, k, (void *)v);
				strmap_put(&vgw_link, k, (void *)l);
			}
		}
	/* a VPN connection, a Direct Connect private virtual interface or a
	 * Direct Connect gateway association on an attached VPN gateway */
	for (size_t i = 0; i < b->ninputs; i++)
		for (size_t j = 0; j < b->inputs[i]->nlinks; j++) {
			const struct link *l = b->inputs[i]->links[j];
			const char *k;
			const struct vpc *v;
			if ((l->kind != LINK_VPN && l->kind != LINK_DX_VIF && l->kind != LINK_DX_ASSOC) ||
			    !(k = ref_key(b, i, l->kind == LINK_DX_ASSOC ? &l->b : &l->a)) ||
			    !(v = strmap_get(&vgw_vpc, k)))
				continue;
			struct gedge *e = add_edge(b, EDGE_VPN, v, NULL);
			via(e, strmap_get(&vgw_link, k));
			via(e, l);
			e->vpn = l;
			e->label = premises_label(b, l);
		}
	/* the static routes of each connection: ranges on premises */
	for (size_t i = 0; i < b->ninputs; i++)
		for (size_t j = 0; j < b->inputs[i]->nlinks; j++) {
			const struct link *l = b->inputs[i]->links[j];
			const struct link *vpn;
			if (l->kind != LINK_VPN_ROUTE || !l->has_dest || !cidr_value_prefix(&l->dest) ||
			    !(vpn = ref_link(b, i, &l->a)) || vpn->kind != LINK_VPN)
				continue;
			struct onprem_route *o = VEC_PUSH(b->g->onprem, b->g->nonprem, b->g->caponprem);
			o->vpn = vpn;
			o->route = l;
			o->pfx = cidr_value_prefix(&l->dest);
		}
	strmap_release(&vgw_vpc);
	strmap_release(&vgw_link);
}

/* --- route tables ------------------------------------------------------ */

static void route_tables(struct gbuild *b)
{
	for (size_t i = 0; i < b->ninputs; i++)
		for (size_t j = 0; j < b->inputs[i]->nlinks; j++) {
			const struct link *l = b->inputs[i]->links[j];
			const struct link *t;
			if ((l->kind != LINK_ROUTE && l->kind != LINK_TGW_ROUTE) || l->a.kind == VREF_NONE)
				continue;
			struct groute *r = VEC_PUSH(b->g->routes, b->g->nroutes, b->g->caproutes);
			memset(r, 0, sizeof(*r));
			r->route = l;
			t = ref_link(b, i, &l->a);
			r->table = t && t->kind == LINK_RTB ? t : NULL;
			r->table_key = ref_key(b, i, &l->a);
			r->target_key = l->blackhole ? "blackhole" : ref_key(b, i, &l->x);
			r->target = l->blackhole ? NULL : ref_link(b, i, &l->x);
			if (r->table) {
				size_t ti = (uintptr_t)strmap_get(&b->input_of, link_key(b, t));
				if (ti)
					r->vpc = ref_vpc(b, ti - 1, &t->a);
			}
		}
}

/* --- the graph --------------------------------------------------------- */

void graph_build(struct graph *g, struct arena *a, struct facts *const *inputs, size_t ninputs,
		 graph_vpc_resolver resolve, void *ctx)
{
	struct gbuild b = {g, a, inputs, ninputs, resolve, ctx, NULL, {0}, {0}, {0}};

	memset(g, 0, sizeof(*g));
	strmap_init(&g->pairs);
	strmap_init(&g->linked);
	b.names = xcalloc(ninputs + 1, sizeof(*b.names));
	strmap_init(&b.ids);
	strmap_init(&b.by_key);
	strmap_init(&b.input_of);
	for (size_t i = 0; i < ninputs; i++) {
		strmap_init(&b.names[i]);
		for (size_t j = 0; j < inputs[i]->nlinks; j++) {
			struct link *l = inputs[i]->links[j];
			const char *id = resource_aws_id(&l->r);
			strmap_put(&b.names[i], l->r.name, l);
			if (id && !strmap_get(&b.ids, id))
				strmap_put(&b.ids, id, l);
			if (l->att_id && !strmap_get(&b.ids, l->att_id))
				strmap_put(&b.ids, l->att_id, l);
			const char *k = link_key(&b, l);
			if (!strmap_get(&b.by_key, k)) {
				strmap_put(&b.by_key, k, l);
				strmap_put(&b.input_of, k, (void *)(uintptr_t)(i + 1));
			}
		}
	}
	for (size_t i = 0; i < ninputs; i++)
		for (size_t j = 0; j < inputs[i]->nlinks; j++)
			if (inputs[i]->links[j]->kind == LINK_PEERING)
				peerings(&b, i, inputs[i]->links[j]);
	transit_gateways(&b);
	vpn_gateways(&b);
	route_tables(&b);
	for (size_t i = 0; i < g->nedges; i++)
		if (g->edges[i].b) {
			strmap_put(&g->linked, arena_printf(a, "%p", (const void *)g->edges[i].a), (void *)1);
			strmap_put(&g->linked, arena_printf(a, "%p", (const void *)g->edges[i].b), (void *)1);
		}
	for (size_t i = 0; i < ninputs; i++)
		strmap_release(&b.names[i]);
	free(b.names);
	strmap_release(&b.ids);
	strmap_release(&b.by_key);
	strmap_release(&b.input_of);
}

void graph_release(struct graph *g)
{
	free(g->edges);
	free(g->onprem);
	free(g->routes);
	free(g->peerings);
	strmap_release(&g->pairs);
	strmap_release(&g->linked);
	memset(g, 0, sizeof(*g));
}

bool graph_linked(const struct graph *g, const struct vpc *v)
{
	char key[32];

	snprintf(key, sizeof(key), "%p", (const void *)v);
	return strmap_get(&g->linked, key) != NULL;
}

const struct gedge *graph_between(const struct graph *g, const struct vpc *a, const struct vpc *b)
{
	char key[64];
	uintptr_t i;

	if (!g->nedges || a == b)
		return NULL;
	if ((uintptr_t)a > (uintptr_t)b) {
		const struct vpc *t = a;
		a = b;
		b = t;
	}
	snprintf(key, sizeof(key), "%p|%p", (const void *)a, (const void *)b);
	i = (uintptr_t)strmap_get(&g->pairs, key);
	return i ? &g->edges[i - 1] : NULL;
}

const struct gedge *graph_vpn(const struct graph *g, const struct vpc *v, const struct link *vpn)
{
	for (size_t i = 0; i < g->nedges; i++)
		if (g->edges[i].kind == EDGE_VPN && g->edges[i].a == v &&
		    (!vpn || g->edges[i].vpn == vpn))
			return &g->edges[i];
	return NULL;
}

const struct onprem_route *graph_onprem_overlap(const struct graph *g, const struct gedge *e,
						size_t *pos, const struct block **blk)
{
	size_t nb = e->a->nblocks;

	for (; e->kind == EDGE_VPN && nb && *pos < g->nonprem * nb; (*pos)++) {
		const struct onprem_route *o = &g->onprem[*pos / nb];
		const struct block *b = e->a->blocks[*pos % nb];
		const struct prefix *p = cidr_value_prefix(&b->v);
		if (o->vpn != e->vpn || !p || !cidr_overlaps(p, o->pfx))
			continue;
		(*pos)++;
		*blk = b;
		return o;
	}
	return NULL;
}

const char *gedge_label(const struct gedge *e)
{
	return e->label ? e->label : "a link";
}
