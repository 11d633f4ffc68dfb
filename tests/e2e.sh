#!/usr/bin/env bash
# The supervisor, black-box: the real static binary as PID 1 of a fresh PID
# namespace, as a subreaper (-s), and as an exec hand-off.  Exit statuses,
# signal forwarding (-g, -r, -p), -t, reaping, the signal mask and ignored
# set the command gets, the terminal, idle wake-ups, -h and -V.
# -n everywhere (no account fix) but in the two "as a new user" checks,
# which run as root, whose passwd line exists.
# The child shells expand the $ in single quotes:
# shellcheck source=tests/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"
"$TOP/tests/need.sh" util-linux bsdutils procps coreutils gcc libc6-dev python3 || exit 1

scratch
export T UIDINIT
TO=(timeout -k 2 20)			# bound on every run
TO_LONG=(timeout -k 2 60)		# 200 forks on a busy machine
NS=(unshare --pid --fork --mount-proc)	# uidinit is PID 1 in there

# ---- -h, -V ----
out=$("${TO[@]}" "$UIDINIT" -h 2>"$T/err"); st=$?
expect_eq help-status 0 "$st"
check help-stdout grep -q '^Usage: uidinit \[OPTION\]... \[--\] COMMAND \[ARG\]...$' <<<"$out"
expect_eq help-no-stderr "" "$(cat "$T/err")"
out=$("${TO[@]}" "$UIDINIT" --help 2>"$T/err"); st=$?
expect_eq help-long-status 0 "$st"
check help-long-stdout grep -q '^Usage: uidinit' <<<"$out"
version=$(sed -n 's/^VERSION = //p' "$TOP/Makefile")
out=$("${TO[@]}" "$UIDINIT" -V 2>"$T/err"); st=$?
expect_eq version-status 0 "$st"
# tini's form, which `docker info` parses (X - git.COMMIT): the commit it
# was built from, or "unknown" outside git.
vre="^uidinit version ${version//./\\.} - git\\.([0-9a-f]{7,}|unknown)\$"
if [[ $out =~ $vre ]]; then ok version-stdout; else fail version-stdout "[$out] does not match $vre"; fi
expect_eq version-no-stderr "" "$(cat "$T/err")"
long=$("${TO[@]}" "$UIDINIT" --version 2>"$T/err"); st=$?
expect_eq version-long "0 $out" "$st $long"

# ---- as a new user would: no -n, as root ----
expect_eq newuser-kill-term 143 "$(status "${TO[@]}" "$UIDINIT" -- sh -c 'kill -TERM $$')"
expect_eq newuser-exit-7 7 "$(status "${TO[@]}" "$UIDINIT" sh -c 'exit 7')"
expect_eq newuser-pid1-kill-term 143 "$(status "${TO[@]}" "${NS[@]}" "$UIDINIT" -- sh -c 'kill -TERM $$')"
expect_eq newuser-pid1-exit-7 7 "$(status "${TO[@]}" "${NS[@]}" "$UIDINIT" sh -c 'exit 7')"

# ---- exit status, each row, in each mode ----
printf '#!/bin/sh\nexit 0\n' >"$T/noexec"
mkdir "$T/dir"
for mode in exec sub pid1; do
	case $mode in
	exec) run=("${TO[@]}" "$UIDINIT" -n) ;;
	sub) run=("${TO[@]}" "$UIDINIT" -n -s) ;;
	pid1) run=("${TO[@]}" "${NS[@]}" "$UIDINIT" -n) ;;
	esac
	expect_eq "$mode-exit-0" 0 "$(status "${run[@]}" true)"
	expect_eq "$mode-exit-1" 1 "$(status "${run[@]}" false)"
	expect_eq "$mode-exit-7" 7 "$(status "${run[@]}" sh -c 'exit 7')"
	expect_eq "$mode-exit-255" 255 "$(status "${run[@]}" sh -c 'exit 255')"
	expect_eq "$mode-term-143" 143 "$(status "${run[@]}" -- sh -c 'kill -TERM $$')"
	expect_eq "$mode-kill-137" 137 "$(status "${run[@]}" -- sh -c 'kill -KILL $$')"
	expect_eq "$mode-segv-139" 139 "$(status "${run[@]}" -- sh -c 'kill -SEGV $$')"
	st=$(status "${run[@]}" uidinit-no-such-command 2>"$T/err")
	expect_eq "$mode-not-found-127" 127 "$st"
	expect_eq "$mode-not-found-message" \
		"uidinit: uidinit-no-such-command: No such file or directory" "$(cat "$T/err")"
	expect_eq "$mode-no-such-path-127" 127 "$(status "${run[@]}" /nonexistent/cmd 2>/dev/null)"
	# A path through a file: 126 "Not a directory", as env(1) and bash
	# (dash says 127); tests/e2e_lookup.sh compares every such case.
	expect_eq "$mode-enotdir-126" 126 "$(status "${run[@]}" /etc/passwd/x 2>/dev/null)"
	st=$(status "${run[@]}" "$T/noexec" 2>"$T/err")
	expect_eq "$mode-not-executable-126" 126 "$st"
	expect_eq "$mode-not-executable-message" "uidinit: $T/noexec: Permission denied" "$(cat "$T/err")"
	expect_eq "$mode-directory-126" 126 "$(status "${run[@]}" "$T/dir" 2>/dev/null)"
