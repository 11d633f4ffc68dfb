/*
 * libFuzzer: the append path of account_fix(), fed what a hostile image or
 * user controls.  Input: 1 byte of flags, then USER_NAME, NUL, HOME, NUL,
 * and the rest is the passwd file as it was.  Must hold:
 *   - the old bytes are a prefix of the new file;
 *   - nothing is added when the uid was found, else exactly one line
 *     ("\n" first if the old file lacked one) with exactly 7 fields, the
 *     uid in the third, no '\r', and a portable name;
 *   - a second call finds the uid, with the name and home the first gave;
 *   - every warning is one bounded line.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../../passwd.h"
#include "fuzz_util.h"

static const unsigned long uids[] = { 1000120000UL, 0, 1000, 4294967294UL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct account_result r;
	static char user_name[70000], home_env[70000], name[PW_LINE_MAX], home[PW_LINE_MAX];
	static const char *const no_libs[] = { NULL };
	struct account_request q = { 0 };
	const uint8_t *p = data + 1, *end = data + size, *z1, *z2;
	size_t n, got, extra, i, colons = 0, breaks = 0, len;
	const char *line, *old;
	char *now, uidtext[24];

	if (size < 1 || !(z1 = memchr(p, 0, (size_t)(end - p))) ||
	    !(z2 = memchr(z1 + 1, 0, (size_t)(end - z1 - 1))) ||
	    (size_t)(z1 - p) >= sizeof user_name || (size_t)(z2 - z1 - 1) >= sizeof home_env)
		return 0;
	memcpy(user_name, p, (size_t)(z1 - p));
	user_name[z1 - p] = 0;
	memcpy(home_env, z1 + 1, (size_t)(z2 - z1 - 1));
	home_env[z2 - z1 - 1] = 0;
	old = (const char *)z2 + 1;
	n = (size_t)(end - z2 - 1);
	fuzz_write_file(fuzz_path("passwd"), old, n);
	q.uid = uids[data[0] & 3];
	q.gid = data[0] & 4 ? 0 : q.uid;
	q.user_name = data[0] & 8 ? NULL : user_name;
	q.home = data[0] & 16 ? NULL : home_env;
	q.user_shell = data[0] & 32 ? home_env : NULL;
	q.tmpdir = data[0] & 64 ? home_env : NULL;
	q.passwd = fuzz_path("passwd");
	q.group = "/nonexistent/group";
	q.nsswitch = "/nonexistent/nsswitch.conf";
	q.root = "/nonexistent";	/* "/" not writable: TMPDIR or /tmp as home */
	q.nss_wrapper_libs = no_libs;
	account_fix(&q, &r);
	for (i = 0; i < r.nwarn; i++)
		if (strlen(r.warn[i]) >= ACCT_MSG_MAX)
			FUZZ_FAIL("warning too long");
	now = slurp(q.passwd, &got);
	if (got < n || memcmp(now, old, n) != 0)
		FUZZ_FAIL("old bytes are not a prefix any more (old %zu, new %zu bytes)", n, got);
	if (r.where == ACCT_FOUND) {
		if (got != n)
			FUZZ_FAIL("uid found, but %zu bytes added", got - n);
		return 0;
	}
	if (r.where != ACCT_PASSWD)
		FUZZ_FAIL("where %d on a writable file", r.where);
	extra = n > 0 && old[n - 1] != '\n';
	if (extra && now[n] != '\n')
		FUZZ_FAIL("no '\\n' before the line on an unterminated file");
	line = now + n + extra;
	len = got - n - extra;
	for (i = 0; i < len; i++) {
		colons += line[i] == ':';
		breaks += line[i] == '\n' || line[i] == '\r' || line[i] == 0;
	}
	if (colons != 6 || breaks != 1 || line[len - 1] != '\n')
		FUZZ_FAIL("added line has %zu ':' and %zu line breaks: [%.*s]", colons, breaks, (int)len, line);
	snprintf(uidtext, sizeof uidtext, ":x:%lu:", q.uid);
	if (strncmp(line, r.name, strlen(r.name)) != 0 ||
	    strncmp(line + strlen(r.name), uidtext, strlen(uidtext)) != 0)
		FUZZ_FAIL("line [%.*s] for name %s uid %lu", (int)len, line, r.name, q.uid);
	if (!r.name[0] || strlen(r.name) > PW_NAME_MAX || strspn(r.name, "0123456789") == strlen(r.name))
		FUZZ_FAIL("name [%s] is not portable", r.name);
	strcpy(name, r.name);
	strcpy(home, r.home);
	account_fix(&q, &r);
	if (r.where != ACCT_FOUND || strcmp(r.name, name) != 0 || strcmp(r.home, home) != 0)
		FUZZ_FAIL("second call: where %d [%s] [%s], want found [%s] [%s]", r.where, r.name, r.home, name, home);
	return 0;
}
