/*
 * tfjson.h: what plans and states share, read from Terraform's JSON
 * (`terraform show -json`, terraform.tfstate): a resource instance's
 * attribute object shown to the one resource mapping (tfres.h), and the
 * walk over the `values` shape (root_module, its resources, its
 * child_modules, nested) that states, a plan's prior_state and its
 * planned_values all have.
 */
#ifndef CIDRLINT_TFJSON_H
#define CIDRLINT_TFJSON_H

#include "parsers/jsonelem.h"
#include "parsers/jsonscan.h"
#include "parsers/jsontape.h"
#include "parsers/terraform/tfres.h"

#define TF_MAX_MODULE_DEPTH 32

/* An instance's attributes: vals (after, before, values, attributes) and,
 * in a plan, after_unknown.  With j, positions and errors are those of the
 * current element of j at apath ("values", "instances/0/attributes").
 * With tape, vals and unknown are not used: the attributes are the tokens
 * tvals and tunknown (JT_NONE when absent) of the tape, and the strings
 * shown are decoded into strings. */
struct tf_json_attrs {
	const cJSON *vals;
	const cJSON *unknown;
	struct jel *j;
	const char *apath;
	const struct jtape *tape;
	size_t tvals, tunknown;
	struct arena *strings;
	/* the tape's last attributes read, by the address of their key: the
	 * mapping asks for a block's CIDR and pool up to three times each */
	struct tfj_memo {
		const char *key;
		struct tf_attr v;
	} memo[4];
	unsigned nmemo;           /* reads so far; zero it with the rest */
	uint64_t kvals, kunknown; /* jtape_key_mask() of both, from the first read */
};

/* Point in's get, locate, tags and error at a (which must outlive the call
 * to tf_instance_facts). */
void tf_json_instance(struct tf_instance *in, struct tf_json_attrs *a);

/*
 * Walk the `values` object at v (no leading white space): call each for
 * every element of root_module.resources and, depth-first in text order,
 * of every child module's, each parsed alone into json (reset before each)
 * with its span.  A wrong shape (a module that is not an object, resources
 * or child_modules that is not a list) is skipped after calling shape with
 * where it is and what is wrong.  Returns the end of the object, or NULL
 * with err when the text is not JSON or modules nest deeper than
 * TF_MAX_MODULE_DEPTH.
 */
struct tf_values_walker {
	void (*each)(void *ctx, const cJSON *resource, const char *v, const char *vend);
	void (*shape)(void *ctx, const char *at, const char *msg);
	void *ctx;
	struct arena *json;
};
const char *tf_values_walk(const struct tf_values_walker *w, const char *v, const char *end,
			   struct jscan_error *err);

/* An instance key as Terraform writes it in an address: [0] or ["a"]. */
void tf_index_key(struct sbuf *sb, const cJSON *key);

#endif
