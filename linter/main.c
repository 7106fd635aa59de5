/*
 * main.c: the command line.  Parses argv, finds the address plan and the
 * inputs, runs the rules, writes each requested output and turns the
 * result into the exit status: 0 nothing at or above --fail-on, 1 findings
 * at or above it, 2 usage, address-plan or input errors.
 */
#include "linter/linter.h"
#include "parsers/addrplan.h"
#include "parsers/cfnparams.h"
#include "policies/baseline.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *progname = "cidrlint";

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

static void oom(size_t size)
{
	atomic_abandon();
	fprintf(stderr, "%s: out of memory (%zu bytes)\n", progname, size);
	exit(EXIT_ERROR);
}

static void usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", progname);
	exit(EXIT_ERROR);
}

static const char usage_text[] =
	"Usage: cidrlint [OPTIONS] PATH...\n"
	"       cidrlint suggest --segment NAME --prefix N [--count K] [OPTIONS] [PATH...]\n"
	"       cidrlint graph [--format dot|mermaid] [OPTIONS] [PATH...]\n"
	"       cidrlint explain RULE\n"
	"       cidrlint --list-rules | --version | --help\n"
	"\n"
	"Check the VPC CIDR blocks, associations and subnets in CloudFormation\n"
	"templates, Terraform plans and AWS inventories against AWS's rules and the\n"
	"address plan, before they are deployed.  Directories are searched; each\n"
	"file's kind is told by its content.\n"
	"\n"
	"Options:\n"
	"  -p, --address-plan FILE   the address plan (default: the nearest\n"
	"                            .cidrlint.yaml upward from the current directory)\n"
	"  -f, --format FORMAT       text, json, sarif, github, junit, markdown (a\n"
	"                            summary for a CI step or a pull request) or\n"
	"                            facts (what was read from each input); repeat\n"
	"                            with -o to write several formats in one run\n"
	"  -o, --output FILE         write the last --format to FILE (atomically; a\n"
	"                            FIFO or device is written through)\n"
	"      --fail-on LEVEL       exit 1 on findings at or above error, warning,\n"
	"                            note, or never (default: error)\n"
	"      --parameters FILE     CloudFormation parameter values (aws-cli, plain\n"
	"                            or CodePipeline JSON); may be repeated\n"
	"      --parameter KEY=VALUE one CloudFormation parameter value; may be repeated\n"
	"      --max-combinations N  parameter combinations to evaluate (default 64)\n"
	"      --var NAME=VALUE      a Terraform root variable; may be repeated\n"
	"      --var-file FILE       a Terraform variable definitions file (.tfvars or\n"
	"                            .tfvars.json); may be repeated, applied in order\n"
	"                            with --var, after terraform.tfvars and *.auto.tfvars\n"
	"      --workspace NAME      terraform.workspace (default: default)\n"
	"      --region REGION       the AWS region (AWS::Region, segment locale)\n"
	"      --account ID          the AWS account (AWS::AccountId, segment locale)\n"
	"      --context PATH        also read PATH (a file or directory) so that\n"
	"                            overlaps with it are found, but report nothing\n"
	"                            in it; may be repeated (pre-commit hooks)\n"
	"      --skip-unknown        skip named files that are not templates, plans\n"
	"                            or inventories instead of failing (pre-commit)\n"
	"      --exclude GLOB        leave paths matching GLOB out of directory walks;\n"
	"                            may be repeated\n"
	"      --no-default-excludes also walk hidden directories, node_modules/ and\n"
	"                            cdk.out/asset.*\n"
	"      --max-file-size SIZE  refuse inputs larger than SIZE (K, M, G; default 512M)\n"
	"      --baseline FILE       report only findings not in FILE\n"
	"      --write-baseline FILE record today's findings in FILE\n"
	"      --strict              unresolved values and unknown VPCs are errors\n"
	"      --exit-zero           exit 0 even with findings or unreadable inputs\n"
	"                            (report-only jobs; the summary still counts them)\n"
	"      --source-root DIR     where a plan's root module (.tf files) is when the\n"
	"                            plan's own directory has none\n"
	"      --repo-root DIR       the repository root, which paths in reports are\n"
	"                            relative to (default: the git top level, or the\n"
	"                            current directory)\n"
	"      --sarif-category CAT  the SARIF run's category (automationDetails.id);\n"
	"                            default none, so upload-sarif's category: applies\n"
	"      --sarif-suppressed    also write suppressed findings to SARIF, each\n"
	"                            result with its suppressions (GitHub ignores them)\n"
	"      --list-rules          list the rules\n"
	"  -V, --version             print the version and the commit it was built from\n"
	"  -h, --help                print this help\n"
	"\n"
	"graph writes the VPCs, their blocks and what connects them (peering,\n"
	"transit gateway, VPN), overlaps in red, as Graphviz DOT (-f dot, the\n"
	"default) or Mermaid (-f mermaid).\n"
	"\n"
	"suggest options:\n"
	"      --segment NAME        the segment of the address plan to allocate from\n"
	"      --prefix N            the prefix length wanted\n"
	"      --count K             how many blocks (default 1)\n"
	"\n"
	"A PATH of '-' reads standard input.\n"
	"\n"
	"Exit status: 0 no findings at or above --fail-on; 1 findings at or above it;\n"
	"2 usage, address-plan or input errors.\n";