done
# -e: the listed code (and only it) becomes 0; it implies staying around.
expect_eq e-143-term 0 "$(status "${TO[@]}" "$UIDINIT" -n -e 143 -- sh -c 'kill -TERM $$')"
expect_eq e-143-exit-143 0 "$(status "${TO[@]}" "$UIDINIT" -n -e 143 sh -c 'exit 143')"
expect_eq e-143-kill-137 137 "$(status "${TO[@]}" "$UIDINIT" -n -e 143 -- sh -c 'kill -KILL $$')"
expect_eq e-7-exit-7 0 "$(status "${TO[@]}" "$UIDINIT" -n -e 7 sh -c 'exit 7')"
expect_eq e-7-exit-8 8 "$(status "${TO[@]}" "$UIDINIT" -n -e 7 sh -c 'exit 8')"
expect_eq e-repeated 0 "$(status "${TO[@]}" "$UIDINIT" -n -e 1 -e 2 sh -c 'exit 2')"
expect_eq e-pid1 0 "$(status "${TO[@]}" "${NS[@]}" "$UIDINIT" -n -e 130 -- sh -c 'kill -INT $$')"

# ---- usage errors: 125, one line on stderr, the command never runs ----
usage() { # NAME WANT-MESSAGE ARG...
	local name=$1 want=$2 st
	shift 2
	rm -f "$T/ran"
	st=$(status "${TO[@]}" "$@" 2>"$T/err")
	expect_eq "usage-$name-125" 125 "$st"
	expect_eq "usage-$name-message" "uidinit: $want (try 'uidinit --help')" "$(cat "$T/err")"
	[ -e "$T/ran" ] && fail "usage-$name-ran" "the command ran"
}
RAN=(sh -c ': >"$T/ran"')
usage unknown "unknown option -q" "$UIDINIT" -n -q "${RAN[@]}"
usage no-command "no command given" "$UIDINIT" -n
usage no-command-dashdash "no command given" "$UIDINIT" -n --
usage missing-arg "option -t needs an argument" "$UIDINIT" -n -t
usage bad-signal "-p: unknown signal 'FOO'" "$UIDINIT" -n -p FOO "${RAN[@]}"
usage bad-code "-e: not an exit code (0-255): '300'" "$UIDINIT" -n -e 300 "${RAN[@]}"
usage bad-grace "-t: not a number of seconds (0-86400): 'x'" "$UIDINIT" -n -t x "${RAN[@]}"
usage bad-remap "-r: expected FROM:TO signals, got 'x'" "$UIDINIT" -n -r x "${RAN[@]}"
usage remap-chld "-r: CHLD is never forwarded" "$UIDINIT" -n -r CHLD:TERM "${RAN[@]}"
usage x-with-s "-x execs the command: -s, -g, -t, -e and -r need uidinit to stay" \
	"$UIDINIT" -n -x -s "${RAN[@]}"
usage env-flag "UIDINIT_SUBREAPER: must be 1 or 0, not 'yes'" \
	env UIDINIT_SUBREAPER=yes "$UIDINIT" -n "${RAN[@]}"
usage pid1-unknown "unknown option -q" "${NS[@]}" "$UIDINIT" -n -q "${RAN[@]}"
# argc 0 (CVE-2021-4034): a launcher calls execve with an empty argv.  A
# kernel before 5.18 passes argc 0, and argv[1] is then the first
# environment string; 5.18 and later pass argv[0] = "".  Either way: 125,
# and the environment string never runs.
cat >"$T/noargv.c" <<'C'
#include <unistd.h>
int main(int argc, char **argv)
{
	char *empty[] = { 0 };
	char *env[] = { argv[2], 0 };

	(void)argc;
	execve(argv[1], argv[3][0] == 'n' ? 0 : empty, env);
	return 99;
}
C
gcc -o "$T/noargv" "$T/noargv.c" || fail argc0-build
printf '#!/bin/sh\n: >"%s/ran"\n' "$T" >"$T/evil"
chmod +x "$T/evil"
for how in null empty; do
	usage "argc0-$how" "no command given" "$T/noargv" "$UIDINIT" "$T/evil" "$how"
done
# One line per message: a value holding a line break, a carriage return
# or an ESC is echoed escaped, and cannot forge a second "uidinit:" line.
NL=$'\n' CR=$'\r' ESC=$'\e'
one_line() { # NAME WANT CMD...: one stderr line, exactly WANT
	local name=$1 want=$2
	shift 2
	"${TO[@]}" "$@" >/dev/null 2>"$T/err"
	expect_eq "escape-$name-lines" 1 "$(wc -l <"$T/err")"
	expect_eq "escape-$name" "$want" "$(cat "$T/err")"
}
one_line env-grace "uidinit: UIDINIT_GRACE: not a number of seconds (0-86400): '1\\x0auidinit: forged' (try 'uidinit --help')" \
	env "UIDINIT_GRACE=1${NL}uidinit: forged" "$UIDINIT" -n true
one_line env-tini "uidinit: TINI_VERBOSITY: not a number: '\\x1b[2J\\x0d' (try 'uidinit --help')" \
	env "TINI_VERBOSITY=${ESC}[2J${CR}" "$UIDINIT" -n true
one_line argv0-exec "uidinit: no\\x0auidinit: x\\x0d\\x1b[0m: No such file or directory" \
	"$UIDINIT" -n "no${NL}uidinit: x${CR}${ESC}[0m"
one_line argv0-supervise "uidinit: no\\x0auidinit: x\\x0d\\x1b[0m: No such file or directory" \
	"$UIDINIT" -n -s "no${NL}uidinit: x${CR}${ESC}[0m"
