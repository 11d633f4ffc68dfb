/*
 * Unit tests for passwd.c, through passwd.h only, on real files in a
 * temporary directory (no mocks) and on the fixtures in tests/data/.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../passwd.h"

static char tmp[1024];	/* this run's scratch directory */
static char data[1024];	/* tests/data */

/* ---- helpers ---- */

static const char *tpath(const char *name)
{
	static char buf[4][PATH_MAX];
	static int i;
	char *p = buf[i++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", tmp, name);
	return p;
}

static const char *dpath(const char *name)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof buf, "%s/%s", data, name);
	return buf;
}

static void put_file(const char *path, const void *bytes, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static void put_str(const char *path, const char *s)
{
	put_file(path, s, strlen(s));
}

/* The whole file, NUL-terminated (NULs inside are kept); *len its size. */
static char *get_file(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(read(fd, buf, (size_t)st.st_size), st.st_size);
	buf[st.st_size] = 0;
	close(fd);
	if (len)
		*len = (size_t)st.st_size;
	return buf;
}

/* Copy a fixture into the scratch directory (appends must not touch it). */
static const char *copy_fixture(const char *fixture, const char *name)
{
	size_t len;
	char *bytes = get_file(dpath(fixture), &len);
	const char *p = tpath(name);

	put_file(p, bytes, len);
	free(bytes);
	return p;
}

/* FNV-1a, 64 bits. */
static uint64_t checksum(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 1099511628211ULL;
	return h;
}

static size_t count_char(const char *p, size_t n, char c)
{
	size_t k = 0;

	while (n--)
		k += *p++ == c;
	return k;
}

/*
 * The file at path must be old[0..old_len) followed by exactly added
 * (byte for byte, so one new line with the right number of fields).
 */
static void expect_appended(const char *path, const char *old, size_t old_len,
			    const char *added)
{
	size_t len, alen = strlen(added);
	char *now = get_file(path, &len);

	assert_int_equal(len, old_len + alen);
	assert_memory_equal(now, old, old_len);
	assert_true(checksum(now, old_len) == checksum(old, old_len));
	assert_memory_equal(now + old_len, added, alen);
	free(now);
}

static void expect_unchanged(const char *path, const char *old, size_t old_len)
{
	expect_appended(path, old, old_len, "");
}

static int fields(const char *line)
{
	return (int)count_char(line, strcspn(line, "\n"), ':') + 1;
}

static int pending_xfsz(void)
{
	sigset_t s;

	sigemptyset(&s);
	assert_int_equal(sigpending(&s), 0);
	return sigismember(&s, SIGXFSZ);
}

static int blocked_xfsz(void)
{
	sigset_t s;

	sigemptyset(&s);
	assert_int_equal(sigprocmask(SIG_BLOCK, NULL, &s), 0);
	return sigismember(&s, SIGXFSZ);
}

/* ---- set-up ---- */

static int setup(void **state)
{
	char exe[1000];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	(void)state;
	/* tests/test_passwd -> tests/data, wherever we are run from */
	if (n <= 0)
		return -1;
	exe[n] = 0;
	if (!(slash = strrchr(exe, '/')))
		return -1;
	*slash = 0;
	snprintf(data, sizeof data, "%s/data", exe);
	if (access(dpath("passwd-comments"), R_OK) < 0) {
		fprintf(stderr, "test_passwd: fixtures not found in %s\n", data);
		return -1;
	}
	snprintf(tmp, sizeof tmp, "%s/test_passwd.XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp) || chmod(tmp, 0755) < 0)
		return -1;
	signal(SIGXFSZ, SIG_DFL);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

/* After a test that arms alarm() against a hang: disarmed even if it failed. */
static int disarm(void **state)
{
	(void)state;
	alarm(0);
	return 0;
}

/* ---- pw_find ---- */

static void find_found(void **state)
{
	struct pw_entry e;

	(void)state;
	assert_int_equal(pw_find(dpath("passwd-comments"), PW_PASSWD, 4001, &e), PW_FOUND);
	assert_string_equal(e.name, "real");
	assert_string_equal(e.home, "/home/real");
	/* e may be NULL */
	assert_int_equal(pw_find(dpath("passwd-comments"), PW_PASSWD, 4001, NULL), PW_FOUND);
}

static void find_not_found(void **state)
{
	(void)state;
	assert_int_equal(pw_find(dpath("passwd-comments"), PW_PASSWD, 1000120000, NULL), PW_MISSING);
	/* a prefix or a suffix of an id is not the id */
	assert_int_equal(pw_find(dpath("passwd-comments"), PW_PASSWD, 400, NULL), PW_MISSING);
	assert_int_equal(pw_find(dpath("passwd-comments"), PW_PASSWD, 40010, NULL), PW_MISSING);
	/* the fourth field (gid) is not the uid */
	assert_int_equal(pw_find(dpath("passwd-no-newline"), PW_PASSWD, 1001, NULL), PW_MISSING);
}

static void find_uid0(void **state)
{
	struct pw_entry e;

	(void)state;
	assert_int_equal(pw_find(dpath("passwd-malformed"), PW_PASSWD, 0, &e), PW_FOUND);
	assert_string_equal(e.name, "root");
	assert_string_equal(e.home, "/root");
	assert_int_equal(pw_find("/etc/passwd", PW_PASSWD, 0, &e), PW_FOUND);
	assert_string_equal(e.name, "root");
}

static void find_missing_file(void **state)
{
	(void)state;
	assert_int_equal(pw_find(tpath("no-such-file"), PW_PASSWD, 0, NULL), PW_MISSING);
	assert_int_equal(pw_find(tpath("no-such-dir/passwd"), PW_PASSWD, 0, NULL), PW_MISSING);
}

static void find_not_file(void **state)
{
	const char *fifo = tpath("fifo-find");

	(void)state;
	assert_int_equal(pw_find(tmp, PW_PASSWD, 0, NULL), PW_NOT_FILE);
	assert_int_equal(pw_find("/dev/null", PW_PASSWD, 0, NULL), PW_NOT_FILE);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	alarm(10);	/* a hang kills the run instead of stalling it */
	assert_int_equal(pw_find(fifo, PW_PASSWD, 0, NULL), PW_NOT_FILE);
	alarm(0);
}

static void find_empty_file(void **state)
{
	const char *p = tpath("empty");

	(void)state;
	put_str(p, "");
	assert_int_equal(pw_find(p, PW_PASSWD, 0, NULL), PW_MISSING);
	assert_int_equal(pw_find(p, PW_GROUP, 0, NULL), PW_MISSING);
}

static void find_no_trailing_newline(void **state)
{
	struct pw_entry e;

	(void)state;
	assert_int_equal(pw_find(dpath("passwd-no-newline"), PW_PASSWD, 1000, &e), PW_FOUND);
	assert_string_equal(e.name, "last");
	assert_string_equal(e.home, "/home/last");
	assert_int_equal(pw_find(dpath("passwd-no-newline"), PW_PASSWD, 1, &e), PW_FOUND);
	assert_string_equal(e.name, "daemon");
}

static void find_skips_malformed(void **state)
{
	static const unsigned long bad[] = {
		2001,	/* 6 fields */
		2002,	/* 8 fields */
		2003,	/* empty name */
		2004,	/* +2004 */
		2005,	/* -2005 */
		2006,	/* " 2006" */
		2007,	/* 2^32 + 2007 must not wrap */
		2008,	/* 0x7d8 */
	};
	const char *p = dpath("passwd-malformed");
	struct pw_entry e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (pw_find(p, PW_PASSWD, bad[i], NULL) != PW_MISSING)
			fail_msg("uid %lu: a malformed line was taken", bad[i]);
	}
	/* "+::::::" and "-::::::" (NIS compat) have an empty id, not 0 */
	assert_int_equal(pw_find(p, PW_PASSWD, 0, &e), PW_FOUND);
	assert_string_equal(e.name, "root");
	/* the good line after all of them */
	assert_int_equal(pw_find(p, PW_PASSWD, 2010, &e), PW_FOUND);
	assert_string_equal(e.name, "good");
	assert_string_equal(e.home, "/home/good");
}

static void find_comments_and_blanks(void **state)
{
	(void)state;
	/* "#commented:x:4000:..." would be a good line if not a comment */
	assert_int_equal(pw_find(dpath("passwd-comments"), PW_PASSWD, 4000, NULL), PW_MISSING);
}

static void find_duplicate_takes_first(void **state)
{
	struct pw_entry e;

	(void)state;
	assert_int_equal(pw_find(dpath("passwd-duplicate"), PW_PASSWD, 3000, &e), PW_FOUND);
	assert_string_equal(e.name, "first");
	assert_string_equal(e.home, "/home/first");
}

static void find_crlf(void **state)
{
	struct pw_entry e;

	(void)state;
	assert_int_equal(pw_find(dpath("passwd-crlf"), PW_PASSWD, 4500, &e), PW_FOUND);
	assert_string_equal(e.name, "crlf");
	assert_string_equal(e.home, "/home/crlf");
	assert_int_equal(pw_find(dpath("passwd-crlf"), PW_PASSWD, 4501, &e), PW_FOUND);
	assert_string_equal(e.name, "after");
}

static void find_nul_bytes(void **state)
{
	static const char bytes[] =
		"nul\0x:x:5000:0:a NUL in the name:/home/nul:/bin/sh\n"
		"nul2:x:5001:0:a NUL in the gecos\0:/home/nul2:/bin/sh\n"
		"\0\0\0\n"
		"nul3:x:5003:0:a NUL in the shell:/home/nul3:/bin/sh\0junk\n"
		"after:x:5002:0:after:/home/after:/bin/sh\n";
	const char *p = tpath("nul");
	struct pw_entry e;

	(void)state;
	put_file(p, bytes, sizeof bytes - 1);
	assert_int_equal(pw_find(p, PW_PASSWD, 5000, NULL), PW_MISSING);
	assert_int_equal(pw_find(p, PW_PASSWD, 5001, NULL), PW_MISSING);
	assert_int_equal(pw_find(p, PW_PASSWD, 5003, NULL), PW_MISSING);
	assert_int_equal(pw_find(p, PW_PASSWD, 5002, &e), PW_FOUND);
	assert_string_equal(e.name, "after");
}

static void find_long_lines(void **state)
{
	const char *p = tpath("long");
	size_t n = 100 * 1024, len = 0;
	char *buf = malloc(4 * n);
	struct pw_entry e;

	(void)state;
	assert_non_null(buf);
	/* a 100 KB line whose tail is a well-formed entry for 6000 */
	memset(buf, 'a', n);
	len = n;
	len += (size_t)sprintf(buf + len, "zz:x:6000:0::/long:/bin/sh\n");
	/* a 100 KB gecos: the id is in the line's first 4 KB */
	len += (size_t)sprintf(buf + len, "g:x:6001:0:");
	memset(buf + len, 'b', n);
	len += n;
	len += (size_t)sprintf(buf + len, ":/gecos:/bin/sh\n");
	len += (size_t)sprintf(buf + len, "next:x:6002:0:next:/home/next:/bin/sh\n");
	/* a long line at the very end, without '\n' */
	memset(buf + len, 'c', n);
	len += n;
	len += (size_t)sprintf(buf + len, ":x:6003:0::/end:/bin/sh");
	put_file(p, buf, len);
	assert_int_equal(pw_find(p, PW_PASSWD, 6000, NULL), PW_MISSING);
	assert_int_equal(pw_find(p, PW_PASSWD, 6001, NULL), PW_MISSING);
	assert_int_equal(pw_find(p, PW_PASSWD, 6002, &e), PW_FOUND);
	assert_string_equal(e.name, "next");
	assert_string_equal(e.home, "/home/next");
	assert_int_equal(pw_find(p, PW_PASSWD, 6003, NULL), PW_MISSING);
	free(buf);
}

/*
 * Over-long lines of many lengths, so that wherever the reader's buffer
 * ends, the piece of the line left after it looks like an entry: it must
 * never be taken for one, with or without a '\n' after it.
 */
static void find_long_line_tails(void **state)
{
	const char *p = tpath("tails");
	size_t cap = 200000, pad;
	char *buf = malloc(cap);

	(void)state;
	assert_non_null(buf);
	for (pad = 5000; pad < 5000 + 70000; pad += 997) {
		size_t len = 0;

		memset(buf, 'a', pad);
		len = pad;
		len += (size_t)sprintf(buf + len, "\ntail:x:6300:0::/tail:/bin/sh\n");
		buf[pad] = 'a';	/* one line: the entry is the long line's end */
		len += (size_t)sprintf(buf + len, "next:x:6301:0::/next:/bin/sh\n");
		put_file(p, buf, len);
		if (pw_find(p, PW_PASSWD, 6300, NULL) != PW_MISSING)
			fail_msg("a %zu-byte line's tail was taken for an entry", pad);
		if (pw_find(p, PW_PASSWD, 6301, NULL) != PW_FOUND)
			fail_msg("the line after a %zu-byte line was lost", pad);
		/* the same at the end of the file, without '\n' */
		put_file(p, buf, len - strlen("next:x:6301:0::/next:/bin/sh\n") - 1);
		if (pw_find(p, PW_PASSWD, 6300, NULL) != PW_MISSING)
			fail_msg("an unterminated %zu-byte line's tail was taken", pad);
	}
	free(buf);
}

/* A line just under PW_LINE_MAX is an entry; the name and home come back whole. */
static void find_line_near_max(void **state)
{
	const char *p = tpath("near-max");
	char *buf = malloc(3 * PW_LINE_MAX), *home = malloc(PW_LINE_MAX);
	size_t hl = PW_LINE_MAX - 1 - strlen("h:x:6100:0:::/bin/sh");
	struct pw_entry e;
	int n;

	(void)state;
	assert_non_null(buf);
	assert_non_null(home);
	memset(home, 'h', hl);
	home[0] = '/';
	home[hl] = 0;
	n = sprintf(buf, "h:x:6100:0::%s:/bin/sh\n", home);
	assert_int_equal(n, PW_LINE_MAX);	/* PW_LINE_MAX - 1 bytes and '\n' */
	n += sprintf(buf + n, "h2:x:6101:0::x%s:/bin/sh\n", home);	/* one too many */
	n += sprintf(buf + n, "end:x:6102:0:::/bin/sh\n");
	put_file(p, buf, (size_t)n);
	assert_int_equal(pw_find(p, PW_PASSWD, 6100, &e), PW_FOUND);
	assert_string_equal(e.name, "h");
	assert_string_equal(e.home, home);
	assert_int_equal(pw_find(p, PW_PASSWD, 6101, NULL), PW_MISSING);
	assert_int_equal(pw_find(p, PW_PASSWD, 6102, NULL), PW_FOUND);
	free(buf);
	free(home);
}

/*
 * The entry straddles a read boundary (4 KiB, 64 KiB or anything in
 * between): filler lines put its first byte at every offset around them.
 */
static void find_across_read_boundaries(void **state)
{
	static const long around[] = { 4096, 8192, 65536, 131072 };
	static const char entry[] = "edge:x:6200:0:edge:/home/edge:/bin/sh\n";
	const char *p = tpath("boundary");
	size_t cap = 140000, i;
	char *buf = malloc(cap);
	struct pw_entry e;
	long k;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < sizeof around / sizeof around[0]; i++) {
		for (k = -(long)sizeof entry; k <= 2; k++) {
			size_t at = (size_t)(around[i] + k), len = 0;

			/* filler: lines of at most 99 bytes, then one to fit */
			while (at - len > 100) {
				memset(buf + len, 'f', 98);
				memcpy(buf + len, "#", 1);
				buf[len + 98] = '\n';
				len += 99;
			}
			if (at - len > 0) {
				memset(buf + len, 'f', at - len);
				buf[len] = '#';
				buf[at - 1] = '\n';
				len = at;
			}
			memcpy(buf + len, entry, sizeof entry - 1);
			len += sizeof entry - 1;
			len += (size_t)sprintf(buf + len, "#after\n");
			put_file(p, buf, len);
			memset(&e, 0, sizeof e);
			if (pw_find(p, PW_PASSWD, 6200, &e) != PW_FOUND ||
			    strcmp(e.name, "edge") != 0 || strcmp(e.home, "/home/edge") != 0)
				fail_msg("entry at offset %zu: not found whole", at);
			/* and as the last line, without its '\n' */
			put_file(p, buf, len - strlen("#after\n") - 1);
			if (pw_find(p, PW_PASSWD, 6200, &e) != PW_FOUND ||
			    strcmp(e.home, "/home/edge") != 0)
				fail_msg("unterminated entry at offset %zu: not found", at);
		}
	}
	free(buf);
}

static void find_name(void **state)
{
	struct pw_entry e;
	const char *p = tpath("passwd-names");

	(void)state;
	put_str(p, "# root:x:7:7::/:/bin/sh\n"
		"app:x:12:0::/home/app\n"		/* 6 fields: malformed */
		"app:x:-1:0::/bad:/bin/sh\n"		/* not an id */
		"app:x:1001:0:app:/home/app:/bin/sh\n"
		"apple:x:1002:0::/home/apple:/bin/sh\n"
		"root:x:0:0:root:/root:/bin/sh\n"
		"app:x:1003:0::/second:/bin/sh\n"
		"last:x:1004:0::/last:/bin/sh");	/* no newline */
	assert_int_equal(pw_find_name(p, PW_PASSWD, "app", &e), PW_FOUND);
	assert_string_equal(e.name, "app");
	assert_string_equal(e.home, "/home/app");
	assert_int_equal(e.id, 1001);	/* the first well-formed line */
	assert_int_equal(pw_find_name(p, PW_PASSWD, "root", &e), PW_FOUND);
	assert_int_equal(e.id, 0);	/* not the comment's 7 */
	assert_int_equal(pw_find_name(p, PW_PASSWD, "apple", &e), PW_FOUND);
	assert_int_equal(e.id, 1002);
	assert_int_equal(pw_find_name(p, PW_PASSWD, "last", &e), PW_FOUND);
	assert_int_equal(e.id, 1004);
	/* a prefix or an extension of a name is not the name */
	assert_int_equal(pw_find_name(p, PW_PASSWD, "ap", NULL), PW_MISSING);
	assert_int_equal(pw_find_name(p, PW_PASSWD, "appl", NULL), PW_MISSING);
	assert_int_equal(pw_find_name(p, PW_PASSWD, "apples", NULL), PW_MISSING);
	assert_int_equal(pw_find_name(p, PW_PASSWD, "#", NULL), PW_MISSING);
	assert_int_equal(pw_find_name(tpath("none"), PW_PASSWD, "app", NULL), PW_MISSING);
	assert_int_equal(pw_find_name(tmp, PW_PASSWD, "app", NULL), PW_NOT_FILE);
	/* the id lookup fills the id too */
	assert_int_equal(pw_find(p, PW_PASSWD, 1003, &e), PW_FOUND);
	assert_int_equal(e.id, 1003);
	assert_string_equal(e.home, "/second");
}

static void find_group(void **state)
{
	struct pw_entry e;
	const char *g = dpath("group-basic");

	(void)state;
	/* "# comment:x:100:" comes first and must be skipped */
	assert_int_equal(pw_find(g, PW_GROUP, 100, &e), PW_FOUND);
	assert_string_equal(e.name, "users");
	assert_string_equal(e.home, "");
	assert_int_equal(pw_find(g, PW_GROUP, 0, &e), PW_FOUND);
	assert_string_equal(e.name, "root");
	assert_int_equal(pw_find(g, PW_GROUP, 101, NULL), PW_MISSING);	/* 3 fields */
	assert_int_equal(pw_find(g, PW_GROUP, 102, NULL), PW_MISSING);	/* 5 fields */
	/* a kind says how many fields: a passwd line is no group line */
	assert_int_equal(pw_find(dpath("passwd-comments"), PW_GROUP, 4001, NULL), PW_MISSING);
	assert_int_equal(pw_find(g, PW_PASSWD, 100, NULL), PW_MISSING);
}

/* ---- pw_append ---- */

#define LINE_7000 "new:x:7000:0:new user:/home/new:/sbin/nologin\n"

static void append_preserves_bytes(void **state)
{
	const char *fixtures[] = { "passwd-comments", "passwd-malformed", "passwd-crlf",
				   "passwd-duplicate" };
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		const char *p = copy_fixture(fixtures[i], "append");
		char *old = get_file(p, &len);

		assert_int_equal(pw_append(p, PW_PASSWD, 7000, LINE_7000), PW_ADDED);
		expect_appended(p, old, len, LINE_7000);
		assert_int_equal(fields(LINE_7000), 7);
		assert_int_equal(pw_find(p, PW_PASSWD, 7000, NULL), PW_FOUND);
		/* second run: found under the lock, nothing added */
		assert_int_equal(pw_append(p, PW_PASSWD, 7000, LINE_7000), PW_FOUND);
		expect_appended(p, old, len, LINE_7000);
		free(old);
	}
}

