/*
 * uidinit: a tiny init for containers that run under an arbitrary UID.
 *
 * It gives the UID a passwd entry, then either execs the command (not PID 1)
 * or stays as PID 1: forwards signals, reaps zombies, and exits with the
 * command's status.  The contract is man/uidinit.1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "passwd.h"

#ifndef VERSION
#define VERSION "0.1.0"
#endif
#ifndef GIT_COMMIT
#define GIT_COMMIT "unknown"
#endif
/* tini's form: `docker info` runs its init with --version and keeps Y of
 * "X - git.Y" (moby's parseInitVersion); any other form is logged as an
 * "unknown output format" warning and shows no init version. */
#define VERSION_LINE "uidinit version " VERSION " - git." GIT_COMMIT "\n"

enum {
	EXIT_USAGE = 125,	/* as env(1), timeout(1), docker run */
	EXIT_CANNOT_RUN = 126,
	EXIT_NOT_FOUND = 127,
};

struct config {
	char **argv;		/* the command */
	int supervise;		/* stay as parent; else exec the command */
	int exec_only;		/* -x */
	int pgroup;		/* -g */
	int no_account;		/* -n */
	int warn_reap;		/* -w */
	int verbose;		/* -v */
	int pdeathsig;		/* -p, 0: none */
	pid_t parent;		/* uidinit's parent at start, for -p */
	long grace;		/* -t, seconds; -1: none */
	unsigned char remap[NSIG];	/* -r: signal to send for each one received */
	unsigned char zero_code[32];	/* -e: bit per exit code reported as 0 */
	int subreaper;		/* -s */
	int allow_setuid;	/* UIDINIT_ALLOW_SETUID=1 */
	unsigned long uid, gid;	/* the real ids, as drop_setuid() left them */
	int given;		/* which of -s -g -t -e -r came as options */
	int job_control;	/* supervising outside PID 1: stop with the child */
	int help, version;
	char *env[8];		/* NAME=value the account fix adds, NULL-ended */
	char **envp;		/* the command's environment */
	char *small_env[128];	/* its pointers, for an environment that fits */
};

enum { GIVEN_S = 1, GIVEN_G = 2, GIVEN_T = 4, GIVEN_E = 8, GIVEN_R = 16 };

/* The kernel's own struct sigaction (handler, flags, restorer, mask on
 * each published architecture), for rt_sigaction(2) without musl's
 * sigaction(): its locking and restorer cost 0.9-1.5 KiB, and uidinit
 * installs no handler.  It only sets SIGCHLD to SIG_DFL (all zeros) and
 * hands back what it was given, which exec made SIG_DFL or SIG_IGN with
 * no flags; the kernel's own bytes go back unread. */
struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned mask[2];
};

/* What uidinit changed and the command must get back. */
struct saved {
	sigset_t mask;
	struct kernel_sigaction chld;
};

/* ---- messages: no stdio, which would double the static binary ---- */

/* s into buf.  In a message (escape), a line break in a value would forge
 * a second "uidinit:" line and an ESC would reach the terminal raw: each
 * control byte becomes \xHH, whole or not at all; the rest goes as it is
 * (UTF-8 included). */
static void put_str(char *buf, size_t size, size_t *n, const char *s, int escape)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (escape && (ch < 0x20 || ch == 0x7f)) {
			if (*n + 4 >= size)
				break;
			buf[(*n)++] = '\\';
			buf[(*n)++] = 'x';
			buf[(*n)++] = "0123456789abcdef"[ch >> 4];
			buf[(*n)++] = "0123456789abcdef"[ch & 15];
		} else {
			if (*n + 1 >= size)
				break;
			buf[(*n)++] = (char)ch;
		}
	}
}

/* v in decimal, at the end of d. */
static const char *number(char d[24], unsigned long v, int neg)
{
	char *p = d + 23;

	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	if (neg)
		*--p = '-';
	return p;
}

/* snprintf for the four conversions uidinit uses: %s %d %u %lu (and %%).
 * For a message (escape), each %s has its control bytes escaped.  Every
 * piece goes through the one put_str() call: one copy of it, not five
 * (150-300 bytes). */
__attribute__((format(printf, 3, 0)))
static size_t vformat(char *buf, size_t size, const char *f, va_list ap, int escape)
{
	size_t n = 0;
	char c[2] = { 0, 0 }, d[24];

	for (; *f; f++) {
		const char *s = c;
		int esc = 0;

		c[0] = *f;
		if (*f == '%') {
			switch (*++f) {
			case 's':
				s = va_arg(ap, const char *);
				esc = escape;
				break;
			case 'd': {
				int v = va_arg(ap, int);
				s = number(d, v < 0 ? -(unsigned long)v : (unsigned long)v, v < 0);
				break;
			}
			case 'u':
				s = number(d, va_arg(ap, unsigned), 0);
				break;
			case 'l':
				f++;	/* %lu */
				s = number(d, va_arg(ap, unsigned long), 0);
				break;
			default:
				break;	/* c is "%" */
			}
		}
		put_str(buf, size, &n, s, esc);
	}
	buf[n] = 0;
	return n;
}

__attribute__((format(printf, 3, 4)))
static size_t format(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = vformat(buf, size, f, ap, 0);
	va_end(ap);
	return n;
}

/* "uidinit: MESSAGE\n" on stderr in one write(), so that it cannot be
 * interleaved with the command's output; errno survives. */
__attribute__((format(printf, 1, 2)))
static void warn(const char *f, ...)
{
	char buf[1024] = "uidinit: ";
	int saved = errno;
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = 9 + vformat(buf + 9, sizeof buf - 10, f, ap, 1);
	va_end(ap);
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, n) < 0) {
		/* nowhere left to say it */
	}
	errno = saved;
}

#define verbose(c, ...) do { if ((c)->verbose) warn(__VA_ARGS__); } while (0)

/* "uidinit: what: strerror(errno)", the common form: one call site
 * each instead of errno and strerror() at each (16-40 bytes a site). */
