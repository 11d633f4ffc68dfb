/*
 * passwd.c: the account files, passwd(5) and group(5).  Paths in, results
 * out; no globals.  Both formats keep the id in the third field, so one
 * reader serves both: a kind says how many fields a well-formed line has.
 */
#ifndef UIDINIT_PASSWD_H
#define UIDINIT_PASSWD_H

#include <stddef.h>

enum pw_kind { PW_PASSWD = 7, PW_GROUP = 4 };	/* fields per line */

enum {
	PW_LINE_MAX = 4096,	/* longer lines are skipped as over-long */
	PW_NAME_MAX = 32,	/* longest name uidinit writes */
};

/* The first well-formed line found: its name, id and (passwd) home. */
struct pw_entry {
	char name[PW_LINE_MAX];
	char home[PW_LINE_MAX];
	unsigned long id;
};

enum pw_result {
	PW_FOUND,	/* the id has a line */
	PW_MISSING,	/* the id has no line, or there is no file */
	PW_ADDED,	/* the line is in the file, written by us */
	PW_FAILED,	/* nothing changed; errno says why */
	PW_NOT_FILE,	/* opened, but not a regular file (a FIFO, a device):
			 * refused, nothing changed; a directory fails to
			 * open for writing, PW_FAILED with EISDIR */
};

/*
 * Look for id in the third field of the file at path: PW_FOUND (and *e
 * filled when e is not NULL), PW_MISSING (also when there is no file),
 * PW_FAILED or PW_NOT_FILE.  Blank, comment ('#'), malformed and over-long
 * lines are skipped, never fatal.
 */
enum pw_result pw_find(const char *path, enum pw_kind kind, unsigned long id, struct pw_entry *e);

/*
 * The same for name, in the first field: PW_FOUND (and *e filled, with the
 * line's id) for the first well-formed line that holds it, PW_MISSING,
 * PW_FAILED or PW_NOT_FILE.
 */
enum pw_result pw_find_name(const char *path, enum pw_kind kind, const char *name,
			    struct pw_entry *e);

/*
 * Append line (one line, ending in '\n') to the file at path, unless a line
 * for id shows up once the file is locked (then PW_FOUND).  Appends only:
 * the bytes already there never change, and a failed or short write is
 * truncated away.  PW_ADDED, PW_FOUND, PW_FAILED or PW_NOT_FILE.
 */
enum pw_result pw_append(const char *path, enum pw_kind kind, unsigned long id, const char *line);

/*
 * Write the file at path (nothing if it does not exist), then line, into
 * fd: the private copy given to nss_wrapper.  0, or -1 with errno
 * (EINVAL: not a regular file).
 */
int pw_copy(const char *path, const char *line, int fd);

/* 1 if s is a portable user name: [A-Za-z0-9._][A-Za-z0-9._-]*, at most
 * PW_NAME_MAX bytes, not all digits. */
int pw_name_ok(const char *s);

/* 1 if s can stand in a field without adding a field or a line. */
int pw_field_ok(const char *s);

/* The line "name:x:uid:gid:name user:home:/sbin/nologin\n" (passwd) or
 * "name:x:gid:\n" (group) into buf; its length, or 0 if it does not fit. */
size_t pw_format(char *buf, size_t size, enum pw_kind kind, const char *name,
		 unsigned long uid, unsigned long gid, const char *home);

#endif
