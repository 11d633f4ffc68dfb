/*
 * The account fix.  The account files are only ever read and appended to:
 * no temp file and rename in /etc (on the platforms this is for, /etc is
 * not writable, only the file is), no rewrite (a truncating rewrite is how
 * toybox's "w+" can lose every account on a full disk).  Each file is
 * opened, locked and read once; what is missing is appended with one
 * write() on that same descriptor.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>	/* rename() only */
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "passwd.h"

/* stat() and fstat() as newfstatat(2) where musl's struct stat is the
 * kernel's (x86-64, arm64, ppc64le, s390x: on s390x too, field for field
 * and 144 bytes, arch/s390/include/uapi/asm/stat.h; not 32-bit arm):
 * musl's fstatat() copies a kernel struct field by field and falls back
 * to /proc for O_PATH descriptors, 0.7-1 KiB that these four calls do
 * not need. */
#if defined(__x86_64__) || defined(__aarch64__) || defined(__powerpc64__) || defined(__s390x__)
#define stat(path, st) ((int)syscall(SYS_newfstatat, AT_FDCWD, path, st, 0))
#define fstat(fd, st) ((int)syscall(SYS_newfstatat, fd, "", st, AT_EMPTY_PATH))
#endif

/* open() as the system call: musl's adds a cancellation point and, for
 * kernels before 2.6.23, an fcntl() for O_CLOEXEC, 200-216 bytes.
 * O_LARGEFILE as musl passes it (32-bit arm; 64-bit kernels force it). */
static int open_at(const char *path, int flags, unsigned mode)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_LARGEFILE, mode);
}

/* memmove() by bytes, forward or back: musl's is C on arm64, ppc64le and
 * s390x, 0.4-0.9 KiB for the two moves here (a partial line, once per
 * read; the entry, once).  gcc -Os leaves the loops as they are (nm:
 * no memmove in any of the five binaries). */
static void move(char *to, const char *from, size_t n)
{
	if (to < from)
		while (n--)
			*to++ = *from++;
	else
		while (n--)
			to[n] = from[n];
}

enum pw_kind { PW_PASSWD = 7, PW_GROUP = 4 };	/* fields per line */

enum {
	READ_MAX = 65536,	/* longer lines are skipped whole */
	PATH_BYTES = 4096,	/* PATH_MAX */
	IDS = 1 + ACCT_GROUPS_MAX,
	LOCK_TRIES = 5,		/* reopen after a rename this often */
};

/* The memory of one call, in the result: not on the stack (uidinit runs
 * with RLIMIT_STACK = 32 KiB), not from malloc (musl's costs KiB of
 * binary). */
struct work {
	/* What every account fix touches, first: a short passwd file, the
	 * UID's line and the group lines take two fresh pages, not four. */
	char buf[READ_MAX + 1];
	char gadded[IDS * 12];		/* the gids added, for -v */
	char gname[IDS][24];		/* the group lines' fallback names, gGID */
	char glines[IDS * 64];		/* the group lines to add */
	char idline[READ_MAX];		/* the UID's line, as found */
	char nameline[READ_MAX];	/* USER_NAME's line, as found */
	char pline[PW_LINE_MAX];	/* the passwd line to add */
	char gecos[PW_LINE_MAX];
	char dir[PATH_BYTES], tmp[PATH_BYTES];
	char pcopy[PATH_BYTES], gcopy[PATH_BYTES];
	char expath[2][PATH_BYTES];	/* extrausers' passwd and group */
	char preload[ACCT_PRELOAD_MAX];
};
_Static_assert(sizeof(struct work) + 4095 <= ACCT_WORK_BYTES, "ACCT_WORK_BYTES");

/* ---- messages ---- */

/* The strings of ap (NULL-ended) after buf[0..n), cut to fit size; the
 * length they needed (>= size: did not fit).  CAT(to, size, 0, s) is
 * also our strcpy: musl's, with the stpcpy under it, costs 130-260 bytes
 * for five copies. */
static size_t vcat(char *buf, size_t size, size_t n, va_list ap)
{
	const char *s;

	while ((s = va_arg(ap, const char *)))
		for (; *s; s++, n++)
			if (n + 1 < size)
				buf[n] = *s;
	buf[n < size ? n : size - 1] = 0;
	return n;
}

static size_t cat(char *buf, size_t size, size_t n, ...)
{
	va_list ap;

	va_start(ap, n);
	n = vcat(buf, size, n, ap);
	va_end(ap);
	return n;
}
#define CAT(buf, size, n, ...) cat(buf, size, n, __VA_ARGS__, (const char *)NULL)

/* One message, f with only %s conversions; a value too long for the line
 * is cut, so no input can make a message unbounded. */
__attribute__((format(printf, 3, 4)))
static void say(struct account_result *r, int warning, const char *f, ...)
{
	char *m;
	size_t n = 0;
	const char *s;
	va_list ap;

	if ((warning ? r->nwarn : r->ninfo) == ACCT_MSGS)
		return;
	m = warning ? r->warn[r->nwarn++] : r->info[r->ninfo++];
	va_start(ap, f);
	for (; *f; f++) {
		if (f[0] == '%' && f[1] == 's') {
			for (s = va_arg(ap, const char *); *s && n + 1 < ACCT_MSG_MAX; s++)
				m[n++] = *s;
			f++;
		} else if (n + 1 < ACCT_MSG_MAX) {
			m[n++] = *f;
		}
	}
	va_end(ap);
	m[n] = 0;
}
#define WARN(r, ...) say(r, 1, __VA_ARGS__)
#define INFO(r, ...) say(r, 0, __VA_ARGS__)

static const char *decimal(unsigned long v, char d[24])
{
	char *p = d + 23;

	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return p;
}

/* ---- what counts as an entry ---- */

/* The decimal in s[0..len), or -1: empty, not all digits, > 2^32-1. */
static long long parse_id(const char *s, size_t len)
{
	long long v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9' || (v = v * 10 + (s[i] - '0')) > 0xffffffffLL)
			return -1;
	return v;
}

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * Is line[0..len) (no '\n') an entry that both glibc and musl return?
 * last: the file's last line, unterminated, whose last byte musl's
 * reader drops.  glibc skips leading white space, then empty and '#'
 * lines, takes missing trailing fields as empty, rejects +/- (NIS compat)
 * names for a look-up by id, and wants the ids non-empty numbers that fit
 * 32 bits; musl wants a non-empty name and every ':' of the format, and
 * ids of digits only.  Checked on both libcs by tests/e2e_passwd.sh.  On
 * success *id is the id and line[*start..*end) the name as glibc sees it.
 */