static void warn_errno(const char *what)
{
	warn("%s: %s", what, strerror(errno));
}

__attribute__((noreturn))
static void die(int code, const char *what)
{
	warn_errno(what);
	_exit(code);
}

/* prctl(2) with one argument, the rest 0 (as PR_SET_NO_NEW_PRIVS
 * requires): the system call, as musl's prctl() is a varargs wrapper of
 * its own around it, 90-150 bytes. */
static int process_ctl(int op, unsigned long arg)
{
	return (int)syscall(SYS_prctl, op, arg, 0UL, 0UL, 0UL);
}

/* open() as the system call: musl's adds a cancellation point and, for
 * kernels before 2.6.23, an fcntl() for O_CLOEXEC, 200-216 bytes.
 * O_LARGEFILE as musl passes it (32-bit arm; 64-bit kernels force it). */
static int open_at(const char *path, int flags, unsigned mode)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_LARGEFILE, mode);
}

/* ---- signals ---- */

/* The names by number, 1 to 31, then the aliases (found by name only,
 * their numbers in signal_alias), each ending in a NUL, the list in an
 * empty name: 110 bytes less than a table of name and number pairs.
 * The numbers are the generic Linux ones, which every published
 * architecture uses (MIPS, SPARC, Alpha and PA-RISC do not). */
_Static_assert(SIGHUP == 1 && SIGABRT == 6 && SIGBUS == 7 && SIGUSR1 == 10 &&
	       SIGSTKFLT == 16 && SIGCHLD == 17 && SIGCONT == 18 && SIGURG == 23 &&
	       SIGIO == 29 && SIGPWR == 30 && SIGSYS == 31,
	       "signal_names: not the generic Linux signal numbers");
static const char signal_names[] =
	"HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0PIPE\0"
	"ALRM\0TERM\0STKFLT\0CHLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0XCPU\0XFSZ\0"
	"VTALRM\0PROF\0WINCH\0IO\0PWR\0SYS\0"
	"IOT\0CLD\0POLL\0";
static const unsigned char signal_alias[] = { SIGIOT, SIGCHLD, SIGPOLL };

/* A decimal number in [0, max], digits only: no sign, no blanks, no
 * overflow (strtoul accepts all three).  -1 if s is not one. */
static long parse_number(const char *s, long max)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		long d = *s - '0';

		if (d < 0 || d > 9 || d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	return v;
}

/* The real-time signals as glibc, bash's kill -l, kill(1) and docker kill
 * -s number them.  musl's SIGRTMIN is 35 (it keeps one more for itself),
 * so a musl build using the macro would read RTMIN as 35 and -r RTMIN:0
 * would drop the wrong signal: the kernel's numbers, fixed. */
enum { RT_MIN = 34, RT_MAX = 64, RT_MID = (RT_MIN + RT_MAX) / 2 };

/* "TERM", "SIGTERM", "sigterm", "15", "RTMIN+3": the signal number, or -1. */
static int parse_signal(const char *name)
{
	char up[16], *s = up;
	const char *p;
	size_t i;
	long n;

	for (i = 0; i < sizeof up - 1 && name[i]; i++)
		up[i] = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 'a' + 'A') : name[i];
	if (name[i])
		return -1;
	up[i] = 0;
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	if ((n = parse_number(s, NSIG - 1)) > 0)
		return (int)n;
	for (i = 1, p = signal_names; *p; i++, p += strlen(p) + 1)
		if (strcmp(s, p) == 0)
			return i < 32 ? (int)i : signal_alias[i - 32];
	if (strncmp(s, "RTMIN", 5) == 0 || strncmp(s, "RTMAX", 5) == 0) {
		int max = s[4] == 'X';
		long off = 0;

		if (s[5] && (s[5] != (max ? '-' : '+') ||
		    (off = parse_number(s + 6, RT_MAX - RT_MIN)) < 0))
			return -1;
		return (int)(max ? RT_MAX - off : RT_MIN + off);
	}
	return -1;
}

/* For messages: "TERM", "RTMIN+2", "RTMAX-3" (bash's kill -l: RTMIN+n up
 * to 49, RTMAX-n from 50), or the number (32, 33). */
static const char *signal_name(int sig, char buf[16])
{
	const char *p = signal_names;
	int i;

	if (sig >= 1 && sig <= 31) {
		for (i = 1; i < sig; i++)
			p += strlen(p) + 1;
		return p;
	}
	if (sig == RT_MIN || sig == RT_MAX)
		return sig == RT_MIN ? "RTMIN" : "RTMAX";
	if (sig > RT_MIN && sig <= RT_MID)
		format(buf, 16, "RTMIN+%d", sig - RT_MIN);
	else if (sig > RT_MID && sig < RT_MAX)
		format(buf, 16, "RTMAX-%d", RT_MAX - sig);
	else
		format(buf, 16, "%d", sig);
	return buf;
}

/* Signals the kernel raises for a fault in uidinit itself.  They are never
 * blocked: blocked, a real fault is undefined behaviour (POSIX) instead of
 * a visible crash.  So they are not forwarded either. */
static int is_fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
	       sig == SIGILL || sig == SIGABRT || sig == SIGTRAP ||
	       sig == SIGSYS;
}

/* The signals uidinit passes on to the command: all a process can catch
 * but SIGCHLD.  That includes 32-34, which libc keeps for its threads
 * (glibc 32-33, musl 32-34) and uidinit, with none, does not need: glibc
 * programs know 34 as SIGRTMIN. */
static int is_forwarded(int sig)
{
	return sig > 0 && sig < NSIG && sig != SIGKILL && sig != SIGSTOP &&
	       sig != SIGCHLD && !is_fault_signal(sig);
}

/* Both libcs' sigaddset() refuse 32-34, and musl's sigprocmask() clears
 * them from the old mask it returns, so these sets go to the kernel as
 * they are: its sigset is the first NSIG/8 bytes, bit sig-1 of each word. */
