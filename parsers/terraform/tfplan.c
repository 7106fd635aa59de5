/*
 * tfplan.c: Terraform plan JSON into network facts (see tfplan.h).
 *
 * Facts: docs hashicorp/terraform internals/json-format and
 * shared/reference/aws-vpc-cidr-rules.md section 5.  Unknown values are
 * omitted from "after" and flagged in "after_unknown"; an association whose
 * VPC is created in the same plan has no vpc_id, so it is linked through
 * the configuration's references (aws_vpc.main.id), following module
 * outputs and variables, pairing count/for_each instance keys.  What cannot
 * be linked stays unlinked (CIDR402) with the reason.
 */
#include "parsers/terraform/tfplan.h"
#include "parsers/jsonscan.h"
#include "parsers/terraform/tfjson.h"
#include "parsers/terraform/tfregistry.h"
#include "parsers/terraform/tfsource.h"

#include <cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- configuration ---------------------------------------------------- */

struct refs {
	const char **v;
	size_t n;
};

struct cfg_res {
	struct refs vpc_refs;   /* expressions.vpc_id.references */
	const char *provider;   /* provider_config_key */
	struct cfg_attr {       /* a link: each expression's references */
		const char *name;
		struct refs refs;
	} *attrs;
	size_t nattrs;
};

struct cfg_module {
	const char *path;       /* "a.b": module names without instance keys */
	const char *dir;        /* directory of its .tf files, or NULL */
	bool repeated;          /* the call has count or for_each */
	struct cfg_module *parent;
	const char *call_name;  /* its name in the parent */
	const struct tf_registry_module *registry; /* its source, when a registry
						     * module cidrlint knows */
	struct strmap resources; /* "type.name" -> cfg_res */
	struct strmap calls;     /* name -> cfg_module */
	struct strmap args;      /* argument name -> refs (in the parent's scope) */
	struct strmap outputs;   /* output name -> refs (in this scope) */
};

/*
 * What is known of an address, in one map (a plan has hundreds of
 * thousands): met in resource_changes, and read into a fact.  A slot is a
 * word: the SEEN_* bits, and above SEEN_BITS the fact read there (a
 * fact is allocated aligned as its struct, which holds pointers) or, with
 * none, a 16-aligned copy of the address.  The key is that fact's name or that copy, so a slot
 * holds no key of its own and no address is kept twice; 32 bits of the
 * key's hash beside the slot spare a string compare on nearly every probe
 * that misses, and hashing every key again when the map grows.  12 bytes
 * a slot, not a strmap's 24: 3 MB at the peak of a 40,000-VPC plan.
 */
enum { SEEN_CHANGE = 1, SEEN_FACT = 2, SEEN_BITS = 3 };
_Static_assert(_Alignof(struct resource) > SEEN_BITS, "a fact's address leaves SEEN_BITS free");

struct seen_map {
	uintptr_t *v; /* 0: a free slot */
	uint32_t *h;
	size_t n, cap; /* cap is 0 or a power of two */
};

struct plan {
	const char *path;
	const char *buf, *end;
	const struct tfplan_options *opt;
	struct errlist *errs;
	struct facts *f;
	struct arena a;          /* scratch for the whole plan */
	struct arena tmp;        /* scratch for one element, reset before each */
	struct arena json;       /* the cJSON nodes of one element */
	struct jtape tape;       /* or its tokens, and its strings in json */
	const char *kept;        /* mapped text before this may be dropped */
	struct cfg_module *root;
	struct strmap modules;   /* path -> cfg_module */
	struct strmap regions;   /* provider config key -> region */
	const char *only_region; /* the one constant region of all aws providers */
	struct seen_map seen;    /* absolute address -> SEEN_* bits, fact */
	struct strmap instances; /* address without its key -> struct instances */
	struct tfsource *src;
	/* scan position, for element locations */
	const char *line_at;
	unsigned line;
	bool failed;
};

static const char *pstr(struct plan *pl, const char *s)
{
	return arena_strdup(&pl->a, s);
}

static const char *fstr(struct plan *pl, const char *s)
{
	return s ? arena_strdup(&pl->f->arena, s) : NULL;
}

/* Drop the pages of the mapped plan that lie wholly before at. */
static void discard_before(struct plan *pl, const char *at)
{
	if (pl->opt && pl->opt->discard && (size_t)(at - pl->kept) > JSCAN_DROP_STEP) {
		mem_discard(pl->kept, at);
		pl->kept = at;
	}
}

/* How many instances an address has (count/for_each), and the last one. */
struct instances {
	size_t n;
	struct vpc *last;       /* the last VPC instance, or NULL */
	const char *last_name;  /* the last instance's address */
};

