/*
 * tfstate.c: Terraform state into network facts (see tfstate.h).
 *
 * Facts: hashicorp/terraform internals/json-format (the `values` shape of
 * `terraform show -json`) and states/statefile (version 4: resources with
 * mode, type, name, module and instances with index_key and attributes;
 * version 3, Terraform 0.11 and before: modules with a path and a map of
 * resources "TYPE.NAME[.INDEX]" whose primary instance holds flat string
 * attributes, tags as "tags.%" and "tags.KEY").
 */
#include "parsers/terraform/tfstate.h"
#include "parsers/terraform/tfjson.h"

#include <stdlib.h>
#include <string.h>

enum { TOP_VALUES, TOP_FORMAT_VERSION, TOP_VERSION, TOP_RESOURCES, TOP_MODULES, NTOP };
static const char *const st_top_keys[NTOP] = {"values", "format_version", "version", "resources",
					      "modules"};

struct st {
	struct jel j;
	struct facts *f;
	const char *region, *account;
	const char *const *keep_tags;
	bool fatal;              /* a version this reader does not know */
	struct jel_span top[NTOP];
};

/* One instance of a type the mapping reads, in either format; the
 * attributes sit at apath inside the current element. */
static void st_instance(struct st *s, const char *type, const char *address, const cJSON *attrs,
			const char *apath, struct loc loc)
{
	struct tf_json_attrs a = {.vals = attrs, .j = &s->j, .apath = apath};
	struct tf_instance in;
	struct tf_fact out;

	if (!cJSON_IsObject(attrs)) {
		jel_error(&s->j, apath, "'%s' has no attributes: skipped", address);
		return;
	}
	memset(&in, 0, sizeof(in));
	in.type = type;
	in.address = address;
	in.lc = LC_EXISTING;
	in.recorded = true;
	in.source = "the state";
	in.loc = loc;
	in.region = s->region;
	in.account = s->account;
	in.keep_tags = s->keep_tags;
	tf_json_instance(&in, &a);
	tf_instance_facts(s->f, &in, &out);
}

/* --- terraform.tfstate v4 --------------------------------------------- */

/* The instances of one raw-state resource, walked in step as cJSON
 * values and as spans of text. */
struct st_insts {
	struct st *s;
	const char *type, *name, *module;
	const cJSON *it;    /* the instance whose span comes next */
	size_t i;
	struct jel_pos pos; /* forward-only, inside the resource */
	struct sbuf addr;
};

/* One instance; the current element is the instance itself when its span
 * is known (so that lookups inside it cost its size, not the resource's). */
static void st_raw_instance(struct st_insts *t, const cJSON *it, bool own_span)
{
	struct st *s = t->s;
	const char *ak = "attributes", *deposed;
	const cJSON *a = jel_get(it, ak);
	struct sbuf apath;
	struct loc loc;

	sbuf_init(&apath, 4096);
	sbuf_reset(&t->addr);
	if (t->module)
		sbuf_addf(&t->addr, "%s.", t->module);
	sbuf_addf(&t->addr, "%s.%s", t->type, t->name);
	tf_index_key(&t->addr, jel_get(it, "index_key"));
	/* an object Terraform replaced but could not destroy yet still holds
	 * its addresses */
	if ((deposed = jel_soft(it, "deposed")))
		sbuf_addf(&t->addr, " (deposed %s)", deposed);
	/* states upgraded from 0.11 may keep the flat form; the attributes
	 * read here are top-level strings in both */
	if (!cJSON_IsObject(a) && cJSON_IsObject(jel_get(it, "attributes_flat")))
		ak = "attributes_flat";
	if (!own_span)
		sbuf_addf(&apath, "instances/%zu/", t->i);
	loc = jel_at(&s->j, own_span ? "" : apath.buf);
	sbuf_adds(&apath, ak);
	if (!cJSON_IsObject(it))
		jel_error(&s->j, own_span ? "" : apath.buf,
			  "instance %zu of %s.%s must be an object: skipped", t->i, t->type, t->name);
	else
		st_instance(s, t->type, t->addr.buf, jel_get(it, ak), apath.buf, loc);
	sbuf_release(&apath);
}