one_line option "uidinit: -p: unknown signal 'A\\x0auidinit: forged' (try 'uidinit --help')" \
	"$UIDINIT" -n -p "A${NL}uidinit: forged" true
# "+": the command's own options are its own.
expect_eq options-pass-through "-l -s --help" \
	"$("${TO[@]}" "$UIDINIT" -n sh -c 'echo "$@"' sh -l -s --help)"

# ---- the full 0..255 loop, as a subreaper and as PID 1 ----
# A helper runs uidinit 256 times (a shell loop forks twice as often):
# "sub" with -s, "pid1" in a new PID namespace per run (clone).
cat >"$T/loop.c" <<'EOF'
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
static char *uidinit, *opt;
static int code;
static char stack[65536];
static int run(void *arg)
{
	char c[8], *argv[] = { uidinit, opt, "/bin/sh", "-c", "exit $0", c, NULL };
	(void)arg;
	snprintf(c, sizeof c, "%d", code);
	execv(uidinit, argv);
	_exit(99);
}
int main(int argc, char **argv)
{
	int st, bad = 0, pid1 = argc > 2 && strcmp(argv[2], "pid1") == 0;
	uidinit = argv[1];
	opt = pid1 ? "-n" : "-ns";
	for (code = 0; code < 256; code++) {
		pid_t p = clone(run, stack + sizeof stack, (pid1 ? CLONE_NEWPID : 0) | SIGCHLD, NULL);
		if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st) != code) {
			printf(" %d:%d", code, p < 0 ? -1 : st);
			bad = 1;
		}
	}
	return bad;
}
EOF
if cc -O1 -o "$T/loop" "$T/loop.c" 2>"$T/err"; then
	expect_eq exit-loop-0-255-subreaper "" "$("${TO[@]}" "$T/loop" "$UIDINIT" sub)"
	expect_eq exit-loop-0-255-pid1 "" "$("${TO[@]}" "$T/loop" "$UIDINIT" pid1)"
else
	fail exit-loop-0-255 "cannot build the helper: $(cat "$T/err")"
fi
# Death by each signal that kills by default: 128+N.
bad=
for sig in HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM \
	XCPU XFSZ VTALRM PROF SYS RTMIN RTMAX; do
	n=$(kill -l "$sig")
	st=$(status "$UIDINIT" -n -s sh -c "kill -$n \$\$")
	[ "$st" = $((128 + n)) ] || bad="$bad $sig:$st"
done
expect_eq signal-deaths-128-plus-n "" "$bad"

# ---- helpers for the running cases ----
SIGS="TERM INT HUP QUIT USR1 USR2 WINCH CONT ALRM"
export SIGS
# traps.sh OUT: note each signal of $SIGS in OUT, until OUT.stop appears.
cat >"$T/traps.sh" <<'EOF'
for s in $SIGS; do trap "echo $s >>'$1'" "$s"; done
: >"$1.ready"
while [ ! -e "$1.stop" ]; do sleep 0.05; done
EOF

# ---- each forwarded signal arrives in the child ----
for mode in sub pid1; do
	out=$T/fwd-$mode
	case $mode in
	sub) launch 1 "${TO[@]}" "$UIDINIT" -n -s sh "$T/traps.sh" "$out" ;;
	pid1) launch 2 "${TO[@]}" "${NS[@]}" "$UIDINIT" -n sh "$T/traps.sh" "$out" ;;
	esac
	wait_for test -e "$out.ready" || fail "forward-$mode-start" "the child never started"
	for s in $SIGS; do
		kill -s "$s" "$UPID"
		wait_for grep -qsx "$s" "$out" || fail "forward-$mode-$s" "never arrived"
	done
	: >"$out.stop"
	wait "$LPID"
	expect_eq "forward-$mode-status" 0 "$?"
	expect_eq "forward-$mode-all-in-order" "$SIGS" "$(tr '\n' ' ' <"$out" | sed 's/ $//')"
done

# ---- -g: the signal reaches a grandchild in the child's group ----
# The child starts gc.sh in the background (same process group), waits for
# a USR1 of its own and for uidinit's -v line saying its kill() returned,
# then sends USR2 to the grandchild, which notes both: a USR1 uidinit sent
# to the group is pending before that USR2, and taken first.  (Without the
# -v line that rested on timing: kill() signals a group's members one at a
# time, and the child, signalled, could answer before the grandchild's
# turn; once in 21 loaded runs the grandchild saw USR2 alone.)  Both wait
# in the "wait" builtin for a sleep that ignores USR1 and USR2: no fork
# while the signals fly.
cat >"$T/gc.sh" <<'EOF'
trap 'echo USR1 >>"$1.gc"' USR1
trap 'echo USR2 >>"$1.gc"; kill $s; exit 0' USR2
(trap '' USR1 USR2; exec sleep 30) &
s=$!
: >"$1.gcready"
while :; do wait $s; done
EOF
cat >"$T/group.sh" <<'EOF'
sh "$T/gc.sh" "$1" &
gc=$!
while [ ! -e "$1.gcready" ]; do sleep 0.05; done
got=
trap 'echo USR1 >>"$1.c"; got=1' USR1
(trap '' USR1; exec sleep 30) &
s=$!
: >"$1.ready"
while [ -z "$got" ]; do wait $s; done
kill $s
until grep -q '^uidinit: SIGUSR1 forwarded' "$1.err"; do sleep 0.05; done
kill -USR2 "$gc"
wait "$gc"
EOF
for g in g nog; do
	out=$T/group-$g
	opt=-s
	[ "$g" = g ] && opt=-g
	launch 1 "${TO[@]}" "$UIDINIT" -n -v "$opt" sh "$T/group.sh" "$out" 2>"$out.err"
	wait_for test -e "$out.ready" || fail "group-$g-start" "the child never started"
	kill -USR1 "$UPID"
	wait "$LPID"
	expect_eq "group-$g-status" 0 "$?"
	expect_eq "group-$g-child" USR1 "$(cat "$out.c")"
	if [ "$g" = g ]; then
		expect_eq "group-g-grandchild-gets-it" "USR1 USR2" "$(tr '\n' ' ' <"$out.gc" | sed 's/ $//')"
	else
		expect_eq "group-nog-grandchild-does-not" "USR2" "$(tr '\n' ' ' <"$out.gc" | sed 's/ $//')"
	fi