static void plan_error(struct plan *pl, const char *at, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void plan_error(struct plan *pl, const char *at, const char *fmt, ...)
{
	unsigned line = 0, col = 0;
	va_list ap;

	if (at)
		text_position(pl->buf, (size_t)(at - pl->buf), &line, &col);
	va_start(ap, fmt);
	errlist_vadd(pl->errs, pl->path, line, col, fmt, ap);
	va_end(ap);
	pl->failed = true;
}

/* A wrong shape in a plan that is otherwise readable: said, and that part
 * is skipped; the rest of the plan is still read. */
static void plan_shape(struct plan *pl, const char *at, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void plan_shape(struct plan *pl, const char *at, const char *fmt, ...)
{
	unsigned line = 0, col = 0;
	va_list ap;

	if (at)
		text_position(pl->buf, (size_t)(at - pl->buf), &line, &col);
	va_start(ap, fmt);
	errlist_vadd(pl->errs, pl->path, line, col, fmt, ap);
	va_end(ap);
}

static cJSON *parse_span(struct plan *pl, const char *s, const char *e)
{
	struct jscan_error err;
	const char *vend;
	cJSON *j = jscan_parse(s, e, NULL, &vend, &err);

	if (!j)
		plan_error(pl, err.at, "invalid JSON: %s", err.why);
	return j;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static struct refs get_refs(struct plan *pl, const cJSON *expr)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(expr, "references");
	const cJSON *it;
	struct refs out = {NULL, 0};
	size_t n = (size_t)cJSON_GetArraySize(r);

	if (!cJSON_IsArray(r) || !n)
		return out;
	out.v = arena_alloc(&pl->a, n * sizeof(*out.v));
	cJSON_ArrayForEach(it, r)
		if (cJSON_IsString(it))
			out.v[out.n++] = pstr(pl, it->valuestring);
	return out;
}

static struct refs *refs_dup(struct plan *pl, struct refs r)
{
	struct refs *p = arena_alloc(&pl->a, sizeof(*p));
	*p = r;
	return p;
}

struct module_scan {
	struct plan *pl;
	struct cfg_module *m;
	unsigned depth;
};

static void cfg_module_scan(struct plan *pl, struct cfg_module *m, const char *s,
			    const char *e, unsigned depth);

static bool cfg_resource(void *arg, cJSON *r, const char *s, const char *e)
{
	struct module_scan *ms = arg;
	const char *type, *addr;

	(void)s;
	(void)e;
	type = jstr(r, "type");
	addr = jstr(r, "address");
	if (addr && tf_type_relevant(type) && !str_eq(jstr(r, "mode"), "data")) {
		struct cfg_res *cr = arena_alloc(&ms->pl->a, sizeof(*cr));
		const cJSON *ex = cJSON_GetObjectItemCaseSensitive(r, "expressions");
		cr->vpc_refs = get_refs(ms->pl, cJSON_GetObjectItemCaseSensitive(ex, "vpc_id"));
		if (tf_type_link(type) && cJSON_IsObject(ex)) {
			const cJSON *it;
			cr->attrs = arena_alloc(&ms->pl->a, ((size_t)cJSON_GetArraySize(ex) + 1) * sizeof(*cr->attrs));
			cJSON_ArrayForEach(it, ex) {
				struct refs rf = get_refs(ms->pl, it);
				if (!rf.n || !it->string)
					continue;
				cr->attrs[cr->nattrs].name = pstr(ms->pl, it->string);
				cr->attrs[cr->nattrs++].refs = rf;
			}
		}
		if (jstr(r, "provider_config_key"))
			cr->provider = pstr(ms->pl, jstr(r, "provider_config_key"));
		strmap_put(&ms->m->resources, pstr(ms->pl, addr), cr);
	}
	return true;
}

struct call_scan {
	struct plan *pl;
	struct cfg_module *child;
	unsigned depth;
};

static bool cfg_call_member(void *arg, const char *key, size_t len, const char *s, const char *e)
{
	struct call_scan *cs = arg;
	struct plan *pl = cs->pl;

	if (jscan_key_is(key, len, "module")) {
		cfg_module_scan(pl, cs->child, s, e, cs->depth + 1);
	} else if (jscan_key_is(key, len, "source") || jscan_key_is(key, len, "resolved_source")) {
		cJSON *v = parse_span(pl, s, e);
		/* a local source under a local parent has a directory of .tf files */
		if (cJSON_IsString(v) && !cs->child->dir && cs->child->parent->dir)
			cs->child->dir = tfsource_module_dir(pl->src, cs->child->parent->dir,
							     v->valuestring);
		if (cJSON_IsString(v) && !cs->child->registry)
			cs->child->registry = tf_registry_find(v->valuestring);
		cJSON_Delete(v);
	} else if (jscan_key_is(key, len, "expressions")) {
		cJSON *v = parse_span(pl, s, e), *it;
		if (v && !cJSON_IsObject(v))
			plan_shape(pl, s, "expressions of module call '%s' must be an object: skipped",
				   cs->child->call_name);
		else
			cJSON_ArrayForEach(it, v)
				strmap_put(&cs->child->args, pstr(pl, it->string),
					   refs_dup(pl, get_refs(pl, it)));
		cJSON_Delete(v);
	} else if (jscan_key_is(key, len, "count_expression") ||
		   jscan_key_is(key, len, "for_each_expression")) {
		cs->child->repeated = true;
	}
	return !pl->failed;
}

static bool cfg_call(void *arg, const char *key, size_t len, const char *s, const char *e)
{
	struct module_scan *ms = arg;
	struct plan *pl = ms->pl;
	const char *name = arena_strndup(&pl->a, key, len);
	const char *path;
	struct cfg_module *c;
	struct call_scan cs = {pl, NULL, ms->depth};
	struct jscan_error err;

	/* module paths join names with dots: a name Terraform would refuse
	 * could stand for another module */
	if (!len || strcspn(name, ".[]\"\\") != len || strlen(name) != len) {
		plan_shape(pl, s, "a module call must have a name (an identifier): skipped");
		return !pl->failed;
	}
	path = *ms->m->path ? arena_printf(&pl->a, "%s.%s", ms->m->path, name) : name;
	c = strmap_get(&pl->modules, path);

	if (!c) { /* a repeated key (invalid JSON for Terraform) reuses the module */
		c = arena_alloc(&pl->a, sizeof(*c));
		c->call_name = name;
		c->path = path;
		c->parent = ms->m;
		strmap_init(&c->resources);
		strmap_init(&c->calls);
		strmap_init(&c->args);
		strmap_init(&c->outputs);
		strmap_put(&ms->m->calls, c->call_name, c);
		strmap_put(&pl->modules, c->path, c);
	}
	cs.child = c;
	if (*s != '{')
		plan_shape(pl, s, "module call '%s' must be an object: skipped", c->call_name);
	else if (jscan_object(s, e, cfg_call_member, &cs, &err))
		plan_error(pl, err.at, "invalid JSON in module call '%s': %s", c->call_name, err.why);
	return !pl->failed;
}

/* "the root module" or "module 'a.b'", for messages. */
static const char *cfg_module_name(struct plan *pl, const struct cfg_module *m)
{
	return *m->path ? arena_printf(&pl->tmp, "module '%s'", m->path) : "the root module";
}

static bool cfg_module_member(void *arg, const char *key, size_t len, const char *s, const char *e)
{
	struct module_scan *ms = arg;
	struct plan *pl = ms->pl;
	struct jscan_error err;

	if (jscan_key_is(key, len, "resources")) {
		if (*s != '[')
			plan_shape(pl, s, "resources of %s must be a list: skipped", cfg_module_name(pl, ms->m));
		else if (!jscan_array_parsed(s, e, &pl->json, cfg_resource, ms, &err))
			plan_error(pl, err.at, "invalid JSON in configuration resources: %s", err.why);
	} else if (jscan_key_is(key, len, "module_calls")) {
		if (*s != '{')
			plan_shape(pl, s, "module_calls of %s must be an object: skipped", cfg_module_name(pl, ms->m));
		else if (jscan_object(s, e, cfg_call, ms, &err))
			plan_error(pl, err.at, "invalid JSON in module_calls: %s", err.why);
	} else if (jscan_key_is(key, len, "outputs")) {
		cJSON *v = parse_span(pl, s, e), *it;
		if (v && !cJSON_IsObject(v))
			plan_shape(pl, s, "outputs of %s must be an object: skipped", cfg_module_name(pl, ms->m));
		else
			cJSON_ArrayForEach(it, v)
				strmap_put(&ms->m->outputs, pstr(pl, it->string),
					   refs_dup(pl, get_refs(pl, cJSON_GetObjectItemCaseSensitive(it, "expression"))));
		cJSON_Delete(v);
	}
	return !pl->failed;
}

static void cfg_module_scan(struct plan *pl, struct cfg_module *m, const char *s,
			    const char *e, unsigned depth)
{
	struct module_scan ms = {pl, m, depth};
	struct jscan_error err;

	if (depth > TF_MAX_MODULE_DEPTH) {
		plan_error(pl, s, "modules are nested more than %d deep", TF_MAX_MODULE_DEPTH);
		return;
	}
	if (*s != '{')
		plan_shape(pl, s, "a module of the configuration must be an object: skipped");
	else if (jscan_object(s, e, cfg_module_member, &ms, &err))
		plan_error(pl, err.at, "invalid JSON in the configuration: %s", err.why);
}

static bool cfg_member(void *arg, const char *key, size_t len, const char *s, const char *e)
{
	struct plan *pl = arg;

	if (jscan_key_is(key, len, "root_module")) {
		cfg_module_scan(pl, pl->root, s, e, 0);
	} else if (jscan_key_is(key, len, "provider_config")) {
		cJSON *v = parse_span(pl, s, e), *it;
		int aws = 0, constant = 0;
		const char *first = NULL;
		bool same = true;
		if (v && !cJSON_IsObject(v)) {
			plan_shape(pl, s, "provider_config of the configuration must be an object: skipped");
			cJSON_Delete(v);
			return !pl->failed;
		}
		cJSON_ArrayForEach(it, v) {
			const char *name = jstr(it, "name");
			const cJSON *ex = cJSON_GetObjectItemCaseSensitive(it, "expressions");
			const char *region = jstr(cJSON_GetObjectItemCaseSensitive(ex, "region"), "constant_value");
			if (!str_eq(name, "aws"))
				continue;
			aws++;
			if (region) {
				constant++;
				strmap_put(&pl->regions, pstr(pl, it->string), (void *)pstr(pl, region));
				if (first && strcmp(first, region) != 0)
					same = false;
				if (!first)
					first = pstr(pl, region);
			}
		}
		if (aws && aws == constant && same)
			pl->only_region = first;
		cJSON_Delete(v);
	}
	return !pl->failed;
}

/* --- addresses -------------------------------------------------------- */

/* "module.a[0].module.b" -> "a.b" */
static const char *module_path(struct plan *pl, const char *module_address)
{
	const char *p = module_address;
	char *out, *o;

	if (!p)
		return "";
	/* the path is never longer than the address; called for every
	 * element and reference, so it is written in place, not through an
	 * sbuf */
	o = out = arena_alloc(&pl->tmp, strlen(p) + 1);
	while (str_startswith(p, "module.")) {
		p += 7;
		if (o > out)
			*o++ = '.';
		while (*p && *p != '.' && *p != '[')
			*o++ = *p++;
		if (*p == '[') {
			/* skip the key, which may hold dots inside quotes */
			bool quoted = false;
			for (p++; *p && (quoted || *p != ']'); p++)
				if (*p == '"')
					quoted = !quoted;
			if (*p)
				p++;
		}
		if (*p == '.')
			p++;
	}
	*o = '\0';
	return out;
}

/*
 * Split an absolute resource address into its module instance address
 * ("module.a[0].module.b", NULL in the root) and the rest ("aws_vpc.x[1]").
 */
static const char *split_address(struct plan *pl, const char *addr, const char **rest)
{
	const char *last = NULL, *q;
	bool quoted = false;

	*rest = addr;
	for (const char *p = addr; (p = strstr(p, "module.")); p += 7)
		if (p == addr || p[-1] == '.')
			last = p;
	if (!last)
		return NULL;
	for (q = last + 7; *q && (quoted || *q != '.'); q++)
		if (*q == '"')
			quoted = !quoted;
	*rest = *q ? q + 1 : q;
	return arena_strndup(&pl->tmp, addr, (size_t)(q - addr));
}

/* The part of an absolute address before its last "module.x[..]." step. */
static const char *parent_module_address(struct plan *pl, const char *maddr)
{
	const char *last = NULL;

	if (!maddr || !*maddr)
		return NULL;
	for (const char *p = maddr; (p = strstr(p, "module.")); p += 7)
		if (p == maddr || p[-1] == '.')
			last = p;
	if (!last || last == maddr)
		return "";
	return arena_strndup(&pl->tmp, maddr, (size_t)(last - maddr - 1));
}

/* --- facts from one resource ------------------------------------------ */

/* What the actions of a change say, one action at a time. */
struct actions {
	bool create, del, update;
};

static void actions_add(struct actions *ac, const char *s)
{
	ac->create |= strcmp(s, "create") == 0;
	ac->del |= strcmp(s, "delete") == 0;
	ac->update |= strcmp(s, "update") == 0;
	/* "read" leaves the resource as it is; "forget" drops it from state,
	 * not from AWS: it stays */
}

static enum lifecycle actions_lifecycle(const struct actions *ac)
{
	if (ac->create && ac->del)
		return LC_REPLACE;
	if (ac->create)
		return LC_CREATE;
	if (ac->del)
		return LC_DELETE;
	if (ac->update)
		return LC_UPDATE;
	return LC_EXISTING;
}

/* What an element shows of an instance: its attributes (after, or before
 * for a delete, with after_unknown) and its lifecycle. */
struct view {
	struct tf_json_attrs attrs;
	enum lifecycle lc;
};

/* Pending links: an end of a connectivity link (key: the attribute) that
 * is not known.  (An association or subnet whose vpc_id is not known is
 * found in the facts by its VREF_NONE reference: no list of them.) */
struct pending {
	struct vpc_ref *ref;
	const struct resource *r;  /* its address says module instance and key */
	const char *key;
	struct pending *next;
};

struct plan_state {
	struct plan *pl;
	struct pending *pending;
	bool from_changes;          /* reading resource_changes (not prior state) */
};

/* An association or subnet whose vpc_id is not known: linked through the
 * configuration once it is all read. */
static void add_pending(struct plan_state *ps, struct vpc_ref *ref, const struct resource *r,
			const char *key)
{
	struct pending *p = arena_alloc(&ps->pl->a, sizeof(*p));

	p->ref = ref;
	p->r = r;
	p->key = key;
	p->next = ps->pending;
	ps->pending = p;
}

static struct cfg_res *cfg_lookup(struct plan *pl, const char *maddr, const char *local)
{
	struct cfg_module *m = strmap_get(&pl->modules, module_path(pl, maddr));
	return m ? strmap_get(&m->resources, local) : NULL;
}

/* One more instance of its resource: a VPC (vp), or a link named name. */
static void count_instance(struct plan *pl, struct vpc *vp, const char *name)
{
	const char *key = strrchr(name, '[');
	struct instances *in;
	char *base;

	if (!key || key[strlen(key) - 1] != ']')
		return;
	base = arena_strndup(&pl->tmp, name, (size_t)(key - name));
	if (!(in = strmap_get(&pl->instances, base))) {
		in = arena_alloc(&pl->a, sizeof(*in));
		strmap_put(&pl->instances, arena_strdup(&pl->a, base), in);
	}
	in->n++;
	in->last = vp;
	in->last_name = name;
}

static const char *seen_key(uintptr_t seen)
{
	uintptr_t p = seen & ~(uintptr_t)SEEN_BITS;

	return seen & SEEN_FACT ? ((const struct resource *)p)->name : (const char *)p;
}

static size_t seen_find(const struct seen_map *m, const char *addr, uint32_t h)
{
	size_t mask = m->cap - 1, i = h & mask;

	while (m->v[i] && (m->h[i] != h || strcmp(seen_key(m->v[i]), addr) != 0))
		i = (i + 1) & mask;
	return i;
}

static uintptr_t seen_get(struct plan *pl, const char *addr)
{
	const struct seen_map *m = &pl->seen;

	return m->cap ? m->v[seen_find(m, addr, (uint32_t)strmap_hash(addr))] : 0;
}

/* addr's slot, or the free one where it goes, with room made for it:
 * seen_fill() sets it, and nothing may change the map between the two. */
static size_t seen_slot(struct seen_map *m, const char *addr)
{
	uint32_t h = (uint32_t)strmap_hash(addr);
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3) {
		uintptr_t *ov = m->v;
		uint32_t *oh = m->h;
		size_t ocap = m->cap;

		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xcalloc(m->cap, sizeof(*m->v));
		m->h = xcalloc(m->cap, sizeof(*m->h));
		for (size_t j = 0; j < ocap; j++)
			if (ov[j]) {
				size_t k = oh[j] & (m->cap - 1);
				while (m->v[k])
					k = (k + 1) & (m->cap - 1);
				m->v[k] = ov[j];
				m->h[k] = oh[j];
			}
		free(ov);
		free(oh);
	}
	i = seen_find(m, addr, h);
	if (!m->v[i])
		m->h[i] = h; /* for seen_fill(); a free slot's is never read */
	return i;
}

static void seen_fill(struct seen_map *m, size_t i, uintptr_t seen)
{
	m->n += !m->v[i];
	m->v[i] = seen;
}

static void seen_release(struct seen_map *m)
{
	free(m->v);
	free(m->h);
	memset(m, 0, sizeof(*m));
}

/* The fact read at an address of which seen is known, or NULL. */
static const struct resource *seen_fact(uintptr_t seen)
{
	return seen & SEEN_FACT ? (const struct resource *)(seen & ~(uintptr_t)SEEN_BITS) : NULL;
}

/* Returns the name of the fact read, or NULL; slot is addr's in the map
 * of addresses seen (seen_slot()), mark more bits to set with SEEN_FACT. */
static const char *add_resource(struct plan_state *ps, size_t slot, const char *addr,
				const char *type, const struct view *v, bool data, uintptr_t mark)
{
	struct plan *pl = ps->pl;
	struct tf_json_attrs attrs = v->attrs;
	struct tf_instance in;
	struct tf_fact out;
	uintptr_t seen = pl->seen.v[slot];

	if (seen & SEEN_FACT)
		return NULL; /* seen in resource_changes already */
	memset(&in, 0, sizeof(in));
	in.type = type;
	in.address = addr;
	in.lc = v->lc;
	in.data = data;
	in.source = "the plan";
	in.loc.src = loc_src(&pl->f->srcs, pl->f->file, NULL);
	/* the provider's region is filled in by vpc_regions() once the
	 * configuration has been read */
	in.account = pl->opt ? pl->opt->account : NULL;
	in.keep_tags = pl->opt ? pl->opt->keep_tags : NULL;
	tf_json_instance(&in, &attrs);
	if (!tf_instance_facts(pl->f, &in, &out))
		return NULL;
	/* out.r's name is addr's copy: the key from now on */
	seen_fill(&pl->seen, slot, (uintptr_t)out.r | (seen & SEEN_BITS) | SEEN_FACT | mark);
	if (out.vpc) {
		count_instance(pl, out.vpc, out.vpc->r.name);
	} else if (out.kind == RES_LINK) {
		count_instance(pl, NULL, out.r->name);
		for (size_t i = 0; i < out.nunknown_ends; i++)
			add_pending(ps, out.unknown_ends[i].ref, out.r, out.unknown_ends[i].key);
	}
	return out.r->name;
}

/* addr, of slot (seen_slot()), was met in resource_changes and gave no
 * fact. */
static void mark_changed(struct plan *pl, size_t slot, const char *addr)
{
	uintptr_t seen = pl->seen.v[slot];

	/* an address already in the map keeps its key: addr need not last */
	if (!seen) {
		size_t n = strlen(addr) + 1;
		seen = (uintptr_t)memcpy(arena_alloc(&pl->a, n), addr, n);
	}
	seen_fill(&pl->seen, slot, seen | SEEN_CHANGE);
}

/* The members of a resource_changes element that are read, from either
 * form of it (a tape or a cJSON tree).  Strings are NULL when absent,
 * not strings or empty. */
struct rc_fields {
	const char *type, *mode, *addr;
	bool deposed;          /* a deposed object: not the instance itself */
	bool change;           /* there is a change member */
	bool change_ok;        /* an object with a list of actions */
	struct view v;         /* change_ok: what it shows */
	bool vals_ok;          /* v's values are an object */
};

static void rc_element(struct plan_state *ps, const struct rc_fields *rf, const char *s)
{
	struct plan *pl = ps->pl;
	size_t slot;
	uintptr_t seen;

	arena_reset(&pl->tmp);
	discard_before(pl, s);
	if (!tf_type_relevant(rf->type) || !rf->addr || !rf->change || rf->deposed)
		return;
	slot = seen_slot(&pl->seen, rf->addr);
	seen = pl->seen.v[slot];
	if (seen & SEEN_CHANGE) {
		plan_shape(pl, s, "'%s' is listed twice in resource_changes: the second is ignored", rf->addr);
		return;
	}
	if (!rf->change_ok) {
		mark_changed(pl, slot, rf->addr);
		plan_shape(pl, s, "the change of '%s' has no list of actions: skipped", rf->addr);
		return;
	}
	if (!rf->vals_ok ||
	    !add_resource(ps, slot, rf->addr, rf->type, &rf->v, str_eq(rf->mode, "data"), SEEN_CHANGE))
		mark_changed(pl, slot, rf->addr);
}

static void rc_fields_cjson(struct rc_fields *rf, const cJSON *rc)
{
	const cJSON *change = cJSON_GetObjectItemCaseSensitive(rc, "change");
	const cJSON *actions = cJSON_GetObjectItemCaseSensitive(change, "actions"), *it;
	struct actions ac = {false, false, false};
	bool del;

	rf->type = jstr(rc, "type");
	rf->mode = jstr(rc, "mode");
	rf->addr = jstr(rc, "address");
	rf->deposed = jstr(rc, "deposed") != NULL;
	rf->change = change != NULL;
	rf->change_ok = cJSON_IsArray(actions) && cJSON_IsObject(change);
	if (!rf->change_ok)
		return;
	cJSON_ArrayForEach(it, actions)
		actions_add(&ac, cJSON_IsString(it) ? it->valuestring : "");
	rf->v.lc = actions_lifecycle(&ac);
	del = rf->v.lc == LC_DELETE;
	rf->v.attrs.vals = cJSON_GetObjectItemCaseSensitive(change, del ? "before" : "after");
	rf->v.attrs.unknown = del ? NULL : cJSON_GetObjectItemCaseSensitive(change, "after_unknown");
	rf->vals_ok = cJSON_IsObject(rf->v.attrs.vals);
}

/* A non-empty string member of the tape's object o, decoded, or NULL. */
static const char *tape_str(struct plan *pl, size_t o, const char *key)
{
	size_t v = jtape_get(&pl->tape, o, key);

	return jtape_is(&pl->tape, v, JT_STRING) && pl->tape.t[v].len > 2
		       ? jtape_string(&pl->tape, v, &pl->json)
		       : NULL;
}

static void rc_fields_tape(struct plan *pl, struct rc_fields *rf)
{
	const struct jtape *tp = &pl->tape;
	size_t change = jtape_get(tp, 0, "change");
	size_t actions = jtape_get(tp, change, "actions");
	struct actions ac = {false, false, false};
	bool del;

	rf->type = tape_str(pl, 0, "type");
	if (!tf_type_relevant(rf->type))
		return;
	rf->mode = tape_str(pl, 0, "mode");
	rf->addr = tape_str(pl, 0, "address");
	rf->deposed = tape_str(pl, 0, "deposed") != NULL;
	rf->change = change != JT_NONE;
	rf->change_ok = jtape_is(tp, actions, JT_ARRAY) && jtape_is(tp, change, JT_OBJECT);
	if (!rf->change_ok)
		return;
	for (size_t e = jtape_first(tp, actions); e != JT_NONE; e = jtape_next_elem(tp, actions, e))
		actions_add(&ac, jtape_is(tp, e, JT_STRING) ? jtape_string(tp, e, &pl->json) : "");
	rf->v.lc = actions_lifecycle(&ac);
	del = rf->v.lc == LC_DELETE;
	rf->v.attrs.tape = tp;
	rf->v.attrs.strings = &pl->json;
	rf->v.attrs.tvals = jtape_get(tp, change, del ? "before" : "after");
	rf->v.attrs.tunknown = del ? JT_NONE : jtape_get(tp, change, "after_unknown");
	rf->vals_ok = jtape_is(tp, rf->v.attrs.tvals, JT_OBJECT);
}

/*
 * Most of a real plan's resource_changes are of types no rule reads (IAM,
 * S3, Lambda): such an element is skipped from its text, found by the
 * structure scan alone, without building its cJSON tree.  Terraform
 * writes "type" among the first members; an element whose type cannot be
 * told that way (escapes, no string) is parsed as every other.
 */
struct rc_peek {
	char type[128];
	bool found;
};

static bool rc_peek_member(void *arg, const char *key, size_t len, const char *v, const char *vend)
{
	struct rc_peek *pk = arg;
	size_t n;

	if (!jscan_key_is(key, len, "type"))
		return true;
	n = (size_t)(vend - v);
	if (*v == '"' && n >= 2 && n - 2 < sizeof(pk->type) && !memchr(v, '\\', n)) {
		memcpy(pk->type, v + 1, n - 2);
		pk->type[n - 2] = '\0';
		pk->found = true;
	}
	return false;
}

static const char *rc_consume(void *arg, const char *v, const char *end, struct jscan_error *err)
{
	struct plan_state *ps = arg;
	struct plan *pl = ps->pl;
	struct rc_peek pk;
	struct jscan_error ignored;
	struct rc_fields rf;
	const char *vend;
	cJSON *el;

	arena_reset(&pl->json);
	memset(&rf, 0, sizeof(rf));
	pk.found = false;
	/* the tape takes nearly every element Terraform writes, of any type
	 * (rc_element skips those no rule reads); the scanner skips the
	 * others that it can tell are of such a type, and cJSON reads (or
	 * refuses, saying why) the rest */
	if (jtape_parse(&pl->tape, v, end, &vend)) {
		rc_fields_tape(pl, &rf);
	} else if (*v == '{' && jscan_object(v, end, rc_peek_member, &pk, &ignored) == 0 &&
		   pk.found && !tf_type_relevant(pk.type)) {
		discard_before(pl, v);
		return jscan_value(v, end, err);
	} else {
		if (!(el = jscan_parse(v, end, &pl->json, &vend, err)))
			return NULL;
		rc_fields_cjson(&rf, el);
	}
	rc_element(ps, &rf, v);
	if (pl->failed) {
		err->at = v;
		err->why = "stopped";
		return NULL;
	}
	return vend;
}

/* --- prior state and planned values ------------------------------------ */

static void state_resource(void *arg, const cJSON *r, const char *s, const char *e)
{
	struct plan_state *ps = arg;
	struct plan *pl = ps->pl;
	const char *type, *addr;

	(void)e;
	arena_reset(&pl->tmp);
	discard_before(pl, s);
	type = jstr(r, "type");
	addr = jstr(r, "address");
	if (tf_type_relevant(type) && addr) {
		struct view v = {.attrs = {.vals = cJSON_GetObjectItemCaseSensitive(r, "values")},
				 .lc = ps->from_changes ? LC_DECLARED : LC_EXISTING};
		if (cJSON_IsObject(v.attrs.vals))
			add_resource(ps, seen_slot(&pl->seen, addr), addr, type, &v,
				     str_eq(jstr(r, "mode"), "data"), 0);
	}
}

static void state_shape(void *arg, const char *at, const char *msg)
{
	struct plan_state *ps = arg;

	plan_error(ps->pl, at, "%s", msg);
}

/* prior_state and planned_values: the `values` of a state. */
static const char *values_walk(struct plan_state *ps, const char *v, const char *end,
			       struct jscan_error *err)
{
	struct tf_values_walker w = {state_resource, state_shape, ps, &ps->pl->json};

	return tf_values_walk(&w, v, end, err);
}

static const char *prior_member(void *arg, const char *key, size_t len, const char *v,
				const char *end, struct jscan_error *err)
{
	if (jscan_key_is(key, len, "values"))
		return values_walk(arg, v, end, err);
	return jscan_value(v, end, err);
}

/* --- linking through the configuration -------------------------------- */

/* a, then sep when it is not NUL, then b, in the scratch arena: for the
 * addresses put together for every reference (no printf). */
static const char *tmp_join(struct plan *pl, const char *a, char sep, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), ls = sep != '\0';
	char *out = arena_alloc(&pl->tmp, la + ls + lb + 1);

	memcpy(out, a, la);
	out[la] = sep;
	memcpy(out + la + ls, b, lb + 1);
	return out;
}

