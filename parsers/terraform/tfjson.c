/*
 * tfjson.c: Terraform's JSON shared by plans and states (see tfjson.h).
 */
#include "parsers/terraform/tfjson.h"

#include <stdlib.h>
#include <string.h>

/* --- attributes ------------------------------------------------------- */

/* tfj_get() over a tape: the same kinds from the tokens. */
static void tfj_tape_read(const struct tf_json_attrs *a, const char *key, struct tf_attr *out)
{
	const struct jtape *tp = a->tape;
	uint64_t bit = jtape_key_bit(key, strlen(key));
	size_t v;

	/* an unknown value is not looked for in vals at all; a key of
	 * neither (most of those asked for) is looked for in neither */
	if ((a->kunknown & bit) && jtape_is(tp, jtape_get(tp, a->tunknown, key), JT_TRUE)) {
		out->kind = TFA_UNKNOWN;
		return;
	}
	v = a->kvals & bit ? jtape_get(tp, a->tvals, key) : JT_NONE;
	if (v == JT_NONE) {
		out->kind = TFA_ABSENT;
		return;
	}
	switch (tp->t[v].type) {
	case JT_NULL:
		out->kind = TFA_NULL;
		break;
	case JT_STRING:
		out->kind = TFA_STRING;
		out->str = jtape_string(tp, v, a->strings);
		break;
	case JT_NUMBER:
		out->kind = TFA_NUMBER;
		out->num = jtape_number(tp, v);
		break;
	case JT_TRUE:
	case JT_FALSE:
		out->kind = TFA_BOOL;
		out->b = tp->t[v].type == JT_TRUE;
		break;
	default:
		out->kind = TFA_OTHER;
	}
}

static void tfj_tape_get(struct tf_json_attrs *a, const char *key, struct tf_attr *out)
{
	size_t n = a->nmemo < ARRAY_SIZE(a->memo) ? a->nmemo : ARRAY_SIZE(a->memo);

	for (size_t i = 0; i < n; i++)
		if (a->memo[i].key == key) {
			*out = a->memo[i].v;
			return;
		}
	if (!a->nmemo) {
		a->kvals = jtape_key_mask(a->tape, a->tvals);
		a->kunknown = jtape_key_mask(a->tape, a->tunknown);
	}
	tfj_tape_read(a, key, out);
	a->memo[a->nmemo % ARRAY_SIZE(a->memo)] = (struct tfj_memo){key, *out};
	a->nmemo++;
}

static void tfj_get(void *ctx, const char *key, struct tf_attr *out)
{
	struct tf_json_attrs *a = ctx;
	const cJSON *v;

	if (a->tape) {
		tfj_tape_get(a, key, out);
		return;
	}
	v = jel_get(a->vals, key);
	if (cJSON_IsTrue(jel_get(a->unknown, key))) {
		out->kind = TFA_UNKNOWN;
		return;
	}
	if (!v)
		out->kind = TFA_ABSENT;
	else if (cJSON_IsNull(v))
		out->kind = TFA_NULL;
	else if (cJSON_IsString(v) && v->valuestring) {
		out->kind = TFA_STRING;
		out->str = v->valuestring;
	} else if (cJSON_IsNumber(v)) {
		out->kind = TFA_NUMBER;
		out->num = v->valuedouble;
	} else if (cJSON_IsBool(v)) {
		out->kind = TFA_BOOL;
		out->b = cJSON_IsTrue(v);
	} else {
		out->kind = TFA_OTHER;
	}
}

static const char *tfj_path(struct sbuf *sb, const struct tf_json_attrs *a, const char *key)
{
	return jel_path(sb, a->apath ? a->apath : "", key ? key : "");
}

static void tfj_locate(void *ctx, const char *key, struct loc *out)
{
	const struct tf_json_attrs *a = ctx;
	struct sbuf sb;

	if (!a->j)
		return;
	sbuf_init(&sb, 4096);
	*out = jel_at(a->j, tfj_path(&sb, a, key));
	sbuf_release(&sb);
}

/* tags_all holds the provider's default tags as well; older states and
 * plans have tags only.  Only string values are tags. */
static void tfj_tape_tags(const struct tf_json_attrs *a,
			  void (*add)(void *arg, const char *key, const char *value), void *arg)
{
	const struct jtape *tp = a->tape;
	size_t tags = jtape_get(tp, a->tvals, "tags_all");

	if (jtape_first(tp, tags) == JT_NONE || !jtape_is(tp, tags, JT_OBJECT))
		tags = jtape_get(tp, a->tvals, "tags");
	if (!jtape_is(tp, tags, JT_OBJECT))
		return;
	for (size_t k = jtape_first(tp, tags); k != JT_NONE; k = jtape_next_member(tp, tags, k))
		if (jtape_is(tp, k + 1, JT_STRING))
			add(arg, jtape_string(tp, k, a->strings), jtape_string(tp, k + 1, a->strings));
}

