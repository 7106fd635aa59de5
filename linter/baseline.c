/*
 * baseline.c (linter): reading and writing the baseline file of
 * --baseline / --write-baseline (format in policies/baseline.h).  A
 * baseline is small (one entry a finding), so it is handled whole with
 * cJSON; it is written atomically like every output.
 */
#include "linter/linter.h"
#include "parsers/jsonscan.h"
#include "policies/baseline.h"

#include <cJSON.h>
#include <stdlib.h>

int baseline_read(struct baseline *b, const char *path, struct errlist *errs)
{
	const char *why, *end = NULL;
	struct jscan_error err;
	size_t len;
	char *buf = file_read_all(path, (size_t)256 << 20, &len, &why);
	cJSON *root, *list, *it;
	int rc = 0;

	if (!buf) {
		errlist_add(errs, path, 0, 0, "cannot read the baseline: %s", why);
		return -1;
	}
	root = jscan_parse(buf, buf + len, NULL, &end, &err);
	if (!root) {
		unsigned line, col;
		text_position(buf, (size_t)(err.at - buf), &line, &col);
		if (strcmp(err.why, TEXT_NUL_ERROR) == 0)
			errlist_add(errs, path, line, col, "%s", err.why);
		else
			errlist_add(errs, path, line, col, "invalid JSON in the baseline");
		free(buf);
		return -1;
	}
	list = cJSON_GetObjectItemCaseSensitive(root, "findings");
	if (!cJSON_IsArray(list) || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(root, "version"))) {
		errlist_add(errs, path, 1, 1,
			    "not a cidrlint baseline: expected {\"version\": 1, \"findings\": [...]}");
		rc = -1;
	} else if (cJSON_GetObjectItemCaseSensitive(root, "version")->valueint != 1) {
		errlist_add(errs, path, 1, 1, "baseline version %d is not read by this cidrlint",
			    cJSON_GetObjectItemCaseSensitive(root, "version")->valueint);
		rc = -1;
	} else {
		cJSON_ArrayForEach(it, list) {
			const cJSON *fp = cJSON_GetObjectItemCaseSensitive(it, "fingerprint");
			if (cJSON_IsString(fp))
				baseline_add(b, fp->valuestring);
		}
	}
	cJSON_Delete(root);
	free(buf);
	return rc;
}

int baseline_write(const struct run *run, const char *path)
{
	cJSON *root = cJSON_CreateObject(), *list = cJSON_CreateArray();
	struct atomic_file af;
	char *text;
	int rc = -1;

	cJSON_AddNumberToObject(root, "version", 1);
	cJSON_AddStringToObject(root, "tool", "cidrlint");
	for (size_t i = 0; i < run->findings.n; i++) {
		const struct finding *f = &run->findings.v[i];
		cJSON *x;
		/* what a waiver or the template accepts is not debt to record */
		if (f->suppressed == SUPPRESS_WAIVER || f->suppressed == SUPPRESS_IN_SOURCE)
			continue;
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "fingerprint", f->fingerprint);
		cJSON_AddStringToObject(x, "rule", rule_table[f->rule].id);
		if (f->resource)
			cJSON_AddStringToObject(x, "resource", f->resource);
		if (f->cidr)
			cJSON_AddStringToObject(x, "cidr", f->cidr);
		if (f->loc.file)
			cJSON_AddStringToObject(x, "file", f->loc.file);
		cJSON_AddItemToArray(list, x);
	}
	cJSON_AddItemToObject(root, "findings", list);
	text = cJSON_Print(root);
	if (text && atomic_open(&af, path) == 0) {
		if (fputs(text, af.fp) >= 0 && fputc('\n', af.fp) != EOF)
			rc = atomic_commit(&af);
		else
			atomic_abort(&af);
	}
	cJSON_free(text);
	cJSON_Delete(root);
	return rc;
}