static const char *abs_address(struct plan *pl, const char *maddr, const char *local)
{
	return maddr && *maddr ? tmp_join(pl, maddr, '.', local) : local;
}

/*
 * Split a reference like aws_vpc.main["a"].id into type, name and key.
 * any: a reference to any resource a fact is made of (a link's end: the
 * peering, the route table, the VPC), else to a VPC only (vpc_id).
 */
static bool parse_fact_ref(struct plan *pl, const char *ref, bool any, const char **local,
			   const char **key)
{
	static const char *const types[] = {"aws_vpc.", "aws_default_vpc.", "data.aws_vpc."};
	const char *p = NULL, *name = ref, *end;

	for (size_t i = 0; i < ARRAY_SIZE(types) && !p; i++)
		if (str_startswith(ref, types[i]))
			p = ref + strlen(types[i]);
	if (!p && any && !str_startswith(ref, "data.") && (p = strchr(ref, '.'))) {
		const char *type = arena_strndup(&pl->tmp, ref, (size_t)(p - ref));
		p = tf_type_relevant(type) ? p + 1 : NULL;
	}
	if (!p)
		return false;
	end = p;
	while (*end && *end != '.' && *end != '[')
		end++;
	*local = arena_strndup(&pl->tmp, name, (size_t)(end - name));
	*key = "";
	if (*end == '[') {
		const char *close = end;
		bool quoted = false;
		for (close++; *close && (quoted || *close != ']'); close++)
			if (*close == '"')
				quoted = !quoted;
		if (*close)
			*key = arena_strndup(&pl->tmp, end, (size_t)(close - end + 1));
	}
	return true;
}