enum {
	OPT_FAIL_ON = CHAR_MAX + 1,
	OPT_PARAMETERS,
	OPT_PARAMETER,
	OPT_MAX_COMBINATIONS,
	OPT_REGION,
	OPT_ACCOUNT,
	OPT_BASELINE,
	OPT_WRITE_BASELINE,
	OPT_STRICT,
	OPT_SOURCE_ROOT,
	OPT_SARIF_CATEGORY,
	OPT_SARIF_SUPPRESSED,
	OPT_LIST_RULES,
	OPT_CONTEXT,
	OPT_SKIP_UNKNOWN,
	OPT_EXCLUDE,
	OPT_NO_DEFAULT_EXCLUDES,
	OPT_MAX_FILE_SIZE,
	OPT_EXIT_ZERO,
	OPT_REPO_ROOT,
	OPT_VAR,
	OPT_VAR_FILE,
	OPT_WORKSPACE,
	OPT_SEGMENT,
	OPT_PREFIX,
	OPT_COUNT,
};

static const struct option longopts[] = {
	{"address-plan", required_argument, NULL, 'p'},
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"parameters", required_argument, NULL, OPT_PARAMETERS},
	{"parameter", required_argument, NULL, OPT_PARAMETER},
	{"max-combinations", required_argument, NULL, OPT_MAX_COMBINATIONS},
	{"region", required_argument, NULL, OPT_REGION},
	{"account", required_argument, NULL, OPT_ACCOUNT},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"source-root", required_argument, NULL, OPT_SOURCE_ROOT},
	{"sarif-category", required_argument, NULL, OPT_SARIF_CATEGORY},
	{"sarif-suppressed", no_argument, NULL, OPT_SARIF_SUPPRESSED},
	{"list-rules", no_argument, NULL, OPT_LIST_RULES},
	{"context", required_argument, NULL, OPT_CONTEXT},
	{"skip-unknown", no_argument, NULL, OPT_SKIP_UNKNOWN},
	{"exclude", required_argument, NULL, OPT_EXCLUDE},
	{"no-default-excludes", no_argument, NULL, OPT_NO_DEFAULT_EXCLUDES},
	{"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
	{"exit-zero", no_argument, NULL, OPT_EXIT_ZERO},
	{"repo-root", required_argument, NULL, OPT_REPO_ROOT},
	{"version", no_argument, NULL, 'V'},
	{"help", no_argument, NULL, 'h'},
	{"var", required_argument, NULL, OPT_VAR},
	{"var-file", required_argument, NULL, OPT_VAR_FILE},
	{"workspace", required_argument, NULL, OPT_WORKSPACE},
	{"segment", required_argument, NULL, OPT_SEGMENT},
	{"prefix", required_argument, NULL, OPT_PREFIX},
	{"count", required_argument, NULL, OPT_COUNT},
	{NULL, 0, NULL, 0},
};

