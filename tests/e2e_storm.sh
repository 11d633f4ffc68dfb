#!/usr/bin/env bash
# Load: a signal storm (100,000 signals of mixed numbers) sent to uidinit
# as PID 1 of a fresh PID namespace while its child forks and orphans
# 10,000 short-lived processes.  uidinit must survive, forward (each
# standard signal reaches the child at least once after its last send),
# reap every orphan, exit with the child's status, and its RSS must stay
# within 10%.  The sender and the child are one small C helper, built here.
# STORM_SIGNALS and STORM_ORPHANS make it smaller while developing.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" util-linux gcc libc6-dev || exit 1

scratch
up=
tidy() { [ -z "$up" ] || kill "$up" 2>/dev/null; }
SIGNALS=${STORM_SIGNALS:-100000}
ORPHANS=${STORM_ORPHANS:-10000}

cat >"$T/storm.c" <<'EOF'
/* The storm helper: "child SHM ORPHANS" runs under uidinit, "send PID SHM
 * N" is the sender outside.  They meet in a shared file (SHM). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct shm {
	int ready, orphans_done, done;
	int seen[65];
	long count[65];
};

static const int sigs[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
	SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ,
	SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPWR, 35, 36, 40, 50, 64,
};
enum { NSIGS = sizeof sigs / sizeof sigs[0] };
static struct shm *m;

static struct shm *map(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT, 0666);
	void *p;

	if (fd < 0 || ftruncate(fd, sizeof(struct shm)) < 0)
		exit(90);
	p = mmap(NULL, sizeof(struct shm), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		exit(91);
	close(fd);
	return p;
}

static void on_signal(int sig)
{
	__atomic_store_n(&m->seen[sig], 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&m->count[sig], 1, __ATOMIC_SEQ_CST);
}

static void nap(void)
{
	struct timespec ts = { 0, 1000000 };

	nanosleep(&ts, NULL);
}

/* Wait up to secs seconds for *p to become nonzero. */
static int wait_for(int *p, int secs)
{
	int i;

	for (i = 0; i < secs * 1000; i++) {
		if (__atomic_load_n(p, __ATOMIC_SEQ_CST))
			return 1;
		nap();
	}
	return 0;
}

static void orphans(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			nap();
			i--;
			continue;
		}
		if (pid == 0) {
			if (fork() == 0)
				_exit(0);
			_exit(0);
		}
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
}

static int child(int n)
{
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < NSIGS; i++)
		sigaction(sigs[i], &sa, NULL);
	sigaction(34, &sa, NULL);
	orphans(100);	/* warm-up: uidinit has reaped before */
	__atomic_store_n(&m->ready, 1, __ATOMIC_SEQ_CST);
	orphans(n - 100);
	__atomic_store_n(&m->orphans_done, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&m->done, __ATOMIC_SEQ_CST))
		nap();
	return 42;
}