static void append_existing_id(void **state)
{
	const char *p = copy_fixture("passwd-duplicate", "existing");
	size_t len;
	char *old = get_file(p, &len);

	(void)state;
	assert_int_equal(pw_append(p, PW_PASSWD, 3000, "x:x:3000:0::/:/sbin/nologin\n"), PW_FOUND);
	expect_unchanged(p, old, len);
	free(old);
}

static void append_empty_file(void **state)
{
	const char *p = tpath("append-empty");

	(void)state;
	put_str(p, "");
	assert_int_equal(pw_append(p, PW_PASSWD, 7000, LINE_7000), PW_ADDED);
	/* no newline put in front of the first line */
	expect_appended(p, "", 0, LINE_7000);
}

static void append_no_trailing_newline(void **state)
{
	const char *p = copy_fixture("passwd-no-newline", "append-nonl");
	struct pw_entry e;
	size_t len;
	char *old = get_file(p, &len);

	(void)state;
	assert_int_not_equal(old[len - 1], '\n');
	assert_int_equal(pw_append(p, PW_PASSWD, 7000, LINE_7000), PW_ADDED);
	expect_appended(p, old, len, "\n" LINE_7000);
	/* the old last line is still an entry, and so is ours */
	assert_int_equal(pw_find(p, PW_PASSWD, 1000, &e), PW_FOUND);
	assert_string_equal(e.home, "/home/last");
	assert_int_equal(pw_find(p, PW_PASSWD, 7000, &e), PW_FOUND);
	assert_string_equal(e.name, "new");
	free(old);
}

