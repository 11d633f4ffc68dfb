/*
 * Unit tests of init.c's logic (cmocka): option, environment and signal
 * parsing, the exit-code mapping, the forward/ignore decision per signal,
 * the reap loop, forwarding, the supervise loop and the -t grace period.
 *
 * init.c is included, so its static functions are visible; the Makefile
 * sets -DUNIT_TESTING, which fences out its main().
 *
 * Fakes: waitpid, kill, sigwaitinfo, sigtimedwait, clock_gettime and
 * getpid are replaced by the mock_* functions below through #define,
 * placed after the system headers and before "../init.c".  -Wl,--wrap
 * cannot do it: the linker rewrites only references between object files,
 * and here init.c and the tests are one translation unit, whose calls the
 * compiler may already have bound (or inlined) to the real functions.  The
 * system headers come first, so their declarations keep the real names and
 * the mocks can call the real getpid; init.c's own #includes are then
 * no-ops.  Nothing in this file can signal a real process: mock_kill never
 * calls kill(), which matters for the kill(-1) of the PID 1 grace period.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

/* ---- fakes ---- */

/* 0: the real getpid(); else the PID init.c believes it has. */
static pid_t fake_pid;
/* CLOCK_MONOTONIC as init.c sees it; sigtimedwait() timeouts advance it. */
static struct timespec fake_now;

static pid_t mock_getpid(void)
{
	return fake_pid ? fake_pid : getpid();
}

/* WUNTRACED as the last waitpid() call asked for it (job control). */
static int wait_untraced;

/* Each call takes two queued values: the result, then the wait status
 * (result > 0) or errno (result < 0).  WUNTRACED is noted apart, in
 * wait_untraced: which configurations ask for it is a test of its own. */
static pid_t mock_waitpid(pid_t pid, int *st, int options)
{
	pid_t r;
	int v;

	check_expected(pid);
	wait_untraced = options & WUNTRACED;
	options &= ~WUNTRACED;
	check_expected(options);
	r = mock_type(pid_t);
	v = mock_type(int);
	if (r > 0)
		*st = v;
	else if (r < 0)
		errno = v;
	return r;
}

/* Queued: the result, then errno. */
static int mock_kill(pid_t pid, int sig)
{
	int r, e;

	check_expected(pid);
	check_expected(sig);
	r = mock_type(int);
	e = mock_type(int);
	if (r < 0)
		errno = e;
	return r;
}

/* Queued: the signal (or -1), then si_code, then si_pid (or errno when
 * the signal is -1).  The set must be the one supervise() waits on. */
static int mock_sigwaitinfo(const sigset_t *set, siginfo_t *si)
{
	int sig = mock_type(int), code = mock_type(int), v = mock_type(int);

	assert_int_equal(sigismember(set, SIGCHLD), 1);
	assert_int_equal(sigismember(set, SIGTERM), 1);
	assert_int_equal(sigismember(set, SIGSEGV), 0);
	assert_int_equal(sigismember(set, SIGKILL), 0);
	if (sig < 0) {
		errno = v;
		return -1;
	}
	memset(si, 0, sizeof *si);
	si->si_signo = sig;
	si->si_code = code;
	si->si_pid = v;
	return sig;
}

/* Queued: 1 "SIGCHLD arrives now", 0 "the whole timeout passes". */
static int mock_sigtimedwait(const sigset_t *set, siginfo_t *si,
			     const struct timespec *timeout)
{
	(void)si;
	assert_int_equal(sigismember(set, SIGCHLD), 1);
	assert_non_null(timeout);
	assert_true(timeout->tv_sec >= 0 && timeout->tv_nsec >= 0);
	if (mock_type(int))
		return SIGCHLD;
	/* The timeout, plus the nanosecond a real call always takes. */
	fake_now.tv_sec += timeout->tv_sec;
	fake_now.tv_nsec += timeout->tv_nsec + 1;
	if (fake_now.tv_nsec >= 1000000000L) {
		fake_now.tv_sec++;
		fake_now.tv_nsec -= 1000000000L;
	}
	errno = EAGAIN;
	return -1;
}

static int mock_clock_gettime(clockid_t id, struct timespec *ts)
{
	assert_int_equal(id, CLOCK_MONOTONIC);
	*ts = fake_now;
	return 0;
}

#define getpid mock_getpid
#define waitpid mock_waitpid
#define kill mock_kill
#define sigwaitinfo mock_sigwaitinfo
#define sigtimedwait mock_sigtimedwait
#define clock_gettime mock_clock_gettime
/* spawn(), hand_off() and fix_account() start processes or write files:
 * tests/e2e.sh covers them, so they go unused here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "../init.c"
#pragma GCC diagnostic pop
#undef getpid
#undef waitpid
#undef kill
#undef sigwaitinfo
#undef sigtimedwait
#undef clock_gettime

/* Queue one waitpid(-1, ..., WNOHANG) result. */
static void will_wait(pid_t r, int v)
{
	expect_value(mock_waitpid, pid, -1);
	expect_value(mock_waitpid, options, WNOHANG);
	will_return(mock_waitpid, r);
	will_return(mock_waitpid, v);
}

static void will_kill(pid_t pid, int sig, int r, int e)
{
	expect_value(mock_kill, pid, pid);
	expect_value(mock_kill, sig, sig);
	will_return(mock_kill, r);
	will_return(mock_kill, e);
}

static void will_signal(int sig, int code, int v)
{
	will_return(mock_sigwaitinfo, sig);
	will_return(mock_sigwaitinfo, code);
	will_return(mock_sigwaitinfo, v);
}

/* ---- stderr capture: what init.c says, asserted exactly ---- */

static int saved_stderr = -1;
static FILE *capture_file;
static char captured[4096];

static void capture_start(void)
{
	fflush(stderr);
	capture_file = tmpfile();
	assert_non_null(capture_file);
	saved_stderr = dup(STDERR_FILENO);
	assert_true(saved_stderr >= 0);
	assert_true(dup2(fileno(capture_file), STDERR_FILENO) >= 0);
}

/* Restore stderr; also from teardown, after a failure mid-capture. */
static void capture_stop(void)
{
	size_t n;

	if (saved_stderr < 0)
		return;
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	rewind(capture_file);
	n = fread(captured, 1, sizeof captured - 1, capture_file);
	captured[n] = 0;
	fclose(capture_file);
}

static const char *const env_names[] = {
	"UIDINIT_SUBREAPER", "UIDINIT_KILL_PROCESS_GROUP", "UIDINIT_VERBOSE",
	"UIDINIT_ALLOW_SETUID", "UIDINIT_GRACE", "TINI_SUBREAPER",
	"TINI_KILL_PROCESS_GROUP", "TINI_VERBOSITY",
};

static int clean(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof env_names / sizeof env_names[0]; i++)
		unsetenv(env_names[i]);
	fake_pid = 0;
	fake_now.tv_sec = 1000;
	fake_now.tv_nsec = 999999990L;
	return 0;
}

static int restore(void **state)
{
	capture_stop();
	return clean(state);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, clean, restore)

/* ---- parse_number ---- */

static void test_parse_number(void **state)
{
	(void)state;
	assert_int_equal(parse_number("0", 10), 0);
	assert_int_equal(parse_number("7", 10), 7);
	assert_int_equal(parse_number("10", 10), 10);
	assert_int_equal(parse_number("11", 10), -1);
	assert_int_equal(parse_number("007", 255), 7);
	assert_int_equal(parse_number("255", 255), 255);
	assert_int_equal(parse_number("256", 255), -1);
	assert_int_equal(parse_number("1000", 255), -1);
	assert_int_equal(parse_number("86400", 86400), 86400);
	assert_int_equal(parse_number("86401", 86400), -1);
	assert_int_equal(parse_number("0", 0), 0);
	assert_int_equal(parse_number("1", 0), -1);
	assert_int_equal(parse_number("7", 5), -1);
	assert_int_equal(parse_number("5", 5), 5);
	/* Overflow: strtol would clamp or wrap; the limit holds exactly. */
	{
		/* LONG_MAX and one more, as text, for 32- and 64-bit longs (arm). */
		char max[24], over[24];
		size_t n;

		snprintf(max, sizeof max, "%ld", LONG_MAX);
		snprintf(over, sizeof over, "%ld", LONG_MAX);
		n = strlen(over);
		over[n - 1]++;	/* ...807 and ...647 end in 7: no carry */
		assert_true(parse_number(max, LONG_MAX) == LONG_MAX);
		assert_int_equal(parse_number(over, LONG_MAX), -1);
	}
	assert_int_equal(parse_number("99999999999999999999999", LONG_MAX), -1);
	assert_int_equal(parse_number("18446744073709551631", 255), -1);
	assert_int_equal(parse_number("4294967311", 86400), -1);
	/* Signs, blanks, empty, other bases, trailing junk. */
	assert_int_equal(parse_number("", 10), -1);
	assert_int_equal(parse_number("-1", 10), -1);
	assert_int_equal(parse_number("-0", 10), -1);
	assert_int_equal(parse_number("+1", 10), -1);
	assert_int_equal(parse_number(" 1", 10), -1);
	assert_int_equal(parse_number("1 ", 10), -1);
	assert_int_equal(parse_number("\t1", 10), -1);
	assert_int_equal(parse_number("1\n", 10), -1);
	assert_int_equal(parse_number("0x1", 255), -1);
	assert_int_equal(parse_number("1e2", 255), -1);
	assert_int_equal(parse_number("5s", 255), -1);
	assert_int_equal(parse_number("1.5", 255), -1);
}

