/*
 * base.c: allocation wrappers, arenas, capped string buffers, error lists.
 */
#include "policies/base.h"

#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static void default_oom(size_t size)
{
	(void)size;
	abort();
}

void (*base_oom_handler)(size_t size) = default_oom;

static void *default_alloc(void *ud, void *p, size_t size)
{
	(void)ud;
	return realloc(p, size);
}

/* Process-wide configuration, not state: set once, before any run. */
static base_alloc_fn base_alloc = default_alloc;
static void *base_alloc_ud;

void base_set_allocator(base_alloc_fn fn, void *ud)
{
	base_alloc = fn ? fn : default_alloc;
	base_alloc_ud = fn ? ud : NULL;
}

static void *cjson_alloc(size_t size)
{
	return xmalloc(size);
}

void base_hook_libraries(void)
{
	cJSON_Hooks hooks = {cjson_alloc, free};

	cJSON_InitHooks(&hooks);
}

_Noreturn void base_out_of_memory(size_t size)
{
	base_oom_handler(size);
	abort(); /* the handler must not return */
}

static void *oom(size_t size)
{
	base_out_of_memory(size);
}

void *xmalloc(size_t size)
{
	void *p = base_alloc(base_alloc_ud, NULL, size ? size : 1);
	return p ? p : oom(size);
}