/* The name of the fact at address addr (a VPC when !any), or NULL. */
static const char *fact_at(struct plan *pl, const char *addr, bool any)
{
	const struct resource *r = seen_fact(seen_get(pl, addr));

	return r && (any || r->kind == RES_VPC) ? r->name : NULL;
}

/* The fact at local address in module instance maddr, pairing keys: its
 * name (a VPC's when !any), or NULL with why. */
static const char *find_fact(struct plan *pl, const char *maddr, const char *local,
			     const char *key, const char *index, bool any, const char **why)
{
	const char *base = abs_address(pl, maddr, local);
	const char *v;

	if (*key) {
		v = fact_at(pl, tmp_join(pl, base, '\0', key), any);
		if (!v)
			*why = arena_printf(&pl->a, "%s%s is not in the plan", base, key);
		return v;
	}
	if ((v = fact_at(pl, base, any)))
		return v;
	/* the reference names no instance: the one with the same key as the
	 * association (both count or for_each over the same collection) */
	if (index && *index && (v = fact_at(pl, tmp_join(pl, base, '\0', index), any)))
		return v;
	/* or the only instance there is */
	struct instances *in = strmap_get(&pl->instances, base);
	if (in && in->n == 1 && (any || in->last))
		return any ? in->last_name : in->last->r.name;
	*why = in ? arena_printf(&pl->a, "the reference %s names no instance of its %zu and the keys do not pair", local, in->n)
		  : arena_printf(&pl->a, "%s is not in the plan", base);
	return NULL;
}

