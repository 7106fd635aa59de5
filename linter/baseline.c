/*
 * baseline.c (linter): the baseline file of --baseline / --write-baseline
 * (format in policies/baseline.h): read from disk and handed to
 * parsers/baseline.c, and written from the run's findings, atomically
 * like every output.
 */
#include "linter/linter.h"
#include "parsers/baseline.h"

#include <cJSON.h>
#include <stdlib.h>

int baseline_read(struct baseline *b, const char *path, struct errlist *errs)
{
	const char *why;
	size_t len;
	char *buf = file_read_all(path, (size_t)256 << 20, &len, &why);
	int rc;

	if (!buf) {
		errlist_add(errs, path, 0, 0, "cannot read the baseline: %s", why);
		return -1;
	}
	rc = baseline_parse(b, path, buf, len, errs);
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
		if (loc_file(&f->loc))
			cJSON_AddStringToObject(x, "file", loc_file(&f->loc));
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