void *xcalloc(size_t n, size_t size)
{
	void *p;

	if (n && size > SIZE_MAX / n)
		return oom(SIZE_MAX);
	p = xmalloc(n * size);
	memset(p, 0, n * size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = base_alloc(base_alloc_ud, p, size ? size : 1);
	return q ? q : oom(size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct sbuf sb;
	va_list ap;

	sbuf_init(&sb, 0);
	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return sbuf_detach(&sb);
}

void grow_array(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n;

	if (need <= *cap)
		return;
	/* from one element up: most arrays of the model hold one or two (a
	 * VPC's blocks, a finding's related places), and a plan has tens of
	 * thousands of them */
	n = *cap ? *cap : 1;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			oom(SIZE_MAX);
		n *= 2;
	}
	*p = xrealloc(*p, n * elem);
	*cap = n;
}

/* --- arena ------------------------------------------------------------ */

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

/* Chunks start small and double up to ARENA_CHUNK: a run holds one arena
 * per input (and a Terraform monorepo has hundreds), most of them small. */
#define ARENA_FIRST_CHUNK 2048
#define ARENA_CHUNK 65536

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	while (c) {
		next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

/* size bytes at an address that is a multiple of align (a power of two
 * up to 16; 1 for text), not cleared. */
static void *arena_take(struct arena *a, size_t size, size_t align)
{
	struct arena_chunk *c = a->head;
	size_t need = (size + align - 1) & ~(align - 1);
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	void *p;

	if (need < size)
		oom(size);
	if (!c || at > c->size || c->size - at < need) {
		size_t next = c && c->size < ARENA_CHUNK / 2 ? c->size * 2 : c ? ARENA_CHUNK : ARENA_FIRST_CHUNK;
		size_t csize = need > ARENA_CHUNK / 4 ? need : need > next ? need : next;
		c = xmalloc(sizeof(*c) + csize);
		c->size = csize;
		c->used = 0;
		if (need > ARENA_CHUNK / 4 && a->head) {
			/* a big block: keep filling the current chunk */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		at = 0;
	}
	p = c->data + at;
	c->used = at + need;
	a->used += need;
	return p;
}

void *arena_alloc_aligned(struct arena *a, size_t size, size_t align)
{
	void *p = arena_take(a, size, align);

	memset(p, 0, size);
	return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return arena_alloc_aligned(a, size, 16);
}

void arena_reset(struct arena *a)
{
	struct arena_chunk *keep = a->head;

	if (!keep)
		return;
	/* keep the newest ordinary chunk; free the rest */
	struct arena_chunk *c = keep->next;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	keep->next = NULL;
	keep->used = 0;
	a->used = 0;
}

/* Text needs no alignment: a plan's hundred thousand names and values
 * would otherwise round up to 16 bytes each. */
char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n + 1 < n)
		oom(n);
	p = arena_take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void *arena_memdup(struct arena *a, const void *p, size_t size)
{
	void *q = arena_alloc(a, size);
	if (size)
		memcpy(q, p, size);
	return q;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	struct sbuf sb;
	char *p;

	sbuf_init(&sb, 0);
	sbuf_vaddf(&sb, fmt, ap);
	p = arena_strndup(a, sb.buf, sb.len);
	sbuf_release(&sb);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

/* --- sbuf ------------------------------------------------------------- */

/* never written: sbuf_reset() writes only a buffer of its own (cap > 0) */
static const char sbuf_empty[1];

void sbuf_init(struct sbuf *sb, size_t max)
{
	sb->buf = (char *)sbuf_empty;
	sb->len = sb->cap = 0;
	sb->max = max ? max : SBUF_DEFAULT_MAX;
	sb->toobig = false;
}

void sbuf_release(struct sbuf *sb)
{
	if (sb->cap)
		free(sb->buf);
	sbuf_init(sb, sb->max);
}

void sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->cap)
		sb->buf[0] = '\0';
	sb->toobig = false;
}

static int sbuf_reserve(struct sbuf *sb, size_t extra)
{
	size_t need;

	if (sb->toobig || extra > sb->max - sb->len) {
		sb->toobig = true;
		return -1;
	}
	need = sb->len + extra + 1;
	if (need > sb->cap) {
		size_t n = sb->cap ? sb->cap : 64;
		while (n < need)
			n *= 2;
		sb->buf = sb->cap ? xrealloc(sb->buf, n) : xmalloc(n);
		if (!sb->cap)
			sb->buf[0] = '\0';
		sb->cap = n;
	}
	return 0;
}

int sbuf_add(struct sbuf *sb, const void *p, size_t n)
{
	if (sbuf_reserve(sb, n))
		return -1;
	if (n)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int sbuf_adds(struct sbuf *sb, const char *s)
{
	return sbuf_add(sb, s, strlen(s));
}

int sbuf_addch(struct sbuf *sb, char c)
{
	return sbuf_add(sb, &c, 1);
}

int sbuf_addrep(struct sbuf *sb, char c, size_t n)
{
	if (sbuf_reserve(sb, n))
		return -1;
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || sbuf_reserve(sb, (size_t)n))
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int sbuf_add_utf8(struct sbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return sbuf_add(sb, b, n);
}

int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return r;
}

void sbuf_vaddf_cut(struct sbuf *sb, const char *fmt, va_list ap)
{
	static const char mark[] = SBUF_CUT_MARK;
	va_list cp;
	size_t room, keep;
	int n;

	if (sb->toobig)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	room = sb->max - sb->len;
	if ((size_t)n <= room) {
		sbuf_vaddf(sb, fmt, ap);
		return;
	}
	/* only what fits is ever allocated, however long the text */
	if (room < sizeof(mark) - 1 || sbuf_reserve(sb, room)) {
		sb->toobig = true;
		return;
	}
	vsnprintf(sb->buf + sb->len, room + 1, fmt, ap);
	keep = room - (sizeof(mark) - 1);
	while (keep && ((unsigned char)sb->buf[sb->len + keep] & 0xC0) == 0x80)
		keep--;
	memcpy(sb->buf + sb->len + keep, mark, sizeof(mark));
	sb->len += keep + sizeof(mark) - 1;
	sb->toobig = true;
}

void sbuf_addf_cut(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf_cut(sb, fmt, ap);
	va_end(ap);
}

char *sbuf_detach(struct sbuf *sb)
{
	char *p = sb->cap ? sb->buf : xstrdup("");
	sbuf_init(sb, sb->max);
	return p;
}

/* --- strmap ---------------------------------------------------------- */

void strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->n = m->cap = 0;
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	strmap_init(m);
}

/*
 * The map's own hash, eight bytes a step (hash_bytes() is FNV-1a, a byte a
 * step, and its values are kept in fingerprints: it does not change).
 * Nothing depends on the order of a map's slots.
 */