/*
 * What the references of an expression name, following module outputs,
 * variables and the locals of a known registry module: the name of a VPC
 * of the plan, or with any of any fact (a link's end); NULL with why.
 * what names the attribute for messages ("vpc_id").
 */
static const char *resolve_refs(struct plan *pl, const struct refs *refs, const char *maddr,
				const char *index, bool any, const char *what, unsigned depth,
				const char **why)
{
	if (depth > TF_MAX_MODULE_DEPTH) {
		*why = "references loop through modules";
		return NULL;
	}
	for (size_t i = 0; refs && i < refs->n; i++) {
		const char *ref = refs->v[i], *local, *key;
		if (parse_fact_ref(pl, ref, any, &local, &key))
			return find_fact(pl, maddr, local, key, index, any, why);
	}
	for (size_t i = 0; refs && i < refs->n; i++) {
		const char *ref = refs->v[i];
		struct cfg_module *m = strmap_get(&pl->modules, module_path(pl, maddr));
		if (str_startswith(ref, "module.") && m) {
			/* module.X.OUT: follow the child's output */
			const char *p = ref + 7, *dot = strchr(p, '.');
			char *child_name;
			struct cfg_module *child;
			struct refs *out;
			if (!dot || strchr(p, '['))
				continue;
			child_name = arena_strndup(&pl->a, p, (size_t)(dot - p));
			child = strmap_get(&m->calls, child_name);
			if (!child || child->repeated)
				continue;
			const char *oname = dot + 1, *odot = strchr(oname, '.');
			if (odot)
				oname = arena_strndup(&pl->a, oname, (size_t)(odot - oname));
			out = strmap_get(&child->outputs, oname);
			if (out)
				return resolve_refs(pl, out, abs_address(pl, maddr, arena_printf(&pl->a, "module.%s", child_name)),
						    index, any, what, depth + 1, why);
		} else if (str_startswith(ref, "var.") && m && m->parent) {
			/* var.X inside a module: the argument of its call */
			const char *name = ref + 4, *dot = strchr(name, '.');
			struct refs *arg;
			if (dot || strchr(name, '['))
				continue;
			arg = strmap_get(&m->args, name);
			if (arg)
				return resolve_refs(pl, arg, parent_module_address(pl, maddr), "", any, what,
						    depth + 1, why);
		} else if (str_startswith(ref, "local.") && m && m->registry && !strchr(ref + 6, '.') &&
			   !strchr(ref + 6, '[')) {
			/* a plan does not record locals, but this module's text says
			 * what the local refers to (terraform-aws-modules/vpc v3 on:
			 * every subnet's vpc_id is local.vpc_id) */
			struct refs lr;
			lr.v = tf_registry_local_refs(&pl->a, m->registry, ref + 6, &lr.n);
			if (lr.n)
				return resolve_refs(pl, &lr, maddr, index, any, what, depth + 1, why);
			*why = arena_printf(&pl->a, "%s comes from %s, and a plan does not record locals", what, ref);
			return NULL;
		} else if (str_startswith(ref, "local.")) {
			*why = arena_printf(&pl->a, "%s comes from %s, and a plan does not record locals", what, ref);
			return NULL;
		}
	}
	if (!*why || !refs || !refs->n)
		*why = refs && refs->n ? arena_printf(&pl->a, "%s comes from %s, which names no %s of the plan", what,
						      refs->v[0], any ? "resource" : "VPC")
				       : arena_printf(&pl->a, "%s is known only after apply and the configuration records no reference", what);
	return NULL;
}

