#!/usr/bin/python3
"""ptyrun.py [-r] [-t SECONDS] STEP... -- CMD [ARG]...

Run CMD as the session leader of a new pseudo-terminal (what `docker run -it`
and pexpect give tini's tests), then play the steps in order:
  -e TEXT   wait until TEXT has appeared in the output since the last match
  -s TEXT   type TEXT (backslash escapes: \\n, \\x03 for Ctrl-C, \\x1a Ctrl-Z)
  -p SECS   pause
  -k SIG    send signal number SIG to CMD
-r turns off echo and output processing first (dumb-init's tty tests do).
Then read until the terminal closes, print everything CMD wrote, and exit
with CMD's status (128+N when killed by signal N).  A step that times out
(-t, default 5 s per step) prints "ptyrun: timeout waiting for TEXT",
kills CMD's session and exits 124.
"""
import codecs
import os
import pty
import select
import signal
import sys
import termios
import time


def kill_session(sid):
    """SIGKILL every process of the session: jobs in other process groups
    (a stopped one above all) would outlive its leader."""
    for d in os.listdir("/proc"):
        try:
            with open("/proc/%s/stat" % d) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[3]) == sid:
                os.kill(int(d), signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass


def main(argv):
    raw, timeout, steps = False, 5.0, []
    i = 0
    while argv[i] != "--":
        if argv[i] == "-r":
            raw = True
            i += 1
            continue
        opt, val = argv[i], argv[i + 1]
        i += 2
        if opt == "-t":
            timeout = float(val)
        else:
            steps.append((opt, codecs.decode(val, "unicode_escape")))
    cmd = argv[i + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    if raw:
        a = termios.tcgetattr(fd)
        a[1] &= ~termios.OPOST
        a[3] &= ~termios.ECHO
        termios.tcsetattr(fd, termios.TCSANOW, a)
    out, seen = b"", 0

    def read(wait):
        nonlocal out
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            return True
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return False
        out += chunk
        return bool(chunk)

    for opt, text in steps:
        if opt == "-s":
            os.write(fd, text.encode())
        elif opt == "-p":
            time.sleep(float(text))
        elif opt == "-k":
            os.kill(pid, int(text))
        else:
            end = time.monotonic() + timeout
            want = text.encode()
            while want not in out[seen:]:
                left = end - time.monotonic()
                if left <= 0 or not read(left):
                    sys.stdout.write(out.decode(errors="replace"))
                    print("ptyrun: timeout waiting for %s" % text)
                    kill_session(pid)
                    os.waitpid(pid, 0)
                    return 124
            seen = out.index(want, seen) + len(want)
    end = time.monotonic() + timeout
    while time.monotonic() < end and read(end - time.monotonic()):
        pass
    text = out.decode(errors="replace")
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()
    _, st = os.waitpid(pid, 0)
    return os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128 + os.WTERMSIG(st)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