static void tfj_tags(void *ctx, void (*add)(void *arg, const char *key, const char *value),
		     void *arg)
{
	const struct tf_json_attrs *a = ctx;
	const cJSON *tags, *t;

	if (a->tape) {
		tfj_tape_tags(a, add, arg);
		return;
	}
	tags = jel_get(a->vals, "tags_all");

	if (!cJSON_IsObject(tags) || !cJSON_GetArraySize(tags))
		tags = jel_get(a->vals, "tags");
	if (!cJSON_IsObject(tags))
		return;
	cJSON_ArrayForEach(t, tags)
		if (cJSON_IsString(t) && t->string && t->valuestring)
			add(arg, t->string, t->valuestring);
}

static void tfj_error(void *ctx, const char *key, const char *msg)
{
	const struct tf_json_attrs *a = ctx;
	struct sbuf sb;

	if (!a->j)
		return;
	sbuf_init(&sb, 4096);
	jel_error(a->j, key ? tfj_path(&sb, a, key) : (a->apath ? a->apath : ""), "%s", msg);
	sbuf_release(&sb);
}

/* One element of a list of objects, as an instance of its own: its values
 * and unknown flags are sub (set by the caller but for apath), its path
 * key/i under a's. */
static void tfj_element(const struct tf_json_attrs *a, const struct tf_instance *in,
			const char *key, size_t i, struct tf_json_attrs *sub, struct sbuf *sb,
			void (*each)(void *arg, const struct tf_instance *el, size_t i), void *arg)
{
	char *path = xstrdup(tfj_path(sb, a, key));
	struct tf_instance el = *in;

	sbuf_reset(sb);
	sbuf_addf(sb, "%s/%zu", path, i);
	free(path);
	sub->apath = sb->buf;
	tf_json_instance(&el, sub);
	el.tags = NULL;
	el.elements = NULL;
	each(arg, &el, i);
}

/* A list of objects in vals (a plan's after, a state's attributes); its
 * after_unknown is true when the whole list is unknown, else a list of the
 * same length whose objects flag the unknown members.  A plan shows a
 * route table's routes unknown whenever none are configured (the attribute
 * is computed too), so an unknown list says nothing of what was written:
 * no elements, and no note. */
static bool tfj_elements(void *ctx, const struct tf_instance *in, const char *key,
			 void (*each)(void *arg, const struct tf_instance *el, size_t i), void *arg)
{
	const struct tf_json_attrs *a = ctx;
	struct sbuf sb;
	size_t i = 0;

	if (a->tape) {
		const struct jtape *tp = a->tape;
		size_t v = jtape_get(tp, a->tvals, key), u = jtape_get(tp, a->tunknown, key);
		bool ulist = jtape_is(tp, u, JT_ARRAY);
		size_t ue = ulist ? jtape_first(tp, u) : JT_NONE;

		if (!jtape_is(tp, v, JT_ARRAY) || jtape_is(tp, u, JT_TRUE))
			return true;
		sbuf_init(&sb, 4096);
		for (size_t e = jtape_first(tp, v); e != JT_NONE; e = jtape_next_elem(tp, v, e), i++) {
			if (jtape_is(tp, e, JT_OBJECT)) {
				struct tf_json_attrs sub = {.j = a->j,
							    .tape = tp,
							    .tvals = e,
							    .tunknown = ue,
							    .strings = a->strings};
				tfj_element(a, in, key, i, &sub, &sb, each, arg);
			}
			if (ue != JT_NONE)
				ue = jtape_next_elem(tp, u, ue);
		}
		sbuf_release(&sb);
		return true;
	}
	const cJSON *v = jel_get(a->vals, key), *u = jel_get(a->unknown, key), *it;
	if (!cJSON_IsArray(v) || cJSON_IsTrue(u))
		return true;
	sbuf_init(&sb, 4096);
	cJSON_ArrayForEach(it, v) {
		if (cJSON_IsObject(it)) {
			struct tf_json_attrs sub = {
				.vals = it,
				.unknown = cJSON_IsArray(u) ? cJSON_GetArrayItem(u, (int)i) : NULL,
				.j = a->j};
			tfj_element(a, in, key, i, &sub, &sb, each, arg);
		}
		i++;
	}
	sbuf_release(&sb);
	return true;
}

void tf_json_instance(struct tf_instance *in, struct tf_json_attrs *a)
{
	in->elements = tfj_elements;
	in->get = tfj_get;
	in->locate = tfj_locate;
	in->tags = tfj_tags;
	in->error = tfj_error;
	in->ctx = a;
}

void tf_index_key(struct sbuf *sb, const cJSON *k)
{
	if (cJSON_IsNumber(k)) {
		double d = k->valuedouble;
		if (d == (double)(long long)d)
			sbuf_addf(sb, "[%lld]", (long long)d);
		else
			sbuf_addf(sb, "[%g]", d);
	} else if (cJSON_IsString(k) && k->valuestring) {
		sbuf_addch(sb, '[');
		sbuf_addch(sb, '"');
		for (const char *p = k->valuestring; *p; p++) {
			if (*p == '"' || *p == '\\')
				sbuf_addch(sb, '\\');
			sbuf_addch(sb, *p);
		}
		sbuf_adds(sb, "\"]");
	}
}

