/*
 * linehash.c: GitHub code scanning's primaryLocationLineHash (see
 * linehash.h).  The value must equal what upload-sarif would compute from
 * the same file, bit for bit, or GitHub would see every alert as new: so
 * this follows the reference algorithm's quirks exactly (UTF-16 code units,
 * a 0xFFFF end-of-file character, zero padding, signed 64-bit arithmetic
 * that wraps, printed unsigned in hex without leading zeros).
 */
#include "linter/linehash.h"
#include "policies/base.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define LH_BLOCK 100     /* characters hashed from each line start on */
#define LH_MOD 37u
#define LH_EOF 0xFFFFu   /* what the reference feeds after the last byte */

struct lh_state {
	uint16_t window[LH_BLOCK]; /* the last LH_BLOCK characters hashed */
	size_t starts[LH_BLOCK];   /* 1-based line starting at that slot, 0 none */
	unsigned idx;              /* next slot to overwrite */
	uint64_t hash;             /* over the window; wraps mod 2^64 */
	uint64_t pow_block;        /* LH_MOD^LH_BLOCK mod 2^64 */
	size_t line;               /* lines started so far */
	size_t cap;                /* allocated entries of out->v */
	bool line_start;           /* the next character kept starts a line */
	bool prev_cr;              /* the last character seen was CR */
	struct linehash *out;
};

/* The window's hash is final for the line that started LH_BLOCK kept
 * characters ago: record it before that slot is overwritten. */
static void lh_emit(struct lh_state *s)
{
	/* lines start in order, so this is line out->n + 1 */
	struct linehash_line *l = VEC_PUSH(s->out->v, s->out->n, s->cap);

	l->hash = s->hash;
	l->count = 0;
	s->starts[s->idx] = 0;
}

static void lh_roll(struct lh_state *s, uint16_t c)
{
	uint16_t leaving = s->window[s->idx];

	s->window[s->idx] = c;
	s->hash = s->hash * LH_MOD + c - s->pow_block * leaving;
	s->idx = (s->idx + 1) % LH_BLOCK;
}

static void lh_feed(struct lh_state *s, uint16_t c)
{
	/* spaces and tabs never count; LF right after CR is the same break */
	if (c == ' ' || c == '\t' || (s->prev_cr && c == '\n')) {
		s->prev_cr = false;
		return;
	}
	s->prev_cr = c == '\r';
	if (c == '\r')
		c = '\n';
	if (s->starts[s->idx])
		lh_emit(s);
	if (s->line_start) {
		s->line_start = false;
		s->starts[s->idx] = ++s->line;
	}
	if (c == '\n')
		s->line_start = true;
	lh_roll(s, c);
}

static void lh_feed_cp(struct lh_state *s, uint32_t cp)
{
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		lh_feed(s, (uint16_t)(0xD800 + (cp >> 10)));
		lh_feed(s, (uint16_t)(0xDC00 + (cp & 0x3FF)));
	} else {
		lh_feed(s, (uint16_t)cp);
	}
}

/* The text as Node decodes a file (utf8_next() follows the same standard). */
static void lh_feed_utf8(struct lh_state *s, const char *p, size_t len)
{
	uint32_t cp;

	for (size_t i = 0, n; i < len; i += n) {
		n = utf8_next(p + i, len - i, &cp);
		lh_feed_cp(s, cp);
	}
}

size_t linehash_utf16_len(const char *text, size_t len)
{
	size_t units = 0, n;
	uint32_t cp;

	for (size_t i = 0; i < len; i += n) {
		n = utf8_next(text + i, len - i, &cp);
		units += cp > 0xFFFF ? 2 : 1;
	}
	return units;
}

/* Number each line's hash by how many earlier lines share it. */
static void lh_count(struct linehash *lh)
{
	struct slot {
		uint64_t hash;
		uint64_t count; /* 0: empty */
	} *tab;
	size_t cap = 16;

	while (cap < lh->n * 2)
		cap *= 2;
	tab = xcalloc(cap, sizeof(*tab));
	for (size_t i = 0; i < lh->n; i++) {
		uint64_t h = lh->v[i].hash;
		size_t j = (size_t)(h ^ h >> 29) & (cap - 1);

		while (tab[j].count && tab[j].hash != h)
			j = (j + 1) & (cap - 1);
		tab[j].hash = h;
		lh->v[i].count = ++tab[j].count;
	}
	free(tab);
}

void linehash_compute(struct linehash *lh, const char *text, size_t len)
{
	struct lh_state *s = xcalloc(1, sizeof(*s));

	lh->v = NULL;
	lh->n = 0;
	s->out = lh;
	s->line_start = true;
	s->pow_block = 1;
	for (unsigned i = 0; i < LH_BLOCK; i++)
		s->pow_block *= LH_MOD;
	lh_feed_utf8(s, text, len);
	lh_feed(s, LH_EOF);
	/* the last lines see zeros where the text ran out */
	for (unsigned i = 0; i < LH_BLOCK; i++) {
		if (s->starts[s->idx])
			lh_emit(s);
		lh_roll(s, 0);
	}
	free(s);
	lh_count(lh);
}

void linehash_release(struct linehash *lh)
{
	free(lh->v);
	lh->v = NULL;
	lh->n = 0;
}

const char *linehash_format(const struct linehash *lh, size_t line,
			    char buf[LINEHASH_STRLEN])
{
	if (line < 1 || line > lh->n)
		return NULL;
	snprintf(buf, LINEHASH_STRLEN, "%" PRIx64 ":%" PRIu64, lh->v[line - 1].hash,
		 lh->v[line - 1].count);
	return buf;
}