static void append_group(void **state)
{
	const char *p = copy_fixture("group-basic", "group");
	struct pw_entry e;
	size_t len;
	char *old = get_file(p, &len);

	(void)state;
	assert_int_equal(pw_append(p, PW_GROUP, 7001, "grp:x:7001:\n"), PW_ADDED);
	expect_appended(p, old, len, "grp:x:7001:\n");
	assert_int_equal(fields("grp:x:7001:\n"), 4);
	assert_int_equal(pw_find(p, PW_GROUP, 7001, &e), PW_FOUND);
	assert_string_equal(e.name, "grp");
	assert_int_equal(pw_append(p, PW_GROUP, 7001, "grp:x:7001:\n"), PW_FOUND);
	assert_int_equal(pw_append(p, PW_GROUP, 100, "dup:x:100:\n"), PW_FOUND);
	expect_appended(p, old, len, "grp:x:7001:\n");
	free(old);
}

static void append_rejects_bad_line(void **state)
{
	const char *p = copy_fixture("passwd-comments", "badline");
	char *longline = malloc(PW_LINE_MAX + 2);
	size_t len;
	char *old = get_file(p, &len);

	(void)state;
	errno = 0;
	assert_int_equal(pw_append(p, PW_PASSWD, 7000, "new:x:7000:0::/:/sbin/nologin"), PW_FAILED);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(pw_append(p, PW_PASSWD, 7000, ""), PW_FAILED);
	assert_int_equal(errno, EINVAL);
	assert_non_null(longline);
	memset(longline, 'a', PW_LINE_MAX);
	longline[PW_LINE_MAX] = '\n';
	longline[PW_LINE_MAX + 1] = 0;
	assert_int_equal(pw_append(p, PW_PASSWD, 7000, longline), PW_FAILED);
	expect_unchanged(p, old, len);
	free(longline);
	free(old);
}

