/*
 * rule_graph.c: CIDR111 and CIDR307-309, what the connectivity graph
 * (policies/graph.h) shows: a peering between overlapping VPCs, a new
 * block that collides with a connected network, and routes that send
 * traffic somewhere it cannot or should not go.
 */
#include "policies/rules.h"

#include <stdlib.h>
#include <string.h>

/* --- CIDR111 peering-overlap ------------------------------------------- */

void check_peering_overlap(struct rule_ctx *ctx)
{
	const struct graph *g = &ctx->w->graph;
	char x[CIDR_STRLEN], y[CIDR_STRLEN];

	for (size_t i = 0; i < g->npeerings; i++) {
		const struct gpeer *pr = &g->peerings[i];
		const struct block *hit[2] = {NULL, NULL};
		size_t n = 0;

		if (pr->a == pr->b)
			continue;
		/* AWS fails a peering whose VPCs' IPv4 blocks overlap, whatever
		 * their IPv6 blocks */
		for (size_t j = 0; j < pr->a->nblocks; j++) {
			const struct prefix *p = cidr_value_prefix(&pr->a->blocks[j]->v);
			for (size_t k = 0; p && p->family == 4 && k < pr->b->nblocks; k++) {
				const struct prefix *q = cidr_value_prefix(&pr->b->blocks[k]->v);
				if (!q || !cidr_overlaps(p, q))
					continue;
				/* a peering that exists already: a new block is refused
				 * at its association (CIDR307), not here */
				if (pr->link->r.lc == LC_EXISTING &&
				    (pr->a->blocks[j]->res->lc != LC_EXISTING ||
				     pr->b->blocks[k]->res->lc != LC_EXISTING))
					continue;
				if (!n++) {
					hit[0] = pr->a->blocks[j];
					hit[1] = pr->b->blocks[k];
				}
			}
		}
		if (!n)
			continue;
		cidr_format(&hit[0]->v.pfx, x);
		cidr_format(&hit[1]->v.pfx, y);
		struct finding *f = rule_report(
			ctx, &pr->link->r, NULL, NULL,
			"peering '%s' joins %s and %s, whose IPv4 blocks %s and %s overlap%s: AWS fails the peering request",
			pr->link->r.name, vpc_label(ctx, pr->a), vpc_label(ctx, pr->b), x, y,
			n > 1 ? arena_printf(&ctx->out->arena, " (and %zu more pairs)", n - 1) : "");
		for (int k = 0; k < 2; k++)
			finding_add_related(ctx->out, f, &hit[k]->v.loc, hit[k]->vpc->r.name,
					    k ? y : x, "VPC '%s' has %s here", hit[k]->vpc->r.name,
					    k ? y : x);
	}
}

/* --- CIDR307 connected-overlap ---------------------------------------- */

/* A block that an association adds to x, overlapping a block of y, which
 * edge e connects x to. */
static void connected_pair(struct rule_ctx *ctx, const struct gedge *e, const struct vpc *x,
			   const struct vpc *y)
{
	char a[CIDR_STRLEN], b[CIDR_STRLEN];

	for (size_t i = 0; i < x->nblocks; i++) {
		const struct block *nb = x->blocks[i];
		const struct prefix *p = cidr_value_prefix(&nb->v);
		if (!p || nb->res->kind != RES_ASSOC || nb->res->lc == LC_EXISTING)
			continue;
		for (size_t k = 0; k < y->nblocks; k++) {
			const struct block *ob = y->blocks[k];
			const struct prefix *q = cidr_value_prefix(&ob->v);
			if (!q || !cidr_overlaps(p, q) || !resource_coexist(nb->res, ob->res))
				continue;
			cidr_format(p, a);
			cidr_format(q, b);
			struct finding *f = rule_report(
				ctx, nb->res, &nb->v.loc, a,
				"the new block %s of %s overlaps %s of %s, which %s connects it to: %s",
				a, vpc_label(ctx, x), b, vpc_label(ctx, y), gedge_label(e),
				e->kind == EDGE_PEERING
					? "AWS refuses a block that overlaps an actively peered VPC, and an overlapping block makes a pending peering fail"
					: "AWS associates the block, then traffic between the two VPCs for those addresses stays in each VPC");
			finding_add_related(ctx->out, f, &ob->v.loc, y->r.name, b, "VPC '%s' has %s here",
					    y->r.name, b);
			finding_add_path(ctx, f, e);
			finding_scope(f, ob->res);
			suggest_in_segment(ctx, f, x, p);
			break;
		}
	}
}