static int entry_ok(const char *line, size_t len, int last, enum pw_kind kind,
		    long long *id, size_t *start, size_t *end)
{
	size_t mlen = last ? len - 1 : len, c[4] = { 0 }, n = 0, i, g = 0;

	if (!len || line[0] == ':' || memchr(line, 0, len))
		return 0;
	while (g < len && is_space(line[g]))
		g++;
	if (g == len || line[g] == '#' || line[g] == '+' || line[g] == '-')
		return 0;
	for (i = 0; i < mlen && n < (size_t)kind - 1; i++)
		if (line[i] == ':' && n < 4)
			c[n++] = i;
		else if (line[i] == ':')
			n++;
	if (n < (size_t)kind - 1)
		return 0;
	if ((*id = parse_id(line + c[1] + 1, c[2] - c[1] - 1)) < 0 ||
	    (kind == PW_PASSWD && parse_id(line + c[2] + 1, c[3] - c[2] - 1) < 0))
		return 0;
	*start = g;
	*end = c[0];
	return 1;
}

/* ---- one pass over one file ---- */

/* What one read of a file looks for, and what it found. */
struct pass {
	enum pw_kind kind;
	unsigned long id[IDS];	/* id[0]'s line is kept in idline */
	size_t nid;
	const char *name[IDS + 1];	/* name[0]'s line is kept in nameline */
	size_t nname;
	uint64_t has_id, has_name;
	long long name_id;	/* the id of name[0]'s line */
	char *idline, *nameline;	/* READ_MAX each */
	off_t size;
	int ends_in_newline;
};

static void keep(char *to, const char *line, size_t len)
{
	memcpy(to, line, len);
	to[len] = 0;
}

static void look_at(struct pass *p, const char *line, size_t len, int last)
{
	long long id;
	size_t i, s, e;

	if (!entry_ok(line, len, last, p->kind, &id, &s, &e))
		return;
	for (i = 0; i < p->nid; i++)
		if (p->id[i] == (unsigned long)id && !(p->has_id >> i & 1)) {
			p->has_id |= (uint64_t)1 << i;
			if (i == 0 && p->idline)
				keep(p->idline, line, len);
		}
	for (i = 0; i < p->nname; i++)
		if (!(p->has_name >> i & 1) && strlen(p->name[i]) == e - s &&
		    memcmp(line + s, p->name[i], e - s) == 0) {
			p->has_name |= (uint64_t)1 << i;
			if (i == 0) {
				p->name_id = id;
				if (p->nameline)
					keep(p->nameline, line, len);
			}
		}
}

/* 0x80 in each byte of w that equals c's (c: one byte, repeated), else
 * 0.  The exact form, with no false hit above a true one, so that the
 * byte order does not matter. */
static uint64_t bytes_eq(uint64_t w, uint64_t c)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;

	w ^= c;
	return ~(((w & low7) + low7) | w | low7);
}

static uint64_t word_at(const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof w);
	return w;
}

/* Is t[0..m), then ':', in s[0..n)?  Eight places at a time, in one
 * 64-bit word: a place is compared only if it holds t's first byte and
 * the ':' is m further on (W. Mula's SIMD filter, in plain words).  A
 * byte loop, or Horspool's skips, ran at 1 cycle a byte on passwd text,
 * which is full of t's digits; this at half that. */
static int holds(const char *s, size_t n, const char *t, size_t m)
{
	const uint64_t ones = (uint64_t)-1 / 255;
	uint64_t first = ones * (unsigned char)t[0], colon = ones * ':';
	unsigned char hit[8];
	size_t i, k;

	for (i = 0; i + m < n; i += 8) {
		uint64_t h = (uint64_t)-1;

		if (i + m + 8 <= n &&
		    !(h = bytes_eq(word_at(s + i), first) & bytes_eq(word_at(s + i + m), colon)))
			continue;
		memcpy(hit, &h, sizeof hit);	/* hit[k]: place i + k, in either byte order */
		for (k = 0; k < 8 && i + k + m < n; k++)
			if (hit[k] && s[i + k + m] == ':' && memcmp(s + i + k, t, m) == 0)
				return 1;
	}
	return 0;
}

/* Can look_at() learn anything from the whole lines in s[0..n)?  Each
 * line it takes holds an id not yet found as "DIGITS:" (leading zeros
 * only come before these digits) or a name not yet found as "NAME:".
 * A million-line file with neither is then searched, not parsed: the
 * scan was slower than dash's whoami before (issue 12.5). */
static int may_hold(const struct pass *p, const char *s, size_t n)
{
	char d[24];
	size_t i;

	for (i = 0; i < p->nid + p->nname; i++) {
		int idx = i < p->nid;
		const char *t = idx ? decimal(p->id[i], d) : p->name[i - p->nid];

		if (!((idx ? p->has_id >> i : p->has_name >> (i - p->nid)) & 1) &&
		    (!*t || holds(s, n, t, strlen(t))))
			return 1;
	}
	return 0;
}

/* Read fd once, from offset 0, to the end.  0, or -1 with errno. */
static int read_pass(int fd, struct pass *p, char *buf)
{
	size_t have = 0;
	int overlong = 0;
	char lastc = '\n';

	p->has_id = p->has_name = 0;
	p->size = 0;
	for (;;) {
		ssize_t r = pread(fd, buf + have, READ_MAX - have, p->size);
		size_t end, start = 0, len;
		char *nl;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		p->size += r;
		if (r > 0)
			lastc = buf[have + (size_t)r - 1];
		end = have + (size_t)r;
		for (len = end; len && buf[len - 1] != '\n'; len--)	/* memrchr(): 60-130 bytes more */
			;
		if (len && !may_hold(p, buf, len - 1)) {
			start = len;
			overlong = 0;
		}
		/* Only a read that may_hold() let through is parsed line by line
		 * (most of a big file is not), and the last line. */
		while ((nl = memchr(buf + start, '\n', end - start))) {
			len = (size_t)(nl - (buf + start));
			if (!overlong)
				look_at(p, buf + start, len, 0);
			overlong = 0;
			start += len + 1;
		}
		len = end - start;
		if (r == 0) {
			if (len && !overlong)
				look_at(p, buf + start, len, 1);
			p->ends_in_newline = lastc == '\n';
			return 0;
		}
		if (len == READ_MAX) {
			overlong = 1;
			len = 0;
		}
		move(buf, buf + end - len, len);
		have = len;
	}
}

