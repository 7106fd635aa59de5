/*
 * graph.h: how the networks of a run connect.  The world resolves every
 * connectivity link (facts.h struct link) to what it joins and builds
 * edges between VPCs: a peering; two attachments of a transit gateway
 * whose route tables reach each other (an association in one, a
 * propagation of the other into it, the default route table unless it is
 * turned off); and a VPN from a VPC (through its VPN gateway or its
 * transit gateway) to premises, with the static routes that say which
 * ranges are there.  Peering is not transitive, and neither is this graph:
 * an edge is a path of one hop, as AWS routes it.
 *
 * Ownership: the graph lives in the world's arena, except the vectors,
 * which graph_release() frees.
 */
#ifndef CIDRLINT_GRAPH_H
#define CIDRLINT_GRAPH_H

#include "policies/facts.h"

enum edge_kind { EDGE_PEERING, EDGE_TGW, EDGE_VPN };

#define EDGE_MAX_VIA 4

struct gedge {
	enum edge_kind kind;
	const struct vpc *a, *b;   /* EDGE_VPN: b is NULL, the far end is premises */
	const struct link *via[EDGE_MAX_VIA]; /* the resources that make the edge, in path order */
	size_t nvia;
	const char *label;         /* "peering 'Peering'", "transit gateway route table 'Shared'" */
	const struct link *vpn;    /* EDGE_VPN: the connection (a VPN connection, a
				    * Direct Connect virtual interface or gateway
				    * association) */
};

/* A VPN connection's static route, or a transit gateway's static route to
 * the connection's attachment: a range on premises. */
struct onprem_route {
	const struct link *vpn;    /* the connection */
	const struct link *route;  /* the VPNConnectionRoute, or the transit gateway route */
	const struct prefix *pfx;
};

/* A route of a route table, with the VPC the table belongs to. */
struct groute {
	const struct link *route;
	const struct link *table;  /* NULL: the table is in no input */
	const struct vpc *vpc;     /* NULL: unknown */
	const char *table_key;     /* the table's identity: routes of one table share it */
	const char *target_key;    /* the target's identity, or NULL */
	const struct link *target; /* the target when it is a link of the inputs */
};

struct graph {
	struct gedge *edges;
	size_t nedges, capedges;
	struct strmap pairs;       /* "a|b" of VPC pointers: index + 1 of the first edge */
	struct strmap linked;      /* "a" of VPC pointers with an edge to another VPC */
	struct onprem_route *onprem;
	size_t nonprem, caponprem;
	struct groute *routes;
	size_t nroutes, caproutes;
	struct gpeer {
		const struct link *link;
		const struct vpc *a, *b;
	} *peerings;               /* every peering whose two VPCs are inputs */
	size_t npeerings, cappeerings;
};

void graph_release(struct graph *g);

/* The first edge between two VPCs (either way), or NULL. */
const struct gedge *graph_between(const struct graph *g, const struct vpc *a, const struct vpc *b);
/* Has v an edge to another VPC?  One lookup: graph_between() is asked
 * only of VPCs that have. */
bool graph_linked(const struct graph *g, const struct vpc *v);
/* The first edge from a VPC to premises (through connection vpn, or any
 * when vpn is NULL), or NULL. */
const struct gedge *graph_vpn(const struct graph *g, const struct vpc *v, const struct link *vpn);
/*
 * The static routes of a VPN edge's connection that overlap a block of its
 * VPC, one pair a call: start *pos at 0; NULL when there are no more.
 */
const struct onprem_route *graph_onprem_overlap(const struct graph *g, const struct gedge *e,
						size_t *pos, const struct block **blk);
/* What an edge is, for messages: "peering 'P'". */
const char *gedge_label(const struct gedge *e);

/*
 * Resolution, the world's: the VPC a reference names (the head of a
 * variant chain, or NULL).  input is the index of the reference's input.
 */
typedef struct vpc *(*graph_vpc_resolver)(void *ctx, size_t input, const struct vpc_ref *ref);
void graph_build(struct graph *g, struct arena *a, struct facts *const *inputs, size_t ninputs,
		 graph_vpc_resolver resolve, void *ctx);

#endif
