/*
 * The account files.  uidinit only ever reads them and appends one line:
 * no temp file and rename (on the platforms this is for, /etc is not
 * writable, only the file is), no rewrite (a truncating rewrite is how
 * toybox's "w+" can lose every account on a full disk).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "passwd.h"

/* Opened without blocking: a FIFO with no writer must not hang PID 1. */
static int open_file(const char *path, int flags, enum pw_result *why)
{
	struct stat st;
	int fd = open(path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK), err;

	*why = PW_FAILED;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		err = errno;
	} else if (S_ISREG(st.st_mode)) {
		return fd;
	} else {
		*why = PW_NOT_FILE;
		err = EINVAL;
	}
	close(fd);
	errno = err;
	return -1;
}

/* The decimal id in s, or -1 if s is not one (empty, sign, junk, > 2^32-1). */
static long long parse_id(const char *s)
{
	long long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || (v = v * 10 + (*s - '0')) > 0xffffffffLL)
			return -1;
	}
	return v;
}

static void copy_field(char *dst, const char *src)
{
	size_t n = strlen(src);

	memcpy(dst, src, n + 1 < PW_LINE_MAX ? n + 1 : PW_LINE_MAX);
	dst[PW_LINE_MAX - 1] = 0;
}

/* Does the third field of line[0..len) hold exactly id?  Checked before
 * anything else: on a large file nearly every line is some other id, and
 * splitting all of its fields first made the scan slower than a shell. */
static int id_matches(const char *line, size_t len, unsigned long id)
{
	const char *end = line + len, *p = memchr(line, ':', len);
	unsigned long long v = 0;

	if (!p || !(p = memchr(p + 1, ':', (size_t)(end - p - 1))))
		return 0;
	for (p++; p < end && *p != ':'; p++) {
		if (*p < '0' || *p > '9' || (v = v * 10 + (unsigned)(*p - '0')) > id)
			return 0;
	}
	return p < end && v == id && p[-1] != ':';
}

/* What a scan looks for: the line of an id, or (name set) of a name. */
struct key {
	unsigned long id;
	const char *name;
	size_t namelen;
};

/* Does line[0..len) start with the name the key holds, then ':'? */
static int key_matches(const char *line, size_t len, const struct key *k)
{
	if (!k->name)
		return id_matches(line, len, k->id);
	return len > k->namelen && line[k->namelen] == ':' &&
	       memcmp(line, k->name, k->namelen) == 0;
}

/* line[len] is writable.  1 if the line is a well-formed entry for k. */
static int match_line(char *line, size_t len, enum pw_kind kind,
		      const struct key *k, struct pw_entry *e)
{
	char *field[PW_PASSWD], *p;
	long long id;
	int n = 1;

	if (!len || line[0] == '#' || !key_matches(line, len, k) || memchr(line, 0, len))
		return 0;
	line[len] = 0;
	field[0] = line;
	for (p = line; *p; p++) {
		if (*p != ':')
			continue;
		if (n == (int)kind)
			return 0;
		*p = 0;
		field[n++] = p + 1;
	}
	if (n != (int)kind || !*field[0] || (id = parse_id(field[2])) < 0 ||
	    (!k->name && id != (long long)k->id))
		return 0;
	if (e) {
		copy_field(e->name, field[0]);
		copy_field(e->home, kind == PW_PASSWD ? field[5] : "");
		e->id = (unsigned long)id;
	}
	return 1;
}

/* Read fd line by line, from where it is, looking for k.  Large reads
 * (a 1,000,000-line file took 17,000 read() calls at 4 KiB); lines of
 * PW_LINE_MAX bytes or more are skipped whole. */
static enum pw_result scan(int fd, enum pw_kind kind, const struct key *k, struct pw_entry *e)
{
	char buf[65536 + 1];
	size_t have = 0;
	int overlong = 0;

	for (;;) {
		ssize_t r = read(fd, buf + have, sizeof buf - 1 - have);
		size_t end, start = 0, len;
		char *nl;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return PW_FAILED;
		end = have + (size_t)r;
		while ((nl = memchr(buf + start, '\n', end - start))) {
			len = (size_t)(nl - (buf + start));
			if (!overlong && len < PW_LINE_MAX && match_line(buf + start, len, kind, k, e))
				return PW_FOUND;
			overlong = 0;
			start += len + 1;
		}
		len = end - start;
		if (r == 0)	/* a last line without '\n' counts too */
			return !overlong && len < PW_LINE_MAX && match_line(buf + start, len, kind, k, e)
				? PW_FOUND : PW_MISSING;
		if (len >= PW_LINE_MAX) {
			overlong = 1;
			start = end;
			len = 0;
		}
		memmove(buf, buf + start, len);
		have = len;
	}
}

static enum pw_result find(const char *path, enum pw_kind kind, const struct key *k,
			   struct pw_entry *e)
{
	enum pw_result r;
	int fd = open_file(path, O_RDONLY, &r);

	if (fd < 0)
		return errno == ENOENT ? PW_MISSING : r;
	r = scan(fd, kind, k, e);
	close(fd);
	return r;
}

enum pw_result pw_find(const char *path, enum pw_kind kind, unsigned long id, struct pw_entry *e)
{
	const struct key k = { .id = id };

	return find(path, kind, &k, e);
}

enum pw_result pw_find_name(const char *path, enum pw_kind kind, const char *name,
			    struct pw_entry *e)
{
	const struct key k = { .name = name, .namelen = strlen(name) };

	return find(path, kind, &k, e);
}

/* The file's last byte is '\n', or the file is empty: musl's reader eats
 * the last byte of an unterminated line, and the script's ">>" would glue
 * our entry onto it. */