/* "aws_vpc.main" of "aws_vpc.main[0]"; in the tmp arena. */
static const char *local_of(struct plan *pl, const char *rest)
{
	const char *key = strchr(rest, '[');
	return key ? arena_strndup(&pl->tmp, rest, (size_t)(key - rest)) : rest;
}

/* Link ref, of resource r, through the configuration: key is the
 * attribute of a link's end, NULL for the vpc_id of an association or
 * subnet. */
static void link_ref(struct plan *pl, struct vpc_ref *ref, const struct resource *r,
		     const char *key)
{
	const char *why = NULL, *rest, *maddr, *index, *local;
	const struct refs *refs;
	struct cfg_res *cr;
	const char *v;

	arena_reset(&pl->tmp);
	maddr = split_address(pl, r->name, &rest);
	local = local_of(pl, rest);
	index = strchr(rest, '[');
	if (!(cr = cfg_lookup(pl, maddr, local))) {
		ref->why = fstr(pl, arena_printf(&pl->tmp, "%s (the configuration does not list %s)",
						 ref->why, local));
		return;
	}
	refs = key ? NULL : &cr->vpc_refs;
	for (size_t i = 0; key && i < cr->nattrs && !refs; i++)
		if (str_eq(cr->attrs[i].name, key))
			refs = &cr->attrs[i].refs;
	v = resolve_refs(pl, refs, maddr, index ? index : "", key != NULL, key ? key : "vpc_id", 0,
			 &why);
	if (v) {
		ref->kind = VREF_LOCAL;
		ref->name = v;
	} else {
		ref->why = fstr(pl, why);
	}
}

