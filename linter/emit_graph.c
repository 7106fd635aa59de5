/*
 * emit_graph.c: `cidrlint graph`, the address space and how it connects,
 * as Graphviz DOT or Mermaid: each VPC a node with its blocks, an edge
 * for each peering, transit gateway route domain and VPN (to a node for
 * premises, with the VPN's static routes), and each overlap between two
 * VPCs a red dashed edge, its VPCs drawn red.  For a reviewer to see the
 * network a pull request changes.
 */
#include "linter/linter.h"

#include <stdio.h>
#include <string.h>

struct gout {
	FILE *fp;
	bool mermaid;
	const struct world *w;
	struct strmap ids;   /* "%p" of a VPC -> index + 1 */
	struct arena a;
	size_t nlinks;       /* Mermaid: links drawn so far, for linkStyle */
};

/* A label's text, safe inside the format's double quotes. */
static void gput_text(struct gout *g, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (g->mermaid) {
			if (c == '"')
				fputs("#quot;", g->fp);
			else if (c == '<')
				fputs("#lt;", g->fp);
			else if (c == '>')
				fputs("#gt;", g->fp);
			else if (c < 0x20 || c == 0x7f)
				fputc(' ', g->fp);
			else
				fputc(c, g->fp);
		} else {
			if (c == '"' || c == '\\')
				fprintf(g->fp, "\\%c", c);
			else if (c < 0x20 || c == 0x7f)
				fputc(' ', g->fp);
			else
				fputc(c, g->fp);
		}
	}
}

static void gput_break(struct gout *g)
{
	fputs(g->mermaid ? "<br/>" : "\\n", g->fp);
}

static size_t vpc_id(struct gout *g, const struct vpc *v)
{
	return (size_t)(uintptr_t)strmap_get(&g->ids, arena_printf(&g->a, "%p", (const void *)v));
}

static bool vpc_overlaps(const struct world *w, const struct vpc *v);

static void gput_node(struct gout *g, const struct vpc *v, size_t id)
{
	char buf[CIDR_STRLEN];

	fprintf(g->fp, g->mermaid ? "  v%zu[\"" : "  v%zu [label=\"", id);
	gput_text(g, v->r.name);
	for (size_t i = 0; i < v->nblocks; i++) {
		gput_break(g);
		gput_text(g, value_text(&v->blocks[i]->v, buf));
	}
	if (g->mermaid)
		fprintf(g->fp, "\"]%s\n", vpc_overlaps(g->w, v) ? ":::overlap" : "");
	else
		fprintf(g->fp, "\"%s];\n", vpc_overlaps(g->w, v) ? ", color=red, fontcolor=red" : "");
}

static void gput_edge(struct gout *g, size_t a, const char *b, const char *label, bool overlap)
{
	if (g->mermaid) {
		fprintf(g->fp, overlap ? "  v%zu -.-|\"" : "  v%zu ---|\"", a);
		gput_text(g, label);
		fprintf(g->fp, "\"| %s\n", b);
		if (overlap)
			fprintf(g->fp, "  linkStyle %zu stroke:red,color:red\n", g->nlinks);
		g->nlinks++;
		return;
	}
	fprintf(g->fp, "  v%zu -- %s [label=\"", a, b);
	gput_text(g, label);
	fprintf(g->fp, "\"%s];\n", overlap ? ", color=red, fontcolor=red, style=dashed" : "");
}

struct ov_scan {
	const struct vpc *v;
	const struct block *b;
	bool any;
	struct gout *g;      /* NULL: only tell whether there is one */
};

static bool ov_hit(void *arg, const struct pentry *e)
{
	struct ov_scan *sc = arg;
	const struct block *o = e->obj;
	char x[CIDR_STRLEN], y[CIDR_STRLEN];

	if (o->vpc == sc->v || !vpc_live(o->vpc) || !resource_coexist(o->res, sc->b->res))
		return true;
	sc->any = true;
	if (!sc->g)
		return false;
	/* each pair once: from the VPC that comes first */
	if (vpc_id(sc->g, o->vpc) < vpc_id(sc->g, sc->v))
		return true;
	const char *label = arena_printf(&sc->g->a, "overlap %s / %s", cidr_format(&sc->b->v.pfx, x),
					 cidr_format(&o->v.pfx, y));
	gput_edge(sc->g, vpc_id(sc->g, sc->v) - 1,
		 arena_printf(&sc->g->a, "v%zu", vpc_id(sc->g, o->vpc) - 1), label, true);
	return true;
}

