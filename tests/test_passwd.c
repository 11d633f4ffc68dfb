/*
 * Unit tests for passwd.c through its one call, account_fix(): a table of
 * situations, each on real files in its own temporary directory (no
 * mocks), run in a child that has the arbitrary UID and GID for real (so
 * "read-only" is the kernel's word, not ours).  Every situation checks
 * the result and the bytes of every file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../passwd.h"

#define AUID 1000120000UL
#define BASE "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
#define GBASE "root:x:0:\ndaemon:x:1:\n"
#define LINE(name, gid, home) name ":x:1000120000:" #gid ":" name " user:" home ":/sbin/nologin\n"

static char top[PATH_MAX - 512];	/* this run's scratch directory */
static char dir[PATH_MAX - 256];	/* this situation's, under top */
static int serial;

/* ---- helpers ---- */

static const char *at(const char *name)
{
	static char buf[8][PATH_MAX];
	static int i;
	char *p = buf[i++ % 8];

	snprintf(p, PATH_MAX, "%s/%s", dir, name);
	return p;
}

static void put_n(const char *name, const char *s, size_t n, mode_t mode)
{
	int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static void put(const char *name, const char *s, mode_t mode)
{
	put_n(name, s, strlen(s), mode);
}

static char *get(const char *path)
{
	static char buf[4][1 << 16];
	static int i;
	char *p = buf[i++ % 4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, p, sizeof buf[0] - 1);
	assert_true(n >= 0);
	p[n] = 0;
	close(fd);
	return p;
}

static void mkdir_mode(const char *name, mode_t mode)
{
	assert_int_equal(mkdir(at(name), mode), 0);
	assert_int_equal(chmod(at(name), mode), 0);
}

/* A copy of a path that outlives at()'s rotating buffers (no heap: the
 * sanitizer build counts what a test leaves behind). */
static char *keep(const char *path)
{
	static char pool[128][PATH_MAX];
	static int i;
	char *p = pool[i++ % 128];

	snprintf(p, PATH_MAX, "%s", path);
	return p;
}

/* A fresh directory for the situation, and a request pointing into it:
 * passwd, group, nsswitch.conf, extrausers/, root/ ("/" for HOME=/,
 * not writable), tmp/ (the /tmp fallback, writable). */
static struct account_request situation(void)
{
	static const char *const no_libs[] = { NULL };
	struct account_request q;

	snprintf(dir, sizeof dir, "%s/s%d", top, ++serial);
	assert_int_equal(mkdir(dir, 0755), 0);
	mkdir_mode("root", 0755);
	mkdir_mode("tmp", 01777);
	memset(&q, 0, sizeof q);
	q.uid = AUID;
	q.gid = 0;
	q.home = "/h";
	q.passwd = keep(at("passwd"));
	q.group = keep(at("group"));
	q.nsswitch = keep(at("nsswitch.conf"));
	q.extrausers = keep(at("extrausers"));
	q.root = keep(at("root"));
	q.fallback_tmp = keep(at("tmp"));
	q.nss_wrapper_libs = no_libs;
	q.lock_wait_ms = 2000;
	return q;
}

/* A string of the shared result's text, in our copy r (a literal such
 * as "" is at the same address in the child). */
static const char *ours(struct account_result *r, const struct account_result *shared,
			const char *s)
{
	if (s >= shared->text && s < shared->text + sizeof shared->text)
		return r->text + (s - shared->text);
	return s;
}

/* account_fix() in a child with q's uid, gid and groups for real; the
 * result comes back through shared memory.  Returns its return value. */
static int fix_as(const struct account_request *q, struct account_result *r)
{
	struct account_result *shared = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE,
					     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	assert_true(shared != MAP_FAILED);
	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		gid_t g[ACCT_GROUPS_MAX];
		size_t i;

		for (i = 0; i < q->ngroups; i++)
			g[i] = (gid_t)q->groups[i];
		if (setgroups(q->ngroups, g) < 0 || setresgid(q->gid, q->gid, q->gid) < 0 ||
		    setresuid(q->uid, q->uid, q->uid) < 0)
			_exit(99);
		_exit(account_fix(q, shared) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_not_equal(WEXITSTATUS(status), 99);
	memcpy(r, shared, sizeof *r);
	for (size_t i = 0; r->env[i]; i++)	/* into our copy */
		r->env[i] = r->text + (shared->env[i] - shared->text);
	r->name = ours(r, shared, r->name);
	r->home = ours(r, shared, r->home);
	r->shell = ours(r, shared, r->shell);
	munmap(shared, sizeof *r);
	return WEXITSTATUS(status) == 0 ? 0 : -1;
}

static const char *env_of(const struct account_result *r, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; r->env[i]; i++)
		if (strncmp(r->env[i], name, n) == 0 && r->env[i][n] == '=')
			return r->env[i] + n + 1;
	return NULL;
}

static int said(const struct account_result *r, const char *needle)
{
	size_t i;

	for (i = 0; i < r->nwarn; i++)
		if (strstr(r->warn[i], needle))
			return 1;
	return 0;
}

static int told(const struct account_result *r, const char *needle)
{
	size_t i;

	for (i = 0; i < r->ninfo; i++)
		if (strstr(r->info[i], needle))
			return 1;
	return 0;
}

static void no_warnings(const struct account_result *r)
{
	if (r->nwarn)
		fail_msg("unexpected warning: %s", r->warn[0]);
}

static void file_is(const char *path, const char *want)
{
	const char *got = get(path);

	if (!want) {
		if (got)
			fail_msg("%s exists: [%s]", path, got);
		return;
	}
	if (!got)
		fail_msg("%s: missing", path);
	assert_string_equal(got, want);
}

/* A fake libnss_wrapper.so (only its existence matters to passwd.c). */
static const char *fake_lib(void)
{
	put("libnss_wrapper.so", "", 0644);
	return keep(at("libnss_wrapper.so"));
}

/* ---- the situations ---- */

/* The seed's layout: passwd writable.  One line, the group file (GID 0
 * there) untouched, USER and LOGNAME set, HOME kept, no_new_privs. */
static void writable(void **state)
{
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE, 0644);
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_PASSWD);
	file_is(q.passwd, BASE LINE("default", 0, "/h"));
	file_is(q.group, GBASE);
	assert_string_equal(r.name, "default");
	assert_string_equal(r.home, "/h");
	assert_string_equal(r.shell, "/sbin/nologin");
	assert_string_equal(env_of(&r, "USER"), "default");
	assert_string_equal(env_of(&r, "LOGNAME"), "default");
	assert_null(env_of(&r, "HOME"));
	assert_null(env_of(&r, "LD_PRELOAD"));
	assert_true(r.no_new_privs);
	assert_true(told(&r, "writable by uid 1000120000, no_new_privs set"));
	no_warnings(&r);
	/* again: found, nothing written */
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_FOUND);
	file_is(q.passwd, BASE LINE("default", 0, "/h"));
	/* UIDINIT_ALLOW_SETUID=1: left working, and said */
	q.allow_setuid = 1;
	assert_int_equal(fix_as(&q, &r), 0);
	assert_false(r.no_new_privs);
	assert_true(told(&r, "set-uid left working"));
}

