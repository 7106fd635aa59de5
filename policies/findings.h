/*
 * findings.h: what the rules return.  A finding carries its rule, level,
 * message, primary location, related locations, resource and CIDR, an
 * optional hint and suggested fix, its scenario, a stable fingerprint, and
 * whether a waiver, a template suppression or the baseline suppresses it.
 *
 * Ownership: a struct findings owns its findings and every string in them
 * (through its arena); findings_release() frees them all.
 */
#ifndef CIDRLINT_FINDINGS_H
#define CIDRLINT_FINDINGS_H

#include "policies/facts.h"
#include "policies/plan.h"

struct related {
	struct loc loc;
	const char *resource;
	const char *cidr;
	const char *message;
};

enum suppress_kind {
	SUPPRESS_NONE,
	SUPPRESS_IN_SOURCE, /* template Metadata */
	SUPPRESS_WAIVER,    /* address-plan waiver */
	SUPPRESS_BASELINE,  /* --baseline */
};

struct finding {
	int rule;                  /* enum rule_id */
	enum level level;
	const char *message;
	struct loc loc;
	const char *resource;
	const char *resource_type;
	const char *cidr;          /* the block in question, as canonical text */
	struct related *related;
	size_t nrelated, caprelated;
	size_t more_related;       /* related places left out of the list */
	const char *hint;          /* one line, or NULL */
	bool has_fix;
	struct prefix fix;         /* replacement block for the CIDR at loc */
	const char *scenario;      /* "only when ...", or NULL */
	const char **notes;        /* extra lines (an expired waiver, ...) */
	size_t nnotes, capnotes;
	char fingerprint[33];      /* identity hash, hex */
	enum suppress_kind suppressed;
	const char *suppress_reason;
	struct loc suppress_loc;
	/* for suppression and scenario text */
	const struct resource *res;
	uint64_t scen;
};

#define FINDING_MAX_RELATED 10
/*
 * The longest message, note or hint, in bytes: text past it (a 10 KB
 * logical id) is cut with a visible mark (SBUF_CUT_MARK), never dropped.
 */
#define FINDING_TEXT_MAX 8192

struct findings {
	struct arena arena;
	struct finding *v;
	size_t n, cap;
};

void findings_init(struct findings *fs);
void findings_release(struct findings *fs);
struct finding *findings_add(struct findings *fs);
/* fmt's text in fs's arena, cut at FINDING_TEXT_MAX with the mark. */
const char *findings_vtext(struct findings *fs, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
void finding_add_related(struct findings *fs, struct finding *f,
			 const struct loc *loc, const char *resource,
			 const char *cidr, const char *fmt, ...) PRINTF_LIKE(6, 7);
void finding_add_note(struct findings *fs, struct finding *f,
		      const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Sort by file, line, column, rule, message (deterministic output), and
 * drop repeats that no report could tell apart. */
void findings_sort(struct findings *fs);

/* Counts by level, suppressed ones apart. */
struct findings_summary {
	size_t by_level[4];     /* indexed by enum level, unsuppressed */
	size_t suppressed;
	size_t total;
};
void findings_summarise(const struct findings *fs, struct findings_summary *out);

#endif
