/* Signal round-trip driver:
 *
 *   sigbench [-n COUNT] [-t MS] -- INIT ARG... SIGCHILD ::: INIT2 ARG... SIGCHILD ...
 *
 * Starts every command as PID 1 of its own PID namespace, with fd 3 the
 * write end of an acknowledgement pipe (see sigchild.c), then:
 * 1. latency: COUNT rounds; each round sends one signal (cycling through
 *    HUP INT QUIT USR1 USR2 TERM WINCH) to each init and straight to each
 *    child, interleaved (subjects rotated, via-init and direct alternated),
 *    and times kill() to the child's acknowledgement.  Each send waits for
 *    its acknowledgement (or MS milliseconds) before the next, so signals
 *    never merge: every one not acknowledged is lost.
 * 2. coverage: every signal 1-64 but KILL STOP CHLD, the fault signals
 *    (SEGV BUS FPE ILL ABRT TRAP SYS) and 32-34 (libc internals) is sent
 *    once to each init; TSTP TTIN TTOU CONT last.
 * Output lines:  "via S NS..."  "direct S NS..."  (S = command index; one
 *                time per round, -1 where the signal was lost),
 *                "lost S via|direct SIG N",  "cov S SIG 0|1". */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXS 16

struct subj {
	pid_t init, child;
	int ack;
	long long *t[2];
	int lost[2][65];
};

static struct subj S[MAXS];
static int ns, timeout_ms = 200;

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int start(struct subj *s, char **argv)
{
	int p[2], fd, pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	s->init = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (s->init < 0)
		return -1;
	if (s->init == 0) {
		if (p[1] == 3)
			fcntl(3, F_SETFD, 0);
		else
			dup2(p[1], 3);
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	s->ack = p[0];
	struct pollfd pf = { p[0], POLLIN, 0 };
	if (poll(&pf, 1, 5000) != 1 || read(p[0], &pid, sizeof pid) != sizeof pid) {
		fprintf(stderr, "sigbench: %s: no hello from the child\n", argv[0]);
		return -1;
	}
	s->child = pid;
	return 0;
}

/* The next acknowledged signal number, or -1 after ms milliseconds. */
static int ack(struct subj *s, int ms)
{
	struct pollfd pf = { s->ack, POLLIN, 0 };
	unsigned char b;

	if (poll(&pf, 1, ms) != 1 || read(s->ack, &b, 1) != 1)
		return -1;
	return b;
}

/* After a loss: let a late acknowledgement arrive and drop it. */
static void drain(struct subj *s)
{
	while (ack(s, timeout_ms) > 0)
		;
}

static int roundtrip(struct subj *s, int direct, int sig, int i)
{
	long long t0 = now();
	int got;

	kill(direct ? s->child : s->init, sig);
	got = ack(s, timeout_ms);
	if (got != sig) {
		s->lost[direct][sig]++;
		s->t[direct][i] = -1;
		drain(s);
		return -1;
	}
	s->t[direct][i] = now() - t0;
	return 0;
}

int main(int argc, char **argv)
{
	static const int lat[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGWINCH };
	static const int last[] = { SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT };
	const int nlat = sizeof lat / sizeof lat[0];
	int count = 1000, opt, i, k, m, sig, j;
	char **cmd[MAXS];

	while ((opt = getopt(argc, argv, "+n:t:")) != -1) {
		switch (opt) {
		case 'n': count = atoi(optarg); break;
		case 't': timeout_ms = atoi(optarg); break;
		default: return 2;
		}
	}
	for (i = optind; i < argc && ns < MAXS; ) {
		cmd[ns++] = argv + i;
		while (i < argc && strcmp(argv[i], ":::") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;
	}
	signal(SIGPIPE, SIG_IGN);
	for (k = 0; k < ns; k++) {
		S[k].t[0] = calloc(count, sizeof(long long));
		S[k].t[1] = calloc(count, sizeof(long long));
		if (start(&S[k], cmd[k]) < 0)
			return 2;
	}
	for (i = 0; i < count; i++) {
		sig = lat[i % nlat];
		for (k = 0; k < ns; k++)
			for (m = 0; m < 2; m++)
				roundtrip(&S[(i + k) % ns], (i + m) % 2, sig, i);
	}
	for (k = 0; k < ns; k++) {
		for (m = 0; m < 2; m++) {
			printf("%s %d", m ? "direct" : "via", k);
			for (i = 0; i < count; i++)
				printf(" %lld", S[k].t[m][i]);
			printf("\n");
			for (sig = 1; sig <= 64; sig++)
				if (S[k].lost[m][sig])
					printf("lost %d %s %d %d\n", k, m ? "direct" : "via", sig, S[k].lost[m][sig]);
		}
	}
	for (k = 0; k < ns; k++) {
		for (j = 0; j < 64 + 4; j++) {
			sig = j < 64 ? j + 1 : last[j - 64];
			if (j < 64 && (sig == SIGKILL || sig == SIGSTOP || sig == SIGCHLD ||
			    sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL ||
			    sig == SIGABRT || sig == SIGTRAP || sig == SIGSYS ||
			    (sig >= 32 && sig <= 34) || sig == SIGTSTP || sig == SIGTTIN ||
			    sig == SIGTTOU || sig == SIGCONT))
				continue;
			kill(S[k].init, sig);
			int got = ack(&S[k], timeout_ms);
			if (got != sig)
				drain(&S[k]);
			printf("cov %d %d %d\n", k, sig, got == sig);
		}
	}
	for (k = 0; k < ns; k++) {
		kill(S[k].init, SIGKILL);
		waitpid(S[k].init, NULL, 0);
	}
	return 0;
}