/* ---- opening and locking ---- */

struct file {
	const char *path;
	int fd;
	int writable;	/* opened for appending, and locked */
	int missing;
	int err;	/* why it could not be opened for appending */
};

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };

	/* The system call itself where the kernel's timespec is musl's
	 * (64-bit): musl's nanosleep() goes through clock_nanosleep() and
	 * its time64 handling, 150 bytes. */
#if defined(__LP64__) && defined(SYS_nanosleep)
	while (syscall(SYS_nanosleep, &ts, &ts) < 0 && errno == EINTR)
		;
#else
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
#endif
}

/* flock(LOCK_EX), waiting at most wait_ms: a stuck holder must not make
 * `docker stop` wait for SIGKILL.  0, or -1 with errno. */
static int lock_bounded(int fd, int wait_ms)
{
	long waited = 0, step = 1;

	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (waited >= wait_ms) {
			errno = ETIMEDOUT;
			return -1;
		}
		sleep_ms(step);
		waited += step;
		step = step < 100 ? step * 2 : 100;
	}
	return 0;
}

/* Open path for appending (read-only when that is refused: look up only),
 * a regular file only, and lock it.  A file replaced by rename while we
 * waited (sed -i) is opened again, so a line never lands in an unlinked
 * file.  O_NONBLOCK: a FIFO with no writer must not hang PID 1.
 * 0, or -1 with errno (EINVAL: not a regular file). */
static int open_file(struct file *f, int create, int wait_ms)
{
	struct stat fs, ps;
	int try, err, flags = O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

	f->fd = -1;
	f->writable = f->missing = 0;
	for (try = 0; try < LOCK_TRIES; try++) {
		f->writable = 1;
		f->fd = open_at(f->path, flags | O_RDWR | O_APPEND | (create ? O_CREAT : 0), 0644);
		if (f->fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM ||
				  errno == EISDIR)) {
			f->err = errno;
			f->writable = 0;
			f->fd = open_at(f->path, flags | O_RDONLY, 0);
		}
		if (f->fd < 0) {
			f->missing = errno == ENOENT;
			return -1;
		}
		if ((f->writable && lock_bounded(f->fd, wait_ms) < 0) || fstat(f->fd, &fs) < 0)
			goto fail;
		if (!S_ISREG(fs.st_mode)) {
			errno = EINVAL;
			goto fail;
		}
		if (!f->writable || (fs.st_nlink > 0 && stat(f->path, &ps) == 0 &&
				     ps.st_dev == fs.st_dev && ps.st_ino == fs.st_ino))
			return 0;
		close(f->fd);
	}
	errno = ESTALE;	/* replaced under us every time */
	f->fd = -1;
	return -1;
fail:
	err = errno;
	close(f->fd);
	f->fd = -1;
	errno = err;
	return -1;
}

static const char *why(int err)
{
	return err == EINVAL ? "not a regular file" :
	       err == ETIMEDOUT ? "still locked by another process after 5 s" :
	       strerror(err);
}

/* ---- writing ---- */

/* One write() of text at the end of f; on a short or failed one, cut the
 * file back.  A short write says nothing of why (RLIMIT_FSIZE, a full
 * disk or quota): the rest is written once more to hear the reason.
 * SIGXFSZ is blocked so that RLIMIT_FSIZE gives EFBIG instead of killing
 * us; the signal it leaves pending is taken back.  close() is where NFS
 * reports a failed write, so the caller checks it too. */
#define XFSZ_BIT (1UL << (SIGXFSZ - 1))

static int append(int fd, off_t size, int ends_in_newline, char *text, size_t len)
{
	static const struct timespec zero;
	sigset_t xfsz, old, pending;
	int was_pending, err = 0;
	ssize_t n;

	/* text has room for a '\n' in front: musl's reader eats the last
	 * byte of an unterminated line, and the script's ">>" would glue our
	 * entry onto it. */
	if (!ends_in_newline) {
		move(text + 1, text, len);
		text[0] = '\n';
		len++;
	}
	/* SIGXFSZ is bit 24 of the kernel's first word (musl's sigaddset()
	 * and sigismember() cost 130 bytes for it). */
	sigemptyset(&xfsz);
	*(unsigned long *)(void *)&xfsz = XFSZ_BIT;
	/* The system call: musl's sigprocmask() drops 32-34 from the old
	 * mask it returns, and setting that back unblocked them, so that
	 * a signal 34 (glibc's SIGRTMIN) killed uidinit instead of reaching
	 * the command.  And 120 bytes less. */
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &xfsz, &old, NSIG / 8);
	sigpending(&pending);
	was_pending = (*(unsigned long *)(void *)&pending & XFSZ_BIT) != 0;
	n = write(fd, text, len);
	if (n >= 0 && (size_t)n < len) {
		ssize_t more = write(fd, text + n, len - (size_t)n);

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
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, NSIG / 8);
	errno = err;
	return err ? -1 : 0;
}

static int close_file(struct file *f)
{
	int fd = f->fd;

	f->fd = -1;
	return fd < 0 ? 0 : close(fd);
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

/* The file at from (nothing if it does not exist), then text, into fd:
 * a copy for nss_wrapper.  At most ACCT_COPY_MAX bytes are copied (EFBIG):
 * the copy sits in TMPDIR, often a small tmpfs. */
static int copy_into(int fd, const char *from, const char *text, char *buf)
{
	int in = open_at(from, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0), err = 0;
	struct stat st;
	size_t total = 0;
	char last = '\n';
	ssize_t r;

	if (in < 0 && errno != ENOENT)
		return -1;
	if (in >= 0 && fstat(in, &st) == 0 && !S_ISREG(st.st_mode))
		err = EINVAL;
	while (in >= 0 && !err && (r = read(in, buf, READ_MAX)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r > 0 && (total += (size_t)r) > ACCT_COPY_MAX)
			err = EFBIG;
		else if (r < 0 || write_all(fd, buf, (size_t)r) < 0)
			err = errno;
		else
			last = buf[r - 1];
	}
	if (in >= 0)
		close(in);
	if (!err && ((last != '\n' && write_all(fd, "\n", 1) < 0) ||
		     write_all(fd, text, strlen(text)) < 0))
		err = errno;
	errno = err;
	return err ? -1 : 0;
}

/* ---- names, homes, shells ---- */

/* A portable user name: [A-Za-z0-9._][A-Za-z0-9._-]*, at most
 * PW_NAME_MAX bytes, not all digits. */
static int name_ok(const char *s)
{
	size_t i, digits = 0;

	for (i = 0; s[i] && i <= PW_NAME_MAX; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   c == '.' || c == '_' || (c == '-' && i > 0)))
			return 0;
	}
	return i > 0 && i <= PW_NAME_MAX && digits < i;
}

