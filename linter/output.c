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
	open_tmp = af->tmp;
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