static void add_signal(sigset_t *set, int sig)
{
	unsigned long *word = (unsigned long *)(void *)set;
	unsigned bits = 8 * sizeof *word;

	word[(unsigned)(sig - 1) / bits] |= 1UL << (unsigned)(sig - 1) % bits;
}

/* And the test, for the same reason; musl's sigismember() and
 * sigaddset() are 130 bytes that these two lines replace. */
static int has_signal(const sigset_t *set, int sig)
{
	const unsigned long *word = (const unsigned long *)(const void *)set;
	unsigned bits = 8 * sizeof *word;

	return word[(unsigned)(sig - 1) / bits] >> (unsigned)(sig - 1) % bits & 1;
}

static void set_mask(int how, const sigset_t *set, sigset_t *old)
{
	syscall(SYS_rt_sigprocmask, how, set, old, NSIG / 8);
}

/* Everything uidinit waits for: the forwarded signals and SIGCHLD. */
static void wait_set(sigset_t *set)
{
	int sig;

	sigemptyset(set);
	for (sig = 1; sig < NSIG; sig++)
		if (is_forwarded(sig) || sig == SIGCHLD)
			add_signal(set, sig);
}

/* First thing: block what uidinit will wait for, so that a SIGTERM sent
 * during start-up waits in the queue instead of being lost or killing us. */
static void block_signals(struct saved *orig)
{
	sigset_t set;

	wait_set(&set);
	sigemptyset(&orig->mask);
	set_mask(SIG_BLOCK, &set, &orig->mask);
}

/* A signal that uidinit raised on itself (SIGPIPE from a write to a closed
 * stderr, SIGXFSZ past RLIMIT_FSIZE): not the command's business. */
static int raised_by_self(const siginfo_t *si, pid_t self)
{
	return si->si_code == SI_USER && si->si_pid == self;
}

/* Before the exec hand-off unblocks signals: drop the ones uidinit raised
 * on itself, which would kill it before the command starts; put back the
 * ones someone sent, which belong to the command. */
static void discard_own_signals(void)
{
	static const struct timespec zero;
	sigset_t own, keep;
	siginfo_t si;
	int sig;

	sigemptyset(&own);
	add_signal(&own, SIGPIPE);
	add_signal(&own, SIGXFSZ);
	sigemptyset(&keep);
	while ((sig = sigtimedwait(&own, &si, &zero)) > 0)
		if (!raised_by_self(&si, getpid()))
			add_signal(&keep, sig);
	for (sig = 1; sig < NSIG; sig++)
		if (has_signal(&keep, sig))
			kill(getpid(), sig);
}

/* ---- configuration ---- */

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *f, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, f);
	vformat(buf, sizeof buf, f, ap, 1);
	va_end(ap);
	warn("%s (try 'uidinit --help')", buf);
	return -1;
}

static const char usage[] =
"Usage: uidinit [OPTION]... [--] COMMAND [ARG]...\n"
"Give an arbitrary UID a passwd entry, then run COMMAND as PID 1 would:\n"
"forward signals, reap zombies, exit with COMMAND's status.\n"
"\n"
"  -s            register as child subreaper; supervise even when not PID 1\n"
"  -g            forward signals to the child's process group\n"
"  -p SIG        parent-death signal of uidinit\n"
"  -e CODE       report exit code CODE of the child as 0 (repeatable)\n"
"  -r FROM:TO    forward signal FROM as TO, TO=0 drops it (repeatable)\n"
"  -t SECONDS    when the child exits, SIGTERM the rest, SIGKILL after SECONDS\n"
"  -x            fix the account, then exec COMMAND, even as PID 1\n"
"  -n            no account fix\n"
"  -w            warn when reaping a process that is not the child\n"
"  -v            say what happens, on stderr\n"
"  -h, --help    show this help\n"
"  -V, --version show the version\n"
"\n"
"Exit status: COMMAND's, 128+N if killed by signal N, 125 usage error,\n"
"126 COMMAND cannot run, 127 COMMAND not found.  See uidinit(1).\n";

/* "1" on, "0" or "" off, unset: leave *flag alone. */
static int env_flag(const char *name, int *flag)
{
	const char *v = getenv(name);

	if (!v)
		return 0;
	if (!*v || ((*v == '1' || *v == '0') && !v[1])) {
		*flag |= v[0] == '1';
		return 0;
	}
	return usage_error("%s: must be 1 or 0, not '%s'", name, v);
}

/* -t and UIDINIT_GRACE, one message for both. */
static int set_grace(struct config *c, const char *what, const char *v)
{
	if ((c->grace = parse_number(v, 86400)) < 0)
		return usage_error("%s: not a number of seconds (0-86400): '%s'", what, v);
	return 0;
}

/* Environment first: options, read after, win. */
static int read_environment(struct config *c)
{
	const char *v;
	long n;

	if (env_flag("UIDINIT_SUBREAPER", &c->subreaper) < 0 ||
	    env_flag("UIDINIT_KILL_PROCESS_GROUP", &c->pgroup) < 0 ||
	    env_flag("UIDINIT_VERBOSE", &c->verbose) < 0 ||
	    env_flag("UIDINIT_ALLOW_SETUID", &c->allow_setuid) < 0)
		return -1;
	/* tini's variables mean "on" whenever they are set, whatever the value. */
	if (getenv("TINI_SUBREAPER"))
		c->subreaper = 1;
	if (getenv("TINI_KILL_PROCESS_GROUP"))
		c->pgroup = 1;
	/* tini reads it with atoi(): empty is 0, and no number is too big. */
	if ((v = getenv("TINI_VERBOSITY")) && *v) {
		const char *d = v;

		while (*d >= '0' && *d <= '9')	/* strspn() costs 240 bytes */
			d++;
		if (*d)
			return usage_error("TINI_VERBOSITY: not a number: '%s'", v);
		n = parse_number(v, 1000);
		c->verbose |= n < 0 || n >= 2;
	}
	if ((v = getenv("UIDINIT_GRACE")) && *v)
		return set_grace(c, "UIDINIT_GRACE", v);
	return 0;
}