static void append_not_file(void **state)
{
	const char *fifo = tpath("fifo-append");
	enum pw_result r;
	char c;
	int rd;

	(void)state;
	alarm(10);
	assert_int_equal(pw_append("/dev/null", PW_PASSWD, 7000, LINE_7000), PW_NOT_FILE);
	/* a directory cannot even be opened for writing */
	r = pw_append(tmp, PW_PASSWD, 7000, LINE_7000);
	assert_true(r == PW_NOT_FILE || r == PW_FAILED);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	/* no reader: must not block */
	r = pw_append(fifo, PW_PASSWD, 7000, LINE_7000);
	assert_true(r == PW_NOT_FILE || r == PW_FAILED);
	/* with a reader: opened, seen to be a FIFO, nothing written into it */
	rd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	assert_true(rd >= 0);
	assert_int_equal(pw_append(fifo, PW_PASSWD, 7000, LINE_7000), PW_NOT_FILE);
	assert_true(read(rd, &c, 1) <= 0);
	close(rd);
	alarm(0);
}

static void append_missing_file(void **state)
{
	const char *p = tpath("not-there");

	(void)state;
	errno = 0;
	assert_int_equal(pw_append(p, PW_PASSWD, 7000, LINE_7000), PW_FAILED);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(access(p, F_OK), -1);	/* appends only: never created */
}

