/*
 * linter.h: what the command-line layer shares between its files: the
 * options, the inputs of a run, and one function per output format.
 * Only linter/ parses argv, prints or exits.
 */
#ifndef CIDRLINT_LINTER_H
#define CIDRLINT_LINTER_H

#include "parsers/cfn.h"
#include "parsers/terraform/tfsrc.h"
#include "policies/rules.h"

#include <stdio.h>

enum format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_GITHUB, FMT_JUNIT, FMT_FACTS, FMT_MARKDOWN,
	      FMT_DOT, FMT_MERMAID };

struct output {
	enum format format;
	const char *path; /* NULL: standard output */
};

struct options {
	const char *plan_path;       /* -p */
	struct output *outputs;
	size_t noutputs, capoutputs;
	enum level fail_on;          /* --fail-on; LEVEL_OFF means never */
	struct cfn_param *params;    /* --parameter and --parameters, in order */
	size_t nparams, capparams;
	const char *region, *account;
	const char *baseline, *write_baseline;
	bool strict;
	bool skip_unknown;           /* named files of no kind we read are skipped */
	const char *source_root;     /* where a plan's root module is, when not beside it */
	const char *repo_root;       /* --repo-root: report paths are relative to it */
	const char *sarif_category;  /* NULL: no automationDetails */
	bool sarif_suppressed;       /* --sarif-suppressed */
	unsigned max_combinations;
	struct tf_var_arg *tfvars;   /* --var-file and --var, in order */
	size_t ntfvars, captfvars;
	const char *workspace;       /* --workspace */
	const char **paths;
	size_t npaths;
	const char **context;        /* --context: read, not reported */
	size_t ncontext, capcontext;
	const char **excludes;       /* --exclude: globs left out of directory walks */
	size_t nexcludes, capexcludes;
	bool no_default_excludes;    /* --no-default-excludes */
	bool exit_zero;              /* --exit-zero: findings and input errors exit 0 */
	size_t max_file_size;        /* --max-file-size: bytes; every input is capped */
	/* suggest */
	bool graph;                  /* cidrlint graph: -f dot or mermaid */
	const char *segment;
	int prefix;
	int count;
};

/* One input of the run, as found on the command line or in a directory. */
struct input {
	char *path;      /* as shown to the user; "<stdin>" for '-' */
	char *rel;       /* relative to the repository root, '/'-separated */
	enum input_kind kind;
	bool explicit;   /* named on the command line */
	bool context;    /* read for its blocks; its own findings are not reported */
	bool is_stdin;   /* '-': standard input */
	unsigned long long dev, ino; /* the file's identity: one file read once */
};

struct run {
	struct options *opt;
	struct addr_plan *plan;
	const char **keep_tags; /* what readers keep of tags (plan_read_tags()) */
	struct lint_config cfg;
	struct world world;
	struct findings findings;
	struct errlist errs;
	struct errlist notes;  /* inputs found in a walk that could not be read:
				* named, but not errors (exit status unchanged) */
	struct input *inputs;
	size_t ninputs, capinputs;
	char **tf_dirs;  /* directories of Terraform source: candidate roots */
	size_t ntf_dirs, captf_dirs;
	struct facts **read; /* inputs read, before they join the world */
	size_t nread, capread;
	char *root;      /* repository root (absolute): the git top level, else the
			  * current directory; SARIF and baseline paths are relative to it */
	char *cwd;
};

/* inputs.c: find the inputs under the paths and read each into facts. */
void inputs_collect(struct run *run);
void inputs_load(struct run *run);
/* Drop the findings located in context-only inputs. */
void inputs_drop_context_findings(struct run *run);
/* The path of file relative to the repository root. */
char *path_relative(const struct run *run, const char *file);
/* The default cap on an input's size, and --max-file-size's parser and
 * printer ("512M", "1G", bytes). */
#define INPUT_DEFAULT_MAX ((size_t)512 << 20)
int size_parse(const char *s, size_t *out);
const char *size_format(size_t n, char buf[32]);

/* One back end per format; each returns 0, or -1 on a write error. */
int emit_text(FILE *out, const struct run *run);
/*
 * s with control characters escaped, so that it stays on one line and
 * cannot drive a terminal, and invalid UTF-8 replaced (emit_text.c).
 */
void put_text(FILE *out, const char *s);
void text_escape(struct sbuf *sb, const char *s);
int emit_json(FILE *out, const struct run *run);
int emit_sarif(FILE *out, const struct run *run);
int emit_github(FILE *out, const struct run *run);
int emit_junit(FILE *out, const struct run *run);
int emit_facts(FILE *out, const struct run *run);
int emit_markdown(FILE *out, const struct run *run);
/* emit_graph.c: cidrlint graph, the VPCs and how they connect. */
int emit_dot(FILE *out, const struct run *run);
int emit_mermaid(FILE *out, const struct run *run);
/* The last line of the text report: counts by level, suppressed, inputs. */
void summary_line(FILE *out, const struct run *run);
/* The same counts as members of a JSON object (cJSON), for the JSON
 * report (snake_case) and SARIF's run properties (camelCase). */
struct cJSON;
void summary_add_json(struct cJSON *obj, const struct run *run, bool camel);

/*
 * output.c: s[0..n) with every invalid UTF-8 sequence replaced by U+FFFD,
 * for formats that must be valid UTF-8 (JSON, SARIF).  0 or -1.
 */
int put_utf8(FILE *out, const char *s, size_t n);

/* baseline.c: --baseline and --write-baseline. */
struct baseline;
int baseline_read(struct baseline *b, const char *path, struct errlist *errs);
int baseline_write(const struct run *run, const char *path);

/*
 * output.c: write a file through a temporary file renamed into place, or
 * through a FIFO, a device or a descriptor name as it is (output.c says
 * which).  On failure atomic_open() returns -1 with errno, and af->why
 * when errno alone would not say why (static text).
 */
struct atomic_file {
	FILE *fp;
	char *path, *tmp; /* the file renamed over, and the temporary one */
	bool direct;      /* written through: no temporary file */
	const char *why;
};
int atomic_open(struct atomic_file *af, const char *path);
int atomic_commit(struct atomic_file *af); /* close, sync, rename */
void atomic_abort(struct atomic_file *af);
/* Remove the temporary file being written, if any: for the OOM handler. */
void atomic_abandon(void);

extern const char *progname;

#endif