done
# As PID 1 with -g.
out=$T/group-pid1
launch 2 "${TO[@]}" "${NS[@]}" "$UIDINIT" -n -v -g sh "$T/group.sh" "$out" 2>"$out.err"
wait_for test -e "$out.ready" || fail "group-pid1-start" "the child never started"
kill -USR1 "$UPID"
wait "$LPID"
expect_eq "group-pid1-grandchild-gets-it" "USR1 USR2" "$(tr '\n' ' ' <"$out.gc" | sed 's/ $//')"

# ---- -r: USR1 arrives as USR2; HUP is dropped (TO=0) ----
# A forwarded HUP would reach the child before the TERM sent after it, and
# the child takes pending signals lowest first: it would be noted.
for mode in sub pid1; do
	out=$T/remap-$mode
	case $mode in
	sub) launch 1 "${TO[@]}" "$UIDINIT" -n -v -r USR1:USR2 -r SIGHUP:0 sh "$T/traps.sh" "$out" 2>"$out.err" ;;
	pid1) launch 2 "${TO[@]}" "${NS[@]}" "$UIDINIT" -n -v -r 10:12 -r hup:0 sh "$T/traps.sh" "$out" 2>"$out.err" ;;
	esac
	wait_for test -e "$out.ready" || fail "remap-$mode-start" "the child never started"
	kill -USR1 "$UPID"
	wait_for grep -qsx USR2 "$out"
	kill -HUP "$UPID"
	kill -TERM "$UPID"
	wait_for grep -qsx TERM "$out"
	: >"$out.stop"
	wait "$LPID"
	expect_eq "remap-$mode" "USR2 TERM" "$(tr '\n' ' ' <"$out" | sed 's/ $//')"
	check "remap-$mode-says-dropped" grep -qx 'uidinit: dropped SIGHUP' "$out.err"
done

# ---- real-time names: RTMIN is 34 (glibc, bash, docker kill -s) ----
# A musl build that took its own SIGRTMIN (35) would let 34 through raw,
# and it would kill the child.  Both names, both ways: in -r and in -v.
for mode in sub pid1; do
	out=$T/rt-$mode
	case $mode in
	sub) launch 1 "${TO[@]}" "$UIDINIT" -n -v -r RTMIN:USR1 -r RTMAX-1:USR2 sh "$T/traps.sh" "$out" 2>"$out.err" ;;
	pid1) launch 2 "${TO[@]}" "${NS[@]}" "$UIDINIT" -n -v -r SIGRTMIN:USR1 -r rtmax-1:USR2 sh "$T/traps.sh" "$out" 2>"$out.err" ;;
	esac
	wait_for test -e "$out.ready" || fail "rtmin-$mode-start" "the child never started"
	kill -34 "$UPID"
	wait_for grep -qsx USR1 "$out"
	kill -63 "$UPID"
	wait_for grep -qsx USR2 "$out"
	: >"$out.stop"
	wait "$LPID"
	expect_eq "rtmin-$mode-status" 0 "$?"
	expect_eq "rtmin-$mode-remapped" "USR1 USR2" "$(tr '\n' ' ' <"$out" | sed 's/ $//')"
	check "rtmin-$mode-message" grep -qx 'uidinit: SIGRTMIN forwarded as SIGUSR1 to [0-9]*' "$out.err"
	check "rtmax-1-$mode-message" grep -qx 'uidinit: SIGRTMAX-1 forwarded as SIGUSR2 to [0-9]*' "$out.err"
done

# ---- -p: uidinit's parent dies, the child gets the signal ----
# The parent is a shell that stays (": " after the command), or unshare.
# (stderr: bash would report the killed jobs.)
for mode in exec sub pid1; do
	out=$T/pdeath-$mode
	case $mode in
	exec) launch 1 "${TO[@]}" sh -c '"$@"; :' sh "$UIDINIT" -n -p USR1 sh "$T/traps.sh" "$out"
		parent=$UPID ;;
	sub) launch 1 "${TO[@]}" sh -c '"$@"; :' sh "$UIDINIT" -n -s -p SIGUSR1 sh "$T/traps.sh" "$out"
		parent=$UPID ;;
	pid1) launch 2 "${TO[@]}" "${NS[@]}" "$UIDINIT" -n -p 10 sh "$T/traps.sh" "$out"
		parent=$(child_of "$LPID") ;;
	esac
	wait_for test -e "$out.ready" || fail "pdeath-$mode-start" "the child never started"
	kill -KILL "$parent"
	wait_for grep -qsx USR1 "$out" || fail "pdeath-$mode" "no USR1 in the child: [$(cat "$out" 2>/dev/null)]"
	ok "pdeath-$mode-ran"
	: >"$out.stop"
	wait "$LPID"