/* ---- parse_signal, signal_name ---- */

static void test_parse_signal_names(void **state)
{
	static const struct { const char *s; int sig; } ok[] = {
		{ "TERM", SIGTERM }, { "SIGTERM", SIGTERM }, { "sigterm", SIGTERM },
		{ "term", SIGTERM }, { "SigTerm", SIGTERM }, { "15", SIGTERM },
		{ "SIG15", SIGTERM }, { "HUP", SIGHUP }, { "INT", SIGINT },
		{ "QUIT", SIGQUIT }, { "KILL", SIGKILL }, { "sigkill", SIGKILL },
		{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "PIPE", SIGPIPE },
		{ "ALRM", SIGALRM }, { "CHLD", SIGCHLD }, { "CLD", SIGCHLD },
		{ "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
		{ "TTIN", SIGTTIN }, { "TTOU", SIGTTOU }, { "URG", SIGURG },
		{ "WINCH", SIGWINCH }, { "IO", SIGIO }, { "POLL", SIGPOLL },
		{ "SYS", SIGSYS }, { "ABRT", SIGABRT }, { "IOT", SIGABRT },
		{ "SEGV", SIGSEGV }, { "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM },
		{ "PWR", SIGPWR }, { "STKFLT", SIGSTKFLT }, { "1", 1 },
		{ "9", SIGKILL }, { "01", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (parse_signal(ok[i].s) != ok[i].sig)
			fail_msg("parse_signal(\"%s\") = %d, want %d", ok[i].s,
				 parse_signal(ok[i].s), ok[i].sig);
	}
	assert_int_equal(parse_signal("64"), NSIG - 1);
}

/* The numbers glibc, bash's kill -l and docker kill -s give, as literals:
 * these tests build with glibc, whose SIGRTMIN would hide a musl build's 35. */
static void test_parse_signal_realtime(void **state)
{
	(void)state;
	assert_int_equal(parse_signal("RTMIN"), 34);
	assert_int_equal(parse_signal("SIGRTMIN"), 34);
	assert_int_equal(parse_signal("rtmin"), 34);
	assert_int_equal(parse_signal("RTMIN+0"), 34);
	assert_int_equal(parse_signal("RTMIN+1"), 35);
	assert_int_equal(parse_signal("RTMIN+2"), 36);
	assert_int_equal(parse_signal("sigrtmin+2"), 36);
	assert_int_equal(parse_signal("RTMIN+15"), 49);
	assert_int_equal(parse_signal("RTMAX-14"), 50);
	assert_int_equal(parse_signal("RTMAX"), 64);
	assert_int_equal(parse_signal("RTMAX-0"), 64);
	assert_int_equal(parse_signal("RTMAX-1"), 63);
	assert_int_equal(parse_signal("RTMIN+30"), 64);
	assert_int_equal(parse_signal("RTMAX-30"), 34);
	/* Past either end, the wrong direction, no offset. */
	assert_int_equal(parse_signal("RTMIN+31"), -1);
	assert_int_equal(parse_signal("RTMAX-31"), -1);
	assert_int_equal(parse_signal("RTMIN-1"), -1);
	assert_int_equal(parse_signal("RTMAX+1"), -1);
	assert_int_equal(parse_signal("RTMIN+"), -1);
	assert_int_equal(parse_signal("RTMAX-"), -1);
	assert_int_equal(parse_signal("RTMIN+-1"), -1);
	assert_int_equal(parse_signal("RTMIN++1"), -1);
	assert_int_equal(parse_signal("RTMIN1"), -1);
	assert_int_equal(parse_signal("RTMINX"), -1);
	assert_int_equal(parse_signal("RTMIN+1x"), -1);
	assert_int_equal(parse_signal("RTMID"), -1);
}

static void test_parse_signal_bad(void **state)
{
	static const char *const bad[] = {
		"", "0", "00", "SIG0", "65", "99", "-1", "-15", "+15", " 15",
		"15 ", "TERM ", " TERM", "SIG", "sig", "SIGSIGTERM", "TER",
		"TERMS", "FOO", "SIG-TERM", "S1GTERM", "1O", "0x0f",
		"SIGTERMSIGTERMSIGTERM", "RTMINRTMINRTMIN+1", "18446744073709551631",
	};
	size_t i;

	(void)state;
	assert_int_equal(NSIG, 65);	/* "65" above is NSIG */
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse_signal(bad[i]) != -1)
			fail_msg("parse_signal(\"%s\") = %d, want -1", bad[i],
				 parse_signal(bad[i]));
	}
}

static void test_signal_name(void **state)
{
	char buf[16];
	int sig;

	(void)state;
	assert_string_equal(signal_name(SIGTERM, buf), "TERM");
	assert_string_equal(signal_name(SIGHUP, buf), "HUP");
	assert_string_equal(signal_name(SIGKILL, buf), "KILL");
	assert_string_equal(signal_name(SIGCHLD, buf), "CHLD");
	assert_string_equal(signal_name(SIGABRT, buf), "ABRT");
	assert_string_equal(signal_name(SIGWINCH, buf), "WINCH");
	assert_string_equal(signal_name(SIGIO, buf), "IO");
	/* As bash's kill -l names them. */
	assert_string_equal(signal_name(32, buf), "32");
	assert_string_equal(signal_name(33, buf), "33");
	assert_string_equal(signal_name(34, buf), "RTMIN");
	assert_string_equal(signal_name(35, buf), "RTMIN+1");
	assert_string_equal(signal_name(40, buf), "RTMIN+6");
	assert_string_equal(signal_name(49, buf), "RTMIN+15");
	assert_string_equal(signal_name(50, buf), "RTMAX-14");
	assert_string_equal(signal_name(63, buf), "RTMAX-1");
	assert_string_equal(signal_name(64, buf), "RTMAX");
	/* Every name it gives reads back as the same signal. */
	for (sig = 1; sig < NSIG; sig++)
		assert_int_equal(parse_signal(signal_name(sig, buf)), sig);
}

/* ---- parse_config ---- */

static char *args[64];

/* parse_config() on "uidinit" followed by the NULL-ended arguments. */
static int parse(struct config *c, ...)
{
	va_list ap;
	int n = 0;
	char *a;

	args[n++] = "uidinit";
	va_start(ap, c);
	while ((a = va_arg(ap, char *)) != NULL)
		args[n++] = a;
	va_end(ap);
	args[n] = NULL;
	return parse_config(c, n, args);
}

static int zeroed(const struct config *c, int code)
{
	return (c->zero_code[code / 8] >> code % 8) & 1;
}

static void assert_plain_remap(const struct config *c, int except1, int except2)
{
	int sig;

	for (sig = 0; sig < NSIG; sig++)
		if (sig != except1 && sig != except2)
			assert_int_equal(c->remap[sig], sig);
}

/* ---- messages: one line, whatever the values ---- */

static void test_warn_escapes(void **state)
{
	(void)state;
	capture_start();
	warn("x: %s: %s", "a\nuidinit: forged\r\tb\x1b[31mc\x7f\x01", "plain \\ \xc3\xa9");
	capture_stop();
	assert_string_equal(captured,
		"uidinit: x: a\\x0auidinit: forged\\x0d\\x09b\\x1b[31mc\\x7f\\x01: plain \\ \xc3\xa9\n");
	/* The format's own text and the numbers are not values. */
	capture_start();
	warn("%d %u %lu %s", -5, 7u, 8ul, "");
	capture_stop();
	assert_string_equal(captured, "uidinit: -5 7 8 \n");
}

/* A value longer than the line is cut, never in the middle of an escape,
 * and the line still ends with its one line break. */
static void test_warn_escapes_cut(void **state)
{
	static char big[3000];
	size_t len, i;

	(void)state;
	for (i = 0; i < sizeof big - 1; i++)
		big[i] = i % 2 ? '\n' : 'a';
	capture_start();
	warn("%s", big);
	capture_stop();
	len = strlen(captured);
	assert_true(len > 900 && len <= 1024);
	assert_ptr_equal(strchr(captured, '\n'), captured + len - 1);
	assert_true(strcmp(captured + len - 5, "\\x0a\n") == 0 ||
		    strcmp(captured + len - 2, "a\n") == 0);
}

/* format() builds paths and environment values: nothing escaped there. */
static void test_format_raw(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(format(buf, sizeof buf, "%s=%s", "A", "b\nc\x1b"), 6);
	assert_string_equal(buf, "A=b\nc\x1b");
}

/* A usage error echoes the option's argument escaped, on one line. */
static void test_usage_error_escapes(void **state)
{
	struct config c;

	(void)state;
	capture_start();
	assert_int_equal(parse(&c, "-p", "X\nuidinit: forged", "cmd", NULL), -1);
	capture_stop();
	assert_string_equal(captured,
		"uidinit: -p: unknown signal 'X\\x0auidinit: forged' (try 'uidinit --help')\n");
}

static void test_config_command_only(void **state)
{
	struct config c;
	int code;

	(void)state;
	assert_int_equal(parse(&c, "ls", "-l", "-s", NULL), 0);
	assert_ptr_equal(c.argv, args + 1);
	assert_string_equal(c.argv[0], "ls");
	assert_string_equal(c.argv[1], "-l");
	assert_string_equal(c.argv[2], "-s");
	assert_null(c.argv[3]);
	/* Not PID 1, nothing given: exec hand-off with every default. */
	assert_int_equal(c.supervise, 0);
	assert_int_equal(c.subreaper, 0);
	assert_int_equal(c.pgroup, 0);
	assert_int_equal(c.exec_only, 0);
	assert_int_equal(c.no_account, 0);
	assert_int_equal(c.warn_reap, 0);
	assert_int_equal(c.verbose, 0);
	assert_int_equal(c.pdeathsig, 0);
	assert_int_equal(c.grace, -1);
	assert_int_equal(c.help, 0);
	assert_int_equal(c.version, 0);
	assert_int_equal(c.parent, 0);	/* asked only for -p */
	assert_plain_remap(&c, -1, -1);
	for (code = 0; code < 256; code++)
		assert_int_equal(zeroed(&c, code), 0);
}

static void test_config_pid1_supervises(void **state)
{
	struct config c;

	(void)state;
	fake_pid = 1;
	assert_int_equal(parse(&c, "sh", NULL), 0);
	assert_int_equal(c.supervise, 1);
	assert_int_equal(c.subreaper, 0);
	assert_int_equal(parse(&c, "-x", "sh", NULL), 0);
	assert_int_equal(c.supervise, 0);
	assert_int_equal(c.exec_only, 1);
}

/* Started holding the child-subreaper attribute: supervise, as tini does;
 * with -x, one warning naming the risk, and the exec that was asked for. */
static void test_config_inherited_subreaper(void **state)
{
	struct config c;
	int on = 0;

	(void)state;
	/* qemu-user 7.2 answers EINVAL (tests/cross.sh): there the kernel
	 * gives no way to hold the attribute, so nothing to test. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0 && errno == EINVAL &&
	    getenv("UIDINIT_EMULATED"))
		skip();
	assert_int_equal(prctl(PR_GET_CHILD_SUBREAPER, &on), 0);
	assert_int_equal(on, 1);
	assert_int_equal(parse(&c, "cmd", NULL), 0);
	assert_true(c.supervise);
	assert_int_equal(c.subreaper, 0);	/* supervising, not -s */
	capture_start();
	assert_int_equal(parse(&c, "-x", "cmd", NULL), 0);
	capture_stop();
	assert_false(c.supervise);
	assert_string_equal(captured, "uidinit: started as a child subreaper: with -x,"
			    " cmd inherits the orphans and must reap them\n");
	/* -v says why it stays. */
	capture_start();
	assert_int_equal(parse(&c, "-v", "cmd", NULL), 0);
	capture_stop();
	assert_string_equal(captured, "uidinit: started as a child subreaper: supervising\n");
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 0), 0);
	/* Without the attribute: the hand-off, and nothing said. */
	capture_start();
	assert_int_equal(parse(&c, "-x", "cmd", NULL), 0);
	assert_int_equal(parse(&c, "cmd", NULL), 0);
	capture_stop();
	assert_false(c.supervise);
	assert_string_equal(captured, "");
}