uint64_t strmap_hash(const char *s)
{
	const uint64_t k = 0x9E3779B97F4A7C15ULL;
	size_t n = strlen(s);
	uint64_t h = n * k, w;

	for (; n >= 8; n -= 8, s += 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * k;
	h ^= h >> 32;
	h *= 0xBF58476D1CE4E5B9ULL;
	return h ^ (h >> 29);
}

static struct strmap_slot *strmap_find(const struct strmap *m, const char *key,
				       uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	for (;;) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
		i = (i + 1) & mask;
	}
}

void *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s;

	if (!m->cap)
		return NULL;
	s = strmap_find(m, key, strmap_hash(key));
	return s->key ? s->value : NULL;
}

struct strmap_slot *strmap_slot(struct strmap *m, const char *key)
{
	uint64_t h = strmap_hash(key);
	struct strmap_slot *s;

	if ((m->n + 1) * 4 > m->cap * 3) {
		struct strmap_slot *old = m->slots;
		size_t oldcap = m->cap;

		m->cap = m->cap ? m->cap * 2 : 16;
		m->slots = xcalloc(m->cap, sizeof(*m->slots));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].key)
				*strmap_find(m, old[i].key, old[i].hash) = old[i];
		free(old);
	}
	s = strmap_find(m, key, h);
	if (!s->key)
		s->hash = h; /* for strmap_slot_fill() */
	return s;
}

void *strmap_slot_fill(struct strmap *m, struct strmap_slot *s, const char *key, void *value)
{
	void *prev = s->key ? s->value : NULL;

	if (!s->key) {
		s->key = key;
		m->n++;
	}
	s->value = value;
	return prev;
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
	return strmap_slot_fill(m, strmap_slot(m, key), key, value);
}

/* --- errlist ---------------------------------------------------------- */

void errlist_init(struct errlist *el)
{
	el->v = NULL;
	el->n = el->cap = 0;
}

void errlist_release(struct errlist *el)
{
	for (size_t i = 0; i < el->n; i++) {
		free(el->v[i].file);
		free(el->v[i].msg);
	}
	free(el->v);
	errlist_init(el);
}

void errlist_vadd(struct errlist *el, const char *file, unsigned line,
		  unsigned col, const char *fmt, va_list ap)
{
	struct input_error *e = VEC_PUSH(el->v, el->n, el->cap);
	struct sbuf sb;

	sbuf_init(&sb, 4096);
	sbuf_vaddf(&sb, fmt, ap);
	e->file = xstrdup(file ? file : "");
	e->line = line;
	e->col = col;
	e->msg = sbuf_detach(&sb);
}

void errlist_add(struct errlist *el, const char *file, unsigned line,
		 unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	errlist_vadd(el, file, line, col, fmt, ap);
	va_end(ap);
}

/* --- files ------------------------------------------------------------ */

/*
 * Read fd to its end into a NUL-terminated buffer, never more than max
 * bytes: a stream (a pipe, /dev/zero) has no size to check first, so the
 * cap is checked as it grows.  With check_text, the first block is looked
 * at before reading on, so that an endless binary stream stops at once.
 */
/* Wait for a non-blocking stream to have bytes (or its end). */
static bool wait_readable(int fd)
{
	struct pollfd pfd = {fd, POLLIN, 0};

	return poll(&pfd, 1, -1) >= 0 || errno == EINTR;
}

/*
 * The rest of a stream that has already given len bytes in buf (of cap
 * bytes), into an unlinked temporary file, then mapped read-only: a large
 * stream costs no memory but the pages being read.  Frees buf.
 */
