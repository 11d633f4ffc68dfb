/* sigconf CMD [ARG]...: exec CMD with SIGTTOU, SIGSEGV and SIGINT ignored
 * and SIGTTIN, SIGILL and SIGTERM blocked: one signal of each pair an init
 * touches for itself (the tty stop signals), leaves alone (the faults) and
 * takes to forward (INT, TERM).  The command must find them as given. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	sigset_t set;

	if (argc < 2)
		return 2;
	signal(SIGTTOU, SIG_IGN);
	signal(SIGSEGV, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTTIN);
	sigaddset(&set, SIGILL);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