/* Found: the entry's name and home; USER, LOGNAME, HOME only where unset. */
static void found(void **state)
{
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	put("passwd", BASE "app:x:1000120000:0:App:/srv/app:/bin/sh\n", 0644);
	put("group", GBASE, 0644);
	q.home = NULL;
	q.user = "u1";
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_FOUND);
	assert_string_equal(r.name, "app");
	assert_string_equal(r.home, "/srv/app");
	assert_string_equal(r.shell, "/bin/sh");
	assert_null(env_of(&r, "USER"));
	assert_string_equal(env_of(&r, "LOGNAME"), "app");
	assert_string_equal(env_of(&r, "HOME"), "/srv/app");
	assert_false(r.no_new_privs);
	file_is(q.passwd, BASE "app:x:1000120000:0:App:/srv/app:/bin/sh\n");
	no_warnings(&r);
}

/* Read-only, no nss_wrapper, no extrausers: one line that says what the
 * image should do; the files unchanged; nothing to harden. */
static void read_only_nothing(void **state)
{
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	put("passwd", BASE, 0644);
	put("group", GBASE, 0644);
	q.gid = 5000;
	assert_int_equal(fix_as(&q, &r), -1);
	assert_int_equal(r.where, ACCT_NONE);
	assert_int_equal(r.nwarn, 1);
	assert_true(said(&r, "uid 1000120000 has no name: "));
	if (!said(&r, "Permission denied; make it writable by gid 5000, list extrausers"))
		fail_msg("warning: %s", r.warn[0]);
	assert_null(r.env[0]);
	assert_false(r.no_new_privs);
	file_is(q.passwd, BASE);
	file_is(q.group, GBASE);
}

/* Read-only with nss_wrapper: copies in a fresh directory under TMPDIR,
 * with the passwd line and the GID's group line; LD_PRELOAD appended. */
static void read_only_nss_wrapper(void **state)
{
	struct account_request q = situation();
	struct account_result r;
	const char *pw, *gr;
	char want[256];

	(void)state;
	put("passwd", BASE, 0644);
	put("group", GBASE, 0644);
	mkdir_mode("t", 0777);
	q.tmpdir = keep(at("t"));
	q.nss_wrapper = fake_lib();
	q.ld_preload = "/other.so";
	q.gid = 5000;
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_NSS_WRAPPER);
	pw = env_of(&r, "NSS_WRAPPER_PASSWD");
	gr = env_of(&r, "NSS_WRAPPER_GROUP");
	assert_non_null(pw);
	assert_non_null(gr);
	assert_memory_equal(pw, q.tmpdir, strlen(q.tmpdir));
	assert_non_null(strstr(pw, "/uidinit."));
	file_is(pw, BASE LINE("default", 5000, "/h"));
	file_is(gr, GBASE "default:x:5000:\n");
	snprintf(want, sizeof want, "/other.so:%s", q.nss_wrapper);
	assert_string_equal(env_of(&r, "LD_PRELOAD"), want);
	file_is(q.passwd, BASE);
	file_is(q.group, GBASE);
	no_warnings(&r);
	/* a TMPDIR we cannot write: /tmp instead (issue 15.5) */
	assert_int_equal(chmod(q.tmpdir, 0755), 0);
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_NSS_WRAPPER);
	assert_memory_equal(env_of(&r, "NSS_WRAPPER_PASSWD"), q.fallback_tmp, strlen(q.fallback_tmp));
	no_warnings(&r);
}

