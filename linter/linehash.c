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

/*
 * UTF-8 to code points the way Node decodes a file (the WHATWG decoder):
 * each maximal invalid subsequence becomes one U+FFFD, and the byte that
 * broke a sequence is read again.
 */
static void lh_feed_utf8(struct lh_state *s, const unsigned char *p, size_t len)
{
	uint32_t cp = 0;
	unsigned need = 0, seen = 0;
	unsigned char lower = 0x80, upper = 0xBF;
	size_t i = 0;

	while (i < len) {
		unsigned char b = p[i];

		if (need == 0) {
			i++;
			if (b < 0x80) {
				lh_feed_cp(s, b);
			} else if (b >= 0xC2 && b <= 0xDF) {
				need = 1;
				cp = b & 0x1F;
			} else if (b >= 0xE0 && b <= 0xEF) {
				lower = b == 0xE0 ? 0xA0 : 0x80;
				upper = b == 0xED ? 0x9F : 0xBF;
				need = 2;
				cp = b & 0x0F;
			} else if (b >= 0xF0 && b <= 0xF4) {
				lower = b == 0xF0 ? 0x90 : 0x80;
				upper = b == 0xF4 ? 0x8F : 0xBF;
				need = 3;
				cp = b & 0x07;
			} else {
				lh_feed_cp(s, 0xFFFD);
			}
			continue;
		}
		if (b < lower || b > upper) {
			/* not consumed: it may start the next character */
			need = seen = 0;
			lower = 0x80;
			upper = 0xBF;
			lh_feed_cp(s, 0xFFFD);
			continue;
		}
		i++;
		lower = 0x80;
		upper = 0xBF;
		cp = cp << 6 | (b & 0x3F);
		if (++seen == need) {
			lh_feed_cp(s, cp);
			need = seen = 0;
		}
	}
	if (need)
		lh_feed_cp(s, 0xFFFD);
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
	lh_feed_utf8(s, (const unsigned char *)text, len);
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