static char *spool_fd(int fd, char *buf, size_t cap, size_t len, size_t max, size_t *len_out,
		      const char **why)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/cidrlint-stdin-XXXXXX", dir && *dir ? dir : "/tmp");
	int sfd = mkstemp(path);
	size_t total = 0;
	void *p = NULL;

	if (sfd < 0) {
		*why = strerror(errno);
		goto out;
	}
	unlink(path);
	for (;;) {
		ssize_t n;

		for (size_t off = 0; off < len; off += (size_t)n) {
			n = write(sfd, buf + off, len - off);
			if (n < 0 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n <= 0) {
				*why = n < 0 ? strerror(errno) : "cannot write the temporary file";
				goto out;
			}
		}
		total += len;
		if (total > max) {
			*why = "larger than the input size limit";
			goto out;
		}
		n = read(fd, buf, cap);
		if (n < 0 && (errno == EINTR ||
			      ((errno == EAGAIN || errno == EWOULDBLOCK) && wait_readable(fd)))) {
			len = 0;
			continue;
		}
		if (n < 0) {
			*why = strerror(errno);
			goto out;
		}
		if (n == 0)
			break;
		len = (size_t)n;
	}
	p = mmap(NULL, total, PROT_READ, MAP_PRIVATE, sfd, 0);
	if (p == MAP_FAILED) {
		*why = strerror(errno);
		p = NULL;
	} else {
		madvise(p, total, MADV_SEQUENTIAL);
		*len_out = total;
	}
out:
	if (sfd >= 0)
		close(sfd);
	free(path);
	free(buf);
	return p;
}

/* --- gzip ------------------------------------------------------------ */

bool text_is_gzip(const char *buf, size_t len)
{
	return len >= 3 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b &&
	       buf[2] == 8; /* deflate, the only method RFC 1952 defines */
}

/* zlib's allocations go through ours, so that they are counted and an
 * exhausted memory ends the run as any other allocation does. */
static voidpf gz_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return xcalloc(items, size);
}

static void gz_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/* With partial, what was inflated before an error is returned too. */
static char *gunzip(const char *buf, size_t len, size_t max, bool partial, size_t *out_len,
		    const char **why)
{
	z_stream z;
	/* most text inflates by 5 to 20 times; grow from there, not from max */
	size_t cap = len < max / 8 ? len * 8 + 4096 : max + 1, out = 0;
	char *dst;
	int rc = Z_OK;

	if (cap > max + 1)
		cap = max + 1;
	memset(&z, 0, sizeof(z));
	z.zalloc = gz_alloc;
	z.zfree = gz_free;
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		*why = "cannot start decompressing";
		return NULL;
	}
	dst = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)buf;
	for (;;) {
		size_t in_left = len - (size_t)((const char *)z.next_in - buf);
		if (out + 1 >= cap) {
			if (cap > max) {
				*why = "larger than the input size limit";
				goto fail;
			}
			cap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
			dst = xrealloc(dst, cap);
		}
		/* zlib counts in uInt: feed it at most 1 GiB at a time */
		z.avail_in = (uInt)(in_left < (1u << 30) ? in_left : (1u << 30));
		z.next_out = (Bytef *)dst + out;
		z.avail_out = (uInt)(cap - out - 1 < (1u << 30) ? cap - out - 1 : (1u << 30));
		rc = inflate(&z, Z_NO_FLUSH);
		out = (size_t)((char *)z.next_out - dst);
		if (rc == Z_STREAM_END) {
			in_left = len - (size_t)((const char *)z.next_in - buf);
			/* another member follows (concatenated gzip files are one) */
			if (text_is_gzip((const char *)z.next_in, in_left) && inflateReset(&z) == Z_OK)
				continue;
			if (in_left) {
				*why = "text after the end of the compressed data";
				goto fail;
			}
			break;
		}
		if (rc == Z_MEM_ERROR)
			base_out_of_memory(0);
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			*why = z.msg ? z.msg : "invalid compressed data";
			goto fail;
		}
		if (rc == Z_BUF_ERROR && z.avail_out) {
			*why = "the compressed data ends early";
			goto fail;
		}
	}
	inflateEnd(&z);
	dst[out] = '\0';
	*out_len = out;
	return dst;
fail:
	inflateEnd(&z);
	if (partial) {
		dst[out] = '\0';
		*out_len = out;
		return dst;
	}
	free(dst);
	return NULL;
}