/* No passwd file at all on a read-only root: the copy holds our line. */
static void missing_file(void **state)
{
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	put("group", GBASE, 0644);
	assert_int_equal(fix_as(&q, &r), -1);
	assert_true(said(&r, "No such file or directory; make it writable"));
	q.nss_wrapper = fake_lib();
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_NSS_WRAPPER);
	file_is(env_of(&r, "NSS_WRAPPER_PASSWD"), LINE("default", 0, "/h"));
	file_is(q.passwd, NULL);
}

/* GID 5000 and supplementary gids, both files writable: each gid
 * without a line gets one, in one write. */
static void gid_5000_writable(void **state)
{
	static const unsigned long groups[] = { 5000, 5001, 0, 5002 };
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE "g5002:x:5002:\n", 0666);
	q.gid = 5000;
	q.groups = groups;
	q.ngroups = 4;
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_PASSWD);
	file_is(q.passwd, BASE LINE("default", 5000, "/h"));
	file_is(q.group, GBASE "g5002:x:5002:\ndefault:x:5000:\ng5001:x:5001:\n");
	assert_true(told(&r, "added gid 5000 5001"));
	no_warnings(&r);
}

/* A group name that is taken is never added twice (USER_NAME=sudo must
 * not add a second sudo group): gGID instead. */
static void group_name_taken(void **state)
{
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE "sudo:x:27:\n", 0666);
	q.gid = 5000;
	q.user_name = "sudo";
	assert_int_equal(fix_as(&q, &r), 0);
	file_is(q.passwd, BASE LINE("sudo", 5000, "/h"));
	file_is(q.group, GBASE "sudo:x:27:\ng5000:x:5000:\n");
}

/* GID 5000, read-only /etc, extrausers listed and writable: the lines go
 * there (created), and that counts for hardening. */
static void extrausers(void **state)
{
	struct account_request q = situation();
	struct account_result r;
	char p[PATH_MAX], g[PATH_MAX];

	(void)state;
	put("passwd", BASE, 0644);
	put("group", GBASE, 0644);
	put("nsswitch.conf", "# test\npasswd:         files extrausers # systemd\ngroup: files\n", 0644);
	mkdir_mode("extrausers", 0777);
	q.gid = 5000;
	q.nss_wrapper = fake_lib();	/* extrausers comes first */
	snprintf(p, sizeof p, "%s/passwd", q.extrausers);
	snprintf(g, sizeof g, "%s/group", q.extrausers);
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_EXTRAUSERS);
	file_is(p, LINE("default", 5000, "/h"));
	file_is(g, "default:x:5000:\n");
	file_is(q.passwd, BASE);
	assert_null(env_of(&r, "LD_PRELOAD"));
	assert_true(r.no_new_privs);
	no_warnings(&r);
	/* the next start finds it there */
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_FOUND);
	file_is(p, LINE("default", 5000, "/h"));
	/* not listed in nsswitch.conf: not used */
	put("nsswitch.conf", "passwd: files # extrausers\n", 0644);
	q.uid = AUID + 1;
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_NSS_WRAPPER);
	file_is(p, LINE("default", 5000, "/h"));
}

/* Takeover of an ordinary image user: its name, GECOS, home and shell. */
static void takeover(void **state)
{
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	put("passwd", BASE "jovyan:x:1000:100:Jupyter:/home/jovyan:/bin/bash\n", 0666);
	put("group", GBASE, 0644);
	q.user_name = "jovyan";
	q.home = NULL;
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_PASSWD);
	file_is(q.passwd, BASE "jovyan:x:1000:100:Jupyter:/home/jovyan:/bin/bash\n"
		"jovyan:x:1000120000:0:Jupyter:/home/jovyan:/bin/bash\n");
	assert_string_equal(env_of(&r, "USER"), "jovyan");
	assert_string_equal(env_of(&r, "HOME"), "/home/jovyan");
	assert_true(told(&r, "taking over jovyan (uid 1000)"));
	no_warnings(&r);
}

/* Root, system accounts, and names uidinit gave other arbitrary UIDs are
 * not taken over: default, with a warning. */