static void test_config_flags(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	assert_int_equal(c.subreaper, 1);
	assert_int_equal(c.supervise, 1);
	assert_int_equal(c.pgroup, 0);

	assert_int_equal(parse(&c, "-g", "cmd", NULL), 0);
	assert_int_equal(c.pgroup, 1);
	assert_int_equal(c.subreaper, 1);	/* implied */
	assert_int_equal(c.supervise, 1);

	assert_int_equal(parse(&c, "-n", "cmd", NULL), 0);
	assert_int_equal(c.no_account, 1);
	assert_int_equal(c.supervise, 0);
	assert_int_equal(parse(&c, "-w", "cmd", NULL), 0);
	assert_int_equal(c.warn_reap, 1);
	assert_int_equal(c.supervise, 0);
	assert_int_equal(parse(&c, "-v", "cmd", NULL), 0);
	assert_int_equal(c.verbose, 1);
	assert_int_equal(c.supervise, 0);
	assert_int_equal(parse(&c, "-x", "cmd", NULL), 0);
	assert_int_equal(c.exec_only, 1);
	assert_int_equal(c.supervise, 0);

	/* Bundled. */
	assert_int_equal(parse(&c, "-nwv", "cmd", NULL), 0);
	assert_true(c.no_account && c.warn_reap && c.verbose);
	assert_int_equal(c.supervise, 0);
	assert_int_equal(parse(&c, "-gs", "-n", "cmd", "-v", NULL), 0);
	assert_true(c.pgroup && c.subreaper && c.no_account);
	assert_int_equal(c.verbose, 0);	/* after the command: its own */
	assert_string_equal(c.argv[1], "-v");
	assert_int_equal(parse(&c, "-xnv", "cmd", NULL), 0);
	assert_true(c.exec_only && c.no_account && c.verbose);
}

static void test_config_arguments(void **state)
{
	struct config c;

	(void)state;
	/* -t: attached, separate, at the end of a bundle, 0 allowed. */
	assert_int_equal(parse(&c, "-t5", "cmd", NULL), 0);
	assert_int_equal(c.grace, 5);
	assert_int_equal(c.subreaper, 1);
	assert_int_equal(c.supervise, 1);
	assert_string_equal(c.argv[0], "cmd");
	assert_int_equal(parse(&c, "-t", "5", "cmd", NULL), 0);
	assert_int_equal(c.grace, 5);
	assert_string_equal(c.argv[0], "cmd");
	assert_int_equal(parse(&c, "-t", "0", "cmd", NULL), 0);
	assert_int_equal(c.grace, 0);
	assert_int_equal(c.subreaper, 1);
	assert_int_equal(parse(&c, "-t", "86400", "cmd", NULL), 0);
	assert_int_equal(c.grace, 86400);
	assert_int_equal(parse(&c, "-sgt7", "cmd", NULL), 0);
	assert_true(c.subreaper && c.pgroup);
	assert_int_equal(c.grace, 7);
	assert_int_equal(parse(&c, "-nt", "3", "cmd", NULL), 0);
	assert_int_equal(c.no_account, 1);
	assert_int_equal(c.grace, 3);
	assert_string_equal(c.argv[0], "cmd");
	/* The argument is taken whatever it looks like. */
	assert_int_equal(parse(&c, "-p", "TERM", "cmd", NULL), 0);
	assert_int_equal(c.pdeathsig, SIGTERM);
	assert_int_equal(c.supervise, 0);	/* -p alone does not stay */
	assert_int_equal(parse(&c, "-pKILL", "cmd", NULL), 0);
	assert_int_equal(c.pdeathsig, SIGKILL);
	assert_int_equal(parse(&c, "-p", "sighup", "cmd", NULL), 0);
	assert_int_equal(c.pdeathsig, SIGHUP);
	assert_int_equal(parse(&c, "-np9", "cmd", NULL), 0);
	assert_int_equal(c.pdeathsig, SIGKILL);
	assert_int_equal(c.no_account, 1);
	assert_int_equal(parse(&c, "-p", "RTMIN+1", "cmd", NULL), 0);
	assert_int_equal(c.pdeathsig, SIGRTMIN + 1);
}

static void test_config_exit_codes(void **state)
{
	struct config c;
	int code;

	(void)state;
	assert_int_equal(parse(&c, "-e", "143", "-e2", "-e", "0", "cmd", NULL), 0);
	assert_int_equal(c.subreaper, 1);
	assert_int_equal(c.supervise, 1);
	for (code = 0; code < 256; code++)
		assert_int_equal(zeroed(&c, code), code == 143 || code == 2 || code == 0);
	assert_int_equal(parse(&c, "-e", "255", "cmd", NULL), 0);
	for (code = 0; code < 256; code++)
		assert_int_equal(zeroed(&c, code), code == 255);
	assert_int_equal(parse(&c, "-se", "7", "cmd", NULL), 0);
	for (code = 0; code < 256; code++)
		assert_int_equal(zeroed(&c, code), code == 7);
}

static void test_config_remap(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-r", "TERM:QUIT", "-r", "10:0", "cmd", NULL), 0);
	assert_int_equal(c.subreaper, 1);
	assert_int_equal(c.supervise, 1);
	assert_int_equal(c.remap[SIGTERM], SIGQUIT);
	assert_int_equal(c.remap[SIGUSR1], 0);
	assert_plain_remap(&c, SIGTERM, SIGUSR1);
	assert_int_equal(parse(&c, "-rSIGINT:sigusr2", "cmd", NULL), 0);
	assert_int_equal(c.remap[SIGINT], SIGUSR2);
	assert_plain_remap(&c, SIGINT, -1);
	assert_int_equal(parse(&c, "-r", "15:9", "cmd", NULL), 0);
	assert_int_equal(c.remap[SIGTERM], SIGKILL);
	assert_int_equal(parse(&c, "-r", "RTMIN+1:RTMAX", "cmd", NULL), 0);
	assert_int_equal(c.remap[SIGRTMIN + 1], SIGRTMAX);
	/* The last one for a signal wins. */
	assert_int_equal(parse(&c, "-r", "TERM:INT", "-r", "TERM:HUP", "cmd", NULL), 0);
	assert_int_equal(c.remap[SIGTERM], SIGHUP);
	assert_plain_remap(&c, SIGTERM, -1);
}

