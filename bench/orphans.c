/* The reaping benchmark, run as the init's child:  orphans [-s] N
 *
 * Forks a helper that starts N processes, each blocked reading a pipe; the
 * helper exits, so the N become orphans and the kernel hands them to the
 * init (PID 1 of the namespace).  Once the init's children list
 * (/proc/INIT/task/INIT/children, INIT being our parent's PID as /proc
 * sees it) holds all N, the pipe is closed: all N exit at once, and this
 * program polls that list until only itself is left.  Prints
 * "N NS CPU W" on stdout: N orphans, NS nanoseconds from the release to the
 * last one reaped, CPU the nanoseconds the init ran meanwhile (schedstat),
 * W the times it went to sleep meanwhile (voluntary context switches).
 * Exits 1 on any failure.
 *
 * The N are clone(CLONE_VM) processes on small stacks, as vfork children
 * are: each has its own PID and thread group and is reaped with waitpid
 * like any other, but neither its start nor its exit copies or tears down
 * page tables, which on a VM costs about a millisecond per process and
 * would bury the init's own work. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 20];
static int release_fd;

#define STACK 8192

static int orphan(void *arg)
{
	char b;

	(void)arg;
	while (read(release_fd, &b, 1) < 0)
		;
	_exit(0);
}

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* /proc/PID/FILE into b, NUL-terminated; its length, or -1. */
static int read_proc(long pid, const char *file, char *b, size_t size)
{
	char path[64];
	int fd, n;

	snprintf(path, sizeof path, "/proc/%ld/%s", pid, file);
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	n = read(fd, b, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	b[n] = 0;
	return n;
}

/* Field 4 of /proc/PID/stat: after the last ')', state, then the parent. */
static long parent_of(long pid)
{
	char b[512], *p;

	if (read_proc(pid, "stat", b, sizeof b) < 0 || !(p = strrchr(b, ')')))
		return -1;
	return strtol(p + 4, NULL, 10);
}

/* Nanoseconds PID has spent on a CPU: field 1 of /proc/PID/schedstat. */
static long long cpu_ns(long pid)
{
	char b[128];

	if (read_proc(pid, "schedstat", b, sizeof b) < 0)
		return -1;
	return atoll(b);
}

/* voluntary_ctxt_switches of PID: how often it went to sleep. */
static long long wakeups(long pid)
{
	char b[4096], *p;

	if (read_proc(pid, "status", b, sizeof b) < 0 ||
	    !(p = strstr(b, "\nvoluntary_ctxt_switches:")))
		return -1;
	return atoll(p + 26);
}

static long count_children(const char *path)
{
	long n = 0, got = 0, r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf + got, sizeof buf - got)) > 0)
		got += r;
	close(fd);
	for (r = 0; r < got; r++)
		n += buf[r] == ' ';
	return n;
}

int main(int argc, char **argv)
{
	long n, i, self, init, c;
	int release[2], ready[2];
	char path[64], lnk[32];
	struct timespec pause = { 0, 200000 };
	long long t0, t1, c0, c1, w0, w1;
	pid_t helper;
	ssize_t l;

	/* -s: a session of our own first (as dumb-init gives its child). */
	if (argc > 1 && strcmp(argv[1], "-s") == 0) {
		setsid();
		argv++;
		argc--;
	}
	n = argc > 1 ? atol(argv[1]) : 1000;
	/* /proc is the host's: /proc/self gives our PID there. */
	if ((l = readlink("/proc/self", lnk, sizeof lnk - 1)) <= 0)
		return 1;
	lnk[l] = 0;
	self = atol(lnk);
	if ((init = parent_of(self)) <= 0)
		return 1;
	snprintf(path, sizeof path, "/proc/%ld/task/%ld/children", init, init);
	if (pipe(release) < 0 || pipe(ready) < 0)
		return 1;
	if ((helper = fork()) < 0)
		return 1;
	if (helper == 0) {
		char *stacks = mmap(NULL, (size_t)n * STACK, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		close(release[1]);
		close(ready[0]);
		release_fd = release[0];
		if (stacks == MAP_FAILED)
			_exit(1);
		for (i = 0; i < n; i++)
			if (clone(orphan, stacks + (i + 1) * STACK, CLONE_VM | SIGCHLD, NULL) < 0)
				break;
		if (write(ready[1], &i, sizeof i) != sizeof i)
			_exit(1);
		_exit(0);
	}
	close(release[0]);
	close(ready[1]);
	if (read(ready[0], &i, sizeof i) != sizeof i || i != n) {
		fprintf(stderr, "orphans: forked %ld of %ld\n", i, n);
		return 1;
	}
	waitpid(helper, NULL, 0);
	/* Reparenting happens as the helper exits; wait (at most 10 s) until
	 * all are there.  Should some be missing (killed from outside), go on
	 * and say how many were released. */
	t0 = now();
	while ((c = count_children(path)) < n + 1 && now() - t0 < 10000000000LL)
		nanosleep(&pause, NULL);
	if (c < 2) {
		fprintf(stderr, "orphans: init %ld has %ld children, want %ld\n", init, c, n + 1);
		return 1;
	}
	n = c - 1;
	c0 = cpu_ns(init);
	w0 = wakeups(init);
	t0 = now();
	close(release[1]);
	while ((c = count_children(path)) > 1 && now() - t0 < 60000000000LL)
		nanosleep(&pause, NULL);
	t1 = now();
	c1 = cpu_ns(init);
	w1 = wakeups(init);
	if (c > 1) {
		fprintf(stderr, "orphans: %ld still not reaped after 60 s\n", c - 1);
		return 1;
	}
	if (c < 0)
		return 1;
	printf("%ld %lld %lld %lld\n", n, t1 - t0, c1 - c0, w1 - w0);
	return 0;
}
