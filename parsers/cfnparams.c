/*
 * cfnparams.c: reading CloudFormation parameter files (see cfnparams.h).
 */
#include "parsers/cfnparams.h"
#include "parsers/jsonscan.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static void add(struct cfn_param **params, size_t *n, size_t *cap,
		const char *k, const char *v)
{
	struct cfn_param *p = VEC_PUSH(*params, *n, *cap);
	p->key = xstrdup(k);
	p->value = xstrdup(v);
}

/* Values may be strings, numbers or booleans; lists become "a,b". */
static char *value_text(const cJSON *v)
{
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsNumber(v)) {
		char *s = cJSON_PrintUnformatted(v);
		char *r = xstrdup(s);
		cJSON_free(s);
		return r;
	}
	if (cJSON_IsArray(v)) {
		struct sbuf sb;
		const cJSON *it;
		size_t i = 0;
		sbuf_init(&sb, 0);
		cJSON_ArrayForEach(it, v) {
			char *s = value_text(it);
			if (!s) {
				sbuf_release(&sb);
				return NULL;
			}
			sbuf_addf(&sb, "%s%s", i++ ? "," : "", s);
			free(s);
		}
		return sbuf_detach(&sb);
	}
	return NULL;
}

static int from_object(const char *file, const cJSON *obj, struct cfn_param **params,
		       size_t *n, size_t *cap, struct errlist *errs)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, obj) {
		char *v = value_text(it);
		if (!v) {
			errlist_add(errs, file, 0, 0, "parameter '%s' must be a string, number or list",
				    it->string);
			return -1;
		}
		add(params, n, cap, it->string, v);
		free(v);
	}
	return 0;
}

int cfnparams_parse(const char *file, const char *buf, size_t len,
		    struct cfn_param **params, size_t *n, size_t *cap,
		    struct errlist *errs)
{
	cJSON *root = jscan_parse_document(file, buf, len, "parameters file", errs);
	int rc = 0;

	if (!root)
		return -1;
	if (cJSON_IsArray(root)) {
		const cJSON *it;
		cJSON_ArrayForEach(it, root) {
			const cJSON *k = cJSON_GetObjectItemCaseSensitive(it, "ParameterKey");
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "ParameterValue");
			char *vt = v ? value_text(v) : NULL;
			if (!cJSON_IsString(k) || !vt) {
				errlist_add(errs, file, 0, 0,
					    "each entry of an aws-cli parameters file needs ParameterKey and ParameterValue");
				free(vt);
				rc = -1;
				break;
			}
			add(params, n, cap, k->valuestring, vt);
			free(vt);
		}
	} else if (cJSON_IsObject(root)) {
		const cJSON *inner = cJSON_GetObjectItemCaseSensitive(root, "Parameters");
		if (cJSON_IsObject(inner) && cJSON_GetArraySize(root) <= 3)
			rc = from_object(file, inner, params, n, cap, errs);
		else
			rc = from_object(file, root, params, n, cap, errs);
	} else {
		errlist_add(errs, file, 1, 1,
			    "a parameters file is a list of {ParameterKey, ParameterValue} or an object of names to values");
		rc = -1;
	}
	cJSON_Delete(root);
	return rc;
}
