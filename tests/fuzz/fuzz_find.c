/*
 * libFuzzer: what counts as the UID's entry, through account_fix(), against
 * a reference written the obvious way from what each libc's reader does
 * (glibc's nss_files line parser, musl's getpwent), as tests/e2e_passwd.sh
 * checks on the real libcs.  Input: 1 byte of flags, 4 bytes of uid, then
 * the passwd file.  Flags bit 1: the uid is the low byte only, so that
 * small uids (which the file is likely to hold) come up often.  Must
 * hold: found exactly when both libcs accept a line for the uid, with the
 * name and home glibc gives; else exactly our line is appended (after a
 * '\n' if the file lacked one) and a second call finds it.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../passwd.h"
#include "fuzz_util.h"

/* The ':'-separated fields of l[0..n): starts and ends, at most 16. */
static size_t split(const char *l, size_t n, size_t *fs, size_t *fe)
{
	size_t f = 0, i;

	fs[0] = 0;
	for (i = 0; i < n; i++)
		if (l[i] == ':') {
			fe[f] = i;
			if (++f == 16)
				return f;
			fs[f] = i + 1;
		}
	fe[f] = n;
	return f + 1;
}

/* strtoul's view as glibc's parser uses it: optional blanks and sign,
 * digits, then ':' or the end; over 2^32-1 is refused. */
static int glibc_number(const char *s, size_t n, unsigned long *v)
{
	char tmp[64], *end;
	unsigned long long x;

	if (n >= sizeof tmp)
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	x = strtoull(tmp, &end, 10);
	if (end == tmp || *end || x > 0xffffffffULL)
		return 0;
	*v = (unsigned long)x;
	return 1;
}

static int glibc_entry(const char *l, size_t n, unsigned long uid, char *name, char *home)
{
	size_t fs[16], fe[16], f, g = 0;
	unsigned long v, gid;

	while (g < n && strchr(" \t\n\v\f\r", l[g]))
		g++;
	if (g == n || l[g] == '#' || l[g] == '+' || l[g] == '-')
		return 0;
	f = split(l + g, n - g, fs, fe);
	if (f < 4 || !glibc_number(l + g + fs[2], fe[2] - fs[2], &v) || v != uid ||
	    !glibc_number(l + g + fs[3], fe[3] - fs[3], &gid))
		return 0;
	snprintf(name, 70000, "%.*s", (int)(fe[0] - fs[0]), l + g + fs[0]);
	if (f > 5)
		snprintf(home, 70000, "%.*s", (int)(fe[5] - fs[5]), l + g + fs[5]);
	else
		home[0] = 0;
	return 1;
}

/* musl: atou() (digits, wrapping), then ':' or the line is skipped. */
static int musl_entry(const char *l, size_t n, int last, unsigned long uid)
{
	size_t fs[16], fe[16], f, i;
	uint32_t v = 0;

	if (last)
		n--;	/* line[l-1] = 0, whatever it was */
	f = split(l, n, fs, fe);
	if (f < 7 || fe[0] == fs[0])
		return 0;
	for (i = fs[2]; i < fe[2]; i++)
		if (l[i] < '0' || l[i] > '9')
			return 0;
		else
			v = v * 10 + (uint32_t)(l[i] - '0');
	for (i = fs[3]; i < fe[3]; i++)
		if (l[i] < '0' || l[i] > '9')
			return 0;
	return v == uid;
}

/* The first line both accept.  Lines with a NUL, and lines of 64 KiB or
 * more, are not entries for uidinit (documented). */
static int reference(const char *d, size_t n, unsigned long uid, char *name, char *home)
{
	size_t start = 0;

	while (start < n) {
		const char *l = d + start, *nl = memchr(l, '\n', n - start);
		size_t len = nl ? (size_t)(nl - l) : n - start;

		start += len + 1;
		if (!len || len >= 65536 || memchr(l, 0, len))
			continue;
		if (glibc_entry(l, len, uid, name, home) && musl_entry(l, len, !nl, uid))
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct account_result r;
	static char name[70000], home[70000], line[256];
	struct account_request q = { 0 };
	static const char *const no_libs[] = { NULL };
	const char *file = (const char *)data + 5;
	size_t n, got, extra;
	unsigned long uid;
	char *now;
	int want;

	if (size < 5)
		return 0;
	uid = data[0] & 2 ? data[1] : (unsigned long)data[1] | (unsigned long)data[2] << 8 |
		(unsigned long)data[3] << 16 | (unsigned long)data[4] << 24;
	n = size - 5;
	fuzz_write_file(fuzz_path("passwd"), file, n);
	q.uid = uid;
	q.home = "/h";
	q.passwd = fuzz_path("passwd");
	q.group = "/nonexistent/group";
	q.nsswitch = "/nonexistent/nsswitch.conf";
	q.nss_wrapper_libs = no_libs;
	q.user = q.logname = "x";
	want = reference(file, n, uid, name, home);
	account_fix(&q, &r);
	now = slurp(q.passwd, &got);
	if (got < n || memcmp(now, file, n) != 0)
		FUZZ_FAIL("old bytes are not a prefix any more");
	if (want) {
		if (r.where != ACCT_FOUND || got != n)
			FUZZ_FAIL("the reference finds uid %lu, account_fix gave %d, %zu new bytes",
				  uid, r.where, got - n);
		if (strlen(name) >= PW_LINE_MAX || strlen(home) >= PW_LINE_MAX) {
			if (r.name[0] || !r.nwarn)
				FUZZ_FAIL("a field over %d bytes: want no name and a warning", PW_LINE_MAX - 1);
			return 0;
		}
		if (strcmp(r.name, name) != 0 || strcmp(r.home, home) != 0)
			FUZZ_FAIL("name/home [%s]/[%s], want [%s]/[%s]", r.name, r.home, name, home);
		return 0;
	}
	if (r.where != ACCT_PASSWD)
		FUZZ_FAIL("the reference finds nothing for uid %lu, account_fix gave %d", uid, r.where);
	snprintf(line, sizeof line, "default:x:%lu:0:default user:/h:/sbin/nologin\n", uid);
	extra = n > 0 && file[n - 1] != '\n';
	if (got != n + extra + strlen(line) || (extra && now[n] != '\n') ||
	    memcmp(now + n + extra, line, strlen(line)) != 0)
		FUZZ_FAIL("added %zu bytes, want %zu + [%s]", got - n, extra, line);
	account_fix(&q, &r);
	if (r.where != ACCT_FOUND)
		FUZZ_FAIL("the line added for uid %lu is not found again", uid);
	return 0;
}
