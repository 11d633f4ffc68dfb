/* Interleaved wall-clock timer for short commands.
 *
 *   spawnbench [-N] [-n ROUNDS] [-w WARMUP] [-u UID] [-b FILE] -- CMD1 ARG... ::: CMD2 ARG... ...
 *
 * Every round runs each command once, starting with a different one each
 * round (rotation), so slow phases of a busy machine hit all commands alike.
 * Prints one line per round: for each command, in the order given,
 * tab-separated, WALL:CPU in ns: wall time from fork() to wait4() as seen
 * here, and the CPU time (user + system) of the command and every
 * descendant it reaped (wait4's rusage), which a busy machine disturbs less.
 *   -N       run each command as PID 1 of a fresh PID namespace (clone)
 *   -u UID   run the commands as UID, GID 0, no supplementary groups
 *   -b FILE  in a private mount namespace, bind FILE over /etc/passwd, and
 *            truncate FILE back to its starting size after every run; the
 *            last line (on stderr) counts, per command, the runs that grew it
 * stdin, stdout and stderr of the commands are /dev/null.  A command that
 * exits non-zero is reported on stderr and makes the exit status 1. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <grp.h>

#define MAXCMD 16

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int newpid, uid = -1;

static pid_t start(char **argv)
{
	pid_t pid = newpid ? (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0)
			   : fork();
	int fd;

	if (pid != 0)
		return pid;
	fd = open("/dev/null", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	if (uid >= 0 && (setgroups(0, NULL) < 0 || setgid(0) < 0 || setuid(uid) < 0))
		_exit(124);
	execv(argv[0], argv);
	_exit(127);
}

int main(int argc, char **argv)
{
	char **cmd[MAXCMD];
	long long t[MAXCMD], cpu[MAXCMD], t0;
	struct rusage ru;
	long grew[MAXCMD] = { 0 };
	int ncmd = 0, rounds = 100, warm = 5, opt, r, i, k, st, bad = 0;
	const char *bind = NULL;
	struct stat sb;
	off_t size0 = 0;

	while ((opt = getopt(argc, argv, "+Nn:w:u:b:")) != -1) {
		switch (opt) {
		case 'N': newpid = 1; break;
		case 'n': rounds = atoi(optarg); break;
		case 'w': warm = atoi(optarg); break;
		case 'u': uid = atoi(optarg); break;
		case 'b': bind = optarg; break;
		default: return 2;
		}
	}
	for (i = optind; i < argc && ncmd < MAXCMD; ) {
		cmd[ncmd++] = argv + i;
		while (i < argc && strcmp(argv[i], ":::") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;
	}
	if (!ncmd) {
		fprintf(stderr, "spawnbench: no command\n");
		return 2;
	}
	if (bind) {
		if (stat(bind, &sb) < 0 || unshare(CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount(bind, "/etc/passwd", NULL, MS_BIND, NULL) < 0) {
			perror("spawnbench: bind");
			return 2;
		}
		size0 = sb.st_size;
	}
	for (r = -warm; r < rounds; r++) {
		for (k = 0; k < ncmd; k++) {
			i = ((r + warm) + k) % ncmd;
			t0 = now();
			pid_t pid = start(cmd[i]);
			if (pid < 0) {
				perror("spawnbench: fork");
				return 2;
			}
			while (wait4(pid, &st, 0, &ru) < 0)
				;
			t[i] = now() - t0;
			cpu[i] = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
				 (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
			if (st != 0) {
				fprintf(stderr, "spawnbench: %s: status %d\n", cmd[i][0], st);
				bad = 1;
			}
			if (bind) {
				if (stat(bind, &sb) == 0 && sb.st_size > size0) {
					if (r >= 0)
						grew[i]++;
					if (truncate(bind, size0) < 0)
						perror("spawnbench: truncate");
				}
			}
		}
		if (r < 0)
			continue;
		for (i = 0; i < ncmd; i++)
			printf("%lld:%lld%c", t[i], cpu[i], i + 1 < ncmd ? '\t' : '\n');
	}
	if (bind) {
		fprintf(stderr, "# grew:");
		for (i = 0; i < ncmd; i++)
			fprintf(stderr, " %ld", grew[i]);
		fprintf(stderr, "\n");
	}
	return bad;
}