static void test_config_end_of_options(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "--", "-s", NULL), 0);
	assert_string_equal(c.argv[0], "-s");
	assert_int_equal(c.subreaper, 0);
	assert_int_equal(parse(&c, "-s", "--", "cmd", "--", "-g", NULL), 0);
	assert_string_equal(c.argv[0], "cmd");
	assert_string_equal(c.argv[1], "--");
	assert_int_equal(c.pgroup, 0);
	assert_int_equal(parse(&c, "--", "--", NULL), 0);
	assert_string_equal(c.argv[0], "--");
	/* A lone "-" is a command, not an option. */
	assert_int_equal(parse(&c, "-", "-s", NULL), 0);
	assert_string_equal(c.argv[0], "-");
	assert_int_equal(c.subreaper, 0);
	/* An argument that looks like "--" is still the argument. */
	assert_int_equal(parse(&c, "-t", "1", "--", "cmd", NULL), 0);
	assert_string_equal(c.argv[0], "cmd");
	assert_int_equal(parse(&c, "-p", "--", "cmd", NULL), -1);
}

static void test_config_help_version(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-h", NULL), 0);
	assert_true(c.help && !c.version);
	assert_int_equal(parse(&c, "--help", NULL), 0);
	assert_true(c.help && !c.version);
	assert_int_equal(parse(&c, "-V", NULL), 0);
	assert_true(c.version && !c.help);
	assert_int_equal(parse(&c, "--version", NULL), 0);
	assert_true(c.version && !c.help);
	/* No command needed; what follows is not looked at. */
	assert_int_equal(parse(&c, "-s", "-h", "-q", NULL), 0);
	assert_true(c.help);
	assert_int_equal(parse(&c, "-sV", NULL), 0);
	assert_true(c.version);
	/* After the command, they are the command's. */
	assert_int_equal(parse(&c, "cmd", "--help", NULL), 0);
	assert_int_equal(c.help, 0);
	assert_string_equal(c.argv[1], "--help");
	/* An error before them still counts. */
	capture_start();
	assert_int_equal(parse(&c, "-q", "--help", NULL), -1);
	capture_stop();
}

/* Each must fail with one stderr line: "uidinit: WHAT (try 'uidinit --help')". */
static void test_config_usage_errors(void **state)
{
	static const struct {
		const char *a[6];
		const char *what;	/* NULL: any text */
	} bad[] = {
		{ { NULL }, "no command given" },
		{ { "-s", NULL }, "no command given" },
		{ { "--", NULL }, "no command given" },
		{ { "-s", "--", NULL }, "no command given" },
		{ { "-q", "cmd", NULL }, "unknown option -q" },
		{ { "-sq", "cmd", NULL }, "unknown option -q" },
		{ { "-S", "cmd", NULL }, "unknown option -S" },
		{ { "--foo", "cmd", NULL }, "unknown option '--foo'" },
		{ { "--helpx", "cmd", NULL }, "unknown option '--helpx'" },
		{ { "--subreaper", "cmd", NULL }, NULL },
		{ { "-p", NULL }, "option -p needs an argument" },
		{ { "-e", NULL }, "option -e needs an argument" },
		{ { "-r", NULL }, "option -r needs an argument" },
		{ { "-t", NULL }, "option -t needs an argument" },
		{ { "-st", NULL }, "option -t needs an argument" },
		{ { "-p", "FOO", "cmd", NULL }, "-p: unknown signal 'FOO'" },
		{ { "-p", "0", "cmd", NULL }, "-p: unknown signal '0'" },
		{ { "-p", "65", "cmd", NULL }, NULL },
		{ { "-pSIG", "cmd", NULL }, NULL },
		{ { "-e", "256", "cmd", NULL }, "-e: not an exit code (0-255): '256'" },
		{ { "-e", "-1", "cmd", NULL }, NULL },
		{ { "-e", "x", "cmd", NULL }, NULL },
		{ { "-e", "", "cmd", NULL }, NULL },
		{ { "-t", "x", "cmd", NULL }, "-t: not a number of seconds (0-86400): 'x'" },
		{ { "-t", "86401", "cmd", NULL }, NULL },
		{ { "-t", "-1", "cmd", NULL }, NULL },
		{ { "-t", "1.5", "cmd", NULL }, NULL },
		{ { "-tx", "cmd", NULL }, NULL },
		{ { "-r", "x", "cmd", NULL }, "-r: expected FROM:TO signals, got 'x'" },
		{ { "-r", "TERM", "cmd", NULL }, NULL },
		{ { "-r", "TERM:", "cmd", NULL }, NULL },
		{ { "-r", ":TERM", "cmd", NULL }, NULL },
		{ { "-r", "TERM:FOO", "cmd", NULL }, NULL },
		{ { "-r", "FOO:TERM", "cmd", NULL }, NULL },
		{ { "-r", "TERM:QUIT:INT", "cmd", NULL }, NULL },
		{ { "-r", "0:TERM", "cmd", NULL }, NULL },
		{ { "-r", "CHLD:TERM", "cmd", NULL }, "-r: CHLD is never forwarded" },
		{ { "-r", "KILL:TERM", "cmd", NULL }, NULL },
		{ { "-r", "STOP:TERM", "cmd", NULL }, NULL },
		{ { "-r", "SEGV:TERM", "cmd", NULL }, NULL },
		{ { "-x", "-s", "cmd", NULL }, "-x execs the command: -s, -g, -t, -e and -r need uidinit to stay" },
		{ { "-x", "-g", "cmd", NULL }, NULL },
		{ { "-x", "-t", "1", "cmd", NULL }, NULL },
		{ { "-x", "-e", "1", "cmd", NULL }, NULL },
		{ { "-x", "-r", "1:2", "cmd", NULL }, NULL },
		{ { "-sx", "cmd", NULL }, NULL },
		{ { "-t0", "-x", "cmd", NULL }, NULL },
	};
	size_t i, j, len;
	struct config c;
	char want[512];

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *av[8] = { "uidinit" };
		int ac = 1, r;

		for (j = 0; bad[i].a[j]; j++)
			av[ac++] = (char *)bad[i].a[j];
		av[ac] = NULL;
		capture_start();
		r = parse_config(&c, ac, av);
		capture_stop();
		if (r != -1)
			fail_msg("case %zu (%s ...): parse_config = %d, want -1", i,
				 av[1] ? av[1] : "", r);
		len = strlen(captured);
		/* One line, uidinit's prefix, the hint. */
		assert_true(len > 0 && captured[len - 1] == '\n');
		assert_ptr_equal(strchr(captured, '\n'), captured + len - 1);
		assert_memory_equal(captured, "uidinit: ", 9);
		assert_non_null(strstr(captured, " (try 'uidinit --help')\n"));
		if (bad[i].what) {
			snprintf(want, sizeof want, "uidinit: %s (try 'uidinit --help')\n", bad[i].what);
			assert_string_equal(captured, want);
		}
	}
}

/* argc 0: what follows argv's NULL is the environment, as execve lays it
 * out.  It must never become the command. */
static void test_config_argc_zero(void **state)
{
	char *av[] = { NULL, "PATH=/tmp/evil", "sh", NULL };
	struct config c;

	(void)state;
	capture_start();
	assert_int_equal(parse_config(&c, 0, av), -1);
	capture_stop();
	assert_string_equal(captured, "uidinit: no arguments at all, not even a program name"
			    " (try 'uidinit --help')\n");
	/* A kernel of 5.18 or later passes "" instead: no command given. */
	av[0] = "";
	av[1] = NULL;
	capture_start();
	assert_int_equal(parse_config(&c, 1, av), -1);
	capture_stop();
	assert_string_equal(captured, "uidinit: no command given (try 'uidinit --help')\n");
}

/* ---- the environment ---- */

static void env_error(const char *name, const char *value)
{
	struct config c;
	char want[256];

	setenv(name, value, 1);
	capture_start();
	if (parse(&c, "cmd", NULL) != -1)
		fail_msg("%s='%s' accepted", name, value);
	capture_stop();
	unsetenv(name);
	assert_memory_equal(captured, "uidinit: ", 9);
	snprintf(want, sizeof want, "%s: ", name);
	assert_non_null(strstr(captured, want));
	assert_non_null(strstr(captured, "(try 'uidinit --help')\n"));
}

/* NAME=VALUE (VALUE NULL: unset) before "uidinit [OPT [ARG]] cmd", and
 * the configuration it must give; N: not looked at. */