static int take_argument(struct config *c, int opt, const char *arg)
{
	long n;

	switch (opt) {
	case 'p':
		if ((c->pdeathsig = parse_signal(arg)) < 0)
			return usage_error("-p: unknown signal '%s'", arg);
		return 0;
	case 'e':
		if ((n = parse_number(arg, 255)) < 0)
			return usage_error("-e: not an exit code (0-255): '%s'", arg);
		c->zero_code[n / 8] |= (unsigned char)(1u << n % 8);
		c->given |= GIVEN_E;
		return 0;
	case 't':
		c->given |= GIVEN_T;
		return set_grace(c, "-t", arg);
	default: { /* 'r' */
		char from_name[32] = "";
		const char *colon = strchr(arg, ':');
		int from = -1, to = -1;

		if (colon && (size_t)(colon - arg) < sizeof from_name) {
			memcpy(from_name, arg, (size_t)(colon - arg));
			from = parse_signal(from_name);
			to = strcmp(colon + 1, "0") == 0 ? 0 : parse_signal(colon + 1);
		}
		if (from < 0 || to < 0)
			return usage_error("-r: expected FROM:TO signals, got '%s'", arg);
		if (!is_forwarded(from))
			return usage_error("-r: %s is never forwarded", from_name);
		c->remap[from] = (unsigned char)to;
		c->given |= GIVEN_R;
		return 0;
	}
	}
}

/* getopt("+sgp:e:r:t:xnwvhV") and --help, --version: stop at the first
 * non-option, so that the command's own options pass through untouched.
 * Written out because musl's getopt prints through stdio. */
static int parse_options(struct config *c, int argc, char **argv)
{
	/* The options without an argument, and the field each sets: a
	 * table, 60-100 bytes less than a case for each. */
#define AT(f) offsetof(struct config, f)
	static const char flags[] = "sgxnwvhV";
	static const unsigned char flag_at[] = {
		AT(subreaper), AT(pgroup), AT(exec_only), AT(no_account), AT(warn_reap),
		AT(verbose), AT(help), AT(version),
	};
#undef AT
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *p;

		if (a[0] != '-' || !a[1])
			break;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "--version") == 0) {
			c->help = a[2] == 'h';
			c->version = a[2] == 'v';
			return 0;
		}
		if (a[1] == '-')
			return usage_error("unknown option '%s'", a);
		for (p = a + 1; *p; p++) {
			const char *flag = strchr(flags, *p);

			if (flag) {	/* *p is not the NUL strchr() would find */
				size_t k = (size_t)(flag - flags);

				*(int *)(void *)((char *)c + flag_at[k]) = 1;
				c->given |= k == 0 ? GIVEN_S : k == 1 ? GIVEN_G : 0;
				if (k >= 6)	/* -h, -V */
					return 0;
				continue;
			}
			switch (*p) {
			case 'p': case 'e': case 'r': case 't': {
				const char *arg = p[1] ? p + 1 : argv[++i];

				if (!arg)
					return usage_error("option -%s needs an argument", (char[]){ *p, 0 });
				if (take_argument(c, *p, arg) < 0)
					return -1;
				break;
			}
			default:
				return usage_error("unknown option -%s", (char[]){ *p, 0 });
			}
			break;
		}
	}
	c->argv = argv + i;
	return 0;
}

/* A launcher that made itself a child subreaper and then exec'd uidinit
 * passed the attribute on (it survives execve): every orphan below comes
 * to this process.  The exec hand-off would give that duty to a command
 * that never reaps (zombies for ever) and let signals meant for the init
 * reach it raw; tini asks the same question and supervises.  Asked only
 * when nothing else decided: one system call more on the hand-off path. */
static int inherited_subreaper(void)
{
	int on = 0;

	return process_ctl(PR_GET_CHILD_SUBREAPER, (unsigned long)&on) == 0 && on;
}

/* Options and environment into *c; the mode follows from them. */
static int parse_config(struct config *c, int argc, char **argv)
{
	int sig;

	memset(c, 0, sizeof *c);
	/* argc 0 (execve with an empty argv, allowed before Linux 5.18): argv[1]
	 * would be the first environment string, run as the command
	 * (CVE-2021-4034, pkexec). */
	if (argc < 1 || !argv[0])
		return usage_error("no arguments at all, not even a program name");
	c->grace = -1;
	for (sig = 0; sig < NSIG; sig++)
		c->remap[sig] = (unsigned char)sig;
	if (read_environment(c) < 0 || parse_options(c, argc, argv) < 0)
		return -1;
	/* Only -p needs it: a system call less at every start without. */
	if (c->pdeathsig)
		c->parent = getppid();
	if (c->help || c->version)
		return 0;
	if (!c->argv[0])
		return usage_error("no command given");
	if (c->exec_only) {
		if (c->given & (GIVEN_G | GIVEN_T | GIVEN_E | GIVEN_R | GIVEN_S))
			return usage_error("-x execs the command: -s, -g, -t, -e and -r need uidinit to stay");
		/* The option wins over UIDINIT_GRACE, TINI_SUBREAPER and the like. */
		c->subreaper = c->pgroup = 0;
		c->grace = -1;
		if (getpid() != 1 && inherited_subreaper())
			warn("started as a child subreaper: with -x, %s inherits the orphans"
			     " and must reap them", c->argv[0]);
		return 0;
	}
	/* Each of these means something only while uidinit stays around. */
	c->subreaper |= c->pgroup || c->grace >= 0 || (c->given & (GIVEN_E | GIVEN_R));
	c->supervise = c->subreaper || getpid() == 1;
	if (!c->supervise && (c->supervise = inherited_subreaper()))
		verbose(c, "started as a child subreaper: supervising");
	/* The kernel never stops PID 1 (SIGNAL_UNKILLABLE), and no shell
	 * waits on it: there, a stopped child stays a matter for whoever
	 * stopped it. */
	c->job_control = c->supervise && getpid() != 1;
	return 0;
}

/* ---- account fix ---- */