char *text_gunzip(const char *buf, size_t len, size_t max, size_t *out_len, const char **why)
{
	return gunzip(buf, len, max, false, out_len, why);
}

char *text_gunzip_head(const char *buf, size_t len, size_t max, size_t *out_len)
{
	const char *why;

	return gunzip(buf, len, max, true, out_len, &why);
}

static char *read_fd(int fd, size_t max, size_t hint, bool check_text, size_t spill,
		     size_t *len_out, bool *mapped, const char **why)
{
	size_t cap = hint && hint < max ? hint + 1 : 65536, len = 0;
	char *buf = xmalloc(cap);
	bool checked = !check_text, waited = false, fifo;
	struct stat st;

	fifo = fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && (fcntl(fd, F_GETFL) & O_NONBLOCK);

	for (;;) {
		ssize_t n;

		if (len + 1 == cap) {
			if (len >= max) {
				free(buf);
				*why = "larger than the input size limit";
				return NULL;
			}
			if (spill && cap >= spill && checked) {
				*mapped = true;
				return spool_fd(fd, buf, cap, len, max, len_out, why);
			}
			cap = cap > max / 2 ? max + 1 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			waited = true;
			if (wait_readable(fd))
				continue;
		}
		if (n == 0 && !len && !waited && fifo) {
			free(buf);
			*why = "no process is writing to this FIFO";
			return NULL;
		}
		if (n < 0) {
			*why = strerror(errno);
			free(buf);
			return NULL;
		}
		len += (size_t)n;
		if (!checked && (n == 0 || len >= 4096)) {
			checked = true;
			if (text_encoding(buf, len) == TEXT_BINARY && !text_is_gzip(buf, len)) {
				free(buf);
				*why = "not a text file (it holds NUL bytes)";
				return NULL;
			}
		}
		if (n == 0)
			break;
	}
	if (len > max) {
		free(buf);
		*why = "larger than the input size limit";
		return NULL;
	}
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}

char *file_read_fd(int fd, size_t max, unsigned flags, size_t *len_out, const char **why)
{
	return read_fd(fd, max, 0, flags & FILE_TEXT, 0, len_out, NULL, why);
}

const char *file_read_fd_spooled(int fd, size_t max, unsigned flags, size_t spill,
				 size_t *len_out, bool *mapped, const char **why)
{
	*mapped = false;
	return read_fd(fd, max, 0, flags & FILE_TEXT, spill, len_out, mapped, why);
}

int file_open(const char *path, unsigned flags, struct stat *st, const char **why)
{
	/*
	 * Non-blocking, so that opening a FIFO nobody writes to returns at
	 * once instead of waiting for a writer forever; then blocking again
	 * for the reads.
	 */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	int fl;

	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, st) != 0) {
		*why = strerror(errno);
		goto fail;
	}
	if (S_ISDIR(st->st_mode)) {
		*why = "is a directory";
		goto fail;
	}
	if (!S_ISREG(st->st_mode)) {
		if (!(flags & FILE_STREAMS)) {
			*why = "not a regular file";
			goto fail;
		}
		if (!S_ISFIFO(st->st_mode) && !S_ISCHR(st->st_mode) && !S_ISSOCK(st->st_mode)) {
			*why = "not a regular file, pipe or character device";
			goto fail;
		}
	}
	/* a FIFO stays non-blocking: read_fd() tells "nobody writes to it"
	 * (end of file before any wait) from "nothing written yet" */
	if (!S_ISFIFO(st->st_mode) &&
	    ((fl = fcntl(fd, F_GETFL)) == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1)) {
		*why = strerror(errno);
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

char *file_read(const char *path, size_t max, unsigned flags, size_t *len_out, const char **why)
{
	struct stat st;
	int fd = file_open(path, flags, &st, why);
	char *buf;

	if (fd < 0)
		return NULL;
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
		close(fd);
		*why = "larger than the input size limit";
		return NULL;
	}
	buf = read_fd(fd, max, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, flags & FILE_TEXT, 0,
		      len_out, NULL, why);
	close(fd);
	return buf;
}