static long parse_number(const char *s, long min, long max, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max)
		usage_error("%s must be a number from %ld to %ld, not '%s'", what, min, max, s);
	return v;
}

static enum format parse_format(const char *s)
{
	static const char *const names[] = {"text",  "json",     "sarif", "github", "junit",
					    "facts", "markdown", "dot",   "mermaid"};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum format)i;
	usage_error("unknown format '%s' (text, json, sarif, github, junit, facts or markdown; dot or mermaid for cidrlint graph)", s);
	return FMT_TEXT;
}

static void list_rules(void)
{
	for (size_t i = 0; i < RULE_COUNT; i++)
		printf("%s  %-7s  %-24s %s\n", rule_table[i].id,
		       level_name(rule_table[i].default_level), rule_table[i].name,
		       rule_table[i].summary);
}

static int explain(int argc, char **argv)
{
	const struct rule *r;
	const char *help;

	if (argc != 3)
		usage_error("%s", "explain takes one rule id or name, e.g. 'cidrlint explain CIDR301'");
	r = rule_find(argv[2]);
	if (!r)
		usage_error("unknown rule '%s'; 'cidrlint --list-rules' lists them", argv[2]);
	help = rule_help((int)(r - rule_table));
	if (help)
		fputs(help, stdout);
	else
		printf("%s %s\n\n%s\n", r->id, r->name, r->summary);
	printf("\nDefault level: %s.\n", level_name(r->default_level));
	return EXIT_CLEAN;
}

static void add_param(struct options *o, const char *kv)
{
	const char *eq = strchr(kv, '=');
	struct cfn_param *p;

	if (!eq || eq == kv)
		usage_error("--parameter takes KEY=VALUE, not '%s'", kv);
	p = VEC_PUSH(o->params, o->nparams, o->capparams);
	p->key = xstrndup(kv, (size_t)(eq - kv));
	p->value = xstrdup(eq + 1);
}

static void parse_options(struct options *o, int argc, char **argv, bool suggest,
			  struct errlist *errs)
{
	int c;

