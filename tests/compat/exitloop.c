/* exitloop INIT [OPTION]...: for every code 0..255, run
 *   INIT OPTION... -e CODE -- sh -c 'exit CODE'          must give 0
 *   INIT OPTION... -e X (every X but CODE) sh -c 'exit CODE'   must give CODE
 * (the second with POSIXLY_CORRECT=1: tini's getopt then stops at "sh").
 * Prints each mismatch as "in|ex:CODE:STATUS ", then "checked N" (so a
 * loop cut short by a timeout cannot pass); exit 1 if any.  In C
 * because a shell loop would fork 1,500 more processes per init. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char **argv, int posix)
{
	int st;
	pid_t p = fork();

	if (p == 0) {
		/* tini warns on every run outside PID 1: 1,500 warnings */
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 2);
		if (posix)
			setenv("POSIXLY_CORRECT", "1", 1);
		execv(argv[0], argv);
		_exit(99);
	}
	if (p < 0 || waitpid(p, &st, 0) != p)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	static char codes[256][4];
	/* argv[1..], 2 x 255 "-e X", "sh -c 'exit $0' CODE", NULL */
	char *av[argc + 520], script[] = "exit $0";
	int n, code, x, got, bad = 0, runs = 0, nopt = argc - 1;

	if (argc < 2)
		return 2;
	for (x = 0; x < 256; x++)
		snprintf(codes[x], sizeof codes[x], "%d", x);
	memcpy(av, argv + 1, (size_t)nopt * sizeof *av);
	for (code = 0; code < 256; code++) {
		n = nopt;
		av[n++] = "-e";
		av[n++] = codes[code];
		av[n++] = "--";
		av[n++] = "sh";
		av[n++] = "-c";
		av[n++] = script;
		av[n++] = codes[code];
		av[n] = NULL;
		runs++;
		if ((got = run(av, 0)) != 0) {
			printf("in:%d:%d ", code, got);
			bad = 1;
		}
		n = nopt;
		for (x = 0; x < 256; x++)
			if (x != code) {
				av[n++] = "-e";
				av[n++] = codes[x];
			}
		av[n++] = "sh";
		av[n++] = "-c";
		av[n++] = script;
		av[n++] = codes[code];
		av[n] = NULL;
		runs++;
		if ((got = run(av, 1)) != code) {
			printf("ex:%d:%d ", code, got);
			bad = 1;
		}
	}
	printf("checked %d\n", runs);
	return bad;
}
