/*
 * baseline.c (parsers): reading a baseline's text into struct baseline
 * (format in policies/baseline.h).  A baseline is small (one entry a
 * finding), so it is parsed whole, through jscan_parse like every JSON.
 */
#include "parsers/baseline.h"
#include "parsers/jsonscan.h"

#include <cJSON.h>
#include <string.h>

int baseline_parse(struct baseline *b, const char *path, const char *buf, size_t len,
		   struct errlist *errs)
{
	cJSON *root, *list, *it;
	int rc = 0;

	if (!(root = jscan_parse_document(path, buf, len, "baseline", errs)))
		return -1;
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
	return rc;
}
