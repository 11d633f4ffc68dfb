/*
 * libFuzzer: pw_find() and pw_find_name() on a file made from the input,
 * checked against a naive reference reader.  Input: 1 byte of flags, 4
 * bytes of id, then the file.  Flags bit 0: group (4 fields) instead of
 * passwd (7); bit 1: the id is the low byte only, so that small ids (which
 * the file is likely to hold) come up often.  The name looked for is what
 * the file starts with, up to the first ':' (at most 64 bytes).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../passwd.h"
#include "fuzz_util.h"

/* What passwd.h promises, written the obvious way: the first line (by
 * '\n') shorter than PW_LINE_MAX, without NUL, not starting with '#',
 * with exactly kind fields, a non-empty name and an id in field 3 as
 * plain decimal <= 2^32-1, that id (want NULL) or the name want.  1 and
 * the name, home and id if found. */
static int reference(const uint8_t *d, size_t n, enum pw_kind kind, unsigned long id,
		     const char *want, char *name, char *home, unsigned long *got)
{
	size_t start = 0;

	while (start < n) {
		const uint8_t *nl = memchr(d + start, '\n', n - start);
		size_t len = nl ? (size_t)(nl - (d + start)) : n - start;
		const char *l = (const char *)d + start;

		start += len + 1;
		if (len == 0 || len >= PW_LINE_MAX || l[0] == '#' || memchr(l, 0, len))
			continue;
		{
			size_t f = 0, i, fs[8], fe[8];
			unsigned long long v = 0;
			int bad = 0;

			fs[0] = 0;
			for (i = 0; i < len && f < 8; i++)
				if (l[i] == ':') {
					fe[f] = i;
					if (++f < 8)
						fs[f] = i + 1;
				}
			if (f >= 8 || f + 1 != (size_t)kind)
				continue;
			fe[f] = len;
			if (fe[0] == fs[0] || fe[2] == fs[2])
				continue;
			for (i = fs[2]; i < fe[2]; i++) {
				if (l[i] < '0' || l[i] > '9' || (v = v * 10 + (unsigned)(l[i] - '0')) > 0xffffffffULL) {
					bad = 1;
					break;
				}
			}
			if (bad || (want ? fe[0] - fs[0] != strlen(want) ||
					     memcmp(l, want, fe[0]) != 0 : v != id))
				continue;
			*got = (unsigned long)v;
			memcpy(name, l, fe[0]);
			name[fe[0]] = 0;
			if (kind == PW_PASSWD) {
				memcpy(home, l + fs[5], fe[5] - fs[5]);
				home[fe[5] - fs[5]] = 0;
			} else {
				home[0] = 0;
			}
			return 1;
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pw_entry e;
	static char name[PW_LINE_MAX], home[PW_LINE_MAX], want_name[65];
	enum pw_kind kind;
	unsigned long id, got;
	enum pw_result r;
	const uint8_t *colon;
	size_t len;
	int want;

	if (size < 5)
		return 0;
	kind = data[0] & 1 ? PW_GROUP : PW_PASSWD;
	id = data[0] & 2 ? data[1] : (unsigned long)data[1] | (unsigned long)data[2] << 8 |
		(unsigned long)data[3] << 16 | (unsigned long)data[4] << 24;
	fuzz_write_file(fuzz_path("find"), data + 5, size - 5);
	memset(&e, 0x55, sizeof e);
	r = pw_find(fuzz_path("find"), kind, id, &e);
	want = reference(data + 5, size - 5, kind, id, NULL, name, home, &got);
	if (r != (want ? PW_FOUND : PW_MISSING))
		FUZZ_FAIL("pw_find gave %d, the reference %s", r, want ? "found" : "missing");
	if (want && (strcmp(e.name, name) != 0 || strcmp(e.home, home) != 0 || e.id != id))
		FUZZ_FAIL("pw_find: name/home/id [%s]/[%s]/%lu, want [%s]/[%s]/%lu",
			  e.name, e.home, e.id, name, home, id);
	/* Without an entry to fill, the same answer. */
	if (pw_find(fuzz_path("find"), kind, id, NULL) != r)
		FUZZ_FAIL("pw_find with e == NULL disagrees");

	/* By name: a name holds no ':', '\n' or NUL. */
	colon = memchr(data + 5, ':', size - 5);
	len = colon ? (size_t)(colon - (data + 5)) : 0;
	if (!colon || len >= sizeof want_name || memchr(data + 5, '\n', len) || memchr(data + 5, 0, len))
		return 0;
	memcpy(want_name, data + 5, len);
	want_name[len] = 0;
	memset(&e, 0x55, sizeof e);
	r = pw_find_name(fuzz_path("find"), kind, want_name, &e);
	want = reference(data + 5, size - 5, kind, 0, want_name, name, home, &got);
	if (r != (want ? PW_FOUND : PW_MISSING))
		FUZZ_FAIL("pw_find_name gave %d, the reference %s", r, want ? "found" : "missing");
	if (want && (strcmp(e.name, want_name) != 0 || strcmp(e.home, home) != 0 || e.id != got))
		FUZZ_FAIL("pw_find_name: name/home/id [%s]/[%s]/%lu, want [%s]/[%s]/%lu",
			  e.name, e.home, e.id, want_name, home, got);
	return 0;
}