	o->fail_on = LEVEL_ERROR;
	o->count = 1;
	o->prefix = -1;
	while ((c = getopt_long(argc, argv, "p:f:o:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->plan_path = optarg;
			break;
		case 'f': {
			struct output *out = VEC_PUSH(o->outputs, o->noutputs, o->capoutputs);
			out->format = parse_format(optarg);
			out->path = NULL;
			break;
		}
		case 'o':
			if (!o->noutputs) {
				struct output *out = VEC_PUSH(o->outputs, o->noutputs, o->capoutputs);
				out->format = FMT_TEXT;
				out->path = NULL;
			}
			if (o->outputs[o->noutputs - 1].path)
				usage_error("'-o %s' follows another -o without a -f between them", optarg);
			o->outputs[o->noutputs - 1].path = optarg;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "never") == 0)
				o->fail_on = LEVEL_OFF;
			else if (level_parse(optarg, &o->fail_on) || o->fail_on == LEVEL_OFF)
				usage_error("--fail-on takes error, warning, note or never, not '%s'", optarg);
			break;
		case OPT_PARAMETERS: {
			const char *why;
			size_t len;
			char *buf = file_read(optarg, 64u << 20, FILE_STREAMS | FILE_TEXT, &len, &why);
			if (!buf) {
				errlist_add(errs, optarg, 0, 0, "cannot read the parameters file: %s", why);
				break;
			}
			cfnparams_parse(optarg, buf, len, &o->params, &o->nparams, &o->capparams, errs);
			free(buf);
			break;
		}
		case OPT_PARAMETER:
			add_param(o, optarg);
			break;
		case OPT_VAR:
		case OPT_VAR_FILE: {
			struct tf_var_arg *va = VEC_PUSH(o->tfvars, o->ntfvars, o->captfvars);
			const char *eq = strchr(optarg, '=');
			memset(va, 0, sizeof(*va));
			if (c == OPT_VAR_FILE) {
				va->file = optarg;
				break;
			}
			if (!eq || eq == optarg)
				usage_error("--var takes NAME=VALUE, not '%s'", optarg);
			va->name = xstrndup(optarg, (size_t)(eq - optarg));
			va->value = eq + 1;
			break;
		}
		case OPT_WORKSPACE:
			o->workspace = optarg;
			break;
		case OPT_MAX_COMBINATIONS:
			o->max_combinations = (unsigned)parse_number(optarg, 1, 64, "--max-combinations");
			break;
		case OPT_REGION:
			o->region = optarg;
			break;
		case OPT_ACCOUNT:
			o->account = optarg;
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_SKIP_UNKNOWN:
			o->skip_unknown = true;
			break;
		case OPT_CONTEXT:
			*VEC_PUSH(o->context, o->ncontext, o->capcontext) = optarg;
			break;
		case OPT_EXCLUDE:
			if (!*optarg)
				usage_error("%s", "--exclude takes a glob, not an empty string");
			*VEC_PUSH(o->excludes, o->nexcludes, o->capexcludes) = optarg;
			break;
		case OPT_NO_DEFAULT_EXCLUDES:
			o->no_default_excludes = true;
			break;
		case OPT_MAX_FILE_SIZE:
			if (size_parse(optarg, &o->max_file_size))
				usage_error("--max-file-size takes a size such as 512M, 2G or 65536, not '%s'",
					    optarg);
			break;
		case OPT_EXIT_ZERO:
			o->exit_zero = true;
			break;
		case OPT_REPO_ROOT:
			o->repo_root = optarg;
			break;
		case OPT_WRITE_BASELINE:
			o->write_baseline = optarg;
			break;
		case OPT_STRICT:
			o->strict = true;
			break;
		case OPT_SOURCE_ROOT:
			o->source_root = optarg;
			break;
		case OPT_SARIF_CATEGORY:
			/* GitHub takes "/" or "" as an empty category */
			if (!optarg[strspn(optarg, "/")])
				usage_error("--sarif-category needs a name, not '%s'", optarg);
			o->sarif_category = optarg;
			break;
		case OPT_SARIF_SUPPRESSED:
			o->sarif_suppressed = true;
			break;
		case OPT_LIST_RULES:
			list_rules();
			exit(EXIT_CLEAN);
		case 'V':
			printf("%s %s (commit %s)\n", progname, CIDRLINT_VERSION, CIDRLINT_COMMIT);
			exit(EXIT_CLEAN);
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_CLEAN);
		case OPT_SEGMENT:
		case OPT_PREFIX:
		case OPT_COUNT:
			if (!suggest)
				usage_error("%s is an option of 'cidrlint suggest'", argv[optind - 1]);
			if (c == OPT_SEGMENT)
				o->segment = optarg;
			else if (c == OPT_PREFIX)
				o->prefix = (int)parse_number(optarg, 0, 128, "--prefix");
			else
				o->count = (int)parse_number(optarg, 1, 100000, "--count");
			break;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", progname);
			exit(EXIT_ERROR);
		}
	}
	o->paths = (const char **)argv + optind;
	o->npaths = (size_t)(argc - optind);
	if (!o->noutputs) {
		struct output *out = VEC_PUSH(o->outputs, o->noutputs, o->capoutputs);
		out->format = o->graph ? FMT_DOT : FMT_TEXT;
		out->path = NULL;
	}
	for (size_t i = 0; i < o->noutputs; i++) {
		bool picture = o->outputs[i].format == FMT_DOT || o->outputs[i].format == FMT_MERMAID;
		if (picture && !o->graph)
			usage_error("%s", "formats dot and mermaid are of 'cidrlint graph'");
		if (!picture && o->graph)
			usage_error("%s", "cidrlint graph writes dot or mermaid");
	}
	for (size_t i = 0; i < o->noutputs; i++)
		for (size_t j = 0; j < i; j++)
			if (!o->outputs[i].path && !o->outputs[j].path)
				usage_error("%s", "two formats would both go to standard output; give one of them -o FILE");
}