char *file_read_all(const char *path, size_t max, size_t *len_out, const char **why)
{
	return file_read(path, max, 0, len_out, why);
}

const char *file_map(const char *path, size_t max, size_t *len_out, const char **why)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	void *p;

	if (fd < 0) {
		*why = strerror(errno);
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		*why = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular, non-empty file";
		close(fd);
		return NULL;
	}
	if ((uintmax_t)st.st_size > max) {
		*why = "file is larger than the input size limit";
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		*why = strerror(errno);
		return NULL;
	}
	madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
	*len_out = (size_t)st.st_size;
	return p;
}

void file_unmap(const char *p, size_t len)
{
	if (p)
		munmap((void *)(uintptr_t)p, len);
}

void mem_discard(const char *from, const char *to)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)from + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
	uintptr_t b = (uintptr_t)to & ~((uintptr_t)pg - 1);

	if (pg > 0 && b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

/* --- text encodings --------------------------------------------------- */

enum text_encoding text_encoding(const char *buf, size_t len)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t n = len < 4096 ? len : 4096;

	if (len >= 4 && ((b[0] == 0xFF && b[1] == 0xFE && !b[2] && !b[3]) ||
			 (!b[0] && !b[1] && b[2] == 0xFE && b[3] == 0xFF)))
		return TEXT_UTF32;
	if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
		return TEXT_UTF8_BOM;
	if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE)
		return TEXT_UTF16LE_BOM;
	if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF)
		return TEXT_UTF16BE_BOM;
	/* no mark: JSON's own rule (RFC 4627 section 3), the NULs of the
	 * first two characters, which are ASCII in every input we read */
	if (len >= 4 && b[0] && !b[1] && !b[2] && !b[3])
		return TEXT_UTF32;
	if (len >= 4 && !b[0] && !b[1] && !b[2] && b[3])
		return TEXT_UTF32;
	if (len >= 4 && b[0] && !b[1] && b[2] && !b[3])
		return TEXT_UTF16LE;
	if (len >= 4 && !b[0] && b[1] && !b[2] && b[3])
		return TEXT_UTF16BE;
	if (memchr(buf, '\0', n))
		return TEXT_BINARY;
	return TEXT_UTF8;
}

const char *text_encoding_name(enum text_encoding e)
{
	static const char *const names[] = {
		[TEXT_UTF8] = "UTF-8", [TEXT_UTF8_BOM] = "UTF-8 with a byte order mark",
		[TEXT_UTF16LE_BOM] = "UTF-16LE", [TEXT_UTF16BE_BOM] = "UTF-16BE",
		[TEXT_UTF16LE] = "UTF-16LE without a byte order mark",
		[TEXT_UTF16BE] = "UTF-16BE without a byte order mark",
		[TEXT_UTF32] = "UTF-32", [TEXT_BINARY] = "binary",
	};
	return names[e];
}

size_t text_bom_len(enum text_encoding e)
{
	return e == TEXT_UTF8_BOM ? 3 : e == TEXT_UTF16LE_BOM || e == TEXT_UTF16BE_BOM ? 2 : 0;
}

static size_t utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

