/*
 * rules.h: the rule registry (one table built from rules.def), the
 * effective configuration (levels after address-plan overrides and
 * --strict), and the one entry point that runs every rule over a world and
 * returns suppressed, fingerprinted, sorted findings.
 *
 * Rules never print: they call rule_report() and fill in the finding.
 */
#ifndef CIDRLINT_RULES_H
#define CIDRLINT_RULES_H

#include "policies/findings.h"
#include "policies/world.h"

enum rule_id {
#define RULE(id, fn, name, level, sec, tags, precision, summary) RULE_##id,
#include "policies/rules.def"
#undef RULE
	RULE_COUNT
};

struct rule_ctx;

struct rule {
	const char *id;                /* "CIDR301" */
	const char *name;              /* "vpc-overlap" */
	enum level default_level;
	const char *security_severity; /* "7.5" or NULL */
	const char *tags;              /* SARIF tags, space separated: "conflict" */
	const char *precision;         /* SARIF precision: "very-high" */
	const char *summary;           /* one line */
	void (*check)(struct rule_ctx *ctx);
};

extern const struct rule rule_table[RULE_COUNT];

/* By id ("CIDR301") or name ("vpc-overlap"); NULL when unknown. */
const struct rule *rule_find(const char *id_or_name);
/* The rule's help page (markdown, from policies/help/ID.md), or NULL. */
const char *rule_help(int rule);
/* The first paragraph of the help page: SARIF fullDescription. */
const char *rule_full_description(int rule, char *buf, size_t size);
/* Where the help page is published. */
const char *rule_help_uri(int rule, char *buf, size_t size);

struct lint_config {
	enum level levels[RULE_COUNT]; /* effective levels */
	bool strict;                   /* unresolved values are errors */
	long today;                    /* days since 1970-01-01, for waivers */
	const char *homepage;          /* for help URIs */
};

/*
 * Defaults, then the plan's overrides (unknown rule ids are errors with
 * the plan's file:line:col), then --strict.  Returns 0 or -1.
 */
int rules_configure(struct lint_config *cfg, const struct addr_plan *plan,
		    bool strict, long today, struct errlist *errs);

struct rule_ctx {
	const struct world *w;
	const struct addr_plan *plan; /* may be NULL */
	const struct lint_config *cfg;
	struct findings *out;
	int rule;                     /* the rule running */
};

/*
 * Report a finding of the running rule at loc on res.  Returns NULL when
 * the rule is off (every finding_* helper accepts NULL).
 */
struct finding *rule_report(struct rule_ctx *ctx, const struct resource *res,
			    const struct loc *loc, const char *cidr,
			    const char *fmt, ...) PRINTF_LIKE(5, 6);
/* Narrow the finding to the scenarios where both facts exist. */
void finding_scope(struct finding *f, const struct resource *other);
void finding_hint(struct rule_ctx *ctx, struct finding *f, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

/*
 * Run every rule, then apply template suppressions and waivers, compute
 * fingerprints and scenario texts, and sort.  Returns -1 when a waiver's
 * pattern could not be evaluated (reported in errs at the pattern): which
 * findings it suppresses is then unknown, and the findings are not to be
 * trusted.
 */
int rules_run(const struct world *w, const struct addr_plan *plan,
	      const struct lint_config *cfg, struct findings *out, struct errlist *errs);

/* --- shared by the rule families -------------------------------------- */

/* Text of a value for messages: canonical prefix, or as written. */
const char *value_text(const struct cidr_value *v, char buf[CIDR_STRLEN]);
/* Short description of a VPC for messages: "VPC 'Name'", in the
 * findings' arena (a logical id or a tag can be any length). */
const char *vpc_label(struct rule_ctx *ctx, const struct vpc *v);
/*
 * Suggest the next free block of p's length in the VPC's segment, as a
 * hint and a fix on f.
 */
void suggest_in_segment(struct rule_ctx *ctx, struct finding *f,
			const struct vpc *v, const struct prefix *p);

/* Where a value stands, for rules that check each value alone. */
enum value_site { SITE_VPC, SITE_ASSOC, SITE_SUBNET };
typedef void (*value_cb)(struct rule_ctx *ctx, const struct resource *r,
			 const struct cidr_value *v, int family,
			 enum value_site site);
/*
 * Call cb for every CIDR value of every input that exists after the run:
 * VPC blocks, association blocks, subnet IPv4 and IPv6 blocks.  Values are
 * visited once each, linked to a VPC or not.
 */
void rules_each_value(struct rule_ctx *ctx, value_cb cb);
/* Call cb for every known block of every VPC that exists after the run. */
typedef void (*block_cb)(struct rule_ctx *ctx, const struct vpc *v,
			 const struct block *b, const struct prefix *p);
void rules_each_block(struct rule_ctx *ctx, block_cb cb);
/*
 * The path an edge of the connectivity graph makes, as related locations
 * at each resource that makes it ("on the path VPC 'a' -peering 'p'- VPC
 * 'b': ...").
 */
void finding_add_path(struct rule_ctx *ctx, struct finding *f, const struct gedge *e);
/*
 * Is p IPv4 space that is publicly routable, neither special-purpose nor
 * listed as owned under the plan's public: someone else's?  whole: every
 * address of p (else: p is not inside private or special space).
 */
bool others_public_space(const struct rule_ctx *ctx, const struct prefix *p, bool whole);
/* A level one step below (error to warning, warning to note). */
enum level level_below(enum level l);
/* The VPCs that exist after the run, not folded into another. */
bool vpc_live(const struct vpc *v);
const char *site_name(enum value_site site, int family);

/*
 * Overlap among the blocks of one VPC (CIDR107) or its subnets (CIDR306),
 * by sorting and one sweep.  Items with the same block and the same
 * scenarios are one class: a class of m items is one report (the first
 * two declared, m - 2 more), and two overlapping classes are one report
 * (the first declared of each, the rest counted), so a thousand copies of
 * one subnet make one finding, not half a million.  Inputs where no block
 * repeats get one report per overlapping pair, as a pairwise loop would.
 */
struct overlap_item {
	struct prefix key;          /* absolute, or relative to base */
	const char *base;           /* what key is relative to; NULL: absolute */
	const struct resource *res;
	const struct loc *loc;      /* where it is declared */
	bool first;                 /* declared before every item without it (a primary block) */
	const void *obj;            /* the rule's own */
	size_t idx;                 /* the rule's own: where it was before the sort */
	bool later;                 /* set by the sweep: overlaps an item it coexists
				     * with that is declared before it (the overlap is
				     * reported at it, or counted there) */
};
struct overlap_report {
	/* x is declared before y; the finding is at y */
	const struct overlap_item *x, *y;
	size_t nmore;               /* further items with x's or y's block */
	const char *more;           /* "; N more subnets ..." or "" */
};
struct overlap_rule {
	const char *noun[2];        /* {"subnet", "subnets"}, {"block", "blocks"} */
	struct finding *(*report)(struct rule_ctx *ctx, const struct overlap_report *r, void *arg);
	/* a related location on f for an item counted in nmore */
	void (*related)(struct rule_ctx *ctx, struct finding *f, const struct overlap_item *o,
			void *arg);
};
/* Sorts v; rule may be NULL, to learn only which items are overlapped. */
void overlap_sweep(struct rule_ctx *ctx, struct overlap_item *v, size_t n,
		   const struct overlap_rule *rule, void *arg);

/* Every rule's check function. */
#define RULE(id, fn, name, level, sec, tags, precision, summary) \
	void fn(struct rule_ctx *ctx);
#include "policies/rules.def"
#undef RULE

#endif