/* --- the values walk -------------------------------------------------- */

struct tfj_walk {
	const struct tf_values_walker *w;
	unsigned depth;
	char *maddr;        /* a child module's address, when it has one */
};

static const char *tfj_module(struct tfj_walk *t, const char *v, const char *end,
			      struct jscan_error *err);

/*
 * Terraform 0.12 wrote the resources of a child module in prior_state with
 * addresses relative to it ("aws_vpc.x" inside module.a): made absolute
 * here, so that no reader takes them for resources of the root module (a
 * phantom VPC overlapping module.a's own).
 */
static void tfj_absolute(const struct tfj_walk *t, cJSON *r)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(r, "address");
	size_t n = strlen(t->maddr);

	if (!cJSON_IsString(a) || !a->valuestring ||
	    (strncmp(a->valuestring, t->maddr, n) == 0 && a->valuestring[n] == '.'))
		return;
	/* the tree lives in the walker's arena: never freed on its own */
	a->valuestring = arena_printf(t->w->json, "%s.%s", t->maddr, a->valuestring);
}

static bool tfj_resource(void *arg, cJSON *r, const char *v, const char *vend)
{
	const struct tfj_walk *t = arg;

	if (t->maddr)
		tfj_absolute(t, r);
	t->w->each(t->w->ctx, r, v, vend);
	return true;
}

struct tfj_address {
	char *addr;
	struct jscan_error err; /* err.at set: the address holds a NUL */
};

/* The "address" member of a module object, which Terraform writes after
 * its resources. */
static bool tfj_find_address(void *arg, const char *key, size_t len, const char *v,
			     const char *vend)
{
	struct tfj_address *out = arg;
	const char *end;

	if (!jscan_key_is(key, len, "address"))
		return true;
	if (*v == '"') {
		cJSON *s = jscan_parse(v, vend, NULL, &end, &out->err);
		if (cJSON_IsString(s) && s->valuestring[0])
			out->addr = xstrdup(s->valuestring);
		else if (!s && out->err.why && strcmp(out->err.why, TEXT_NUL_ERROR) != 0)
			out->err.at = NULL; /* not a NUL: the walk says what is wrong */
		cJSON_Delete(s);
	}
	return false;
}

static const char *tfj_child(void *arg, const char *v, const char *end, struct jscan_error *err)
{
	return tfj_module(arg, v, end, err);
}

/* Skip a member of the wrong type, saying so. */
static const char *tfj_wrong(struct tfj_walk *t, const char *v, const char *end, const char *msg,
			     struct jscan_error *err)
{
	if (*v != 'n' && t->w->shape)
		t->w->shape(t->w->ctx, v, msg);
	return jscan_value(v, end, err);
}

static const char *tfj_module_member(void *arg, const char *key, size_t len, const char *v,
				     const char *end, struct jscan_error *err)
{
	struct tfj_walk *t = arg;

	if (jscan_key_is(key, len, "resources")) {
		if (*v != '[')
			return tfj_wrong(t, v, end, "resources must be a list: skipped", err);
		return jscan_array_parsed(v, end, t->w->json, tfj_resource, t, err);
	}
	if (jscan_key_is(key, len, "child_modules")) {
		struct tfj_walk child = {t->w, t->depth + 1, NULL};
		if (*v != '[')
			return tfj_wrong(t, v, end, "child_modules must be a list: skipped", err);
		if (child.depth > TF_MAX_MODULE_DEPTH) {
			err->at = v;
			err->why = "modules are nested more than 32 deep";
			return NULL;
		}
		return jscan_array_consume(v, end, tfj_child, &child, err);
	}
	return jscan_value(v, end, err);
}

static const char *tfj_module(struct tfj_walk *t, const char *v, const char *end,
			      struct jscan_error *err)
{
	const char *vend;
	struct jscan_error ignored;

	if (*v != '{')
		return tfj_wrong(t, v, end, "a module of a Terraform state must be an object: skipped", err);
	if (t->depth) {
		struct tfj_address a = {NULL, {NULL, NULL}};
		jscan_object(v, end, tfj_find_address, &a, &ignored);
		if (a.err.at) {
			/* a cut address would name every resource of the
			 * module wrongly: refuse the document */
			*err = a.err;
			return NULL;
		}
		t->maddr = a.addr;
	}
	vend = jscan_object_consume(v, end, tfj_module_member, t, err);
	free(t->maddr);
	t->maddr = NULL;
	return vend;
}

static const char *tfj_values_member(void *arg, const char *key, size_t len, const char *v,
				     const char *end, struct jscan_error *err)
{
	if (jscan_key_is(key, len, "root_module"))
		return tfj_module(arg, v, end, err);
	return jscan_value(v, end, err);
}

const char *tf_values_walk(const struct tf_values_walker *w, const char *v, const char *end,
			   struct jscan_error *err)
{
	struct tfj_walk t = {w, 0, NULL};

	if (*v != '{')
		return tfj_wrong(&t, v, end, "values of a Terraform state must be an object: skipped", err);
	return jscan_object_consume(v, end, tfj_values_member, &t, err);
}