static void link_pending(struct plan_state *ps)
{
	struct plan *pl = ps->pl;
	struct facts *f = pl->f;

	for (size_t i = 0; i < f->nassocs; i++)
		if (f->assocs[i]->ref.kind == VREF_NONE)
			link_ref(pl, &f->assocs[i]->ref, &f->assocs[i]->r, NULL);
	for (size_t i = 0; i < f->nsubnets; i++)
		if (f->subnets[i]->ref.kind == VREF_NONE)
			link_ref(pl, &f->subnets[i]->ref, &f->subnets[i]->r, NULL);
	for (struct pending *p = ps->pending; p; p = p->next)
		link_ref(pl, p->ref, p->r, p->key);
}

/* A VPC's region: its own attribute (provider v6), else its provider's
 * constant region, else the one region of all providers, else --region. */
static void vpc_regions(struct plan *pl)
{
	for (size_t i = 0; i < pl->f->nvpcs; i++) {
		struct resource *r = &pl->f->vpcs[i]->r;
		const char *rest, *maddr, *region;
		struct cfg_res *cr;

		if (r->place->region)
			continue;
		arena_reset(&pl->tmp);
		maddr = split_address(pl, r->name, &rest);
		if (str_startswith(rest, "data."))
			rest += 5;
		cr = cfg_lookup(pl, maddr, local_of(pl, rest));
		region = cr && cr->provider ? strmap_get(&pl->regions, cr->provider) : NULL;
		if (!region)
			region = pl->only_region ? pl->only_region : pl->opt ? pl->opt->region : NULL;
		resource_set_where(pl->f, r, facts_intern(pl->f, region), r->place->account);
	}
}

/* --- locations -------------------------------------------------------- */

/* The attribute that says most about a value: the CIDR, or what IPAM or
 * Amazon is asked for. */
static const char *value_attr(const struct cidr_value *v, int family)
{
	bool six = family == 6;

	if (v->state == VAL_CONSTRAINED && v->amazon)
		return "assign_generated_ipv6_cidr_block";
	if (v->state == VAL_CONSTRAINED && v->netmask >= 0)
		return six ? "ipv6_netmask_length" : "ipv4_netmask_length";
	if (v->state == VAL_CONSTRAINED && cidr_value_pool(v))
		return six ? "ipv6_ipam_pool_id" : "ipv4_ipam_pool_id";
	return six ? "ipv6_cidr_block" : "cidr_block";
}

static void locate(struct plan *pl, struct resource *r, struct cidr_value **vals,
		   const int *families, size_t nvals)
{
	const char *local, *maddr;
	const char *kind = "resource";
	struct cfg_module *m;
	struct loc loc;
	char *type, *rname, *dot;

	arena_reset(&pl->tmp);
	maddr = split_address(pl, r->name, &local);
	if (str_startswith(local, "data.")) {
		local += 5;
		kind = "data";
	}
	type = arena_strdup(&pl->tmp, local);
	if (!(dot = strchr(type, '.')))
		return;
	*dot = '\0';
	rname = dot + 1;
	if ((dot = strchr(rname, '[')))
		*dot = '\0';
	m = strmap_get(&pl->modules, module_path(pl, maddr));
	if (!m)
		m = pl->root;
	/* in a module whose source is not local, point at the module call */
	while (m && !m->dir && m->parent) {
		if (m->parent->dir && tfsource_find(pl->src, m->parent->dir, "module", m->call_name, NULL, NULL, &loc)) {
			loc_set_file(&pl->f->srcs, &loc, facts_intern(pl->f, loc_file(&loc)));
			r->loc = loc;
			for (size_t i = 0; i < nvals; i++)
				vals[i]->loc = loc;
			return;
		}
		m = m->parent;
	}
	if (!m || !m->dir || !tfsource_find(pl->src, m->dir, kind, type, rname, NULL, &loc))
		return;
	loc_set_file(&pl->f->srcs, &loc, facts_intern(pl->f, loc_file(&loc)));
	r->loc = loc;
	for (size_t i = 0; i < nvals; i++) {
		vals[i]->loc = r->loc;
		if (tfsource_find(pl->src, m->dir, kind, type, rname,
				  value_attr(vals[i], families[i]), &loc)) {
			loc.src = r->loc.src;
			vals[i]->loc = loc;
		}
	}
}

/* Does any module of the configuration have .tf files to point at?  When
 * none has (a plan without its source), no fact is located one by one. */
static bool any_source(struct plan *pl)
{
	for (size_t i = 0; i < pl->modules.cap; i++) {
		const struct cfg_module *m = pl->modules.slots[i].key ? pl->modules.slots[i].value : NULL;
		if (m && m->dir && tfsource_has_blocks(pl->src, m->dir))
			return true;
	}
	return false;
}

static void locate_all(struct plan *pl)
{
	struct facts *f = pl->f;
	bool src = any_source(pl);

	for (size_t i = 0; i < f->nvpcs; i++) {
		struct vpc *v = f->vpcs[i];
		struct cidr_value *vals[4];
		int fams[4];
		size_t n = 0;
		for (size_t k = 0; k < v->nown && n < ARRAY_SIZE(vals); k++, n++) {
			vals[n] = &v->own[k].v;
			fams[n] = v->own[k].family;
		}
		if (src)
			locate(pl, &v->r, vals, fams, n);
	}
	for (size_t i = 0; i < f->nassocs; i++) {
		struct assoc *a = f->assocs[i];
		struct cidr_value *vals[1] = {&a->block.v};
		int fams[1] = {a->block.family};
		if (src)
			locate(pl, &a->r, vals, fams, 1);
		a->ref.loc = a->r.loc;
	}
	for (size_t i = 0; i < f->nsubnets; i++) {
		struct subnet *s = f->subnets[i];
		struct cidr_value *vals[2] = {&s->v4, s->v6};
		int fams[2] = {4, 6};
		if (src)
			locate(pl, &s->r, vals, fams, s->v6 ? 2 : 1);
		s->ref.loc = s->r.loc;
	}
}

/* --- the plan --------------------------------------------------------- */

/*
 * An entry of deferred_changes (Terraform 1.8 and later): a change this
 * plan does not make, planned in a later run once what it waits for is
 * known.  Nothing of it is read as a fact; a resource of ours is a note
 * (CIDR401), never left out without a word.
 */
static bool deferred_change(void *arg, const char *v, const char *vend)
{
	struct plan *pl = arg;
	struct jscan_error err;
	const char *end;
	const cJSON *el, *rc;
	const char *addr, *type, *reason;

	arena_reset(&pl->json);
	if (!(el = jscan_parse(v, vend, &pl->json, &end, &err)))
		return true;
	rc = cJSON_GetObjectItemCaseSensitive(el, "resource_change");
	addr = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rc, "address"));
	type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rc, "type"));
	reason = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(el, "reason"));
	if (addr && type && tf_type_relevant(type) &&
	    !str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rc, "mode")), "data"))
		facts_add_note(pl->f, NOTE_UNRESOLVED,
			       (struct loc){.src = loc_src(&pl->f->srcs, pl->f->file, NULL)}, fstr(pl, addr),
			       "the change of '%s' is deferred by Terraform (%s): it is planned in a "
			       "later run, so nothing of it was checked",
			       addr, reason ? reason : "no reason given");
	return true;
}