done 2>/dev/null

# ---- -t: the grace period ----
# main.sh KIND OUT: start KIND.sh in the background, then exit 3.
cat >"$T/main.sh" <<'EOF'
sh "$T/$1.sh" "$2" &
while [ ! -s "$2.pid" ]; do sleep 0.05; done
exit 3
EOF
cat >"$T/honour.sh" <<'EOF'
trap 'echo term >>"$1"; exit 0' TERM
echo $$ >"$1.pid"
while :; do sleep 0.05; done
EOF
cat >"$T/ignore.sh" <<'EOF'
trap '' TERM
echo $$ >"$1.pid"
exec sleep 60
EOF
# As PID 1: a honouring process ends before the grace period (-t 30 may
# not take 30 s: the bound is 20 s), an ignoring one is SIGKILLed.
out=$T/grace-pid1-honour
st=$(status "${TO[@]}" "${NS[@]}" "$UIDINIT" -n -v -t 30 sh "$T/main.sh" honour "$out" 2>"$out.err")
expect_eq grace-pid1-honour-status 3 "$st"
expect_eq grace-pid1-honour-got-term term "$(cat "$out")"
check grace-pid1-honour-termed grep -q '^uidinit: SIGTERM to the remaining processes' "$out.err"
expect_eq grace-pid1-honour-no-kill "" "$(grep -x 'uidinit: SIGKILL to the remaining processes' "$out.err")"
out=$T/grace-pid1-ignore
st=$(status "${TO[@]}" "${NS[@]}" "$UIDINIT" -n -v -t 1 sh "$T/main.sh" ignore "$out" 2>"$out.err")
expect_eq grace-pid1-ignore-status 3 "$st"
check grace-pid1-ignore-killed grep -qx 'uidinit: SIGKILL to the remaining processes' "$out.err"
# Without -t, nothing is signalled: uidinit exits with the child.
out=$T/grace-none
st=$(status "${TO[@]}" "${NS[@]}" "$UIDINIT" -n -v sh "$T/main.sh" honour "$out" 2>"$out.err")
expect_eq grace-none-status 3 "$st"
expect_eq grace-none-no-term "" "$(cat "$out" 2>/dev/null)"
# As a subreaper (not PID 1), inside a namespace of its own so that a
# wrong kill(-1) cannot reach this machine's processes: an unrelated
# sleeper, started first by the namespace's shell, must survive.
cat >"$T/sub-grace.sh" <<'EOF'
sleep 60 &
s=$!
"$UIDINIT" -n -v -t "$1" sh "$T/main.sh" "$2" "$3" 2>"$3.err"
st=$?
state() { sed -E 's/.*\) (.).*/\1/' "/proc/$1/stat" 2>/dev/null || echo gone; }
echo "$st $(state $s) $(state "$(cat "$3.pid")")"
kill $s
EOF
out=$T/grace-sub-honour
read -r st sleeper target < <("${TO[@]}" "${NS[@]}" sh "$T/sub-grace.sh" 30 honour "$out")
expect_eq grace-sub-honour-status 3 "$st"
expect_eq grace-sub-honour-got-term term "$(cat "$out")"
expect_eq grace-sub-honour-no-kill "" "$(grep -x 'uidinit: SIGKILL to the remaining processes' "$out.err")"
expect_eq grace-sub-honour-outsider-alive S "$sleeper"
out=$T/grace-sub-ignore
read -r st sleeper target < <("${TO[@]}" "${NS[@]}" sh "$T/sub-grace.sh" 1 ignore "$out")
expect_eq grace-sub-ignore-status 3 "$st"
check grace-sub-ignore-killed grep -qx 'uidinit: SIGKILL to the remaining processes' "$out.err"
case $target in Z | gone) ok grace-sub-ignore-target-dead ;; *) fail grace-sub-ignore-target-dead "state $target" ;; esac
expect_eq grace-sub-ignore-outsider-alive S "$sleeper"

# ---- 100 orphans reaped, no zombie left while the child still runs ----
# Each orphan is a "sleep 1" whose parent shell exited at once; the shell
# writes its PID to the file named by $1.  The child then waits until none
# of those PIDs is left (alive or zombie), and reports how many are left and
# how many zombies there are.  -w must name exactly those PIDs, each once.
# (Counting processes named "sleep" instead missed one that had not yet
# exec'd when the scan ran.)  The child shares uidinit's stderr, so it
# silences a vanished /proc entry before the open: dash writes "cannot
# open" in three pieces, and a "reaped zombie" line that landed between
# them lost its place at the start of a line (a CI failure).
cat >"$T/orphans.sh" <<'EOF'
i=0
while [ $i -lt 100 ]; do
	sh -c 'sleep 1 </dev/null >/dev/null 2>&1 & echo $!' >>"$1"
	i=$((i + 1))
done
n=0
while [ $n -lt 200 ]; do
	left=0 z=0
	while read -r p; do [ -e "/proc/$p" ] && left=$((left + 1)); done <"$1"
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		case $line in *") Z "*) z=$((z + 1)) ;; esac
	done
	[ $left -eq 0 ] && [ $z -eq 0 ] && break
	sleep 0.1
	n=$((n + 1))
