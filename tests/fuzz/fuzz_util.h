/* Shared by the harnesses: one scratch directory per process, files
 * rewritten from the input, and a loud abort. */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define FUZZ_FAIL(...) do { \
	fprintf(stderr, "FUZZ FAILURE %s:%d: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)

static char fuzz_dir[4096];

static void fuzz_cleanup(void)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
	if (system(cmd) != 0) {
		/* best effort */
	}
}

/* $TMPDIR/uidinit-fuzz.XXXXXX/name, made on first use, removed at exit. */
static const char *fuzz_path(const char *name)
{
	static char path[4200];

	if (!fuzz_dir[0]) {
		const char *t = getenv("TMPDIR");

		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/uidinit-fuzz.XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(fuzz_dir))
			FUZZ_FAIL("mkdtemp %s", fuzz_dir);
		atexit(fuzz_cleanup);
	}
	snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
	return path;
}

static void fuzz_write_file(const char *path, const void *d, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || (n && write(fd, d, n) != (ssize_t)n) || close(fd) < 0)
		FUZZ_FAIL("cannot write %s", path);
}

/* The whole file at path (at most 2 MiB) in a static buffer; *n its size. */
static inline char *slurp(const char *path, size_t *n)
{
	static char buf[1 << 21];
	FILE *f = fopen(path, "rb");

	if (!f)
		FUZZ_FAIL("open %s", path);
	*n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return buf;
}

#endif
