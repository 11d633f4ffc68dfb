/*
 * libFuzzer: init.c's option, environment and signal-name parser.  The
 * input is split at NUL bytes; a piece starting with '=' is an environment
 * assignment NAME=VALUE (only UIDINIT_* and TINI_* names are honoured),
 * every other piece is an argument after argv[0].  parse_config() must
 * not crash and must give -1 or a configuration that holds together.
 * Each argument is also fed to parse_signal(), which must give -1 or a
 * signal that signal_name() names back, and to the message formatter,
 * which must let no control byte through.
 */
#include "../../init.c"

#include <stdio.h>

#include "fuzz_util.h"

enum { MAX_ARGS = 64 };

static const char *const env_names[] = {
	"UIDINIT_SUBREAPER", "UIDINIT_KILL_PROCESS_GROUP", "UIDINIT_VERBOSE",
	"UIDINIT_ALLOW_SETUID", "UIDINIT_GRACE", "TINI_SUBREAPER",
	"TINI_KILL_PROCESS_GROUP", "TINI_VERBOSITY",
};

static void check_signal(const char *s)
{
	char buf[16];
	int sig = parse_signal(s), back;

	if (sig == -1)
		return;
	if (sig <= 0 || sig >= NSIG)
		FUZZ_FAIL("parse_signal(%s) = %d", s, sig);
	back = parse_signal(signal_name(sig, buf));
	if (back != sig)
		FUZZ_FAIL("parse_signal(%s) = %d, but its name %s gives %d", s, sig, buf, back);
}

static size_t escaped(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = vformat(buf, size, f, ap, 1);
	va_end(ap);
	return n;
}

/* A value in a message: no control byte gets through, whatever the input
 * and wherever the line is cut; a value without any comes out as it is. */
static void check_escape(const char *s)
{
	static const size_t sizes[] = { 1, 2, 3, 4, 5, 16, 1024 };
	char buf[1024];
	size_t i, j, n, plain = 1;

	for (j = 0; s[j]; j++)
		plain &= (unsigned char)s[j] >= 0x20 && s[j] != 0x7f;
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		n = escaped(buf, sizes[i], "%s", s);
		if (n >= sizes[i] || strlen(buf) != n)
			FUZZ_FAIL("escaped %zu bytes into %zu", n, sizes[i]);
		for (j = 0; j < n; j++)
			if ((unsigned char)buf[j] < 0x20 || buf[j] == 0x7f)
				FUZZ_FAIL("control byte 0x%02x in a message", (unsigned char)buf[j]);
		if (plain && strncmp(buf, s, n) != 0)
			FUZZ_FAIL("a plain value changed in a message");
	}
}

static void check_config(const struct config *c, char **argv, int argc)
{
	int sig;

	if (c->help || c->version)
		return;
	if (c->job_control != (c->supervise && getpid() != 1))
		FUZZ_FAIL("job control %d while supervise %d", c->job_control, c->supervise);
	if (c->argv < argv + 1 || c->argv >= argv + argc || !c->argv[0])
		FUZZ_FAIL("command pointer outside argv");
	if (c->pdeathsig < 0 || c->pdeathsig >= NSIG)
		FUZZ_FAIL("pdeathsig %d", c->pdeathsig);
	if (c->grace < -1 || c->grace > 86400)
		FUZZ_FAIL("grace %ld", c->grace);
	for (sig = 0; sig < NSIG; sig++) {
		if (c->remap[sig] >= NSIG)
			FUZZ_FAIL("remap[%d] = %d", sig, c->remap[sig]);
		if (!is_forwarded(sig) && c->remap[sig] != sig)
			FUZZ_FAIL("signal %d is never forwarded, yet remapped to %d", sig, c->remap[sig]);
	}
	if (c->exec_only) {
		if (c->supervise || c->subreaper || c->pgroup || c->grace != -1 ||
		    (c->given & (GIVEN_G | GIVEN_T | GIVEN_E | GIVEN_R | GIVEN_S)))
			FUZZ_FAIL("-x with something that needs uidinit to stay");
	} else if (((c->given & (GIVEN_G | GIVEN_T | GIVEN_E | GIVEN_R | GIVEN_S)) ||
		    c->pgroup || c->grace >= 0) && !(c->supervise && c->subreaper)) {
		FUZZ_FAIL("-s/-g/-t/-e/-r given but not supervising");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[1 << 16];
	char *argv[MAX_ARGS + 2], *p, *end;
	struct config c;
	size_t i;
	int argc = 1;

	if (size >= sizeof buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	for (i = 0; i < sizeof env_names / sizeof env_names[0]; i++)
		unsetenv(env_names[i]);
	argv[0] = "uidinit";
	for (p = buf, end = buf + size; p <= end && argc <= MAX_ARGS; p += strlen(p) + 1) {
		if (p[0] == '=') {
			char *eq = strchr(p + 1, '=');

			for (i = 0; eq && i < sizeof env_names / sizeof env_names[0]; i++)
				if (strncmp(p + 1, env_names[i], (size_t)(eq - p - 1)) == 0 &&
				    !env_names[i][eq - p - 1])
					setenv(env_names[i], eq + 1, 1);
			continue;
		}
		if (p == end && argc > 1)
			break;	/* the input's trailing NUL */
		argv[argc++] = p;
		check_signal(p);
		check_escape(p);
	}
	argv[argc] = NULL;
	if (parse_config(&c, argc, argv) == 0)
		check_config(&c, argv, argc);
	return 0;
}