static bool st_inst_span(void *arg, const char *v, const char *vend)
{
	struct st_insts *t = arg;
	struct jel *j = &t->s->j;
	const char *el = j->el, *el_end = j->el_end;
	struct jel_pos el_pos = j->el_pos;

	if (!t->it)
		return false;
	jel_advance(&t->pos, v);
	j->el = v;
	j->el_end = vend;
	j->el_pos = t->pos;
	st_raw_instance(t, t->it, true);
	j->el = el;
	j->el_end = el_end;
	j->el_pos = el_pos;
	t->it = t->it->next;
	t->i++;
	return true;
}

/* One entry of `resources` in a raw terraform.tfstate v4. */
static void st_raw_resource(void *arg, const cJSON *o)
{
	struct st *s = arg;
	struct st_insts t;
	const char *mode, *span;
	const cJSON *insts;
	struct jscan_error err;

	if (!cJSON_IsObject(o)) {
		jel_error(&s->j, NULL, "each entry of resources must be an object: skipped");
		return;
	}
	memset(&t, 0, sizeof(t));
	t.s = s;
	mode = jel_soft(o, "mode");
	t.type = jel_soft(o, "type");
	/* data sources read what exists; their managed twins carry it */
	if (str_eq(mode, "data") || !tf_type_relevant(t.type))
		return;
	t.name = jel_soft(o, "name");
	if (!t.name) {
		jel_error(&s->j, "name", "a %s resource without a name: skipped", t.type);
		return;
	}
	t.module = jel_soft(o, "module");
	insts = jel_get(o, "instances");
	if (!cJSON_IsArray(insts)) {
		jel_error(&s->j, insts ? "instances" : NULL, "instances of %s.%s must be a list: skipped",
			  t.type, t.name);
		return;
	}
	sbuf_init(&t.addr, 0);
	t.it = insts->child;
	t.pos = s->j.el_pos;
	/* one pass over the instances' text, in step with the values: a
	 * resource with thousands of instances is not rescanned per instance */
	span = jel_find(&s->j, "instances");
	if (!span || jscan_array(span, s->j.el_end, st_inst_span, &t, &err) != 0) {
		/* cannot happen for text cJSON accepted; the instances not
		 * read yet then take their positions by path from the resource */
		for (; t.it; t.it = t.it->next, t.i++)
			st_raw_instance(&t, t.it, false);
	}
	sbuf_release(&t.addr);
}

/* --- terraform.tfstate v3 --------------------------------------------- */

/* "aws_vpc.main", "aws_subnet.a.1" or "data.aws_vpc.x" of module path
 * ["root", "net"]: the address Terraform 0.12 gives it after upgrading,
 * module.net.aws_subnet.a[1]. */
static bool st_v3_address(struct sbuf *sb, const cJSON *path, const char *key, const char **type)
{
	const char *p = key, *dot, *idx;
	const cJSON *m;
	bool first = true;

	cJSON_ArrayForEach(m, path) {
		if (!cJSON_IsString(m))
			return false;
		if (first && strcmp(m->valuestring, "root") == 0) {
			first = false;
			continue;
		}
		first = false;
		sbuf_addf(sb, "module.%s.", m->valuestring);
	}
	if (str_startswith(p, "data.")) {
		sbuf_adds(sb, "data.");
		p += 5;
	}
	if (!(dot = strchr(p, '.')) || dot == p || !dot[1])
		return false;
	*type = p;
	idx = strchr(dot + 1, '.');
	sbuf_add(sb, p, (size_t)((idx ? idx : dot + strlen(dot)) - p));
	if (idx) {
		for (const char *q = idx + 1; *q; q++)
			if (*q < '0' || *q > '9')
				return false;
		sbuf_addf(sb, "[%s]", idx + 1);
	}
	return true;
}

/* The flat attributes of a v3 (or flat v4) instance, with "tags.KEY" made
 * the tags object the mapping reads; *added is freed by the caller. */