/* --- finding the root and the address plan ----------------------------- */

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* The nearest directory upward from dir that holds name, or NULL. */
static char *find_upward(const char *dir, const char *name)
{
	char *d = xstrdup(dir);

	for (;;) {
		char *cand = xasprintf("%s%s%s", d, strcmp(d, "/") ? "/" : "", name);
		char *slash;
		if (exists(cand)) {
			free(d);
			return cand;
		}
		free(cand);
		slash = strrchr(d, '/');
		if (!slash || slash == d) {
			if (strcmp(d, "/") == 0) {
				free(d);
				return NULL;
			}
			free(d);
			d = xstrdup("/");
			continue;
		}
		*slash = '\0';
	}
}

/*
 * The repository root, which every path in a report is relative to (SARIF
 * URIs, baselines): --repo-root, else the git top level, else the current
 * directory.  It is not --source-root, which says only where a plan's .tf
 * files are.
 */
static void find_root(struct run *run)
{
	char *git;
	struct stat st;

	if (run->opt->source_root &&
	    (stat(run->opt->source_root, &st) != 0 || !S_ISDIR(st.st_mode)))
		usage_error("--source-root '%s' is not a directory", run->opt->source_root);
	if (run->opt->repo_root) {
		run->root = realpath(run->opt->repo_root, NULL);
		if (!run->root || stat(run->root, &st) != 0 || !S_ISDIR(st.st_mode))
			usage_error("--repo-root '%s' is not a directory", run->opt->repo_root);
		return;
	}
	git = find_upward(run->cwd, ".git");
	if (git) {
		*strrchr(git, '/') = '\0';
		run->root = git[0] ? git : (free(git), xstrdup("/"));
		return;
	}
	run->root = xstrdup(run->cwd);
}

static int load_plan(struct run *run)
{
	char *path = NULL;

	if (run->opt->plan_path)
		path = xstrdup(run->opt->plan_path);
	else if ((path = find_upward(run->cwd, ".cidrlint.yaml")) != NULL) {
		/* show it relative to the current directory when it is below it */
		size_t n = strlen(run->cwd);
		if (strncmp(path, run->cwd, n) == 0 && path[n] == '/') {
			char *rel = xstrdup(path + n + 1);
			free(path);
			path = rel;
		}
	}
	if (!path)
		return 0;
	run->plan = addrplan_load(path, &run->errs);
	free(path);
	return run->plan ? 0 : -1;
}

/* Suppression rule ids in templates must name a rule. */
static void check_suppressions(struct run *run)
{
	for (size_t i = 0; i < run->world.ninputs; i++) {
		const struct facts *f = run->world.inputs[i];
		for (size_t j = 0; j < f->nvpcs + f->nassocs + f->nsubnets; j++) {
			const struct resource *r =
				j < f->nvpcs ? &f->vpcs[j]->r
				: j < f->nvpcs + f->nassocs ? &f->assocs[j - f->nvpcs]->r
							     : &f->subnets[j - f->nvpcs - f->nassocs]->r;
			const struct resource_rare *x = r->rare;
			for (size_t k = 0; x && k < x->nsup; k++)
				if (!rule_find(x->sup[k].rule))
					errlist_add(&run->errs, loc_file(&x->sup[k].loc), x->sup[k].loc.line,
						    x->sup[k].loc.col,
						    "suppression on '%s' names unknown rule '%s'", r->name,
						    x->sup[k].rule);
		}
	}
}

static long today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	char buf[16];

	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return date_to_days(buf);
}

static void print_list(const struct errlist *errs, const char *label)
{
	for (size_t i = 0; i < errs->n; i++) {
		const struct input_error *e = &errs->v[i];
		put_text(stderr, e->file[0] ? e->file : progname);
		if (e->line)
			fprintf(stderr, ":%u:%u", e->line, e->col ? e->col : 1);
		fputs(label, stderr);
		put_text(stderr, e->msg);
		fputc('\n', stderr);
	}
}

static void print_errors(const struct errlist *errs)
{
	print_list(errs, ": error: ");
}

