/*
 * libFuzzer: the append path, fed what a hostile image or user controls.
 * Input: 1 byte of flags, then USER_NAME, NUL, HOME, NUL, and the rest is
 * the passwd file as it was.  The line is built the way init.c's
 * add_account() builds it (pw_name_ok / pw_field_ok / pw_format, with the
 * same fall-backs), then pw_append().  Must hold:
 *   - the old bytes are a prefix of the new file;
 *   - at most one line is added ("\n" first if the old file lacked one),
 *     exactly the line built, with exactly 7 fields;
 *   - pw_find() finds the uid afterwards, with that name and home, if
 *     the line was added; nothing is written if the uid was there.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "../../passwd.h"
#include "fuzz_util.h"

static const unsigned long uids[] = { 1000120000UL, 0, 1000, 4294967295UL };

/* init.c's new_name(): USER_NAME, "" counting as unset, or "default". */
static const char *name_for(const char *user_name, int unset)
{
	if (unset || !*user_name)
		return "default";
	return pw_name_ok(user_name) ? user_name : "default";
}

/* init.c's new_home(), with "/tmp" as the scratch directory and "/" as
 * what an unset, empty or "/" HOME gives when "/" is writable. */
static const char *home_for(const char *home, int unset)
{
	if (!unset && *home && strcmp(home, "/") != 0 && pw_field_ok(home))
		return home;
	return "/";
}

static uint8_t *slurp(const char *path, size_t *n)
{
	static uint8_t buf[1 << 21];
	int fd = open(path, O_RDONLY);
	ssize_t r;

	*n = 0;
	if (fd < 0)
		FUZZ_FAIL("open %s", path);
	while ((r = read(fd, buf + *n, sizeof buf - *n)) > 0)
		*n += (size_t)r;
	close(fd);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[PW_LINE_MAX], user_name[PW_LINE_MAX], home_env[PW_LINE_MAX];
	static struct pw_entry e;
	const uint8_t *p = data + 1, *end = data + size, *z1, *z2;
	const char *name, *home, *path = fuzz_path("passwd");
	unsigned long uid, gid;
	size_t len, n, i, colons = 0, newlines = 0, extra;
	enum pw_result before, r;
	uint8_t *now;

	if (size < 1 || !(z1 = memchr(p, 0, (size_t)(end - p))) ||
	    !(z2 = memchr(z1 + 1, 0, (size_t)(end - z1 - 1))) ||
	    (size_t)(z1 - p) >= sizeof user_name || (size_t)(z2 - z1 - 1) >= sizeof home_env)
		return 0;
	memcpy(user_name, p, (size_t)(z1 - p));
	user_name[z1 - p] = 0;
	memcpy(home_env, z1 + 1, (size_t)(z2 - z1 - 1));
	home_env[z2 - z1 - 1] = 0;
	uid = uids[data[0] & 3];
	gid = data[0] & 4 ? 0 : uid;
	p = z2 + 1;
	n = (size_t)(end - p);
	fuzz_write_file(path, p, n);

	name = name_for(user_name, data[0] & 8);
	home = home_for(home_env, data[0] & 16);
	if (!pw_format(line, sizeof line, PW_PASSWD, name, uid, gid, home))
		home = "/tmp";	/* a HOME longer than a line */
	if (!pw_format(line, sizeof line, PW_PASSWD, name, uid, gid, home))
		FUZZ_FAIL("pw_format failed with a short home");
	len = strlen(line);
	for (i = 0; i < len; i++) {
		colons += line[i] == ':';
		newlines += line[i] == '\n' || line[i] == '\r' || line[i] == 0;
	}
	if (colons != 6 || newlines != 1 || line[len - 1] != '\n')
		FUZZ_FAIL("built line has %zu ':' and %zu line breaks: [%s]", colons, newlines, line);

	before = pw_find(path, PW_PASSWD, uid, NULL);
	r = pw_append(path, PW_PASSWD, uid, line);
	now = slurp(path, &i);
	if (i < n || memcmp(now, p, n) != 0)
		FUZZ_FAIL("old bytes are not a prefix any more (old %zu, new %zu bytes)", n, i);
	if (before == PW_FOUND) {
		if (r != PW_FOUND || i != n)
			FUZZ_FAIL("uid was there: pw_append gave %d and %zu new bytes", r, i - n);
		return 0;
	}
	if (before != PW_MISSING || r != PW_ADDED)
		FUZZ_FAIL("pw_find gave %d, then pw_append %d", before, r);
	extra = n > 0 && p[n - 1] != '\n';
	if (i != n + extra + len || (extra && now[n] != '\n') ||
	    memcmp(now + n + extra, line, len) != 0)
		FUZZ_FAIL("added %zu bytes, want %zu + [%s]", i - n, extra, line);
	if (pw_find(path, PW_PASSWD, uid, &e) != PW_FOUND)
		FUZZ_FAIL("uid %lu not found after adding [%s]", uid, line);
	if (strcmp(e.name, name) != 0 || strcmp(e.home, home) != 0)
		FUZZ_FAIL("found [%s] [%s], added [%s] [%s]", e.name, e.home, name, home);
	/* A second start adds nothing. */
	if (pw_append(path, PW_PASSWD, uid, line) != PW_FOUND)
		FUZZ_FAIL("second pw_append did not find the line");
	return 0;
}
