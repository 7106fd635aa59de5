/*
 * regex.c: bounded PCRE2 compilation and matching (see regex.h).
 */
#include "policies/regex.h"
#include "policies/base.h"

#include <stdlib.h>

static void *regex_alloc(PCRE2_SIZE size, void *data)
{
	(void)data;
	return xmalloc(size);
}

static void regex_release(void *p, void *data)
{
	(void)data;
	free(p);
}

/*
 * A general context per call: nothing is kept between calls, so the core
 * holds no PCRE2 state of its own (see base.h: the allocator is the only
 * process-wide setting).
 */
static pcre2_general_context *general_context(void)
{
	pcre2_general_context *g = pcre2_general_context_create(regex_alloc, regex_release, NULL);

	if (!g)
		abort(); /* xmalloc() never returns NULL */
	return g;
}

pcre2_code *regex_compile(const char *pattern, size_t len, uint32_t options, int *err,
			  size_t *erroff)
{
	pcre2_general_context *g = general_context();
	pcre2_compile_context *cc = pcre2_compile_context_create(g);
	PCRE2_SIZE off = 0;
	pcre2_code *re;

	re = pcre2_compile((PCRE2_SPTR)pattern, len, options, err, &off, cc);
	*erroff = off;
	pcre2_compile_context_free(cc);
	pcre2_general_context_free(g);
	return re;
}

int regex_match(const pcre2_code *re, const char *subject, size_t len, size_t start,
		size_t *match, unsigned ngroups)
{
	pcre2_general_context *g = general_context();
	pcre2_match_context *mc = pcre2_match_context_create(g);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, g);
	int rc;

	pcre2_set_match_limit(mc, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(mc, REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(mc, REGEX_HEAP_LIMIT_KIB);
	rc = pcre2_match(re, (PCRE2_SPTR)subject, len, start, 0, md, mc);
	if (rc >= 0 && match) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		/* rc is one more than the highest group set; the ovector is as
		 * large as the pattern's groups, since md was made from it */
		for (unsigned i = 0; i <= ngroups; i++) {
			bool set = i < (unsigned)rc;
			match[2 * i] = set ? ov[2 * i] : PCRE2_UNSET;
			match[2 * i + 1] = set ? ov[2 * i + 1] : PCRE2_UNSET;
		}
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
	pcre2_general_context_free(g);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
}

const char *regex_error_text(int code, char *buf, size_t size)
{
	if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, size) < 0 && size)
		buf[0] = '\0';
	return buf;
}