done
echo "left=$left zombies=$z"
EOF
for mode in pid1 sub; do
	out=$T/orphans-$mode
	: >"$out.pids"
	case $mode in
	pid1) "${TO_LONG[@]}" "${NS[@]}" "$UIDINIT" -n -w sh "$T/orphans.sh" "$out.pids" >"$out" 2>"$out.err" ;;
	# sub: in a namespace too, so that its /proc shows only this test
	sub) "${TO_LONG[@]}" "${NS[@]}" sh -c '"$@"; exit $?' sh "$UIDINIT" -n -s -w sh "$T/orphans.sh" "$out.pids" >"$out" 2>"$out.err" ;;
	esac
	expect_eq "orphans-$mode-status" 0 "$?"
	expect_eq "orphans-$mode-none-left" "left=0 zombies=0" "$(cat "$out")"
	expect_eq "orphans-$mode-100-started" 100 "$(sort -u "$out.pids" | grep -c '^[0-9][0-9]*$')"
	expect_eq "orphans-$mode-each-reaped-once" "$(sort -n "$out.pids")" \
		"$(sed -n 's/^uidinit: reaped zombie \([0-9]*\)$/\1/p' "$out.err" | sort -n)"
done

# ---- started by a launcher that made itself a child subreaper ----
# The attribute survives execve: uidinit, not PID 1 and without -s, must
# supervise (as tini does), not hand the orphans to the command.
cat >"$T/subreaper.c" <<'C'
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	(void)argc;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return perror("prctl"), 99;
	execv(argv[1], argv + 1);
	return perror("execv"), 99;
}
C
gcc -o "$T/subreaper" "$T/subreaper.c" || fail subreaper-build
out=$T/orphans-launcher
: >"$out.pids"
"${TO_LONG[@]}" "${NS[@]}" sh -c '"$@"; exit $?' sh "$T/subreaper" "$UIDINIT" -n -w \
	sh "$T/orphans.sh" "$out.pids" >"$out" 2>"$out.err"
expect_eq subreaper-orphans-status 0 "$?"
expect_eq subreaper-orphans-none-left "left=0 zombies=0" "$(cat "$out")"
expect_eq subreaper-orphans-100-started 100 "$(sort -u "$out.pids" | grep -c '^[0-9][0-9]*$')"
expect_eq subreaper-orphans-each-reaped-once "$(sort -n "$out.pids")" \
	"$(sed -n 's/^uidinit: reaped zombie \([0-9]*\)$/\1/p' "$out.err" | sort -n)"
# Signals: TERM ends the command, 143; USR1 reaches it.
launch 1 "${TO[@]}" "$T/subreaper" "$UIDINIT" -n sleep 30
c=$(child_of "$UPID")
expect_eq subreaper-supervises-sleep sleep "$(cat "/proc/$c/comm" 2>/dev/null)"
kill -TERM "$UPID"
wait "$LPID"
expect_eq subreaper-term-143 143 "$?"
out=$T/fwd-launcher
launch 1 "${TO[@]}" "$T/subreaper" "$UIDINIT" -n sh "$T/traps.sh" "$out"
wait_for test -e "$out.ready" || fail subreaper-usr1-start "the child never started"
kill -USR1 "$UPID"
wait_for grep -qsx USR1 "$out" || fail subreaper-usr1-forwarded "never arrived"
: >"$out.stop"
wait "$LPID"
expect_eq subreaper-usr1-status 0 "$?"
# The PID: supervising, the command has a PID of its own; with -x, one
# warning and the hand-off (the command keeps uidinit's PID).
via() { "${TO[@]}" "$T/subreaper" /bin/sh -c 'echo $$; exec "$@"' sh "$UIDINIT" "$@" sh -c 'echo $$' 2>"$T/err" | tr '\n' ' '; }
read -r a b <<<"$(via -n)"
if [ -n "$b" ] && [ "$a" != "$b" ]; then ok subreaper-new-pid; else fail subreaper-new-pid "[$a] [$b]"; fi
expect_eq subreaper-no-warning "" "$(cat "$T/err")"
read -r a b <<<"$(via -n -x)"
expect_eq subreaper-x-keeps-pid "$a" "$b"
expect_eq subreaper-x-warns "uidinit: started as a child subreaper: with -x, sh inherits the orphans and must reap them" \
	"$(cat "$T/err")"

