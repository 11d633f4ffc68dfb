/*
 * passwd.c: the account fix, whole.  One call: a request in (the ids, the
 * environment values, the account files), a result out (the name, home
 * and shell, where the entry went, the variables the command must get,
 * the warnings).  No globals, no heap: the result is fixed arrays the
 * caller can keep static, the read buffer among them.
 */
#ifndef UIDINIT_PASSWD_H
#define UIDINIT_PASSWD_H

#include <stddef.h>

enum {
	PW_LINE_MAX = 4096,	/* a name, home or shell taken from a line */
	PW_NAME_MAX = 32,	/* longest name uidinit writes */
	ACCT_GROUPS_MAX = 32,	/* supplementary gids that get a group line */
	ACCT_ENV_MAX = 6,	/* USER LOGNAME HOME LD_PRELOAD NSS_WRAPPER_x2 */
	ACCT_ENV_BYTES = 32768,
	ACCT_PRELOAD_MAX = 8192,	/* a longer LD_PRELOAD: no nss_wrapper */
	ACCT_MSG_MAX = 320,	/* one message; longer values are cut */
	ACCT_MSGS = 8,		/* warnings, and -v lines, each */
	ACCT_COPY_MAX = 16 << 20,	/* larger files are not copied for nss_wrapper */
	ACCT_LOCK_WAIT_MS = 5000,	/* flock wait, then a warning */
	ACCT_TAKEOVER_MIN = 1000,	/* login.defs UID_MIN .. UID_MAX */
	ACCT_TAKEOVER_MAX = 60000,
	ACCT_WORK_BYTES = 256 << 10,
};

/* Everything account_fix() reads from outside the files.  A NULL value is
 * an unset variable; a NULL path the default in brackets. */
struct account_request {
	unsigned long uid, gid;
	const unsigned long *groups;	/* supplementary gids (fsGroup...) */
	size_t ngroups;
	const char *user_name;		/* USER_NAME */
	const char *user, *logname, *home;	/* USER LOGNAME HOME */
	const char *tmpdir;		/* TMPDIR */
	const char *user_shell;		/* USER_SHELL */
	const char *ld_preload;		/* LD_PRELOAD */
	const char *nss_wrapper;	/* UIDINIT_NSS_WRAPPER */
	const char *nss_wrapper_passwd;	/* NSS_WRAPPER_PASSWD (image ENV) */
	const char *nss_wrapper_group;	/* NSS_WRAPPER_GROUP */
	const char *passwd;		/* [/etc/passwd] */
	const char *group;		/* [/etc/group] */
	const char *nsswitch;		/* [/etc/nsswitch.conf] */
	const char *extrausers;		/* [/var/lib/extrausers] */
	const char *root;		/* [/]: HOME=/ means this directory */
	const char *fallback_tmp;	/* [/tmp] */
	const char *const *nss_wrapper_libs;	/* NULL-ended; [where distributions put it] */
	int allow_setuid;		/* UIDINIT_ALLOW_SETUID=1 */
	int lock_wait_ms;		/* [ACCT_LOCK_WAIT_MS] */
};

enum account_where {
	ACCT_NONE,		/* the UID has no name; a warning says why */
	ACCT_FOUND,		/* it had one; nothing written */
	ACCT_PASSWD,		/* the line went into the passwd file */
	ACCT_EXTRAUSERS,	/* into libnss-extrausers' passwd */
	ACCT_NSS_WRAPPER,	/* into nss_wrapper copies */
};

struct account_result {
	enum account_where where;
	int no_new_privs;	/* the command must run with no_new_privs */
	const char *name, *home, *shell;	/* in text; "" when unknown */
	char *env[ACCT_ENV_MAX + 1];	/* NAME=value for the command, NULL-ended */
	size_t nwarn, ninfo, textlen;
	char info[ACCT_MSGS][ACCT_MSG_MAX];	/* for -v */
	/* name, home and shell, then env's strings, packed: an account fix
	 * writes to one page of the result, not five (a fresh page costs
	 * about 20 us on a VM, the start-up of issue 12.10). */
	char text[3 * PW_LINE_MAX + ACCT_ENV_BYTES];
	char warn[ACCT_MSGS][ACCT_MSG_MAX];	/* one line each, unescaped */
	/* account_fix()'s working memory (its read buffer, the lines it
	 * keeps): the caller's, as the rest, so that a start maps nothing
	 * (mmap and munmap were 6-9% of a start on a VM, issue 12.10). */
	char work[ACCT_WORK_BYTES];
};

/* Give q->uid a name (man page, ACCOUNT FIX).  Never fails the caller:
 * 0 when the command will see a name, -1 when not; either way r says
 * what happened.  No signal may interrupt it (the caller blocks them). */
int account_fix(const struct account_request *q, struct account_result *r);

#endif