static void st_flat_tags(cJSON *attrs, cJSON **added)
{
	cJSON *tags = NULL, *a;

	*added = NULL;
	if (cJSON_GetObjectItemCaseSensitive(attrs, "tags"))
		return;
	cJSON_ArrayForEach(a, attrs) {
		if (!a->string || !str_startswith(a->string, "tags.") || !strcmp(a->string, "tags.%") ||
		    !cJSON_IsString(a))
			continue;
		if (!tags)
			tags = cJSON_CreateObject();
		cJSON_AddItemToObject(tags, a->string + 5, cJSON_CreateString(a->valuestring));
	}
	*added = tags;
}

static void st_v3_resource(struct st *s, const cJSON *path, const cJSON *r, const char *rkey)
{
	struct sbuf addr, apath;
	const char *type = NULL, *mode_data;
	cJSON *attrs, *tags;
	char *t;

	sbuf_init(&addr, 4096);
	sbuf_init(&apath, 0);
	mode_data = str_startswith(rkey, "data.") ? rkey : NULL;
	if (!st_v3_address(&addr, path, rkey, &type)) {
		jel_error(&s->j, jel_path(&apath, "resources", rkey),
			  "'%s' is not a resource address (TYPE.NAME or TYPE.NAME.INDEX): skipped", rkey);
		goto out;
	}
	t = xstrndup(type, (size_t)(strchr(type, '.') - type));
	/* data sources read what exists; their managed twins carry it */
	if (!mode_data && tf_type_relevant(t)) {
		jel_path(&apath, "resources", rkey);
		sbuf_adds(&apath, "/primary/attributes");
		attrs = (cJSON *)jel_get(jel_get(r, "primary"), "attributes");
		if (cJSON_IsObject(attrs)) {
			st_flat_tags(attrs, &tags);
			if (tags)
				cJSON_AddItemToObject(attrs, "tags", tags);
			st_instance(s, t, addr.buf, attrs, apath.buf, jel_at(&s->j, apath.buf));
			if (tags)
				cJSON_Delete(cJSON_DetachItemViaPointer(attrs, tags));
		} else {
			st_instance(s, t, addr.buf, attrs, apath.buf, jel_at(&s->j, apath.buf));
		}
	}
	free(t);
out:
	sbuf_release(&addr);
	sbuf_release(&apath);
}

/* One entry of `modules` in a terraform.tfstate v3. */
static void st_v3_module(void *arg, const cJSON *o)
{
	struct st *s = arg;
	const cJSON *path = jel_get(o, "path"), *res = jel_get(o, "resources"), *r;

	if (!cJSON_IsObject(o)) {
		jel_error(&s->j, NULL, "each entry of modules must be an object: skipped");
		return;
	}
	if (!cJSON_IsArray(path)) {
		jel_error(&s->j, path ? "path" : NULL, "a module without a path (a list such as [\"root\"]): skipped");
		return;
	}
	if (res && !cJSON_IsObject(res) && !cJSON_IsNull(res)) {
		jel_error(&s->j, "resources", "resources of a module must be an object: skipped");
		return;
	}
	cJSON_ArrayForEach(r, res)
		st_v3_resource(s, path, r, r->string);
}

/* --- terraform show -json --------------------------------------------- */

/* One entry of `resources` of a module in `terraform show -json`. */
static void st_show_resource(void *arg, const cJSON *o, const char *v, const char *vend)
{
	struct st *s = arg;
	const char *type, *addr, *deposed;
	struct sbuf sb;

	jel_element(&s->j, v, vend);
	if (!cJSON_IsObject(o)) {
		jel_error(&s->j, NULL, "each entry of resources must be an object: skipped");
		goto out;
	}
	type = jel_soft(o, "type");
	if (str_eq(jel_soft(o, "mode"), "data") || !tf_type_relevant(type))
		goto out;
	sbuf_init(&sb, 0);
	addr = jel_soft(o, "address");
	if (addr) {
		sbuf_adds(&sb, addr);
	} else if (jel_soft(o, "name")) {
		sbuf_addf(&sb, "%s.%s", type, jel_soft(o, "name"));
		tf_index_key(&sb, jel_get(o, "index"));
	} else {
		jel_error(&s->j, NULL, "a %s resource without an address or a name: skipped", type);
		sbuf_release(&sb);
		goto out;
	}
	if ((deposed = jel_soft(o, "deposed_key")))
		sbuf_addf(&sb, " (deposed %s)", deposed);
	st_instance(s, type, sb.buf, jel_get(o, "values"), "values", jel_el_loc(&s->j));
	sbuf_release(&sb);
out:
	jel_element_done(&s->j);
}