static void not_taken_over(void **state)
{
	static const struct {
		const char *line, *name, *warning;
	} t[] = {
		{ "", "root", "USER_NAME: root is the name of uid 0 already, using 'default'" },
		{ "", "daemon", "daemon is the name of uid 1 already" },
		{ "nobody:x:65534:65534::/:/bin/sh\n", "nobody", "uid 65534 already" },
		{ "sys:x:999:0::/:/bin/sh\n", "sys", "uid 999 already" },
		{ "app:x:1000130000:0:app user:/h:/sbin/nologin\n", "app", "uid 1000130000 already" },
		{ "big:x:60001:0::/:/bin/sh\n", "big", "uid 60001 already" },
	};
	size_t i;
	char want[512];

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct account_request q = situation();
		struct account_result r;

		snprintf(want, sizeof want, BASE "%s", t[i].line);
		put("passwd", want, 0666);
		put("group", GBASE, 0644);
		q.user_name = t[i].name;
		assert_int_equal(fix_as(&q, &r), 0);
		strcat(want, LINE("default", 0, "/h"));
		file_is(q.passwd, want);
		assert_string_equal(env_of(&r, "USER"), "default");
		if (!said(&r, t[i].warning))
			fail_msg("%s: no warning [%s]", t[i].name, t[i].warning);
	}
}

/* USER_SHELL: used when absolute and executable, else nologin, said. */
static void user_shell(void **state)
{
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE, 0644);
	q.user_shell = "/bin/sh";
	assert_int_equal(fix_as(&q, &r), 0);
	file_is(q.passwd, BASE "default:x:1000120000:0:default user:/h:/bin/sh\n");
	no_warnings(&r);
	put("passwd", BASE, 0666);
	q.user_shell = "/etc/passwd";
	assert_int_equal(fix_as(&q, &r), 0);
	file_is(q.passwd, BASE LINE("default", 0, "/h"));
	assert_true(said(&r, "USER_SHELL: not an executable absolute path"));
}

/* HOME that does not exist: created 0700 when its parent is writable. */
static void home_created(void **state)
{
	struct account_request q = situation();
	struct account_result r;
	struct stat st;

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE, 0644);
	mkdir_mode("homes", 0777);
	q.home = keep(at("homes/app"));
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(stat(q.home, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(st.st_uid, AUID);
	assert_true(told(&r, ": created"));
	/* a parent we cannot write: not created, only -v says so */
	put("passwd", BASE, 0666);
	q.home = keep(at("root/app"));
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(stat(q.home, &st), -1);
	assert_true(told(&r, "not created: Permission denied"));
	no_warnings(&r);
}

/* HOME unset or "/" with "/" not writable: TMPDIR, else /tmp, in the
 * line and for the command. */
static void home_fallbacks(void **state)
{
	struct account_request q = situation();
	struct account_result r;
	char *big = malloc(200000);

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE, 0644);
	q.home = "/";
	assert_int_equal(fix_as(&q, &r), 0);
	assert_string_equal(r.home, q.fallback_tmp);
	assert_string_equal(env_of(&r, "HOME"), q.fallback_tmp);
	/* values of every length are bounded: a HOME or TMPDIR too long for
	 * a path is named in a warning, and the fallback is used */
	memset(big, 'a', 199999);
	big[0] = '/';
	big[199999] = 0;
	put("passwd", BASE, 0666);
	q.home = big;
	q.tmpdir = big;
	assert_int_equal(fix_as(&q, &r), 0);
	assert_string_equal(r.home, q.fallback_tmp);
	assert_true(said(&r, "HOME: not an absolute path of at most 4095 bytes"));
	assert_true(said(&r, "TMPDIR: not an absolute path"));
	/* a too long USER_NAME: default */
	put("passwd", BASE, 0666);
	q.user_name = big + 1;
	assert_int_equal(fix_as(&q, &r), 0);
	assert_string_equal(r.name, "default");
	assert_true(said(&r, "USER_NAME: not a portable user name"));
	free(big);
}

/* Exec sessions: the image ENV's NSS_WRAPPER_PASSWD/GROUP are written
 * in place, 0644, atomically; a symlink planted there is replaced, its
 * target untouched; only LD_PRELOAD is added to the environment. */
static void image_env_paths(void **state)
{
	struct account_request q = situation();
	struct account_result r;
	struct stat st;

	(void)state;
	put("passwd", BASE, 0644);
	put("group", GBASE, 0644);
	put("victim", "precious\n", 0666);
	mkdir_mode("vol", 0777);
	assert_int_equal(symlink(at("victim"), at("vol/passwd")), 0);
	q.nss_wrapper = fake_lib();
	q.nss_wrapper_passwd = keep(at("vol/passwd"));
	q.nss_wrapper_group = keep(at("vol/group"));
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_NSS_WRAPPER);
	file_is(at("victim"), "precious\n");
	assert_int_equal(lstat(q.nss_wrapper_passwd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0644);
	file_is(q.nss_wrapper_passwd, BASE LINE("default", 0, "/h"));
	file_is(q.nss_wrapper_group, GBASE);
	assert_string_equal(env_of(&r, "LD_PRELOAD"), q.nss_wrapper);
	assert_null(env_of(&r, "NSS_WRAPPER_PASSWD"));
	no_warnings(&r);
	/* LD_PRELOAD from the image already holds it: not added twice */
	q.ld_preload = q.nss_wrapper;
	assert_int_equal(fix_as(&q, &r), 0);
	assert_null(env_of(&r, "LD_PRELOAD"));
	/* a volume we cannot write: a private copy, said */
	assert_int_equal(chmod(at("vol"), 0755), 0);
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_NSS_WRAPPER);
	assert_non_null(env_of(&r, "NSS_WRAPPER_PASSWD"));
	assert_true(said(&r, "using a private copy"));
}

