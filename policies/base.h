/*
 * base.h: memory, arenas, capped string buffers and the error list that
 * every layer of cidrlint shares.
 *
 * Ownership, stated once:
 *  - xmalloc() and friends never return NULL: on exhaustion they call the
 *    out-of-memory handler that linter/ installs (default: abort()).
 *  - Every allocation of the core goes through one allocator function
 *    (base_set_allocator), and so do cJSON's (base_hook_libraries) and
 *    PCRE2's (policies/regex.c); libyaml 0.2.5 takes no allocator, and its
 *    memory errors are sent to the same handler (parsers/doc.c).
 *  - An arena owns every byte allocated from it; arena_release() frees them
 *    all at once.  Nothing allocated from an arena is freed on its own.
 *  - A struct sbuf owns its buffer; sbuf_release() frees it.  Its buffer is
 *    always NUL-terminated (buf is never NULL after sbuf_init()).
 *  - A struct errlist owns its messages.
 */
#ifndef CIDRLINT_BASE_H
#define CIDRLINT_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* Called when an allocation fails; must not return. */
extern void (*base_oom_handler)(size_t size);
/* Call the handler: for a library's memory error (libyaml). */
_Noreturn void base_out_of_memory(size_t size);

/*
 * The allocator, one function like Lua's lua_Alloc: fn(ud, p, size)
 * returns a new block of size bytes when p is NULL, or p resized, and NULL
 * when it cannot (xmalloc() then calls the handler).  Blocks are released
 * with free(), so fn must hand out malloc()'s memory: it is there to
 * count, limit and fail allocations (the allocation-failure test,
 * programs that embed the core).  NULL restores realloc().  Process-wide,
 * like SQLite's SQLITE_CONFIG_MALLOC: set it before anything else.
 */
typedef void *(*base_alloc_fn)(void *ud, void *p, size_t size);
void base_set_allocator(base_alloc_fn fn, void *ud);

/*
 * Point the libraries that take an allocator through a process-wide hook
 * (cJSON_InitHooks) at xmalloc(), so that their allocations are counted,
 * limited and failed like ours.  Call once at start.
 */
void base_hook_libraries(void);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);

/*
 * Grow *p (an array of elem-sized items with capacity *cap) so that it holds
 * at least need items.  Doubles, so appends are amortised O(1).
 */
void grow_array(void **p, size_t *cap, size_t need, size_t elem);
#define VEC_PUSH(arr, n, cap) \
	(grow_array((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr))), &(arr)[(n)++])

/* --- arena ------------------------------------------------------------ */

