/*
 * cidr.h: the prefix library.  IPv4 and IPv6 prefixes in one 128-bit value
 * type: strict parsing, canonical printing (IPv6 per RFC 5952), set
 * relations, splitting, and the next free block inside a pool.
 *
 * An IPv4 prefix keeps its address in the low 32 bits of addr, with
 * family 4; the two families never overlap or contain each other.  Every
 * struct prefix produced here is a network address: host bits are zero.
 * No function allocates.
 */
#ifndef CIDRLINT_CIDR_H
#define CIDRLINT_CIDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

__extension__ typedef unsigned __int128 u128;
/*
 * The address as stored in a prefix: 8-byte aligned, not 16, so that a
 * prefix takes 24 bytes, not 32 (a plan of 40,000 VPCs holds 200,000 of
 * them in its facts); loads and stores of it are two words.
 */
__extension__ typedef unsigned __int128 u128_stored __attribute__((aligned(8)));

struct prefix {
	u128_stored addr; /* network address, host bits zero */
	uint8_t len;    /* prefix length within the family */
	uint8_t family; /* 4 or 6; 0 in a zeroed, invalid prefix */
};

/* Longest text cidr_format() writes, with the NUL. */
#define CIDR_STRLEN 50

struct cidr_error {
	const char *why; /* static text: "octet 2 has a leading zero" */
	size_t offset;   /* byte offset of the problem in the input */
};

/*
 * Parse "a.b.c.d/n" or an IPv6 "x:x::x/n" strictly: decimal octets without
 * leading zeros, lengths within the family without leading zeros or signs,
 * no white space, no zone ids, no trailing junk.  On success returns 0,
 * stores the network in *out and sets *host_bits when the address had bits
 * set beyond the length (the caller decides whether that is an error).
 * On failure returns -1 and fills *err.
 */
int cidr_parse(const char *text, struct prefix *out, bool *host_bits,
	       struct cidr_error *err);

/* Parse a bare address ("10.0.0.1", "2001:db8::1") as a host prefix. */
int cidr_parse_addr(const char *text, struct prefix *out,
		    struct cidr_error *err);

/* Canonical text: dotted quad, or RFC 5952 IPv6; returns buf. */
char *cidr_format(const struct prefix *p, char buf[CIDR_STRLEN]);
/* The address alone, without the length. */
char *cidr_format_addr(const struct prefix *p, char buf[CIDR_STRLEN]);

static inline unsigned cidr_maxlen(int family)
{
	return family == 4 ? 32 : 128;
}

/* Mask with the low (maxlen - len) bits set, in the family's width. */
u128 cidr_hostmask(int family, unsigned len);

/* Build a prefix from an address and a length, clearing host bits. */
struct prefix cidr_make(int family, u128 addr, unsigned len);

static inline u128 cidr_first(const struct prefix *p)
{
	return p->addr;
}

static inline u128 cidr_last(const struct prefix *p)
{
	return p->addr | cidr_hostmask(p->family, p->len);
}

/* a contains b: same family, a.len <= b.len and b inside a. */
bool cidr_contains(const struct prefix *a, const struct prefix *b);
/* a and b share at least one address (for prefixes: one contains the other). */
bool cidr_overlaps(const struct prefix *a, const struct prefix *b);
bool cidr_equal(const struct prefix *a, const struct prefix *b);

/* Total order: family, then first address, then length (shorter first). */
int cidr_cmp(const struct prefix *a, const struct prefix *b);

/*
 * The index-th block of length newlen inside p (index counts from 0).
 * Returns -1 when newlen < p->len, newlen > maxlen, or index is past the end.
 */
int cidr_split(const struct prefix *p, unsigned newlen, u128 index,
	       struct prefix *out);

/* Number of blocks of length newlen in p, saturated at UINT64_MAX. */
uint64_t cidr_count(const struct prefix *p, unsigned newlen);

/*
 * The first block of length len inside pool, at or after address from,
 * that overlaps none of used[0..nused).  used must be sorted by cidr_cmp();
 * entries of another family or outside pool are ignored.  Returns 0 and
 * stores the block, or -1 when the pool has no such free block.
 */
int cidr_next_free(const struct prefix *pool, unsigned len,
		   const struct prefix *used, size_t nused, u128 from,
		   struct prefix *out);
/*
 * The same over used space that is not one array (the world's index of
 * blocks merged with its reserved ranges): next(arg) returns the used
 * prefixes one by one in cidr_cmp() order, then NULL.
 */
typedef const struct prefix *(*cidr_next_used)(void *arg);
int cidr_next_free_seq(const struct prefix *pool, unsigned len, cidr_next_used next,
		       void *arg, u128 from, struct prefix *out);

/* Class of an IPv4 prefix in AWS's association restriction table. */
enum aws_v4_class {
	AWS_V4_R10,       /* inside 10.0.0.0/8 */
	AWS_V4_R172,      /* inside 172.16.0.0/12 */
	AWS_V4_R192,      /* inside 192.168.0.0/16 */
	AWS_V4_B198_19,   /* inside 198.19.0.0/16 */
	AWS_V4_LINKLOCAL, /* inside 169.254.0.0/16 */
	AWS_V4_OTHER      /* publicly routable or 100.64.0.0/10 */
};
enum aws_v4_class cidr_aws_v4_class(const struct prefix *p);
const char *cidr_aws_v4_class_name(enum aws_v4_class c);

/* Convenience: parse a constant known to be valid (tables, tests). */
struct prefix cidr_const(const char *text);

/* A row of a constant table of ranges; pfx is parsed on first use. */
struct cidr_row {
	const char *cidr;
	const char *what;
	struct prefix pfx; /* cidr as a constant: the tables are const */
};
/*
 * Prefix constants for tables, so that no table is built at run time.
 * tests/unit/check_cidr_tables.py checks every row's constant against its
 * text with Python's ipaddress.
 */
#define CIDR_V4(a, b, c, d, l)                                                          \
	{(u128)((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d)), \
	 (l), 4}
#define CIDR_V6(g0, g1, g2, g3, g4, g5, g6, g7, l)                                      \
	{(u128)((uint64_t)(g0) << 48 | (uint64_t)(g1) << 32 | (uint64_t)(g2) << 16 |     \
		(uint64_t)(g3)) << 64 |                                                 \
		 (u128)((uint64_t)(g4) << 48 | (uint64_t)(g5) << 32 | (uint64_t)(g6) << 16 | \
			(uint64_t)(g7)),                                                \
	 (l), 6}
/* The first row that contains p (contained) or overlaps it, or NULL. */
const struct cidr_row *cidr_row_find(const struct cidr_row *rows, size_t n,
				     const struct prefix *p, bool contained);

#endif