/* The caller cannot write the file: EACCES, nothing changed.  As root,
 * the append runs in a child that has become nobody. */
static void append_read_only(void **state)
{
	const char *p = copy_fixture("passwd-comments", "read-only");
	size_t len;
	char *old = get_file(p, &len);
	int status;
	pid_t pid;

	(void)state;
	assert_int_equal(chmod(p, 0444), 0);
	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		enum pw_result r;

		if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(90);
		errno = 0;
		r = pw_append(p, PW_PASSWD, 7000, LINE_7000);
		_exit(r != PW_FAILED ? 91 : errno != EACCES ? 92 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	expect_unchanged(p, old, len);
	free(old);
}

/* 20 processes at once on one 1 MB file: exactly one line (the window
 * is small: append_waits_for_lock shows that the lock is taken). */
static void append_concurrent(void **state)
{
	const char *p = tpath("concurrent");
	int go[2], i, added = 0, found = 0, status;
	pid_t pid[20];
	size_t len = 0, cap = 1100000;
	char *old = malloc(cap);

	(void)state;
	assert_non_null(old);
	for (i = 0; len < 1000000; i++)
		len += (size_t)sprintf(old + len, "u%d:x:%d:0:filler:/home/u%d:/bin/sh\n", i, 100000 + i, i);
	put_file(p, old, len);
	assert_int_equal(pipe(go), 0);
	for (i = 0; i < 20; i++) {
		char c;

		assert_true((pid[i] = fork()) >= 0);
		if (pid[i] == 0) {
			close(go[1]);
			if (read(go[0], &c, 1) != 0)	/* all start when the pipe closes */
				_exit(9);
			_exit(pw_append(p, PW_PASSWD, 7000, LINE_7000));
		}
	}
	close(go[0]);
	close(go[1]);
	for (i = 0; i < 20; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		added += WEXITSTATUS(status) == PW_ADDED;
		found += WEXITSTATUS(status) == PW_FOUND;
	}
	assert_int_equal(added, 1);
	assert_int_equal(found, 19);
	expect_appended(p, old, len, LINE_7000);
	free(old);
}

/* Is pid waiting for a flock (a "->" line of /proc/locks)? */
static int waits_for_lock(pid_t pid)
{
	FILE *f = fopen("/proc/locks", "r");
	char line[256];
	int found = 0;

	assert_non_null(f);
	while (!found && fgets(line, sizeof line, f)) {
		long who;

		found = strstr(line, "-> FLOCK") &&
			sscanf(strstr(line, "-> FLOCK") + 8, " %*s %*s %ld", &who) == 1 &&
			who == (long)pid;
	}
	fclose(f);
	return found;
}

/*
 * The lock, and the look under it: while someone else holds the file's
 * flock, pw_append waits; the line written meanwhile is then found, and
 * nothing is added.  (Without the lock, the append would not wait.)
 */
static void append_waits_for_lock(void **state)
{
	static const char other[] = "other:x:7000:0:other:/home/other:/sbin/nologin\n";
	const char *p = copy_fixture("passwd-comments", "locked");
	int fd, status, i, waiting = 0, finished = 0;
	size_t len;
	char *old = get_file(p, &len);
	pid_t pid;

	(void)state;
	fd = open(p, O_WRONLY | O_APPEND | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_true((pid = fork()) >= 0);
	if (pid == 0)
		_exit(pw_append(p, PW_PASSWD, 7000, LINE_7000));
	for (i = 0; i < 1000 && !waiting && !finished; i++) {
		finished = waitpid(pid, &status, WNOHANG) == pid;
		waiting = waits_for_lock(pid);
		if (!waiting && !finished)
			usleep(10000);
	}
	if (finished)
		fail_msg("pw_append finished (%d) while another process held the lock",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	assert_true(waiting);
	assert_int_equal(write(fd, other, strlen(other)), (ssize_t)strlen(other));
	assert_int_equal(flock(fd, LOCK_UN), 0);
	close(fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), PW_FOUND);
	expect_appended(p, old, len, other);
	free(old);
}

/*
 * RLIMIT_FSIZE at limit bytes: the write fails (EFBIG), the file is cut
 * back, the process is not killed by SIGXFSZ, and no SIGXFSZ is left.
 */
static void efbig_at(const char *fixture, long slack)
{
	const char *p = copy_fixture(fixture, "efbig");
	struct rlimit old_lim, lim;
	enum pw_result r;
	size_t len;
	char *old = get_file(p, &len);
	int err;

	assert_int_equal(signal(SIGXFSZ, SIG_DFL) == SIG_ERR, 0);
	assert_false(pending_xfsz());
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old_lim), 0);
	lim = old_lim;
	lim.rlim_cur = (rlim_t)((long)len + slack);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	errno = 0;
	r = pw_append(p, PW_PASSWD, 7000, LINE_7000);
	err = errno;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old_lim), 0);
	/* still alive: SIGXFSZ did not kill us */
	assert_int_equal(r, PW_FAILED);
	expect_unchanged(p, old, len);
	assert_false(pending_xfsz());
	assert_false(blocked_xfsz());	/* the mask is given back */
	/* and with the limit gone, the append works */
	assert_int_equal(pw_append(p, PW_PASSWD, 7000, LINE_7000), PW_ADDED);
	expect_appended(p, old, len, strstr(fixture, "no-newline") ? "\n" LINE_7000 : LINE_7000);
	free(old);
	/* the reason given is the file size limit, not a full disk */
	if (err != EFBIG)
		fail_msg("%s, RLIMIT_FSIZE = size + %ld: errno %d (%s), want EFBIG (%s)",
			 fixture, slack, err, strerror(err), strerror(EFBIG));
}