static int write_output(const struct run *run, const struct output *o)
{
	static int (*const emitters[])(FILE *, const struct run *) = {
		[FMT_TEXT] = emit_text,   [FMT_JSON] = emit_json,  [FMT_SARIF] = emit_sarif,
		[FMT_GITHUB] = emit_github, [FMT_JUNIT] = emit_junit, [FMT_FACTS] = emit_facts,
		[FMT_MARKDOWN] = emit_markdown, [FMT_DOT] = emit_dot, [FMT_MERMAID] = emit_mermaid,
	};
	int (*emit)(FILE *, const struct run *) = emitters[o->format];
	struct atomic_file af;

	if (!o->path) {
		if (emit(stdout, run) || fflush(stdout)) {
			fprintf(stderr, "%s: cannot write to standard output: %s\n", progname, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (atomic_open(&af, o->path)) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", progname, o->path,
			af.why ? af.why : strerror(errno));
		return -1;
	}
	if (emit(af.fp, run)) {
		atomic_abort(&af);
		fprintf(stderr, "%s: cannot write '%s': %s\n", progname, o->path, strerror(errno));
		return -1;
	}
	if (atomic_commit(&af)) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", progname, o->path, strerror(errno));
		return -1;
	}
	return 0;
}

static int suggest(struct run *run)
{
	const struct segment *seg = NULL;
	struct prefix last, out;
	bool have_last = false;
	int found = 0;
	char buf[CIDR_STRLEN];

	if (!run->opt->segment || run->opt->prefix < 0)
		usage_error("%s", "suggest needs --segment NAME and --prefix N");
	if (!run->plan)
		usage_error("%s", "suggest needs an address plan (-p FILE or .cidrlint.yaml)");
	for (size_t i = 0; i < run->plan->nsegments; i++)
		if (str_eq(run->plan->segments[i].name, run->opt->segment))
			seg = &run->plan->segments[i];
	if (!seg)
		usage_error("the address plan has no segment '%s'", run->opt->segment);
	int family = run->opt->prefix <= 32 && segment_has_family(seg, 4) ? 4 : 6;
	for (size_t i = 0; i < seg->ncidrs && found < run->opt->count; i++) {
		const struct prefix *pool = &seg->cidrs[i].pfx;
		have_last = false;
		if (pool->family != family || (unsigned)run->opt->prefix < pool->len ||
		    (unsigned)run->opt->prefix > cidr_maxlen(family))
			continue;
		while (found < run->opt->count &&
		       world_next_free(&run->world, pool, (unsigned)run->opt->prefix,
				       have_last ? &last : NULL, &out) == 0) {
			printf("%s\n", cidr_format(&out, buf));
			last = out;
			have_last = true;
			found++;
		}
	}
	if (found < run->opt->count) {
		fprintf(stderr, "%s: segment '%s' has %d free /%d block%s, fewer than the %d asked for\n",
			progname, seg->name, found, run->opt->prefix, found == 1 ? "" : "s",
			run->opt->count);
		return EXIT_FINDINGS;
	}
	return EXIT_CLEAN;
}

/*
 * Linting against half a plan would report a wrong set of findings, so
 * nothing is reported; but every requested output is still written,
 * carrying the plan's errors, so that a CI step uploading the SARIF or the
 * JUnit report shows why the gate failed instead of failing on a missing
 * file.  Text output would only say "no findings", so there the errors on
 * standard error are the whole report.
 */
static int plan_failed(struct run *run, bool is_suggest)
{
	findings_release(&run->findings);
	findings_init(&run->findings);
	print_errors(&run->errs);
	for (size_t i = 0; !is_suggest && i < run->opt->noutputs; i++)
		if (run->opt->outputs[i].format != FMT_TEXT)
			write_output(run, &run->opt->outputs[i]);
	return EXIT_ERROR;
}

static void run_release(struct run *run)
{
	for (size_t i = 0; i < run->ninputs; i++) {
		free(run->inputs[i].path);
		free(run->inputs[i].rel);
	}
	free(run->inputs);
	for (size_t i = 0; i < run->ntf_dirs; i++)
		free(run->tf_dirs[i]);
	free(run->tf_dirs);
	findings_release(&run->findings);
	world_release(&run->world);
	plan_free(run->plan);
	free(run->keep_tags);
	errlist_release(&run->errs);
	errlist_release(&run->notes);
	free(run->root);
	free(run->cwd);
}

