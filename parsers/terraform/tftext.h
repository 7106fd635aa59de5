/*
 * tftext.h: the Unicode text rules Terraform's values and functions need:
 * UTF-8 decoding as Go does it, "characters" as Terraform counts them
 * (extended grapheme clusters: length, substr, strrev, format widths),
 * simple case mapping (upper, lower, title) and Go's quoting of strings
 * (`terraform console`, jsonencode, %q).  White space is the HCL reader's
 * hcl_is_space() (hcl_lex.h), encoding base.h's sbuf_add_utf8().
 *
 * Terraform uses Go's full Unicode tables.  These are the parts that
 * configurations use, stated once here so the approximation is visible:
 *  - grapheme clusters: CR LF, combining marks and other Extend ranges of
 *    the common scripts, ZWJ emoji sequences, emoji modifiers, regional
 *    indicator pairs, Hangul syllable sequences; no Prepend or Indic
 *    conjunct rules;
 *  - case mapping: ASCII, Latin-1, Latin Extended-A and Additional,
 *    Greek, Cyrillic, Armenian, full-width Latin, Deseret; other letters
 *    are kept as they are;
 *  - printable (Go's strconv.IsPrint): everything but control and format
 *    characters, separators other than the ASCII space, private use and
 *    non-characters.
 * Nothing here allocates, except where a struct sbuf is given.
 */
#ifndef CIDRLINT_TFTEXT_H
#define CIDRLINT_TFTEXT_H

#include "policies/base.h"

/* Decode the code point at s[0..n) (n > 0) into *cp and return its length
 * in bytes; invalid UTF-8 gives U+FFFD and 1 byte (as Go does). */
size_t tftext_decode(const char *s, size_t n, uint32_t *cp);
/* Is s[0..len) valid UTF-8? */
bool tftext_valid(const char *s, size_t len);
/* Length in bytes of the grapheme cluster at s[0..n) (n > 0). */
size_t tftext_grapheme(const char *s, size_t n);
/* Number of grapheme clusters in s[0..n). */
size_t tftext_graphemes(const char *s, size_t n);

uint32_t tftext_upper(uint32_t cp);
uint32_t tftext_lower(uint32_t cp);
bool tftext_is_print(uint32_t cp);  /* Go's strconv.IsPrint, see above */
/* Go's strings.Title word separators */
bool tftext_is_separator(uint32_t cp);

/* s[0..len) in double quotes as Go's strconv.Quote writes it ("\x01",
 * "\u200b", printable text as is). */
int tftext_add_go_quoted(struct sbuf *sb, const char *s, size_t len);
/* s[0..len) as a JSON string as Go's encoding/json writes it: <, >, &,
 * U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD. */
int tftext_add_json_quoted(struct sbuf *sb, const char *s, size_t len);

#endif