/* The limit is the file's size: the write cannot start. */
static void efbig_at_size(void **state)
{
	(void)state;
	efbig_at("passwd-comments", 0);
	efbig_at("passwd-no-newline", 0);
}

/* The limit is just above the size: part of the line would fit. */
static void efbig_just_above(void **state)
{
	(void)state;
	efbig_at("passwd-comments", 1);
	efbig_at("passwd-comments", 10);
	efbig_at("passwd-no-newline", 1);
}

/* A SIGXFSZ that was pending before the append is the caller's: kept. */
static void efbig_keeps_callers_signal(void **state)
{
	const char *p = copy_fixture("passwd-comments", "efbig-pending");
	struct rlimit old_lim, lim;
	sigset_t xfsz, was;
	size_t len;
	char *old = get_file(p, &len);
	int sig;

	(void)state;
	sigemptyset(&xfsz);
	sigaddset(&xfsz, SIGXFSZ);
	assert_int_equal(sigprocmask(SIG_BLOCK, &xfsz, &was), 0);
	assert_int_equal(raise(SIGXFSZ), 0);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old_lim), 0);
	lim = old_lim;
	lim.rlim_cur = (rlim_t)len;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(pw_append(p, PW_PASSWD, 7000, LINE_7000), PW_FAILED);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old_lim), 0);
	expect_unchanged(p, old, len);
	assert_true(pending_xfsz());
	assert_true(blocked_xfsz());
	assert_int_equal(sigwait(&xfsz, &sig), 0);
	assert_int_equal(sigprocmask(SIG_SETMASK, &was, NULL), 0);
	free(old);
}