/* passwd.c's request from our ids and environment (NULL: unset). */
static void gather_request(const struct config *c, struct account_request *q,
			   unsigned long *groups)
{
	/* Each variable, in order, and the field it fills: a table and one
	 * loop instead of twelve getenv() calls (50-130 bytes less). */
#define AT(f) offsetof(struct account_request, f)
	static const char names[] = "USER_NAME\0USER\0LOGNAME\0HOME\0TMPDIR\0USER_SHELL\0"
		"LD_PRELOAD\0UIDINIT_NSS_WRAPPER\0NSS_WRAPPER_PASSWD\0NSS_WRAPPER_GROUP\0"
		"UIDINIT_PASSWD_FILE\0UIDINIT_GROUP_FILE";
	static const unsigned char field[] = {
		AT(user_name), AT(user), AT(logname), AT(home), AT(tmpdir), AT(user_shell),
		AT(ld_preload), AT(nss_wrapper), AT(nss_wrapper_passwd), AT(nss_wrapper_group),
		AT(passwd), AT(group),
	};
#undef AT
	gid_t g[ACCT_GROUPS_MAX];
	int i, n = getgroups(ACCT_GROUPS_MAX, g);
	const char *name;

	memset(q, 0, sizeof *q);
	q->uid = c->uid;
	q->gid = c->gid;
	for (i = 0; i < n; i++)
		groups[i] = g[i];
	q->groups = groups;
	q->ngroups = n > 0 ? (size_t)n : 0;
	if (n < 0)
		warn("more than %d supplementary groups: none gets a group line", ACCT_GROUPS_MAX);
	for (i = 0, name = names; i < (int)sizeof field; i++, name += strlen(name) + 1)
		*(const char **)(void *)((char *)q + field[i]) = getenv(name);
	q->allow_setuid = c->allow_setuid;
}

/* Make sure the UID has a name (man page, ACCOUNT FIX): passwd.c does
 * it all; here its warnings are printed, no_new_privs applied, and the
 * variables kept for the command.  Never fatal: the command runs. */
static void fix_account(struct config *c)
{
	static struct account_result r;
	static unsigned long groups[ACCT_GROUPS_MAX];
	struct account_request q;
	size_t i;

	gather_request(c, &q, groups);
	account_fix(&q, &r);
	for (i = 0; i < r.nwarn; i++)
		warn("%s", r.warn[i]);
	for (i = 0; i < r.ninfo; i++)
		verbose(c, "%s", r.info[i]);
	if (r.no_new_privs && process_ctl(PR_SET_NO_NEW_PRIVS, 1) < 0)
		warn_errno("no_new_privs");
	for (i = 0; r.env[i] && i + 1 < sizeof c->env / sizeof c->env[0]; i++)
		c->env[i] = r.env[i];
	c->env[i] = NULL;
}

/* A set-uid or set-gid uidinit must be no way to write /etc/passwd, and
 * no way to run any command with the owner's ids either, -n or not: the
 * command gets the caller's real ids.  Before the fork, so failing is
 * fatal. */
static void drop_setuid(struct config *c)
{
	gid_t gid = getgid();
	uid_t uid = getuid();

	c->uid = uid;
	c->gid = gid;
	if (uid == geteuid() && gid == getegid())
		return;
	warn("set-uid or set-gid: account files left alone, running as uid %u gid %u",
	     (unsigned)uid, (unsigned)gid);
	c->no_account = 1;
	/* The system calls: musl's wrappers sync every thread's ids through
	 * signal 34 and 2.5 KB of code; uidinit has one thread. */
	if (syscall(SYS_setresgid, gid, gid, gid) < 0 ||
	    syscall(SYS_setresuid, uid, uid, uid) < 0)
		die(EXIT_USAGE, "dropping set-uid");
}

/* ---- the command ---- */

/* Does kv ("NAME=...") set a name that one of add sets too? */
static int env_overridden(char *const *add, const char *kv)
{
	for (; *add; add++) {
		size_t len = (size_t)(strchr(*add, '=') - *add);

		if (strncmp(kv, *add, len) == 0 && kv[len] == '=')
			return 1;
	}
	return 0;
}

/* A block for n pointers, off the stack: an environment or an argument
 * list can hold 10,000 entries or more, and uidinit must run with
 * RLIMIT_STACK at 32 KiB (a VLA of them crashed it there).  From brk:
 * musl's mmap() wrapper costs 190 bytes of the 32 KiB budget, and nothing
 * in uidinit allocates after this (the account fix, the only user of
 * malloc if any, is over; musl's malloc checks what brk gives anyway). */
static char **pointer_block(size_t n)
{
	unsigned long start = ((unsigned long)syscall(SYS_brk, 0) + 15) & ~15UL;
	unsigned long end = start + n * sizeof(char *);

	return start > 15 && (unsigned long)syscall(SYS_brk, end) >= end ? (char **)start : NULL;
}

/* The command's environment: ours, each NAME=value of c->env replacing
 * the entry of that name, or added.  Built before the fork, so that the
 * child only makes system calls. */
static void build_environment(struct config *c)
{
	size_t n = 0, k = 0, i, add = 0;
	char **envp;

	c->envp = environ;
	while (c->env[add])
		add++;
	if (!add)
		return;
	while (environ[n])
		n++;
	envp = n + add < sizeof c->small_env / sizeof c->small_env[0] ? c->small_env :
	       pointer_block(n + add + 1);
	if (!envp) {
		warn_errno("environment");
		return;
	}
	for (i = 0; i < n; i++)
		if (!env_overridden(c->env, environ[i]))
			envp[k++] = environ[i];
	for (i = 0; i < add; i++)
		envp[k++] = c->env[i];
	envp[k] = NULL;
	c->envp = envp;
}

/* execve, and for a file without "#!" (ENOEXEC) /bin/sh FILE ARG..., as
 * execvp, env(1) and the shell do: musl's execvpe does not, and answered
 * 126 "Exec format error" for a script that the glibc build ran.  Returns
 * on failure with errno; ENOEXEC still when /bin/sh cannot run it either. */