enum { N = -2 };
static const struct env_case {
	const char *name, *value, *opt, *arg;
	int subreaper, pgroup, supervise, verbose, allow_setuid, grace;
} env_cases[] = {
	/* name                         value  opt   arg   srp  pgr  sup  vrb  set  grace */
	{ "UIDINIT_SUBREAPER",          "1",   NULL, NULL,  1,   N,   1,   N,   N,   N },
	{ "UIDINIT_SUBREAPER",          "0",   NULL, NULL,  0,   N,   0,   N,   N,   N },
	{ "UIDINIT_SUBREAPER",          "",    NULL, NULL,  0,   N,   0,   N,   N,   N },
	/* "0" does not undo the option */
	{ "UIDINIT_SUBREAPER",          "0",   "-s", NULL,  1,   N,   N,   N,   N,   N },
	/* -g implies a subreaper */
	{ "UIDINIT_KILL_PROCESS_GROUP", "1",   NULL, NULL,  1,   1,   1,   N,   N,   N },
	{ "UIDINIT_KILL_PROCESS_GROUP", "0",   NULL, NULL,  N,   0,   0,   N,   N,   N },
	{ "UIDINIT_VERBOSE",            "1",   NULL, NULL,  N,   N,   0,   1,   N,   N },
	{ "UIDINIT_VERBOSE",            "",    NULL, NULL,  N,   N,   N,   0,   N,   N },
	{ "UIDINIT_ALLOW_SETUID",       "1",   NULL, NULL,  N,   N,   0,   N,   1,   N },
	{ "UIDINIT_ALLOW_SETUID",       "0",   NULL, NULL,  N,   N,   N,   N,   0,   N },
	{ "UIDINIT_ALLOW_SETUID",       NULL,  NULL, NULL,  N,   N,   N,   N,   0,   N },
	/* tini: set means on, whatever the value */
	{ "TINI_SUBREAPER",             "1",   NULL, NULL,  1,   0,   1,   N,   N,   N },
	{ "TINI_SUBREAPER",             "0",   NULL, NULL,  1,   0,   1,   N,   N,   N },
	{ "TINI_SUBREAPER",             "",    NULL, NULL,  1,   0,   1,   N,   N,   N },
	{ "TINI_SUBREAPER",             "yes", NULL, NULL,  1,   0,   1,   N,   N,   N },
	{ "TINI_SUBREAPER",             "false", NULL, NULL, 1,  0,   1,   N,   N,   N },
	{ "TINI_KILL_PROCESS_GROUP",    "1",   NULL, NULL,  1,   1,   1,   N,   N,   N },
	{ "TINI_KILL_PROCESS_GROUP",    "0",   NULL, NULL,  1,   1,   1,   N,   N,   N },
	{ "TINI_KILL_PROCESS_GROUP",    "",    NULL, NULL,  1,   1,   1,   N,   N,   N },
	{ "TINI_KILL_PROCESS_GROUP",    "false", NULL, NULL, 1,  1,   1,   N,   N,   N },
	{ "TINI_SUBREAPER",             NULL,  NULL, NULL,  0,   0,   N,   N,   N,   N },
	/* tini's verbosity: 2 and up is uidinit's -v; empty as if unset */
	{ "TINI_VERBOSITY",             "1",   NULL, NULL,  N,   N,   N,   0,   N,   N },
	{ "TINI_VERBOSITY",             "0",   NULL, NULL,  N,   N,   N,   0,   N,   N },
	{ "TINI_VERBOSITY",             "2",   NULL, NULL,  N,   N,   0,   1,   N,   N },
	{ "TINI_VERBOSITY",             "3",   NULL, NULL,  N,   N,   N,   1,   N,   N },
	{ "TINI_VERBOSITY",             "",    NULL, NULL,  N,   N,   N,   0,   N,   N },
	{ "TINI_VERBOSITY",   "99999999999999999999", NULL, NULL, N, N, N,  1,   N,   N },
	/* -t implies a subreaper; empty as if unset; the option wins */
	{ "UIDINIT_GRACE",              "5",   NULL, NULL,  1,   N,   1,   N,   N,   5 },
	{ "UIDINIT_GRACE",              "0",   NULL, NULL,  N,   N,   1,   N,   N,   0 },
	{ "UIDINIT_GRACE",              "",    NULL, NULL,  N,   N,   0,   N,   N,  -1 },
	{ "UIDINIT_GRACE",              "5",   "-t", "2",   N,   N,   N,   N,   N,   2 },
	{ "UIDINIT_GRACE",              "5",   "-t", "0",   N,   N,   N,   N,   N,   0 },
};

static void env_gives(const struct env_case *t)
{
	const int want[] = { t->subreaper, t->pgroup, t->supervise, t->verbose, t->allow_setuid, t->grace };
	const char *const what[] = { "subreaper", "pgroup", "supervise", "verbose", "allow_setuid", "grace" };
	struct config c;
	int got[6], r;
	size_t i;

	if (t->value)
		setenv(t->name, t->value, 1);
	else
		unsetenv(t->name);
	r = t->arg ? parse(&c, t->opt, t->arg, "cmd", NULL) :
	    t->opt ? parse(&c, t->opt, "cmd", NULL) : parse(&c, "cmd", NULL);
	unsetenv(t->name);
	if (r != 0)
		fail_msg("%s='%s' %s: refused", t->name, t->value, t->opt ? t->opt : "");
	got[0] = c.subreaper, got[1] = c.pgroup, got[2] = c.supervise;
	got[3] = c.verbose, got[4] = c.allow_setuid, got[5] = c.grace;
	for (i = 0; i < 6; i++)
		if (want[i] != N && got[i] != want[i])
			fail_msg("%s='%s' %s %s: %s %d, want %d", t->name, t->value ? t->value : "(unset)",
				 t->opt ? t->opt : "", t->arg ? t->arg : "", what[i], got[i], want[i]);
}

static void test_env(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof env_cases / sizeof env_cases[0]; i++)
		env_gives(&env_cases[i]);
}

static void test_env_errors(void **state)
{
	static const char *const flag[] = { "UIDINIT_SUBREAPER", "UIDINIT_KILL_PROCESS_GROUP",
					    "UIDINIT_VERBOSE", "UIDINIT_ALLOW_SETUID" };
	static const char *const bad[] = { "yes", "true", "2", " 1", "1 ", "01", "on", "-1" };
	static const char *const bad_number[][2] = {
		{ "TINI_VERBOSITY", "x" }, { "TINI_VERBOSITY", "-1" }, { "TINI_VERBOSITY", "2x" },
		{ "UIDINIT_GRACE", "x" }, { "UIDINIT_GRACE", "86401" }, { "UIDINIT_GRACE", "-1" },
		{ "UIDINIT_GRACE", " 5" },
	};
	struct config c;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		for (k = 0; k < sizeof flag / sizeof flag[0]; k++)
			env_error(flag[k], bad[i]);
	for (i = 0; i < sizeof bad_number / sizeof bad_number[0]; i++)
		env_error(bad_number[i][0], bad_number[i][1]);
	/* The exact words of two; a bad one is an error even when -t would
	 * override it. */
	setenv("UIDINIT_VERBOSE", "yes", 1);
	capture_start();
	assert_int_equal(parse(&c, "cmd", NULL), -1);
	capture_stop();
	unsetenv("UIDINIT_VERBOSE");
	assert_string_equal(captured, "uidinit: UIDINIT_VERBOSE: must be 1 or 0, not 'yes' (try 'uidinit --help')\n");
	setenv("UIDINIT_GRACE", "x", 1);
	capture_start();
	assert_int_equal(parse(&c, "-t", "2", "cmd", NULL), -1);
	capture_stop();
	unsetenv("UIDINIT_GRACE");
	assert_string_equal(captured, "uidinit: UIDINIT_GRACE: not a number of seconds (0-86400): 'x' (try 'uidinit --help')\n");
}

static void test_env_ignored_by_x(void **state)
{
	struct config c;

	(void)state;
	setenv("UIDINIT_SUBREAPER", "1", 1);
	setenv("UIDINIT_KILL_PROCESS_GROUP", "1", 1);
	setenv("UIDINIT_GRACE", "5", 1);
	setenv("TINI_SUBREAPER", "", 1);
	setenv("TINI_KILL_PROCESS_GROUP", "1", 1);
	setenv("UIDINIT_VERBOSE", "1", 1);
	assert_int_equal(parse(&c, "-x", "cmd", NULL), 0);
	assert_int_equal(c.exec_only, 1);
	assert_int_equal(c.supervise, 0);
	assert_int_equal(c.subreaper, 0);
	assert_int_equal(c.pgroup, 0);
	assert_int_equal(c.grace, -1);
	assert_int_equal(c.verbose, 1);	/* not a reason to stay: kept */
	/* Without -x they all hold. */
	assert_int_equal(parse(&c, "cmd", NULL), 0);
	assert_true(c.supervise && c.subreaper && c.pgroup && c.verbose);
	assert_int_equal(c.grace, 5);
	/* As PID 1 too. */
	fake_pid = 1;
	assert_int_equal(parse(&c, "-x", "cmd", NULL), 0);
	assert_int_equal(c.supervise, 0);
}

