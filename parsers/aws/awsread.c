/*
 * awsread.c: what the readers of AWS exports share (see awsread.h).
 */
#include "parsers/aws/awsread.h"
#include "parsers/jsonscan.h"

#include <string.h>

const char *awsread_start(struct awsread *r, const struct aws_input *in, enum input_kind kind,
			  const struct aws_options *opt, struct errlist *errs)
{
	memset(r, 0, sizeof(*r));
	r->f = facts_new(in->path, in->rel, kind);
	r->opt = opt;
	r->notes = in->notes;
	jel_init(&r->j, in->path, loc_src(&r->f->srcs, r->f->file, NULL), in->buf, in->len, errs);
	return jscan_ws(in->buf, r->j.end);
}

bool awsread_top(struct awsread *r, const char *top, const char *what, const char *const *keys,
		 struct jel_span *spans, size_t nkeys, const char **next)
{
	memset(spans, 0, nkeys * sizeof(*spans));
	if (next)
		*next = NULL;
	if (top >= r->j.end || *top != '{') {
		jel_error_at(&r->j, top, "invalid JSON: %s must be a JSON object", what);
		r->fatal = true;
		return false;
	}
	if (next)
		return jel_scan_top_seq(&r->j, top, r->j.end, keys, spans, nkeys, next);
	return jel_scan_top(&r->j, top, r->j.end, true, keys, spans, nkeys);
}

struct facts *awsread_finish(struct awsread *r)
{
	struct facts *f = r->f;

	jel_release(&r->j);
	if (r->j.bad_json || r->fatal) {
		facts_free(f);
		f = NULL;
	}
	r->f = NULL;
	return f;
}

/* A missing state is taken at its word: the block is listed, so it is
 * there. */
bool aws_state_occupies(const char *state)
{
	return !state || str_ieq(state, "associating") || str_ieq(state, "associated") ||
	       str_ieq(state, "disassociating");
}

void aws_fill(struct awsread *r, struct resource *res, const char *name, const char *type,
	      const char *aws_id, const char *region, const char *account, struct loc loc)
{
	res->name = facts_str(r->f, name);
	res->type = facts_intern(r->f, type);
	resource_set_aws_id(r->f, res, str_eq(aws_id, name) ? res->name : facts_str(r->f, aws_id));
	resource_set_where(r->f, res, facts_intern(r->f, region ? region : r->opt ? r->opt->region : NULL),
			   facts_intern(r->f, account ? account : r->opt ? r->opt->account : NULL));
	res->loc = loc;
}

void aws_tag_list(struct awsread *r, struct vpc *vpc, const cJSON *list, const char *k,
		  const char *v)
{
	const cJSON *it;
	int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : 0;

	if (n <= 0)
		return;
	vpc->tags = arena_alloc(&r->f->arena, (size_t)n * sizeof(*vpc->tags));
	cJSON_ArrayForEach(it, list) {
		bool wrong = false;
		const cJSON *key = jel_get(it, k), *val = jel_get(it, v);
		const char *ks = cJSON_IsString(key) ? key->valuestring : NULL;
		const char *vs = jel_text(val, &wrong);

		if (!ks || wrong || (size_t)n <= vpc->ntags ||
		    !tag_kept(r->opt ? r->opt->keep_tags : NULL, ks))
			continue;
		vpc->tags[vpc->ntags].key = facts_str(r->f, ks);
		vpc->tags[vpc->ntags++].value = facts_str(r->f, vs ? vs : "");
	}
}

void aws_set(struct awsread *r, struct cidr_value *v, const char *text, int family,
	     struct loc loc)
{
	cidr_value_set_text(v, facts_str(r->f, text), family);
	v->loc = loc;
}

void aws_ref(struct awsread *r, struct vpc_ref *ref, const char *vpc_id, struct loc loc)
{
	ref->kind = VREF_AWSID;
	ref->name = facts_str(r->f, vpc_id);
	ref->loc = loc;
}