static void try_exec(const char *file, char *const argv[], char *const envp[])
{
	size_t n = 0;
	char **sh;

	execve(file, argv, envp);
	if (errno != ENOEXEC)
		return;
	while (argv[n])
		n++;
	/* In the vfork child this maps into uidinit's memory, and is left
	 * there: a page or so, only for such a file, and never touched. */
	if (!(sh = pointer_block(n + 2))) {
		errno = ENOEXEC;
		return;
	}
	sh[0] = "/bin/sh";
	sh[1] = (char *)file;
	memcpy(sh + 2, argv + 1, n * sizeof *sh);	/* argv[1..n-1], NULL */
	execve(sh[0], sh, envp);
	errno = ENOEXEC;
}

/* The file is not there: ENOENT, ENOTDIR, ENAMETOOLONG, and what glibc
 * also counts so, ESTALE, ENODEV, ETIMEDOUT (a dead mount in PATH). */
static int is_missing(int err)
{
	return err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG ||
	       err == ESTALE || err == ENODEV || err == ETIMEDOUT;
}

/* It is there but cannot run; a later PATH element may hold one that can. */
static int is_unrunnable(int err)
{
	return err == EACCES || err == ELOOP || err == ENOEXEC;
}

/* POSIX execvp, the same whatever the libc: a name with '/' is run as it
 * is; else each PATH element in turn, an empty one meaning the current
 * directory.  Returns the errno to report: the first "there but cannot
 * run" error when nothing later could run, else ENOENT. */
static int search_and_exec(const char *file, char *const argv[], char *const envp[])
{
	/* On the stack: 4 KiB of .bss would cost a page of padding in the
	 * file on aarch64 (ld's DATA_SEGMENT_ALIGN), and this stack is
	 * uidinit's, which the vfork child borrows only until execve. */
	char buf[4096];
	const char *path = getenv("PATH"), *p, *end;
	size_t flen = strlen(file), len;
	int cannot_run = 0;

	if (!*file)
		return ENOENT;
	if (strchr(file, '/')) {
		try_exec(file, argv, envp);
		return errno;
	}
	if (flen > 255)
		return ENAMETOOLONG;
	/* Unset: glibc's default (getconf PATH), which env(1) on Debian
	 * uses; musl's would add /usr/local/bin. */
	for (p = path ? path : "/bin:/usr/bin"; ; p = end + 1) {
		int err = ENAMETOOLONG;	/* errno read once: each read is a call */

		for (end = p; *end && *end != ':'; end++)
			;
		len = (size_t)(end - p);
		if (len + flen + 2 <= sizeof buf) {
			memcpy(buf, p, len);
			buf[len] = '/';
			memcpy(buf + len + (len > 0), file, flen + 1);
			try_exec(buf, argv, envp);
			err = errno;
		}
		if (is_unrunnable(err)) {
			if (!cannot_run)
				cannot_run = err;
		} else if (!is_missing(err)) {
			return err;	/* E2BIG, ENOMEM, ETXTBSY: no use going on */
		}
		if (!*end)
			return cannot_run ? cannot_run : ENOENT;
	}
}

/* The command, or die as env(1) does: 127 not found, 126 found but it
 * cannot be run. */
__attribute__((noreturn))
static void exec_command(const struct config *c)
{
	int err = search_and_exec(c->argv[0], c->argv, c->envp);

	errno = err;
	die(err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN, c->argv[0]);
}

/* -p.  A parent that died before the prctl() would never send the signal,
 * so uidinit sends it itself; blocked, it waits for the wait loop (or, in
 * the exec hand-off, hits us as it would have hit the command).  Queued
 * as SI_QUEUE, so that raised_by_self() lets it through: the system call,
 * as musl's sigqueue() adds 200 bytes of signal blocking uidinit does not
 * need (every signal that matters is blocked already). */
static void set_parent_death_signal(const struct config *c)
{
	siginfo_t si;

	if (!c->pdeathsig)
		return;
	if (process_ctl(PR_SET_PDEATHSIG, (unsigned long)c->pdeathsig) < 0) {
		warn_errno("-p");
	} else if (getppid() != c->parent) {
		memset(&si, 0, sizeof si);
		si.si_signo = c->pdeathsig;
		si.si_code = SI_QUEUE;
		si.si_pid = getpid();
		si.si_uid = getuid();
		syscall(SYS_rt_sigqueueinfo, si.si_pid, c->pdeathsig, &si);
	}
}

/* Not PID 1 and no -s: uidinit steps aside, and the command gets its PID. */
__attribute__((noreturn))
static void hand_off(const struct config *c, const struct saved *orig)
{
	set_parent_death_signal(c);
	discard_own_signals();
	set_mask(SIG_SETMASK, &orig->mask, NULL);
	exec_command(c);
}

/* The terminal's foreground process group: tcgetpgrp() and tcsetpgrp()
 * by their ioctls, as the system calls themselves, and no isatty() (a
 * descriptor that is no terminal, or not ours, fails TIOCGPGRP the same
 * way): musl's four wrappers, with ioctl()'s argument conversion, cost
 * 350 bytes on x86-64. */
static int set_foreground(pid_t group)
{
	return (int)syscall(SYS_ioctl, STDIN_FILENO, TIOCSPGRP, &group);
}

/* Does uidinit's process group have the terminal? */
static int in_foreground(void)
{
	pid_t group;

	return syscall(SYS_ioctl, STDIN_FILENO, TIOCGPGRP, &group) == 0 &&
	       group == getpgrp();
}

/* In the child: its own process group, the terminal if uidinit had it,
 * uidinit's changes undone, then the command. */
__attribute__((noreturn))
static void run_child(const struct config *c, const struct saved *orig, int take_tty)
{
	setpgid(0, 0);
	/* SIGTTOU is still blocked here: the kernel lets a background group
	 * take the terminal only while SIGTTOU is blocked or ignored. */
	if (take_tty && set_foreground(getpgrp()) < 0)
		warn_errno("tcsetpgrp");
	syscall(SYS_rt_sigaction, SIGCHLD, &orig->chld, NULL, NSIG / 8);
	set_mask(SIG_SETMASK, &orig->mask, NULL);
	exec_command(c);
}