char *text_utf16_to_utf8(const char *buf, size_t len, bool big_endian, size_t max,
			 size_t *out_len, unsigned *line, unsigned *col, const char **why)
{
	const unsigned char *b = (const unsigned char *)buf;
	/* each unit becomes at most 3 bytes (a pair of units, 4) */
	size_t cap = len / 2 * 3 + 1, o = 0;
	char *out;

	*line = *col = 0;
	out = xmalloc(cap);
	for (size_t i = 0; i + 1 < len; i += 2) {
		uint32_t u = big_endian ? (uint32_t)b[i] << 8 | b[i + 1] : (uint32_t)b[i + 1] << 8 | b[i];
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
			uint32_t lo = big_endian ? (uint32_t)b[i + 2] << 8 | b[i + 3]
						 : (uint32_t)b[i + 3] << 8 | b[i + 2];
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			} else {
				u = 0xD800; /* unpaired: refused below */
			}
		}
		if ((u >= 0xD800 && u <= 0xDFFF) || u == 0) {
			text_position(out, o, line, col);
			free(out);
			*why = u ? "invalid UTF-16: an unpaired surrogate" : "a NUL character";
			return NULL;
		}
		o += utf8_put(out + o, u);
		if (o > max) {
			free(out);
			*why = "larger than the input size limit";
			return NULL;
		}
	}
	if (len % 2) {
		/* a file cut short (a copy, a download): where it was cut */
		text_position(out, o, line, col);
		free(out);
		*why = "the file ends in the middle of a character (an odd number of bytes)";
		return NULL;
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

const char *text_decode(const char *buf, size_t len, size_t max, size_t *out_len, char **owned,
			enum text_encoding *enc, unsigned *line, unsigned *col, const char **why)
{
	size_t bom;

	*owned = NULL;
	*line = *col = 0;
	*enc = text_encoding(buf, len);
	bom = text_bom_len(*enc);
	switch (*enc) {
	case TEXT_UTF8:
	case TEXT_UTF8_BOM:
		*out_len = len - bom;
		return buf + bom;
	case TEXT_UTF16LE_BOM:
	case TEXT_UTF16BE_BOM:
	case TEXT_UTF16LE:
	case TEXT_UTF16BE:
		*owned = text_utf16_to_utf8(buf + bom, len - bom,
					    *enc == TEXT_UTF16BE_BOM || *enc == TEXT_UTF16BE, max, out_len,
					    line, col, why);
		return *owned;
	case TEXT_UTF32:
		*why = "UTF-32 text is not read; save it as UTF-8";
		return NULL;
	case TEXT_BINARY:
		break;
	}
	*why = "not a text file (it holds NUL bytes)";
	return NULL;
}

/* --- strings ---------------------------------------------------------- */

bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool str_ieq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	for (; *a && *b; a++, b++) {
		int ca = (unsigned char)*a, cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return false;
	}
	return *a == *b;
}

bool str_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

size_t utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char b = p[0], lower = 0x80, upper = 0xBF;
	size_t need, i;
	uint32_t c;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1;
		c = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2;
		c = b & 0x0F;
		lower = b == 0xE0 ? 0xA0 : 0x80;
		upper = b == 0xED ? 0x9F : 0xBF;
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3;
		c = b & 0x07;
		lower = b == 0xF0 ? 0x90 : 0x80;
		upper = b == 0xF4 ? 0x8F : 0xBF;
	} else {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	/* the byte that breaks a sequence is not part of it: it is read again */
	for (i = 1; i <= need; i++) {
		if (i >= n || p[i] < lower || p[i] > upper) {
			*cp = UTF8_REPLACEMENT;
			return i;
		}
		lower = 0x80;
		upper = 0xBF;
		c = c << 6 | (p[i] & 0x3F);
	}
	*cp = c;
	return need + 1;
}

void text_position(const char *text, size_t off, unsigned *line, unsigned *col)
{
	size_t bol = 0;

	*line = 1;
	for (const char *q = text, *end = text + off;
	     (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++) {
		(*line)++;
		bol = (size_t)(q - text) + 1;
	}
	*col = 1 + (unsigned)utf8_count(text + bol, off - bol);
}

long text_offset(const char *text, size_t len, unsigned line, unsigned col)
{
	size_t i = 0;

	for (unsigned l = 1; l < line; l++) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			return -1;
		i = (size_t)(nl - text) + 1;
	}
	for (unsigned c = 1; c < col; c++) {
		if (i >= len || text[i] == '\n')
			return -1;
		i++;
		while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	return (long)i;
}

bool mem_contains(const char *buf, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	const char *p = buf, *end = buf + len;

	if (!n)
		return true;
	while ((size_t)(end - p) >= n && (p = memchr(p, needle[0], (size_t)(end - p - (ptrdiff_t)n + 1)))) {
		if (memcmp(p, needle, n) == 0)
			return true;
		p++;
	}
	return false;
}

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t hash_str(const char *s)
{
	return hash_bytes(s, strlen(s));
}