/* ---- exit_code ---- */

static void test_exit_code(void **state)
{
	struct config c;
	int code, sig;

	(void)state;
	assert_int_equal(parse(&c, "cmd", NULL), 0);
	for (code = 0; code < 256; code++)
		assert_int_equal(exit_code(&c, W_EXITCODE(code, 0)), code);
	for (sig = 1; sig < NSIG; sig++) {
		assert_int_equal(exit_code(&c, W_EXITCODE(0, sig)), 128 + sig);
		assert_int_equal(exit_code(&c, W_EXITCODE(0, sig) | WCOREFLAG), 128 + sig);
	}
	assert_int_equal(exit_code(&c, W_EXITCODE(0, SIGTERM)), 143);
	assert_int_equal(exit_code(&c, W_EXITCODE(0, SIGKILL)), 137);
	assert_int_equal(exit_code(&c, W_EXITCODE(7, 0)), 7);
}

static void test_exit_code_mapped(void **state)
{
	struct config c;
	char arg[8];
	int code, other;

	(void)state;
	/* -e 143 turns a SIGTERM death into 0, and nothing else. */
	assert_int_equal(parse(&c, "-e", "143", "cmd", NULL), 0);
	assert_int_equal(exit_code(&c, W_EXITCODE(0, SIGTERM)), 0);
	assert_int_equal(exit_code(&c, W_EXITCODE(143, 0)), 0);
	assert_int_equal(exit_code(&c, W_EXITCODE(0, SIGKILL)), 137);
	assert_int_equal(exit_code(&c, W_EXITCODE(0, 0)), 0);
	assert_int_equal(exit_code(&c, W_EXITCODE(15, 0)), 15);
	assert_int_equal(exit_code(&c, W_EXITCODE(142, 0)), 142);
	assert_int_equal(exit_code(&c, W_EXITCODE(144, 0)), 144);
	/* Each code alone: only it becomes 0. */
	for (code = 0; code < 256; code++) {
		snprintf(arg, sizeof arg, "%d", code);
		assert_int_equal(parse(&c, "-e", arg, "cmd", NULL), 0);
		for (other = 0; other < 256; other++)
			assert_int_equal(exit_code(&c, W_EXITCODE(other, 0)),
					 other == code ? 0 : other);
	}
	/* Several. */
	assert_int_equal(parse(&c, "-e", "1", "-e", "255", "-e", "130", "cmd", NULL), 0);
	assert_int_equal(exit_code(&c, W_EXITCODE(1, 0)), 0);
	assert_int_equal(exit_code(&c, W_EXITCODE(255, 0)), 0);
	assert_int_equal(exit_code(&c, W_EXITCODE(0, SIGINT)), 0);
	assert_int_equal(exit_code(&c, W_EXITCODE(2, 0)), 2);
	assert_int_equal(exit_code(&c, W_EXITCODE(254, 0)), 254);
}

/* ---- which signals are forwarded ---- */

static void test_is_forwarded(void **state)
{
	static const int never[] = {
		SIGKILL, SIGSTOP, SIGCHLD, SIGSEGV, SIGBUS, SIGFPE, SIGILL,
		SIGABRT, SIGTRAP, SIGSYS,
	};
	static const int always[] = {
		SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH,
		SIGCONT, SIGALRM, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE, SIGURG,
		SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSTKFLT,
	};
	sigset_t set;
	size_t i;
	int sig, want;

	(void)state;
	for (i = 0; i < sizeof never / sizeof never[0]; i++)
		assert_int_equal(is_forwarded(never[i]), 0);
	for (i = 0; i < sizeof always / sizeof always[0]; i++)
		assert_int_equal(is_forwarded(always[i]), 1);
	assert_int_equal(is_forwarded(0), 0);
	assert_int_equal(is_forwarded(-1), 0);
	assert_int_equal(is_forwarded(NSIG), 0);
	assert_int_equal(is_forwarded(NSIG + 1), 0);
	/* Every number but the listed exceptions.  32 up to SIGRTMIN are
	 * libc's own (glibc: 32, 33): whether those can be forwarded is the
	 * libc's business, so they are not asserted. */
	for (sig = 1; sig < NSIG; sig++) {
		if (sig >= 32 && sig < SIGRTMIN)
			continue;
		want = 1;
		for (i = 0; i < sizeof never / sizeof never[0]; i++)
			if (sig == never[i])
				want = 0;
		if (is_forwarded(sig) != want)
			fail_msg("is_forwarded(%d) = %d, want %d", sig, is_forwarded(sig), want);
	}
	/* What supervise() waits for: those, plus SIGCHLD. */
	wait_set(&set);
	for (sig = 1; sig < NSIG; sig++)
		if (sig < 32 || sig >= SIGRTMIN)
			assert_int_equal(sigismember(&set, sig) == 1,
					 is_forwarded(sig) || sig == SIGCHLD);
}

/* block_signals(): the wait set blocked, the faults not, the old mask and
 * SIGCHLD disposition saved for the child. */
static void test_block_signals(void **state)
{
	struct saved orig;
	sigset_t before, now;
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigset_t blockable;
	uint64_t all = ~(uint64_t)0, got = 0;
	int sig;

	(void)state;
	/* What the kernel lets us block: all but KILL and STOP on Linux, less
	 * under qemu-user, which keeps some real-time signals for itself.  Raw
	 * system calls, as glibc would hide 32 and 33. */
	assert_int_equal(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, sizeof all), 0);
	assert_int_equal(syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &got, sizeof got), 0);
	sigemptyset(&blockable);
	for (sig = 1; sig < NSIG && sig <= 64; sig++)
		if (got >> (sig - 1) & 1)
			sigaddset(&blockable, sig);
	assert_int_equal(sigismember(&blockable, SIGTERM), 1);
	assert_int_equal(sigismember(&blockable, SIGRTMIN), 1);
	sigemptyset(&before);
	sigaddset(&before, SIGUSR1);
	sigaddset(&before, SIGSEGV);
	assert_int_equal(sigprocmask(SIG_SETMASK, &before, NULL), 0);
	assert_int_equal(sigaction(SIGCHLD, &ign, &old), 0);
	block_signals(&orig);
	sigprocmask(SIG_SETMASK, NULL, &now);
	sigaction(SIGCHLD, &old, NULL);
	for (sig = 1; sig < NSIG; sig++) {
		assert_int_equal(sigismember(&orig.mask, sig), sigismember(&before, sig));
		if (sig == SIGSEGV)	/* blocked before: left so */
			assert_int_equal(sigismember(&now, sig), 1);
		else if (is_fault_signal(sig) || sig == SIGKILL || sig == SIGSTOP)
			assert_int_equal(sigismember(&now, sig), 0);
		else if ((is_forwarded(sig) || sig == SIGCHLD) &&
			 sigismember(&blockable, sig) == 1)
			assert_int_equal(sigismember(&now, sig), 1);
	}
	sigemptyset(&before);
	sigprocmask(SIG_SETMASK, &before, NULL);
}

/* ---- the reap loop ---- */

static void test_reap_several_then_none_now(void **state)
{
	struct config c;
	int status = -7;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	will_wait(10, W_EXITCODE(1, 0));
	will_wait(42, W_EXITCODE(3, 0));
	will_wait(11, W_EXITCODE(0, SIGKILL));
	will_wait(0, 0);
	capture_start();
	assert_int_equal(reap_children(&c, 42, &status), REAPED_CHILD);
	capture_stop();
	assert_int_equal(status, W_EXITCODE(3, 0));
	assert_string_equal(captured, "");	/* no -w: silent */
}

static void test_reap_orphans_only(void **state)
{
	struct config c;
	int status = -7;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	will_wait(10, W_EXITCODE(0, 0));
	will_wait(11, W_EXITCODE(0, 0));
	will_wait(0, 0);
	assert_int_equal(reap_children(&c, 42, &status), 0);
	assert_int_equal(status, -7);	/* untouched */
	will_wait(12, W_EXITCODE(0, 0));
	will_wait(-1, ECHILD);
	assert_int_equal(reap_children(&c, 42, &status), NONE_LEFT);
	assert_int_equal(status, -7);
	will_wait(0, 0);
	assert_int_equal(reap_children(&c, 42, &status), 0);
	will_wait(-1, ECHILD);
	assert_int_equal(reap_children(&c, 42, &status), NONE_LEFT);
}

static void test_reap_child_last(void **state)
{
	struct config c;
	int status = -7;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	will_wait(10, W_EXITCODE(0, 0));
	will_wait(42, W_EXITCODE(0, SIGTERM));
	will_wait(-1, ECHILD);
	assert_int_equal(reap_children(&c, 42, &status), REAPED_CHILD | NONE_LEFT);
	assert_int_equal(status, W_EXITCODE(0, SIGTERM));
	/* Another error than ECHILD is not "none left". */
	will_wait(-1, EINTR);
	assert_int_equal(reap_children(&c, 42, &status), 0);
	assert_int_equal(status, W_EXITCODE(0, SIGTERM));
}