/* strspn() (in = 1) and strcspn() (in = 0) in one loop: musl's pair,
 * with their 32-byte bitmaps, cost 420 bytes on x86-64 for a few short
 * strings. */
static size_t span(const char *s, const char *set, int in)
{
	size_t n = 0;

	while (s[n] && (strchr(set, s[n]) != NULL) == in)
		n++;
	return n;
}

/* s can stand in a field without adding a field or a line, and fits. */
static int field_ok(const char *s, size_t max)
{
	size_t n = span(s, ":\n\r", 0);	/* no strnlen(): 56-136 bytes more */

	return !s[n] && n < max;
}

static const char *or_default(const char *v, const char *def)
{
	return v ? v : def;
}

/* dirname into dir: "/etc/passwd" -> "/etc", "passwd" -> ".".  The
 * last '/' by a loop: musl's strrchr() and the memrchr() under it cost
 * 100-200 bytes for this and parent_of(). */
static const char *parent(const char *path, char *dir)
{
	const char *slash = NULL, *p;
	size_t n;

	for (p = path; *p; p++)
		if (*p == '/')
			slash = p;
	if (!slash)
		return ".";
	if ((n = (size_t)(slash - path)) == 0)
		return "/";
	memcpy(dir, path, n);
	dir[n] = 0;
	return dir;
}

/* mkdtemp(), less musl's __randname: its clock_gettime() pulls in the
 * vDSO lookup, 0.9 KiB of a 32 KiB binary on x86-64 and arm64.  The name
 * need not be secret, only new: mkdir() fails on any existing entry (a
 * planted link included) and the directory is 0700.  The six X are
 * replaced, as mkdtemp's, from getrandom(2); where the kernel has none, a
 * generator seeded with the PID still gives each try a new name. */