struct top {
	struct plan_state *ps;
	const char *fv, *fv_end;
	bool changes;                       /* resource_changes was read */
	const char *prior, *prior_end;      /* seen before resource_changes: read later */
	const char *planned, *planned_end;  /* read only when there are no changes */
};

static const char *top_member(void *arg, const char *key, size_t len, const char *v,
			      const char *end, struct jscan_error *err)
{
	struct top *t = arg;
	struct plan *pl = t->ps->pl;
	const char *vend;

	if (pl->opt && pl->opt->top_key)
		pl->opt->top_key(pl->opt->top_key_ctx, key, len);
	if (jscan_key_is(key, len, "resource_changes")) {
		t->changes = true;
		t->ps->from_changes = true;
		return jscan_array_consume(v, end, rc_consume, t->ps, err);
	}
	if (jscan_key_is(key, len, "prior_state") && t->changes) {
		t->ps->from_changes = false;
		return jscan_object_consume(v, end, prior_member, t->ps, err);
	}
	if (!(vend = jscan_value(v, end, err)))
		return NULL;
	if (jscan_key_is(key, len, "format_version")) {
		t->fv = v;
		t->fv_end = vend;
	} else if (jscan_key_is(key, len, "prior_state")) {
		t->prior = v;
		t->prior_end = vend;
	} else if (jscan_key_is(key, len, "planned_values")) {
		t->planned = v;
		t->planned_end = vend;
	} else if (jscan_key_is(key, len, "deferred_changes")) {
		struct jscan_error derr;
		(void)jscan_array(v, vend, deferred_change, pl, &derr);
	} else if (jscan_key_is(key, len, "configuration")) {
		struct jscan_error cerr;
		if (jscan_object(v, vend, cfg_member, pl, &cerr))
			plan_error(pl, cerr.at, "invalid JSON in the configuration: %s", cerr.why);
		if (pl->opt && pl->opt->discard)
			mem_discard(v, vend);
	}
	return vend;
}

static bool check_version(struct plan *pl, const struct top *t)
{
	char v[32];
	size_t n;

	if (!t->fv || *t->fv != '"' || (n = (size_t)(t->fv_end - t->fv)) < 3 || n - 2 >= sizeof(v)) {
		plan_error(pl, t->fv, "format_version must be a string such as \"1.2\"");
		return false;
	}
	memcpy(v, t->fv + 1, n - 2);
	v[n - 2] = '\0';
	if (!(v[0] == '0' || v[0] == '1') || v[1] != '.') {
		plan_error(pl, t->fv, "unsupported plan format_version \"%s\": cidrlint reads 0.x and 1.x", v);
		return false;
	}
	return true;
}

static char *plan_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

static bool has_tf_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		found = l > 3 && strcmp(de->d_name + l - 3, ".tf") == 0;
	}
	closedir(d);
	return found;
}

/*
 * The root module's directory: the plan's own when it holds .tf files
 * (`terraform show -json > infra/plan.json` run in infra/), else
 * --source-root (a plan written to an artifacts directory), else the
 * plan's directory all the same.
 */
static const char *root_module_dir(const char *dir, const struct tfplan_options *opt)
{
	if (!opt || !opt->source_root || has_tf_files(dir))
		return dir;
	return opt->source_root;
}

struct facts *tfplan_facts(const char *path, const char *rel, const char *buf, size_t len,
			   const struct tfplan_options *opt, struct errlist *errs)
{
	struct plan pl;
	struct plan_state ps;
	struct top t;
	struct jscan_error err;
	char *dir;

	memset(&pl, 0, sizeof(pl));
	memset(&t, 0, sizeof(t));
	pl.path = path;
	pl.buf = buf;
	pl.end = buf + len;
	pl.opt = opt;
	pl.errs = errs;
	arena_init(&pl.a);
	arena_init(&pl.tmp);
	arena_init(&pl.json);
	jtape_init(&pl.tape);
	pl.kept = buf;
	strmap_init(&pl.instances);
	strmap_init(&pl.modules);
	strmap_init(&pl.regions);
	pl.f = facts_new(path, rel, INPUT_TFPLAN);
	dir = plan_dir(path);
	pl.src = tfsource_new(root_module_dir(dir, opt));
	if (has_tf_files(root_module_dir(dir, opt)))
		pl.f->tf_root = facts_str(pl.f, root_module_dir(dir, opt));
	free(dir);
	pl.root = arena_alloc(&pl.a, sizeof(*pl.root));
	pl.root->path = "";
	pl.root->dir = "";
	strmap_init(&pl.root->resources);
	strmap_init(&pl.root->calls);
	strmap_init(&pl.root->args);
	strmap_init(&pl.root->outputs);
	strmap_put(&pl.modules, "", pl.root);

	memset(&ps, 0, sizeof(ps));
	ps.pl = &pl;
	t.ps = &ps;
	if (!jscan_object_consume(buf, buf + len, top_member, &t, &err)) {
		if (!pl.failed)
			plan_error(&pl, err.at, "invalid JSON: %s", err.why);
		goto out;
	}
	if (!check_version(&pl, &t))
		goto out;
	/* the rare orders: state before the changes, or no changes at all */
	ps.from_changes = true;
	if (!t.changes && t.planned && !pl.failed &&
	    !values_walk(&ps, t.planned, t.planned_end, &err))
		plan_error(&pl, err.at, "invalid JSON in planned_values: %s", err.why);
	ps.from_changes = false;
	if (t.prior && !pl.failed &&
	    !jscan_object_consume(t.prior, t.prior_end, prior_member, &ps, &err))
		plan_error(&pl, err.at, "invalid JSON in prior_state: %s", err.why);
	if (!pl.failed) {
		link_pending(&ps);
		vpc_regions(&pl);
		locate_all(&pl);
	}
out:
	for (size_t i = 0; i < pl.modules.cap; i++) {
		struct cfg_module *m = pl.modules.slots[i].key ? pl.modules.slots[i].value : NULL;
		if (!m)
			continue;
		strmap_release(&m->resources);
		strmap_release(&m->calls);
		strmap_release(&m->args);
		strmap_release(&m->outputs);
	}
	strmap_release(&pl.modules);
	strmap_release(&pl.regions);
	seen_release(&pl.seen);
	strmap_release(&pl.instances);
	tfsource_free(pl.src);
	arena_release(&pl.a);
	arena_release(&pl.tmp);
	arena_release(&pl.json);
	jtape_release(&pl.tape);
	if (pl.failed) {
		facts_free(pl.f);
		return NULL;
	}
	facts_intern_done(pl.f);
	return pl.f;
}
