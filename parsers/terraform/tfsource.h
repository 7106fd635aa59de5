/*
 * tfsource.h: finding Terraform resources in their .tf files, so that a
 * finding on a plan (one long line of JSON) points at the resource block,
 * or at the attribute inside it, where the user can fix it.
 *
 * Blocks are found with PCRE2 over `resource "TYPE" "NAME"` and
 * `module "NAME"` headers, one directory (module) at a time, each file
 * read once.  Ownership: a struct tfsource owns every string it returns;
 * tfsource_free() releases them.
 */
#ifndef CIDRLINT_TFSOURCE_H
#define CIDRLINT_TFSOURCE_H

#include "policies/facts.h"

struct tfsource;

/* root: the directory of the root module, as it should appear in paths. */
struct tfsource *tfsource_new(const char *root);
void tfsource_free(struct tfsource *ts);

/* Does dir (relative to the root) hold a resource, data or module block? */
bool tfsource_has_blocks(struct tfsource *ts, const char *dir);
/*
 * Where block `kind "a" "b"` (kind "resource" or "data": a = type, b = name; kind
 * "module": a = name, b = NULL) is declared in directory dir (relative to
 * the root; "" for the root).  With attr, the position of `attr =` inside
 * the block when present.  Returns true and fills *out.
 */
bool tfsource_find(struct tfsource *ts, const char *dir, const char *kind,
		   const char *a, const char *b, const char *attr, struct loc *out);

/*
 * Index text[0..len) as the .tf file path of directory dir, as if it had
 * been read there (after the directory's own files): for harnesses and
 * callers that hold the text already.  The text is copied.
 */
void tfsource_add_text(struct tfsource *ts, const char *dir, const char *path,
		       const char *text, size_t len);

/* Join a module directory and a local module source ("./modules/vpc");
 * NULL when the source is not a local path.  The result is owned by ts. */
const char *tfsource_module_dir(struct tfsource *ts, const char *dir, const char *source);

#endif
