/*
 * output.c: output files are written atomically: into a temporary file
 * beside the target, synced, then renamed over it.  A reader (a CI step
 * uploading SARIF) never sees half a file, and a failed run leaves the
 * previous file as it was.
 */
#include "linter/linter.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int put_utf8(FILE *out, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	uint32_t cp;

	/* valid stretches are written whole */
	while (i < n) {
		size_t k = utf8_next(s + i, n - i, &cp);
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

int atomic_open(struct atomic_file *af, const char *path)
{
	int fd;

	memset(af, 0, sizeof(*af));
	af->path = xstrdup(path);
	af->tmp = xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		int e = errno;
		free(af->tmp);
		free(af->path);
		memset(af, 0, sizeof(*af));
		errno = e;
		return -1;
	}
	/* mkstemp makes the file private; give it the mode a plain open would */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		int e = errno;
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

	if (fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0)
		rc = -1;
	if (fclose(af->fp) != 0)
		rc = -1;
	af->fp = NULL;
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
	if (af->fp)
		fclose(af->fp);
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	memset(af, 0, sizeof(*af));
}