/* The image's nss_wrapper paths are what every program reads: written
 * even when the UID is found in /etc/passwd, or added to it. */
static void image_env_paths_found(void **state)
{
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	put("passwd", BASE "x:x:1000120000:0::/h:/bin/sh\n", 0644);
	put("group", GBASE, 0644);
	mkdir_mode("vol", 0777);
	q.nss_wrapper_passwd = keep(at("vol/passwd"));
	q.nss_wrapper_group = keep(at("vol/group"));
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_FOUND);
	file_is(q.nss_wrapper_passwd, BASE "x:x:1000120000:0::/h:/bin/sh\n");
	file_is(q.nss_wrapper_group, GBASE);
	no_warnings(&r);
	put("passwd", BASE, 0666);
	q.gid = 5000;
	assert_int_equal(fix_as(&q, &r), 0);
	assert_int_equal(r.where, ACCT_PASSWD);
	file_is(q.nss_wrapper_passwd, BASE LINE("default", 5000, "/h"));
	file_is(q.nss_wrapper_group, GBASE "default:x:5000:\n");	/* group read-only */
}

/* An LD_PRELOAD that leaves no room: no nss_wrapper, one warning. */
static void preload_too_long(void **state)
{
	struct account_request q = situation();
	struct account_result r;
	char *big = malloc(131072);

	(void)state;
	put("passwd", BASE, 0644);
	put("group", GBASE, 0644);
	memset(big, 'x', 131071);
	big[131071] = 0;
	q.nss_wrapper = fake_lib();
	q.ld_preload = big;
	assert_int_equal(fix_as(&q, &r), -1);
	assert_true(said(&r, "LD_PRELOAD: too long to add"));
	free(big);
}

/* Over 16 MiB: not copied into TMPDIR, said. */
static void copy_bounded(void **state)
{
	struct account_request q = situation();
	struct account_result r;
	int fd;

	(void)state;
	put("passwd", BASE, 0644);
	assert_true((fd = open(at("passwd"), O_WRONLY | O_APPEND)) >= 0);
	assert_int_equal(ftruncate(fd, ACCT_COPY_MAX + 1), 0);
	close(fd);
	put("group", GBASE, 0644);
	q.nss_wrapper = fake_lib();
	assert_int_equal(fix_as(&q, &r), -1);
	assert_true(said(&r, "over 16 MiB, not copied"));
	/* and nothing left behind in the scratch directory */
	assert_null(get(at("tmp/x")));
}

/* What counts as an entry: lines that glibc or musl reject do not stop
 * the UID from getting its line; lines both accept do (tests/e2e_passwd.sh
 * checks this table against both libcs). */
static void entry_rules(void **state)
{
	static const struct {
		const char *line;
		int entry;
	} t[] = {
		{ "a:x:1000120000:0::/h:/bin/sh\n", 1 },
		{ "a:x:1000120000:0::/h:/bin/sh:extra\n", 1 },
		{ " a:x:1000120000:0::/h:/bin/sh\n", 1 },
		{ "a:x:1000120000:0::/h:/bin/sh\r\n", 1 },
		{ "a:x:01000120000:0::/h:/bin/sh\n", 1 },
		{ "a:x:1000120000:0::/h:\n", 1 },
		{ "a:x:1000120000:::/h:/bin/sh\n", 0 },		/* empty GID */
		{ "a:x:1000120000:zero::/h:/bin/sh\n", 0 },
		{ "a:x:1000120000:99999999999::/h:/bin/sh\n", 0 },
		{ "a:x:1000120000:+5::/h:/bin/sh\n", 0 },
		{ " #a:x:1000120000:0::/h:/bin/sh\n", 0 },
		{ "#a:x:1000120000:0::/h:/bin/sh\n", 0 },
		{ "+a:x:1000120000:0::/h:/bin/sh\n", 0 },
		{ "-a:x:1000120000:0::/h:/bin/sh\n", 0 },
		{ "::1000120000:0::/h:/bin/sh\n", 0 },
		{ "a:x:1000120000:0::/h\n", 0 },
		{ "a:x:1000120000:0\n", 0 },
		{ "a:x: 1000120000:0::/h:/bin/sh\n", 0 },
		{ "a:x:1000120000:0 ::/h:/bin/sh\n", 0 },
		{ "a:x:1000120000:0:::", 0 },	/* musl drops the last byte */
		{ "a:x:1000120000:0::/h:/b", 1 },
	};
	size_t i;
	char old[512], want[1024];

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct account_request q = situation();
		struct account_result r;
		size_t n;

		snprintf(old, sizeof old, BASE "%s", t[i].line);
		put("passwd", old, 0666);
		put("group", GBASE, 0644);
		assert_int_equal(fix_as(&q, &r), 0);
		n = strlen(old);
		snprintf(want, sizeof want, "%s%s%s", old, !t[i].entry && old[n - 1] != '\n' ? "\n" : "",
			 t[i].entry ? "" : LINE("default", 0, "/h"));
		if (strcmp(get(q.passwd), want) != 0)
			fail_msg("line %zu [%s]: want %s", i, t[i].line, t[i].entry ? "no line" : "a line");
		assert_int_equal(r.where, t[i].entry ? ACCT_FOUND : ACCT_PASSWD);
	}
}