static int make_temp_dir(char *tmpl)
{
	char *x = tmpl + strlen(tmpl) - 6;
	uint64_t r = (uint64_t)getpid();
	int tries, i;

	for (tries = 0; tries < 100; tries++) {
		if (syscall(SYS_getrandom, &r, sizeof r, 1 /* GRND_NONBLOCK */) != (long)sizeof r)
			r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		for (i = 0; i < 6; i++, r >>= 5)
			x[i] = "abcdefghijklmnopqrstuvwxyz012345"[r & 31];
		if (mkdir(tmpl, 0700) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

/* TMPDIR when it is absolute, fits our paths and is writable, else /tmp.
 * A full or read-only TMPDIR used to leave the UID nameless. */
static const char *scratch_dir(const struct account_request *q, struct account_result *r)
{
	const char *t = q->tmpdir, *def = or_default(q->fallback_tmp, "/tmp");

	if (!t || !*t)
		return def;
	if (t[0] != '/' || !field_ok(t, PATH_BYTES - 32)) {
		WARN(r, "TMPDIR: not an absolute path of at most 4064 bytes without ':', using %s",
		     def);
		return def;
	}
	return access(t, W_OK) == 0 ? t : def;
}

/* HOME for a new entry.  runc falls back to HOME=/ for a UID without an
 * entry; on a read-only root, npm, pip and gradle then fail to write
 * their caches, so a writable scratch directory serves instead. */
static const char *new_home(const struct account_request *q, struct account_result *r)
{
	const char *home = q->home, *root = or_default(q->root, "/");

	if (home && *home && strcmp(home, "/") != 0) {
		if (home[0] == '/' && field_ok(home, PATH_BYTES))
			return home;
		WARN(r, "HOME: %s, not written to the passwd file",
		     !home[span(home, ":\n\r", 0)] ? "not an absolute path of at most 4095 bytes" :
		     "has ':' or a line break");
	}
	return access(root, W_OK) == 0 ? "/" : scratch_dir(q, r);
}

static const char *new_shell(const struct account_request *q, struct account_result *r)
{
	const char *s = q->user_shell;

	if (!s || !*s)
		return "/sbin/nologin";
	if (s[0] == '/' && field_ok(s, PATH_BYTES) && access(s, X_OK) == 0)
		return s;
	WARN(r, "USER_SHELL: not an executable absolute path without ':', using /sbin/nologin");
	return "/sbin/nologin";
}

/* Field i of a kept line (0-based): where it starts, and its length in
 * *n; a trailing '\r' (a CRLF file) is not part of it. */
static const char *field(const char *line, int i, size_t *n)
{
	const char *e;

	/* glibc skips a line's leading blanks: they are no part of the name
	 * (fuzz_find: leading-tab-name). */
	while (is_space(*line))
		line++;
	while (i-- > 0 && (line = strchr(line, ':')))
		line++;
	if (!line)
		line = "";
	e = strchr(line, ':');
	*n = e ? (size_t)(e - line) : strlen(line);
	if (*n && line[*n - 1] == '\r')
		(*n)--;
	return line;
}

static const char *put_text(struct account_result *r, const char *s, size_t n)
{
	char *p = r->text + r->textlen;

	if (n >= sizeof r->text - r->textlen)
		return "";
	memcpy(p, s, n);
	p[n] = 0;
	r->textlen += n + 1;
	return p;
}

/* The name, home and shell, at the start of r's text: they are set
 * before any variable (finish() adds those), and again on a second try
 * (takeover refused, extrausers). */
static void who(struct account_result *r, const char *name, size_t nn, const char *home,
		size_t hn, const char *shell, size_t sn)
{
	if (!r->env[0])
		r->textlen = 0;
	r->name = put_text(r, name, nn);
	r->home = put_text(r, home, hn);
	r->shell = put_text(r, shell, sn);
}

/* ---- building lines ---- */

/* "name:x:uid:gid:gecos:home:shell\n" into buf (PW_LINE_MAX, with room
 * for a '\n' in front); 0 if it does not fit. */
static size_t passwd_line(char *buf, const char *name, unsigned long uid, unsigned long gid,
			  const char *gecos, const char *gecos2, const char *home, const char *shell)
{
	char d[24], e[24];
	size_t n = CAT(buf, PW_LINE_MAX - 1, 0, name, ":x:", decimal(uid, d), ":",
		       decimal(gid, e), ":", gecos, gecos2, ":", home, ":", shell, "\n");

	return n < PW_LINE_MAX - 1 ? n : 0;
}

/* ---- the environment for the command ---- */

static void env_add(struct account_result *r, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value), i;
	char *p = r->text + r->textlen;

	for (i = 0; r->env[i]; i++)
		if (strncmp(r->env[i], name, nl) == 0 && r->env[i][nl] == '=')
			return;
	if (i == ACCT_ENV_MAX || r->textlen + nl + vl + 2 > sizeof r->text) {
		WARN(r, "%s: too long to set", name);
		return;
	}
	memcpy(p, name, nl);
	p[nl] = '=';
	memcpy(p + nl + 1, value, vl + 1);
	r->textlen += nl + vl + 2;
	r->env[i] = p;
	r->env[i + 1] = NULL;
}

/* ---- the whole fix ---- */

struct fix {
	char uid[24], gid[24];		/* q->uid, q->gid in decimal */
	const char *u, *g;		/* into those */
	int wait;			/* ms for a lock */
	const struct account_request *q;
	struct account_result *r;
	struct work *w;
	const char *passwd, *group;
	struct pass gp;			/* what the group files hold */
	size_t glen;			/* bytes of group lines in w->glines */
	int extrausers;			/* nsswitch.conf lists it for passwd; -1: not read yet */
};

/* Does nsswitch.conf list extrausers for passwd? */
static int lists_extrausers(const char *path, char *buf)
{
	int fd = open_at(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
	ssize_t n;
	char *line;
	size_t word;

	if (fd < 0)
		return 0;
	n = read(fd, buf, READ_MAX);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	for (line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		line += span(line, " \t", 1);
		if (strncmp(line, "passwd:", 7) != 0)
			continue;
		line[span(line, "#\n", 0)] = 0;
		for (line += 7; *line; line += word) {
			line += span(line, " \t", 1);
			word = span(line, " \t", 0);
			if (word == 10 && memcmp(line, "extrausers", 10) == 0)
				return 1;
		}
		return 0;
	}
	return 0;
}

/* Read when first needed (the UID not found, or hardening): a start
 * whose UID is in the passwd file does not open nsswitch.conf. */
static int extrausers_listed(struct fix *x)
{
	if (x->extrausers < 0)
		x->extrausers = lists_extrausers(or_default(x->q->nsswitch, "/etc/nsswitch.conf"),
						 x->w->buf);
	return x->extrausers;
}

/* Which gids lack a group line, and which names are taken, in the group
 * file f (read once, f locked when writable).  Adds to x->gp. */
static void group_pass(struct fix *x, struct file *f)
{
	struct pass *p = &x->gp;
	uint64_t id = p->has_id, name = p->has_name;
	off_t size = p->size;
	int nl = p->ends_in_newline;

	/* In place, not on a copy of x->gp: 0.6 KiB less stack, which kept
	 * a start from touching a fresh stack page (issue 12.10). */
	if (f->fd < 0 || read_pass(f->fd, p, x->w->buf) < 0) {
		p->size = size;
		p->ends_in_newline = nl;
		p->has_id = p->has_name = 0;
	}
	p->has_id |= id;
	p->has_name |= name;
}

/* The group lines the files lack, each under a free name: the user's for
 * the GID, else gGID (USER_NAME=sudo must not add a second sudo group). */
static void group_lines(struct fix *x)
{
	struct pass *p = &x->gp;
	struct work *w = x->w;
	size_t i, n = 0, before, na = 0;
	char d[24];
	const char *id;

	w->gadded[0] = 0;
	for (i = 0; i < p->nid; i++) {
		size_t k = i == 0 ? 0 : 1 + i;

		if (p->has_id >> i & 1)
			continue;
		if ((p->has_name >> k & 1) && (k != 0 || (p->has_name >> 1 & 1)))
			continue;
		if (p->has_name >> k & 1)
			k = 1;
		before = n;
		id = decimal(p->id[i], d);
		n = CAT(w->glines, sizeof w->glines - 1, n, p->name[k], ":x:", id, ":\n");
		if (n >= sizeof w->glines - 1) {
			n = before;
			break;
		}
		na = CAT(w->gadded, sizeof w->gadded, na, na ? " " : "", id);
	}
	x->glen = n;
	w->glines[n] = 0;
}

/* The group look-up: the GID and the supplementary gids, no duplicates;
 * names: the user's (when it is a portable name), then gGID for each. */
static void group_request(struct fix *x, const char *user)
{
	const struct account_request *q = x->q;
	struct pass *p = &x->gp;
	size_t i, j;
	char d[24];

	memset(p, 0, sizeof *p);
	p->kind = PW_GROUP;
	p->id[0] = q->gid;
	p->nid = 1;
	for (i = 0; i < q->ngroups; i++) {
		for (j = 0; j < p->nid && p->id[j] != q->groups[i]; j++)
			;
		if (j < p->nid)
			continue;
		if (p->nid == IDS) {
			WARN(x->r, "more than 32 supplementary groups: the rest get no group line");
			break;
		}
		p->id[p->nid++] = q->groups[i];
	}
	for (i = 0; i < p->nid; i++) {
		char *g = x->w->gname[i];

		CAT(g, sizeof x->w->gname[i], 0, "g", decimal(p->id[i], d));
		p->name[1 + i] = g;
	}
	p->name[0] = name_ok(user) ? user : p->name[1];
	p->nname = 1 + p->nid;
}

static void add_groups(struct fix *x, struct file *f)
{
	int err;

	if (!x->glen || f->fd < 0 || !f->writable)
		return;
	if (append(f->fd, x->gp.size, x->gp.ends_in_newline, x->w->glines, x->glen) == 0) {
		INFO(x->r, "%s: added gid %s", f->path, x->w->gadded);
		x->glen = 0;
		x->w->glines[0] = 0;
		return;
	}
	err = errno;
	INFO(x->r, "%s: %s", f->path, strerror(err));
}

static int contains(const char *s, const char *part)
{
	size_t n = strlen(part);

	for (; *s; s++)
		if (strncmp(s, part, n) == 0)
			return 1;
	return 0;
}

/* The nss_wrapper library: UIDINIT_NSS_WRAPPER, or where distributions
 * put it. */
static const char *find_nss_wrapper(struct fix *x)
{
#if defined(__x86_64__)
#define MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define MULTIARCH "aarch64-linux-gnu"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MULTIARCH "powerpc64le-linux-gnu"
#elif defined(__s390x__)
#define MULTIARCH "s390x-linux-gnu"
#else
#define MULTIARCH "."
#endif
	static const char *const where[] = {
		"/usr/lib/" MULTIARCH "/libnss_wrapper.so",
		"/usr/lib64/libnss_wrapper.so", "/usr/lib/libnss_wrapper.so",
		"/lib64/libnss_wrapper.so", "/lib/libnss_wrapper.so",
		"/usr/local/lib/libnss_wrapper.so", NULL,
	};
	const char *const *w = x->q->nss_wrapper_libs ? x->q->nss_wrapper_libs : where;
	const char *lib = x->q->nss_wrapper;

	if (lib && *lib) {
		if (field_ok(lib, PATH_BYTES) && access(lib, R_OK) == 0)
			return lib;
		WARN(x->r, "UIDINIT_NSS_WRAPPER: %s: %s",
		     lib, field_ok(lib, PATH_BYTES) ? strerror(errno) : "not a usable path");
		return NULL;
	}
	for (; *w; w++)
		if (access(*w, R_OK) == 0)
			return *w;
	return NULL;
}

/* A copy at target.  In our fresh directory, created there; at a path of
 * the image's, written safely: a temp file in the same directory, created
 * O_EXCL (never through a planted symlink), 0644, renamed over target
 * (rename replaces a symlink, never follows it). */
static int write_copy(struct fix *x, const char *target, int fresh, const char *from,
		      const char *text)
{
	char *tmp = x->w->tmp, d[24];
	const char *path = target;
	int fd, err = 0;

	if (!fresh) {
		if (CAT(tmp, PATH_BYTES, 0, parent(target, x->w->dir), "/.uidinit.",
			decimal((unsigned long)getpid(), d)) >= PATH_BYTES) {
			errno = ENAMETOOLONG;
			return -1;
		}
		/* one left by a killed uidinit of the same pid is ours */
		unlink(tmp);
		path = tmp;
	}
	if ((fd = open_at(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644)) < 0)
		return -1;
	if (copy_into(fd, from, text, x->w->buf) < 0)
		err = errno;
	if (close(fd) < 0 && !err)
		err = errno;
	if (!err && !fresh && rename(tmp, target) < 0)
		err = errno;
	if (err && !fresh)
		unlink(tmp);
	errno = err;
	return err ? -1 : 0;
}

/* Both copies: the passwd and group files plus the lines not written. */
static int write_copies(struct fix *x, const char *pw, const char *gr, int fresh)
{
	return write_copy(x, pw, fresh, x->passwd, x->w->pline) < 0 ||
	       write_copy(x, gr, fresh, x->group, x->w->glines) < 0 ? -1 : 0;
}

/* The image's ENV names where nss_wrapper reads (for exec sessions). */
static int image_paths(const struct account_request *q)
{
	const char *pw = q->nss_wrapper_passwd, *gr = q->nss_wrapper_group;

	return pw && gr && pw[0] == '/' && gr[0] == '/' && strcmp(pw, gr) != 0 &&
	       field_ok(pw, PATH_BYTES) && field_ok(gr, PATH_BYTES);
}

/* The files cannot be written: with nss_wrapper in the image, the
 * command reads copies that hold the new lines.  At the image's own
 * NSS_WRAPPER_PASSWD/GROUP paths when its ENV sets them, so that exec
 * sessions, which inherit the image ENV, see the name too; else in a
 * fresh directory.  0 if the command will see the entry. */
static int use_nss_wrapper(struct fix *x)
{
	const struct account_request *q = x->q;
	const char *lib = find_nss_wrapper(x), *old = q->ld_preload;
	const char *pw = q->nss_wrapper_passwd, *gr = q->nss_wrapper_group;
	struct work *w = x->w;
	int err;

	if (!lib)
		return -1;
	/* Checked first: a command started without the preload would not
	 * see the entry, and the copies would be left for nothing. */
	if (old && contains(old, "libnss_wrapper"))
		lib = NULL;	/* the image ENV has it already, maybe by a link */
	if (lib && CAT(w->preload, sizeof w->preload, 0, old && *old ? old : "",
		       old && *old ? ":" : "", lib) >= sizeof w->preload) {
		WARN(x->r, "LD_PRELOAD: too long to add %s", lib);
		return -1;
	}
	if (image_paths(q)) {
		if (write_copies(x, pw, gr, 0) == 0) {
			if (lib)
				env_add(x->r, "LD_PRELOAD", w->preload);
			INFO(x->r, "%s, %s: copies for nss_wrapper", pw, gr);
			return 0;
		}
		WARN(x->r, "nss_wrapper: %s: %s, using a private copy", pw, strerror(errno));
	}
	CAT(w->dir, sizeof w->dir, 0, scratch_dir(q, x->r), "/uidinit.XXXXXX");
	if (make_temp_dir(w->dir) < 0)
		goto fail;
	CAT(w->pcopy, PATH_BYTES, 0, w->dir, "/passwd");
	CAT(w->gcopy, PATH_BYTES, 0, w->dir, "/group");
	if (write_copies(x, w->pcopy, w->gcopy, 1) < 0) {
		/* A full /tmp: leave nothing behind in it. */
		err = errno;
		unlink(w->pcopy);
		unlink(w->gcopy);
		rmdir(w->dir);
		errno = err;
		goto fail;
	}
	if (lib)
		env_add(x->r, "LD_PRELOAD", w->preload);
	env_add(x->r, "NSS_WRAPPER_PASSWD", w->pcopy);
	env_add(x->r, "NSS_WRAPPER_GROUP", w->gcopy);
	INFO(x->r, "%s: copies for nss_wrapper", w->dir);
	return 0;
fail:
	WARN(x->r, "nss_wrapper: %s: %s",
	     w->dir, errno == EFBIG ? "an account file is over 16 MiB, not copied" : strerror(errno));
	return -1;
}

/* The account files' directory, the group file, libnss-extrausers' one:
 * each writable one is a way to a UID-0 line a set-uid program would read
 * (CVE-2025-7195). */
static void decide_hardening(struct fix *x)
{
	const struct account_request *q = x->q;
	const char *which = NULL, *ex = or_default(q->extrausers, "/var/lib/extrausers");

	if (q->uid == 0)
		return;
	if (access(x->passwd, W_OK) == 0)
		which = x->passwd;
	else if (access(x->group, W_OK) == 0)
		which = x->group;
	else if (access(parent(x->passwd, x->w->dir), W_OK) == 0)
		which = x->w->dir;
	else if (access(parent(x->group, x->w->tmp), W_OK) == 0)
		which = x->w->tmp;
	else if (extrausers_listed(x) && access(ex, W_OK) == 0)
		which = ex;
	if (!which)
		return;
	if (q->allow_setuid) {
		INFO(x->r, "%s: writable by uid %s, set-uid left working (UIDINIT_ALLOW_SETUID=1)",
		     which, x->u);
		return;
	}
	x->r->no_new_privs = 1;
	INFO(x->r, "%s: writable by uid %s, no_new_privs set", which, x->u);
}

/* The UID's name in the environment, its home made to exist. */
static void finish(struct fix *x)
{
	const struct account_request *q = x->q;
	struct account_result *r = x->r;
	struct stat st;

	if (r->where == ACCT_NONE || !r->name[0])
		return;
	if (!q->user)
		env_add(r, "USER", r->name);
	if (!q->logname)
		env_add(r, "LOGNAME", r->name);
	if (!q->home || (r->where != ACCT_FOUND && strcmp(q->home, "/") == 0))
		env_add(r, "HOME", r->home);
	/* A home that is not there breaks every cache; create it (0700, the
	 * UID's) when its parent lets us, as useradd -m would. */
	if (q->uid != 0 && getuid() != 0 && r->home[0] == '/' && r->home[1] &&
	    stat(r->home, &st) < 0 &&
	    errno == ENOENT) {
		if (mkdir(r->home, 0700) == 0)
			INFO(r, "%s: created", r->home);
		else
			INFO(r, "%s: not created: %s", r->home, strerror(errno));
	}
}

/* Name, home and shell of the new line, and the line (w->pline). */
static int build_passwd_line(struct fix *x, struct pass *pp, const char *name)
{
	const struct account_request *q = x->q;
	struct account_result *r = x->r;
	struct work *w = x->w;
	const char *home, *shell, *gecos;
	char d[24];
	size_t gn, hn, sn;

	if (pp->has_name & 1) {
		/* Takeover, as Jupyter's start.sh and sclorg's
		 * generate_container_user do: the image user's name, GECOS,
		 * home and shell, the runtime UID. */
		gecos = field(w->nameline, 4, &gn);
		home = field(w->nameline, 5, &hn);
		shell = field(w->nameline, 6, &sn);
		if (pp->name_id >= ACCT_TAKEOVER_MIN && pp->name_id <= ACCT_TAKEOVER_MAX &&
		    gn < PW_LINE_MAX && hn < PW_LINE_MAX && sn < PW_LINE_MAX) {
			memcpy(w->gecos, gecos, gn);
			w->gecos[gn] = 0;
			who(r, name, strlen(name), home, hn, shell, sn);
			if (passwd_line(w->pline, name, q->uid, q->gid, w->gecos, "", r->home,
					r->shell)) {
				INFO(r, "USER_NAME: taking over %s (uid %s)",
				     name, decimal((unsigned long)pp->name_id, d));
				return 0;
			}
		}
		/* The seed script appends USER_NAME=root as is: then whoami
		 * says root for UID 1000120000, to every script that tests
		 * for it.  Names uidinit added for other arbitrary UIDs are
		 * above the range: two UIDs do not both become app. */
		WARN(r, "USER_NAME: %s is the name of uid %s already, using 'default'",
		     name, decimal((unsigned long)pp->name_id, d));
		name = "default";
	}
	home = new_home(q, r);
	shell = new_shell(q, r);
	if (!passwd_line(w->pline, name, q->uid, q->gid, name, " user", home, shell))
		home = scratch_dir(q, r);	/* HOME and USER_SHELL longer than a line */
	if (!passwd_line(w->pline, name, q->uid, q->gid, name, " user", home, shell))
		return -1;
	who(r, name, strlen(name), home, strlen(home), shell, strlen(shell));
	return 0;
}

static int found(struct fix *x, const char *line)
{
	struct account_result *r = x->r;
	size_t nn, hn, sn;
	const char *name = field(line, 0, &nn), *home = field(line, 5, &hn);
	const char *shell = field(line, 6, &sn);

	r->where = ACCT_FOUND;
	/* Only the name and the home go to the command (USER, LOGNAME,
	 * HOME): an over-long shell leaves the result's shell empty, nothing
	 * else (fuzz_find: long-shell-field). */
	if (sn >= PW_LINE_MAX)
		sn = 0;
	if (nn >= PW_LINE_MAX || hn >= PW_LINE_MAX) {
		WARN(r, "uid %s: its entry has a field over 4095 bytes, "
		     "USER, LOGNAME and HOME left unset", x->u);
		who(r, "", 0, "", 0, shell, sn);
		return 0;
	}
	who(r, name, nn, home, hn, shell, sn);
	INFO(r, "uid %s is %s", x->u, r->name);
	return 0;
}

/* The new passwd line appended to f, as read into p, and closed; said
 * with -v.  0, or -1 with errno. */
static int add_entry(struct fix *x, struct file *f, const struct pass *p,
		     enum account_where where)
{
	struct account_result *r = x->r;

	if (append(f->fd, p->size, p->ends_in_newline, x->w->pline, strlen(x->w->pline)) < 0 ||
	    close_file(f) < 0)
		return -1;
	r->where = where;
	INFO(r, "%s: added uid %s as %s, home %s", f->path, x->u, r->name, r->home);
	return 0;
}

/* The passwd line into extrausers when nsswitch.conf lists it and its
 * directory is writable: unlike nss_wrapper, it serves exec sessions and
 * set-uid programs too.  1: done (or found there), 0: not usable. */
static int use_extrausers(struct fix *x, const char *name, struct pass *pp)
{
	const char *dir = or_default(x->q->extrausers, "/var/lib/extrausers");
	struct file pf = { x->w->expath[0], -1, 0, 0, 0 }, gf = { x->w->expath[1], -1, 0, 0, 0 };
	struct pass ep = *pp;
	int done = 0;

	if (!extrausers_listed(x) || CAT(x->w->expath[0], PATH_BYTES, 0, dir, "/passwd") >= PATH_BYTES ||
	    CAT(x->w->expath[1], PATH_BYTES, 0, dir, "/group") >= PATH_BYTES ||
	    access(dir, W_OK) < 0)
		return 0;
	if (open_file(&pf, 1, x->wait) < 0 ||
	    !pf.writable || read_pass(pf.fd, &ep, x->w->buf) < 0) {
		WARN(x->r, "%s: %s", pf.path, why(errno));
		close_file(&pf);
		return 0;
	}
	if (ep.has_id & 1) {
		done = found(x, x->w->idline) == 0;
		goto out;
	} else if (!(pp->has_name & 1) && (ep.has_name & 1)) {
		/* the name is taken in extrausers: decide again */
		pp->has_name = ep.has_name;
		pp->name_id = ep.name_id;
		if (build_passwd_line(x, pp, name) < 0)
			goto out;
	}
	if (!done) {
		if (add_entry(x, &pf, &ep, ACCT_EXTRAUSERS) < 0) {
			WARN(x->r, "%s: %s", pf.path, strerror(errno));
			goto out;
		}
		done = 1;
	}
	if (open_file(&gf, 1, x->wait) == 0) {
		group_pass(x, &gf);
		group_lines(x);
		add_groups(x, &gf);
	}
	close_file(&gf);
out:
	close_file(&pf);
	return done;
}

static int fix(struct fix *x)
{
	const struct account_request *q = x->q;
	struct account_result *r = x->r;
	struct work *w = x->w;
	int wait = x->wait, err;
	struct file pf = { x->passwd, -1, 0, 0, 0 }, gf = { x->group, -1, 0, 0, 0 };
	struct pass pp = { .kind = PW_PASSWD, .nid = 1, .idline = w->idline, .nameline = w->nameline };
	const char *name = q->user_name && *q->user_name ? q->user_name : "default";

	if (!name_ok(name)) {
		WARN(r, "USER_NAME: not a portable user name, using 'default'");
		name = "default";
	}
	pp.id[0] = q->uid;
	pp.name[0] = name;
	pp.nname = strcmp(name, "default") != 0;

	/* Locked in this order, passwd then group, by every uidinit. */
	if (open_file(&pf, 0, wait) < 0 && !pf.missing) {
		WARN(r, "%s: %s", pf.path, why(errno));
		return -1;
	}
	if (pf.fd >= 0 && read_pass(pf.fd, &pp, w->buf) < 0) {
		WARN(r, "%s: %s", pf.path, strerror(errno));
		close_file(&pf);
		return -1;
	}
	if (pp.has_id & 1) {
		close_file(&pf);
		if (found(x, w->idline) < 0)
			return -1;
	} else if (build_passwd_line(x, &pp, name) < 0) {
		WARN(r, "uid %s has no name: its line does not fit", x->u);
		close_file(&pf);
		return -1;
	}
	group_request(x, r->name);
	if (open_file(&gf, 0, wait) == 0)
		group_pass(x, &gf);
	group_lines(x);

	if (pf.fd >= 0 && pf.writable && add_entry(x, &pf, &pp, ACCT_PASSWD) < 0) {
		err = errno;
		WARN(r, "uid %s has no name: %s: %s", x->u, pf.path, strerror(err));
		close_file(&gf);
		return -1;
	}
	close_file(&pf);
	if (r->where == ACCT_PASSWD || r->where == ACCT_FOUND) {
		/* Only with -v when it fails: the script never added groups,
		 * and most images make only the passwd file writable. */
		if (x->glen && gf.fd >= 0 && !gf.writable)
			INFO(r, "%s: %s", gf.path, strerror(gf.err));
		add_groups(x, &gf);
		close_file(&gf);
		/* With the image's LD_PRELOAD and NSS_WRAPPER_* set, every
		 * program reads those paths, not /etc: they must exist and
		 * hold the entry even when it is in /etc/passwd. */
		if (r->where == ACCT_PASSWD)
			w->pline[0] = 0;	/* in the file now (found: never built) */
		if (image_paths(q) && write_copies(x, q->nss_wrapper_passwd, q->nss_wrapper_group, 0) < 0)
			WARN(r, "nss_wrapper: %s: %s", q->nss_wrapper_passwd, strerror(errno));
		return 0;
	}
	close_file(&gf);
	if (use_extrausers(x, name, &pp) || use_nss_wrapper(x) == 0) {
		if (r->where == ACCT_NONE)
			r->where = ACCT_NSS_WRAPPER;
		return 0;
	}
	err = pf.missing ? ENOENT : pf.err;
	WARN(r, "uid %s has no name: %s: %s; make it writable by gid %s, list extrausers in "
	     "nsswitch.conf with /var/lib/extrausers a volume, or install nss_wrapper "
	     "(man uidinit, LAYOUTS)", x->u, pf.path, strerror(err), x->g);
	return -1;
}

int account_fix(const struct account_request *q, struct account_result *r)
{
	struct fix x = { .q = q, .r = r, .extrausers = -1 };
	int ret;

	r->where = ACCT_NONE;
	r->no_new_privs = 0;
	r->name = r->home = r->shell = "";
	r->env[0] = NULL;
	r->nwarn = r->ninfo = r->textlen = 0;
	x.u = decimal(q->uid, x.uid);
	x.g = decimal(q->gid, x.gid);
	x.wait = q->lock_wait_ms ? q->lock_wait_ms : ACCT_LOCK_WAIT_MS;
	x.passwd = q->passwd && *q->passwd ? q->passwd : "/etc/passwd";
	x.group = q->group && *q->group ? q->group : "/etc/group";
	/* buf on a page boundary: the group lines and the UID's line then
	 * share the page after it, one fresh page fewer (issue 12.10). */
	x.w = (struct work *)(((uintptr_t)r->work + 4095) & ~(uintptr_t)4095);
	ret = fix(&x);
	finish(&x);
	decide_hardening(&x);
	return ret;
}