struct arena_chunk;
struct arena {
	struct arena_chunk *head; /* newest chunk first */
	size_t used;              /* bytes handed out, for statistics */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* Forget everything allocated but keep one chunk for reuse: a scratch
 * arena reset per element costs no malloc in the common case. */
void arena_reset(struct arena *a);
/* 16-aligned and zeroed, also where arena_reset() hands out old bytes
 * again: callers do not clear it (tests/unit/u-base.c holds it to that). */
void *arena_alloc(struct arena *a, size_t size);
/* The same aligned to align (a power of two, at most 16): for a struct
 * allocated by the hundred thousand, whose size 16-alignment would round
 * up (ARENA_NEW). */
void *arena_alloc_aligned(struct arena *a, size_t size, size_t align);
#define ARENA_NEW(a, type) ((type *)arena_alloc_aligned((a), sizeof(type), _Alignof(type)))
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
/* Copy n elements of size elem into the arena. */
void *arena_memdup(struct arena *a, const void *p, size_t size);

/* --- capped string buffer --------------------------------------------- */

struct sbuf {
	char *buf;   /* NUL-terminated, never NULL */
	size_t len;  /* bytes before the NUL */
	size_t cap;  /* allocated bytes */
	size_t max;  /* hard cap on len; 0 means SBUF_DEFAULT_MAX */
	bool toobig; /* set once an append hit the cap; appends then fail */
};
#define SBUF_DEFAULT_MAX ((size_t)1 << 30)

void sbuf_init(struct sbuf *sb, size_t max);
void sbuf_release(struct sbuf *sb);
void sbuf_reset(struct sbuf *sb);
/* Each returns 0, or -1 (and sets toobig) when the cap would be passed. */
int sbuf_add(struct sbuf *sb, const void *p, size_t n);
int sbuf_adds(struct sbuf *sb, const char *s);
int sbuf_addch(struct sbuf *sb, char c);
/* n copies of c, in one step (padding, indentation). */
int sbuf_addrep(struct sbuf *sb, char c, size_t n);
/* The UTF-8 encoding of code point cp (no more than 0x10FFFF). */
int sbuf_add_utf8(struct sbuf *sb, uint32_t cp);
int sbuf_addf(struct sbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
int sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
/*
 * Like sbuf_vaddf(), but text that would pass the cap is cut to fit, at a
 * character boundary, and ends with SBUF_CUT_MARK so that a reader sees it
 * was cut; toobig is then set.  For messages built from input (a 10 KB
 * logical id), where a cut message beats an empty one.
 */
void sbuf_vaddf_cut(struct sbuf *sb, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
void sbuf_addf_cut(struct sbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
#define SBUF_CUT_MARK "\xE2\x80\xA6" /* U+2026 HORIZONTAL ELLIPSIS */
/* Hand the buffer to the caller (free() it); sb is left initialised. */
char *sbuf_detach(struct sbuf *sb);

/* --- string-keyed hash map ------------------------------------------ */

/*
 * Open addressing, keys are borrowed (the caller keeps them alive), values
 * are opaque pointers.  strmap_put() replaces an existing key's value and
 * returns the old one (NULL when the key is new).
 */
struct strmap_slot {
	const char *key;
	uint64_t hash;
	void *value;
};
struct strmap {
	struct strmap_slot *slots;
	size_t n, cap; /* cap is 0 or a power of two */
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
void *strmap_get(const struct strmap *m, const char *key);
void *strmap_put(struct strmap *m, const char *key, void *value);
/*
 * strmap_put() in two steps, for a caller that reads a key's value and
 * then sets it, with one hash and one probe: strmap_slot() returns key's
 * slot, or the free slot where key goes (its key NULL) with room made for
 * it; strmap_slot_fill() sets its value (and its key, when it was free:
 * key must then be key's text, lasting).  Nothing may change the map
 * between the two.
 */
struct strmap_slot *strmap_slot(struct strmap *m, const char *key);
void *strmap_slot_fill(struct strmap *m, struct strmap_slot *s, const char *key, void *value);
/* The map's hash of a key: for a map of another shape (tfplan's addresses
 * seen keep no key of their own). */
uint64_t strmap_hash(const char *s);

/* --- errors with positions -------------------------------------------- */

/* One input or configuration error; line and col are 1-based, 0 unknown. */
struct input_error {
	char *file;
	unsigned line, col;
	char *msg;
};

struct errlist {
	struct input_error *v;
	size_t n, cap;
};

void errlist_init(struct errlist *el);
void errlist_release(struct errlist *el);
void errlist_add(struct errlist *el, const char *file, unsigned line,
		 unsigned col, const char *fmt, ...) PRINTF_LIKE(5, 6);
void errlist_vadd(struct errlist *el, const char *file, unsigned line,
		  unsigned col, const char *fmt, va_list ap) PRINTF_LIKE(5, 0);

/* --- files ------------------------------------------------------------ */

/*
 * Reading files.  Every read is capped at max bytes: a regular file's size
 * is checked before reading, a stream's as it is read.  Opening never
 * blocks: a FIFO that no process writes to is an error, not a wait.
 */
enum {
	FILE_STREAMS = 1 << 0, /* also FIFOs, pipes and character devices (named
				* by the user); by default regular files only */
	FILE_TEXT = 1 << 1,    /* stop at the first block of a binary stream */
};
struct stat;
/* Open path for reading as file_read() does; -1 with *why (static text). */
int file_open(const char *path, unsigned flags, struct stat *st, const char **why);
/* The whole file, NUL-terminated (free() it); NULL with *why on failure. */
char *file_read(const char *path, size_t max, unsigned flags, size_t *len_out,
		const char **why);
/* file_read() of a regular file. */
char *file_read_all(const char *path, size_t max, size_t *len_out, const char **why);
/* The rest of an open file or stream (standard input), capped. */
char *file_read_fd(int fd, size_t max, unsigned flags, size_t *len_out, const char **why);
/*
 * file_read_fd() of a stream that may be large (standard input): past
 * spill bytes the rest goes to an unlinked temporary file (in TMPDIR, else
 * /tmp), which is then mapped as file_map() maps a file (*mapped set:
 * file_unmap() it, and a reader may drop its pages; else free() it).  A
 * plan piped in then costs the memory of a plan read from a file.
 */
const char *file_read_fd_spooled(int fd, size_t max, unsigned flags, size_t spill,
				 size_t *len_out, bool *mapped, const char **why);

/*
 * Text encodings, told by the byte order mark or, without one, by the NUL
 * bytes of the first characters (RFC 4627 section 3).  Inputs are read as
 * UTF-8: UTF-16 is transcoded once, which keeps every character, so lines
 * and columns (counted in characters) are the same in the original file;
 * a byte order mark is not counted, as editors do not show it.
 */
enum text_encoding {
	TEXT_UTF8,
	TEXT_UTF8_BOM,
	TEXT_UTF16LE_BOM,
	TEXT_UTF16BE_BOM,
	TEXT_UTF16LE,
	TEXT_UTF16BE,
	TEXT_UTF32,
	TEXT_BINARY, /* a NUL in the first 4096 bytes, in no encoding above */
};
enum text_encoding text_encoding(const char *buf, size_t len);
const char *text_encoding_name(enum text_encoding e);
size_t text_bom_len(enum text_encoding e);
/* UTF-16 (without its mark) as UTF-8, NUL-terminated (free() it); NULL
 * with *why, and where (*line, *col; 0 when nowhere), on an unpaired
 * surrogate, a NUL, an odd length (where the last character is cut) or
 * more than max bytes. */
char *text_utf16_to_utf8(const char *buf, size_t len, bool big_endian, size_t max,
			 size_t *out_len, unsigned *line, unsigned *col, const char **why);

/*
 * buf[0..len) as the UTF-8 text every reader reads: past a UTF-8 byte
 * order mark, or UTF-16 (with or without one) transcoded into *owned
 * (free() it; NULL when buf itself is the text).  Returns the text, of
 * *out_len bytes, or NULL with *why and where (*line, *col; 0 when
 * nowhere) for UTF-32, binary, or UTF-16 that cannot be transcoded;
 * *enc says which encoding it was (name it with text_encoding_name()).
 */
const char *text_decode(const char *buf, size_t len, size_t max, size_t *out_len, char **owned,
			enum text_encoding *enc, unsigned *line, unsigned *col, const char **why);

/*
 * gzip (RFC 1952), as S3 stores CloudTrail's log files (.json.gz).  Told
 * by its magic bytes, never by the name.  text_gunzip() inflates every
 * member of buf into a NUL-terminated buffer (free() it), never more than
 * max bytes: a small file that inflates beyond max (a gzip bomb) is
 * refused as soon as it passes max, with *why "larger than the input size
 * limit"; NULL with *why also when buf is not valid gzip.
 */
bool text_is_gzip(const char *buf, size_t len);
char *text_gunzip(const char *buf, size_t len, size_t max, size_t *out_len, const char **why);
/* What of buf inflates before an error or max bytes (free() it), to tell
 * whether a file that cannot be read whole is an input of ours. */
char *text_gunzip_head(const char *buf, size_t len, size_t max, size_t *out_len);

/*
 * Map a file read-only (NUL-terminated is NOT guaranteed: use lengths).
 * Returns NULL with *why on failure.  file_unmap() releases it.
 */
const char *file_map(const char *path, size_t max, size_t *len_out, const char **why);
void file_unmap(const char *p, size_t len);
/*
 * Drop the resident pages wholly inside [from, to) of a read-only file
 * mapping: they are read again from the file if touched.  Only for
 * file_map() memory, never for heap buffers.
 */
void mem_discard(const char *from, const char *to);

/* --- small string helpers --------------------------------------------- */

bool str_eq(const char *a, const char *b);      /* NULL-safe */
bool str_ieq(const char *a, const char *b);     /* ASCII case-insensitive */
bool str_startswith(const char *s, const char *prefix);
/*
 * Places in text as every message gives them: 1-based lines, columns
 * counted in code points (as libyaml and editors count them), not bytes.
 */
size_t utf8_count(const char *s, size_t n);  /* code points in s[0..n) */
/*
 * Decode one character of s[0..n) (n >= 1) into *cp and return the bytes
 * it takes.  Invalid UTF-8 decodes as U+FFFD, one per maximal invalid
 * subsequence, as browsers and Node do (WHATWG Encoding): so every output
 * that repairs text repairs it the way GitHub reads it.
 */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);
#define UTF8_REPLACEMENT 0xFFFDu
void text_position(const char *text, size_t off, unsigned *line, unsigned *col);
/* The error for a string that holds a NUL: C strings would cut it there. */
#define TEXT_NUL_ERROR "a string holds a NUL character (\\u0000), which no CIDR, id or name may contain"
/* The byte offset of (line, col) in text[0..len), or -1 if there is none. */
long text_offset(const char *text, size_t len, unsigned line, unsigned col);
/* Does buf[0..len) contain needle? (memmem is a GNU extension) */
bool mem_contains(const char *buf, size_t len, const char *needle);
uint64_t hash_bytes(const void *p, size_t n);  /* FNV-1a 64 */
uint64_t hash_str(const char *s);

#endif
