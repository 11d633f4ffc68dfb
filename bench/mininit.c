/* Reference PID 1, the least an init can do: block signals, fork, exec,
 * forward every signal but SIGCHLD, reap with waitpid(-1).  No account fix,
 * no options, no process groups.  The floor for the PID-1 benchmarks.
 * mininit -g CMD...: the child gets a process group of its own (as uidinit,
 * tini and catatonit give it), to show what that layout costs. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	sigset_t all, old;
	pid_t child, pid;
	int st, sig, code = 0, done = 0, group = 0;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1] == 'g' && !argv[1][2]) {
		group = 1;
		argv++;
		argc--;
	}
	if (argc < 2)
		return 125;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	if ((child = fork()) < 0)
		return 125;
	if (child == 0) {
		if (group)
			setpgid(0, 0);
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	for (;;) {
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			if (pid == child) {
				code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
				done = 1;
			}
		if (done)
			break;
		if ((sig = sigwaitinfo(&all, NULL)) > 0 && sig != SIGCHLD)
			kill(child, sig);
	}
	return code;
}
