/*
 * tftext.c: UTF-8, grapheme clusters, case mapping and Go's quoting for
 * the Terraform evaluator (tftext.h says what is covered and what not).
 * Decoding and white space are the HCL reader's (hcl_lex.h), encoding is
 * base.h's sbuf_add_utf8: one of each.
 */
#include "parsers/terraform/tftext.h"
#include "parsers/terraform/hcl_lex.h"

#include <string.h>

size_t tftext_decode(const char *s, size_t n, uint32_t *cp)
{
	size_t k = hcl_utf8_decode(s, n, cp);

	if (k)
		return k;
	*cp = 0xFFFD; /* Go's utf8.RuneError, one byte */
	return 1;
}

bool tftext_valid(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = tftext_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && k == 1 && (unsigned char)s[i] >= 0x80)
			return false;
		i += k;
	}
	return true;
}

/* --- grapheme clusters ------------------------------------------------ */

struct range {
	uint32_t lo, hi;
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Grapheme_Cluster_Break Extend and SpacingMark of the common scripts,
 * sorted. */
static const struct range extend_ranges[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
	{0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
	{0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0711, 0x0711}, {0x0730, 0x074A},
	{0x0900, 0x0903}, {0x093A, 0x093C}, {0x093E, 0x094F}, {0x0951, 0x0957},
	{0x0962, 0x0963}, {0x0981, 0x0983}, {0x09BC, 0x09BC}, {0x09BE, 0x09CD},
	{0x09D7, 0x09D7}, {0x09E2, 0x09E3}, {0x0A01, 0x0A03}, {0x0A3C, 0x0A51},
	{0x0A70, 0x0A71}, {0x0A75, 0x0A75}, {0x0A81, 0x0A83}, {0x0ABC, 0x0ABC},
	{0x0ABE, 0x0ACD}, {0x0B01, 0x0B03}, {0x0B3C, 0x0B3C}, {0x0B3E, 0x0B57},
	{0x0B82, 0x0B82}, {0x0BBE, 0x0BCD}, {0x0BD7, 0x0BD7}, {0x0C00, 0x0C04},
	{0x0C3E, 0x0C56}, {0x0C81, 0x0C83}, {0x0CBC, 0x0CBC}, {0x0CBE, 0x0CD6},
	{0x0D00, 0x0D03}, {0x0D3B, 0x0D3C}, {0x0D3E, 0x0D4D}, {0x0D57, 0x0D57},
	{0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1},
	{0x0EB4, 0x0EBC}, {0x0EC8, 0x0ECE}, {0x0F18, 0x0F19}, {0x0F35, 0x0F35},
	{0x0F37, 0x0F37}, {0x0F39, 0x0F39}, {0x0F3E, 0x0F3F}, {0x0F71, 0x0F84},
	{0x0F86, 0x0F87}, {0x102B, 0x103E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
	{0x200C, 0x200D}, {0x20D0, 0x20FF}, {0x302A, 0x302F}, {0x3099, 0x309A},
	{0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFF9E, 0xFF9F}, {0x1F3FB, 0x1F3FF},
	{0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};

static bool is_extend(uint32_t cp)
{
	return cp >= 0x0300 && in_ranges(cp, extend_ranges, ARRAY_SIZE(extend_ranges));
}

static bool is_pictographic(uint32_t cp)
{
	return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
	       cp == 0x00A9 || cp == 0x00AE || (cp >= 0x2190 && cp <= 0x21FF) ||
	       (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x2B00 && cp <= 0x2BFF);
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

enum hangul { H_NONE, H_L, H_V, H_T, H_LV, H_LVT };

static enum hangul hangul_kind(uint32_t cp)
{
	if (cp >= 0x1100 && cp <= 0x115F)
		return H_L;
	if (cp >= 0x1160 && cp <= 0x11A7)
		return H_V;
	if (cp >= 0x11A8 && cp <= 0x11FF)
		return H_T;
	if (cp >= 0xAC00 && cp <= 0xD7A3)
		return (cp - 0xAC00) % 28 == 0 ? H_LV : H_LVT;
	return H_NONE;
}

static bool hangul_joins(enum hangul a, enum hangul b)
{
	switch (a) {
	case H_L:
		return b == H_L || b == H_V || b == H_LV || b == H_LVT;
	case H_V:
	case H_LV:
		return b == H_V || b == H_T;
	case H_T:
	case H_LVT:
		return b == H_T;
	default:
		return false;
	}
}

size_t tftext_grapheme(const char *s, size_t n)
{
	uint32_t cp, next;
	size_t i = tftext_decode(s, n, &cp);
	bool after_zwj = false, pictographic = is_pictographic(cp);
	unsigned regional = cp >= 0x1F1E6 && cp <= 0x1F1FF;

	if (cp == '\r' && n > 1 && s[1] == '\n')
		return 2;
	if (is_control(cp))
		return i;
	while (i < n) {
		size_t k = tftext_decode(s + i, n - i, &next);
		if (is_control(next))
			break;
		if (is_extend(next)) {
			after_zwj = next == 0x200D;
		} else if (after_zwj && pictographic && is_pictographic(next)) {
			after_zwj = false;
		} else if (regional == 1 && next >= 0x1F1E6 && next <= 0x1F1FF) {
			regional = 2;
		} else if (hangul_joins(hangul_kind(cp), hangul_kind(next))) {
			cp = next;
		} else {
			break;
		}
		i += k;
	}
	return i;
}

size_t tftext_graphemes(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i += tftext_grapheme(s + i, n - i))
		count++;
	return count;
}

/* --- case ------------------------------------------------------------- */

/* Ranges where upper and lower case alternate: even upper, odd lower
 * (or the reverse where odd_upper is set). */
struct case_pairs {
	uint32_t lo, hi;
	bool odd_upper;
};

static const struct case_pairs pairs[] = {
	{0x0100, 0x012F, false}, {0x0132, 0x0137, false}, {0x0139, 0x0148, true},
	{0x014A, 0x0177, false}, {0x0179, 0x017E, true},  {0x0460, 0x0481, false},
	{0x048A, 0x04BF, false}, {0x04C1, 0x04CE, true},  {0x04D0, 0x052F, false},
	{0x1E00, 0x1E95, false}, {0x1EA0, 0x1EFF, false},
};

/* Ranges with a fixed offset from upper to lower case. */
struct case_shift {
	uint32_t lo, hi; /* the upper-case range */
	uint32_t delta;  /* lower = upper + delta */
};

static const struct case_shift shifts[] = {
	{0x0041, 0x005A, 32},   {0x00C0, 0x00D6, 32},   {0x00D8, 0x00DE, 32},
	{0x0388, 0x038A, 37},   {0x038E, 0x038F, 63},   {0x0391, 0x03A1, 32},
	{0x03A3, 0x03AB, 32},   {0x0400, 0x040F, 80},   {0x0410, 0x042F, 32},
	{0x0531, 0x0556, 48},   {0xFF21, 0xFF3A, 32},   {0x10400, 0x10427, 40},
};

/* One-off pairs: {upper, lower}. */
static const uint32_t singles[][2] = {
	{0x0178, 0x00FF}, {0x0386, 0x03AC}, {0x038C, 0x03CC}, {0x0130, 0x0069},
};

static int pair_range(uint32_t cp)
{
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		if (cp >= pairs[i].lo && cp <= pairs[i].hi)
			return (int)i;
	return -1;
}

uint32_t tftext_upper(uint32_t cp)
{
	int p;

	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
	for (size_t i = 0; i < ARRAY_SIZE(shifts); i++)
		if (cp >= shifts[i].lo + shifts[i].delta && cp <= shifts[i].hi + shifts[i].delta)
			return cp - shifts[i].delta;
	if ((p = pair_range(cp)) >= 0) {
		bool odd = cp & 1;
		return odd == pairs[p].odd_upper ? cp : cp - (pairs[p].odd_upper ? -1u : 1u);
	}
	for (size_t i = 0; i < ARRAY_SIZE(singles); i++)
		if (cp == singles[i][1] && singles[i][0] != 0x0130)
			return singles[i][0];
	switch (cp) {
	case 0x00B5:
		return 0x039C; /* micro sign */
	case 0x0131:
		return 0x0049; /* dotless i */
	case 0x017F:
		return 0x0053; /* long s */
	case 0x03C2:
		return 0x03A3; /* final sigma */
	}
	return cp;
}

uint32_t tftext_lower(uint32_t cp)
{
	int p;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	for (size_t i = 0; i < ARRAY_SIZE(shifts); i++)
		if (cp >= shifts[i].lo && cp <= shifts[i].hi)
			return cp + shifts[i].delta;
	if ((p = pair_range(cp)) >= 0) {
		bool odd = cp & 1;
		return odd == pairs[p].odd_upper ? cp + (pairs[p].odd_upper ? -1u : 1u) : cp;
	}
	for (size_t i = 0; i < ARRAY_SIZE(singles); i++)
		if (cp == singles[i][0])
			return singles[i][1];
	return cp;
}

/* Not printable beyond ASCII: separators, format characters, private use. */
static const struct range unprintable[] = {
	{0x0080, 0x00A0}, {0x00AD, 0x00AD}, {0x0378, 0x0379}, {0x0600, 0x0605},
	{0x061C, 0x061C}, {0x06DD, 0x06DD}, {0x070F, 0x070F}, {0x1680, 0x1680},
	{0x180E, 0x180E}, {0x2000, 0x200F}, {0x2028, 0x202F}, {0x205F, 0x2064},
	{0x2066, 0x206F}, {0x3000, 0x3000}, {0xD800, 0xF8FF}, {0xFDD0, 0xFDEF},
	{0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0xFFFE, 0xFFFF}, {0x110BD, 0x110BD},
	{0xE0001, 0xE0001}, {0xE0020, 0xE007F}, {0xF0000, 0x10FFFF},
};

bool tftext_is_print(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 0x20 && cp < 0x7F;
	if ((cp & 0xFFFE) == 0xFFFE)
		return false;
	return !in_ranges(cp, unprintable, ARRAY_SIZE(unprintable));
}

bool tftext_is_separator(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			 (cp >= 'A' && cp <= 'Z') || cp == '_');
	return hcl_is_space(cp);
}

/* --- quoting ---------------------------------------------------------- */

static const char hexdig[] = "0123456789abcdef";

int tftext_add_go_quoted(struct sbuf *sb, const char *s, size_t len)
{
	sbuf_addch(sb, '"');
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = tftext_decode(s + i, len - i, &cp);
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;

		if (cp == 0xFFFD && k == 1 && c >= 0x80) {
			char x[4] = {'\\', 'x', hexdig[c >> 4], hexdig[c & 15]};
			sbuf_add(sb, x, 4);
			i++;
			continue;
		}
		switch (cp) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\a': esc = "\\a"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\v': esc = "\\v"; break;
		}
		if (esc)
			sbuf_adds(sb, esc);
		else if (tftext_is_print(cp))
			sbuf_add(sb, s + i, k);
		else if (cp < 0x20 || cp == 0x7F)
			sbuf_addf(sb, "\\x%02x", (unsigned)cp);
		else if (cp < 0x10000)
			sbuf_addf(sb, "\\u%04x", (unsigned)cp);
		else
			sbuf_addf(sb, "\\U%08x", (unsigned)cp);
		i += k;
	}
	return sbuf_addch(sb, '"');
}

int tftext_add_json_quoted(struct sbuf *sb, const char *s, size_t len)
{
	sbuf_addch(sb, '"');
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = tftext_decode(s + i, len - i, &cp);

		if (cp == 0xFFFD && k == 1 && (unsigned char)s[i] >= 0x80) {
			sbuf_adds(sb, "\\ufffd");
		} else if (cp == '"' || cp == '\\') {
			sbuf_addch(sb, '\\');
			sbuf_addch(sb, (char)cp);
		} else if (cp == '\n') {
			sbuf_adds(sb, "\\n");
		} else if (cp == '\r') {
			sbuf_adds(sb, "\\r");
		} else if (cp == '\t') {
			sbuf_adds(sb, "\\t");
		} else if (cp == '\b') {
			sbuf_adds(sb, "\\b");
		} else if (cp == '\f') {
			sbuf_adds(sb, "\\f");
		} else if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 ||
			   cp == 0x2029) {
			sbuf_addf(sb, "\\u%04x", (unsigned)cp);
		} else {
			sbuf_add(sb, s + i, k);
		}
		i += k;
	}
	return sbuf_addch(sb, '"');
}