static void test_reap_warns(void **state)
{
	struct config c;
	int status = 0;

	(void)state;
	assert_int_equal(parse(&c, "-w", "-s", "cmd", NULL), 0);
	will_wait(10, W_EXITCODE(0, 0));
	will_wait(42, W_EXITCODE(5, 0));
	will_wait(11, W_EXITCODE(0, SIGKILL));
	will_wait(0, 0);
	capture_start();
	assert_int_equal(reap_children(&c, 42, &status), REAPED_CHILD);
	capture_stop();
	assert_int_equal(status, W_EXITCODE(5, 0));
	assert_string_equal(captured, "uidinit: reaped zombie 10\nuidinit: reaped zombie 11\n");
}

/* ---- forwarding ---- */

static void test_forward_to_child(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	will_kill(42, SIGTERM, 0, 0);
	forward_signal(&c, 42, SIGTERM);
	will_kill(42, SIGWINCH, 0, 0);
	forward_signal(&c, 42, SIGWINCH);
	will_kill(42, SIGRTMIN + 3, 0, 0);
	forward_signal(&c, 42, SIGRTMIN + 3);
}

static void test_forward_to_group(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-g", "cmd", NULL), 0);
	will_kill(-42, SIGTERM, 0, 0);
	forward_signal(&c, 42, SIGTERM);
	will_kill(-42, SIGINT, 0, 0);
	forward_signal(&c, 42, SIGINT);
}

static void test_forward_remapped(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-r", "TERM:QUIT", "-r", "USR1:0", "cmd", NULL), 0);
	will_kill(42, SIGQUIT, 0, 0);
	forward_signal(&c, 42, SIGTERM);
	/* Dropped: no kill() at all (an unexpected call fails the test). */
	capture_start();
	forward_signal(&c, 42, SIGUSR1);
	capture_stop();
	assert_string_equal(captured, "");
	/* Others go through unchanged. */
	will_kill(42, SIGQUIT, 0, 0);
	forward_signal(&c, 42, SIGQUIT);
	will_kill(42, SIGUSR2, 0, 0);
	forward_signal(&c, 42, SIGUSR2);
	/* Remapped and to the group. */
	assert_int_equal(parse(&c, "-g", "-r", "INT:TERM", "cmd", NULL), 0);
	will_kill(-42, SIGTERM, 0, 0);
	forward_signal(&c, 42, SIGINT);
}

static void test_forward_errors(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	/* ESRCH: the child is already gone; nothing to say. */
	will_kill(42, SIGTERM, -1, ESRCH);
	capture_start();
	forward_signal(&c, 42, SIGTERM);
	capture_stop();
	assert_string_equal(captured, "");
	/* Anything else is worth a warning, and uidinit carries on. */
	will_kill(42, SIGTERM, -1, EPERM);
	capture_start();
	forward_signal(&c, 42, SIGTERM);
	capture_stop();
	assert_string_equal(captured, "uidinit: kill 42: Operation not permitted\n");
}

static void test_forward_verbose(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-v", "-g", "-r", "TERM:QUIT", "-r", "HUP:0", "cmd", NULL), 0);
	will_kill(-42, SIGQUIT, 0, 0);
	capture_start();
	forward_signal(&c, 42, SIGTERM);
	forward_signal(&c, 42, SIGHUP);
	capture_stop();
	assert_string_equal(captured,
		"uidinit: SIGTERM forwarded as SIGQUIT to -42\n"
		"uidinit: dropped SIGHUP\n");
}

/* ---- supervise ---- */

static void test_supervise_forwards_then_reaps(void **state)
{
	struct config c;
	uint64_t sent = 0;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	will_wait(0, 0);
	/* Forwarded, and no waitpid() after it: only a SIGCHLD means a zombie. */
	will_signal(SIGTERM, SI_USER, 4242);
	will_kill(42, SIGTERM, 0, 0);
	will_signal(SIGCHLD, CLD_KILLED, 42);
	will_wait(42, W_EXITCODE(0, SIGTERM));
	will_wait(-1, ECHILD);
	assert_int_equal(supervise(&c, 42, &sent), W_EXITCODE(0, SIGTERM));
	assert_true(sent == (uint64_t)1 << (SIGTERM - 1));
}

static void test_supervise_child_already_gone(void **state)
{
	struct config c;
	uint64_t sent = 0;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	/* Reaped before the first wait: no sigwaitinfo() at all. */
	will_wait(42, W_EXITCODE(7, 0));
	will_wait(0, 0);
	assert_int_equal(supervise(&c, 42, &sent), W_EXITCODE(7, 0));
	assert_true(sent == 0);
}

static void test_supervise_what_is_not_forwarded(void **state)
{
	struct config c;
	uint64_t sent = 0;

	(void)state;
	assert_int_equal(parse(&c, "-g", "-w", "cmd", NULL), 0);
	will_wait(0, 0);
	/* SIGCHLD: reap, never forward. */
	will_signal(SIGCHLD, CLD_EXITED, 77);
	will_wait(77, W_EXITCODE(0, 0));
	will_wait(0, 0);
	/* A SIGPIPE uidinit raised on itself: not the command's. */
	will_signal(SIGPIPE, SI_USER, getpid());
	/* Interrupted: reap, in case, and wait again. */
	will_signal(-1, 0, EINTR);
	will_wait(0, 0);
	/* Queued by uidinit itself (-p after the parent died): forwarded. */
	will_signal(SIGHUP, SI_QUEUE, getpid());
	will_kill(-42, SIGHUP, 0, 0);
	/* From the kernel (si_pid 0), e.g. a tty's SIGWINCH: forwarded. */
	will_signal(SIGWINCH, SI_KERNEL, 0);
	will_kill(-42, SIGWINCH, 0, 0);
	/* The same SIGPIPE from someone else: forwarded. */
	will_signal(SIGPIPE, SI_USER, 4242);
	will_kill(-42, SIGPIPE, 0, 0);
	/* The child goes; its SIGCHLD merged with an orphan's: one reap
	 * takes both. */
	will_signal(SIGCHLD, CLD_EXITED, 42);
	will_wait(78, W_EXITCODE(0, 0));
	will_wait(42, W_EXITCODE(3, 0));
	will_wait(-1, ECHILD);
	capture_start();
	assert_int_equal(supervise(&c, 42, &sent), W_EXITCODE(3, 0));
	capture_stop();
	assert_string_equal(captured, "uidinit: reaped zombie 77\nuidinit: reaped zombie 78\n");
	assert_true(sent == ((uint64_t)1 << (SIGHUP - 1) | (uint64_t)1 << (SIGWINCH - 1) |
			     (uint64_t)1 << (SIGPIPE - 1)));
}

static void test_supervise_forward_fails_carries_on(void **state)
{
	struct config c;
	uint64_t sent = 0;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	will_wait(0, 0);
	will_signal(SIGTERM, SI_USER, 4242);
	will_kill(42, SIGTERM, -1, ESRCH);
	will_signal(SIGCHLD, CLD_KILLED, 42);
	will_wait(42, W_EXITCODE(0, SIGKILL));
	will_wait(0, 0);
	assert_int_equal(supervise(&c, 42, &sent), W_EXITCODE(0, SIGKILL));
	assert_true(sent == 0);	/* the kill failed: not sent */
}

/* -r: what was sent is the signal it became; a dropped one is not sent. */
static void test_supervise_sent_after_remap(void **state)
{
	struct config c;
	uint64_t sent = 0;

	(void)state;
	assert_int_equal(parse(&c, "-r", "TERM:KILL", "-r", "HUP:0", "cmd", NULL), 0);
	will_wait(0, 0);
	will_signal(SIGHUP, SI_USER, 4242);
	will_signal(SIGTERM, SI_USER, 4242);
	will_kill(42, SIGKILL, 0, 0);
	will_signal(SIGCHLD, CLD_KILLED, 42);
	will_wait(42, W_EXITCODE(0, SIGKILL));
	will_wait(0, 0);
	assert_int_equal(supervise(&c, 42, &sent), W_EXITCODE(0, SIGKILL));
	assert_true(sent == (uint64_t)1 << (SIGKILL - 1));
}

/* Job control: supervising outside PID 1 only.  PID 1 is never stopped
 * by the kernel, and the hand-off leaves it to the command. */
static void test_config_job_control(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	assert_true(c.job_control);
	assert_int_equal(parse(&c, "-g", "cmd", NULL), 0);
	assert_true(c.job_control);
	assert_int_equal(parse(&c, "cmd", NULL), 0);
	assert_false(c.job_control);
	fake_pid = 1;
	assert_int_equal(parse(&c, "cmd", NULL), 0);
	assert_true(c.supervise && !c.job_control);
	assert_int_equal(parse(&c, "-s", "cmd", NULL), 0);
	assert_false(c.job_control);
}

/* With job control, the reap asks for stops too; a stopped child is
 * CHILD_STOPPED with its status, not reaped; a stopped orphan is neither
 * reaped nor named by -w. */
