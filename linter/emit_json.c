/*
 * emit_json.c: the JSON report, versioned.  Its shape is documented in
 * README.md ("JSON output"); fields are only ever added.
 */
#include "linter/linter.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#define JSON_REPORT_VERSION 1

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static void add_loc(cJSON *o, const struct loc *l)
{
	add_str(o, "file", loc_file(l));
	cJSON_AddNumberToObject(o, "line", l->line);
	cJSON_AddNumberToObject(o, "column", l->col);
	if (l->end_line) {
		cJSON_AddNumberToObject(o, "end_line", l->end_line);
		cJSON_AddNumberToObject(o, "end_column", l->end_col);
	}
}

static const char *suppress_kind_name(enum suppress_kind k)
{
	switch (k) {
	case SUPPRESS_IN_SOURCE:
		return "template";
	case SUPPRESS_WAIVER:
		return "waiver";
	case SUPPRESS_BASELINE:
		return "baseline";
	case SUPPRESS_NONE:
		break;
	}
	return NULL;
}

static cJSON *finding_json(const struct finding *f)
{
	const struct rule *r = &rule_table[f->rule];
	cJSON *o = cJSON_CreateObject(), *rel = cJSON_CreateArray();
	char buf[CIDR_STRLEN];

	cJSON_AddStringToObject(o, "rule", r->id);
	cJSON_AddStringToObject(o, "name", r->name);
	cJSON_AddStringToObject(o, "level", level_name(f->level));
	cJSON_AddStringToObject(o, "message", f->message);
	add_loc(o, &f->loc);
	add_str(o, "resource", f->resource);
	add_str(o, "resource_type", f->resource_type);
	add_str(o, "cidr", f->cidr);
	for (size_t i = 0; i < f->nrelated; i++) {
		cJSON *x = cJSON_CreateObject();
		add_loc(x, &f->related[i].loc);
		add_str(x, "resource", f->related[i].resource);
		add_str(x, "cidr", f->related[i].cidr);
		add_str(x, "message", f->related[i].message);
		cJSON_AddItemToArray(rel, x);
	}
	cJSON_AddItemToObject(o, "related", rel);
	if (f->more_related)
		cJSON_AddNumberToObject(o, "related_omitted", (double)f->more_related);
	add_str(o, "hint", f->hint);
	add_str(o, "fix", f->has_fix ? cidr_format(&f->fix, buf) : NULL);
	add_str(o, "scenario", f->scenario);
	if (f->nnotes) {
		cJSON *notes = cJSON_CreateArray();
		for (size_t i = 0; i < f->nnotes; i++)
			cJSON_AddItemToArray(notes, cJSON_CreateString(f->notes[i]));
		cJSON_AddItemToObject(o, "notes", notes);
	}
	cJSON_AddStringToObject(o, "fingerprint", f->fingerprint);
	cJSON_AddBoolToObject(o, "suppressed", f->suppressed != SUPPRESS_NONE);
	if (f->suppressed) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "kind", suppress_kind_name(f->suppressed));
		add_str(s, "reason", f->suppress_reason);
		if (loc_file(&f->suppress_loc))
			add_loc(s, &f->suppress_loc);
		cJSON_AddItemToObject(o, "suppression", s);
	}
	return o;
}

void summary_add_json(cJSON *obj, const struct run *run, bool camel)
{
	struct findings_summary sum;

	findings_summarise(&run->findings, &sum);
	cJSON_AddNumberToObject(obj, "error", (double)sum.by_level[LEVEL_ERROR]);
	cJSON_AddNumberToObject(obj, "warning", (double)sum.by_level[LEVEL_WARNING]);
	cJSON_AddNumberToObject(obj, "note", (double)sum.by_level[LEVEL_NOTE]);
	cJSON_AddNumberToObject(obj, "suppressed", (double)sum.suppressed);
	cJSON_AddNumberToObject(obj, camel ? "inputErrors" : "input_errors", (double)run->errs.n);
	cJSON_AddNumberToObject(obj, camel ? "inputNotes" : "input_notes", (double)run->notes.n);
}

int emit_json(FILE *out, const struct run *run)
{
	cJSON *root = cJSON_CreateObject(), *tool = cJSON_CreateObject();
	cJSON *inputs = cJSON_CreateArray(), *errors = cJSON_CreateArray();
	cJSON *findings = cJSON_CreateArray(), *summary = cJSON_CreateObject();
	char *text;
	int rc;

	cJSON_AddNumberToObject(root, "version", JSON_REPORT_VERSION);
	cJSON_AddStringToObject(tool, "name", "cidrlint");
	cJSON_AddStringToObject(tool, "version", CIDRLINT_VERSION);
	cJSON_AddItemToObject(root, "tool", tool);
	for (size_t i = 0; i < run->ninputs; i++) {
		const struct input *in = &run->inputs[i];
		cJSON *x;
		if (in->kind == INPUT_UNKNOWN)
			continue;
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "file", in->path);
		cJSON_AddStringToObject(x, "kind", input_kind_name(in->kind));
		cJSON_AddItemToArray(inputs, x);
	}
	cJSON_AddItemToObject(root, "inputs", inputs);
	/* notes: inputs found in a walk that could not be read, which do not
	 * change the exit status */
	for (size_t i = 0; i < run->errs.n + run->notes.n; i++) {
		bool note = i >= run->errs.n;
		const struct input_error *e = note ? &run->notes.v[i - run->errs.n] : &run->errs.v[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "file", e->file);
		cJSON_AddNumberToObject(x, "line", e->line);
		cJSON_AddNumberToObject(x, "column", e->col);
		cJSON_AddStringToObject(x, "message", e->msg);
		cJSON_AddStringToObject(x, "level", note ? "note" : "error");
		cJSON_AddItemToArray(errors, x);
	}
	cJSON_AddItemToObject(root, "errors", errors);
	for (size_t i = 0; i < run->findings.n; i++)
		cJSON_AddItemToArray(findings, finding_json(&run->findings.v[i]));
	cJSON_AddItemToObject(root, "findings", findings);
	summary_add_json(summary, run, false);
	cJSON_AddItemToObject(root, "summary", summary);
	/* cJSON escapes control characters; input text may be invalid UTF-8 */
	text = cJSON_Print(root);
	rc = text && put_utf8(out, text, strlen(text)) == 0 && fputc('\n', out) != EOF ? 0 : -1;
	cJSON_free(text);
	cJSON_Delete(root);
	return rc;
}