static void st_shape(void *arg, const char *at, const char *msg)
{
	struct st *s = arg;

	jel_error_at(&s->j, at, "%s", msg);
}

static void st_read(struct st *s, const char *top)
{
	if (s->top[TOP_VALUES].v) {
		struct tf_values_walker w = {st_show_resource, st_shape, s, &s->j.json};
		struct jscan_error err;
		const char *fv = s->top[TOP_FORMAT_VERSION].v;

		/* format_version: a major bump is a format this reader cannot know */
		if (fv && (s->top[TOP_FORMAT_VERSION].vend - fv < 4 || *fv != '"' ||
			   !(fv[1] == '0' || fv[1] == '1') || fv[2] != '.')) {
			jel_error_at(&s->j, fv,
				     "Terraform state format_version %.*s is not supported: cidrlint reads 0.x and 1.x",
				     jel_span_len(s->top[TOP_FORMAT_VERSION]), fv);
			s->fatal = true;
			return;
		}
		if (*s->top[TOP_VALUES].v == 'n')
			return; /* an empty state */
		if (!tf_values_walk(&w, s->top[TOP_VALUES].v, s->top[TOP_VALUES].vend, &err)) {
			jel_error_at(&s->j, err.at, "invalid JSON: %s", err.why);
			s->j.bad_json = true;
		}
		return;
	}
	if (s->top[TOP_VERSION].v) {
		struct jel_span v = s->top[TOP_VERSION];

		if (v.vend - v.v != 1 || (*v.v != '4' && *v.v != '3')) {
			jel_error_at(&s->j, v.v,
				     "terraform.tfstate version %.*s is not supported: cidrlint reads versions 3 "
				     "and 4 (Terraform 0.9 and later)",
				     jel_span_len(v), v.v);
			s->fatal = true;
			return;
		}
		if (*v.v == '3')
			jel_walk(&s->j, s->top[TOP_MODULES], "modules", st_v3_module, s);
		else
			jel_walk(&s->j, s->top[TOP_RESOURCES], "resources", st_raw_resource, s);
		return;
	}
	if (s->top[TOP_FORMAT_VERSION].v) {
		/* `terraform show -json` of an empty state: {"format_version":"1.0"} */
		const char *fv = s->top[TOP_FORMAT_VERSION].v;
		if (s->top[TOP_FORMAT_VERSION].vend - fv < 4 || *fv != '"' || !(fv[1] == '0' || fv[1] == '1') ||
		    fv[2] != '.') {
			jel_error_at(&s->j, fv,
				     "Terraform state format_version %.*s is not supported: cidrlint reads 0.x and 1.x",
				     jel_span_len(s->top[TOP_FORMAT_VERSION]), fv);
			s->fatal = true;
		}
		return;
	}
	jel_error_at(&s->j, top, "a Terraform state needs values (terraform show -json) or "
				 "version and resources (terraform.tfstate)");
	s->fatal = true;
}

struct facts *tfstate_facts(const char *path, const char *rel, const char *buf, size_t len,
			    const char *region, const char *account, const char *const *keep_tags,
			    struct errlist *errs)
{
	struct st s;
	const char *top;

	memset(&s, 0, sizeof(s));
	s.f = facts_new(path, rel, INPUT_TFSTATE);
	s.region = region;
	s.account = account;
	s.keep_tags = keep_tags;
	jel_init(&s.j, path, loc_src(&s.f->srcs, s.f->file, NULL), buf, len, errs);
	top = jscan_ws(buf, s.j.end);
	if (top >= s.j.end || *top != '{')
		jel_error_at(&s.j, top, "invalid JSON: a Terraform state must be a JSON object");
	else if (jel_scan_top(&s.j, top, s.j.end, true, st_top_keys, s.top, NTOP))
		st_read(&s, top);
	else
		s.fatal = true;
	if (top >= s.j.end || *top != '{' || s.j.bad_json || s.fatal) {
		jel_release(&s.j);
		facts_free(s.f);
		return NULL;
	}
	jel_release(&s.j);
	return s.f;
}
