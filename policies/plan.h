/*
 * plan.h: the organisation's address plan (.cidrlint.yaml) as a value:
 * segments with their pools, allocation rules and match criteria, reserved
 * and owned public ranges, quotas, severity overrides and waivers.
 *
 * parsers/addrplan.c fills it; the rules read it.  Ownership: the plan's
 * arena owns every string; plan_free() also frees the compiled regexes.
 */
#ifndef CIDRLINT_PLAN_H
#define CIDRLINT_PLAN_H

#include "policies/facts.h"
#include "policies/regex.h"

/* How a reserved range is reached: VPN and Direct Connect mean it is on
 * premises, so an overlap is graded by the VPC's path there (CIDR203). */
enum plan_via { VIA_UNSET, VIA_VPN, VIA_DX, VIA_OTHER };

struct plan_range {
	struct prefix pfx;
	const char *text;
	const char *reason; /* reserved ranges: why; may be NULL */
	struct loc loc;
	uint8_t via;        /* reserved ranges: enum plan_via */
};

struct plan_regex {
	const char *what;   /* "match.name", "waiver resource": for messages */
	const char *source;
	pcre2_code *code;
	struct loc loc;
};

/*
 * A pattern that could not be evaluated on a subject (a match limit): the
 * answer is unknown, neither a match nor a miss.
 */
struct plan_match_error {
	const struct plan_regex *re; /* NULL: none */
	const char *subject;
	int code;                    /* the PCRE2 error */
};

struct segment {
	const char *name;
	struct loc loc, name_loc;
	struct plan_range *cidrs;
	size_t ncidrs;
	int min_len, max_len;   /* IPv4 allocation rule; -1 when not set */
	int min_len6, max_len6; /* IPv6 allocation rule; -1 when not set */
	/* an IPAM pool's AllocationDefaultNetmaskLength, the size a request
	 * without a netmask gets (of the pool's family); -1 when not set */
	int default_len, default_len6;
	struct loc len_loc, len6_loc;
	/* match: identity criteria decide membership; when a segment lists
	 * only regions/accounts, those decide it instead */
	bool has_match;
	struct tag *tags;
	size_t ntags;
	struct plan_regex name_re; /* code NULL when absent */
	const char **files;
	size_t nfiles;
	const char **regions;
	size_t nregions;
	const char **accounts;
	size_t naccounts;
	const char **ipam_pools;
	size_t npools;
	struct loc match_loc, regions_loc, accounts_loc, pools_loc;
	/* an IPAM pool read as a segment: a VPC allocating from one of
	 * ipam_pools belongs to it, and must carry its tags (IPAM refuses
	 * allocations to resources without a pool's AllocationResourceTags) */
	bool ipam;
	/* its VPCs are joined to no VPC outside it (sandboxes, test
	 * fixtures): an overlap with one no path joins is not reported */
	bool isolated;
	/* its VPCs are routed to premises, whatever the inputs show: an
	 * overlap with an on-premises reserved range is an error */
	bool routed_to_onprem;
	struct loc onprem_loc;
};

enum level {
	LEVEL_OFF,
	LEVEL_NOTE,
	LEVEL_WARNING,
	LEVEL_ERROR,
};
const char *level_name(enum level l);
int level_parse(const char *s, enum level *out); /* error|warning|note|off */

struct plan_override {
	const char *rule; /* as written; checked against the rule table later */
	enum level level;
	struct loc loc;
};

struct waiver {
	const char *rule;
	struct plan_regex resource; /* code NULL: any resource */
	const char *cidr;           /* NULL: any */
	const char *reason;
	const char *expires;        /* YYYY-MM-DD or NULL */
	long expires_day;           /* days since 1970-01-01; LONG_MAX none */
	struct loc loc;
};

struct addr_plan {
	struct arena arena;
	const char *file;
	const char *dir;            /* directory of the plan file: globs are relative to it */
	int ipv4_quota, ipv6_quota; /* per VPC */
	struct segment *segments;
	size_t nsegments;
	struct plan_range *reserved;
	size_t nreserved;
	struct plan_range *public_ranges;
	size_t npublic;
	struct plan_override *overrides;
	size_t noverrides;
	struct waiver *waivers;
	size_t nwaivers;
	const char **context;       /* paths linted for context (pre-commit) */
	size_t ncontext;
	const char **excludes;      /* globs left out of directory walks */
	size_t nexcludes;
	const char **ipam_files;    /* IPAM exports whose pools are segments */
	size_t nipam_files;
};

#define PLAN_DEFAULT_QUOTA 5
#define PLAN_MAX_QUOTA 50

struct addr_plan *plan_new(const char *file);
void plan_free(struct addr_plan *p);

/*
 * The first segment whose match holds for VPC v, or NULL.  When a pattern
 * cannot be evaluated on v, which segment v belongs to is unknown: NULL,
 * with err filled (err->re is NULL otherwise).
 */
const struct segment *plan_segment_for(const struct addr_plan *p, const struct vpc *v,
				       struct plan_match_error *err);
/*
 * The tag keys the rules and plan p (NULL: none) read, for readers to keep
 * (tag_kept()): Name, and each key a segment selects VPCs by or an IPAM
 * pool requires.  NULL-terminated; free() it.
 */
const char **plan_read_tags(const struct addr_plan *p);
/* The IPAM-pool segment that pool (an IPAM pool id) is, or NULL. */
const struct segment *plan_segment_of_pool(const struct addr_plan *p, const char *pool);
/* The segment whose pools overlap pfx (segments never overlap), or NULL. */
const struct segment *plan_segment_owning(const struct addr_plan *p,
					  const struct prefix *pfx,
					  const struct plan_range **range);
/* Does the segment's pool list contain pfx? */
const struct plan_range *segment_pool_containing(const struct segment *s,
						 const struct prefix *pfx);
bool segment_has_family(const struct segment *s, int family);
bool segment_allows(const char **list, size_t n, const char *value);

/*
 * Match a plan pattern against subject (NULL never matches), bounded as
 * policies/regex.h says: 1 match, 0 no match, or a negative PCRE2 error
 * code, which is also recorded in err when err is not NULL.
 */
int plan_regex_match(const struct plan_regex *re, const char *subject,
		     struct plan_match_error *err);
/*
 * Report err as an address-plan error at its pattern, once per pattern:
 * seen holds the patterns already reported (a caller's vector, freed by
 * the caller).
 */
void plan_match_error_report(const struct plan_match_error *err, struct errlist *errs,
			     const struct plan_regex ***seen, size_t *nseen, size_t *capseen);

/*
 * Glob over a relative path: '*' and '?' stay within a path segment,
 * '**' crosses segments ("**" + "/" matches zero or more directories).
 */
bool glob_match(const char *pattern, const char *path);
/* Stars a glob may hold (the address-plan reader refuses more). */
#define GLOB_MAX_STARS 64

/* Days since 1970-01-01 of a YYYY-MM-DD date; -1 when malformed. */
long date_to_days(const char *s);

#endif
