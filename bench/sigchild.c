/* The signal benchmark's child:  sigchild  (fd 3: the acknowledgement pipe)
 *
 * Blocks every signal but the unblockable and the synchronous-fault ones,
 * writes its PID as /proc sees it (4 bytes) to fd 3, then for each signal
 * taken with sigwaitinfo writes its number (1 byte) to fd 3.  The driver
 * waits for each byte before the next send, so no two signals are ever
 * pending at once and none can merge. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BIT(s) (1UL << ((s) - 1))

int main(void)
{
	unsigned long mask = ~0UL & ~(BIT(SIGKILL) | BIT(SIGSTOP) | BIT(SIGSEGV) |
		BIT(SIGBUS) | BIT(SIGFPE) | BIT(SIGILL) | BIT(SIGABRT) | BIT(SIGTRAP) |
		BIT(SIGSYS));
	char lnk[32];
	siginfo_t si;
	ssize_t l;
	int pid, sig;
	unsigned char b;

	/* Raw system calls: libc would keep its internal signals 32-34 out. */
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &mask, NULL, 8);
	if ((l = readlink("/proc/self", lnk, sizeof lnk - 1)) <= 0)
		return 1;
	lnk[l] = 0;
	pid = atoi(lnk);
	if (write(3, &pid, sizeof pid) != sizeof pid)
		return 1;
	for (;;) {
		sig = (int)syscall(SYS_rt_sigtimedwait, &mask, &si, NULL, 8);
		if (sig <= 0)
			continue;
		b = (unsigned char)sig;
		if (write(3, &b, 1) != 1)
			return 1;
	}
}