# ---- the command gets the signal mask and ignored set uidinit was given ----
cat >"$T/sigexec.c" <<'EOF'
/* sigexec BLOCKED IGNORED CMD...: comma-separated signal numbers. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static void fill(char *list, sigset_t *set)
{
	char *p;
	sigemptyset(set);
	for (p = strtok(list, ","); p; p = strtok(NULL, ","))
		sigaddset(set, atoi(p));
}
int main(int argc, char **argv)
{
	sigset_t blk, ign;
	int s;
	if (argc < 4)
		return 2;
	fill(argv[1], &blk);
	fill(argv[2], &ign);
	for (s = 1; s < NSIG; s++)
		if (sigismember(&ign, s) == 1)
			signal(s, SIG_IGN);
	sigprocmask(SIG_SETMASK, &blk, NULL);
	execvp(argv[3], argv + 3);
	return 127;
}
EOF
if cc -O1 -o "$T/sigexec" "$T/sigexec.c" 2>"$T/err"; then
	# Ignored signals survive exec, and whoever started the tests may ignore
	# some already (GNU make 4.3 starts recipes with 32 and 33 ignored, and
	# glibc's sigaction cannot reset them): those bits are expected too.
	inherited=$(awk '/^SigIgn:/ { print $2 }' /proc/self/status)
	mask() { local m=$((0x$2)) n; for n in ${1//,/ }; do [ "$n" = 0 ] || m=$((m | 1 << (n - 1))); done; printf '%016x' "$m"; }
	for set in "10,15,28,35,63 1,12,13,17,22" "15 17" "1,2,3,15 0" "0 0"; do
		read -r blk ign <<<"$set"
		want="SigBlk: $(mask "$blk" 0) SigIgn: $(mask "$ign" "$inherited")"
		for mode in direct exec sub pid1; do
			case $mode in
			direct) run=("$T/sigexec" "$blk" "$ign" cat /proc/self/status) ;;
			exec) run=("$T/sigexec" "$blk" "$ign" "$UIDINIT" -n cat /proc/self/status) ;;
			sub) run=("$T/sigexec" "$blk" "$ign" "$UIDINIT" -n -s cat /proc/self/status) ;;
			pid1) run=("${NS[@]}" "$T/sigexec" "$blk" "$ign" "$UIDINIT" -n cat /proc/self/status) ;;
			esac
			got=$("${TO[@]}" "${run[@]}" | grep -E '^Sig(Blk|Ign):' | tr -s '\t\n' '  ' | sed 's/ $//')
			expect_eq "sigmask-$mode-$blk-$ign" "$want" "$got"
		done
	done
	# SIGCHLD ignored by whoever started uidinit: the status still comes back.
	expect_eq sigchld-ignored-sub 5 "$(status "${TO[@]}" "$T/sigexec" 0 17 "$UIDINIT" -n -s sh -c 'exit 5')"
	expect_eq sigchld-ignored-pid1 5 "$(status "${TO[@]}" "${NS[@]}" "$T/sigexec" 0 17 "$UIDINIT" -n sh -c 'exit 5')"
	expect_eq sigchld-blocked-sub 6 "$(status "${TO[@]}" "$T/sigexec" 17 0 "$UIDINIT" -n -s sh -c 'exit 6')"
else
	fail sigmask "cannot build the helper: $(cat "$T/err")"
fi

# ---- the exec hand-off keeps the PID; supervising does not ----
# The outer shell notes its PID and execs uidinit, which is then that PID.
pid_pair() { "${TO[@]}" sh -c 'echo $$; exec "$@"' sh "$UIDINIT" "$@" sh -c 'echo $$' | tr '\n' ' '; }
read -r a b <<<"$(pid_pair -n)"
expect_eq exec-keeps-pid "$a" "$b"
read -r a b <<<"$(pid_pair -n -s)"
if [ -n "$b" ] && [ "$a" != "$b" ]; then ok supervise-new-pid; else fail supervise-new-pid "[$a] [$b]"; fi
expect_eq x-pid1-execs 1 "$("${TO[@]}" "${NS[@]}" "$UIDINIT" -n -x sh -c 'echo $$')"
expect_eq pid1-supervises 2 "$("${TO[@]}" "${NS[@]}" "$UIDINIT" -n sh -c 'echo $$')"

# ---- the death line: the command died of a signal nobody forwarded ----
# One line, as a shell prints "Killed"; nothing when uidinit forwarded the
# signal (docker stop stays quiet).
printf 'int main(void) { return *(volatile int *)0; }\n' >"$T/segv.c"
gcc -o "$T/segv" "$T/segv.c" || fail death-build
for mode in sub pid1; do
	out=$T/death-$mode
	case $mode in
	sub) launch 1 "${TO[@]}" "$UIDINIT" -n -s sleep 30 2>"$out.err" ;;
	pid1) launch 2 "${TO[@]}" "${NS[@]}" "$UIDINIT" -n sleep 30 2>"$out.err" ;;
	esac
	c=$(child_of "$UPID")
	kill -KILL "$c"	# as the OOM killer would
	wait "$LPID"
	expect_eq "death-$mode-oom-status" 137 "$?"
	expect_eq "death-$mode-oom-line" "uidinit: sleep (pid $(if [ $mode = pid1 ]; then echo 2; else echo "$c"; fi)) killed by SIGKILL" "$(cat "$out.err")"
	run=("$UIDINIT" -n -s)
	[ "$mode" = pid1 ] && run=("${NS[@]}" "$UIDINIT" -n)
	st=$(status "${TO[@]}" sh -c 'ulimit -c 0; exec "$@"' sh "${run[@]}" "$T/segv" 2>"$out.err")
	expect_eq "death-$mode-segv-status" 139 "$st"
	check "death-$mode-segv-line" grep -qx "uidinit: $T/segv (pid [0-9]*) killed by SIGSEGV" "$out.err"
	expect_eq "death-$mode-segv-one-line" 1 "$(wc -l <"$out.err")"
	st=$(status "${TO[@]}" "${run[@]}" sh -c 'kill -ABRT $$' 2>"$out.err")
	expect_eq "death-$mode-abrt" "134 uidinit: sh (pid N) killed by SIGABRT" "$st $(sed 's/pid [0-9]*/pid N/' "$out.err")"
	# Forwarded: quiet.
	case $mode in
	sub) launch 1 "${TO[@]}" "$UIDINIT" -n -s sleep 30 2>"$out.err" ;;
	pid1) launch 2 "${TO[@]}" "${NS[@]}" "$UIDINIT" -n sleep 30 2>"$out.err" ;;
	esac
	child_of "$UPID" >/dev/null
	kill -TERM "$UPID"
	wait "$LPID"
	expect_eq "death-$mode-forwarded-quiet" "143 " "$? $(cat "$out.err")"
done