static void test_reap_stopped(void **state)
{
	struct config c;
	int st = -1;

	(void)state;
	assert_int_equal(parse(&c, "-s", "-w", "cmd", NULL), 0);
	will_wait(77, W_STOPCODE(SIGSTOP));
	will_wait(42, W_STOPCODE(SIGTSTP));
	will_wait(0, 0);
	capture_start();
	assert_int_equal(reap_children(&c, 42, &st), CHILD_STOPPED);
	capture_stop();
	assert_true(wait_untraced);
	assert_true(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP);
	assert_string_equal(captured, "");
	/* Stopped, then killed while stopped: the death wins. */
	will_wait(42, W_STOPCODE(SIGTTIN));
	will_wait(42, W_EXITCODE(0, SIGKILL));
	will_wait(-1, ECHILD);
	assert_int_equal(reap_children(&c, 42, &st), REAPED_CHILD | CHILD_STOPPED | NONE_LEFT);
	assert_int_equal(st, W_EXITCODE(0, SIGKILL));
	/* As PID 1: no WUNTRACED. */
	fake_pid = 1;
	assert_int_equal(parse(&c, "cmd", NULL), 0);
	will_wait(0, 0);
	assert_int_equal(reap_children(&c, 42, &st), 0);
	assert_false(wait_untraced);
}

/* -p when the parent died before the prctl(): uidinit queues the signal
 * itself, as SI_QUEUE from its own PID, which raised_by_self() lets
 * through to the child. */
static void test_parent_death_signal_queued(void **state)
{
	static const struct timespec zero;
	struct config c;
	sigset_t set, old;
	siginfo_t si;

	(void)state;
	memset(&c, 0, sizeof c);
	c.pdeathsig = SIGUSR2;
	c.parent = getppid() + 1;	/* the parent at start is gone */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	assert_int_equal(sigprocmask(SIG_BLOCK, &set, &old), 0);
	set_parent_death_signal(&c);
	assert_int_equal(prctl(PR_SET_PDEATHSIG, 0), 0);
	assert_int_equal(sigtimedwait(&set, &si, &zero), SIGUSR2);
	assert_int_equal(si.si_code, SI_QUEUE);
	assert_int_equal(si.si_pid, getpid());
	assert_false(raised_by_self(&si, getpid()));
	/* The parent still there: nothing queued. */
	c.parent = getppid();
	set_parent_death_signal(&c);
	assert_int_equal(prctl(PR_SET_PDEATHSIG, 0), 0);
	assert_int_equal(sigtimedwait(&set, &si, &zero), -1);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ---- the death line ---- */

static void death(const char *cmd, int status, uint64_t sent)
{
	struct config c;

	assert_int_equal(parse(&c, cmd, NULL), 0);
	capture_start();
	report_death(&c, 4321, status, sent);
	capture_stop();
}

static void test_report_death(void **state)
{
	(void)state;
	death("app", W_EXITCODE(0, SIGKILL), 0);
	assert_string_equal(captured, "uidinit: app (pid 4321) killed by SIGKILL\n");
	death("app", W_EXITCODE(0, SIGSEGV) | WCOREFLAG, 0);
	assert_string_equal(captured, "uidinit: app (pid 4321) killed by SIGSEGV, core dumped\n");
	death("/bin/app", W_EXITCODE(0, SIGABRT), (uint64_t)1 << (SIGTERM - 1));
	assert_string_equal(captured, "uidinit: /bin/app (pid 4321) killed by SIGABRT\n");
	death("app", W_EXITCODE(0, 36), 0);
	assert_string_equal(captured, "uidinit: app (pid 4321) killed by SIGRTMIN+2\n");
	/* The name is escaped like any value. */
	death("a\nuidinit: b", W_EXITCODE(0, SIGKILL), 0);
	assert_string_equal(captured, "uidinit: a\\x0auidinit: b (pid 4321) killed by SIGKILL\n");
}

static void test_report_death_quiet(void **state)
{
	(void)state;
	/* Forwarded by uidinit: docker stop stays quiet. */
	death("app", W_EXITCODE(0, SIGTERM), (uint64_t)1 << (SIGTERM - 1));
	assert_string_equal(captured, "");
	death("app", W_EXITCODE(0, SIGKILL), (uint64_t)1 << (SIGKILL - 1) | 1);
	assert_string_equal(captured, "");
	/* An exit, even 137. */
	death("app", W_EXITCODE(137, 0), 0);
	assert_string_equal(captured, "");
	death("app", W_EXITCODE(0, 0), 0);
	assert_string_equal(captured, "");
	/* As bash: Ctrl-C and a closed pipe say nothing. */
	death("app", W_EXITCODE(0, SIGINT), 0);
	assert_string_equal(captured, "");
	death("app", W_EXITCODE(0, SIGPIPE), 0);
	assert_string_equal(captured, "");
}

/* ---- -t: the grace period ---- */

static void test_grace_nothing_left(void **state)
{
	struct config c;

	(void)state;
	fake_pid = 1;
	assert_int_equal(parse(&c, "-t", "5", "cmd", NULL), 0);
	/* No process left: no signal at all. */
	will_wait(-1, ECHILD);
	stop_remaining(&c, 42);
}

static void test_grace_pid1_all_end_in_time(void **state)
{
	struct config c;

	(void)state;
	fake_pid = 1;
	assert_int_equal(parse(&c, "-w", "-t", "5", "cmd", NULL), 0);
	will_wait(0, 0);
	/* PID 1: the namespace is ours, kill(-1). */
	will_kill(-1, SIGTERM, 0, 0);
	will_wait(0, 0);
	will_return(mock_sigtimedwait, 1);
	will_wait(50, W_EXITCODE(0, SIGTERM));
	will_wait(0, 0);
	will_return(mock_sigtimedwait, 1);
	will_wait(51, W_EXITCODE(0, 0));
	will_wait(-1, ECHILD);
	capture_start();
	stop_remaining(&c, 42);
	capture_stop();
	/* No SIGKILL: an unexpected kill() would have failed the test. */
	assert_string_equal(captured, "uidinit: reaped zombie 50\nuidinit: reaped zombie 51\n");
}

static void test_grace_pid1_kills_after(void **state)
{
	struct config c;
	struct timespec start;

	(void)state;
	fake_pid = 1;
	assert_int_equal(parse(&c, "-t", "3", "cmd", NULL), 0);
	start = fake_now;
	will_wait(0, 0);
	will_kill(-1, SIGTERM, 0, 0);
	will_wait(0, 0);
	will_return(mock_sigtimedwait, 1);	/* an early SIGCHLD... */
	will_wait(50, W_EXITCODE(0, 0));
	will_wait(0, 0);			/* ...but one is still there */
	will_return(mock_sigtimedwait, 0);	/* the rest of the 3 s pass */
	will_wait(0, 0);
	will_kill(-1, SIGKILL, 0, 0);
	stop_remaining(&c, 42);
	/* It waited the grace period, and not much more. */
	assert_true(fake_now.tv_sec - start.tv_sec == 3);
}

static void test_grace_zero(void **state)
{
	struct config c;

	(void)state;
	fake_pid = 1;
	assert_int_equal(parse(&c, "-t", "0", "cmd", NULL), 0);
	will_wait(0, 0);
	will_kill(-1, SIGTERM, 0, 0);
	will_wait(0, 0);
	will_return(mock_sigtimedwait, 0);
	will_wait(0, 0);
	will_kill(-1, SIGKILL, 0, 0);
	stop_remaining(&c, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_parse_number),
		TEST(test_parse_signal_names),
		TEST(test_parse_signal_realtime),
		TEST(test_parse_signal_bad),
		TEST(test_signal_name),
		TEST(test_warn_escapes),
		TEST(test_warn_escapes_cut),
		TEST(test_format_raw),
		TEST(test_usage_error_escapes),
		TEST(test_config_command_only),
		TEST(test_config_pid1_supervises),
		TEST(test_config_inherited_subreaper),
		TEST(test_config_flags),
		TEST(test_config_arguments),
		TEST(test_config_exit_codes),
		TEST(test_config_remap),
		TEST(test_config_end_of_options),
		TEST(test_config_help_version),
		TEST(test_config_usage_errors),
		TEST(test_config_argc_zero),
		TEST(test_env),
		TEST(test_env_errors),
		TEST(test_env_ignored_by_x),
		TEST(test_exit_code),
		TEST(test_exit_code_mapped),
		TEST(test_is_forwarded),
		TEST(test_block_signals),
		TEST(test_reap_several_then_none_now),
		TEST(test_reap_orphans_only),
		TEST(test_reap_child_last),
		TEST(test_reap_warns),
		TEST(test_forward_to_child),
		TEST(test_forward_to_group),
		TEST(test_forward_remapped),
		TEST(test_forward_errors),
		TEST(test_forward_verbose),
		TEST(test_supervise_forwards_then_reaps),
		TEST(test_supervise_child_already_gone),
		TEST(test_supervise_what_is_not_forwarded),
		TEST(test_supervise_forward_fails_carries_on),
		TEST(test_supervise_sent_after_remap),
		TEST(test_config_job_control),
		TEST(test_reap_stopped),
		TEST(test_parent_death_signal_queued),
		TEST(test_report_death),
		TEST(test_report_death_quiet),
		TEST(test_grace_nothing_left),
		TEST(test_grace_pid1_all_end_in_time),
		TEST(test_grace_pid1_kills_after),
		TEST(test_grace_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