/* A block of a VPC overlapping a range its VPN's static routes send to
 * premises. */
static void onprem_overlap(struct rule_ctx *ctx, const struct gedge *e)
{
	const struct graph *g = &ctx->w->graph;
	const struct onprem_route *o;
	const struct block *nb;
	char a[CIDR_STRLEN], b[CIDR_STRLEN];
	size_t pos = 0;

	while ((o = graph_onprem_overlap(g, e, &pos, &nb))) {
		const struct prefix *p = cidr_value_prefix(&nb->v);
		cidr_format(p, a);
		cidr_format(o->pfx, b);
		struct finding *f = rule_report(
			ctx, nb->res, &nb->v.loc, a,
			"%s of %s overlaps %s, which VPN connection '%s' routes to premises: the VPC's local route wins, so hosts there are unreachable from the VPC",
			a, vpc_label(ctx, e->a), b, o->vpn->r.name);
		finding_add_related(ctx->out, f, &o->route->dest.loc, o->route->r.name, b,
				    "the static route to %s is here", b);
		finding_add_path(ctx, f, e);
		suggest_in_segment(ctx, f, e->a, p);
	}
}

void check_connected_overlap(struct rule_ctx *ctx)
{
	const struct graph *g = &ctx->w->graph;

	for (size_t i = 0; i < g->nedges; i++) {
		const struct gedge *e = &g->edges[i];
		if (e->kind == EDGE_VPN) {
			if (vpc_live(e->a) && graph_vpn(g, e->a, e->vpn) == e)
				onprem_overlap(ctx, e);
			continue;
		}
		/* one finding per pair of VPCs, at the first edge joining them */
		if (graph_between(g, e->a, e->b) != e || !vpc_live(e->a) || !vpc_live(e->b))
			continue;
		connected_pair(ctx, e, e->a, e->b);
		connected_pair(ctx, e, e->b, e->a);
	}
}

/* --- CIDR308 route-conflict -------------------------------------------- */

/* Targets AWS lets take traffic for the VPC's own space (middlebox
 * routing: a network interface, a Gateway Load Balancer endpoint). */
static const char *const middlebox_targets[] = {
	"NetworkInterfaceId", "network_interface_id", "VpcEndpointId", "vpc_endpoint_id",
	"InstanceId", NULL,
};
/* Targets that keep traffic inside the organisation's networks. */
static const char *const inward_targets[] = {
	"VpcPeeringConnectionId", "vpc_peering_connection_id", "TransitGatewayId",
	"transit_gateway_id", "NetworkInterfaceId", "network_interface_id", "InstanceId",
	"VpcEndpointId", "vpc_endpoint_id", "CoreNetworkArn", "core_network_arn",
	"LocalGatewayId", "local_gateway_id", NULL,
};

static bool target_is(const char *what, const char *const *list)
{
	for (size_t i = 0; what && list[i]; i++)
		if (strcmp(what, list[i]) == 0)
			return true;
	return false;
}

/* The target of a route for messages: its name, or the id written. */
static const char *route_target(const struct groute *r)
{
	if (r->route->blackhole)
		return "a blackhole";
	if (r->target)
		return r->target->r.name;
	return r->route->x.name ? r->route->x.name : "an unknown target";
}

static int route_cmp(const void *pa, const void *pb)
{
	const struct groute *a = *(const struct groute *const *)pa;
	const struct groute *b = *(const struct groute *const *)pb;
	int c = strcmp(a->table_key, b->table_key);

	if (c)
		return c;
	if ((c = cidr_cmp(&a->route->dest.pfx, &b->route->dest.pfx)))
		return c;
	/* a template on one line: the column decides */
	return loc_cmp(&a->route->r.loc, &b->route->r.loc);
}