/* A SIGCHLD left at SIG_IGN (inherited through exec) makes the kernel reap
 * children itself, and the command's status would be lost. */
static pid_t spawn(const struct config *c, struct saved *orig)
{
	static const struct kernel_sigaction dfl;	/* SIG_DFL */
	/* Only a uidinit in the terminal's foreground passes it on: a
	 * background "uidinit -s cmd &" must not steal it from the shell. */
	int take_tty = in_foreground();
	pid_t pid;

	set_parent_death_signal(c);
	if (getpid() != 1 && process_ctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		warn_errno("cannot become a subreaper, orphans will not be reaped");
	/* The disposition uidinit was given, for the child, in the same call:
	 * nothing before here changes it, and the hand-off needs neither. */
	syscall(SYS_rt_sigaction, SIGCHLD, &dfl, &orig->chld, NSIG / 8);
	/* vfork: we resume only once the child has exec'd or died, so its
	 * process group exists before any -g signal goes to it (the race tini
	 * closes with setpgid on both sides), and no page tables are copied.
	 * Before execve the child makes only system calls, as posix_spawn's
	 * child does, and it never returns. */
	if ((pid = vfork()) < 0)
		die(EXIT_USAGE, "fork");
	if (pid == 0)
		run_child(c, orig, take_tty);
	verbose(c, "started %s as PID %d", c->argv[0], pid);
	return pid;
}

/* Supervising, uidinit would keep the directory it was started in busy
 * for as long as it lives: a volume that is the WORKDIR could not be
 * unmounted ("target is busy").  The child, started, keeps its own. */
static void release_directory(void)
{
	if (chdir("/") < 0)
		warn_errno("chdir /");
}

enum { REAPED_CHILD = 1, NONE_LEFT = 2, CHILD_STOPPED = 4 };

/* Every zombie there is now: the main child, and the orphans the kernel
 * gave us.  REAPED_CHILD (with *status) once the main child is among
 * them, NONE_LEFT once there are no children at all; with job control,
 * CHILD_STOPPED (with *status) when the main child has stopped. */
static int reap_children(const struct config *c, pid_t child, int *status)
{
	int st, r = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG | (c->job_control ? WUNTRACED : 0))) > 0) {
		if (WIFSTOPPED(st)) {
			if (pid == child) {
				*status = st;
				r |= CHILD_STOPPED;
			}
		} else if (pid == child) {
			*status = st;
			r |= REAPED_CHILD;
			verbose(c, "child %d ended, status %d", pid, st);
		} else if (c->warn_reap) {
			warn("reaped zombie %d", pid);
		}
	}
	if (pid < 0 && errno == ECHILD)
		r |= NONE_LEFT;
	return r;
}

/* kill(), and a warning unless the child is gone (ESRCH: its SIGCHLD is
 * on its way).  kill()'s result. */
static int send_signal(pid_t pid, int sig)
{
	int r = kill(pid, sig);

	if (r < 0 && errno != ESRCH)
		warn("kill %d: %s", pid, strerror(errno));
	return r;
}

/* Job control outside PID 1.  The child stopped on a terminal stop signal
 * (Ctrl-Z, or the terminal read or written from the background): stop
 * too, so that the shell that started uidinit sees its job stopped and
 * gets its prompt back, as it would have with the command exec'd.  The
 * same signal, let through with its default action: in an orphaned
 * process group the kernel then discards it, as it would for the command.
 * Continued (fg, bg: the shell's SIGCONT, pending since it is blocked),
 * give the terminal back to the child's group if the shell gave it to
 * ours, and continue the child.  Not continued (discarded): the child
 * stays stopped, as before. */
static void stop_with_child(pid_t child, int sig)
{
	sigset_t one, pending;

	if (sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU)
		return;
	sigemptyset(&one);
	add_signal(&one, sig);
	kill(getpid(), sig);
	set_mask(SIG_UNBLOCK, &one, NULL);	/* stopped here */
	set_mask(SIG_BLOCK, &one, NULL);
	if (sigpending(&pending) < 0 || !has_signal(&pending, SIGCONT))
		return;
	/* SIGTTOU is blocked: the kernel lets us hand the terminal over. */
	if (in_foreground() && set_foreground(child) < 0)
		warn_errno("tcsetpgrp");
	send_signal(-child, SIGCONT);
}

/* The signal sent on, or 0 (dropped, or the child is gone). */
static int forward_signal(const struct config *c, pid_t child, int sig)
{
	int to = c->remap[sig], r;
	char n1[16], n2[16];

	if (!to) {
		verbose(c, "dropped SIG%s", signal_name(sig, n1));
		return 0;
	}
	r = send_signal(c->pgroup ? -child : child, to);
	verbose(c, "SIG%s forwarded as SIG%s to %d", signal_name(sig, n1),
		signal_name(to, n2), c->pgroup ? -child : child);
	return r == 0 ? to : 0;
}

/* Bit sig-1 of a set of signals uidinit sent. */
static uint64_t signal_bit(int sig)
{
	return sig > 0 && sig <= 64 ? (uint64_t)1 << (sig - 1) : 0;
}

/* The one place signals are taken.  No timeout: while idle, uidinit is
 * never woken.  Only a SIGCHLD (or an interrupted wait) can mean a zombie:
 * reaping after every forwarded signal too made it four system calls where
 * two do.  SIGCHLDs merge, so each reap takes every zombie there is.
 * *sent: each signal forwarded, for report_death(). */