/* ---- pw_name_ok, pw_field_ok, pw_format ---- */

static void name_ok(void **state)
{
	static const char *const good[] = {
		"default", "a", "A", "_", ".", "user.name", "user_name", "user-name",
		"a-", "1a", "a1", "0user", "UPPER", "x.-_",
		"abcdefghijklmnopqrstuvwxyz012345",	/* 32 bytes */
	};
	static const char *const bad[] = {
		"", "1", "0", "1000120000", "-user", "+user", "user:x", ":", "us er",
		" user", "user ", "user\n", "user\r", "us\ter", "root::0:0::/:/bin/sh",
		"abcdefghijklmnopqrstuvwxyz0123456",	/* 33 bytes */
		"j\xc3\xb6rg", "\xc3\xa9t\xc3\xa9", "user/x", "user@x", "user$", "*", "~",
		"a,b", "a\\b", "-", "+",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!pw_name_ok(good[i]))
			fail_msg("pw_name_ok(\"%s\") refused a portable name", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (pw_name_ok(bad[i]))
			fail_msg("pw_name_ok(\"%s\") took a bad name", bad[i]);
	assert_int_equal(strlen(good[sizeof good / sizeof good[0] - 1]), PW_NAME_MAX);
}

static void field_ok(void **state)
{
	(void)state;
	assert_true(pw_field_ok(""));
	assert_true(pw_field_ok("/home/user"));
	assert_true(pw_field_ok("/home/with space"));
	assert_true(pw_field_ok("/h\xc3\xb6me"));
	assert_false(pw_field_ok(":"));
	assert_false(pw_field_ok("/a:b"));
	assert_false(pw_field_ok("/a\nroot::0:0::/:/bin/sh"));
	assert_false(pw_field_ok("/a\r"));
	assert_false(pw_field_ok("\n"));
	assert_false(pw_field_ok("/home/x:"));
}

static void format_passwd(void **state)
{
	static const char want[] = "default:x:1000120000:0:default user:/tmp:/sbin/nologin\n";
	char buf[128];

	(void)state;
	memset(buf, 'X', sizeof buf);
	assert_int_equal(pw_format(buf, sizeof buf, PW_PASSWD, "default", 1000120000, 0, "/tmp"),
			 strlen(want));
	assert_string_equal(buf, want);
	assert_int_equal(fields(buf), 7);
	assert_int_equal(pw_format(buf, sizeof buf, PW_PASSWD, "u", 4294967295UL, 4294967294UL, "/"),
			 strlen("u:x:4294967295:4294967294:u user:/:/sbin/nologin\n"));
	assert_string_equal(buf, "u:x:4294967295:4294967294:u user:/:/sbin/nologin\n");
	assert_int_equal(pw_format(buf, sizeof buf, PW_PASSWD, "z", 0, 0, ""), strlen("z:x:0:0:z user::/sbin/nologin\n"));
	assert_string_equal(buf, "z:x:0:0:z user::/sbin/nologin\n");
}

static void format_group(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(pw_format(buf, sizeof buf, PW_GROUP, "default", 1000120000, 0, "/ignored"),
			 strlen("default:x:0:\n"));
	assert_string_equal(buf, "default:x:0:\n");
	assert_int_equal(fields(buf), 4);
	assert_int_equal(pw_format(buf, sizeof buf, PW_GROUP, "g", 0, 1000120000, ""),
			 strlen("g:x:1000120000:\n"));
	assert_string_equal(buf, "g:x:1000120000:\n");
}

static void format_does_not_fit(void **state)
{
	static const char want[] = "default:x:1000120000:0:default user:/tmp:/sbin/nologin\n";
	char buf[sizeof want + 8];
	size_t n = sizeof want - 1;

	(void)state;
	/* exactly enough: the line and its NUL */
	assert_int_equal(pw_format(buf, n + 1, PW_PASSWD, "default", 1000120000, 0, "/tmp"), n);
	assert_string_equal(buf, want);
	/* one byte short, and smaller: 0, and nothing past size written */
	memset(buf, 'X', sizeof buf);
	assert_int_equal(pw_format(buf, n, PW_PASSWD, "default", 1000120000, 0, "/tmp"), 0);
	assert_int_equal(buf[n], 'X');
	memset(buf, 'X', sizeof buf);
	assert_int_equal(pw_format(buf, 10, PW_PASSWD, "default", 1000120000, 0, "/tmp"), 0);
	assert_int_equal(buf[10], 'X');
	assert_int_equal(pw_format(buf, 0, PW_PASSWD, "default", 1000120000, 0, "/tmp"), 0);
	assert_int_equal(pw_format(buf, 13, PW_GROUP, "default", 0, 0, ""), 0);
	assert_int_equal(pw_format(buf, 14, PW_GROUP, "default", 0, 0, ""), 13);
	assert_string_equal(buf, "default:x:0:\n");
}

/* ---- pw_copy ---- */

static char *copy_to_file(const char *src, const char *line, int *ret, int *err, size_t *len)
{
	const char *out = tpath("copy-out");
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	errno = 0;
	*ret = pw_copy(src, line, fd);
	*err = errno;
	close(fd);
	return get_file(out, len);
}

static void copy_content_and_line(void **state)
{
	size_t len, olen;
	char *old = get_file(dpath("passwd-comments"), &olen);
	char *got;
	int ret, err;

	(void)state;
	got = copy_to_file(dpath("passwd-comments"), LINE_7000, &ret, &err, &len);
	assert_int_equal(ret, 0);
	assert_int_equal(len, olen + strlen(LINE_7000));
	assert_memory_equal(got, old, olen);
	assert_string_equal(got + olen, LINE_7000);
	free(got);
	free(old);
}

static void copy_fixes_newline(void **state)
{
	size_t len, olen;
	char *old = get_file(dpath("passwd-no-newline"), &olen);
	char *got;
	int ret, err;

	(void)state;
	got = copy_to_file(dpath("passwd-no-newline"), LINE_7000, &ret, &err, &len);
	assert_int_equal(ret, 0);
	assert_int_equal(len, olen + 1 + strlen(LINE_7000));
	assert_memory_equal(got, old, olen);
	assert_string_equal(got + olen, "\n" LINE_7000);
	free(got);
	free(old);
}

static void copy_missing_source(void **state)
{
	size_t len;
	char *got;
	int ret, err;

	(void)state;
	got = copy_to_file(tpath("no-such-source"), LINE_7000, &ret, &err, &len);
	assert_int_equal(ret, 0);
	assert_int_equal(len, strlen(LINE_7000));
	assert_string_equal(got, LINE_7000);
	free(got);
	put_str(tpath("empty-source"), "");
	got = copy_to_file(tpath("empty-source"), LINE_7000, &ret, &err, &len);
	assert_int_equal(ret, 0);
	assert_string_equal(got, LINE_7000);
	free(got);
}

static void copy_keeps_odd_bytes(void **state)
{
	static const char bytes[] = "a:x:1:1::/:/bin/sh\r\n\0\0junk\n#c\n";
	size_t len;
	char *got;
	int ret, err;

	(void)state;
	put_file(tpath("odd-source"), bytes, sizeof bytes - 1);
	got = copy_to_file(tpath("odd-source"), LINE_7000, &ret, &err, &len);
	assert_int_equal(ret, 0);
	assert_int_equal(len, sizeof bytes - 1 + strlen(LINE_7000));
	assert_memory_equal(got, bytes, sizeof bytes - 1);
	assert_string_equal(got + sizeof bytes - 1, LINE_7000);
	free(got);
}

static void copy_not_file(void **state)
{
	const char *fifo = tpath("fifo-copy");
	size_t len;
	char *got;
	int ret, err;

	(void)state;
	got = copy_to_file(tmp, LINE_7000, &ret, &err, &len);
	assert_int_equal(ret, -1);
	assert_int_equal(err, EINVAL);
	free(got);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	alarm(10);
	got = copy_to_file(fifo, LINE_7000, &ret, &err, &len);
	alarm(0);
	assert_int_equal(ret, -1);
	assert_int_equal(err, EINVAL);
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(find_found),
		cmocka_unit_test(find_not_found),
		cmocka_unit_test(find_uid0),
		cmocka_unit_test(find_missing_file),
		cmocka_unit_test_teardown(find_not_file, disarm),
		cmocka_unit_test(find_empty_file),
		cmocka_unit_test(find_no_trailing_newline),
		cmocka_unit_test(find_skips_malformed),
		cmocka_unit_test(find_comments_and_blanks),
		cmocka_unit_test(find_duplicate_takes_first),
		cmocka_unit_test(find_crlf),
		cmocka_unit_test(find_nul_bytes),
		cmocka_unit_test(find_long_lines),
		cmocka_unit_test(find_long_line_tails),
		cmocka_unit_test(find_line_near_max),
		cmocka_unit_test(find_across_read_boundaries),
		cmocka_unit_test(find_name),
		cmocka_unit_test(find_group),
		cmocka_unit_test(append_preserves_bytes),
		cmocka_unit_test(append_existing_id),
		cmocka_unit_test(append_empty_file),
		cmocka_unit_test(append_no_trailing_newline),
		cmocka_unit_test(append_group),
		cmocka_unit_test(append_rejects_bad_line),
		cmocka_unit_test_teardown(append_not_file, disarm),
		cmocka_unit_test(append_missing_file),
		cmocka_unit_test(append_read_only),
		cmocka_unit_test(append_concurrent),
		cmocka_unit_test(append_waits_for_lock),
		cmocka_unit_test(efbig_at_size),
		cmocka_unit_test(efbig_just_above),
		cmocka_unit_test(efbig_keeps_callers_signal),
		cmocka_unit_test(name_ok),
		cmocka_unit_test(field_ok),
		cmocka_unit_test(format_passwd),
		cmocka_unit_test(format_group),
		cmocka_unit_test(format_does_not_fit),
		cmocka_unit_test(copy_content_and_line),
		cmocka_unit_test(copy_fixes_newline),
		cmocka_unit_test(copy_missing_source),
		cmocka_unit_test(copy_keeps_odd_bytes),
		cmocka_unit_test_teardown(copy_not_file, disarm),
	};

	return cmocka_run_group_tests_name("test_passwd", tests, setup, teardown);
}