void check_route_conflict(struct rule_ctx *ctx)
{
	const struct graph *g = &ctx->w->graph;
	const struct groute **v = xcalloc(g->nroutes + 1, sizeof(*v));
	char a[CIDR_STRLEN], b[CIDR_STRLEN];
	size_t n = 0;

	for (size_t i = 0; i < g->nroutes; i++) {
		const struct groute *r = &g->routes[i];
		const struct prefix *p = cidr_value_prefix(&r->route->dest);
		if (!p || !r->table_key)
			continue;
		v[n++] = r;
		if (!r->vpc || !vpc_live(r->vpc) || target_is(r->route->x_what, middlebox_targets))
			continue;
		for (size_t k = 0; k < r->vpc->nblocks; k++) {
			const struct prefix *q = cidr_value_prefix(&r->vpc->blocks[k]->v);
			if (!q || !cidr_contains(q, p))
				continue;
			cidr_format(p, a);
			cidr_format(q, b);
			struct finding *f = rule_report(
				ctx, &r->route->r, &r->route->dest.loc, a,
				"route '%s' sends %s, inside %s of its own %s, to %s: only a network interface or a Gateway Load Balancer endpoint may take traffic for the VPC's own space",
				r->route->r.name, a, b, vpc_label(ctx, r->vpc),
				route_target(r));
			finding_add_related(ctx->out, f, &r->vpc->blocks[k]->v.loc, r->vpc->r.name, b,
					    "VPC '%s' has %s here", r->vpc->r.name, b);
			break;
		}
	}
	qsort(v, n, sizeof(*v), route_cmp);
	/* one finding per destination of a table: at the first route whose
	 * target differs from the one before it, the rest of the routes to
	 * that destination counted and listed (10,000 copies of a route are
	 * one finding, not 9,999) */
	for (size_t i = 0, end; i < n; i = end) {
		size_t y = 0;
		for (end = i + 1; end < n && str_eq(v[end]->table_key, v[i]->table_key) &&
				  cidr_equal(&v[end]->route->dest.pfx, &v[i]->route->dest.pfx);
		     end++)
			if (!y && !str_eq(v[end - 1]->target_key, v[end]->target_key))
				y = end;
		if (!y)
			continue;
		const struct groute *rx = v[y - 1], *ry = v[y];
		size_t more = end - i - 2;
		cidr_format(&ry->route->dest.pfx, a);
		struct finding *f = rule_report(
			ctx, &ry->route->r, &ry->route->dest.loc, a,
			"route '%s' sends %s to %s, and route '%s' of the same route table sends it to %s: a table holds one route per destination, so AWS refuses the second%s",
			ry->route->r.name, a, route_target(ry), rx->route->r.name, route_target(rx),
			more ? arena_printf(&ctx->out->arena, "; %zu more route%s of the table go%s to %s",
					    more, more > 1 ? "s" : "", more > 1 ? "" : "es", a)
			     : "");
		finding_add_related(ctx->out, f, &rx->route->dest.loc, rx->route->r.name, a,
				    "route '%s' to %s is here", rx->route->r.name, a);
		for (size_t k = i; k < end; k++)
			if (k != y && k != y - 1)
				finding_add_related(ctx->out, f, &v[k]->route->dest.loc,
						    v[k]->route->r.name, a, "route '%s' to %s is here too",
						    v[k]->route->r.name, a);
	}
	free(v);
}

/* --- CIDR309 route-public-space ---------------------------------------- */

void check_route_public_space(struct rule_ctx *ctx)
{
	const struct graph *g = &ctx->w->graph;
	char a[CIDR_STRLEN];

	for (size_t i = 0; i < g->nroutes; i++) {
		const struct groute *r = &g->routes[i];
		const struct prefix *p = cidr_value_prefix(&r->route->dest);
		const struct link *t = r->target;
		/* an unknown gateway, a NAT gateway, a carrier gateway: the way
		 * out to the internet, where public space belongs */
		/* a transit gateway route goes to an attachment: a VPC, a VPN, a
		 * Direct Connect gateway, a peered transit gateway */
		bool inward = (t && (t->kind == LINK_VGW || t->kind == LINK_PEERING ||
				     t->kind == LINK_TGW)) ||
			      (r->route->kind == LINK_TGW_ROUTE && !r->route->blackhole) ||
			      target_is(r->route->x_what, inward_targets);
		if (!p || !inward || !others_public_space(ctx, p, true))
			continue;
		cidr_format(p, a);
		rule_report(ctx, &r->route->r, &r->route->dest.loc, a,
			    "route '%s' sends %s, publicly routable space that the organisation does not own, to %s %s: traffic for whoever holds it goes into your network instead",
			    r->route->r.name, a,
			    r->route->x_what ? r->route->x_what
			    : r->route->kind == LINK_TGW_ROUTE ? "attachment" : "target",
			    route_target(r));
	}
}