/* A passwd file that is not a file: refused, nothing hangs. */
static void not_a_file(void **state)
{
	struct account_request q = situation();
	struct account_result r;

	(void)state;
	assert_int_equal(mkfifo(at("passwd"), 0666), 0);
	put("group", GBASE, 0644);
	alarm(10);
	assert_int_equal(fix_as(&q, &r), -1);
	alarm(0);
	assert_true(said(&r, "passwd: not a regular file"));
	q.passwd = "/dev/null";
	assert_int_equal(fix_as(&q, &r), -1);
	assert_true(said(&r, "/dev/null: not a regular file"));
}

/* A lock holder that never lets go: bounded wait, one warning, the file
 * unchanged. */
static void lock_bounded(void **state)
{
	struct account_request q = situation();
	struct account_result r;
	struct timespec t0, t1;
	int fd;
	long ms;

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE, 0644);
	q.lock_wait_ms = 300;
	assert_true((fd = open(q.passwd, O_RDONLY)) >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fix_as(&q, &r), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 300 && ms < 1500);
	assert_int_equal(r.nwarn, 1);
	assert_true(said(&r, "still locked by another process"));
	file_is(q.passwd, BASE);
}

/* While another process holds the lock we wait; a line it wrote for our
 * UID is then found (the look happens under the lock), nothing added. */