# ---- supervising, uidinit keeps no directory busy ----
# Started in a directory, uidinit moves to / once the child runs; the
# child keeps the directory it was given (dumb-init does the same).
mkdir -p "$T/workdir"
for mode in sub pid1; do
	out=$T/cwd-$mode
	case $mode in
	sub) launch 1 "${TO[@]}" env -C "$T/workdir" "$UIDINIT" -n -s sh -c 'pwd >"$1"; exec sleep 30' sh "$out" ;;
	pid1) launch 2 "${TO[@]}" "${NS[@]}" -- env -C "$T/workdir" "$UIDINIT" -n sh -c 'pwd >"$1"; exec sleep 30' sh "$out" ;;
	esac
	wait_for test -s "$out" || fail "cwd-$mode-start" "the child never started"
	# uidinit lets go once the child runs, which may be just after the
	# child wrote: wait for it (10 s; one that never does fails).
	# -ef (same file), not the link's text: in a chroot the kernel
	# spells the path from the real root.
	at_root() { [ "/proc/$UPID/cwd" -ef / ]; }
	if wait_for at_root; then ok "cwd-$mode-uidinit-at-root"; else
		fail "cwd-$mode-uidinit-at-root" "$(readlink "/proc/$UPID/cwd")"; fi
	expect_eq "cwd-$mode-child-keeps-its-own" "$T/workdir" "$(cat "$out")"
	c=$(child_of "$UPID")
	if [ "/proc/$c/cwd" -ef "$T/workdir" ]; then ok "cwd-$mode-child-cwd"; else
		fail "cwd-$mode-child-cwd" "$(readlink "/proc/$c/cwd")"; fi
	kill -TERM "$UPID"
	wait "$LPID"
done
# The exec hand-off: the command is uidinit's process, in the directory.
expect_eq cwd-exec-unchanged "$T/workdir" "$("${TO[@]}" env -C "$T/workdir" "$UIDINIT" -n pwd)"

# ---- the terminal ----
# Under script(1) the command's stdin is a tty.  The child, in its own
# group, must be the foreground group, or read gets SIGTTIN and stops it
# (the timeout then ends the test).  fg.sh: is my group the foreground one?
cat >"$T/fg.sh" <<'EOF'
read -r line </proc/$$/stat
set -- ${line##*) }
[ "$3" = "$6" ] && echo fg || echo bg
[ "$3" = $$ ] && echo own-group || echo shared-group
EOF
for mode in sub pid1; do
	case $mode in
	sub) cmd="$UIDINIT -n -s sh -c 'read x; echo got:\$x; exec sh $T/fg.sh'" ;;
	pid1) cmd="unshare --pid --fork --mount-proc $UIDINIT -n sh -c 'read x; echo got:\$x; exec sh $T/fg.sh'" ;;
	esac
	got=$(printf 'hello\n' | "${TO[@]}" script -qec "$cmd" /dev/null | tr -d '\r')
	st=$?
	expect_eq "tty-$mode-status" 0 "$st"
	check "tty-$mode-read" grep -qx 'got:hello' <<<"$got"
	check "tty-$mode-foreground" grep -qx fg <<<"$got"
	check "tty-$mode-own-group" grep -qx own-group <<<"$got"
done
# A uidinit started in the background by a job-control shell leaves the
# terminal to that shell.
got=$("${TO[@]}" script -qec "bash -c 'set -m; $UIDINIT -n -s sh $T/fg.sh & wait'" /dev/null </dev/null | tr -d '\r')
check tty-background-stays-background grep -qx bg <<<"$got"

# ---- job control outside PID 1: Ctrl-Z, jobs, fg ----
# In an interactive bash on a pty (tests/jobctl.py): Ctrl-Z stops the
# command and uidinit with it, so the prompt comes back and jobs says
# Stopped; fg resumes the command, which reads the terminal and ends with
# its own status; the shell has the terminal again afterwards.  Then the
# same started with &: reading the terminal stops it (SIGTTIN), and fg
# gives it the terminal.
for opt in -s -g; do
	got=$(timeout -k 2 60 python3 "$TOP/tests/jobctl.py" "$UIDINIT" "$opt")
	for what in prompt started prompt-after-ctrl-z jobs-stopped prompt-after-jobs \
		read-after-fg own-status shell-has-terminal bg-prompt bg-jobs-stopped \
		bg-prompt-after-jobs bg-read-after-fg bg-own-status; do
		check "jobctl$opt-$what" grep -qx "$what=True" <<<"$got"
	done
done

# ---- idle costs nothing: no wake-up in 2 s ----
for mode in sub pid1; do
	out=$T/idle-$mode
	case $mode in
	sub) launch 1 "${TO[@]}" "$UIDINIT" -n -s sh -c ': >"$1"; exec sleep 30' sh "$out" ;;
	pid1) launch 2 "${TO[@]}" "${NS[@]}" "$UIDINIT" -n sh -c ': >"$1"; exec sleep 30' sh "$out" ;;
	esac
	wait_for test -e "$out"
	# Settled in its wait: asleep in sigwaitinfo.
	wait_for grep -q sigtimedwait "/proc/$UPID/wchan" ||
		fail "idle-$mode-waits" "wchan [$(cat "/proc/$UPID/wchan")]"
	a=$(grep '^voluntary_ctxt_switches' "/proc/$UPID/status")
	sleep 2
	b=$(grep '^voluntary_ctxt_switches' "/proc/$UPID/status")
	expect_eq "idle-$mode-no-wakeup" "$a" "$b"
	kill -TERM "$UPID"
	wait "$LPID"
	expect_eq "idle-$mode-term-forwarded" 143 "$?"
done

finish