static long rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Zombies whose parent is pid. */
static int zombies(pid_t pid)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	char path[300], buf[512], *p, state;
	int n = 0, fd, other;
	ssize_t r;

	while (d && (de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		if ((fd = open(path, O_RDONLY)) < 0)
			continue;
		r = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (r <= 0)
			continue;
		buf[r] = 0;
		if ((p = strrchr(buf, ')')) && sscanf(p + 1, " %c %d", &state, &other) == 2 &&
		    state == 'Z' && other == pid)
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

/* Send sig once more after clearing its flag: 1 if the child saw it. */
static int last_one_arrives(pid_t pid, int sig)
{
	__atomic_store_n(&m->seen[sig], 0, __ATOMIC_SEQ_CST);
	if (kill(pid, sig) < 0)
		return 0;
	return wait_for(&m->seen[sig], 10);
}

static int send(pid_t pid, long n)
{
	long i, failed = 0, sent[65] = { 0 };
	long before, after;
	int k, missing = 0;

	if (!wait_for(&m->ready, 60)) {
		puts("child never ready");
		return 1;
	}
	for (k = 0; k < NSIGS; k++)	/* warm-up: every path taken once */
		if (!last_one_arrives(pid, sigs[k]))
			printf("warm-up: signal %d not seen\n", sigs[k]);
	before = rss_kb(pid);
	for (i = 0; i < n; i++) {
		int sig = i % 97 == 0 ? SIGCHLD : sigs[(i * 7 + i / NSIGS) % NSIGS];

		if (kill(pid, sig) < 0) {
			if (errno == ESRCH) {
				printf("uidinit gone after %ld signals\n", i);
				return 1;
			}
			failed++;	/* EAGAIN: the real-time queue is full */
		} else {
			sent[sig]++;
		}
	}
	printf("sent %ld failed %ld\n", n - failed, failed);
	if (!wait_for(&m->orphans_done, 150))
		puts("orphans not done");
	for (k = 0; k < NSIGS; k++) {
		if (!sent[sigs[k]] || !__atomic_load_n(&m->count[sigs[k]], __ATOMIC_SEQ_CST))
			printf("signal %d: sent %ld, seen %ld\n", sigs[k], sent[sigs[k]], m->count[sigs[k]]);
		if (!last_one_arrives(pid, sigs[k])) {
			printf("signal %d: not seen after the last send\n", sigs[k]);
			missing++;
		}
	}
	printf("all seen after the last send: %s\n", missing ? "no" : "yes");
	for (k = 0; k < 100 && zombies(pid); k++)
		nap();
	printf("zombies %d\n", zombies(pid));
	printf("rt34 %s\n", last_one_arrives(pid, 34) ? "seen" : "lost");
	after = rss_kb(pid);
	printf("rss %ld %ld %s\n", before, after,
	       after >= 0 && before > 0 && after * 10 <= before * 11 ? "flat" : "grew");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "child") == 0) {
		m = map(argv[2]);
		return child(atoi(argv[3]));
	}
	if (argc == 5 && strcmp(argv[1], "send") == 0) {
		int r;

		m = map(argv[3]);
		r = send(atoi(argv[2]), atol(argv[4]));
		__atomic_store_n(&m->done, 1, __ATOMIC_SEQ_CST);
		return r;
	}
	fputs("usage: storm child SHM ORPHANS | storm send PID SHM N\n", stderr);
	return 2;
}
EOF
if cc -O2 -Wall -Wextra -o "$T/storm" "$T/storm.c" 2>"$T/cc.err"; then
	ok storm-helper-built
else
	fail storm-helper-built "$(cat "$T/cc.err")"
	finish
	exit 1
fi

timeout -k 5 170 unshare --pid --fork --mount-proc \
	"$UIDINIT" -n -- "$T/storm" child "$T/shm" "$ORPHANS" &
up=$!
# uidinit's PID out here: the child of unshare.
pid=
for _ in $(seq 1 200); do
	pid=$(pgrep -P "$(pgrep -P "$up" | head -n 1)" 2>/dev/null | head -n 1)
	[ -n "$pid" ] && [ "/proc/$pid/exe" -ef "$UIDINIT" ] && break
	pid=
	sleep 0.1
done
if [ -z "$pid" ]; then
	fail storm-started "no uidinit under unshare"
	finish
	exit 1
fi
timeout -k 5 160 "$T/storm" send "$pid" "$T/shm" "$SIGNALS" >"$T/out" 2>&1
send_status=$?
wait "$up"
status=$?
up=
expect_eq "storm-sender-done" 0 "$send_status"
[ "$send_status" -eq 0 ] || sed 's/^/    /' "$T/out"
expect_eq "storm-exit-status-is-childs" 42 "$status"
check "storm-all-sent" grep -qE "^sent [0-9]+ failed [0-9]+$" "$T/out"
expect_eq "storm-every-signal-seen" "" "$(grep -E '^(signal|warm-up|orphans|uidinit gone)' "$T/out")"
check "storm-seen-after-last-send" grep -qx "all seen after the last send: yes" "$T/out"
check "storm-no-zombie" grep -qx "zombies 0" "$T/out"
check "storm-rss-flat" grep -qE "^rss [0-9]+ [0-9]+ flat$" "$T/out"
# glibc's SIGRTMIN (34), which a musl libc keeps out of sigfillset().
check "rt34-forwarded" grep -qx "rt34 seen" "$T/out"
[ -n "${VERBOSE:-}" ] && sed 's/^/    /' "$T/out"

finish