static int ends_in_newline(int fd, off_t size)
{
	char c = '\n';

	return size == 0 || (pread(fd, &c, 1, size - 1) == 1 && c == '\n');
}

/* One write() of the whole line; on a short or failed one, cut the file
 * back to size.  A short write says nothing of why (RLIMIT_FSIZE, a full
 * disk or quota): the rest is written once more to hear the reason.
 * SIGXFSZ is blocked so that RLIMIT_FSIZE gives EFBIG instead of killing
 * us; the signal it leaves pending is taken back. */
static int write_line(int fd, off_t size, const char *line, size_t len)
{
	static const struct timespec zero;
	sigset_t xfsz, old, pending;
	int was_pending, err = 0;
	ssize_t n;

	sigemptyset(&xfsz);
	sigaddset(&xfsz, SIGXFSZ);
	sigprocmask(SIG_BLOCK, &xfsz, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGXFSZ) == 1;
	n = write(fd, line, len);
	if (n >= 0 && (size_t)n < len) {
		ssize_t more = write(fd, line + n, len - (size_t)n);

		n = more < 0 ? -1 : n + more;
	}
	if (n != (ssize_t)len) {
		err = n < 0 ? errno : ENOSPC;
		if (ftruncate(fd, size) < 0) {
			/* nothing better to do: the write itself already failed */
		}
		if (!was_pending)
			sigtimedwait(&xfsz, NULL, &zero);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return err ? -1 : 0;
}

enum pw_result pw_append(const char *path, enum pw_kind kind, unsigned long id, const char *line)
{
	char buf[PW_LINE_MAX + 1];
	size_t len = strlen(line);
	enum pw_result r;
	struct stat ws, rs;
	int wfd, rfd, err;

	if (len == 0 || len >= PW_LINE_MAX || line[len - 1] != '\n') {
		errno = EINVAL;
		return PW_FAILED;
	}
	if ((wfd = open_file(path, O_WRONLY | O_APPEND, &r)) < 0)
		return r;
	/* Two uidinits starting at once: the second waits here, then finds
	 * the first one's line, and writes nothing. */
	r = PW_FAILED;
	if (flock(wfd, LOCK_EX) < 0 || (rfd = open_file(path, O_RDONLY, &r)) < 0)
		goto out;
	r = PW_FAILED;
	if (fstat(wfd, &ws) < 0 || fstat(rfd, &rs) < 0)
		goto close_rfd;
	if (ws.st_dev != rs.st_dev || ws.st_ino != rs.st_ino) {
		errno = EAGAIN;	/* replaced between our two opens */
		goto close_rfd;
	}
	if ((r = scan(rfd, kind, &(const struct key){ .id = id }, NULL)) != PW_MISSING)
		goto close_rfd;
	buf[0] = '\n';
	memcpy(buf + 1, line, len);
	if (ends_in_newline(rfd, ws.st_size))
		r = write_line(wfd, ws.st_size, buf + 1, len) ? PW_FAILED : PW_ADDED;
	else
		r = write_line(wfd, ws.st_size, buf, len + 1) ? PW_FAILED : PW_ADDED;
close_rfd:
	err = errno;
	close(rfd);
	errno = err;
out:
	err = errno;
	/* close() is where NFS reports a failed write. */
	if (close(wfd) < 0 && r == PW_ADDED) {
		err = errno;
		r = PW_FAILED;
	}
	errno = err;
	return r;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int pw_copy(const char *path, const char *line, int fd)
{
	char buf[8192], last = '\n';
	enum pw_result why;
	int in = open_file(path, O_RDONLY, &why), err;
	ssize_t r;

	if (in < 0 && errno != ENOENT) {
		if (why == PW_NOT_FILE)
			errno = EINVAL;
		return -1;
	}
	while (in >= 0 && (r = read(in, buf, sizeof buf)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || write_all(fd, buf, (size_t)r) < 0) {
			err = errno;
			close(in);
			errno = err;
			return -1;
		}
		last = buf[r - 1];
	}
	if (in >= 0)
		close(in);
	if ((last != '\n' && write_all(fd, "\n", 1) < 0) ||
	    write_all(fd, line, strlen(line)) < 0)
		return -1;
	return 0;
}

int pw_name_ok(const char *s)
{
	size_t i, digits = 0;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   c == '.' || c == '_' || (c == '-' && i > 0)))
			return 0;
	}
	return i > 0 && i <= PW_NAME_MAX && digits < i;
}

int pw_field_ok(const char *s)
{
	return !s[strcspn(s, ":\n\r")];
}

static void put(char *buf, size_t size, size_t *n, const char *s)
{
	size_t len = strlen(s);

	if (*n + len < size)
		memcpy(buf + *n, s, len + 1);
	*n += len;
}

static const char *decimal(unsigned long v, char d[24])
{
	char *p = d + 23;

	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return p;
}

size_t pw_format(char *buf, size_t size, enum pw_kind kind, const char *name,
		 unsigned long uid, unsigned long gid, const char *home)
{
	char d[24];
	size_t n = 0;

	put(buf, size, &n, name);
	put(buf, size, &n, ":x:");
	if (kind == PW_PASSWD) {
		put(buf, size, &n, decimal(uid, d));
		put(buf, size, &n, ":");
		put(buf, size, &n, decimal(gid, d));
		put(buf, size, &n, ":");
		put(buf, size, &n, name);
		put(buf, size, &n, " user:");
		put(buf, size, &n, home);
		put(buf, size, &n, ":/sbin/nologin\n");
	} else {
		put(buf, size, &n, decimal(gid, d));
		put(buf, size, &n, ":\n");
	}
	return n < size ? n : 0;
}
