/* printsig: dumb-init's testing/print_signals.py.  Say "ready (pid: N)",
 * then print the number of every signal 1-31 it receives (all but KILL,
 * STOP and CHLD), one line each, as it takes them; exit 0 after two SIGINTs
 * in a row.  The signals are blocked and taken with sigwaitinfo, so none
 * of them (TSTP included) has its default action on us. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void say(const char *s)
{
	size_t n = strlen(s);

	if (write(STDOUT_FILENO, s, n) < 0)
		_exit(1);
}

int main(void)
{
	sigset_t set;
	char line[64];
	int sig, last = 0;

	sigemptyset(&set);
	for (sig = 1; sig < 32; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD)
			sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	snprintf(line, sizeof line, "ready (pid: %d)\n", (int)getpid());
	say(line);
	for (;;) {
		if ((sig = sigwaitinfo(&set, NULL)) < 0)
			continue;
		snprintf(line, sizeof line, "%d\n", sig);
		say(line);
		if (sig == SIGINT && last == SIGINT)
			return 0;
		last = sig;
	}
}
