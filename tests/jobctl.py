#!/usr/bin/env python3
# Drive an interactive bash in a pty: Ctrl-Z on a supervised command, jobs,
# fg, the command's own status, the terminal back to the shell.  Prints one
# "name=value" line per observation; the e2e suite compares them.
import os, pty, re, select, sys, time

uidinit, opt = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ.update(PS1="PROMPT> ", TERM="dumb", HISTFILE="/dev/null")
    os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])
buf = b""

def expect(pattern, timeout=10):
    """Read until pattern; True if seen."""
    global buf
    end = time.time() + timeout
    while time.time() < end:
        m = re.search(pattern.encode(), buf)
        if m:
            buf = buf[m.end():]
            return True
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                buf += os.read(fd, 4096)
            except OSError:
                return False
    return False

def send(s):
    os.write(fd, s.encode())

def say(name, value):
    print(f"{name}={value}", flush=True)

say("prompt", expect(r"PROMPT> "))
send(f"{uidinit} -n {opt} sh -c 'echo READY; read x; echo got:$x; exit 7'\r")
say("started", expect(r"\nREADY"))
time.sleep(0.3)
send("\x1a")  # Ctrl-Z
say("prompt-after-ctrl-z", expect(r"PROMPT> "))
send("jobs\r")
say("jobs-stopped", expect(r"\[1\]\+\s+Stopped"))
say("prompt-after-jobs", expect(r"PROMPT> "))
send("fg\r")
time.sleep(0.3)
send("hello\r")
say("read-after-fg", expect(r"got:hello"))
send("echo st=$?\r")
say("own-status", expect(r"st=7"))
send("[ \"$(ps -o tpgid= -p $$)\" = \"$(ps -o pgid= -p $$)\" ] && echo TTY-IS-SHELLS\r")
say("shell-has-terminal", expect(r"\nTTY-IS-SHELLS"))
# Started in the background, the command reads the terminal: SIGTTIN
# stops it, and uidinit with it; fg hands it the terminal (uidinit never
# had it), and it reads and ends with its own status.
send(f"{uidinit} -n {opt} sh -c 'read x; echo bg-got:$x; exit 5' &\r")
say("bg-prompt", expect(r"PROMPT> "))
time.sleep(1)
send("jobs\r")
say("bg-jobs-stopped", expect(r"\[1\]\+\s+Stopped"))
say("bg-prompt-after-jobs", expect(r"PROMPT> "))
send("fg\r")
time.sleep(0.3)
send("world\r")
say("bg-read-after-fg", expect(r"bg-got:world"))
send("echo st=$?\r")
say("bg-own-status", expect(r"st=5"))
send("exit\r")
os.close(fd)
os.waitpid(pid, 0)
