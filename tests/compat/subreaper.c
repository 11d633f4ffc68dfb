/* subreaper CMD [ARG]...: take the child-subreaper attribute, then exec
 * CMD.  The attribute survives execve, so CMD (an init) starts holding it,
 * as under a launcher such as tini's test proxy or a systemd service with
 * a subreaper parent. */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		perror("subreaper: prctl");
		return 2;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