static void scan_blocks(const struct world *w, const struct vpc *v, struct ov_scan *sc)
{
	for (size_t i = 0; i < v->nblocks; i++) {
		const struct prefix *p = cidr_value_prefix(&v->blocks[i]->v);
		if (!p)
			continue;
		sc->b = v->blocks[i];
		pindex_overlapping(&w->blocks, p, ov_hit, sc);
	}
}

static bool vpc_overlaps(const struct world *w, const struct vpc *v)
{
	struct ov_scan sc = {v, NULL, false, NULL};
	const struct graph *gr = &w->graph;

	scan_blocks(w, v, &sc);
	for (size_t i = 0; !sc.any && i < gr->nedges; i++) {
		const struct block *blk;
		size_t pos = 0;
		sc.any = gr->edges[i].a == v && graph_onprem_overlap(gr, &gr->edges[i], &pos, &blk);
	}
	return sc.any;
}

static int emit_graph(FILE *fp, const struct run *run, bool mermaid)
{
	const struct world *w = &run->world;
	const struct graph *gr = &w->graph;
	struct gout g = {fp, mermaid, w, {0}, {0}, 0};
	char buf[CIDR_STRLEN];
	size_t n = 0;

	strmap_init(&g.ids);
	arena_init(&g.a);
	fputs(mermaid ? "graph LR\n  classDef overlap stroke:red,color:red\n"
		      : "graph cidrlint {\n  node [shape=box];\n", fp);
	for (size_t i = 0; i < w->nvpcs; i++) {
		const struct vpc *v = w->vpcs[i];
		if (!vpc_live(v))
			continue;
		strmap_put(&g.ids, arena_printf(&g.a, "%p", (const void *)v), (void *)(uintptr_t)(n + 1));
		gput_node(&g, v, n++);
	}
	/* premises: one node, labelled with the ranges the VPNs route there */
	bool premises = false;
	for (size_t i = 0; i < gr->nedges; i++)
		premises |= gr->edges[i].kind == EDGE_VPN && vpc_id(&g, gr->edges[i].a);
	if (premises) {
		fputs(mermaid ? "  premises([\"premises" : "  premises [shape=ellipse, label=\"premises", fp);
		for (size_t i = 0; i < gr->nonprem; i++) {
			gput_break(&g);
			gput_text(&g, cidr_format(gr->onprem[i].pfx, buf));
		}
		fputs(mermaid ? "\"])\n" : "\"];\n", fp);
	}
	for (size_t i = 0; i < gr->nedges; i++) {
		const struct gedge *e = &gr->edges[i];
		size_t a = vpc_id(&g, e->a), b = e->b ? vpc_id(&g, e->b) : 0;
		if (!a || (e->b && !b))
			continue;
		/* one line per pair and kind: the first edge that joins them */
		if (e->b && graph_between(gr, e->a, e->b) != e)
			continue;
		const char *label = gedge_label(e);
		bool red = false;
		/* a VPN whose static routes send part of the VPC's own space to
		 * premises: that edge is an overlap too */
		const struct onprem_route *o;
		const struct block *blk;
		size_t pos = 0;
		while ((o = graph_onprem_overlap(gr, e, &pos, &blk))) {
			label = arena_printf(&g.a, "%s, overlap %s", label, cidr_format(o->pfx, buf));
			red = true;
		}
		gput_edge(&g, a - 1, e->b ? arena_printf(&g.a, "v%zu", b - 1) : "premises", label, red);
	}
	for (size_t i = 0; i < w->nvpcs; i++) {
		const struct vpc *v = w->vpcs[i];
		struct ov_scan sc = {v, NULL, false, &g};
		if (vpc_live(v))
			scan_blocks(w, v, &sc);
	}
	if (!mermaid)
		fputs("}\n", fp);
	strmap_release(&g.ids);
	arena_release(&g.a);
	return ferror(fp) ? -1 : 0;
}

int emit_dot(FILE *fp, const struct run *run)
{
	return emit_graph(fp, run, false);
}

int emit_mermaid(FILE *fp, const struct run *run)
{
	return emit_graph(fp, run, true);
}