static int supervise(const struct config *c, pid_t child, uint64_t *sent)
{
	sigset_t set;
	siginfo_t si;
	pid_t self = getpid();
	int status = 0, sig = SIGCHLD;

	wait_set(&set);
	for (;;) {
		if (sig == SIGCHLD || sig < 0) {
			int r = reap_children(c, child, &status);

			if (r & REAPED_CHILD)
				return status;
			if (r & CHILD_STOPPED)
				stop_with_child(child, WSTOPSIG(status));
		}
		sig = sigwaitinfo(&set, &si);
		if (sig > 0 && sig != SIGCHLD && !raised_by_self(&si, self))
			*sent |= signal_bit(forward_signal(c, child, sig));
	}
}

/* The command died of a signal that uidinit did not pass on: the OOM
 * killer's SIGKILL, its own SIGSEGV or SIGABRT.  Say so, as a shell prints
 * "Killed" (podman#16647: catatonit said nothing, and users patched
 * dumb-init for this line).  Quiet for a signal uidinit forwarded
 * (docker stop), and, as bash, for SIGINT and SIGPIPE, which a user at a
 * terminal or a closed pipe sent on purpose. */
static void report_death(const struct config *c, pid_t child, int status, uint64_t sent)
{
	int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	char name[16];

	if (!sig || sent & signal_bit(sig) || sig == SIGINT || sig == SIGPIPE)
		return;
	warn("%s (pid %d) killed by SIG%s%s", c->argv[0], child, signal_name(sig, name),
	     WCOREDUMP(status) ? ", core dumped" : "");
}

/* The parent of pid, from /proc/PID/stat (field 4, after the last ')', as
 * the command name may hold one); 0 if unknown. */
static pid_t parent_of(pid_t pid)
{
	char path[32], buf[512], *p;
	ssize_t n;
	int fd;

	format(path, sizeof path, "/proc/%d/stat", pid);
	if ((fd = open_at(path, O_RDONLY | O_CLOEXEC, 0)) < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	for (p = buf + n; p > buf && *--p != ')'; )	/* strrchr(), see passwd.c */
		;
	if (*p != ')' || buf + n - p < 5)
		return 0;
	for (p += 4, n = 0; *p >= '0' && *p <= '9' && n < INT32_MAX / 10; p++)
		n = n * 10 + (*p - '0');
	return (pid_t)n;
}

/* As a subreaper: signal our descendants only.  kill(-1) would hit every
 * process the user owns outside the container. */
static void signal_descendants(int sig)
{
	struct linux_dirent64 {
		uint64_t ino;
		int64_t off;
		unsigned short reclen;
		unsigned char type;
		char name[];
	} *d;
	char buf[4096];
	pid_t self = getpid(), pid, up;
	long n, off;
	int fd = open_at("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0), depth;

	if (fd < 0) {
		warn_errno("/proc");
		return;
	}
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		for (off = 0; off < n; off += d->reclen) {
			d = (struct linux_dirent64 *)(buf + off);
			if ((pid = (pid_t)parse_number(d->name, INT32_MAX)) <= 0 || pid == self)
				continue;
			for (up = pid, depth = 0; up > 1 && up != self && depth < 4096; depth++)
				up = parent_of(up);
			if (up == self)
				kill(pid, sig);
		}
	}
	close(fd);
}

static void signal_rest(int sig)
{
	if (getpid() == 1)
		kill(-1, sig);	/* the namespace is ours: all but PID 1 */
	else
		signal_descendants(sig);
}

/* CLOCK_MONOTONIC by the system call where the kernel's timespec is
 * musl's (64-bit time_t and long): musl's clock_gettime() first looks the
 * call up in the vDSO, 0.9 KiB on x86-64 and arm64, for a clock read only
 * twice per -t second.  32-bit arm keeps clock_gettime() for its time64
 * conversions, and tests/test_init.c its fake clock_gettime(). */
static void monotonic(struct timespec *ts)
{
#if defined(__LP64__) && defined(SYS_clock_gettime) && !defined(UNIT_TESTING)
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ts);
#else
	clock_gettime(CLOCK_MONOTONIC, ts);
#endif
}

/* -t: the main child is gone.  SIGTERM the rest, reap them as they go for
 * up to grace seconds, then SIGKILL what is left. */
static void stop_remaining(const struct config *c, pid_t child)
{
	struct timespec now, end, left;
	sigset_t chld;
	int status;

	if (reap_children(c, child, &status) & NONE_LEFT)
		return;
	verbose(c, "SIGTERM to the remaining processes, SIGKILL in %lu s",
		(unsigned long)c->grace);
	signal_rest(SIGTERM);
	sigemptyset(&chld);
	add_signal(&chld, SIGCHLD);
	monotonic(&end);
	end.tv_sec += c->grace;
	while (!(reap_children(c, child, &status) & NONE_LEFT)) {
		monotonic(&now);
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		if (left.tv_sec < 0) {
			verbose(c, "SIGKILL to the remaining processes");
			signal_rest(SIGKILL);
			return;
		}
		sigtimedwait(&chld, NULL, &left);
	}
}

/* The child's wait status as uidinit's exit status. */
static int exit_code(const struct config *c, int status)
{
	int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);

	return c->zero_code[code / 8] & (1u << code % 8) ? 0 : code;
}

#ifndef UNIT_TESTING
int main(int argc, char **argv)
{
	struct config c;
	struct saved orig;
	pid_t child;
	uint64_t sent = 0;
	int status;

	block_signals(&orig);
	if (parse_config(&c, argc, argv) < 0)
		return EXIT_USAGE;
	if (c.help || c.version) {
		const char *text = c.help ? usage : VERSION_LINE;

		return write(STDOUT_FILENO, text, strlen(text)) < 0;
	}
	drop_setuid(&c);
	if (!c.no_account)
		fix_account(&c);
	build_environment(&c);
	if (!c.supervise)
		hand_off(&c, &orig);
	child = spawn(&c, &orig);
	/* Point of no return: from here uidinit leaves only with the child's
	 * status.  Whatever fails now is a warning. */
	release_directory();
	status = supervise(&c, child, &sent);
	report_death(&c, child, status, sent);
	if (c.grace >= 0)
		stop_remaining(&c, child);
	return exit_code(&c, status);
}
#endif