int main(int argc, char **argv)
{
	struct options opt;
	struct run run;
	bool is_suggest = argc > 1 && strcmp(argv[1], "suggest") == 0;
	bool is_graph = argc > 1 && strcmp(argv[1], "graph") == 0;
	static const char *dot[] = {"."};
	int rc = EXIT_CLEAN;

	base_oom_handler = oom;
	base_hook_libraries();
	if (argc > 1 && strcmp(argv[1], "explain") == 0)
		return explain(argc, argv);
	memset(&opt, 0, sizeof(opt));
	memset(&run, 0, sizeof(run));
	run.opt = &opt;
	errlist_init(&run.errs);
	errlist_init(&run.notes);
	findings_init(&run.findings);
	if (is_suggest || is_graph) {
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	opt.graph = is_graph;
	parse_options(&opt, argc, argv, is_suggest, &run.errs);
	if (is_graph)
		opt.fail_on = LEVEL_OFF; /* a picture, not a gate */
	if (!opt.npaths && !is_suggest) {
		opt.paths = dot;
		opt.npaths = 1;
	}
	run.cwd = getcwd(NULL, 0);
	if (!run.cwd)
		usage_error("cannot find the current directory: %s", strerror(errno));
	find_root(&run);
	if (load_plan(&run) ||
	    rules_configure(&run.cfg, run.plan, opt.strict, today(), &run.errs)) {
		rc = plan_failed(&run, is_suggest);
		goto out;
	}
	world_init(&run.world, run.plan);
	inputs_collect(&run);
	inputs_load(&run);
	check_suppressions(&run);
	/* a pattern of the plan that cannot be evaluated is a plan error:
	 * segment membership (world_build) or suppression (rules_run) is
	 * unknown.  suggest needs neither, and fails on the error anyway. */
	if (world_build(&run.world, &run.errs) && !is_suggest) {
		rc = plan_failed(&run, is_suggest);
		goto out;
	}
	if (is_suggest) {
		print_errors(&run.errs);
		print_list(&run.notes, ": note: ");
		rc = suggest(&run);
		if (run.errs.n)
			rc = EXIT_ERROR;
		goto out;
	}
	if (rules_run(&run.world, run.plan, &run.cfg, &run.findings, &run.errs)) {
		rc = plan_failed(&run, is_suggest);
		goto out;
	}
	inputs_drop_context_findings(&run);
	if (opt.baseline) {
		struct baseline b;
		/* named as the repository knows it: an absolute path would differ
		 * from machine to machine, and shows where CI checked it out */
		char *name = path_relative(&run, opt.baseline);
		baseline_init(&b, name);
		free(name);
		if (baseline_read(&b, opt.baseline, &run.errs) == 0)
			baseline_apply(&b, &run.findings);
		baseline_release(&b);
	}
	if (opt.write_baseline && baseline_write(&run, opt.write_baseline)) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", progname, opt.write_baseline,
			strerror(errno));
		rc = EXIT_ERROR;
	}
	print_errors(&run.errs);
	print_list(&run.notes, ": note: ");
	for (size_t i = 0; i < opt.noutputs; i++)
		if (write_output(&run, &opt.outputs[i]))
			rc = EXIT_ERROR;
	/* --exit-zero: the reports carry findings and input errors; only a
	 * report that could not be written still fails */
	if (rc == EXIT_CLEAN && run.errs.n && !opt.exit_zero)
		rc = EXIT_ERROR;
	if (rc == EXIT_CLEAN && opt.fail_on != LEVEL_OFF && !opt.exit_zero) {
		for (size_t i = 0; i < run.findings.n; i++)
			if (!run.findings.v[i].suppressed && run.findings.v[i].level >= opt.fail_on)
				rc = EXIT_FINDINGS;
	}
out:
	run_release(&run);
	for (size_t i = 0; i < opt.nparams; i++) {
		free((char *)opt.params[i].key);
		free((char *)opt.params[i].value);
	}
	free(opt.params);
	for (size_t i = 0; i < opt.ntfvars; i++)
		free((char *)opt.tfvars[i].name);
	free(opt.tfvars);
	free(opt.outputs);
	free(opt.context);
	free(opt.excludes);
	return rc;
}
