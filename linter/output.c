/*
 * output.c: writing output files, and text repair for the formats that
 * must be valid UTF-8.
 *
 * What -o (or --write-baseline) names decides how it is written:
 *  - a regular file, or nothing yet: into a temporary file beside it,
 *    synced, then renamed over it, so a reader (a CI step uploading
 *    SARIF) never sees half a file and a failed run leaves the previous
 *    file as it was; a file that existed keeps its permissions;
 *  - a symbolic link: likewise at the file it resolves to, so the link
 *    stays a link;
 *  - /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N: that open
 *    descriptor, as a shell would;
 *  - a FIFO or a character device (a terminal, /dev/null): written
 *    through, since renaming over one would replace the node with a file;
 *  - a directory, a block device or a socket: refused.
 */
#include "linter/linter.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The temporary file being written, if any.  The out-of-memory handler
 * exits from wherever the allocation failed, so it cannot return here to
 * abort: it calls atomic_abandon() instead.  One output is open at a time.
 */
static const char *open_tmp;

void atomic_abandon(void)
{
	if (open_tmp)
		unlink(open_tmp);
	open_tmp = NULL;
}

/* Symbolic links followed before giving up, as the kernel's limit. */
#define OUTPUT_MAX_LINKS 40

int put_utf8(FILE *out, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	uint32_t cp;

	/* valid stretches are written whole; ASCII needs no decoding */
	while (i < n) {
		size_t k;

		uint64_t w;

		/* eight bytes at a time while they are ASCII (SARIF is 170 KB) */
		if (n - i >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080u))) {
			i += 8;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_next(s + i, n - i, &cp);
		if (cp == UTF8_REPLACEMENT && !(k == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)) {
			if (fwrite(s + run, 1, i - run, out) != i - run ||
			    fputs("\xEF\xBF\xBD", out) == EOF)
				return -1;
			run = i + k;
		}
		i += k;
	}
	return fwrite(s + run, 1, n - run, out) == n - run ? 0 : -1;
}

/* The descriptor a name such as /dev/stdout stands for, or -1. */
static int fd_name(const char *path)
{
	static const char *const prefixes[] = {"/dev/fd/", "/proc/self/fd/"};
	char *end;
	long fd;

	if (strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(path, prefixes[i], n) || !path[n])
			continue;
		errno = 0;
		fd = strtol(path + n, &end, 10);
		if (!errno && !*end && fd >= 0 && fd <= INT_MAX)
			return (int)fd;
	}
	return -1;
}

/*
 * Follow path's symbolic links to what they name (which need not exist
 * yet), stopping early at a descriptor name (*fd set).  NULL with errno
 * on a loop or a link that cannot be read.
 */
static char *follow_links(const char *path, int *fd)
{
	char *cur = xstrdup(path);

	for (int hops = 0; hops <= OUTPUT_MAX_LINKS; hops++) {
		struct stat st;
		char target[PATH_MAX], *next, *slash;
		ssize_t n;

		if ((*fd = fd_name(cur)) >= 0)
			return cur;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		n = readlink(cur, target, sizeof(target) - 1);
		if (n < 0)
			break;
		target[n] = '\0';
		slash = strrchr(cur, '/');
		if (target[0] == '/' || !slash)
			next = xstrdup(target);
		else
			next = xasprintf("%.*s/%s", (int)(slash - cur), cur, target);
		free(cur);
		cur = next;
		if (hops == OUTPUT_MAX_LINKS)
			errno = ELOOP;
	}
	free(cur);
	return NULL;
}

/* Write straight to an open descriptor or a node that must stay itself. */
static int open_direct(struct atomic_file *af, int fd, const char *path)
{
	int e;

	if (fd >= 0)
		fd = dup(fd);
	else
		fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	af->direct = true;
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return 0;
}

int atomic_open(struct atomic_file *af, const char *path)
{
	struct stat st;
	char *target;
	int fd = -1, e;
	bool existed;

	memset(af, 0, sizeof(*af));
	target = follow_links(path, &fd);
	if (!target)
		return -1;
	if (fd >= 0 || (stat(target, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)))) {
		int rc = open_direct(af, fd, target);
		e = errno;
		free(target);
		errno = e;
		return rc;
	}
	existed = stat(target, &st) == 0;
	if (existed && !S_ISREG(st.st_mode)) {
		af->why = S_ISDIR(st.st_mode) ? "it is a directory"
			  : S_ISBLK(st.st_mode) ? "it is a block device"
						: "it is not a file, a FIFO or a character device";
		free(target);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	af->path = target;
	af->tmp = xasprintf("%s.tmp.XXXXXX", target);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		e = errno;
		free(af->tmp);
		free(af->path);
		memset(af, 0, sizeof(*af));
		errno = e;
		return -1;
	}
	/* mkstemp makes the file private: give it the mode it had, or the
	 * mode a plain open would give a new one */
	if (existed) {
		fchmod(fd, st.st_mode & 0777);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	open_tmp = af->tmp;
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		e = errno;
		close(fd);
		atomic_abort(af);
		errno = e;
		return -1;
	}
	return 0;
}

int atomic_commit(struct atomic_file *af)
{
	int rc = 0;

	if (af->direct) {
		/* a pipe or a device: nothing to sync or rename */
		if (fflush(af->fp) != 0 || ferror(af->fp))
			rc = -1;
		if (fclose(af->fp) != 0)
			rc = -1;
		memset(af, 0, sizeof(*af));
		return rc;
	}
	if (fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0)
		rc = -1;
	if (fclose(af->fp) != 0)
		rc = -1;
	af->fp = NULL;
	open_tmp = NULL;
	if (rc == 0 && rename(af->tmp, af->path) != 0)
		rc = -1;
	if (rc != 0) {
		int e = errno;
		unlink(af->tmp);
		errno = e;
	}
	free(af->tmp);
	free(af->path);
	af->tmp = af->path = NULL;
	return rc;
}

void atomic_abort(struct atomic_file *af)
{
	open_tmp = NULL;
	if (af->fp)
		fclose(af->fp);
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	memset(af, 0, sizeof(*af));
}