static void look_under_lock(void **state)
{
	struct account_request q = situation();
	struct account_result r;
	int fd;
	pid_t pid;
	struct account_result *shared;
	int status;

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE, 0644);
	assert_true((fd = open(q.passwd, O_WRONLY | O_APPEND)) >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	shared = mmap(NULL, sizeof r, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(shared != MAP_FAILED);
	assert_true((pid = fork()) >= 0);
	if (pid == 0)
		_exit(account_fix(&q, shared) == 0 ? 0 : 1);
	usleep(200000);
	assert_int_equal(waitpid(pid, &status, WNOHANG), 0);	/* still waiting */
	assert_int_equal(write(fd, "other:x:1000120000:0::/o:/bin/sh\n", 33), 33);
	assert_int_equal(flock(fd, LOCK_UN), 0);
	close(fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(shared->where, ACCT_FOUND);
	assert_string_equal(shared->name, "other");
	file_is(q.passwd, BASE "other:x:1000120000:0::/o:/bin/sh\n");
	munmap(shared, sizeof r);
}

/* Run n account fixes at once, uid uid0 + i * step; wait. */
static void at_once(struct account_request *q, int n, unsigned long uid0, unsigned long step)
{
	int go[2], i, status;
	pid_t pid[20];

	assert_int_equal(pipe(go), 0);
	for (i = 0; i < n; i++) {
		assert_true((pid[i] = fork()) >= 0);
		if (pid[i] == 0) {
			static struct account_result r;
			char c;

			close(go[1]);
			if (read(go[0], &c, 1) != 0)
				_exit(9);
			q->uid = uid0 + (unsigned long)i * step;
			_exit(account_fix(q, &r) == 0 ? 0 : 1);
		}
	}
	close(go[0]);
	close(go[1]);
	for (i = 0; i < n; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

/* 20 starts of one UID at once on a 1 MB file: exactly one line. */
static void concurrent_one_line(void **state)
{
	struct account_request q = situation();
	char *old = malloc(1100000), *now;
	size_t len = 0;
	int i;

	(void)state;
	for (i = 0; len < 1000000; i++)
		len += (size_t)sprintf(old + len, "u%d:x:%d:0:filler:/home/u%d:/bin/sh\n", i, 100000 + i, i);
	put("passwd", old, 0666);
	put("group", GBASE, 0644);
	now = malloc(1200000);
	for (i = 0; i < 2; i++) {
		/* 20 starts of one UID: 1 line; then 20 UIDs: 20 more */
		int fd;
		ssize_t n;
		size_t lines = 0;
		const char *p;

		at_once(&q, 20, AUID + (unsigned long)i, (unsigned long)i);
		fd = open(q.passwd, O_RDONLY);
		n = read(fd, now, 1200000);
		close(fd);
		assert_true(n > 0);
		now[n] = 0;
		assert_memory_equal(now, old, len);
		for (p = now + len; *p; p++)
			lines += *p == '\n';
		assert_int_equal(lines, i ? 21 : 1);
	}
	free(old);
	free(now);
}

/* path's bytes are want[0..n) exactly (files over get()'s 64 KiB). */
static void bytes_are(const char *path, const char *want, size_t n)
{
	static char got[4 << 16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t k;

	assert_true(fd >= 0);
	k = read(fd, got, sizeof got);
	close(fd);
	assert_int_equal(k, (ssize_t)n);
	if (memcmp(got, want, n) != 0)
		fail_msg("%s: bytes differ", path);
}

/* text[0..at) filled with lines of other accounts (no "1000120000:", no
 * "app:"), the last a comment padded so that the next line starts at at;
 * then line and, unless last, a newline, then more accounts up to about
 * size.  Its length. */
static size_t big_file(char *text, size_t at, const char *line, int last, size_t size)
{
	size_t n = 0, uid = 1000;

	while (n + 80 < at)
		n += (size_t)sprintf(text + n, "u%zu:x:%zu:%zu:User %zu,,,:/home/u%zu:/bin/sh\n",
				     uid, uid, uid, uid, uid), uid++;
	if (n < at) {
		memset(text + n, '#', at - n - 1);
		text[at - 1] = '\n';
		n = at;
	}
	n += (size_t)sprintf(text + n, "%s%s", line, last ? "" : "\n");
	while (!last && n + 80 < size)
		n += (size_t)sprintf(text + n, "u%zu:x:%zu:%zu:User %zu,,,:/home/u%zu:/bin/sh\n",
				     uid, uid, uid, uid, uid), uid++;
	return n;
}

/* A big file is searched, not parsed, where no line can matter (issue
 * 12.5: uidinit reads 64 KiB at a time): the UID's entry (with leading
 * zeros, too) and a taken USER_NAME are still found across each read
 * boundary at every split, and as the unterminated last line; a file
 * without them, or with the digits elsewhere, gets its line. */
static void big_files(void **state)
{
	static char text[3 << 16];
	static const char *const entry[] = {
		"app:x:1000120000:0:App:/srv/app:/bin/sh",
		"app:x:0001000120000:0:App:/srv/app:/bin/sh",
	};
	static const size_t bounds[] = { 65536, 131072 };
	struct account_request q;
	struct account_result r;
	size_t e, b, k, n, len;

	(void)state;
	for (e = 0; e < 2; e++)
		for (b = 0; b < 2; b++)
			for (k = 0, len = strlen(entry[e]); k <= len; k++) {
				q = situation();
				n = big_file(text, bounds[b] - k, entry[e], 0, sizeof text - 100);
				put_n("passwd", text, n, 0666);
				put("group", GBASE, 0644);
				assert_int_equal(fix_as(&q, &r), 0);
				if (r.where != ACCT_FOUND)
					fail_msg("entry %zu at %zu - %zu: not found", e, bounds[b], k);
				assert_string_equal(r.name, "app");
				bytes_are(q.passwd, text, n);
			}
	/* last, unterminated, after two full reads */
	for (e = 0; e < 2; e++) {
		q = situation();
		n = big_file(text, 150000, entry[e], 1, 0);
		put_n("passwd", text, n, 0666);
		put("group", GBASE, 0644);
		assert_int_equal(fix_as(&q, &r), 0);
		assert_int_equal(r.where, ACCT_FOUND);
		bytes_are(q.passwd, text, n);
	}
	/* a group line with no members ends in "GID:" and its newline: as the
	 * last whole line of the first read, at each of the eight places in
	 * the search's last word */
	for (k = 0; k < 8; k++) {
		const char *line = "staff:x:7000000:";

		q = situation();
		q.gid = 7000000;
		n = big_file(text, 65535 - strlen(line) - k, line, 0, sizeof text - 100);
		put("passwd", BASE, 0666);
		put_n("group", text, n, 0666);
		assert_int_equal(fix_as(&q, &r), 0);
		assert_int_equal(r.where, ACCT_PASSWD);
		file_is(q.passwd, BASE LINE("default", 7000000, "/h"));
		bytes_are(q.group, text, n);
	}
	/* USER_NAME=app taken by uid 5 across the first boundary; the digits
	 * in another line's GECOS; nothing: each gets its line, appended */
	{
		static const char *const other[] = {
			"app:x:5:0::/:/bin/sh", "u9:x:9:9:x 1000120000::/:/bin/sh", "#",
		};
		for (e = 0; e < 3; e++)
			for (k = 0; k <= 21; k += 7) {
				static char want[3 << 16];

				q = situation();
				q.user_name = "app";
				n = big_file(text, 65536 - k, other[e], 0, sizeof text - 200);
				put_n("passwd", text, n, 0666);
				put("group", GBASE, 0644);
				assert_int_equal(fix_as(&q, &r), 0);
				assert_int_equal(r.where, ACCT_PASSWD);
				memcpy(want, text, n);
				if (e == 0) {
					assert_string_equal(r.name, "default");
					assert_true(said(&r, "app is the name of uid 5 already"));
					strcpy(want + n, LINE("default", 0, "/h"));
				} else {
					assert_string_equal(r.name, "app");
					strcpy(want + n, LINE("app", 0, "/h"));
				}
				bytes_are(q.passwd, want, strlen(want + n) + n);
			}
	}
}

/* Two UIDs with USER_NAME=app at once (issue 12.5): one is app, the other
 * default, whichever won the lock. */
static void two_uids_one_name(void **state)
{
	struct account_request q = situation();
	const char *p;
	int apps = 0, defaults = 0;

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE, 0644);
	q.user_name = "app";
	at_once(&q, 2, AUID, 1);
	for (p = get(q.passwd); (p = strchr(p, '\n')) && p[1]; p++) {
		apps += strncmp(p + 1, "app:", 4) == 0;
		defaults += strncmp(p + 1, "default:", 8) == 0;
	}
	assert_int_equal(apps, 1);
	assert_int_equal(defaults, 1);
}

static int pending_xfsz(void)
{
	sigset_t s;

	sigemptyset(&s);
	assert_int_equal(sigpending(&s), 0);
	return sigismember(&s, SIGXFSZ);
}

/* RLIMIT_FSIZE at the file's size (+ slack): the write fails with
 * EFBIG, the file is cut back, no SIGXFSZ kills us or stays pending. */
static void efbig(void **state)
{
	static const char *const olds[] = { BASE, "root:x:0:0:root:/root:/bin/bash" };
	static const long slack[] = { 0, 1, 10 };
	size_t i, j;

	(void)state;
	for (i = 0; i < 2; i++)
		for (j = 0; j < 3; j++) {
			struct account_request q = situation();
			struct account_result r;
			struct rlimit old_lim, lim;

			put("passwd", olds[i], 0666);
			put("group", GBASE, 0644);
			assert_int_equal(signal(SIGXFSZ, SIG_DFL) == SIG_ERR, 0);
			assert_int_equal(getrlimit(RLIMIT_FSIZE, &old_lim), 0);
			lim = old_lim;
			lim.rlim_cur = (rlim_t)((long)strlen(olds[i]) + slack[j]);
			assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
			q.uid = 7000;
			assert_int_equal(account_fix(&q, &r), -1);
			assert_int_equal(setrlimit(RLIMIT_FSIZE, &old_lim), 0);
			assert_false(pending_xfsz());
			file_is(q.passwd, olds[i]);
			assert_true(said(&r, "File too large"));
		}
}

/* Under RLIMIT_STACK = 32 KiB, in a child: the whole fix works. */
static void small_stack(void **state)
{
	struct account_request q = situation();
	struct account_result *r = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE,
					MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	(void)state;
	put("passwd", BASE, 0666);
	put("group", GBASE, 0644);
	q.gid = 5000;
	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		struct rlimit lim = { 32768, 32768 };

		/* the limit applies to growth from here; a fresh stack needs
		 * an exec, which tests/e2e_passwd.sh does with prlimit */
		setrlimit(RLIMIT_STACK, &lim);
		_exit(account_fix(&q, r) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(r->where, ACCT_PASSWD);
	munmap(r, sizeof *r);
}

/* ---- set-up ---- */

static int setup(void **state)
{
	(void)state;
	snprintf(top, sizeof top, "%s/test_passwd.XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(top) || chmod(top, 0755) < 0)
		return -1;
	if (geteuid() != 0) {
		fprintf(stderr, "test_passwd: needs root (each situation runs as uid %lu)\n", AUID);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writable),
		cmocka_unit_test(found),
		cmocka_unit_test(read_only_nothing),
		cmocka_unit_test(read_only_nss_wrapper),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(gid_5000_writable),
		cmocka_unit_test(group_name_taken),
		cmocka_unit_test(extrausers),
		cmocka_unit_test(takeover),
		cmocka_unit_test(not_taken_over),
		cmocka_unit_test(user_shell),
		cmocka_unit_test(home_created),
		cmocka_unit_test(home_fallbacks),
		cmocka_unit_test(image_env_paths),
		cmocka_unit_test(image_env_paths_found),
		cmocka_unit_test(preload_too_long),
		cmocka_unit_test(copy_bounded),
		cmocka_unit_test(entry_rules),
		cmocka_unit_test(not_a_file),
		cmocka_unit_test(lock_bounded),
		cmocka_unit_test(look_under_lock),
		cmocka_unit_test(concurrent_one_line),
		cmocka_unit_test(two_uids_one_name),
		cmocka_unit_test(big_files),
		cmocka_unit_test(efbig),
		cmocka_unit_test(small_stack),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
